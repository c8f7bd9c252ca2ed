//! `tollgate policy test`: the `test_*` rules of every loaded package, like `opa test` and
//! `conftest verify`. A test passes when its rule is defined and `true`; a rule that fails to
//! evaluate or runs past the time limit is an error of that test alone.

use crate::load::PolicySet;
use rayon::prelude::*;
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
}

/// Every test of a policy set, sorted by file, then name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestRun {
    pub results: Vec<TestResult>,
}

/// Runs every `test_*` rule of `policies` (with their `--data`), in parallel.
pub fn run_tests(policies: &PolicySet) -> TestRun {
    let mut results: Vec<TestResult> = policies
        .tests
        .par_iter()
        .map_init(
            || policies.engine.clone(),
            |engine, test| {
                let started = Instant::now();
                engine.set_input(regorus::Value::Undefined);
                let outcome = match crate::isolate::guarded_result(|| {
                    engine.eval_rule(format!("data.{}.{}", test.package, test.name))
                }) {
                    Ok(regorus::Value::Bool(true)) => TestOutcome::Passed,
                    Ok(_) => TestOutcome::Failed,
                    Err(e) => {
                        let text = e;
                        if text.contains("exceeded time limit") {
                            TestOutcome::Error(format!("ran past the time limit of {:?}", policies.options.time_limit))
                        } else {
                            let problem = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(&text).trim();
                            TestOutcome::Error(problem.strip_prefix("error: ").unwrap_or(problem).to_string())
                        }
                    }
                };
                TestResult {
                    package: test.package.clone(),
                    name: test.name.clone(),
                    file: test.file.clone(),
                    line: test.line,
                    outcome,
                    duration: started.elapsed(),
                }
            },
        )
        .collect();
    results.sort_by(|a, b| (&a.file, &a.name, a.line).cmp(&(&b.file, &b.name, b.line)));
    TestRun { results }
}
