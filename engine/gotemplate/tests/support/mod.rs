//! Helpers shared by the test files: render a template with JSON data, or get its error text.
#![allow(dead_code)]

use tollgate_gotemplate::{Templates, Value};

pub fn data(json: serde_json::Value) -> Value {
    Value::from(json)
}

pub fn render_in(set: &mut Templates, text: &str, json: serde_json::Value) -> Result<String, String> {
    set.parse("t", text).map_err(|e| e.to_string())?;
    set.execute("t", &data(json)).map_err(|e| e.to_string())
}

/// Renders `text` as template "t" with `json` as dot; the error text on failure.
pub fn try_render(text: &str, json: serde_json::Value) -> Result<String, String> {
    render_in(&mut Templates::new(), text, json)
}

pub fn render(text: &str, json: serde_json::Value) -> String {
    match try_render(text, json) {
        Ok(out) => out,
        Err(error) => panic!("{text:?} failed: {error}"),
    }
}

pub fn render_error(text: &str, json: serde_json::Value) -> String {
    match try_render(text, json) {
        Ok(out) => panic!("{text:?} rendered {out:?}, expected an error"),
        Err(error) => error,
    }
}

/// Renders each (template, expected output) pair with `json` as dot.
pub fn assert_renders(cases: &[(&str, &str)], json: serde_json::Value) {
    for (text, expected) in cases {
        assert_eq!(render(text, json.clone()), *expected, "{text}");
    }
}
