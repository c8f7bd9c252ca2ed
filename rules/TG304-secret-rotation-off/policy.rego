# METADATA
# title: Secrets Manager secret is never rotated
# description: |
#   ## What it does
#   Flags an `aws_secretsmanager_secret` that no `aws_secretsmanager_secret_rotation` rotates: the
#   rule follows the `secret_id` references from rotation resources to the secret. When a rotation
#   names its secret with a value Tollgate cannot know, a secret without rotation is reported as
#   unknown: that rotation may be its own.
#
#   ## Why is this bad?
#   A secret that never changes stays valid for as long as any copy of it exists: in an old
#   container image, a debug log, a laptop, a former employee's notes. Rotation bounds how long a
#   leaked value works. AWS Secrets Manager can rotate database and service credentials on a
#   schedule with a rotation function (or managed rotation for RDS, Redshift and DocumentDB);
#   AWS Security Hub control SecretsManager.1 asks for automatic rotation on every secret.
#
#   ## Example
#   ```hcl
#   resource "aws_secretsmanager_secret" "ledger_db" {
#     name = "prod/ledger/db"
#   }
#   ```
#
#   ## Use instead
#   ```hcl
#   resource "aws_secretsmanager_secret_rotation" "ledger_db" {
#     secret_id           = aws_secretsmanager_secret.ledger_db.id
#     rotation_lambda_arn = aws_lambda_function.rotate_postgres.arn
#     rotation_rules {
#       automatically_after_days = 30
#     }
#   }
#   ```
# custom:
#   id: TG304
#   slug: secret-rotation-off
#   severity: medium
#   category: least-privilege
#   resource_types: [aws_secretsmanager_secret]
#   references: ["CWE-324", "AWS Security Hub SecretsManager.1", "AWS Secrets Manager User Guide: Rotate secrets"]
package tollgate.rules.secret_rotation_off

import data.tollgate.lib
import rego.v1

deny contains result if {
	not_rotated
	count(unresolved_rotations) == 0
	result := {
		"msg": sprintf(
			"%s is never rotated, so a leaked value stays valid indefinitely; add an aws_secretsmanager_secret_rotation for it with rotation_rules.",
			[input.address],
		),
		"path": ["name"],
	}
}

unknown contains result if {
	not_rotated
	some rotation in unresolved_rotations
	result := {
		"msg": sprintf(
			"%s may never be rotated: no rotation refers to it, and %s names its secret with a value Tollgate cannot know (%s); make sure this secret is rotated.",
			[input.address, rotation.address, lib.explain_unknown(rotation.values.secret_id)],
		),
		"path": ["name"],
	}
}

not_rotated if {
	lib.is_terraform_resource(input, "aws_secretsmanager_secret")
	count(lib.referenced_by(input.id, "aws_secretsmanager_secret_rotation", "secret_id")) == 0
}

# Rotations whose secret is not known (not a reference to a secret of the configuration).
unresolved_rotations contains rotation if {
	some rotation in lib.resources_of_type("aws_secretsmanager_secret_rotation")
	lib.is_terraform_resource(rotation, "aws_secretsmanager_secret_rotation")
	lib.is_unknown(rotation.values.secret_id)
	count([r | some r in lib.outgoing(rotation.id, "reference"); r.type == "aws_secretsmanager_secret"]) == 0
}
