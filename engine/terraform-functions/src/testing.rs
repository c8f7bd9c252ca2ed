//! Shorthands for unit tests.

use crate::{call, FunctionEnv, FunctionError};
use std::path::Path;
use tollgate_model::{MapEntry, Number, Span, UnknownReason, Value, ValueKind};

pub fn env() -> FunctionEnv<'static> {
    FunctionEnv { module_dir: Path::new("."), max_file_bytes: 1 << 20, render_template: None, sandbox: None }
}

pub fn s(text: &str) -> Value {
    Value::string(text, Span::default())
}

pub fn num(i: i64) -> Value {
    Value::new(ValueKind::Number(Number::Int(i)), Span::default())
}

pub fn float(f: f64) -> Value {
    Value::new(ValueKind::Number(Number::Float(f)), Span::default())
}

pub fn boolean(b: bool) -> Value {
    Value::new(ValueKind::Bool(b), Span::default())
}

pub fn null() -> Value {
    Value::null(Span::default())
}

pub fn unknown(source: &str) -> Value {
    Value::unknown(UnknownReason::AfterApply, source, Span::default())
}

pub fn list(items: Vec<Value>) -> Value {
    Value::new(ValueKind::List(items), Span::default())
}

pub fn strings(items: &[&str]) -> Value {
    list(items.iter().map(|t| s(t)).collect())
}

pub fn entry(key: &str, value: Value) -> MapEntry {
    MapEntry { key: key.to_string(), key_span: Span::default(), value }
}

pub fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::new(ValueKind::Map(entries.into_iter().map(|(k, v)| entry(k, v)).collect()), Span::default())
}

/// Calls a function with default spans and environment.
pub fn run(name: &str, args: Vec<Value>) -> Result<Value, FunctionError> {
    call(name, args, Span::default(), &env())
}

/// Calls a function that must succeed.
pub fn ok(name: &str, args: Vec<Value>) -> Value {
    match run(name, args) {
        Ok(v) => v,
        Err(e) => panic!("{name} failed: {e}"),
    }
}

/// Calls a function that must fail, returning the message.
pub fn err(name: &str, args: Vec<Value>) -> String {
    match run(name, args) {
        Ok(v) => panic!("{name} succeeded with {:?}", v.to_json()),
        Err(e) => e.to_string(),
    }
}

/// The unknown reason of a result that must be unknown.
pub fn unknown_reason(v: &Value) -> UnknownReason {
    match v.as_unknown() {
        Some(u) => u.reason,
        None => panic!("expected unknown, got {:?}", v.to_json()),
    }
}
