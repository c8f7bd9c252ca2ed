//! `tollgate scan --policy`: the user's Conftest-style Rego policies beside the native rules.

mod common;

use common::{json, tollgate, write};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n";

const POLICY: &str = r#"package main

import rego.v1

deny contains msg if {
	some container in input.spec.containers
	container.securityContext.privileged
	msg := sprintf("container %s is privileged", [container.name])
}

warn contains "no labels" if not input.metadata.labels
"#;

fn policy_rows(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "policy")
        .map(|f| format!("{} {} {} {}:{}", f["rule_id"], f["severity"], f["address"], f["file"], f["start_line"]))
        .collect()
}

/// Each test of a `policy test --format json` report as `outcome file:line name`.
fn test_rows(report: &serde_json::Value) -> Vec<String> {
    report["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} {}:{} {}",
                t["outcome"].as_str().unwrap(),
                t["file"].as_str().unwrap(),
                t["line"],
                t["name"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn default_policy_dir_and_explicit_flag_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "k8s/pod.yaml", POD);
    write(root, "policy/pod.rego", POLICY);
    write(root, "other/broken.rego", "package main\n\ndeny contains msg if {\n");
    let expected = vec![
        r#""main.deny" "high" "Pod/debug" "k8s/pod.yaml":1"#.to_string(),
        r#""main.warn" "low" "Pod/debug" "k8s/pod.yaml":1"#.to_string(),
    ];
    let by_default = json(&tollgate(&["scan", "k8s", "--format", "json"], root));
    assert_eq!(policy_rows(&by_default), expected);
    let explicit =
        json(&tollgate(&["scan", "k8s", "--format", "json", "--policy", "policy", "--policy", "other"], root));
    assert_eq!(policy_rows(&explicit), expected);
    // The broken policy is an error with its file and line; the scan went on.
    let errors = explicit["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["file"].as_str().unwrap().ends_with("broken.rego"), "{errors:?}");
    assert!(errors[0]["line"].as_u64().unwrap() >= 3, "{errors:?}");
}

#[test]
fn policy_test_runs_test_rules_prints_each_result_and_fails_on_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policy/pod.rego", POLICY.replace("input.values.", "input."));
    write(
        root,
        "policy/pod_test.rego",
        r#"package main

import rego.v1

privileged_pod := {"kind": "Pod", "metadata": {"name": "p", "labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "securityContext": {"privileged": true}}]}}

test_privileged_pod_is_denied if {
	deny["container c is privileged"] with input as privileged_pod
}

test_labelled_pod_has_no_warning if {
	count(warn) == 0 with input as privileged_pod
}
"#,
    );
    let output = tollgate(&["policy", "test"], root);
    let text = common::stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("PASS  policy/pod_test.rego:7 main.test_privileged_pod_is_denied"), "{text}");
    assert!(text.ends_with("2 tests, 2 passed, 0 failed, 0 errors; 2 policy files loaded, 0 failed\n"), "{text}");

    // A failing test: exit 1, named with its file and line.
    write(root, "more/extra_test.rego", "package main\n\nimport rego.v1\n\ntest_no_denials if {\n\tcount(deny) == 0 with input as {\"kind\": \"Pod\", \"spec\": {\"containers\": [{\"name\": \"x\", \"securityContext\": {\"privileged\": true}}]}}\n}\n");
    let output = tollgate(&["policy", "test", "policy", "more", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1));
    let outcomes = test_rows(&json(&output));
    assert_eq!(
        outcomes,
        [
            "fail more/extra_test.rego:5 test_no_denials",
            "pass policy/pod_test.rego:11 test_labelled_pod_has_no_warning",
            "pass policy/pod_test.rego:7 test_privileged_pod_is_denied",
        ]
    );
    // No tests at all is not a pass.
    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "policy/p.rego", "package main\n");
    assert_eq!(tollgate(&["policy", "test"], empty.path()).status.code(), Some(1));
}

#[test]
fn a_users_tollgate_policy_reads_resources_and_follows_edges() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "k8s/app.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      serviceAccountName: api\n      automountServiceAccountToken: false\n      containers:\n        - name: api\n          image: registry.example.com/api:1.0.0\n",
    );
    write(
        root,
        "policy/accounts.rego",
        r#"# METADATA
# title: Workload service accounts carry an owner annotation
# custom:
#   id: ACME-001
#   severity: medium
#   category: least-privilege
package tollgate.acme.accounts

import data.tollgate.lib
import rego.v1

deny contains {"msg": msg, "path": ["spec", "template", "spec", "serviceAccountName"]} if {
	input.type == "Deployment"
	some account in lib.outgoing(input.id, "service-account")
	not account.values.metadata.annotations.owner
	msg := sprintf("%s runs as %s, which has no owner annotation: add metadata.annotations.owner", [input.address, account.address])
}
"#,
    );
    let report = json(&tollgate(&["scan", "k8s", "--format", "json"], root));
    let rows: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "ACME-001")
        .map(|f| format!("{} {} {} {}:{}", f["severity"], f["category"], f["address"], f["file"], f["start_line"]))
        .collect();
    assert_eq!(rows, [r#""medium" "least-privilege" "Deployment/shop/api" "k8s/app.yaml":21"#]);
}

/// regorus 0.14's `sprintf` panics on a width with a non-ASCII digit (`%½d`: `expect` on
/// `to_digit`): the panic must be an error naming the policy, and the rest of the scan must be
/// reported with a normal exit code.
const PANICKING_POLICY: &str = r#"package main

import rego.v1

deny_format contains "bad width" if {
	sprintf("%½d", [count(input.spec.containers)])
}

test_format if {
	sprintf("%½d", [1])
}

test_plain if {
	true
}
"#;

#[test]
fn a_panic_inside_the_rego_engine_is_an_error_naming_the_policy_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "k8s/pod.yaml", POD);
    write(root, "policy/pod.rego", POLICY);
    write(root, "policy/boom.rego", PANICKING_POLICY);
    let output = tollgate(&["scan", "k8s", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked at"), "the panic is not printed as a crash: {stderr}");
    let report = json(&output);
    assert_eq!(
        policy_rows(&report),
        [r#""main.deny" "high" "Pod/debug" "k8s/pod.yaml":1"#, r#""main.warn" "low" "Pod/debug" "k8s/pod.yaml":1"#]
    );
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "policy/boom.rego");
    assert_eq!(errors[0]["line"], 5);
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.starts_with("policy rule main.deny_format failed: the Rego engine panicked: "), "{message}");

    // `policy test`: the panicking test is an error of its own, the other test still passes.
    let output = tollgate(&["policy", "test", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked at"));
    let outcomes = test_rows(&json(&output));
    assert_eq!(outcomes, ["error policy/boom.rego:9 test_format", "pass policy/boom.rego:13 test_plain"]);
}

#[test]
fn policy_test_reports_each_case_of_a_parameterised_test() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policy/pod.rego", POLICY);
    write(root, "policy/cases.rego", "package fixtures\n\nimport rego.v1\n\nimages := {\"pinned\": \"busybox:1.36\", \"latest\": \"busybox:latest\", \"bare\": \"busybox\"}\n");
    write(
        root,
        "policy/pod_test.rego",
        r#"package main

import data.fixtures as f
import rego.v1

# One case per image: the test body checks the image is pinned (only "pinned" passes).
test_image_is_pinned[name] if {
	some name, image in f.images
	not endswith(image, ":latest")
	contains(image, ":")
}

test_plain if {
	count(deny) == 0 with input as {"kind": "Pod", "spec": {"containers": []}}
}
"#,
    );
    let output = tollgate(&["policy", "test", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1), "two cases fail");
    let outcomes = test_rows(&json(&output));
    assert_eq!(
        outcomes,
        [
            r#"fail policy/pod_test.rego:7 test_image_is_pinned["bare"]"#,
            r#"fail policy/pod_test.rego:7 test_image_is_pinned["latest"]"#,
            r#"pass policy/pod_test.rego:7 test_image_is_pinned["pinned"]"#,
            "pass policy/pod_test.rego:13 test_plain",
        ]
    );
    let text = common::stdout(&tollgate(&["policy", "test"], root));
    assert!(text.contains(r#"FAIL  policy/pod_test.rego:7 main.test_image_is_pinned["latest"]"#), "{text}");
    assert!(text.ends_with("4 tests, 2 passed, 2 failed, 0 errors; 3 policy files loaded, 0 failed\n"), "{text}");
}
