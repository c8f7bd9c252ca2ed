//! End-to-end: the report options for large scans (`--format concise`, `--min-severity`,
//! `--verbose`, `--unknown-details`) change what is printed, never the exit code.

mod common;

use common::{json, stdout, tollgate, write, OPEN_SSH, PRIVILEGED};
use std::path::Path;

/// An RDS instance whose encryption rests on a variable with no value: an unknown result.
const UNSET_ENCRYPTION: &str = r#"variable "encrypt" {
  type = bool
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = var.encrypt
}
"#;

/// A tree with critical failures (TG101, TG201), medium and low ones, an unknown result (an
/// unset variable) and a skipped YAML file.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "infra/main.tf", OPEN_SSH);
    write(dir.path(), "infra/db.tf", UNSET_ENCRYPTION);
    write(dir.path(), "k8s/pod.yaml", PRIVILEGED);
    write(dir.path(), "k8s/values.yaml", "replicas: 2\n");
    dir
}

fn scan(dir: &Path, args: &[&str]) -> (String, Option<i32>) {
    let mut all = vec!["scan", ".", "--color", "never"];
    all.extend_from_slice(args);
    let out = tollgate(&all, dir);
    (stdout(&out), out.status.code())
}

#[test]
fn concise_prints_one_line_per_finding_then_the_summary() {
    let dir = tree();
    let (text, code) = scan(dir.path(), &["--format", "concise"]);
    assert_eq!(code, Some(1), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9 + 3, "9 findings, the skipped count, summary and gate:\n{text}");
    let starts = |prefix: &str| lines.iter().any(|l| l.starts_with(prefix));
    assert!(
        starts("infra/main.tf:8: [critical] TG101 aws_security_group.bastion [root infra]: Security group `bastion`"),
        "{text}"
    );
    assert!(
        starts("infra/db.tf:8: [unknown high] TG103 aws_db_instance.main [root infra]: RDS instance `main`"),
        "{text}"
    );
    assert!(starts("k8s/pod.yaml:11: [critical] TG201 Pod/ops/debug: Container `shell`"), "{text}");
    assert!(!text.contains('│'), "no snippets: {text}");
    assert!(lines[lines.len() - 2].starts_with("summary: "), "{text}");
    assert!(lines[lines.len() - 1].starts_with("gate: fail on high or above -> FAILED"), "{text}");
}

#[test]
fn min_severity_hides_lower_findings_and_keeps_the_gate() {
    let dir = tree();
    let (text, code) = scan(dir.path(), &["--min-severity", "critical", "--fail-on", "critical"]);
    assert_eq!(code, Some(1), "the critical findings still fail the gate: {text}");
    assert!(text.contains("critical[TG101]") && text.contains("critical[TG201]"), "{text}");
    assert!(!text.contains("TG202") && !text.contains("TG120") && !text.contains("TG103"), "{text}");
    assert!(text.contains(", 7 below critical not shown (--min-severity)\n"), "{text}");

    // A finding that fails the gate is shown whatever --min-severity says.
    let (text, code) = scan(dir.path(), &["--min-severity", "critical", "--fail-on", "medium"]);
    assert_eq!(code, Some(1));
    assert!(text.contains("medium[TG202]") && !text.contains("TG120"), "{text}");

    // JSON is the complete record, and says so on stderr.
    let out = tollgate(&["scan", ".", "--format", "json", "--min-severity", "critical"], dir.path());
    let rules: Vec<String> = json(&out)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(rules.contains(&"TG120".to_string()), "{rules:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("the JSON report lists every finding"));
}

/// `min_severity` in tollgate.toml sets the default; `--min-severity` overrides it; a bad value
/// is a configuration error (exit 2) before anything is loaded.
#[test]
fn min_severity_can_be_set_in_tollgate_toml() {
    let dir = tree();
    write(dir.path(), "tollgate.toml", "min_severity = \"critical\"\nfail_on = \"critical\"\n");
    let (text, code) = scan(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("critical[TG101]") && !text.contains("TG202"), "{text}");
    assert!(text.contains(", 7 below critical not shown (--min-severity)\n"), "{text}");
    let (text, _) = scan(dir.path(), &["--min-severity", "info"]);
    assert!(text.contains("TG202") && !text.contains("not shown"), "the flag wins: {text}");
    write(dir.path(), "tollgate.toml", "min_severity = \"loud\"\n");
    let out = tollgate(&["scan", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`min_severity`: unknown severity `loud`"), "{out:?}");
}

#[test]
fn verbose_names_skipped_files_and_unknown_details_draws_unknowns() {
    let dir = tree();
    let (text, _) = scan(dir.path(), &[]);
    assert!(text.contains("(--verbose names them)") && !text.contains("k8s/values.yaml"), "{text}");
    assert!(text.contains("\nunknown: 1 result Tollgate could not decide"), "{text}");
    assert!(text.contains("\n  infra/db.tf:8: [unknown high] TG103"), "{text}");
    assert!(!text.contains("unknown[TG"), "{text}");

    let (text, _) = scan(dir.path(), &["--verbose"]);
    assert!(text.contains("\n  k8s/values.yaml, document 1: "), "{text}");
    let (text, _) = scan(dir.path(), &["--format", "concise", "-v"]);
    assert!(text.contains("\nk8s/values.yaml, document 1: skipped: "), "{text}");

    let (text, _) = scan(dir.path(), &["--unknown-details"]);
    assert!(text.contains("unknown[TG"), "{text}");
    assert!(text.contains("storage_encrypted = var.encrypt"), "{text}");
    assert!(!text.contains("\nunknown: "), "{text}");
}
