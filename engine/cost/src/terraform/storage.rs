//! EBS volumes: `aws_ebs_volume`, and the block devices of instances, launch templates and node
//! groups (priced per GB-month, gp3 IOPS and throughput above the included baseline, io1 IOPS).

use super::attrs::{self, Read};
use super::pricing::{component, unpriced};
use super::{Count, Ctx, Modelled};
use crate::{Component, Quantity};
use tollgate_model::{Span, Value};
use tollgate_pricing::Decimal;

/// gp3 includes 3,000 IOPS and 125 MiB/s per volume (AWS EBS volume types documentation).
const GP3_INCLUDED_IOPS: i64 = 3_000;
const GP3_INCLUDED_THROUGHPUT: i64 = 125;

/// One volume's settings as a model resolved them.
#[derive(Debug, Clone)]
pub(crate) struct Volume {
    /// `Root volume`, `EBS volume /dev/sdf`, `Storage`.
    pub label: String,
    /// The volume type, or why it is not known.
    pub volume_type: Result<(String, Option<Span>), String>,
    pub size_gb: Result<(Decimal, Option<Span>), String>,
    pub iops: Read<Decimal>,
    pub throughput: Read<Decimal>,
}

/// The attribute names a block uses (`type`/`size` on `aws_ebs_volume`, `volume_type`/
/// `volume_size` on block devices, nested under `ebs` in launch templates).
pub(crate) struct VolumeAttrs<'a> {
    pub prefix: &'a [&'a str],
    pub volume_type: &'a str,
    pub size: &'a str,
}

pub(crate) const BLOCK_DEVICE: VolumeAttrs<'static> =
    VolumeAttrs { prefix: &[], volume_type: "volume_type", size: "volume_size" };
pub(crate) const LAUNCH_TEMPLATE_DEVICE: VolumeAttrs<'static> =
    VolumeAttrs { prefix: &["ebs"], volume_type: "volume_type", size: "volume_size" };

/// Reads a volume; `unset_type` and `unset_size` say what an absent attribute means (a
/// documented default, or why it is not in the configuration).
pub(crate) fn read_volume(
    block: &Value,
    names: &VolumeAttrs<'_>,
    label: String,
    unset_type: Result<&str, String>,
    unset_size: Result<Decimal, String>,
) -> Volume {
    let type_path = joined(names.prefix, names.volume_type);
    let size_path = joined(names.prefix, names.size);
    let volume_type = attrs::text(block, &type_path).or_else(unset_type.map(str::to_string));
    let size_gb = attrs::whole_number(block, &size_path).or_else(unset_size);
    let iops = attrs::whole_number(block, &joined(names.prefix, "iops"));
    let throughput = attrs::whole_number(block, &joined(names.prefix, "throughput"));
    Volume { label, volume_type, size_gb, iops, throughput }
}

/// An attribute path under a block's prefix (`ebs.volume_size`).
fn joined<'p>(prefix: &[&'p str], name: &'p str) -> Vec<&'p str> {
    prefix.iter().copied().chain([name]).collect()
}

/// The components of `count` copies of `volume`.
pub(crate) fn volume_components(ctx: &Ctx<'_>, volume: &Volume, count: &Count) -> Vec<Component> {
    let size = match &volume.size_gb {
        Ok((gb, _)) => Quantity::fixed(*gb),
        Err(why) => Quantity::Unknown { reason: why.clone() },
    };
    let size_span = volume.size_gb.as_ref().ok().and_then(|(_, span)| *span);
    let (volume_type, type_span) = match &volume.volume_type {
        Ok((t, span)) => (t.as_str(), *span),
        Err(why) => {
            let name = format!("{} storage", volume.label);
            return vec![unpriced(name, "GB-month", count.quantity(&size), why.clone(), size_span)];
        }
    };
    let sku = if volume_type == "standard" { "standard(magnetic)" } else { volume_type };
    let price = ctx.price("AmazonEC2", "ebs_storage", sku, "GB-month");
    let storage_name = format!("{} storage ({volume_type})", volume.label);
    let mut components =
        vec![component(storage_name, "GB-month", count.quantity(&size), price, type_span.or(size_span))];
    components.extend(provisioned_performance(ctx, volume, volume_type, count));
    components
}

/// Provisioned IOPS and throughput billed on top of storage.
fn provisioned_performance(ctx: &Ctx<'_>, volume: &Volume, volume_type: &str, count: &Count) -> Vec<Component> {
    let label = &volume.label;
    let above = |read: &Read<Decimal>, included: i64| match read {
        Read::Known(n, _) if *n > Decimal::from(included) => Some(Quantity::fixed(*n - Decimal::from(included))),
        Read::Unknown(why) => Some(Quantity::Unknown { reason: why.clone() }),
        _ => None,
    };
    let mut out = Vec::new();
    match volume_type {
        "gp3" => {
            if let Some(extra) = above(&volume.iops, GP3_INCLUDED_IOPS) {
                let price = ctx.price("AmazonEC2", "ebs_gp3_iops_above_3000", "gp3-IOPS", "IOPS-month");
                let name = format!("{label} IOPS above 3,000 (gp3)");
                out.push(component(name, "IOPS-month", count.quantity(&extra), price, volume.iops.span()));
            }
            if let Some(extra) = above(&volume.throughput, GP3_INCLUDED_THROUGHPUT) {
                let price = ctx.price("AmazonEC2", "ebs_gp3_throughput_above_125", "gp3-throughput", "MBps-month");
                let name = format!("{label} throughput above 125 MiB/s (gp3)");
                out.push(component(name, "MBps-month", count.quantity(&extra), price, volume.throughput.span()));
            }
        }
        "io1" | "io2" => {
            let iops = match &volume.iops {
                Read::Known(n, _) => Quantity::fixed(*n),
                Read::Unknown(why) => Quantity::Unknown { reason: why.clone() },
                Read::Absent => Quantity::Unknown { reason: format!("an {volume_type} volume needs `iops`") },
            };
            let (kind, sku) = match volume_type {
                "io1" => ("ebs_io1_provisioned_iops", "io1-IOPS"),
                _ => ("ebs_io2_provisioned_iops", "io2-IOPS"),
            };
            let price = ctx.price("AmazonEC2", kind, sku, "IOPS-month");
            let name = format!("{label} provisioned IOPS ({volume_type})");
            out.push(component(name, "IOPS-month", count.quantity(&iops), price, volume.iops.span()));
        }
        _ => {}
    }
    out
}

/// `aws_ebs_volume`: `type` defaults to gp2 (AWS provider documentation of the resource); a
/// volume without `size` takes its snapshot's size, which the configuration does not hold.
pub(crate) fn ebs_volume(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let names = VolumeAttrs { prefix: &[], volume_type: "type", size: "size" };
    let unset_size =
        Err("no `size`: the volume takes its snapshot's size, which the configuration does not hold".into());
    let volume = read_volume(body, &names, "Volume".to_string(), Ok("gp2"), unset_size);
    Modelled::priced(volume_components(ctx, &volume, &Count::one()))
}
