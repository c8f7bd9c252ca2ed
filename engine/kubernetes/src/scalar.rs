//! YAML scalars resolved the way Kubernetes resolves them.
//!
//! `kubectl` and the API machinery read YAML through `sigs.k8s.io/yaml`, a wrapper around
//! go-yaml v2, which implements YAML 1.1 scalar resolution. So, unlike YAML 1.2:
//! - `y`, `Y`, `yes`, `Yes`, `YES`, `on`, `On`, `ON` (and `true`, `True`, `TRUE`) are `true`;
//!   `n`, `N`, `no`, `No`, `NO`, `off`, `Off`, `OFF` (and the `false` forms) are `false`.
//!   Only these exact spellings: `yEs` stays a string, as in go-yaml.
//! - A leading zero means octal: `0644` is 420. `0x`, `0o` and `0b` prefixes work too, and
//!   underscores are ignored (`1_000` is 1000).
//! - Timestamps stay strings (go-yaml v2 keeps them as strings for untyped values).
//!
//! Only plain (unquoted) scalars are resolved; quoted and block scalars are always strings.
//! serde-saphyr's own resolver is YAML-1.1-compatible too but matches booleans case-insensitively
//! (`yEs` is `true` there), which is why this crate resolves scalars itself.

use tollgate_model::{Number, Value, ValueKind};

/// Resolves a scalar. `plain` is false for quoted and block scalars; `core_tag` is the YAML
/// core-schema tag name when the scalar carries one (`!!str` is `str`); `other_tag` is true when
/// it carries any other tag (`!Ref`, `!`), which go-yaml reads as a string.
pub(crate) fn resolve(text: &str, plain: bool, core_tag: Option<&str>, other_tag: bool) -> ValueKind {
    match core_tag {
        Some("null") => ValueKind::Null,
        Some(tag @ ("bool" | "int" | "float")) => match (tag, resolve_plain(text)) {
            ("bool", kind @ ValueKind::Bool(_)) | ("int", kind @ ValueKind::Number(Number::Int(_))) => kind,
            ("float", ValueKind::Number(n)) => ValueKind::Number(Number::Float(n.as_f64())),
            // Kubernetes would reject the document; keep what is written.
            _ => ValueKind::String(text.to_string()),
        },
        Some(_) => ValueKind::String(text.to_string()),
        None if other_tag || !plain => ValueKind::String(text.to_string()),
        None => resolve_plain(text),
    }
}

/// The string Kubernetes uses for a mapping key: `sigs.k8s.io/yaml` turns YAML keys into JSON
/// object keys, so `on:` becomes `"true"` and `0x10:` becomes `"16"`.
pub(crate) fn key_text(key: &Value) -> String {
    match &key.kind {
        ValueKind::String(s) => s.clone(),
        ValueKind::Null => "null".to_string(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(Number::Int(i)) => i.to_string(),
        ValueKind::Number(Number::Float(f)) => float_key(*f),
        // Kubernetes rejects non-scalar keys; keep them readable rather than failing the file.
        _ => key.to_json().to_string(),
    }
}

fn float_key(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else {
        f.to_string()
    }
}

/// go-yaml v2's resolution of an untagged plain scalar.
fn resolve_plain(text: &str) -> ValueKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ValueKind::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return ValueKind::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return ValueKind::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => return float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return float(f64::NEG_INFINITY),
        _ => {}
    }
    match text.as_bytes().first() {
        Some(b'0'..=b'9' | b'+' | b'-') => {
            let digits: String = text.chars().filter(|c| *c != '_').collect();
            if let Some(number) = go_parse_int(&digits) {
                return ValueKind::Number(number);
            }
            decimal_float(&digits).map(float).unwrap_or_else(|| ValueKind::String(text.to_string()))
        }
        Some(b'.') => decimal_float(text).map(float).unwrap_or_else(|| ValueKind::String(text.to_string())),
        _ => ValueKind::String(text.to_string()),
    }
}

fn float(f: f64) -> ValueKind {
    ValueKind::Number(Number::Float(f))
}

/// Go's `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint` for values above `i64::MAX`
/// (kept as a float, the model having no unsigned integers).
fn go_parse_int(s: &str) -> Option<Number> {
    let (negative, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(d) = unsigned.strip_prefix("0x").or_else(|| unsigned.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = unsigned.strip_prefix("0o").or_else(|| unsigned.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = unsigned.strip_prefix("0b").or_else(|| unsigned.strip_prefix("0B")) {
        (2, d)
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        (8, &unsigned[1..])
    } else {
        (10, unsigned)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        if magnitude <= i64::MAX as u64 {
            Some(Number::Int(-(magnitude as i64)))
        } else if magnitude == i64::MAX as u64 + 1 {
            Some(Number::Int(i64::MIN))
        } else {
            None
        }
    } else if let Ok(i) = i64::try_from(magnitude) {
        Some(Number::Int(i))
    } else if s.starts_with('+') {
        // ParseUint takes no sign; the float fallback still reads it.
        None
    } else {
        Some(Number::Float(magnitude as f64))
    }
}

/// go-yaml's float syntax, `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, parsed when finite
/// (Go's `ParseFloat` reports overflow as an error, and go-yaml then keeps the string).
fn decimal_float(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let int_digits = count_digits(&bytes[i..]);
    i += int_digits;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let frac_digits = count_digits(&bytes[i..]);
        if int_digits == 0 && frac_digits == 0 {
            return None;
        }
        i += frac_digits;
    } else if int_digits == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(bytes.get(i), Some(b'-' | b'+')));
        let exp_digits = count_digits(&bytes[i..]);
        if exp_digits == 0 {
            return None;
        }
        i += exp_digits;
    }
    if i != bytes.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn count_digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> ValueKind {
        resolve(s, true, None, false)
    }

    fn int(i: i64) -> ValueKind {
        ValueKind::Number(Number::Int(i))
    }

    #[test]
    fn yaml_1_1_booleans_with_exact_spellings() {
        for t in ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"] {
            assert_eq!(plain(t), ValueKind::Bool(true), "{t}");
        }
        for f in ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"] {
            assert_eq!(plain(f), ValueKind::Bool(false), "{f}");
        }
        assert_eq!(plain("yEs"), ValueKind::String("yEs".into()));
        assert_eq!(resolve("yes", false, None, false), ValueKind::String("yes".into()));
    }

    #[test]
    fn legacy_octal_hex_binary_and_underscores() {
        assert_eq!(plain("0644"), int(420));
        assert_eq!(plain("0o644"), int(420));
        assert_eq!(plain("0x1F"), int(31));
        assert_eq!(plain("0b101"), int(5));
        assert_eq!(plain("-0644"), int(-420));
        assert_eq!(plain("1_000"), int(1000));
        assert_eq!(plain("0"), int(0));
        assert_eq!(plain("-9223372036854775808"), int(i64::MIN));
        // Not valid octal: Go's ParseFloat still reads it.
        assert_eq!(plain("09"), ValueKind::Number(Number::Float(9.0)));
        assert_eq!(resolve("0644", false, None, false), ValueKind::String("0644".into()));
    }

    #[test]
    fn floats_nulls_and_strings() {
        assert_eq!(plain("1.5"), ValueKind::Number(Number::Float(1.5)));
        assert_eq!(plain("-2.5e3"), ValueKind::Number(Number::Float(-2500.0)));
        assert_eq!(plain(".5"), ValueKind::Number(Number::Float(0.5)));
        assert_eq!(plain("1e999"), ValueKind::String("1e999".into()));
        assert!(matches!(plain(".inf"), ValueKind::Number(Number::Float(f)) if f.is_infinite()));
        assert_eq!(plain("18446744073709551615"), ValueKind::Number(Number::Float(18446744073709551615.0)));
        for n in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(n), ValueKind::Null);
        }
        for s in ["2001-12-14", "12:30", "1.2.3", "-", "0x", "v1", "inf", "nan", "1e"] {
            assert_eq!(plain(s), ValueKind::String(s.into()), "{s}");
        }
    }

    #[test]
    fn tags_decide_first() {
        assert_eq!(resolve("0644", true, Some("str"), false), ValueKind::String("0644".into()));
        assert_eq!(resolve("12", false, Some("int"), false), int(12));
        assert_eq!(resolve("12", true, Some("float"), false), ValueKind::Number(Number::Float(12.0)));
        assert_eq!(resolve("abc", true, Some("int"), false), ValueKind::String("abc".into()));
        assert_eq!(resolve("yes", true, None, true), ValueKind::String("yes".into()));
    }

    #[test]
    fn keys_become_json_strings() {
        let v = |kind| Value::new(kind, Default::default());
        assert_eq!(key_text(&v(plain("on"))), "true");
        assert_eq!(key_text(&v(plain("0x10"))), "16");
        assert_eq!(key_text(&v(plain("name"))), "name");
        assert_eq!(key_text(&v(plain("~"))), "null");
    }
}
