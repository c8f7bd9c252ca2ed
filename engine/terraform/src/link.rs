//! Turns the references Terraform resources record into graph edges.

use std::collections::BTreeMap;
use tollgate_model::{EdgeKind, GraphBuilder, ResourceId};

/// Adds a [`EdgeKind::Reference`] edge from every Terraform resource to each block of the same
/// module directory its references name, labelled with the attribute holding the reference.
/// Duplicate addresses (which Terraform rejects but Tollgate still scans) all receive the edge;
/// references to blocks that are not part of the scan are dropped.
pub fn link(builder: &mut GraphBuilder) {
    let mut by_address: BTreeMap<(&str, &str), Vec<ResourceId>> = BTreeMap::new();
    for (id, resource) in builder.resources() {
        if let Some(origin) = resource.terraform() {
            by_address.entry((origin.module_dir.as_str(), resource.address.as_str())).or_default().push(id);
        }
    }
    let mut edges = Vec::new();
    for (from, resource) in builder.resources() {
        let Some(origin) = resource.terraform() else { continue };
        for reference in &resource.references {
            let key = (origin.module_dir.as_str(), reference.target.as_str());
            for &to in by_address.get(&key).into_iter().flatten() {
                edges.push((from, to, reference.attribute.clone()));
            }
        }
    }
    for (from, to, via) in edges {
        builder.add_edge(from, to, EdgeKind::Reference, via);
    }
}
