//! `[cost]` in tollgate.toml as written, and its budgets checked into [`Budget`]s: every error
//! names the key (and the budget) it is about.

use serde::Deserialize;
use std::path::PathBuf;
use std::str::FromStr;
use tollgate_cost::{Decimal, Money};

/// `[cost]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostConfig {
    /// The region of resources whose provider configuration sets none (`--region` wins).
    pub region: Option<String>,
    /// A CSV of prices with the embedded table's columns, overriding or adding rows.
    pub price_file: Option<PathBuf>,
    /// Monthly usage of usage-priced resources [default: `tollgate-usage.toml` beside this file].
    pub usage_file: Option<PathBuf>,
    /// A cost report (JSON) the change is compared with, like `--cost-baseline`.
    pub baseline: Option<PathBuf>,
    /// `[cost.kubernetes]`: rates for clusters without node groups in the graph.
    #[serde(default)]
    pub kubernetes: KubernetesRatesConfig,
    /// The monthly ceiling of the whole estimate, in USD (`--budget` wins).
    pub budget: Option<Number>,
    /// Which projection budgets check: `now` (default), `max` or `both`.
    pub budget_at: Option<BudgetAt>,
    /// The largest increase of the total over the baseline: USD (`200`) or percent (`"15%"`).
    pub max_increase: Option<Number>,
    /// `[[cost.budgets]]`: ceilings per scope.
    #[serde(default)]
    pub budgets: Vec<ScopedBudgetConfig>,
}

/// `[cost.kubernetes]`: USD per vCPU-hour and per GiB-hour of requests.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KubernetesRatesConfig {
    pub vcpu_hour: Option<Number>,
    pub gib_hour: Option<Number>,
}

/// `[[cost.budgets]]`: a named ceiling on one scope.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopedBudgetConfig {
    pub name: String,
    /// `key=value`: resources whose tags (Kubernetes labels) carry it.
    pub tag: Option<String>,
    /// A module path prefix: `module.eks` covers `module.eks.module.nodes`.
    pub module: Option<String>,
    pub namespace: Option<String>,
    /// A Terraform environment or a Helm values set.
    pub environment: Option<String>,
    /// A Terraform root module directory.
    pub root: Option<String>,
    pub monthly: Option<Number>,
    pub at: Option<BudgetAt>,
    pub max_increase: Option<Number>,
}

/// A number as TOML writes it: `450`, `450.5` or a string (`"450.50"`, `"15%"`), kept as text so
/// decimal figures stay exact.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Number {
    Integer(i64),
    Float(f64),
    Text(String),
}

/// Which projection a budget checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum BudgetAt {
    /// Desired sizes.
    Now,
    /// Maximum scale (`max_size`, `maxReplicas`).
    Max,
    /// Both: a breach of either is reported.
    Both,
}

impl BudgetAt {
    /// The projections checked: `false` is now, `true` at maximum scale.
    pub fn projections(self) -> &'static [bool] {
        match self {
            BudgetAt::Now => &[false],
            BudgetAt::Max => &[true],
            BudgetAt::Both => &[false, true],
        }
    }
}

/// What a budget covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetScope {
    /// Every billed line.
    Total,
    Tag {
        key: String,
        value: String,
    },
    /// A module path prefix.
    Module(String),
    Namespace(String),
    Environment(String),
    Root(String),
}

/// A maximum increase over the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Increase {
    Usd(Money),
    /// A percentage of the baseline's figure.
    Percent(Decimal),
}

/// A checked budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// `total` for the top-level budget, else the `name` of the entry.
    pub name: String,
    pub scope: BudgetScope,
    /// The monthly ceiling; `None` for a total that only limits the increase.
    pub monthly: Option<Money>,
    pub at: BudgetAt,
    pub max_increase: Option<Increase>,
}

impl Number {
    fn text(&self) -> String {
        match self {
            Number::Integer(n) => n.to_string(),
            Number::Float(f) => f.to_string(),
            Number::Text(text) => text.trim().to_string(),
        }
    }
}

/// A non-negative amount of USD, `$` and thousands commas allowed (`"$1,200.50"`).
pub fn parse_usd(text: &str) -> Result<Money, String> {
    let cleaned: String = text.trim().trim_start_matches('$').chars().filter(|c| *c != ',').collect();
    match Decimal::from_str(&cleaned) {
        Ok(amount) if !amount.is_sign_negative() => Ok(Money::usd(amount)),
        Ok(_) => Err(format!("`{text}` is negative")),
        Err(_) => Err(format!("`{text}` is not an amount of USD")),
    }
}

/// `"15%"` or an amount of USD.
pub fn parse_increase(text: &str) -> Result<Increase, String> {
    match text.trim().strip_suffix('%') {
        Some(percent) => match Decimal::from_str(percent.trim()) {
            Ok(value) if !value.is_sign_negative() => Ok(Increase::Percent(value)),
            _ => Err(format!("`{text}` is not a percentage (`15%`)")),
        },
        None => parse_usd(text).map(Increase::Usd),
    }
}

/// A USD setting of the file, the error naming its key.
fn usd_setting(key: &str, value: &Number) -> Result<Money, String> {
    parse_usd(&value.text()).map_err(|e| format!("`{key}`: {e}"))
}

fn increase_setting(key: &str, value: &Number) -> Result<Increase, String> {
    parse_increase(&value.text()).map_err(|e| format!("`{key}`: {e}"))
}

/// A rate of `[cost.kubernetes]` as a decimal.
pub fn rate_setting(key: &str, value: Option<&Number>) -> Result<Option<Decimal>, String> {
    value.map(|value| usd_setting(&format!("[cost.kubernetes] {key}"), value).map(Money::amount)).transpose()
}

impl CostConfig {
    /// The budgets of the file and the flags: the total (when `budget`, `--budget` or
    /// `max_increase` is set) first, then each `[[cost.budgets]]` entry in file order.
    /// `--budget-at` (`at`) replaces `budget_at`; an entry's own `at` wins over both.
    pub fn budgets(&self, budget: Option<Money>, at: Option<BudgetAt>) -> Result<Vec<Budget>, String> {
        let default_at = at.or(self.budget_at).unwrap_or(BudgetAt::Now);
        let mut budgets = Vec::new();
        let monthly = match budget {
            Some(flag) => Some(flag),
            None => self.budget.as_ref().map(|v| usd_setting("[cost] budget", v)).transpose()?,
        };
        if monthly.is_some() || self.max_increase.is_some() {
            budgets.push(Budget {
                name: "total".to_string(),
                scope: BudgetScope::Total,
                monthly,
                at: default_at,
                max_increase: self
                    .max_increase
                    .as_ref()
                    .map(|v| increase_setting("[cost] max_increase", v))
                    .transpose()?,
            });
        }
        for entry in &self.budgets {
            budgets.push(entry.budget(default_at)?);
        }
        let mut names: Vec<&str> = budgets.iter().map(|b| b.name.as_str()).collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(format!("[[cost.budgets]]: two budgets are named `{}`; names must differ", pair[0]));
        }
        Ok(budgets)
    }
}

impl ScopedBudgetConfig {
    fn budget(&self, default_at: BudgetAt) -> Result<Budget, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("[[cost.budgets]]: `name` is empty; give each budget a name".to_string());
        }
        let key = |field: &str| format!("[[cost.budgets]] `{name}`: `{field}`");
        let monthly = match &self.monthly {
            Some(value) => usd_setting(&key("monthly"), value)?,
            None => return Err(format!("[[cost.budgets]] `{name}`: `monthly` is missing (the ceiling in USD)")),
        };
        Ok(Budget {
            name: name.to_string(),
            scope: self.scope(name)?,
            monthly: Some(monthly),
            at: self.at.unwrap_or(default_at),
            max_increase: self.max_increase.as_ref().map(|v| increase_setting(&key("max_increase"), v)).transpose()?,
        })
    }

    /// Exactly one of `tag`, `module`, `namespace`, `environment`, `root`.
    fn scope(&self, name: &str) -> Result<BudgetScope, String> {
        let given = [
            ("tag", &self.tag),
            ("module", &self.module),
            ("namespace", &self.namespace),
            ("environment", &self.environment),
            ("root", &self.root),
        ];
        let set: Vec<(&str, &String)> =
            given.iter().filter_map(|(key, value)| value.as_ref().map(|value| (*key, value))).collect();
        let [(key, value)] = set[..] else {
            let keys: Vec<&str> = set.iter().map(|(key, _)| *key).collect();
            return Err(format!(
                "[[cost.budgets]] `{name}`: set exactly one of `tag`, `module`, `namespace`, `environment`, `root` \
                 (found {})",
                if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
            ));
        };
        let value = value.trim().to_string();
        match key {
            "tag" => match value.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    Ok(BudgetScope::Tag { key: k.trim().to_string(), value: v.trim().to_string() })
                }
                _ => Err(format!("[[cost.budgets]] `{name}`: `tag` is `{value}`, not `key=value`")),
            },
            "module" => Ok(BudgetScope::Module(value)),
            "namespace" => Ok(BudgetScope::Namespace(value)),
            "environment" => Ok(BudgetScope::Environment(value)),
            _ => Ok(BudgetScope::Root(value.trim_end_matches('/').to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(text: &str) -> Result<Vec<Budget>, String> {
        #[derive(Deserialize)]
        struct File {
            cost: CostConfig,
        }
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        file.cost.budgets(None, None)
    }

    fn usd(text: &str) -> Money {
        parse_usd(text).unwrap()
    }

    #[test]
    fn the_total_and_scoped_budgets_are_read_in_order_with_exact_amounts() {
        let budgets = cost(
            "[cost]\nbudget = 450.10\nbudget_at = \"both\"\nmax_increase = \"15%\"\n\
             [[cost.budgets]]\nname = \"dev\"\ntag = \"environment = dev\"\nmonthly = \"$1,200.05\"\n\
             [[cost.budgets]]\nname = \"eks\"\nmodule = \"module.eks\"\nmonthly = 300\nat = \"max\"\nmax_increase = 25\n",
        )
        .unwrap();
        assert_eq!(budgets.len(), 3);
        assert_eq!(budgets[0].monthly, Some(usd("450.10")));
        assert_eq!((budgets[0].at, budgets[0].max_increase), (BudgetAt::Both, Some(Increase::Percent(15.into()))));
        assert_eq!(budgets[1].scope, BudgetScope::Tag { key: "environment".into(), value: "dev".into() });
        assert_eq!((budgets[1].monthly, budgets[1].at), (Some(usd("1200.05")), BudgetAt::Both));
        assert_eq!(budgets[2].scope, BudgetScope::Module("module.eks".into()));
        assert_eq!((budgets[2].at, budgets[2].max_increase), (BudgetAt::Max, Some(Increase::Usd(usd("25")))));
    }

    #[test]
    fn a_max_increase_alone_is_a_total_budget_without_ceiling() {
        let budgets = cost("[cost]\nmax_increase = 200\n").unwrap();
        assert_eq!(budgets[0].monthly, None);
        assert_eq!(budgets[0].max_increase, Some(Increase::Usd(usd("200"))));
        assert!(cost("[cost]\nregion = \"us-east-1\"\n").unwrap().is_empty());
    }

    #[test]
    fn flags_replace_the_total_and_the_default_projection_but_not_a_budgets_own() {
        let file: toml::Value = toml::from_str(
            "budget = 100\nbudget_at = \"now\"\n[[budgets]]\nname = \"a\"\nroot = \"r\"\nmonthly = 1\n\
             [[budgets]]\nname = \"b\"\nroot = \"s\"\nmonthly = 2\nat = \"now\"\n",
        )
        .unwrap();
        let config: CostConfig = file.try_into().unwrap();
        let budgets = config.budgets(Some(usd("450")), Some(BudgetAt::Max)).unwrap();
        let summary: Vec<_> = budgets.iter().map(|b| (b.name.as_str(), b.monthly, b.at)).collect();
        assert_eq!(
            summary,
            [
                ("total", Some(usd("450")), BudgetAt::Max),
                ("a", Some(usd("1")), BudgetAt::Max),
                ("b", Some(usd("2")), BudgetAt::Now)
            ]
        );
        assert_eq!(CostConfig::default().budgets(Some(usd("5")), None).unwrap().len(), 1);
    }

    #[test]
    fn errors_name_the_key_and_the_budget() {
        let unknown = cost("[cost]\nbudgett = 1\n").unwrap_err();
        assert!(unknown.contains("budgett"), "{unknown}");
        let negative = cost("[cost]\nbudget = -5\n").unwrap_err();
        assert!(negative.contains("`[cost] budget`") && negative.contains("negative"), "{negative}");
        let two =
            cost("[[cost.budgets]]\nname = \"a\"\ntag = \"x=y\"\nmodule = \"module.m\"\nmonthly = 1\n").unwrap_err();
        assert!(two.contains("`a`") && two.contains("found tag, module"), "{two}");
        let none = cost("[[cost.budgets]]\nname = \"a\"\nmonthly = 1\n").unwrap_err();
        assert!(none.contains("found none"), "{none}");
        let tag = cost("[[cost.budgets]]\nname = \"a\"\ntag = \"dev\"\nmonthly = 1\n").unwrap_err();
        assert!(tag.contains("not `key=value`"), "{tag}");
        let monthly = cost("[[cost.budgets]]\nname = \"a\"\nroot = \"r\"\n").unwrap_err();
        assert!(monthly.contains("`monthly` is missing"), "{monthly}");
        let percent = cost("[cost]\nmax_increase = \"x%\"\n").unwrap_err();
        assert!(percent.contains("`[cost] max_increase`") && percent.contains("percentage"), "{percent}");
        let twice =
            cost("[[cost.budgets]]\nname = \"a\"\nroot = \"r\"\nmonthly = 1\n[[cost.budgets]]\nname = \"a\"\nroot = \"s\"\nmonthly = 2\n")
                .unwrap_err();
        assert!(twice.contains("two budgets are named `a`"), "{twice}");
        let at = cost("[cost]\nbudget_at = \"later\"\n").unwrap_err();
        assert!(at.contains("budget_at") || at.contains("later"), "{at}");
    }
}
