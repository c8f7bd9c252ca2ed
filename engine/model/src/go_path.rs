//! Go's `path` package: lexical operations on slash-separated paths (`Clean`, `Dir`, `Base`, `Ext`).
//!
//! It lives here because two engines follow it to the letter: Terraform's `dirname`, `basename` and
//! `fileset` (Go's `filepath`, which is the same on Unix) and Helm's `base`, `dir`, `clean`, `ext`
//! (Sprig calls `path`). Nothing touches the file system.

/// Go's `path.Clean`: one slash between elements, `.` removed, `..` removing the element before it
/// (and dropped at the root); an empty result is `.`.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go's `path.Dir`: everything before the last slash, cleaned.
pub fn dir(path: &str) -> String {
    let cut = path.rfind('/').map_or(0, |slash| slash + 1);
    clean(&path[..cut])
}

/// Go's `path.Base`: the last element, trailing slashes ignored; `.` for empty, `/` for only slashes.
pub fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

/// Go's `path.Ext`: from the last dot of the last element, or empty.
pub fn ext(path: &str) -> &str {
    let last = path.rsplit('/').next().unwrap_or(path);
    last.rfind('.').map_or("", |dot| &last[dot..])
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values are those of the examples in Go's `path` documentation (pkg.go.dev/path).
    #[test]
    fn clean_as_go_documents() {
        for (given, cleaned) in [
            ("a/c", "a/c"),
            ("a//c", "a/c"),
            ("a/c/.", "a/c"),
            ("a/c/b/..", "a/c"),
            ("/../a/c", "/a/c"),
            ("/../a/b/../././/c", "/a/c"),
            ("", "."),
            ("../../a/..", "../.."),
            ("a/../..", ".."),
            ("/", "/"),
        ] {
            assert_eq!(clean(given), cleaned, "clean({given:?})");
        }
    }

    #[test]
    fn dir_as_go_documents() {
        for (given, parent) in [
            ("/a/b/c", "/a/b"),
            ("a/b/c", "a/b"),
            ("/a/", "/a"),
            ("a/", "a"),
            ("/", "/"),
            ("", "."),
            ("c.txt", "."),
            ("a//b/./c/../d", "a/b"),
        ] {
            assert_eq!(dir(given), parent, "dir({given:?})");
        }
    }

    #[test]
    fn base_as_go_documents() {
        for (given, last) in [("/a/b", "b"), ("/", "/"), ("", "."), ("a/b/", "b"), ("//", "/"), ("c", "c")] {
            assert_eq!(base(given), last, "base({given:?})");
        }
    }

    #[test]
    fn ext_as_go_documents() {
        for (given, extension) in
            [("/a/b/c/bar.css", ".css"), ("/", ""), ("", ""), ("a.b/c", ""), ("a/b.tar.gz", ".gz")]
        {
            assert_eq!(ext(given), extension, "ext({given:?})");
        }
    }
}
