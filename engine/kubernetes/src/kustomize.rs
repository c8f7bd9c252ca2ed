//! The patches a kustomization merges into its resources at build time. A patch file holds a
//! partial object (`apiVersion`, `kind`, `metadata.name` and the fields it changes), which is
//! no cluster object of its own: checked alone it looks like a workload without its security
//! context, resources or ServiceAccount.

use tollgate_model::{FileId, SourceFile, Value};

/// Whether `path` names a file kustomize reads in a directory (`kustomization.yaml`,
/// `kustomization.yml`, `Kustomization`).
pub fn is_kustomization_file(path: &str) -> bool {
    crate::object::kustomization_file_name(path).is_some()
}

/// The patch files a kustomization names, as written (relative to its directory): the entries
/// of `patchesStrategicMerge` that are paths (an entry may also be an inline patch), and the
/// `path` of each `patches` and `patchesJson6902` entry.
pub fn patch_paths(source: &SourceFile) -> Vec<String> {
    let (_, parsed) = crate::parse_file_keeping_documents(FileId(0), source);
    let mut paths = Vec::new();
    for document in &parsed.documents {
        let body = &document.value;
        for entry in list(body, "patchesStrategicMerge") {
            // An inline patch is a YAML text of several lines.
            if let Some(path) = entry.as_str().filter(|text| !text.contains('\n')) {
                paths.push(path.to_string());
            }
        }
        for key in ["patches", "patchesJson6902"] {
            paths.extend(
                list(body, key).iter().filter_map(|entry| entry.get("path").known()?.as_str().map(str::to_string)),
            );
        }
    }
    paths
}

fn list<'a>(body: &'a Value, key: &str) -> &'a [Value] {
    body.get(key).known().map(Value::items).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile { path: "overlays/prod/kustomization.yaml".to_string(), text: text.into() }
    }

    #[test]
    fn patch_files_of_every_form_are_named_and_inline_patches_are_not() {
        let text = "resources: [../../base]\npatchesStrategicMerge:\n  - replicas.yaml\n  - |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n\
patches:\n  - path: probes.yaml\n    target: {kind: Deployment}\n  - patch: |-\n      - op: remove\n        path: /spec/replicas\n\
patchesJson6902:\n  - target: {kind: Service, name: web}\n    path: service-port.yaml\n";
        assert_eq!(patch_paths(&source(text)), ["replicas.yaml", "probes.yaml", "service-port.yaml"]);
    }

    #[test]
    fn a_kustomization_without_patches_or_unreadable_names_none() {
        assert!(patch_paths(&source("resources: [deployment.yaml]\n")).is_empty());
        assert!(patch_paths(&source("patches: [\n")).is_empty());
        assert!(is_kustomization_file("apps/kustomization.yml"));
        assert!(!is_kustomization_file("apps/kustomization-notes.yaml"));
    }
}
