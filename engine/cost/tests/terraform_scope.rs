//! Where a Terraform line is priced and who it belongs to: the region through provider aliases,
//! module `providers` maps and the configured default; module and for_each instances; tags;
//! report order.

mod terraform_support;

use terraform_support::{assert_line, estimate_of, line, monthly};
use tollgate_cost::Price;

const MODULE: &str = r#"variable "pools" {
  type = map(number)
}
resource "aws_eks_node_group" "pool" {
  for_each       = var.pools
  cluster_name   = "main"
  instance_types = ["t3.large"]
  disk_size      = 20
  scaling_config {
    desired_size = each.value
    min_size     = 1
    max_size     = each.value
  }
}
"#;

#[test]
fn module_and_for_each_instances_are_each_priced_in_their_providers_region() {
    let root = r#"provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
module "east" {
  source = "./pools"
  pools  = { a = 1, b = 2 }
}
module "west" {
  source    = "./pools"
  pools     = { c = 1 }
  providers = { aws = aws.west }
}
resource "aws_eks_cluster" "dr" {
  provider = aws.west
  name     = "dr"
}"#;
    let estimate = estimate_of(&[("main.tf", root), ("pools/main.tf", MODULE)], None, "");
    // 0.0832 x 730 + 20 x 0.10 = 62.736 per node
    let a = line(&estimate, "module.east.aws_eks_node_group.pool[\"a\"]");
    assert_eq!(monthly(a), ("$62.74".into(), "$62.74".into(), 0));
    let b = line(&estimate, "module.east.aws_eks_node_group.pool[\"b\"]");
    assert_eq!(monthly(b), ("$125.47".into(), "$125.47".into(), 0));
    assert_eq!(b.scope.module_path, "module.east");
    let c = line(&estimate, "module.west.aws_eks_node_group.pool[\"c\"]");
    assert_eq!(c.scope.region.as_deref(), Some("us-west-2"));
    let Price::Unpriced { reason } = &c.components[0].price else { panic!("us-west-2 EC2 is not sourced") };
    assert!(reason.contains("us-west-2"), "{reason}");
    let dr = line(&estimate, "aws_eks_cluster.dr");
    assert_eq!(dr.scope.region.as_deref(), Some("us-west-2"));
    assert_eq!(monthly(dr).2, 1);
}

#[test]
fn without_a_provider_region_the_default_applies_and_without_one_nothing_is_guessed() {
    let main = "resource \"aws_eks_cluster\" \"main\" {\n  name = \"main\"\n}\n";
    let with_default = estimate_of(&[("main.tf", main)], Some("us-east-1"), "");
    assert_line(&with_default, "aws_eks_cluster.main", "$73.00", "$73.00", 0);
    let without = estimate_of(&[("main.tf", main)], None, "");
    let cluster = line(&without, "aws_eks_cluster.main");
    assert_eq!(cluster.scope.region, None);
    let Price::Unpriced { reason } = &cluster.components[0].price else { panic!("no region, no price") };
    assert!(reason.contains("[cost] region"), "{reason}");
}

#[test]
fn scope_carries_default_tags_and_lines_come_in_address_order() {
    let main = r#"provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { CostCenter = "platform" }
  }
}
resource "aws_nat_gateway" "b" {
  subnet_id = "s"
  tags      = { Name = "b" }
}
resource "aws_eks_cluster" "a" {
  name = "a"
}
resource "aws_nat_gateway" "a" {
  subnet_id = "s"
  tags      = { Name = "a", Owner = var.owner }
}
variable "owner" {
  type = string
}"#;
    let estimate = estimate_of(&[("main.tf", main)], None, "");
    let addresses: Vec<&str> = estimate.lines.iter().map(|l| l.address.as_str()).collect();
    assert_eq!(addresses, ["aws_eks_cluster.a", "aws_nat_gateway.a", "aws_nat_gateway.b"]);
    let b = line(&estimate, "aws_nat_gateway.b");
    let tags: Vec<(&str, &str)> = b.scope.tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(tags, [("CostCenter", "platform"), ("Name", "b")]);
    let a = line(&estimate, "aws_nat_gateway.a");
    assert!(!a.scope.tags.contains_key("Owner"), "an unknown tag value is left out");
}
