//! `[[ignore]]` in `tollgate.toml`: findings of some rules (or all) in files matching globs are
//! suppressed with the entry's reason (`Suppression { kind: External, .. }`): kept in every
//! report, never blocking. A finding already suppressed (an inline comment next to the code) keeps
//! its own suppression. Globs are relative to the configuration file's directory, so the file
//! means the same thing wherever `tollgate` runs.

use crate::config::{Config, IgnoreConfig};
use crate::paths;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::PathBuf;
use tollgate_model::{Catalog, Finding, Suppression, SuppressionKind};

/// The compiled `[[ignore]]` entries of a configuration.
#[derive(Debug, Default)]
pub struct Ignores {
    entries: Vec<Entry>,
    /// The globs' base: the configuration file's directory.
    dir: PathBuf,
    /// The configuration file, as suppressions name it.
    location: String,
}

#[derive(Debug)]
struct Entry {
    globs: GlobSet,
    patterns: Vec<String>,
    /// Rule ids; empty: every rule that may be suppressed.
    rules: Vec<String>,
    reason: Option<String>,
}

/// Compiles the entries, resolving rule names through the catalog: an empty `paths`, a bad
/// glob, an unknown rule or a rule that must not be silenced is an error naming the entry.
pub fn compile(config: &Config, catalog: &Catalog) -> Result<Ignores, String> {
    let entries = config
        .ignores
        .iter()
        .enumerate()
        .map(|(index, entry)| compile_entry(entry, catalog).map_err(|e| format!("`[[ignore]]` {}: {e}", index + 1)))
        .collect::<Result<_, _>>()?;
    let location = config.file.as_ref().map_or_else(
        || crate::config::FILE_NAME.to_string(),
        |file| paths::relative_to(&file.to_string_lossy(), &std::env::current_dir().unwrap_or_default()),
    );
    Ok(Ignores { entries, dir: config.dir.clone().unwrap_or_default(), location })
}

fn compile_entry(entry: &IgnoreConfig, catalog: &Catalog) -> Result<Entry, String> {
    if entry.paths.is_empty() {
        return Err("`paths` is empty: name at least one glob (`**` for every file)".to_string());
    }
    let mut globs = GlobSetBuilder::new();
    for pattern in &entry.paths {
        for glob in globs_of(pattern) {
            let glob = GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("`{pattern}` is not a glob: {e}"))?;
            globs.add(glob);
        }
    }
    let globs = globs.build().map_err(|e| e.to_string())?;
    let rules = entry
        .rules
        .iter()
        .map(|name| {
            let rule =
                catalog.find(name).ok_or_else(|| format!("no rule named `{name}` (see `tollgate rules list`)"))?;
            match tollgate_rules::cannot_disable(&rule.id) {
                Some(why) => Err(format!("{name} cannot be ignored: {why}")),
                None => Ok(rule.id.clone()),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(Entry { globs, patterns: entry.paths.clone(), rules, reason: entry.reason.clone() })
}

/// A pattern as globs: `./` and a final `/` dropped, and a directory's name also matching
/// everything under it (`legacy` is `legacy` and `legacy/**`), as in `.gitignore`.
fn globs_of(pattern: &str) -> Vec<String> {
    let mut pattern = pattern.trim();
    while let Some(rest) = pattern.strip_prefix("./") {
        pattern = rest;
    }
    let pattern = pattern.trim_end_matches('/');
    if pattern.is_empty() || pattern.ends_with("**") {
        return vec![if pattern.is_empty() { "**".to_string() } else { pattern.to_string() }];
    }
    vec![pattern.to_string(), format!("{pattern}/**")]
}

impl Entry {
    fn covers(&self, finding: &Finding, file: &str) -> bool {
        let rule_listed = if self.rules.is_empty() {
            tollgate_rules::cannot_disable(&finding.rule_id).is_none()
        } else {
            self.rules.contains(&finding.rule_id)
        };
        rule_listed && self.globs.is_match(file)
    }
}

impl Ignores {
    /// Suppresses the findings an entry covers (the first entry that does gives the reason) and
    /// returns a note for each entry that covered nothing, so stale ones get cleaned up.
    pub fn apply(&self, findings: &mut [Finding]) -> Vec<String> {
        let mut used = vec![false; self.entries.len()];
        for finding in findings.iter_mut().filter(|f| f.suppression.is_none() && !f.file.is_empty()) {
            let file = paths::relative_to(&finding.file, &self.dir);
            let Some(at) = self.entries.iter().position(|entry| entry.covers(finding, &file)) else { continue };
            used[at] = true;
            finding.suppression = Some(Suppression {
                kind: SuppressionKind::External,
                justification: self.entries[at].reason.clone(),
                location: self.location.clone(),
                until: None,
            });
        }
        self.entries
            .iter()
            .zip(used)
            .enumerate()
            .filter(|(_, (_, used))| !used)
            .map(|(index, (entry, _))| {
                format!(
                    "note: {}: `[[ignore]]` {} (paths {}) matched no finding; remove it or correct its globs",
                    self.location,
                    index + 1,
                    entry.patterns.join(", ")
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{Category, FindingKind, RuleRef, Severity};

    fn ignores(text: &str) -> Result<Ignores, String> {
        let mut config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.dir = std::env::current_dir().ok();
        compile(&config, &tollgate_rules::catalog())
    }

    fn finding(rule: &str, file: &str) -> Finding {
        let rule = RuleRef { id: rule, slug: "slug", severity: Severity::High, category: Category::Network };
        Finding::new(rule, FindingKind::Fail, "aws_security_group.a", file, (1, 2), "open")
    }

    fn suppressed(ignores: &Ignores, rule: &str, file: &str) -> bool {
        let mut findings = vec![finding(rule, file)];
        ignores.apply(&mut findings);
        findings[0].suppression.is_some()
    }

    #[test]
    fn globs_match_relative_paths_with_star_inside_one_segment() {
        let set = ignores("[[ignore]]\npaths = [\"legacy/**\", \"modules/*/test.tf\", \"./vendor/\"]").expect("ok");
        assert!(suppressed(&set, "TG101", "legacy/net/main.tf"));
        assert!(suppressed(&set, "TG101", "modules/vpc/test.tf"));
        assert!(!suppressed(&set, "TG101", "modules/vpc/deep/test.tf"), "`*` stays within a segment");
        assert!(suppressed(&set, "TG101", "vendor/x/y.yaml"), "a directory covers what is under it");
        assert!(!suppressed(&set, "TG101", "infra/main.tf"));
        assert!(!suppressed(&set, "TG101", "legacyx/main.tf"));
    }

    #[test]
    fn rules_narrow_an_entry_and_the_reason_becomes_the_justification() {
        let text =
            "[[ignore]]\npaths = [\"legacy\"]\nrules = [\"security-group-open-admin-port\"]\nreason = \"EOL Q3\"";
        let set = ignores(text).expect("ok");
        assert!(!suppressed(&set, "TG102", "legacy/main.tf"));
        let mut findings = vec![finding("TG101", "legacy/main.tf")];
        assert!(set.apply(&mut findings).is_empty(), "a used entry gives no note");
        let suppression = findings[0].suppression.clone().expect("suppressed");
        assert_eq!(suppression.kind, SuppressionKind::External);
        assert_eq!(suppression.justification.as_deref(), Some("EOL Q3"));
    }

    #[test]
    fn parse_errors_stay_blocking_and_inline_suppressions_are_kept() {
        let set = ignores("[[ignore]]\npaths = [\"**\"]").expect("ok");
        assert!(!suppressed(&set, "TG000", "broken.tf"), "a file that cannot be parsed must not pass");
        assert!(ignores("[[ignore]]\npaths = [\"**\"]\nrules = [\"TG000\"]")
            .unwrap_err()
            .contains("cannot be ignored"));
        let mut inline = finding("TG101", "main.tf");
        let location = "main.tf:3".to_string();
        let mine = Suppression { kind: SuppressionKind::InSource, justification: None, location, until: None };
        inline.suppression = Some(mine.clone());
        let mut findings = vec![inline];
        set.apply(&mut findings);
        assert_eq!(findings[0].suppression, Some(mine));
    }

    #[test]
    fn bad_entries_are_errors_naming_them_and_unused_ones_are_noted() {
        assert!(ignores("[[ignore]]\npaths = []").unwrap_err().starts_with("`[[ignore]]` 1: `paths` is empty"));
        assert!(ignores("[[ignore]]\npaths = [\"a[\"]").unwrap_err().contains("is not a glob"));
        assert!(ignores("[[ignore]]\npaths = [\"a\"]\nrules = [\"TG999\"]").unwrap_err().contains("TG999"));
        assert!(ignores("[[ignore]]\npaths = [\"a\"]\nrule = [\"TG101\"]").is_err(), "unknown keys are errors");
        let set = ignores("[[ignore]]\npaths = [\"gone/**\"]").expect("ok");
        let notes = set.apply(&mut [finding("TG101", "main.tf")]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("`[[ignore]]` 1 (paths gone/**) matched no finding"), "{notes:?}");
    }
}
