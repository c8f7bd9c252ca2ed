//! Budget results in the JSON cost report's `budgets` array (layout in `reports/SCHEMA.md`,
//! "`budgets[]`"): one object per check, with the figure against the ceiling, the verdict and
//! the largest contributors with their lines.

use crate::budget::{BudgetResult, Check, Verdict};
use crate::cost_config::BudgetScope;
use serde_json::{json, Value};
use tollgate_cost::json::money;
use tollgate_cost::Estimate;
use tollgate_model::SourceMap;

/// How many contributors an entry lists (the same as a finding's message names).
const LISTED_CONTRIBUTORS: usize = 3;

/// Every budget result, in check order.
pub fn budgets_json(results: &[BudgetResult], estimate: &Estimate, sources: &SourceMap) -> Vec<Value> {
    results.iter().map(|result| budget_json(result, estimate, sources)).collect()
}

fn budget_json(result: &BudgetResult, estimate: &Estimate, sources: &SourceMap) -> Value {
    let (kind, value) = scope(&result.budget.scope);
    json!({
        "name": result.budget.name,
        "scope": { "kind": kind, "value": value },
        "at": if result.at_max { "max" } else { "now" },
        "check": match result.check {
            Check::Ceiling => "ceiling",
            Check::Increase => "increase",
        },
        "ceiling": money(result.limit),
        "figure": money(result.figure),
        "baseline": result.baseline.map(money),
        "live_month": result.live_month.map(money),
        "verdict": match result.verdict {
            Verdict::Within => "within",
            Verdict::Exceeded => "exceeded",
            Verdict::Unknown => "unknown",
        },
        "contributors": contributors(result, estimate, sources),
        "unpriced": result.unpriced.len(),
        "undetermined": result.undetermined,
    })
}

/// The scope's kind and what it names (`null` for the total).
fn scope(scope: &BudgetScope) -> (&'static str, Option<String>) {
    match scope {
        BudgetScope::Total => ("total", None),
        BudgetScope::Tag { key, value } => ("tag", Some(format!("{key}={value}"))),
        BudgetScope::Module(path) => ("module", Some(path.clone())),
        BudgetScope::Namespace(name) => ("namespace", Some(name.clone())),
        BudgetScope::Environment(name) => ("environment", Some(name.clone())),
        BudgetScope::Root(path) => ("root", Some(path.clone())),
    }
}

fn contributors(result: &BudgetResult, estimate: &Estimate, sources: &SourceMap) -> Vec<Value> {
    let lines = result.contributors.iter().filter_map(|&index| estimate.lines.get(index));
    lines
        .take(LISTED_CONTRIBUTORS)
        .map(|line| {
            json!({
                "address": line.address,
                "environment": line.scope.environment,
                "file": sources.path(line.span.file),
                "start_line": line.span.start.line,
                "end_line": line.span.end.line,
                "monthly": money(line.monthly(result.at_max).0),
            })
        })
        .collect()
}
