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
//! Native rules run through `tollgate-evaluate`; Rego rules (`policy.rego`) through
//! `tollgate-policy`, their policy loaded alone, exactly as a scan loads the bundled policies.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use tollgate_evaluate::{evaluate, EvalOptions, RuleDef};
use tollgate_load::{load, LoadOptions};
use tollgate_model::{Finding, Graph};
use tollgate_policy::{PolicyOptions, PolicySet};
use tollgate_rules::BundledPolicy;

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

/// Runs one rule on one case; returns a description of the mismatch, if any.
fn check_case(rule: &RuleDef, fixtures: &Path, case: &str, bless: bool) -> Option<String> {
    let case_dir = fixtures.join(case);
    let expected_path = fixtures.join(format!("{case}.expected"));
    let loaded = match load(&LoadOptions::new(vec![case_dir.clone()])) {
        Ok(loaded) => loaded,
        Err(e) => return Some(format!("{} case `{case}`: the fixture does not load: {e:?}", rule.meta.id)),
    };
    if !loaded.errors.is_empty() {
        let errors: Vec<String> =
            loaded.errors.iter().map(|e| format!("    {}:{}:{}: {}", e.file, e.line, e.column, e.message)).collect();
        return Some(format!("{} case `{case}`: the fixture has load errors:\n{}", rule.meta.id, errors.join("\n")));
    }
    let findings = match tollgate_rules::policy(rule.meta.id) {
        Some(policy) => match run_policy(rule, policy, &loaded.graph) {
            Ok(findings) => findings,
            Err(problem) => return Some(format!("{} case `{case}`: {problem}", rule.meta.id)),
        },
        None => evaluate(&loaded.graph, std::slice::from_ref(rule), &EvalOptions::default()),
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

/// Runs a Rego rule's policy on a graph. Errors, and findings that do not carry the rule's id,
/// severity and category (its `# METADATA`), are problems.
fn run_policy(rule: &RuleDef, policy: BundledPolicy, graph: &Graph) -> Result<Vec<Finding>, String> {
    let sources = vec![(policy.path.to_string(), policy.source.to_string())];
    let (policies, errors) = PolicySet::load_with_sources(sources, &[], PolicyOptions::default());
    let outcome = tollgate_policy::evaluate(graph, &policies);
    let errors: Vec<String> = errors.iter().chain(&outcome.errors).map(|e| format!("    {e:?}")).collect();
    if !errors.is_empty() {
        return Err(format!("the policy has errors:\n{}", errors.join("\n")));
    }
    let findings: Vec<Finding> = outcome.findings;
    let m = rule.meta;
    for f in &findings {
        if (f.rule_id.as_str(), f.slug.as_str(), f.severity, f.category) != (m.id, m.slug, m.severity, m.category) {
            return Err(format!(
                "a finding is reported as {} ({}, {}, {}), not as {} ({}, {}, {}): {}",
                f.rule_id, f.slug, f.severity, f.category, m.id, m.slug, m.severity, m.category, f.message
            ));
        }
    }
    Ok(findings)
}

#[test]
fn every_rule_produces_exactly_the_expected_findings_on_its_fixtures() {
    let bless = std::env::var_os("TOLLGATE_BLESS").is_some_and(|v| v != "0");
    let mut problems = Vec::new();
    let mut cases_run = 0;
    for rule in tollgate_rules::all() {
        let fixtures = rule_dir(&rule).join("fixtures");
        for case in cases(&fixtures) {
            cases_run += 1;
            problems.extend(check_case(&rule, &fixtures, &case, bless));
        }
    }
    assert!(cases_run > 0, "no fixture cases found");
    assert!(problems.is_empty(), "\n{}\n{} problem(s) in {cases_run} cases", problems.join("\n"), problems.len());
}

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
    let rego: Vec<&str> =
        tollgate_rules::all().iter().filter(|r| tollgate_rules::is_rego(r)).map(|r| r.meta.id).collect();
    let with_policy: Vec<&str> = tollgate_rules::policies().iter().map(|p| p.id).collect();
    assert_eq!(rego, with_policy);
    for policy in tollgate_rules::policies() {
        assert_eq!(
            policy.path,
            format!("rules/{}-{}/policy.rego", policy.id, tollgate_rules::find(policy.id).map_or("", |r| r.meta.slug))
        );
        assert!(policy.source.contains(&format!("id: {}", policy.id)), "{}", policy.path);
    }
}

#[test]
fn find_accepts_id_or_slug() {
    let first = tollgate_rules::all().into_iter().next().expect("a rule");
    assert_eq!(tollgate_rules::find(first.meta.id).map(|r| r.meta.id), Some(first.meta.id));
    assert_eq!(tollgate_rules::find(&first.meta.id.to_lowercase()).map(|r| r.meta.id), Some(first.meta.id));
    assert_eq!(tollgate_rules::find(first.meta.slug).map(|r| r.meta.id), Some(first.meta.id));
    assert!(tollgate_rules::find("no-such-rule").is_none());
}
