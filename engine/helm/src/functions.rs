//! Helm's functions bound to the engine or the chart: `include`, `tpl`, `required`, `fail`, `lookup`.
//!
//! `required` and `fail` mark their message so the final error is Helm's short
//! `execution error at (file:line:col): message`, wherever the call was nested.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tollgate_gotemplate::{Engine, Functions, Value};

/// Helm stops `include` of one name nested deeper than this.
pub const MAX_INCLUDE_NESTING: usize = 1000;

const MESSAGE_START: &str = "\u{1}helm-message:";
const MESSAGE_END: &str = "\u{1}";

/// The user message of a `required`/`fail` error, wherever it is in `error`.
pub fn user_message(error: &str) -> Option<&str> {
    let start = error.find(MESSAGE_START)? + MESSAGE_START.len();
    let length = error[start..].find(MESSAGE_END)?;
    Some(&error[start..start + length])
}

fn user_error(message: &str) -> String {
    format!("{MESSAGE_START}{message}{MESSAGE_END}")
}

/// Adds Helm's engine-bound functions to `functions`.
pub fn add_helm_functions(functions: &mut Functions) {
    let included: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    functions.add_with_engine("include", move |engine, args| include(engine, args, &included));
    functions.add_with_engine("tpl", tpl);
    functions.add("required", required);
    functions.add("fail", |args| match args {
        [Value::String(message)] => Err(user_error(message)),
        [other] => Err(user_error(&other.to_go_string())),
        _ => Err(format!("wrong number of args for fail: want 1 got {}", args.len())),
    });
    // `helm template` has no cluster: `lookup` gives an empty map.
    functions.add("lookup", |args| match args.len() {
        4 => Ok(Value::map(BTreeMap::new())),
        count => Err(format!("wrong number of args for lookup: want 4 got {count}")),
    });
}

fn string_argument(value: &Value) -> Result<&str, String> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
    }
}

fn include(engine: &mut dyn Engine, args: &[Value], included: &Mutex<HashMap<String, usize>>) -> Result<Value, String> {
    let [name, data] = args else {
        return Err(format!("wrong number of args for include: want 2 got {}", args.len()));
    };
    let name = string_argument(name)?;
    let count_change = |delta: isize| -> usize {
        let mut counts = included.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = counts.entry(name.to_string()).or_insert(0);
        *count = count.saturating_add_signed(delta);
        *count
    };
    if count_change(1) > MAX_INCLUDE_NESTING + 1 {
        count_change(-1);
        return Err(format!("rendering template has a nested reference name: {name}: unable to execute template"));
    }
    let result = engine.execute_template(name, data);
    count_change(-1);
    match result {
        Ok(text) => Ok(Value::String(text)),
        Err(error) if error == format!("template {name:?} not defined") => {
            Err(format!("template: no template {name:?} associated with template \"gotpl\""))
        }
        Err(error) => Err(error),
    }
}

fn tpl(engine: &mut dyn Engine, args: &[Value]) -> Result<Value, String> {
    let [text, data] = args else {
        return Err(format!("wrong number of args for tpl: want 2 got {}", args.len()));
    };
    let text = string_argument(text)?;
    if !matches!(data, Value::Map(_)) {
        return Err(format!("wrong type for value; expected chartutil.Values; got {}", data.type_name()));
    }
    match engine.render_text("gotpl", text, data) {
        Ok(rendered) => Ok(Value::String(rendered.replace("<no value>", ""))),
        Err(error) if is_parse_error(&error) => Err(format!("cannot parse template {text:?}: {error}")),
        Err(error) => Err(format!("error during tpl function execution for {text:?}: {error}")),
    }
}

/// Go's parse errors read `template: NAME:LINE: ...`, execution errors `template: NAME:LINE:COL: ...`.
fn is_parse_error(error: &str) -> bool {
    let Some(rest) = error.strip_prefix("template: gotpl:") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(": ")
}

fn required(args: &[Value]) -> Result<Value, String> {
    let [message, value] = args else {
        return Err(format!("wrong number of args for required: want 2 got {}", args.len()));
    };
    let message = string_argument(message)?;
    match value {
        Value::Nil | Value::NoValue => Err(user_error(message)),
        Value::String(text) if text.is_empty() => Err(user_error(message)),
        other => Ok(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_parse_error, user_error, user_message};

    #[test]
    fn user_messages_survive_wrapping() {
        let wrapped =
            format!("template: a:1:2: executing \"a\" at <x>: error calling include: {}", user_error("need x"));
        assert_eq!(user_message(&wrapped), Some("need x"));
        assert_eq!(user_message("plain"), None);
    }

    #[test]
    fn parse_errors_are_told_from_execution_errors() {
        assert!(is_parse_error("template: gotpl:1: missing value for if"));
        assert!(!is_parse_error("template: gotpl:1:8: executing \"gotpl\" at <.x>: boom"));
    }
}
