//! Loading fixtures the way `tollgate scan` does, and looking into the result.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use tollgate_evaluate::{evaluate, EvalOptions, RuleDef};
use tollgate_load::{load, LoadOptions, Loaded};
use tollgate_model::{Finding, Graph, Resource, ResourceId, TfBlock};
use tollgate_reports::{render_json, render_text};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Loads `root` as a scan root (paths shown relative to it), with `--config-dir` if given.
pub fn scan(root: &Path, config_dir: Option<&Path>) -> Loaded {
    let mut options = LoadOptions::new(vec![root.to_path_buf()]);
    options.config_dir = config_dir.map(Path::to_path_buf);
    load(&options).expect("the fixture loads")
}

/// The Terraform `resource` and `data` instances of the graph, by address.
pub fn instances(graph: &Graph) -> Vec<String> {
    let mut out: Vec<String> = graph
        .resources()
        .filter(|(_, r)| r.terraform().is_some_and(|t| matches!(t.block, TfBlock::Resource | TfBlock::Data)))
        .map(|(_, r)| r.address.clone())
        .collect();
    out.sort();
    out
}

pub fn resource<'g>(graph: &'g Graph, address: &str) -> (ResourceId, &'g Resource) {
    graph.resources().find(|(_, r)| r.address == address).unwrap_or_else(|| panic!("no resource `{address}`"))
}

/// The file and 1-based line of `resource`'s span, as `file:line`.
pub fn located(graph: &Graph, resource: &Resource) -> String {
    format!("{}:{}", graph.sources().path(resource.span.file), resource.span.start.line)
}

/// The 1-based line of the only line of `file` containing `needle`.
pub fn line_of(file: &Path, needle: &str) -> u32 {
    let text = std::fs::read_to_string(file).expect("readable fixture");
    let lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.contains(needle)).map(|(i, _)| i + 1).collect();
    assert_eq!(lines.len(), 1, "`{needle}` should be on exactly one line of {}", file.display());
    lines[0] as u32
}

/// Outgoing reference edges as `to (via attribute)`.
pub fn references(graph: &Graph, id: ResourceId) -> Vec<String> {
    let mut out: Vec<String> = graph
        .edges_from(id)
        .filter(|e| e.kind == tollgate_model::EdgeKind::Reference)
        .map(|e| format!("{} ({})", graph.resource(e.to).address, e.via))
        .collect();
    out.sort();
    out
}

pub fn run_rules(graph: &Graph, rules: &[RuleDef]) -> Vec<Finding> {
    evaluate(graph, rules, &EvalOptions::default())
}

/// Everything a scan of `root` prints: the text and JSON reports, made by the pipeline
/// `tollgate scan` runs.
pub fn reports(root: &Path, config_dir: Option<&Path>) -> String {
    let mut options = tollgate_pipeline::ScanOptions::default();
    options.load.paths = vec![root.to_path_buf()];
    options.load.config_dir = config_dir.map(Path::to_path_buf);
    let done = tollgate_pipeline::scan(&options, &mut |_| {}).expect("the scan runs");
    format!("{}\n{}", render_text(&done.report, &done.sources, false), render_json(&done.report))
}

/// What `inspect` shows of every resource: the printable bodies.
pub fn printable(graph: &Graph) -> String {
    graph.resources().map(|(id, _)| graph.printable_body(id).to_json().to_string()).collect::<Vec<_>>().join("\n")
}
