//! `.helmignore` as Helm applies it: one rule a line, `#` comments, `!` negation, a trailing `/` for
//! directories only, a leading `/` anchoring at the chart root, rules without `/` matched against the
//! base name; Go's `path.Match` globbing (no `**`). Dotfiles under `templates/` are always ignored.

use crate::glob::matches;

#[derive(Debug, Clone)]
struct Rule {
    pattern: String,
    negate: bool,
    directories_only: bool,
    scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Scope {
    /// A leading `/`: the whole path from the chart root.
    Anchored,
    /// The pattern has a `/`: the whole path.
    Path,
    /// No `/`: the base name only.
    BaseName,
}

#[derive(Debug, Clone, Default)]
pub struct IgnoreRules {
    rules: Vec<Rule>,
}

impl IgnoreRules {
    /// The rules of a `.helmignore` text, after Helm's default (`templates/.?*`).
    pub fn parse(text: &str) -> IgnoreRules {
        let mut rules = IgnoreRules::default();
        rules.add("templates/.?*");
        for line in text.lines() {
            rules.add(line);
        }
        rules
    }

    fn add(&mut self, line: &str) {
        let mut rule = line.trim();
        if rule.is_empty() || rule.starts_with('#') || rule == "!" {
            return;
        }
        let negate = rule.starts_with('!');
        rule = rule.trim_start_matches('!');
        let directories_only = rule.ends_with('/');
        rule = rule.trim_end_matches('/');
        let scope = if rule.starts_with('/') {
            Scope::Anchored
        } else if rule.contains('/') {
            Scope::Path
        } else {
            Scope::BaseName
        };
        let pattern = rule.trim_start_matches('/').to_string();
        self.rules.push(Rule { pattern, negate, directories_only, scope });
    }

    /// Whether the chart-relative `path` is ignored. Helm's negation is peculiar: a `!rule` that does not
    /// match ignores the path, and one that matches lets the later rules decide.
    pub fn is_ignored(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." {
            return false;
        }
        for rule in &self.rules {
            if rule.negate {
                if (rule.directories_only && !is_dir) || !rule.matches(path) {
                    return true;
                }
                continue;
            }
            if rule.directories_only && !is_dir {
                continue;
            }
            if rule.matches(path) {
                return true;
            }
        }
        false
    }
}

impl Rule {
    fn matches(&self, path: &str) -> bool {
        match self.scope {
            Scope::Anchored | Scope::Path => matches(&self.pattern, path, false),
            Scope::BaseName => matches(&self.pattern, path.rsplit('/').next().unwrap_or(path), false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IgnoreRules;

    #[test]
    fn base_name_path_and_directory_rules() {
        let rules = IgnoreRules::parse("# comment\n*.md\nsecrets/\n/top.txt\nci/*.yaml\n");
        assert!(rules.is_ignored("README.md", false));
        assert!(rules.is_ignored("docs/notes.md", false));
        assert!(rules.is_ignored("secrets", true));
        assert!(!rules.is_ignored("secrets", false));
        assert!(rules.is_ignored("top.txt", false));
        assert!(rules.is_ignored("ci/dev.yaml", false));
        assert!(!rules.is_ignored("values.yaml", false));
    }

    #[test]
    fn dotfiles_under_templates_are_always_ignored() {
        let rules = IgnoreRules::parse("");
        assert!(rules.is_ignored("templates/.swp", false));
        assert!(!rules.is_ignored("templates/a.yaml", false));
    }
}
