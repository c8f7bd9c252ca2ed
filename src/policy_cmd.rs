//! `tollgate policy test`: the `test_*` rules of Rego policies, like `opa test` and
//! `conftest verify`.

use crate::cli::{Format, PolicyArgs, PolicyCommand, PolicyTestArgs};
use crate::config;
use crate::policy_settings::{self, PolicySettings};
use crate::{EXIT_FINDINGS, EXIT_PASS};
use std::path::Path;
use tollgate_policy::{PolicySet, TestOutcome, TestResult};

pub fn run(cmd: &PolicyCommand) -> Result<u8, String> {
    match cmd {
        PolicyCommand::Test(args) => test(args),
    }
}

fn test(args: &PolicyTestArgs) -> Result<u8, String> {
    let working_dir = Path::new(".");
    let config = config::load(args.config.as_deref(), working_dir)?;
    let flags = PolicyArgs {
        policies: args.dirs.clone(),
        data: args.data.clone(),
        rego_version: args.rego_version,
        capabilities: args.capabilities.clone(),
        ..PolicyArgs::default()
    };
    let settings =
        policy_settings::resolve(&flags, &config.policy, &config.dir.clone().unwrap_or_default(), working_dir)?;
    for note in &settings.notes {
        eprintln!("note: {note}");
    }
    if settings.dirs.is_empty() {
        return Err("no policies to test: name a directory (`tollgate policy test policy/`) or create `policy/`".into());
    }
    let (policies, errors) = PolicySet::load(&settings.dirs, crate::scan::policy_options(&settings));
    let mut results = tollgate_policy::run_tests(&policies).results;
    if let Some(filter) = &args.run {
        results.retain(|r| format!("{}.{}", r.package, r.name).contains(filter.as_str()));
    }
    let failed = results.iter().filter(|r| !matches!(r.outcome, TestOutcome::Passed)).count();
    let output = match args.format {
        Format::Text => render_text(&results, &errors, &settings),
        Format::Json => render_json(&results, &errors),
    };
    print!("{output}");
    Ok(if failed == 0 && errors.is_empty() && !results.is_empty() { EXIT_PASS } else { EXIT_FINDINGS })
}

fn render_text(results: &[TestResult], errors: &[tollgate_model::LoadError], settings: &PolicySettings) -> String {
    let mut out = String::new();
    for error in errors {
        out.push_str(&format!("ERROR {}:{}: {}\n", error.file, error.line, error.message));
    }
    for result in results {
        let (label, detail) = match &result.outcome {
            TestOutcome::Passed => ("PASS ", String::new()),
            TestOutcome::Failed => ("FAIL ", String::new()),
            TestOutcome::Error(message) => ("ERROR", format!("\n      {message}")),
        };
        out.push_str(&format!(
            "{label} {}:{} {}.{} ({:.1} ms){detail}\n",
            result.file,
            result.line,
            result.package,
            result.name,
            result.duration.as_secs_f64() * 1000.0
        ));
    }
    let count = |wanted: fn(&TestOutcome) -> bool| results.iter().filter(|r| wanted(&r.outcome)).count();
    let passed = count(|o| matches!(o, TestOutcome::Passed));
    let failed = count(|o| matches!(o, TestOutcome::Failed));
    let errored = count(|o| matches!(o, TestOutcome::Error(_)));
    if results.is_empty() {
        let dirs: Vec<String> = settings.dirs.iter().map(|d| d.display().to_string()).collect();
        out.push_str(&format!("no test_* rules found in {}\n", dirs.join(", ")));
    }
    out.push_str(&format!(
        "{} tests, {passed} passed, {failed} failed, {errored} errors{}\n",
        results.len(),
        if errors.is_empty() { String::new() } else { format!(", {} policy files not loaded", errors.len()) }
    ));
    out
}

fn render_json(results: &[TestResult], errors: &[tollgate_model::LoadError]) -> String {
    let tests: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let (outcome, message) = match &r.outcome {
                TestOutcome::Passed => ("pass", None),
                TestOutcome::Failed => ("fail", None),
                TestOutcome::Error(message) => ("error", Some(message.clone())),
            };
            serde_json::json!({
                "package": r.package, "name": r.name, "file": r.file, "line": r.line,
                "outcome": outcome, "message": message,
                "duration_ms": (r.duration.as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
            })
        })
        .collect();
    let errors: Vec<serde_json::Value> =
        errors.iter().map(|e| serde_json::json!({"file": e.file, "line": e.line, "message": e.message})).collect();
    let mut text =
        serde_json::to_string_pretty(&serde_json::json!({"tests": tests, "errors": errors})).unwrap_or_default();
    text.push('\n');
    text
}
