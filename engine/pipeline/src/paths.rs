//! Report paths seen from another directory: a finding's `file` is relative to the working
//! directory, while a baseline and `[[ignore]]` globs are relative to their own file's directory,
//! so they keep working when `tollgate` runs somewhere else.

use std::path::{Component, Path, PathBuf};

/// `file` (a report path, relative to the working directory) relative to `dir`, `/`-separated.
/// Names that are not paths (`<stdin>`, an empty file) are returned as they are.
pub fn relative_to(file: &str, dir: &Path) -> String {
    if file.is_empty() || file.starts_with('<') {
        return file.to_string();
    }
    let Ok(absolute) = std::path::absolute(file) else { return file.to_string() };
    let Ok(dir) = std::path::absolute(dir) else { return file.to_string() };
    // Resolved paths agree even when one side was reached through a symbolic link.
    let resolved = std::fs::canonicalize(&absolute)
        .ok()
        .zip(std::fs::canonicalize(&dir).ok())
        .and_then(|(path, dir)| pathdiff::diff_paths(path, dir));
    let relative = resolved.or_else(|| pathdiff::diff_paths(normalize(&absolute), normalize(&dir)));
    match relative {
        Some(path) if path.as_os_str().is_empty() => ".".to_string(),
        Some(path) => path.to_string_lossy().replace('\\', "/"),
        None => file.to_string(),
    }
}

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_working_directory_path_is_shown_from_another_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let infra = dir.path().join("infra");
        std::fs::create_dir_all(infra.join("net")).expect("dirs");
        std::fs::write(infra.join("net/main.tf"), "").expect("file");
        let file = infra.join("net/main.tf").to_string_lossy().to_string();
        assert_eq!(relative_to(&file, &infra), "net/main.tf");
        assert_eq!(relative_to(&file, &infra.join("net")), "main.tf");
        assert_eq!(relative_to(&file, &dir.path().join("other")), "../infra/net/main.tf");
        assert_eq!(relative_to("<stdin>", &infra), "<stdin>");
    }
}
