//! Go's `time` names and calendar: the month and weekday names its layouts print and parse (`Jan`,
//! `January`, `Mon`, `Monday`), and proleptic Gregorian day arithmetic on days since 1970-01-01.
//!
//! It lives here because two engines print times as Go does: Terraform's `formatdate` and
//! `timestamp` family, and Go templates (Helm's `now`, `date`, `toDate`).

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// Go's month names, January first; the short form (`Jan`) is the first three letters.
pub fn month_names() -> &'static [&'static str; 12] {
    &MONTHS
}

/// Go's weekday names from Sunday (`time.Weekday` 0); the short form (`Sun`) is the first three letters.
pub fn weekday_names() -> &'static [&'static str; 7] {
    &WEEKDAYS
}

/// The weekday (0 is Sunday) of a day counted from 1970-01-01, which was a Thursday.
pub fn weekday_from_days(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day) (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A proleptic Gregorian date to days since 1970-01-01.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_index = i64::from(if month > 2 { month - 3 } else { month + 9 });
    let day_of_year = (153 * month_index + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Days in `month` of `year` (February in leap years has 29).
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_gos_and_their_short_forms_are_three_letters() {
        assert_eq!(month_names()[0], "January");
        assert_eq!(&month_names()[8][..3], "Sep");
        assert_eq!(weekday_names()[0], "Sunday");
        assert_eq!(&weekday_names()[4][..3], "Thu");
    }

    #[test]
    fn days_and_dates_round_trip_across_eras_and_leap_days() {
        for (date, days) in [
            ((1970, 1, 1), 0),
            ((2000, 2, 29), 11_016),
            ((1969, 12, 31), -1),
            ((1, 1, 1), -719_162),
            ((2024, 3, 1), 19_783),
            ((-1, 12, 31), -719_529),
        ] {
            assert_eq!(days_from_civil(date.0, date.1, date.2), days, "days_from_civil{date:?}");
            assert_eq!(civil_from_days(days), date, "civil_from_days({days})");
        }
    }

    #[test]
    fn weekdays_count_from_a_thursday() {
        assert_eq!(weekday_from_days(0), 4);
        assert_eq!(weekday_from_days(-4), 0);
        assert_eq!(weekday_from_days(days_from_civil(2024, 3, 1)), 5);
    }

    #[test]
    fn month_lengths_follow_the_gregorian_leap_rule() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 12), 31);
    }
}
