//! References recorded on resources, and the edges `link` makes of them.

use super::support::*;
use crate::link;
use tollgate_model::{EdgeKind, FileId, GraphBuilder, Resource, SourceFile, SourceMap};

/// `(target, attribute)` pairs of a resource's references.
fn refs(resource: &Resource) -> Vec<(&str, &str)> {
    resource.references.iter().map(|r| (r.target.as_str(), r.attribute.as_str())).collect()
}

#[test]
fn references_name_the_block_and_the_attribute_holding_them() {
    let resources = tf(include_str!("../../tests/data/storage.tf"));
    let sse = find(&resources, "aws_s3_bucket_server_side_encryption_configuration.logs");
    assert_eq!(
        refs(sse),
        vec![
            ("aws_s3_bucket.logs", "bucket"),
            ("aws_kms_key.main", "rule.apply_server_side_encryption_by_default.kms_master_key_id"),
        ]
    );
    let key_ref = &sse.references[1];
    assert_eq!((key_ref.span.start.line, key_ref.span.start.col, key_ref.span.end.col), (44, 27, 46));
    assert_eq!(
        refs(find(&resources, "aws_s3_bucket.logs")),
        vec![("provider.aws.west", "provider"), ("local.name", "bucket"), ("local.tags", "tags"),]
    );
    assert_eq!(refs(find(&resources, "local.name")), vec![("var.region", "value")]);
    assert_eq!(refs(find(&resources, "provider.aws")), vec![("var.region", "region")]);
    assert_eq!(
        refs(find(&resources, "data.aws_iam_policy_document.read")),
        vec![("aws_s3_bucket.logs", "statement.resources")]
    );
    assert_eq!(
        refs(find(&resources, "module.audit")),
        vec![("aws_s3_bucket.logs", "bucket"), ("provider.aws.west", "providers"),]
    );
}

#[test]
fn references_are_found_inside_every_kind_of_expression() {
    let resources = tf(r#"resource "t_x" "a" {
  call   = jsonencode({ k = data.aws_iam_policy_document.p.json })
  tpl    = "arn:${module.vpc.id}:%{ if local.on }${var.a}%{ else }${var.b}%{ endif }"
  cond   = var.c ? aws_kms_key.k.arn : null
  for    = { for k, v in var.m : k => v.id if v.on && local.keep }
  splat  = aws_instance.web[*].id
  index  = var.list[local.i]
  op     = -var.n + length(var.o)
  heredoc = <<EOT
${var.h}
EOT
  deps = [aws_iam_role.r]
}
"#);
    let mut targets: Vec<&str> = resources[0].references.iter().map(|r| r.target.as_str()).collect();
    targets.sort();
    assert_eq!(
        targets,
        vec![
            "aws_iam_role.r",
            "aws_instance.web",
            "aws_kms_key.k",
            "data.aws_iam_policy_document.p",
            "local.i",
            "local.keep",
            "local.on",
            "module.vpc",
            "var.a",
            "var.b",
            "var.c",
            "var.h",
            "var.list",
            "var.m",
            "var.n",
            "var.o",
        ]
    );
}

#[test]
fn local_names_and_special_roots_are_not_references() {
    let resources = tf(r#"resource "t_x" "a" {
  count    = length(var.n)
  name     = "${path.module}/${terraform.workspace}-${count.index}-${each.key}"
  list     = [for item in var.items : item.name]
  obj      = { for key, value in var.map : key => value.arn }
  tpl      = "%{ for rule in var.rules }${rule.port}%{ endfor }"
  eph      = ephemeral.random_password.p.result
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value.port
    }
  }
  dynamic "egress" {
    for_each = var.out
    iterator = rule
    content {
      to_port = rule.value.port
      cidr    = aws_vpc.main.cidr_block
    }
  }
  lifecycle {
    ignore_changes       = [tags.owner]
    replace_triggered_by = [aws_kms_key.k.id]
  }
  provisioner "local-exec" {
    command = "echo ${self.id}"
  }
}
"#);
    assert_eq!(
        refs(&resources[0]),
        vec![
            ("var.n", "count"),
            ("var.items", "list"),
            ("var.map", "obj"),
            ("var.rules", "tpl"),
            ("var.rules", "ingress"),
            ("var.out", "egress"),
            ("aws_vpc.main", "egress.cidr"),
            ("aws_kms_key.k", "lifecycle.replace_triggered_by"),
        ]
    );
}

#[test]
fn identical_references_are_recorded_once() {
    let resources = tf(r#"resource "t_x" "a" {
  name  = "${var.x}-${var.x}"
  other = var.x
}
"#);
    assert_eq!(refs(&resources[0]), vec![("var.x", "name"), ("var.x", "other")]);
}

fn graph_of(files: &[(&str, &str, &str)]) -> tollgate_model::Graph {
    let mut sources = SourceMap::new();
    let mut resources = Vec::new();
    for (i, (dir, path, text)) in files.iter().enumerate() {
        let id = sources.add(*path, *text);
        assert_eq!(id, FileId(i as u32));
        let source = SourceFile { path: path.to_string(), text: (*text).into() };
        let load = crate::parse_file(id, &source, dir);
        assert!(load.errors.is_empty(), "{:?}", load.errors);
        resources.extend(load.resources);
    }
    let mut builder = GraphBuilder::new(resources);
    link(&mut builder);
    builder.build(sources)
}

#[test]
fn link_connects_references_within_the_same_module_only() {
    let graph = graph_of(&[
        (".", "main.tf", "resource \"aws_kms_key\" \"k\" {}\nresource \"aws_ebs_volume\" \"v\" {\n  kms_key_id = aws_kms_key.k.arn\n  size = var.size\n}\n"),
        (".", "vars.tf.json", r#"{"variable": {"size": {"default": 8}}}"#),
        ("modules/disk", "modules/disk/main.tf", "resource \"aws_kms_key\" \"k\" {}\nresource \"aws_ebs_volume\" \"v\" {\n  size = 1\n}\n"),
    ]);
    let by_address = |address: &str, dir: &str| {
        graph
            .resources()
            .find(|(_, r)| r.address == address && r.terraform().unwrap().module_dir == dir)
            .map(|(id, _)| id)
            .unwrap()
    };
    let volume = by_address("aws_ebs_volume.v", ".");
    let targets: Vec<(&str, &str, &str)> = graph
        .edges_from(volume)
        .map(|e| {
            let to = graph.resource(e.to);
            (to.address.as_str(), to.terraform().unwrap().module_dir.as_str(), e.via.as_str())
        })
        .collect();
    assert_eq!(targets, vec![("aws_kms_key.k", ".", "kms_key_id"), ("var.size", ".", "size")]);
    assert!(graph.edges().iter().all(|e| e.kind == EdgeKind::Reference));
    let other_key = by_address("aws_kms_key.k", "modules/disk");
    assert_eq!(graph.incoming(other_key, EdgeKind::Reference).count(), 0);
    assert_eq!(graph.incoming(by_address("aws_kms_key.k", "."), EdgeKind::Reference).count(), 1);
}

#[test]
fn link_reaches_every_block_sharing_a_duplicated_address() {
    let graph = graph_of(&[(
        ".",
        "main.tf",
        "variable \"x\" {}\nvariable \"x\" {}\noutput \"o\" {\n  value = var.x\n}\nresource \"t_y\" \"missing\" {\n  a = var.nope\n}\n",
    )]);
    let output = graph.resources().find(|(_, r)| r.address == "output.o").unwrap().0;
    assert_eq!(graph.outgoing(output, EdgeKind::Reference).count(), 2);
    // References to blocks outside the scan make no edge.
    assert_eq!(graph.edges().len(), 2);
}
