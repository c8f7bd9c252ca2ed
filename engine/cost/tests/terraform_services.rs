//! Cost models of databases, caches, brokers, networking, storage and usage-based resources,
//! against hand computations from the us-east-1 rows of the embedded price list.

mod terraform_support;

use terraform_support::{assert_line, estimate_of, line, monthly};
use tollgate_cost::{Estimate, Price};

const PROVIDER: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";

fn estimate_with_usage(main: &str, usage: &str) -> Estimate {
    estimate_of(&[("main.tf", &format!("{PROVIDER}{main}"))], None, usage)
}

fn estimate(main: &str) -> Estimate {
    estimate_with_usage(main, "")
}

fn reason(estimate: &Estimate, address: &str, component: usize) -> String {
    match &line(estimate, address).components[component].price {
        Price::Unpriced { reason } => reason.clone(),
        Price::Priced { .. } => panic!("{address} component {component} is priced"),
    }
}

#[test]
fn db_instances_by_engine_multi_az_storage_type_and_iops() {
    let estimate = estimate(
        r#"resource "aws_db_instance" "multi" {
  engine            = "mysql"
  instance_class    = "db.t3.large"
  multi_az          = true
  allocated_storage = 100
  storage_type      = "gp2"
}
resource "aws_db_instance" "provisioned" {
  engine            = "mysql"
  instance_class    = "db.m5.large"
  allocated_storage = 100
  iops              = 1000
}
resource "aws_db_instance" "missing" {
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  allocated_storage = 20
}"#,
    );
    // 0.272 x 730 = 198.56; gp2 Multi-AZ 100 x 0.23 = 23.00
    assert_line(&estimate, "aws_db_instance.multi", "$221.56", "$221.56", 0);
    // iops without storage_type: io1 (provider default). 0.171 x 730 = 124.83; 100 x 0.125 =
    // 12.50; 1,000 x 0.10 = 100.00
    let provisioned = line(&estimate, "aws_db_instance.provisioned");
    assert_eq!(monthly(provisioned), ("$237.33".into(), "$237.33".into(), 0));
    assert_eq!(provisioned.components[1].name, "Storage (io1)");
    // the row is marked missing; storage gp2 Single-AZ 20 x 0.115 = 2.30 still counts
    assert!(reason(&estimate, "aws_db_instance.missing", 0).contains("marks it missing"));
    assert_line(&estimate, "aws_db_instance.missing", "$2.30", "$2.30", 1);
}

#[test]
fn a_read_replica_takes_engine_and_storage_from_its_source() {
    let estimate = estimate(
        r#"resource "aws_db_instance" "primary" {
  identifier        = "primary"
  engine            = "mysql"
  instance_class    = "db.t3.large"
  allocated_storage = 50
  storage_type      = "gp2"
}
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = "db.m5.large"
}"#,
    );
    // mysql db.m5.large 0.171 x 730 = 124.83; gp2 Single-AZ 50 x 0.115 = 5.75
    assert_line(&estimate, "aws_db_instance.replica", "$130.58", "$130.58", 0);
}

#[test]
fn aurora_is_unpriced_or_usage_based_with_the_reason() {
    let estimate = estimate(
        r#"resource "aws_rds_cluster" "aurora" {
  engine = "aurora-postgresql"
}
resource "aws_rds_cluster_instance" "writer" {
  count              = 2
  cluster_identifier = aws_rds_cluster.aurora.id
  engine             = aws_rds_cluster.aurora.engine
  instance_class     = "db.r6g.large"
}
resource "aws_rds_cluster_instance" "serverless" {
  cluster_identifier = aws_rds_cluster.aurora.id
  engine             = "aurora-postgresql"
  instance_class     = "db.serverless"
}"#,
    );
    for index in 0..2 {
        let why = reason(&estimate, &format!("aws_rds_cluster_instance.writer[{index}]"), 0);
        assert!(why.contains("aurora-postgresql"), "{why}");
    }
    assert!(reason(&estimate, "aws_rds_cluster_instance.serverless", 0).contains("ACU"));
    let aurora = estimate.usage_based.iter().find(|u| u.address == "aws_rds_cluster.aurora").expect("listed");
    assert!(aurora.reason.starts_with("needs ") && aurora.reason.ends_with(" in the usage file"), "{}", aurora.reason);
}

#[test]
fn elasticache_clusters_and_replication_groups_count_their_nodes() {
    let estimate = estimate(
        r#"resource "aws_elasticache_cluster" "memcached" {
  engine          = "memcached"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 3
}
resource "aws_elasticache_replication_group" "replicas" {
  replication_group_id = "a"
  description          = "a"
  node_type            = "cache.r6g.large"
  num_cache_clusters   = 3
}
resource "aws_elasticache_replication_group" "sharded" {
  replication_group_id    = "b"
  description             = "b"
  engine                  = "valkey"
  node_type               = "cache.r6g.large"
  num_node_groups         = 2
  replicas_per_node_group = 1
}"#,
    );
    // 3 x 0.032 x 730 = 70.08
    assert_line(&estimate, "aws_elasticache_cluster.memcached", "$70.08", "$70.08", 0);
    // engine defaults to redis: 3 x 0.206 x 730 = 451.14
    let replicas = line(&estimate, "aws_elasticache_replication_group.replicas");
    assert_eq!(monthly(replicas), ("$451.14".into(), "$451.14".into(), 0));
    // 2 shards x (1 replica + 1) = 4 valkey nodes x 0.1648 x 730 = 481.216
    let sharded = line(&estimate, "aws_elasticache_replication_group.sharded");
    assert_eq!(monthly(sharded), ("$481.22".into(), "$481.22".into(), 0));
}

#[test]
fn an_mq_broker_is_priced_by_deployment_mode_with_storage_from_usage() {
    let main = r#"resource "aws_mq_broker" "active" {
  broker_name        = "a"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"
  deployment_mode    = "ACTIVE_STANDBY_MULTI_AZ"
}
resource "aws_mq_broker" "single" {
  broker_name        = "s"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"
}"#;
    let estimate = estimate_with_usage(main, "[\"aws_mq_broker.active\"]\nstorage_gb = 10\n");
    // the row covers the pair: 0.576 x 730 = 420.48; EFS 10 GB x 0.30 = 3.00
    assert_line(&estimate, "aws_mq_broker.active", "$423.48", "$423.48", 0);
    assert!(reason(&estimate, "aws_mq_broker.single", 0).contains("marks it missing"));
    let single = estimate.usage_based.iter().find(|u| u.address == "aws_mq_broker.single").expect("listed");
    assert!(single.reason.contains("storage_gb"));
}

#[test]
fn nat_gateways_and_load_balancers_add_usage_when_the_file_has_it() {
    let main = r#"resource "aws_nat_gateway" "a" {
  subnet_id = "subnet-1"
}
resource "aws_nat_gateway" "b" {
  subnet_id = "subnet-2"
}
resource "aws_lb" "app" {
  name = "app"
}
resource "aws_alb" "legacy" {
  name = "legacy"
}
resource "aws_lb" "net" {
  name               = "net"
  load_balancer_type = "network"
}"#;
    let usage = "[\"aws_nat_gateway.a\"]\nmonthly_data_processed_gb = 1000\n\n[\"aws_lb.app\"]\naverage_lcu = 2\n";
    let estimate = estimate_with_usage(main, usage);
    // 0.045 x 730 = 32.85; 1,000 GB x 0.045 = 45.00
    assert_line(&estimate, "aws_nat_gateway.a", "$77.85", "$77.85", 0);
    assert_line(&estimate, "aws_nat_gateway.b", "$32.85", "$32.85", 0);
    // 0.0225 x 730 = 16.425; 2 LCU x 730 x 0.008 = 11.68
    assert_line(&estimate, "aws_lb.app", "$28.11", "$28.11", 0);
    assert_line(&estimate, "aws_alb.legacy", "$16.43", "$16.43", 0);
    assert_eq!(line(&estimate, "aws_lb.net").components[0].name, "Network load balancer");
    let listed: Vec<&str> = estimate.usage_based.iter().map(|u| u.address.as_str()).collect();
    assert_eq!(listed, ["aws_alb.legacy", "aws_lb.net", "aws_nat_gateway.b"]);
}

#[test]
fn an_elastic_ip_is_unpriced_never_a_guess() {
    let estimate = estimate("resource \"aws_eip\" \"nat\" {\n  domain = \"vpc\"\n}\n");
    let why = reason(&estimate, "aws_eip.nat", 0);
    assert!(why.contains("public_ipv4_address") && why.contains("no rows"), "{why}");
    assert_line(&estimate, "aws_eip.nat", "$0.00", "$0.00", 1);
}

#[test]
fn ebs_volumes_by_type_size_and_iops() {
    let estimate = estimate(
        r#"resource "aws_ebs_volume" "default" {
  availability_zone = "us-east-1a"
  size              = 100
}
resource "aws_ebs_volume" "gp3" {
  availability_zone = "us-east-1a"
  type              = "gp3"
  size              = 200
  iops              = 6000
  throughput        = 250
}
resource "aws_ebs_volume" "io2" {
  availability_zone = "us-east-1a"
  type              = "io2"
  size              = 10
  iops              = 500
}
resource "aws_ebs_volume" "from_snapshot" {
  availability_zone = "us-east-1a"
  snapshot_id       = "snap-1"
}"#,
    );
    // gp2 (default) 100 x 0.10 = 10.00
    assert_line(&estimate, "aws_ebs_volume.default", "$10.00", "$10.00", 0);
    // 200 x 0.08 = 16.00; 3,000 IOPS x 0.005 = 15.00; 125 MiB/s x 0.04 = 5.00
    assert_line(&estimate, "aws_ebs_volume.gp3", "$36.00", "$36.00", 0);
    // io2 storage 10 x 0.125 = 1.25; its IOPS have no row
    assert_line(&estimate, "aws_ebs_volume.io2", "$1.25", "$1.25", 1);
    assert_eq!(monthly(line(&estimate, "aws_ebs_volume.from_snapshot")).2, 1);
}

#[test]
fn s3_and_lambda_are_priced_from_the_usage_file_else_listed() {
    let main = r#"resource "aws_s3_bucket" "logs" {
  for_each = toset(["a", "b"])
  bucket   = "logs-${each.key}"
}
resource "aws_s3_bucket" "other" {
  bucket = "other"
}
resource "aws_lambda_function" "api" {
  function_name = "api"
  memory_size   = 512
}
resource "aws_lambda_function" "arm" {
  function_name = "arm"
  architectures = ["arm64"]
}"#;
    let usage = r#"# the block address covers every instance
["aws_s3_bucket.logs"]
storage_gb = 500
monthly_tier1_requests = 100000

["aws_lambda_function.api"]
monthly_requests = 1e7
average_duration_ms = 120

["aws_lambda_function.arm"]
monthly_requests = 2000000
average_duration_ms = 1000
"#;
    let estimate = estimate_with_usage(main, usage);
    // 500 GB x 0.023 = 11.50; 100 x 1k requests x 0.005 = 0.50
    for key in ["a", "b"] {
        let logs = line(&estimate, &format!("aws_s3_bucket.logs[\"{key}\"]"));
        assert_eq!(monthly(logs), ("$12.00".into(), "$12.00".into(), 0));
    }
    // 10 x 1M requests x 0.20 = 2.00; 1e7 x 0.12 s x 0.5 GB = 600,000 GB-s x 0.0000166667 = 10.00002
    assert_line(&estimate, "aws_lambda_function.api", "$12.00", "$12.00", 0);
    // 2 x 0.20 = 0.40; 2e6 x 1 s x 0.125 GB (default 128 MB) = 250,000 GB-s x 0.0000133334 = 3.33335
    assert_line(&estimate, "aws_lambda_function.arm", "$3.73", "$3.73", 0);
    let other = estimate.usage_based.iter().find(|u| u.address == "aws_s3_bucket.other").expect("listed");
    assert!(other.reason.contains("storage_gb"), "{}", other.reason);
    assert!(estimate.lines.iter().all(|l| l.address != "aws_s3_bucket.other"));
}

#[test]
fn a_unit_the_model_does_not_count_in_is_unpriced() {
    let graph = terraform_support::graph_of(&[(
        "main.tf",
        &format!("{PROVIDER}resource \"aws_eks_cluster\" \"main\" {{\n  name = \"main\"\n}}\n"),
    )]);
    let prices = tollgate_pricing::PriceList::embedded()
        .with_overrides(
            "service,resource_kind,sku,region,unit,usd_per_unit,source\nAmazonEKS,cluster_control_plane,cluster,us-east-1,month,73,team quote\n",
            "prices.csv",
        )
        .expect("price file");
    let settings = tollgate_cost::CostSettings { prices: &prices, ..tollgate_cost::CostSettings::default() };
    let estimate = tollgate_cost::estimate(&graph, &settings);
    let why = reason(&estimate, "aws_eks_cluster.main", 0);
    assert!(why.contains("per month") && why.contains("user price file"), "{why}");
}
