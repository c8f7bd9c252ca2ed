//! `tollgate policy test`: the `test_*` rules of every loaded package, like `opa test` and
//! `conftest verify`. A test passes when its rule is defined and `true`; a rule that fails to
//! evaluate or runs past the time limit is an error of that test alone.

use crate::isolate::guarded_result;
use crate::load::{PolicySet, TestRule};
use crate::parameterised::cases_rule;
use rayon::prelude::*;
use regorus::Engine;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOutcome {
    Passed,
    /// Undefined, `false`, or any value other than `true`.
    Failed,
    /// The rule could not be evaluated (an error, or the time limit).
    Error(String),
}

/// One `test_*` rule and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    pub package: String,
    pub name: String,
    pub file: String,
    pub line: u32,
    pub outcome: TestOutcome,
    pub duration: Duration,
    /// What the test's `print()` calls wrote, each line as OPA writes it (`policy/x.rego:12: text`).
    pub prints: Vec<String>,
}

/// Every test of a policy set, sorted by file, then name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestRun {
    pub results: Vec<TestResult>,
    /// What the Rego engine itself said while testing (kept off stderr), beyond the load notes.
    pub notes: Vec<tollgate_model::LoadError>,
}

/// Runs every `test_*` rule of `policies` (with their `--data`), in parallel; a parameterised
/// test gives one result per case.
pub fn run_tests(policies: &PolicySet) -> TestRun {
    let (results, notes) = crate::quiet::capturing_stderr(|| test_results(policies));
    TestRun { results, notes: notes.into_iter().filter(|note| !policies.notes.contains(note)).collect() }
}

fn test_results(policies: &PolicySet) -> Vec<TestResult> {
    let mut results: Vec<TestResult> = policies
        .tests
        .par_iter()
        .map_init(
            || policies.engine.clone(),
            |engine, test| {
                let started = Instant::now();
                engine.set_input(regorus::Value::Undefined);
                let value = guarded_result(|| engine.eval_rule(format!("data.{}.{}", test.package, test.name)));
                let outcomes = match (&test.cases, value) {
                    (_, Err(e)) => vec![(test.name.clone(), TestOutcome::Error(problem(&e, policies)))],
                    (None, Ok(value)) => vec![(test.name.clone(), outcome_of(&value))],
                    (Some(helper), Ok(value)) => case_outcomes(engine, policies, test, helper, &value),
                };
                let duration = started.elapsed();
                let prints = engine.take_prints().unwrap_or_default();
                outcomes
                    .into_iter()
                    .map(|(name, outcome)| TestResult {
                        package: test.package.clone(),
                        name,
                        file: test.file.clone(),
                        line: test.line,
                        outcome,
                        duration,
                        prints: prints.clone(),
                    })
                    .collect::<Vec<_>>()
            },
        )
        .flatten()
        .collect();
    results.sort_by(|a, b| (&a.file, &a.name, a.line).cmp(&(&b.file, &b.name, b.line)));
    results
}

fn outcome_of(value: &regorus::Value) -> TestOutcome {
    match value {
        regorus::Value::Bool(true) => TestOutcome::Passed,
        _ => TestOutcome::Failed,
    }
}

fn problem(text: &str, policies: &PolicySet) -> String {
    if text.contains("exceeded time limit") {
        format!("ran past the time limit of {:?}", policies.options.time_limit)
    } else {
        match crate::eval::engine_problem(text) {
            (Some(location), problem) => format!("{location}: {problem}"),
            (None, problem) => problem,
        }
    }
}

/// One outcome per case of a parameterised test (`test_x["case"]`): passed when the test's
/// value holds the case as `true`, failed when only the helper rule lists it.
fn case_outcomes(
    engine: &Engine,
    policies: &PolicySet,
    test: &TestRule,
    helper: &str,
    value: &regorus::Value,
) -> Vec<(String, TestOutcome)> {
    let passed: BTreeSet<regorus::Value> = match value.as_object() {
        Ok(cases) => cases.iter().filter(|(_, v)| **v == regorus::Value::Bool(true)).map(|(k, _)| k.clone()).collect(),
        Err(_) => BTreeSet::new(),
    };
    let case_name = |key: &regorus::Value| format!("{}[{}]", test.name, serde_json::to_string(key).unwrap_or_default());
    let mut outcomes = Vec::new();
    let listed = match list_cases(engine.clone(), test, helper).map_err(|e| problem(&e, policies)) {
        Ok(listed) => listed,
        Err(e) => {
            let message = format!("its cases could not be listed ({e}), so a failing case would go unseen");
            outcomes.push((test.name.clone(), TestOutcome::Error(message)));
            BTreeSet::new()
        }
    };
    for key in listed.union(&passed) {
        let outcome = if passed.contains(key) { TestOutcome::Passed } else { TestOutcome::Failed };
        outcomes.push((case_name(key), outcome));
    }
    if outcomes.is_empty() {
        // No case at all: nothing was tested, which is no pass.
        outcomes.push((test.name.clone(), TestOutcome::Failed));
    }
    outcomes
}

/// The values of a parameterised test's parameter, from its helper module.
fn list_cases(mut engine: Engine, test: &TestRule, helper: &str) -> Result<BTreeSet<regorus::Value>, String> {
    engine.set_rego_v0(false);
    guarded_result(|| engine.add_policy(format!("{}#cases", test.file), helper.to_string()))?;
    let rule = format!("data.{}.{}", test.package, cases_rule(&test.name));
    let cases = guarded_result(|| engine.eval_rule(rule))?;
    match cases {
        regorus::Value::Undefined => Ok(BTreeSet::new()),
        other => other.as_set().map(|set| set.iter().cloned().collect()).map_err(|e| e.to_string()),
    }
}
