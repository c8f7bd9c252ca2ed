//! `yamlencode` and `yamldecode` (placeholder until the YAML emitter lands).

use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::{UnknownReason, Value};

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("yamlencode", &[param("value", P::Any).nullable()], placeholder),
    Spec::new("yamldecode", &[param("src", P::String)], placeholder),
];

fn placeholder(ctx: &Ctx, _args: Vec<Value>) -> Result<Value, FunctionError> {
    Ok(Value::unknown(UnknownReason::Expression, format!("{}(...)", ctx.name), ctx.span))
}
