//! YAML as Helm's `toYaml` prints it: `sigs.k8s.io/yaml`, which encodes to JSON, decodes that JSON as
//! YAML 1.1 and emits it with go-yaml v2. So: numbers as Go's JSON writes them and go-yaml reads them back
//! (integral floats print as integers, others in Go's `%g` form), map keys in go-yaml's natural order
//! (digit runs compared as numbers, non-letters before letters), two-space indentation, sequences not
//! indented under their key (`toYamlPretty` indents them), strings quoted exactly when YAML 1.1 would
//! read them as something else (`"yes"`, `"1.0"`, `"~"`) or when an indicator makes plain style
//! impossible (`'- x'`, `'a: b'`), multi-line strings as literal blocks (`|`, `|-`, `|+`, `|2-`), plain
//! and quoted scalars folded at 80 columns.

use std::cmp::Ordering;

use tollgate_gotemplate::{sprintf, Value};

use crate::dicts::FILES_TYPE;
use crate::encoding::base64_encode;

/// Go's `yaml` line width: plain and quoted scalars fold at a space past this column.
const BEST_WIDTH: usize = 80;

/// The YAML of `value`, ending with a newline; `None` where Go's JSON encoder fails (NaN, infinities).
pub fn to_yaml(value: &Value, indent_sequences: bool) -> Option<String> {
    let mut emitter = Emitter { out: String::new(), indent_sequences };
    let node = Node::from_value(value)?;
    match &node {
        Node::Map(entries) if !entries.is_empty() => emitter.mapping(entries, 0),
        Node::List(items) if !items.is_empty() => emitter.sequence(items, 0),
        // A lone scalar continues folded or literal lines at go-yaml's root indentation, two spaces.
        other => {
            emitter.inline(other, 2, true);
            emitter.out.push('\n');
        }
    }
    Some(emitter.out)
}

/// A value after the JSON round trip: numbers settled, keys sorted.
enum Node {
    Null,
    Bool(bool),
    /// A number's final text.
    Number(String),
    String(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    fn from_value(value: &Value) -> Option<Node> {
        Some(match value {
            Value::Float(f) => Node::Number(yaml_float(*f)?),
            Value::List(items) => Node::List(items.iter().map(Node::from_value).collect::<Option<_>>()?),
            Value::Map(map) => {
                // Helm's `.Files` holds []byte contents, which Go's JSON writes in base64.
                let holds_bytes = map.type_name() == FILES_TYPE;
                let item_node = |item: &Value| match item {
                    Value::String(text) if holds_bytes => Some(Node::String(base64_encode(text.as_bytes()))),
                    other => Node::from_value(other),
                };
                let mut entries = map
                    .snapshot()
                    .iter()
                    .map(|(key, item)| Some((through_yaml_reader(key)?, item_node(item)?)))
                    .collect::<Option<Vec<_>>>()?;
                entries.sort_by(|(a, _), (b, _)| natural_order(a, b));
                Node::Map(entries)
            }
            // A Go struct encodes as its JSON does (`.Capabilities.KubeVersion` as Major, Minor, Version).
            Value::Object(object) => Node::from_value(&Value::from_json(&object.json))?,
            // Scalars encode as their JSON does (a time as its RFC 3339 text).
            other => match other.to_json() {
                serde_json::Value::Bool(b) => Node::Bool(b),
                serde_json::Value::Number(n) => Node::Number(n.to_string()),
                serde_json::Value::String(s) => Node::String(through_yaml_reader(&s)?),
                _ => Node::Null,
            },
        })
    }
}

/// A string as go-yaml's reader returns it from the JSON text Go wrote: `None` (toYaml fails) for the
/// characters its reader refuses (DEL, C1 controls but NEL, U+FFFE, U+FFFF; Go's JSON escapes the C0
/// ones); a raw NEL is a line break inside the double-quoted JSON string, so it folds as YAML folds one:
/// with the spaces around it, one break becomes a space, `n` breaks `n - 1` newlines.
fn through_yaml_reader(s: &str) -> Option<String> {
    if s.chars().any(|c| matches!(c as u32, 0x7F..=0x84 | 0x86..=0x9F | 0xFFFE | 0xFFFF)) {
        return None;
    }
    if !s.contains('\u{85}') {
        return Some(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ' ' && c != '\u{85}' {
            out.push(c);
            continue;
        }
        let (mut spaces, mut breaks) = (usize::from(c == ' '), usize::from(c == '\u{85}'));
        while let Some(next) = chars.next_if(|next| *next == ' ' || *next == '\u{85}') {
            if next == ' ' {
                spaces += 1;
            } else {
                breaks += 1;
            }
        }
        match breaks {
            0 => out.push_str(&" ".repeat(spaces)),
            1 => out.push(' '),
            n => out.push_str(&"\n".repeat(n - 1)),
        }
    }
    Some(out)
}

/// A float as Go's JSON writes it and go-yaml reads it back: an integer when the JSON text is one that
/// fits 64 bits, otherwise a float printed `%g`-style (`1e+06`, `1.5`, `1e+21`).
fn yaml_float(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        // Parsed back, the text prints as that integer: `-0` becomes `0`.
        let digits = format!("{f}");
        if let Ok(integer) = digits.parse::<i64>() {
            return Some(integer.to_string());
        }
        if digits.parse::<u64>().is_ok() {
            return Some(digits);
        }
    }
    Some(sprintf("%v", &[Value::Float(f)]))
}

/// go-yaml v2's key order: runs of digits compare as numbers, a non-letter sorts before a letter, and
/// letters by code point.
pub fn natural_order(a: &str, b: &str) -> Ordering {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    for i in 0..a.len().min(b.len()) {
        if a[i] == b[i] {
            continue;
        }
        let (a_letter, b_letter) = (a[i].is_alphabetic(), b[i].is_alphabetic());
        if a_letter && b_letter {
            return a[i].cmp(&b[i]);
        }
        if a_letter || b_letter {
            return if b_letter { Ordering::Less } else { Ordering::Greater };
        }
        return compare_digit_runs(&a, &b, i);
    }
    a.len().cmp(&b.len())
}

/// At the first difference `i`, both non-letters: the numbers formed by the digit runs starting there
/// (a run after non-zero digits counts as a number even with leading zeros), then the run lengths.
fn compare_digit_runs(a: &[char], b: &[char], i: usize) -> Ordering {
    let mut start = (0u64, 0u64);
    if a[i] == '0' || b[i] == '0' {
        let nonzero_before = a[..i].iter().rev().take_while(|c| c.is_ascii_digit()).any(|c| *c != '0');
        if nonzero_before {
            start = (1, 1);
        }
    }
    let run = |chars: &[char], initial: u64| {
        let digits: Vec<u64> =
            chars[i..].iter().take_while(|c| c.is_ascii_digit()).map(|c| u64::from(*c as u8 - b'0')).collect();
        let number = digits.iter().fold(initial, |n, d| n.wrapping_mul(10).wrapping_add(*d));
        (number, digits.len())
    };
    let ((a_number, a_len), (b_number, b_len)) = (run(a, start.0), run(b, start.1));
    a_number.cmp(&b_number).then(a_len.cmp(&b_len)).then(a[i].cmp(&b[i]))
}

struct Emitter {
    out: String,
    indent_sequences: bool,
}

impl Emitter {
    fn column(&self) -> usize {
        self.out.len() - self.out.rfind('\n').map_or(0, |newline| newline + 1)
    }

    fn newline_indent(&mut self, indent: usize) {
        self.out.push('\n');
        self.out.push_str(&" ".repeat(indent));
    }

    /// A block mapping whose keys start at column `indent`, the cursor already there.
    fn mapping(&mut self, entries: &[(String, Node)], indent: usize) {
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                self.out.push_str(&" ".repeat(indent));
            }
            self.key(key, indent);
            self.out.push(':');
            match value {
                Node::Map(inner) if !inner.is_empty() => {
                    self.newline_indent(indent + 2);
                    self.mapping(inner, indent + 2);
                }
                Node::List(items) if !items.is_empty() => {
                    let inner = if self.indent_sequences { indent + 2 } else { indent };
                    self.newline_indent(inner);
                    self.sequence(items, inner);
                }
                other => {
                    self.out.push(' ');
                    self.inline(other, indent + 2, true);
                    self.out.push('\n');
                }
            }
        }
    }

    /// A simple key, or go-yaml's explicit `? ` form for a key spanning lines.
    fn key(&mut self, key: &str, indent: usize) {
        if key.contains('\n') && choose_style(key, false) == Style::Literal {
            self.out.push_str("? ");
            self.literal(key, indent + 2);
            self.newline_indent(indent);
        } else {
            self.scalar_string(key, indent, true);
        }
    }

    /// A block sequence whose dashes are at column `indent`, the cursor already there.
    fn sequence(&mut self, items: &[Node], indent: usize) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(&" ".repeat(indent));
            }
            self.out.push_str("- ");
            match item {
                Node::Map(inner) if !inner.is_empty() => self.mapping(inner, indent + 2),
                Node::List(inner) if !inner.is_empty() => self.sequence(inner, indent + 2),
                other => {
                    self.inline(other, indent + 2, true);
                    self.out.push('\n');
                }
            }
        }
    }

    /// A scalar or an empty collection on the current line; `indent` is where folded lines continue.
    fn inline(&mut self, node: &Node, indent: usize, allow_breaks: bool) {
        match node {
            Node::Null => self.out.push_str("null"),
            Node::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Node::Number(text) => self.out.push_str(text),
            Node::String(s) => self.scalar_string(s, indent, !allow_breaks),
            Node::List(_) => self.out.push_str("[]"),
            Node::Map(_) => self.out.push_str("{}"),
        }
    }

    fn scalar_string(&mut self, s: &str, indent: usize, is_key: bool) {
        match choose_style(s, is_key) {
            Style::Plain => self.folded(s, indent, !is_key, Quote::None),
            Style::Single => {
                self.out.push('\'');
                self.folded(s, indent, !is_key, Quote::Single);
                self.out.push('\'');
            }
            Style::Double => self.double_quoted(s, indent, !is_key),
            Style::Literal => self.literal(s, indent),
        }
    }

    /// Plain or single-quoted text, a space past the line width becoming a line break.
    fn folded(&mut self, s: &str, indent: usize, allow_breaks: bool, quote: Quote) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, c) in chars.iter().enumerate() {
            if *c == ' ' {
                let inside = quote == Quote::None || (i != 0 && i + 1 != chars.len());
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && inside && self.column() > BEST_WIDTH && !next_is_space {
                    self.newline_indent(indent);
                } else {
                    self.out.push(' ');
                }
                spaces = true;
            } else {
                if *c == '\'' && quote == Quote::Single {
                    self.out.push('\'');
                }
                self.out.push(*c);
                spaces = false;
            }
        }
    }

    fn double_quoted(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.out.push('"');
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, c) in chars.iter().enumerate() {
            if *c == ' ' {
                let inside = i != 0 && i + 1 != chars.len();
                if allow_breaks && !spaces && inside && self.column() > BEST_WIDTH {
                    self.newline_indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.out.push('\\');
                    }
                } else {
                    self.out.push(' ');
                }
                spaces = true;
                continue;
            }
            spaces = false;
            push_double_quoted_char(&mut self.out, *c);
        }
        self.out.push('"');
    }

    /// `|` with go-yaml's chomping and indentation indicators; empty lines carry no indentation.
    fn literal(&mut self, s: &str, indent: usize) {
        self.out.push('|');
        if s.starts_with(' ') || s.starts_with('\n') {
            self.out.push('2');
        }
        let ends_with_break = s.ends_with('\n');
        if !ends_with_break {
            self.out.push('-');
        } else if s == "\n" || s.ends_with("\n\n") {
            self.out.push('+');
        }
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            self.out.push('\n');
            if !line.is_empty() {
                self.out.push_str(&" ".repeat(indent));
                self.out.push_str(line);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    Single,
}

#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn push_double_quoted_char(out: &mut String, c: char) {
    match c {
        '\0' => out.push_str("\\0"),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\u{b}' => out.push_str("\\v"),
        '\u{c}' => out.push_str("\\f"),
        '\r' => out.push_str("\\r"),
        '\u{1b}' => out.push_str("\\e"),
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{85}' => out.push_str("\\N"),
        '\u{a0}' => out.push_str("\\_"),
        '\u{2028}' => out.push_str("\\L"),
        '\u{2029}' => out.push_str("\\P"),
        '\u{feff}' => out.push_str("\\uFEFF"),
        c if is_printable(c) => out.push(c),
        c if (c as u32) <= 0xFF => out.push_str(&format!("\\x{:02X}", c as u32)),
        c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
        c => out.push_str(&format!("\\U{:08X}", c as u32)),
    }
}

/// go-yaml's printable set: what may appear unescaped. Unlike its reader, its emitter knows only the
/// Basic Multilingual Plane: an emoji is written `"\U0001F680"`.
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{feff}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// go-yaml's choice: literal for text with a newline, plain when YAML 1.1 reads it back as the same
/// string, else double quotes; then the emitter's analysis downgrades plain to single quotes and single
/// quotes or literal to double quotes where the text does not allow them.
fn choose_style(s: &str, is_key: bool) -> Style {
    let wanted = if s.contains('\n') {
        Style::Literal
    } else if resolves_as_string(s) {
        Style::Plain
    } else {
        Style::Double
    };
    let analysis = Analysis::of(s);
    match wanted {
        Style::Plain if analysis.plain_allowed => Style::Plain,
        Style::Plain if analysis.single_allowed && !s.is_empty() => Style::Single,
        Style::Plain => Style::Double,
        Style::Literal if analysis.block_allowed && !is_key => Style::Literal,
        _ => Style::Double,
    }
}

struct Analysis {
    plain_allowed: bool,
    single_allowed: bool,
    block_allowed: bool,
}

impl Analysis {
    fn of(s: &str) -> Analysis {
        if s.is_empty() {
            return Analysis { plain_allowed: false, single_allowed: true, block_allowed: false };
        }
        let chars: Vec<char> = s.chars().collect();
        let mut indicators = s.starts_with("---") || s.starts_with("...");
        let (mut special, mut line_breaks, mut break_space, mut space_break) = (false, false, false, false);
        let (mut previous_space, mut previous_break, mut preceded_by_blank) = (false, false, true);
        let last = chars.len() - 1;
        for (i, &c) in chars.iter().enumerate() {
            let followed_by_blank =
                chars.get(i + 1).is_none_or(|next| *next == ' ' || *next == '\t' || is_break(*next));
            indicators |= is_indicator(c, i == 0, followed_by_blank, preceded_by_blank);
            special |= !is_printable(c) || c == '\u{feff}';
            if c == ' ' {
                break_space |= previous_break;
                (previous_space, previous_break) = (true, false);
            } else if is_break(c) {
                line_breaks = true;
                space_break |= previous_space;
                (previous_space, previous_break) = (false, true);
            } else {
                (previous_space, previous_break) = (false, false);
            }
            preceded_by_blank = c == ' ' || c == '\t' || is_break(c);
        }
        let edges_blank = chars[0] == ' ' || is_break(chars[0]) || chars[last] == ' ' || is_break(chars[last]);
        let trailing_space = chars[last] == ' ';
        let plain_allowed = !(edges_blank || break_space || space_break || special || line_breaks || indicators);
        let single_allowed = !(break_space || space_break || special);
        let block_allowed = !(trailing_space || space_break || special);
        Analysis { plain_allowed, single_allowed, block_allowed }
    }
}

/// Whether `c` at this position keeps a scalar from being plain in block context.
fn is_indicator(c: char, first: bool, followed_by_blank: bool, preceded_by_blank: bool) -> bool {
    if first {
        return match c {
            '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => true,
            '?' | ':' | '-' => followed_by_blank,
            _ => false,
        };
    }
    match c {
        ':' => followed_by_blank,
        '#' => preceded_by_blank,
        _ => false,
    }
}

/// Whether YAML 1.1 (go-yaml v2's resolver) reads plain `s` as a string.
fn resolves_as_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE", "n",
        "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
        ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<",
    ];
    if SPECIAL.contains(&s) {
        return false;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_digit() || matches!(first, '+' | '-' | '.')) {
        return true;
    }
    !(is_yaml_int(s) || is_yaml_float(s) || is_base60_float(s) || (first.is_ascii_digit() && is_timestamp(s)))
}

fn is_yaml_int(s: &str) -> bool {
    let plain = s.replace('_', "");
    let (sign, digits) = match plain.strip_prefix(['-', '+']) {
        Some(rest) => (true, rest),
        None => (false, plain.as_str()),
    };
    let _ = sign;
    let radix_digits = |text: &str, radix: u32| !text.is_empty() && text.chars().all(|c| c.is_digit(radix));
    if let Some(rest) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        return radix_digits(rest, 16);
    }
    if let Some(rest) = digits.strip_prefix("0b").or_else(|| digits.strip_prefix("0B")) {
        return radix_digits(rest, 2);
    }
    if let Some(rest) = digits.strip_prefix("0o").or_else(|| digits.strip_prefix("0O")) {
        return radix_digits(rest, 8);
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return radix_digits(&digits[1..], 8);
    }
    radix_digits(digits, 10)
}

/// go-yaml's float pattern: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, underscores dropped.
fn is_yaml_float(s: &str) -> bool {
    let plain = s.replace('_', "");
    let body = plain.strip_prefix(['-', '+']).unwrap_or(&plain);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let all_digits = |text: &str| text.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => !fraction.is_empty() && all_digits(fraction),
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction),
        None => !mantissa.is_empty() && all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && all_digits(digits)
    });
    mantissa_ok && exponent_ok
}

/// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?` (YAML 1.1 sexagesimal).
fn is_base60_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = match body.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    let mut parts = whole.split(':');
    let head = parts.next().unwrap_or("");
    let head_ok =
        head.starts_with(|c: char| c.is_ascii_digit()) && head.chars().all(|c| c.is_ascii_digit() || c == '_');
    let sixties: Vec<&str> = parts.collect();
    let sixties_ok = !sixties.is_empty()
        && sixties.iter().all(|part| match part.as_bytes() {
            [d] => d.is_ascii_digit(),
            [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
            _ => false,
        });
    let fraction_ok = fraction.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit() || c == '_'));
    head_ok && sixties_ok && fraction_ok
}

/// go-yaml's timestamp forms: a date `YYYY-M-D`, optionally followed by a time.
fn is_timestamp(s: &str) -> bool {
    let date_end = s.find(['T', 't', ' ']).unwrap_or(s.len());
    let mut fields = s[..date_end].split('-');
    let year = fields.next().unwrap_or("");
    let numeric = |text: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
    };
    let date_ok = numeric(year, 4..=4)
        && fields.next().is_some_and(|month| numeric(month, 1..=2))
        && fields.next().is_some_and(|day| numeric(day, 1..=2))
        && fields.next().is_none();
    if !date_ok {
        return false;
    }
    date_end == s.len() || s[date_end + 1..].chars().next().is_some_and(|c| c.is_ascii_digit())
}
