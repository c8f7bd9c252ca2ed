//! Applies rules to a graph.

use crate::{Check, Context, Emitter, RuleDef, Settings};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use tollgate_model::finding::sort_findings;
use tollgate_model::{Finding, Graph, Severity};

/// Which rules run and at what severity. Rules are named by their canonical id (the pipeline
/// resolves the names the configuration uses through the catalog's one lookup).
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Ids of rules that do not run.
    pub disabled: BTreeSet<String>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// What rules read from the configuration.
    pub settings: Settings,
}

impl EvalOptions {
    /// Whether the rule with this id is disabled.
    pub fn is_disabled(&self, id: &str) -> bool {
        self.disabled.contains(id)
    }

    /// A finding as the configuration wants it: `None` when its rule is disabled, else with any
    /// severity override applied. Every finding passes through here, whoever made it.
    pub fn configure(&self, mut finding: Finding) -> Option<Finding> {
        if self.is_disabled(&finding.rule_id) {
            return None;
        }
        if let Some(severity) = self.severity.get(&finding.rule_id) {
            finding.severity = *severity;
        }
        Some(finding)
    }
}

/// Runs every enabled native rule on the graph (rules in parallel) and returns sorted findings,
/// configured by `options`. Rego and built-in rules are run by their own engines.
pub fn evaluate(graph: &Graph, rules: &[RuleDef], options: &EvalOptions) -> Vec<Finding> {
    let ctx = Context::with_settings(graph, &options.settings);
    let mut findings: Vec<Finding> = rules
        .par_iter()
        .filter(|rule| !options.is_disabled(rule.meta.id))
        .filter_map(|rule| match rule.check {
            Check::Native(check) => Some((rule, check)),
            Check::Rego(_) | Check::Builtin => None,
        })
        .flat_map_iter(|(rule, check)| {
            let mut emitter = Emitter::new(rule.meta, graph);
            check(&ctx, &mut emitter);
            emitter.into_findings().into_iter().filter_map(|finding| options.configure(finding))
        })
        .collect();
    sort_findings(&mut findings);
    findings
}
