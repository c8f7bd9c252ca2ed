//! What one comment (or annotation) says: which rules it suppresses, until when, and why.

use chrono::NaiveDate;

/// Which tool's syntax a suppression is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Syntax {
    /// `tollgate:ignore RULE[,RULE] [until=YYYY-MM-DD] [-- reason]`, or the
    /// `tollgate.dev/ignore` annotation.
    Tollgate,
    /// `checkov:skip=ID[:reason]`, written inside the resource block it applies to.
    Checkov,
    /// `trivy:ignore:ID[:exp:YYYY-MM-DD]` (and tfsec's `tfsec:ignore:`), on or above the line.
    Trivy,
}

/// One suppression as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub syntax: Syntax,
    /// Rule names as written: ids, slugs or aliases (Tollgate), other tools' ids (Checkov, Trivy).
    pub names: Vec<String>,
    /// The last day the suppression applies.
    pub until: Option<NaiveDate>,
    pub reason: Option<String>,
}

const TOLLGATE: &str = "tollgate:ignore";
const CHECKOV: &str = "checkov:skip=";
const TRIVY_PREFIXES: [&str; 2] = ["trivy:ignore:", "tfsec:ignore:"];

/// The directives of one comment's text (without its `#` or `//`): `None` when the comment is
/// not a suppression at all, `Some(Err(why))` when it is a malformed Tollgate one.
pub fn parse_comment(body: &str) -> Option<Result<Vec<Directive>, String>> {
    let body = body.trim();
    if let Some(rest) = strip_keyword(body, TOLLGATE) {
        return Some(parse_tollgate(rest).map(|d| vec![d]));
    }
    if let Some(rest) = body.strip_prefix(CHECKOV) {
        return Some(Ok(vec![parse_checkov(rest)]));
    }
    if TRIVY_PREFIXES.iter().any(|prefix| body.starts_with(prefix)) {
        return Some(Ok(parse_trivy(body)));
    }
    None
}

/// `text` after `keyword` when the keyword is followed by a space or nothing (so
/// `tollgate:ignored` is not a suppression).
fn strip_keyword<'a>(text: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(keyword)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}

/// The part after `tollgate:ignore` (also the value of a `tollgate.dev/ignore` annotation):
/// `RULE[,RULE...] [until=YYYY-MM-DD] [-- reason]`.
pub fn parse_tollgate(text: &str) -> Result<Directive, String> {
    let (head, reason) = match text.split_once("--") {
        Some((head, reason)) => (head, Some(reason.trim()).filter(|r| !r.is_empty()).map(str::to_string)),
        None => (text, None),
    };
    let mut names = Vec::new();
    let mut until = None;
    for token in head.split_whitespace() {
        match token.split_once('=') {
            Some(("until", date)) => until = Some(parse_date(date)?),
            Some((key, _)) => return Err(format!("unknown setting `{key}=` (only `until=YYYY-MM-DD` is known)")),
            None => names.extend(token.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_string)),
        }
    }
    if names.is_empty() {
        return Err("names no rule (write `tollgate:ignore TG101 -- reason`)".to_string());
    }
    Ok(Directive { syntax: Syntax::Tollgate, names, until, reason })
}

/// A Kubernetes annotation that suppresses: `tollgate.dev/ignore` (and `tollgate.dev/ignore-<name>`)
/// with the Tollgate syntax, or Checkov's `checkov.io/skip<N>: ID=reason`. `None` for other keys.
pub fn parse_annotation(key: &str, value: &str) -> Option<Result<Directive, String>> {
    let named = |prefix: &str, suffix_ok: fn(&str) -> bool| key.strip_prefix(prefix).is_some_and(suffix_ok);
    if named(crate::ANNOTATION, |rest| rest.is_empty() || (rest.starts_with('-') && rest.len() > 1)) {
        return Some(parse_tollgate(value));
    }
    if named(CHECKOV_ANNOTATION, |rest| rest.chars().all(|c| c.is_ascii_digit())) {
        let (id, reason) = value.split_once('=').unwrap_or((value, ""));
        let reason = Some(reason.trim()).filter(|r| !r.is_empty()).map(str::to_string);
        return Some(Ok(Directive {
            syntax: Syntax::Checkov,
            names: vec![id.trim().to_string()],
            until: None,
            reason,
        }));
    }
    None
}

/// Checkov's annotation key prefix (`checkov.io/skip1`, `checkov.io/skip2`, ...).
const CHECKOV_ANNOTATION: &str = "checkov.io/skip";

/// `YYYY-MM-DD`, a real calendar day.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| format!("`until={text}` is not a date (write YYYY-MM-DD, such as 2027-03-31)"))
}

/// Checkov: `ID[:reason]`.
fn parse_checkov(text: &str) -> Directive {
    let (id, reason) = match text.split_once(':') {
        Some((id, reason)) => (id, Some(reason.trim().trim_matches('"').trim()).filter(|r| !r.is_empty())),
        None => (text.split_whitespace().next().unwrap_or_default(), None),
    };
    Directive {
        syntax: Syntax::Checkov,
        names: vec![id.trim().to_string()],
        until: None,
        reason: reason.map(str::to_string),
    }
}

/// Trivy and tfsec: one or more `trivy:ignore:ID[:exp:YYYY-MM-DD]` words; the other words of the
/// comment are its reason. A malformed expiry makes Trivy ignore the word, and so does Tollgate.
fn parse_trivy(text: &str) -> Vec<Directive> {
    let (ignores, words): (Vec<&str>, Vec<&str>) =
        text.split_whitespace().partition(|word| TRIVY_PREFIXES.iter().any(|prefix| word.starts_with(prefix)));
    let reason = words.join(" ").trim_start_matches(['-', ':']).trim().to_string();
    let reason = Some(reason).filter(|r| !r.is_empty());
    ignores
        .into_iter()
        .filter_map(|word| {
            let rest = TRIVY_PREFIXES.iter().find_map(|prefix| word.strip_prefix(prefix))?;
            let (id, until) = match rest.split_once(":exp:") {
                Some((id, date)) => (id, Some(parse_date(date).ok()?)),
                None => (rest, None),
            };
            Some(Directive { syntax: Syntax::Trivy, names: vec![id.to_string()], until, reason: reason.clone() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn tollgate_comments_name_rules_with_an_optional_expiry_and_reason() {
        let parsed = parse_comment(" tollgate:ignore TG101,tg102 until=2027-03-31 -- VPN only ");
        let expected = Directive {
            syntax: Syntax::Tollgate,
            names: vec!["TG101".into(), "tg102".into()],
            until: Some(date("2027-03-31")),
            reason: Some("VPN only".into()),
        };
        assert_eq!(parsed, Some(Ok(vec![expected])));
        let bare = parse_comment("tollgate:ignore security-group-open-admin-port").and_then(Result::ok);
        assert_eq!(bare.map(|d| (d[0].names.clone(), d[0].until, d[0].reason.clone())), {
            Some((vec!["security-group-open-admin-port".to_string()], None, None))
        });
        assert_eq!(parse_comment("tollgate:ignored TG101"), None);
        assert_eq!(parse_comment("just a comment"), None);
    }

    #[test]
    fn malformed_tollgate_comments_say_what_is_wrong() {
        let error = |text| parse_comment(text).and_then(Result::err).unwrap_or_default();
        assert!(error("tollgate:ignore TG101 until=2027-02-30").contains("not a date"));
        assert!(error("tollgate:ignore TG101 until=27-1-1").contains("not a date"));
        assert!(error("tollgate:ignore TG101 till=2027-01-01").contains("unknown setting `till=`"));
        assert!(error("tollgate:ignore -- no rule").contains("names no rule"));
    }

    #[test]
    fn annotations_in_tollgate_and_checkov_form() {
        let tollgate = parse_annotation("tollgate.dev/ignore-agent", "TG201 -- node agent").and_then(Result::ok);
        assert_eq!(tollgate.map(|d| (d.syntax, d.names, d.reason)), {
            Some((Syntax::Tollgate, vec!["TG201".to_string()], Some("node agent".to_string())))
        });
        let checkov = parse_annotation("checkov.io/skip2", "CKV_K8S_20=needs setuid").and_then(Result::ok);
        assert_eq!(checkov.map(|d| (d.syntax, d.names, d.reason)), {
            Some((Syntax::Checkov, vec!["CKV_K8S_20".to_string()], Some("needs setuid".to_string())))
        });
        assert!(parse_annotation("tollgate.dev/ignore", "-- no rule").is_some_and(|parsed| parsed.is_err()));
        for other in ["tollgate.dev/ignored", "tollgate.dev/ignore-", "checkov.io/skipped", "team"] {
            assert_eq!(parse_annotation(other, "TG201"), None, "{other}");
        }
    }

    #[test]
    fn checkov_skips_carry_their_reason() {
        let parsed = parse_comment("checkov:skip=CKV_AWS_24: \"SSH from the VPN only\"").and_then(Result::ok);
        let directive = &parsed.expect("a directive")[0];
        assert_eq!((directive.syntax, directive.names.as_slice()), (Syntax::Checkov, &["CKV_AWS_24".to_string()][..]));
        assert_eq!(directive.reason.as_deref(), Some("SSH from the VPN only"));
        let bare = parse_comment("checkov:skip=CKV_AWS_24").and_then(Result::ok).expect("a directive");
        assert_eq!((bare[0].names[0].as_str(), bare[0].reason.as_deref()), ("CKV_AWS_24", None));
    }

    #[test]
    fn trivy_and_tfsec_ignores_may_share_a_line_and_expire() {
        let parsed = parse_comment("trivy:ignore:AVD-AWS-0107:exp:2026-01-02 tfsec:ignore:aws-ec2-x - legacy")
            .and_then(Result::ok)
            .expect("directives");
        let summary: Vec<_> = parsed.iter().map(|d| (d.names[0].as_str(), d.until, d.reason.as_deref())).collect();
        assert_eq!(
            summary,
            vec![("AVD-AWS-0107", Some(date("2026-01-02")), Some("legacy")), ("aws-ec2-x", None, Some("legacy"))]
        );
    }
}
