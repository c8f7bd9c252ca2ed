//! Terraform's built-in functions (as of Terraform 1.11) evaluated on Tollgate [`Value`]s.
//!
//! This crate owns what `merge(...)`, `cidrsubnet(...)` or `jsonencode(...)` return, including the
//! corner cases Terraform users meet: argument conversion (`upper(5)` is `"5"`), `null` arguments,
//! type unification (`coalesce(1, "a")` is `"1"`), set order, number formatting, JSON and YAML
//! encodings byte for byte, and unknown values. It does not evaluate expressions: the evaluator
//! (`tollgate-terraform`) evaluates the arguments, calls [`call`], and handles the lazy `try` and
//! `can` itself.
//!
//! Unknowns propagate as they do in Terraform (cty): a wholly unknown argument makes the result
//! unknown (keeping the argument's [`UnknownReason`] and source text), unless the function looks
//! only at what is known (`length` of a list with unknown elements, `coalesce("a", unknown)`,
//! `merge`, `concat`, `element`, `lookup` with a known key); functions that need every value
//! (`jsonencode`, `join`, `format`, `sort`...) return unknown when anything inside is unknown.
//! Functions whose result Terraform itself only knows at apply time (`timestamp`, `uuid`,
//! `bcrypt`, `plantimestamp`) return [`UnknownReason::AfterApply`].
//!
//! Values carry no static types, so [`types`] infers them (lists are tuples, maps are objects) and
//! implements cty's unification and conversions; sets are lists in cty's order.
//!
//! `tests/against_terraform.rs` compares every expression of `tests/corpus.txt` with the real
//! `terraform console`. Known differences, all consequences of what a [`Value`] can hold:
//! - no list/map provenance: `lookup` returns a missing key's default unconverted (as for an
//!   object), `concat` of two typed lists does not unify their element types;
//! - an unknown element makes `flatten` and `toset` wholly unknown (Terraform may know it is a
//!   string and keep the collection known);
//! - numbers are `i64`/`f64`: integers beyond 2^63 and arithmetic results lose Terraform's
//!   512-bit precision (formatting with a precision does round literals as Terraform does), and a
//!   negative zero written `-0` is zero;
//! - `null` is a typed null: `format("%s", null)` is an error, as for a typed null variable in
//!   Terraform (the console's untyped `null` literal gives an unknown there);
//! - `base64gzip` (Go's own deflate bytes), `rsadecrypt`, `issensitive` and text encodings other
//!   than UTF-8/16, ISO-8859-1 and US-ASCII are unknown; strings are not NFC-normalized;
//! - `jsondecode` keeps the last of duplicate keys without checking it against the first one's type.
//!
//! File functions read paths relative to [`FunctionEnv::module_dir`]. With a [`Sandbox`]
//! ([`FunctionEnv::sandbox`]) they read only inside the scan root: a path outside it (absolute,
//! escaping with `..`, or through a symbolic link) gives an unknown value
//! ([`UnknownReason::OutsideScanRoot`]), never the file's contents, hash or existence, and
//! `abspath`, which would show the machine's directories, is unknown for the same reason.

mod bigfloat;
mod collections;
mod conversion;
mod encoding;
mod filesystem;
mod format;
mod glob;
mod hashing;
mod lists;
mod network;
mod number;
mod numeric;
mod regex;
mod sandbox;
mod sets;
mod strings;
mod support;
mod text_encoding;
mod time;
pub mod types;
mod yaml;
mod yaml_emit;

#[cfg(test)]
mod testing;

pub use number::{format_number, parse_number};
pub use sandbox::{outside_root, Sandbox};

use std::fmt;
use std::path::Path;
use tollgate_model::{Span, UnknownReason, Value};
use types::Type;

/// A template engine the evaluator lends to `templatefile`: renders `text` with `vars` (an object)
/// and returns the result, or an error message. `span` is the `templatefile` call's span.
pub type RenderTemplate<'a> = dyn Fn(&str, &Value, Span) -> Result<Value, String> + 'a;

/// What functions that read files need from the evaluator.
pub struct FunctionEnv<'a> {
    /// The directory relative paths in `file`, `fileexists`, `templatefile`, `fileset`... resolve
    /// against. Terraform resolves them against its working directory (the root module's directory),
    /// which is why modules write `"${path.module}/x"`.
    pub module_dir: &'a Path,
    /// Files larger than this are not read: the function's result is unknown instead.
    pub max_file_bytes: u64,
    /// Renders templates for `templatefile`; without it `templatefile` returns unknown.
    pub render_template: Option<&'a RenderTemplate<'a>>,
    /// Where file functions may read; `None` reads anywhere (as Terraform does).
    pub sandbox: Option<&'a Sandbox>,
}

/// Which argument an error is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentRef {
    /// 0-based position in the call.
    pub index: usize,
    /// Terraform's name for the parameter (`str`, `inputMap`...).
    pub parameter: String,
}

/// A function call Terraform would reject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionError {
    pub function: String,
    /// The argument at fault, when it is one argument.
    pub argument: Option<ArgumentRef>,
    /// Terraform's explanation (without the trailing period).
    pub message: String,
}

impl fmt::Display for FunctionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.argument {
            Some(arg) => write!(f, "Invalid value for \"{}\" parameter: {}.", arg.parameter, self.message),
            None => write!(f, "Call to function \"{}\" failed: {}.", self.function, self.message),
        }
    }
}

impl std::error::Error for FunctionError {}

/// Calls Terraform function `name` on evaluated arguments. The result carries `span` (the call's
/// span); elements copied from arguments keep their own spans.
pub fn call(name: &str, args: Vec<Value>, span: Span, env: &FunctionEnv) -> Result<Value, FunctionError> {
    let Some(spec) = find(name) else {
        return Err(FunctionError {
            function: name.to_string(),
            argument: None,
            message: format!("there is no function named \"{name}\""),
        });
    };
    let ctx = Ctx { name: spec.name, span, env, spec };
    check_arity(&ctx, args.len())?;
    let mut converted = Vec::with_capacity(args.len());
    let mut unknown = None;
    for (index, arg) in args.into_iter().enumerate() {
        let Some(param) = spec.parameter(index) else {
            return Err(ctx.fail("too many arguments"));
        };
        if arg.is_null() && !param.allow_null {
            return Err(ctx.arg_fail(index, "argument must not be null"));
        }
        let arg = types::convert(arg, &param.ty.to_type()).map_err(|message| ctx.arg_fail(index, message))?;
        if unknown.is_none() && !param.allow_unknown {
            unknown = arg.as_unknown().cloned();
        }
        converted.push(arg);
    }
    if let Some(u) = unknown {
        return Ok(ctx.unknown_from(&u));
    }
    (spec.run)(&ctx, converted)
}

fn check_arity(ctx: &Ctx, given: usize) -> Result<(), FunctionError> {
    let spec = ctx.spec;
    let required = spec.params.len();
    if given < required {
        let at_least = if spec.var_param.is_some() { "at least " } else { "" };
        let missing = spec.params.get(given).map(|p| p.name).unwrap_or("");
        return Err(ctx.fail(format!("expects {at_least}{required} argument(s); missing value for \"{missing}\"")));
    }
    if spec.var_param.is_none() && given > required {
        return Err(ctx.fail(format!("expects only {required} argument(s)")));
    }
    Ok(())
}

/// Whether [`call`] implements Terraform function `name`.
pub fn is_supported(name: &str) -> bool {
    find(name).is_some()
}

/// Every function [`call`] implements, sorted.
pub const SUPPORTED: &[&str] = &[
    "abs",
    "abspath",
    "alltrue",
    "anytrue",
    "base64decode",
    "base64encode",
    "base64gzip",
    "base64sha256",
    "base64sha512",
    "basename",
    "bcrypt",
    "ceil",
    "chomp",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "csvdecode",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "ephemeralasnull",
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "fileset",
    "filesha1",
    "filesha256",
    "filesha512",
    "flatten",
    "floor",
    "format",
    "formatdate",
    "formatlist",
    "indent",
    "index",
    "issensitive",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "list",
    "log",
    "lookup",
    "lower",
    "map",
    "matchkeys",
    "max",
    "md5",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "parseint",
    "pathexpand",
    "plantimestamp",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "rsadecrypt",
    "sensitive",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "sha1",
    "sha256",
    "sha512",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "templatefile",
    "textdecodebase64",
    "textencodebase64",
    "timeadd",
    "timecmp",
    "timestamp",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "upper",
    "urlencode",
    "uuid",
    "uuidv5",
    "values",
    "yamldecode",
    "yamlencode",
    "zipmap",
];

/// Every family's function table.
const FAMILIES: &[&[Spec]] = &[
    collections::SPECS,
    conversion::SPECS,
    encoding::SPECS,
    filesystem::SPECS,
    format::SPECS,
    hashing::SPECS,
    lists::SPECS,
    network::SPECS,
    numeric::SPECS,
    regex::SPECS,
    sets::SPECS,
    strings::SPECS,
    text_encoding::SPECS,
    time::SPECS,
    yaml::SPECS,
];

fn find(name: &str) -> Option<&'static Spec> {
    FAMILIES.iter().flat_map(|family| family.iter()).find(|spec| spec.name == name)
}

/// One call in progress: what a function implementation may use.
pub(crate) struct Ctx<'a, 'e> {
    pub name: &'static str,
    pub span: Span,
    pub env: &'a FunctionEnv<'e>,
    pub spec: &'static Spec,
}

type Run = fn(&Ctx, Vec<Value>) -> Result<Value, FunctionError>;

/// A function: its parameters (as Terraform declares them) and its implementation, which receives
/// arguments already converted to the parameters' types, non-null unless allowed, and known at the
/// top level unless allowed.
pub(crate) struct Spec {
    pub name: &'static str,
    pub params: &'static [Param],
    pub var_param: Option<Param>,
    pub run: Run,
}

impl Spec {
    pub(crate) const fn new(name: &'static str, params: &'static [Param], run: Run) -> Spec {
        Spec { name, params, var_param: None, run }
    }

    pub(crate) const fn variadic(name: &'static str, params: &'static [Param], var: Param, run: Run) -> Spec {
        Spec { name, params, var_param: Some(var), run }
    }

    fn parameter(&self, index: usize) -> Option<&Param> {
        self.params.get(index).or(self.var_param.as_ref())
    }
}

/// A parameter: its name, the type arguments convert to, and whether `null` or an unknown value
/// reaches the implementation (otherwise `null` is an error and an unknown makes the result unknown).
#[derive(Clone, Copy)]
pub(crate) struct Param {
    pub name: &'static str,
    pub ty: P,
    pub allow_null: bool,
    pub allow_unknown: bool,
}

impl Param {
    pub(crate) const fn nullable(self) -> Param {
        Param { allow_null: true, ..self }
    }

    pub(crate) const fn unknowable(self) -> Param {
        Param { allow_unknown: true, ..self }
    }
}

pub(crate) const fn param(name: &'static str, ty: P) -> Param {
    Param { name, ty, allow_null: false, allow_unknown: false }
}

/// Parameter types, static so tables can be constants.
#[derive(Clone, Copy)]
pub(crate) enum P {
    Any,
    String,
    Number,
    Bool,
    List(&'static P),
    Set(&'static P),
    Map(&'static P),
}

impl P {
    fn to_type(self) -> Type {
        match self {
            P::Any => Type::Dynamic,
            P::String => Type::String,
            P::Number => Type::Number,
            P::Bool => Type::Bool,
            P::List(e) => Type::List(Box::new(e.to_type())),
            P::Set(e) => Type::Set(Box::new(e.to_type())),
            P::Map(e) => Type::Map(Box::new(e.to_type())),
        }
    }
}

/// A function whose result Terraform only knows when it applies.
pub(crate) fn after_apply(ctx: &Ctx, _args: Vec<Value>) -> Result<Value, FunctionError> {
    Ok(Value::unknown(UnknownReason::AfterApply, format!("{}()", ctx.name), ctx.span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_lists_every_implemented_function_once() {
        let mut implemented: Vec<&str> = FAMILIES.iter().flat_map(|f| f.iter().map(|s| s.name)).collect();
        implemented.sort_unstable();
        let before = implemented.len();
        implemented.dedup();
        assert_eq!(before, implemented.len(), "a function is implemented twice");
        assert_eq!(implemented, SUPPORTED);
    }

    #[test]
    fn unknown_function_is_an_error() {
        let env = testing::env();
        let err = call("nosuch", vec![], Span::default(), &env).unwrap_err();
        assert!(err.to_string().contains("no function named"));
        assert!(!is_supported("nosuch"));
        assert!(is_supported("merge"));
    }
}
