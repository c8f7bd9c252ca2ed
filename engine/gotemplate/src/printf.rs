//! Go's `fmt` verbs on template values: `printf`, and the float formatting `%v` shares.
//! Not covered (they print Go's bad-verb form instead): `%b`/`%x` of floats, explicit argument
//! indexes (`%[1]d`).

use crate::value::Value;

#[derive(Default, Clone, Copy)]
struct Spec {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// Go's `fmt.Sprintf(format, args...)`, including its `%!verb(type=value)` error forms.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next_arg = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&flag) = chars.peek() {
            match flag {
                '+' => spec.plus = true,
                '-' => spec.minus = true,
                '#' => spec.sharp = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                _ => break,
            }
            chars.next();
        }
        spec.width = read_number(&mut chars, args, &mut next_arg);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.precision = Some(read_number(&mut chars, args, &mut next_arg).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next_arg) {
            Some(arg) => out.push_str(&format_arg(arg, verb, spec)),
            None => out.push_str(&format!("%!{verb}(MISSING)")),
        }
        next_arg += 1;
    }
    if next_arg < args.len() {
        let extra: Vec<String> =
            args[next_arg..].iter().map(|a| format!("{}={}", a.type_name(), a.to_go_string())).collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

fn read_number(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    args: &[Value],
    next_arg: &mut usize,
) -> Option<usize> {
    if chars.peek() == Some(&'*') {
        chars.next();
        let width = match args.get(*next_arg) {
            Some(value) => value.integer().and_then(|n| usize::try_from(n).ok()),
            None => None,
        };
        *next_arg += 1;
        return width;
    }
    let mut number: Option<usize> = None;
    while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
        number = Some(number.unwrap_or(0).saturating_mul(10).saturating_add(digit as usize).min(1_000_000));
        chars.next();
    }
    number
}

fn format_arg(arg: &Value, verb: char, spec: Spec) -> String {
    if verb == 'T' {
        return pad(arg.type_name().to_string(), spec, false);
    }
    let formatted = match arg {
        Value::NoValue | Value::Nil if verb == 'v' => Some("<nil>".to_string()),
        Value::Bool(b) if verb == 't' || verb == 'v' => Some(b.to_string()),
        Value::Int(_) | Value::Int64(_) | Value::Uint8(_) | Value::Uint64(_) => {
            format_int(arg.integer().unwrap_or_default(), verb, spec)
        }
        Value::Float(f) => format_float(*f, verb, spec),
        Value::String(s) => format_string(s, verb, spec),
        // A Stringer: Go formats what `String()` returns for the string verbs.
        Value::Time(time) => format_string(&time.to_string(), verb, spec),
        Value::Object(object) if matches!(verb, 'v' | 's') => Some(object.formatted(verb == 'v' && spec.plus)),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(|item| format_arg(item, verb, spec)).collect();
            Some(if verb == 'v' && spec.sharp { go_syntax(arg) } else { format!("[{}]", parts.join(" ")) })
        }
        Value::Map(map) => {
            let inner = spec;
            let parts: Vec<String> = map
                .snapshot()
                .iter()
                .map(|(k, v)| {
                    format!("{}:{}", format_arg(&Value::String(k.clone()), verb, inner), format_arg(v, verb, inner))
                })
                .collect();
            Some(if verb == 'v' && spec.sharp { go_syntax(arg) } else { format!("map[{}]", parts.join(" ")) })
        }
        Value::Function(_) if verb == 'v' => Some(arg.to_go_string()),
        _ => None,
    };
    match formatted {
        // Numbers pad themselves; Go pads each element of a list or map, not the whole.
        Some(text) if arg.integer().is_some() || matches!(arg, Value::Float(_) | Value::List(_) | Value::Map(_)) => {
            text
        }
        Some(text) => pad(text, spec, false),
        None => bad_verb(arg, verb),
    }
}

fn bad_verb(arg: &Value, verb: char) -> String {
    match arg {
        Value::NoValue | Value::Nil => format!("%!{verb}(<nil>)"),
        other => format!("%!{verb}({}={})", other.type_name(), other.to_go_string()),
    }
}

/// Pads to the width; `zero_after_sign` pads numbers with zeros between sign and digits.
fn pad(text: String, spec: Spec, zero_after_sign: bool) -> String {
    let Some(width) = spec.width else { return text };
    let length = text.chars().count();
    if length >= width {
        return text;
    }
    let fill = width - length;
    if spec.minus {
        return format!("{text}{}", " ".repeat(fill));
    }
    if zero_after_sign && spec.zero {
        let sign_length = if text.starts_with(['+', '-', ' ']) { 1 } else { 0 };
        return format!("{}{}{}", &text[..sign_length], "0".repeat(fill), &text[sign_length..]);
    }
    format!("{}{text}", " ".repeat(fill))
}

fn sign(negative: bool, spec: Spec) -> &'static str {
    match (negative, spec.plus, spec.space) {
        (true, _, _) => "-",
        (false, true, _) => "+",
        (false, false, true) => " ",
        _ => "",
    }
}

fn format_int(value: i128, verb: char, spec: Spec) -> Option<String> {
    let magnitude = value.unsigned_abs();
    let (digits, prefix) = match verb {
        'd' | 'v' => (magnitude.to_string(), ""),
        'x' => (format!("{magnitude:x}"), if spec.sharp { "0x" } else { "" }),
        'X' => (format!("{magnitude:X}"), if spec.sharp { "0X" } else { "" }),
        'o' => (format!("{magnitude:o}"), if spec.sharp { "0" } else { "" }),
        'O' => (format!("{magnitude:o}"), "0o"),
        'b' => (format!("{magnitude:b}"), if spec.sharp { "0b" } else { "" }),
        'c' => return Some(pad(char_of(value).to_string(), spec, false)),
        'q' => return Some(pad(quote_rune(char_of(value)), spec, false)),
        'U' => return Some(pad(unicode_form(value, spec.sharp), spec, false)),
        _ => return None,
    };
    let digits = match spec.precision {
        Some(0) if value == 0 => String::new(),
        Some(precision) if digits.len() < precision => format!("{}{digits}", "0".repeat(precision - digits.len())),
        _ => digits,
    };
    let text = format!("{}{prefix}{digits}", sign(value < 0, spec));
    Some(pad(text, spec, spec.precision.is_none()))
}

fn char_of(value: i128) -> char {
    u32::try_from(value).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}')
}

fn unicode_form(value: i128, sharp: bool) -> String {
    let code = format!("U+{:04X}", value);
    if sharp && !char_of(value).is_control() {
        return format!("{code} '{}'", char_of(value));
    }
    code
}

fn format_float(value: f64, verb: char, spec: Spec) -> Option<String> {
    if value.is_nan() {
        return Some(pad(if spec.plus { "+NaN" } else { "NaN" }.to_string(), Spec { zero: false, ..spec }, false));
    }
    if value.is_infinite() {
        let text = format!(
            "{}Inf",
            if value < 0.0 {
                "-"
            } else if spec.plus {
                "+"
            } else {
                ""
            }
        );
        return Some(pad(text, Spec { zero: false, ..spec }, false));
    }
    let magnitude = value.abs();
    let body = match verb {
        'v' | 'g' => format_g(magnitude, spec.precision),
        'G' => format_g(magnitude, spec.precision).to_uppercase(),
        'e' => format_e(magnitude, spec.precision.unwrap_or(6)),
        'E' => format_e(magnitude, spec.precision.unwrap_or(6)).to_uppercase(),
        'f' | 'F' => format!("{:.*}", spec.precision.unwrap_or(6), magnitude),
        _ => return None,
    };
    let negative = value.is_sign_negative();
    Some(pad(format!("{}{body}", sign(negative, spec)), spec, true))
}

/// Digits and decimal-point position of a non-negative float, shortest or to `significant` digits.
fn decimal_digits(value: f64, significant: Option<usize>) -> (Vec<u8>, i32) {
    let scientific = match significant {
        Some(count) => format!("{:.*e}", count.saturating_sub(1), value),
        None => format!("{value:e}"),
    };
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|d| d - b'0').collect();
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if digits == [0] {
        return (digits, 1);
    }
    (digits, exponent + 1)
}

fn format_e(value: f64, precision: usize) -> String {
    let (digits, point) = decimal_digits(value, Some(precision + 1));
    write_e(&digits, point, precision)
}

fn write_e(digits: &[u8], point: i32, precision: usize) -> String {
    let mut out = String::new();
    out.push((b'0' + digits.first().copied().unwrap_or(0)) as char);
    if precision > 0 {
        out.push('.');
        for i in 1..=precision {
            out.push((b'0' + digits.get(i).copied().unwrap_or(0)) as char);
        }
    }
    let exponent = if digits == [0] { 0 } else { point - 1 };
    out.push_str(&format!("e{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.abs()));
    out
}

fn write_f(digits: &[u8], point: i32, precision: usize) -> String {
    let digit_at = |i: i32| -> char {
        let d = if i >= 0 { digits.get(i as usize).copied().unwrap_or(0) } else { 0 };
        (b'0' + d) as char
    };
    let mut out = String::new();
    if point > 0 {
        (0..point).for_each(|i| out.push(digit_at(i)));
    } else {
        out.push('0');
    }
    if precision > 0 {
        out.push('.');
        (0..precision as i32).for_each(|i| out.push(digit_at(point + i)));
    }
    out
}

/// Go's `%g`: shortest digits by default (`%v`), `%e` form for exponents below -4 or from the precision up.
fn format_g(value: f64, precision: Option<usize>) -> String {
    let (digits, point) = decimal_digits(value, precision.map(|p| p.max(1)));
    let count = digits.len() as i32;
    let mut prec = precision.map_or(count, |p| p.max(1) as i32);
    let mut eprec = prec;
    if eprec > count && count >= point {
        eprec = count;
    }
    if precision.is_none() {
        eprec = 6;
    }
    let exponent = point - 1;
    if exponent < -4 || exponent >= eprec {
        prec = prec.min(count);
        return write_e(&digits, point, (prec - 1).max(0) as usize);
    }
    if prec > point {
        prec = count;
    }
    write_f(&digits, point, (prec - point).max(0) as usize)
}

/// `%v` of a float64: Go's shortest `%g`.
pub fn format_float_shortest(value: f64) -> String {
    format_float(value, 'v', Spec::default()).unwrap_or_default()
}

fn format_string(s: &str, verb: char, spec: Spec) -> Option<String> {
    let truncated: String = match spec.precision {
        Some(precision) if matches!(verb, 's' | 'v' | 'q') => s.chars().take(precision).collect(),
        _ => s.to_string(),
    };
    match verb {
        's' | 'v' => Some(truncated),
        'q' if spec.sharp && !truncated.contains('`') && !truncated.chars().any(|c| c.is_control() && c != '\t') => {
            Some(format!("`{truncated}`"))
        }
        'q' => Some(quote(&truncated)),
        'x' | 'X' => {
            let bytes = s.as_bytes();
            let bytes = &bytes[..spec.precision.unwrap_or(bytes.len()).min(bytes.len())];
            let hex: Vec<String> = bytes
                .iter()
                .map(|b| {
                    let prefix = if spec.sharp {
                        if verb == 'x' {
                            "0x"
                        } else {
                            "0X"
                        }
                    } else {
                        ""
                    };
                    if verb == 'x' {
                        format!("{prefix}{b:02x}")
                    } else {
                        format!("{prefix}{b:02X}")
                    }
                })
                .collect();
            Some(if spec.space { hex.join(" ") } else { strip_repeated_prefix(hex, spec.sharp) })
        }
        _ => None,
    }
}

/// Without the space flag Go writes the `0x` prefix once, before all the bytes.
fn strip_repeated_prefix(hex: Vec<String>, sharp: bool) -> String {
    if !sharp {
        return hex.concat();
    }
    hex.iter().enumerate().map(|(i, h)| if i == 0 { h.clone() } else { h[2..].to_string() }).collect()
}

/// Go's `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push(c),
    }
}

/// `%#v`: Go syntax for the interface types templates hold.
fn go_syntax(value: &Value) -> String {
    match value {
        Value::NoValue | Value::Nil => "<nil>".to_string(),
        Value::String(s) => quote(s),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(go_syntax).collect();
            format!("[]interface {{}}{{{}}}", parts.join(", "))
        }
        Value::Map(map) => {
            let parts: Vec<String> =
                map.snapshot().iter().map(|(k, v)| format!("{}:{}", quote(k), go_syntax(v))).collect();
            format!("map[string]interface {{}}{{{}}}", parts.join(", "))
        }
        other => other.to_go_string(),
    }
}
