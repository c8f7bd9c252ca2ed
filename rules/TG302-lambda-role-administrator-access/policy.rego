# METADATA
# title: Lambda function runs with an administrator-level AWS managed policy
# description: |
#   ## What it does
#   Follows each `aws_lambda_function` to the IAM role in its `role` and flags the function when
#   that role has `AdministratorAccess`, `PowerUserAccess` or `IAMFullAccess` (AWS managed
#   policies, in any partition) attached — by an `aws_iam_role_policy_attachment` or by the role's
#   own `managed_policy_arns`.
#
#   Roles that are not defined in the scanned configuration are not checked.
#
#   ## Why is this bad?
#   A function's execution role is what every line of its code, and every dependency it bundles,
#   can do in the account. A function exposed to events from outside (an API, a queue, an S3
#   upload) that holds `AdministratorAccess` turns any code-injection or dependency compromise
#   into control of the whole account; `PowerUserAccess` still reaches every service but IAM, and
#   `IAMFullAccess` can grant itself everything else. The AWS Lambda documentation asks for an
#   execution role with only the permissions the function needs.
#
#   ## Example
#   ```hcl
#   resource "aws_iam_role_policy_attachment" "thumbnailer_admin" {
#     role       = aws_iam_role.thumbnailer.name
#     policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
#   }
#
#   resource "aws_lambda_function" "thumbnailer" {
#     function_name = "thumbnailer"
#     role          = aws_iam_role.thumbnailer.arn
#     # ...
#   }
#   ```
#
#   ## Use instead
#   Attach the basic execution policy and a policy granting exactly what the function does:
#   ```hcl
#   resource "aws_iam_role_policy_attachment" "thumbnailer_logs" {
#     role       = aws_iam_role.thumbnailer.name
#     policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
#   }
#
#   resource "aws_iam_role_policy" "thumbnailer_images" {
#     role = aws_iam_role.thumbnailer.id
#     policy = jsonencode({
#       Version   = "2012-10-17"
#       Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::images/*" }]
#     })
#   }
#   ```
# custom:
#   id: TG302
#   slug: lambda-role-administrator-access
#   severity: high
#   category: least-privilege
#   resource_types: [aws_lambda_function]
#   references: ["CWE-250", "AWS Lambda Developer Guide: Defining Lambda function permissions with an execution role"]
package tollgate.rules.lambda_role_administrator_access

import data.tollgate.lib
import rego.v1

# AWS managed policies that give a function (nearly) the whole account, in every partition.
broad_policy(arn) if regex.match(`^arn:aws[a-z-]*:iam::aws:policy/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$`, arn)

deny contains result if {
	some grant in grants
	is_string(grant.policy_arn)
	broad_policy(grant.policy_arn)
	result := {
		"msg": sprintf(
			"%s runs as %s, which has %s attached (%s); give the function a role with only the actions and resources it uses.",
			[input.address, grant.role, policy_name(grant.policy_arn), grant.how],
		),
		"path": ["role"],
	}
}

unknown contains result if {
	some grant in grants
	lib.is_unknown(grant.policy_arn)
	# A policy defined in the configuration is resolved by an edge; its document is checked by other rules.
	not grant.defined_in_config
	result := {
		"msg": sprintf(
			"%s may run with an administrator-level policy: %s attaches a policy to %s whose ARN Tollgate cannot know (%s); make sure it is not AdministratorAccess, PowerUserAccess or IAMFullAccess.",
			[input.address, grant.how, grant.role, lib.explain_unknown(grant.policy_arn)],
		),
		"path": ["role"],
	}
}

# Every policy attached to the function's role: `{"role", "policy_arn", "how", "defined_in_config"}`.
grants contains grant if {
	some role in execution_roles
	some attachment in lib.incoming(role.id, "attached-to")
	attachment.type == "aws_iam_role_policy_attachment"
	grant := {
		"role": role.address,
		"policy_arn": attachment.values.policy_arn,
		"how": attachment.address,
		"defined_in_config": count(lib.outgoing(attachment.id, "attaches-policy")) > 0,
	}
}

grants contains grant if {
	some role in execution_roles
	some arn in object.get(role.values, "managed_policy_arns", [])
	grant := {
		"role": role.address,
		"policy_arn": arn,
		"how": sprintf("managed_policy_arns of %s", [role.address]),
		"defined_in_config": false,
	}
}

execution_roles contains role if {
	lib.is_terraform_resource(input, "aws_lambda_function")
	some role in lib.references(input.id, "role")
	role.type == "aws_iam_role"
}

policy_name(arn) := name if {
	parts := split(arn, "/")
	name := parts[count(parts) - 1]
}
