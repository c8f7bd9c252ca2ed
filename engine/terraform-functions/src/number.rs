//! Numbers as Terraform writes, parses and compares them.
//!
//! Terraform numbers are 512-bit floats; Tollgate's are `i64` or `f64`. Integers are exact either way;
//! fractions agree to f64 precision. Where a function adds numbers (`sum`, `range`) it does so in
//! exact decimal when the operands allow, so `sum([0.1, 0.2])` is `0.3` as in Terraform.

use std::cmp::Ordering;
use tollgate_model::Number;

/// The number as Terraform's `tostring` writes it: all digits, no exponent (`1e20` is
/// `100000000000000000000`, `1.5e-7` is `0.00000015`).
pub fn format_number(n: Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Float(f) if f.is_nan() => "NaN".into(),
        Number::Float(f) if f.is_infinite() => if f > 0.0 { "+Inf" } else { "-Inf" }.into(),
        // Rust's Display is the shortest round-trip form without exponent, as Go's Text('f', -1).
        Number::Float(f) => format!("{f}"),
    }
}

/// Parses a number as Terraform converts a string to one: decimal only, optional sign, fraction and
/// exponent (`"1e3"`, `".5"`, `"5."`, `"+5"`, `"Inf"`); no spaces, underscores or hex.
pub fn parse_number(text: &str) -> Option<Number> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if unsigned == "Inf" || unsigned == "inf" {
        let f = if text.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY };
        return Some(Number::Float(f));
    }
    if !is_decimal_literal(unsigned) {
        return None;
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Number::Int(i));
        }
    }
    text.parse::<f64>().ok().map(number_from_f64)
}

/// `digits [. digits] [e [+-] digits]` or `. digits [...]`, at least one mantissa digit.
fn is_decimal_literal(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, f),
        None => (mantissa, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mantissa_ok && exponent_ok
}

/// A float as Tollgate stores numbers: `Int` when it is an integer that `i64` holds exactly.
pub fn number_from_f64(f: f64) -> Number {
    // 2^63 itself does not fit; integers below 2^53 are exact either way.
    if f.fract() == 0.0 && f.abs() < 9.223_372_036_854_775e18 && !(f == 0.0 && f.is_sign_negative()) {
        Number::Int(f as i64)
    } else {
        Number::Float(f)
    }
}

/// Numeric order (integers compared exactly).
pub fn compare(a: Number, b: Number) -> Ordering {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => x.cmp(&y),
        _ => a.as_f64().partial_cmp(&b.as_f64()).unwrap_or(Ordering::Equal),
    }
}

pub fn equal(a: Number, b: Number) -> bool {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// The number as an exact integer, when it is one.
pub fn as_integer(n: Number) -> Option<i64> {
    match n {
        Number::Int(i) => Some(i),
        Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.223_372_036_854_775e18 => Some(f as i64),
        Number::Float(_) => None,
    }
}

/// A decimal `mantissa / 10^scale`, for exact sums of decimal literals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// The decimal a number was written as (its shortest round-trip form), when it is finite and small
    /// enough to hold exactly.
    pub(crate) fn from_number(n: Number) -> Option<Decimal> {
        let text = match n {
            Number::Int(i) => return Some(Decimal { mantissa: i as i128, scale: 0 }),
            Number::Float(f) if f.is_finite() => format!("{f}"),
            Number::Float(_) => return None,
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        if whole.len() + fraction.len() > 36 {
            return None;
        }
        let mantissa: i128 = format!("{whole}{fraction}").parse().ok()?;
        Some(Decimal { mantissa, scale: fraction.len() as u32 })
    }

    pub(crate) fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other.mantissa.checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some(Decimal { mantissa: a.checked_add(b)?, scale })
    }

    pub(crate) fn to_number(self) -> Number {
        if self.scale == 0 {
            if let Ok(i) = i64::try_from(self.mantissa) {
                return Number::Int(i);
            }
        }
        let f: f64 = format!("{}e-{}", self.mantissa, self.scale).parse().unwrap_or(f64::NAN);
        number_from_f64(f)
    }
}

/// Go's `%g` rendering of a number: with `Some(precision)` significant digits (trailing zeros
/// dropped; rounded as Terraform's 512-bit value rounds), or with `None` the shortest digits that
/// round-trip (`%v` of a number). The `%e` form is used when the exponent is below -4 or not below
/// the precision (6 when shortest).
pub(crate) fn format_g(n: Number, precision: Option<usize>) -> String {
    let f = n.as_f64();
    if !f.is_finite() {
        return format_number(Number::Float(f));
    }
    let (negative, digits, exponent) = match precision {
        Some(p) => match crate::bigfloat::Exact::of(n) {
            Some(exact) => {
                let (digits, exponent) = exact.significant(p.max(1));
                (exact.is_negative(), digits, exponent as i32)
            }
            None => return format_number(n),
        },
        None => {
            if f == 0.0 {
                return if f.is_sign_negative() { "-0".into() } else { "0".into() };
            }
            let sci = format!("{f:e}");
            let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
            let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
            (f.is_sign_negative(), digits, exponent.parse().unwrap_or(0))
        }
    };
    g_layout(negative, &digits, exponent, precision)
}

/// Lays significant `digits` (first digit at 10^`exponent`) out as Go's `%g` does.
fn g_layout(negative: bool, digits: &str, exponent: i32, precision: Option<usize>) -> String {
    let digits = digits.trim_end_matches('0');
    let (digits, exponent) = if digits.is_empty() { ("0", 0) } else { (digits, exponent) };
    let sign = if negative { "-" } else { "" };
    let nd = digits.len() as i32;
    let point = exponent + 1; // digits before the decimal point
    let eprec = match precision {
        None => 6,
        Some(p) if (p as i32) > nd && nd >= point => nd,
        Some(p) => p as i32,
    };
    if exponent < -4 || exponent >= eprec {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{rest}e{exp_sign}{:02}", exponent.abs());
    }
    if point <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= nd {
        format!("{sign}{digits}{}", "0".repeat((point - nd) as usize))
    } else {
        let (w, f) = digits.split_at(point as usize);
        format!("{sign}{w}.{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_without_exponent() {
        assert_eq!(format_number(Number::Float(1e20)), "100000000000000000000");
        assert_eq!(format_number(Number::Float(1.5e-7)), "0.00000015");
        assert_eq!(format_number(Number::Float(1.5)), "1.5");
        assert_eq!(format_number(Number::Int(-3)), "-3");
    }

    #[test]
    fn parses_decimal_literals_only() {
        assert_eq!(parse_number("1e3"), Some(Number::Int(1000)));
        assert_eq!(parse_number("5."), Some(Number::Int(5)));
        assert_eq!(parse_number(".5"), Some(Number::Float(0.5)));
        assert_eq!(parse_number("+5"), Some(Number::Int(5)));
        assert_eq!(parse_number("00012"), Some(Number::Int(12)));
        for bad in ["0x10", " 5", "1_000", "abc", ".", "1e", "e5", "nan", "infinity", ""] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimal_sums_are_exact() {
        let sum = [0.1, 0.2, 0.3]
            .iter()
            .map(|f| Decimal::from_number(Number::Float(*f)).unwrap())
            .try_fold(Decimal::from_number(Number::Int(0)).unwrap(), |a, b| a.checked_add(b))
            .unwrap();
        assert_eq!(sum.to_number(), Number::Float(0.6));
    }

    #[test]
    fn g_format_matches_go() {
        assert_eq!(format_g(Number::Float(1.0), Some(10)), "1");
        assert_eq!(format_g(Number::Float(10.0), Some(10)), "10");
        assert_eq!(format_g(Number::Float(1e20), Some(10)), "1e+20");
        assert_eq!(format_g(Number::Float(1.5), Some(10)), "1.5");
        assert_eq!(format_g(Number::Float(0.1), Some(10)), "0.1");
        assert_eq!(format_g(Number::Float(1234567.0), Some(6)), "1.23457e+06");
        assert_eq!(format_g(Number::Float(123456.0), Some(6)), "123456");
        assert_eq!(format_g(Number::Float(0.00001), None), "1e-05");
        assert_eq!(format_g(Number::Float(0.0001), None), "0.0001");
        assert_eq!(format_g(Number::Float(1234567.0), None), "1.234567e+06");
        assert_eq!(format_g(Number::Float(1000000.0), None), "1e+06");
    }
}
