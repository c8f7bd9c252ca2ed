//! Running Terraform (or OpenTofu, which takes the same commands) in the configuration's
//! directory: non-interactively, its output streamed, its failures turned into messages.

use crate::signals::Interrupts;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

/// How often a running Terraform is checked on (exit, or a SIGTERM to pass on).
const POLL: Duration = Duration::from_millis(20);

/// One Terraform binary working in one directory.
#[derive(Debug, Clone)]
pub struct Terraform {
    /// `terraform`, `tofu`, or a path to either.
    pub binary: PathBuf,
    /// The root module: every command runs there.
    pub dir: PathBuf,
    /// Terraform's standard output goes to standard error, leaving standard output to a machine
    /// -readable report.
    pub stdout_to_stderr: bool,
}

/// What `terraform plan -detailed-exitcode` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planned {
    NoChanges,
    Changes,
}

impl Terraform {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .args(args)
            .current_dir(&self.dir)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .stdin(Stdio::null());
        command
    }

    fn name(&self) -> String {
        self.binary.display().to_string()
    }

    fn cannot_run(&self, err: std::io::Error) -> String {
        match err.kind() {
            std::io::ErrorKind::NotFound => format!(
                "cannot run `{}`: not found (install Terraform, or name the binary with --terraform PATH)",
                self.name()
            ),
            _ => format!("cannot run `{}`: {err}", self.name()),
        }
    }

    /// The selected workspace (`terraform workspace show`; `TF_WORKSPACE` wins, as in Terraform).
    pub fn workspace(&self) -> Result<String, String> {
        let out = self.command(&["workspace", "show"]).output().map_err(|e| self.cannot_run(e))?;
        if !out.status.success() {
            return Err(failed(&self.name(), "workspace show", out.status, &out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// `terraform plan -out=OUT -input=false -detailed-exitcode ARGS`, its output streamed.
    pub fn plan(&self, out: &Path, args: &[String], interrupts: &Interrupts) -> Result<Planned, String> {
        let out_arg = format!("-out={}", out.display());
        let mut command = self.command(&["plan", "-input=false", "-detailed-exitcode", &out_arg]);
        command.args(args);
        let status = self.streamed(command, interrupts)?;
        match status.code() {
            Some(0) => Ok(Planned::NoChanges),
            Some(2) => Ok(Planned::Changes),
            _ => Err(failed(&self.name(), "plan", status, b"")),
        }
    }

    /// `terraform show -json PLAN`: the plan as JSON, read whole.
    pub fn show_json(&self, plan: &Path) -> Result<Vec<u8>, String> {
        let plan_arg = plan.display().to_string();
        let out = self.command(&["show", "-json", &plan_arg]).output().map_err(|e| self.cannot_run(e))?;
        if !out.status.success() {
            return Err(failed(&self.name(), "show -json", out.status, &out.stderr));
        }
        Ok(out.stdout)
    }

    /// `terraform apply -input=false -auto-approve PLAN` on the saved plan (never a fresh one),
    /// its output streamed; Terraform's exit status, or `None` when a signal stopped it.
    pub fn apply(&self, plan: &Path, interrupts: &Interrupts) -> Result<Option<i32>, String> {
        let plan_arg = plan.display().to_string();
        let command = self.command(&["apply", "-input=false", "-auto-approve", &plan_arg]);
        Ok(self.streamed(command, interrupts)?.code())
    }

    /// Runs `command` with its output passed through, and waits; a SIGTERM to Tollgate is passed on.
    fn streamed(&self, mut command: Command, interrupts: &Interrupts) -> Result<ExitStatus, String> {
        if self.stdout_to_stderr {
            command.stdout(Stdio::from(std::io::stderr()));
        }
        let mut child = command.spawn().map_err(|e| self.cannot_run(e))?;
        let mut forwarded = false;
        loop {
            if let Some(status) = child.try_wait().map_err(|e| format!("waiting for `{}`: {e}", self.name()))? {
                return Ok(status);
            }
            if !forwarded && interrupts.must_forward_terminate() {
                terminate(child.id());
                forwarded = true;
            }
            std::thread::sleep(POLL);
        }
    }
}

/// Asks a child to stop, as SIGTERM asked us.
fn terminate(pid: u32) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill(2) has no memory effects; the pid is our own child, not yet reaped.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
    }
    #[cfg(not(unix))]
    let _ = pid;
}

/// "`terraform plan` failed (exit 1): <the last lines of its error output>".
fn failed(binary: &str, what: &str, status: ExitStatus, stderr: &[u8]) -> String {
    let how = match status.code() {
        Some(code) => format!("exit {code}"),
        None => "stopped by a signal".to_string(),
    };
    let detail = String::from_utf8_lossy(stderr);
    let detail = detail.trim();
    if detail.is_empty() {
        format!("`{binary} {what}` failed ({how})")
    } else {
        format!("`{binary} {what}` failed ({how}):\n{detail}")
    }
}
