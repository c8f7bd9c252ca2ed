//! EKS: the cluster's control plane and managed node groups.

use super::attrs::{self, Read};
use super::compute::{instance_hours, launch_template_volumes, launched_from, Purchase};
use super::pricing::component;
use super::storage::{volume_components, Volume};
use super::{Count, Ctx, Modelled};
use tollgate_model::Value;
use tollgate_pricing::Decimal;

/// `aws_eks_cluster`: the control plane, per cluster-hour, at the standard-support rate (see
/// MODELS.md on extended support).
pub(crate) fn cluster(ctx: &Ctx<'_>) -> Modelled {
    let price = ctx.price("AmazonEKS", "cluster_control_plane", "cluster", "hour");
    let name = "EKS control plane (standard support)".to_string();
    Modelled::priced(vec![component(name, "hour", Count::one().hours(), price, None)])
}

/// The AWS provider's default `instance_types` of a node group (`["t3.medium"]`).
const DEFAULT_INSTANCE_TYPE: &str = "t3.medium";
/// The default `disk_size` (GiB) of a node group without launch template: 20, 50 for Windows
/// (AWS provider documentation of `aws_eks_node_group`), on gp2 volumes.
const DEFAULT_DISK_GIB: i64 = 20;
const DEFAULT_WINDOWS_DISK_GIB: i64 = 50;

/// `aws_eks_node_group`: `scaling_config` desired size now and `max_size` at max, the first of
/// `instance_types` (else the launch template's, else the provider default), ON_DEMAND or SPOT,
/// and its disk.
pub(crate) fn node_group(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let count = node_count(body);
    let template = match attrs::find(body, &["launch_template"]).is_absent() {
        true => None,
        false => Some(launched_from(ctx, &["launch_template"], &["aws_launch_template"])),
    };
    let windows = attrs::text(body, &["ami_type"]).known().is_some_and(|t| t.starts_with("WINDOWS"));
    let instance_type = match (attrs::texts(body, &["instance_types"]), &template) {
        (Read::Known(types, span), _) if !types.is_empty() => Read::Known(types[0].clone(), span),
        (Read::Unknown(why), _) => Read::Unknown(why),
        (_, Some(Ok(template))) if !attrs::text(&template.body, &["instance_type"]).is_absent() => {
            attrs::text(&template.body, &["instance_type"])
        }
        (_, Some(Err(why))) => Read::Unknown(format!("the instance type may come from its launch template: {why}")),
        _ => Read::Known(DEFAULT_INSTANCE_TYPE.to_string(), ctx.resource.span),
    };
    let purchase = match attrs::text(body, &["capacity_type"]).known().as_deref() {
        Some("SPOT") => Purchase::Spot,
        _ => Purchase::OnDemand,
    };
    let mut hours = instance_hours(ctx, &instance_type, purchase, &count);
    if windows {
        hours.price = crate::Price::Unpriced {
            reason: "a Windows node group pays the Windows licence; the price list has Linux rows only".into(),
        };
    }
    let mut components = vec![hours];
    let volumes = match template {
        Some(Ok(template)) => launch_template_volumes(template),
        Some(Err(why)) => {
            vec![Volume { volume_type: Err(why.clone()), size_gb: Err(why), ..super::compute::ami_root_volume() }]
        }
        None => vec![default_disk(body, windows)],
    };
    for volume in volumes {
        components.extend(volume_components(ctx, &volume, &count));
    }
    Modelled::priced(components)
}

fn node_count(body: &Value) -> Count {
    let desired = attrs::whole_number(body, &["scaling_config", "desired_size"]);
    let max = attrs::whole_number(body, &["scaling_config", "max_size"]);
    match (desired, max) {
        (Read::Known(now, _), Read::Known(at_max, _)) => Count::Known { now, at_max: at_max.max(now) },
        (Read::Unknown(why), _) | (_, Read::Unknown(why)) => Count::Unknown(why),
        _ => Count::Unknown("`scaling_config` must set `desired_size` and `max_size`".into()),
    }
}

/// The node disk of a group without launch template: `disk_size` or its default, gp2.
fn default_disk(body: &Value, windows: bool) -> Volume {
    let default = Decimal::from(if windows { DEFAULT_WINDOWS_DISK_GIB } else { DEFAULT_DISK_GIB });
    let size_gb = attrs::whole_number(body, &["disk_size"]).or_else(Ok(default));
    Volume {
        label: "Node disk".into(),
        volume_type: Ok(("gp2".into(), None)),
        size_gb,
        iops: Read::Absent,
        throughput: Read::Absent,
    }
}
