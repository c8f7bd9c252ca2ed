//! `--cost-compare-ref REF`: the same scan paths, estimated as they are at a git ref, with the
//! same configuration. The ref's tree is exported (`git archive | tar`) into a temporary
//! directory that is removed when done, on error too; the repository itself is not touched.

use crate::config::Config;
use crate::cost::CostPlan;
use crate::options::{LoadArgs, ScanOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use tollgate_cost::CostSnapshot;

/// The estimate of the tree at `reference` as a snapshot.
pub fn snapshot_at(
    reference: &str,
    plan: &CostPlan,
    options: &ScanOptions,
    config: &Config,
) -> Result<CostSnapshot, String> {
    let start = options.load.paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let start = if start.is_dir() { start } else { start.parent().map(Path::to_path_buf).unwrap_or_default() };
    let top = git(&start, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("--cost-compare-ref: {} is not in a git repository: {e}", start.display()))?;
    let top = PathBuf::from(top.trim());
    let commit =
        git(&top, &["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")]).map_err(|_| {
            format!("--cost-compare-ref: `{reference}` is not a commit of the repository at {}", top.display())
        })?;
    let temp = tempfile::Builder::new()
        .prefix("tollgate-cost-ref-")
        .tempdir()
        .map_err(|e| format!("--cost-compare-ref: cannot create a temporary directory: {e}"))?;
    let tree = temp.path().join("tree");
    export(&top, commit.trim(), &tree)
        .map_err(|e| format!("--cost-compare-ref: cannot check out `{reference}`: {e}"))?;
    let moved = Moved { top: std::fs::canonicalize(&top).unwrap_or(top), tree };
    let args = moved.load_args(&options.load);
    // The same configuration: the current file's text, placed where it is in the ref's tree.
    if let Some(file) = &config.file {
        let target = moved.path(file);
        if target != *file {
            std::fs::copy(file, &target)
                .map_err(|e| format!("--cost-compare-ref: cannot copy {}: {e}", file.display()))?;
        }
    }
    let config = crate::project::load_config(&args)?;
    let loaded = crate::project::load_graph(&args, &config, false, None)
        .map_err(|e| format!("--cost-compare-ref: the tree at `{reference}` does not load: {e}"))?;
    let estimate = tollgate_cost::estimate(&loaded.graph, &plan.settings());
    let mut snapshot = CostSnapshot::of(&estimate, loaded.graph.sources());
    // Lines are matched to the current scan's by root: the export's paths are shown as the
    // working tree's, while it still exists to resolve them.
    for line in &mut snapshot.lines {
        line.root = line.root.as_deref().map(|root| moved.shown_back(root));
        line.location = match line.location.rsplit_once(':') {
            Some((file, number)) => format!("{}:{number}", moved.shown_back(file)),
            None => moved.shown_back(&line.location),
        };
    }
    Ok(snapshot)
    // `temp` is dropped here (and on every early return): the export is removed.
}

/// `git -C dir args...`: its standard output, or its standard error as the error.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).to_string())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

/// Writes the tree of `commit` into `into` (`git archive | tar -x`).
fn export(top: &Path, commit: &str, into: &Path) -> Result<(), String> {
    std::fs::create_dir_all(into).map_err(|e| e.to_string())?;
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["archive", "--format=tar", commit])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let stdout = archive.stdout.take().ok_or("git archive gave no output")?;
    let untar = Command::new("tar").arg("-x").arg("-C").arg(into).stdin(stdout).output();
    let archived = archive.wait_with_output().map_err(|e| e.to_string())?;
    if !archived.status.success() {
        return Err(String::from_utf8_lossy(&archived.stderr).trim().to_string());
    }
    match untar {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!("tar: {}", String::from_utf8_lossy(&output.stderr).trim())),
        Err(e) => Err(format!("cannot run tar: {e}")),
    }
}

/// Paths of the working tree mapped into the exported tree.
struct Moved {
    top: PathBuf,
    tree: PathBuf,
}

impl Moved {
    /// A path inside the repository, moved into the export; others stay as they are.
    fn path(&self, path: &Path) -> PathBuf {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(&self.top) {
            Ok(inside) => self.tree.join(inside),
            Err(_) => path.to_path_buf(),
        }
    }

    /// A report path (relative to the working directory) inside the export, shown as the same
    /// path of the working tree; any other path as it is.
    fn shown_back(&self, shown: &str) -> String {
        let Ok(absolute) = std::fs::canonicalize(shown) else { return shown.to_string() };
        let tree = std::fs::canonicalize(&self.tree).unwrap_or_else(|_| self.tree.clone());
        match absolute.strip_prefix(&tree) {
            Ok(inside) => crate::paths::relative_to(&self.top.join(inside).to_string_lossy(), Path::new(".")),
            Err(_) => shown.to_string(),
        }
    }

    fn load_args(&self, load: &LoadArgs) -> LoadArgs {
        let moved = |paths: &[PathBuf]| paths.iter().map(|p| self.path(p)).collect::<Vec<_>>();
        LoadArgs {
            paths: load.paths.iter().map(|p| if p.as_os_str() == "-" { p.clone() } else { self.path(p) }).collect(),
            config: moved(&load.config),
            config_dir: load.config_dir.as_ref().map(|dir| self.path(dir)),
            var_files: moved(&load.var_files),
            ..load.clone()
        }
    }
}
