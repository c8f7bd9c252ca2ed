//! A hand-written plan of AWS resources (`tests/fixtures/aws/plan.json`, in the documented
//! `terraform show -json` format) with its configuration beside it: no Terraform or provider
//! needed. The plan's details that matter here: the security group's ingress set is in
//! Terraform's order (SSH first) rather than the configuration's; the database password is
//! sensitive (and also in `variables` in clear text, as Terraform writes it); the public access
//! block's `bucket` is known only after apply; `aws_instance.legacy` is planned for deletion;
//! the policy document was read while planning (prior state only).

mod support;

use support::*;
use tollgate_evaluate::{Check, Context, Emitter, RuleDef, RuleMeta};
use tollgate_model::{Category, FindingKind, Severity, UnknownReason, Value};

const SECRET: &str = "Sup3r-Secret-Passw0rd";

#[test]
fn instances_come_from_planned_values_and_the_prior_state() {
    let loaded = scan(&fixture("aws"), None);
    assert_eq!(loaded.errors, vec![], "no load errors");
    assert_eq!(
        instances(&loaded.graph),
        vec![
            "aws_db_instance.orders",
            "aws_s3_bucket.logs",
            "aws_s3_bucket_public_access_block.logs",
            "aws_security_group.bastion",
            "aws_vpc.main",
            "data.aws_iam_policy_document.assume",
            r#"module.exports["curated"].aws_s3_bucket.this"#,
            r#"module.exports["raw"].aws_s3_bucket.this"#,
        ]
    );
    let (_, raw) = resource(&loaded.graph, r#"module.exports["raw"].aws_s3_bucket.this"#);
    let origin = raw.terraform().unwrap();
    assert_eq!(
        (origin.module_path.as_str(), origin.module_dir.as_str()),
        (r#"module.exports["raw"]"#, "modules/bucket")
    );
    assert_eq!(raw.body.get("bucket").known().and_then(Value::as_str), Some("orders-raw"));

    let skipped: Vec<(String, String)> = loaded.skipped.iter().map(|s| (s.file.clone(), s.reason.clone())).collect();
    assert!(
        skipped.contains(&("plan.json".into(), "`aws_instance.legacy` is planned for deletion: not checked".into())),
        "{skipped:?}"
    );
    for file in ["main.tf", "modules/bucket/main.tf"] {
        assert!(
            skipped.iter().any(|(f, r)| f == file && r.contains("configuration of the plan `plan.json`")),
            "{file}"
        );
    }
}

#[test]
fn instances_and_values_are_located_in_the_configuration() {
    let root = fixture("aws");
    let loaded = scan(&root, None);
    let graph = &loaded.graph;
    let main = root.join("main.tf");

    let (_, group) = resource(graph, "aws_security_group.bastion");
    assert_eq!(located(graph, group), format!("main.tf:{}", line_of(&main, r#"resource "aws_security_group""#)));
    // Terraform lists SSH first; it is written second, at the second `cidr_blocks` line.
    let rules = group.body.get("ingress").known().and_then(Value::as_list).unwrap();
    assert_eq!(rules[0].get("description").known().and_then(Value::as_str), Some("SSH"));
    assert_eq!(rules[0].get("from_port").known().map(|v| v.span.start.line), Some(line_of(&main, "from_port   = 22")));
    assert_eq!(rules[1].get("from_port").known().map(|v| v.span.start.line), Some(line_of(&main, "from_port   = 443")));
    // Set by the provider, not written: the block.
    let revoke = group.body.get("revoke_rules_on_delete").known().unwrap();
    assert_eq!(revoke.span, group.span);

    let (_, bucket) = resource(graph, r#"module.exports["curated"].aws_s3_bucket.this"#);
    assert_eq!(located(graph, bucket), "modules/bucket/main.tf:5");

    let (_, document) = resource(graph, "data.aws_iam_policy_document.assume");
    assert_eq!(located(graph, document), format!("main.tf:{}", line_of(&main, "data \"aws_iam_policy_document\"")));
}

#[test]
fn unknowns_quote_the_expression_the_configuration_writes() {
    let root = fixture("aws");
    let loaded = scan(&root, None);
    let (_, block) = resource(&loaded.graph, "aws_s3_bucket_public_access_block.logs");
    let bucket = block.body.get("bucket").value().unwrap();
    let unknown = bucket.as_unknown().expect("known only after apply");
    assert_eq!((unknown.reason, unknown.source.as_str()), (UnknownReason::AfterApply, "aws_s3_bucket.logs.id"));
    assert_eq!(
        bucket.span.start.line,
        line_of(&root.join("main.tf"), "bucket                  = aws_s3_bucket.logs.id")
    );
    // Computed attributes the configuration does not write are unknown too, named by path.
    let (_, group) = resource(&loaded.graph, "aws_security_group.bastion");
    assert_eq!(group.body.get("arn").value().and_then(Value::as_unknown).map(|u| u.source.as_str()), Some("arn"));
}

#[test]
fn configuration_references_become_edges() {
    let loaded = scan(&fixture("aws"), None);
    let graph = &loaded.graph;
    let (block, _) = resource(graph, "aws_s3_bucket_public_access_block.logs");
    assert_eq!(references(graph, block), vec!["aws_s3_bucket.logs (bucket)"]);
    let (group, _) = resource(graph, "aws_security_group.bastion");
    assert_eq!(references(graph, group), vec!["aws_vpc.main (vpc_id)"]);
    let (db, _) = resource(graph, "aws_db_instance.orders");
    assert_eq!(references(graph, db), Vec::<String>::new(), "a variable is not a resource");
}

#[test]
fn rule_findings_on_a_plan_point_at_the_configuration_lines() {
    let root = fixture("aws");
    let loaded = scan(&root, None);
    let main = root.join("main.tf");
    let findings = run_rules(&loaded.graph, &tollgate_rules::all());
    let at = |rule: &str, address: &str| {
        findings
            .iter()
            .filter(|f| f.rule_id == rule && f.address == address)
            .map(|f| format!("{} {}:{}-{}", f.kind.as_str(), f.file, f.start_line, f.end_line))
            .collect::<Vec<_>>()
    };
    let ssh_cidrs = {
        // The second `cidr_blocks` line is the SSH rule's.
        let text = std::fs::read_to_string(&main).unwrap();
        text.lines().enumerate().filter(|(_, l)| l.contains("cidr_blocks")).map(|(i, _)| i as u32 + 1).nth(1).unwrap()
    };
    assert_eq!(at("TG101", "aws_security_group.bastion"), vec![format!("fail main.tf:{ssh_cidrs}-{ssh_cidrs}")]);
    let encrypted = line_of(&main, "storage_encrypted = false");
    assert_eq!(at("TG103", "aws_db_instance.orders"), vec![format!("fail main.tf:{encrypted}-{encrypted}")]);
}

/// A rule that quotes the value it judges, as rules do in messages.
fn quote_password(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, db) in ctx.tf_resources("aws_db_instance") {
        if let Some(password) = db.body.get("password").known().and_then(Value::as_str) {
            out.fail(db, db.span, format!("password `{password}` (as JSON {}) is weak", db.body.to_json()));
        }
    }
}

static QUOTE_META: RuleMeta = RuleMeta {
    id: "TG999",
    slug: "quotes-password",
    title: "Quotes the password",
    severity: Severity::Low,
    category: Category::Input,
    references: &[],
    aliases: &[],
};

#[test]
fn sensitive_values_are_judged_but_never_printed() {
    let loaded = scan(&fixture("aws"), None);
    let graph = &loaded.graph;
    let (id, db) = resource(graph, "aws_db_instance.orders");
    // Rules read the real value...
    assert_eq!(db.body.get("password").known().and_then(Value::as_str), Some(SECRET));
    // ...but a message quoting it is scrubbed,
    let rule = RuleDef { meta: &QUOTE_META, docs: "", folder: "", check: Check::Native(quote_password) };
    let findings = run_rules(graph, &[rule]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].kind, FindingKind::Fail);
    assert!(!findings[0].message.contains(SECRET), "{}", findings[0].message);
    assert!(findings[0].message.contains("password `(sensitive)`"), "{}", findings[0].message);
    // inspect prints a marker,
    let printable = graph.printable_body(id);
    assert_eq!(printable.to_json()["password"], serde_json::json!({"__sensitive__": true}));
    assert!(!support::printable(graph).contains(SECRET));
    // and neither the reports nor the plan text they quote (variables, values) show it.
    for (_, source) in graph.sources().iter() {
        assert!(!source.text.contains(SECRET), "{} holds the secret", source.path);
    }
    let reports = reports(&fixture("aws"), None);
    assert!(reports.contains("TG103"), "the reports have findings");
    assert!(!reports.contains(SECRET));
}

#[test]
fn without_configuration_instances_point_into_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("aws").join("plan.json"), dir.path().join("plan.json")).unwrap();
    let loaded = scan(dir.path(), None);
    let graph = &loaded.graph;
    let (_, group) = resource(graph, "aws_security_group.bastion");
    let plan_text = std::fs::read_to_string(dir.path().join("plan.json")).unwrap();
    let object_line = plan_text.lines().position(|l| l.contains(r#""address": "aws_security_group.bastion""#)).unwrap();
    assert_eq!(located(graph, group), format!("plan.json:{object_line}"), "the `{{` line before the address");
    let cidrs = group.body.get("ingress").known().and_then(Value::as_list).unwrap()[0].get("cidr_blocks");
    let cidr_line = cidrs.known().and_then(Value::as_list).unwrap()[0].span.start.line as usize;
    assert_eq!(plan_text.lines().nth(cidr_line - 1).map(str::trim), Some(r#""0.0.0.0/0""#));
    // TG101 names the plan line of the open CIDR; the report can show it.
    let findings = run_rules(graph, &tollgate_rules::all());
    let tg101: Vec<_> = findings.iter().filter(|f| f.rule_id == "TG101").collect();
    assert_eq!(tg101.len(), 1);
    assert_eq!((tg101[0].file.as_str(), tg101[0].start_line as usize), ("plan.json", cidr_line));
    let shown = graph.sources().iter().find(|(_, s)| s.path == "plan.json").map(|(_, s)| s.text.clone()).unwrap();
    assert_eq!(shown.lines().nth(cidr_line - 1).map(str::trim), Some(r#""0.0.0.0/0""#));
    assert_eq!(shown.lines().count(), plan_text.lines().count());
    assert!(!reports(dir.path(), None).contains(SECRET));
    // A module's directory is unknown without the configuration: its call's source names it.
    let (_, raw) = resource(graph, r#"module.exports["raw"].aws_s3_bucket.this"#);
    assert_eq!(raw.terraform().map(|t| t.module_dir.as_str()), Some("./modules/bucket"));
}

#[test]
fn config_dir_locates_a_plan_kept_elsewhere() {
    let plans = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("aws").join("plan.json"), plans.path().join("plan.json")).unwrap();
    let config = fixture("aws");
    let loaded = scan(plans.path(), Some(&config));
    assert_eq!(loaded.errors, vec![]);
    let (_, db) = resource(&loaded.graph, "aws_db_instance.orders");
    let file = loaded.graph.sources().path(db.span.file);
    assert!(file.ends_with("fixtures/aws/main.tf"), "{file}");
    assert_eq!(db.span.start.line, line_of(&config.join("main.tf"), r#"resource "aws_db_instance""#));

    let missing = scan(plans.path(), Some(&plans.path().join("nope")));
    assert!(missing.errors.iter().any(|e| e.message.contains("--config-dir is not a directory")));
}

#[test]
fn plans_sharing_a_configuration_are_told_apart_by_environment() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &std::path::Path, to: &str| {
        let target = dir.path().join(to);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from, target).unwrap();
    };
    let root = fixture("aws");
    copy(&root.join("main.tf"), "main.tf");
    copy(&root.join("modules/bucket/main.tf"), "modules/bucket/main.tf");
    copy(&root.join("plan.json"), "prod.json");
    copy(&root.join("plan.json"), "staging.json");
    let loaded = scan(dir.path(), None);
    let findings = run_rules(&loaded.graph, &tollgate_rules::all());
    let tg101: Vec<(Option<&str>, &str, u32)> = findings
        .iter()
        .filter(|f| f.rule_id == "TG101")
        .map(|f| (f.environment.as_deref(), f.file.as_str(), f.start_line))
        .collect();
    assert_eq!(tg101, vec![(Some("prod.json"), "main.tf", 30), (Some("staging.json"), "main.tf", 30)]);
}

#[test]
fn what_static_evaluation_could_not_resolve_is_moot_once_planned() {
    let dir = tempfile::tempdir().unwrap();
    let main = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n\nmodule \"remote\" {\n  \
                source = \"git::https://example.com/remote.git\"\n}\n";
    std::fs::write(dir.path().join("main.tf"), main).unwrap();
    let without_plan = scan(dir.path(), None);
    assert_eq!(without_plan.notices.len(), 1, "the remote module is unresolved: {:?}", without_plan.notices);

    let plan = r#"{
  "format_version": "1.2",
  "terraform_version": "1.11.4",
  "planned_values": {"root_module": {
    "resources": [{"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a",
                   "values": {"bucket": "a"}, "sensitive_values": {}}],
    "child_modules": [{"address": "module.remote", "resources": [
      {"address": "module.remote.aws_s3_bucket.r", "mode": "managed", "type": "aws_s3_bucket", "name": "r",
       "values": {"bucket": "r"}, "sensitive_values": {}}]}]}},
  "configuration": {"root_module": {
    "resources": [{"address": "aws_s3_bucket.a", "expressions": {"bucket": {"constant_value": "a"}}}],
    "module_calls": {"remote": {"source": "git::https://example.com/remote.git", "module": {"resources": [
      {"address": "aws_s3_bucket.r", "expressions": {"bucket": {"constant_value": "r"}}}]}}}}}
}"#;
    std::fs::write(dir.path().join("plan.json"), plan).unwrap();
    let loaded = scan(dir.path(), None);
    assert_eq!(loaded.notices.len(), 0, "{:?}", loaded.notices);
    assert_eq!(instances(&loaded.graph), vec!["aws_s3_bucket.a", "module.remote.aws_s3_bucket.r"]);
    let (_, a) = resource(&loaded.graph, "aws_s3_bucket.a");
    assert_eq!(located(&loaded.graph, a), "main.tf:1");
    // The module's files were never installed: its instance stays located in the plan.
    let (_, r) = resource(&loaded.graph, "module.remote.aws_s3_bucket.r");
    assert_eq!(located(&loaded.graph, r), "plan.json:8");
    assert_eq!(r.terraform().map(|t| t.module_dir.as_str()), Some("git::https://example.com/remote.git"));
}
