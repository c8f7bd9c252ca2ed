//! One rule's value on one input, evaluated exactly as a scan evaluates rules (the same
//! engine, extensions, strictness and `--data`): for tools and for the conformance suite
//! (`tests/conformance`), which checks Tollgate's Rego against OPA's documented results.

use crate::isolate::guarded_result;
use crate::load::PolicySet;
use serde_json::Value as Json;

impl PolicySet {
    /// The value of `rule` (`data.<package>.<name>`) with `input` (none: `input` is undefined),
    /// `None` when the rule is undefined, or the engine's error. Sets come out as sorted arrays.
    pub fn query_rule(&self, rule: &str, input: Option<Json>) -> Result<Option<Json>, String> {
        let mut engine = self.engine.clone();
        let input = match input {
            Some(json) => regorus::Value::from_json_str(&json.to_string()).map_err(|e| e.to_string())?,
            None => regorus::Value::Undefined,
        };
        engine.set_input(input);
        let value = guarded_result(|| engine.eval_rule(rule.to_string()))?;
        if value == regorus::Value::Undefined {
            return Ok(None);
        }
        serde_json::to_value(&value).map(Some).map_err(|e| e.to_string())
    }
}
