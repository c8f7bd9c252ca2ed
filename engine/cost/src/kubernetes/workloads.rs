//! One allocated cost line per workload: its pods' effective requests (as the API server admits
//! them: init containers, sidecars, LimitRange defaults) times its replicas, now and at its
//! autoscaler's maximum, priced per vCPU-hour and GiB-hour.

use super::pricing::{PodCount, Pricing};
use crate::{Component, CostLine, CostScope, LineKind, Price, Quantity};
use std::collections::BTreeMap;
use tollgate_kubernetes::resources::limit_range::container_ranges_among;
use tollgate_kubernetes::resources::pods::{pod_amount, replicas, PodAmount, Replicas, Scale};
use tollgate_kubernetes::resources::quantity::Quantity as KubeQuantity;
use tollgate_kubernetes::resources::ByNamespace;
use tollgate_model::kube;
use tollgate_model::{Graph, Resource, ResourceId, Value};
use tollgate_pricing::{Decimal, HOURS_PER_MONTH};

/// Kinds whose objects a controller of one of these kinds creates: such an object written in a
/// manifest is counted through its owner, never twice.
const CONTROLLERS: [&str; 7] =
    ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController"];

const BYTES_PER_GIB: u64 = 1 << 30;

/// The workloads of the graph that their own manifest runs (not created by another one's
/// controller), in graph order.
pub fn workloads(graph: &Graph) -> Vec<(ResourceId, &Resource)> {
    graph.resources().filter(|(_, r)| kube::is_workload(r) && !has_controller(r)).collect()
}

/// Whether `metadata.ownerReferences` names a workload controller.
fn has_controller(resource: &Resource) -> bool {
    let owners = resource.body.lookup(&["metadata", "ownerReferences"]).known().map(Value::items).unwrap_or_default();
    owners.iter().any(|o| o.get("kind").known().and_then(Value::as_str).is_some_and(|k| CONTROLLERS.contains(&k)))
}

/// The autoscalers and LimitRanges of the graph by namespace, looked up once per workload.
pub struct Namespaced<'g> {
    autoscalers: ByNamespace<'g>,
    limit_ranges: ByNamespace<'g>,
}

impl<'g> Namespaced<'g> {
    pub fn of(graph: &'g Graph) -> Namespaced<'g> {
        Namespaced {
            autoscalers: ByNamespace::of_kind(graph, "HorizontalPodAutoscaler"),
            limit_ranges: ByNamespace::of_kind(graph, "LimitRange"),
        }
    }
}

/// The allocated line of one workload.
pub fn line(namespaced: &Namespaced<'_>, id: ResourceId, workload: &Resource, pricing: &Pricing) -> CostLine {
    let autoscalers = namespaced.autoscalers.of(workload);
    let pods = (
        pod_count(&autoscalers, workload, pricing, Scale::Now),
        pod_count(&autoscalers, workload, pricing, Scale::AtMax),
    );
    let components = [("cpu", "vCPU requests", "vCPU-hour"), ("memory", "Memory requests", "GiB-hour")]
        .into_iter()
        .map(|(resource, name, unit)| {
            let per_pod = pod_request(namespaced.limit_ranges.of(workload), workload, resource);
            component(per_pod, resource, (name, unit), &pods, pricing)
        })
        .collect();
    CostLine {
        resource: id,
        address: workload.address.clone(),
        resource_type: workload.type_name.clone(),
        kind: LineKind::Kubernetes,
        span: workload.span,
        scope: scope(workload, pricing),
        components,
        allocated: true,
    }
}

fn scope(workload: &Resource, pricing: &Pricing) -> CostScope {
    let labels = workload.body.lookup(&["metadata", "labels"]).known();
    CostScope {
        region: pricing.region.clone(),
        environment: workload.helm().map(|h| h.values_set.clone()),
        root: None,
        module_path: String::new(),
        tags: kube::string_map(labels)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        namespace: workload.namespace().map(str::to_string),
    }
}

/// How many pods `workload` runs at `scale`: one per node of its node groups for a DaemonSet.
fn pod_count(autoscalers: &[&Resource], workload: &Resource, pricing: &Pricing, scale: Scale) -> PodCount {
    let address = &workload.address;
    if workload.is_kind("DaemonSet") {
        let nodes = if scale == Scale::Now { &pricing.nodes.0 } else { &pricing.nodes.1 };
        return nodes.clone().map_err(|why| format!("{address} runs one pod per node, and {why}"));
    }
    match replicas(autoscalers, workload, scale) {
        Replicas::Known(n, _) => Ok(n),
        Replicas::Unknown(_, why) => Err(format!("{address} {why}")),
    }
}

fn component(
    per_pod: Result<KubeQuantity, String>,
    resource: &str,
    (name, unit): (&str, &str),
    pods: &(PodCount, PodCount),
    pricing: &Pricing,
) -> Component {
    let label = match &per_pod {
        Ok(q) => format!("{name} ({} per pod)", q.display_for(resource)),
        Err(_) => name.to_string(),
    };
    let quantity = match (per_pod, &pods.0, &pods.1) {
        (Err(why), _, _) => Quantity::Unknown { reason: why },
        (Ok(_), Err(why), _) | (Ok(_), _, Err(why)) => Quantity::Unknown { reason: why.clone() },
        (Ok(q), Ok(now), Ok(max)) => {
            let units = units_of(q, resource);
            let hours = Decimal::from(HOURS_PER_MONTH);
            Quantity::Known { now: units * Decimal::from(*now) * hours, at_max: units * Decimal::from(*max) * hours }
        }
    };
    let price = match (resource, &pricing.rates) {
        (_, Err(why)) => Price::Unpriced { reason: why.clone() },
        ("cpu", Ok(rates)) => rates.vcpu.clone(),
        (_, Ok(rates)) => rates.gib.clone(),
    };
    Component { name: label, unit: unit.to_string(), quantity, price, span: None }
}

/// Cores of a CPU quantity, GiB of a memory one, exactly.
fn units_of(quantity: KubeQuantity, resource: &str) -> Decimal {
    let units = Decimal::from_i128_with_scale(quantity.nanos(), 9);
    if resource == "memory" {
        units / Decimal::from(BYTES_PER_GIB)
    } else {
        units
    }
}

/// One pod's effective request of `resource`, or why it is not known.
fn pod_request(limit_ranges: Vec<&Resource>, workload: &Resource, resource: &str) -> Result<KubeQuantity, String> {
    let address = &workload.address;
    let Some(pod_spec) = kube::pod_spec(workload) else {
        return Err(format!("{address} has a pod spec that is not known"));
    };
    let ranges = container_ranges_among(limit_ranges);
    match pod_amount(pod_spec, &ranges, false, resource) {
        PodAmount::Known(q) => Ok(q),
        PodAmount::Unknown(v) => Err(format!("{address} has a {resource} request that is not known ({})", v.display())),
        PodAmount::Missing(containers) => {
            let names: Vec<&str> = containers.iter().map(|(name, _)| *name).collect();
            Err(format!(
                "container(s) {} of {address} request no {resource} and no LimitRange gives a default, so the pod reserves \
                 none and its share of node cost cannot be allocated; set `resources.requests.{resource}`",
                names.join(", ")
            ))
        }
    }
}
