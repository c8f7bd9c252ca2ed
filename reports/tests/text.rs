//! Golden tests of the text report, and its promises: same bytes every run, colour adds only
//! escapes, bad locations never panic.

mod common;

use common::{empty_report, finding, report, sources, strip_ansi};
use tollgate_model::{Category, FindingKind, Severity, SourceMap};
use tollgate_reports::{render_text, render_text_with, ScanReport, TextOptions};

#[test]
fn text_report_plain() {
    insta::assert_snapshot!(render_text(&report(), &sources(), false));
}

#[test]
fn text_report_color() {
    let colored = render_text(&report(), &sources(), true);
    assert!(colored.contains('\x1b'), "colour output has no escapes");
    assert_eq!(strip_ansi(&colored), render_text(&report(), &sources(), false), "colour must only add escapes");
    // Escapes made visible so the snapshot is readable and diffable.
    insta::assert_snapshot!(colored.replace('\x1b', "\\e"));
}

#[test]
fn plain_text_has_no_escapes() {
    assert!(!render_text(&report(), &sources(), false).contains('\x1b'));
}

#[test]
fn text_report_is_byte_identical_across_runs() {
    for color in [false, true] {
        assert_eq!(render_text(&report(), &sources(), color), render_text(&report(), &sources(), color));
    }
}

#[test]
fn duplicates_are_printed_once_and_files_in_sorted_order() {
    let text = render_text(&report(), &sources(), false);
    assert_eq!(text.matches("critical[TG201]").count(), 1);
    let k8s = text.find("k8s/deploy.yaml: 3 findings").expect("k8s heading");
    let gone = text.find("modules/gone/main.tf: 2 findings").expect("missing-file heading");
    // The unknown result of network/main.tf is listed after the failures, not under its file.
    let network = text.find("network/main.tf: 3 findings\n").expect("network heading");
    assert!(k8s < gone && gone < network);
}

#[test]
fn empty_report_says_nothing_to_scan() {
    insta::assert_snapshot!(render_text(&empty_report(), &SourceMap::new(), false));
}

#[test]
fn clean_scan_passes() {
    let clean = ScanReport { files_scanned: 3, resources: 7, ..empty_report() };
    let text = render_text(&clean, &SourceMap::new(), false);
    assert_eq!(
        text, "summary: no findings in 3 files / 7 resources\ngate: fail on high or above -> passed\n",
        "got:\n{text}"
    );
}

#[test]
fn unknown_fails_counts_unknown_results_at_the_threshold() {
    // Only the unknown high finding is at or above the threshold once the failures are dropped.
    let mut only_unknown = report();
    only_unknown.gate.fail_at_any_severity.clear();
    only_unknown.findings.retain(|f| f.kind == FindingKind::Unknown);
    let text = render_text(&only_unknown, &sources(), false);
    assert!(!text.contains("unknown[TG110]"), "a non-blocking unknown is one line, not a diagnostic: {text}");
    assert!(
        text.contains("\n  network/main.tf:18: [unknown high] TG110 aws_db_instance.main: storage encryption"),
        "{text}"
    );
    assert!(text.ends_with("gate: fail on high or above -> passed\n"), "{text}");
    let detailed =
        render_text_with(&only_unknown, &sources(), &TextOptions { unknown_details: true, ..Default::default() });
    assert!(detailed.contains("unknown[TG110]"), "{detailed}");
    assert!(detailed.contains("not counted as a failure (--unknown=fail would count it)"), "{detailed}");
    assert!(detailed.contains("18 │   storage_encrypted = var.encrypt"), "{detailed}");

    only_unknown.gate.unknown_fails = true;
    let text = render_text(&only_unknown, &sources(), false);
    // A blocking unknown result is drawn in full among the failures.
    assert!(text.contains("unknown[TG110]"), "{text}");
    assert!(text.contains("fails the gate because unknown results count as failures"), "{text}");
    assert!(
        text.ends_with("gate: fail on high or above (unknown results included) -> FAILED (1 blocking finding)\n"),
        "{text}"
    );

    only_unknown.gate.fail_on = Severity::Critical;
    let text = render_text(&only_unknown, &sources(), false);
    assert!(text.starts_with("unknown: 1 result Tollgate could not decide"), "{text}");
    let detailed =
        render_text_with(&only_unknown, &sources(), &TextOptions { unknown_details: true, ..Default::default() });
    assert!(detailed.contains("below the gate threshold"), "{detailed}");
    assert!(text.ends_with("-> passed\n"), "{text}");
}

/// Locations a buggy loader or rule could produce: none may panic, and a finding whose lines
/// cannot be shown still prints its location.
#[test]
fn odd_locations_and_texts_never_panic() {
    let mut sources = SourceMap::new();
    sources.add("empty.tf", "");
    sources.add("crlf.yaml", "a: 1\r\nb: 2\r\n");
    sources.add("unicode.tf", "  name = \"café ☕\"  \n\tx = 1");
    sources.add("crlf.yaml", "shadowed: true\n"); // a repeated path: the first file wins
    let lines =
        [(0, 0), (0, 5), (1, 0), (1, 1), (2, 1), (1, 2), (2, 3), (3, 3), (4, 9), (u32::MAX, u32::MAX), (1, u32::MAX)];
    let mut findings = Vec::new();
    for file in ["empty.tf", "crlf.yaml", "unicode.tf", "absent.tf"] {
        for (start, end) in lines {
            findings.push(finding(
                "TG999",
                "odd",
                Severity::Medium,
                Category::Cost,
                FindingKind::Fail,
                "x.y",
                file,
                (start, end),
                "odd location",
            ));
        }
    }
    let odd = ScanReport { findings, files_scanned: 4, resources: 1, ..empty_report() };
    for color in [false, true] {
        let text = render_text(&odd, &sources, color);
        assert!(text.contains("absent.tf:4294967295"), "{text}");
    }
    let text = render_text(&odd, &sources, false);
    assert!(text.contains("2 │ b: 2"), "CRLF line drawn without its CR:\n{text}");
    assert!(!text.contains("shadowed"), "{text}");
    assert!(text.contains("café ☕"), "{text}");
}

#[test]
fn control_characters_from_scanned_files_are_not_printed() {
    let mut sources = SourceMap::new();
    sources.add("evil.yaml", "kind: Pod\nname: \u{1b}[2Jwiped\u{7}\r\nimage: x\n");
    let mut report = empty_report();
    report.files_scanned = 1;
    report.findings.push(finding(
        "TG205",
        "image-tag-mutable",
        Severity::Medium,
        Category::Workload,
        FindingKind::Fail,
        "Pod/\u{1b}]0;title\u{7}",
        "evil.yaml",
        (2, 3),
        "image `\u{1b}[31mx` is not pinned",
    ));
    let text = render_text(&report, &sources, false);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    assert!(text.contains("wiped") && text.contains("image: x"), "{text}");
    let colored = render_text(&report, &sources, true);
    assert!(!strip_ansi(&colored).chars().any(|c| c.is_control() && c != '\n'), "{colored:?}");
}

#[test]
fn environment_is_named_in_the_label() {
    let mut report = report();
    report.findings.iter_mut().for_each(|f| f.environment = Some("staging".into()));
    assert!(render_text(&report, &sources(), false).contains("[environment staging]"));
}

/// A file with no text (empty, or not read: too large, unreadable) has no line to show, and its
/// findings do not claim their line is missing from it.
#[test]
fn findings_in_files_without_text_show_only_their_location() {
    let mut sources = SourceMap::new();
    sources.add("empty.tf.json", "");
    let mut report = empty_report();
    report.files_scanned = 1;
    report.findings.push(finding(
        "TG000",
        "parse-error",
        Severity::High,
        Category::Input,
        FindingKind::Fail,
        "empty.tf.json",
        "empty.tf.json",
        (1, 1),
        "cannot read file: permission denied; fix it",
    ));
    let text = render_text(&report, &sources, false);
    assert!(!text.contains("not in the file"), "{text}");
    assert!(text.contains("┌─ empty.tf.json:1\n  = empty.tf.json (parse-error)\n\n"), "{text}");
}

/// Long lines are cut to 200 characters around the labelled text, so a minified one-line
/// manifest does not print itself (and a caret line as long) for every finding.
#[test]
fn long_snippet_lines_are_cut() {
    let mut sources = SourceMap::new();
    let minified = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"big\"}},\"data\":\"{}\"}}",
        "x".repeat(5_000_000)
    );
    sources.add("pod.json", minified);
    let indented = format!("a: 1\n{}deep: {}\nlast: {}\n", " ".repeat(300), "y".repeat(250), "z".repeat(400));
    sources.add("deep.yaml", indented);
    let mut report = empty_report();
    report.files_scanned = 2;
    let mut add = |file: &str, lines: (u32, u32), message: &str| {
        report.findings.push(finding(
            "TG201",
            "privileged-container",
            Severity::Critical,
            Category::Workload,
            FindingKind::Fail,
            "Pod/big",
            file,
            lines,
            message,
        ));
    };
    add("pod.json", (1, 1), "one line of five megabytes");
    add("deep.yaml", (2, 2), "a line indented by 300 spaces");
    add("deep.yaml", (2, 3), "two long lines");
    let text = render_text(&report, &sources, false);
    assert!(text.len() < 4_000, "{} bytes", text.len());
    // 200 characters of text, the gutter and (after the carets) the label.
    assert!(text.lines().all(|line| line.chars().count() < 260), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn findings_about_all_files_together_have_no_location_line() {
    let mut combined = common::policy_warning();
    combined.file = String::new();
    combined.address = "Combined".into();
    combined.start_line = 0;
    combined.end_line = 0;
    let report = ScanReport { findings: vec![combined], files_scanned: 2, ..empty_report() };
    let text = render_text(&report, &sources(), false);
    assert!(text.starts_with("all files together (--combine): 1 finding\n"), "{text}");
    assert!(text.contains("    = Combined (main.warn_labels)\n"), "{text}");
    assert!(!text.contains("┌─"), "no file, no location line: {text}");
}

#[test]
fn the_baseline_line_counts_hidden_findings_and_names_fixed_entries() {
    let text = render_text(&common::report_with_baseline(2), &sources(), false);
    let expected =
        "baseline: 3 findings hidden by the baseline (.tollgate-baseline.json), 2 baseline entries no longer \
                    found (fixed): remove them with `tollgate baseline`\n  TG101 aws_security_group.gone0 [environment \
                    prod] in network/old0.tf\n  TG101 aws_security_group.gone1 in network/old1.tf\ngate:";
    assert!(text.contains(expected), "{text}");
    let many = render_text(&common::report_with_baseline(25), &sources(), false);
    assert!(many.contains("  ... and 5 more (the JSON report lists them all)\n"), "{many}");
    let none_fixed = render_text(&common::report_with_baseline(0), &sources(), false);
    assert!(none_fixed.contains("baseline: 3 findings hidden by the baseline (.tollgate-baseline.json)\ngate:"));
    assert!(!render_text(&report(), &sources(), false).contains("baseline:"), "no baseline, no line");
}
