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
    LabelSelector::read(selector, plain_map).matches(labels)
}

/// A label selector read once, to be tested against many label sets (linking compares one
/// Service or NetworkPolicy with every workload of its namespace).
#[derive(Debug, Clone)]
pub struct LabelSelector<'a> {
    match_labels: Vec<(&'a str, &'a str)>,
    requirements: Vec<Requirement<'a>>,
}

#[derive(Debug, Clone)]
struct Requirement<'a> {
    key: &'a str,
    operator: Operator,
    values: Vec<&'a str>,
}

#[derive(Debug, Clone, Copy)]
enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    /// An operator the API does not define: the requirement never holds.
    Invalid,
}

impl<'a> LabelSelector<'a> {
    /// Reads `matchLabels` and `matchExpressions`, or with `plain_map` the selector itself as a
    /// map of labels (as a Service's `spec.selector`). Non-string label values are ignored.
    pub fn read(selector: &'a Value, plain_map: bool) -> Self {
        if plain_map {
            return LabelSelector { match_labels: string_map(Some(selector)), requirements: Vec::new() };
        }
        let match_labels = string_map(selector.get("matchLabels").known());
        let requirements = selector
            .get("matchExpressions")
            .known()
            .map(|exprs| exprs.items().iter().map(Requirement::read).collect())
            .unwrap_or_default();
        LabelSelector { match_labels, requirements }
    }

    /// True when `labels` satisfy every label and requirement (an empty selector matches all).
    pub fn matches(&self, labels: &[(&str, &str)]) -> bool {
        let has = |k: &str| labels.iter().find(|(lk, _)| *lk == k).map(|(_, v)| *v);
        self.match_labels.iter().all(|(k, v)| has(k) == Some(*v))
            && self.requirements.iter().all(|r| {
                let value = has(r.key);
                match r.operator {
                    Operator::In => value.is_some_and(|v| r.values.contains(&v)),
                    Operator::NotIn => value.is_none_or(|v| !r.values.contains(&v)),
                    Operator::Exists => value.is_some(),
                    Operator::DoesNotExist => value.is_none(),
                    Operator::Invalid => false,
                }
            })
    }
}

impl<'a> Requirement<'a> {
    fn read(expr: &'a Value) -> Self {
        let text = |field: &str| expr.get(field).known().and_then(Value::as_str).unwrap_or_default();
        let operator = match text("operator") {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            _ => Operator::Invalid,
        };
        let values = expr
            .get("values")
            .known()
            .map(|v| v.items().iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        Requirement { key: text("key"), operator, values }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use crate::value::{MapEntry, ValueKind};

    fn text(s: &str) -> Value {
        Value::new(ValueKind::String(s.to_string()), Span::default())
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        let entries = entries
            .into_iter()
            .map(|(key, value)| MapEntry { key: key.to_string(), key_span: Span::default(), value })
            .collect();
        Value::new(ValueKind::Map(entries), Span::default())
    }

    fn list(items: Vec<Value>) -> Value {
        Value::new(ValueKind::List(items), Span::default())
    }

    fn requirement(key: &str, operator: &str, values: &[&str]) -> Value {
        let values = list(values.iter().map(|v| text(v)).collect());
        map(vec![("key", text(key)), ("operator", text(operator)), ("values", values)])
    }

    #[test]
    fn selectors_read_once_match_like_the_api() {
        let web = [("app", "web"), ("tier", "front")];
        let db = [("app", "db")];
        let plain = map(vec![("app", text("web"))]);
        let selector = LabelSelector::read(&plain, true);
        assert!(selector.matches(&web) && !selector.matches(&db));

        let full = map(vec![
            ("matchLabels", map(vec![("tier", text("front"))])),
            ("matchExpressions", list(vec![requirement("app", "In", &["web", "api"])])),
        ]);
        let selector = LabelSelector::read(&full, false);
        assert!(selector.matches(&web) && !selector.matches(&db));

        let not_in = map(vec![("matchExpressions", list(vec![requirement("app", "NotIn", &["web"])]))]);
        assert!(!selector_matches(&not_in, &web, false) && selector_matches(&not_in, &db, false));
        let absent = map(vec![("matchExpressions", list(vec![requirement("tier", "DoesNotExist", &[])]))]);
        assert!(!selector_matches(&absent, &web, false) && selector_matches(&absent, &db, false));
        let bogus = map(vec![("matchExpressions", list(vec![requirement("app", "Near", &["web"])]))]);
        assert!(!selector_matches(&bogus, &web, false));
        // An empty selector selects everything.
        assert!(selector_matches(&map(vec![]), &db, false));
    }
}
