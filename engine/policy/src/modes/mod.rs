//! The three ways a package is fed and its results read (see [`crate::rules::Mode`]).

pub(crate) mod conftest;
pub(crate) mod resource;
pub(crate) mod trivy;

use crate::eval::PolicyException;
use crate::load::PolicySet;
use crate::location::Place;
use crate::rules::PolicyRule;
use serde_json::{Map, Value as Json};

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
