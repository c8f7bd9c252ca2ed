//! Plans made by the real Terraform (1.11, offline: only the built-in `terraform_data`
//! resource, which needs no provider download). Each test prints SKIP and passes when
//! `terraform` is not on the PATH.

mod support;

use std::path::Path;
use std::process::Command;
use support::*;
use tollgate_model::{UnknownReason, Value};

const SECRET: &str = "hunter2-correct-horse-battery";

fn terraform_available(test: &str) -> bool {
    let found = Command::new("terraform").arg("version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIP {test}: `terraform` is not on the PATH, so this test of real plan output did not run");
    }
    found
}

fn terraform(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new("terraform")
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_VAR_secret", SECRET)
        .output()
        .expect("terraform runs");
    assert!(
        output.status.success(),
        "terraform {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Writes `files` under `dir`, then `terraform init`, `plan -out` and `show -json > plan.json`
/// (as Terraform writes it: one line).
fn plan(dir: &Path, files: &[(&str, &str)]) {
    write(dir, files);
    terraform(dir, &["init", "-input=false", "-no-color"]);
    terraform(dir, &["plan", "-input=false", "-no-color", "-lock=false", "-out=plan.out"]);
    let json = terraform(dir, &["show", "-json", "plan.out"]);
    std::fs::write(dir.join("plan.json"), json).unwrap();
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

const ROOT: &str = r#"variable "secret" {
  type      = string
  sensitive = true
}

resource "terraform_data" "key" {
  input = "key-material"
}

resource "terraform_data" "web" {
  count = 2
  input = {
    name   = "web-${count.index}"
    key    = terraform_data.key.output
    secret = var.secret
  }
}

resource "terraform_data" "later" {
  input = terraform_data.web[0].id
}

module "app" {
  source   = "./modules/app"
  for_each = toset(["dev", "prod"])
  env      = each.key
}
"#;

const APP: &str = r#"variable "env" {
  type = string
}

resource "terraform_data" "svc" {
  for_each = { api = 1, worker = 2 }
  input = {
    env  = var.env
    size = each.value
  }
}

module "inner" {
  source = "../inner"
  count  = 1
  label  = "${var.env}-inner"
}
"#;

const INNER: &str = r#"variable "label" {
  type = string
}

resource "terraform_data" "leaf" {
  input = var.label
}
"#;

#[test]
fn real_plan_with_modules_for_each_count_unknowns_and_secrets() {
    if !terraform_available("real_plan_with_modules_for_each_count_unknowns_and_secrets") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    plan(root, &[("main.tf", ROOT), ("modules/app/main.tf", APP), ("modules/inner/main.tf", INNER)]);
    let loaded = scan(root, None);
    assert_eq!(loaded.errors, vec![]);
    let graph = &loaded.graph;
    assert_eq!(
        instances(graph),
        vec![
            r#"module.app["dev"].module.inner[0].terraform_data.leaf"#,
            r#"module.app["dev"].terraform_data.svc["api"]"#,
            r#"module.app["dev"].terraform_data.svc["worker"]"#,
            r#"module.app["prod"].module.inner[0].terraform_data.leaf"#,
            r#"module.app["prod"].terraform_data.svc["api"]"#,
            r#"module.app["prod"].terraform_data.svc["worker"]"#,
            "terraform_data.key",
            "terraform_data.later",
            "terraform_data.web[0]",
            "terraform_data.web[1]",
        ]
    );

    // Located in the configuration: blocks, attributes, modules' own files.
    let main = root.join("main.tf");
    let (_, web1) = resource(graph, "terraform_data.web[1]");
    assert_eq!(located(graph, web1), format!("main.tf:{}", line_of(&main, r#"resource "terraform_data" "web""#)));
    let (_, leaf) = resource(graph, r#"module.app["prod"].module.inner[0].terraform_data.leaf"#);
    assert_eq!(located(graph, leaf), "modules/inner/main.tf:5");
    let origin = leaf.terraform().unwrap();
    assert_eq!(origin.module_path, r#"module.app["prod"].module.inner[0]"#);
    assert_eq!(origin.module_dir, "modules/inner");
    assert_eq!(leaf.body.get("input").known().and_then(Value::as_str), Some("prod-inner"));
    let (_, worker) = resource(graph, r#"module.app["dev"].terraform_data.svc["worker"]"#);
    let size = worker.body.lookup(&["input", "size"]).known().unwrap();
    assert_eq!(size.as_i64(), Some(2));
    assert_eq!(size.span.start.line, line_of(&root.join("modules/app/main.tf"), "size = each.value"));

    // Unknown after apply, quoting the configuration's expression.
    let (_, web0) = resource(graph, "terraform_data.web[0]");
    let key = web0.body.lookup(&["input", "key"]).value().unwrap();
    let unknown = key.as_unknown().expect("known after apply");
    assert_eq!((unknown.reason, unknown.source.as_str()), (UnknownReason::AfterApply, "terraform_data.key.output"));
    assert_eq!(key.span.start.line, line_of(&main, "key    = terraform_data.key.output"));
    assert!(web0.body.get("output").is_unknown(), "computed by the provider");

    // Edges: an indexed reference names one instance.
    let (later, _) = resource(graph, "terraform_data.later");
    assert_eq!(references(graph, later), vec!["terraform_data.web[0] (input)"]);
    let (web1_id, _) = resource(graph, "terraform_data.web[1]");
    assert_eq!(references(graph, web1_id), vec!["terraform_data.key (input)"]);

    // The sensitive variable's value is in the body, and nowhere printed.
    assert_eq!(web0.body.lookup(&["input", "secret"]).known().and_then(Value::as_str), Some(SECRET));
    let plan_text = std::fs::read_to_string(root.join("plan.json")).unwrap();
    assert!(plan_text.contains(SECRET), "Terraform writes it in clear text");
    assert!(!printable(graph).contains(SECRET));
    assert!(graph.sources().iter().all(|(_, s)| !s.text.contains(SECRET)));
    assert!(!reports(root, None).contains(SECRET));

    // Without the configuration: located in the plan, which Terraform writes on one line.
    let alone = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("plan.json"), alone.path().join("plan.json")).unwrap();
    let loaded = scan(alone.path(), None);
    let (_, web0) = resource(&loaded.graph, "terraform_data.web[0]");
    assert_eq!(located(&loaded.graph, web0), "plan.json:1");
    let shown = &loaded.graph.sources().iter().find(|(_, s)| s.path == "plan.json").unwrap().1.text;
    assert_eq!(shown.lines().count(), 1);
    assert!(shown.lines().all(|l| l.chars().count() <= tollgate_plan::MAX_SHOWN_LINE_CHARS + 1), "cut");
    assert!(!shown.contains(SECRET) && !printable(&loaded.graph).contains(SECRET));
    assert!(!reports(alone.path(), None).contains(SECRET));
}

#[test]
fn real_plan_deletions_are_skipped_not_checked() {
    if !terraform_available("real_plan_deletions_are_skipped_not_checked") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let before =
        "resource \"terraform_data\" \"keep\" {\n  input = \"a\"\n}\n\nresource \"terraform_data\" \"gone\" {\n  \
                  input = \"b\"\n}\n";
    write(root, &[("main.tf", before)]);
    terraform(root, &["init", "-input=false", "-no-color"]);
    terraform(root, &["apply", "-input=false", "-no-color", "-lock=false", "-auto-approve"]);
    plan(root, &[("main.tf", "resource \"terraform_data\" \"keep\" {\n  input = \"changed\"\n}\n")]);
    let loaded = scan(root, None);
    assert_eq!(loaded.errors, vec![]);
    assert_eq!(instances(&loaded.graph), vec!["terraform_data.keep"]);
    let (_, keep) = resource(&loaded.graph, "terraform_data.keep");
    assert_eq!(keep.body.get("input").known().and_then(Value::as_str), Some("changed"));
    assert!(loaded
        .skipped
        .iter()
        .any(|s| s.file == "plan.json" && s.reason == "`terraform_data.gone` is planned for deletion: not checked"));
}
