//! Encoding functions: `jsonencode` (Go's encoding/json bytes: sorted keys, `<>&` escaped),
//! `jsondecode`, `base64encode`, `base64decode`, `base64gzip`, `urlencode`, `csvdecode`.

use crate::number::{format_number, number_from_f64};
use crate::support::text;
use crate::types::MAX_DEPTH;
use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::go_url::query_escape;
use tollgate_model::json::write_go_string;
use tollgate_model::{MapEntry, Number, UnknownReason, Value, ValueKind};

const STR: crate::Param = param("str", P::String);

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("jsonencode", &[param("val", P::Any).nullable()], jsonencode),
    Spec::new("jsondecode", &[STR], jsondecode),
    Spec::new("base64encode", &[STR], |c, a| Ok(c.string(base64_encode(text(&a[0]).as_bytes())))),
    Spec::new("base64decode", &[STR], base64decode),
    Spec::new("base64gzip", &[STR], base64gzip),
    Spec::new("urlencode", &[STR], |c, a| Ok(c.string(query_escape(text(&a[0]))))),
    Spec::new("csvdecode", &[STR], csvdecode),
];

fn jsonencode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(mut unknown) = ctx.unknown_if_any(&args) {
        // Terraform's result is unknown too; what is known of the document stays readable.
        let encoded = args.into_iter().next().filter(|value| !value.is_unknown());
        if let (ValueKind::Unknown(u), Some(encoded)) = (&mut unknown.kind, encoded) {
            u.encodes = Some(Box::new(encoded));
        }
        return Ok(unknown);
    }
    json_encode(&args[0]).map(|s| ctx.string(s)).map_err(|e| ctx.fail(e))
}

/// The JSON Terraform writes for a (wholly known) value: compact, keys sorted bytewise, strings
/// escaped as Go's encoding/json escapes them.
pub(crate) fn json_encode(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_json(value, &mut out, 0)?;
    Ok(out)
}

fn write_json(value: &Value, out: &mut String, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("value is nested too deeply".into());
    }
    match &value.kind {
        ValueKind::Null => out.push_str("null"),
        ValueKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ValueKind::Number(Number::Float(f)) if f.is_infinite() => {
            return Err("cannot serialize infinity as JSON".into())
        }
        ValueKind::Number(Number::Float(f)) if f.is_nan() => return Err("cannot serialize NaN as JSON".into()),
        ValueKind::Number(n) => out.push_str(&format_number(*n)),
        ValueKind::String(s) => write_go_string(out, s, true),
        ValueKind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out, depth + 1)?;
            }
            out.push(']');
        }
        ValueKind::Map(entries) => {
            out.push('{');
            for (i, entry) in crate::types::sorted_entries(entries.clone()).iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_string(out, &entry.key, true);
                out.push(':');
                write_json(&entry.value, out, depth + 1)?;
            }
            out.push('}');
        }
        ValueKind::Unknown(u) => return Err(format!("value depends on {}, which is unknown", u.source)),
    }
    Ok(())
}

fn jsondecode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let parsed: serde_json::Value = serde_json::from_str(text(&args[0])).map_err(|e| ctx.fail(json_error(&e)))?;
    Ok(from_json(ctx, parsed))
}

fn json_error(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Eof => "EOF".into(),
        _ => e.to_string(),
    }
}

/// A JSON document as a value (every node at the call's span).
pub(crate) fn from_json(ctx: &Ctx, json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => ctx.null(),
        serde_json::Value::Bool(b) => ctx.boolean(b),
        serde_json::Value::Number(n) => ctx.number(match n.as_i64() {
            Some(i) => Number::Int(i),
            None => number_from_f64(n.as_f64().unwrap_or(f64::NAN)),
        }),
        serde_json::Value::String(s) => ctx.string(s),
        serde_json::Value::Array(items) => ctx.list(items.into_iter().map(|v| from_json(ctx, v)).collect()),
        serde_json::Value::Object(map) => ctx.map(
            map.into_iter().map(|(k, v)| MapEntry { key: k, key_span: ctx.span, value: from_json(ctx, v) }).collect(),
        ),
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for (i, shift) in [18, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(BASE64[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Go's `base64.StdEncoding.DecodeString`: padding required, line breaks ignored.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let value = |b: u8| BASE64.iter().position(|c| *c == b).map(|p| p as u32);
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    let quads = symbols.len() / 4;
    for (q, quad) in symbols.chunks(4).enumerate() {
        let padding = quad.iter().rev().take_while(|b| **b == b'=').count();
        if padding > 2 || (padding > 0 && q + 1 != quads) {
            return None;
        }
        let mut n = 0u32;
        for (i, b) in quad.iter().enumerate() {
            let v = if i >= 4 - padding { 0 } else { value(*b)? };
            n = n << 6 | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - padding]);
    }
    Some(out)
}

fn base64decode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let s = text(&args[0]);
    let bytes = base64_decode(s)
        .ok_or_else(|| ctx.fail(format!("failed to decode base64 data {}", crate::sets::go_quote(s))))?;
    let decoded = String::from_utf8(bytes)
        .map_err(|_| ctx.fail("the result of decoding the provided string is not valid UTF-8"))?;
    Ok(ctx.string(decoded))
}

/// Terraform's bytes come from Go's own deflate implementation, which Tollgate does not reproduce.
fn base64gzip(ctx: &Ctx, _args: Vec<Value>) -> Result<Value, FunctionError> {
    Ok(Value::unknown(UnknownReason::Expression, "base64gzip(...)", ctx.span))
}

/// `csvdecode`: Go's encoding/csv rules (RFC 4180 quoting, every record as wide as the header),
/// the first record naming the attributes of the objects that follow.
fn csvdecode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let records = parse_csv(text(&args[0])).map_err(|e| ctx.fail(e))?;
    let mut records = records.into_iter();
    let Some((_, header)) = records.next() else {
        return Err(ctx.fail("missing header line"));
    };
    for (i, name) in header.iter().enumerate() {
        if header[..i].contains(name) {
            return Err(ctx.fail(format!("duplicate column name {}", crate::sets::go_quote(name))));
        }
    }
    let mut rows = Vec::new();
    for (line, record) in records {
        if record.len() != header.len() {
            return Err(ctx.fail(format!("CSV parse error on line {line}: wrong number of fields")));
        }
        let entries = header.iter().zip(record).map(|(k, v)| ctx.entry(k.clone(), ctx.string(v))).collect();
        rows.push(ctx.map(entries));
    }
    Ok(ctx.list(rows))
}

/// Records with the line each starts on; blank lines are skipped.
fn parse_csv(input: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let normalized = input.replace("\r\n", "\n");
    let chars: Vec<char> = normalized.chars().collect();
    let mut records = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < chars.len() {
        if chars[i] == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        let start_line = line;
        let mut record = Vec::new();
        loop {
            let mut field = String::new();
            if chars.get(i) == Some(&'"') {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(format!(
                                "CSV parse error on line {start_line}: extraneous or missing \" in quoted-field"
                            ))
                        }
                        Some('"') if chars.get(i + 1) == Some(&'"') => {
                            field.push('"');
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(c) => {
                            if *c == '\n' {
                                line += 1;
                            }
                            field.push(*c);
                            i += 1;
                        }
                    }
                }
                if !matches!(chars.get(i), None | Some(',') | Some('\n')) {
                    return Err(format!("CSV parse error on line {line}: extraneous or missing \" in quoted-field"));
                }
            } else {
                while let Some(c) = chars.get(i) {
                    match c {
                        ',' | '\n' => break,
                        '"' => return Err(format!("CSV parse error on line {line}: bare \" in non-quoted-field")),
                        c => field.push(*c),
                    }
                    i += 1;
                }
            }
            record.push(field);
            match chars.get(i) {
                Some(',') => i += 1,
                Some('\n') => {
                    line += 1;
                    i += 1;
                    break;
                }
                _ => break,
            }
        }
        records.push((start_line, record));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn json_encoding_matches_go() {
        let v = map(vec![
            ("b", num(1)),
            ("a", list(vec![s("<x>&\u{2028}\u{8}\u{1}é"), null(), boolean(false), float(1.5e-7)])),
        ]);
        assert_eq!(
            json_encode(&v).unwrap(),
            r#"{"a":["\u003cx\u003e\u0026\u2028\b\u0001é",null,false,0.00000015],"b":1}"#
        );
        assert_eq!(ok("jsonencode", vec![null()]), s("null"));
        assert_eq!(ok("jsonencode", vec![float(1e20)]), s("100000000000000000000"));
        assert!(ok("jsonencode", vec![list(vec![unknown("x")])]).is_unknown());
        assert!(ok("jsonencode", vec![unknown("x")]).is_unknown());
        assert!(err("jsonencode", vec![float(f64::INFINITY)]).contains("infinity"));
    }

    #[test]
    fn an_unknown_json_document_keeps_what_it_encodes() {
        let document = map(vec![("Action", s("s3:GetObject")), ("Resource", unknown("aws_s3_bucket.b.arn"))]);
        let encoded = ok("jsonencode", vec![document.clone()]);
        let ValueKind::Unknown(u) = &encoded.kind else { panic!("{encoded:?}") };
        assert_eq!(u.encodes.as_deref(), Some(&document));
        let ValueKind::Unknown(whole) = ok("jsonencode", vec![unknown("var.policy")]).kind else { panic!() };
        assert_eq!(whole.encodes, None, "a wholly unknown value encodes nothing known");
        // Another function of the document is another text: it does not encode the document.
        let ValueKind::Unknown(derived) = ok("base64encode", vec![encoded]).kind else { panic!() };
        assert_eq!(derived.encodes, None);
    }

    #[test]
    fn json_decoding() {
        let decoded = ok("jsondecode", vec![s(r#"{"b":1,"a":[1,2.5,"x",null,true],"a":[2]}"#)]);
        assert_eq!(decoded, map(vec![("a", list(vec![num(2)])), ("b", num(1))]));
        assert_eq!(ok("jsondecode", vec![s(" \"x\" ")]), s("x"));
        assert!(err("jsondecode", vec![s("[1,]")]).contains("jsondecode"));
        assert!(err("jsondecode", vec![s("")]).contains("EOF"));
        assert!(err("jsondecode", vec![s("1 2")]).contains("jsondecode"));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(err("jsondecode", vec![s(&deep)]).contains("jsondecode"));
    }

    #[test]
    fn base64_round_trip() {
        assert_eq!(ok("base64encode", vec![s("Hello World")]), s("SGVsbG8gV29ybGQ="));
        assert_eq!(ok("base64decode", vec![s("SGVsbG8gV29ybGQ=")]), s("Hello World"));
        assert_eq!(ok("base64decode", vec![s("aGVsbG8=\n")]), s("hello"));
        assert_eq!(ok("base64decode", vec![s("aGVsbG9=")]), s("hello"));
        assert!(err("base64decode", vec![s("aGVsbG8")]).contains("failed to decode"));
        assert!(err("base64decode", vec![s("/w==")]).contains("not valid UTF-8"));
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert!(ok("base64gzip", vec![s("x")]).is_unknown());
    }

    #[test]
    fn urlencode_is_query_escape() {
        assert_eq!(ok("urlencode", vec![s("a b&c=d/é~_.-*")]), s("a+b%26c%3Dd%2F%C3%A9~_.-%2A"));
    }

    #[test]
    fn csv() {
        let rows = ok("csvdecode", vec![s("a,b\n\"x,\"\"y\",2\r\n\n5,6")]);
        assert_eq!(
            rows,
            list(vec![map(vec![("a", s("x,\"y")), ("b", s("2"))]), map(vec![("a", s("5")), ("b", s("6"))])])
        );
        assert_eq!(ok("csvdecode", vec![s("a,b")]), list(vec![]));
        assert!(err("csvdecode", vec![s("a,b\n1,2,3")]).contains("line 2: wrong number of fields"));
        assert!(err("csvdecode", vec![s("")]).contains("missing header"));
        assert!(err("csvdecode", vec![s("a,a\n1,2")]).contains("duplicate column name \"a\""));
        assert!(err("csvdecode", vec![s("a,b\n1,x\"y")]).contains("bare \""));
    }
}
