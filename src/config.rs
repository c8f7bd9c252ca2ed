//! `tollgate.toml`: found by walking up from the scan root, or named with `--config`.

use crate::cli::UnknownPolicy;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tollgate_evaluate::{EvalOptions, RuleDef, PARSE_ERROR};
use tollgate_model::Severity;

pub const FILE_NAME: &str = "tollgate.toml";

/// The file as written. Unknown keys are an error naming the key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Gate threshold: info, low, medium, high (default) or critical.
    pub fail_on: Option<String>,
    /// Whether unknown results fail the gate: "report" (default) or "fail".
    pub unknown: Option<UnknownPolicy>,
    /// Rule ids or slugs that do not run.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Severity overrides, by rule id or slug.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// `[tags]`: what the required-tags rule asks for.
    #[serde(default)]
    pub tags: TagsConfig,
}

/// `[tags] required = ["owner", ...]`: the tag keys every taggable resource must carry.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagsConfig {
    /// `None` keeps the default keys (owner, environment, cost-center).
    pub required: Option<Vec<String>>,
}

/// Reads `explicit`, or the nearest `tollgate.toml` at or above `start`; no file is an empty config.
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => find_upwards(start),
    };
    let Some(path) = path else { return Ok(Config::default()) };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("invalid config {}: {e}", path.display()))
}

fn find_upwards(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

impl Config {
    pub fn fail_on(&self) -> Result<Option<Severity>, String> {
        self.fail_on.as_deref().map(|s| s.parse().map_err(|e| format!("`fail_on`: {e}"))).transpose()
    }

    /// Rule selection and severity overrides, checked against the catalog: a rule named here
    /// that does not exist is an error, not silently ignored.
    pub fn eval_options(&self, rules: &[RuleDef]) -> Result<EvalOptions, String> {
        let known = |name: &str| rules.iter().any(|r| r.meta.id == name || r.meta.slug == name);
        let mut options = EvalOptions::default();
        for name in &self.disable {
            if name == PARSE_ERROR.id || name == PARSE_ERROR.slug {
                return Err(format!(
                    "`disable`: {name} cannot be disabled: a file that cannot be parsed must not pass"
                ));
            }
            if !known(name) {
                return Err(format!("`disable`: no rule named `{name}` (see `tollgate rules list`)"));
            }
            options.disabled.insert(name.clone());
        }
        for (name, severity) in &self.severity {
            if !known(name) && name != PARSE_ERROR.id && name != PARSE_ERROR.slug {
                return Err(format!("`severity`: no rule named `{name}` (see `tollgate rules list`)"));
            }
            let severity: Severity = severity.parse().map_err(|e| format!("`severity.{name}`: {e}"))?;
            options.severity.insert(name.clone(), severity);
        }
        if let Some(required) = &self.tags.required {
            if let Some(blank) = required.iter().find(|key| key.trim().is_empty()) {
                return Err(format!("`tags.required`: `{blank}` is not a tag key"));
            }
            options.settings.required_tags = required.clone();
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_required_sets_the_rule_setting_and_defaults_stay_otherwise() {
        let none: Config = toml::from_str("").expect("empty config");
        let defaults = none.eval_options(&[]).expect("options");
        assert_eq!(defaults.settings.required_tags, ["owner", "environment", "cost-center"]);

        let config: Config = toml::from_str("[tags]\nrequired = [\"Team\", \"CostCentre\"]\n").expect("config");
        assert_eq!(config.eval_options(&[]).expect("options").settings.required_tags, ["Team", "CostCentre"]);

        let blank: Config = toml::from_str("[tags]\nrequired = [\" \"]\n").expect("config");
        assert!(blank.eval_options(&[]).is_err());
        assert!(toml::from_str::<Config>("[tags]\nrequire = []\n").is_err(), "unknown keys are errors");
    }
}
