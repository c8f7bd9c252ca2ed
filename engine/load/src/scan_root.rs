//! The scan root: how far a scan may read beyond the files it walks. A configuration under
//! review (a stranger's pull request) must not read the machine it is scanned on, yet a root
//! module commonly calls modules beside it (`infra/envs/prod` calling `../../modules/vpc`), so
//! the root of a scanned path is the project it belongs to, not the path itself:
//!
//! 1. the git work tree holding it (the nearest directory at or above it with a `.git`);
//! 2. else the directory of the `tollgate.toml` in use, when it holds the path;
//! 3. else the working directory, when it holds the path;
//! 4. else the scanned directory itself (a file's own directory).

use std::path::{Path, PathBuf};
use tollgate_model::source::normalize_path;
use tollgate_terraform::Sandbox;

/// The sandbox of a scan of `paths`: each path's scan root. `config_dir` is the directory of
/// the `tollgate.toml` in use.
pub fn sandbox_for(paths: &[PathBuf], config_dir: Option<&Path>) -> Sandbox {
    Sandbox::new(&scan_roots(paths, config_dir))
}

/// The scan root of each path (see the module documentation), deduplicated.
pub fn scan_roots(paths: &[PathBuf], config_dir: Option<&Path>) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().ok();
    let mut roots: Vec<PathBuf> = paths.iter().map(|path| scan_root(path, config_dir, cwd.as_deref())).collect();
    roots.sort();
    roots.dedup();
    roots
}

/// The root of `path` as written, not as links resolve it: a scanned directory that is a link
/// out of the project must not make the machine's directory the root (the walk then refuses it).
fn scan_root(path: &Path, config_dir: Option<&Path>, cwd: Option<&Path>) -> PathBuf {
    let written = normalize_path(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let dir = match written.is_file() {
        true => written.parent().map(Path::to_path_buf).unwrap_or_else(|| written.clone()),
        false => written,
    };
    if let Some(top) = dir.ancestors().find(|d| d.join(".git").exists()) {
        return top.to_path_buf();
    }
    let holds = |candidate: &Path| {
        let forms =
            [std::path::absolute(candidate).ok().map(|c| normalize_path(&c)), std::fs::canonicalize(candidate).ok()];
        forms.into_iter().flatten().find(|form| dir.starts_with(form))
    };
    config_dir.and_then(holds).or_else(|| cwd.and_then(holds)).unwrap_or(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_path_in_a_git_work_tree_has_the_work_tree_as_its_root() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        fs::create_dir_all(repo.join(".git")).unwrap();
        fs::create_dir_all(repo.join("infra/envs/prod")).unwrap();
        fs::write(repo.join("infra/envs/prod/main.tf"), "").unwrap();
        let top = repo.clone();
        assert_eq!(scan_root(&repo.join("infra/envs/prod"), None, None), top);
        assert_eq!(scan_root(&repo.join("infra/envs/prod/main.tf"), None, Some(dir.path())), top);
        // A worktree or submodule has a `.git` file, not a directory.
        let nested = repo.join("vendor/sub");
        fs::create_dir_all(&nested).unwrap();
        fs::write(nested.join(".git"), "gitdir: ../../.git/modules/sub").unwrap();
        assert_eq!(scan_root(&nested, None, None), nested);
    }

    #[test]
    fn without_git_the_configuration_then_the_working_directory_then_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let prod = base.join("project/infra/envs/prod");
        fs::create_dir_all(&prod).unwrap();
        let project = base.join("project");
        let elsewhere = base.join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        if base.ancestors().any(|d| d.join(".git").exists()) {
            return; // the temporary directory lies in a work tree: rule 1 decides
        }
        assert_eq!(scan_root(&prod, Some(&project), Some(&elsewhere)), project);
        assert_eq!(scan_root(&prod, Some(&elsewhere), Some(&project)), project, "a config dir not holding it");
        assert_eq!(scan_root(&prod, None, Some(&base)), base);
        assert_eq!(scan_root(&prod, None, Some(&elsewhere)), prod);
        assert_eq!(scan_roots(&[prod.clone(), prod.join(".")], None), vec![prod]);
    }
}
