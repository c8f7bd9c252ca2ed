//! count, for_each and dynamic blocks; references to other blocks; edges between instances.

use super::project_support::*;
use crate::TerraformSettings;
use serde_json::json;
use tollgate_model::{NoticeKind, UnknownReason};

fn run(text: &str) -> Scan {
    let dir = tree(&[("main.tf", text)]);
    scan(dir.path(), TerraformSettings::default())
}

#[test]
fn count_and_for_each_make_instances_with_terraform_addresses() {
    let scan = run(r#"
variable "users" { default = ["bob", "alice"] }
variable "buckets" { default = { logs = "eu-west-1", "a b" = "us-east-1" } }
resource "aws_instance" "web" {
  count = 2
  name  = "web-${count.index}"
}
resource "aws_iam_user" "u" {
  for_each = toset(var.users)
  name     = each.key
  same     = each.value
}
resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = "${each.key}-${each.value}"
}
resource "aws_instance" "none" {
  count = 0
}
"#);
    assert_eq!(
        scan.addresses(),
        vec![
            r#"aws_iam_user.u["alice"]"#,
            r#"aws_iam_user.u["bob"]"#,
            "aws_instance.web[0]",
            "aws_instance.web[1]",
            r#"aws_s3_bucket.b["a b"]"#,
            r#"aws_s3_bucket.b["logs"]"#,
        ]
    );
    assert_eq!(scan.json("aws_instance.web[1]", &["name"]), json!("web-1"));
    assert_eq!(scan.json(r#"aws_iam_user.u["alice"]"#, &["same"]), json!("alice"));
    assert_eq!(scan.json(r#"aws_s3_bucket.b["logs"]"#, &["bucket"]), json!("logs-eu-west-1"));
    assert!(scan.notices.is_empty(), "{:?}", scan.notices);
}

#[test]
fn unknown_count_keeps_one_resource_and_says_so() {
    let scan = run(r#"
variable "n" {}
resource "aws_instance" "web" {
  count = var.n
  name  = "web-${count.index}"
  ami   = "ami-1"
}
"#);
    assert_eq!(scan.addresses(), vec!["aws_instance.web"]);
    assert_eq!(scan.json("aws_instance.web", &["ami"]), json!("ami-1"));
    let name = scan.value("aws_instance.web", &["name"]).as_unknown().unwrap();
    assert_eq!(name.reason, UnknownReason::UnsetVariable);
    let notices = scan.notices(NoticeKind::UnknownInstances);
    assert_eq!(notices.len(), 1);
    assert_eq!((notices[0].address.as_str(), notices[0].span.start.line), ("aws_instance.web", 4));
    assert!(notices[0].message.contains("var.n"), "{}", notices[0].message);
}

#[test]
fn invalid_count_is_a_configuration_error() {
    let scan = run("resource \"t_r\" \"x\" {\n  count = -1\n}\nresource \"t_r\" \"y\" {\n  for_each = [1, 2]\n}\n");
    let notices = scan.notices(NoticeKind::InvalidConfiguration);
    assert_eq!(notices.iter().map(|n| n.span.start.line).collect::<Vec<_>>(), vec![2, 5]);
}

#[test]
fn references_see_configured_attributes_and_unknowns_after_apply() {
    let scan = run(r#"
resource "aws_s3_bucket" "b" {
  count  = 2
  bucket = "logs-${count.index}"
}
data "aws_caller_identity" "me" {}
data "test_document" "doc" {
  statement = "allow"
}
resource "aws_s3_bucket_public_access_block" "p" {
  bucket      = aws_s3_bucket.b[1].bucket
  id_later    = aws_s3_bucket.b[0].id
  account     = data.aws_caller_identity.me.account_id
  all         = aws_s3_bucket.b[*].bucket
  rendered    = data.test_document.doc.rendered
  block_public_acls = true
}
"#);
    let pab = "aws_s3_bucket_public_access_block.p";
    assert_eq!(scan.json(pab, &["bucket"]), json!("logs-1"));
    assert_eq!(scan.json(pab, &["all"]), json!(["logs-0", "logs-1"]));
    assert_eq!(scan.value(pab, &["id_later"]).as_unknown().unwrap().reason, UnknownReason::AfterApply);
    assert_eq!(scan.value(pab, &["account"]).as_unknown().unwrap().reason, UnknownReason::ReadDuringPlan);
    assert_eq!(scan.json(pab, &["rendered"]), json!("{\"statement\":\"allow\"}"));
    // Edges go to the instance the index names; a splat reaches every instance.
    let edges: Vec<(&str, &str)> =
        scan.edges.iter().filter(|(from, _, _)| from == pab).map(|(_, to, via)| (to.as_str(), via.as_str())).collect();
    assert!(edges.contains(&("aws_s3_bucket.b[1]", "bucket")), "{edges:?}");
    assert!(!edges.contains(&("aws_s3_bucket.b[0]", "bucket")), "{edges:?}");
    assert!(edges.contains(&("aws_s3_bucket.b[0]", "all")) && edges.contains(&("aws_s3_bucket.b[1]", "all")));
    assert!(edges.contains(&("data.aws_caller_identity.me", "account")));
}

#[test]
fn for_each_instances_reference_their_own_counterpart() {
    let scan = run(r#"
resource "aws_s3_bucket" "b" {
  for_each = toset(["x", "y"])
  bucket   = each.key
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = aws_s3_bucket.b
  bucket   = aws_s3_bucket.b[each.key].id
  name     = each.value.bucket
}
"#);
    assert_eq!(scan.json(r#"aws_s3_bucket_versioning.v["y"]"#, &["name"]), json!("y"));
    let targets: Vec<&str> = scan
        .edges
        .iter()
        .filter(|(from, _, via)| from == r#"aws_s3_bucket_versioning.v["y"]"# && via == "bucket")
        .map(|(_, to, _)| to.as_str())
        .collect();
    assert_eq!(targets, vec![r#"aws_s3_bucket.b["y"]"#]);
}

#[test]
fn dynamic_blocks_expand_with_iterators_and_nesting() {
    let scan = run(r#"
variable "rules" {
  default = [
    { port = 22, cidrs = ["10.0.0.0/8"] },
    { port = 443, cidrs = ["0.0.0.0/0", "::/0"] },
  ]
}
variable "later" {}
resource "aws_security_group" "sg" {
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port = rule.value.port
      index     = rule.key
      dynamic "source" {
        for_each = rule.value.cidrs
        content {
          cidr = source.value
        }
      }
    }
  }
  dynamic "egress" {
    for_each = var.later
    content {
      port = egress.value
    }
  }
}
"#);
    let sg = "aws_security_group.sg";
    assert_eq!(
        scan.json(sg, &["ingress"]),
        json!([
            {"from_port": 80},
            {"from_port": 22, "index": 0, "source": [{"cidr": "10.0.0.0/8"}]},
            {"from_port": 443, "index": 1, "source": [{"cidr": "0.0.0.0/0"}, {"cidr": "::/0"}]},
        ])
    );
    let egress = scan.value(sg, &["egress"]).as_unknown().unwrap();
    assert_eq!((egress.reason, egress.source.as_str()), (UnknownReason::UnsetVariable, "dynamic \"egress\""));
}

#[test]
fn json_syntax_expands_the_same_way() {
    let dir = tree(&[(
        "main.tf.json",
        r#"{
  "variable": {"names": {"default": ["a", "b"]}},
  "resource": {"t_r": {"x": {
    "for_each": "${toset(var.names)}",
    "name": "n-${each.key}",
    "dynamic": {"rule": {"for_each": "${var.names}", "content": {"v": "${rule.value}"}}}
  }}}
}"#,
    )]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(scan.addresses(), vec![r#"t_r.x["a"]"#, r#"t_r.x["b"]"#]);
    assert_eq!(scan.json(r#"t_r.x["b"]"#, &["name"]), json!("n-b"));
    assert_eq!(scan.json(r#"t_r.x["b"]"#, &["rule"]), json!([{"v": "a"}, {"v": "b"}]));
}

#[test]
fn names_a_for_binds_from_resources_answer_computed_attributes_as_unknown() {
    let scan = run(r#"
resource "terraform_data" "x" {
  for_each = toset(["a", "b"])
  input    = each.key
}
resource "terraform_data" "uses" {
  input = {
    ids    = { for key, r in terraform_data.x : key => r.id }
    inputs = [for r in terraform_data.x : r.input]
    text   = "%{ for r in terraform_data.x }${r.input}%{ endfor }"
  }
}
"#);
    let ids = scan.value("terraform_data.uses", &["input", "ids"]);
    for key in ["a", "b"] {
        let id = ids.get(key).value().and_then(|v| v.as_unknown()).map(|u| u.reason);
        assert_eq!(id, Some(UnknownReason::AfterApply), "ids[{key}] of {ids:?}");
    }
    assert_eq!(scan.json("terraform_data.uses", &["input", "inputs"]), json!(["a", "b"]));
    assert_eq!(scan.json("terraform_data.uses", &["input", "text"]), json!("ab"));
}
