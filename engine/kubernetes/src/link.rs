//! Edges between Kubernetes resources of the graph.
//!
//! Namespaces are compared as the manifests write them: two objects whose manifests both name
//! no namespace count as being in the same (unspecified) namespace, since they are normally
//! applied together into one; an unspecified namespace never matches a named one, not even
//! `default`, because the namespace they land in is decided at apply time.
//!
//! Renders of one Helm chart with different values sets (dev and prod) are alternatives, never
//! linked to each other; each is linked to the plain manifests and other charts' objects.
//!
//! Objects are linked only within one cluster ([`Resource::cluster`], set from the clusters
//! `tollgate.toml` names; by default the whole scan is one): a Service never selects the pods of
//! another cluster, and a namespace of one cluster is not the same-named namespace of another.
//!
//! Targets are matched on API group as well as kind, so a CRD that reuses a built-in kind name
//! (Calico's `NetworkPolicy`, say) is not mistaken for the built-in.
//!
//! Cost: targets are found through indexes (by identity, and workloads by namespace), selectors
//! are read once per Service or NetworkPolicy, and edges are planned per source (a slice of the
//! index, or of the selected workloads) before they are added, so nothing is allocated per pair
//! but the edge itself. The edges can still be many: N objects sharing one identity (copies of
//! an estate applied to one namespace) are each linked to every one of N targets, since any
//! of them may be the one applied.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use tollgate_model::kube::{self, pod_labels, pod_spec_path, LabelSelector};
use tollgate_model::{EdgeKind, GraphBuilder, Resource, ResourceId, Value};

const CORE: &str = "";
const RBAC: &str = "rbac.authorization.k8s.io";
const NETWORKING: &str = "networking.k8s.io";

/// (cluster, group, kind, namespace, name).
type Key<'a> = (Option<&'a str>, &'a str, &'a str, Option<&'a str>, &'a str);

/// A namespace of one cluster.
type Scope<'a> = (Option<&'a str>, Option<&'a str>);

/// Kubernetes resources by (cluster, group, kind, namespace, name), and workloads by cluster and
/// namespace.
struct Index<'a> {
    by_identity: HashMap<Key<'a>, Vec<ResourceId>>,
    workloads_by_namespace: HashMap<Scope<'a>, Vec<Workload<'a>>>,
}

struct Workload<'a> {
    id: ResourceId,
    labels: Vec<(&'a str, &'a str)>,
}

impl<'a> Index<'a> {
    fn new(resources: impl Iterator<Item = (ResourceId, &'a Resource)>) -> Self {
        let mut index = Index { by_identity: HashMap::new(), workloads_by_namespace: HashMap::new() };
        for (id, r) in resources {
            let Some(k) = r.kube() else { continue };
            let cluster = k.cluster.as_deref();
            let key = (cluster, k.group.as_str(), k.kind.as_str(), k.namespace.as_deref(), k.name.as_str());
            index.by_identity.entry(key).or_default().push(id);
            if kube::is_workload(r) {
                let workload = Workload { id, labels: pod_labels(r) };
                index.workloads_by_namespace.entry((cluster, k.namespace.as_deref())).or_default().push(workload);
            }
        }
        index
    }

    /// The objects of `from`'s cluster with this identity.
    fn find(
        &self,
        from: &'a Resource,
        group: &'a str,
        kind: &'a str,
        namespace: Option<&'a str>,
        name: &'a str,
    ) -> &[ResourceId] {
        self.by_identity.get(&(from.cluster(), group, kind, namespace, name)).map_or(&[], Vec::as_slice)
    }

    /// The workloads in `from`'s namespace and cluster.
    fn workloads_beside(&self, from: &'a Resource) -> &[Workload<'a>] {
        self.workloads_by_namespace.get(&(from.cluster(), from.namespace())).map_or(&[], Vec::as_slice)
    }
}

/// The edges to add, one entry per source and field: the targets are a slice of the index or a
/// range of `selected` (the workloads a selector matched).
#[derive(Default)]
struct EdgePlan<'a> {
    groups: Vec<(ResourceId, EdgeKind, Cow<'static, str>, Targets<'a>)>,
    selected: Vec<ResourceId>,
}

enum Targets<'a> {
    Found(&'a [ResourceId]),
    Selected(Range<usize>),
}

impl<'a> EdgePlan<'a> {
    /// Edges of one kind from `from` to `targets`, made by the field `via`.
    fn add(&mut self, from: ResourceId, targets: &'a [ResourceId], kind: EdgeKind, via: impl Into<Cow<'static, str>>) {
        if !targets.is_empty() {
            self.groups.push((from, kind, via.into(), Targets::Found(targets)));
        }
    }

    /// Edges to the workloads `select` appends to `selected`.
    fn add_selected(
        &mut self,
        from: ResourceId,
        kind: EdgeKind,
        via: &'static str,
        select: impl FnOnce(&mut Vec<ResourceId>),
    ) {
        let start = self.selected.len();
        select(&mut self.selected);
        if self.selected.len() > start {
            self.groups.push((from, kind, Cow::Borrowed(via), Targets::Selected(start..self.selected.len())));
        }
    }

    fn targets(&self, targets: &Targets<'a>) -> &[ResourceId] {
        match targets {
            Targets::Found(found) => found,
            Targets::Selected(range) => self.selected.get(range.clone()).unwrap_or_default(),
        }
    }

    /// Adds the planned edges, except between renders of one chart with different values sets
    /// (alternatives such as dev and prod, never deployed side by side).
    fn apply(self, builder: &mut GraphBuilder, resources: &[Resource]) {
        let count = self.groups.iter().map(|(_, _, _, targets)| self.targets(targets).len()).sum();
        builder.reserve_edges(count);
        let alternatives =
            |a: ResourceId, b: ResourceId| match (resources.get(a.0 as usize), resources.get(b.0 as usize)) {
                (Some(a), Some(b)) => a.is_alternative_render_of(b),
                _ => false,
            };
        for (from, kind, via, targets) in &self.groups {
            for &to in self.targets(targets) {
                if alternatives(*from, to) {
                    continue;
                }
                builder.add_edge(*from, to, *kind, via.as_ref());
            }
        }
    }
}

/// Adds ServiceAccount, Service selector, NetworkPolicy selector, Namespace and RBAC binding
/// edges between the Kubernetes resources of the graph.
pub fn link(builder: &mut GraphBuilder) {
    // The resources are lent out while the index borrows them, so that edges go straight into
    // the builder (adding an edge does not look at the resources).
    let resources = std::mem::take(&mut builder.resources);
    let ids = || resources.iter().enumerate().map(|(i, r)| (ResourceId(i as u32), r));
    let index = Index::new(ids());
    let mut plan = EdgePlan::default();
    for (id, r) in ids() {
        let Some(k) = r.kube() else { continue };
        let namespace = k.namespace.as_deref();
        if let Some(ns) = namespace {
            plan.add(id, index.find(r, CORE, "Namespace", None, ns), EdgeKind::InNamespace, "metadata.namespace");
        }
        if let Some((name, via)) = service_account(r) {
            plan.add(id, index.find(r, CORE, "ServiceAccount", namespace, name), EdgeKind::ServiceAccount, via);
        }
        match (k.group.as_str(), k.kind.as_str()) {
            (CORE, "Service") => {
                plan.add_selected(id, EdgeKind::ServiceSelects, "spec.selector", |out| service_targets(r, &index, out))
            }
            (NETWORKING, "NetworkPolicy") => {
                plan.add_selected(id, EdgeKind::PolicySelects, "spec.podSelector", |out| policy_targets(r, &index, out))
            }
            (RBAC, "RoleBinding" | "ClusterRoleBinding") => binding_edges(id, r, &index, &mut plan),
            _ => {}
        }
    }
    plan.apply(builder, &resources);
    drop(index);
    builder.resources = resources;
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

/// Workloads in the Service's namespace whose pod labels match its selector, onto `out`. A
/// Service without a selector (endpoints managed by hand) selects nothing.
fn service_targets<'a>(service: &'a Resource, index: &Index<'a>, out: &mut Vec<ResourceId>) {
    let Some(selector) = service.body.lookup(&["spec", "selector"]).known() else { return };
    let Some(entries) = selector.as_map() else { return };
    if entries.is_empty() || !all_strings(selector) {
        return;
    }
    select_workloads(&LabelSelector::read(selector, true), index.workloads_beside(service), out);
}

/// Workloads in the policy's namespace whose pods its `spec.podSelector` selects, onto `out`; an
/// empty (or null) selector selects them all. The API requires the field: a policy without it,
/// or with label values that are not strings, selects nothing here.
fn policy_targets<'a>(policy: &'a Resource, index: &Index<'a>, out: &mut Vec<ResourceId>) {
    let Some(selector) = policy.body.lookup(&["spec", "podSelector"]).known() else { return };
    let well_formed = selector.is_null()
        || (selector.as_map().is_some()
            && selector.get("matchLabels").known().is_none_or(|m| m.is_null() || all_strings(m)));
    if !well_formed {
        return;
    }
    select_workloads(&LabelSelector::read(selector, false), index.workloads_beside(policy), out);
}

fn select_workloads(selector: &LabelSelector<'_>, workloads: &[Workload<'_>], out: &mut Vec<ResourceId>) {
    out.extend(workloads.iter().filter(|w| selector.matches(&w.labels)).map(|w| w.id));
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
fn binding_edges<'r, 'p>(id: ResourceId, binding: &'r Resource, index: &'p Index<'r>, plan: &mut EdgePlan<'p>) {
    let namespace = binding.namespace();
    if let Some(role_ref) = binding.body.get("roleRef").known() {
        let target = match (text_field(role_ref, "kind"), binding.is_kind("RoleBinding")) {
            (Some("Role"), true) => Some(("Role", namespace)),
            (Some("ClusterRole"), _) => Some(("ClusterRole", None)),
            _ => None,
        };
        if let (Some((kind, ns)), Some(name)) = (target, text_field(role_ref, "name")) {
            plan.add(id, index.find(binding, RBAC, kind, ns, name), EdgeKind::BindsRole, "roleRef");
        }
    }
    let Some(subjects) = binding.body.get("subjects").known() else { return };
    for (i, subject) in subjects.items().iter().enumerate() {
        if text_field(subject, "kind") != Some("ServiceAccount") {
            continue;
        }
        let Some(name) = text_field(subject, "name") else { continue };
        let ns = text_field(subject, "namespace").or(namespace);
        let targets = index.find(binding, CORE, "ServiceAccount", ns, name);
        if !targets.is_empty() {
            plan.add(id, targets, EdgeKind::BindsSubject, format!("subjects[{i}]"));
        }
    }
}
