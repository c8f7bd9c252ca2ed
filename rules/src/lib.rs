//! Tollgate's rule catalog.
//!
//! Every rule is one folder, `rules/<ID>-<slug>/`, holding `rule.rs` (its documentation as the
//! leading `//!` comment, its [`RuleMeta`](tollgate_evaluate::RuleMeta) as `META` and its `check`
//! function) and `fixtures/` (case folders with the findings each must produce, see
//! `tests/catalog.rs`). `build.rs` discovers the folders and generates the registry, so adding a
//! rule is adding a folder. Logic that several rules share lives in [`support`]; rules import
//! everything they need with `use crate::prelude::*;`.

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

/// Every rule of the catalog, sorted by id.
pub fn all() -> Vec<RuleDef> {
    let mut rules = catalog::generated();
    rules.sort_by_key(|r| r.meta.id);
    rules
}

/// The rule with this id (`TG101`, any case) or slug (`security-group-open-admin-port`).
pub fn find(id_or_slug: &str) -> Option<RuleDef> {
    all().into_iter().find(|r| r.meta.id.eq_ignore_ascii_case(id_or_slug) || r.meta.slug == id_or_slug)
}
