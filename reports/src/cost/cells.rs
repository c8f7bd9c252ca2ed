//! How quantities, unit prices, amounts and deltas read in both cost tables.

use tollgate_cost::{format_usd, Component, CostLine, Decimal, LineDelta, LineView, Money, Price, Quantity};
use tollgate_pricing::HOURS_PER_MONTH;

/// `3 x 730 h (max 6)`, `0.5 vCPU x 730 h`, `100 GB-month (max 200)`, or `unknown`.
pub fn quantity(component: &Component) -> String {
    match &component.quantity {
        Quantity::Known { now, at_max } if now == at_max => units(*now, &component.unit),
        Quantity::Known { now, at_max } => {
            let max = units(*at_max, &component.unit);
            let count = max.split(' ').next().unwrap_or_default();
            format!("{} (max {count})", units(*now, &component.unit))
        }
        Quantity::Unknown { .. } => "unknown".to_string(),
    }
}

/// A monthly quantity of an hourly unit as a count over the month's hours when exact.
fn units(quantity: Decimal, unit: &str) -> String {
    let hours = Decimal::from(HOURS_PER_MONTH);
    let per_hour = quantity / hours;
    let exact = per_hour.scale() <= 4 && per_hour * hours == quantity;
    let shown = |value: Decimal| value.normalize().to_string();
    match unit.strip_suffix("hour") {
        Some("") if exact => format!("{} x {HOURS_PER_MONTH} h", shown(per_hour)),
        Some(measure) if exact => {
            format!("{} {} x {HOURS_PER_MONTH} h", shown(per_hour), measure.trim_end_matches('-'))
        }
        _ => format!("{} {unit}", shown(quantity)),
    }
}

/// `$0.0832/hour` (exact), or `unpriced`.
pub fn unit_price(component: &Component) -> String {
    match &component.price {
        Price::Priced { usd_per_unit, .. } => format!("${}/{}", usd_per_unit.normalize(), component.unit),
        Price::Unpriced { .. } => "unpriced".to_string(),
    }
}

/// A component's monthly figure now or at max, `-` when it has none.
pub fn component_monthly(component: &Component, at_max: bool) -> String {
    match component.monthly(at_max) {
        tollgate_cost::Amount::Known(amount) => format_usd(amount),
        tollgate_cost::Amount::Missing(_) => "-".to_string(),
    }
}

/// A line's figure: `*` marks a line whose known part is shown without a missing component.
pub fn line_monthly(view: &LineView<'_>, at_max: bool) -> String {
    let amount = format_usd(if at_max { view.at_max } else { view.now });
    if view.missing > 0 {
        format!("{amount}*")
    } else {
        amount
    }
}

/// `+$12.00`, `-$3.50`, `$0.00`.
pub fn signed(amount: Money) -> String {
    if amount > Money::ZERO {
        format!("+{}", format_usd(amount))
    } else {
        format_usd(amount)
    }
}

/// A line's change since the baseline (`new` marks an added line); empty when unchanged.
pub fn delta(delta: Option<&LineDelta>, at_max: bool) -> String {
    let Some(delta) = delta else { return String::new() };
    let amount = signed(if at_max { delta.delta_at_max() } else { delta.delta_now() });
    match delta.change() {
        tollgate_cost::Change::Added => format!("{amount} new"),
        _ => amount,
    }
}

/// Why a component has no figure.
pub fn missing_reason(component: &Component) -> Option<&str> {
    match (&component.price, &component.quantity) {
        (Price::Unpriced { reason }, _) | (_, Quantity::Unknown { reason }) => Some(reason),
        _ => None,
    }
}

/// ` (environment prod, root infra)` when the line has either.
pub fn scope_suffix(line: &LineDelta) -> String {
    let parts: Vec<String> = [("environment", &line.environment), ("root", &line.root)]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|value| format!("{name} {value}")))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// A line's address, with its Terraform environment when the address does not name it
/// (the same resource in two environments is two lines).
pub fn resource(line: &CostLine) -> String {
    match &line.scope.environment {
        Some(environment) if !line.address.ends_with(&format!("@{environment}")) => {
            format!("{} ({environment})", line.address)
        }
        _ => line.address.clone(),
    }
}

/// Where a component without a figure is written: its attribute, else its resource.
pub fn component_source(component: &Component, line: &LineView<'_>) -> String {
    let at = component.span.map_or(line.location.start_line, |span| span.start.line);
    format!("{}:{at}", line.location.file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn component(unit: &str, now: &str, at_max: &str) -> Component {
        let dec = |text: &str| Decimal::from_str(text).unwrap_or_default();
        Component {
            name: "c".into(),
            unit: unit.into(),
            quantity: Quantity::Known { now: dec(now), at_max: dec(at_max) },
            price: Price::Unpriced { reason: "r".into() },
            span: None,
        }
    }

    #[test]
    fn hourly_quantities_read_as_counts_over_the_month_only_when_exact() {
        assert_eq!(quantity(&component("hour", "2190", "4380")), "3 x 730 h (max 6)");
        assert_eq!(quantity(&component("vCPU-hour", "365", "365")), "0.5 vCPU x 730 h");
        assert_eq!(quantity(&component("hour", "1000", "1000")), "1000 hour", "1000 / 730 is not exact");
        assert_eq!(quantity(&component("GB-month", "100", "250.5")), "100 GB-month (max 250.5)");
        let mut unknown = component("hour", "1", "1");
        unknown.quantity = Quantity::Unknown { reason: "desired_size is unknown".into() };
        assert_eq!(quantity(&unknown), "unknown");
        assert_eq!(unit_price(&unknown), "unpriced");
        assert_eq!(missing_reason(&unknown), Some("r"));
    }

    #[test]
    fn changes_carry_their_sign() {
        let usd = |text: &str| Money::usd(Decimal::from_str(text).unwrap_or_default());
        assert_eq!(
            (signed(usd("12")), signed(usd("-3.5")), signed(Money::ZERO)),
            ("+$12.00".into(), "-$3.50".into(), "$0.00".into())
        );
    }
}
