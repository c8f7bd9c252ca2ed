//! Placement and judgement of suppressions, on hand-made sources, layouts and findings.

use std::collections::BTreeMap;
use tollgate_model::{
    Catalog, Category, Finding, FindingKind, RuleDescriptor, RuleOrigin, RuleRef, Severity, SourceMap,
};
use tollgate_model::{FindingCallSite, SuppressionKind};
use tollgate_suppress::{apply, Annotation, Inputs, Layout, NaiveDate, ProblemKind, Settings};

fn rule(id: &str, aliases: &[&str]) -> RuleDescriptor {
    let slug = format!("rule-{}", id.to_ascii_lowercase());
    let aliases = aliases.iter().map(|a| a.to_string()).collect();
    RuleDescriptor {
        aliases,
        ..RuleDescriptor::new(id, &slug, "", Severity::High, Category::Network, RuleOrigin::Native)
    }
}

fn catalog() -> Catalog {
    Catalog::new([rule("TG101", &["CKV_AWS_24", "AVD-AWS-0107"]), rule("TG102", &[]), rule("TG000", &[])])
}

fn finding(catalog: &Catalog, id: &str, file: &str, lines: (u32, u32)) -> Finding {
    let rule = catalog.find(id).expect("a rule");
    Finding::new(RuleRef::from(rule), FindingKind::Fail, "aws_x.y", file, lines, "wrong")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date")
}

const SETTINGS: Settings = Settings { today: NaiveDate::MIN, require_reason: false };

/// `main.tf` holds `text`; the resource block is lines `block`, `attributes` its attributes.
struct Case {
    sources: SourceMap,
    layout: Layout,
    catalog: Catalog,
}

impl Case {
    fn new(text: &str, block: (u32, u32), attributes: &[(u32, u32)]) -> Case {
        let mut sources = SourceMap::new();
        sources.add("main.tf", text);
        let mut layout = Layout::default();
        layout.add_block("main.tf", block);
        attributes.iter().for_each(|lines| layout.add_item("main.tf", *lines));
        Case { sources, layout, catalog: catalog() }
    }

    fn run(&self, findings: &mut [Finding], settings: Settings) -> Vec<(ProblemKind, u32, String)> {
        let mut inputs = Inputs::new(&self.sources, &self.layout, &self.catalog);
        inputs.protected = BTreeMap::from([("TG000".to_string(), "unparsed files must not pass".to_string())]);
        apply(findings, &inputs, &Settings { today: today(), ..settings })
            .into_iter()
            .map(|p| (p.kind, p.line, p.message))
            .collect()
    }
}

const BUCKET: &str = "# tollgate:ignore TG101 -- VPN only\n# another comment\nresource \"aws_x\" \"y\" {\n  a = 1\n  b = [\n    2,\n  ]\n}\n";

#[test]
fn a_comment_above_a_block_covers_every_finding_in_it() {
    let case = Case::new(BUCKET, (3, 8), &[(4, 4), (5, 7)]);
    let mut findings =
        vec![finding(&case.catalog, "TG101", "main.tf", (5, 7)), finding(&case.catalog, "TG102", "main.tf", (4, 4))];
    assert!(case.run(&mut findings, SETTINGS).is_empty());
    let suppression = findings[0].suppression.clone().expect("suppressed");
    assert_eq!(suppression.kind, SuppressionKind::InSource);
    assert_eq!((suppression.location.as_str(), suppression.justification.as_deref()), ("main.tf:1", Some("VPN only")));
    assert!(findings[1].suppression.is_none(), "another rule's finding stays");
}

#[test]
fn a_comment_above_an_attribute_covers_only_its_lines() {
    let text = "resource \"aws_x\" \"y\" {\n  a = 1\n  // tollgate:ignore TG101\n  b = [\n    2,\n  ]\n}\n";
    let case = Case::new(text, (1, 7), &[(2, 2), (4, 6), (5, 5)]);
    let mut findings =
        vec![finding(&case.catalog, "TG101", "main.tf", (5, 5)), finding(&case.catalog, "TG101", "main.tf", (2, 2))];
    assert!(case.run(&mut findings, SETTINGS).is_empty());
    assert!(findings[0].suppression.is_some() && findings[1].suppression.is_none());
    assert_eq!(findings[0].suppression.as_ref().and_then(|s| s.justification.clone()), None);
}

#[test]
fn a_trailing_comment_covers_its_own_line() {
    let text = "resource \"aws_x\" \"y\" {\n  a = 1 # tollgate:ignore TG101 -- ok\n  b = 2\n}\n";
    let case = Case::new(text, (1, 4), &[(2, 2), (3, 3)]);
    let mut findings =
        vec![finding(&case.catalog, "TG101", "main.tf", (2, 2)), finding(&case.catalog, "TG101", "main.tf", (3, 3))];
    assert!(case.run(&mut findings, SETTINGS).is_empty());
    assert!(findings[0].suppression.is_some() && findings[1].suppression.is_none());
}

#[test]
fn a_blank_line_breaks_the_link_and_the_comment_is_reported() {
    let text = "# tollgate:ignore TG101\n\nresource \"aws_x\" \"y\" {\n}\n";
    let case = Case::new(text, (3, 4), &[]);
    let mut findings = vec![finding(&case.catalog, "TG101", "main.tf", (3, 4))];
    let problems = case.run(&mut findings, SETTINGS);
    assert!(findings[0].suppression.is_none());
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].0, problems[0].1), (ProblemKind::Malformed, 1));
    assert!(problems[0].2.contains("not on or directly above"), "{}", problems[0].2);
}

#[test]
fn expired_suppressions_hide_nothing_and_are_reported() {
    let text = "# tollgate:ignore TG101 until=2026-12-05 -- until the migration\nresource \"aws_x\" \"y\" {\n}\n";
    let case = Case::new(text, (2, 3), &[]);
    let mut findings = vec![finding(&case.catalog, "TG101", "main.tf", (2, 3))];
    let problems = case.run(&mut findings, SETTINGS);
    assert!(findings[0].suppression.is_none());
    assert_eq!((problems[0].0, problems[0].1), (ProblemKind::Expired, 1));
    assert!(problems[0].2.contains("expired on 2026-12-05"));
    // The last day itself still applies.
    let text = text.replace("2026-12-05", "2026-12-06");
    let case = Case::new(&text, (2, 3), &[]);
    let mut findings = vec![finding(&case.catalog, "TG101", "main.tf", (2, 3))];
    assert!(case.run(&mut findings, SETTINGS).is_empty());
    assert_eq!(findings[0].suppression.as_ref().and_then(|s| s.until.clone()).as_deref(), Some("2026-12-06"));
}

#[test]
fn unused_names_are_reported_unless_their_rule_did_not_run() {
    let text = "# tollgate:ignore TG101,rule-tg102 -- both\nresource \"aws_x\" \"y\" {\n}\n";
    let case = Case::new(text, (2, 3), &[]);
    let mut findings = vec![finding(&case.catalog, "TG101", "main.tf", (2, 3))];
    let problems = case.run(&mut findings, SETTINGS);
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].0, problems[0].1), (ProblemKind::Unused, 1));
    assert!(problems[0].2.contains("rule-tg102 reports no finding on lines 2-3"), "{}", problems[0].2);
    let mut inputs = Inputs::new(&case.sources, &case.layout, &case.catalog);
    inputs.ran = &|id| id != "TG102";
    let mut findings = vec![finding(&case.catalog, "TG101", "main.tf", (2, 3))];
    assert!(apply(&mut findings, &inputs, &Settings { today: today(), ..SETTINGS }).is_empty());
}

#[test]
fn unknown_and_protected_rules_and_missing_reasons_are_malformed() {
    let text = "# tollgate:ignore TG999\n# tollgate:ignore TG000 -- no\n# tollgate:ignore TG101\nresource \"aws_x\" \"y\" {\n}\n";
    let case = Case::new(text, (4, 5), &[]);
    let mut findings =
        vec![finding(&case.catalog, "TG101", "main.tf", (4, 5)), finding(&case.catalog, "TG000", "main.tf", (4, 5))];
    let problems = case.run(&mut findings, Settings { require_reason: true, ..SETTINGS });
    let summary: Vec<_> = problems.iter().map(|(kind, line, _)| (*kind, *line)).collect();
    assert_eq!(summary, vec![(ProblemKind::Malformed, 1), (ProblemKind::Malformed, 2), (ProblemKind::Malformed, 3)]);
    assert!(problems[0].2.contains("names no rule `TG999`"));
    assert!(problems[1].2.contains("TG000 cannot be suppressed inline: unparsed files must not pass"));
    assert!(problems[2].2.contains("require_reason = true"));
    assert!(findings.iter().all(|f| f.suppression.is_none()));
}

#[test]
fn checkov_skips_apply_inside_their_block_and_trivy_ignores_above_it() {
    let text = "resource \"aws_x\" \"y\" {\n  #checkov:skip=CKV_AWS_24:bastion\n  a = 1\n}\n#trivy:ignore:AVD-AWS-0107:exp:2027-01-01\n\
                resource \"aws_x\" \"z\" {\n}\n#trivy:ignore:AVD-AWS-9999\nresource \"aws_x\" \"w\" {\n}\n";
    let mut case = Case::new(text, (1, 4), &[(3, 3)]);
    case.layout.add_block("main.tf", (6, 7));
    case.layout.add_block("main.tf", (9, 10));
    let mut findings = vec![
        finding(&case.catalog, "TG101", "main.tf", (1, 4)),
        finding(&case.catalog, "TG101", "main.tf", (6, 7)),
        finding(&case.catalog, "TG101", "main.tf", (9, 10)),
    ];
    assert!(case.run(&mut findings, SETTINGS).is_empty(), "an id no rule declares is left to its tool");
    let located: Vec<_> = findings.iter().map(|f| f.suppression.as_ref().map(|s| s.location.as_str())).collect();
    assert_eq!(located, vec![Some("main.tf:2"), Some("main.tf:5"), None]);
    assert_eq!(findings[0].suppression.as_ref().and_then(|s| s.justification.as_deref()), Some("bastion"));
}

#[test]
fn a_comment_above_a_module_block_covers_the_findings_of_its_module() {
    let text = "# tollgate:ignore TG101 -- vendor module\nmodule \"vpc\" {\n  source = \"./vpc\"\n}\n";
    let case = Case::new(text, (2, 4), &[(3, 3)]);
    let mut inside = finding(&case.catalog, "TG101", "vpc/main.tf", (1, 3));
    inside.call_chain = vec![FindingCallSite { address: "module.vpc".into(), file: "main.tf".into(), line: 2 }];
    let mut findings = vec![inside];
    assert!(case.run(&mut findings, SETTINGS).is_empty());
    assert!(findings[0].suppression.is_some());
}

#[test]
fn annotations_cover_their_scope() {
    let mut sources = SourceMap::new();
    sources.add("deploy.yaml", "kind: Deployment\n");
    let layout = Layout::default();
    let catalog = catalog();
    let mut inputs = Inputs::new(&sources, &layout, &catalog);
    let annotation = |value: &str, line| Annotation {
        file: "deploy.yaml".into(),
        line,
        key: "tollgate.dev/ignore".into(),
        value: value.into(),
        scope: (1, 20),
    };
    inputs.annotations = vec![annotation("TG101 until=2030-01-01 -- reviewed", 5), annotation("TG101 until=soon", 6)];
    let mut findings =
        vec![finding(&catalog, "TG101", "deploy.yaml", (12, 12)), finding(&catalog, "TG101", "deploy.yaml", (21, 21))];
    let problems = apply(&mut findings, &inputs, &Settings { today: today(), ..SETTINGS });
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("`until=soon` is not a date") && problems[0].line == 6);
    assert_eq!(findings[0].suppression.as_ref().map(|s| s.location.as_str()), Some("deploy.yaml:5"));
    assert!(findings[1].suppression.is_none(), "outside the object");
}
