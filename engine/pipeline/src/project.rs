//! Reading what a command works on: the configuration and the loaded graph. Shared by `scan`
//! and `inspect`, so `inspect` shows exactly the graph a scan checks.

use crate::config::{self, Config};
use crate::options::LoadArgs;
use crate::{clusters, inputs};
use std::path::{Path, PathBuf};
use tollgate_load::{display_path, load, LoadOptions, Loaded};
use tollgate_model::source::normalize_path;

/// The graph of what `args` names, loaded with its configuration; `on_message` hears the notes
/// about the configuration.
pub fn load_project(args: &LoadArgs, on_message: &mut dyn FnMut(&str)) -> Result<Loaded, String> {
    let config = load_config(args)?;
    config_notes(args, &config).iter().for_each(|note| on_message(note));
    load_graph(args, &config, false, None)
}

/// The configuration that applies to what `args` names: `--config`, or the nearest
/// `tollgate.toml` at or above the first path.
pub fn load_config(args: &LoadArgs) -> Result<Config, String> {
    let paths = inputs::file_paths(args);
    let first = paths.first().map(|p| p.as_path()).unwrap_or(Path::new("."));
    config::load(&args.config, first)
}

/// Loads the graph; `keep_documents` also keeps every file's parsed documents on it (for
/// Conftest- and Trivy-style policies), `parser` reads every file with that parser (`--parser`).
pub fn load_graph(
    args: &LoadArgs,
    config: &Config,
    keep_documents: bool,
    parser: Option<tollgate_formats::Parser>,
) -> Result<Loaded, String> {
    let sandbox = sandbox(args, config);
    inputs::check_named_paths(args, config, sandbox.as_ref())?;
    let clusters = clusters::cluster_dirs(config)?;
    let mut options = LoadOptions::new(inputs::file_paths(args));
    // Every path relative to the working directory (`infra/main.tf`), so they can be opened from
    // the terminal, whatever form each scan root was given in.
    options.relative_to = None;
    options.piped = inputs::piped_input(args, options.max_file_bytes)?;
    options.clusters = clusters;
    options.config_dir = args.config_dir.clone();
    options.terraform = config.terraform_settings();
    keep_roots_in_scan(&mut options);
    options.terraform.cli_var_files = args.var_files.clone();
    options.terraform.cli_vars = args.vars.clone();
    options.terraform.sandbox = sandbox;
    if args.tf_env || config.terraform.environment_variables {
        options.terraform.env_vars = terraform_environment();
    }
    options.render_helm = config.helm.render;
    options.helm = config.helm_settings();
    options.keep_documents = keep_documents;
    options.parser = parser;
    let loaded = load(&options).map_err(|e| e.to_string())?;
    let shown_roots: Vec<String> =
        options.terraform.roots.iter().map(|root| display_path(&root.path, &options)).collect();
    inputs::check_declared_vars(args, config, &shown_roots, &loaded)?;
    Ok(loaded)
}

/// Configured roots the scan paths do not reach are not part of this scan (`tollgate scan
/// charts/web` in a repository whose tollgate.toml lists Terraform roots elsewhere); a root
/// inside a scanned directory that holds no Terraform stays, and is reported as misconfigured.
fn keep_roots_in_scan(options: &mut LoadOptions) {
    let absolute = |path: &Path| std::path::absolute(path).map(|path| normalize_path(&path)).ok();
    let scanned: Vec<PathBuf> = options.roots.iter().filter_map(|path| absolute(path)).collect();
    options.terraform.roots.retain(|root| {
        let Some(root) = absolute(&root.path) else { return true };
        scanned.iter().any(|path| root.starts_with(path) || path.starts_with(&root))
    });
}

/// What the user should hear about the configuration before a load: a tollgate.toml under review
/// could widen what Terraform evaluation reads, so that is said.
pub fn config_notes(args: &LoadArgs, config: &Config) -> Vec<String> {
    let mut notes = Vec::new();
    if config.terraform.allow_outside_root && !args.allow_outside_root {
        notes.push(
            "note: tollgate.toml sets `allow_outside_root`: Terraform may read files outside the scan root".into(),
        );
    }
    notes
}

/// Where the load may read: the scan root, unless the command line or the configuration allows more.
fn sandbox(args: &LoadArgs, config: &Config) -> Option<tollgate_load::Sandbox> {
    let allowed = args.allow_outside_root || config.terraform.allow_outside_root;
    (!allowed).then(|| tollgate_load::sandbox_for(&inputs::file_paths(args), config.dir.as_deref()))
}

/// `TF_VAR_name=value` from the environment, as Terraform reads them.
fn terraform_environment() -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(name, value)| {
            let name = name.to_str()?.strip_prefix("TF_VAR_")?.to_string();
            Some((name, value.into_string().ok()?))
        })
        .filter(|(name, _)| !name.is_empty())
        .collect();
    vars.sort();
    vars
}
