//! ## What it does
//! Projects each namespace's ResourceQuota caps at the autoscalers' ceiling: every workload that
//! a HorizontalPodAutoscaler targets (`spec.scaleTargetRef` naming its kind and name, in the same
//! namespace and values set) counts at the autoscaler's `maxReplicas`, every other workload as
//! deployed now. It reports a cap only when the namespace fits it now (so TG401 is silent) but
//! not at maximum scale; an unknown `maxReplicas` makes the projection unknown. Totals are
//! counted as TG401 counts them (effective pod requests and limits, LimitRange defaults, one
//! projection per Helm values set, scoped quotas not projected).
//!
//! ## Why is this bad?
//! The quota refuses pods beyond its cap, so an autoscaler configured to scale past it fails
//! exactly when load peaks: the HPA raises the replica count, the ReplicaSet cannot create the
//! pods, and the service runs short of capacity while everything looks configured. The ceiling
//! and the quota are usually owned by different teams and drift apart.
//!
//! ## Example
//! ```yaml
//! apiVersion: autoscaling/v2
//! kind: HorizontalPodAutoscaler
//! metadata:
//!   name: api
//!   namespace: payments
//! spec:
//!   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
//!   minReplicas: 2
//!   maxReplicas: 20    # 20 x 500m = 10 CPUs
//! ---
//! apiVersion: v1
//! kind: ResourceQuota
//! metadata:
//!   name: compute
//!   namespace: payments
//! spec:
//!   hard:
//!     requests.cpu: "4"
//! ```
//!
//! ## Use instead
//! ```yaml
//! spec:
//!   maxReplicas: 8       # 8 x 500m = 4 CPUs: the ceiling fits the quota
//! ```

use crate::prelude::*;
use crate::support::quota::Scale;
use crate::support::quota_check::check_quotas;

pub const META: RuleMeta = RuleMeta {
    id: "TG402",
    slug: "namespace-quota-exceeded-at-max-scale",
    title: "Namespace workloads exceed its ResourceQuota at autoscaler maximum",
    severity: Severity::Medium,
    category: Category::Quota,
    references: &["Kubernetes: Resource Quotas", "Kubernetes: Horizontal Pod Autoscaling"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    check_quotas(ctx, out, Scale::AtMax);
}
