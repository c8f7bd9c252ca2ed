//! `tollgate apply` and `tollgate plan`: the gated provisioning path (`tollgate-apply`), its
//! report written like a scan's.

use crate::cli::{ApplyArgs, GateArgs, PlanArgs, ReportFormat};
use crate::output::Destination;
use std::path::PathBuf;
use tollgate_apply::arguments::{plan_arguments, PlanInputs};
use tollgate_apply::record::{record_path, KEY_VARIABLE};
use tollgate_apply::signals::Interrupts;
use tollgate_apply::{Hooks, Mode, Request};
use tollgate_pipeline::Scan;

pub fn apply(args: ApplyArgs) -> Result<u8, String> {
    let dry_run = args.dry_run;
    let mode = match args.plan {
        Some(plan) => Mode::ApplySaved { record: args.record.unwrap_or_else(|| record_path(&plan)), plan, dry_run },
        None => Mode::Apply { dry_run },
    };
    run(args.gate, mode)
}

pub fn plan(args: PlanArgs) -> Result<u8, String> {
    run(args.gate, Mode::Plan { out: args.out })
}

fn run(gate: GateArgs, mode: Mode) -> Result<u8, String> {
    crate::output::check_targets(&gate.report.outputs)?;
    let dir = the_directory(&gate)?;
    let config = tollgate_pipeline::config::load(&gate.report.scan.load.config, &dir)?;
    let inputs = PlanInputs {
        environment: gate.environment.clone(),
        var_files: gate.report.scan.load.var_files.clone(),
        vars: gate.report.scan.load.vars.clone(),
        extra: gate.terraform_args.clone(),
    };
    let mut request = Request::new(dir.clone(), mode);
    request.plan_args = plan_arguments(&config, &dir, &inputs)?;
    request.terraform = gate.terraform.clone();
    request.scan = gate.report.scan.clone();
    // The scan of the temporary plan uses the configuration found from DIR.
    if let Some(file) = config.file.clone().filter(|_| request.scan.load.config.is_empty()) {
        request.scan.load.config = vec![file];
    }
    if let Some(log) = &gate.audit_log {
        request.audit_log = log.clone();
    }
    request.signing_key = std::env::var(KEY_VARIABLE).ok().filter(|key| !key.is_empty()).map(String::into_bytes);
    request.terraform_stdout_to_stderr = !report_is_text(&gate);
    let interrupts = Interrupts::install()?;
    let mut say = |line: &str| eprintln!("{line}");
    let mut report = |scan: &Scan| crate::scan::present(scan, &gate.report);
    let json_report = |scan: &Scan| {
        let cost = scan.cost.as_ref().map(|cost| cost.to_json(&scan.sources));
        tollgate_reports::render_json_with_cost(&scan.report, cost.as_ref())
    };
    let mut hooks = Hooks { say: &mut say, report: &mut report, json_report: &json_report };
    let outcome = tollgate_apply::run(request, &interrupts, &mut hooks);
    eprintln!("tollgate: {}: {}", outcome.decision.as_str(), outcome.reason);
    Ok(outcome.exit_code)
}

/// The one directory named (default `.`); the scan's options that make no sense for a plan are
/// refused rather than ignored.
fn the_directory(gate: &GateArgs) -> Result<PathBuf, String> {
    let scan = &gate.report.scan;
    let load = &scan.load;
    let unused = [
        (load.stdin_filename.is_some(), "--stdin-filename"),
        (load.config_dir.is_some(), "--config-dir (the configuration is DIR)"),
        (load.tf_env, "--tf-env (Terraform reads TF_VAR_ itself)"),
        (load.allow_outside_root, "--allow-outside-root"),
        (scan.only_files, "--only-files"),
    ];
    if let Some((_, flag)) = unused.iter().find(|(set, _)| *set) {
        return Err(format!("{flag} does not apply to a plan made by Terraform"));
    }
    match load.paths.as_slice() {
        [dir] if dir.as_os_str() != "-" => Ok(dir.clone()),
        _ => Err("give one directory: the root module to plan".to_string()),
    }
}

/// Whether the report on standard output is the text report (Terraform's output may then share
/// standard output; otherwise it goes to standard error).
fn report_is_text(gate: &GateArgs) -> bool {
    let report = &gate.report;
    let stdout =
        report.outputs.iter().find(|t| t.destination == Destination::Stdout).map_or(report.format, |t| t.format);
    stdout == ReportFormat::Text
}
