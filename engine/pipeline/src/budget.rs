//! Budgets checked against an estimate: which lines a budget's scope covers, the figure it
//! compares (now, at maximum scale, the increase over a baseline, Cost Explorer's month plus the
//! change), and the verdict. Findings are made from the results in `budget_findings`.

use crate::cost_config::{Budget, BudgetScope, Increase};
use tollgate_cost::{CostLine, CostSnapshot, Decimal, Estimate, Money, SnapshotLine};

/// What a budget is checked against besides the estimate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The baseline's figures (`--cost-baseline`, `--cost-compare-ref`).
    pub baseline: Option<&'a CostSnapshot>,
    /// Cost Explorer's projected month (month to date + forecast): the total budget is checked
    /// against it plus the change's cost.
    pub live_month: Option<Money>,
}

/// What a check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The monthly figure against the ceiling.
    Ceiling,
    /// The increase over the baseline against `max_increase`.
    Increase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Within,
    Exceeded,
    /// Within on the known figures, but unpriced lines (or removed lines of unknown scope) could
    /// decide it.
    Unknown,
}

/// One budget checked once: for one projection and one kind of limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetResult {
    pub budget: Budget,
    pub at_max: bool,
    pub check: Check,
    /// The monthly figure (ceiling) or the increase (increase check).
    pub figure: Money,
    pub limit: Money,
    /// For an increase: the baseline figure it is measured from.
    pub baseline: Option<Money>,
    /// Cost Explorer's projected month, when the figure includes it.
    pub live_month: Option<Money>,
    pub verdict: Verdict,
    /// Indexes into the estimate's lines, largest first (then by address).
    pub contributors: Vec<usize>,
    /// Indexes of lines in scope with a component without a figure.
    pub unpriced: Vec<usize>,
    /// Baseline lines whose scope cannot be told (removed since, scoped by tag or namespace).
    pub undetermined: usize,
}

/// Checks every budget against the estimate, in budget order, now before at maximum scale, the
/// ceiling before the increase.
pub fn check(budgets: &[Budget], estimate: &Estimate, context: Context<'_>) -> Vec<BudgetResult> {
    let mut results = Vec::new();
    for budget in budgets {
        for &at_max in budget.at.projections() {
            let lines = lines_in_scope(estimate, &budget.scope);
            let figure = sum(estimate, &lines, at_max);
            if let Some(ceiling) = budget.monthly {
                let live_month = live_month(budget, estimate, context, at_max, figure);
                results.push(ceiling_result(budget, estimate, &lines, at_max, figure, ceiling, live_month));
            }
            if let (Some(limit), Some(baseline)) = (budget.max_increase, context.baseline) {
                results.push(increase_result(budget, estimate, &lines, at_max, figure, limit, baseline));
            }
        }
    }
    results
}

/// Whether `line` counts towards `scope`. Kubernetes lines are an allocation of node cost:
/// only a namespace's budget reads them, so no node is counted twice.
pub fn in_scope(scope: &BudgetScope, line: &CostLine) -> bool {
    let billed = !line.allocated;
    match scope {
        BudgetScope::Total => billed,
        BudgetScope::Namespace(namespace) => line.scope.namespace.as_deref() == Some(namespace.as_str()),
        BudgetScope::Tag { key, value } => billed && line.scope.tags.get(key) == Some(value),
        BudgetScope::Module(prefix) => billed && within_module(&line.scope.module_path, prefix),
        BudgetScope::Environment(name) => billed && line.scope.environment.as_deref() == Some(name.as_str()),
        BudgetScope::Root(root) => billed && line.scope.root.as_deref().map(|r| r.trim_end_matches('/')) == Some(root),
    }
}

/// `module.eks` covers `module.eks`, `module.eks["a"]` and `module.eks.module.nodes`.
fn within_module(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The lines of a scope, largest first at either projection (then by address).
fn lines_in_scope(estimate: &Estimate, scope: &BudgetScope) -> Vec<usize> {
    (0..estimate.lines.len()).filter(|&index| in_scope(scope, &estimate.lines[index])).collect()
}

fn sum(estimate: &Estimate, lines: &[usize], at_max: bool) -> Money {
    lines.iter().map(|&index| estimate.lines[index].monthly(at_max).0).sum()
}

/// The scope's lines ordered largest first at this projection, then by address.
fn by_size(estimate: &Estimate, lines: &[usize], at_max: bool) -> Vec<usize> {
    let mut ordered = lines.to_vec();
    ordered.sort_by(|&a, &b| {
        let (a, b) = (&estimate.lines[a], &estimate.lines[b]);
        b.monthly(at_max).0.cmp(&a.monthly(at_max).0).then_with(|| a.address.cmp(&b.address))
    });
    ordered
}

fn unpriced(estimate: &Estimate, lines: &[usize]) -> Vec<usize> {
    lines.iter().copied().filter(|&index| !estimate.lines[index].complete()).collect()
}

fn ceiling_result(
    budget: &Budget,
    estimate: &Estimate,
    lines: &[usize],
    at_max: bool,
    figure: Money,
    ceiling: Money,
    live: Option<(Money, Money)>,
) -> BudgetResult {
    let (figure, live_month) = match live {
        Some((month, change)) => (month + change, Some(month)),
        None => (figure, None),
    };
    let unpriced = unpriced(estimate, lines);
    let verdict = verdict(figure > ceiling, !unpriced.is_empty(), false);
    BudgetResult {
        budget: budget.clone(),
        at_max,
        check: Check::Ceiling,
        figure,
        limit: ceiling,
        baseline: None,
        live_month,
        verdict,
        contributors: by_size(estimate, lines, at_max),
        unpriced,
        undetermined: 0,
    }
}

/// Cost Explorer's month and the change's cost, for the total budget only (Cost Explorer measures
/// the whole account): the change is the increase over the baseline when there is one, else the
/// whole estimate (nothing of it is assumed to be running yet).
fn live_month(
    budget: &Budget,
    estimate: &Estimate,
    context: Context<'_>,
    at_max: bool,
    figure: Money,
) -> Option<(Money, Money)> {
    let month = context.live_month.filter(|_| budget.scope == BudgetScope::Total)?;
    let change = match context.baseline {
        Some(baseline) => figure - baseline_figure(budget, estimate, baseline, at_max).0,
        None => figure,
    };
    Some((month, change))
}

/// Over the limit is a breach unless something unknown could lower the figure; within it is
/// unknown when something unknown could raise it.
fn verdict(over: bool, could_raise: bool, could_lower: bool) -> Verdict {
    match (over, could_raise, could_lower) {
        (true, _, true) => Verdict::Unknown,
        (true, _, false) => Verdict::Exceeded,
        (false, true, _) => Verdict::Unknown,
        (false, false, _) => Verdict::Within,
    }
}

fn increase_result(
    budget: &Budget,
    estimate: &Estimate,
    lines: &[usize],
    at_max: bool,
    figure: Money,
    limit: Increase,
    baseline: &CostSnapshot,
) -> BudgetResult {
    let (before, undetermined, baseline_incomplete) = baseline_figure(budget, estimate, baseline, at_max);
    let increase = figure - before;
    let allowed = match limit {
        Increase::Usd(amount) => amount,
        Increase::Percent(percent) => before.times(percent / Decimal::ONE_HUNDRED),
    };
    let unpriced = unpriced(estimate, lines);
    // Unpriced current lines could raise the increase; removed lines of unknown scope and
    // unpriced baseline lines could lower it.
    let verdict = verdict(increase > allowed, !unpriced.is_empty(), undetermined > 0 || baseline_incomplete);
    BudgetResult {
        budget: budget.clone(),
        at_max,
        check: Check::Increase,
        figure: increase,
        limit: allowed,
        baseline: Some(before),
        live_month: None,
        verdict,
        contributors: by_size(estimate, lines, at_max),
        unpriced,
        undetermined,
    }
}

/// The baseline's figure for the budget's scope, how many of its lines could not be placed, and
/// whether any line in scope lacked a figure.
fn baseline_figure(
    budget: &Budget,
    estimate: &Estimate,
    baseline: &CostSnapshot,
    at_max: bool,
) -> (Money, usize, bool) {
    let (mut figure, mut undetermined, mut incomplete) = (Money::ZERO, 0, false);
    for line in &baseline.lines {
        match baseline_in_scope(&budget.scope, line, estimate) {
            Some(true) => {
                figure += if at_max { line.at_max } else { line.now };
                incomplete |= line.missing > 0;
            }
            Some(false) => {}
            None => undetermined += 1,
        }
    }
    (figure, undetermined, incomplete)
}

/// Whether a baseline line is in scope; `None` when the snapshot does not say (its tags and
/// namespace are not stored: they are read from the same resource in the estimate, if it is
/// still there).
fn baseline_in_scope(scope: &BudgetScope, line: &SnapshotLine, estimate: &Estimate) -> Option<bool> {
    let billed = !line.allocated;
    match scope {
        BudgetScope::Total => Some(billed),
        BudgetScope::Environment(name) => Some(billed && line.environment.as_deref() == Some(name.as_str())),
        BudgetScope::Root(root) => {
            Some(billed && line.root.as_deref().map(|r| r.trim_end_matches('/')) == Some(root.as_str()))
        }
        BudgetScope::Module(prefix) => Some(billed && within_module(&line.address, prefix)),
        BudgetScope::Tag { .. } | BudgetScope::Namespace(_) => estimate
            .lines
            .iter()
            .find(|current| {
                current.address == line.address
                    && current.scope.environment == line.environment
                    && current.scope.root == line.root
            })
            .map(|current| in_scope(scope, current)),
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
