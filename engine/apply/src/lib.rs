//! The gated provisioning path: `tollgate apply` applies only the exact plan that passed.
//!
//! One run ([`run`]) is: `terraform plan -out=<private temporary file>` (or a plan saved earlier
//! with its signed-off [`record`]), `terraform show -json` on it, a scan of the plan located in
//! its configuration (the pipeline's [`scan`](tollgate_pipeline::scan), with the user's
//! `tollgate.toml`, policies, budgets and quotas), and only if that passes, `terraform apply` on
//! the very plan file that was scanned, its SHA-256 checked again just before. Anything that goes
//! wrong stops the run before the apply (fail closed), and every run appends one line to the
//! [`audit`] log. [`terraform`] runs the binary, [`arguments`] builds `terraform plan`'s
//! arguments from `tollgate.toml`, [`signals`] turns Ctrl-C and SIGTERM into "nothing applied",
//! [`verdict`] sums a scan up for the record and the log.
//!
//! ```no_run
//! use tollgate_apply::{run, Hooks, Mode, Request, signals::Interrupts};
//!
//! let mut request = Request::new("infra".into(), Mode::Apply { dry_run: true });
//! request.audit_log = "infra/.tollgate/audit.jsonl".into();
//! let interrupts = Interrupts::install().expect("signal handlers");
//! let mut say = |line: &str| eprintln!("{line}");
//! let mut report = |scan: &tollgate_pipeline::Scan| {
//!     println!("{} findings", scan.report.findings.len());
//!     Ok(())
//! };
//! let mut hooks = Hooks { say: &mut say, report: &mut report, json_report: &|_| String::new() };
//! let outcome = run(request, &interrupts, &mut hooks);
//! println!("{}: {}", outcome.decision.as_str(), outcome.reason);
//! ```

pub mod arguments;
pub mod audit;
mod plan_json;
pub mod record;
pub mod signals;
pub mod terraform;
pub mod verdict;

mod steps;

pub use audit::Decision;
pub use steps::run;

use std::path::PathBuf;
use tollgate_pipeline::{Scan, ScanOptions};

/// Applied, nothing to apply, or passed (dry run, `tollgate plan`).
pub const EXIT_PASS: u8 = 0;
/// Findings at or above the gate: not applied.
pub const EXIT_BLOCKED: u8 = 1;
/// Not applied (or the apply failed): an error, a refused plan or record.
pub const EXIT_ERROR: u8 = 2;
/// Stopped by SIGINT or SIGTERM before the apply (128 + SIGINT, as shells report Ctrl-C).
pub const EXIT_INTERRUPTED: u8 = 130;

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Plan, scan, and apply that plan if it passed (`dry_run`: stop before applying).
    Apply { dry_run: bool },
    /// Gate a plan saved by `tollgate plan --out`: its record must sign it off, the scan must
    /// pass again, and the file must not change before it is applied.
    ApplySaved { plan: PathBuf, record: PathBuf, dry_run: bool },
    /// Plan and scan only; write the plan, its JSON, the JSON report and the record beside `out`.
    Plan { out: PathBuf },
}

/// One run's settings.
#[derive(Debug)]
pub struct Request {
    /// The root module's directory.
    pub dir: PathBuf,
    pub mode: Mode,
    /// `terraform` (or `tofu`, or a path).
    pub terraform: PathBuf,
    /// `terraform plan`'s arguments (see [`arguments::plan_arguments`]).
    pub plan_args: Vec<String>,
    /// The scan's options; the paths and configuration directory are set to the plan's.
    pub scan: ScanOptions,
    pub audit_log: PathBuf,
    /// The record's HMAC key ([`record::KEY_VARIABLE`]).
    pub signing_key: Option<Vec<u8>>,
    /// Terraform's standard output goes to standard error (a machine-readable report on stdout).
    pub terraform_stdout_to_stderr: bool,
}

impl Request {
    /// A request with the defaults: `terraform` from `PATH`, the audit log in
    /// `DIR/.tollgate/audit.jsonl`, default scan options.
    pub fn new(dir: PathBuf, mode: Mode) -> Request {
        Request {
            audit_log: dir.join(".tollgate").join("audit.jsonl"),
            dir,
            mode,
            terraform: PathBuf::from("terraform"),
            plan_args: Vec::new(),
            scan: ScanOptions::default(),
            signing_key: None,
            terraform_stdout_to_stderr: false,
        }
    }
}

/// How a run talks to its caller.
pub struct Hooks<'a> {
    /// Notes and progress, one line each.
    pub say: &'a mut dyn FnMut(&str),
    /// Presents the scan (its report, print() lines, cost summary), before anything is applied.
    pub report: &'a mut dyn FnMut(&Scan) -> Result<(), String>,
    /// The JSON report `tollgate plan` stores beside the plan.
    pub json_report: &'a dyn Fn(&Scan) -> String,
}

/// How a run ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub decision: Decision,
    pub reason: String,
    pub exit_code: u8,
}
