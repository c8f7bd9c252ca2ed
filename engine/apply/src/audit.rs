//! The audit trail: one JSON line per decision, appended to `.tollgate/audit.jsonl` (or
//! `--audit-log FILE`). Each line goes to the file in a single append of the whole line, synced
//! before the command exits; a line left torn by a crash in another writer (no final newline) is
//! closed first, so every complete line stays one JSON object.

use crate::verdict::ScanSummary;
use serde::Serialize;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// One decision. Fields without a value (no plan made, no scan run) are `null`.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub time: String,
    /// `apply` or `plan`.
    pub command: String,
    /// The root module's directory, absolute.
    pub directory: String,
    pub workspace: Option<String>,
    /// The plan file `apply --plan` was given, or the file `plan --out` wrote.
    pub plan_file: Option<String>,
    pub plan_sha256: Option<String>,
    pub decision: Decision,
    /// Why, in a sentence.
    pub reason: String,
    /// The scan's verdict, counts, blocking rules and cost (when it ran).
    pub scan: Option<ScanSummary>,
    /// `terraform apply`'s exit status (when it ran; `null` also when a signal stopped it).
    pub terraform_exit_code: Option<i32>,
    pub dry_run: bool,
    pub tool_version: String,
}

/// What happened to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// The plan passed and `terraform apply` succeeded.
    Applied,
    /// The plan passed; `terraform apply` ran and failed.
    ApplyFailed,
    /// Findings at or above the gate: not applied.
    Blocked,
    /// The plan passed and was not applied: `--dry-run`, or `tollgate plan` (its record says so).
    Passed,
    /// The plan changes nothing: nothing to apply.
    NoChanges,
    /// The plan or its record was not acceptable (changed, unsigned, failed, missing).
    Refused,
    /// Something could not run (Terraform, the plan, the scan): not applied.
    Error,
    /// SIGINT or SIGTERM before the apply: not applied.
    Interrupted,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Applied => "applied",
            Decision::ApplyFailed => "apply-failed",
            Decision::Blocked => "blocked",
            Decision::Passed => "passed",
            Decision::NoChanges => "no-changes",
            Decision::Refused => "refused",
            Decision::Error => "error",
            Decision::Interrupted => "interrupted",
        }
    }
}

/// Appends `entry` as one line to `path` (parent directories created).
pub fn append(path: &Path, entry: &AuditEntry) -> Result<(), String> {
    let mut line = serde_json::to_string(entry).map_err(|e| format!("cannot write the audit entry: {e}"))?;
    line.push('\n');
    let fail = |e: std::io::Error| cannot_write(path, e);
    let mut file = open(path)?;
    if ends_torn(&mut file).map_err(fail)? {
        line.insert(0, '\n');
    }
    file.write_all(line.as_bytes()).map_err(fail)?;
    file.sync_data().map_err(fail)
}

/// Fails unless the log can be appended to: a decision that cannot be recorded is not taken.
pub fn check_writable(path: &Path) -> Result<(), String> {
    open(path).map(drop)
}

/// The log opened for appending (and reading its last byte), created with its directories.
fn open(path: &Path) -> Result<std::fs::File, String> {
    let fail = |e: std::io::Error| cannot_write(path, e);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::OpenOptions::new().read(true).append(true).create(true).open(path).map_err(fail)
}

fn cannot_write(path: &Path, e: std::io::Error) -> String {
    format!("cannot write the audit log `{}`: {e}", path.display())
}

/// Whether the file's last byte is not a newline (a line cut short).
fn ends_torn(file: &mut std::fs::File) -> std::io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// Now, for `time` and `created` fields.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(decision: Decision) -> AuditEntry {
        AuditEntry {
            time: now_rfc3339(),
            command: "apply".into(),
            directory: "/repo/infra".into(),
            workspace: Some("default".into()),
            plan_file: None,
            plan_sha256: None,
            decision,
            reason: "because".into(),
            scan: None,
            terraform_exit_code: None,
            dry_run: false,
            tool_version: "0.1.0".into(),
        }
    }

    #[test]
    fn each_decision_is_one_line_and_a_torn_line_is_closed_first() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join(".tollgate/audit.jsonl");
        append(&log, &entry(Decision::Applied)).unwrap();
        // Another writer died mid-line.
        let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
        file.write_all(br#"{"time": "2026-"#).unwrap();
        append(&log, &entry(Decision::Blocked)).unwrap();
        let text = std::fs::read_to_string(&log).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        let decisions: Vec<String> = [lines[0], lines[2]]
            .iter()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["decision"].to_string())
            .collect();
        assert_eq!(decisions, ["\"applied\"", "\"blocked\""]);
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn an_unwritable_log_is_an_error_before_anything_runs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), "").unwrap();
        let under_a_file = dir.path().join("file/audit.jsonl");
        assert!(check_writable(&under_a_file).unwrap_err().contains("cannot write the audit log"));
    }
}
