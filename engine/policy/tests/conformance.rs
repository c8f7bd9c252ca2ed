//! The Rego conformance suite: `tests/conformance/<topic>.yaml`, each case a policy, an input,
//! a rule and the result OPA's documentation gives (a value, `undefined`, an error, or the
//! outcome of `test_*` rules), run through the same loading and evaluation as a scan.
//!
//! A case marked `known_wrong: <reason>` is one regorus still gets wrong: it must still give a
//! different result, so the day the engine is fixed the suite fails and asks for the mark to go.
//!
//! Keys of a case: `name`; `modules` (Rego sources, one file each); `input` (absent: no input);
//! `data` (loaded as `--data`); `strict`; `query` (a rule, `data.pkg.name`) with one of `want`
//! (the value; sets as sorted arrays), `undefined: true` or `error: <text in the message>`; or
//! `tests` (`name: pass|fail|error` for every `test_*` result); `warning` (text of a load
//! warning); `allow_builtins` (builtins Tollgate refuses by default, allowed for the case);
//! `known_wrong`.

use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::path::Path;
use tollgate_policy::{run_tests, BuiltinPolicy, PolicyOptions, PolicySet, TestOutcome};

/// What a case gave.
#[derive(Debug, PartialEq)]
enum Got {
    Value(Json),
    Undefined,
    Error(String),
    Tests(BTreeMap<String, String>),
}

fn run_topic(topic: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance").join(format!("{topic}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cases: Vec<Json> = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(!cases.is_empty(), "{topic}: no cases");
    let mut problems = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("<unnamed>");
        if let Err(problem) = check_case(case) {
            problems.push(format!("{topic}/{name}: {problem}"));
        }
    }
    assert!(problems.is_empty(), "{} of {} cases:\n{}", problems.len(), cases.len(), problems.join("\n"));
}

fn check_case(case: &Json) -> Result<(), String> {
    let (got, warnings) = evaluate(case)?;
    // The warning is Tollgate's own, so it is checked whether or not the engine is still wrong.
    if let Some(text) = case.get("warning").and_then(Json::as_str) {
        if !warnings.iter().any(|w| w.contains(text)) {
            return Err(format!("no warning with {text:?}: {warnings:?}"));
        }
    }
    match (case.get("known_wrong").and_then(Json::as_str), compare(case, &got)) {
        (None, outcome) => outcome,
        (Some(_), Err(_)) => Ok(()),
        (Some(reason), Ok(())) => Err(format!(
            "now gives what OPA gives ({got:?}): remove its `known_wrong: {reason}` mark, and the README's difference if one is listed"
        )),
    }
}

fn compare(case: &Json, got: &Got) -> Result<(), String> {
    let expected = if let Some(want) = case.get("want") {
        Got::Value(want.clone())
    } else if case.get("undefined") == Some(&json!(true)) {
        Got::Undefined
    } else if let Some(text) = case.get("error").and_then(Json::as_str) {
        return match got {
            Got::Error(message) if message.contains(text) => Ok(()),
            other => Err(format!("expected an error with {text:?}, got {other:?}")),
        };
    } else if let Some(tests) = case.get("tests").and_then(Json::as_object) {
        Got::Tests(tests.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("?").to_string())).collect())
    } else {
        return Err("the case names no expectation (want, undefined, error or tests)".into());
    };
    if *got == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {got:?}"))
    }
}

/// Loads the case's modules as user policies and evaluates its query or tests.
fn evaluate(case: &Json) -> Result<(Got, Vec<String>), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let modules = case["modules"].as_array().ok_or("the case has no `modules` list")?;
    for (index, module) in modules.iter().enumerate() {
        let text = module.as_str().ok_or("a module is not a string")?;
        std::fs::write(dir.path().join(format!("m{index}.rego")), text).map_err(|e| e.to_string())?;
    }
    let mut options = PolicyOptions {
        strict: case.get("strict") == Some(&json!(true)),
        all_namespaces: true,
        builtins: BuiltinPolicy { allow: string_list(case.get("allow_builtins")), ..BuiltinPolicy::default() },
        ..PolicyOptions::default()
    };
    if let Some(data) = case.get("data") {
        let data_dir = tempfile::tempdir().map_err(|e| e.to_string())?.keep();
        std::fs::write(data_dir.join("data.json"), data.to_string()).map_err(|e| e.to_string())?;
        options.data_paths.push(data_dir);
    }
    let (policies, errors) = PolicySet::load(&[dir.path().to_path_buf()], options);
    let warnings = policies.warnings.iter().map(|w| w.message.clone()).collect();
    if !errors.is_empty() {
        let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        return Ok((Got::Error(messages.join(" | ")), warnings));
    }
    if case.get("tests").is_some() {
        let outcomes = run_tests(&policies)
            .results
            .into_iter()
            .map(|r| {
                let outcome = match r.outcome {
                    TestOutcome::Passed => "pass",
                    TestOutcome::Failed => "fail",
                    TestOutcome::Error(_) => "error",
                };
                (r.name, outcome.to_string())
            })
            .collect();
        return Ok((Got::Tests(outcomes), warnings));
    }
    let query = case["query"].as_str().ok_or("the case has no `query`")?;
    let got = match policies.query_rule(query, case.get("input").cloned()) {
        Ok(Some(value)) => Got::Value(value),
        Ok(None) => Got::Undefined,
        Err(e) => Got::Error(e),
    };
    Ok((got, warnings))
}

macro_rules! topics {
    ($($topic:ident),* $(,)?) => {
        $(
            #[test]
            fn $topic() {
                run_topic(stringify!($topic));
            }
        )*
    };
}

topics!(
    undefined,
    negation,
    else_keyword,
    comprehensions,
    some_every,
    with_keyword,
    partial_rules,
    builtin_errors,
    metadata,
    builtins_strings,
    builtins_collections,
    builtins_encoding,
    builtins_values,
    builtins_object_subset,
    builtins_type_errors,
    builtins_edge_cases,
    policy_tests,
    default_rules,
    functions,
    valid_rego,
    strict_mode,
);

/// The strings of a YAML list (absent: none).
fn string_list(value: Option<&Json>) -> Vec<String> {
    let items = value.and_then(Json::as_array).map(Vec::as_slice).unwrap_or_default();
    items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
}
