//! Releases asked for by Terraform `helm_release` resources whose `chart` is a local chart
//! directory (relative to the module's directory, else to the root module's: `path.module` may
//! already be in it), with the values the Helm provider passes: `values` (YAML strings, in
//! order, as evaluated: `file`, `templatefile`, `yamlencode`), then `set`, `set_list` and
//! `set_sensitive` (blocks, or the provider 3.x list attribute `set = [{ name, value, type }]`;
//! `type = "string"` is `--set-string`). The release is `name`, the namespace `namespace`
//! (`default` when unset: the provider installs there, so objects naming none land there).
//!
//! A value unknown until apply (a role ARN created in the same plan, say) is not guessed: the
//! release is rendered without it and a note names it. A chart from a Helm repository
//! (`repository`, an `oci://` or URL chart) is not ours to render: a note says so.
//!
//! The values set is the Terraform environment the resource was evaluated for, else its address.

use super::{chart_meta, Planned, Release, RequestedBy};
use crate::LoadOptions;
use std::path::{Path, PathBuf};
use tollgate_helm::{TemplateRequest, UserValues};
use tollgate_model::{Resource, ResourceId, Value};

/// A `helm_release` of the graph, with where its module and root are on disk.
pub(crate) struct HelmRelease<'a> {
    pub id: ResourceId,
    pub resource: &'a Resource,
    /// The file the block is written in, as reports show it.
    pub shown: String,
    pub module_dir: PathBuf,
    /// The root module's directory, when the resource was evaluated from one.
    pub root_dir: Option<PathBuf>,
}

/// The release a `helm_release` asks for, or the note saying why it is not rendered.
pub(crate) fn helm_release(release: &HelmRelease<'_>, options: &LoadOptions) -> Planned {
    let resource = release.resource;
    let requested_by =
        RequestedBy { file: release.shown.clone(), line: resource.span.start.line, what: resource.address.clone() };
    let mut planned = Planned::default();
    let body = &resource.body;
    let chart = match body.get("chart").value() {
        Some(chart) if chart.is_unknown() => {
            planned.notes.push(requested_by.note("`chart` is unknown until apply: not rendered".into()));
            return planned;
        }
        Some(chart) => chart.as_str().unwrap_or_default(),
        None => return planned,
    };
    let repository = body.get("repository").known().and_then(Value::as_str).filter(|r| !r.is_empty());
    if repository.is_some() || chart.contains("://") {
        let from = repository.unwrap_or(chart);
        planned
            .notes
            .push(requested_by.note(format!("chart `{chart}` comes from the Helm repository `{from}`: not rendered")));
        return planned;
    }
    let Some(chart_dir) = local_chart(chart, release, options) else {
        planned
            .notes
            .push(requested_by.note(format!("chart `{chart}` is not a chart directory of the scan: not rendered")));
        return planned;
    };
    let (values, sensitive_values, unknown) = release_values(body, &release.resource.address);
    if !unknown.is_empty() {
        planned.notes.push(requested_by.note(format!(
            "{} unknown until apply: rendered without {}",
            unknown.join(", "),
            if unknown.len() == 1 { "it" } else { "them" }
        )));
    }
    let text = |field: &str| body.get(field).known().and_then(Value::as_str).filter(|s| !s.is_empty());
    let origin = resource.terraform();
    let request = TemplateRequest {
        chart: chart_dir.clone(),
        release_name: text("name").unwrap_or(&resource.name).to_string(),
        namespace: text("namespace").unwrap_or("default").to_string(),
        values,
        kube_version: options.helm.kube_version.clone(),
        include_crds: true,
        ..TemplateRequest::default()
    };
    let values_set = origin.and_then(|o| o.environment.clone()).unwrap_or_else(|| resource.address.clone());
    planned.releases.push(Release {
        deployed_from: chart_dir.clone(),
        chart_dir,
        request,
        values_set,
        requested_by: Some(requested_by),
        applies_namespace: true,
        deployed_by: Some(release.id),
        sensitive_values,
    });
    planned
}

/// The chart directory `chart` names, inside the scan root.
fn local_chart(chart: &str, release: &HelmRelease<'_>, options: &LoadOptions) -> Option<PathBuf> {
    let path = Path::new(chart);
    let candidates: Vec<PathBuf> = if path.is_absolute() {
        vec![path.to_path_buf()]
    } else {
        [Some(&release.module_dir), release.root_dir.as_ref()].into_iter().flatten().map(|dir| dir.join(path)).collect()
    };
    let inside = |dir: &Path| options.terraform.sandbox.as_ref().is_none_or(|s| s.contains(dir));
    candidates.into_iter().find(|dir| inside(dir) && matches!(chart_meta(dir), Some(Ok(_))))
}

/// The provider's values: `values` strings as files, then the `set` family; the texts of the
/// `set_sensitive` values; and what was unknown.
fn release_values(body: &Value, address: &str) -> (UserValues, Vec<String>, Vec<String>) {
    let mut values = UserValues::default();
    let mut sensitive = Vec::new();
    let mut unknown = Vec::new();
    let listed = body.get("values").known().map(Value::items).unwrap_or_default();
    for (i, entry) in listed.iter().enumerate() {
        match entry.as_str() {
            Some(text) => values.files.push((format!("{address}.values[{i}]"), text.to_string())),
            None if entry.contains_unknown() => unknown.push(format!("`values[{i}]`")),
            None => {}
        }
    }
    for block in ["set", "set_sensitive"] {
        for item in entries(body, block) {
            let Some(name) = item.get("name").known().and_then(Value::as_str) else { continue };
            let value = item.get("value").value();
            let Some(value) = value.filter(|v| !v.contains_unknown()) else {
                if value.is_some() {
                    unknown.push(format!("`{block}` `{name}`"));
                }
                continue;
            };
            let is_string = item.get("type").known().and_then(Value::as_str) == Some("string");
            let target = if is_string { &mut values.set_string } else { &mut values.set };
            target.push(format!("{name}={}", scalar(value)));
            if block == "set_sensitive" {
                sensitive.push(scalar(value));
            }
        }
    }
    for item in entries(body, "set_list") {
        let Some(name) = item.get("name").known().and_then(Value::as_str) else { continue };
        match item.get("value").value() {
            Some(list) if !list.contains_unknown() => {
                let items: Vec<String> = list.items().iter().map(scalar).collect();
                values.set.push(format!("{name}={{{}}}", items.join(",")));
            }
            Some(_) => unknown.push(format!("`set_list` `{name}`")),
            None => {}
        }
    }
    (values, sensitive, unknown)
}

/// A block's instances, or the list attribute's objects.
fn entries<'a>(body: &'a Value, field: &str) -> Vec<&'a Value> {
    match body.get(field).known() {
        Some(value) if value.as_map().is_some() => vec![value],
        Some(value) => value.items().iter().collect(),
        None => Vec::new(),
    }
}

/// A value as `--set` text: strings as written, numbers and booleans in their usual form.
fn scalar(value: &Value) -> String {
    value.as_str().map(str::to_string).unwrap_or_else(|| match value.to_json() {
        serde_json::Value::Null => "null".to_string(),
        other => other.to_string(),
    })
}

/// Where a `helm_release`'s module and root are, from the file it is written in.
pub(crate) fn module_dirs(file: &Path, root: Option<&str>, options: &LoadOptions) -> (PathBuf, Option<PathBuf>) {
    let module_dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let root_dir = root.map(|root| super::disk_path(root, options));
    (module_dir, root_dir)
}

#[cfg(test)]
#[path = "terraform_tests.rs"]
mod tests;
