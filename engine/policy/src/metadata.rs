//! OPA's `# METADATA` annotations: a YAML document written in the comment block just before a
//! `package` or a rule (`title`, `description`, `scope`, `schemas`, `custom`, ...). Trivy reads a
//! check's id, severity and input selector from them; Tollgate's bundled Rego rules declare their
//! id, slug, severity, category and documentation the same way.

use serde_json::{Map, Value as Json};

/// What an annotation is attached to: the statement right after its comment block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnotationTarget {
    Package,
    /// A rule, by name (`deny`, `warn_labels`).
    Rule(String),
}

/// One `# METADATA` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// 1-based line of the `# METADATA` comment.
    pub line: u32,
    pub target: AnnotationTarget,
    /// `scope:` as written (`package`, `rule`, `document`, `subpackages`), if any.
    pub scope: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The `custom:` object (empty when absent).
    pub custom: Map<String, Json>,
    /// The whole annotation, as parsed.
    pub raw: Map<String, Json>,
}

impl Annotation {
    /// A string under `custom` (`custom.id`, `custom.severity`).
    pub fn custom_str(&self, key: &str) -> Option<&str> {
        self.custom.get(key).and_then(Json::as_str)
    }
}

/// A `# METADATA` block that is not valid YAML or not a mapping, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationError {
    pub line: u32,
    pub message: String,
}

/// The annotations of one policy file, in file order.
pub fn parse_annotations(text: &str) -> (Vec<Annotation>, Vec<AnnotationError>) {
    let lines: Vec<&str> = text.lines().collect();
    let (mut annotations, mut errors) = (Vec::new(), Vec::new());
    let mut index = 0;
    while index < lines.len() {
        if comment_body(lines[index]).map(str::trim) != Some("METADATA") {
            index += 1;
            continue;
        }
        let line = index as u32 + 1;
        let mut yaml = String::new();
        index += 1;
        while let Some(body) = lines.get(index).and_then(|l| comment_body(l)) {
            // `# key: value` -> `key: value`: strip the one space after `#` that OPA expects.
            yaml.push_str(body.strip_prefix(' ').unwrap_or(body));
            yaml.push('\n');
            index += 1;
        }
        let target = lines[index.min(lines.len())..].iter().find_map(|l| statement_target(l));
        let Some(target) = target else {
            errors
                .push(AnnotationError { line, message: "METADATA block is not followed by a package or rule".into() });
            continue;
        };
        match parse_yaml(&yaml) {
            Ok(raw) => annotations.push(annotation(line, target, raw)),
            Err(message) => errors.push(AnnotationError { line, message }),
        }
    }
    (annotations, errors)
}

fn annotation(line: u32, target: AnnotationTarget, raw: Map<String, Json>) -> Annotation {
    let text = |key: &str| raw.get(key).and_then(Json::as_str).map(str::to_string);
    Annotation {
        line,
        target,
        scope: text("scope"),
        title: text("title"),
        description: text("description"),
        custom: raw.get("custom").and_then(Json::as_object).cloned().unwrap_or_default(),
        raw,
    }
}

fn parse_yaml(yaml: &str) -> Result<Map<String, Json>, String> {
    if yaml.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_saphyr::from_str::<Json>(yaml) {
        Ok(Json::Object(map)) => Ok(map),
        Ok(_) => Err("METADATA must be a YAML mapping (`title: ...`)".into()),
        Err(e) => Err(format!("METADATA is not valid YAML: {}", first_line(&e.to_string()))),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// The text after `#` of a comment line, or `None` for any other line.
fn comment_body(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix('#')
}

/// The statement a line starts, if it starts one: `package x` or a rule head `name ...`.
fn statement_target(line: &str) -> Option<AnnotationTarget> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    if trimmed.starts_with("package ") || trimmed == "package" {
        return Some(AnnotationTarget::Package);
    }
    let name: String = trimmed.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    // `import` lines between a METADATA block and its rule are not targets (OPA attaches the
    // annotation to the next rule or package).
    if name.is_empty() || name == "import" {
        return None;
    }
    Some(AnnotationTarget::Rule(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_and_rule_annotations() {
        let text = "# METADATA\n# title: No privileged containers\n# description: |\n#   Privileged containers\n#   own the node.\n# custom:\n#   id: USR001\n#   severity: HIGH\n#   input:\n#     selector:\n#     - type: kubernetes\npackage user.kubernetes.USR001\n\nimport rego.v1\n\n# METADATA\n# title: the rule\ndeny contains res if {\n  false\n}\n";
        let (annotations, errors) = parse_annotations(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(annotations.len(), 2);
        let package = &annotations[0];
        assert_eq!(package.line, 1);
        assert_eq!(package.target, AnnotationTarget::Package);
        assert_eq!(package.title.as_deref(), Some("No privileged containers"));
        assert_eq!(package.description.as_deref(), Some("Privileged containers\nown the node.\n"));
        assert_eq!(package.custom_str("id"), Some("USR001"));
        assert_eq!(package.custom["input"]["selector"][0]["type"], "kubernetes");
        assert_eq!(annotations[1].target, AnnotationTarget::Rule("deny".into()));
        assert_eq!(annotations[1].line, 16);
    }

    #[test]
    fn broken_yaml_is_an_error_with_its_line() {
        let (annotations, errors) = parse_annotations("package p\n\n# METADATA\n# title: [unclosed\ndeny := 1\n");
        assert!(annotations.is_empty());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
    }
}
