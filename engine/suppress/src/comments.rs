//! Comments in HCL and YAML text, found without parsing the file: `#` and `//` in HCL (outside
//! strings, heredocs and `/* */` blocks), `#` in YAML (outside quotes, at a line start or after
//! a space).

/// The comment syntax of a file, from its name; `None` for files without comments (JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Hcl,
    Yaml,
}

impl Language {
    pub fn of(path: &str) -> Option<Language> {
        let extension = path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase())?;
        match extension.as_str() {
            "tf" | "hcl" | "tofu" => Some(Language::Hcl),
            "yaml" | "yml" => Some(Language::Yaml),
            _ => None,
        }
    }
}

/// One comment: its 1-based line, whether code precedes it on that line, and its text after the
/// comment marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment<'a> {
    pub line: u32,
    pub trailing: bool,
    pub body: &'a str,
}

/// Every line comment of `text`.
pub fn comments(text: &str, language: Language) -> Vec<Comment<'_>> {
    let mut found = Vec::new();
    let mut state = State::Code;
    for (index, line) in text.lines().enumerate() {
        let line_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        state = match state {
            State::Heredoc(marker) if line.trim() == marker => State::Code,
            State::Heredoc(marker) => State::Heredoc(marker),
            State::Code | State::BlockComment => {
                let (comment, next) = scan_line(line, language, state);
                if let Some((column, body)) = comment {
                    found.push(Comment { line: line_number, trailing: !line[..column].trim().is_empty(), body });
                }
                next
            }
        };
    }
    found
}

/// Whether a line holds nothing but a comment (in either language's markers).
pub fn is_comment_line(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('#') || line.starts_with("//")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State<'a> {
    Code,
    BlockComment,
    /// Inside an HCL heredoc, until a line that is its marker.
    Heredoc(&'a str),
}

/// The comment of one line (its byte column and body) and the state the next line starts in.
fn scan_line<'a>(line: &'a str, language: Language, mut state: State<'a>) -> (Option<(usize, &'a str)>, State<'a>) {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if state == State::BlockComment {
            if line[i..].starts_with("*/") {
                state = State::Code;
                i += 1;
            }
        } else if let Some(open) = quote {
            if byte == b'\\' && open == b'"' {
                i += 1;
            } else if byte == open {
                quote = None;
            }
        } else if byte == b'"' || (byte == b'\'' && language == Language::Yaml) {
            quote = Some(byte);
        } else if byte == b'#' && (language == Language::Hcl || i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return (Some((i, &line[i + 1..])), State::Code);
        } else if language == Language::Hcl && line[i..].starts_with("//") {
            return (Some((i, &line[i + 2..])), State::Code);
        } else if language == Language::Hcl && line[i..].starts_with("/*") {
            state = State::BlockComment;
            i += 1;
        } else if language == Language::Hcl && line[i..].starts_with("<<") {
            if let Some(marker) = heredoc_marker(&line[i + 2..]) {
                return (None, State::Heredoc(marker));
            }
        }
        i += 1;
    }
    (None, state)
}

/// The closing marker of a heredoc opened by `<<MARKER` or `<<-MARKER` at the end of a line.
fn heredoc_marker(rest: &str) -> Option<&str> {
    let marker = rest.strip_prefix('-').unwrap_or(rest).trim_end();
    let is_identifier = !marker.is_empty() && marker.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_identifier.then_some(marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str, language: Language) -> Vec<(u32, bool, &str)> {
        comments(text, language).into_iter().map(|c| (c.line, c.trailing, c.body.trim())).collect()
    }

    #[test]
    fn hcl_comments_outside_strings_heredocs_and_block_comments() {
        let text = "# top\nresource \"a\" \"b\" { // two\n  name = \"x # not\" # three\n  /* # no\n  # no */\n  \
                    script = <<-EOT\n    # not a comment\n  EOT\n  url = \"http://x\"\n}\n";
        assert_eq!(bodies(text, Language::Hcl), vec![(1, false, "top"), (2, true, "two"), (3, true, "three")]);
    }

    #[test]
    fn yaml_comments_need_a_space_before_the_hash() {
        let text = "# top\nname: a#b # real\nnote: 'it''s # quoted'\n  # indented\n";
        assert_eq!(bodies(text, Language::Yaml), vec![(1, false, "top"), (2, true, "real"), (4, false, "indented")]);
    }

    #[test]
    fn languages_come_from_the_file_name() {
        assert_eq!(Language::of("envs/prod/main.tf"), Some(Language::Hcl));
        assert_eq!(Language::of("k8s/deploy.YML"), Some(Language::Yaml));
        assert_eq!(Language::of("plan.json"), None);
        assert_eq!(Language::of("Makefile"), None);
    }
}
