//! End-to-end: the cost estimate in every report of `tollgate scan --cost`: the text table after
//! the findings, the JSON report's `cost` member (schema cost-v1, read back as a baseline), the
//! Markdown section, and the change against `--cost-baseline` and `--cost-compare-ref`.
//!
//! Figures from the embedded price table, us-east-1: t3.large $0.0832/h ($60.736 a month),
//! t3.xlarge $0.1664/h ($121.472), a 10 GB gp3 root volume $0.80, a NAT gateway $0.045/h ($32.85).

mod common;

use common::{git, json, stdout, tollgate, write};
use serde_json::Value;
use std::path::Path;

const PROVIDER: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n";

const NAT: &str =
    "resource \"aws_nat_gateway\" \"main\" {\n  allocation_id = \"eipalloc-1\"\n  subnet_id     = \"subnet-1\"\n}\n";

fn instance(instance_type: &str) -> String {
    format!(
        "resource \"aws_instance\" \"web\" {{\n  ami           = \"ami-12345678\"\n  instance_type = \"{instance_type}\"\n\n  root_block_device {{\n    volume_type = \"gp3\"\n    volume_size = 10\n  }}\n}}\n\n"
    )
}

/// `main.tf`: the instance at lines 5-13, the NAT gateway at 15-18.
fn tree(dir: &Path, instance_type: &str) {
    write(dir, "main.tf", format!("{PROVIDER}{}{NAT}", instance(instance_type)));
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// The scan's security findings are left out (`--category cost`) so only the budgets decide.
fn scan(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["scan", ".", "--category", "cost", "--cost"];
    args.extend_from_slice(extra);
    tollgate(&args, dir)
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(schema).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn schema_errors(schema: &str, document: &Value) -> Vec<String> {
    validator(schema).iter_errors(document).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

const REPORT_SCHEMA: &str = include_str!("../reports/schema/report-v5.schema.json");
const COST_SCHEMA: &str = include_str!("../reports/schema/cost-v1.schema.json");

#[test]
fn the_text_report_ends_with_the_cost_table_and_stderr_has_one_summary_line() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "t3.large");
    let out = scan(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let table = text.split("Cost estimate: USD a month (730 hours)").nth(1).unwrap_or_else(|| panic!("{text}"));
    let row = table.lines().find(|line| line.starts_with("aws_instance.web ")).unwrap_or_default();
    assert!(row.contains("$61.54") && row.ends_with("main.tf:5"), "{row}");
    let nat = table.lines().find(|line| line.starts_with("aws_nat_gateway.main ")).unwrap_or_default();
    assert!(nat.contains("$32.85") && nat.ends_with("main.tf:15"), "{nat}");
    assert!(table.contains("Total billed: $94.39 now, $94.39 at max (2 lines"), "{table}");
    let summaries: Vec<&str> = stderr(&out).lines().filter(|line| line.starts_with("cost:")).map(|_| "").collect();
    assert_eq!(summaries.len(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("cost: $94.39 a month now, $94.39 at maximum scale"), "{}", stderr(&out));

    // Without the cost step there is no table, and the JSON member is null.
    let plain = tollgate(&["scan", ".", "--category", "cost"], dir.path());
    assert!(!stdout(&plain).contains("Cost estimate"), "{}", stdout(&plain));
    let plain = tollgate(&["scan", ".", "--category", "cost", "--format", "json"], dir.path());
    assert_eq!(json(&plain)["cost"], Value::Null);
}

#[test]
fn the_json_report_holds_the_cost_report_with_its_budgets_and_reads_back_as_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "t3.large");
    let out = scan(dir.path(), &["--budget", "90", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["schema_version"], 5);
    assert_eq!(schema_errors(REPORT_SCHEMA, &report), Vec::<String>::new());
    let cost = &report["cost"];
    assert_eq!(schema_errors(COST_SCHEMA, cost), Vec::<String>::new());
    assert_eq!(cost["totals"]["billed_now"]["exact"], "94.386");
    let budget = &cost["budgets"][0];
    assert_eq!((budget["name"].as_str(), budget["scope"]["kind"].as_str()), (Some("total"), Some("total")));
    assert_eq!((budget["at"].as_str(), budget["check"].as_str()), (Some("now"), Some("ceiling")));
    assert_eq!(
        (budget["ceiling"]["cents"].as_str(), budget["figure"]["cents"].as_str()),
        (Some("90.00"), Some("94.39"))
    );
    assert_eq!(budget["verdict"], "exceeded");
    assert_eq!(budget["contributors"][0]["address"], "aws_instance.web");
    assert_eq!(
        (budget["contributors"][0]["file"].as_str(), budget["contributors"][0]["start_line"].as_u64()),
        (Some("main.tf"), Some(5))
    );

    let snapshot = tollgate_cost::CostSnapshot::from_json(&stdout(&out)).expect("the report reads back");
    let web = snapshot.lines.iter().find(|line| line.address == "aws_instance.web").expect("the instance");
    assert_eq!(
        (web.now.to_string(), web.location.as_str()),
        (tollgate_cost::Money::usd("61.536".parse().unwrap()).to_string(), "main.tf:5")
    );
}

#[test]
fn a_baseline_file_shows_the_change_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "t3.large");
    let before = scan(dir.path(), &["--format", "json"]);
    write(dir.path(), "baseline.json", stdout(&before));
    tree(dir.path(), "t3.xlarge");

    let out = scan(dir.path(), &["--cost-baseline", "baseline.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = &json(&out)["cost"]["diff"];
    assert_eq!(
        (diff["baseline_now"]["cents"].as_str(), diff["current_now"]["cents"].as_str()),
        (Some("94.39"), Some("155.12"))
    );
    assert_eq!(diff["delta_now"]["exact"], "60.736");
    let lines = diff["lines"].as_array().expect("diff lines");
    assert_eq!(lines.len(), 1, "the NAT gateway is unchanged: {diff}");
    assert_eq!(
        (lines[0]["address"].as_str(), lines[0]["change"].as_str()),
        (Some("aws_instance.web"), Some("changed"))
    );

    let out = scan(dir.path(), &["--cost-baseline", "baseline.json"]);
    let text = stdout(&out);
    let header = text.lines().find(|line| line.starts_with("Resource ")).unwrap_or_default();
    assert!(header.contains("Change now") && header.contains("Change at max"), "{header}");
    let row = text.lines().find(|line| line.starts_with("aws_instance.web ")).unwrap_or_default();
    assert!(row.contains("$122.27") && row.contains("+$60.74"), "{row}");
    assert!(stderr(&out).contains("+$60.74 now and +$60.74 at maximum scale against the baseline"), "{}", stderr(&out));
}

#[test]
fn the_markdown_report_has_the_cost_section() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "t3.large");
    let out = scan(dir.path(), &["--format", "markdown"]);
    let page = stdout(&out);
    let section = page.split("### Cost estimate\n").nth(1).unwrap_or_else(|| panic!("{page}"));
    assert!(section.contains("| **Billed total** | **\\$94.39** | **\\$94.39** |"), "{section}");
    assert!(section.contains("<code>aws\\_instance.web</code>"), "{section}");
    assert!(page.find("### Cost estimate") < page.find("<sub>Tollgate"), "the section comes before the footer");
}

#[test]
fn compare_ref_shows_the_change_since_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "t3.large");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "a t3.large"]);
    tree(dir.path(), "t3.xlarge");
    let out = scan(dir.path(), &["--cost-compare-ref", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = &json(&out)["cost"]["diff"];
    assert_eq!(diff["delta_now"]["cents"], "60.74", "{diff}");
    assert_eq!(diff["lines"][0]["before_now"]["exact"], "61.536");
    let text = stdout(&scan(dir.path(), &["--cost-compare-ref", "HEAD"]));
    let row = text.lines().find(|line| line.starts_with("aws_instance.web ")).unwrap_or_default();
    assert!(row.contains("+$60.74"), "{text}");
}

#[test]
fn a_namespace_shows_its_resource_quota_cap() {
    let dir = tempfile::tempdir().unwrap();
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: api }\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      containers:\n        - name: api\n          image: api:1.0\n          resources:\n            requests: { cpu: \"1\", memory: 2Gi }\n";
    let quota = "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\n  namespace: shop\nspec:\n  hard:\n    requests.cpu: \"4\"\n    requests.memory: 8Gi\n";
    write(dir.path(), "k8s/api.yaml", deployment);
    write(dir.path(), "k8s/quota.yaml", quota);
    write(dir.path(), "tollgate.toml", "[cost.kubernetes]\nvcpu_hour = 0.05\ngib_hour = 0.01\n");
    let out = scan(dir.path(), &["--format", "json"]);
    let namespaces = &json(&out)["cost"]["namespaces"];
    // 2 x (1 x $0.05 + 2 x $0.01) x 730 h = $102.20; the cap (4 x $0.05 + 8 x $0.01) x 730 h = $204.40.
    assert_eq!(namespaces[0]["namespace"], "shop", "{namespaces}");
    assert_eq!(namespaces[0]["allocated_now"]["cents"], "102.20");
    assert_eq!(namespaces[0]["quota_cap"]["cents"], "204.40", "{namespaces}");
    let text = stdout(&scan(dir.path(), &[]));
    let row = text.lines().find(|line| line.starts_with("shop ")).unwrap_or_default();
    assert!(row.contains("$102.20") && row.ends_with("$204.40"), "{text}");
}

/// A plan JSON (what `tollgate apply` scans) is priced in the region of each resource's provider
/// configuration: a constant, or a root variable whose value the plan records; a module's
/// variable is not guessed.
#[test]
fn a_plan_is_priced_in_its_providers_region() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |region: &str, variables: &str| {
        format!(
            r#"{{"format_version": "1.2", "terraform_version": "1.11.0", "variables": {variables},
  "planned_values": {{"root_module": {{"resources": [
    {{"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
      "provider_name": "registry.terraform.io/hashicorp/aws", "values": {{"instance_type": "t3.large"}}}}]}}}},
  "resource_changes": [{{"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
      "change": {{"actions": ["create"], "after": {{"instance_type": "t3.large"}}, "after_unknown": {{}}}}}}],
  "configuration": {{"provider_config": {{"aws": {{"name": "aws", "expressions": {{"region": {region}}}}}}},
    "root_module": {{"resources": [{{"address": "aws_instance.web", "mode": "managed", "type": "aws_instance",
      "name": "web", "provider_config_key": "aws", "expressions": {{}}}}]}}}}}}"#
        )
    };
    let cost_of = |text: String| {
        write(dir.path(), "plan.json", text);
        let out = tollgate(&["scan", "plan.json", "--cost", "--format", "json"], dir.path());
        let cost = json(&out)["cost"].clone();
        (
            cost["totals"]["billed_now"]["exact"].as_str().unwrap_or_default().to_string(),
            cost["totals"]["unpriced"].clone(),
        )
    };
    // t3.large in us-east-1: $0.0832 an hour x 730 (its root volume stays unpriced: the AMI decides it).
    let constant = cost_of(plan(r#"{"constant_value": "us-east-1"}"#, "{}"));
    assert_eq!(constant.0, "60.736");
    let variable = cost_of(plan(r#"{"references": ["var.region"]}"#, r#"{"region": {"value": "us-east-1"}}"#));
    assert_eq!(variable, constant);
    let unresolved = cost_of(plan(r#"{"references": ["local.region"]}"#, "{}"));
    assert_eq!(unresolved.0, "0");
}
