//! The documents a Rego policy sees: one resource as `input`, the whole graph as `data.tollgate`.
//!
//! Values come from [`Graph::printable_body`] (sensitive values already redacted) through
//! [`tollgate_model::Value::to_json`], so an unknown value is the documented marker
//! `{"__unknown__": reason, "source": text}` a policy can test for.

use serde_json::{json, Map, Value as Json};
use tollgate_model::{Graph, Origin, ResourceId};

/// The `input` document of resource `id`:
/// `{id, address, type, name, origin, file, lines: {start, end}, values}`.
pub fn resource_input(graph: &Graph, id: ResourceId) -> Json {
    let resource = graph.resource(id);
    let origin = match &resource.origin {
        Origin::Terraform(tf) => json!({
            "kind": "terraform",
            "block": tf.block.as_str(),
            "module_dir": tf.module_dir,
            "module_path": tf.module_path,
            "environment": tf.environment,
        }),
        Origin::Kubernetes(kube) => json!({
            "kind": "kubernetes",
            "api_version": kube.api_version,
            "group": kube.group,
            "object_kind": kube.kind,
            "namespace": kube.namespace,
            "name": kube.name,
            "doc_index": kube.doc_index,
        }),
    };
    json!({
        "id": id.0,
        "address": resource.address,
        "type": resource.type_name,
        "name": resource.name,
        "origin": origin,
        "file": graph.sources().path(resource.span.file),
        "lines": {"start": resource.span.start.line, "end": resource.span.end.line.max(resource.span.start.line)},
        "values": graph.printable_body(id).to_json(),
    })
}

/// The graph as `data.tollgate`, loaded once per run: `resources` (a list indexed by the `id` of
/// each input, each entry shaped like an input), `edges`
/// (`{from, to, from_address, to_address, kind, via}`, `from`/`to` being resource ids), and the
/// same edges indexed by resource: `outgoing[id]` and `incoming[id]` (lists of edges), so that
/// following an edge is a lookup, not a scan of every edge.
pub fn graph_data(graph: &Graph) -> Json {
    let resources: Vec<Json> = graph.resources().map(|(id, _)| resource_input(graph, id)).collect();
    let edge_json = |edge: &tollgate_model::Edge| {
        json!({
            "from": edge.from.0,
            "to": edge.to.0,
            "from_address": graph.resource(edge.from).address,
            "to_address": graph.resource(edge.to).address,
            "kind": edge.kind.as_str(),
            "via": edge.via,
        })
    };
    let edges: Vec<Json> = graph.edges().iter().map(edge_json).collect();
    let mut outgoing = vec![Vec::new(); graph.len()];
    let mut incoming = vec![Vec::new(); graph.len()];
    for (edge, json) in graph.edges().iter().zip(&edges) {
        if let Some(list) = outgoing.get_mut(edge.from.0 as usize) {
            list.push(json.clone());
        }
        if let Some(list) = incoming.get_mut(edge.to.0 as usize) {
            list.push(json.clone());
        }
    }
    let mut tollgate = Map::new();
    tollgate.insert("resources".into(), Json::Array(resources));
    tollgate.insert("edges".into(), Json::Array(edges));
    tollgate.insert("outgoing".into(), Json::Array(outgoing.into_iter().map(Json::Array).collect()));
    tollgate.insert("incoming".into(), Json::Array(incoming.into_iter().map(Json::Array).collect()));
    json!({ "tollgate": tollgate })
}
