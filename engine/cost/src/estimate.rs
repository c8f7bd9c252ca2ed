//! The shape of an estimate: lines, their components, quantities and prices, and totals.

use std::collections::BTreeMap;
use tollgate_model::{ResourceId, Span};
use tollgate_pricing::{Decimal, Money};

/// Every priced resource of a graph.
#[derive(Debug, Clone, Default)]
pub struct Estimate {
    /// In report order: Terraform lines by root, environment and address, then Kubernetes lines.
    pub lines: Vec<CostLine>,
    /// Resources whose cost depends on usage the configuration does not state and no usage file
    /// gives (`aws_s3_bucket`, `aws_lambda_function`, data transfer): listed, not included.
    pub usage_based: Vec<UsageBased>,
    /// How Kubernetes requests were priced (per vCPU-hour and GiB-hour), one entry per cluster
    /// or values set whose node groups were found; notes for reports.
    pub notes: Vec<String>,
    /// What each Kubernetes namespace's workloads reserve (per cluster and values set), and
    /// what its ResourceQuota lets it reserve at most.
    pub namespaces: Vec<NamespaceCost>,
}

/// The allocated cost of one namespace's workloads in one cluster and values set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceCost {
    pub cluster: Option<String>,
    /// `None` for workloads whose manifests name no namespace.
    pub namespace: Option<String>,
    /// The Helm values set of its rendered workloads (`None`: plain manifests).
    pub values_set: Option<String>,
    /// Its workloads' allocated lines, summed now and at maximum scale.
    pub allocated: Total,
    /// Its ResourceQuota's hard requests, when one sets `requests.cpu` or `requests.memory`.
    pub quota: Option<QuotaCost>,
}

/// What a namespace's ResourceQuota lets its workloads reserve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaCost {
    /// The ResourceQuota (the smallest hard figure wins when several apply).
    pub address: String,
    pub span: Span,
    /// `requests.cpu` (or `cpu`) in cores; `None` when no quota sets a known one.
    pub cpu_cores: Option<Decimal>,
    /// `requests.memory` (or `memory`) in GiB; `None` when no quota sets a known one.
    pub memory_gib: Option<Decimal>,
    /// The monthly cost of the hard requests: the most the namespace can reserve.
    pub monthly: Amount,
    /// Whether the requests at maximum scale exceed a hard request (the API server would
    /// refuse the pods beyond it, so the at-max figure is capped).
    pub capped_at_max: bool,
    /// The at-max figure with each capped resource held at its hard request.
    pub at_max_within_quota: Amount,
}

/// A resource left out of the totals because its cost is usage-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageBased {
    pub resource: ResourceId,
    pub address: String,
    pub resource_type: String,
    pub span: Span,
    pub scope: CostScope,
    /// What it would need (`monthly GB stored and requests in the usage file`).
    pub reason: String,
}

/// Whether a line comes from Terraform (what AWS bills) or Kubernetes (an allocation of node cost).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineKind {
    Terraform,
    Kubernetes,
}

/// Who a line belongs to, for budgets per scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CostScope {
    /// The AWS region it is priced in; `None` when unresolved (then every component is unpriced).
    pub region: Option<String>,
    /// The Terraform environment, or the Helm values set of a rendered workload.
    pub environment: Option<String>,
    /// The Terraform root module directory.
    pub root: Option<String>,
    /// The module instance path (`module.eks`, empty for the root module).
    pub module_path: String,
    /// The resource's tags as AWS sees them (`tags_all`: provider default tags included) when
    /// known, else its Kubernetes labels.
    pub tags: BTreeMap<String, String>,
    /// The Kubernetes namespace.
    pub namespace: Option<String>,
}

/// One resource instance and what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostLine {
    pub resource: ResourceId,
    /// Full address (`module.eks.aws_eks_node_group.general["a"]`, `Deployment/shop/api@prod`).
    pub address: String,
    /// `aws_eks_node_group`, `Deployment`.
    pub resource_type: String,
    pub kind: LineKind,
    /// The block or document (each line of the cost report points at it).
    pub span: Span,
    pub scope: CostScope,
    pub components: Vec<Component>,
    /// Part of another line's cost (Kubernetes requests run on priced nodes): shown, never
    /// added to totals.
    pub allocated: bool,
}

/// One billed dimension of a resource: instance hours, storage, provisioned IOPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// `Instance usage (Linux, on-demand, t3.large)`, `Storage (gp3)`.
    pub name: String,
    /// The unit of the quantity and price (`hour`, `GB-month`, `vCPU-hour`).
    pub unit: String,
    /// Units a month now (desired size) and at maximum scale.
    pub quantity: Quantity,
    pub price: Price,
    /// Where the quantity was written (an attribute), when not the block itself.
    pub span: Option<Span>,
}

/// Units a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quantity {
    /// Known now and at maximum scale (equal when nothing scales).
    Known { now: Decimal, at_max: Decimal },
    /// Not resolvable from the configuration (the value and why).
    Unknown { reason: String },
}

/// The unit price of a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Price {
    /// From the price table (or the user's price file), with the row's source.
    Priced { usd_per_unit: Decimal, source: String },
    /// Not in the table: what was looked up and why there is no figure.
    Unpriced { reason: String },
}

/// A monthly amount that may be missing (an unpriced component or unknown quantity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    Known(Money),
    /// Why there is no figure.
    Missing(String),
}

impl Quantity {
    /// A quantity that does not scale.
    pub fn fixed(units: Decimal) -> Quantity {
        Quantity::Known { now: units, at_max: units }
    }
}

impl Component {
    /// The monthly cost now (`at_max == false`) or at maximum scale.
    pub fn monthly(&self, at_max: bool) -> Amount {
        match (&self.quantity, &self.price) {
            (Quantity::Known { now, at_max: max }, Price::Priced { usd_per_unit, .. }) => {
                let units = if at_max { *max } else { *now };
                Amount::Known(Money::usd(*usd_per_unit).times(units))
            }
            (_, Price::Unpriced { reason }) => Amount::Missing(reason.clone()),
            (Quantity::Unknown { reason }, _) => Amount::Missing(reason.clone()),
        }
    }
}

impl CostLine {
    /// The line's monthly cost: the sum of its priced components, and whether any is missing.
    pub fn monthly(&self, at_max: bool) -> (Money, usize) {
        let mut sum = Money::ZERO;
        let mut missing = 0;
        for component in &self.components {
            match component.monthly(at_max) {
                Amount::Known(money) => sum += money,
                Amount::Missing(_) => missing += 1,
            }
        }
        (sum, missing)
    }

    /// Whether every component has a figure.
    pub fn complete(&self) -> bool {
        self.monthly(false).1 == 0 && self.monthly(true).1 == 0
    }
}

/// A sum over lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Total {
    pub now: Money,
    pub at_max: Money,
    /// Lines summed.
    pub lines: usize,
    /// Lines with at least one component without a figure (their known part is included).
    pub unpriced: usize,
}

impl Estimate {
    /// The total of the billed (not allocated) lines `include` selects.
    pub fn total(&self, include: impl Fn(&CostLine) -> bool) -> Total {
        self.sum(self.lines.iter().filter(|line| !line.allocated && include(line)))
    }

    /// The total of any lines (allocated ones included: a namespace's share of node cost).
    pub fn sum<'a>(&self, lines: impl Iterator<Item = &'a CostLine>) -> Total {
        let mut total = Total::default();
        for line in lines {
            let (now, missing_now) = line.monthly(false);
            let (at_max, missing_max) = line.monthly(true);
            total.now += now;
            total.at_max += at_max;
            total.lines += 1;
            if missing_now + missing_max > 0 {
                total.unpriced += 1;
            }
        }
        total
    }
}
