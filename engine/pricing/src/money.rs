//! Money as an exact decimal amount of US dollars: prices such as 0.0000166667 USD per GB-second
//! multiply and add without binary rounding, and only the display rounds (to the cent).

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

/// Hours in a billing month, the convention of the AWS Pricing Calculator and Infracost
/// (365 days x 24 hours / 12 months = 730). Every monthly figure of an hourly price uses it.
pub const HOURS_PER_MONTH: u32 = 730;

/// An exact amount of US dollars. Arithmetic saturates instead of overflowing, so absurd
/// quantities from bad input cannot crash a scan (no real estate comes near the limit, 7.9e28).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An exact amount in US dollars.
    pub fn usd(amount: Decimal) -> Money {
        Money(amount)
    }

    /// The exact amount, unrounded.
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// The amount rounded to the cent, half away from zero (971.776 -> 971.78).
    pub fn to_cents(self) -> Decimal {
        self.0.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }

    /// This amount `quantity` times (a unit price times a number of units).
    pub fn times(self, quantity: Decimal) -> Money {
        Money(self.0.saturating_mul(quantity))
    }
}

/// The monthly cost of `quantity` resources billed `usd_per_hour` each, over [`HOURS_PER_MONTH`].
pub fn monthly(usd_per_hour: Decimal, quantity: u32) -> Money {
    Money(usd_per_hour).times(Decimal::from(quantity)).times(Decimal::from(HOURS_PER_MONTH))
}

/// `$971.78`, `$1,261.44`, `-$12.50`: rounded to the cent, thousands separated by commas.
pub fn format_usd(money: Money) -> String {
    let cents = money.to_cents();
    let sign = if cents.is_sign_negative() && !cents.is_zero() { "-" } else { "" };
    let digits = format!("{:.2}", cents.abs());
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, "00"));
    format!("{sign}${}.{fraction}", group_thousands(whole))
}

fn group_thousands(whole: &str) -> String {
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (at, digit) in whole.chars().enumerate() {
        if at > 0 && (whole.len() - at).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_usd(*self))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        *self = *self + other;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn usd(text: &str) -> Money {
        Money::usd(Decimal::from_str(text).unwrap_or_default())
    }

    #[test]
    fn formats_to_the_cent_with_thousands_and_sign() {
        assert_eq!(format_usd(usd("971.776")), "$971.78");
        assert_eq!(format_usd(usd("1261.44")), "$1,261.44");
        assert_eq!(format_usd(usd("1234567.005")), "$1,234,567.01");
        assert_eq!(format_usd(usd("-12.5")), "-$12.50");
        assert_eq!(format_usd(usd("-0.001")), "$0.00");
        assert_eq!(format_usd(Money::ZERO), "$0.00");
        assert_eq!(usd("100").to_string(), "$100.00");
    }

    #[test]
    fn monthly_is_exact_until_displayed() {
        let node = monthly(Decimal::from_str("0.1664").unwrap_or_default(), 8);
        assert_eq!(node.amount(), Decimal::from_str("971.776").unwrap_or_default());
        assert_eq!(node.to_cents(), Decimal::from_str("971.78").unwrap_or_default());
    }

    #[test]
    fn sums_and_differences_are_exact_and_saturate() {
        let total: Money = [usd("0.1"), usd("0.2")].into_iter().sum();
        assert_eq!(total, usd("0.3"));
        assert_eq!(usd("5") - usd("7.5"), -usd("2.5"));
        assert_eq!(Money::usd(Decimal::MAX) + usd("1"), Money::usd(Decimal::MAX));
    }
}
