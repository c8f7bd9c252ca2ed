//! Go's `path` functions on slash-separated paths (`base`, `dir`, `clean`, `ext`, `isAbs`), and their
//! `filepath` twins (`osBase`, ...), which are the same on Unix, where Helm renders.

use tollgate_gotemplate::{Functions, Value};

use crate::args_strings::{add_unary, arity, string};

pub fn register(functions: &mut Functions) {
    for (name, os_name, body) in [
        ("base", "osBase", base as fn(&str) -> String),
        ("dir", "osDir", dir),
        ("clean", "osClean", clean),
        ("ext", "osExt", |path: &str| extension(path).to_string()),
    ] {
        add_unary(functions, name, body);
        add_unary(functions, os_name, body);
    }
    for name in ["isAbs", "osIsAbs"] {
        functions.add(name, move |args| {
            arity(name, args, 1)?;
            Ok(Value::Bool(string(args, 0)?.starts_with('/')))
        });
    }
}

/// Go's `path.Clean`: one slash between elements, `.` removed, `..` removing the element before it
/// (and dropped at the root); an empty result is `.`.
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go's `path.Base`: the last element, trailing slashes ignored; `.` for empty, `/` for only slashes.
fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

/// Go's `path.Dir`: everything before the last slash, cleaned.
fn dir(path: &str) -> String {
    let cut = path.rfind('/').map_or(0, |slash| slash + 1);
    clean(&path[..cut])
}

/// Go's `path.Ext`: from the last dot of the last element, or empty.
fn extension(path: &str) -> &str {
    let last = path.rsplit('/').next().unwrap_or(path);
    last.rfind('.').map_or("", |dot| &last[dot..])
}
