//! Policies over documents kept by the real loaders (`LoadOptions::keep_documents`): YAML
//! manifests, HCL as Conftest converts it, and Trivy's `result.new` on YAML spans.

use std::path::Path;
use tollgate_load::{load, LoadOptions};
use tollgate_policy::{evaluate, PolicyOptions, PolicySet};

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const MANIFESTS: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: shop/web:latest
          securityContext:
            privileged: true
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: fast
";

const MAIN_TF: &str = "\
resource \"aws_security_group_rule\" \"ssh\" {
  type        = \"ingress\"
  from_port   = 22
  to_port     = 22
  cidr_blocks = [\"0.0.0.0/0\"]
}
";

const CONFTEST: &str = r#"package main

import rego.v1

deny contains msg if {
	input.kind == "Deployment"
	some c in input.spec.template.spec.containers
	endswith(c.image, ":latest")
	msg := sprintf("container %s uses the latest tag: pin a version", [c.name])
}

deny_open_ssh contains msg if {
	some name, rule in input.resource.aws_security_group_rule
	rule.from_port <= 22
	rule.to_port >= 22
	"0.0.0.0/0" in rule.cidr_blocks
	msg := sprintf("aws_security_group_rule.%s opens SSH to the internet: restrict cidr_blocks", [name])
}
"#;

const TRIVY: &str = r#"# METADATA
# title: Privileged container
# custom:
#   id: USR-001
#   severity: HIGH
#   input:
#     selector:
#     - type: kubernetes
package user.privileged

import rego.v1

deny contains res if {
	some c in input.spec.template.spec.containers
	c.securityContext.privileged
	res := result.new(sprintf("container %s is privileged", [c.name]), c.securityContext)
}
"#;

#[test]
fn conftest_and_trivy_policies_over_the_documents_the_loaders_keep() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inputs/k8s/app.yaml", MANIFESTS);
    write(dir.path(), "inputs/tf/main.tf", MAIN_TF);
    write(dir.path(), "policy/main.rego", CONFTEST);
    write(dir.path(), "policy/trivy.rego", TRIVY);
    let mut options = LoadOptions::new(vec![dir.path().join("inputs")]);
    options.keep_documents = true;
    options.relative_to = Some(dir.path().to_path_buf());
    let loaded = load(&options).unwrap();
    let (set, errors) = PolicySet::load(&[dir.path().join("policy")], PolicyOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let outcome = evaluate(&loaded.graph, &set);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let got: Vec<String> = outcome
        .findings
        .iter()
        .map(|p| {
            let f = p;
            format!("{} {} {}:{}-{} {}", f.rule_id, f.address, f.file, f.start_line, f.end_line, f.message)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "main.deny Deployment/shop/web inputs/k8s/app.yaml:1-13 container web uses the latest tag: pin a version",
            "USR-001 Deployment/shop/web inputs/k8s/app.yaml:13-13 container web is privileged",
            "main.deny_open_ssh inputs/tf/main.tf inputs/tf/main.tf:1-6 \
             aws_security_group_rule.ssh opens SSH to the internet: restrict cidr_blocks",
        ]
    );
}
