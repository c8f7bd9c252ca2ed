//! Reading the attributes a model decides on: absent, known (with where it was written) or
//! unknown with a reason a report can print. Bad values (a negative size, a fraction of a node,
//! an absurd count) are unknown with the reason, never a panic and never a default.

use tollgate_model::{Lookup, Span, UnknownReason, Value};
use tollgate_pricing::Decimal;

/// The largest count or size a model accepts; beyond it a value is treated as a mistake.
const LARGEST_WHOLE_NUMBER: i64 = 1_000_000_000;

/// An attribute as a model sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Read<T> {
    /// Not set (or `null`): the model applies the documented default, if any.
    Absent,
    Known(T, Span),
    /// Set, but not resolvable (or not valid): why.
    Unknown(String),
}

impl<T> Read<T> {
    pub fn span(&self) -> Option<Span> {
        match self {
            Read::Known(_, span) => Some(*span),
            _ => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Read::Absent)
    }

    /// The value and where it was written, `when_absent` (a documented default, or why there is
    /// none) when not set, or why it is unknown.
    pub fn or_else(self, when_absent: Result<T, String>) -> Result<(T, Option<Span>), String> {
        match self {
            Read::Known(value, span) => Ok((value, Some(span))),
            Read::Absent => when_absent.map(|value| (value, None)),
            Read::Unknown(why) => Err(why),
        }
    }

    pub fn known(self) -> Option<T> {
        match self {
            Read::Known(value, _) => Some(value),
            _ => None,
        }
    }
}

/// Looks `path` up, stepping into the first block of nested-block lists (`root_block_device`,
/// `scaling_config`), which Terraform writes as lists of one map.
pub(crate) fn find<'a>(body: &'a Value, path: &[&str]) -> Lookup<'a> {
    let mut current = body;
    for key in path {
        let map = match current.as_list() {
            Some([first, ..]) => first,
            Some([]) => return Lookup::Absent,
            None => current,
        };
        match map.get(key) {
            Lookup::Known(value) => current = value,
            other => return other,
        }
    }
    match current.as_list() {
        Some([first]) if first.as_map().is_some() => Lookup::Known(first),
        _ => Lookup::Known(current),
    }
}

/// A string attribute (numbers and booleans written for it read as their text).
pub(crate) fn text(body: &Value, path: &[&str]) -> Read<String> {
    match known_or_why(body, path) {
        Ok(Some(value)) => match &value.kind {
            tollgate_model::ValueKind::String(s) => Read::Known(s.clone(), value.span),
            tollgate_model::ValueKind::Number(_) | tollgate_model::ValueKind::Bool(_) => {
                Read::Known(value.display(), value.span)
            }
            _ => Read::Unknown(format!("`{}` is {}, not a string", path.join("."), value.display())),
        },
        Ok(None) => Read::Absent,
        Err(why) => Read::Unknown(why),
    }
}

/// A boolean attribute (`"true"` strings included, as Terraform converts them).
pub(crate) fn flag(body: &Value, path: &[&str]) -> Read<bool> {
    match text(body, path) {
        Read::Known(text, span) => match text.as_str() {
            "true" => Read::Known(true, span),
            "false" => Read::Known(false, span),
            other => Read::Unknown(format!("`{}` is {other}, not a boolean", path.join("."))),
        },
        Read::Absent => Read::Absent,
        Read::Unknown(why) => Read::Unknown(why),
    }
}

/// A whole number from 0 to a billion (node counts, GiB, IOPS).
pub(crate) fn whole_number(body: &Value, path: &[&str]) -> Read<Decimal> {
    let name = path.join(".");
    match known_or_why(body, path) {
        Ok(Some(value)) => match value.as_i64() {
            Some(n) if (0..=LARGEST_WHOLE_NUMBER).contains(&n) => Read::Known(Decimal::from(n), value.span),
            Some(n) if n < 0 => Read::Unknown(format!("`{name}` is {n}, a negative number")),
            Some(n) => Read::Unknown(format!("`{name}` is {n}, beyond any real configuration")),
            None => Read::Unknown(format!("`{name}` is {}, not a whole number", value.display())),
        },
        Ok(None) => Read::Absent,
        Err(why) => Read::Unknown(why),
    }
}

/// The strings of a list attribute (`instance_types`); unknown when the list or an item is.
pub(crate) fn texts(body: &Value, path: &[&str]) -> Read<Vec<String>> {
    let name = path.join(".");
    match known_or_why(body, path) {
        Ok(Some(value)) => {
            let items = value.as_list().unwrap_or(std::slice::from_ref(value));
            let mut out = Vec::new();
            for item in items {
                match (item.as_str(), item.as_unknown()) {
                    (Some(s), _) => out.push(s.to_string()),
                    (None, Some(_)) => return Read::Unknown(why_unknown(&name, item)),
                    (None, None) => return Read::Unknown(format!("`{name}` holds {}, not a string", item.display())),
                }
            }
            Read::Known(out, value.span)
        }
        Ok(None) => Read::Absent,
        Err(why) => Read::Unknown(why),
    }
}

/// The value at `path`: `None` when absent or null, `Err` with the reason when unknown.
fn known_or_why<'a>(body: &'a Value, path: &[&str]) -> Result<Option<&'a Value>, String> {
    match find(body, path) {
        Lookup::Absent => Ok(None),
        Lookup::Known(value) if value.is_null() => Ok(None),
        Lookup::Known(value) => Ok(Some(value)),
        Lookup::Unknown(value) => Err(why_unknown(&path.join("."), value)),
    }
}

/// Why an attribute has no value Tollgate can use, naming the expression.
pub(crate) fn why_unknown(attribute: &str, value: &Value) -> String {
    let Some(unknown) = value.as_unknown() else {
        return format!("`{attribute}` is {}", value.display());
    };
    let source = &unknown.source;
    let why = match unknown.reason {
        UnknownReason::AfterApply => "known only after apply".to_string(),
        UnknownReason::ReadDuringPlan => unknown.provider_read().unwrap_or_else(|| "read during plan".to_string()),
        UnknownReason::UnsetVariable => "a variable with no value".to_string(),
        UnknownReason::Expression => "an expression Tollgate cannot evaluate".to_string(),
        UnknownReason::UnresolvedModule => "from a module that could not be read".to_string(),
        UnknownReason::OutsideScanRoot => "read from outside the scan root".to_string(),
    };
    format!("`{attribute}` = {source} is unknown ({why})")
}
