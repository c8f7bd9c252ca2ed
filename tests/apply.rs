//! End-to-end: `tollgate apply` and `tollgate plan` with the real `terraform` (offline, the
//! built-in `terraform_data` resource) and a test policy that forbids one input value. What
//! passes is applied (the state holds it), what fails is not (the state is unchanged), a plan
//! tampered with before or after its scan is refused, a budget breach blocks, a Terraform failure
//! applies nothing, SIGTERM during the scan applies nothing, and every decision is one audit line.
//! Without terraform on PATH each test prints a loud SKIP and passes.

mod common;

#[path = "../engine/costexplorer/tests/support/mod.rs"]
mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const POLICY: &str = r#"package main

import rego.v1

deny contains result if {
	some change in input.resource_changes
	change.type == "terraform_data"
	change.change.after.input == "forbidden"
	result := {"msg": sprintf("%s: the input must not be \"forbidden\"", [change.address]), "address": change.address}
}
"#;

const MAIN_TF: &str = r#"variable "name" {
  type    = string
  default = "fine"
}

resource "terraform_data" "web" {
  input = var.name
}
"#;

/// A root module with the test policy beside it (`policy/`), and an empty Terraform CLI
/// configuration so nothing is read from the machine's.
fn project(main_tf: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "infra/main.tf", main_tf);
    common::write(dir.path(), "policy/plan.rego", POLICY);
    common::write(dir.path(), "terraformrc", "");
    dir
}

/// `tollgate ARGS` in the project, with Terraform offline and a private temporary directory.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = common::command(dir);
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    command
        .args(args)
        .env("TF_CLI_CONFIG_FILE", dir.join("terraformrc"))
        .env("CHECKPOINT_DISABLE", "1")
        .env("TMPDIR", &tmp)
        .env_remove("TF_WORKSPACE")
        .env_remove("TOLLGATE_TERRAFORM")
        .env_remove("TOLLGATE_RECORD_KEY");
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn explain(out: &Output) -> String {
    format!("exit {:?}\nstdout:\n{}\nstderr:\n{}", out.status.code(), common::stdout(out), stderr(out))
}

/// The `input` of `terraform_data.web` in the state, `None` when nothing was applied.
fn applied_input(state: &Path) -> Option<String> {
    let state: Value = serde_json::from_str(&std::fs::read_to_string(state).ok()?).ok()?;
    let resources = state["resources"].as_array()?;
    let web = resources.iter().find(|r| r["type"] == "terraform_data" && r["name"] == "web")?;
    web["instances"][0]["attributes"]["input"]["value"].as_str().map(str::to_string)
}

fn state(dir: &Path) -> Option<String> {
    applied_input(&dir.join("infra/terraform.tfstate"))
}

/// Every line of the audit log, parsed.
fn audit(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("infra/.tollgate/audit.jsonl")).unwrap_or_default();
    text.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

fn last_decision(dir: &Path) -> Value {
    audit(dir).pop().expect("an audit line")
}

#[test]
fn a_passing_plan_is_applied_and_a_failing_one_is_not() {
    let Some(_) = common::terraform_or_skip("a_passing_plan_is_applied_and_a_failing_one_is_not") else { return };
    let project = project(MAIN_TF);
    let dir = project.path();
    let out = run(dir, &["apply", "infra"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert_eq!(state(dir).as_deref(), Some("fine"));
    let entry = last_decision(dir);
    assert_eq!(entry["decision"], "applied", "{entry}");
    assert_eq!(entry["terraform_exit_code"], 0);
    assert_eq!(entry["workspace"], "default");
    assert_eq!(entry["scan"]["verdict"], "pass");
    assert_eq!(entry["plan_sha256"].as_str().map(str::len), Some(64), "{entry}");
    // The private plan is gone.
    assert_eq!(std::fs::read_dir(dir.join("tmp")).unwrap().count(), 0);

    // Nothing left to change: nothing applied, and it says so.
    let out = run(dir, &["apply", "infra"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert!(stderr(&out).contains("tollgate: no-changes: the plan changes nothing"), "{}", explain(&out));

    // The policy forbids the new value: the findings point at the block, the state is unchanged.
    let out = run(dir, &["apply", "infra", "--var", "name=forbidden", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", explain(&out));
    assert_eq!(state(dir).as_deref(), Some("fine"));
    let report = common::json(&out);
    let rows = common::policy_rows(&report);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].ends_with("terraform_data.web infra/main.tf:6-8"), "{rows:?}");
    let entry = last_decision(dir);
    assert_eq!(entry["decision"], "blocked", "{entry}");
    assert_eq!(entry["terraform_exit_code"], Value::Null);
    assert_eq!(entry["scan"]["findings"]["high"], 1, "{entry}");
    assert_eq!(audit(dir).len(), 3);
}

#[test]
fn a_dry_run_decides_and_applies_nothing() {
    let Some(_) = common::terraform_or_skip("a_dry_run_decides_and_applies_nothing") else { return };
    let project = project(MAIN_TF);
    let dir = project.path();
    let out = run(dir, &["apply", "infra", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert_eq!(state(dir), None);
    let entry = last_decision(dir);
    assert_eq!((entry["decision"].as_str(), entry["dry_run"].as_bool()), (Some("passed"), Some(true)), "{entry}");
    let out = run(dir, &["apply", "infra", "--dry-run", "--var", "name=forbidden"]);
    assert_eq!(out.status.code(), Some(1), "{}", explain(&out));
    assert_eq!(last_decision(dir)["decision"], "blocked");

    // A result naming no resource points at the plan: by name (its JSON stays in memory), or at
    // the JSON `tollgate plan --out` keeps.
    common::write(dir, "policy/whole.rego", WHOLE_PLAN_POLICY);
    let file_of_finding = |out: &Output| common::json(out)["findings"][0]["file"].as_str().map(str::to_string);
    let out = run(dir, &["apply", "infra", "--dry-run", "--var", "name=whole", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", explain(&out));
    assert_eq!(file_of_finding(&out).as_deref(), Some("<plan of infra>"));
    let out = run(dir, &["plan", "infra", "--out", "out/whole.tfplan", "--var", "name=whole", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", explain(&out));
    assert_eq!(file_of_finding(&out).as_deref(), Some("out/whole.tfplan.json"));
    assert!(dir.join("out/whole.tfplan.json").is_file());
}

const WHOLE_PLAN_POLICY: &str = r#"package main

import rego.v1

deny contains "this plan may not be made" if input.variables.name.value == "whole"
"#;

#[test]
fn a_saved_plan_is_applied_only_with_a_passing_record_that_matches_it() {
    let Some(_) = common::terraform_or_skip("a_saved_plan_is_applied_only_with_a_passing_record_that_matches_it")
    else {
        return;
    };
    let project = project(MAIN_TF);
    let dir = project.path();
    let out = run(dir, &["plan", "infra", "--out", "out/plan.tfplan"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    for file in ["plan.tfplan", "plan.tfplan.json", "plan.tfplan.report.json", "plan.tfplan.tollgate.json"] {
        assert!(dir.join("out").join(file).is_file(), "{file} missing: {}", explain(&out));
    }
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/plan.tfplan.tollgate.json")).unwrap()).unwrap();
    assert_eq!((record["scan"]["verdict"].as_str(), record["changes"].as_bool()), (Some("pass"), Some(true)));
    assert_eq!(state(dir), None, "plan applies nothing");

    // A byte changed after the record was written: refused.
    let plan = dir.join("out/plan.tfplan");
    let original = std::fs::read(&plan).unwrap();
    let mut tampered = original.clone();
    tampered.extend_from_slice(b"\0");
    std::fs::write(&plan, &tampered).unwrap();
    let out = run(dir, &["apply", "infra", "--plan", "out/plan.tfplan"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("it changed after it was scanned"), "{}", explain(&out));
    assert_eq!(state(dir), None);
    assert_eq!(last_decision(dir)["decision"], "refused");

    // The plan as scanned: applied.
    std::fs::write(&plan, &original).unwrap();
    let out = run(dir, &["apply", "infra", "--plan", "out/plan.tfplan"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert_eq!(state(dir).as_deref(), Some("fine"));
    let entry = last_decision(dir);
    assert_eq!(entry["plan_sha256"], record["plan_sha256"], "{entry}");
    assert_eq!(entry["plan_file"], "out/plan.tfplan");

    // No record, or a failed one: refused.
    std::fs::remove_file(dir.join("out/plan.tfplan.tollgate.json")).unwrap();
    let out = run(dir, &["apply", "infra", "--plan", "out/plan.tfplan"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("no record `out/plan.tfplan.tollgate.json`"), "{}", explain(&out));
    let out = run(dir, &["plan", "infra", "--out", "out/bad.tfplan", "--var", "name=forbidden"]);
    assert_eq!(out.status.code(), Some(1), "{}", explain(&out));
    let out = run(dir, &["apply", "infra", "--plan", "out/bad.tfplan"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("the plan failed its scan"), "{}", explain(&out));
    assert_eq!(state(dir).as_deref(), Some("fine"));

    // A saved plan that changes nothing passes and applies nothing.
    let out = run(dir, &["plan", "infra", "--out", "out/same.tfplan"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    let out = run(dir, &["apply", "infra", "--plan", "out/same.tfplan"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert_eq!(last_decision(dir)["decision"], "no-changes");
}

#[test]
fn a_signed_record_needs_the_key() {
    let Some(_) = common::terraform_or_skip("a_signed_record_needs_the_key") else { return };
    let project = project(MAIN_TF);
    let dir = project.path();
    let signed = |args: &[&str], key: &str| command(dir, args).env("TOLLGATE_RECORD_KEY", key).output().unwrap();
    let out = signed(&["plan", "infra", "--out", "plan.tfplan"], "s3cret");
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    let out = run(dir, &["apply", "infra", "--plan", "plan.tfplan"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("the record is signed: set TOLLGATE_RECORD_KEY"), "{}", explain(&out));
    let out = signed(&["apply", "infra", "--plan", "plan.tfplan"], "guess");
    assert!(stderr(&out).contains("signature does not match"), "{}", explain(&out));
    assert_eq!(state(dir), None);
    let out = signed(&["apply", "infra", "--plan", "plan.tfplan"], "s3cret");
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert_eq!(state(dir).as_deref(), Some("fine"));
}

/// A `terraform` that behaves as the real one, except that after `show` it appends a byte to
/// the file named by `TAMPER`: the saved plan changes between its scan and its apply.
fn tampering_terraform(dir: &Path) -> PathBuf {
    let real = common::terraform_or_skip("tampering").unwrap();
    let script = dir.join("terraform-tampering");
    let text = format!(
        "#!/bin/sh\n\"{}\" \"$@\"\nstatus=$?\nif [ \"$1\" = show ]; then printf x >> \"$TAMPER\"; fi\nexit $status\n",
        real.display()
    );
    std::fs::write(&script, text).unwrap();
    std::process::Command::new("chmod").arg("+x").arg(&script).status().unwrap();
    script
}

#[test]
fn a_plan_changed_after_its_scan_is_refused() {
    let Some(_) = common::terraform_or_skip("a_plan_changed_after_its_scan_is_refused") else { return };
    let project = project(MAIN_TF);
    let dir = project.path();
    let out = run(dir, &["plan", "infra", "--out", "plan.tfplan"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    let wrapper = tampering_terraform(dir);
    let out = command(dir, &["apply", "infra", "--plan", "plan.tfplan", "--terraform"])
        .arg(&wrapper)
        .env("TAMPER", dir.join("plan.tfplan"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("changed after it was scanned"), "{}", explain(&out));
    assert_eq!(state(dir), None);
    assert_eq!(last_decision(dir)["decision"], "refused");
}

#[test]
fn terraform_failures_apply_nothing() {
    let Some(_) = common::terraform_or_skip("terraform_failures_apply_nothing") else { return };
    let failing = project("resource \"terraform_data\" \"web\" {\n  input = var.undeclared\n}\n");
    let dir = failing.path();
    let out = run(dir, &["apply", "infra"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("`terraform plan` failed (exit 1)"), "{}", explain(&out));
    let entry = last_decision(dir);
    assert_eq!((entry["decision"].as_str(), entry["scan"].is_null()), (Some("error"), true), "{entry}");
    assert_eq!(state(dir), None);

    // A policy that does not compile: the scan cannot judge the plan, so nothing is applied.
    let broken = project(MAIN_TF);
    let dir = broken.path();
    common::write(dir, "policy/broken.rego", "package main\n\ndeny contains msg if {\n");
    let out = run(dir, &["apply", "infra"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert_eq!(last_decision(dir)["decision"], "error");
    assert_eq!(state(dir), None);

    let out = run(dir, &["apply", "infra", "--terraform", "/nonexistent/terraform"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("cannot run `/nonexistent/terraform`: not found"), "{}", explain(&out));
}

#[test]
fn environments_of_tollgate_toml_give_the_var_files() {
    let Some(_) = common::terraform_or_skip("environments_of_tollgate_toml_give_the_var_files") else { return };
    let project = project(MAIN_TF);
    let dir = project.path();
    common::write(dir, "infra/env/prod.tfvars", "name = \"forbidden\"\n");
    common::write(dir, "infra/env/dev.tfvars", "name = \"dev\"\n");
    common::write(
        dir,
        "tollgate.toml",
        "[[terraform.root]]\npath = \"infra\"\n[terraform.root.environments.prod]\nvar_files = [\"env/prod.tfvars\"]\n\
         [terraform.root.environments.dev]\nvar_files = [\"env/dev.tfvars\"]\n",
    );
    let out = run(dir, &["apply", "infra"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("has environments dev, prod in tollgate.toml: choose one with --environment"));
    let out = run(dir, &["apply", "infra", "--environment", "prod"]);
    assert_eq!(out.status.code(), Some(1), "{}", explain(&out));
    let out = run(dir, &["apply", "infra", "--environment", "dev"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert_eq!(state(dir).as_deref(), Some("dev"));
}

#[test]
fn workspaces_are_respected() {
    let Some(tf) = common::terraform_or_skip("workspaces_are_respected") else { return };
    let project = project(MAIN_TF);
    let dir = project.path();
    let terraform = |args: &[&str]| {
        let status = Command::new(&tf)
            .args(args)
            .current_dir(dir.join("infra"))
            .env("TF_CLI_CONFIG_FILE", dir.join("terraformrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    };
    terraform(&["workspace", "new", "staging"]);
    let out = run(dir, &["plan", "infra", "--out", "plan.tfplan"]);
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    terraform(&["workspace", "select", "default"]);
    let out = run(dir, &["apply", "infra", "--plan", "plan.tfplan"]);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("made in workspace `staging`, and the selected workspace is `default`"));
    let out =
        command(dir, &["apply", "infra", "--plan", "plan.tfplan"]).env("TF_WORKSPACE", "staging").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", explain(&out));
    assert_eq!(
        applied_input(&dir.join("infra/terraform.tfstate.d/staging/terraform.tfstate")).as_deref(),
        Some("fine")
    );
    assert_eq!(last_decision(dir)["workspace"], "staging");
    assert_eq!(state(dir), None);
}

#[test]
fn a_budget_breach_blocks_and_an_unreachable_cost_explorer_fails_closed() {
    let Some(_) = common::terraform_or_skip("a_budget_breach_blocks_and_an_unreachable_cost_explorer_fails_closed")
    else {
        return;
    };
    let project = project(MAIN_TF);
    let dir = project.path();
    let aws = |args: &[&str], endpoint: &str| {
        let mut command = command(dir, args);
        command.args(["--cost-source", "aws", "--aws-endpoint-url", endpoint]);
        common::dummy_aws_credentials(&mut command, dir);
        command.output().unwrap()
    };
    // Cost Explorer's recorded month: $280.13 to date (and $1,042.78 forecast, except on a
    // month's last day), over the budget either way.
    let recorded = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("engine/costexplorer/tests/responses").join(name);
        support::Reply::Json(200, std::fs::read_to_string(path).unwrap())
    };
    let month = ["cost_and_usage_page1.json", "cost_and_usage_page2.json", "forecast.json"].map(recorded);
    let server = support::MockServer::start(month.to_vec());
    let out = aws(&["apply", "infra", "--budget", "200"], &server.url);
    assert_eq!(out.status.code(), Some(1), "{}", explain(&out));
    assert_eq!(state(dir), None);
    let entry = last_decision(dir);
    assert_eq!(entry["decision"], "blocked", "{entry}");
    assert!(entry["scan"]["blocking_rules"].as_array().unwrap().contains(&Value::from("TG501")), "{entry}");
    assert_eq!(entry["scan"]["cost"]["budgets"][0]["verdict"], "exceeded", "{entry}");

    // Nothing listens there: the budget cannot be checked, so nothing is applied.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = aws(&["apply", "infra", "--budget", "1000000"], &url);
    assert_eq!(out.status.code(), Some(2), "{}", explain(&out));
    assert!(stderr(&out).contains("Cost Explorer could not be read"), "{}", explain(&out));
    assert_eq!(last_decision(dir)["decision"], "error");
    assert_eq!(state(dir), None);
}

#[cfg(unix)]
#[test]
fn sigterm_during_the_scan_applies_nothing() {
    let Some(_) = common::terraform_or_skip("sigterm_during_the_scan_applies_nothing") else { return };
    let project = project(MAIN_TF);
    let dir = project.path();
    // The scan reads `data/slow.json`, a FIFO: it waits there until this test writes to it.
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let fifo = dir.join("data/slow.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let child = command(dir, &["apply", "infra", "--data", "data"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Opening for writing waits for the scan to open it for reading: the scan is running.
    let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    std::io::Write::write_all(&mut writer, b"{}").unwrap();
    drop(writer);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", explain(&out));
    assert!(stderr(&out).contains("SIGTERM received before the apply: nothing applied"), "{}", explain(&out));
    assert_eq!(state(dir), None);
    assert_eq!(last_decision(dir)["decision"], "interrupted");
    assert_eq!(std::fs::read_dir(dir.join("tmp")).unwrap().count(), 0, "the private plan is removed");
}
