//! Go's per-character case mapping (`unicode.ToUpper`, `ToLower`, `ToTitle`) and `strings.Title`.
//!
//! It lives here because two engines map case as Go does: Terraform's `upper`, `lower`, `title` and
//! Sprig's `upper`, `lower`, `title`, `swapcase`, `camelcase`. Go's mapping is simple (one character to
//! one character), so `ß` stays `ß` where Rust's full mapping would give `SS`.

/// Go's `unicode.ToUpper`: characters whose upper case is more than one character stay.
pub fn to_upper(c: char) -> char {
    single(c.to_uppercase()).unwrap_or(c)
}

/// Go's `unicode.ToLower`: `İ` is `i` (the full mapping adds a combining dot).
pub fn to_lower(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    single(c.to_lowercase()).unwrap_or(c)
}

/// Go's `unicode.ToTitle`: upper case, except the Latin digraphs, which have a title case of their own
/// (`ǆ` -> `ǅ`).
pub fn to_title(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        other => to_upper(other),
    }
}

/// Go's `strings.Title`: the first letter of each word title-cased, the rest untouched; words are
/// separated by anything but letters, digits and `_` (ASCII) or by spaces (beyond ASCII).
pub fn title(text: &str) -> String {
    let mut previous = ' ';
    text.chars()
        .map(|c| {
            let mapped = if separates_words(previous) { to_title(c) } else { c };
            previous = c;
            mapped
        })
        .collect()
}

fn separates_words(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if c.is_alphabetic() || c.is_numeric() {
        return false;
    }
    c.is_whitespace()
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_maps_one_character_to_one() {
        assert_eq!(to_upper('ß'), 'ß');
        assert_eq!(to_upper('é'), 'É');
        assert_eq!(to_lower('İ'), 'i');
        assert_eq!(to_lower('Σ'), 'σ');
        assert_eq!(to_title('ǆ'), 'ǅ');
        assert_eq!(to_upper('ǆ'), 'Ǆ');
    }

    #[test]
    fn title_starts_words_after_separators() {
        assert_eq!(title("hello WORLD foo-bar_baz it's"), "Hello WORLD Foo-Bar_baz It'S");
        assert_eq!(title("ǆemal élan"), "ǅemal Élan");
        assert_eq!(title("a\u{2003}b«c"), "A\u{2003}B«c");
    }
}
