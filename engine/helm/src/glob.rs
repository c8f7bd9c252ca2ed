//! Go's `path.Match` (used by `.helmignore` and `--show-only`) and the glob dialect `.Files.Glob` accepts
//! (Helm uses the gobwas/glob library there, with `/` as the separator).

/// Whether `name` matches `pattern` as Go's `path.Match` decides: `*` and `?` never match `/`,
/// `[a-z]`/`[^a]` classes, `\` escapes. With `double_star` (`.Files.Glob`'s dialect), `**` also matches
/// across `/`, `{a,b}` matches either alternative, and a class is negated by `!` (`[!a]`; there `^` is
/// an ordinary member, as Helm 4.1.4 shows). A malformed pattern matches nothing, as Go's error does.
pub fn matches(pattern: &str, name: &str, double_star: bool) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    match_from(&pattern, &name, double_star, &mut 0)
}

/// Steps bound the backtracking, so hostile patterns cannot make matching exponential.
const MAX_STEPS: usize = 100_000;

fn match_from(pattern: &[char], name: &[char], double_star: bool, steps: &mut usize) -> bool {
    *steps += 1;
    if *steps > MAX_STEPS {
        return false;
    }
    let Some(&first) = pattern.first() else {
        return name.is_empty();
    };
    match first {
        '*' => {
            let crosses = double_star && pattern.get(1) == Some(&'*');
            let rest = if crosses { &pattern[2..] } else { &pattern[1..] };
            for skip in 0..=name.len() {
                if match_from(rest, &name[skip..], double_star, steps) {
                    return true;
                }
                if skip < name.len() && name[skip] == '/' && !crosses {
                    return false;
                }
            }
            false
        }
        '?' => {
            matches!(name.first(), Some(&c) if c != '/') && match_from(&pattern[1..], &name[1..], double_star, steps)
        }
        '{' if double_star => alternatives(pattern).is_some_and(|(choices, rest)| {
            choices.iter().any(|choice| {
                let joined: Vec<char> = choice.iter().chain(rest).copied().collect();
                match_from(&joined, name, double_star, steps)
            })
        }),
        '[' => match (name.first(), class_end(pattern)) {
            (Some(&c), Some(end)) if c != '/' && class_matches(&pattern[1..end], c, double_star) => {
                match_from(&pattern[end + 1..], &name[1..], double_star, steps)
            }
            _ => false,
        },
        '\\' => match (pattern.get(1), name.first()) {
            (Some(escaped), Some(c)) if escaped == c => match_from(&pattern[2..], &name[1..], double_star, steps),
            _ => false,
        },
        literal => name.first() == Some(&literal) && match_from(&pattern[1..], &name[1..], double_star, steps),
    }
}

/// The alternatives of the `{a,b}` group that starts `pattern` (split at its top-level commas; groups
/// nest) and the pattern after the group; `None` when the group is not closed.
fn alternatives(pattern: &[char]) -> Option<(Vec<&[char]>, &[char])> {
    let (mut depth, mut start, mut choices) = (0usize, 1, Vec::new());
    let mut index = 0;
    while let Some(&c) = pattern.get(index) {
        match c {
            '\\' => index += 1,
            '{' => depth += 1,
            ',' if depth == 1 => {
                choices.push(&pattern[start..index]);
                start = index + 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    choices.push(&pattern[start..index]);
                    return Some((choices, &pattern[index + 1..]));
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The index of the `]` closing the class that starts `pattern`.
fn class_end(pattern: &[char]) -> Option<usize> {
    let mut index = 1;
    if matches!(pattern.get(index), Some(&'^') | Some(&'!')) {
        index += 1;
    }
    let mut first = true;
    while let Some(&c) = pattern.get(index) {
        match c {
            ']' if !first => return Some(index),
            '\\' => index += 1,
            _ => {}
        }
        first = false;
        index += 1;
    }
    None
}

fn class_matches(class: &[char], c: char, gobwas: bool) -> bool {
    let negation = if gobwas { '!' } else { '^' };
    let (negated, class) = match class.first() {
        Some(&first) if first == negation => (true, &class[1..]),
        _ => (false, class),
    };
    let mut index = 0;
    let mut found = false;
    while index < class.len() {
        let low = if class[index] == '\\' {
            index += 1;
            class.get(index).copied()
        } else {
            Some(class[index])
        };
        let Some(low) = low else { break };
        let mut high = low;
        if class.get(index + 1) == Some(&'-') && index + 2 < class.len() {
            high = class[index + 2];
            index += 2;
        }
        if low <= c && c <= high {
            found = true;
        }
        index += 1;
    }
    found != negated
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_and_question_mark_stay_within_one_path_segment() {
        assert!(matches("templates/*.yaml", "templates/a.yaml", false));
        assert!(!matches("templates/*.yaml", "templates/sub/a.yaml", false));
        assert!(matches("temp?", "temp1", false));
        assert!(!matches("a?b", "a/b", false));
    }

    #[test]
    fn double_star_crosses_segments_only_when_asked() {
        assert!(matches("files/**.conf", "files/a/b.conf", true));
        assert!(!matches("files/**.conf", "files/a/b.conf", false));
    }

    #[test]
    fn classes_ranges_negation_and_escapes() {
        assert!(matches("[a-c]x", "bx", false));
        assert!(!matches("[^a-c]x", "bx", false));
        assert!(matches("\\*", "*", false));
        assert!(!matches("[", "[", false));
    }

    /// Checked against `.Files.Glob` in Helm 4.1.4.
    #[test]
    fn files_glob_takes_alternatives_and_bang_negation() {
        assert!(matches("files/*.{properties,txt}", "files/app.properties", true));
        assert!(matches("files/*.{properties,txt}", "files/banner.txt", true));
        assert!(!matches("files/*.{properties,txt}", "files/config/a.txt", true));
        assert!(matches("files/{a,b}*", "files/b.conf", true));
        assert!(matches("files/{x,{y,b}}.conf", "files/b.conf", true));
        assert!(!matches("files/{a,b", "files/a", true));
        assert!(matches("files/[!a]*", "files/b.conf", true));
        assert!(!matches("files/[!a]*", "files/a.txt", true));
        assert!(matches("files/[^a]*", "files/a.txt", true));
        assert!(!matches("files/[^a]*", "files/b.conf", true));
        assert!(!matches("{a,b}", "a", false));
    }
}
