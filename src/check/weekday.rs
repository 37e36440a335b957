//! `weekday_mismatch`: a weekday written with a date that falls on another
//! weekday ("Wednesday, April 3rd" in 2017), also when the year is only
//! implied by the publication date.
//!
//! Abstains when the weekday may belong to another date (the date is the
//! subject of its own clause: "said Tuesday, March 5 would be the
//! deadline"), and, for a year the text leaves out, when the expression is
//! inside quotation marks or another year within half a year of
//! publication fits the weekday (the year is then ambiguous).

use super::calendar::{self, Change, Reading};
use super::{fields, step, Ctx, Finding, FindingKind, Severity};
use crate::text::{clause_tense_around, Span, Tense};
use chrono::{Datelike, NaiveDate, Weekday};

/// Runs the check over every timex with a weekday and a day of month.
pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.doc.timexes {
        let Some(f) = fields(&t.expr) else { continue };
        let (Some(wd), Some(m), Some(d)) = (f.weekday, f.month, f.day) else {
            continue;
        };
        if step(t) == "invalid_date" {
            continue;
        }
        let y = match (f.year, t.first) {
            (Some(y), _) => y,
            (None, Some(first)) => first.year(),
            (None, None) => continue,
        };
        let Some(date) = calendar::ymd(y, m, d) else {
            continue;
        };
        if date.weekday() == wd {
            continue;
        }
        let span = weekday_span(cx.slice(t.bytes), wd)
            .map(|o| Span::new(t.bytes.start + o, t.bytes.end))
            .unwrap_or(t.bytes);
        if cx.date_is_subject(t.bytes) {
            continue;
        }
        let py = cx.pubd.year();
        let sentence = cx.sentence(t.bytes.start);
        let tense = clause_tense_around(cx.text, sentence, t.bytes);
        if f.year.is_none() {
            if cx.in_quote(t.bytes.start) {
                continue;
            }
            // Another year near publication that fits the weekday makes the
            // year ambiguous when it is close, or when it agrees with the
            // tense and the year taken does not ("opened on Tuesday, Jan. 2"
            // in late December).
            let side_ok = |x: NaiveDate| match tense {
                Tense::Past => x <= cx.pubd,
                Tense::Future => x >= cx.pubd,
                _ => true,
            };
            let ambiguous = (py - 1..=py + 1).filter(|o| *o != y).any(|o| {
                calendar::ymd(o, m, d).is_some_and(|x| {
                    x.weekday() == wd
                        && (calendar::days(cx.pubd, x).abs() <= 183
                            || (side_ok(x) && !side_ok(date)))
                })
            });
            if ambiguous {
                continue;
            }
        }
        let verb = if date <= cx.pubd { "was" } else { "is" };
        let message = format!(
            "{}: {} {verb} a {}, not a {}",
            cx.slice(span),
            calendar::short(date),
            calendar::weekday_name(date.weekday()),
            calendar::weekday_name(wd)
        );
        let mut facts = vec![format!(
            "{} {verb} a {}",
            calendar::short(date),
            calendar::weekday_name(date.weekday())
        )];
        if f.year.is_none() {
            facts.push(format!(
                "the year is not written: {y} is implied by the publication date {} ({})",
                cx.pubd, cx.doc.document.published_source
            ));
            if let Some(o) = nearest_year(m, d, wd, y) {
                facts.push(format!(
                    "the nearest year in which {} {d} is a {} is {o}",
                    calendar::month_name(m),
                    calendar::weekday_name(wd)
                ));
            }
        }
        let suggestions = calendar::rank(
            readings(date, wd, f.year.is_some()),
            cx.pubd,
            Some(date),
            tense,
            None,
            3,
        );
        let severity = if f.year.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(cx.finding(
            FindingKind::WeekdayMismatch,
            severity,
            span,
            message,
            suggestions,
            cx.evidence_of(&t.id, facts),
        ));
    }
}

/// Byte offset of the weekday word inside a timex's text.
fn weekday_span(s: &str, wd: Weekday) -> Option<usize> {
    let name = &calendar::weekday_name(wd)[..3];
    let lower = s.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    lower.match_indices(&name).map(|(i, _)| i).find(|i| {
        *i == 0
            || !lower[..*i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The nearest year (other than `y`) in which month `m`, day `d` is a `wd`.
fn nearest_year(m: u32, d: u32, wd: Weekday, y: i32) -> Option<i32> {
    (1..=28)
        .flat_map(|k| [y - k, y + k])
        .find(|o| calendar::ymd(*o, m, d).is_some_and(|x| x.weekday() == wd))
}

/// The readings that change one field: the weekday (the date as written),
/// the day (nearest in the same month), the month (nearest in the same
/// year), and, when the year is written, the year.
fn readings(date: NaiveDate, wd: Weekday, year_written: bool) -> Vec<Reading> {
    let mut r = vec![Reading {
        date,
        change: Change::Weekday,
        note: format!(
            "the date as written, with its own weekday ({} for {})",
            calendar::weekday_name(date.weekday()),
            calendar::weekday_name(wd)
        ),
    }];
    let (y, m, d) = (date.year(), date.month(), date.day());
    for k in 1..=6i64 {
        for sign in [1i64, -1] {
            if let Some(x) = date
                .checked_add_signed(chrono::Duration::days(k * sign))
                .filter(|x| x.month() == m && x.weekday() == wd)
            {
                r.push(Reading {
                    date: x,
                    change: Change::Day,
                    note: format!(
                        "the weekday and month as written, with the day changed ({} for {d})",
                        x.day()
                    ),
                });
            }
        }
    }
    let mut months: Vec<u32> = (1..=12).filter(|o| *o != m).collect();
    months.sort_by_key(|o| (i64::from(*o) - i64::from(m)).abs());
    let mut found = (false, false);
    for o in months {
        let later = o > m;
        if (later && found.1) || (!later && found.0) {
            continue;
        }
        if let Some(x) = calendar::ymd(y, o, d).filter(|x| x.weekday() == wd) {
            r.push(Reading {
                date: x,
                change: Change::Month,
                note: format!(
                    "the weekday as written, with the month changed ({} for {})",
                    calendar::month_name(o),
                    calendar::month_name(m)
                ),
            });
            if later {
                found.1 = true;
            } else {
                found.0 = true;
            }
        }
    }
    if year_written {
        for dir in [-1, 1] {
            if let Some(o) = (1..=28)
                .map(|k| y + k * dir)
                .find(|o| calendar::ymd(*o, m, d).is_some_and(|x| x.weekday() == wd))
            {
                if let Some(x) = calendar::ymd(o, m, d) {
                    r.push(Reading {
                        date: x,
                        change: Change::Year,
                        note: format!(
                            "the weekday, month and day as written, with the year changed ({o} for {y})"
                        ),
                    });
                }
            }
        }
    }
    r
}
