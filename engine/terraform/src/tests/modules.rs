//! Module trees: local and remote modules, instances, outputs, roots, environments.

use super::project_support::*;
use crate::{EnvironmentSettings, RootSettings, TerraformSettings};
use serde_json::json;
use tollgate_model::{NoticeKind, UnknownReason};

const VPC: &str = r#"variable "cidr" { type = string }
variable "name" { default = "vpc" }

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Name = var.name }
}

output "vpc_id" { value = aws_vpc.this.id }
output "cidr" { value = aws_vpc.this.cidr_block }
"#;

const NODES: &str = r#"variable "groups" { type = map(object({ size = optional(number, 2) })) }
variable "cluster" {}

resource "aws_eks_node_group" "this" {
  for_each     = var.groups
  cluster_name = var.cluster
  node_group   = each.key
  desired_size = each.value.size
}
"#;

#[test]
fn local_modules_load_recursively_with_full_addresses_and_outputs() {
    let dir = tree(&[
        (
            "envs/prod/main.tf",
            r#"module "vpc" {
  source = "../../modules/vpc"
  cidr   = "10.0.0.0/16"
}

module "eks" {
  source   = "../../modules/eks"
  for_each = { dev = "10.1.0.0/16", prod = "10.2.0.0/16" }
  cidr     = each.value
}

resource "aws_flow_log" "vpc" {
  vpc_id = module.vpc.vpc_id
  cidr   = module.vpc.cidr
  eks    = module.eks["dev"].cidr
}
"#,
        ),
        ("modules/vpc/main.tf", VPC),
        (
            "modules/eks/main.tf",
            r#"variable "cidr" {}

module "network" {
  source = "../vpc"
  cidr   = var.cidr
  name   = "eks"
}

module "nodes" {
  source  = "./nodes"
  cluster = "c-${var.cidr}"
  groups  = { apps = {}, system = { size = 3 } }
}

output "cidr" { value = module.network.cidr }
"#,
        ),
        ("modules/eks/nodes/main.tf", NODES),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(
        scan.addresses(),
        vec![
            "aws_flow_log.vpc",
            r#"module.eks["dev"].module.network.aws_vpc.this"#,
            r#"module.eks["dev"].module.nodes.aws_eks_node_group.this["apps"]"#,
            r#"module.eks["dev"].module.nodes.aws_eks_node_group.this["system"]"#,
            r#"module.eks["prod"].module.network.aws_vpc.this"#,
            r#"module.eks["prod"].module.nodes.aws_eks_node_group.this["apps"]"#,
            r#"module.eks["prod"].module.nodes.aws_eks_node_group.this["system"]"#,
            "module.vpc.aws_vpc.this",
        ],
        "modules are not roots of their own"
    );
    assert_eq!(scan.json("aws_flow_log.vpc", &["cidr"]), json!("10.0.0.0/16"));
    assert_eq!(scan.json("aws_flow_log.vpc", &["eks"]), json!("10.1.0.0/16"));
    let vpc_id = scan.value("aws_flow_log.vpc", &["vpc_id"]).as_unknown().unwrap();
    // The unknown names the module's resource, not a resource of the root.
    assert_eq!((vpc_id.reason, vpc_id.source.as_str()), (UnknownReason::AfterApply, "module.vpc.aws_vpc.this.id"));
    let group = r#"module.eks["prod"].module.nodes.aws_eks_node_group.this["system"]"#;
    assert_eq!(scan.json(group, &["desired_size"]), json!(3));
    assert_eq!(scan.json(group, &["cluster_name"]), json!("c-10.2.0.0/16"));
    let apps = r#"module.eks["dev"].module.nodes.aws_eks_node_group.this["apps"]"#;
    assert_eq!(scan.json(apps, &["desired_size"]), json!(2));
    // A resource in a module points at the module's own file and lines.
    let vpc = scan.get(r#"module.eks["dev"].module.network.aws_vpc.this"#);
    assert_eq!((scan.paths[vpc.span.file.0 as usize].as_str(), vpc.span.start.line), ("modules/vpc/main.tf", 4));
    assert_eq!(vpc.terraform().unwrap().module_path, r#"module.eks["dev"].module.network"#);
    assert_eq!(scan.json(r#"module.eks["dev"].module.network.aws_vpc.this"#, &["tags", "Name"]), json!("eks"));
    let cidr = scan.value("module.vpc.aws_vpc.this", &["cidr_block"]);
    assert_eq!(scan.location(cidr), ("modules/vpc/main.tf".to_string(), 5));
    assert!(scan.notices.is_empty(), "{:?}", scan.notices);
}

#[test]
fn remote_modules_come_from_modules_json_or_are_reported_once() {
    let dir = tree(&[
        (
            "main.tf",
            r#"module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  cidr    = "10.9.0.0/16"
}

module "missing" {
  source = "git::https://example.com/x.git"
  count  = 2
}

resource "aws_flow_log" "f" {
  cidr  = module.vpc.cidr
  other = module.missing[0].id
}
"#,
        ),
        (
            ".terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.0.0","Dir":".terraform/modules/vpc"}]}"#,
        ),
        (".terraform/modules/vpc/main.tf", VPC),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(scan.addresses(), vec!["aws_flow_log.f", "module.vpc.aws_vpc.this"]);
    assert_eq!(scan.json("aws_flow_log.f", &["cidr"]), json!("10.9.0.0/16"));
    let other = scan.value("aws_flow_log.f", &["other"]).as_unknown().unwrap();
    assert_eq!(other.reason, UnknownReason::UnresolvedModule);
    let notices = scan.notices(NoticeKind::UnresolvedModule);
    assert_eq!(notices.len(), 1, "{:?}", scan.notices);
    assert_eq!((notices[0].address.as_str(), notices[0].span.start.line), ("module.missing", 8));
    assert!(notices[0].message.contains("terraform init"), "{}", notices[0].message);
}

#[test]
fn a_module_calling_itself_stops_with_a_clear_error() {
    let dir = tree(&[
        ("main.tf", "module \"loop\" {\n  source = \"./m\"\n}\n"),
        ("m/main.tf", "module \"again\" {\n  source = \"./\"\n}\nresource \"t_r\" \"x\" {}\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let notices = scan.notices(NoticeKind::InvalidConfiguration);
    assert_eq!(notices.len(), 1, "{:?}", scan.notices);
    assert!(notices[0].message.contains("call itself"), "{}", notices[0].message);
}

#[test]
fn module_count_and_unknown_module_instances() {
    let dir = tree(&[
        (
            "main.tf",
            "variable \"n\" {}\nmodule \"a\" {\n  source = \"./m\"\n  count  = 2\n  name   = \"a${count.index}\"\n}\n\
             module \"b\" {\n  source = \"./m\"\n  count  = var.n\n  name   = \"b${count.index}\"\n}\n\
             module \"c\" {\n  source = \"./m\"\n  count  = 0\n  name = \"c\"\n}\n",
        ),
        ("m/main.tf", "variable \"name\" {}\nresource \"t_r\" \"x\" { name = var.name }\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(scan.addresses(), vec!["module.a[0].t_r.x", "module.a[1].t_r.x", "module.b.t_r.x"]);
    assert_eq!(scan.json("module.a[1].t_r.x", &["name"]), json!("a1"));
    assert!(scan.value("module.b.t_r.x", &["name"]).is_unknown());
    let notices = scan.notices(NoticeKind::UnknownInstances);
    assert_eq!(
        notices.iter().map(|n| (n.address.as_str(), n.span.start.line)).collect::<Vec<_>>(),
        vec![("module.b", 9)]
    );
}

#[test]
fn each_environment_is_evaluated_separately() {
    let dir = tree(&[
        ("infra/main.tf", "variable \"size\" { default = 1 }\nresource \"t_r\" \"x\" {\n  size = var.size\n}\n"),
        ("infra/env/prod.tfvars", "size = 10\n"),
        ("infra/env/staging.tfvars", "size = 2\n"),
        ("other/main.tf", "resource \"t_r\" \"y\" {}\n"),
    ]);
    let root = dir.path().join("infra");
    let environment = |name: &str| EnvironmentSettings {
        name: name.to_string(),
        var_files: vec![root.join(format!("env/{name}.tfvars"))],
        vars: Vec::new(),
    };
    let settings = TerraformSettings {
        roots: vec![RootSettings {
            path: root.clone(),
            environments: vec![environment("prod"), environment("staging")],
        }],
        ..TerraformSettings::default()
    };
    let scan = scan(dir.path(), settings);
    assert_eq!(scan.addresses(), vec!["prod: t_r.x", "staging: t_r.x", "t_r.y"]);
    let sizes: Vec<(Option<String>, serde_json::Value)> = scan
        .resources
        .iter()
        .filter(|r| r.address == "t_r.x")
        .map(|r| (r.terraform().unwrap().environment.clone(), r.body.get("size").value().unwrap().to_json()))
        .collect();
    assert_eq!(sizes, vec![(Some("prod".into()), json!(10)), (Some("staging".into()), json!(2))]);
}

#[test]
fn attributes_of_resources_passed_through_outputs_are_unknown_element_by_element() {
    let dir = tree(&[
        (
            "main.tf",
            r#"
module "m" {
  source = "./m"
}
resource "t_r" "x" {
  ids   = [for key, r in module.m.all : r.id]
  names = [for key, r in module.m.all : r.name]
}
"#,
        ),
        (
            "m/main.tf",
            r#"
resource "t_r" "y" {
  for_each = toset(["a", "b"])
  name     = each.key
}
output "all" { value = t_r.y }
"#,
        ),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let ids = scan.value("t_r.x", &["ids"]);
    assert_eq!(ids.as_list().map(|l| l.len()), Some(2), "{ids:?}");
    assert!(ids.as_list().unwrap_or_default().iter().all(|id| id.is_unknown()), "{ids:?}");
    assert_eq!(scan.json("t_r.x", &["names"]), json!(["a", "b"]));
}
