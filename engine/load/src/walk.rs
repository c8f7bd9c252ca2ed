//! Which files a scan reads.

use ignore::WalkBuilder;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The loader a file goes to, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Terraform,
    TerraformJson,
    Yaml,
    Json,
}

/// The loader for a file name, or `None` for files Tollgate does not read.
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(".tf") {
        Some(FileKind::Terraform)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(FileKind::Yaml)
    } else if name.ends_with(".json") {
        Some(FileKind::Json)
    } else {
        None
    }
}

/// Directories never scanned: version control and Terraform's own cache of providers and modules.
const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", ".terraform"];

#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<(PathBuf, FileKind)>,
    /// Directories holding a `Chart.yaml`, not descended into.
    pub chart_dirs: Vec<PathBuf>,
    /// Problems met while walking (unreadable directories, bad ignore files).
    pub errors: Vec<String>,
}

/// Adds the readable files under `root` (or `root` itself when it is a file) to `found`.
pub fn walk(root: &Path, found: &mut Found) {
    if root.is_file() {
        // A file named explicitly is scanned whatever its name says, as YAML unless it says otherwise.
        found.files.push((root.to_path_buf(), classify(root).unwrap_or(FileKind::Yaml)));
        return;
    }
    let charts = Arc::new(Mutex::new(Vec::new()));
    let charts_seen = Arc::clone(&charts);
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .add_custom_ignore_filename(".tollgateignore")
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if !is_dir {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            if SKIPPED_DIRS.contains(&name.as_ref()) {
                return false;
            }
            if entry.path().join("Chart.yaml").is_file() {
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
            // An unreadable directory or a broken ignore file: report it, keep walking.
            Err(err) => found.errors.push(err.to_string()),
        }
    }
    let seen = charts.lock().map(|mut seen| std::mem::take(&mut *seen)).unwrap_or_default();
    found.chart_dirs.extend(seen);
}
