//! Go's RE2 syntax on the `regex` crate: a pattern is checked as Go's `regexp/syntax` checks it (with
//! Go's error texts) and rewritten where the two differ: `\d`, `\w`, `\s` and `\b` are ASCII in Go,
//! `\Q...\E` quotes, `\123` is octal, `\<` is a literal, a `{` that is no repeat count is a literal,
//! and a repeat count is at most 1000.

use regex::Regex;

/// Go's `syntax.Error`: a code and the offending part of the pattern.
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError {
    code: &'static str,
    expr: String,
}

impl SyntaxError {
    fn new(code: &'static str, expr: impl Into<String>) -> Self {
        SyntaxError { code, expr: expr.into() }
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

const MAX_REPEAT: u32 = 1000;
/// Bounds the compiled program, as Go bounds its own; a pattern beyond it is an error, not a crash.
const MAX_COMPILED_BYTES: usize = 32 << 20;

/// Compiles a Go pattern.
pub fn compile(pattern: &str) -> Result<Regex, SyntaxError> {
    let translated = Translator::new(pattern).run()?;
    regex::RegexBuilder::new(&translated)
        .size_limit(MAX_COMPILED_BYTES)
        .build()
        // A pattern Go accepts in a form this translation does not know, or one too large.
        .map_err(|_| SyntaxError::new("invalid or unsupported pattern", pattern))
}

/// What the last thing parsed can take: a repetition needs an operand and cannot repeat a repetition.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Operand,
    Repetition,
}

struct Translator<'a> {
    pattern: &'a str,
    chars: Vec<char>,
    at: usize,
    out: String,
    depth: usize,
    last: Last,
    last_repetition: String,
}

impl<'a> Translator<'a> {
    fn new(pattern: &'a str) -> Self {
        Translator {
            pattern,
            chars: pattern.chars().collect(),
            at: 0,
            out: String::new(),
            depth: 0,
            last: Last::Nothing,
            last_repetition: String::new(),
        }
    }

    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to.min(self.chars.len())].iter().collect()
    }

    fn run(mut self) -> Result<String, SyntaxError> {
        while let Some(c) = self.peek(0) {
            match c {
                '\\' => self.escape()?,
                '[' => self.class()?,
                '(' => self.open_group()?,
                ')' => self.close_group()?,
                '|' => {
                    self.push_raw("|", Last::Nothing);
                    self.at += 1;
                }
                '*' | '+' | '?' => self.repetition(1)?,
                '{' => self.brace()?,
                '^' | '$' | '.' => {
                    self.push_raw(&c.to_string(), Last::Operand);
                    self.at += 1;
                }
                other => {
                    self.push_literal(other);
                    self.at += 1;
                }
            }
        }
        if self.depth > 0 {
            return Err(SyntaxError::new("missing closing )", self.pattern));
        }
        Ok(self.out)
    }

    fn push_raw(&mut self, text: &str, last: Last) {
        self.out.push_str(text);
        self.last = last;
    }

    fn push_literal(&mut self, c: char) {
        let escaped = regex::escape(&c.to_string());
        self.push_raw(&escaped, Last::Operand);
    }

    fn open_group(&mut self) -> Result<(), SyntaxError> {
        if self.peek(1) != Some('?') {
            self.at += 1;
            self.depth += 1;
            self.push_raw("(", Last::Nothing);
            return Ok(());
        }
        let start = self.at;
        let rest: String = self.text(self.at + 2, self.chars.len());
        let named = ["P<", "<"].iter().find(|prefix| rest.starts_with(**prefix));
        if let Some(prefix) = named {
            let close = rest
                .find('>')
                .ok_or_else(|| SyntaxError::new("invalid named capture", self.text(start, self.chars.len())))?;
            let name = &rest[prefix.len()..close];
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(SyntaxError::new("invalid named capture", self.text(start, start + 2 + close + 1)));
            }
            self.at += 2 + rest[..=close].chars().count();
            self.depth += 1;
            self.push_raw(&format!("(?P<{name}>"), Last::Nothing);
            return Ok(());
        }
        self.flags(start, &rest)
    }

    /// `(?flags)` or `(?flags:...)`, flags among Go's `imsU` with at most one `-`.
    fn flags(&mut self, start: usize, rest: &str) -> Result<(), SyntaxError> {
        let unsupported = |length: usize| {
            SyntaxError::new("invalid or unsupported Perl syntax", self.text(start, start + 2 + length))
        };
        let mut seen_minus = false;
        for (count, c) in rest.chars().enumerate() {
            match c {
                'i' | 'm' | 's' | 'U' => {}
                '-' if !seen_minus => seen_minus = true,
                ':' | ')' => {
                    let flags: String = rest.chars().take(count).collect();
                    if (flags.is_empty() && c == ')') || flags.ends_with('-') {
                        return Err(unsupported(count + 1));
                    }
                    self.at += 2 + count + 1;
                    if c == ':' {
                        self.depth += 1;
                        self.push_raw(&format!("(?{flags}:"), Last::Nothing);
                    } else {
                        // A flag group is no operand: `(?i)*` has nothing to repeat.
                        let last = self.last;
                        self.push_raw(&format!("(?{flags})"), last);
                    }
                    return Ok(());
                }
                _ => return Err(unsupported(count + 1)),
            }
        }
        Err(SyntaxError::new("missing closing )", self.pattern))
    }

    fn close_group(&mut self) -> Result<(), SyntaxError> {
        if self.depth == 0 {
            return Err(SyntaxError::new("unexpected )", self.pattern));
        }
        self.depth -= 1;
        self.at += 1;
        self.push_raw(")", Last::Operand);
        Ok(())
    }

    /// `*`, `+`, `?` (or a counted repeat of `length` characters), with a lazy `?` after it.
    fn repetition(&mut self, length: usize) -> Result<(), SyntaxError> {
        let mut operator = self.text(self.at, self.at + length);
        if self.peek(length) == Some('?') {
            operator.push('?');
        }
        match self.last {
            Last::Nothing => return Err(SyntaxError::new("missing argument to repetition operator", operator)),
            Last::Repetition => {
                let nested = format!("{}{operator}", self.last_repetition);
                return Err(SyntaxError::new("invalid nested repetition operator", nested));
            }
            Last::Operand => {}
        }
        self.at += operator.chars().count();
        self.push_raw(&operator, Last::Repetition);
        self.last_repetition = operator;
        Ok(())
    }

    /// `{n}`, `{n,}`, `{n,m}` repeat; any other `{` is a literal in Go.
    fn brace(&mut self) -> Result<(), SyntaxError> {
        let rest = self.text(self.at, self.chars.len());
        let Some((length, min, max)) = repeat_count(&rest) else {
            self.push_literal('{');
            self.at += 1;
            return Ok(());
        };
        let out_of_range = min > MAX_REPEAT || max.is_some_and(|max| max > MAX_REPEAT || max < min);
        if out_of_range && self.last != Last::Nothing {
            return Err(SyntaxError::new("invalid repeat count", &rest[..length]));
        }
        self.repetition(length)
    }

    fn escape(&mut self) -> Result<(), SyntaxError> {
        let Some(c) = self.peek(1) else {
            return Err(SyntaxError::new("trailing backslash at end of expression", ""));
        };
        if c == 'Q' {
            self.quoted();
            return Ok(());
        }
        let (text, length) = self.escape_text(false)?;
        self.at += length;
        self.push_raw(&text, Last::Operand);
        Ok(())
    }

    /// `\Q...\E`: literal text.
    fn quoted(&mut self) {
        let rest = self.text(self.at + 2, self.chars.len());
        let (literal, consumed) = match rest.find("\\E") {
            Some(end) => (&rest[..end], rest[..end].chars().count() + 2),
            None => (rest.as_str(), rest.chars().count()),
        };
        for c in literal.chars() {
            self.push_literal(c);
        }
        self.at += 2 + consumed;
    }

    /// The `regex` text for the escape at the cursor and its length; inside a class, Perl classes
    /// are written without their brackets.
    fn escape_text(&self, in_class: bool) -> Result<(String, usize), SyntaxError> {
        let c = self.peek(1).unwrap_or('\\');
        let invalid = || SyntaxError::new("invalid escape sequence", self.text(self.at, self.at + 2));
        let perl = |set: &str, negated: bool| match (in_class, negated) {
            (true, false) => set.to_string(),
            (_, true) => format!("[^{set}]"),
            (false, false) => format!("[{set}]"),
        };
        let text = match c {
            'd' | 'D' => perl("0-9", c == 'D'),
            's' | 'S' => perl("\\t\\n\\x0C\\r ", c == 'S'),
            'w' | 'W' => perl("0-9A-Za-z_", c == 'W'),
            'b' | 'B' if !in_class => format!("(?-u:\\{c})"),
            'A' | 'z' if !in_class => format!("\\{c}"),
            'a' | 'f' | 't' | 'n' | 'r' | 'v' => format!("\\{c}"),
            'p' | 'P' | 'x' => return self.braced_escape(c),
            '0'..='7' => return self.octal().ok_or_else(invalid),
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => regex::escape(&c.to_string()),
            _ => return Err(invalid()),
        };
        Ok((text, 2))
    }

    /// `\pL`, `\p{Greek}`, `\xFF`, `\x{10FFFF}`: copied.
    fn braced_escape(&self, c: char) -> Result<(String, usize), SyntaxError> {
        let length = if self.peek(2) == Some('{') {
            let rest = self.text(self.at + 2, self.chars.len());
            match rest.find('}') {
                Some(close) => 2 + rest[..=close].chars().count(),
                None => return Err(SyntaxError::new(escape_error_code(c), self.text(self.at, self.chars.len()))),
            }
        } else if c == 'x' {
            4
        } else {
            3
        };
        let escape = self.text(self.at, self.at + length);
        let known = self.at + length <= self.chars.len() && (c == 'x' || Regex::new(&escape).is_ok());
        if !known {
            return Err(SyntaxError::new(escape_error_code(c), escape));
        }
        Ok((escape, length))
    }

    /// Go's octal escape: `\0` with up to two more digits, or `\1`-`\7` followed by an octal digit
    /// (a lone `\1` would be a backreference, which RE2 refuses).
    fn octal(&self) -> Option<(String, usize)> {
        let first = self.peek(1)?;
        let is_octal = |c: Option<char>| c.is_some_and(|c| ('0'..='7').contains(&c));
        if first != '0' && !is_octal(self.peek(2)) {
            return None;
        }
        let mut digits = first.to_string();
        while digits.len() < 3 && is_octal(self.peek(1 + digits.len())) {
            digits.push(self.peek(1 + digits.len())?);
        }
        let code = u32::from_str_radix(&digits, 8).ok()?;
        Some((format!("\\x{{{code:X}}}"), 1 + digits.len()))
    }

    /// A bracketed class, Go's way: `]` first is a literal, `[` inside is a literal, `[:alpha:]` is
    /// an ASCII class.
    fn class(&mut self) -> Result<(), SyntaxError> {
        let start = self.at;
        let mut text = String::from("[");
        self.at += 1;
        if self.peek(0) == Some('^') {
            text.push('^');
            self.at += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(SyntaxError::new("missing closing ]", self.text(start, self.chars.len())));
            };
            match c {
                ']' if !first => break,
                '[' if self.peek(1) == Some(':') => {
                    let rest = self.text(self.at, self.chars.len());
                    let length = rest.find(":]").map_or(1, |end| rest[..end + 2].chars().count());
                    let named = self.text(self.at, self.at + length);
                    text.push_str(if length == 1 { "\\[" } else { &named });
                    self.at += length;
                }
                '\\' => {
                    if self.peek(1).is_none() {
                        return Err(SyntaxError::new("missing closing ]", self.text(start, self.chars.len())));
                    }
                    let (escaped, length) = self.escape_text(true)?;
                    text.push_str(&escaped);
                    self.at += length;
                }
                other => {
                    let (range, length) = self.class_range(other)?;
                    text.push_str(&range);
                    self.at += length;
                }
            }
            first = false;
        }
        self.at += 1;
        text.push(']');
        self.push_raw(&text, Last::Operand);
        Ok(())
    }

    /// A literal character in a class, or a range `lo-hi` starting with it (Go refuses `hi < lo`).
    /// Characters that are set operators or brackets in `regex` classes are escaped.
    fn class_range(&self, low: char) -> Result<(String, usize), SyntaxError> {
        let literal = |c: char| if "[]&~-^\\".contains(c) { format!("\\{c}") } else { c.to_string() };
        let high = match (self.peek(1), self.peek(2)) {
            (Some('-'), Some(high)) if high != ']' && high != '\\' => high,
            _ => return Ok((literal(low), 1)),
        };
        if high < low {
            return Err(SyntaxError::new("invalid character class range", format!("{low}-{high}")));
        }
        Ok((format!("{}-{}", literal(low), literal(high)), 3))
    }
}

/// Go reports a bad `\x` as an escape, a bad `\p` as a class.
fn escape_error_code(c: char) -> &'static str {
    if c == 'x' {
        "invalid escape sequence"
    } else {
        "invalid character class range"
    }
}

/// `{n}`, `{n,}` or `{n,m}` at the start of `text`: its length and bounds.
fn repeat_count(text: &str) -> Option<(usize, u32, Option<u32>)> {
    let close = text.find('}')?;
    let inner = &text[1..close];
    let number = |digits: &str| -> Option<u32> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(digits.parse::<u32>().unwrap_or(u32::MAX))
    };
    let (min, max) = match inner.split_once(',') {
        None => {
            let n = number(inner)?;
            (n, Some(n))
        }
        Some((min, "")) => (number(min)?, None),
        Some((min, max)) => (number(min)?, Some(number(max)?)),
    };
    Some((close + 1, min, max))
}
