//! GitHub Actions workflow commands, one per finding: `::error` for findings that block the gate,
//! `::warning` for other failures, `::notice` for unknown results and suppressed findings
//! (GitHub's "Workflow commands for GitHub Actions"). GitHub shows at most 10 annotations of
//! each level per step and 50 per job, so the most severe come first and a last line says what
//! was annotated.
//!
//! Data is escaped as the runner reads it (`%`, CR, LF), properties also `:` and `,`, so no
//! message, path or title can end its command or start another.

use crate::standing::{counted, entries, gate_description, suppression_text, Entry, Standing};
use crate::{Ordered, ScanReport};
use std::fmt::Write;
use tollgate_model::Finding;

/// Annotations of one level GitHub shows per step.
const SHOWN_PER_LEVEL: usize = 10;

/// Renders the annotations and the summary line. Pure: the same report gives the same bytes.
pub fn render_github(report: &ScanReport) -> String {
    let ordered = Ordered::of(report);
    let mut annotated = entries(&ordered.findings, &report.gate);
    // Stable: report order within a level and severity.
    annotated.sort_by_key(|entry| (rank(entry.standing), std::cmp::Reverse(entry.finding.severity)));
    let mut out = String::new();
    for entry in &annotated {
        out.push_str(&command(entry));
    }
    out.push_str(&summary_line(report, &annotated));
    out
}

/// The workflow command a finding becomes.
fn command_name(standing: Standing) -> &'static str {
    match standing {
        Standing::Blocking => "error",
        Standing::BelowGate => "warning",
        Standing::Unknown | Standing::Suppressed => "notice",
    }
}

/// Errors first, then warnings, then notices: GitHub shows the first ten of each.
fn rank(standing: Standing) -> u8 {
    match command_name(standing) {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

/// `::LEVEL file=F,line=N,endLine=M,title=T::MESSAGE` and a line break.
fn command(entry: &Entry) -> String {
    let (standing, finding) = (entry.standing, entry.finding);
    let mut properties = Vec::new();
    if !finding.file.is_empty() {
        properties.push(format!("file={}", escape_property(&finding.file)));
        if finding.start_line > 0 {
            properties.push(format!("line={}", finding.start_line));
            properties.push(format!("endLine={}", finding.end_line));
        }
    }
    properties.push(format!("title={}", escape_property(&title(standing, finding))));
    let message = format!("{}: {}", entry.resource(), finding.message);
    let message = match standing {
        Standing::Suppressed => format!("{message} ({})", suppression_text(finding)),
        _ => message,
    };
    format!("::{} {}::{}\n", command_name(standing), properties.join(","), escape_data(&message))
}

/// `TG101 security-group-open-admin-port (high)`, with what keeps it from blocking.
fn title(standing: Standing, finding: &Finding) -> String {
    let rule = if finding.slug.is_empty() || finding.slug == finding.rule_id {
        finding.rule_id.clone()
    } else {
        format!("{} {}", finding.rule_id, finding.slug)
    };
    let state = match standing {
        Standing::Blocking | Standing::BelowGate => String::new(),
        Standing::Unknown => "unknown ".to_string(),
        Standing::Suppressed => "suppressed ".to_string(),
    };
    format!("{rule} ({state}{})", finding.severity)
}

/// The verdict and the counts, as a plain log line (not a command: it takes no annotation slot).
fn summary_line(report: &ScanReport, annotated: &[Entry]) -> String {
    let count = |name: &str, per: &dyn Fn(&Entry) -> usize| {
        annotated.iter().filter(|entry| command_name(entry.standing) == name).map(per).sum::<usize>()
    };
    let findings = |entry: &Entry| entry.environments.len().max(1);
    let annotations = |_: &Entry| 1;
    let verdict = if count("error", &annotations) == 0 { "PASSED" } else { "FAILED" };
    let mut line = format!(
        "Tollgate: {verdict} ({}): findings blocking {}, below the gate {}, unknown or suppressed {}; \
         annotated as {}, {} and {}",
        gate_description(&report.gate),
        count("error", &findings),
        count("warning", &findings),
        count("notice", &findings),
        counted(count("error", &annotations), "error"),
        counted(count("warning", &annotations), "warning"),
        counted(count("notice", &annotations), "notice"),
    );
    if ["error", "warning", "notice"].iter().any(|name| count(name, &annotations) > SHOWN_PER_LEVEL) {
        let _ = write!(
            line,
            "; GitHub shows at most {SHOWN_PER_LEVEL} annotations of each level per step (50 per job), \
             the most severe first: the job summary and the SARIF report list every finding"
        );
    }
    line.push('\n');
    line
}

/// A command's data: `%`, CR and LF escaped so the text stays on its command's line.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: as data, and `:` and `,` too, which would end the value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_as_the_runner_reads_them() {
        assert_eq!(escape_data("100%\r\n::error::x"), "100%25%0D%0A::error::x");
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }
}
