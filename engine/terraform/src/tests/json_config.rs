//! `.tf.json` files: the same resources as the HCL syntax, with spans and template semantics.

use super::support::*;
use tollgate_model::{Number, Resource, TfBlock, UnknownReason};

const STORAGE_JSON: &str = include_str!("../../tests/data/storage.tf.json");
const STORAGE_TF: &str = include_str!("../../tests/data/storage.tf");

/// Address, type, block kind and sorted (target, attribute) references of each resource.
type Summary = (String, String, TfBlock, Vec<(String, String)>);

fn summary(resources: &[Resource]) -> Vec<Summary> {
    let mut out: Vec<_> = resources
        .iter()
        .map(|r| {
            let mut refs: Vec<(String, String)> =
                r.references.iter().map(|x| (x.target.clone(), x.attribute.clone())).collect();
            refs.sort();
            (r.address.clone(), r.type_name.clone(), r.terraform().unwrap().block, refs)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn json_and_hcl_spellings_give_the_same_resources_and_references() {
    assert_eq!(summary(&tf_json(STORAGE_JSON)), summary(&tf(STORAGE_TF)));
}

#[test]
fn json_resources_span_from_their_name_to_their_closing_brace() {
    let resources = tf_json(STORAGE_JSON);
    let span = |address| {
        let r = find(&resources, address);
        (r.span.start.line, r.span.end.line)
    };
    assert_eq!(span("aws_kms_key.main"), (19, 19));
    assert_eq!(span("aws_s3_bucket.logs"), (22, 26));
    assert_eq!(span("aws_s3_bucket_server_side_encryption_configuration.logs"), (29, 37));
    assert_eq!(span("provider.aws"), (6, 6));
    assert_eq!(span("provider.aws.west"), (7, 7));
    assert_eq!(span("local.tags"), (15, 15));
    let sse = find(&resources, "aws_s3_bucket_server_side_encryption_configuration.logs");
    let key_id = sse.body.lookup(&["rule", "apply_server_side_encryption_by_default", "kms_master_key_id"]);
    // Known after apply; the unknown names the expression that makes it so.
    let unknown = key_id.value().unwrap().as_unknown().unwrap();
    assert_eq!((unknown.reason, unknown.source.as_str()), (UnknownReason::AfterApply, "aws_kms_key.main.arn"));
    assert_eq!(lines(key_id.value().unwrap()), (34, 34));
    let entry = sse.body.entry("bucket").unwrap();
    assert_eq!((entry.key_span.start.line, entry.key_span.start.col), (30, 9));
    assert_eq!(sse.references[0].span.start.line, 30);
}

#[test]
fn json_values_map_to_values() {
    let resources = tf_json(
        r#"{"resource": {"t_x": {"a": {
  "n": null, "t": true, "i": -3, "f": 2.5, "s": "plain",
  "escaped": "$${not} %%{this}",
  "interp": "${var.x}-a",
  "list": ["10.0.0.0/8", "${var.extra}"],
  "nested": [{"port": 443}, {"port": 80}],
  "//": "a comment"
}}}}"#,
    );
    let b = &resources[0].body;
    assert!(known(b, &["n"]).is_null());
    assert_eq!(known(b, &["t"]).as_bool(), Some(true));
    assert_eq!(known(b, &["i"]).as_number(), Some(Number::Int(-3)));
    assert_eq!(known(b, &["f"]).as_number(), Some(Number::Float(2.5)));
    assert_eq!(known(b, &["s"]).as_str(), Some("plain"));
    assert_eq!(known(b, &["escaped"]).as_str(), Some("${not} %{this}"));
    assert_eq!(unknown_source(b, &["interp"]), "${var.x}-a");
    let list = known(b, &["list"]).as_list().unwrap();
    assert_eq!(list[0].as_str(), Some("10.0.0.0/8"));
    assert!(list[1].is_unknown());
    let ports: Vec<i64> = known(b, &["nested"]).items().iter().filter_map(|i| known(i, &["port"]).as_i64()).collect();
    assert_eq!(ports, vec![443, 80]);
    assert!(b.get("//").is_absent());
}

#[test]
fn json_variable_defaults_are_literal_and_dynamic_blocks_unknown() {
    let resources = tf_json(
        r#"{
  "variable": {"v": {"default": "${not_a_template}", "description": "uses ${x}"}},
  "resource": {"aws_security_group": {"web": {
    "dynamic": {"ingress": {"for_each": "${var.rules}", "content": {"from_port": "${ingress.value.port}"}}}
  }}}
}"#,
    );
    let variable = find(&resources, "var.v");
    assert_eq!(known(&variable.body, &["default"]).as_str(), Some("${not_a_template}"));
    assert!(variable.references.is_empty());
    let sg = find(&resources, "aws_security_group.web");
    assert_eq!(unknown_source(&sg.body, &["ingress"]), "dynamic \"ingress\"");
    let targets: Vec<&str> = sg.references.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, vec!["var.rules"]);
}

#[test]
fn json_depends_on_names_blocks_without_interpolation() {
    let resources =
        tf_json(r#"{"resource": {"t_x": {"a": {"depends_on": ["aws_iam_role.r", "module.m"], "provider": "aws"}}}}"#);
    let mut targets: Vec<&str> = resources[0].references.iter().map(|r| r.target.as_str()).collect();
    targets.sort();
    assert_eq!(targets, vec!["aws_iam_role.r", "module.m", "provider.aws"]);
}

#[test]
fn json_structure_errors_point_at_the_offending_value() {
    let load = load(
        "bad.tf.json",
        "{\n  \"resource\": {\n    \"aws_s3_bucket\": \"oops\"\n  },\n  \"variable\": {\"ok\": {}}\n}\n",
    );
    assert_eq!(load.resources.len(), 1);
    assert_eq!(load.errors.len(), 1);
    assert_eq!((load.errors[0].line, load.errors[0].column), (3, 22));
    assert!(load.errors[0].message.contains("resource"), "{}", load.errors[0].message);

    let top = load_err("bad.tf.json", "[1, 2]");
    assert!(top.contains("top level"), "{top}");
}

#[test]
fn json_syntax_errors_have_line_and_column() {
    let load = load("bad.tf.json", "{\n  \"resource\": {\n    \"a\": 1,\n  }\n}\n");
    assert!(load.resources.is_empty());
    assert_eq!(load.errors.len(), 1);
    let error = &load.errors[0];
    assert_eq!((error.file.as_str(), error.line, error.column), ("bad.tf.json", 4, 3));
    assert!(error.message.contains("quoted object key"), "{}", error.message);
}

fn load_err(path: &str, text: &str) -> String {
    let load = load(path, text);
    assert_eq!(load.errors.len(), 1, "{:?}", load.errors);
    load.errors[0].message.clone()
}
