//! Tollgate's rule catalog.
//!
//! Every rule is one folder, `rules/<ID>-<slug>/`, holding either `rule.rs` (a native rule: its
//! documentation as the leading `//!` comment, its [`RuleMeta`](tollgate_evaluate::RuleMeta) as
//! `META` and its `check` function) or `policy.rego` (a bundled Rego rule, package
//! `tollgate.rules.<slug_with_underscores>`: its metadata and documentation in the package's
//! `# METADATA` block, its findings from `deny` and `unknown` rules run by `tollgate-policy`), and
//! a `rule.rs` without `check` (a built-in rule: its documentation and `META`, its findings made
//! by the pipeline from what loading reports, see [`load_error_findings`] and [`notice_findings`]),
//! and `fixtures/` (case folders with the findings each must produce, see `tests/catalog.rs`).
//! `build.rs` discovers the folders and generates the registry, so adding a rule is adding a
//! folder. Logic that several native rules share lives in [`support`]; they import everything they
//! need with `use crate::prelude::*;`. Rego rules share `data.tollgate.lib`
//! (`engine/policy/lib/tollgate.rego`).

use tollgate_evaluate::RuleDef;
use tollgate_model::{Catalog, RuleDescriptor};

/// What every rule file imports: the rule API, the model types, every support module (`iam::`,
/// `pods::`, ...) and the attribute and network helpers by name (`bool_attr`, `Tri`, `is_open_cidr`).
pub mod prelude {
    pub use crate::support::attr::*;
    pub use crate::support::net::*;
    pub use crate::support::*;
    pub use tollgate_evaluate::{Context, Emitter, RuleDef, RuleMeta};
    pub use tollgate_model::kube;
    pub use tollgate_model::{
        Category, EdgeKind, Lookup, MapEntry, Resource, ResourceId, Severity, Span, Value, ValueKind,
    };
    pub use tollgate_model::{Finding, FindingKind, LoadError, Notice, NoticeKind, SourceMap};
}

/// Helpers shared by several rules: one module per file of `src/support/`, registered by
/// `build.rs` (so adding a helper file touches nothing else).
pub mod support {
    include!(concat!(env!("OUT_DIR"), "/support.rs"));
}

mod catalog {
    use tollgate_evaluate::{Check, RuleDef};
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

mod builtin;
pub mod cost;
pub use builtin::{cannot_suppress, load_error_findings, notice_findings, suppression_findings};

/// Every rule of the catalog (native, Rego and built-in), sorted by id.
pub fn all() -> Vec<RuleDef> {
    let mut rules = catalog::generated();
    rules.sort_by_key(|r| r.meta.id);
    rules
}

/// Every rule's one description, sorted by id: what reports, `rules list/explain` and the docs
/// read.
pub fn descriptors() -> Vec<RuleDescriptor> {
    all()
        .iter()
        .map(|rule| RuleDescriptor {
            can_disable: builtin::cannot_disable(rule.meta.id).is_none(),
            ..rule.descriptor()
        })
        .collect()
}

/// The bundled rules as a [`Catalog`] (the user's policies join it in a scan).
pub fn catalog() -> Catalog {
    Catalog::new(descriptors())
}

/// Why the rule with this id cannot be disabled, for the built-in rules whose findings mean
/// something was not checked.
pub fn cannot_disable(id: &str) -> Option<&'static str> {
    builtin::cannot_disable(id)
}

/// A bundled Rego rule's policy, embedded in the binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundledPolicy {
    /// The rule id (`TG301`).
    pub id: &'static str,
    /// Where it lives in the repository (`rules/TG301-<slug>/policy.rego`): the file named in errors.
    pub path: String,
    pub source: &'static str,
}

/// The bundled Rego rules' policies, sorted by id.
pub fn policies() -> Vec<BundledPolicy> {
    all()
        .iter()
        .filter_map(|rule| {
            let source = rule.policy()?;
            Some(BundledPolicy { id: rule.meta.id, path: format!("{}/policy.rego", rule.folder), source })
        })
        .collect()
}

/// The bundled Rego rules as `(path, source)` pairs, in id order, for
/// `tollgate_policy::PolicySet::load_with_sources`.
pub fn bundled_policies() -> Vec<(String, &'static str)> {
    policies().into_iter().map(|p| (p.path, p.source)).collect()
}
