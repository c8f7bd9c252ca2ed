//! Time functions: `formatdate`, `timeadd`, `timecmp` on RFC 3339 timestamps; `timestamp` and
//! `plantimestamp` (the moment Terraform runs) are unknown until apply.

use crate::support::text;
use crate::{after_apply, param, Ctx, FunctionError, Spec, P};
use tollgate_model::go_time::{
    civil_from_days, days_from_civil, days_in_month, month_names, weekday_from_days, weekday_names,
};
use tollgate_model::Value;

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("formatdate", &[param("format", P::String), param("time", P::String)], formatdate),
    Spec::new("timeadd", &[param("timestamp", P::String), param("duration", P::String)], timeadd),
    Spec::new("timecmp", &[param("timestamp_a", P::String), param("timestamp_b", P::String)], timecmp),
    Spec::new("timestamp", &[], after_apply),
    Spec::new("plantimestamp", &[], after_apply),
];

/// A timestamp as written: local fields, the UTC offset they are in, and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Timestamp {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset_seconds: i64,
}

impl Timestamp {
    /// Seconds since the Unix epoch.
    fn unix(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + (self.hour as i64) * 3600
            + (self.minute as i64) * 60
            + self.second as i64
            - self.offset_seconds
    }

    fn from_unix(seconds: i64, nanos: u32, offset_seconds: i64) -> Timestamp {
        let local = seconds + offset_seconds;
        let days = local.div_euclid(86_400);
        let rest = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Timestamp {
            year,
            month,
            day,
            hour: (rest / 3600) as u32,
            minute: (rest % 3600 / 60) as u32,
            second: (rest % 60) as u32,
            nanos,
            offset_seconds,
        }
    }

    /// Go's `Z07:00` (`"Z"` for UTC), `-0700` or `-07:00` offset forms.
    fn offset(self, colon: bool, z_for_utc: bool) -> String {
        if self.offset_seconds == 0 && z_for_utc {
            return "Z".into();
        }
        let sign = if self.offset_seconds < 0 { '-' } else { '+' };
        let minutes = self.offset_seconds.abs() / 60;
        let separator = if colon { ":" } else { "" };
        format!("{sign}{:02}{separator}{:02}", minutes / 60, minutes % 60)
    }

    fn rfc3339(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.offset(true, true)
        )
    }

    fn weekday(self) -> usize {
        weekday_from_days(days_from_civil(self.year, self.month, self.day)) as usize
    }
}

/// Go's `time.Parse(time.RFC3339, s)`, with cty's error messages.
fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let b = s.as_bytes();
    let mut at = 0;
    let field = |width: usize, what: &str, at: &mut usize| -> Result<u32, String> {
        let part = s.get(*at..*at + width).filter(|p| p.bytes().all(|c| c.is_ascii_digit()));
        match part {
            Some(p) => {
                *at += width;
                Ok(p.parse().unwrap_or(0))
            }
            None if *at >= s.len() => Err(format!("not a valid RFC3339 timestamp: end of string before {what}")),
            None => {
                let found: String = s[*at..].chars().take(width).collect();
                Err(format!("not a valid RFC3339 timestamp: cannot use {found:?} as {what}"))
            }
        }
    };
    let separator = |c: u8, at: &mut usize| -> Result<(), String> {
        match b.get(*at) {
            Some(x) if *x == c => {
                *at += 1;
                Ok(())
            }
            _ if c == b'T' => Err("not a valid RFC3339 timestamp: missing required time introducer 'T'".into()),
            None => Err(format!("not a valid RFC3339 timestamp: end of string where {:?} is expected", c as char)),
            Some(_) => {
                let found: String = s[*at..].chars().take(1).collect();
                Err(format!(
                    "not a valid RFC3339 timestamp: found {found:?} where {:?} is expected",
                    (c as char).to_string()
                ))
            }
        }
    };
    let year = field(4, "year", &mut at)? as i64;
    separator(b'-', &mut at)?;
    let month = field(2, "month", &mut at)?;
    separator(b'-', &mut at)?;
    let day = field(2, "day of month", &mut at)?;
    separator(b'T', &mut at)?;
    let hour = field(2, "hour", &mut at)?;
    separator(b':', &mut at)?;
    let minute = field(2, "minute", &mut at)?;
    separator(b':', &mut at)?;
    let second = field(2, "second", &mut at)?;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        let digits: String = s[at + 1..].chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return Err(format!("not a valid RFC3339 timestamp: cannot use {:?} as UTC offset", &s[at..]));
        }
        at += 1 + digits.len();
        nanos = format!("{digits:0<9}")[..9].parse().unwrap_or(0);
    }
    let offset_seconds = match b.get(at) {
        Some(b'Z') => {
            at += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            let sign = if *sign == b'-' { -1 } else { 1 };
            at += 1;
            let hours = field(2, "UTC offset", &mut at)?;
            separator(b':', &mut at)?;
            let minutes = field(2, "UTC offset", &mut at)?;
            if hours > 23 || minutes > 59 {
                return Err("not a valid RFC3339 timestamp: time zone offset out of range".into());
            }
            sign * (hours as i64 * 3600 + minutes as i64 * 60)
        }
        None => return Err("not a valid RFC3339 timestamp: end of string before UTC offset".into()),
        Some(_) => return Err(format!("not a valid RFC3339 timestamp: cannot use {:?} as UTC offset", &s[at..])),
    };
    if at != s.len() {
        return Err(format!("not a valid RFC3339 timestamp: extra text: {:?}", &s[at..]));
    }
    if !(1..=12).contains(&month) {
        return Err("not a valid RFC3339 timestamp: month out of range".into());
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err("not a valid RFC3339 timestamp: day out of range".into());
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("not a valid RFC3339 timestamp: hour, minute or second out of range".into());
    }
    Ok(Timestamp { year, month, day, hour, minute, second, nanos, offset_seconds })
}

/// A YAML timestamp as cty-yaml accepts it (`2001-12-14`, `2001-12-14 21:59:43.10`,
/// `2001-12-14t21:59:43.10-05:00`; one- or two-digit fields after the year), as RFC 3339.
pub(crate) fn yaml_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let mut at = 5;
    let number = |at: &mut usize| -> Option<u32> {
        let len = b[*at..].iter().take(2).take_while(|c| c.is_ascii_digit()).count();
        let value = s.get(*at..*at + len)?.parse().ok()?;
        *at += len;
        Some(value)
    };
    let expect = |c: u8, at: &mut usize| -> Option<()> { (b.get(*at) == Some(&c)).then(|| *at += 1) };
    let year: i64 = s[..4].parse().ok()?;
    let month = number(&mut at)?;
    expect(b'-', &mut at)?;
    let day = number(&mut at)?;
    let mut t = Timestamp { year, month, day, hour: 0, minute: 0, second: 0, nanos: 0, offset_seconds: 0 };
    if at < b.len() {
        let separator = b[at];
        if !matches!(separator, b'T' | b't' | b' ') {
            return None;
        }
        at += 1;
        t.hour = number(&mut at)?;
        expect(b':', &mut at)?;
        t.minute = number(&mut at)?;
        expect(b':', &mut at)?;
        t.second = number(&mut at)?;
        if b.get(at) == Some(&b'.') {
            at += 1;
            let digits = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            at += digits;
        }
        if separator != b' ' {
            match b.get(at) {
                Some(b'Z') => at += 1,
                Some(sign @ (b'+' | b'-')) => {
                    let sign = if *sign == b'-' { -1 } else { 1 };
                    at += 1;
                    let hours: i64 = s.get(at..at + 2)?.parse().ok()?;
                    expect(b':', &mut { at + 2 })?;
                    let minutes: i64 = s.get(at + 3..at + 5)?.parse().ok()?;
                    at += 5;
                    t.offset_seconds = sign * (hours * 3600 + minutes * 60);
                }
                _ => return None,
            }
        }
    }
    let valid = at == b.len()
        && (1..=12).contains(&t.month)
        && t.day >= 1
        && t.day <= days_in_month(t.year, t.month)
        && t.hour < 24
        && t.minute < 60
        && t.second < 60;
    valid.then(|| t.rfc3339())
}

fn formatdate(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let t = parse_timestamp(text(&args[1])).map_err(|e| ctx.arg_fail(1, e))?;
    let spec: Vec<char> = text(&args[0]).chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < spec.len() {
        let c = spec[i];
        if c == '\'' {
            if spec.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            loop {
                match spec.get(j) {
                    None => return Err(ctx.arg_fail(0, "unterminated literal '")),
                    Some('\'') if spec.get(j + 1) == Some(&'\'') => {
                        out.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(other) => {
                        out.push(*other);
                        j += 1;
                    }
                }
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let run = spec[i..].iter().take_while(|x| **x == c).count();
        let token: String = spec[i..i + run].iter().collect();
        i += run;
        let bad = |why: &str| ctx.arg_fail(0, format!("invalid date format verb {token:?}{why}"));
        let two = |n: u32, run: usize, why: &str| match run {
            1 => Ok(n.to_string()),
            2 => Ok(format!("{n:02}")),
            _ => Err(bad(why)),
        };
        let twelve = match t.hour % 12 {
            0 => 12,
            h => h,
        };
        out.push_str(&match c {
            'Y' => match run {
                2 => format!("{:02}", t.year.rem_euclid(100)),
                4 => format!("{:04}", t.year),
                _ => return Err(bad(": year must either be \"YY\" or \"YYYY\"")),
            },
            'M' => match run {
                1 | 2 => two(t.month, run, "")?,
                3 => month_names()[t.month as usize - 1][..3].to_string(),
                4 => month_names()[t.month as usize - 1].to_string(),
                _ => return Err(bad(": month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")),
            },
            'D' => two(t.day, run, ": day of month must either be \"D\" or \"DD\"")?,
            'E' => match run {
                3 => weekday_names()[t.weekday()][..3].to_string(),
                4 => weekday_names()[t.weekday()].to_string(),
                _ => return Err(bad(": day of week must either be \"EEE\" or \"EEEE\"")),
            },
            'h' => two(t.hour, run, ": 24-hour must either be \"h\" or \"hh\"")?,
            'H' => two(twelve, run, ": 12-hour must either be \"H\" or \"HH\"")?,
            'A' | 'a' if run == 2 => {
                let marker = if t.hour < 12 { "AM" } else { "PM" };
                if c == 'A' {
                    marker.to_string()
                } else {
                    marker.to_lowercase()
                }
            }
            'A' | 'a' => return Err(bad(&format!(": must be \"{c}{c}\""))),
            'm' => two(t.minute, run, ": minute must either be \"m\" or \"mm\"")?,
            's' => two(t.second, run, ": second must either be \"s\" or \"ss\"")?,
            'Z' => match run {
                1 => t.offset(true, true),
                3 if t.offset_seconds == 0 => "UTC".to_string(),
                3 | 4 => t.offset(false, false),
                5 => t.offset(true, false),
                _ => return Err(bad(": timezone must be Z, ZZZZ, or ZZZZZ")),
            },
            _ => return Err(bad("")),
        });
    }
    Ok(ctx.string(out))
}

fn timeadd(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let t = parse_timestamp(text(&args[0])).map_err(|e| ctx.fail(e))?;
    let duration = parse_duration(text(&args[1])).map_err(|e| ctx.fail(e))?;
    let total = (t.unix() as i128) * 1_000_000_000 + t.nanos as i128 + duration;
    let seconds = total.div_euclid(1_000_000_000) as i64;
    let nanos = total.rem_euclid(1_000_000_000) as u32;
    Ok(ctx.string(Timestamp::from_unix(seconds, nanos, t.offset_seconds).rfc3339()))
}

fn timecmp(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let a = parse_timestamp(text(&args[0])).map_err(|e| ctx.arg_fail(0, e))?;
    let b = parse_timestamp(text(&args[1])).map_err(|e| ctx.arg_fail(1, e))?;
    Ok(ctx.int(match (a.unix(), a.nanos).cmp(&(b.unix(), b.nanos)) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn parse_duration(s: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {}", crate::sets::go_quote(s));
    let (negative, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale: f64 = match unit {
            "" => return Err(format!("time: missing unit in duration {}", crate::sets::go_quote(s))),
            "ns" => 1.0,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            other => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    crate::sets::go_quote(other),
                    crate::sets::go_quote(s)
                ))
            }
        };
        total += number.parse::<f64>().map_err(|_| invalid())? * scale;
    }
    if total > 9.223_372_036_854_775e18 {
        return Err(invalid());
    }
    let nanos = total.round() as i128;
    Ok(if negative { -nanos } else { nanos })
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn formatdate_verbs() {
        let t = s("2018-01-04T23:12:01Z");
        assert_eq!(ok("formatdate", vec![s("DD MMM YYYY hh:mm ZZZ"), t.clone()]), s("04 Jan 2018 23:12 UTC"));
        assert_eq!(
            ok("formatdate", vec![s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), t.clone()]),
            s("Thursday, 04-Jan-18 23:12:01 UTC")
        );
        assert_eq!(ok("formatdate", vec![s("h:mm aa"), t.clone()]), s("23:12 pm"));
        assert_eq!(ok("formatdate", vec![s("H:mm AA 'o''clock' ''"), t.clone()]), s("11:12 PM o'clock '"));
        assert_eq!(
            ok("formatdate", vec![s("M/D Z ZZZZ ZZZZZ"), s("2018-03-05T01:02:03+05:30")]),
            s("3/5 +05:30 +0530 +05:30")
        );
        assert!(err("formatdate", vec![s("YYY"), t.clone()]).contains("year must either be"));
        assert!(err("formatdate", vec![s("'abc"), t.clone()]).contains("unterminated literal"));
        assert!(err("formatdate", vec![s("x"), t]).contains("invalid date format verb \"x\""));
        assert!(err("formatdate", vec![s("YYYY"), s("2018-01-04")]).contains("missing required time introducer"));
        assert!(err("formatdate", vec![s("YYYY"), s("2018-02-30T00:00:00Z")]).contains("out of range"));
    }

    #[test]
    fn timeadd_keeps_the_offset() {
        assert_eq!(ok("timeadd", vec![s("2017-11-22T00:00:00Z"), s("10m")]), s("2017-11-22T00:10:00Z"));
        assert_eq!(ok("timeadd", vec![s("2017-11-22T23:30:00+05:30"), s("1h30m")]), s("2017-11-23T01:00:00+05:30"));
        assert_eq!(ok("timeadd", vec![s("2020-03-01T00:00:00Z"), s("-24h")]), s("2020-02-29T00:00:00Z"));
        assert_eq!(ok("timeadd", vec![s("2020-01-01T00:00:00.5Z"), s("1.5s")]), s("2020-01-01T00:00:02Z"));
        assert!(err("timeadd", vec![s("2017-11-22T00:00:00Z"), s("1d")]).contains("unknown unit \"d\""));
        assert!(err("timeadd", vec![s("2017-11-22T00:00:00Z"), s("1")]).contains("missing unit"));
    }

    #[test]
    fn timecmp_compares_instants() {
        assert_eq!(ok("timecmp", vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T01:00:00+01:00")]), num(0));
        assert_eq!(ok("timecmp", vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T00:00:01Z")]), num(-1));
        assert!(ok("timestamp", vec![]).is_unknown());
    }
}
