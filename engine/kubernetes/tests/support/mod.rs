//! Helpers shared by the integration tests.
#![allow(dead_code)]

use tollgate_model::{FileId, FileLoad, Pos, Resource, SourceFile, Span, Value};

pub fn load(path: &str, text: &str) -> FileLoad {
    tollgate_kubernetes::parse_file(FileId(0), &SourceFile { path: path.to_string(), text: text.into() })
}

/// Loads a file that must have no errors.
pub fn load_ok(path: &str, text: &str) -> FileLoad {
    let load = load(path, text);
    assert!(load.errors.is_empty(), "unexpected errors: {:?}", load.errors);
    load
}

pub fn resource<'a>(load: &'a FileLoad, address: &str) -> &'a Resource {
    load.resources.iter().find(|r| r.address == address).unwrap_or_else(|| {
        panic!("no {address} in {:?}", load.resources.iter().map(|r| &r.address).collect::<Vec<_>>())
    })
}

pub fn at<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    value.lookup(path).known().unwrap_or_else(|| panic!("no {path:?}"))
}

/// (start line, end line) of a span.
pub fn lines(span: Span) -> (u32, u32) {
    (span.start.line, span.end.line)
}

pub fn pos(line: u32, col: u32) -> Pos {
    Pos::new(line, col)
}
