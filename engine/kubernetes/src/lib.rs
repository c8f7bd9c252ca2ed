//! Tollgate's Kubernetes loader: YAML and JSON manifests to [`Resource`](tollgate_model::Resource)s with exact source
//! spans, and the edges between Kubernetes resources of the graph.
//!
//! It owns:
//! - reading manifests ([`parse_file`]): every YAML document (JSON being read as YAML) becomes a
//!   tree of spanned values, scalars resolved as Kubernetes' YAML library (YAML 1.1) resolves
//!   them: `yes`/`no`/`on`/`off` are booleans and `0644` is the octal 420 (module `scalar`);
//! - deciding which documents are cluster objects, unpacking `List`s, and naming objects
//!   (`Kind/namespace/name`), module `object`;
//! - linking workloads, Services, NetworkPolicies, Namespaces and RBAC bindings ([`link`]);
//! - keeping each file's documents as parsed for Conftest-style policies, on request
//!   ([`parse_file_keeping_documents`]).
//! - loading the documents a Helm chart renders to ([`parse_rendered`]), positioned in their
//!   templates and named with their values set;
//! - naming the patch files a kustomization merges at build time ([`kustomize`]): the loader
//!   skips them, since a partial object is no cluster object;
//! - what a workload reserves ([`resources`]): quantities, LimitRange defaulting, a pod's
//!   effective requests and its replicas under an autoscaler (for the quota rules and costs).
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
//! Duplicate keys: a document that writes one mapping key twice is an error at the second key,
//! naming it, and is not loaded: Kubernetes' YAML decoding rejects it (kubectl: `mapping key "x"
//! already defined at line N`), and taking either value would check something that cannot be
//! applied. A document with duplicate keys that is not a cluster object (Helm values, CI files)
//! is skipped as usual. Merge keys (`<<`) are expanded; keys written in the mapping override
//! merged ones. Mapping keys are turned into strings as Kubernetes does (`on:` is the key `"true"`).
//!
//! Error messages follow [`LoadError`]'s convention: the problem, then what was not checked and
//! what to do.

mod kinds;
pub mod kustomize;
mod limits;
mod link;
mod object;
mod rendered;
pub mod resources;
mod scalar;
mod tree;
mod yaml;

use yaml::Failure;

use tollgate_model::{DocumentFormat, FileId, FileLoad, LoadError, ParsedDocument, ParsedFile, Skip, SourceFile, Span};

pub use link::link;
pub use rendered::{parse_rendered, RenderedManifest};

/// Parses one YAML (`.yaml`/`.yml`, multi-document) or JSON manifest file.
pub fn parse_file(file: FileId, source: &SourceFile) -> FileLoad {
    parse(file, source, false).0
}

/// [`parse_file`], also keeping the file's documents as parsed (the input of Conftest-style
/// policies): every document of the stream, cluster object or not, in file order, as the
/// spanned value the loader builds (Kubernetes' YAML 1.1 scalars, merge keys expanded, a key
/// written twice taking its last value, as Go's YAML decoding in Conftest takes it).
///
/// What Conftest does differently, on purpose:
/// - an empty document (nothing, only comments, or `null`) is not kept: Conftest's YAML parser
///   yields `null` for it, which no rule can match anything in;
/// - a document with a syntax error or over a limit is an error (as in [`parse_file`]) and the
///   file's other documents are kept: Conftest fails the whole file, which would leave the
///   documents that did parse unchecked while the scan reports the error anyway.
///
/// A document spans from its `---` marker (or its first token) to the end of its content.
pub fn parse_file_keeping_documents(file: FileId, source: &SourceFile) -> (FileLoad, ParsedFile) {
    let (load, documents) = parse(file, source, true);
    (load, ParsedFile { file, format: DocumentFormat::Yaml, documents })
}

fn parse(file: FileId, source: &SourceFile, keep_documents: bool) -> (FileLoad, Vec<ParsedDocument>) {
    let limits = limits::Limits::for_manifests();
    let stream = yaml::parse_stream(file, &source.text, &limits);
    let is_json = source.path.to_ascii_lowercase().ends_with(".json");
    let format = if is_json { "JSON" } else { "YAML" };
    let skip_broken = is_json && !source.text.contains("apiVersion");
    // What an error leaves unchecked: the document, or the file when it has no other.
    let unchecked = if stream.count > 1 {
        "this document was not checked (the file's other documents were)"
    } else {
        "the file was not checked"
    };
    let mut load = FileLoad::default();
    let error = |pos: tollgate_model::Pos, message: String| LoadError {
        file: source.path.clone(),
        line: pos.line,
        column: pos.col,
        message,
    };
    for failure in stream.errors {
        let message = match failure.kind {
            Failure::Syntax if skip_broken => {
                load.skipped.push(Skip {
                    file: source.path.clone(),
                    document: Some(failure.index),
                    reason: format!(
                        "not valid {format} (line {}: {}) and no apiVersion anywhere: not a Kubernetes manifest",
                        failure.pos.line, failure.message
                    ),
                });
                continue;
            }
            Failure::Syntax => format!("invalid {format}: {}; {unchecked}: fix the {format} syntax", failure.message),
            Failure::Limit => format!(
                "{}; {unchecked}: simplify the document, or list the file in .tollgateignore if it is not a manifest",
                failure.message
            ),
            Failure::TooManyDocuments => {
                format!("{}; the documents from this one on were not checked: split the file", failure.message)
            }
        };
        load.errors.push(error(failure.pos, message));
    }
    let mut kept = Vec::new();
    for document in stream.documents {
        if keep_documents && !document.root.is_null() {
            let root = &document.root;
            let span = Span::new(file, document.start.min(root.span.start), root.span.end.max(document.start));
            kept.push(ParsedDocument { span, value: root.clone() });
        }
        let Some(duplicate) = document.duplicate else {
            object::collect(&source.path, document.index, document.root, &mut load);
            continue;
        };
        // Only a cluster object is an error: a values or CI file with a repeated key is skipped.
        let mut objects = FileLoad::default();
        object::collect(&source.path, document.index, document.root, &mut objects);
        if objects.resources.is_empty() {
            load.skipped.extend(objects.skipped);
            continue;
        }
        let message = format!(
            "mapping key `{}` is already defined at line {}: Kubernetes' YAML decoding rejects duplicate keys, so \
             kubectl cannot apply this document; {unchecked}: keep one of the two",
            duplicate.key, duplicate.first_line
        );
        load.errors.push(error(duplicate.pos, message));
    }
    (load, kept)
}
