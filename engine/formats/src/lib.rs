//! Conftest's file formats beyond YAML, JSON and HCL 2, parsed into the documents Conftest gives
//! its policies as `input`: TOML, INI, Dockerfile, `.env`, XML and Java properties. The shapes
//! are Conftest's (its `parser/*` packages and the libraries they use), each written down in its
//! module; every node of a document keeps the lines it came from, so a finding can point at them.
//!
//! One entry point, [`parse`] (or [`parse_json`] for a builtin that needs only the value), and
//! the table of Conftest's parser names ([`Parser`], [`parser_named`], [`parser_for_path`]).
//! These files are never resources of the graph: they only matter to Conftest-style policies.

mod dockerfile;
mod dotenv;
mod ini;
mod names;
mod properties;
mod toml_format;
mod xml;

pub use names::{not_parsed_reason, parser_for_path, parser_named, Parser, SUPPORTED_PARSERS, UNSUPPORTED_PARSERS};

use tollgate_model::lines::LineIndex;
use tollgate_model::{DocumentFormat, FileId, ParsedDocument, Span};

/// A format parsed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Toml,
    Ini,
    Dockerfile,
    Dotenv,
    Xml,
    Properties,
}

impl Format {
    /// Conftest's name of the parser (`--parser NAME`).
    pub fn parser_name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Ini => "ini",
            Format::Dockerfile => "dockerfile",
            Format::Dotenv => "dotenv",
            Format::Xml => "xml",
            Format::Properties => "properties",
        }
    }

    /// How the format is called in messages.
    pub fn title(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Ini => "INI",
            Format::Dockerfile => "Dockerfile",
            Format::Dotenv => ".env",
            Format::Xml => "XML",
            Format::Properties => "properties",
        }
    }

    pub fn document_format(self) -> DocumentFormat {
        match self {
            Format::Toml => DocumentFormat::Toml,
            Format::Ini => DocumentFormat::Ini,
            Format::Dockerfile => DocumentFormat::Dockerfile,
            Format::Dotenv => DocumentFormat::Dotenv,
            Format::Xml => DocumentFormat::Xml,
            Format::Properties => DocumentFormat::Properties,
        }
    }
}

/// Why a text is not a valid document of its format, and where (1-based; column 0 when only
/// the line is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FormatError {}

impl FormatError {
    fn at_line(line: usize, message: impl Into<String>) -> Self {
        FormatError { line: line.min(u32::MAX as usize) as u32, column: 0, message: message.into() }
    }

    fn at_offset(lines: &LineIndex, offset: usize, message: impl Into<String>) -> Self {
        let pos = lines.pos(offset);
        FormatError { line: pos.line, column: pos.col, message: message.into() }
    }
}

/// Parses `text` (the contents of a file of `file`) as Conftest parses a file of `format`:
/// the documents a Conftest policy gets, in order (one for every format here; a Dockerfile's
/// is a list holding the list of its instructions, which Conftest then evaluates as one input).
/// A leading UTF-8 byte-order mark is skipped.
pub fn parse(format: Format, file: FileId, text: &str) -> Result<Vec<ParsedDocument>, FormatError> {
    let lines = LineIndex::new(file, text);
    let start = text.len() - text.trim_start_matches('\u{feff}').len();
    let value = match format {
        Format::Toml => toml_format::parse(&lines, start)?,
        Format::Ini => ini::parse(&lines, start)?,
        Format::Dockerfile => dockerfile::parse(&lines, start)?,
        Format::Dotenv => dotenv::parse(&lines, start)?,
        Format::Xml => xml::parse(&lines, start)?,
        Format::Properties => properties::parse(&lines, start)?,
    };
    Ok(vec![ParsedDocument { span: whole(&lines), value }])
}

/// [`parse`], as the JSON value of each document (for builtins such as Conftest's `parse_config`).
pub fn parse_json(format: Format, text: &str) -> Result<Vec<serde_json::Value>, FormatError> {
    let documents = parse(format, FileId(0), text)?;
    Ok(documents.iter().map(|document| document.value.to_json()).collect())
}

/// The JSON of the one document `text` parses to (for the tests of each format).
#[cfg(test)]
fn json_of(format: Format, text: &str) -> serde_json::Value {
    match parse(format, FileId(0), text) {
        Ok(documents) => documents.iter().map(|d| d.value.to_json()).next().unwrap_or_default(),
        Err(error) => panic!("{} did not parse: {error}", format.title()),
    }
}

/// The span of the whole text.
fn whole(lines: &LineIndex) -> Span {
    lines.span(0..lines.text().len())
}

/// The span of one line (1-based) of the text, without its line break.
fn line_span(lines: &LineIndex, line_start: usize, line: &str) -> Span {
    lines.span(line_start..line_start + line.trim_end_matches(['\r', '\n']).len())
}

/// The lines of `text` from byte `start`, each with the byte offset it starts at and its
/// 1-based number.
fn numbered_lines(text: &str, start: usize) -> impl Iterator<Item = (usize, usize, &str)> {
    let before = text[..start].matches('\n').count();
    let mut offset = start;
    text[start..].split_inclusive('\n').enumerate().map(move |(index, line)| {
        let at = offset;
        offset += line.len();
        (index + before + 1, at, line.trim_end_matches('\n').trim_end_matches('\r'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_files_are_what_conftest_gives_for_them() {
        assert_eq!(json_of(Format::Toml, ""), json!({}));
        assert_eq!(json_of(Format::Ini, "; nothing\n"), json!({}));
        assert_eq!(json_of(Format::Dotenv, "\n# nothing\n"), json!({}));
        assert_eq!(json_of(Format::Xml, ""), json!(""), "goxml2json's empty document");
        let error = parse(Format::Dockerfile, FileId(0), "").expect_err("BuildKit refuses an empty Dockerfile");
        assert_eq!(error.message, "file with no instructions");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(json_of(Format::Dotenv, "\u{feff}A=1\n"), json!({"A": "1"}));
        assert_eq!(parse_json(Format::Toml, "\u{feff}a = 1\n"), Ok(vec![json!({"a": 1})]));
    }
}
