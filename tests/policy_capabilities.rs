//! Which builtins the user's policies may call: clock and random builtins refused by default,
//! `--capabilities FILE` (OPA's capabilities JSON) on `scan` and `policy test`, and
//! `[policy] builtins = { allow, deny }` / `capabilities` in tollgate.toml.

mod common;

use common::{json, tollgate, write};
use std::path::Path;

const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: strict\n";

/// Calls `time.now_ns` on line 5, `regex.match` on line 6.
const CLOCK_POLICY: &str = r#"package main

deny contains msg if {
	input.kind == "ConfigMap"
	time.now_ns() > 0
	regex.match("^s", input.metadata.name)
	msg := sprintf("%s checked", [input.metadata.name])
}
"#;

/// Only `startswith`, `sprintf` and `time.now_ns` (with OPA's `decl` and `allow_net` keys, ignored).
const CAPABILITIES: &str = r#"{
  "builtins": [
    {"name": "sprintf", "decl": {"type": "function"}},
    {"name": "startswith", "decl": {"type": "function"}},
    {"name": "time.now_ns", "decl": {"type": "function"}}
  ],
  "allow_net": [],
  "future_keywords": ["if", "in"]
}
"#;

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k8s/cm.yaml", CONFIG_MAP);
    write(dir.path(), "policy/clock.rego", CLOCK_POLICY);
    write(dir.path(), "caps.json", CAPABILITIES);
    dir
}

/// The report's errors as `file:line:column message`, and its policy findings' messages.
fn scan(root: &Path, extra: &[&str]) -> (i32, Vec<String>, Vec<String>) {
    let mut args = vec!["scan", "k8s", "--format", "json"];
    args.extend_from_slice(extra);
    let output = tollgate(&args, root);
    let code = output.status.code().unwrap_or(-1);
    if code == 2 {
        return (code, vec![String::from_utf8_lossy(&output.stderr).into_owned()], Vec::new());
    }
    let report = json(&output);
    let errors = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!("{}:{}:{} {}", e["file"].as_str().unwrap(), e["line"], e["column"], e["message"].as_str().unwrap())
        })
        .collect();
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "policy")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    (code, errors, findings)
}

#[test]
fn the_clock_is_refused_by_default_with_the_line_and_the_way_to_allow_it() {
    let dir = tree();
    let (code, errors, findings) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "a policy that cannot load fails the gate (TG000)");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("policy/clock.rego:5:"), "{errors:?}");
    assert!(errors[0].contains("`time.now_ns` is refused by default"), "{errors:?}");
    assert!(errors[0].contains(r#"builtins = { allow = ["time.now_ns"] }"#), "{errors:?}");
    assert!(findings.is_empty(), "{findings:?}");

    write(dir.path(), "tollgate.toml", "[policy]\nbuiltins = { allow = [\"time.now_ns\"] }\n");
    let (code, errors, findings) = scan(dir.path(), &[]);
    assert_eq!((code, errors, findings), (1, vec![], vec!["settings checked".to_string()]));
}

#[test]
fn deny_patterns_refuse_by_prefix_and_win_over_allow() {
    let dir = tree();
    write(
        dir.path(),
        "tollgate.toml",
        "[policy]\nbuiltins = { allow = [\"time.*\", \"regex.match\"], deny = [\"regex.*\"] }\n",
    );
    let (code, errors, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("policy/clock.rego:6:"), "{errors:?}");
    assert!(errors[0].contains("`regex.match` is refused by `builtins.deny` (`regex.*`)"), "{errors:?}");
}

#[test]
fn a_capabilities_file_allows_only_the_builtins_it_lists() {
    let dir = tree();
    let (code, errors, _) = scan(dir.path(), &["--capabilities", "caps.json"]);
    assert_eq!(code, 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("policy/clock.rego:6:"), "time.now_ns is listed, regex.match is not: {errors:?}");
    assert!(errors[0].contains("`regex.match` is not in the capabilities file caps.json"), "{errors:?}");

    // tollgate.toml's `capabilities` is relative to the file; `builtins.allow` adds to it.
    write(dir.path(), "conf/caps.json", CAPABILITIES);
    write(
        dir.path(),
        "conf/tollgate.toml",
        "[policy]\ncapabilities = \"caps.json\"\nbuiltins = { allow = [\"regex.match\"] }\n",
    );
    let (code, errors, findings) = scan(dir.path(), &["--config", "conf/tollgate.toml"]);
    assert_eq!((code, errors, findings), (1, vec![], vec!["settings checked".to_string()]));

    // The flag replaces tollgate.toml's file: this one lists neither builtin the policy needs.
    write(dir.path(), "narrow.json", r#"{"builtins": [{"name": "sprintf"}]}"#);
    let (_, errors, _) = scan(dir.path(), &["--config", "conf/tollgate.toml", "--capabilities", "narrow.json"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("`time.now_ns` is not in the capabilities file narrow.json"), "{errors:?}");
}

#[test]
fn bad_capabilities_and_unknown_builtin_names_are_exit_2() {
    let dir = tree();
    let (code, stderr, _) = scan(dir.path(), &["--capabilities", "missing.json"]);
    assert_eq!(code, 2);
    assert!(stderr[0].contains("cannot read capabilities file missing.json"), "{stderr:?}");

    write(dir.path(), "bad.json", r#"{"builtins": "all"}"#);
    let (code, stderr, _) = scan(dir.path(), &["--capabilities", "bad.json"]);
    assert_eq!(code, 2);
    assert!(stderr[0].contains("bad.json: `builtins` must be a list"), "{stderr:?}");

    write(
        dir.path(),
        "tollgate.toml",
        "[policy]\nbuiltins = { allow = [\"time.now\", \"time.*\"], deny = [\"nosuch.*\"] }\n",
    );
    let (code, stderr, _) = scan(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr[0].contains("builtins.allow: `time.now` is not a builtin"), "{stderr:?}");
    assert!(stderr[0].contains("builtins.deny: `nosuch.*` is not a builtin"), "{stderr:?}");

    write(dir.path(), "tollgate.toml", "[policy]\nbuiltins = { allow = [\"http.send\"] }\n");
    let (code, stderr, _) = scan(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr[0].contains("`http.send` cannot be allowed"), "{stderr:?}");

    write(dir.path(), "tollgate.toml", "[policy]\nbuiltins = { permit = [\"x\"] }\n");
    assert_eq!(scan(dir.path(), &[]).0, 2, "an unknown key under builtins is an error");
}

#[test]
fn policy_test_takes_the_same_capabilities() {
    let dir = tree();
    write(
        dir.path(),
        "policy/clock_test.rego",
        "package main\n\ntest_checked if {\n\tdeny[\"settings checked\"] with input as {\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"settings\"}}\n}\n",
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["policy", "test", "policy", "--format", "json"];
        args.extend_from_slice(extra);
        let output = tollgate(&args, dir.path());
        (output.status.code(), json(&output))
    };
    let (code, report) = run(&[]);
    assert_eq!(code, Some(1));
    let message = report["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("`time.now_ns` is refused by default"), "{report}");
    assert_eq!(report["errors"][0]["line"], 5);

    write(
        dir.path(),
        "all.json",
        r#"{"builtins": [{"name": "sprintf"}, {"name": "time.now_ns"}, {"name": "regex.match"}]}"#,
    );
    let (code, report) = run(&["--capabilities", "all.json"]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["tests"][0]["outcome"], "pass", "{report}");

    let output = tollgate(&["policy", "test", "policy", "--capabilities", "none.json"], dir.path());
    assert_eq!(output.status.code(), Some(2));
}
