//! Suppressed findings in every report: listed in JSON with their suppression and counted in the
//! summary, shown apart (a count, or listed with `--verbose`) in the text and concise reports,
//! and never blocking.

mod common;

use common::{finding, sources};
use serde_json::Value;
use tollgate_model::{Category, FindingKind, Severity, SuppressionKind};
use tollgate_reports::{render_concise, render_json, render_text_with, ScanReport, TextOptions};

/// One blocking finding and one suppressed high finding that would block without its suppression.
fn report() -> ScanReport {
    let open = finding(
        "TG101",
        "security-group-open-admin-port",
        Severity::High,
        Category::Network,
        FindingKind::Fail,
        "aws_security_group.ssh",
        "network/main.tf",
        (3, 3),
        "port 22 is open to 0.0.0.0/0",
    );
    let mut accepted = open.clone();
    accepted.address = "aws_security_group.bastion".into();
    let reason = Some("bastion reachable from the VPN only");
    let accepted = common::suppressed(accepted, SuppressionKind::InSource, "network/main.tf:1", reason);
    ScanReport { files_scanned: 1, resources: 2, findings: vec![open, accepted], ..ScanReport::default() }
}

#[test]
fn json_lists_the_suppression_and_counts_it() {
    let json: Value = serde_json::from_str(&render_json(&report())).expect("JSON");
    assert_eq!(json["summary"]["suppressed"], 1);
    assert_eq!(json["summary"]["findings"], 2);
    assert_eq!(json["summary"]["blocking"], 1, "the suppressed finding does not block");
    let suppressions: Vec<&Value> =
        json["findings"].as_array().expect("findings").iter().map(|f| &f["suppression"]).collect();
    assert!(suppressions.iter().any(|s| s.is_null()));
    let suppression = suppressions.iter().find(|s| !s.is_null()).expect("one suppression");
    assert_eq!(suppression["kind"], "inSource");
    assert_eq!(suppression["justification"], "bastion reachable from the VPN only");
    assert_eq!(suppression["location"], "network/main.tf:1");
    assert_eq!(suppression["until"], "2027-03-31");
}

#[test]
fn the_gate_passes_when_only_suppressed_findings_would_block() {
    let mut only_accepted = report();
    only_accepted.findings.remove(0);
    assert!(only_accepted.passed());
    let json: Value = serde_json::from_str(&render_json(&only_accepted)).expect("JSON");
    assert_eq!((json["summary"]["passed"].as_bool(), json["summary"]["blocking"].as_u64()), (Some(true), Some(0)));
}

#[test]
fn text_reports_count_suppressed_findings_and_list_them_with_verbose() {
    let quiet = TextOptions::default();
    let verbose = TextOptions { verbose: true, ..quiet };
    for render in [
        |report: &ScanReport, options: &TextOptions| render_text_with(report, &sources(), options),
        |report: &ScanReport, options: &TextOptions| render_concise(report, options),
    ] {
        let text = render(&report(), &quiet);
        assert!(
            text.contains("suppressed: 1 finding accepted by inline suppressions (--verbose lists them)"),
            "{text}"
        );
        assert!(!text.contains("aws_security_group.bastion"), "{text}");
        assert!(text.contains("2 findings (2 high), 1 of them suppressed"), "{text}");
        assert!(text.contains("(1 blocking finding)"), "{text}");
        let text = render(&report(), &verbose);
        assert!(text.contains("TG101 aws_security_group.bastion: port 22 is open"), "{text}");
        assert!(
            text.contains("suppressed at network/main.tf:1 until 2027-03-31: bastion reachable from the VPN only"),
            "{text}"
        );
    }
}
