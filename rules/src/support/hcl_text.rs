//! What a `dynamic` block whose `for_each` cannot be known yet will generate, read from the block
//! as written. The evaluator keeps such a block as one unknown value (how many blocks it makes is
//! unknown), located at the `dynamic` block; its `content` still says what every generated block
//! holds, which can settle a verdict (a trust-policy statement always has a `principals` block).

use tollgate_model::{SourceMap, Value};

/// Whether the `dynamic` block at `unknown`'s span has, directly in its `content`, a block (not a
/// nested `dynamic`, whose own `for_each` may make none) named one of `names`. False when the
/// span is not such a block, or its text cannot be read.
pub fn dynamic_content_has_block(unknown: &Value, sources: &SourceMap, names: &[&str]) -> bool {
    let span = unknown.span;
    let Some(file) = sources.get(span.file) else { return false };
    let first = span.start.line.saturating_sub(1) as usize;
    let count = (span.end.line as usize + 1).saturating_sub(span.start.line as usize);
    let lines: Vec<&str> = file.text.lines().skip(first).take(count).collect();
    if !lines.first().is_some_and(|l| l.trim_start().starts_with("dynamic")) {
        return false;
    }
    // Depth 1 is the dynamic block's body, 2 the body of its `content` (or of another block).
    let mut depth = 0usize;
    let mut in_content = false;
    for line in lines {
        let code = line.trim_start();
        if depth == 1 {
            in_content = opens_block(code, "content");
        }
        if depth == 2 && in_content && names.iter().any(|name| opens_block(code, name)) {
            return true;
        }
        depth = depth.saturating_add_signed(brace_balance(code));
        if depth == 0 {
            break;
        }
    }
    false
}

/// `name {` (a block, not an attribute `name = {`).
fn opens_block(code: &str, name: &str) -> bool {
    code.strip_prefix(name).is_some_and(|rest| rest.trim_start().starts_with('{'))
}

/// Opening minus closing braces of one line's code: braces inside quoted strings (and their
/// `${...}` interpolations) and after a `#` or `//` comment do not count.
fn brace_balance(line: &str) -> isize {
    #[derive(Clone, Copy)]
    enum Mode {
        Code,
        Text,
        /// Inside `${ ... }`, with the braces opened there.
        Interpolation(usize),
    }
    let mut stack = vec![Mode::Code];
    let mut balance = 0isize;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(&mode) = stack.last() else { break };
        match (mode, c) {
            (Mode::Code, '#') => break,
            (Mode::Code, '/') if chars.peek() == Some(&'/') => break,
            (Mode::Code, '{') => balance += 1,
            (Mode::Code, '}') => balance -= 1,
            (Mode::Code | Mode::Interpolation(_), '"') => stack.push(Mode::Text),
            (Mode::Text, '\\') => {
                chars.next();
            }
            (Mode::Text, '"') => {
                stack.pop();
            }
            (Mode::Text, '$') if chars.peek() == Some(&'{') => {
                chars.next();
                stack.push(Mode::Interpolation(0));
            }
            (Mode::Interpolation(0), '}') => {
                stack.pop();
            }
            (Mode::Interpolation(open), '{' | '}') => {
                let open = if c == '{' { open + 1 } else { open - 1 };
                stack.pop();
                stack.push(Mode::Interpolation(open));
            }
            _ => {}
        }
    }
    balance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_in_strings_interpolations_and_comments_do_not_count() {
        assert_eq!(brace_balance(r#"sid = replace("${each.value}", "-", "") {"#), 1);
        assert_eq!(brace_balance(r#"variable = "${statement.value}:sub" # } {"#), 0);
        assert_eq!(brace_balance(r#"x = "${lookup({a = "}"}, "a")}" }"#), -1);
        assert_eq!(brace_balance(r#"y = "a\"{" // }"#), 0);
        assert_eq!(brace_balance("}"), -1);
    }

    #[test]
    fn a_block_opens_an_attribute_does_not() {
        assert!(opens_block("principals {", "principals"));
        assert!(opens_block("principals{", "principals"));
        assert!(!opens_block("principals = {", "principals"));
        assert!(!opens_block("principals_extra {", "principals"));
    }
}
