//! OPA's `object.subset(super, sub)`, replacing regorus's (which panics on `object.subset(array,
//! [])` and compares two strings, numbers or a set with an array by equality instead of failing).
//!
//! OPA's policy reference: objects are compared recursively (every key of `sub` is in `super`,
//! with the same value or, where both values are objects, sets or arrays, a subset of it); sets
//! by membership; arrays by `sub` appearing contiguously, in order, in `super`; an array `super`
//! with a set `sub` by every element of `sub` being in `super`, in any order. Any other pair of
//! types is an error (undefined unless builtin errors are strict).

use super::argument;
use anyhow::{bail, Result};
use regorus::Value;
use std::collections::BTreeSet;

/// `object.subset(super, sub)`.
pub(super) fn subset_builtin(args: &[Value]) -> Result<Value> {
    let (sup, sub) = (argument(args, 0)?, argument(args, 1)?);
    match collection_subset(sup, sub) {
        Some(is_subset) => Ok(Value::Bool(is_subset)),
        None if matches!((sup, sub), (Value::Array(_), Value::Set(_))) => Ok(Value::Bool(array_holds_set(sup, sub))),
        None => bail!(
            "both arguments must be objects, sets or arrays of the same type, or an array and a set; got {} and {}",
            type_name(sup),
            type_name(sub)
        ),
    }
}

/// The subset test for two objects, two sets or two arrays; `None` for any other pair.
fn collection_subset(sup: &Value, sub: &Value) -> Option<bool> {
    match (sup, sub) {
        (Value::Object(_), Value::Object(_)) => Some(object_subset(sup, sub)),
        (Value::Set(sup), Value::Set(sub)) => Some(sub.is_subset(sup)),
        (Value::Array(sup), Value::Array(sub)) => Some(contains_run(sup.as_slice(), sub.as_slice())),
        _ => None,
    }
}

fn object_subset(sup: &Value, sub: &Value) -> bool {
    let (Value::Object(sup), Value::Object(sub)) = (sup, sub) else { return false };
    sub.iter().all(|(key, sub_value)| match sup.get(key) {
        Some(sup_value) => sup_value == sub_value || collection_subset(sup_value, sub_value).unwrap_or(false),
        None => false,
    })
}

/// Whether `sub` appears in `sup` as one contiguous run (an empty `sub` always does).
fn contains_run(sup: &[Value], sub: &[Value]) -> bool {
    sub.is_empty() || sup.windows(sub.len()).any(|window| window == sub)
}

fn array_holds_set(sup: &Value, sub: &Value) -> bool {
    let (Value::Array(sup), Value::Set(sub)) = (sup, sub) else { return false };
    let present: BTreeSet<&Value> = sup.iter().collect();
    sub.iter().all(|item| present.contains(item))
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Set(_) => "set",
        Value::Object(_) => "object",
        Value::Undefined => "undefined",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn value(json: serde_json::Value) -> Value {
        Value::from(json)
    }

    fn set(items: &[serde_json::Value]) -> Value {
        Value::from(items.iter().cloned().map(Value::from).collect::<BTreeSet<Value>>())
    }

    fn subset(sup: Value, sub: Value) -> Result<bool> {
        Ok(subset_builtin(&[sup, sub])? == Value::Bool(true))
    }

    #[test]
    fn objects_are_compared_recursively_as_documented() {
        // OPA's documented example: {"c": {"x": {10, 15, 20}}} is a subset of
        // {"a": "b", "c": {"x": {10, 15, 20, 25}, "y": "z"}}.
        let mut inner_super = BTreeMap::new();
        inner_super.insert(Value::from("x"), set(&[json!(10), json!(15), json!(20), json!(25)]));
        inner_super.insert(Value::from("y"), Value::from("z"));
        let mut sup = BTreeMap::new();
        sup.insert(Value::from("a"), Value::from("b"));
        sup.insert(Value::from("c"), Value::from(inner_super));
        let mut inner_sub = BTreeMap::new();
        inner_sub.insert(Value::from("x"), set(&[json!(10), json!(15), json!(20)]));
        let mut sub = BTreeMap::new();
        sub.insert(Value::from("c"), Value::from(inner_sub));
        assert!(subset(Value::from(sup.clone()), Value::from(sub)).unwrap());
        assert!(!subset(Value::from(sup), value(json!({"c": {"x": 10}}))).unwrap());
        assert!(subset(value(json!({"a": 1, "b": 2})), value(json!({"b": 2}))).unwrap());
        assert!(!subset(value(json!({"a": 1})), value(json!({"a": 2}))).unwrap());
        assert!(!subset(value(json!({"a": 1})), value(json!({"b": 1}))).unwrap());
        assert!(subset(value(json!({"a": 1})), value(json!({}))).unwrap());
        // Numbers compare by value, as in OPA.
        assert!(subset(value(json!({"a": 1})), value(json!({"a": 1.0}))).unwrap());
    }

    #[test]
    fn arrays_match_a_contiguous_run() {
        assert!(subset(value(json!([1, 2, 3, 4])), value(json!([2, 3]))).unwrap());
        assert!(!subset(value(json!([1, 2, 3, 4])), value(json!([2, 4]))).unwrap());
        assert!(!subset(value(json!([1, 2, 3])), value(json!([3, 2]))).unwrap());
        assert!(!subset(value(json!([1])), value(json!([1, 1]))).unwrap());
        // The case regorus panics on.
        assert!(subset(value(json!(["a"])), value(json!([]))).unwrap());
        assert!(subset(value(json!([])), value(json!([]))).unwrap());
        // Arrays nested in objects follow the same rule.
        assert!(subset(value(json!({"k": [1, 2, 3]})), value(json!({"k": [2, 3]}))).unwrap());
    }

    #[test]
    fn sets_and_array_with_set() {
        assert!(subset(set(&[json!(1), json!(2), json!(3)]), set(&[json!(1), json!(3)])).unwrap());
        assert!(!subset(set(&[json!(1)]), set(&[json!(2)])).unwrap());
        assert!(subset(value(json!([3, 1, 2])), set(&[json!(1), json!(2)])).unwrap());
        assert!(!subset(value(json!([1, 1])), set(&[json!(1), json!(2)])).unwrap());
        assert!(subset(value(json!([])), set(&[])).unwrap());
    }

    #[test]
    fn other_pairs_of_types_are_errors() {
        for (sup, sub) in [
            (set(&[json!(1)]), value(json!([1]))),
            (value(json!({"a": 1})), value(json!(["a"]))),
            (value(json!("ab")), value(json!("a"))),
            (value(json!(null)), value(json!({}))),
        ] {
            let error = subset(sup, sub).unwrap_err().to_string();
            assert!(error.contains("both arguments must be"), "{error}");
        }
    }
}
