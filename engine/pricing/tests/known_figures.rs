//! The figures `data/aws/pricing/README.md` and the issue name, reproduced to the cent from the
//! embedded us-east-1 table, and the figures the rows' own sources quote.

use tollgate_pricing::{format_usd, monthly, Decimal, Money, PriceKey, PriceList, PriceLookup};

fn hourly(service: &str, resource_kind: &str, sku: &str) -> Decimal {
    let key = PriceKey { region: "us-east-1", service, resource_kind, sku };
    match PriceList::embedded().lookup(&key) {
        PriceLookup::Priced { usd_per_unit, unit, .. } => {
            assert_eq!(unit, "hour", "{key} is priced per hour");
            usd_per_unit
        }
        PriceLookup::Unpriced { reason } => panic!("{key} should be priced: {reason}"),
    }
}

fn ec2(instance_type: &str) -> Decimal {
    hourly("AmazonEC2", "instance_ondemand_linux", instance_type)
}

#[test]
fn eks_control_plane_is_73_dollars() {
    assert_eq!(format_usd(monthly(hourly("AmazonEKS", "cluster_control_plane", "cluster"), 1)), "$73.00");
}

#[test]
fn eight_t3_xlarge_are_971_78() {
    assert_eq!(ec2("t3.xlarge"), Decimal::new(1664, 4));
    assert_eq!(format_usd(monthly(ec2("t3.xlarge"), 8)), "$971.78");
}

#[test]
fn platform_node_pool_mix_is_693_79() {
    let pools = [monthly(ec2("t3.large"), 3), monthly(ec2("t3.xlarge"), 3), monthly(ec2("r6g.large"), 2)];
    let total: Money = pools.into_iter().sum();
    assert_eq!(total.amount(), Decimal::new(9504, 4) * Decimal::from(730));
    assert_eq!(format_usd(total), "$693.79");
}

#[test]
fn three_nat_gateways_are_98_55() {
    assert_eq!(format_usd(monthly(hourly("AmazonEC2", "nat_gateway_hours", "NatGateway-Hours"), 3)), "$98.55");
}

#[test]
fn three_redis_cache_r6g_large_are_451_14() {
    let node = hourly("AmazonElastiCache", "node_ondemand_redis", "cache.r6g.large");
    assert_eq!(format_usd(monthly(node, 3)), "$451.14");
}

#[test]
fn amazon_mq_brokers_by_deployment_mode() {
    let active_standby = hourly("AmazonMQ", "broker_ondemand_activemq_active_standby_multi_az", "mq.m5.large");
    assert_eq!(format_usd(monthly(active_standby, 1)), "$420.48");
    let rabbit_cluster = hourly("AmazonMQ", "broker_ondemand_rabbitmq_cluster_multi_az", "mq.m5.xlarge");
    assert_eq!(format_usd(monthly(rabbit_cluster, 1)), "$1,261.44");
}

#[test]
fn load_balancer_hours_round_half_away_from_zero() {
    // 0.0225 x 730 = 16.425: the cent is rounded up, as AWS's calculator shows it.
    assert_eq!(format_usd(monthly(hourly("AWSELB", "alb_hours", "LoadBalancerUsage"), 1)), "$16.43");
}

/// Every row whose source quotes a monthly figure (`$99.28/730`) reproduces it to the cent.
#[test]
fn every_monthly_figure_quoted_by_a_source_is_reproduced() {
    let text = include_str!("../../../data/aws/pricing/aws-prices-us-east-1.csv");
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let Some(quoted) = fields.get(6).and_then(|source| quoted_monthly(source)) else { continue };
        let key = PriceKey { region: fields[3], service: fields[0], resource_kind: fields[1], sku: fields[2] };
        let PriceLookup::Priced { usd_per_unit, .. } = PriceList::embedded().lookup(&key) else {
            panic!("{key} quotes {quoted} but is unpriced")
        };
        assert_eq!(format_usd(monthly(usd_per_unit, 1)), quoted, "{key}");
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} quoted figures found");
}

/// `$1261.44/730` in a source column, as `$1,261.44`.
fn quoted_monthly(source: &str) -> Option<String> {
    let (_, after) = source.split_once(" $")?;
    let (amount, _) = after.split_once("/730")?;
    let amount: Decimal = amount.parse().ok()?;
    Some(format_usd(Money::usd(amount)))
}
