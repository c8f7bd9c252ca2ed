//! End-to-end: `tollgate scan` and `tollgate inspect` on Terraform plan JSON (the hand-written
//! AWS plan of engine/plan/tests/fixtures/aws, whose database password is sensitive).

mod common;

use common::{json, stdout, tollgate};
use std::path::{Path, PathBuf};
use std::process::Output;

const SECRET: &str = "Sup3r-Secret-Passw0rd";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("engine/plan/tests/fixtures/aws")
}

/// `rule address file:start-end` of every finding of a JSON report.
fn findings(output: &Output) -> Vec<String> {
    json(output)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}-{}",
                f["rule_id"].as_str().unwrap_or_default(),
                f["address"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["start_line"],
                f["end_line"]
            )
        })
        .collect()
}

#[test]
fn a_plan_is_scanned_and_its_findings_name_the_configuration_lines() {
    let output = tollgate(&["scan", ".", "--format", "json"], &fixture());
    assert_eq!(output.status.code(), Some(1), "critical findings fail the gate");
    let found = findings(&output);
    for expected in [
        "TG101 aws_security_group.bastion main.tf:30-30",
        "TG103 aws_db_instance.orders main.tf:41-41",
        r#"TG105 module.exports["raw"].aws_s3_bucket.this modules/bucket/main.tf:5-7"#,
    ] {
        assert!(found.iter().any(|f| f == expected), "missing `{expected}` in {found:#?}");
    }
}

#[test]
fn no_report_or_inspect_output_shows_a_sensitive_value() {
    for args in [
        &["scan", ".", "--format", "json"][..],
        &["scan", ".", "--format", "text", "--color", "never"],
        &["inspect", ".", "--format", "json"],
        &["inspect", ".", "--format", "text"],
    ] {
        let output = tollgate(args, &fixture());
        let printed = stdout(&output);
        assert!(!printed.is_empty(), "{args:?} printed nothing");
        assert!(!printed.contains(SECRET), "{args:?} printed the secret");
    }
    let inspect = tollgate(&["inspect", ".", "--address", "aws_db_instance.orders"], &fixture());
    let doc: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
    assert_eq!(doc["resources"][0]["values"]["password"], serde_json::json!({"__sensitive__": true}));
    let text = tollgate(&["inspect", ".", "--format", "text", "--address", "aws_db_instance.orders"], &fixture());
    assert!(stdout(&text).contains("password = (sensitive)"), "{}", stdout(&text));
}

#[test]
fn config_dir_points_a_plan_at_its_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture().join("plan.json"), dir.path().join("plan.json")).unwrap();
    let alone = tollgate(&["scan", ".", "--format", "json"], dir.path());
    assert!(findings(&alone).iter().any(|f| f.starts_with("TG101 aws_security_group.bastion plan.json:")));

    let config = fixture();
    let config = config.to_str().unwrap();
    let with_config = tollgate(&["scan", ".", "--format", "json", "--config-dir", config], dir.path());
    // Outside the working directory, the file is still shown relative to it (every path of a
    // report has the same base), and that path leads to the configuration's file.
    let found = findings(&with_config);
    let shown = found
        .iter()
        .find_map(|f| f.strip_prefix("TG101 aws_security_group.bastion ")?.strip_suffix(":30-30"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(shown.starts_with("../"), "{shown}");
    let reached = std::fs::canonicalize(dir.path().join(shown)).unwrap();
    assert_eq!(reached, std::fs::canonicalize(Path::new(config).join("main.tf")).unwrap());
}
