//! Per-resource and total deltas between a baseline and the current estimate.

use crate::snapshot::{CostSnapshot, SnapshotLine};
use crate::CostLine;
use std::collections::BTreeMap;
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

/// Whether a line is new, gone or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// A line's identity across two estimates.
type LineKey = (Option<String>, Option<String>, String);

/// One line's figures, duplicates (same key) summed.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
struct Figures {
    now: Money,
    at_max: Money,
    missing: usize,
}

impl CostDiff {
    /// Compares the current snapshot with a baseline. Lines are matched by root, environment and
    /// address; a line whose figures (or count of components without a figure) did not change is
    /// left out.
    pub fn between(baseline: &CostSnapshot, current: &CostSnapshot) -> CostDiff {
        let before = figures(baseline);
        let after = figures(current);
        let mut keys: Vec<&LineKey> = before.keys().chain(after.keys()).collect();
        keys.sort_by(|a, b| (&a.2, &a.0, &a.1).cmp(&(&b.2, &b.0, &b.1)));
        keys.dedup();
        let lines = keys
            .into_iter()
            .filter(|key| before.get(*key) != after.get(*key))
            .map(|key| LineDelta::new(key, before.get(key), after.get(key)))
            .collect();
        let (baseline_now, baseline_at_max) = billed(baseline);
        let (current_now, current_at_max) = billed(current);
        CostDiff { lines, baseline_now, current_now, baseline_at_max, current_at_max }
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

impl LineDelta {
    fn new(key: &LineKey, before: Option<&Figures>, after: Option<&Figures>) -> LineDelta {
        let (root, environment, address) = key.clone();
        LineDelta {
            address,
            environment,
            root,
            before_now: before.map(|f| f.now),
            after_now: after.map(|f| f.now),
            before_at_max: before.map(|f| f.at_max),
            after_at_max: after.map(|f| f.at_max),
        }
    }

    pub fn change(&self) -> Change {
        match (self.before_now, self.after_now) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            _ => Change::Changed,
        }
    }

    /// After - before now (a new line counts from zero, a removed one down to zero).
    pub fn delta_now(&self) -> Money {
        self.after_now.unwrap_or_default() - self.before_now.unwrap_or_default()
    }

    /// After - before at maximum scale.
    pub fn delta_at_max(&self) -> Money {
        self.after_at_max.unwrap_or_default() - self.before_at_max.unwrap_or_default()
    }

    /// Whether this delta is about `line` (same root, environment and address).
    pub fn matches(&self, line: &CostLine) -> bool {
        self.address == line.address && self.environment == line.scope.environment && self.root == line.scope.root
    }
}

fn figures(snapshot: &CostSnapshot) -> BTreeMap<LineKey, Figures> {
    let mut by_key: BTreeMap<LineKey, Figures> = BTreeMap::new();
    for line in &snapshot.lines {
        let entry = by_key.entry(key_of(line)).or_default();
        entry.now += line.now;
        entry.at_max += line.at_max;
        entry.missing += line.missing;
    }
    by_key
}

fn key_of(line: &SnapshotLine) -> LineKey {
    (line.root.clone(), line.environment.clone(), line.address.clone())
}

fn billed(snapshot: &CostSnapshot) -> (Money, Money) {
    let billed = snapshot.lines.iter().filter(|line| !line.allocated);
    billed.fold((Money::ZERO, Money::ZERO), |(now, at_max), line| (now + line.now, at_max + line.at_max))
}
