//! Kubernetes workloads' requests priced per vCPU-hour and GiB-hour of the nodes they run on.

use crate::{CostLine, CostSettings};
use tollgate_model::Graph;
use tollgate_pricing::Decimal;

/// Rates used when the graph has no node group to derive them from (`[cost.kubernetes]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KubernetesRates {
    pub vcpu_hour: Option<Decimal>,
    pub gib_hour: Option<Decimal>,
}

/// One allocated line per workload, and notes saying how it was priced.
pub(crate) fn lines(
    graph: &Graph,
    settings: &CostSettings<'_>,
    terraform: &[CostLine],
) -> (Vec<CostLine>, Vec<String>) {
    let _ = (graph, settings, terraform);
    (Vec::new(), Vec::new())
}
