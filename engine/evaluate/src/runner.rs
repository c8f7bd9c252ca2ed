//! Applies rules to a graph.

use crate::{Context, Emitter, RuleDef, Settings};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use tollgate_model::finding::sort_findings;
use tollgate_model::{Finding, FindingKind, Graph, LoadError, Severity};

/// Which rules run and at what severity.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Rule ids or slugs that do not run.
    pub disabled: BTreeSet<String>,
    /// Severity overrides by rule id or slug.
    pub severity: BTreeMap<String, Severity>,
    /// What rules read from the configuration.
    pub settings: Settings,
}

impl EvalOptions {
    /// Whether the rule with this id or slug is disabled.
    pub fn is_disabled(&self, id: &str, slug: &str) -> bool {
        self.disabled.contains(id) || self.disabled.contains(slug)
    }

    /// The configured severity of the rule with this id or slug, if overridden.
    pub fn severity_for(&self, id: &str, slug: &str) -> Option<Severity> {
        self.severity.get(id).or_else(|| self.severity.get(slug)).copied()
    }

    /// A finding made outside the runner (a Rego policy's) as the configuration wants it:
    /// `None` when its rule is disabled, else with any severity override applied.
    pub fn configure(&self, mut finding: Finding) -> Option<Finding> {
        if self.is_disabled(&finding.rule_id, &finding.slug) {
            return None;
        }
        if let Some(severity) = self.severity_for(&finding.rule_id, &finding.slug) {
            finding.severity = severity;
        }
        Some(finding)
    }
}

/// Runs every enabled rule on the graph (rules in parallel) and returns sorted findings.
pub fn evaluate(graph: &Graph, rules: &[RuleDef], options: &EvalOptions) -> Vec<Finding> {
    let ctx = Context::with_settings(graph, &options.settings);
    let mut findings: Vec<Finding> = rules
        .par_iter()
        .filter(|rule| !options.is_disabled(rule.meta.id, rule.meta.slug))
        .flat_map_iter(|rule| {
            let mut emitter = Emitter::new(rule.meta, graph);
            (rule.check)(&ctx, &mut emitter);
            let mut found = emitter.into_findings();
            if let Some(sev) = options.severity_for(rule.meta.id, rule.meta.slug) {
                found.iter_mut().for_each(|f| f.severity = sev);
            }
            found
        })
        .collect();
    sort_findings(&mut findings);
    findings
}

/// Advice for a load error whose message gives none (a bare parser or I/O message).
const GENERIC_ADVICE: &str = "fix it, or list the path in .tollgateignore if Tollgate should not read it";

/// One `parse-error` finding per load error (a file, or part of one, that could not be read or
/// parsed), so an unreadable file fails the gate like any other high-severity finding.
pub fn parse_error_findings(errors: &[LoadError], options: &EvalOptions) -> Vec<Finding> {
    let meta = &crate::PARSE_ERROR;
    let severity = options.severity_for(meta.id, meta.slug);
    errors
        .iter()
        .map(|error| {
            let line = error.line.max(1);
            Finding {
                rule_id: meta.id.to_string(),
                slug: meta.slug.to_string(),
                severity: severity.unwrap_or(meta.severity),
                category: meta.category,
                kind: FindingKind::Fail,
                address: error.file.clone(),
                file: error.file.clone(),
                start_line: line,
                end_line: line,
                message: parse_error_message(error),
                environment: None,
                root: None,
                call_chain: Vec::new(),
                metadata: Default::default(),
            }
        })
        .collect()
}

/// The loader's message with the location after the problem, when the location is known; the
/// loader's own advice is kept (it knows what was left unchecked), generic advice is added only to
/// a message without any (see [`LoadError`]'s message convention).
fn parse_error_message(error: &LoadError) -> String {
    let (problem, advice) = error.problem_and_advice();
    let location = match (error.line, error.column) {
        (0, _) => String::new(),
        (line, 0) => format!(" (line {line})"),
        (line, column) => format!(" (line {line}, column {column})"),
    };
    format!("{problem}{location}; {}", advice.unwrap_or(GENERIC_ADVICE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(line: u32, column: u32, message: &str) -> String {
        let error = LoadError { file: "f".into(), line, column, message: message.into() };
        let findings = parse_error_findings(&[error], &EvalOptions::default());
        assert_eq!(findings.len(), 1);
        findings[0].message.clone()
    }

    #[test]
    fn the_loaders_advice_is_kept_and_not_doubled() {
        assert_eq!(
            message(3, 7, "cannot parse Terraform JSON file: expected `,`; fix the JSON"),
            "cannot parse Terraform JSON file: expected `,` (line 3, column 7); fix the JSON"
        );
        // A loader that says what was still checked is not contradicted.
        assert_eq!(
            message(5, 1, "invalid YAML: bad indent; this document was not checked (the file's other documents were): fix the YAML syntax"),
            "invalid YAML: bad indent (line 5, column 1); this document was not checked (the file's other documents \
             were): fix the YAML syntax"
        );
        assert_eq!(
            message(1, 1, "file is 40000000 bytes, over the 33554432-byte limit for one file; it was not parsed"),
            "file is 40000000 bytes, over the 33554432-byte limit for one file (line 1, column 1); it was not parsed"
        );
    }

    #[test]
    fn bare_messages_get_generic_advice_and_unknown_locations_are_left_out() {
        assert_eq!(
            message(0, 0, "cannot read directory: PermissionDenied"),
            "cannot read directory: PermissionDenied; fix it, or list the path in .tollgateignore if Tollgate should \
             not read it"
        );
        assert_eq!(
            message(4, 0, "plan JSON is malformed: EOF"),
            "plan JSON is malformed: EOF (line 4); fix it, or list the path in .tollgateignore if Tollgate should not \
             read it"
        );
        // A trailing `; ` is not advice.
        assert!(message(2, 3, "broken; ").ends_with(
            "(line 2, column 3); fix it, or list the path in .tollgateignore if Tollgate should not read it"
        ));
    }

    #[test]
    fn line_zero_errors_are_reported_on_line_one() {
        let error = LoadError { file: "dir".into(), line: 0, column: 0, message: "cannot read directory".into() };
        let finding = &parse_error_findings(&[error], &EvalOptions::default())[0];
        assert_eq!((finding.start_line, finding.end_line), (1, 1));
        assert!(!finding.message.contains("line"), "{}", finding.message);
    }
}
