//! Command-line arguments.

use crate::output::OutputTarget;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
pub use tollgate_pipeline::{LoadArgs, PolicyArgs, RegoVersion, ScanOptions};

#[derive(Debug, Parser)]
#[command(name = "tollgate", version, about = "Policy-and-compliance gate for Terraform and Kubernetes", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Shown after `tollgate scan --help`: the flags a new user looks for first.
const SCAN_EXAMPLES: &str = "Examples:
  tollgate scan infra/ --fail-on medium
  tollgate scan . --format text --output json=report.json --output concise=findings.txt";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories; exit 0 (pass), 1 (findings at or above --fail-on) or 2 (could not run).
    #[command(after_help = SCAN_EXAMPLES)]
    Scan(Box<ScanArgs>),
    /// Write today's findings as a baseline (.tollgate-baseline.json) that `scan --baseline` leaves out.
    Baseline(Box<BaselineArgs>),
    /// Write a commented starter tollgate.toml for the repository in DIR.
    Init(InitArgs),
    /// Print the evaluated resource graph: what rules and policies see.
    Inspect(InspectArgs),
    /// List the rules or explain one.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Work with Rego policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Helm charts, rendered by Tollgate itself (no `helm` binary needed).
    #[command(subcommand)]
    Helm(HelmCommand),
}

#[derive(Debug, Subcommand)]
pub enum HelmCommand {
    /// Render a chart and print it as `helm template` does (Helm's flags); exit 1 with Helm's message if it does not render.
    Template(tollgate_helm::TemplateArgs),
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

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub scan: ScanOptions,
    /// Format of the report on standard output.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Text, env = "TOLLGATE_FORMAT")]
    pub format: ReportFormat,
    /// Reports written to files besides standard output (`--output FORMAT=FILE`).
    #[arg(long = "output", short = 'o', value_name = "FORMAT=FILE", value_parser = crate::output::parse_target,
          help = crate::output::output_help())]
    pub outputs: Vec<OutputTarget>,
    #[command(flatten)]
    pub display: DisplayArgs,
    /// GitHub code scanning's analysis category in the SARIF report (`automationDetails.id`)
    /// [default: `[sarif] category` of tollgate.toml, else `tollgate/` and the scanned paths].
    #[arg(long, value_name = "CATEGORY")]
    pub sarif_category: Option<String>,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub scan: ScanOptions,
    /// The file to write [default: .tollgate-baseline.json next to the tollgate.toml in use, else
    /// in the working directory]; files in it are relative to its directory.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository (where tollgate.toml is written).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing tollgate.toml.
    #[arg(long)]
    pub force: bool,
}

/// Formats of the scan report, for `--format` and `--output` (render: `crate::output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Diagnostics with the offending lines, grouped by file.
    Text,
    /// The versioned JSON report (every finding, whatever --min-severity says).
    Json,
    /// One line per finding: `file:line: [severity] RULE address: message`.
    Concise,
    /// SARIF 2.1.0 for GitHub code scanning (upload with github/codeql-action/upload-sarif).
    Sarif,
    /// JUnit XML: a test suite per rule, a test case per rule and resource (CI test reporters).
    Junit,
    /// Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`: verdict, counts, blocking findings.
    Markdown,
    /// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per finding.
    Github,
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

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, severity, category, title.
    List {
        #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule id (TG101), slug (security-group-open-admin-port) or alias, in any case.
        rule: String,
    },
    /// Write every rule's documentation page (`<ID>.md`) and an index (`README.md`) into DIR.
    Docs {
        /// Where the pages go (the repository keeps them in `docs/rules`).
        dir: PathBuf,
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
