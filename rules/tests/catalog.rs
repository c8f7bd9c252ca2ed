//! The catalog test: every rule's fixture cases produce exactly the findings recorded beside
//! them, and every rule is complete (unique id and slug, documentation sections, pass and fail
//! cases).
//!
//! A case is a folder `rules/<ID>-<slug>/fixtures/<case>/` loaded as a scan root; its findings for
//! that one rule, one per line as `<fail|unknown> <address> <file>:<start>-<end>`, must equal
//! `fixtures/<case>.expected` (`pass.expected` may be omitted: no findings). Run with
//! `TOLLGATE_BLESS=1` to rewrite the `.expected` files from what the rules produce now — then
//! review every changed line against the fixture before committing.
//!
//! Every case runs through the pipeline `tollgate scan` runs, with only its rule selected
//! (`--rule <ID>`), so native, Rego and built-in rules are checked the same way. Each rule is its
//! own test, named after its folder: `cargo test -p tollgate-rules --test catalog -- TG101`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use tollgate_evaluate::RuleDef;
use tollgate_model::{Finding, ScanReport};
use tollgate_pipeline::ScanOptions;
use tollgate_policy::{PolicyOptions, PolicySet};

const DOC_SECTIONS: &[&str] = &["## What it does", "## Why is this bad?", "## Example", "## Use instead"];

fn rule_dir(rule: &RuleDef) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{}-{}", rule.meta.id, rule.meta.slug))
}

fn render(finding: &Finding) -> String {
    format!(
        "{} {} {}:{}-{}",
        finding.kind.as_str(),
        finding.address,
        finding.file,
        finding.start_line,
        finding.end_line
    )
}

/// The case folders of a rule, sorted.
fn cases(fixtures: &Path) -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(fixtures)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    cases
}

fn read_expected(path: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(path).ok()?;
    Some(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// Scans one case folder with only `rule` selected, as `tollgate scan --rule <ID> <case>` does.
fn scan_case(rule: &RuleDef, case_dir: &Path) -> Result<ScanReport, String> {
    let mut options = ScanOptions::default();
    options.load.paths = vec![case_dir.to_path_buf()];
    options.select.rules = vec![rule.meta.id.to_string()];
    options.allow_empty = true;
    let done = tollgate_pipeline::scan(&options, &mut |_| {}).map_err(|e| format!("the scan fails: {e}"))?;
    Ok(done.report)
}

/// The rule's findings, with paths relative to the case folder. Load errors are problems unless
/// the rule is the one that reports them, and so are findings that do not carry the rule's
/// metadata.
fn case_findings(rule: &RuleDef, case_dir: &Path) -> Result<Vec<Finding>, String> {
    let report = scan_case(rule, case_dir)?;
    if !report.errors.is_empty() && rule.meta.id != "TG000" {
        let errors: Vec<String> =
            report.errors.iter().map(|e| format!("    {}:{}:{}: {}", e.file, e.line, e.column, e.message)).collect();
        return Err(format!("the fixture has load errors:\n{}", errors.join("\n")));
    }
    // Paths are shown relative to the working directory, the package's when testing.
    let shown = case_dir.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(case_dir);
    let prefix = format!("{}/", shown.display());
    let m = rule.meta;
    let mut findings = Vec::new();
    for mut f in report.findings.into_iter().filter(|f| f.rule_id == m.id) {
        if (f.slug.as_str(), f.severity, f.category) != (m.slug, m.severity, m.category) {
            return Err(format!(
                "a finding is reported as {} ({}, {}, {}), not as {} ({}, {}, {}): {}",
                f.rule_id, f.slug, f.severity, f.category, m.id, m.slug, m.severity, m.category, f.message
            ));
        }
        f.file = f.file.strip_prefix(&prefix).map(str::to_string).unwrap_or(f.file);
        f.address = f.address.strip_prefix(&prefix).map(str::to_string).unwrap_or(f.address);
        findings.push(f);
    }
    Ok(findings)
}

/// Runs one rule on one case; returns a description of the mismatch, if any.
fn check_case(rule: &RuleDef, fixtures: &Path, case: &str, bless: bool) -> Option<String> {
    let case_dir = fixtures.join(case);
    let expected_path = fixtures.join(format!("{case}.expected"));
    let findings = match case_findings(rule, &case_dir) {
        Ok(findings) => findings,
        Err(problem) => return Some(format!("{} case `{case}`: {problem}", rule.meta.id)),
    };
    let actual: Vec<String> = findings.iter().map(render).collect();

    if bless {
        let text: String = actual.iter().map(|l| format!("{l}\n")).collect();
        if !(actual.is_empty() && case == "pass") || expected_path.exists() {
            if let Err(e) = fs::write(&expected_path, text) {
                return Some(format!("cannot write {}: {e}", expected_path.display()));
            }
        }
        return None;
    }

    let expected = match read_expected(&expected_path) {
        Some(lines) => lines,
        None if case == "pass" => Vec::new(),
        None => return Some(format!("{} case `{case}`: {} is missing", rule.meta.id, expected_path.display())),
    };
    if expected == actual {
        return None;
    }
    let mut report = format!("{} ({}) case `{case}`: findings differ from {}\n", rule.meta.id, rule.meta.slug, {
        expected_path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&expected_path).display()
    });
    let actual_set: BTreeSet<&String> = actual.iter().collect();
    let expected_set: BTreeSet<&String> = expected.iter().collect();
    for line in &expected {
        if !actual_set.contains(line) {
            report.push_str(&format!("  - expected, not produced: {line}\n"));
        }
    }
    for (line, finding) in actual.iter().zip(&findings) {
        if !expected_set.contains(line) {
            report.push_str(&format!("  + produced, not expected: {line}\n        message: {}\n", finding.message));
        }
    }
    if actual_set == expected_set {
        report.push_str("  (same lines in a different order or count)\n");
    }
    report.push_str("  expected:\n");
    expected.iter().for_each(|l| report.push_str(&format!("    {l}\n")));
    report.push_str("  actual:\n");
    for (line, finding) in actual.iter().zip(&findings) {
        report.push_str(&format!("    {line}    # {}\n", finding.message));
    }
    Some(report)
}

/// Runs every fixture case of the rule with this id.
fn check_rule(id: &str) {
    let bless = std::env::var_os("TOLLGATE_BLESS").is_some_and(|v| v != "0");
    let Some(rule) = tollgate_rules::all().into_iter().find(|rule| rule.meta.id == id) else {
        panic!("no rule {id}");
    };
    let fixtures = rule_dir(&rule).join("fixtures");
    let found = cases(&fixtures);
    assert!(!found.is_empty(), "{id}: no fixture cases");
    let problems: Vec<String> = found.iter().filter_map(|case| check_case(&rule, &fixtures, case, bless)).collect();
    assert!(problems.is_empty(), "\n{}\n{} problem(s) in {} cases", problems.join("\n"), problems.len(), found.len());
}

// One `#[test]` per rule folder, named after it (`TG101_security_group_open_admin_port`).
include!(concat!(env!("OUT_DIR"), "/catalog_tests.rs"));

fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[test]
fn every_rule_is_complete() {
    let rules = tollgate_rules::all();
    assert!(!rules.is_empty(), "the catalog is empty");
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for rule in &rules {
        let (id, slug) = (rule.meta.id, rule.meta.slug);
        if !ids.insert(id) {
            problems.push(format!("{id}: duplicate id"));
        }
        if !slugs.insert(slug) {
            problems.push(format!("{id}: duplicate slug `{slug}`"));
        }
        if !(id.len() == 5 && id.starts_with("TG") && id[2..].chars().all(|c| c.is_ascii_digit())) {
            problems.push(format!("{id}: ids are `TG` and three digits"));
        }
        if !is_kebab_case(slug) {
            problems.push(format!("{id}: slug `{slug}` is not kebab-case"));
        }
        if rule.meta.title.trim().is_empty() {
            problems.push(format!("{id}: empty title"));
        }
        let dir = rule_dir(rule);
        if !dir.join("rule.rs").is_file() && !dir.join("policy.rego").is_file() {
            problems.push(format!("{id}: folder `{}` (named `<id>-<slug>`) not found", dir.display()));
        }
        for section in DOC_SECTIONS {
            if !rule.docs.lines().any(|l| l.trim_end() == *section) {
                problems.push(format!("{id}: docs lack the `{section}` section"));
            }
        }
        let fixtures = dir.join("fixtures");
        let found = cases(&fixtures);
        for required in ["pass", "fail"] {
            if !found.iter().any(|c| c == required) {
                problems.push(format!("{id}: no fixtures/{required}/ case"));
            }
        }
        if read_expected(&fixtures.join("fail.expected")).is_none_or(|lines| lines.is_empty()) {
            problems.push(format!("{id}: fixtures/fail.expected is missing or empty"));
        }
        // Every recorded expectation belongs to a case folder (a renamed case leaves none behind).
        if let Ok(entries) = fs::read_dir(&fixtures) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if let Some(case) = name.strip_suffix(".expected") {
                    if !found.iter().any(|c| c == case) {
                        problems.push(format!("{id}: fixtures/{name} has no case folder `{case}/`"));
                    }
                }
            }
        }
    }
    let listed: Vec<&str> = rules.iter().map(|r| r.meta.id).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "all() must be sorted by id");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn bundled_policies_load_together_and_cover_every_rego_rule() {
    let bundled = tollgate_rules::bundled_policies();
    assert!(bundled.len() >= 12, "only {} bundled Rego rules", bundled.len());
    let sources = bundled.iter().map(|(path, source)| (path.clone(), source.to_string())).collect();
    let (_, errors) = PolicySet::load_with_sources(sources, &[], PolicyOptions::default());
    assert!(errors.is_empty(), "{errors:#?}");
    let rego: Vec<&str> = tollgate_rules::all().iter().filter(|r| r.policy().is_some()).map(|r| r.meta.id).collect();
    let with_policy: Vec<&str> = tollgate_rules::policies().iter().map(|p| p.id).collect();
    assert_eq!(rego, with_policy);
    for policy in tollgate_rules::policies() {
        assert_eq!(
            policy.path,
            format!(
                "rules/{}-{}/policy.rego",
                policy.id,
                tollgate_rules::catalog().find(policy.id).map_or("", |r| r.slug.as_str())
            )
        );
        assert!(policy.source.contains(&format!("id: {}", policy.id)), "{}", policy.path);
    }
}

#[test]
fn the_catalog_finds_every_rule_by_id_or_slug_in_any_case() {
    let catalog = tollgate_rules::catalog();
    for rule in tollgate_rules::all() {
        for name in [rule.meta.id.to_string(), rule.meta.id.to_lowercase(), rule.meta.slug.to_string()] {
            assert_eq!(catalog.id_of(&name), Some(rule.meta.id), "{name}");
        }
    }
    assert!(catalog.find("no-such-rule").is_none());
    assert_eq!(catalog.len(), tollgate_rules::all().len());
}
