//! `--format sarif` end to end: the SARIF of every bundled estate is a reviewed snapshot, valid
//! SARIF 2.1.0 that follows GitHub code scanning's rules, and the same on every run; URIs are
//! relative to the git work tree (else the working directory); the category comes from the flag,
//! the configuration or the scanned paths; user policies and load errors are described too.

mod common;
#[path = "../reports/tests/common/sarif_checks.rs"]
mod sarif_checks;

use common::{tollgate, write};
use serde_json::Value;
use std::path::Path;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The SARIF text of `tollgate scan args... --format sarif` run in `cwd`, and its exit code.
fn sarif_text(args: &[&str], cwd: &Path) -> (String, Option<i32>) {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "sarif"]);
    let out = tollgate(&all, cwd);
    (String::from_utf8(out.stdout).expect("utf-8"), out.status.code())
}

fn parsed(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("SARIF is not JSON ({e}):\n{text}"))
}

fn assert_valid(log: &Value) {
    let errors = sarif_checks::schema_errors(log);
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    let violations = sarif_checks::github_violations(log);
    assert!(violations.is_empty(), "breaks GitHub's rules: {violations:#?}");
}

fn run(log: &Value) -> &Value {
    &log["runs"][0]
}

/// The distinct result URIs, sorted.
fn uris(log: &Value) -> Vec<String> {
    let results = run(log)["results"].as_array().expect("results");
    let mut uris: Vec<String> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .map(str::to_string)
        .collect();
    uris.sort();
    uris.dedup();
    uris
}

/// One test per estate: a valid, GitHub-ready, reviewed and deterministic SARIF file.
macro_rules! estate {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            let path = concat!("fixtures/", $dir);
            let (text, code) = sarif_text(&[path], repository());
            assert_eq!(code, Some(1), "each estate fails the gate");
            let log = parsed(&text);
            assert_valid(&log);
            assert_eq!(run(&log)["automationDetails"]["id"], concat!("tollgate/fixtures/", $dir, "/"));
            assert!(uris(&log).iter().all(|uri| uri.starts_with(concat!("fixtures/", $dir, "/"))), "{:?}", uris(&log));
            assert_eq!(sarif_text(&[path], repository()).0, text, "two runs, the same bytes");
            insta::assert_snapshot!(concat!($dir, ".sarif"), without_rule_descriptions(&log));
        }
    };
}

/// The log with the rules reduced to their ids (the same catalog in every estate: it has its own
/// golden file, `bundled_rules_golden`) and the version replaced.
fn without_rule_descriptions(log: &Value) -> String {
    let mut log = log.clone();
    let driver = &mut log["runs"][0]["tool"]["driver"];
    let ids: Vec<Value> = driver["rules"].as_array().into_iter().flatten().map(|rule| rule["id"].clone()).collect();
    driver["rules"] = Value::from(ids);
    let text = serde_json::to_string_pretty(&log).expect("JSON");
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

/// Every bundled rule as code scanning shows it; `help.text` is the Markdown source, so only the
/// Markdown is recorded.
#[test]
fn bundled_rules_golden() {
    let log = parsed(&sarif_text(&["fixtures/card-platform"], repository()).0);
    let mut rules = run(&log)["tool"]["driver"]["rules"].clone();
    for rule in rules.as_array_mut().into_iter().flatten() {
        let help = rule["help"].as_object_mut().expect("help");
        assert_eq!(help.get("text"), help.get("markdown"));
        help.remove("text");
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&rules).expect("JSON"));
}

estate!(platform_infrastructure, "platform-infrastructure");
estate!(card_platform, "card-platform");
estate!(quanttrader, "quanttrader");
estate!(webhook_delivery, "webhook-delivery");
estate!(suuupra, "suuupra");

/// The bundled rules' provider tags, derived from their documented examples, by id range:
/// TG1xx, TG30x, TG41x and the budget rules TG50x check Terraform on AWS, TG2xx, TG32x and TG40x
/// Kubernetes, TG0xx read inputs.
#[test]
fn every_bundled_rule_is_tagged_with_what_it_checks() {
    let log = parsed(&sarif_text(&["fixtures/card-platform"], repository()).0);
    let rules = run(&log)["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.len() > 50, "every rule of the catalog is described, with results or not");
    for rule in rules {
        let id = rule["id"].as_str().unwrap_or_default();
        let tags: Vec<&str> =
            rule["properties"]["tags"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let providers: Vec<&str> =
            tags.iter().copied().filter(|t| ["aws", "terraform", "kubernetes"].contains(t)).collect();
        let expected: &[&str] = match &id[..4] {
            "TG00" => &[],
            "TG10" | "TG11" | "TG12" | "TG13" | "TG30" | "TG41" | "TG50" => &["terraform", "aws"],
            _ => &["kubernetes"],
        };
        assert_eq!(providers, expected, "{id}: {tags:?}");
    }
}

/// A git work tree at `repo/`, with an admin port open in `repo/infra/main.tf`.
fn tree(with_git: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let sg = "resource \"aws_security_group\" \"ssh\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    \
              protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    write(dir.path(), "repo/infra/main.tf", sg);
    if with_git {
        std::fs::create_dir_all(dir.path().join("repo/.git")).expect("mkdir .git");
    }
    dir
}

#[test]
fn uris_are_relative_to_the_git_work_tree_wherever_the_scan_runs() {
    let dir = tree(true);
    let infra = dir.path().join("repo/infra");
    let from_infra = parsed(&sarif_text(&["."], &infra).0);
    assert_valid(&from_infra);
    assert_eq!(uris(&from_infra), ["infra/main.tf"]);
    assert_eq!(run(&from_infra)["automationDetails"]["id"], "tollgate/infra/");
    let from_above = parsed(&sarif_text(&["repo/infra"], dir.path()).0);
    assert_eq!(uris(&from_above), ["infra/main.tf"], "the root holds the scan, not the working directory");
    let fingerprint = |log: &Value| {
        let results = run(log)["results"].as_array().cloned().unwrap_or_default();
        let open_port = results.into_iter().find(|r| r["ruleId"] == "TG101").expect("the TG101 result");
        open_port["partialFingerprints"]["tollgate/v1"].clone()
    };
    assert_eq!(fingerprint(&from_infra), fingerprint(&from_above));
}

#[test]
fn without_git_uris_are_relative_to_the_working_directory() {
    let dir = tree(false);
    let infra = dir.path().join("repo/infra");
    let log = parsed(&sarif_text(&["."], &infra).0);
    assert_eq!(uris(&log), ["main.tf"]);
    assert_eq!(run(&log)["automationDetails"]["id"], "tollgate/");
}

#[test]
fn the_category_comes_from_the_flag_then_the_configuration() {
    let dir = tree(true);
    let repo = dir.path().join("repo");
    write(&repo, "tollgate.toml", "[sarif]\ncategory = \"iac/prod\"\n");
    let configured = parsed(&sarif_text(&["infra"], &repo).0);
    assert_eq!(run(&configured)["automationDetails"]["id"], "iac/prod/");
    let flagged = parsed(&sarif_text(&["infra", "--sarif-category", "nightly/"], &repo).0);
    assert_eq!(run(&flagged)["automationDetails"]["id"], "nightly/");
    write(&repo, "tollgate.toml", "[sarif]\ncategry = \"typo\"\n");
    let out = tollgate(&["scan", "infra", "--format", "sarif"], &repo);
    assert_eq!(out.status.code(), Some(2), "an unknown key is an error");
}

#[test]
fn an_output_file_holds_the_same_sarif() {
    let dir = tree(true);
    let repo = dir.path().join("repo");
    let out = tollgate(&["scan", "infra", "--output", "sarif=out/results.sarif"], &repo);
    assert_eq!(out.status.code(), Some(1));
    let written = std::fs::read_to_string(repo.join("out/results.sarif")).expect("the SARIF file");
    assert_eq!(written, sarif_text(&["infra"], &repo).0);
}

/// A policy result over every input at once (`--combine`) has no file; a file that does not
/// parse is an error notification and a TG000 result.
#[test]
fn user_policies_without_files_and_load_errors_are_described() {
    let dir = tree(true);
    let repo = dir.path().join("repo");
    write(&repo, "infra/broken.tf", "resource \"aws_s3_bucket\" {\n");
    let policy = "package main\n\nimport rego.v1\n\n# METADATA\n# title: Two inputs at most\n# description: Keep \
                  scans small.\ndeny contains msg if {\n\tcount(input) > 0\n\tmsg := \"combined result\"\n}\n";
    write(&repo, "policy/combine.rego", policy);
    let (text, code) = sarif_text(&["infra", "--combine"], &repo);
    assert_eq!(code, Some(1));
    let log = parsed(&text);
    assert_valid(&log);
    let results = run(&log)["results"].as_array().expect("results");
    let combined = results
        .iter()
        .find(|r| r["message"]["text"].as_str().is_some_and(|t| t.starts_with("combined result")))
        .expect("the policy result");
    let physical = &combined["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "policy/combine.rego", "shown at its rule: {combined}");
    let rules = run(&log)["tool"]["driver"]["rules"].as_array().expect("rules");
    let index = combined["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["properties"]["tollgate/origin"], "policy");
    assert_eq!(rules[index]["properties"]["precision"], "medium");
    assert!(results.iter().any(|r| r["ruleId"] == "TG000"), "the parse error is a result");
    let notifications = run(&log)["invocations"][0]["toolExecutionNotifications"].as_array().expect("list");
    let error = notifications.iter().find(|n| n["level"] == "error").expect("an error notification");
    assert_eq!(error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "infra/broken.tf");
}

#[test]
fn a_clean_scan_is_a_valid_empty_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", "locals {\n  name = \"ok\"\n}\n");
    let (text, code) = sarif_text(&["."], dir.path());
    assert_eq!(code, Some(0));
    let log = parsed(&text);
    assert_valid(&log);
    assert_eq!(run(&log)["results"], serde_json::json!([]));
}
