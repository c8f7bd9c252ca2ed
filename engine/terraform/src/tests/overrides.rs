//! Override files fold into the blocks they override.

use super::support::{find, known};
use crate::{is_override_file, merge_overrides, parse_file};
use tollgate_model::{FileId, Resource, SourceFile};

/// Parses `files` (path, text) as files of one module, in the order given, then merges overrides.
fn merged(files: &[(&str, &str)]) -> (Vec<Resource>, Vec<tollgate_model::LoadError>) {
    let mut resources = Vec::new();
    for (i, (path, text)) in files.iter().enumerate() {
        let source = SourceFile { path: path.to_string(), text: (*text).into() };
        let load = parse_file(FileId(i as u32), &source, ".");
        assert!(load.errors.is_empty(), "{path}: {:?}", load.errors);
        resources.extend(load.resources);
    }
    let is_override = |file: FileId| is_override_file(files[file.0 as usize].0);
    merge_overrides(resources, is_override, |file| files[file.0 as usize].0.to_string())
}

#[test]
fn override_file_names_follow_terraform() {
    for path in ["override.tf", "dev/main_override.tf", "override.tf.json", "x_override.tf.json"] {
        assert!(is_override_file(path), "{path}");
    }
    for path in ["main.tf", "overrides.tf", "override.yaml", "my-override.tf", "override/main.tf"] {
        assert!(!is_override_file(path), "{path}");
    }
}

const BASE: &str = r#"resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.office]
  }
  lifecycle {
    create_before_destroy = true
    prevent_destroy       = true
  }
}
resource "aws_ebs_volume" "data" {
  size      = 10
  encrypted = false
  kms_key_id = aws_kms_key.old.arn
}
"#;

const OVERRIDE: &str = r#"resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
  lifecycle {
    prevent_destroy = false
  }
}
resource "aws_ebs_volume" "data" {
  encrypted  = true
  kms_key_id = aws_kms_key.new.arn
}
"#;

#[test]
fn override_attributes_and_block_types_replace_the_originals() {
    let (resources, errors) = merged(&[("main.tf", BASE), ("main_override.tf", OVERRIDE)]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(resources.len(), 2, "override blocks are not resources of their own");

    let volume = find(&resources, "aws_ebs_volume.data");
    assert_eq!(known(&volume.body, &["encrypted"]).as_bool(), Some(true));
    assert_eq!(known(&volume.body, &["size"]).as_i64(), Some(10));
    // The value comes from the override file, and its span says so.
    assert_eq!(volume.body.entry("encrypted").unwrap().value.span.file, FileId(1));
    assert_eq!(volume.span.file, FileId(0), "the block itself stays where it was declared");
    let targets: Vec<&str> = volume.references.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, vec!["aws_kms_key.new"]);

    let group = find(&resources, "aws_security_group.web");
    let ingress = group.body.get("ingress").known().unwrap().items();
    assert_eq!(ingress.len(), 1, "all `ingress` blocks are replaced by the override's");
    assert_eq!(known(&ingress[0], &["from_port"]).as_i64(), Some(443));
    assert!(group.references.iter().all(|r| r.target != "var.office"));
    let lifecycle = &group.body.get("lifecycle").known().unwrap().items()[0];
    assert_eq!(known(lifecycle, &["prevent_destroy"]).as_bool(), Some(false));
    assert_eq!(known(lifecycle, &["create_before_destroy"]).as_bool(), Some(true), "lifecycle merges per argument");
}

#[test]
fn later_overrides_win_and_json_overrides_apply_too() {
    let json = r#"{"resource": {"aws_ebs_volume": {"data": {"encrypted": false}}}}"#;
    let files = [("main.tf", BASE), ("a_override.tf", OVERRIDE), ("b_override.tf.json", json)];
    let (resources, errors) = merged(&files);
    assert!(errors.is_empty(), "{errors:?}");
    let volume = find(&resources, "aws_ebs_volume.data");
    assert_eq!(known(&volume.body, &["encrypted"]).as_bool(), Some(false));
    assert_eq!(volume.body.entry("encrypted").unwrap().value.span.file, FileId(2));
}

#[test]
fn an_override_with_nothing_to_override_is_an_error_and_dropped() {
    let lone = "\nresource \"aws_s3_bucket\" \"ghost\" {\n  bucket = \"x\"\n}\n";
    let (resources, errors) = merged(&[("main.tf", BASE), ("override.tf", lone)]);
    assert_eq!(resources.len(), 2);
    assert!(resources.iter().all(|r| r.address != "aws_s3_bucket.ghost"));
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].file.as_str(), errors[0].line, errors[0].column), ("override.tf", 2, 1));
    assert!(errors[0].message.contains("nothing to override"), "{}", errors[0].message);
}
