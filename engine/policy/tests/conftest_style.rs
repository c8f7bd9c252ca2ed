//! Conftest-style policies (deny privileged containers, warn on missing labels) over a
//! Kubernetes tree, with Tollgate's resource input.

use std::path::{Path, PathBuf};
use tollgate_load::{load, LoadOptions};
use tollgate_policy::{evaluate, PolicyOptions, PolicySet};

const DEPLOYMENTS: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  labels:
    app: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: shop/api:1.2.3
          securityContext:
            privileged: true
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: shop
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: shop/worker:1.2.3
";

const WORKLOADS_REGO: &str = r#"package main

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet"}

deny contains msg if {
	workload_kinds[input.type]
	some container in input.values.spec.template.spec.containers
	container.securityContext.privileged == true
	msg := sprintf("%s: container %s must not run privileged", [input.address, container.name])
}

warn_labels contains {"msg": msg, "owner": "platform"} if {
	workload_kinds[input.type]
	not input.values.metadata.labels.app
	msg := sprintf("%s has no app label", [input.address])
}

# Not a Conftest rule name: never reported.
denied_images contains input.address if input.type == "Deployment"
"#;

const BROKEN_REGO: &str = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := \n}\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k8s/deployments.yaml", DEPLOYMENTS);
    write(dir.path(), "policy/workloads.rego", WORKLOADS_REGO);
    write(dir.path(), "policy/broken/broken.rego", BROKEN_REGO);
    dir
}

fn run(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut options = LoadOptions::new(vec![dir.join("k8s")]);
    options.relative_to = Some(dir.to_path_buf());
    let loaded = load(&options).unwrap();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let (policies, load_errors) = PolicySet::load(&[dir.join("policy")], PolicyOptions::default());
    let outcome = evaluate(&loaded.graph, &policies);
    let findings = outcome
        .findings
        .iter()
        .map(|p| {
            let f = &p.finding;
            let meta = serde_json::Value::Object(p.metadata.clone());
            format!(
                "{} {} {} {}:{}-{} {} {}",
                f.rule_id, f.severity, f.address, f.file, f.start_line, f.end_line, f.message, meta
            )
        })
        .collect();
    let base = dir.display().to_string();
    let errors = load_errors
        .iter()
        .chain(&outcome.errors)
        .map(|e| format!("{}:{} {}", e.file.replace(&base, ""), e.line, e.message))
        .collect();
    (findings, errors)
}

#[test]
fn deny_and_warn_rules_report_each_resource_with_rule_ids_and_lines() {
    let dir = tree();
    let (findings, errors) = run(dir.path());
    assert_eq!(
        findings,
        vec![
            "main.deny high Deployment/shop/api k8s/deployments.yaml:1-21 \
             Deployment/shop/api: container api must not run privileged {}",
            "main.warn_labels low Deployment/shop/worker k8s/deployments.yaml:23-39 \
             Deployment/shop/worker has no app label {\"owner\":\"platform\"}",
        ]
    );
    // The broken file is reported with its file and line; the other policy still ran (above).
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("/policy/broken/broken.rego:6 invalid Rego: "), "{errors:?}");
}

#[test]
fn results_are_deterministic() {
    let dir = tree();
    let first = run(dir.path());
    for _ in 0..3 {
        assert_eq!(run(dir.path()), first);
    }
}

#[test]
fn a_rule_past_the_time_limit_is_stopped_and_reported() {
    let dir = tree();
    let slow = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome i in numbers.range(1, 20000)\n\tsome j in numbers.range(1, 20000)\n\ti * j == -1\n\tmsg := \"never\"\n}\n";
    write(dir.path(), "slow/slow.rego", slow);
    let options = LoadOptions::new(vec![dir.path().join("k8s")]);
    let loaded = load(&options).unwrap();
    let policy_options = PolicyOptions { time_limit: std::time::Duration::from_millis(50), ..PolicyOptions::default() };
    let (policies, errors) = PolicySet::load(&[PathBuf::from(dir.path().join("slow"))], policy_options);
    assert!(errors.is_empty(), "{errors:?}");
    let outcome = evaluate(&loaded.graph, &policies);
    assert!(outcome.findings.is_empty());
    // One error for the rule, not one per resource.
    assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
    let message = &outcome.errors[0].message;
    assert!(message.starts_with("policy rule main.deny was stopped: it ran past the time limit of 50ms on Deployment/shop/api (and 1 other resource); "), "{message}");
    assert!(outcome.errors[0].file.ends_with("slow.rego"), "{:?}", outcome.errors);
}
