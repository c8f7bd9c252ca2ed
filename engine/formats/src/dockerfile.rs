//! Dockerfiles as Conftest reads them: BuildKit's parser, then Conftest's `docker` package. The
//! document is a list holding one list, the file's instructions in order, each
//! `{"Cmd", "SubCmd", "JSON", "Flags", "Value", "Stage"}`: `Cmd` lower case (`from`); `Flags`
//! the leading `--name=value` words (`["--from=build"]`, `[]` without any); `Value` the
//! arguments as BuildKit splits them (a JSON-form list as its strings, with `JSON` true; a
//! shell-form `RUN`/`CMD`/`ENTRYPOINT`/`SHELL` as one string; `FROM`, `EXPOSE`, `COPY`, `ADD`,
//! `VOLUME` split at whitespace; `ARG` by words; `ENV`/`LABEL` as `name, value, "="` triples,
//! `""` for the old `ENV name value` form; `HEALTHCHECK` its type then its command); `Stage` the
//! index of the `FROM` it follows (0 before any). `ONBUILD`'s instruction is in `SubCmd`, its
//! arguments in `Value`. Comment lines just before an instruction come first, each
//! `{"Cmd": "comment", "Value": [text], "Flags": null, ...}` (a bare `#` drops the ones
//! before it; parser directives such as `# syntax=...` at the top are not comments). Lines ending in the escape character (`\`, or the one an `# escape=` directive
//! names) continue the instruction; heredoc bodies (`RUN <<EOF`) are read past, not kept, as
//! Conftest does not keep them. An unknown instruction, or one without arguments, is an error.

use crate::{numbered_lines, FormatError};
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Number, Span, Value, ValueKind};

/// One line of the file: number, byte offset, text.
type Line<'a> = (usize, usize, &'a str);

struct Command {
    cmd: String,
    sub_cmd: String,
    json: bool,
    flags: Option<Vec<String>>,
    value: Option<Vec<String>>,
    stage: usize,
    span: Span,
}

pub(crate) fn parse(lines: &LineIndex, start: usize) -> Result<Value, FormatError> {
    let all: Vec<Line> = numbered_lines(lines.text(), start).collect();
    let mut escape = '\\';
    let mut directives_done = false;
    let mut comments: Vec<(String, Span)> = Vec::new();
    let mut commands: Vec<Command> = Vec::new();
    let mut stages = 0usize;
    let mut index = 0;
    while let Some(&(number, offset, raw)) = all.get(index) {
        index += 1;
        let line = raw.trim_start();
        if line.starts_with('#') {
            if !directives_done {
                match directive(line) {
                    // A parser directive is not a comment.
                    Some((name, value)) => {
                        if name == "escape" {
                            escape = escape_token(value, number)?;
                        }
                        continue;
                    }
                    None => directives_done = true,
                }
            }
            // BuildKit drops the line's first byte, whatever it is, before trimming.
            let text = raw.get(1..).unwrap_or_default().trim();
            match text.is_empty() {
                true => comments.clear(),
                false => comments.push((text.to_string(), crate::line_span(lines, offset, raw))),
            }
            continue;
        }
        directives_done = true;
        if line.trim().is_empty() {
            continue;
        }
        let (text, last) = joined_instruction(&all, index - 1, escape);
        index = last + 1;
        let end = all.get(last).map_or(offset, |&(_, at, text)| at + text.len());
        let span = lines.span(offset..end);
        let mut command = instruction(&text, escape).map_err(|message| FormatError::at_line(number, message))?;
        if command.cmd == "from" {
            stages += 1;
        }
        let stage = stages.saturating_sub(1);
        if heredoc_capable(&command) {
            index = skip_heredocs(&all, index, &text).map_err(|message| FormatError::at_line(number, message))?;
        }
        for (comment, comment_span) in comments.drain(..) {
            commands.push(Command {
                cmd: "comment".into(),
                sub_cmd: String::new(),
                json: false,
                flags: None,
                value: Some(vec![comment]),
                stage,
                span: comment_span,
            });
        }
        command.stage = stage;
        command.span = span;
        commands.push(command);
    }
    if !commands.iter().any(|command| command.cmd != "comment") {
        return Err(FormatError::at_line(all.len().max(1), "file with no instructions"));
    }
    let whole = crate::whole(lines);
    let instructions = Value::new(ValueKind::List(commands.iter().map(command_value).collect()), whole);
    Ok(Value::new(ValueKind::List(vec![instructions]), whole))
}

/// `# name=value` when it is a parser directive BuildKit knows (`syntax`, `escape`, `check`);
/// directives are only read before anything else in the file.
fn directive(line: &str) -> Option<(&'static str, &str)> {
    let (name, value) = line.strip_prefix('#')?.split_once('=')?;
    let name = name.trim().to_ascii_lowercase();
    let known = ["escape", "syntax", "check"].into_iter().find(|known| *known == name)?;
    Some((known, value.trim())).filter(|(_, value)| !value.is_empty())
}

fn escape_token(value: &str, line: usize) -> Result<char, FormatError> {
    match value {
        "\\" => Ok('\\'),
        "`" => Ok('`'),
        _ => Err(FormatError::at_line(line, format!("invalid escape token '{value}' does not match ` or \\"))),
    }
}

/// The instruction starting at line `first`, its continuation lines joined (comment and blank
/// lines inside it skipped, as BuildKit does), and the index of its last line.
fn joined_instruction(all: &[Line], first: usize, escape: char) -> (String, usize) {
    let mut last = first;
    let (mut text, mut continues) = without_continuation(all[first].2.trim_start(), escape);
    while continues {
        let Some(&(_, _, next)) = all.get(last + 1) else { break };
        last += 1;
        if next.trim_start().starts_with('#') || next.trim().is_empty() {
            continue;
        }
        let (more, again) = without_continuation(next, escape);
        text.push_str(&more);
        continues = again;
    }
    (text, last)
}

/// The line without a trailing escape character (and the blanks after it), and whether it had
/// one. An escaped escape character (`\\` at the end) does not continue the line.
fn without_continuation(line: &str, escape: char) -> (String, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some(head) if head.is_empty() || !head.ends_with(escape) => (head.to_string(), true),
        _ => (line.to_string(), false),
    }
}

/// BuildKit's reading of one instruction.
fn instruction(line: &str, escape: char) -> Result<Command, String> {
    let line = line.trim();
    let (name, rest) = line.split_once(is_blank).unwrap_or((line, ""));
    let cmd = name.to_ascii_lowercase();
    let (args, flags) = if rest.is_empty() { (String::new(), None) } else { builder_flags(rest) };
    let args = args.trim();
    if !KNOWN.contains(&cmd.as_str()) {
        return Err(format!("unknown instruction: {}", name.to_ascii_uppercase()));
    }
    if args.is_empty() {
        return Err(format!("{} requires at least one argument", cmd.to_ascii_uppercase()));
    }
    let mut command =
        Command { cmd, sub_cmd: String::new(), json: false, flags, value: None, stage: 0, span: Span::default() };
    if command.cmd == "onbuild" {
        let inner = instruction(args, escape)?;
        command.sub_cmd = inner.cmd;
        (command.value, command.json) = (inner.value, inner.json);
        return Ok(command);
    }
    (command.value, command.json) = arguments(&command.cmd, args, escape)?;
    if command.cmd == "from" {
        check_from(command.value.as_deref().unwrap_or_default())?;
    }
    Ok(command)
}

const KNOWN: &[&str] = &[
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// BuildKit's whitespace between words (`[\t\v\f\r ]`).
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{b}' | '\u{c}' | '\r')
}

/// The arguments of instruction `cmd` as BuildKit's line parsers split them, and whether they
/// were in JSON form.
fn arguments(cmd: &str, args: &str, escape: char) -> Result<(Option<Vec<String>>, bool), String> {
    let split = |text: &str| Some(text.split(is_blank).filter(|w| !w.is_empty()).map(str::to_string).collect());
    Ok(match cmd {
        "from" | "expose" => (split(args), false),
        "add" | "copy" | "volume" => match json_array(args)? {
            Some(items) => (Some(items), true),
            None => (split(args), false),
        },
        "cmd" | "entrypoint" | "run" | "shell" => maybe_json(args)?,
        "arg" => (Some(words(args, escape)), false),
        "env" | "label" => (Some(name_values(cmd, args, escape)?), false),
        "healthcheck" => {
            let (kind, command) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
            let (rest, json) = maybe_json(command.trim_start())?;
            let mut value = vec![kind.to_string()];
            value.extend(rest.unwrap_or_default());
            (Some(value), json)
        }
        _ => (Some(vec![args.to_string()]), false),
    })
}

fn maybe_json(args: &str) -> Result<(Option<Vec<String>>, bool), String> {
    if args.is_empty() {
        return Ok((None, false));
    }
    Ok(match json_array(args)? {
        Some(items) => (Some(items).filter(|items: &Vec<String>| !items.is_empty()), true),
        None => (Some(vec![args.to_string()]), false),
    })
}

/// A JSON array of strings; `None` when the text is not a JSON array (then it is shell form).
fn json_array(args: &str) -> Result<Option<Vec<String>>, String> {
    let args = args.trim_start();
    if !args.starts_with('[') {
        return Ok(None);
    }
    let Ok(items) = serde_json::from_str::<Vec<serde_json::Value>>(args) else { return Ok(None) };
    items
        .into_iter()
        .map(|item| match item {
            serde_json::Value::String(s) => Ok(s),
            _ => Err("when using JSON array syntax, arrays must be comprised of strings only".to_string()),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn check_from(value: &[String]) -> Result<(), String> {
    match value {
        [_] => Ok(()),
        [_, r#as, _] if r#as.eq_ignore_ascii_case("as") => Ok(()),
        [_, _, _] => Err("FROM requires either one argument, or three: FROM <source> [AS <name>]".into()),
        _ => Err("FROM requires either one or three arguments".into()),
    }
}

/// `ENV`/`LABEL`: `name=value` words as `name, value, "="`; the old `name value` form as
/// `name, value, ""`.
fn name_values(cmd: &str, args: &str, escape: char) -> Result<Vec<String>, String> {
    let words = words(args, escape);
    if !words.first().is_some_and(|word| word.contains('=')) {
        let (name, value) =
            args.split_once(is_blank).ok_or_else(|| format!("{} must have two arguments", cmd.to_ascii_uppercase()))?;
        return Ok(vec![name.to_string(), value.trim_start_matches(is_blank).to_string(), String::new()]);
    }
    let mut out = Vec::with_capacity(words.len() * 3);
    for word in words {
        let (name, value) = word
            .split_once('=')
            .ok_or_else(|| format!("Syntax error - can't find = in {word:?}. Must be of the form: name=value"))?;
        out.extend([name.to_string(), value.to_string(), "=".to_string()]);
    }
    Ok(out)
}

/// BuildKit's `parseWords`: words split at whitespace outside quotes, quotes and escapes kept.
fn words(text: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut keep_blank = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            None if c.is_whitespace() => {
                if keep_blank || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                keep_blank = false;
            }
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                    keep_blank = true;
                }
                word.push(c);
                if c == escape {
                    word.extend(chars.next());
                }
            }
            Some(open) => {
                if c == open {
                    quote = None;
                }
                word.push(c);
                if c == escape && open != '\'' {
                    word.extend(chars.next());
                }
            }
        }
    }
    if keep_blank || !word.is_empty() {
        words.push(word);
    }
    words
}

/// BuildKit's `extractBuilderFlags`: the leading `--` words (quotes and escapes resolved) and
/// the rest of the line; a lone `--` ends the flags.
fn builder_flags(text: &str) -> (String, Option<Vec<String>>) {
    let mut flags = Vec::new();
    let mut rest = text.trim_start();
    while rest.starts_with("--") {
        let (word, after) = flag_word(rest);
        rest = after.trim_start();
        if word == "--" {
            break;
        }
        flags.push(word);
    }
    (rest.to_string(), Some(flags))
}

/// One flag word from the start of `text` and what follows it.
fn flag_word(text: &str) -> (String, &str) {
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => return (word, &text[at..]),
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            (_, '\\') => word.extend(chars.next().map(|(_, next)| next)),
            _ => word.push(c),
        }
    }
    (word, "")
}

/// `RUN`, `COPY` and `ADD` (also under `ONBUILD`) in shell form may open heredocs.
fn heredoc_capable(command: &Command) -> bool {
    let cmd = if command.cmd == "onbuild" { &command.sub_cmd } else { &command.cmd };
    matches!(cmd.as_str(), "run" | "copy" | "add") && !command.json
}

/// Skips the bodies of the heredocs `line` opens (`<<EOF`, `<<-EOF`, `<<"EOF"`), from line
/// index `next`; returns the index after the last body.
fn skip_heredocs(all: &[Line], mut next: usize, line: &str) -> Result<usize, String> {
    for (word, strip_tabs) in heredoc_words(line) {
        loop {
            let Some(&(_, _, body)) = all.get(next) else {
                return Err(format!("heredoc `<<{word}` is not terminated (no line `{word}`)"));
            };
            next += 1;
            let body = if strip_tabs { body.trim_start_matches('\t') } else { body };
            if body == word {
                break;
            }
        }
    }
    Ok(next)
}

/// The terminators of the heredocs a line opens, and whether leading tabs are stripped (`<<-`):
/// each word of the line that is `[digits]<<[-]WORD`, `WORD` unquoted (BuildKit's `reHeredoc`).
fn heredoc_words(line: &str) -> Vec<(String, bool)> {
    words(line, '\\')
        .iter()
        .filter_map(|word| {
            let rest = word.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix("<<")?;
            let (strip_tabs, rest) = rest.strip_prefix('-').map_or((false, rest), |rest| (true, rest));
            let name: String = rest.chars().filter(|c| *c != '"' && *c != '\'').collect();
            (!name.is_empty() && !rest.contains('<')).then_some((name, strip_tabs))
        })
        .collect()
}

/// The object Conftest gives a policy for one command.
fn command_value(command: &Command) -> Value {
    let span = command.span;
    let string = |s: &str| Value::string(s, span);
    let strings = |items: &Option<Vec<String>>| match items {
        Some(items) => Value::new(ValueKind::List(items.iter().map(|s| string(s)).collect()), span),
        None => Value::null(span),
    };
    let entry = |key: &str, value: Value| MapEntry { key: key.to_string(), key_span: span, value };
    Value::new(
        ValueKind::Map(vec![
            entry("Cmd", string(&command.cmd)),
            entry("SubCmd", string(&command.sub_cmd)),
            entry("JSON", Value::new(ValueKind::Bool(command.json), span)),
            entry("Flags", strings(&command.flags)),
            entry("Value", strings(&command.value)),
            entry("Stage", Value::new(ValueKind::Number(Number::Int(command.stage as i64)), span)),
        ]),
        span,
    )
}

#[cfg(test)]
#[path = "dockerfile_tests.rs"]
mod tests;
