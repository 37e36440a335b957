//! Calendar words and arithmetic for the checker: dates in words
//! ("Wednesday, May 3, 2017"), month lengths, distances, and the ranking of
//! alternative readings by plausibility.
//!
//! Ranking: a reading costs the fields it changes (a weekday least, then
//! the day, the month, the year) plus the base-2 logarithm of its distance
//! in days from the publication date (or from the written date, for dates
//! more than a year away from publication), plus a penalty when it
//! contradicts the tense of its verb. The cheapest reading comes first.

use super::Suggestion;
use crate::text::Tense;
use crate::timex::value::Point;
use chrono::{Datelike, NaiveDate, Weekday};

use crate::timex::lexicon::MONTH_NAMES as MONTHS;

/// "Monday".
pub(crate) fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// "April" for 4; "month 13" for nonsense.
pub(crate) fn month_name(m: u32) -> String {
    match m.checked_sub(1).and_then(|i| MONTHS.get(i as usize)) {
        Some(n) => (*n).to_string(),
        None => format!("month {m}"),
    }
}

/// "April 3, 2017".
pub(crate) fn short(d: NaiveDate) -> String {
    format!("{} {}, {}", month_name(d.month()), d.day(), d.year())
}

/// "Wednesday, May 3, 2017".
pub(crate) fn long(d: NaiveDate) -> String {
    format!("{}, {}", weekday_name(d.weekday()), short(d))
}

/// "May 2017".
pub(crate) fn month_year(y: i32, m: u32) -> String {
    format!("{} {y}", month_name(m))
}

/// The TIMEX3 value of a day.
pub(crate) fn value(d: NaiveDate) -> String {
    Point::Day(d).value()
}

/// The TIMEX3 value of a year (`BC0044` for -43), or `None` when TIMEX3
/// cannot write it (`timex::value::WRITABLE_YEARS`).
pub(crate) fn year_value(y: i64) -> Option<String> {
    let p = Point::Year(i32::try_from(y).ok()?);
    p.is_writable().then(|| p.value())
}

/// A date, or `None` when it does not exist.
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Days in month `m` of year `y` (0 for a month that does not exist).
pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| ymd(y, m, *d).is_some())
        .unwrap_or(0)
}

/// Whether `y` is a leap year.
pub(crate) fn is_leap(y: i32) -> bool {
    ymd(y, 2, 29).is_some()
}

/// The Monday of the week of `d`, when it is in chrono's range.
pub(crate) fn monday(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_days(chrono::Days::new(u64::from(
        d.weekday().num_days_from_monday(),
    )))
}

/// The day halfway through an interval.
pub(crate) fn mid(w: (NaiveDate, NaiveDate)) -> NaiveDate {
    w.0.checked_add_signed((w.1 - w.0) / 2).unwrap_or(w.0)
}

/// Signed days from `a` to `b`.
pub(crate) fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// "3 days before the publication date", "the publication date itself", "1 day after ...".
pub(crate) fn relation_to(d: NaiveDate, pubd: NaiveDate) -> String {
    let n = days(pubd, d);
    match n {
        0 => "the publication date itself".to_string(),
        n if n < 0 => format!("{} before publication", count(-n, "day")),
        n => format!("{} after publication", count(n, "day")),
    }
}

/// "1 day", "3 days".
pub(crate) fn count(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// Which field of the written date a reading changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// The weekday.
    Weekday,
    /// The day of the month.
    Day,
    /// The month.
    Month,
    /// The day overflowing into the next month ("April 31" as May 1).
    Overflow,
    /// The year.
    Year,
}

impl Change {
    fn cost(self) -> f64 {
        match self {
            Change::Weekday => 0.0,
            Change::Day => 0.5,
            Change::Month | Change::Overflow => 1.0,
            Change::Year => 1.5,
        }
    }
}

/// An alternative reading of a date, before ranking.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub date: NaiveDate,
    pub change: Change,
    /// What it changes, in words ("the month changed: May for April").
    pub note: String,
}

/// Ranks readings (see the module documentation) and turns the best
/// `limit` into suggestions. `written` is the date as the text gives it,
/// when it exists; `tense` is the tense of the verb the date goes with.
pub(crate) fn rank(
    readings: Vec<Reading>,
    pubd: NaiveDate,
    written: Option<NaiveDate>,
    tense: Tense,
    tense_word: Option<&str>,
    limit: usize,
) -> Vec<Suggestion> {
    let near = match written {
        Some(w) if days(pubd, w).abs() > 366 => w,
        _ => pubd,
    };
    let mut scored: Vec<(f64, Reading)> = Vec::new();
    for r in readings {
        if scored.iter().any(|(_, s)| s.date == r.date) {
            continue;
        }
        let dist = days(near, r.date).unsigned_abs() as f64;
        let against_tense = match tense {
            Tense::Past => r.date > pubd,
            Tense::Future => r.date < pubd,
            _ => false,
        };
        let score = r.change.cost() + (1.0 + dist).log2() + if against_tense { 3.0 } else { 0.0 };
        scored.push((score, r));
    }
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, r)| {
            let mut reason = r.note.clone();
            if days(pubd, r.date).abs() <= 366 {
                reason.push_str(&format!("; {}", relation_to(r.date, pubd)));
                let verb = tense_word
                    .map(|w| format!("\u{201c}{w}\u{201d}"))
                    .unwrap_or_else(|| "its verb".to_string());
                match tense {
                    Tense::Past if r.date <= pubd => {
                        reason.push_str(&format!(", in the past like {verb}"))
                    }
                    Tense::Future if r.date >= pubd => {
                        reason.push_str(&format!(", in the future like {verb}"))
                    }
                    _ => {}
                }
            }
            Suggestion {
                value: value(r.date),
                text: long(r.date),
                reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_lengths() {
        let d = NaiveDate::from_ymd_opt(2017, 5, 3).unwrap_or_default();
        assert_eq!(long(d), "Wednesday, May 3, 2017");
        assert_eq!(days_in_month(2020, 2), 29);
        assert_eq!(days_in_month(2021, 2), 28);
        assert_eq!(days_in_month(2021, 13), 0);
        assert!(!is_leap(1900) && is_leap(2000));
        assert_eq!(month_name(0), "month 0");
    }

    #[test]
    fn suggested_years_are_timex3_values() {
        // "the 2,000th anniversary" in 2017 fits 17 AD; in 1999, 2 BC
        assert_eq!(year_value(17).as_deref(), Some("0017"));
        assert_eq!(year_value(-1).as_deref(), Some("BC0002"));
        assert_eq!(year_value(0).as_deref(), Some("BC0001"));
        assert_eq!(year_value(10_000), None);
        assert_eq!(year_value(-9_999), None);
        assert_eq!(year_value(i64::MIN), None);
    }
}
