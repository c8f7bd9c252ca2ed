//! Where a finding stands against the gate: the one classification the CI formats (JUnit,
//! Markdown, GitHub annotations) sort findings by, so they never disagree with the exit code.

use std::collections::{HashMap, HashSet};
use tollgate_model::{Finding, FindingKind, Gate, Suppression};

/// A finding's place in a CI report, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Standing {
    /// Fails the gate ([`Gate::blocks`]).
    Blocking,
    /// A failure below the gate threshold: reported, not blocking.
    BelowGate,
    /// The verdict rests on a value Tollgate could not know, and the gate does not count it.
    Unknown,
    /// Accepted by an inline comment or the configuration: kept, never blocking.
    Suppressed,
}

impl Standing {
    pub fn of(finding: &Finding, gate: &Gate) -> Self {
        if finding.suppression.is_some() {
            Standing::Suppressed
        } else if gate.blocks(finding) {
            Standing::Blocking
        } else if finding.kind == FindingKind::Unknown {
            Standing::Unknown
        } else {
            Standing::BelowGate
        }
    }
}

/// The gate in words, as the CI reports state it: `--fail-on high` and whether unknown results
/// count.
pub(crate) fn gate_description(gate: &Gate) -> String {
    let unknown = if gate.unknown_fails { "unknown results count too" } else { "unknown results do not count" };
    let warn = if gate.fail_at_any_severity.is_empty() { "" } else { "; policy warn rules fail at any severity" };
    format!("--fail-on {}; {unknown}{warn}", gate.fail_on)
}

/// A finding's lines as `file:start-end` (the address when the finding has no file).
pub(crate) fn location(finding: &Finding) -> String {
    if finding.file.is_empty() {
        finding.address.clone()
    } else {
        format!("{}:{}-{}", finding.file, finding.start_line, finding.end_line)
    }
}

/// Findings that differ only in their environment, shown once (`[production, staging]`): the
/// same mistake in the same lines is one thing to fix.
pub(crate) struct Entry<'a> {
    pub standing: Standing,
    pub finding: &'a Finding,
    pub environments: Vec<&'a str>,
    /// The root module, named only where it tells entries apart (see [`name_shared_roots`]).
    pub root: Option<&'a str>,
}

impl Entry<'_> {
    /// The address, the environments it was found in and, where it tells entries apart, its root.
    pub fn resource(&self) -> String {
        let mut name = self.finding.address.clone();
        if !self.environments.is_empty() {
            name.push_str(&format!(" [{}]", self.environments.join(", ")));
        }
        if let Some(root) = self.root {
            name.push_str(&format!(" (root {root})"));
        }
        name
    }
}

type EntryKey<'a> = (&'a str, &'a str, u32, u32, &'a str, Option<&'a str>, &'a str, Standing, Option<&'a Suppression>);

/// The findings (in report order) as entries, in the order each first appears.
pub(crate) fn entries<'a>(findings: &'a [Finding], gate: &Gate) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry<'a>> = Vec::new();
    let mut index: HashMap<EntryKey<'a>, usize> = HashMap::new();
    for finding in findings {
        let standing = Standing::of(finding, gate);
        let key = (
            finding.rule_id.as_str(),
            finding.file.as_str(),
            finding.start_line,
            finding.end_line,
            finding.address.as_str(),
            finding.root.as_deref(),
            finding.message.as_str(),
            standing,
            finding.suppression.as_ref(),
        );
        let environment = finding.environment.as_deref();
        match index.get(&key) {
            Some(&at) => entries[at].environments.extend(environment),
            None => {
                index.insert(key, entries.len());
                let environments = environment.into_iter().collect();
                entries.push(Entry { standing, finding, environments, root: None });
            }
        }
    }
    name_shared_roots(&mut entries);
    entries
}

/// A rule, an address and the environments an entry holds.
type RuleResource<'a> = (&'a str, &'a str, Vec<&'a str>);

/// Sets `root` on the entries a reader could not tell apart otherwise: the same rule, address
/// and environments, reported from more than one root (a module several roots call).
fn name_shared_roots(entries: &mut [Entry]) {
    let mut roots: HashMap<RuleResource, HashSet<Option<&str>>> = HashMap::new();
    for entry in entries.iter() {
        let key = (entry.finding.rule_id.as_str(), entry.finding.address.as_str(), entry.environments.clone());
        roots.entry(key).or_default().insert(entry.finding.root.as_deref());
    }
    for entry in entries.iter_mut() {
        let key = (entry.finding.rule_id.as_str(), entry.finding.address.as_str(), entry.environments.clone());
        if roots.get(&key).is_some_and(|roots| roots.len() > 1) {
            entry.root = entry.finding.root.as_deref();
        }
    }
}

/// `1 finding`, `2 findings`.
pub(crate) fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// How a suppression reads in a report: where it is written, until when, and why.
pub(crate) fn suppression_text(finding: &Finding) -> String {
    let Some(suppression) = &finding.suppression else { return String::new() };
    let mut text = format!("suppressed at {}", suppression.location);
    if let Some(until) = &suppression.until {
        text.push_str(&format!(" until {until}"));
    }
    match &suppression.justification {
        Some(reason) => text.push_str(&format!(": {reason}")),
        None => text.push_str(" (no reason given)"),
    }
    text
}
