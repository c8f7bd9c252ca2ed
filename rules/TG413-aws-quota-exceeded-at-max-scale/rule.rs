//! ## What it does
//! Projects the AWS quotas of TG410, TG411 and TG412 at maximum scale: Auto Scaling groups and
//! EKS managed node groups at their `max_size`. A quota that holds as deployed now but not at
//! maximum scale (the EC2 vCPU quotas, nodes per managed node group) is reported on the first
//! resource, in address order, that takes the total past it. Quotas already exceeded (or
//! unknown) now are left to those rules, and so are the vCPU quotas without your value in
//! `[quotas.aws]`, whose unknown result TG412 gives with the figure needed at maximum scale.
//!
//! ## Why is this bad?
//! The first apply succeeds, and the failure waits for the day traffic peaks: the autoscaler
//! asks for more machines, EC2 refuses them (`VcpuLimitExceeded`), and the capacity the scaling
//! policy promised never arrives.
//!
//! ## Example
//! ```hcl
//! resource "aws_autoscaling_group" "web" {
//!   min_size = 2
//!   max_size = 40          # 40 x c5.xlarge = 160 vCPUs at peak; the quota is 64
//!   launch_template {
//!     id = aws_launch_template.web.id
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_autoscaling_group" "web" {
//!   min_size = 2
//!   max_size = 16          # or raise the quota and set it in [quotas.aws]
//! }
//! ```

use crate::prelude::*;
use crate::support::aws_quota::{report, Scale};

pub const META: RuleMeta = RuleMeta {
    id: "TG413",
    slug: "aws-quota-exceeded-at-max-scale",
    title: "An AWS quota is exceeded at maximum scale",
    severity: Severity::Medium,
    category: Category::Quota,
    references: &["Amazon EC2 On-Demand Instance quotas", "Amazon EKS service quotas"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let mut contributions = aws_vcpus::vcpus(ctx);
    contributions.extend(aws_counts::services(ctx));
    contributions.extend(aws_counts::network(ctx));
    report(ctx, out, Scale::AtMax, contributions);
}
