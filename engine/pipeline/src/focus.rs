//! Focused scans (`--only-files`, what the pre-commit hook runs): the scan paths are files, and
//! the report keeps only what is located in them, but each is checked with the neighbours its
//! findings depend on:
//! - a Terraform file (`.tf`, `.tf.json`, `.tfvars`): its module (every Terraform file of its
//!   directory) and every module of the project whose local module calls reach it, directly
//!   or through other modules, so a module is evaluated with the values its roots give it (its
//!   roots are then the only roots evaluated: Terraform evaluates a called module that way);
//! - a Kubernetes manifest (`.yaml`, `.yml`, `.json` with objects): the YAML and JSON files of its
//!   directory, every manifest of the project whose objects share a namespace with it or
//!   name none (cluster-scoped objects, and objects whose namespace is given when they are
//!   applied: Tollgate counts those as one namespace, and a quota among them may apply to any),
//!   and the kustomizations that name it as a patch;
//! - a file of a Helm chart (a template, a values file): the whole chart, rendered as a scan
//!   renders it, with the Argo CD Applications and `helm_release`s that deploy it and every
//!   manifest of the project (the namespaces its objects land in are known only once rendered);
//!   what any template of the chart produces is reported;
//! - any other file (a plan JSON, a YAML file without objects): itself.
//!
//! The project is the directory of the `tollgate.toml` that applies, else the repository (the
//! nearest directory at or above the first named file holding `.git`), else the current
//! directory. Which files are neighbours is decided by a pre-pass that reads the project's
//! Terraform and manifest files as text ([`index`]); only the named files and
//! their neighbours are parsed and evaluated, so the scan costs what the focused modules and
//! namespaces cost. Files an ignore file excludes (and files of a chart when `[helm] render =
//! false`) are not scanned (as in a scan of the directory) and are listed as skipped.

mod charts;
mod index;

use crate::config::Config;
use crate::options::{LoadArgs, ScanOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tollgate_load::{display_path, scannable_files, FileKind, LoadOptions};
use tollgate_model::source::normalize_path;
use tollgate_model::{ScanReport, Skip, SourceMap};

/// A focused scan: what to load, and which files the report is about.
#[derive(Debug)]
pub struct Focus {
    /// The load settings of the scan with the named files and their neighbours as paths.
    pub load: LoadArgs,
    /// The named files, as reports show them.
    shown: BTreeSet<String>,
    /// Named files that are not scanned, and why.
    skipped: Vec<Skip>,
    /// The charts holding named files, as reports show them: each is rendered, and what its
    /// templates produce is reported.
    charts: BTreeSet<String>,
}

/// The focus of a scan with `--only-files` (`None` without it). Configured Terraform roots the
/// focus does not load are dropped from `config` (they are not part of this scan).
pub fn plan(options: &ScanOptions, config: &mut Config) -> Result<Option<Focus>, String> {
    if !options.only_files {
        return Ok(None);
    }
    let named = named_files(&options.load.paths)?;
    let project = project_root(&named, config);
    // One walk of the project (names only, nothing read) answers which named files a scan reads
    // (ignore files apply to the directories above them too) and lists the candidate neighbours.
    let mut listings = Listings::walk(&project);
    let render = config.helm.render;
    let (scanned, skipped, in_charts) = sort_named(&named, &mut listings, &project, render);
    if scanned.is_empty() && in_charts.is_empty() && !options.allow_empty {
        let why: Vec<String> = skipped.iter().map(|skip| format!("`{}` ({})", skip.file, skip.reason)).collect();
        return Err(format!(
            "nothing was scanned: {}; pass --allow-empty if an empty scan is expected",
            why.join(", ")
        ));
    }
    let mut load: BTreeSet<PathBuf> = scanned.iter().map(|(file, _)| file.clone()).collect();
    let mut terraform_dirs: BTreeSet<PathBuf> =
        scanned.iter().filter(|(_, kind)| is_terraform(*kind)).filter_map(|(file, _)| parent(file)).collect();
    terraform_dirs.extend(roots_reading(config, &load));
    let charts: BTreeSet<PathBuf> = in_charts.iter().map(|(_, chart)| chart.clone()).collect();
    if !charts.is_empty() {
        load.extend(charts.iter().cloned());
        let terraform = listings.all(|kind| matches!(kind, FileKind::Terraform | FileKind::TerraformJson));
        terraform_dirs.extend(charts::helm_release_files(&charts, &terraform).iter().filter_map(|file| parent(file)));
        // Which namespaces rendered objects land in is known only once rendered: every manifest
        // that may hold their Namespace, quota, LimitRange or NetworkPolicy is a neighbour (and
        // so is every Argo CD Application that may deploy the chart).
        load.extend(listings.all(is_manifest_kind));
    }
    let manifests: Vec<&PathBuf> = scanned
        .iter()
        .filter(|(_, kind)| is_manifest_kind(*kind))
        .map(|(file, _)| file)
        .filter(|file| holds_objects(file))
        .collect();
    let modules = module_neighbours(&terraform_dirs, &listings);
    load.extend(modules.iter().flat_map(|dir| listings.files(dir, is_terraform)));
    load.extend(manifest_neighbours(&manifests, &listings));
    keep_loaded_roots(config, &modules);
    let display = display_options();
    let named_in_charts = in_charts.iter().map(|(file, _)| file);
    let shown =
        scanned.iter().map(|(file, _)| file).chain(named_in_charts).map(|f| display_path(f, &display)).collect();
    let charts = charts.iter().map(|chart| display_path(chart, &display)).collect();
    // As every scan shows them (relative to the working directory), for messages naming them.
    let paths = load.iter().map(|file| PathBuf::from(display_path(file, &display))).collect();
    Ok(Some(Focus { load: LoadArgs { paths, ..options.load.clone() }, shown, skipped, charts }))
}

impl Focus {
    /// Keeps in `report` only what is located in the named files: findings, errors and skips
    /// located in another file the scan read (a neighbour, a module read for a call) are
    /// dropped; those about no scanned file (a policy that failed) stay. Named files that were
    /// not scanned are listed as skipped.
    pub fn retain(&self, report: &mut ScanReport, sources: &SourceMap) {
        let read: BTreeSet<&str> = sources.iter().map(|(_, file)| file.path.as_str()).collect();
        let in_chart = |file: &str| {
            self.charts.iter().any(|chart| file.strip_prefix(chart.as_str()).is_some_and(|rest| rest.starts_with('/')))
        };
        let keep = |file: &str| self.shown.contains(file) || in_chart(file) || !read.contains(file);
        report.findings.retain(|finding| keep(&finding.file));
        report.errors.retain(|error| keep(&error.file));
        report.skipped.retain(|skip| keep(&skip.file));
        report.skipped.extend(self.skipped.iter().cloned());
    }

    /// Whether the report is about this file (as the report names it): a named file, not a
    /// neighbour read for context. Only those may a comparison with an earlier scan (a baseline)
    /// judge, since findings of the neighbours are not reported.
    pub fn is_named(&self, file: &str) -> bool {
        self.shown.contains(file)
    }
}

/// The named files a scan reads, with their loaders; those it does not read, with why; and
/// (when charts are rendered) those inside a chart, with their chart.
fn sort_named(named: &[PathBuf], listings: &mut Listings, project: &Path, render: bool) -> SortedNames {
    let mut sorted = SortedNames::default();
    for file in named {
        match (listings.kind_of(file), charts::chart_of(file, project)) {
            (_, Some(chart)) if render => sorted.2.push((file.clone(), chart)),
            (Some(kind), _) => sorted.0.push((file.clone(), kind)),
            (None, chart) => sorted.1.push(not_scanned(file, chart.as_deref())),
        }
    }
    sorted
}

/// Scanned files with their loaders, skipped ones, and files of charts with their chart.
type SortedNames = (Vec<(PathBuf, FileKind)>, Vec<Skip>, Vec<(PathBuf, PathBuf)>);

/// The named files, absolute: each must be an existing file.
fn named_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut named = Vec::new();
    for path in paths {
        if path.as_os_str() == crate::inputs::STDIN_PATH {
            return Err("--only-files reports on named files; it cannot take standard input (`-`)".to_string());
        }
        if path.is_dir() {
            return Err(format!(
                "--only-files reports on named files, and `{}` is a directory: name its files, or scan it without \
                 --only-files",
                path.display()
            ));
        }
        if !path.is_file() {
            return Err(format!("`{}` does not exist or is not a file", path.display()));
        }
        let absolute = std::path::absolute(path).map_err(|e| format!("`{}`: {e}", path.display()))?;
        named.push(normalize_path(&absolute));
    }
    named.sort();
    named.dedup();
    Ok(named)
}

/// The project the named files belong to, where their neighbours are looked for: the directory
/// of the `tollgate.toml` that applies when it holds the first file, else the nearest directory
/// at or above that file holding `.git` (a directory, or a file in a worktree), else the
/// current directory.
fn project_root(named: &[PathBuf], config: &Config) -> PathBuf {
    let start = named.first().and_then(|file| parent(file)).unwrap_or_default();
    let config_dir =
        config.dir.as_deref().and_then(|dir| std::path::absolute(dir).ok()).map(|dir| normalize_path(&dir));
    if let Some(dir) = config_dir.filter(|dir| start.starts_with(dir)) {
        return dir;
    }
    let repository = start.ancestors().find(|dir| dir.join(".git").exists());
    let current = std::env::current_dir().ok().map(|dir| normalize_path(&dir));
    repository.map(Path::to_path_buf).or(current).unwrap_or_default()
}

/// Why a named file is not scanned: it is in a Helm chart and charts are not rendered, or an
/// ignore file excludes it, or Tollgate reads no file of its kind.
fn not_scanned(file: &Path, chart: Option<&Path>) -> Skip {
    let reason = match (chart, tollgate_load::classify(file)) {
        (Some(chart), _) => format!(
            "inside the Helm chart directory `{}` (Chart.yaml): not rendered, `[helm] render = false` in tollgate.toml",
            display_path(chart, &display_options())
        ),
        (None, Some(_)) => "excluded by an ignore file (.gitignore or .tollgateignore)".to_string(),
        (None, None) => "not a Terraform, plan or Kubernetes file".to_string(),
    };
    Skip { file: display_path(file, &display_options()), document: None, reason }
}

/// Paths shown as every scan shows them: relative to the working directory.
fn display_options() -> LoadOptions {
    LoadOptions { relative_to: None, ..LoadOptions::new(Vec::new()) }
}

fn parent(file: &Path) -> Option<PathBuf> {
    file.parent().map(Path::to_path_buf)
}

fn is_terraform(kind: FileKind) -> bool {
    matches!(kind, FileKind::Terraform | FileKind::TerraformJson | FileKind::TerraformVars)
}

fn is_manifest_kind(kind: FileKind) -> bool {
    matches!(kind, FileKind::Yaml | FileKind::Json)
}

/// The directories of the named Terraform files and of every module that calls them.
fn module_neighbours(dirs: &BTreeSet<PathBuf>, listings: &Listings) -> BTreeSet<PathBuf> {
    if dirs.is_empty() {
        return BTreeSet::new();
    }
    let configuration = listings.all(|kind| matches!(kind, FileKind::Terraform | FileKind::TerraformJson));
    let callers = index::calling_dirs(&configuration, dirs);
    dirs.iter().chain(&callers).cloned().collect()
}

/// Whether a YAML or JSON file holds Kubernetes objects (by the pre-pass's reading of it).
fn holds_objects(file: &Path) -> bool {
    let json = tollgate_load::classify(file) == Some(FileKind::Json);
    std::fs::read_to_string(file).is_ok_and(|text| index::namespaces(&text, json).is_manifest())
}

/// The files the named manifests need: the YAML and JSON files of their directories, the
/// manifests that may meet their objects, and the kustomizations naming them as patches.
fn manifest_neighbours(named: &[&PathBuf], listings: &Listings) -> BTreeSet<PathBuf> {
    let mut needed = BTreeSet::new();
    if named.is_empty() {
        return needed;
    }
    let candidates: Vec<(PathBuf, bool)> = listings
        .all(is_manifest_kind)
        .into_iter()
        .map(|path| {
            let json = tollgate_load::classify(&path) == Some(FileKind::Json);
            (path, json)
        })
        .collect();
    let found = index::manifest_index(&candidates);
    let of_file: BTreeMap<&PathBuf, &index::Namespaces> = found.files.iter().map(|(path, ns)| (path, ns)).collect();
    for file in named {
        let Some(own) = of_file.get(file).filter(|ns| ns.is_manifest()) else { continue };
        needed.extend(found.files.iter().filter(|(_, other)| other.may_meet(own)).map(|(path, _)| path.clone()));
        needed.extend(found.patches.iter().filter(|(_, patches)| patches.contains(*file)).map(|(k, _)| k.clone()));
        if let Some(dir) = parent(file) {
            needed.extend(listings.files(&dir, is_manifest_kind));
        }
    }
    needed
}

/// The configured roots whose environments read one of `files` as a var file.
fn roots_reading(config: &Config, files: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let absolute = |path: &Path| std::path::absolute(path).ok().map(|path| normalize_path(&path));
    let settings = config.terraform_settings();
    let reads = |root: &tollgate_load::RootSettings| {
        let mut var_files = root.environments.iter().flat_map(|environment| &environment.var_files);
        var_files.any(|file| absolute(file).is_some_and(|file| files.contains(&file)))
    };
    settings.roots.iter().filter(|root| reads(root)).filter_map(|root| absolute(&root.path)).collect()
}

/// Configured roots outside the focused modules are not part of the scan; without this, each
/// would be reported as a configured root without Terraform files.
fn keep_loaded_roots(config: &mut Config, modules: &BTreeSet<PathBuf>) {
    let base = config.dir.clone().unwrap_or_default();
    config.terraform.roots.retain(|root| {
        let dir = std::path::absolute(base.join(&root.path)).map(|dir| normalize_path(&dir));
        dir.is_ok_and(|dir| modules.contains(&dir))
    });
}

/// The files a scan of the project reads, by directory. A named file outside the project is
/// looked up in a walk of its own directory.
struct Listings {
    project: PathBuf,
    by_dir: BTreeMap<PathBuf, Vec<(PathBuf, FileKind)>>,
}

impl Listings {
    fn walk(project: &Path) -> Self {
        let mut by_dir: BTreeMap<PathBuf, Vec<(PathBuf, FileKind)>> = BTreeMap::new();
        for (path, kind) in scannable_files(project, true) {
            let path = normalize_path(&path);
            by_dir.entry(parent(&path).unwrap_or_default()).or_default().push((path, kind));
        }
        Listings { project: project.to_path_buf(), by_dir }
    }

    /// The loader of `file` when a scan of its project (or directory) reads it.
    fn kind_of(&mut self, file: &Path) -> Option<FileKind> {
        let dir = parent(file)?;
        if dir.starts_with(&self.project) {
            let files = self.by_dir.get(&dir)?;
            return files.iter().find(|(path, _)| path == file).map(|(_, kind)| *kind);
        }
        let files = self.by_dir.entry(dir.clone()).or_insert_with(|| {
            scannable_files(&dir, false).into_iter().map(|(path, kind)| (normalize_path(&path), kind)).collect()
        });
        files.iter().find(|(path, _)| path == file).map(|(_, kind)| *kind)
    }

    /// The files directly in `dir` whose loader is `wanted`.
    fn files(&self, dir: &Path, wanted: fn(FileKind) -> bool) -> Vec<PathBuf> {
        let files = self.by_dir.get(dir).into_iter().flatten();
        files.filter(|(_, kind)| wanted(*kind)).map(|(path, _)| path.clone()).collect()
    }

    /// Every file whose loader is `wanted`.
    fn all(&self, wanted: fn(FileKind) -> bool) -> Vec<PathBuf> {
        let files = self.by_dir.values().flatten();
        files.filter(|(_, kind)| wanted(*kind)).map(|(path, _)| path.clone()).collect()
    }
}
