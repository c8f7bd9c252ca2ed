//! Tollgate's Kubernetes loader: YAML and JSON manifests to [`Resource`](tollgate_model::Resource)s with exact source
//! spans, and the edges between Kubernetes resources of the graph.
//!
//! It owns:
//! - reading manifests ([`parse_file`]): every YAML document (JSON being read as YAML) becomes a
//!   tree of spanned values, scalars resolved as Kubernetes' YAML library (YAML 1.1) resolves
//!   them: `yes`/`no`/`on`/`off` are booleans and `0644` is the octal 420 (module `scalar`);
//! - deciding which documents are cluster objects, unpacking `List`s, and naming objects
//!   (`Kind/namespace/name`), module `object`;
//! - linking workloads, Services, NetworkPolicies, Namespaces and RBAC bindings ([`link`]).
//!
//! Documents that are not cluster objects (Helm values, CI workflows, kustomization files,
//! kubeconfigs, ...) are listed as skipped, not as errors. A document with a syntax error is an
//! error and the other documents of the file are still read. A broken YAML file is always an
//! error (it may be a manifest whose `apiVersion` line is the broken part); a `.json` file that
//! fails to parse and never mentions `apiVersion` is skipped instead (`tsconfig.json` and other
//! JSON-with-comments files are not Kubernetes problems). Limits against hostile YAML (module `limits`) come from serde-saphyr's
//! `Budget` with the per-file document limit raised to 10,000 and the alias limits kept at their
//! defaults; breaching one is always an error.
//!
//! Duplicate keys: the last one wins, as in Kubernetes' lenient decoding (strict field
//! validation, `kubectl --validate=strict`, would reject the document). Merge keys (`<<`) are
//! expanded; keys written in the mapping override merged ones.
//! Mapping keys are turned into strings as Kubernetes does (`on:` is the key `"true"`).

mod kinds;
mod limits;
mod link;
mod object;
mod scalar;
mod tree;
mod yaml;

use tollgate_model::{FileId, FileLoad, LoadError, Skip, SourceFile};

pub use link::link;

/// Parses one YAML (`.yaml`/`.yml`, multi-document) or JSON manifest file.
pub fn parse_file(file: FileId, source: &SourceFile) -> FileLoad {
    let limits = limits::Limits::for_manifests();
    let stream = yaml::parse_stream(file, &source.text, &limits);
    let is_json = source.path.to_ascii_lowercase().ends_with(".json");
    let format = if is_json { "JSON" } else { "YAML" };
    let skip_broken = is_json && !source.text.contains("apiVersion");
    let mut load = FileLoad::default();
    for error in stream.errors {
        if error.syntax && skip_broken {
            load.skipped.push(Skip {
                file: source.path.clone(),
                document: Some(error.index),
                reason: format!(
                    "not valid {format} (line {}: {}) and no apiVersion anywhere: not a Kubernetes manifest",
                    error.pos.line, error.message
                ),
            });
            continue;
        }
        let message = if error.syntax {
            format!("invalid {format}: {}; this document was not loaded", error.message)
        } else {
            format!("{}; this document was not loaded", error.message)
        };
        load.errors.push(LoadError { file: source.path.clone(), line: error.pos.line, column: error.pos.col, message });
    }
    for document in stream.documents {
        object::collect(&source.path, document.index, document.root, &mut load);
    }
    load
}
