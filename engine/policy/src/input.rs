//! The documents a Rego policy sees: one resource as `input`, the whole graph as `data.tollgate`.
//!
//! Values come from [`Graph::printable_body`] (sensitive values already redacted), as
//! [`tollgate_model::Value::to_json`] writes them, so an unknown value is the documented marker
//! `{"__unknown__": reason, "source": text}` (with `"provider"` for a data source's value) a policy can test for. For evaluation they are
//! converted straight to regorus values ([`rego_value`]): going through `serde_json` was a fifth
//! of a large scan's time.

use rayon::prelude::*;
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use tollgate_model::{path_text, Graph, HelmOrigin, Number, Origin, ResourceId, Value, ValueKind};

/// The `input` document of resource `id`:
/// `{id, address, type, name, origin, file, lines: {start, end}, values}`, its values converted
/// without an intermediate JSON document.
fn resource_input_value(graph: &Graph, id: ResourceId) -> regorus::Value {
    let mut input = regorus::Value::from(input_envelope(graph, id));
    if let Ok(fields) = input.as_object_mut() {
        fields.extend([(regorus::Value::from("values"), rego_value(&graph.printable_body(id)))]);
    }
    input
}

/// A model value as regorus sees it: the same document [`Value::to_json`] gives.
pub(crate) fn rego_value(value: &Value) -> regorus::Value {
    match &value.kind {
        ValueKind::Null => regorus::Value::Null,
        ValueKind::Bool(b) => regorus::Value::from(*b),
        ValueKind::Number(Number::Int(i)) => regorus::Value::from(*i),
        // JSON has no NaN or infinity: `to_json` writes them as null.
        ValueKind::Number(Number::Float(f)) if !f.is_finite() => regorus::Value::Null,
        ValueKind::Number(Number::Float(f)) => regorus::Value::from(*f),
        ValueKind::String(s) => regorus::Value::from(s.as_str()),
        ValueKind::List(items) => regorus::Value::from(items.iter().map(rego_value).collect::<Vec<_>>()),
        ValueKind::Map(entries) => regorus::Value::from(
            entries
                .iter()
                .map(|e| (regorus::Value::from(e.key.as_str()), rego_value(&e.value)))
                .collect::<BTreeMap<_, _>>(),
        ),
        ValueKind::Unknown(u) => {
            let mut marker = BTreeMap::new();
            marker.insert(regorus::Value::from("__unknown__"), regorus::Value::from(u.reason.as_str()));
            marker.insert(regorus::Value::from("source"), regorus::Value::from(u.source.as_str()));
            if let Some(provider) = &u.provider {
                marker.insert(regorus::Value::from("provider"), regorus::Value::from(provider.as_str()));
            }
            regorus::Value::from(marker)
        }
    }
}

/// The input of resource `id` without its `values`.
fn input_envelope(graph: &Graph, id: ResourceId) -> Json {
    let resource = graph.resource(id);
    let origin = match &resource.origin {
        Origin::Terraform(tf) => json!({
            "kind": "terraform",
            "block": tf.block.as_str(),
            "module_dir": tf.module_dir,
            "module_path": tf.module_path,
            "environment": tf.environment,
            "root": tf.root,
        }),
        Origin::Kubernetes(kube) => json!({
            "kind": "kubernetes",
            "api_version": kube.api_version,
            "group": kube.group,
            "object_kind": kube.kind,
            "namespace": kube.namespace,
            "name": kube.name,
            "doc_index": kube.doc_index,
            "cluster": kube.cluster,
            "helm": resource.helm().map(|helm| helm_input(graph, id, helm)),
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
    })
}

/// The Helm release that rendered an object, with the paths of the values its generating
/// functions made up (a policy should not judge those as the user's).
fn helm_input(graph: &Graph, id: ResourceId, helm: &HelmOrigin) -> Json {
    helm.to_json(graph.generated_paths(id).map(path_text).collect())
}

/// The documents of resource mode, built once per run: every resource's `input` (shared, not
/// rebuilt per evaluation) and the graph as `data.tollgate`, whose `resources` are the same
/// values (regorus values share their contents, so the graph is held once).
pub(crate) struct GraphDocuments {
    /// `inputs[id]` is the `input` of resource `id`.
    pub inputs: Vec<regorus::Value>,
    /// `{"tollgate": {resources, edges, outgoing, incoming, by_type}}`.
    pub data: regorus::Value,
}

/// Builds [`GraphDocuments`]: inputs in parallel; then `data.tollgate` = `resources` (a list
/// indexed by the `id` of each input), `edges` (`{from, to, from_address, to_address, kind, via}`,
/// `from`/`to` being resource ids), the same edges indexed by resource (`outgoing[id]`,
/// `incoming[id]`), so that following an edge is a lookup, not a scan of every edge, and
/// `by_type[type]` (the ids of the resources of each type, in id order), so that a rule looking
/// for the resources of one type does not scan the whole graph.
pub(crate) fn graph_documents(graph: &Graph) -> GraphDocuments {
    let ids: Vec<ResourceId> = graph.resources().map(|(id, _)| id).collect();
    let inputs: Vec<regorus::Value> = ids.par_iter().map(|&id| resource_input_value(graph, id)).collect();
    let edges: Vec<regorus::Value> = graph
        .edges()
        .par_iter()
        .map(|edge| {
            regorus::Value::from(json!({
                "from": edge.from.0,
                "to": edge.to.0,
                "from_address": graph.resource(edge.from).address,
                "to_address": graph.resource(edge.to).address,
                "kind": edge.kind.as_str(),
                "via": edge.via,
            }))
        })
        .collect();
    let mut outgoing = vec![Vec::new(); graph.len()];
    let mut incoming = vec![Vec::new(); graph.len()];
    for (edge, value) in graph.edges().iter().zip(&edges) {
        if let Some(list) = outgoing.get_mut(edge.from.0 as usize) {
            list.push(value.clone());
        }
        if let Some(list) = incoming.get_mut(edge.to.0 as usize) {
            list.push(value.clone());
        }
    }
    let mut by_type: BTreeMap<regorus::Value, Vec<regorus::Value>> = BTreeMap::new();
    for (id, resource) in graph.resources() {
        by_type.entry(regorus::Value::from(resource.type_name.as_str())).or_default().push(regorus::Value::from(id.0));
    }
    let list = |items: Vec<Vec<regorus::Value>>| {
        regorus::Value::from(items.into_iter().map(regorus::Value::from).collect::<Vec<_>>())
    };
    let mut tollgate = BTreeMap::new();
    tollgate.insert(regorus::Value::from("resources"), regorus::Value::from(inputs.clone()));
    tollgate.insert(regorus::Value::from("edges"), regorus::Value::from(edges));
    tollgate.insert(regorus::Value::from("outgoing"), list(outgoing));
    tollgate.insert(regorus::Value::from("incoming"), list(incoming));
    tollgate.insert(
        regorus::Value::from("by_type"),
        regorus::Value::from(
            by_type.into_iter().map(|(k, v)| (k, regorus::Value::from(v))).collect::<BTreeMap<_, _>>(),
        ),
    );
    let mut data = BTreeMap::new();
    data.insert(regorus::Value::from("tollgate"), regorus::Value::from(tollgate));
    GraphDocuments { inputs, data: regorus::Value::from(data) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{Span, Unknown, UnknownReason};

    fn value(kind: ValueKind) -> Value {
        Value { kind, span: Span::default() }
    }

    #[test]
    fn regorus_values_are_the_json_document() {
        let entry =
            |key: &str, v: Value| tollgate_model::MapEntry { key: key.into(), key_span: Span::default(), value: v };
        let unknown = value(ValueKind::Unknown(Unknown {
            reason: UnknownReason::AfterApply,
            source: "aws_kms_key.main.arn".into(),
            provider: None,
            encodes: None,
        }));
        let document = value(ValueKind::Map(vec![
            entry("name", value(ValueKind::String("logs".into()))),
            entry("count", value(ValueKind::Number(Number::Int(3)))),
            entry("ratio", value(ValueKind::Number(Number::Float(0.5)))),
            entry("nan", value(ValueKind::Number(Number::Float(f64::NAN)))),
            entry("on", value(ValueKind::Bool(true))),
            entry("none", value(ValueKind::Null)),
            entry("key", unknown),
            entry("ami", Value::read_during_plan("aws", "data.aws_ami.web.id", Span::default())),
            entry("list", value(ValueKind::List(vec![value(ValueKind::String("a".into())), value(ValueKind::Null)]))),
        ]));
        assert_eq!(rego_value(&document), regorus::Value::from(document.to_json()));
    }
}
