//! `tollgate init`: what a repository holds, found by loading it as a scan does, for a starter
//! `tollgate.toml` ([`crate::init_template`]). Nothing is guessed that could hide a finding: rules
//! are never disabled, and only settings that make Terraform evaluate as the team's pipeline does
//! (each root's var files as environments) are written active.

use crate::config::Config;
use crate::options::LoadArgs;
use crate::paths;
use crate::project::load_graph;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tollgate_model::{NoticeKind, Origin};

/// What `init` found in a directory; every path relative to it, `/`-separated.
#[derive(Debug, Default, PartialEq)]
pub struct Detected {
    /// Terraform roots, in path order.
    pub roots: Vec<DetectedRoot>,
    /// Directories holding Kubernetes manifests.
    pub kubernetes_dirs: Vec<String>,
    /// Directories holding `.rego` files.
    pub policy_dirs: Vec<String>,
    /// Module calls Terraform would download (`terraform init` not run): reported as TG002.
    pub unresolved_modules: usize,
    /// A `.tollgate-baseline.json` is there.
    pub baseline: bool,
}

/// A root module and the var files its environments are planned with.
#[derive(Debug, Default, PartialEq)]
pub struct DetectedRoot {
    pub path: String,
    /// Var files (relative to the root) applied to every environment: those beside the root's
    /// `.tf` files when the environments' own are in a subdirectory.
    pub shared_var_files: Vec<String>,
    /// Environment name (the var file's name without extension) and its var file.
    pub environments: Vec<(String, String)>,
}

/// Loads `dir` without any configuration and says what is in it.
pub fn detect(dir: &Path) -> Result<Detected, String> {
    let args = LoadArgs { paths: vec![dir.to_path_buf()], ..LoadArgs::default() };
    let loaded = load_graph(&args, &Config::default(), false, None)?;
    let graph = &loaded.graph;
    let mut roots = BTreeSet::new();
    let mut kubernetes_dirs = BTreeSet::new();
    for (_, resource) in graph.resources() {
        match &resource.origin {
            Origin::Terraform(origin) => roots.extend(origin.root.as_deref().map(|root| paths::relative_to(root, dir))),
            Origin::Kubernetes(_) => {
                let file = paths::relative_to(graph.sources().path(resource.span.file), dir);
                kubernetes_dirs.insert(parent_of(&file));
            }
        }
    }
    let unresolved: BTreeSet<&str> = loaded
        .notices
        .iter()
        .filter(|notice| notice.kind == NoticeKind::UnresolvedModule)
        .map(|notice| notice.address.as_str())
        .collect();
    Ok(Detected {
        roots: roots.into_iter().map(|root| detect_root(dir, root)).collect(),
        kubernetes_dirs: kubernetes_dirs.into_iter().collect(),
        policy_dirs: dirs_with_rego(dir),
        unresolved_modules: unresolved.len(),
        baseline: dir.join(crate::baseline::DEFAULT_FILE_NAME).is_file(),
    })
}

fn parent_of(file: &str) -> String {
    match file.rsplit_once('/') {
        Some((parent, _)) => parent.to_string(),
        None => ".".to_string(),
    }
}

/// A root's environments: the var files of its subdirectories without `.tf` files
/// (`environments/prod.tfvars`), the files beside its `.tf` files then shared by all of them; or,
/// with none in subdirectories, each var file beside the `.tf` files is an environment. Files
/// Terraform loads by itself (`terraform.tfvars`, `*.auto.tfvars`) are left to it.
fn detect_root(dir: &Path, path: String) -> DetectedRoot {
    let root = dir.join(&path);
    let beside = var_files_in(&root, "");
    let mut in_subdirs = Vec::new();
    for sub in sorted_entries(&root).into_iter().filter(|p| p.is_dir() && !is_hidden(p)) {
        if !sorted_entries(&sub).iter().any(|f| f.extension().is_some_and(|e| e == "tf")) {
            let name = sub.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            in_subdirs.extend(var_files_in(&sub, &format!("{name}/")));
        }
    }
    let (shared_var_files, environment_files) =
        if in_subdirs.is_empty() { (Vec::new(), beside) } else { (beside, in_subdirs) };
    let mut environments: BTreeMap<String, String> = BTreeMap::new();
    for file in environment_files {
        environments.entry(environment_name(&file)).or_insert(file);
    }
    DetectedRoot { path, shared_var_files, environments: environments.into_iter().collect() }
}

/// The var files of `dir` Terraform does not load by itself, named `prefix` + file name.
fn var_files_in(dir: &Path, prefix: &str) -> Vec<String> {
    sorted_entries(dir)
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .filter(|name| name.ends_with(".tfvars") || name.ends_with(".tfvars.json"))
        .filter(|name| !name.starts_with("terraform.tfvars") && !name.contains(".auto.tfvars"))
        .map(|name| format!("{prefix}{name}"))
        .collect()
}

/// `environments/prod.tfvars.json` is `prod`.
fn environment_name(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.trim_end_matches(".json").trim_end_matches(".tfvars").to_string()
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|read| read.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    entries.sort();
    entries
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name.to_string_lossy().starts_with('.'))
}

/// Directories under `dir` holding `.rego` files (hidden directories and `node_modules` are not
/// entered; at most a few thousand directories are looked at).
fn dirs_with_rego(dir: &Path) -> Vec<String> {
    const MAX_DIRS: usize = 5_000;
    let mut found = BTreeSet::new();
    let mut pending = vec![dir.to_path_buf()];
    let mut visited = 0;
    while let Some(current) = pending.pop() {
        visited += 1;
        if visited > MAX_DIRS {
            break;
        }
        for entry in sorted_entries(&current) {
            // Symbolic links are not followed: a link to a parent would never end.
            let is_dir = std::fs::symlink_metadata(&entry).is_ok_and(|meta| meta.is_dir());
            if is_dir && !is_hidden(&entry) && !entry.ends_with("node_modules") {
                pending.push(entry);
            } else if entry.extension().is_some_and(|e| e == "rego") {
                let parent = current.strip_prefix(dir).unwrap_or(&current).to_string_lossy().replace('\\', "/");
                found.insert(if parent.is_empty() { ".".to_string() } else { parent });
            }
        }
    }
    found.into_iter().collect()
}
