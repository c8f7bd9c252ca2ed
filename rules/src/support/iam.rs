//! IAM policies as the least-privilege rules see them: every policy written in the scan (a JSON
//! `policy` string on `aws_iam_*policy` resources and on `aws_iam_role` `inline_policy` blocks, or
//! the `statement` blocks of a `data "aws_iam_policy_document"`), read into statements with the
//! same shape whichever way they were written.

use super::attr::{blocks, Strings, Tri};
use super::iam_conditions::limits_resources;
use super::json;
use tollgate_evaluate::{Context, Emitter};
use tollgate_model::{EdgeKind, Lookup, Resource, ResourceId, SourceMap, Value};

/// Resource types whose `policy` attribute is an identity policy.
const POLICY_RESOURCES: &[(&str, &str)] = &[
    ("aws_iam_policy", "Policy"),
    ("aws_iam_role_policy", "Role policy"),
    ("aws_iam_user_policy", "User policy"),
    ("aws_iam_group_policy", "Group policy"),
];

/// One policy found in the scan.
pub struct Policy<'g> {
    pub id: ResourceId,
    pub resource: &'g Resource,
    /// Opens a message: "Policy `admin`", "Inline policy `deploy` of role `ci`".
    pub label: String,
    pub source: PolicySource<'g>,
    /// The scan's files, to read what an unknown value is written as.
    pub sources: &'g SourceMap,
}

/// How a policy's statements are written.
pub enum PolicySource<'g> {
    /// A JSON document (parsed from a literal string).
    Json(Value),
    /// The document a `jsonencode(...)` encodes whose result is unknown (an ARN in it is known
    /// only after apply): its statements are read as far as they are known.
    Encoded(&'g Value),
    /// The body of a `data "aws_iam_policy_document"` block.
    Document(&'g Value),
    /// An expression Tollgate cannot evaluate yet (`jsonencode({...})`, a variable): the
    /// verdict depends on it.
    Unknown(&'g Value),
}

/// Every policy of the scan, in graph order. A `policy` that is a `data.aws_iam_policy_document`
/// of the scan (its `json` or `minified_json`) is left out: that document is judged where it is
/// written. A string that is not JSON is left out too (AWS rejects it at apply).
pub fn policies<'g>(ctx: &Context<'g>) -> Vec<Policy<'g>> {
    let mut out = Vec::new();
    for (id, resource) in ctx.resources() {
        if resource.is_tf_data("aws_iam_policy_document") {
            let label = format!("Policy document `{}`", resource.name);
            let source = PolicySource::Document(&resource.body);
            out.push(Policy { id, resource, label, source, sources: ctx.graph().sources() });
            continue;
        }
        if let Some((_, kind)) = POLICY_RESOURCES.iter().find(|(t, _)| resource.is_tf_resource(t)) {
            let label = format!("{kind} `{}`", resource.name);
            push_policy_attr(ctx, id, resource, resource.body.get("policy"), label, &mut out);
        } else if resource.is_tf_resource("aws_iam_role") {
            let inline = blocks(&resource.body, "inline_policy");
            for (i, block) in inline.known.iter().enumerate() {
                let name = block.get("name").known().and_then(Value::as_str).map(str::to_string);
                let name = name.unwrap_or_else(|| format!("#{}", i + 1));
                let label = format!("Inline policy `{name}` of role `{}`", resource.name);
                push_policy_attr(ctx, id, resource, block.get("policy"), label, &mut out);
            }
            if let Some(dynamic) = inline.unknown {
                let label = format!("Dynamic inline policies of role `{}`", resource.name);
                let source = PolicySource::Unknown(dynamic);
                out.push(Policy { id, resource, label, source, sources: ctx.graph().sources() });
            }
        }
    }
    out
}

/// Runs `judge` on every identity-policy statement of every policy of the scan; `judge` reports
/// what it finds and says whether it reported anything. A statement that names a principal belongs
/// to a resource-based policy (a KMS key, bucket, queue or trust policy written with a policy
/// document), where `"Resource": "*"` means the resource the policy is attached to: it is not judged. A policy of which nothing was reported but which has
/// statements Tollgate cannot read ([`Policy::unknown_identity_part`]) is reported unknown: "... so it may
/// `may`".
pub fn judge_statements(
    ctx: &Context<'_>,
    out: &mut Emitter<'_>,
    may: &str,
    judge: fn(&Policy<'_>, &Statement<'_>, &mut Emitter<'_>) -> bool,
) {
    for policy in policies(ctx) {
        let mut reported = false;
        for statement in policy.statements().iter().filter(|s| !s.names_principal()) {
            reported |= judge(&policy, statement, out);
        }
        if let (false, Some(unknown)) = (reported, policy.unknown_identity_part()) {
            out.unknown(
                policy.resource,
                unknown,
                format!(
                    "{} has statements Tollgate cannot read yet (an expression or a `dynamic` block), so it may {may}",
                    policy.label
                ),
            );
        }
    }
}

fn push_policy_attr<'g>(
    ctx: &Context<'g>,
    id: ResourceId,
    resource: &'g Resource,
    policy: Lookup<'g>,
    label: String,
    out: &mut Vec<Policy<'g>>,
) {
    let value = match policy {
        Lookup::Absent => return,
        Lookup::Unknown(v) | Lookup::Known(v) if is_document_in_scan(ctx, id, resource, v) => return,
        Lookup::Unknown(v) | Lookup::Known(v) => v,
    };
    if let Some(source) = policy_source(value, ctx.graph().sources()) {
        out.push(Policy { id, resource, label, source, sources: ctx.graph().sources() });
    }
}

/// How a `policy` value is written: JSON text, the document of an unknown `jsonencode(...)`, or
/// unknown. `None` for a string that is not JSON (AWS rejects it at apply).
pub fn policy_source<'g>(value: &'g Value, sources: &SourceMap) -> Option<PolicySource<'g>> {
    if let Some(unknown) = value.as_unknown() {
        return Some(match unknown.encodes.as_deref() {
            Some(encoded) => PolicySource::Encoded(encoded),
            None => PolicySource::Unknown(value),
        });
    }
    match json::parse_embedded(value, sources) {
        Ok(doc) => Some(PolicySource::Json(doc)),
        Err(_) if value.as_str().is_some() => None,
        Err(_) => Some(PolicySource::Unknown(value)),
    }
}

/// True when a `policy` value is a `data.aws_iam_policy_document` of the scan: the JSON Terraform
/// evaluation rendered from one it references (the same text as the document's `json` or
/// `minified_json`), or, when it could not be evaluated, an expression written as
/// `data.aws_iam_policy_document.NAME.json` (or `.minified_json`), with or without an instance
/// key (`NAME[0]`, `NAME["k"]`, `NAME[count.index]`), naming a document of the same module
/// instance.
fn is_document_in_scan(ctx: &Context<'_>, id: ResourceId, resource: &Resource, value: &Value) -> bool {
    if let Some(text) = value.as_str() {
        return ctx.outgoing(id, EdgeKind::Reference).any(|(_, target)| {
            target.is_tf_data("aws_iam_policy_document")
                && ["json", "minified_json"]
                    .iter()
                    .any(|k| target.body.get(k).known().and_then(Value::as_str) == Some(text))
        });
    }
    let Some(unknown) = value.as_unknown() else { return false };
    let written = written_text(value, ctx.graph().sources());
    // A reference to a block of a module is named with the module's path.
    let (module_path, reference) = unknown.module_and_reference();
    let Some(name) = written.as_deref().and_then(document_name).or_else(|| document_name(reference)) else {
        return false;
    };
    let Some(origin) = resource.terraform() else { return false };
    let module_path = if module_path.is_empty() { origin.module_path.as_str() } else { module_path };
    ctx.tf_data("aws_iam_policy_document").any(|(_, r)| {
        r.name == name
            && r.terraform().is_some_and(|o| o.module_path == module_path && o.same_deployment(origin))
    })
}

/// `NAME` of `data.aws_iam_policy_document.NAME.json` (or `.minified_json`), the name optionally
/// followed by one instance key in brackets.
fn document_name(expression: &str) -> Option<&str> {
    let rest = expression.trim().strip_prefix("data.aws_iam_policy_document.")?;
    let rest = rest.strip_suffix(".json").or_else(|| rest.strip_suffix(".minified_json"))?;
    let name = match rest.split_once('[') {
        Some((name, key)) if key.ends_with(']') && !key.contains('[') => name,
        Some(_) => return None,
        None => rest,
    };
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    is_name.then_some(name)
}

/// The text a one-line value is written as in its file (its span, end inclusive).
pub fn written_text(value: &Value, sources: &SourceMap) -> Option<String> {
    let span = value.span;
    if span.start.line != span.end.line || span.end.col < span.start.col {
        return None;
    }
    let line = sources.get(span.file)?.line(span.start.line)?;
    let skip = span.start.col.checked_sub(1)? as usize;
    Some(line.chars().skip(skip).take((span.end.col - span.start.col) as usize + 1).collect())
}

/// Allow or Deny.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect<'a> {
    Allow,
    Deny,
    Unknown(&'a Value),
}

/// One statement, whichever way it was written.
pub struct Statement<'a> {
    /// The statement itself (its span locates findings about the statement as a whole).
    pub value: &'a Value,
    /// "statement `AllowAll`" (its Sid) or "statement 2".
    pub label: String,
    pub effect: Effect<'a>,
    /// `Action` / `actions`, `None` when not written.
    pub actions: Option<Strings<'a>>,
    pub not_actions: Option<Strings<'a>>,
    pub resources: Option<Strings<'a>>,
    pub not_resources: Option<Strings<'a>>,
    /// How this spelling names the fields, for messages: `Action` / `actions`, ...
    pub action_key: &'static str,
    pub not_action_key: &'static str,
    pub resource_key: &'static str,
    pub not_resource_key: &'static str,
    /// The scan's files (see [`written_text`]).
    pub sources: &'a SourceMap,
}

/// The blocks of a policy document statement that name a principal.
const PRINCIPAL_BLOCKS: &[&str] = &["principals", "not_principals"];

/// The keys of the two spellings of a statement.
struct Keys {
    statement: &'static str,
    sid: &'static str,
    effect: &'static str,
    action: &'static str,
    not_action: &'static str,
    resource: &'static str,
    not_resource: &'static str,
    /// The effect when none is written (documents default to Allow; JSON requires one).
    default_effect: Option<Effect<'static>>,
}

const JSON_KEYS: Keys = Keys {
    statement: "Statement",
    sid: "Sid",
    effect: "Effect",
    action: "Action",
    not_action: "NotAction",
    resource: "Resource",
    not_resource: "NotResource",
    default_effect: None,
};

const DOCUMENT_KEYS: Keys = Keys {
    statement: "statement",
    sid: "sid",
    effect: "effect",
    action: "actions",
    not_action: "not_actions",
    resource: "resources",
    not_resource: "not_resources",
    default_effect: Some(Effect::Allow),
};

impl<'g> Policy<'g> {
    /// What of the policy Tollgate cannot read: the whole policy when its expression is unknown,
    /// or a document's `dynamic "statement"` block. A rule that finds no fault in the known
    /// statements reports this as unknown.
    pub fn unknown_part(&self) -> Option<&'g Value> {
        match &self.source {
            PolicySource::Unknown(v) => Some(v),
            PolicySource::Document(body) => blocks(body, "statement").unknown,
            PolicySource::Encoded(doc) => blocks(doc, JSON_KEYS.statement).unknown,
            PolicySource::Json(_) => None,
        }
    }

    /// What of the policy may hold identity-policy statements Tollgate cannot read: as
    /// [`Policy::unknown_part`], except a `dynamic "statement"` whose `content` always has a
    /// `principals` or `not_principals` block: every statement it makes belongs to a
    /// resource-based (trust) policy, whatever its `for_each` turns out to be.
    pub fn unknown_identity_part(&self) -> Option<&'g Value> {
        let unknown = self.unknown_part()?;
        let is_document = matches!(self.source, PolicySource::Document(_));
        match is_document && super::hcl_text::dynamic_content_has_block(unknown, self.sources, PRINCIPAL_BLOCKS) {
            true => None,
            false => Some(unknown),
        }
    }

    /// The statements written out (none for an unknown policy).
    pub fn statements(&self) -> Vec<Statement<'_>> {
        match &self.source {
            PolicySource::Json(doc) => statements(doc, &JSON_KEYS, self.sources),
            PolicySource::Encoded(doc) => statements(doc, &JSON_KEYS, self.sources),
            PolicySource::Document(body) => statements(body, &DOCUMENT_KEYS, self.sources),
            PolicySource::Unknown(_) => Vec::new(),
        }
    }
}

fn statements<'a>(doc: &'a Value, keys: &'static Keys, sources: &'a SourceMap) -> Vec<Statement<'a>> {
    let Some(list) = doc.get(keys.statement).known() else { return Vec::new() };
    list.items()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.as_map().is_some())
        .filter_map(|(i, s)| {
            let effect = match s.get(keys.effect) {
                Lookup::Unknown(v) => Effect::Unknown(v),
                Lookup::Known(v) => match v.as_str() {
                    Some(e) if e.eq_ignore_ascii_case("allow") => Effect::Allow,
                    Some(_) => Effect::Deny,
                    None if v.is_null() => keys.default_effect?,
                    None => Effect::Unknown(v),
                },
                Lookup::Absent => keys.default_effect?,
            };
            let list = |key: &str| match s.get(key) {
                Lookup::Absent => None,
                Lookup::Unknown(v) => Some(Strings { known: Vec::new(), unknown: vec![v] }),
                Lookup::Known(v) => Some(Strings::read(v)),
            };
            let sid = s.get(keys.sid).known().and_then(Value::as_str).filter(|sid| !sid.is_empty());
            Some(Statement {
                value: s,
                label: sid.map_or_else(|| format!("statement {}", i + 1), |sid| format!("statement `{sid}`")),
                effect,
                actions: list(keys.action),
                not_actions: list(keys.not_action),
                resources: list(keys.resource),
                not_resources: list(keys.not_resource),
                action_key: keys.action,
                not_action_key: keys.not_action,
                resource_key: keys.resource,
                not_resource_key: keys.not_resource,
                sources,
            })
        })
        .collect()
}

impl<'a> Statement<'a> {
    /// True when the statement names a principal (`Principal` / `NotPrincipal`, or `principals` /
    /// `not_principals` blocks): IAM requires one in every statement of a resource-based policy
    /// and rejects it in an identity policy.
    pub fn names_principal(&self) -> bool {
        let keys: [&str; 2] =
            if self.action_key == "Action" { ["Principal", "NotPrincipal"] } else { ["principals", "not_principals"] };
        keys.iter().any(|k| !self.value.get(k).is_unset())
    }

    /// Allow is yes, Deny is no, an unknown effect is unknown.
    pub fn allows(&self) -> Tri<'a> {
        match self.effect {
            Effect::Allow => Tri::Yes,
            Effect::Deny => Tri::No,
            Effect::Unknown(v) => Tri::Unknown(v),
        }
    }
}

/// `*` (or `*:*`): every action of every service.
pub fn is_every_action(action: &str) -> bool {
    let action = action.trim();
    action == "*" || action.split_once(':').is_some_and(|(service, op)| service == "*" && op.trim() == "*")
}

/// The service of a service-wide wildcard (`iam:*` -> `iam`).
pub fn service_wildcard(action: &str) -> Option<&str> {
    let (service, op) = action.trim().split_once(':')?;
    (op == "*" && service != "*").then_some(service)
}

/// True for an unknown value that is certainly an ARN, never `"*"`: a reference to the `arn` of
/// a resource or data source (`aws_sqs_queue.jobs.arn`, `data.aws_s3_bucket.x.arn`, of one
/// instance: `aws_sqs_queue.this[0].arn`), alone or opening a template
/// (`"${aws_s3_bucket.logs.arn}/*"`).
pub fn is_arn_reference(value: &Value) -> bool {
    let Some(unknown) = value.as_unknown() else { return false };
    let source = unknown.module_and_reference().1.trim();
    let reference = match source.strip_prefix("\"${") {
        Some(rest) => rest.split('}').next().unwrap_or_default(),
        None => source,
    };
    let Some(block) = reference.trim().strip_suffix(".arn") else { return false };
    // One instance key (`[0]`, `["a.b"]`, `[count.index]`) after the block's name.
    let block = match block.split_once('[') {
        Some((name, key)) if key.ends_with(']') && !key.contains("][") => name,
        Some(_) => return false,
        None => block,
    };
    let parts: Vec<&str> = block.split('.').collect();
    let is_name = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let names = match parts.first() {
        Some(&"data") => parts.get(1..),
        Some(&("var" | "local" | "module" | "each" | "count" | "self")) | None => None,
        Some(_) => Some(&parts[..]),
    };
    matches!(names, Some([resource_type, name]) if is_name(resource_type) && is_name(name))
}

/// A fact found in a statement: where it is written and how to describe it.
pub enum Found<'a> {
    Yes(&'a Value, String),
    No,
    Unknown(&'a Value),
}

impl<'a> Found<'a> {
    pub fn tri(&self) -> Tri<'a> {
        match self {
            Found::Yes(..) => Tri::Yes,
            Found::No => Tri::No,
            Found::Unknown(v) => Tri::Unknown(v),
        }
    }

    /// From a list: a known match, else its first unknown item that might match.
    pub fn from_list(
        list: Option<&Strings<'a>>,
        test: impl Fn(&str) -> bool,
        might_match: impl Fn(&Value) -> bool,
        describe: impl Fn(&str) -> String,
    ) -> Self {
        let Some(list) = list else { return Found::No };
        match list.find(test) {
            Some((item, at)) => Found::Yes(at, describe(item)),
            None => list.unknown.iter().find(|v| might_match(v)).map_or(Found::No, |v| Found::Unknown(v)),
        }
    }
}

impl<'a> Statement<'a> {
    /// Whether the statement applies to every resource: `Resource` `"*"` or a `NotResource`,
    /// without a condition that limits the resources it reaches ([`super::iam_conditions`]). Found at
    /// the `*` (or the `NotResource`), described as "every resource (`*`)".
    pub fn every_resource(&self) -> Found<'a> {
        let found = self.resource_wildcard();
        match (found.tri(), limits_resources(self)) {
            (Tri::No, _) | (_, Tri::Yes) => Found::No,
            (Tri::Yes, Tri::Unknown(condition)) => Found::Unknown(condition),
            _ => found,
        }
    }

    fn resource_wildcard(&self) -> Found<'a> {
        // A reference to a resource's `arn` is never `*`.
        let might_be_star = |v: &Value| !is_arn_reference(v);
        let star =
            Found::from_list(self.resources.as_ref(), |r| r.trim() == "*", might_be_star, |_| "every resource (`*`)".into());
        if !matches!(star, Found::No) {
            return star;
        }
        let key = self.not_resource_key;
        Found::from_list(
            self.not_resources.as_ref(),
            |_| true,
            |_| true,
            |_| format!("every resource except its `{key}`"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_references_are_never_a_wildcard() {
        use tollgate_model::{Span, UnknownReason};
        let unknown = |src: &str| Value::unknown(UnknownReason::Expression, src, Span::default());
        assert!(is_arn_reference(&unknown("aws_sqs_queue.jobs.arn")));
        assert!(is_arn_reference(&unknown("data.aws_s3_bucket.logs.arn")));
        assert!(is_arn_reference(&unknown("\"${aws_s3_bucket.logs.arn}/*\"")));
        assert!(!is_arn_reference(&unknown("var.bucket.arn")));
        assert!(!is_arn_reference(&unknown("aws_sqs_queue.jobs.id")));
        assert!(!is_arn_reference(&unknown("local.arns")));
        // A resource of a module, named with the module's path.
        // One instance of a counted or for_each resource, in a module or not.
        let in_module = Value::unknown(UnknownReason::AfterApply, "module.logs.aws_s3_bucket.this[0].arn", Span::default());
        assert!(is_arn_reference(&in_module));
        assert!(is_arn_reference(&unknown("aws_sqs_queue.this[\"a.b\"].arn")));
        assert!(is_arn_reference(&unknown("\"${aws_s3_bucket.logs[count.index].arn}/*\"")));
        assert!(!is_arn_reference(&unknown("var.queues[0].arn")));
        assert!(!is_arn_reference(&unknown("aws_sqs_queue.this[0].tags[\"arn\"]")));
        assert!(!is_arn_reference(&unknown("aws_sqs_queue.this[0][1].arn")));
        let in_module = Value::unknown(UnknownReason::AfterApply, "module.logs[\"a\"].aws_s3_bucket.this.arn", Span::default());
        assert!(is_arn_reference(&in_module));
        let read = Value::read_during_plan("aws", "module.kms.data.aws_kms_key.this.arn", Span::default());
        assert!(is_arn_reference(&read));
    }

    #[test]
    fn document_references_with_and_without_instance_keys() {
        assert_eq!(document_name("data.aws_iam_policy_document.ci.json"), Some("ci"));
        assert_eq!(document_name("data.aws_iam_policy_document.ci[0].json"), Some("ci"));
        assert_eq!(document_name("data.aws_iam_policy_document.ci[\"k\"].minified_json"), Some("ci"));
        assert_eq!(document_name("data.aws_iam_policy_document.ci[count.index].json"), Some("ci"));
        assert_eq!(document_name("data.aws_iam_policy_document.ci.id"), None);
        assert_eq!(document_name("data.aws_iam_policy_document.ci[0][1].json"), None);
        assert_eq!(document_name("jsonencode(data.aws_iam_policy_document.ci.json)"), None);
        assert_eq!(document_name("data.aws_iam_policy_document.json"), None);
    }

    #[test]
    fn action_patterns() {
        assert!(is_every_action("*"));
        assert!(is_every_action("*:*"));
        assert!(!is_every_action("s3:*"));
        assert_eq!(service_wildcard("iam:*"), Some("iam"));
        assert_eq!(service_wildcard("s3:Get*"), None);
    }
}
