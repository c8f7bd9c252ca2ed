//! The whole plan document kept for Conftest-style policies (`parse_keeping_document`).

use serde_json::json;
use std::path::Path;
use tollgate_model::{DocumentFormat, FileId, SourceFile};
use tollgate_plan::{parse, parse_keeping_document};

const PLAN: &str = r#"{
  "format_version": "1.2",
  "terraform_version": "1.11.4",
  "variables": { "db_password": { "value": "hunter2" } },
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_s3_bucket.logs",
          "mode": "managed",
          "type": "aws_s3_bucket",
          "name": "logs",
          "values": { "bucket": "logs", "force_destroy": false }
        }
      ]
    }
  },
  "resource_changes": [
    {
      "address": "aws_s3_bucket.logs",
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "logs",
      "change": { "actions": ["create"], "before": null, "after": { "bucket": "logs", "force_destroy": false } }
    }
  ]
}
"#;

fn source(text: &str) -> SourceFile {
    SourceFile { path: "plan.json".to_string(), text: text.into() }
}

#[test]
fn the_whole_plan_is_kept_as_written_and_spanned() {
    let load = parse_keeping_document(FileId(4), &source(PLAN), Path::new("plan.json"));
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    assert!(load.plan.is_some());
    let file = load.document.expect("document");
    assert_eq!((file.file, file.format, file.documents.len()), (FileId(4), DocumentFormat::TerraformPlan, 1));
    let document = &file.documents[0];
    assert_eq!((document.span.start.line, document.span.end.line), (1, 27));
    let expected: serde_json::Value = serde_json::from_str(PLAN).expect("json");
    // Everything, variables included: policies read the plan as Terraform wrote it.
    assert_eq!(document.value.to_json(), expected);
    assert_eq!(
        document.value.lookup(&["variables", "db_password", "value"]).known().and_then(|v| v.as_str()),
        Some("hunter2")
    );
    let actions = document.value.lookup(&["resource_changes"]).known().expect("changes").items()[0]
        .lookup(&["change", "actions"])
        .known()
        .expect("actions");
    assert_eq!((actions.span.start.line, actions.span.start.col), (24, 30));
    // The report's copy still has no variables.
    assert!(!load.text.contains("hunter2"));
}

#[test]
fn nothing_is_kept_unless_asked_and_unsupported_versions_keep_their_json() {
    assert!(parse(FileId(0), &source(PLAN), Path::new("plan.json")).document.is_none());
    let old = PLAN.replace("\"1.2\"", "\"0.1\"");
    let load = parse_keeping_document(FileId(0), &source(&old), Path::new("plan.json"));
    assert!(load.errors.is_empty() && load.skipped.len() == 1, "{:?}", load.errors);
    assert_eq!(load.document.expect("document").documents[0].value.to_json()["format_version"], json!("0.1"));
    let broken = parse_keeping_document(FileId(0), &source("{\"format_version\": "), Path::new("plan.json"));
    assert!(broken.document.is_none() && broken.errors.len() == 1);
}

/// A plan JSON of a format Tollgate does not model (Terraform's pre-1.0 `0.1`) is still read
/// whole for the policies that read files, as Conftest reads any JSON: a skip note, no error;
/// without those policies nothing would check it, so it stays an error.
#[test]
fn an_unsupported_format_is_a_note_when_policies_read_the_json_and_an_error_otherwise() {
    let text =
        "{\n  \"format_version\": \"0.1\",\n  \"terraform_version\": \"0.11.14\",\n  \"planned_values\": {}\n}\n";
    let source = SourceFile { path: "old.json".to_string(), text: text.into() };
    let kept = parse_keeping_document(FileId(1), &source, Path::new("old.json"));
    assert!(kept.errors.is_empty(), "{:?}", kept.errors);
    assert!(kept.plan.is_none());
    let reasons: Vec<&str> = kept.skipped.iter().map(|skip| skip.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["not read as a Terraform plan: format_version `0.1` is not supported; Conftest-style policies still read it as JSON"]
    );
    assert_eq!(kept.skipped[0].file, "old.json");
    let document = kept.document.expect("the JSON is kept");
    assert_eq!(document.documents[0].value.to_json()["terraform_version"], json!("0.11.14"));

    let plain = parse(FileId(1), &source, Path::new("old.json"));
    assert!(plain.skipped.is_empty());
    assert_eq!(plain.errors.len(), 1);
    assert!(plain.errors[0].message.starts_with("plan format_version `0.1` is not supported"), "{:?}", plain.errors);
    assert_eq!(plain.errors[0].line, 2);
}
