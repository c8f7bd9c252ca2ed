//! `.tf` blocks: which become resources, their addresses, spans and body shape.

use super::support::*;
use tollgate_model::{TfBlock, ValueKind};

const STORAGE: &str = include_str!("../../tests/data/storage.tf");

#[test]
fn every_resource_like_block_becomes_a_resource_with_its_address() {
    let resources = tf(STORAGE);
    let found: Vec<(&str, &str, &str, TfBlock)> = resources
        .iter()
        .map(|r| (r.address.as_str(), r.type_name.as_str(), r.name.as_str(), r.terraform().unwrap().block))
        .collect();
    assert_eq!(
        found,
        vec![
            ("provider.aws", "provider", "aws", TfBlock::Provider),
            ("provider.aws.west", "provider", "aws", TfBlock::Provider),
            ("var.region", "variable", "region", TfBlock::Variable),
            ("local.name", "locals", "name", TfBlock::Locals),
            ("local.tags", "locals", "tags", TfBlock::Locals),
            ("aws_kms_key.main", "aws_kms_key", "main", TfBlock::Resource),
            ("aws_s3_bucket.logs", "aws_s3_bucket", "logs", TfBlock::Resource),
            (
                "aws_s3_bucket_server_side_encryption_configuration.logs",
                "aws_s3_bucket_server_side_encryption_configuration",
                "logs",
                TfBlock::Resource
            ),
            ("data.aws_iam_policy_document.read", "aws_iam_policy_document", "read", TfBlock::Data),
            ("module.audit", "module", "audit", TfBlock::Module),
            ("output.bucket_arn", "output", "bucket_arn", TfBlock::Output),
        ]
    );
    assert!(resources.iter().all(|r| r.terraform().unwrap().module_dir == "."));
}

#[test]
fn block_spans_run_from_header_to_closing_brace() {
    let resources = tf(STORAGE);
    let span = |address| {
        let r = find(&resources, address);
        (r.span.start.line, r.span.end.line)
    };
    assert_eq!(span("provider.aws.west"), (10, 13));
    assert_eq!(span("aws_kms_key.main"), (27, 30));
    assert_eq!(span("aws_s3_bucket_server_side_encryption_configuration.logs"), (38, 47));
    assert_eq!(span("output.bucket_arn"), (64, 66));
    // One resource per local value, spanning that value.
    assert_eq!(span("local.name"), (21, 21));
    assert_eq!(span("local.tags"), (22, 24));
    let tags = find(&resources, "local.tags");
    assert_eq!(known(&tags.body, &["value", "team"]).as_str(), Some("platform"));
}

#[test]
fn attributes_carry_the_span_of_their_expression_and_key() {
    let resources = tf(STORAGE);
    let key = find(&resources, "aws_kms_key.main");
    let rotation = key.body.entry("enable_key_rotation").unwrap();
    assert_eq!(rotation.value.as_bool(), Some(true));
    assert_eq!((rotation.key_span.start.line, rotation.key_span.start.col), (29, 3));
    assert_eq!((rotation.value.span.start.line, rotation.value.span.start.col), (29, 25));
    assert_eq!((rotation.value.span.end.line, rotation.value.span.end.col), (29, 28));
    assert_eq!(lines(&key.body), (27, 30));
}

#[test]
fn nested_blocks_are_lists_of_maps_spanning_each_block() {
    let resources = tf(STORAGE);
    let sse = find(&resources, "aws_s3_bucket_server_side_encryption_configuration.logs");
    let rules = known(&sse.body, &["rule"]);
    assert_eq!(rules.items().len(), 1);
    assert!(matches!(rules.kind, ValueKind::List(_)));
    assert_eq!(lines(&rules.items()[0]), (41, 46));
    let defaults = known(&rules.items()[0], &["apply_server_side_encryption_by_default"]);
    assert_eq!(lines(&defaults.items()[0]), (42, 45));
    assert_eq!(known(&defaults.items()[0], &["sse_algorithm"]).as_str(), Some("aws:kms"));
    let key_id = &defaults.items()[0];
    assert_eq!(unknown_source(key_id, &["kms_master_key_id"]), "aws_kms_key.main.arn");
    assert_eq!(lines(key_id.get("kms_master_key_id").value().unwrap()), (44, 44));
}

#[test]
fn repeated_nested_blocks_collect_in_order() {
    let resources = tf(r#"resource "aws_security_group" "web" {
  ingress {
    from_port = 443
  }
  egress {
    from_port = 0
  }
  ingress {
    from_port = 80
  }
}
"#);
    let ingress = known(&resources[0].body, &["ingress"]);
    let ports: Vec<i64> = ingress.items().iter().filter_map(|i| known(i, &["from_port"]).as_i64()).collect();
    assert_eq!(ports, vec![443, 80]);
    assert_eq!(lines(ingress), (2, 10));
    assert_eq!(lines(&ingress.items()[1]), (8, 10));
    let keys: Vec<&str> = resources[0].body.as_map().unwrap().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, vec!["ingress", "egress"]);
}

#[test]
fn labeled_nested_blocks_keep_their_label() {
    let resources = tf(r#"resource "aws_instance" "web" {
  provisioner "local-exec" {
    command = "echo hi"
  }
}
"#);
    let provisioner = &known(&resources[0].body, &["provisioner"]).items()[0];
    assert_eq!(known(provisioner, &["__label__"]).as_str(), Some("local-exec"));
    assert_eq!(known(provisioner, &["command"]).as_str(), Some("echo hi"));
}

#[test]
fn dynamic_blocks_are_unknown_never_absent() {
    let resources = tf(r#"resource "aws_security_group" "web" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value.port
    }
  }
}

resource "aws_security_group" "mixed" {
  egress {
    from_port = 0
  }
  dynamic "egress" {
    for_each = var.extra
    content {}
  }
}
"#);
    assert_eq!(unknown_source(&resources[0].body, &["ingress"]), "dynamic \"ingress\"");
    assert_eq!(lines(resources[0].body.get("ingress").value().unwrap()), (2, 7));
    let egress = known(&resources[1].body, &["egress"]);
    assert_eq!(egress.items().len(), 2);
    assert!(!egress.items()[0].is_unknown());
    assert!(egress.items()[1].is_unknown());
    assert!(egress.items()[1].get("from_port").is_unknown());
}

#[test]
fn other_top_level_blocks_are_ignored_quietly() {
    let load = load(
        "main.tf",
        r#"terraform {
  backend "s3" {}
}
moved {
  from = aws_s3_bucket.a
  to   = aws_s3_bucket.b
}
import {
  to = aws_s3_bucket.b
  id = "b"
}
check "health" {
  data "http" "site" {
    url = "https://example.com"
  }
}
removed {
  from = aws_s3_bucket.c
}
"#,
    );
    assert!(load.resources.is_empty());
    assert!(load.errors.is_empty());
}

#[test]
fn duplicate_addresses_are_both_kept() {
    let resources = tf("resource \"aws_s3_bucket\" \"a\" {}\nresource \"aws_s3_bucket\" \"a\" {\n}\n");
    assert_eq!(resources.len(), 2);
    assert_eq!(lines(&resources[1].body), (2, 3));
}

#[test]
fn blocks_with_wrong_labels_are_errors_at_their_line() {
    let load =
        load("bad.tf", "\n\nresource \"aws_s3_bucket\" {\n}\nvariable {}\nresource \"aws_s3_bucket\" \"ok\" {}\n");
    assert_eq!(load.resources.len(), 1);
    let at: Vec<(u32, u32)> = load.errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(at, vec![(3, 1), (5, 1)]);
    assert!(load.errors[0].message.contains("needs 2"), "{}", load.errors[0].message);
    assert!(load.errors.iter().all(|e| e.file == "bad.tf"));
}

#[test]
fn provider_alias_must_be_literal_to_name_the_block() {
    let resources = tf("provider \"aws\" {\n  alias = var.alias\n}\n");
    assert_eq!(resources[0].address, "provider.aws");
    assert!(resources[0].body.get("alias").is_unknown());
}
