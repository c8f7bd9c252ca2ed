//! A planned resource's values as a [`Value`]: the known values of `planned_values`, what only
//! `change.after` holds, and the unknowns `change.after_unknown` marks; plus where the values
//! `sensitive_values` / `after_sensitive` mark sit.

use std::ops::Range;
use tollgate_model::json::{Json, JsonKind};
use tollgate_model::lines::LineIndex;
use tollgate_model::{path_text, MapEntry, Number, PathStep, Span, UnknownReason, Value, ValueKind};

/// The inputs for one resource, each optional (a data source read during planning has no change).
pub(crate) struct Sources<'a> {
    /// `values` of the resource object in `planned_values` (or `prior_state`).
    pub(crate) planned: Option<&'a Json>,
    /// `change.after`.
    pub(crate) after: Option<&'a Json>,
    /// `change.after_unknown`.
    pub(crate) unknown: Option<&'a Json>,
    /// `sensitive_values` and `change.after_sensitive`.
    pub(crate) sensitive: Vec<&'a Json>,
}

/// The body, its sensitive paths, and the byte ranges of the sensitive values in the plan text.
pub(crate) struct Built {
    pub(crate) body: Value,
    pub(crate) sensitive: Vec<Vec<PathStep>>,
    pub(crate) secret_ranges: Vec<Range<usize>>,
}

/// Builds the body of one resource; `fallback` locates values that have no text of their own
/// in `planned_values` (unknowns, values only `after` holds).
pub(crate) fn build(sources: &Sources<'_>, lines: &LineIndex<'_>, fallback: Span) -> Built {
    let merger = Merger { lines };
    let mut path = Vec::new();
    let body = merger
        .merge(sources.planned, sources.after, sources.unknown, fallback, &mut path)
        .filter(|v| v.as_map().is_some())
        .unwrap_or_else(|| Value::new(ValueKind::Map(Vec::new()), fallback));
    let mut sensitive = Vec::new();
    for marks in &sources.sensitive {
        sensitive_paths(marks, &mut Vec::new(), &mut sensitive);
    }
    sensitive.sort();
    sensitive.dedup();
    let secret_ranges = match sources.planned {
        Some(planned) => sensitive.iter().filter_map(|path| json_at(planned, path).map(|j| j.range.clone())).collect(),
        None => Vec::new(),
    };
    Built { body, sensitive, secret_ranges }
}

struct Merger<'a, 'b> {
    lines: &'a LineIndex<'b>,
}

impl Merger<'_, '_> {
    /// One value: `planned` (with its own span) if present, else `after` (located at
    /// `fallback`), with the unknowns of `unknown` laid over. `None` when there is nothing.
    fn merge(
        &self,
        planned: Option<&Json>,
        after: Option<&Json>,
        unknown: Option<&Json>,
        fallback: Span,
        path: &mut Vec<PathStep>,
    ) -> Option<Value> {
        let span = planned.map(|p| self.lines.span(p.range.clone())).unwrap_or(fallback);
        if matches!(unknown.map(|u| &u.kind), Some(JsonKind::Bool(true))) {
            return Some(Value::unknown(UnknownReason::AfterApply, path_text(path), span));
        }
        let base = planned.or(after);
        if base.is_none() && !unknown.is_some_and(marks_any) {
            return None;
        }
        let kind = match base.map(|b| &b.kind) {
            Some(JsonKind::Object(_)) | None if is_object(base) || is_object(unknown) => {
                ValueKind::Map(self.merge_object(planned, after, unknown, span, path))
            }
            Some(JsonKind::Array(_)) | None if is_array(base) || is_array(unknown) => {
                ValueKind::List(self.merge_array(planned, after, unknown, span, path))
            }
            None => return None,
            Some(JsonKind::Null) => ValueKind::Null,
            Some(JsonKind::Bool(b)) => ValueKind::Bool(*b),
            Some(JsonKind::Int(i)) => ValueKind::Number(Number::Int(*i)),
            Some(JsonKind::Float(f)) => ValueKind::Number(Number::Float(*f)),
            Some(JsonKind::String(s)) => ValueKind::String(s.clone()),
            Some(JsonKind::Object(_) | JsonKind::Array(_)) => return None,
        };
        Some(Value::new(kind, span))
    }

    fn merge_object(
        &self,
        planned: Option<&Json>,
        after: Option<&Json>,
        unknown: Option<&Json>,
        span: Span,
        path: &mut Vec<PathStep>,
    ) -> Vec<MapEntry> {
        let mut entries: Vec<MapEntry> = Vec::new();
        // Keys in order of first appearance: planned values, then after, then unknowns.
        let mut keys: Vec<(&str, Option<Span>)> = Vec::new();
        for (json, spanned) in [(planned, true), (after, false), (unknown, false)] {
            for member in members(json) {
                if !keys.iter().any(|(k, _)| *k == member.key) {
                    let key_span = spanned.then(|| self.lines.span(member.key_range.clone()));
                    keys.push((&member.key, key_span));
                }
            }
        }
        for (key, key_span) in keys {
            path.push(PathStep::Key(key.to_string()));
            let value = self.merge(member(planned, key), member(after, key), member(unknown, key), span, path);
            path.pop();
            if let Some(value) = value {
                entries.push(MapEntry { key: key.to_string(), key_span: key_span.unwrap_or(span), value });
            }
        }
        entries
    }

    fn merge_array(
        &self,
        planned: Option<&Json>,
        after: Option<&Json>,
        unknown: Option<&Json>,
        span: Span,
        path: &mut Vec<PathStep>,
    ) -> Vec<Value> {
        let len = [planned, after, unknown].iter().map(|j| items(*j).len()).max().unwrap_or(0);
        (0..len)
            .map(|i| {
                path.push(PathStep::Index(i));
                let value = self.merge(item(planned, i), item(after, i), item(unknown, i), span, path);
                path.pop();
                value.unwrap_or_else(|| Value::null(span))
            })
            .collect()
    }
}

/// Whether a marker structure (`after_unknown`, `after_sensitive`) marks anything `true`.
fn marks_any(json: &Json) -> bool {
    match &json.kind {
        JsonKind::Bool(b) => *b,
        JsonKind::Object(members) => members.iter().any(|m| marks_any(&m.value)),
        JsonKind::Array(items) => items.iter().any(marks_any),
        _ => false,
    }
}

fn is_object(json: Option<&Json>) -> bool {
    matches!(json.map(|j| &j.kind), Some(JsonKind::Object(_)))
}

fn is_array(json: Option<&Json>) -> bool {
    matches!(json.map(|j| &j.kind), Some(JsonKind::Array(_)))
}

fn members(json: Option<&Json>) -> &[tollgate_model::json::JsonMember] {
    json.and_then(Json::as_object).unwrap_or_default()
}

/// The last member named `key` (JSON readers keep the last of duplicates).
pub(crate) fn member<'a>(json: Option<&'a Json>, key: &str) -> Option<&'a Json> {
    members(json).iter().rev().find(|m| m.key == key).map(|m| &m.value)
}

fn item(json: Option<&Json>, index: usize) -> Option<&Json> {
    items(json).get(index)
}

fn items(json: Option<&Json>) -> &[Json] {
    match json.map(|j| &j.kind) {
        Some(JsonKind::Array(items)) => items,
        _ => &[],
    }
}

/// Every path a sensitivity structure marks `true` (`{"tags": {"secret": true}}`).
fn sensitive_paths(marks: &Json, path: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match &marks.kind {
        JsonKind::Bool(true) => out.push(path.clone()),
        JsonKind::Object(members) => {
            for member in members {
                path.push(PathStep::Key(member.key.clone()));
                sensitive_paths(&member.value, path, out);
                path.pop();
            }
        }
        JsonKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                sensitive_paths(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn json_at<'a>(json: &'a Json, path: &[PathStep]) -> Option<&'a Json> {
    path.iter().try_fold(json, |current, step| match step {
        PathStep::Key(key) => member(Some(current), key),
        PathStep::Index(i) => items(Some(current)).get(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::json::parse;
    use tollgate_model::FileId;

    fn built(planned: &str, after: &str, unknown: &str, sensitive: &str) -> (Built, String) {
        // One text holding the four parts, as a plan does.
        let text = format!("[{planned},\n{after},\n{unknown},\n{sensitive}]");
        let json = parse(&text).unwrap();
        let JsonKind::Array(parts) = &json.kind else { panic!() };
        let lines = LineIndex::new(FileId(0), &text);
        let sources = Sources {
            planned: Some(&parts[0]),
            after: Some(&parts[1]),
            unknown: Some(&parts[2]),
            sensitive: vec![&parts[3]],
        };
        (build(&sources, &lines, Span::default()), text)
    }

    #[test]
    fn unknown_leaves_become_after_apply_unknowns() {
        let (b, _) = built(
            r#"{"input": {"name": "web"}, "list": ["a", null, "c"]}"#,
            r#"{"input": {"name": "web"}, "list": ["a", null, "c"]}"#,
            r#"{"id": true, "input": {"key": true, "tags": {}}, "list": [false, true, false]}"#,
            "{}",
        );
        let body = b.body;
        assert_eq!(body.lookup(&["input", "name"]).known().and_then(Value::as_str), Some("web"));
        let key = body.lookup(&["input", "key"]);
        assert!(key.is_unknown());
        let unknown = key.value().and_then(Value::as_unknown).unwrap();
        assert_eq!((unknown.reason, unknown.source.as_str()), (UnknownReason::AfterApply, "input.key"));
        assert!(body.get("id").is_unknown());
        assert!(body.lookup(&["input", "tags"]).is_absent(), "an empty unknown marker adds nothing");
        let list = body.get("list").known().and_then(Value::as_list).unwrap();
        assert_eq!(list[0].as_str(), Some("a"));
        assert_eq!(list[1].as_unknown().map(|u| u.source.as_str()), Some("list[1]"));
        assert_eq!(list[2].span.start.line, 1);
    }

    #[test]
    fn values_only_after_holds_are_kept_and_sensitive_ranges_found() {
        let (b, text) = built(
            r#"{"password": "hunter22", "nested": [{"token": "abcd1234"}]}"#,
            r#"{"password": "hunter22", "extra": 5}"#,
            "{}",
            r#"{"password": true, "nested": [{"token": true}], "gone": true}"#,
        );
        assert_eq!(b.body.get("extra").known().and_then(Value::as_i64), Some(5));
        assert_eq!(b.sensitive.len(), 3);
        let secrets: Vec<&str> = b.secret_ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(secrets, vec![r#""abcd1234""#, r#""hunter22""#]);
    }
}
