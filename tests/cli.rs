//! End-to-end: the `tollgate` binary as a user runs it.

mod common;

use common::{json, stdout, tollgate, write, OPEN_SSH, PRIVILEGED};
use std::fs;
use std::path::Path;

#[test]
fn empty_directory_is_not_a_pass_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let out = tollgate(&["scan", "."], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing was scanned in `.`") && stderr.contains("--allow-empty"), "{stderr}");
    let allowed = tollgate(&["scan", ".", "--allow-empty"], dir.path());
    assert_eq!(allowed.status.code(), Some(0), "{}", stdout(&allowed));
    assert!(stdout(&allowed).to_lowercase().contains("nothing to scan"), "{}", stdout(&allowed));
}

#[test]
fn missing_root_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = tollgate(&["scan", "no-such-dir"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-dir"));
}

#[test]
fn findings_at_or_above_fail_on_exit_1_and_point_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/sg.tf", OPEN_SSH);
    let out = tollgate(&["scan", "infra", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json(&out);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "TG101")
        .unwrap_or_else(|| panic!("no TG101 in {report}"));
    assert_eq!(finding["address"], "aws_security_group.bastion");
    assert_eq!(finding["file"], "infra/sg.tf");
    assert_eq!(finding["start_line"], 8, "points at cidr_blocks: {finding}");
    // The same findings under a stricter threshold pass the gate.
    let out = tollgate(&["scan", "infra", "--fail-on", "critical"], dir.path());
    assert_eq!(out.status.code(), Some(1), "TG101 is critical");
    write(dir.path(), "tollgate.toml", "[severity]\nTG101 = \"medium\"\n");
    let out = tollgate(&["scan", "infra"], dir.path());
    assert_eq!(out.status.code(), Some(0), "severity override found by walking up: {}", stdout(&out));
}

#[test]
fn broken_file_is_a_parse_error_finding_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k8s/pod.yaml", PRIVILEGED);
    write(dir.path(), "k8s/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {unclosed\n");
    let out = tollgate(&["scan", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let rules: Vec<&str> =
        report["findings"].as_array().unwrap().iter().filter_map(|f| f["rule_id"].as_str()).collect();
    assert!(rules.contains(&"TG000"), "{report}");
    assert!(rules.contains(&"TG201"), "{report}");
    assert_eq!(report["errors"][0]["file"], "k8s/broken.yaml");
    assert!(report["errors"][0]["line"].as_u64().unwrap() >= 1);
}

#[test]
fn config_with_an_unknown_key_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tollgate.toml", "fail_on = \"high\"\nfial_on = \"low\"\n");
    let out = tollgate(&["scan"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fial_on"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn disabled_rules_do_not_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sg.tf", OPEN_SSH);
    write(dir.path(), "tollgate.toml", "disable = [\"security-group-open-admin-port\"]\n");
    let out = tollgate(&["scan", "--format", "json"], dir.path());
    assert!(!stdout(&out).contains("TG101"), "{}", stdout(&out));
    write(dir.path(), "tollgate.toml", "disable = [\"TG999\"]\n");
    assert_eq!(tollgate(&["scan"], dir.path()).status.code(), Some(2));
}

#[test]
fn two_runs_print_the_same_bytes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for format in ["text", "json", "concise"] {
        let a = tollgate(&["scan", "fixtures", "--format", format, "--color", "always"], root);
        let b = tollgate(&["scan", "fixtures", "--format", format, "--color", "always"], root);
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "{format} output differs between runs");
    }
}

#[test]
fn rules_list_and_explain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tollgate(&["rules", "list", "--format", "json"], root);
    assert_eq!(out.status.code(), Some(0));
    let rules = json(&out);
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 16, "at least 15 rules plus parse-error");
    let out = tollgate(&["rules", "explain", "TG101"], root);
    let text = stdout(&out);
    for section in ["What it does", "Why is this bad", "Example", "Use instead"] {
        assert!(text.contains(section), "missing {section}: {text}");
    }
    let by_slug = tollgate(&["rules", "explain", "security-group-open-admin-port"], root);
    assert_eq!(stdout(&by_slug), text);
    assert_eq!(tollgate(&["rules", "explain", "TG999"], root).status.code(), Some(2));
}

#[test]
fn readme_rule_table_matches_the_catalog() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = stdout(&tollgate(&["rules", "list", "--format", "markdown"], root));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme.find("<!-- rules:start -->\n").expect("rules:start marker") + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    assert_eq!(
        &readme[start..end],
        table,
        "README rule table is stale: replace it with `tollgate rules list --format markdown`"
    );
}

#[test]
fn docs_rules_pages_match_the_catalog() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fresh = tempfile::tempdir().unwrap();
    let out = tollgate(&["rules", "docs", fresh.path().to_str().unwrap()], root);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let names = |dir: &Path| {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let kept = root.join("docs/rules");
    assert_eq!(names(&kept), names(fresh.path()), "docs/rules is stale: run `tollgate rules docs docs/rules`");
    for name in names(fresh.path()) {
        let expected = fs::read_to_string(fresh.path().join(&name)).unwrap();
        assert_eq!(
            fs::read_to_string(kept.join(&name)).unwrap(),
            expected,
            "docs/rules/{name} is stale: run `tollgate rules docs docs/rules`"
        );
    }
    let page = fs::read_to_string(kept.join("TG101.md")).unwrap();
    assert!(page.starts_with("# TG101 security-group-open-admin-port") && page.contains("## Use instead"));
}

#[test]
fn inspect_shows_values_unknowns_locations_and_edges() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_kms_key\" \"main\" {\n  enable_key_rotation = true\n}\n\nresource \"aws_ebs_volume\" \"data\" {\n  size       = 10\n  encrypted  = true\n  kms_key_id = aws_kms_key.main.arn\n}\n",
    );
    let out = tollgate(&["inspect", ".", "--address", "aws_ebs_volume."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    let resources = doc["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 1, "the address filter keeps one resource: {doc}");
    let volume = &resources[0];
    assert_eq!(volume["address"], "aws_ebs_volume.data");
    assert_eq!(
        (volume["file"].as_str(), volume["start_line"].as_u64(), volume["end_line"].as_u64()),
        (Some("main.tf"), Some(5), Some(9))
    );
    assert_eq!(volume["values"]["encrypted"], true);
    assert!(volume["values"]["kms_key_id"]["__unknown__"].is_string(), "unknowns are marked: {volume}");
    assert_eq!(volume["edges"][0]["kind"], "reference");
    assert_eq!(volume["edges"][0]["to"], "aws_kms_key.main");
    let text = stdout(&tollgate(&["inspect", ".", "--format", "text"], dir.path()));
    assert!(text.contains("encrypted = true  # line 7"), "{text}");
    assert!(text.contains("-> reference aws_kms_key.main (via kms_key_id)"), "{text}");
}

/// The rule ids of a JSON report's findings, sorted and unique.
fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> =
        report["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn rule_skip_rule_and_category_select_rules_by_any_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/sg.tf", OPEN_SSH);
    write(dir.path(), "k8s/pod.yaml", PRIVILEGED);
    let all = rule_ids(&json(&tollgate(&["scan", ".", "--format", "json"], dir.path())));
    assert!(all.contains(&"TG101".to_string()) && all.contains(&"TG201".to_string()), "{all:?}");

    let only = tollgate(&["scan", ".", "--format", "json", "--rule", "security-group-open-admin-port"], dir.path());
    assert_eq!(rule_ids(&json(&only)), ["TG101"]);
    let lower = tollgate(&["scan", ".", "--format", "json", "--rule", "tg201"], dir.path());
    assert_eq!(rule_ids(&json(&lower)), ["TG201"]);

    let skipped = rule_ids(&json(&tollgate(&["scan", ".", "--format", "json", "--skip-rule", "TG101"], dir.path())));
    assert!(!skipped.contains(&"TG101".to_string()) && skipped.len() == all.len() - 1, "{skipped:?}");

    let network = rule_ids(&json(&tollgate(&["scan", ".", "--format", "json", "--category", "network"], dir.path())));
    assert!(network.contains(&"TG101".to_string()) && !network.contains(&"TG201".to_string()), "{network:?}");

    for bad in [["--rule", "TG999"], ["--category", "netwrk"], ["--skip-rule", "parse-error"]] {
        let out = tollgate(&["scan", ".", bad[0], bad[1]], dir.path());
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(bad[1]), "{bad:?}");
    }
}
