//! ## What it does
//! Flags every workload whose pods share a namespace of the node: `hostNetwork: true`,
//! `hostPID: true` or `hostIPC: true` in the pod spec (of a Pod, or of the pod template of a
//! Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob).
//! Each setting is reported on its own line.
//!
//! ## Why is this bad?
//! Linux namespaces are what separate a container from its node. With `hostNetwork` the pod
//! uses the node's network stack: it can bind to the node's ports, reach services listening on
//! localhost (the kubelet's, a metadata proxy's) and sniff traffic, and NetworkPolicies may not
//! apply to it (Kubernetes leaves their effect on host-network pods to the network plugin).
//! With `hostPID` it sees every process on the node and, with enough privilege, can read their
//! environment and memory or signal them. With `hostIPC` it can read and write the shared memory
//! of every other process on the node. The *baseline* Pod Security Standard forbids all three.
//!
//! ## Example
//! ```yaml
//! apiVersion: apps/v1
//! kind: DaemonSet
//! metadata:
//!   name: log-agent
//!   namespace: observability
//! spec:
//!   selector:
//!     matchLabels: {app: log-agent}
//!   template:
//!     metadata:
//!       labels: {app: log-agent}
//!     spec:
//!       hostNetwork: true
//!       hostPID: true
//!       containers:
//!         - name: agent
//!           image: registry.example.com/observability/log-agent:2.3.1
//! ```
//!
//! ## Use instead
//! Leave the settings out (they default to `false`) and expose what the pod serves through a
//! Service or a `hostPort` only when there is no other way:
//! ```yaml
//!     spec:
//!       containers:
//!         - name: agent
//!           image: registry.example.com/observability/log-agent:2.3.1
//!           ports:
//!             - containerPort: 2020
//! ```

use crate::prelude::*;
use crate::support::attr::Attr;
use crate::support::pods::flag;

pub const META: RuleMeta = RuleMeta {
    id: "TG204",
    slug: "host-namespace-shared",
    title: "Pod shares the node's network, process or IPC namespace",
    severity: Severity::High,
    category: Category::Workload,
    references: &["CWE-653", "Kubernetes Pod Security Standards: baseline (Host Namespaces)"],
    aliases: &[],
};

/// Each setting and what sharing it gives the pod.
const HOST_NAMESPACES: [(&str, &str); 3] = [
    ("hostNetwork", "the node's network stack (its ports, localhost services and traffic)"),
    ("hostPID", "the node's process table (every process on the node)"),
    ("hostIPC", "the node's IPC namespace (the shared memory of every process on the node)"),
];

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, workload, pod_spec) in ctx.workloads() {
        for (field, shares) in HOST_NAMESPACES {
            match flag(pod_spec.get(field)) {
                Attr::Set(true, value) => out.fail(
                    workload,
                    value.span,
                    format!(
                        "Pods of {} share {shares} with `{field}: true`; remove `{field}` from the pod spec \
                         (it defaults to false).",
                        workload.address
                    ),
                ),
                Attr::Unknown(value) => out.unknown(
                    workload,
                    value,
                    format!(
                        "Pods of {} may share {shares}: `{field}` is not known; make sure it is false.",
                        workload.address
                    ),
                ),
                Attr::Set(false, _) | Attr::Unset => {}
            }
        }
    }
}
