//! ## What it does
//! Adds up the vCPUs each deployment runs per region as deployed now: every `aws_instance`
//! (one machine), every `aws_autoscaling_group` (`desired_capacity`, else `min_size`, machines
//! of its launch template's or launch configuration's type) and every `aws_eks_node_group`
//! (`scaling_config.desired_size` machines of the largest of its `instance_types`, `t3.medium`
//! when none is named), with the vCPUs of each type from the spec table, on the quota of the
//! type's family as the quota names give it (Standard: A, C, D, H, I, M, R, T, Z; G and VT; P)
//! and market (Spot for `capacity_type = "SPOT"`, Spot market options or a launch
//! configuration's `spot_price`).
//!
//! AWS sets these quotas per account and adjusts them with usage, so Tollgate never assumes a
//! default: without your value in `tollgate.toml` (`[quotas.aws] "ec2/L-1216C47A" = 128`) the
//! result is unknown and says how many vCPUs the configuration needs now and at maximum scale.
//! With it, a total above the quota fails, pointing at the first resource in address order that
//! takes it past. A total that fits now but not at maximum scale is TG413's.
//!
//! ## Why is this bad?
//! EC2 refuses to launch instances beyond the vCPU quota (`VcpuLimitExceeded`): instances fail
//! to create, and Auto Scaling and EKS node groups stay below their desired size.
//!
//! ## Example
//! ```hcl
//! resource "aws_eks_node_group" "workers" {
//!   instance_types = ["m5.4xlarge"]   # 16 vCPUs each
//!   scaling_config {
//!     desired_size = 10               # 160 vCPUs against a quota of 128
//!     max_size     = 12
//!     min_size     = 3
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```toml
//! # tollgate.toml, once Service Quotas has granted the increase
//! [quotas.aws]
//! "ec2/L-1216C47A" = 256
//! ```

use crate::prelude::*;
use crate::support::aws_quota::{report, Scale};

pub const META: RuleMeta = RuleMeta {
    id: "TG412",
    slug: "aws-quota-ec2-vcpus-exceeded-now",
    title: "EC2 instances exceed the account's vCPU quota",
    severity: Severity::High,
    category: Category::Quota,
    references: &["Amazon EC2 On-Demand Instance quotas", "Amazon EC2 Spot Instance quotas"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    report(ctx, out, Scale::Now, aws_vcpus::vcpus(ctx));
}
