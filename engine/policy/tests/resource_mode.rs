//! Resource mode (`package tollgate.*`): each graph resource as `input`, METADATA id, slug,
//! severity and category, `path` results at the node they name, `resource` results at another
//! resource, `unknown` rules, and the time limit.

mod support;

use support::*;
use tollgate_policy::PolicyOptions;

const WORKLOADS: &str = r#"{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {
    "name": "api",
    "namespace": "shop",
    "labels": {"app": "api"}
  },
  "spec": {
    "selector": {"matchLabels": {"app": "api"}},
    "template": {
      "metadata": {"labels": {"app": "api"}},
      "spec": {"containers": [{"name": "api", "image": "shop/api:1.2.3"}]}
    }
  }
}
---
{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": {"name": "api", "namespace": "shop"},
  "spec": {"selector": {"app": "api"}, "ports": [{"port": 80}]}
}
"#;

const OWNER: &str = r#"# METADATA
# title: Workloads name an owner
# description: Every workload carries an owner label so incidents reach a team.
# custom:
#   id: CUS-001
#   slug: workload-owner-label
#   severity: medium
#   category: tagging
package tollgate.custom.owner

import rego.v1

deny contains {"msg": msg, "path": ["metadata", "labels", "owner"]} if {
	input.type == "Deployment"
	not input.values.metadata.labels.owner
	msg := sprintf("%s has no owner label: add metadata.labels.owner", [input.address])
}

# Reported at the Service that exposes the workload.
warn_exposed contains {"msg": "this Service exposes a workload without an owner", "resource": "Service/shop/api"} if {
	input.type == "Deployment"
	not input.values.metadata.labels.owner
}

unknown_image contains msg if {
	input.type == "Deployment"
	some c in input.values.spec.template.spec.containers
	is_object(c.image)
	c.image.__unknown__
	msg := "the image is not known before apply"
}
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), "inputs/k8s/api.yaml", WORKLOADS);
    dir
}

#[test]
fn metadata_path_and_resource_keys_place_each_finding() {
    let dir = setup();
    let (findings, outcome) = run(dir.path(), &[("owner.rego", OWNER)], PolicyOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(
        findings,
        vec![
            // The deepest node of metadata.labels.owner that exists: the labels map (line 7).
            "CUS-001 medium fail Deployment/shop/api inputs/k8s/api.yaml:7-7 \
             Deployment/shop/api has no owner label: add metadata.labels.owner",
            "CUS-001 medium fail Service/shop/api inputs/k8s/api.yaml:18-23 \
             this Service exposes a workload without an owner",
        ]
    );
    let finding = &outcome.findings[0];
    assert_eq!(finding.slug, "workload-owner-label");
    assert_eq!(finding.category.as_str(), "tagging");
    // Resource rules run whatever the Conftest namespaces are.
    let (set, _) = policies(dir.path(), &[], PolicyOptions { namespaces: vec![], ..PolicyOptions::default() });
    assert_eq!(set.rules.len(), 3);
}

#[test]
fn rules_without_metadata_are_named_after_package_and_rule() {
    let dir = setup();
    let policy = "package tollgate.mine\n\nimport rego.v1\n\nwarn contains \"services need a port name\" if {\n\tinput.type == \"Service\"\n\tsome p in input.values.spec.ports\n\tnot p.name\n}\n";
    let (findings, _) = run(dir.path(), &[("mine.rego", policy)], PolicyOptions::default());
    assert_eq!(
        findings,
        vec!["tollgate.mine.warn low fail Service/shop/api inputs/k8s/api.yaml:18-23 services need a port name"]
    );
}

#[test]
fn resource_types_limit_the_resources_a_package_is_evaluated_on() {
    let dir = setup();
    // Without the declaration this rule reports every resource; with it, only Services.
    let policy = "# METADATA\n# custom:\n#   resource_types: [Service]\npackage tollgate.only_services\n\nimport rego.v1\n\ndeny contains sprintf(\"saw %s\", [input.address])\n";
    let (findings, _) = run(dir.path(), &[("services.rego", policy)], PolicyOptions::default());
    assert_eq!(
        findings,
        vec!["tollgate.only_services.deny high fail Service/shop/api inputs/k8s/api.yaml:18-23 saw Service/shop/api"]
    );

    let broken = "# METADATA\n# custom:\n#   resource_types: Service\npackage tollgate.broken\n\nimport rego.v1\n\ndeny contains \"x\"\n";
    let (_, errors) = policies(dir.path(), &[("broken.rego", broken)], PolicyOptions::default());
    assert!(errors.iter().any(|e| e.contains("resource_types")), "{errors:?}");
}

#[test]
fn a_rule_past_the_time_limit_is_stopped_and_reported_once() {
    let dir = setup();
    let slow = "package tollgate.slow\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome i in numbers.range(1, 20000)\n\tsome j in numbers.range(1, 20000)\n\ti * j == -1\n\tmsg := \"never\"\n}\n";
    let options = PolicyOptions { time_limit: std::time::Duration::from_millis(50), ..PolicyOptions::default() };
    let (findings, outcome) = run(dir.path(), &[("slow.rego", slow)], options);
    assert!(findings.is_empty());
    let errors = errors(dir.path(), &outcome);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "policy/slow.rego:5 policy rule tollgate.slow.deny was stopped: it ran past the time limit of 50ms on Deployment/shop/api (and 1 other input); "
        ),
        "{errors:?}"
    );
}

#[test]
fn results_are_deterministic() {
    let dir = setup();
    let first = run(dir.path(), &[("owner.rego", OWNER)], PolicyOptions::default()).0;
    for _ in 0..3 {
        assert_eq!(run(dir.path(), &[], PolicyOptions::default()).0, first);
    }
}

#[test]
fn unknown_rules_report_verdicts_that_rest_on_unknown_values() {
    let dir = tempdir();
    write(
        dir.path(),
        "inputs/tf/main.tf",
        "variable \"ami\" {}\n\nresource \"aws_instance\" \"web\" {\n  ami           = var.ami\n  instance_type = \"t3.micro\"\n}\n",
    );
    let policy = r#"package tollgate.ami

import data.tollgate.lib
import rego.v1

deny contains {"msg": "use the hardened AMI", "path": ["ami"]} if {
	input.type == "aws_instance"
	not lib.is_unknown(input.values.ami)
	input.values.ami != "ami-hardened"
}

unknown contains {"msg": "the AMI is unknown (var.ami has no value): set it to check it", "path": ["ami"]} if {
	input.type == "aws_instance"
	lib.is_unknown(input.values.ami)
}
"#;
    let (findings, outcome) = run(dir.path(), &[("ami.rego", policy)], PolicyOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(
        findings,
        vec!["tollgate.ami.unknown high unknown aws_instance.web inputs/tf/main.tf:4-4 the AMI is unknown (var.ami has no value): set it to check it"]
    );
}

#[test]
fn policies_word_why_a_value_is_unknown_as_the_built_in_rules_do() {
    let dir = tempdir();
    let main = "variable \"key\" {}\n\ndata \"aws_ami\" \"web\" {}\n\nresource \"aws_instance\" \"web\" {\n  ami        = data.aws_ami.web.id\n  kms_key_id = var.key\n  subnet_id  = aws_subnet.a.id\n  user_data  = file(\"/etc/passwd\")\n}\n\nresource \"aws_subnet\" \"a\" {}\n";
    write(dir.path(), "inputs/tf/main.tf", main);
    let policy = r#"package tollgate.why

import data.tollgate.lib
import rego.v1

unknown contains {"msg": lib.explain_unknown(value), "path": [key]} if {
	input.type == "aws_instance"
	some key in ["ami", "kms_key_id", "subnet_id", "user_data"]
	value := input.values[key]
	lib.is_unknown(value)
}
"#;
    let (findings, outcome) = run(dir.path(), &[("why.rego", policy)], PolicyOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let at = |line: u32, why: &str| {
        format!("tollgate.why.unknown high unknown aws_instance.web inputs/tf/main.tf:{line}-{line} {why}")
    };
    assert_eq!(
        findings,
        vec![
            at(6, "the value `data.aws_ami.web.id` is read from the AWS provider during plan; Tollgate does not call providers"),
            at(7, "the value `var.key` comes from a variable with no value"),
            at(8, "the value `aws_subnet.a.id` is only known after apply"),
            at(9, "the value `file(\"/etc/passwd\")` reads outside the scan root; pass --allow-outside-root to allow"),
        ]
    );
}
