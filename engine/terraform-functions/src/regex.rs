//! `regex`, `regexall`, and the regular expressions `replace` uses. Terraform's are Go's RE2
//! syntax, which Rust's `regex` crate shares almost entirely; the difference that matters is that
//! Go's `\d`, `\w`, `\s` and `\b` are ASCII-only, so patterns are rewritten to say so.

use crate::support::text;
use crate::{param, Ctx, FunctionError, Spec, P};
use regex::{Captures, Regex, RegexBuilder};
use tollgate_model::Value;

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("regex", &[param("pattern", P::String), param("string", P::String)], regex_first),
    Spec::new("regexall", &[param("pattern", P::String), param("string", P::String)], regex_all),
];

/// Compiles a Go regular expression, or returns Terraform's error message.
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&go_to_rust(pattern))
        .size_limit(1 << 22)
        .build()
        .map_err(|e| format!("invalid regular expression pattern: {}", short_error(&e)))
}

fn short_error(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .filter(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error: "))
        .next()
        .unwrap_or(&text)
        .to_string()
}

/// Rewrites Go-only meanings: ASCII `\d \w \s` (and negations) and ASCII word boundaries.
fn go_to_rust(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let inside = class_depth > 0;
                match (next, inside) {
                    ('d', false) => out.push_str("[0-9]"),
                    ('D', false) => out.push_str("[^0-9]"),
                    ('w', false) => out.push_str("[0-9A-Za-z_]"),
                    ('W', false) => out.push_str("[^0-9A-Za-z_]"),
                    ('s', false) => out.push_str("[\\t\\n\\f\\r ]"),
                    ('S', false) => out.push_str("[^\\t\\n\\f\\r ]"),
                    ('d', true) => out.push_str("0-9"),
                    ('w', true) => out.push_str("0-9A-Za-z_"),
                    ('s', true) => out.push_str("\\t\\n\\f\\r "),
                    ('D', true) => out.push_str("[^0-9]"),
                    ('W', true) => out.push_str("[^0-9A-Za-z_]"),
                    ('S', true) => out.push_str("[^\\t\\n\\f\\r ]"),
                    ('b', false) => out.push_str("(?-u:\\b)"),
                    ('B', false) => out.push_str("(?-u:\\B)"),
                    (other, _) => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '[' if class_depth > 0 && chars.peek() == Some(&':') => {
                // A POSIX class such as [:alpha:] inside a bracket expression: copy it whole.
                out.push('[');
                for p in chars.by_ref() {
                    out.push(p);
                    if p == ']' {
                        break;
                    }
                }
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                class_start = true;
            }
            ']' if class_depth > 0 && !at_class_start => {
                class_depth -= 1;
                out.push(']');
            }
            other => out.push(other),
        }
    }
    out
}

/// Go's `ReplaceAllString`: `$1`, `${1}`, `$name`, `${name}` expand; `$$` is a dollar sign.
pub(crate) fn replace_all(re: &Regex, s: &str, replacement: &str) -> String {
    re.replace_all(s, replacement).into_owned()
}

/// What each match becomes: the matched text without groups, a list of the groups, or an object of
/// named groups (a group that took no part in the match is null).
enum Shape {
    Whole,
    Numbered(usize),
    Named(Vec<(usize, String)>),
}

fn shape(ctx: &Ctx, re: &Regex) -> Result<Shape, FunctionError> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.is_empty() {
        return Ok(Shape::Whole);
    }
    let named = names.iter().filter(|n| n.is_some()).count();
    if named == 0 {
        return Ok(Shape::Numbered(names.len()));
    }
    if named != names.len() {
        return Err(ctx.fail("invalid regular expression: cannot mix both named and unnamed capture groups"));
    }
    Ok(Shape::Named(names.iter().enumerate().filter_map(|(i, n)| n.map(|n| (i + 1, n.to_string()))).collect()))
}

fn match_value(ctx: &Ctx, shape: &Shape, caps: &Captures) -> Value {
    let group = |i: usize| caps.get(i).map(|m| ctx.string(m.as_str())).unwrap_or_else(|| ctx.null());
    match shape {
        Shape::Whole => group(0),
        Shape::Numbered(n) => ctx.list((1..=*n).map(group).collect()),
        Shape::Named(names) => ctx.map(names.iter().map(|(i, name)| ctx.entry(name.clone(), group(*i))).collect()),
    }
}

fn regex_first(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let re = compile(text(&args[0])).map_err(|e| ctx.arg_fail(0, e))?;
    let shape = shape(ctx, &re)?;
    match re.captures(text(&args[1])) {
        Some(caps) => Ok(match_value(ctx, &shape, &caps)),
        None => Err(ctx.fail("pattern did not match any part of the given string")),
    }
}

fn regex_all(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let re = compile(text(&args[0])).map_err(|e| ctx.arg_fail(0, e))?;
    let shape = shape(ctx, &re)?;
    let matches = re.captures_iter(text(&args[1])).map(|caps| match_value(ctx, &shape, &caps)).collect();
    Ok(ctx.list(matches))
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn go_classes_are_ascii() {
        assert_eq!(ok("regexall", vec![s("\\d+"), s("12 ٣٤ 5")]), strings(&["12", "5"]));
        assert_eq!(ok("regexall", vec![s("[\\w-]+"), s("ab-c é")]), strings(&["ab-c"]));
        assert_eq!(ok("regex", vec![s("[[:alpha:]]+"), s("12abc")]), s("abc"));
        assert_eq!(ok("regex", vec![s("[]a]+"), s("x]a]")]), s("]a]"));
        assert_eq!(ok("regex", vec![s("\\bfoo\\b"), s("a foo b")]), s("foo"));
        assert_eq!(ok("regex", vec![s("a\\/b"), s("a/b")]), s("a/b"));
    }

    #[test]
    fn result_shapes() {
        assert_eq!(ok("regex", vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]), s("aaabbbccc"));
        assert_eq!(
            ok("regex", vec![s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")]),
            strings(&["2019", "02", "01"])
        );
        let named =
            ok("regex", vec![s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"), s("https://x.io/a")]);
        assert_eq!(named, map(vec![("authority", s("x.io")), ("scheme", s("https"))]));
        assert_eq!(ok("regex", vec![s("(a)|(b)"), s("b")]), list(vec![null(), s("b")]));
        assert!(err("regex", vec![s("(?P<x>a)(b)"), s("ab")]).contains("cannot mix"));
        assert!(err("regex", vec![s("z"), s("ab")]).contains("did not match"));
        assert!(err("regex", vec![s("("), s("ab")]).contains("invalid regular expression"));
    }

    #[test]
    fn regexall_skips_empty_matches_after_a_match() {
        assert_eq!(ok("regexall", vec![s("a*"), s("baaac")]), strings(&["", "aaa", ""]));
        assert_eq!(ok("regexall", vec![s("x"), s("abc")]), list(vec![]));
        assert_eq!(ok("replace", vec![s("baaac"), s("/a*/"), s("-")]), s("-b-c-"));
    }
}
