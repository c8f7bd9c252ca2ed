//! The human text report: rustc / cargo-deny style diagnostics drawn with `codespan-reporting`.
//!
//! Layout: findings grouped by file (files in sorted order), each a diagnostic with the offending
//! lines (findings on the same lines share one snippet); then unknown results that do not fail
//! the gate, one line each; then load errors, skipped items, a summary line and the gate verdict.
//! The concise format (`concise.rs`) prints the same findings one line each.
//!
//! codespan always names its own severities (`error`, `warning`, ...) in the header, while
//! Tollgate's header is `high[TG101]` or `unknown[TG101]`. So each finding's header is written
//! here, and codespan draws only the snippet: it renders a diagnostic with an empty header
//! (no code, no message, so exactly one line), and that first line is dropped.
//!
//! Snippets show a finding's lines with lines over 200 characters cut (`…`), numbered and
//! columned as in the file; a finding in a file with no text shows only its location.

mod concise;
mod suppressed;

pub use concise::render_concise;

use crate::{BaselineSummary, Ordered, ScanReport, Shown, Summary, TextOptions};

/// Fixed baseline entries the human reports name one by one; the rest are counted.
const MAX_FIXED_LISTED: usize = 20;
use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CodespanSeverity};
use codespan_reporting::files::{self, Files, SimpleFile};
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Chars, Config, Styles, StylesWriter};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use tollgate_model::{Finding, FindingKind, LoadError, Severity, Skip, SourceFile, SourceMap};

/// The text report. `color` selects ANSI colour escapes; without it the output is plain text.
/// The output depends only on the arguments (same input, same bytes).
/// Text from scanned files (source lines, messages quoting values, paths) is printed with its
/// control characters replaced, so a hostile file cannot move the cursor or recolour the terminal.
pub fn render_text(report: &ScanReport, sources: &SourceMap, color: bool) -> String {
    render_text_with(report, sources, &TextOptions { color, ..TextOptions::default() })
}

/// The text report with what it shows chosen by `options`.
pub fn render_text_with(report: &ScanReport, sources: &SourceMap, options: &TextOptions) -> String {
    let (report, sources) = (&without_control_chars(report), &sources_without_control_chars(sources));
    write_with(options, |writer| writer.report(report, sources))
}

/// Runs `write` on a fresh writer and returns what it wrote.
fn write_with(options: &TextOptions, write: impl FnOnce(&mut TextWriter) -> io::Result<()>) -> String {
    let buffer = if options.color { Buffer::ansi() } else { Buffer::no_color() };
    let mut writer =
        TextWriter { out: buffer, options: *options, config: codespan_config(), styles: codespan_styles() };
    // Writing into an in-memory buffer cannot fail; on the impossible error, keep what was written.
    let _ = write(&mut writer);
    String::from_utf8_lossy(writer.out.as_slice()).into_owned()
}

/// Replaces control characters other than newline and tab; drops the `\r` of CRLF endings.
fn printable(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { '\u{fffd}' } else { c })
        .collect()
}

fn without_control_chars(report: &ScanReport) -> ScanReport {
    let mut clean = report.clone();
    for f in &mut clean.findings {
        f.message = printable(&f.message);
        f.address = printable(&f.address);
        f.file = printable(&f.file);
    }
    for e in &mut clean.errors {
        e.message = printable(&e.message);
        e.file = printable(&e.file);
    }
    for s in &mut clean.skipped {
        s.reason = printable(&s.reason);
        s.file = printable(&s.file);
    }
    clean
}

fn sources_without_control_chars(sources: &SourceMap) -> SourceMap {
    let mut clean = SourceMap::new();
    for (_, file) in sources.iter() {
        clean.add(printable(&file.path), printable(&file.text));
    }
    clean
}

struct TextWriter {
    out: Buffer,
    options: TextOptions,
    config: Config,
    styles: Styles,
}

/// Snippet lines longer than this many characters are cut (with `…`): a minified one-line file
/// would otherwise print its whole text, and a caret line as long, for every finding in it.
const MAX_LINE_CHARS: usize = 200;

/// A file's text prepared for codespan, with its line count as the model counts lines
/// (`str::lines`: a trailing newline does not start another line).
struct SnippetFile<'a> {
    file: SimpleFile<&'a str, &'a str>,
    line_count: usize,
}

impl<'a> SnippetFile<'a> {
    fn new(source: &'a SourceFile) -> Self {
        let line_count = source.text.lines().count();
        SnippetFile { file: SimpleFile::new(source.path.as_str(), &source.text), line_count }
    }

    /// The lines a finding's label covers, `start_line` to `end_line` (1-based), long ones cut.
    /// `None` when `start_line` is not in the file; an `end_line` past the end is clamped to the
    /// last line.
    fn excerpt(&self, start_line: u32, end_line: u32) -> Option<Excerpt<'a>> {
        let start_index = usize::try_from(start_line).ok()?.checked_sub(1)?;
        if start_index >= self.line_count {
            return None;
        }
        let end_index = usize::try_from(end_line).ok()?.saturating_sub(1).clamp(start_index, self.line_count - 1);
        let text = self.file.source();
        let mut excerpt = String::new();
        let mut skipped = Vec::with_capacity(end_index - start_index + 1);
        for index in start_index..=end_index {
            let range = self.file.line_range((), index).ok()?;
            let line = text.get(range)?.trim_end_matches(['\n', '\r']);
            if index > start_index {
                excerpt.push('\n');
            }
            skipped.push(push_cut_line(&mut excerpt, line));
        }
        Some(Excerpt { file: SimpleFile::new(*self.file.name(), excerpt), first_index: start_index, skipped })
    }
}

/// Appends `line`, cut to [`MAX_LINE_CHARS`] characters with `…` where text was left out, and
/// returns how many leading characters were left out (only a line indented past half the limit
/// loses its indentation, so the labelled text is always shown).
fn push_cut_line(out: &mut String, line: &str) -> usize {
    let chars = line.chars().count();
    if chars <= MAX_LINE_CHARS {
        out.push_str(line);
        return 0;
    }
    let indent = line.chars().take_while(|c| c.is_whitespace()).count();
    let skip = if indent > MAX_LINE_CHARS / 2 { indent } else { 0 };
    if skip > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(skip).take(MAX_LINE_CHARS));
    if skip + MAX_LINE_CHARS < chars {
        out.push('…');
    }
    skip
}

/// The lines of one snippet, long ones cut, numbered and columned as in the file.
struct Excerpt<'a> {
    file: SimpleFile<&'a str, String>,
    /// The 0-based index of the excerpt's first line in the file.
    first_index: usize,
    /// Per excerpt line, the characters left out at its start (a `…` stands for them).
    skipped: Vec<usize>,
}

impl Excerpt<'_> {
    /// The label: from the first non-blank character of the first line (after a leading `…`) to
    /// the last one of the last line.
    fn label_range(&self) -> Option<Range<usize>> {
        let text = self.file.source();
        let last_index = self.skipped.len().checked_sub(1)?;
        let first = self.file.line_range((), 0).ok()?;
        let last = self.file.line_range((), last_index).ok()?;
        let first_text = text.get(first.clone())?;
        let content = match self.skipped.first() {
            Some(&skip) if skip > 0 => first_text.strip_prefix('…').unwrap_or(first_text),
            _ => first_text,
        };
        let start = first.start + (first_text.len() - content.trim_start().len());
        let end = last.start + text.get(last)?.trim_end().len();
        Some(start..end.max(start))
    }
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.file.name())
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.file.source().as_str())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        self.file.line_index((), byte_index)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        self.file.line_range((), line_index)
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, files::Error> {
        Ok(self.first_index + line_index + 1)
    }

    fn column_number(&'a self, (): (), line_index: usize, byte_index: usize) -> Result<usize, files::Error> {
        let column = self.file.column_number((), line_index, byte_index)?;
        // After a leading `…`, excerpt column c is file column skip + c - 1.
        Ok(match self.skipped.get(line_index) {
            Some(&skip) if skip > 0 => column + skip - 1,
            _ => column,
        })
    }
}

impl TextWriter {
    fn report(&mut self, report: &ScanReport, sources: &SourceMap) -> io::Result<()> {
        let ordered = Ordered::of(report);
        let summary = Summary::of_ordered(report, &ordered);
        let shown = Shown::of(&ordered, report, &self.options);
        let (compact, detailed): (Vec<&Finding>, Vec<&Finding>) =
            shown.findings.iter().partition(|f| self.is_compact_unknown(f, report));
        let files = files_by_path(sources);
        for group in detailed.chunk_by(|a, b| a.file == b.file) {
            let snippet_file = group.first().and_then(|f| files.get(f.file.as_str())).map(|s| SnippetFile::new(s));
            self.file_heading(group)?;
            for same_lines in group.chunk_by(|a, b| (a.start_line, a.end_line) == (b.start_line, b.end_line)) {
                self.findings_at(same_lines, snippet_file.as_ref(), report)?;
            }
        }
        self.compact_unknowns(&compact)?;
        self.suppressed(&shown.suppressed)?;
        self.errors(&ordered.errors)?;
        self.skipped(&ordered)?;
        self.summary(&summary, shown.hidden)
    }

    /// An unknown result that does not fail the gate is one line of the unknown section, unless
    /// `--unknown-details` asks for it in full.
    fn is_compact_unknown(&self, finding: &Finding, report: &ScanReport) -> bool {
        finding.kind == FindingKind::Unknown && !report.gate.blocks(finding) && !self.options.unknown_details
    }

    /// `unknown: N results ...`, then each as the concise format prints it.
    fn compact_unknowns(&mut self, unknowns: &[&Finding]) -> io::Result<()> {
        if unknowns.is_empty() {
            return Ok(());
        }
        self.styled(&unknown_style(), "unknown")?;
        let (counted, lines) = if unknowns.len() == 1 { ("a failure", "its") } else { ("failures", "their") };
        let results = plural(unknowns.len(), "result");
        writeln!(
            self.out,
            ": {results} Tollgate could not decide, not counted as {counted} (--unknown-details shows {lines} lines)"
        )?;
        for finding in unknowns {
            write!(self.out, "  ")?;
            self.concise_finding(finding)?;
        }
        writeln!(self.out)
    }

    fn file_heading(&mut self, group: &[&Finding]) -> io::Result<()> {
        let Some(first) = group.first() else { return Ok(()) };
        let unknown = group.iter().filter(|f| f.kind == FindingKind::Unknown).count();
        // Findings about all files at once (policies run with --combine) belong to no file.
        let heading = if first.file.is_empty() { "all files together (--combine)" } else { first.file.as_str() };
        self.styled(&bold(), heading)?;
        write!(self.out, ": {}", plural(group.len(), "finding"))?;
        if unknown > 0 {
            write!(self.out, " ({unknown} unknown)")?;
        }
        writeln!(self.out)?;
        writeln!(self.out)
    }

    /// Findings of one file on the same lines: each header, then the lines drawn once with one
    /// label naming every resource and rule.
    fn findings_at(
        &mut self,
        same_lines: &[&Finding],
        file: Option<&SnippetFile<'_>>,
        report: &ScanReport,
    ) -> io::Result<()> {
        let Some(finding) = same_lines.iter().copied().max_by_key(|f| (f.kind == FindingKind::Fail, f.severity)) else {
            return Ok(());
        };
        // The same rule and message for several environments is one header; the label names them.
        let mut headers: Vec<(FindingKind, Severity, &str, &str)> = Vec::new();
        for each in same_lines {
            let header = (each.kind, each.severity, each.rule_id.as_str(), each.message.as_str());
            if !headers.contains(&header) {
                headers.push(header);
                self.header(each)?;
            }
        }
        let label = group_label(same_lines);
        let mut notes: Vec<String> = Vec::new();
        for chain in same_lines.iter().filter_map(|f| call_chain_note(f)) {
            if !notes.contains(&chain) {
                notes.push(chain);
            }
        }
        for each in same_lines.iter().filter(|f| f.kind == FindingKind::Unknown) {
            let note = unknown_note(each, report);
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        let drawn = match file {
            Some(file) => self.snippet(finding, file, &label, &notes)?,
            None => false,
        };
        if !drawn {
            notes.insert(0, label);
            match file {
                // A file with no text (empty, or not read: too large, unreadable) has no line to show.
                Some(file) if file.line_count == 0 => {}
                Some(file) => notes.push(format!(
                    "line {} is not in the file ({})",
                    finding.start_line,
                    plural(file.line_count, "line")
                )),
                None if finding.file.is_empty() => {}
                None => notes.push("source text not available".to_string()),
            }
            self.location_without_snippet(finding, &notes)?;
        }
        Ok(())
    }

    /// `high[TG101]: message` or `unknown[TG110]: message`.
    fn header(&mut self, finding: &Finding) -> io::Result<()> {
        let (name, style) = match finding.kind {
            FindingKind::Fail => (finding.severity.as_str(), severity_style(finding.severity)),
            FindingKind::Unknown => ("unknown", unknown_style()),
        };
        self.styled(&style, &format!("{name}[{}]", finding.rule_id))?;
        self.styled(&bold(), &format!(": {}", finding.message))?;
        writeln!(self.out)
    }

    /// Draws the offending lines with codespan; `false` when they cannot be shown.
    fn snippet(
        &mut self,
        finding: &Finding,
        file: &SnippetFile<'_>,
        label: &str,
        notes: &[String],
    ) -> io::Result<bool> {
        let Some(excerpt) = file.excerpt(finding.start_line, finding.end_line) else { return Ok(false) };
        let Some(range) = excerpt.label_range() else { return Ok(false) };
        let diagnostic = Diagnostic::new(codespan_severity(finding))
            .with_labels(vec![Label::primary((), range).with_message(label)])
            .with_notes(notes.to_vec());
        let mut rendered = if self.options.color { Buffer::ansi() } else { Buffer::no_color() };
        let mut styled = StylesWriter::new(&mut rendered, &self.styles);
        if term::emit_to_write_style(&mut styled, &self.config, &excerpt, &diagnostic).is_err() {
            return Ok(false);
        }
        // Drop codespan's own header line (see the module doc).
        let bytes = rendered.as_slice();
        let body = bytes.iter().position(|b| *b == b'\n').map_or(&bytes[..0], |newline| &bytes[newline + 1..]);
        self.out.write_all(body)?;
        Ok(true)
    }

    /// The location line and notes in codespan's layout, for a finding whose lines cannot be shown.
    fn location_without_snippet(&mut self, finding: &Finding, notes: &[String]) -> io::Result<()> {
        let gutter = " ".repeat(digits(finding.end_line.max(finding.start_line)) + 1);
        write!(self.out, "{gutter}")?;
        let border = self.styles.source_border.clone();
        if !finding.file.is_empty() {
            self.styled(&border, &self.config.chars.snippet_start.clone())?;
            writeln!(self.out, " {}:{}", finding.file, line_span(finding.start_line, finding.end_line))?;
        }
        let bullet = self.styles.note_bullet.clone();
        for note in notes {
            write!(self.out, "{gutter}")?;
            self.styled(&bullet, &self.config.chars.note_bullet.to_string())?;
            writeln!(self.out, " {note}")?;
        }
        writeln!(self.out)
    }

    fn errors(&mut self, errors: &[LoadError]) -> io::Result<()> {
        if errors.is_empty() {
            return Ok(());
        }
        let mut files: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
        files.dedup(); // errors are sorted by file
        self.styled(&error_style(), "error")?;
        self.styled(&bold(), &format!(": {} could not be read or parsed", plural(files.len(), "file")))?;
        writeln!(self.out)?;
        for error in errors {
            // Parser messages can span lines: keep continuation lines under the message.
            let message = error.message.trim_end().replace('\n', "\n    ");
            writeln!(self.out, "  {}: {message}", error_location(error))?;
        }
        writeln!(self.out)
    }

    fn skipped(&mut self, ordered: &Ordered) -> io::Result<()> {
        if ordered.skipped.is_empty() {
            return Ok(());
        }
        let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
        for skip in &ordered.skipped {
            *by_reason.entry(skip.reason.as_str()).or_default() += 1;
        }
        let reasons: Vec<String> = by_reason.iter().map(|(reason, n)| format!("{reason} ({n})")).collect();
        self.styled(&note_style(), "skipped")?;
        let items = plural(ordered.skipped.len(), "item");
        if !self.options.verbose {
            writeln!(self.out, ": {items} (--verbose names them): {}", reasons.join(", "))?;
            return writeln!(self.out);
        }
        writeln!(self.out, ": {items}: {}", reasons.join(", "))?;
        for skip in &ordered.skipped {
            writeln!(self.out, "  {}: {}", skip_place(skip), skip.reason)?;
        }
        writeln!(self.out)
    }

    fn summary(&mut self, summary: &Summary, hidden: usize) -> io::Result<()> {
        self.styled(&bold(), "summary")?;
        write!(self.out, ": {}", summary_line(summary))?;
        if hidden > 0 {
            write!(self.out, ", {hidden} below {} not shown (--min-severity)", self.options.min_severity)?;
        }
        writeln!(self.out)?;
        if let Some(baseline) = &summary.baseline {
            self.baseline(baseline)?;
        }
        self.styled(&bold(), "gate")?;
        let unknown = if summary.unknown_fails { " (unknown results included)" } else { "" };
        let warn = if summary.fail_on_warn { ", and on policy warnings" } else { "" };
        write!(self.out, ": fail on {} or above{unknown}{warn} -> ", summary.fail_on)?;
        if summary.passed {
            self.styled(&passed_style(), "passed")?;
        } else {
            self.styled(&error_style(), "FAILED")?;
            let noun = if summary.blocking == 1 { "finding" } else { "findings" };
            write!(self.out, " ({} blocking {noun})", summary.blocking)?;
        }
        writeln!(self.out)
    }

    /// `baseline: 3 findings hidden by the baseline (FILE), 1 baseline entry no longer found
    /// (fixed):` and the fixed entries, one line each (the JSON report lists them all).
    fn baseline(&mut self, baseline: &BaselineSummary) -> io::Result<()> {
        self.styled(&bold(), "baseline")?;
        let hidden = plural(baseline.hidden, "finding");
        write!(self.out, ": {hidden} hidden by the baseline ({})", printable(&baseline.file))?;
        if baseline.fixed.is_empty() {
            return writeln!(self.out);
        }
        let entries = match baseline.fixed.len() {
            1 => "1 baseline entry".to_string(),
            n => format!("{n} baseline entries"),
        };
        writeln!(self.out, ", {entries} no longer found (fixed): remove them with `tollgate baseline`")?;
        for entry in baseline.fixed.iter().take(MAX_FIXED_LISTED) {
            let environment = entry.environment.as_deref().map(|e| format!(" [environment {e}]")).unwrap_or_default();
            let place = printable(&format!("{} {}{environment} in {}", entry.rule_id, entry.address, entry.file));
            writeln!(self.out, "  {place}")?;
        }
        if baseline.fixed.len() > MAX_FIXED_LISTED {
            writeln!(
                self.out,
                "  ... and {} more (the JSON report lists them all)",
                baseline.fixed.len() - MAX_FIXED_LISTED
            )?;
        }
        Ok(())
    }

    fn styled(&mut self, spec: &ColorSpec, text: &str) -> io::Result<()> {
        self.out.set_color(spec)?;
        write!(self.out, "{text}")?;
        self.out.reset()
    }
}

/// `7 findings (1 critical, 2 high, 4 low), 1 of them unknown, 2 errors in 5 files / 4 resources, 3 skipped`.
fn summary_line(summary: &Summary) -> String {
    let mut parts = Vec::new();
    if summary.findings > 0 {
        let severities: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter(|sev| summary.by_severity.get(**sev) > 0)
            .map(|sev| format!("{} {sev}", summary.by_severity.get(*sev)))
            .collect();
        parts.push(format!("{} ({})", plural(summary.findings, "finding"), severities.join(", ")));
        if summary.unknown > 0 {
            parts.push(format!("{} of them unknown", summary.unknown));
        }
        if summary.suppressed > 0 {
            parts.push(format!("{} of them suppressed", summary.suppressed));
        }
    } else if summary.files_scanned > 0 {
        parts.push("no findings".to_string());
    }
    if summary.errors > 0 {
        parts.push(plural(summary.errors, "error"));
    }
    let mut line = parts.join(", ");
    if summary.files_scanned == 0 && summary.findings == 0 {
        let details = if line.is_empty() { String::new() } else { format!(", {line}") };
        line = format!("nothing to scan (no files read{details})");
    } else {
        let files = plural(summary.files_scanned, "file");
        line.push_str(&format!(" in {files} / {}", plural(summary.resources, "resource")));
    }
    if summary.skipped > 0 {
        line.push_str(&format!(", {} skipped", summary.skipped));
    }
    if summary.exceptions > 0 {
        line.push_str(&format!(", {} exempted by policy exceptions", plural(summary.exceptions, "result")));
    }
    line
}

/// Source files by display path; the first file wins if a path appears twice.
fn files_by_path(sources: &SourceMap) -> BTreeMap<&str, &SourceFile> {
    let mut files = BTreeMap::new();
    for (_, file) in sources.iter() {
        files.entry(file.path.as_str()).or_insert(file);
    }
    files
}

/// `k8s/values.yaml, document 2` (documents counted from 1, as a reader counts them).
fn skip_place(skip: &Skip) -> String {
    match skip.document {
        Some(index) => format!("{}, document {}", skip.file, u64::from(index) + 1),
        None => skip.file.clone(),
    }
}

/// `file`, `file:line` or `file:line:column`, as far as the error knows.
fn error_location(error: &LoadError) -> String {
    match (error.line, error.column) {
        (0, _) => error.file.clone(),
        (line, 0) => format!("{}:{line}", error.file),
        (line, column) => format!("{}:{line}:{column}", error.file),
    }
}

/// The label of findings on the same lines: `address (slug, slug) [environments a, b]`, one part
/// per resource and set of rules, in report order (environments with the same rules share one).
fn group_label(same_lines: &[&Finding]) -> String {
    let mut by_scope: Vec<(&str, Option<String>, Vec<&str>)> = Vec::new();
    for finding in same_lines {
        let key = (finding.address.as_str(), scope(finding));
        match by_scope.iter_mut().find(|(address, scope, _)| (*address, scope) == (key.0, &key.1)) {
            Some((_, _, slugs)) => push_new(slugs, &finding.slug),
            None => by_scope.push((key.0, key.1, vec![&finding.slug])),
        }
    }
    let mut parts: Vec<(&str, Vec<&str>, Vec<String>)> = Vec::new();
    for (address, scope, slugs) in by_scope {
        let same = parts.iter_mut().find(|(a, s, scopes)| *a == address && *s == slugs && !scopes.is_empty());
        match (same, scope) {
            (Some((_, _, scopes)), Some(scope)) => scopes.push(scope),
            (_, scope) => parts.push((address, slugs, scope.into_iter().collect())),
        }
    }
    let labels: Vec<String> = parts
        .into_iter()
        .map(|(address, slugs, scopes)| match scopes.as_slice() {
            [] => format!("{address} ({})", slugs.join(", ")),
            many => format!("{address} ({}) [{}]", slugs.join(", "), scopes_text(many)),
        })
        .collect();
    labels.join("; ")
}

/// Where a finding was evaluated: `root envs/prod, environment prod`, `root examples/basic`,
/// `environment dev`; `None` outside Terraform roots and environments.
fn scope(finding: &Finding) -> Option<String> {
    let parts: Vec<String> = [("root", &finding.root), ("environment", &finding.environment)]
        .into_iter()
        .filter_map(|(what, name)| name.as_ref().map(|name| format!("{what} {name}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Several scopes of one label: `environments a, b` or `roots a, b` when they differ only in
/// that, else each in full.
fn scopes_text(scopes: &[String]) -> String {
    for what in ["root", "environment"] {
        let prefix = format!("{what} ");
        let names: Option<Vec<&str>> =
            scopes.iter().map(|s| s.strip_prefix(&prefix).filter(|name| !name.contains(", "))).collect();
        if let (Some(names), true) = (names, scopes.len() > 1) {
            return format!("{what}s {}", names.join(", "));
        }
    }
    scopes.join("; ")
}

fn push_new<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// `file:line` (or `file` when the line is not known; `(--combine)` for all files together).
fn location(finding: &Finding) -> String {
    match (finding.file.as_str(), finding.start_line) {
        ("", _) => "(--combine)".to_string(),
        (file, 0) => file.to_string(),
        (file, line) => format!("{file}:{line}"),
    }
}

/// The address, with the root and environment it was evaluated for.
fn target(finding: &Finding) -> String {
    match scope(finding) {
        Some(scope) => format!("{} [{scope}]", finding.address),
        None => finding.address.clone(),
    }
}

/// Text on one line: its lines joined with a space, each without its indentation.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
}

fn unknown_note(finding: &Finding, report: &ScanReport) -> String {
    let verdict = if report.gate.blocks(finding) {
        "fails the gate because unknown results count as failures (--unknown=fail)"
    } else if report.gate.unknown_fails {
        "below the gate threshold"
    } else {
        "not counted as a failure (--unknown=fail would count it)"
    };
    format!("unknown result of a {} rule: {verdict}", finding.severity)
}

fn line_span(start: u32, end: u32) -> String {
    if end > start {
        format!("{start}-{end}")
    } else {
        start.to_string()
    }
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// `called from envs/prod/main.tf:12 (module.eks) -> ...`: the `module` blocks from the root
/// down, so the user knows which caller to fix.
fn call_chain_note(finding: &Finding) -> Option<String> {
    if finding.call_chain.is_empty() {
        return None;
    }
    let sites: Vec<String> =
        finding.call_chain.iter().map(|site| format!("{}:{} ({})", site.file, site.line, site.address)).collect();
    Some(format!("called from {}", sites.join(" -> ")))
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn codespan_config() -> Config {
    // Explicit characters: codespan's `ascii-only` feature would otherwise change the default.
    Config { chars: Chars::box_drawing(), ..Config::default() }
}

/// Label colours follow the header colours: codespan's severity is only a colour slot here
/// (error = critical/high, warning = medium, note = low, help = info, bug = unknown).
fn codespan_severity(finding: &Finding) -> CodespanSeverity {
    match (finding.kind, finding.severity) {
        (FindingKind::Unknown, _) => CodespanSeverity::Bug,
        (FindingKind::Fail, Severity::Critical | Severity::High) => CodespanSeverity::Error,
        (FindingKind::Fail, Severity::Medium) => CodespanSeverity::Warning,
        (FindingKind::Fail, Severity::Low) => CodespanSeverity::Note,
        (FindingKind::Fail, Severity::Info) => CodespanSeverity::Help,
    }
}

/// Every colour spelled out (codespan's defaults differ between platforms).
fn codespan_styles() -> Styles {
    let fg = |color| ColorSpec::new().set_fg(Some(color)).clone();
    Styles {
        header_bug: unknown_style(),
        header_error: severity_style(Severity::High),
        header_warning: severity_style(Severity::Medium),
        header_note: severity_style(Severity::Low),
        header_help: severity_style(Severity::Info),
        header_message: bold(),
        primary_label_bug: fg(Color::Magenta),
        primary_label_error: fg(Color::Red),
        primary_label_warning: fg(Color::Yellow),
        primary_label_note: fg(Color::Cyan),
        primary_label_help: fg(Color::Blue),
        secondary_label: fg(Color::Blue),
        line_number: fg(Color::Blue),
        source_border: fg(Color::Blue),
        note_bullet: fg(Color::Blue),
    }
}

fn bold() -> ColorSpec {
    ColorSpec::new().set_bold(true).clone()
}

fn bold_fg(color: Color) -> ColorSpec {
    bold().set_fg(Some(color)).clone()
}

fn severity_style(severity: Severity) -> ColorSpec {
    match severity {
        Severity::Critical => bold_fg(Color::Red).set_intense(true).clone(),
        Severity::High => bold_fg(Color::Red),
        Severity::Medium => bold_fg(Color::Yellow),
        Severity::Low => bold_fg(Color::Cyan),
        Severity::Info => bold_fg(Color::Blue),
    }
}

fn unknown_style() -> ColorSpec {
    bold_fg(Color::Magenta)
}

fn error_style() -> ColorSpec {
    bold_fg(Color::Red)
}

fn note_style() -> ColorSpec {
    bold_fg(Color::Green)
}

fn passed_style() -> ColorSpec {
    bold_fg(Color::Green)
}
