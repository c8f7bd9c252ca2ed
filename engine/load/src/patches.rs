//! Kustomize patch files among the scanned files: partial objects a kustomization merges into
//! its resources at build time. Checked alone they would be judged as whole workloads (no
//! security context, no resources, the default ServiceAccount), so their objects are skipped
//! and counted, naming the kustomization; the objects they patch are checked where defined.

use crate::clusters::resolve;
use crate::walk::FileKind;
use crate::{display_path, LoadOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;
use tollgate_kubernetes::kustomize::{is_kustomization_file, patch_paths};
use tollgate_model::{Origin, Resource, Skip, SourceFile};

/// Removes from `resources` the Kubernetes objects of patch files (`files` indexed by
/// `FileId`) and lists each as skipped.
pub(crate) fn skip_patches(
    files: &[(PathBuf, FileKind)],
    resources: &mut Vec<Resource>,
    skipped: &mut Vec<Skip>,
    options: &LoadOptions,
) {
    let patches = patch_files(files, options);
    if patches.is_empty() {
        return;
    }
    // The kustomization naming each file of the scan that is a patch, by file id.
    let patch_of: Vec<Option<&String>> = files.iter().map(|(path, _)| patches.get(&resolve(path))).collect();
    resources.retain(|resource| {
        let Origin::Kubernetes(origin) = &resource.origin else { return true };
        let Some(Some(kustomization)) = patch_of.get(resource.span.file.0 as usize) else { return true };
        skipped.push(Skip {
            file: display_path(&files[resource.span.file.0 as usize].0, options),
            document: Some(origin.doc_index),
            reason: format!(
                "kustomize patch of {kustomization}: a partial object merged into a resource at build time, not a \
                 cluster object (scan `kubectl kustomize` output to check the result)"
            ),
        });
        false
    });
}

/// Every patch file the kustomizations of the scan name, resolved, with the kustomization.
fn patch_files(files: &[(PathBuf, FileKind)], options: &LoadOptions) -> BTreeMap<PathBuf, String> {
    let mut patches = BTreeMap::new();
    for (path, _) in files.iter().filter(|(path, _)| is_kustomization_file(&path.to_string_lossy())) {
        // Unreadable, it is reported by the file's own load; it then names no patch.
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let shown = display_path(path, options);
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        for patch in patch_paths(&SourceFile { path: shown.clone(), text: text.into() }) {
            patches.insert(resolve(&dir.join(patch)), shown.clone());
        }
    }
    patches
}
