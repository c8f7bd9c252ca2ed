//! Rendering a loaded chart as Helm's engine does: every template of the chart and its enabled
//! subcharts parsed into one set (deepest paths first, so a parent's `define` wins over a subchart's),
//! each non-partial template executed with its chart's objects, `<no value>` removed, then the
//! documents split, read and ordered as `helm template` prints them.

use std::collections::BTreeMap;
use std::sync::Arc;

use tollgate_gotemplate::{Functions, Limits, MissingKey, Options, Templates, Value};

use crate::chart::Chart;
use crate::errors::{execution_error, parse_error};
use crate::manifests::{is_known_hook, is_test_hook, read_head, sort_by_kind, split_documents};
use crate::{objects, HelmError, RenderedDocument, TemplateRequest};

/// Nested `template`/`include`/`tpl` calls; above Helm's own `include` limit so Helm's message wins.
const MAX_TEMPLATE_DEPTH: usize = 1_100;

/// What all the templates of one release may write together (one template's limit is the engine's).
pub const MAX_RENDERED_BYTES: usize = 256 * 1024 * 1024;

/// One template to parse and (unless a partial) execute, with the objects of its chart.
struct Renderable {
    /// `chart/templates/x.yaml`, `chart/charts/sub/templates/y.yaml`.
    name: String,
    text: String,
    base_path: String,
    /// The chart's objects, without `.Template`.
    objects: Arc<BTreeMap<String, Value>>,
    file: std::path::PathBuf,
}

/// The objects shared by every chart of the release.
pub struct Release {
    pub release: Value,
    pub capabilities: Value,
    pub functions: Functions,
}

/// Collects the templates of `chart` and its subcharts; returns the chart's objects (for `.Subcharts`).
fn collect(chart: &Chart, path: &str, values: Value, release: &Release, out: &mut Vec<Renderable>) -> Value {
    let mut subcharts = BTreeMap::new();
    for sub in &chart.subcharts {
        let sub_values = match &values {
            Value::Map(map) => match map.get(&sub.name) {
                Some(section @ Value::Map(_)) => section.clone(),
                _ => Value::map(BTreeMap::new()),
            },
            _ => Value::map(BTreeMap::new()),
        };
        let sub_path = format!("{path}/charts/{}", sub.name);
        subcharts.insert(sub.name.clone(), collect(sub, &sub_path, sub_values, release, out));
    }
    let mut objects = BTreeMap::new();
    objects.insert("Chart".to_string(), objects::chart_metadata(chart, !path.contains('/')));
    objects.insert("Files".to_string(), objects::files(Arc::new(chart.files.clone()), &release.functions));
    objects.insert("Release".to_string(), release.release.clone());
    objects.insert("Capabilities".to_string(), release.capabilities.clone());
    objects.insert("Values".to_string(), objects::typed_values(values, &release.functions));
    objects.insert("Subcharts".to_string(), Value::map(subcharts));
    let objects = Arc::new(objects);
    for (template_path, text) in &chart.templates {
        let base = template_path.rsplit('/').next().unwrap_or(template_path);
        // A library chart only lends its partials.
        if chart.is_library() && !base.starts_with('_') {
            continue;
        }
        out.push(Renderable {
            name: format!("{path}/{template_path}"),
            text: text.clone(),
            base_path: format!("{path}/templates"),
            objects: objects.clone(),
            file: template_file(chart, template_path),
        });
    }
    Value::map((*objects).clone())
}

fn template_file(chart: &Chart, template_path: &str) -> std::path::PathBuf {
    if chart.origin.is_dir() {
        let inner = if chart.inner_path.is_empty() {
            template_path.to_string()
        } else {
            format!("{}/{template_path}", chart.inner_path)
        };
        chart.origin.join(inner)
    } else {
        chart.origin.clone()
    }
}

/// Helm's parse order: more `/` first, then names in reverse order; later definitions win.
fn parse_order(templates: &mut [Renderable]) {
    templates.sort_by(|a, b| {
        let depth = |name: &str| name.matches('/').count();
        depth(&b.name).cmp(&depth(&a.name)).then_with(|| b.name.cmp(&a.name))
    });
}

fn is_partial(name: &str) -> bool {
    name.rsplit('/').next().unwrap_or(name).starts_with('_')
}

/// A rendered template file: its text and, per line, the template line that wrote it.
pub struct RenderedFile {
    pub name: String,
    pub text: String,
    pub lines: Vec<u32>,
    pub file: std::path::PathBuf,
}

/// Parses and executes every template; the rendered non-partial files sorted by name.
pub fn render_templates(chart: &Chart, values: Value, release: &Release) -> Result<Vec<RenderedFile>, HelmError> {
    let mut templates = Vec::new();
    collect(chart, &chart.name, values, release, &mut templates);
    parse_order(&mut templates);
    let options = Options {
        missing_key: MissingKey::Zero,
        limits: Limits { max_template_depth: MAX_TEMPLATE_DEPTH, ..Limits::default() },
    };
    let mut set = Templates::with_functions(release.functions.clone()).with_options(options);
    for template in &templates {
        set.parse(&template.name, &template.text).map_err(|error| parse_error(&chart.name, &error))?;
    }
    let mut rendered = Vec::new();
    let mut total = 0;
    for template in templates.iter().filter(|t| !is_partial(&t.name)) {
        let mut data = (*template.objects).clone();
        data.insert("Template".to_string(), objects::template(&template.name, &template.base_path));
        let (text, lines) = set
            .execute_traced(&template.name, &Value::map(data))
            .map_err(|error| execution_error(&chart.name, &error))?;
        // Helm removes what Go prints for missing values; it holds no newline, so lines stay aligned.
        let text = text.replace("<no value>", "");
        total += text.len();
        if total > MAX_RENDERED_BYTES {
            let message =
                format!("rendered output exceeds the limit of {MAX_RENDERED_BYTES} bytes at {}", template.name);
            return Err(HelmError {
                chart: chart.name.clone(),
                template: Some(template.name.clone()),
                line: None,
                message,
            });
        }
        rendered.push(RenderedFile { name: template.name.clone(), text, lines, file: template.file.clone() });
    }
    rendered.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rendered)
}

/// What `helm template` makes of the rendered files: the notes of the top chart, manifests in install
/// order, then hooks (unless `--no-hooks`; test hooks unless `--skip-tests`).
pub fn documents(
    files: Vec<RenderedFile>,
    chart_name: &str,
    request: &TemplateRequest,
) -> Result<(Vec<RenderedDocument>, Option<String>), HelmError> {
    let notes_name = format!("{chart_name}/templates/NOTES.txt");
    let mut notes = None;
    let mut manifests = Vec::new();
    let mut hooks = Vec::new();
    for file in files {
        if file.name.ends_with("NOTES.txt") {
            if file.name == notes_name {
                notes = Some(file.text);
            }
            continue;
        }
        if file.text.trim().is_empty() {
            continue;
        }
        for (text, first_line) in split_documents(&file.text) {
            let head = read_head(&file.name, &text).map_err(|error| HelmError {
                chart: chart_name.to_string(),
                line: error
                    .line
                    .and_then(|line| file.lines.get((first_line + line as usize).saturating_sub(1)).copied()),
                ..error
            })?;
            let count = text.lines().count().max(1);
            let lines = (first_line..first_line + count).map(|i| file.lines.get(i).copied().unwrap_or(0)).collect();
            let is_hook = head.hook_events.is_some();
            let document = RenderedDocument {
                source: file.name.clone(),
                file: file.file.clone(),
                text,
                lines,
                is_hook,
                is_crd: false,
            };
            match head.hook_events {
                None => manifests.push((head.kind, document)),
                Some(events) if !is_known_hook(&events) => {}
                Some(events) if request.no_hooks || (request.skip_tests && is_test_hook(&events)) => {}
                Some(_) => hooks.push((head.kind, document)),
            }
        }
    }
    sort_by_kind(&mut manifests);
    sort_by_kind(&mut hooks);
    let documents = manifests.into_iter().chain(hooks).map(|(_, document)| document).collect();
    Ok((documents, notes))
}

/// The CRD files of the chart and its enabled subcharts (`.yaml`, `.yml`, `.json` under `crds/`), each
/// printed whole as Helm prints it.
pub fn crd_documents(chart: &Chart, path: &str, out: &mut Vec<RenderedDocument>) {
    for (file, data) in chart.crds() {
        if !(file.ends_with(".yaml") || file.ends_with(".yml") || file.ends_with(".json")) {
            continue;
        }
        let text = String::from_utf8_lossy(data).into_owned();
        let lines = (1..=text.lines().count() as u32).collect();
        out.push(RenderedDocument {
            source: format!("{path}/{file}"),
            file: template_file(chart, file),
            text,
            lines,
            is_hook: false,
            is_crd: true,
        });
    }
    for sub in &chart.subcharts {
        crd_documents(sub, &format!("{path}/charts/{}", sub.name), out);
    }
}
