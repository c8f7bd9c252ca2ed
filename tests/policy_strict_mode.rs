//! OPA's strict-mode compiler checks under `--strict`, end to end: a user policy file that
//! fails one is a load error at its place with OPA's wording and is left out, the other files
//! still run; without `--strict` the same file loads.

mod common;

use common::{json, tollgate, write};

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";

const GOOD: &str = "package main\n\ndeny contains \"named web\" if input.metadata.name == \"web\"\n";

const UNUSED: &str = "package main\n\ndeny contains \"a service\" if {\n\tinput.kind == \"Service\"\n\tb := 1\n}\n";

fn messages(report: &serde_json::Value, key: &str) -> Vec<String> {
    let items = report[key].as_array().cloned().unwrap_or_default();
    items.iter().filter_map(|f| f["message"].as_str().map(str::to_string)).collect()
}

#[test]
fn scan_strict_refuses_a_policy_file_with_an_unused_assignment_and_runs_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "k8s/svc.yaml", SERVICE);
    write(root, "policy/good.rego", GOOD);
    write(root, "policy/unused.rego", UNUSED);

    let lenient = tollgate(&["scan", "k8s", "-f", "json"], root);
    let mut found = messages(&json(&lenient), "findings");
    found.sort();
    assert_eq!(found, ["a service", "named web"]);

    let strict = tollgate(&["scan", "k8s", "--strict", "-f", "json"], root);
    let report = json(&strict);
    let findings = report["findings"].as_array().unwrap();
    let rule_results: Vec<&str> =
        findings.iter().filter(|f| f["rule_id"] != "TG000").filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(rule_results, ["named web"], "the refused file's rule does not run, the other file's does");
    let refused: Vec<String> = findings
        .iter()
        .filter(|f| f["rule_id"] == "TG000")
        .map(|f| format!("{}:{} {}", f["file"].as_str().unwrap(), f["start_line"], f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        refused,
        ["policy/unused.rego:5 assigned var b unused (OPA's strict mode, `--strict`) (line 5, column 2); this policy file was not loaded"]
    );
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn policy_test_strict_refuses_a_test_file_with_an_unused_import() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "policy/t_test.rego",
        "package t_test

import data.lib

test_one if 1 == 1
",
    );
    let lenient = tollgate(&["policy", "test", "policy"], root);
    let text = String::from_utf8_lossy(&lenient.stdout).into_owned();
    assert!(text.contains("1 tests, 1 passed"), "{text}");
    let strict = tollgate(&["policy", "test", "--strict", "policy"], root);
    let text = String::from_utf8_lossy(&strict.stdout).into_owned();
    assert!(
        text.contains("ERROR policy/t_test.rego:3: import data.lib unused (OPA's strict mode, `--strict`)"),
        "{text}"
    );
    assert!(text.contains("0 tests") && text.contains("1 failed"), "{text}");
    assert_ne!(strict.status.code(), Some(0));
}
