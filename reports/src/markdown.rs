//! The Markdown report, for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict first,
//! counts by severity, the blocking findings as a table linked to their files and lines, then
//! collapsed `<details>` for everything else. Bounded: GitHub takes at most 65,536 characters in
//! a comment and 1 MiB in a step summary, so rows past the budget are counted, not printed.
//!
//! Every cell is escaped ([`cell`]): messages and addresses quote the user's values, and none of
//! them can break a table, open HTML or mention anyone.

mod links;

pub use links::GithubContext;

use crate::standing::{counted, entries, gate_description, suppression_text, Entry, Standing};
use crate::{Ordered, ScanReport};
use links::Links;
use std::fmt::Write;
use tollgate_model::{Finding, LoadError, Severity};

/// The default size budget: under a PR comment's 65,536-character limit with room to spare.
pub const DEFAULT_MARKDOWN_BUDGET: usize = 60_000;

/// Below this a report could not even hold its verdict and counts.
const MIN_BUDGET: usize = 4_000;

/// Room kept for the sections' closing lines ("... and N more", `</details>`) and the footer.
const CLOSING_RESERVE: usize = 1_500;

/// The longest text a cell shows, in characters, before it is cut with `…`.
const CELL_LIMIT: usize = 300;

/// How the Markdown report is built. The CLI fills it from the environment; this crate never
/// reads the environment itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Most bytes the report may take (at least 4,000).
    pub budget: usize,
    /// The repository and commit the scan ran on: file links point into it.
    pub github: Option<GithubContext>,
    /// The URL Tollgate's generated rule pages (`docs/rules/TG101.md`) are under (for the CLI,
    /// [`DOCS_BASE_URL`](crate::sarif::DOCS_BASE_URL), which SARIF's `helpUri` uses too), so
    /// bundled rule ids link to their documentation.
    pub rule_docs: Option<String>,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions { budget: DEFAULT_MARKDOWN_BUDGET, github: None, rule_docs: None }
    }
}

/// Renders the Markdown report. Pure: the same report and options give the same bytes.
pub fn render_markdown(report: &ScanReport, options: &MarkdownOptions) -> String {
    render_markdown_with_cost(report, options, None)
}

/// The Markdown report with the cost section ([`crate::cost::markdown`]) after the blocking
/// findings, when it fits the size budget (else a line says where the figures are).
pub fn render_markdown_with_cost(report: &ScanReport, options: &MarkdownOptions, cost: Option<&str>) -> String {
    let ordered = Ordered::of(report);
    let links = Links::new(options);
    let budget = options.budget.max(MIN_BUDGET);
    // A cost section of at most half the budget keeps its room however many findings there are.
    let reserved = cost.map_or(0, str::len);
    let reserved = if reserved <= budget / 2 { reserved } else { 0 };
    let mut page = Page { out: String::new(), budget, reserved };
    let standings: Vec<(Standing, &Finding)> =
        ordered.findings.iter().map(|f| (Standing::of(f, &report.gate), f)).collect();
    let all = entries(&ordered.findings, &report.gate);
    // Most severe first, so a table cut at the budget keeps what matters most.
    let of = |wanted: Standing| -> Vec<&Entry> {
        let mut chosen: Vec<&Entry> = all.iter().filter(|entry| entry.standing == wanted).collect();
        chosen.sort_by_key(|entry| std::cmp::Reverse(entry.finding.severity));
        chosen
    };
    write_verdict(&mut page.out, report, &standings, &ordered);
    write_counts(&mut page.out, &standings);
    let blocking = of(Standing::Blocking);
    if !blocking.is_empty() {
        let _ = write!(page.out, "### Blocking findings ({})\n\n", count(&blocking));
        page.findings_table(report, &blocking, &links, false);
    }
    page.reserved = 0;
    if let Some(section) = cost {
        page.cost_section(section);
    }
    for (standing, summary) in [
        (Standing::BelowGate, "Findings below the gate"),
        (Standing::Unknown, "Unknown results"),
        (Standing::Suppressed, "Suppressed findings"),
    ] {
        let chosen = of(standing);
        if !chosen.is_empty() {
            page.open_details(&format!("{summary} ({})", count(&chosen)));
            page.findings_table(report, &chosen, &links, standing == Standing::Suppressed);
            page.out.push_str("</details>\n\n");
        }
    }
    if !ordered.errors.is_empty() {
        page.open_details(&format!("Files and policies that could not be loaded ({})", ordered.errors.len()));
        page.errors_table(&ordered.errors, &links);
        page.out.push_str("</details>\n\n");
    }
    write_footer(&mut page.out, report);
    page.out
}

/// The report being written and its size budget.
struct Page {
    out: String,
    budget: usize,
    /// Room kept for the cost section while the blocking findings are written.
    reserved: usize,
}

impl Page {
    /// Whether `row` fits with room left for the closing lines.
    fn fits(&self, row: &str) -> bool {
        self.out.len() + row.len() + CLOSING_RESERVE + self.reserved <= self.budget
    }

    /// The cost section whole, or a line saying it did not fit: never half a table.
    fn cost_section(&mut self, section: &str) {
        if self.fits(section) {
            self.out.push_str(section);
        } else {
            let _ = write!(
                self.out,
                "### Cost estimate\n\nNot shown: the report is kept under {} bytes (see the JSON report's `cost`).\n\n",
                self.budget
            );
        }
    }

    fn open_details(&mut self, summary: &str) {
        let _ = write!(self.out, "<details><summary>{}</summary>\n\n", cell(summary));
    }

    fn findings_table(&mut self, report: &ScanReport, entries: &[&Entry], links: &Links, suppressed: bool) {
        let last = if suppressed { "Suppression" } else { "Message" };
        let rows = entries.iter().map(|entry| {
            let finding = entry.finding;
            let rule = links.rule(report, finding);
            let resource = cell(&entry.resource());
            let place = links.location(&finding.file, finding.start_line, finding.end_line, &lines(finding));
            let text = if suppressed { suppression_text(finding) } else { finding.message.clone() };
            format!("| {} | {rule} | {resource} | {place} | {} |\n", finding.severity, message_cell(&text))
        });
        self.table(&format!("| Severity | Rule | Resource | Location | {last} |\n|---|---|---|---|---|\n"), rows);
    }

    fn errors_table(&mut self, errors: &[LoadError], links: &Links) {
        let rows = errors.iter().map(|error| {
            let shown = if error.line > 0 { format!("{}:{}", error.file, error.line) } else { error.file.clone() };
            let place = links.location(&error.file, error.line, error.line, &shown);
            format!("| {place} | {} |\n", message_cell(&error.message))
        });
        self.table("| Location | Problem |\n|---|---|\n", rows);
    }

    /// A table of as many rows as fit; the rest are counted after it.
    fn table(&mut self, header: &str, rows: impl ExactSizeIterator<Item = String>) {
        let total = rows.len();
        let mut shown = 0;
        let mut rows = rows.peekable();
        if rows.peek().is_some_and(|row| self.fits(&format!("{header}{row}"))) {
            self.out.push_str(header);
            while let Some(row) = rows.next_if(|row| self.fits(row)) {
                self.out.push_str(&row);
                shown += 1;
            }
        }
        if shown < total {
            let more = if shown == 0 { "" } else { "... and " };
            let what = if shown == 0 { format!("{total} rows not shown") } else { format!("{} more", total - shown) };
            let _ = write!(
                self.out,
                "\n{more}{what} (the report is kept under {} bytes: see the SARIF/JSON report)\n",
                self.budget
            );
        }
        self.out.push('\n');
    }
}

/// Findings the entries stand for (an entry may hold several environments).
fn count(entries: &[&Entry]) -> usize {
    entries.iter().map(|entry| entry.environments.len().max(1)).sum()
}

/// `file:10` or `file:10-12` (the address when the finding has no file).
fn lines(finding: &Finding) -> String {
    match (finding.file.as_str(), finding.start_line, finding.end_line) {
        ("", _, _) => finding.address.clone(),
        (file, 0, _) => file.to_string(),
        (file, start, end) if end > start => format!("{file}:{start}-{end}"),
        (file, start, _) => format!("{file}:{start}"),
    }
}

fn write_verdict(out: &mut String, report: &ScanReport, standings: &[(Standing, &Finding)], ordered: &Ordered) {
    let blocking = standings.iter().filter(|(standing, _)| *standing == Standing::Blocking).count();
    let verdict = if blocking == 0 { "✅ PASSED" } else { "❌ FAILED" };
    let _ = write!(out, "## Tollgate: {verdict}\n\n");
    let gate = gate_description(&report.gate);
    let blocking_text = match blocking {
        0 => "No finding fails the gate".to_string(),
        1 => "**1 blocking finding** fails the gate".to_string(),
        n => format!("**{n} blocking findings** fail the gate"),
    };
    let _ = write!(
        out,
        "{blocking_text} (`{gate}`). {} in {} and {}",
        counted(standings.len(), "finding"),
        counted(report.files_scanned, "file"),
        counted(report.resources, "resource")
    );
    match ordered.errors.len() {
        0 => {}
        1 => out.push_str("; 1 file or policy could not be loaded"),
        n => {
            let _ = write!(out, "; {n} files or policies could not be loaded");
        }
    }
    out.push_str(".\n\n");
}

/// Counts by severity: failures, unknown results and suppressed findings, and how many block.
fn write_counts(out: &mut String, standings: &[(Standing, &Finding)]) {
    if standings.is_empty() {
        return;
    }
    out.push_str("| Severity | Failures | Unknown | Suppressed | Blocking |\n|---|--:|--:|--:|--:|\n");
    let count = |severity: Option<Severity>, wanted: &dyn Fn(Standing, &Finding) -> bool| {
        standings.iter().filter(|(s, f)| severity.is_none_or(|sev| f.severity == sev) && wanted(*s, f)).count()
    };
    let fail = |s: Standing, f: &Finding| s != Standing::Suppressed && f.kind == tollgate_model::FindingKind::Fail;
    let unknown =
        |s: Standing, f: &Finding| s != Standing::Suppressed && f.kind == tollgate_model::FindingKind::Unknown;
    let suppressed = |s: Standing, _: &Finding| s == Standing::Suppressed;
    let blocking = |s: Standing, _: &Finding| s == Standing::Blocking;
    let severities = Severity::ALL.iter().rev().map(|severity| (severity.as_str(), Some(*severity)));
    for (name, severity) in severities.chain([("**total**", None)]) {
        let counts = [&fail as &dyn Fn(Standing, &Finding) -> bool, &unknown, &suppressed, &blocking]
            .map(|wanted| count(severity, wanted).to_string());
        let _ = writeln!(out, "| {name} | {} |", counts.join(" | "));
    }
    out.push('\n');
}

fn write_footer(out: &mut String, report: &ScanReport) {
    let _ = writeln!(
        out,
        "<sub>Tollgate {} · `tollgate rules explain RULE` explains a rule · the SARIF and JSON reports hold every detail</sub>",
        cell(&report.tool_version)
    );
}

/// A message cell: text between backticks (the way messages quote code and values) becomes
/// `<code>`, everything escaped by [`cell`].
fn message_cell(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return cell(text); // unbalanced backticks: nothing is code
    }
    parts
        .iter()
        .enumerate()
        .map(|(index, part)| if index % 2 == 1 { format!("<code>{}</code>", cell(part)) } else { cell(part) })
        .collect()
}

/// User-controlled text made inert in a table cell: one line, at most [`CELL_LIMIT`] characters,
/// with HTML and Markdown punctuation escaped (`|` cannot end the cell, `<` cannot open a tag,
/// `` ` ``, `*`, `_`, `[`, `$` cannot start formatting, links or math) and `@` kept from
/// mentioning anyone.
pub(crate) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        if index == CELL_LIMIT {
            out.push('…');
            break;
        }
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@&#8203;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '$' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}
