//! Glob patterns as `fileset` reads them (doublestar): `*` and `?` within a path segment, `**` for
//! any number of segments, `[...]` classes (`^` or `!` negates), `{a,b}` alternatives, `\` escapes.

/// At most this many alternatives come out of one pattern's braces.
const MAX_ALTERNATIVES: usize = 1024;

/// The pattern with its `{a,b}` alternatives spelled out; `None` when a brace is unclosed or the
/// alternatives are too many.
pub(crate) fn expand_braces(pattern: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    expand_into(pattern, &mut out)?;
    Some(out)
}

fn expand_into(pattern: &str, out: &mut Vec<String>) -> Option<()> {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'{' => {
                let close = matching_brace(pattern, i)?;
                let (prefix, body, suffix) = (&pattern[..i], &pattern[i + 1..close], &pattern[close + 1..]);
                for alternative in split_top_level(body) {
                    expand_into(&format!("{prefix}{alternative}{suffix}"), out)?;
                    if out.len() > MAX_ALTERNATIVES {
                        return None;
                    }
                }
                return Some(());
            }
            b'}' => return None,
            _ => i += 1,
        }
    }
    out.push(pattern.to_string());
    Some(())
}

fn matching_brace(pattern: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let bytes = pattern.as_bytes();
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn split_top_level(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&body[start..]);
    parts
}

/// Whether every `[` class in a (brace-free) pattern is closed.
pub(crate) fn is_valid(pattern: &str) -> bool {
    pattern.split('/').all(|segment| segment_matches(segment, "").is_some())
}

/// Whether a slash-separated `path` matches a brace-free `pattern`.
pub(crate) fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    match_segments(&pattern, &path)
}

fn match_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((segment, rest)) => match path.split_first() {
            Some((name, path_rest)) => segment_matches(segment, name) == Some(true) && match_segments(rest, path_rest),
            None => false,
        },
    }
}

/// Matches one segment; `None` when the segment pattern is malformed.
fn segment_matches(pattern: &str, name: &str) -> Option<bool> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Validate classes first so a malformed pattern fails whatever the name.
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => i += 2,
            '[' => i = class_end(&p, i)? + 1,
            _ => i += 1,
        }
    }
    Some(match_from(&p, &n))
}

/// Index of the `]` closing the class opened at `open`.
fn class_end(p: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    if matches!(p.get(i), Some('^') | Some('!')) {
        i += 1;
    }
    if p.get(i) == Some(&']') {
        i += 1;
    }
    while i < p.len() {
        match p[i] {
            '\\' => i += 2,
            ']' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn match_from(p: &[char], n: &[char]) -> bool {
    let (mut pi, mut ni) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while ni < n.len() {
        let step = match p.get(pi) {
            Some('*') => {
                backtrack = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => Some(pi + 1),
            Some('[') => match class_end(p, pi) {
                Some(end) if class_contains(&p[pi + 1..end], n[ni]) => Some(end + 1),
                _ => None,
            },
            Some('\\') if p.get(pi + 1) == Some(&n[ni]) => Some(pi + 2),
            Some(c) if *c != '\\' && *c == n[ni] => Some(pi + 1),
            _ => None,
        };
        match step {
            Some(next) => {
                pi = next;
                ni += 1;
            }
            None => match backtrack {
                Some((star, at)) => {
                    pi = star + 1;
                    ni = at + 1;
                    backtrack = Some((star, at + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn class_contains(class: &[char], c: char) -> bool {
    let (negated, body) = match class.first() {
        Some('^') | Some('!') => (true, &class[1..]),
        _ => (false, class),
    };
    let mut found = false;
    let mut i = 0;
    while i < body.len() {
        let mut low = body[i];
        if low == '\\' && i + 1 < body.len() {
            i += 1;
            low = body[i];
        }
        if body.get(i + 1) == Some(&'-') && i + 2 < body.len() {
            let high = body[i + 2];
            found |= low <= c && c <= high;
            i += 3;
        } else {
            found |= low == c;
            i += 1;
        }
    }
    found != negated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_double_stars() {
        assert!(matches("*.txt", "a.txt"));
        assert!(!matches("*.txt", "sub/a.txt"));
        assert!(matches("**/*.tf", "main.tf"));
        assert!(matches("**/*.tf", "a/b/main.tf"));
        assert!(matches("a/**", "a/b/c"));
        assert!(matches("file?.[a-c]", "file1.b"));
        assert!(!matches("file?.[!a-c]", "file1.b"));
        assert!(matches("\\*", "*"));
    }

    #[test]
    fn braces_and_syntax() {
        assert_eq!(expand_braces("*.{tf,txt}").unwrap(), vec!["*.tf", "*.txt"]);
        assert_eq!(expand_braces("{a,{b,c}}d").unwrap(), vec!["ad", "bd", "cd"]);
        assert!(expand_braces("{a,b").is_none());
        assert!(!is_valid("["));
        assert!(is_valid("[]a]"));
    }
}
