//! Account-wide settings that make a per-resource finding moot (EBS encryption by default, the
//! S3 account public access block): when the scan turns one on, its resources need not; when the
//! scan's setting is unknown, so is every verdict that rests on it.

use super::attr::Tri;
use tollgate_evaluate::{Context, Emitter};
use tollgate_model::{Resource, Span, Value};

/// An account-wide setting, and how findings it would cancel say so.
#[derive(Debug, Clone, Copy)]
pub struct AccountWide<'a> {
    /// Whether the scan turns the setting on (a rule has nothing to report on `Yes`).
    pub on: Tri<'a>,
    /// Ends an unknown finding: "<message>, unless <this>".
    pub unless: &'static str,
    /// Ends a failure when the setting is another fix: "<message>, or <this>."
    pub or: Option<&'static str>,
}

impl<'a> AccountWide<'a> {
    /// Whether some resource of type `type_name` in the scan turns the setting on, as `on` reads
    /// its body (a known yes decides; otherwise the first unknown; no resource is no).
    pub fn read(ctx: &Context<'a>, type_name: &'a str, on: impl Fn(&'a Value) -> Tri<'a>) -> Tri<'a> {
        Tri::any(ctx.tf_resources(type_name).map(|(_, r)| on(&r.body)))
    }

    /// Fails `resource` at `at` with `message`, unless the setting is unknown: then the verdict
    /// depends on it, and the finding is unknown.
    pub fn report(&self, out: &mut Emitter<'_>, resource: &Resource, at: Span, message: String) {
        match (self.on, self.or) {
            (Tri::Unknown(value), _) => out.unknown_at(resource, at, value, format!("{message}, unless {}", self.unless)),
            (_, Some(or)) => out.fail(resource, at, format!("{message}, or {or}.")),
            (_, None) => out.fail(resource, at, format!("{message}.")),
        }
    }
}
