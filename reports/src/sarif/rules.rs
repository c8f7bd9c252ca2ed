//! Every rule of the scan as a SARIF `reportingDescriptor`, with what GitHub code scanning
//! shows: name, short and full description (at most 1,024 characters each), help in text and
//! Markdown, `helpUri`, default level, tags, precision and `security-severity`.

use serde_json::json;
use serde_sarif::sarif::{MultiformatMessageString, PropertyBag, ReportingConfiguration, ReportingDescriptor};
use std::collections::{BTreeMap, HashMap};
use tollgate_model::{Category, Finding, RuleDescriptor, RuleOrigin, ScanReport, Severity};

/// The project's home (the tool's `informationUri`): the workspace's `repository`.
pub const REPOSITORY_URL: &str = env!("CARGO_PKG_REPOSITORY");
/// Where the generated rule pages are browsed (`docs/rules/<ID>.md`, written by
/// `tollgate rules docs`): `helpUri` is this followed by the page.
pub const DOCS_BASE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/");
/// GitHub's limit on `shortDescription.text` and `fullDescription.text`.
const MAX_DESCRIPTION_CHARS: usize = 1024;
/// GitHub rejects a rule with more tags than this.
const MAX_TAGS: usize = 20;

/// The rules a run describes and where each rule id sits among them (`ruleIndex`).
pub struct DescribedRules {
    pub descriptors: Vec<ReportingDescriptor>,
    pub index: HashMap<String, usize>,
}

/// Every rule of the scan's catalog (GitHub lists a tool's rules even without results), then
/// any rule a finding names that the catalog lacks, described from the finding, so every result
/// has its rule.
pub fn described_rules(report: &ScanReport, findings: &[&Finding]) -> DescribedRules {
    let mut rules: Vec<RuleDescriptor> = report.catalog.rules().to_vec();
    let mut missing: BTreeMap<&str, RuleDescriptor> = BTreeMap::new();
    for finding in findings {
        if report.catalog.find(&finding.rule_id).is_none() {
            missing.entry(&finding.rule_id).or_insert_with(|| from_finding(finding));
        }
    }
    rules.extend(missing.into_values());
    let index = rules.iter().enumerate().map(|(i, rule)| (rule.id.to_ascii_lowercase(), i)).collect();
    DescribedRules { descriptors: rules.iter().map(descriptor).collect(), index }
}

impl DescribedRules {
    /// The position of the finding's rule (by id, any case, as the catalog looks it up).
    pub fn index_of(&self, rule_id: &str) -> Option<usize> {
        self.index.get(&rule_id.to_ascii_lowercase()).copied()
    }
}

fn from_finding(finding: &Finding) -> RuleDescriptor {
    RuleDescriptor {
        id: finding.rule_id.clone(),
        slug: finding.slug.clone(),
        title: finding.slug.clone(),
        severity: finding.severity,
        category: finding.category,
        origin: RuleOrigin::Policy,
        docs: String::new(),
        aliases: Vec::new(),
        references: Vec::new(),
        source: String::new(),
        can_disable: true,
    }
}

fn descriptor(rule: &RuleDescriptor) -> ReportingDescriptor {
    let configuration = ReportingConfiguration::builder().level(json!(level_of(rule.severity))).build();
    let builder = ReportingDescriptor::builder()
        .id(rule.id.clone())
        .name(if rule.slug.is_empty() { rule.id.clone() } else { rule.slug.clone() })
        .short_description(plain(truncate(rule.title.trim(), MAX_DESCRIPTION_CHARS)))
        .full_description(plain(truncate(&full_description(rule), MAX_DESCRIPTION_CHARS)))
        .help(help(rule))
        .default_configuration(configuration)
        .properties(properties(rule));
    match help_uri(rule) {
        Some(uri) => builder.help_uri(uri).build(),
        None => builder.build(),
    }
}

fn plain(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

/// SARIF level of a severity: critical and high are errors, medium a warning, low and info notes.
pub fn level_of(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` score: it reads over 9.0 as critical, 7.0-8.9 high, 4.0-6.9
/// medium and 0.1-3.9 low (0.0 none), so each severity sits inside its band; info has no score
/// (no security impact).
pub fn security_severity_of(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("2.0"),
        Severity::Info => None,
    }
}

/// What a rule checks, read from its documented example: an `hcl` example is Terraform (and
/// AWS when it names `aws_` resources), a `yaml` one Kubernetes (Tollgate's resources from YAML
/// are cluster objects). Rules about reading files
/// (category `input`) belong to no provider.
pub fn providers_of(rule: &RuleDescriptor) -> Vec<&'static str> {
    if rule.category == Category::Input {
        return Vec::new();
    }
    let mut providers = Vec::new();
    if rule.docs.contains("```hcl") || rule.docs.contains("```terraform") {
        providers.push("terraform");
        if rule.docs.contains("aws_") {
            providers.push("aws");
        }
    }
    if rule.docs.contains("```yaml") {
        providers.push("kubernetes");
    }
    providers
}

/// Category, providers, `security` for the categories that guard against attacks (GitHub shows
/// the `security-severity` of security rules only; quota, tagging, cost, input and the user's
/// policies, whose intent Tollgate cannot know, are graded by level alone) and CWE ids as GitHub
/// shows them (`external/cwe/cwe-284`), without repeats, at most 20.
fn tags(rule: &RuleDescriptor) -> Vec<String> {
    let mut tags = vec![rule.category.as_str().to_string()];
    tags.extend(providers_of(rule).into_iter().map(str::to_string));
    if is_security(rule.category) && security_severity_of(rule.severity).is_some() {
        tags.push("security".to_string());
    }
    tags.extend(rule.references.iter().filter_map(|r| cwe_tag(r)));
    let mut seen = std::collections::HashSet::new();
    tags.retain(|tag| seen.insert(tag.clone()));
    tags.truncate(MAX_TAGS);
    tags
}

fn is_security(category: Category) -> bool {
    matches!(
        category,
        Category::LeastPrivilege
            | Category::Encryption
            | Category::Network
            | Category::Workload
            | Category::Observability
    )
}

/// `CWE-284` (any case, anything after the number ignored) as `external/cwe/cwe-284`.
fn cwe_tag(reference: &str) -> Option<String> {
    let rest = reference.trim().strip_prefix("CWE-").or_else(|| reference.trim().strip_prefix("cwe-"))?;
    let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!number.is_empty()).then(|| format!("external/cwe/cwe-{number}"))
}

fn properties(rule: &RuleDescriptor) -> PropertyBag {
    let mut extra = BTreeMap::new();
    extra.insert("precision".to_string(), json!(precision(rule.origin)));
    if let Some(score) = security_severity_of(rule.severity) {
        extra.insert("security-severity".to_string(), json!(score));
    }
    extra.insert("tollgate/severity".to_string(), json!(rule.severity.as_str()));
    extra.insert("tollgate/origin".to_string(), json!(rule.origin.as_str()));
    if !rule.aliases.is_empty() {
        extra.insert("tollgate/aliases".to_string(), json!(rule.aliases));
    }
    if !rule.source.is_empty() {
        extra.insert("tollgate/source".to_string(), json!(rule.source));
    }
    PropertyBag::builder().tags(tags(rule)).additional_properties(extra).build()
}

/// Bundled rules are exact logic over evaluated values (an undecidable value is an `unknown`
/// result, never a guess): high. A user's policy is code Tollgate cannot vouch for: medium.
fn precision(origin: RuleOrigin) -> &'static str {
    match origin {
        RuleOrigin::Native | RuleOrigin::Rego | RuleOrigin::Builtin => "high",
        RuleOrigin::Policy => "medium",
    }
}

/// A bundled rule's generated page on GitHub; a user's policy has no public page (its file is
/// named in the help and `tollgate/source` instead, since `helpUri` must be an absolute URI).
pub fn help_uri(rule: &RuleDescriptor) -> Option<String> {
    if rule.origin == RuleOrigin::Policy || !rule.source.starts_with("rules/") {
        return None;
    }
    Some(format!("{DOCS_BASE_URL}{}.md", rule.id))
}

/// The "What it does" section of the docs as one paragraph, else the docs' first paragraph,
/// else the title.
fn full_description(rule: &RuleDescriptor) -> String {
    let docs = rule.docs.trim();
    let section = match docs.split_once("## What it does") {
        Some((_, rest)) => rest.split("\n## ").next().unwrap_or_default(),
        None => docs.split("\n\n").next().unwrap_or_default(),
    };
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        rule.title.trim().to_string()
    } else {
        text
    }
}

/// The rule's documentation (what, why, how to fix), its references and, for a user's policy,
/// where it is defined; the text form is the same Markdown source, readable as it is.
fn help(rule: &RuleDescriptor) -> MultiformatMessageString {
    let mut markdown = rule.docs_or_title().trim().to_string();
    if !rule.references.is_empty() {
        markdown.push_str("\n\n## References\n");
        for reference in &rule.references {
            markdown.push_str(&format!("\n- {}", reference_link(reference)));
        }
    }
    if rule.origin == RuleOrigin::Policy && !rule.source.is_empty() {
        markdown.push_str(&format!("\n\nDefined in `{}`.", rule.source));
    }
    let text = markdown.clone();
    MultiformatMessageString::builder().text(text).markdown(markdown).build()
}

/// A CWE reference linked to MITRE's page; others as written.
fn reference_link(reference: &str) -> String {
    match cwe_tag(reference).and_then(|tag| tag.rsplit('-').next().map(str::to_string)) {
        Some(number) => format!("[{reference}](https://cwe.mitre.org/data/definitions/{number}.html)"),
        None => reference.to_string(),
    }
}

/// `text` cut to at most `max` characters, at a word boundary where there is one, ending in `…`.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_a_word_within_the_limit() {
        let long = "word ".repeat(400);
        let cut = truncate(&long, MAX_DESCRIPTION_CHARS);
        assert!(cut.chars().count() <= MAX_DESCRIPTION_CHARS && cut.ends_with("word…"), "{cut}");
        assert_eq!(truncate("short", 10), "short");
        let unbroken = "x".repeat(2000);
        assert_eq!(truncate(&unbroken, 1024).chars().count(), 1024);
    }

    #[test]
    fn cwe_references_become_githubs_tags() {
        assert_eq!(cwe_tag("CWE-284").as_deref(), Some("external/cwe/cwe-284"));
        assert_eq!(cwe_tag("CWE-250: privileges").as_deref(), Some("external/cwe/cwe-250"));
        assert_eq!(cwe_tag("CIS AWS 4.1"), None);
        assert_eq!(reference_link("CWE-311"), "[CWE-311](https://cwe.mitre.org/data/definitions/311.html)");
    }
}
