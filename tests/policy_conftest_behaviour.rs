//! `tollgate scan` and `tollgate policy test` with Conftest policies, end to end, for the
//! behaviours Conftest users rely on beyond deny/warn: an empty YAML file evaluated once with a
//! null input, Conftest's builtins (`parse_config`, `parse_config_file`,
//! `parse_combined_config_files`), `print()` with its `file:line` prefix, file counts in the
//! load summary, and nothing of the Rego engine's own on stderr.

mod common;

use common::{json, stdout, tollgate, write};
use serde_json::Value;

/// (rule, address, file:line, message) of the policy findings of a JSON report.
fn policy_rows(report: &Value) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings");
    findings
        .iter()
        .filter(|f| f["category"] == "policy")
        .map(|f| {
            format!(
                "{} {} {}:{} {}",
                f["rule_id"].as_str().unwrap_or_default(),
                f["address"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["start_line"],
                f["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn an_empty_yaml_file_is_evaluated_once_with_a_null_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "config/empty.yaml", "");
    write(root, "config/comments.yml", "# nothing here yet\n---\n");
    write(root, "config/app.yaml", "name: app\n");
    let policy = "package main\n\nimport rego.v1\n\ndeny contains \"the file is empty\" if input == null\n";
    write(root, "policy/empty.rego", policy);
    let output = tollgate(&["scan", "config", "--format", "json"], root);
    let report = json(&output);
    assert_eq!(
        policy_rows(&report),
        vec![
            "main.deny config/comments.yml config/comments.yml:1 the file is empty",
            "main.deny config/empty.yaml config/empty.yaml:1 the file is empty",
        ],
        "{}",
        stdout(&output)
    );
    assert_eq!(output.status.code(), Some(1));
}
