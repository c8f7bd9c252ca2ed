//! RDS: `aws_db_instance` (class, engine, Multi-AZ, storage) and Aurora clusters with their
//! instances (priced where the table has rows, unpriced with the reason otherwise).

use super::attrs::{self, Read};
use super::pricing::{component, unpriced};
use super::{Count, Ctx, Modelled};
use crate::{Component, Quantity};
use tollgate_model::{EdgeKind, Resource, Value};
use tollgate_pricing::Decimal;

/// RDS gp3 includes 3,000 IOPS below 400 GiB and 12,000 from 400 GiB (MySQL, MariaDB,
/// PostgreSQL; AWS RDS storage documentation).
const GP3_BASELINE: [(i64, i64); 2] = [(0, 3_000), (400, 12_000)];

/// The resource a reference under `attribute` points at, when it is of `type_name`.
fn referenced<'a>(ctx: &Ctx<'a>, attribute: &str, type_name: &str) -> Option<&'a Resource> {
    ctx.graph
        .edges_from(ctx.id)
        .filter(|e| e.kind == EdgeKind::Reference && e.via == attribute)
        .map(|e| ctx.graph.resource(e.to))
        .find(|r| r.is_tf_resource(type_name))
}

/// An attribute of the instance, else of the instance it replicates (`replicate_source_db`)
/// or the cluster it belongs to.
fn own_or_source<T>(body: &Value, source: Option<&Resource>, read: impl Fn(&Value) -> Read<T>) -> Read<T> {
    match (read(body), source) {
        (Read::Absent, Some(source)) => read(&source.body),
        (own, _) => own,
    }
}

pub(crate) fn db_instance(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let source = referenced(ctx, "replicate_source_db", "aws_db_instance");
    let multi_az = matches!(attrs::flag(body, &["multi_az"]), Read::Known(true, _));
    let az = if multi_az { "multi_az" } else { "single_az" };
    let engine = own_or_source(body, source, |b| attrs::text(b, &["engine"]));
    let class = attrs::text(body, &["instance_class"]);
    let mut components = vec![instance_hours(ctx, &class, &engine, az)];
    components.extend(storage(ctx, body, source, az));
    Modelled::priced(components)
}

/// Instance hours of a class for an engine (`db_instance_ondemand_single_az_postgres`).
fn instance_hours(ctx: &Ctx<'_>, class: &Read<String>, engine: &Read<String>, az: &str) -> Component {
    let hours = Count::one().hours();
    let az_label = az.replace("_az", "-AZ").replace("single", "Single").replace("multi", "Multi");
    let (engine, class_name) = match (engine, class) {
        (Read::Known(engine, _), Read::Known(class, _)) => (engine, class),
        (Read::Unknown(why), _) | (_, Read::Unknown(why)) => {
            return unpriced(format!("Database instance ({az_label})"), "hour", hours, why.clone(), None);
        }
        (Read::Absent, _) | (_, Read::Absent) => {
            let why = "`engine` and `instance_class` must both be set".to_string();
            return unpriced(format!("Database instance ({az_label})"), "hour", hours, why, None);
        }
    };
    let kind = format!("db_instance_ondemand_{az}_{engine}");
    let price = ctx.price("AmazonRDS", &kind, class_name, "hour");
    component(format!("Database instance ({engine}, {az_label}, {class_name})"), "hour", hours, price, class.span())
}

/// Allocated storage by type, and provisioned IOPS beyond what the type includes.
fn storage(ctx: &Ctx<'_>, body: &Value, source: Option<&Resource>, az: &str) -> Vec<Component> {
    let iops = own_or_source(body, source, |b| attrs::whole_number(b, &["iops"]));
    let size = own_or_source(body, source, |b| attrs::whole_number(b, &["allocated_storage"]));
    let size_span = size.span();
    let gb = match &size {
        Read::Known(gb, _) => Quantity::fixed(*gb),
        Read::Unknown(why) => Quantity::Unknown { reason: why.clone() },
        Read::Absent => Quantity::Unknown { reason: "`allocated_storage` is not set".into() },
    };
    // The AWS provider's default: io1 when `iops` is set, gp2 otherwise.
    let storage_type = match (own_or_source(body, source, |b| attrs::text(b, &["storage_type"])), &iops) {
        (Read::Known(t, _), _) => t,
        (Read::Unknown(why), _) => {
            return vec![unpriced("Storage".into(), "GB-month", gb, why, size_span)];
        }
        (Read::Absent, Read::Known(..)) => "io1".to_string(),
        (Read::Absent, _) => "gp2".to_string(),
    };
    let price = ctx.price("AmazonRDS", &format!("storage_{storage_type}_{az}"), "GB-month", "GB-month");
    let mut out = vec![component(format!("Storage ({storage_type})"), "GB-month", gb, price, size_span)];
    let included = match storage_type.as_str() {
        "gp3" => size.clone().known().map(gp3_included_iops),
        "io1" | "io2" => Some(Decimal::ZERO),
        _ => None,
    };
    if let (Some(included), Read::Known(iops, span)) = (included, &iops) {
        if *iops > included {
            let kind = format!("provisioned_iops_{storage_type}_{az}");
            let price = ctx.price("AmazonRDS", &kind, "IOPS-month", "IOPS-month");
            let name = format!("Provisioned IOPS ({storage_type})");
            out.push(component(name, "IOPS-month", Quantity::fixed(*iops - included), price, Some(*span)));
        }
    }
    out
}

fn gp3_included_iops(size_gb: Decimal) -> Decimal {
    let tier = GP3_BASELINE.iter().rev().find(|(from, _)| size_gb >= Decimal::from(*from));
    Decimal::from(tier.map_or(GP3_BASELINE[0].1, |(_, iops)| *iops))
}

/// `aws_rds_cluster`: Aurora storage and I/O are billed by use and the table has no Aurora rows;
/// a Multi-AZ DB cluster (`db_cluster_instance_class`) runs three instances of that class.
pub(crate) fn cluster(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let engine = attrs::text(body, &["engine"]).known().unwrap_or_else(|| "aurora".to_string());
    if engine.starts_with("aurora") {
        let needed = format!("{engine} storage (GB-month) and I/O requests are billed by use, and the price list has no Aurora rows (supply them in a price override file)");
        return Modelled { components: Vec::new(), usage_needed: Some(needed) };
    }
    let class = attrs::text(body, &["db_cluster_instance_class"]);
    let kind = format!("db_cluster_ondemand_multi_az_{engine}");
    let hours = Count::fixed(Decimal::from(3)).hours();
    let component = match &class {
        Read::Known(class_name, span) => {
            let name = format!("Multi-AZ DB cluster instances (3 x {engine}, {class_name})");
            component(name, "hour", hours, ctx.price("AmazonRDS", &kind, class_name, "hour"), Some(*span))
        }
        Read::Absent => unpriced(
            "Multi-AZ DB cluster instances".into(),
            "hour",
            hours,
            "`db_cluster_instance_class` is not set".into(),
            None,
        ),
        Read::Unknown(why) => unpriced("Multi-AZ DB cluster instances".into(), "hour", hours, why.clone(), None),
    };
    Modelled::priced(vec![component])
}

/// `aws_rds_cluster_instance`: instance hours of its class for its engine (Aurora engines have
/// no rows in the table: unpriced with the reason; `db.serverless` is billed per ACU used).
pub(crate) fn cluster_instance(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let cluster = referenced(ctx, "cluster_identifier", "aws_rds_cluster");
    let engine = own_or_source(body, cluster, |b| attrs::text(b, &["engine"]));
    let class = attrs::text(body, &["instance_class"]);
    if class.clone().known().as_deref() == Some("db.serverless") {
        let reason = "Aurora Serverless v2 is billed per ACU-hour used; the price list has no ACU rows".to_string();
        let name = "Aurora Serverless v2 capacity".to_string();
        return Modelled::priced(vec![unpriced(
            name,
            "ACU-hour",
            Quantity::Unknown { reason: reason.clone() },
            reason,
            class.span(),
        )]);
    }
    Modelled::priced(vec![instance_hours(ctx, &class, &engine, "single_az")])
}
