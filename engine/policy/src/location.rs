//! Where a policy result is reported. Only what the result says (a resource it names, a path
//! into the resource, a Trivy cause's lines, Conftest's `_loc`) or where its input came from
//! (the resource, the file and YAML document) decides it; message text never does.

use serde_json::{json, Map, Value as Json};
use std::collections::HashMap;
use tollgate_model::{FileId, Graph, HelmOrigin, Origin, ParsedFile, ResourceId, Span, TfOrigin, Value, ValueKind};

/// One input of a file-mode policy: a document of a parsed file, or one element of a file whose
/// only document is a top-level array (Conftest evaluates those element by element).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DocRef {
    pub file: usize,
    pub document: usize,
    pub element: Option<usize>,
}

/// The inputs of every parsed file, in file order. The YAML loader keeps no empty document,
/// except a null one for a file that has nothing else (evaluated once, as Conftest does).
pub(crate) fn documents(graph: &Graph) -> Vec<DocRef> {
    let mut refs = Vec::new();
    for (file, parsed) in graph.parsed_files().iter().enumerate() {
        let split_array = parsed.documents.len() == 1;
        for (document, doc) in parsed.documents.iter().enumerate() {
            match &doc.value.kind {
                ValueKind::List(items) if split_array => {
                    refs.extend((0..items.len()).map(|i| DocRef { file, document, element: Some(i) }))
                }
                _ => refs.push(DocRef { file, document, element: None }),
            }
        }
    }
    refs
}

/// The parsed file and value of an input.
pub(crate) fn resolve(graph: &Graph, doc: DocRef) -> Option<(&ParsedFile, &Value)> {
    let parsed = graph.parsed_files().get(doc.file)?;
    let value = &parsed.documents.get(doc.document)?.value;
    let value = match doc.element {
        Some(i) => value.as_list()?.get(i)?,
        None => value,
    };
    Some((parsed, value))
}

/// The value as Trivy's parsers hand it to checks: every object carries
/// `__defsec_metadata: {startline, endline, filepath}` (what `result.new` reads). Only Trivy-mode
/// inputs get it, so Conftest policies that iterate keys never see it.
pub(crate) fn trivy_json(value: &Value, path: &str) -> Json {
    match &value.kind {
        ValueKind::List(items) => Json::Array(items.iter().map(|i| trivy_json(i, path)).collect()),
        ValueKind::Map(entries) => {
            let mut map: Map<String, Json> =
                entries.iter().map(|e| (e.key.clone(), trivy_json(&e.value, path))).collect();
            map.insert(
                "__defsec_metadata".into(),
                json!({
                    "startline": value.span.start.line,
                    "endline": value.span.end.line.max(value.span.start.line),
                    "filepath": path,
                }),
            );
            Json::Object(map)
        }
        _ => value.to_json(),
    }
}

/// The span of the deepest node of `path` (keys and list indexes) that exists in `body`.
pub(crate) fn span_at_path(body: &Value, path: &[Json]) -> Span {
    let mut node = body;
    for step in path {
        let next = match (&node.kind, step) {
            (ValueKind::Map(_), Json::String(key)) => node.entry(key).map(|e| &e.value),
            (ValueKind::List(items), Json::Number(n)) => n.as_u64().and_then(|i| items.get(i as usize)),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => break,
        }
    }
    node.span
}

/// A located result: the address and lines a finding is reported at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub address: String,
    pub file: String,
    pub start: u32,
    pub end: u32,
    /// Where the located Terraform resource was evaluated (environment, root, call chain).
    pub origin: Option<TfOrigin>,
    /// The Helm release that rendered the located object (its values set names the finding's
    /// environment).
    pub helm: Option<HelmOrigin>,
}

/// Lookups from addresses and files to resources, built once per evaluation.
pub(crate) struct Locator<'g> {
    graph: &'g Graph,
    by_address: HashMap<&'g str, Vec<ResourceId>>,
    by_file: HashMap<FileId, Vec<ResourceId>>,
}

impl<'g> Locator<'g> {
    pub fn new(graph: &'g Graph) -> Self {
        let mut by_address: HashMap<&str, Vec<ResourceId>> = HashMap::new();
        let mut by_file: HashMap<FileId, Vec<ResourceId>> = HashMap::new();
        for (id, resource) in graph.resources() {
            by_address.entry(resource.address.as_str()).or_default().push(id);
            by_file.entry(resource.span.file).or_default().push(id);
        }
        Locator { graph, by_address, by_file }
    }

    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// The place of resource `id` (its whole block or document).
    pub fn resource(&self, id: ResourceId) -> Place {
        let resource = self.graph.resource(id);
        let mut place = self.place(&resource.address, resource.span, resource.terraform().cloned());
        place.helm = resource.helm().cloned();
        place
    }

    pub fn place(&self, address: &str, span: Span, origin: Option<TfOrigin>) -> Place {
        Place {
            address: address.to_string(),
            file: self.graph.sources().path(span.file).to_string(),
            start: span.start.line,
            end: span.end.line.max(span.start.line),
            origin,
            helm: None,
        }
    }

    /// A resource a result names by address (or, with `ids`, by graph id), preferring one
    /// declared in `file` (the same address can exist in several environments or files).
    pub fn named(&self, name: &Json, file: Option<FileId>) -> Option<ResourceId> {
        match name {
            Json::String(address) => {
                let ids = self.by_address.get(address.as_str())?;
                ids.iter().copied().find(|id| Some(self.graph.resource(*id).span.file) == file).or(ids.first().copied())
            }
            Json::Number(n) => {
                let id = n.as_u64().filter(|i| (*i as usize) < self.graph.len())?;
                Some(ResourceId(id as u32))
            }
            _ => None,
        }
    }

    /// The resource that is exactly the input document (one cluster object), if any.
    fn document_resource(&self, doc: DocRef) -> Option<ResourceId> {
        match self.graph.document_resources(doc.file, doc.document) {
            [only] if matches!(self.graph.resource(*only).origin, Origin::Kubernetes(_)) => Some(*only),
            _ => None,
        }
    }

    /// The smallest resource of `file` whose span holds lines `start..=end`.
    pub fn enclosing(&self, file: FileId, start: u32, end: u32) -> Option<ResourceId> {
        self.by_file
            .get(&file)?
            .iter()
            .copied()
            .filter(|id| {
                let span = self.graph.resource(*id).span;
                span.start.line <= start && span.end.line.max(span.start.line) >= end
            })
            .min_by_key(|id| {
                let span = self.graph.resource(*id).span;
                (span.end.line.saturating_sub(span.start.line), id.0)
            })
    }

    /// Where an input document is: its resource when it is exactly one cluster object, else the
    /// file (address = file path), at the document's (or array element's) lines.
    pub fn document(&self, doc: DocRef, span: Span) -> Place {
        match self.document_resource(doc) {
            Some(id) => {
                let mut place = self.resource(id);
                place.start = span.start.line;
                place.end = span.end.line.max(span.start.line);
                place
            }
            None => {
                let path = self.graph.sources().path(span.file).to_string();
                self.place(&path, span, None)
            }
        }
    }

    /// The scanned file a result names by path (Conftest's `_loc.file`): written as the report
    /// writes it (relative to the working directory), with or without `./`, or absolute.
    pub fn file_named(&self, name: &str) -> Option<FileId> {
        let normal = |path: &str| path.replace('\\', "/").trim_start_matches("./").to_string();
        let mut wanted = normal(name);
        if std::path::Path::new(name).is_absolute() {
            let cwd = std::env::current_dir().ok()?;
            let relative = std::path::Path::new(name).strip_prefix(&cwd).ok()?;
            wanted = normal(&relative.to_string_lossy());
        }
        self.graph.sources().iter().find(|(_, source)| normal(&source.path) == wanted).map(|(id, _)| id)
    }

    /// Lines `start..=end` of `file`, at the resource holding them if there is one, else the file.
    pub fn lines_of_file(&self, file: FileId, start: u32, end: u32) -> Place {
        let end = end.max(start);
        let mut place = match self.enclosing(file, start, end) {
            Some(id) => self.resource(id),
            None => {
                let path = self.graph.sources().path(file).to_string();
                Place { address: path.clone(), file: path, start, end, origin: None, helm: None }
            }
        };
        place.start = start;
        place.end = end;
        place
    }

    /// Lines `start..=end` of the file of `span`, at the resource holding them if there is one.
    pub fn lines_in(&self, doc: DocRef, span: Span, start: u32, end: u32) -> Place {
        let end = end.max(start);
        let mut place = match self.enclosing(span.file, start, end) {
            Some(id) => self.resource(id),
            None => self.document(doc, span),
        };
        place.start = start;
        place.end = end;
        place
    }
}
