//! ## What it does
//! Checks that every `aws_cloudtrail` trail turns on log file integrity validation
//! (`enable_log_file_validation = true`). The argument defaults to false, so a trail that does
//! not set it is reported.
//!
//! ## Why is this bad?
//! With validation on, CloudTrail writes a signed digest file every hour that lets you prove
//! whether a log file was modified, deleted or left unchanged after CloudTrail delivered it.
//! Without it, an attacker who reaches the log bucket can rewrite or remove the records of what
//! they did, and nobody can tell.
//!
//! ## Example
//! ```hcl
//! resource "aws_cloudtrail" "main" {
//!   name           = "main"
//!   s3_bucket_name = "acme-cloudtrail"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_cloudtrail" "main" {
//!   name                       = "main"
//!   s3_bucket_name             = "acme-cloudtrail"
//!   enable_log_file_validation = true
//! }
//! ```
//!
//! ## References
//! - [Validating CloudTrail log file integrity](https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG122",
    slug: "cloudtrail-log-validation-off",
    title: "CloudTrail trail does not validate its log files",
    severity: Severity::Medium,
    category: Category::Observability,
    references: &["CWE-354", "CIS AWS 3.2"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expect = expect::Expect {
        noun: "CloudTrail trail",
        path: &["enable_log_file_validation"],
        problem: "does not write signed digests of its log files, so tampering with them cannot be detected",
        fix: "set `enable_log_file_validation = true`",
    };
    for (_, trail) in ctx.tf_resources("aws_cloudtrail") {
        expect.require_true(out, trail, false);
    }
}
