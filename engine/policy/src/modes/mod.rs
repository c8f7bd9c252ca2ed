//! The three ways a package is fed and its results read (see [`crate::rules::Mode`]).

pub(crate) mod conftest;
pub(crate) mod resource;
pub(crate) mod trivy;

use crate::eval::{rule_results, PolicyException};
use crate::load::PolicySet;
use crate::location::Place;
use crate::rules::PolicyRule;
use serde_json::{Map, Value as Json};

/// The results of a deny/warn/unknown rule: the members of its set, or for a boolean rule
/// (`deny if { ... }`) that is `true`, one result whose message names the rule (the rule gives
/// none; Conftest would count it as passed, which would hide a failure); `false` is none.
pub(crate) fn rule_messages(value: &regorus::Value, rule: &PolicyRule) -> Vec<Json> {
    match value {
        regorus::Value::Bool(true) => vec![Json::String(format!(
            "`{}` is true for this input (a boolean rule, with no message of its own: write `{} contains msg if {{ ... }}` to say what is wrong)",
            rule.id(),
            rule.name
        ))],
        regorus::Value::Bool(false) => Vec::new(),
        other => rule_results(other),
    }
}

/// A result's message and its other keys: a string is the message; an object's `msg` is
/// (`msg_required` makes a missing or non-string `msg` an error, as Conftest's `NewResult` does).
pub(crate) fn split_result(result: Json, msg_required: bool) -> Result<(String, Map<String, Json>), String> {
    match result {
        Json::String(msg) => Ok((msg, Map::new())),
        Json::Object(mut fields) => match fields.remove("msg") {
            Some(Json::String(msg)) => Ok((msg, fields)),
            other if msg_required => Err(format!(
                "a result object must have a string `msg` (got {}): {}",
                other.map(|v| v.to_string()).unwrap_or_else(|| "none".into()),
                Json::Object(fields)
            )),
            Some(other) => Ok((other.to_string(), fields)),
            None => Ok((Json::Object(fields.clone()).to_string(), fields)),
        },
        other => Ok((other.to_string(), Map::new())),
    }
}

/// A result of `rule` at `place` exempted by an exception rule; `query` is the exception as the
/// tool prints it.
pub(crate) fn exception(policies: &PolicySet, rule: &PolicyRule, place: &Place, query: String) -> PolicyException {
    PolicyException {
        rule_id: policies.rule_id(rule),
        package: rule.package.clone(),
        rule: rule.name.clone(),
        address: place.address.clone(),
        file: place.file.clone(),
        line: place.start,
        end_line: place.end,
        query,
    }
}

/// How many entries of `exception` (a set of lists of rule names) name `name`.
pub(crate) fn exception_matches(exceptions: &[Json], name: &str) -> usize {
    exceptions
        .iter()
        .filter_map(Json::as_array)
        .flat_map(|names| names.iter())
        .filter(|n| n.as_str() == Some(name))
        .count()
}
