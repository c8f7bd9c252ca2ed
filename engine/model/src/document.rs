//! Files as they were parsed, before any evaluation: what Conftest-style policies see as `input`.
//!
//! A loader that parses a file keeps the raw document(s) here, so policies that read files the
//! way Conftest and Trivy read them (HCL converted to JSON, each YAML document, a plan's JSON)
//! need no second parse. Every node of a document keeps its span, so a result that names a part
//! of the document (a Trivy `cause`) is located exactly.

use crate::lines::LineIndex;
use crate::source::{FileId, Pos, Span};
use crate::value::Value;

/// How a file was parsed, which is the shape its documents have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentFormat {
    /// Terraform HCL (`.tf`, `.tfvars`) converted to JSON as Conftest's HCL 2 parser does:
    /// blocks become nested objects keyed by type and labels, a list where a block repeats;
    /// expressions that are not literals are `"${...}"` strings.
    Hcl,
    /// A YAML file: one document per `---` section.
    Yaml,
    /// A JSON file that is not a Terraform plan (`.json`, `.tf.json`).
    Json,
    /// A Terraform plan in JSON (`terraform show -json`).
    TerraformPlan,
    /// The formats only Conftest-style policies read (see the `tollgate-formats` crate).
    Toml,
    Ini,
    Dockerfile,
    Dotenv,
    Xml,
    Properties,
}

impl DocumentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Hcl => "hcl",
            DocumentFormat::Yaml => "yaml",
            DocumentFormat::Json => "json",
            DocumentFormat::TerraformPlan => "terraform-plan",
            DocumentFormat::Toml => "toml",
            DocumentFormat::Ini => "ini",
            DocumentFormat::Dockerfile => "dockerfile",
            DocumentFormat::Dotenv => "dotenv",
            DocumentFormat::Xml => "xml",
            DocumentFormat::Properties => "properties",
        }
    }
}

/// One parsed document of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDocument {
    /// Lines of the document in its file (for YAML, the lines of this `---` section).
    pub span: Span,
    /// The document as parsed, nothing evaluated; every node carries its span.
    pub value: Value,
}

/// A file as parsed, with its documents in file order. Files that failed to parse have none.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub file: FileId,
    pub format: DocumentFormat,
    pub documents: Vec<ParsedDocument>,
}

impl ParsedFile {
    /// A JSON file as one document, as Conftest's JSON parser reads it (a leading UTF-8
    /// byte-order mark is skipped; columns count after it). `Err` holds where reading stopped
    /// and why.
    pub fn from_json(file: FileId, text: &str, format: DocumentFormat) -> Result<ParsedFile, (Pos, String)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines = LineIndex::new(file, text);
        let json = crate::json::parse(text).map_err(|error| (lines.pos(error.offset), error.message))?;
        let value = json.to_value(&|range| lines.span(range));
        let span = lines.span(0..text.len());
        Ok(ParsedFile { file, format, documents: vec![ParsedDocument { span, value }] })
    }

    /// The document that holds `span` (a resource's, a value's), with its index: what a finding
    /// about that part of the file points at. `None` when no document of this file holds it.
    pub fn document_of(&self, span: Span) -> Option<(usize, &ParsedDocument)> {
        if span.file != self.file {
            return None;
        }
        self.documents.iter().enumerate().find(|(_, document)| document.span.contains(span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::resource::{KubeOrigin, Origin, Resource, ResourceId};
    use crate::source::SourceMap;
    use crate::value::ValueKind;

    fn span(file: u32, from: u32, to: u32) -> Span {
        Span::new(FileId(file), Pos::new(from, 1), Pos::new(to, 5))
    }

    fn document(file: u32, from: u32, to: u32) -> ParsedDocument {
        ParsedDocument { span: span(file, from, to), value: Value::null(span(file, from, to)) }
    }

    fn resource(name: &str, at: Span) -> Resource {
        Resource {
            address: format!("ConfigMap/{name}"),
            type_name: "ConfigMap".to_string(),
            name: name.to_string(),
            origin: Origin::Kubernetes(KubeOrigin {
                api_version: "v1".to_string(),
                group: String::new(),
                kind: "ConfigMap".to_string(),
                namespace: None,
                name: name.to_string(),
                doc_index: 0,
                cluster: None,
                helm: None,
            }),
            span: at,
            body: Value::new(ValueKind::Map(Vec::new()), at),
            references: Vec::new(),
        }
    }

    #[test]
    fn json_files_are_one_document_and_errors_have_a_position() {
        let file =
            ParsedFile::from_json(FileId(2), "\u{feff}{\n  \"a\": [1, 2]\n}\n", DocumentFormat::Json).expect("json");
        let document = &file.documents[0];
        assert_eq!(document.value.to_json(), serde_json::json!({"a": [1, 2]}));
        assert_eq!((document.span.start.line, document.span.end.line), (1, 3));
        let a = document.value.entry("a").expect("a");
        assert_eq!((a.key_span.start.line, a.key_span.start.col), (2, 3));
        let (pos, message) =
            ParsedFile::from_json(FileId(2), "{\n  \"a\": [1,\n}", DocumentFormat::Json).expect_err("bad");
        assert_eq!(pos.line, 3, "{message}");
    }

    #[test]
    fn documents_know_the_resources_within_them() {
        let files = vec![
            ParsedFile {
                file: FileId(1),
                format: DocumentFormat::Yaml,
                documents: vec![document(1, 1, 4), document(1, 5, 9)],
            },
            ParsedFile { file: FileId(0), format: DocumentFormat::Yaml, documents: vec![document(0, 1, 20)] },
        ];
        let resources = vec![
            resource("b", span(1, 6, 9)),
            resource("a", span(1, 1, 4)),
            resource("c", span(1, 7, 8)),
            resource("elsewhere", span(3, 1, 2)),
        ];
        let mut builder = GraphBuilder::new(resources);
        builder.set_parsed_files(files);
        let graph = builder.build(SourceMap::new());
        // Sorted by file: file 0 first.
        assert_eq!(graph.parsed_files()[0].file, FileId(0));
        assert!(graph.document_resources(0, 0).is_empty());
        assert_eq!(graph.document_resources(1, 0), &[ResourceId(1)]);
        assert_eq!(graph.document_resources(1, 1), &[ResourceId(0), ResourceId(2)]);
        assert!(graph.document_resources(7, 0).is_empty());
        let file = &graph.parsed_files()[1];
        assert_eq!(file.document_of(span(1, 7, 8)).map(|(i, _)| i), Some(1));
        assert_eq!(file.document_of(span(0, 7, 8)).map(|(i, _)| i), None);
    }
}
