//! Scanning Helm charts end to end, as a user runs `tollgate scan`: a chart directory is rendered
//! (never read as raw YAML) with each values set of tollgate.toml, each Argo CD Application and
//! each Terraform `helm_release` that deploys it; findings point at the template line and name
//! the values set; `set_sensitive` values never reach a report; values a chart generates are
//! marked; a chart that does not render is an error at its template and line while the rest of
//! the scan goes on.

mod common;

use common::{json, tollgate, write};
use serde_json::Value as Json;
use std::path::Path;

const CHART: &str = "apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: \"2.1.0\"\n";

const VALUES: &str = "image:
  repository: registry.example.com/shop/web
  tag: \"\"
privileged: false
capabilities: []
";

/// Line 14: the container's image; 16: `privileged`; 20: the capabilities it adds.
const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          securityContext:
            privileged: {{ .Values.privileged }}
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            capabilities:
              add: {{ toJson .Values.capabilities }}
          resources:
            limits: {cpu: 500m, memory: 256Mi}
"#;

/// A repository with the chart `charts/web` and the given tollgate.toml.
fn chart_repo(base: &Path, config: &str) {
    write(base, "charts/web/Chart.yaml", CHART);
    write(base, "charts/web/values.yaml", VALUES);
    write(base, "charts/web/templates/deployment.yaml", DEPLOYMENT);
    write(base, "charts/web/values-dev.yaml", "privileged: true\ncapabilities: [NET_ADMIN]\n");
    write(base, "charts/web/values-prod.yaml", "image:\n  tag: \"2.1.0\"\n");
    write(base, "tollgate.toml", config);
}

const VALUES_SETS: &str = r#"
[helm.charts."charts/web".values.dev]
files = ["values-dev.yaml"]
namespace = "shop"

[helm.charts."charts/web".values.prod]
files = ["values-prod.yaml"]
namespace = "shop"
"#;

fn scan(base: &Path, extra: &[&str]) -> Json {
    let mut args = vec!["scan", ".", "--format", "json"];
    args.extend_from_slice(extra);
    json(&tollgate(&args, base))
}

/// (rule, environment, address, file:line) of each finding.
fn rows(report: &Json) -> Vec<String> {
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let mut rows: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}:{}",
                f["rule_id"].as_str().unwrap_or_default(),
                f["environment"].as_str().unwrap_or("-"),
                f["address"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["start_line"]
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn each_values_set_is_rendered_and_its_findings_name_it_at_the_template_line() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), VALUES_SETS);
    let report = scan(dir.path(), &[]);
    let rows = rows(&report);
    let at = "charts/web/templates/deployment.yaml";
    // dev: privileged (native rule) and NET_ADMIN added (bundled Rego policy), both named `dev`.
    assert!(rows.contains(&format!("TG201 dev Deployment/shop/dev-web@dev {at}:16")), "{rows:#?}");
    assert!(rows.contains(&format!("TG324 dev Deployment/shop/dev-web@dev {at}:20")), "{rows:#?}");
    // prod pins its tag and keeps the chart's safe defaults: nothing about it.
    assert!(!rows.iter().any(|row| row.contains("@prod")), "{rows:#?}");
    assert!(report["errors"].as_array().is_some_and(Vec::is_empty), "{report:#}");
    // The chart's files are rendered, not read as manifests or listed as skipped.
    assert!(!report["skipped"].to_string().contains("charts/web"), "{report:#}");
}

#[test]
fn a_chart_nothing_deploys_is_rendered_with_its_own_values() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), "");
    write(dir.path(), "charts/web/values.yaml", VALUES.replace("privileged: false", "privileged: true"));
    let rows = rows(&scan(dir.path(), &[]));
    assert!(
        rows.contains(&"TG201 default Deployment/web-web@default charts/web/templates/deployment.yaml:16".to_string()),
        "{rows:#?}"
    );
}

#[test]
fn rendering_can_be_turned_off_and_the_chart_is_then_listed_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), &format!("[helm]\nrender = false\n{VALUES_SETS}"));
    let report = scan(dir.path(), &["--allow-empty"]);
    assert!(rows(&report).is_empty(), "{report:#}");
    let skipped = report["skipped"].to_string();
    assert!(skipped.contains("charts/web") && skipped.contains("[helm] render = false"), "{skipped}");
}

#[test]
fn an_argo_cd_application_renders_the_chart_with_its_values_and_namespace() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), "");
    let application = "apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web-dev
  namespace: argocd
spec:
  source:
    repoURL: https://example.com/shop.git
    path: charts/web
    helm:
      releaseName: web
      valueFiles: [values-dev.yaml]
      parameters:
        - name: image.tag
          value: latest
  destination:
    namespace: storefront
";
    write(dir.path(), "argocd/web-dev.yaml", application);
    let rows = rows(&scan(dir.path(), &[]));
    let at = "charts/web/templates/deployment.yaml";
    assert!(rows.contains(&format!("TG201 web-dev Deployment/storefront/web-web@web-dev {at}:16")), "{rows:#?}");
    assert!(rows.contains(&format!("TG205 web-dev Deployment/storefront/web-web@web-dev {at}:14")), "{rows:#?}");
    // The Application deploys the chart, so it is not also rendered with its defaults.
    assert!(!rows.iter().any(|row| row.contains("@default")), "{rows:#?}");
}

const HELM_RELEASE: &str = r#"
resource "helm_release" "web" {
  name      = "web"
  chart     = "${path.module}/../charts/web"
  namespace = "shop"
  values    = [yamlencode({ privileged = true })]

  set {
    name  = "image.tag"
    value = "latest"
  }

  set_sensitive {
    name  = "image.repository"
    value = "registry.example.com/private-team-7f3a/web"
  }
}
"#;

#[test]
fn a_helm_release_renders_its_local_chart_and_its_sensitive_values_never_reach_a_report() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), "");
    write(dir.path(), "terraform/main.tf", HELM_RELEASE);
    let output = tollgate(&["scan", ".", "--format", "json"], dir.path());
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let report = json(&output);
    let rows = rows(&report);
    assert!(rows.iter().any(|r| r.starts_with("TG201 ") && r.contains("Deployment/shop/web-web@")), "{rows:#?}");
    assert!(rows.iter().any(|r| r.starts_with("TG205 ") && r.contains("Deployment/shop/web-web@")), "{rows:#?}");
    assert!(!text.contains("private-team-7f3a"), "a set_sensitive value reached the report:\n{text}");
    let inspect = tollgate(&["inspect", ".", "--address", "Deployment/shop/web-web"], dir.path());
    let inspect = String::from_utf8_lossy(&inspect.stdout).into_owned();
    assert!(inspect.contains("deployed-by") && inspect.contains("helm_release.web"), "{inspect}");
    assert!(!inspect.contains("private-team-7f3a"), "inspect showed a set_sensitive value:\n{inspect}");
}

#[test]
fn values_the_chart_generates_are_marked_in_inspect_and_policy_input() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), "");
    let secret = "apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-db
data:
  password: {{ randAlphaNum 24 | b64enc | quote }}
  user: {{ \"shop\" | b64enc | quote }}
";
    write(dir.path(), "charts/web/templates/secret.yaml", secret);
    let inspect = tollgate(&["inspect", ".", "--address", "Secret/"], dir.path());
    let inspect = json(&inspect);
    let helm = &inspect["resources"][0]["origin"]["helm"];
    assert_eq!(helm["generated"], serde_json::json!(["data.password"]), "{inspect:#}");
    assert_eq!(helm["values_set"], "default", "{inspect:#}");
}

#[test]
fn a_chart_that_does_not_render_is_an_error_at_its_template_line_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), VALUES_SETS);
    let broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  host: {{ required \"ingressHost is required\" .Values.ingressHost }}\n";
    write(dir.path(), "charts/web/templates/configmap.yaml", broken);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext: {privileged: true}\n";
    write(dir.path(), "k8s/debug.yaml", pod);
    let report = scan(dir.path(), &[]);
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 2, "one per values set: {errors:#?}");
    for error in &errors {
        assert_eq!(error["file"], "charts/web/templates/configmap.yaml", "{error:#}");
        assert_eq!(error["line"], 6, "{error:#}");
        assert!(error["message"].as_str().unwrap_or_default().contains("ingressHost is required"), "{error:#}");
    }
    assert!(rows(&report).iter().any(|r| r.starts_with("TG201 - Pod/shop/debug k8s/debug.yaml")), "{report:#}");
}

#[test]
fn a_focused_scan_of_a_chart_file_renders_the_chart_as_its_deployers_do() {
    let dir = tempfile::tempdir().unwrap();
    chart_repo(dir.path(), VALUES_SETS);
    write(dir.path(), "k8s/other.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: noisy\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: busybox\n");
    let args = ["scan", "--only-files", "charts/web/values-dev.yaml", "--format", "json"];
    let report = json(&tollgate(&args, dir.path()));
    let rows = rows(&report);
    let at = "charts/web/templates/deployment.yaml";
    // What the chart renders with the changed values is reported; the neighbour's own findings are not.
    assert!(rows.contains(&format!("TG201 dev Deployment/shop/dev-web@dev {at}:16")), "{rows:#?}");
    assert!(!rows.iter().any(|row| row.contains("k8s/other.yaml")), "{rows:#?}");
    assert!(report["skipped"].as_array().is_some_and(Vec::is_empty), "{report:#}");
}
