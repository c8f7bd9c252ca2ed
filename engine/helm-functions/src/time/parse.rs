//! Go's `time.ParseInLocation(layout, value, time.Local)` (Sprig's `toDate`), with Go's error texts
//! (`parsing time "x" as "2006-01-02": cannot parse "x" as "2006"`, `...: month out of range`).
//! `Local` is UTC here, as on the machines Tollgate renders on.

use tollgate_gotemplate::time::{
    days_from_civil, days_in_month, layout_elements_with_text, month_names, weekday_names, LayoutElement, Padding, Time,
};

/// What the elements read so far set (Go's `year`, `month`, `day`, ... locals; -1 for unset).
struct Fields {
    year: i64,
    month: i64,
    day: i64,
    year_day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanosecond: i64,
    post_meridiem: Option<bool>,
    utc: bool,
    zone_offset: Option<i32>,
    zone_name: String,
}

/// Why one element failed: it could not be read, or it read a value out of range.
enum ElementError {
    Bad,
    OutOfRange(&'static str),
}

pub fn parse_time(layout: &str, value: &str) -> Result<Time, String> {
    let cannot = |layout_element: &str, rest: &str| {
        format!("parsing time \"{value}\" as \"{layout}\": cannot parse \"{rest}\" as \"{layout_element}\"")
    };
    let message = |text: String| format!("parsing time \"{value}\"{text}");
    let mut fields = Fields {
        year: 0,
        month: -1,
        day: -1,
        year_day: -1,
        hour: 0,
        minute: 0,
        second: 0,
        nanosecond: 0,
        post_meridiem: None,
        utc: false,
        zone_offset: None,
        zone_name: String::new(),
    };
    let elements = layout_elements_with_text(layout);
    let mut rest = value;
    for (index, (element, text)) in elements.iter().enumerate() {
        if let LayoutElement::Literal(literal) = element {
            rest = skip_literal(rest, literal).ok_or_else(|| cannot(text, rest))?;
            continue;
        }
        let next_is_fraction = elements[index + 1..]
            .iter()
            .find(|(e, _)| !matches!(e, LayoutElement::Literal(_)))
            .is_some_and(|(e, _)| matches!(e, LayoutElement::Fraction { .. }));
        match read_element(element, rest, &mut fields, next_is_fraction) {
            Ok(after) => rest = after,
            Err(ElementError::OutOfRange(what)) => return Err(message(format!(": {what} out of range"))),
            Err(ElementError::Bad) => return Err(cannot(text, rest)),
        }
    }
    if !rest.is_empty() {
        return Err(message(format!(": extra text: \"{rest}\"")));
    }
    resolve(fields).map_err(message)
}

/// Go's `skip`: a space in the layout matches any run of spaces (and none at the end of the value).
fn skip_literal<'a>(mut value: &'a str, literal: &str) -> Option<&'a str> {
    let mut prefix = literal;
    while let Some(first) = prefix.chars().next() {
        if first == ' ' {
            if !value.is_empty() && !value.starts_with(' ') {
                return None;
            }
            prefix = prefix.trim_start_matches(' ');
            value = value.trim_start_matches(' ');
            continue;
        }
        value = value.strip_prefix(first)?;
        prefix = &prefix[first.len_utf8()..];
    }
    Some(value)
}

fn read_element<'a>(
    element: &LayoutElement,
    value: &'a str,
    fields: &mut Fields,
    next_is_fraction: bool,
) -> Result<&'a str, ElementError> {
    use LayoutElement as E;
    match element {
        E::LongYear => {
            let digits = value.get(..4).filter(|d| d.bytes().all(|b| b.is_ascii_digit())).ok_or(ElementError::Bad)?;
            fields.year = digits.parse().map_err(|_| ElementError::Bad)?;
            Ok(&value[4..])
        }
        E::Year => {
            let (two, rest) = number(value, 2, true)?;
            fields.year = if two >= 69 { two + 1900 } else { two + 2000 };
            Ok(rest)
        }
        E::LongMonth | E::Month => {
            let long = matches!(element, E::LongMonth);
            let (index, rest) = lookup_name(value, month_names(), long)?;
            fields.month = index as i64 + 1;
            Ok(rest)
        }
        E::LongWeekDay | E::WeekDay => Ok(lookup_name(value, weekday_names(), matches!(element, E::LongWeekDay))?.1),
        E::NumMonth { zero } => in_range(number(value, 2, *zero)?, 1, 12, "month", &mut fields.month),
        E::Day { pad } => {
            let value = if *pad == Padding::Space { value.strip_prefix(' ').unwrap_or(value) } else { value };
            let (day, rest) = number(value, 2, *pad == Padding::Zero)?;
            fields.day = day;
            Ok(rest)
        }
        E::YearDay { pad } => {
            let value = if *pad == Padding::Space { value.trim_start_matches(' ') } else { value };
            let (day, rest) = number(value, 3, *pad == Padding::Zero)?;
            fields.year_day = day;
            Ok(rest)
        }
        E::Hour { .. } => in_range(number(value, 2, false)?, 0, 23, "hour", &mut fields.hour),
        E::Hour12 { zero } => in_range(number(value, 2, *zero)?, 0, 12, "hour", &mut fields.hour),
        E::Minute { zero } => in_range(number(value, 2, *zero)?, 0, 59, "minute", &mut fields.minute),
        E::Second { zero } => {
            let rest = in_range(number(value, 2, *zero)?, 0, 59, "second", &mut fields.second)?;
            // Go reads a fraction after the seconds even when the layout has none there.
            let has_fraction = rest.len() >= 2
                && rest.starts_with(['.', ','])
                && rest.as_bytes()[1].is_ascii_digit()
                && !next_is_fraction;
            if !has_fraction {
                return Ok(rest);
            }
            let digits = 1 + rest[1..].bytes().take_while(u8::is_ascii_digit).count();
            fields.nanosecond = nanoseconds(&rest[..digits])?;
            Ok(&rest[digits..])
        }
        E::Meridian { upper } => {
            let text = value.get(..2).ok_or(ElementError::Bad)?;
            let (am, pm) = if *upper { ("AM", "PM") } else { ("am", "pm") };
            fields.post_meridiem = Some(match text {
                t if t == pm => true,
                t if t == am => false,
                _ => return Err(ElementError::Bad),
            });
            Ok(&value[2..])
        }
        E::ZoneOffset(format) => read_offset(value, format, fields),
        E::ZoneName => read_zone_name(value, fields),
        E::Fraction { digits, trim, .. } => read_fraction(value, *digits, *trim, fields),
        E::Literal(_) => Ok(value),
    }
}

/// Go's `getnum`/`getnum3`: up to `most` digits, exactly `most` when `fixed`.
fn number(value: &str, most: usize, fixed: bool) -> Result<(i64, &str), ElementError> {
    let digits = value.bytes().take(most).take_while(u8::is_ascii_digit).count();
    if digits == 0 || (fixed && digits < most) {
        return Err(ElementError::Bad);
    }
    let parsed = value[..digits].parse().map_err(|_| ElementError::Bad)?;
    Ok((parsed, &value[digits..]))
}

fn in_range<'a>(
    (number, rest): (i64, &'a str),
    low: i64,
    high: i64,
    what: &'static str,
    field: &mut i64,
) -> Result<&'a str, ElementError> {
    if number < low || number > high {
        return Err(ElementError::OutOfRange(what));
    }
    *field = number;
    Ok(rest)
}

/// A month or weekday name, matched without regard to ASCII case as Go does; `long` names or their
/// first three letters.
fn lookup_name<'a>(value: &'a str, names: &[&str], long: bool) -> Result<(usize, &'a str), ElementError> {
    names
        .iter()
        .enumerate()
        .find_map(|(index, name)| {
            let name = if long { name } else { &name[..3] };
            let candidate = value.get(..name.len())?;
            candidate.eq_ignore_ascii_case(name).then(|| (index, &value[name.len()..]))
        })
        .ok_or(ElementError::Bad)
}

/// Go's `parseNanoseconds`: `text` is the separator and the digits (at most nine count).
fn nanoseconds(text: &str) -> Result<i64, ElementError> {
    let digits = &text[1..text.len().min(10)];
    let parsed: i64 = digits.parse().map_err(|_| ElementError::Bad)?;
    Ok(parsed * 10i64.pow(9 - digits.len() as u32))
}

fn read_fraction<'a>(value: &'a str, digits: usize, trim: bool, fields: &mut Fields) -> Result<&'a str, ElementError> {
    let starts_fraction = value.starts_with(['.', ',']);
    if !trim {
        if value.len() < digits + 1 || !starts_fraction {
            return Err(ElementError::Bad);
        }
        fields.nanosecond = nanoseconds(&value[..digits + 1])?;
        return Ok(&value[digits + 1..]);
    }
    // `.999`: the fraction may be absent, and may have more digits than the layout.
    if !starts_fraction || !value[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(value);
    }
    let length = 1 + value[1..].bytes().take_while(u8::is_ascii_digit).count();
    fields.nanosecond = nanoseconds(&value[..length])?;
    Ok(&value[length..])
}

fn read_offset<'a>(
    value: &'a str,
    format: &tollgate_gotemplate::time::OffsetFormat,
    fields: &mut Fields,
) -> Result<&'a str, ElementError> {
    if format.z_for_utc {
        if let Some(rest) = value.strip_prefix('Z') {
            fields.utc = true;
            return Ok(rest);
        }
    }
    // The text's shape: sign, hours, then minutes and seconds, each after a colon in the colon forms.
    let colon = usize::from(format.colon);
    let length = 3 + usize::from(format.minutes) * (2 + colon) + usize::from(format.seconds) * (2 + colon);
    let text = value.get(..length).ok_or(ElementError::Bad)?;
    let bytes = text.as_bytes();
    if format.colon && (bytes.get(3) != Some(&b':') || (format.seconds && bytes.get(6) != Some(&b':'))) {
        return Err(ElementError::Bad);
    }
    let pair = |at: usize| -> Result<i32, ElementError> {
        let digits = text.get(at..at + 2).filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
        digits.and_then(|d| d.parse().ok()).ok_or(ElementError::Bad)
    };
    let hours = pair(1)?;
    let minutes = if format.minutes { pair(3 + colon)? } else { 0 };
    let seconds = if format.seconds { pair(5 + 2 * colon)? } else { 0 };
    if hours > 24 {
        return Err(ElementError::OutOfRange("time zone offset hour"));
    }
    if minutes > 60 {
        return Err(ElementError::OutOfRange("time zone offset minute"));
    }
    if seconds > 60 {
        return Err(ElementError::OutOfRange("time zone offset second"));
    }
    let magnitude = (hours * 60 + minutes) * 60 + seconds;
    fields.zone_offset = Some(match bytes[0] {
        b'+' => magnitude,
        b'-' => -magnitude,
        _ => return Err(ElementError::Bad),
    });
    Ok(&value[length..])
}

/// `MST`: `UTC`, or an abbreviation shaped like one (Go's `parseTimeZone`: three upper-case letters, or
/// four or five ending in `T`, `GMT` with an hour offset).
fn read_zone_name<'a>(value: &'a str, fields: &mut Fields) -> Result<&'a str, ElementError> {
    if let Some(rest) = value.strip_prefix("UTC") {
        fields.utc = true;
        return Ok(rest);
    }
    let length = zone_name_length(value).ok_or(ElementError::Bad)?;
    fields.zone_name = value[..length].to_string();
    Ok(&value[length..])
}

fn zone_name_length(value: &str) -> Option<usize> {
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if let Some(after) = value.strip_prefix("GMT") {
        let sign = after.starts_with(['+', '-']);
        let digits = if sign { after[1..].bytes().take_while(u8::is_ascii_digit).count() } else { 0 };
        return Some(3 + if digits > 0 && digits <= 2 { 1 + digits } else { 0 });
    }
    let upper = value.bytes().take_while(u8::is_ascii_uppercase).count();
    match upper {
        3 => Some(3),
        4 if value[..4].ends_with('T') || value.starts_with("WIT") => Some(4),
        5 if value[..5].ends_with('T') => Some(5),
        _ => None,
    }
}

/// The parsed fields as a time: Go's checks after the loop (meridiem, year day, day of month) and its
/// choice of zone (UTC; `Local` when the offset is Local's; else a fabricated fixed zone).
fn resolve(mut fields: Fields) -> Result<Time, String> {
    match fields.post_meridiem {
        Some(true) if fields.hour < 12 => fields.hour += 12,
        Some(false) if fields.hour == 12 => fields.hour = 0,
        _ => {}
    }
    let (month, day) = month_and_day(&fields)?;
    let days = days_from_civil(fields.year, month, day);
    let seconds = days * 86_400 + fields.hour * 3600 + fields.minute * 60 + fields.second;
    let mut time = Time::utc(seconds, fields.nanosecond as u32);
    if fields.utc {
        return Ok(time);
    }
    time.location = "Local".to_string();
    if let Some(offset) = fields.zone_offset {
        time.unix_seconds -= i64::from(offset);
        let local_matches = offset == 0 && (fields.zone_name.is_empty() || fields.zone_name == "UTC");
        if !local_matches {
            time.offset_seconds = offset;
            time.zone_abbreviation = fields.zone_name;
            time.location = String::new();
        }
        return Ok(time);
    }
    if !fields.zone_name.is_empty() {
        // An abbreviation Local does not use: a fabricated zone with that name, at GMT's offset if given.
        // Go keeps the clock reading as UTC's here, so the instant shifts by the offset.
        let offset = fields.zone_name.strip_prefix("GMT").and_then(|hours| hours.parse::<i32>().ok()).unwrap_or(0);
        time.offset_seconds = offset * 3600;
        time.zone_abbreviation = fields.zone_name;
        time.location = String::new();
    }
    Ok(time)
}

fn month_and_day(fields: &Fields) -> Result<(u32, u32), String> {
    let year = fields.year;
    if fields.year_day < 0 {
        let month = if fields.month < 0 { 1 } else { fields.month as u32 };
        let day = if fields.day < 0 { 1 } else { fields.day };
        if day < 1 || day > i64::from(days_in_month(year, month)) {
            return Err(": day out of range".to_string());
        }
        return Ok((month, day as u32));
    }
    let leap = days_in_month(year, 2) == 29;
    if fields.year_day < 1 || fields.year_day > if leap { 366 } else { 365 } {
        return Err(": day-of-year out of range".to_string());
    }
    let days = days_from_civil(year, 1, 1) + fields.year_day - 1;
    let (_, month, day) = tollgate_gotemplate::time::civil_from_days(days);
    if fields.month >= 0 && fields.month != i64::from(month) {
        return Err(": day-of-year does not match month".to_string());
    }
    if fields.day >= 0 && fields.day != i64::from(day) {
        return Err(": day-of-year does not match day".to_string());
    }
    Ok((month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(layout: &str, value: &str) -> String {
        parse_time(layout, value).map_or_else(|e| e, |t| t.to_string())
    }

    #[test]
    fn parses_as_helm_prints() {
        // Each expected text is what helm 4.1.4 printed for `toDate LAYOUT VALUE`.
        let cases = [
            ("2006-01-02", "2024-03-01", "2024-03-01 00:00:00 +0000 UTC"),
            ("2006-01-02T15:04:05Z07:00", "2024-03-01T10:00:00+02:00", "2024-03-01 10:00:00 +0200 +0200"),
            ("2006-01-02T15:04:05Z07:00", "2024-03-01T10:00:00.5Z", "2024-03-01 10:00:00.5 +0000 UTC"),
            ("2006-01-02 15:04:05", "2024-03-01 10:00:00.123", "2024-03-01 10:00:00.123 +0000 UTC"),
            ("Jan 2 2006 3:04PM MST", "mar 1 2024 1:05PM EST", "2024-03-01 13:05:00 +0000 EST"),
            ("2006-01-02 MST", "2024-03-01 UTC", "2024-03-01 00:00:00 +0000 UTC"),
            ("2006-01-02 -0700", "2024-03-01 +0000", "2024-03-01 00:00:00 +0000 UTC"),
            ("02/01/06", "31/12/99", "1999-12-31 00:00:00 +0000 UTC"),
            ("02/01/06", "31/12/68", "2068-12-31 00:00:00 +0000 UTC"),
            ("Monday, 2 January 2006", "Friday, 1 March 2024", "2024-03-01 00:00:00 +0000 UTC"),
            ("2006", "2024", "2024-01-01 00:00:00 +0000 UTC"),
        ];
        for (layout, value, expected) in cases {
            assert_eq!(parsed(layout, value), expected, "toDate {layout:?} {value:?}");
        }
    }

    #[test]
    fn errors_are_worded_as_helm_shows_them() {
        let cases = [
            ("2006-01-02", "nope", "parsing time \"nope\" as \"2006-01-02\": cannot parse \"nope\" as \"2006\""),
            ("2006-01-02", "2024-02-30", "parsing time \"2024-02-30\": day out of range"),
            ("2006-01-02", "2024-13-01", "parsing time \"2024-13-01\": month out of range"),
            ("2006-01-02", "2024-03-01x", "parsing time \"2024-03-01x\": extra text: \"x\""),
            ("2006-01-02 15:04", "2024-03-01 25:00", "parsing time \"2024-03-01 25:00\": hour out of range"),
            ("Jan 2006", "Foo 2024", "parsing time \"Foo 2024\" as \"Jan 2006\": cannot parse \"Foo 2024\" as \"Jan\""),
            (
                "2006-01-02",
                "2024/03/01",
                "parsing time \"2024/03/01\" as \"2006-01-02\": cannot parse \"/03/01\" as \"-\"",
            ),
        ];
        for (layout, value, expected) in cases {
            assert_eq!(parsed(layout, value), expected, "mustToDate {layout:?} {value:?}");
        }
    }

    #[test]
    fn year_days_meridiem_and_fractions() {
        assert_eq!(parsed("2006 002", "2024 061"), "2024-03-01 00:00:00 +0000 UTC");
        assert_eq!(parsed("2006 002", "2023 366"), "parsing time \"2023 366\": day-of-year out of range");
        assert_eq!(parsed("3:04pm", "12:30am"), "0000-01-01 00:30:00 +0000 UTC");
        assert_eq!(
            parsed("15:04:05.000", "10:00:00.25"),
            "parsing time \"10:00:00.25\" as \"15:04:05.000\": cannot parse \".25\" as \".000\""
        );
        assert_eq!(parsed("15:04:05.999", "10:00:00"), "0000-01-01 10:00:00 +0000 UTC");
        assert_eq!(parsed("2006-01-02 MST", "2024-03-01 GMT+2"), "2024-03-01 02:00:00 +0200 GMT+2");
    }
}
