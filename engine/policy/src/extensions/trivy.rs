//! Trivy's `result.new(msg, cause)` and `isManaged(x)`.

use anyhow::Result;
use regorus::Value;
use std::collections::BTreeMap;

/// Trivy's `result.new(msg, cause)`: the location of `cause` (its `__defsec_metadata`, or the
/// object itself when it carries the keys directly) with the message, in Trivy's result shape.
/// Trivy's `isManaged(x)`: the `managed` flag of `x`'s location metadata (true when absent).
pub(super) fn is_managed(value: Option<&Value>) -> Result<Value> {
    let result = result_new(None, value)?;
    Ok(result.as_object().ok().and_then(|o| o.get(&Value::from("managed")).cloned()).unwrap_or(Value::Bool(true)))
}

pub(super) fn result_new(msg: Option<&Value>, cause: Option<&Value>) -> Result<Value> {
    let mut result: BTreeMap<Value, Value> = BTreeMap::new();
    let defaults = [
        ("startline", Value::from(0i64)),
        ("endline", Value::from(0i64)),
        ("sourceprefix", Value::from("")),
        ("filepath", Value::from("")),
        ("explicit", Value::Bool(false)),
        ("managed", Value::Bool(true)),
        ("fskey", Value::from("")),
        ("resource", Value::from("")),
        ("parent", Value::Null),
    ];
    for (key, value) in defaults {
        result.insert(Value::from(key), value);
    }
    if let Some(msg) = msg {
        result.insert(Value::from("msg"), msg.clone());
    }
    let cause = cause.cloned().unwrap_or(Value::Null);
    let cause_object = cause.as_object().ok();
    let metadata = cause_object.and_then(|o| o.get(&Value::from("__defsec_metadata")).cloned()).unwrap_or(cause);
    if let Ok(fields) = metadata.as_object() {
        // Trivy reads both spellings (`startline` and Go-style `StartLine`, `Path` for the file).
        let renames = [
            ("startline", "startline"),
            ("StartLine", "startline"),
            ("endline", "endline"),
            ("EndLine", "endline"),
            ("filepath", "filepath"),
            ("Path", "filepath"),
            ("sourceprefix", "sourceprefix"),
            ("explicit", "explicit"),
            ("managed", "managed"),
            ("fskey", "fskey"),
            ("resource", "resource"),
        ];
        for (from, to) in renames {
            if let Some(value) = fields.get(&Value::from(from)) {
                result.insert(Value::from(to), value.clone());
            }
        }
        if let Some(parent) = fields.get(&Value::from("parent")) {
            if !matches!(parent, Value::Null | Value::Undefined) {
                result.insert(Value::from("parent"), result_new(None, Some(parent))?);
            }
        }
    }
    Ok(Value::from(result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_new_reads_trivy_location_metadata() {
        let cause = Value::from(serde_json::json!({
            "name": "x",
            "__defsec_metadata": {"startline": 4, "endline": 9, "filepath": "k8s/app.yaml"}
        }));
        let result = result_new(Some(&Value::from("bad")), Some(&cause)).unwrap();
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["msg"], "bad");
        assert_eq!(json["startline"], 4);
        assert_eq!(json["endline"], 9);
        assert_eq!(json["filepath"], "k8s/app.yaml");
        assert_eq!(json["managed"], true);
        let plain =
            result_new(Some(&Value::from("m")), Some(&Value::from(serde_json::json!({"StartLine": 2})))).unwrap();
        assert_eq!(serde_json::to_value(&plain).unwrap()["startline"], 2);
    }
}
