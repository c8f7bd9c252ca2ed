//! The lexer: text and actions, trim markers and comments resolved here, so the parser sees tokens only.

use crate::error::TemplateError;

#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    Text(String),
    LeftDelim,
    RightDelim,
    Identifier(String),
    Keyword(Keyword),
    Bool(bool),
    Nil,
    Dot,
    /// `.name` (without the dot).
    Field(String),
    /// `$` or `$name` (with the dollar).
    Variable(String),
    /// A quoted or raw string: its value.
    String(String),
    Number,
    Char,
    /// A printable ASCII character with no meaning of its own (`{`, `;`, `@`): Go's lexer passes it on
    /// and the parser words the error where it stands (`unexpected "{" in operand`).
    Stray,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Eof,
    /// Where lexing failed: the tokens end here. Go's lexer runs only as far ahead as the parser reads,
    /// so its error counts only if the parser gets this far (`{{ .a {{- end }}` is worded by the
    /// parser at the stray `{`, not by the lexer at the `-`).
    Error(TemplateError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    If,
    Else,
    End,
    Range,
    With,
    Define,
    Template,
    Block,
    Break,
    Continue,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub kind: TokenKind,
    /// The source text of the token (quoted strings keep their quotes).
    pub text: String,
    /// Byte offset in the template source.
    pub pos: usize,
    pub line: usize,
    /// Whitespace separates this token from the previous one inside the action.
    pub space_before: bool,
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

pub fn lex(name: &str, source: &str) -> Vec<Token> {
    let mut lexer = Lexer { name, src: source, pos: 0, tokens: Vec::new(), trim_next_text: false };
    if let Err(error) = lexer.run() {
        let pos = lexer.pos.min(source.len());
        lexer.tokens.push(Token {
            kind: TokenKind::Error(error),
            text: String::new(),
            pos,
            line: lexer.line_at(pos),
            space_before: true,
        });
    }
    lexer.tokens
}

struct Lexer<'a> {
    name: &'a str,
    src: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    trim_next_text: bool,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer<'_> {
    fn line_at(&self, pos: usize) -> usize {
        1 + self.src[..pos.min(self.src.len())].matches('\n').count()
    }

    fn error(&self, pos: usize, message: &str) -> TemplateError {
        TemplateError::parse(self.name, self.line_at(pos), message)
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize, space_before: bool) {
        let line = self.line_at(start);
        self.tokens.push(Token { kind, text: self.src[start..end].to_string(), pos: start, line, space_before });
    }

    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn run(&mut self) -> Result<(), TemplateError> {
        loop {
            if self.trim_next_text {
                let rest = self.rest();
                self.pos += rest.len() - rest.trim_start_matches(is_space).len();
                self.trim_next_text = false;
            }
            let text_end = self.rest().find(LEFT).map_or(self.src.len(), |i| self.pos + i);
            let after = &self.src[text_end..];
            let left_trim = after.len() > 3 && after[2..].starts_with('-') && after[3..].starts_with(is_space);
            let mut text = &self.src[self.pos..text_end];
            if left_trim {
                text = text.trim_end_matches(is_space);
            }
            if !text.is_empty() {
                let start = self.pos;
                self.push(TokenKind::Text(text.to_string()), start, start + text.len(), false);
            }
            if text_end >= self.src.len() {
                self.push(TokenKind::Eof, self.src.len(), self.src.len(), false);
                return Ok(());
            }
            self.pos = text_end + LEFT.len() + if left_trim { 2 } else { 0 };
            if self.rest().starts_with("/*") {
                self.lex_comment(text_end)?;
            } else {
                self.push(TokenKind::LeftDelim, text_end, text_end + LEFT.len(), false);
                self.lex_action()?;
            }
        }
    }

    /// At a right delimiter (`}}` or ` -}}`)? Returns its length and whether it trims.
    fn at_right_delim(&self) -> Option<(usize, bool)> {
        let rest = self.rest();
        if rest.starts_with(RIGHT) {
            return Some((RIGHT.len(), false));
        }
        let mut chars = rest.chars();
        match chars.next() {
            Some(c) if is_space(c) && rest[c.len_utf8()..].starts_with("-}}") => Some((c.len_utf8() + 3, true)),
            _ => None,
        }
    }

    fn lex_comment(&mut self, action_start: usize) -> Result<(), TemplateError> {
        let Some(close) = self.rest().find("*/") else {
            return Err(self.error(action_start, "unclosed comment"));
        };
        self.pos += close + 2;
        let Some((len, trim)) = self.at_right_delim() else {
            return Err(self.error(action_start, "comment ends before closing delimiter"));
        };
        self.pos += len;
        self.trim_next_text = trim;
        Ok(())
    }

    fn lex_action(&mut self) -> Result<(), TemplateError> {
        let mut paren_depth = 0usize;
        let mut space_before = false;
        loop {
            if let Some((len, trim)) = self.at_right_delim() {
                if paren_depth > 0 {
                    return Err(self.error(self.pos, "unclosed left paren"));
                }
                self.push(TokenKind::RightDelim, self.pos, self.pos + len, space_before);
                self.pos += len;
                self.trim_next_text = trim;
                return Ok(());
            }
            let Some(c) = self.rest().chars().next() else {
                // At the end of the input, where Go's lexer stands when it gives up.
                return Err(self.error(self.pos, "unclosed action"));
            };
            let start = self.pos;
            if is_space(c) {
                self.pos += c.len_utf8();
                space_before = true;
                continue;
            }
            let kind = match c {
                '|' => self.single(TokenKind::Pipe),
                ',' => self.single(TokenKind::Comma),
                '(' => {
                    paren_depth += 1;
                    self.single(TokenKind::LeftParen)
                }
                ')' => {
                    if paren_depth == 0 {
                        return Err(self.error(start, "unexpected right paren"));
                    }
                    paren_depth -= 1;
                    self.single(TokenKind::RightParen)
                }
                '=' => self.single(TokenKind::Assign),
                ':' if self.rest().starts_with(":=") => {
                    self.pos += 2;
                    TokenKind::Declare
                }
                '"' => self.lex_quote()?,
                '`' => self.lex_raw_quote()?,
                '\'' => self.lex_char()?,
                '$' => {
                    self.pos += 1;
                    self.scan_alnum();
                    self.expect_terminator()?;
                    TokenKind::Variable(self.src[start..self.pos].to_string())
                }
                '.' if self.rest()[1..].starts_with(|d: char| d.is_ascii_digit()) => self.lex_number()?,
                '.' => {
                    self.pos += 1;
                    self.scan_alnum();
                    self.expect_terminator()?;
                    match &self.src[start + 1..self.pos] {
                        "" => TokenKind::Dot,
                        name => TokenKind::Field(name.to_string()),
                    }
                }
                '+' | '-' | '0'..='9' => self.lex_number()?,
                c if is_alnum(c) => {
                    self.scan_alnum();
                    self.expect_terminator()?;
                    keyword_or_identifier(&self.src[start..self.pos])
                }
                ':' => return Err(self.error(start, "expected :=")),
                c if c.is_ascii_graphic() => self.single(TokenKind::Stray),
                other => {
                    let message = format!("unrecognized character in action: {}", go_unicode_notation(other));
                    return Err(self.error(start, &message));
                }
            };
            self.push(kind, start, self.pos, space_before);
            space_before = false;
        }
    }

    /// Go ends a word (field, variable, identifier) only at a space, `.`, `,`, `|`, `:`, a paren or the
    /// closing delimiter: `.a{` is a "bad character".
    fn expect_terminator(&self) -> Result<(), TemplateError> {
        let rest = self.rest();
        match rest.chars().next() {
            None => Ok(()),
            Some(c) if is_space(c) || matches!(c, '.' | ',' | '|' | ':' | '(' | ')') => Ok(()),
            Some(_) if self.at_right_delim().is_some() => Ok(()),
            Some(c) => Err(self.error(self.pos, &format!("bad character {}", go_unicode_notation(c)))),
        }
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.pos += 1;
        kind
    }

    fn scan_alnum(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches(is_alnum).len();
    }

    /// The index of the closing `quote` of a quoted token starting at `self.pos`, escapes skipped.
    fn closing_quote(&self, quote: u8) -> Option<usize> {
        let bytes = self.src.as_bytes();
        let mut i = self.pos + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'\n' => return None,
                b if b == quote => return Some(i),
                _ => i += 1,
            }
        }
        None
    }

    fn lex_quote(&mut self) -> Result<TokenKind, TemplateError> {
        let start = self.pos;
        let Some(close) = self.closing_quote(b'"') else {
            return Err(self.error(self.pos, "unterminated quoted string"));
        };
        self.pos = close + 1;
        let value = unquote(&self.src[start + 1..close], '"')
            .map_err(|m| self.error(start, &format!("{m}: {}", &self.src[start..=close])))?;
        Ok(TokenKind::String(value))
    }

    fn lex_raw_quote(&mut self) -> Result<TokenKind, TemplateError> {
        let start = self.pos;
        let Some(close) = self.src[start + 1..].find('`') else {
            return Err(self.error(self.pos, "unterminated raw quoted string"));
        };
        self.pos = start + 1 + close + 1;
        // Go drops carriage returns from raw strings.
        Ok(TokenKind::String(self.src[start + 1..start + 1 + close].replace('\r', "")))
    }

    fn lex_char(&mut self) -> Result<TokenKind, TemplateError> {
        let Some(close) = self.closing_quote(b'\'') else {
            return Err(self.error(self.pos, "unterminated character constant"));
        };
        self.pos = close + 1;
        Ok(TokenKind::Char)
    }

    fn lex_number(&mut self) -> Result<TokenKind, TemplateError> {
        let start = self.pos;
        let rest = self.rest().to_string();
        let mut end = 0;
        let bytes = rest.as_bytes();
        if matches!(bytes.first(), Some(b'+' | b'-')) {
            end += 1;
        }
        let hex = rest[end..].starts_with("0x") || rest[end..].starts_with("0X");
        while end < bytes.len() {
            let b = bytes[end];
            let exponent_sign = matches!(b, b'+' | b'-')
                && end > 0
                && matches!(bytes[end - 1], b'e' | b'E' | b'p' | b'P')
                && (!hex || matches!(bytes[end - 1], b'p' | b'P'));
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
                end += 1;
            } else {
                break;
            }
        }
        self.pos += end;
        if end == 0 || (end == 1 && matches!(bytes[0], b'+' | b'-')) {
            return Err(self.error(start, &format!("bad number syntax: {:?}", &rest[..end.max(1)])));
        }
        Ok(TokenKind::Number)
    }
}

fn keyword_or_identifier(word: &str) -> TokenKind {
    let keyword = match word {
        "if" => Keyword::If,
        "else" => Keyword::Else,
        "end" => Keyword::End,
        "range" => Keyword::Range,
        "with" => Keyword::With,
        "define" => Keyword::Define,
        "template" => Keyword::Template,
        "block" => Keyword::Block,
        "break" => Keyword::Break,
        "continue" => Keyword::Continue,
        "true" => return TokenKind::Bool(true),
        "false" => return TokenKind::Bool(false),
        "nil" => return TokenKind::Nil,
        other => return TokenKind::Identifier(other.to_string()),
    };
    TokenKind::Keyword(keyword)
}

/// Go's `%#U`: `U+007B '{'`, the character left out when it is not printable (`U+0001`).
fn go_unicode_notation(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

/// Go's escapes in a quoted string or char body (without the quotes). Strings here are UTF-8, so `\xHH`
/// above 7F gives the character U+00HH where Go would give the single byte.
pub fn unquote(body: &str, quote: char) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escape = chars.next().ok_or("invalid syntax")?;
        match escape {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            q if q == quote => out.push(q),
            'x' => out.push(hex_escape(&mut chars, 2)?),
            'u' => out.push(hex_escape(&mut chars, 4)?),
            'U' => out.push(hex_escape(&mut chars, 8)?),
            '0'..='7' => {
                let mut code = escape.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let digit = chars.next().and_then(|d| d.to_digit(8)).ok_or("invalid syntax")?;
                    code = code * 8 + digit;
                }
                if code > 255 {
                    return Err("invalid syntax".into());
                }
                out.push(char::from_u32(code).ok_or("invalid syntax")?);
            }
            _ => return Err("invalid syntax".into()),
        }
    }
    Ok(out)
}

fn hex_escape(chars: &mut impl Iterator<Item = char>, digits: usize) -> Result<char, String> {
    let mut code = 0u32;
    for _ in 0..digits {
        let digit = chars.next().and_then(|d| d.to_digit(16)).ok_or("invalid syntax")?;
        code = code * 16 + digit;
    }
    char::from_u32(code).ok_or_else(|| "invalid syntax".to_string())
}
