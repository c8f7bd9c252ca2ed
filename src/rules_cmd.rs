//! `tollgate rules list` and `tollgate rules explain`.

use crate::cli::{ListFormat, RulesCommand};
use crate::EXIT_PASS;
use tollgate_evaluate::{builtin_docs, RuleDef, RuleMeta, BUILTIN_RULES};

pub fn run(cmd: &RulesCommand) -> Result<u8, String> {
    let rules = tollgate_rules::all();
    match cmd {
        RulesCommand::List { format } => print!("{}", list(&rules, *format)),
        RulesCommand::Explain { rule } => {
            let named = |m: &RuleMeta| m.id.eq_ignore_ascii_case(rule) || m.slug == rule.as_str();
            let builtin = BUILTIN_RULES.iter().find(|m| named(m)).and_then(|m| Some((*m, builtin_docs(m.id)?)));
            let found = rules.iter().find(|r| named(r.meta)).map(|r| (r.meta, r.docs)).or(builtin);
            let Some((meta, docs)) = found else {
                return Err(format!("no rule named `{rule}` (see `tollgate rules list`)"));
            };
            print!("{}", explain(meta, docs));
        }
    }
    Ok(EXIT_PASS)
}

fn list(rules: &[RuleDef], format: ListFormat) -> String {
    let metas: Vec<&RuleMeta> = BUILTIN_RULES.into_iter().chain(rules.iter().map(|r| r.meta)).collect();
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

fn explain(m: &RuleMeta, docs: &str) -> String {
    let mut out = format!("# {} {}: {}\n\n", m.id, m.slug, m.title);
    out.push_str(&format!("Severity: {}  \nCategory: {}\n", m.severity, m.category));
    if !m.references.is_empty() {
        out.push_str(&format!("References: {}\n", m.references.join(", ")));
    }
    out.push('\n');
    out.push_str(docs.trim_end());
    out.push('\n');
    out
}
