//! What Terraform resources add to the AWS quotas counted per region, availability zone,
//! security group or cluster (the EC2 vCPU quotas are `aws_vcpus`).

use super::attr::{blocks, bool_attr, int_attr, str_attr, strings, Attr};
use super::aws_quota::{Contribution, Units, Unresolved};
use tollgate_evaluate::Context;
use tollgate_model::{Lookup, Resource, ResourceId, TfBlock, Value};

pub const VPCS: &str = "vpc/L-F678F1CE";
pub const INTERNET_GATEWAYS: &str = "vpc/L-A4707A72";
pub const ELASTIC_IPS: &str = "ec2/L-0263D0A3";
pub const NAT_GATEWAYS_PER_AZ: &str = "vpc/L-FE5A380F";
pub const SECURITY_GROUPS: &str = "vpc/L-E79EC296";
pub const RULES_PER_SECURITY_GROUP: &str = "vpc/L-0EA8095F";
pub const APPLICATION_LBS: &str = "elasticloadbalancing/L-53DA6B97";
pub const NETWORK_LBS: &str = "elasticloadbalancing/L-69A177A2";
pub const EKS_CLUSTERS: &str = "eks/Clusters";
pub const NODE_GROUPS_PER_CLUSTER: &str = "eks/Managed node groups per cluster";
pub const NODES_PER_NODE_GROUP: &str = "eks/Nodes per managed node group";
pub const DB_INSTANCES: &str = "rds/DB instances";
pub const CACHE_NODES: &str = "elasticache/Nodes per Region";

/// `n` per instance, unless the instances themselves cannot be known (an unknown `count` or
/// `for_each` on the block or on a module that calls it: TG001 reports it).
pub fn per_instance(ctx: &Context<'_>, resource: &Resource, n: u64) -> Units {
    match unknown_instances(ctx, resource) {
        Some(why) => Units::Unknown(why),
        None => Units::Known(n),
    }
}

fn unknown_instances(ctx: &Context<'_>, resource: &Resource) -> Option<Unresolved> {
    let repetition = |body: &Value| {
        ["count", "for_each"].into_iter().find_map(|key| match body.get(key) {
            Lookup::Unknown(v) => Some((key, v.clone())),
            _ => None,
        })
    };
    let why = |address: &str, key: &str, value: Value| {
        let why = format!("how many instances `{address}` has is unknown (its `{key}` is unknown; see TG001)");
        Unresolved::new(value.span, Some(&value), why)
    };
    if let Some((key, value)) = repetition(&resource.body) {
        return Some(why(&resource.address, key, value));
    }
    let origin = resource.terraform()?;
    for call in &origin.call_chain {
        let module = ctx.graph().of_type("module").map(|(_, m)| m).find(|m| {
            m.address == call.address
                && m.terraform().is_some_and(|o| o.block == TfBlock::Module && o.same_deployment(origin))
        });
        if let Some((key, value)) = module.and_then(|m| repetition(&m.body)) {
            return Some(why(&call.address, key, value));
        }
    }
    None
}

/// The resource an attribute of `id` references, among `types`.
pub fn referenced<'g>(ctx: &Context<'g>, id: ResourceId, via: &[&str], types: &[&str]) -> Option<&'g Resource> {
    ctx.graph()
        .edges_from(id)
        .filter(|e| via.contains(&e.via.as_str()))
        .map(|e| ctx.resource(e.to))
        .find(|r| types.iter().any(|t| r.is_tf_resource(t)))
}

/// A whole-number attribute with its default; unknown (or negative) is unresolved.
pub fn count_attr(resource: &Resource, path: &[&str], default: u64) -> Result<u64, Unresolved> {
    let attr = int_attr(&resource.body, path);
    match attr {
        Attr::Set(n, _) if n >= 0 => Ok(n as u64),
        Attr::Unset => Ok(default),
        _ => {
            let at = attr.span_or(resource.span);
            let why = format!("`{}` of {} is not known", path.join("."), resource.address);
            Err(Unresolved::new(at, attr.written(), why))
        }
    }
}

/// `n` instances' worth of `each`, with the instances' own uncertainty first.
fn scaled(ctx: &Context<'_>, resource: &Resource, each: Result<u64, Unresolved>) -> Units {
    match (per_instance(ctx, resource, 1), each) {
        (Units::Unknown(why), _) | (_, Err(why)) => Units::Unknown(why),
        (Units::Known(_), Ok(n)) => Units::Known(n),
    }
}

/// VPCs, internet gateways, Elastic IPs, NAT gateways per zone, security groups and their rules.
pub fn network<'g>(ctx: &Context<'g>) -> Vec<Contribution<'g>> {
    let mut out = Vec::new();
    let simple =
        [("aws_vpc", VPCS), ("aws_default_vpc", VPCS), ("aws_internet_gateway", INTERNET_GATEWAYS), ("aws_security_group", SECURITY_GROUPS)];
    for (type_name, quota) in simple {
        for (_, r) in ctx.tf_resources(type_name) {
            out.push(Contribution::counted(r, quota, per_instance(ctx, r, 1)));
        }
    }
    for (_, r) in ctx.tf_resources("aws_eip").filter(|(_, r)| is_vpc_address(r)) {
        out.push(Contribution::counted(r, ELASTIC_IPS, per_instance(ctx, r, 1)));
    }
    for (id, r) in ctx.tf_resources("aws_nat_gateway") {
        out.push(Contribution::counted(r, NAT_GATEWAYS_PER_AZ, per_instance(ctx, r, 1)).in_scope(nat_zone(ctx, id, r)));
    }
    super::aws_sg_rules::rules_per_group(ctx, &mut out);
    out
}

/// EC2-Classic addresses (`domain = "standard"`, `vpc = false`) are gone with EC2-Classic;
/// every other Elastic IP is a VPC address.
fn is_vpc_address(eip: &Resource) -> bool {
    let classic_domain = matches!(str_attr(&eip.body, &["domain"]), Attr::Set("standard", _));
    let classic_flag = matches!(bool_attr(&eip.body, &["vpc"]), Attr::Set(false, _));
    !(classic_domain || classic_flag)
}

/// The availability zone of a NAT gateway: its subnet's.
fn nat_zone(ctx: &Context<'_>, id: ResourceId, nat: &Resource) -> Result<String, Unresolved> {
    let Some(subnet) = referenced(ctx, id, &["subnet_id"], &["aws_subnet"]) else {
        let attr = str_attr(&nat.body, &["subnet_id"]);
        let why = "its subnet is not an `aws_subnet` of this configuration, so its availability zone is not known";
        return Err(Unresolved::new(attr.span_or(nat.span), attr.written(), why));
    };
    for (key, label) in [("availability_zone", "availability zone"), ("availability_zone_id", "availability zone ID")] {
        match str_attr(&subnet.body, &[key]) {
            Attr::Set(zone, _) => return Ok(format!("{label} {zone}")),
            Attr::Unknown(v) => {
                let why = format!("the availability zone of its subnet {} is not known", subnet.address);
                return Err(Unresolved::new(nat.span, Some(v), why));
            }
            Attr::Unset => {}
        }
    }
    let why = format!("its subnet {} sets no availability zone (AWS picks one)", subnet.address);
    Err(Unresolved::new(nat.span, None, why))
}

/// Load balancers, EKS clusters, node groups and their nodes, RDS instances, ElastiCache nodes.
pub fn services<'g>(ctx: &Context<'g>) -> Vec<Contribution<'g>> {
    let mut out = Vec::new();
    for type_name in ["aws_lb", "aws_alb"] {
        for (_, r) in ctx.tf_resources(type_name) {
            load_balancer(ctx, r, &mut out);
        }
    }
    for (_, r) in ctx.tf_resources("aws_eks_cluster") {
        out.push(Contribution::counted(r, EKS_CLUSTERS, per_instance(ctx, r, 1)));
    }
    for (id, r) in ctx.tf_resources("aws_eks_node_group") {
        let cluster = node_group_cluster(ctx, id, r);
        out.push(Contribution::counted(r, NODE_GROUPS_PER_CLUSTER, per_instance(ctx, r, 1)).in_scope(cluster));
        let nodes = node_group_sizes(r);
        let scope = Ok(format!("node group {}", r.address));
        out.push(Contribution { now: nodes.0, max: nodes.1, ..Contribution::one(r, NODES_PER_NODE_GROUP) }.in_scope(scope));
    }
    let databases = ["aws_db_instance", "aws_rds_cluster_instance", "aws_docdb_cluster_instance", "aws_neptune_cluster_instance"];
    for type_name in databases {
        for (_, r) in ctx.tf_resources(type_name) {
            out.push(Contribution::counted(r, DB_INSTANCES, per_instance(ctx, r, 1)));
        }
    }
    for (_, r) in ctx.tf_resources("aws_elasticache_cluster") {
        // A cluster that joins a replication group adds one replica node to it.
        let nodes = match str_attr(&r.body, &["replication_group_id"]) {
            Attr::Unset => count_attr(r, &["num_cache_nodes"], 1),
            _ => Ok(1),
        };
        out.push(Contribution::counted(r, CACHE_NODES, scaled(ctx, r, nodes)));
    }
    for (_, r) in ctx.tf_resources("aws_elasticache_replication_group") {
        out.push(Contribution::counted(r, CACHE_NODES, scaled(ctx, r, replication_group_nodes(r))));
    }
    out
}

fn load_balancer<'g>(ctx: &Context<'g>, lb: &'g Resource, out: &mut Vec<Contribution<'g>>) {
    match str_attr(&lb.body, &["load_balancer_type"]) {
        Attr::Set("application", _) | Attr::Unset => out.push(Contribution::counted(lb, APPLICATION_LBS, per_instance(ctx, lb, 1))),
        Attr::Set("network", _) => out.push(Contribution::counted(lb, NETWORK_LBS, per_instance(ctx, lb, 1))),
        Attr::Set(_, _) => {}
        Attr::Unknown(v) => {
            let why = format!("the `load_balancer_type` of {} is not known", lb.address);
            for quota in [APPLICATION_LBS, NETWORK_LBS] {
                let units = Units::Unknown(Unresolved::new(v.span, Some(v), why.clone()).at_most(1));
                out.push(Contribution::counted(lb, quota, units));
            }
        }
    }
}

fn node_group_cluster(ctx: &Context<'_>, id: ResourceId, group: &Resource) -> Result<String, Unresolved> {
    // By name, so that node groups naming the cluster and those referencing it count together.
    if let Some(cluster) = referenced(ctx, id, &["cluster_name"], &["aws_eks_cluster"]) {
        return Ok(match str_attr(&cluster.body, &["name"]) {
            Attr::Set(name, _) => format!("cluster `{name}`"),
            _ => format!("cluster {}", cluster.address),
        });
    }
    match str_attr(&group.body, &["cluster_name"]) {
        Attr::Set(name, _) => Ok(format!("cluster `{name}`")),
        attr => {
            let why = format!("the cluster of {} is not known", group.address);
            Err(Unresolved::new(attr.span_or(group.span), attr.written(), why))
        }
    }
}

/// A managed node group's nodes now (`desired_size`) and at most (`max_size`); each instance
/// of the block is a group of its own, so how many there are does not matter.
pub fn node_group_sizes(group: &Resource) -> (Units, Units) {
    let config = known_blocks(group, &group.body, "scaling_config").and_then(|found| {
        let why = format!("{} has no `scaling_config`", group.address);
        found.first().copied().ok_or_else(|| Unresolved::new(group.span, None, why))
    });
    let size = |key: &str| match config.clone().and_then(|c| count_attr_in(group, c, key)) {
        Ok(n) => Units::Known(n),
        Err(why) => Units::Unknown(why),
    };
    (size("desired_size"), size("max_size"))
}

/// A whole-number attribute of a nested block (`scaling_config { max_size = 6 }`).
pub fn count_attr_in(resource: &Resource, block: &Value, key: &str) -> Result<u64, Unresolved> {
    let attr = int_attr(block, &[key]);
    match attr {
        Attr::Set(n, _) if n >= 0 => Ok(n as u64),
        _ => {
            let why = format!("`{key}` of {} is not known", resource.address);
            Err(Unresolved::new(attr.span_or(block.span), attr.written(), why))
        }
    }
}

/// Cluster mode: shards x (replicas + 1); otherwise `num_cache_clusters` (one primary when unset).
fn replication_group_nodes(group: &Resource) -> Result<u64, Unresolved> {
    if !matches!(int_attr(&group.body, &["num_node_groups"]), Attr::Unset) {
        let shards = count_attr(group, &["num_node_groups"], 1)?;
        let replicas = count_attr(group, &["replicas_per_node_group"], 0)?;
        return Ok(shards.saturating_mul(replicas + 1));
    }
    for key in ["num_cache_clusters", "number_cache_clusters"] {
        if !matches!(int_attr(&group.body, &[key]), Attr::Unset) {
            return count_attr(group, &[key], 1);
        }
    }
    Ok(1)
}

/// The string items of a list attribute of `body` (`owner`'s or a block of it); the first
/// unknown one is unresolved.
pub fn known_strings<'g>(owner: &Resource, body: &'g Value, path: &[&str]) -> Result<Vec<&'g str>, Unresolved> {
    let list = strings(body, path);
    if let Some(v) = list.unknown.first() {
        let why = format!("`{}` of {} is not known", path.join("."), owner.address);
        return Err(Unresolved::new(v.span, Some(v), why));
    }
    Ok(list.known.iter().map(|(s, _)| *s).collect())
}

/// The nested blocks of a body; a `dynamic` one is unresolved.
pub fn known_blocks<'g>(resource: &'g Resource, body: &'g Value, key: &str) -> Result<Vec<&'g Value>, Unresolved> {
    let found = blocks(body, key);
    if let Some(v) = found.unknown {
        let why = format!("the `{key}` blocks of {} are not known (a `dynamic` block)", resource.address);
        return Err(Unresolved::new(v.span, Some(v), why));
    }
    Ok(found.known)
}
