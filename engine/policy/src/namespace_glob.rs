//! `--namespace` patterns as Conftest matches them (conftest PR #1343): Go's `path.Match`, where
//! `*` is any run of characters other than `/`, `?` one such character, `[...]` a class (`[^...]`
//! negated, `a-z` ranges) and `\` escapes the next character. `.` is an ordinary character, so
//! `main.*` matches `main.gke` and `main.gke.pods`, and `*` every package.

/// Whether `name` matches `pattern`; `Err` for a malformed pattern (an unclosed `[`, a trailing `\`).
pub fn namespace_matches(pattern: &str, name: &str) -> Result<bool, String> {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    validate(&pattern)?;
    Ok(matches_from(&pattern, &name))
}

fn validate(pattern: &[char]) -> Result<(), String> {
    let mut index = 0;
    while index < pattern.len() {
        index = match pattern[index] {
            '\\' if index + 1 == pattern.len() => return Err("it ends with `\\`".into()),
            '\\' => index + 2,
            '[' => class_end(pattern, index).ok_or("a `[` is not closed by `]`")?,
            _ => index + 1,
        };
    }
    Ok(())
}

fn matches_from(pattern: &[char], name: &[char]) -> bool {
    match pattern.first() {
        None => name.is_empty(),
        // `*` takes as many characters as the rest needs, none of them `/`.
        Some('*') => (0..=name.len())
            .take_while(|&taken| taken == 0 || name[taken - 1] != '/')
            .any(|taken| matches_from(&pattern[1..], &name[taken..])),
        Some(_) => {
            let Some((&first, rest)) = name.split_first() else { return false };
            let (accepted, used) = match pattern[0] {
                '?' => (first != '/', 1),
                '\\' => (pattern.get(1) == Some(&first), 2),
                '[' => match class_end(pattern, 0) {
                    Some(end) => (first != '/' && class_accepts(&pattern[1..end - 1], first), end),
                    None => return false,
                },
                literal => (literal == first, 1),
            };
            accepted && matches_from(&pattern[used.min(pattern.len())..], rest)
        }
    }
}

/// The index just past the `]` closing the class opened at `start`.
fn class_end(pattern: &[char], start: usize) -> Option<usize> {
    let mut index = start + 1;
    if pattern.get(index) == Some(&'^') {
        index += 1;
    }
    let first = index;
    while index < pattern.len() {
        match pattern[index] {
            ']' if index > first => return Some(index + 1),
            '\\' => index += 2,
            _ => index += 1,
        }
    }
    None
}

/// Whether the class body (between `[` and `]`) accepts `c`.
fn class_accepts(body: &[char], c: char) -> bool {
    let (negated, body) = match body.split_first() {
        Some(('^', rest)) => (true, rest),
        _ => (false, body),
    };
    let mut items = Vec::new();
    let mut index = 0;
    while index < body.len() {
        let escaped = body[index] == '\\';
        let ch = if escaped { body.get(index + 1).copied().unwrap_or('\\') } else { body[index] };
        index += if escaped { 2 } else { 1 };
        items.push(ch);
    }
    let mut found = false;
    let mut at = 0;
    while at < items.len() {
        if at + 2 < items.len() && items[at + 1] == '-' {
            found |= (items[at]..=items[at + 2]).contains(&c);
            at += 3;
        } else {
            found |= items[at] == c;
            at += 1;
        }
    }
    found != negated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, name: &str) -> bool {
        namespace_matches(pattern, name).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    #[test]
    fn stars_cross_dots_as_in_conftest() {
        assert!(check("ma*", "main"));
        assert!(check("main.*", "main.gke"));
        assert!(check("main.*", "main.gke.pods"));
        assert!(check("*", "kubernetes.services"));
        assert!(check("*.simple", "k8s.simple"));
        assert!(!check("main.*", "main"));
        assert!(!check("ma*", "amain"));
        assert!(check("main", "main"));
        assert!(!check("main", "main.x"));
    }

    #[test]
    fn question_marks_classes_and_escapes() {
        assert!(check("k8s.v?", "k8s.v1"));
        assert!(!check("k8s.v?", "k8s.v10"));
        assert!(check("team[ab]", "teamb"));
        assert!(!check("team[^ab]", "teamb"));
        assert!(check("team[a-c]x", "teambx"));
        assert!(!check("team[a-c]x", "teamdx"));
        assert!(check(r"lit\*", "lit*"));
        assert!(!check(r"lit\*", "lite"));
        assert!(check("[]a]", "]"));
    }

    #[test]
    fn malformed_patterns_are_errors() {
        assert!(namespace_matches("team[ab", "teama").is_err());
        assert!(namespace_matches("main\\", "main").is_err());
    }
}
