//! `invalid_date`: a date that does not exist ("Feb. 29, 2021", "April 31",
//! "Sept. 31") or a time of day that does not ("25:10").
//!
//! The resolver keeps such values as written and records the step
//! `invalid_date` or `invalid_time` (hour 24 with minutes, "24:30", it
//! keeps as a time; this check catches that too); this check explains them. A February 29
//! without a year is left alone when a leap year lies within a year of
//! publication (the year is then ambiguous).

use super::calendar::{self, Change, Reading};
use super::{fields, step, Ctx, Finding, FindingKind, Severity, Suggestion};
use crate::text::Tense;
use crate::timex::expr::{Clock, Expr};
use chrono::{Datelike, NaiveDate};

/// Runs the check over every timex the resolver could not place.
pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.doc.timexes {
        match step(t) {
            "invalid_date" => date(cx, t, out),
            "invalid_time" => time(cx, t, out),
            // "24:30": the resolver keeps hour 24 (midnight) and its minutes
            _ if matches!(
                t.expr,
                Expr::WithTime {
                    clock: Clock::At {
                        hour: 24,
                        minute: 1..,
                        ..
                    },
                    ..
                }
            ) =>
            {
                time(cx, t, out)
            }
            _ => {}
        }
    }
}

fn date(cx: &Ctx, t: &crate::Timex, out: &mut Vec<Finding>) {
    let Some(f) = fields(&t.expr) else { return };
    let (Some(m), Some(d)) = (f.month, f.day) else {
        return;
    };
    if !(1..=12).contains(&m) || d == 0 {
        return;
    }
    let py = cx.pubd.year();
    let y = f
        .year
        .or_else(|| t.value.get(..4).and_then(|s| s.parse().ok()))
        .unwrap_or(py);
    let dim = calendar::days_in_month(y, m);
    if d <= dim {
        return; // not invalid after all
    }
    let leap_day = m == 2 && d == 29;
    if leap_day && f.year.is_none() && (py - 1..=py + 1).any(calendar::is_leap) {
        return;
    }
    let month = calendar::month_name(m);
    let (message, fact) = if leap_day {
        (
            format!(
                "{}: {y} is not a leap year, so February {y} has 28 days",
                t.text
            ),
            format!("{y} is not a leap year: February {y} has 28 days"),
        )
    } else if d > 31 {
        (
            format!("{}: no month has {d} days", t.text),
            format!("no month has {d} days"),
        )
    } else {
        (
            format!(
                "{}: {month} has {dim} days, so there is no {month} {d}",
                t.text
            ),
            format!("{month} has {dim} days"),
        )
    };
    let mut facts = vec![fact];
    if f.year.is_none() {
        facts.push(format!(
            "the year is not written: {y} is implied by the publication date {} ({}), and no year within one year of it is a leap year",
            cx.pubd, cx.doc.document.published_source
        ));
    }
    let Some(last) = calendar::ymd(y, m, dim) else {
        return;
    };
    let mut readings = vec![Reading {
        date: last,
        change: Change::Day,
        note: format!("the last day of {month} {y}"),
    }];
    if d == dim + 1 {
        if let Some(next) = last.succ_opt() {
            readings.push(Reading {
                date: next,
                change: Change::Overflow,
                note: format!(
                    "the day after {} (the count run over)",
                    calendar::short(last)
                ),
            });
        }
    }
    if leap_day && f.year.is_some() {
        for dir in [-1, 1] {
            if let Some(o) = (1..=8).map(|k| y + k * dir).find(|o| calendar::is_leap(*o)) {
                if let Some(x) = calendar::ymd(o, 2, 29) {
                    readings.push(Reading {
                        date: x,
                        change: Change::Year,
                        note: format!("the nearest leap year ({o} for {y})"),
                    });
                }
            }
        }
    }
    if d <= 31 && !leap_day {
        for o in [m.wrapping_sub(1), m + 1] {
            if let Some(x) = calendar::ymd(y, o, d) {
                readings.push(Reading {
                    date: x,
                    change: Change::Month,
                    note: format!("the month changed: {} for {month}", calendar::month_name(o)),
                });
            }
        }
    }
    let suggestions = calendar::rank(readings, cx.pubd, Some(last), Tense::None, None, 3);
    let severity = if f.year.is_some() || !leap_day {
        Severity::Error
    } else {
        Severity::Warning
    };
    out.push(cx.finding(
        FindingKind::InvalidDate,
        severity,
        t.bytes,
        message,
        suggestions,
        cx.evidence_of(&t.id, facts),
    ));
}

fn time(cx: &Ctx, t: &crate::Timex, out: &mut Vec<Finding>) {
    let Expr::WithTime {
        clock: Clock::At { hour, minute, .. },
        ..
    } = t.expr
    else {
        return;
    };
    // only an HH:MM written with a separator is read as a clock time here
    if !t.text.contains([':', '.']) {
        return;
    }
    let day = t
        .value
        .split('T')
        .next()
        .unwrap_or("XXXX-XX-XX")
        .to_string();
    let date: Option<NaiveDate> = day.parse().ok();
    let at = |h: u32, m: u32| format!("{day}T{h:02}:{m:02}");
    let mut suggestions = Vec::new();
    let (message, fact) = if hour > 24 || (hour == 24 && minute > 0) {
        if hour >= 10 && hour - 10 <= 23 && minute <= 59 {
            suggestions.push(Suggestion {
                value: at(hour - 10, minute),
                text: format!("{:02}:{minute:02}", hour - 10),
                reason: "one digit of the hour changed".into(),
            });
        }
        if hour < 48 && minute <= 59 {
            let next = date.and_then(|d| d.succ_opt());
            suggestions.push(Suggestion {
                value: match next {
                    Some(n) => format!("{}T{:02}:{minute:02}", calendar::value(n), hour - 24),
                    None => format!("XXXX-XX-XXT{:02}:{minute:02}", hour - 24),
                },
                text: format!("{:02}:{minute:02} the next day", hour - 24),
                reason: "the hours counted on past midnight".into(),
            });
        }
        (
            format!("{}: the day has 24 hours, so there is no {hour}:{minute:02}", t.text),
            format!("hours run from 00 to 23 (24:00 is midnight at the end of the day); {hour} is out of range"),
        )
    } else if minute > 59 {
        let (a, b) = (minute / 10, minute % 10);
        let swapped = b * 10 + a;
        if swapped <= 59 {
            suggestions.push(Suggestion {
                value: at(hour, swapped),
                text: format!("{hour:02}:{swapped:02}"),
                reason: "the digits of the minutes swapped".into(),
            });
        }
        if hour < 23 {
            suggestions.push(Suggestion {
                value: at(hour + 1, minute - 60),
                text: format!("{:02}:{:02}", hour + 1, minute - 60),
                reason: "the minutes counted on past the hour".into(),
            });
        }
        (
            format!(
                "{}: an hour has 60 minutes, so there is no minute {minute}",
                t.text
            ),
            format!("minutes run from 00 to 59; {minute} is out of range"),
        )
    } else {
        return;
    };
    out.push(cx.finding(
        FindingKind::InvalidDate,
        Severity::Error,
        t.bytes,
        message,
        suggestions,
        cx.evidence_of(&t.id, vec![fact]),
    ));
}
