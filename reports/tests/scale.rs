//! The report options for large scans: the concise format, `--min-severity`, `--verbose`,
//! `--unknown-details`, and findings on the same lines sharing one snippet.

mod common;

use common::{finding, report, sources, strip_ansi};
use tollgate_model::{Category, Finding, FindingKind, Severity, SourceMap};
use tollgate_reports::{render_concise, render_text_with, ScanReport, TextOptions};

fn options() -> TextOptions {
    TextOptions::default()
}

#[test]
fn concise_report_golden() {
    insta::assert_snapshot!(render_concise(&report(), &options()));
}

#[test]
fn concise_report_verbose_golden() {
    insta::assert_snapshot!(render_concise(&report(), &TextOptions { verbose: true, ..options() }));
}

/// One line per finding, in report order, whatever the message holds.
#[test]
fn concise_prints_one_line_per_finding() {
    let mut report = report();
    report.findings[1].message = "first line\n    second line".into();
    let text = render_concise(&report, &options());
    let finding_lines: Vec<&str> = text.lines().filter(|l| l.contains(": [")).collect();
    assert_eq!(finding_lines.len(), 9, "9 distinct findings (one duplicate; one module finding per root):\n{text}");
    assert!(
        text.contains("network/main.tf:4: [high] TG101 aws_security_group.ssh: first line second line\n"),
        "{text}"
    );
    assert!(text.contains("network/main.tf:18: [unknown high] TG110 aws_db_instance.main: storage"), "{text}");
    let locations: Vec<&str> = finding_lines.iter().map(|l| l.split(": ").next().unwrap_or_default()).collect();
    let mut sorted = locations.clone();
    sorted.sort_by_key(|l| l.split_once(':').map(|(f, n)| (f.to_string(), n.parse::<u32>().unwrap_or(0))));
    assert_eq!(locations, sorted, "sorted by file and line");
    assert!(text.ends_with("gate: fail on high or above, and on policy warnings -> FAILED (3 blocking findings)\n"));
}

#[test]
fn concise_color_only_adds_escapes() {
    let colored = render_concise(&report(), &TextOptions { color: true, ..options() });
    assert!(colored.contains("\x1b["), "{colored}");
    let plain: String = strip_ansi(&colored);
    assert_eq!(plain, render_concise(&report(), &options()));
}

/// `--min-severity` hides what is below it in both human formats, never a finding that fails the
/// gate, and the summary says how many were left out; the gate itself is unchanged.
#[test]
fn min_severity_hides_findings_below_it_but_not_blocking_ones() {
    let report = report();
    let high = TextOptions { min_severity: Severity::High, ..options() };
    for text in [render_text_with(&report, &sources(), &high), render_concise(&report, &high)] {
        assert!(!text.contains("TG205") && !text.contains("TG120") && !text.contains("TG130"), "{text}");
        assert!(text.contains("TG101") && text.contains("TG201") && text.contains("TG110"), "{text}");
        // Low, but a policy warning under --fail-on-warn: it fails the gate, so it is shown.
        assert!(text.contains("main.warn_labels"), "{text}");
        assert!(text.contains(", 5 below high not shown (--min-severity)\n"), "{text}");
        assert!(text.contains("summary: 9 findings (1 critical, 2 high, 1 medium, 2 low, 3 info)"), "{text}");
        assert!(text.ends_with("-> FAILED (3 blocking findings)\n"), "{text}");
    }
    assert!(!report.passed());
    let all = render_text_with(&report, &sources(), &options());
    assert!(!all.contains("not shown"), "{all}");
}

#[test]
fn verbose_names_each_skipped_item() {
    let text = render_text_with(&report(), &sources(), &TextOptions { verbose: true, ..options() });
    assert!(
        text.contains(
            "skipped: 3 items: Helm chart directory (1), not a Kubernetes object (2)\n  charts/web: Helm chart directory\n  \
             k8s/values.yaml, document 1: not a Kubernetes object\n  k8s/values.yaml, document 2: not a Kubernetes object\n"
        ),
        "{text}"
    );
    let terse = render_text_with(&report(), &sources(), &options());
    assert!(terse.contains("skipped: 3 items (--verbose names them): Helm chart directory (1)"), "{terse}");
    assert!(!terse.contains("charts/web"), "{terse}");
}

const BUCKET_TF: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
}
"#;

fn at(rule: &str, slug: &str, severity: Severity, kind: FindingKind, address: &str, lines: (u32, u32)) -> Finding {
    let message = format!("{slug} is wrong; fix it");
    finding(rule, slug, severity, Category::Encryption, kind, address, "s3.tf", lines, &message)
}

/// Several findings on the same lines: every header, then the lines once, labelled with each
/// resource and its rules.
#[test]
fn findings_on_the_same_lines_share_one_snippet() {
    let mut sources = SourceMap::new();
    sources.add("s3.tf", BUCKET_TF);
    use FindingKind::{Fail, Unknown};
    let mut findings = vec![
        at("TG120", "s3-public-acl", Severity::High, Fail, "aws_s3_bucket.logs", (3, 3)),
        at("main.deny_acl", "main.deny_acl", Severity::High, Fail, "aws_s3_bucket.logs", (3, 3)),
        at("TG121", "s3-acl-grant", Severity::Medium, Fail, "module.a.aws_s3_bucket.logs", (3, 3)),
        at("TG130", "s3-versioning", Severity::Low, Fail, "aws_s3_bucket.logs", (1, 4)),
        at("TG131", "s3-logging", Severity::Low, Fail, "aws_s3_bucket.logs", (1, 4)),
        at("TG140", "s3-encryption", Severity::High, Unknown, "aws_s3_bucket.logs", (1, 4)),
    ];
    // The same rule in two environments: one header, one label part naming both environments.
    findings[4].environment = Some("prod".into());
    let mut staging = findings[4].clone();
    staging.environment = Some("staging".into());
    findings.push(staging);
    let report = ScanReport { findings, files_scanned: 1, resources: 2, ..common::empty_report() };
    let text = render_text_with(&report, &sources, &TextOptions { unknown_details: true, ..options() });
    assert_eq!(text.matches("acl    = \"public-read\"").count(), 2, "lines 1-4 once, line 3 once:\n{text}");
    assert_eq!(text.matches("resource \"aws_s3_bucket\" \"logs\" {").count(), 1, "{text}");
    assert!(text
        .contains("aws_s3_bucket.logs (s3-public-acl, main.deny_acl); module.a.aws_s3_bucket.logs (s3-acl-grant)\n"));
    assert_eq!(text.matches("low[TG131]").count(), 1, "{text}");
    assert!(text.contains("aws_s3_bucket.logs (s3-logging) [environments prod, staging]\n"), "{text}");
    insta::assert_snapshot!(text);
}
