//! Trivy mode, as Trivy's pkg/iac/rego (scanner.go, result.go, custom.go, exceptions.go) runs
//! checks:
//!
//! - only `deny` and `deny_*` rules run; id, severity, title come from the package metadata;
//! - a check applies to an input when it has no selector, or when every selector's `type` is
//!   the input's type (`kubernetes` for a document with `apiVersion` and `kind`, else `yaml` or
//!   `json`; a plan is `json`) and, for Kubernetes subtypes, one subtype's `kind`, `group` or
//!   `version` equals the document's `kind` (case-insensitively). HCL files get no Trivy checks
//!   (Trivy feeds those its own `terraform-raw`/`cloud` inputs);
//! - every object of the input carries `__defsec_metadata: {startline, endline, filepath}`, so
//!   `result.new(msg, cause)` locates the cause; a string result is located at the document;
//! - results are strings, objects (`msg` and location keys) or `[msg, cause]` arrays; an empty
//!   message becomes `Rego check rule: <package>.<rule>`;
//! - `data.namespace.exceptions.exception` naming the package skips the check, and
//!   `data.<package>.exception[_][_]` naming the rule without `deny_`/`warn_`/`violation_`
//!   skips the rule (both counted as exceptions).

use crate::eval::{eval_rule, make_finding, rule_results, JobOutput};
use crate::load::PolicySet;
use crate::location::{resolve, trivy_json, DocRef, Locator};
use crate::modes::{exception, exception_matches};
use crate::rules::{CheckMeta, Mode};
use regorus::Engine;
use serde_json::{Map, Value as Json};
use tollgate_model::{DocumentFormat, Value, ValueKind};

/// Trivy's source type of an input document, or `None` for inputs Trivy checks never see here.
fn source_type(format: DocumentFormat, value: &Value) -> Option<&'static str> {
    let is_kubernetes = matches!(value.kind, ValueKind::Map(_))
        && value.get("apiVersion").known().is_some()
        && value.get("kind").known().is_some();
    match format {
        // An empty file's null document is Conftest's; Trivy's parsers give no document for it.
        _ if matches!(value.kind, ValueKind::Null) => None,
        // Trivy reads Dockerfiles in a shape of its own (stages); the other formats it does not check.
        DocumentFormat::Hcl
        | DocumentFormat::Toml
        | DocumentFormat::Ini
        | DocumentFormat::Dockerfile
        | DocumentFormat::Dotenv
        | DocumentFormat::Xml
        | DocumentFormat::Properties => None,
        _ if is_kubernetes => Some("kubernetes"),
        DocumentFormat::Yaml => Some("yaml"),
        DocumentFormat::Json | DocumentFormat::TerraformPlan => Some("json"),
    }
}

/// Trivy's `isPolicyApplicable` for one document.
fn applies(meta: &CheckMeta, source: &str, value: &Value) -> bool {
    if meta.selectors.is_empty() {
        return true;
    }
    if meta.selectors.iter().any(|s| s.kind != source) {
        return false;
    }
    if source != "kubernetes" {
        return true;
    }
    let Some(kind) = value.get("kind").known().and_then(Value::as_str) else { return false };
    meta.selectors.iter().any(|selector| {
        selector.subtypes.is_empty()
            || selector.subtypes.iter().any(|sub| {
                ["kind", "group", "version"]
                    .iter()
                    .filter_map(|key| sub.get(*key).and_then(Json::as_str))
                    .any(|wanted| wanted.eq_ignore_ascii_case(kind))
            })
    })
}

/// Trivy's rule name in exception lists (`^(deny|warn|violation)_` removed; `deny` stays `deny`).
fn exception_name(name: &str) -> &str {
    ["deny_", "warn_", "violation_"].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name)
}

pub(crate) fn evaluate_document(
    engine: &mut Engine,
    locator: &Locator,
    policies: &PolicySet,
    doc: DocRef,
) -> JobOutput {
    let mut output = JobOutput::default();
    let graph = locator.graph();
    let Some((parsed, value)) = resolve(graph, doc) else { return output };
    let Some(source) = source_type(parsed.format, value) else { return output };
    let path = graph.sources().path(parsed.file);
    let mut input_set = false;
    let place = locator.document(doc, value.span);
    let ignored_namespaces = match policies.packages.values().any(|p| p.mode == Mode::Trivy) {
        true => namespace_exceptions(engine),
        false => Vec::new(),
    };
    let mut rule_exceptions: Option<(String, Vec<Json>)> = None;
    for (index, rule) in policies.rules.iter().enumerate().filter(|(_, r)| r.mode == Mode::Trivy) {
        let Some(package) = policies.packages.get(&rule.package) else { continue };
        if !applies(&package.meta, source, value) {
            continue;
        }
        if !input_set {
            engine.set_input(regorus::Value::from(trivy_json(value, path)));
            input_set = true;
        }
        if ignored_namespaces.iter().any(|ns| ns == &rule.package) {
            output.exceptions.push(exception(
                policies,
                rule,
                &place,
                format!("data.namespace.exceptions.exception[_] == {:?}", rule.package),
            ));
            continue;
        }
        if package.has_exception {
            if rule_exceptions.as_ref().map(|(p, _)| p != &rule.package).unwrap_or(true) {
                let values = match eval_rule(engine, &rule.package, "exception") {
                    Ok(v) => rule_results(&v),
                    Err(e) => {
                        output.fail(policies, index, &format!("exception rule failed: {e}"), &place.address);
                        continue;
                    }
                };
                rule_exceptions = Some((rule.package.clone(), values));
            }
            let name = exception_name(&rule.name);
            let exempt = rule_exceptions.as_ref().is_some_and(|(_, list)| exception_matches(list, name) > 0);
            if exempt {
                let query = format!("data.{}.exception[_][_] == {:?}", rule.package, name);
                output.exceptions.push(exception(policies, rule, &place, query));
                continue;
            }
        }
        let Some(result) = output.eval(engine, policies, index, rule, &place.address) else { continue };
        for item in rule_results(&result) {
            let (message, start, end) = parse_result(&item);
            let message =
                if message.is_empty() { format!("Rego check rule: {}.{}", rule.package, rule.name) } else { message };
            let at = if start > 0 { locator.lines_in(doc, value.span, start, end) } else { place.clone() };
            let metadata = check_metadata(&package.meta);
            output.findings.push(make_finding(graph, policies, rule, at, &message, metadata));
        }
    }
    output
}

/// `data.namespace.exceptions.exception`: packages whose checks are skipped.
fn namespace_exceptions(engine: &mut Engine) -> Vec<String> {
    match crate::isolate::guarded_result(|| engine.eval_query("data.namespace.exceptions.exception".to_string(), false))
    {
        Ok(results) => results
            .result
            .iter()
            .flat_map(|r| r.expressions.iter())
            .flat_map(|e| rule_results(&e.value))
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Trivy's `parseResult`: message and cause lines of one result.
fn parse_result(item: &Json) -> (String, u32, u32) {
    match item {
        Json::String(msg) => (msg.clone(), 0, 0),
        Json::Object(cause) => parse_cause(cause),
        Json::Array(items) => {
            let mut out = (String::new(), 0, 0);
            let mut msg = String::new();
            for item in items {
                match item {
                    Json::Object(cause) => out = parse_cause(cause),
                    Json::String(s) => msg = s.clone(),
                    _ => {}
                }
            }
            out.0 = msg;
            out
        }
        _ => ("Rego check resulted in DENY".to_string(), 0, 0),
    }
}

fn parse_cause(cause: &Map<String, Json>) -> (String, u32, u32) {
    let line = |key: &str| {
        cause
            .get(key)
            .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
            .map_or(0, |n| n.min(u32::MAX as u64) as u32)
    };
    let msg = match cause.get("msg") {
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    (msg, line("startline"), line("endline"))
}

/// What a Trivy finding carries beyond its message: the check's title, description,
/// recommended actions and the other declared keys.
fn check_metadata(meta: &CheckMeta) -> Map<String, Json> {
    let mut out = meta.extra.clone();
    for (key, value) in
        [("title", &meta.title), ("description", &meta.description), ("recommended_actions", &meta.recommended_actions)]
    {
        if let Some(value) = value {
            out.insert(key.into(), Json::String(value.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn trivy_results_and_exception_names() {
        assert_eq!(exception_name("deny"), "deny");
        assert_eq!(exception_name("deny_foo"), "foo");
        assert_eq!(parse_result(&json!("m")), ("m".to_string(), 0, 0));
        assert_eq!(parse_result(&json!({"msg": "m", "startline": 3, "endline": 5})), ("m".to_string(), 3, 5));
        assert_eq!(parse_result(&json!(["m", {"startline": "7", "endline": 8}])), ("m".to_string(), 7, 8));
        assert_eq!(parse_result(&json!(true)).0, "Rego check resulted in DENY");
    }
}
