//! The built-in rules' findings: the pipeline hands over what loading reported (load errors,
//! Terraform notices) and what inline suppressions could not honour, and gets findings of the
//! rules documented in `rules/TG000`-`TG006`.

use crate::catalog::{
    tg000_parse_error as parse_error, tg001_unknown_instances as unknown_instances,
    tg002_unresolved_module as unresolved_module, tg003_invalid_configuration as invalid_configuration,
    tg004_expired_suppression as expired_suppression, tg005_unused_suppression as unused_suppression,
    tg006_malformed_suppression as malformed_suppression,
};
use tollgate_evaluate::RuleMeta;
use tollgate_model::{Finding, FindingKind, Notice, NoticeKind, SourceMap};
use tollgate_suppress::{Problem, ProblemKind};

pub use parse_error::findings as load_error_findings;

/// Why the built-in rule `id` cannot be disabled, if it cannot.
pub fn cannot_disable(id: &str) -> Option<&'static str> {
    [
        (&parse_error::META, parse_error::CANNOT_DISABLE),
        (&invalid_configuration::META, invalid_configuration::CANNOT_DISABLE),
    ]
    .into_iter()
    .find(|(meta, _)| meta.id == id)
    .map(|(_, why)| why)
}

/// Why the rule `id` cannot be suppressed inline, if it cannot: the checks whose findings mean
/// input went unchecked, and the suppression checks themselves (a suppression must not hide the
/// report about a suppression).
pub fn cannot_suppress(id: &str) -> Option<&'static str> {
    let suppression_checks = [&expired_suppression::META, &unused_suppression::META, &malformed_suppression::META];
    if suppression_checks.iter().any(|meta| meta.id == id) {
        return Some("it reports on suppressions themselves; disable it in tollgate.toml instead");
    }
    cannot_disable(id)
}

/// One finding per suppression problem, at the line the suppression is written on (its address
/// is `file:line`).
pub fn suppression_findings(problems: &[Problem]) -> Vec<Finding> {
    problems
        .iter()
        .map(|problem| {
            let meta = match problem.kind {
                ProblemKind::Expired => &expired_suppression::META,
                ProblemKind::Unused => &unused_suppression::META,
                ProblemKind::Malformed => &malformed_suppression::META,
            };
            let address = format!("{}:{}", problem.file, problem.line);
            let lines = (problem.line, problem.line);
            Finding::new(meta.rule_ref(), FindingKind::Fail, address, &problem.file, lines, &problem.message)
        })
        .collect()
}

/// The built-in rule a notice kind reports under, and whether its finding is a failure or an
/// unknown.
fn notice_rule(kind: NoticeKind) -> (&'static RuleMeta, FindingKind) {
    match kind {
        NoticeKind::UnknownInstances => (&unknown_instances::META, FindingKind::Unknown),
        NoticeKind::UnresolvedModule => (&unresolved_module::META, FindingKind::Unknown),
        NoticeKind::InvalidConfiguration => (&invalid_configuration::META, FindingKind::Fail),
    }
}

/// One finding per notice, located with `sources`.
pub fn notice_findings(notices: &[Notice], sources: &SourceMap) -> Vec<Finding> {
    notices
        .iter()
        .map(|notice| {
            let (meta, kind) = notice_rule(notice.kind);
            let lines = (notice.span.start.line, notice.span.end.line);
            let file = sources.path(notice.span.file);
            let mut finding = Finding::new(meta.rule_ref(), kind, &notice.address, file, lines, &notice.message);
            finding.environment = notice.environment.clone();
            finding.root = notice.root.clone();
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{Pos, Span};

    #[test]
    fn notices_become_located_findings() {
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
        let findings = notice_findings(&notices, &sources);
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
    }

    #[test]
    fn suppression_problems_become_findings_of_their_rule_and_those_rules_cannot_be_suppressed() {
        let problem = |kind, line| Problem { kind, file: "main.tf".into(), line, message: "why".into() };
        let problems =
            [problem(ProblemKind::Expired, 1), problem(ProblemKind::Unused, 2), problem(ProblemKind::Malformed, 3)];
        let findings = suppression_findings(&problems);
        let summary: Vec<_> =
            findings.iter().map(|f| (f.rule_id.as_str(), f.address.as_str(), f.start_line, f.end_line)).collect();
        assert_eq!(
            summary,
            vec![("TG004", "main.tf:1", 1, 1), ("TG005", "main.tf:2", 2, 2), ("TG006", "main.tf:3", 3, 3)]
        );
        for id in ["TG000", "TG003", "TG004", "TG005", "TG006"] {
            assert!(cannot_suppress(id).is_some(), "{id}");
        }
        assert!(cannot_suppress("TG101").is_none() && cannot_suppress("TG001").is_none());
    }

    #[test]
    fn only_the_checks_that_hide_unchecked_input_cannot_be_disabled() {
        assert!(cannot_disable("TG000").is_some());
        assert!(cannot_disable("TG003").is_some());
        assert!(cannot_disable("TG001").is_none());
        assert!(cannot_disable("TG101").is_none());
    }
}
