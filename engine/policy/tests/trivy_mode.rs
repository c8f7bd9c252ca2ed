//! Trivy-style checks, written from Trivy's custom-check documentation: `# METADATA` with
//! `custom.id`/`severity`/`input.selector`, the legacy `__rego_metadata__`/`__rego_input__`
//! rules, `result.new(msg, cause)` located at the cause, selector filtering, and checks on the
//! internal `cloud` schema refused.

mod support;

use support::*;
use tollgate_policy::PolicyOptions;

const MANIFESTS: &str = r#"{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "agent", "namespace": "ops"},
  "spec": {
    "selector": {"matchLabels": {"app": "agent"}},
    "template": {
      "metadata": {"labels": {"app": "agent"}},
      "spec": {
        "containers": [
          {"name": "sidecar", "image": "ops/sidecar:1.0"},
          {
            "name": "agent",
            "image": "ops/agent:3.1",
            "securityContext": {"privileged": true}
          }
        ]
      }
    }
  }
}
---
{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "debug", "namespace": "ops"},
  "spec": {
    "hostNetwork": true,
    "containers": [{"name": "debug", "image": "busybox:1.36"}]
  }
}
"#;

const PRIVILEGED: &str = r#"# METADATA
# title: Privileged container
# description: A privileged container has every capability of the node.
# custom:
#   id: USR-K8S-001
#   avd_id: AVD-USR-0001
#   severity: CRITICAL
#   recommended_action: Set securityContext.privileged to false.
#   input:
#     selector:
#     - type: kubernetes
#       subtypes:
#       - kind: Deployment
#       - kind: StatefulSet
package user.kubernetes.privileged

import rego.v1

deny contains res if {
	some container in input.spec.template.spec.containers
	container.securityContext.privileged == true
	msg := sprintf("container %s of %s %s is privileged", [container.name, input.kind, input.metadata.name])
	res := result.new(msg, container)
}
"#;

const HOST_NETWORK_LEGACY: &str = r#"package user.kubernetes.host_network

import rego.v1

__rego_metadata__ := {
	"id": "USR-K8S-002",
	"title": "Host network",
	"severity": "high",
	"recommended_actions": "Remove spec.hostNetwork.",
}

__rego_input__ := {"selector": [{"type": "kubernetes"}]}

deny contains msg if {
	input.kind == "Pod"
	input.spec.hostNetwork == true
	msg := sprintf("Pod %s shares the host network", [input.metadata.name])
}

# Not run: Trivy evaluates deny rules only.
warn contains "never reported" if true
"#;

/// Selects plain YAML: Trivy does not give it Kubernetes documents.
const YAML_ONLY: &str = r#"# METADATA
# custom:
#   id: USR-YAML-001
#   severity: LOW
#   input:
#     selector:
#     - type: yaml
package user.yaml.anything

import rego.v1

deny contains "any yaml document" if true
"#;

const CLOUD: &str = r#"# METADATA
# title: Bucket encryption
# schemas:
# - input: schema["cloud"]
# custom:
#   id: USR-AWS-001
#   severity: HIGH
#   input:
#     selector:
#     - type: cloud
package user.aws.s3_encryption

import rego.v1

deny contains res if {
	some bucket in input.aws.s3.buckets
	not bucket.encryption.enabled.value
	res := result.new("bucket is not encrypted", bucket)
}
"#;

/// A Conftest policy in the same run never sees Trivy's location metadata.
const CONFTEST_KEYS: &str = r#"package main

import rego.v1

deny contains msg if {
	some key, _ in input
	startswith(key, "__")
	msg := sprintf("unexpected key %s", [key])
}
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), "inputs/k8s/ops.yaml", MANIFESTS);
    dir
}

#[test]
fn metadata_checks_locate_the_cause_and_legacy_checks_the_document() {
    let dir = setup();
    let files = [("privileged.rego", PRIVILEGED), ("host.rego", HOST_NETWORK_LEGACY), ("yaml.rego", YAML_ONLY)];
    let (findings, outcome) = run(dir.path(), &files, PolicyOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(
        findings,
        vec![
            "USR-K8S-001 critical fail Deployment/ops/agent inputs/k8s/ops.yaml:12-16 \
             container agent of Deployment agent is privileged \
             {\"avd_id\":\"AVD-USR-0001\",\"title\":\"Privileged container\",\
             \"description\":\"A privileged container has every capability of the node.\",\
             \"recommended_actions\":\"Set securityContext.privileged to false.\"}",
            "USR-K8S-002 high fail Pod/ops/debug inputs/k8s/ops.yaml:23-31 Pod debug shares the host network \
             {\"title\":\"Host network\",\"recommended_actions\":\"Remove spec.hostNetwork.\"}",
        ]
    );
    let set = tollgate_policy::PolicySet::load(&[dir.path().join("policy")], PolicyOptions::default()).0;
    let ids: Vec<(String, String)> = set.rule_ids().into_iter().map(|r| (r.id, r.severity.to_string())).collect();
    assert_eq!(
        ids,
        vec![
            ("USR-K8S-001".to_string(), "critical".to_string()),
            ("USR-K8S-002".to_string(), "high".to_string()),
            ("USR-YAML-001".to_string(), "low".to_string()),
        ]
    );
}

#[test]
fn checks_on_the_cloud_schema_are_refused_naming_the_check() {
    let dir = setup();
    let (set, errors) = policies(dir.path(), &[("cloud.rego", CLOUD)], PolicyOptions::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("policy/cloud.rego:11 Trivy check USR-AWS-001 (package user.aws.s3_encryption, "),
        "{errors:?}"
    );
    assert!(errors[0].contains("reads Trivy's internal `cloud` schema"), "{errors:?}");
    assert!(set.rules.is_empty());
}

#[test]
fn conftest_inputs_never_carry_trivy_location_metadata() {
    let dir = setup();
    let files = [("privileged.rego", PRIVILEGED), ("keys.rego", CONFTEST_KEYS)];
    let (findings, _) = run(dir.path(), &files, PolicyOptions::default());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(findings[0].starts_with("USR-K8S-001 "), "{findings:#?}");
}

#[test]
fn trivy_exceptions_skip_rules_and_namespaces() {
    let dir = setup();
    let exception = r#"package user.kubernetes.privileged

import rego.v1

exception contains ["deny"] if input.metadata.name == "agent"
"#;
    let files = [("privileged.rego", PRIVILEGED), ("exception.rego", exception), ("host.rego", HOST_NETWORK_LEGACY)];
    write(
        dir.path(),
        "data/namespaces.yaml",
        "namespace:\n  exceptions:\n    exception:\n      - user.kubernetes.host_network\n",
    );
    let (_, outcome) = {
        let graph = graph(dir.path());
        let options = PolicyOptions { data_paths: vec![dir.path().join("data")], ..PolicyOptions::default() };
        let (set, errors) = policies(dir.path(), &files, options);
        assert!(errors.is_empty(), "{errors:?}");
        let outcome = tollgate_policy::evaluate(&graph, &set);
        (findings(&outcome), outcome)
    };
    assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
    let exceptions: Vec<String> =
        outcome.exceptions.iter().map(|e| format!("{} {} {}", e.rule_id, e.address, e.query)).collect();
    assert_eq!(
        exceptions,
        vec![
            "USR-K8S-001 Deployment/ops/agent data.user.kubernetes.privileged.exception[_][_] == \"deny\"",
            // The namespace exception skips the check on every document it applies to.
            "USR-K8S-002 Deployment/ops/agent data.namespace.exceptions.exception[_] == \"user.kubernetes.host_network\"",
            "USR-K8S-002 Pod/ops/debug data.namespace.exceptions.exception[_] == \"user.kubernetes.host_network\"",
        ]
    );
}
