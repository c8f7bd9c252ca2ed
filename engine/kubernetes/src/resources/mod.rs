//! What a workload reserves on its nodes, as the API server admits it: resource quantities
//! ([`quantity`]), a container's requests and limits after LimitRange defaulting
//! ([`limit_range`]), and a pod's effective request times the replicas it runs, now and at its
//! autoscaler's maximum ([`pods`]). Shared by the quota rules and the Kubernetes cost allocation,
//! so both count the same figures.

pub mod limit_range;
mod namespaces;
pub mod pods;
pub mod quantity;

pub use namespaces::ByNamespace;
