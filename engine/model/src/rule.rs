//! What a rule is, whatever it is written in: one [`RuleDescriptor`] per rule (native, bundled
//! Rego, built-in, or the user's policy), gathered in a [`Catalog`] with the one lookup by id, slug
//! or alias that every command and report uses.

use crate::{Category, Severity};
use serde::Serialize;
use std::collections::HashMap;

/// How a rule is implemented. Reports and docs read every kind the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleOrigin {
    /// A Rust check in `rules/<ID>-<slug>/rule.rs`.
    Native,
    /// A bundled Rego policy in `rules/<ID>-<slug>/policy.rego`.
    Rego,
    /// A check the pipeline itself makes (files that cannot be parsed, modules that cannot be
    /// read): documented in `rules/<ID>-<slug>/rule.rs` like any other rule.
    Builtin,
    /// A rule of the user's own Rego policies (`--policy`).
    Policy,
}

impl RuleOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleOrigin::Native => "native",
            RuleOrigin::Rego => "rego",
            RuleOrigin::Builtin => "builtin",
            RuleOrigin::Policy => "policy",
        }
    }
}

/// Everything known about one rule: what SARIF, `rules list/explain` and the docs print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleDescriptor {
    /// Stable id, never reused for another meaning (`TG101`; a user's policy: `custom.id` or
    /// `<package>.<rule>`).
    pub id: String,
    /// Readable name (`security-group-open-admin-port`).
    pub slug: String,
    /// One line: what is wrong.
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    pub origin: RuleOrigin,
    /// Markdown: what it does, why it matters, a failing and a fixed example (may be empty for a
    /// user's policy without a description).
    pub docs: String,
    /// Other tools' ids for the same check (`CKV_AWS_24`, `AVD-AWS-0107`): their skip comments
    /// suppress this rule, and lookups by them find it.
    pub aliases: Vec<String>,
    /// CWE and CIS references (`CWE-284`).
    pub references: Vec<String>,
    /// Where the rule is defined (`rules/TG101-security-group-open-admin-port/rule.rs`,
    /// `policy/deny.rego:12`).
    pub source: String,
    /// False for the checks whose failure must never be hidden (a file that cannot be parsed).
    pub can_disable: bool,
}

impl RuleDescriptor {
    /// A rule with no documentation, aliases or references yet, that can be disabled.
    pub fn new(id: &str, slug: &str, title: &str, severity: Severity, category: Category, origin: RuleOrigin) -> Self {
        RuleDescriptor {
            id: id.to_string(),
            slug: slug.to_string(),
            title: title.to_string(),
            severity,
            category,
            origin,
            docs: String::new(),
            aliases: Vec::new(),
            references: Vec::new(),
            source: String::new(),
            can_disable: true,
        }
    }

    /// The rule's documentation, or its title when it has none.
    pub fn docs_or_title(&self) -> &str {
        if self.docs.trim().is_empty() {
            &self.title
        } else {
            &self.docs
        }
    }
}

/// Every rule of a scan, sorted by id, with one lookup by id, slug or alias (any case).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    rules: Vec<RuleDescriptor>,
    by_name: HashMap<String, usize>,
}

impl Catalog {
    /// The catalog of `rules`; a later rule with an id already present is left out (the bundled
    /// description of a rule wins over what its policy file says again).
    pub fn new(rules: impl IntoIterator<Item = RuleDescriptor>) -> Self {
        let mut unique: Vec<RuleDescriptor> = Vec::new();
        let mut ids = std::collections::HashSet::new();
        for rule in rules {
            if ids.insert(rule.id.to_ascii_lowercase()) {
                unique.push(rule);
            }
        }
        unique.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_name = HashMap::new();
        // Ids first, then slugs, then aliases: a name that is one rule's id never finds another.
        for (index, rule) in unique.iter().enumerate() {
            by_name.insert(rule.id.to_ascii_lowercase(), index);
        }
        for (index, rule) in unique.iter().enumerate() {
            let names = std::iter::once(&rule.slug).chain(&rule.aliases);
            for name in names {
                by_name.entry(name.to_ascii_lowercase()).or_insert(index);
            }
        }
        Catalog { rules: unique, by_name }
    }

    /// The rule with this id, slug or alias, in any case.
    pub fn find(&self, name: &str) -> Option<&RuleDescriptor> {
        self.index_of(name).map(|index| &self.rules[index])
    }

    /// The position of the rule named `name` in [`Catalog::rules`] (SARIF's `ruleIndex`).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.to_ascii_lowercase()).copied()
    }

    /// The canonical id of the rule named `name`.
    pub fn id_of(&self, name: &str) -> Option<&str> {
        self.find(name).map(|rule| rule.id.as_str())
    }

    /// Every rule, sorted by id.
    pub fn rules(&self) -> &[RuleDescriptor] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, slug: &str, aliases: &[&str]) -> RuleDescriptor {
        let title = format!("{id} title");
        let aliases = aliases.iter().map(|a| a.to_string()).collect();
        RuleDescriptor {
            aliases,
            ..RuleDescriptor::new(id, slug, &title, Severity::High, Category::Network, RuleOrigin::Native)
        }
    }

    #[test]
    fn one_lookup_by_id_slug_or_alias_in_any_case() {
        let catalog = Catalog::new([rule("TG102", "b", &[]), rule("TG101", "open-port", &["CKV_AWS_24"])]);
        assert_eq!(catalog.rules()[0].id, "TG101", "sorted by id");
        for name in ["TG101", "tg101", "open-port", "OPEN-PORT", "ckv_aws_24"] {
            assert_eq!(catalog.id_of(name), Some("TG101"), "{name}");
        }
        assert_eq!(catalog.index_of("b"), Some(1));
        assert_eq!(catalog.find("TG999"), None);
    }

    #[test]
    fn an_id_wins_over_another_rules_slug_and_duplicates_keep_the_first() {
        let catalog = Catalog::new([rule("x", "y", &[]), rule("y", "z", &[]), rule("x", "other", &[])]);
        assert_eq!(catalog.id_of("y"), Some("y"));
        assert_eq!(catalog.len(), 2);
        assert_eq!(catalog.find("x").map(|r| r.slug.as_str()), Some("y"));
    }
}
