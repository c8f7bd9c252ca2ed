//! ## What it does
//! Flags every container that runs privileged (`securityContext.privileged: true`): regular,
//! init and ephemeral containers of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets,
//! ReplicationControllers, Jobs and CronJobs.
//!
//! ## Why is this bad?
//! A privileged container gets every Linux capability, sees all of the node's devices and runs
//! without the seccomp and AppArmor/SELinux confinement the runtime otherwise applies: processes
//! in it are, for most purposes, root on the node. A compromise of the workload becomes a
//! compromise of the node and of every other pod scheduled there. The Kubernetes Pod Security
//! Standards forbid privileged pods already at the *baseline* level; only node-level system
//! components (CNI plugins, storage drivers) have a reason to use it, and those belong in
//! namespaces exempted on purpose.
//!
//! An init container counts as much as the main one: it runs on the same node with the same
//! access, only earlier.
//!
//! ## Example
//! ```yaml
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata:
//!   name: api
//!   namespace: payments
//! spec:
//!   selector:
//!     matchLabels: {app: api}
//!   template:
//!     metadata:
//!       labels: {app: api}
//!     spec:
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//!           securityContext:
//!             privileged: true
//! ```
//!
//! ## Use instead
//! Remove the setting (the default is `false`) and grant only the capability the container
//! really needs, if any:
//! ```yaml
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//!           securityContext:
//!             privileged: false
//!             allowPrivilegeEscalation: false
//!             capabilities:
//!               drop: ["ALL"]
//! ```

use crate::prelude::*;
use crate::support::attr::Attr;
use crate::support::pods::{flag, workload_containers};

pub const META: RuleMeta = RuleMeta {
    id: "TG201",
    slug: "privileged-container",
    title: "Container runs privileged",
    severity: Severity::Critical,
    category: Category::Workload,
    references: &["CWE-250", "Kubernetes Pod Security Standards: baseline (Privileged Containers)"],
    // Checkov CKV_K8S_16 "Container should not be privileged"; Trivy KSV017 / AVD-KSV-0017
    // ("Privileged container": `securityContext.privileged` must be false).
    aliases: &["CKV_K8S_16", "KSV017", "AVD-KSV-0017"],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for c in workload_containers(ctx) {
        match flag(c.container_security(&["privileged"])) {
            Attr::Set(true, value) => out.fail(
                c.workload,
                value.span,
                format!(
                    "{} runs privileged, with full access to the node; remove `securityContext.privileged: true` \
                     or set it to false, and add only the capabilities it needs.",
                    c.subject()
                ),
            ),
            Attr::Unknown(value) => out.unknown(
                c.workload,
                value,
                format!(
                    "{} may run privileged: `securityContext.privileged` is not known; make sure it is false.",
                    c.subject()
                ),
            ),
            Attr::Set(false, _) | Attr::Unset => {}
        }
    }
}
