//! Objects of one kind grouped by cluster and namespace, so that each of many workloads finds its
//! namespace's LimitRanges or autoscalers with one lookup, not a scan of every object of the kind.

use std::collections::HashMap;
use tollgate_model::{Graph, Resource};

type NamespaceKey = (Option<String>, Option<String>);

/// The objects of one kind by (cluster, namespace).
#[derive(Debug, Default)]
pub struct ByNamespace<'g> {
    objects: HashMap<NamespaceKey, Vec<&'g Resource>>,
}

impl<'g> ByNamespace<'g> {
    /// Every Kubernetes object of `kind` in the graph, grouped.
    pub fn of_kind(graph: &'g Graph, kind: &str) -> ByNamespace<'g> {
        let mut objects: HashMap<NamespaceKey, Vec<&'g Resource>> = HashMap::new();
        for (_, resource) in graph.of_type(kind).filter(|(_, r)| r.is_kind(kind)) {
            objects.entry(key(resource)).or_default().push(resource);
        }
        ByNamespace { objects }
    }

    /// The objects in `workload`'s namespace of its cluster, without renders of another values
    /// set of the same chart, in graph order.
    pub fn of(&self, workload: &Resource) -> Vec<&'g Resource> {
        let same = self.objects.get(&key(workload)).map(Vec::as_slice).unwrap_or_default();
        same.iter().copied().filter(|r| !r.is_alternative_render_of(workload)).collect()
    }
}

fn key(resource: &Resource) -> NamespaceKey {
    (resource.cluster().map(str::to_string), resource.namespace().map(str::to_string))
}
