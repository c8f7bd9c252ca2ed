//! The JUnit XML report, in the shape GitLab, Jenkins, Azure Pipelines and GitHub test reporters
//! read: one `<testsuite>` per rule, one `<testcase>` per rule and resource, and a `tollgate`
//! suite whose `<error>` cases are the files and policies that could not be loaded.
//!
//! Only findings that block the gate are `<failure>`s (JUnit consumers paint any failure red);
//! unknown results and suppressed findings that do not block are `<skipped>`, and failures below
//! the gate are passing cases that say so in `<system-out>`.

use crate::standing::{location, suppression_text, Standing};
use crate::{Ordered, ScanReport};
use std::collections::BTreeMap;
use std::fmt::Write;
use tollgate_model::{Category, Finding, LoadError, RuleDescriptor, Severity};

/// The name of the suite that holds load and policy errors.
const TOLLGATE_SUITE: &str = "tollgate";

/// Renders the JUnit XML report. Pure: the same report gives the same bytes.
pub fn render_junit(report: &ScanReport) -> String {
    let ordered = Ordered::of(report);
    let mut suites: Vec<Suite> = rule_suites(report, &ordered.findings);
    if !ordered.errors.is_empty() {
        suites.push(error_suite(&ordered.errors));
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = suites.iter().fold(Counts::default(), |sum, suite| sum.plus(suite.counts()));
    let _ = writeln!(xml, "<testsuites name=\"tollgate\"{}>", total.attributes());
    suites.iter().for_each(|suite| suite.write(&mut xml));
    xml.push_str("</testsuites>\n");
    xml
}

/// One rule's suite: its cases in report order.
struct Suite {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
}

/// One `<testcase>`: what it is called, where it is, and what became of it.
struct Case {
    classname: String,
    name: String,
    file: String,
    line: u32,
    outcome: Outcome,
    /// Everything about the case that is not its outcome (findings below the gate, unknowns).
    output: Vec<String>,
}

enum Outcome {
    Passed,
    Failure { message: String, kind: String, text: String },
    Skipped { message: String },
    Error { message: String, text: String },
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn plus(self, other: Counts) -> Counts {
        Counts {
            tests: self.tests + other.tests,
            failures: self.failures + other.failures,
            errors: self.errors + other.errors,
            skipped: self.skipped + other.skipped,
        }
    }

    fn attributes(&self) -> String {
        format!(
            " tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"",
            self.tests, self.failures, self.errors, self.skipped
        )
    }
}

/// A suite per rule with findings, then one passing case for each rule of the scan that found
/// nothing (so a CI dashboard shows what was checked, and a clean scan is not "no tests").
fn rule_suites(report: &ScanReport, findings: &[Finding]) -> Vec<Suite> {
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        by_rule.entry(&finding.rule_id).or_default().push(finding);
    }
    let mut suites: BTreeMap<&str, Suite> = BTreeMap::new();
    for (rule_id, findings) in &by_rule {
        let descriptor = report.catalog.find(rule_id);
        let name = suite_name(rule_id, &findings[0].slug);
        let cases = cases_of(&name, findings, report);
        let (severity, category) = (findings[0].severity, findings[0].category);
        let properties = properties(severity, category, descriptor.map(|rule| rule.title.as_str()));
        suites.insert(rule_id, Suite { properties, name, cases });
    }
    for rule in report.catalog.rules() {
        suites.entry(&rule.id).or_insert_with(|| clean_suite(rule));
    }
    suites.into_values().collect()
}

fn suite_name(rule_id: &str, slug: &str) -> String {
    if slug.is_empty() || slug == rule_id {
        rule_id.to_string()
    } else {
        format!("{rule_id} {slug}")
    }
}

/// What a suite says of its rule.
fn properties(severity: Severity, category: Category, title: Option<&str>) -> Vec<(&'static str, String)> {
    let mut properties = vec![("severity", severity.to_string()), ("category", category.to_string())];
    if let Some(title) = title {
        properties.push(("title", title.to_string()));
    }
    properties
}

fn clean_suite(rule: &RuleDescriptor) -> Suite {
    let name = suite_name(&rule.id, &rule.slug);
    let case = Case {
        classname: name.clone(),
        name: "no findings".to_string(),
        file: String::new(),
        line: 0,
        outcome: Outcome::Passed,
        output: Vec::new(),
    };
    let properties = properties(rule.severity, rule.category, Some(&rule.title));
    Suite { name, properties, cases: vec![case] }
}

/// The resource a case is about: address, environment, root.
type ResourceKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// One case per resource (address, environment and root): its findings decide the outcome.
fn cases_of(suite: &str, findings: &[&Finding], report: &ScanReport) -> Vec<Case> {
    let mut by_resource: BTreeMap<ResourceKey, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        let key = (finding.address.as_str(), finding.environment.as_deref(), finding.root.as_deref());
        by_resource.entry(key).or_default().push(finding);
    }
    let mut roots_per_resource: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    for (address, environment, _) in by_resource.keys() {
        *roots_per_resource.entry((address, *environment)).or_default() += 1;
    }
    by_resource
        .into_iter()
        .map(|((address, environment, root), group)| {
            let shared = roots_per_resource.get(&(address, environment)).is_some_and(|roots| *roots > 1);
            let name = case_name(address, environment, root.filter(|_| shared));
            case_of(suite, name, &group, report)
        })
        .collect()
}

/// `address [environment]`, with `(root DIR)` when the same resource is reported from several
/// roots (a module they all call) and the name alone would not tell the cases apart.
fn case_name(address: &str, environment: Option<&str>, root: Option<&str>) -> String {
    let mut name = address.to_string();
    if let Some(environment) = environment {
        name.push_str(&format!(" [{environment}]"));
    }
    if let Some(root) = root {
        name.push_str(&format!(" (root {root})"));
    }
    name
}

fn case_of(suite: &str, name: String, findings: &[&Finding], report: &ScanReport) -> Case {
    let standings: Vec<(Standing, &Finding)> =
        findings.iter().map(|finding| (Standing::of(finding, &report.gate), *finding)).collect();
    let blocking: Vec<&Finding> =
        standings.iter().filter(|(standing, _)| *standing == Standing::Blocking).map(|(_, f)| *f).collect();
    let output = standings
        .iter()
        .filter(|(standing, _)| *standing != Standing::Blocking)
        .map(|(standing, finding)| described(*standing, finding, report))
        .collect();
    let outcome = outcome(&blocking, &standings, report);
    // A lone skipped finding is said once, in the `<skipped>` message.
    let output = if matches!(outcome, Outcome::Skipped { .. }) && findings.len() == 1 { Vec::new() } else { output };
    let first = findings[0];
    Case { classname: suite.to_string(), name, file: first.file.clone(), line: first.start_line, outcome, output }
}

/// Failure when a finding blocks; skipped when every finding is unknown or suppressed; else a
/// pass (its findings below the gate are in the case's output).
fn outcome(blocking: &[&Finding], standings: &[(Standing, &Finding)], report: &ScanReport) -> Outcome {
    if let Some(first) = blocking.first() {
        let text: Vec<String> =
            blocking.iter().map(|f| format!("{}: [{}] {}", location(f), f.severity, f.message)).collect();
        let worst = blocking.iter().map(|f| f.severity).max().unwrap_or(Severity::Info);
        return Outcome::Failure { message: first.message.clone(), kind: worst.to_string(), text: text.join("\n") };
    }
    if standings.iter().all(|(standing, _)| matches!(standing, Standing::Unknown | Standing::Suppressed)) {
        let (standing, finding) = standings[0];
        return Outcome::Skipped { message: described(standing, finding, report) };
    }
    Outcome::Passed
}

/// A finding that does not block, in one line that says why it does not.
fn described(standing: Standing, finding: &Finding, report: &ScanReport) -> String {
    let at = location(finding);
    match standing {
        Standing::Blocking => format!("{at}: [{}] {}", finding.severity, finding.message),
        Standing::BelowGate => format!(
            "below the gate (--fail-on {}): {at}: [{}] {}",
            report.gate.fail_on, finding.severity, finding.message
        ),
        Standing::Unknown => format!("unknown: {at}: [{}] {}", finding.severity, finding.message),
        Standing::Suppressed => {
            format!("{}: {at}: [{}] {}", suppression_text(finding), finding.severity, finding.message)
        }
    }
}

/// The `tollgate` suite: one `<error>` case per file or policy that could not be loaded.
fn error_suite(errors: &[LoadError]) -> Suite {
    let cases = errors
        .iter()
        .map(|error| {
            let at = if error.line > 0 {
                format!("{}:{}:{}", error.file, error.line, error.column)
            } else {
                error.file.clone()
            };
            let (problem, _) = error.problem_and_advice();
            Case {
                classname: TOLLGATE_SUITE.to_string(),
                name: if error.file.is_empty() { "load".to_string() } else { error.file.clone() },
                file: error.file.clone(),
                line: error.line,
                outcome: Outcome::Error { message: problem.to_string(), text: format!("{at}: {}", error.message) },
                output: Vec::new(),
            }
        })
        .collect();
    Suite { name: TOLLGATE_SUITE.to_string(), properties: Vec::new(), cases }
}

impl Suite {
    fn counts(&self) -> Counts {
        let mut counts = Counts { tests: self.cases.len(), ..Counts::default() };
        for case in &self.cases {
            match case.outcome {
                Outcome::Passed => {}
                Outcome::Failure { .. } => counts.failures += 1,
                Outcome::Skipped { .. } => counts.skipped += 1,
                Outcome::Error { .. } => counts.errors += 1,
            }
        }
        counts
    }

    fn write(&self, xml: &mut String) {
        let _ = writeln!(xml, "  <testsuite name=\"{}\"{}>", attr(&self.name), self.counts().attributes());
        if !self.properties.is_empty() {
            xml.push_str("    <properties>\n");
            for (name, value) in &self.properties {
                let _ = writeln!(xml, "      <property name=\"{name}\" value=\"{}\"/>", attr(value));
            }
            xml.push_str("    </properties>\n");
        }
        self.cases.iter().for_each(|case| case.write(xml));
        xml.push_str("  </testsuite>\n");
    }
}

impl Case {
    fn write(&self, xml: &mut String) {
        let _ = write!(xml, "    <testcase classname=\"{}\" name=\"{}\"", attr(&self.classname), attr(&self.name));
        if !self.file.is_empty() {
            let _ = write!(xml, " file=\"{}\"", attr(&self.file));
            if self.line > 0 {
                let _ = write!(xml, " line=\"{}\"", self.line);
            }
        }
        if matches!(self.outcome, Outcome::Passed) && self.output.is_empty() {
            xml.push_str("/>\n");
            return;
        }
        xml.push_str(">\n");
        match &self.outcome {
            Outcome::Passed => {}
            Outcome::Failure { message, kind, text } => {
                let _ = writeln!(
                    xml,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attr(message),
                    attr(kind),
                    text_node(text)
                );
            }
            Outcome::Skipped { message } => {
                let _ = writeln!(xml, "      <skipped message=\"{}\"/>", attr(message));
            }
            Outcome::Error { message, text } => {
                let _ = writeln!(
                    xml,
                    "      <error message=\"{}\" type=\"load-error\">{}</error>",
                    attr(message),
                    text_node(text)
                );
            }
        }
        if !self.output.is_empty() {
            let _ = writeln!(xml, "      <system-out>{}</system-out>", text_node(&self.output.join("\n")));
        }
        xml.push_str("    </testcase>\n");
    }
}

/// Whether XML 1.0 allows the character at all (its `Char` production): other control
/// characters cannot even be escaped, so they are dropped.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Text content, escaped.
fn text_node(text: &str) -> String {
    escaped(text, false)
}

/// An attribute value (always written in double quotes), escaped.
fn attr(value: &str) -> String {
    escaped(value, true)
}

/// `text` with markup escaped and the characters XML forbids dropped. In an attribute, quotes
/// are escaped too, and line breaks and tabs become character references, since a parser turns
/// literal ones into spaces.
fn escaped(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_are_dropped_and_markup_is_escaped() {
        assert_eq!(text_node("a\u{0}b\u{1b}[31m<c>&\u{FFFE}"), "ab[31m&lt;c&gt;&amp;");
        assert_eq!(attr("say \"hi\"\n'x'\t<y>"), "say &quot;hi&quot;&#10;&apos;x&apos;&#9;&lt;y&gt;");
    }
}
