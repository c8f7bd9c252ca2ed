//! Kubernetes workloads' requests priced per vCPU-hour and GiB-hour of the nodes they run on.
//!
//! Every workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, bare Pod, a ReplicaSet or
//! Job no controller owns; Helm-rendered ones included) gets one allocated line with two
//! components: its pods' effective CPU and memory requests times its replicas times 730 hours,
//! now and at its autoscaler's `maxReplicas`. Rates come from the node groups of the same graph
//! ([`rates`]), chosen per workload as [`pricing`] describes, or from `[cost.kubernetes]`.
//! Namespaces add up their workloads and show what their ResourceQuota lets them reserve
//! ([`namespaces`]). engine/cost/MODELS.md, "Kubernetes costs", documents the method.

mod namespaces;
mod node_groups;
mod pricing;
mod rates;
mod workloads;

use crate::{CostLine, CostSettings};
use pricing::Pricer;
use tollgate_model::Graph;
use tollgate_pricing::Decimal;

pub(crate) use namespaces::namespaces;

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
    // Node groups are read from the graph itself, so their figures do not depend on how the
    // Terraform models present them.
    let _ = terraform;
    let mut pricer = Pricer::new(graph, settings);
    let namespaced = workloads::Namespaced::of(graph);
    let mut lines = Vec::new();
    for (id, workload) in workloads::workloads(graph) {
        let pricing = pricer.pricing(workload);
        lines.push(workloads::line(&namespaced, id, workload, &pricing));
    }
    (lines, pricer.notes)
}
