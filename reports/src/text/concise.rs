//! The concise report (`--format concise`): one line per finding, as `ruff --output-format
//! concise` and `rustc --error-format short` print them, for reports of hundreds of findings:
//!
//! ```text
//! network/main.tf:4: [high] TG101 aws_security_group.ssh: ingress allows port 22 from 0.0.0.0/0; ...
//! network/main.tf:18: [unknown high] TG110 aws_db_instance.main: storage encryption is off unless ...
//! ```
//!
//! Findings in report order (file, line, rule), unknown results among them marked `unknown`;
//! then load errors (one line each), skipped items with `--verbose`, and the same summary and
//! gate lines as the text report.

use super::{error_location, error_style, location, one_line, plural, severity_style, skip_place};
use super::{target, unknown_style, without_control_chars, write_with, TextWriter};
use crate::{Ordered, ScanReport, Shown, Summary, TextOptions};
use std::io::{self, Write};
use tollgate_model::{Finding, FindingKind, LoadError};

/// The concise report. Like [`super::render_text`], the output depends only on the arguments and
/// control characters from scanned files are replaced.
pub fn render_concise(report: &ScanReport, options: &TextOptions) -> String {
    let report = &without_control_chars(report);
    write_with(options, |writer| writer.concise(report))
}

impl TextWriter {
    fn concise(&mut self, report: &ScanReport) -> io::Result<()> {
        let ordered = Ordered::of(report);
        let summary = Summary::of_ordered(report, &ordered);
        let shown = Shown::of(&ordered, report, &self.options);
        for finding in &shown.findings {
            self.concise_finding(finding)?;
        }
        self.suppressed(&shown.suppressed)?;
        for error in &ordered.errors {
            self.concise_error(error)?;
        }
        if self.options.verbose {
            for skip in &ordered.skipped {
                writeln!(self.out, "{}: skipped: {}", skip_place(skip), skip.reason)?;
            }
        } else if !ordered.skipped.is_empty() {
            writeln!(self.out, "{} skipped (--verbose names them)", plural(ordered.skipped.len(), "item"))?;
        }
        self.summary(&summary, shown.hidden)
    }

    /// `file:line: [severity] RULE address: message`.
    pub(super) fn concise_finding(&mut self, finding: &Finding) -> io::Result<()> {
        write!(self.out, "{}: ", location(finding))?;
        match finding.kind {
            FindingKind::Fail => self.styled(&severity_style(finding.severity), &format!("[{}]", finding.severity))?,
            FindingKind::Unknown => self.styled(&unknown_style(), &format!("[unknown {}]", finding.severity))?,
        }
        writeln!(self.out, " {} {}: {}", finding.rule_id, target(finding), one_line(&finding.message))
    }

    /// `file:line:column: error: message`.
    fn concise_error(&mut self, error: &LoadError) -> io::Result<()> {
        write!(self.out, "{}: ", error_location(error))?;
        self.styled(&error_style(), "error")?;
        writeln!(self.out, ": {}", one_line(&error.message))
    }
}
