//! The GitHub Action as a runner runs it: `action/run.sh` with the inputs in the environment
//! (`INPUT_<NAME>`), `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY` and `RUNNER_TEMP` pointing at
//! temporary files and the freshly built `tollgate` on PATH; `action/install.sh` against a release
//! served from a `file://` URL; and `action.yml` itself, parsed and checked against the scripts.
#![cfg(unix)]

mod common;

use common::{write, OPEN_SSH};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The environment variable a runner sets for an action input: `INPUT_` + the name upper-cased,
/// spaces replaced by `_`, hyphens kept (GitHub's documented mapping: `fail-on` -> `INPUT_FAIL-ON`).
fn input_variable(name: &str) -> String {
    format!("INPUT_{}", name.to_uppercase().replace(' ', "_"))
}

/// A runner's job: a workspace to scan and the files the runner hands a step.
struct Runner {
    dir: tempfile::TempDir,
}

/// What one run of the scan script left behind.
struct Step {
    code: Option<i32>,
    log: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

impl Runner {
    fn new() -> Self {
        let runner = Runner { dir: tempfile::tempdir().expect("temp dir") };
        for dir in ["workspace", "temp", "bin"] {
            fs::create_dir_all(runner.path(dir)).unwrap();
        }
        runner
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn workspace(&self) -> PathBuf {
        self.path("workspace")
    }

    /// Puts the freshly built `tollgate` on the step's PATH.
    fn install_tollgate(&self) {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_tollgate"), self.path("bin/tollgate")).unwrap();
    }

    /// The system's tools, without a `tollgate` installed elsewhere; only those of
    /// [`Runner::without_jq`] once it has been called.
    fn system_path(&self) -> String {
        let tools = self.path("tools");
        if tools.exists() {
            tools.display().to_string()
        } else {
            "/usr/bin:/bin".to_string()
        }
    }

    /// Leaves jq off the step's PATH (python3 then reads the counts): the commands the script
    /// needs, each linked into a directory of their own.
    fn without_jq(&self) {
        let tools = self.path("tools");
        fs::create_dir_all(&tools).unwrap();
        let commands =
            ["bash", "printenv", "tr", "xargs", "rm", "mktemp", "cat"].map(|tool| (tool, format!("command -v {tool}")));
        // python3 by its real executable: a version manager's shim would need its own PATH.
        let python = ("python3", "python3 -c 'import sys; print(sys.executable)'".to_string());
        for (tool, locate) in commands.into_iter().chain([python]) {
            let found = Command::new("bash").args(["-c", &locate]).output().expect("bash");
            let location = String::from_utf8_lossy(&found.stdout).trim().to_string();
            assert!(!location.is_empty(), "{tool} is needed by action/run.sh");
            std::os::unix::fs::symlink(location, tools.join(tool)).unwrap();
        }
    }

    /// Runs `action/run.sh` as the action's scan step, with only the runner's variables set.
    fn scan(&self, inputs: &[(&str, &str)]) -> Step {
        fs::write(self.path("output"), "").unwrap();
        fs::write(self.path("summary.md"), "").unwrap();
        let mut command = Command::new("bash");
        command
            .arg(repository().join("action/run.sh"))
            .current_dir(self.workspace())
            .env_clear()
            .env("PATH", format!("{}:{}", self.path("bin").display(), self.system_path()))
            .env("HOME", self.dir.path())
            .env("GITHUB_OUTPUT", self.path("output"))
            .env("GITHUB_STEP_SUMMARY", self.path("summary.md"))
            .env("RUNNER_TEMP", self.path("temp"));
        for (name, value) in inputs {
            command.env(input_variable(name), value);
        }
        let out = command.output().expect("run bash");
        let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        Step {
            code: out.status.code(),
            outputs: parse_outputs(&fs::read_to_string(self.path("output")).unwrap()),
            summary: fs::read_to_string(self.path("summary.md")).unwrap(),
            log,
        }
    }
}

/// `name=value` lines of a GITHUB_OUTPUT file; a name written twice is a failure.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    for line in text.lines() {
        let (name, value) = line.split_once('=').unwrap_or_else(|| panic!("not name=value: {line:?}"));
        assert!(outputs.insert(name.to_string(), value.to_string()).is_none(), "{name} set twice:\n{text}");
    }
    outputs
}

fn outputs(sarif: &str, findings: &str, blocking: &str, code: &str) -> BTreeMap<String, String> {
    [("sarif-file", sarif), ("findings", findings), ("blocking", blocking), ("exit-code", code), ("decision", "")]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// A runner whose workspace holds `infra/main.tf` open to SSH: TG101 (critical) and TG120 (low).
fn failing() -> Runner {
    let runner = Runner::new();
    runner.install_tollgate();
    write(&runner.workspace(), "infra/main.tf", OPEN_SSH);
    runner
}

/// The SARIF file the step wrote is a SARIF log with the findings, and the job summary holds the
/// Markdown report.
fn assert_sarif_and_summary_written(runner: &Runner, step: &Step, sarif: &str) {
    let text = fs::read_to_string(runner.workspace().join(sarif)).expect("the SARIF file");
    let document: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(document["version"], "2.1.0");
    let results = document["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert_eq!(results.to_string(), step.outputs["findings"], "one result per finding");
    assert!(step.summary.contains("## Tollgate: "), "{}", step.summary);
}

#[test]
fn a_failing_scan_fails_the_step_and_says_what_it_found() {
    let runner = failing();
    let step = runner.scan(&[("path", "infra"), ("soft-fail", "false")]);
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert_eq!(step.outputs, outputs("tollgate.sarif", "2", "1", "1"), "{}", step.log);
    assert!(step.log.contains("TG101"), "the text report is in the log: {}", step.log);
    assert_sarif_and_summary_written(&runner, &step, "tollgate.sarif");
}

#[test]
fn a_passing_scan_passes_the_step() {
    let runner = Runner::new();
    runner.install_tollgate();
    write(&runner.workspace(), "main.tf", "variable \"region\" {\n  default = \"eu-west-1\"\n}\n");
    let step = runner.scan(&[("sarif-file", "reports/tollgate.sarif")]);
    assert_eq!(step.code, Some(0), "{}", step.log);
    assert_eq!(step.outputs, outputs("reports/tollgate.sarif", "0", "0", "0"), "{}", step.log);
    assert_sarif_and_summary_written(&runner, &step, "reports/tollgate.sarif");
}

#[test]
fn soft_fail_passes_the_step_on_findings_and_still_reports_them() {
    let runner = failing();
    let step = runner.scan(&[("path", "infra"), ("soft-fail", "true")]);
    assert_eq!(step.code, Some(0), "{}", step.log);
    assert_eq!(step.outputs, outputs("tollgate.sarif", "2", "1", "1"), "{}", step.log);
    assert!(step.log.contains("::warning title=Tollgate::1 blocking finding(s); soft-fail is set"), "{}", step.log);
}

#[test]
fn without_jq_python3_reads_the_counts() {
    let runner = failing();
    runner.without_jq();
    let step = runner.scan(&[("path", "infra")]);
    assert_eq!(step.code, Some(1), "{}", step.log);
    assert_eq!(step.outputs, outputs("tollgate.sarif", "2", "1", "1"), "{}", step.log);
}

#[test]
fn soft_fail_never_hides_an_error() {
    let runner = failing();
    let step = runner.scan(&[("path", "infra"), ("soft-fail", "true"), ("fail-on", "severe")]);
    assert_eq!(step.code, Some(2), "{}", step.log);
    assert_eq!(step.outputs, outputs("tollgate.sarif", "", "", "2"), "{}", step.log);
    assert!(step.log.contains("'severe'"), "tollgate names the bad --fail-on: {}", step.log);
    assert!(step.summary.contains("exit 2"), "{}", step.summary);
}

#[test]
fn the_config_input_chooses_the_configuration() {
    let runner = failing();
    write(&runner.workspace(), "ci/tollgate.toml", "disable = [\"TG101\"]\n");
    let step = runner.scan(&[("path", "infra"), ("config", "ci/tollgate.toml")]);
    assert_eq!(step.code, Some(0), "{}", step.log);
    assert_eq!(step.outputs["findings"], "1", "only TG120 is left: {}", step.log);
}

#[test]
fn args_are_split_like_shell_words_and_never_evaluated() {
    let runner = failing();
    write(
        &runner.workspace(),
        "infra/main.tf",
        OPEN_SSH
            .replace("[\"0.0.0.0/0\"]", "[var.admin_cidr]")
            .replace("resource", "variable \"admin_cidr\" {\n  default = \"0.0.0.0/0\"\n}\n\nresource"),
    );
    write(&runner.workspace(), "prod vars.tfvars", "admin_cidr = \"10.0.0.0/8\"\n");
    let step = runner.scan(&[("path", "infra"), ("args", "--var-file 'prod vars.tfvars'\n  --fail-on low")]);
    assert_eq!(step.code, Some(1), "--fail-on low reached tollgate: {}", step.log);
    assert_eq!(step.outputs["blocking"], "1", "TG120 (low) alone, TG101 fixed by the var file: {}", step.log);

    let step = runner.scan(&[("path", "infra"), ("args", "--var-file \"$(touch pwned)\" *")]);
    assert_eq!(step.code, Some(2), "{}", step.log);
    assert!(!runner.workspace().join("pwned").exists(), "a command substitution ran: {}", step.log);
    assert!(step.log.contains("$(touch pwned)"), "the file name is taken literally: {}", step.log);

    let step = runner.scan(&[("args", "--var-file 'unclosed")]);
    assert_eq!(step.code, Some(2), "{}", step.log);
    assert!(step.log.contains("::error title=Tollgate::input `args` could not be split"), "{}", step.log);
}

#[test]
fn bad_inputs_and_a_missing_binary_are_errors() {
    let runner = failing();
    let step = runner.scan(&[("soft-fail", "yes")]);
    assert_eq!(step.code, Some(2), "{}", step.log);
    assert!(step.log.contains("input `soft-fail` must be true or false, not `yes`"), "{}", step.log);

    let step = runner.scan(&[("sarif-file", "a.sarif\nblocking=0")]);
    assert_eq!(step.code, Some(2), "{}", step.log);
    assert!(step.outputs.is_empty(), "a newline cannot forge outputs: {:?}", step.outputs);

    let without_binary = Runner::new();
    let step = without_binary.scan(&[]);
    assert_eq!(step.code, Some(2), "{}", step.log);
    assert!(step.log.contains("tollgate is not on PATH"), "{}", step.log);
}

/// action.yml as YAML (JSON values).
/// Forbids `terraform_data` inputs of "forbidden" in a plan.
const FORBIDDEN_INPUT_POLICY: &str = r#"package main

import rego.v1

deny contains result if {
	some change in input.resource_changes
	change.change.after.input == "forbidden"
	result := {"msg": "the input must not be \"forbidden\"", "address": change.address}
}
"#;

/// `mode: plan` in a pull request's job, then `mode: apply` with the saved plan on main: the
/// real terraform applies what passed; a blocked plan is not applied.
#[test]
fn plan_and_apply_modes_gate_a_saved_plan() {
    let Some(terraform) = common::terraform_or_skip("plan_and_apply_modes_gate_a_saved_plan") else { return };
    let runner = Runner::new();
    runner.install_tollgate();
    std::os::unix::fs::symlink(terraform, runner.path("bin/terraform")).unwrap();
    write(&runner.workspace(), "policy/plan.rego", FORBIDDEN_INPUT_POLICY);
    write(
        &runner.workspace(),
        "infra/main.tf",
        "variable \"name\" {\n  default = \"ok\"\n}\n\nresource \"terraform_data\" \"web\" {\n  input = var.name\n}\n",
    );
    let plan = runner.scan(&[("path", "infra"), ("mode", "plan"), ("plan-file", "plan.tfplan")]);
    assert_eq!((plan.code, plan.outputs["decision"].as_str()), (Some(0), "passed"), "{}", plan.log);
    assert!(runner.workspace().join("plan.tfplan.tollgate.json").is_file(), "{}", plan.log);
    let soft = runner.scan(&[("path", "infra"), ("mode", "apply"), ("soft-fail", "true")]);
    assert_eq!(soft.code, Some(2), "{}", soft.log);
    assert!(soft.log.contains("soft-fail does not apply to mode apply"), "{}", soft.log);
    let apply = runner.scan(&[("path", "infra"), ("mode", "apply"), ("plan-file", "plan.tfplan")]);
    assert_eq!((apply.code, apply.outputs["decision"].as_str()), (Some(0), "applied"), "{}", apply.log);
    let state = fs::read_to_string(runner.workspace().join("infra/terraform.tfstate")).expect("state");
    assert!(state.contains("\"value\": \"ok\""), "{state}");
    let blocked = runner.scan(&[("path", "infra"), ("mode", "apply"), ("args", "--var name=forbidden")]);
    assert_eq!((blocked.code, blocked.outputs["decision"].as_str()), (Some(1), "blocked"), "{}", blocked.log);
    assert_eq!(blocked.outputs["blocking"], "1", "{}", blocked.log);
    let state = fs::read_to_string(runner.workspace().join("infra/terraform.tfstate")).expect("state");
    assert!(state.contains("\"value\": \"ok\""), "unchanged: {state}");
}

fn action() -> Value {
    let text = fs::read_to_string(repository().join("action.yml")).expect("action.yml");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("action.yml is not YAML: {e}"))
}

fn keys(map: &Value) -> BTreeSet<String> {
    map.as_object().expect("a mapping").keys().cloned().collect()
}

/// The inputs action/run.sh reads: every `input NAME` call.
fn script_inputs() -> BTreeSet<String> {
    let script = fs::read_to_string(repository().join("action/run.sh")).unwrap();
    script.split("$(input ").skip(1).map(|rest| rest.split(')').next().unwrap_or_default().to_string()).collect()
}

#[test]
fn action_yml_declares_exactly_the_inputs_the_script_reads_and_passes_each_as_data() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let declared = keys(&action["inputs"]);
    assert_eq!(declared, script_inputs(), "inputs of action.yml vs the `input NAME` calls of action/run.sh");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let scan = steps.iter().find(|step| step["id"] == "scan").expect("a step with id scan");
    assert_eq!(scan["run"], "bash \"$GITHUB_ACTION_PATH/action/run.sh\"");
    let expected: BTreeMap<String, Value> =
        declared.iter().map(|name| (input_variable(name), Value::from(format!("${{{{ inputs.{name} }}}}")))).collect();
    let env: BTreeMap<String, Value> = scan["env"].as_object().expect("env").clone().into_iter().collect();
    assert_eq!(env, expected, "each input reaches the script as the runner would name it");
    for step in steps {
        let run = step["run"].as_str().unwrap_or_default();
        assert!(!run.contains("${{"), "an expression interpolated into a script is an injection hole: {run}");
    }
}

#[test]
fn action_yml_outputs_are_the_ones_the_script_writes() {
    let action = action();
    let runner = failing();
    let written: BTreeSet<String> = runner.scan(&[("path", "infra")]).outputs.into_keys().collect();
    assert_eq!(keys(&action["outputs"]), written);
    for name in &written {
        let value = format!("${{{{ steps.scan.outputs.{name} }}}}");
        assert_eq!(action["outputs"][name]["value"], Value::from(value), "{name}");
    }
}

/// The target and archive `action/install.sh` downloads on a Linux x64 runner.
const LINUX_X64: &str = "x86_64-unknown-linux-musl";

/// A copy of the action as the runner checks it out under `_actions/OWNER/REPO/REF` (only the
/// files install.sh reads), a release server for it, and the runner's files.
struct Install {
    dir: tempfile::TempDir,
}

impl Install {
    fn new(version: &str) -> Self {
        let install = Install { dir: tempfile::tempdir().expect("temp dir") };
        let action = install.action_path();
        write(&action, "Cargo.toml", format!("[workspace.package]\nversion = \"{version}\"\nedition = \"2021\"\n"));
        for file in ["Cargo.lock", "src/main.rs", "engine/model/src/lib.rs", "rules/lib.rs", "reports/src/lib.rs"] {
            write(&action, file, format!("// {file}\n"));
        }
        fs::create_dir_all(install.dir.path().join("temp")).unwrap();
        install
    }

    fn action_path(&self) -> PathBuf {
        self.dir.path().join("_actions/owner/tollgate/v0.1.0")
    }

    fn release_dir(&self, tag: &str) -> PathBuf {
        self.dir.path().join("server/owner/tollgate/releases/download").join(tag)
    }

    /// Publishes `tollgate-TAG-TARGET.tar.gz` holding `tollgate-TAG-TARGET/tollgate` and a
    /// SHA256SUMS listing it; returns the archive's SHA-256.
    fn publish(&self, tag: &str, target: &str) -> String {
        let name = format!("tollgate-{tag}-{target}");
        let staging = self.dir.path().join("staging");
        write(&staging, &format!("{name}/tollgate"), format!("binary of {tag}\n"));
        let release = self.release_dir(tag);
        fs::create_dir_all(&release).unwrap();
        let archive = release.join(format!("{name}.tar.gz"));
        let status = Command::new("tar").arg("-czf").arg(&archive).arg("-C").arg(&staging).arg(&name).status();
        assert!(status.expect("tar").success());
        let sum = Command::new("sha256sum").arg(&archive).output().expect("sha256sum");
        let hash = String::from_utf8_lossy(&sum.stdout).split(' ').next().unwrap_or_default().to_string();
        fs::write(release.join("SHA256SUMS"), format!("{}  other.zip\n{hash}  {name}.tar.gz\n", "0".repeat(64)))
            .unwrap();
        hash
    }

    /// Runs `action/install.sh` as the action's install step on a Linux x64 runner.
    fn run(&self, action_ref: &str) -> (Option<i32>, String, BTreeMap<String, String>, String) {
        let files = self.dir.path();
        fs::write(files.join("output"), "").unwrap();
        fs::write(files.join("path"), "").unwrap();
        let out = Command::new("bash")
            .arg(repository().join("action/install.sh"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("GITHUB_ACTION_PATH", self.action_path())
            .env("GITHUB_OUTPUT", files.join("output"))
            .env("GITHUB_PATH", files.join("path"))
            .env("GITHUB_SERVER_URL", format!("file://{}", files.join("server").display()))
            .env("RUNNER_TEMP", files.join("temp"))
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("ACTION_REF", action_ref)
            .output()
            .expect("run bash");
        let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let outputs = parse_outputs(&fs::read_to_string(files.join("output")).unwrap());
        (out.status.code(), log, outputs, fs::read_to_string(files.join("path")).unwrap())
    }
}

#[test]
fn a_release_tag_installs_the_verified_release_binary() {
    let install = Install::new("0.1.0");
    install.publish("v0.1.0", LINUX_X64);
    // `v0.1.0` exactly; `v0.1` and `v0` are moving tags of the same source; "" (a runner that
    // leaves github.action_ref empty) falls back to the directory name.
    for action_ref in ["v0.1.0", "v0.1", "v0", ""] {
        let (code, log, outputs, path) = install.run(action_ref);
        assert_eq!(code, Some(0), "{action_ref}: {log}");
        assert_eq!(outputs.get("method").map(String::as_str), Some("release"), "{action_ref}: {log}");
        let bin = install.dir.path().join(format!("temp/tollgate-release/tollgate-v0.1.0-{LINUX_X64}"));
        assert_eq!(path, format!("{}\n", bin.display()), "{action_ref}");
        assert_eq!(fs::read_to_string(bin.join("tollgate")).unwrap(), "binary of v0.1.0\n");
    }
}

#[test]
fn a_release_that_does_not_match_its_checksum_is_refused() {
    let install = Install::new("0.1.0");
    let hash = install.publish("v0.1.0", LINUX_X64);
    let sums = install.release_dir("v0.1.0").join("SHA256SUMS");
    let listed = fs::read_to_string(&sums).unwrap();
    let tampered = listed.replace(&hash, &"f".repeat(64));
    let unlisted = listed.lines().next().unwrap_or_default().to_string();
    for (sums_text, message) in [(tampered, "does not match SHA256SUMS"), (unlisted, "does not list")] {
        fs::write(&sums, sums_text).unwrap();
        let (code, log, outputs, path) = install.run("v0.1.0");
        assert_eq!(code, Some(1), "{log}");
        assert!(log.contains("::error title=Tollgate install::") && log.contains(message), "{log}");
        assert!(outputs.is_empty() && path.is_empty(), "nothing installed: {outputs:?} {path}");
    }
    fs::remove_file(&sums).unwrap();
    let (code, log, _, path) = install.run("v0.1.0");
    assert_eq!(code, Some(1), "{log}");
    assert!(log.contains("no SHA256SUMS to verify it"), "{log}");
    assert!(path.is_empty());
}

#[test]
fn without_a_release_for_the_ref_the_action_builds_its_own_source() {
    let install = Install::new("0.1.0");
    install.publish("v0.1.0", LINUX_X64);
    install.publish("v0.2.0", LINUX_X64);
    // A branch, a commit and other versions' tags are not this source's release.
    for action_ref in ["main", "0123456789abcdef0123456789abcdef01234567", "v0.2.0", "v0.10", "v1"] {
        let (code, log, outputs, path) = install.run(action_ref);
        assert_eq!((code, outputs["method"].as_str()), (Some(0), "source"), "{action_ref}: {log}");
        assert!(path.is_empty(), "{action_ref}");
    }
    // A release tag of this source, but no binary published for it.
    let source = Install::new("0.3.0");
    let (code, log, outputs, _) = source.run("v0.3.0");
    assert_eq!((code, outputs["method"].as_str()), (Some(0), "source"), "{log}");
    assert!(log.contains("no tollgate-v0.3.0-x86_64-unknown-linux-musl.tar.gz in release v0.3.0"), "{log}");
    assert_eq!(outputs["install-root"], source.dir.path().join("temp/tollgate-source").display().to_string());
    let key = outputs["cache-key"].clone();
    assert!(key.starts_with("tollgate-Linux-X64-") && key.len() == "tollgate-Linux-X64-".len() + 64, "{key}");
    assert_eq!(source.run("v0.3.0").2["cache-key"], key, "the same source, the same key");
    write(&source.action_path(), "engine/model/src/lib.rs", "// changed\n");
    assert_ne!(source.run("v0.3.0").2["cache-key"], key, "a changed source is built again");
}

/// The targets `release_target` of action/install.sh maps runners to.
fn install_targets() -> BTreeSet<String> {
    let script = fs::read_to_string(repository().join("action/install.sh")).unwrap();
    let body =
        script.split("release_target() {").nth(1).and_then(|rest| rest.split("\n}").next()).expect("release_target");
    body.lines()
        .filter_map(|line| line.split(") echo ").nth(1))
        .map(|rest| rest.trim_end_matches(" ;;").to_string())
        .collect()
}

#[test]
fn the_release_workflow_publishes_what_the_action_downloads() {
    let text = fs::read_to_string(repository().join(".github/workflows/release.yml")).expect("release.yml");
    let workflow: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("release.yml is not YAML: {e}"));
    let include = workflow["jobs"]["build"]["strategy"]["matrix"]["include"].as_array().expect("a build matrix");
    let built: BTreeSet<String> = include.iter().filter_map(|row| row["target"].as_str()).map(str::to_string).collect();
    assert_eq!(built, install_targets());
    assert!(install_targets().contains(LINUX_X64));
    // Both name an archive tollgate-<tag>-<target>, .zip on Windows and .tar.gz elsewhere.
    let install = fs::read_to_string(repository().join("action/install.sh")).unwrap();
    assert!(install.contains(r#"local name="tollgate-$tag-$target""#));
    assert!(install.contains("[ \"$target\" = x86_64-pc-windows-msvc ] && extension=zip"));
    assert!(text.contains(r#"name="tollgate-$TAG-$TARGET""#));
    assert!(text.contains(r#"if [ "$TARGET" = x86_64-pc-windows-msvc ]; then"#));
    assert!(text.contains(r#"7z a -tzip "$name.zip""#) && text.contains(r#"tar -czf "$name.tar.gz""#));
    assert!(text.contains("sha256sum tollgate-* > SHA256SUMS"), "the checksums install.sh verifies");
    let ci: Value = serde_saphyr::from_str(&fs::read_to_string(repository().join(".github/workflows/ci.yml")).unwrap())
        .unwrap_or_else(|e| panic!("ci.yml is not YAML: {e}"));
    assert!(ci["jobs"]["test"]["steps"].as_array().expect("steps").iter().any(|step| step["run"] == ".ci/run"));
}

/// The first-column names of the README table whose header row starts with `header`.
fn readme_table(header: &str) -> BTreeSet<String> {
    let readme = fs::read_to_string(repository().join("README.md")).unwrap();
    let table = readme.split(header).nth(1).unwrap_or_else(|| panic!("README has no `{header}` table"));
    table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .filter_map(|line| line.split('`').nth(1))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_documents_every_input_and_output_of_the_action() {
    let action = action();
    assert_eq!(readme_table("| input | default | meaning |"), keys(&action["inputs"]));
    assert_eq!(readme_table("| output | meaning |"), keys(&action["outputs"]));
}
