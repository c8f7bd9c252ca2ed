//! Golden tests of the cost report in text, Markdown and JSON, on a hand-built estimate with
//! real spans: node groups that scale, a database with an unpriced component, a line in an
//! environment, a usage-based bucket, Kubernetes allocations in two namespaces (one with a quota
//! cap) and a diff against a baseline. The JSON validates against its published schema.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::str::FromStr;
use tollgate_cost::json::{to_json, view_to_json};
use tollgate_cost::{
    Component, CostDiff, CostLine, CostScope, CostSnapshot, CostView, Decimal, Estimate, LineKind, Money, Price,
    Quantity, UsageBased,
};
use tollgate_model::{FileId, Pos, ResourceId, SourceMap, Span};
use tollgate_reports::cost::{markdown, text};

const SCHEMA: &str = include_str!("../schema/cost-v1.schema.json");

const MAIN_TF: &str = r#"resource "aws_eks_node_group" "general" {
  instance_types = ["t3.large"]
  scaling_config {
    desired_size = 3
    max_size     = 6
  }
}

resource "aws_db_instance" "main" {
  instance_class    = "db.t3.medium"
  storage_type      = "io2"
  allocated_storage = 100
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
"#;

const PROD_TF: &str = r#"resource "aws_nat_gateway" "main" {
  subnet_id = "subnet-1"
}
"#;

const APPS_YAML: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: batch
";

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal literal")
}

fn span(file: FileId, start: u32, end: u32) -> Span {
    Span::new(file, Pos::new(start, 1), Pos::new(end, 2))
}

fn priced(name: &str, unit: &str, (now, at_max): (&str, &str), price: &str) -> Component {
    Component {
        name: name.into(),
        unit: unit.into(),
        quantity: Quantity::Known { now: dec(now), at_max: dec(at_max) },
        price: Price::Priced {
            usd_per_unit: dec(price),
            source: "data/aws/prices.csv (AWS Price List, 2025-06)".into(),
        },
        span: None,
    }
}

fn terraform(address: &str, at: Span, components: Vec<Component>) -> CostLine {
    let resource_type = address.split('.').next().unwrap_or_default().to_string();
    let tags = BTreeMap::from([("team".to_string(), "platform".to_string())]);
    CostLine {
        resource: ResourceId(0),
        address: address.into(),
        resource_type,
        kind: LineKind::Terraform,
        span: at,
        scope: CostScope { region: Some("us-east-1".into()), root: Some("infra".into()), tags, ..CostScope::default() },
        components,
        allocated: false,
    }
}

fn workload(namespace: &str, at: Span, (cpu_now, cpu_max): (&str, &str), (gib_now, gib_max): (&str, &str)) -> CostLine {
    let name = if namespace == "shop" { "api" } else { "worker" };
    CostLine {
        resource: ResourceId(1),
        address: format!("Deployment/{namespace}/{name}"),
        resource_type: "Deployment".into(),
        kind: LineKind::Kubernetes,
        span: at,
        scope: CostScope { namespace: Some(namespace.into()), ..CostScope::default() },
        components: vec![
            priced("CPU requests", "vCPU-hour", (cpu_now, cpu_max), "0.0196"),
            priced("Memory requests", "GiB-hour", (gib_now, gib_max), "0.0052"),
        ],
        allocated: true,
    }
}

/// Node group: 3 (max 6) x t3.large at $0.0832 = $182.208 ($364.416). Database: 730 h at $0.072
/// = $52.56, io2 storage unpriced. NAT gateway in prod: 730 h at $0.045 = $32.85. Billed:
/// 182.208 + 52.56 + 32.85 = $267.618 now, 364.416 + 52.56 + 32.85 = $449.826 at max.
/// Allocations: shop 730 x 0.0196 + 1460 x 0.0052 = $21.90 now, 1825 x 0.0196 + 3650 x 0.0052
/// = $54.75 at max; batch 365 x 0.0196 + 730 x 0.0052 = $10.95.
fn estimate() -> (Estimate, SourceMap) {
    let mut sources = SourceMap::new();
    let main = sources.add("infra/main.tf", MAIN_TF);
    let prod = sources.add("infra/env/prod/nat.tf", PROD_TF);
    let apps = sources.add("k8s/apps.yaml", APPS_YAML);
    let mut nodes = priced("Instance usage (Linux, on-demand, t3.large)", "hour", ("2190", "4380"), "0.0832");
    nodes.span = Some(span(main, 4, 5));
    let storage = Component {
        name: "Storage (io2)".into(),
        unit: "GB-month".into(),
        quantity: Quantity::fixed(dec("100")),
        price: Price::Unpriced { reason: "no sourced price for AmazonRDS storage `io2` in us-east-1".into() },
        span: Some(span(main, 11, 11)),
    };
    let database = vec![priced("Database instance (db.t3.medium, postgres)", "hour", ("730", "730"), "0.072"), storage];
    let mut nat = terraform(
        "aws_nat_gateway.main",
        span(prod, 1, 3),
        vec![priced("NAT gateway", "hour", ("730", "730"), "0.045")],
    );
    nat.scope.environment = Some("prod".into());
    let bucket = UsageBased {
        resource: ResourceId(2),
        address: "aws_s3_bucket.logs".into(),
        resource_type: "aws_s3_bucket".into(),
        span: span(main, 15, 17),
        scope: CostScope::default(),
        reason: "monthly GB stored and requests in the usage file".into(),
    };
    let estimate = Estimate {
        lines: vec![
            terraform("aws_eks_node_group.general", span(main, 1, 7), vec![nodes]),
            terraform("aws_db_instance.main", span(main, 9, 13), database),
            nat,
            workload("shop", span(apps, 1, 5), ("730", "1825"), ("1460", "3650")),
            workload("batch", span(apps, 7, 11), ("365", "365"), ("730", "730")),
        ],
        usage_based: vec![bucket],
        notes: vec!["Kubernetes requests priced at $0.0196 per vCPU-hour and $0.0052 per GiB-hour, fitted to aws_eks_node_group.general (3 x t3.large)".into()],
        ..Estimate::default()
    };
    (estimate, sources)
}

/// The baseline: the node group had 2 nodes (max 4), the NAT gateway did not exist, and a
/// `aws_eip.old` ($3.65) was removed since.
fn diff() -> CostDiff {
    let (current, sources) = estimate();
    let mut before = current.clone();
    before.lines[0].components[0].quantity = Quantity::Known { now: dec("1460"), at_max: dec("2920") };
    before.lines.remove(2);
    let eip = terraform(
        "aws_eip.old",
        span(FileId(0), 1, 1),
        vec![priced("Public IPv4 address", "hour", ("730", "730"), "0.005")],
    );
    before.lines.push(eip);
    CostDiff::between(&CostSnapshot::of(&before, &sources), &CostSnapshot::of(&current, &sources))
}

fn caps() -> BTreeMap<(String, Option<String>), Money> {
    BTreeMap::from([(("shop".to_string(), None), Money::usd(dec("45.99")))])
}

#[test]
fn cost_text_golden() {
    let (estimate, sources) = estimate();
    insta::assert_snapshot!(text(&CostView::new(&estimate, &sources, None).with_quota_caps(&caps())));
}

#[test]
fn cost_text_with_a_baseline_golden() {
    let (estimate, sources) = estimate();
    let diff = diff();
    insta::assert_snapshot!(text(&CostView::new(&estimate, &sources, Some(&diff))));
}

#[test]
fn cost_markdown_golden() {
    let (estimate, sources) = estimate();
    insta::assert_snapshot!(markdown(&CostView::new(&estimate, &sources, None).with_quota_caps(&caps())));
}

#[test]
fn cost_markdown_with_a_baseline_golden() {
    let (estimate, sources) = estimate();
    let diff = diff();
    insta::assert_snapshot!(markdown(&CostView::new(&estimate, &sources, Some(&diff))));
}

#[test]
fn cost_json_golden() {
    let (estimate, sources) = estimate();
    let diff = diff();
    let budgets = [budget()];
    let view = CostView::new(&estimate, &sources, Some(&diff)).with_quota_caps(&caps());
    let document = view_to_json(&view, &budgets);
    assert_eq!(schema_errors(&document), Vec::<String>::new());
    insta::assert_snapshot!(serde_json::to_string_pretty(&document).expect("serialisable"));
}

/// A budget result as the pipeline writes it (`tollgate_pipeline::budget_json`).
fn budget() -> Value {
    let amount = |exact: &str, cents: &str| json!({ "exact": exact, "cents": cents });
    json!({
        "name": "dev",
        "scope": { "kind": "tag", "value": "environment=dev" },
        "at": "now",
        "check": "ceiling",
        "ceiling": amount("450", "450.00"),
        "figure": amount("182.208", "182.21"),
        "baseline": null,
        "live_month": null,
        "verdict": "within",
        "contributors": [{
            "address": "aws_instance.web",
            "environment": null,
            "file": "main.tf",
            "start_line": 1,
            "end_line": 4,
            "monthly": amount("182.208", "182.21"),
        }],
        "unpriced": 0,
        "undetermined": 0,
    })
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    jsonschema::meta::validate(&schema).expect("schema is a valid JSON Schema");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn schema_errors(document: &Value) -> Vec<String> {
    validator().iter_errors(document).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn cost_json_validates_against_its_schema_which_rejects_what_it_does_not_list() {
    let (estimate, sources) = estimate();
    let diff = diff();
    let with_diff = to_json(&estimate, &sources, Some(&diff), &[budget()]);
    assert_eq!(schema_errors(&with_diff), Vec::<String>::new());
    let empty = to_json(&Estimate::default(), &SourceMap::new(), None, &[]);
    assert_eq!(schema_errors(&empty), Vec::<String>::new());
    let mut extra = empty.clone();
    extra["totals"]["surprise"] = json!(1);
    assert!(!validator().is_valid(&extra), "unlisted fields are rejected");
    let mut inexact = with_diff.clone();
    inexact["lines"][0]["monthly_now"]["exact"] = json!(182.208);
    assert!(!validator().is_valid(&inexact), "amounts are decimal strings");
    let mut loose_budget = with_diff.clone();
    loose_budget["budgets"][0]["passed"] = json!(true);
    assert!(!validator().is_valid(&loose_budget), "a budget lists its fields too");
    let mut version = empty;
    version["version"] = json!(2);
    assert!(!validator().is_valid(&version), "the schema names one version");
}

#[test]
fn cost_reports_render_identically_every_time() {
    let (estimate, sources) = estimate();
    let diff = diff();
    let view = CostView::new(&estimate, &sources, Some(&diff));
    assert_eq!(text(&view), text(&CostView::new(&estimate, &sources, Some(&diff))));
    assert_eq!(markdown(&view), markdown(&CostView::new(&estimate, &sources, Some(&diff))));
}
