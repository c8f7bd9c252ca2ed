//! Bounds on what one policy can make the engine do, where regorus's own time limit cannot stop
//! it (it is checked between evaluation steps, never inside one builtin call or the parser):
//!
//! - `numbers.range` and `numbers.range_step` allocate all their numbers at once (regorus
//!   reserves the whole array first, so `numbers.range(0, 1e10)` aborts the process on a failed
//!   allocation): Tollgate registers both as extensions, which regorus looks up before its
//!   builtins, with the same results and a limit on the count;
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

/// Registers the bounded `numbers.range` and `numbers.range_step`.
pub(crate) fn register(engine: &mut Engine) -> Result<()> {
    engine.add_extension("numbers.range".into(), 2, Box::new(|args: Vec<Value>| range(&args, None)))?;
    engine.add_extension(
        "numbers.range_step".into(),
        3,
        Box::new(|args: Vec<Value>| match integer("numbers.range_step", args.get(2))? {
            // OPA: the step must be a positive integer, else a builtin error (undefined by default).
            Some(step) if step > 0 => range(&args, Some(step)),
            _ => Ok(Value::Undefined),
        }),
    )?;
    Ok(())
}

/// `start`, `start ± step`, ... up to `end` inclusive (when reached), toward `end`; undefined
/// for a bound that is not an integer, as regorus's builtins give by default.
fn range(args: &[Value], step: Option<i128>) -> Result<Value> {
    let name = if step.is_some() { "numbers.range_step" } else { "numbers.range" };
    let (Some(start), Some(end)) = (integer(name, args.first())?, integer(name, args.get(1))?) else {
        return Ok(Value::Undefined);
    };
    let step = step.unwrap_or(1);
    let count = (end - start).abs() / step + 1;
    if count > MAX_RANGE_ELEMENTS {
        bail!(
            "{name} from {start} to {end} would make {count} numbers, over Tollgate's limit of {MAX_RANGE_ELEMENTS} (README: Safety and limits)"
        );
    }
    let direction = if end >= start { step } else { -step };
    let values: Vec<Value> = (0..count).map(|i| Value::from((start + i * direction) as i64)).collect();
    Ok(Value::from(values))
}

/// An integer argument as i128 (no overflow in differences); `None` for a non-integer number.
fn integer(name: &str, value: Option<&Value>) -> Result<Option<i128>> {
    let Some(Ok(number)) = value.map(Value::as_number) else {
        bail!("{name}: operand must be a number");
    };
    if !number.is_integer() {
        return Ok(None);
    }
    match number.as_i64() {
        Some(n) => Ok(Some(i128::from(n))),
        None => bail!("{name}: could not determine number of elements"),
    }
}

/// The first place where `text` nests `[`/`{` deeper than [`MAX_BRACKET_DEPTH`], as 1-based
/// (line, column); brackets in strings, raw strings and comments do not count.
pub(crate) fn too_deep(text: &str) -> Option<(u32, u32)> {
    let (mut line, mut column, mut depth) = (1u32, 0u32, 0usize);
    let mut chars = text.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        column += 1;
        match (quote, c) {
            (_, '\n') => {
                (line, column) = (line + 1, 0);
                // A `"` string cannot span lines; a comment ends here.
                if quote != Some('`') {
                    quote = None;
                }
            }
            (Some('#'), _) => {}
            (Some('"'), '\\') => {
                column += 1;
                chars.next();
            }
            (Some(q), c) if q == c => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`' | '#') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_BRACKET_DEPTH {
                    return Some((line, column));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[i64]) -> String {
        let values: Vec<Value> = args.iter().map(|n| Value::from(*n)).collect();
        let result = match args.len() {
            2 => range(&values, None),
            _ => match args[2] {
                step if step > 0 => range(&values, Some(i128::from(step))),
                _ => Ok(Value::Undefined),
            },
        };
        match result {
            Ok(Value::Undefined) => "undefined".to_string(),
            Ok(value) => value.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn ranges_match_opa_and_stop_at_the_limit() {
        assert_eq!(call(&[1, 4]), "[1,2,3,4]");
        assert_eq!(call(&[4, 1]), "[4,3,2,1]");
        assert_eq!(call(&[2, 2]), "[2]");
        assert_eq!(call(&[0, 10, 4]), "[0,4,8]");
        assert_eq!(call(&[10, 0, 4]), "[10,6,2]");
        assert_eq!(call(&[0, 10, 0]), "undefined");
        assert_eq!(call(&[-1, 999_998]).matches(',').count(), 999_999);
        let over = call(&[0, 1_000_000]);
        assert!(over.contains("would make 1000001 numbers, over Tollgate's limit of 1000000"), "{over}");
        assert!(call(&[i64::MIN, i64::MAX]).contains("over Tollgate's limit"));
        let half = Value::from(0.5);
        assert!(matches!(range(&[half, Value::from(3)], None), Ok(Value::Undefined)));
        assert!(range(&[Value::from("a"), Value::from(3)], None).is_err());
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
}
