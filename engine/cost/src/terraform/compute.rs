//! EC2 compute: `aws_instance`, `aws_spot_instance_request` and `aws_autoscaling_group` with the
//! launch template (or launch configuration) it launches.

use super::attrs::{self, Read};
use super::pricing::{component, unpriced};
use super::storage::{read_volume, volume_components, Volume, BLOCK_DEVICE, LAUNCH_TEMPLATE_DEVICE};
use super::{Count, Ctx, Modelled};
use crate::Component;
use tollgate_model::{EdgeKind, Resource, Span, Value};
use tollgate_pricing::Decimal;

/// How instances are bought, which decides the price row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purchase {
    OnDemand,
    Spot,
    Dedicated,
    /// On a Dedicated Host: billed per host, not per instance.
    Host,
}

impl Purchase {
    fn label(self) -> &'static str {
        match self {
            Purchase::OnDemand => "Linux, on-demand",
            Purchase::Spot => "Linux, spot",
            Purchase::Dedicated => "Linux, dedicated tenancy",
            Purchase::Host => "Linux, dedicated host",
        }
    }

    fn resource_kind(self) -> &'static str {
        match self {
            Purchase::OnDemand => "instance_ondemand_linux",
            Purchase::Spot => "instance_spot_linux",
            Purchase::Dedicated | Purchase::Host => "instance_dedicated_linux",
        }
    }
}

/// Instance hours of `count` instances of `instance_type`.
pub(crate) fn instance_hours(
    ctx: &Ctx<'_>,
    instance_type: &Read<String>,
    purchase: Purchase,
    count: &Count,
) -> Component {
    let hours = count.hours();
    let span = instance_type.span();
    let (name, sku) = match instance_type {
        Read::Known(t, _) => (format!("Instance usage ({}, {t})", purchase.label()), t.as_str()),
        Read::Absent => {
            let name = format!("Instance usage ({})", purchase.label());
            return unpriced(name, "hour", hours, "no instance type is set".to_string(), None);
        }
        Read::Unknown(why) => {
            return unpriced(format!("Instance usage ({})", purchase.label()), "hour", hours, why.clone(), None);
        }
    };
    if purchase == Purchase::Host {
        let reason = "instances on a Dedicated Host are billed per host (`aws_ec2_host`), not per instance; the price list has no host rows".to_string();
        return unpriced(name, "hour", hours, reason, span);
    }
    let price = ctx.price("AmazonEC2", purchase.resource_kind(), sku, "hour");
    component(name, "hour", hours, price, span)
}

/// `tenancy`, `host_id` and a spot `instance_market_options` of an instance or launch template.
fn purchase_of(body: &Value) -> Purchase {
    let market = attrs::text(body, &["instance_market_options", "market_type"]).known();
    let tenancy = attrs::text(body, &["tenancy"]).known().or(attrs::text(body, &["placement", "tenancy"]).known());
    let on_host = !matches!(attrs::text(body, &["host_id"]), Read::Absent);
    match (market.as_deref(), tenancy.as_deref()) {
        (_, Some("host")) => Purchase::Host,
        _ if on_host => Purchase::Host,
        (Some("spot"), _) => Purchase::Spot,
        (_, Some("dedicated")) => Purchase::Dedicated,
        _ => Purchase::OnDemand,
    }
}

pub(crate) fn instance(ctx: &Ctx<'_>) -> Modelled {
    priced_instance(ctx, purchase_of(ctx.body()))
}

/// A spot request runs its instance on spot capacity.
pub(crate) fn spot_instance_request(ctx: &Ctx<'_>) -> Modelled {
    priced_instance(ctx, Purchase::Spot)
}

fn priced_instance(ctx: &Ctx<'_>, purchase: Purchase) -> Modelled {
    let body = ctx.body();
    let count = Count::one();
    let mut components = vec![instance_hours(ctx, &attrs::text(body, &["instance_type"]), purchase, &count)];
    for volume in instance_volumes(body) {
        components.extend(volume_components(ctx, &volume, &count));
    }
    Modelled::priced(components)
}

const FROM_THE_AMI: &str = "the AMI's block device mapping decides it, which the configuration does not hold";

/// The root volume and EBS block devices of an instance (or launch configuration).
fn instance_volumes(body: &Value) -> Vec<Volume> {
    let root_block = attrs::find(body, &["root_block_device"]).known().filter(|v| v.as_map().is_some());
    let root = match root_block {
        Some(block) => {
            read_volume(block, &BLOCK_DEVICE, "Root volume".into(), Err(type_from_ami()), Err(size_from_ami()))
        }
        None => ami_root_volume(),
    };
    let mut volumes = vec![root];
    for device in body.get("ebs_block_device").known().map(Value::items).unwrap_or_default() {
        let name = attrs::text(device, &["device_name"]).known().unwrap_or_default();
        let label = format!("EBS volume {name}").trim_end().to_string();
        volumes.push(read_volume(device, &BLOCK_DEVICE, label, Err(type_from_ami()), Err(size_from_ami())));
    }
    volumes
}

fn type_from_ami() -> String {
    format!("`volume_type` is not set: {FROM_THE_AMI}")
}

fn size_from_ami() -> String {
    format!("`volume_size` is not set: {FROM_THE_AMI}")
}

/// The root volume when nothing in the configuration describes it.
pub(crate) fn ami_root_volume() -> Volume {
    let why = "no root volume settings: the AMI's block device mapping decides its size and type, which the configuration does not hold".to_string();
    Volume {
        label: "Root volume".into(),
        volume_type: Err(why.clone()),
        size_gb: Err(why),
        iops: Read::Absent,
        throughput: Read::Absent,
    }
}

/// The block device mappings of a launch template (the AMI's root volume when it has none).
pub(crate) fn launch_template_volumes(template: &Resource) -> Vec<Volume> {
    let mappings = template.body.get("block_device_mappings").known().map(Value::items).unwrap_or_default();
    let volumes: Vec<Volume> = mappings
        .iter()
        .filter(|mapping| !attrs::find(mapping, &["ebs"]).is_absent())
        .map(|mapping| {
            let name = attrs::text(mapping, &["device_name"]).known().unwrap_or_default();
            let label = format!("EBS volume {name}").trim_end().to_string();
            read_volume(mapping, &LAUNCH_TEMPLATE_DEVICE, label, Err(type_from_ami()), Err(size_from_ami()))
        })
        .collect();
    if volumes.is_empty() {
        vec![ami_root_volume()]
    } else {
        volumes
    }
}

/// The `aws_launch_template` (or `aws_launch_configuration`) a resource launches from, found by
/// the reference its attributes under `prefixes` make; why not when none or several.
pub(crate) fn launched_from<'a>(ctx: &Ctx<'a>, prefixes: &[&str], types: &[&str]) -> Result<&'a Resource, String> {
    let mut found: Vec<&Resource> = Vec::new();
    for edge in ctx.graph.edges_from(ctx.id).filter(|e| e.kind == EdgeKind::Reference) {
        let target = ctx.graph.resource(edge.to);
        let named = prefixes.iter().any(|prefix| edge.via.starts_with(prefix));
        if named && types.iter().any(|t| target.is_tf_resource(t)) && !found.iter().any(|f| std::ptr::eq(*f, target)) {
            found.push(target);
        }
    }
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err("the launch template it launches is not a resource of this configuration".to_string()),
        several => {
            Err(format!("it refers to {} launch templates and Tollgate cannot tell which applies", several.len()))
        }
    }
}

/// Desired (else minimum) and maximum size of an autoscaling group.
fn asg_count(body: &Value) -> (Count, Option<Span>) {
    let desired = attrs::whole_number(body, &["desired_capacity"]);
    let now = match &desired {
        Read::Absent => attrs::whole_number(body, &["min_size"]),
        other => other.clone(),
    };
    let at_max = attrs::whole_number(body, &["max_size"]);
    let span = now.span();
    let count = match (now, at_max) {
        (Read::Known(now, _), Read::Known(max, _)) => Count::Known { now, at_max: max.max(now) },
        (Read::Unknown(why), _) | (_, Read::Unknown(why)) => Count::Unknown(why),
        (Read::Absent, _) => Count::Unknown("neither `desired_capacity` nor `min_size` is set".into()),
        (_, Read::Absent) => Count::Unknown("`max_size` is not set".into()),
    };
    (count, span)
}

const ASG_TEMPLATE_REFERENCES: [&str; 3] = ["launch_template", "mixed_instances_policy", "launch_configuration"];

/// `aws_autoscaling_group`: its launch template's instances, desired capacity now and
/// `max_size` at max. With a `mixed_instances_policy`, the first override's type is priced
/// (the on-demand allocation strategy `prioritized` launches it first); a spot share above the
/// on-demand base makes the hours unpriced unless the spot row has a figure.
pub(crate) fn autoscaling_group(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let (count, _) = asg_count(body);
    let types = ["aws_launch_template", "aws_launch_configuration"];
    let template = launched_from(ctx, &ASG_TEMPLATE_REFERENCES, &types);
    let override_type = attrs::text(body, &["mixed_instances_policy", "launch_template", "override", "instance_type"]);
    let instance_type = match (&override_type, &template) {
        (Read::Known(..) | Read::Unknown(_), _) => override_type.clone(),
        (Read::Absent, Ok(template)) => attrs::text(&template.body, &["instance_type"]),
        (Read::Absent, Err(why)) => Read::Unknown(format!("the instance type comes from a launch template: {why}")),
    };
    let purchase = match (mixed_spot_share(body), &template) {
        (true, _) => Purchase::Spot,
        (false, Ok(template)) => purchase_of(&template.body),
        (false, Err(_)) => Purchase::OnDemand,
    };
    let mut components = vec![instance_hours(ctx, &instance_type, purchase, &count)];
    let volumes = match template {
        Ok(template) if template.type_name == "aws_launch_configuration" => instance_volumes(&template.body),
        Ok(template) => launch_template_volumes(template),
        Err(_) => vec![ami_root_volume()],
    };
    for volume in volumes {
        components.extend(volume_components(ctx, &volume, &count));
    }
    Modelled::priced(components)
}

/// Whether a mixed instances policy runs part of the group above its on-demand base on spot
/// (`on_demand_percentage_above_base_capacity` below its default of 100).
fn mixed_spot_share(body: &Value) -> bool {
    let path = ["mixed_instances_policy", "instances_distribution", "on_demand_percentage_above_base_capacity"];
    matches!(attrs::whole_number(body, &path), Read::Known(pct, _) if pct < Decimal::from(100))
}
