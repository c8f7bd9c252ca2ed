//! What the SARIF report needs from the machine, computed here so the writer stays pure: the
//! repository root its URIs are relative to, and the analysis category.

use crate::cli::ScanArgs;
use std::path::{Path, PathBuf};
use tollgate_reports::SarifOptions;

/// The SARIF options of a scan: URIs relative to the git work tree holding the first scan path
/// (else the working directory); the category from `--sarif-category`, else `[sarif] category`,
/// else `tollgate/` and the scanned paths relative to that root.
pub fn sarif_options(args: &ScanArgs, configured: Option<&str>) -> SarifOptions {
    let working_dir = std::env::current_dir().and_then(|dir| dir.canonicalize()).unwrap_or_default();
    let paths = &args.scan.load.paths;
    let first = paths.iter().find(|path| path.as_os_str() != "-");
    let source_root =
        first.and_then(|path| git_work_tree(&working_dir.join(path))).unwrap_or_else(|| working_dir.clone());
    let category = match args.sarif_category.as_deref().or(configured) {
        Some(category) => category.to_string(),
        None => default_category(paths, &working_dir, &source_root),
    };
    SarifOptions { category, working_dir, source_root }
}

/// The nearest directory at or above `path` holding `.git` (a directory, or a file in a linked
/// worktree or submodule).
fn git_work_tree(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { path.to_path_buf() } else { path.parent()?.to_path_buf() };
    let start = start.canonicalize().unwrap_or(start);
    start.ancestors().find(|dir| dir.join(".git").exists()).map(Path::to_path_buf)
}

/// `tollgate/` and the scanned paths relative to the root, sorted and joined with `,`, ending in
/// `/`: the same scan gets the same category on every run, whatever directory it runs from.
fn default_category(paths: &[PathBuf], working_dir: &Path, source_root: &Path) -> String {
    let mut relative: Vec<String> = paths
        .iter()
        .filter(|path| path.as_os_str() != "-")
        .map(|path| {
            let absolute = working_dir.join(path);
            tollgate_reports::sarif::repository_path(&absolute.to_string_lossy(), &root_options(source_root))
        })
        .filter(|path| !path.is_empty())
        .collect();
    relative.sort();
    relative.dedup();
    let joined = relative.join(",");
    if joined.is_empty() {
        "tollgate/".to_string()
    } else {
        format!("tollgate/{joined}/")
    }
}

fn root_options(source_root: &Path) -> SarifOptions {
    SarifOptions { source_root: source_root.to_path_buf(), ..SarifOptions::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_category_names_the_scanned_paths_from_the_root() {
        let root = Path::new("/repo");
        let paths = [PathBuf::from("infra"), PathBuf::from("./k8s/")];
        assert_eq!(default_category(&paths, Path::new("/repo"), root), "tollgate/infra,k8s/");
        assert_eq!(default_category(&[PathBuf::from(".")], Path::new("/repo"), root), "tollgate/");
        assert_eq!(default_category(&[PathBuf::from("..")], Path::new("/repo/infra"), root), "tollgate/");
        assert_eq!(default_category(&[PathBuf::from("prod")], Path::new("/repo/infra"), root), "tollgate/infra/prod/");
    }

    #[test]
    fn the_work_tree_is_the_nearest_directory_with_git() {
        let temp = tempfile::tempdir().unwrap();
        let nested = temp.path().join("repo/infra/prod");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::create_dir(temp.path().join("repo/.git")).unwrap();
        let root = temp.path().join("repo").canonicalize().unwrap();
        assert_eq!(git_work_tree(&nested), Some(root.clone()));
        std::fs::write(nested.join("main.tf"), "").unwrap();
        assert_eq!(git_work_tree(&nested.join("main.tf")), Some(root));
    }
}
