//! Where Kubernetes keeps pod specs and containers, shared by loaders (to link Services and
//! NetworkPolicies to workloads) and rules (to check every container a pod runs).

use crate::resource::Resource;
use crate::value::Value;

/// The kinds that carry a pod template, and the path to their pod spec.
pub fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod" => &["spec"],
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" => {
            &["spec", "template", "spec"]
        }
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => return None,
    })
}

/// The path to the labels a workload's pods carry.
pub fn pod_labels_path(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod" => &["metadata", "labels"],
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" => {
            &["spec", "template", "metadata", "labels"]
        }
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "metadata", "labels"],
        _ => return None,
    })
}

/// True for kinds that run pods.
pub fn is_workload(resource: &Resource) -> bool {
    resource.kube().is_some_and(|k| pod_spec_path(&k.kind).is_some())
}

/// The pod spec of a workload, when it has one written out (not unknown).
pub fn pod_spec(resource: &Resource) -> Option<&Value> {
    let kind = &resource.kube()?.kind;
    resource.body.lookup(pod_spec_path(kind)?).known()
}

/// The labels on a workload's pods, as (key, value) pairs of known strings.
pub fn pod_labels(resource: &Resource) -> Vec<(&str, &str)> {
    let Some(kind) = resource.kube().map(|k| k.kind.as_str()) else { return Vec::new() };
    let Some(path) = pod_labels_path(kind) else { return Vec::new() };
    string_map(resource.body.lookup(path).known())
}

/// A map of strings as pairs; non-string values are skipped.
pub fn string_map(value: Option<&Value>) -> Vec<(&str, &str)> {
    value
        .and_then(Value::as_map)
        .map(|entries| entries.iter().filter_map(|e| Some((e.key.as_str(), e.value.as_str()?))).collect())
        .unwrap_or_default()
}

/// Which list of a pod spec a container comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Init,
    Regular,
    Ephemeral,
}

impl ContainerKind {
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Init => "initContainers",
            ContainerKind::Regular => "containers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }
}

/// One container of a pod spec.
#[derive(Debug, Clone, Copy)]
pub struct Container<'a> {
    pub kind: ContainerKind,
    pub name: &'a str,
    pub value: &'a Value,
}

/// Every container a pod spec runs: init, regular and ephemeral.
pub fn containers(pod_spec: &Value) -> Vec<Container<'_>> {
    let mut out = Vec::new();
    for kind in [ContainerKind::Init, ContainerKind::Regular, ContainerKind::Ephemeral] {
        if let Some(list) = pod_spec.get(kind.field()).known() {
            for c in list.items() {
                let name = c.get("name").known().and_then(Value::as_str).unwrap_or("<unnamed>");
                out.push(Container { kind, name, value: c });
            }
        }
    }
    out
}

/// True when `labels` satisfy a label selector (`matchLabels` and `matchExpressions`, or a plain
/// map as Services use). An empty selector matches everything.
pub fn selector_matches(selector: &Value, labels: &[(&str, &str)], plain_map: bool) -> bool {
    let has = |k: &str| labels.iter().find(|(lk, _)| *lk == k).map(|(_, v)| *v);
    if plain_map {
        return string_map(Some(selector)).iter().all(|(k, v)| has(k) == Some(v));
    }
    let match_labels = string_map(selector.get("matchLabels").known());
    if !match_labels.iter().all(|(k, v)| has(k) == Some(v)) {
        return false;
    }
    let Some(exprs) = selector.get("matchExpressions").known() else { return true };
    exprs.items().iter().all(|expr| {
        let key = expr.get("key").known().and_then(Value::as_str).unwrap_or_default();
        let op = expr.get("operator").known().and_then(Value::as_str).unwrap_or_default();
        let values: Vec<&str> = expr
            .get("values")
            .known()
            .map(|v| v.items().iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        match op {
            "In" => has(key).is_some_and(|v| values.contains(&v)),
            "NotIn" => has(key).is_none_or(|v| !values.contains(&v)),
            "Exists" => has(key).is_some(),
            "DoesNotExist" => has(key).is_none(),
            _ => false,
        }
    })
}
