# METADATA
# title: CloudFront distribution accepts viewers on TLS versions older than 1.2
# description: |
#   ## What it does
#   Flags an `aws_cloudfront_distribution` whose `viewer_certificate` lets viewers connect with
#   SSLv3, TLS 1.0 or TLS 1.1: a `minimum_protocol_version` of `SSLv3`, `TLSv1`, `TLSv1_2016` or
#   `TLSv1.1_2016`, or none (the provider then sends `TLSv1`), or the default `*.cloudfront.net`
#   certificate (`cloudfront_default_certificate = true`), for which CloudFront always uses the
#   `TLSv1` security policy.
#
#   ## Why is this bad?
#   TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on SHA-1 and older cipher constructions
#   and are open to downgrade attacks; PCI DSS no longer accepts them for cardholder data. A
#   distribution that still accepts them lets an attacker who can force a downgrade read or alter
#   traffic between viewers and the edge. Every current browser and HTTP client speaks TLS 1.2.
#   The CloudFront Developer Guide lists the protocols and ciphers of each security policy;
#   `TLSv1.2_2021` is the one it recommends.
#
#   ## Example
#   ```hcl
#   resource "aws_cloudfront_distribution" "docs" {
#     # ...
#     viewer_certificate {
#       cloudfront_default_certificate = true
#     }
#   }
#   ```
#
#   ## Use instead
#   Serve an ACM certificate (issued in us-east-1) with a TLS 1.2 security policy:
#   ```hcl
#   viewer_certificate {
#     acm_certificate_arn      = aws_acm_certificate.docs.arn
#     ssl_support_method       = "sni-only"
#     minimum_protocol_version = "TLSv1.2_2021"
#   }
#   ```
# custom:
#   id: TG306
#   slug: cloudfront-outdated-tls
#   severity: medium
#   category: encryption
#   resource_types: [aws_cloudfront_distribution]
#   references: ["CWE-326", "RFC 8996", "Amazon CloudFront Developer Guide: Supported protocols and ciphers between viewers and CloudFront"]
package tollgate.rules.cloudfront_outdated_tls

import data.tollgate.lib
import rego.v1

outdated_policies := {"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"}

fix := "serve an ACM certificate with minimum_protocol_version = \"TLSv1.2_2021\""

deny contains result if {
	some index, certificate in certificates
	certificate.cloudfront_default_certificate == true
	result := {
		"msg": sprintf(
			"%s uses the default *.cloudfront.net certificate, for which CloudFront accepts TLS 1.0; %s.",
			[input.address, fix],
		),
		"path": ["viewer_certificate", index, "cloudfront_default_certificate"],
	}
}

deny contains result if {
	some index, certificate in certificates
	not certificate.cloudfront_default_certificate == true
	version := object.get(certificate, "minimum_protocol_version", "TLSv1")
	version in outdated_policies
	result := {
		"msg": sprintf(
			"%s accepts viewers on TLS versions older than 1.2 (security policy %s); %s.",
			[input.address, version, fix],
		),
		"path": ["viewer_certificate", index, "minimum_protocol_version"],
	}
}

unknown contains result if {
	some index, certificate in certificates
	some key in ["cloudfront_default_certificate", "minimum_protocol_version"]
	lib.is_unknown(certificate[key])
	result := {
		"msg": sprintf(
			"%s may accept viewers on TLS versions older than 1.2: viewer_certificate.%s is unknown (%s); %s.",
			[input.address, key, lib.explain_unknown(certificate[key]), fix],
		),
		"path": ["viewer_certificate", index, key],
	}
}

certificates := certificate_blocks if {
	lib.is_terraform_resource(input, "aws_cloudfront_distribution")
	certificate_blocks := [c | some c in object.get(input.values, "viewer_certificate", []); is_object(c); not lib.is_unknown(c)]
}
