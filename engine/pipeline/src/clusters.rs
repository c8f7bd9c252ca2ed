//! `[kubernetes] clusters` of `tollgate.toml`: the directories whose manifests are applied to
//! clusters of their own, so a repository of unrelated examples is not judged as one cluster.
//!
//! Each entry is a directory relative to `tollgate.toml`; `*` and `?` match within one path
//! segment (`examples/*` is every directory directly under `examples/`). Every directory an entry
//! matches is one cluster, named by its path relative to `tollgate.toml`; a file belongs to the
//! deepest cluster directory holding it, and files outside all of them to the scan's default
//! cluster. An entry that matches no directory is an error, as a typo must not silently merge
//! clusters again.
//!
//! Argo CD `Application` source directories are not made clusters of their own automatically:
//! several Applications commonly deploy into one cluster and one namespace, where their objects
//! do meet (a NetworkPolicy of one selects the pods of another), so splitting them would hide
//! real links. List them here when they target different clusters.

use crate::config::Config;
use std::path::{Path, PathBuf};
use tollgate_load::ClusterDir;

/// The cluster directories `config` names, each checked to exist.
pub fn cluster_dirs(config: &Config) -> Result<Vec<ClusterDir>, String> {
    let base = config.dir.clone().unwrap_or_default();
    let mut dirs = Vec::new();
    for pattern in &config.kubernetes.clusters {
        let matched = expand(&base, pattern).map_err(|e| format!("`kubernetes.clusters`: `{pattern}`: {e}"))?;
        if matched.is_empty() {
            return Err(format!(
                "`kubernetes.clusters`: `{pattern}` matches no directory (relative to {}); fix or remove the entry",
                shown_base(&base)
            ));
        }
        for relative in matched {
            let name = relative.to_string_lossy().replace('\\', "/");
            if !dirs.iter().any(|known: &ClusterDir| known.name == name) {
                dirs.push(ClusterDir { name, dir: base.join(&relative) });
            }
        }
    }
    Ok(dirs)
}

fn shown_base(base: &Path) -> String {
    if base.as_os_str().is_empty() {
        "the working directory".to_string()
    } else {
        format!("`{}`", base.display())
    }
}

/// The directories under `base` that `pattern` names, relative to `base`, sorted.
fn expand(base: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let segments: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if segments.is_empty() {
        return Err("not a directory path".to_string());
    }
    if Path::new(pattern).is_absolute() {
        return Err("must be relative to tollgate.toml".to_string());
    }
    if segments.iter().any(|s| s.contains("**")) {
        return Err("`**` is not supported: name each level (`apps/*/overlays/*`)".to_string());
    }
    let mut matched = vec![PathBuf::new()];
    for segment in segments {
        let mut next = Vec::new();
        for dir in &matched {
            if segment.contains(['*', '?']) {
                next.extend(
                    subdirectories(&base.join(dir))
                        .into_iter()
                        .filter(|name| wildcard_match(segment, name))
                        .map(|name| dir.join(name)),
                );
            } else if base.join(dir).join(segment).is_dir() {
                next.push(dir.join(segment));
            }
        }
        matched = next;
    }
    matched.sort();
    Ok(matched)
}

/// The names of the directories directly in `dir`.
fn subdirectories(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect()
}

/// Whether `name` matches `pattern`, where `*` is any run of characters and `?` one character.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // matches[j]: the pattern read so far matches name[..j].
    let mut matches = vec![false; name.len() + 1];
    matches[0] = true;
    for &p in &pattern {
        let mut next = vec![false; name.len() + 1];
        for j in 0..=name.len() {
            next[j] = match p {
                '*' => matches[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && matches[j - 1],
                c => j > 0 && matches[j - 1] && name[j - 1] == c,
            };
        }
        matches = next;
    }
    matches[name.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_within_a_segment() {
        assert!(wildcard_match("*", "demo"));
        assert!(wildcard_match("app-?", "app-1"));
        assert!(!wildcard_match("app-?", "app-10"));
        assert!(wildcard_match("*-prod", "eu-prod"));
        assert!(!wildcard_match("*-prod", "eu-production"));
        assert!(wildcard_match("a*b*c", "abbbc"));
        assert!(!wildcard_match("a*b*c", "acb"));
    }

    #[test]
    fn entries_expand_to_existing_directories_and_a_typo_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["examples/one", "examples/two", "apps/prod", "apps/staging"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        std::fs::write(dir.path().join("examples/README.md"), "not a directory").unwrap();
        let config = |entries: &[&str]| Config {
            kubernetes: crate::config::KubernetesConfig { clusters: entries.iter().map(|e| e.to_string()).collect() },
            dir: Some(dir.path().to_path_buf()),
            ..Config::default()
        };
        let names = |entries: &[&str]| -> Vec<String> {
            cluster_dirs(&config(entries)).unwrap().into_iter().map(|c| c.name).collect()
        };
        assert_eq!(names(&["examples/*", "apps/prod", "./apps/prod/"]), ["examples/one", "examples/two", "apps/prod"]);
        assert!(cluster_dirs(&config(&["example/*"])).unwrap_err().contains("matches no directory"));
        assert!(cluster_dirs(&config(&["**/prod"])).unwrap_err().contains("`**`"));
        assert!(cluster_dirs(&config(&["/abs"])).is_err());
    }

    #[test]
    fn unknown_keys_of_the_section_are_errors() {
        assert!(toml::from_str::<Config>("[kubernetes]\nclusters = [\"a\"]\n").is_ok());
        assert!(toml::from_str::<Config>("[kubernetes]\ncluster = [\"a\"]\n").is_err());
    }
}
