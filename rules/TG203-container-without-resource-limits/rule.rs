//! ## What it does
//! Flags every regular and init container that has no CPU or no memory limit
//! (`resources.limits.cpu`, `resources.limits.memory`). A limit also counts as set when the pod
//! sets it for all its containers (pod-level `spec.resources.limits`), or when a LimitRange of
//! the scan in the workload's namespace gives containers a default limit (`spec.limits[]` of
//! `type: Container` with `default`). Ephemeral containers are skipped: the API does not allow
//! them resources.
//!
//! ## Why is this bad?
//! Without a memory limit a container can grow until its node runs short of memory; the kubelet
//! then evicts pods, or the kernel's out-of-memory killer ends processes, and a leak in one
//! service takes its neighbours down. Without a CPU limit a container can take all the spare CPU
//! of its node, so a runaway loop burns capacity other pods were counting on. Limits are also
//! what a namespace's ResourceQuota counts: when the quota covers `limits.cpu`/`limits.memory`,
//! the API server rejects a pod that sets none. Kubernetes' documentation on resource management
//! describes requests and limits as what the scheduler and the kubelet use to place pods and keep
//! nodes healthy.
//!
//! Namespaces compare as the manifests write them: a LimitRange and a workload that both name no
//! namespace count as one namespace (they are applied together), but one that names none never
//! matches a named one, not even `default`: where it lands is decided at apply time.
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
//!           resources:
//!             requests:
//!               cpu: 250m
//!               memory: 256Mi
//! ```
//!
//! ## Use instead
//! ```yaml
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//!           resources:
//!             requests:
//!               cpu: 250m
//!               memory: 256Mi
//!             limits:
//!               cpu: "1"
//!               memory: 512Mi
//! ```

use crate::prelude::*;
use crate::support::pods::{field_span, workload_containers, WorkloadContainer};
use tollgate_model::kube::ContainerKind;

pub const META: RuleMeta = RuleMeta {
    id: "TG203",
    slug: "container-without-resource-limits",
    title: "Container has no CPU or memory limit",
    severity: Severity::Medium,
    category: Category::Quota,
    references: &["CWE-770", "Kubernetes: Resource Management for Pods and Containers"],
    aliases: &[],
};

const RESOURCES: [&str; 2] = ["cpu", "memory"];

/// Whether something sets a limit for one resource.
enum Limit<'a> {
    Set,
    Missing,
    Unknown(&'a Value),
}

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let limit_ranges: Vec<&Resource> = ctx.kube_objects("LimitRange").map(|(_, r)| r).collect();
    for c in workload_containers(ctx) {
        if c.container.kind == ContainerKind::Ephemeral {
            continue;
        }
        let mut missing = Vec::new();
        for resource in RESOURCES {
            match limit_for(&c, resource, &limit_ranges) {
                Limit::Set => {}
                Limit::Missing => missing.push(resource),
                Limit::Unknown(value) => out.unknown(
                    c.workload,
                    value,
                    format!(
                        "{} may have no {resource} limit: the setting is not known; make sure \
                         `resources.limits.{resource}` is set.",
                        c.subject()
                    ),
                ),
            }
        }
        if !missing.is_empty() {
            report_missing(&c, &missing, out);
        }
    }
}

fn limit_for<'a>(c: &WorkloadContainer<'a>, resource: &str, limit_ranges: &[&'a Resource]) -> Limit<'a> {
    let own = set_in(c.container.value.lookup(&["resources", "limits", resource]));
    // A pod-level limit bounds every container of the pod, whatever the container says.
    let pod = set_in(c.pod_spec.lookup(&["resources", "limits", resource]));
    match (own, pod) {
        (Limit::Set, _) | (_, Limit::Set) => Limit::Set,
        (Limit::Unknown(v), _) | (_, Limit::Unknown(v)) => Limit::Unknown(v),
        (Limit::Missing, Limit::Missing) => limit_range_default(c.workload, resource, limit_ranges),
    }
}

fn set_in(lookup: Lookup<'_>) -> Limit<'_> {
    match lookup {
        Lookup::Unknown(v) => Limit::Unknown(v),
        l if l.is_unset() => Limit::Missing,
        _ => Limit::Set,
    }
}

/// A default container limit from a LimitRange in the workload's namespace (of its cluster).
fn limit_range_default<'a>(workload: &Resource, resource: &str, limit_ranges: &[&'a Resource]) -> Limit<'a> {
    let mut verdict = Limit::Missing;
    for range in limit_ranges.iter().filter(|r| r.shares_namespace_with(workload)) {
        let limits = match range.body.lookup(&["spec", "limits"]) {
            Lookup::Unknown(v) => {
                verdict = Limit::Unknown(v);
                continue;
            }
            l => l.known().map(Value::items).unwrap_or_default(),
        };
        for item in limits {
            let applies = match item.get("type") {
                Lookup::Unknown(v) => {
                    verdict = Limit::Unknown(v);
                    continue;
                }
                l => l.known().and_then(Value::as_str) == Some("Container"),
            };
            if !applies {
                continue;
            }
            match set_in(item.lookup(&["default", resource])) {
                Limit::Set => return Limit::Set,
                Limit::Unknown(v) => verdict = Limit::Unknown(v),
                Limit::Missing => {}
            }
        }
    }
    verdict
}

/// Points at the deepest part of `resources.limits` that exists, or at the container.
fn report_missing(c: &WorkloadContainer<'_>, missing: &[&str], out: &mut Emitter<'_>) {
    let value = c.container.value;
    let at = field_span(value, &["resources", "limits"]).or_else(|| field_span(value, &["resources"])).unwrap_or(c.span());
    let what = missing.join(" or ");
    let fields: Vec<String> = missing.iter().map(|r| format!("`resources.limits.{r}`")).collect();
    out.fail(
        c.workload,
        at,
        format!(
            "{} has no {what} limit, so it can take its node's {what} from other pods; set {}.",
            c.subject(),
            fields.join(" and ")
        ),
    );
}
