//! Hostile input never crashes the scanner and never hides the rest of the scan.

mod common;

use common::{json, tollgate, write};

fn billion_laughs() -> String {
    let mut yaml = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a0: &a0 \"lol\"\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    yaml
}

#[test]
fn hostile_files_become_errors_and_the_good_file_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let good = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n";
    write(root, "good.yaml", good.as_bytes());
    write(root, "laughs.yaml", billion_laughs().as_bytes());
    write(root, "deep.yaml", format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)).as_bytes());
    write(root, "deep.json", format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000)).as_bytes());
    write(root, "deep.tf", format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(20_000), "]".repeat(20_000)).as_bytes());
    write(root, "junk.tf", (0..=255u8).cycle().take(4096).collect::<Vec<u8>>());
    write(root, "junk.yaml", b"\x00\x01\x02: [\x7f");
    write(root, "unterminated.tf", b"resource \"aws_s3_bucket\" \"x\" {\n  bucket = <<EOT\nnever ends\n");
    write(root, "tabs.yaml", b"apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed\n");
    write(root, "only-separators.yaml", b"---\n---\n...\n");
    write(root, "empty.tf", b"");
    write(
        root,
        "crlf-bom.yaml",
        "\u{feff}apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n".as_bytes(),
    );

    let out = tollgate(&["scan", ".", "--format", "json"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["rule_id"] == "TG201" && f["file"] == "good.yaml" && f["start_line"] == 10),
        "the good file is still checked: {report}"
    );
    let errored: Vec<&str> = report["errors"].as_array().unwrap().iter().filter_map(|e| e["file"].as_str()).collect();
    for bad in
        ["laughs.yaml", "deep.yaml", "deep.json", "deep.tf", "junk.tf", "junk.yaml", "unterminated.tf", "tabs.yaml"]
    {
        assert!(errored.contains(&bad), "{bad} should be reported as an error: {errored:?}");
        assert!(
            findings.iter().any(|f| f["rule_id"] == "TG000" && f["file"] == bad),
            "{bad} should fail the gate as a parse-error finding"
        );
    }
    for fine in ["only-separators.yaml", "empty.tf", "crlf-bom.yaml"] {
        assert!(!errored.contains(&fine), "{fine} is valid: {errored:?}");
    }
    assert_eq!(report["summary"]["files_scanned"], 12);
}
