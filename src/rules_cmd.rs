//! `tollgate rules list` and `tollgate rules explain`: both read the catalog's descriptors.

use crate::cli::{ListFormat, RulesCommand};
use crate::EXIT_PASS;
use tollgate_model::{Catalog, RuleDescriptor};

pub fn run(cmd: &RulesCommand) -> Result<u8, String> {
    let catalog = tollgate_rules::catalog();
    match cmd {
        RulesCommand::List { format } => print!("{}", list(&catalog, *format)),
        RulesCommand::Explain { rule } => {
            let Some(found) = catalog.find(rule) else {
                return Err(format!("no rule named `{rule}` (see `tollgate rules list`)"));
            };
            print!("{}", explain(found));
        }
    }
    Ok(EXIT_PASS)
}

fn list(catalog: &Catalog, format: ListFormat) -> String {
    let rules = catalog.rules();
    match format {
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = rules
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id, "slug": m.slug, "severity": m.severity, "category": m.category,
                        "title": m.title, "references": m.references, "aliases": m.aliases, "origin": m.origin,
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&items).unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Markdown => {
            let mut out = String::from("| id | slug | severity | category | title |\n|---|---|---|---|---|\n");
            for m in rules {
                out.push_str(&format!("| {} | `{}` | {} | {} | {} |\n", m.id, m.slug, m.severity, m.category, m.title));
            }
            out
        }
        ListFormat::Text => {
            let mut out = format!("{:<7} {:<9} {:<16} {}\n", "ID", "SEVERITY", "CATEGORY", "TITLE");
            for m in rules {
                out.push_str(&format!("{:<7} {:<9} {:<16} {} ({})\n", m.id, m.severity, m.category, m.title, m.slug));
            }
            out
        }
    }
}

fn explain(rule: &RuleDescriptor) -> String {
    let mut out = format!("# {} {}: {}\n\n", rule.id, rule.slug, rule.title);
    out.push_str(&format!("Severity: {}  \nCategory: {}\n", rule.severity, rule.category));
    if !rule.references.is_empty() {
        out.push_str(&format!("References: {}\n", rule.references.join(", ")));
    }
    if !rule.aliases.is_empty() {
        out.push_str(&format!("Also known as: {}\n", rule.aliases.join(", ")));
    }
    out.push('\n');
    out.push_str(rule.docs.trim_end());
    out.push('\n');
    out
}
