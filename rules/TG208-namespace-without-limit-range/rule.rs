//! ## What it does
//! Flags every Namespace object of the scan that workloads of the scan run in, but that has no
//! LimitRange of the scan.
//!
//! Only namespaces whose `Namespace` object is part of the scan are judged: when the manifests
//! merely name a namespace created elsewhere, Tollgate cannot know whether the cluster already
//! holds a LimitRange for it, and reports nothing.
//! A LimitRange of the same cluster that names no namespace lands in the one it is applied to
//! (`kubectl apply -n`, kustomize `namespace:`): the Namespace is then reported as unknown.
//!
//! ## Why is this bad?
//! A LimitRange sets per-container (and per-pod) defaults and bounds inside a namespace: the
//! requests and limits a container gets when its manifest gives none, and the most a single
//! container may ask for. Without one, a container that forgets its resources runs unbounded,
//! and one that asks for a whole node is admitted. It is also the safety net that lets a
//! ResourceQuota on CPU and memory coexist with manifests that set no resources: the defaults
//! are filled in before the quota is checked, instead of the pods being rejected.
//!
//! ## Example
//! ```yaml
//! apiVersion: v1
//! kind: Namespace
//! metadata:
//!   name: payments
//! ---
//! apiVersion: batch/v1
//! kind: CronJob
//! metadata:
//!   name: settlement
//!   namespace: payments
//! spec:
//!   schedule: "0 1 * * *"
//!   # ...
//! ```
//!
//! ## Use instead
//! ```yaml
//! apiVersion: v1
//! kind: LimitRange
//! metadata:
//!   name: container-defaults
//!   namespace: payments
//! spec:
//!   limits:
//!     - type: Container
//!       defaultRequest: {cpu: 100m, memory: 128Mi}
//!       default: {cpu: 500m, memory: 512Mi}
//!       max: {cpu: "4", memory: 8Gi}
//! ```

use crate::prelude::*;
use crate::support::pods::fail_namespaces_without;

pub const META: RuleMeta = RuleMeta {
    id: "TG208",
    slug: "namespace-without-limit-range",
    title: "Namespace runs workloads without a LimitRange",
    severity: Severity::Low,
    category: Category::Quota,
    references: &["CWE-770", "Kubernetes: Limit Ranges"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    fail_namespaces_without(
        ctx,
        out,
        "LimitRange",
        "so a container that sets no resources runs unbounded; add a LimitRange in the namespace \
         with a `type: Container` entry giving `defaultRequest`, `default` and `max`",
    );
}
