//! Limits that keep hostile YAML (alias bombs, absurd nesting, document storms) from exhausting
//! memory or stack.

use serde_saphyr::options::AliasLimits;
use serde_saphyr::Budget;

/// The limits one manifest file is read under.
///
/// They come from serde-saphyr's [`Budget`] and [`AliasLimits`], whose defaults are tuned
/// against hostile YAML, with three deliberate changes:
/// - `max_documents` is raised from 1,024 to 10,000 per file: rendered charts and CRD bundles
///   legitimately hold thousands of documents.
/// - `max_depth` is raised from 64 to 128: large CRD schemas (`openAPIV3Schema`) nest two levels
///   per field and get close to 64. 128 still bounds the recursion of every consumer of the tree.
///
/// The alias limits are kept at their defaults: at most `max_aliases` (50,000) aliases and
/// `max_total_replayed_events` (1,000,000) nodes copied out of anchors per file, and
/// `max_nodes` (250,000) nodes per document counting those copies, so a "billion laughs" file
/// is refused after a bounded amount of work instead of being expanded.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// Documents per file.
    pub max_documents: usize,
    /// Nested mappings and sequences in a document (the root counts as one).
    pub max_depth: usize,
    /// Nodes per document, including nodes copied from anchors.
    pub max_nodes: usize,
    /// Aliases (`*name`) per file.
    pub max_aliases: usize,
    /// Nodes copied from anchors, by aliases and merge keys, per file.
    pub max_alias_nodes: usize,
    /// Nodes kept in copies of anchored values (for the aliases to come), per file.
    pub max_anchor_nodes: usize,
    /// Bytes of scalar text per document, including text copied from anchors.
    pub max_scalar_bytes: usize,
}

impl Limits {
    pub(crate) fn for_manifests() -> Self {
        let mut budget = Budget::default();
        budget.max_documents = 10_000;
        budget.max_depth = 128;
        budget.max_nodes = 2_000_000;
        let aliases = AliasLimits::default();
        Limits {
            max_documents: budget.max_documents,
            max_depth: budget.max_depth,
            max_nodes: budget.max_nodes,
            max_aliases: budget.max_aliases,
            max_alias_nodes: aliases.max_total_replayed_events,
            max_anchor_nodes: budget.max_recorded_anchor_events,
            max_scalar_bytes: budget.max_total_scalar_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raised_document_limit_and_default_alias_limits() {
        let limits = Limits::for_manifests();
        assert_eq!(limits.max_documents, 10_000);
        assert_eq!(limits.max_aliases, Budget::default().max_aliases);
        assert_eq!(limits.max_alias_nodes, AliasLimits::default().max_total_replayed_events);
        assert_eq!(limits.max_anchor_nodes, Budget::default().max_recorded_anchor_events);
    }
}
