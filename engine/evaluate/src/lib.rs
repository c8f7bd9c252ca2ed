//! Rule evaluation: the API a rule is written against ([`RuleDef`], [`Context`], [`Emitter`]) and
//! the runner that applies a set of rules to a [`Graph`] in parallel.
//!
//! A rule sees the graph only through [`Context`] and reports only through [`Emitter`]; it never
//! builds a [`Finding`] itself, so rule id, severity, category and location stay consistent. Every
//! rule, whatever its [`Check`], is described by one [`RuleDescriptor`] ([`RuleDef::descriptor`]).
//!
//! ```
//! use tollgate_evaluate::{evaluate, Check, Context, Emitter, EvalOptions, RuleDef, RuleMeta};
//! use tollgate_model::{Category, Graph, Severity};
//!
//! const META: RuleMeta = RuleMeta {
//!     id: "TG999", slug: "example", title: "An example", severity: Severity::Low,
//!     category: Category::Tagging, references: &[], aliases: &[],
//! };
//! fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
//!     for (_, resource) in ctx.resources() {
//!         out.fail(resource, resource.span, "example finding");
//!     }
//! }
//! let rule = RuleDef { meta: &META, docs: "", folder: "rules/TG999-example", check: Check::Native(check) };
//! assert!(evaluate(&Graph::default(), &[rule], &EvalOptions::default()).is_empty());
//! ```

mod context;
mod emitter;
mod runner;
mod settings;

pub use context::Context;
pub use emitter::Emitter;
pub use runner::{evaluate, EvalOptions};
pub use settings::{Settings, DEFAULT_REQUIRED_TAGS};

use tollgate_model::{Category, RuleOrigin, RuleRef, Severity};
#[doc(no_inline)]
pub use tollgate_model::{Finding, Graph, RuleDescriptor};

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
    /// Other tools' ids for the same check (`CKV_AWS_24`, `AVD-AWS-0107`): declared only where
    /// the rule checks the same thing, so their skip comments carry over.
    pub aliases: &'static [&'static str],
}

impl RuleMeta {
    /// What a finding of this rule copies.
    pub fn rule_ref(&'static self) -> RuleRef<'static> {
        RuleRef { id: self.id, slug: self.slug, severity: self.severity, category: self.category }
    }
}

/// How a rule of the catalog checks.
#[derive(Clone, Copy)]
pub enum Check {
    /// Rust code run on the graph by [`evaluate`].
    Native(fn(&Context<'_>, &mut Emitter<'_>)),
    /// A bundled Rego policy (its source), run by `tollgate-policy`.
    Rego(&'static str),
    /// Made by the pipeline itself from what loading reports (parse errors, notices).
    Builtin,
}

/// A rule of the catalog: its metadata, its documentation and its check.
#[derive(Clone, Copy)]
pub struct RuleDef {
    pub meta: &'static RuleMeta,
    /// Markdown: what it does, why it matters, a failing and a fixed example.
    pub docs: &'static str,
    /// The rule's folder (`rules/TG101-security-group-open-admin-port`).
    pub folder: &'static str,
    pub check: Check,
}

impl RuleDef {
    /// The one description of this rule that reports, `rules list/explain` and the docs read.
    pub fn descriptor(&self) -> RuleDescriptor {
        let (origin, file) = match self.check {
            Check::Native(_) => (RuleOrigin::Native, "rule.rs"),
            Check::Rego(_) => (RuleOrigin::Rego, "policy.rego"),
            Check::Builtin => (RuleOrigin::Builtin, "rule.rs"),
        };
        let meta = self.meta;
        RuleDescriptor {
            id: meta.id.to_string(),
            slug: meta.slug.to_string(),
            title: meta.title.to_string(),
            severity: meta.severity,
            category: meta.category,
            origin,
            docs: self.docs.to_string(),
            aliases: meta.aliases.iter().map(|a| a.to_string()).collect(),
            references: meta.references.iter().map(|r| r.to_string()).collect(),
            source: format!("{}/{file}", self.folder),
            can_disable: true,
        }
    }

    /// The policy source of a bundled Rego rule.
    pub fn policy(&self) -> Option<&'static str> {
        match self.check {
            Check::Rego(source) => Some(source),
            _ => None,
        }
    }
}

impl std::fmt::Debug for RuleDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleDef").field("meta", self.meta).field("folder", &self.folder).finish()
    }
}
