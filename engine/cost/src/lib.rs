//! What the graph costs a month, resource by resource, now (desired sizes) and at maximum scale
//! (node group and ASG `max_size`, HPA `maxReplicas`), from the price list of `tollgate-pricing`.
//!
//! [`estimate`] walks the graph once and returns an [`Estimate`]: one [`CostLine`] per priced
//! Terraform resource instance (count, for_each, modules and environments are already expanded
//! by the loader) and per Kubernetes workload, each made of [`Component`]s (instance hours,
//! storage GB-months, ...) with a quantity, a unit price and its source. A price the table lacks
//! is never guessed: the component is [`Price::Unpriced`] with the reason, and totals count it.
//! A quantity that cannot be resolved (an unknown `desired_size`) is [`Quantity::Unknown`].
//!
//! Terraform models (`terraform/`, one file per service, each documented in `MODELS.md`): EC2
//! instances, autoscaling groups with their launch templates, EKS clusters and node groups, RDS
//! instances and clusters, ElastiCache, Amazon MQ, NAT gateways, load balancers, EBS volumes and
//! Elastic IPs, priced in the region of the provider configuration each instance uses (else the
//! configured default). S3 buckets, Lambda functions and the usage part of NAT gateways, load
//! balancers and brokers are priced from the [`Usage`] file (TOML keyed by resource address,
//! [`Usage::parse`]); without an entry they are listed as [`UsageBased`], never in a total.
//!
//! Kubernetes lines are an *allocation* of node cost to workloads (their requests priced per
//! vCPU-hour and GiB-hour): they are part of the node groups' cost, so totals never add them
//! ([`CostLine::allocated`]); budgets per namespace read them.
//!
//! ```no_run
//! use tollgate_cost::{estimate, CostSettings};
//! # fn graph() -> tollgate_model::Graph { unimplemented!() }
//! let estimate = estimate(&graph(), &CostSettings::default());
//! let total = estimate.total(|_| true);
//! println!("{} now, {} at max, {} unpriced", total.now, total.at_max, total.unpriced);
//! ```

pub mod diff;
mod estimate;
pub mod json;
mod kubernetes;
pub mod region;
pub mod snapshot;
mod terraform;
mod usage;
pub mod view;

pub use diff::{Change, CostDiff, LineDelta};
pub use estimate::{
    Amount, Component, CostLine, CostScope, Estimate, LineKind, NamespaceCost, Price, Quantity, QuotaCost, Total,
    UsageBased,
};
pub use kubernetes::KubernetesRates;
pub use snapshot::{CostSnapshot, SnapshotLine};
pub use tollgate_pricing::{format_usd, Decimal, Money};
pub use usage::{Usage, UsageEntry};
pub use view::{CostView, LineView, Location, NamespaceView, UsageView};

use tollgate_model::Graph;
use tollgate_pricing::{InstanceSpecs, PriceList};

/// What an estimate needs besides the graph.
#[derive(Debug, Clone)]
pub struct CostSettings<'a> {
    /// The region of resources whose provider configuration names none (`tollgate.toml`
    /// `[cost] region`, `--region`).
    pub default_region: Option<String>,
    pub prices: &'a PriceList,
    pub specs: &'a InstanceSpecs,
    /// Monthly usage of usage-priced resources (the usage file).
    pub usage: Usage,
    /// Kubernetes rates when the graph has no node group to derive them from.
    pub kubernetes: KubernetesRates,
}

impl Default for CostSettings<'static> {
    fn default() -> Self {
        CostSettings {
            default_region: None,
            prices: PriceList::embedded(),
            specs: InstanceSpecs::embedded(),
            usage: Usage::default(),
            kubernetes: KubernetesRates::default(),
        }
    }
}

/// Prices every resource of the graph.
pub fn estimate(graph: &Graph, settings: &CostSettings<'_>) -> Estimate {
    let (mut lines, usage_based) = terraform::lines(graph, settings);
    let (kubernetes, notes) = kubernetes::lines(graph, settings, &lines);
    let namespaces = kubernetes::namespaces(graph, &kubernetes);
    lines.extend(kubernetes);
    Estimate { lines, usage_based, notes, namespaces }
}
