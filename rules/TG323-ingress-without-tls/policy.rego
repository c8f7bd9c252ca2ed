# METADATA
# title: Ingress serves its hosts without TLS
# description: |
#   ## What it does
#   Flags an Ingress (`networking.k8s.io`) that has no `spec.tls` section, and each host of its
#   `rules` that none of its `tls` entries covers. An Ingress for the AWS Load Balancer Controller
#   that names its certificates with the `alb.ingress.kubernetes.io/certificate-arn` annotation
#   (TLS ends at the ALB) is not flagged.
#
#   ## Why is this bad?
#   Without TLS the ingress controller serves the hosts over plain HTTP: credentials, session
#   cookies and personal data cross the network readable and alterable by anyone on the path,
#   and browsers mark the site as not secure. The Kubernetes Ingress documentation describes
#   securing an Ingress with a TLS Secret per host.
#
#   ## Example
#   ```yaml
#   apiVersion: networking.k8s.io/v1
#   kind: Ingress
#   metadata: {name: portal, namespace: web}
#   spec:
#     ingressClassName: nginx
#     rules:
#       - host: portal.example.com
#         http:
#           paths:
#             - {path: /, pathType: Prefix, backend: {service: {name: portal, port: {number: 80}}}}
#   ```
#
#   ## Use instead
#   ```yaml
#   spec:
#     ingressClassName: nginx
#     tls:
#       - hosts: [portal.example.com]
#         secretName: portal-tls
#     rules:
#       - host: portal.example.com
#         # ...
#   ```
# custom:
#   id: TG323
#   slug: ingress-without-tls
#   severity: medium
#   category: encryption
#   references: ["CWE-319", "Kubernetes documentation: Ingress (TLS)"]
package tollgate.rules.ingress_without_tls

import data.tollgate.lib
import rego.v1

deny contains result if {
	checked_ingress
	count(object.get(input.values.spec, "tls", [])) == 0
	result := {
		"msg": sprintf(
			"%s serves its hosts over plain HTTP; add a spec.tls entry with the hosts and a TLS Secret (secretName), or terminate TLS at the load balancer.",
			[input.address],
		),
		"path": ["spec"],
	}
}

deny contains result if {
	checked_ingress
	count(object.get(input.values.spec, "tls", [])) > 0
	some index, rule in object.get(input.values.spec, "rules", [])
	is_string(rule.host)
	not covered(rule.host)
	result := {
		"msg": sprintf(
			"%s serves host %s over plain HTTP: no spec.tls entry lists it; add it to the hosts of a tls entry with a certificate for it.",
			[input.address, rule.host],
		),
		"path": ["spec", "rules", index, "host"],
	}
}

checked_ingress if {
	lib.is_kubernetes(input, "Ingress")
	input.origin.group == "networking.k8s.io"
	not input.values.metadata.annotations["alb.ingress.kubernetes.io/certificate-arn"]
}

covered(host) if {
	some entry in input.values.spec.tls
	some tls_host in object.get(entry, "hosts", [])
	host_matches(tls_host, host)
}

host_matches(pattern, host) if pattern == host

# `*.example.com` covers exactly one label in front of `example.com`.
host_matches(pattern, host) if {
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
	not contains(trim_suffix(host, suffix), ".")
}
