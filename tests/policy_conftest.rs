//! `tollgate scan` with Conftest-style policies, end to end, checked against what Conftest's
//! documentation says each option does: deny/warn, `exception` rules, namespaces, `--data`,
//! `--combine`, `--fail-on-warn`, `--rego-version v0`, `conftest.toml` and `[policy]` in
//! `tollgate.toml`. Inputs are each file as Conftest parses it (here: YAML documents, a plan).

mod common;

use common::{json, policy_rows, stdout, tollgate, write};
use serde_json::Value;
use std::path::Path;

/// A Service and a Deployment in one file, as in Conftest's `--combine` documentation: the
/// Service selects `app: goodbye`, the Deployment is `app: hello` and runs as root.
const MANIFESTS: &str = "apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  type: LoadBalancer
  ports:
    - port: 80
      targetPort: 8080
  selector:
    app: goodbye
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 3
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: hello
          image: registry.example.com/hello:1.4.2
";

/// A second Deployment that is exempted from the root check by an `exception` rule.
const LEGACY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy-billing
spec:
  selector:
    matchLabels:
      app: legacy-billing
  template:
    metadata:
      labels:
        app: legacy-billing
    spec:
      containers:
        - name: billing
          image: registry.example.com/billing:7.0.1
";

const DEPLOYMENT_POLICY: &str = r#"package main

import rego.v1

deny_run_as_root contains msg if {
	input.kind == "Deployment"
	not input.spec.template.spec.securityContext.runAsNonRoot
	msg := sprintf("Containers must not run as root in Deployment %s", [input.metadata.name])
}

warn_service_type contains msg if {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	msg := sprintf("Service %s is exposed through a cloud load balancer", [input.metadata.name])
}

exception contains rules if {
	input.kind == "Deployment"
	input.metadata.name in data.exemptions.root
	rules := ["run_as_root"]
}
"#;

const EXEMPTIONS: &str = "exemptions:\n  root:\n    - legacy-billing\n";

fn k8s_tree(root: &Path) {
    write(root, "k8s/manifests.yaml", MANIFESTS);
    write(root, "k8s/legacy.yaml", LEGACY);
    write(root, "policy/deployment.rego", DEPLOYMENT_POLICY);
    write(root, "data/exemptions.yaml", EXEMPTIONS);
}

fn scan(root: &Path, extra: &[&str]) -> (Value, Option<i32>) {
    let mut args = vec!["scan", "k8s", "--format", "json"];
    args.extend_from_slice(extra);
    let output = tollgate(&args, root);
    (json(&output), output.status.code())
}

#[test]
fn deny_warn_and_exceptions_with_data_as_conftest_documents_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    k8s_tree(root);
    // Without --data the exemption list is undefined: both Deployments fail.
    let (report, code) = scan(root, &[]);
    assert_eq!(
        policy_rows(&report),
        [
            "main.deny_run_as_root high Deployment/legacy-billing k8s/legacy.yaml:1-16",
            "main.warn_service_type low Service/hello k8s/manifests.yaml:1-11",
            "main.deny_run_as_root high Deployment/hello k8s/manifests.yaml:13-29",
        ]
    );
    assert_eq!(report["summary"]["exceptions"], 0);
    assert_eq!(code, Some(1));

    // With --data, legacy-billing's result is an exception: counted, not reported.
    let (report, _) = scan(root, &["--data", "data"]);
    assert_eq!(
        policy_rows(&report),
        [
            "main.warn_service_type low Service/hello k8s/manifests.yaml:1-11",
            "main.deny_run_as_root high Deployment/hello k8s/manifests.yaml:13-29",
        ]
    );
    assert_eq!(report["summary"]["exceptions"], 1);
}

#[test]
fn fail_on_warn_makes_warnings_fail_the_gate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/service.yaml", MANIFESTS.split("---").next().unwrap_or_default());
    write(root, "policy/deployment.rego", DEPLOYMENT_POLICY);
    // Only the warning: the gate passes (the bundled rules find nothing at high on a Service).
    let (report, code) = scan(root, &[]);
    assert_eq!(policy_rows(&report), ["main.warn_service_type low Service/hello k8s/service.yaml:1-11"]);
    assert_eq!((code, report["summary"]["fail_on_warn"].clone()), (Some(0), Value::Bool(false)));
    let (report, code) = scan(root, &["--fail-on-warn"]);
    assert_eq!((code, report["summary"]["fail_on_warn"].clone()), (Some(1), Value::Bool(true)));
    assert_eq!(report["summary"]["blocking"], 1);
    // The same from conftest.toml in the working directory, as Conftest reads it.
    write(root, "conftest.toml", "fail-on-warn = true\n");
    let output = tollgate(&["scan", "k8s", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("conftest.toml"), "the settings source is named");
}

#[test]
fn namespaces_select_packages_and_all_namespaces_takes_every_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/manifests.yaml", MANIFESTS);
    let in_package = |package: &str| {
        format!(
            "package {package}\n\nimport rego.v1\n\ndeny contains msg if {{\n\tinput.kind == \"Service\"\n\tmsg := \"{package}: service {{}}\"\n}}\n"
        )
    };
    write(root, "policy/main.rego", in_package("main"));
    write(root, "policy/k8s.rego", in_package("kubernetes.services"));
    write(root, "policy/org.rego", in_package("org"));
    let ids = |extra: &[&str]| -> Vec<String> {
        let (report, _) = scan(root, extra);
        policy_rows(&report).iter().map(|row| row.split(' ').next().unwrap_or_default().to_string()).collect()
    };
    assert_eq!(ids(&[]), ["main.deny"]);
    assert_eq!(
        ids(&["--namespace", "org", "--namespace", "kubernetes.services"]),
        ["kubernetes.services.deny", "org.deny"]
    );
    assert_eq!(ids(&["--all-namespaces"]), ["kubernetes.services.deny", "main.deny", "org.deny"]);
    // Globs as Conftest matches them (Go's path.Match; `.` is an ordinary character).
    assert_eq!(ids(&["--namespace", "ma*"]), ["main.deny"]);
    assert_eq!(ids(&["--namespace", "kubernetes.*", "-n", "org"]), ["kubernetes.services.deny", "org.deny"]);
    assert_eq!(ids(&["--namespace", "*"]), ["kubernetes.services.deny", "main.deny", "org.deny"]);
    assert_eq!(ids(&["--namespace", "[mo]*"]), ["main.deny", "org.deny"]);
    assert_eq!(ids(&["--namespace", "kubernetes"]), Vec::<String>::new(), "a plain name is not a prefix");
    let (report, _) = scan(root, &["--namespace", "main[", "-n", "org"]);
    assert_eq!(policy_rows(&report).len(), 1, "the valid pattern still selects");
    let errors = report["errors"].to_string();
    assert!(errors.contains("--namespace `main[` is not a valid glob"), "{errors}");
    // [policy] in tollgate.toml, overridden by the flag.
    write(root, "tollgate.toml", "[policy]\nnamespaces = [\"org\"]\n");
    assert_eq!(ids(&[]), ["org.deny"]);
    assert_eq!(ids(&["-n", "main"]), ["main.deny"]);
}

#[test]
fn combine_gives_every_file_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/manifests.yaml", MANIFESTS);
    // Conftest's documented --combine example: a Deployment no Service selects. Each document
    // of a multi-document file is its own `{path, contents}` entry, as in Conftest.
    write(
        root,
        "policy/combine.rego",
        r#"package main

import rego.v1

deny contains msg if {
	some i
	input[i].contents.kind == "Deployment"
	deployment := input[i].contents
	not service_selects_app(deployment.spec.selector.matchLabels.app)
	msg := sprintf("Deployment %v with selector %v does not match any Services", [deployment.metadata.name, deployment.spec.selector.matchLabels])
}

service_selects_app(app) if {
	some service
	input[service].contents.kind == "Service"
	input[service].contents.spec.selector.app == app
}
"#,
    );
    let (report, code) = scan(root, &["--combine"]);
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["category"] == "policy")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(messages, [r#"Deployment hello with selector {"app": "hello"} does not match any Services"#]);
    assert_eq!(code, Some(1));
}

#[test]
fn rego_v0_policies_run_with_the_flag_and_are_errors_without_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/manifests.yaml", MANIFESTS);
    write(
        root,
        "policy/old.rego",
        "package main\n\ndeny[msg] {\n  input.kind == \"Deployment\"\n  msg := sprintf(\"old-style rule saw %v\", [input.metadata.name])\n}\n",
    );
    let (report, _) = scan(root, &[]);
    assert!(policy_rows(&report).is_empty());
    let errors = report["errors"].as_array().expect("errors");
    assert!(errors.iter().any(|e| e["file"].as_str().unwrap_or_default().ends_with("old.rego")), "{errors:?}");
    let (report, _) = scan(root, &["--rego-version", "v0"]);
    assert_eq!(policy_rows(&report), ["main.deny high Deployment/hello k8s/manifests.yaml:13-29"]);
    assert!(report["errors"].as_array().expect("errors").is_empty());
}

#[test]
fn disable_and_severity_in_tollgate_toml_apply_to_policy_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    k8s_tree(root);
    write(
        root,
        "tollgate.toml",
        "disable = [\"main.warn_service_type\"]\n\n[severity]\n\"main.deny_run_as_root\" = \"medium\"\n",
    );
    let (report, code) = scan(root, &[]);
    assert_eq!(
        policy_rows(&report),
        [
            "main.deny_run_as_root medium Deployment/legacy-billing k8s/legacy.yaml:1-16",
            "main.deny_run_as_root medium Deployment/hello k8s/manifests.yaml:13-29",
        ]
    );
    assert_eq!(code, Some(0), "medium is below the default gate");
    // A name that is neither a rule nor a policy rule is an error, as for native rules.
    write(root, "tollgate.toml", "disable = [\"main.deny_typo\"]\n");
    let output = tollgate(&["scan", "k8s"], root);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("main.deny_typo"));
}

#[test]
fn terraform_plan_gate_in_the_style_of_the_opa_terraform_tutorial() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // `terraform show -json` output: two creates, one delete of an IAM role.
    write(
        root,
        "plan/tfplan.json",
        r#"{
  "format_version": "1.2",
  "terraform_version": "1.11.4",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.exports", "mode": "managed", "type": "aws_s3_bucket", "name": "exports",
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"bucket": "acme-exports", "tags": {"owner": "data"}}},
    {"address": "aws_instance.batch", "mode": "managed", "type": "aws_instance", "name": "batch",
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"instance_type": "m7i.4xlarge", "tags": {"owner": "data"}}}
  ]}},
  "resource_changes": [
    {"address": "aws_s3_bucket.exports", "mode": "managed", "type": "aws_s3_bucket", "name": "exports",
     "change": {"actions": ["create"], "before": null, "after": {"bucket": "acme-exports"}, "after_unknown": {"arn": true}}},
    {"address": "aws_instance.batch", "mode": "managed", "type": "aws_instance", "name": "batch",
     "change": {"actions": ["create"], "before": null, "after": {"instance_type": "m7i.4xlarge"}, "after_unknown": {"id": true}}},
    {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci",
     "change": {"actions": ["delete"], "before": {"name": "ci"}, "after": null}}
  ]
}
"#,
    );
    write(
        root,
        "policy/terraform.rego",
        r#"package terraform.gate

import rego.v1

# Weights per resource type and action, as in OPA's Terraform tutorial ("blast radius").
weights := {"aws_instance": {"delete": 10, "create": 5, "modify": 1}, "aws_iam_role": {"delete": 20, "create": 5, "modify": 5}}

blast_radius := 20

score := s if {
	all_changes := [w |
		some change in input.resource_changes
		some action in change.change.actions
		w := weights[change.type][action]
	]
	s := sum(all_changes)
}

deny contains msg if {
	score > blast_radius
	msg := sprintf("the plan's blast radius is %d (limit %d): split the change", [score, blast_radius])
}

warn_instance_size contains {"msg": msg, "resource": change.address} if {
	some change in input.resource_changes
	change.type == "aws_instance"
	endswith(change.change.after.instance_type, "4xlarge")
	msg := sprintf("%s is a %s: check it against the team's budget", [change.address, change.change.after.instance_type])
}

deny_iam_deletion contains {"msg": msg, "resource": change.address} if {
	some change in input.resource_changes
	change.type == "aws_iam_role"
	"delete" in change.change.actions
	msg := sprintf("%s would be deleted: IAM roles are removed in a separate, reviewed change", [change.address])
}
"#,
    );
    let output = tollgate(&["scan", "plan", "--format", "json", "--namespace", "terraform.gate"], root);
    let report = json(&output);
    let rows = policy_rows(&report);
    assert_eq!(
        rows,
        [
            // The blast radius (5 for the instance + 20 for the role = 25) is about the whole plan: located at the plan file.
            "terraform.gate.deny high plan/tfplan.json plan/tfplan.json:1-18",
            // The role being deleted is not in the planned graph: the result names it, but there
            // is no resource to point at, so the finding stays at the plan (never a guess).
            "terraform.gate.deny_iam_deletion high plan/tfplan.json plan/tfplan.json:1-18",
            // The instance is in the plan's planned values: the result's `resource` places it there.
            "terraform.gate.warn_instance_size low aws_instance.batch plan/tfplan.json:7-8",
        ],
        "{}",
        stdout(&output)
    );
    let messages: Vec<&str> =
        report["findings"].as_array().expect("findings").iter().filter_map(|f| f["message"].as_str()).collect();
    assert!(messages.contains(&"the plan's blast radius is 25 (limit 20): split the change"), "{messages:?}");
    let size = report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule_id"] == "terraform.gate.warn_instance_size"));
    assert_eq!(
        size.map(|f| f["metadata"]["resource"].clone()),
        Some("aws_instance.batch".into()),
        "other keys are metadata"
    );
    assert_eq!(output.status.code(), Some(1));
}

const BUCKETS_TF: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"

  versioning {
    enabled = true
  }
}

module "archive" {
  source = "./modules/archive"
}
"#;

const ARCHIVE_TF: &str = r#"variable "name" {
  default = "archive"
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}
"#;

/// Conftest policies over HCL iterate `input.resource[type][name]`; a result that names the
/// block (`"resource": "aws_s3_bucket.logs"`) is reported at its lines, in a module's own file
/// too (where the graph address would be `module.archive.aws_s3_bucket.this`); a plain string
/// result stays at the whole file.
const TERRAFORM_POLICY: &str = r#"package main

import rego.v1

deny contains {"msg": sprintf("bucket %s has no versioning block; add one", [name]), "resource": sprintf("aws_s3_bucket.%s", [name])} if {
	some name, block in input.resource.aws_s3_bucket
	not block.versioning
}

warn contains sprintf("file declares bucket %s", [name]) if {
	some name, _ in input.resource.aws_s3_bucket
	name == "assets"
}
"#;

#[test]
fn results_naming_a_terraform_block_point_at_its_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "infra/main.tf", BUCKETS_TF);
    write(dir.path(), "infra/modules/archive/main.tf", ARCHIVE_TF);
    write(dir.path(), "policy/terraform.rego", TERRAFORM_POLICY);
    let output = tollgate(&["scan", "infra", "--format", "json"], dir.path());
    let rows = policy_rows(&json(&output));
    assert_eq!(
        rows,
        [
            "main.deny high aws_s3_bucket.logs infra/main.tf:1-3",
            "main.warn low infra/main.tf infra/main.tf:1-15",
            "main.deny high aws_s3_bucket.this infra/modules/archive/main.tf:5-7",
        ],
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_named_policy_path_without_rego_files_is_an_error_but_a_default_policy_dir_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/manifests.yaml", MANIFESTS);
    write(root, "rules/deployment.rego", DEPLOYMENT_POLICY);
    write(root, "iam/nested/readonly.json", "{\"Version\": \"2012-10-17\"}\n");
    // Conftest: "no policies found"; a typo in --policy must not pass silently.
    let output = tollgate(&["scan", "k8s", "--policy", "rules", "--policy", "iam"], root);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no policies found in `iam`: it holds no `.rego` file"), "{stderr}");
    // The same path from tollgate.toml.
    write(root, "tollgate.toml", "[policy]\npaths = [\"iam\"]\n");
    assert_eq!(tollgate(&["scan", "k8s"], root).status.code(), Some(2));
    std::fs::remove_file(root.join("tollgate.toml")).expect("remove");
    // The default `policy/` holding only IAM JSON is not an error: it is simply not Rego.
    write(root, "policy/bucket.json", "{\"Version\": \"2012-10-17\"}\n");
    let (report, code) = scan(root, &[]);
    assert_eq!((policy_rows(&report).len(), code), (0, Some(0)));
}
