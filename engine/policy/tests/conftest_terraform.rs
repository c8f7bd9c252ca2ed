//! Conftest file mode over Terraform: plan JSON checks in the style of OPA's Terraform gating
//! tutorial and Atlantis policy checks (blast radius from create/delete counts, no IAM
//! deletions), HCL as Conftest's HCL 2 parser shapes it, a JSON file whose top level is an array (each element
//! is one input), and `--combine`.

mod support;

use support::*;
use tollgate_policy::{evaluate, PolicyOptions};

const PLAN: &str = r#"{
  "format_version": "1.2",
  "terraform_version": "1.9.0",
  "resource_changes": [
    {"address": "aws_instance.web", "type": "aws_instance", "name": "web",
     "change": {"actions": ["create"], "after": {"instance_type": "t3.micro"}}},
    {"address": "aws_autoscaling_group.workers", "type": "aws_autoscaling_group", "name": "workers",
     "change": {"actions": ["delete"], "after": null}},
    {"address": "aws_iam_role.deploy", "type": "aws_iam_role", "name": "deploy",
     "change": {"actions": ["delete"], "after": null}},
    {"address": "aws_s3_bucket.logs", "type": "aws_s3_bucket", "name": "logs",
     "change": {"actions": ["no-op"], "after": {"bucket": "shop-logs"}}}
  ]
}
"#;

/// Gate a plan on its blast radius: weighted counts of deletions, creations and updates.
const GATE: &str = r#"package terraform.gate

import rego.v1

blast_radius := 30

weights := {
	"aws_autoscaling_group": {"delete": 100, "create": 10, "update": 1},
	"aws_instance": {"delete": 10, "create": 1, "update": 1},
}

changes(type, action) := count([rc |
	some rc in input.resource_changes
	rc.type == type
	action in rc.change.actions
])

score := sum([s |
	some type, w in weights
	some action, weight in w
	s := changes(type, action) * weight
])

deny contains msg if {
	score > blast_radius
	msg := sprintf("plan blast radius %d exceeds %d: split the change into smaller plans", [score, blast_radius])
}

deny_iam_delete contains {"msg": msg, "change": rc.address} if {
	some rc in input.resource_changes
	rc.type == "aws_iam_role"
	"delete" in rc.change.actions
	msg := sprintf("%s would be deleted: IAM roles are removed by the platform team only", [rc.address])
}

warn_creates contains msg if {
	creates := count([rc | some rc in input.resource_changes; "create" in rc.change.actions])
	creates > 0
	msg := sprintf("plan creates %d resources: check the cost estimate", [creates])
}
"#;

const MAIN_TF: &str =
    "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"shop-logs\"\n  acl    = \"public-read\"\n}\n";
const HCL_POLICY: &str = r#"package main

import rego.v1

deny contains {"msg": msg, "resource": sprintf("aws_s3_bucket.%s", [name])} if {
	some name, body in input.resource.aws_s3_bucket
	body.acl == "public-read"
	msg := sprintf("bucket %s is public-read: remove the acl and use a bucket policy", [name])
}
"#;

const USERS: &str = r#"[
  {"name": "ana", "admin": true},
  {"name": "bo", "admin": false}
]
"#;

const USERS_POLICY: &str = r#"package users

import rego.v1

deny contains msg if {
	input.admin == true
	msg := sprintf("user %s is an administrator: grant a narrower role", [input.name])
}
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), "inputs/plan/tfplan.json", PLAN);
    write(dir.path(), "inputs/tf/main.tf", MAIN_TF);
    write(dir.path(), "inputs/users/users.json", USERS);
    dir
}

fn evaluate_with(dir: &std::path::Path, files: &[(&str, &str)], options: PolicyOptions) -> Vec<String> {
    let graph = graph(dir);
    let (set, errors) = policies(dir, files, options);
    assert!(errors.is_empty(), "{errors:?}");
    let outcome = evaluate(&graph, &set);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    findings(&outcome)
}

#[test]
fn plan_gate_counts_creates_and_deletes_and_refuses_iam_deletions() {
    let dir = setup();
    let options = PolicyOptions { namespaces: vec!["terraform.gate".into()], ..PolicyOptions::default() };
    let findings = evaluate_with(dir.path(), &[("gate.rego", GATE)], options);
    assert_eq!(
        findings,
        vec![
            "terraform.gate.deny high fail inputs/plan/tfplan.json inputs/plan/tfplan.json:1-14 \
             plan blast radius 101 exceeds 30: split the change into smaller plans",
            "terraform.gate.deny_iam_delete high fail inputs/plan/tfplan.json inputs/plan/tfplan.json:1-14 \
             aws_iam_role.deploy would be deleted: IAM roles are removed by the platform team only {\"change\":\"aws_iam_role.deploy\"}",
            "terraform.gate.warn_creates low fail inputs/plan/tfplan.json inputs/plan/tfplan.json:1-14 \
             plan creates 1 resources: check the cost estimate",
        ]
    );
}

#[test]
fn hcl_is_read_as_conftest_converts_it_and_a_named_resource_locates_the_finding() {
    let dir = setup();
    let findings = evaluate_with(dir.path(), &[("hcl.rego", HCL_POLICY)], PolicyOptions::default());
    assert_eq!(
        findings,
        vec![
            "main.deny high fail aws_s3_bucket.logs inputs/tf/main.tf:1-4 \
             bucket logs is public-read: remove the acl and use a bucket policy {\"resource\":\"aws_s3_bucket.logs\"}"
        ]
    );
}

#[test]
fn a_top_level_array_is_evaluated_element_by_element() {
    let dir = setup();
    let options = PolicyOptions { namespaces: vec!["users".into()], ..PolicyOptions::default() };
    let findings = evaluate_with(dir.path(), &[("users.rego", USERS_POLICY)], options);
    assert_eq!(
        findings,
        vec![
            "users.deny high fail inputs/users/users.json inputs/users/users.json:2-2 \
             user ana is an administrator: grant a narrower role"
        ]
    );
}

#[test]
fn combine_gives_every_document_at_once_as_path_and_contents() {
    let dir = setup();
    let policy = r#"package main

import rego.v1

deny contains msg if {
	paths := [entry.path | some entry in input]
	msg := sprintf("%d inputs: %s", [count(paths), concat(", ", paths)])
}

deny_admins contains msg if {
	admins := [entry.contents.name | some entry in input; entry.contents.admin == true]
	count(admins) > 0
	msg := sprintf("administrators across all files: %v", [admins])
}
"#;
    let options = PolicyOptions { combine: true, ..PolicyOptions::default() };
    let findings = evaluate_with(dir.path(), &[("combined.rego", policy)], options);
    assert_eq!(
        findings,
        vec![
            "main.deny high fail Combined :0-0 4 inputs: inputs/plan/tfplan.json, inputs/tf/main.tf, \
             inputs/users/users.json, inputs/users/users.json",
            "main.deny_admins high fail Combined :0-0 administrators across all files: [\"ana\"]",
        ]
    );
}

/// Current Conftest's HCL 2 shape: a single block (and a single nested block) is an object, a
/// repeated one a list; a policy written for the older list shape finds nothing.
#[test]
fn single_blocks_are_objects_and_repeated_blocks_lists() {
    let dir = setup();
    let tf = "resource \"aws_alb_listener\" \"web\" {\n  protocol = \"HTTP\"\n}\n\n\
              resource \"azurerm_managed_disk\" \"disk\" {\n  encryption_settings {\n    enabled = false\n  }\n}\n\n\
              provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\nprovider \"aws\" {\n  alias = \"us\"\n}\n";
    std::fs::write(dir.path().join("inputs/tf/main.tf"), tf).unwrap();
    let policy = r#"package main

import rego.v1

deny contains sprintf("object form: %s", [name]) if input.resource.aws_alb_listener[name].protocol == "HTTP"

deny contains sprintf("list form: %s", [name]) if input.resource.aws_alb_listener[name][0].protocol == "HTTP"

deny contains sprintf("disk %s is not encrypted", [name]) if {
	input.resource.azurerm_managed_disk[name].encryption_settings.enabled == false
}

deny contains sprintf("%d aws providers", [count(input.provider.aws)]) if is_array(input.provider.aws)
"#;
    let findings = evaluate_with(dir.path(), &[("shape.rego", policy)], PolicyOptions::default());
    let messages: Vec<&str> =
        findings.iter().filter_map(|f| f.split(" inputs/tf/main.tf:").nth(1)).map(|rest| rest.trim()).collect();
    assert_eq!(messages.len(), 3, "{findings:?}");
    assert!(findings.iter().any(|f| f.ends_with("object form: web")), "{findings:?}");
    assert!(findings.iter().any(|f| f.ends_with("disk disk is not encrypted")), "{findings:?}");
    assert!(findings.iter().any(|f| f.ends_with("2 aws providers")), "{findings:?}");
    assert!(!findings.iter().any(|f| f.contains("list form")), "{findings:?}");
}
