//! Go's `time.Duration`: `ParseDuration` (`1h30m`, `-1.5s`, `300ms`) with Go's error texts, and
//! `String()` (`1h2m3s`, `1.5µs`, `0s`).

const NANOSECOND: u64 = 1;
const MICROSECOND: u64 = 1_000 * NANOSECOND;
const MILLISECOND: u64 = 1_000 * MICROSECOND;
pub const SECOND: u64 = 1_000 * MILLISECOND;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;

fn unit_nanos(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => NANOSECOND,
        "us" | "µs" | "μs" => MICROSECOND,
        "ms" => MILLISECOND,
        "s" => SECOND,
        "m" => MINUTE,
        "h" => HOUR,
        _ => return None,
    })
}

/// Go's `time.ParseDuration`: nanoseconds, or Go's error text.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration \"{text}\"");
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let limit = 1u64 << 63;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        if !rest.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let (whole, after_whole) = leading_int(rest).ok_or_else(invalid)?;
        let has_whole = after_whole.len() != rest.len();
        rest = after_whole;
        let (mut fraction, mut scale, mut has_fraction) = (0u64, 1f64, false);
        if let Some(after_dot) = rest.strip_prefix('.') {
            let (f, s, after_fraction) = leading_fraction(after_dot);
            has_fraction = after_fraction.len() != after_dot.len();
            (fraction, scale, rest) = (f, s, after_fraction);
        }
        if !has_whole && !has_fraction {
            return Err(invalid());
        }
        let unit_length = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        if unit_length == 0 {
            return Err(format!("time: missing unit in duration \"{text}\""));
        }
        let unit = &rest[..unit_length];
        rest = &rest[unit_length..];
        let nanos = unit_nanos(unit).ok_or_else(|| format!("time: unknown unit \"{unit}\" in duration \"{text}\""))?;
        if whole > limit / nanos {
            return Err(invalid());
        }
        let mut value = whole * nanos;
        if fraction > 0 {
            value += (fraction as f64 * (nanos as f64 / scale)) as u64;
            if value > limit {
                return Err(invalid());
            }
        }
        total += value;
        if total > limit {
            return Err(invalid());
        }
    }
    if negative {
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// Leading digits as a number; `None` on overflow past 2^63.
fn leading_int(text: &str) -> Option<(u64, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let mut value: u64 = 0;
    for digit in text[..digits].bytes() {
        value = value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
        if value > 1 << 63 {
            return None;
        }
    }
    Some((value, &text[digits..]))
}

/// Leading fraction digits: the value, the power of ten it is scaled by, and the rest. Digits past
/// what fits are consumed and ignored, as Go does.
fn leading_fraction(text: &str) -> (u64, f64, &str) {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (mut value, mut scale, mut overflowed) = (0u64, 1f64, false);
    for digit in text[..digits].bytes() {
        if overflowed {
            continue;
        }
        match value.checked_mul(10).and_then(|v| v.checked_add(u64::from(digit - b'0'))) {
            Some(next) if next <= 1 << 63 => {
                value = next;
                scale *= 10.0;
            }
            _ => overflowed = true,
        }
    }
    (value, scale, &text[digits..])
}

/// Go's `Duration.String()`.
pub fn duration_string(nanos: i64) -> String {
    let magnitude = nanos.unsigned_abs();
    let sign = if nanos < 0 { "-" } else { "" };
    if magnitude == 0 {
        return "0s".to_string();
    }
    if magnitude < SECOND {
        let (unit, precision) = match magnitude {
            m if m < MICROSECOND => ("n", 0),
            m if m < MILLISECOND => ("µ", 3),
            _ => ("m", 6),
        };
        let (whole, fraction) = split_fraction(magnitude, precision);
        return format!("{sign}{whole}{fraction}{unit}s");
    }
    let (seconds, fraction) = split_fraction(magnitude, 9);
    let (minutes, hours) = (seconds / 60, seconds / 3600);
    let mut out = format!("{}{fraction}s", seconds % 60);
    if minutes > 0 {
        out = format!("{}m{out}", minutes % 60);
    }
    if hours > 0 {
        out = format!("{hours}h{out}");
    }
    format!("{sign}{out}")
}

/// The value's digits above `precision`, and `.ddd` of the ones below without trailing zeros.
fn split_fraction(value: u64, precision: u32) -> (u64, String) {
    let divisor = 10u64.pow(precision);
    let fraction = value % divisor;
    if fraction == 0 {
        return (value / divisor, String::new());
    }
    let digits = format!("{fraction:0width$}", width = precision as usize);
    (value / divisor, format!(".{}", digits.trim_end_matches('0')))
}

/// Go's `Duration.Round(m)`: halves away from zero, saturating.
pub fn round_duration(nanos: i64, multiple: i64) -> i64 {
    let remainder = (nanos % multiple).abs();
    let half_or_more = remainder + remainder >= multiple;
    match (nanos < 0, half_or_more) {
        (false, false) => nanos - remainder,
        (true, false) => nanos + remainder,
        (false, true) => nanos.checked_add(multiple - remainder).unwrap_or(i64::MAX),
        (true, true) => nanos.checked_sub(multiple - remainder).unwrap_or(i64::MIN),
    }
}

/// Sprig's `durationRound`: the largest whole unit the magnitude exceeds (`2h`, `12mo`, `1y`).
pub fn duration_round(nanos: i64) -> String {
    let magnitude = nanos.unsigned_abs();
    let day = 24 * HOUR;
    let units = [(365 * day, "y"), (30 * day, "mo"), (day, "d"), (HOUR, "h"), (MINUTE, "m"), (SECOND, "s")];
    units
        .iter()
        .find(|(size, _)| magnitude > *size)
        .map_or_else(|| "0s".to_string(), |(size, name)| format!("{}{name}", magnitude / size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        assert_eq!(parse_duration("1h30m"), Ok(90 * MINUTE as i64));
        assert_eq!(parse_duration("-1.5h"), Ok(-(90 * MINUTE as i64)));
        assert_eq!(parse_duration("+300ms"), Ok(300 * MILLISECOND as i64));
        assert_eq!(parse_duration("1µs2ns"), Ok(1002));
        assert_eq!(parse_duration(".5s"), Ok(500 * MILLISECOND as i64));
        assert_eq!(parse_duration("0"), Ok(0));
    }

    #[test]
    fn duration_errors_are_worded_as_go() {
        assert_eq!(parse_duration("xyz"), Err("time: invalid duration \"xyz\"".to_string()));
        assert_eq!(parse_duration("1d"), Err("time: unknown unit \"d\" in duration \"1d\"".to_string()));
        assert_eq!(parse_duration("1"), Err("time: missing unit in duration \"1\"".to_string()));
        assert_eq!(parse_duration(""), Err("time: invalid duration \"\"".to_string()));
        assert_eq!(parse_duration("."), Err("time: invalid duration \".\"".to_string()));
        assert_eq!(parse_duration("9999999999999h"), Err("time: invalid duration \"9999999999999h\"".to_string()));
    }

    #[test]
    fn prints_as_go() {
        assert_eq!(duration_string(0), "0s");
        assert_eq!(duration_string(3723 * SECOND as i64), "1h2m3s");
        assert_eq!(duration_string(3600 * SECOND as i64), "1h0m0s");
        assert_eq!(duration_string(-90 * SECOND as i64), "-1m30s");
        assert_eq!(duration_string(5_000_000 * SECOND as i64), "1388h53m20s");
        assert_eq!(duration_string(1500), "1.5µs");
        assert_eq!(duration_string(1_500_000_000), "1.5s");
        assert_eq!(duration_string(12), "12ns");
        assert_eq!(duration_string(2_500_000), "2.5ms");
    }

    #[test]
    fn rounds_as_go_and_sprig() {
        let second = SECOND as i64;
        assert_eq!(round_duration(1_499_999_999, second), second);
        assert_eq!(round_duration(1_500_000_000, second), 2 * second);
        assert_eq!(round_duration(-1_500_000_000, second), -2 * second);
        // What helm 4.1.4 prints for durationRound "2h10m5s", "8760h", "100h", "-3h", "1.5s", "61s".
        let round = |text| duration_round(parse_duration(text).unwrap());
        assert_eq!(
            [round("2h10m5s"), round("8760h"), round("100h"), round("-3h"), round("1.5s"), round("61s")],
            ["2h", "12mo", "4d", "3h", "1s", "1m"]
        );
        assert_eq!(duration_round(0), "0s");
    }
}
