//! `tollgate rules list` and `tollgate rules explain`.

use crate::cli::{ListFormat, RulesCommand};
use crate::EXIT_PASS;
use tollgate_evaluate::{RuleDef, RuleMeta, PARSE_ERROR};

pub fn run(cmd: &RulesCommand) -> Result<u8, String> {
    let rules = tollgate_rules::all();
    match cmd {
        RulesCommand::List { format } => print!("{}", list(&rules, *format)),
        RulesCommand::Explain { rule } => {
            let found = rules.iter().find(|r| r.meta.id.eq_ignore_ascii_case(rule) || r.meta.slug == rule.as_str());
            let Some(found) = found else {
                return Err(format!("no rule named `{rule}` (see `tollgate rules list`)"));
            };
            print!("{}", explain(found));
        }
    }
    Ok(EXIT_PASS)
}

fn list(rules: &[RuleDef], format: ListFormat) -> String {
    let metas: Vec<&RuleMeta> = std::iter::once(&PARSE_ERROR).chain(rules.iter().map(|r| r.meta)).collect();
    match format {
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = metas
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id, "slug": m.slug, "severity": m.severity, "category": m.category,
                        "title": m.title, "references": m.references,
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&items).unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Markdown => {
            let mut out = String::from("| id | slug | severity | category | title |\n|---|---|---|---|---|\n");
            for m in metas {
                out.push_str(&format!("| {} | `{}` | {} | {} | {} |\n", m.id, m.slug, m.severity, m.category, m.title));
            }
            out
        }
        ListFormat::Text => {
            let mut out = format!("{:<7} {:<9} {:<16} {}\n", "ID", "SEVERITY", "CATEGORY", "TITLE");
            for m in metas {
                out.push_str(&format!("{:<7} {:<9} {:<16} {} ({})\n", m.id, m.severity, m.category, m.title, m.slug));
            }
            out
        }
    }
}

fn explain(rule: &RuleDef) -> String {
    let m = rule.meta;
    let mut out = format!("# {} {}: {}\n\n", m.id, m.slug, m.title);
    out.push_str(&format!("Severity: {}  \nCategory: {}\n", m.severity, m.category));
    if !m.references.is_empty() {
        out.push_str(&format!("References: {}\n", m.references.join(", ")));
    }
    out.push('\n');
    out.push_str(rule.docs.trim_end());
    out.push('\n');
    out
}
