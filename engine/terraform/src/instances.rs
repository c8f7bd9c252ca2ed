//! `count` and `for_each`: which instances a block has, and their keys in Terraform's address
//! syntax (`[0]`, `["alice"]`).

use crate::body::iterator_object;
use crate::eval::ops::{primitive_string, to_number};
use tollgate_model::{MapEntry, Number, Span, UnknownReason, Value, ValueKind};

/// More instances than this are not expanded (a hostile or mistaken `count = 1e9` would
/// exhaust memory); the block is checked once, as for an unknown count.
pub(crate) const MAX_INSTANCES: usize = 10_000;

/// The instances of a block.
#[derive(Debug, Clone)]
pub(crate) enum Keys {
    /// Neither `count` nor `for_each`: one instance, no key.
    Single,
    Count(usize),
    /// Keys in Terraform's order (sorted) with `each.value`.
    Each(Vec<(String, Value)>),
    /// Cannot be known before apply: checked once, without a key; the value says why.
    Unknown(Value),
}

/// One instance's key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum InstanceKey {
    None,
    Index(usize),
    Key(String),
}

impl InstanceKey {
    /// The key as written after an address: ``, `[0]`, `["a"]`.
    pub(crate) fn suffix(&self) -> String {
        match self {
            InstanceKey::None => String::new(),
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[\"{}\"]", k.replace('\\', "\\\\").replace('"', "\\\"")),
        }
    }

    /// Whether an index written in an expression (`[0]`, `["a"]`) selects this instance.
    pub(crate) fn matches(&self, key: &Value) -> bool {
        match self {
            InstanceKey::None => false,
            InstanceKey::Index(i) => to_number(key).ok().and_then(Number::as_i64) == i64::try_from(*i).ok(),
            InstanceKey::Key(k) => primitive_string(key).as_deref() == Some(k),
        }
    }
}

impl Keys {
    /// The instances with the names they bind (`count`, `each`), in Terraform's order.
    pub(crate) fn instances(&self, span: Span) -> Vec<(InstanceKey, Vec<(&'static str, Value)>)> {
        let int = |i: usize| Value::new(ValueKind::Number(Number::Int(i as i64)), span);
        match self {
            Keys::Single => vec![(InstanceKey::None, Vec::new())],
            Keys::Count(n) => {
                (0..*n).map(|i| (InstanceKey::Index(i), vec![("count", count_object(int(i), span))])).collect()
            }
            Keys::Each(items) => items
                .iter()
                .map(|(key, value)| {
                    let each = iterator_object(Value::string(key.clone(), span), value.clone(), span);
                    (InstanceKey::Key(key.clone()), vec![("each", each)])
                })
                .collect(),
            Keys::Unknown(cause) => {
                let unknown = |source: &str| match &cause.kind {
                    ValueKind::Unknown(u) => u.for_source(source).at(span),
                    _ => Value::unknown(UnknownReason::Expression, source, span),
                };
                let count = count_object(unknown("count.index"), span);
                let each = iterator_object(unknown("each.key"), unknown("each.value"), span);
                vec![(InstanceKey::None, vec![("count", count), ("each", each)])]
            }
        }
    }
}

fn count_object(index: Value, span: Span) -> Value {
    Value::new(ValueKind::Map(vec![MapEntry { key: "index".to_string(), key_span: span, value: index }]), span)
}

/// The instances a `count` value asks for.
pub(crate) fn from_count(count: &Value) -> Result<Keys, String> {
    if count.is_unknown() {
        return Ok(Keys::Unknown(count.clone()));
    }
    if count.is_null() {
        return Err("`count` is null; it must be a whole number (0 or more)".into());
    }
    let n = to_number(count).map_err(|e| format!("`count` must be a whole number: {e}"))?;
    match n.as_i64() {
        Some(n) if n < 0 => Err(format!("`count` is {n}; it must not be negative")),
        Some(n) if n as u64 > MAX_INSTANCES as u64 => Err(format!(
            "`count` is {n}, more instances than Tollgate expands ({MAX_INSTANCES}); the block was checked once"
        )),
        Some(n) => Ok(Keys::Count(n as usize)),
        None => Err("`count` must be a whole number".into()),
    }
}

/// The instances a `for_each` value asks for: a map (keys and values) or a set of strings.
pub(crate) fn from_for_each(value: &Value) -> Result<Keys, String> {
    let mut items: Vec<(String, Value)> =
        match &value.kind {
            ValueKind::Unknown(_) => return Ok(Keys::Unknown(value.clone())),
            ValueKind::Null => return Err("`for_each` is null; it must be a map or a set of strings".into()),
            ValueKind::Map(entries) => entries.iter().map(|e| (e.key.clone(), e.value.clone())).collect(),
            ValueKind::List(elements) => {
                let mut items = Vec::with_capacity(elements.len());
                for element in elements {
                    match &element.kind {
                        ValueKind::String(s) => items.push((s.clone(), element.clone())),
                        // Which keys exist depends on it.
                        ValueKind::Unknown(_) => return Ok(Keys::Unknown(element.clone())),
                        ValueKind::Null => return Err("`for_each` set holds a null element; remove it".into()),
                        _ => return Err(
                            "`for_each` must be a map or a set of strings; convert the elements with `toset([...])` \
                             of strings or build a map"
                                .into(),
                        ),
                    }
                }
                items
            }
            _ => return Err("`for_each` must be a map or a set of strings".into()),
        };
    if items.len() > MAX_INSTANCES {
        return Err(format!(
            "`for_each` has {} elements, more instances than Tollgate expands ({MAX_INSTANCES})",
            items.len()
        ));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    items.dedup_by(|a, b| a.0 == b.0);
    Ok(Keys::Each(items))
}
