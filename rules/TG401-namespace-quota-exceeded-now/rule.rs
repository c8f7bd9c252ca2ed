//! ## What it does
//! Adds up what the workloads of each namespace with a ResourceQuota ask for, as deployed now,
//! and flags every `hard` cap the total exceeds: `requests.cpu` (or `cpu`), `requests.memory`
//! (or `memory`), `limits.cpu`, `limits.memory`, other `requests.*`/`limits.*` resources, `pods`
//! and object counts (`count/<resource>[.<group>]`, `services`, `configmaps`, ...). The message
//! gives the total against the cap and the largest contributors with their file and line.
//!
//! A pod counts as Kubernetes counts it: the sum over its app and sidecar containers, or its
//! largest init container (plus the sidecars started before it) when that is more. A container
//! without a request takes its limit, then its namespace's LimitRange default, as admission does;
//! with neither, the quota makes the API server refuse the pod, reported on the container.
//! Replicas: `spec.replicas` (1 when unset) raised to an autoscaler's `minReplicas`; a Job's (or
//! one CronJob run's) `parallelism` capped by `completions`. A DaemonSet runs one pod per node,
//! which the manifests do not say: its share, like any unknown replica count or quantity, makes
//! the total unknown (never 0) unless the known workloads alone already exceed the cap. A
//! Deployment counts one ReplicaSet and a CronJob one Job towards `count/*`, and a StatefulSet
//! one PersistentVolumeClaim per claim template and replica towards `persistentvolumeclaims`.
//!
//! Each Helm values set of one chart (`@dev`, `@prod`) is projected on its own, never summed.
//! Scoped quotas (`scopes`, `scopeSelector`) count only the pods they select; they are reported
//! as unknown, not projected. Storage caps (`requests.storage`, per-class caps) and
//! `services.loadbalancers`/`services.nodeports` are not projected.
//!
//! ## Why is this bad?
//! The ResourceQuota admission plugin refuses any pod that would take a namespace over a `hard`
//! cap. A rollout whose replicas do not fit leaves the new pods pending creation: the Deployment
//! stalls half-way, a Job never starts, and the failure only shows in the ReplicaSet's events
//! after the change is merged and applied.
//!
//! ## Example
//! ```yaml
//! apiVersion: v1
//! kind: ResourceQuota
//! metadata:
//!   name: compute
//!   namespace: payments
//! spec:
//!   hard:
//!     requests.cpu: "2"
//! ---
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata:
//!   name: api
//!   namespace: payments
//! spec:
//!   replicas: 3
//!   template:
//!     spec:
//!       containers:
//!         - name: app
//!           resources:
//!             requests: {cpu: "1"}   # 3 x 1 = 3 CPUs against a cap of 2
//! ```
//!
//! ## Use instead
//! ```yaml
//! spec:
//!   hard:
//!     requests.cpu: "4"   # or fewer replicas or smaller requests
//! ```

use crate::prelude::*;
use crate::support::quota::Scale;
use crate::support::quota_check::check_quotas;

pub const META: RuleMeta = RuleMeta {
    id: "TG401",
    slug: "namespace-quota-exceeded-now",
    title: "Namespace workloads exceed its ResourceQuota",
    severity: Severity::High,
    category: Category::Quota,
    references: &["Kubernetes: Resource Quotas", "Kubernetes: Limit Ranges"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    check_quotas(ctx, out, Scale::Now);
}
