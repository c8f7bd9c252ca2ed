//! End-to-end: rule selection and `[[ignore]]` in tollgate.toml, combined with the flags.

mod common;

use common::{json, tollgate, write, OPEN_SSH};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn rules_reported(output: &std::process::Output) -> Vec<String> {
    let findings = json(output)["findings"].as_array().cloned().unwrap_or_default();
    findings.iter().filter_map(|f| f["rule_id"].as_str().map(str::to_string)).collect()
}

/// The same open-SSH group (TG101 critical, TG120 low) in `legacy/` and in `infra/`.
fn two_trees(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "legacy/main.tf", OPEN_SSH);
    write(dir.path(), "infra/main.tf", OPEN_SSH);
    write(dir.path(), "tollgate.toml", config);
    dir
}

#[test]
fn ignored_findings_stay_in_the_report_but_do_not_block() {
    let config = "[[ignore]]\npaths = [\"legacy/**\"]\nreason = \"decommissioned in Q3\"\n\n[[ignore]]\npaths = \
                  [\"gone/**\"]\n";
    let dir = two_trees(config);
    let legacy = tollgate(&["scan", "legacy", "-f", "json"], dir.path());
    assert_eq!(legacy.status.code(), Some(0), "{}", stderr(&legacy));
    assert_eq!(rules_reported(&legacy), ["TG120", "TG101"], "kept in the report");
    assert_eq!(json(&legacy)["summary"]["blocking"], 0);
    assert!(
        stderr(&legacy).contains("note: tollgate.toml: `[[ignore]]` 2 (paths gone/**) matched no finding"),
        "{}",
        stderr(&legacy)
    );
    let infra = tollgate(&["scan", "infra", "-f", "json"], dir.path());
    assert_eq!(infra.status.code(), Some(1), "outside the globs nothing changes");
    // From another directory the globs still mean the configuration's directory.
    let inside = tollgate(&["scan", ".", "-f", "json"], &dir.path().join("legacy"));
    assert_eq!(inside.status.code(), Some(0), "{}", stderr(&inside));
}

#[test]
fn an_ignore_limited_to_rules_leaves_the_others_blocking() {
    let dir = two_trees("[[ignore]]\npaths = [\"legacy\"]\nrules = [\"TG120\"]\n");
    let out = tollgate(&["scan", "legacy", "-f", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["summary"]["blocking"], 1);
    let bad = two_trees("[[ignore]]\npaths = [\"legacy\"]\nrules = [\"TG999\"]\n");
    let out = tollgate(&["scan", "legacy"], bad.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`[[ignore]]` 1: no rule named `TG999`"), "{}", stderr(&out));
}

#[test]
fn configured_categories_select_rules_and_flags_replace_them() {
    let dir = two_trees("categories = [\"tagging\"]\n");
    let out = tollgate(&["scan", "infra", "-f", "json"], dir.path());
    assert_eq!(rules_reported(&out), ["TG120"]);
    assert_eq!(out.status.code(), Some(0), "the low tagging finding does not block");
    let flag = tollgate(&["scan", "infra", "--category", "network", "-f", "json"], dir.path());
    assert_eq!(rules_reported(&flag), ["TG101"]);
    let only = two_trees("rules = [\"TG101\"]\ndisable = [\"TG120\"]\n");
    let out = tollgate(&["scan", "infra", "--rule", "TG120", "-f", "json"], only.path());
    assert_eq!(rules_reported(&out), ["TG120"], "--rule replaces `rules` and beats `disable`");
}
