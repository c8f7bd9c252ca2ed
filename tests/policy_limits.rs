//! A policy cannot take the scan down through the engine's unbounded corners: a huge
//! `numbers.range`, a squaring `replace`, a huge `sprintf` width and deep bracket nesting are
//! errors naming the file and line, and the rest of the scan is reported with the usual exit code.

mod common;

use common::{json, tollgate, write};

const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";

#[test]
fn engine_blow_ups_are_errors_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "k8s/cm.yaml", CONFIG_MAP);
    // Before the limit this aborted the process (regorus reserves the whole array first).
    write(
        root,
        "policy/range.rego",
        "package main\n\ndeny contains msg if {\n\tcount(numbers.range(0, 10000000000)) > 0\n\tmsg := \"huge\"\n}\n\nwarn contains sprintf(\"%v\", [numbers.range_step(10, 0, 5)]) if true\n",
    );
    // `replace` squares: ten bytes, 100, 10^4, 10^8 (over the limit), then 10^16 would abort.
    write(
        root,
        "policy/replace.rego",
        "package main\n\ndeny_replace contains msg if {\n\ts1 := replace(\"aaaaaaaaaa\", \"a\", \"aaaaaaaaaa\")\n\ts2 := replace(s1, \"a\", s1)\n\ts3 := replace(s2, \"a\", s2)\n\tmsg := replace(s3, \"a\", s3)\n}\n",
    );
    write(root, "policy/pad.rego", "package main\n\nwarn_pad contains sprintf(\"%0999999999d\", [1]) if true\n");
    let nested = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    write(
        root,
        "policy/deep.rego",
        format!("package main\n\nwarn contains \"deep\" if {{\n\tx := {nested}\n\tx != 0\n}}\n"),
    );
    let output = tollgate(&["scan", "k8s", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json(&output);
    let errors: Vec<String> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{} {}", e["file"].as_str().unwrap(), e["line"], e["message"].as_str().unwrap()))
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].starts_with("policy/deep.rego:4 `[`/`{` nested deeper than 16 levels"), "{errors:?}");
    assert!(errors[1].starts_with("policy/pad.rego:3 a format width or precision of 999999999"), "{errors:?}");
    assert!(errors[2].starts_with("policy/range.rego:3 "), "{errors:?}");
    assert!(errors[2].contains("would make 10000000001 numbers, over Tollgate's limit of 1000000"), "{errors:?}");
    assert!(errors[3].starts_with("policy/replace.rego:3 "), "{errors:?}");
    assert!(errors[3].contains("replace: the result would be 100000000 bytes, over Tollgate's limit"), "{errors:?}");
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "policy")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(messages, ["[10, 5, 0]"], "the other rule of the file still ran");
}
