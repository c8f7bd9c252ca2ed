//! From rendered template files to `helm template`'s documents: splitting on `---` as Helm does, reading
//! each document's head (kind, hook annotations), sorting manifests into Helm's install order and hooks
//! after them, `--show-only` and the printed output.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::glob::matches;
use crate::yaml_errors::go_yaml_message;
use crate::{HelmError, RenderedDocument};

/// Helm's install order by kind; kinds not listed come after these, sorted by name.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// The hook events Helm knows; a document naming any other is dropped, as Helm drops it.
const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// A rendered template's text split into documents, as Helm's splitter does: the text trimmed, cut at
/// every `---` that starts the text or follows a newline (with the whitespace around it), each piece
/// trimmed, empty pieces dropped. Each piece comes with the 0-based line of the text it starts on.
pub fn split_documents(text: &str) -> Vec<(String, usize)> {
    let leading = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some((cut_start, cut_end)) = next_separator(trimmed, search) {
        pieces.push((start, cut_start));
        start = cut_end;
        search = cut_end;
    }
    pieces.push((start, trimmed.len()));
    pieces
        .into_iter()
        .filter_map(|(from, to)| {
            let piece = &trimmed[from..to];
            let content = piece.trim();
            if content.is_empty() {
                return None;
            }
            let offset = leading + from + (piece.len() - piece.trim_start().len());
            Some((content.to_string(), text[..offset].matches('\n').count()))
        })
        .collect()
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The next separator at or after `from`: `---` at the very start, or whitespace ending in a newline then
/// `---`; the whitespace after `---` belongs to it.
fn next_separator(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let after_dashes = |index: usize| {
        let mut end = index + 3;
        while end < bytes.len() && is_space(bytes[end]) {
            end += 1;
        }
        end
    };
    if from == 0 && text.starts_with("---") {
        return Some((0, after_dashes(0)));
    }
    let mut index = from;
    while index < bytes.len() {
        if is_space(bytes[index]) {
            // A run of whitespace ending in a newline right before `---` is where the separator starts.
            let run_end = (index..bytes.len()).find(|&i| !is_space(bytes[i])).unwrap_or(bytes.len());
            if bytes[run_end - 1] == b'\n' && text[run_end..].starts_with("---") {
                return Some((index, after_dashes(run_end)));
            }
            index = run_end;
        } else {
            index += 1;
        }
    }
    None
}

/// What Helm reads of a document before sorting it.
#[derive(Debug, Default)]
pub struct Head {
    pub kind: String,
    /// The hook events, when the document is a hook.
    pub hook_events: Option<Vec<String>>,
}

pub fn read_head(source: &str, document: &str) -> Result<Head, HelmError> {
    let yaml_error = |message: String| HelmError {
        template: Some(source.to_string()),
        message: format!("YAML parse error on {source}: {message}"),
        ..HelmError::default()
    };
    // go-yaml (as Helm reads a manifest) keeps the last of duplicate keys.
    let options = serde_saphyr::options! { duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins };
    let parsed: Json = serde_saphyr::from_str_with_options(document, options).map_err(|error| {
        let line = error.location().map(|l| l.line() as u32);
        let first = error.to_string().lines().next().unwrap_or_default().trim_start_matches("error: ").to_string();
        let first = strip_location(&first).to_string();
        let worded = go_yaml_message(&first, line.map(|line| line as usize), document).unwrap_or_else(|| {
            let prefix = line.map(|line| format!("line {line}: ")).unwrap_or_default();
            format!("{prefix}{first}")
        });
        // The line within the document; the renderer turns it into the template's line.
        HelmError { line, ..yaml_error(format!("error converting YAML to JSON: yaml: {worded}")) }
    })?;
    let head = match &parsed {
        Json::Null => return Ok(Head::default()),
        Json::Object(head) => head,
        other => {
            let kind = match other {
                Json::String(_) => "string",
                Json::Array(_) => "array",
                Json::Bool(_) => "bool",
                _ => "number",
            };
            return Err(yaml_error(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type util.SimpleHead"
            )));
        }
    };
    let kind = head.get("kind").and_then(Json::as_str).unwrap_or_default().to_string();
    let hook = head.get("metadata").and_then(|m| m.get("annotations")).and_then(|a| a.get("helm.sh/hook"));
    let hook_events = hook
        .map(|value| value.as_str().unwrap_or_default().split(',').map(|event| event.trim().to_lowercase()).collect());
    Ok(Head { kind, hook_events })
}

/// The parser's message without its own `line N column M: ` prefix (Helm names the line once).
fn strip_location(message: &str) -> &str {
    let Some(rest) = message.strip_prefix("line ") else { return message };
    match rest.split_once(": ") {
        Some((position, tail)) if position.contains(" column ") => tail,
        _ => message,
    }
}

/// Whether the hook's events are all known (Helm drops the document otherwise).
pub fn is_known_hook(events: &[String]) -> bool {
    events.iter().all(|event| HOOK_EVENTS.contains(&event.as_str()))
}

pub fn is_test_hook(events: &[String]) -> bool {
    events.iter().any(|event| event == "test" || event == "test-success")
}

/// Sorts documents by kind in install order, stably; unknown kinds after known ones, by kind name.
pub fn sort_by_kind(documents: &mut [(String, RenderedDocument)]) {
    let rank: BTreeMap<&str, usize> = INSTALL_ORDER.iter().enumerate().map(|(i, kind)| (*kind, i)).collect();
    documents.sort_by(|(a, _), (b, _)| match (rank.get(a.as_str()), rank.get(b.as_str())) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    });
}

/// `--show-only`: for each pattern in turn, the documents whose source (without the chart name) it
/// matches as Go's `path.Match`; a pattern matching nothing is Helm's error. Helm filters its printed
/// output, split again: a document keeps only its part before any further `---` line, trimmed.
pub fn show_only(documents: &[RenderedDocument], patterns: &[String]) -> Result<Vec<RenderedDocument>, HelmError> {
    let mut shown = Vec::new();
    for pattern in patterns {
        let pattern = pattern.replace('\\', "/");
        let before = shown.len();
        for document in documents {
            let Some((_, path)) = document.source.split_once('/') else { continue };
            if matches(&pattern, path, false) {
                shown.push(as_resplit(document));
            }
        }
        if shown.len() == before {
            return Err(HelmError {
                message: format!("could not find template {pattern} in chart"),
                ..HelmError::default()
            });
        }
    }
    Ok(shown)
}

fn as_resplit(document: &RenderedDocument) -> RenderedDocument {
    let printed = format!("# Source: {}\n{}", document.source, document.text);
    let first = split_documents(&printed).into_iter().next().map(|(text, _)| text).unwrap_or_default();
    let text = first.split_once('\n').map(|(_, rest)| rest.to_string()).unwrap_or_default();
    let mut document = document.clone();
    document.lines.truncate(text.lines().count());
    document.text = text;
    document
}

#[cfg(test)]
mod tests {
    use super::{read_head, split_documents};

    fn texts(text: &str) -> Vec<String> {
        split_documents(text).into_iter().map(|(text, _)| text).collect()
    }

    #[test]
    fn splits_on_dashes_at_line_starts_and_trims() {
        assert_eq!(texts("a: 1\n---\nb: 2\n"), vec!["a: 1", "b: 2"]);
        assert_eq!(texts("---\na: 1\n\n---   \n\n---\n"), vec!["a: 1", "---"]);
        assert_eq!(texts("a: x---y\n"), vec!["a: x---y"]);
    }

    #[test]
    fn a_separator_right_after_another_stays_in_the_next_document() {
        // Helm's splitter consumes the newline before the second `---`, so it starts the next document.
        assert_eq!(texts("a: 1\n---\n---\nb: 2"), vec!["a: 1", "---\nb: 2"]);
    }

    #[test]
    fn documents_know_the_line_they_start_on() {
        let lines: Vec<usize> =
            split_documents("\n# c\n---\nkind: A\n---\n\nkind: B\n").into_iter().map(|(_, l)| l).collect();
        assert_eq!(lines, vec![1, 3, 6]);
    }

    /// The parser's errors reach go-yaml's wording (as `helm template` 4.1.4 prints each document).
    #[test]
    fn yaml_errors_read_as_helm_prints_them() {
        let message = |document: &str| read_head("c/templates/t.yaml", document).map(|_| ()).unwrap_err().message;
        let prefix = "YAML parse error on c/templates/t.yaml: error converting YAML to JSON: yaml: ";
        let cases = [
            ("k: v\nb: [unclosed", "line 2: did not find expected ',' or ']'"),
            ("a:\n  b: 1\n c: 2", "line 2: did not find expected key"),
            ("a: 1\nb\nc: 2", "line 3: could not find expected ':'"),
            ("a:\n\tb: 1", "line 2: found character that cannot start any token"),
            ("a: \"abc\nb: 1", "line 2: found unexpected end of stream"),
        ];
        for (document, helm) in cases {
            assert_eq!(message(document), format!("{prefix}{helm}"), "{document:?}");
        }
    }

    #[test]
    fn duplicate_keys_are_accepted_as_helm_accepts_them() {
        assert_eq!(read_head("t.yaml", "kind: A\nkind: B").map(|head| head.kind).ok().as_deref(), Some("B"));
    }
}
