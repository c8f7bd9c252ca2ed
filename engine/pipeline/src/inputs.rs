//! What a scan is given, checked before and after the load: a path the user names that does not
//! exist, a `--var` no root declares, or a scan that read nothing is a run that could not do what
//! was asked (exit 2), never a finding nor a pass.

use crate::config::Config;
use crate::options::LoadArgs;
use crate::policy_settings::PolicySettings;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use tollgate_load::{Loaded, Piped, Sandbox};
use tollgate_model::{Origin, TfBlock};

/// The path that stands for standard input among the scan paths.
pub const STDIN_PATH: &str = "-";

/// The name findings give standard input without `--stdin-filename`.
pub const STDIN_NAME: &str = tollgate_load::STDIN_NAME;

/// The scan paths other than `-`.
pub fn file_paths(args: &LoadArgs) -> Vec<PathBuf> {
    args.paths.iter().filter(|path| !is_stdin(path)).cloned().collect()
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN_PATH
}

/// Standard input when `-` is among the scan paths, read whole (up to `max_bytes`).
pub fn piped_input(args: &LoadArgs, max_bytes: u64) -> Result<Option<Piped>, String> {
    let count = args.paths.iter().filter(|path| is_stdin(path)).count();
    if count == 0 {
        if let Some(name) = &args.stdin_filename {
            return Err(format!("--stdin-filename `{name}` names standard input, but `-` is not among the scan paths"));
        }
        return Ok(None);
    }
    if count > 1 {
        return Err("`-` (standard input) is given more than once".to_string());
    }
    let bytes = match &args.stdin_bytes {
        Some(given) => given.clone(),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            bytes
        }
    };
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "standard input is over the {max_bytes}-byte limit for one file; write it to files and scan those"
        ));
    }
    // Shown as the walked files are: `/`-separated, without `./`.
    let name = match &args.stdin_filename {
        Some(name) => name.replace('\\', "/").trim_start_matches("./").to_string(),
        None => STDIN_NAME.to_string(),
    };
    Ok(Some(Piped { name, bytes }))
}

/// The files and directories the command line and `tollgate.toml` name beyond the scan roots:
/// each must exist, as `terraform plan -var-file` requires of its file.
pub fn check_named_paths(args: &LoadArgs, config: &Config, sandbox: Option<&Sandbox>) -> Result<(), String> {
    for file in &args.var_files {
        if !file.is_file() {
            return Err(format!("--var-file `{}` does not exist or is not a file", file.display()));
        }
    }
    let base = config.dir.clone().unwrap_or_default();
    let in_config = |path: &Path| base.join(path);
    // Whether a path outside the scan root exists is not told: the loader reports it instead.
    let inside = |path: &Path| sandbox.is_none_or(|sandbox| sandbox.contains(path));
    let missing = |path: &Path| !path.is_file() && inside(path);
    for file in &config.terraform.var_files {
        if missing(&in_config(file)) {
            return Err(format!(
                "`terraform.var_files`: `{}` does not exist or is not a file",
                in_config(file).display()
            ));
        }
    }
    for root in &config.terraform.roots {
        let dir = in_config(&root.path);
        if !dir.is_dir() && inside(&dir) {
            return Err(format!("`terraform.root` `{}`: `{}` is not a directory", root.path.display(), dir.display()));
        }
        let environments =
            root.environments.iter().flat_map(|(name, env)| env.var_files.iter().map(move |f| (Some(name), f)));
        let var_files = root.var_files.iter().map(|f| (None, f)).chain(environments);
        for (environment, file) in var_files {
            if missing(&dir.join(file)) {
                let which = environment.map(|name| format!(" (environment `{name}`)")).unwrap_or_default();
                return Err(format!(
                    "`terraform.root` `{}`{which}: var file `{}` does not exist or is not a file",
                    root.path.display(),
                    dir.join(file).display()
                ));
            }
        }
    }
    Ok(())
}

/// Each `--policy` and `--data` path (from flags, `tollgate.toml` or `conftest.toml`) must exist,
/// and each named policy path must hold a `.rego` file (Conftest: "no policies found"); the
/// default `policy/` is exempt, as Terraform repositories keep IAM policy JSON under that name.
pub fn check_policy_paths(settings: &PolicySettings) -> Result<(), String> {
    let missing = |paths: &[PathBuf]| paths.iter().find(|path| std::fs::metadata(path).is_err()).cloned();
    if let Some(path) = missing(&settings.dirs) {
        return Err(format!(
            "policy path `{}` does not exist (given with --policy or in a configuration file)",
            path.display()
        ));
    }
    let empty = settings.dirs.iter().find(|dir| !settings.default_dir && !tollgate_policy::has_policy_files(dir));
    if let Some(dir) = empty {
        return Err(format!(
            "no policies found in `{}`: it holds no `.rego` file (given with --policy or in a configuration file); point it at your policy directory",
            dir.display()
        ));
    }
    let data = &settings.data;
    if let Some(path) = missing(data) {
        return Err(format!(
            "data path `{}` does not exist (given with --data or in a configuration file)",
            path.display()
        ));
    }
    Ok(())
}

/// The variables each evaluated root module declares, by the root's directory as reports show it.
fn declared_variables(loaded: &Loaded) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut roots: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, resource) in loaded.graph.resources() {
        let Origin::Terraform(origin) = &resource.origin else { continue };
        if !origin.module_path.is_empty() {
            continue;
        }
        let declared = roots.entry(origin.module_dir.as_str()).or_default();
        if origin.block == TfBlock::Variable {
            declared.insert(resource.name.as_str());
        }
    }
    roots
}

/// Terraform rejects `-var name=value` for a variable its root module does not declare ("Value
/// for undeclared variable"). Tollgate gives `--var` to every root, so it rejects a name that no
/// scanned root declares (a name some roots declare is for those roots); the `vars` of a
/// `tollgate.toml` root (`shown_roots`: its directory as reports show it) must be declared by
/// that root, when it was scanned.
pub fn check_declared_vars(
    args: &LoadArgs,
    config: &Config,
    shown_roots: &[String],
    loaded: &Loaded,
) -> Result<(), String> {
    let roots = declared_variables(loaded);
    let declared_anywhere = |name: &str| roots.values().any(|declared| declared.contains(name));
    if let Some((name, _)) = args.vars.iter().find(|(name, _)| !declared_anywhere(name)) {
        if roots.is_empty() {
            return Err(format!("--var `{name}`: the scan has no Terraform root module to take it"));
        }
        let shown: Vec<String> = roots.keys().map(|dir| format!("`{dir}`")).collect();
        return Err(format!(
            "--var `{name}`: no scanned root module declares a variable named \"{name}\" (roots: {}); as in \
             Terraform, a value for an undeclared variable is an error: add a `variable \"{name}\"` block or drop \
             the --var",
            shown.join(", ")
        ));
    }
    for (root, shown) in config.terraform.roots.iter().zip(shown_roots) {
        let Some(declared) = roots.get(shown.as_str()) else { continue };
        let environments = root
            .environments
            .iter()
            .flat_map(|(env, settings)| settings.vars.keys().map(move |name| (Some(env), name)));
        let mut vars = root.vars.keys().map(|name| (None, name)).chain(environments);
        if let Some((environment, name)) = vars.find(|(_, name)| !declared.contains(name.as_str())) {
            let which = environment.map(|env| format!(" environment `{env}`")).unwrap_or_default();
            return Err(format!(
                "`terraform.root` `{}`{which}: `vars.{name}`: the root module declares no variable named \"{name}\"; \
                 add a `variable \"{name}\"` block or remove the value",
                root.path.display()
            ));
        }
    }
    Ok(())
}

/// A scan in which nothing counted (no resource, no document a policy read, no error) did not
/// check anything, which must not read as a pass.
pub fn check_not_empty(args: &LoadArgs, loaded: &Loaded) -> Result<(), String> {
    let checked = !loaded.graph.is_empty() || !loaded.graph.parsed_files().is_empty();
    if checked || !loaded.errors.is_empty() || !loaded.notices.is_empty() {
        return Ok(());
    }
    let walked: Vec<String> = args
        .paths
        .iter()
        .map(|path| if is_stdin(path) { "standard input".to_string() } else { format!("`{}`", path.display()) })
        .collect();
    let mut why = match loaded.files_scanned {
        0 => {
            "no Terraform (`.tf`, `.tf.json`, `.tfvars`), plan JSON or Kubernetes (`.yaml`, `.yml`, `.json`) file was \
              read"
                .to_string()
        }
        1 => "1 file read, with no Terraform block or Kubernetes object in it".to_string(),
        n => format!("{n} files read, with no Terraform block or Kubernetes object in them"),
    };
    if !loaded.skipped.is_empty() {
        why.push_str(&format!("; skipped: {}", skipped_summary(loaded)));
    }
    Err(format!("nothing was scanned in {}: {why}; pass --allow-empty if an empty scan is expected", walked.join(", ")))
}

/// The first few skipped paths with their reasons, and how many more.
fn skipped_summary(loaded: &Loaded) -> String {
    const SHOWN: usize = 3;
    let mut parts: Vec<String> =
        loaded.skipped.iter().take(SHOWN).map(|skip| format!("`{}` ({})", skip.file, skip.reason)).collect();
    if loaded.skipped.len() > SHOWN {
        parts.push(format!("{} more (see the report with --allow-empty)", loaded.skipped.len() - SHOWN));
    }
    parts.join(", ")
}
