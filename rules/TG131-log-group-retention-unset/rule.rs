//! ## What it does
//! Checks that every `aws_cloudwatch_log_group` sets a retention period (`retention_in_days`).
//! Without it, or with `0`, CloudWatch Logs keeps the events forever.
//!
//! ## Why is this bad?
//! Log storage is billed per GB-month, so logs kept forever cost more every month, for data
//! nobody reads after the retention your policies require. Keeping logs longer than needed also
//! keeps the personal data and secrets they accidentally contain, which data-protection rules
//! (GDPR storage limitation) ask you not to do. Choose a retention that matches your
//! investigation and compliance needs (often 90, 365 or 400 days) and archive to S3 beyond it.
//!
//! ## Example
//! ```hcl
//! resource "aws_cloudwatch_log_group" "api" {
//!   name = "/ecs/api"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_cloudwatch_log_group" "api" {
//!   name              = "/ecs/api"
//!   retention_in_days = 365
//! }
//! ```
//!
//! ## References
//! - [Change log data retention in CloudWatch Logs](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG131",
    slug: "log-group-retention-unset",
    title: "CloudWatch log group keeps its events forever",
    severity: Severity::Low,
    category: Category::Cost,
    references: &["AWS Well-Architected COST06-BP03"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, group) in ctx.tf_resources("aws_cloudwatch_log_group") {
        let subject = format!("Log group `{}`", group.name);
        let fix = "set `retention_in_days` to the period your investigation and compliance needs require (for \
                   example 365)";
        match int_attr(&group.body, &["retention_in_days"]) {
            Attr::Set(days, _) if days > 0 => {}
            Attr::Set(_, value) => out.fail(
                group,
                value.span,
                format!("{subject} keeps its events forever (`retention_in_days = 0`); {fix}."),
            ),
            Attr::Unset => out.fail(
                group,
                group.span,
                format!("{subject} keeps its events forever: `retention_in_days` is not set; {fix}."),
            ),
            Attr::Unknown(value) => out.unknown(
                group,
                value,
                format!("{subject} keeps its events forever if `retention_in_days` is 0; {fix}"),
            ),
        }
    }
}
