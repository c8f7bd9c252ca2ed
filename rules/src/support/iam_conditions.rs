//! Whether an IAM statement's `Condition` limits the resources it reaches, so that a statement on
//! `"Resource": "*"` is judged with its condition rather than as a grant on everything.
//!
//! A condition test limits the statement when it requires a condition key that identifies the
//! resource or the request's origin resource to have a value:
//! * `aws:ResourceTag/…` and `<service>:ResourceTag/…` (only resources carrying the tag),
//!   `s3:ExistingObjectTag/…` (only objects carrying it);
//! * `aws:RequestTag/…` and `<service>:RequestTag/…` (only resources created with the tag: for an
//!   action that takes no tags the key is absent and the statement grants nothing);
//! * `aws:SourceArn`, `aws:SourceAccount` (only requests a service makes on behalf of that
//!   resource or account);
//! * `iam:AWSServiceName` (only that service's service-linked role), `ec2:CreateAction` (only tags
//!   applied while creating a resource).
//!
//! Per AWS's policy evaluation logic a condition on a key the request lacks is false, so such a
//! test also denies every action for which the key does not exist. It limits only with an operator
//! that requires the key: `String(Equals|EqualsIgnoreCase|Like)`, `Arn(Equals|Like)` (alone or
//! `ForAnyValue:`), or `Null` with `"false"`. Negated operators (`StringNotEquals`, ...), `...IfExists`
//! and `ForAllValues:` hold when the key is absent, so they limit nothing. Keys about the caller
//! or the call (`aws:PrincipalOrgID`, `aws:RequestedRegion`, `aws:SourceIp`, `aws:SourceVpc`,
//! `aws:ResourceAccount`, `aws:CalledVia`, `kms:ViaService`, `iam:PassedToService`) do not choose
//! the resources, so they limit nothing either.

use super::attr::{blocks, Tri};
use super::iam::{written_text, Statement};
use tollgate_model::{Lookup, SourceMap, Value, ValueKind};

/// One condition test: `operator`, `key`, `values`.
struct Test<'a> {
    operator: Result<&'a str, &'a Value>,
    key: Result<&'a str, &'a Value>,
    values: Option<&'a Value>,
}

/// Whether `statement`'s condition limits the resources it reaches: yes when a test does, unknown
/// when a test Tollgate cannot read might.
pub fn limits_resources<'a>(statement: &Statement<'a>) -> Tri<'a> {
    match tests(statement) {
        Ok(tests) => Tri::any(tests.iter().map(|test| limits(test, statement.sources))),
        Err(unknown) => Tri::Unknown(unknown),
    }
}

fn limits<'a>(test: &Test<'a>, sources: &SourceMap) -> Tri<'a> {
    let key = match test.key {
        Ok(key) => Tri::from(scopes_resources(key)),
        Err(unknown) => match literal_prefix(unknown, sources) {
            Some(prefix) if decided_by_prefix(&prefix) => Tri::from(scopes_resources(&prefix)),
            _ => Tri::Unknown(unknown),
        },
    };
    key.and(|| match test.operator {
        Ok(operator) => requires_key(operator, test.values),
        Err(unknown) => Tri::Unknown(unknown),
    })
}

/// Condition keys that choose the resources a statement reaches (see the module documentation).
fn scopes_resources(key: &str) -> bool {
    let key = key.trim().to_ascii_lowercase();
    let Some((service, name)) = key.split_once(':') else { return false };
    let tag = |prefix: &str| name.strip_prefix(prefix).is_some_and(|tag| !tag.is_empty());
    tag("resourcetag/")
        || tag("requesttag/")
        || (service == "s3" && tag("existingobjecttag/"))
        || (service == "aws" && matches!(name, "sourcearn" | "sourceaccount"))
        || (service == "iam" && name == "awsservicename")
        || (service == "ec2" && name == "createaction")
}

/// A key whose literal prefix already holds a `/` after the service is a tag key: the part
/// written before the interpolation decides whether it limits resources.
fn decided_by_prefix(prefix: &str) -> bool {
    prefix.split_once(':').is_some_and(|(_, name)| name.contains('/'))
}

/// Whether an operator holds only when the key is present (and so limits the statement).
fn requires_key<'a>(operator: &str, values: Option<&'a Value>) -> Tri<'a> {
    let operator = operator.trim().to_ascii_lowercase();
    if operator.ends_with("ifexists") || operator.starts_with("forallvalues:") {
        return Tri::No;
    }
    let base = operator.strip_prefix("foranyvalue:").unwrap_or(&operator);
    match base {
        "stringequals" | "stringequalsignorecase" | "stringlike" | "arnequals" | "arnlike" => Tri::Yes,
        // `Null: false` requires the key; `Null: true` requires its absence.
        "null" => null_false(values),
        _ => Tri::No,
    }
}

/// Whether every value of a `Null` test is false (`"false"` or `false`: Terraform and IAM accept both).
fn null_false(values: Option<&Value>) -> Tri<'_> {
    let Some(values) = values else { return Tri::No };
    let items = match &values.kind {
        ValueKind::List(items) => items.as_slice(),
        _ => std::slice::from_ref(values),
    };
    let each = items.iter().map(|item| match &item.kind {
        ValueKind::Bool(b) => Tri::from(!b),
        ValueKind::String(s) => Tri::from(s.trim().eq_ignore_ascii_case("false")),
        ValueKind::Unknown(_) => Tri::Unknown(item),
        _ => Tri::No,
    });
    each.fold(Tri::from(!items.is_empty()), |all, next| all.and(|| next))
}

/// The text a template is written with before its first interpolation (`"aws:ResourceTag/team-${var.x}"`
/// -> `aws:ResourceTag/team-`), read from its file.
fn literal_prefix(value: &Value, sources: &SourceMap) -> Option<String> {
    let written = written_text(value, sources)?;
    let text = written.trim().strip_prefix('"')?;
    let end = [text.find("${"), text.find("%{"), text.find('"')].into_iter().flatten().min()?;
    Some(text[..end].to_string())
}

/// The statement's condition tests, in either spelling; `Err` when the condition as a whole
/// cannot be read.
fn tests<'a>(statement: &Statement<'a>) -> Result<Vec<Test<'a>>, &'a Value> {
    if statement.action_key == "Action" {
        return json_tests(statement.value.get("Condition"));
    }
    let condition_blocks = blocks(statement.value, "condition");
    if let Some(dynamic) = condition_blocks.unknown {
        return Err(dynamic);
    }
    let text = |lookup: Lookup<'a>, block: &'a Value| match lookup {
        Lookup::Known(v) => v.as_str().ok_or(v),
        Lookup::Unknown(v) => Err(v),
        Lookup::Absent => Err(block),
    };
    Ok(condition_blocks
        .known
        .into_iter()
        .map(|block| Test {
            operator: text(block.get("test"), block),
            key: text(block.get("variable"), block),
            values: block.get("values").value(),
        })
        .collect())
}

/// `{"Operator": {"key": value or [values]}}`.
fn json_tests(condition: Lookup<'_>) -> Result<Vec<Test<'_>>, &Value> {
    let condition = match condition {
        Lookup::Absent => return Ok(Vec::new()),
        Lookup::Unknown(v) => return Err(v),
        Lookup::Known(v) => v,
    };
    let Some(operators) = condition.as_map() else { return Err(condition) };
    let mut out = Vec::new();
    for operator in operators {
        let Some(keys) = operator.value.as_map() else { return Err(&operator.value) };
        for key in keys {
            out.push(Test { operator: Ok(operator.key.as_str()), key: Ok(key.key.as_str()), values: Some(&key.value) });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_choose_resources() {
        for key in [
            "aws:ResourceTag/team",
            "ec2:ResourceTag/kubernetes.io/cluster/prod",
            "aws:RequestTag/owner",
            "s3:ExistingObjectTag/class",
            "aws:SourceArn",
            "AWS:SOURCEACCOUNT",
            "iam:AWSServiceName",
            "ec2:CreateAction",
        ] {
            assert!(scopes_resources(key), "{key}");
        }
        for key in [
            "aws:PrincipalOrgID",
            "aws:RequestedRegion",
            "aws:SourceIp",
            "aws:ResourceAccount",
            "kms:ViaService",
            "iam:PassedToService",
            "aws:ResourceTag/",
            "aws:TagKeys",
            "ResourceTag/team",
        ] {
            assert!(!scopes_resources(key), "{key}");
        }
    }

    #[test]
    fn only_operators_that_require_the_key_limit() {
        assert_eq!(requires_key("StringEquals", None), Tri::Yes);
        assert_eq!(requires_key("ForAnyValue:StringLike", None), Tri::Yes);
        assert_eq!(requires_key("ArnLike", None), Tri::Yes);
        assert_eq!(requires_key("StringEqualsIfExists", None), Tri::No);
        assert_eq!(requires_key("StringNotEquals", None), Tri::No);
        assert_eq!(requires_key("ForAllValues:StringEquals", None), Tri::No);
        assert_eq!(requires_key("Bool", None), Tri::No);
        let span = Default::default;
        assert_eq!(requires_key("Null", Some(&Value::string("false", span()))), Tri::Yes);
        assert_eq!(requires_key("Null", Some(&Value::string("true", span()))), Tri::No);
        let bools = |b: bool| Value::new(ValueKind::List(vec![Value::new(ValueKind::Bool(b), span())]), span());
        assert_eq!(requires_key("Null", Some(&bools(false))), Tri::Yes);
        assert_eq!(requires_key("Null", Some(&bools(true))), Tri::No);
        assert_eq!(requires_key("Null", Some(&Value::new(ValueKind::List(vec![]), span()))), Tri::No);
    }

    #[test]
    fn a_template_key_is_decided_by_a_literal_start_naming_a_tag() {
        assert!(decided_by_prefix("aws:ResourceTag/kubernetes.io/cluster/"));
        assert!(scopes_resources("aws:ResourceTag/kubernetes.io/cluster/"));
        assert!(!decided_by_prefix("aws:Source"));
        assert!(!decided_by_prefix("aws:"));
    }
}
