//! The JSON report (schema: `reports/SCHEMA.md`, `reports/schema/report-v5.schema.json`).
//!
//! The document is built from view structs owned here, not by serialising model types directly,
//! so a field added to the model cannot silently change the published schema.

use crate::{Ordered, ScanReport, Summary};
use serde::Serialize;
use tollgate_model::{Category, Finding, FindingCallSite, FindingKind, LoadError, Severity, Skip, Suppression};

/// Version of the JSON report layout. Any change to the layout, additions included, bumps it:
/// a version names exactly one schema (`reports/schema/report-v<N>.schema.json`), which rejects
/// fields it does not list.
pub const SCHEMA_VERSION: u32 = 5;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: Tool<'a>,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    skipped: Vec<JsonSkip<'a>>,
    /// The cost report (`tollgate_cost::json`, its own schema `cost-v1`); `null` without the
    /// cost step.
    cost: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    slug: &'a str,
    severity: Severity,
    category: Category,
    kind: FindingKind,
    address: &'a str,
    file: &'a str,
    start_line: u32,
    end_line: u32,
    message: &'a str,
    /// The Terraform environment the finding comes from; `null` outside environments.
    environment: Option<&'a str>,
    /// The Terraform root module the finding comes from; `null` outside Terraform roots.
    root: Option<&'a str>,
    /// The `module` blocks from the root down to the resource's module.
    call_chain: &'a [FindingCallSite],
    /// A policy's extra keys; `{}` for native rules.
    metadata: &'a serde_json::Map<String, serde_json::Value>,
    /// Why the finding is accepted (an inline suppression); `null` when it is not.
    suppression: Option<JsonSuppression<'a>>,
}

/// A suppression with every key present (`null` when unset), as the schema lists it.
#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: tollgate_model::SuppressionKind,
    justification: Option<&'a str>,
    location: &'a str,
    until: Option<&'a str>,
}

impl<'a> From<&'a Suppression> for JsonSuppression<'a> {
    fn from(s: &'a Suppression) -> Self {
        JsonSuppression {
            kind: s.kind,
            justification: s.justification.as_deref(),
            location: &s.location,
            until: s.until.as_deref(),
        }
    }
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            rule_id: &f.rule_id,
            slug: &f.slug,
            severity: f.severity,
            category: f.category,
            kind: f.kind,
            address: &f.address,
            file: &f.file,
            start_line: f.start_line,
            end_line: f.end_line,
            message: &f.message,
            environment: f.environment.as_deref(),
            root: f.root.as_deref(),
            call_chain: &f.call_chain,
            metadata: &f.metadata,
            suppression: f.suppression.as_ref().map(JsonSuppression::from),
        }
    }
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

impl<'a> From<&'a LoadError> for JsonError<'a> {
    fn from(e: &'a LoadError) -> Self {
        JsonError { file: &e.file, line: e.line, column: e.column, message: &e.message }
    }
}

#[derive(Serialize)]
struct JsonSkip<'a> {
    file: &'a str,
    /// Always present (`null` when the whole file was skipped) so consumers need no default.
    document: Option<u32>,
    reason: &'a str,
}

impl<'a> From<&'a Skip> for JsonSkip<'a> {
    fn from(s: &'a Skip) -> Self {
        JsonSkip { file: &s.file, document: s.document, reason: &s.reason }
    }
}

/// The JSON report: pretty-printed, keys in a fixed order, ending with a newline; `cost` is null.
pub fn render_json(report: &ScanReport) -> String {
    render_json_with_cost(report, None)
}

/// The JSON report with the cost report (`tollgate_cost::json::view_to_json`) as its `cost` member.
pub fn render_json_with_cost(report: &ScanReport, cost: Option<&serde_json::Value>) -> String {
    let ordered = Ordered::of(report);
    let document = JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "tollgate", version: &report.tool_version },
        summary: Summary::of_ordered(report, &ordered),
        findings: ordered.findings.iter().map(JsonFinding::from).collect(),
        errors: ordered.errors.iter().map(JsonError::from).collect(),
        skipped: ordered.skipped.iter().map(JsonSkip::from).collect(),
        cost,
    };
    match serde_json::to_string_pretty(&document) {
        Ok(mut json) => {
            json.push('\n');
            json
        }
        // Unreachable in practice (only string-keyed structs), but a report must never panic.
        Err(err) => format!("{{\"schema_version\": {SCHEMA_VERSION}, \"internal_error\": {:?}}}\n", err.to_string()),
    }
}
