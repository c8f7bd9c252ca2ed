//! Conftest file mode, as Conftest's policy/engine.go `check` does it, per namespace and input:
//!
//! - rules `^(deny|violation)(_[a-zA-Z0-9]+)*$` fail, `^warn(_[a-zA-Z0-9]+)*$` warn;
//! - a result is a string, or an object whose `msg` must be a string (other keys are metadata;
//!   `_loc: {file, line}` is Conftest's own location key);
//! - before each rule, `data.<ns>.exception[_][_] == "<name>"` is asked, where `<name>` is the
//!   rule name without `violation_`/`deny_`/`warn_` (and `""` for plain `deny`, `violation` and
//!   `warn`, its `removeRulePrefix`). Every match counts as one exception, and while any
//!   matches, none of that rule's results on this input is reported.

use crate::eval::{eval_rule, make_finding, rule_results, JobOutput};
use crate::load::PolicySet;
use crate::location::{resolve, DocRef, Locator, Place};
use crate::modes::{exception, exception_matches, rule_messages, split_result};
use crate::rules::{Mode, PolicyRule};
use regorus::Engine;
use serde_json::{json, Map, Value as Json};
use tollgate_model::Span;

/// Conftest's name of rule `name` in exception lists.
pub(crate) fn exception_name(name: &str) -> &str {
    if matches!(name, "violation" | "deny" | "warn") {
        return "";
    }
    let name = name.strip_prefix("violation_").unwrap_or(name);
    let name = name.strip_prefix("deny_").unwrap_or(name);
    name.strip_prefix("warn_").unwrap_or(name)
}

/// The Conftest rules of each selected namespace, by package, with their index in the set.
fn namespaces(policies: &PolicySet) -> Vec<(&str, Vec<(usize, &PolicyRule)>)> {
    let mut out: Vec<(&str, Vec<(usize, &PolicyRule)>)> = Vec::new();
    for (index, rule) in policies.rules.iter().enumerate().filter(|(_, r)| r.mode == Mode::Conftest) {
        match out.last_mut() {
            Some((package, rules)) if *package == rule.package => rules.push((index, rule)),
            _ => out.push((&rule.package, vec![(index, rule)])),
        }
    }
    out
}

/// Evaluates every selected namespace on one document (or array element).
pub(crate) fn evaluate_document(
    engine: &mut Engine,
    locator: &Locator,
    policies: &PolicySet,
    doc: DocRef,
) -> JobOutput {
    let mut output = JobOutput::default();
    let Some((_, value)) = resolve(locator.graph(), doc) else { return output };
    engine.set_input(regorus::Value::from(value.to_json()));
    let place = locator.document(doc, value.span);
    check(engine, locator, policies, &place, Some((doc, value.span)), &mut output);
    output
}

/// `--combine`: one evaluation with `[{path, contents}]` of every document, sorted by path.
pub(crate) fn evaluate_combined(
    engine: &mut Engine,
    locator: &Locator,
    policies: &PolicySet,
    docs: &[DocRef],
) -> JobOutput {
    let mut output = JobOutput::default();
    let graph = locator.graph();
    let mut entries: Vec<(String, Json)> = docs
        .iter()
        .filter_map(|doc| {
            let (parsed, value) = resolve(graph, *doc)?;
            Some((graph.sources().path(parsed.file).to_string(), value.to_json()))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let input: Vec<Json> =
        entries.into_iter().map(|(path, contents)| json!({"path": path, "contents": contents})).collect();
    engine.set_input(regorus::Value::from(Json::Array(input)));
    let place = Place { address: "Combined".into(), file: String::new(), start: 0, end: 0, origin: None, helm: None };
    check(engine, locator, policies, &place, None, &mut output);
    output
}

fn check(
    engine: &mut Engine,
    locator: &Locator,
    policies: &PolicySet,
    place: &Place,
    input: Option<(DocRef, Span)>,
    output: &mut JobOutput,
) {
    for (package, rules) in namespaces(policies) {
        let exceptions = match policies.packages.get(package).filter(|p| p.has_exception) {
            Some(_) => match eval_rule(engine, package, "exception") {
                Ok(value) => rule_results(&value),
                Err(e) => {
                    // The exception rule itself failed: report it against each rule it could exempt.
                    for (index, _) in &rules {
                        output.fail(policies, *index, &format!("exception rule failed: {e}"), &place.address);
                    }
                    continue;
                }
            },
            None => Vec::new(),
        };
        for (index, rule) in rules {
            let name = exception_name(&rule.name);
            let matches = exception_matches(&exceptions, name);
            if matches > 0 {
                for _ in 0..matches {
                    let query = format!("data.{package}.exception[_][_] == {}", Json::String(name.to_string()));
                    output.exceptions.push(exception(policies, rule, place, query));
                }
                continue;
            }
            let Some(value) = output.eval(engine, policies, index, rule, &place.address) else { continue };
            for result in rule_messages(&value, rule) {
                // Conftest ignores members that are neither strings nor objects.
                if !matches!(result, Json::String(_) | Json::Object(_)) {
                    continue;
                }
                let (message, mut metadata) = match split_result(result, true) {
                    Ok(parts) => parts,
                    Err(e) => {
                        output.fail(policies, index, &e, &place.address);
                        continue;
                    }
                };
                let at = locate(locator, place, input, &mut metadata);
                output.findings.push(make_finding(locator.graph(), policies, rule, at, &message, metadata));
            }
        }
    }
}

/// A result naming a resource (`resource` or `address`) is reported there: at that block of the
/// input when the input is a Terraform file that declares it, else at the graph resource of that
/// address; `_loc` is a line of a scanned file (its `file`, else the input's); otherwise the
/// input document.
fn locate(locator: &Locator, place: &Place, input: Option<(DocRef, Span)>, metadata: &mut Map<String, Json>) -> Place {
    let file = input.map(|(_, span)| span.file);
    for key in ["resource", "address"] {
        let Some(Json::String(name)) = metadata.get(key) else { continue };
        if let Some(block) = input.and_then(|(doc, _)| block_in_document(locator, doc, name)) {
            return locator.place(name, block, None);
        }
        if let Some(id) = locator.named(&Json::String(name.clone()), file) {
            return locator.resource(id);
        }
    }
    if let Some(Json::Object(loc)) = metadata.remove("_loc") {
        if let Some(at) = conftest_loc(locator, input, &loc) {
            return at;
        }
        // A file outside the scan: the location stays with the result, which is reported at its input.
        metadata.insert("_loc".into(), Json::Object(loc));
    }
    place.clone()
}

/// Conftest's `_loc: {file, line}`: line `line` of `file` (a scanned file, named as the report
/// names it) or, without `file`, of the input's own file. `None` when `file` is not scanned or
/// neither key locates anything.
fn conftest_loc(locator: &Locator, input: Option<(DocRef, Span)>, loc: &Map<String, Json>) -> Option<Place> {
    let line = loc.get("line").and_then(|l| l.as_u64().or_else(|| l.as_str().and_then(|s| s.parse().ok())));
    let line = line.map(|line| line.min(u32::MAX as u64) as u32);
    match loc.get("file").and_then(Json::as_str).filter(|f| !f.is_empty()) {
        Some(name) => {
            let file = locator.file_named(name)?;
            match input {
                Some((doc, span)) if span.file == file => {
                    let line = line.unwrap_or(span.start.line);
                    Some(locator.lines_in(doc, span, line, line))
                }
                _ => Some(locator.lines_of_file(file, line.unwrap_or(1), line.unwrap_or(1))),
            }
        }
        None => {
            let (line, (doc, span)) = (line?, input?);
            Some(locator.lines_in(doc, span, line, line))
        }
    }
}

/// The lines of the block a Terraform address names in an input that is a Terraform file as
/// Conftest gives it (`input.resource.aws_s3_bucket.logs`, `input.data.TYPE.NAME`,
/// `input.module.NAME`, `input.variable.NAME`, `input.output.NAME`; an instance key such as
/// `[0]` names its block). `None` when the document declares no such block.
fn block_in_document(locator: &Locator, doc: DocRef, address: &str) -> Option<Span> {
    let (_, document) = resolve(locator.graph(), doc)?;
    let path = block_path(address)?;
    let mut node = document;
    for key in &path {
        node = &node.entry(key)?.value;
    }
    // Repeated blocks collect into a list under their labels; a declaration is one block.
    Some(node.span).filter(|span| span.start.line > 0)
}

/// `aws_s3_bucket.logs["a"]` -> `["resource", "aws_s3_bucket", "logs"]`, and the other block
/// kinds by their prefix; `None` for anything that is not a block address.
fn block_path(address: &str) -> Option<Vec<&str>> {
    let address = address.split_once('[').map_or(address, |(block, _)| block);
    let parts: Vec<&str> = address.split('.').collect();
    let is_name = |part: &&str| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !parts.iter().all(is_name) {
        return None;
    }
    match parts.as_slice() {
        ["data", kind, name] => Some(vec!["data", kind, name]),
        ["module", name] => Some(vec!["module", name]),
        ["var", name] => Some(vec!["variable", name]),
        ["output", name] => Some(vec!["output", name]),
        [kind, name] if !matches!(*kind, "data" | "module" | "var" | "local" | "output") => {
            Some(vec!["resource", kind, name])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_paths_follow_terraform_addresses() {
        assert_eq!(block_path("aws_s3_bucket.logs"), Some(vec!["resource", "aws_s3_bucket", "logs"]));
        assert_eq!(block_path("aws_s3_bucket.logs[0]"), Some(vec!["resource", "aws_s3_bucket", "logs"]));
        assert_eq!(block_path("aws_iam_role.r[\"a.b\"]"), Some(vec!["resource", "aws_iam_role", "r"]));
        assert_eq!(block_path("data.aws_iam_policy_document.p"), Some(vec!["data", "aws_iam_policy_document", "p"]));
        assert_eq!(block_path("module.vpc"), Some(vec!["module", "vpc"]));
        assert_eq!(block_path("var.region"), Some(vec!["variable", "region"]));
        assert_eq!(block_path("module.vpc.aws_subnet.a"), None, "a module's resource is not a block of this file");
        assert_eq!(block_path("local.tags"), None);
        assert_eq!(block_path("Deployment/shop/api"), None);
        assert_eq!(block_path("bucket logs is public"), None);
    }

    #[test]
    fn exception_names_follow_conftest_remove_rule_prefix() {
        assert_eq!(exception_name("deny"), "");
        assert_eq!(exception_name("violation"), "");
        assert_eq!(exception_name("warn"), "");
        assert_eq!(exception_name("deny_run_as_root"), "run_as_root");
        assert_eq!(exception_name("violation_x"), "x");
        assert_eq!(exception_name("warn_labels"), "labels");
        assert_eq!(exception_matches(&[json!(["a", "b"]), json!(["a"])], "a"), 2);
        assert_eq!(exception_matches(&[json!([""])], ""), 1);
    }
}
