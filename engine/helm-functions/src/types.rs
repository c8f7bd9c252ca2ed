//! Sprig's type functions and the conversions every other group uses: Go's `spf13/cast` rules for
//! `int`, `int64`, `float64` (strings parsed with Go's base prefixes, anything unreadable 0), `atoi`,
//! `toString`, `toStrings`, `toDecimal`, `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`,
//! `deepEqual`.
//!
//! Types: integers carry Go's type (`int` from literals, `len`, `int`, `atoi`; `int64` from `--set`,
//! `add` and the other integer math, `int64`, `toDecimal`; `uint64` from a version's `.Major`), so
//! `typeOf`, `%T` and `eq` see what Go sees. Lists are `[]interface {}` here where Go has `[]int`
//! (`until`) or `[]string` (`toStrings`, `keys`); `.Values` is `map[string]interface {}` here,
//! `common.Values` in Helm.

use tollgate_gotemplate::{sprintf, Functions, Value};

pub fn register(functions: &mut Functions) {
    functions.add("int", |args| Ok(Value::Int(to_int64(arg1("int", args)?))));
    functions.add("int64", |args| Ok(Value::Int64(to_int64(arg1("int64", args)?))));
    functions.add("float64", |args| Ok(Value::Float(to_float64(arg1("float64", args)?))));
    functions.add("atoi", |args| Ok(Value::Int(atoi(&to_string(arg1("atoi", args)?)))));
    functions.add("toString", |args| Ok(Value::String(to_string(arg1("toString", args)?))));
    functions.add("toStrings", |args| Ok(Value::list(to_strings(arg1("toStrings", args)?))));
    functions.add("toDecimal", |args| {
        let text = to_string(arg1("toDecimal", args)?);
        Ok(Value::Int64(i64::from_str_radix(&text, 8).unwrap_or(0)))
    });
    functions.add("typeOf", |args| Ok(Value::from(type_of(arg1("typeOf", args)?))));
    functions.add("kindOf", |args| Ok(Value::from(kind_of(arg1("kindOf", args)?))));
    functions.add("typeIs", |args| {
        let (name, value) = arg2("typeIs", args)?;
        Ok(Value::Bool(to_string(name) == type_of(value)))
    });
    functions.add("typeIsLike", |args| {
        let (name, value) = arg2("typeIsLike", args)?;
        let (name, actual) = (to_string(name), type_of(value));
        Ok(Value::Bool(name == actual || format!("*{name}") == actual))
    });
    functions.add("kindIs", |args| {
        let (name, value) = arg2("kindIs", args)?;
        Ok(Value::Bool(to_string(name) == kind_of(value)))
    });
    functions.add("deepEqual", |args| {
        let (a, b) = arg2("deepEqual", args)?;
        Ok(Value::Bool(deep_equal(a, b)))
    });
}

pub(crate) fn arg1<'a>(name: &str, args: &'a [Value]) -> Result<&'a Value, String> {
    match args {
        [value] => Ok(value),
        _ => Err(wrong_count(name, 1, args.len())),
    }
}

pub(crate) fn arg2<'a>(name: &str, args: &'a [Value]) -> Result<(&'a Value, &'a Value), String> {
    match args {
        [a, b] => Ok((a, b)),
        _ => Err(wrong_count(name, 2, args.len())),
    }
}

/// Go's arity error for a function of fixed arity.
pub(crate) fn wrong_count(name: &str, want: usize, got: usize) -> String {
    format!("wrong number of args for {name}: want {want} got {got}")
}

/// A Go `string` parameter: the template engine passes strings only.
pub(crate) fn string_param(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Nil | Value::NoValue => Err("invalid value; expected string".to_string()),
        other => Err(format!("expected string; found {}", other.to_go_string())),
    }
}

/// `cast.ToInt64`: floats truncate, strings parse in Go's base-0 syntax (`0x1F`, `010` octal, a `.0`
/// fraction dropped), booleans are 1 or 0, anything else 0.
pub fn to_int64(value: &Value) -> i64 {
    match value {
        Value::Float(f) => *f as i64,
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => parse_go_int(trim_zero_decimal(s)).unwrap_or(0),
        // A uint64 beyond int64 wraps, as Go's conversion does.
        other => other.integer().map_or(0, |i| i as i64),
    }
}

fn trim_zero_decimal(s: &str) -> &str {
    match s.split_once('.') {
        Some((whole, fraction)) if !whole.is_empty() && !fraction.is_empty() && fraction.bytes().all(|b| b == b'0') => {
            whole
        }
        _ => s,
    }
}

/// `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_go_int(s: &str) -> Option<i64> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest.to_string())
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest.to_string())
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower.clone())
    };
    // Base 0 allows underscores between digits (`1_000`).
    if digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let digits = digits.replace('_', "");
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = i128::from_str_radix(&digits, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// `strconv.Atoi`: decimal only, 0 when unreadable.
fn atoi(s: &str) -> i64 {
    let body = s.strip_prefix('+').unwrap_or(s);
    if body.starts_with('+') {
        return 0;
    }
    body.parse::<i64>().unwrap_or(0)
}

/// `cast.ToFloat64`: strings parsed as Go's `ParseFloat`, booleans 1 or 0, anything else 0.
pub fn to_float64(value: &Value) -> f64 {
    match value {
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::String(s) => parse_go_float(s).unwrap_or(0.0),
        other => other.integer().map_or(0.0, |i| i as f64),
    }
}

fn parse_go_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity" | "nan") {
        return s.parse::<f64>().ok();
    }
    if body.contains(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))) {
        return None;
    }
    s.parse::<f64>().ok()
}

/// Sprig's `strval`: a string as is, anything else as `%v` prints it (`<nil>` for nil).
pub fn to_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => sprintf("%v", std::slice::from_ref(other)),
    }
}

/// Sprig's `strslice`: a list's elements as strings, nils left out; nil is empty; one value a list of it.
fn to_strings(value: &Value) -> Vec<Value> {
    match value {
        Value::List(items) => items
            .iter()
            .filter(|item| !matches!(item, Value::Nil | Value::NoValue))
            .map(|item| Value::String(to_string(item)))
            .collect(),
        Value::Nil | Value::NoValue => Vec::new(),
        other => vec![Value::String(to_string(other))],
    }
}

/// Go's `%T` as far as our values tell it.
pub fn type_of(value: &Value) -> String {
    value.type_name().to_string()
}

/// Go's `reflect.Kind` names, from the type: a struct (a time) is `struct`.
pub fn kind_of(value: &Value) -> String {
    if let Value::Object(object) = value {
        return object.kind().to_string();
    }
    match value.type_name() {
        "<nil>" => "invalid",
        "[]interface {}" => "slice",
        "map[string]interface {}" => "map",
        name if name.starts_with("func") => "func",
        name @ ("bool" | "int" | "int64" | "uint8" | "uint64" | "float64" | "string") => name,
        _ => "struct",
    }
    .to_string()
}

/// `reflect.DeepEqual`: same types and equal contents (`1` and `1.0` differ).
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::NoValue | Value::Nil, Value::NoValue | Value::Nil) => true,
        (Value::List(x), Value::List(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| deep_equal(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            if x.same(y) {
                return true;
            }
            let (x, y) = (x.snapshot(), y.snapshot());
            x.len() == y.len() && x.iter().all(|(key, item)| y.get(key).is_some_and(|other| deep_equal(item, other)))
        }
        _ => a == b,
    }
}
