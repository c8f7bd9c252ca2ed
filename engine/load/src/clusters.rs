//! Which cluster each Kubernetes object of the scan is applied to: the deepest cluster directory
//! (named in `tollgate.toml`) its file lies in, or the scan's one default cluster.

use std::path::{Path, PathBuf};
use tollgate_model::{Origin, Resource};

/// A directory whose manifests are applied to a cluster of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterDir {
    /// How findings and `inspect` name the cluster (the directory as `tollgate.toml` names it).
    pub name: String,
    pub dir: PathBuf,
}

/// Sets the cluster of every Kubernetes object in `resources`, whose files are `files` (indexed
/// by `FileId`; objects of a file not in it, such as unnamed standard input, stay in the default
/// cluster).
pub(crate) fn assign(resources: &mut [Resource], files: &[PathBuf], clusters: &[ClusterDir]) {
    if clusters.is_empty() {
        return;
    }
    let resolved: Vec<(PathBuf, &str)> =
        clusters.iter().map(|cluster| (resolve(&cluster.dir), cluster.name.as_str())).collect();
    let of_file: Vec<Option<&str>> = files.iter().map(|file| cluster_of(&resolve(file), &resolved)).collect();
    for resource in resources {
        let file = resource.span.file.0 as usize;
        if let Origin::Kubernetes(origin) = &mut resource.origin {
            origin.cluster = of_file.get(file).copied().flatten().map(str::to_string);
        }
    }
}

/// The cluster of objects deployed from `path` (a file or directory), by the same rule.
pub(crate) fn cluster_for(path: &Path, clusters: &[ClusterDir]) -> Option<String> {
    let resolved: Vec<(PathBuf, &str)> =
        clusters.iter().map(|cluster| (resolve(&cluster.dir), cluster.name.as_str())).collect();
    cluster_of(&resolve(path), &resolved).map(str::to_string)
}

/// The deepest cluster directory that holds `file`.
fn cluster_of<'c>(file: &Path, clusters: &[(PathBuf, &'c str)]) -> Option<&'c str> {
    clusters
        .iter()
        .filter(|(dir, _)| file.starts_with(dir))
        .max_by_key(|(dir, _)| dir.components().count())
        .map(|(_, name)| *name)
}

/// The path with links resolved when it exists, so a directory named one way and a file reached
/// another compare equal.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_cluster_directory_holding_a_file_names_its_cluster() {
        let clusters = [
            (PathBuf::from("/repo/examples"), "examples"),
            (PathBuf::from("/repo/examples/a"), "examples/a"),
            (PathBuf::from("/repo/apps/prod"), "apps/prod"),
        ];
        assert_eq!(cluster_of(Path::new("/repo/examples/a/x.yaml"), &clusters), Some("examples/a"));
        assert_eq!(cluster_of(Path::new("/repo/examples/b/x.yaml"), &clusters), Some("examples"));
        assert_eq!(cluster_of(Path::new("/repo/apps/prod/x.yaml"), &clusters), Some("apps/prod"));
        // A sibling whose name merely starts the same is not inside.
        assert_eq!(cluster_of(Path::new("/repo/apps/production/x.yaml"), &clusters), None);
        assert_eq!(cluster_of(Path::new("/repo/base.yaml"), &clusters), None);
    }
}
