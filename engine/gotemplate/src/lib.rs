//! Go's `text/template`, ours: the template engine under Tollgate's Helm renderer.
//!
//! This crate owns the language, not Helm: lexing (trim markers `{{-`/`-}}`, comments), parsing
//! (pipelines, variables with Go's scoping, `if`/`range`/`with`/`define`/`template`/`block`,
//! `break`/`continue`), and executing a set of named templates with Go's semantics: truthiness,
//! maps ranged in sorted key order, `%v` printing (`map[a:1]`, `[1 2]`), missing keys as `<no value>`
//! (or `missingkey=zero`/`error`), Go's builtins (`and`, `or`, `eq`, `index`, `printf`, ...) and Go's
//! error texts (`template: NAME:LINE:COL: executing "NAME" at <.x>: ...`).
//!
//! Sprig and Helm's functions plug in through [`Functions`]: plain closures over [`Value`]s, or
//! closures given an [`Engine`] to execute templates (`include`, `tpl`) within the same limits.
//! Maps are shared references as in Go ([`Map`]): Sprig's `set` changes one in place for every holder.
//! `.Capabilities.APIVersions.Has "v1"`-style methods are map entries holding a
//! [`Value::Function`]: a field chain ending at one with arguments calls it. Go's `time.Time` (Sprig's
//! `now`) is [`Value::Time`], printed and marshalled as Go does ([`time`]: reference-layout formatting).
//!
//! Limits ([`Limits`]): nesting depth in the parser, template call depth (`template`, `include`,
//! `tpl`), output size and range iterations; each ends execution with an error, never a crash.
//!
//! ```
//! use tollgate_gotemplate::{Templates, Value};
//!
//! let mut set = Templates::new();
//! set.parse("t", "{{range $k, $v := .}}{{$k}}={{$v}} {{end}}{{printf \"%05.1f\" 3.14159}}").unwrap();
//! let data = Value::from(serde_json::json!({"b": 2, "a": [1, 2]}));
//! assert_eq!(set.execute("t", &data).unwrap(), "a=[1 2] b=2 003.1");
//! ```

mod ast;
mod builtins;
mod error;
mod exec;
mod functions;
mod lexer;
mod object;
mod parser;
mod printf;
pub mod time;
mod value;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use error::{ErrorKind, TemplateError};
pub use exec::MAX_EXEC_NESTING;
pub use functions::{Engine, Function, Functions};
pub use object::{Object, Stringer};
pub use printf::sprintf;
pub use value::{FunctionValue, Map, MapType, Value};

use ast::Tree;

/// The stack parsing and execution run on. Recursion is bounded by counters (template depth, parse nesting,
/// [`MAX_EXEC_NESTING`]); this is room for the deepest they allow, in unoptimised builds too. Only
/// the pages used are committed.
pub const EXECUTION_STACK_BYTES: usize = 1 << 28;

/// The parser's nesting is capped whatever [`Limits::max_nesting`] says: trees are dropped (recursively)
/// on the caller's thread, whose stack may be small.
pub const MAX_PARSE_NESTING: usize = 1_000;

/// Runs `work` on a thread with [`EXECUTION_STACK_BYTES`] of stack, so deep templates cannot overflow
/// the caller's (a test thread has 2 MiB).
fn on_large_stack<T: Send>(
    name: &str,
    work: impl FnOnce() -> Result<T, TemplateError> + Send,
) -> Result<T, TemplateError> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("gotemplate".to_string())
            .stack_size(EXECUTION_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|error| TemplateError::general(name, &format!("cannot start the template thread: {error}")))?;
        handle.join().unwrap_or_else(|_| Err(TemplateError::general(name, "the template thread failed")))
    })
}

/// What a missing map key yields, as Go's `Option("missingkey=...")`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MissingKey {
    /// No value: printed `<no value>`; fields of it are no value too.
    #[default]
    Default,
    /// The map's zero value, nil: printed `<no value>`, but a field of it is a nil pointer error.
    Zero,
    /// An error: `map has no entry for key "x"`.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Nested `template`/`include`/`tpl` calls; Helm stops `include` recursion at 1,000.
    pub max_template_depth: usize,
    /// Bytes one execution (or one nested template's result) may produce.
    pub max_output_bytes: usize,
    /// `range` iterations in one execution, nested templates included.
    pub max_range_iterations: u64,
    /// Nested control structures and parentheses in one template source.
    pub max_nesting: usize,
    /// Template nodes one execution may walk (nested templates included): the bound on render time,
    /// as a count of work so that the verdict does not depend on the machine.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_template_depth: 1000,
            max_output_bytes: 64 * 1024 * 1024,
            max_range_iterations: 10_000_000,
            max_nesting: 500,
            max_steps: 20_000_000,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub missing_key: MissingKey,
    pub limits: Limits,
}

/// A set of named templates sharing functions and options, like Go's associated templates.
#[derive(Clone, Default)]
pub struct Templates {
    trees: BTreeMap<String, Arc<Tree>>,
    functions: Functions,
    options: Options,
}

impl Templates {
    /// A set with Go's builtins only.
    pub fn new() -> Self {
        Templates::default()
    }

    /// A set whose templates may also call `functions` (which override builtins of the same name).
    pub fn with_functions(functions: Functions) -> Self {
        Templates { functions, ..Templates::default() }
    }

    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Parses `text` as the template `name`, adding the templates it defines. On error nothing is added.
    /// A later definition replaces an earlier one, except that an empty one never replaces (Go's rule).
    pub fn parse(&mut self, name: &str, text: &str) -> Result<(), TemplateError> {
        let trees = on_large_stack(name, || self.parse_trees(name, text))?;
        self.add_trees(trees);
        Ok(())
    }

    /// [`Templates::parse`] on the current thread, for `tpl` during an execution (already on the large stack).
    fn parse_here(&mut self, name: &str, text: &str) -> Result<(), TemplateError> {
        let trees = self.parse_trees(name, text)?;
        self.add_trees(trees);
        Ok(())
    }

    fn parse_trees(&self, name: &str, text: &str) -> Result<Vec<Tree>, TemplateError> {
        let functions = &self.functions;
        let is_function = |f: &str| functions.contains(f) || builtins::is_builtin(f);
        let max_nesting = self.options.limits.max_nesting.min(MAX_PARSE_NESTING);
        parser::parse(name, text, &is_function, max_nesting)
    }

    fn add_trees(&mut self, trees: Vec<Tree>) {
        for tree in trees {
            if tree.is_empty() && self.trees.contains_key(&tree.name) {
                continue;
            }
            self.trees.insert(tree.name.clone(), Arc::new(tree));
        }
    }

    /// The names of the templates in the set, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.trees.keys().map(String::as_str)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.trees.contains_key(name)
    }

    fn tree(&self, name: &str) -> Option<Arc<Tree>> {
        self.trees.get(name).cloned()
    }

    /// Executes the template `name` with `data` as dot and `$`.
    pub fn execute(&self, name: &str, data: &Value) -> Result<String, TemplateError> {
        let tree = self.tree_to_execute(name)?;
        on_large_stack(name, || {
            let mut budget = exec::Budget::default();
            exec::State::new(self, tree, data, &mut budget).run()
        })
    }

    /// [`Templates::execute`], also giving for each output line (split on `\n`) the 1-based line of the
    /// template source that wrote the start of it (0 when nothing did). What a `template`, `include` or
    /// `tpl` call writes maps to the line of the call.
    pub fn execute_traced(&self, name: &str, data: &Value) -> Result<(String, Vec<u32>), TemplateError> {
        let tree = self.tree_to_execute(name)?;
        on_large_stack(name, || {
            let mut budget = exec::Budget::default();
            exec::State::new(self, tree, data, &mut budget).run_traced()
        })
    }

    fn tree_to_execute(&self, name: &str) -> Result<Arc<Tree>, TemplateError> {
        self.tree(name).ok_or_else(|| {
            TemplateError::general(name, &format!("no template {name:?} associated with template {name:?}"))
        })
    }
}
