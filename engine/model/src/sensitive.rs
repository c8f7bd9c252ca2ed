//! Values Terraform marks sensitive (a plan's `sensitive_values` and `after_sensitive`).
//!
//! Terraform knows a sensitive value and writes it into plan JSON in clear text; only its
//! display is suppressed. Tollgate does the same: the value stays in the resource body, so rules
//! judge it like any other value (turning it into an unknown or a placeholder string would make
//! them report wrongly), and the graph records where it sits so nothing Tollgate prints shows
//! it:
//! - [`Sensitive::redact`] replaces each sensitive node of a body by the marker
//!   `{"__sensitive__": true}` (what `inspect` prints);
//! - [`Sensitive::scrub`] replaces the text of every sensitive string (and number) of four
//!   characters or more in a message by `(sensitive)` (the evaluator applies it to every
//!   finding message, whatever a rule formatted into it). Shorter texts (`true`, `80`, `on`)
//!   are not scrubbed: replacing them would mangle every message, and a finding on such a value
//!   reveals it by its verdict anyway.

use crate::resource::ResourceId;
use crate::value::{MapEntry, Value, ValueKind};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// What messages show in place of a sensitive value.
pub const SENSITIVE_TEXT: &str = "(sensitive)";

/// The key of the marker map a redacted value becomes: `{"__sensitive__": true}`.
pub const SENSITIVE_MARKER: &str = "__sensitive__";

/// Sensitive texts shorter than this (in characters) are not scrubbed from messages.
pub const MIN_SCRUBBED_CHARS: usize = 4;

/// One step of a path into a value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

/// A path as reports and policies write it: `spec.containers[0].image`.
pub fn path_text(path: &[PathStep]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            PathStep::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            PathStep::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

/// Where the sensitive values of a graph sit, and their texts.
#[derive(Debug, Clone, Default)]
pub struct Sensitive {
    paths: BTreeMap<ResourceId, BTreeSet<Vec<PathStep>>>,
    texts: BTreeSet<String>,
    /// `texts`, longest first, so a text containing another is replaced whole.
    ordered: Vec<String>,
}

impl Sensitive {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Records that the value at `path` of resource `id`'s `body` is sensitive (the path need
    /// not exist: a sensitive value may also be unknown).
    pub(crate) fn mark(&mut self, id: ResourceId, path: Vec<PathStep>, body: &Value) {
        if let Some(value) = at_path(body, &path) {
            collect_texts(value, &mut self.texts);
        }
        self.paths.entry(id).or_default().insert(path);
    }

    /// Records a sensitive text that may appear inside other values (a secret repository name
    /// inside an image reference), so messages never show it, whatever they quote.
    pub(crate) fn add_text(&mut self, text: &str) {
        if text.chars().count() >= MIN_SCRUBBED_CHARS {
            self.texts.insert(text.to_string());
        }
    }

    /// Orders the texts for [`Sensitive::scrub`]; called when the graph is built.
    pub(crate) fn finish(&mut self) {
        let mut ordered: Vec<String> = self.texts.iter().cloned().collect();
        ordered.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.ordered = ordered;
    }

    /// Whether any value of resource `id` is sensitive.
    pub fn has(&self, id: ResourceId) -> bool {
        self.paths.contains_key(&id)
    }

    /// The sensitive paths of resource `id`.
    pub fn paths(&self, id: ResourceId) -> impl Iterator<Item = &[PathStep]> + '_ {
        self.paths.get(&id).into_iter().flatten().map(Vec::as_slice)
    }

    /// `body` (the body of resource `id`) with every sensitive value replaced by the marker map.
    pub fn redact<'a>(&self, id: ResourceId, body: &'a Value) -> Cow<'a, Value> {
        let Some(paths) = self.paths.get(&id) else { return Cow::Borrowed(body) };
        let mut redacted = body.clone();
        for path in paths {
            if let Some(value) = at_path_mut(&mut redacted, path) {
                *value = marker(value);
            }
        }
        Cow::Owned(redacted)
    }

    /// `text` with every sensitive text of [`MIN_SCRUBBED_CHARS`] or more replaced by
    /// [`SENSITIVE_TEXT`].
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for secret in &self.ordered {
            if out.contains(secret.as_str()) {
                out = Cow::Owned(out.replace(secret.as_str(), SENSITIVE_TEXT));
            }
        }
        out
    }
}

/// True for the marker map [`Sensitive::redact`] puts in place of a sensitive value.
pub fn is_redacted(value: &Value) -> bool {
    matches!(value.as_map(), Some([entry]) if entry.key == SENSITIVE_MARKER)
}

fn marker(value: &Value) -> Value {
    let entry = MapEntry {
        key: SENSITIVE_MARKER.to_string(),
        key_span: value.span,
        value: Value::new(ValueKind::Bool(true), value.span),
    };
    Value::new(ValueKind::Map(vec![entry]), value.span)
}

fn at_path<'a>(value: &'a Value, path: &[PathStep]) -> Option<&'a Value> {
    path.iter().try_fold(value, |current, step| match step {
        PathStep::Key(key) => current.entry(key).map(|e| &e.value),
        PathStep::Index(i) => current.as_list()?.get(*i),
    })
}

fn at_path_mut<'a>(value: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |current, step| match (&mut current.kind, step) {
        (ValueKind::Map(entries), PathStep::Key(key)) => {
            entries.iter_mut().rev().find(|e| &e.key == key).map(|e| &mut e.value)
        }
        (ValueKind::List(items), PathStep::Index(i)) => items.get_mut(*i),
        _ => None,
    })
}

/// The texts a message could quote of `value`: its strings as written and as JSON escapes
/// them (a rule may print a whole map as JSON), and its numbers.
fn collect_texts(value: &Value, out: &mut BTreeSet<String>) {
    let mut add = |text: String| {
        if text.chars().count() >= MIN_SCRUBBED_CHARS {
            out.insert(text);
        }
    };
    match &value.kind {
        ValueKind::String(s) => {
            let escaped = serde_json::Value::String(s.clone()).to_string();
            let escaped = escaped.get(1..escaped.len().saturating_sub(1)).unwrap_or_default().to_string();
            if escaped != *s {
                add(escaped);
            }
            add(s.clone());
        }
        ValueKind::Number(_) => add(value.to_json().to_string()),
        ValueKind::List(items) => items.iter().for_each(|item| collect_texts(item, out)),
        ValueKind::Map(entries) => entries.iter().for_each(|e| collect_texts(&e.value, out)),
        ValueKind::Null | ValueKind::Bool(_) | ValueKind::Unknown(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn sp() -> Span {
        Span::default()
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        let entries =
            entries.into_iter().map(|(k, v)| MapEntry { key: k.to_string(), key_span: sp(), value: v }).collect();
        Value::new(ValueKind::Map(entries), sp())
    }

    fn body() -> Value {
        map(vec![
            ("name", Value::string("db", sp())),
            ("password", Value::string("hunter2\"x", sp())),
            (
                "ports",
                Value::new(ValueKind::List(vec![Value::new(ValueKind::Number(crate::Number::Int(5432)), sp())]), sp()),
            ),
        ])
    }

    #[test]
    fn redact_replaces_only_marked_paths() {
        let mut sensitive = Sensitive::default();
        let body = body();
        let id = ResourceId(3);
        sensitive.mark(id, vec![PathStep::Key("password".into())], &body);
        sensitive.mark(id, vec![PathStep::Key("ports".into()), PathStep::Index(0)], &body);
        sensitive.mark(id, vec![PathStep::Key("absent".into())], &body);
        sensitive.finish();
        let redacted = sensitive.redact(id, &body);
        assert_eq!(redacted.get("name").known().and_then(Value::as_str), Some("db"));
        assert!(redacted.get("password").known().is_some_and(is_redacted));
        assert!(redacted.lookup(&["ports"]).known().and_then(Value::as_list).is_some_and(|l| is_redacted(&l[0])));
        assert!(matches!(sensitive.redact(ResourceId(4), &body), Cow::Borrowed(_)));
        assert_eq!(redacted.to_json()["password"], serde_json::json!({"__sensitive__": true}));
    }

    #[test]
    fn scrub_removes_texts_as_written_and_as_json() {
        let mut sensitive = Sensitive::default();
        let body = body();
        sensitive.mark(ResourceId(0), vec![PathStep::Key("password".into())], &body);
        sensitive.mark(ResourceId(0), vec![PathStep::Key("ports".into())], &body);
        sensitive.finish();
        let message = format!("value hunter2\"x, as JSON {}, port 5432", body.to_json());
        let scrubbed = sensitive.scrub(&message);
        assert!(!scrubbed.contains("hunter2"), "{scrubbed}");
        assert!(!scrubbed.contains("5432"), "{scrubbed}");
        assert!(scrubbed.contains("\"db\""));
        assert!(matches!(sensitive.scrub("nothing secret"), Cow::Borrowed(_)));
    }
}
