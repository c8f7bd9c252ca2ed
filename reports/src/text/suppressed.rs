//! Suppressed findings in the human reports: one count line, or with `--verbose` one line each
//! with where the suppression is written, until when, and why.

use super::{one_line, plural, TextWriter};
use std::io::{self, Write};
use tollgate_model::Finding;

impl TextWriter {
    /// `suppressed: N findings accepted by inline suppressions`, then each with `--verbose`.
    pub(super) fn suppressed(&mut self, suppressed: &[&Finding]) -> io::Result<()> {
        if suppressed.is_empty() {
            return Ok(());
        }
        self.styled(&super::bold(), "suppressed")?;
        let findings = plural(suppressed.len(), "finding");
        if !self.options.verbose {
            return writeln!(self.out, ": {findings} accepted by inline suppressions (--verbose lists them)\n");
        }
        writeln!(self.out, ": {findings} accepted by inline suppressions, not blocking")?;
        for finding in suppressed {
            write!(self.out, "  ")?;
            self.concise_finding(finding)?;
            if let Some(suppression) = &finding.suppression {
                let until = suppression.until.as_deref().map(|d| format!(" until {d}")).unwrap_or_default();
                let reason = suppression.justification.as_deref().map(one_line);
                let reason = reason.unwrap_or_else(|| "no reason given".to_string());
                writeln!(self.out, "    suppressed at {}{until}: {reason}", suppression.location)?;
            }
        }
        writeln!(self.out)
    }
}
