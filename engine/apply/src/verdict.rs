//! What a gated scan decided, in the few figures the record and the audit log keep: the
//! verdict, finding counts by severity, the blocking rules, the projected cost and budgets.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tollgate_model::{FindingKind, Severity};
use tollgate_pipeline::cost::CostOutcome;
use tollgate_pipeline::Scan;

/// Whether the plan may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
}

/// The scan of one plan, summed up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanSummary {
    pub verdict: Verdict,
    /// `fail_on` of the gate.
    pub fail_on: Severity,
    /// Failures (not suppressed) by severity, every severity present.
    pub findings: BTreeMap<String, usize>,
    /// Unknown results (not suppressed).
    pub unknown: usize,
    /// Rule ids of the findings that fail the gate, sorted, once each.
    pub blocking_rules: Vec<String>,
    /// Files that could not be read and policies that failed (any fails the gate here).
    pub errors: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostSummary>,
}

/// The projection and every budget's verdict, in dollars to the cent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostSummary {
    pub monthly_now: String,
    pub monthly_at_max: String,
    pub budgets: Vec<BudgetSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetSummary {
    pub name: String,
    /// `now` or `max`.
    pub at: String,
    pub figure: String,
    pub limit: String,
    /// `within`, `exceeded` or `unknown`.
    pub verdict: String,
}

impl ScanSummary {
    /// Sums up `scan`. A load or policy error fails the verdict even where the scan's own gate
    /// lets it pass: nothing is applied on a partial reading.
    pub fn of(scan: &Scan) -> ScanSummary {
        let report = &scan.report;
        let live = || report.findings.iter().filter(|f| f.suppression.is_none());
        let mut findings: BTreeMap<String, usize> = Severity::ALL.iter().map(|s| (s.as_str().to_string(), 0)).collect();
        live()
            .filter(|f| f.kind == FindingKind::Fail)
            .for_each(|f| *findings.entry(f.severity.as_str().into()).or_default() += 1);
        let mut blocking_rules: Vec<String> =
            report.findings.iter().filter(|f| report.gate.blocks(f)).map(|f| f.rule_id.clone()).collect();
        blocking_rules.sort();
        blocking_rules.dedup();
        let passed = report.passed() && report.errors.is_empty();
        ScanSummary {
            verdict: if passed { Verdict::Pass } else { Verdict::Fail },
            fail_on: report.gate.fail_on,
            findings,
            unknown: live().filter(|f| f.kind == FindingKind::Unknown).count(),
            blocking_rules,
            errors: report.errors.len(),
            cost: scan.cost.as_ref().map(CostSummary::of),
        }
    }

    /// "3 high, 1 medium; blocking: TG101, TG205" (what a person reads first).
    pub fn describe(&self) -> String {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter_map(|severity| Some((severity.as_str(), *self.findings.get(severity.as_str())?)))
            .filter(|(_, n)| *n > 0)
            .map(|(severity, n)| format!("{n} {severity}"))
            .collect();
        let mut text = if counts.is_empty() { "no failures".to_string() } else { counts.join(", ") };
        if self.unknown > 0 {
            text.push_str(&format!(", {} unknown", self.unknown));
        }
        if self.errors > 0 {
            text.push_str(&format!(", {} file or policy error(s)", self.errors));
        }
        if !self.blocking_rules.is_empty() {
            text.push_str(&format!("; blocking: {}", self.blocking_rules.join(", ")));
        }
        text
    }
}

impl CostSummary {
    fn of(outcome: &CostOutcome) -> CostSummary {
        let cents = |money: tollgate_cost::Money| money.to_cents().to_string();
        let total = outcome.estimate.total(|_| true);
        let budgets = outcome
            .budgets
            .iter()
            .map(|result| BudgetSummary {
                name: result.budget.name.clone(),
                at: if result.at_max { "max" } else { "now" }.to_string(),
                figure: cents(result.figure),
                limit: cents(result.limit),
                verdict: format!("{:?}", result.verdict).to_lowercase(),
            })
            .collect();
        CostSummary { monthly_now: cents(total.now), monthly_at_max: cents(total.at_max), budgets }
    }
}
