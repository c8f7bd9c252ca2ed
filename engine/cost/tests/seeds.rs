//! Each seed estate's Terraform projection, environment by environment (the roots and
//! environments of its `tollgate.toml`), to the cent, against a hand computation from the price
//! table: the us-east-1 and eu-west-1 rows of data/aws/pricing/, 730 hours a month. "Unpriced"
//! counts lines with a component the table has no figure for (their known part is included).

mod terraform_support;

use terraform_support::{describe, line, seed_graph};
use tollgate_cost::{estimate, format_usd, CostSettings, Estimate, Money};

/// `(environment, now, at max, lines, unpriced lines, usage-based entries)`.
type Expected<'a> = (&'a str, &'a str, &'a str, usize, usize, usize);

fn seed(name: &str) -> Estimate {
    estimate(&seed_graph(name), &CostSettings::default())
}

fn assert_totals(name: &str, estimate: &Estimate, expected: &[Expected<'_>]) {
    for (environment, now, at_max, lines, unpriced, usage_based) in expected {
        let total = estimate.total(|l| l.scope.environment.as_deref() == Some(*environment));
        let listed = estimate.usage_based.iter().filter(|u| u.scope.environment.as_deref() == Some(*environment));
        let found = (format_usd(total.now), format_usd(total.at_max), total.lines, total.unpriced, listed.count());
        let wanted = (now.to_string(), at_max.to_string(), *lines, *unpriced, *usage_based);
        assert_eq!(found, wanted, "{name} {environment}:\n{}", describe(estimate));
        let row = format!("| {environment} | {now} | {at_max} | {unpriced} of {lines} | {usage_based} |");
        assert!(readme(name).contains(&row), "fixtures/{name}/README.md lacks the row `{row}`");
    }
}

/// The estate's README, whose cost table shows these figures.
fn readme(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name).join("README.md");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn platform_infrastructure() {
    let estimate = seed("platform-infrastructure");
    // Node pools' instances: system 3 x t3.large 0.0832 + apps 3 x t3.xlarge 0.1664 + data
    // 2 x r6g.large 0.1008 = 0.9504/h x 730 = 693.792.
    let pools: Money = ["system", "apps", "data"]
        .iter()
        .map(|pool| {
            match line(&estimate, &format!("aws_eks_node_group.pool[\"{pool}\"]")).components[0].monthly(false) {
                tollgate_cost::Amount::Known(money) => money,
                tollgate_cost::Amount::Missing(why) => panic!("{pool}: {why}"),
            }
        })
        .sum();
    assert_eq!(format_usd(pools), "$693.79");
    assert_eq!(terraform_support::monthly(line(&estimate, "aws_eks_cluster.main")).0, "$73.00");
    // now: control plane 73.00 + pools 693.792 + launch-template gp3 disks (3 x 100 + 3 x 150 +
    // 2 x 300 GB) x 0.08 = 108.00 + data's throughput 2 x 125 MiB/s above 125 x 0.04 = 10.00 +
    // bastion t3.micro 0.0104 x 730 + 20 GB gp3 x 0.08 = 9.192 + NAT 0.045 x 730 = 32.85:
    // 926.834. At max (system 4, apps 6, data 3): 73 + 4 x 68.736 + 6 x 133.472 + 3 x 102.584
    // + 9.192 + 32.85 = 1,498.57. Unpriced: the NAT's Elastic IP. Usage-based: 5 buckets and
    // the NAT's data processed.
    assert_totals("platform-infrastructure", &estimate, &[("dev", "$926.83", "$1,498.57", 7, 1, 6)]);
}

#[test]
fn card_platform() {
    // production: control plane 73 + general 3 x t3.xlarge (0.1664 x 730 + 100 GB gp3 x 0.08 =
    // 129.472) = 388.416 + jit-optimized 5 x c6g.2xlarge (0.272 x 730 + 50 x 0.08 = 202.56) =
    // 1,012.80 + Redis 3 x cache.r6g.large 0.206 x 730 = 451.14 + the primary's 200 GB gp3
    // Multi-AZ x 0.23 = 46.00: 1,971.356. At max (general 10, jit 20): 73 + 1,294.72 + 4,051.20
    // + 451.14 + 46 = 5,916.06. Unpriced: the three RDS instances (db.r6g.xlarge Multi-AZ,
    // db.r6g.large, db.t4g.medium rows are missing; gp3 Single-AZ storage has no row) and the
    // RabbitMQ cluster (no mq.m5.large cluster row).
    // staging: 73 + 3 x (0.0832 x 730 + 8) = 206.208 + 5 x (0.136 x 730 + 4) = 516.40 + 3 x
    // cache.t4g.medium 0.065 x 730 = 142.35 + 50 GB x 0.23 = 11.50: 949.458; at max 73 + 687.36
    // + 2,065.60 + 142.35 + 11.50 = 2,979.81.
    assert_totals(
        "card-platform",
        &seed("card-platform"),
        &[("production", "$1,971.36", "$5,916.06", 8, 4, 2), ("staging", "$949.46", "$2,979.81", 8, 4, 2)],
    );
}

#[test]
fn quanttrader() {
    // dev: 73 + system 1 x t3.medium (0.0416 x 730 + 30 GB gp3 x 0.08 = 32.768) + trading-spot
    // 1 x 50 GB x 0.08 = 4.00 (spot hours unpriced) + NAT 32.85: 142.618; at max (system 2, spot
    // 10): 73 + 65.536 + 40 + 32.85 = 211.386. Unpriced: spot hours, the Elastic IP.
    // staging: as dev with trading-spot at 0 now and 6 at max: 138.618 / 73 + 65.536 + 24 +
    // 32.85 = 195.386.
    // prod: 73 + system 2 x (0.0832 x 730 + 2.40) = 126.272 + trading-ondemand 1 x c5n.large
    // (0.108 x 730 + 4) = 82.84 + spot disk 4.00 + 3 NATs 98.55: 384.662; at max (3, 3, 10):
    // 73 + 189.408 + 248.52 + 40 + 98.55 = 649.478. Unpriced: spot hours and 3 Elastic IPs.
    // bootstrap: only the state bucket, usage-based.
    assert_totals(
        "quanttrader",
        &seed("quanttrader"),
        &[
            ("dev", "$142.62", "$211.39", 5, 2, 3),
            ("staging", "$138.62", "$195.39", 5, 2, 3),
            ("prod", "$384.66", "$649.48", 10, 4, 5),
            ("bootstrap", "$0.00", "$0.00", 0, 0, 1),
        ],
    );
}

#[test]
fn suuupra() {
    // dev: 73 + application (spot t3.xlarge, unpriced) disks 2 x 100 GB x 0.08 = 16 + system
    // 2 x (0.0832 x 730 + 8) = 137.472 + Redis 2 groups x 1 x cache.t4g.small 0.032 x 730 =
    // 46.72 + bastion t3.micro 7.592 + 16 GB x 0.08 = 8.872 + NAT 32.85: 314.914; at max
    // (application 6, system 3): 73 + 48 + 206.208 + 46.72 + 8.872 + 32.85 = 415.65.
    // staging: 73 + application spot disks 4 x 100 x 0.08 = 32 + system 2 x (m5.large 0.096 x
    // 730 + 8) = 156.16 + Redis 2 x 2 x cache.r6g.large 0.206 x 730 = 601.52 + 2 Multi-AZ
    // databases' 100 GB gp3 x 0.23 = 46 + bastion 8.872 + NAT 32.85: 950.402; at max
    // (application 20, system 4): 73 + 160 + 312.32 + 601.52 + 46 + 8.872 + 32.85 = 1,234.562.
    // production: 73 + application 20 x (m5.xlarge 0.192 x 730 + 8) = 2,963.20 + system 6 x
    // (70.08 + 8) = 468.48 + Redis 2 x 3 x cache.r6g.xlarge 0.411 x 730 = 1,800.18 + core 1,000
    // GB and payments 500 GB gp3 Multi-AZ x 0.23 = 345 + 3 NATs 98.55: 5,748.41; at max
    // (application 100, system 10): 73 + 14,816 + 780.80 + 1,800.18 + 345 + 98.55 = 17,913.53.
    // Unpriced: every RDS instance class (rows missing or absent; replicas' gp3 Single-AZ
    // storage has no row), spot hours, Elastic IPs.
    assert_totals(
        "suuupra",
        &seed("suuupra"),
        &[
            ("dev", "$314.91", "$415.65", 10, 4, 1),
            ("staging", "$950.40", "$1,234.56", 10, 4, 2),
            ("production", "$5,748.41", "$17,913.53", 17, 9, 5),
        ],
    );
}

#[test]
fn webhook_delivery() {
    // eu-west-1: the table has ElastiCache only, every other line is unpriced with the reason.
    // dev: 1 x cache.t4g.micro 0.017 x 730 = 12.41; staging: 2 x cache.t4g.medium 0.068 x 730 =
    // 99.28; prod: 3 x cache.r6g.large 0.229 x 730 = 501.51.
    assert_totals(
        "webhook-delivery",
        &seed("webhook-delivery"),
        &[
            ("dev", "$12.41", "$12.41", 8, 7, 3),
            ("staging", "$99.28", "$99.28", 13, 12, 5),
            ("prod", "$501.51", "$501.51", 13, 12, 5),
        ],
    );
}
