//! Tollgate's rule catalog.
//!
//! Every rule is one folder, `rules/<ID>-<slug>/`, holding either `rule.rs` (a native rule: its
//! documentation as the leading `//!` comment, its [`RuleMeta`](tollgate_evaluate::RuleMeta) as
//! `META` and its `check` function) or `policy.rego` (a bundled Rego rule, package
//! `tollgate.rules.<slug_with_underscores>`: its metadata and documentation in the package's
//! `# METADATA` block, its findings from `deny` and `unknown` rules run by `tollgate-policy`), and
//! `fixtures/` (case folders with the findings each must produce, see `tests/catalog.rs`).
//! `build.rs` discovers the folders and generates the registry, so adding a rule is adding a
//! folder. Logic that several native rules share lives in [`support`]; they import everything they
//! need with `use crate::prelude::*;`. Rego rules share `data.tollgate.lib`
//! (`engine/policy/lib/tollgate.rego`).

use tollgate_evaluate::RuleDef;

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
}

/// Helpers shared by several rules: one module per file of `src/support/`, registered by
/// `build.rs` (so adding a helper file touches nothing else).
pub mod support {
    include!(concat!(env!("OUT_DIR"), "/support.rs"));
}

mod catalog {
    use tollgate_evaluate::RuleDef;
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

/// The `check` of a Rego rule's [`RuleDef`]: nothing. Its policy runs in `tollgate-policy` (see
/// [`bundled_policies`]), so the native runner, given every rule, finds nothing for it.
fn rego_check(_: &tollgate_evaluate::Context<'_>, _: &mut tollgate_evaluate::Emitter<'_>) {}

/// Every rule of the catalog, native and Rego, sorted by id. (Rego rules' `check` does nothing:
/// their findings come from running [`bundled_policies`].)
pub fn all() -> Vec<RuleDef> {
    let mut rules = catalog::generated();
    rules.sort_by_key(|r| r.meta.id);
    rules
}

/// A bundled Rego rule's policy, embedded in the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundledPolicy {
    /// The rule id (`TG301`).
    pub id: &'static str,
    /// Where it lives in the repository (`rules/TG301-<slug>/policy.rego`): the file named in errors.
    pub path: &'static str,
    pub source: &'static str,
}

/// The bundled Rego rules' policies, sorted by id.
pub fn policies() -> Vec<BundledPolicy> {
    let mut policies: Vec<BundledPolicy> = catalog::generated_policies()
        .into_iter()
        .map(|(id, path, source)| BundledPolicy { id, path, source })
        .collect();
    policies.sort_by_key(|p| p.id);
    policies
}

/// The bundled Rego rules as `(path, source)` pairs, in id order, for
/// `tollgate_policy::PolicySet::load_with_sources`.
pub fn bundled_policies() -> Vec<(String, &'static str)> {
    policies().into_iter().map(|p| (p.path.to_string(), p.source)).collect()
}

/// The policy of rule `id` when it is a Rego rule; `None` for native rules.
pub fn policy(id: &str) -> Option<BundledPolicy> {
    policies().into_iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// True for the rules written in Rego.
pub fn is_rego(rule: &RuleDef) -> bool {
    policy(rule.meta.id).is_some()
}

/// The rule with this id (`TG101`, any case) or slug (`security-group-open-admin-port`).
pub fn find(id_or_slug: &str) -> Option<RuleDef> {
    all().into_iter().find(|r| r.meta.id.eq_ignore_ascii_case(id_or_slug) || r.meta.slug == id_or_slug)
}
