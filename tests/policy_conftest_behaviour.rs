//! `tollgate scan` and `tollgate policy test` with Conftest policies, end to end, for the
//! behaviours Conftest users rely on beyond deny/warn: an empty YAML file evaluated once with a
//! null input, Conftest's builtins (`parse_config`, `parse_config_file`,
//! `parse_combined_config_files`), `print()` with its `file:line` prefix, file counts in the
//! load summary, and nothing of the Rego engine's own on stderr.

mod common;

use common::{json, policy_rows, stdout, tollgate, write};
use serde_json::Value;

/// The messages of the policy findings of a JSON report, in report order.
fn messages(report: &Value) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings");
    let policy = findings.iter().filter(|f| f["category"] == "policy");
    policy.map(|f| f["message"].as_str().unwrap_or_default().to_string()).collect()
}

const TRIVY_NULL_CHECK: &str = r#"# METADATA
# title: Null input
# custom:
#   id: USR-NULL-1
#   severity: HIGH
#   input:
#     selector:
#     - type: yaml
package user.nullcheck

import rego.v1

deny contains res if {
	input == null
	res := result.new("null input", {})
}
"#;

#[test]
fn an_empty_yaml_file_is_evaluated_once_with_a_null_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "config/empty.yaml", "");
    write(root, "config/comments.yml", "# nothing here yet\n---\n");
    write(root, "config/app.yaml", "name: app\n");
    let policy = "package main\n\nimport rego.v1\n\ndeny contains \"the file is empty\" if input == null\n";
    write(root, "policy/empty.rego", policy);
    // Trivy's parsers give no document for an empty file: a Trivy check never sees the null.
    write(root, "policy/trivy.rego", TRIVY_NULL_CHECK);
    let output = tollgate(&["scan", "config", "--format", "json"], root);
    let report = json(&output);
    assert_eq!(
        policy_rows(&report),
        vec![
            "main.deny high config/comments.yml config/comments.yml:1-1",
            "main.deny high config/empty.yaml config/empty.yaml:1-1",
        ],
        "{}",
        stdout(&output)
    );
    assert_eq!(messages(&report), vec!["the file is empty", "the file is empty"]);
    assert_eq!(output.status.code(), Some(1));
}

/// Written from Conftest's documentation of its builtins (`parse_config` with HCL 2 in a test).
const ALB_POLICY: &str = r#"package main

import rego.v1

deny contains msg if {
	proto := input.resource.aws_alb_listener[lb].protocol
	proto == "HTTP"
	msg := sprintf("ALB `%v` is using HTTP rather than HTTPS", [lb])
}
"#;

const ALB_TESTS: &str = r#"package main

import rego.v1

test_deny_alb_http if {
	cfg := parse_config("hcl2", `
resource "aws_alb_listener" "lb_with_http" {
  protocol = "HTTP"
}
`)
	deny with input as cfg
	count(deny) == 1 with input as cfg
}

test_alb_https_from_file if {
	cfg := parse_config_file("fixtures/https.tf")
	count(deny) == 0 with input as cfg
}

test_combined_files if {
	combined := parse_combined_config_files(["fixtures/https.tf", "fixtures/app.yaml"])
	[entry.path | some entry in combined] == ["fixtures/app.yaml", "fixtures/app.yaml", "fixtures/https.tf"]
	combined[0].contents.name == "a"
}

test_reading_outside_is_refused if {
	parse_config_file("../outside.yaml")
}
"#;

#[test]
fn conftest_config_builtins_parse_text_and_files_and_refuse_files_outside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("repo");
    write(&root, "policy/alb.rego", ALB_POLICY);
    write(&root, "policy/alb_test.rego", ALB_TESTS);
    write(&root, "fixtures/https.tf", "resource \"aws_alb_listener\" \"lb\" {\n  protocol = \"HTTPS\"\n}\n");
    write(&root, "fixtures/app.yaml", "name: a\n---\nname: b\n");
    write(dir.path(), "outside.yaml", "secret: s\n");
    let output = tollgate(&["policy", "test", "policy"], &root);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("PASS  policy/alb_test.rego:5 main.test_deny_alb_http")), "{text}");
    assert!(
        lines.iter().any(|l| l.starts_with("PASS  policy/alb_test.rego:15 main.test_alb_https_from_file")),
        "{text}"
    );
    assert!(lines.iter().any(|l| l.starts_with("PASS  policy/alb_test.rego:20 main.test_combined_files")), "{text}");
    assert!(
        lines.iter().any(|l| l.starts_with("ERROR policy/alb_test.rego:26 main.test_reading_outside_is_refused")),
        "{text}"
    );
    assert!(text.contains("refused to read `../outside.yaml`: it is outside the working directory"), "{text}");
    assert!(!text.contains("secret"), "{text}");
    assert!(text.contains("4 tests, 3 passed, 0 failed, 1 errors; 2 policy files loaded, 0 failed"), "{text}");
}

#[test]
fn rego_metadata_calls_fail_only_the_rules_that_make_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let policy = r#"package main

import rego.v1

# METADATA
# title: Replicas
deny contains msg if {
	input.replicas < 2
	msg := rego.metadata.rule().title
}

deny contains "no name" if not input.name

test_no_name if {
	deny["no name"] with input as {"replicas": 3}
}

test_title if {
	count(deny) == 2 with input as {"replicas": 1}
}
"#;
    write(root, "policy/meta.rego", policy);
    write(root, "config/app.yaml", "replicas: 1\n");
    let output = tollgate(&["policy", "test", "policy"], root);
    let text = stdout(&output);
    assert!(text.contains("PASS  policy/meta.rego:14 main.test_no_name"), "{text}");
    assert!(text.contains("ERROR policy/meta.rego:18 main.test_title"), "{text}");
    assert!(text.contains("rego.metadata.rule() is not supported"), "{text}");
    assert!(
        text.contains("NOTE  policy/meta.rego:9: rego.metadata.rule() is not supported by the Rego engine"),
        "{text}"
    );

    let output = tollgate(&["scan", "config", "--format", "json"], root);
    let report = json(&output);
    // The call fails the whole `deny` rule on that input (an error, never a silent pass).
    assert!(policy_rows(&report).is_empty(), "{report}");
    let errors = report["errors"].to_string();
    assert!(
        errors.contains("policy rule main.deny failed") && errors.contains("rego.metadata.rule() is not supported"),
        "{errors}"
    );
}

const PRINTING: &str = r#"package main

import rego.v1

deny contains msg if {
	print("checking", input.name)
	input.replicas < 2
	msg := "fewer than 2 replicas"
}

test_single_replica_is_denied if {
	print("case: one replica")
	deny["fewer than 2 replicas"] with input as {"name": "t", "replicas": 1}
}
"#;

/// Two calls of unknown functions: two errors, one file.
const BROKEN: &str =
    "package main\n\nimport rego.v1\n\nwarn contains x if x := nope(1)\n\nwarn contains x if x := nada(2)\n";

#[test]
fn print_output_carries_file_and_line_and_the_summary_counts_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "policy/replicas.rego", PRINTING);
    write(root, "policy/broken.rego", BROKEN);
    write(root, "config/app.yaml", "name: app\nreplicas: 1\n");
    let output = tollgate(&["policy", "test", "policy"], root);
    let text = stdout(&output);
    let expected_print = "      policy/replicas.rego:12: case: one replica\n      policy/replicas.rego:6: checking t\n";
    assert!(text.contains("main.test_single_replica_is_denied"), "{text}");
    assert!(text.contains(expected_print), "{text}");
    assert_eq!(text.matches("ERROR policy/broken.rego").count(), 2, "{text}");
    assert!(text.ends_with("1 tests, 1 passed, 0 failed, 0 errors; 1 policy file loaded, 1 failed\n"), "{text}");

    let output = tollgate(&["scan", "config", "--format", "json", "--policy", "policy"], root);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, "policy/replicas.rego:6: checking app\n");
    let report = json(&output);
    assert_eq!(policy_rows(&report), vec!["main.deny high config/app.yaml config/app.yaml:1-2"]);
    assert_eq!(messages(&report), vec!["fewer than 2 replicas"]);
}

#[test]
fn the_rego_engine_never_writes_to_stderr_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // regorus warns on stderr of a redundant `import input`, and of `if` read as a name while
    // the broken file is parsed once more as Rego v0 to explain its error.
    let redundant = "package main\n\nimport input\n\ndeny contains \"x\" if input.x == 1\n";
    write(root, "policy/a.rego", redundant);
    write(root, "policy/b.rego", "package other\n\ndeny contains msg if {\n\tmsg := \"x\" +\n}\n");
    write(root, "config/a.yaml", "x: 1\n");
    let output = tollgate(&["scan", "config", "--format", "json", "--policy", "policy"], root);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, "note: policy/a.rego:3: the Rego engine says: warning: redundant import of `input`\n");
    assert_eq!(policy_rows(&json(&output)), vec!["main.deny high config/a.yaml config/a.yaml:1-1"]);

    let output = tollgate(&["policy", "test", "policy"], root);
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(
        text.contains("NOTE  policy/a.rego:3: the Rego engine says: warning: redundant import of `input`\n"),
        "{text}"
    );
    assert!(text.ends_with("0 tests, 0 passed, 0 failed, 0 errors; 1 policy file loaded, 1 failed\n"), "{text}");
}

/// A Terraform plan of a format Tollgate does not model (0.1) is read by Conftest policies as
/// any JSON (Conftest: exit 0 for a passing policy); that it is not read as a plan is a note
/// in the report's `skipped` list and under -v, not a gate-failing error.
#[test]
fn an_old_plan_format_is_plain_json_for_conftest_policies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let plan = "{\"format_version\": \"0.1\", \"terraform_version\": \"0.11.14\", \"planned_values\": {}}\n";
    write(root, "old.json", plan);
    let policy = "package main\n\nimport rego.v1\n\ndeny contains \"terraform too old\" if input.terraform_version == \"0.11.14\"\n\
                  warn contains sprintf(\"terraform %s\", [input.terraform_version]) if true\n";
    write(root, "policy/plan.rego", policy);
    let output = tollgate(&["scan", "old.json", "--format", "json"], root);
    let report = json(&output);
    assert_eq!(policy_rows(&report).len(), 2, "{report}");
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    let reason = report["skipped"][0]["reason"].as_str().unwrap_or_default();
    assert!(reason.starts_with("not read as a Terraform plan: format_version `0.1` is not supported"), "{report}");
    // Only the policy's own deny fails the gate: without it, the scan passes.
    write(
        root,
        "policy/plan.rego",
        policy.replace("deny contains", "deny_never contains").replace("== \"0.11.14\"", "== \"x\""),
    );
    assert_eq!(tollgate(&["scan", "old.json"], root).status.code(), Some(0));
    let verbose = stdout(&tollgate(&["scan", "old.json", "-v"], root));
    assert!(verbose.contains("Conftest-style policies still read it as JSON"), "{verbose}");
}

/// Conftest's `-c conftest.toml`: `--config` naming a file called `conftest.toml` reads it as
/// one (in place of the working directory's; its paths relative to the working directory, as
/// Conftest reads them); another file of Conftest settings fails with a hint to name it so.
#[test]
fn config_naming_a_conftest_toml_reads_it_as_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";
    write(root, "configfile/deployment.yaml", deployment);
    let policy = "package conftest\n\nimport rego.v1\n\ndeny contains \"Containers must not run as root\" if input.kind == \"Deployment\"\n";
    write(root, "configfile/test/deny.rego", policy);
    write(root, "configfile/conftest.toml", "policy = \"configfile/test\"\nnamespace = \"conftest\"\n");
    let output = tollgate(
        &["scan", "configfile/deployment.yaml", "--config", "configfile/conftest.toml", "--format", "json"],
        root,
    );
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json(&output);
    assert_eq!(policy_rows(&report), ["conftest.deny high Deployment/web configfile/deployment.yaml:1-10"]);
    assert!(report.to_string().contains("Containers must not run as root"), "{report}");
    // Without it, namespace `main` has no rule: the policy does not run.
    let output = tollgate(&["scan", "configfile/deployment.yaml", "-p", "configfile/test", "--format", "json"], root);
    assert!(policy_rows(&json(&output)).is_empty());

    write(root, "ci/prod.toml", "policy = \"configfile/test\"\nnamespace = \"conftest\"\n");
    let output = tollgate(&["scan", "configfile/deployment.yaml", "--config", "ci/prod.toml"], root);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("name the file conftest.toml for --config to read it as one"), "{stderr}");
    let missing = tollgate(&["scan", "configfile/deployment.yaml", "--config", "nowhere/conftest.toml"], root);
    assert_eq!(missing.status.code(), Some(2));

    // One tollgate.toml and one conftest.toml may be named together; two of a kind may not.
    write(root, "ci/tollgate.toml", "disable = [\"conftest.deny\"]\n");
    let both = ["scan", "configfile/deployment.yaml", "--format", "json", "--allow-empty"];
    let output = tollgate(
        &[&both[..], &["--config", "configfile/conftest.toml", "--config", "ci/tollgate.toml"]].concat(),
        root,
    );
    assert!(
        policy_rows(&json(&output)).is_empty(),
        "the rule the conftest.toml selects is disabled by the tollgate.toml"
    );
    let output = tollgate(
        &[&both[..], &["--config", "configfile/conftest.toml", "--config", "configfile/conftest.toml"]].concat(),
        root,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--config names 2 conftest.toml files"));
}
