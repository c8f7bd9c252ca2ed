//! Resource mode (`tollgate.*` packages): each graph resource as `input`, the graph as
//! `data.tollgate`. A result may name `path` (keys and indexes into `input.values`: reported at
//! the deepest node of it that exists) and/or `resource` (another resource's address or id:
//! reported there).

use crate::eval::{make_finding, JobOutput};
use crate::load::PolicySet;
use crate::location::{span_at_path, Locator};
use crate::modes::{rule_messages, split_result};
use crate::rules::Mode;
use regorus::Engine;
use serde_json::Value as Json;
use tollgate_model::ResourceId;

/// Runs the resource-mode rules with `input` (resource `id`'s input, built once per run).
pub(crate) fn evaluate(
    engine: &mut Engine,
    locator: &Locator,
    policies: &PolicySet,
    id: ResourceId,
    input: regorus::Value,
) -> JobOutput {
    let graph = locator.graph();
    let mut output = JobOutput::default();
    engine.set_input(input);
    let address = &graph.resource(id).address;
    let type_name = &graph.resource(id).type_name;
    let applies = |rule: &crate::rules::PolicyRule| {
        policies.meta(rule).and_then(|m| m.resource_types.as_ref()).is_none_or(|types| types.contains(type_name))
    };
    for (index, rule) in policies.rules.iter().enumerate().filter(|(_, r)| r.mode == Mode::Resource && applies(r)) {
        let Some(value) = output.eval(engine, policies, index, rule, address) else { continue };
        for result in rule_messages(&value, rule) {
            let (message, mut metadata) = match split_result(result, false) {
                Ok(parts) => parts,
                Err(e) => {
                    output.fail(policies, index, &e, address);
                    continue;
                }
            };
            let target = metadata.remove("resource").and_then(|name| locator.named(&name, None)).unwrap_or(id);
            let mut place = locator.resource(target);
            if let Some(Json::Array(path)) = metadata.remove("path") {
                let body = graph.printable_body(target);
                let span = span_at_path(&body, &path);
                if span.file == graph.resource(target).span.file && span.start.line > 0 {
                    place.start = span.start.line;
                    place.end = span.end.line.max(span.start.line);
                }
            }
            output.findings.push(make_finding(graph, policies, rule, place, &message, metadata));
        }
    }
    output
}
