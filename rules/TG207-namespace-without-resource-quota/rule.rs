//! ## What it does
//! Flags every Namespace object of the scan that workloads of the scan run in, but that no
//! ResourceQuota of the scan applies to.
//!
//! Only namespaces whose `Namespace` object is part of the scan are judged: when the manifests
//! merely name a namespace created elsewhere, Tollgate cannot know whether the cluster already
//! holds a quota for it, and reports nothing.
//! A ResourceQuota of the same cluster that names no namespace lands in the one it is applied to
//! (`kubectl apply -n`, kustomize `namespace:`): the Namespace is then reported as unknown.
//!
//! ## Why is this bad?
//! A ResourceQuota caps what one namespace may consume in total: CPU and memory requests and
//! limits, storage, the number of pods, Services or LoadBalancers. Without one, a single team's
//! runaway autoscaler, a deployment with a wrong replica count or a compromised account can take
//! the capacity of the whole cluster and starve every other namespace. Kubernetes documents
//! ResourceQuota as the way to share a cluster fairly between teams; when the quota covers CPU
//! and memory, the API server also rejects pods that set no requests or limits for them.
//!
//! ## Example
//! ```yaml
//! apiVersion: v1
//! kind: Namespace
//! metadata:
//!   name: payments
//! ---
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata:
//!   name: api
//!   namespace: payments
//! spec:
//!   replicas: 3
//!   # ...
//! ```
//!
//! ## Use instead
//! ```yaml
//! apiVersion: v1
//! kind: ResourceQuota
//! metadata:
//!   name: compute
//!   namespace: payments
//! spec:
//!   hard:
//!     requests.cpu: "8"
//!     requests.memory: 16Gi
//!     limits.cpu: "16"
//!     limits.memory: 32Gi
//!     pods: "50"
//! ```

use crate::prelude::*;
use crate::support::pods::fail_namespaces_without;

pub const META: RuleMeta = RuleMeta {
    id: "TG207",
    slug: "namespace-without-resource-quota",
    title: "Namespace runs workloads without a ResourceQuota",
    severity: Severity::Medium,
    category: Category::Quota,
    references: &["CWE-770", "Kubernetes: Resource Quotas"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    fail_namespaces_without(
        ctx,
        out,
        "ResourceQuota",
        "so nothing caps what it can take from the cluster; add a ResourceQuota in the namespace \
         with `hard` limits for `requests.cpu`, `requests.memory`, `limits.cpu`, `limits.memory` \
         and `pods`",
    );
}
