//! Which documents are Kubernetes objects, and the [`Resource`] each object becomes.
//!
//! Identity: the address is `Kind/namespace/name`, or `Kind/name` when the manifest names no
//! namespace (then the namespace is `None`: unspecified, not assumed `default`) and for
//! cluster-scoped kinds, which ignore `metadata.namespace`. An object without `metadata.name`
//! but with `metadata.generateName` uses the generateName prefix as its name.
//!
//! Lists (`kind: List`, or `FooList` with an `items` list) are unpacked: every item becomes an
//! object with the list document's `doc_index` and its own span. Items keep their own cluster
//! identity as address (a Deployment is `Deployment/ns/api` whether written alone or inside a
//! List), so the address is not unique within a file; resources of one file are told apart by
//! their span, which never overlaps another resource's. Items of a typed list (`DeploymentList`)
//! may omit apiVersion and kind, as the API server's own lists do: they inherit them from the
//! list.

use tollgate_model::{FileLoad, KubeOrigin, Origin, Resource, Skip, Value, ValueKind};

use crate::kinds;

/// Turns one document into resources and skips.
pub(crate) fn collect(path: &str, doc_index: u32, root: Value, load: &mut FileLoad) {
    if root.is_null() {
        return;
    }
    let skip = |reason: String| Skip { file: path.to_string(), document: Some(doc_index), reason };
    let meta = match type_meta(&root, None) {
        Ok(meta) => meta,
        Err(reason) => {
            // kustomize reads its own file without apiVersion and kind.
            let reason = match kustomization_file_name(path) {
                Some(name) if root.as_map().is_some() => {
                    format!("kustomize Kustomization ({name}): a build file, not a cluster object")
                }
                _ => reason,
            };
            return load.skipped.push(skip(reason));
        }
    };
    if let Some(reason) = kinds::not_a_cluster_object(group(&meta.api_version), &meta.kind) {
        return load.skipped.push(skip(reason));
    }
    if !is_list(&meta, &root) {
        if meta.kind == "List" {
            return load.skipped.push(skip("List without an items list".into()));
        }
        match resource(meta, root, doc_index) {
            Ok(r) => load.resources.push(r),
            Err(reason) => load.skipped.push(skip(reason)),
        }
        return;
    }
    // A typed list's items may leave apiVersion and kind out.
    let inherited = meta
        .kind
        .strip_suffix("List")
        .filter(|k| !k.is_empty())
        .map(|kind| TypeMeta { api_version: meta.api_version.clone(), kind: kind.to_string() });
    for (i, item) in take_items(root).into_iter().enumerate() {
        let item_skip = |reason: String| skip(format!("List item {i}: {reason}"));
        let item_meta = match type_meta(&item, inherited.as_ref()) {
            Ok(m) => m,
            Err(reason) => {
                load.skipped.push(item_skip(reason));
                continue;
            }
        };
        let reason = if is_list(&item_meta, &item) {
            Some("a List inside a List is not unpacked".to_string())
        } else {
            kinds::not_a_cluster_object(group(&item_meta.api_version), &item_meta.kind)
        };
        if let Some(reason) = reason {
            load.skipped.push(item_skip(reason));
            continue;
        }
        match resource(item_meta, item, doc_index) {
            Ok(r) => load.resources.push(r),
            Err(reason) => load.skipped.push(item_skip(reason)),
        }
    }
}

/// The file name of `path` when it is one kustomize looks for in a directory
/// (`kustomization.yaml`, `kustomization.yml`, `Kustomization`).
pub(crate) fn kustomization_file_name(path: &str) -> Option<&str> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    matches!(name, "kustomization.yaml" | "kustomization.yml" | "Kustomization").then_some(name)
}

/// The API group of an apiVersion: `apps` for `apps/v1`, empty for the core `v1`.
pub(crate) fn group(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(group, _)| group)
}

struct TypeMeta {
    api_version: String,
    kind: String,
}

fn type_meta(value: &Value, inherited: Option<&TypeMeta>) -> Result<TypeMeta, String> {
    let shape = match value.kind {
        ValueKind::Map(_) => None,
        ValueKind::List(_) => Some("a sequence"),
        _ => Some("a scalar"),
    };
    if let Some(shape) = shape {
        return Err(format!("{shape}, not a Kubernetes object (a mapping with apiVersion and kind)"));
    }
    let api_version = string_field(value, "apiVersion")?.or_else(|| inherited.map(|m| m.api_version.clone()));
    let kind = string_field(value, "kind")?.or_else(|| inherited.map(|m| m.kind.clone()));
    match (api_version, kind) {
        (Some(api_version), Some(kind)) => Ok(TypeMeta { api_version, kind }),
        (None, None) => {
            Err("no apiVersion or kind: not a Kubernetes manifest (Helm values, CI or compose file, ...)".into())
        }
        (None, Some(kind)) => Err(format!("kind {kind} without apiVersion: not a Kubernetes object")),
        (Some(api_version), None) => Err(format!("apiVersion {api_version} without kind: not a Kubernetes object")),
    }
}

/// A non-empty string field; `Ok(None)` when absent, null or empty.
fn string_field(value: &Value, field: &str) -> Result<Option<String>, String> {
    match value.get(field).known() {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) => match v.as_str() {
            Some("") => Ok(None),
            Some(s) => Ok(Some(s.to_string())),
            None => Err(format!("{field} is not a string ({})", v.display())),
        },
    }
}

fn is_list(meta: &TypeMeta, value: &Value) -> bool {
    meta.kind.ends_with("List") && value.get("items").known().is_some_and(|items| items.as_list().is_some())
}

fn take_items(list: Value) -> Vec<Value> {
    let ValueKind::Map(entries) = list.kind else { return Vec::new() };
    match entries.into_iter().rev().find(|e| e.key == "items").map(|e| e.value.kind) {
        Some(ValueKind::List(items)) => items,
        _ => Vec::new(),
    }
}

fn resource(meta: TypeMeta, body: Value, doc_index: u32) -> Result<Resource, String> {
    let TypeMeta { api_version, kind } = meta;
    let group = group(&api_version).to_string();
    let metadata = body.get("metadata").known().filter(|m| !m.is_null());
    if let Some(m) = metadata.filter(|m| m.as_map().is_none()) {
        return Err(format!("{kind}: metadata is not a mapping ({})", m.display()));
    }
    let name =
        match metadata.map(|m| string_field(m, "name")).transpose()?.flatten() {
            Some(name) => name,
            None => metadata.map(|m| string_field(m, "generateName")).transpose()?.flatten().ok_or_else(|| {
                format!("{kind} without metadata.name or metadata.generateName: it cannot be applied")
            })?,
        };
    let namespace = match metadata {
        Some(m) if !kinds::is_cluster_scoped(&group, &kind) => string_field(m, "namespace")?,
        _ => None,
    };
    let address = match &namespace {
        Some(ns) => format!("{kind}/{ns}/{name}"),
        None => format!("{kind}/{name}"),
    };
    Ok(Resource {
        address,
        type_name: kind.clone(),
        name: name.clone(),
        origin: Origin::Kubernetes(KubeOrigin {
            api_version,
            group,
            kind,
            namespace,
            name,
            doc_index,
            cluster: None,
            helm: None,
        }),
        span: body.span,
        body,
        references: Vec::new(),
    })
}
