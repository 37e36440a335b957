//! `relative_vs_absolute`: a relative expression that contradicts the
//! absolute date written beside it: "last month, on August 4" in an article
//! of October 20; "next year, in 2016" in a 2018 article; "ten days later,
//! on June 30" after June 12.
//!
//! Only pairs written side by side are compared (the relative expression,
//! then the date with at most a comma, a dash or "on"/"in" between them;
//! or the date, a comma, then the relative expression). Each relative
//! expression is given the window a careful writer could mean by it:
//! calendar units for "last month" and "next year"; the past seven days as
//! well as the last calendar week for "last week"; half a unit either way
//! for counts ("three years ago" is any time from two and a half to three
//! and a half years back); a day either way for counts of days from two
//! up. A date without its year is compared in every year near
//! publication. A count from the narrative ("ten days later") is compared
//! with every date in the same and the previous sentence it could count
//! from, and with the resolver's own reading; the pair is reported only
//! when none fits.

use super::calendar::{self, count};
use super::{fields, rule, step, Ctx, Evidence, Finding, FindingKind, Severity, Suggestion};
use crate::timex::expr::{Expr, Unit};
use crate::timex::value::{shift_date, Point};
use crate::timex::{Anchor, Timex, TimexType};
use chrono::{Datelike, Days, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

static SEP_AFTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*(?:,|\(|—|–|--)?\s*(?:(?:on|in)\s+)?$").ok());
static SEP_BEFORE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*(?:,|—|–|--|\()\s*$").ok());

/// What a relative expression counts from and how.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    /// "yesterday", "last week", "next month", "this year": calendar units from publication.
    Calendar(Unit, i32),
    /// "the past week", "the next three months": the span between publication and the count.
    Rolling(Unit, i32),
    /// "three years ago", "two weeks from now".
    Counted(Unit, i32),
    /// "ten days later", "the following day": from the date the narrative is at.
    Narrative(Unit, i32),
    /// "last Friday", "next March": the resolver's reading, give or take one cycle.
    Directed(i32),
}

/// Runs the check over adjacent pairs of timexes.
pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let tx = &cx.doc.timexes;
    let (Some(after), Some(before)) = (SEP_AFTER.as_ref(), SEP_BEFORE.as_ref()) else {
        return;
    };
    for i in 0..tx.len().saturating_sub(1) {
        let (a, b) = (&tx[i], &tx[i + 1]);
        if cx.sentence_index(a.bytes.start) != cx.sentence_index(b.bytes.start) {
            continue;
        }
        let Some(gap) = cx.text.get(a.bytes.end..b.bytes.start) else {
            continue;
        };
        let pair = match (relative(a), relative(b)) {
            (Some(r), None) if after.is_match(gap) && absolute(b) => Some((a, r, b, i)),
            (None, Some(r)) if before.is_match(gap) && absolute(a) => Some((b, r, a, i + 1)),
            _ => None,
        };
        let Some((rel_t, rel, abs_t, rel_index)) = pair else {
            continue;
        };
        // "last year's champion": a possessive is not a time adverbial
        let rest = cx.text.get(rel_t.bytes.end..).unwrap_or("");
        if rest.starts_with("'s") || rest.starts_with("’s") {
            continue;
        }
        if cx.in_quote(rel_t.bytes.start) {
            continue;
        }
        compare(cx, rel_t, rel, abs_t, rel_index, out);
    }
    for t in tx {
        directed_weekday_date(cx, t, out);
    }
}

/// "Last Sunday, Feb. 16": one expression whose weekday is directed from
/// publication. The date must be the weekday "last" (or "next", "this")
/// gives, or the same weekday a week further out.
fn directed_weekday_date(cx: &Ctx, t: &Timex, out: &mut Vec<Finding>) {
    let Some(f) = fields(&t.expr) else { return };
    let (Some(wd), Some(_), Some(_)) = (f.weekday, f.month, f.day) else {
        return;
    };
    let before = cx.text.get(..t.bytes.start).unwrap_or("");
    let word = before
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_ascii_lowercase();
    let by = match word.as_str() {
        "last" | "past" => -1,
        "next" | "coming" => 1,
        "this" => 0,
        _ => return,
    };
    if cx.in_quote(t.bytes.start) || step(t) == "invalid_date" {
        return;
    }
    let p = cx.pubd;
    let back = i64::from((7 + p.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7);
    let day = |n: i64| p.checked_add_signed(chrono::Duration::days(n));
    let ds: Vec<NaiveDate> = match by {
        -1 => {
            let b = if back == 0 { 7 } else { back };
            [day(-b), day(-b - 7)].into_iter().flatten().collect()
        }
        1 => {
            let fwd = if back == 0 { 7 } else { 7 - back };
            [day(fwd), day(fwd + 7)].into_iter().flatten().collect()
        }
        _ => calendar::monday(p)
            .and_then(|mon| mon.checked_add_days(Days::new(u64::from(wd.num_days_from_monday()))))
            .into_iter()
            .collect(),
    };
    let cands = candidates(t, p);
    if ds
        .iter()
        .any(|d| cands.iter().any(|c| c.0 <= *d && *d <= c.1))
    {
        return;
    }
    let Some(&main) = ds.first() else { return };
    let Some(&near) = cands.iter().min_by_key(|c| calendar::days(c.0, main).abs()) else {
        return;
    };
    let word_start = before.trim_end().len().saturating_sub(word.len());
    let span = crate::text::Span::new(word_start, t.bytes.end);
    let phrase = format!("{word} {}", calendar::weekday_name(wd));
    let message = format!(
        "\u{201c}{phrase}\u{201d} is {} (counted from {}), not {} ({})",
        calendar::short(main),
        cx.pub_phrase(),
        calendar::short(near.0),
        calendar::relation_to(near.0, p)
    );
    let facts = vec![
        format!("\u{201c}{phrase}\u{201d} is {}", calendar::long(main)),
        format!(
            "publication date {} ({})",
            p, cx.doc.document.published_source
        ),
    ];
    let suggestions = vec![
        Suggestion {
            value: calendar::value(main),
            text: calendar::long(main),
            reason: format!("the date \u{201c}{phrase}\u{201d} gives"),
        },
        Suggestion {
            value: calendar::value(near.0),
            text: calendar::long(near.0),
            reason: format!("the date as written, without \u{201c}{word}\u{201d}"),
        },
    ];
    out.push(cx.finding(
        FindingKind::RelativeVsAbsolute,
        Severity::Warning,
        span,
        message,
        suggestions,
        cx.evidence_of(&t.id, facts),
    ));
}

/// The relative reading of a timex, if it has one this check can use.
fn relative(t: &Timex) -> Option<Rel> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) || t.modifier.is_some() {
        return None;
    }
    let e = match &t.expr {
        Expr::WithTime { date: Some(d), .. } => d.as_ref(),
        e => e,
    };
    // read only for the expressions that ask (most are not shifts)
    let rolling = || {
        let lower = t.text.to_lowercase();
        lower.contains("past")
            || lower.contains("coming")
            || lower.starts_with("the last")
            || lower.starts_with("the next")
    };
    match e {
        Expr::Shift {
            unit,
            by: Some(n),
            anchor,
        } => {
            if !matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year) {
                return None;
            }
            Some(match anchor {
                Anchor::Narrative => Rel::Narrative(*unit, *n),
                Anchor::Publication if rule(t) == "ago_later" => Rel::Counted(*unit, *n),
                Anchor::Publication if rolling() => Rel::Rolling(*unit, *n),
                Anchor::Publication => Rel::Calendar(*unit, *n),
            })
        }
        Expr::Directed { by, .. } if t.first.is_some() => Some(Rel::Directed(*by)),
        _ => None,
    }
}

/// Whether a timex states an absolute date: a year, or a month and day.
fn absolute(t: &Timex) -> bool {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) || step(t) == "invalid_date" {
        return false;
    }
    match fields(&t.expr) {
        Some(f) => f.year.is_some() || f.month.is_some(),
        None => false,
    }
}

/// The intervals a stated date may denote: one when the year is written,
/// one per year near publication when it is not.
fn candidates(t: &Timex, pubd: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let Some(f) = fields(&t.expr) else {
        return Vec::new();
    };
    let years: Vec<i32> = match f.year {
        Some(y) => vec![y],
        None => (pubd.year() - 2..=pubd.year() + 2).collect(),
    };
    years
        .into_iter()
        .filter_map(|y| {
            let p = match (f.month, f.day) {
                (Some(m), Some(d)) => Point::Day(calendar::ymd(y, m, d)?),
                (Some(m), None) => Point::Month(y, m),
                _ => Point::Year(y),
            };
            p.interval()
        })
        .collect()
}

/// Half a unit (in days), the slack a count of `n` units is read with.
fn slack(unit: Unit, n: i32) -> u64 {
    match unit {
        Unit::Day if n.abs() >= 2 => 1,
        Unit::Day => 0,
        Unit::Week => 3,
        Unit::Month => 15,
        Unit::Year => 183,
        _ => 0,
    }
}

fn widen(w: (NaiveDate, NaiveDate), by: u64) -> (NaiveDate, NaiveDate) {
    (
        w.0.checked_sub_days(Days::new(by)).unwrap_or(w.0),
        w.1.checked_add_days(Days::new(by)).unwrap_or(w.1),
    )
}

fn shift(d: NaiveDate, unit: Unit, n: i32) -> Option<NaiveDate> {
    shift_date(d, unit, i64::from(n))
}

/// The windows a publication-anchored relative expression allows.
fn windows(rel: Rel, t: &Timex, pubd: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let p = pubd;
    let day = |n: i64| p.checked_add_signed(chrono::Duration::days(n));
    let w: Option<(NaiveDate, NaiveDate)> = match rel {
        Rel::Calendar(Unit::Week, -1) => {
            let mon = calendar::monday(p);
            mon.and_then(|m| m.checked_sub_days(Days::new(7)))
                .zip(day(-1))
        }
        Rel::Calendar(Unit::Week, 1) => {
            let sun = calendar::monday(p).and_then(|m| m.checked_add_days(Days::new(13)));
            day(1).zip(sun)
        }
        Rel::Calendar(unit, n) => {
            shift(p, unit, n).and_then(|d| Point::containing(d, unit).interval())
        }
        Rel::Rolling(unit, n) => {
            let far = shift(p, unit, n);
            far.map(|f| if f < p { (f, p) } else { (p, f) })
                .map(|w| widen(w, 1))
        }
        Rel::Counted(unit, n) => shift(p, unit, n).map(|c| widen((c, c), slack(unit, n))),
        Rel::Directed(by) => {
            let (Some(f), Some(l)) = (t.first, t.last) else {
                return Vec::new();
            };
            let mut v = vec![(f, l)];
            // "last Friday" may be the Friday of last week; "last March" a year earlier
            let cycle = if f == l { Unit::Week } else { Unit::Year };
            if by != 0 {
                if let (Some(f2), Some(l2)) = (shift(f, cycle, by), shift(l, cycle, by)) {
                    v.push((f2, l2));
                }
            }
            return v;
        }
        Rel::Narrative(..) => None,
    };
    w.into_iter().collect()
}

fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// The dates a narrative count may start from: every dated timex in the
/// same or the previous sentence before it.
fn narrative_anchors<'a>(cx: &Ctx<'a>, index: usize) -> Vec<&'a Timex> {
    let tx = &cx.doc.timexes;
    let Some(t) = tx.get(index) else {
        return Vec::new();
    };
    let Some(si) = cx.sentence_index(t.bytes.start) else {
        return Vec::new();
    };
    tx[..index]
        .iter()
        .rev()
        .filter(|x| {
            cx.sentence_index(x.bytes.start)
                .is_some_and(|s| s + 1 >= si && s <= si)
        })
        .filter(|x| matches!(x.kind, TimexType::Date | TimexType::Time) && x.first.is_some())
        .collect()
}

fn compare(cx: &Ctx, rel_t: &Timex, rel: Rel, abs_t: &Timex, index: usize, out: &mut Vec<Finding>) {
    let pubd = cx.pubd;
    let cands = candidates(abs_t, pubd);
    if cands.is_empty() {
        return;
    }
    let fits =
        |ws: &[(NaiveDate, NaiveDate)]| ws.iter().any(|w| cands.iter().any(|c| overlaps(*w, *c)));
    let (ws, anchor): (Vec<(NaiveDate, NaiveDate)>, Option<&Timex>) = match rel {
        Rel::Narrative(unit, n) => {
            let anchors: Vec<&Timex> = narrative_anchors(cx, index)
                .into_iter()
                .filter(|x| x.id != abs_t.id)
                .collect();
            if anchors.is_empty() {
                return;
            }
            let mut all = Vec::new();
            // a count of days starts from a day, of months from a month at most
            let fine_enough = |x: &&Timex| match (x.first, x.last, unit_days_of(unit)) {
                (Some(f), Some(l), Some(u)) => calendar::days(f, l) < u,
                _ => false,
            };
            let anchors: Vec<&Timex> = anchors.into_iter().filter(fine_enough).collect();
            if anchors.is_empty() {
                return;
            }
            for x in &anchors {
                if let (Some(f), Some(l)) = (x.first, x.last) {
                    if let (Some(f2), Some(l2)) = (shift(f, unit, n), shift(l, unit, n)) {
                        all.push(widen((f2, l2), slack(unit, n)));
                    }
                }
            }
            if let (Some(f), Some(l)) = (rel_t.first, rel_t.last) {
                all.push(widen((f, l), slack(unit, n)));
            }
            if fits(&all) {
                return;
            }
            (all, anchors.first().copied())
        }
        _ => {
            let ws = windows(rel, rel_t, pubd);
            if ws.is_empty() || fits(&ws) {
                return;
            }
            (ws, None)
        }
    };
    let Some(main) = ws.first().copied() else {
        return;
    };
    // the stated date nearest the window, to describe and to suggest from
    // prefer a reading on the same side of publication as the window
    let side = |i: (NaiveDate, NaiveDate)| (i.1 < pubd, i.0 > pubd);
    let Some(&near) = cands.iter().min_by_key(|c| {
        let d1 = calendar::days(c.1, main.0).max(0);
        let d2 = calendar::days(main.1, c.0).max(0);
        (side(**c) != side(main), d1 + d2)
    }) else {
        return;
    };
    let abs_f = fields(&abs_t.expr);
    let year_written = abs_f.is_some_and(|f| f.year.is_some());
    let has_day = abs_f.is_some_and(|f| f.day.is_some());
    let window_text = describe_window(rel, main, anchor);
    let abs_text = describe_abs(
        near,
        has_day,
        abs_f.is_some_and(|f| f.month.is_some()),
        year_written,
    );
    let from = match (rel, anchor) {
        (Rel::Narrative(..), Some(_)) => String::new(),
        _ => format!(" (counted from {})", cx.pub_phrase()),
    };
    let extra = match (rel, anchor.and_then(|x| x.first)) {
        (Rel::Narrative(..), Some(a)) if has_day => {
            let n = calendar::days(a, near.0);
            format!(
                " ({} {} \u{201c}{}\u{201d})",
                count(n.abs(), "day"),
                if n < 0 { "before" } else { "after" },
                anchor.map(|x| x.text.as_str()).unwrap_or("")
            )
        }
        (Rel::Narrative(..), _) => String::new(),
        _ if has_day => format!(" ({})", calendar::relation_to(near.0, pubd)),
        _ => String::new(),
    };
    let message = format!(
        "\u{201c}{}\u{201d} is {window_text}{from}, not {abs_text}{extra}",
        rel_t.text
    );
    let mut facts = vec![
        format!("\u{201c}{}\u{201d} is {window_text}{from}", rel_t.text),
        format!("\u{201c}{}\u{201d} is {abs_text}{extra}", abs_t.text),
    ];
    if !year_written {
        facts.push(format!(
            "the year of \u{201c}{}\u{201d} is not written: no year within two of publication fits",
            abs_t.text
        ));
    }
    if anchor.is_none() {
        facts.push(format!(
            "publication date {} ({})",
            pubd, cx.doc.document.published_source
        ));
    }
    let suggestions = suggest(rel, rel_t, abs_t, main, near, anchor, pubd);
    let span = crate::text::Span::new(
        rel_t.bytes.start.min(abs_t.bytes.start),
        rel_t.bytes.end.max(abs_t.bytes.end),
    );
    let mut timexes = vec![rel_t.id.clone(), abs_t.id.clone()];
    if let Some(x) = anchor {
        timexes.push(x.id.clone());
    }
    let mut events = cx.events_of(&abs_t.id);
    events.extend(cx.events_of(&rel_t.id));
    events.sort();
    events.dedup();
    out.push(cx.finding(
        FindingKind::RelativeVsAbsolute,
        Severity::Warning,
        span,
        message,
        suggestions,
        Evidence {
            timexes,
            events,
            facts,
        },
    ));
}

fn describe_window(rel: Rel, w: (NaiveDate, NaiveDate), anchor: Option<&Timex>) -> String {
    match rel {
        Rel::Calendar(Unit::Month, _) => calendar::month_year(w.0.year(), w.0.month()),
        Rel::Calendar(Unit::Year, _) => w.0.year().to_string(),
        Rel::Calendar(Unit::Day, _) => calendar::long(w.0),
        Rel::Calendar(Unit::Week, n) => {
            let week = |d: NaiveDate| {
                let mon = calendar::monday(d).unwrap_or(d);
                format!("the week of {}", calendar::short(mon))
            };
            match n {
                -1 => format!("{}, or the seven days before publication", week(w.0)),
                1 => format!("{}, or the seven days after publication", week(w.1)),
                _ => week(w.0),
            }
        }
        Rel::Narrative(unit, n) => {
            let mid = calendar::mid(w);
            let what = match unit {
                Unit::Day => calendar::short(mid),
                Unit::Year => format!("around {}", mid.year()),
                _ => format!("around {}", calendar::short(mid)),
            };
            match anchor {
                Some(x) => format!(
                    "{what} ({} {} \u{201c}{}\u{201d})",
                    count(i64::from(n.abs()), unit_word(unit)),
                    if n < 0 { "before" } else { "after" },
                    x.text
                ),
                None => what,
            }
        }
        Rel::Counted(Unit::Year | Unit::Month, _) => {
            let mid = calendar::mid(w);
            format!("around {}", calendar::month_year(mid.year(), mid.month()))
        }
        Rel::Counted(..) => format!("around {}", calendar::short(calendar::mid(w))),
        Rel::Directed(_) if w.0 == w.1 => calendar::long(w.0),
        Rel::Directed(_) => calendar::month_year(w.0.year(), w.0.month()),
        _ => format!("{} to {}", calendar::short(w.0), calendar::short(w.1)),
    }
}

/// The length of a unit in days, rounded up (a month is 31, a year 366).
fn unit_days_of(u: Unit) -> Option<i64> {
    Some(match u {
        Unit::Day => 1,
        Unit::Week => 7,
        Unit::Month => 31,
        Unit::Year => 366,
        _ => return None,
    })
}

fn unit_word(u: Unit) -> &'static str {
    match u {
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        _ => "year",
    }
}

fn describe_abs(c: (NaiveDate, NaiveDate), day: bool, month: bool, year: bool) -> String {
    let d = c.0;
    match (day, month, year) {
        (true, _, true) => calendar::short(d),
        (true, _, false) => format!("{} {}", calendar::month_name(d.month()), d.day()),
        (false, true, true) => calendar::month_year(d.year(), d.month()),
        (false, true, false) => calendar::month_name(d.month()),
        _ => d.year().to_string(),
    }
}

/// Two readings: the stated date moved into the relative expression's
/// window (keeping what it can), and the stated date kept with the
/// relative expression that would fit it.
fn suggest(
    rel: Rel,
    rel_t: &Timex,
    abs_t: &Timex,
    w: (NaiveDate, NaiveDate),
    near: (NaiveDate, NaiveDate),
    anchor: Option<&Timex>,
    pubd: NaiveDate,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let f = fields(&abs_t.expr);
    let mid = calendar::mid(w);
    let (has_day, has_month) = (
        f.is_some_and(|f| f.day.is_some()),
        f.is_some_and(|f| f.month.is_some()),
    );
    // 1. the date the relative expression gives
    let moved = if has_day {
        let d = f.and_then(|f| f.day).unwrap_or(1);
        if w.0 == w.1 {
            Some(Point::Day(w.0))
        } else if calendar::days(w.0, w.1) <= 13 {
            // a week: the same weekday as the date written
            w.0.iter_days()
                .take_while(|x| *x <= w.1)
                .find(|x| x.weekday() == near.0.weekday())
                .map(Point::Day)
                .or(Some(Point::Day(mid)))
        } else {
            calendar::ymd(mid.year(), mid.month(), d)
                .filter(|x| *x >= w.0 && *x <= w.1)
                .map(Point::Day)
                .or(Some(Point::Day(mid)))
        }
    } else if has_month {
        let m = f.and_then(|f| f.month).unwrap_or(1);
        Some(Point::Month(
            mid.year(),
            if w.0.year() == w.1.year() && w.0.month() != w.1.month() {
                m
            } else {
                mid.month()
            },
        ))
    } else {
        Some(Point::Year(mid.year()))
    };
    if let Some(p) = moved {
        let text = match p {
            Point::Day(d) => calendar::long(d),
            Point::Month(y, m) => calendar::month_year(y, m),
            other => other.value(),
        };
        out.push(Suggestion {
            value: p.value(),
            text,
            reason: format!("the date \u{201c}{}\u{201d} gives", rel_t.text),
        });
    }
    // 2. the stated date kept, with the relative expression that fits it
    let (from, narrative) = match (rel, anchor.and_then(|a| a.first)) {
        (Rel::Narrative(..), Some(a)) => (a, true),
        _ => (pubd, false),
    };
    let phrase = phrase_for(rel, from, near, narrative);
    let kept = if has_day {
        Point::Day(near.0)
    } else if has_month {
        Point::Month(near.0.year(), near.0.month())
    } else {
        Point::Year(near.0.year())
    };
    let text = match kept {
        Point::Day(d) => calendar::long(d),
        Point::Month(y, m) => calendar::month_year(y, m),
        other => other.value(),
    };
    out.push(Suggestion {
        value: kept.value(),
        text,
        reason: format!(
            "the date as written, with \u{201c}{}\u{201d} read as \u{201c}{phrase}\u{201d}",
            rel_t.text
        ),
    });
    out
}

/// A relative phrase that fits `to`, counted from `from` in the unit of `rel`.
fn phrase_for(rel: Rel, from: NaiveDate, to: (NaiveDate, NaiveDate), narrative: bool) -> String {
    let unit = match rel {
        Rel::Calendar(u, _) | Rel::Rolling(u, _) | Rel::Counted(u, _) | Rel::Narrative(u, _) => u,
        Rel::Directed(_) => Unit::Day,
    };
    let target = to.0;
    let n: i64 = match unit {
        Unit::Day => calendar::days(from, target),
        Unit::Week => calendar::days(from, target) / 7,
        Unit::Month => {
            i64::from(target.year() - from.year()) * 12 + i64::from(target.month())
                - i64::from(from.month())
        }
        _ => i64::from(target.year() - from.year()),
    };
    let calendar_unit = matches!(rel, Rel::Calendar(..));
    let w = unit_word(unit);
    match (n, calendar_unit, narrative) {
        (0, _, false) if unit == Unit::Day => "today".into(),
        (0, _, false) => format!("this {w}"),
        (-1, true, false) if unit == Unit::Day => "yesterday".into(),
        (1, true, false) if unit == Unit::Day => "tomorrow".into(),
        (-1, true, false) => format!("last {w}"),
        (1, true, false) => format!("next {w}"),
        (0, _, true) => format!("the same {w}"),
        (n, _, true) if n < 0 => format!("{} earlier", count(-n, w)),
        (n, _, true) => format!("{} later", count(n, w)),
        (n, _, false) if n < 0 => format!("{} ago", count(-n, w)),
        (n, _, false) => format!("{} from now", count(n, w)),
    }
}
