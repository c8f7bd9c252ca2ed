//! A load-time notice at each `sprintf` whose literal format regorus formats differently from
//! OPA. OPA formats with Go's `fmt` (a number as a Go int or float64, a string as itself, any
//! other value as its Rego text); regorus 0.14 has its own formatter, which agrees on the
//! common verbs (`%s`, `%v`, `%d`, `%q`, `%x`, `%.2f`, integer widths) and not on the rest:
//! too few arguments make the call undefined (Go writes `%!v(MISSING)`), too many fail (Go
//! appends `%!(EXTRA ...)`), flags, `%[n]` indexes, `*`, widths on strings, precisions on
//! strings and the `%e`/`%g`/`%o`/`%t`/`%T`/`%U` verbs come out differently or fail.
//! Part of [`crate::differences`]' notices.

use crate::ast_walk::{walk_module, Visitor};
use crate::builtins::path_text;
use crate::negation::start_of;
use regorus::unstable::{Expr, Module};
use tollgate_model::LoadError;

/// One warning per `sprintf` call of `module` (in `file`) whose literal format regorus formats
/// differently from OPA.
pub(crate) fn sprintf_notices(module: &Module, file: &str) -> Vec<LoadError> {
    let mut finder = SprintfCalls { file, notices: Vec::new() };
    walk_module(module, &mut finder);
    finder.notices
}

struct SprintfCalls<'a> {
    file: &'a str,
    notices: Vec<LoadError>,
}

impl Visitor for SprintfCalls<'_> {
    fn expr(&mut self, expr: &Expr) {
        let Expr::Call { fcn, params, .. } = expr else { return };
        if path_text(fcn).as_deref() != Some("sprintf") {
            return;
        }
        let format = match params.first().map(|p| p.as_ref()) {
            Some(Expr::String { value, .. } | Expr::RawString { value, .. }) => value.as_string().ok(),
            _ => None,
        };
        let Some(format) = format else { return };
        let arguments = match params.get(1).map(|p| p.as_ref()) {
            Some(Expr::Array { items, .. }) => Some(items.len()),
            _ => None,
        };
        if let Some(reason) = format_difference(format, arguments) {
            let (line, column) = start_of(expr.span());
            let message = format!("this `sprintf` is formatted differently by the Rego engine than by OPA: {reason}");
            self.notices.push(LoadError { file: self.file.to_string(), line, column, message });
        }
    }
}

/// What one `%` directive of a Go format uses.
#[derive(Debug, Default, PartialEq)]
struct Directive {
    flags: String,
    indexed: bool,
    star: bool,
    width: bool,
    precision: bool,
    verb: Option<char>,
}

/// Integer and float verbs regorus pads to a width as Go does.
const WIDTH_VERBS: [char; 4] = ['d', 'x', 'X', 'f'];

/// Verbs regorus formats differently from Go, or refuses.
const DIFFERENT_VERBS: [char; 9] = ['e', 'E', 'g', 'G', 'o', 'O', 't', 'T', 'U'];

/// Why regorus formats `format` with `arguments` (when the arguments are a literal array of
/// that length) differently from OPA, or `None` when it agrees.
fn format_difference(format: &str, arguments: Option<usize>) -> Option<String> {
    let directives = directives(format);
    if let Some(reason) = directives.iter().find_map(directive_difference) {
        return Some(reason);
    }
    let verbs = directives.len();
    match arguments {
        Some(given) if given < verbs => Some(format!(
            "it has {verbs} verbs and {given} arguments: the Rego engine makes the call undefined, so a rule using its message does not fire (OPA writes `%!v(MISSING)` for each missing one)"
        )),
        Some(given) if given > verbs => Some(format!(
            "it has {verbs} verbs and {given} arguments: the Rego engine fails the call (OPA appends `%!(EXTRA ...)`)"
        )),
        _ => None,
    }
}

fn directive_difference(directive: &Directive) -> Option<String> {
    let Some(verb) = directive.verb else {
        return Some("it ends with a `%` and no verb (OPA writes `%!(NOVERB)`; the Rego engine fails)".into());
    };
    if directive.indexed || directive.star {
        return Some("argument indexes (`%[1]s`) and `*` widths are not supported by the Rego engine".into());
    }
    if let Some(flag) = directive.flags.chars().find(|f| *f != '0') {
        return Some(format!("the Rego engine does not support the `{flag}` flag of `%{flag}{verb}` (Go's fmt does)"));
    }
    if DIFFERENT_VERBS.contains(&verb) {
        return Some(format!("the Rego engine formats `%{verb}` differently from Go's fmt, which OPA uses"));
    }
    if directive.width && (directive.precision || !WIDTH_VERBS.contains(&verb)) {
        return Some(format!("the Rego engine ignores or refuses a width on `%{verb}` here (Go pads it)"));
    }
    if directive.precision && matches!(verb, 's' | 'v' | 'q') {
        return Some(format!("the Rego engine ignores a precision on `%{verb}` (Go truncates the text)"));
    }
    None
}

/// The directives of a Go format string (`%%` is none), as Go's `fmt` reads them.
fn directives(format: &str) -> Vec<Directive> {
    let mut found = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            continue;
        }
        let mut directive = Directive::default();
        while let Some(flag) = chars.next_if(|c| "+-# 0".contains(*c)) {
            directive.flags.push(flag);
        }
        let mut after_width = false;
        loop {
            match chars.peek().copied() {
                Some('[') => {
                    directive.indexed = true;
                    for skipped in chars.by_ref() {
                        if skipped == ']' {
                            break;
                        }
                    }
                }
                Some('*') => {
                    directive.star = true;
                    chars.next();
                }
                Some('.') if !after_width => {
                    after_width = true;
                    directive.precision = true;
                    chars.next();
                }
                Some(d) if d.is_ascii_digit() => {
                    if !after_width {
                        directive.width = true;
                    }
                    chars.next();
                }
                _ => break,
            }
        }
        directive.verb = chars.next();
        found.push(directive);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast_walk::body_notices;

    #[test]
    fn a_sprintf_the_engine_formats_differently_is_reported_at_its_call() {
        let notices = |body: &str| body_notices("xs := [1, 2]", body, sprintf_notices);
        let found = notices("msg := sprintf(\"%s in %s\", [input.name])");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("6:9 this `sprintf` is formatted differently"), "{found:?}");
        assert!(found[0].contains("2 verbs and 1 arguments"), "{found:?}");
        assert_eq!(notices("msg := sprintf(\"%s in %v\", [input.name, xs])"), Vec::<String>::new());
        assert_eq!(notices("msg := sprintf(input.format, [1])"), Vec::<String>::new(), "not a literal");
    }

    #[test]
    fn common_formats_agree() {
        for format in ["%s is %v", "%d items", "%q", "%x", "%.2f%%", "%5d|", "%05d", "%8f", "100%% of %s", "no verbs"] {
            let arguments = directives(format).len();
            assert_eq!(format_difference(format, Some(arguments)), None, "{format}");
        }
        // Arguments that are not a literal array are not counted.
        assert_eq!(format_difference("%s %s", None), None);
    }

    #[test]
    fn argument_counts_that_differ_are_reported() {
        let fewer = format_difference("%s in %s", Some(1)).unwrap();
        assert!(fewer.contains("2 verbs and 1 arguments") && fewer.contains("undefined"), "{fewer}");
        let more = format_difference("%s", Some(2)).unwrap();
        assert!(more.contains("1 verbs and 2 arguments") && more.contains("EXTRA"), "{more}");
    }

    #[test]
    fn features_regorus_formats_differently_are_reported() {
        let cases = [
            ("%+d", "`+` flag"),
            ("%-5s", "`-` flag"),
            ("%#x", "`#` flag"),
            ("% d", "` ` flag"),
            ("%[1]s", "argument indexes"),
            ("%*d", "`*` widths"),
            ("%e", "`%e`"),
            ("%o", "`%o`"),
            ("%t", "`%t`"),
            ("%T", "`%T`"),
            ("%5s", "width on `%s`"),
            ("%8.2f", "width on `%f`"),
            ("%.1s", "precision on `%s`"),
            ("50%", "no verb"),
        ];
        for (format, expected) in cases {
            let reason = format_difference(format, None).unwrap_or_default();
            assert!(reason.contains(expected), "{format}: {reason}");
        }
    }

    #[test]
    fn directives_are_read_as_go_reads_them() {
        assert_eq!(
            directives("a %-08.3f b %%"),
            [Directive { flags: "-0".into(), width: true, precision: true, verb: Some('f'), ..Directive::default() }]
        );
        assert_eq!(directives("%[2]*d").first().map(|d| (d.indexed, d.star, d.verb)), Some((true, true, Some('d'))));
    }
}
