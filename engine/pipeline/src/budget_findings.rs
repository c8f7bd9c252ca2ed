//! Budget results as findings of TG501 (now), TG502 (at maximum scale) and TG503 (increase):
//! located at the largest contributor, naming the budget, its scope, the figure against the
//! limit to the cent, the three largest contributors with their lines, and what to do.

use crate::budget::{BudgetResult, Check, Verdict};
use crate::cost_config::{BudgetScope, Increase};
use tollgate_cost::{format_usd, Amount, CostLine, Estimate};
use tollgate_evaluate::RuleMeta;
use tollgate_model::{Finding, FindingKind, SourceMap};

/// Where a budget is written: the finding's location when no resource contributes to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetOrigin {
    pub file: String,
    pub line: u32,
}

/// How many contributors a message names.
const NAMED_CONTRIBUTORS: usize = 3;

/// One finding per exceeded or unknown result.
pub fn findings(
    results: &[BudgetResult],
    estimate: &Estimate,
    sources: &SourceMap,
    origin: &BudgetOrigin,
) -> Vec<Finding> {
    results.iter().filter(|r| r.verdict != Verdict::Within).map(|r| finding(r, estimate, sources, origin)).collect()
}

fn rule(result: &BudgetResult) -> &'static RuleMeta {
    match (result.check, result.at_max) {
        (Check::Increase, _) => tollgate_rules::cost::increase_over_limit(),
        (Check::Ceiling, false) => tollgate_rules::cost::budget_exceeded_now(),
        (Check::Ceiling, true) => tollgate_rules::cost::budget_exceeded_at_max(),
    }
}

fn finding(result: &BudgetResult, estimate: &Estimate, sources: &SourceMap, origin: &BudgetOrigin) -> Finding {
    let kind = if result.verdict == Verdict::Exceeded { FindingKind::Fail } else { FindingKind::Unknown };
    let message = message(result, estimate, sources);
    let largest = result.contributors.first().map(|&index| &estimate.lines[index]);
    let Some(line) = largest else {
        let address = format!("cost.budget.{}", result.budget.name);
        return Finding::new(rule(result).rule_ref(), kind, address, &origin.file, (origin.line, origin.line), message);
    };
    let lines = (line.span.start.line, line.span.end.line);
    let file = sources.path(line.span.file);
    let mut finding = Finding::new(rule(result).rule_ref(), kind, &line.address, file, lines, message);
    finding.environment = line.scope.environment.clone();
    finding.root = line.scope.root.clone();
    finding
}

/// `Budget `dev` (tag environment=dev) ...`: the verdict, the figures, the contributors, the fix.
fn message(result: &BudgetResult, estimate: &Estimate, sources: &SourceMap) -> String {
    let budget = &result.budget;
    let when = if result.at_max { "at maximum scale" } else { "now" };
    let head = format!("Budget `{}` ({})", budget.name, describe_scope(&budget.scope));
    let figures = match result.check {
        Check::Ceiling => ceiling_figures(result, when),
        Check::Increase => increase_figures(result, when),
    };
    let mut text = match result.verdict {
        Verdict::Exceeded => format!("{head} is exceeded {when}: {figures}."),
        _ => format!("{head} cannot be checked {when}: on the priced resources, {figures}."),
    };
    let named = contributors(result, estimate, sources);
    if !named.is_empty() {
        text.push_str(&format!(" Largest contributors: {named}."));
    }
    if !result.unpriced.is_empty() {
        text.push_str(&format!(" {}.", unpriced(result, estimate, sources)));
    }
    if result.undetermined > 0 {
        text.push_str(&format!(
            " {} baseline resource(s) are gone and their scope is not recorded, so the increase may be smaller.",
            result.undetermined
        ));
    }
    text.push(' ');
    text.push_str(advice(result));
    text
}

fn describe_scope(scope: &BudgetScope) -> String {
    match scope {
        BudgetScope::Total => "all billed resources".to_string(),
        BudgetScope::Tag { key, value } => format!("tag {key}={value}"),
        BudgetScope::Module(path) => format!("module {path}"),
        BudgetScope::Namespace(name) => format!("namespace {name}"),
        BudgetScope::Environment(name) => format!("environment {name}"),
        BudgetScope::Root(path) => format!("root {path}"),
    }
}

fn ceiling_figures(result: &BudgetResult, when: &str) -> String {
    let projected = match result.live_month {
        Some(month) => format!(
            "{} a month projected (Cost Explorer's month to date and forecast {} plus this change's {})",
            format_usd(result.figure),
            format_usd(month),
            format_usd(result.figure - month)
        ),
        None => format!("{} a month projected {when}", format_usd(result.figure)),
    };
    let gap = if result.figure > result.limit {
        format!(", {} over", format_usd(result.figure - result.limit))
    } else {
        String::new()
    };
    format!("{projected} against a ceiling of {}{gap}", format_usd(result.limit))
}

fn increase_figures(result: &BudgetResult, when: &str) -> String {
    let before = result.baseline.unwrap_or_default();
    let allowed = match result.budget.max_increase {
        Some(Increase::Percent(percent)) => format!("{} ({percent}% of the baseline)", format_usd(result.limit)),
        _ => format_usd(result.limit),
    };
    let compared = if result.figure > result.limit { "more than" } else { "within" };
    format!(
        "the monthly cost {when} rises by {} over the baseline ({} -> {}), {compared} the allowed {allowed}",
        format_usd(result.figure),
        format_usd(before),
        format_usd(before + result.figure)
    )
}

/// `aws_instance.web $121.47 (main.tf:1)`, the largest three.
fn contributors(result: &BudgetResult, estimate: &Estimate, sources: &SourceMap) -> String {
    let named: Vec<String> = result
        .contributors
        .iter()
        .take(NAMED_CONTRIBUTORS)
        .map(|&index| {
            let line = &estimate.lines[index];
            format!("{} {} ({})", line.address, format_usd(line.monthly(result.at_max).0), location(line, sources))
        })
        .collect();
    named.join(", ")
}

/// `2 resource(s) in scope have no price or quantity: a (reason, main.tf:3), ...`.
fn unpriced(result: &BudgetResult, estimate: &Estimate, sources: &SourceMap) -> String {
    let listed: Vec<String> = result
        .unpriced
        .iter()
        .map(|&index| {
            let line = &estimate.lines[index];
            format!("{} ({}, {})", line.address, missing_reason(line, result.at_max), location(line, sources))
        })
        .collect();
    format!("{} resource(s) in scope have no price or quantity, not included: {}", listed.len(), listed.join("; "))
}

fn missing_reason(line: &CostLine, at_max: bool) -> String {
    let reasons =
        line.components.iter().map(|c| c.monthly(at_max)).chain(line.components.iter().map(|c| c.monthly(!at_max)));
    reasons
        .filter_map(|amount| match amount {
            Amount::Missing(reason) => Some(reason),
            Amount::Known(_) => None,
        })
        .next()
        .unwrap_or_default()
}

fn location(line: &CostLine, sources: &SourceMap) -> String {
    format!("{}:{}", sources.path(line.span.file), line.span.start.line)
}

fn advice(result: &BudgetResult) -> &'static str {
    match (result.verdict, result.check, result.at_max) {
        (Verdict::Unknown, _, _) => {
            "Price the resources listed (a row in `[cost] price_file`, a known region or size) so the budget can be checked."
        }
        (_, Check::Increase, _) => {
            "Reduce what the change adds, or raise `max_increase` in tollgate.toml `[cost]` if the increase is intended."
        }
        (_, Check::Ceiling, true) => {
            "Lower the maximum sizes (`max_size`, `maxReplicas`) or instance types of the largest contributors, or raise the budget in tollgate.toml `[cost]` if the spend is intended."
        }
        (_, Check::Ceiling, false) => {
            "Reduce the sizes or counts of the largest contributors, or raise the budget in tollgate.toml `[cost]` if the spend is intended."
        }
    }
}

/// `budget `dev` (tag environment=dev) now: $73.00 against $100.00, within`.
pub fn summary(result: &BudgetResult) -> String {
    let when = if result.at_max { "at maximum scale" } else { "now" };
    let what = match result.check {
        Check::Ceiling => "",
        Check::Increase => " increase",
    };
    let verdict = match result.verdict {
        Verdict::Within => "within",
        Verdict::Exceeded => "EXCEEDED",
        Verdict::Unknown => "unknown (unpriced resources could decide it)",
    };
    format!(
        "budget `{}` ({}){what} {when}: {} against {}, {verdict}",
        result.budget.name,
        describe_scope(&result.budget.scope),
        format_usd(result.figure),
        format_usd(result.limit)
    )
}
