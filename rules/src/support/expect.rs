//! One setting of a resource checked against what a rule requires, with the provider's
//! documented default for an unset attribute: the shared shape of the many "this flag must be
//! on" rules, so each states only its attribute, default and wording.

use super::attr::{bool_attr, str_attr, Attr, Tri};
use tollgate_evaluate::Emitter;
use tollgate_model::{Lookup, Resource, UnknownReason, Value};

/// Whether a string attribute that names something (a KMS key, a password) is set: yes when
/// written non-empty, or when it is another resource's attribute (`aws_kms_key.x.arn`,
/// `random_password.x.result`: known after apply, never empty); unknown for any other
/// expression (a variable may be null or empty).
pub fn names_something(lookup: Lookup<'_>) -> Tri<'_> {
    match lookup {
        Lookup::Absent => Tri::No,
        Lookup::Known(v) => match v.as_str() {
            Some(s) => Tri::from(!s.trim().is_empty()),
            None if v.is_null() => Tri::No,
            None => Tri::Unknown(v),
        },
        Lookup::Unknown(v) if is_resource_attribute(v) => Tri::Yes,
        Lookup::Unknown(v) => Tri::Unknown(v),
    }
}

/// An unknown that is another resource's or data source's attribute: only known after apply or
/// read by a data source during plan (a lookup that finds nothing fails the plan, so it is never
/// empty), or (before evaluation) a plain reference `type.name.attribute` / `data.type.name.attribute`.
fn is_resource_attribute(value: &Value) -> bool {
    let Some(unknown) = value.as_unknown() else { return false };
    if matches!(unknown.reason, UnknownReason::AfterApply | UnknownReason::ReadDuringPlan) {
        return true;
    }
    let source = unknown.source.trim();
    let parts: Vec<&str> = source.strip_prefix("data.").unwrap_or(source).split('.').collect();
    let is_name = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    matches!(parts.as_slice(), [resource_type, name, attribute]
        if resource_type.contains('_')
            && !["var", "local", "module", "each", "count", "self", "path", "terraform"].contains(resource_type)
            && [resource_type, name, attribute].iter().all(|p| is_name(p)))
}

/// Looks a path up through maps and nested blocks: a list met on the way (Terraform's nested
/// blocks) is read as its first block, so `["metadata_options", "http_tokens"]` reads the one
/// `metadata_options` block. A `dynamic` block on the way is unknown.
pub fn nested<'a>(body: &'a Value, path: &[&str]) -> Lookup<'a> {
    let mut current = body;
    for (i, key) in path.iter().enumerate() {
        match current.get(key) {
            Lookup::Known(v) if i + 1 < path.len() => match v.as_list() {
                Some(items) => match items.first() {
                    Some(first) if first.is_unknown() => return Lookup::Unknown(first),
                    Some(first) => current = first,
                    None => return Lookup::Absent,
                },
                None => current = v,
            },
            other => return other,
        }
    }
    Lookup::Known(current)
}

/// How a rule describes the setting it checks.
pub struct Expect<'a> {
    /// What the resource is: "CloudTrail trail" (the message reads "CloudTrail trail `main` ...").
    pub noun: &'a str,
    /// The attribute, through nested blocks (see [`nested`]).
    pub path: &'a [&'a str],
    /// What is wrong, as a verb phrase: "does not validate its log files".
    pub problem: &'a str,
    /// How to fix it: "set `enable_log_file_validation = true`".
    pub fix: &'a str,
}

impl Expect<'_> {
    fn attribute(&self) -> String {
        self.path.join(".")
    }

    fn subject(&self, resource: &Resource) -> String {
        format!("{} `{}`", self.noun, resource.name)
    }

    /// Reports `resource` unless the boolean setting is true (`default` when not written).
    pub fn require_true(&self, out: &mut Emitter<'_>, resource: &Resource, default: bool) {
        let (subject, attribute) = (self.subject(resource), self.attribute());
        match read(&resource.body, self.path, |v| bool_attr(v, &[])) {
            Attr::Set(true, _) => {}
            Attr::Unset if default => {}
            Attr::Set(false, value) => out.fail(
                resource,
                value.span,
                format!("{subject} {}: `{attribute} = false`; {}.", self.problem, self.fix),
            ),
            Attr::Unset => out.fail(
                resource,
                resource.span,
                format!("{subject} {}: `{attribute}` is not set (default false); {}.", self.problem, self.fix),
            ),
            Attr::Unknown(value) => out.unknown(
                resource,
                value,
                format!("{subject} {} unless `{attribute}` is true; {}", self.problem, self.fix),
            ),
        }
    }

    /// Reports `resource` unless the string setting is one of `allowed` (compared ignoring case);
    /// `default` is the value when not written (`None`: no documented default, so an unset
    /// attribute does not satisfy the rule).
    pub fn require_one_of(&self, out: &mut Emitter<'_>, resource: &Resource, default: Option<&str>, allowed: &[&str]) {
        let (subject, attribute) = (self.subject(resource), self.attribute());
        let ok = |s: &str| allowed.iter().any(|a| a.eq_ignore_ascii_case(s.trim()));
        match read(&resource.body, self.path, |v| str_attr(v, &[])) {
            Attr::Set(s, _) if ok(s) => {}
            Attr::Unset if default.is_some_and(ok) => {}
            Attr::Set(s, value) => out.fail(
                resource,
                value.span,
                format!("{subject} {}: `{attribute} = \"{s}\"`; {}.", self.problem, self.fix),
            ),
            Attr::Unset => {
                let default = default.map_or_else(String::new, |d| format!(" (default \"{d}\")"));
                out.fail(
                    resource,
                    resource.span,
                    format!("{subject} {}: `{attribute}` is not set{default}; {}.", self.problem, self.fix),
                )
            }
            Attr::Unknown(value) => out.unknown(
                resource,
                value,
                format!("{subject} {} unless `{attribute}` is {}; {}", self.problem, quoted_or(allowed), self.fix),
            ),
        }
    }
}

/// Reads the value at `path` with `attr` (which reads a value as an attribute of itself).
fn read<'a, T>(body: &'a Value, path: &[&str], attr: impl Fn(&'a Value) -> Attr<'a, T>) -> Attr<'a, T> {
    match nested(body, path) {
        Lookup::Absent => Attr::Unset,
        Lookup::Unknown(v) => Attr::Unknown(v),
        Lookup::Known(v) => attr(v),
    }
}

/// `"a"`, `"a" or "b"`.
fn quoted_or(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} or {last}", init.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{MapEntry, Span, UnknownReason, ValueKind};

    fn map(entries: Vec<(&str, Value)>) -> Value {
        let entries =
            entries.into_iter().map(|(k, v)| MapEntry { key: k.into(), key_span: Span::default(), value: v }).collect();
        Value::new(ValueKind::Map(entries), Span::default())
    }

    fn list(items: Vec<Value>) -> Value {
        Value::new(ValueKind::List(items), Span::default())
    }

    #[test]
    fn nested_reads_the_first_block_and_stops_at_unknowns() {
        let body = map(vec![
            ("logs", list(vec![map(vec![("audit", Value::new(ValueKind::Bool(true), Span::default()))])])),
            ("dyn", Value::unknown(UnknownReason::Expression, "dynamic \"dyn\"", Span::default())),
            ("none", list(vec![])),
        ]);
        assert_eq!(nested(&body, &["logs", "audit"]).known().and_then(Value::as_bool), Some(true));
        assert!(nested(&body, &["logs", "general"]).is_absent());
        assert!(nested(&body, &["dyn", "audit"]).is_unknown());
        assert!(nested(&body, &["none", "audit"]).is_absent());
        assert!(nested(&body, &["missing", "audit"]).is_absent());
    }

    #[test]
    fn resource_attributes_name_something_and_variables_may_not() {
        let unknown = |reason, src: &str| Value::unknown(reason, src, Span::default());
        let yes = unknown(UnknownReason::Expression, "aws_kms_key.sns.arn");
        assert_eq!(names_something(Lookup::Unknown(&yes)), Tri::Yes);
        let data = unknown(UnknownReason::Expression, "data.aws_kms_alias.sns.target_key_arn");
        assert_eq!(names_something(Lookup::Unknown(&data)), Tri::Yes);
        let later = unknown(UnknownReason::AfterApply, "random_password.redis.result");
        assert_eq!(names_something(Lookup::Unknown(&later)), Tri::Yes);
        let read = Value::read_during_plan("aws", "module.kms.data.aws_kms_key.this.arn", Span::default());
        assert_eq!(names_something(Lookup::Unknown(&read)), Tri::Yes);
        let var = unknown(UnknownReason::UnsetVariable, "var.kms_key_id");
        assert_eq!(names_something(Lookup::Unknown(&var)), Tri::Unknown(&var));
        let local = unknown(UnknownReason::Expression, "local.key.arn");
        assert_eq!(names_something(Lookup::Unknown(&local)), Tri::Unknown(&local));
        let empty = Value::string(" ", Span::default());
        assert_eq!(names_something(Lookup::Known(&empty)), Tri::No);
        assert_eq!(names_something(Lookup::Absent), Tri::No);
    }

    #[test]
    fn alternatives_read_naturally() {
        assert_eq!(quoted_or(&["required"]), "\"required\"");
        assert_eq!(
            quoted_or(&["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"]),
            "\"IMMUTABLE\" or \"IMMUTABLE_WITH_EXCLUSION\""
        );
    }
}
