//! `format` and `formatlist`: cty's printf dialect. Verbs `%v %#v %t %b %d %o %x %X %e %E %f %g %G
//! %s %q`, flags `0 # - + space`, width, precision and `[n]` argument indexes; numbers are written
//! as Go writes big numbers, strings are measured in grapheme clusters.

use crate::encoding::json_encode;
use crate::number::{as_integer, format_g};
use crate::support::{any_deep_unknown, deep_unknown, text};
use crate::types::{convert, Type};
use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::{Number, Value, ValueKind};
use unicode_segmentation::UnicodeSegmentation;

pub(crate) const SPECS: &[Spec] = &[
    Spec::variadic("format", &[param("format", P::String)], param("args", P::Any).nullable(), format),
    Spec::variadic(
        "formatlist",
        &[param("format", P::String)],
        param("args", P::Any).nullable().unknowable(),
        formatlist,
    ),
];

fn format(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(u) = any_deep_unknown(&args[1..]) {
        return Ok(ctx.unknown_from(u));
    }
    let out = render(text(&args[0]), &args[1..]).map_err(|e| ctx.fail(e))?;
    Ok(ctx.string(out))
}

fn formatlist(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let spec = text(&args[0]);
    let values = &args[1..];
    if values.is_empty() {
        let out = render(spec, values).map_err(|e| ctx.fail(e))?;
        return Ok(ctx.list(vec![ctx.string(out)]));
    }
    let mut length: Option<(usize, usize)> = None; // (length, argument that set it)
    for (i, value) in values.iter().enumerate() {
        if let ValueKind::List(items) = &value.kind {
            match length {
                None => length = Some((items.len(), i)),
                Some((len, chooser)) if len != items.len() => {
                    return Err(ctx.arg_fail(
                        i + 1,
                        format!(
                            "argument {} has length {}, which is inconsistent with argument {} of length {len}",
                            i + 1,
                            items.len(),
                            chooser + 1
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    let iterations = length.map(|(len, _)| len).unwrap_or(1);
    let mut results = Vec::with_capacity(iterations);
    for iteration in 0..iterations {
        let row: Vec<Value> = values
            .iter()
            .map(|v| match &v.kind {
                ValueKind::List(items) => items[iteration].clone(),
                _ => v.clone(),
            })
            .collect();
        if let Some(u) = row.iter().find_map(deep_unknown) {
            results.push(ctx.unknown_from(u));
            continue;
        }
        let out = render(spec, &row).map_err(|e| ctx.fail(format!("error on format iteration {iteration}: {e}")))?;
        results.push(ctx.string(out));
    }
    Ok(ctx.list(results))
}

/// Go refuses widths and precisions above a million; Tollgate refuses them too.
const MAX_WIDTH: usize = 1_000_000;

/// One `%` directive.
#[derive(Default)]
struct Verb<'f> {
    raw: &'f str,
    offset: usize,
    arg: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// Formats `args` by `spec`, or returns cty's error message.
fn render(spec: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::with_capacity(spec.len());
    let mut next_arg = 1usize;
    let mut chars = spec.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if let Some((_, '%')) = chars.peek() {
            chars.next();
            out.push('%');
            continue;
        }
        let mut verb = Verb { offset: start, arg: next_arg, ..Verb::default() };
        let mut parse = |chars: &mut std::iter::Peekable<std::str::CharIndices>| -> Result<(char, usize), String> {
            let mut next =
                || chars.next().ok_or_else(|| format!("invalid format string starting at offset {}", spec.len()));
            let (mut at, mut c) = next()?;
            loop {
                match c {
                    '0' => verb.zero = true,
                    '#' => verb.sharp = true,
                    '-' => verb.minus = true,
                    '+' => verb.plus = true,
                    ' ' => verb.space = true,
                    _ => break,
                }
                (at, c) = next()?;
            }
            if c == '[' {
                let mut index = 0usize;
                (at, c) = next()?;
                if !matches!(c, '1'..='9') {
                    return Err(unrecognized(c, at));
                }
                while c.is_ascii_digit() {
                    index = index.saturating_mul(10).saturating_add(c as usize - '0' as usize);
                    (at, c) = next()?;
                }
                if c != ']' {
                    return Err(unrecognized(c, at));
                }
                verb.arg = index;
                (at, c) = next()?;
            }
            if matches!(c, '1'..='9') {
                let mut width = 0usize;
                while c.is_ascii_digit() {
                    width = width.saturating_mul(10).saturating_add(c as usize - '0' as usize);
                    (at, c) = next()?;
                }
                verb.width = Some(width);
            }
            if c == '.' {
                let mut precision = 0usize;
                (at, c) = next()?;
                while c.is_ascii_digit() {
                    precision = precision.saturating_mul(10).saturating_add(c as usize - '0' as usize);
                    (at, c) = next()?;
                }
                verb.precision = Some(precision);
            }
            if !c.is_ascii_alphabetic() {
                return Err(unrecognized(c, at));
            }
            Ok((c, at))
        };
        let (mode, end) = parse(&mut chars)?;
        if verb.width.max(verb.precision).is_some_and(|n| n > MAX_WIDTH) {
            return Err(format!("width or precision larger than {MAX_WIDTH} at offset {start}"));
        }
        verb.mode = mode;
        verb.raw = &spec[start..end + 1];
        append(&mut out, &verb, args)?;
        next_arg = verb.arg + 1;
    }
    Ok(out)
}

fn unrecognized(c: char, at: usize) -> String {
    format!("unrecognized format character {} at offset {at}", go_rune(c))
}

/// Go's `%q` of a rune.
fn go_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '\\' => "'\\\\'".into(),
        c if c.is_control() => format!("'\\x{:02x}'", c as u32),
        c => format!("'{c}'"),
    }
}

fn append(out: &mut String, verb: &Verb, args: &[Value]) -> Result<(), String> {
    let Some(arg) = verb.arg.checked_sub(1).and_then(|i| args.get(i)) else {
        return Err(format!(
            "not enough arguments for {:?} at {}: need index {} but have {} total",
            verb.raw,
            verb.offset,
            verb.arg,
            args.len()
        ));
    };
    let unsupported = |why: &str| format!("unsupported value for {:?} at {}: {why}", verb.raw, verb.offset);
    if verb.mode != 'v' && arg.is_null() {
        return Err(unsupported("null value cannot be formatted"));
    }
    match verb.mode {
        'v' => {
            let text = match &arg.kind {
                ValueKind::String(s) if !verb.sharp => s.clone(),
                ValueKind::Number(n) if !verb.sharp => format_g(*n, None),
                _ => json_encode(arg).map_err(|e| unsupported(&e))?,
            };
            out.push_str(&pad(verb, text));
        }
        't' => {
            let b = convert(arg.clone(), &Type::Bool).map_err(|e| unsupported(&e))?;
            out.push_str(if b.as_bool() == Some(true) { "true" } else { "false" });
        }
        'b' | 'd' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = convert(arg.clone(), &Type::Number).map_err(|e| unsupported(&e))?;
            let n = n.as_number().unwrap_or(Number::Int(0));
            if matches!(verb.mode, 'e' | 'E' | 'f' | 'g' | 'G') {
                out.push_str(&format_float(verb, n));
            } else {
                let i = integer_value(n).ok_or_else(|| unsupported("an integer is required"))?;
                out.push_str(&format_integer(verb, i));
            }
        }
        's' | 'q' => {
            let s = convert(arg.clone(), &Type::String).map_err(|e| unsupported(&e))?;
            let mut s = s.as_str().unwrap_or("").to_string();
            if let Some(p) = verb.precision.filter(|p| *p > 0) {
                s = s.graphemes(true).take(p).collect();
            }
            if verb.mode == 'q' {
                s = json_encode(&Value::string(s, arg.span)).map_err(|e| unsupported(&e))?;
            }
            out.push_str(&pad(verb, s));
        }
        other => {
            return Err(format!(
                "unsupported format verb {} in {:?} at offset {}",
                go_rune(other),
                verb.raw,
                verb.offset
            ))
        }
    }
    Ok(())
}

/// The integer an integer verb prints (beyond `i64`, integral floats print as `i128`).
fn integer_value(n: Number) -> Option<i128> {
    match as_integer(n) {
        Some(i) => Some(i as i128),
        None => match n {
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 1.7e38 => Some(f as i128),
            _ => None,
        },
    }
}

/// cty's width padding, counted in grapheme clusters.
fn pad(verb: &Verb, text: String) -> String {
    let Some(width) = verb.width else {
        return text;
    };
    let len = text.graphemes(true).count();
    if len >= width {
        return text;
    }
    let padding = (if verb.zero { "0" } else { " " }).repeat(width - len);
    if verb.minus {
        text + &padding
    } else {
        padding + &text
    }
}

/// Go's `big.Int` formatting: `[spaces][sign][prefix][zeros][digits][spaces]`.
fn format_integer(verb: &Verb, i: i128) -> String {
    let magnitude = i.unsigned_abs();
    let digits = match verb.mode {
        'b' => format!("{magnitude:b}"),
        'o' => format!("{magnitude:o}"),
        'x' => format!("{magnitude:x}"),
        'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    };
    let sign = if i < 0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let prefix = match (verb.sharp, verb.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = verb.precision {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            return String::new();
        }
    }
    let (mut left, mut right) = (0, 0);
    let length = sign.len() + prefix.len() + zeros + digits.len();
    if let Some(width) = verb.width.filter(|w| *w > length) {
        let d = width - length;
        if verb.minus {
            right = d;
        } else if verb.zero && verb.precision.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    format!("{}{sign}{prefix}{}{digits}{}", " ".repeat(left), "0".repeat(zeros), " ".repeat(right))
}

/// Go's `big.Float` formatting for `%e %E %f %g %G` with flags, width and precision, on the
/// 512-bit value Terraform holds.
fn format_float(verb: &Verb, n: Number) -> String {
    let f = n.as_f64();
    let (negative, digits) = match crate::bigfloat::Exact::of(n) {
        None => (f < 0.0, "Inf".to_string()),
        Some(exact) => {
            let body = match verb.mode {
                'e' | 'E' => {
                    let precision = verb.precision.unwrap_or(6);
                    let (digits, exponent) = exact.significant(precision + 1);
                    let (first, rest) = digits.split_at(1);
                    let point = if rest.is_empty() { String::new() } else { format!(".{rest}") };
                    let exp_sign = if exponent < 0 { '-' } else { '+' };
                    format!("{first}{point}e{exp_sign}{:02}", exponent.abs())
                }
                'f' => exact.fixed(verb.precision.unwrap_or(6)),
                _ => format_g(n, verb.precision.map(|p| p.max(1))).trim_start_matches('-').to_string(),
            };
            let body = if matches!(verb.mode, 'E' | 'G') { body.to_uppercase() } else { body };
            (exact.is_negative(), body)
        }
    };
    let infinite = f.is_infinite();
    // Go writes +Inf with its sign (a space flag replaces it); finite numbers get one on request.
    let sign = match (negative, infinite, verb.plus, verb.space) {
        (true, _, _, _) => "-",
        (false, true, _, true) | (false, false, false, true) => " ",
        (false, true, _, false) | (false, false, true, _) => "+",
        (false, false, false, false) => "",
    };
    let padding = verb.width.map(|w| w.saturating_sub(sign.len() + digits.len())).unwrap_or(0);
    if verb.zero && !infinite {
        format!("{sign}{}{digits}", "0".repeat(padding))
    } else if verb.minus {
        format!("{sign}{digits}{}", " ".repeat(padding))
    } else {
        format!("{}{sign}{digits}", " ".repeat(padding))
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    fn f(spec: &str, args: Vec<tollgate_model::Value>) -> String {
        let mut all = vec![s(spec)];
        all.extend(args);
        ok("format", all).as_str().unwrap().to_string()
    }

    #[test]
    fn integers() {
        assert_eq!(f("%5d|%-5d|%05d", vec![num(3), num(3), num(-3)]), "    3|3    |-0003");
        assert_eq!(f("%+d % d", vec![num(3), num(3)]), "+3  3");
        assert_eq!(f("%x %X %o %b %#x", vec![num(255), num(255), num(8), num(5), num(255)]), "ff FF 10 101 0xff");
        assert_eq!(f("%.3d|%d|%d", vec![num(7), float(1.0), s("12")]), "007|1|12");
        assert_eq!(f("%d", vec![float(1e20)]), "100000000000000000000");
        assert!(err("format", vec![s("%d"), float(1.5)]).contains("an integer is required"));
    }

    #[test]
    fn floats() {
        assert_eq!(
            f("%f|%05.2f|%10.3f|", vec![float(1.5), float(1.23456), float(-1.23456)]),
            "1.500000|01.23|    -1.235|"
        );
        assert_eq!(f("%e %E", vec![float(123.456), float(0.000123)]), "1.234560e+02 1.230000E-04");
        assert_eq!(
            f("%g %g %g %g", vec![num(1000000), num(123456), float(0.0001), float(0.00001)]),
            "1e+06 123456 0.0001 1e-05"
        );
        assert_eq!(f("%.3g|%+.1e", vec![float(1.23456), num(12345)]), "1.23|+1.2e+04");
        assert_eq!(f("%.1f %.0f %.2f", vec![float(0.25), float(2.5), float(2.675)]), "0.2 2 2.67");
    }

    #[test]
    fn values_strings_and_json() {
        assert_eq!(f("%v %v %v", vec![num(1234567), float(1.5), boolean(true)]), "1.234567e+06 1.5 true");
        assert_eq!(f("%v", vec![null()]), "null");
        assert_eq!(f("%#v %#v", vec![s("a"), list(vec![num(1), s("a")])]), "\"a\" [1,\"a\"]");
        assert_eq!(f("%v", vec![map(vec![("b", num(1)), ("a", list(vec![boolean(true)]))])]), "{\"a\":[true],\"b\":1}");
        assert_eq!(f("%q", vec![s("a\"b<")]), "\"a\\\"b\\u003c\"");
        assert_eq!(f("%s %s %t", vec![num(5), boolean(true), s("true")]), "5 true true");
        assert_eq!(
            f("%.2s|%5s|%-5s|%05s|%5v|%5t|", vec![s("héllo"), s("ab"), s("ab"), s("ab"), s("ab"), boolean(true)]),
            "hé|   ab|ab   |000ab|   ab|true|"
        );
        assert_eq!(f("%[2]s %[1]s %%", vec![s("a"), s("b")]), "b a %");
    }

    #[test]
    fn errors() {
        assert!(err("format", vec![s("%[2]s %s %[1]s"), s("a"), s("b")]).contains("need index 3 but have 2 total"));
        assert!(err("format", vec![s("%z"), num(1)]).contains("unsupported format verb 'z'"));
        assert!(err("format", vec![s("%*d"), num(3), num(4)]).contains("unrecognized format character '*' at offset 1"));
        assert!(err("format", vec![s("abc%")]).contains("invalid format string starting at offset 4"));
        assert!(err("format", vec![s("%s"), list(vec![num(1)])]).contains("string required"));
        assert!(err("format", vec![s("%s"), null()]).contains("null value cannot be formatted"));
    }

    #[test]
    fn unknown_arguments() {
        assert!(ok("format", vec![s("%s"), unknown("x")]).is_unknown());
        assert!(ok("format", vec![s("%v"), list(vec![unknown("x")])]).is_unknown());
    }

    #[test]
    fn formatlist_iterates_lists() {
        let out = ok("formatlist", vec![s("%s=%s"), strings(&["a", "b"]), s("x")]);
        assert_eq!(out, strings(&["a=x", "b=x"]));
        assert_eq!(ok("formatlist", vec![s("hi")]), strings(&["hi"]));
        assert_eq!(ok("formatlist", vec![s("%s"), list(vec![])]), list(vec![]));
        assert!(err("formatlist", vec![s("%s%s"), strings(&["a"]), strings(&["a", "b"])]).contains("inconsistent"));
        let partly = ok("formatlist", vec![s("%s"), list(vec![s("a"), unknown("x")])]);
        assert!(partly.as_list().unwrap()[1].is_unknown());
        assert!(err("formatlist", vec![s("%d"), strings(&["x"])]).contains("error on format iteration 0"));
    }
}
