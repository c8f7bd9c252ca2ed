use super::*;
use std::fs;
use tollgate_model::{FileId, SourceFile};

/// A repository with the chart `charts/web` (values files `values-dev.yaml`, `env/eu.yaml`) and a
/// plain manifest directory `manifests`, and Applications written at `argocd/apps.yaml`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let chart = dir.path().join("estate/charts/web");
        fs::create_dir_all(chart.join("env")).unwrap();
        fs::create_dir_all(dir.path().join("estate/manifests")).unwrap();
        fs::create_dir_all(dir.path().join("estate/argocd")).unwrap();
        fs::create_dir_all(dir.path().join("estate/shared")).unwrap();
        fs::write(chart.join("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n").unwrap();
        fs::write(chart.join("values-dev.yaml"), "replicas: 1\n").unwrap();
        fs::write(chart.join("env/eu.yaml"), "region: eu\n").unwrap();
        fs::write(dir.path().join("estate/shared/common.yaml"), "team: a\n").unwrap();
        Repo { dir }
    }

    fn options(&self) -> LoadOptions {
        LoadOptions::new(vec![self.dir.path().join("estate")])
    }

    /// The releases and notes of the Applications in `yaml`.
    fn plan(&self, yaml: &str) -> Planned {
        let path = self.dir.path().join("estate/argocd/apps.yaml");
        fs::write(&path, yaml).unwrap();
        let source = SourceFile { path: "argocd/apps.yaml".into(), text: yaml.into() };
        let load = tollgate_kubernetes::parse_file(FileId(0), &source);
        assert!(load.errors.is_empty(), "{:?}", load.errors);
        let mut planned = Planned::default();
        for resource in load.resources.iter().filter(|r| is_application(r)) {
            let application = Application { resource, path: path.clone(), shown: source.path.clone() };
            planned.extend(application_releases(&application, &self.options()));
        }
        planned
    }

    fn chart(&self) -> PathBuf {
        self.dir.path().join("estate/charts/web")
    }
}

fn names(release: &Release) -> Vec<&str> {
    release.request.values.files.iter().map(|(name, _)| name.as_str()).collect()
}

const FULL: &str = "apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web-dev
  namespace: argocd
spec:
  source:
    repoURL: https://example.com/org/estate.git
    path: charts/web
    helm:
      releaseName: web
      valueFiles:
        - values-dev.yaml
        - env/eu.yaml
      values: |
        replicas: 5
      parameters:
        - name: image.tag
          value: \"1.2\"
        - name: build
          value: \"007\"
          forceString: true
        - name: debug
          value: true
      fileParameters:
        - name: config
          path: files/app.conf
  destination:
    server: https://kubernetes.default.svc
    namespace: web
";

#[test]
fn a_chart_source_is_a_release_with_argo_cds_values_in_order() {
    let repo = Repo::new();
    let planned = repo.plan(FULL);
    assert!(planned.errors.is_empty() && planned.notes.is_empty(), "{planned:?}");
    let [release] = planned.releases.as_slice() else { panic!("{planned:?}") };
    assert!(same_dir(&release.chart_dir, &repo.chart()));
    assert_eq!(release.request.release_name, "web");
    assert_eq!(release.request.namespace, "web");
    assert!(release.applies_namespace);
    assert_eq!(release.values_set, "web-dev");
    assert_eq!(names(release), ["charts/web/values-dev.yaml", "charts/web/env/eu.yaml", "argocd/apps.yaml (values)"]);
    assert_eq!(release.request.values.files[2].1, "replicas: 5\n");
    assert_eq!(release.request.values.set, ["image.tag=1.2", "debug=true"]);
    assert_eq!(release.request.values.set_string, ["build=007"]);
    let file_parameter = format!("config={}", release.chart_dir.join("files/app.conf").display());
    assert_eq!(release.request.values.set_file, [file_parameter]);
    let by = release.requested_by.as_ref().unwrap();
    assert_eq!((by.file.as_str(), by.line, by.what.as_str()), ("argocd/apps.yaml", 1, "Application web-dev"));
}

use super::super::same_dir;

#[test]
fn values_object_wins_over_values_and_defaults_are_the_application_name_and_no_namespace() {
    let repo = Repo::new();
    let yaml = "apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web-prod
spec:
  source:
    path: charts/web
    helm:
      values: 'replicas: 5'
      valuesObject:
        replicas: 9
  destination:
    server: https://kubernetes.default.svc
";
    let planned = repo.plan(yaml);
    let [release] = planned.releases.as_slice() else { panic!("{planned:?}") };
    assert_eq!(names(release), ["argocd/apps.yaml (valuesObject)"]);
    assert_eq!(release.request.values.files[0].1, r#"{"replicas":9}"#);
    assert_eq!(release.request.release_name, "web-prod");
    assert_eq!(release.request.namespace, "default");
    assert!(!release.applies_namespace);
}

#[test]
fn a_chart_without_a_helm_block_still_renders_with_its_own_values() {
    let repo = Repo::new();
    let yaml =
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: plain\nspec:\n  source:\n    path: \
                charts/web\n  destination:\n    namespace: apps\n";
    let planned = repo.plan(yaml);
    let [release] = planned.releases.as_slice() else { panic!("{planned:?}") };
    assert!(release.request.values.files.is_empty());
    assert_eq!(release.request.namespace, "apps");
}

#[test]
fn sources_that_are_not_charts_of_this_repository_are_noted_not_guessed() {
    let repo = Repo::new();
    let yaml = "apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: others
spec:
  sources:
    - repoURL: https://charts.example.com
      chart: ingress-nginx
      targetRevision: 4.0.0
    - repoURL: https://example.com/org/other.git
      path: charts/elsewhere
    - repoURL: https://example.com/org/estate.git
      path: manifests
";
    let planned = repo.plan(yaml);
    assert!(planned.releases.is_empty() && planned.errors.is_empty(), "{planned:?}");
    let reasons: Vec<&str> = planned.notes.iter().map(|n| n.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2, "a plain manifest directory is scanned as files, not noted: {reasons:?}");
    assert!(reasons[0].starts_with("Application others: chart `ingress-nginx` comes from the Helm repository"));
    assert!(reasons[1].contains("`charts/elsewhere`") && reasons[1].ends_with("not rendered"));
    assert_eq!(planned.notes[0].file, "argocd/apps.yaml");
}

#[test]
fn ref_values_files_resolve_in_the_same_repository_only() {
    let repo = Repo::new();
    let yaml = "apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: multi
spec:
  sources:
    - repoURL: https://example.com/org/estate.git
      path: charts/web
      helm:
        valueFiles:
          - $values/shared/common.yaml
          - values-dev.yaml
    - repoURL: git@example.com:org/estate
      ref: values
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: foreign
spec:
  sources:
    - repoURL: https://example.com/org/estate.git
      path: charts/web
      helm:
        valueFiles:
          - $cfg/web.yaml
    - repoURL: https://example.com/org/config.git
      ref: cfg
";
    let planned = repo.plan(yaml);
    let [release] = planned.releases.as_slice() else { panic!("{planned:?}") };
    assert_eq!(release.values_set, "multi");
    assert_eq!(names(release), ["shared/common.yaml", "charts/web/values-dev.yaml"]);
    let [note] = planned.notes.as_slice() else { panic!("{planned:?}") };
    assert!(note.reason.contains("`$cfg/web.yaml` comes from the source `cfg`"), "{}", note.reason);
}

#[test]
fn a_missing_values_file_is_an_error_at_the_application_unless_ignored() {
    let repo = Repo::new();
    let yaml = "apiVersion: v1
kind: ConfigMap
metadata:
  name: before
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: missing
spec:
  source:
    path: charts/web
    helm:
      valueFiles: [values-dev.yaml, values-nope.yaml]
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: tolerant
spec:
  source:
    path: charts/web
    helm:
      ignoreMissingValueFiles: true
      valueFiles: [values-nope.yaml, values-dev.yaml]
";
    let planned = repo.plan(yaml);
    let [error] = planned.errors.as_slice() else { panic!("{planned:?}") };
    assert_eq!((error.file.as_str(), error.line), ("argocd/apps.yaml", 6));
    assert!(error.message.contains("charts/web/values-nope.yaml"), "{}", error.message);
    let [release] = planned.releases.as_slice() else { panic!("{planned:?}") };
    assert_eq!(release.values_set, "tolerant");
    assert_eq!(names(release), ["charts/web/values-dev.yaml"]);
}

#[test]
fn repository_urls_compare_across_their_spellings() {
    assert!(same_repository("https://github.com/Org/Repo.git", "git@github.com:org/repo"));
    assert!(same_repository("https://github.com/org/repo/", "ssh://github.com/org/repo.git"));
    assert!(!same_repository("https://github.com/org/repo", "https://github.com/org/repo2"));
}
