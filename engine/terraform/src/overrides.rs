//! Terraform override files: `override.tf`, `*_override.tf` and their `.tf.json` forms.
//!
//! Terraform does not read an override file's blocks as new blocks: it merges each one into the
//! block of the same address in the same module, after all other files, override files in
//! lexical order of their names. An attribute in the override replaces the original's; a nested
//! block type in the override replaces every nested block of that type in the original, except
//! `lifecycle`, merged argument by argument. Scanning an override block as a block of its own
//! would judge the original without the override (`encrypted = false` reported although the
//! override sets it to true) and invent a second, partial resource.

use std::collections::{BTreeMap, BTreeSet};
use tollgate_model::{FileId, LoadError, MapEntry, Resource, ValueKind};

/// Whether Terraform treats the file at `path` as an override file.
pub fn is_override_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.strip_suffix(".tf.json").or_else(|| name.strip_suffix(".tf"));
    stem.is_some_and(|stem| stem == "override" || stem.ends_with("_override"))
}

/// Merges the resources of override files (those for which `is_override` holds) into the
/// resources they override, as Terraform does. `resources` must be in file order (files sorted
/// by path), which puts override files of one module in Terraform's order. Resources of other
/// origins pass through untouched. An override block with nothing to override is an error, as
/// in Terraform, and is dropped; `path_of` names files in errors.
pub fn merge_overrides(
    resources: Vec<Resource>,
    is_override: impl Fn(FileId) -> bool,
    path_of: impl Fn(FileId) -> String,
) -> (Vec<Resource>, Vec<LoadError>) {
    let (overrides, mut merged): (Vec<Resource>, Vec<Resource>) =
        resources.into_iter().partition(|r| r.terraform().is_some() && is_override(r.span.file));
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, resource) in merged.iter().enumerate() {
        if let Some(origin) = resource.terraform() {
            // With duplicate addresses (an error for Terraform), the first one takes the override.
            index.entry((origin.module_dir.clone(), resource.address.clone())).or_insert(i);
        }
    }
    let mut errors = Vec::new();
    for override_block in overrides {
        let module_dir = override_block.terraform().map(|o| o.module_dir.clone()).unwrap_or_default();
        match index.get(&(module_dir.clone(), override_block.address.clone())) {
            Some(&i) => merge_into(&mut merged[i], override_block),
            None => errors.push(LoadError {
                file: path_of(override_block.span.file),
                line: override_block.span.start.line,
                column: override_block.span.start.col,
                message: format!(
                    "override file declares `{}`, which no other file of module `{module_dir}` declares; Terraform \
                     rejects an override with nothing to override: declare the block in a normal file or remove \
                     the override",
                    override_block.address
                ),
            }),
        }
    }
    (merged, errors)
}

/// Merges one override block into its original.
pub(crate) fn merge_into(original: &mut Resource, override_block: Resource) {
    let ValueKind::Map(entries) = override_block.body.kind else { return };
    let ValueKind::Map(target) = &mut original.body.kind else { return };
    let replaced: BTreeSet<String> = entries.iter().map(|e| e.key.clone()).collect();
    for entry in entries {
        if entry.key == "lifecycle" {
            if let Some(existing) = target.iter_mut().find(|e| e.key == "lifecycle") {
                merge_lifecycle(existing, entry);
                continue;
            }
        }
        match target.iter_mut().find(|e| e.key == entry.key) {
            Some(existing) => *existing = entry,
            None => target.push(entry),
        }
    }
    // References held by replaced attributes and blocks go; the override's come instead.
    original.references.retain(|r| !replaced.contains(r.attribute.split('.').next().unwrap_or_default()));
    for reference in override_block.references {
        if !original.references.iter().any(|r| r.target == reference.target && r.attribute == reference.attribute) {
            original.references.push(reference);
        }
    }
}

/// `lifecycle` is merged argument by argument: the override's arguments replace the original's,
/// the others stay. Both are one-block lists in `.tf` files, plain maps in `.tf.json`.
fn merge_lifecycle(existing: &mut MapEntry, entry: MapEntry) {
    let Some(arguments) = first_map(entry.value.kind) else { return };
    let target = match &mut existing.value.kind {
        ValueKind::List(items) => items.first_mut().map(|item| &mut item.kind),
        kind => Some(kind),
    };
    let Some(ValueKind::Map(target)) = target else {
        return;
    };
    for argument in arguments {
        match target.iter_mut().find(|e| e.key == argument.key) {
            Some(slot) => *slot = argument,
            None => target.push(argument),
        }
    }
}

fn first_map(kind: ValueKind) -> Option<Vec<MapEntry>> {
    match kind {
        ValueKind::Map(entries) => Some(entries),
        ValueKind::List(items) => items.into_iter().next().and_then(|item| first_map(item.kind)),
        _ => None,
    }
}
