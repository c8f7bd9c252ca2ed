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
    fn is_disabled(&self, rule: &RuleDef) -> bool {
        self.disabled.contains(rule.meta.id) || self.disabled.contains(rule.meta.slug)
    }

    fn severity_for(&self, rule: &RuleDef) -> Option<Severity> {
        self.severity.get(rule.meta.id).or_else(|| self.severity.get(rule.meta.slug)).copied()
    }
}

/// Runs every enabled rule on the graph (rules in parallel) and returns sorted findings.
pub fn evaluate(graph: &Graph, rules: &[RuleDef], options: &EvalOptions) -> Vec<Finding> {
    let ctx = Context::with_settings(graph, &options.settings);
    let mut findings: Vec<Finding> = rules
        .par_iter()
        .filter(|rule| !options.is_disabled(rule))
        .flat_map_iter(|rule| {
            let mut emitter = Emitter::new(rule.meta, graph);
            (rule.check)(&ctx, &mut emitter);
            let mut found = emitter.into_findings();
            if let Some(sev) = options.severity_for(rule) {
                found.iter_mut().for_each(|f| f.severity = sev);
            }
            found
        })
        .collect();
    sort_findings(&mut findings);
    findings
}

/// One `parse-error` finding per file that could not be read or parsed, so an unreadable file
/// fails the gate like any other high-severity finding.
pub fn parse_error_findings(errors: &[LoadError], options: &EvalOptions) -> Vec<Finding> {
    let meta = &crate::PARSE_ERROR;
    let severity = options.severity.get(meta.id).or_else(|| options.severity.get(meta.slug)).copied();
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
                message: format!(
                    "{} (line {}, column {}); fix the file so it parses: nothing in it was checked",
                    error.message, line, error.column
                ),
                environment: None,
            }
        })
        .collect()
}
