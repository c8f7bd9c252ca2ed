//! The resource graph: resources and typed edges between them.

use crate::resource::{Resource, ResourceId};
use crate::source::SourceMap;

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
}

impl GraphBuilder {
    pub fn new(resources: Vec<Resource>) -> Self {
        GraphBuilder { resources, edges: Vec::new() }
    }

    pub fn resources(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.resources.iter().enumerate().map(|(i, r)| (ResourceId(i as u32), r))
    }

    pub fn add_edge(&mut self, from: ResourceId, to: ResourceId, kind: EdgeKind, via: impl Into<String>) {
        if from != to {
            self.edges.push(Edge { from, to, kind, via: via.into() });
        }
    }

    pub fn build(mut self, sources: SourceMap) -> Graph {
        self.edges.sort();
        self.edges.dedup();
        let n = self.resources.len();
        let mut outgoing = vec![Vec::new(); n];
        let mut incoming = vec![Vec::new(); n];
        for (i, e) in self.edges.iter().enumerate() {
            outgoing[e.from.0 as usize].push(i);
            incoming[e.to.0 as usize].push(i);
        }
        Graph { resources: self.resources, edges: self.edges, outgoing, incoming, sources }
    }
}

/// Resources, the edges between them and the files they came from.
#[derive(Debug, Default)]
pub struct Graph {
    resources: Vec<Resource>,
    edges: Vec<Edge>,
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
    sources: SourceMap,
}

impl Graph {
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    pub fn len(&self) -> usize {
        self.resources.len()
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
            .map(|&i| &self.edges[i])
            .filter(move |e| e.kind == kind)
            .map(|e| (e.to, self.resource(e.to)))
    }

    /// Resources pointing to `id` through edges of `kind`.
    pub fn incoming(&self, id: ResourceId, kind: EdgeKind) -> impl Iterator<Item = (ResourceId, &Resource)> + '_ {
        self.incoming
            .get(id.0 as usize)
            .into_iter()
            .flatten()
            .map(|&i| &self.edges[i])
            .filter(move |e| e.kind == kind)
            .map(|e| (e.from, self.resource(e.from)))
    }

    /// Every edge leaving `id`, whatever its kind.
    pub fn edges_from(&self, id: ResourceId) -> impl Iterator<Item = &Edge> + '_ {
        self.outgoing.get(id.0 as usize).into_iter().flatten().map(|&i| &self.edges[i])
    }
}
