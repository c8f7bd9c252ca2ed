//! Kubernetes resource quantities (`250m`, `1.5Gi`, `2e3`, `128974848`), parsed exactly as the
//! API's `resource.Quantity` grammar defines them, for whatever adds up requests and limits (the
//! quota rules, the Kubernetes cost allocation).
//!
//! Grammar (Kubernetes API reference, "Quantity"): `<signedNumber><suffix>`, where the number is
//! `digits`, `digits.digits`, `digits.` or `.digits`, and the suffix is a binary SI suffix
//! (`Ki Mi Gi Ti Pi Ei`, powers of 1024), a decimal SI suffix (`n u m "" k M G T P E`) or a
//! decimal exponent (`e<int>` / `E<int>`). A quantity is kept as an integer count of
//! nano-units; a finer fraction is rounded up, as the API rounds it.

use std::fmt;
use tollgate_model::{Lookup, Number, Value, ValueKind};

const NANOS_PER_UNIT: i128 = 1_000_000_000;

/// An exact quantity, in nano-units (1 CPU = 10^9, 1 byte = 10^9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Quantity(i128);

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    /// Parses a quantity as the API does; `Err` says why the text is not one.
    pub fn parse(text: &str) -> Result<Quantity, String> {
        let text = text.trim();
        let invalid = || format!("`{text}` is not a Kubernetes quantity");
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let number_len = unsigned.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(unsigned.len());
        let (number, suffix) = unsigned.split_at(number_len);
        let (mantissa, fraction_digits) = read_number(number).ok_or_else(invalid)?;
        let scale = read_suffix(suffix).ok_or_else(invalid)?;
        let nanos = scale.apply(mantissa, fraction_digits).ok_or_else(|| format!("`{text}` is too large"))?;
        Ok(Quantity(if negative { -nanos } else { nanos }))
    }

    /// The quantity in nano-units (1 CPU = 10^9, 1 byte = 10^9): exact, for conversions.
    pub fn nanos(self) -> i128 {
        self.0
    }

    /// A whole number of units (a replica count, an object count).
    pub fn units(n: u64) -> Quantity {
        Quantity(i128::from(n) * NANOS_PER_UNIT)
    }

    pub fn checked_add(self, other: Quantity) -> Option<Quantity> {
        self.0.checked_add(other.0).map(Quantity)
    }

    pub fn saturating_sub(self, other: Quantity) -> Quantity {
        Quantity(self.0.saturating_sub(other.0))
    }

    pub fn checked_mul(self, times: u64) -> Option<Quantity> {
        self.0.checked_mul(i128::from(times)).map(Quantity)
    }

    /// `self` as a percentage of `whole`, rounded down (`None` for a zero whole).
    pub fn percent_of(self, whole: Quantity) -> Option<i128> {
        (whole.0 != 0).then(|| self.0.saturating_mul(100) / whole.0)
    }

    /// How many times `self` is `other` (`limit / request`), `None` for a zero `other`.
    pub fn ratio_exceeds(self, other: Quantity, ratio: Quantity) -> Option<bool> {
        // limit / request > ratio  <=>  limit > ratio * request (all in nano-units).
        let scaled = ratio.0.checked_mul(other.0)? / NANOS_PER_UNIT;
        (other.0 != 0).then_some(self.0 > scaled)
    }

    /// The quantity as a user would write it for `resource`: CPU in cores or millicores,
    /// byte counts with the largest binary suffix that divides them, counts as numbers.
    pub fn display_for(self, resource: &str) -> String {
        let whole = self.0 % NANOS_PER_UNIT == 0;
        if resource.ends_with("cpu") || !whole {
            return self.to_string();
        }
        let units = self.0 / NANOS_PER_UNIT;
        let is_bytes = resource.ends_with("memory") || resource.ends_with("storage");
        let binary = [("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10)];
        match binary.iter().find(|(_, shift)| is_bytes && units != 0 && units % (1i128 << shift) == 0) {
            Some((suffix, shift)) => format!("{}{suffix}", units >> shift),
            None => units.to_string(),
        }
    }
}

/// Cores (`4`), millicores (`250m`) or nano-units (`5n`): the shortest exact form.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % NANOS_PER_UNIT == 0 {
            write!(f, "{}", self.0 / NANOS_PER_UNIT)
        } else if self.0 % 1_000_000 == 0 {
            write!(f, "{}m", self.0 / 1_000_000)
        } else {
            write!(f, "{}n", self.0)
        }
    }
}

/// The digits of `number` as one integer and how many of them follow the point.
fn read_number(number: &str) -> Option<(i128, u32)> {
    let (int, fraction) = number.split_once('.').unwrap_or((number, ""));
    if (int.is_empty() && fraction.is_empty()) || fraction.contains('.') {
        return None;
    }
    let digits = format!("{int}{fraction}");
    let digits = digits.trim_start_matches('0');
    // A long run of digits overflows honestly rather than wrapping.
    let mantissa = if digits.is_empty() { 0 } else { digits.parse::<i128>().ok()? };
    Some((mantissa, u32::try_from(fraction.len()).ok()?))
}

/// What a suffix multiplies by.
enum Scale {
    /// 10^exponent
    Decimal(i32),
    /// 2^exponent
    Binary(u32),
}

fn read_suffix(suffix: &str) -> Option<Scale> {
    Some(match suffix {
        "" => Scale::Decimal(0),
        "n" => Scale::Decimal(-9),
        "u" => Scale::Decimal(-6),
        "m" => Scale::Decimal(-3),
        "k" => Scale::Decimal(3),
        "M" => Scale::Decimal(6),
        "G" => Scale::Decimal(9),
        "T" => Scale::Decimal(12),
        "P" => Scale::Decimal(15),
        "E" => Scale::Decimal(18),
        "Ki" => Scale::Binary(10),
        "Mi" => Scale::Binary(20),
        "Gi" => Scale::Binary(30),
        "Ti" => Scale::Binary(40),
        "Pi" => Scale::Binary(50),
        "Ei" => Scale::Binary(60),
        _ => {
            let exponent = suffix.strip_prefix(['e', 'E'])?;
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Scale::Decimal(exponent.parse().ok()?)
        }
    })
}

impl Scale {
    /// `mantissa / 10^fraction_digits * scale` in nano-units, rounded up; `None` on overflow.
    fn apply(&self, mantissa: i128, fraction_digits: u32) -> Option<i128> {
        let (numerator, exponent) = match self {
            Scale::Decimal(e) => (mantissa, i64::from(*e)),
            Scale::Binary(shift) => (mantissa.checked_mul(1i128.checked_shl(*shift)?)?, 0),
        };
        let exponent = exponent + 9 - i64::from(fraction_digits);
        if exponent >= 0 {
            let factor = 10i128.checked_pow(u32::try_from(exponent).ok()?)?;
            return numerator.checked_mul(factor);
        }
        let divisor = match 10i128.checked_pow(u32::try_from(-exponent).ok()?) {
            Some(d) => d,
            // Smaller than a nano-unit: rounds up to one, or stays zero.
            None => return Some(i128::from(numerator != 0)),
        };
        Some((numerator + divisor - 1) / divisor)
    }
}

/// A quantity setting as read from a manifest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount<'a> {
    /// Not set (absent or `null`).
    Unset,
    Set(Quantity, &'a Value),
    /// Unknown, or not a valid quantity: either way the figure is not known.
    Unknown(&'a Value),
}

impl<'a> Amount<'a> {
    /// Reads a quantity written as a string (`"500m"`) or a YAML number (`2`, `0.5`).
    pub fn read(lookup: Lookup<'a>) -> Amount<'a> {
        let value = match lookup {
            Lookup::Absent => return Amount::Unset,
            Lookup::Unknown(v) => return Amount::Unknown(v),
            Lookup::Known(v) => v,
        };
        let parsed = match &value.kind {
            ValueKind::Null => return Amount::Unset,
            ValueKind::String(s) => Quantity::parse(s),
            ValueKind::Number(Number::Int(i)) => Quantity::parse(&i.to_string()),
            // The shortest text that reads back as the same float: what the YAML said.
            ValueKind::Number(Number::Float(f)) => Quantity::parse(&f.to_string()),
            _ => Err(String::new()),
        };
        match parsed {
            Ok(q) => Amount::Set(q, value),
            Err(_) => Amount::Unknown(value),
        }
    }

    pub fn is_unset(self) -> bool {
        matches!(self, Amount::Unset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nanos(text: &str) -> i128 {
        Quantity::parse(text).unwrap_or_else(|e| panic!("{e}")).0
    }

    #[test]
    fn every_suffix_reads_exactly() {
        assert_eq!(nanos("250m"), 250_000_000);
        assert_eq!(nanos("1"), NANOS_PER_UNIT);
        assert_eq!(nanos("1.5"), 1_500_000_000);
        assert_eq!(nanos("0.1"), 100_000_000);
        assert_eq!(nanos(".5"), 500_000_000);
        assert_eq!(nanos("2."), 2 * NANOS_PER_UNIT);
        assert_eq!(nanos("100n"), 100);
        assert_eq!(nanos("3u"), 3_000);
        assert_eq!(nanos("1k"), 1_000 * NANOS_PER_UNIT);
        assert_eq!(nanos("128M"), 128_000_000 * NANOS_PER_UNIT);
        assert_eq!(nanos("2G"), 2_000_000_000 * NANOS_PER_UNIT);
        assert_eq!(nanos("1T"), 10i128.pow(12) * NANOS_PER_UNIT);
        assert_eq!(nanos("1P"), 10i128.pow(15) * NANOS_PER_UNIT);
        assert_eq!(nanos("1E"), 10i128.pow(18) * NANOS_PER_UNIT);
        assert_eq!(nanos("1Ki"), 1024 * NANOS_PER_UNIT);
        assert_eq!(nanos("129Mi"), 129 * (1 << 20) * NANOS_PER_UNIT);
        assert_eq!(nanos("1.5Gi"), 3 * (1 << 29) * NANOS_PER_UNIT);
        assert_eq!(nanos("1Ti"), (1i128 << 40) * NANOS_PER_UNIT);
        assert_eq!(nanos("1Pi"), (1i128 << 50) * NANOS_PER_UNIT);
        assert_eq!(nanos("1Ei"), (1i128 << 60) * NANOS_PER_UNIT);
        assert_eq!(nanos("123e6"), 123_000_000 * NANOS_PER_UNIT);
        assert_eq!(nanos("1.29e8"), 129_000_000 * NANOS_PER_UNIT);
        assert_eq!(nanos("12E-3"), 12_000_000);
        assert_eq!(nanos("5e+2"), 500 * NANOS_PER_UNIT);
        assert_eq!(nanos("+2"), 2 * NANOS_PER_UNIT);
        assert_eq!(nanos("-1"), -NANOS_PER_UNIT);
        assert_eq!(nanos(" 64Mi "), 64 * (1 << 20) * NANOS_PER_UNIT);
        assert_eq!(nanos("0"), 0);
    }

    #[test]
    fn finer_than_a_nano_unit_rounds_up() {
        assert_eq!(nanos("0.1n"), 1);
        assert_eq!(nanos("1.0000000001"), NANOS_PER_UNIT + 1);
        assert_eq!(nanos("1e-30"), 1);
    }

    #[test]
    fn malformed_and_oversized_text_is_an_error() {
        for text in ["", "m", "1.2.3", "1mi", "1KB", "1Gb", "1e", "1e+", "1e1.5", "abc", "0x10", "1 Gi", "--1", "1ki"] {
            assert!(Quantity::parse(text).is_err(), "`{text}` should not parse");
        }
        assert!(Quantity::parse("1e40").unwrap_err().contains("too large"));
        assert!(Quantity::parse("99999999999999999999999999999999999999999").is_err());
    }

    #[test]
    fn display_uses_the_units_users_write() {
        let q = |t: &str| Quantity::parse(t).unwrap_or_default();
        assert_eq!(q("1500m").display_for("requests.cpu"), "1500m");
        assert_eq!(q("2").display_for("limits.cpu"), "2");
        assert_eq!(q("1536Mi").display_for("requests.memory"), "1536Mi");
        assert_eq!(q("2Gi").display_for("memory"), "2Gi");
        assert_eq!(q("1G").display_for("memory"), "1000000000");
        assert_eq!(q("12").display_for("pods"), "12");
        assert_eq!(q("100n").display_for("cpu"), "100n");
    }

    #[test]
    fn arithmetic_and_comparisons_are_exact() {
        let q = |t: &str| Quantity::parse(t).unwrap_or_default();
        assert_eq!(q("500m").checked_mul(3), Some(q("1.5")));
        assert_eq!(q("512Mi").checked_add(q("512Mi")), Some(q("1Gi")));
        assert_eq!(q("5").percent_of(q("4")), Some(125));
        assert_eq!(q("5").percent_of(Quantity::ZERO), None);
        assert_eq!(q("2").ratio_exceeds(q("500m"), q("4")), Some(false));
        assert_eq!(q("2001m").ratio_exceeds(q("500m"), q("4")), Some(true));
        assert_eq!(q("1").ratio_exceeds(Quantity::ZERO, q("4")), None);
    }
}
