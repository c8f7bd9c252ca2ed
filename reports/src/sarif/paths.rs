//! Finding paths (relative to the working directory) as SARIF URIs relative to the repository
//! root: forward slashes, `.` and `..` resolved, percent-encoded as a URI reference.

use super::SarifOptions;
use std::path::{Component, Path, PathBuf};

/// The URI of `file` relative to `options.source_root`; a file outside the root keeps its path
/// relative to the working directory (with its `..` steps).
pub fn repository_uri(file: &str, options: &SarifOptions) -> String {
    percent_encode(&repository_path(file, options))
}

/// `file` relative to the repository root, with `/` separators.
pub fn repository_path(file: &str, options: &SarifOptions) -> String {
    let absolute = normalize(&options.working_dir.join(file));
    let root = normalize(&options.source_root);
    match absolute.strip_prefix(&root) {
        Ok(inside) => slashed(inside),
        Err(_) => slashed(&normalize(Path::new(file))),
    }
}

/// `path` with `.` dropped and each `..` taking away the segment before it (lexically: a scan
/// never follows a symlink out of its paths in a way a report could show).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// Every byte but RFC 3986's unreserved characters and `/` percent-encoded: a valid relative
/// reference whatever the file name holds (spaces, `#`, `:`, non-ASCII).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(working_dir: &str, source_root: &str) -> SarifOptions {
        SarifOptions { working_dir: working_dir.into(), source_root: source_root.into(), ..SarifOptions::default() }
    }

    #[test]
    fn a_path_is_made_relative_to_the_repository_root() {
        let nested = options("/repo/infra", "/repo");
        assert_eq!(repository_uri("prod/main.tf", &nested), "infra/prod/main.tf");
        assert_eq!(repository_uri("./a/../b.tf", &nested), "infra/b.tf");
        assert_eq!(repository_uri("../k8s/app.yaml", &nested), "k8s/app.yaml");
        assert_eq!(repository_uri("main.tf", &options("/repo", "/repo")), "main.tf");
    }

    #[test]
    fn a_file_outside_the_root_keeps_its_path_from_the_working_directory() {
        assert_eq!(repository_uri("../../other/x.tf", &options("/repo/infra", "/repo")), "../../other/x.tf");
    }

    #[test]
    fn without_a_base_the_path_is_only_normalized() {
        assert_eq!(repository_uri("./fixtures/a/./b.tf", &SarifOptions::default()), "fixtures/a/b.tf");
    }

    #[test]
    fn special_characters_are_percent_encoded() {
        let plain = SarifOptions::default();
        assert_eq!(repository_uri("my dir/a#1:b.tf", &plain), "my%20dir/a%231%3Ab.tf");
        assert_eq!(repository_uri("<stdin>", &plain), "%3Cstdin%3E");
        assert_eq!(repository_uri("é.yaml", &plain), "%C3%A9.yaml");
    }
}
