//! The budget rules (`rules/TG501`-`TG503`): built-in rules whose findings the pipeline's cost
//! step makes from an estimate and the configured budgets.

use crate::catalog::{
    tg501_cost_budget_exceeded as exceeded_now, tg502_cost_budget_exceeded_at_max_scale as exceeded_at_max,
    tg503_cost_increase_over_limit as increase_over_limit,
};
use tollgate_evaluate::RuleMeta;

/// TG501: a budget's `now` projection over its ceiling.
pub fn budget_exceeded_now() -> &'static RuleMeta {
    &exceeded_now::META
}

/// TG502: a budget's projection at maximum scale over its ceiling.
pub fn budget_exceeded_at_max() -> &'static RuleMeta {
    &exceeded_at_max::META
}

/// TG503: the increase over the baseline above `max_increase`.
pub fn increase_over_limit() -> &'static RuleMeta {
    &increase_over_limit::META
}
