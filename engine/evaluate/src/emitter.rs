//! How a rule reports results.

use crate::RuleMeta;
use tollgate_model::{Finding, FindingKind, Graph, Resource, Span, UnknownReason, Value};

/// Why a value reaching outside the scan root is unknown, and how to allow it.
const OUTSIDE_SCAN_ROOT: &str = "reads outside the scan root; pass --allow-outside-root to allow";

/// Collects one rule's findings, filling in its metadata and the source location.
pub struct Emitter<'g> {
    meta: &'static RuleMeta,
    graph: &'g Graph,
    findings: Vec<Finding>,
}

impl<'g> Emitter<'g> {
    pub fn new(meta: &'static RuleMeta, graph: &'g Graph) -> Self {
        Emitter { meta, graph, findings: Vec::new() }
    }

    /// `resource` fails the rule; `at` is the span to point at (an attribute's value, or the
    /// resource's own span when the problem is something missing).
    pub fn fail(&mut self, resource: &Resource, at: Span, message: impl Into<String>) {
        self.push(FindingKind::Fail, resource, at, message.into());
    }

    /// The verdict for `resource` depends on `value`, which is unknown. The message should say
    /// what would fail; the unknown expression is appended.
    pub fn unknown(&mut self, resource: &Resource, value: &Value, message: impl Into<String>) {
        self.unknown_at(resource, value.span, value, message);
    }

    /// Like [`Emitter::unknown`], but located at `at`: for a verdict about `resource` that
    /// depends on an unknown value written elsewhere (in another resource it refers to, or an
    /// account-wide setting).
    pub fn unknown_at(&mut self, resource: &Resource, at: Span, value: &Value, message: impl Into<String>) {
        let mut message = message.into();
        if let Some(u) = value.as_unknown() {
            let why = match u.reason {
                UnknownReason::Expression => "is an expression Tollgate does not evaluate yet".to_string(),
                UnknownReason::AfterApply => "is only known after apply".to_string(),
                UnknownReason::ReadDuringPlan => format!("is {}", u.provider_read().unwrap_or_default()),
                UnknownReason::UnsetVariable => "comes from a variable with no value".to_string(),
                UnknownReason::UnresolvedModule => "comes from a module that could not be read".to_string(),
                UnknownReason::OutsideScanRoot => OUTSIDE_SCAN_ROOT.to_string(),
            };
            message.push_str(&format!(" (the value `{}` {why})", short_source(&u.source)));
        }
        self.push(FindingKind::Unknown, resource, at, message);
    }

    fn push(&mut self, kind: FindingKind, resource: &Resource, at: Span, message: String) {
        // A span from another file (or an empty one) cannot locate this finding: use the resource.
        let at = if at.file == resource.span.file && at.start.line > 0 { at } else { resource.span };
        // Rules may quote values; a value Terraform marks sensitive must never reach a report.
        let message = self.graph.sensitive().scrub(&message).into_owned();
        let file = self.graph.sources().path(at.file).to_string();
        let rule = self.meta.rule_ref();
        let finding = Finding::new(rule, kind, &resource.address, file, (at.start.line, at.end.line), message);
        let finding = finding.with_origin(resource.terraform(), self.graph.sources()).with_values_set(resource.helm());
        self.findings.push(finding);
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// An expression's source for a message: a reference whole, up to 200 characters (the module
/// path before `module.eks["dev"].module.nodes.aws_iam_role.this["apps"].arn` is what locates
/// it), anything else its first line cut at 60 characters (a multi-line `jsonencode({...})`
/// would otherwise flood the message).
fn short_source(source: &str) -> String {
    let source = source.trim();
    if !source.contains(char::is_whitespace) && source.chars().count() <= 200 {
        return source.to_string();
    }
    let first = source.lines().next().unwrap_or_default();
    let cut: String = first.chars().take(60).collect();
    if cut.len() < source.len() {
        format!("{}…", cut.trim_end())
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::short_source;

    #[test]
    fn references_are_quoted_whole_and_long_expressions_cut() {
        let deep = r#"module.eks["dev"].module.nodes.aws_iam_role.this["apps"].arn"#;
        assert_eq!(short_source(deep), deep);
        let encoded =
            "jsonencode({\n  Statement = [for s in local.statements : s if s.enabled && s.effect == \"Allow\"]\n})";
        assert_eq!(short_source(encoded), "jsonencode({…");
        let long_line = format!("concat({}, var.b)", "var.a".repeat(20));
        assert_eq!(short_source(&long_line).chars().count(), 61);
    }
}
