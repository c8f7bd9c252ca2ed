//! Amazon MQ brokers: one row prices the whole deployment of a mode (the table's source
//! figures: ActiveMQ active/standby mq.m5.large 0.576/h is two brokers of 0.288, RabbitMQ
//! cluster mq.m5.xlarge 1.728/h is three nodes of 0.576), so a broker resource is 730 hours of
//! its mode's row. Storage is billed per GB used: from the usage file.

use super::attrs::{self, Read};
use super::pricing::{component, unpriced};
use super::{Count, Ctx, Modelled};
use crate::Quantity;

pub(crate) fn broker(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let hours = Count::one().hours();
    let engine = attrs::text(body, &["engine_type"]).known().map(|e| e.to_lowercase());
    let mode = attrs::text(body, &["deployment_mode"]).or_else(Ok("SINGLE_INSTANCE".to_string()));
    let mode = mode.map(|(mode, _)| mode.to_lowercase());
    let host_type = attrs::text(body, &["host_instance_type"]);
    let broker = match (&engine, &mode, &host_type) {
        (Some(engine), Ok(mode), Read::Known(host_type, span)) => {
            let kind = format!("broker_ondemand_{engine}_{mode}");
            let name = format!("Broker deployment ({engine}, {mode}, {host_type})");
            component(name, "hour", hours, ctx.price("AmazonMQ", &kind, host_type, "hour"), Some(*span))
        }
        (_, Err(why), _) | (_, _, Read::Unknown(why)) => {
            unpriced("Broker deployment".into(), "hour", hours, why.clone(), None)
        }
        _ => {
            let why = "`engine_type` and `host_instance_type` must be known".to_string();
            unpriced("Broker deployment".into(), "hour", hours, why, None)
        }
    };
    let mut modelled = Modelled::priced(vec![broker]);
    // ActiveMQ defaults to EFS storage, RabbitMQ has EBS only (AWS provider documentation).
    let storage_type = match attrs::text(body, &["storage_type"]).known() {
        Some(t) => t.to_lowercase(),
        None if engine.as_deref() == Some("activemq") => "efs".to_string(),
        None => "ebs".to_string(),
    };
    let (kind, sku) = match storage_type.as_str() {
        "efs" => ("storage_efs_activemq", "GB-month"),
        _ => ("storage_ebs", "GB-month"),
    };
    match ctx.usage.and_then(|u| u.get("storage_gb")) {
        Some(gb) => {
            let price = ctx.price("AmazonMQ", kind, sku, "GB-month");
            let name = format!("Broker storage ({storage_type})");
            modelled.components.push(component(name, "GB-month", Quantity::fixed(gb), price, None));
        }
        None => modelled.usage_needed = Some("broker storage: `storage_gb` (average GB stored)".into()),
    }
    modelled
}
