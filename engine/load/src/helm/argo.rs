//! Releases asked for by Argo CD `Application`s (`argoproj.io`): each source whose `path` is a
//! chart of the scanned repository, rendered with exactly the values the Application gives.
//!
//! The repository root is found from the Application's file: the nearest directory at or above
//! it, within the scan root, where `path` names a chart directory (the git work tree when the
//! estate is the repository, the estate's directory when it is a folder of a larger one). A
//! source whose `path` names no chart anywhere there is not ours to render: a note says so, as
//! does a source with `chart:` (a Helm repository) or a values file at a URL. Nothing is guessed.
//!
//! Values, in Argo CD's order of precedence (lowest first): the chart's `values.yaml`,
//! `helm.valueFiles` (relative to the chart; `$ref/...` resolved through a `ref` source of the
//! same repository URL), `helm.valuesObject`, or else `helm.values` (Argo CD passes one or the
//! other), then `helm.parameters` (`--set`, or `--set-string` with `forceString`) and
//! `helm.fileParameters` (`--set-file`). The release is `helm.releaseName`, else the
//! Application's name; the namespace `destination.namespace`. The values set is the
//! Application's name.

use super::{read_values_files, Planned, Release, RequestedBy, CHART_FILE};
use crate::LoadOptions;
use std::path::{Path, PathBuf};
use tollgate_helm::{TemplateRequest, UserValues};
use tollgate_model::{Resource, Value};

const GROUP: &str = "argoproj.io";

/// An Application of the graph, with where its file is on disk.
pub(crate) struct Application<'a> {
    pub resource: &'a Resource,
    /// The file it was read from (on disk).
    pub path: PathBuf,
    /// The file as reports show it.
    pub shown: String,
}

/// Whether a resource is an Argo CD Application.
pub(crate) fn is_application(resource: &Resource) -> bool {
    resource.kube().is_some_and(|k| k.group == GROUP && k.kind == "Application")
}

/// The releases of every chart source of `application`.
pub(crate) fn application_releases(application: &Application<'_>, options: &LoadOptions) -> Planned {
    let resource = application.resource;
    let name = resource.kube().map(|k| k.name.clone()).unwrap_or_default();
    let requested_by = RequestedBy {
        file: application.shown.clone(),
        line: resource.span.start.line,
        what: format!("Application {name}"),
    };
    let spec = resource.body.get("spec").known();
    let mut sources: Vec<&Value> =
        spec.and_then(|s| s.get("sources").known()).map(|l| l.items().iter().collect()).unwrap_or_default();
    sources.extend(spec.and_then(|s| s.get("source").known()).filter(|s| s.as_map().is_some()));
    let namespace = spec.and_then(|s| s.lookup(&["destination", "namespace"]).known()).and_then(Value::as_str);
    let application_source =
        ApplicationSource { application, name: &name, requested_by: &requested_by, sources: &sources, namespace };
    let mut planned = Planned::default();
    for source in &sources {
        application_source.plan(source, options, &mut planned);
    }
    planned
}

struct ApplicationSource<'a> {
    application: &'a Application<'a>,
    name: &'a str,
    requested_by: &'a RequestedBy,
    /// All sources of the Application (`ref` sources lend their repository to `$ref` values files).
    sources: &'a [&'a Value],
    namespace: Option<&'a str>,
}

impl ApplicationSource<'_> {
    fn plan(&self, source: &Value, options: &LoadOptions, planned: &mut Planned) {
        let repo_url = text(source, "repoURL").unwrap_or_default();
        if let Some(chart) = text(source, "chart") {
            planned.notes.push(self.requested_by.note(format!(
                "chart `{chart}` comes from the Helm repository `{repo_url}`, not from this repository: not rendered"
            )));
            return;
        }
        let Some(path) = text(source, "path") else { return };
        let Some(repo_root) = repository_root(&self.application.path, path, options) else {
            if !self.any_directory(path, options) {
                planned.notes.push(self.requested_by.note(format!(
                    "source path `{path}` ({repo_url}) is not a directory of the scanned repository: not rendered"
                )));
            }
            return;
        };
        let chart_dir = repo_root.join(path);
        let helm = source.get("helm").known();
        let Some(files) = self.value_files(helm, &chart_dir, &repo_root, repo_url, planned) else { return };
        let ignore_missing =
            helm.and_then(|h| h.get("ignoreMissingValueFiles").known()).and_then(Value::as_bool) == Some(true);
        let Some(mut read) = read_values_files(&files, options, self.requested_by, ignore_missing, &mut planned.errors)
        else {
            return;
        };
        read.extend(self.inline_values(helm));
        let mut values = UserValues { files: read, ..UserValues::default() };
        self.parameters(helm, &chart_dir, &mut values);
        let release_name = helm.and_then(|h| text(h, "releaseName")).unwrap_or(self.name);
        let request = TemplateRequest {
            chart: chart_dir.clone(),
            release_name: release_name.to_string(),
            namespace: self.namespace.unwrap_or("default").to_string(),
            values,
            kube_version: options.helm.kube_version.clone(),
            include_crds: true,
            ..TemplateRequest::default()
        };
        planned.releases.push(Release {
            chart_dir,
            request,
            values_set: self.name.to_string(),
            requested_by: Some(self.requested_by.clone()),
            applies_namespace: self.namespace.is_some(),
            deployed_by: None,
            sensitive_values: Vec::new(),
            deployed_from: self.application.path.clone(),
        });
    }

    /// The values files on disk, in order; `None` (with a note) when one cannot be ours.
    fn value_files(
        &self,
        helm: Option<&Value>,
        chart_dir: &Path,
        repo_root: &Path,
        repo_url: &str,
        planned: &mut Planned,
    ) -> Option<Vec<PathBuf>> {
        let listed = helm.and_then(|h| h.get("valueFiles").known()).map(Value::items).unwrap_or_default();
        let mut files = Vec::new();
        for file in listed.iter().filter_map(Value::as_str) {
            if file.contains("://") {
                planned.notes.push(self.requested_by.note(format!("values file `{file}` is a URL: not rendered")));
                return None;
            }
            let Some(reference) = file.strip_prefix('$') else {
                files.push(chart_dir.join(file));
                continue;
            };
            let (name, rest) = reference.split_once('/').unwrap_or((reference, ""));
            let same_repo = self
                .sources
                .iter()
                .find(|s| text(s, "ref") == Some(name))
                .and_then(|s| text(s, "repoURL"))
                .is_some_and(|url| same_repository(url, repo_url));
            if !same_repo {
                planned.notes.push(self.requested_by.note(format!(
                    "values file `{file}` comes from the source `{name}`, not from this repository: not rendered"
                )));
                return None;
            }
            files.push(repo_root.join(rest));
        }
        Some(files)
    }

    /// `valuesObject` (as JSON, which is YAML), or else `values`, as one more values file.
    fn inline_values(&self, helm: Option<&Value>) -> Option<(String, String)> {
        let helm = helm?;
        let shown = &self.application.shown;
        if let Some(object) = helm.get("valuesObject").known().filter(|v| !v.is_null()) {
            return Some((format!("{shown} (valuesObject)"), object.to_json().to_string()));
        }
        let values = helm.get("values").known()?;
        let text = match values.as_str() {
            Some(text) => text.to_string(),
            // Older Applications wrote a mapping here; Argo CD reads it as the same values.
            None => values.to_json().to_string(),
        };
        Some((format!("{shown} (values)"), text))
    }

    /// `parameters` and `fileParameters` as `--set`, `--set-string` and `--set-file`.
    fn parameters(&self, helm: Option<&Value>, chart_dir: &Path, values: &mut UserValues) {
        let Some(helm) = helm else { return };
        for parameter in helm.get("parameters").known().map(Value::items).unwrap_or_default() {
            let Some(name) = text(parameter, "name") else { continue };
            let value = parameter.get("value").known().map(scalar_text).unwrap_or_default();
            let forced = parameter.get("forceString").known().and_then(Value::as_bool) == Some(true);
            let target = if forced { &mut values.set_string } else { &mut values.set };
            target.push(format!("{name}={value}"));
        }
        for parameter in helm.get("fileParameters").known().map(Value::items).unwrap_or_default() {
            if let (Some(name), Some(path)) = (text(parameter, "name"), text(parameter, "path")) {
                values.set_file.push(format!("{name}={}", chart_dir.join(path).display()));
            }
        }
    }

    /// Whether `path` is a directory (not a chart) at any candidate root: a plain-manifest source.
    fn any_directory(&self, path: &str, options: &LoadOptions) -> bool {
        candidate_roots(&self.application.path, options).iter().any(|root| root.join(path).is_dir())
    }
}

/// The nearest directory at or above `file` (within the scan root) where `path` names a chart.
fn repository_root(file: &Path, path: &str, options: &LoadOptions) -> Option<PathBuf> {
    candidate_roots(file, options).into_iter().find(|root| root.join(path).join(CHART_FILE).is_file())
}

/// The directories from `file`'s own up to its scan root (the sandbox's root holding it).
fn candidate_roots(file: &Path, options: &LoadOptions) -> Vec<PathBuf> {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let absolute = tollgate_model::source::normalize_path(&absolute);
    let sandbox = options.terraform.sandbox.as_ref();
    absolute
        .ancestors()
        .skip(1)
        .take_while(|dir| sandbox.is_none_or(|s| s.contains(dir)))
        .map(Path::to_path_buf)
        .collect()
}

/// Whether two repository URLs name one repository (`https://host/org/repo.git` and
/// `git@host:org/repo` do).
fn same_repository(a: &str, b: &str) -> bool {
    fn key(url: &str) -> String {
        let url = url.trim().to_ascii_lowercase();
        let url = ["https://", "http://", "ssh://", "git://"]
            .iter()
            .fold(url, |u, p| u.strip_prefix(p).map(str::to_string).unwrap_or(u));
        let url = url.strip_prefix("git@").map(|u| u.replacen(':', "/", 1)).unwrap_or(url);
        let url = url.trim_end_matches('/');
        url.strip_suffix(".git").unwrap_or(url).to_string()
    }
    key(a) == key(b)
}

fn text<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value.get(field).known().and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A parameter's value as Argo CD passes it (YAML may have read `true` or `2` as non-strings).
fn scalar_text(value: &Value) -> String {
    value.as_str().map(str::to_string).unwrap_or_else(|| match value.to_json() {
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    })
}

#[cfg(test)]
#[path = "argo_tests.rs"]
mod tests;
