//! Rendering the planned releases and putting their objects into the graph: each template file
//! is registered in the source map (reports show its lines), each rendered document is loaded as
//! Kubernetes objects positioned in it, and each object of a `helm_release` gets an edge to it.
//! A release that does not render is an error at its template and line (else its `Chart.yaml`),
//! and the rest of the scan goes on.

use super::marks::{mark_values, Marks};
use super::{Release, CHART_FILE};
use crate::{display_path, read_text, LoadOptions};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tollgate_helm::{HelmError, Rendered};
use tollgate_kubernetes::{parse_rendered, RenderedManifest};
use tollgate_model::{EdgeKind, FileId, GraphBuilder, HelmOrigin, LoadError, Origin, ResourceId, Skip, SourceMap};

/// What rendering added besides objects.
#[derive(Debug, Default)]
pub(crate) struct RenderOutcome {
    pub errors: Vec<LoadError>,
    pub skipped: Vec<Skip>,
}

/// Renders every release (in parallel) and adds its objects to `builder`, in release order.
pub(crate) fn render_into(
    builder: &mut GraphBuilder,
    sources: &mut SourceMap,
    releases: &[Release],
    options: &LoadOptions,
) -> RenderOutcome {
    let results: Vec<Result<Rendered, HelmError>> =
        releases.par_iter().map(|release| tollgate_helm::render(&release.request)).collect();
    let mut templates = Templates { ids: HashMap::new(), sources, options };
    let mut outcome = RenderOutcome::default();
    for (release, result) in releases.iter().zip(results) {
        match result {
            Ok(rendered) => add_release(builder, &mut templates, release, &rendered, &mut outcome),
            Err(error) => outcome.errors.push(render_error(release, &error, options)),
        }
    }
    outcome
}

/// The template files registered so far.
struct Templates<'a> {
    ids: HashMap<PathBuf, (FileId, String)>,
    sources: &'a mut SourceMap,
    options: &'a LoadOptions,
}

impl Templates<'_> {
    /// The template's id and shown path, registering it on first use (a packaged chart's archive
    /// has no text to show: its lines stay empty).
    fn file(&mut self, path: &Path) -> (FileId, String) {
        if let Some(known) = self.ids.get(path) {
            return known.clone();
        }
        let shown = display_path(path, self.options);
        let text = read_text(path, self.options.max_file_bytes).unwrap_or_default();
        let id = self.sources.add(shown.clone(), text);
        self.ids.insert(path.to_path_buf(), (id, shown.clone()));
        (id, shown)
    }
}

fn add_release(
    builder: &mut GraphBuilder,
    templates: &mut Templates<'_>,
    release: &Release,
    rendered: &Rendered,
    outcome: &mut RenderOutcome,
) {
    let base = HelmOrigin {
        chart: display_path(&release.chart_dir, templates.options),
        chart_name: rendered.chart_name.clone(),
        release: release.request.release_name.clone(),
        namespace: release.request.namespace.clone(),
        values_set: release.values_set.clone(),
        template: String::new(),
        requested_by: release.requested_by.as_ref().map(|by| by.described()),
    };
    let applied_namespace = release.applies_namespace.then_some(release.request.namespace.as_str());
    let cluster = crate::clusters::cluster_for(&release.deployed_from, &templates.options.clusters);
    let marks = Marks { sensitive: &release.sensitive_values, generated: &rendered.generated };
    for text in &release.sensitive_values {
        builder.add_sensitive_text(text);
    }
    let mut per_template: HashMap<&str, u32> = HashMap::new();
    for document in &rendered.documents {
        let (file, path) = templates.file(&document.file);
        let index = per_template.entry(document.source.as_str()).or_default();
        let helm = HelmOrigin { template: document.source.clone(), ..base.clone() };
        let manifest = RenderedManifest {
            file,
            path: &path,
            text: &document.text,
            lines: &document.lines,
            doc_index: *index,
            helm: &helm,
            applied_namespace,
        };
        *index += 1;
        let load = parse_rendered(&manifest);
        for mut resource in load.resources {
            if let Origin::Kubernetes(origin) = &mut resource.origin {
                origin.cluster = cluster.clone();
            }
            let id = ResourceId(builder.resources.len() as u32);
            builder.resources.push(resource);
            mark_values(builder, id, &marks);
            if let Some(by) = release.deployed_by {
                builder.add_edge(id, by, EdgeKind::DeployedBy, "helm_release");
            }
        }
        outcome.errors.extend(load.errors);
        outcome.skipped.extend(load.skipped);
    }
}

/// A render error at its template and line, else at the chart's `Chart.yaml`.
fn render_error(release: &Release, error: &HelmError, options: &LoadOptions) -> LoadError {
    let template = error.template.as_deref().map(|t| template_path(&release.chart_dir, t)).filter(|p| p.is_file());
    let (file, line) = match template {
        Some(path) => (path, error.line.unwrap_or(1)),
        None => (release.chart_dir.join(CHART_FILE), 1),
    };
    let asked = release.requested_by.as_ref().map(|by| format!(" for {}", by.described())).unwrap_or_default();
    let message = format!(
        "Helm chart `{}` (values set `{}`{asked}) was not rendered, so nothing in it was checked: {}",
        display_path(&release.chart_dir, options),
        release.values_set,
        error.message
    );
    LoadError { file: display_path(&file, options), line: line.max(1), column: 1, message }
}

/// The file on disk of a template named as `# Source:` names it (`web/templates/x.yaml`,
/// `web/charts/db/templates/y.yaml`): the chart's name is its first segment.
fn template_path(chart_dir: &Path, template: &str) -> PathBuf {
    let inside = template.split_once('/').map_or(template, |(_, rest)| rest);
    chart_dir.join(inside)
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
