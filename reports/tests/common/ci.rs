//! Reports for the CI formats' tests (JUnit, Markdown, annotations): the shared scan with
//! suppressed findings and a catalog, one whose texts try to break out of every format, and one
//! too large for a PR comment.

#![allow(dead_code)] // each test binary uses a different part

pub use crate::common::suppressed;
use crate::common::{finding, report};
use tollgate_model::{Catalog, Category, Finding, FindingKind, RuleDescriptor, RuleOrigin, Severity, SuppressionKind};
use tollgate_reports::ScanReport;

fn descriptor(id: &str, slug: &str, origin: RuleOrigin, source: &str) -> RuleDescriptor {
    let title = format!("{slug} (title)");
    RuleDescriptor {
        source: source.into(),
        ..RuleDescriptor::new(id, slug, &title, Severity::High, Category::Network, origin)
    }
}

/// The shared report, with a catalog (one rule that found nothing, one user policy) and two
/// suppressed findings: an inline one with a reason and an expiry, a configured one without.
pub fn with_suppressions() -> ScanReport {
    let mut report = report();
    report.catalog = Catalog::new([
        descriptor("TG101", "security-group-open-admin-port", RuleOrigin::Native, "rules/TG101-x/rule.rs"),
        descriptor("TG150", "never-found", RuleOrigin::Native, "rules/TG150-never-found/rule.rs"),
        descriptor("main.warn_labels", "main.warn_labels", RuleOrigin::Policy, "policy/labels.rego:7"),
    ]);
    let ssh = finding(
        "TG101",
        "security-group-open-admin-port",
        Severity::Critical,
        Category::Network,
        FindingKind::Fail,
        "aws_security_group.bastion",
        "network/main.tf",
        (30, 36),
        "ingress allows port 22 from 0.0.0.0/0; restrict `cidr_blocks`",
    );
    report.findings.push(suppressed(
        ssh,
        SuppressionKind::InSource,
        "network/main.tf:29",
        Some("bastion, reviewed in SEC-12"),
    ));
    let tags = finding(
        "TG130",
        "missing-tags",
        Severity::High,
        Category::Tagging,
        FindingKind::Fail,
        "aws_s3_bucket.legacy",
        "legacy/s3.tf",
        (1, 4),
        "bucket has no `tags`",
    );
    report.findings.push(suppressed(tags, SuppressionKind::External, "tollgate.toml", None));
    report.normalize();
    report
}

/// Text that tries to end a table cell, an XML attribute, a workflow command or a line.
pub const HOSTILE: &str = "evil | cell `code` <script>alert(1)</script> @acme/security [x](javascript:alert(1)) \
                           \"quoted\" 'single' & 100% ]]> %0A,title=x::\n::error file=pwned.tf::injected\r\n\u{1}\u{1b}[31m";

/// A report whose every user-controlled text is [`HOSTILE`] (a blocking failure, an unknown,
/// and a suppressed finding with a hostile reason).
pub fn hostile_report() -> ScanReport {
    let fail = finding(
        "TG101",
        "security-group-open-admin-port",
        Severity::Critical,
        Category::Network,
        FindingKind::Fail,
        &format!("aws_security_group.x[\"{HOSTILE}\"]"),
        "dir, with: comma/main.tf",
        (3, 5),
        HOSTILE,
    );
    let unknown = Finding { kind: FindingKind::Unknown, start_line: 8, end_line: 8, ..fail.clone() };
    let accepted = suppressed(
        Finding { start_line: 12, end_line: 12, ..fail.clone() },
        SuppressionKind::InSource,
        "dir, with: comma/main.tf:11",
        Some(HOSTILE),
    );
    let mut report = ScanReport {
        tool_version: "0.1.0".into(),
        findings: vec![fail, unknown, accepted],
        files_scanned: 1,
        resources: 1,
        ..ScanReport::default()
    };
    report.normalize();
    report
}

/// `count` blocking findings and as many below the gate, each with a long message.
pub fn large_report(count: u32) -> ScanReport {
    let message =
        "the ingress rule allows port 22 from 0.0.0.0/0; restrict `cidr_blocks` to known addresses. ".repeat(3);
    let findings = (1..=count)
        .flat_map(|n| {
            let at = |severity| {
                finding(
                    "TG101",
                    "security-group-open-admin-port",
                    severity,
                    Category::Network,
                    FindingKind::Fail,
                    &format!("aws_security_group.sg_{n}"),
                    &format!("network/sg_{n}.tf"),
                    (n, n + 4),
                    &message,
                )
            };
            [at(Severity::Critical), at(Severity::Low)]
        })
        .collect();
    let mut report = ScanReport { tool_version: "0.1.0".into(), findings, ..ScanReport::default() };
    report.normalize();
    report
}
