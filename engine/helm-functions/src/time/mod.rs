//! Sprig's date functions: `now`, `date`, `dateInZone`, `htmlDate`, `htmlDateInZone`, `toDate`,
//! `mustToDate`, `unixEpoch`, `dateModify`, `mustDateModify`, `ago`, `duration`, `durationRound`.
//!
//! `now` is the render time the caller gives ([`crate::Options::now`]), so a render is reproducible and
//! `ago`/`durationRound` measure from it. Zones: `UTC`, `Local` (UTC: Tollgate renders as if on a machine
//! without a local zone, as CI runners are), IANA names (`America/New_York`, via chrono-tz), and, as
//! Sprig does, UTC for a zone it cannot load.

mod duration;
mod parse;

use std::str::FromStr;

use chrono::{Offset, TimeZone};
use chrono_tz::{OffsetName, Tz};
use tollgate_gotemplate::time::Time;
use tollgate_gotemplate::{Functions, Value};

use duration::{duration_round, duration_string, parse_duration, round_duration, SECOND};
pub use parse::parse_time;

/// The wall clock, as `now` reads it when the caller gives no render time.
pub fn system_now() -> Time {
    let elapsed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let mut time = in_zone(&Time::utc(elapsed.as_secs() as i64, elapsed.subsec_nanos()), "Local");
    time.monotonic_nanos = Some(0);
    time
}

pub fn register(functions: &mut Functions, now: &Time) {
    let clock = now.clone();
    functions.add("now", move |args| {
        arity("now", args, 0)?;
        Ok(Value::from(clock.clone()))
    });
    let clock = now.clone();
    functions.add("date", move |args| {
        arity("date", args, 2)?;
        format_in_zone(&string_arg(&args[0])?, &args[1], "Local", &clock)
    });
    let clock = now.clone();
    functions.add("dateInZone", move |args| {
        arity("dateInZone", args, 3)?;
        format_in_zone(&string_arg(&args[0])?, &args[1], &string_arg(&args[2])?, &clock)
    });
    let clock = now.clone();
    functions.add("htmlDate", move |args| {
        arity("htmlDate", args, 1)?;
        format_in_zone("2006-01-02", &args[0], "Local", &clock)
    });
    let clock = now.clone();
    functions.add("htmlDateInZone", move |args| {
        arity("htmlDateInZone", args, 2)?;
        format_in_zone("2006-01-02", &args[0], &string_arg(&args[1])?, &clock)
    });
    register_parsing(functions);
    register_durations(functions, now);
}

fn register_parsing(functions: &mut Functions) {
    functions.add("toDate", |args| {
        arity("toDate", args, 2)?;
        let parsed = parse_time(&string_arg(&args[0])?, &string_arg(&args[1])?);
        Ok(Value::from(parsed.unwrap_or_else(|_| Time::zero())))
    });
    functions.add("mustToDate", |args| {
        arity("mustToDate", args, 2)?;
        Ok(Value::from(parse_time(&string_arg(&args[0])?, &string_arg(&args[1])?)?))
    });
    functions.add("unixEpoch", |args| {
        arity("unixEpoch", args, 1)?;
        Ok(Value::String(time_arg(&args[0])?.unix_seconds.to_string()))
    });
    functions.add("dateModify", |args| {
        arity("dateModify", args, 2)?;
        let (change, time) = (string_arg(&args[0])?, time_arg(&args[1])?);
        Ok(Value::from(parse_duration(&change).map_or_else(|_| time.clone(), |nanos| add(time, nanos))))
    });
    functions.add("mustDateModify", |args| {
        arity("mustDateModify", args, 2)?;
        let (change, time) = (string_arg(&args[0])?, time_arg(&args[1])?);
        Ok(Value::from(add(time, parse_duration(&change)?)))
    });
}

fn register_durations(functions: &mut Functions, now: &Time) {
    let clock = now.clone();
    functions.add("ago", move |args| {
        arity("ago", args, 1)?;
        let since = nanos_between(&time_or_now(&args[0], &clock), &clock);
        Ok(Value::String(duration_string(round_duration(since, SECOND as i64))))
    });
    functions.add("duration", |args| {
        arity("duration", args, 1)?;
        // Sprig reads a string of seconds or an int64; anything else (a float from values, an `int`
        // such as the literal in `duration 90`) is 0s.
        let seconds = match &args[0] {
            Value::String(text) => text.parse::<i64>().unwrap_or(0),
            Value::Int64(seconds) => *seconds,
            _ => 0,
        };
        Ok(Value::String(duration_string(seconds.wrapping_mul(SECOND as i64))))
    });
    let clock = now.clone();
    functions.add("durationRound", move |args| {
        arity("durationRound", args, 1)?;
        let nanos = match &args[0] {
            Value::String(text) => parse_duration(text).unwrap_or(0),
            Value::Int64(nanos) => *nanos,
            Value::Time(time) => nanos_between(time, &clock),
            _ => 0,
        };
        Ok(Value::String(duration_round(nanos)))
    });
}

/// Sprig's `dateInZone`: a time, or an int as Unix seconds; anything else is `now`.
fn format_in_zone(layout: &str, date: &Value, zone: &str, now: &Time) -> Result<Value, String> {
    Ok(Value::String(in_zone(&time_or_now(date, now), zone).format(layout)))
}

fn time_or_now(date: &Value, now: &Time) -> Time {
    match date {
        Value::Time(time) => (**time).clone(),
        Value::Int(seconds) | Value::Int64(seconds) => Time::utc(*seconds, 0),
        _ => now.clone(),
    }
}

/// Go's `t.In(loc)` for a zone name as `time.LoadLocation` reads it; UTC when it cannot (as Sprig does).
/// The monotonic reading is dropped, as Go drops it.
pub fn in_zone(time: &Time, zone: &str) -> Time {
    let mut moved = Time::utc(time.unix_seconds, time.nanosecond);
    match zone {
        "" | "UTC" => {}
        "Local" => moved.location = "Local".to_string(),
        name => {
            if let Ok(tz) = Tz::from_str(name) {
                set_named_zone(&mut moved, tz);
            }
        }
    }
    moved
}

fn set_named_zone(time: &mut Time, tz: Tz) {
    let Some(utc) = chrono::DateTime::from_timestamp(time.unix_seconds, 0) else {
        return;
    };
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc());
    let seconds = offset.fix().local_minus_utc();
    time.offset_seconds = seconds;
    time.zone_abbreviation = offset.abbreviation().map_or_else(|| numeric_abbreviation(seconds), str::to_string);
    time.location = tz.name().to_string();
}

/// tzdata's name for a zone without letters: `+04`, `+0530`.
fn numeric_abbreviation(offset_seconds: i32) -> String {
    let minutes = offset_seconds.abs() / 60;
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    match minutes % 60 {
        0 => format!("{sign}{:02}", minutes / 60),
        rest => format!("{sign}{:02}{rest:02}", minutes / 60),
    }
}

/// Go's `t.Add(d)`: same zone (its offset looked up again for a named one), monotonic reading moved along.
fn add(time: &Time, nanos: i64) -> Time {
    let total = i128::from(time.nanosecond) + i128::from(nanos);
    let seconds = time.unix_seconds.saturating_add(total.div_euclid(1_000_000_000) as i64);
    let mut moved = Time { unix_seconds: seconds, nanosecond: total.rem_euclid(1_000_000_000) as u32, ..time.clone() };
    if let Ok(tz) = Tz::from_str(&time.location) {
        set_named_zone(&mut moved, tz);
    }
    moved.monotonic_nanos = time.monotonic_nanos.and_then(|m| m.checked_add(nanos));
    moved
}

/// `later - earlier` in nanoseconds, saturating as Go's `Sub` does.
fn nanos_between(earlier: &Time, later: &Time) -> i64 {
    let seconds = i128::from(later.unix_seconds) - i128::from(earlier.unix_seconds);
    let nanos = seconds * 1_000_000_000 + i128::from(later.nanosecond) - i128::from(earlier.nanosecond);
    nanos.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

fn arity(name: &str, args: &[Value], want: usize) -> Result<(), String> {
    if args.len() == want {
        return Ok(());
    }
    Err(format!("wrong number of args for {name}: want {want} got {}", args.len()))
}

fn string_arg(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
    }
}

/// A `time.Time` parameter; Go's text for anything else.
fn time_arg(value: &Value) -> Result<&Time, String> {
    match value {
        Value::Time(time) => Ok(time),
        Value::String(text) => Err(format!("can't handle \"{text}\" for arg of type time.Time")),
        other => Err(format!("can't handle {} for arg of type time.Time", other.to_go_string())),
    }
}

#[cfg(test)]
mod tests;
