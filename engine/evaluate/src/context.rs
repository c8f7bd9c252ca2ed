//! The one view of the graph a rule gets.

use crate::Settings;
use std::sync::LazyLock;
use tollgate_model::kube;
use tollgate_model::{EdgeKind, Graph, PathStep, Resource, ResourceId, Value};

/// Read-only access to the resource graph and the settings, with the queries rules need.
#[derive(Clone, Copy)]
pub struct Context<'g> {
    graph: &'g Graph,
    settings: &'g Settings,
}

static DEFAULT_SETTINGS: LazyLock<Settings> = LazyLock::new(Settings::default);

impl<'g> Context<'g> {
    /// A context with the default [`Settings`].
    pub fn new(graph: &'g Graph) -> Self {
        Context { graph, settings: &DEFAULT_SETTINGS }
    }

    pub fn with_settings(graph: &'g Graph, settings: &'g Settings) -> Self {
        Context { graph, settings }
    }

    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// What the configuration tells rules (required tag keys, ...).
    pub fn settings(&self) -> &'g Settings {
        self.settings
    }

    pub fn resource(&self, id: ResourceId) -> &'g Resource {
        self.graph.resource(id)
    }

    /// Whether the value at `path` of resource `id` was made up by the tool that rendered it
    /// (a Helm chart's `randAlphaNum`, `genCA`) rather than written by the user: a rule about
    /// what users write (a secret in clear text, a weak password) must not judge it.
    pub fn is_generated(&self, id: ResourceId, path: &[PathStep]) -> bool {
        self.graph.is_generated(id, path)
    }

    /// Every resource, in graph order.
    pub fn resources(&self) -> impl Iterator<Item = (ResourceId, &'g Resource)> + 'g {
        self.graph.resources()
    }

    /// Terraform `resource` blocks of one type.
    pub fn tf_resources(&self, type_name: &'g str) -> impl Iterator<Item = (ResourceId, &'g Resource)> + 'g {
        self.graph.of_type(type_name).filter(move |(_, r)| r.is_tf_resource(type_name))
    }

    /// Terraform `data` blocks of one type.
    pub fn tf_data(&self, type_name: &'g str) -> impl Iterator<Item = (ResourceId, &'g Resource)> + 'g {
        self.graph.of_type(type_name).filter(move |(_, r)| r.is_tf_data(type_name))
    }

    /// Kubernetes objects of one kind.
    pub fn kube_objects(&self, kind: &'g str) -> impl Iterator<Item = (ResourceId, &'g Resource)> + 'g {
        self.graph.of_type(kind).filter(move |(_, r)| r.is_kind(kind))
    }

    /// Every Kubernetes object that runs pods, with its pod spec.
    pub fn workloads(&self) -> impl Iterator<Item = (ResourceId, &'g Resource, &'g Value)> + 'g {
        self.graph.resources().filter_map(|(id, r)| Some((id, r, kube::pod_spec(r)?)))
    }

    /// Resources `id` points to through edges of `kind`.
    pub fn outgoing(&self, id: ResourceId, kind: EdgeKind) -> impl Iterator<Item = (ResourceId, &'g Resource)> + 'g {
        self.graph.outgoing(id, kind)
    }

    /// Resources pointing to `id` through edges of `kind`.
    pub fn incoming(&self, id: ResourceId, kind: EdgeKind) -> impl Iterator<Item = (ResourceId, &'g Resource)> + 'g {
        self.graph.incoming(id, kind)
    }
}
