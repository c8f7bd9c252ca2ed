//! One run, step by step. Each step either hands the next what it needs or stops the run with a
//! [`Decision`]; whatever happens, the run ends with one audit line and the temporary plan gone.

use crate::audit::{self, AuditEntry, Decision};
use crate::record::{record_path, sha256_hex, with_suffix, PlanRecord, RECORD_VERSION};
use crate::signals::Interrupts;
use crate::terraform::{Planned, Terraform};
use crate::verdict::{ScanSummary, Verdict};
use crate::{Hooks, Mode, Outcome, Request, EXIT_BLOCKED, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_PASS};
use std::path::{Path, PathBuf};
use tollgate_pipeline::Scan;

/// Why a run stopped early.
struct Stop {
    decision: Decision,
    reason: String,
}

fn error(reason: impl Into<String>) -> Stop {
    Stop { decision: Decision::Error, reason: reason.into() }
}

fn refused(reason: impl Into<String>) -> Stop {
    Stop { decision: Decision::Refused, reason: reason.into() }
}

/// What the run has learned so far, for the audit line.
#[derive(Default)]
struct Facts {
    workspace: Option<String>,
    plan_sha256: Option<String>,
    scan: Option<ScanSummary>,
    terraform_exit_code: Option<i32>,
}

/// Runs `request` to its decision, appends the audit line, and says how it ended.
pub fn run(request: Request, interrupts: &Interrupts, hooks: &mut Hooks) -> Outcome {
    let mut facts = Facts::default();
    let mut steps = Run { request: &request, interrupts, facts: &mut facts };
    let (decision, reason) = match steps.steps(hooks) {
        Ok(done) => done,
        Err(stop) => (stop.decision, stop.reason),
    };
    let mut exit_code = exit_code(decision);
    let entry = audit_entry(&request, &facts, decision, &reason);
    if let Err(message) = audit::append(&request.audit_log, &entry) {
        (hooks.say)(&format!("error: {message}"));
        exit_code = exit_code.max(EXIT_ERROR);
    }
    Outcome { decision, reason, exit_code }
}

fn exit_code(decision: Decision) -> u8 {
    match decision {
        Decision::Applied | Decision::NoChanges | Decision::Passed => EXIT_PASS,
        Decision::Blocked => EXIT_BLOCKED,
        Decision::Interrupted => EXIT_INTERRUPTED,
        Decision::ApplyFailed | Decision::Refused | Decision::Error => EXIT_ERROR,
    }
}

fn audit_entry(request: &Request, facts: &Facts, decision: Decision, reason: &str) -> AuditEntry {
    let directory = std::path::absolute(&request.dir).unwrap_or_else(|_| request.dir.clone());
    let plan_file = match &request.mode {
        Mode::Apply { .. } => None,
        Mode::ApplySaved { plan, .. } => Some(plan.display().to_string()),
        Mode::Plan { out } => Some(out.display().to_string()),
    };
    AuditEntry {
        time: audit::now_rfc3339(),
        command: if matches!(request.mode, Mode::Plan { .. }) { "plan" } else { "apply" }.to_string(),
        directory: directory.display().to_string(),
        workspace: facts.workspace.clone(),
        plan_file,
        plan_sha256: facts.plan_sha256.clone(),
        decision,
        reason: reason.to_string(),
        scan: facts.scan.clone(),
        terraform_exit_code: facts.terraform_exit_code,
        dry_run: matches!(request.mode, Mode::Apply { dry_run: true } | Mode::ApplySaved { dry_run: true, .. }),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The plan being gated: its bytes (hashed once) and its private copy that Terraform reads.
struct Plan {
    bytes: Vec<u8>,
    sha256: String,
    /// In the run's private temporary directory.
    file: PathBuf,
}

struct Run<'a> {
    request: &'a Request,
    interrupts: &'a Interrupts,
    facts: &'a mut Facts,
}

impl Run<'_> {
    fn steps(&mut self, hooks: &mut Hooks) -> Result<(Decision, String), Stop> {
        if !self.request.dir.is_dir() {
            return Err(error(format!("`{}` is not a directory", self.request.dir.display())));
        }
        audit::check_writable(&self.request.audit_log).map_err(error)?;
        if let Mode::Plan { out } = &self.request.mode {
            remove_stale(&record_path(out))?;
        }
        let terraform = self.terraform();
        self.facts.workspace = Some(terraform.workspace().map_err(error)?);
        // 0700: the plan may hold secrets, and nobody else may swap it before the apply.
        let private = tempfile::Builder::new()
            .prefix("tollgate-plan-")
            .tempdir()
            .map_err(|e| error(format!("cannot create a private temporary directory: {e}")))?;
        let plan_file = private.path().join("plan.tfplan");
        let Some(plan) = self.obtain_plan(&terraform, plan_file, hooks)? else {
            return Ok((Decision::NoChanges, "the plan changes nothing: nothing to apply".to_string()));
        };
        self.check_interrupt()?;
        let json = terraform.show_json(&plan.file).map_err(error)?;
        let changes = crate::plan_json::has_changes(&json).map_err(error)?;
        if !changes && !matches!(self.request.mode, Mode::Plan { .. }) {
            return Ok((Decision::NoChanges, "the plan changes nothing: nothing to apply".to_string()));
        }
        self.check_interrupt()?;
        let scan = self.scan(&json, hooks)?;
        let summary = ScanSummary::of(&scan);
        self.facts.scan = Some(summary.clone());
        self.check_interrupt()?;
        if let Mode::Plan { out } = &self.request.mode {
            let report = (hooks.json_report)(&scan);
            return self.store(out, &plan, &json, &report, &summary, changes);
        }
        judge(&summary)?;
        if matches!(self.request.mode, Mode::Apply { dry_run: true } | Mode::ApplySaved { dry_run: true, .. }) {
            return Ok((
                Decision::Passed,
                format!("dry run: the plan passed ({}); nothing applied", summary.describe()),
            ));
        }
        self.check_unchanged(&plan)?;
        self.check_interrupt()?;
        self.apply(&terraform, &plan)
    }

    fn terraform(&self) -> Terraform {
        Terraform {
            binary: self.request.terraform.clone(),
            dir: self.request.dir.clone(),
            stdout_to_stderr: self.request.terraform_stdout_to_stderr,
        }
    }

    fn check_interrupt(&self) -> Result<(), Stop> {
        match self.interrupts.received() {
            Some(signal) => Err(Stop {
                decision: Decision::Interrupted,
                reason: format!("{signal} received before the apply: nothing applied"),
            }),
            None => Ok(()),
        }
    }

    /// A fresh plan (`None` when Terraform says it changes nothing and nothing is to be stored),
    /// or the saved plan once its record signs it off.
    fn obtain_plan(&mut self, terraform: &Terraform, file: PathBuf, hooks: &mut Hooks) -> Result<Option<Plan>, Stop> {
        let plan = match &self.request.mode {
            Mode::ApplySaved { plan, record, .. } => self.saved_plan(plan, record, file)?,
            Mode::Apply { .. } | Mode::Plan { .. } => {
                (hooks.say)(&format!("tollgate: planning in {}", self.request.dir.display()));
                let planned = terraform.plan(&file, &self.request.plan_args, self.interrupts);
                self.check_interrupt()?;
                if planned.map_err(error)? == Planned::NoChanges && matches!(self.request.mode, Mode::Apply { .. }) {
                    return Ok(None);
                }
                let bytes =
                    std::fs::read(&file).map_err(|e| error(format!("cannot read the plan Terraform wrote: {e}")))?;
                Plan { sha256: sha256_hex(&bytes), bytes, file }
            }
        };
        self.facts.plan_sha256 = Some(plan.sha256.clone());
        Ok(Some(plan))
    }

    /// Reads the saved plan once, checks its record against those bytes, and copies them into
    /// the private directory: what is scanned and applied is exactly what was hashed.
    fn saved_plan(&mut self, path: &Path, record: &Path, file: PathBuf) -> Result<Plan, Stop> {
        let bytes =
            std::fs::read(path).map_err(|e| error(format!("cannot read the plan `{}`: {e}", path.display())))?;
        let sha256 = sha256_hex(&bytes);
        self.facts.plan_sha256 = Some(sha256.clone());
        let record = PlanRecord::read(record).map_err(refused)?;
        let workspace = self.facts.workspace.clone().unwrap_or_default();
        let objections = record.objections(&sha256, &workspace, self.request.signing_key.as_deref());
        if !objections.is_empty() {
            return Err(refused(format!("the plan `{}` is refused: {}", path.display(), objections.join("; "))));
        }
        std::fs::write(&file, &bytes).map_err(|e| error(format!("cannot copy the plan: {e}")))?;
        Ok(Plan { bytes, sha256, file })
    }

    /// Scans the plan JSON, located in the configuration in `dir`, and prints the report. The
    /// JSON (secrets in clear text) stays in memory; findings that name no resource point at
    /// `FILE.json` of `tollgate plan --out FILE`, else at `<plan of DIR>`.
    fn scan(&self, json: &[u8], hooks: &mut Hooks) -> Result<Scan, Stop> {
        let mut options = self.request.scan.clone();
        options.load.paths = vec![PathBuf::from("-")];
        options.load.stdin_bytes = Some(json.to_vec());
        options.load.stdin_filename = Some(match &self.request.mode {
            Mode::Plan { out } => with_suffix(out, ".json").display().to_string(),
            _ => format!("<plan of {}>", self.request.dir.display()),
        });
        options.load.config_dir = Some(self.request.dir.clone());
        // Terraform has evaluated the variables: the plan holds their values.
        options.load.var_files.clear();
        options.load.vars.clear();
        // A plan that only destroys has nothing to check, and is still a plan.
        options.allow_empty = true;
        let scan = tollgate_pipeline::scan(&options, &mut |note| (hooks.say)(note)).map_err(error)?;
        (hooks.report)(&scan).map_err(error)?;
        Ok(scan)
    }

    /// `tollgate plan`: the plan, its JSON, the report and the record, each written whole.
    fn store(
        &self,
        out: &Path,
        plan: &Plan,
        json: &[u8],
        report: &str,
        summary: &ScanSummary,
        changes: bool,
    ) -> Result<(Decision, String), Stop> {
        write_whole(out, &plan.bytes)?;
        write_whole(&with_suffix(out, ".json"), json)?;
        write_whole(&with_suffix(out, ".report.json"), report.as_bytes())?;
        let mut record = PlanRecord {
            record_version: RECORD_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            created: audit::now_rfc3339(),
            workspace: self.facts.workspace.clone().unwrap_or_default(),
            plan_file: out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            plan_sha256: plan.sha256.clone(),
            changes,
            scan: summary.clone(),
            signature: None,
        };
        if let Some(key) = &self.request.signing_key {
            record.sign(key);
        }
        let text = serde_json::to_string_pretty(&record).map_err(|e| error(format!("cannot write the record: {e}")))?;
        let record_file = record_path(out);
        write_whole(&record_file, format!("{text}\n").as_bytes())?;
        let verdict = if summary.verdict == Verdict::Pass { "passed" } else { "failed" };
        let reason = format!(
            "the plan {verdict} ({}); plan, JSON, report and record written beside `{}` (record `{}`)",
            summary.describe(),
            out.display(),
            record_file.display()
        );
        Ok((if summary.verdict == Verdict::Pass { Decision::Passed } else { Decision::Blocked }, reason))
    }

    /// The saved plan file (or the private copy of a fresh one) still has the scanned bytes.
    fn check_unchanged(&self, plan: &Plan) -> Result<(), Stop> {
        let (path, what) = match &self.request.mode {
            Mode::ApplySaved { plan, .. } => (plan.clone(), "the plan"),
            _ => (plan.file.clone(), "the temporary plan"),
        };
        let now = std::fs::read(&path)
            .map_err(|e| refused(format!("{what} `{}` cannot be read again before the apply: {e}", path.display())))?;
        let sha256 = sha256_hex(&now);
        if sha256 != plan.sha256 {
            return Err(refused(format!(
                "{what} `{}` changed after it was scanned (SHA-256 {} then, {sha256} now): nothing applied",
                path.display(),
                plan.sha256
            )));
        }
        Ok(())
    }

    fn apply(&mut self, terraform: &Terraform, plan: &Plan) -> Result<(Decision, String), Stop> {
        let code = terraform.apply(&plan.file, self.interrupts).map_err(error)?;
        self.facts.terraform_exit_code = code;
        match code {
            Some(0) => Ok((Decision::Applied, format!("the plan passed and was applied (SHA-256 {})", plan.sha256))),
            Some(code) => Err(Stop {
                decision: Decision::ApplyFailed,
                reason: format!("`terraform apply` of the scanned plan failed (exit {code})"),
            }),
            None => Err(Stop {
                decision: Decision::ApplyFailed,
                reason: "`terraform apply` of the scanned plan was stopped by a signal".to_string(),
            }),
        }
    }
}

/// A failing verdict stops the run: an error when a file or policy could not be read (the plan
/// was not fully judged, whatever else was found), else blocked by findings.
fn judge(summary: &ScanSummary) -> Result<(), Stop> {
    if summary.errors > 0 {
        return Err(error(format!(
            "the scan could not read everything ({}): nothing is applied on a partial reading",
            summary.describe()
        )));
    }
    if summary.verdict == Verdict::Pass {
        return Ok(());
    }
    Err(Stop { decision: Decision::Blocked, reason: format!("the plan failed the gate ({})", summary.describe()) })
}

/// A record left from an earlier run must not outlive a run that fails before writing its own.
fn remove_stale(path: &Path) -> Result<(), Stop> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(error(format!("cannot remove the earlier record `{}`: {e}", path.display()))),
    }
}

/// Writes one of `tollgate plan`'s files whole or not at all, for the owner only (the plan
/// and its JSON hold secrets in clear text).
fn write_whole(path: &Path, contents: &[u8]) -> Result<(), Stop> {
    tollgate_pipeline::write::write_whole(path, contents, tollgate_pipeline::write::Access::Private)
        .map_err(|e| error(format!("cannot write `{}`: {e}", path.display())))
}
