//! Sprig's string functions. Sprig puts the piped value last (`trimSuffix "-" .x`, `replace old new s`);
//! cuts (`trunc`, `substr`, `abbrev`, `wrap`) count bytes as Go does.

mod case;
mod layout;
mod paths;

use tollgate_gotemplate::{sprintf, Functions, Value};

use crate::args_strings::{add_binary, add_int_string, add_unary, arity, go_slice, int, repeat, string, strval};

pub fn register(functions: &mut Functions) {
    case::register(functions);
    layout::register(functions);
    paths::register(functions);
    add_unary(functions, "trim", |s| s.trim().to_string());
    add_binary(functions, "trimAll", |cutset, s| Value::from(s.trim_matches(|c| cutset.contains(c))));
    add_binary(functions, "trimall", |cutset, s| Value::from(s.trim_matches(|c| cutset.contains(c))));
    add_binary(functions, "trimPrefix", |prefix, s| Value::from(s.strip_prefix(prefix).unwrap_or(s)));
    add_binary(functions, "trimSuffix", |suffix, s| Value::from(s.strip_suffix(suffix).unwrap_or(s)));
    add_binary(functions, "contains", |part, s| Value::Bool(s.contains(part)));
    add_binary(functions, "hasPrefix", |prefix, s| Value::Bool(s.starts_with(prefix)));
    add_binary(functions, "hasSuffix", |suffix, s| Value::Bool(s.ends_with(suffix)));
    add_binary(functions, "splitList", |sep, s| string_list(go_split(s, sep, -1)));
    add_binary(functions, "split", |sep, s| numbered_map(go_split(s, sep, -1)));
    add_int_string(functions, "trunc", truncate);
    add_int_string(functions, "repeat", |count, s| repeat(s, count));
    add_int_string(functions, "indent", indent);
    add_int_string(functions, "nindent", |spaces, s| indent(spaces, s).map(|indented| format!("\n{indented}")));
    functions.add("substr", |args| {
        arity("substr", args, 3)?;
        substring(int(args, 0)?, int(args, 1)?, string(args, 2)?).map(Value::String)
    });
    functions.add("replace", |args| {
        arity("replace", args, 3)?;
        Ok(Value::from(string(args, 2)?.replace(string(args, 0)?, string(args, 1)?)))
    });
    functions.add("plural", |args| {
        arity("plural", args, 3)?;
        let (one, many, count) = (string(args, 0)?, string(args, 1)?, int(args, 2)?);
        Ok(Value::from(if count == 1 { one } else { many }))
    });
    functions.add("splitn", |args| {
        arity("splitn", args, 3)?;
        Ok(numbered_map(go_split(string(args, 2)?, string(args, 0)?, int(args, 1)?)))
    });
    register_variadic(functions);
}

/// The functions taking values of any type.
fn register_variadic(functions: &mut Functions) {
    functions.add("quote", |args| Ok(Value::String(quoted(args, |s| sprintf("%q", &[Value::from(s)])))));
    functions.add("squote", |args| Ok(Value::String(quoted(args, |s| format!("'{s}'")))));
    functions.add("cat", |args| {
        let present: Vec<String> = args.iter().filter(|arg| !is_nil(arg)).map(Value::to_go_string).collect();
        Ok(Value::String(present.join(" ")))
    });
    functions.add("join", |args| {
        arity("join", args, 2)?;
        let separator = string(args, 0)?;
        Ok(Value::String(string_slice(&args[1]).join(separator)))
    });
    functions.add("sortAlpha", |args| {
        arity("sortAlpha", args, 1)?;
        let mut sorted = match &args[0] {
            Value::List(_) => string_slice(&args[0]),
            other => vec![strval(other)],
        };
        sorted.sort();
        Ok(string_list(sorted))
    });
}

fn is_nil(value: &Value) -> bool {
    matches!(value, Value::Nil | Value::NoValue)
}

/// `quote`/`squote`: each non-nil argument quoted, joined by spaces.
fn quoted(args: &[Value], quote: impl Fn(&str) -> String) -> String {
    let parts: Vec<String> = args.iter().filter(|arg| !is_nil(arg)).map(|arg| quote(&strval(arg))).collect();
    parts.join(" ")
}

/// Sprig's `strslice`: a list's non-nil items as strings; nil is empty; any other value one string.
pub fn string_slice(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter(|item| !is_nil(item)).map(strval).collect(),
        Value::Nil | Value::NoValue => Vec::new(),
        other => vec![strval(other)],
    }
}

pub fn string_list(items: Vec<String>) -> Value {
    Value::list(items.into_iter().map(Value::String).collect())
}

/// `split`'s result: `_0`, `_1`, ... keys.
fn numbered_map(parts: Vec<String>) -> Value {
    Value::map(parts.into_iter().enumerate().map(|(i, part)| (format!("_{i}"), Value::String(part))).collect())
}

/// Go's `strings.SplitN`: `n < 0` all parts, `0` none, an empty separator splits into characters.
pub fn go_split(s: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let limit = usize::try_from(n).unwrap_or(usize::MAX);
    if sep.is_empty() {
        let chars: Vec<char> = s.chars().collect();
        let whole = chars.len().min(limit.saturating_sub(1));
        let mut parts: Vec<String> = chars[..whole].iter().map(char::to_string).collect();
        if whole < chars.len() {
            parts.push(chars[whole..].iter().collect());
        }
        return parts;
    }
    s.splitn(limit, sep).map(str::to_string).collect()
}

/// Sprig's `trunc`: the first `count` bytes, or with a negative count the last ones.
fn truncate(count: i64, s: &str) -> Result<String, String> {
    let length = s.len() as i64;
    if count < 0 && length + count > 0 {
        return go_slice(s, Some(length + count), None);
    }
    if count >= 0 && length > count {
        return go_slice(s, None, Some(count));
    }
    Ok(s.to_string())
}

/// Sprig's `substr`: a negative start means from the beginning, a negative or too large end to the end.
fn substring(start: i64, end: i64, s: &str) -> Result<String, String> {
    if start < 0 {
        return go_slice(s, None, Some(end));
    }
    if end < 0 || end > s.len() as i64 {
        return go_slice(s, Some(start), None);
    }
    go_slice(s, Some(start), Some(end))
}

fn indent(spaces: i64, s: &str) -> Result<String, String> {
    let pad = repeat(" ", spaces)?;
    Ok(format!("{pad}{}", s.replace('\n', &format!("\n{pad}"))))
}

#[cfg(test)]
mod tests;
