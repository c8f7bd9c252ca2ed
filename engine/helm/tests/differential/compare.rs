//! Comparing `helm template` outputs: object by object (documents keyed by `# Source:`, kind,
//! namespace and name, parsed to JSON, the first differing path reported) and byte by byte (so a
//! whitespace difference shows even where the objects agree).

use std::collections::BTreeMap;

use serde_json::Value;

/// One document of an output: its `# Source:` and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub source: String,
    pub text: String,
}

/// Splits an output on `---` lines; each document's `# Source: ` line is taken out of its text.
pub fn split_documents(output: &str) -> Vec<Document> {
    let mut documents: Vec<Document> = Vec::new();
    let mut current: Option<Document> = None;
    for line in output.split_inclusive('\n') {
        if line.trim_end() == "---" {
            documents.extend(current.take());
            current = Some(Document { source: String::new(), text: String::new() });
            continue;
        }
        let document = current.get_or_insert_with(|| Document { source: String::new(), text: String::new() });
        match line.strip_prefix("# Source: ") {
            Some(source) if document.source.is_empty() && document.text.is_empty() => {
                document.source = source.trim_end().to_string()
            }
            _ => document.text.push_str(line),
        }
    }
    documents.extend(current);
    documents
}

/// A document's identity: where it came from and which object it is (`#2` on repeats).
fn object_key(document: &Document, parsed: &Result<Value, String>, seen: &mut BTreeMap<String, usize>) -> String {
    let field = |pointer: &str| match parsed {
        Ok(value) => value.pointer(pointer).and_then(Value::as_str).unwrap_or("").to_string(),
        Err(_) => String::new(),
    };
    let (kind, namespace, name) = (field("/kind"), field("/metadata/namespace"), field("/metadata/name"));
    let base = format!("{} {kind} {namespace}/{name}", document.source);
    let count = seen.entry(base.clone()).or_insert(0);
    *count += 1;
    match *count {
        1 => base,
        repeat => format!("{base} #{repeat}"),
    }
}

fn parse(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str::<Value>(text).map_err(|error| error.to_string())
}

/// The documents of an output keyed by object, in output order.
fn objects(output: &str) -> Vec<(String, Result<Value, String>)> {
    let mut seen = BTreeMap::new();
    split_documents(output)
        .into_iter()
        .map(|document| {
            let parsed = parse(&document.text);
            (object_key(&document, &parsed, &mut seen), parsed)
        })
        .collect()
}

/// The documents of an output that do not parse as YAML, each as its `# Source:` and the error:
/// for them only the text comparison can judge.
pub fn unparsed_documents(output: &str) -> Vec<String> {
    let documents = split_documents(output).into_iter();
    let errors = documents.filter_map(|document| parse(&document.text).err().map(|error| (document.source, error)));
    errors.map(|(source, error)| format!("{source}: {error}")).collect()
}

/// What differs between Helm's objects and ours: missing and extra objects, for each object in
/// both the first differing path, then the order if only that differs. Empty when they agree.
pub fn compare_objects(helm: &str, ours: &str) -> Vec<String> {
    let helm_objects = objects(helm);
    let our_objects = objects(ours);
    let ours_by_key: BTreeMap<&String, &Result<Value, String>> = our_objects.iter().map(|(k, v)| (k, v)).collect();
    let helm_by_key: BTreeMap<&String, &Result<Value, String>> = helm_objects.iter().map(|(k, v)| (k, v)).collect();
    let mut problems = Vec::new();
    for (key, helm_value) in &helm_objects {
        match ours_by_key.get(key) {
            None => problems.push(format!("missing object: {key}{}", parse_note(helm_value))),
            Some(our_value) => problems.extend(compare_parsed(helm_value, our_value).map(|d| format!("{key}: {d}"))),
        }
    }
    for (key, our_value) in &our_objects {
        if !helm_by_key.contains_key(key) {
            problems.push(format!("extra object: {key}{}", parse_note(our_value)));
        }
    }
    if problems.is_empty() {
        let helm_order: Vec<&String> = helm_objects.iter().map(|(key, _)| key).collect();
        let our_order: Vec<&String> = our_objects.iter().map(|(key, _)| key).collect();
        if helm_order != our_order {
            problems.push(format!("objects in another order:\n  helm: {helm_order:?}\n  ours: {our_order:?}"));
        }
    }
    problems
}

fn parse_note(parsed: &Result<Value, String>) -> String {
    match parsed {
        Ok(_) => String::new(),
        Err(error) => format!(" (not YAML: {error})"),
    }
}

fn compare_parsed(helm: &Result<Value, String>, ours: &Result<Value, String>) -> Option<String> {
    match (helm, ours) {
        (Ok(helm), Ok(ours)) => first_difference(helm, ours, ""),
        (Err(_), Err(_)) => None, // not YAML on both sides: the text comparison judges them
        (Ok(_), Err(error)) => Some(format!("ours is not YAML: {error}")),
        (Err(error), Ok(_)) => Some(format!("helm's is not YAML ({error}) but ours is")),
    }
}

/// The first path (in sorted key order) where two values differ, with both sides.
pub fn first_difference(helm: &Value, ours: &Value, path: &str) -> Option<String> {
    match (helm, ours) {
        (Value::Object(helm_map), Value::Object(our_map)) => {
            let mut keys: Vec<&String> = helm_map.keys().chain(our_map.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|key| {
                let child = format!("{path}.{key}");
                match (helm_map.get(key), our_map.get(key)) {
                    (Some(h), Some(o)) => first_difference(h, o, &child),
                    (Some(h), None) => Some(format!("{child}: helm has {}, ours has none", show(h))),
                    (None, Some(o)) => Some(format!("{child}: helm has none, ours has {}", show(o))),
                    (None, None) => None,
                }
            })
        }
        (Value::Array(helm_items), Value::Array(our_items)) => {
            let pairs = helm_items.iter().zip(our_items);
            let differing = pairs.enumerate().find_map(|(i, (h, o))| first_difference(h, o, &format!("{path}[{i}]")));
            differing.or_else(|| {
                (helm_items.len() != our_items.len()).then(|| {
                    let (h, o) = (helm_items.len(), our_items.len());
                    format!("{}: helm has {h} items, ours has {o}", display_path(path))
                })
            })
        }
        _ if helm == ours => None,
        _ => Some(format!("{}: helm has {}, ours has {}", display_path(path), show(helm), show(ours))),
    }
}

fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "(document)"
    } else {
        path
    }
}

fn show(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

/// Where two outputs first differ byte for byte: the line number and both lines, escaped so
/// whitespace shows; `None` when identical.
pub fn compare_text(helm: &str, ours: &str) -> Option<String> {
    if helm == ours {
        return None;
    }
    let helm_lines: Vec<&str> = helm.split_inclusive('\n').collect();
    let our_lines: Vec<&str> = ours.split_inclusive('\n').collect();
    let line = (0..helm_lines.len().max(our_lines.len())).find(|&i| helm_lines.get(i) != our_lines.get(i)).unwrap_or(0);
    let quoted = |lines: &[&str]| lines.get(line).map_or("(end of output)".to_string(), |text| format!("{text:?}"));
    Some(format!(
        "text differs at line {} ({} lines from helm, {} ours):\n  helm: {}\n  ours: {}",
        line + 1,
        helm_lines.len(),
        our_lines.len(),
        quoted(&helm_lines),
        quoted(&our_lines)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELM: &str = "---\n# Source: app/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  ports:\n  - port: 80\n---\n# Source: app/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n";

    #[test]
    fn documents_are_split_with_their_source() {
        let documents = split_documents(HELM);
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].source, "app/templates/service.yaml");
        assert!(documents[0].text.starts_with("apiVersion: v1\nkind: Service\n"));
        assert_eq!(documents[1].source, "app/templates/deployment.yaml");
    }

    #[test]
    fn identical_outputs_agree() {
        assert_eq!(compare_objects(HELM, HELM), Vec::<String>::new());
        assert_eq!(compare_text(HELM, HELM), None);
    }

    #[test]
    fn a_changed_value_is_reported_at_its_path() {
        let ours = HELM.replace("nginx:1.25", "nginx:1.24");
        assert_eq!(
            compare_objects(HELM, &ours),
            vec!["app/templates/deployment.yaml Deployment shop/web: .spec.template.spec.containers[0].image: \
                 helm has \"nginx:1.25\", ours has \"nginx:1.24\""
                .to_string()]
        );
        assert!(compare_text(HELM, &ours).is_some_and(|diff| diff.contains("line 25")));
    }

    #[test]
    fn a_type_change_is_a_difference() {
        let ours = HELM.replace("replicas: 2", "replicas: \"2\"");
        let problems = compare_objects(HELM, &ours);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].ends_with(".spec.replicas: helm has 2, ours has \"2\""), "{problems:?}");
    }

    #[test]
    fn missing_and_extra_objects_are_named() {
        let (service, deployment) = HELM.split_at(HELM.rfind("---\n").unwrap_or(0));
        let renamed = deployment.replace("app/templates/deployment.yaml", "app/templates/web.yaml");
        assert_eq!(
            compare_objects(HELM, &format!("{service}{renamed}")),
            vec![
                "missing object: app/templates/deployment.yaml Deployment shop/web".to_string(),
                "extra object: app/templates/web.yaml Deployment shop/web".to_string(),
            ]
        );
        assert_eq!(
            compare_objects(HELM, service),
            vec!["missing object: app/templates/deployment.yaml Deployment shop/web".to_string()]
        );
    }

    #[test]
    fn missing_keys_and_list_lengths_are_reported() {
        let without_label = HELM.replace("  labels:\n    app: web\n", "");
        let problems = compare_objects(HELM, &without_label);
        assert_eq!(
            problems,
            vec![
                "app/templates/service.yaml Service /web: .metadata.labels: helm has {\"app\":\"web\"}, ours has none"
            ]
        );
        let two_ports = HELM.replace("  - port: 80\n", "  - port: 80\n  - port: 443\n");
        assert_eq!(
            compare_objects(HELM, &two_ports),
            vec!["app/templates/service.yaml Service /web: .spec.ports: helm has 1 items, ours has 2"]
        );
    }

    #[test]
    fn whitespace_only_differences_show_in_the_text_comparison() {
        let ours = HELM.replace("  ports:\n  - port: 80\n", "  ports:\n    - port: 80\n");
        assert_eq!(compare_objects(HELM, &ours), Vec::<String>::new());
        let difference = compare_text(HELM, &ours).unwrap_or_default();
        assert!(difference.contains("line 11"), "{difference}");
        assert!(difference.contains(r#"helm: "  - port: 80\n""#), "{difference}");
        assert!(difference.contains(r#"ours: "    - port: 80\n""#), "{difference}");
        let trailing_space = HELM.replace("name: web\n  labels", "name: web \n  labels");
        assert!(compare_text(HELM, &trailing_space).is_some_and(|d| d.contains(r#""  name: web \n""#)));
    }

    #[test]
    fn a_missing_final_line_is_visible() {
        let ours = HELM.trim_end_matches("        image: nginx:1.25\n");
        let difference = compare_text(HELM, ours).unwrap_or_default();
        assert!(difference.contains("ours: (end of output)"), "{difference}");
    }

    #[test]
    fn another_order_is_reported_when_objects_agree() {
        let (service, deployment) = HELM.split_at(HELM.rfind("---\n").unwrap_or(0));
        let problems = compare_objects(HELM, &format!("{deployment}{service}"));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("objects in another order"), "{problems:?}");
    }

    #[test]
    fn repeated_objects_are_told_apart() {
        let twice = format!("{HELM}{}", &HELM[HELM.rfind("---\n").unwrap_or(0)..]);
        let changed_second =
            format!("{HELM}{}", HELM[HELM.rfind("---\n").unwrap_or(0)..].replace("replicas: 2", "replicas: 3"));
        assert_eq!(
            compare_objects(&twice, &changed_second),
            vec!["app/templates/deployment.yaml Deployment shop/web #2: .spec.replicas: helm has 2, ours has 3"]
        );
    }

    #[test]
    fn documents_that_are_not_yaml_are_listed() {
        assert_eq!(unparsed_documents(HELM), Vec::<String>::new());
        let broken = unparsed_documents(&HELM.replace("  replicas: 2\n", "  replicas: [2\n"));
        assert_eq!(broken.len(), 1);
        assert!(broken[0].starts_with("app/templates/deployment.yaml: "), "{broken:?}");
    }

    #[test]
    fn a_document_that_is_not_yaml_on_our_side_is_reported() {
        let ours = HELM.replace("  replicas: 2\n", "  replicas: [2\n");
        let problems = compare_objects(HELM, &ours);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0], "missing object: app/templates/deployment.yaml Deployment shop/web");
        assert!(problems[1].starts_with("extra object: app/templates/deployment.yaml  / (not YAML: "), "{problems:?}");
    }
}
