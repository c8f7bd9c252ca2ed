//! Golden test of the JSON report, and its contract: it validates against the published
//! JSON Schema, renders identically every time, and its verdict is `ScanReport::passed`'s.

mod common;

use common::{empty_report, report};
use serde_json::Value;
use tollgate_model::{FindingKind, Severity, Suppression, SuppressionKind};
use tollgate_reports::{render_json, Gate, ScanReport, Summary, SCHEMA_VERSION};

const SCHEMA: &str = include_str!("../schema/report-v5.schema.json");

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    jsonschema::meta::validate(&schema).expect("schema is a valid JSON Schema");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("report is JSON")
}

fn assert_valid(report: &ScanReport) {
    let json = parse(&render_json(report));
    let errors: Vec<String> =
        validator().iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "report does not match its schema: {errors:#?}");
}

#[test]
fn json_report_golden() {
    insta::assert_snapshot!(render_json(&report()));
}

#[test]
fn empty_json_report_golden() {
    insta::assert_snapshot!(render_json(&empty_report()));
}

#[test]
fn json_reports_validate_against_the_schema() {
    assert_valid(&report());
    assert_valid(&empty_report());
    assert_valid(&ScanReport {
        gate: Gate { unknown_fails: true, fail_on: Severity::Info, ..report().gate },
        ..report()
    });
    let mut suppressed = report();
    suppressed.findings[0].suppression = Some(Suppression {
        kind: SuppressionKind::InSource,
        justification: None,
        location: "k8s/deploy.yaml:3".into(),
        until: None,
    });
    assert_valid(&suppressed);
    let mut json = parse(&render_json(&suppressed));
    json["findings"][0]["suppression"]["kind"] = Value::from("inline");
    assert!(!validator().is_valid(&json), "the schema must restrict suppression kinds");
}

#[test]
fn schema_rejects_a_report_missing_a_field() {
    let mut json = parse(&render_json(&report()));
    let summary = json.get_mut("summary").and_then(Value::as_object_mut).expect("summary object");
    summary.remove("passed");
    assert!(!validator().is_valid(&json), "the schema must require summary.passed");
    let mut json = parse(&render_json(&report()));
    json["findings"][0]["kind"] = Value::from("maybe");
    assert!(!validator().is_valid(&json), "the schema must restrict finding kinds");
}

#[test]
fn json_is_identical_across_renders_and_ends_with_a_newline() {
    let first = render_json(&report());
    assert_eq!(first, render_json(&report()));
    assert!(first.ends_with("}\n"));
    assert_eq!(parse(&first)["schema_version"], SCHEMA_VERSION);
}

#[test]
fn summary_counts_deduplicated_findings() {
    let summary = Summary::of(&report());
    assert_eq!(summary.findings, 9, "the duplicate finding is counted once, findings of two roots twice");
    assert_eq!((summary.fail, summary.unknown), (8, 1));
    assert_eq!(summary.by_severity.critical, 1);
    assert_eq!(summary.by_severity.high, 2);
    assert_eq!(summary.by_severity.info, 3);
    assert_eq!((summary.errors, summary.skipped), (2, 3));
    // critical + high fail, and the low policy warning under --fail-on-warn; the unknown high
    // does not count without --unknown=fail.
    assert_eq!(summary.blocking, 3);
    assert!(!summary.passed);
    assert_eq!(summary.exceptions, 2);
    let json = parse(&render_json(&report()));
    assert_eq!(json["summary"]["passed"], false);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(9));
    // Without --fail-on-warn the warning is below the gate.
    let lenient = ScanReport { gate: Gate::default(), ..report() };
    assert_eq!(Summary::of(&lenient).blocking, 2);
}

#[test]
fn gate_verdict_follows_threshold_and_unknown_policy() {
    let only = |kind: FindingKind, fail_on: Severity, unknown_fails: bool| {
        let mut r = ScanReport { gate: Gate { fail_on, unknown_fails, ..report().gate }, ..report() };
        r.findings.retain(|f| f.kind == kind);
        r
    };
    // Failures: critical and high exist.
    assert!(!only(FindingKind::Fail, Severity::Critical, false).passed());
    // Unknown results (one, high) pass unless unknown_fails and at or above the threshold.
    assert!(only(FindingKind::Unknown, Severity::Info, false).passed());
    assert!(!only(FindingKind::Unknown, Severity::High, true).passed());
    assert!(only(FindingKind::Unknown, Severity::Critical, true).passed());
    assert!(empty_report().passed());
    for r in [report(), empty_report(), only(FindingKind::Unknown, Severity::High, true)] {
        assert_eq!(parse(&render_json(&r))["summary"]["passed"], r.passed());
    }
}

#[test]
fn environment_is_reported_and_valid() {
    let mut report = report();
    report.findings[0].environment = Some("prod".into());
    assert_valid(&report);
    let json = parse(&render_json(&report));
    let envs: Vec<&Value> = json["findings"].as_array().unwrap().iter().map(|f| &f["environment"]).collect();
    assert!(envs.contains(&&Value::String("prod".into())), "{envs:?}");
    assert!(envs.iter().any(|e| e.is_null()));
}

#[test]
fn the_baseline_outcome_is_in_the_summary_and_validates() {
    let with = common::report_with_baseline(1);
    assert_valid(&with);
    let json = parse(&render_json(&with));
    assert_eq!(json["summary"]["baseline"]["hidden"], 3);
    assert_eq!(json["summary"]["baseline"]["file"], ".tollgate-baseline.json");
    assert_eq!(json["summary"]["baseline"]["fixed"][0]["address"], "aws_security_group.gone0");
    assert_eq!(json["summary"]["baseline"]["fixed"][0]["environment"], "prod");
    assert_eq!(parse(&render_json(&report()))["summary"]["baseline"], Value::Null);
    let mut bad = json.clone();
    bad["summary"]["baseline"]["hidden"] = Value::from("three");
    assert!(!validator().is_valid(&bad), "the schema must type the baseline counts");
}
