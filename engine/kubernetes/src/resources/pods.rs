//! A pod's effective request (or limit) and the number of pods a workload runs.
//!
//! Counted as the ResourceQuota admission plugin counts (Kubernetes "Resource Quotas"): a pod's
//! request or limit is the sum over its app containers and restartable (sidecar) init containers,
//! or the largest init container plus the sidecars started before it, whichever is more
//! ("Resource sharing within containers" of "Init Containers"); replicas multiply it.

use super::limit_range::{effective, ContainerRanges};
use super::quantity::{Amount, Quantity};
use tollgate_model::kube::{self, ContainerKind};
use tollgate_model::{Lookup, Resource, Span, Value};

/// Replicas as deployed now, or at the HorizontalPodAutoscaler's `maxReplicas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Now,
    AtMax,
}

/// A pod's figure for one resource.
#[derive(Debug, Clone)]
pub enum PodAmount<'g> {
    Known(Quantity),
    Unknown(&'g Value),
    /// Containers with neither a setting nor a LimitRange default for it.
    Missing(Vec<(&'g str, Span)>),
}

/// A pod's effective request (or limit) of `resource`: the larger of its app containers plus
/// sidecars and its largest init container plus the sidecars started before it.
pub fn pod_amount<'g>(
    pod_spec: &'g Value,
    ranges: &ContainerRanges<'g>,
    limits: bool,
    resource: &str,
) -> PodAmount<'g> {
    let (mut sidecars, mut init_peak, mut app) = (Quantity::ZERO, Quantity::ZERO, Quantity::ZERO);
    let (mut missing, mut unknown) = (Vec::new(), None);
    for container in kube::containers(pod_spec) {
        let settings = effective(container.value, resource, ranges);
        let amount = match if limits { settings.limit } else { settings.request } {
            Amount::Set(q, _) => q,
            Amount::Unknown(v) => {
                unknown.get_or_insert(v);
                continue;
            }
            Amount::Unset => {
                if container.kind != ContainerKind::Ephemeral {
                    missing.push((container.name, container.value.span));
                }
                continue;
            }
        };
        let restartable = container.value.get("restartPolicy").known().and_then(Value::as_str) == Some("Always");
        let sum = |a: Quantity, b: Quantity| a.checked_add(b).unwrap_or(a);
        match container.kind {
            ContainerKind::Init if restartable => sidecars = sum(sidecars, amount),
            ContainerKind::Init => init_peak = init_peak.max(sum(amount, sidecars)),
            ContainerKind::Regular => app = sum(app, amount),
            ContainerKind::Ephemeral => {}
        }
    }
    match (missing.is_empty(), unknown) {
        (false, _) => PodAmount::Missing(missing),
        (true, Some(v)) => PodAmount::Unknown(v),
        (true, None) => PodAmount::Known(init_peak.max(app.checked_add(sidecars).unwrap_or(app))),
    }
}

/// How many pods a workload runs, with the autoscaler that set the count at max scale.
#[derive(Debug, Clone)]
pub enum Replicas<'g> {
    Known(u64, Option<&'g Resource>),
    /// The value that is not known (when one is) and why, as "has a `spec.replicas` that ...".
    Unknown(Option<&'g Value>, String),
}

/// How many pods a workload runs: `spec.replicas` (1 when unset) kept within its autoscaler's
/// `[minReplicas, maxReplicas]`, or the autoscaler's `maxReplicas` at max scale; a Job's (or one
/// CronJob run's) `parallelism` capped by `completions`; one for a Pod. A DaemonSet runs one pod
/// per node, which the manifests do not say. `objects`: the Kubernetes objects of the workload's
/// namespace and environment, where its HorizontalPodAutoscaler is looked for.
pub fn replicas<'g>(objects: &[&'g Resource], workload: &'g Resource, scale: Scale) -> Replicas<'g> {
    let kind = workload.type_name.as_str();
    let count = |path: &[&str], default: u64| match workload.body.lookup(path) {
        Lookup::Unknown(v) => Err((Some(v), format!("has a `{}` that is not known", path.join(".")))),
        Lookup::Known(v) if !v.is_null() => match v.as_i64().and_then(|n| u64::try_from(n).ok()) {
            Some(n) => Ok(n),
            None => Err((Some(v), format!("has a `{}` that is not a count", path.join(".")))),
        },
        _ => Ok(default),
    };
    let known = match kind {
        "Pod" => Ok(1),
        "DaemonSet" => Err((None, "runs one pod per node, and the node count is not in the scan".to_string())),
        "Job" | "CronJob" => {
            let job: &[&str] = if kind == "Job" { &["spec"] } else { &["spec", "jobTemplate", "spec"] };
            let parallelism = count(&[job, &["parallelism"]].concat(), 1);
            let completions = count(&[job, &["completions"]].concat(), u64::MAX);
            parallelism.and_then(|p| completions.map(|c| p.min(c)))
        }
        _ => {
            let declared = count(&["spec", "replicas"], 1);
            return match (declared, autoscaler_of(objects, workload)) {
                (Err((v, why)), None) => Replicas::Unknown(v, why),
                (declared, Some(hpa)) => autoscaled(hpa, declared.ok(), scale),
                (Ok(n), None) => Replicas::Known(n, None),
            };
        }
    };
    match known {
        Ok(n) => Replicas::Known(n, None),
        Err((v, why)) => Replicas::Unknown(v, why),
    }
}

/// Replicas under an autoscaler: at max its `maxReplicas`; now the declared count (unknown
/// when the manifest's is) kept within `[minReplicas (default 1), maxReplicas]`, as the
/// autoscaler keeps it.
fn autoscaled<'g>(hpa: &'g Resource, declared: Option<u64>, scale: Scale) -> Replicas<'g> {
    let field = |name: &str, default: Option<u64>| -> Result<u64, &'g Value> {
        match hpa.body.lookup(&["spec", name]) {
            Lookup::Unknown(v) => Err(v),
            Lookup::Known(v) if !v.is_null() => v.as_i64().and_then(|n| u64::try_from(n).ok()).ok_or(v),
            _ => default.ok_or(&hpa.body),
        }
    };
    let unknown = |v: &'g Value, name: &str| {
        // An absent field reads as the whole autoscaler.
        let state = if std::ptr::eq(v, &hpa.body) { "is missing" } else { "is not known" };
        Replicas::Unknown(Some(v), format!("is scaled by {} whose `spec.{name}` {state}", hpa.address))
    };
    let max = field("maxReplicas", None);
    match scale {
        Scale::AtMax => match max {
            Ok(n) => Replicas::Known(n, Some(hpa)),
            Err(v) => unknown(v, "maxReplicas"),
        },
        Scale::Now => {
            let at_most = |n: u64| max.map_or(n, |max| n.min(max));
            match (field("minReplicas", Some(1)), declared) {
                (Ok(min), Some(n)) => Replicas::Known(at_most(n.max(min)), None),
                (Ok(min), None) => Replicas::Known(at_most(min), None),
                (Err(v), _) => unknown(v, "minReplicas"),
            }
        }
    }
}

/// The HorizontalPodAutoscaler among `objects` whose `scaleTargetRef` names `workload`.
pub fn autoscaler_of<'g>(objects: &[&'g Resource], workload: &Resource) -> Option<&'g Resource> {
    objects.iter().copied().find(|hpa| {
        let target = |field: &str| hpa.body.lookup(&["spec", "scaleTargetRef", field]).known().and_then(Value::as_str);
        hpa.is_kind("HorizontalPodAutoscaler")
            && target("kind") == Some(workload.type_name.as_str())
            && target("name") == Some(workload.name.as_str())
    })
}
