//! Which rules run and at what severity: `tollgate.toml` (`disable`, `rules`, `categories`,
//! `severity`, `[tags]`) and the command line (`--rule`, `--skip-rule`, `--category`), every name
//! resolved through the catalog's one lookup to a rule id. They combine, flags winning:
//! `--skip-rule` adds to `disable`, a rule named with `--rule` runs even if `disable` lists it,
//! and `--rule`/`--category` replace `rules`/`categories`.

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
    let only = only_rules(config, select, &lookup)?;
    let named_by_flag = |id: &str| select.rules.iter().any(|name| catalog.find(name).is_some_and(|r| r.id == id));
    let disable = config.disable.iter().map(|name| ("`disable`", name));
    let skip = select.skip_rules.iter().map(|name| ("--skip-rule", name));
    for (setting, name) in disable.chain(skip) {
        let Some(rule) = lookup(setting, name)? else { continue };
        if let Some(why) = tollgate_rules::cannot_disable(&rule.id) {
            return Err(format!("{setting}: {name} cannot be disabled: {why}"));
        }
        // A rule named with --rule runs even when the configuration disables it: flags win.
        if setting == "`disable`" && named_by_flag(&rule.id) {
            continue;
        }
        options.disabled.insert(rule.id.clone());
    }
    for rule in catalog.rules().iter().filter(|rule| rule.origin != RuleOrigin::Builtin) {
        if !only.admits(rule) {
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
    options.settings.aws_quotas = config.quotas.aws_values()?;
    Ok(options)
}

/// "Run only these": rule ids and categories (both empty: every rule).
struct Only {
    /// `None`: no rule list was given.
    rules: Option<Vec<String>>,
    categories: Vec<Category>,
}

impl Only {
    fn admits(&self, rule: &RuleDescriptor) -> bool {
        let listed = self.rules.as_ref().is_none_or(|ids| ids.contains(&rule.id));
        listed && (self.categories.is_empty() || self.categories.contains(&rule.category))
    }
}

/// Finds a rule by the name a setting gives: `Ok(None)` when unknown names are left for later.
type Lookup<'c> = dyn Fn(&str, &str) -> Result<Option<&'c RuleDescriptor>, String> + 'c;

/// `--rule`/`--category` when either is given, else `rules`/`categories` of the configuration:
/// a selection on the command line replaces the file's.
fn only_rules<'c>(config: &Config, select: &RuleSelection, lookup: &Lookup<'c>) -> Result<Only, String> {
    let from_flags = !select.rules.is_empty() || !select.categories.is_empty();
    let (rules, categories, rule_setting, category_setting) = if from_flags {
        (&select.rules, &select.categories, "--rule", "--category")
    } else {
        (&config.rules, &config.categories, "`rules`", "`categories`")
    };
    let ids = rules
        .iter()
        .filter_map(|name| lookup(rule_setting, name).transpose())
        .map(|rule| rule.map(|rule| rule.id.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let categories = categories.iter().map(|name| category(category_setting, name)).collect::<Result<Vec<_>, _>>()?;
    Ok(Only { rules: (!rules.is_empty()).then_some(ids), categories })
}

fn category(setting: &str, name: &str) -> Result<Category, String> {
    Category::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        format!("{setting}: `{name}` is not a category ({})", names.join(", "))
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
    fn configured_rules_and_categories_select_and_flags_replace_them() {
        let catalog = tollgate_rules::catalog();
        let none = RuleSelection::default();
        let network = config("categories = [\"Network\"]\ndisable = [\"TG101\"]");
        let options = eval_options(&network, &none, &catalog).expect("options");
        assert!(options.is_disabled("TG101") && options.is_disabled("TG102") && !options.is_disabled("TG000"));
        assert!(catalog.rules().iter().any(|r| r.category == Category::Network && !options.is_disabled(&r.id)));
        let only = config("rules = [\"security-group-open-admin-port\", \"TG102\"]");
        let options = eval_options(&only, &none, &catalog).expect("options");
        assert!(!options.is_disabled("TG101") && !options.is_disabled("TG102") && options.is_disabled("TG103"));
        // --rule replaces the file's selection and beats its `disable`.
        let flag = RuleSelection { rules: vec!["TG101".into()], ..RuleSelection::default() };
        let options = eval_options(&network, &flag, &catalog).expect("options");
        assert!(!options.is_disabled("TG101") && options.is_disabled("TG102"));
        // --skip-rule adds to `disable`.
        let skip = RuleSelection { skip_rules: vec!["TG102".into()], ..RuleSelection::default() };
        let options = eval_options(&only, &skip, &catalog).expect("options");
        assert!(!options.is_disabled("TG101") && options.is_disabled("TG102"));
        let typo = eval_options(&config("categories = [\"netwrk\"]"), &none, &catalog);
        assert!(typo.unwrap_err().starts_with("`categories`: `netwrk` is not a category"));
        assert!(eval_options(&config("rules = [\"TG999\"]"), &none, &catalog).unwrap_err().contains("`rules`"));
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
