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

/// Asserts the scan fails the gate with exactly one error, at `place`, saying `says`.
fn one_load_error(root: &Path, extra: &[&str], place: &str, says: &str) {
    let (code, errors, _) = scan(root, extra);
    assert_eq!(code, 1, "a policy that cannot load fails the gate (TG000)");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with(place), "{errors:?}");
    assert!(errors[0].contains(says), "{errors:?}");
}

#[test]
fn the_clock_is_refused_by_default_with_the_line_and_the_way_to_allow_it() {
    let dir = tree();
    let how = r#"`time.now_ns` is refused by default: it reads the clock, so the same files would pass today and fail tomorrow; to allow it, add it to `builtins = { allow = ["time.now_ns"] }`"#;
    one_load_error(dir.path(), &[], "policy/clock.rego:5:", how);

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
    one_load_error(dir.path(), &[], "policy/clock.rego:6:", "`regex.match` is refused by `builtins.deny` (`regex.*`)");
}

#[test]
fn a_capabilities_file_allows_only_the_builtins_it_lists() {
    let dir = tree();
    // time.now_ns (line 5) is listed, regex.match (line 6) is not.
    let not_listed = "`regex.match` is not in the capabilities file caps.json";
    one_load_error(dir.path(), &["--capabilities", "caps.json"], "policy/clock.rego:6:", not_listed);

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
    let flags = ["--config", "conf/tollgate.toml", "--capabilities", "narrow.json"];
    one_load_error(
        dir.path(),
        &flags,
        "policy/clock.rego:5:",
        "`time.now_ns` is not in the capabilities file narrow.json",
    );
}

/// Asserts the scan could not run (exit 2) and returns what it said on stderr.
fn exit_2(root: &Path, extra: &[&str]) -> String {
    let (code, stderr, _) = scan(root, extra);
    assert_eq!(code, 2, "{stderr:?}");
    stderr.concat()
}

#[test]
fn bad_capabilities_and_unknown_builtin_names_are_exit_2() {
    let dir = tree();
    let root = dir.path();
    let stderr = exit_2(root, &["--capabilities", "missing.json"]);
    assert!(stderr.contains("cannot read capabilities file missing.json"), "{stderr}");

    write(root, "bad.json", r#"{"builtins": "all"}"#);
    let stderr = exit_2(root, &["--capabilities", "bad.json"]);
    assert!(stderr.contains("bad.json: `builtins` must be a list"), "{stderr}");

    let names = "[policy]\nbuiltins = { allow = [\"time.now\", \"time.*\"], deny = [\"nosuch.*\"] }\n";
    write(root, "tollgate.toml", names);
    let stderr = exit_2(root, &[]);
    assert!(stderr.contains("builtins.allow: `time.now` is not a builtin"), "{stderr}");
    assert!(stderr.contains("builtins.deny: `nosuch.*` is not a builtin"), "{stderr}");

    write(root, "tollgate.toml", "[policy]\nbuiltins = { allow = [\"http.send\"] }\n");
    assert!(exit_2(root, &[]).contains("`http.send` cannot be allowed"));

    write(root, "tollgate.toml", "[policy]\nbuiltins = { permit = [\"x\"] }\n");
    assert!(exit_2(root, &[]).contains("permit"), "an unknown key under builtins is an error naming it");
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
