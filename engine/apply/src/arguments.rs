//! The arguments of `terraform plan`: the var files and variables of `tollgate.toml` for the
//! root being applied (`[terraform] var_files`, then the root's, then its environment's), then
//! the command line's `--var-file` and `--var`, then whatever followed `--`, in the order
//! Terraform gives precedence (later wins).

use std::path::{Path, PathBuf};
use tollgate_pipeline::config::Config;

/// What the command line adds to the configured values.
#[derive(Debug, Clone, Default)]
pub struct PlanInputs {
    /// `--environment`: which of the root's environments in `tollgate.toml`.
    pub environment: Option<String>,
    pub var_files: Vec<PathBuf>,
    pub vars: Vec<(String, String)>,
    /// After `--`, passed to `terraform plan` as they are.
    pub extra: Vec<String>,
}

/// The `terraform plan` arguments for the root in `dir`. Paths are made absolute, since
/// Terraform runs in `dir`.
pub fn plan_arguments(config: &Config, dir: &Path, inputs: &PlanInputs) -> Result<Vec<String>, String> {
    let settings = config.terraform_settings();
    let mut var_files = settings.var_files.clone();
    let mut vars = Vec::new();
    match configured_root(&settings.roots, dir) {
        Some(index) => {
            let root = &settings.roots[index];
            let named = !config.terraform.roots[index].environments.is_empty();
            let environment = match (&inputs.environment, named) {
                (None, false) => root.environments.first(),
                (Some(name), true) => root.environments.iter().find(|e| &e.name == name),
                (None, true) if root.environments.len() == 1 => root.environments.first(),
                (None, true) => return Err(choose_environment(&root.path, &root.environments)),
                (Some(name), false) => {
                    return Err(format!(
                        "--environment {name}: the root `{}` has no environments in tollgate.toml",
                        dir.display()
                    ))
                }
            };
            let Some(environment) = environment else {
                return Err(choose_environment(&root.path, &root.environments));
            };
            var_files.extend(environment.var_files.iter().cloned());
            vars.extend(environment.vars.iter().cloned());
        }
        None => {
            if let Some(name) = &inputs.environment {
                return Err(format!(
                    "--environment {name}: `{}` is not a `[[terraform.root]]` of tollgate.toml",
                    dir.display()
                ));
            }
        }
    }
    var_files.extend(inputs.var_files.iter().cloned());
    vars.extend(inputs.vars.iter().cloned());
    let mut args = Vec::new();
    for file in var_files {
        let absolute = std::path::absolute(&file).map_err(|e| format!("var file `{}`: {e}", file.display()))?;
        if !absolute.is_file() {
            return Err(format!("var file `{}` does not exist", file.display()));
        }
        args.push(format!("-var-file={}", absolute.display()));
    }
    args.extend(vars.iter().map(|(name, value)| format!("-var={name}={value}")));
    args.extend(inputs.extra.iter().cloned());
    Ok(args)
}

/// The index of the configured root that is `dir`.
fn configured_root(roots: &[tollgate_pipeline::config::RootSettings], dir: &Path) -> Option<usize> {
    let canonical = |path: &Path| std::fs::canonicalize(path).ok();
    let dir = canonical(dir)?;
    roots.iter().position(|root| canonical(&root.path).as_ref() == Some(&dir))
}

fn choose_environment(root: &Path, environments: &[tollgate_pipeline::config::EnvironmentSettings]) -> String {
    let names: Vec<&str> = environments.iter().map(|e| e.name.as_str()).collect();
    format!(
        "the root `{}` has environments {} in tollgate.toml: choose one with --environment",
        root.display(),
        names.join(", ")
    )
}
