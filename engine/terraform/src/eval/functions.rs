//! The bridge to Terraform's built-in functions.
//!
//! The functions themselves belong to `tollgate-terraform-functions`; until it is wired in, the
//! few that type conversion needs are answered here and any other is an error (which the module
//! evaluator turns into an unknown value, never a guess).

use super::ops::first_unknown;
use super::types::{convert, count_value, Type};
use std::path::Path;
use tollgate_model::{Span, Value, ValueKind};

/// Calls function `name` on evaluated arguments; the result is located at `span`.
pub(crate) fn call(name: &str, args: Vec<Value>, span: Span, _base_dir: Option<&Path>) -> Result<Value, String> {
    let conversion = match name {
        "tostring" => Some(Type::String),
        "tonumber" => Some(Type::Number),
        "tobool" => Some(Type::Bool),
        "tolist" => Some(Type::List(Box::new(Type::Any))),
        "toset" => Some(Type::Set(Box::new(Type::Any))),
        "tomap" => Some(Type::Map(Box::new(Type::Any))),
        _ => None,
    };
    let [arg] = <[Value; 1]>::try_from(args).map_err(|args| {
        if conversion.is_some() || name == "length" {
            format!("`{name}` takes exactly one argument, {} given", args.len())
        } else {
            format!("function `{name}` is not supported by Tollgate yet")
        }
    })?;
    if let Some(ty) = conversion {
        return convert(&arg, &ty).map(|v| Value::new(v.kind, span));
    }
    match (name, &arg.kind) {
        (_, ValueKind::Unknown(_)) => Ok(Value::new(arg.kind.clone(), span)),
        ("length", ValueKind::List(items)) => Ok(count_value(items.len(), span)),
        ("length", ValueKind::Map(entries)) => Ok(count_value(entries.len(), span)),
        ("length", ValueKind::String(s)) => Ok(count_value(s.chars().count(), span)),
        ("length", _) => Err("`length` needs a collection or a string".into()),
        _ => {
            let _ = first_unknown(&arg);
            Err(format!("function `{name}` is not supported by Tollgate yet"))
        }
    }
}
