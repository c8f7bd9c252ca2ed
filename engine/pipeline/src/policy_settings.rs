//! How the user's Rego policies are found and run: the `--policy` family of flags, `[policy]` in
//! `tollgate.toml`, and the settings of a `conftest.toml` in the working directory that have a
//! Tollgate equivalent. Flags win over `tollgate.toml`, which wins over `conftest.toml`.

use crate::options::{PolicyArgs, RegoVersion};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tollgate_policy::{BuiltinPolicy, Capabilities};

/// `[policy]` in `tollgate.toml` (paths relative to the file's directory).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// Directories (or files) of Rego policies, like `--policy`.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    /// Packages whose Conftest rules run, like `--namespace` [default: main].
    pub namespaces: Option<Vec<String>>,
    pub all_namespaces: Option<bool>,
    /// JSON/YAML files or directories loaded under `data`, like `--data`.
    #[serde(default)]
    pub data: Vec<PathBuf>,
    pub combine: Option<bool>,
    pub fail_on_warn: Option<bool>,
    pub rego_version: Option<RegoVersion>,
    /// Builtin errors are errors, like `--strict`.
    pub strict: Option<bool>,
    /// Conftest's parser for every file, like `--parser`.
    pub parser: Option<String>,
    /// Whether a `conftest.toml` in the working directory is read [default: true].
    pub read_conftest_toml: Option<bool>,
    /// A `conftest.toml` named with `--config`, read in place of the working directory's.
    #[serde(skip)]
    pub conftest_file: Option<PathBuf>,
    /// An OPA capabilities JSON file, like `--capabilities`: only the builtins it lists may be called.
    pub capabilities: Option<PathBuf>,
    /// Builtins allowed or refused on top of the defaults or the capabilities file.
    #[serde(default)]
    pub builtins: BuiltinsConfig,
}

/// `[policy] builtins = { allow = [...], deny = [...] }`: builtin names or `prefix.*` patterns.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinsConfig {
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub deny: Vec<String>,
}

/// The resolved settings of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySettings {
    pub dirs: Vec<PathBuf>,
    /// `dirs` is the default `policy/` (no path was named): it may hold other files than Rego.
    pub default_dir: bool,
    pub namespaces: Vec<String>,
    pub all_namespaces: bool,
    pub data: Vec<PathBuf>,
    pub combine: bool,
    pub fail_on_warn: bool,
    pub rego_v0: bool,
    pub strict: bool,
    /// `--parser`: the parser every file is read with.
    pub parser: Option<tollgate_formats::Parser>,
    /// Which builtins the policies may call.
    pub builtins: BuiltinPolicy,
    /// What was read from `conftest.toml` and what in it was ignored, for the user to see.
    pub notes: Vec<String>,
}

/// The settings a `conftest.toml` holds that Tollgate has an equivalent for.
#[derive(Debug, Default, PartialEq)]
struct ConftestToml {
    policy: Vec<PathBuf>,
    namespace: Vec<String>,
    all_namespaces: Option<bool>,
    data: Vec<PathBuf>,
    combine: Option<bool>,
    fail_on_warn: Option<bool>,
    rego_v0: Option<bool>,
    strict: Option<bool>,
    parser: Option<String>,
    capabilities: Option<PathBuf>,
    ignored: Vec<String>,
}

/// Resolves the settings: `args` first, then `config` (with `config_dir` its directory), then
/// `conftest.toml` in `working_dir`, then the defaults (`policy/` when it exists, namespace `main`).
pub fn resolve(
    args: &PolicyArgs,
    config: &PolicyConfig,
    config_dir: &Path,
    working_dir: &Path,
) -> Result<PolicySettings, String> {
    let named_file = config.conftest_file.clone();
    let conftest_path = named_file.clone().unwrap_or_else(|| working_dir.join(crate::config::CONFTEST_FILE_NAME));
    // Paths in it are relative to the working directory, as Conftest reads them, wherever it is.
    let conftest = if named_file.is_some() || (config.read_conftest_toml != Some(false) && conftest_path.is_file()) {
        let text = std::fs::read_to_string(&conftest_path)
            .map_err(|e| format!("cannot read {}: {e}", conftest_path.display()))?;
        parse_conftest_toml(&text, working_dir).map_err(|e| format!("invalid {}: {e}", conftest_path.display()))?
    } else {
        ConftestToml::default()
    };
    let in_config = |paths: &[PathBuf]| paths.iter().map(|p| config_dir.join(p)).collect::<Vec<_>>();
    let first_non_empty = |lists: [Vec<PathBuf>; 3]| lists.into_iter().find(|l| !l.is_empty()).unwrap_or_default();

    let default_dir = working_dir.join("policy");
    let mut dirs = first_non_empty([args.policies.clone(), in_config(&config.paths), conftest.policy.clone()]);
    let named = !dirs.is_empty();
    if !named && default_dir.is_dir() {
        dirs.push(PathBuf::from("policy"));
    }
    let namespaces =
        [args.namespaces.clone(), config.namespaces.clone().unwrap_or_default(), conftest.namespace.clone()]
            .into_iter()
            .find(|l| !l.is_empty())
            .unwrap_or_else(|| vec!["main".to_string()]);
    let flag = |cli: bool, toml: Option<bool>, conftest: Option<bool>| cli || toml.or(conftest).unwrap_or(false);
    let rego_v0 = match args.rego_version.or(config.rego_version) {
        Some(version) => version == RegoVersion::V0,
        None => conftest.rego_v0.unwrap_or(false),
    };
    let capabilities = args
        .capabilities
        .clone()
        .or(config.capabilities.as_ref().map(|p| config_dir.join(p)))
        .or(conftest.capabilities.clone());
    let builtins = builtin_policy(capabilities.as_deref(), &config.builtins)?;
    let mut notes = Vec::new();
    if conftest != ConftestToml::default() {
        notes.push(format!("read policy settings from {}", conftest_path.display()));
    }
    notes.extend(
        conftest
            .ignored
            .iter()
            .map(|key| format!("{}: `{key}` has no Tollgate equivalent and was ignored", conftest_path.display())),
    );
    Ok(PolicySettings {
        default_dir: !named && !dirs.is_empty(),
        dirs,
        namespaces,
        all_namespaces: flag(args.all_namespaces, config.all_namespaces, conftest.all_namespaces),
        data: first_non_empty([args.data.clone(), in_config(&config.data), conftest.data.clone()]),
        combine: flag(args.combine, config.combine, conftest.combine),
        fail_on_warn: flag(args.fail_on_warn, config.fail_on_warn, conftest.fail_on_warn),
        rego_v0,
        strict: flag(args.strict, config.strict, conftest.strict),
        parser: parser_named(args.parser.as_ref().or(config.parser.as_ref()).or(conftest.parser.as_ref()))?,
        builtins,
        notes,
    })
}

/// The Conftest parser `name` names; an unknown name is an error listing the valid ones.
fn parser_named(name: Option<&String>) -> Result<Option<tollgate_formats::Parser>, String> {
    let Some(name) = name else { return Ok(None) };
    tollgate_formats::parser_named(name).map(Some).ok_or_else(|| {
        format!(
            "unknown parser `{name}`: valid parsers are {} (Conftest's {} are not supported)",
            tollgate_formats::SUPPORTED_PARSERS.join(", "),
            tollgate_formats::UNSUPPORTED_PARSERS.join(", ")
        )
    })
}

/// Whether `text` is a `conftest.toml` Tollgate reads entirely (every key a Conftest setting it has).
pub fn is_conftest_toml(text: &str) -> bool {
    parse_conftest_toml(text, Path::new("")).is_ok_and(|conftest| conftest.ignored.is_empty())
}

/// The capabilities file (read and parsed) with `[policy] builtins`; an unreadable or malformed
/// file, or an unknown builtin name, is an error (exit 2), never a silently wider allow-list.
fn builtin_policy(capabilities: Option<&Path>, config: &BuiltinsConfig) -> Result<BuiltinPolicy, String> {
    let capabilities = match capabilities {
        Some(path) => {
            let name = path.display().to_string();
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read capabilities file {name}: {e}"))?;
            Some(Capabilities::parse(&name, &text)?)
        }
        None => None,
    };
    let policy = BuiltinPolicy { capabilities, allow: config.allow.clone(), deny: config.deny.clone() };
    policy.validate().map_err(|e| format!("invalid [policy] in tollgate.toml: {e}"))?;
    Ok(policy)
}

/// Reads the keys of `conftest.toml` (Conftest's flag names) that Tollgate has an equivalent for.
/// A key of the wrong type is an error naming it; other keys are listed as ignored.
fn parse_conftest_toml(text: &str, dir: &Path) -> Result<ConftestToml, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = ConftestToml::default();
    for (key, value) in &table {
        match key.as_str() {
            "policy" => out.policy = strings(key, value)?.into_iter().map(|p| dir.join(p)).collect(),
            "data" => out.data = strings(key, value)?.into_iter().map(|p| dir.join(p)).collect(),
            "namespace" => out.namespace = strings(key, value)?,
            "all-namespaces" => out.all_namespaces = Some(boolean(key, value)?),
            "combine" => out.combine = Some(boolean(key, value)?),
            "fail-on-warn" => out.fail_on_warn = Some(boolean(key, value)?),
            "strict" => out.strict = Some(boolean(key, value)?),
            "parser" => {
                out.parser = Some(value.as_str().ok_or_else(|| "`parser` must be a string".to_string())?.to_string())
            }
            "capabilities" => {
                let path = value.as_str().ok_or_else(|| format!("`{key}` must be a path"))?;
                out.capabilities = Some(dir.join(path));
            }
            "rego-version" => {
                out.rego_v0 = Some(match value.as_str() {
                    Some("v0") => true,
                    Some("v1") => false,
                    _ => return Err(format!("`rego-version` must be \"v0\" or \"v1\", not {value}")),
                })
            }
            _ => out.ignored.push(key.clone()),
        }
    }
    Ok(out)
}

/// A string or a list of strings (Conftest takes both for its repeatable flags).
fn strings(key: &str, value: &toml::Value) -> Result<Vec<String>, String> {
    let wrong = || format!("`{key}` must be a string or a list of strings");
    match value {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(items) => items.iter().map(|i| i.as_str().map(str::to_string).ok_or_else(wrong)).collect(),
        _ => Err(wrong()),
    }
}

fn boolean(key: &str, value: &toml::Value) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| format!("`{key}` must be true or false"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> PolicyArgs {
        PolicyArgs::default()
    }

    #[test]
    fn flags_win_over_tollgate_toml_which_wins_over_conftest_toml() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(
            root.join("conftest.toml"),
            "policy = \"conftest-policies\"\nnamespace = [\"k8s\", \"tf\"]\nfail-on-warn = true\nstrict = true\noutput = \"json\"\n",
        )
        .expect("write");
        let from_conftest = resolve(&args(), &PolicyConfig::default(), root, root).expect("settings");
        assert_eq!(from_conftest.dirs, [root.join("conftest-policies")]);
        assert_eq!(from_conftest.namespaces, ["k8s", "tf"]);
        assert!(from_conftest.fail_on_warn);
        assert!(from_conftest.strict);
        assert!(
            from_conftest.notes.iter().any(|n| n.contains("`output` has no Tollgate equivalent")),
            "{:?}",
            from_conftest.notes
        );

        let config: PolicyConfig =
            toml::from_str("paths = [\"org\"]\nnamespaces = [\"org\"]\nfail_on_warn = false\nrego_version = \"v0\"\n")
                .expect("config");
        let from_config = resolve(&args(), &config, Path::new("/etc/tg"), root).expect("settings");
        assert_eq!(from_config.dirs, [PathBuf::from("/etc/tg/org")]);
        assert_eq!(from_config.namespaces, ["org"]);
        assert!(!from_config.fail_on_warn);
        assert!(from_config.rego_v0);
        let strict_config = PolicyConfig { strict: Some(true), ..PolicyConfig::default() };
        assert!(resolve(&args(), &strict_config, Path::new("/etc/tg"), root).expect("settings").strict);

        let mut flags = args();
        flags.policies = vec!["mine".into()];
        flags.namespaces = vec!["mine".into()];
        flags.rego_version = Some(RegoVersion::V1);
        let from_flags = resolve(&flags, &config, Path::new("/etc/tg"), root).expect("settings");
        assert_eq!(from_flags.dirs, [PathBuf::from("mine")]);
        assert_eq!(from_flags.namespaces, ["mine"]);
        assert!(!from_flags.rego_v0);
    }

    #[test]
    fn defaults_and_bad_conftest_toml() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let plain = resolve(&args(), &PolicyConfig::default(), root, root).expect("settings");
        assert!(plain.dirs.is_empty());
        assert_eq!(plain.namespaces, ["main"]);
        assert!(!plain.strict, "OPA's default: builtin errors are undefined");
        std::fs::create_dir(root.join("policy")).expect("mkdir");
        assert_eq!(
            resolve(&args(), &PolicyConfig::default(), root, root).expect("settings").dirs,
            [PathBuf::from("policy")]
        );

        std::fs::write(root.join("conftest.toml"), "combine = \"yes\"\n").expect("write");
        let error = resolve(&args(), &PolicyConfig::default(), root, root).expect_err("wrong type");
        assert!(error.contains("`combine` must be true or false"), "{error}");
        let skip = PolicyConfig { read_conftest_toml: Some(false), ..PolicyConfig::default() };
        assert!(resolve(&args(), &skip, root, root).is_ok());
    }

    #[test]
    fn parser_comes_from_the_flag_then_tollgate_toml_then_conftest_toml() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("conftest.toml"), "parser = \"ini\"\n").expect("write");
        let from_conftest = resolve(&args(), &PolicyConfig::default(), root, root).expect("settings");
        assert_eq!(from_conftest.parser, Some(tollgate_formats::Parser::Format(tollgate_formats::Format::Ini)));
        let config = PolicyConfig { parser: Some("toml".into()), ..PolicyConfig::default() };
        let from_config = resolve(&args(), &config, root, root).expect("settings");
        assert_eq!(from_config.parser, Some(tollgate_formats::Parser::Format(tollgate_formats::Format::Toml)));
        let flags = PolicyArgs { parser: Some("cue".into()), ..PolicyArgs::default() };
        let from_flags = resolve(&flags, &config, root, root).expect("settings");
        assert_eq!(from_flags.parser, Some(tollgate_formats::Parser::Unsupported("cue")));
        let unknown = PolicyArgs { parser: Some("tomll".into()), ..PolicyArgs::default() };
        let error = resolve(&unknown, &config, root, root).expect_err("unknown parser");
        assert!(error.contains("unknown parser `tomll`: valid parsers are dockerfile, dotenv, hcl2"), "{error}");
    }

    #[test]
    fn capabilities_from_conftest_toml_and_tollgate_toml_flag_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("conftest.toml"), "capabilities = \"opa.json\"\n").expect("write");
        std::fs::write(root.join("opa.json"), r#"{"builtins": [{"name": "count"}]}"#).expect("write");
        std::fs::write(root.join("mine.json"), r#"{"builtins": [{"name": "sum"}]}"#).expect("write");
        let listed = |settings: &PolicySettings| {
            let capabilities = settings.builtins.capabilities.as_ref().expect("capabilities");
            capabilities.builtins.iter().cloned().collect::<Vec<_>>()
        };
        let from_conftest = resolve(&args(), &PolicyConfig::default(), root, root).expect("settings");
        assert_eq!(listed(&from_conftest), ["count"]);
        let config = PolicyConfig { capabilities: Some("mine.json".into()), ..PolicyConfig::default() };
        assert_eq!(listed(&resolve(&args(), &config, root, root).expect("settings")), ["sum"]);
        let mut flags = args();
        flags.capabilities = Some(root.join("opa.json"));
        assert_eq!(listed(&resolve(&flags, &config, root, root).expect("settings")), ["count"]);
    }
}
