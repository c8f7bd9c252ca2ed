//! Template errors worded as Helm 4 words them: parse errors as `parse error at (FILE:LINE): MESSAGE`,
//! `required`/`fail` as `execution error at (FILE:LINE:COL): MESSAGE`, other execution errors laid out
//! on indented lines (location, what was executing, the message), `include` chains nested the same
//! way; what that layout cannot take (other function errors, `tpl` chains) stays Go's one line.

use tollgate_gotemplate::{ErrorKind, TemplateError};

use crate::functions::user_message;
use crate::HelmError;

pub fn parse_error(chart: &str, error: &TemplateError) -> HelmError {
    let text = error.to_string();
    // Helm keeps the location and the last `: `-separated part of Go's message.
    let message = text.rsplit(": ").next().unwrap_or(&text);
    HelmError {
        chart: chart.to_string(),
        template: Some(error.template.to_string()),
        line: Some(error.line as u32),
        message: format!("parse error at ({}:{}): {message}", error.template, error.line),
    }
}

pub fn execution_error(chart: &str, error: &TemplateError) -> HelmError {
    let text = error.to_string();
    let location = format!("{}:{}:{}", error.template, error.line, error.column.unwrap_or(0));
    let message = if error.kind != ErrorKind::Execute {
        text.clone()
    } else if let Some(user) = user_message(&text) {
        format!("execution error at ({location}): {user}")
    } else {
        laid_out(&text).unwrap_or(text)
    };
    HelmError {
        chart: chart.to_string(),
        template: Some(error.template.to_string()),
        line: Some(error.line as u32),
        message,
    }
}

/// `template: LOC: executing "NAME" at <CONTEXT>: MESSAGE` on three lines; `None` when Helm keeps the line.
fn laid_out(text: &str) -> Option<String> {
    let rest = text.strip_prefix("template: ")?;
    let (location, rest) = rest.split_once(": executing \"")?;
    let (name, rest) = rest.split_once("\" at <")?;
    let (context, message) = split_context(rest)?;
    let head = format!("{location}\n  executing \"{name}\" at <{context}>:\n    ");
    if let Some(inner) = message.strip_prefix("error calling include: ") {
        let inner = if inner.starts_with("template: no template") { inner.to_string() } else { laid_out(inner)? };
        return Some(format!("{head}error calling include:\n{inner}"));
    }
    if message.starts_with("error calling ") {
        return None;
    }
    Some(format!("{head}{message}"))
}

/// Splits `CONTEXT>: MESSAGE`, the context possibly holding `>` itself (`gt 1 2`, a string).
fn split_context(text: &str) -> Option<(&str, &str)> {
    let end = text.find(">: ")?;
    Some((&text[..end], &text[end + 3..]))
}

#[cfg(test)]
mod tests {
    use super::laid_out;

    #[test]
    fn plain_execution_errors_are_laid_out_on_three_lines() {
        let go = "template: c/templates/t.yaml:2:13: executing \"c/templates/t.yaml\" at <.Values.missing.x>: nil pointer evaluating interface {}.x";
        assert_eq!(
            laid_out(go).as_deref(),
            Some("c/templates/t.yaml:2:13\n  executing \"c/templates/t.yaml\" at <.Values.missing.x>:\n    nil pointer evaluating interface {}.x")
        );
    }

    #[test]
    fn function_errors_other_than_include_keep_go_wording() {
        let go = "template: c/t.yaml:1:6: executing \"c/t.yaml\" at <index (list 1) 5>: error calling index: index out of range: 5";
        assert_eq!(laid_out(go), None);
    }
}
