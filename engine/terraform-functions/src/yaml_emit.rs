//! The YAML `yamlencode` writes, byte for byte: Terraform emits through a port of libyaml's emitter
//! (indent 2, width 80, Unicode allowed), asking for double-quoted strings, literal block scalars
//! for strings with line breaks, plain numbers, bools and nulls, block collections and `[]` / `{}`
//! for empty ones. This module reproduces the parts of that emitter those requests reach: scalar
//! analysis and style choice, line folding of long double-quoted strings, block scalar hints,
//! indentation of nested collections, complex (`?`) keys, and the `...` after a plain root scalar.

use crate::number::format_number;
use crate::types::{sorted_entries, MAX_DEPTH};
use tollgate_model::{Number, Value, ValueKind};

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: i64 = 80;

/// The document Terraform's `yamlencode` produces for a wholly known value.
pub(crate) fn encode(value: &Value) -> Result<String, String> {
    let mut emitter = Emitter::default();
    emitter.node(value, Context { root: true, ..Context::default() }, 0)?;
    // DOCUMENT-END, then STREAM-END.
    emitter.write_indent();
    if emitter.open_ended {
        emitter.write_indicator("...", true, false, false);
        emitter.write_indent();
    }
    Ok(emitter.out)
}

/// Where a node is being written (libyaml's emitter contexts).
#[derive(Default, Clone, Copy)]
struct Context {
    root: bool,
    mapping: bool,
    simple_key: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    DoubleQuoted,
    Literal,
}

struct Emitter {
    out: String,
    column: i64,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
}

impl Default for Emitter {
    fn default() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            open_ended: false,
        }
    }
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn node(&mut self, value: &Value, ctx: Context, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("value is nested too deeply".into());
        }
        match &value.kind {
            ValueKind::Null => self.scalar("null", Style::Plain, ctx),
            ValueKind::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain, ctx),
            ValueKind::Number(Number::Float(f)) if f.is_nan() => return Err("cannot encode NaN as YAML".into()),
            ValueKind::Number(Number::Float(f)) if f.is_infinite() => {
                self.scalar(if *f > 0.0 { "+.Inf" } else { "-.Inf" }, Style::Plain, ctx)
            }
            ValueKind::Number(n) => self.scalar(&format_number(*n), Style::Plain, ctx),
            ValueKind::String(s) => {
                let style = if s.contains('\n') { Style::Literal } else { Style::DoubleQuoted };
                self.scalar(s, style, ctx)
            }
            ValueKind::List(items) if items.is_empty() => self.empty_flow("[", "]"),
            ValueKind::Map(entries) if entries.is_empty() => self.empty_flow("{", "}"),
            ValueKind::List(items) => {
                self.increase_indent(false, ctx.mapping && !self.indention);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, Context::default(), depth + 1)?;
                }
                self.pop_indent();
            }
            ValueKind::Map(entries) => {
                self.increase_indent(false, false);
                for entry in sorted_entries(entries.clone()) {
                    self.write_indent();
                    if is_simple_key(&entry.key) {
                        self.scalar(
                            &entry.key,
                            Style::DoubleQuoted,
                            Context { mapping: true, simple_key: true, root: false },
                        );
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        let style = if entry.key.contains('\n') { Style::Literal } else { Style::DoubleQuoted };
                        self.scalar(&entry.key, style, Context { mapping: true, ..Context::default() });
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(&entry.value, Context { mapping: true, ..Context::default() }, depth + 1)?;
                }
                self.pop_indent();
            }
            ValueKind::Unknown(u) => return Err(format!("cannot serialize unknown value {} as YAML", u.source)),
        }
        Ok(())
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn scalar(&mut self, value: &str, requested: Style, ctx: Context) {
        let analysis = Analysis::of(value);
        let mut style = requested;
        if ctx.simple_key && analysis.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!analysis.block_allowed || ctx.simple_key) {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(value, ctx.root),
            Style::DoubleQuoted => self.write_double_quoted(value, !ctx.simple_key),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &str, root: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        // Only numbers, bools and null are written plain: no spaces or breaks to fold.
        for c in value.chars() {
            self.put(c);
        }
        self.whitespace = false;
        self.indention = false;
        if root {
            self.open_ended = true;
        }
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let mut spaces = false;
        let chars: Vec<(usize, char)> = value.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    other => {
                        let v = other as u32;
                        let (letter, width) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for digit in format!("{v:0width$X}").chars() {
                            self.put(digit);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < value.len() - 1 {
                    self.write_indent();
                    if chars.get(k + 1).is_some_and(|(_, n)| *n == ' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            k += 1;
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indentation indicator when the text starts with a space or break,
        // then the chomping indicator.
        if value.starts_with([' ', '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        self.open_ended = false;
        let mut last = value.chars().rev();
        let chomp = match (last.next(), last.next()) {
            (None, _) => Some("-"),
            (Some(c), _) if !is_break(c) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(p)) if is_break(p) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// Whether a key fits on one line as a simple key (libyaml: no line break, at most 128 bytes).
fn is_simple_key(key: &str) -> bool {
    !key.chars().any(is_break) && key.len() <= 128
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's printable set: line feed, printable ASCII, and the BMP outside surrogates and
/// specials (characters beyond the BMP are escaped).
fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0a
        || (0x20..=0x7e).contains(&v)
        || (0xa0..=0xd7ff).contains(&v)
        || ((0xe000..=0xfffd).contains(&v) && v != 0xfeff)
}

/// What libyaml's scalar analysis decides for the styles Terraform asks for.
struct Analysis {
    multiline: bool,
    block_allowed: bool,
}

impl Analysis {
    fn of(value: &str) -> Analysis {
        let chars: Vec<char> = value.chars().collect();
        let mut line_breaks = false;
        let mut special = false;
        let mut trailing_space = false;
        let mut space_break = false;
        let (mut previous_space, mut previous_break) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) {
                special = true;
            }
            if c == ' ' {
                trailing_space = i + 1 == chars.len();
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                line_breaks = true;
                if previous_space {
                    space_break = true;
                }
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
        }
        let _ = previous_break;
        Analysis {
            multiline: line_breaks,
            block_allowed: !value.is_empty() && !trailing_space && !space_break && !special,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    fn yaml(v: Value) -> String {
        encode(&v).unwrap()
    }

    #[test]
    fn scalars_at_the_root() {
        assert_eq!(yaml(num(5)), "5\n...\n");
        assert_eq!(yaml(null()), "null\n...\n");
        assert_eq!(yaml(s("plain")), "\"plain\"\n");
        assert_eq!(yaml(s("a\n\n")), "|+\n  a\n\n");
        assert_eq!(yaml(s("ünï\u{7} \u{a0}\u{2028}🙂")), "\"ünï\\a \u{a0}\\L\\U0001F642\"\n");
        assert_eq!(yaml(list(vec![])), "[]\n");
        assert_eq!(yaml(map(vec![])), "{}\n");
    }

    #[test]
    fn collections_nest_as_go_yaml_writes_them() {
        let v = map(vec![
            ("c", list(vec![num(1), s("two"), boolean(true), null()])),
            ("a", s("x")),
            ("d", map(vec![])),
            ("q", list(vec![map(vec![("a", num(1)), ("b", list(vec![num(2)]))])])),
            ("p", list(vec![s("x"), list(vec![s("y")])])),
        ]);
        assert_eq!(
            yaml(v),
            "\"a\": \"x\"\n\"c\":\n- 1\n- \"two\"\n- true\n- null\n\"d\": {}\n\"p\":\n- \"x\"\n- - \"y\"\n\"q\":\n- \"a\": 1\n  \"b\":\n  - 2\n"
        );
    }

    #[test]
    fn block_scalars_and_quoting() {
        let v = map(vec![
            ("f", s("multi\nline")),
            ("u", s("trail\n")),
            ("v", s("a\n\nb\n\n")),
            ("w", s(" lead\nx")),
            ("x", s("x \ny")),
        ]);
        assert_eq!(
            yaml(v),
            "\"f\": |-\n  multi\n  line\n\"u\": |\n  trail\n\"v\": |+\n  a\n\n  b\n\n\"w\": |2-\n   lead\n  x\n\"x\": \"x \\ny\"\n"
        );
    }

    #[test]
    fn long_strings_fold_at_80_columns() {
        let long =
            "a very long string that goes on and on and on and on and on and on and on and on and on and on and on end";
        assert_eq!(
            yaml(s(long)),
            "\"a very long string that goes on and on and on and on and on and on and on and on\n  and on and on and on end\"\n"
        );
        assert_eq!(
            yaml(list(vec![list(vec![s(long)])])),
            "- - \"a very long string that goes on and on and on and on and on and on and on and\n    on and on and on and on end\"\n"
        );
    }

    #[test]
    fn long_keys_become_complex_keys() {
        let key = "k".repeat(130);
        assert_eq!(yaml(map(vec![(key.as_str(), num(1))])), format!("? \"{key}\"\n: 1\n"));
    }
}
