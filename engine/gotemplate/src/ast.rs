//! The parse tree, and its printing as Go prints nodes in error contexts.

use std::fmt;
use std::sync::Arc;

use crate::value::Value;

/// One parsed template: its name, its source (for error positions) and its body.
#[derive(Clone, Debug)]
pub struct Tree {
    pub name: String,
    /// The name of the file (the `parse` call) it came from; `define`s share their file's.
    pub parse_name: String,
    pub source: Arc<str>,
    pub root: Vec<Node>,
}

impl Tree {
    /// Go's line and 0-based byte column of a position.
    pub fn line_column(&self, pos: usize) -> (usize, usize) {
        let before = &self.source[..pos.min(self.source.len())];
        let line = 1 + before.matches('\n').count();
        let column = before.rfind('\n').map_or(pos, |newline| pos - newline - 1);
        (line, column)
    }

    /// Go does not let an empty (whitespace-only) definition replace an existing one.
    pub fn is_empty(&self) -> bool {
        self.root.iter().all(|node| matches!(node, Node::Text(text, _) if text.trim().is_empty()))
    }
}

#[derive(Clone, Debug)]
pub enum Node {
    /// The text and its byte offset in the source.
    Text(String, usize),
    Action(Pipe),
    If(Box<Branch>),
    With(Box<Branch>),
    Range(Box<Branch>),
    Template {
        pos: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    Break,
    Continue,
}

/// `if`, `with` and `range`: the pipeline, the body and the `else` part (`else if` is a nested node).
#[derive(Clone, Debug)]
pub struct Branch {
    pub pos: usize,
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

#[derive(Clone, Debug)]
pub struct Pipe {
    pub pos: usize,
    pub decl: Vec<String>,
    pub is_assign: bool,
    pub cmds: Vec<Command>,
}

#[derive(Clone, Debug)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

#[derive(Clone, Debug)]
pub struct Arg {
    pub pos: usize,
    pub kind: ArgKind,
}

#[derive(Clone, Debug)]
pub enum ArgKind {
    Dot,
    Nil,
    Bool(bool),
    /// A number or char literal: its value and source text.
    Number(Value, String),
    /// A string literal: its value and quoted source text.
    String(String, String),
    /// `.a.b`
    Field(Vec<String>),
    /// `$x.a.b`: the variable and its fields.
    Variable(String, Vec<String>),
    /// `(pipeline).a.b`
    Chain(Box<Arg>, Vec<String>),
    Function(String),
    Pipe(Box<Pipe>),
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            write!(f, "{} {} ", self.decl.join(", "), if self.is_assign { "=" } else { ":=" })?;
        }
        for (i, cmd) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{cmd}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match &arg.kind {
                ArgKind::Pipe(pipe) => write!(f, "({pipe})")?,
                _ => write!(f, "{arg}")?,
            }
        }
        Ok(())
    }
}

fn write_fields(f: &mut fmt::Formatter<'_>, fields: &[String]) -> fmt::Result {
    fields.iter().try_for_each(|field| write!(f, ".{field}"))
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ArgKind::Dot => f.write_str("."),
            ArgKind::Nil => f.write_str("nil"),
            ArgKind::Bool(b) => write!(f, "{b}"),
            ArgKind::Number(_, text) | ArgKind::String(_, text) => f.write_str(text),
            ArgKind::Field(fields) => write_fields(f, fields),
            ArgKind::Variable(name, fields) => {
                f.write_str(name)?;
                write_fields(f, fields)
            }
            ArgKind::Chain(inner, fields) => {
                match &inner.kind {
                    ArgKind::Pipe(pipe) => write!(f, "({pipe})")?,
                    _ => write!(f, "{inner}")?,
                }
                write_fields(f, fields)
            }
            ArgKind::Function(name) => f.write_str(name),
            ArgKind::Pipe(pipe) => write!(f, "{pipe}"),
        }
    }
}
