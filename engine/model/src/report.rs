//! A finished scan ([`ScanReport`]) and the one gate verdict ([`Gate`]) that the exit code and
//! every report format share.

use crate::finding::sort_findings;
use crate::{BaselineOutcome, Catalog, Finding, FindingKind, LoadError, Severity, Skip};
use std::collections::BTreeSet;

/// When findings fail the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    /// Failures at or above this severity fail the gate.
    pub fail_on: Severity,
    /// `--unknown=fail`: unknown results at or above `fail_on` fail the gate too.
    pub unknown_fails: bool,
    /// Rule ids whose failures fail the gate at any severity (the user's `warn` rules under
    /// `--fail-on-warn`).
    pub fail_at_any_severity: BTreeSet<String>,
}

impl Default for Gate {
    fn default() -> Self {
        Gate { fail_on: Severity::High, unknown_fails: false, fail_at_any_severity: BTreeSet::new() }
    }
}

impl Gate {
    /// Whether one finding makes the gate fail. A suppressed finding never does; load errors
    /// count only through the findings the pipeline makes of them.
    pub fn blocks(&self, finding: &Finding) -> bool {
        if finding.suppression.is_some() {
            return false;
        }
        match finding.kind {
            FindingKind::Fail => {
                finding.severity >= self.fail_on || self.fail_at_any_severity.contains(&finding.rule_id)
            }
            FindingKind::Unknown => self.unknown_fails && finding.severity >= self.fail_on,
        }
    }

    /// The verdict: `true` when no finding blocks.
    pub fn passes(&self, findings: &[Finding]) -> bool {
        !findings.iter().any(|finding| self.blocks(finding))
    }
}

/// Everything a report prints about one scan.
#[derive(Debug, Clone, Default)]
pub struct ScanReport {
    pub tool_version: String,
    /// Findings in report order (see [`ScanReport::normalize`]).
    pub findings: Vec<Finding>,
    /// Files that could not be read or parsed, and policies that failed.
    pub errors: Vec<LoadError>,
    /// Things deliberately not scanned (chart directories, non-cluster YAML documents).
    pub skipped: Vec<Skip>,
    /// Files read.
    pub files_scanned: usize,
    /// Resources in the graph.
    pub resources: usize,
    pub gate: Gate,
    /// Policy results exempted by `exception` rules (Conftest and Trivy count them).
    pub exceptions: usize,
    /// Every rule that could report in this scan (SARIF describes them; ids of findings are in it).
    pub catalog: Catalog,
    /// What the scan said besides its findings (engine notes, policy warnings), in order.
    pub notes: Vec<String>,
    /// What `--baseline` hid and which of its entries no longer match; `None` without a baseline.
    pub baseline: Option<BaselineOutcome>,
}

impl ScanReport {
    /// Whether the gate passes.
    pub fn passed(&self) -> bool {
        self.gate.passes(&self.findings)
    }

    /// Sorts every list into report order and drops exact duplicates, so output never depends on
    /// the order things were found in.
    pub fn normalize(&mut self) {
        sort_findings(&mut self.findings);
        self.errors.sort();
        self.errors.dedup();
        self.skipped.sort();
        self.skipped.dedup();
    }
}
