//! `tollgate policy test`: the `test_*` rules of Rego policies, like `opa test` and
//! `conftest verify`.

use crate::cli::{Format, PolicyArgs, PolicyCommand, PolicyTestArgs};
use crate::{EXIT_FINDINGS, EXIT_PASS};
use std::path::Path;
use tollgate_pipeline::config;
use tollgate_pipeline::located;
use tollgate_pipeline::policy_settings::{self, PolicySettings};
use tollgate_policy::{PolicyFiles, PolicySet, TestOutcome, TestResult};

pub fn run(cmd: &PolicyCommand) -> Result<u8, String> {
    match cmd {
        PolicyCommand::Test(args) => test(args),
    }
}

fn test(args: &PolicyTestArgs) -> Result<u8, String> {
    let working_dir = Path::new(".");
    let config = config::load(&args.config, working_dir)?;
    let flags = PolicyArgs {
        policies: args.dirs.clone(),
        data: args.data.clone(),
        rego_version: args.rego_version,
        strict: args.strict,
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
    let (policies, errors) = PolicySet::load(&settings.dirs, tollgate_pipeline::policy_options(&settings));
    print_warnings(&policies);
    let run = tollgate_policy::run_tests(&policies);
    let mut results = run.results;
    let notes: Vec<_> = policies.notes.iter().chain(&run.notes).cloned().collect();
    if let Some(filter) = &args.run {
        results.retain(|r| format!("{}.{}", r.package, r.name).contains(filter.as_str()));
    }
    let failed = results.iter().filter(|r| !matches!(r.outcome, TestOutcome::Passed)).count();
    let output = match args.format {
        Format::Text => render_text(&results, &errors, &notes, policies.files, &settings),
        Format::Json => render_json(&results, &errors, &notes, policies.files),
    };
    print!("{output}");
    Ok(if failed == 0 && errors.is_empty() && !results.is_empty() { EXIT_PASS } else { EXIT_FINDINGS })
}

/// The load-time warnings of the user's policies, on stderr (they do not change any result).
fn print_warnings(policies: &PolicySet) {
    for warning in &policies.warnings {
        eprintln!("warning: {}:{}:{}: {}", warning.file, warning.line, warning.column, warning.message);
    }
}

fn render_text(
    results: &[TestResult],
    errors: &[tollgate_model::LoadError],
    notes: &[tollgate_model::LoadError],
    files: PolicyFiles,
    settings: &PolicySettings,
) -> String {
    let mut out = String::new();
    for error in errors {
        out.push_str(&format!("ERROR {}:{}: {}\n", error.file, error.line, error.message));
    }
    for note in notes {
        out.push_str(&format!("NOTE  {}\n", located(note)));
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
        // print() output under its test, each line `file:line: text` as `opa test -v` shows it.
        for line in &result.prints {
            out.push_str(&format!("      {line}\n"));
        }
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
        "{} tests, {passed} passed, {failed} failed, {errored} errors; {} loaded, {} failed\n",
        results.len(),
        policy_files(files.loaded),
        files.failed
    ));
    out
}

/// `1 policy file`, `3 policy files`.
fn policy_files(count: usize) -> String {
    format!("{count} policy file{}", if count == 1 { "" } else { "s" })
}

fn render_json(
    results: &[TestResult],
    errors: &[tollgate_model::LoadError],
    notes: &[tollgate_model::LoadError],
    files: PolicyFiles,
) -> String {
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
                "outcome": outcome, "message": message, "prints": r.prints,
                "duration_ms": (r.duration.as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
            })
        })
        .collect();
    let entry =
        |e: &tollgate_model::LoadError| serde_json::json!({"file": e.file, "line": e.line, "message": e.message});
    let errors: Vec<serde_json::Value> = errors.iter().map(entry).collect();
    let notes: Vec<serde_json::Value> = notes.iter().map(entry).collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "tests": tests, "errors": errors, "notes": notes, "files": {"loaded": files.loaded, "failed": files.failed},
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}
