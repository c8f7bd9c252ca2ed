//! Sprig's defaults and flow: `default`, `empty`, `coalesce`, `ternary`, `all`, `any`, and Helm's `fail`.
//!
//! Emptiness is Sprig's: nil, `false`, zero numbers, and empty strings, lists and maps are empty; a
//! string of spaces is not.

use tollgate_gotemplate::{Functions, Value};

pub fn register(functions: &mut Functions) {
    functions.add("default", |args| match args {
        [] => Err("wrong number of args for default: want at least 1 got 0".to_string()),
        [fallback] => Ok(fallback.clone()),
        [fallback, given, ..] => Ok(if is_empty(given) { fallback.clone() } else { given.clone() }),
    });
    functions.add("empty", |args| Ok(Value::Bool(is_empty(crate::types::arg1("empty", args)?))));
    functions.add("coalesce", |args| Ok(args.iter().find(|value| !is_empty(value)).cloned().unwrap_or(Value::Nil)));
    functions.add("all", |args| Ok(Value::Bool(args.iter().all(|value| !is_empty(value)))));
    functions.add("any", |args| Ok(Value::Bool(args.iter().any(|value| !is_empty(value)))));
    functions.add("ternary", |args| match args {
        [if_true, if_false, Value::Bool(condition)] => Ok(if *condition { if_true } else { if_false }.clone()),
        [_, _, other] => Err(format!("expected bool; found {}", other.to_go_string())),
        _ => Err(crate::types::wrong_count("ternary", 3, args.len())),
    });
    // Helm's own `fail`: its error text is the message; the renderer words it `execution error at (...)`.
    functions.add("fail", |args| match args {
        [Value::String(message)] => Err(message.clone()),
        [other] => Err(format!("expected string; found {}", other.to_go_string())),
        _ => Err(crate::types::wrong_count("fail", 1, args.len())),
    });
}

/// Sprig's `empty`.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::NoValue | Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(_) | Value::Int64(_) | Value::Uint8(_) | Value::Uint64(_) => value.integer() == Some(0),
        Value::Float(f) => *f == 0.0,
        Value::String(s) => s.is_empty(),
        Value::List(items) => items.is_empty(),
        Value::Map(map) => map.is_empty(),
        // Functions and structs (times) are never empty.
        _ => false,
    }
}
