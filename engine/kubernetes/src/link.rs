//! Edges between Kubernetes resources of the graph.
//!
//! Namespaces are compared as the manifests write them: two objects whose manifests both name
//! no namespace count as being in the same (unspecified) namespace, since they are normally
//! applied together into one; an unspecified namespace never matches a named one, not even
//! `default`, because the namespace they land in is decided at apply time.
//!
//! Targets are matched on API group as well as kind, so a CRD that reuses a built-in kind name
//! (Calico's `NetworkPolicy`, say) is not mistaken for the built-in.

use std::collections::HashMap;

use tollgate_model::kube::{self, pod_labels, pod_spec_path, selector_matches};
use tollgate_model::{EdgeKind, GraphBuilder, Resource, ResourceId, Value};

const CORE: &str = "";
const RBAC: &str = "rbac.authorization.k8s.io";
const NETWORKING: &str = "networking.k8s.io";

type Key<'a> = (&'a str, &'a str, Option<&'a str>, &'a str);

/// Kubernetes resources by (group, kind, namespace, name).
struct Index<'a> {
    by_identity: HashMap<Key<'a>, Vec<ResourceId>>,
    workloads: Vec<Workload<'a>>,
}

struct Workload<'a> {
    id: ResourceId,
    namespace: Option<&'a str>,
    labels: Vec<(&'a str, &'a str)>,
}

impl<'a> Index<'a> {
    fn new(resources: impl Iterator<Item = (ResourceId, &'a Resource)>) -> Self {
        let mut index = Index { by_identity: HashMap::new(), workloads: Vec::new() };
        for (id, r) in resources {
            let Some(k) = r.kube() else { continue };
            let key = (k.group.as_str(), k.kind.as_str(), k.namespace.as_deref(), k.name.as_str());
            index.by_identity.entry(key).or_default().push(id);
            if kube::is_workload(r) {
                index.workloads.push(Workload { id, namespace: k.namespace.as_deref(), labels: pod_labels(r) });
            }
        }
        index
    }

    fn find(&self, group: &'a str, kind: &'a str, namespace: Option<&'a str>, name: &'a str) -> &[ResourceId] {
        self.by_identity.get(&(group, kind, namespace, name)).map_or(&[], Vec::as_slice)
    }

    fn workloads_in(&self, namespace: Option<&'a str>) -> impl Iterator<Item = &Workload<'a>> + '_ {
        self.workloads.iter().filter(move |w| w.namespace == namespace)
    }
}

struct PendingEdge {
    from: ResourceId,
    to: ResourceId,
    kind: EdgeKind,
    via: String,
}

/// Adds ServiceAccount, Service selector, NetworkPolicy selector, Namespace and RBAC binding
/// edges between the Kubernetes resources of the graph.
pub fn link(builder: &mut GraphBuilder) {
    let edges = {
        let index = Index::new(builder.resources());
        let mut edges = Vec::new();
        for (id, r) in builder.resources() {
            let Some(k) = r.kube() else { continue };
            let namespace = k.namespace.as_deref();
            let mut add =
                |to: ResourceId, kind: EdgeKind, via: String| edges.push(PendingEdge { from: id, to, kind, via });
            if let Some(ns) = namespace {
                for &to in index.find(CORE, "Namespace", None, ns) {
                    add(to, EdgeKind::InNamespace, "metadata.namespace".into());
                }
            }
            if let Some((name, via)) = service_account(r) {
                for &to in index.find(CORE, "ServiceAccount", namespace, name) {
                    add(to, EdgeKind::ServiceAccount, via.clone());
                }
            }
            match (k.group.as_str(), k.kind.as_str()) {
                (CORE, "Service") => {
                    for to in service_targets(r, &index) {
                        add(to, EdgeKind::ServiceSelects, "spec.selector".into());
                    }
                }
                (NETWORKING, "NetworkPolicy") => {
                    for to in policy_targets(r, &index) {
                        add(to, EdgeKind::PolicySelects, "spec.podSelector".into());
                    }
                }
                (RBAC, "RoleBinding" | "ClusterRoleBinding") => binding_edges(r, &index, &mut add),
                _ => {}
            }
        }
        edges
    };
    for e in edges {
        builder.add_edge(e.from, e.to, e.kind, e.via);
    }
}

/// The ServiceAccount a workload's pods run as, and the field that says so: `serviceAccountName`,
/// else the deprecated `serviceAccount`, else `default` (also for an empty name).
fn service_account(r: &Resource) -> Option<(&str, String)> {
    let path = pod_spec_path(&r.kube()?.kind)?;
    let spec = kube::pod_spec(r)?;
    let prefix = path.join(".");
    for field in ["serviceAccountName", "serviceAccount"] {
        match spec.get(field).known() {
            None => continue,
            Some(v) if v.is_null() || v.as_str() == Some("") => continue,
            Some(v) => return Some((v.as_str()?, format!("{prefix}.{field}"))),
        }
    }
    Some(("default", format!("{prefix}.serviceAccountName (unset: default)")))
}

/// Workloads in the Service's namespace whose pod labels match its selector. A Service without
/// a selector (endpoints managed by hand) selects nothing.
fn service_targets<'a>(service: &'a Resource, index: &Index<'a>) -> Vec<ResourceId> {
    let Some(selector) = service.body.lookup(&["spec", "selector"]).known() else { return Vec::new() };
    let Some(entries) = selector.as_map() else { return Vec::new() };
    if entries.is_empty() || !all_strings(selector) {
        return Vec::new();
    }
    index
        .workloads_in(service.namespace())
        .filter(|w| selector_matches(selector, &w.labels, true))
        .map(|w| w.id)
        .collect()
}

/// Workloads in the policy's namespace whose pods its `spec.podSelector` selects; an empty (or
/// null) selector selects them all. The API requires the field: a policy without it, or with
/// label values that are not strings, selects nothing here.
fn policy_targets<'a>(policy: &'a Resource, index: &Index<'a>) -> Vec<ResourceId> {
    let Some(selector) = policy.body.lookup(&["spec", "podSelector"]).known() else { return Vec::new() };
    let well_formed = selector.is_null()
        || (selector.as_map().is_some()
            && selector.get("matchLabels").known().is_none_or(|m| m.is_null() || all_strings(m)));
    if !well_formed {
        return Vec::new();
    }
    index
        .workloads_in(policy.namespace())
        .filter(|w| selector_matches(selector, &w.labels, false))
        .map(|w| w.id)
        .collect()
}

/// A non-empty string field.
fn text_field<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value.get(field).known().and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A map whose values are all strings (label maps with other values are rejected by the API).
fn all_strings(map: &Value) -> bool {
    map.as_map().is_some_and(|entries| entries.iter().all(|e| e.value.as_str().is_some()))
}

/// `roleRef` to its Role (same namespace) or ClusterRole, and each ServiceAccount subject
/// (namespace defaulting to the binding's).
fn binding_edges<'a>(binding: &'a Resource, index: &Index<'a>, add: &mut impl FnMut(ResourceId, EdgeKind, String)) {
    let namespace = binding.namespace();
    if let Some(role_ref) = binding.body.get("roleRef").known() {
        let target = match (text_field(role_ref, "kind"), binding.is_kind("RoleBinding")) {
            (Some("Role"), true) => Some(("Role", namespace)),
            (Some("ClusterRole"), _) => Some(("ClusterRole", None)),
            _ => None,
        };
        if let (Some((kind, ns)), Some(name)) = (target, text_field(role_ref, "name")) {
            for &to in index.find(RBAC, kind, ns, name) {
                add(to, EdgeKind::BindsRole, "roleRef".into());
            }
        }
    }
    let Some(subjects) = binding.body.get("subjects").known() else { return };
    for (i, subject) in subjects.items().iter().enumerate() {
        if text_field(subject, "kind") != Some("ServiceAccount") {
            continue;
        }
        let Some(name) = text_field(subject, "name") else { continue };
        let ns = text_field(subject, "namespace").or(namespace);
        for &to in index.find(CORE, "ServiceAccount", ns, name) {
            add(to, EdgeKind::BindsSubject, format!("subjects[{i}]"));
        }
    }
}
