//! Helpers the end-to-end tests share: running the `tollgate` binary as a user would, free of
//! the caller's `TOLLGATE_*` settings, writing the files of a test tree and reading reports.

// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The environment variables that change what `tollgate` does; removed so tests do not depend
/// on the shell they run from.
const SETTINGS: [&str; 5] =
    ["TOLLGATE_FAIL_ON", "TOLLGATE_FORMAT", "TOLLGATE_CONFIG", "TOLLGATE_UNKNOWN", "TOLLGATE_MIN_SEVERITY"];

/// A `tollgate` command run in `cwd`, without the caller's `TOLLGATE_*` settings.
pub fn command(cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tollgate"));
    command.current_dir(cwd);
    for name in SETTINGS {
        command.env_remove(name);
    }
    command
}

/// Runs `tollgate args...` in `cwd` and waits for it.
pub fn tollgate(args: &[&str], cwd: &Path) -> Output {
    command(cwd).args(args).output().expect("run tollgate")
}

/// (rule, severity, address, file:start-end) of the policy findings (category `policy`).
pub fn policy_rows(report: &serde_json::Value) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings");
    findings
        .iter()
        .filter(|f| f["category"] == "policy")
        .map(|f| {
            format!(
                "{} {} {} {}:{}-{}",
                f["rule_id"].as_str().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default(),
                f["address"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["start_line"],
                f["end_line"]
            )
        })
        .collect()
}

/// Runs `tollgate args...` in `cwd` with `input` on standard input.
pub fn piped(args: &[&str], cwd: &Path, input: &[u8]) -> Output {
    let mut child = command(cwd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tollgate");
    let mut stdin = child.stdin.take().expect("stdin");
    // Past the limit tollgate stops reading and the rest of the write fails: that is expected.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().expect("wait")
}

/// Writes `root/rel`, creating its directories.
pub fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The JSON report on stdout.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

/// A security group open to SSH from anywhere (TG101).
pub const OPEN_SSH: &str = r#"resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

/// A privileged Pod (TG201, and the other workload rules).
pub const PRIVILEGED: &str = "apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: ops
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
";

/// `git args...` in `dir` as a throwaway identity; panics when git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

/// Dummy AWS credentials for `command`, and nothing of the machine's AWS configuration (profiles,
/// files, instance metadata): the Cost Explorer stand-in is all it can reach.
pub fn dummy_aws_credentials(command: &mut Command, dir: &Path) {
    command
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
}

/// `terraform` on PATH, or `None` after a loud SKIP naming the test (on stdout and stderr, so it
/// shows with and without `--nocapture`).
pub fn terraform_or_skip(test: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path).map(|dir| dir.join("terraform")).find(|p| p.is_file());
    if found.is_none() {
        println!("SKIP: {test}: terraform not found on PATH");
        eprintln!("SKIP: {test}: terraform not found on PATH");
    }
    found
}
