//! GitHub workflow-command annotations: golden files, and their contract: one command per line,
//! the most severe first, and no text that can end its command or start another.

#[path = "common/ci.rs"]
mod ci;
mod common;

use ci::{hostile_report, large_report, with_suppressions};
use common::{empty_report, report};
use tollgate_reports::render_github;

/// The workflow command a log line is, as the runner reads it: `::NAME ` or `::NAME::`.
fn command_of(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("::")?;
    let end = rest.find([' ', ':'])?;
    Some(&rest[..end])
}

#[test]
fn annotations_golden() {
    insta::assert_snapshot!(render_github(&with_suppressions()));
}

#[test]
fn empty_annotations_golden() {
    insta::assert_snapshot!(render_github(&empty_report()));
}

#[test]
fn blocking_findings_are_errors_others_warnings_unknown_and_suppressed_notices() {
    let annotations = render_github(&with_suppressions());
    let commands: Vec<&str> = annotations.lines().filter_map(command_of).collect();
    // Errors, then warnings, then notices: GitHub shows the first ten of each.
    let expected = [vec!["error"; 3], vec!["warning"; 5], vec!["notice"; 3]].concat();
    assert_eq!(commands, expected, "{annotations}");
    assert!(annotations.starts_with(
        "::error file=k8s/deploy.yaml,line=13,endLine=13,title=TG201 privileged-container (critical)::\
         Deployment/payments/api: container `api` runs privileged"
    ));
    assert!(annotations.contains(
        "::notice file=network/main.tf,line=30,endLine=36,title=TG101 security-group-open-admin-port (suppressed critical)::\
         aws_security_group.bastion: ingress allows port 22 from 0.0.0.0/0; restrict `cidr_blocks` \
         (suppressed at network/main.tf:29 until 2027-03-31: bastion, reviewed in SEC-12)\n"
    ));
    assert!(annotations.contains("title=TG110 rds-storage-unencrypted (unknown high)::"));
}

#[test]
fn the_last_line_sums_up_and_warns_of_githubs_limits() {
    let summary = render_github(&report());
    let last = summary.lines().last().expect("a summary line");
    assert_eq!(
        last,
        "Tollgate: FAILED (--fail-on high; unknown results do not count; policy warn rules fail at any severity): \
         findings blocking 3, below the gate 5, unknown or suppressed 1; annotated as 3 errors, 5 warnings and 1 notice"
    );
    let large = render_github(&large_report(30));
    let last = large.lines().last().expect("a summary line");
    assert!(last.ends_with("GitHub shows at most 10 annotations of each level per step (50 per job), the most severe first: the job summary and the SARIF report list every finding"), "{last}");
    assert!(render_github(&empty_report()).starts_with("Tollgate: PASSED"));
}

#[test]
fn hostile_text_cannot_end_its_command_or_start_another() {
    let annotations = render_github(&hostile_report());
    let lines: Vec<&str> = annotations.lines().collect();
    assert_eq!(lines.len(), 4, "three commands and the summary line:\n{annotations}");
    let commands: Vec<&str> = lines.iter().filter_map(|line| command_of(line)).collect();
    assert_eq!(commands, ["error", "notice", "notice"]);
    assert!(!annotations.contains('\r'));
    let first = lines[0];
    // The file property keeps its comma and colon escaped; the title is Tollgate's own.
    assert!(first.starts_with("::error file=dir%2C with%3A comma/main.tf,line=3,endLine=5,title=TG101 "), "{first}");
    // Data: `%` first, so a literal `%0A` in the text stays text; the newline becomes `%0A`.
    assert!(first.contains("100%25 ]]> %250A,title=x::%0A::error file=pwned.tf::injected%0D%0A"), "{first}");
}

#[test]
fn annotations_are_identical_across_renders() {
    assert_eq!(render_github(&with_suppressions()), render_github(&with_suppressions()));
}
