//! Functions Tollgate adds to regorus, and OPA builtins it replaces.
//!
//! Added: OPA's `net.cidr_intersects`, `net.cidr_merge` and `net.cidr_contains_matches` (which
//! regorus lacks), Trivy's
//! `result.new(msg, cause)` and `isManaged(x)`, and OPA's `rego.metadata.rule()` /
//! `rego.metadata.chain()` as errors that say why they cannot run.
//!
//! Replaced: regorus looks a call up among its extensions before its own builtins, so an
//! extension registered under a builtin's name replaces that builtin. [`REPLACED_BUILTINS`] are
//! builtins regorus gets wrong, reimplemented as OPA documents them; they stay builtins to the
//! load-time call check and the allow-list, which know them by their own names.

mod net;
mod objects;
mod strings;
mod trivy;

use anyhow::{anyhow, bail, Result};
use regorus::{Engine, Value};

/// Names of the functions Tollgate adds (regorus has no builtin of these names).
pub const EXTENSIONS: [&str; 7] = [
    "net.cidr_intersects",
    "net.cidr_merge",
    "net.cidr_contains_matches",
    "result.new",
    "isManaged",
    "rego.metadata.rule",
    "rego.metadata.chain",
];

/// regorus builtins Tollgate replaces with OPA's documented behaviour, and why.
pub const REPLACED_BUILTINS: [(&str, &str); 1] =
    [("object.subset", "regorus panics on an empty array `sub` (`windows(0)`) and compares values of other types by equality where OPA reports a type error")];

/// Why `rego.metadata.*` cannot run: regorus keeps no annotations at evaluation time, and an
/// extension is not told which rule called it, so the value OPA gives cannot be built.
const NO_METADATA_AT_RUNTIME: &str = "is not supported: the Rego engine (regorus 0.14) keeps no METADATA annotations at evaluation time; read the values from a rule of your own instead (`meta := {\"title\": ...}`)";

/// An OPA builtin written in Rust: its arguments, checked by the function itself.
type Builtin = fn(&[Value]) -> Result<Value>;

/// Registers every extension on `engine` (once, before policies are evaluated). `strict` is
/// the engine's builtin-error mode, which the OPA builtins among them follow.
pub fn register(engine: &mut Engine, strict: bool) -> Result<()> {
    add_builtin(engine, strict, "net.cidr_intersects", 2, net::cidr_intersects_builtin)?;
    add_builtin(engine, strict, "net.cidr_merge", 1, net::cidr_merge_builtin)?;
    add_builtin(engine, strict, "net.cidr_contains_matches", 2, net::cidr_contains_matches_builtin)?;
    add_builtin(engine, strict, "object.subset", 2, objects::subset_builtin)?;
    add_builtin(engine, strict, "strings.count", 2, strings::count_builtin)?;
    for name in ["rego.metadata.rule", "rego.metadata.chain"] {
        engine.add_extension(
            name.into(),
            0,
            Box::new(move |_: Vec<Value>| bail!("{name}() {NO_METADATA_AT_RUNTIME}")),
        )?;
    }
    engine.add_extension(
        "result.new".into(),
        2,
        Box::new(|args: Vec<Value>| trivy::result_new(args.first(), args.get(1))),
    )?;
    engine.add_extension("isManaged".into(), 1, Box::new(|args: Vec<Value>| trivy::is_managed(args.first())))?;
    Ok(())
}

/// Registers an OPA builtin. regorus stops the rule on any error an extension returns, whatever
/// the strictness; OPA (and regorus for its own builtins) makes a failing builtin undefined
/// unless builtin errors are strict, so that is done here.
fn add_builtin(engine: &mut Engine, strict: bool, name: &'static str, nargs: u8, builtin: Builtin) -> Result<()> {
    engine.add_extension(
        name.into(),
        nargs,
        Box::new(move |args: Vec<Value>| match builtin(&args) {
            Ok(value) => Ok(value),
            Err(e) if strict => Err(anyhow!("`{name}`: {e}")),
            Err(_) => Ok(Value::Undefined),
        }),
    )
}

/// The argument at `index`, which regorus always passes (it checks the count first).
fn argument(args: &[Value], index: usize) -> Result<&Value> {
    args.get(index).ok_or_else(|| anyhow!("missing argument {}", index + 1))
}

fn string_of(value: &Value) -> Result<String> {
    Ok(value.as_string().map_err(|_| anyhow!("expected a string, got {value}"))?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regorus::unstable::BUILTINS;

    #[test]
    fn replaced_builtins_are_regorus_builtins_and_not_extensions() {
        for (name, _) in REPLACED_BUILTINS {
            assert!(BUILTINS.contains_key(name), "{name} is no longer a regorus builtin");
            assert!(!EXTENSIONS.contains(&name), "{name} is listed as an added function");
        }
    }
}
