use super::super::RequestedBy;
use super::*;
use crate::ClusterDir;
use std::fs;
use tollgate_helm::{RenderedDocument, TemplateRequest};
use tollgate_model::Resource;

/// A chart `web` with two templates, in a scan of `dir`.
fn chart() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("charts/web");
    fs::create_dir_all(chart.join("templates")).unwrap();
    fs::write(chart.join("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n").unwrap();
    let deployment = "{{- range .Values.apps }}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ . }}\n\
                      spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx\n{{- end }}\n";
    fs::write(chart.join("templates/deployment.yaml"), deployment).unwrap();
    fs::write(chart.join("templates/sa.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n")
        .unwrap();
    (dir, chart)
}

fn deployment(chart: &Path, name: &str) -> RenderedDocument {
    let text = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      \
         containers:\n        - name: app\n          image: nginx\n"
    );
    RenderedDocument {
        source: "web/templates/deployment.yaml".into(),
        file: chart.join("templates/deployment.yaml"),
        text,
        lines: vec![3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        ..RenderedDocument::default()
    }
}

fn release(chart: &Path, values_set: &str, deployed_by: Option<ResourceId>) -> Release {
    Release {
        chart_dir: chart.to_path_buf(),
        request: TemplateRequest { release_name: "web".into(), namespace: "apps".into(), ..TemplateRequest::default() },
        values_set: values_set.into(),
        requested_by: Some(RequestedBy { file: "main.tf".into(), line: 3, what: "helm_release.web".into() }),
        applies_namespace: true,
        deployed_by,
        sensitive_values: Vec::new(),
        deployed_from: chart.to_path_buf(),
    }
}

/// A stand-in for the `helm_release` node the objects are deployed by.
fn helm_release_node() -> Resource {
    tollgate_kubernetes::parse_file(
        FileId(0),
        &tollgate_model::SourceFile {
            path: "x.yaml".into(),
            text: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n".into(),
        },
    )
    .resources
    .remove(0)
}

#[test]
fn rendered_documents_become_objects_in_their_templates_deployed_by_their_release() {
    let (dir, chart) = chart();
    let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    options.clusters = vec![ClusterDir { name: "charts".into(), dir: dir.path().join("charts") }];
    let mut builder = GraphBuilder::new(vec![helm_release_node()]);
    let mut sources = SourceMap::new();
    sources.add("x.yaml", "");
    let sa = RenderedDocument {
        source: "web/templates/sa.yaml".into(),
        file: chart.join("templates/sa.yaml"),
        text: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n".into(),
        lines: vec![1, 2, 3, 4],
        ..RenderedDocument::default()
    };
    let rendered = Rendered {
        chart_name: "web".into(),
        documents: vec![deployment(&chart, "a"), sa, deployment(&chart, "b")],
        ..Rendered::default()
    };
    let mut templates = Templates { ids: HashMap::new(), sources: &mut sources, options: &options };
    let mut outcome = RenderOutcome::default();
    add_release(&mut builder, &mut templates, &release(&chart, "prod", Some(ResourceId(0))), &rendered, &mut outcome);
    assert!(outcome.errors.is_empty() && outcome.skipped.is_empty(), "{outcome:?}");

    let paths: Vec<&str> = sources.iter().map(|(_, f)| f.path.as_str()).collect();
    assert_eq!(paths, ["x.yaml", "charts/web/templates/deployment.yaml", "charts/web/templates/sa.yaml"]);
    assert!(sources.get(FileId(1)).unwrap().text.contains("range .Values.apps"), "the template's own text");
    let objects = &builder.resources[1..];
    let addresses: Vec<&str> = objects.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["Deployment/apps/a@prod", "ServiceAccount/apps/web@prod", "Deployment/apps/b@prod"]);
    let files: Vec<u32> = objects.iter().map(|r| r.span.file.0).collect();
    assert_eq!(files, [1, 2, 1]);
    let doc_indexes: Vec<u32> = objects.iter().map(|r| r.kube().unwrap().doc_index).collect();
    assert_eq!(doc_indexes, [0, 0, 1], "counted per template");
    assert_eq!((objects[0].span.start.line, objects[0].span.end.line), (3, 12));
    let helm = objects[2].helm().unwrap();
    assert_eq!(helm.chart, "charts/web");
    assert_eq!((helm.chart_name.as_str(), helm.release.as_str(), helm.namespace.as_str()), ("web", "web", "apps"));
    assert_eq!(helm.template, "web/templates/deployment.yaml");
    assert_eq!(helm.requested_by.as_deref(), Some("main.tf:3 (helm_release.web)"));
    assert!(objects.iter().all(|r| r.cluster() == Some("charts")));
    let graph = builder.build(sources);
    let deployed: Vec<(u32, u32)> =
        graph.edges().iter().filter(|e| e.kind == EdgeKind::DeployedBy).map(|e| (e.from.0, e.to.0)).collect();
    assert_eq!(deployed, [(1, 0), (2, 0), (3, 0)]);
}

#[test]
fn two_values_sets_give_two_sets_of_objects_sharing_the_template_file() {
    let (dir, chart) = chart();
    let options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    let mut builder = GraphBuilder::new(Vec::new());
    let mut sources = SourceMap::new();
    let rendered =
        Rendered { chart_name: "web".into(), documents: vec![deployment(&chart, "a")], ..Rendered::default() };
    let mut templates = Templates { ids: HashMap::new(), sources: &mut sources, options: &options };
    let mut outcome = RenderOutcome::default();
    for set in ["dev", "prod"] {
        add_release(&mut builder, &mut templates, &release(&chart, set, None), &rendered, &mut outcome);
    }
    assert_eq!(sources.len(), 1);
    let addresses: Vec<&str> = builder.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["Deployment/apps/a@dev", "Deployment/apps/a@prod"]);
    assert!(builder.resources[0].is_alternative_render_of(&builder.resources[1]));
}

#[test]
fn a_render_error_points_at_its_template_line_else_at_chart_yaml() {
    let (dir, chart) = chart();
    let options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    let error = HelmError {
        chart: "web".into(),
        template: Some("web/templates/deployment.yaml".into()),
        line: Some(6),
        message: "execution error at (web/templates/deployment.yaml:6:12): image is required".into(),
    };
    let release = release(&chart, "prod", None);
    let at = render_error(&release, &error, &options);
    assert_eq!((at.file.as_str(), at.line), ("charts/web/templates/deployment.yaml", 6));
    assert_eq!(
        at.message,
        "Helm chart `charts/web` (values set `prod` for main.tf:3 (helm_release.web)) was not rendered, so nothing in \
         it was checked: execution error at (web/templates/deployment.yaml:6:12): image is required"
    );
    let no_template = HelmError {
        template: None,
        line: None,
        message: "found in Chart.yaml, but missing in charts/ directory: db".into(),
        ..error
    };
    let at = render_error(&release, &no_template, &options);
    assert_eq!((at.file.as_str(), at.line), ("charts/web/Chart.yaml", 1));
    assert_eq!(template_path(&chart, "web/charts/db/templates/x.yaml"), chart.join("charts/db/templates/x.yaml"));
}
