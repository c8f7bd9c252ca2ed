//! Which files a scan reads.

use ignore::WalkBuilder;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tollgate_model::source::normalize_path;
use tollgate_terraform::Sandbox;

/// The loader a file goes to, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Terraform,
    TerraformJson,
    /// Variable definitions (`.tfvars`, `.tfvars.json`).
    TerraformVars,
    Yaml,
    Json,
    /// A format only Conftest-style policies read (TOML, INI, Dockerfile, `.env`, XML...).
    Conftest(tollgate_formats::Format),
    /// A `.hcl` file: HCL 2 that only Conftest-style policies read (Terragrunt, Packer...: not Terraform).
    ConftestHcl,
    /// One of Conftest's formats Tollgate does not parse (its parser name).
    Unsupported(&'static str),
}

/// The loader for a file name, or `None` for files Tollgate does not read. Files of Conftest's
/// other formats are classified too; whether they are read depends on the policies loaded
/// (see `conftest_inputs`).
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
        Some(FileKind::TerraformVars)
    } else if name.ends_with(".tf.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(".tf") {
        Some(FileKind::Terraform)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(FileKind::Yaml)
    } else if name.ends_with(".json") {
        Some(FileKind::Json)
    } else {
        match tollgate_formats::parser_for_path(path)? {
            tollgate_formats::Parser::Format(format) => Some(FileKind::Conftest(format)),
            tollgate_formats::Parser::Hcl2 => Some(FileKind::ConftestHcl),
            tollgate_formats::Parser::Unsupported(name) => Some(FileKind::Unsupported(name)),
            _ => None,
        }
    }
}

/// Directories never scanned: version control and Terraform's own cache of providers and modules.
const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", ".terraform"];

/// The file that makes a directory a Helm chart.
pub const CHART_FILE: &str = "Chart.yaml";

/// A path not scanned on purpose, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// A problem met while walking: an unreadable directory or file, a broken ignore file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    /// The path it concerns, when the walker names one.
    pub path: Option<PathBuf>,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<(PathBuf, FileKind)>,
    /// Directories holding a `Chart.yaml`, not descended into.
    pub chart_dirs: Vec<PathBuf>,
    /// Scan roots that lie inside a chart directory, with the chart they belong to.
    pub roots_in_charts: Vec<Skipped>,
    /// Symbolic links not followed (loops, broken links to infrastructure files).
    pub skipped: Vec<Skipped>,
    pub errors: Vec<WalkError>,
}

/// Adds the readable files under `root` (or `root` itself when it is a file) to `found`.
///
/// Symbolic links are followed: Terraform configurations commonly share files between modules
/// through links (`versions.tf -> ../shared/versions.tf`), and skipping them silently would pass
/// code that was never read. Loops and broken links are reported as skipped, and so are links
/// leading out of `sandbox` (the scan root), whose files are the machine's, not the project's.
pub fn walk(root: &Path, sandbox: Option<&Sandbox>, found: &mut Found) {
    walk_to_depth(root, sandbox, None, found)
}

/// [`walk`], descending at most `max_depth` levels below `root` (`Some(1)`: the files directly in it).
pub fn walk_to_depth(root: &Path, sandbox: Option<&Sandbox>, max_depth: Option<usize>, found: &mut Found) {
    if sandbox.is_some_and(|sandbox| !sandbox.contains(root)) {
        found.skipped.push(Skipped { path: root.to_path_buf(), reason: OUTSIDE_ROOT.to_string() });
        return;
    }
    if root.is_file() {
        // A file named explicitly is scanned whatever its name says, as YAML unless it says
        // otherwise, and wherever it is (a rendered manifest kept in a chart directory too).
        found.files.push((root.to_path_buf(), classify(root).unwrap_or(FileKind::Yaml)));
        return;
    }
    if root.join(CHART_FILE).is_file() {
        // The root is a chart: rendered (or listed as skipped) like a chart the walk meets.
        found.chart_dirs.push(root.to_path_buf());
        return;
    }
    if let Some(chart) = enclosing_chart(root) {
        // A chart's templates are not YAML until rendered; parsing them would only yield errors.
        found.roots_in_charts.push(Skipped { path: root.to_path_buf(), reason: chart_reason(root, &chart) });
        return;
    }
    let charts = Arc::new(Mutex::new(Vec::new()));
    let charts_seen = Arc::clone(&charts);
    let links_out = Arc::new(Mutex::new(Vec::new()));
    let links_out_seen = Arc::clone(&links_out);
    let confined = sandbox.cloned();
    let walker = WalkBuilder::new(root)
        .max_depth(max_depth)
        .hidden(false)
        .require_git(false)
        .follow_links(true)
        .add_custom_ignore_filename(".tollgateignore")
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            if entry.path_is_symlink() && confined.as_ref().is_some_and(|s| !s.contains(entry.path())) {
                if let Ok(mut seen) = links_out_seen.lock() {
                    seen.push(entry.path().to_path_buf());
                }
                return false;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if !is_dir {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            if SKIPPED_DIRS.contains(&name.as_ref()) {
                return false;
            }
            if entry.path().join(CHART_FILE).is_file() {
                if let Ok(mut seen) = charts_seen.lock() {
                    seen.push(entry.path().to_path_buf());
                }
                return false;
            }
            true
        })
        .build();
    for result in walker {
        match result {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                if let Some(kind) = classify(entry.path()) {
                    found.files.push((entry.into_path(), kind));
                }
            }
            Ok(_) => {}
            Err(err) => record_walk_error(err, found),
        }
    }
    let seen = charts.lock().map(|mut seen| std::mem::take(&mut *seen)).unwrap_or_default();
    found.chart_dirs.extend(seen);
    let out = links_out.lock().map(|mut out| std::mem::take(&mut *out)).unwrap_or_default();
    // Only links that look like infrastructure files (or directories) are worth a line.
    let reported = out.into_iter().filter(|path| path.is_dir() || classify(path).is_some());
    found.skipped.extend(reported.map(|path| Skipped { path, reason: OUTSIDE_ROOT.to_string() }));
}

/// Why a path leading out of the scan root is not scanned.
pub(crate) const OUTSIDE_ROOT: &str =
    "symbolic link to outside the scan root: not followed (pass --allow-outside-root to follow it)";

/// Sorts an error of the walker into a skip (link loops, broken links) or an error.
fn record_walk_error(err: ignore::Error, found: &mut Found) {
    if let Some((ancestor, child)) = loop_of(&err) {
        let reason = format!("symbolic link loop (it leads back to `{}`): not followed", ancestor.display());
        found.skipped.push(Skipped { path: child, reason });
        return;
    }
    let path = path_of(&err);
    if let Some(path) = &path {
        if is_broken_link(path) {
            // Only links that look like infrastructure files are worth a line in the report.
            if classify(path).is_some() {
                let reason = "broken symbolic link: its target does not exist".to_string();
                found.skipped.push(Skipped { path: path.clone(), reason });
            }
            return;
        }
    }
    // The walker's own text repeats the path; the kind of I/O failure is what is news.
    let message = match (err.io_error(), &path) {
        (Some(io), Some(path)) if path.is_dir() => format!("cannot read directory: {}", io.kind()),
        (Some(io), Some(_)) => format!("cannot read: {}", io.kind()),
        _ => err.to_string(),
    };
    found.errors.push(WalkError { path, message });
}

fn loop_of(err: &ignore::Error) -> Option<(PathBuf, PathBuf)> {
    match err {
        ignore::Error::Loop { ancestor, child } => Some((ancestor.clone(), child.clone())),
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => loop_of(err),
        ignore::Error::WithLineNumber { err, .. } => loop_of(err),
        _ => None,
    }
}

fn path_of(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => path_of(err),
        _ => None,
    }
}

fn is_broken_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && std::fs::metadata(path).is_err()
}

/// The chart directory `root` is, or lies in: the nearest directory at or above it holding a
/// `Chart.yaml`. The search stops at the repository root (the
/// directory holding `.git`), so a stray `Chart.yaml` above the checkout changes nothing.
fn enclosing_chart(root: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(root).ok()?;
    let start = if canonical.is_dir() { canonical.as_path() } else { canonical.parent()? };
    for dir in start.ancestors() {
        if dir.join(CHART_FILE).is_file() {
            return Some(dir.to_path_buf());
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Why the directory `root` is skipped, `chart` being the chart it is or lies in.
fn chart_reason(root: &Path, chart: &Path) -> String {
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let levels = canonical.strip_prefix(chart).map(|below| below.components().count()).unwrap_or(0).max(1);
    // Named from the root as given (`charts/api`), not by its absolute path on this machine.
    let shown = normalize_path(&root.join("../".repeat(levels)));
    let shown = if shown.as_os_str().is_empty() { ".".to_string() } else { shown.display().to_string() };
    format!("inside the Helm chart directory `{shown}` (Chart.yaml): templates are not YAML; scan `{shown}` to render the chart")
}

/// Drops files reached twice: through overlapping roots (`dir` and `./dir`, `dir` and
/// `dir/sub`) or through a linked directory. Two paths are the same file when their directories
/// resolve to the same place and their names match; a file linked into another directory stays
/// (for Terraform it is part of that directory's module). Of the paths to one file, one without
/// links is kept, else the first in order. The result stays sorted.
pub fn dedup_files(mut files: Vec<(PathBuf, FileKind)>) -> Vec<(PathBuf, FileKind)> {
    files.sort();
    let mut chosen: BTreeMap<(PathBuf, std::ffi::OsString), (bool, PathBuf, FileKind)> = BTreeMap::new();
    for (path, kind) in files {
        let parent = path.parent().unwrap_or(Path::new(""));
        let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        let resolved = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
        let direct = std::path::absolute(parent).map(|abs| normalize_path(&abs)).is_ok_and(|abs| abs == resolved);
        let key = (resolved, path.file_name().map(|n| n.to_os_string()).unwrap_or_default());
        let replace = match chosen.get(&key) {
            None => true,
            Some((kept_direct, _, _)) => direct && !kept_direct,
        };
        if replace {
            chosen.insert(key, (direct, path, kind));
        }
    }
    let mut files: Vec<(PathBuf, FileKind)> = chosen.into_values().map(|(_, path, kind)| (path, kind)).collect();
    files.sort();
    files
}
