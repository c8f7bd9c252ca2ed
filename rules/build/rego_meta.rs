//! The metadata of a bundled Rego rule, read at build time from its package's `# METADATA` block
//! (OPA's annotation format, the same one Trivy checks use):
//!
//! ```rego
//! # METADATA
//! # title: RDS instance admits the internet on its database port
//! # description: |
//! #   ## What it does
//! #   ...
//! # custom:
//! #   id: TG301
//! #   slug: rds-port-open-to-internet
//! #   severity: high
//! #   category: network
//! #   references: ["CWE-284"]
//! package tollgate.rules.rds_port_open_to_internet
//! ```
//!
//! Anything missing or invalid stops the build with a message naming the file and the key.

use serde_json::Value as Json;
use std::fmt::Write as _;

/// What a Rego rule folder declares; becomes a `RuleMeta` and the rule's documentation.
pub struct RegoMeta {
    pub id: String,
    pub slug: String,
    pub title: String,
    /// The `tollgate_model::Severity` variant (`High`).
    pub severity: &'static str,
    /// The `tollgate_model::Category` variant (`LeastPrivilege`).
    pub category: &'static str,
    pub references: Vec<String>,
    /// `custom.aliases`: other tools' ids for the same check.
    pub aliases: Vec<String>,
    /// The `description`: markdown, `## What it does` ... `## Use instead`.
    pub docs: String,
}

/// `tollgate_model::Severity`: the name in metadata (any case) and the variant.
const SEVERITIES: &[(&str, &str)] =
    &[("critical", "Critical"), ("high", "High"), ("medium", "Medium"), ("low", "Low"), ("info", "Info")];

/// `tollgate_model::Category` (`Category::as_str`, or the variant name): the categories a bundled
/// rule may declare. A category added to the model is added here; the generated code names the
/// variant, so a variant that no longer exists fails the build too.
const CATEGORIES: &[(&str, &str)] = &[
    ("least-privilege", "LeastPrivilege"),
    ("encryption", "Encryption"),
    ("network", "Network"),
    ("workload", "Workload"),
    ("quota", "Quota"),
    ("tagging", "Tagging"),
    ("observability", "Observability"),
    ("cost", "Cost"),
];

/// Reads the package `# METADATA` of the policy in rule folder `folder` (`TG301-some-slug`).
pub fn read(folder: &str, text: &str) -> Result<RegoMeta, String> {
    let (yaml, package) = package_metadata(text)?;
    let raw: Json = serde_saphyr::from_str(&yaml).map_err(|e| {
        format!("the package # METADATA is not valid YAML: {}", e.to_string().lines().next().unwrap_or(""))
    })?;
    let text_at = |value: Option<&Json>, key: &str| -> Result<String, String> {
        match value.and_then(Json::as_str).map(str::trim) {
            Some(text) if !text.is_empty() => Ok(text.to_string()),
            _ => Err(format!("the package # METADATA needs a non-empty `{key}`")),
        }
    };
    let custom = raw.get("custom");
    let field = |key: &str| text_at(custom.and_then(|c| c.get(key)), &format!("custom.{key}"));
    let (id, slug) = (field("id")?, field("slug")?);
    if folder != format!("{id}-{slug}") {
        return Err(format!("the folder must be named `{id}-{slug}` after custom.id and custom.slug"));
    }
    let expected_package = format!("tollgate.rules.{}", slug.replace('-', "_"));
    if package != expected_package {
        return Err(format!("the package must be `{expected_package}` (after custom.slug), not `{package}`"));
    }
    let severity_name = field("severity")?;
    let severity = lookup(SEVERITIES, &severity_name)
        .ok_or_else(|| format!("custom.severity `{severity_name}` is not one of critical, high, medium, low, info"))?;
    let category_name = field("category")?;
    let category = lookup(CATEGORIES, &category_name).ok_or_else(|| {
        let names: Vec<&str> = CATEGORIES.iter().map(|(name, _)| *name).collect();
        format!("custom.category `{category_name}` is not one of {}", names.join(", "))
    })?;
    let strings = |key: &str| -> Result<Vec<String>, String> {
        let error = || format!("custom.{key} must be a list of strings");
        match custom.and_then(|c| c.get(key)) {
            None => Ok(Vec::new()),
            Some(Json::Array(items)) => {
                items.iter().map(|item| item.as_str().map(str::to_string)).collect::<Option<Vec<_>>>().ok_or_else(error)
            }
            Some(_) => Err(error()),
        }
    };
    let (references, aliases) = (strings("references")?, strings("aliases")?);
    Ok(RegoMeta {
        id,
        slug,
        title: text_at(raw.get("title"), "title")?,
        severity,
        category,
        references,
        aliases,
        docs: text_at(raw.get("description"), "description")? + "\n",
    })
}

impl RegoMeta {
    /// The body of the rule's generated module: `META` and the embedded `POLICY`.
    pub fn render_module(&self, policy_file: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "    pub const META: tollgate_evaluate::RuleMeta = tollgate_evaluate::RuleMeta {{\n        \
             id: {:?},\n        slug: {:?},\n        title: {:?},\n        \
             severity: tollgate_model::Severity::{},\n        category: tollgate_model::Category::{},\n        \
             references: &{:?},\n        aliases: &{:?},\n    }};",
            self.id, self.slug, self.title, self.severity, self.category, self.references, self.aliases
        );
        let _ = writeln!(out, "    pub const POLICY: &str = include_str!({policy_file:?});");
        out
    }
}

fn lookup(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table.iter().find(|(key, variant)| key.eq_ignore_ascii_case(name) || *variant == name).map(|(_, v)| *v)
}

/// The YAML of the `# METADATA` comment block right before the `package` line, and the package.
fn package_metadata(text: &str) -> Result<(String, String), String> {
    let lines: Vec<&str> = text.lines().collect();
    let package_line = lines
        .iter()
        .position(|l| l.trim_start().starts_with("package "))
        .ok_or("no `package` line (a bundled rule is `package tollgate.rules.<slug_with_underscores>`)")?;
    let package = lines[package_line].trim_start().trim_start_matches("package ").trim().to_string();
    // The comment lines directly above the package line, the first of them `# METADATA`.
    let start = lines[..package_line].iter().rposition(|l| !l.trim_start().starts_with('#')).map_or(0, |i| i + 1);
    let block = &lines[start..package_line];
    let Some(header) = block.iter().position(|l| l.trim_start().trim_start_matches('#').trim() == "METADATA") else {
        return Err("no `# METADATA` comment block directly above the package line".into());
    };
    let mut yaml = String::new();
    for line in &block[header + 1..] {
        let body = line.trim_start().strip_prefix('#').unwrap_or_default();
        // `# key: value` -> `key: value`: OPA expects one space after `#`.
        yaml.push_str(body.strip_prefix(' ').unwrap_or(body));
        yaml.push('\n');
    }
    Ok((yaml, package))
}
