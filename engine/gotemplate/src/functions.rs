//! The function registry callers extend (Sprig, Helm), and the engine handle functions like `include` get.

use std::collections::HashMap;
use std::sync::Arc;

use crate::value::{FunctionBody, Value};

/// What a function that needs the engine (Helm's `include`, `tpl`) may ask of it. Calls made through it
/// share the running execution's depth, output and iteration limits.
pub trait Engine {
    /// Executes the named template with `data` as dot (`include`).
    fn execute_template(&mut self, name: &str, data: &Value) -> Result<String, String>;
    /// Parses `text` as a template called `name` next to the running set and executes it (`tpl`).
    fn render_text(&mut self, name: &str, text: &str, data: &Value) -> Result<String, String>;
}

pub type EngineFunctionBody = dyn Fn(&mut dyn Engine, &[Value]) -> Result<Value, String> + Send + Sync;

#[derive(Clone)]
pub enum Function {
    Plain(Arc<FunctionBody>),
    WithEngine(Arc<EngineFunctionBody>),
}

/// Functions by name. Registered functions take precedence over the builtins, as in Go's `Funcs`.
#[derive(Clone, Default)]
pub struct Functions {
    by_name: HashMap<String, Function>,
}

impl Functions {
    pub fn new() -> Self {
        Functions::default()
    }

    /// Adds (or replaces) a function of its arguments. Arguments arrive with no value turned into nil.
    pub fn add(&mut self, name: &str, body: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static) {
        self.by_name.insert(name.to_string(), Function::Plain(Arc::new(body)));
    }

    /// Adds a function that may execute templates through the engine (`include`, `tpl`).
    pub fn add_with_engine(
        &mut self,
        name: &str,
        body: impl Fn(&mut dyn Engine, &[Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) {
        self.by_name.insert(name.to_string(), Function::WithEngine(Arc::new(body)));
    }

    pub fn get(&self, name: &str) -> Option<&Function> {
        self.by_name.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }
}
