//! The pre-commit hook as a user meets it: `pre-commit` installed from PyPI into a temporary
//! virtual environment, a fresh git repository whose `.pre-commit-config.yaml` takes the
//! `tollgate-system` hook from this repository's own `.pre-commit-hooks.yaml` (copied into a
//! temporary hook repository and committed, as pre-commit requires of a `repo` with a `rev`),
//! and the freshly built `tollgate` on PATH. A staged file with a finding refuses the commit;
//! fixed, it is accepted; a finding in a file that is not staged does not block.
//!
//! Without python3's `venv` or PyPI the test prints a loud SKIP line and passes.
#![cfg(unix)]

mod common;

use common::{write, OPEN_SSH};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CLOSED_SSH: &str = r#"resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"#;

fn this_repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `pre-commit` in a new virtual environment under `dir`, or why it could not be installed.
fn install_pre_commit(dir: &Path) -> Result<PathBuf, String> {
    let venv = dir.join("venv");
    let created = Command::new("python3").args(["-m", "venv"]).arg(&venv).output();
    match created {
        Ok(output) if output.status.success() => {}
        Ok(output) => return Err(format!("python3 -m venv failed: {}", String::from_utf8_lossy(&output.stderr))),
        Err(e) => return Err(format!("python3 cannot run: {e}")),
    }
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "pre-commit"])
        .output()
        .map_err(|e| format!("pip cannot run: {e}"))?;
    if !pip.status.success() {
        return Err(format!("pip install pre-commit failed: {}", String::from_utf8_lossy(&pip.stderr)));
    }
    Ok(venv.join("bin/pre-commit"))
}

/// A machine where pre-commit and git run with everything under `dir`: pre-commit's cache,
/// git's identity, and the built `tollgate` first on PATH.
struct Machine {
    dir: PathBuf,
    pre_commit: PathBuf,
}

impl Machine {
    fn command(&self, program: &Path, args: &[&str], cwd: &Path) -> Output {
        let binary_dir = Path::new(env!("CARGO_BIN_EXE_tollgate")).parent().expect("the binary's directory");
        let path = format!("{}:{}", binary_dir.display(), std::env::var("PATH").unwrap_or_default());
        Command::new(program)
            .args(args)
            .current_dir(cwd)
            .env("PATH", path)
            .env("PRE_COMMIT_HOME", self.dir.join("pre-commit-home"))
            .env("HOME", &self.dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env_remove("TOLLGATE_FAIL_ON")
            .env_remove("TOLLGATE_FORMAT")
            .env_remove("TOLLGATE_CONFIG")
            .output()
            .expect("the command runs")
    }

    fn git(&self, args: &[&str], cwd: &Path) -> Output {
        let output = self.command(Path::new("git"), args, cwd);
        assert!(output.status.success(), "git {args:?}: {}", text(&output));
        output
    }

    /// A git repository holding this repository's `.pre-commit-hooks.yaml`; its commit.
    fn hook_repository(&self) -> (PathBuf, String) {
        let hooks = self.dir.join("hooks");
        std::fs::create_dir_all(&hooks).expect("the hook repository");
        std::fs::copy(this_repository().join(".pre-commit-hooks.yaml"), hooks.join(".pre-commit-hooks.yaml"))
            .expect("copy .pre-commit-hooks.yaml");
        self.git(&["init", "--quiet"], &hooks);
        self.git(&["add", ".pre-commit-hooks.yaml"], &hooks);
        self.git(&["commit", "--quiet", "-m", "hooks"], &hooks);
        let rev = String::from_utf8_lossy(&self.git(&["rev-parse", "HEAD"], &hooks).stdout).trim().to_string();
        (hooks, rev)
    }

    /// The user's repository, with the hook installed.
    fn user_repository(&self) -> PathBuf {
        let (hooks, rev) = self.hook_repository();
        let repo = self.dir.join("infra");
        std::fs::create_dir_all(&repo).expect("the user's repository");
        self.git(&["init", "--quiet"], &repo);
        let config =
            format!("repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: tollgate-system\n", hooks.display());
        write(&repo, ".pre-commit-config.yaml", config);
        write(&repo, "README.md", "# infra\n");
        self.git(&["add", "."], &repo);
        self.git(&["commit", "--quiet", "-m", "start"], &repo);
        let installed = self.command(&self.pre_commit, &["install"], &repo);
        assert!(installed.status.success(), "pre-commit install: {}", text(&installed));
        repo
    }

    fn commit(&self, repo: &Path, message: &str) -> Output {
        self.command(Path::new("git"), &["commit", "-m", message], repo)
    }
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn the_hook_refuses_a_staged_finding_and_accepts_the_fix() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pre_commit = match install_pre_commit(dir.path()) {
        Ok(path) => path,
        Err(why) => {
            eprintln!("SKIP: pre-commit hook test: cannot install pre-commit from PyPI ({why})");
            return;
        }
    };
    let machine = Machine { dir: dir.path().to_path_buf(), pre_commit };
    let repo = machine.user_repository();

    write(&repo, "network/main.tf", OPEN_SSH);
    machine.git(&["add", "network/main.tf"], &repo);
    let refused = machine.commit(&repo, "open SSH");
    let output = text(&refused);
    assert!(!refused.status.success(), "the commit must be refused: {output}");
    assert!(output.contains("TG101") && output.contains("network/main.tf:"), "the finding is shown: {output}");

    write(&repo, "network/main.tf", CLOSED_SSH);
    machine.git(&["add", "network/main.tf"], &repo);
    let accepted = machine.commit(&repo, "SSH from the VPN only");
    assert!(accepted.status.success(), "the fixed file is accepted: {}", text(&accepted));

    // An open group on disk, never staged, next to a staged clean change: not this commit's.
    write(&repo, "network/scratch.tf", OPEN_SSH.replace("bastion", "scratch"));
    write(&repo, "network/main.tf", CLOSED_SSH.replace("10.0.0.0/8", "10.1.0.0/16"));
    machine.git(&["add", "network/main.tf"], &repo);
    let unrelated = machine.commit(&repo, "narrow the VPN range");
    assert!(unrelated.status.success(), "an unstaged finding does not block: {}", text(&unrelated));

    // Terraform's own cache is not the user's code: the hook's `exclude` leaves it out.
    write(&repo, "network/.terraform/modules/vendored/main.tf", OPEN_SSH);
    machine.git(&["add", "-f", "network/.terraform"], &repo);
    let vendored = machine.commit(&repo, "vendor a module");
    assert!(vendored.status.success(), "{}", text(&vendored));
    assert!(text(&vendored).contains("(no files to check)Skipped"), "{}", text(&vendored));
    let log = machine.git(&["log", "--format=%s"], &repo);
    let subjects = "vendor a module\nnarrow the VPN range\nSSH from the VPN only\nstart\n";
    assert_eq!(String::from_utf8_lossy(&log.stdout), subjects);
}

/// What the hook runs, from the command line: exit 1 and the finding for a named file with
/// one, 0 for a clean file beside it, 2 for a directory.
#[test]
fn only_files_exit_codes_follow_the_named_files() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let repo = dir.path();
    write(repo, "network/open.tf", OPEN_SSH);
    write(repo, "network/closed.tf", CLOSED_SSH.replace("bastion", "vpn"));
    let hook = ["scan", "--allow-empty", "--only-files"];

    let open = common::tollgate(&[&hook[..], &["network/open.tf"]].concat(), repo);
    let shown = text(&open);
    assert_eq!(open.status.code(), Some(1), "{shown}");
    assert!(shown.contains("TG101") && shown.contains("network/open.tf:"), "{shown}");

    let closed = common::tollgate(&[&hook[..], &["network/closed.tf"]].concat(), repo);
    assert_eq!(closed.status.code(), Some(0), "the open group beside it is not reported: {}", text(&closed));
    assert!(!text(&closed).contains("TG101"), "{}", text(&closed));

    let directory = common::tollgate(&[&hook[..], &["network"]].concat(), repo);
    assert_eq!(directory.status.code(), Some(2), "{}", text(&directory));
}
