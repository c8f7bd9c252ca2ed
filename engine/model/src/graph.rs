//! The resource graph: resources and typed edges between them.

use crate::document::ParsedFile;
use crate::resource::{Resource, ResourceId};
use crate::sensitive::{PathStep, Sensitive};
use crate::source::SourceMap;
use crate::value::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What an edge means. Edges point from the resource that mentions to the one mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// A Terraform attribute references another block of the same module.
    Reference,
    /// A workload runs as a ServiceAccount.
    ServiceAccount,
    /// A Service's selector matches a workload's pods.
    ServiceSelects,
    /// A NetworkPolicy's podSelector matches a workload's pods.
    PolicySelects,
    /// A namespaced object lives in a Namespace that is part of the scan.
    InNamespace,
    /// A RoleBinding or ClusterRoleBinding grants a Role or ClusterRole.
    BindsRole,
    /// A RoleBinding or ClusterRoleBinding names a subject (a ServiceAccount in the scan).
    BindsSubject,
    /// An S3 bucket sub-resource (`aws_s3_bucket_public_access_block`, `_versioning`, ...)
    /// configures the bucket it names, by reference or by the bucket's literal name.
    Configures,
    /// A Kubernetes ServiceAccount assumes the IAM role its `eks.amazonaws.com/role-arn`
    /// annotation names (IAM roles for service accounts).
    AssumesRole,
    /// An IAM policy resource or attachment applies to the role, user or group it names.
    AttachedTo,
    /// A policy attachment (or a role's `managed_policy_arns`) names a managed policy of the scan.
    AttachesPolicy,
    /// A Kubernetes object rendered from a Helm chart was deployed by the Terraform
    /// `helm_release` that renders it.
    DeployedBy,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Reference => "reference",
            EdgeKind::ServiceAccount => "service-account",
            EdgeKind::ServiceSelects => "service-selects",
            EdgeKind::PolicySelects => "policy-selects",
            EdgeKind::InNamespace => "in-namespace",
            EdgeKind::BindsRole => "binds-role",
            EdgeKind::BindsSubject => "binds-subject",
            EdgeKind::Configures => "configures",
            EdgeKind::AssumesRole => "assumes-role",
            EdgeKind::AttachedTo => "attached-to",
            EdgeKind::DeployedBy => "deployed-by",
            EdgeKind::AttachesPolicy => "attaches-policy",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    pub from: ResourceId,
    pub to: ResourceId,
    pub kind: EdgeKind,
    /// The attribute that makes the link (`kms_key_id`, `spec.selector`), for explanations.
    pub via: String,
}

/// Collects resources and edges; linkers add edges, then [`GraphBuilder::build`] freezes it.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    pub resources: Vec<Resource>,
    edges: Vec<Edge>,
    sensitive: Sensitive,
    generated: Generated,
    parsed_files: Vec<ParsedFile>,
}

impl GraphBuilder {
    pub fn new(resources: Vec<Resource>) -> Self {
        GraphBuilder { resources, ..GraphBuilder::default() }
    }

    /// Keeps the raw documents of the scanned files (what Conftest-style policies read).
    pub fn set_parsed_files(&mut self, mut files: Vec<ParsedFile>) {
        files.sort_by_key(|f| f.file);
        self.parsed_files = files;
    }

    /// Records that the value at `path` in the body of resource `id` is sensitive: rules still
    /// read it, nothing Tollgate prints shows it (see [`Sensitive`]). Mark after the body is
    /// final and before resources are removed or reordered.
    pub fn mark_sensitive(&mut self, id: ResourceId, path: Vec<PathStep>) {
        if let Some(resource) = self.resources.get(id.0 as usize) {
            self.sensitive.mark(id, path, &resource.body);
        }
    }

    /// Records a sensitive text wherever it appears in a message, beyond the values marked with
    /// [`GraphBuilder::mark_sensitive`] (a secret passed into a template ends up inside larger
    /// strings, and a rule's advice may quote part of one).
    pub fn add_sensitive_text(&mut self, text: &str) {
        self.sensitive.add_text(text);
    }

    /// Records that the value at `path` in the body of resource `id` was made up by the tool
    /// that produced the object (a Helm chart's `randAlphaNum`, `genCA`), not written by the
    /// user: rules do not judge it as the user's data.
    pub fn mark_generated(&mut self, id: ResourceId, path: Vec<PathStep>) {
        self.generated.0.entry(id).or_default().insert(path);
    }

    pub fn resources(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.resources.iter().enumerate().map(|(i, r)| (ResourceId(i as u32), r))
    }

    pub fn add_edge(&mut self, from: ResourceId, to: ResourceId, kind: EdgeKind, via: impl Into<String>) {
        if from != to {
            self.edges.push(Edge { from, to, kind, via: via.into() });
        }
    }

    /// Makes room for `additional` more edges, so a linker adding many edges grows the list once.
    pub fn reserve_edges(&mut self, additional: usize) {
        self.edges.reserve(additional);
    }

    /// The edges added so far, for linkers that build on earlier linkers' edges.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    pub fn build(mut self, sources: SourceMap) -> Graph {
        // Unstable sort: in place (a stable sort allocates half the list again), and edges that
        // compare equal are identical, so the order is the same.
        self.edges.sort_unstable();
        self.edges.dedup();
        let n = self.resources.len();
        let mut outgoing = vec![Vec::new(); n];
        let mut incoming = vec![Vec::new(); n];
        for (i, e) in self.edges.iter().enumerate() {
            outgoing[e.from.0 as usize].push(i as u32);
            incoming[e.to.0 as usize].push(i as u32);
        }
        self.sensitive.finish();
        let document_resources = document_resources(&self.parsed_files, &self.resources);
        let mut by_type: HashMap<String, Vec<ResourceId>> = HashMap::new();
        for (i, resource) in self.resources.iter().enumerate() {
            by_type.entry(resource.type_name.clone()).or_default().push(ResourceId(i as u32));
        }
        Graph {
            by_type,
            resources: self.resources,
            edges: self.edges,
            outgoing,
            incoming,
            sources,
            sensitive: self.sensitive,
            generated: self.generated,
            parsed_files: self.parsed_files,
            document_resources,
        }
    }
}

/// For each document of each parsed file, the resources whose span lies within it: resources
/// sorted by (file, start) and each document's range found by binary search, so a file with
/// thousands of documents costs no more than its resources.
fn document_resources(files: &[ParsedFile], resources: &[Resource]) -> Vec<Vec<Vec<ResourceId>>> {
    if files.is_empty() {
        return Vec::new();
    }
    let mut by_start: Vec<(crate::source::Span, ResourceId)> =
        resources.iter().enumerate().map(|(i, r)| (r.span, ResourceId(i as u32))).collect();
    by_start.sort_by_key(|(span, id)| (span.file, span.start, *id));
    files
        .iter()
        .map(|file| {
            file.documents
                .iter()
                .map(|document| {
                    let key = (document.span.file, document.span.start);
                    let first = by_start.partition_point(|(span, _)| (span.file, span.start) < key);
                    let mut ids: Vec<ResourceId> = by_start
                        .get(first..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|(span, _)| span.file == document.span.file && span.start <= document.span.end)
                        .filter(|(span, _)| document.span.contains(*span))
                        .map(|(_, id)| *id)
                        .collect();
                    ids.sort();
                    ids
                })
                .collect()
        })
        .collect()
}

/// Where generated values sit, by resource.
#[derive(Debug, Clone, Default)]
struct Generated(BTreeMap<ResourceId, BTreeSet<Vec<PathStep>>>);

/// Resources, the edges between them and the files they came from.
#[derive(Debug, Default)]
pub struct Graph {
    resources: Vec<Resource>,
    edges: Vec<Edge>,
    /// Edge indexes by resource (u32: edge lists are the largest part of a big graph).
    outgoing: Vec<Vec<u32>>,
    incoming: Vec<Vec<u32>>,
    sources: SourceMap,
    sensitive: Sensitive,
    generated: Generated,
    parsed_files: Vec<ParsedFile>,
    /// `[file][document]`: the resources within each document of `parsed_files`.
    document_resources: Vec<Vec<Vec<ResourceId>>>,
    /// Resources by type (`aws_s3_bucket`, `Deployment`), in graph order: lookups by type are
    /// an index, not a scan of the graph.
    by_type: HashMap<String, Vec<ResourceId>>,
}

impl Graph {
    /// The resources of one type (a Terraform resource or data source type, a Kubernetes
    /// kind), in graph order.
    pub fn of_type<'a>(&'a self, type_name: &str) -> impl Iterator<Item = (ResourceId, &'a Resource)> + 'a {
        let ids = self.by_type.get(type_name).map(Vec::as_slice).unwrap_or_default();
        ids.iter().map(move |&id| (id, self.resource(id)))
    }

    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// The scanned files as parsed, sorted by file (empty unless the loader was asked to keep
    /// them): the input of Conftest-style policies.
    pub fn parsed_files(&self) -> &[ParsedFile] {
        &self.parsed_files
    }

    /// The resources whose spans lie within document `document` of `parsed_files()[file]`, in
    /// id order (empty for indexes out of range): a Kubernetes document that is one cluster
    /// object has exactly one, a `List` one per item, a values file none; an HCL file has the
    /// resources of its blocks. Where a Conftest-style finding about a document is reported.
    pub fn document_resources(&self, file: usize, document: usize) -> &[ResourceId] {
        self.document_resources
            .get(file)
            .and_then(|documents| documents.get(document))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// Where the sensitive values are; reports scrub messages with it.
    pub fn sensitive(&self) -> &Sensitive {
        &self.sensitive
    }

    /// Whether the value at `path` of resource `id` (or a value holding it) was generated by the
    /// tool that produced the object rather than written by the user (see
    /// [`GraphBuilder::mark_generated`]).
    pub fn is_generated(&self, id: ResourceId, path: &[PathStep]) -> bool {
        self.generated.0.get(&id).is_some_and(|paths| paths.iter().any(|marked| path.starts_with(marked)))
    }

    /// The generated values of resource `id`, by path.
    pub fn generated_paths(&self, id: ResourceId) -> impl Iterator<Item = &[PathStep]> + '_ {
        self.generated.0.get(&id).into_iter().flatten().map(Vec::as_slice)
    }

    /// The body of resource `id` as it may be printed: sensitive values replaced by a marker.
    pub fn printable_body(&self, id: ResourceId) -> Cow<'_, Value> {
        self.sensitive.redact(id, &self.resource(id).body)
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0 as usize]
    }

    pub fn resources(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.resources.iter().enumerate().map(|(i, r)| (ResourceId(i as u32), r))
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Resources `id` points to through edges of `kind`.
    pub fn outgoing(&self, id: ResourceId, kind: EdgeKind) -> impl Iterator<Item = (ResourceId, &Resource)> + '_ {
        self.outgoing
            .get(id.0 as usize)
            .into_iter()
            .flatten()
            .map(|&i| &self.edges[i as usize])
            .filter(move |e| e.kind == kind)
            .map(|e| (e.to, self.resource(e.to)))
    }

    /// Resources pointing to `id` through edges of `kind`.
    pub fn incoming(&self, id: ResourceId, kind: EdgeKind) -> impl Iterator<Item = (ResourceId, &Resource)> + '_ {
        self.incoming
            .get(id.0 as usize)
            .into_iter()
            .flatten()
            .map(|&i| &self.edges[i as usize])
            .filter(move |e| e.kind == kind)
            .map(|e| (e.from, self.resource(e.from)))
    }

    /// Every edge arriving at `id`, whatever its kind.
    pub fn edges_to(&self, id: ResourceId) -> impl Iterator<Item = &Edge> + '_ {
        self.incoming.get(id.0 as usize).into_iter().flatten().map(|&i| &self.edges[i as usize])
    }

    /// Every edge leaving `id`, whatever its kind.
    pub fn edges_from(&self, id: ResourceId) -> impl Iterator<Item = &Edge> + '_ {
        self.outgoing.get(id.0 as usize).into_iter().flatten().map(|&i| &self.edges[i as usize])
    }
}
