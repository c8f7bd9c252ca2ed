//! Inline suppressions in the scan: what the graph tells `tollgate-suppress` (the lines of every
//! block and attribute, the `tollgate.dev/ignore` annotations) and the findings of the built-in
//! suppression checks (TG004-TG006) it gets back.

use crate::config::Config;
use crate::options::SuppressionArgs;
use tollgate_evaluate::EvalOptions;
use tollgate_model::{Catalog, Finding, Graph, Resource, SourceMap, Span, Value, ValueKind};
use tollgate_suppress::{Annotation, Inputs, Layout, Settings};

/// Marks the suppressed findings and adds the findings about suppressions themselves (configured:
/// disabled or re-rated as `tollgate.toml` says). Does nothing when `--no-inline-ignores` or
/// `inline_ignores = false` turns suppressions off.
pub fn apply(
    findings: &mut Vec<Finding>,
    graph: &Graph,
    catalog: &Catalog,
    eval: &EvalOptions,
    config: &Config,
    args: &SuppressionArgs,
) {
    if args.no_inline_ignores || config.inline_ignores == Some(false) {
        return;
    }
    let layout = layout(graph);
    let mut inputs = Inputs::new(graph.sources(), &layout, catalog);
    inputs.annotations = annotations(graph);
    inputs.protected = catalog
        .rules()
        .iter()
        .filter_map(|rule| Some((rule.id.clone(), tollgate_rules::cannot_suppress(&rule.id)?.to_string())))
        .collect();
    let ran = |id: &str| !eval.is_disabled(id);
    inputs.ran = &ran;
    let today = args.today.unwrap_or_else(tollgate_suppress::today_utc);
    let settings = Settings { today, require_reason: config.require_reason };
    let problems = tollgate_suppress::apply(findings, &inputs, &settings);
    findings.extend(tollgate_rules::suppression_findings(&problems).into_iter().filter_map(|f| eval.configure(f)));
}

/// The lines of every resource block and Kubernetes object, and of everything in their bodies.
fn layout(graph: &Graph) -> Layout {
    let sources = graph.sources();
    let mut layout = Layout::default();
    for (_, resource) in graph.resources() {
        let file = sources.path(resource.span.file);
        layout.add_block(file, lines(resource.span));
        add_items(&mut layout, sources, &resource.body);
    }
    layout
}

/// Every map entry (from its key to the end of its value), list item and value of `value`.
fn add_items(layout: &mut Layout, sources: &SourceMap, value: &Value) {
    match &value.kind {
        ValueKind::Map(entries) => {
            for entry in entries {
                let value_span = entry.value.span;
                let same_file = value_span.file == entry.key_span.file;
                let end = if same_file { value_span.end.line.max(entry.key_span.start.line) } else { 0 };
                let start = entry.key_span.start.line;
                layout.add_item(sources.path(entry.key_span.file), (start, end.max(start)));
                add_items(layout, sources, &entry.value);
            }
        }
        ValueKind::List(items) => {
            for item in items {
                layout.add_item(sources.path(item.span.file), lines(item.span));
                add_items(layout, sources, item);
            }
        }
        _ => {}
    }
}

fn lines(span: Span) -> (u32, u32) {
    (span.start.line, span.end.line.max(span.start.line))
}

/// The string annotations of Kubernetes objects (covering the object) and of their pod templates
/// (covering the template); `tollgate-suppress` reads those that are suppressions.
fn annotations(graph: &Graph) -> Vec<Annotation> {
    let sources = graph.sources();
    let mut found = Vec::new();
    for (_, resource) in graph.resources().filter(|(_, r)| r.kube().is_some()) {
        let file = sources.path(resource.span.file);
        let object = (&resource.body, lines(resource.span));
        let templates = pod_templates(resource).map(|template| (template, lines(template.span)));
        for (holder, scope) in std::iter::once(object).chain(templates) {
            let Some(entries) = holder.lookup(&["metadata", "annotations"]).known().and_then(Value::as_map) else {
                continue;
            };
            for entry in entries {
                let Some(value) = entry.value.as_str() else { continue };
                let (key, value) = (entry.key.clone(), value.to_string());
                found.push(Annotation { file: file.to_string(), line: entry.key_span.start.line, key, value, scope });
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The pod templates of a workload: `spec.template` (Deployment, StatefulSet, DaemonSet, Job,
/// ReplicaSet) and `spec.jobTemplate.spec.template` (CronJob).
fn pod_templates(resource: &Resource) -> impl Iterator<Item = &Value> {
    let paths: [&[&str]; 2] = [&["spec", "template"], &["spec", "jobTemplate", "spec", "template"]];
    paths.into_iter().filter_map(|path| resource.body.lookup(path).known())
}
