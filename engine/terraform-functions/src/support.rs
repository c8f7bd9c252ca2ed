//! Helpers every function family shares: value equality as cty defines it, finding unknowns, and
//! building results that carry the call's span.

use crate::number;
use crate::types::{sorted_entries, MAX_DEPTH};
use crate::{Ctx, FunctionError};
use tollgate_model::{MapEntry, Number, Unknown, Value, ValueKind};

/// cty's `Equals`: `Err` with the unknown that leaves it undecided; values of different kinds are
/// unequal; numbers compare numerically.
pub(crate) fn equal<'v>(a: &'v Value, b: &'v Value) -> Result<bool, &'v Unknown> {
    equal_at(a, b, 0)
}

fn equal_at<'v>(a: &'v Value, b: &'v Value, depth: usize) -> Result<bool, &'v Unknown> {
    match (&a.kind, &b.kind) {
        (ValueKind::Unknown(u), _) | (_, ValueKind::Unknown(u)) => Err(u),
        _ if depth > MAX_DEPTH => Ok(false),
        (ValueKind::Null, ValueKind::Null) => Ok(true),
        (ValueKind::Null, _) | (_, ValueKind::Null) => Ok(false),
        (ValueKind::Bool(x), ValueKind::Bool(y)) => Ok(x == y),
        (ValueKind::Number(x), ValueKind::Number(y)) => Ok(number::equal(*x, *y)),
        (ValueKind::String(x), ValueKind::String(y)) => Ok(x == y),
        (ValueKind::List(xs), ValueKind::List(ys)) => {
            if xs.len() != ys.len() {
                return Ok(false);
            }
            for (x, y) in xs.iter().zip(ys) {
                if !equal_at(x, y, depth + 1)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        (ValueKind::Map(xs), ValueKind::Map(ys)) => {
            let mut xs: Vec<&MapEntry> = xs.iter().collect();
            let mut ys: Vec<&MapEntry> = ys.iter().collect();
            xs.sort_by(|p, q| p.key.cmp(&q.key));
            ys.sort_by(|p, q| p.key.cmp(&q.key));
            if xs.len() != ys.len() || xs.iter().zip(&ys).any(|(x, y)| x.key != y.key) {
                return Ok(false);
            }
            for (x, y) in xs.iter().zip(&ys) {
                if !equal_at(&x.value, &y.value, depth + 1)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// The first unknown inside `value` (itself included), depth first.
pub(crate) fn deep_unknown(value: &Value) -> Option<&Unknown> {
    deep_unknown_at(value, 0)
}

fn deep_unknown_at(value: &Value, depth: usize) -> Option<&Unknown> {
    match &value.kind {
        ValueKind::Unknown(u) => Some(u),
        _ if depth > MAX_DEPTH => None,
        ValueKind::List(items) => items.iter().find_map(|v| deep_unknown_at(v, depth + 1)),
        ValueKind::Map(entries) => entries.iter().find_map(|e| deep_unknown_at(&e.value, depth + 1)),
        _ => None,
    }
}

/// The first unknown inside any of `values`.
pub(crate) fn any_deep_unknown(values: &[Value]) -> Option<&Unknown> {
    values.iter().find_map(deep_unknown)
}

impl Ctx<'_, '_> {
    pub(crate) fn string(&self, s: impl Into<String>) -> Value {
        Value::string(s, self.span)
    }

    pub(crate) fn number(&self, n: Number) -> Value {
        Value::new(ValueKind::Number(n), self.span)
    }

    pub(crate) fn int(&self, i: i64) -> Value {
        self.number(Number::Int(i))
    }

    pub(crate) fn boolean(&self, b: bool) -> Value {
        Value::new(ValueKind::Bool(b), self.span)
    }

    pub(crate) fn null(&self) -> Value {
        Value::null(self.span)
    }

    pub(crate) fn list(&self, items: Vec<Value>) -> Value {
        Value::new(ValueKind::List(items), self.span)
    }

    /// A map in Terraform's key order.
    pub(crate) fn map(&self, entries: Vec<MapEntry>) -> Value {
        Value::new(ValueKind::Map(sorted_entries(entries)), self.span)
    }

    /// A map entry whose key is new (it gets the call's span).
    pub(crate) fn entry(&self, key: impl Into<String>, value: Value) -> MapEntry {
        MapEntry { key: key.into(), key_span: self.span, value }
    }

    /// An unknown result that keeps the reason and source text of the unknown it comes from.
    pub(crate) fn unknown_from(&self, unknown: &Unknown) -> Value {
        unknown.derived().at(self.span)
    }

    /// `Ok(unknown)` when anything inside `values` is unknown: for functions that need every value.
    pub(crate) fn unknown_if_any(&self, values: &[Value]) -> Option<Value> {
        any_deep_unknown(values).map(|u| self.unknown_from(u))
    }

    /// An error about the call as a whole (`Call to function "x" failed: ...`).
    pub(crate) fn fail(&self, message: impl Into<String>) -> FunctionError {
        FunctionError { function: self.name.to_string(), argument: None, message: message.into() }
    }

    /// An error about one argument (`Invalid value for "p" parameter: ...`).
    pub(crate) fn arg_fail(&self, index: usize, message: impl Into<String>) -> FunctionError {
        let parameter = self.spec.parameter(index).map(|p| p.name).unwrap_or("args");
        FunctionError {
            function: self.name.to_string(),
            argument: Some(crate::ArgumentRef { index, parameter: parameter.to_string() }),
            message: message.into(),
        }
    }
}

/// Reads an argument already converted to a string (the harness converted it).
pub(crate) fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

/// Reads an argument already converted to a number as an integer, or says why it is not one.
pub(crate) fn integer(value: &Value) -> Result<i64, String> {
    match value.as_number() {
        Some(n) => number::as_integer(n).ok_or_else(|| {
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807".to_string()
        }),
        None => Err("a number is required".into()),
    }
}

/// The items of a list argument (empty for anything else).
pub(crate) fn items(value: &Value) -> &[Value] {
    value.as_list().unwrap_or(&[])
}
