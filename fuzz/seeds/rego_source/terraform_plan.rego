package main

import rego.v1

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket"
	"create" in rc.change.actions
	not rc.change.after.tags.owner
	msg := {"msg": sprintf("%s has no owner tag", [rc.address]), "resource": rc.address}
}
----
{"format_version": "1.2", "resource_changes": [{"address": "aws_s3_bucket.logs", "type": "aws_s3_bucket", "name": "logs", "change": {"actions": ["create"], "after": {"bucket": "logs", "tags": {}}}}]}
