//! Go's `time.Time` as templates see it (Sprig's `now`, `toDate`, ...): an instant with its zone, printed
//! by Go's reference-layout formatting (`2006-01-02 15:04:05.999999999 -0700 MST`), marshalled to JSON as
//! RFC 3339 with nanoseconds. Layouts are split into [`LayoutElement`]s here so parsing (Sprig's
//! `toDate`, in tollgate-helm-functions) reads them exactly as formatting writes them.

use std::fmt;

// Re-exported: Sprig's `toDate` (tollgate-helm-functions) parses with the names and calendar it prints with.
use tollgate_model::go_time::weekday_from_days;
pub use tollgate_model::go_time::{civil_from_days, days_from_civil, days_in_month, month_names, weekday_names};

/// Seconds from 0001-01-01 to 1970-01-01: Go's zero time.
const ZERO_TIME_UNIX_SECONDS: i64 = -62_135_596_800;

/// An instant, the zone it is shown in, and Go's monotonic clock reading when it came from `now`.
#[derive(Clone, Debug, PartialEq)]
pub struct Time {
    pub unix_seconds: i64,
    pub nanosecond: u32,
    /// Seconds east of UTC, at this instant.
    pub offset_seconds: i32,
    /// The zone's abbreviation at this instant (`UTC`, `CEST`); empty for a fabricated fixed offset,
    /// which Go prints as the offset (`+0200`).
    pub zone_abbreviation: String,
    /// The location: `UTC`, `Local`, an IANA name, or empty for a fixed offset.
    pub location: String,
    /// Nanoseconds on Go's monotonic clock (`m=+0.000000001` when printed); only `now` carries one.
    pub monotonic_nanos: Option<i64>,
}

/// A time's fields in its zone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CivilTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 is Sunday, as Go's `time.Weekday`.
    pub weekday: u32,
    pub year_day: u32,
}

impl Time {
    /// An instant in UTC.
    pub fn utc(unix_seconds: i64, nanosecond: u32) -> Time {
        Time {
            unix_seconds,
            nanosecond,
            offset_seconds: 0,
            zone_abbreviation: "UTC".to_string(),
            location: "UTC".to_string(),
            monotonic_nanos: None,
        }
    }

    /// Go's zero `time.Time`: 0001-01-01 00:00:00 UTC.
    pub fn zero() -> Time {
        Time::utc(ZERO_TIME_UNIX_SECONDS, 0)
    }

    pub fn civil(&self) -> CivilTime {
        let local = self.unix_seconds + i64::from(self.offset_seconds);
        let days = local.div_euclid(86_400);
        let seconds_of_day = local.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        CivilTime {
            year,
            month,
            day,
            hour: seconds_of_day / 3600,
            minute: seconds_of_day / 60 % 60,
            second: seconds_of_day % 60,
            weekday: weekday_from_days(days),
            year_day: (days - days_from_civil(year, 1, 1) + 1) as u32,
        }
    }

    /// Go's `Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let civil = self.civil();
        let mut out = String::new();
        for element in layout_elements(layout) {
            self.write_element(&mut out, &element, &civil);
        }
        out
    }

    /// Go's `MarshalJSON` text (without quotes): RFC 3339 with nanoseconds, trailing zeros trimmed.
    pub fn rfc3339_nano(&self) -> String {
        self.format("2006-01-02T15:04:05.999999999Z07:00")
    }

    fn write_element(&self, out: &mut String, element: &LayoutElement, civil: &CivilTime) {
        use LayoutElement as E;
        let hour12 = if civil.hour.is_multiple_of(12) { 12 } else { civil.hour % 12 };
        match element {
            E::Literal(text) => out.push_str(text),
            E::LongYear => push_padded(out, civil.year, 4),
            E::Year => push_padded(out, civil.year % 100, 2),
            E::LongMonth => out.push_str(month_names()[civil.month as usize - 1]),
            E::Month => out.push_str(&month_names()[civil.month as usize - 1][..3]),
            E::NumMonth { zero } => push_padded(out, civil.month.into(), if *zero { 2 } else { 0 }),
            E::LongWeekDay => out.push_str(weekday_names()[civil.weekday as usize]),
            E::WeekDay => out.push_str(&weekday_names()[civil.weekday as usize][..3]),
            E::Day { pad } => push_with(out, civil.day.into(), 2, *pad),
            E::YearDay { pad } => push_with(out, civil.year_day.into(), 3, *pad),
            E::Hour { zero } => push_padded(out, civil.hour.into(), if *zero { 2 } else { 0 }),
            E::Hour12 { zero } => push_padded(out, hour12.into(), if *zero { 2 } else { 0 }),
            E::Minute { zero } => push_padded(out, civil.minute.into(), if *zero { 2 } else { 0 }),
            E::Second { zero } => push_padded(out, civil.second.into(), if *zero { 2 } else { 0 }),
            E::Meridian { upper } => {
                let text = if civil.hour >= 12 { "PM" } else { "AM" };
                out.push_str(&if *upper { text.to_string() } else { text.to_lowercase() });
            }
            E::ZoneName => self.write_zone_name(out),
            E::ZoneOffset(format) => write_offset(out, self.offset_seconds, *format),
            E::Fraction { separator, digits, trim } => write_fraction(out, self.nanosecond, *separator, *digits, *trim),
        }
    }

    fn write_zone_name(&self, out: &mut String) {
        if !self.zone_abbreviation.is_empty() {
            out.push_str(&self.zone_abbreviation);
            return;
        }
        let minutes = self.offset_seconds / 60;
        out.push(if minutes < 0 { '-' } else { '+' });
        push_padded(out, i64::from(minutes.abs() / 60), 2);
        push_padded(out, i64::from(minutes.abs() % 60), 2);
    }
}

/// Go's `String()`: `2024-03-01 10:00:00 +0200 +0200`, plus ` m=+0.000000001` for a monotonic reading.
impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format("2006-01-02 15:04:05.999999999 -0700 MST"))?;
        if let Some(monotonic) = self.monotonic_nanos {
            let sign = if monotonic < 0 { '-' } else { '+' };
            let magnitude = monotonic.unsigned_abs();
            write!(f, " m={sign}{}.{:09}", magnitude / 1_000_000_000, magnitude % 1_000_000_000)?;
        }
        Ok(())
    }
}

/// How a numeric zone offset is written: `Z` for UTC (`Z07:00`), a colon, the minutes, the seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OffsetFormat {
    pub z_for_utc: bool,
    pub colon: bool,
    pub minutes: bool,
    pub seconds: bool,
}

/// How a day (`_2` pads with a space, `02` with a zero) or a year day (`__2`, `002`) is padded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Padding {
    None,
    Space,
    Zero,
}

/// One piece of a Go layout: literal text or a reference-time element (`2006`, `Jan`, `.000`, `Z07:00`).
#[derive(Clone, Debug, PartialEq)]
pub enum LayoutElement {
    Literal(String),
    LongYear,
    Year,
    LongMonth,
    Month,
    NumMonth {
        zero: bool,
    },
    LongWeekDay,
    WeekDay,
    Day {
        pad: Padding,
    },
    YearDay {
        pad: Padding,
    },
    Hour {
        zero: bool,
    },
    Hour12 {
        zero: bool,
    },
    Minute {
        zero: bool,
    },
    Second {
        zero: bool,
    },
    Meridian {
        upper: bool,
    },
    ZoneName,
    ZoneOffset(OffsetFormat),
    /// `.000` keeps `digits` digits; `.999` (`trim`) drops trailing zeros, and the separator when none remain.
    Fraction {
        separator: char,
        digits: usize,
        trim: bool,
    },
}

/// Splits a layout as Go's `time` package reads it, each element with its layout text.
pub fn layout_elements_with_text(layout: &str) -> Vec<(LayoutElement, &str)> {
    let mut elements = Vec::new();
    let mut literal_start = 0;
    let mut at = 0;
    while at < layout.len() {
        match element_at(&layout[at..]) {
            Some((element, length)) => {
                if literal_start < at {
                    let text = &layout[literal_start..at];
                    elements.push((LayoutElement::Literal(text.to_string()), text));
                }
                elements.push((element, &layout[at..at + length]));
                at += length;
                literal_start = at;
            }
            None => at += layout[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if literal_start < layout.len() {
        let text = &layout[literal_start..];
        elements.push((LayoutElement::Literal(text.to_string()), text));
    }
    elements
}

pub fn layout_elements(layout: &str) -> Vec<LayoutElement> {
    layout_elements_with_text(layout).into_iter().map(|(element, _)| element).collect()
}

/// The element starting `rest`, with its length, if one does (Go's `nextStdChunk`, case by case).
fn element_at(rest: &str) -> Option<(LayoutElement, usize)> {
    use LayoutElement as E;
    let starts = |prefix: &str| rest.starts_with(prefix);
    let lower_after = |length: usize| rest[length..].starts_with(|c: char| c.is_ascii_lowercase());
    let offset =
        |z_for_utc, colon, minutes, seconds| E::ZoneOffset(OffsetFormat { z_for_utc, colon, minutes, seconds });
    let found = match rest.as_bytes().first()? {
        b'J' if starts("January") => (E::LongMonth, 7),
        b'J' if starts("Jan") && !lower_after(3) => (E::Month, 3),
        b'M' if starts("Monday") => (E::LongWeekDay, 6),
        b'M' if starts("Mon") && !lower_after(3) => (E::WeekDay, 3),
        b'M' if starts("MST") => (E::ZoneName, 3),
        b'0' if starts("002") => (E::YearDay { pad: Padding::Zero }, 3),
        b'0' => match rest.as_bytes().get(1)? {
            b'1' => (E::NumMonth { zero: true }, 2),
            b'2' => (E::Day { pad: Padding::Zero }, 2),
            b'3' => (E::Hour12 { zero: true }, 2),
            b'4' => (E::Minute { zero: true }, 2),
            b'5' => (E::Second { zero: true }, 2),
            b'6' => (E::Year, 2),
            _ => return None,
        },
        b'1' if starts("15") => (E::Hour { zero: true }, 2),
        b'1' => (E::NumMonth { zero: false }, 1),
        b'2' if starts("2006") => (E::LongYear, 4),
        b'2' => (E::Day { pad: Padding::None }, 1),
        // `_2006` is a literal underscore and a year: the underscore stays literal text.
        b'_' if starts("_2") && !starts("_2006") => (E::Day { pad: Padding::Space }, 2),
        b'_' if starts("__2") => (E::YearDay { pad: Padding::Space }, 3),
        b'3' => (E::Hour12 { zero: false }, 1),
        b'4' => (E::Minute { zero: false }, 1),
        b'5' => (E::Second { zero: false }, 1),
        b'P' if starts("PM") => (E::Meridian { upper: true }, 2),
        b'p' if starts("pm") => (E::Meridian { upper: false }, 2),
        b'-' | b'Z' => return zone_offset_at(rest, offset),
        b'.' | b',' => return fraction_at(rest),
        _ => return None,
    };
    Some(found)
}

fn zone_offset_at(
    rest: &str,
    offset: impl Fn(bool, bool, bool, bool) -> LayoutElement,
) -> Option<(LayoutElement, usize)> {
    let z_for_utc = rest.starts_with('Z');
    let body = &rest[1..];
    // Longest first, as Go checks them.
    let forms = [("070000", false, true, true), ("07:00:00", true, true, true), ("0700", false, true, false)];
    let more = [("07:00", true, true, false), ("07", false, false, false)];
    forms
        .iter()
        .chain(more.iter())
        .find(|(text, ..)| body.starts_with(text))
        .map(|(text, colon, minutes, seconds)| (offset(z_for_utc, *colon, *minutes, *seconds), text.len() + 1))
}

fn fraction_at(rest: &str) -> Option<(LayoutElement, usize)> {
    let separator = rest.chars().next()?;
    let digit = *rest.as_bytes().get(1)?;
    if digit != b'0' && digit != b'9' {
        return None;
    }
    let digits = rest[1..].bytes().take_while(|b| *b == digit).count();
    if rest[1 + digits..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((LayoutElement::Fraction { separator, digits: digits.min(9), trim: digit == b'9' }, 1 + digits))
}

fn push_padded(out: &mut String, value: i64, width: usize) {
    if value < 0 {
        out.push('-');
    }
    out.push_str(&format!("{:0width$}", value.unsigned_abs()));
}

fn push_with(out: &mut String, value: i64, width: usize, pad: Padding) {
    match pad {
        Padding::None => out.push_str(&value.to_string()),
        Padding::Zero => push_padded(out, value, width),
        Padding::Space => out.push_str(&format!("{value:>width$}")),
    }
}

fn write_offset(out: &mut String, offset_seconds: i32, format: OffsetFormat) {
    if offset_seconds == 0 && format.z_for_utc {
        out.push('Z');
        return;
    }
    let magnitude = offset_seconds.unsigned_abs();
    out.push(if offset_seconds < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", magnitude / 3600));
    if format.minutes {
        if format.colon {
            out.push(':');
        }
        out.push_str(&format!("{:02}", magnitude / 60 % 60));
    }
    if format.seconds {
        if format.colon {
            out.push(':');
        }
        out.push_str(&format!("{:02}", magnitude % 60));
    }
}

fn write_fraction(out: &mut String, nanosecond: u32, separator: char, digits: usize, trim: bool) {
    let all = format!("{nanosecond:09}");
    let mut kept = &all[..digits];
    if trim {
        kept = kept.trim_end_matches('0');
        if kept.is_empty() {
            return;
        }
    }
    out.push(separator);
    out.push_str(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn march_first_2024_13_04_05() -> Time {
        Time::utc(1_709_298_245, 0)
    }

    #[test]
    fn formats_every_reference_element_as_helm_prints_them() {
        // Expected text printed by helm 4.1.4 for `toDate "2006-01-02 15:04:05" "2024-03-01 13:04:05"`.
        let layout =
            "Mon Monday Jan January 01 1 02 2 _2 06 2006 15 03 3 04 4 05 5 PM pm MST -0700 -07:00 Z07:00 Z0700 .000 .999 ,000 002 __2";
        assert_eq!(
            march_first_2024_13_04_05().format(layout),
            "Fri Friday Mar March 03 3 01 1  1 24 2024 13 01 1 04 4 05 5 PM pm UTC +0000 +00:00 Z Z .000  ,000 061  61"
        );
    }

    #[test]
    fn fractions_keep_or_trim_digits() {
        let time = Time::utc(1_704_067_200, 120_000_000);
        assert_eq!(time.format(".9 .99 .000000000 05.999999"), ".1 .12 .120000000 00.12");
        assert_eq!(
            Time::utc(1_704_067_200, 123_000_000).format("2006-01-02T15:04:05.000000Z"),
            "2024-01-01T00:00:00.123000Z"
        );
    }

    #[test]
    fn prints_as_go_string_with_zone_and_monotonic_reading() {
        let mut time = Time::utc(1_709_287_200, 500_000_000);
        assert_eq!(time.to_string(), "2024-03-01 10:00:00.5 +0000 UTC");
        time.monotonic_nanos = Some(40_684_259);
        assert_eq!(time.to_string(), "2024-03-01 10:00:00.5 +0000 UTC m=+0.040684259");
        let fixed = Time {
            offset_seconds: 7200,
            zone_abbreviation: String::new(),
            location: String::new(),
            ..Time::utc(1_709_280_000, 0)
        };
        assert_eq!(fixed.to_string(), "2024-03-01 10:00:00 +0200 +0200");
        assert_eq!(fixed.rfc3339_nano(), "2024-03-01T10:00:00+02:00");
    }

    #[test]
    fn zero_time_and_calendar_edges() {
        assert_eq!(Time::zero().to_string(), "0001-01-01 00:00:00 +0000 UTC");
        assert_eq!(Time::zero().rfc3339_nano(), "0001-01-01T00:00:00Z");
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(civil_from_days(days_from_civil(0, 1, 1)), (0, 1, 1));
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn a_lowercase_letter_after_jan_or_mon_keeps_it_literal() {
        assert_eq!(layout_elements("Janet"), vec![LayoutElement::Literal("Janet".to_string())]);
        assert_eq!(march_first_2024_13_04_05().format("Monthly _2006"), "Monthly _2024");
    }
}

#[cfg(test)]
mod value_tests {
    use std::collections::BTreeMap;

    use super::Time;
    use crate::{sprintf, Templates, Value};

    #[test]
    fn a_time_value_prints_marshals_and_is_true_as_go_does() {
        let time = Value::from(Time::utc(1_709_251_200, 0));
        assert_eq!(time.to_go_string(), "2024-03-01 00:00:00 +0000 UTC");
        assert_eq!(
            sprintf("%v|%s|%T|%q", &[time.clone(), time.clone(), time.clone(), time.clone()]),
            "2024-03-01 00:00:00 +0000 UTC|2024-03-01 00:00:00 +0000 UTC|time.Time|\"2024-03-01 00:00:00 +0000 UTC\""
        );
        assert_eq!(time.to_json(), serde_json::json!("2024-03-01T00:00:00Z"));
        assert!(Value::from(Time::zero()).is_true(), "a struct is always true in Go");
    }

    #[test]
    fn eq_compares_times() {
        let mut set = Templates::new();
        set.parse("t", "{{eq .a .b}} {{eq .a .c}} {{if .c}}T{{end}}").unwrap();
        let data = BTreeMap::from([
            ("a".to_string(), Value::from(Time::utc(1, 0))),
            ("b".to_string(), Value::from(Time::utc(1, 0))),
            ("c".to_string(), Value::from(Time::zero())),
        ]);
        assert_eq!(set.execute("t", &Value::map(data)).unwrap(), "true false T");
    }
}
