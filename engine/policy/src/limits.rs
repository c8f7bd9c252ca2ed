//! Bounds on what one policy can make the engine do, where regorus's own time limit cannot stop
//! it (it is checked between evaluation steps, never inside one builtin call or the parser):
//!
//! - `numbers.range`, `numbers.range_step`, `replace` and `concat` build their whole result at
//!   once (`numbers.range(0, 1e10)` or four nested `replace` calls abort the process on a failed
//!   allocation): Tollgate registers them as extensions, which regorus looks up before its
//!   builtins, with the same results and a limit on the size;
//! - regorus's parser backtracks on each `[` and `{` (comprehension or literal?), so its time
//!   doubles with each level of nesting: a policy nested deeper than [`MAX_BRACKET_DEPTH`] is
//!   refused before it is parsed, with the line and column where the limit is passed.

use anyhow::{bail, Result};
use regorus::{Engine, Value};

/// Most numbers one `numbers.range`/`numbers.range_step` call may return (a port range is at
/// most 65,536; a million numbers take tens of megabytes).
pub const MAX_RANGE_ELEMENTS: i128 = 1_000_000;

/// Deepest nesting of `[` and `{` in a policy file. Real policies and their tests stay around
/// 12 (a Kubernetes CronJob's container capabilities in `with input as {...}`, counting the
/// rule's braces); at 16 the parser takes a tenth of a second, at 20 seconds, at 30 hours.
pub const MAX_BRACKET_DEPTH: usize = 16;

/// Longest string one `replace` or `concat` call may return: regorus builds the whole result
/// at once, and `replace` squares a string's length in one call (four calls from ten bytes
/// need 10^16 bytes, and the failed allocation aborts the process).
pub const MAX_STRING_BYTES: usize = 64 << 20;

/// Why a bounded builtin gave no value: a bad argument (undefined unless strict, as regorus
/// treats its builtins' errors) or a limit (always an error, as regorus's own limits are).
enum Problem {
    Argument(String),
    Limit(String),
}

type Bounded = fn(&[Value]) -> Result<Value, Problem>;

/// Registers the bounded builtins as extensions (which regorus looks up before its builtins);
/// `strict` as the engine's `set_strict_builtin_errors`.
pub(crate) fn register(engine: &mut Engine, strict: bool) -> Result<()> {
    let bounded: [(&str, u8, Bounded); 4] = [
        ("numbers.range", 2, |args| range(args, None)),
        ("numbers.range_step", 3, range_step),
        ("replace", 3, replace),
        ("concat", 2, concat),
    ];
    for (name, arity, function) in bounded {
        engine.add_extension(
            name.to_string(),
            arity,
            Box::new(move |args: Vec<Value>| match function(&args) {
                Ok(value) => Ok(value),
                Err(Problem::Argument(_)) if !strict => Ok(Value::Undefined),
                Err(Problem::Argument(message) | Problem::Limit(message)) => bail!("{name}: {message}"),
            }),
        )?;
    }
    Ok(())
}

fn range_step(args: &[Value]) -> Result<Value, Problem> {
    match integer(args.get(2))? {
        Some(step) if step > 0 => range(args, Some(step)),
        _ => Err(Problem::Argument("the step must be a positive integer".into())),
    }
}

/// `start`, `start ± step`, ... up to `end` inclusive (when reached), toward `end`.
fn range(args: &[Value], step: Option<i128>) -> Result<Value, Problem> {
    let (Some(start), Some(end)) = (integer(args.first())?, integer(args.get(1))?) else {
        return Err(Problem::Argument("operands must be integers".into()));
    };
    let step = step.unwrap_or(1);
    let count = (end - start).abs() / step + 1;
    if count > MAX_RANGE_ELEMENTS {
        return Err(Problem::Limit(format!(
            "from {start} to {end} would make {count} numbers, over Tollgate's limit of {MAX_RANGE_ELEMENTS} (README: Safety and limits)"
        )));
    }
    let direction = if end >= start { step } else { -step };
    let values: Vec<Value> = (0..count).map(|i| Value::from((start + i * direction) as i64)).collect();
    Ok(Value::from(values))
}

/// An integer argument as i128 (no overflow in differences); `None` for a non-integer number.
fn integer(value: Option<&Value>) -> Result<Option<i128>, Problem> {
    let Some(Ok(number)) = value.map(Value::as_number) else {
        return Err(Problem::Argument("operand must be a number".into()));
    };
    if !number.is_integer() {
        return Ok(None);
    }
    match number.as_i64() {
        Some(n) => Ok(Some(i128::from(n))),
        None => Err(Problem::Argument("could not determine number of elements".into())),
    }
}

/// Go's `strings.ReplaceAll` (an empty `old` matches before every character and at the end),
/// as regorus's `replace`.
fn replace(args: &[Value]) -> Result<Value, Problem> {
    let [text, old, new] = [0, 1, 2].map(|i| string(args.get(i)));
    let (text, old, new) = (text?, old?, new?);
    let matches = if old.is_empty() { text.chars().count() + 1 } else { text.matches(old).count() };
    let length = text.len() as u128 + matches as u128 * new.len() as u128 - matches as u128 * old.len() as u128;
    check_length(length)?;
    Ok(Value::from(text.replace(old, new)))
}

/// The strings of an array or set joined with the separator, as regorus's `concat`.
fn concat(args: &[Value]) -> Result<Value, Problem> {
    let separator = string(args.first())?;
    let items: Vec<&str> = match args.get(1) {
        Some(Value::Array(items)) => items.iter().map(|v| string(Some(v))).collect::<Result<_, _>>()?,
        Some(Value::Set(items)) => items.iter().map(|v| string(Some(v))).collect::<Result<_, _>>()?,
        _ => return Err(Problem::Argument("expects an array or set of strings".into())),
    };
    let joints = items.len().saturating_sub(1) as u128;
    check_length(items.iter().map(|s| s.len() as u128).sum::<u128>() + joints * separator.len() as u128)?;
    Ok(Value::from(items.join(separator)))
}

fn string(value: Option<&Value>) -> Result<&str, Problem> {
    match value {
        Some(Value::String(s)) => Ok(s.as_ref()),
        other => Err(Problem::Argument(format!("expects a string, got {}", other.unwrap_or(&Value::Undefined)))),
    }
}

fn check_length(length: u128) -> Result<(), Problem> {
    if length > MAX_STRING_BYTES as u128 {
        return Err(Problem::Limit(format!(
            "the result would be {length} bytes, over Tollgate's limit of {MAX_STRING_BYTES} (README: Safety and limits)"
        )));
    }
    Ok(())
}

/// What a policy's text is made of, for the checks before parsing: code characters and whole
/// string literals (comments are skipped), each with its 1-based line and column.
enum Piece<'t> {
    Code(char),
    Literal(&'t str),
}

/// Calls `visit` on each piece of `text` until it returns a value.
fn scan<T>(text: &str, mut visit: impl FnMut(Piece, u32, u32) -> Option<T>) -> Option<T> {
    let (mut line, mut column) = (1u32, 0u32);
    let mut chars = text.char_indices();
    // The open literal or comment: its quote, and where it began (byte, line, column).
    let mut open: Option<(char, usize, u32, u32)> = None;
    while let Some((at, c)) = chars.next() {
        column += 1;
        match (open, c) {
            (_, '\n') => {
                (line, column) = (line + 1, 0);
                // A `"` string cannot span lines; a comment ends here.
                if !matches!(open, Some(('`', ..))) {
                    open = None;
                }
            }
            (Some(('#', ..)), _) => {}
            (Some(('"', ..)), '\\') => {
                column += 1;
                chars.next();
            }
            (Some((quote, from, from_line, from_column)), c) if quote == c => {
                open = None;
                if let Some(found) = visit(Piece::Literal(&text[from..at]), from_line, from_column) {
                    return Some(found);
                }
            }
            (Some(_), _) => {}
            (None, '"' | '`' | '#') => open = Some((c, at + 1, line, column)),
            (None, c) => {
                if let Some(found) = visit(Piece::Code(c), line, column) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// The first place where `text` nests `[`/`{` deeper than [`MAX_BRACKET_DEPTH`], as 1-based
/// (line, column); brackets in strings, raw strings and comments do not count.
pub(crate) fn too_deep(text: &str) -> Option<(u32, u32)> {
    let mut depth = 0usize;
    scan(text, |piece, line, column| {
        match piece {
            Piece::Code('[' | '{') => depth += 1,
            Piece::Code(']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        (depth > MAX_BRACKET_DEPTH).then_some((line, column))
    })
}

/// Widest `sprintf` width or precision a string literal may hold: regorus pads in memory, at
/// once (`%0999999999d` runs for minutes, then aborts the process on the allocation).
pub const MAX_FORMAT_WIDTH: u64 = 99_999;

/// The first string literal holding a format verb wider than [`MAX_FORMAT_WIDTH`]: its
/// (line, column) and the width. A format string built at run time is not seen.
pub(crate) fn huge_format_width(text: &str) -> Option<(u32, u32, u64)> {
    scan(text, |piece, line, column| match piece {
        Piece::Literal(literal) => format_widths(literal).find(|w| *w > MAX_FORMAT_WIDTH).map(|w| (line, column, w)),
        Piece::Code(_) => None,
    })
}

/// The widths and precisions of the `%` verbs in `literal` (`%-08.3f` gives 8 and 3).
fn format_widths(literal: &str) -> impl Iterator<Item = u64> + '_ {
    literal.split('%').skip(1).flat_map(|verb| {
        let verb = verb.trim_start_matches(['-', '+', '#', ' ', '0']);
        let (width, rest) = leading_number(verb);
        let precision = rest.strip_prefix('.').map(|r| leading_number(r).0);
        [width, precision.flatten()].into_iter().flatten()
    })
}

fn leading_number(text: &str) -> (Option<u64>, &str) {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    // Saturates: a width too long for u64 is over the limit all the same.
    let number = (digits > 0).then(|| text[..digits].parse().unwrap_or(u64::MAX));
    (number, &text[digits..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[i64]) -> String {
        let values: Vec<Value> = args.iter().map(|n| Value::from(*n)).collect();
        let result = if args.len() == 2 { range(&values, None) } else { range_step(&values) };
        shown(result)
    }

    fn shown(result: Result<Value, Problem>) -> String {
        match result {
            Ok(value) => value.to_string(),
            Err(Problem::Argument(e)) => format!("argument: {e}"),
            Err(Problem::Limit(e)) => format!("limit: {e}"),
        }
    }

    fn strings(items: &[&str]) -> Vec<Value> {
        items.iter().map(|s| Value::from(*s)).collect()
    }

    #[test]
    fn ranges_match_opa_and_stop_at_the_limit() {
        assert_eq!(call(&[1, 4]), "[1,2,3,4]");
        assert_eq!(call(&[4, 1]), "[4,3,2,1]");
        assert_eq!(call(&[2, 2]), "[2]");
        assert_eq!(call(&[0, 10, 4]), "[0,4,8]");
        assert_eq!(call(&[10, 0, 4]), "[10,6,2]");
        assert!(call(&[0, 10, 0]).starts_with("argument: the step"));
        assert_eq!(call(&[-1, 999_998]).matches(',').count(), 999_999);
        let over = call(&[0, 1_000_000]);
        assert!(
            over.starts_with("limit: from 0 to 1000000 would make 1000001 numbers, over Tollgate's limit of 1000000"),
            "{over}"
        );
        assert!(call(&[i64::MIN, i64::MAX]).starts_with("limit:"));
        assert!(shown(range(&[Value::from(0.5), Value::from(3)], None)).starts_with("argument:"));
        assert!(shown(range(&[Value::from("a"), Value::from(3)], None)).starts_with("argument:"));
    }

    #[test]
    fn replace_and_concat_match_go_and_stop_at_the_limit() {
        assert_eq!(shown(replace(&strings(&["a.b.c", ".", "::"]))), "\"a::b::c\"");
        assert_eq!(shown(replace(&strings(&["abc", "", "-"]))), "\"-a-b-c-\"");
        assert_eq!(shown(replace(&strings(&["é", "", "-"]))), "\"-é-\"");
        assert_eq!(shown(concat(&[Value::from(","), Value::from(strings(&["a", "b"]))])), "\"a,b\"");
        assert_eq!(shown(concat(&[Value::from(","), Value::from(Vec::<Value>::new())])), "\"\"");
        assert!(shown(concat(&[Value::from(","), Value::from(vec![Value::from(1)])])).starts_with("argument:"));
        assert!(shown(replace(&[Value::from(1), Value::from("a"), Value::from("b")])).starts_with("argument:"));
        let big = "a".repeat(10_000);
        let squared = shown(replace(&strings(&[&big, "a", &big])));
        assert!(
            squared.starts_with("limit: the result would be 100000000 bytes, over Tollgate's limit of 67108864"),
            "{squared}"
        );
        let joined = shown(concat(&[Value::from(big.as_str()), Value::from(strings(&[big.as_str(); 8000]))]));
        assert!(joined.starts_with("limit:"), "{joined}");
    }

    #[test]
    fn nesting_is_counted_outside_strings_and_comments() {
        let nested = |n: usize| format!("x := {}1{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(too_deep(&nested(MAX_BRACKET_DEPTH)), None);
        assert_eq!(too_deep(&format!("package p\n\n{}", nested(MAX_BRACKET_DEPTH + 1))), Some((3, 22)));
        let quoted = format!(
            "a := \"{}\"\nb := `{}\n{}`\n# {}\n",
            "[".repeat(40),
            "{".repeat(40),
            "[".repeat(40),
            "{".repeat(40)
        );
        assert_eq!(too_deep(&quoted), None);
        assert_eq!(too_deep("s := \"\\\"[[[\"\n"), None, "escaped quotes stay in the string");
    }

    #[test]
    fn huge_format_widths_are_found_in_string_literals() {
        let text = "package p\n\n# \"%0999999999d\" in a comment\nok := sprintf(\"%-08.3f %5d %%\", [1, 2])\nbad := sprintf(\"x %0999999999d\", [1])\n";
        assert_eq!(huge_format_width(text), Some((5, 16, 999_999_999)));
        assert_eq!(huge_format_width("a := `%.100000f`"), Some((1, 6, 100_000)));
        assert_eq!(huge_format_width("a := \"%99999d\""), None);
        assert_eq!(huge_format_width("a := \"%99999999999999999999999d\""), Some((1, 6, u64::MAX)));
        assert_eq!(format_widths("%-08.3f %5d %v").collect::<Vec<_>>(), [8, 3, 5]);
    }
}
