//! Shared helpers for the policy tests: graphs whose parsed documents are built here (the YAML
//! test inputs are written in JSON flow style, which is YAML too, so the model's span-keeping
//! JSON reader gives every node its real lines), policies in temporary directories, and a
//! compact rendering of outcomes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use tollgate_load::{load, LoadOptions};
use tollgate_model::source::line_col;
use tollgate_model::{DocumentFormat, Graph, GraphBuilder, ParsedDocument, ParsedFile, Span};
use tollgate_policy::{evaluate, PolicyOptions, PolicyOutcome, PolicySet};

pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The documents of `text`: sections between `---` lines, each read as JSON with its spans.
fn documents(file: tollgate_model::FileId, text: &str) -> Vec<ParsedDocument> {
    let mut docs = Vec::new();
    let (mut chunk_start, mut pos, mut chunks) = (0, 0, Vec::new());
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            chunks.push((chunk_start, pos));
            chunk_start = pos + line.len();
        }
        pos += line.len();
    }
    chunks.push((chunk_start, text.len()));
    for (start, end) in chunks {
        let chunk = &text[start..end];
        if chunk.trim().is_empty() {
            continue;
        }
        let json = tollgate_model::json::parse(chunk).unwrap();
        let at = |range: std::ops::Range<usize>| {
            Span::new(file, line_col(text, start + range.start), line_col(text, start + range.end))
        };
        let value = json.to_value(&at);
        docs.push(ParsedDocument { span: value.span, value });
    }
    docs
}

fn format_of(path: &str) -> DocumentFormat {
    if path.ends_with(".tf") {
        DocumentFormat::Hcl
    } else if path.ends_with(".yaml") || path.ends_with(".yml") {
        DocumentFormat::Yaml
    } else if path.contains("plan") {
        DocumentFormat::TerraformPlan
    } else {
        DocumentFormat::Json
    }
}

/// Loads `dir/inputs` with tollgate-load (for its resources) and attaches parsed documents to
/// every `.yaml`/`.json` file; `.tf` files get the Conftest HCL 2 document the loader keeps.
pub fn graph(dir: &Path) -> Graph {
    let mut options = LoadOptions::new(vec![dir.join("inputs")]);
    options.relative_to = Some(dir.to_path_buf());
    options.keep_documents = true;
    let loaded = load(&options).unwrap();
    let graph = loaded.graph;
    let mut sources = graph.sources().clone();
    // Files the loader did not read (a plan without its configuration) are still inputs.
    let mut on_disk = Vec::new();
    collect(&dir.join("inputs"), &mut on_disk);
    on_disk.sort();
    for path in on_disk {
        let rel = path.strip_prefix(dir).unwrap().display().to_string();
        if !sources.iter().any(|(_, f)| f.path == rel) {
            sources.add(rel, std::fs::read_to_string(&path).unwrap());
        }
    }
    let mut parsed = Vec::new();
    for (file, source) in sources.iter() {
        let path = sources.path(file).to_string();
        // The loader may keep no text for files it does not scan itself (a plan without its
        // configuration): read the file again.
        let text = std::fs::read_to_string(dir.join(&path)).unwrap_or_else(|_| source.text.to_string());
        let format = format_of(&path);
        let docs = match format {
            // The loader keeps each HCL file's Conftest HCL 2 document, spanned at its blocks.
            DocumentFormat::Hcl => match kept_hcl(&graph, file) {
                Some(kept) => kept,
                None => continue,
            },
            _ => documents(file, &text),
        };
        parsed.push(ParsedFile { file, format, documents: docs });
    }
    let resources: Vec<_> = graph.resources().map(|(_, r)| r.clone()).collect();
    let mut builder = GraphBuilder::new(resources);
    builder.set_parsed_files(parsed);
    builder.build(sources)
}

/// The documents the loader kept for an HCL file.
fn kept_hcl(graph: &Graph, file: tollgate_model::FileId) -> Option<Vec<ParsedDocument>> {
    let kept = graph.parsed_files().iter().find(|p| p.file == file && p.format == DocumentFormat::Hcl)?;
    Some(kept.documents.clone())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json" || e == "yaml") {
            out.push(path);
        }
    }
}

/// Policies from `(relative path, text)` pairs written under `dir/policy`.
pub fn policies(dir: &Path, files: &[(&str, &str)], options: PolicyOptions) -> (PolicySet, Vec<String>) {
    for (rel, text) in files {
        write(&dir.join("policy"), rel, text);
    }
    let (set, errors) = PolicySet::load(&[dir.join("policy")], options);
    let base = format!("{}/", dir.display());
    (set, errors.iter().map(|e| format!("{}:{} {}", e.file.replace(&base, ""), e.line, e.message)).collect())
}

/// `rule severity address file:start-end message {metadata}` per finding.
pub fn findings(outcome: &PolicyOutcome) -> Vec<String> {
    outcome
        .findings
        .iter()
        .map(|p| {
            let f = p;
            let meta = if f.metadata.is_empty() {
                String::new()
            } else {
                format!(" {}", serde_json::Value::Object(f.metadata.clone()))
            };
            format!(
                "{} {} {} {} {}:{}-{} {}{meta}",
                f.rule_id,
                f.severity,
                f.kind.as_str(),
                f.address,
                f.file,
                f.start_line,
                f.end_line,
                f.message
            )
        })
        .collect()
}

pub fn errors(dir: &Path, outcome: &PolicyOutcome) -> Vec<String> {
    let base = format!("{}/", dir.display());
    outcome.errors.iter().map(|e| format!("{}:{} {}", e.file.replace(&base, ""), e.line, e.message)).collect()
}

/// Loads the policies and inputs of `dir` and evaluates them.
pub fn run(dir: &Path, policy_files: &[(&str, &str)], options: PolicyOptions) -> (Vec<String>, PolicyOutcome) {
    let graph = graph(dir);
    let (set, load_errors) = policies(dir, policy_files, options);
    assert!(load_errors.is_empty(), "{load_errors:?}");
    let outcome = evaluate(&graph, &set);
    (findings(&outcome), outcome)
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn dir_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().to_path_buf()
}
