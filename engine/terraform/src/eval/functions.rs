//! The bridge to Terraform's built-in functions (`tollgate-terraform-functions`), and the
//! template engine `templatefile` borrows from the evaluator.

use super::{EvalError, Evaluator, Locator};
use crate::vars::ConstantScope;
use std::path::Path;
use tollgate_model::{Span, Value, ValueKind};
use tollgate_terraform_functions::{FunctionEnv, Sandbox};

/// Files larger than this are not read by `file`, `templatefile`, ...: the result is unknown.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What file functions may read.
#[derive(Clone, Copy)]
pub(crate) struct Files<'a> {
    /// Where relative paths start: the root module's directory.
    pub(crate) base_dir: Option<&'a Path>,
    /// Where reads are confined to; `None` reads anywhere.
    pub(crate) sandbox: Option<&'a Sandbox>,
}

/// Calls function `name` on evaluated arguments; the result is located at `span`.
pub(crate) fn call(name: &str, args: Vec<Value>, span: Span, files: Files) -> Result<Value, String> {
    let render = |text: &str, vars: &Value, span: Span| render_template(text, vars, span, files);
    let env = FunctionEnv {
        module_dir: files.base_dir.unwrap_or(Path::new(".")),
        max_file_bytes: MAX_FILE_BYTES,
        render_template: Some(&render),
        sandbox: files.sandbox,
    };
    tollgate_terraform_functions::call(name, args, span, &env).map_err(|e| e.to_string())
}

/// `templatefile`: the template's text evaluated with `vars` as its only names (functions
/// allowed, references not).
fn render_template(text: &str, vars: &Value, span: Span, files: Files) -> Result<Value, String> {
    let template = hcl_edit::parser::parse_template(text).map_err(|e| format!("invalid template: {e}"))?;
    let scope = TemplateScope { base_dir: files.base_dir.map(Path::to_path_buf), sandbox: files.sandbox };
    let mut ev = Evaluator::new(&scope, Locator::fixed(span, text));
    if let ValueKind::Map(entries) = &vars.kind {
        for entry in entries {
            ev.bind(entry.key.clone(), entry.value.clone());
        }
    }
    ev.template(&template, span, super::TextRules::Lines).map_err(|EvalError { message, .. }| message)
}

/// What a template rendered by `templatefile` can reach: only its variables (bound) and
/// functions reading files from the root's directory, confined as the configuration's are.
struct TemplateScope<'a> {
    base_dir: Option<std::path::PathBuf>,
    sandbox: Option<&'a Sandbox>,
}

impl super::Scope for TemplateScope<'_> {
    fn resolve(&self, root: &str, names: &[&str], span: Span, source: &str) -> Result<super::Resolved, String> {
        ConstantScope.resolve(root, names, span, source).map_err(|_| {
            format!("`{root}` is not a variable of this template: pass it in the `templatefile` variables")
        })
    }

    fn base_dir(&self) -> Option<std::path::PathBuf> {
        self.base_dir.clone()
    }

    fn sandbox(&self) -> Option<&Sandbox> {
        self.sandbox
    }
}
