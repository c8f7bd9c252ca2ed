//! A missing price is never guessed: each way a lookup can fail has its own reason, naming what
//! was looked up.

use tollgate_pricing::{PriceKey, PriceList, PriceLookup, Unpriced};

fn unpriced(region: &str, service: &str, resource_kind: &str, sku: &str) -> Unpriced {
    let key = PriceKey { region, service, resource_kind, sku };
    match PriceList::embedded().lookup(&key) {
        PriceLookup::Unpriced { reason } => reason,
        priced => panic!("{key} should be unpriced, got {priced:?}"),
    }
}

#[test]
fn a_row_marked_missing_is_unpriced_with_its_note() {
    let reason = unpriced("us-east-1", "AmazonRDS", "db_instance_ondemand_single_az_postgres", "db.t3.medium");
    assert!(matches!(reason, Unpriced::MissingFigure { .. }), "{reason:?}");
    assert_eq!(
        reason.to_string(),
        format!(
            "no sourced price for AmazonRDS db_instance_ondemand_single_az_postgres `db.t3.medium` in us-east-1: \
             data/aws/pricing/aws-prices-us-east-1.csv line {} marks it missing (not in any offline source found); \
             supply the price in a price override file",
            line_of("db_instance_ondemand_single_az_postgres,db.t3.medium,")
        )
    );
}

#[test]
fn a_region_whose_ec2_table_is_missing_says_why() {
    let reason = unpriced("eu-west-1", "AmazonEC2", "instance_ondemand_linux", "m5.large");
    let Unpriced::MissingFigure { source, .. } = &reason else { panic!("{reason:?}") };
    let note = &source.citation;
    assert!(note.starts_with("no offline multi-region EC2 table fetched"), "{note}");
}

#[test]
fn an_unknown_region_names_the_covered_ones() {
    let reason = unpriced("ap-south-1", "AmazonEC2", "instance_ondemand_linux", "t3.large");
    assert_eq!(
        reason.to_string(),
        "no price for AmazonEC2 instance_ondemand_linux `t3.large` in ap-south-1: the price list has no prices for \
         region ap-south-1 (it covers eu-west-1, us-east-1, us-west-2); supply the price in a price override file"
    );
}

#[test]
fn an_unlisted_sku_and_an_unlisted_kind_are_told_apart() {
    let sku = unpriced("us-east-1", "AmazonElastiCache", "node_ondemand_redis", "cache.x99.huge");
    assert!(matches!(sku, Unpriced::SkuNotListed { .. }), "{sku:?}");
    assert!(sku.to_string().contains("`cache.x99.huge` in us-east-1: the price list does not list this SKU"), "{sku}");
    let kind = unpriced("us-east-1", "AmazonEC2", "instance_ondemand_windows", "t3.large");
    assert!(matches!(kind, Unpriced::KindNotListed { .. }), "{kind:?}");
}

#[test]
fn a_region_holding_only_elasticache_prices_elasticache() {
    let key = PriceKey {
        region: "eu-west-1",
        service: "AmazonElastiCache",
        resource_kind: "node_ondemand_redis",
        sku: "cache.m5.large",
    };
    let PriceLookup::Priced { usd_per_unit, source, .. } = PriceList::embedded().lookup(&key) else { panic!() };
    assert_eq!(usd_per_unit.to_string(), "0.172");
    assert!(!source.user_override);
    assert_eq!(source.file, "data/aws/pricing/aws-prices-eu-west-1.csv");
}

fn line_of(needle: &str) -> usize {
    let text = include_str!("../../../data/aws/pricing/aws-prices-us-east-1.csv");
    text.lines().position(|line| line.contains(needle)).map_or(0, |at| at + 1)
}
