//! Helm charts in the scan: which releases to render, and their objects in the graph.
//!
//! A chart directory is never read as raw YAML (the walk skips it). With
//! [`LoadOptions::render_helm`] on, each chart is rendered as `helm template` renders it, once per
//! release asking for it:
//! - a values set of `tollgate.toml` (`[helm.charts."DIR".values.NAME]`, module `config`);
//! - an Argo CD `Application` whose source `path` is a chart of the repository (module `argo`);
//! - a Terraform `helm_release` whose `chart` is a local path (module `terraform`);
//! - else the chart alone, with its own `values.yaml` (release: the chart's name, values set
//!   `default`), as Checkov and Trivy render it (module `charts`). Library charts never render on
//!   their own.
//!
//! Each rendered document becomes objects positioned in their template (module `render`), named
//! with their values set, with an edge to the `helm_release` that deploys them.

mod argo;
mod charts;
mod config;
mod marks;
mod render;
mod terraform;

use crate::{display_path, LoadOptions};
use std::path::{Path, PathBuf};
use tollgate_helm::TemplateRequest;
use tollgate_model::{GraphBuilder, LoadError, ResourceId, Skip, SourceMap};

pub use charts::DEFAULT_VALUES_SET;
pub use config::{ChartValuesSets, HelmSettings, ValuesSet};
pub(crate) use render::render_into;

/// One release to render, and what asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// The chart directory on disk.
    pub chart_dir: PathBuf,
    pub request: TemplateRequest,
    /// The name findings give it as their environment.
    pub values_set: String,
    pub requested_by: Option<RequestedBy>,
    /// Whether objects naming no namespace land in the release namespace (a namespace was given:
    /// an Argo CD destination, a `helm_release`, a values set); without one, `helm template` says
    /// nothing of where they go and they stay unspecified.
    pub applies_namespace: bool,
    /// The `helm_release` node that deploys it.
    pub deployed_by: Option<ResourceId>,
    /// Values given as secrets (`set_sensitive`): rendered objects holding them never show them.
    pub sensitive_values: Vec<String>,
    /// Where the objects are deployed from, for `[kubernetes] clusters`: the Application's file,
    /// else the chart directory.
    pub deployed_from: PathBuf,
}

/// Where a release was asked for: the file and line of its Application, `helm_release` or
/// `tollgate.toml`, and what it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedBy {
    pub file: String,
    pub line: u32,
    /// `Application argocd/web`, `helm_release.web`, `values set dev`.
    pub what: String,
}

impl RequestedBy {
    fn error(&self, message: String) -> LoadError {
        LoadError { file: self.file.clone(), line: self.line, column: 1, message }
    }

    fn note(&self, reason: String) -> Skip {
        Skip { file: self.file.clone(), document: None, reason: format!("{}: {reason}", self.what) }
    }

    fn described(&self) -> String {
        format!("{}:{} ({})", self.file, self.line, self.what)
    }
}

/// Every release the scan renders: the values sets of `tollgate.toml`, the Argo CD
/// Applications and `helm_release`s of the graph, then the charts of `chart_dirs` nothing else
/// renders.
pub(crate) fn plan(
    builder: &GraphBuilder,
    sources: &SourceMap,
    chart_dirs: &[PathBuf],
    options: &LoadOptions,
) -> Planned {
    let mut planned = config::configured_releases(options);
    for (id, resource) in builder.resources() {
        let shown = sources.path(resource.span.file).to_string();
        let path = disk_path(&shown, options);
        if argo::is_application(resource) {
            let application = argo::Application { resource, path, shown };
            planned.extend(argo::application_releases(&application, options));
        } else if resource.is_tf_resource("helm_release") {
            let root = resource.terraform().and_then(|o| o.root.as_deref());
            let (module_dir, root_dir) = terraform::module_dirs(&path, root, options);
            let release = terraform::HelmRelease { id, resource, shown, module_dir, root_dir };
            planned.extend(terraform::helm_release(&release, options));
        }
    }
    planned.extend(charts::default_releases(chart_dirs, &planned.releases, options));
    planned
}

/// The file a path shown in reports names (the inverse of [`display_path`]).
pub(crate) fn disk_path(shown: &str, options: &LoadOptions) -> PathBuf {
    match &options.relative_to {
        Some(base) => base.join(shown),
        None => PathBuf::from(shown),
    }
}

/// What the sources asked for, and what they could not.
#[derive(Debug, Default)]
pub struct Planned {
    pub releases: Vec<Release>,
    pub errors: Vec<LoadError>,
    /// Sources that are not rendered, and why (a chart from a Helm repository, a path outside
    /// the repository).
    pub notes: Vec<Skip>,
}

impl Planned {
    fn extend(&mut self, other: Planned) {
        self.releases.extend(other.releases);
        self.errors.extend(other.errors);
        self.notes.extend(other.notes);
    }
}

/// A chart's `Chart.yaml`, as far as choosing releases needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChartMeta {
    pub name: String,
    pub is_library: bool,
}

/// Reads `dir/Chart.yaml`; `None` when the directory is not a chart (no readable `Chart.yaml`).
pub(crate) fn chart_meta(dir: &Path) -> Option<Result<ChartMeta, String>> {
    let text = std::fs::read_to_string(dir.join(CHART_FILE)).ok()?;
    #[derive(serde::Deserialize)]
    struct Raw {
        name: Option<String>,
        #[serde(rename = "type")]
        chart_type: Option<String>,
    }
    Some(match serde_saphyr::from_str::<Raw>(&text) {
        Ok(raw) => Ok(ChartMeta {
            name: raw.name.unwrap_or_else(|| dir_name(dir)),
            is_library: raw.chart_type.as_deref() == Some("library"),
        }),
        Err(error) => Err(format!("Chart.yaml is not a chart's metadata: {error}")),
    })
}

pub(crate) use crate::CHART_FILE;

fn dir_name(dir: &Path) -> String {
    dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The same directory, however it was named (links and `..` resolved when it exists).
pub(crate) fn same_dir(a: &Path, b: &Path) -> bool {
    crate::clusters::resolve(a) == crate::clusters::resolve(b)
}

/// Reads the values files of a release, relative to `base`, in order, as `-f` reads them; a
/// file outside the sandbox or missing is an error at the requester's line (a missing file is
/// skipped instead when `ignore_missing`).
pub(crate) fn read_values_files(
    files: &[PathBuf],
    options: &LoadOptions,
    requested_by: &RequestedBy,
    ignore_missing: bool,
    errors: &mut Vec<LoadError>,
) -> Option<Vec<(String, String)>> {
    let mut read = Vec::new();
    for path in files {
        let shown = display_path(path, options);
        if options.terraform.sandbox.as_ref().is_some_and(|sandbox| !sandbox.contains(path)) {
            errors.push(requested_by.error(format!(
                "values file `{shown}` is outside the scan root, so it is not read and the chart was not rendered; \
                 move it into the project or pass --allow-outside-root"
            )));
            return None;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => read.push((shown, text)),
            Err(_) if ignore_missing && !path.exists() => continue,
            Err(error) => {
                errors.push(requested_by.error(format!(
                    "values file `{shown}` cannot be read ({error}), so the chart was not rendered: fix the path"
                )));
                return None;
            }
        }
    }
    Some(read)
}
