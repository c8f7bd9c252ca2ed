//! End-to-end: `--output FORMAT=FILE` writes several reports from one scan, each identical to
//! the report `--format` prints, and a report that cannot be written is exit 2.

mod common;

use common::{stdout, tollgate, write, OPEN_SSH};
use std::fs;
use std::path::Path;

/// A tree with one critical failure (TG101): the gate fails.
fn failing_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "infra/main.tf", OPEN_SSH);
    dir
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn one_scan_writes_every_requested_format_as_format_would_print_it() {
    let dir = failing_tree();
    let root = dir.path();
    let args = ["scan", "infra", "--color", "always", "--format", "concise"];
    let outputs = ["--output", "json=reports/deep/report.json", "-o", "TEXT=reports/report.txt"];
    let out = tollgate(&[&args[..], &outputs[..]].concat(), root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let alone = |format: &str| stdout(&tollgate(&["scan", "infra", "--color", "never", "--format", format], root));
    assert_eq!(read(&root.join("reports/deep/report.json")), alone("json"), "parent directories are created");
    assert_eq!(read(&root.join("reports/report.txt")), alone("text"), "a file never gets colour");
    assert!(stdout(&out).contains("\u{1b}["), "standard output follows --color: {}", stdout(&out));
    assert!(stdout(&out).contains("TG101 aws_security_group.bastion [root infra]: Security group"), "{}", stdout(&out));
    let leftovers: Vec<_> = fs::read_dir(root.join("reports")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary file is left behind: {leftovers:?}");
}

#[test]
fn a_passing_scan_writes_its_reports_and_exits_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "main.tf", "variable \"region\" {\n  default = \"eu-west-1\"\n}\n");
    let out = tollgate(&["scan", ".", "--output", "json=report.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&read(&dir.path().join("report.json"))).expect("JSON");
    assert_eq!(report["summary"]["passed"], true);
    assert_eq!(report["summary"]["blocking"], 0);
}

#[test]
fn an_existing_report_is_replaced_whole() {
    let dir = failing_tree();
    let stale = "x".repeat(200_000);
    write(dir.path(), "report.json", &stale);
    let out = tollgate(&["scan", "infra", "--output", "json=report.json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&read(&dir.path().join("report.json"))).expect("only JSON");
    assert_eq!(report["summary"]["blocking"], 1);
}

#[test]
fn dash_puts_that_report_on_standard_output_instead_of_the_format() {
    let dir = failing_tree();
    let out = tollgate(&["scan", "infra", "--format", "text", "--output", "json=-"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("standard output is the JSON alone");
    assert_eq!(report["summary"]["blocking"], 1, "{report}");
}

#[test]
fn a_report_that_cannot_be_written_is_exit_2_and_the_others_are_still_written() {
    let dir = failing_tree();
    fs::create_dir(dir.path().join("taken")).unwrap();
    let out = tollgate(&["scan", "infra", "-o", "json=taken", "-o", "concise=ok.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: cannot write the json report to `taken`"), "{}", stderr(&out));
    assert!(read(&dir.path().join("ok.txt")).contains("TG101"));
    assert!(stdout(&out).contains("TG101"), "the --format report is still printed");
}

#[test]
fn a_bad_output_is_refused_before_the_scan() {
    let dir = failing_tree();
    let cases: [(&[&str], &str); 4] = [
        (&["-o", "xml=r.xml"], "unknown format `xml` (formats: text, json, concise"),
        (&["-o", "report.json"], "`report.json` is not FORMAT=FILE"),
        (&["-o", "json=r", "-o", "text=r"], "--output names `r` twice"),
        (&["-o", "json=-", "-o", "text=-"], "more than one --output writes to standard output"),
    ];
    for (extra, message) in cases {
        let out = tollgate(&[&["scan", "infra"][..], extra].concat(), dir.path());
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{extra:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{extra:?}: nothing was scanned");
    }
    assert!(!dir.path().join("r").exists());
}

#[test]
fn help_lists_the_formats_and_an_example() {
    let out = tollgate(&["scan", "--help"], Path::new("."));
    let help = stdout(&out);
    assert!(help.contains("--output <FORMAT=FILE>"), "{help}");
    assert!(help.contains("Formats: text, json, concise"), "{help}");
    assert!(help.contains("tollgate scan . --format text --output json=report.json"), "{help}");
}
