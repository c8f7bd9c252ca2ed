//! Exact amounts with their currency, parsed from Cost Explorer's decimal strings.

use std::fmt;

use rust_decimal::Decimal;

use crate::{Error, Result};

/// An exact amount in a currency (`USD` for most accounts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money {
    pub amount: Decimal,
    /// Cost Explorer's `Unit`, e.g. "USD".
    pub currency: String,
}

impl Money {
    /// The sum of two amounts in the same currency; an error, never a conversion, when they differ.
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        if self.currency != other.currency {
            return Err(Error::CurrencyMismatch { left: self.currency.clone(), right: other.currency.clone() });
        }
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or_else(|| Error::Overflow { left: self.to_string(), right: other.to_string() })?;
        Ok(Money { amount, currency: self.currency.clone() })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Adds two optional amounts: absent is "nothing here", not zero in some guessed currency.
pub fn add_amounts(left: Option<&Money>, right: Option<&Money>) -> Result<Option<Money>> {
    match (left, right) {
        (Some(left), Some(right)) => left.checked_add(right).map(Some),
        (Some(one), None) | (None, Some(one)) => Ok(Some(one.clone())),
        (None, None) => Ok(None),
    }
}

/// Parses an API amount ("1234.5678901234", or "1.2E-7" as the API writes tiny amounts) exactly:
/// a figure that does not fit a 96-bit decimal is an error, never rounded.
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.contains(['e', 'E']) {
        return Decimal::from_scientific(text).ok();
    }
    Decimal::from_str_exact(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(text: &str) -> Money {
        Money { amount: parse_amount(text).unwrap(), currency: "USD".into() }
    }

    #[test]
    fn amounts_parse_exactly() {
        assert_eq!(parse_amount("971.7800000001").unwrap().to_string(), "971.7800000001");
        assert_eq!(parse_amount("-0.0000000042").unwrap().to_string(), "-0.0000000042");
        assert_eq!(parse_amount("1.5E-7").unwrap().to_string(), "0.00000015");
        assert_eq!(parse_amount("0").unwrap(), Decimal::ZERO);
    }

    #[test]
    fn non_numbers_and_unrepresentable_amounts_are_rejected() {
        for text in ["", "  ", "12,50", "$12", "NaN", "1.2.3", "123456789012345678901234567890123"] {
            assert_eq!(parse_amount(text), None, "{text:?}");
        }
    }

    #[test]
    fn sums_keep_every_digit() {
        let sum = usd("0.1").checked_add(&usd("0.2")).unwrap();
        assert_eq!(sum, usd("0.3"));
        assert_eq!(sum.to_string(), "0.3 USD");
    }

    #[test]
    fn currencies_are_never_mixed() {
        let euros = Money { amount: Decimal::ONE, currency: "EUR".into() };
        let error = usd("1").checked_add(&euros).unwrap_err();
        assert_eq!(error.to_string(), "Cost Explorer: amounts in USD and EUR cannot be added");
    }

    #[test]
    fn absent_amounts_are_not_zero() {
        assert_eq!(add_amounts(None, None).unwrap(), None);
        assert_eq!(add_amounts(None, Some(&usd("2"))).unwrap(), Some(usd("2")));
        assert_eq!(add_amounts(Some(&usd("2")), Some(&usd("3.5"))).unwrap(), Some(usd("5.5")));
    }
}
