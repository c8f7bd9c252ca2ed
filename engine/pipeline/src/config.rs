//! `tollgate.toml`: found by walking up from the scan root, or named with `--config`.

use crate::options::UnknownPolicy;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
pub use tollgate_load::{EnvironmentSettings, RootSettings, TerraformSettings};
use tollgate_model::Severity;

pub const FILE_NAME: &str = "tollgate.toml";
/// Conftest's configuration file, which `--config` also reads (by this name).
pub const CONFTEST_FILE_NAME: &str = "conftest.toml";

/// The file as written. Unknown keys are an error naming the key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Gate threshold: info, low, medium, high (default) or critical.
    pub fail_on: Option<String>,
    /// What the text and concise reports show (`--min-severity`): info (default) to critical.
    pub min_severity: Option<String>,
    /// Whether unknown results fail the gate: "report" (default) or "fail".
    pub unknown: Option<UnknownPolicy>,
    /// Rule ids or slugs that do not run (`--skip-rule` adds to them).
    #[serde(default)]
    pub disable: Vec<String>,
    /// Run only these rules, like `--rule` (which replaces this and `categories`).
    #[serde(default)]
    pub rules: Vec<String>,
    /// Run only rules of these categories, like `--category` (which replaces this and `rules`).
    #[serde(default)]
    pub categories: Vec<String>,
    /// `[[ignore]]`: findings in files matching globs are suppressed, with a reason.
    #[serde(default, rename = "ignore")]
    pub ignores: Vec<IgnoreConfig>,
    /// The baseline file applied to every scan (relative to this file), like `--baseline`.
    pub baseline: Option<PathBuf>,
    /// Severity overrides, by rule id or slug.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Inline suppressions (`tollgate:ignore` comments, annotations, Checkov and Trivy skips):
    /// `false` reports every finding as if none were written (for audits) [default: true].
    pub inline_ignores: Option<bool>,
    /// A suppression without a reason suppresses nothing and is reported (TG006).
    #[serde(default)]
    pub require_reason: bool,
    /// `[tags]`: what the required-tags rule asks for.
    #[serde(default)]
    pub tags: TagsConfig,
    /// `[quotas]`: the account's real service quotas, for the quota projections.
    #[serde(default)]
    pub quotas: crate::quotas_config::QuotasConfig,
    /// `[terraform]`: var files for every root, and roots with their environments.
    #[serde(default)]
    pub terraform: TerraformConfig,
    /// `[policy]`: the user's Rego policies and how they run.
    #[serde(default)]
    pub policy: crate::policy_settings::PolicyConfig,
    /// `[kubernetes]`: which directories are clusters of their own.
    #[serde(default)]
    pub kubernetes: KubernetesConfig,
    /// `[helm]`: whether charts are rendered, and their values sets.
    #[serde(default)]
    pub helm: crate::helm_config::HelmConfig,
    /// `[cost]`: cost projections and budgets.
    #[serde(default)]
    pub cost: crate::cost_config::CostConfig,
    /// `[sarif]`: how the SARIF report names its analysis.
    #[serde(default)]
    pub sarif: SarifConfig,
    /// The directory of the file read (relative paths in it are relative to it).
    #[serde(skip)]
    pub dir: Option<PathBuf>,
    /// The file read.
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

/// `[[ignore]]`: findings of `rules` (every rule when empty) in files matching `paths` (globs
/// relative to this file's directory) are suppressed: kept in reports, not blocking.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreConfig {
    pub paths: Vec<String>,
    #[serde(default)]
    pub rules: Vec<String>,
    /// Why these findings are accepted (the suppression's justification).
    pub reason: Option<String>,
}

/// `[terraform]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerraformConfig {
    /// Applied to every root, like `-var-file` (relative to this file's directory).
    #[serde(default)]
    pub var_files: Vec<PathBuf>,
    /// `[[terraform.root]]`.
    #[serde(default, rename = "root")]
    pub roots: Vec<RootConfig>,
    /// `--allow-outside-root`: evaluation may read outside the scan root.
    #[serde(default)]
    pub allow_outside_root: bool,
    /// `--tf-env`: read `TF_VAR_name` environment variables.
    #[serde(default)]
    pub environment_variables: bool,
}

/// `[[terraform.root]]`: a root module (relative to this file's directory), evaluated once per
/// environment; without `environments`, it is one environment named after its path.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootConfig {
    pub path: PathBuf,
    /// Relative to the root's path; applied to each of its environments first.
    #[serde(default)]
    pub var_files: Vec<PathBuf>,
    #[serde(default)]
    pub vars: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub environments: BTreeMap<String, EnvironmentConfig>,
}

/// `[terraform.root.environments.NAME]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    /// Relative to the root's path.
    #[serde(default)]
    pub var_files: Vec<PathBuf>,
    #[serde(default)]
    pub vars: BTreeMap<String, toml::Value>,
}

/// A severity setting of the file, the error naming its key.
fn severity_setting(key: &str, value: Option<&str>) -> Result<Option<Severity>, String> {
    value.map(|s| s.parse().map_err(|e| format!("`{key}`: {e}"))).transpose()
}

impl Config {
    /// The Terraform settings of this file, paths resolved against its directory.
    pub fn terraform_settings(&self) -> TerraformSettings {
        let base = self.dir.clone().unwrap_or_default();
        let roots = self
            .terraform
            .roots
            .iter()
            .map(|root| {
                let path = base.join(&root.path);
                let in_root = |files: &[PathBuf]| files.iter().map(|f| path.join(f)).collect::<Vec<_>>();
                let environments = if root.environments.is_empty() {
                    vec![EnvironmentSettings {
                        name: root.path.to_string_lossy().replace('\\', "/"),
                        var_files: in_root(&root.var_files),
                        vars: terraform_vars(&root.vars),
                    }]
                } else {
                    root.environments
                        .iter()
                        .map(|(name, environment)| {
                            let mut var_files = in_root(&root.var_files);
                            var_files.extend(in_root(&environment.var_files));
                            let mut vars = terraform_vars(&root.vars);
                            vars.extend(terraform_vars(&environment.vars));
                            EnvironmentSettings { name: name.clone(), var_files, vars }
                        })
                        .collect()
                };
                RootSettings { path, environments }
            })
            .collect();
        TerraformSettings {
            roots,
            var_files: self.terraform.var_files.iter().map(|f| base.join(f)).collect(),
            ..TerraformSettings::default()
        }
    }
}

/// `vars` values as Terraform's `-var` takes them: strings as they are, anything else written as
/// an expression (TOML arrays and tables in JSON form, which Terraform reads as HCL).
fn terraform_vars(vars: &BTreeMap<String, toml::Value>) -> Vec<(String, String)> {
    vars.iter()
        .map(|(name, value)| {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                other => serde_json::to_string(other).unwrap_or_default(),
            };
            (name.clone(), text)
        })
        .collect()
}

/// `[kubernetes]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KubernetesConfig {
    /// Directories (relative to this file; `*` and `?` match within one path segment) whose
    /// manifests are each applied to a cluster of their own (see `crate::clusters`).
    #[serde(default)]
    pub clusters: Vec<String>,
}

/// `[sarif]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SarifConfig {
    /// GitHub code scanning's analysis category (`automationDetails.id`); `--sarif-category`
    /// overrides it. Default: `tollgate/` and the scanned paths.
    pub category: Option<String>,
}

/// `[tags] required = ["owner", ...]`: the tag keys every taggable resource must carry.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagsConfig {
    /// `None` keeps the default keys (owner, environment, cost-center).
    pub required: Option<Vec<String>>,
}

/// Reads the `tollgate.toml` among `explicit`, or the nearest one at or above `start`; no file is
/// an empty config. A file of `explicit` named `conftest.toml` is Conftest's `-c conftest.toml`:
/// it is read in place of the working directory's `conftest.toml`. At most one of each kind.
pub fn load(explicit: &[PathBuf], start: &Path) -> Result<Config, String> {
    let (conftest, tollgate): (Vec<&PathBuf>, Vec<&PathBuf>) =
        explicit.iter().partition(|p| p.file_name().is_some_and(|name| name == CONFTEST_FILE_NAME));
    let one = |files: &[&PathBuf], kind: &str| match files {
        [] => Ok(None),
        [only] => Ok(Some(only.to_path_buf())),
        more => Err(format!(
            "--config names {} {kind} files ({}): give at most one",
            more.len(),
            more.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        )),
    };
    let conftest = one(&conftest, CONFTEST_FILE_NAME)?;
    let mut config = load_tollgate_toml(one(&tollgate, "tollgate configuration")?.as_deref(), start)?;
    if let Some(conftest) = conftest {
        if !conftest.is_file() {
            return Err(format!("cannot read config {}: no such file", conftest.display()));
        }
        config.policy.conftest_file = Some(conftest);
    }
    Ok(config)
}

/// Reads `explicit`, or the nearest `tollgate.toml` at or above `start`.
fn load_tollgate_toml(explicit: Option<&Path>, start: &Path) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => find_upwards(start),
    };
    let Some(path) = path else { return Ok(Config::default()) };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        let hint = if crate::policy_settings::is_conftest_toml(&text) {
            "\nThis is a Conftest configuration: name the file conftest.toml for --config to read it as one."
        } else {
            ""
        };
        format!("invalid config {}: {e}{hint}", path.display())
    })?;
    config.dir = path.parent().map(Path::to_path_buf);
    config.file = Some(path);
    Ok(config)
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
        severity_setting("fail_on", self.fail_on.as_deref())
    }

    pub fn min_severity(&self) -> Result<Option<Severity>, String> {
        severity_setting("min_severity", self.min_severity.as_deref())
    }
}
