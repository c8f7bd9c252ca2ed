//! One Terraform file parsed, not yet evaluated: configuration (`.tf`, `.tf.json`) or variable
//! definitions (`.tfvars`, `.tfvars.json`). Parsing is per file and runs in parallel; evaluation
//! needs every file of a module and the variables of a root, so it comes later.

use crate::blocks::TopBlock;
use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tollgate_model::json::{self, Json};
use tollgate_model::lines::{LineIndex, LineTable};
use tollgate_model::{FileId, LoadError, SourceFile};

/// What a Terraform file holds, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TfFileKind {
    /// `.tf` / `.tf.json`: blocks of a module.
    Config,
    /// `.tfvars` / `.tfvars.json`: values for a root's variables.
    Vars,
}

impl TfFileKind {
    /// The kind of a Terraform file by its name, or `None` for other files.
    pub fn of(path: &Path) -> Option<TfFileKind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".tf") || name.ends_with(".tf.json") {
            Some(TfFileKind::Config)
        } else if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
            Some(TfFileKind::Vars)
        } else {
            None
        }
    }
}

/// The syntax tree of a file.
#[derive(Debug)]
pub(crate) enum Syntax {
    Hcl(Body),
    Json(Json),
    /// The file did not parse (its error is in [`ParsedFile::errors`]).
    Broken,
}

/// A parsed Terraform file.
#[derive(Debug)]
pub struct ParsedFile {
    pub file: FileId,
    /// The path on disk (as walked), which module sources and var files resolve against.
    pub path: PathBuf,
    /// The path shown to users.
    pub shown: String,
    pub kind: TfFileKind,
    /// Found by walking the scanned paths (`false`: read because a module call or a setting
    /// names it). Only scanned directories can be roots.
    pub scanned: bool,
    /// Syntax errors and malformed blocks, with line and column.
    pub errors: Vec<LoadError>,
    text: Arc<str>,
    /// Length of a leading byte-order mark, which editors hide (columns count after it).
    bom: usize,
    table: LineTable,
    pub(crate) syntax: Syntax,
}

impl ParsedFile {
    /// The text as parsed (after any byte-order mark).
    pub(crate) fn text(&self) -> &str {
        self.text.get(self.bom..).unwrap_or_default()
    }

    pub(crate) fn lines(&self) -> LineIndex<'_> {
        LineIndex::with_table(self.file, self.text(), &self.table)
    }

    /// The directory of the module this file belongs to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// The top-level blocks of a configuration file.
    pub(crate) fn blocks(&self) -> Vec<TopBlock<'_>> {
        self.top_blocks().0
    }

    /// The file as Conftest parses it, for Conftest-style policies: a `.tf` or `.tfvars` file
    /// converted to JSON as Conftest's HCL 2 parser (hcl2json) converts it (module `hcl_json`),
    /// a `.tf.json` or `.tfvars.json` file as its JSON. One document spanning the file; every
    /// node keeps its span. `Ok(None)` when the file did not parse (its error is already in
    /// [`ParsedFile::errors`]); an HCL file hcl2json cannot convert (blocks of one type written
    /// with and without labels) is an error, as it is in Conftest.
    pub fn raw_document(&self) -> Result<Option<tollgate_model::ParsedFile>, LoadError> {
        use tollgate_model::{DocumentFormat, ParsedDocument};
        let lines = self.lines();
        let span = lines.span(0..self.text().len());
        let (format, value) = match &self.syntax {
            Syntax::Broken => return Ok(None),
            Syntax::Json(root) => (DocumentFormat::Json, root.to_value(&|range| lines.span(range))),
            Syntax::Hcl(body) => match crate::hcl_json::convert_file(body, &lines, span) {
                Ok(value) => (DocumentFormat::Hcl, value),
                Err(error) => {
                    let pos = lines.pos(error.offset);
                    return Err(LoadError {
                        file: self.shown.clone(),
                        line: pos.line,
                        column: pos.col,
                        message: format!("{}; Conftest-style policies did not see this file", error.message),
                    });
                }
            },
        };
        let documents = vec![ParsedDocument { span, value }];
        Ok(Some(tollgate_model::ParsedFile { file: self.file, format, documents }))
    }

    fn top_blocks(&self) -> (Vec<TopBlock<'_>>, Vec<LoadError>) {
        let lines = self.lines();
        match (&self.syntax, self.kind) {
            (Syntax::Hcl(body), TfFileKind::Config) => crate::hcl::top_blocks(body, &lines, &self.shown),
            (Syntax::Json(root), TfFileKind::Config) => crate::tfjson::top_blocks(root, &lines, &self.shown),
            _ => (Vec::new(), Vec::new()),
        }
    }
}

/// Parses one Terraform file; `path` is where it is on disk. Never panics: syntax errors and
/// malformed blocks become [`ParsedFile::errors`] with line and column.
pub fn parse_terraform_file(file: FileId, source: &SourceFile, path: &Path) -> ParsedFile {
    let kind = TfFileKind::of(Path::new(&source.path)).or_else(|| TfFileKind::of(path)).unwrap_or(TfFileKind::Config);
    let bom = if source.text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let text = source.text.get(bom..).unwrap_or_default();
    let table = LineTable::new(text);
    let lines = LineIndex::with_table(file, text, &table);
    let mut errors = Vec::new();
    let json = source.path.to_ascii_lowercase().ends_with(".json");
    let syntax = if json {
        match json::parse(text) {
            Ok(root) => Syntax::Json(root),
            Err(err) => {
                let what = if kind == TfFileKind::Vars { "variable definitions" } else { "Terraform JSON" };
                let pos = lines.pos(err.offset);
                errors.push(LoadError {
                    file: source.path.clone(),
                    line: pos.line,
                    column: pos.col,
                    message: format!("cannot parse {what} file: {}; fix the JSON", err.message),
                });
                Syntax::Broken
            }
        }
    } else {
        match crate::hcl::parse(text, &source.path) {
            Ok(body) => Syntax::Hcl(body),
            Err(error) => {
                errors.push(error);
                Syntax::Broken
            }
        }
    };
    let mut parsed = ParsedFile {
        file,
        path: path.to_path_buf(),
        shown: source.path.clone(),
        kind,
        scanned: true,
        errors,
        text: source.text.clone(),
        bom,
        table,
        syntax,
    };
    let structural = match kind {
        TfFileKind::Config => parsed.top_blocks().1,
        TfFileKind::Vars => vars_file_errors(&parsed),
    };
    parsed.errors.extend(structural);
    parsed
}

/// A variable definitions file holds only `name = value` (or one JSON object).
fn vars_file_errors(parsed: &ParsedFile) -> Vec<LoadError> {
    let lines = parsed.lines();
    let error = |offset: usize, message: &str| {
        let pos = lines.pos(offset);
        LoadError { file: parsed.shown.clone(), line: pos.line, column: pos.col, message: message.to_string() }
    };
    match &parsed.syntax {
        Syntax::Hcl(body) => body
            .iter()
            .filter_map(|structure| match structure {
                Structure::Block(block) => Some(error(
                    block.span().unwrap_or(0..0).start,
                    "a variable definitions file holds only `name = value` assignments, not blocks; move the block \
                     to a .tf file",
                )),
                Structure::Attribute(_) => None,
            })
            .collect(),
        Syntax::Json(root) if root.as_object().is_none() => {
            vec![error(root.range.start, "a variable definitions JSON file must hold one object of variable values")]
        }
        _ => Vec::new(),
    }
}
