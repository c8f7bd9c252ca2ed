//! Baselines: a snapshot of an estimate, written as the JSON cost report and read back, equals
//! the snapshot taken directly; bad documents are refused with a message naming what is wrong,
//! and no mutation of a report makes the reader panic. Diffs match lines by root, environment and
//! address and give deltas to the cent.

use serde_json::{json, Value};
use std::str::FromStr;
use tollgate_cost::json::to_json;
use tollgate_cost::{
    Change, Component, CostDiff, CostLine, CostScope, CostSnapshot, Decimal, Estimate, LineKind, Money, Price, Quantity,
};
use tollgate_model::{FileId, Pos, ResourceId, SourceMap, Span};

const MAIN_TF: &str = "resource \"aws_eks_node_group\" \"general\" {\n  scaling_config {\n    desired_size = 3\n    max_size     = 6\n  }\n}\n\nresource \"aws_db_instance\" \"main\" {\n  instance_class = \"db.t3.medium\"\n}\n";

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal literal")
}

fn usd(text: &str) -> Money {
    Money::usd(dec(text))
}

fn span(file: FileId, start: u32, end: u32) -> Span {
    Span::new(file, Pos::new(start, 1), Pos::new(end, 2))
}

fn hours(name: &str, now: &str, at_max: &str, price: &str) -> Component {
    Component {
        name: name.into(),
        unit: "hour".into(),
        quantity: Quantity::Known { now: dec(now), at_max: dec(at_max) },
        price: Price::Priced { usd_per_unit: dec(price), source: "data/aws/prices.csv".into() },
        span: None,
    }
}

fn line(address: &str, resource_type: &str, at: Span, components: Vec<Component>) -> CostLine {
    CostLine {
        resource: ResourceId(0),
        address: address.into(),
        resource_type: resource_type.into(),
        kind: LineKind::Terraform,
        span: at,
        scope: CostScope { region: Some("us-east-1".into()), root: Some(".".into()), ..CostScope::default() },
        components,
        allocated: false,
    }
}

/// A node group (3 now, 6 at max x t3.large at $0.0832: $182.208 / $364.416), a database with an
/// unpriced storage component ($105.12 known) and an allocated workload ($22.776 / $56.94).
fn baseline() -> (Estimate, SourceMap) {
    let mut sources = SourceMap::new();
    let main = sources.add("infra/main.tf", MAIN_TF);
    let deploy = sources.add("k8s/api.yaml", "kind: Deployment\n");
    let nodes = hours("Instance usage (t3.large)", "2190", "4380", "0.0832");
    let storage = Component {
        name: "Storage (io2)".into(),
        unit: "GB-month".into(),
        quantity: Quantity::fixed(dec("100")),
        price: Price::Unpriced { reason: "no sourced price for io2 storage in us-east-1".into() },
        span: Some(span(main, 9, 9)),
    };
    let mut workload = line(
        "Deployment/shop/api",
        "Deployment",
        span(deploy, 1, 1),
        vec![hours("vCPU requests", "730", "1825", "0.0312")],
    );
    workload.kind = LineKind::Kubernetes;
    workload.allocated = true;
    workload.scope = CostScope { namespace: Some("shop".into()), ..CostScope::default() };
    let estimate = Estimate {
        lines: vec![
            line("aws_eks_node_group.general", "aws_eks_node_group", span(main, 1, 6), vec![nodes]),
            line(
                "aws_db_instance.main",
                "aws_db_instance",
                span(main, 8, 10),
                vec![hours("Database instance (db.t3.medium)", "730", "730", "0.144"), storage],
            ),
            workload,
        ],
        ..Estimate::default()
    };
    (estimate, sources)
}

#[test]
fn a_snapshot_holds_each_line_with_its_source_and_exact_figures() {
    let (estimate, sources) = baseline();
    let snapshot = CostSnapshot::of(&estimate, &sources);
    let figures: Vec<(&str, &str, Money, Money, bool, usize)> = snapshot
        .lines
        .iter()
        .map(|l| (l.address.as_str(), l.location.as_str(), l.now, l.at_max, l.allocated, l.missing))
        .collect();
    assert_eq!(
        figures,
        [
            ("aws_eks_node_group.general", "infra/main.tf:1", usd("182.208"), usd("364.416"), false, 0),
            ("aws_db_instance.main", "infra/main.tf:8", usd("105.12"), usd("105.12"), false, 1),
            ("Deployment/shop/api", "k8s/api.yaml:1", usd("22.776"), usd("56.94"), true, 0),
        ]
    );
}

#[test]
fn the_json_cost_report_reads_back_as_the_same_snapshot_alone_or_inside_a_scan_report() {
    let (estimate, sources) = baseline();
    let expected = CostSnapshot::of(&estimate, &sources);
    let cost = to_json(&estimate, &sources, None, &[]);
    let alone = serde_json::to_string_pretty(&cost).expect("serialisable");
    assert_eq!(CostSnapshot::from_json(&alone), Ok(expected.clone()));
    let scan = json!({ "schema_version": 5, "findings": [], "cost": cost }).to_string();
    assert_eq!(CostSnapshot::from_json(&scan), Ok(expected));
}

fn refusal(document: &str) -> String {
    CostSnapshot::from_json(document).expect_err("the document must be refused")
}

#[test]
fn other_versions_and_garbage_are_refused_with_what_is_wrong() {
    let (estimate, sources) = baseline();
    let mut cost = to_json(&estimate, &sources, None, &[]);
    assert!(refusal("{not json").starts_with("not a JSON cost report: invalid JSON"));
    assert!(refusal("[1, 2]").contains("expected an object with `version` and `lines`"));
    assert!(refusal("{\"schema_version\": 4, \"findings\": []}").contains("no `version`"));
    assert_eq!(
        refusal("{\"schema_version\": 5, \"cost\": null}"),
        "the JSON report holds no cost estimate (`cost` is null)"
    );
    cost["version"] = json!(2);
    assert!(
        refusal(&cost.to_string()).starts_with("cost report version 2 is not supported: this Tollgate reads version 1")
    );
    cost["version"] = json!("1");
    assert_eq!(refusal(&cost.to_string()), "`version`: expected an integer, found a string");
    cost["version"] = json!(1);
    cost["lines"][1]["monthly_now"]["exact"] = json!("12,50");
    assert_eq!(refusal(&cost.to_string()), "lines[1].monthly_now.exact: `12,50` is not a decimal number");
    cost["lines"][1]["monthly_now"] = json!(12.5);
    assert_eq!(refusal(&cost.to_string()), "lines[1].monthly_now: expected an amount object with `exact`");
    cost["lines"][0].as_object_mut().map(|line| line.remove("address"));
    assert_eq!(refusal(&cost.to_string()), "lines[0].address: missing");
    cost["lines"] = json!({});
    assert_eq!(refusal(&cost.to_string()), "`lines`: expected an array");
}

/// Every value of the report replaced by each other JSON kind, and every prefix of its text:
/// the reader answers (mostly with an error) and never panics.
#[test]
fn no_mutation_of_a_report_makes_the_reader_panic() {
    let (estimate, sources) = baseline();
    let cost = to_json(&estimate, &sources, None, &[]);
    let replacements = [json!(null), json!(true), json!(-1), json!(1e300), json!("x"), json!([]), json!({})];
    let mut paths = Vec::new();
    collect_paths(&cost, String::new(), &mut paths);
    for path in &paths {
        for replacement in &replacements {
            let mut mutated = cost.clone();
            if let Some(slot) = mutated.pointer_mut(path) {
                *slot = replacement.clone();
            }
            let _ = CostSnapshot::from_json(&mutated.to_string());
        }
    }
    let text = cost.to_string();
    for end in (0..text.len()).filter(|end| text.is_char_boundary(*end)) {
        let _ = CostSnapshot::from_json(&text[..end]);
    }
    assert!(paths.len() > 50, "the mutations cover the report ({} paths)", paths.len());
}

fn collect_paths(value: &Value, path: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(key, v)| collect_paths(v, format!("{path}/{key}"), out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(at, v)| collect_paths(v, format!("{path}/{at}"), out))
        }
        _ => {}
    }
    out.push(path);
}

#[test]
fn a_diff_lists_added_removed_and_changed_lines_with_deltas_to_the_cent() {
    let (before, sources) = baseline();
    let mut after = before.clone();
    // The node group's max grows from 6 to 8 nodes; the database goes; a NAT gateway arrives.
    after.lines[0].components[0].quantity = Quantity::Known { now: dec("2190"), at_max: dec("5840") };
    after.lines.remove(1);
    let nat = line(
        "aws_nat_gateway.main",
        "aws_nat_gateway",
        span(FileId(0), 12, 14),
        vec![hours("NAT gateway", "730", "730", "0.045")],
    );
    after.lines.push(nat);
    let diff = CostDiff::between(&CostSnapshot::of(&before, &sources), &CostSnapshot::of(&after, &sources));
    let deltas: Vec<(&str, Change, Money, Money)> =
        diff.lines.iter().map(|d| (d.address.as_str(), d.change(), d.delta_now(), d.delta_at_max())).collect();
    assert_eq!(
        deltas,
        [
            ("aws_db_instance.main", Change::Removed, usd("-105.12"), usd("-105.12")),
            ("aws_eks_node_group.general", Change::Changed, usd("0"), usd("121.472")),
            ("aws_nat_gateway.main", Change::Added, usd("32.85"), usd("32.85")),
        ],
        "the unchanged workload is left out; lines in address order"
    );
    // Billed totals leave the allocated workload out. Now: 182.208 + 105.12 before, 182.208 + 32.85
    // after. At max: 364.416 + 105.12 before, 5840 x 0.0832 = 485.888 + 32.85 after.
    assert_eq!((diff.baseline_now, diff.current_now), (usd("287.328"), usd("215.058")));
    assert_eq!((diff.baseline_at_max, diff.current_at_max), (usd("469.536"), usd("518.738")));
    assert_eq!((diff.delta_now(), diff.delta_at_max()), (usd("-72.27"), usd("49.202")));
}

#[test]
fn lines_match_by_root_and_environment_too_and_a_figure_lost_to_pricing_is_a_change() {
    let (before, sources) = baseline();
    let mut after = before.clone();
    after.lines[0].scope.environment = Some("prod".into());
    after.lines[2].components[0].price = Price::Unpriced { reason: "no node group".into() };
    let diff = CostDiff::between(&CostSnapshot::of(&before, &sources), &CostSnapshot::of(&after, &sources));
    let changes: Vec<(&str, Option<&str>, Change)> =
        diff.lines.iter().map(|d| (d.address.as_str(), d.environment.as_deref(), d.change())).collect();
    assert_eq!(
        changes,
        [
            ("Deployment/shop/api", None, Change::Changed),
            ("aws_eks_node_group.general", None, Change::Removed),
            ("aws_eks_node_group.general", Some("prod"), Change::Added),
        ]
    );
    let same = CostDiff::between(&CostSnapshot::of(&before, &sources), &CostSnapshot::of(&before, &sources));
    assert!(same.lines.is_empty() && same.delta_now() == Money::ZERO);
}
