//! End-to-end: `tollgate baseline` writes today's findings; `scan --baseline` (or `baseline` in
//! tollgate.toml) reports only new ones, counts those hidden, lists baseline entries no longer
//! found, and works from another directory. A missing or corrupt baseline is exit 2.

mod common;

use common::{json, stdout, tollgate, write, OPEN_SSH};
use std::fs;
use std::path::Path;

const RDP_RULE: &str = r#"
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A repository with one open-SSH security group (TG101 critical, TG120 low) and its baseline.
fn baselined_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "infra/main.tf", OPEN_SSH);
    let out = tollgate(&["baseline", "infra"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote 2 findings to"), "{}", stderr(&out));
    dir
}

fn summary_baseline(output: &std::process::Output) -> serde_json::Value {
    json(output)["summary"]["baseline"].clone()
}

#[test]
fn the_baseline_file_holds_stable_keys_without_lines_sorted() {
    let dir = baselined_repo();
    let text = fs::read_to_string(dir.path().join(".tollgate-baseline.json")).expect("baseline written");
    let file: serde_json::Value = serde_json::from_str(&text).expect("baseline is JSON");
    assert_eq!(file["tollgate_baseline"], 1);
    let entries = file["findings"].as_array().expect("findings");
    let rules: Vec<&str> = entries.iter().filter_map(|e| e["rule_id"].as_str()).collect();
    assert_eq!(rules, ["TG101", "TG120"], "sorted by file, address, rule");
    assert_eq!(entries[0]["file"], "infra/main.tf");
    assert_eq!(entries[0]["address"], "aws_security_group.bastion");
    assert_eq!(entries[0]["severity"], "critical");
    assert!(!text.contains("_line\""), "no line numbers in a baseline: {text}");
    let again = tollgate(&["baseline", "infra"], dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(fs::read_to_string(dir.path().join(".tollgate-baseline.json")).expect("baseline"), text);
}

#[test]
fn findings_in_the_baseline_are_hidden_and_counted_even_when_lines_move() {
    let dir = baselined_repo();
    write(dir.path(), "infra/main.tf", format!("# moved down\n\n\n{OPEN_SSH}"));
    let out = tollgate(&["scan", "infra", "--baseline", ".tollgate-baseline.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("summary: no findings in 1 file / 1 resource\n"), "{text}");
    assert!(text.contains("baseline: 2 findings hidden by the baseline (.tollgate-baseline.json)\n"), "{text}");
    let report = tollgate(&["scan", "infra", "--baseline", ".tollgate-baseline.json", "-f", "json"], dir.path());
    assert_eq!(summary_baseline(&report)["hidden"], 2);
    assert_eq!(json(&report)["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_second_finding_of_the_same_rule_on_the_same_resource_is_new() {
    let dir = baselined_repo();
    let with_rdp = OPEN_SSH.trim_end().strip_suffix('}').expect("a block").to_string() + RDP_RULE;
    write(dir.path(), "infra/main.tf", with_rdp);
    let out = tollgate(&["scan", "infra", "--baseline", ".tollgate-baseline.json", "-f", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "the new RDP finding blocks");
    let findings = json(&out)["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(findings[0]["message"].as_str().unwrap_or("").contains("RDP (port 3389)"), "{findings:#?}");
    assert_eq!(summary_baseline(&out)["hidden"], 2);
}

#[test]
fn entries_no_finding_matches_are_reported_as_fixed() {
    let dir = baselined_repo();
    write(dir.path(), "infra/main.tf", OPEN_SSH.replace("0.0.0.0/0", "10.0.0.0/8"));
    let out = tollgate(&["scan", "infra", "--baseline", ".tollgate-baseline.json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let expected = "baseline: 1 finding hidden by the baseline (.tollgate-baseline.json), 1 baseline entry no longer \
                    found (fixed): remove them with `tollgate baseline`\n  TG101 aws_security_group.bastion in \
                    infra/main.tf\n";
    assert!(stdout(&out).contains(expected), "{}", stdout(&out));
    let report = tollgate(&["scan", "infra", "--baseline", ".tollgate-baseline.json", "-f", "json"], dir.path());
    let fixed = summary_baseline(&report)["fixed"].clone();
    assert_eq!(fixed.as_array().map(Vec::len), Some(1));
    assert_eq!(fixed[0]["rule_id"], "TG101");
}

#[test]
fn the_baseline_works_from_another_working_directory() {
    let dir = baselined_repo();
    let infra = dir.path().join("infra");
    let out = tollgate(&["scan", ".", "--baseline", "../.tollgate-baseline.json", "-f", "json"], &infra);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(summary_baseline(&out)["hidden"], 2);
    assert_eq!(summary_baseline(&out)["fixed"].as_array().map(Vec::len), Some(0));
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join(".tollgate-baseline.json");
    let args = ["scan", infra.to_str().expect("utf-8"), "--baseline", baseline.to_str().expect("utf-8"), "-f", "json"];
    let out = tollgate(&args, elsewhere.path());
    assert_eq!(summary_baseline(&out)["hidden"], 2, "{}", stdout(&out));
}

#[test]
fn the_configuration_names_the_baseline_and_no_baseline_shows_everything() {
    let dir = baselined_repo();
    write(dir.path(), "tollgate.toml", "baseline = \".tollgate-baseline.json\"\n");
    let infra = dir.path().join("infra");
    let out = tollgate(&["scan", ".", "-f", "json"], &infra);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(summary_baseline(&out)["hidden"], 2, "relative to tollgate.toml, found from infra/");
    assert_eq!(summary_baseline(&out)["file"], "../.tollgate-baseline.json", "shown from the working directory");
    let everything = tollgate(&["scan", ".", "--no-baseline", "-f", "json"], &infra);
    assert_eq!(everything.status.code(), Some(1));
    assert_eq!(summary_baseline(&everything), serde_json::Value::Null);
    // Writing the baseline again ignores the one in force: it holds every finding of today.
    let rewrite = tollgate(&["baseline", "."], &infra);
    assert!(stderr(&rewrite).contains("wrote 2 findings to ../.tollgate-baseline.json;"), "{}", stderr(&rewrite));
    let refused = tollgate(&["baseline", ".", "--baseline", "x.json"], &infra);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("name the file to write with --output"), "{}", stderr(&refused));
}

#[test]
fn a_missing_or_corrupt_baseline_is_exit_2_with_the_reason() {
    let dir = baselined_repo();
    let root: &Path = dir.path();
    let missing = tollgate(&["scan", "infra", "--baseline", "nope.json"], root);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("error: cannot read baseline nope.json"), "{}", stderr(&missing));
    write(root, "broken.json", "{\"tollgate_baseline\": 1, \"findings\": [{\"rule_id\": 3}]}");
    let corrupt = tollgate(&["scan", "infra", "--baseline", "broken.json"], root);
    assert_eq!(corrupt.status.code(), Some(2));
    assert!(stderr(&corrupt).contains("error: invalid baseline broken.json"), "{}", stderr(&corrupt));
    write(root, "tollgate.toml", "baseline = \"gone.json\"\n");
    let from_config = tollgate(&["scan", "infra"], root);
    assert_eq!(from_config.status.code(), Some(2), "{}", stderr(&from_config));
}

#[test]
fn output_names_where_the_baseline_goes() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "infra/main.tf", OPEN_SSH);
    let out = tollgate(&["baseline", "infra", "--output", "ci/accepted.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = fs::read_to_string(dir.path().join("ci/accepted.json")).expect("written where asked");
    assert!(text.contains("\"file\": \"../infra/main.tf\""), "relative to the baseline's directory: {text}");
    let out = tollgate(&["scan", "infra", "--baseline", "ci/accepted.json", "-f", "json"], dir.path());
    assert_eq!(summary_baseline(&out)["hidden"], 2);
}

#[test]
fn scanning_part_of_the_repository_or_fewer_rules_reports_nothing_as_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "infra/main.tf", OPEN_SSH);
    write(dir.path(), "legacy/main.tf", OPEN_SSH);
    assert_eq!(tollgate(&["baseline", "."], dir.path()).status.code(), Some(0));
    let part = tollgate(&["scan", "infra", "--baseline", ".tollgate-baseline.json", "-f", "json"], dir.path());
    assert_eq!(summary_baseline(&part)["hidden"], 2);
    assert_eq!(summary_baseline(&part)["fixed"], serde_json::json!([]), "legacy/ was not scanned, not fixed");
    let one_rule = ["scan", ".", "--rule", "TG101", "--baseline", ".tollgate-baseline.json", "-f", "json"];
    let out = tollgate(&one_rule, dir.path());
    assert_eq!(summary_baseline(&out)["hidden"], 2);
    assert_eq!(summary_baseline(&out)["fixed"], serde_json::json!([]), "TG120 did not run, not fixed");
}
