//! ## What it does
//! Flags every Service whose selector matches the pods of a workload of the scan that runs a
//! privileged container (regular, init or ephemeral) or uses the node's network
//! (`hostNetwork: true`). The message says when the Service is of type `LoadBalancer` or
//! `NodePort`, that is reachable from outside the cluster.
//!
//! ## Why is this bad?
//! A Service is the front door of the pods it selects: whatever listens there receives traffic
//! from every client the Service is reachable by. When such a pod is privileged, or shares the
//! node's network stack, a single exploitable bug in the exposed process gives the attacker the
//! node rather than one container: privileged containers have every capability and all host
//! devices, and a `hostNetwork` pod can reach the kubelet and everything else bound to the
//! node's loopback interface. The Pod Security Standards forbid both at the *baseline* level;
//! putting such a pod behind a Service, above all a `LoadBalancer` one, turns a hardening gap
//! into an exposed path to the node.
//!
//! ## Example
//! ```yaml
//! apiVersion: v1
//! kind: Service
//! metadata:
//!   name: api
//!   namespace: payments
//! spec:
//!   type: LoadBalancer
//!   selector:
//!     app: api
//!   ports:
//!     - port: 443
//!       targetPort: 8443
//! ---
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
//! Run the exposed workload unprivileged, in the pod network:
//! ```yaml
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//!           securityContext:
//!             allowPrivilegeEscalation: false
//!             capabilities:
//!               drop: ["ALL"]
//! ```
//! If a component truly needs host access (a node agent), do not put it behind a Service;
//! let it push what it collects instead.

use crate::prelude::*;
use crate::support::attr::Attr;
use crate::support::pods::{containers_of, field_span, flag};

pub const META: RuleMeta = RuleMeta {
    id: "TG210",
    slug: "service-exposes-privileged-workload",
    title: "Service exposes a privileged or host-network workload",
    severity: Severity::High,
    category: Category::Network,
    references: &["CWE-250", "Kubernetes Pod Security Standards: baseline (Privileged Containers, Host Namespaces)"],
    aliases: &[],
};

/// What makes a workload dangerous to expose, the changes that fix it, and the first unknown
/// setting met.
#[derive(Default)]
struct Exposure<'g> {
    risks: Vec<String>,
    fixes: Vec<String>,
    unknown: Option<&'g Value>,
}

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (service_id, service) in ctx.kube_objects("Service") {
        let at = field_span(&service.body, &["spec", "selector"]).unwrap_or(service.span);
        let reach = reach(service);
        // One finding per Service, however many risky workloads it selects (a canary beside its
        // stable Deployment), so the selector's lines carry one verdict.
        let mut risky = Vec::new();
        let mut fixes: Vec<String> = Vec::new();
        for (workload_id, workload) in ctx.outgoing(service_id, EdgeKind::ServiceSelects) {
            let Some(pod_spec) = kube::pod_spec(workload) else { continue };
            let exposure = exposure(workload_id, workload, pod_spec);
            if !exposure.risks.is_empty() {
                risky.push(format!("{}, whose {}", workload.address, exposure.risks.join(" and whose ")));
                fixes.extend(exposure.fixes.into_iter().filter(|fix| !fixes.contains(fix)).collect::<Vec<_>>());
            } else if let Some(value) = exposure.unknown {
                out.unknown(
                    service,
                    value,
                    format!(
                        "{}{reach} sends traffic to {}, which may run privileged or in the node's network: \
                         a setting is not known; make sure `privileged` and `hostNetwork` are false.",
                        service.address, workload.address
                    ),
                );
            }
        }
        if !risky.is_empty() {
            let (workloads, them) = if risky.len() == 1 { ("workload", "it") } else { ("workloads", "them") };
            out.fail(
                service,
                at,
                format!(
                    "{}{reach} sends traffic to {}; {} in the {workloads}, or stop exposing {them} through this Service.",
                    service.address,
                    risky.join(", and to "),
                    fixes.join(" and ")
                ),
            );
        }
    }
}

/// ` (type LoadBalancer, reachable from outside the cluster)` for externally reachable types.
fn reach(service: &Resource) -> String {
    match service.body.lookup(&["spec", "type"]).known().and_then(Value::as_str) {
        Some(kind @ ("LoadBalancer" | "NodePort")) => format!(" (type {kind}, reachable from outside the cluster)"),
        _ => String::new(),
    }
}

fn exposure<'g>(workload_id: ResourceId, workload: &'g Resource, pod_spec: &'g Value) -> Exposure<'g> {
    let mut found = Exposure::default();
    match flag(pod_spec.get("hostNetwork")) {
        Attr::Set(true, _) => {
            found.risks.push("pods use the node's network (`hostNetwork: true`)".to_string());
            found.fixes.push("remove `hostNetwork: true`".to_string());
        }
        Attr::Unknown(value) => found.unknown = Some(value),
        Attr::Set(false, _) | Attr::Unset => {}
    }
    for c in containers_of(workload_id, workload, pod_spec) {
        match flag(c.container_security(&["privileged"])) {
            Attr::Set(true, _) => {
                found.risks.push(format!("{} runs privileged", c.label()));
                found.fixes.push(format!("remove `privileged: true` from {}", c.label()));
            }
            Attr::Unknown(value) => {
                found.unknown.get_or_insert(value);
            }
            Attr::Set(false, _) | Attr::Unset => {}
        }
    }
    found
}
