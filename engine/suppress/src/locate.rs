//! Where each suppression is written and which lines it covers.

use crate::comments::{comments, is_comment_line, Comment, Language};
use crate::directive::{parse_annotation, parse_comment, Directive, Syntax};
use crate::{Inputs, Layout, Problem, ProblemKind};

/// One suppression, placed.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub directive: Directive,
    /// How it reads in messages (`tollgate:ignore TG101`, `checkov:skip=CKV_AWS_24`).
    pub label: String,
    pub file: String,
    pub line: u32,
    /// The lines of `file` it covers.
    pub scope: (u32, u32),
}

/// Every suppression of the scan's files and annotations, and the malformed ones as problems.
pub(crate) fn locate(inputs: &Inputs<'_>) -> (Vec<Located>, Vec<Problem>) {
    let mut located = Vec::new();
    let mut problems = Vec::new();
    for (_, source) in inputs.sources.iter() {
        let Some(language) = Language::of(&source.path) else { continue };
        let lines: Vec<&str> = source.text.lines().collect();
        for comment in comments(&source.text, language) {
            let Some(parsed) = parse_comment(comment.body) else { continue };
            let malformed = |message| Problem {
                kind: ProblemKind::Malformed,
                file: source.path.clone(),
                line: comment.line,
                message,
            };
            match parsed {
                Err(why) => {
                    problems.push(malformed(format!("`tollgate:ignore` comment: {why}; it suppresses nothing")))
                }
                Ok(directives) => {
                    for directive in directives {
                        match place(&directive, &comment, &lines, &source.path, inputs.layout) {
                            Some(scope) => located.push(Located {
                                label: label(&directive),
                                directive,
                                file: source.path.clone(),
                                line: comment.line,
                                scope,
                            }),
                            None if directive.syntax == Syntax::Tollgate => problems.push(malformed(format!(
                                "`{}` is not on or directly above a block or attribute (a blank line or the end of \
                                 the file follows it); it suppresses nothing: move it onto the line the finding \
                                 points at or directly above its block",
                                label(&directive)
                            ))),
                            None => {}
                        }
                    }
                }
            }
        }
    }
    for annotation in &inputs.annotations {
        let Some(parsed) = parse_annotation(&annotation.key, &annotation.value) else { continue };
        match parsed {
            Ok(directive) => located.push(Located {
                label: format!("{}: {}", annotation.key, directive.names.join(",")),
                directive,
                file: annotation.file.clone(),
                line: annotation.line,
                scope: annotation.scope,
            }),
            Err(why) => problems.push(Problem {
                kind: ProblemKind::Malformed,
                file: annotation.file.clone(),
                line: annotation.line,
                message: format!("`{}` annotation: {why}; it suppresses nothing", annotation.key),
            }),
        }
    }
    (located, problems)
}

/// The lines a directive written in `comment` covers, by its tool's placement rules: Checkov's
/// anywhere inside the block, the others on the line or directly above it.
fn place(
    directive: &Directive,
    comment: &Comment<'_>,
    lines: &[&str],
    file: &str,
    layout: &Layout,
) -> Option<(u32, u32)> {
    if directive.syntax == Syntax::Checkov {
        return layout.block_around(file, comment.line);
    }
    let target = if comment.trailing { comment.line } else { line_below_comments(lines, comment.line)? };
    Some(layout.scope_at(file, target))
}

/// The first line after the contiguous comment lines starting at `line`, unless a blank line
/// (or the end of the file) comes first.
fn line_below_comments(lines: &[&str], line: u32) -> Option<u32> {
    let mut index = usize::try_from(line).ok()?;
    while let Some(text) = lines.get(index) {
        if text.trim().is_empty() {
            return None;
        }
        if !is_comment_line(text) {
            return u32::try_from(index + 1).ok();
        }
        index += 1;
    }
    None
}

fn label(directive: &Directive) -> String {
    match directive.syntax {
        Syntax::Tollgate => format!("tollgate:ignore {}", directive.names.join(",")),
        Syntax::Checkov => format!("checkov:skip={}", directive.names.join(",")),
        Syntax::Trivy => format!("trivy:ignore:{}", directive.names.join(",")),
    }
}
