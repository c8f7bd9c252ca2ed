//! A loaded chart: `Chart.yaml`, values, schema, templates, other files and subcharts, built from the
//! chart's files (a directory walked or an archive read by [`crate::loader`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Map, Value as Json};
use tollgate_helm_values::read_values_file;

use crate::HelmError;

/// One file of a chart: its path relative to the chart root (`/`-separated) and its bytes.
pub type ChartFiles = Vec<(String, Vec<u8>)>;

/// Reads a packaged subchart (its bytes, its path for messages) into its files.
pub type ArchiveReader = dyn Fn(&[u8], &str) -> Result<ChartFiles, HelmError>;

/// One `dependencies:` entry of `Chart.yaml` (or of a v1 chart's `requirements.yaml`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DependencySpec {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub alias: Option<String>,
    pub condition: Option<String>,
    pub tags: Vec<String>,
    pub import_values: Vec<Json>,
}

#[derive(Debug, Clone, Default)]
pub struct Chart {
    /// `Chart.yaml` as written.
    pub metadata: Map<String, Json>,
    /// The chart's name; an alias replaces it when the chart is a dependency with one.
    pub name: String,
    pub version: String,
    pub api_version: String,
    pub chart_type: String,
    pub kube_version: Option<String>,
    pub dependencies: Vec<DependencySpec>,
    pub values: Map<String, Json>,
    pub schema: Option<Json>,
    /// Files under `templates/`, path relative to the chart root.
    pub templates: Vec<(String, String)>,
    /// Every other file (what `.Files` sees), `crds/` included.
    pub files: BTreeMap<String, Vec<u8>>,
    pub subcharts: Vec<Chart>,
    /// For each subchart (once resolved), the index of the `dependencies:` entry it answers, if any.
    pub dependency_specs: Vec<Option<usize>>,
    /// Where the chart came from on disk (a directory, or the archive holding it).
    pub origin: PathBuf,
    /// The chart's directory within `origin` when it is inside an archive or a parent (`charts/sub`).
    pub inner_path: String,
}

impl Chart {
    pub fn is_library(&self) -> bool {
        self.chart_type == "library"
    }

    /// The CRD files under `crds/`, sorted by path.
    pub fn crds(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(path, _)| path.starts_with("crds/"))
    }
}

/// Builds a chart from its files; `load_archive` turns a `charts/*.tgz` into files.
pub fn build_chart(
    files: ChartFiles,
    origin: &PathBuf,
    inner_path: &str,
    load_archive: &ArchiveReader,
) -> Result<Chart, HelmError> {
    let mut chart = Chart { origin: origin.clone(), inner_path: inner_path.to_string(), ..Chart::default() };
    let mut subchart_dirs: BTreeMap<String, ChartFiles> = BTreeMap::new();
    let mut archives = Vec::new();
    let mut requirements = None;
    let mut requirements_lock = None;
    let mut chart_yaml = None;
    for (path, data) in files {
        match path.as_str() {
            "Chart.yaml" => chart_yaml = Some(data),
            "values.yaml" => chart.values = read_values(&path, &data, inner_path)?,
            "values.schema.json" => chart.schema = Some(read_schema(&data, inner_path)?),
            "requirements.yaml" => requirements = Some(data),
            "requirements.lock" => requirements_lock = Some(data),
            "Chart.lock" => {}
            _ if path.starts_with("templates/") => chart.templates.push((path.clone(), text_of(&data))),
            _ if path.starts_with("charts/") => {
                let rest = &path["charts/".len()..];
                match rest.split_once('/') {
                    Some((dir, inner)) => {
                        subchart_dirs.entry(dir.to_string()).or_default().push((inner.to_string(), data))
                    }
                    None if rest.ends_with(".tgz") || rest.ends_with(".tar.gz") => archives.push((path.clone(), data)),
                    None => {}
                }
            }
            _ => {
                chart.files.insert(path, data);
            }
        }
    }
    let Some(chart_yaml) = chart_yaml else {
        return Err(load_error(inner_path, "Chart.yaml file is missing"));
    };
    read_metadata(&mut chart, &chart_yaml, requirements.as_deref())?;
    // Helm keeps a v1 chart's requirements files among its .Files; a v2 chart's are only read.
    if chart.api_version == "v1" {
        let kept = [("requirements.yaml", requirements), ("requirements.lock", requirements_lock)];
        for (path, data) in kept {
            if let Some(data) = data {
                chart.files.insert(path.to_string(), data);
            }
        }
    }
    for (dir, files) in subchart_dirs {
        let inner = join(inner_path, &format!("charts/{dir}"));
        chart.subcharts.push(build_chart(files, origin, &inner, load_archive)?);
    }
    for (path, data) in archives {
        let inner = join(inner_path, &path);
        let files = load_archive(&data, &inner)?;
        // Files of a packaged subchart of a chart directory are found in its archive.
        let (sub_origin, sub_inner) =
            if origin.is_dir() { (origin.join(&inner), String::new()) } else { (origin.clone(), inner) };
        chart.subcharts.push(build_chart(files, &sub_origin, &sub_inner, load_archive)?);
    }
    Ok(chart)
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}/{child}")
    }
}

fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

pub fn load_error(inner_path: &str, message: &str) -> HelmError {
    HelmError { chart: inner_path.to_string(), message: message.to_string(), ..HelmError::default() }
}

fn read_values(path: &str, data: &[u8], inner_path: &str) -> Result<Map<String, Json>, HelmError> {
    read_values_file(path, &text_of(data))
        .map_err(|error| load_error(inner_path, &format!("cannot load values.yaml: {error}")))
}

fn read_schema(data: &[u8], inner_path: &str) -> Result<Json, HelmError> {
    serde_json::from_slice(data)
        .map_err(|error| load_error(inner_path, &format!("cannot load values.schema.json: {error}")))
}

fn read_yaml_map(file: &str, data: &[u8], inner_path: &str) -> Result<Map<String, Json>, HelmError> {
    let parsed: Result<Json, _> = serde_saphyr::from_str(&text_of(data));
    match parsed {
        Ok(Json::Object(map)) => Ok(map),
        Ok(Json::Null) => Ok(Map::new()),
        Ok(_) => Err(load_error(inner_path, &format!("cannot load {file}: the top level must be a map"))),
        Err(error) => Err(load_error(inner_path, &format!("cannot load {file}: {error}"))),
    }
}

/// Reads `Chart.yaml` and validates it as Helm's loader does (name, version as semver, apiVersion).
fn read_metadata(chart: &mut Chart, chart_yaml: &[u8], requirements: Option<&[u8]>) -> Result<(), HelmError> {
    let inner_path = chart.inner_path.clone();
    chart.metadata = read_yaml_map("Chart.yaml", chart_yaml, &inner_path)?;
    let field = |name: &str| chart.metadata.get(name).map(scalar_text).unwrap_or_default();
    chart.name = field("name");
    chart.version = field("version");
    chart.api_version = field("apiVersion");
    chart.chart_type = field("type");
    chart.kube_version = Some(field("kubeVersion")).filter(|v| !v.is_empty());
    let invalid = |message: String| Err(load_error(&inner_path, &format!("validation: {message}")));
    if chart.api_version.is_empty() {
        return invalid("chart.metadata.apiVersion is required".into());
    }
    if chart.name.is_empty() {
        return invalid("chart.metadata.name is required".into());
    }
    if chart.version.is_empty() {
        return invalid("chart.metadata.version is required".into());
    }
    if crate::kube_version::parse_version(&chart.version).is_none() {
        return invalid(format!("chart.metadata.version {:?} is invalid", chart.version));
    }
    if !matches!(chart.chart_type.as_str(), "" | "application" | "library") {
        return invalid("chart.metadata.type must be application or library".to_string());
    }
    // Helm reads requirements.yaml over the metadata whatever the apiVersion (warning on v2 charts):
    // its `dependencies`, when it has the key, replace those of Chart.yaml.
    let required = match requirements {
        Some(data) => read_yaml_map("requirements.yaml", data, &inner_path)?.get("dependencies").cloned(),
        None => None,
    };
    let dependencies = required.or_else(|| chart.metadata.get("dependencies").cloned());
    chart.dependencies =
        dependencies.as_ref().and_then(Json::as_array).into_iter().flatten().map(dependency_spec).collect();
    Ok(())
}

fn scalar_text(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn dependency_spec(entry: &Json) -> DependencySpec {
    let text = |name: &str| entry.get(name).map(scalar_text).unwrap_or_default();
    let optional = |name: &str| Some(text(name)).filter(|value| !value.is_empty());
    DependencySpec {
        name: text("name"),
        version: text("version"),
        repository: text("repository"),
        alias: optional("alias"),
        condition: optional("condition"),
        tags: entry.get("tags").and_then(Json::as_array).into_iter().flatten().map(scalar_text).collect(),
        import_values: entry.get("import-values").and_then(Json::as_array).cloned().unwrap_or_default(),
    }
}
