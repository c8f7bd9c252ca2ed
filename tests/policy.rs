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
