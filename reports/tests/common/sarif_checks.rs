//! What a SARIF file must satisfy: the OASIS SARIF 2.1.0 schema, and GitHub code scanning's
//! documented rules ("SARIF support for code scanning"), checked property by property. Shared by
//! the writer's tests (`reports/tests/sarif.rs`) and the end-to-end ones (`tests/sarif.rs`).

#![allow(dead_code)] // each test binary uses a different part

use serde_json::Value;

const SCHEMA: &str = include_str!("../../schema/sarif-schema-2.1.0.json");
const LEVELS: [&str; 3] = ["error", "warning", "note"];
const PRECISIONS: [&str; 4] = ["very-high", "high", "medium", "low"];

/// Every way `sarif` breaks the schema, with where.
pub fn schema_errors(sarif: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator.iter_errors(sarif).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// Every GitHub rule `sarif` breaks.
pub fn github_violations(sarif: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let runs = sarif["runs"].as_array().map(Vec::as_slice).unwrap_or_default();
    if runs.len() != 1 {
        out.push(format!("{} runs: exactly one run per file", runs.len()));
    }
    if sarif["version"] != "2.1.0" {
        out.push("version is not 2.1.0".into());
    }
    for run in runs {
        check_run(run, &mut out);
    }
    out
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn check_run(run: &Value, out: &mut Vec<String>) {
    let driver = &run["tool"]["driver"];
    if driver["name"] != "Tollgate" || text(&driver["semanticVersion"]).is_empty() {
        out.push("tool.driver needs name Tollgate and semanticVersion".into());
    }
    if !text(&run["automationDetails"]["id"]).ends_with('/') {
        out.push("automationDetails.id must be a category ending in `/`".into());
    }
    let rules = driver["rules"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut ids: Vec<&str> = rules.iter().map(|r| text(&r["id"])).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != rules.len() {
        out.push("rule ids repeat".into());
    }
    rules.iter().for_each(|rule| check_rule(rule, out));
    let results = run["results"].as_array().map(Vec::as_slice).unwrap_or_default();
    if results.len() > 25_000 {
        out.push(format!("{} results: GitHub accepts at most 25,000 per run", results.len()));
    }
    let bases = &run["originalUriBaseIds"];
    results.iter().for_each(|result| check_result(result, rules, bases, out));
    let mut fingerprints: Vec<&str> = results.iter().map(|r| text(&r["partialFingerprints"]["tollgate/v1"])).collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    if fingerprints.len() != results.len() {
        out.push("two results share a fingerprint: GitHub would merge their alerts".into());
    }
    let notifications = run["invocations"][0]["toolExecutionNotifications"].as_array();
    for notification in notifications.map(Vec::as_slice).unwrap_or_default() {
        if !LEVELS.contains(&text(&notification["level"])) || text(&notification["message"]["text"]).is_empty() {
            out.push(format!("notification without level or message: {notification}"));
        }
    }
    if run["invocations"][0]["executionSuccessful"].as_bool().is_none() {
        out.push("invocations[0].executionSuccessful is missing".into());
    }
}

fn check_rule(rule: &Value, out: &mut Vec<String>) {
    let id = text(&rule["id"]);
    let mut fail = |what: &str| out.push(format!("rule {id}: {what}"));
    for (field, limit) in [("shortDescription", Some(1024)), ("fullDescription", Some(1024)), ("help", None)] {
        let length = text(&rule[field]["text"]).chars().count();
        if length == 0 || limit.is_some_and(|limit| length > limit) {
            fail(&format!("{field}.text is empty or over its limit ({length} characters)"));
        }
    }
    if text(&rule["name"]).is_empty() || text(&rule["help"]["markdown"]).is_empty() {
        fail("name and help.markdown are required");
    }
    let origin = text(&rule["properties"]["tollgate/origin"]);
    let help_uri = text(&rule["helpUri"]);
    if origin != "policy" && !help_uri.starts_with("https://") {
        fail("a bundled rule needs an https helpUri");
    }
    let severity = text(&rule["properties"]["tollgate/severity"]);
    if text(&rule["defaultConfiguration"]["level"]) != level_of(severity) {
        fail("defaultConfiguration.level does not follow the severity");
    }
    let properties = &rule["properties"];
    let tags: Vec<&str> = properties["tags"].as_array().into_iter().flatten().map(text).collect();
    if tags.is_empty() || tags.len() > 20 {
        fail("properties.tags must hold 1 to 20 tags");
    }
    let bad_cwe = |tag: &&str| {
        tag.starts_with("external/cwe/")
            && tag.strip_prefix("external/cwe/cwe-").is_none_or(|number| number.parse::<u32>().is_err())
    };
    if tags.iter().any(bad_cwe) {
        fail("CWE tags are external/cwe/cwe-<number>");
    }
    if !PRECISIONS.contains(&text(&properties["precision"])) {
        fail("properties.precision is missing or unknown");
    }
    check_security_severity(severity, &properties["security-severity"], &tags, &mut fail);
}

/// `security-severity` is a string inside GitHub's band of the severity (info: none).
fn check_security_severity(severity: &str, score: &Value, tags: &[&str], fail: &mut impl FnMut(&str)) {
    let band = match severity {
        "critical" => Some((9.0, 10.0)),
        "high" => Some((7.0, 8.9)),
        "medium" => Some((4.0, 6.9)),
        "low" => Some((0.1, 3.9)),
        _ => None,
    };
    match (band, score) {
        (None, Value::Null) => {}
        (Some((low, high)), Value::String(score)) => match score.parse::<f64>() {
            Ok(value) if value >= low && value <= high => {}
            _ => fail(&format!("security-severity {score} is outside the {severity} band")),
        },
        _ => fail(&format!("security-severity {score} is wrong for severity `{severity}`")),
    }
    if tags.contains(&"security") && score.is_null() {
        fail("a security rule needs a security-severity");
    }
}

fn level_of(severity: &str) -> &'static str {
    match severity {
        "critical" | "high" => "error",
        "medium" => "warning",
        _ => "note",
    }
}

fn check_result(result: &Value, rules: &[Value], bases: &Value, out: &mut Vec<String>) {
    let rule_id = text(&result["ruleId"]);
    let mut fail = |what: &str| out.push(format!("result of {rule_id}: {what}"));
    let index = result["ruleIndex"].as_u64().and_then(|i| usize::try_from(i).ok());
    if index.and_then(|i| rules.get(i)).map(|rule| text(&rule["id"])) != Some(rule_id) {
        fail("ruleIndex does not point at its rule");
    }
    if !LEVELS.contains(&text(&result["level"])) || text(&result["message"]["text"]).is_empty() {
        fail("level and message.text are required");
    }
    let locations = result["locations"].as_array().map(Vec::as_slice).unwrap_or_default();
    if locations.len() != 1 {
        fail("exactly one location");
    }
    let fingerprint = text(&result["partialFingerprints"]["tollgate/v1"]);
    if fingerprint.len() != 64 || !fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
        fail("partialFingerprints needs tollgate/v1 as sha256 hex");
    }
    if !result["partialFingerprints"]["primaryLocationLineHash"].is_null() {
        fail("primaryLocationLineHash is the uploader's to compute");
    }
    // GitHub rejects the whole upload when one result has no file ("locationFromSarifResult").
    let physical = &locations.first().cloned().unwrap_or_default()["physicalLocation"];
    if physical.is_null() {
        fail("every result needs a physical location");
        return;
    }
    let uri = text(&physical["artifactLocation"]["uri"]);
    let base = text(&physical["artifactLocation"]["uriBaseId"]);
    if uri.is_empty() || uri.starts_with('/') || uri.contains('\\') || uri.contains("://") || bases[base].is_null() {
        fail(&format!("uri `{uri}` is not relative to a declared uriBaseId `{base}`"));
    }
    let (start, end) = (physical["region"]["startLine"].as_u64(), physical["region"]["endLine"].as_u64());
    if !matches!((start, end), (Some(start), Some(end)) if start >= 1 && end >= start) {
        fail("region needs startLine >= 1 and endLine >= startLine");
    }
}
