//! Sprig's regular expression functions, with Go's RE2 syntax and Go's match iteration and `$1`
//! expansion. A bad pattern: `regexMatch` answers false, the other plain ones fail with Go's
//! `regexp: Compile(...)` panic text (Helm reports the panic as the call's error), the `must*` ones
//! with the syntax error itself.

mod syntax;

use regex::{Captures, Regex};
use tollgate_gotemplate::{sprintf, Functions, Value};

use crate::args_strings::{add_unary, arity, int, string};
use crate::strings::string_list;

/// How a bad pattern is reported: `must*` functions return the error, the others panic in Sprig.
#[derive(Clone, Copy)]
enum OnBadPattern {
    Panic,
    Return,
}

pub fn register(functions: &mut Functions) {
    functions.add("regexMatch", |args| {
        arity("regexMatch", args, 2)?;
        let (source, s) = (string(args, 0)?, string(args, 1)?);
        Ok(Value::Bool(syntax::compile(source).is_ok_and(|re| re.is_match(s))))
    });
    functions.add("mustRegexMatch", |args| {
        arity("mustRegexMatch", args, 2)?;
        let re = pattern(args, OnBadPattern::Return)?;
        Ok(Value::Bool(re.is_match(string(args, 1)?)))
    });
    for (name, on_bad) in [("regexFind", OnBadPattern::Panic), ("mustRegexFind", OnBadPattern::Return)] {
        functions.add(name, move |args| {
            arity(name, args, 2)?;
            let (re, s) = (pattern(args, on_bad)?, string(args, 1)?);
            Ok(Value::from(go_matches(&re, s, 1).first().map_or("", |(start, end)| &s[*start..*end])))
        });
    }
    for (name, on_bad) in [("regexFindAll", OnBadPattern::Panic), ("mustRegexFindAll", OnBadPattern::Return)] {
        functions.add(name, move |args| {
            arity(name, args, 3)?;
            let (re, s, n) = (pattern(args, on_bad)?, string(args, 1)?, int(args, 2)?);
            Ok(string_list(go_matches(&re, s, n).iter().map(|(start, end)| s[*start..*end].to_string()).collect()))
        });
    }
    for (name, on_bad) in [("regexSplit", OnBadPattern::Panic), ("mustRegexSplit", OnBadPattern::Return)] {
        functions.add(name, move |args| {
            arity(name, args, 3)?;
            let (re, s, n) = (pattern(args, on_bad)?, string(args, 1)?, int(args, 2)?);
            Ok(string_list(go_split(&re, string(args, 0)?, s, n)))
        });
    }
    register_replacements(functions);
    add_unary(functions, "regexQuoteMeta", quote_meta);
}

fn register_replacements(functions: &mut Functions) {
    let variants = [
        ("regexReplaceAll", OnBadPattern::Panic, true),
        ("mustRegexReplaceAll", OnBadPattern::Return, true),
        ("regexReplaceAllLiteral", OnBadPattern::Panic, false),
        ("mustRegexReplaceAllLiteral", OnBadPattern::Return, false),
    ];
    for (name, on_bad, expand) in variants {
        functions.add(name, move |args| {
            arity(name, args, 3)?;
            let (re, s, replacement) = (pattern(args, on_bad)?, string(args, 1)?, string(args, 2)?);
            Ok(Value::String(replace_all(&re, s, replacement, expand)))
        });
    }
}

/// The pattern in the first argument, compiled; a bad one reported as `on_bad` says.
fn pattern(args: &[Value], on_bad: OnBadPattern) -> Result<Regex, String> {
    let source = string(args, 0)?;
    syntax::compile(source).map_err(|error| match on_bad {
        OnBadPattern::Return => error.to_string(),
        OnBadPattern::Panic => format!("regexp: Compile({}): {error}", go_quote(source)),
    })
}

/// Go's `regexp` quoting of a pattern in its panic: backquoted when it can be.
fn go_quote(s: &str) -> String {
    let can_backquote = !s.chars().any(|c| c == '`' || c == '\u{FEFF}' || (c.is_control() && c != '\t'));
    if can_backquote {
        format!("`{s}`")
    } else {
        sprintf("%q", &[Value::from(s)])
    }
}

/// The length of the character at `at`, to step past an empty match.
fn char_width(s: &str, at: usize) -> usize {
    s[at..].chars().next().map_or(1, char::len_utf8)
}

/// Go's `FindAllStringIndex(s, n)`: `n < 0` all, `0` none; an empty match right after a match is skipped.
fn go_matches(re: &Regex, s: &str, n: i64) -> Vec<(usize, usize)> {
    let limit = usize::try_from(n).unwrap_or(usize::MAX);
    let mut found = Vec::new();
    let (mut at, mut previous_end) = (0, None);
    while found.len() < limit && at <= s.len() {
        let Some(m) = re.find_at(s, at) else { break };
        let accept = !(m.is_empty() && previous_end == Some(m.start()));
        at = if m.end() == at { at + char_width(s, at) } else { m.end() };
        previous_end = Some(m.end());
        if accept {
            found.push((m.start(), m.end()));
        }
    }
    found
}

/// Go's `Regexp.Split`.
fn go_split(re: &Regex, source: &str, s: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if !source.is_empty() && s.is_empty() {
        return vec![String::new()];
    }
    let limit = usize::try_from(n).unwrap_or(usize::MAX);
    let mut parts = Vec::new();
    let (mut begin, mut end) = (0, 0);
    for (start, stop) in go_matches(re, s, n) {
        if parts.len() + 1 == limit {
            break;
        }
        end = start;
        if stop != 0 {
            parts.push(s[begin..end].to_string());
        }
        begin = stop;
    }
    if end != s.len() {
        parts.push(s[begin..].to_string());
    }
    parts
}

/// Go's `ReplaceAllString` (expanding `$1`, `${name}`) or `ReplaceAllLiteralString`.
fn replace_all(re: &Regex, s: &str, replacement: &str, expand: bool) -> String {
    let mut out = String::new();
    let (mut last_end, mut at) = (0, 0);
    while at <= s.len() {
        let Some(captures) = re.captures_at(s, at) else { break };
        let Some(m) = captures.get(0) else { break };
        out.push_str(&s[last_end..m.start()]);
        // No second replacement for an empty match right after a match.
        if m.end() > last_end || m.start() == 0 {
            if expand {
                expand_into(&mut out, re, &captures, replacement);
            } else {
                out.push_str(replacement);
            }
        }
        last_end = m.end();
        let width = char_width(s, at);
        at = if at + width > m.end() { at + width } else { m.end() };
    }
    out.push_str(&s[last_end.min(s.len())..]);
    out
}

/// Go's `Regexp.Expand`: `$$` is `$`; `$name`/`${name}` the group (a number or a name; the longest run
/// of letters, digits and `_`); a malformed `$` stays as it is; an unknown group is empty.
fn expand_into(out: &mut String, re: &Regex, captures: &Captures, template: &str) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let Some((name, after)) = group_reference(rest) else {
            out.push('$');
            continue;
        };
        rest = after;
        let group = match group_number(name) {
            Some(number) => captures.get(number),
            None => re.capture_names().position(|n| n == Some(name)).and_then(|index| captures.get(index)),
        };
        out.push_str(group.map_or("", |m| m.as_str()));
    }
    out.push_str(rest);
}

/// The group name after a `$` and the text after the reference.
fn group_reference(text: &str) -> Option<(&str, &str)> {
    let (braced, body) = match text.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let length = body.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(body.len(), |(i, _)| i);
    if length == 0 {
        return None;
    }
    let name = &body[..length];
    if !braced {
        return Some((name, &body[length..]));
    }
    body[length..].strip_prefix('}').map(|after| (name, after))
}

/// A group number: decimal digits without a leading zero, below 10^8.
fn group_number(name: &str) -> Option<usize> {
    if !name.chars().all(|c| c.is_ascii_digit()) || (name.starts_with('0') && name.len() > 1) || name.len() > 8 {
        return None;
    }
    name.parse().ok()
}

/// Go's `regexp.QuoteMeta`: a backslash before each of `\.+*?()|[]{}^$`.
fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
