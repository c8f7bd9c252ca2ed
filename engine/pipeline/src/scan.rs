//! The scan: configuration, policies, load, every kind of rule, one report.

use crate::config::Config;
use crate::options::{ScanOptions, UnknownPolicy};
use crate::policy_settings::{self, PolicySettings};
use crate::project::{load_config, load_graph};
use crate::selection;
use std::collections::BTreeSet;
use std::path::Path;
use tollgate_evaluate::{evaluate, EvalOptions};
use tollgate_model::{Catalog, Gate, LoadError, ScanReport, Severity, SourceMap};
use tollgate_policy::{Effect, Mode, PolicyOptions, PolicyOutcome, PolicyRuleInfo, PolicySet};

/// A finished scan: the report, the sources it points into, and what the user's policies
/// printed (`print()` output, `file:line:`-prefixed as OPA prints it).
#[derive(Debug)]
pub struct Scan {
    pub report: ScanReport,
    pub sources: SourceMap,
    pub prints: Vec<String>,
    /// The configuration the scan used (report writers read display settings from it).
    pub config: Config,
    /// The cost estimate and budget checks, when `--cost` or a budget asked for them.
    pub cost: Option<crate::cost::CostOutcome>,
}

/// Runs a scan. `on_message` hears each note and warning as it arises (the CLI prints them to
/// stderr at once); they are also kept in the report's `notes`. `Err` is a scan that could not
/// run (a bad configuration, a missing path): exit 2.
pub fn scan(options: &ScanOptions, on_message: &mut dyn FnMut(&str)) -> Result<Scan, String> {
    let mut notes = Vec::new();
    let mut say = |line: String| {
        on_message(&line);
        notes.push(line);
    };
    let mut config = load_config(&options.load)?;
    let focus = crate::focus::plan(options, &mut config)?;
    let load_args = focus.as_ref().map_or(&options.load, |focus| &focus.load);
    crate::project::config_notes(load_args, &config).into_iter().for_each(&mut say);
    let settings = policy_settings::resolve(
        &options.policy,
        &config.policy,
        &config.dir.clone().unwrap_or_default(),
        Path::new("."),
    )?;
    settings.notes.iter().for_each(|note| say(format!("note: {note}")));
    crate::inputs::check_policy_paths(&settings)?;
    let rules = tollgate_rules::all();
    // The bundled catalog decides what the configuration may name before anything is compiled.
    let bundled = tollgate_rules::catalog();
    let pre_selection = selection::disabled_bundled(&config, &options.select, &bundled)?;
    // Policies first: whether any of them reads files as Conftest or Trivy do decides whether the
    // loader keeps every file's parsed documents.
    let (policies, policy_load_errors) = load_policies(&settings, &pre_selection, &options.load.paths);
    for warning in &policies.warnings {
        say(format!("warning: {}:{}:{}: {}", warning.file, warning.line, warning.column, warning.message));
    }
    let policy_rules = policies.rule_ids();
    let catalog =
        Catalog::new(bundled.rules().iter().cloned().chain(policy_rules.iter().map(PolicyRuleInfo::descriptor)));
    // The configuration is checked before the (long) load, so a typo fails at once.
    let eval = selection::eval_options(&config, &options.select, &catalog)?;
    let gate = gate(options, &config, &settings, &policy_rules)?;
    let ignores = crate::ignores::compile(&config, &catalog)?;
    let baseline = crate::baseline::for_scan(options, &config)?;
    let cost_plan = crate::cost::plan(options, &config)?;
    cost_plan.iter().flat_map(|plan| plan.notes()).for_each(&mut say);
    let reads_files = policies.rules.iter().any(|rule| rule.mode != Mode::Resource);
    let loaded = load_graph(load_args, &config, reads_files, settings.parser)?;
    if !options.allow_empty {
        crate::inputs::check_not_empty(load_args, &loaded)?;
    }

    let mut findings = evaluate(&loaded.graph, &rules, &eval);
    let PolicyOutcome { findings: policy_findings, errors: policy_errors, exceptions, prints, notes: policy_notes } =
        tollgate_policy::evaluate(&loaded.graph, &policies);
    for note in policies.notes.iter().chain(&policy_notes) {
        say(format!("note: {}", located(note)));
    }
    let mut errors = loaded.errors;
    errors.extend(policy_load_errors);
    errors.extend(policy_errors);
    let builtin = tollgate_rules::load_error_findings(&errors)
        .into_iter()
        .chain(tollgate_rules::notice_findings(&loaded.notices, loaded.graph.sources()));
    let (cost, cost_findings) = match &cost_plan {
        Some(plan) => plan.run(&loaded.graph, options, &config).map(|(outcome, found)| (Some(outcome), found))?,
        None => (None, Vec::new()),
    };
    let builtin = builtin.chain(cost_findings);
    findings.extend(policy_findings.into_iter().chain(builtin).filter_map(|f| eval.configure(f)));
    crate::suppressions::apply(&mut findings, &loaded.graph, &catalog, &eval, &config, &options.suppress);
    // After in-source suppressions: one next to the code wins over the configuration's.
    ignores.apply(&mut findings).into_iter().for_each(&mut say);
    let mut report = ScanReport {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        findings,
        errors,
        skipped: loaded.skipped,
        files_scanned: loaded.files_scanned,
        resources: loaded.graph.len(),
        gate,
        exceptions: exceptions.len(),
        catalog,
        notes,
        baseline: None,
    };
    if let Some(focus) = &focus {
        focus.retain(&mut report, loaded.graph.sources());
    }
    report.normalize();
    // Suppressed findings are settled before the baseline: it hides only unsuppressed ones.
    let sources = loaded.graph.sources().clone();
    // A focused scan reads neighbour files for context only: their baseline entries are not fixed.
    let files = sources.iter().map(|(_, file)| file.path.as_str());
    let files = files.filter(|file| focus.as_ref().is_none_or(|focus| focus.is_named(file))).collect();
    let scope = crate::baseline::Scope { rules: &eval, files };
    report.baseline = baseline.map(|baseline| baseline.apply(&mut report.findings, &scope));
    Ok(Scan { report, sources, prints, config, cost })
}

/// A policy note or load error as one line: `file:line: message`.
pub fn located(note: &LoadError) -> String {
    if note.file.is_empty() {
        note.message.clone()
    } else {
        format!("{}:{}: {}", note.file, note.line, note.message)
    }
}

/// The gate: flags win over `tollgate.toml`.
fn gate(
    options: &ScanOptions,
    config: &Config,
    settings: &PolicySettings,
    policy_rules: &[PolicyRuleInfo],
) -> Result<Gate, String> {
    let fail_on: Severity = match &options.fail_on {
        Some(s) => s.parse()?,
        None => config.fail_on()?.unwrap_or(Severity::High),
    };
    let unknown = options.unknown.or(config.unknown).unwrap_or(UnknownPolicy::Report);
    let fail_at_any_severity = if settings.fail_on_warn { warn_rule_ids(policy_rules) } else { BTreeSet::new() };
    Ok(Gate { fail_on, unknown_fails: unknown == UnknownPolicy::Fail, fail_at_any_severity })
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

/// The bundled Rego rules (except those disabled: they are not even compiled) and the user's
/// policies, compiled once.
fn load_policies(
    settings: &PolicySettings,
    disabled: &EvalOptions,
    scan_roots: &[std::path::PathBuf],
) -> (PolicySet, Vec<LoadError>) {
    let bundled: Vec<(String, String)> = tollgate_rules::policies()
        .into_iter()
        .filter(|policy| !disabled.is_disabled(policy.id))
        .map(|policy| (policy.path, policy.source.to_string()))
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
