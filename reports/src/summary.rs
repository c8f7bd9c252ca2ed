//! Counts both reports print, derived from a [`ScanReport`] (never stored twice).

use crate::{Ordered, ScanReport};
use serde::Serialize;
use tollgate_model::{BaselineEntry, Finding, FindingKind, Severity};

/// Number of findings per severity; every severity is always present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    fn add(&mut self, severity: Severity) {
        let slot = match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        };
        *slot += 1;
    }
}

/// The totals of a scan and its gate verdict. Field order is the JSON `summary` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub resources: usize,
    /// Items deliberately not scanned.
    pub skipped: usize,
    /// All findings, failures and unknown results alike.
    pub findings: usize,
    /// All findings by severity.
    pub by_severity: SeverityCounts,
    /// Findings that are failures.
    pub fail: usize,
    /// Findings whose verdict rests on a value Tollgate could not know.
    pub unknown: usize,
    /// Files that could not be read or parsed.
    pub errors: usize,
    /// Policy results exempted by `exception` rules: counted, not reported.
    pub exceptions: usize,
    /// Findings accepted by an inline suppression: listed, never blocking.
    pub suppressed: usize,
    pub fail_on: Severity,
    pub unknown_fails: bool,
    /// `--fail-on-warn`: the user's `warn` rules fail the gate at any severity.
    pub fail_on_warn: bool,
    /// Findings that make the gate fail (see [`Gate::blocks`](tollgate_model::Gate::blocks)).
    pub blocking: usize,
    /// The gate verdict: `blocking == 0`.
    pub passed: bool,
    /// What the baseline hid and which of its entries are fixed; `None` without a baseline.
    pub baseline: Option<BaselineSummary>,
}

/// `--baseline`: findings left out because the baseline holds them, and its entries that no
/// finding matched any more (fixed). Field order is the JSON order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaselineSummary {
    pub file: String,
    pub hidden: usize,
    pub fixed: Vec<BaselineEntry>,
}

impl Summary {
    pub fn of(report: &ScanReport) -> Self {
        Summary::of_ordered(report, &Ordered::of(report))
    }

    /// Counts over the de-duplicated lists, so the numbers match what is printed.
    pub(crate) fn of_ordered(report: &ScanReport, ordered: &Ordered) -> Self {
        let findings: &[Finding] = &ordered.findings;
        let mut by_severity = SeverityCounts::default();
        findings.iter().for_each(|f| by_severity.add(f.severity));
        let unknown = findings.iter().filter(|f| f.kind == FindingKind::Unknown).count();
        let blocking = findings.iter().filter(|f| report.gate.blocks(f)).count();
        Summary {
            files_scanned: report.files_scanned,
            resources: report.resources,
            skipped: ordered.skipped.len(),
            findings: findings.len(),
            by_severity,
            fail: findings.len() - unknown,
            unknown,
            errors: ordered.errors.len(),
            exceptions: report.exceptions,
            suppressed: findings.iter().filter(|f| f.suppression.is_some()).count(),
            fail_on: report.gate.fail_on,
            unknown_fails: report.gate.unknown_fails,
            fail_on_warn: !report.gate.fail_at_any_severity.is_empty(),
            blocking,
            passed: blocking == 0,
            baseline: report.baseline.as_ref().map(|outcome| BaselineSummary {
                file: outcome.file.clone(),
                hidden: outcome.hidden,
                fixed: outcome.fixed.clone(),
            }),
        }
    }
}
