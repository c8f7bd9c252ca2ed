//! The JSON cost report (layout version [`COST_JSON_VERSION`], documented in `reports/SCHEMA.md`,
//! schema `reports/schema/cost-v1.schema.json`). Every amount is an exact decimal string with its
//! rounding to the cent beside it (`{"exact": "971.776", "cents": "971.78"}`): sums of exact
//! amounts stay exact, and the cents are what the text report shows. [`crate::CostSnapshot`]
//! reads this document back as a baseline.

use crate::diff::LineDelta;
use crate::view::{CostView, LineView, Location, NamespaceView, UsageView};
use crate::{Component, CostDiff, Estimate, LineKind, Price, Quantity, Total};
use serde_json::{json, Map, Value};
use tollgate_model::SourceMap;
use tollgate_pricing::{Decimal, Money, HOURS_PER_MONTH};

/// The layout version written in `"version"`. Any change to the layout bumps it.
pub const COST_JSON_VERSION: u32 = 1;

/// The cost report of an estimate, with the deltas of `diff` when given. `budgets` is the budget
/// checks' own section, written as given under `"budgets"` (one object per budget).
pub fn to_json(estimate: &Estimate, sources: &SourceMap, diff: Option<&CostDiff>, budgets: &[Value]) -> Value {
    view_to_json(&CostView::new(estimate, sources, diff), budgets)
}

/// The cost report of a view (one with quota caps set, for instance).
pub fn view_to_json(view: &CostView<'_>, budgets: &[Value]) -> Value {
    json!({
        "version": COST_JSON_VERSION,
        "currency": "USD",
        "hours_per_month": HOURS_PER_MONTH,
        "totals": totals(view),
        "lines": view.lines.iter().map(line).collect::<Vec<_>>(),
        "usage_based": view.usage_based.iter().map(usage_based).collect::<Vec<_>>(),
        "namespaces": view.namespaces.iter().map(namespace).collect::<Vec<_>>(),
        "notes": view.estimate.notes,
        "diff": view.diff.map(diff),
        "budgets": budgets,
    })
}

/// An exact decimal as a string without trailing zeros (`60.736`, `2190`).
pub fn decimal(value: Decimal) -> String {
    value.normalize().to_string()
}

/// An amount: exact, and rounded to the cent (half away from zero).
pub fn money(amount: Money) -> Value {
    // `-0.001` rounds to zero cents, written without a sign.
    let cents = Some(amount.to_cents()).filter(|cents| !cents.is_zero()).unwrap_or_default();
    json!({ "exact": decimal(amount.amount()), "cents": format!("{cents:.2}") })
}

fn totals(view: &CostView<'_>) -> Value {
    let Total { now, at_max, lines, unpriced } = &view.billed;
    json!({
        "billed_now": money(*now),
        "billed_at_max": money(*at_max),
        "lines": lines,
        "unpriced": unpriced,
        "allocated_lines": view.lines.iter().filter(|view| view.line.allocated).count(),
        "usage_based": view.usage_based.len(),
    })
}

fn located(mut object: Map<String, Value>, location: &Location) -> Map<String, Value> {
    object.insert("file".into(), json!(location.file));
    object.insert("start_line".into(), json!(location.start_line));
    object.insert("end_line".into(), json!(location.end_line));
    object
}

fn line(view: &LineView<'_>) -> Value {
    let line = view.line;
    let mut object = Map::new();
    object.insert("address".into(), json!(line.address));
    object.insert("type".into(), json!(line.resource_type));
    object.insert("kind".into(), json!(kind(line.kind)));
    object.insert("allocated".into(), json!(line.allocated));
    let mut object = located(object, &view.location);
    let scope = &line.scope;
    object.insert("region".into(), json!(scope.region));
    object.insert("environment".into(), json!(scope.environment));
    object.insert("root".into(), json!(scope.root));
    object.insert("module".into(), json!(scope.module_path));
    object.insert("namespace".into(), json!(scope.namespace));
    object.insert("tags".into(), json!(scope.tags));
    object.insert("components".into(), line.components.iter().map(|c| component(c, view)).collect());
    object.insert("monthly_now".into(), money(view.now));
    object.insert("monthly_at_max".into(), money(view.at_max));
    object.insert("missing".into(), json!(view.missing));
    Value::Object(object)
}

fn kind(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Terraform => "terraform",
        LineKind::Kubernetes => "kubernetes",
    }
}

fn component(component: &Component, view: &LineView<'_>) -> Value {
    let (quantity_now, quantity_at_max, quantity_unknown) = match &component.quantity {
        Quantity::Known { now, at_max } => (Some(decimal(*now)), Some(decimal(*at_max)), None),
        Quantity::Unknown { reason } => (None, None, Some(reason)),
    };
    let (unit_price, price_source, unpriced) = match &component.price {
        Price::Priced { usd_per_unit, source } => (Some(decimal(*usd_per_unit)), Some(source), None),
        Price::Unpriced { reason } => (None, None, Some(reason)),
    };
    let monthly = |at_max| match component.monthly(at_max) {
        crate::Amount::Known(amount) => money(amount),
        crate::Amount::Missing(_) => Value::Null,
    };
    // The attribute the quantity was read from, when not the resource's own block.
    let lines = component.span.map(|span| (span.start.line, span.end.line));
    json!({
        "name": component.name,
        "unit": component.unit,
        "quantity_now": quantity_now,
        "quantity_at_max": quantity_at_max,
        "quantity_unknown": quantity_unknown,
        "unit_price": unit_price,
        "price_source": price_source,
        "unpriced": unpriced,
        "monthly_now": monthly(false),
        "monthly_at_max": monthly(true),
        "start_line": lines.map_or(view.location.start_line, |(start, _)| start),
        "end_line": lines.map_or(view.location.end_line, |(_, end)| end),
    })
}

fn usage_based(view: &UsageView<'_>) -> Value {
    let resource = view.resource;
    let mut object = Map::new();
    object.insert("address".into(), json!(resource.address));
    object.insert("type".into(), json!(resource.resource_type));
    let mut object = located(object, &view.location);
    object.insert("region".into(), json!(resource.scope.region));
    object.insert("environment".into(), json!(resource.scope.environment));
    object.insert("root".into(), json!(resource.scope.root));
    object.insert("module".into(), json!(resource.scope.module_path));
    object.insert("reason".into(), json!(resource.reason));
    Value::Object(object)
}

fn namespace(view: &NamespaceView) -> Value {
    json!({
        "namespace": view.namespace,
        "environment": view.environment,
        "lines": view.total.lines,
        "unpriced": view.total.unpriced,
        "allocated_now": money(view.total.now),
        "allocated_at_max": money(view.total.at_max),
        "quota_cap": view.quota_cap.map(money),
    })
}

fn diff(diff: &CostDiff) -> Value {
    json!({
        "baseline_now": money(diff.baseline_now),
        "current_now": money(diff.current_now),
        "delta_now": money(diff.delta_now()),
        "baseline_at_max": money(diff.baseline_at_max),
        "current_at_max": money(diff.current_at_max),
        "delta_at_max": money(diff.delta_at_max()),
        "lines": diff.lines.iter().map(delta).collect::<Vec<_>>(),
    })
}

fn delta(delta: &LineDelta) -> Value {
    json!({
        "address": delta.address,
        "environment": delta.environment,
        "root": delta.root,
        "change": delta.change().as_str(),
        "before_now": delta.before_now.map(money),
        "after_now": delta.after_now.map(money),
        "delta_now": money(delta.delta_now()),
        "before_at_max": delta.before_at_max.map(money),
        "after_at_max": delta.after_at_max.map(money),
        "delta_at_max": money(delta.delta_at_max()),
    })
}
