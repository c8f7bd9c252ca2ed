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
            if options.is_disabled(meta.id, meta.slug) {
                return None;
            }
            let severity = options.severity_for(meta.id, meta.slug);
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
                root: notice.root.clone(),
                call_chain: Vec::new(),
                metadata: Default::default(),
            })
        })
        .collect()
}

/// The documentation `tollgate rules explain` prints for a built-in check.
pub fn builtin_docs(id: &str) -> Option<&'static str> {
    Some(match id {
        "TG000" => {
            "## What it does\nReports a file that could not be read or parsed (a syntax error, invalid UTF-8, a file over \
             the size limit, a YAML alias bomb), with its line and column.\n\n## Why is this bad?\nNothing in an unparsed \
             file is checked: a gate that let it pass would approve what it never saw. It cannot be disabled.\n\n\
             ## Example\n```hcl\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n```\n\n## Use instead\n\
             ```hcl\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n```"
        }
        "TG001" => {
            "## What it does\nReports a `count` or `for_each` whose value cannot be known before apply (it depends on \
             another resource's computed attribute) or without calling a provider (it depends on a data source, which \
             Terraform reads from its provider during plan). The block is checked once, with the values that \
             depend on `count.index` or `each` unknown.\n\n## Why is this bad?\nWithout apply (or the provider's answer) \
             nobody can say how many instances there will be, so neither can a gate: findings on such a block rest on what is known.\n\n\
             ## Example\n```hcl\nresource \"aws_route_table\" \"private\" {\n  count = length(data.aws_availability_zones.all.names)\n}\n```\n\n\
             ## Use instead\n```hcl\nresource \"aws_route_table\" \"private\" {\n  count = length(var.azs)\n}\n```"
        }
        "TG002" => {
            "## What it does\nReports a module call whose source could not be read: a registry or git module when \
             `terraform init` has not run (no `.terraform/modules/modules.json`), or a local path that does not exist. \
             Its outputs are unknown.\n\n## Why is this bad?\nThe resources the module creates are not checked.\n\n\
             ## Example\n```hcl\nmodule \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n```\n\n## Use instead\n\
             Run `terraform init` before the scan so the module is installed under `.terraform/modules`, or vendor it \
             as a local module."
        }
        "TG003" => {
            "## What it does\nReports configuration Terraform would reject: a cycle between locals, a variable value of \
             the wrong type, an invalid `count` or `for_each`, modules nested past the limit.\n\n## Why is this bad?\n\
             The plan would fail, and the values involved cannot be checked. It cannot be disabled.\n\n## Example\n\
             ```hcl\nlocals {\n  a = local.b\n  b = local.a\n}\n```\n\n## Use instead\n```hcl\nlocals {\n  a = \"x\"\n  b = local.a\n}\n```"
        }
        _ => return None,
    })
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
            root: Some("envs/prod".to_string()),
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
