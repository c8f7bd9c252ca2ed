//! Numbers as Terraform holds them when it formats with a precision: a decimal literal becomes the
//! nearest 512-bit binary float (cty parses numbers at 512 bits), and `%.2f`, `%e`, `%.3g` round
//! that value's exact decimal expansion half to even. Rounding the f64 instead would differ
//! where the two binary approximations fall on different sides of a tie: `format("%.1f", 0.45)`
//! is `0.4` in Terraform but `0.5` from the f64.
//!
//! A float is taken to be the decimal its shortest round-trip form spells, which is the literal
//! it came from for every literal of up to 15 significant digits.

use num_bigint::BigUint;
use num_traits_like::{is_zero, pow10};
use tollgate_model::Number;

/// Mantissa bits of a cty number.
const PRECISION: u64 = 512;

/// `(-1)^negative × mantissa × 2^exp2`.
pub(crate) struct Exact {
    negative: bool,
    mantissa: BigUint,
    exp2: i64,
}

impl Exact {
    /// The value Terraform holds for `n`, or `None` for infinities and NaN.
    pub(crate) fn of(n: Number) -> Option<Exact> {
        match n {
            Number::Int(i) => Some(Exact { negative: i < 0, mantissa: BigUint::from(i.unsigned_abs()), exp2: 0 }),
            Number::Float(f) if !f.is_finite() => None,
            Number::Float(f) => {
                // Shortest round-trip digits: "d.ddde±x".
                let sci = format!("{:e}", f.abs());
                let (mantissa, exponent) = sci.split_once('e')?;
                let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
                let exp10 = exponent.parse::<i64>().ok()? - (digits.len() as i64 - 1);
                let m: BigUint = digits.parse().ok()?;
                let (mantissa, exp2) = round_to_binary(m, exp10);
                Some(Exact { negative: f.is_sign_negative(), mantissa, exp2 })
            }
        }
    }

    pub(crate) fn is_negative(&self) -> bool {
        self.negative
    }

    /// `round_half_even(|value| × 10^scale)`.
    fn scaled(&self, scale: i64) -> BigUint {
        let mut numerator = self.mantissa.clone();
        let mut denominator = BigUint::from(1u8);
        if scale >= 0 {
            numerator *= pow10(scale as u64);
        } else {
            denominator *= pow10(scale.unsigned_abs());
        }
        if self.exp2 >= 0 {
            numerator <<= self.exp2 as u64;
        } else {
            denominator <<= self.exp2.unsigned_abs();
        }
        divide_half_even(&numerator, &denominator)
    }

    /// Decimal places beyond which the value's expansion is exact (only zeros follow).
    fn exact_decimals(&self) -> usize {
        self.exp2.min(0).unsigned_abs() as usize
    }

    /// `%.Nf` digits of |value|: the integer part, a point and `decimals` digits.
    pub(crate) fn fixed(&self, decimals: usize) -> String {
        let computed = decimals.min(self.exact_decimals());
        let digits = self.scaled(computed as i64).to_string() + &"0".repeat(decimals - computed);
        if decimals == 0 {
            return digits;
        }
        let padded = "0".repeat((decimals + 1).saturating_sub(digits.len())) + &digits;
        let (whole, fraction) = padded.split_at(padded.len() - decimals);
        format!("{whole}.{fraction}")
    }

    /// |value| rounded to `count` significant digits: the digits and the decimal exponent of the
    /// first one (`1234.5` to 3 digits is `("123", 3)`).
    pub(crate) fn significant(&self, count: usize) -> (String, i64) {
        if is_zero(&self.mantissa) {
            return ("0".repeat(count.max(1)), 0);
        }
        // A 512-bit value has fewer significant decimal digits than this; the rest are zeros.
        const MAX_DIGITS: usize = 1200;
        if count > MAX_DIGITS {
            let (digits, exponent) = self.significant(MAX_DIGITS);
            return (digits + &"0".repeat(count - MAX_DIGITS), exponent);
        }
        // An estimate of the exponent from the bit length, then corrected.
        let bits = self.mantissa.bits() as i64 + self.exp2;
        let mut exponent = ((bits - 1) as f64 * std::f64::consts::LOG10_2).floor() as i64;
        for _ in 0..4 {
            let digits = self.scaled(count as i64 - 1 - exponent).to_string();
            match digits.len().cmp(&count) {
                std::cmp::Ordering::Greater => exponent += 1,
                std::cmp::Ordering::Less => exponent -= 1,
                std::cmp::Ordering::Equal => return (digits, exponent),
            }
        }
        let digits = self.scaled(count as i64 - 1 - exponent).to_string();
        (digits, exponent)
    }
}

/// The nearest `PRECISION`-bit binary float to `m × 10^exp10`, ties to even.
fn round_to_binary(m: BigUint, exp10: i64) -> (BigUint, i64) {
    if is_zero(&m) {
        return (m, 0);
    }
    let (numerator, denominator) =
        if exp10 >= 0 { (m * pow10(exp10 as u64), BigUint::from(1u8)) } else { (m, pow10(exp10.unsigned_abs())) };
    // Scale so the quotient has at least PRECISION + 1 bits, then drop the extra bits with rounding.
    let shift = (PRECISION as i64 + 1 + denominator.bits() as i64 - numerator.bits() as i64).max(0);
    let scaled = &numerator << shift as u64;
    let quotient_bits = (&scaled / &denominator).bits();
    let extra = quotient_bits.saturating_sub(PRECISION);
    let mut mantissa = divide_half_even(&scaled, &(denominator << extra));
    let mut exp2 = extra as i64 - shift;
    if mantissa.bits() > PRECISION {
        mantissa >>= 1u32;
        exp2 += 1;
    }
    (mantissa, exp2)
}

fn divide_half_even(numerator: &BigUint, denominator: &BigUint) -> BigUint {
    let quotient = numerator / denominator;
    let twice_remainder = (numerator % denominator) << 1u32;
    match twice_remainder.cmp(denominator) {
        std::cmp::Ordering::Greater => quotient + 1u8,
        std::cmp::Ordering::Equal if quotient.bit(0) => quotient + 1u8,
        _ => quotient,
    }
}

/// The little arithmetic the module needs beyond `num-bigint`'s operators.
mod num_traits_like {
    use num_bigint::BigUint;

    pub(super) fn pow10(exponent: u64) -> BigUint {
        BigUint::from(10u8).pow(exponent.min(u32::MAX as u64) as u32)
    }

    pub(super) fn is_zero(n: &BigUint) -> bool {
        n.bits() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(f: f64, decimals: usize) -> String {
        Exact::of(Number::Float(f)).unwrap().fixed(decimals)
    }

    #[test]
    fn ties_fall_where_terraforms_512_bit_value_falls() {
        // terraform console: format("%.1f", 0.45) = "0.4", format("%.2f", 2.675) = "2.67",
        // format("%.2f", 1.005) = "1.00", format("%.1f", 0.35) = "0.3".
        assert_eq!(fixed(0.45, 1), "0.4");
        assert_eq!(fixed(2.675, 2), "2.67");
        assert_eq!(fixed(1.005, 2), "1.00");
        assert_eq!(fixed(0.35, 1), "0.3");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(0.25, 1), "0.2");
        assert_eq!(fixed(0.1, 20), "0.10000000000000000000");
        assert_eq!(fixed(1e-10, 30), "0.000000000100000000000000000000");
        assert_eq!(fixed(0.5, 100_000).len(), 100_002);
        assert_eq!(fixed(3.0, 2), "3.00");
    }

    #[test]
    fn significant_digits() {
        let exact = Exact::of(Number::Float(1234.5)).unwrap();
        assert_eq!(exact.significant(3), ("123".to_string(), 3));
        let exact = Exact::of(Number::Float(0.00123)).unwrap();
        assert_eq!(exact.significant(2), ("12".to_string(), -3));
        let exact = Exact::of(Number::Int(9999)).unwrap();
        assert_eq!(exact.significant(2), ("10".to_string(), 4));
        let exact = Exact::of(Number::Int(i64::MAX)).unwrap();
        assert_eq!(exact.fixed(0), i64::MAX.to_string());
    }
}
