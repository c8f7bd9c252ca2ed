# METADATA
# title: Application Load Balancer forwards invalid HTTP headers
# description: |
#   ## What it does
#   Flags an application load balancer (`aws_lb` or `aws_alb` whose `load_balancer_type` is
#   `application`, the default) that does not set `drop_invalid_header_fields = true`. The
#   attribute is false when left out.
#
#   ## Why is this bad?
#   By default an ALB passes on header fields whose names are not valid HTTP tokens. Back ends
#   and proxies disagree on how to read such headers, and that disagreement is what HTTP request
#   smuggling and header-injection attacks exploit: a request the load balancer sees as one is read
#   by the target as two, or a forged header slips past a check. The Elastic Load Balancing
#   documentation describes the setting; AWS Security Hub control ELB.4 asks for it on every ALB.
#
#   ## Example
#   ```hcl
#   resource "aws_lb" "storefront" {
#     name               = "storefront"
#     load_balancer_type = "application"
#     subnets            = var.public_subnet_ids
#   }
#   ```
#
#   ## Use instead
#   ```hcl
#   resource "aws_lb" "storefront" {
#     name                       = "storefront"
#     load_balancer_type         = "application"
#     subnets                    = var.public_subnet_ids
#     drop_invalid_header_fields = true
#   }
#   ```
# custom:
#   id: TG305
#   slug: alb-invalid-headers-kept
#   severity: medium
#   category: network
#   resource_types: [aws_lb, aws_alb]
#   references: ["CWE-444", "AWS Security Hub ELB.4", "Elastic Load Balancing: Application Load Balancer attributes"]
package tollgate.rules.alb_invalid_headers_kept

import data.tollgate.lib
import rego.v1

fix := "set drop_invalid_header_fields = true so the load balancer removes header fields that are not valid HTTP"

deny contains result if {
	application_load_balancer == "yes"
	not lib.is_unknown(drop_setting)
	drop_setting != true
	result := {
		"msg": sprintf("%s forwards invalid HTTP header fields to its targets; %s.", [input.address, fix]),
		"path": setting_path,
	}
}

unknown contains result if {
	application_load_balancer
	some key, when_unset in {"drop_invalid_header_fields": false, "load_balancer_type": "application"}
	value := object.get(input.values, key, when_unset)
	lib.is_unknown(value)
	result := {
		"msg": sprintf("%s may forward invalid HTTP header fields: `%s` is unknown (%s); %s.", [input.address, key, lib.explain_unknown(value), fix]),
		"path": [key],
	}
}

drop_setting := object.get(input.values, "drop_invalid_header_fields", false)

setting_path := ["drop_invalid_header_fields"] if "drop_invalid_header_fields" in object.keys(input.values) else := ["name"]

application_load_balancer := state if {
	some type in ["aws_lb", "aws_alb"]
	lib.is_terraform_resource(input, type)
	lb_type := object.get(input.values, "load_balancer_type", "application")
	state := load_balancer_state(lb_type)
}

load_balancer_state(lb_type) := "yes" if lb_type == "application"

load_balancer_state(lb_type) := "unknown" if lib.is_unknown(lb_type)
