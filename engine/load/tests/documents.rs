//! `LoadOptions::keep_documents`: every scanned file's parsed documents on the graph, as
//! Conftest-style policies read them, and nothing kept (nor changed) without it.

use serde_json::json;
use std::fs;
use std::path::Path;
use tollgate_load::{load, LoadOptions, Loaded};
use tollgate_model::DocumentFormat;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn scan(root: &Path, keep_documents: bool) -> Loaded {
    let mut options = LoadOptions::new(vec![root.to_path_buf()]);
    options.keep_documents = keep_documents;
    load(&options).unwrap()
}

const MAIN_TF: &str =
    "variable \"name\" {\n  default = \"logs\"\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = var.name\n}\n";
const APP_YAML: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n---\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n";
const PLAN: &str = r#"{
  "format_version": "1.2",
  "terraform_version": "1.11.4",
  "planned_values": { "root_module": { "resources": [
    { "address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs", "values": { "name": "jobs" } }
  ] } },
  "resource_changes": [
    { "address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs",
      "change": { "actions": ["create"], "before": null, "after": { "name": "jobs" } } }
  ]
}
"#;

fn tree(root: &Path) {
    write(root, "infra/main.tf", MAIN_TF);
    write(root, "infra/prod.tfvars", "name = \"prod-logs\"\n");
    write(root, "infra/extra.tf.json", "{\"resource\": {\"aws_sqs_queue\": {\"q\": {\"name\": \"q\"}}}}\n");
    write(root, "k8s/app.yaml", APP_YAML);
    write(root, "k8s/values.yaml", "image:\n  tag: latest\nreplicas: 3\n");
    write(root, "plans/plan.json", PLAN);
    write(root, "web/package.json", "{\n  \"name\": \"web\",\n  \"private\": true\n}\n");
}

#[test]
fn a_mixed_tree_keeps_every_file_as_conftest_parses_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    tree(root);
    let loaded = scan(root, true);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let graph = &loaded.graph;
    let files: Vec<(&str, DocumentFormat, usize)> =
        graph.parsed_files().iter().map(|f| (graph.sources().path(f.file), f.format, f.documents.len())).collect();
    assert_eq!(
        files,
        vec![
            ("infra/extra.tf.json", DocumentFormat::Json, 1),
            ("infra/main.tf", DocumentFormat::Hcl, 1),
            ("infra/prod.tfvars", DocumentFormat::Hcl, 1),
            ("k8s/app.yaml", DocumentFormat::Yaml, 2),
            ("k8s/values.yaml", DocumentFormat::Yaml, 1),
            ("plans/plan.json", DocumentFormat::TerraformPlan, 1),
            ("web/package.json", DocumentFormat::Json, 1),
        ]
    );
    let ids: Vec<u32> = graph.parsed_files().iter().map(|f| f.file.0).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by file: {ids:?}");
    let document = |file: usize, document: usize| &graph.parsed_files()[file].documents[document];
    let lines = |file: usize, doc: usize| (document(file, doc).span.start.line, document(file, doc).span.end.line);

    // HCL as Conftest's HCL 2 parser converts it (a single block is an object), spanning the file.
    assert_eq!(
        document(1, 0).value.to_json(),
        json!({
            "variable": { "name": { "default": "logs" } },
            "resource": { "aws_s3_bucket": { "logs": { "bucket": "${var.name}" } } }
        })
    );
    assert_eq!(lines(1, 0), (1, 7));
    assert_eq!(document(2, 0).value.to_json(), json!({ "name": "prod-logs" }));
    // Each YAML document (the empty one left out), with its lines and its resource.
    assert_eq!(document(3, 0).value.to_json()["kind"], json!("Deployment"));
    assert_eq!(document(3, 1).value.to_json()["kind"], json!("Service"));
    assert_eq!((lines(3, 0), lines(3, 1)), ((1, 6), (8, 15)));
    let address = |file: usize, doc: usize| -> Vec<&str> {
        graph.document_resources(file, doc).iter().map(|id| graph.resource(*id).address.as_str()).collect()
    };
    assert_eq!(address(3, 0), vec!["Deployment/web"]);
    assert_eq!(address(3, 1), vec!["Service/web"]);
    // A values file is not a resource but is a document.
    assert_eq!(document(4, 0).value.to_json(), json!({ "image": { "tag": "latest" }, "replicas": 3 }));
    assert!(address(4, 0).is_empty());
    assert!(address(1, 0).contains(&"aws_s3_bucket.logs"), "{:?}", address(1, 0));
    // The plan whole; other JSON as JSON.
    assert_eq!(document(5, 0).value.to_json()["resource_changes"][0]["change"]["actions"], json!(["create"]));
    assert_eq!(document(6, 0).value.to_json(), json!({ "name": "web", "private": true }));
    assert_eq!(lines(6, 0), (1, 4));
}

#[test]
fn without_the_option_nothing_is_kept_and_the_scan_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    tree(root);
    let plain = scan(root, false);
    assert!(plain.graph.parsed_files().is_empty());
    let kept = scan(root, true);
    let resources = |loaded: &Loaded| -> Vec<String> {
        loaded.graph.resources().map(|(_, r)| format!("{} {:?} {:?}", r.address, r.span, r.body)).collect()
    };
    assert_eq!(resources(&plain), resources(&kept));
    assert_eq!(plain.errors, kept.errors);
    assert_eq!(plain.skipped, kept.skipped);
}

#[test]
fn json_that_is_not_json_is_never_an_error_only_because_documents_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "web/tsconfig.json", "{\n  // comments are not JSON\n  \"compilerOptions\": {}\n}\n");
    write(root, "web/empty.json", "");
    write(root, "k8s/broken.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n");
    let plain = scan(root, false);
    // The broken manifest is an error either way, once; the others are never errors.
    assert_eq!(plain.errors.iter().map(|e| e.file.as_str()).collect::<Vec<_>>(), vec!["k8s/broken.json"]);
    let kept = scan(root, true);
    assert_eq!(kept.errors, plain.errors);
    // Policies did not see the others, and the report says so (the broken one is reported once).
    let unseen: Vec<&str> = kept
        .skipped
        .iter()
        .filter(|skip| skip.reason.contains("Conftest-style policies did not see"))
        .map(|skip| skip.file.as_str())
        .collect();
    assert_eq!(unseen, vec!["web/empty.json", "web/tsconfig.json"]);
    assert!(kept.graph.parsed_files().is_empty());
}

#[test]
fn hostile_files_stay_bounded_with_documents_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    write(root, "bomb.yaml", &bomb);
    write(root, "deep.yaml", &format!("x: {}1{}\n", "[".repeat(20_000), "]".repeat(20_000)));
    write(root, "deep.json", &format!("{}1{}\n", "[".repeat(20_000), "]".repeat(20_000)));
    write(root, "deep.tf", &format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(20_000), "]".repeat(20_000)));
    write(root, "fine.yaml", "ok: true\n");
    let started = std::time::Instant::now();
    let loaded = scan(root, true);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    let mut failed: Vec<&str> = loaded.errors.iter().map(|e| e.file.as_str()).collect();
    failed.dedup();
    assert_eq!(failed, vec!["bomb.yaml", "deep.json", "deep.tf", "deep.yaml"]);
    let kept: Vec<(&str, usize)> =
        loaded.graph.parsed_files().iter().map(|f| (loaded.graph.sources().path(f.file), f.documents.len())).collect();
    assert_eq!(kept, vec![("bomb.yaml", 0), ("deep.yaml", 0), ("fine.yaml", 1)]);
}
