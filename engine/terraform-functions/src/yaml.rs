//! `yamlencode` (see [`crate::yaml_emit`]) and `yamldecode`, which reads one YAML document as
//! Terraform's cty-yaml does: YAML 1.1 booleans (`yes`, `on`, `n`...) and nulls (`~`), integers in
//! decimal, `0o` octal and `0x` hex, floats and `.inf`, timestamps rewritten as RFC 3339 strings,
//! quoted scalars always strings, anchors, aliases and `<<` merge keys, mapping keys as strings.

use crate::number::{format_number, number_from_f64, parse_number};
use crate::support::text;
use crate::types::MAX_DEPTH;
use crate::{param, Ctx, FunctionError, Spec, P};
use granit_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::HashMap;
use tollgate_model::{MapEntry, Number, Value, ValueKind};

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("yamlencode", &[param("value", P::Any).nullable()], yamlencode),
    Spec::new("yamldecode", &[param("src", P::String)], yamldecode),
];

fn yamlencode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(unknown) = ctx.unknown_if_any(&args) {
        return Ok(unknown);
    }
    crate::yaml_emit::encode(&args[0]).map(|s| ctx.string(s)).map_err(|e| ctx.fail(e))
}

fn yamldecode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let mut decoder = Decoder { ctx, anchors: HashMap::new(), budget: MAX_NODES };
    decoder.document(text(&args[0])).map_err(|e| ctx.fail(e))
}

/// Nodes one document may expand to (aliases included), so that alias bombs stop early.
const MAX_NODES: usize = 1_000_000;

/// A decoded node, or a `<<` merge key.
enum Node {
    Value(Value),
    MergeKey,
}

struct Decoder<'c, 'a, 'e> {
    ctx: &'c Ctx<'a, 'e>,
    anchors: HashMap<usize, Value>,
    budget: usize,
}

type Events<'i> = Parser<'i, granit_parser::StrInput<'i>>;

impl Decoder<'_, '_, '_> {
    fn document(&mut self, src: &str) -> Result<Value, String> {
        let mut events: Events = Parser::new_from_str(src);
        let mut root = None;
        while let Some(event) = next(&mut events)? {
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::StreamEnd => {}
                Event::DocumentStart(..) if root.is_some() => return Err("unexpected extra content after value".into()),
                Event::DocumentStart(..) => {}
                other => {
                    if root.is_some() {
                        return Err("unexpected extra content after value".into());
                    }
                    root = Some(self.value(other, &mut events, 0)?);
                }
            }
        }
        root.ok_or_else(|| "missing start of document".to_string())
    }

    fn value(&mut self, event: Event, events: &mut Events, depth: usize) -> Result<Value, String> {
        match self.node(event, events, depth)? {
            Node::Value(v) => Ok(v),
            Node::MergeKey => Ok(self.ctx.string("<<")),
        }
    }

    fn node(&mut self, event: Event, events: &mut Events, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err("the document is nested too deeply".into());
        }
        self.budget = self.budget.checked_sub(1).ok_or("the document expands to too many values")?;
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let node = resolve_scalar(self.ctx, &text, style, tag.as_deref())?;
                if let (Node::Value(v), true) = (&node, anchor > 0) {
                    self.anchors.insert(anchor, v.clone());
                }
                Ok(node)
            }
            Event::Alias(id) => {
                let value = self.anchors.get(&id).cloned().ok_or("unknown anchor referenced")?;
                let size = count_nodes(&value);
                self.budget = self.budget.checked_sub(size).ok_or("the document expands to too many values")?;
                Ok(Node::Value(value))
            }
            Event::SequenceStart(_, anchor, tag) => {
                check_collection_tag(tag.as_deref(), "seq")?;
                let mut items = Vec::new();
                loop {
                    match next(events)?.ok_or("unexpected end of document")? {
                        Event::SequenceEnd => break,
                        item => items.push(self.value(item, events, depth + 1)?),
                    }
                }
                let value = self.ctx.list(items);
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok(Node::Value(value))
            }
            Event::MappingStart(_, anchor, tag) => {
                check_collection_tag(tag.as_deref(), "map")?;
                let value = self.mapping(events, depth)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok(Node::Value(value))
            }
            _ => Err("unexpected YAML event".into()),
        }
    }

    fn mapping(&mut self, events: &mut Events, depth: usize) -> Result<Value, String> {
        let mut explicit: Vec<MapEntry> = Vec::new();
        let mut merged: Vec<MapEntry> = Vec::new();
        loop {
            let key_event = next(events)?.ok_or("unexpected end of document")?;
            if matches!(key_event, Event::MappingEnd) {
                break;
            }
            let key = self.node(key_event, events, depth + 1)?;
            let value_event = next(events)?.ok_or("unexpected end of document")?;
            let value = self.value(value_event, events, depth + 1)?;
            match key {
                Node::MergeKey => merged.extend(merge_sources(value)?),
                Node::Value(key) => {
                    let name = key_string(&key)?;
                    explicit.push(MapEntry { key: name, key_span: self.ctx.span, value });
                }
            }
        }
        // Explicit keys win over merged ones; among merged maps the first wins.
        let mut entries: Vec<MapEntry> = Vec::new();
        for entry in merged.into_iter().rev().chain(explicit) {
            entries.retain(|e| e.key != entry.key);
            entries.push(entry);
        }
        Ok(self.ctx.map(entries))
    }
}

fn next<'i>(events: &mut Events<'i>) -> Result<Option<Event<'i>>, String> {
    match events.next_event() {
        None => Ok(None),
        Some(Ok((event, _))) => Ok(Some(event)),
        Some(Err(e)) => Err(e.to_string()),
    }
}

fn count_nodes(value: &Value) -> usize {
    match &value.kind {
        ValueKind::List(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        ValueKind::Map(entries) => 1 + entries.iter().map(|e| count_nodes(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

/// The entries a `<<` value merges in: a mapping, or a sequence of mappings (earlier first).
fn merge_sources(value: Value) -> Result<Vec<MapEntry>, String> {
    match value.kind {
        ValueKind::Map(entries) => Ok(entries),
        ValueKind::List(items) => {
            let mut out = Vec::new();
            for item in items.into_iter().rev() {
                match item.kind {
                    ValueKind::Map(entries) => out.extend(entries),
                    _ => return Err("map merge requires map or sequence of maps as the value".into()),
                }
            }
            Ok(out)
        }
        _ => Err("map merge requires map or sequence of maps as the value".into()),
    }
}

/// Mapping keys become strings: numbers and bools as Terraform writes them; null is refused.
fn key_string(key: &Value) -> Result<String, String> {
    match &key.kind {
        ValueKind::String(s) => Ok(s.clone()),
        ValueKind::Number(n) => Ok(format_number(*n)),
        ValueKind::Bool(b) => Ok(b.to_string()),
        ValueKind::Null => Err("mapping key cannot be null".into()),
        _ => Err("only strings are allowed as mapping keys".into()),
    }
}

const CORE: &str = "tag:yaml.org,2002:";

fn check_collection_tag(tag: Option<&Tag>, expected: &str) -> Result<(), String> {
    match tag {
        None => Ok(()),
        Some(t) if t.handle() == CORE && t.suffix() == expected => Ok(()),
        Some(t) if t.handle() == "!" && t.suffix().is_empty() => Ok(()),
        Some(t) => Err(format!("unsupported tag {:?}", show_tag(t))),
    }
}

fn show_tag(tag: &Tag) -> String {
    match tag.handle() {
        CORE => format!("!!{}", tag.suffix()),
        handle => format!("{handle}{}", tag.suffix()),
    }
}

/// The tag a scalar asks for: `None` for an untagged plain scalar, `Some("")` for the
/// non-specific `!`, else the core schema name (`str`, `int`...).
fn scalar_tag(tag: Option<&Tag>) -> Result<Option<String>, String> {
    match tag {
        None => Ok(None),
        Some(t) if t.handle() == "!" && t.suffix().is_empty() => Ok(Some("str".into())),
        Some(t) if t.handle() == CORE => match t.suffix() {
            s @ ("str" | "bool" | "int" | "float" | "null" | "timestamp" | "binary") => Ok(Some(s.to_string())),
            _ => Err(format!("unsupported tag {:?}", show_tag(t))),
        },
        Some(t) => Err(format!("unsupported tag {:?}", show_tag(t))),
    }
}

/// cty-yaml's scalar resolution.
fn resolve_scalar(ctx: &Ctx, src: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Node, String> {
    let mut tag = scalar_tag(tag)?;
    let string = || Ok(Node::Value(ctx.string(src)));
    let tagged = |t: &str| tag.as_deref() == Some(t);
    let hint = match src.as_bytes().first() {
        None => Some('N'),
        Some(b'+' | b'-') => Some('S'),
        Some(b'0'..=b'9') => Some('D'),
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => Some('M'),
        Some(b'.') => Some('.'),
        _ => None,
    };
    if hint.is_some() && !tagged("str") && !tagged("binary") {
        if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
            return string();
        }
        if let Some(v) = special(ctx, src) {
            return Ok(Node::Value(v));
        }
        if tag.is_none() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err("floating point NaN is not supported".into());
        }
        match hint {
            Some('.') => {
                if let Some(n) = parse_number(src) {
                    return Ok(Node::Value(ctx.number(n)));
                }
            }
            Some('D' | 'S') => {
                if tag.is_none() || tagged("timestamp") {
                    if let Some(t) = crate::time::yaml_timestamp(src) {
                        return Ok(Node::Value(ctx.string(t)));
                    }
                }
                if is_integer_literal(src) {
                    tag = Some("int".into());
                } else if is_float_literal(src) {
                    tag = Some("float".into());
                }
            }
            _ => {}
        }
    }
    if tag.is_none() && src == "<<" {
        return Ok(Node::MergeKey);
    }
    let cannot = |t: &str| format!("cannot parse {src:?} as {CORE}{t}");
    match tag.as_deref() {
        None | Some("str") => string(),
        Some("binary") if crate::encoding::base64_decode(src).is_some() => string(),
        Some("binary") => Err(format!("cannot parse {src:?} as {CORE}binary: not valid base64")),
        Some("bool") => match special(ctx, src) {
            Some(v) if matches!(v.kind, ValueKind::Bool(_)) => Ok(Node::Value(v)),
            _ => Err(cannot("bool")),
        },
        Some(t @ ("int" | "float")) => {
            let plain = src.replace('_', "");
            parse_number(&plain)
                .or_else(|| go_parse_int(&plain))
                .map(|n| Node::Value(ctx.number(n)))
                .ok_or_else(|| cannot(t))
        }
        Some("timestamp") => {
            crate::time::yaml_timestamp(src).map(|t| Node::Value(ctx.string(t))).ok_or_else(|| cannot("timestamp"))
        }
        Some("null") => Ok(Node::Value(ctx.null())),
        Some(other) => Err(format!("unsupported tag {other:?}")),
    }
}

/// The YAML 1.1 words cty-yaml knows: booleans, nulls, infinities.
fn special(ctx: &Ctx, src: &str) -> Option<Value> {
    Some(match src {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => ctx.boolean(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => ctx.boolean(false),
        "" | "~" | "null" | "Null" | "NULL" => ctx.null(),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => ctx.number(Number::Float(f64::INFINITY)),
        "-.inf" | "-.Inf" | "-.INF" => ctx.number(Number::Float(f64::NEG_INFINITY)),
        _ => return None,
    })
}

/// Decimal with an optional sign, `0o` octal or `0x` hexadecimal.
fn is_integer_literal(s: &str) -> bool {
    let digits = |t: &str, ok: fn(u8) -> bool| !t.is_empty() && t.bytes().all(ok);
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    digits(unsigned, |b| b.is_ascii_digit())
        || s.strip_prefix("0o").is_some_and(|t| digits(t, |b| (b'0'..=b'7').contains(&b)))
        || s.strip_prefix("0x").is_some_and(|t| digits(t, |b| b.is_ascii_hexdigit()))
}

fn is_float_literal(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    !unsigned.starts_with(['+', '-']) && parse_number(s).is_some() && !unsigned.starts_with(['I', 'i'])
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint`: `0x`, `0o`, `0b` and leading-zero octal.
fn go_parse_int(s: &str) -> Option<Number> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    match (negative, i64::try_from(magnitude)) {
        (false, Ok(i)) => Some(Number::Int(i)),
        (true, _) if magnitude <= i64::MAX as u64 + 1 => Some(Number::Int((magnitude as i128).wrapping_neg() as i64)),
        (false, Err(_)) => Some(number_from_f64(magnitude as f64)),
        (true, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn yaml_1_1_scalars() {
        let doc = "a: yes\nb: on\nc: 0x10\nd: 0o10\ne: 010\nf: 1_000\nh: ~\nl: 1e3\nm: 1.5\no: \"x\"\nr: 0b11\ns: +12\nt: 1.\nu: .5\nv: 12:30:00\nz: N\nai: -0x1F";
        let v = ok("yamldecode", vec![s(doc)]);
        let get = |k: &str| v.get(k).known().unwrap().clone();
        assert_eq!(get("a"), boolean(true));
        assert_eq!(get("b"), boolean(true));
        assert_eq!(get("c"), num(16));
        assert_eq!(get("d"), num(8));
        assert_eq!(get("e"), num(10));
        assert_eq!(get("f"), s("1_000"));
        assert_eq!(get("h"), null());
        assert_eq!(get("l"), num(1000));
        assert_eq!(get("m"), float(1.5));
        assert_eq!(get("o"), s("x"));
        assert_eq!(get("r"), s("0b11"));
        assert_eq!(get("s"), num(12));
        assert_eq!(get("t"), num(1));
        assert_eq!(get("u"), float(0.5));
        assert_eq!(get("v"), s("12:30:00"));
        assert_eq!(get("z"), boolean(false));
        assert_eq!(get("ai"), s("-0x1F"));
    }

    #[test]
    fn structure_anchors_and_merges() {
        assert_eq!(
            ok("yamldecode", vec![s("- 1\n- [a, {b: c}]\n- !!str 5")]),
            list(vec![num(1), list(vec![s("a"), map(vec![("b", s("c"))])]), s("5")])
        );
        assert_eq!(ok("yamldecode", vec![s("a: &x 1\nb: *x")]), map(vec![("a", num(1)), ("b", num(1))]));
        assert_eq!(ok("yamldecode", vec![s("<<: {a: 1, b: 1}\nb: 2")]), map(vec![("a", num(1)), ("b", num(2))]));
        assert_eq!(ok("yamldecode", vec![s("a: 1\na: 2")]), map(vec![("a", num(2))]));
        assert_eq!(
            ok("yamldecode", vec![s("1: a\ntrue: b\n1.5: c")]),
            map(vec![("1", s("a")), ("1.5", s("c")), ("true", s("b"))])
        );
        assert_eq!(ok("yamldecode", vec![s("p: 2001-12-14")]), map(vec![("p", s("2001-12-14T00:00:00Z"))]));
    }

    #[test]
    fn errors() {
        assert!(err("yamldecode", vec![s("")]).contains("missing start of document"));
        assert!(err("yamldecode", vec![s("a: 1\n---\nb: 2")]).contains("extra content"));
        assert!(err("yamldecode", vec![s("[1, 2")]).contains("yamldecode"));
        assert!(err("yamldecode", vec![s("? [1]\n: 2")]).contains("only strings"));
        assert!(err("yamldecode", vec![s("~: c")]).contains("cannot be null"));
        assert!(err("yamldecode", vec![s("a: !foo bar")]).contains("unsupported tag \"!foo\""));
        assert!(err("yamldecode", vec![s("a: .nan")]).contains("NaN"));
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]";
        assert!(err("yamldecode", vec![s(bomb)]).contains("too many values"));
    }

    #[test]
    fn round_trip() {
        let v = map(vec![("a", list(vec![num(1), map(vec![("b", s("c\nd"))])]))]);
        let text = ok("yamlencode", vec![v.clone()]);
        assert_eq!(ok("yamldecode", vec![text]), v);
        assert!(ok("yamlencode", vec![list(vec![unknown("x")])]).is_unknown());
    }
}
