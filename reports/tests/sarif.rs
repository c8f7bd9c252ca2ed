//! The SARIF writer on hand-made reports: a golden file, the schema and GitHub's rules on every
//! edge (no findings, load errors, a user's policy, a result without a file, suppressions, engine
//! notes), fingerprints, and GitHub's limits.

mod common;
#[path = "common/sarif_checks.rs"]
mod sarif_checks;

use common::{empty_report, finding, report};
use serde_json::Value;
use tollgate_model::{
    Catalog, Category, Finding, FindingKind, Gate, RuleDescriptor, RuleOrigin, Severity, SuppressionKind,
};
use tollgate_reports::{render_sarif, render_sarif_checked, SarifOptions, ScanReport};

fn rule(id: &str, slug: &str, severity: Severity, category: Category, origin: RuleOrigin) -> RuleDescriptor {
    let source = format!("rules/{id}-{slug}/rule.rs");
    RuleDescriptor { source, ..RuleDescriptor::new(id, slug, &format!("{slug} title"), severity, category, origin) }
}

/// Three described rules: a Terraform/AWS one, a Kubernetes one, and a user's policy. The
/// report's other findings name rules the catalog lacks.
fn catalog() -> Catalog {
    let mut network =
        rule("TG101", "security-group-open-admin-port", Severity::High, Category::Network, RuleOrigin::Native);
    network.docs = "## What it does\nFlags SSH open to the internet.\n\n## Why is this bad?\nScanners find it.\n\n\
                    ## Example\n```hcl\nresource \"aws_security_group\" \"x\" {}\n```\n"
        .into();
    network.references = vec!["CWE-284".into(), "CIS AWS 5.2".into()];
    network.aliases = vec!["CKV_AWS_24".into()];
    let mut privileged =
        rule("TG201", "privileged-container", Severity::Critical, Category::Workload, RuleOrigin::Rego);
    privileged.docs = "## What it does\nFlags privileged containers.\n\n## Example\n```yaml\nkind: Pod\n```\n".into();
    privileged.references = vec!["CWE-250".into()];
    let mut policy = rule("main.warn_labels", "main.warn_labels", Severity::Low, Category::Policy, RuleOrigin::Policy);
    policy.source = "policy/labels.rego:3".into();
    Catalog::new([network, privileged, policy])
}

fn catalogued(report: ScanReport) -> ScanReport {
    ScanReport { catalog: catalog(), notes: vec!["note: policy/x.rego: 2 rules".into()], ..report }
}

fn options() -> SarifOptions {
    SarifOptions { category: "tollgate/infra".into(), working_dir: "/repo".into(), source_root: "/repo".into() }
}

fn sarif(report: &ScanReport) -> Value {
    serde_json::from_str(&render_sarif(report, &options())).expect("SARIF is JSON")
}

fn assert_valid(report: &ScanReport) -> Value {
    let log = sarif(report);
    let errors = sarif_checks::schema_errors(&log);
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    let violations = sarif_checks::github_violations(&log);
    assert!(violations.is_empty(), "breaks GitHub's rules: {violations:#?}");
    log
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn rule_named<'a>(log: &'a Value, id: &str) -> &'a Value {
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    rules.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no rule {id}"))
}

#[test]
fn sarif_report_golden() {
    let text = render_sarif(&catalogued(report()), &options());
    insta::assert_snapshot!(text.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn every_edge_validates_and_follows_githubs_rules() {
    assert_valid(&catalogued(report()));
    assert_valid(&empty_report());
    assert_valid(&ScanReport {
        gate: Gate { unknown_fails: true, fail_on: Severity::Info, ..Gate::default() },
        ..report()
    });
    assert_valid(&catalogued(ScanReport { findings: vec![without_file()], ..empty_report() }));
    assert_valid(&catalogued(ScanReport { findings: suppressed(), ..empty_report() }));
}

#[test]
fn the_same_report_renders_the_same_bytes() {
    assert_eq!(render_sarif(&catalogued(report()), &options()), render_sarif(&catalogued(report()), &options()));
}

#[test]
fn the_checks_can_fail() {
    let mut log = sarif(&catalogued(report()));
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!sarif_checks::schema_errors(&log).is_empty(), "the schema restricts levels");
    let mut log = sarif(&catalogued(report()));
    log["runs"][0]["tool"]["driver"]["rules"][0].as_object_mut().map(|rule| rule.remove("helpUri"));
    log["runs"][0]["results"][0]["ruleIndex"] = Value::from(99);
    log["runs"][0]["results"][1]["partialFingerprints"] = log["runs"][0]["results"][0]["partialFingerprints"].clone();
    log["runs"][0]["results"][2]["locations"][0].as_object_mut().map(|location| location.remove("physicalLocation"));
    let violations = sarif_checks::github_violations(&log);
    assert!(violations.iter().any(|v| v.contains("helpUri")), "{violations:#?}");
    assert!(violations.iter().any(|v| v.contains("ruleIndex")), "{violations:#?}");
    assert!(violations.iter().any(|v| v.contains("share a fingerprint")), "{violations:#?}");
    assert!(violations.iter().any(|v| v.contains("needs a physical location")), "{violations:#?}");
}

#[test]
fn rules_carry_githubs_properties() {
    let log = assert_valid(&catalogued(report()));
    let network = rule_named(&log, "TG101");
    assert_eq!(network["name"], "security-group-open-admin-port");
    assert_eq!(network["fullDescription"]["text"], "Flags SSH open to the internet.");
    assert_eq!(network["helpUri"], "https://github.com/tollgate-dev/tollgate/blob/main/docs/rules/TG101.md");
    assert_eq!(network["defaultConfiguration"]["level"], "error");
    assert_eq!(network["properties"]["security-severity"], "8.0");
    assert_eq!(network["properties"]["precision"], "high");
    let tags = &network["properties"]["tags"];
    assert_eq!(tags, &serde_json::json!(["network", "terraform", "aws", "security", "external/cwe/cwe-284"]));
    let help = network["help"]["markdown"].as_str().unwrap_or_default();
    assert!(help.contains("## Why is this bad?") && help.contains("https://cwe.mitre.org/data/definitions/284.html"));
    let privileged = rule_named(&log, "TG201");
    assert_eq!(privileged["properties"]["tags"][1], "kubernetes");
    assert_eq!(privileged["properties"]["security-severity"], "9.5");
    let policy = rule_named(&log, "main.warn_labels");
    assert_eq!(policy["properties"]["precision"], "medium");
    assert_eq!(
        policy["properties"]["tags"],
        serde_json::json!(["policy"]),
        "a policy's intent is unknown: not `security`"
    );
    assert_eq!(policy["properties"]["security-severity"], "2.0");
    assert!(policy.get("helpUri").is_none(), "a user's policy has no public page");
    assert!(policy["help"]["text"].as_str().unwrap_or_default().contains("Defined in `policy/labels.rego:3`."));
}

#[test]
fn info_rules_stay_out_of_the_security_bands() {
    let log = assert_valid(&catalogued(report()));
    let info = rule_named(&log, "TG130");
    assert_eq!(info["defaultConfiguration"]["level"], "note");
    assert!(info["properties"].get("security-severity").is_none());
    let tags = info["properties"]["tags"].as_array().expect("tags");
    assert!(!tags.contains(&Value::from("security")), "{tags:?}");
}

#[test]
fn results_point_at_their_rule_file_and_lines() {
    let log = assert_valid(&catalogued(report()));
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules[0]["id"], "TG101", "the catalog first, in id order");
    let open_port = results(&log).iter().find(|r| r["ruleId"] == "TG101").expect("TG101 result");
    assert_eq!(open_port["ruleIndex"], 0);
    assert_eq!(open_port["level"], "error");
    let physical = &open_port["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"], serde_json::json!({"uri": "network/main.tf", "uriBaseId": "%SRCROOT%"}));
    assert_eq!(physical["region"], serde_json::json!({"startLine": 4, "endLine": 9}));
    assert_eq!(open_port["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "aws_security_group.ssh");
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "tollgate/infra/");
    assert_eq!(results(&log).len(), 9, "one result per distinct finding");
}

#[test]
fn unknown_results_are_marked_and_never_louder_than_a_warning_unless_they_block() {
    let log = sarif(&catalogued(report()));
    let unknown = results(&log).iter().find(|r| r["ruleId"] == "TG110").expect("TG110 result");
    assert_eq!(
        (&unknown["level"], &unknown["properties"]["tollgate/kind"]),
        (&Value::from("warning"), &Value::from("unknown"))
    );
    let gate = Gate { unknown_fails: true, ..Gate::default() };
    let log = sarif(&catalogued(ScanReport { gate, ..report() }));
    let blocking = results(&log).iter().find(|r| r["ruleId"] == "TG110").expect("TG110 result");
    assert_eq!(
        (&blocking["level"], &blocking["properties"]["tollgate/blocking"]),
        (&Value::from("error"), &Value::from(true))
    );
}

/// A policy result over every input at once (Conftest's `--combine`): no file, no line.
fn without_file() -> Finding {
    let rule = tollgate_model::RuleRef {
        id: "main.warn_labels",
        slug: "main.warn_labels",
        severity: Severity::Low,
        category: Category::Policy,
    };
    Finding::new(rule, FindingKind::Fail, "combined", "", (0, 0), "two Deployments share a name")
}

#[test]
fn a_result_without_a_file_points_at_its_rule_or_becomes_a_notification() {
    let log = assert_valid(&catalogued(ScanReport { findings: vec![without_file()], ..empty_report() }));
    let result = &results(&log)[0];
    let physical = &result["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "policy/labels.rego");
    assert_eq!(physical["region"], serde_json::json!({"startLine": 3, "endLine": 3}));
    assert_eq!(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "combined");
    assert!(result["message"]["text"].as_str().unwrap_or_default().ends_with("shown at the rule that reported it)"));
    let log = assert_valid(&ScanReport { findings: vec![without_file()], ..empty_report() });
    assert_eq!(results(&log).len(), 0, "a rule without a source file leaves nothing to point at");
    let notifications = log["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().expect("list");
    let text = notifications[0]["message"]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("main.warn_labels combined: two Deployments share a name"), "{text}");
}

fn suppressed() -> Vec<Finding> {
    let in_source = finding(
        "TG101",
        "security-group-open-admin-port",
        Severity::High,
        Category::Network,
        FindingKind::Fail,
        "aws_security_group.ssh",
        "network/main.tf",
        (4, 9),
        "port 22 is open",
    );
    let external = finding(
        "TG201",
        "privileged-container",
        Severity::Critical,
        Category::Workload,
        FindingKind::Fail,
        "Deployment/payments/api",
        "k8s/deploy.yaml",
        (13, 13),
        "privileged",
    );
    vec![
        common::suppressed(
            in_source,
            SuppressionKind::InSource,
            "network/main.tf:3",
            Some("bastion, reviewed by security"),
        ),
        common::suppressed(external, SuppressionKind::External, "tollgate.toml", None),
    ]
}

#[test]
fn suppressed_findings_are_kept_with_their_suppression() {
    let log = assert_valid(&catalogued(ScanReport { findings: suppressed(), ..empty_report() }));
    let by_rule = |id: &str| results(&log).iter().find(|r| r["ruleId"] == id).cloned().expect("result");
    let in_source = by_rule("TG101");
    assert_eq!(in_source["suppressions"][0]["kind"], "inSource");
    assert_eq!(in_source["suppressions"][0]["status"], "accepted");
    assert_eq!(in_source["suppressions"][0]["justification"], "bastion, reviewed by security");
    assert_eq!(in_source["suppressions"][0]["properties"]["tollgate/until"], "2027-03-31");
    assert_eq!(in_source["properties"]["tollgate/blocking"], false);
    let external = by_rule("TG201");
    assert_eq!(external["suppressions"][0]["kind"], "external");
    assert!(external["suppressions"][0].get("justification").is_none());
}

#[test]
fn load_errors_and_notes_are_tool_notifications() {
    let mut scan = catalogued(report());
    scan.notes =
        vec!["warning: policy/a.rego:1:1: deprecated".into(), "note: two rules".into(), "note: two rules".into()];
    let log = assert_valid(&scan);
    let notifications = log["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().expect("list");
    let levels: Vec<&str> = notifications.iter().map(|n| n["level"].as_str().unwrap_or_default()).collect();
    assert_eq!(levels, ["error", "error", "warning", "note"], "errors first, notes without repeats");
    let broken = &notifications[1]["locations"][0]["physicalLocation"];
    assert_eq!(broken["artifactLocation"]["uri"], "network/broken.tf");
    assert_eq!(broken["region"], serde_json::json!({"startLine": 3, "startColumn": 7}));
    assert!(notifications[0]["locations"][0]["physicalLocation"].get("region").is_none(), "line 0: no region");
    assert_eq!(notifications[3]["message"]["text"], "two rules");
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

fn fingerprint_of(finding: Finding, options: &SarifOptions) -> String {
    let report = ScanReport { findings: vec![finding], ..empty_report() };
    let log: Value = serde_json::from_str(&render_sarif(&report, options)).expect("JSON");
    log["runs"][0]["results"][0]["partialFingerprints"]["tollgate/v1"].as_str().unwrap_or_default().to_string()
}

#[test]
fn fingerprints_survive_moved_lines_and_another_working_directory() {
    let at = |file: &str, lines| {
        finding(
            "TG101",
            "s",
            Severity::High,
            Category::Network,
            FindingKind::Fail,
            "aws_security_group.ssh",
            file,
            lines,
            "m",
        )
    };
    let from_root = options();
    let from_infra = SarifOptions { working_dir: "/repo/infra".into(), ..options() };
    let original = fingerprint_of(at("infra/main.tf", (4, 9)), &from_root);
    assert_eq!(original.len(), 64);
    assert_eq!(fingerprint_of(at("infra/main.tf", (40, 45)), &from_root), original, "lines moved");
    assert_eq!(fingerprint_of(at("main.tf", (4, 9)), &from_infra), original, "run from infra/");
    let mut renamed = at("infra/main.tf", (4, 9));
    renamed.address = "aws_security_group.other".into();
    assert_ne!(fingerprint_of(renamed, &from_root), original, "another resource");
}

/// `count` low findings first in report order, then `severe` blocking high ones.
fn many_findings(count: usize, severe: usize) -> Vec<Finding> {
    let make = |i: usize, severity| {
        finding(
            "TG120",
            "tags",
            severity,
            Category::Tagging,
            FindingKind::Fail,
            &format!("aws_s3_bucket.b{i:05}"),
            &format!("f{:03}.tf", i / 1000),
            ((i % 1000) as u32 + 1, (i % 1000) as u32 + 1),
            "missing tags",
        )
    };
    (0..count).map(|i| make(i, Severity::Low)).chain((count..count + severe).map(|i| make(i, Severity::High))).collect()
}

#[test]
fn past_githubs_result_limit_the_most_severe_are_kept_and_the_cut_is_said() {
    let report = ScanReport { findings: many_findings(26_000, 4_000), ..empty_report() };
    let output = render_sarif_checked(&report, &options());
    let log: Value = serde_json::from_str(&output.text).expect("JSON");
    let kept = results(&log);
    assert_eq!(kept.len(), 25_000);
    assert_eq!(kept.iter().filter(|r| r["level"] == "error").count(), 4_000, "every blocking result kept");
    assert_eq!(output.warnings.len(), 1, "{:?}", output.warnings);
    assert!(output.warnings[0].contains("25000 of 30000 results") && output.warnings[0].contains("5000 least severe"));
    let notifications = log["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().expect("list");
    assert_eq!(notifications.last().map(|n| &n["message"]["text"]), Some(&Value::from(output.warnings[0].clone())));
}

/// Text gzip cannot shrink much: letters from a fixed pseudo-random sequence.
fn incompressible(seed: usize, length: usize) -> String {
    let mut state = (seed as u64).wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..length)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            char::from(b'a' + ((state >> 33) % 26) as u8)
        })
        .collect()
}

#[test]
fn past_githubs_upload_size_results_are_cut_until_the_gzipped_file_fits() {
    let mut findings = many_findings(2_400, 100);
    for (i, finding) in findings.iter_mut().enumerate() {
        finding.message = incompressible(i, 8_000);
    }
    let output = render_sarif_checked(&ScanReport { findings, ..empty_report() }, &options());
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, output.text.as_bytes()).expect("gzip");
    let gzipped = encoder.finish().expect("gzip").len();
    assert!(gzipped <= 10 * 1024 * 1024, "{gzipped} bytes gzipped");
    let log: Value = serde_json::from_str(&output.text).expect("JSON");
    let kept = results(&log);
    assert!(kept.len() < 2_500 && kept.len() > 1_000, "{} results kept", kept.len());
    assert_eq!(kept.iter().filter(|r| r["level"] == "error").count(), 100, "every blocking result kept");
    assert!(output.warnings[0].contains("of 2500 results"), "{:?}", output.warnings);
}
