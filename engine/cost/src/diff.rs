//! Per-resource and total deltas between a baseline and the current estimate.

use crate::snapshot::CostSnapshot;
use tollgate_pricing::Money;

/// What changed between two snapshots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CostDiff {
    /// Lines added, removed or changed, in address order.
    pub lines: Vec<LineDelta>,
    /// Billed totals (allocated lines excluded): baseline, current.
    pub baseline_now: Money,
    pub current_now: Money,
    pub baseline_at_max: Money,
    pub current_at_max: Money,
}

/// One resource's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDelta {
    pub address: String,
    pub environment: Option<String>,
    pub root: Option<String>,
    /// `None` when the resource is new / was removed.
    pub before_now: Option<Money>,
    pub after_now: Option<Money>,
    pub before_at_max: Option<Money>,
    pub after_at_max: Option<Money>,
}

impl CostDiff {
    /// Compares the current snapshot with a baseline.
    pub fn between(baseline: &CostSnapshot, current: &CostSnapshot) -> CostDiff {
        let _ = (baseline, current);
        CostDiff::default()
    }

    /// The change of the billed total now (current - baseline).
    pub fn delta_now(&self) -> Money {
        self.current_now - self.baseline_now
    }

    /// The change of the billed total at maximum scale.
    pub fn delta_at_max(&self) -> Money {
        self.current_at_max - self.baseline_at_max
    }
}
