//! ## What it does
//! Checks that every `aws_cloudtrail` trail records events from all regions
//! (`is_multi_region_trail = true`). The argument defaults to false: such a trail records only the
//! region its provider is configured for.
//!
//! ## Why is this bad?
//! Activity in the regions a single-region trail does not cover goes unrecorded: an attacker who
//! launches instances or creates access keys through another region's endpoint leaves no trace in
//! the trail. A multi-region trail also covers regions AWS adds later and records global service
//! events (IAM, STS, CloudFront) once.
//!
//! ## Example
//! ```hcl
//! resource "aws_cloudtrail" "main" {
//!   name                       = "main"
//!   s3_bucket_name             = "acme-cloudtrail"
//!   enable_log_file_validation = true
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_cloudtrail" "main" {
//!   name                       = "main"
//!   s3_bucket_name             = "acme-cloudtrail"
//!   enable_log_file_validation = true
//!   is_multi_region_trail      = true
//! }
//! ```
//!
//! ## References
//! - [Working with CloudTrail trails: multi-region trails](https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-regional-and-multi-region-trails)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG123",
    slug: "cloudtrail-single-region",
    title: "CloudTrail trail records only one region",
    severity: Severity::Medium,
    category: Category::Observability,
    references: &["CWE-778", "CIS AWS 3.1"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expect = expect::Expect {
        noun: "CloudTrail trail",
        path: &["is_multi_region_trail"],
        problem: "records API activity in one region only",
        fix: "set `is_multi_region_trail = true` so activity in every region is recorded",
    };
    for (_, trail) in ctx.tf_resources("aws_cloudtrail") {
        expect.require_true(out, trail, false);
    }
}
