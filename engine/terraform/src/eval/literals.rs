//! A template's literal text as HCL's parser leaves it before evaluation: `~` strip markers trim
//! the whitespace of the one literal token beside them, and a `<<-` heredoc loses the
//! indentation its lines share.
//!
//! HCL cuts heredoc and template-file text into one token per line, while a quoted string's
//! literal is one token. So in a heredoc a marker trims no further than the nearest line break
//! (`  %{~ if x ~}` on its own line removes the two spaces and the line break after it, not the
//! line break before), and the indentation of a `<<-` heredoc is measured after the markers
//! trimmed: a line whose leading spaces a marker removed counts as unindented, a line that a
//! marker joined to the previous one is not a line start, and a line of only spaces neither
//! counts nor loses its spaces.
//!
//! hcl-edit leaves the backslash escapes of a quoted string's literals inside `%{if}` and
//! `%{for}` directives undecoded (`"%{if x}a\tb%{endif}"`); they are decoded here too.

use hcl_edit::template::{Directive, Element, Template};

/// How the text of a template is cut into HCL tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextRules {
    /// A quoted string: each literal is one token.
    Quoted,
    /// A `<<EOT` heredoc, a template file or a JSON string: one token per line.
    Lines,
    /// A `<<-EOT` heredoc: one token per line, shared indentation removed.
    FlushHeredoc,
}

/// One HCL template token: literal text (of the `literal`-th literal of the template, in
/// document order), or an interpolation or directive marker with its strip markers.
enum Token {
    Text { text: String, literal: usize },
    Mark { trims_before: bool, trims_after: bool },
}

/// The template with its literals as HCL's parser leaves them; `None` when nothing changes.
pub(crate) fn normalize(template: &Template, rules: TextRules) -> Option<Template> {
    let mut tokens = Vec::new();
    let mut literals = 0;
    tokenize(template, rules, false, &mut tokens, &mut literals);
    strip(&mut tokens);
    if rules == TextRules::FlushHeredoc {
        flush(&mut tokens);
    }
    let mut texts = vec![String::new(); literals];
    for token in tokens {
        if let Token::Text { text, literal } = token {
            if let Some(slot) = texts.get_mut(literal) {
                slot.push_str(&text);
            }
        }
    }
    let mut normalized = template.clone();
    let mut changed = false;
    let mut next = 0;
    rewrite(&mut normalized, &mut texts, &mut next, &mut changed);
    changed.then_some(normalized)
}

/// Appends the template's tokens; `in_directive`: the template is the body of a directive.
fn tokenize(template: &Template, rules: TextRules, in_directive: bool, tokens: &mut Vec<Token>, literals: &mut usize) {
    let mut run: Option<(String, usize)> = None;
    for element in template.iter() {
        // Adjacent literals are one HCL token (or one run of line tokens): they are joined into
        // the first one.
        if let Element::Literal(text) = element {
            let text = match rules {
                TextRules::Quoted if in_directive => unescape_quoted(text.value()),
                _ => text.value().clone(),
            };
            match &mut run {
                Some((joined, _)) => joined.push_str(&text),
                None => run = Some((text, *literals)),
            }
            *literals += 1;
            continue;
        }
        if let Some((text, literal)) = run.take() {
            push_text(text, literal, rules, tokens);
        }
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(interpolation) => tokens.push(mark(interpolation.strip)),
            Element::Directive(directive) => match directive.as_ref() {
                Directive::If(d) => {
                    tokens.push(mark(d.if_expr.strip));
                    tokenize(&d.if_expr.template, rules, true, tokens, literals);
                    if let Some(else_expr) = &d.else_expr {
                        tokens.push(mark(else_expr.strip));
                        tokenize(&else_expr.template, rules, true, tokens, literals);
                    }
                    tokens.push(mark(d.endif_expr.strip));
                }
                Directive::For(d) => {
                    tokens.push(mark(d.for_expr.strip));
                    tokenize(&d.for_expr.template, rules, true, tokens, literals);
                    tokens.push(mark(d.endfor_expr.strip));
                }
            },
        }
    }
    if let Some((text, literal)) = run {
        push_text(text, literal, rules, tokens);
    }
}

/// The tokens of a run of literal text: one, or one per line.
fn push_text(text: String, literal: usize, rules: TextRules, tokens: &mut Vec<Token>) {
    match rules {
        TextRules::Quoted if text.is_empty() => {}
        TextRules::Quoted => tokens.push(Token::Text { text, literal }),
        TextRules::Lines | TextRules::FlushHeredoc => {
            tokens.extend(text.split_inclusive('\n').map(|line| Token::Text { text: line.to_string(), literal }))
        }
    }
}

/// Decodes a quoted string's backslash escapes (`\n`, `\t`, `\"`, `\\`, `\uXXXX`, ...); an
/// escape HCL does not know is kept as written.
fn unescape_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (decoded, used) = match after.chars().next() {
            Some('n') => (Some('\n'), 1),
            Some('r') => (Some('\r'), 1),
            Some('t') => (Some('\t'), 1),
            Some('"') => (Some('"'), 1),
            Some('\\') => (Some('\\'), 1),
            Some('u') => (hex_char(after.get(1..5)), 5),
            Some('U') => (hex_char(after.get(1..9)), 9),
            _ => (None, 0),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn hex_char(digits: Option<&str>) -> Option<char> {
    let digits = digits.filter(|d| d.chars().all(|c| c.is_ascii_hexdigit()))?;
    u32::from_str_radix(digits, 16).ok().and_then(char::from_u32)
}

fn mark(strip: hcl_edit::template::Strip) -> Token {
    Token::Mark { trims_before: strip.strip_start(), trims_after: strip.strip_end() }
}

/// `${~`/`%{~` trim the end of the token before; `~}` the start of the token after.
fn strip(tokens: &mut [Token]) {
    for i in 0..tokens.len() {
        let Some(Token::Mark { trims_before, trims_after }) = tokens.get(i) else { continue };
        let (before, after) = (*trims_before, *trims_after);
        if before {
            if let Some(Token::Text { text, .. }) = i.checked_sub(1).and_then(|p| tokens.get_mut(p)) {
                text.truncate(text.trim_end().len());
            }
        }
        if after {
            if let Some(Token::Text { text, .. }) = tokens.get_mut(i + 1) {
                *text = text.trim_start().to_string();
            }
        }
    }
}

/// Removes the indentation shared by the line starts (HCL's `flushHeredocTemplateParts`).
fn flush(tokens: &mut [Token]) {
    let mut shared = usize::MAX;
    let mut line_starts = Vec::new();
    let mut at_line_start = true;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Text { text, .. } => {
                if at_line_start {
                    let indent = text.chars().take_while(|c| c.is_whitespace()).count();
                    let blank = indent == text.chars().count() && text.ends_with('\n');
                    if !blank {
                        shared = shared.min(indent);
                        line_starts.push(i);
                    }
                }
                at_line_start = text.ends_with('\n');
            }
            Token::Mark { .. } => {
                if at_line_start {
                    shared = 0;
                }
                at_line_start = false;
            }
        }
    }
    if shared == 0 || shared == usize::MAX {
        return;
    }
    for i in line_starts {
        if let Some(Token::Text { text, .. }) = tokens.get_mut(i) {
            let cut: usize = text.chars().take(shared).map(char::len_utf8).sum();
            text.drain(..cut);
        }
    }
}

fn rewrite(template: &mut Template, texts: &mut [String], next: &mut usize, changed: &mut bool) {
    for element in template.iter_mut() {
        match element {
            Element::Literal(text) => {
                if let Some(new) = texts.get_mut(*next) {
                    if new != text.value() {
                        *changed = true;
                        *text.value_mut() = std::mem::take(new);
                    }
                }
                *next += 1;
            }
            Element::Interpolation(_) => {}
            Element::Directive(directive) => match directive.as_mut() {
                Directive::If(d) => {
                    rewrite(&mut d.if_expr.template, texts, next, changed);
                    if let Some(else_expr) = &mut d.else_expr {
                        rewrite(&mut else_expr.template, texts, next, changed);
                    }
                }
                Directive::For(d) => rewrite(&mut d.for_expr.template, texts, next, changed),
            },
        }
    }
}

/// The template of a `<<-` heredoc before hcl-edit removed its indentation (hcl-edit measures
/// it before strip markers apply, HCL after): the heredoc's source reparsed as `<<`. `None`
/// when `source` is not a `<<-` heredoc.
pub(crate) fn raw_flush_heredoc(source: &str) -> Option<(String, Template)> {
    let rest = source.strip_prefix("<<-")?;
    let text = format!("v = <<{rest}\n");
    let body = hcl_edit::parser::parse_body(&text).ok()?;
    let template = match &body.get_attribute("v")?.value {
        hcl_edit::expr::Expression::HeredocTemplate(heredoc) => heredoc.template.clone(),
        _ => return None,
    };
    Some((text, template))
}
