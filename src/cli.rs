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

/// Shown after `tollgate apply --help`.
const APPLY_EXAMPLES: &str = "Examples:
  tollgate apply infra/ --var-file prod.tfvars --fail-on medium
  tollgate apply infra/ --dry-run -- -target=module.db
  tollgate plan infra/ --out plan.tfplan        # in a pull request's job
  tollgate apply infra/ --plan plan.tfplan      # on main, after the plan job";

/// `apply` and `plan` take the scan's flags, except that their one path is the root module and
/// the flags for reading files Terraform has not planned are hidden (and refused if given).
fn gate_arg(arg: clap::Arg) -> clap::Arg {
    match arg.get_id().as_str() {
        "paths" => arg.help("The root module to plan and apply (one directory)").value_name("DIR").num_args(1),
        "stdin_filename" | "config_dir" | "tf_env" | "allow_outside_root" | "only_files" => arg.hide(true),
        _ => arg,
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories; exit 0 (pass), 1 (findings at or above --fail-on) or 2 (could not run).
    #[command(after_help = SCAN_EXAMPLES)]
    Scan(Box<ScanArgs>),
    /// Write today's findings as a baseline (.tollgate-baseline.json) that `scan --baseline` leaves out.
    Baseline(Box<BaselineArgs>),
    /// Plan, scan the plan (findings at its `.tf` lines, policies, budgets, quotas), and apply that
    /// exact plan only if it passes; exit 0 (applied, or nothing to apply), 1 (blocked by
    /// findings), 2 (not applied: an error, a refused plan or record; or the apply failed), 130
    /// (interrupted before the apply). Every decision is appended to the audit log.
    #[command(after_help = APPLY_EXAMPLES, mut_args(gate_arg))]
    Apply(Box<ApplyArgs>),
    /// Plan and scan without applying: write the plan (--out FILE), its JSON (FILE.json), the JSON
    /// report (FILE.report.json) and the signed-off record (FILE.tollgate.json) that `apply --plan`
    /// demands; exit 0 (passed), 1 (failed: the record says so), 2 (could not run).
    #[command(after_help = APPLY_EXAMPLES, mut_args(gate_arg))]
    Plan(Box<PlanArgs>),
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

/// What `apply` and `plan` share: the scan's options and reports, and how Terraform runs.
#[derive(Debug, Args)]
pub struct GateArgs {
    #[command(flatten)]
    pub report: ScanArgs,
    /// The Terraform binary (OpenTofu's `tofu` works the same way).
    #[arg(
        long,
        value_name = "PATH",
        env = "TOLLGATE_TERRAFORM",
        default_value = "terraform",
        help_heading = "Terraform"
    )]
    pub terraform: PathBuf,
    /// The environment of DIR's `[[terraform.root]]` in tollgate.toml whose var files and
    /// variables the plan uses [default: its only one].
    #[arg(long, value_name = "NAME", help_heading = "Terraform")]
    pub environment: Option<String>,
    /// Append each decision as a JSON line to this file [default: DIR/.tollgate/audit.jsonl].
    #[arg(long, value_name = "FILE", help_heading = "Terraform")]
    pub audit_log: Option<PathBuf>,
    /// Arguments for `terraform plan`, after `--` (`-- -target=module.db -parallelism=4`).
    #[arg(last = true, value_name = "PLAN_ARGS", help_heading = "Terraform")]
    pub terraform_args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub gate: GateArgs,
    /// Gate this plan, saved by `tollgate plan --out`, instead of planning: its record must sign
    /// it off, it must pass again, and it must not change before the apply.
    #[arg(long, value_name = "FILE", help_heading = "Terraform")]
    pub plan: Option<PathBuf>,
    /// The plan's record [default: FILE.tollgate.json beside --plan FILE].
    #[arg(long, value_name = "FILE", requires = "plan", help_heading = "Terraform")]
    pub record: Option<PathBuf>,
    /// Decide and report, apply nothing (exit 0 when the plan would be applied, 1 when blocked).
    #[arg(long, help_heading = "Terraform")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub gate: GateArgs,
    /// Where the plan goes; FILE.json, FILE.report.json and FILE.tollgate.json are written beside it.
    #[arg(long, value_name = "FILE", help_heading = "Terraform")]
    pub out: PathBuf,
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
