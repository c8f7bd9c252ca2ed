//! The parser: tokens to trees, variables checked against Go's scoping, functions against the registry.

use std::sync::Arc;

use crate::ast::{Arg, ArgKind, Branch, Command, Node, Pipe, Tree};
use crate::error::TemplateError;
use crate::lexer::{lex, unquote, Keyword, Token, TokenKind};
use crate::value::Value;

/// Parses one source into its main tree and the templates it defines (`define`, `block`), in order.
pub fn parse(
    name: &str,
    source: &str,
    is_function: &dyn Fn(&str) -> bool,
    max_nesting: usize,
) -> Result<Vec<Tree>, TemplateError> {
    let tokens = lex(name, source);
    let source: Arc<str> = Arc::from(source);
    let mut parser = Parser {
        name,
        tokens,
        index: 0,
        vars: vec!["$".to_string()],
        range_depth: 0,
        depth: 0,
        max_nesting,
        is_function,
        source: source.clone(),
        defined: Vec::new(),
    };
    let root = parser.parse_top()?;
    let mut trees = vec![Tree { name: name.to_string(), parse_name: name.to_string(), source, root }];
    trees.append(&mut parser.defined);
    Ok(trees)
}

enum ListEnd {
    End,
    Else,
}

struct Parser<'a> {
    name: &'a str,
    tokens: Vec<Token>,
    index: usize,
    vars: Vec<String>,
    range_depth: usize,
    depth: usize,
    max_nesting: usize,
    is_function: &'a dyn Fn(&str) -> bool,
    source: Arc<str>,
    defined: Vec<Tree>,
}

type Parsed<T> = Result<T, TemplateError>;

fn describe(token: &Token) -> String {
    match &token.kind {
        TokenKind::Eof => "EOF".to_string(),
        TokenKind::Keyword(_) => format!("<{}>", token.text),
        _ => format!("{:?}", token.text),
    }
}

/// Whether a command can begin with this token; any other is "unexpected" in the pipeline's context.
fn starts_operand(kind: &TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Bool(_)
            | TokenKind::Char
            | TokenKind::Dot
            | TokenKind::Field(_)
            | TokenKind::Identifier(_)
            | TokenKind::Number
            | TokenKind::Nil
            | TokenKind::String(_)
            | TokenKind::Variable(_)
            | TokenKind::LeftParen
    )
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.index.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, offset: usize) -> &Token {
        &self.tokens[(self.index + offset).min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        if self.index < self.tokens.len() - 1 {
            self.index += 1;
        }
        token
    }

    /// The error at `token`; at the lexer's error token, the lexer's error (as Go's parser reports it).
    fn error_at(&self, token: &Token, message: &str) -> TemplateError {
        if let TokenKind::Error(error) = &token.kind {
            return self.lexer_error(error);
        }
        TemplateError::parse(self.name, token.line, message)
    }

    /// A lexer error, naming where its action began when that is on another line, as Go does
    /// (`unclosed action started at t:1`, `unterminated raw quote in action started at t:3`).
    fn lexer_error(&self, error: &TemplateError) -> TemplateError {
        let delimiters =
            self.tokens.iter().rev().find(|t| matches!(t.kind, TokenKind::LeftDelim | TokenKind::RightDelim));
        let Some(open) = delimiters.filter(|t| t.kind == TokenKind::LeftDelim && t.line != error.line) else {
            return error.clone();
        };
        let started = if error.message.ends_with(" action") { "started at" } else { "in action started at" };
        let message = format!("{} {started} {}:{}", error.message, self.name, open.line);
        TemplateError::parse(&error.template, error.line, &message)
    }

    fn unexpected(&self, token: &Token, context: &str) -> TemplateError {
        self.error_at(token, &format!("unexpected {} in {}", describe(token), context))
    }

    fn expect(&mut self, kind: TokenKind, context: &str) -> Parsed<Token> {
        let token = self.next();
        if token.kind == kind {
            Ok(token)
        } else {
            Err(self.unexpected(&token, context))
        }
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > self.max_nesting {
            return Err(self.error_at(self.peek(), "max expression depth exceeded"));
        }
        Ok(())
    }

    fn parse_top(&mut self) -> Parsed<Vec<Node>> {
        let mut nodes = Vec::new();
        loop {
            let token = self.peek().clone();
            match token.kind {
                TokenKind::Eof => return Ok(nodes),
                TokenKind::LeftDelim if self.peek_at(1).kind == TokenKind::Keyword(Keyword::Define) => {
                    self.index += 2;
                    self.parse_definition(&token)?;
                }
                _ => match self.parse_node()? {
                    Ok(node) => nodes.push(node),
                    Err(ListEnd::End) => return Err(self.error_at(&token, "unexpected {{end}}")),
                    Err(ListEnd::Else) => return Err(self.error_at(&token, "unexpected {{else}}")),
                },
            }
        }
    }

    fn parse_definition(&mut self, start: &Token) -> Parsed<()> {
        let name_token = self.next();
        let TokenKind::String(name) = name_token.kind.clone() else {
            return Err(self.unexpected(&name_token, "define clause"));
        };
        self.expect(TokenKind::RightDelim, "define clause")?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (root, end) = self.parse_list()?;
        self.vars = saved_vars;
        if let ListEnd::Else = end {
            return Err(self.error_at(start, "unexpected {{else}}"));
        }
        self.defined.push(self.tree(name, root));
        Ok(())
    }

    fn tree(&self, name: String, root: Vec<Node>) -> Tree {
        Tree { name, parse_name: self.name.to_string(), source: self.source.clone(), root }
    }

    /// Nodes up to `{{end}}` or `{{else}}` (which it consumes, up to the `else`).
    fn parse_list(&mut self) -> Parsed<(Vec<Node>, ListEnd)> {
        self.enter()?;
        let mut nodes = Vec::new();
        loop {
            let token = self.peek().clone();
            if token.kind == TokenKind::Eof {
                return Err(self.error_at(&token, "unexpected EOF"));
            }
            match self.parse_node()? {
                Ok(node) => nodes.push(node),
                Err(end) => {
                    self.depth -= 1;
                    return Ok((nodes, end));
                }
            }
        }
    }

    /// A text or action node, or the `end`/`else` that closes a list.
    fn parse_node(&mut self) -> Parsed<Result<Node, ListEnd>> {
        let token = self.next();
        match token.kind {
            TokenKind::Text(text) => Ok(Ok(Node::Text(text, token.pos))),
            TokenKind::LeftDelim => self.parse_action(),
            _ => Err(self.unexpected(&token, "input")),
        }
    }

    fn parse_action(&mut self) -> Parsed<Result<Node, ListEnd>> {
        let token = self.peek().clone();
        let TokenKind::Keyword(keyword) = token.kind else {
            let pipe = self.parse_pipeline("command", TokenKind::RightDelim)?;
            return Ok(Ok(Node::Action(pipe)));
        };
        self.next();
        let node = match keyword {
            Keyword::End => {
                self.expect(TokenKind::RightDelim, "end")?;
                return Ok(Err(ListEnd::End));
            }
            Keyword::Else => {
                // `else if` / `else with` leave the keyword for the enclosing control to read.
                if self.peek().kind != TokenKind::Keyword(Keyword::If)
                    && self.peek().kind != TokenKind::Keyword(Keyword::With)
                {
                    self.expect(TokenKind::RightDelim, "else")?;
                }
                return Ok(Err(ListEnd::Else));
            }
            Keyword::If => Node::If(Box::new(self.parse_control(Keyword::If, "if")?)),
            Keyword::With => Node::With(Box::new(self.parse_control(Keyword::With, "with")?)),
            Keyword::Range => Node::Range(Box::new(self.parse_control(Keyword::Range, "range")?)),
            Keyword::Template => self.parse_template("template clause")?,
            Keyword::Block => self.parse_block(&token)?,
            Keyword::Break | Keyword::Continue => self.parse_loop_jump(&token, keyword)?,
            Keyword::Define => return Err(self.unexpected(&token, "command")),
        };
        Ok(Ok(node))
    }

    fn parse_loop_jump(&mut self, token: &Token, keyword: Keyword) -> Parsed<Node> {
        let word = if keyword == Keyword::Break { "break" } else { "continue" };
        if self.range_depth == 0 {
            return Err(self.error_at(token, &format!("{{{{{word}}}}} outside {{{{range}}}}")));
        }
        self.expect(TokenKind::RightDelim, &format!("{{{{{word}}}}}"))?;
        Ok(if keyword == Keyword::Break { Node::Break } else { Node::Continue })
    }

    fn parse_control(&mut self, keyword: Keyword, context: &str) -> Parsed<Branch> {
        let pos = self.peek().pos;
        let vars_mark = self.vars.len();
        let pipe = self.parse_pipeline(context, TokenKind::RightDelim)?;
        if keyword == Keyword::Range {
            self.range_depth += 1;
        }
        let (list, end) = self.parse_list()?;
        if keyword == Keyword::Range {
            self.range_depth -= 1;
        }
        let else_list = match end {
            ListEnd::End => None,
            ListEnd::Else => Some(self.parse_else(keyword)?),
        };
        self.vars.truncate(vars_mark);
        Ok(Branch { pos, pipe, list, else_list })
    }

    fn parse_else(&mut self, keyword: Keyword) -> Parsed<Vec<Node>> {
        let chained = self.peek().kind.clone();
        if chained == TokenKind::Keyword(Keyword::If) || chained == TokenKind::Keyword(Keyword::With) {
            let token = self.next();
            if chained != TokenKind::Keyword(keyword) {
                // Go reads `{{with}}..{{else if` as `{{else}}` followed by a stray `if`.
                return Err(self.unexpected(&token, "input"));
            }
            // `{{else if x}}...{{end}}` is `{{else}}{{if x}}...{{end}}{{end}}` sharing one end.
            self.enter()?;
            let nested = self.parse_control(keyword, &token.text)?;
            self.depth -= 1;
            return Ok(vec![if keyword == Keyword::If {
                Node::If(Box::new(nested))
            } else {
                Node::With(Box::new(nested))
            }]);
        }
        let (list, end) = self.parse_list()?;
        match end {
            ListEnd::End => Ok(list),
            ListEnd::Else => Err(self.error_at(self.peek(), "expected end; found {{else}}")),
        }
    }

    fn parse_template(&mut self, context: &str) -> Parsed<Node> {
        let name_token = self.next();
        let TokenKind::String(name) = name_token.kind.clone() else {
            return Err(self.unexpected(&name_token, context));
        };
        let pipe = if self.peek().kind == TokenKind::RightDelim {
            self.next();
            None
        } else {
            Some(self.parse_pipeline(context, TokenKind::RightDelim)?)
        };
        // Go positions a template node at its name.
        Ok(Node::Template { pos: name_token.pos, name, pipe })
    }

    fn parse_block(&mut self, start: &Token) -> Parsed<Node> {
        let node = self.parse_template("block clause")?;
        let Node::Template { name, .. } = &node else {
            return Ok(node);
        };
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let saved_range = std::mem::replace(&mut self.range_depth, 0);
        let (root, end) = self.parse_list()?;
        self.vars = saved_vars;
        self.range_depth = saved_range;
        if let ListEnd::Else = end {
            return Err(self.error_at(start, "unexpected {{else}}"));
        }
        self.defined.push(self.tree(name.clone(), root));
        Ok(node)
    }

    fn parse_pipeline(&mut self, context: &str, end: TokenKind) -> Parsed<Pipe> {
        let pos = self.peek().pos;
        let (decl, is_assign) = self.parse_declarations(context)?;
        let mut cmds = Vec::new();
        loop {
            let token = self.peek().clone();
            if token.kind == end {
                self.next();
                break;
            }
            if !starts_operand(&token.kind) {
                return Err(self.unexpected(&token, context));
            }
            cmds.push(self.parse_command()?);
            if self.peek().kind == TokenKind::Pipe {
                self.next();
            }
        }
        if cmds.is_empty() {
            return Err(self.error_at(self.peek(), &format!("missing value for {context}")));
        }
        for (i, cmd) in cmds.iter().enumerate().skip(1) {
            if let Some(ArgKind::Bool(_) | ArgKind::Dot | ArgKind::Nil | ArgKind::Number(..) | ArgKind::String(..)) =
                cmd.args.first().map(|a| &a.kind)
            {
                let token = self.peek().clone();
                return Err(self.error_at(&token, &format!("non executable command in pipeline stage {}", i + 1)));
            }
        }
        Ok(Pipe { pos, decl, is_assign, cmds })
    }

    fn parse_declarations(&mut self, context: &str) -> Parsed<(Vec<String>, bool)> {
        let mut decl = Vec::new();
        loop {
            let TokenKind::Variable(name) = self.peek().kind.clone() else {
                return Ok((decl, false));
            };
            match self.peek_at(1).kind {
                TokenKind::Declare | TokenKind::Assign => {
                    let is_assign = self.peek_at(1).kind == TokenKind::Assign;
                    let token = self.next();
                    self.next();
                    if is_assign && !self.vars.contains(&name) {
                        return Err(self.error_at(&token, &format!("undefined variable {name:?}")));
                    }
                    decl.push(name.clone());
                    if !is_assign {
                        self.vars.extend(decl.iter().cloned());
                    }
                    return Ok((decl, is_assign));
                }
                TokenKind::Comma if context == "range" && decl.is_empty() => {
                    self.index += 2;
                    decl.push(name);
                    if !matches!(self.peek().kind, TokenKind::Variable(_)) {
                        return Err(self.error_at(self.peek(), "range can only initialize variables"));
                    }
                }
                TokenKind::Comma => {
                    return Err(self.error_at(self.peek(), &format!("too many declarations in {context}")));
                }
                _ if decl.is_empty() => return Ok((decl, false)),
                _ => return Err(self.unexpected(self.peek_at(1), context)),
            }
        }
    }

    fn parse_command(&mut self) -> Parsed<Command> {
        let pos = self.peek().pos;
        let mut args = Vec::new();
        loop {
            let token = self.peek().clone();
            match token.kind {
                TokenKind::Pipe | TokenKind::RightDelim | TokenKind::RightParen => break,
                _ if !args.is_empty() && !token.space_before => return Err(self.unexpected(&token, "operand")),
                _ => args.push(self.parse_operand()?),
            }
        }
        if args.is_empty() {
            return Err(self.error_at(self.peek(), "empty command"));
        }
        Ok(Command { pos, args })
    }

    fn parse_operand(&mut self) -> Parsed<Arg> {
        let term = self.parse_term()?;
        let mut fields = Vec::new();
        let mut chain_pos = None;
        while let TokenKind::Field(name) = self.peek().kind.clone() {
            if self.peek().space_before {
                break;
            }
            chain_pos.get_or_insert(self.peek().pos);
            fields.push(name);
            self.next();
        }
        if fields.is_empty() {
            return Ok(term);
        }
        // Go positions a chained field at its second element; error columns follow it.
        let pos = chain_pos.unwrap_or(term.pos);
        let kind = match term.kind {
            ArgKind::Field(mut first) => {
                first.append(&mut fields);
                ArgKind::Field(first)
            }
            ArgKind::Variable(name, mut first) => {
                first.append(&mut fields);
                ArgKind::Variable(name, first)
            }
            ArgKind::Bool(_) | ArgKind::String(..) | ArgKind::Number(..) | ArgKind::Nil | ArgKind::Dot => {
                return Err(self.error_at(self.peek(), &format!("unexpected . after term {:?}", term.to_string())));
            }
            other => ArgKind::Chain(Box::new(Arg { pos: term.pos, kind: other }), fields),
        };
        Ok(Arg { pos, kind })
    }

    fn parse_term(&mut self) -> Parsed<Arg> {
        let token = self.next();
        let kind = match token.kind.clone() {
            TokenKind::Identifier(name) => {
                if !(self.is_function)(&name) {
                    return Err(self.error_at(&token, &format!("function {name:?} not defined")));
                }
                ArgKind::Function(name)
            }
            TokenKind::Dot => ArgKind::Dot,
            TokenKind::Nil => ArgKind::Nil,
            TokenKind::Bool(b) => ArgKind::Bool(b),
            TokenKind::Field(name) => ArgKind::Field(vec![name]),
            TokenKind::Variable(name) => {
                if !self.vars.contains(&name) {
                    return Err(self.error_at(&token, &format!("undefined variable {name:?}")));
                }
                ArgKind::Variable(name, Vec::new())
            }
            TokenKind::String(value) => ArgKind::String(value, token.text.clone()),
            TokenKind::Number => ArgKind::Number(self.number(&token)?, token.text.clone()),
            TokenKind::Char => ArgKind::Number(self.char_value(&token)?, token.text.clone()),
            TokenKind::LeftParen => {
                self.enter()?;
                let pipe = self.parse_pipeline("parenthesized pipeline", TokenKind::RightParen)?;
                self.depth -= 1;
                ArgKind::Pipe(Box::new(pipe))
            }
            _ => return Err(self.unexpected(&token, "operand")),
        };
        Ok(Arg { pos: token.pos, kind })
    }

    fn number(&self, token: &Token) -> Parsed<Value> {
        parse_number(&token.text).ok_or_else(|| self.error_at(token, &format!("bad number syntax: {:?}", token.text)))
    }

    fn char_value(&self, token: &Token) -> Parsed<Value> {
        let body = &token.text[1..token.text.len() - 1];
        let decoded = unquote(body, '\'').ok();
        let mut chars = decoded.as_deref().unwrap_or("").chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(Value::Int(c as i64)),
            _ => Err(self.error_at(token, &format!("malformed character constant: {}", token.text))),
        }
    }
}

/// Go's number literals: ints (decimal, `0x`, `0o`, `0b`, leading-0 octal, `_` separators) and floats.
pub fn parse_number(text: &str) -> Option<Value> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let is_hex = unsigned.starts_with("0x") || unsigned.starts_with("0X");
    let is_float = if is_hex { unsigned.contains(['p', 'P']) } else { unsigned.contains(['.', 'e', 'E']) };
    if unsigned.starts_with('_') || unsigned.ends_with('_') || unsigned.contains("__") {
        return None;
    }
    let digits = unsigned.replace('_', "");
    if is_float {
        if is_hex {
            return None;
        }
        let value: f64 = digits.parse().ok()?;
        return Some(Value::Float(if negative { -value } else { value }));
    }
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest.to_string())
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest.to_string())
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower)
    };
    let magnitude = i128::from_str_radix(&body, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    match i64::try_from(value) {
        Ok(int) => Some(Value::Int(int)),
        Err(_) => Some(Value::Float(value as f64)),
    }
}
