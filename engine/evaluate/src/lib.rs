//! Rule evaluation: the API a rule is written against ([`RuleDef`], [`Context`], [`Emitter`]) and
//! the runner that applies a set of rules to a [`Graph`] in parallel.
//!
//! A rule sees the graph only through [`Context`] and reports only through [`Emitter`]; it never
//! builds a [`Finding`] itself, so rule id, severity, category and location stay consistent.

mod context;
mod emitter;
mod notices;
mod runner;
mod settings;

pub use context::Context;
pub use emitter::Emitter;
pub use notices::{
    builtin_docs, notice_findings, notice_rule, BUILTIN_RULES, INVALID_CONFIGURATION, UNKNOWN_INSTANCES,
    UNRESOLVED_MODULE,
};
pub use runner::{evaluate, parse_error_findings, EvalOptions};
pub use settings::{Settings, DEFAULT_REQUIRED_TAGS};

use tollgate_model::{Category, Severity};

/// What a rule is, independent of how it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable id, never reused for another meaning (`TG101`).
    pub id: &'static str,
    /// Readable name (`security-group-open-admin-port`).
    pub slug: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// CWE / CIS references.
    pub references: &'static [&'static str],
}

/// A rule of the catalog: its metadata, its documentation and its check.
#[derive(Clone, Copy)]
pub struct RuleDef {
    pub meta: &'static RuleMeta,
    /// Markdown: what it does, why it matters, a failing and a fixed example.
    pub docs: &'static str,
    pub check: fn(&Context<'_>, &mut Emitter<'_>),
}

impl std::fmt::Debug for RuleDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleDef").field("meta", self.meta).finish()
    }
}

/// The built-in check every unreadable or unparsable file fails.
pub const PARSE_ERROR: RuleMeta = RuleMeta {
    id: "TG000",
    slug: "parse-error",
    title: "File could not be read or parsed",
    severity: Severity::High,
    category: Category::Input,
    references: &[],
};
