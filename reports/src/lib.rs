//! Tollgate's report writers: the human text report and the versioned JSON report.
//!
//! This crate owns how a finished scan is shown. It receives a [`ScanReport`] (findings, load
//! errors, skipped items and counts) and the [`SourceMap`] of the files read, never parse trees
//! or the graph. [`render_text`] draws rustc-style diagnostics with source snippets;
//! [`render_json`] writes the machine-readable report described in `reports/SCHEMA.md` and
//! `reports/schema/report-v3.schema.json`; [`render_concise`] prints one line per finding.
//! [`gate_passed`] is the one gate verdict the CLI's exit code and every report share.
//! [`TextOptions`] choose what the two human reports show (never what the gate counts).
//!
//! Both writers are pure functions of their input: the same report renders to the same bytes.

mod json;
mod summary;
mod text;

pub use json::{render_json, SCHEMA_VERSION};
pub use summary::{SeverityCounts, Summary};
pub use text::{render_concise, render_text, render_text_with};

use std::collections::BTreeSet;
use tollgate_model::finding::sort_findings;
use tollgate_model::{Finding, LoadError, Severity, Skip};

#[doc(no_inline)]
pub use tollgate_model::SourceMap;

/// Everything a report prints about one scan.
#[derive(Debug, Clone)]
pub struct ScanReport {
    pub tool_version: String,
    /// Findings, normally already sorted by the engine; the writers re-sort (and drop exact
    /// duplicates) anyway so output order never depends on the caller.
    pub findings: Vec<Finding>,
    /// Files that could not be read or parsed.
    pub errors: Vec<LoadError>,
    /// Things deliberately not scanned (chart directories, non-cluster YAML documents).
    pub skipped: Vec<Skip>,
    /// Files read.
    pub files_scanned: usize,
    /// Resources in the graph.
    pub resources: usize,
    /// The gate threshold: failures at or above it fail the gate.
    pub fail_on: Severity,
    /// `--unknown=fail`: unknown results at or above `fail_on` fail the gate too.
    pub unknown_fails: bool,
    /// Policy results exempted by `exception` rules (Conftest and Trivy count them).
    pub exceptions: usize,
    /// Rule ids whose failures fail the gate at any severity (the user's `warn` rules under
    /// `--fail-on-warn`).
    pub fail_at_any_severity: BTreeSet<String>,
}

/// The gate verdict: `true` when no failure (and, with `unknown_fails`, no unknown result) is at
/// or above `fail_on`. Load errors count only through the findings the engine makes of them.
pub fn gate_passed(report: &ScanReport) -> bool {
    !report.findings.iter().any(|f| blocks_gate(f, report))
}

/// Whether one finding makes the gate fail.
pub fn blocks_gate(finding: &Finding, report: &ScanReport) -> bool {
    use tollgate_model::FindingKind;
    match finding.kind {
        FindingKind::Fail => {
            finding.severity >= report.fail_on || report.fail_at_any_severity.contains(&finding.rule_id)
        }
        FindingKind::Unknown => report.unknown_fails && finding.severity >= report.fail_on,
    }
}

/// What the human reports (text and concise) show. The gate and the summary counts always cover
/// every finding; these options only decide what is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// ANSI colour escapes; without them the output is plain text.
    pub color: bool,
    /// Findings below this severity are not shown (`--min-severity`), unless they fail the gate:
    /// the summary says how many were left out.
    pub min_severity: Severity,
    /// Name every skipped file and document with its reason (`--verbose`), not only the counts.
    pub verbose: bool,
    /// Unknown results that do not fail the gate drawn in full with their lines
    /// (`--unknown-details`), instead of one line each after the failures.
    pub unknown_details: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions { color: false, min_severity: Severity::Info, verbose: false, unknown_details: false }
    }
}

/// The findings a human report shows, in report order, and how many it leaves out.
pub(crate) struct Shown<'a> {
    pub findings: Vec<&'a Finding>,
    /// Findings below `min_severity` that do not fail the gate.
    pub hidden: usize,
}

impl<'a> Shown<'a> {
    pub fn of(ordered: &'a Ordered, report: &ScanReport, options: &TextOptions) -> Self {
        let findings: Vec<&Finding> =
            ordered.findings.iter().filter(|f| f.severity >= options.min_severity || blocks_gate(f, report)).collect();
        Shown { hidden: ordered.findings.len() - findings.len(), findings }
    }
}

/// The report's lists in output order, without exact duplicates.
struct Ordered {
    findings: Vec<Finding>,
    errors: Vec<LoadError>,
    skipped: Vec<Skip>,
}

impl Ordered {
    fn of(report: &ScanReport) -> Self {
        let mut findings = report.findings.clone();
        sort_findings(&mut findings);
        let mut errors = report.errors.clone();
        errors.sort();
        errors.dedup();
        let mut skipped = report.skipped.clone();
        skipped.sort();
        skipped.dedup();
        Ordered { findings, errors, skipped }
    }
}
