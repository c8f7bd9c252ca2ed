//! YAML errors in a rendered document worded as Helm 4.1.4 prints them: go-yaml (through
//! sigs.k8s.io/yaml) behind `error converting YAML to JSON: yaml: `. Our parser's messages are mapped
//! onto go-yaml's for the cases checked against real Helm; others keep our parser's wording.
//!
//! go-yaml's `line N` is not always the line of the problem: Helm parses each document trimmed, a
//! parser error names the 0-based line of the token it stopped at (one less than the 1-based line, and
//! the stream's end counts as the line after the last), a scanner error names the 1-based line, and a
//! problem on the first line gets no `line N: ` at all.

/// Which half of go-yaml reports the problem; it decides how `line N` is counted.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Reporter {
    Scanner,
    Parser,
}

/// Where go-yaml's problem mark lies, given our parser's 1-based line.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mark {
    /// On the line our parser names.
    Same,
    /// At the end of the stream (an unclosed flow collection or quoted scalar).
    EndOfStream,
    /// On the next line holding something (a stale simple key is found at the next token).
    NextToken,
}

/// Our parser's message (its first words) and go-yaml's, each checked with `helm template`.
const WORDING: &[(&str, &str, Reporter, Mark)] = &[
    ("unclosed bracket '['", "did not find expected ',' or ']'", Reporter::Parser, Mark::EndOfStream),
    ("unclosed bracket '{'", "did not find expected ',' or '}'", Reporter::Parser, Mark::EndOfStream),
    (
        "while parsing a block mapping, did not find expected key",
        "did not find expected key",
        Reporter::Parser,
        Mark::Same,
    ),
    (
        "while parsing a block collection, did not find expected '-' indicator",
        "did not find expected '-' indicator",
        Reporter::Parser,
        Mark::Same,
    ),
    ("misplaced bracket", "did not find expected key", Reporter::Parser, Mark::Same),
    (
        "mapping values are not allowed in this context",
        "mapping values are not allowed in this context",
        Reporter::Scanner,
        Mark::Same,
    ),
    ("simple key expected ':'", "could not find expected ':'", Reporter::Scanner, Mark::NextToken),
    (
        "tabs disallowed within this context",
        "found character that cannot start any token",
        Reporter::Scanner,
        Mark::Same,
    ),
    ("unexpected character:", "found character that cannot start any token", Reporter::Scanner, Mark::Same),
    ("unclosed quote", "found unexpected end of stream", Reporter::Scanner, Mark::EndOfStream),
];

/// go-yaml's `line N: message` (or the message alone) for our parser's `message` at 1-based `line` of
/// `document`; `None` when the message is not one Helm was checked for.
pub fn go_yaml_message(message: &str, line: Option<usize>, document: &str) -> Option<String> {
    let (_, go_message, reporter, mark) = WORDING.iter().find(|(ours, ..)| message.starts_with(ours))?;
    let text = document.trim();
    let line = line.unwrap_or(1);
    let problem_line = match mark {
        Mark::Same => line,
        Mark::EndOfStream => text.lines().count().max(1),
        Mark::NextToken => next_token_line(text, line),
    };
    // The mark as go-yaml holds it (0-based); the stream's end is forced onto a line of its own.
    let zero_based =
        if *mark == Mark::EndOfStream && *reporter == Reporter::Parser { problem_line } else { problem_line - 1 };
    let shown = match reporter {
        Reporter::Parser => zero_based,
        Reporter::Scanner if zero_based == 0 => 0,
        Reporter::Scanner => zero_based + 1,
    };
    Some(if shown == 0 { go_message.to_string() } else { format!("line {shown}: {go_message}") })
}

/// The 1-based line of the first non-blank line after `line`, or the line after the last.
fn next_token_line(text: &str, line: usize) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    (line..lines.len()).find(|&index| !lines[index].trim().is_empty()).map_or(lines.len() + 1, |index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::go_yaml_message;

    /// Each document rendered by `helm template` 4.1.4; the expected text is what followed `yaml: `.
    #[test]
    fn messages_and_lines_as_helm_prints_them() {
        let cases = [
            ("a: 1\nb:\n  c: [1, 2\n", "unclosed bracket '['", Some(3), "line 3: did not find expected ',' or ']'"),
            ("a: [1\n", "unclosed bracket '['", Some(1), "line 1: did not find expected ',' or ']'"),
            ("{a: 1\n", "unclosed bracket '{'", Some(1), "line 1: did not find expected ',' or '}'"),
            (
                "k: v\na: b: c\n",
                "mapping values are not allowed in this context",
                Some(2),
                "line 2: mapping values are not allowed in this context",
            ),
            (
                "a:\n  b: 1\n c: 2\n",
                "while parsing a block mapping, did not find expected key",
                Some(3),
                "line 2: did not find expected key",
            ),
            (
                "a: |\n  x\n y: 1\n",
                "while parsing a block mapping, did not find expected key",
                Some(3),
                "line 2: did not find expected key",
            ),
            ("a: [1, 2]]\n", "misplaced bracket", Some(1), "did not find expected key"),
            ("x: 1\ny: 2\na: [1]]\n", "misplaced bracket", Some(3), "line 2: did not find expected key"),
            (
                "a:\n  - 1\n  b: 2\n",
                "while parsing a block collection, did not find expected '-' indicator",
                Some(3),
                "line 2: did not find expected '-' indicator",
            ),
            ("a: 1\nb\n", "simple key expected ':'", Some(2), "line 3: could not find expected ':'"),
            ("a: 1\nb\n\n\nc: 2\n", "simple key expected ':'", Some(2), "line 5: could not find expected ':'"),
            ("a: \"abc\n", "unclosed quote", Some(1), "found unexpected end of stream"),
            ("a: 1\nb\nc: 2\n", "simple key expected ':'", Some(2), "line 3: could not find expected ':'"),
            (
                "a:\n\tb: 1\n",
                "tabs disallowed within this context (block indentation)",
                Some(2),
                "line 2: found character that cannot start any token",
            ),
            ("a: @x\n", "unexpected character: `@'", Some(1), "found character that cannot start any token"),
            ("a: \"abc\nb: 1\n", "unclosed quote", Some(1), "line 2: found unexpected end of stream"),
        ];
        for (document, ours, line, helm) in cases {
            assert_eq!(go_yaml_message(ours, line, document).as_deref(), Some(helm), "{document:?}");
        }
        assert_eq!(go_yaml_message("invalid u64", Some(1), "a: !!int x"), None);
    }
}
