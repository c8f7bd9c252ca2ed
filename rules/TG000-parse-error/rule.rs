//! ## What it does
//! Reports a file that could not be read or parsed (a syntax error, invalid UTF-8, a file over
//! the size limit, a YAML alias bomb), with its line and column.
//!
//! ## Why is this bad?
//! Nothing in an unparsed file is checked: a gate that let it pass would approve what it never
//! saw. It cannot be disabled.
//!
//! ## Example
//! ```hcl
//! resource "aws_s3_bucket" "logs" {
//!   bucket = "logs"
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_s3_bucket" "logs" {
//!   bucket = "logs"
//! }
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG000",
    slug: "parse-error",
    title: "File could not be read or parsed",
    severity: Severity::High,
    category: Category::Input,
    references: &[],
    aliases: &[],
};

/// Why this rule cannot be disabled.
pub const CANNOT_DISABLE: &str = "a file that cannot be parsed must not pass";

/// Advice for a load error whose message gives none (a bare parser or I/O message).
const GENERIC_ADVICE: &str = "fix it, or list the path in .tollgateignore if Tollgate should not read it";

/// One finding per load error (a file, or part of one, that could not be read or parsed), so an
/// unreadable file fails the gate like any other high-severity finding.
pub fn findings(errors: &[LoadError]) -> Vec<Finding> {
    errors
        .iter()
        .map(|error| {
            let lines = (error.line, error.line);
            Finding::new(META.rule_ref(), FindingKind::Fail, &error.file, &error.file, lines, message(error))
        })
        .collect()
}

/// The loader's message with the location after the problem, when the location is known; the
/// loader's own advice is kept (it knows what was left unchecked), generic advice is added only to
/// a message without any (see [`LoadError`]'s message convention).
fn message(error: &LoadError) -> String {
    let (problem, advice) = error.problem_and_advice();
    let location = match (error.line, error.column) {
        (0, _) => String::new(),
        (line, 0) => format!(" (line {line})"),
        (line, column) => format!(" (line {line}, column {column})"),
    };
    format!("{problem}{location}; {}", advice.unwrap_or(GENERIC_ADVICE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_of(line: u32, column: u32, message: &str) -> String {
        let error = LoadError { file: "f".into(), line, column, message: message.into() };
        let found = findings(&[error]);
        assert_eq!(found.len(), 1);
        found[0].message.clone()
    }

    #[test]
    fn the_loaders_advice_is_kept_and_not_doubled() {
        assert_eq!(
            message_of(3, 7, "cannot parse Terraform JSON file: expected `,`; fix the JSON"),
            "cannot parse Terraform JSON file: expected `,` (line 3, column 7); fix the JSON"
        );
        // A loader that says what was still checked is not contradicted.
        assert_eq!(
            message_of(5, 1, "invalid YAML: bad indent; this document was not checked (the file's other documents were): fix the YAML syntax"),
            "invalid YAML: bad indent (line 5, column 1); this document was not checked (the file's other documents \
             were): fix the YAML syntax"
        );
    }

    #[test]
    fn bare_messages_get_generic_advice_and_unknown_locations_are_left_out() {
        assert_eq!(
            message_of(0, 0, "cannot read directory: PermissionDenied"),
            "cannot read directory: PermissionDenied; fix it, or list the path in .tollgateignore if Tollgate should \
             not read it"
        );
        assert_eq!(
            message_of(4, 0, "plan JSON is malformed: EOF"),
            "plan JSON is malformed: EOF (line 4); fix it, or list the path in .tollgateignore if Tollgate should not \
             read it"
        );
        // A trailing `; ` is not advice.
        assert!(message_of(2, 3, "broken; ").ends_with(
            "(line 2, column 3); fix it, or list the path in .tollgateignore if Tollgate should not read it"
        ));
    }

    #[test]
    fn line_zero_errors_are_reported_on_line_one() {
        let error = LoadError { file: "dir".into(), line: 0, column: 0, message: "cannot read directory".into() };
        let finding = &findings(&[error])[0];
        assert_eq!((finding.start_line, finding.end_line), (1, 1));
        assert!(!finding.message.contains("line"), "{}", finding.message);
    }
}
