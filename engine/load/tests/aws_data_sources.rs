//! The AWS data sources whose result follows from the configuration, evaluated through the
//! whole loader: references to them resolve, and what they cannot know stays unknown, read by
//! the AWS provider during plan.

use serde_json::json;
use std::fs;
use std::path::Path;
use tollgate_load::{load, LoadOptions};
use tollgate_model::Graph;

fn graph(files: &[(&str, &str)]) -> Graph {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    load_graph(dir.path())
}

fn load_graph(root: &Path) -> Graph {
    let loaded = load(&LoadOptions::new(vec![root.to_path_buf()])).unwrap();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.graph
}

/// The value at `path` of `address` as JSON (`{"__unknown__": ...}` when unknown).
fn json_at(graph: &Graph, address: &str, path: &[&str]) -> serde_json::Value {
    let (_, resource) = graph.resources().find(|(_, r)| r.address == address).unwrap_or_else(|| panic!("{address}"));
    resource.body.lookup(path).value().unwrap_or_else(|| panic!("{address} {path:?}")).to_json()
}

const MODULE: &str = r#"data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_default_tags" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-${data.aws_region.current.name}"
  arn    = "arn:${data.aws_partition.current.partition}:s3:::logs"
  suffix = data.aws_partition.current.dns_suffix
  dns    = data.aws_partition.current.reverse_dns_prefix
  team   = data.aws_default_tags.current.tags["team"]
  owner  = data.aws_caller_identity.current.account_id
  where  = data.aws_region.current.description
}
"#;

#[test]
fn region_partition_and_default_tags_follow_from_the_provider_configuration() {
    let graph = graph(&[
        (
            "main.tf",
            r#"provider "aws" {
  region = "cn-north-1"
  default_tags {
    tags = { team = "platform" }
  }
}

module "logs" {
  source = "./logs"
}
"#,
        ),
        ("logs/main.tf", MODULE),
    ]);
    let bucket = "module.logs.aws_s3_bucket.logs";
    assert_eq!(json_at(&graph, bucket, &["bucket"]), json!("logs-cn-north-1"));
    assert_eq!(json_at(&graph, bucket, &["arn"]), json!("arn:aws-cn:s3:::logs"));
    assert_eq!(json_at(&graph, bucket, &["suffix"]), json!("amazonaws.com.cn"));
    assert_eq!(json_at(&graph, bucket, &["dns"]), json!("cn.com.amazonaws"));
    assert_eq!(json_at(&graph, bucket, &["team"]), json!("platform"));
    // What only AWS knows stays unknown, read by the provider during plan, named in its module.
    let read = |source: &str| json!({"__unknown__": "read-during-plan", "source": source, "provider": "aws"});
    let owner = "module.logs.data.aws_caller_identity.current.account_id";
    assert_eq!(json_at(&graph, bucket, &["owner"]), read(owner));
    assert_eq!(json_at(&graph, bucket, &["where"]), read("module.logs.data.aws_region.current.description"));
}

#[test]
fn an_aliased_provider_passed_to_a_module_gives_its_region() {
    let graph = graph(&[
        (
            "main.tf",
            r#"provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "gov"
  region = "us-gov-west-1"
}

module "logs" {
  source    = "./logs"
  providers = { aws = aws.gov }
}

data "aws_region" "named" {
  name = "eu-central-1"
}

data "aws_arn" "role" {
  arn = "arn:aws:iam::123456789012:role/path/deploy"
}

resource "aws_s3_bucket" "root" {
  bucket   = "root-${data.aws_region.named.id}"
  account  = data.aws_arn.role.account
  resource = data.aws_arn.role.resource
}
"#,
        ),
        ("logs/main.tf", MODULE),
    ]);
    let bucket = "module.logs.aws_s3_bucket.logs";
    assert_eq!(json_at(&graph, bucket, &["bucket"]), json!("logs-us-gov-west-1"));
    assert_eq!(json_at(&graph, bucket, &["arn"]), json!("arn:aws-us-gov:s3:::logs"));
    // A provider block without default_tags has none.
    assert_eq!(json_at(&graph, "module.logs.data.aws_default_tags.current", &["tags"]), json!({}));
    assert_eq!(json_at(&graph, "aws_s3_bucket.root", &["bucket"]), json!("root-eu-central-1"));
    assert_eq!(json_at(&graph, "aws_s3_bucket.root", &["account"]), json!("123456789012"));
    assert_eq!(json_at(&graph, "aws_s3_bucket.root", &["resource"]), json!("role/path/deploy"));
}

#[test]
fn a_region_the_configuration_does_not_give_is_not_guessed() {
    let graph = graph(&[
        ("main.tf", "variable \"region\" {}\n\nprovider \"aws\" {\n  region = var.region\n}\n\nmodule \"logs\" {\n  source = \"./logs\"\n}\n"),
        ("logs/main.tf", MODULE),
        ("alone/main.tf", MODULE),
    ]);
    // An unset variable: unknown because of it.
    let unset = json!({"__unknown__": "unset-variable", "source": "var.region"});
    assert_eq!(json_at(&graph, "module.logs.aws_s3_bucket.logs", &["arn"]), unset);
    // No provider block: the provider takes the region from its environment, during plan.
    let read =
        json!({"__unknown__": "read-during-plan", "source": "data.aws_partition.current.partition", "provider": "aws"});
    assert_eq!(json_at(&graph, "aws_s3_bucket.logs", &["arn"]), read);
}
