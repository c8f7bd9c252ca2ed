//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "tollgate", version, about = "Policy-and-compliance gate for Terraform and Kubernetes", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories; exit 0 (pass), 1 (findings at or above --fail-on) or 2 (could not run).
    Scan(ScanArgs),
    /// Print the evaluated resource graph: what rules and policies see.
    Inspect(InspectArgs),
    /// List the rules or explain one.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Work with Rego policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Run the `test_*` rules of policies, like `opa test` and `conftest verify`; exit 1 if any fails.
    Test(PolicyTestArgs),
}

#[derive(Debug, Args)]
pub struct PolicyTestArgs {
    /// Directories (or files) of policies and their tests [default: the policy directories of the
    /// configuration, else `policy/`].
    pub dirs: Vec<PathBuf>,
    /// A JSON or YAML file, or a directory searched for them, loaded under `data` (repeatable).
    #[arg(long = "data", short = 'd', value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// Rego syntax of the policies [default: v1].
    #[arg(long, value_enum)]
    pub rego_version: Option<RegoVersion>,
    /// A builtin given a wrong type or a bad value is an error, not undefined (as `opa test --strict-builtin-errors`).
    #[arg(long)]
    pub strict: bool,
    /// An OPA capabilities JSON file: the policies may call only the builtins it lists.
    #[arg(long, value_name = "FILE")]
    pub capabilities: Option<PathBuf>,
    /// Only tests whose `package.name` contains this text.
    #[arg(long)]
    pub run: Option<String>,
    /// Configuration file [default: the nearest tollgate.toml at or above the working directory];
    /// a file named conftest.toml is read as Conftest's. At most one of each.
    #[arg(long, env = "TOLLGATE_CONFIG")]
    pub config: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Formats of `rules list`: Markdown is the table the README carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Files or directories to scan; `-` reads a YAML/JSON stream (or a plan JSON) from standard
    /// input (`helm template ... | tollgate scan -`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The file name findings give standard input (`-`) [default: `<stdin>`]; a name ending in
    /// `.json` reads it as JSON.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
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

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Text, env = "TOLLGATE_FORMAT")]
    pub format: ReportFormat,
    #[command(flatten)]
    pub display: DisplayArgs,
    /// Fail (exit 1) on findings at or above this severity [default: high, or `fail_on` in tollgate.toml].
    #[arg(long, value_parser = ["info", "low", "medium", "high", "critical"], env = "TOLLGATE_FAIL_ON")]
    pub fail_on: Option<String>,
    /// Whether unknown results fail the gate [default: report, or `unknown` in tollgate.toml].
    #[arg(long, value_enum, env = "TOLLGATE_UNKNOWN")]
    pub unknown: Option<UnknownPolicy>,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Accept a scan that found nothing to check (exit 0 instead of 2).
    #[arg(long)]
    pub allow_empty: bool,
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// Formats of the scan report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Diagnostics with the offending lines, grouped by file.
    Text,
    /// The versioned JSON report (every finding, whatever --min-severity says).
    Json,
    /// One line per finding: `file:line: [severity] RULE address: message`.
    Concise,
}

/// What the text and concise reports show; the gate (exit code) always counts every finding.
#[derive(Debug, Default, Args)]
pub struct DisplayArgs {
    /// Show only findings at or above this severity in the text and concise reports (those that
    /// fail the gate are always shown; the JSON report keeps every finding).
    #[arg(long, value_parser = ["info", "low", "medium", "high", "critical"], env = "TOLLGATE_MIN_SEVERITY")]
    pub min_severity: Option<String>,
    /// Name every skipped file and document with the reason.
    #[arg(long, short)]
    pub verbose: bool,
    /// Draw unknown results with their lines like failures, instead of one line each after them.
    #[arg(long)]
    pub unknown_details: bool,
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
#[derive(Debug, Default, Args)]
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

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, severity, category, title.
    List {
        #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule id (TG101) or slug (security-group-open-admin-port).
        rule: String,
    },
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Only resources whose address contains this text (`aws_s3_bucket.`, `Deployment/payments/`).
    #[arg(long)]
    pub address: Option<String>,
}
