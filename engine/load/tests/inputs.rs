//! Input that is not a walked file (standard input) and the clusters Kubernetes objects belong to.

use std::fs;
use std::path::Path;
use tollgate_load::{load, ClusterDir, LoadOptions, Piped};
use tollgate_model::EdgeKind;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const SERVICE_AND_POD: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\n\
spec: {selector: {app: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: demo, labels: {app: web}}\n\
spec: {containers: [{name: c, image: i}]}\n";

fn piped(name: &str, text: &str) -> Option<Piped> {
    Some(Piped { name: name.to_string(), bytes: text.as_bytes().to_vec() })
}

#[test]
fn standard_input_is_a_yaml_stream_named_as_told_and_joins_the_walked_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n");
    let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    options.piped = piped("rendered/web.yaml", SERVICE_AND_POD);
    let loaded = load(&options).unwrap();
    assert_eq!(loaded.files_scanned, 2);
    let files: Vec<(&str, &str)> =
        loaded.graph.resources().map(|(_, r)| (r.address.as_str(), loaded.graph.sources().path(r.span.file))).collect();
    assert_eq!(
        files,
        [
            ("Namespace/demo", "ns.yaml"),
            ("Service/demo/web", "rendered/web.yaml"),
            ("Pod/demo/web", "rendered/web.yaml")
        ]
    );
    // Linked with the files like any manifest: the Service selects the Pod, both are in `demo`.
    assert_eq!(loaded.graph.edges().iter().filter(|e| e.kind == EdgeKind::ServiceSelects).count(), 1);
    assert_eq!(loaded.graph.edges().iter().filter(|e| e.kind == EdgeKind::InNamespace).count(), 2);
}

#[test]
fn standard_input_errors_and_plans_are_read_as_from_a_file() {
    let mut options = LoadOptions::new(Vec::new());
    options.piped = piped("<stdin>", "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
    let broken = load(&options).unwrap();
    assert_eq!(broken.errors.len(), 1, "{:?}", broken.errors);
    assert_eq!(broken.errors[0].file, "<stdin>");

    options.piped = Some(Piped { name: "<stdin>".to_string(), bytes: vec![0xFF, 0xFE, b'a', 0] });
    let utf16 = load(&options).unwrap();
    assert!(utf16.errors[0].message.contains("UTF-16"), "{:?}", utf16.errors);

    let plan = r#"{"format_version": "1.2", "terraform_version": "1.11.0",
      "planned_values": {"root_module": {"resources": [{"address": "aws_s3_bucket.logs", "mode": "managed",
        "type": "aws_s3_bucket", "name": "logs", "values": {"bucket": "logs"}}]}},
      "resource_changes": [], "configuration": {}}"#;
    options.piped = piped("<stdin>", plan);
    let from_plan = load(&options).unwrap();
    let addresses: Vec<&str> = from_plan.graph.resources().map(|(_, r)| r.address.as_str()).collect();
    assert_eq!(addresses, ["aws_s3_bucket.logs"], "{:?}", from_plan.errors);
}

#[test]
fn objects_get_the_cluster_of_the_deepest_cluster_directory_and_never_link_across() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "examples/a/web.yaml", SERVICE_AND_POD);
    write(root, "examples/b/web.yaml", SERVICE_AND_POD);
    write(root, "base/pod.yaml", &SERVICE_AND_POD.replace("name: web,", "name: base,"));
    let mut options = LoadOptions::new(vec![root.to_path_buf()]);
    options.clusters = ["examples/a", "examples/b"]
        .iter()
        .map(|name| ClusterDir { name: name.to_string(), dir: root.join(name) })
        .collect();
    let loaded = load(&options).unwrap();
    let clusters: Vec<(&str, Option<&str>)> = loaded
        .graph
        .resources()
        .filter(|(_, r)| r.is_kind("Pod"))
        .map(|(_, r)| (loaded.graph.sources().path(r.span.file), r.cluster()))
        .collect();
    assert_eq!(
        clusters,
        [
            ("base/pod.yaml", None),
            ("examples/a/web.yaml", Some("examples/a")),
            ("examples/b/web.yaml", Some("examples/b"))
        ]
    );
    // Each Service selects the one Pod of its own cluster (in one cluster: all three).
    assert_eq!(loaded.graph.edges().iter().filter(|e| e.kind == EdgeKind::ServiceSelects).count(), 3);
    options.clusters.clear();
    let one_cluster = load(&options).unwrap();
    assert_eq!(one_cluster.graph.edges().iter().filter(|e| e.kind == EdgeKind::ServiceSelects).count(), 9);
}

#[test]
fn standard_input_named_inside_a_cluster_directory_joins_that_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "apps/prod/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n");
    let mut options = LoadOptions::new(vec![root.join("apps/prod")]);
    options.clusters = vec![ClusterDir { name: "apps/prod".to_string(), dir: root.join("apps/prod") }];
    let rendered = root.join("apps/prod/rendered.yaml");
    options.piped = piped(&rendered.to_string_lossy(), SERVICE_AND_POD);
    let named = load(&options).unwrap();
    let pod_cluster = |loaded: &tollgate_load::Loaded| {
        loaded.graph.resources().find(|(_, r)| r.is_kind("Pod")).and_then(|(_, r)| r.cluster().map(str::to_string))
    };
    assert_eq!(pod_cluster(&named), Some("apps/prod".to_string()));
    // In the Namespace's cluster, the Pod is linked to it.
    assert_eq!(named.graph.edges().iter().filter(|e| e.kind == EdgeKind::InNamespace).count(), 2);
    // Unnamed, the stream has no place: the default cluster, apart from `apps/prod`.
    options.piped = piped(tollgate_load::STDIN_NAME, SERVICE_AND_POD);
    let unnamed = load(&options).unwrap();
    assert_eq!(pod_cluster(&unnamed), None);
    assert_eq!(unnamed.graph.edges().iter().filter(|e| e.kind == EdgeKind::InNamespace).count(), 0);
}
