//! Go's predefined template functions (except `and`/`or`, which the executor short-circuits).

use std::cmp::Ordering;

use tollgate_model::go_url::query_escape;

use crate::printf::sprintf;
use crate::value::Value;

pub const NAMES: &[&str] = &[
    "and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "index", "slice", "len", "print", "printf", "println",
    "html", "js", "urlquery", "call",
];

pub fn is_builtin(name: &str) -> bool {
    NAMES.contains(&name)
}

pub enum CallError {
    /// Wrong number of arguments: reported at the function name, not as `error calling`.
    Arity(String),
    Failed(String),
}

fn arity(name: &str, args: &[Value], want: usize, at_least: bool) -> Result<(), CallError> {
    let ok = if at_least { args.len() >= want } else { args.len() == want };
    if ok {
        return Ok(());
    }
    let quantity = if at_least { format!("at least {want}") } else { want.to_string() };
    Err(CallError::Arity(format!("wrong number of args for {name}: want {quantity} got {}", args.len())))
}

pub fn call(name: &str, args: &[Value]) -> Result<Value, CallError> {
    let failed = CallError::Failed;
    match name {
        "not" => {
            arity(name, args, 1, false)?;
            Ok(Value::Bool(!args[0].is_true()))
        }
        "eq" => {
            arity(name, args, 1, true)?;
            eq_any(&args[0], &args[1..]).map(Value::Bool).map_err(failed)
        }
        "ne" => {
            arity(name, args, 2, false)?;
            equal(&args[0], &args[1]).map(|eq| Value::Bool(!eq)).map_err(failed)
        }
        "lt" | "le" | "gt" | "ge" => {
            arity(name, args, 2, false)?;
            compare_op(name, &args[0], &args[1]).map(Value::Bool).map_err(failed)
        }
        "index" => {
            arity(name, args, 1, true)?;
            index(&args[0], &args[1..]).map_err(failed)
        }
        "slice" => {
            arity(name, args, 1, true)?;
            slice(&args[0], &args[1..]).map_err(failed)
        }
        "len" => {
            arity(name, args, 1, false)?;
            length(&args[0]).map_err(failed)
        }
        "print" => Ok(Value::String(sprint(args))),
        "println" => Ok(Value::String(sprintln(args))),
        "printf" => {
            arity(name, args, 1, true)?;
            match &args[0] {
                Value::String(format) => Ok(Value::String(sprintf(format, &args[1..]))),
                other => Err(failed(format!("wrong type for value; expected string; got {}", other.type_name()))),
            }
        }
        "html" => Ok(Value::String(html_escape(&joined(args)))),
        "js" => Ok(Value::String(js_escape(&joined(args)))),
        "urlquery" => Ok(Value::String(query_escape(&joined(args)))),
        "call" => {
            arity(name, args, 1, true)?;
            match &args[0] {
                Value::Function(function) => (function.body)(&args[1..]).map_err(failed),
                Value::NoValue | Value::Nil => Err(failed("call of nil".to_string())),
                other => Err(failed(format!("non-function of type {}", other.type_name()))),
            }
        }
        other => Err(failed(format!("function {other:?} not defined"))),
    }
}

/// Go's `fmt.Sprint`: a space between operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        let is_string = |v: &Value| matches!(v, Value::String(_));
        if i > 0 && !is_string(arg) && !is_string(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&arg.to_go_string());
    }
    out
}

fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(Value::to_go_string).collect();
    format!("{}\n", parts.join(" "))
}

/// The escapers take one string as is, anything else as `fmt.Sprint` prints it.
fn joined(args: &[Value]) -> String {
    match args {
        [Value::String(s)] => s.clone(),
        _ => sprint(args),
    }
}

#[derive(PartialEq)]
enum Kind {
    Nil,
    Bool,
    Int,
    Float,
    String,
    Other,
}

fn kind(value: &Value) -> Kind {
    match value {
        Value::NoValue | Value::Nil => Kind::Nil,
        Value::Bool(_) => Kind::Bool,
        // Go compares integers of any size and sign with each other, never with floats.
        _ if value.integer().is_some() => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::String(_) => Kind::String,
        _ => Kind::Other,
    }
}

fn eq_any(first: &Value, others: &[Value]) -> Result<bool, String> {
    if others.is_empty() {
        return Err("missing argument for comparison".to_string());
    }
    for other in others {
        if equal(first, other)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn equal(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (kind(a), kind(b));
    if ka == Kind::Nil || kb == Kind::Nil {
        return Ok(ka == kb);
    }
    if ka != kb {
        return Err(incompatible(a, b));
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Ok(x == y),
        _ if ka == Kind::Int => Ok(a.integer() == b.integer()),
        (Value::Float(x), Value::Float(y)) => Ok(x == y),
        (Value::String(x), Value::String(y)) => Ok(x == y),
        (Value::Time(x), Value::Time(y)) => Ok(x == y),
        _ => Err(format!("non-comparable type {}: {}", a.to_go_string(), a.type_name())),
    }
}

fn compare_op(name: &str, a: &Value, b: &Value) -> Result<bool, String> {
    let ordering = order(a, b)?;
    Ok(match name {
        "lt" => ordering == Ordering::Less,
        "le" => ordering != Ordering::Greater,
        "gt" => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    })
}

fn order(a: &Value, b: &Value) -> Result<Ordering, String> {
    let invalid = || "invalid type for comparison".to_string();
    match (a, b) {
        _ if kind(a) == Kind::Int && kind(b) == Kind::Int => Ok(a.integer().cmp(&b.integer())),
        (Value::Float(x), Value::Float(y)) => Ok(x.partial_cmp(y).unwrap_or(Ordering::Equal)),
        (Value::String(x), Value::String(y)) => Ok(x.as_bytes().cmp(y.as_bytes())),
        _ if matches!(kind(a), Kind::Bool | Kind::Nil | Kind::Other)
            || matches!(kind(b), Kind::Bool | Kind::Nil | Kind::Other) =>
        {
            Err(invalid())
        }
        _ => Err(incompatible(a, b)),
    }
}

fn incompatible(a: &Value, b: &Value) -> String {
    format!("incompatible types for comparison: {} and {}", a.type_name(), b.type_name())
}

fn index_number(index: &Value, length: usize, allow_end: bool) -> Result<usize, String> {
    let Some(i) = index.integer() else {
        return Err(format!("cannot index slice/array with type {}", index.type_name()));
    };
    let limit = if allow_end { length } else { length.saturating_sub(1) };
    match usize::try_from(i) {
        Ok(position) if position <= limit && (allow_end || length > 0) => Ok(position),
        _ => Err(format!("index out of range: {i}")),
    }
}

fn index(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::NoValue | Value::Nil) {
        return Err("index of untyped nil".to_string());
    }
    let mut current = item.clone();
    for index in indexes {
        current = match current {
            Value::List(items) => items[index_number(index, items.len(), false)?].clone(),
            Value::String(s) => Value::Uint8(s.as_bytes()[index_number(index, s.len(), false)?]),
            Value::Map(map) => match index {
                Value::String(key) => map.get(key).unwrap_or(Value::Nil),
                Value::NoValue | Value::Nil => Value::Nil,
                other => return Err(format!("value has type {}; should be string", other.type_name())),
            },
            Value::NoValue | Value::Nil => return Err("index of nil pointer".to_string()),
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(current)
}

fn slice(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let length = match item {
        Value::String(s) if indexes.len() == 3 => return Err(format!("cannot 3-index slice a string: {s}")),
        Value::String(s) => s.len(),
        Value::List(items) => items.len(),
        Value::NoValue | Value::Nil => return Err("slice of untyped nil".to_string()),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut bounds = [0, length, length];
    for (i, index) in indexes.iter().enumerate() {
        bounds[i] = index_number(index, length, true)?;
    }
    if bounds[0] > bounds[1] {
        return Err(format!("invalid slice index: {} > {}", bounds[0], bounds[1]));
    }
    if indexes.len() == 3 && bounds[1] > bounds[2] {
        return Err(format!("invalid slice index: {} > {}", bounds[1], bounds[2]));
    }
    match item {
        Value::String(s) => s
            .get(bounds[0]..bounds[1])
            .map(|part| Value::String(part.to_string()))
            .ok_or_else(|| "slice splits a UTF-8 character".to_string()),
        Value::List(items) => Ok(Value::list(items[bounds[0]..bounds[1]].to_vec())),
        _ => Ok(Value::NoValue),
    }
}

fn length(item: &Value) -> Result<Value, String> {
    let count = match item {
        Value::String(s) => s.len(),
        Value::List(items) => items.len(),
        Value::Map(map) => map.len(),
        Value::NoValue | Value::Nil => return Err("len of nil pointer".to_string()),
        other => return Err(format!("len of type {}", other.type_name())),
    };
    Ok(Value::Int(count as i64))
}

/// Go's `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 || c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
