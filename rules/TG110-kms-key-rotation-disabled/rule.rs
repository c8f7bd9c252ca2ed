//! ## What it does
//! Checks that every symmetric encryption `aws_kms_key` (the default key spec and usage) turns on
//! automatic rotation with `enable_key_rotation = true`; the attribute defaults to false.
//! Asymmetric and HMAC keys (`customer_master_key_spec` other than `SYMMETRIC_DEFAULT`, or
//! `key_usage` other than `ENCRYPT_DECRYPT`) and keys in a custom key store are skipped: AWS KMS
//! cannot rotate them automatically.
//!
//! ## Why is this bad?
//! With rotation on, KMS creates new key material every year (or every `rotation_period_in_days`)
//! and keeps the old material to decrypt existing data, transparently for every user of the key.
//! Without it, one key material protects everything the key ever encrypted, for as long as the
//! key lives, and standards such as PCI DSS and the CIS AWS Foundations Benchmark ask for periodic
//! rotation.
//!
//! ## Example
//! ```hcl
//! resource "aws_kms_key" "data" {
//!   description = "Application data"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_kms_key" "data" {
//!   description         = "Application data"
//!   enable_key_rotation = true
//! }
//! ```
//!
//! ## References
//! - [Rotate AWS KMS keys](https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG110",
    slug: "kms-key-rotation-disabled",
    title: "KMS key does not rotate automatically",
    severity: Severity::Medium,
    category: Category::Encryption,
    references: &["CWE-320", "CIS AWS 3.6"],
    // Checkov CKV_AWS_7 "Ensure rotation for customer created CMKs is enabled"; Trivy AVD-AWS-0065
    // (aws-kms-auto-rotate-keys, "Configure KMS key to auto rotate").
    aliases: &["CKV_AWS_7", "AVD-AWS-0065", "aws-kms-auto-rotate-keys"],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, key) in ctx.tf_resources("aws_kms_key") {
        let subject = format!("KMS key `{}`", key.name);
        match kms::rotation(key) {
            kms::Rotation::On | kms::Rotation::NotApplicable => {}
            kms::Rotation::Off(Some(value)) => out.fail(
                key,
                value.span,
                format!("{subject} sets `enable_key_rotation = false`; set it to true so KMS rotates the key material."),
            ),
            kms::Rotation::Off(None) => out.fail(
                key,
                key.span,
                format!(
                    "{subject} does not rotate its key material (`enable_key_rotation` defaults to false); set \
                     `enable_key_rotation = true`."
                ),
            ),
            kms::Rotation::Unknown(value) => out.unknown(
                key,
                value,
                format!("{subject} rotates its key material only if it is a symmetric key with `enable_key_rotation = true`"),
            ),
        }
    }
}
