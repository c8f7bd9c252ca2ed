//! Each expected text is what helm 4.1.4 printed for the same template (`helm template` on a scratch
//! chart), with `now` fixed where Helm's would differ.

use tollgate_gotemplate::time::Time;
use tollgate_gotemplate::{Templates, Value};

use crate::{functions_with, Options};

/// 2026-12-06 13:39:05.606389671 UTC, with a monotonic reading as `now` has.
fn render_time() -> Time {
    let mut now = Time::utc(1_796_564_345, 606_389_671);
    now.location = "Local".to_string();
    now.monotonic_nanos = Some(40_684_259);
    now
}

fn render(template: &str) -> Result<String, String> {
    let (functions, _) = functions_with(&Options { seed: "test".to_string(), now: render_time() });
    let mut set = Templates::with_functions(functions);
    set.parse("t", template).map_err(|e| e.to_string())?;
    set.execute("t", &Value::Nil).map_err(|e| e.to_string())
}

fn rendered(template: &str) -> String {
    render(template).unwrap_or_else(|e| panic!("{template}: {e}"))
}

#[test]
fn now_prints_types_and_marshals_as_a_go_time() {
    assert_eq!(rendered("{{ now }}"), "2026-12-06 13:39:05.606389671 +0000 UTC m=+0.040684259");
    assert_eq!(rendered("{{ printf \"%T\" now }}"), "time.Time");
    assert_eq!(rendered("{{ now | date \"2006-01-02\" }}"), "2026-12-06");
    assert_eq!(rendered("{{ if toDate \"2006-01-02\" \"0001-01-01\" }}T{{ else }}F{{ end }}"), "T");
    assert_eq!(rendered("{{ eq (toDate \"2006\" \"2024\") (toDate \"2006-01\" \"2024-01\") }}"), "true");
}

#[test]
fn date_formats_times_and_unix_ints_and_falls_back_to_now() {
    assert_eq!(rendered("{{ date \"2006-01-02T15:04:05Z07:00\" 1700000000 }}"), "2023-11-14T22:13:20Z");
    assert_eq!(rendered("{{ date \"2006-01-02\" 1700000000.5 }}"), "2026-12-06");
    assert_eq!(rendered("{{ date \"2006-01-02\" \"1700000000\" }}"), "2026-12-06");
    assert_eq!(
        rendered("{{ toDate \"2006-01-02\" \"2024-03-01\" | date \"Mon Jan _2 15:04:05 2006\" }}"),
        "Fri Mar  1 00:00:00 2024"
    );
    assert_eq!(rendered("{{ htmlDate (toDate \"2006-01-02\" \"2024-03-01\") }}"), "2024-03-01");
    assert_eq!(rendered("{{ htmlDateInZone (toDate \"2006-01-02\" \"2024-03-01\") \"Asia/Tokyo\" }}"), "2024-03-01");
}

#[test]
fn zones_are_named_fixed_local_or_utc_for_unknown() {
    let march = "(toDate \"2006-01-02\" \"2024-03-01\")";
    let july = "(toDate \"2006-01-02\" \"2024-07-01\")";
    let cases = [
        (format!("{{{{ dateInZone \"2006-01-02 15:04 MST\" {march} \"America/New_York\" }}}}"), "2024-02-29 19:00 EST"),
        (format!("{{{{ dateInZone \"2006-01-02 15:04 MST\" {march} \"Nowhere/X\" }}}}"), "2024-03-01 00:00 UTC"),
        (
            format!("{{{{ dateInZone \"2006-01-02 15:04:05 MST -07:00\" {july} \"Europe/Berlin\" }}}}"),
            "2024-07-01 02:00:00 CEST +02:00",
        ),
        (format!("{{{{ dateInZone \"Z07:00 MST\" {july} \"Asia/Kolkata\" }}}}"), "+05:30 IST"),
        ("{{ dateInZone \"MST\" 0 \"\" }} {{ dateInZone \"MST\" 0 \"Local\" }}".to_string(), "UTC UTC"),
        (format!("{{{{ dateInZone \"MST\" {july} \"Asia/Dubai\" }}}}"), "+04"),
    ];
    for (template, expected) in cases {
        assert_eq!(rendered(&template), expected, "{template}");
    }
}

#[test]
fn to_date_gives_the_zero_time_on_error_and_must_to_date_the_error() {
    assert_eq!(rendered("{{ toDate \"2006-01-02\" \"nope\" }}"), "0001-01-01 00:00:00 +0000 UTC");
    let error = render("{{ mustToDate \"2006-01-02\" \"2024-02-30\" }}").unwrap_err();
    assert!(error.ends_with("error calling mustToDate: parsing time \"2024-02-30\": day out of range"), "{error}");
}

#[test]
fn date_modify_adds_go_durations() {
    let date = "(toDate \"2006-01-02T15:04:05Z07:00\" \"2024-03-01T10:00:00+02:00\")";
    assert_eq!(rendered(&format!("{{{{ dateModify \"1.5h\" {date} }}}}")), "2024-03-01 11:30:00 +0200 +0200");
    assert_eq!(
        rendered("{{ dateModify \"-1h30m\" (toDate \"2006-01-02\" \"2024-03-01\") }}"),
        "2024-02-29 22:30:00 +0000 UTC"
    );
    assert_eq!(
        rendered("{{ dateModify \"xyz\" (toDate \"2006-01-02\" \"2024-03-01\") }}"),
        "2024-03-01 00:00:00 +0000 UTC"
    );
    assert_eq!(rendered("{{ dateModify \"1.5h\" now }}"), "2026-12-06 15:09:05.606389671 +0000 UTC m=+5400.040684259");
    assert_eq!(
        rendered("{{ date \".9 .99 .000000000 05.999999\" (dateModify \"120ms\" (toDate \"2006\" \"2024\")) }}"),
        ".1 .12 .120000000 00.12"
    );
    let error = render("{{ mustDateModify \"1d\" now }}").unwrap_err();
    assert!(error.ends_with("error calling mustDateModify: time: unknown unit \"d\" in duration \"1d\""), "{error}");
    let error = render("{{ dateModify \"1h\" \"2024\" }}").unwrap_err();
    assert!(error.contains("can't handle \"2024\" for arg of type time.Time"), "{error}");
}

#[test]
fn a_named_zone_keeps_its_rules_across_a_daylight_saving_change() {
    let template = "{{ dateInZone \"2006-01-02\" (toDate \"2006-01-02\" \"2024-03-09\") \"America/New_York\" | len }}";
    assert_eq!(rendered(template), "10");
    let moved = super::add(&super::in_zone(&Time::utc(1_710_050_400, 0), "America/New_York"), 3600 * 1_000_000_000);
    assert_eq!(moved.format("2006-01-02 15:04 MST"), "2024-03-10 03:00 EDT");
}

#[test]
fn unix_epoch_ago_duration_and_duration_round() {
    assert_eq!(rendered("{{ unixEpoch (toDate \"2006-01-02\" \"2024-03-01\") }}"), "1709251200");
    assert_eq!(rendered("{{ ago 1700000000 }}"), "26823h25m46s");
    assert_eq!(rendered("{{ ago (dateModify \"-90s\" now) }}"), "1m30s");
    assert_eq!(
        rendered("{{ duration \"-90\" }} {{ duration \"1.5\" }} {{ duration \"3723\" }} {{ duration (int64 5000000) }} {{ duration \"x\" }} {{ duration 1.5 }}"),
        "-1m30s 0s 1h2m3s 1388h53m20s 0s 0s"
    );
    // Sprig counts an int64 only: the literal `90` is an int, so Helm 4.1.4 prints 0s for it.
    assert_eq!(rendered("{{ duration 90 }} {{ duration (int64 90) }} {{ duration (add 60 30) }}"), "0s 1m30s 1m30s");
    assert_eq!(rendered("{{ durationRound (toDate \"2006\" \"2025\") }} {{ durationRound \"2h10m5s\" }}"), "1y 2h");
}

#[test]
fn wrong_argument_counts_are_errors() {
    let error = render("{{ date \"2006\" }}").unwrap_err();
    assert!(error.contains("wrong number of args for date: want 2 got 1"), "{error}");
}
