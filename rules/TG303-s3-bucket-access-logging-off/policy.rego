# METADATA
# title: S3 bucket does not log the requests made to it
# description: |
#   ## What it does
#   Flags an `aws_s3_bucket` that no `aws_s3_bucket_logging` configures (provider v4 and later)
#   and that has no inline `logging` block (provider v3). A bucket that receives the access logs of
#   other buckets (the `target_bucket` of an `aws_s3_bucket_logging`) is not flagged: logging its
#   own requests into itself would loop.
#
#   The rule follows the graph: the `configures` edge from each `aws_s3_bucket_logging` to its
#   bucket, and the `target_bucket` references to log buckets. When an `aws_s3_bucket_logging`
#   names its bucket with a value Tollgate cannot know, every bucket without logging is
#   reported as unknown: that resource may be the one that configures it.
#
#   ## Why is this bad?
#   Server access logs are the record of who read, wrote or deleted which object, from where and
#   with which credentials. Without them, a data leak through a leaked key or an over-broad bucket
#   policy cannot be scoped after the fact. CloudTrail data events are the alternative, but they
#   are off by default too. AWS Security Hub control S3.9 asks for server access logging on every
#   bucket.
#
#   ## Example
#   ```hcl
#   resource "aws_s3_bucket" "invoices" {
#     bucket = "acme-invoices-prod"
#   }
#   ```
#
#   ## Use instead
#   ```hcl
#   resource "aws_s3_bucket_logging" "invoices" {
#     bucket        = aws_s3_bucket.invoices.id
#     target_bucket = aws_s3_bucket.access_logs.id
#     target_prefix = "invoices/"
#   }
#   ```
# custom:
#   id: TG303
#   slug: s3-bucket-access-logging-off
#   severity: low
#   category: observability
#   resource_types: [aws_s3_bucket]
#   references: ["CWE-778", "AWS Security Hub S3.9", "Amazon S3 User Guide: Logging requests with server access logging"]
package tollgate.rules.s3_bucket_access_logging_off

import data.tollgate.lib
import rego.v1

deny contains result if {
	without_logging
	not some_logging_target_unknown
	result := {
		"msg": sprintf(
			"%s does not record server access logs; add an aws_s3_bucket_logging that sends them to a log bucket.",
			[input.address],
		),
		"path": ["bucket"],
	}
}

unknown contains result if {
	without_logging
	some logging in unresolved_logging
	result := {
		"msg": sprintf(
			"%s may not record server access logs: no logging configuration is attached to it, and %s names its bucket with a value Tollgate cannot know (%s); make sure this bucket's requests are logged.",
			[input.address, logging.address, lib.explain_unknown(logging.values.bucket)],
		),
		"path": ["bucket"],
	}
}

without_logging if {
	lib.is_terraform_resource(input, "aws_s3_bucket")
	count(lib.configured_by(input.id, "aws_s3_bucket_logging")) == 0
	count(object.get(input.values, "logging", [])) == 0
	not is_log_target
}

# Receives the access logs of a bucket.
is_log_target if count(lib.referenced_by(input.id, "aws_s3_bucket_logging", "target_bucket")) > 0

# Logging configurations whose bucket is not known, so they may configure any bucket.
unresolved_logging contains logging if {
	some logging in lib.resources_of_type("aws_s3_bucket_logging")
	lib.is_terraform_resource(logging, "aws_s3_bucket_logging")
	lib.is_unknown(logging.values.bucket)
	count(lib.outgoing(logging.id, "configures")) == 0
}

some_logging_target_unknown if count(unresolved_logging) > 0
