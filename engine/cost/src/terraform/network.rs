//! Networking: NAT gateways, load balancers and Elastic IPs.

use super::attrs;
use super::pricing::{component, unpriced};
use super::{Count, Ctx, Modelled};
use crate::Quantity;
use tollgate_pricing::{Decimal, HOURS_PER_MONTH};

/// `aws_nat_gateway`: hours, and GB processed from the usage file.
pub(crate) fn nat_gateway(ctx: &Ctx<'_>) -> Modelled {
    let hours = ctx.price("AmazonEC2", "nat_gateway_hours", "NatGateway-Hours", "hour");
    let mut modelled =
        Modelled::priced(vec![component("NAT gateway".into(), "hour", Count::one().hours(), hours, None)]);
    match ctx.usage.and_then(|u| u.get("monthly_data_processed_gb")) {
        Some(gb) => {
            let price = ctx.price("AmazonEC2", "nat_gateway_data_processed", "NatGateway-Bytes", "GB");
            modelled.components.push(component("Data processed".into(), "GB", Quantity::fixed(gb), price, None));
        }
        None => modelled.usage_needed = Some("data processed: `monthly_data_processed_gb`".into()),
    }
    modelled
}

/// `aws_lb` / `aws_alb`: hours by `load_balancer_type` (default application), and capacity
/// units from the usage file (`average_lcu`, per hour).
pub(crate) fn load_balancer(ctx: &Ctx<'_>) -> Modelled {
    let lb_type = attrs::text(ctx.body(), &["load_balancer_type"]).or_else(Ok("application".to_string()));
    let hours = Count::one().hours();
    let (lb_type, span) = match lb_type {
        Ok(found) => found,
        Err(why) => return Modelled::priced(vec![unpriced("Load balancer".into(), "hour", hours, why, None)]),
    };
    let (prefix, lcu_unit, label) = match lb_type.as_str() {
        "application" => ("alb", "LCU-hour", "Application load balancer"),
        "network" => ("nlb", "NLCU-hour", "Network load balancer"),
        "gateway" => ("gwlb", "GLCU-hour", "Gateway load balancer"),
        other => {
            let why = format!("`load_balancer_type` = {other} is not a load balancer type");
            return Modelled::priced(vec![unpriced("Load balancer".into(), "hour", hours, why, span)]);
        }
    };
    let price = ctx.price("AWSELB", &format!("{prefix}_hours"), "LoadBalancerUsage", "hour");
    let mut modelled = Modelled::priced(vec![component(label.to_string(), "hour", hours, price, span)]);
    match ctx.usage.and_then(|u| u.get("average_lcu")) {
        Some(lcu) => {
            let price = ctx.price("AWSELB", &format!("{prefix}_lcu"), "LCUUsage", lcu_unit);
            let quantity = Quantity::fixed(lcu.saturating_mul(Decimal::from(HOURS_PER_MONTH)));
            modelled.components.push(component("Capacity units".into(), lcu_unit, quantity, price, None));
        }
        None => modelled.usage_needed = Some("capacity units: `average_lcu` (LCUs per hour on average)".into()),
    }
    modelled
}

/// `aws_eip`: public IPv4 address hours. The price list has no sourced row for them, so the
/// lookup says so (a price file can add `AmazonVPC,public_ipv4_address,in-use,...`).
pub(crate) fn elastic_ip(ctx: &Ctx<'_>) -> Modelled {
    let price = ctx.price("AmazonVPC", "public_ipv4_address", "in-use", "hour");
    Modelled::priced(vec![component("Public IPv4 address".into(), "hour", Count::one().hours(), price, None)])
}
