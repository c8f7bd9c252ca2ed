//! Matching suppressions to findings, and judging the suppressions themselves.

use crate::directive::Syntax;
use crate::locate::{locate, Located};
use crate::{Inputs, Problem, ProblemKind, Settings};
use tollgate_model::{Finding, Suppression, SuppressionKind};

/// Marks every finding an active suppression covers (the first one written wins) and returns the
/// suppressions that could not be honoured, sorted by file and line.
pub fn apply(findings: &mut [Finding], inputs: &Inputs<'_>, settings: &Settings) -> Vec<Problem> {
    let (mut located, mut problems) = locate(inputs);
    located.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    for suppression in &located {
        problems.extend(judge(findings, suppression, inputs, settings));
    }
    problems.sort();
    problems.dedup();
    problems
}

/// Applies one suppression unless it is expired or lacks a required reason; says what is wrong
/// with it.
fn judge(findings: &mut [Finding], suppression: &Located, inputs: &Inputs<'_>, settings: &Settings) -> Vec<Problem> {
    let problem =
        |kind, message: String| Problem { kind, file: suppression.file.clone(), line: suppression.line, message };
    let (rules, mut problems) = resolve(suppression, inputs);
    if rules.is_empty() {
        // Nothing of Tollgate's: another tool's id that no rule declares, or only bad names.
        return problems;
    }
    let directive = &suppression.directive;
    let label = &suppression.label;
    if settings.require_reason && directive.reason.is_none() {
        let how = if directive.syntax == Syntax::Tollgate { "`-- why`" } else { "the reason after the id" };
        let message = format!(
            "`{label}` gives no reason, and `require_reason = true` in tollgate.toml: it suppresses nothing; add {how}"
        );
        problems.push(problem(ProblemKind::Malformed, message));
        return problems;
    }
    if let Some(until) = directive.until.filter(|until| *until < settings.today) {
        let message = format!(
            "`{label}` expired on {until}: the findings it hid are reported again; fix them, or review the exception \
             and set a new `until` date"
        );
        problems.push(problem(ProblemKind::Expired, message));
        return problems;
    }
    for (name, ids) in rules {
        let used = mark(findings, &ids, suppression);
        if !used && directive.syntax == Syntax::Tollgate && ids.iter().all(|id| (inputs.ran)(id)) {
            let message = format!(
                "`{label}` suppresses nothing: {name} reports no finding on lines {}-{}; remove `{name}` from the \
                 comment (or put the comment on or directly above the block or attribute the finding points at)",
                suppression.scope.0, suppression.scope.1
            );
            problems.push(problem(ProblemKind::Unused, message));
        }
    }
    problems
}

/// The rule ids each name of the suppression stands for (names that stand for none are left
/// out), and the Tollgate names that are errors.
fn resolve(suppression: &Located, inputs: &Inputs<'_>) -> (Vec<(String, Vec<String>)>, Vec<Problem>) {
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for name in &suppression.directive.names {
        let ids: Vec<String> = match suppression.directive.syntax {
            Syntax::Tollgate => match inputs.catalog.find(name) {
                Some(rule) => vec![rule.id.clone()],
                None => {
                    let message = format!(
                        "`{}` names no rule `{name}` (see `tollgate rules list`); it suppresses nothing",
                        suppression.label
                    );
                    problems.push(malformed(suppression, message));
                    continue;
                }
            },
            // Another tool's id suppresses the rules that declare it as an alias.
            Syntax::Checkov | Syntax::Trivy => inputs
                .catalog
                .rules()
                .iter()
                .filter(|rule| rule.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name)))
                .map(|rule| rule.id.clone())
                .collect(),
        };
        let (protected, allowed): (Vec<String>, Vec<String>) =
            ids.into_iter().partition(|id| inputs.protected.contains_key(id));
        for id in protected {
            let why = inputs.protected.get(&id).cloned().unwrap_or_default();
            let message = format!("`{}`: {id} cannot be suppressed inline: {why}", suppression.label);
            problems.push(malformed(suppression, message));
        }
        if !allowed.is_empty() {
            rules.push((name.clone(), allowed));
        }
    }
    (rules, problems)
}

fn malformed(suppression: &Located, message: String) -> Problem {
    Problem { kind: ProblemKind::Malformed, file: suppression.file.clone(), line: suppression.line, message }
}

/// Suppresses the findings of `ids` the suppression covers; whether there were any.
fn mark(findings: &mut [Finding], ids: &[String], suppression: &Located) -> bool {
    let mut used = false;
    for finding in findings.iter_mut().filter(|f| ids.contains(&f.rule_id) && covers(suppression, f)) {
        used = true;
        if finding.suppression.is_none() {
            finding.suppression = Some(Suppression {
                kind: SuppressionKind::InSource,
                justification: suppression.directive.reason.clone(),
                location: format!("{}:{}", suppression.file, suppression.line),
                until: suppression.directive.until.map(|date| date.to_string()),
            });
        }
    }
    used
}

/// Whether the finding is located on the suppression's lines, or comes from a module called by a
/// `module` block on them.
fn covers(suppression: &Located, finding: &Finding) -> bool {
    let (start, end) = suppression.scope;
    let on_lines = |file: &str, line: u32| file == suppression.file && start <= line && line <= end;
    on_lines(&finding.file, finding.start_line) || finding.call_chain.iter().any(|site| on_lines(&site.file, site.line))
}
