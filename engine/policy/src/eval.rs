//! Running the Conftest-style rules of a [`PolicySet`] on every resource, in parallel.

use crate::input::{graph_data, resource_input};
use crate::load::{Effect, PolicyRule, PolicySet};
use rayon::prelude::*;
use regorus::Engine;
use serde_json::{Map, Value as Json};
use tollgate_model::{Category, Finding, FindingKind, Graph, LoadError, ResourceId, Severity};

/// A finding of a user policy, with the keys of the result other than `msg`.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyFinding {
    pub finding: Finding,
    /// The other keys of an object result (`{"msg": ..., "severity": ...}`), kept for later reports.
    pub metadata: Map<String, Json>,
}

/// What a policy run produced: findings, and rules that could not run (each with the policy file).
#[derive(Debug, Default)]
pub struct PolicyOutcome {
    pub findings: Vec<PolicyFinding>,
    pub errors: Vec<LoadError>,
}

/// Evaluates every rule of `policies` with each resource of `graph` as `input` and the graph as
/// `data.tollgate` (added once; each rayon thread works on its own clone of the engine).
pub fn evaluate(graph: &Graph, policies: &PolicySet) -> PolicyOutcome {
    if policies.rules.is_empty() || graph.is_empty() {
        return PolicyOutcome::default();
    }
    let engine = match policies.with_data(graph_data(graph)) {
        Ok(engine) => engine,
        Err(e) => {
            let errors = vec![LoadError {
                file: String::new(),
                line: 0,
                column: 0,
                message: format!("cannot load the graph as Rego data: {e}; no policy was run"),
            }];
            return PolicyOutcome { findings: Vec::new(), errors };
        }
    };
    let ids: Vec<ResourceId> = graph.resources().map(|(id, _)| id).collect();
    let per_resource: Vec<(Vec<PolicyFinding>, Vec<RuleFailure>)> = ids
        .par_iter()
        .map_init(|| engine.clone(), |engine, &id| evaluate_resource(engine, graph, id, policies))
        .collect();
    let mut outcome = PolicyOutcome::default();
    let mut failures = Vec::new();
    for (findings, failed) in per_resource {
        outcome.findings.extend(findings);
        failures.extend(failed);
    }
    outcome.findings.sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    outcome.findings.dedup();
    outcome.errors = failure_errors(failures, policies);
    outcome
}

/// A rule that could not be evaluated on one resource.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct RuleFailure {
    rule: usize,
    problem: String,
    address: String,
}

fn evaluate_resource(
    engine: &mut Engine,
    graph: &Graph,
    id: ResourceId,
    policies: &PolicySet,
) -> (Vec<PolicyFinding>, Vec<RuleFailure>) {
    let (mut findings, mut failures) = (Vec::new(), Vec::new());
    engine.set_input(regorus::Value::from(resource_input(graph, id)));
    for (index, rule) in policies.rules.iter().enumerate() {
        match engine.eval_rule(format!("data.{}.{}", rule.package, rule.name)) {
            Ok(value) => {
                for result in rule_results(&value) {
                    findings.push(to_finding(graph, id, rule, result));
                }
            }
            Err(e) => failures.push(RuleFailure {
                rule: index,
                problem: rule_problem(&e.to_string(), policies),
                address: graph.resource(id).address.clone(),
            }),
        }
    }
    (findings, failures)
}

/// One error per rule and problem, naming the first resource and how many others it hit, so a
/// broken rule over 10,000 resources is one line, not 10,000.
fn failure_errors(mut failures: Vec<RuleFailure>, policies: &PolicySet) -> Vec<LoadError> {
    failures.sort();
    let mut errors: Vec<LoadError> = Vec::new();
    let mut start = 0;
    while let Some(first) = failures.get(start) {
        let same = failures[start..].iter().take_while(|f| f.rule == first.rule && f.problem == first.problem).count();
        let Some(rule) = policies.rules.get(first.rule) else { break };
        let advice = if first.problem.starts_with("was stopped") {
            "its results there are missing: make the rule cheaper"
        } else {
            "its results there are missing: fix the policy"
        };
        let others = match same - 1 {
            0 => String::new(),
            1 => " (and 1 other resource)".to_string(),
            n => format!(" (and {n} other resources)"),
        };
        errors.push(LoadError {
            file: rule.file.clone(),
            line: 0,
            column: 0,
            message: format!("policy rule {} {} on {}{others}; {}", rule.id(), first.problem, first.address, advice),
        });
        start += same;
    }
    errors.sort();
    errors
}

/// What went wrong, phrased to follow `policy rule <id>` (`failed: ...`, `was stopped: ...`).
fn rule_problem(text: &str, policies: &PolicySet) -> String {
    // regorus reports its LimitError::TimeLimitExceeded with this text.
    if text.contains("exceeded time limit") {
        format!("was stopped: it ran past the time limit of {:?}", policies.options.time_limit)
    } else {
        let problem = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(text).trim();
        format!("failed: {problem}")
    }
}

/// The results of one rule: the members of a set or array, or a single string or object.
fn rule_results(value: &regorus::Value) -> Vec<Json> {
    if matches!(value, regorus::Value::Undefined) {
        return Vec::new();
    }
    match serde_json::to_value(value) {
        Ok(Json::Array(items)) => items,
        Ok(result @ (Json::String(_) | Json::Object(_))) => vec![result],
        _ => Vec::new(),
    }
}

fn to_finding(graph: &Graph, id: ResourceId, rule: &PolicyRule, result: Json) -> PolicyFinding {
    let (message, metadata) = match result {
        Json::String(msg) => (msg, Map::new()),
        Json::Object(mut fields) => match fields.remove("msg") {
            Some(Json::String(msg)) => (msg, fields),
            Some(other) => (other.to_string(), fields),
            None => (Json::Object(fields.clone()).to_string(), fields),
        },
        other => (other.to_string(), Map::new()),
    };
    let resource = graph.resource(id);
    let span = resource.span;
    let rule_id = rule.id();
    let finding = Finding {
        slug: rule_id.clone(),
        rule_id,
        severity: match rule.effect {
            Effect::Deny => Severity::High,
            Effect::Warn => Severity::Low,
        },
        category: Category::Policy,
        kind: FindingKind::Fail,
        address: resource.address.clone(),
        file: graph.sources().path(span.file).to_string(),
        start_line: span.start.line,
        end_line: span.end.line.max(span.start.line),
        // A policy may quote an input value; a value Terraform marks sensitive must never reach a report.
        message: graph.sensitive().scrub(&message).into_owned(),
        environment: resource.terraform().and_then(|t| t.environment.clone()),
    };
    PolicyFinding { finding, metadata }
}
