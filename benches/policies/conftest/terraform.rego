# Conftest-style Terraform checks over HCL converted to JSON (input = one .tf file; a
# single block is an object, as current Conftest converts it).
package main

import rego.v1

deny_s3_acl contains msg if {
	some name, bucket in input.resource.aws_s3_bucket
	bucket.acl == "public-read"
	msg := sprintf("aws_s3_bucket.%s is public-read", [name])
}

warn_instance_type contains msg if {
	some name, db in input.resource.aws_db_instance
	startswith(db.instance_class, "db.r")
	msg := sprintf("aws_db_instance.%s uses a memory-optimised class %s: check the budget", [name, db.instance_class])
}

deny_security_group contains msg if {
	some name, rule in input.resource.aws_security_group_rule
	rule.type == "ingress"
	"0.0.0.0/0" in rule.cidr_blocks
	rule.from_port <= 22
	rule.to_port >= 22
	msg := sprintf("aws_security_group_rule.%s opens SSH to the internet", [name])
}
