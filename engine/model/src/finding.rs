//! What a check reports.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown severity `{s}` (expected info, low, medium, high or critical)"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    LeastPrivilege,
    Encryption,
    Network,
    Workload,
    Quota,
    Tagging,
    Observability,
    Cost,
    /// Files that could not be read or parsed (the built-in `parse-error` check).
    Input,
    /// Results of the user's own Rego policies (`--policy`).
    Policy,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::LeastPrivilege,
        Category::Encryption,
        Category::Network,
        Category::Workload,
        Category::Quota,
        Category::Tagging,
        Category::Observability,
        Category::Cost,
        Category::Input,
        Category::Policy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::LeastPrivilege => "least-privilege",
            Category::Encryption => "encryption",
            Category::Network => "network",
            Category::Workload => "workload",
            Category::Quota => "quota",
            Category::Tagging => "tagging",
            Category::Observability => "observability",
            Category::Cost => "cost",
            Category::Input => "input",
            Category::Policy => "policy",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A failure, or a verdict that rests on a value Tollgate could not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    Fail,
    Unknown,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Fail => "fail",
            FindingKind::Unknown => "unknown",
        }
    }
}

/// One result of a rule on one resource, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub slug: String,
    pub severity: Severity,
    pub category: Category,
    pub kind: FindingKind,
    /// The resource address (`aws_security_group.ssh`, `Deployment/payments/api`), or the file
    /// path for findings about a whole file.
    pub address: String,
    pub file: String,
    pub start_line: u32,
    pub end_line: u32,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The Terraform environment (from `tollgate.toml`) the resource was evaluated for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The Terraform root module the resource was evaluated from (its directory); findings of
    /// different roots are never merged, even at the same address and lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// The `module` blocks from the root down to the resource's module: which caller to fix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub call_chain: Vec<FindingCallSite>,
    /// What a policy result or check declares beyond the message (a Conftest result's other
    /// keys; a Trivy check's title, recommended actions, ids). Empty for native rules.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Why the finding is accepted, when an inline comment or the configuration suppresses it: it
    /// stays in the report and no longer blocks the gate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
}

/// What a finding copies from its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleRef<'a> {
    pub id: &'a str,
    pub slug: &'a str,
    pub severity: Severity,
    pub category: Category,
}

impl<'a> From<&'a crate::RuleDescriptor> for RuleRef<'a> {
    fn from(rule: &'a crate::RuleDescriptor) -> Self {
        RuleRef { id: &rule.id, slug: &rule.slug, severity: rule.severity, category: rule.category }
    }
}

/// How a finding was accepted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Suppression {
    /// `inSource` (a comment or annotation next to the code) or `external` (the configuration).
    pub kind: SuppressionKind,
    /// The reason given, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Where the suppression is written (`main.tf:12`, `tollgate.toml`).
    pub location: String,
    /// The last day it applies (`2027-03-31`), if it expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// Where a suppression is written (SARIF's `suppression.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SuppressionKind {
    InSource,
    External,
}

/// A `module` block on the way from a finding's root to its resource, located.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FindingCallSite {
    /// The module instance the block creates (`module.eks["dev"]`).
    pub address: String,
    pub file: String,
    pub line: u32,
}

type SortKey<'a> = (&'a str, u32, u32, &'a str, &'a str, Option<&'a str>, Option<&'a str>, &'a str);

impl Finding {
    /// The one way to make a finding: `rule` failed (or could not be decided, `kind`) on
    /// `address`, located at `file` lines `lines.0..=lines.1` (an end before the start becomes the
    /// start; in a file, line 0 becomes 1: only a finding without a file, such as a policy result
    /// over every input at once, has no line).
    pub fn new(
        rule: RuleRef<'_>,
        kind: FindingKind,
        address: impl Into<String>,
        file: impl Into<String>,
        lines: (u32, u32),
        message: impl Into<String>,
    ) -> Self {
        let file = file.into();
        let start_line = if file.is_empty() { lines.0 } else { lines.0.max(1) };
        Finding {
            rule_id: rule.id.to_string(),
            slug: rule.slug.to_string(),
            severity: rule.severity,
            category: rule.category,
            kind,
            address: address.into(),
            file,
            start_line,
            end_line: lines.1.max(start_line),
            message: message.into(),
            environment: None,
            root: None,
            call_chain: Vec::new(),
            metadata: Default::default(),
            suppression: None,
        }
    }

    /// Tollgate's stable identity of a finding: rule id, file, resource address and environment.
    /// It does not change when lines move, so baselines and SARIF fingerprints survive edits above
    /// the resource.
    pub fn stable_key(&self) -> String {
        format!("{}|{}|{}|{}", self.rule_id, self.file, self.address, self.environment.as_deref().unwrap_or(""))
    }

    /// The order reports print findings in: by file, line, rule, address, environment, root,
    /// message.
    pub fn sort_key(&self) -> SortKey<'_> {
        (
            &self.file,
            self.start_line,
            self.end_line,
            &self.rule_id,
            &self.address,
            self.environment.as_deref(),
            self.root.as_deref(),
            &self.message,
        )
    }

    /// Names the Helm values set a rendered object's finding comes from as its environment (a
    /// values set is to a chart what an environment is to a Terraform root).
    pub fn with_values_set(mut self, helm: Option<&crate::HelmOrigin>) -> Self {
        if let Some(helm) = helm {
            self.environment = Some(helm.values_set.clone());
        }
        self
    }

    /// Sets where the finding's resource was evaluated: its environment, root and call chain.
    pub fn with_origin(mut self, origin: Option<&crate::TfOrigin>, sources: &crate::SourceMap) -> Self {
        let Some(origin) = origin else { return self };
        self.environment = origin.environment.clone();
        self.root = origin.root.clone();
        self.call_chain = origin
            .call_chain
            .iter()
            .map(|site| FindingCallSite {
                address: site.address.clone(),
                file: sources.path(site.span.file).to_string(),
                line: site.span.start.line,
            })
            .collect();
        self
    }
}

/// Sorts findings into report order and removes exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
}

/// A file, or part of one, that could not be read or parsed.
///
/// `message` convention: the problem first, then after `; ` what it means and what to do, e.g.
/// `invalid YAML: did not find expected key; this document was not checked (the file's other
/// documents were): fix the YAML syntax`. Only the loader knows what an error leaves unchecked (a
/// document, a block, the file), so it says so itself; reports add the location after the problem
/// ([`LoadError::problem_and_advice`]), and add generic advice only to a message with no `; ` part
/// (a bare parser or I/O message).
///
/// `line` and `column` are 1-based; 0 means unknown (a directory, a setting, a file with no text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LoadError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl LoadError {
    /// The message split at its first `; `: the problem, and what it means and what to do (`None`
    /// for a bare message that gives no advice).
    pub fn problem_and_advice(&self) -> (&str, Option<&str>) {
        let message = self.message.trim();
        match message.split_once("; ") {
            Some((problem, advice)) if !advice.trim().is_empty() => (problem, Some(advice.trim())),
            Some((problem, _)) => (problem, None),
            None => (message, None),
        }
    }
}
