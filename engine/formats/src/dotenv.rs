//! `.env` files as Conftest reads them (subosito/gotenv's `StrictParse`): an object of strings.
//!
//! A line is blank, a `#` comment, or `[export ]KEY=VALUE` (also `KEY: VALUE`) with `KEY` made
//! of letters, digits, `_` and `.`. A value in single quotes is taken as written; one in double
//! quotes has `\n` as a line break and other `\x` escapes as `x`; an unquoted value ends at
//! `#` and is trimmed. `$VAR` and `${VAR}` in a value that is not single-quoted are replaced
//! with the value of `VAR` defined earlier in the file (`\$` keeps a literal `$`). gotenv also
//! looks `VAR` up in the environment of the process; Tollgate does not (results would depend
//! on the machine), so a variable the file does not define stays written as it is. Any other
//! line is an error, as in `StrictParse`.

use crate::{line_span, numbered_lines, FormatError};
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Value, ValueKind};

pub(crate) fn parse(lines: &LineIndex, start: usize) -> Result<Value, FormatError> {
    let mut entries: Vec<MapEntry> = Vec::new();
    for (number, offset, raw) in numbered_lines(lines.text(), start) {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = assignment(line).ok_or_else(|| {
            FormatError::at_line(
                number,
                format!("`{line}` is not `KEY=VALUE` (a .env line is KEY=VALUE, export KEY=VALUE or a # comment)"),
            )
        })?;
        let value = expand(&value, &entries);
        let span = line_span(lines, offset, raw);
        entries.retain(|entry| entry.key != key);
        entries.push(MapEntry { key: key.to_string(), key_span: span, value: Value::string(value.text, span) });
    }
    Ok(Value::new(ValueKind::Map(entries), crate::whole(lines)))
}

/// A value as read, and whether variables in it are expanded (not in single quotes).
struct Raw {
    text: String,
    expands: bool,
}

/// `KEY` and its value, or `None` when the line is not an assignment.
fn assignment(line: &str) -> Option<(&str, Raw)> {
    let line = match line.strip_prefix("export") {
        Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
        _ => line,
    };
    let key_end = line.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(line.len());
    let (key, rest) = line.split_at(key_end);
    if key.is_empty() {
        return None;
    }
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix('=') {
        Some(value) => value,
        None => rest.strip_prefix(':').filter(|value| value.is_empty() || value.starts_with([' ', '\t']))?,
    };
    Some((key, value_of(rest.trim_start())?))
}

/// The value after `=`: quoted (then only a comment may follow), or else, as gotenv's pattern
/// falls back to it, the text up to a `#` (`A='unclosed` is `'unclosed`).
fn value_of(rest: &str) -> Option<Raw> {
    quoted(rest).or_else(|| {
        let text = rest.split('#').next().unwrap_or_default().trim();
        Some(Raw { text: text.to_string(), expands: !text.starts_with('\'') })
    })
}

fn quoted(rest: &str) -> Option<Raw> {
    if let Some(body) = rest.strip_prefix('\'') {
        let close = body.find('\'')?;
        trailing_comment_only(&body[close + 1..])?;
        return Some(Raw { text: body[..close].to_string(), expands: false });
    }
    let body = rest.strip_prefix('"')?;
    let close = closing_double_quote(body)?;
    trailing_comment_only(&body[close + 1..])?;
    Some(Raw { text: unescape(&body[..close]), expands: true })
}

fn trailing_comment_only(after: &str) -> Option<()> {
    let after = after.trim_start();
    (after.is_empty() || after.starts_with('#')).then_some(())
}

/// The index of the `"` that closes a double-quoted value (a `\"` does not).
fn closing_double_quote(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in body.char_indices() {
        match c {
            '"' if !escaped => return Some(index),
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    None
}

/// `\n` is a line break; `\x` is `x`, except `\$`, kept for [`expand`] to make a literal `$`.
fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some('n')) => {
                out.push('\n');
                chars.next();
            }
            ('\\', Some('$')) => out.push('\\'),
            ('\\', Some(next)) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// `$VAR` and `${VAR}` replaced with earlier definitions (see the module comment).
fn expand(raw: &Raw, defined: &[MapEntry]) -> Raw {
    if !raw.expands {
        return Raw { text: raw.text.clone(), expands: false };
    }
    let text = &raw.text;
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('$') {
        let escaped = rest[..at].ends_with('\\');
        out.push_str(&rest[..if escaped { at - 1 } else { at }]);
        let after = &rest[at + 1..];
        let braced = after.starts_with('{');
        let name_start = usize::from(braced);
        let name_len = after[name_start..]
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(after.len() - name_start);
        let closes = !braced || after[name_start + name_len..].starts_with('}');
        let reference_len = 1 + name_start + name_len + usize::from(braced && closes);
        let reference = &rest[at..at + reference_len];
        let name = &after[name_start..name_start + name_len];
        let known = defined.iter().find(|entry| entry.key == name).and_then(|entry| entry.value.as_str());
        match known {
            Some(value) if !escaped && name_len > 0 && closes => out.push_str(value),
            _ => out.push_str(reference),
        }
        rest = &rest[at + reference_len..];
    }
    out.push_str(rest);
    Raw { text: out, expands: true }
}

#[cfg(test)]
mod tests {
    use crate::{parse, Format};
    use serde_json::json;
    use tollgate_model::FileId;

    fn dotenv(text: &str) -> serde_json::Value {
        crate::json_of(Format::Dotenv, text)
    }

    #[test]
    fn assignments_quotes_export_and_comments() {
        let text = "# settings\nPLAIN=value # comment\nexport EXPORTED=yes\nSPACED = padded  \nYAML_STYLE: colon\n\
                    SINGLE='keep $PLAIN \\n'\nDOUBLE=\"line\\nbreak \\\"q\\\"\"\nEMPTY=\napp.name=dotted\n";
        assert_eq!(
            dotenv(text),
            json!({
                "PLAIN": "value", "EXPORTED": "yes", "SPACED": "padded", "YAML_STYLE": "colon",
                "SINGLE": "keep $PLAIN \\n", "DOUBLE": "line\nbreak \"q\"", "EMPTY": "", "app.name": "dotted",
            })
        );
    }

    #[test]
    fn variables_expand_from_earlier_lines_only() {
        let text = "HOST=db\nURL=postgres://${HOST}:5432/$HOST\nRAW=\"\\$HOST\"\nOTHER=$UNDEFINED_IN_FILE\n";
        assert_eq!(
            dotenv(text),
            json!({"HOST": "db", "URL": "postgres://db:5432/db", "RAW": "$HOST", "OTHER": "$UNDEFINED_IN_FILE"})
        );
    }

    #[test]
    fn other_lines_are_errors_with_their_line() {
        let error = parse(Format::Dotenv, FileId(0), "A=1\nnot an assignment\n").expect_err("invalid");
        assert_eq!(error.line, 2, "{error}");
        let error = parse(Format::Dotenv, FileId(0), "A=1\n=no key\n").expect_err("no key");
        assert_eq!(error.line, 2, "{error}");
        assert_eq!(dotenv("A='unclosed\nB=\"x\" y\n"), json!({"A": "'unclosed", "B": "\"x\" y"}), "gotenv's fallback");
    }

    #[test]
    fn each_key_points_at_its_line() {
        let documents = parse(Format::Dotenv, FileId(0), "A=1\n\nB=2\n").expect("dotenv");
        assert_eq!(documents[0].value.entry("B").map(|b| b.value.span.start.line), Some(3));
    }
}
