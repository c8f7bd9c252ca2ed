//! `tollgate scan`.

use crate::cli::{ScanArgs, UnknownPolicy};
use crate::policy_settings::{self, PolicySettings};
use crate::project::{load_config, load_graph};
use crate::{EXIT_FINDINGS, EXIT_PASS};
use std::collections::BTreeSet;
use std::path::Path;
use tollgate_evaluate::{evaluate, notice_findings, parse_error_findings};
use tollgate_model::finding::sort_findings;
use tollgate_model::Severity;
use tollgate_policy::{Effect, Mode, PolicyOptions, PolicyOutcome, PolicyRuleInfo, PolicySet};
use tollgate_reports::{gate_passed, ScanReport};

pub fn run(args: &ScanArgs) -> Result<u8, String> {
    let config = load_config(&args.load)?;
    let settings = policy_settings::resolve(
        &args.policy,
        &config.policy,
        &config.dir.clone().unwrap_or_default(),
        Path::new("."),
    )?;
    for note in &settings.notes {
        eprintln!("note: {note}");
    }
    crate::inputs::check_policy_paths(&settings)?;
    let rules = tollgate_rules::all();
    // Policies first: whether any of them reads files as Conftest or Trivy do decides whether the
    // loader keeps every file's parsed documents.
    let disabled_by_config: BTreeSet<&str> = config.disable.iter().map(String::as_str).collect();
    let (policies, policy_load_errors) = load_policies(&settings, &rules, &disabled_by_config, &args.load.paths);
    crate::policy_cmd::print_warnings(&policies);
    // The configuration is checked before the (long) load, so a typo fails at once.
    let policy_rules = policies.rule_ids();
    let policy_names: BTreeSet<String> =
        policy_rules.iter().flat_map(|info| [info.id.clone(), info.slug.clone()]).collect();
    let options = config.eval_options(&rules, &policy_names)?;
    let fail_on: Severity = match &args.fail_on {
        Some(s) => s.parse()?,
        None => config.fail_on()?.unwrap_or(Severity::High),
    };
    let min_severity = match &args.display.min_severity {
        Some(s) => s.parse()?,
        None => config.min_severity()?.unwrap_or(Severity::Info),
    };
    let unknown = args.unknown.or(config.unknown).unwrap_or(UnknownPolicy::Report);
    let reads_files = policies.rules.iter().any(|rule| rule.mode != Mode::Resource);
    let loaded = load_graph(&args.load, &config, reads_files, settings.parser)?;
    if !args.allow_empty {
        crate::inputs::check_not_empty(&args.load, &loaded)?;
    }

    let mut findings = evaluate(&loaded.graph, &rules, &options);
    let mut errors = loaded.errors;
    let PolicyOutcome { findings: policy_findings, errors: policy_errors, exceptions, prints, notes } =
        tollgate_policy::evaluate(&loaded.graph, &policies);
    for note in policies.notes.iter().chain(&notes) {
        eprintln!("note: {}", crate::policy_cmd::located(note));
    }
    // print() in a policy writes to stderr with its `file:line:` prefix, as OPA's does; stdout
    // keeps the report alone.
    for line in &prints {
        eprintln!("{line}");
    }
    findings.extend(policy_findings.into_iter().filter_map(|f| options.configure(f)));
    errors.extend(policy_load_errors);
    errors.extend(policy_errors);
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
        exceptions: exceptions.len(),
        fail_at_any_severity: if settings.fail_on_warn { warn_rule_ids(&policy_rules) } else { BTreeSet::new() },
    };
    crate::output::emit(&report, loaded.graph.sources(), args, min_severity)?;
    Ok(if gate_passed(&report) { EXIT_PASS } else { EXIT_FINDINGS })
}

/// What the engine is told of the resolved settings.
pub fn policy_options(settings: &PolicySettings) -> PolicyOptions {
    PolicyOptions {
        namespaces: settings.namespaces.clone(),
        all_namespaces: settings.all_namespaces,
        data_paths: settings.data.clone(),
        combine: settings.combine,
        rego_v0: settings.rego_v0,
        strict: settings.strict,
        builtins: settings.builtins.clone(),
        ..PolicyOptions::default()
    }
}

/// The bundled Rego rules (except those `tollgate.toml` disables: they are not even compiled)
/// and the user's policies, compiled once.
fn load_policies(
    settings: &PolicySettings,
    rules: &[tollgate_evaluate::RuleDef],
    disabled: &BTreeSet<&str>,
    scan_roots: &[std::path::PathBuf],
) -> (PolicySet, Vec<tollgate_model::LoadError>) {
    let enabled = |id: &str| {
        let slug = rules.iter().find(|r| r.meta.id == id).map(|r| r.meta.slug).unwrap_or(id);
        !disabled.contains(id) && !disabled.contains(slug)
    };
    let bundled: Vec<(String, String)> = tollgate_rules::policies()
        .into_iter()
        .filter(|policy| enabled(policy.id))
        .map(|policy| (policy.path.to_string(), policy.source.to_string()))
        .collect();
    // parse_config_file may read the scanned files too (not standard input, `-`).
    let readable_dirs = scan_roots.iter().filter(|root| root.as_os_str() != "-").cloned().collect();
    let options = PolicyOptions { readable_dirs, ..policy_options(settings) };
    PolicySet::load_with_sources(bundled, &settings.dirs, options)
}

/// The ids of the user's `warn` rules, which `--fail-on-warn` makes fail the gate whatever
/// their severity.
fn warn_rule_ids(policy_rules: &[PolicyRuleInfo]) -> BTreeSet<String> {
    policy_rules
        .iter()
        .filter(|info| info.mode != Mode::Resource && info.effect == Effect::Warn)
        .map(|info| info.id.clone())
        .collect()
}
