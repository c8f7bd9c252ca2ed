//! ## What it does
//! Checks that every `aws_efs_file_system` is encrypted at rest (`encrypted = true`). The
//! argument defaults to false: the console encrypts new file systems by default, the API and
//! Terraform do not.
//!
//! ## Why is this bad?
//! An unencrypted file system stores its files, and the backups made of it, in clear text. EFS
//! encryption at rest cannot be turned on later: the data must be copied to a new, encrypted file
//! system. Encryption uses KMS (`kms_key_id`, or the AWS managed `aws/elasticfilesystem` key) and
//! costs nothing in throughput.
//!
//! ## Example
//! ```hcl
//! resource "aws_efs_file_system" "shared" {
//!   creation_token = "shared"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_efs_file_system" "shared" {
//!   creation_token = "shared"
//!   encrypted      = true
//!   kms_key_id     = aws_kms_key.storage.arn
//! }
//! ```
//!
//! ## References
//! - [Encrypting data at rest in Amazon EFS](https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG129",
    slug: "efs-unencrypted",
    title: "EFS file system is not encrypted at rest",
    severity: Severity::High,
    category: Category::Encryption,
    references: &["CWE-311", "CIS AWS 2.4.1"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expect = expect::Expect {
        noun: "EFS file system",
        path: &["encrypted"],
        problem: "stores its files unencrypted",
        fix: "set `encrypted = true` (which replaces the file system: copy the data to the new one)",
    };
    for (_, fs) in ctx.tf_resources("aws_efs_file_system") {
        expect.require_true(out, fs, false);
    }
}
