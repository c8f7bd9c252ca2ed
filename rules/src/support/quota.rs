//! What a namespace's workloads add up to against a ResourceQuota's `hard` caps, now and at the
//! autoscalers' maximum: the projection behind the `quota` rules.
//!
//! Counted as the ResourceQuota admission plugin counts (pod figures and replicas from
//! `tollgate_kubernetes::resources`, shared with the Kubernetes cost allocation). Each
//! Kubernetes environment is projected on its own: plain manifests join every environment, a
//! chart rendered with several values sets (`@dev`, `@prod`) contributes one set per projection.

use std::collections::BTreeSet;
use tollgate_evaluate::Context;
use tollgate_kubernetes::resources::limit_range::container_ranges_among;
use tollgate_kubernetes::resources::pods::{pod_amount, replicas, PodAmount, Replicas};
use tollgate_kubernetes::resources::quantity::Quantity;
use tollgate_model::kube;
use tollgate_model::{Lookup, Resource, Span, Value};

pub use tollgate_kubernetes::resources::pods::Scale;

/// What one `hard` key of a quota counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tracked {
    /// `requests.cpu` (or bare `cpu`), `limits.memory`, `requests.nvidia.com/gpu`, ...
    Compute { limits: bool, resource: String },
    /// `pods`, `count/pods`
    Pods,
    /// `count/deployments.apps`, `services`, `configmaps`: objects of one resource and API group.
    Objects { plural: String, group: String },
}

impl Tracked {
    /// What a key counts; `None` for keys the projection does not follow (storage requests,
    /// storage classes, `services.loadbalancers`, `services.nodeports`).
    pub fn read(key: &str) -> Option<Tracked> {
        const LEGACY_COUNTS: [&str; 6] =
            ["services", "secrets", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "resourcequotas"];
        if key == "pods" || key == "count/pods" {
            return Some(Tracked::Pods);
        }
        if let Some(counted) = key.strip_prefix("count/") {
            let (plural, group) = counted.split_once('.').unwrap_or((counted, ""));
            return Some(Tracked::Objects { plural: plural.to_string(), group: group.to_string() });
        }
        if LEGACY_COUNTS.contains(&key) {
            return Some(Tracked::Objects { plural: key.to_string(), group: String::new() });
        }
        let compute = |limits: bool, resource: &str| {
            (resource != "storage").then(|| Tracked::Compute { limits, resource: resource.to_string() })
        };
        match key {
            "cpu" | "memory" | "ephemeral-storage" => compute(false, key),
            _ => match (key.strip_prefix("requests."), key.strip_prefix("limits.")) {
                (Some(resource), _) => compute(false, resource),
                (_, Some(resource)) => compute(true, resource),
                _ => None,
            },
        }
    }
}

/// One workload's known share of a total.
#[derive(Debug, Clone)]
pub struct Part<'g> {
    pub workload: &'g Resource,
    pub replicas: u64,
    pub each: Quantity,
    pub total: Quantity,
    /// The HorizontalPodAutoscaler whose `maxReplicas` gave the replicas (at max scale only).
    pub autoscaler: Option<&'g Resource>,
}

/// A workload whose share is not known, and why.
#[derive(Debug, Clone)]
pub struct Unresolved<'g> {
    pub workload: &'g Resource,
    pub value: Option<&'g Value>,
    pub why: String,
}

/// A container the quota makes the API server reject: it has no request or limit the quota
/// constrains, and no LimitRange default supplies one.
#[derive(Debug, Clone, Copy)]
pub struct Rejected<'g> {
    pub workload: &'g Resource,
    pub container: &'g str,
    pub at: Span,
}

/// The sum of one tracked figure over one environment of a namespace.
#[derive(Debug, Default)]
pub struct Projection<'g> {
    pub used: Quantity,
    /// Known shares, largest first.
    pub parts: Vec<Part<'g>>,
    pub unresolved: Vec<Unresolved<'g>>,
    pub rejected: Vec<Rejected<'g>>,
}

/// The objects one quota counts, in one environment.
pub struct Environment<'g> {
    /// The values set, when the namespace has renders of several.
    pub values_set: Option<String>,
    pub objects: Vec<&'g Resource>,
}

/// The environments of `quota`'s namespace: the Kubernetes objects of its cluster and namespace,
/// split by values set where a chart is rendered with several.
pub fn environments<'g>(ctx: &Context<'g>, quota: &'g Resource) -> Vec<Environment<'g>> {
    let mut objects: Vec<&Resource> = ctx
        .resources()
        .map(|(_, r)| r)
        .filter(|r| r.kube().is_some() && r.shares_namespace_with(quota) && !r.is_alternative_render_of(quota))
        .collect();
    objects.sort_by(|a, b| a.address.cmp(&b.address));
    let has_alternatives = |r: &Resource| objects.iter().any(|o| o.is_alternative_render_of(r));
    let sets: BTreeSet<&str> = objects
        .iter()
        .filter(|r| has_alternatives(r))
        .filter_map(|r| r.helm().map(|h| h.values_set.as_str()))
        .collect();
    if sets.is_empty() {
        return vec![Environment { values_set: None, objects }];
    }
    sets.into_iter()
        .map(|set| Environment {
            values_set: Some(set.to_string()),
            objects: objects
                .iter()
                .copied()
                .filter(|r| !has_alternatives(r) || r.helm().is_some_and(|h| h.values_set == set))
                .collect(),
        })
        .collect()
}

/// Sums `tracked` over an environment's objects at `scale`.
pub fn project<'g>(env: &Environment<'g>, tracked: &Tracked, scale: Scale) -> Projection<'g> {
    let mut projection = Projection::default();
    for &object in &env.objects {
        let share = match tracked {
            Tracked::Objects { plural, group } if plural == "persistentvolumeclaims" && group.is_empty() => {
                claims_share(env, object, scale)
            }
            Tracked::Objects { plural, group } => object_share(object, plural, group),
            _ if kube::is_workload(object) => workload_share(env, object, tracked, scale),
            _ => Share::None,
        };
        projection.add(object, share);
    }
    projection.parts.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.workload.address.cmp(&b.workload.address)));
    projection
}

/// What one object adds to a projection.
enum Share<'g> {
    None,
    Known { replicas: u64, each: Quantity, autoscaler: Option<&'g Resource> },
    Unknown(Option<&'g Value>, String),
    Rejected(Vec<(&'g str, Span)>),
}

impl<'g> Projection<'g> {
    fn add(&mut self, workload: &'g Resource, share: Share<'g>) {
        match share {
            Share::None => {}
            Share::Known { replicas, each, autoscaler } => {
                let total = each.checked_mul(replicas).and_then(|t| self.used.checked_add(t).map(|u| (t, u)));
                match total {
                    Some((total, used)) => {
                        self.used = used;
                        self.parts.push(Part { workload, replicas, each, total, autoscaler });
                    }
                    None => self.unresolved.push(Unresolved { workload, value: None, why: "is too large".into() }),
                }
            }
            Share::Unknown(value, why) => self.unresolved.push(Unresolved { workload, value, why }),
            Share::Rejected(containers) => self
                .rejected
                .extend(containers.into_iter().map(|(container, at)| Rejected { workload, container, at })),
        }
    }
}

/// One object of the counted resource (a Deployment also keeps one ReplicaSet, a CronJob run
/// one Job: the smallest number of objects they create).
fn object_share<'g>(object: &Resource, plural: &str, group: &str) -> Share<'g> {
    let Some(origin) = object.kube() else { return Share::None };
    let created = match origin.kind.as_str() {
        "Deployment" => Some(("replicasets", "apps")),
        "CronJob" => Some(("jobs", "batch")),
        _ => None,
    };
    let matches = |p: &str, g: &str| p == plural && g == group;
    let count = u64::from(matches(&plural_of(&origin.kind), &origin.group))
        + u64::from(created.is_some_and(|(p, g)| matches(p, g)));
    match count {
        0 => Share::None,
        n => Share::Known { replicas: n, each: Quantity::units(1), autoscaler: None },
    }
}

/// PersistentVolumeClaims: one per claim object, and one per `volumeClaimTemplates` entry for
/// each replica of a StatefulSet (the controller creates them).
fn claims_share<'g>(env: &Environment<'g>, object: &'g Resource, scale: Scale) -> Share<'g> {
    if object.is_kind("PersistentVolumeClaim") {
        return Share::Known { replicas: 1, each: Quantity::units(1), autoscaler: None };
    }
    if !object.is_kind("StatefulSet") {
        return Share::None;
    }
    let templates = match object.body.lookup(&["spec", "volumeClaimTemplates"]) {
        Lookup::Unknown(v) => return Share::Unknown(Some(v), "has `volumeClaimTemplates` that are not known".into()),
        l => l.known().map_or(0, |v| v.items().len() as u64),
    };
    match (templates, replicas(&env.objects, object, scale)) {
        (0, _) => Share::None,
        (n, Replicas::Known(replicas, autoscaler)) => Share::Known { replicas, each: Quantity::units(n), autoscaler },
        (_, Replicas::Unknown(value, why)) => Share::Unknown(value, why),
    }
}

/// The API's resource name of a kind: `Deployment` -> `deployments`, `Ingress` -> `ingresses`,
/// `NetworkPolicy` -> `networkpolicies`.
fn plural_of(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    if lower == "endpoints" {
        return lower;
    }
    if let Some(stem) = lower.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        return format!("{stem}ies");
    }
    if lower.ends_with('s') || lower.ends_with('x') || lower.ends_with("ch") {
        return format!("{lower}es");
    }
    format!("{lower}s")
}

fn workload_share<'g>(
    env: &Environment<'g>,
    workload: &'g Resource,
    tracked: &Tracked,
    scale: Scale,
) -> Share<'g> {
    let replicas = match replicas(&env.objects, workload, scale) {
        Replicas::Known(n, autoscaler) => (n, autoscaler),
        Replicas::Unknown(value, why) => return Share::Unknown(value, why),
    };
    let each = match tracked {
        Tracked::Pods => Quantity::units(1),
        Tracked::Compute { limits, resource } => {
            let Some(pod_spec) = kube::pod_spec(workload) else {
                let value = workload.body.lookup(kube::pod_spec_path(&workload.type_name).unwrap_or_default()).value();
                return Share::Unknown(value, "has a pod spec that is not known".into());
            };
            // The environment already holds the namespace's objects: its LimitRanges among them.
            let namespace_ranges = env.objects.iter().copied().filter(|r| r.is_kind("LimitRange"));
            let ranges =
                container_ranges_among(namespace_ranges.filter(|r| !r.is_alternative_render_of(workload)).collect());
            match pod_amount(pod_spec, &ranges, *limits, resource) {
                PodAmount::Known(q) => q,
                PodAmount::Unknown(v) => {
                    let side = if *limits { "limits" } else { "requests" };
                    return Share::Unknown(Some(v), format!("has a {side}.{resource} that is not known"));
                }
                PodAmount::Missing(containers) => return Share::Rejected(containers),
            }
        }
        Tracked::Objects { .. } => return Share::None,
    };
    Share::Known { replicas: replicas.0, each, autoscaler: replicas.1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_keys_name_what_they_count() {
        let compute = |limits, r: &str| Some(Tracked::Compute { limits, resource: r.to_string() });
        let objects = |p: &str, g: &str| Some(Tracked::Objects { plural: p.to_string(), group: g.to_string() });
        assert_eq!(Tracked::read("requests.cpu"), compute(false, "cpu"));
        assert_eq!(Tracked::read("cpu"), compute(false, "cpu"));
        assert_eq!(Tracked::read("memory"), compute(false, "memory"));
        assert_eq!(Tracked::read("limits.memory"), compute(true, "memory"));
        assert_eq!(Tracked::read("requests.nvidia.com/gpu"), compute(false, "nvidia.com/gpu"));
        assert_eq!(Tracked::read("pods"), Some(Tracked::Pods));
        assert_eq!(Tracked::read("count/pods"), Some(Tracked::Pods));
        assert_eq!(Tracked::read("count/deployments.apps"), objects("deployments", "apps"));
        assert_eq!(Tracked::read("count/services"), objects("services", ""));
        assert_eq!(Tracked::read("configmaps"), objects("configmaps", ""));
        assert_eq!(Tracked::read("requests.storage"), None);
        assert_eq!(Tracked::read("services.loadbalancers"), None);
        assert_eq!(Tracked::read("gold.storageclass.storage.k8s.io/requests.storage"), None);
    }

    #[test]
    fn kinds_pluralise_as_the_api_names_them() {
        for (kind, plural) in [
            ("Deployment", "deployments"),
            ("Ingress", "ingresses"),
            ("NetworkPolicy", "networkpolicies"),
            ("Endpoints", "endpoints"),
            ("ConfigMap", "configmaps"),
            ("Gateway", "gateways"),
        ] {
            assert_eq!(plural_of(kind), plural);
        }
    }
}
