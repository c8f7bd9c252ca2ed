//! Go's `path` functions on slash-separated paths (`base`, `dir`, `clean`, `ext`, `isAbs`), and their
//! `filepath` twins (`osBase`, ...), which are the same on Unix, where Helm renders.

use tollgate_gotemplate::{Functions, Value};
use tollgate_model::go_path::{base, clean, dir, ext};

use crate::args_strings::{add_unary, arity, string};

pub fn register(functions: &mut Functions) {
    for (name, os_name, body) in [
        ("base", "osBase", base as fn(&str) -> String),
        ("dir", "osDir", dir),
        ("clean", "osClean", clean),
        ("ext", "osExt", |path: &str| ext(path).to_string()),
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
