//! The EKS managed node groups of the graph as the Kubernetes allocation sees them: the cluster
//! they join, their Terraform environment, instance type, vCPU, memory and hourly price, and
//! their node counts now (`desired_size`) and at maximum scale (`max_size`).

use crate::region::region_of;
use crate::CostSettings;
use tollgate_model::{Graph, Lookup, Resource, Value};
use tollgate_pricing::{Decimal, PriceKey, PriceLookup};

/// The EKS API's instance type for a node group that names none (`CreateNodegroup`
/// `instanceTypes`: "If you don't specify an instance type, t3.medium is used").
pub const DEFAULT_INSTANCE_TYPE: &str = "t3.medium";

/// One `aws_eks_node_group` instance.
#[derive(Debug, Clone)]
pub struct NodeGroup<'g> {
    pub resource: &'g Resource,
    /// Which EKS cluster it joins (see [`cluster_key`]).
    pub cluster: String,
    /// Its `cluster_name`, when known.
    pub cluster_name: Option<String>,
    pub environment: Option<String>,
    /// The instance type it launches (the first of `instance_types`: on-demand node groups
    /// launch their types in the listed order of priority), when known.
    pub instance_type: Option<String>,
    pub nodes_now: Result<u64, String>,
    pub nodes_at_max: Result<u64, String>,
    /// Its capacity and hourly price per node, or why they are unknown.
    pub node: Result<NodeShape, String>,
}

/// What one node offers and costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeShape {
    pub vcpu: Decimal,
    pub memory_gib: Decimal,
    pub usd_per_hour: Decimal,
    pub region: String,
    pub price_source: String,
}

/// Every node group instance of the graph, in graph order.
pub fn node_groups<'g>(graph: &'g Graph, settings: &CostSettings<'_>) -> Vec<NodeGroup<'g>> {
    graph
        .of_type("aws_eks_node_group")
        .map(|(_, r)| r)
        .filter(|r| r.is_tf_resource("aws_eks_node_group"))
        .map(|resource| read(resource, settings))
        .collect()
}

fn read<'g>(resource: &'g Resource, settings: &CostSettings<'_>) -> NodeGroup<'g> {
    let origin = resource.terraform();
    let instance_type = first_instance_type(&resource.body);
    let node = instance_type.clone().and_then(|t| shape(resource, &t, settings));
    NodeGroup {
        resource,
        cluster: cluster_key(resource),
        cluster_name: resource.body.get("cluster_name").known().and_then(Value::as_str).map(str::to_string),
        environment: origin.and_then(|o| o.environment.clone()),
        instance_type: instance_type.ok(),
        nodes_now: node_count(resource, "desired_size"),
        nodes_at_max: node_count(resource, "max_size"),
        node,
    }
}

/// The cluster a node group joins: its root, environment and module instance with its
/// `cluster_name` as written (a known name or the expression that gives it).
fn cluster_key(resource: &Resource) -> String {
    let name = match resource.body.get("cluster_name") {
        Lookup::Known(v) | Lookup::Unknown(v) => v.display(),
        Lookup::Absent => String::from("?"),
    };
    let origin = resource.terraform();
    let root = origin.and_then(|o| o.root.as_deref()).unwrap_or(".");
    let module = origin.map(|o| o.module_path.as_str()).filter(|m| !m.is_empty());
    let environment = origin.and_then(|o| o.environment.as_deref());
    let mut key = name;
    if let Some(module) = module {
        key = format!("{module}: {key}");
    }
    if root != "." {
        key = format!("{root}/{key}");
    }
    match environment {
        Some(env) => format!("{key} (environment {env})"),
        None => key,
    }
}

/// The node group's instance type, or why it is not known.
fn first_instance_type(body: &Value) -> Result<String, String> {
    match body.get("instance_types") {
        Lookup::Unknown(v) => Err(format!("its `instance_types` is not known ({})", v.display())),
        Lookup::Known(v) if !v.is_null() => match v.items().first().map(|t| (t, t.as_str())) {
            Some((_, Some(name))) => Ok(name.to_string()),
            Some((t, None)) => Err(format!("its first instance type is not known ({})", t.display())),
            None => Ok(DEFAULT_INSTANCE_TYPE.to_string()),
        },
        _ => Ok(DEFAULT_INSTANCE_TYPE.to_string()),
    }
}

/// `scaling_config.<field>` as a count.
fn node_count(resource: &Resource, field: &str) -> Result<u64, String> {
    let config = match resource.body.get("scaling_config") {
        Lookup::Known(v) => v.items().first(),
        Lookup::Unknown(v) => {
            return Err(format!("{}'s `scaling_config` is not known ({})", resource.address, v.display()))
        }
        Lookup::Absent => None,
    };
    let unknown = |what: &str| format!("{}'s `scaling_config.{field}` {what}", resource.address);
    match config.map(|c| c.get(field)) {
        Some(Lookup::Known(v)) => {
            v.as_i64().and_then(|n| u64::try_from(n).ok()).ok_or_else(|| unknown("is not a count"))
        }
        Some(Lookup::Unknown(v)) => Err(unknown(&format!("is not known ({})", v.display()))),
        _ => Err(unknown("is not set")),
    }
}

/// The node's vCPU, memory and hourly price in its region, for its capacity type.
fn shape(resource: &Resource, instance_type: &str, settings: &CostSettings<'_>) -> Result<NodeShape, String> {
    let region = region_of(resource, settings)?;
    let kind = capacity_price_kind(&resource.body)?;
    let ami = resource.body.get("ami_type").known().and_then(Value::as_str).unwrap_or("");
    if ami.starts_with("WINDOWS") {
        return Err(format!("its `ami_type` {ami} runs Windows, and the price list has Linux prices only"));
    }
    let spec = settings.specs.lookup(instance_type).map_err(|e| e.to_string())?;
    let key = PriceKey { region: &region, service: "AmazonEC2", resource_kind: kind, sku: instance_type };
    match settings.prices.lookup(&key) {
        PriceLookup::Priced { usd_per_unit, source, .. } => Ok(NodeShape {
            vcpu: Decimal::from(spec.vcpu),
            memory_gib: spec.memory_gib,
            usd_per_hour: usd_per_unit,
            region,
            price_source: source.to_string(),
        }),
        PriceLookup::Unpriced { reason } => Err(reason.to_string()),
    }
}

/// The price list's kind for the node group's `capacity_type` (`ON_DEMAND` by default).
fn capacity_price_kind(body: &Value) -> Result<&'static str, String> {
    match body.get("capacity_type") {
        Lookup::Unknown(v) => Err(format!("its `capacity_type` is not known ({})", v.display())),
        Lookup::Known(v) if v.as_str() == Some("SPOT") => Ok("instance_spot_linux"),
        Lookup::Known(v) if v.is_null() || v.as_str() == Some("ON_DEMAND") => Ok("instance_ondemand_linux"),
        Lookup::Known(v) => Err(format!("its `capacity_type` {} is not ON_DEMAND or SPOT", v.display())),
        Lookup::Absent => Ok("instance_ondemand_linux"),
    }
}
