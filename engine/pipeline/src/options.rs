//! What a scan is asked to do: the options the CLI parses (clap derives its flags from these
//! types, so `--help` and the library never disagree) and tests build directly.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Everything [`crate::scan`] needs: what to load, which rules and policies run, and the gate.
#[derive(Debug, Default, Clone, Args)]
pub struct ScanOptions {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Fail (exit 1) on findings at or above this severity [default: high, or `fail_on` in tollgate.toml].
    #[arg(long, value_parser = ["info", "low", "medium", "high", "critical"], env = "TOLLGATE_FAIL_ON")]
    pub fail_on: Option<String>,
    /// Whether unknown results fail the gate [default: report, or `unknown` in tollgate.toml].
    #[arg(long, value_enum, env = "TOLLGATE_UNKNOWN")]
    pub unknown: Option<UnknownPolicy>,
    /// Accept a scan that found nothing to check (exit 0 instead of 2).
    #[arg(long)]
    pub allow_empty: bool,
    #[command(flatten)]
    pub select: RuleSelection,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Report only findings not in this baseline file (written by `tollgate baseline`) [default:
    /// `baseline` in tollgate.toml].
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,
    /// Ignore the baseline of tollgate.toml: report every finding.
    #[arg(long, conflicts_with = "baseline", help_heading = "Baseline")]
    pub no_baseline: bool,
    /// The paths are files to report on (the pre-commit hook's mode): each is checked with its
    /// module and the Terraform roots calling it, or with the manifests of its namespaces, and
    /// only findings located in the named files are reported.
    #[arg(long)]
    pub only_files: bool,
    #[command(flatten)]
    pub suppress: SuppressionArgs,
    #[command(flatten)]
    pub cost: CostArgs,
}

/// Cost projections and budgets, on top of `[cost]` in tollgate.toml (flags win).
#[derive(Debug, Default, Clone, Args)]
#[command(next_help_heading = "Cost")]
pub struct CostArgs {
    /// Project the monthly cost of what is scanned (now and at maximum scale): a cost table in
    /// the text and Markdown reports, a `cost` member in JSON; budgets in tollgate.toml turn this
    /// on by themselves.
    #[arg(long)]
    pub cost: bool,
    /// The monthly ceiling of the total in USD [default: `[cost] budget`].
    #[arg(long, value_name = "USD", value_parser = crate::cost_config::parse_usd)]
    pub budget: Option<tollgate_cost::Money>,
    /// Which projection budgets without their own `at` check [default: `[cost] budget_at`, else now].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub budget_at: Option<crate::cost_config::BudgetAt>,
    /// The AWS region of resources whose provider sets none [default: `[cost] region`].
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// A CSV of prices (the embedded table's columns) overriding or adding rows [default: `[cost] price_file`].
    #[arg(long, value_name = "FILE")]
    pub price_file: Option<PathBuf>,
    /// The usage file of usage-priced resources [default: `[cost] usage_file`, else
    /// tollgate-usage.toml beside tollgate.toml].
    #[arg(long, value_name = "FILE")]
    pub usage_file: Option<PathBuf>,
    /// An earlier JSON report whose cost section the change is compared with (`max_increase`)
    /// [default: `[cost] baseline`].
    #[arg(long, value_name = "FILE")]
    pub cost_baseline: Option<PathBuf>,
    /// Compare with the same tree at this git ref (checked out into a temporary directory).
    #[arg(long, value_name = "REF", conflicts_with = "cost_baseline")]
    pub cost_compare_ref: Option<String>,
    /// Live spend: `aws` checks the total budget against Cost Explorer's month to date and
    /// forecast plus the change [default: none].
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub cost_source: Option<CostSource>,
    /// Cost Explorer's endpoint (a local stand-in) [default: AWS_ENDPOINT_URL, else AWS].
    #[arg(long, value_name = "URL")]
    pub aws_endpoint_url: Option<String>,
}

/// Where live spend comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CostSource {
    /// AWS Cost Explorer, with the standard credential chain.
    Aws,
    /// No live spend (the default).
    None,
}

/// Inline suppressions (`tollgate:ignore` comments and annotations, Checkov and Trivy skips).
#[derive(Debug, Default, Clone, Args)]
#[command(next_help_heading = "Suppressions")]
pub struct SuppressionArgs {
    /// Ignore every inline suppression: findings show as if none were written (for audits; also
    /// `inline_ignores = false` in tollgate.toml).
    #[arg(long)]
    pub no_inline_ignores: bool,
    /// The day expiry dates (`until=`) are compared with [default: today in UTC]. Tests fix it.
    #[arg(skip)]
    pub today: Option<tollgate_suppress::NaiveDate>,
}

/// Which rules run, on top of `tollgate.toml` (names are ids, slugs or aliases, in any case).
#[derive(Debug, Default, Clone, Args)]
#[command(next_help_heading = "Rule selection")]
pub struct RuleSelection {
    /// Run only this rule (repeatable; the built-in checks of the input and of suppressions,
    /// TG000-TG006, always run).
    #[arg(long = "rule", value_name = "RULE")]
    pub rules: Vec<String>,
    /// Do not run this rule (repeatable).
    #[arg(long = "skip-rule", value_name = "RULE")]
    pub skip_rules: Vec<String>,
    /// Run only rules of this category (repeatable: least-privilege, encryption, network,
    /// workload, quota, tagging, observability, cost, policy).
    #[arg(long = "category", value_name = "CATEGORY")]
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownPolicy {
    /// Unknown results are reported but do not fail the gate.
    Report,
    /// Unknown results at or above --fail-on fail the gate like failures.
    Fail,
}

/// What to load: shared by `scan` and `inspect`, so both see the same graph.
#[derive(Debug, Default, Clone, Args)]
pub struct LoadArgs {
    /// Files or directories to scan; `-` reads a YAML/JSON stream (or a plan JSON) from standard
    /// input (`helm template ... | tollgate scan -`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The file name findings give standard input (`-`) [default: `<stdin>`]; a name ending in
    /// `.json` reads it as JSON.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// What `-` reads, given by a library caller (`tollgate apply` hands over the plan's JSON
    /// this way, so it is never written to disk) instead of the process's standard input.
    #[arg(skip)]
    pub stdin_bytes: Option<Vec<u8>>,
    /// Configuration file [default: the nearest tollgate.toml at or above the first scan path];
    /// a file named conftest.toml is read as Conftest's. At most one of each.
    #[arg(long, env = "TOLLGATE_CONFIG")]
    pub config: Vec<PathBuf>,
    /// Where the Terraform configuration of plan JSON files (`terraform show -json` output) is, so
    /// findings point at its `.tf` lines [default: the plan's own directory when it holds `.tf`
    /// files].
    #[arg(long = "config-dir", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Terraform variable definitions file for every root, like `terraform plan -var-file`
    /// (repeatable; applied after the var files of tollgate.toml).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Terraform variable value for every root, like `terraform plan -var` (repeatable; wins over
    /// every other source).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Also read `TF_VAR_name` environment variables, as Terraform does (off by default, so the
    /// machine's environment never reaches a report).
    #[arg(long)]
    pub tf_env: bool,
    /// Let Terraform evaluation read outside the scan root (file functions, module sources,
    /// tollgate.toml var files, symbolic links) and see absolute paths; only for trusted code.
    #[arg(long)]
    pub allow_outside_root: bool,
}

/// `name=value` as Terraform's `-var` takes it: the value is everything after the first `=`.
fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_string(), value.to_string())),
        _ => Err(format!("`{text}` is not `name=value`")),
    }
}

/// Rego syntax version of the user's policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegoVersion {
    /// Rego before OPA 1.0 (`deny[msg] { ... }`).
    V0,
    /// Rego v1 (`deny contains msg if { ... }`), the default.
    V1,
}

/// The user's Rego policies, with Conftest's flags (also read from `[policy]` in tollgate.toml
/// and from a `conftest.toml` in the working directory; flags win).
#[derive(Debug, Default, Clone, Args)]
#[command(next_help_heading = "Rego policies")]
pub struct PolicyArgs {
    /// A directory (or file) of Rego policies; repeatable [default: `policy/` when it exists].
    #[arg(long = "policy", short = 'p', value_name = "DIR")]
    pub policies: Vec<PathBuf>,
    /// A package whose Conftest rules run (repeatable) [default: main].
    #[arg(long = "namespace", short = 'n', value_name = "NS")]
    pub namespaces: Vec<String>,
    /// Run the Conftest rules of every package.
    #[arg(long)]
    pub all_namespaces: bool,
    /// A JSON or YAML file, or a directory searched for them, loaded under `data` (repeatable).
    #[arg(long = "data", short = 'd', value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// Give Conftest policies every file at once: `input` is `[{"path", "contents"}]`.
    #[arg(long)]
    pub combine: bool,
    /// Conftest `warn` results fail the gate too.
    #[arg(long)]
    pub fail_on_warn: bool,
    /// Rego syntax of the policies [default: v1].
    #[arg(long, value_enum)]
    pub rego_version: Option<RegoVersion>,
    /// A builtin given a wrong type or a bad value is an error, not undefined (OPA's default).
    #[arg(long)]
    pub strict: bool,
    /// Read every file with this Conftest parser, whatever its name (yaml, json, hcl2, toml,
    /// ini, dockerfile, dotenv, xml).
    #[arg(long, value_name = "NAME")]
    pub parser: Option<String>,
    /// An OPA capabilities JSON file (`opa capabilities` output): the policies may call only the
    /// builtins it lists [default: every builtin except network, clock and random ones].
    #[arg(long, value_name = "FILE")]
    pub capabilities: Option<PathBuf>,
}
