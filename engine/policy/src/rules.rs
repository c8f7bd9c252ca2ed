//! Which rules of a policy are evaluated, how each input mode names them, and the metadata that
//! gives a rule its id, severity and documentation (`# METADATA`, Trivy's `__rego_metadata__`).

use crate::builtins::path_text;
use crate::metadata::{Annotation, AnnotationTarget};
use regorus::unstable::{Expr, Module, Rule, RuleHead};
use serde_json::{Map, Value as Json};
use std::str::FromStr;
use tollgate_model::{Category, Severity};

/// How a package's rules are fed and read (decided by the package name and its metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// `tollgate.*` packages: once per graph resource, the graph as `data.tollgate`.
    Resource,
    /// Conftest policies: each parsed document of each file (or all at once with `--combine`).
    Conftest,
    /// Trivy checks (`custom.id`/`avd_id`/`input` in the package METADATA, or `__rego_metadata__`).
    Trivy,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Resource => "tollgate",
            Mode::Conftest => "conftest",
            Mode::Trivy => "trivy",
        }
    }
}

/// What a result of a rule means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// `deny`, `violation` and their `_suffix` forms.
    Deny,
    /// `warn` and `warn_suffix`.
    Warn,
    /// `unknown` and `unknown_suffix` (resource mode only): the verdict rests on an unknown value.
    Unknown,
}

/// The effect of a rule named `name` under Conftest's naming convention
/// (`^(deny|violation)(_[a-zA-Z0-9]+)*$`, `^warn(_[a-zA-Z0-9]+)*$`), or `None` for other rules.
pub fn rule_effect(name: &str) -> Option<Effect> {
    prefixed(name, "deny", Effect::Deny)
        .or_else(|| prefixed(name, "violation", Effect::Deny))
        .or_else(|| prefixed(name, "warn", Effect::Warn))
}

/// The effect of rule `name` in a package of `mode`: Conftest's names; in resource mode also
/// `unknown(_suffix)*`; in Trivy mode only `deny` and `deny_*` (Trivy's `isEnforcedRule`:
/// severity comes from metadata, so `warn` and `violation` rules are not run).
pub fn rule_effect_in(mode: Mode, name: &str) -> Option<Effect> {
    match mode {
        Mode::Conftest => rule_effect(name),
        Mode::Resource => rule_effect(name).or_else(|| prefixed(name, "unknown", Effect::Unknown)),
        Mode::Trivy => (name == "deny" || name.starts_with("deny_")).then_some(Effect::Deny),
    }
}

fn prefixed(name: &str, prefix: &str, effect: Effect) -> Option<Effect> {
    let rest = name.strip_prefix(prefix)?;
    let suffix_ok = rest.is_empty()
        || rest.strip_prefix('_').is_some_and(|parts| {
            parts.split('_').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
        });
    suffix_ok.then_some(effect)
}

/// A rule that is evaluated: `deny`, `violation_*`, `warn_*`, `unknown_*`...
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyRule {
    /// The package, dotted (`main`, `kubernetes.admission`).
    pub package: String,
    /// The rule name (`deny`, `warn_labels`).
    pub name: String,
    pub effect: Effect,
    /// The policy file that declares it (a rule may be split over files: the first one).
    pub file: String,
    /// 1-based line of its first head in that file.
    pub line: u32,
    pub mode: Mode,
}

impl PolicyRule {
    /// `<package>.<rule>` (`main.deny`): the id of a rule whose package declares none.
    pub fn id(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }
}

/// A rule head as written: its name (first path component), line, and shape.
#[derive(Debug, Clone)]
pub struct RuleHeadInfo {
    pub name: String,
    pub line: u32,
}

/// Every rule head of a module, in file order.
pub fn rule_heads(module: &Module) -> Vec<RuleHeadInfo> {
    module
        .policy
        .iter()
        .filter_map(|rule| {
            let refr = match rule.as_ref() {
                Rule::Spec { head: RuleHead::Compr { refr, .. }, .. }
                | Rule::Spec { head: RuleHead::Set { refr, .. }, .. }
                | Rule::Spec { head: RuleHead::Func { refr, .. }, .. } => refr,
                Rule::Default { refr, .. } => refr,
            };
            let path = path_text(refr)?;
            let name = path.split('.').next().unwrap_or(&path).to_string();
            Some(RuleHeadInfo { name, line: rule.span().line })
        })
        .collect()
}

/// The `name[key] if { ... }` (and `name.key if`) heads of a Rego v1 module whose name is a rule
/// Tollgate evaluates in `mode`: in Rego v1 such a head defines a partial *object*
/// (`{key: true}`), not the set of messages `name contains key if` defines (Conftest refuses
/// them: OPA issue 6509). Name and line.
pub fn object_heads(module: &Module, mode: Mode) -> Vec<(String, u32)> {
    module
        .policy
        .iter()
        .filter_map(|rule| match rule.as_ref() {
            Rule::Spec { head: RuleHead::Compr { refr, assign: None, .. }, .. } => {
                let name = match refr.as_ref() {
                    Expr::RefBrack { refr: inner, .. } | Expr::RefDot { refr: inner, .. } => root_name(inner)?,
                    _ => return None,
                };
                rule_effect_in(mode, &name).map(|_| (name, rule.span().line))
            }
            _ => None,
        })
        .collect()
}

/// The variable a reference starts from (`deny` of `deny[msg].x`).
fn root_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Var { span, .. } => Some(span.text().to_string()),
        Expr::RefBrack { refr, .. } | Expr::RefDot { refr, .. } => root_name(refr),
        _ => None,
    }
}

/// A Trivy input selector (`custom.input.selector[]` or `__rego_input__.selector[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    /// `kubernetes`, `yaml`, `json`, `cloud`, ... (`defsec` is read as `cloud`, as Trivy does).
    pub kind: String,
    /// `subtypes[]`: for Kubernetes, `{group, version, kind}`; matched case-insensitively.
    pub subtypes: Vec<Map<String, Json>>,
}

/// What a package declares about its checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckMeta {
    pub id: Option<String>,
    pub slug: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub severity: Option<Severity>,
    pub category: Option<Category>,
    pub recommended_actions: Option<String>,
    pub selectors: Vec<Selector>,
    /// Whether the package reads Trivy's `cloud` schema (`schemas: - input: schema["cloud"]`).
    pub cloud_schema: bool,
    /// Resource mode: `custom.resource_types`, the only resource types the package's rules can
    /// report on (`["aws_s3_bucket"]`, `["Service"]`); other resources are not evaluated at all.
    /// `None`: every resource.
    pub resource_types: Option<std::collections::BTreeSet<String>>,
    /// Kept for reports: `avd_id`, `recommended_actions`, `title`, ... as declared.
    pub extra: Map<String, Json>,
}

impl CheckMeta {
    /// The metadata of a package METADATA annotation (OPA's `title`/`description` and `custom`).
    pub fn from_annotation(annotation: &Annotation) -> Result<CheckMeta, String> {
        let mut meta = CheckMeta {
            title: annotation.title.clone(),
            description: annotation.description.clone(),
            ..CheckMeta::default()
        };
        meta.populate(&annotation.custom)?;
        if let Some(Json::Array(schemas)) = annotation.raw.get("schemas") {
            meta.cloud_schema = schemas.iter().any(|schema| {
                schema.get("input").and_then(Json::as_str).is_some_and(|s| {
                    let s = s.replace(char::is_whitespace, "");
                    s == "schema[\"cloud\"]" || s == "schema.cloud"
                })
            });
        }
        Ok(meta)
    }

    /// Reads the keys Trivy reads from `custom` or from `__rego_metadata__` (its `populate`),
    /// plus Tollgate's `slug` and `category`.
    pub fn populate(&mut self, fields: &Map<String, Json>) -> Result<(), String> {
        let text = |key: &str| {
            fields.get(key).map(|v| match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        if let Some(id) = text("id") {
            self.id = Some(id);
        }
        if let Some(avd) = text("avd_id") {
            self.extra.insert("avd_id".into(), Json::String(avd.clone()));
            self.id.get_or_insert(avd);
        }
        self.slug = text("slug").or(self.slug.take());
        self.title = text("title").or(self.title.take());
        self.description = text("description").or(self.description.take());
        if let Some(actions) = text("recommended_actions").or_else(|| text("recommended_action")) {
            self.recommended_actions = Some(actions);
        }
        if let Some(severity) = text("severity") {
            // Trivy's `UNKNOWN` (no severity declared) keeps the rule's default.
            if !severity.eq_ignore_ascii_case("unknown") {
                self.severity = Some(Severity::from_str(&severity)?);
            }
        }
        if let Some(category) = text("category") {
            let parsed = serde_json::from_value::<Category>(Json::String(category.clone()))
                .map_err(|_| format!("unknown category `{category}`"))?;
            self.category = Some(parsed);
        }
        if let Some(Json::Object(input)) = fields.get("input") {
            self.selectors = selectors(input);
        }
        if let Some(types) = fields.get("resource_types") {
            let wrong = || "`resource_types` must be a list of resource types".to_string();
            let list = types.as_array().ok_or_else(wrong)?;
            let names =
                list.iter().map(|t| t.as_str().map(str::to_string).ok_or_else(wrong)).collect::<Result<_, _>>()?;
            self.resource_types = Some(names);
        }
        for key in ["short_code", "provider", "service", "type", "url", "aliases", "frameworks"] {
            if let Some(value) = fields.get(key) {
                self.extra.insert(key.into(), value.clone());
            }
        }
        Ok(())
    }

    /// Whether any selector names Trivy's `cloud` input (refused: Tollgate does not build it).
    pub fn reads_cloud(&self) -> bool {
        self.cloud_schema || self.selectors.iter().any(|s| s.kind == "cloud")
    }
}

/// `{selector: [{type, subtypes}]}` as Trivy parses it.
pub fn selectors(input: &Map<String, Json>) -> Vec<Selector> {
    let Some(Json::Array(items)) = input.get("selector") else { return Vec::new() };
    items
        .iter()
        .filter_map(Json::as_object)
        .map(|item| {
            let kind = match item.get("type") {
                Some(Json::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let kind = if kind == "defsec" { "cloud".to_string() } else { kind };
            let subtypes = match item.get("subtypes") {
                Some(Json::Array(subs)) => subs.iter().filter_map(Json::as_object).cloned().collect(),
                _ => Vec::new(),
            };
            Selector { kind, subtypes }
        })
        .collect()
}

/// The annotation that applies to a whole package: before `package`, or `scope: package`.
pub fn package_annotation(annotations: &[Annotation]) -> Option<&Annotation> {
    annotations
        .iter()
        .find(|a| a.scope.as_deref() == Some("package") || (a.target == AnnotationTarget::Package && a.scope.is_none()))
}

/// Whether a file's annotations or rules mark its package as a Trivy check.
pub fn is_trivy(annotations: &[Annotation], heads: &[RuleHeadInfo]) -> bool {
    let by_annotation = package_annotation(annotations).is_some_and(|a| {
        a.custom.contains_key("id") || a.custom.contains_key("avd_id") || a.custom.contains_key("input")
    });
    by_annotation || heads.iter().any(|h| h.name == "__rego_metadata__" || h.name == "__rego_input__")
}

/// What a policy rule is, for configuration (`disable`, severity overrides) and listings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyRuleInfo {
    /// The id findings carry (`custom.id`, or `<package>.<rule>`).
    pub id: String,
    pub slug: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub severity: Severity,
    pub category: Category,
    pub file: String,
    pub line: u32,
    pub package: String,
    pub rule: String,
    pub effect: Effect,
    pub mode: Mode,
}

impl PolicyRuleInfo {
    /// The rule as the catalog describes every rule: documented from its `# METADATA` (title and
    /// description), else named after its package and rule.
    pub fn descriptor(&self) -> tollgate_model::RuleDescriptor {
        let title =
            self.title.clone().unwrap_or_else(|| format!("{}.{} ({})", self.package, self.rule, self.effect_word()));
        tollgate_model::RuleDescriptor {
            id: self.id.clone(),
            slug: self.slug.clone(),
            title,
            severity: self.severity,
            category: self.category,
            origin: tollgate_model::RuleOrigin::Policy,
            docs: self.description.clone().unwrap_or_default(),
            aliases: Vec::new(),
            references: Vec::new(),
            source: format!("{}:{}", self.file, self.line),
            can_disable: true,
        }
    }

    fn effect_word(&self) -> &'static str {
        match self.effect {
            Effect::Deny => "deny",
            Effect::Warn => "warn",
            Effect::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conftest_rule_names() {
        assert_eq!(rule_effect("deny"), Some(Effect::Deny));
        assert_eq!(rule_effect("violation_no_labels_2"), Some(Effect::Deny));
        assert_eq!(rule_effect("warn_x"), Some(Effect::Warn));
        assert_eq!(rule_effect("denyall"), None);
        assert_eq!(rule_effect("deny_"), None);
        assert_eq!(rule_effect("warn__x"), None);
        assert_eq!(rule_effect("exception"), None);
        assert_eq!(rule_effect("unknown_x"), None);
        assert_eq!(rule_effect_in(Mode::Resource, "unknown_x"), Some(Effect::Unknown));
        assert_eq!(rule_effect_in(Mode::Trivy, "warn"), None);
        assert_eq!(rule_effect_in(Mode::Trivy, "deny_anything-goes"), Some(Effect::Deny));
    }
}
