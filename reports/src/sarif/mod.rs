//! SARIF 2.1.0 for GitHub code scanning: one run per file, every rule of the scan described,
//! one result per finding with a repository-relative location and Tollgate's own fingerprint,
//! load errors and engine notes as tool notifications.
//!
//! The shape follows GitHub's "SARIF support for code scanning" (required rule and result
//! properties, `security-severity`, `partialFingerprints`, `automationDetails.id`) and its
//! upload limits ("SARIF results exceed limits": 25,000 results per run; uploads of at most
//! 10 MB gzipped); the OASIS SARIF 2.1.0 specification decides where GitHub is silent.

mod fingerprints;
mod paths;
mod results;
mod rules;

use crate::Ordered;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Message, Run, RunAutomationDetails, Sarif, Tool, ToolComponent,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use tollgate_model::{Finding, ScanReport};

pub use paths::repository_path;
pub use rules::{help_uri, level_of, providers_of, security_severity_of, DOCS_BASE_URL, REPOSITORY_URL};

/// The schema the file names (the OASIS copy is `reports/schema/sarif-schema-2.1.0.json`).
pub const SARIF_SCHEMA_URL: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The `uriBaseId` of every result location: the repository root.
pub const SOURCE_ROOT_ID: &str = "%SRCROOT%";
/// GitHub rejects a run with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub rejects an upload larger than this once gzipped.
pub const MAX_GZIPPED_BYTES: usize = 10 * 1024 * 1024;

/// Where the SARIF file's paths and category come from (the CLI computes them; nothing here
/// reads the machine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SarifOptions {
    /// `automationDetails.id`, GitHub's analysis category: ends with `/` (added when missing).
    pub category: String,
    /// The absolute directory the findings' paths are relative to (the working directory).
    pub working_dir: PathBuf,
    /// The absolute directory result URIs are relative to (`%SRCROOT%`): the git work tree
    /// holding the scan, else the working directory. A file outside it keeps its path relative
    /// to the working directory.
    pub source_root: PathBuf,
}

impl Default for SarifOptions {
    fn default() -> Self {
        SarifOptions { category: "tollgate/".to_string(), working_dir: PathBuf::new(), source_root: PathBuf::new() }
    }
}

/// The rendered file and what the caller should tell the user (results left out at GitHub's
/// limits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SarifOutput {
    pub text: String,
    pub warnings: Vec<String>,
}

/// The SARIF log of a scan, as pretty JSON; the same report and options give the same bytes.
pub fn render_sarif(report: &ScanReport, options: &SarifOptions) -> String {
    render_sarif_checked(report, options).text
}

/// [`render_sarif`], with a warning for each limit the results had to be cut to.
pub fn render_sarif_checked(report: &ScanReport, options: &SarifOptions) -> SarifOutput {
    let ordered = Ordered::of(report);
    let fingerprints = fingerprints::fingerprints(&ordered.findings, options);
    let mut kept = most_severe(report, &ordered.findings, MAX_RESULTS);
    loop {
        let text = render_run(report, &ordered, &fingerprints, &kept, options);
        let size = gzipped_size(&text);
        if size <= MAX_GZIPPED_BYTES || kept.is_empty() {
            let warnings = dropped_warning(ordered.findings.len(), kept.len()).into_iter().collect();
            return SarifOutput { text, warnings };
        }
        // Shrink in proportion to the excess, with a margin, so a few rounds always suffice.
        let target = (kept.len() as f64 * MAX_GZIPPED_BYTES as f64 / size as f64 * 0.9) as usize;
        kept.truncate(target.min(kept.len() - 1));
    }
}

/// The indices of at most `limit` findings: blocking first, then by severity, then in report
/// order.
fn most_severe(report: &ScanReport, findings: &[Finding], limit: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (!report.gate.blocks(&findings[i]), std::cmp::Reverse(findings[i].severity), i));
    order.truncate(limit);
    order
}

fn dropped_warning(total: usize, kept: usize) -> Option<String> {
    (kept < total).then(|| {
        format!(
            "the SARIF file holds {kept} of {total} results: GitHub code scanning accepts at most {MAX_RESULTS} \
             results per run and {} MB gzipped per upload; the {} least severe were left out (blocking results \
             are kept first); the JSON report lists every finding",
            MAX_GZIPPED_BYTES / (1024 * 1024),
            total - kept
        )
    })
}

/// The whole log with the findings at `kept` (indices into `ordered.findings` and
/// `fingerprints`), in report order.
fn render_run(
    report: &ScanReport,
    ordered: &Ordered,
    fingerprints: &[String],
    kept: &[usize],
    options: &SarifOptions,
) -> String {
    let mut kept = kept.to_vec();
    kept.sort_unstable();
    let findings: Vec<&Finding> = kept.iter().map(|&i| &ordered.findings[i]).collect();
    let rules = rules::described_rules(report, &findings);
    let context = results::ResultContext { report, rules: &rules, options };
    let mut unlocated = Vec::new();
    let mut sarif_results = Vec::new();
    for &i in &kept {
        let finding = &ordered.findings[i];
        match results::anchor(finding, report) {
            Some(anchor) => sarif_results.push(results::result(finding, &anchor, &fingerprints[i], &context)),
            None => unlocated.push(results::unlocated(finding, report)),
        }
    }
    let mut notifications = results::notifications(ordered, report, options);
    notifications.extend(unlocated);
    if let Some(warning) = dropped_warning(ordered.findings.len(), kept.len()) {
        notifications.push(results::notification("warning", warning, None));
    }
    let run = Run::builder()
        .tool(tool(rules.descriptors))
        .invocations(vec![Invocation::builder()
            .execution_successful(true)
            .tool_execution_notifications(notifications)
            .build()])
        .results(sarif_results)
        .automation_details(RunAutomationDetails::builder().id(category(&options.category)).build())
        .original_uri_base_ids(source_root_base())
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let log = Sarif::builder().schema(SARIF_SCHEMA_URL).version(serde_json::json!("2.1.0")).runs(vec![run]).build();
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn tool(rules: Vec<serde_sarif::sarif::ReportingDescriptor>) -> Tool {
    let version = env!("CARGO_PKG_VERSION");
    let driver = ToolComponent::builder()
        .name("Tollgate")
        .full_name(format!("Tollgate {version}"))
        .semantic_version(version)
        .version(version)
        .information_uri(REPOSITORY_URL)
        .rules(rules)
        .build();
    Tool::builder().driver(driver).build()
}

/// The category as GitHub reads `automationDetails.id`: everything up to the last `/`.
fn category(configured: &str) -> String {
    let trimmed = configured.trim();
    let base = if trimmed.is_empty() { "tollgate/" } else { trimmed };
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// `%SRCROOT%` is described but has no absolute URI: the machine's paths stay out of the file,
/// and the uploader resolves it to the checkout.
fn source_root_base() -> BTreeMap<String, ArtifactLocation> {
    let description = Message::builder()
        .text("The root of the repository: the git work tree holding the scan, else the working directory.")
        .build();
    BTreeMap::from([(SOURCE_ROOT_ID.to_string(), ArtifactLocation::builder().description(description).build())])
}

/// The size of `text` gzipped; only measured when the plain text could exceed the limit.
fn gzipped_size(text: &str) -> usize {
    use std::io::Write;
    if text.len() <= MAX_GZIPPED_BYTES {
        return text.len();
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    match encoder.write_all(text.as_bytes()).and_then(|()| encoder.finish()) {
        Ok(bytes) => bytes.len(),
        // Writing to memory does not fail; if it did, the plain size is a safe upper bound.
        Err(_) => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_always_ends_with_a_slash() {
        assert_eq!(category("tollgate/infra"), "tollgate/infra/");
        assert_eq!(category("custom/"), "custom/");
        assert_eq!(category("  "), "tollgate/");
    }

    #[test]
    fn a_report_under_the_limits_loses_nothing() {
        assert_eq!(dropped_warning(10, 10), None);
        let warning = dropped_warning(30_000, 25_000).unwrap_or_default();
        assert!(warning.contains("25000 of 30000") && warning.contains("5000 least severe"), "{warning}");
    }
}
