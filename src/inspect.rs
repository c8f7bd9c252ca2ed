//! `tollgate inspect`: the evaluated graph as rules see it (addresses, types, source locations,
//! values with unknowns marked, edges), to debug why a rule did or did not fire.

use crate::cli::{Format, InspectArgs};
use crate::EXIT_PASS;
use serde_json::{json, Value as Json};
use std::fmt::Write as _;
use std::io::Write;
use tollgate_model::sensitive::{is_redacted, SENSITIVE_TEXT};
use tollgate_model::{Graph, MapEntry, Origin, Resource, ResourceId, Value, ValueKind};
use tollgate_pipeline::project::load_project;

/// Version of the `inspect --format json` layout.
pub const INSPECT_SCHEMA_VERSION: u32 = 1;

pub fn run(args: &InspectArgs) -> Result<u8, String> {
    let loaded = load_project(&args.load, &mut |note| eprintln!("{note}"))?;
    let graph = &loaded.graph;
    let selected: Vec<(ResourceId, &Resource)> = graph
        .resources()
        .filter(|(_, r)| args.address.as_deref().is_none_or(|filter| r.address.contains(filter)))
        .collect();
    let output = match args.format {
        Format::Json => {
            let resources: Vec<Json> = selected.iter().map(|(id, r)| resource_json(graph, *id, r)).collect();
            let errors: Vec<Json> = loaded.errors.iter().map(|e| json!(e)).collect();
            let doc = json!({
                "schema_version": INSPECT_SCHEMA_VERSION,
                "resources": resources,
                "errors": errors,
            });
            let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
        Format::Text => selected.iter().map(|(id, r)| resource_text(graph, *id, r)).collect::<Vec<_>>().join("\n"),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.as_bytes());
    Ok(EXIT_PASS)
}

fn origin_json(graph: &Graph, id: ResourceId, resource: &Resource) -> Json {
    match &resource.origin {
        Origin::Terraform(tf) => json!({
            "source": "terraform",
            "block": tf.block.as_str(),
            "module_dir": tf.module_dir,
            "module_path": tf.module_path,
            "environment": tf.environment,
            "root": tf.root,
            "call_chain": tf.call_chain.iter().map(|site| json!({
                "address": site.address,
                "file": graph.sources().path(site.span.file),
                "line": site.span.start.line,
            })).collect::<Vec<_>>(),
        }),
        Origin::Kubernetes(k) => {
            let mut origin = json!({
                "source": "kubernetes",
                "api_version": k.api_version,
                "kind": k.kind,
                "namespace": k.namespace,
                "cluster": k.cluster,
                "document": k.doc_index,
            });
            // Only rendered objects have the key, so manifests' output stays as it was.
            if let (Some(helm), Some(fields)) = (k.helm.as_deref(), origin.as_object_mut()) {
                let generated = graph.generated_paths(id).map(tollgate_model::path_text).collect();
                fields.insert("helm".into(), helm.to_json(generated));
            }
            origin
        }
    }
}

fn edges_json(graph: &Graph, id: ResourceId) -> Json {
    graph
        .edges_from(id)
        .map(|edge| {
            let target = graph.resource(edge.to);
            json!({
                "kind": edge.kind.as_str(),
                "to": target.address,
                "file": graph.sources().path(target.span.file),
                "line": target.span.start.line,
                "via": edge.via,
            })
        })
        .collect()
}

fn resource_json(graph: &Graph, id: ResourceId, resource: &Resource) -> Json {
    json!({
        "address": resource.address,
        "type": resource.type_name,
        "name": resource.name,
        "origin": origin_json(graph, id, resource),
        "file": graph.sources().path(resource.span.file),
        "start_line": resource.span.start.line,
        "end_line": resource.span.end.line,
        // Sensitive values (from plans) are shown as `{"__sensitive__": true}`, never as they are.
        "values": graph.printable_body(id).to_json(),
        "edges": edges_json(graph, id),
    })
}

fn resource_text(graph: &Graph, id: ResourceId, resource: &Resource) -> String {
    let mut out = format!(
        "{}  [{}]  {}:{}-{}\n",
        resource.address,
        resource.type_name,
        graph.sources().path(resource.span.file),
        resource.span.start.line,
        resource.span.end.line
    );
    if let Some(root) = resource.terraform().and_then(|t| t.root.as_deref()) {
        let _ = writeln!(out, "  root: {root}");
    }
    if let Some(env) = resource.terraform().and_then(|t| t.environment.as_deref()) {
        let _ = writeln!(out, "  environment: {env}");
    }
    if let Some(cluster) = resource.cluster() {
        let _ = writeln!(out, "  cluster: {cluster}");
    }
    if let Some(helm) = resource.helm() {
        let _ = writeln!(
            out,
            "  helm: chart {}, release {} (namespace {}), values set {}, template {}",
            helm.chart, helm.release, helm.namespace, helm.values_set, helm.template
        );
    }
    value_text(&graph.printable_body(id), 1, &mut out);
    for edge in graph.edges_from(id) {
        let _ = writeln!(out, "  -> {} {} (via {})", edge.kind.as_str(), graph.resource(edge.to).address, edge.via);
    }
    out
}

/// Indented `key = value  # line N` lines; unknowns as `<unknown reason: source>`.
fn value_text(value: &Value, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match &value.kind {
        ValueKind::Map(entries) => {
            for entry in entries {
                let line = key_line(entry);
                if is_scalar(&entry.value) {
                    let _ = writeln!(out, "{indent}{} = {}  # line {line}", entry.key, scalar_text(&entry.value));
                } else {
                    let _ = writeln!(out, "{indent}{}:  # line {line}", entry.key);
                    value_text(&entry.value, depth + 1, out);
                }
            }
        }
        ValueKind::List(items) => {
            for item in items {
                if is_scalar(item) {
                    let _ = writeln!(out, "{indent}- {}  # line {}", scalar_text(item), item.span.start.line);
                } else {
                    let _ = writeln!(out, "{indent}-  # line {}", item.span.start.line);
                    value_text(item, depth + 1, out);
                }
            }
        }
        _ => {
            let _ = writeln!(out, "{indent}{}", scalar_text(value));
        }
    }
}

/// The line of an entry's key: a YAML mapping's value starts on the line after its key, and a
/// computed value (no key in the source) has only its value's line.
fn key_line(entry: &MapEntry) -> u32 {
    match entry.key_span.start.line {
        0 => entry.value.span.start.line,
        line => line,
    }
}

fn is_scalar(value: &Value) -> bool {
    is_redacted(value)
        || (!matches!(value.kind, ValueKind::Map(ref m) if !m.is_empty())
            && !matches!(value.kind, ValueKind::List(ref l) if !l.is_empty()))
}

fn scalar_text(value: &Value) -> String {
    if is_redacted(value) {
        return SENSITIVE_TEXT.to_string();
    }
    match &value.kind {
        ValueKind::Unknown(u) => format!("<unknown {}: {}>", u.reason.as_str(), u.source.lines().next().unwrap_or("")),
        ValueKind::Map(_) => "{}".to_string(),
        ValueKind::List(_) => "[]".to_string(),
        _ => value.to_json().to_string(),
    }
}
