//! Kubernetes RBAC roles as the admin-role rules see them: which API groups a wildcard rule
//! covers, and what an aggregated ClusterRole holds.
//!
//! A rule is admin when it allows verb `*` on resource `*` in an API group whose resources take
//! the cluster or namespace: every group (`*`, as `cluster-admin`), the core group `""` (every
//! Secret, Pod and ServiceAccount token), or `rbac.authorization.k8s.io` (which can bind itself
//! any role). `*` on `*` of another group (`metrics.k8s.io`, a CRD group, `apps`) is full control
//! of that group only, not admin.
//!
//! An aggregated ClusterRole's `rules` are written by the control plane: the union of the
//! ClusterRoles its `aggregationRule.clusterRoleSelectors` select, replacing whatever the manifest
//! writes. It is admin when one selected ClusterRole of the scan is; otherwise unknown, since
//! ClusterRoles outside the scan may carry the selected labels too.

use super::attr::{str_attr, strings, Attr, Tri};
use tollgate_evaluate::Context;
use tollgate_model::kube::{string_map, LabelSelector};
use tollgate_model::{EdgeKind, Lookup, Resource, ResourceId, Value};

/// API groups in which `*` on `*` is admin, and how messages name them.
const ADMIN_GROUPS: &[(&str, &str)] =
    &[("*", "every API group"), ("", "the core API group"), ("rbac.authorization.k8s.io", "the RBAC API group")];

/// Whether the role a binding refers to is an admin role.
#[derive(Debug, PartialEq)]
pub enum Verdict<'a> {
    /// How to name the role in a message.
    Admin(String),
    NotAdmin,
    /// The verdict depends on this value; why it is unknown.
    Unknown(&'a Value, String),
}

/// Judges the role of a binding: the Role or ClusterRole of the scan it binds, else the built-in
/// `cluster-admin` or `admin` by name (other roles outside the scan are not judged).
pub fn admin_role<'g>(ctx: &Context<'g>, binding_id: ResourceId, binding: &'g Resource) -> Verdict<'g> {
    if let Some((_, role)) = ctx.outgoing(binding_id, EdgeKind::BindsRole).next() {
        return match role.body.get("aggregationRule") {
            Lookup::Absent => written_rules(role),
            Lookup::Known(v) if v.is_null() => written_rules(role),
            Lookup::Known(rule) => aggregated(ctx, role, rule),
            Lookup::Unknown(v) => Verdict::Unknown(v, format!("the `aggregationRule` of `{}` is not known", role.address)),
        };
    }
    let kind = str_attr(&binding.body, &["roleRef", "kind"]);
    let name = str_attr(&binding.body, &["roleRef", "name"]);
    match (kind, name) {
        (Attr::Set("ClusterRole", _), Attr::Set("cluster-admin", _)) => {
            Verdict::Admin("ClusterRole `cluster-admin` (every verb on every resource)".to_string())
        }
        // Kubernetes' user-facing roles: `admin` reads and writes most namespaced resources,
        // Secrets included, and creates Roles and RoleBindings (what `*` on `*` in RBAC grants).
        (Attr::Set("ClusterRole", _), Attr::Set("admin", _)) => Verdict::Admin(
            "the built-in ClusterRole `admin` (most resources of a namespace, Secrets, Roles and RoleBindings \
             included)"
                .to_string(),
        ),
        (Attr::Unknown(v), _) | (_, Attr::Unknown(v)) => Verdict::Unknown(v, "the role is not known".to_string()),
        _ => Verdict::NotAdmin,
    }
}

/// A role judged by the rules written in it.
fn written_rules(role: &Resource) -> Verdict<'_> {
    match admin_rule(role) {
        Ok(Some(groups)) => {
            Verdict::Admin(format!("{} `{}` (verb `*` on resource `*` in {groups})", role.type_name, role.name))
        }
        Ok(None) => Verdict::NotAdmin,
        Err(v) => Verdict::Unknown(v, format!("the rules of `{}` are not known", role.address)),
    }
}

/// The API groups of the first admin rule of a role (see the module documentation).
fn admin_rule(role: &Resource) -> Result<Option<&'static str>, &Value> {
    let rules = match role.body.get("rules") {
        Lookup::Absent => return Ok(None),
        Lookup::Unknown(v) => return Err(v),
        Lookup::Known(v) => v.items(),
    };
    let mut unknown = None;
    for rule in rules {
        let every = |key: &str| strings(rule, &[key]).any(|v| v == "*");
        let groups = strings(rule, &["apiGroups"]);
        let admin_group = match ADMIN_GROUPS.iter().find(|(group, _)| groups.contains(group)) {
            Some(_) => Tri::Yes,
            None => groups.unknown.first().map_or(Tri::No, |v| Tri::Unknown(v)),
        };
        match every("verbs").and(|| every("resources")).and(|| admin_group) {
            Tri::Yes => return Ok(ADMIN_GROUPS.iter().find(|(g, _)| groups.contains(g)).map(|(_, name)| *name)),
            Tri::Unknown(v) => unknown = unknown.or(Some(v)),
            Tri::No => {}
        }
    }
    unknown.map_or(Ok(None), Err)
}

/// An aggregated ClusterRole: admin when a ClusterRole of the scan it selects is, or when a
/// selector is empty (it then selects every ClusterRole, `cluster-admin` too); else unknown.
fn aggregated<'g>(ctx: &Context<'g>, role: &'g Resource, rule: &'g Value) -> Verdict<'g> {
    let selectors: Vec<&Value> = rule.get("clusterRoleSelectors").known().map(Value::items).unwrap_or_default().iter().collect();
    let name = format!("ClusterRole `{}`", role.name);
    if selectors.iter().any(|s| s.as_map().is_some_and(<[_]>::is_empty)) {
        return Verdict::Admin(format!("{name} (it aggregates every ClusterRole, `cluster-admin` among them)"));
    }
    let selectors: Vec<LabelSelector> = selectors.into_iter().map(|s| LabelSelector::read(s, false)).collect();
    let mut selected: Vec<&Resource> = ctx
        .kube_objects("ClusterRole")
        .map(|(_, r)| r)
        .filter(|r| r.address != role.address)
        .filter(|r| {
            let labels = string_map(r.body.lookup(&["metadata", "labels"]).known());
            selectors.iter().any(|s| s.matches(&labels))
        })
        .collect();
    selected.sort_by(|a, b| a.address.cmp(&b.address));
    for source in &selected {
        if let Ok(Some(groups)) = admin_rule(source) {
            return Verdict::Admin(format!(
                "{name} (it aggregates ClusterRole `{}`, which allows verb `*` on resource `*` in {groups})",
                source.name
            ));
        }
    }
    let in_scan = match selected.len() {
        0 => "no ClusterRole of the scan carries those labels".to_string(),
        1 => "the one ClusterRole of the scan that does is not admin".to_string(),
        n => format!("the {n} ClusterRoles of the scan that do are not admin"),
    };
    let why = format!(
        "{name} aggregates the ClusterRoles its `aggregationRule` selects by label, which may include ClusterRoles \
         outside the scan ({in_scan})"
    );
    Verdict::Unknown(rule, why)
}
