//! Conftest file mode over Kubernetes manifests: deny/warn naming, string and object results,
//! exceptions (counted, not reported), namespaces, --all-namespaces, --data, Rego v0, boolean
//! rules, `name[x] if` refused, and locations at the document's resource.

mod support;

use support::*;
use tollgate_policy::PolicyOptions;

/// Three Deployments (YAML written in JSON flow style: a YAML document like any other).
const DEPLOYMENTS: &str = r#"{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "api", "namespace": "shop", "labels": {"app": "api"}},
  "spec": {
    "selector": {"matchLabels": {"app": "api"}},
    "template": {
      "metadata": {"labels": {"app": "api"}},
      "spec": {
        "securityContext": {"runAsNonRoot": true},
        "containers": [{"name": "api", "image": "registry.shop.example/api:1.2.3"}]
      }
    }
  }
}
---
{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "legacy", "namespace": "shop"},
  "spec": {
    "selector": {"matchLabels": {"app": "legacy"}},
    "template": {
      "metadata": {"labels": {"app": "legacy"}},
      "spec": {
        "containers": [{"name": "legacy", "image": "docker.io/legacy:latest"}]
      }
    }
  }
}
---
{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "batch", "namespace": "shop", "labels": {"app": "batch"}},
  "spec": {
    "selector": {"matchLabels": {"app": "batch"}},
    "template": {
      "metadata": {"labels": {"app": "batch"}},
      "spec": {
        "containers": [{"name": "batch", "image": "registry.shop.example/batch:2.0.0"}]
      }
    }
  }
}
"#;

/// Written from Conftest's documentation (README deployment example, docs/exceptions.md).
const MAIN: &str = r#"package main

import rego.v1

deny_run_as_root contains msg if {
	input.kind == "Deployment"
	not input.spec.template.spec.securityContext.runAsNonRoot
	msg := sprintf("Deployment %s runs as root: set spec.template.spec.securityContext.runAsNonRoot to true", [input.metadata.name])
}

violation_latest_tag contains {"msg": msg, "container": c.name, "owner": "platform"} if {
	input.kind == "Deployment"
	some c in input.spec.template.spec.containers
	endswith(c.image, ":latest")
	msg := sprintf("container %s uses the mutable tag latest: pin a version", [c.name])
}

warn contains msg if {
	input.kind == "Deployment"
	not input.metadata.labels.app
	msg := sprintf("Deployment %s has no app label: add metadata.labels.app", [input.metadata.name])
}

exception contains rules if {
	input.metadata.name == "batch"
	rules := ["run_as_root"]
}
"#;

const LABELS: &str = r#"package kubernetes.labels

import rego.v1

warn_owner contains msg if {
	not input.metadata.labels.owner
	msg := sprintf("%s %s has no owner label: add metadata.labels.owner", [input.kind, input.metadata.name])
}
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), "inputs/k8s/deployments.yaml", DEPLOYMENTS);
    dir
}

#[test]
fn deny_violation_and_warn_on_each_document_with_exceptions_counted() {
    let dir = setup();
    let (findings, outcome) =
        run(dir.path(), &[("main.rego", MAIN), ("labels.rego", LABELS)], PolicyOptions::default());
    assert_eq!(
        findings,
        vec![
            "main.deny_run_as_root high fail Deployment/shop/legacy inputs/k8s/deployments.yaml:17-30 \
             Deployment legacy runs as root: set spec.template.spec.securityContext.runAsNonRoot to true",
            "main.violation_latest_tag high fail Deployment/shop/legacy inputs/k8s/deployments.yaml:17-30 \
             container legacy uses the mutable tag latest: pin a version {\"container\":\"legacy\",\"owner\":\"platform\"}",
            "main.warn low fail Deployment/shop/legacy inputs/k8s/deployments.yaml:17-30 \
             Deployment legacy has no app label: add metadata.labels.app",
        ]
    );
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    // batch runs as root but is exempted: one exception, no finding.
    let exceptions: Vec<String> =
        outcome.exceptions.iter().map(|e| format!("{} {} {} {}", e.rule_id, e.address, e.line, e.query)).collect();
    assert_eq!(
        exceptions,
        vec!["main.deny_run_as_root Deployment/shop/batch 32 data.main.exception[_][_] == \"run_as_root\""]
    );
}

#[test]
fn namespaces_select_packages_and_all_namespaces_takes_every_one() {
    let dir = setup();
    let files = [("main.rego", MAIN), ("labels.rego", LABELS)];
    let only_labels = PolicyOptions { namespaces: vec!["kubernetes.labels".into()], ..PolicyOptions::default() };
    let (findings, _) = run(dir.path(), &files, only_labels);
    assert_eq!(findings.len(), 3, "{findings:#?}");
    assert!(findings.iter().all(|f| f.starts_with("kubernetes.labels.warn_owner low")), "{findings:#?}");

    let all = PolicyOptions { all_namespaces: true, ..PolicyOptions::default() };
    let (findings, _) = run(dir.path(), &files, all);
    assert_eq!(findings.len(), 6, "{findings:#?}");
}

#[test]
fn data_files_are_merged_at_the_root_of_data_whatever_their_directory() {
    let dir = setup();
    write(dir.path(), "data/registries/allowed.yaml", "allowed_registries:\n  - registry.shop.example\n");
    let policy = r#"package main

import rego.v1

deny contains msg if {
	some c in input.spec.template.spec.containers
	registry := split(c.image, "/")[0]
	not registry in data.allowed_registries
	msg := sprintf("image %s comes from %s, which is not an allowed registry", [c.image, registry])
}
"#;
    let options = PolicyOptions { data_paths: vec![dir.path().join("data")], ..PolicyOptions::default() };
    let (findings, _) = run(dir.path(), &[("registry.rego", policy)], options);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(findings[0].contains("image docker.io/legacy:latest comes from docker.io"), "{findings:#?}");
}

#[test]
fn rego_v0_policies_load_with_the_option_and_are_refused_without_it() {
    let dir = setup();
    let v0 = "package main\n\ndeny[msg] {\n\tinput.kind == \"Deployment\"\n\tnot input.metadata.labels.app\n\tmsg := \"no app label\"\n}\n";
    let (set, errors) = policies(dir.path(), &[("old.rego", v0)], PolicyOptions::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("policy/old.rego:3 invalid Rego"), "{errors:?}");
    assert!(set.rules.is_empty());

    let options = PolicyOptions { rego_v0: true, ..PolicyOptions::default() };
    let (findings, _) = run(dir.path(), &[], options);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(findings[0].starts_with("main.deny high fail Deployment/shop/legacy"), "{findings:#?}");
}

#[test]
fn a_true_boolean_deny_rule_fails_its_input_and_false_or_undefined_does_not() {
    let dir = setup();
    let policy = "package main\n\nimport rego.v1\n\ndeny if {\n\tinput.kind == \"Deployment\"\n\tnot input.metadata.labels.app\n}\n\nwarn if {\n\tinput.kind == \"Service\"\n}\n\nviolation := false\n";
    let (findings, outcome) = run(dir.path(), &[("bool.rego", policy)], PolicyOptions::default());
    assert!(errors(dir.path(), &outcome).is_empty(), "{:?}", outcome.errors);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].starts_with("main.deny high fail Deployment/shop/legacy")
            && findings[0].contains("`main.deny` is true for this input (a boolean rule"),
        "{findings:#?}"
    );
}

#[test]
fn a_v1_partial_object_deny_rule_is_a_load_error_not_a_silent_pass() {
    let dir = setup();
    let policy =
        "package main\n\nimport rego.v1\n\ndeny[msg] if {\n\tinput.kind == \"Deployment\"\n\tmsg := \"x\"\n}\n";
    let (set, errors) = policies(dir.path(), &[("object.rego", policy)], PolicyOptions::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("policy/object.rego:5 rule `deny[...] if` defines a partial object in Rego v1")
            && errors[0].contains("write `deny contains msg if { ... }`"),
        "{errors:?}"
    );
    assert!(set.rules.is_empty());
    let dotted = "package main\n\nimport rego.v1\n\nwarn.labels if input.kind == \"Deployment\"\n";
    let (_, errors) = policies(dir.path(), &[("dotted.rego", dotted)], PolicyOptions::default());
    // The policy directory still holds object.rego: both files are refused.
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("policy/dotted.rego:5 rule `warn[...] if` defines a partial object"), "{errors:?}");
}

#[test]
fn an_object_result_without_a_string_msg_is_an_error_of_that_rule() {
    let dir = setup();
    let policy =
        "package main\n\nimport rego.v1\n\ndeny contains {\"message\": \"x\"} if input.kind == \"Deployment\"\n";
    let (findings, outcome) = run(dir.path(), &[("nomsg.rego", policy)], PolicyOptions::default());
    assert!(findings.is_empty());
    let errors = errors(dir.path(), &outcome);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("policy/nomsg.rego:5 policy rule main.deny failed: a result object must have a string `msg`"),
        "{errors:?}"
    );
    assert!(errors[0].contains("(and 2 other inputs)"), "{errors:?}");
}

#[test]
fn a_result_naming_a_resource_is_reported_there() {
    let dir = setup();
    let policy = r#"package main

import rego.v1

deny contains {"msg": "legacy must go", "resource": "Deployment/shop/legacy"} if input.metadata.name == "api"
"#;
    let (findings, _) = run(dir.path(), &[("named.rego", policy)], PolicyOptions::default());
    assert_eq!(findings, vec!["main.deny high fail Deployment/shop/legacy inputs/k8s/deployments.yaml:17-30 legacy must go {\"resource\":\"Deployment/shop/legacy\"}"]);
}

#[test]
fn loc_points_at_a_line_of_the_file_it_names_or_of_the_input() {
    let dir = setup();
    write(dir.path(), "inputs/k8s/values.yaml", "{\n  \"replicas\": 3\n}\n");
    let policy = r#"package main

import rego.v1

deny contains {"msg": "elsewhere", "_loc": {"file": "./inputs/k8s/values.yaml", "line": 2}} if {
	input.metadata.name == "api"
}

deny contains {"msg": "same file", "_loc": {"line": 20}} if input.metadata.name == "legacy"

deny contains {"msg": "not scanned", "_loc": {"file": "secret/other.yaml", "line": 4}} if input.metadata.name == "batch"
"#;
    let (findings, _) = run(dir.path(), &[("loc.rego", policy)], PolicyOptions::default());
    assert_eq!(
        findings,
        vec![
            "main.deny high fail Deployment/shop/legacy inputs/k8s/deployments.yaml:20-20 same file",
            "main.deny high fail Deployment/shop/batch inputs/k8s/deployments.yaml:32-45 not scanned {\"_loc\":{\"file\":\"secret/other.yaml\",\"line\":4}}",
            "main.deny high fail inputs/k8s/values.yaml inputs/k8s/values.yaml:2-2 elsewhere",
        ],
    );
}
