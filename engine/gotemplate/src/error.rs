//! Errors worded as Go words them, since Helm shows them to users verbatim. Strings are boxed to keep
//! `Result`s small.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `template: NAME:LINE: message`
    Parse,
    /// `template: NAME:LINE:COL: executing "NAME" at <context>: message`
    Execute,
    /// An error without a location (`template "x" not defined` before execution, limits).
    General,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub kind: ErrorKind,
    /// The template (file) the error is in.
    pub template: Box<str>,
    pub line: usize,
    /// Byte column from the start of the line, counted from 0 as Go counts it.
    pub column: Option<usize>,
    /// The template being executed (Go names it separately from the file of the node).
    pub executing: Box<str>,
    /// The node being evaluated, as Go prints it (`.Values.x`, `include "a" .`).
    pub context: Box<str>,
    pub message: Box<str>,
}

impl TemplateError {
    pub fn parse(template: &str, line: usize, message: &str) -> Self {
        TemplateError {
            kind: ErrorKind::Parse,
            template: template.into(),
            line,
            column: None,
            executing: "".into(),
            context: "".into(),
            message: message.into(),
        }
    }

    pub fn general(template: &str, message: &str) -> Self {
        TemplateError { kind: ErrorKind::General, ..TemplateError::parse(template, 0, message) }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Parse => write!(f, "template: {}:{}: {}", self.template, self.line, self.message),
            ErrorKind::Execute => write!(
                f,
                "template: {}:{}:{}: executing {:?} at <{}>: {}",
                self.template,
                self.line,
                self.column.unwrap_or(0),
                self.executing,
                self.context,
                self.message
            ),
            ErrorKind::General => write!(f, "template: {}: {}", self.template, self.message),
        }
    }
}

impl std::error::Error for TemplateError {}
