//! String functions. Characters are what Terraform counts: grapheme clusters for `substr`,
//! `strrev` and `length`; case mapping is Go's per-character (simple) mapping, so `upper("ß")` stays
//! `"ß"`; `title` upper-cases the first letter of each word as Go's `strings.Title` does.

use crate::regex::{compile, replace_all};
use crate::support::{integer, items, text};
use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::go_strings::{title, to_lower, to_upper};
use tollgate_model::{Value, ValueKind};
use unicode_segmentation::UnicodeSegmentation;

const STR: crate::Param = param("str", P::String);

/// Results larger than this are refused rather than built.
const MAX_RESULT_BYTES: usize = 64 << 20;

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("upper", &[STR], |c, a| Ok(c.string(text(&a[0]).chars().map(to_upper).collect::<String>()))),
    Spec::new("lower", &[STR], |c, a| Ok(c.string(text(&a[0]).chars().map(to_lower).collect::<String>()))),
    Spec::new("title", &[STR], |c, a| Ok(c.string(title(text(&a[0]))))),
    Spec::new("trimspace", &[STR], |c, a| Ok(c.string(text(&a[0]).trim()))),
    Spec::new("trim", &[STR, param("cutset", P::String)], |c, a| {
        let cutset = text(&a[1]);
        Ok(c.string(text(&a[0]).trim_matches(|ch| cutset.contains(ch))))
    }),
    Spec::new("trimprefix", &[STR, param("prefix", P::String)], |c, a| {
        let s = text(&a[0]);
        Ok(c.string(s.strip_prefix(text(&a[1])).unwrap_or(s)))
    }),
    Spec::new("trimsuffix", &[STR, param("suffix", P::String)], |c, a| {
        let s = text(&a[0]);
        Ok(c.string(s.strip_suffix(text(&a[1])).unwrap_or(s)))
    }),
    Spec::new("chomp", &[STR], |c, a| Ok(c.string(text(&a[0]).trim_end_matches(['\r', '\n'])))),
    Spec::new("strrev", &[STR], |c, a| Ok(c.string(text(&a[0]).graphemes(true).rev().collect::<String>()))),
    Spec::new("substr", &[STR, param("offset", P::Number), param("length", P::Number)], substr),
    Spec::new("indent", &[param("spaces", P::Number), STR], indent),
    Spec::new("split", &[param("separator", P::String), STR], split),
    Spec::variadic("join", &[param("separator", P::String)], param("lists", P::List(&P::String)), join),
    Spec::new("replace", &[STR, param("substr", P::String), param("replace", P::String)], replace),
    Spec::new("startswith", &[STR.unknowable(), param("prefix", P::String)], startswith),
    Spec::new("endswith", &[STR, param("suffix", P::String)], |c, a| Ok(c.boolean(text(&a[0]).ends_with(text(&a[1]))))),
    Spec::new("strcontains", &[STR, param("substr", P::String)], |c, a| {
        Ok(c.boolean(text(&a[0]).contains(text(&a[1]))))
    }),
];

fn substr(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let s = text(&args[0]);
    let mut offset = integer(&args[1]).map_err(|e| ctx.arg_fail(1, e))?;
    let length = integer(&args[2]).map_err(|e| ctx.arg_fail(2, e))?;
    let clusters: Vec<&str> = s.graphemes(true).collect();
    if offset < 0 {
        offset = offset.saturating_add(clusters.len() as i64);
    }
    let start = offset.max(0) as usize;
    if start >= clusters.len() && start > 0 {
        return Ok(ctx.string(""));
    }
    let rest = &clusters[start.min(clusters.len())..];
    let taken = if length < 0 { rest.len() } else { (length as usize).min(rest.len()) };
    Ok(ctx.string(rest[..taken].concat()))
}

fn indent(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let spaces = integer(&args[0]).map_err(|e| ctx.arg_fail(0, e))?;
    let Ok(spaces) = usize::try_from(spaces) else {
        return Err(ctx.fail("negative Repeat count"));
    };
    let s = text(&args[1]);
    let newlines = s.matches('\n').count();
    if newlines == 0 {
        return Ok(ctx.string(s));
    }
    if newlines.saturating_mul(spaces) > MAX_RESULT_BYTES {
        return Err(ctx.fail("the result would be too large"));
    }
    Ok(ctx.string(s.replace('\n', &format!("\n{}", " ".repeat(spaces)))))
}

/// Go's `strings.Split`: an empty separator splits into characters, an empty string gives `[""]`.
fn split(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let separator = text(&args[0]);
    let s = text(&args[1]);
    let parts: Vec<Value> = if separator.is_empty() {
        s.chars().map(|c| ctx.string(c.to_string())).collect()
    } else {
        s.split(separator).map(|p| ctx.string(p)).collect()
    };
    Ok(ctx.list(parts))
}

fn join(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let separator = text(&args[0]).to_string();
    let lists = &args[1..];
    if lists.is_empty() {
        return Err(ctx.fail("at least one list is required"));
    }
    if let Some(unknown) = ctx.unknown_if_any(lists) {
        return Ok(unknown);
    }
    let mut parts = Vec::new();
    for (list_index, list) in lists.iter().enumerate() {
        for (element_index, element) in items(list).iter().enumerate() {
            match &element.kind {
                ValueKind::String(s) => parts.push(s.as_str()),
                _ if lists.len() > 1 => {
                    return Err(ctx.arg_fail(
                        list_index + 1,
                        format!(
                            "element {element_index} of list {} is null; cannot concatenate null values",
                            list_index + 1
                        ),
                    ))
                }
                _ => {
                    return Err(
                        ctx.arg_fail(1, format!("element {element_index} is null; cannot concatenate null values"))
                    )
                }
            }
        }
    }
    Ok(ctx.string(parts.join(&separator)))
}

/// `replace`: a `/regex/` substring replaces by regular expression (with `$1` / `${name}` references).
fn replace(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let s = text(&args[0]);
    let search = text(&args[1]);
    let replacement = text(&args[2]);
    if search.len() > 1 && search.starts_with('/') && search.ends_with('/') {
        let re = compile(&search[1..search.len() - 1]).map_err(|e| ctx.fail(e))?;
        return Ok(ctx.string(replace_all(&re, s, replacement)));
    }
    Ok(ctx.string(s.replace(search, replacement)))
}

/// `startswith` of an unknown string is still true for the empty prefix.
fn startswith(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let prefix = text(&args[1]);
    match args[0].as_unknown() {
        Some(_) if prefix.is_empty() => Ok(ctx.boolean(true)),
        Some(u) => Ok(ctx.unknown_from(u)),
        None => Ok(ctx.boolean(text(&args[0]).starts_with(prefix))),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn case_mapping_is_per_character() {
        assert_eq!(ok("upper", vec![s("straße é")]), s("STRAßE É"));
        assert_eq!(ok("lower", vec![s("İSTANBUL")]), s("istanbul"));
        assert_eq!(ok("upper", vec![num(5)]), s("5"));
        assert_eq!(ok("upper", vec![boolean(true)]), s("TRUE"));
        assert!(err("upper", vec![null()]).contains("must not be null"));
        assert!(err("upper", vec![list(vec![])]).contains("string required"));
    }

    #[test]
    fn title_upper_cases_word_starts_only() {
        assert_eq!(ok("title", vec![s("hello WORLD foo-bar_baz it's")]), s("Hello WORLD Foo-Bar_baz It'S"));
        assert_eq!(ok("title", vec![s("ǆemal élan")]), s("ǅemal Élan"));
    }

    #[test]
    fn trimming() {
        assert_eq!(ok("trimspace", vec![s("\t a b \n\u{a0}")]), s("a b"));
        assert_eq!(ok("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(ok("trimprefix", vec![s("helloworld"), s("hello")]), s("world"));
        assert_eq!(ok("trimsuffix", vec![s("helloworld"), s("world")]), s("hello"));
        assert_eq!(ok("trimprefix", vec![s("hello"), s("x")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\r\n\n\r")]), s("hello"));
    }

    #[test]
    fn substr_counts_grapheme_clusters() {
        assert_eq!(ok("substr", vec![s("hello world"), num(1), num(4)]), s("ello"));
        assert_eq!(ok("substr", vec![s("🤔🤷‍♀️ab"), num(0), num(2)]), s("🤔🤷‍♀️"));
        assert_eq!(ok("substr", vec![s("hello"), num(-3), num(-1)]), s("llo"));
        assert_eq!(ok("substr", vec![s("hello"), num(10), num(2)]), s(""));
        assert_eq!(ok("substr", vec![s("hello"), num(-10), num(2)]), s("he"));
        assert_eq!(ok("substr", vec![s("hello"), num(1), num(100)]), s("ello"));
        assert!(err("substr", vec![s("hello"), float(1.5), num(1)]).contains("whole number"));
    }

    #[test]
    fn split_and_join_follow_go() {
        assert_eq!(ok("split", vec![s(","), s("a,b,,c")]), strings(&["a", "b", "", "c"]));
        assert_eq!(ok("split", vec![s(","), s("")]), strings(&[""]));
        assert_eq!(ok("split", vec![s(""), s("abc")]), strings(&["a", "b", "c"]));
        assert_eq!(ok("split", vec![s(""), s("")]), strings(&[]));
        assert_eq!(ok("join", vec![s("-"), strings(&["a"]), list(vec![num(1), boolean(true)])]), s("a-1-true"));
        assert!(err("join", vec![s(",")]).contains("at least one list"));
        assert!(err("join", vec![s(","), list(vec![s("a"), null()])]).contains("element 1 is null"));
        let partly_unknown = list(vec![s("a"), unknown("aws_instance.x.id")]);
        assert_eq!(
            unknown_reason(&ok("join", vec![s(","), partly_unknown])),
            tollgate_model::UnknownReason::AfterApply
        );
    }

    #[test]
    fn replace_plain_and_regex() {
        assert_eq!(ok("replace", vec![s("1 + 2 + 3"), s("+"), s("-")]), s("1 - 2 - 3"));
        assert_eq!(ok("replace", vec![s("hello world"), s("/w.*d/"), s("everybody")]), s("hello everybody"));
        assert_eq!(ok("replace", vec![s("a-b"), s("/(\\w)-(\\w)/"), s("$2+$1")]), s("b+a"));
        assert_eq!(ok("replace", vec![s("abc"), s(""), s("-")]), s("-a-b-c-"));
        assert_eq!(ok("replace", vec![s("a/b"), s("/"), s("|")]), s("a|b"));
        assert!(err("replace", vec![s("x"), s("/(/"), s("")]).contains("invalid regular expression"));
    }

    #[test]
    fn startswith_knows_the_empty_prefix_of_an_unknown() {
        assert_eq!(ok("startswith", vec![unknown("x"), s("")]), boolean(true));
        assert!(ok("startswith", vec![unknown("x"), s("a")]).is_unknown());
        assert_eq!(ok("startswith", vec![s("hello"), s("he")]), boolean(true));
        assert_eq!(ok("endswith", vec![s("hello"), s("lo")]), boolean(true));
        assert_eq!(ok("strcontains", vec![s("hello"), s("ell")]), boolean(true));
    }

    #[test]
    fn indent_and_strrev() {
        assert_eq!(ok("indent", vec![num(2), s("a\nb\n")]), s("a\n  b\n  "));
        assert!(err("indent", vec![num(-1), s("a")]).contains("negative"));
        assert_eq!(ok("strrev", vec![s("abc🤷‍♀️")]), s("🤷‍♀️cba"));
    }
}
