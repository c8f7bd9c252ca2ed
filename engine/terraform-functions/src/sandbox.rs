//! The scan root: the directories Terraform evaluation may read when the scanned configuration is
//! not trusted (a pull request from a stranger). A path is inside when it stays inside after every
//! `..` and every symbolic link is resolved, whether or not the file exists, so neither a file's
//! contents nor its existence outside the root can be learned.

use std::path::{Component, Path, PathBuf};
use tollgate_model::{Span, UnknownReason, Value};

/// How many symbolic links one path may pass through before it counts as outside (a loop).
const MAX_LINKS: usize = 40;

/// The directories reads are confined to (canonical paths).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sandbox {
    roots: Vec<PathBuf>,
}

impl Sandbox {
    /// Confines reads to `roots` (made canonical; a root that does not exist admits nothing).
    pub fn new(roots: &[PathBuf]) -> Sandbox {
        let mut roots: Vec<PathBuf> = roots.iter().filter_map(|root| std::fs::canonicalize(root).ok()).collect();
        roots.sort();
        roots.dedup();
        Sandbox { roots }
    }

    /// The canonical directories reads are confined to.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Whether `path` (absolute, or relative to the working directory) lies inside a root once
    /// resolved: links followed where they exist, `..` and the rest taken as written beyond.
    pub fn contains(&self, path: &Path) -> bool {
        resolve(path).is_some_and(|resolved| self.roots.iter().any(|root| resolved.starts_with(root)))
    }
}

/// What a confined read gives instead of the file: unknown, saying why. `source` is the
/// expression as written (`file("/etc/passwd")`).
pub fn outside_root(source: impl Into<String>, span: Span) -> Value {
    Value::unknown(UnknownReason::OutsideScanRoot, source, span)
}

/// `path` with every existing symbolic link resolved and `.`/`..` applied in the order the
/// operating system applies them; `None` when links loop or a link cannot be read.
fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    // Components still to walk, the next one last.
    let mut pending: Vec<PathBuf> = reversed_parts(&absolute);
    let mut resolved = PathBuf::new();
    let mut links = 0;
    let mut exists = true;
    while let Some(part) = pending.pop() {
        match part.components().next() {
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::Normal(name)) => {
                resolved.push(name);
                if !exists {
                    continue;
                }
                match std::fs::symlink_metadata(&resolved) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        links += 1;
                        if links > MAX_LINKS {
                            return None;
                        }
                        let target = std::fs::read_link(&resolved).ok()?;
                        resolved.pop();
                        // The target is walked like the rest: it may hold links and `..` itself.
                        pending.extend(reversed_parts(&target));
                    }
                    Ok(_) => {}
                    Err(_) => exists = false,
                }
            }
            // A root or prefix starts again from there (an absolute link target).
            Some(Component::RootDir | Component::Prefix(_)) => resolved.push(&part),
            Some(Component::CurDir) | None => {}
        }
    }
    Some(resolved)
}

/// The components of `path`, each as a path of its own, last first.
fn reversed_parts(path: &Path) -> Vec<PathBuf> {
    path.components().rev().map(|c| PathBuf::from(c.as_os_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// `outside/secret`, and a root `repo/` with a file, a directory and links in and out.
    fn tree() -> (tempfile::TempDir, Sandbox) {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        fs::create_dir_all(base.join("outside")).unwrap();
        fs::write(base.join("outside/secret"), "s").unwrap();
        fs::create_dir_all(base.join("repo/infra/modules")).unwrap();
        fs::write(base.join("repo/infra/a.txt"), "a").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink("../../outside/secret", base.join("repo/infra/leak")).unwrap();
            symlink(base.join("outside"), base.join("repo/infra/out-dir")).unwrap();
            symlink("modules", base.join("repo/infra/in-dir")).unwrap();
            symlink("loop-b", base.join("repo/loop-a")).unwrap();
            symlink("loop-a", base.join("repo/loop-b")).unwrap();
        }
        let sandbox = Sandbox::new(&[base.join("repo")]);
        (dir, sandbox)
    }

    #[test]
    fn paths_inside_the_root_are_inside_whether_or_not_they_exist() {
        let (dir, sandbox) = tree();
        let repo = dir.path().join("repo");
        assert!(sandbox.contains(&repo));
        assert!(sandbox.contains(&repo.join("infra/a.txt")));
        assert!(sandbox.contains(&repo.join("infra/missing/deeper.txt")));
        assert!(sandbox.contains(&repo.join("infra/modules/../a.txt")));
        assert!(sandbox.contains(&repo.join("infra/missing/../../infra/a.txt")));
    }

    #[test]
    fn escaping_paths_are_outside_whether_or_not_they_exist() {
        let (dir, sandbox) = tree();
        let repo = dir.path().join("repo");
        assert!(!sandbox.contains(Path::new("/etc/passwd")));
        assert!(!sandbox.contains(&repo.join("infra/../../outside/secret")));
        assert!(!sandbox.contains(&repo.join("infra/../../outside/no-such-file")));
        assert!(!sandbox.contains(&repo.join("../repo-sibling/x")), "a sibling sharing the prefix is outside");
        assert!(!sandbox.contains(dir.path()));
        assert!(!Sandbox::new(&[dir.path().join("no-such-root")]).contains(&repo), "no root admits nothing");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_the_check() {
        let (dir, sandbox) = tree();
        let repo = dir.path().join("repo");
        assert!(!sandbox.contains(&repo.join("infra/leak")), "a link to a file outside");
        assert!(!sandbox.contains(&repo.join("infra/out-dir/secret")), "through a linked directory");
        assert!(!sandbox.contains(&repo.join("infra/out-dir/missing")), "existence is not probed either");
        assert!(sandbox.contains(&repo.join("infra/in-dir/x")), "a link that stays inside");
        // `out-dir/..` is the link target's parent for the OS, not `infra`: written out, this path
        // reads as `repo/infra/outside/secret`, but the OS opens `outside/secret`.
        assert!(!sandbox.contains(&repo.join("infra/out-dir/../outside/secret")));
        assert!(!sandbox.contains(&repo.join("loop-a")), "a link loop is never inside");
        let linked_root = Sandbox::new(&[repo.join("infra/in-dir")]);
        assert!(linked_root.contains(&repo.join("infra/modules/x")), "a root given through a link");
    }
}
