//! The cost step of a scan: settings from `[cost]` and the flags, the estimate of the loaded
//! graph, the baseline (a file or a git ref), Cost Explorer's month, and the budgets checked.
//! It runs when `--cost` is given or any budget, baseline or live source is configured.

use crate::budget::{self, BudgetResult, Verdict};
use crate::budget_findings::{self, BudgetOrigin};
use crate::config::Config;
use crate::cost_config::Budget;
use crate::options::{CostArgs, CostSource, ScanOptions};
use std::path::{Path, PathBuf};
use tollgate_cost::{
    format_usd, CostDiff, CostSettings, CostSnapshot, CostView, Estimate, KubernetesRates, Money, Usage,
};
use tollgate_model::{Finding, Graph, SourceMap};
use tollgate_pricing::{InstanceSpecs, PriceList};

/// The usage file read beside tollgate.toml when none is named.
pub const USAGE_FILE_NAME: &str = "tollgate-usage.toml";

/// What the cost step produced, for the report writers.
#[derive(Debug, Clone)]
pub struct CostOutcome {
    pub estimate: Estimate,
    /// The current figures (what a JSON report stores and a later baseline reads back).
    pub snapshot: CostSnapshot,
    /// The change against the baseline, when one is given.
    pub diff: Option<CostDiff>,
    /// Cost Explorer's projected month (month to date + forecast), with `--cost-source aws`.
    pub live: Option<tollgate_costexplorer::MonthProjection>,
    /// Every budget check, findings or not.
    pub budgets: Vec<BudgetResult>,
}

/// The cost step's settings, resolved before the load so a bad setting fails at once.
#[derive(Debug)]
pub struct CostPlan {
    region: Option<String>,
    prices: Option<PriceList>,
    usage: Usage,
    kubernetes: KubernetesRates,
    budgets: Vec<Budget>,
    baseline: Option<Baseline>,
    live: Option<tollgate_costexplorer::Settings>,
    origin: BudgetOrigin,
}

#[derive(Debug)]
enum Baseline {
    File(PathBuf),
    GitRef(String),
}

/// `None` when nothing asks for a cost estimate.
pub fn plan(options: &ScanOptions, config: &Config) -> Result<Option<CostPlan>, String> {
    let args = &options.cost;
    let settings = &config.cost;
    let budgets = settings.budgets(args.budget, args.budget_at)?;
    let base = config.dir.clone().unwrap_or_default();
    let baseline = match (&args.cost_baseline, &args.cost_compare_ref, &settings.baseline) {
        (Some(file), _, _) => Some(Baseline::File(file.clone())),
        (None, Some(reference), _) => Some(Baseline::GitRef(reference.clone())),
        (None, None, Some(file)) => Some(Baseline::File(base.join(file))),
        (None, None, None) => None,
    };
    let live = args.cost_source == Some(CostSource::Aws);
    if !(args.cost || live || baseline.is_some() || !budgets.is_empty()) {
        return Ok(None);
    }
    let price_file = args.price_file.clone().or_else(|| settings.price_file.as_ref().map(|file| base.join(file)));
    let kubernetes = KubernetesRates {
        vcpu_hour: crate::cost_config::rate_setting("vcpu_hour", settings.kubernetes.vcpu_hour.as_ref())?,
        gib_hour: crate::cost_config::rate_setting("gib_hour", settings.kubernetes.gib_hour.as_ref())?,
    };
    Ok(Some(CostPlan {
        region: args.region.clone().or_else(|| settings.region.clone()),
        prices: price_file.map(|file| read_prices(&file)).transpose()?,
        usage: read_usage(args, config)?,
        kubernetes,
        budgets,
        baseline,
        live: live.then(|| live_settings(args)),
        origin: origin(args, config),
    }))
}

fn read_prices(file: &Path) -> Result<PriceList, String> {
    let text = read(file, "price file")?;
    PriceList::embedded().with_overrides(&text, &file.display().to_string()).map_err(|e| e.to_string())
}

/// `--usage-file`, `[cost] usage_file`, else `tollgate-usage.toml` beside tollgate.toml if present.
fn read_usage(args: &CostArgs, config: &Config) -> Result<Usage, String> {
    let base = config.dir.clone().unwrap_or_default();
    let named = args.usage_file.clone().or_else(|| config.cost.usage_file.as_ref().map(|file| base.join(file)));
    let file = match named {
        Some(file) => file,
        None if config.file.is_some() && base.join(USAGE_FILE_NAME).is_file() => base.join(USAGE_FILE_NAME),
        None => return Ok(Usage::default()),
    };
    let text = read(&file, "usage file")?;
    Usage::parse(&text, &file.display().to_string()).map_err(|e| e.to_string())
}

fn read(file: &Path, what: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("cannot read the {what} {}: {e}", file.display()))
}

fn live_settings(args: &CostArgs) -> tollgate_costexplorer::Settings {
    tollgate_costexplorer::Settings { endpoint_url: args.aws_endpoint_url.clone(), ..Default::default() }
}

/// Where budgets are written: the finding's place when no resource contributes.
fn origin(args: &CostArgs, config: &Config) -> BudgetOrigin {
    match &config.file {
        Some(file) if args.budget.is_none() => BudgetOrigin { file: file.display().to_string(), line: 1 },
        _ => BudgetOrigin { file: "<command line>".to_string(), line: 0 },
    }
}

impl CostPlan {
    /// What the user should know before the scan: a limit that cannot be checked as configured.
    pub fn notes(&self) -> Vec<String> {
        let limited: Vec<&str> =
            self.budgets.iter().filter(|b| b.max_increase.is_some()).map(|b| b.name.as_str()).collect();
        if self.baseline.is_some() || limited.is_empty() {
            return Vec::new();
        }
        vec![format!(
            "note: `max_increase` of budget(s) {} is not checked: no cost baseline (--cost-baseline, \
             --cost-compare-ref or `[cost] baseline`)",
            limited.join(", ")
        )]
    }

    /// The estimate's settings (borrowing this plan's price list).
    pub fn settings(&self) -> CostSettings<'_> {
        CostSettings {
            default_region: self.region.clone(),
            prices: self.prices.as_ref().unwrap_or_else(|| PriceList::embedded()),
            specs: InstanceSpecs::embedded(),
            usage: self.usage.clone(),
            kubernetes: self.kubernetes.clone(),
        }
    }

    /// Estimates the graph, reads the baseline and live spend, checks the budgets. `Err` is a
    /// cost step that could not run (an unreadable baseline, a failed Cost Explorer call): exit 2.
    pub fn run(
        &self,
        graph: &Graph,
        options: &ScanOptions,
        config: &Config,
    ) -> Result<(CostOutcome, Vec<Finding>), String> {
        let estimate = tollgate_cost::estimate(graph, &self.settings());
        let snapshot = CostSnapshot::of(&estimate, graph.sources());
        let baseline = match &self.baseline {
            None => None,
            Some(Baseline::File(file)) => Some(
                CostSnapshot::from_json(&read(file, "cost baseline")?)
                    .map_err(|e| format!("the cost baseline {} is not a cost report: {e}", file.display()))?,
            ),
            Some(Baseline::GitRef(reference)) => Some(crate::cost_ref::snapshot_at(reference, self, options, config)?),
        };
        let live = self.live.as_ref().map(live_month).transpose()?;
        let context = budget::Context {
            baseline: baseline.as_ref(),
            live_month: live.as_ref().map(|month| month.total.as_ref().map_or(Money::ZERO, |m| Money::usd(m.amount))),
        };
        let budgets = budget::check(&self.budgets, &estimate, context);
        let findings = budget_findings::findings(&budgets, &estimate, graph.sources(), &self.origin);
        let diff = baseline.as_ref().map(|baseline| CostDiff::between(baseline, &snapshot));
        Ok((CostOutcome { estimate, snapshot, diff, live, budgets }, findings))
    }
}

/// Cost Explorer's month; any failure stops the scan (exit 2), never a silent pass.
fn live_month(settings: &tollgate_costexplorer::Settings) -> Result<tollgate_costexplorer::MonthProjection, String> {
    let month = tollgate_costexplorer::Spend::projected_month(settings).map_err(|e| {
        format!("--cost-source aws: Cost Explorer could not be read, so the budget cannot be checked: {e}")
    })?;
    match &month.total {
        Some(total) if total.currency != "USD" => Err(format!(
            "--cost-source aws: Cost Explorer reports in {}, budgets are in USD; the budget cannot be checked",
            total.currency
        )),
        _ => Ok(month),
    }
}

impl CostOutcome {
    /// The estimate laid out for the report writers, with the diff against the baseline.
    pub fn view<'a>(&'a self, sources: &SourceMap) -> CostView<'a> {
        CostView::new(&self.estimate, sources, self.diff.as_ref())
    }

    /// The JSON cost report (`tollgate_cost::json`), its `budgets` array filled from the checks.
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let budgets = crate::budget_json::budgets_json(&self.budgets, &self.estimate, sources);
        tollgate_cost::json::view_to_json(&self.view(sources), &budgets)
    }

    /// One line for standard error: the totals, the change against the baseline and how many
    /// budgets are exceeded (the table and every verdict are in the report).
    pub fn summary(&self) -> String {
        let total = self.estimate.total(|_| true);
        let mut line = format!(
            "cost: {} a month now, {} at maximum scale ({} resources, {} without a price or quantity, {} usage-based not included)",
            format_usd(total.now),
            format_usd(total.at_max),
            total.lines,
            total.unpriced,
            self.estimate.usage_based.len()
        );
        if let Some(diff) = &self.diff {
            line.push_str(&format!(
                "; {} now and {} at maximum scale against the baseline",
                signed(diff.delta_now()),
                signed(diff.delta_at_max())
            ));
        }
        if !self.budgets.is_empty() {
            let count = |verdict| self.budgets.iter().filter(|result| result.verdict == verdict).count();
            line.push_str(&format!(
                "; budget checks: {} exceeded, {} unknown, {} within",
                count(Verdict::Exceeded),
                count(Verdict::Unknown),
                count(Verdict::Within)
            ));
        }
        line
    }

    /// The live month and every budget's verdict, one line each, for the text report.
    pub fn checks(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(month) = &self.live {
            let amount = |m: Option<&tollgate_costexplorer::Money>| m.map_or(Money::ZERO, |m| Money::usd(m.amount));
            lines.push(format!(
                "Cost Explorer: {} this month ({} to date, {} forecast)",
                format_usd(amount(month.total.as_ref())),
                format_usd(amount(month.month_to_date.total.as_ref())),
                format_usd(amount(month.forecast.total.as_ref()))
            ));
        }
        lines.extend(self.budgets.iter().map(budget_findings::summary));
        lines
    }
}

fn signed(money: Money) -> String {
    if money > Money::ZERO {
        format!("+{}", format_usd(money))
    } else {
        format_usd(money)
    }
}
