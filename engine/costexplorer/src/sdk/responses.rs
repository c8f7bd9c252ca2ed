//! Cost Explorer's answers turned into exact amounts, checked against the API reference's shape.

use std::collections::BTreeMap;

use aws_sdk_costexplorer::operation::get_cost_and_usage::GetCostAndUsageOutput;
use aws_sdk_costexplorer::operation::get_cost_forecast::GetCostForecastOutput;
use aws_sdk_costexplorer::types::MetricValue;

use super::{COST_AND_USAGE, COST_FORECAST};
use crate::{parse_amount, Error, Forecast, Money, Period, Result, ServiceAmount, ServiceSpend};

/// The metric name as GetCostAndUsage takes it and keys its answer by.
pub(super) const UNBLENDED_COST: &str = "UnblendedCost";

/// Sums each service over every result period of every page, largest first.
pub(super) fn service_spend(period: Period, pages: &[GetCostAndUsageOutput]) -> Result<ServiceSpend> {
    let mut by_service: BTreeMap<String, ServiceAmount> = BTreeMap::new();
    for result in pages.iter().flat_map(|page| page.results_by_time()) {
        for group in result.groups() {
            let service = group.keys().join(" / ");
            if service.is_empty() {
                return Err(malformed(COST_AND_USAGE, "a group without a SERVICE key".into()));
            }
            let metric = group.metrics().and_then(|metrics| metrics.get(UNBLENDED_COST));
            let what = format!("{UNBLENDED_COST} of {service:?}");
            let amount = money(COST_AND_USAGE, metric, &what)?;
            let entry = by_service.entry(service.clone());
            match entry {
                std::collections::btree_map::Entry::Occupied(mut seen) => {
                    let seen = seen.get_mut();
                    seen.amount = seen.amount.checked_add(&amount)?;
                    seen.estimated |= result.estimated();
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(ServiceAmount { service, amount, estimated: result.estimated() });
                }
            }
        }
    }
    let mut services: Vec<ServiceAmount> = by_service.into_values().collect();
    services.sort_by(|a, b| b.amount.amount.cmp(&a.amount.amount).then_with(|| a.service.cmp(&b.service)));
    let mut total: Option<Money> = None;
    for service in &services {
        total = crate::add_amounts(total.as_ref(), Some(&service.amount))?;
    }
    Ok(ServiceSpend { period, services, total })
}

pub(super) fn forecast(period: Period, output: &GetCostForecastOutput) -> Result<Forecast> {
    let total = money(COST_FORECAST, output.total(), "Total")?;
    Ok(Forecast { period, total: Some(total) })
}

/// A `MetricValue` as exact money: both its `Amount` and its `Unit` must be there.
fn money(operation: &'static str, value: Option<&MetricValue>, what: &str) -> Result<Money> {
    let value = value.ok_or_else(|| malformed(operation, format!("{what} is missing")))?;
    let text = value.amount().ok_or_else(|| malformed(operation, format!("{what} has no Amount")))?;
    let amount = parse_amount(text)
        .ok_or_else(|| malformed(operation, format!("{what} Amount {text:?} is not a decimal number")))?;
    let currency = value.unit().filter(|unit| !unit.trim().is_empty());
    let currency = currency.ok_or_else(|| malformed(operation, format!("{what} has no Unit (currency)")))?;
    Ok(Money { amount, currency: currency.to_string() })
}

fn malformed(operation: &'static str, detail: String) -> Error {
    Error::MalformedResponse { operation, detail }
}
