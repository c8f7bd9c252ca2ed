//! ## What it does
//! Counts what each deployment (a Terraform root evaluated for one environment) creates per
//! region and checks it against the AWS quota in force: VPCs per region (`aws_vpc`,
//! `aws_default_vpc`), internet gateways per region, Elastic IP addresses per region (every
//! `aws_eip` but EC2-Classic ones; a NAT gateway's address is its `aws_eip`), NAT gateways per
//! availability zone (the zone of the subnet its `subnet_id` references), security groups per
//! region, and inbound and outbound rules per security group (inline `ingress`/`egress` blocks
//! and `aws_security_group_rule` / `aws_vpc_security_group_{ingress,egress}_rule` resources
//! attached to it, counted as AWS counts them: each CIDR block is a rule, IPv4 and IPv6 apart, a
//! referenced security group once for each).
//!
//! The region is the one the resource's provider configuration sets (through aliases and module
//! `providers` maps); resources whose provider sets none share "the provider's default region".
//! The quota is your value from `[quotas.aws]` in `tollgate.toml` (`"vpc/L-F678F1CE" = 10`),
//! else the AWS default of the quota table (`data/aws/quotas/`). The finding points at the first
//! resource, in address order, beyond the quota and names the quota, its code, the value used and
//! where it comes from, and the count. A count, region or zone that cannot be known makes the
//! result unknown unless the quota holds even in the worst case.
//!
//! ## Why is this bad?
//! AWS refuses to create what goes beyond a quota (`VpcLimitExceeded`,
//! `AddressLimitExceeded`, `RulesPerSecurityGroupLimitExceeded`): the apply stops half-way,
//! leaving a partial network, and a quota increase takes a support request and time.
//!
//! ## Example
//! ```hcl
//! provider "aws" { region = "eu-west-1" }
//!
//! resource "aws_vpc" "tenant" {
//!   for_each   = toset(["a", "b", "c", "d", "e", "f"])   # 6 VPCs: the default quota is 5
//!   cidr_block = "10.0.0.0/16"
//! }
//! ```
//!
//! ## Use instead
//! ```toml
//! # tollgate.toml, once Service Quotas has granted the increase
//! [quotas.aws]
//! "vpc/L-F678F1CE" = 10
//! ```

use crate::prelude::*;
use crate::support::aws_quota::{report, Scale};

pub const META: RuleMeta = RuleMeta {
    id: "TG410",
    slug: "aws-quota-network-per-region",
    title: "Network resources exceed an AWS quota",
    severity: Severity::High,
    category: Category::Quota,
    references: &["Amazon VPC quotas", "Service Quotas User Guide"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    report(ctx, out, Scale::Now, aws_counts::network(ctx));
}
