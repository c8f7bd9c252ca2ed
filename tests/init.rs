//! End-to-end: `tollgate init` on copies of the bundled estates (their own tollgate.toml removed)
//! writes a configuration with which the scan finds what the estate's hand-written configuration
//! finds: same roots, environments and findings, no error introduced. The team's tag standard is
//! the one thing it cannot know, so the estate's `[tags]` is added before comparing.

mod common;

use common::{json, tollgate, write};
use std::fs;
use std::path::Path;

/// Estates, and whether every environment of their configuration has var files (`init` names
/// environments after var files; a root configured with a bare environment name gets none).
const ESTATES: [(&str, bool); 5] = [
    ("card-platform", true),
    ("platform-infrastructure", true),
    ("quanttrader", false),
    ("suuupra", true),
    ("webhook-delivery", true),
];

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// (rule, file, address, kind, environment when compared) of a JSON report, sorted.
fn finding_rows(report: &serde_json::Value, with_environment: bool) -> Vec<String> {
    let mut rows: Vec<String> = report["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            let environment = if with_environment { f["environment"].to_string() } else { String::new() };
            format!("{} {} {} {} {environment}", f["rule_id"], f["file"], f["address"], f["kind"])
        })
        .collect();
    rows.sort();
    rows
}

/// The `[name]` table of an estate's configuration.
fn section(config: &str, name: &str) -> String {
    let header = format!("{name}]");
    config.split("\n[").find(|part| part.starts_with(&header)).map(|part| format!("\n[{part}\n")).unwrap_or_default()
}

#[test]
fn init_on_each_estate_finds_what_its_own_configuration_finds() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let work = tempfile::tempdir().expect("temp dir");
    for (estate, exact_environments) in ESTATES {
        let copy = work.path().join(estate);
        copy_dir(&fixtures.join(estate), &copy);
        let own = fs::read_to_string(copy.join("tollgate.toml")).expect("the estate's configuration");
        fs::remove_file(copy.join("tollgate.toml")).expect("remove it");

        let init = tollgate(&["init", estate], work.path());
        assert_eq!(init.status.code(), Some(0), "{estate}: {}", stderr(&init));
        let written = fs::read_to_string(copy.join("tollgate.toml")).expect("init writes tollgate.toml");
        assert!(written.contains("[[terraform.root]]"), "{estate}: {written}");
        // The team's tag standard and budget are theirs to write: init cannot discover them.
        let team_sections = section(&own, "tags") + &section(&own, "cost");
        fs::write(copy.join("tollgate.toml"), written + &team_sections).expect("add the tag standard and budget");

        let with_init = tollgate(&["scan", estate, "-f", "json"], work.path());
        assert_ne!(with_init.status.code(), Some(2), "{estate}: {}", stderr(&with_init));
        let expected = tollgate(&["scan", estate, "-f", "json"], &fixtures);
        let (with_init, expected) = (json(&with_init), json(&expected));
        assert_eq!(with_init["summary"]["errors"], 0, "{estate}: no load error introduced");
        assert_eq!(
            finding_rows(&with_init, exact_environments),
            finding_rows(&expected, exact_environments),
            "{estate}: the same findings as its hand-written configuration"
        );
    }
}

#[test]
fn init_resolves_unknowns_and_never_hides_a_failure_of_a_scan_without_configuration() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/quanttrader"), dir.path());
    fs::remove_file(dir.path().join("tollgate.toml")).expect("remove the estate's configuration");
    let bare = json(&tollgate(&["scan", ".", "-f", "json"], dir.path()));
    assert_eq!(tollgate(&["init"], dir.path()).status.code(), Some(0));
    let configured = json(&tollgate(&["scan", ".", "-f", "json"], dir.path()));
    let unknown = |report: &serde_json::Value| report["summary"]["unknown"].as_u64().unwrap_or(u64::MAX);
    assert!(unknown(&configured) < unknown(&bare), "var files make values known");
    let failures = |report: &serde_json::Value, field: &str| -> Vec<String> {
        let findings = report["findings"].as_array().cloned().unwrap_or_default();
        findings.iter().filter(|f| f["kind"] == field).map(|f| format!("{} {}", f["rule_id"], f["file"])).collect()
    };
    let after = failures(&configured, "fail");
    for failure in failures(&bare, "fail") {
        assert!(after.contains(&failure), "`{failure}` failed without configuration and must still fail");
    }
}

#[test]
fn init_refuses_to_overwrite_without_force_and_activates_a_baseline_it_finds() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "infra/main.tf", common::OPEN_SSH);
    write(dir.path(), "tollgate.toml", "fail_on = \"low\"\n");
    let refused = tollgate(&["init"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("exists: edit it, or write a new one over it with --force"));
    assert_eq!(fs::read_to_string(dir.path().join("tollgate.toml")).expect("kept"), "fail_on = \"low\"\n");

    assert_eq!(tollgate(&["baseline", "infra"], dir.path()).status.code(), Some(0));
    let forced = tollgate(&["init", ".", "--force"], dir.path());
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let written = fs::read_to_string(dir.path().join("tollgate.toml")).expect("written");
    assert!(written.contains("\nbaseline = \".tollgate-baseline.json\"\n"), "{written}");
    let scan = tollgate(&["scan", "infra"], dir.path());
    assert_eq!(scan.status.code(), Some(0), "the baseline is applied");
    let leftovers = fs::read_dir(dir.path()).expect("dir").flatten().filter(|e| e.file_name() != "infra").count();
    assert_eq!(leftovers, 2, "tollgate.toml and the baseline, no temporary file");
    assert_eq!(tollgate(&["init", "missing"], dir.path()).status.code(), Some(2));
}
