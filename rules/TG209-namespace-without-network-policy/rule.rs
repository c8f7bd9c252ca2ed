//! ## What it does
//! Flags every Namespace object of the scan that workloads of the scan run in, but that has no
//! NetworkPolicy of the scan.
//!
//! Only namespaces whose `Namespace` object is part of the scan are judged: when the manifests
//! merely name a namespace created elsewhere, Tollgate cannot know whether the cluster already
//! holds policies for it, and reports nothing. The rule asks for at least one policy; whether
//! each workload is selected by one is a finer question it does not answer.
//! A NetworkPolicy of the same cluster that names no namespace lands in the one it is applied to
//! (`kubectl apply -n`, kustomize `namespace:`): the Namespace is then reported as unknown.
//!
//! ## Why is this bad?
//! Kubernetes pods are non-isolated by default: until a NetworkPolicy selects a pod, it accepts
//! traffic from every pod in every namespace of the cluster and may connect anywhere. One
//! compromised pod anywhere can then reach the namespace's databases, admin endpoints and
//! internal APIs directly. The Kubernetes documentation recommends a default-deny policy per
//! namespace, with explicit policies allowing the flows each workload needs. (Policies are
//! enforced only when the cluster's network plugin supports them.)
//!
//! ## Example
//! ```yaml
//! apiVersion: v1
//! kind: Namespace
//! metadata:
//!   name: payments
//! ---
//! apiVersion: apps/v1
//! kind: StatefulSet
//! metadata:
//!   name: ledger-db
//!   namespace: payments
//! spec:
//!   # ...
//! ```
//!
//! ## Use instead
//! ```yaml
//! apiVersion: networking.k8s.io/v1
//! kind: NetworkPolicy
//! metadata:
//!   name: default-deny
//!   namespace: payments
//! spec:
//!   podSelector: {}
//!   policyTypes: [Ingress, Egress]
//! ```
//! and one policy per allowed flow (for example the API pods to the database on 5432).

use crate::prelude::*;
use crate::support::pods::fail_namespaces_without;

pub const META: RuleMeta = RuleMeta {
    id: "TG209",
    slug: "namespace-without-network-policy",
    title: "Namespace runs workloads without any NetworkPolicy",
    severity: Severity::Medium,
    category: Category::Network,
    references: &["CWE-923", "Kubernetes: Network Policies"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    fail_namespaces_without(
        ctx,
        out,
        "NetworkPolicy",
        "so its pods accept traffic from any pod in the cluster; add a default-deny NetworkPolicy \
         (`podSelector: {}`, `policyTypes: [Ingress, Egress]`) and policies allowing the flows \
         the workloads need",
    );
}
