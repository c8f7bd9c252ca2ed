//! The raw documents kept for Conftest-style policies (`parse_file_keeping_documents`): every
//! YAML document as Conftest's YAML parser (go-yaml v2 through sigs.k8s.io/yaml) reads it.

use serde_json::json;
use std::time::Instant;
use tollgate_kubernetes::{parse_file, parse_file_keeping_documents};
use tollgate_model::{DocumentFormat, FileId, FileLoad, ParsedFile, SourceFile};

fn keep(path: &str, text: &str) -> (FileLoad, ParsedFile) {
    let source = SourceFile { path: path.to_string(), text: text.into() };
    parse_file_keeping_documents(FileId(7), &source)
}

fn lines(file: &ParsedFile) -> Vec<(u32, u32)> {
    file.documents.iter().map(|d| (d.span.start.line, d.span.end.line)).collect()
}

const MIXED: &str = "\
# a rendered chart and its values in one stream
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
---
# values, not a cluster object
image:
  tag: \"1.2\"
  pullPolicy: IfNotPresent
debug: no
mode: 0644
---
---
# only a comment
---
null
---
defaults: &defaults
  cpu: 100m
  memory: 128Mi
web:
  <<: *defaults
  memory: 256Mi
port: 80
port: 8080
";

#[test]
fn every_document_is_kept_cluster_object_or_not() {
    let (load, file) = keep("stack.yaml", MIXED);
    assert_eq!(file.file, FileId(7));
    assert_eq!(file.format, DocumentFormat::Yaml);
    // The Deployment is the only resource; the values documents are skipped as resources...
    assert_eq!(load.resources.len(), 1);
    // ...but kept as documents; empty, comment-only and null documents are not.
    let values: Vec<_> = file.documents.iter().map(|d| d.value.to_json()).collect();
    assert_eq!(
        values,
        vec![
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 2}}),
            // YAML 1.1 scalars, as go-yaml v2 reads them: `no` is false, `0644` is octal.
            json!({"image": {"tag": "1.2", "pullPolicy": "IfNotPresent"}, "debug": false, "mode": 420}),
            // Merge keys expanded (written keys win); a repeated key takes its last value.
            json!({
                "defaults": {"cpu": "100m", "memory": "128Mi"},
                "web": {"cpu": "100m", "memory": "256Mi"},
                "port": 8080
            }),
        ]
    );
    // The first document starts at its first token; the others at their `---`; each ends
    // with its content.
    assert_eq!(lines(&file), vec![(2, 7), (8, 14), (20, 28)]);
    // Node spans are the file's lines.
    let tag = file.documents[1].value.lookup(&["image", "tag"]).known().expect("tag");
    assert_eq!((tag.span.start.line, tag.span.start.col), (11, 8));
}

#[test]
fn the_scan_is_unchanged_by_keeping_documents() {
    let source = SourceFile { path: "stack.yaml".to_string(), text: MIXED.into() };
    let plain = parse_file(FileId(7), &source);
    let (kept, _) = parse_file_keeping_documents(FileId(7), &source);
    assert_eq!(format!("{plain:?}"), format!("{kept:?}"));
}

#[test]
fn a_broken_document_is_an_error_and_the_others_are_kept() {
    let text = "a: 1\n---\nb: [unclosed\n---\nc: 3\n";
    let (load, file) = keep("values.yaml", text);
    assert_eq!(load.errors.len(), 1, "{:?}", load.errors);
    assert_eq!(load.errors[0].line, 3);
    let values: Vec<_> = file.documents.iter().map(|d| d.value.to_json()).collect();
    assert_eq!(values, vec![json!({"a": 1}), json!({"c": 3})]);
}

#[test]
fn an_empty_file_has_no_documents() {
    for text in ["", "# nothing\n", "---\n", "---\n---\n"] {
        let (load, file) = keep("empty.yaml", text);
        assert!(load.errors.is_empty(), "{text:?}: {:?}", load.errors);
        assert!(file.documents.is_empty(), "{text:?}");
    }
}

#[test]
fn a_single_document_that_is_a_list_is_one_document() {
    let (_, file) = keep("list.yaml", "- name: a\n- name: b\n");
    assert_eq!(file.documents.len(), 1);
    assert_eq!(file.documents[0].value.to_json(), json!([{"name": "a"}, {"name": "b"}]));
}

#[test]
fn hostile_documents_stay_bounded_and_keep_the_rest() {
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    let deep = format!("x: {}1{}\n", "[".repeat(20_000), "]".repeat(20_000));
    let text = format!("kept: 1\n---\n{bomb}---\n{deep}---\nalso: 2\n");
    let started = Instant::now();
    let (load, file) = keep("hostile.yaml", &text);
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    assert_eq!(load.errors.len(), 2, "{:?}", load.errors);
    let values: Vec<_> = file.documents.iter().map(|d| d.value.to_json()).collect();
    assert_eq!(values, vec![json!({"kept": 1}), json!({"also": 2})]);
}
