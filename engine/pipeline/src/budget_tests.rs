use super::*;
use crate::budget_findings::{findings, BudgetOrigin};
use crate::cost_config::{parse_increase, parse_usd, BudgetAt};
use std::str::FromStr;
use tollgate_cost::{Component, CostScope, LineKind, Price, Quantity, SnapshotLine};
use tollgate_model::{FindingKind, Pos, ResourceId, SourceMap, Span};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn usd(text: &str) -> Money {
    parse_usd(text).unwrap()
}

/// A line of `count` instances at `hourly` USD, scaling to `max` instances.
fn line(address: &str, hourly: &str, count: u32, max: u32, first_line: u32) -> CostLine {
    let hours = |n: u32| Decimal::from(n * 730);
    CostLine {
        resource: ResourceId(first_line),
        address: address.to_string(),
        resource_type: address.split('.').rev().nth(1).unwrap_or_default().to_string(),
        kind: LineKind::Terraform,
        span: Span::new(tollgate_model::FileId(0), Pos::new(first_line, 1), Pos::new(first_line + 2, 1)),
        scope: CostScope { region: Some("us-east-1".into()), ..CostScope::default() },
        components: vec![Component {
            name: "Instance usage".into(),
            unit: "hour".into(),
            quantity: Quantity::Known { now: hours(count), at_max: hours(max) },
            price: Price::Priced { usd_per_unit: dec(hourly), source: "test".into() },
            span: None,
        }],
        allocated: false,
    }
}

fn unpriced_line(address: &str, first_line: u32) -> CostLine {
    let mut line = line(address, "0", 1, 1, first_line);
    line.components[0].price = Price::Unpriced { reason: "no sourced price for db.x9".into() };
    line
}

fn budget(name: &str, scope: BudgetScope, monthly: Option<&str>, at: BudgetAt) -> Budget {
    Budget { name: name.into(), scope, monthly: monthly.map(usd), at, max_increase: None }
}

fn sources() -> SourceMap {
    let mut sources = SourceMap::new();
    sources.add("main.tf", "\n".repeat(40));
    sources
}

fn estimate(lines: Vec<CostLine>) -> Estimate {
    Estimate { lines, ..Estimate::default() }
}

/// 8 x t3.xlarge ($0.1664 an hour) is $971.776 a month: $971.78 to the cent.
fn eight_xlarge() -> CostLine {
    line("aws_instance.web", "0.1664", 8, 8, 1)
}

#[test]
fn a_ceiling_is_compared_exactly_and_reported_to_the_cent() {
    let estimate = estimate(vec![eight_xlarge(), line("aws_nat_gateway.a", "0.045", 1, 1, 10)]);
    let over =
        check(&[budget("total", BudgetScope::Total, Some("1004.62"), BudgetAt::Now)], &estimate, Context::default());
    // 971.776 + 32.85 = 1004.626: over a ceiling of 1004.62 by less than a cent.
    assert_eq!((over[0].figure, over[0].verdict), (usd("1004.626"), Verdict::Exceeded));
    let at_limit =
        check(&[budget("total", BudgetScope::Total, Some("1004.626"), BudgetAt::Now)], &estimate, Context::default());
    assert_eq!(at_limit[0].verdict, Verdict::Within);
    let found = findings(&over, &estimate, &sources(), &origin());
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(
        (f.rule_id.as_str(), f.kind, f.address.as_str(), f.file.as_str()),
        ("TG501", FindingKind::Fail, "aws_instance.web", "main.tf")
    );
    assert_eq!((f.start_line, f.end_line), (1, 3));
    assert!(f.message.contains("Budget `total` (all billed resources) is exceeded now"), "{}", f.message);
    assert!(
        f.message.contains("$1,004.63 a month projected now against a ceiling of $1,004.62, $0.01 over"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("aws_instance.web $971.78 (main.tf:1), aws_nat_gateway.a $32.85 (main.tf:10)"),
        "{}",
        f.message
    );
}

fn origin() -> BudgetOrigin {
    BudgetOrigin { file: "tollgate.toml".into(), line: 1 }
}

#[test]
fn the_message_names_the_three_largest_contributors_largest_first() {
    let lines = vec![
        line("aws_instance.a", "0.01", 1, 1, 1),
        line("aws_instance.b", "0.04", 1, 1, 5),
        line("aws_instance.c", "0.03", 1, 1, 9),
        line("aws_instance.d", "0.02", 1, 1, 13),
    ];
    let estimate = estimate(lines);
    let results =
        check(&[budget("total", BudgetScope::Total, Some("10"), BudgetAt::Now)], &estimate, Context::default());
    let f = &findings(&results, &estimate, &sources(), &origin())[0];
    assert_eq!(f.start_line, 5);
    assert!(
        f.message.contains(
            "aws_instance.b $29.20 (main.tf:5), aws_instance.c $21.90 (main.tf:9), aws_instance.d $14.60 (main.tf:13)."
        ),
        "{}",
        f.message
    );
    assert!(!f.message.contains("aws_instance.a"), "{}", f.message);
}

#[test]
fn scopes_select_by_tag_module_prefix_namespace_environment_and_root() {
    let mut tagged = line("aws_instance.dev", "0.1", 1, 1, 1);
    tagged.scope.tags.insert("environment".into(), "dev".into());
    let mut eks = line("module.eks.aws_eks_cluster.this", "0.1", 1, 1, 1);
    eks.scope.module_path = "module.eks".into();
    let mut nested = line("module.eks[\"a\"].module.nodes.aws_eks_node_group.x", "0.1", 1, 1, 1);
    nested.scope.module_path = "module.eks[\"a\"].module.nodes".into();
    let mut lookalike = line("module.eksctl.aws_instance.x", "0.1", 1, 1, 1);
    lookalike.scope.module_path = "module.eksctl".into();
    let mut prod = line("aws_instance.p", "0.1", 1, 1, 1);
    (prod.scope.environment, prod.scope.root) = (Some("prod".into()), Some("terraform/prod/".into()));
    let mut pod = line("Deployment/payments/api", "0.1", 1, 1, 1);
    (pod.allocated, pod.kind, pod.scope.namespace) = (true, LineKind::Kubernetes, Some("payments".into()));
    pod.scope.environment = Some("prod".into());
    let all = [&tagged, &eks, &nested, &lookalike, &prod, &pod];
    let matching = |scope: BudgetScope| -> Vec<&str> {
        all.iter().filter(|l| in_scope(&scope, l)).map(|l| l.address.as_str()).collect()
    };
    assert_eq!(matching(BudgetScope::Tag { key: "environment".into(), value: "dev".into() }), ["aws_instance.dev"]);
    assert_eq!(matching(BudgetScope::Module("module.eks".into())).len(), 2);
    assert!(!matching(BudgetScope::Module("module.eks".into())).contains(&"module.eksctl.aws_instance.x"));
    assert_eq!(matching(BudgetScope::Namespace("payments".into())), ["Deployment/payments/api"]);
    // The allocated line is node cost already counted: never in a total or an environment.
    assert_eq!(matching(BudgetScope::Environment("prod".into())), ["aws_instance.p"]);
    assert_eq!(matching(BudgetScope::Root("terraform/prod".into())), ["aws_instance.p"]);
    assert_eq!(matching(BudgetScope::Total).len(), 5);
}

#[test]
fn unpriced_resources_make_a_budget_unknown_unless_the_priced_part_already_breaches() {
    let estimate = estimate(vec![line("aws_instance.web", "0.1", 1, 1, 1), unpriced_line("aws_db_instance.db", 20)]);
    let within =
        check(&[budget("total", BudgetScope::Total, Some("100"), BudgetAt::Now)], &estimate, Context::default());
    assert_eq!((within[0].verdict, within[0].unpriced.len()), (Verdict::Unknown, 1));
    let f = &findings(&within, &estimate, &sources(), &origin())[0];
    assert_eq!((f.rule_id.as_str(), f.kind), ("TG501", FindingKind::Unknown));
    assert!(f.message.contains("cannot be checked now: on the priced resources, $73.00 a month projected now against a ceiling of $100.00."), "{}", f.message);
    assert!(f.message.contains("1 resource(s) in scope have no price or quantity, not included: aws_db_instance.db (no sourced price for db.x9, main.tf:20)"), "{}", f.message);
    let over = check(&[budget("total", BudgetScope::Total, Some("50"), BudgetAt::Now)], &estimate, Context::default());
    assert_eq!(over[0].verdict, Verdict::Exceeded);
}

#[test]
fn both_projections_are_checked_and_the_max_one_is_tg502() {
    let estimate = estimate(vec![line("aws_eks_node_group.workers", "0.0832", 1, 4, 1)]);
    let results =
        check(&[budget("total", BudgetScope::Total, Some("100"), BudgetAt::Both)], &estimate, Context::default());
    let verdicts: Vec<_> = results.iter().map(|r| (r.at_max, r.figure, r.verdict)).collect();
    assert_eq!(verdicts, [(false, usd("60.736"), Verdict::Within), (true, usd("242.944"), Verdict::Exceeded)]);
    let f = &findings(&results, &estimate, &sources(), &origin())[0];
    assert_eq!(f.rule_id, "TG502");
    assert!(f.message.contains("is exceeded at maximum scale: $242.94 a month projected at maximum scale against a ceiling of $100.00, $142.94 over"), "{}", f.message);
    assert!(f.message.contains("max_size"), "{}", f.message);
}

fn snapshot_line(address: &str, now: &str) -> SnapshotLine {
    SnapshotLine {
        address: address.into(),
        environment: None,
        root: None,
        resource_type: "aws_instance".into(),
        location: "main.tf:1".into(),
        now: usd(now),
        at_max: usd(now),
        allocated: false,
        missing: 0,
    }
}

#[test]
fn an_increase_is_measured_against_the_baseline_in_usd_or_percent() {
    // Two t3.large ($60.736 each) now, one in the baseline: +$60.74, +100%.
    let estimate = estimate(vec![line("aws_instance.web", "0.0832", 2, 2, 1)]);
    let baseline = CostSnapshot { lines: vec![snapshot_line("aws_instance.web", "60.736")] };
    let context = Context { baseline: Some(&baseline), live_month: None };
    let limited = |limit: &str| {
        let budget = Budget {
            max_increase: Some(parse_increase(limit).unwrap()),
            ..budget("total", BudgetScope::Total, None, BudgetAt::Now)
        };
        check(&[budget], &estimate, context)
    };
    let percent = limited("15%");
    assert_eq!(
        (percent[0].figure, percent[0].limit, percent[0].verdict),
        (usd("60.736"), usd("9.1104"), Verdict::Exceeded)
    );
    let f = &findings(&percent, &estimate, &sources(), &origin())[0];
    assert_eq!(f.rule_id, "TG503");
    assert!(
        f.message.contains(
            "rises by $60.74 over the baseline ($60.74 -> $121.47), more than the allowed $9.11 (15% of the baseline)"
        ),
        "{}",
        f.message
    );
    assert_eq!(limited("60.74")[0].verdict, Verdict::Within);
    assert_eq!(limited("60.73")[0].verdict, Verdict::Exceeded);
}

#[test]
fn a_removed_resource_of_unknown_scope_makes_a_scoped_increase_unknown() {
    let mut current = line("aws_instance.new", "0.1", 1, 1, 1);
    current.scope.tags.insert("team".into(), "a".into());
    let estimate = estimate(vec![current]);
    let baseline = CostSnapshot { lines: vec![snapshot_line("aws_instance.gone", "50")] };
    let scope = BudgetScope::Tag { key: "team".into(), value: "a".into() };
    let budget =
        Budget { max_increase: Some(Increase::Usd(usd("10"))), ..budget("team-a", scope, Some("1000"), BudgetAt::Now) };
    let results = check(&[budget], &estimate, Context { baseline: Some(&baseline), live_month: None });
    let increase = &results[1];
    assert_eq!((increase.check, increase.undetermined, increase.verdict), (Check::Increase, 1, Verdict::Unknown));
}

#[test]
fn cost_explorer_spend_is_added_to_the_total_budget_only() {
    let mut dev = line("aws_instance.web", "0.1", 1, 1, 1);
    dev.scope.environment = Some("dev".into());
    let estimate = estimate(vec![dev]);
    let budgets = [
        budget("total", BudgetScope::Total, Some("500"), BudgetAt::Now),
        budget("dev", BudgetScope::Environment("dev".into()), Some("500"), BudgetAt::Now),
    ];
    let results = check(&budgets, &estimate, Context { baseline: None, live_month: Some(usd("450.25")) });
    assert_eq!((results[0].figure, results[0].verdict), (usd("523.25"), Verdict::Exceeded));
    assert_eq!((results[1].figure, results[1].verdict), (usd("73"), Verdict::Within));
    let f = &findings(&results, &estimate, &sources(), &origin())[0];
    assert!(
        f.message.contains(
            "$523.25 a month projected (Cost Explorer's month to date and forecast $450.25 plus this change's $73.00)"
        ),
        "{}",
        f.message
    );
}

#[test]
fn a_breach_without_contributors_points_at_the_budget() {
    let estimate = estimate(Vec::new());
    let results = check(
        &[budget("total", BudgetScope::Total, Some("10"), BudgetAt::Now)],
        &estimate,
        Context { baseline: None, live_month: Some(usd("11")) },
    );
    let f = &findings(&results, &estimate, &sources(), &origin())[0];
    assert_eq!((f.address.as_str(), f.file.as_str(), f.start_line), ("cost.budget.total", "tollgate.toml", 1));
}
