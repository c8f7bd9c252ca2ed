//! The executor: walks a tree with dot, variables and Go's evaluation rules, within the set's limits.

use std::sync::Arc;

use crate::ast::{Arg, ArgKind, Branch, Command, Node, Pipe, Tree};
use crate::builtins;
use crate::error::{ErrorKind, TemplateError};
use crate::functions::{Engine, Function};
use crate::value::Value;
use crate::{MissingKey, Templates};

/// Counters shared by a whole execution, `include`s and `tpl`s included.
#[derive(Default)]
pub struct Budget {
    pub depth: usize,
    pub iterations: u64,
    /// Lists and pipelines being evaluated, across nested templates: bounds the executor's recursion.
    pub nesting: usize,
    /// Nodes walked (text, actions, control structures, template calls), nested templates included:
    /// bounds the time an execution takes, counting work instead of reading a clock.
    pub steps: u64,
}

/// Recursion the executor allows in one execution (lists and pipelines being evaluated, nested templates
/// included); [`crate::EXECUTION_STACK_BYTES`] is sized for it.
pub const MAX_EXEC_NESTING: usize = 20_000;

enum Flow {
    Normal,
    Break,
    Continue,
}

pub struct State<'a> {
    set: &'a Templates,
    tree: Arc<Tree>,
    vars: Vec<(String, Value)>,
    out: String,
    budget: &'a mut Budget,
    /// When tracing: the source line (1-based) of what is written from each output offset on.
    trace: Option<Trace>,
}

/// Where output came from: line starts of the source, and (output offset, source line) marks.
#[derive(Default)]
struct Trace {
    line_starts: Vec<usize>,
    marks: Vec<(usize, usize)>,
}

impl Trace {
    fn new(source: &str) -> Trace {
        let line_starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Trace { line_starts, marks: Vec::new() }
    }

    fn line_of(&self, pos: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= pos)
    }
}

type Exec<T> = Result<T, TemplateError>;

impl<'a> State<'a> {
    pub fn new(set: &'a Templates, tree: Arc<Tree>, data: &Value, budget: &'a mut Budget) -> Self {
        // Go's dot is `reflect.ValueOf(data)`: nil data is no value, not a nil interface.
        let dot = match data {
            Value::Nil => Value::NoValue,
            other => other.clone(),
        };
        State { set, tree, vars: vec![("$".to_string(), dot)], out: String::new(), budget, trace: None }
    }

    pub fn run(mut self) -> Exec<String> {
        let tree = self.tree.clone();
        self.walk_list(&tree.root, &self.vars[0].1.clone())?;
        Ok(self.out)
    }

    /// Runs, recording for each output line the source line that wrote its start. Output of nested
    /// templates (`template`, `include`, `tpl`) counts as written by the calling action.
    pub fn run_traced(mut self) -> Exec<(String, Vec<u32>)> {
        self.trace = Some(Trace::new(&self.tree.source));
        let tree = self.tree.clone();
        self.walk_list(&tree.root, &self.vars[0].1.clone())?;
        let marks = self.trace.take().map(|trace| trace.marks).unwrap_or_default();
        let mut lines = Vec::new();
        let mut mark = 0;
        let line_starts = std::iter::once(0).chain(self.out.match_indices('\n').map(|(i, _)| i + 1));
        for start in line_starts.filter(|&start| start < self.out.len() || start == 0) {
            while mark + 1 < marks.len() && marks[mark + 1].0 <= start {
                mark += 1;
            }
            lines.push(marks.get(mark).map_or(0, |&(_, line)| line as u32));
        }
        Ok((self.out, lines))
    }

    fn trace_at(&mut self, pos: usize) {
        let offset = self.out.len();
        if let Some(trace) = &mut self.trace {
            let line = trace.line_of(pos);
            trace.marks.push((offset, line));
        }
    }

    /// A text node: each of its lines comes from its own source line.
    fn trace_text(&mut self, text: &str, pos: usize) {
        let offset = self.out.len();
        if let Some(trace) = &mut self.trace {
            let first = trace.line_of(pos);
            trace.marks.push((offset, first));
            for (index, (newline, _)) in text.match_indices('\n').enumerate() {
                trace.marks.push((offset + newline + 1, first + index + 1));
            }
        }
    }

    fn error(&self, pos: usize, context: &str, message: &str) -> TemplateError {
        let (line, column) = self.tree.line_column(pos);
        TemplateError {
            kind: ErrorKind::Execute,
            template: self.tree.parse_name.as_str().into(),
            line,
            column: Some(column),
            executing: self.tree.name.as_str().into(),
            context: context.into(),
            message: message.into(),
        }
    }

    fn write(&mut self, text: &str, pos: usize) -> Exec<()> {
        let limit = self.set.options.limits.max_output_bytes;
        if self.out.len() + text.len() > limit {
            return Err(self.error(pos, "", &format!("output exceeds the limit of {limit} bytes")));
        }
        self.out.push_str(text);
        Ok(())
    }

    fn walk_list(&mut self, nodes: &[Node], dot: &Value) -> Exec<Flow> {
        self.enter(nodes.first().map_or(0, node_pos))?;
        let mut flow = Ok(Flow::Normal);
        for node in nodes {
            if let Err(error) = self.charge_step(node) {
                self.budget.nesting -= 1;
                return Err(error);
            }
            match self.walk(node, dot) {
                Ok(Flow::Normal) => {}
                other => {
                    flow = other;
                    break;
                }
            }
        }
        self.budget.nesting -= 1;
        flow
    }

    fn enter(&mut self, pos: usize) -> Exec<()> {
        if self.budget.nesting >= MAX_EXEC_NESTING {
            return Err(self.error(pos, "", &format!("exceeded maximum nesting depth ({MAX_EXEC_NESTING})")));
        }
        self.budget.nesting += 1;
        Ok(())
    }

    fn walk(&mut self, node: &Node, dot: &Value) -> Exec<Flow> {
        match node {
            Node::Text(text, pos) => {
                self.trace_text(text, *pos);
                self.write(text, *pos)?
            }
            Node::Action(pipe) => {
                let value = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    let text = self.printable(&value, pipe)?;
                    self.trace_at(pipe.pos);
                    self.write(&text, pipe.pos)?;
                }
            }
            Node::If(branch) => return self.walk_if_or_with(branch, dot, false),
            Node::With(branch) => return self.walk_if_or_with(branch, dot, true),
            Node::Range(branch) => return self.walk_range(branch, dot),
            Node::Template { pos, name, pipe } => self.walk_template(*pos, name, pipe.as_ref(), dot)?,
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn printable(&self, value: &Value, pipe: &Pipe) -> Exec<String> {
        match value {
            Value::NoValue | Value::Nil => Ok("<no value>".to_string()),
            Value::Function(_) => Err(self.error(
                pipe.pos,
                &pipe.to_string(),
                &format!("can't print {pipe} of type {}", value.type_name()),
            )),
            Value::Object(object) => Ok(object.printed_by_template()),
            other => Ok(other.to_go_string()),
        }
    }

    fn walk_if_or_with(&mut self, branch: &Branch, dot: &Value, is_with: bool) -> Exec<Flow> {
        let mark = self.vars.len();
        let value = self.eval_pipeline(dot, &branch.pipe)?;
        let flow = if value.is_true() {
            let inner_dot = if is_with { value } else { dot.clone() };
            self.walk_list(&branch.list, &inner_dot)?
        } else if let Some(else_list) = &branch.else_list {
            self.walk_list(else_list, dot)?
        } else {
            Flow::Normal
        };
        self.vars.truncate(mark);
        Ok(flow)
    }

    fn walk_range(&mut self, branch: &Branch, dot: &Value) -> Exec<Flow> {
        let mark = self.vars.len();
        let value = self.eval_pipeline(dot, &branch.pipe)?;
        let context = format!("{{{{range {}}}}}", branch.pipe);
        let items: Vec<(Value, Value)> = match &value {
            Value::List(items) => items.iter().enumerate().map(|(i, v)| (Value::Int(i as i64), v.clone())).collect(),
            // Function values in a map stand for methods (`.Files.Get`), which Go's range never visits.
            Value::Map(map) => map
                .iter()
                .filter(|(_, v)| !matches!(v, Value::Function(_)))
                .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                .collect(),
            // Go ranges over an integer of any size, giving values of its type.
            Value::Int(_) | Value::Int64(_) | Value::Uint8(_) | Value::Uint64(_) => {
                let count = value.as_i64().unwrap_or(i64::MAX);
                if branch.pipe.decl.len() > 1 {
                    let message = format!("can't use {count} to iterate over more than one variable");
                    return Err(self.error(branch.pos, &context, &message));
                }
                self.charge_iterations(count, branch.pos, &context)?;
                (0..count).map(|i| (value.integer_of_same_type(i), value.integer_of_same_type(i))).collect()
            }
            Value::NoValue | Value::Nil => Vec::new(),
            other => {
                let message = format!("range can't iterate over {}", other.to_go_string());
                return Err(self.error(branch.pos, &context, &message));
            }
        };
        for (key, element) in &items {
            self.charge_iterations(1, branch.pos, &context)?;
            let iteration_mark = self.vars.len();
            match branch.pipe.decl.as_slice() {
                [value_var] => self.bind(value_var, element.clone(), branch.pipe.is_assign),
                [key_var, value_var] => {
                    self.bind(key_var, key.clone(), branch.pipe.is_assign);
                    self.bind(value_var, element.clone(), branch.pipe.is_assign);
                }
                _ => {}
            }
            let flow = self.walk_list(&branch.list, element)?;
            self.vars.truncate(iteration_mark.max(mark));
            if let Flow::Break = flow {
                break;
            }
        }
        if items.is_empty() {
            if let Some(else_list) = &branch.else_list {
                let flow = self.walk_list(else_list, dot)?;
                self.vars.truncate(mark);
                return Ok(flow);
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    fn charge_step(&mut self, node: &Node) -> Exec<()> {
        let limit = self.set.options.limits.max_steps;
        self.budget.steps += 1;
        if self.budget.steps > limit {
            let message = format!(
                "execution exceeds the limit of {limit} steps (template nodes walked, includes counted): \
                 the template does too much work to render"
            );
            return Err(self.error(node_pos(node), "", &message));
        }
        Ok(())
    }

    fn charge_iterations(&mut self, count: i64, pos: usize, context: &str) -> Exec<()> {
        let limit = self.set.options.limits.max_range_iterations;
        self.budget.iterations = self.budget.iterations.saturating_add(count.max(0) as u64);
        if self.budget.iterations > limit {
            return Err(self.error(pos, context, &format!("range exceeds the limit of {limit} iterations")));
        }
        Ok(())
    }

    fn bind(&mut self, name: &str, value: Value, is_assign: bool) {
        if is_assign {
            if let Some(slot) = self.vars.iter_mut().rev().find(|(var, _)| var == name) {
                slot.1 = value;
                return;
            }
        }
        self.vars.push((name.to_string(), value));
    }

    fn walk_template(&mut self, pos: usize, name: &str, pipe: Option<&Pipe>, dot: &Value) -> Exec<()> {
        let data = match pipe {
            Some(pipe) => self.eval_pipeline(dot, pipe)?,
            None => Value::NoValue,
        };
        let context = || match pipe {
            Some(pipe) => format!("{{{{template {name:?} {pipe}}}}}"),
            None => format!("{{{{template {name:?}}}}}"),
        };
        let Some(tree) = self.set.tree(name) else {
            return Err(self.error(pos, &context(), &format!("template {name:?} not defined")));
        };
        // As in Go, an error inside the called template is reported as it is, not wrapped.
        let text = self.run_nested(tree, data, pos, &context())?;
        self.trace_at(pos);
        self.write(&text, pos)
    }

    /// Runs a template of the set with the shared budget.
    fn run_nested(&mut self, tree: Arc<Tree>, data: Value, pos: usize, context: &str) -> Exec<String> {
        let limit = self.set.options.limits.max_template_depth;
        if self.budget.depth >= limit {
            return Err(self.error(pos, context, &format!("exceeded maximum template depth ({limit})")));
        }
        self.budget.depth += 1;
        let result = State::new(self.set, tree, &data, self.budget).run();
        self.budget.depth -= 1;
        result
    }

    fn eval_pipeline(&mut self, dot: &Value, pipe: &Pipe) -> Exec<Value> {
        self.enter(pipe.pos)?;
        let value = self.eval_commands(dot, pipe);
        self.budget.nesting -= 1;
        let value = value?;
        // Go unwraps an interface result: a nil interface becomes no value.
        let value = match value {
            Value::Nil => Value::NoValue,
            other => other,
        };
        for name in &pipe.decl {
            self.bind(name, value.clone(), pipe.is_assign);
        }
        Ok(value)
    }

    fn eval_commands(&mut self, dot: &Value, pipe: &Pipe) -> Exec<Value> {
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(dot, cmd, value)?);
        }
        Ok(value.unwrap_or_default())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &Command, last: Option<Value>) -> Exec<Value> {
        let Some(first) = cmd.args.first() else {
            return Ok(Value::NoValue);
        };
        let rest = &cmd.args[1..];
        match &first.kind {
            ArgKind::Variable(_, fields) if fields.is_empty() => {
                self.not_a_function(first, rest, &last)?;
                self.eval_arg(dot, first)
            }
            ArgKind::Field(fields) | ArgKind::Variable(_, fields) | ArgKind::Chain(_, fields) => {
                self.eval_field_chain(dot, first, fields, rest, last)
            }
            ArgKind::Function(name) => self.eval_function(dot, name, cmd, first, rest, last),
            ArgKind::Nil => Err(self.error(first.pos, &first.to_string(), "nil is not a command")),
            _ => {
                self.not_a_function(first, rest, &last)?;
                self.eval_arg(dot, first)
            }
        }
    }

    fn not_a_function(&self, first: &Arg, rest: &[Arg], last: &Option<Value>) -> Exec<()> {
        if !rest.is_empty() || last.is_some() {
            let message = format!("can't give argument to non-function {first}");
            return Err(self.error(first.pos, &first.to_string(), &message));
        }
        Ok(())
    }

    fn variable_ref(&self, name: &str) -> &Value {
        static NO_VALUE: Value = Value::NoValue;
        self.vars.iter().rev().find(|(var, _)| var == name).map_or(&NO_VALUE, |(_, value)| value)
    }

    /// The value at the end of a field chain; with arguments, the result of calling it (a method-style
    /// function value, `.APIVersions.Has "v1"`).
    fn eval_field_chain(
        &mut self,
        dot: &Value,
        node: &Arg,
        fields: &[String],
        args: &[Arg],
        last: Option<Value>,
    ) -> Exec<Value> {
        let value = self.resolve_chain(dot, node, fields)?;
        let is_method = matches!(&value, Value::Function(function) if function.is_method);
        if args.is_empty() && last.is_none() && !is_method {
            return Ok(value);
        }
        let field = fields.last().map_or("", String::as_str);
        let Value::Function(function) = value else {
            let message = format!("{field} is not a method but has arguments");
            return Err(self.error(node.pos, &node.to_string(), &message));
        };
        let arguments = self.eval_args(dot, args, last)?;
        (function.body)(&arguments).map_err(|message| {
            // Go checks a call's argument count before calling, and says so without "error calling".
            let message = if message.starts_with("wrong number of args") {
                message
            } else {
                format!("error calling {field}: {message}")
            };
            self.error(node.pos, &node.to_string(), &message)
        })
    }

    /// Follows the fields; each step clones one value, which is cheap (lists and maps are shared).
    fn resolve_chain(&mut self, dot: &Value, node: &Arg, fields: &[String]) -> Exec<Value> {
        let receiver = match &node.kind {
            ArgKind::Variable(name, _) => self.variable_ref(name).clone(),
            ArgKind::Chain(inner, _) => self.eval_arg(dot, inner)?,
            _ => dot.clone(),
        };
        fields.iter().try_fold(receiver, |current, field| self.eval_field(&current, field, node))
    }

    fn eval_field(&self, receiver: &Value, field: &str, node: &Arg) -> Exec<Value> {
        let fail = |message: String| Err(self.error(node.pos, &node.to_string(), &message));
        match receiver {
            Value::NoValue => match self.set.options.missing_key {
                MissingKey::Error => fail(format!("nil data; no entry for key {field:?}")),
                _ => Ok(Value::NoValue),
            },
            // Go looks a method up before a map key.
            Value::Map(map) => match map.method(field).map(Value::Function).or_else(|| map.get(field)) {
                Some(value) => Ok(value),
                None => match self.set.options.missing_key {
                    MissingKey::Default => Ok(Value::NoValue),
                    MissingKey::Zero => Ok(Value::Nil),
                    MissingKey::Error => fail(format!("map has no entry for key {field:?}")),
                },
            },
            Value::Object(object) => match object.member(field) {
                Some(value) => Ok(value),
                None => fail(format!("can't evaluate field {field} in type {}", object.type_name)),
            },
            Value::Nil => fail(format!("nil pointer evaluating interface {{}}.{field}")),
            other => fail(format!("can't evaluate field {field} in type {}", other.type_name())),
        }
    }

    fn eval_args(&mut self, dot: &Value, args: &[Arg], last: Option<Value>) -> Exec<Vec<Value>> {
        let mut values = Vec::with_capacity(args.len() + 1);
        for arg in args {
            values.push(self.eval_arg(dot, arg)?.into_argument());
        }
        if let Some(last) = last {
            values.push(last.into_argument());
        }
        Ok(values)
    }

    fn eval_arg(&mut self, dot: &Value, arg: &Arg) -> Exec<Value> {
        match &arg.kind {
            ArgKind::Dot => Ok(dot.clone()),
            ArgKind::Nil => Ok(Value::Nil),
            ArgKind::Bool(b) => Ok(Value::Bool(*b)),
            ArgKind::Number(value, _) => Ok(value.clone()),
            ArgKind::String(value, _) => Ok(Value::String(value.clone())),
            // A chain ending at a method calls it, in an argument too (`typeOf (semver "1.2.3").Major`).
            ArgKind::Field(fields) | ArgKind::Variable(_, fields) | ArgKind::Chain(_, fields) if !fields.is_empty() => {
                self.eval_field_chain(dot, arg, fields, &[], None)
            }
            ArgKind::Field(fields) | ArgKind::Variable(_, fields) | ArgKind::Chain(_, fields) => {
                self.resolve_chain(dot, arg, fields)
            }
            ArgKind::Function(name) => {
                let cmd = Command { pos: arg.pos, args: vec![arg.clone()] };
                self.eval_function(dot, name, &cmd, arg, &[], None)
            }
            ArgKind::Pipe(pipe) => {
                let mark = self.vars.len();
                let value = self.eval_pipeline(dot, pipe);
                self.vars.truncate(mark);
                value
            }
        }
    }

    fn eval_function(
        &mut self,
        dot: &Value,
        name: &str,
        cmd: &Command,
        ident: &Arg,
        args: &[Arg],
        last: Option<Value>,
    ) -> Exec<Value> {
        // A registered function reports a wrong argument count as Go's reflection-based call does: at
        // the function's name, not as `error calling`.
        let call_error = |state: &Self, message: String| {
            if message.starts_with(&format!("wrong number of args for {name}:")) {
                return state.error(ident.pos, name, &message);
            }
            state.error(cmd.pos, &cmd.to_string(), &format!("error calling {name}: {message}"))
        };
        match self.set.functions.get(name).cloned() {
            Some(Function::Plain(body)) => {
                let values = self.eval_args(dot, args, last)?;
                body(&values).map_err(|message| call_error(self, message))
            }
            Some(Function::WithEngine(body)) => {
                let values = self.eval_args(dot, args, last)?;
                body(self, &values).map_err(|message| call_error(self, message))
            }
            None if name == "and" || name == "or" => self.eval_and_or(dot, name == "and", ident, args, last),
            None => {
                let values = self.eval_args(dot, args, last)?;
                match builtins::call(name, &values) {
                    Ok(value) => Ok(value),
                    Err(builtins::CallError::Arity(message)) => Err(self.error(ident.pos, name, &message)),
                    Err(builtins::CallError::Failed(message)) => Err(call_error(self, message)),
                }
            }
        }
    }

    /// `and`/`or` evaluate their arguments in order and stop at the deciding one, which they return.
    fn eval_and_or(
        &mut self,
        dot: &Value,
        is_and: bool,
        ident: &Arg,
        args: &[Arg],
        last: Option<Value>,
    ) -> Exec<Value> {
        let name = if is_and { "and" } else { "or" };
        if args.is_empty() && last.is_none() {
            return Err(self.error(
                ident.pos,
                name,
                &format!("wrong number of args for {name}: want at least 1 got 0"),
            ));
        }
        let mut value = Value::NoValue;
        for arg in args {
            value = self.eval_arg(dot, arg)?.into_argument();
            if value.is_true() != is_and {
                return Ok(value);
            }
        }
        if let Some(last) = last {
            value = last.into_argument();
        }
        Ok(value)
    }
}

fn node_pos(node: &Node) -> usize {
    match node {
        Node::Action(pipe) => pipe.pos,
        Node::If(branch) | Node::With(branch) | Node::Range(branch) => branch.pos,
        Node::Template { pos, .. } => *pos,
        Node::Text(_, pos) => *pos,
        Node::Break | Node::Continue => 0,
    }
}

impl State<'_> {
    fn check_depth(&self) -> Result<(), String> {
        let limit = self.set.options.limits.max_template_depth;
        if self.budget.depth >= limit {
            return Err(format!("exceeded maximum template depth ({limit})"));
        }
        Ok(())
    }
}

impl Engine for State<'_> {
    fn execute_template(&mut self, name: &str, data: &Value) -> Result<String, String> {
        let Some(tree) = self.set.tree(name) else {
            return Err(format!("template {name:?} not defined"));
        };
        self.check_depth()?;
        self.run_nested(tree, data.clone(), 0, "").map_err(|error| error.to_string())
    }

    fn render_text(&mut self, name: &str, text: &str, data: &Value) -> Result<String, String> {
        let mut scratch = self.set.clone();
        scratch.parse_here(name, text).map_err(|error| error.to_string())?;
        let Some(tree) = scratch.tree(name) else {
            return Err(format!("template {name:?} not defined"));
        };
        self.check_depth()?;
        self.budget.depth += 1;
        let result = State::new(&scratch, tree, data, self.budget).run();
        self.budget.depth -= 1;
        result.map_err(|error| error.to_string())
    }
}
