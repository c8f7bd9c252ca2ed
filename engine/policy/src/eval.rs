//! Running a [`PolicySet`]: one job per input (a resource, a parsed document, or all documents
//! with `--combine`), in parallel with one engine clone per rayon thread.

use crate::input::graph_documents;
use crate::isolate::PANICKED;
use crate::load::PolicySet;
use crate::location::{documents, Locator, Place};
use crate::modes::{conftest, resource, trivy};
use crate::rules::{Effect, Mode, PolicyRule};
use rayon::prelude::*;
use regorus::Engine;
use serde_json::{Map, Value as Json};
use tollgate_model::{Category, Finding, FindingKind, Graph, LoadError, ResourceId, RuleRef};

/// A rule result exempted by an `exception` rule (Conftest and Trivy count these, not report them).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyException {
    pub rule_id: String,
    pub package: String,
    pub rule: String,
    pub address: String,
    pub file: String,
    pub line: u32,
    pub end_line: u32,
    /// The exception as Conftest prints it: `data.main.exception[_][_] == "run_as_root"`.
    pub query: String,
}

/// What a policy run produced: findings, exemptions, and rules that could not run. A finding's
/// `metadata` holds what the result and the check declare beyond the message (Conftest: the
/// other keys of an object result; Trivy: the check's `title`, `recommended_actions`, ...).
#[derive(Debug, Default)]
pub struct PolicyOutcome {
    pub findings: Vec<Finding>,
    pub errors: Vec<LoadError>,
    pub exceptions: Vec<PolicyException>,
    /// What the policies' `print()` calls wrote, as OPA writes it (`policy/x.rego:12: text`),
    /// input after input in a fixed order.
    pub prints: Vec<String>,
    /// What the Rego engine itself said while evaluating (kept off stderr), beyond the
    /// policies' load notes.
    pub notes: Vec<LoadError>,
}

/// A rule that could not be evaluated on one input.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RuleFailure {
    pub rule: usize,
    pub problem: String,
    pub address: String,
}

/// What one job produced.
#[derive(Debug, Default)]
pub(crate) struct JobOutput {
    pub findings: Vec<Finding>,
    pub exceptions: Vec<PolicyException>,
    pub failures: Vec<RuleFailure>,
    pub prints: Vec<String>,
}

impl JobOutput {
    pub fn fail(&mut self, policies: &PolicySet, rule: usize, error: &str, address: &str) {
        self.failures.push(RuleFailure { rule, problem: rule_problem(error, policies), address: address.to_string() });
    }

    /// The value of rule `index` of `policies` on the engine's input, or `None` after recording
    /// why it could not be evaluated on the input at `address`.
    pub fn eval(
        &mut self,
        engine: &mut Engine,
        policies: &PolicySet,
        index: usize,
        rule: &PolicyRule,
        address: &str,
    ) -> Option<regorus::Value> {
        eval_rule(engine, &rule.package, &rule.name).map_err(|e| self.fail(policies, index, &e, address)).ok()
    }
}

#[derive(Debug, Clone, Copy)]
enum Job {
    Resource(ResourceId),
    Conftest(crate::location::DocRef),
    Trivy(crate::location::DocRef),
    Combined,
}

/// Evaluates every rule of `policies`: resource-mode rules on each resource of `graph` (the
/// graph as `data.tollgate`), Conftest rules on each parsed document (or all at once), Trivy
/// checks on each document their selectors accept.
pub fn evaluate(graph: &Graph, policies: &PolicySet) -> PolicyOutcome {
    let (mut outcome, notes) = crate::quiet::capturing_stderr(|| evaluate_all(graph, policies));
    outcome.notes = notes.into_iter().filter(|note| !policies.notes.contains(note)).collect();
    outcome
}

fn evaluate_all(graph: &Graph, policies: &PolicySet) -> PolicyOutcome {
    if policies.rules.is_empty() {
        return PolicyOutcome::default();
    }
    let has = |mode: Mode| policies.rules.iter().any(|r| r.mode == mode);
    let graph_docs = has(Mode::Resource).then(|| graph_documents(graph));
    let engine = if let Some(graph_docs) = &graph_docs {
        match policies.with_data(graph_docs.data.clone()) {
            Ok(engine) => engine,
            Err(e) => {
                let errors = vec![LoadError {
                    file: String::new(),
                    line: 0,
                    column: 0,
                    message: format!("cannot load the graph as Rego data: {e}; no policy was run"),
                }];
                return PolicyOutcome { errors, ..PolicyOutcome::default() };
            }
        }
    } else {
        policies.engine.clone()
    };
    let mut jobs = Vec::new();
    if has(Mode::Resource) {
        jobs.extend(graph.resources().map(|(id, _)| Job::Resource(id)));
    }
    let docs = documents(graph);
    if has(Mode::Conftest) {
        if policies.options.combine {
            if !docs.is_empty() {
                jobs.push(Job::Combined);
            }
        } else {
            jobs.extend(docs.iter().map(|d| Job::Conftest(*d)));
        }
    }
    if has(Mode::Trivy) {
        jobs.extend(docs.iter().map(|d| Job::Trivy(*d)));
    }
    let locator = Locator::new(graph);
    let outputs: Vec<JobOutput> = jobs
        .par_iter()
        .map_init(
            || engine.clone(),
            |engine, job| {
                let mut output = match *job {
                    Job::Resource(id) => {
                        let input = graph_docs.as_ref().and_then(|d| d.inputs.get(id.0 as usize)).cloned();
                        resource::evaluate(engine, &locator, policies, id, input.unwrap_or(regorus::Value::Undefined))
                    }
                    Job::Conftest(doc) => conftest::evaluate_document(engine, &locator, policies, doc),
                    Job::Trivy(doc) => trivy::evaluate_document(engine, &locator, policies, doc),
                    Job::Combined => conftest::evaluate_combined(engine, &locator, policies, &docs),
                };
                output.prints = engine.take_prints().unwrap_or_default();
                output
            },
        )
        .collect();
    let mut outcome = PolicyOutcome::default();
    let mut failures = Vec::new();
    for output in outputs {
        outcome.findings.extend(output.findings);
        outcome.exceptions.extend(output.exceptions);
        outcome.prints.extend(output.prints);
        failures.extend(output.failures);
    }
    outcome.findings.sort_by(|a, b| {
        a.sort_key().cmp(&b.sort_key()).then_with(|| {
            serde_json::to_string(&a.metadata)
                .unwrap_or_default()
                .cmp(&serde_json::to_string(&b.metadata).unwrap_or_default())
        })
    });
    outcome.findings.dedup();
    outcome.exceptions.sort();
    outcome.errors = failure_errors(failures, policies);
    outcome
}

/// Evaluates `data.<package>.<rule>`.
pub(crate) fn eval_rule(engine: &mut Engine, package: &str, rule: &str) -> Result<regorus::Value, String> {
    crate::isolate::guarded_result(|| engine.eval_rule(format!("data.{package}.{rule}")))
}

/// The results of one rule: the members of a set or array, or a single string or object.
pub(crate) fn rule_results(value: &regorus::Value) -> Vec<Json> {
    if matches!(value, regorus::Value::Undefined) {
        return Vec::new();
    }
    match serde_json::to_value(value) {
        Ok(Json::Array(items)) => items,
        Ok(Json::Null) => Vec::new(),
        Ok(other) => vec![other],
        Err(_) => Vec::new(),
    }
}

/// A finding of `rule` at `place`; the message is scrubbed of sensitive values.
pub(crate) fn make_finding(
    graph: &Graph,
    policies: &PolicySet,
    rule: &PolicyRule,
    place: Place,
    message: &str,
    metadata: Map<String, Json>,
) -> Finding {
    let meta = policies.meta(rule);
    let rule_id = policies.rule_id(rule);
    let slug = meta.and_then(|m| m.slug.clone()).unwrap_or_else(|| rule_id.clone());
    let category = meta.and_then(|m| m.category).unwrap_or(Category::Policy);
    let rule_ref = RuleRef { id: &rule_id, slug: &slug, severity: policies.severity(rule), category };
    let kind = if rule.effect == Effect::Unknown { FindingKind::Unknown } else { FindingKind::Fail };
    // A policy may quote an input value; a value Terraform marks sensitive must never reach a report.
    let message = graph.sensitive().scrub(message).into_owned();
    let mut finding = Finding::new(rule_ref, kind, place.address, place.file, (place.start, place.end), message);
    finding.metadata = metadata;
    finding.with_origin(place.origin.as_ref(), graph.sources()).with_values_set(place.helm.as_ref())
}

/// One error per rule and problem, naming the first input and how many others it hit, so a
/// broken rule over 10,000 resources is one line, not 10,000.
fn failure_errors(mut failures: Vec<RuleFailure>, policies: &PolicySet) -> Vec<LoadError> {
    failures.sort();
    failures.dedup();
    let mut errors: Vec<LoadError> = Vec::new();
    let mut start = 0;
    while let Some(first) = failures.get(start) {
        let same = failures[start..].iter().take_while(|f| f.rule == first.rule && f.problem == first.problem).count();
        let Some(rule) = policies.rules.get(first.rule) else { break };
        let advice = if first.problem.starts_with("was stopped") {
            "its results there are missing: make the rule cheaper"
        } else if first.problem.contains(PANICKED) {
            "its results there are missing: this is a fault of the Rego engine, not of the policy; rewrite the expression that triggers it (the scan went on without it)"
        } else {
            "its results there are missing: fix the policy"
        };
        let others = match same - 1 {
            0 => String::new(),
            1 => " (and 1 other input)".to_string(),
            n => format!(" (and {n} other inputs)"),
        };
        errors.push(LoadError {
            file: rule.file.clone(),
            line: rule.line,
            column: 0,
            message: format!(
                "policy rule {} {} on {}{others}; {}",
                policies.rule_id(rule),
                first.problem,
                first.address,
                advice
            ),
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
        match engine_problem(text) {
            (Some(location), problem) => format!("failed at {location}: {problem}"),
            (None, problem) => format!("failed: {problem}"),
        }
    }
}

/// A regorus error as the place it names first (`file:line:col`, printed as `--> file:line:col`
/// on a line of its own) and the problem its `error: ` line states, with a second place when it
/// names one: `var `i` used before definition below` is followed by the definition's place and
/// an empty `definition:` label, recursion by the chain of rules, which alone would say nothing.
pub(crate) fn engine_problem(text: &str) -> (Option<&str>, String) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let location = lines.iter().find_map(|l| l.strip_prefix("--> "));
    let Some(first) = lines.iter().position(|l| l.starts_with("error: ")) else {
        let last = lines.iter().rev().find(|l| !l.is_empty()).copied().unwrap_or(text);
        return (location, last.to_string());
    };
    let problem = lines[first].trim_start_matches("error: ").trim_end_matches(['.', ':']);
    let other_place = lines[first + 1..].iter().find_map(|l| l.strip_prefix("--> "));
    let label = lines[first + 1..].iter().rev().find(|l| !l.is_empty()).and_then(|l| l.strip_suffix(':'));
    let problem = match (other_place, label) {
        (Some(place), Some(label)) => format!("{problem} (the {label} is at {place})"),
        (Some(place), None) => format!("{problem} (see {place})"),
        _ => problem.to_string(),
    };
    (location, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_failure_names_the_failing_expression_and_drops_the_engine_prefix() {
        let policies = PolicySet::load(&[], crate::PolicyOptions::default()).0;
        let regorus_error = "\n--> policy/main.rego:10:12\n  |\n10 | \tsome p in input.spec.ports\n  |            ^\nerror: `some .. in collection` expects array/set/object. Got `null`";
        assert_eq!(
            rule_problem(regorus_error, &policies),
            "failed at policy/main.rego:10:12: `some .. in collection` expects array/set/object. Got `null`"
        );
        assert_eq!(rule_problem("error: no location", &policies), "failed: no location");
        let recursion = "\n--> p.rego:2:1\n  |\n2 | p if q\n  | ^\nerror: recursion detected when evaluating rule:\n--> p.rego:4:1\n  |\n4 | r if p\n  | ^\ndepends on: \n--> p.rego:2:1\n  |\n2 | p if q\n  | ^\ndepends on: cyclic evaluation";
        assert_eq!(
            rule_problem(recursion, &policies),
            "failed at p.rego:2:1: recursion detected when evaluating rule (see p.rego:4:1)"
        );
    }
}
