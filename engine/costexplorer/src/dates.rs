//! Calendar days and the periods Cost Explorer is asked about. Cost Explorer's days are UTC and
//! its periods are `[start, end)`: the end day is not included.

use std::fmt;

use crate::{Error, Result};

/// A calendar day, printed as Cost Explorer writes it: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// The day `year-month-day`, or an error naming the impossible date.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Date> {
        let invalid = || Error::InvalidDate(format!("{year:04}-{month:02}-{day:02}"));
        let month = time::Month::try_from(month).map_err(|_| invalid())?;
        time::Date::from_calendar_date(year, month, day).map(Date).map_err(|_| invalid())
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date> {
        let invalid = || Error::InvalidDate(text.to_string());
        let mut parts = text.split('-');
        let (Some(year), Some(month), Some(day), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return Err(invalid());
        }
        let number = |part: &str| part.parse::<u16>().map_err(|_| invalid());
        let year = i32::from(number(year)?);
        let (month, day) = (number(month)?, number(day)?);
        let (Ok(month), Ok(day)) = (u8::try_from(month), u8::try_from(day)) else {
            return Err(invalid());
        };
        Date::from_ymd(year, month, day).map_err(|_| invalid())
    }

    /// Today in UTC, the day Cost Explorer bills in.
    pub fn today_utc() -> Date {
        Date(time::OffsetDateTime::now_utc().date())
    }

    /// The next day; saturates at the calendar's last representable day.
    pub fn next_day(self) -> Date {
        Date(self.0.next_day().unwrap_or(self.0))
    }

    /// The first day of this date's month.
    pub fn first_of_month(self) -> Date {
        Date(self.0.replace_day(1).unwrap_or(self.0))
    }

    /// The first day of the following month.
    pub fn first_of_next_month(self) -> Date {
        let last = self.0.month().length(self.0.year());
        Date(self.0.replace_day(last).unwrap_or(self.0)).next_day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = u8::from(self.0.month());
        write!(f, "{:04}-{month:02}-{:02}", self.0.year(), self.0.day())
    }
}

/// Days `[start, end)`, as Cost Explorer's `TimePeriod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: Date,
    /// Not included.
    pub end: Date,
}

impl Period {
    /// The first of `today`'s month to `today`, inclusive (the end is tomorrow).
    pub fn month_to_date(today: Date) -> Period {
        Period { start: today.first_of_month(), end: today.next_day() }
    }

    /// Tomorrow to the month's last day, inclusive (the end is the first of next month). Empty on
    /// the month's last day.
    pub fn rest_of_month(today: Date) -> Period {
        let end = today.first_of_next_month();
        Period { start: today.next_day().min(end), end }
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {} (exclusive)", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn month_to_date_runs_from_the_first_to_today_inclusive() {
        let period = Period::month_to_date(day("2026-12-06"));
        assert_eq!((period.start.to_string(), period.end.to_string()), ("2026-12-01".into(), "2026-12-07".into()));
        let first = Period::month_to_date(day("2026-03-01"));
        assert_eq!((first.start, first.end), (day("2026-03-01"), day("2026-03-02")));
    }

    #[test]
    fn rest_of_month_runs_from_tomorrow_to_the_next_months_first() {
        let period = Period::rest_of_month(day("2026-12-06"));
        assert_eq!((period.start, period.end), (day("2026-12-07"), day("2027-01-01")));
        let leap = Period::rest_of_month(day("2028-02-27"));
        assert_eq!((leap.start, leap.end), (day("2028-02-28"), day("2028-03-01")));
        assert!(!leap.is_empty());
    }

    #[test]
    fn rest_of_month_is_empty_on_the_last_day() {
        let period = Period::rest_of_month(day("2027-02-28"));
        assert!(period.is_empty());
        assert_eq!(period.end, day("2027-03-01"));
    }

    #[test]
    fn bad_dates_are_rejected_with_the_text() {
        for text in ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-01", "2026-01-01-01", "today", ""] {
            let error = Date::parse(text).unwrap_err();
            assert_eq!(error.to_string(), format!("Cost Explorer: not a date (YYYY-MM-DD): {text:?}"), "{text}");
        }
    }
}
