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

/// Where a result points: its finding's file and lines, or, for a finding without a file (a
/// policy result over every input at once), the definition of the rule that reported it:
/// GitHub rejects a whole upload when one result has no file.
pub struct Anchor {
    file: String,
    lines: (u32, u32),
    at_rule: bool,
}

/// The anchor of `finding`; `None` when neither it nor its rule names a file.
pub fn anchor(finding: &Finding, report: &ScanReport) -> Option<Anchor> {
    if !finding.file.is_empty() {
        let start = finding.start_line.max(1);
        return Some(Anchor {
            file: finding.file.clone(),
            lines: (start, finding.end_line.max(start)),
            at_rule: false,
        });
    }
    let source = &report.catalog.find(&finding.rule_id)?.source;
    let located = source.rsplit_once(':').and_then(|(file, line)| Some((file, line.parse::<u32>().ok()?)));
    let (file, line) = located.unwrap_or((source.as_str(), 1));
    let line = line.max(1);
    (!file.is_empty()).then(|| Anchor { file: file.to_string(), lines: (line, line), at_rule: true })
}

/// One finding as a result: its rule, level, message, one location and its fingerprint.
pub fn result(finding: &Finding, anchor: &Anchor, fingerprint: &str, context: &ResultContext<'_>) -> SarifResult {
    let (report, rules, options) = (context.report, context.rules, context.options);
    let blocking = report.gate.blocks(finding);
    let mut message = if finding.message.trim().is_empty() { finding.slug.clone() } else { finding.message.clone() };
    if anchor.at_rule {
        message.push_str(" (a result over all inputs, shown at the rule that reported it)");
    }
    let fingerprints = BTreeMap::from([(FINGERPRINT_KEY.to_string(), fingerprint.to_string())]);
    let mut built = SarifResult::builder()
        .rule_id(finding.rule_id.clone())
        .level(level(finding, blocking))
        .message(Message::builder().text(message).build())
        .locations(vec![location(finding, anchor, options)])
        .partial_fingerprints(fingerprints)
        .properties(properties(finding, blocking))
        .build();
    built.rule_index = rules.index_of(&finding.rule_id).map(|index| index as i64);
    built.suppressions = finding.suppression.as_ref().map(|accepted| vec![suppression(accepted)]);
    built
}

/// A finding no file can show (its rule names none either): a notification instead, at the
/// level its result would have.
pub fn unlocated(finding: &Finding, report: &ScanReport) -> Notification {
    let level = if report.gate.blocks(finding) { "error" } else { "warning" };
    let text = format!(
        "{} {}: {} (names no file, so it is not a code scanning alert)",
        finding.rule_id, finding.address, finding.message
    );
    notification(level, text, None)
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

/// The anchor's file and lines, and the resource address as a logical location.
fn location(finding: &Finding, anchor: &Anchor, options: &SarifOptions) -> Location {
    let logical = LogicalLocation::builder().fully_qualified_name(finding.address.clone()).kind("resource").build();
    let (start, end) = anchor.lines;
    let region = Region::builder().start_line(i64::from(start)).end_line(i64::from(end)).build();
    Location::builder()
        .logical_locations(vec![logical])
        .physical_location(physical(&anchor.file, Some(region), options))
        .build()
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
