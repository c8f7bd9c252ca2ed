//! Findings as SARIF results, and load errors and engine notes as tool notifications.

use super::fingerprints::FINGERPRINT_KEY;
use super::paths::repository_uri;
use super::rules::{level_of, DescribedRules};
use super::{SarifOptions, SOURCE_ROOT_ID};
use crate::Ordered;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, Notification, PhysicalLocation, PropertyBag, Region,
    Result as SarifResult, ResultLevel, Suppression as SarifSuppression,
};
use std::collections::BTreeMap;
use tollgate_model::{Finding, FindingKind, LoadError, ScanReport, Severity, Suppression, SuppressionKind};

/// What a result is made of besides its finding.
pub struct ResultContext<'a> {
    pub report: &'a ScanReport,
    pub rules: &'a DescribedRules,
    pub options: &'a SarifOptions,
}

/// One finding as a result: its rule, level, message, one location and its fingerprint.
pub fn result(finding: &Finding, fingerprint: &str, context: &ResultContext<'_>) -> SarifResult {
    let (report, rules, options) = (context.report, context.rules, context.options);
    let blocking = report.gate.blocks(finding);
    let message = if finding.message.trim().is_empty() { &finding.slug } else { &finding.message };
    let fingerprints = BTreeMap::from([(FINGERPRINT_KEY.to_string(), fingerprint.to_string())]);
    let mut built = SarifResult::builder()
        .rule_id(finding.rule_id.clone())
        .level(level(finding, blocking))
        .message(Message::builder().text(message.clone()).build())
        .locations(vec![location(finding, options)])
        .partial_fingerprints(fingerprints)
        .properties(properties(finding, blocking))
        .build();
    built.rule_index = rules.index_of(&finding.rule_id).map(|index| index as i64);
    built.suppressions = finding.suppression.as_ref().map(|accepted| vec![suppression(accepted)]);
    built
}

/// Blocking results are errors, whatever their severity, so GitHub's check agrees with the gate.
/// An unknown result that does not block is at most a warning: the rule could not decide.
fn level(finding: &Finding, blocking: bool) -> ResultLevel {
    let name = match (blocking, finding.kind) {
        (true, _) => "error",
        (false, FindingKind::Fail) => level_of(finding.severity),
        (false, FindingKind::Unknown) if finding.severity >= Severity::Medium => "warning",
        (false, FindingKind::Unknown) => "note",
    };
    match name {
        "error" => ResultLevel::Error,
        "warning" => ResultLevel::Warning,
        _ => ResultLevel::Note,
    }
}

/// The file and lines (a finding without a file, such as a policy result over every input at
/// once, has only its logical location), and the resource address as a logical location.
fn location(finding: &Finding, options: &SarifOptions) -> Location {
    let logical = LogicalLocation::builder().fully_qualified_name(finding.address.clone()).kind("resource").build();
    let builder = Location::builder().logical_locations(vec![logical]);
    if finding.file.is_empty() {
        return builder.build();
    }
    let start = finding.start_line.max(1);
    let region =
        Region::builder().start_line(i64::from(start)).end_line(i64::from(finding.end_line.max(start))).build();
    builder.physical_location(physical(&finding.file, Some(region), options)).build()
}

fn physical(file: &str, region: Option<Region>, options: &SarifOptions) -> PhysicalLocation {
    let artifact = ArtifactLocation::builder().uri(repository_uri(file, options)).uri_base_id(SOURCE_ROOT_ID).build();
    match region {
        Some(region) => PhysicalLocation::builder().artifact_location(artifact).region(region).build(),
        None => PhysicalLocation::builder().artifact_location(artifact).build(),
    }
}

fn properties(finding: &Finding, blocking: bool) -> PropertyBag {
    let mut extra = BTreeMap::new();
    extra.insert("tollgate/address".to_string(), json!(finding.address));
    extra.insert("tollgate/kind".to_string(), json!(finding.kind.as_str()));
    extra.insert("tollgate/severity".to_string(), json!(finding.severity.as_str()));
    extra.insert("tollgate/blocking".to_string(), json!(blocking));
    if let Some(environment) = &finding.environment {
        extra.insert("tollgate/environment".to_string(), json!(environment));
    }
    if let Some(root) = &finding.root {
        extra.insert("tollgate/root".to_string(), json!(root));
    }
    PropertyBag::builder().additional_properties(extra).build()
}

fn suppression(accepted: &Suppression) -> SarifSuppression {
    let kind = match accepted.kind {
        SuppressionKind::InSource => "inSource",
        SuppressionKind::External => "external",
    };
    let mut extra = BTreeMap::new();
    extra.insert("tollgate/location".to_string(), json!(accepted.location));
    if let Some(until) = &accepted.until {
        extra.insert("tollgate/until".to_string(), json!(until));
    }
    let properties = PropertyBag::builder().additional_properties(extra).build();
    let builder = SarifSuppression::builder().kind(json!(kind)).status(json!("accepted")).properties(properties);
    match &accepted.justification {
        Some(reason) => builder.justification(reason.clone()).build(),
        None => builder.build(),
    }
}

/// Load and policy errors (level error, located), then the engine's notes and warnings, without
/// repeats.
pub fn notifications(ordered: &Ordered, report: &ScanReport, options: &SarifOptions) -> Vec<Notification> {
    let mut out: Vec<Notification> = ordered.errors.iter().map(|error| load_error(error, options)).collect();
    for note in &report.notes {
        let (level, text) = match note.strip_prefix("warning: ") {
            Some(text) => ("warning", text),
            None => ("note", note.strip_prefix("note: ").unwrap_or(note)),
        };
        let notification = notification(level, text.to_string(), None);
        if !out.contains(&notification) {
            out.push(notification);
        }
    }
    out
}

fn load_error(error: &LoadError, options: &SarifOptions) -> Notification {
    let location = (!error.file.is_empty()).then(|| {
        let region = (error.line > 0).then(|| {
            let start = i64::from(error.line);
            match error.column {
                0 => Region::builder().start_line(start).build(),
                column => Region::builder().start_line(start).start_column(i64::from(column)).build(),
            }
        });
        Location::builder().physical_location(physical(&error.file, region, options)).build()
    });
    notification("error", error.message.clone(), location)
}

/// A notification at `level` (`error`, `warning` or `note`).
pub fn notification(level: &str, text: String, location: Option<Location>) -> Notification {
    let builder = Notification::builder().level(json!(level)).message(Message::builder().text(text).build());
    match location {
        Some(location) => builder.locations(vec![location]).build(),
        None => builder.build(),
    }
}
