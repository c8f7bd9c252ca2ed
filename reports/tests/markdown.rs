//! The Markdown report: golden files, and its contract: the verdict first, tables that stay
//! tables whatever the findings say, links into the repository, and a size budget.

#[path = "common/ci.rs"]
mod ci;
mod common;

use ci::{hostile_report, large_report, with_suppressions};
use common::{empty_report, report};
use tollgate_reports::{
    render_markdown, render_markdown_with_cost, GithubContext, MarkdownOptions, DEFAULT_MARKDOWN_BUDGET,
};

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

fn on_github() -> MarkdownOptions {
    MarkdownOptions {
        github: GithubContext::new("https://github.com", "acme/infra", SHA),
        rule_docs: Some("https://github.com/acme/tollgate/blob/v0.1.0/docs/rules/".into()),
        ..MarkdownOptions::default()
    }
}

/// The cells of a table row, split at the pipes Markdown would split at (not `\|`).
fn cells(row: &str) -> usize {
    let mut count: usize = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count.saturating_sub(1)
}

/// Every table row has as many cells as its table's header.
fn assert_tables_are_whole(markdown: &str) {
    let mut columns = None;
    for line in markdown.lines() {
        match (line.starts_with('|'), columns) {
            (true, None) => columns = Some(cells(line)),
            (true, Some(expected)) => assert_eq!(cells(line), expected, "a row broke its table: {line}"),
            (false, _) => columns = None,
        }
    }
}

#[test]
fn markdown_report_golden() {
    insta::assert_snapshot!(render_markdown(&report(), &MarkdownOptions::default()));
}

#[test]
fn markdown_report_on_github_with_suppressions_golden() {
    insta::assert_snapshot!(render_markdown(&with_suppressions(), &on_github()));
}

#[test]
fn empty_markdown_report_golden() {
    insta::assert_snapshot!(render_markdown(&empty_report(), &MarkdownOptions::default()));
}

#[test]
fn the_verdict_comes_first() {
    let failed = render_markdown(&report(), &MarkdownOptions::default());
    assert!(failed.starts_with("## Tollgate: ❌ FAILED\n\n**3 blocking findings** fail the gate (`--fail-on high;"));
    let passed = render_markdown(&empty_report(), &MarkdownOptions::default());
    assert!(passed.starts_with("## Tollgate: ✅ PASSED\n\nNo finding fails the gate"), "{passed}");
}

#[test]
fn blocking_findings_are_a_table_and_the_rest_is_collapsed() {
    let markdown = render_markdown(&with_suppressions(), &MarkdownOptions::default());
    assert_tables_are_whole(&markdown);
    let (blocking, rest) = markdown.split_once("<details>").expect("details sections");
    assert!(blocking.contains("### Blocking findings (3)"));
    assert!(blocking.contains("| critical | TG201 privileged-container | Deployment/payments/api |"));
    for summary in ["Findings below the gate (5)", "Unknown results (1)", "Suppressed findings (2)"] {
        assert!(markdown.contains(&format!("<details><summary>{summary}</summary>")), "{summary}");
    }
    assert!(markdown.contains("<details><summary>Files and policies that could not be loaded (2)</summary>"));
    assert_eq!(markdown.matches("<details>").count(), markdown.matches("</details>").count());
    assert!(rest.contains("suppressed at network/main.tf:29 until 2027-03-31: bastion, reviewed in SEC-12"));
    assert!(!blocking.contains("aws\\_security\\_group.bastion"), "a suppressed finding never blocks");
}

#[test]
fn counts_cover_every_severity_and_state() {
    let markdown = render_markdown(&with_suppressions(), &MarkdownOptions::default());
    assert!(markdown.contains("| critical | 1 | 0 | 1 | 1 |"), "{markdown}");
    assert!(markdown.contains("| high | 1 | 1 | 1 | 1 |"), "{markdown}");
    assert!(markdown.contains("| **total** | 8 | 1 | 2 | 3 |"), "{markdown}");
}

#[test]
fn locations_link_into_the_repository_at_the_commit() {
    let markdown = render_markdown(&with_suppressions(), &on_github());
    let blob = format!("https://github.com/acme/infra/blob/{SHA}");
    assert!(markdown.contains(&format!("[network/main.tf:4-9]({blob}/network/main.tf#L4-L9)")), "{markdown}");
    assert!(markdown.contains(&format!("[k8s/deploy.yaml:13]({blob}/k8s/deploy.yaml#L13)")));
    assert!(
        markdown.contains("[TG101](https://github.com/acme/tollgate/blob/v0.1.0/docs/rules/TG101.md)"),
        "{markdown}"
    );
    // The user's policy lives in the scanned repository.
    assert!(markdown.contains(&format!("[main.warn\\_labels]({blob}/policy/labels.rego#L7)")), "{markdown}");
    let local = render_markdown(&with_suppressions(), &MarkdownOptions::default());
    assert!(local.contains("[network/main.tf:4-9](network/main.tf#L4-L9)"));
    assert!(!local.contains("https://"), "no repository known, no absolute link");
}

#[test]
fn hostile_text_cannot_break_a_table_or_inject_markup() {
    let markdown = render_markdown(&hostile_report(), &on_github());
    assert_tables_are_whole(&markdown);
    for forbidden in ["<script", "@acme/security", "\r", "\u{1}", "\u{1b}", "`code`"] {
        assert!(!markdown.contains(forbidden), "`{forbidden:?}` got through:\n{markdown}");
    }
    assert!(markdown.contains("\\[x\\](javascript:alert(1))"), "the link is escaped into text");
    assert!(markdown
        .contains("evil \\| cell <code>code</code> &lt;script&gt;alert(1)&lt;/script&gt; @&#8203;acme/security"));
    // The path is linked percent-encoded: its comma and spaces cannot end the link.
    assert!(markdown.contains(&format!("blob/{SHA}/dir%2C%20with%3A%20comma/main.tf#L3-L5)")), "{markdown}");
}

#[test]
fn a_large_report_is_cut_to_its_budget_keeping_tables_whole() {
    let large = large_report(2_000);
    let markdown = render_markdown(&large, &MarkdownOptions::default());
    assert!(markdown.len() <= DEFAULT_MARKDOWN_BUDGET, "{} bytes", markdown.len());
    assert!(markdown.len() > DEFAULT_MARKDOWN_BUDGET - 5_000, "the budget is used, not wasted");
    assert_tables_are_whole(&markdown);
    assert!(markdown.contains("### Blocking findings (2000)"));
    let more = markdown.lines().find(|line| line.starts_with("... and ")).expect("a truncation line");
    assert!(more.ends_with("more (the report is kept under 60000 bytes: see the SARIF/JSON report)"), "{more}");
    assert!(markdown.contains("2000 rows not shown"), "the details table had no room left");
    assert_eq!(markdown.matches("<details>").count(), markdown.matches("</details>").count());
    assert!(markdown.trim_end().ends_with("</sub>"), "the footer is kept");
    let small = render_markdown(&large, &MarkdownOptions { budget: 10_000, ..MarkdownOptions::default() });
    assert!(small.len() <= 10_000 && small.contains("... and "), "{}", small.len());
}

#[test]
fn markdown_is_identical_across_renders() {
    assert_eq!(
        render_markdown(&with_suppressions(), &on_github()),
        render_markdown(&with_suppressions(), &on_github())
    );
}

/// The cost section of an empty estimate, as `tollgate scan --cost` would pass it.
fn cost_section() -> String {
    let estimate = tollgate_cost::Estimate::default();
    let sources = tollgate_reports::SourceMap::new();
    tollgate_reports::cost::markdown(&tollgate_cost::CostView::new(&estimate, &sources, None))
}

#[test]
fn the_cost_section_follows_the_blocking_findings() {
    let section = cost_section();
    let markdown = render_markdown_with_cost(&with_suppressions(), &MarkdownOptions::default(), Some(&section));
    let (before, after) = markdown.split_once(section.as_str()).expect("the section whole");
    assert!(before.contains("### Blocking findings (3)") && !before.contains("<details>"), "{markdown}");
    assert!(after.starts_with("<details><summary>Findings below the gate"), "{after}");
    assert_eq!(
        render_markdown_with_cost(&report(), &MarkdownOptions::default(), None),
        render_markdown(&report(), &MarkdownOptions::default())
    );
}

#[test]
fn a_large_report_keeps_room_for_the_cost_section() {
    let section = cost_section();
    let markdown = render_markdown_with_cost(&large_report(2_000), &MarkdownOptions::default(), Some(&section));
    assert!(markdown.len() <= DEFAULT_MARKDOWN_BUDGET, "{} bytes", markdown.len());
    assert!(markdown.contains(section.as_str()), "the section is kept whole");
    assert_tables_are_whole(&markdown);
    assert!(markdown.lines().any(|line| line.starts_with("... and ")), "the findings were cut instead");

    // A section larger than half the budget is not reserved for: without room, a line says so.
    let huge = format!("### Cost estimate\n\n{}\n", "x".repeat(40_000));
    let cut = render_markdown_with_cost(&large_report(2_000), &MarkdownOptions::default(), Some(&huge));
    assert!(cut.len() <= DEFAULT_MARKDOWN_BUDGET && !cut.contains(&huge), "{} bytes", cut.len());
    assert!(cut.contains("### Cost estimate\n\nNot shown: the report is kept under 60000 bytes"), "{cut}");
}
