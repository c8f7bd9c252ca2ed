//! `tollgate scan`.

use crate::cli::{ColorChoice, Format, ScanArgs, UnknownPolicy};
use crate::policy_settings::PolicySettings;
use crate::project::{load_project, Project};
use crate::{EXIT_FINDINGS, EXIT_PASS};
use std::io::{IsTerminal, Write};
use std::path::Path;
use tollgate_evaluate::{evaluate, notice_findings, parse_error_findings};
use tollgate_model::finding::sort_findings;
use tollgate_model::{Graph, Severity};
use tollgate_policy::{PolicyOptions, PolicyOutcome, PolicySet};
use tollgate_reports::{gate_passed, render_json, render_text, ScanReport};

pub fn run(args: &ScanArgs) -> Result<u8, String> {
    let Project { config, loaded } = load_project(&args.load)?;
    let rules = tollgate_rules::all();
    let options = config.eval_options(&rules)?;
    let fail_on: Severity = match &args.fail_on {
        Some(s) => s.parse()?,
        None => config.fail_on()?.unwrap_or(Severity::High),
    };
    let unknown = args.unknown.or(config.unknown).unwrap_or(UnknownPolicy::Report);

    let mut findings = evaluate(&loaded.graph, &rules, &options);
    let mut errors = loaded.errors;
    let working_dir = Path::new(".");
    let settings = crate::policy_settings::resolve(
        &args.policy,
        &config.policy,
        &config.dir.clone().unwrap_or_default(),
        working_dir,
    )?;
    for note in &settings.notes {
        eprintln!("note: {note}");
    }
    let policy = run_policies(&settings, &loaded.graph);
    findings.extend(policy.findings.into_iter().map(|p| p.finding));
    errors.extend(policy.errors);
    errors.sort();
    findings.extend(parse_error_findings(&errors, &options));
    findings.extend(notice_findings(&loaded.notices, loaded.graph.sources(), &options));
    sort_findings(&mut findings);

    let report = ScanReport {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        findings,
        errors,
        skipped: loaded.skipped,
        files_scanned: loaded.files_scanned,
        resources: loaded.graph.len(),
        fail_on,
        unknown_fails: unknown == UnknownPolicy::Fail,
    };
    let output = match args.format {
        Format::Json => render_json(&report),
        Format::Text => render_text(&report, loaded.graph.sources(), use_color(args.color)),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`tollgate scan | head`) is not a scan failure.
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();
    Ok(if gate_passed(&report) { EXIT_PASS } else { EXIT_FINDINGS })
}

/// The user's Rego policies (`--policy`, or `policy/` when it exists), compiled once and run on
/// every resource. Policy files that do not parse and rules that fail are reported as errors.
fn run_policies(settings: &PolicySettings, graph: &Graph) -> PolicyOutcome {
    if settings.dirs.is_empty() {
        return PolicyOutcome::default();
    }
    let options = PolicyOptions { namespaces: settings.namespaces.clone(), ..PolicyOptions::default() };
    let (policies, errors) = PolicySet::load(&settings.dirs, options);
    let mut outcome = tollgate_policy::evaluate(graph, &policies);
    outcome.errors.extend(errors);
    outcome
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}
