//! Rego as OPA evaluates it, end to end: builtin errors are undefined by default and errors
//! with `--strict` (flag, `tollgate.toml`, `conftest.toml`), a rule that still fails names
//! where, and `not` over an operand that can be undefined is a warning at its place.

mod common;

use common::{json, tollgate, write};

const SERVICE: &str =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  ports: null\n";

const POLICY: &str = r#"package main

deny contains "label matches" if {
	regex.match("^x", input.metadata.labels)
}

deny contains "named web" if input.metadata.name == "web"
"#;

fn rows(report: &serde_json::Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!("{} {}", f["message"].as_str().unwrap(), f["start_line"].as_u64().or(f["line"].as_u64()).unwrap())
        })
        .collect()
}

#[test]
fn builtin_errors_are_undefined_by_default_and_errors_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "k8s/svc.yaml", SERVICE);
    write(root, "policy/main.rego", POLICY);

    let lenient = json(&tollgate(&["scan", "k8s", "-f", "json"], root));
    assert_eq!(rows(&lenient, "errors"), Vec::<String>::new());
    let messages: Vec<&str> =
        lenient["findings"].as_array().unwrap().iter().filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(messages, ["named web"], "the regex rule is undefined, the other one still fires");

    let strict = json(&tollgate(&["scan", "k8s", "--strict", "-f", "json"], root));
    let errors = rows(&strict, "errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("policy rule main.deny failed at policy/main.rego:4:"),
        "the failing expression's place: {errors:?}"
    );
    assert!(
        errors[0].contains("`regex.match` expects string argument") && errors[0].contains("on Service/web"),
        "{errors:?}"
    );

    write(root, "tollgate.toml", "[policy]\nstrict = true\n");
    let from_config = json(&tollgate(&["scan", "k8s", "-f", "json"], root));
    assert_eq!(rows(&from_config, "errors").len(), 1);
    std::fs::remove_file(root.join("tollgate.toml")).unwrap();
    write(root, "conftest.toml", "strict = true\n");
    let from_conftest = json(&tollgate(&["scan", "k8s", "-f", "json"], root));
    assert_eq!(rows(&from_conftest, "errors").len(), 1);
}

#[test]
fn policy_test_strict_turns_an_undefined_builtin_into_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policy/t_test.rego", "package t_test\n\ntest_semver if semver.compare(\"x\", \"1.0.0\") == 0\n");
    let lenient = tollgate(&["policy", "test", "policy"], root);
    let text = String::from_utf8_lossy(&lenient.stdout).into_owned();
    assert!(text.contains("FAIL ") && text.contains("1 failed, 0 errors"), "{text}");
    let strict = tollgate(&["policy", "test", "--strict", "policy"], root);
    let text = String::from_utf8_lossy(&strict.stdout).into_owned();
    assert!(text.contains("ERROR") && text.contains("invalid semver") && text.contains("0 failed, 1 errors"), "{text}");
}

#[test]
fn a_rule_that_still_fails_names_file_line_rule_and_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "k8s/svc.yaml", SERVICE);
    write(
        root,
        "policy/ports.rego",
        "package main\n\ndeny contains \"ssh\" if {\n\tsome p in input.spec.ports\n\tp.port == 22\n}\n",
    );
    let report = json(&tollgate(&["scan", "k8s", "-f", "json"], root));
    assert_eq!(
        rows(&report, "errors"),
        ["policy rule main.deny failed at policy/ports.rego:4:25: `some .. in collection` expects array/set/object. Got `null` on Service/web; its results there are missing: fix the policy 3"]
    );
}

#[test]
fn not_over_an_undefined_operand_is_a_warning_at_its_place_and_the_policy_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "k8s/svc.yaml", SERVICE);
    let policy = "package main\n\nallowed := {\"LoadBalancer\": true}\n\ndeny contains \"type\" if {\n\tnot allowed[input.spec.type]\n}\n";
    write(root, "policy/type.rego", policy);
    let output = tollgate(&["scan", "k8s", "-f", "json"], root);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0]
            .starts_with("warning: policy/type.rego:6:14: `not` over an expression whose index `input.spec.type`"),
        "{stderr}"
    );
    let report = json(&output);
    assert_eq!(rows(&report, "errors"), Vec::<String>::new(), "a warning is not an error");
    let messages: Vec<&str> =
        report["findings"].as_array().unwrap().iter().filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(messages, ["type"], "regorus's result is kept (the policy is not rewritten)");
}
