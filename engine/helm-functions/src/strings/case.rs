//! Case functions: Go's per-character case mapping (`upper`, `title`), goutils' word rules (`untitle`,
//! `swapcase`, `initials`, `nospace`) and xstrings' word splitting (`snakecase`, `kebabcase`, `camelcase`).

use tollgate_gotemplate::Functions;
use tollgate_model::go_strings::{title, to_lower, to_title, to_upper};

use crate::args_strings::add_unary;

pub fn register(functions: &mut Functions) {
    add_unary(functions, "upper", |s| s.chars().map(to_upper).collect());
    add_unary(functions, "lower", |s| s.chars().map(to_lower).collect());
    add_unary(functions, "title", title);
    add_unary(functions, "untitle", untitle);
    add_unary(functions, "swapcase", swap_case);
    add_unary(functions, "initials", initials);
    add_unary(functions, "nospace", without_spaces);
    add_unary(functions, "snakecase", |s| words_joined(s, '_'));
    add_unary(functions, "kebabcase", |s| words_joined(s, '-'));
    add_unary(functions, "camelcase", pascal_case);
}

fn is_title(c: char) -> bool {
    matches!(c, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}')
        || matches!(c, '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// goutils' `Uncapitalize`: the first character after whitespace to lower case.
fn untitle(s: &str) -> String {
    let mut after_space = true;
    s.chars()
        .map(|c| {
            if c.is_whitespace() {
                after_space = true;
                c
            } else if after_space {
                after_space = false;
                to_lower(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils' `SwapCase`: upper and title case to lower; lower case to title case at a word's start and
/// to upper case elsewhere.
fn swap_case(s: &str) -> String {
    let mut after_space = true;
    s.chars()
        .map(|c| {
            if c.is_uppercase() || is_title(c) {
                after_space = false;
                to_lower(c)
            } else if c.is_lowercase() {
                let swapped = if after_space { to_title(c) } else { to_upper(c) };
                after_space = false;
                swapped
            } else {
                after_space = c.is_whitespace();
                c
            }
        })
        .collect()
}

/// goutils reads these byte by byte, each byte as the character of that code (Latin-1): kept as it does.
fn byte_char(b: u8) -> char {
    char::from(b)
}

/// goutils' `Initials`: the first byte of each whitespace-separated word.
fn initials(s: &str) -> String {
    let mut after_space = true;
    let mut out = String::new();
    for c in s.bytes().map(byte_char) {
        if c.is_whitespace() {
            after_space = true;
        } else if after_space {
            out.push(c);
            after_space = false;
        }
    }
    out
}

/// goutils' `DeleteWhiteSpace`: the input unchanged when no byte is a space, else its other bytes.
fn without_spaces(s: &str) -> String {
    if !s.bytes().map(byte_char).any(char::is_whitespace) {
        return s.to_string();
    }
    s.bytes().map(byte_char).filter(|c| !c.is_whitespace()).collect()
}

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || c.is_whitespace()
}

/// xstrings' `ToPascalCase` (Sprig's `camelcase`): connectors dropped, the letter after one upper-cased,
/// a word that starts upper case lower-cased after its first letter while it stays upper case.
fn pascal_case(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    let mut current = None;
    for c in chars.by_ref() {
        if !is_connector(c) {
            current = Some(c);
            break;
        }
        out.push(c);
    }
    let Some(first) = current else {
        // Only connectors: xstrings writes the last one a second time.
        out.extend(s.chars().last());
        return out;
    };
    let mut word_starts_upper = first.is_uppercase();
    let mut current = to_upper(first);
    for next in chars {
        let previous = current;
        current = next;
        if is_connector(current) && is_connector(previous) {
            out.push(previous);
            continue;
        }
        if is_connector(previous) {
            word_starts_upper = current.is_uppercase();
            current = to_upper(current);
            continue;
        }
        if word_starts_upper {
            if current.is_uppercase() {
                current = to_lower(current);
            } else {
                word_starts_upper = false;
            }
        }
        out.push(previous);
    }
    out.push(current);
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    End,
    Number,
    Upper,
    Letters,
    Connector,
    Punctuation,
    Other,
}

/// A letter outside the CJK ideograph blocks.
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !matches!(c, '\u{4E00}'..='\u{9FCC}' | '\u{3400}'..='\u{4D85}' | '\u{20000}'..='\u{2B81D}')
}

/// Unicode punctuation (category P): ASCII exactly, beyond it the common blocks.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(c, '¡' | '§' | '«' | '¶' | '·' | '»' | '¿' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}')
        || matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}')
}

/// The next word of `s` and its length in bytes, split as xstrings splits for snake and kebab case.
fn next_word(s: &str) -> (Word, usize) {
    let Some(first) = s.chars().next() else {
        return (Word::End, 0);
    };
    let run =
        |test: &dyn Fn(char) -> bool| s.char_indices().skip(1).find(|(_, c)| !test(*c)).map_or(s.len(), |(i, _)| i);
    if is_connector(first) {
        return (Word::Connector, run(&is_connector));
    }
    if is_punctuation(first) {
        return (Word::Punctuation, run(&is_punctuation));
    }
    if first.is_uppercase() {
        return (Word::Upper, upper_word_length(s, first));
    }
    if is_letter(first) {
        return (Word::Letters, run(&|c| is_letter(c) && !c.is_uppercase()));
    }
    if first.is_numeric() {
        return (Word::Number, run(&char::is_numeric));
    }
    (Word::Other, run(&|c| !(is_connector(c) || is_letter(c) || c.is_numeric() || is_punctuation(c))))
}

/// An upper-case word: `Server`, or an abbreviation `HTTP` (leaving the `S` of `HTTPServer` to the next).
fn upper_word_length(s: &str, first: char) -> usize {
    let rest = &s[first.len_utf8()..];
    match rest.chars().next() {
        Some(second) if second.is_uppercase() => match rest.char_indices().find(|(_, c)| !c.is_uppercase()) {
            Some((end, after)) if is_letter(after) => {
                let last_upper = rest[..end].chars().last().map_or(0, char::len_utf8);
                first.len_utf8() + end - last_upper
            }
            Some((end, _)) => first.len_utf8() + end,
            None => s.len(),
        },
        Some(second) if is_letter(second) => {
            first.len_utf8()
                + rest.char_indices().find(|(_, c)| !is_letter(*c) || c.is_uppercase()).map_or(rest.len(), |(i, _)| i)
        }
        _ => first.len_utf8(),
    }
}

/// The words of `s`, in order, with their kinds; an `End` word closes the sequence.
struct Words<'a> {
    rest: &'a str,
}

impl<'a> Words<'a> {
    fn next(&mut self) -> (Word, &'a str) {
        let (kind, length) = next_word(self.rest);
        let (word, rest) = self.rest.split_at(length);
        self.rest = rest;
        (kind, word)
    }

    fn is_done(&self) -> bool {
        self.rest.is_empty()
    }
}

/// Writes a word lower-cased, its connectors replaced by `connector`.
fn push_lower(out: &mut String, kind: Word, word: &str, connector: char) {
    if kind != Word::Upper && kind != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        out.push(if is_connector(c) { connector } else { to_lower(c) });
    }
}

/// Whether a connector goes between a word and the following one of this kind.
fn needs_connector(kind: Word) -> bool {
    !matches!(kind, Word::End | Word::Connector | Word::Punctuation)
}

/// xstrings' snake and kebab case: words lower-cased and joined by `connector`; a number stays with the
/// word before it (`Bld4Floor` -> `bld4_floor`) unless letters follow it (`http2xx` -> `http_2xx`).
fn words_joined(s: &str, connector: char) -> String {
    let mut out = String::new();
    let mut words = Words { rest: s };
    let (mut kind, mut word) = words.next();
    while !words.is_done() {
        if kind != Word::Connector {
            push_lower(&mut out, kind, word, connector);
        }
        let (previous, previous_word) = (kind, word);
        (kind, word) = words.next();
        match previous {
            Word::Number => {
                (kind, word) = push_alphanumeric_run(&mut out, &mut words, kind, word, connector);
                if needs_connector(kind) {
                    out.push(connector);
                }
            }
            Word::Connector => push_lower(&mut out, previous, previous_word, connector),
            Word::Punctuation => {}
            _ if kind != Word::Number => {
                if needs_connector(kind) {
                    out.push(connector);
                }
            }
            _ if words.is_done() => {}
            _ => (kind, word) = number_after_word(&mut out, &mut words, word, connector),
        }
    }
    push_lower(&mut out, kind, word, connector);
    out
}

/// Writes letters and numbers while they follow; returns the first other word.
fn push_alphanumeric_run<'a>(
    out: &mut String,
    words: &mut Words<'a>,
    mut kind: Word,
    mut word: &'a str,
    connector: char,
) -> (Word, &'a str) {
    while kind == Word::Letters || kind == Word::Number {
        push_lower(out, kind, word, connector);
        (kind, word) = words.next();
    }
    (kind, word)
}

/// A number after a word: part of that word, unless letters follow it (then it starts a new word).
fn number_after_word<'a>(out: &mut String, words: &mut Words<'a>, number: &'a str, connector: char) -> (Word, &'a str) {
    let (kind, word) = words.next();
    if kind != Word::Letters {
        push_lower(out, Word::Number, number, connector);
        if needs_connector(kind) {
            out.push(connector);
        }
        return (kind, word);
    }
    out.push(connector);
    push_lower(out, Word::Number, number, connector);
    let (kind, word) = push_alphanumeric_run(out, words, kind, word, connector);
    if needs_connector(kind) {
        out.push(connector);
    }
    (kind, word)
}
