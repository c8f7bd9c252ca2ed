//! Tollgate's value type: JSON-like data in which every node keeps its source span and any node
//! may be *unknown* (a value that cannot be known before apply, or that Tollgate cannot evaluate).

use crate::source::Span;
use serde_json::json;

/// A number as written: integers stay exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// The number as an integer when it is one exactly.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(i),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
            Number::Float(_) => None,
        }
    }
}

/// Why a value is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnknownReason {
    /// An expression Tollgate does not evaluate (yet): references, function calls, templates.
    Expression,
    /// A value only known after apply (another resource's computed attribute).
    AfterApply,
    /// A value a data source reads from its provider while Terraform plans (an AMI id, the
    /// caller's account): known at plan time, but only by calling the provider, which Tollgate
    /// does not do. [`Unknown::provider`] names the provider.
    ReadDuringPlan,
    /// A variable with no default and no value given.
    UnsetVariable,
    /// A module whose source could not be read.
    UnresolvedModule,
    /// A file, directory or module outside the scan root, or an absolute path of the machine
    /// running the scan (`abspath`, `path.cwd`): not read unless the scan allows it
    /// (`--allow-outside-root`), so an untrusted configuration learns nothing from the machine.
    OutsideScanRoot,
}

impl UnknownReason {
    pub fn as_str(self) -> &'static str {
        match self {
            UnknownReason::Expression => "expression",
            UnknownReason::AfterApply => "after-apply",
            UnknownReason::ReadDuringPlan => "read-during-plan",
            UnknownReason::UnsetVariable => "unset-variable",
            UnknownReason::UnresolvedModule => "unresolved-module",
            UnknownReason::OutsideScanRoot => "outside-scan-root",
        }
    }
}

/// An unknown value: why, and the source text of the expression that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub reason: UnknownReason,
    pub source: String,
    /// For [`UnknownReason::ReadDuringPlan`]: the local name of the provider that reads the
    /// value (`aws`).
    pub provider: Option<String>,
    /// For the unknown result of `jsonencode(...)`: the value it encodes, with its unknown parts,
    /// so that rules reading JSON documents (IAM policies) can judge what is known of it. An
    /// expression built from this unknown ([`Unknown::derived`]) does not encode it.
    pub encodes: Option<Box<Value>>,
}

impl Unknown {
    /// This unknown as the cause of another expression's: same reason, source and provider,
    /// without [`Unknown::encodes`] (the other expression's text is not that JSON).
    pub fn derived(&self) -> Unknown {
        Unknown { encodes: None, ..self.clone() }
    }

    /// This unknown as a value located at `span`.
    pub fn at(&self, span: Span) -> Value {
        Value::new(ValueKind::Unknown(self.clone()), span)
    }

    /// An unknown for another expression (`source`) that is unknown for the same reason.
    pub fn for_source(&self, source: impl Into<String>) -> Unknown {
        Unknown { reason: self.reason, source: source.into(), provider: self.provider.clone(), encodes: None }
    }

    /// The source split into the module instance path an evaluator put before a reference to a
    /// block of a module and the reference as written there:
    /// `("module.logs", "aws_s3_bucket.this[0].arn")` of `module.logs.aws_s3_bucket.this[0].arn`;
    /// `("", source)` when there is none (only computed attributes get one).
    pub fn module_and_reference(&self) -> (&str, &str) {
        if !matches!(self.reason, UnknownReason::AfterApply | UnknownReason::ReadDuringPlan) {
            return ("", &self.source);
        }
        let mut end = 0;
        while let Some(step) = self.source.get(end..).and_then(module_step) {
            end += step;
        }
        match end {
            0 => ("", &self.source),
            _ => (&self.source[..end - 1], &self.source[end..]),
        }
    }

    /// Why a data source's value is unknown, naming its provider: "read from the AWS provider
    /// during plan; Tollgate does not call providers". `None` for the other reasons.
    pub fn provider_read(&self) -> Option<String> {
        (self.reason == UnknownReason::ReadDuringPlan).then(|| {
            let provider = self.provider.as_deref().map(provider_title).unwrap_or_else(|| "its".to_string());
            format!("read from {provider} provider during plan; Tollgate does not call providers")
        })
    }
}

/// The length of one `module.NAME.` or `module.NAME[KEY].` step at the start of `text` (keys may
/// be quoted strings holding any character).
fn module_step(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("module.")?;
    let name = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).filter(|&n| n > 0)?;
    let mut at = "module.".len() + name;
    if text[at..].starts_with('[') {
        let (mut in_string, mut escaped) = (false, false);
        let close = text[at..].char_indices().skip(1).find(|&(_, c)| {
            match (in_string, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (_, false, '"') => in_string = !in_string,
                (false, _, ']') => return true,
                _ => {}
            }
            false
        })?;
        at += close.0 + 1;
    }
    text[at..].starts_with('.').then_some(at + 1)
}

/// "the AWS", "the Google", "the `http`": how a message names a provider by its local name.
fn provider_title(name: &str) -> String {
    // The vendors' own spellings of the providers most configurations use.
    const TITLES: &[(&str, &str)] = &[
        ("aws", "AWS"),
        ("awscc", "AWS Cloud Control"),
        ("azurerm", "AzureRM"),
        ("azuread", "Azure AD"),
        ("google", "Google"),
        ("google-beta", "Google Beta"),
        ("kubernetes", "Kubernetes"),
        ("helm", "Helm"),
        ("github", "GitHub"),
        ("cloudflare", "Cloudflare"),
        ("datadog", "Datadog"),
        ("vault", "Vault"),
    ];
    match TITLES.iter().find(|(local, _)| *local == name) {
        Some((_, title)) => format!("the {title}"),
        None => format!("the `{name}`"),
    }
}

/// A key of a map, with the span of the key itself.
#[derive(Debug, Clone, PartialEq)]
pub struct MapEntry {
    pub key: String,
    pub key_span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Value>),
    /// Entries in source order. Keys are unique: loaders keep the last of duplicates.
    Map(Vec<MapEntry>),
    Unknown(Unknown),
}

/// A value and the span of the source text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

/// The result of looking a path up in a value: absent, unknown and known are three different
/// answers, and a rule must treat them differently.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lookup<'a> {
    /// The path does not exist (an attribute that is not set).
    Absent,
    /// The path runs into an unknown value (the value itself or one of its parents).
    Unknown(&'a Value),
    /// The value at the path (which may be `null`).
    Known(&'a Value),
}

impl<'a> Lookup<'a> {
    pub fn known(self) -> Option<&'a Value> {
        match self {
            Lookup::Known(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_absent(self) -> bool {
        matches!(self, Lookup::Absent)
    }

    pub fn is_unknown(self) -> bool {
        matches!(self, Lookup::Unknown(_))
    }

    /// The value found, known or unknown.
    pub fn value(self) -> Option<&'a Value> {
        match self {
            Lookup::Absent => None,
            Lookup::Unknown(v) | Lookup::Known(v) => Some(v),
        }
    }

    /// Absent or `null`: Terraform and Kubernetes treat both as "not set".
    pub fn is_unset(self) -> bool {
        match self {
            Lookup::Absent => true,
            Lookup::Known(v) => v.is_null(),
            Lookup::Unknown(_) => false,
        }
    }

    /// Continues the lookup one step further.
    pub fn get(self, key: &str) -> Lookup<'a> {
        match self {
            Lookup::Known(v) => v.lookup(&[key]),
            other => other,
        }
    }
}

impl Value {
    pub fn new(kind: ValueKind, span: Span) -> Self {
        Value { kind, span }
    }

    pub fn null(span: Span) -> Self {
        Value::new(ValueKind::Null, span)
    }

    pub fn string(s: impl Into<String>, span: Span) -> Self {
        Value::new(ValueKind::String(s.into()), span)
    }

    pub fn unknown(reason: UnknownReason, source: impl Into<String>, span: Span) -> Self {
        Value::new(ValueKind::Unknown(Unknown { reason, source: source.into(), provider: None, encodes: None }), span)
    }

    /// A value data source attributes are read into by `provider` (a local name, `aws`) while
    /// Terraform plans.
    pub fn read_during_plan(provider: impl Into<String>, source: impl Into<String>, span: Span) -> Self {
        let unknown = Unknown {
            reason: UnknownReason::ReadDuringPlan,
            source: source.into(),
            provider: Some(provider.into()),
            encodes: None,
        };
        Value::new(ValueKind::Unknown(unknown), span)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, ValueKind::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, ValueKind::Unknown(_))
    }

    pub fn as_unknown(&self) -> Option<&Unknown> {
        match &self.kind {
            ValueKind::Unknown(u) => Some(u),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            ValueKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<Number> {
        match self.kind {
            ValueKind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// An integer, also from a string holding one (Kubernetes ports and Terraform numbers are
    /// often written as strings).
    pub fn as_i64(&self) -> Option<i64> {
        match &self.kind {
            ValueKind::Number(n) => n.as_i64(),
            ValueKind::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[MapEntry]> {
        match &self.kind {
            ValueKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The entry for `key` when this is a map holding it.
    pub fn entry(&self, key: &str) -> Option<&MapEntry> {
        self.as_map()?.iter().rev().find(|e| e.key == key)
    }

    /// Looks a path of map keys up. An unknown value met on the way answers [`Lookup::Unknown`].
    pub fn lookup(&self, path: &[&str]) -> Lookup<'_> {
        let mut current = self;
        for key in path {
            match &current.kind {
                ValueKind::Unknown(_) => return Lookup::Unknown(current),
                ValueKind::Map(_) => match current.entry(key) {
                    Some(e) => current = &e.value,
                    None => return Lookup::Absent,
                },
                _ => return Lookup::Absent,
            }
        }
        if current.is_unknown() {
            Lookup::Unknown(current)
        } else {
            Lookup::Known(current)
        }
    }

    /// Shorthand for a one-key lookup.
    pub fn get(&self, key: &str) -> Lookup<'_> {
        self.lookup(&[key])
    }

    /// The items of a list, a single map as a one-item list (Terraform nested blocks appear as
    /// lists of maps), or nothing.
    pub fn items(&self) -> &[Value] {
        match &self.kind {
            ValueKind::List(items) => items,
            ValueKind::Map(_) => std::slice::from_ref(self),
            _ => &[],
        }
    }

    /// True when this value or any value inside it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match &self.kind {
            ValueKind::Unknown(_) => true,
            ValueKind::List(items) => items.iter().any(Value::contains_unknown),
            ValueKind::Map(entries) => entries.iter().any(|e| e.value.contains_unknown()),
            _ => false,
        }
    }

    /// A short rendering for messages: strings unquoted, unknowns as their source text.
    pub fn display(&self) -> String {
        match &self.kind {
            ValueKind::String(s) => s.clone(),
            ValueKind::Unknown(u) => u.source.clone(),
            _ => self.to_json().to_string(),
        }
    }

    /// The value as plain JSON. Unknown values become `{"__unknown__": reason, "source": text}`
    /// (and `"provider": name` for a value a data source reads during plan), the documented marker that policies and `inspect` output can test for.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            ValueKind::Null => serde_json::Value::Null,
            ValueKind::Bool(b) => json!(b),
            ValueKind::Number(Number::Int(i)) => json!(i),
            ValueKind::Number(Number::Float(f)) => json!(f),
            ValueKind::String(s) => json!(s),
            ValueKind::List(items) => items.iter().map(Value::to_json).collect(),
            ValueKind::Map(entries) => {
                serde_json::Value::Object(entries.iter().map(|e| (e.key.clone(), e.value.to_json())).collect())
            }
            ValueKind::Unknown(u) => match &u.provider {
                Some(provider) => json!({"__unknown__": u.reason.as_str(), "source": u.source, "provider": provider}),
                None => json!({"__unknown__": u.reason.as_str(), "source": u.source}),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp() -> Span {
        Span::default()
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::new(
            ValueKind::Map(
                entries.into_iter().map(|(k, v)| MapEntry { key: k.to_string(), key_span: sp(), value: v }).collect(),
            ),
            sp(),
        )
    }

    #[test]
    fn lookup_tells_absent_unknown_and_false_apart() {
        let v = map(vec![
            ("off", Value::new(ValueKind::Bool(false), sp())),
            ("later", Value::unknown(UnknownReason::Expression, "var.x", sp())),
        ]);
        assert_eq!(v.get("off").known().and_then(Value::as_bool), Some(false));
        assert!(v.get("missing").is_absent());
        assert!(v.get("later").is_unknown());
        assert!(v.lookup(&["later", "deeper"]).is_unknown());
        assert!(v.lookup(&["off", "deeper"]).is_absent());
    }

    #[test]
    fn unknown_serialises_with_a_marker() {
        let v = Value::unknown(UnknownReason::Expression, "var.x", sp());
        assert_eq!(v.to_json(), json!({"__unknown__": "expression", "source": "var.x"}));
        let read = Value::read_during_plan("aws", "data.aws_ami.web.id", sp());
        let marker = json!({"__unknown__": "read-during-plan", "source": "data.aws_ami.web.id", "provider": "aws"});
        assert_eq!(read.to_json(), marker);
    }

    #[test]
    fn module_paths_split_off_computed_references() {
        let split = |reason, source: &str| {
            let value = Value::unknown(reason, source, sp());
            let (module, reference) = value.as_unknown().map(Unknown::module_and_reference).unwrap();
            (module.to_string(), reference.to_string())
        };
        let pair = |m: &str, r: &str| (m.to_string(), r.to_string());
        let after = UnknownReason::AfterApply;
        assert_eq!(
            split(after, "module.logs.aws_s3_bucket.this[0].arn"),
            pair("module.logs", "aws_s3_bucket.this[0].arn")
        );
        let nested = r#"module.eks["a.b]"].module.nodes[0].data.aws_ami.x.id"#;
        assert_eq!(split(after, nested), pair(r#"module.eks["a.b]"].module.nodes[0]"#, "data.aws_ami.x.id"));
        assert_eq!(split(after, "aws_s3_bucket.this.arn"), pair("", "aws_s3_bucket.this.arn"));
        assert_eq!(split(after, "module.vpc"), pair("", "module.vpc"));
        // A module output as written is not a computed reference.
        assert_eq!(split(UnknownReason::UnresolvedModule, "module.vpc.id"), pair("", "module.vpc.id"));
    }

    #[test]
    fn data_source_unknowns_name_their_provider() {
        let why = |provider: &str| {
            let value = Value::read_during_plan(provider, "data.x.y.z", sp());
            value.as_unknown().and_then(Unknown::provider_read).unwrap_or_default()
        };
        assert_eq!(why("aws"), "read from the AWS provider during plan; Tollgate does not call providers");
        assert_eq!(why("http"), "read from the `http` provider during plan; Tollgate does not call providers");
        assert_eq!(
            Value::unknown(UnknownReason::AfterApply, "x", sp()).as_unknown().and_then(Unknown::provider_read),
            None
        );
    }
}
