//! Built-in findings for what the Terraform evaluation reports about the configuration itself
//! ([`Notice`]s): instances that cannot be known, modules that could not be read,
//! configurations Terraform would reject.

use crate::{EvalOptions, RuleMeta};
use tollgate_model::{Category, Finding, FindingKind, Notice, NoticeKind, Severity, SourceMap};

/// A `count` or `for_each` that cannot be known before apply.
pub const UNKNOWN_INSTANCES: RuleMeta = RuleMeta {
    id: "TG001",
    slug: "unknown-instances",
    title: "Instances of a block cannot be known before apply",
    severity: Severity::Medium,
    category: Category::Input,
    references: &[],
};

/// A module whose source could not be read.
pub const UNRESOLVED_MODULE: RuleMeta = RuleMeta {
    id: "TG002",
    slug: "unresolved-module",
    title: "Module source could not be read",
    severity: Severity::High,
    category: Category::Input,
    references: &[],
};

/// A configuration Terraform would reject (a cycle, a value of the wrong type, ...).
pub const INVALID_CONFIGURATION: RuleMeta = RuleMeta {
    id: "TG003",
    slug: "invalid-configuration",
    title: "Terraform would reject the configuration",
    severity: Severity::High,
    category: Category::Input,
    references: &[],
};

/// The built-in checks that are not rules of the catalog, in id order.
pub const BUILTIN_RULES: [&RuleMeta; 4] =
    [&crate::PARSE_ERROR, &UNKNOWN_INSTANCES, &UNRESOLVED_MODULE, &INVALID_CONFIGURATION];

/// The built-in check a notice kind reports under, and whether its finding is a failure or an
/// unknown.
pub fn notice_rule(kind: NoticeKind) -> (&'static RuleMeta, FindingKind) {
    match kind {
        NoticeKind::UnknownInstances => (&UNKNOWN_INSTANCES, FindingKind::Unknown),
        NoticeKind::UnresolvedModule => (&UNRESOLVED_MODULE, FindingKind::Unknown),
        NoticeKind::InvalidConfiguration => (&INVALID_CONFIGURATION, FindingKind::Fail),
    }
}

/// One finding per notice (unless its check is disabled), located with `sources`.
pub fn notice_findings(notices: &[Notice], sources: &SourceMap, options: &EvalOptions) -> Vec<Finding> {
    notices
        .iter()
        .filter_map(|notice| {
            let (meta, kind) = notice_rule(notice.kind);
            if options.disabled.contains(meta.id) || options.disabled.contains(meta.slug) {
                return None;
            }
            let severity = options.severity.get(meta.id).or_else(|| options.severity.get(meta.slug)).copied();
            let start_line = notice.span.start.line.max(1);
            Some(Finding {
                rule_id: meta.id.to_string(),
                slug: meta.slug.to_string(),
                severity: severity.unwrap_or(meta.severity),
                category: meta.category,
                kind,
                address: notice.address.clone(),
                file: sources.path(notice.span.file).to_string(),
                start_line,
                end_line: notice.span.end.line.max(start_line),
                message: notice.message.clone(),
                environment: notice.environment.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{Pos, Span};

    #[test]
    fn notices_become_located_findings_unless_disabled() {
        let mut sources = SourceMap::new();
        let file = sources.add("main.tf", "resource \"a\" \"b\" {\n  count = var.n\n}\n");
        let notice = |kind| Notice {
            kind,
            address: "a.b".to_string(),
            span: Span::new(file, Pos::new(2, 11), Pos::new(2, 15)),
            message: "why".to_string(),
            environment: Some("prod".to_string()),
        };
        let notices = [notice(NoticeKind::UnknownInstances), notice(NoticeKind::InvalidConfiguration)];
        let findings = notice_findings(&notices, &sources, &EvalOptions::default());
        let summary: Vec<_> = findings
            .iter()
            .map(|f| (f.rule_id.as_str(), f.kind, f.file.as_str(), f.start_line, f.environment.as_deref()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("TG001", FindingKind::Unknown, "main.tf", 2, Some("prod")),
                ("TG003", FindingKind::Fail, "main.tf", 2, Some("prod")),
            ]
        );
        let mut options = EvalOptions::default();
        options.disabled.insert("unknown-instances".to_string());
        assert_eq!(notice_findings(&notices, &sources, &options).len(), 1);
    }
}
