//! `data "aws_iam_policy_document"` rendered into the JSON the AWS provider computes for its
//! `json` and `minified_json` attributes, so that `policy = data.aws_iam_policy_document.x.json`
//! is a known policy whenever everything the document is built from is known.
//!
//! The rendering follows the provider (v5 and later) as documented and as it behaves:
//! - `version` defaults to `2012-10-17`; `policy_id` becomes `Id`; a statement's `effect`
//!   defaults to `Allow`; an empty `sid` is left out.
//! - `actions`, `not_actions`, `resources`, `not_resources` and principal `identifiers` are sets:
//!   duplicates are dropped, one element is written as a string, several as a list sorted in
//!   reverse order. Condition `values` keep their order; one value is written as a string.
//! - `&{` in resources, principals and condition values becomes `${` (IAM policy variables).
//! - Principals and conditions are JSON objects with sorted keys; principals of the same type
//!   are concatenated; a lone principal `{ type = "*", identifiers = ["*"] }` is written `"*"`.
//! - `source_policy_documents` are merged first, in order (a repeated `Sid` among them is an
//!   error), then the document's own statements, then `override_policy_documents`: a statement
//!   with the `Sid` of an earlier one replaces it, others are appended.
//! - The output is Go's `encoding/json`: fields in the provider's order, `<`, `>` and `&`
//!   escaped as `\u003c`, `\u003e`, `\u0026`; `json` indented by two spaces, `minified_json` compact.
//!
//! Where the provider iterates a set of blocks in hash order (two `principals` blocks of the same
//! type, two `condition` blocks on the same key), source order is used.

use serde_json::{Map, Value as Json};
use tollgate_model::{Lookup, Unknown, UnknownReason, Value, ValueKind};

/// The document's `json` attribute: the pretty-printed policy as a string when everything it is
/// built from is known, else an unknown carrying the first unknown input's reason and source.
/// The result is located at `body`'s span.
pub fn render_policy_document(body: &Value) -> Value {
    render(body, Style::Indented)
}

/// The document's `minified_json` attribute (the same policy without whitespace).
pub fn render_minified_policy_document(body: &Value) -> Value {
    render(body, Style::Minified)
}

#[derive(Clone, Copy)]
enum Style {
    Indented,
    Minified,
}

fn render(body: &Value, style: Style) -> Value {
    match build(body) {
        Ok(doc) => Value::string(to_go_json(&doc.to_json(), style), body.span),
        Err(Problem::Unknown(unknown)) => unknown.at(body.span),
        Err(Problem::Invalid(message)) => {
            // Terraform would stop with this error: there is no value to check.
            Value::unknown(UnknownReason::Expression, format!("invalid policy document: {message}"), body.span)
        }
    }
}

/// Why a document cannot be rendered.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    /// An input is unknown.
    Unknown(Unknown),
    /// The provider would reject the document with this message.
    Invalid(String),
}

impl Problem {
    fn unknown(value: &Value) -> Problem {
        match value.as_unknown() {
            Some(u) => Problem::Unknown(u.clone()),
            None => Problem::Invalid("unexpected value".into()),
        }
    }
}

type Result<T> = std::result::Result<T, Problem>;

/// A string or a list of strings, as the provider keeps set-typed fields.
#[derive(Debug, Clone, PartialEq)]
enum Strings {
    One(String),
    Many(Vec<String>),
}

impl Strings {
    /// The provider's reading of a set: one element alone, several sorted in reverse order.
    fn from_set(mut items: Vec<String>) -> Strings {
        if items.len() == 1 {
            return Strings::One(items.remove(0));
        }
        items.sort();
        items.reverse();
        Strings::Many(items)
    }

    fn map(self, f: impl Fn(String) -> String) -> Strings {
        match self {
            Strings::One(s) => Strings::One(f(s)),
            Strings::Many(items) => Strings::Many(items.into_iter().map(f).collect()),
        }
    }

    fn to_json(&self) -> Json {
        match self {
            Strings::One(s) => Json::String(s.clone()),
            Strings::Many(items) => Json::Array(items.iter().cloned().map(Json::String).collect()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Principal {
    kind: String,
    identifiers: Strings,
}

#[derive(Debug, Clone, PartialEq)]
struct Condition {
    test: String,
    variable: String,
    values: Strings,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Statement {
    sid: String,
    effect: String,
    /// Action, NotAction, Resource, NotResource: any JSON (documents merged in from JSON keep
    /// what they hold).
    action: Option<Json>,
    not_action: Option<Json>,
    resource: Option<Json>,
    not_resource: Option<Json>,
    principals: Vec<Principal>,
    not_principals: Vec<Principal>,
    conditions: Vec<Condition>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Document {
    version: String,
    id: String,
    statements: Vec<Statement>,
}

impl Document {
    /// Adopts `other`'s id and a later version, and merges its statements: same `Sid` replaces,
    /// the rest is appended.
    fn merge(&mut self, other: Document) {
        if !other.id.is_empty() {
            self.id = other.id;
        }
        if other.version > self.version {
            self.version = other.version;
        }
        for statement in other.statements {
            let existing =
                (!statement.sid.is_empty()).then(|| self.statements.iter().position(|s| s.sid == statement.sid));
            match existing.flatten() {
                Some(i) => self.statements[i] = statement,
                None => self.statements.push(statement),
            }
        }
    }

    fn to_json(&self) -> Json {
        let mut out = Map::new();
        if !self.version.is_empty() {
            out.insert("Version".into(), Json::String(self.version.clone()));
        }
        if !self.id.is_empty() {
            out.insert("Id".into(), Json::String(self.id.clone()));
        }
        if !self.statements.is_empty() {
            out.insert("Statement".into(), Json::Array(self.statements.iter().map(Statement::to_json).collect()));
        }
        Json::Object(out)
    }
}

impl Statement {
    fn to_json(&self) -> Json {
        let mut out = Map::new();
        let mut put = |key: &str, value: Option<Json>| {
            if let Some(value) = value {
                out.insert(key.to_string(), value);
            }
        };
        put("Sid", (!self.sid.is_empty()).then(|| Json::String(self.sid.clone())));
        put("Effect", (!self.effect.is_empty()).then(|| Json::String(self.effect.clone())));
        put("Action", self.action.clone());
        put("NotAction", self.not_action.clone());
        put("Resource", self.resource.clone());
        put("NotResource", self.not_resource.clone());
        put("Principal", principals_json(&self.principals));
        put("NotPrincipal", principals_json(&self.not_principals));
        put("Condition", conditions_json(&self.conditions));
        Json::Object(out)
    }
}

/// Principals as the provider writes them: `"*"` for the lone wildcard principal, else an
/// object from type (sorted) to identifiers, principals of one type concatenated.
fn principals_json(principals: &[Principal]) -> Option<Json> {
    if principals.is_empty() {
        return None;
    }
    if let [only] = principals {
        let wildcard = match &only.identifiers {
            Strings::One(s) => s == "*",
            Strings::Many(items) => items.len() == 1 && items[0] == "*",
        };
        if only.kind == "*" && wildcard {
            return Some(Json::String("*".into()));
        }
    }
    let mut by_type: std::collections::BTreeMap<&str, Strings> = std::collections::BTreeMap::new();
    for principal in principals {
        let merged = match (by_type.remove(principal.kind.as_str()), &principal.identifiers) {
            (None, Strings::One(s)) => Strings::One(s.clone()),
            (None, Strings::Many(items)) => Strings::Many(reverse_sorted(items)),
            (Some(Strings::One(first)), Strings::One(s)) => Strings::Many(vec![first, s.clone()]),
            (Some(Strings::One(first)), Strings::Many(items)) => {
                Strings::Many(std::iter::once(first).chain(reverse_sorted(items)).collect())
            }
            (Some(Strings::Many(mut list)), Strings::One(s)) => {
                list.push(s.clone());
                Strings::Many(list)
            }
            (Some(Strings::Many(mut list)), Strings::Many(items)) => {
                list.extend(reverse_sorted(items));
                Strings::Many(list)
            }
        };
        by_type.insert(&principal.kind, merged);
    }
    Some(Json::Object(by_type.into_iter().map(|(k, v)| (k.to_string(), v.to_json())).collect()))
}

fn reverse_sorted(items: &[String]) -> Vec<String> {
    let mut items = items.to_vec();
    items.sort();
    items.reverse();
    items
}

/// Conditions as an object test -> variable -> values (keys sorted), values of the same test and
/// variable concatenated and a single value written as a string.
fn conditions_json(conditions: &[Condition]) -> Option<Json> {
    use std::collections::BTreeMap;
    if conditions.is_empty() {
        return None;
    }
    let mut tests: BTreeMap<&str, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for c in conditions {
        let values = tests.entry(&c.test).or_default().entry(&c.variable).or_default();
        match &c.values {
            Strings::One(s) => values.push(s.clone()),
            Strings::Many(items) => values.extend(items.iter().cloned()),
        }
    }
    let object = tests
        .into_iter()
        .map(|(test, variables)| {
            let inner = variables
                .into_iter()
                .map(|(variable, mut values)| {
                    let value = if values.len() == 1 { Strings::One(values.remove(0)) } else { Strings::Many(values) };
                    (variable.to_string(), value.to_json())
                })
                .collect();
            (test.to_string(), Json::Object(inner))
        })
        .collect();
    Some(Json::Object(object))
}

/// Builds the merged document from the data source's body.
fn build(body: &Value) -> Result<Document> {
    if let Some(unknown) = body.as_unknown() {
        return Err(Problem::Unknown(unknown.clone()));
    }
    let mut merged = Document::default();
    let mut source_sids: Vec<String> = Vec::new();
    for (i, text) in json_documents(body, "source_policy_documents")?.into_iter().enumerate() {
        let doc = parse_document(&text).map_err(|e| Problem::Invalid(format!("source document {i}: {e}")))?;
        for statement in doc.statements.iter().filter(|s| !s.sid.is_empty()) {
            if source_sids.contains(&statement.sid) {
                return Err(Problem::Invalid(format!(
                    "duplicate Sid ({}) in source_policy_documents; remove the Sid or make it unique",
                    statement.sid
                )));
            }
            source_sids.push(statement.sid.clone());
        }
        merged.merge(doc);
    }
    merged.merge(own_document(body)?);
    for (i, text) in json_documents(body, "override_policy_documents")?.into_iter().enumerate() {
        let doc = parse_document(&text).map_err(|e| Problem::Invalid(format!("override document {i}: {e}")))?;
        merged.merge(doc);
    }
    Ok(merged)
}

/// The JSON strings of a list attribute (null items skipped, as the provider skips them).
fn json_documents(body: &Value, key: &str) -> Result<Vec<String>> {
    let list = match body.get(key) {
        Lookup::Absent => return Ok(Vec::new()),
        Lookup::Unknown(v) => return Err(Problem::unknown(v)),
        Lookup::Known(v) if v.is_null() => return Ok(Vec::new()),
        Lookup::Known(v) => v,
    };
    let Some(items) = list.as_list() else {
        return Err(Problem::Invalid(format!("`{key}` must be a list of JSON strings")));
    };
    let mut out = Vec::new();
    for item in items {
        match &item.kind {
            ValueKind::Null => {}
            ValueKind::String(s) => out.push(s.clone()),
            ValueKind::Unknown(_) => return Err(Problem::unknown(item)),
            _ => return Err(Problem::Invalid(format!("`{key}` must be a list of JSON strings"))),
        }
    }
    Ok(out)
}

/// The document written in the block itself: version, policy_id and statement blocks.
fn own_document(body: &Value) -> Result<Document> {
    let version = optional_string(body, "version")?.unwrap_or_else(|| "2012-10-17".to_string());
    let id = optional_string(body, "policy_id")?.unwrap_or_default();
    let mut statements = Vec::new();
    match body.get("statement") {
        Lookup::Absent => {}
        Lookup::Unknown(v) => return Err(Problem::unknown(v)),
        Lookup::Known(list) => {
            for block in list.items() {
                if block.is_unknown() {
                    return Err(Problem::unknown(block));
                }
                if block.as_map().is_some() {
                    statements.push(own_statement(block)?);
                }
            }
        }
    }
    let mut sids: Vec<&str> = Vec::new();
    for statement in statements.iter().filter(|s| !s.sid.is_empty()) {
        if sids.contains(&statement.sid.as_str()) {
            return Err(Problem::Invalid(format!(
                "duplicate Sid ({}); remove the Sid or make it unique",
                statement.sid
            )));
        }
        sids.push(&statement.sid);
    }
    Ok(Document { version, id, statements })
}

fn own_statement(block: &Value) -> Result<Statement> {
    let variables = |s: String| s.replace("&{", "${");
    let set = |key: &str, replace: bool| -> Result<Option<Json>> {
        let items = string_set(block, key)?;
        Ok(items.filter(|items| !items.is_empty()).map(|items| {
            let strings = Strings::from_set(items);
            if replace { strings.map(variables) } else { strings }.to_json()
        }))
    };
    Ok(Statement {
        sid: optional_string(block, "sid")?.unwrap_or_default(),
        effect: optional_string(block, "effect")?.unwrap_or_else(|| "Allow".to_string()),
        action: set("actions", false)?,
        not_action: set("not_actions", false)?,
        resource: set("resources", true)?,
        not_resource: set("not_resources", true)?,
        principals: principal_blocks(block, "principals")?,
        not_principals: principal_blocks(block, "not_principals")?,
        conditions: condition_blocks(block)?,
    })
}

fn principal_blocks(statement: &Value, key: &str) -> Result<Vec<Principal>> {
    let mut out = Vec::new();
    for block in nested_blocks(statement, key)? {
        let kind = optional_string(block, "type")?.ok_or_else(|| missing(key, "type"))?;
        let identifiers = string_set(block, "identifiers")?.ok_or_else(|| missing(key, "identifiers"))?;
        let identifiers = Strings::from_set(identifiers).map(|s| s.replace("&{", "${"));
        out.push(Principal { kind, identifiers });
    }
    Ok(out)
}

fn condition_blocks(statement: &Value) -> Result<Vec<Condition>> {
    let mut out = Vec::new();
    for block in nested_blocks(statement, "condition")? {
        let test = optional_string(block, "test")?.ok_or_else(|| missing("condition", "test"))?;
        let variable = optional_string(block, "variable")?.ok_or_else(|| missing("condition", "variable"))?;
        let mut values: Vec<String> = string_list(block, "values")?
            .ok_or_else(|| missing("condition", "values"))?
            .into_iter()
            .map(|s| s.replace("&{", "${"))
            .collect();
        let values = if values.len() == 1 { Strings::One(values.remove(0)) } else { Strings::Many(values) };
        out.push(Condition { test, variable, values });
    }
    Ok(out)
}

fn missing(block: &str, attribute: &str) -> Problem {
    Problem::Invalid(format!("a `{block}` block needs `{attribute}`"))
}

/// The nested blocks `key` of a block (a `dynamic` one makes the document unknown).
fn nested_blocks<'a>(block: &'a Value, key: &str) -> Result<Vec<&'a Value>> {
    match block.get(key) {
        Lookup::Absent => Ok(Vec::new()),
        Lookup::Unknown(v) => Err(Problem::unknown(v)),
        Lookup::Known(v) => {
            let mut out = Vec::new();
            for item in v.items() {
                if item.is_unknown() {
                    return Err(Problem::unknown(item));
                }
                if item.as_map().is_some() {
                    out.push(item);
                }
            }
            Ok(out)
        }
    }
}

/// A string attribute; absent or null is `None`. Numbers and booleans convert as Terraform
/// converts them to strings.
fn optional_string(block: &Value, key: &str) -> Result<Option<String>> {
    match block.get(key) {
        Lookup::Absent => Ok(None),
        Lookup::Unknown(v) => Err(Problem::unknown(v)),
        Lookup::Known(v) if v.is_null() => Ok(None),
        Lookup::Known(v) => {
            scalar_string(v).map(Some).ok_or_else(|| Problem::Invalid(format!("`{key}` must be a string")))
        }
    }
}

fn scalar_string(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::String(s) => Some(s.clone()),
        ValueKind::Bool(b) => Some(b.to_string()),
        ValueKind::Number(n) => Some(match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64().to_string(),
        }),
        _ => None,
    }
}

/// A list of strings in order; null items are skipped and a single string reads as a list of one.
fn string_list(block: &Value, key: &str) -> Result<Option<Vec<String>>> {
    let value = match block.get(key) {
        Lookup::Absent => return Ok(None),
        Lookup::Unknown(v) => return Err(Problem::unknown(v)),
        Lookup::Known(v) if v.is_null() => return Ok(None),
        Lookup::Known(v) => v,
    };
    let items: &[Value] = match &value.kind {
        ValueKind::List(items) => items,
        _ => std::slice::from_ref(value),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.is_unknown() {
            return Err(Problem::unknown(item));
        }
        if item.is_null() {
            continue;
        }
        out.push(scalar_string(item).ok_or_else(|| Problem::Invalid(format!("`{key}` must be a list of strings")))?);
    }
    Ok(Some(out))
}

/// A set of strings: a list with duplicates dropped.
fn string_set(block: &Value, key: &str) -> Result<Option<Vec<String>>> {
    Ok(string_list(block, key)?.map(|items| {
        let mut seen = std::collections::BTreeSet::new();
        items.into_iter().filter(|s| seen.insert(s.clone())).collect()
    }))
}

/// Reads a JSON policy document as the provider does (Go's `encoding/json` into its document
/// type): field names match case-insensitively, the last of repeated fields wins, unknown fields
/// are ignored, and a value of the wrong type is an error.
fn parse_document(text: &str) -> std::result::Result<Document, String> {
    let json: Json = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let Json::Object(fields) = json else { return Err("a policy document must be a JSON object".into()) };
    let mut doc = Document::default();
    for (key, value) in &fields {
        match key.to_ascii_lowercase().as_str() {
            "version" => doc.version = json_string(value, "Version")?,
            "id" => doc.id = json_string(value, "Id")?,
            "statement" => {
                doc.statements = match value {
                    Json::Null => Vec::new(),
                    Json::Array(items) => items.iter().map(parse_statement).collect::<std::result::Result<_, _>>()?,
                    _ => return Err("`Statement` must be a list of statements".into()),
                }
            }
            _ => {}
        }
    }
    Ok(doc)
}

fn parse_statement(value: &Json) -> std::result::Result<Statement, String> {
    let Json::Object(fields) = value else { return Err("a statement must be a JSON object".into()) };
    let mut s = Statement::default();
    let any = |v: &Json| (!v.is_null()).then(|| v.clone());
    for (key, value) in fields {
        match key.to_ascii_lowercase().as_str() {
            "sid" => s.sid = json_string(value, "Sid")?,
            "effect" => s.effect = json_string(value, "Effect")?,
            "action" => s.action = any(value),
            "notaction" => s.not_action = any(value),
            "resource" => s.resource = any(value),
            "notresource" => s.not_resource = any(value),
            "principal" => s.principals = parse_principals(value)?,
            "notprincipal" => s.not_principals = parse_principals(value)?,
            "condition" => s.conditions = parse_conditions(value)?,
            _ => {}
        }
    }
    Ok(s)
}

fn json_string(value: &Json, field: &str) -> std::result::Result<String, String> {
    match value {
        Json::String(s) => Ok(s.clone()),
        Json::Null => Ok(String::new()),
        _ => Err(format!("`{field}` must be a string")),
    }
}

/// `"*"` (any string) is every principal; an object maps types to an identifier or a list.
fn parse_principals(value: &Json) -> std::result::Result<Vec<Principal>, String> {
    match value {
        Json::Null => Ok(Vec::new()),
        Json::String(_) => Ok(vec![Principal { kind: "*".into(), identifiers: Strings::Many(vec!["*".into()]) }]),
        Json::Object(types) => types
            .iter()
            .map(|(kind, ids)| {
                let identifiers = match ids {
                    Json::String(s) => Strings::One(s.clone()),
                    Json::Array(items) => {
                        let mut list = items
                            .iter()
                            .map(|i| i.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                            .ok_or_else(|| format!("principal `{kind}` identifiers must be strings"))?;
                        list.sort();
                        Strings::Many(list)
                    }
                    _ => return Err(format!("principal `{kind}` must be a string or a list of strings")),
                };
                Ok(Principal { kind: kind.clone(), identifiers })
            })
            .collect(),
        _ => Err("`Principal` must be \"*\" or an object".into()),
    }
}

/// Conditions: test -> variable -> string, boolean or list of strings (other values are
/// dropped, as the provider drops them).
fn parse_conditions(value: &Json) -> std::result::Result<Vec<Condition>, String> {
    let tests = match value {
        Json::Null => return Ok(Vec::new()),
        Json::Object(tests) => tests,
        _ => return Err("`Condition` must be an object".into()),
    };
    let mut out = Vec::new();
    for (test, variables) in tests {
        let variables = match variables {
            Json::Object(v) => v,
            Json::Null => continue,
            _ => return Err(format!("condition `{test}` must be an object")),
        };
        for (variable, values) in variables {
            let values = match values {
                Json::String(s) => Strings::Many(vec![s.clone()]),
                Json::Bool(b) => Strings::One(b.to_string()),
                Json::Array(items) => Strings::Many(
                    items
                        .iter()
                        .map(|i| i.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| format!("condition `{test}` `{variable}` values must be strings"))?,
                ),
                _ => continue,
            };
            out.push(Condition { test: test.clone(), variable: variable.clone(), values });
        }
    }
    Ok(out)
}

/// Serialises as Go's `encoding/json` does: `json.MarshalIndent(doc, "", "  ")` or
/// `json.Marshal(doc)`. serde_json already writes Go's layout and escapes; Go additionally
/// escapes `<`, `>`, `&`, U+2028 and U+2029, which only ever occur inside strings.
fn to_go_json(json: &Json, style: Style) -> String {
    let text = match style {
        Style::Indented => serde_json::to_string_pretty(json),
        Style::Minified => serde_json::to_string(json),
    }
    .unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[path = "policy_document_tests.rs"]
mod tests;
