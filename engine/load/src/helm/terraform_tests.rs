use super::super::same_dir;
use super::*;
use std::fs;

const MAIN: &str = r#"
resource "aws_iam_role" "web" {
  name               = "web"
  assume_role_policy = "{}"
}

resource "helm_release" "web" {
  name      = "web-release"
  chart     = "./charts/web"
  namespace = "apps"
  values    = [yamlencode({ replicas = 2 }), file("${path.module}/values/web.yaml")]

  set {
    name  = "image.tag"
    value = "1.2"
  }
  set {
    name  = "build"
    value = "007"
    type  = "string"
  }
  set {
    name  = "serviceAccount.roleArn"
    value = aws_iam_role.web.arn
  }
  set_list {
    name  = "hosts"
    value = ["a.example.com", "b.example.com"]
  }
  set_sensitive {
    name  = "password"
    value = "s3cret"
  }
}

resource "helm_release" "listed" {
  name  = "listed"
  chart = "charts/web"
  set = [{ name = "replicas", value = "3", type = "string" }, { name = "debug", value = true }]
}

resource "helm_release" "nginx" {
  name       = "nginx"
  repository = "https://kubernetes.github.io/ingress-nginx"
  chart      = "ingress-nginx"
}

resource "helm_release" "missing" {
  name  = "missing"
  chart = "./charts/nope"
}
"#;

/// Loads a Terraform root with a local chart, rendering Helm.
fn load_root() -> (tempfile::TempDir, crate::Loaded) {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("charts/web");
    fs::create_dir_all(chart.join("templates")).unwrap();
    fs::create_dir_all(dir.path().join("values")).unwrap();
    fs::write(chart.join("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n").unwrap();
    fs::write(dir.path().join("values/web.yaml"), "image:\n  repository: nginx\n").unwrap();
    fs::write(dir.path().join("main.tf"), MAIN).unwrap();
    let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    options.render_helm = true;
    let loaded = crate::load(&options).unwrap();
    (dir, loaded)
}

#[test]
fn a_local_chart_helm_release_renders_with_the_providers_values_in_order() {
    let (dir, loaded) = load_root();
    let web = loaded.releases.iter().find(|r| r.request.release_name == "web-release").expect("web released");
    assert!(same_dir(&web.chart_dir, &dir.path().join("charts/web")));
    assert_eq!(web.request.namespace, "apps");
    assert!(web.applies_namespace);
    assert_eq!(web.values_set, "helm_release.web");
    let names: Vec<&str> = web.request.values.files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["helm_release.web.values[0]", "helm_release.web.values[1]"]);
    assert!(web.request.values.files[0].1.contains("replicas") && web.request.values.files[0].1.contains('2'));
    assert_eq!(web.request.values.files[1].1, "image:\n  repository: nginx\n");
    assert_eq!(web.request.values.set, ["image.tag=1.2", "password=s3cret", "hosts={a.example.com,b.example.com}"]);
    assert_eq!(web.request.values.set_string, ["build=007"]);
    let by = web.requested_by.as_ref().unwrap();
    assert_eq!((by.file.as_str(), by.line, by.what.as_str()), ("main.tf", 7, "helm_release.web"));
    let deployed_by = web.deployed_by.expect("linked to its helm_release");
    assert_eq!(loaded.graph.resource(deployed_by).address, "helm_release.web");
}

#[test]
fn the_provider_3_list_form_is_read_and_a_chart_is_not_rendered_again_with_its_own_values() {
    let (_dir, loaded) = load_root();
    let listed = loaded.releases.iter().find(|r| r.request.release_name == "listed").expect("listed released");
    assert_eq!(listed.request.values.set_string, ["replicas=3"]);
    assert_eq!(listed.request.values.set, ["debug=true"]);
    assert_eq!(loaded.releases.len(), 2, "no default render of charts/web: {:?}", loaded.releases);
}

#[test]
fn unknown_values_repository_charts_and_missing_charts_are_noted_not_guessed() {
    let (_dir, loaded) = load_root();
    let notes: Vec<&str> = loaded.skipped.iter().filter(|s| s.file == "main.tf").map(|s| s.reason.as_str()).collect();
    assert!(
        notes.contains(&"helm_release.web: `set` `serviceAccount.roleArn` unknown until apply: rendered without it"),
        "{notes:?}"
    );
    assert!(notes
        .iter()
        .any(|n| n.starts_with("helm_release.nginx: chart `ingress-nginx` comes from the Helm repository")));
    assert!(notes
        .contains(&"helm_release.missing: chart `./charts/nope` is not a chart directory of the scan: not rendered"));
}
