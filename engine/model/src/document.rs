//! Files as they were parsed, before any evaluation: what Conftest-style policies see as `input`.
//!
//! A loader that parses a file keeps the raw document(s) here, so policies that read files the
//! way Conftest and Trivy read them (HCL converted to JSON, each YAML document, a plan's JSON)
//! need no second parse. Every node of a document keeps its span, so a result that names a part
//! of the document (a Trivy `cause`) is located exactly.

use crate::source::{FileId, Span};
use crate::value::Value;

/// How a file was parsed, which is the shape its documents have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentFormat {
    /// Terraform HCL (`.tf`, `.tfvars`) converted to JSON as Conftest's HCL 2 parser does:
    /// blocks become nested objects keyed by type and labels, holding a list of bodies;
    /// expressions that are not literals are `"${...}"` strings.
    Hcl,
    /// A YAML file: one document per `---` section.
    Yaml,
    /// A JSON file that is not a Terraform plan (`.json`, `.tf.json`).
    Json,
    /// A Terraform plan in JSON (`terraform show -json`).
    TerraformPlan,
}

impl DocumentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Hcl => "hcl",
            DocumentFormat::Yaml => "yaml",
            DocumentFormat::Json => "json",
            DocumentFormat::TerraformPlan => "terraform-plan",
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
