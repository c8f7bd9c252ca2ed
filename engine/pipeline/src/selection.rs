//! Which rules run and at what severity: `tollgate.toml` (`disable`, `severity`, `[tags]`) and
//! the command line (`--rule`, `--skip-rule`, `--category`), every name resolved through the
//! catalog's one lookup to a rule id.

use crate::config::Config;
use crate::options::RuleSelection;
use tollgate_evaluate::EvalOptions;
use tollgate_model::{Catalog, Category, RuleDescriptor, RuleOrigin, Severity};

/// The rules the configuration and flags turn off among the bundled ones, before the user's
/// policies are loaded (disabled bundled Rego rules are not even compiled). Names the bundled
/// catalog does not know are left for [`eval_options`], which knows the user's policies too.
pub fn disabled_bundled(config: &Config, select: &RuleSelection, bundled: &Catalog) -> Result<EvalOptions, String> {
    resolve(config, select, bundled, false)
}

/// Rule selection and severity overrides, checked against the whole catalog: a rule named that
/// does not exist is an error, not silently ignored.
pub fn eval_options(config: &Config, select: &RuleSelection, catalog: &Catalog) -> Result<EvalOptions, String> {
    resolve(config, select, catalog, true)
}

fn resolve(config: &Config, select: &RuleSelection, catalog: &Catalog, strict: bool) -> Result<EvalOptions, String> {
    let mut options = EvalOptions::default();
    let lookup = |setting: &str, name: &str| -> Result<Option<&RuleDescriptor>, String> {
        match catalog.find(name) {
            Some(rule) => Ok(Some(rule)),
            None if strict => Err(format!("{setting}: no rule named `{name}` (see `tollgate rules list`)")),
            None => Ok(None),
        }
    };
    let disable = config.disable.iter().map(|name| ("`disable`", name));
    let skip = select.skip_rules.iter().map(|name| ("--skip-rule", name));
    for (setting, name) in disable.chain(skip) {
        let Some(rule) = lookup(setting, name)? else { continue };
        if let Some(why) = tollgate_rules::cannot_disable(&rule.id) {
            return Err(format!("{setting}: {name} cannot be disabled: {why}"));
        }
        options.disabled.insert(rule.id.clone());
    }
    let only: Vec<&RuleDescriptor> =
        select.rules.iter().filter_map(|name| lookup("--rule", name).transpose()).collect::<Result<_, _>>()?;
    let categories = select.categories.iter().map(|name| category(name)).collect::<Result<Vec<_>, _>>()?;
    for rule in catalog.rules().iter().filter(|rule| rule.origin != RuleOrigin::Builtin) {
        let unlisted = !select.rules.is_empty() && !only.iter().any(|listed| listed.id == rule.id);
        let other_category = !categories.is_empty() && !categories.contains(&rule.category);
        if unlisted || other_category {
            options.disabled.insert(rule.id.clone());
        }
    }
    for (name, severity) in &config.severity {
        let Some(rule) = lookup("`severity`", name)? else { continue };
        let severity: Severity = severity.parse().map_err(|e| format!("`severity.{name}`: {e}"))?;
        options.severity.insert(rule.id.clone(), severity);
    }
    if let Some(required) = &config.tags.required {
        if let Some(blank) = required.iter().find(|key| key.trim().is_empty()) {
            return Err(format!("`tags.required`: `{blank}` is not a tag key"));
        }
        options.settings.required_tags = required.clone();
    }
    Ok(options)
}

fn category(name: &str) -> Result<Category, String> {
    Category::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        format!("--category: `{name}` is not a category ({})", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        toml::from_str(text).expect("config")
    }

    #[test]
    fn names_resolve_to_ids_in_any_form_and_unknown_ones_are_errors() {
        let catalog = tollgate_rules::catalog();
        let options = eval_options(
            &config("disable = [\"security-group-open-admin-port\", \"tg102\"]\n[severity]\nTG103 = \"low\""),
            &RuleSelection::default(),
            &catalog,
        )
        .expect("options");
        assert!(options.is_disabled("TG101") && options.is_disabled("TG102"));
        assert_eq!(options.severity.get("TG103"), Some(&Severity::Low));
        let typo = eval_options(&config("disable = [\"TG999\"]"), &RuleSelection::default(), &catalog);
        assert!(typo.unwrap_err().contains("no rule named `TG999`"));
        assert!(disabled_bundled(&config("disable = [\"my.policy\"]"), &RuleSelection::default(), &catalog).is_ok());
        let parse_error = eval_options(&config("disable = [\"parse-error\"]"), &RuleSelection::default(), &catalog);
        assert!(parse_error.unwrap_err().contains("cannot be disabled"));
    }

    #[test]
    fn rule_and_category_flags_keep_the_builtin_checks() {
        let catalog = tollgate_rules::catalog();
        let only = RuleSelection { rules: vec!["TG101".into()], ..RuleSelection::default() };
        let options = eval_options(&Config::default(), &only, &catalog).expect("options");
        assert!(!options.is_disabled("TG101") && options.is_disabled("TG102"));
        assert!(!options.is_disabled("TG000") && !options.is_disabled("TG001"));
        let network = RuleSelection { categories: vec!["network".into()], ..RuleSelection::default() };
        let options = eval_options(&Config::default(), &network, &catalog).expect("options");
        assert!(!options.is_disabled("TG101") && options.is_disabled("TG102"));
        let bad = RuleSelection { categories: vec!["netwrk".into()], ..RuleSelection::default() };
        assert!(eval_options(&Config::default(), &bad, &catalog).is_err());
    }

    #[test]
    fn tags_required_sets_the_rule_setting_and_defaults_stay_otherwise() {
        let catalog = tollgate_rules::catalog();
        let none = RuleSelection::default();
        let defaults = eval_options(&config(""), &none, &catalog).expect("options");
        assert_eq!(defaults.settings.required_tags, ["owner", "environment", "cost-center"]);
        let set = eval_options(&config("[tags]\nrequired = [\"Team\", \"CostCentre\"]\n"), &none, &catalog);
        assert_eq!(set.expect("options").settings.required_tags, ["Team", "CostCentre"]);
        assert!(eval_options(&config("[tags]\nrequired = [\" \"]\n"), &none, &catalog).is_err());
        assert!(toml::from_str::<Config>("[tags]\nrequire = []\n").is_err(), "unknown keys are errors");
    }
}
