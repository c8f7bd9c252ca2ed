//! Helpers shared by the loader tests.

use crate::parse_file;
use tollgate_model::{FileId, FileLoad, Resource, SourceFile, Value};

pub(crate) fn load(path: &str, text: &str) -> FileLoad {
    let source = SourceFile { path: path.to_string(), text: text.into() };
    parse_file(FileId(0), &source, ".")
}

/// Loads a `.tf` file that must parse without errors.
pub(crate) fn tf(text: &str) -> Vec<Resource> {
    let load = load("main.tf", text);
    assert!(load.errors.is_empty(), "unexpected errors: {:?}", load.errors);
    load.resources
}

/// Loads a `.tf.json` file that must parse without errors.
pub(crate) fn tf_json(text: &str) -> Vec<Resource> {
    let load = load("main.tf.json", text);
    assert!(load.errors.is_empty(), "unexpected errors: {:?}", load.errors);
    load.resources
}

pub(crate) fn find<'a>(resources: &'a [Resource], address: &str) -> &'a Resource {
    resources.iter().find(|r| r.address == address).unwrap_or_else(|| panic!("no resource {address}"))
}

/// Start and end line of a value.
pub(crate) fn lines(value: &Value) -> (u32, u32) {
    (value.span.start.line, value.span.end.line)
}

/// The known value at a path of map keys.
pub(crate) fn known<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    value.lookup(path).known().unwrap_or_else(|| panic!("{path:?} is not known: {:?}", value.lookup(path)))
}

/// The source text of the unknown value at a path.
pub(crate) fn unknown_source(value: &Value, path: &[&str]) -> String {
    match value.lookup(path) {
        tollgate_model::Lookup::Unknown(v) => v.as_unknown().map(|u| u.source.clone()).unwrap_or_default(),
        other => panic!("{path:?} is not unknown: {other:?}"),
    }
}
