//! ## What it does
//! Counts what each deployment (a Terraform root evaluated for one environment) creates per
//! region and checks it against the AWS quota in force: Application and Network Load Balancers
//! (`aws_lb`/`aws_alb` by `load_balancer_type`), EKS clusters, managed node groups per cluster
//! (the `aws_eks_cluster` its `cluster_name` references), nodes per managed node group
//! (`scaling_config.desired_size`), RDS DB instances (`aws_db_instance`,
//! `aws_rds_cluster_instance`, and DocumentDB and Neptune instances, which share the quota) and
//! ElastiCache nodes (a cluster's `num_cache_nodes`; a replication group's
//! `num_cache_clusters`, or shards x (replicas + 1) in cluster mode).
//!
//! The region is the one the resource's provider configuration sets; resources whose provider
//! sets none share "the provider's default region". The quota is your value from `[quotas.aws]`
//! in `tollgate.toml` (quotas without a code are keyed by name: `"eks/Clusters" = 150`), else the
//! AWS default of the quota table. The finding points at the first resource, in address order,
//! beyond the quota. Node groups beyond the node quota only at `max_size` are TG413's.
//!
//! ## Why is this bad?
//! AWS refuses what goes beyond a quota: the apply fails on the first resource past it, and the
//! rest of the change waits for a quota increase.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "tenant" {
//!   count          = 45   # the default quota is 40 DB instances per region
//!   instance_class = "db.t3.micro"
//!   engine         = "postgres"
//! }
//! ```
//!
//! ## Use instead
//! ```toml
//! # tollgate.toml, once Service Quotas has granted the increase
//! [quotas.aws]
//! "rds/DB instances" = 60
//! ```

use crate::prelude::*;
use crate::support::aws_quota::{report, Scale};

pub const META: RuleMeta = RuleMeta {
    id: "TG411",
    slug: "aws-quota-services-per-region",
    title: "Load balancers, EKS, RDS or ElastiCache exceed an AWS quota",
    severity: Severity::High,
    category: Category::Quota,
    references: &["Elastic Load Balancing quotas", "Amazon EKS service quotas", "Amazon RDS quotas", "Amazon ElastiCache quotas"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    report(ctx, out, Scale::Now, aws_counts::services(ctx));
}
