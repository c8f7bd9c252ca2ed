//! Tollgate's report writers: the human text report, the versioned JSON report and the CI formats.
//!
//! This crate owns how a finished scan is shown. It receives a [`ScanReport`] (findings, load
//! errors, skipped items and counts) and the [`SourceMap`] of the files read, never parse trees
//! or the graph. [`render_text`] draws rustc-style diagnostics with source snippets;
//! [`render_json`] writes the machine-readable report described in `reports/SCHEMA.md` and
//! `reports/schema/report-v5.schema.json` ([`render_json_with_cost`] with the cost estimate);
//! [`render_concise`] prints one line per finding;
//! [`render_sarif`] writes SARIF 2.1.0 for GitHub code scanning (see [`sarif`]).
//! The gate verdict ([`Gate`], [`ScanReport::passed`]) is the model's: every writer shows the
//! verdict the exit code is made of.
//! For CI: [`render_junit`] (JUnit XML), [`render_markdown`] (a PR comment or job summary,
//! [`MarkdownOptions`]) and [`render_github`] (GitHub workflow-command annotations) each show
//! findings by where they stand against the gate: blocking, below it, unknown, suppressed.
//! [`TextOptions`] choose what the two human reports show (never what the gate counts).
//! [`cost`] draws the cost estimate: a text table and a Markdown section (its JSON is
//! `tollgate_cost::json`, schema `reports/schema/cost-v1.schema.json`).
//!
//! Every writer is a pure function of its input: the same report renders to the same bytes.

mod annotations;
pub mod cost;
mod json;
mod junit;
mod markdown;
pub mod sarif;
mod standing;
mod summary;
mod text;

pub use annotations::render_github;
pub use json::{render_json, render_json_with_cost, SCHEMA_VERSION};
pub use junit::render_junit;
pub use markdown::{
    render_markdown, render_markdown_with_cost, GithubContext, MarkdownOptions, DEFAULT_MARKDOWN_BUDGET,
};
pub use sarif::{render_sarif, render_sarif_checked, SarifOptions, SarifOutput};
pub use summary::{BaselineSummary, SeverityCounts, Summary};
pub use text::{render_concise, render_text, render_text_with};

use tollgate_model::finding::sort_findings;
use tollgate_model::{Finding, LoadError, Severity, Skip};

#[doc(no_inline)]
pub use tollgate_model::{Gate, ScanReport, SourceMap};

/// What the human reports (text and concise) show. The gate and the summary counts always cover
/// every finding; these options only decide what is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// ANSI colour escapes; without them the output is plain text.
    pub color: bool,
    /// Findings below this severity are not shown (`--min-severity`), unless they fail the gate:
    /// the summary says how many were left out.
    pub min_severity: Severity,
    /// Name every skipped file and document with its reason, and list suppressed findings with
    /// their suppressions (`--verbose`), not only the counts.
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
    /// Findings not suppressed, at or above `min_severity` or failing the gate.
    pub findings: Vec<&'a Finding>,
    /// Findings below `min_severity` that do not fail the gate.
    pub hidden: usize,
    /// Suppressed findings: counted, and listed with `--verbose`.
    pub suppressed: Vec<&'a Finding>,
}

impl<'a> Shown<'a> {
    pub fn of(ordered: &'a Ordered, report: &ScanReport, options: &TextOptions) -> Self {
        let (suppressed, active): (Vec<&Finding>, Vec<&Finding>) =
            ordered.findings.iter().partition(|f| f.suppression.is_some());
        let findings: Vec<&Finding> =
            active.iter().copied().filter(|f| f.severity >= options.min_severity || report.gate.blocks(f)).collect();
        Shown { hidden: active.len() - findings.len(), findings, suppressed }
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
