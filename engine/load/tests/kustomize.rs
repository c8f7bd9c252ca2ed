//! Kustomize patch files: partial objects merged at build time are skipped, not loaded as objects.

use std::fs;
use std::path::Path;
use tollgate_load::{load, LoadOptions};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n\
spec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      \
serviceAccountName: web\n      containers: [{name: web, image: 'registry.example.com/web:1.0'}]\n";

const PATCH: &str =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 3\n";

#[test]
fn files_a_kustomization_names_as_patches_are_skipped_and_its_resources_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "base/deployment.yaml", DEPLOYMENT);
    write(root, "base/kustomization.yaml", "resources: [deployment.yaml]\n");
    write(
        root,
        "overlays/prod/kustomization.yaml",
        "resources: [../../base, config.yaml]\npatchesStrategicMerge: [replicas.yaml]\npatches:\n  - path: patches/probes.yaml\n",
    );
    write(root, "overlays/prod/replicas.yaml", PATCH);
    write(root, "overlays/prod/patches/probes.yaml", &PATCH.replace("replicas: 3", "minReadySeconds: 5"));
    write(
        root,
        "overlays/prod/config.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n",
    );
    let loaded = load(&LoadOptions::new(vec![root.to_path_buf()])).unwrap();
    let objects: Vec<(&str, &str)> =
        loaded.graph.resources().map(|(_, r)| (r.address.as_str(), loaded.graph.sources().path(r.span.file))).collect();
    assert_eq!(
        objects,
        [("Deployment/shop/web", "base/deployment.yaml"), ("ConfigMap/shop/web", "overlays/prod/config.yaml")]
    );
    let patches: Vec<(&str, &str)> = loaded
        .skipped
        .iter()
        .filter(|skip| skip.reason.starts_with("kustomize patch"))
        .map(|skip| (skip.file.as_str(), skip.reason.as_str()))
        .collect();
    let reason = "kustomize patch of overlays/prod/kustomization.yaml: a partial object merged into a resource at \
                  build time, not a cluster object (scan `kubectl kustomize` output to check the result)";
    assert_eq!(patches, [("overlays/prod/patches/probes.yaml", reason), ("overlays/prod/replicas.yaml", reason)]);
}
