//! Helm charts, ours: loading a chart (a directory or a `.tgz`, its `charts/` and `dependencies`) and
//! rendering it as `helm template` does, on `tollgate-gotemplate`, `tollgate-helm-values` and
//! `tollgate-helm-functions`.
//!
//! [`render`] gives each manifest with the template it came from and, line by line, the template line
//! that produced it; [`template_output`] prints them exactly as `helm template` prints.

mod args;
mod chart;
mod deps;
mod errors;
mod functions;
mod glob;
mod ignore;
mod kube_version;
mod loader;
mod manifests;
mod objects;
mod render;
mod yaml_errors;

use std::fmt;
use std::path::PathBuf;

use tollgate_helm_values::compute_values;
pub use tollgate_helm_values::UserValues;

pub use args::TemplateArgs;
pub use loader::{MAX_CHART_BYTES, MAX_FILES, MAX_FILE_BYTES};

/// What `helm template [NAME] CHART` is asked (its flags).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRequest {
    /// A chart directory or a packaged chart (`.tgz`).
    pub chart: PathBuf,
    /// `helm template` uses `release-name` when NAME is omitted.
    pub release_name: String,
    pub namespace: String,
    pub values: UserValues,
    /// `--kube-version` (Helm's default when `None`).
    pub kube_version: Option<String>,
    /// `--api-versions`, added to the defaults.
    pub api_versions: Vec<String>,
    pub include_crds: bool,
    pub skip_tests: bool,
    pub no_hooks: bool,
    pub is_upgrade: bool,
    /// `--show-only` template paths (`templates/x.yaml`), empty for all.
    pub show_only: Vec<String>,
}

impl Default for TemplateRequest {
    fn default() -> Self {
        TemplateRequest {
            chart: PathBuf::new(),
            release_name: "release-name".into(),
            namespace: "default".into(),
            values: UserValues::default(),
            kube_version: None,
            api_versions: Vec::new(),
            include_crds: false,
            skip_tests: false,
            no_hooks: false,
            is_upgrade: false,
            show_only: Vec::new(),
        }
    }
}

/// A rendered chart, documents in `helm template`'s output order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub chart_name: String,
    pub documents: Vec<RenderedDocument>,
    /// The rendered `NOTES.txt` of the top chart (never a manifest).
    pub notes: Option<String>,
    /// What Helm would print as warnings (values type clashes, ...).
    pub warnings: Vec<String>,
    /// Values produced by random or generating functions (`randAlphaNum`, `genCA`, ...).
    pub generated: Vec<String>,
}

/// One YAML document of the output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedDocument {
    /// What follows `# Source: `: `chart/templates/x.yaml`, `chart/charts/sub/templates/y.yaml`.
    pub source: String,
    /// The template file on disk (for a packaged chart: the archive).
    pub file: PathBuf,
    /// The document, without the `---` and `# Source:` lines: trimmed as Helm trims it; a CRD file
    /// (`is_crd`) whole, as Helm prints it (it may hold several YAML documents).
    pub text: String,
    /// For each line of `text`, the 1-based template line that produced it (0: not known).
    pub lines: Vec<u32>,
    pub is_hook: bool,
    pub is_crd: bool,
}

/// Why a chart could not be rendered, worded as Helm words it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelmError {
    pub chart: String,
    /// The template path (`chart/templates/x.yaml`) when the error is in one.
    pub template: Option<String>,
    pub line: Option<u32>,
    pub message: String,
}

impl fmt::Display for HelmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HelmError {}

/// Renders a chart as `helm template` does.
pub fn render(request: &TemplateRequest) -> Result<Rendered, HelmError> {
    check_release_name(&request.release_name)?;
    if !request.chart.exists() {
        return Err(HelmError {
            message: format!("path {:?} not found", request.chart.display().to_string()),
            ..HelmError::default()
        });
    }
    let mut chart = loader::load_chart(&request.chart)?;
    if chart.is_library() {
        return Err(chart::load_error(&chart.name, "library charts are not installable"));
    }
    deps::check_dependencies(&chart)?;
    deps::resolve_subcharts(&mut chart);
    let (kube, kube_text) = kube_version(request.kube_version.as_deref())?;
    if let Some(constraint) = &chart.kube_version {
        if !kube_version::satisfies(constraint, &kube) {
            let message =
                format!("chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {kube_text}");
            return Err(chart::load_error(&chart.name, &message));
        }
    }
    let read_file = |path: &str| std::fs::read_to_string(path).map_err(|error| format!("open {path}: {error}"));
    let computed = compute_values(&deps::chart_tree(&chart), &request.values, &read_file)
        .map_err(|error| chart::load_error(&chart.name, &error.to_string()))?;
    deps::keep_enabled(&mut chart, &computed.chart);
    let (mut functions, generated) = tollgate_helm_functions::functions(&request.release_name);
    functions::add_helm_functions(&mut functions);
    let release = render::Release {
        release: objects::release(&request.release_name, &request.namespace, request.is_upgrade),
        capabilities: objects::capabilities(&kube, &kube_text, &request.api_versions),
        functions,
    };
    let files = render::render_templates(&chart, objects::values(&computed.values), &release)?;
    let (mut documents, notes) = render::documents(files, &chart.name, request)?;
    if request.include_crds {
        let mut crds = Vec::new();
        render::crd_documents(&chart, &chart.name, &mut crds);
        crds.append(&mut documents);
        documents = crds;
    }
    if !request.show_only.is_empty() {
        documents = manifests::show_only(&documents, &request.show_only)?;
    }
    Ok(Rendered {
        chart_name: chart.name,
        documents,
        notes,
        warnings: computed.warnings,
        generated: generated.values(),
    })
}

/// Helm's release name rule: a DNS subdomain of at most 53 characters.
fn check_release_name(name: &str) -> Result<(), HelmError> {
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if name.len() <= 53 && name.split('.').all(label_ok) {
        return Ok(());
    }
    Err(HelmError {
        message: format!(
            "release name check failed: release name {name:?}: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"
        ),
        ..HelmError::default()
    })
}

/// `--kube-version` (or Helm's default) as a version and as `.Capabilities.KubeVersion.Version` prints it.
fn kube_version(requested: Option<&str>) -> Result<(kube_version::Version, String), HelmError> {
    let text = requested.unwrap_or(objects::DEFAULT_KUBE_VERSION);
    let version = kube_version::parse_version(text).ok_or_else(|| HelmError {
        message: format!("invalid kube version '{text}': could not parse {text:?} as version"),
        ..HelmError::default()
    })?;
    let printed = if text.starts_with('v') { text.to_string() } else { format!("v{text}") };
    Ok((version, printed))
}

/// `helm template`'s output for `rendered`: `---`, `# Source: ...`, the document, for each document.
pub fn template_output(rendered: &Rendered) -> String {
    let mut out = String::new();
    for document in &rendered.documents {
        out.push_str("---\n# Source: ");
        out.push_str(&document.source);
        out.push('\n');
        // Only `--show-only` leaves a document empty (its part after the source line was cut off).
        if !document.text.is_empty() || document.is_crd {
            out.push_str(&document.text);
            out.push('\n');
        }
    }
    out
}
