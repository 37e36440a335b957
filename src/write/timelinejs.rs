//! TimelineJS3 JSON (Knight Lab's TimelineJS), and the per-document view of
//! a timeline that both this writer and [`mod@super::html`] draw from:
//! each entry's date broken into calendar fields, a readable date, the
//! instant span it covers, and its sentence split around the time
//! expression. Building [`Document`]s is `crate::extract`'s business; how
//! the view is drawn is the writers'.
//!
//! # Schema
//!
//! One JSON object for all documents, as TimelineJS3 loads it
//! (<https://timeline.knightlab.com/docs/json-format.html>):
//!
//! ```text
//! {
//!   "title": {"text": {"headline": "Raul Castro is ready to help ...",      // first line (HTML-escaped)
//!                      "text": "Published May 5, 2017 (given). 13 dated events ..."}},
//!   "events": [                                   // one slide per timeline entry, in timeline order
//!     {"start_date": {"year": 2017, "month": 5, "day": 1},   // only the fields the value has, as numbers
//!      "end_date":   {"year": 2017, "month": 5, "day": 7},   // values covering several units: weeks,
//!                                                            // seasons, quarters, decades, parts of days
//!      "display_date": "May 1–7, 2017 (week 18)",            // when the value is not a plain date
//!      "text": {"headline": "during the meeting of the ...", // the event's description
//!               "text": "... held <mark>this week</mark> in Havana ..."}, // sentence, timex marked
//!      "group": "OCCURRENCE",                     // event class; the document id for several documents
//!      "unique_id": "e6"}                         // event id; "d2-e6" (document 2) for several documents
//!   ]
//! }
//! ```
//!
//! Date fields by value: `1960` gives `year`; `2017-05` `year`+`month`;
//! `2017-05-03` adds `day`; `2017-05-03T14:30` adds `hour`+`minute`
//! (`T24:00` is written as 00:00 the next day, hours being 0-23). A week,
//! weekend, season, quarter, half, decade or century has an `end_date`;
//! a part of a day (`TMO`) keeps the day and says "morning" in
//! `display_date`. A TIMEX3 `mod` ("early", "mid-", "late", "about")
//! shows in `display_date`.
//!
//! **Vague entries** (`PAST_REF`, `PRESENT_REF`, `FUTURE_REF`: "recently",
//! "now", "soon") are placed by default ([`Vague::Place`]) on the day the
//! timeline places them (the day before, of or after publication), with a
//! `display_date` that says the date is not stated ("“recently”: some time
//! before May 5, 2017"), so the slides are the same entries as every other
//! output. [`Vague::Omit`] leaves them out. Entries without any date are
//! always left out; either way the [`super::Writer`] reports what it left
//! out ([`super::Writer::take_notes`]).

use super::out_err;
use crate::error::Result;
use crate::timex::expr::{DayPart, YearPart};
use crate::timex::value::{parse_point, Point};
use crate::timex::Modifier;
use crate::{Document, Event, Timex};
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

/// What the timeline writers (TimelineJS, HTML) do with vague entries,
/// those dated only by `PAST_REF`, `PRESENT_REF` or `FUTURE_REF`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Vague {
    /// Show them where the timeline places them (around the publication
    /// date), marked as not stated: the default, so that every output has
    /// the same entries.
    #[default]
    Place,
    /// Leave them out (and say so on standard error).
    Omit,
}

// ------------------------------------------------------------------ the view

/// One document as the timeline writers see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocView {
    /// The document id.
    pub id: String,
    /// Its title: the first line of the text that is not only the date.
    pub title: String,
    /// The publication date used.
    #[serde(serialize_with = "crate::timex::ser_date")]
    pub published: Option<NaiveDate>,
    /// Where that date came from.
    pub published_source: String,
    /// How many findings the checker reported.
    pub findings: usize,
    /// The timeline entries, in timeline order.
    pub entries: Vec<EntryView>,
}

/// What part of a sentence a piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum PartKind {
    /// Plain text.
    #[serde(rename = "t")]
    Text,
    /// The time expression dating the event.
    #[serde(rename = "x")]
    Timex,
    /// The event trigger.
    #[serde(rename = "e")]
    Event,
}

/// A finding as the timeline writers show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FindingView {
    pub id: String,
    pub severity: &'static str,
    pub kind: &'static str,
    pub message: String,
}

/// One timeline entry as the timeline writers see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EntryView {
    /// Event id.
    pub event: String,
    /// TimeML class.
    pub class: &'static str,
    /// Trigger text.
    pub trigger: String,
    /// Short description of what happened.
    pub description: String,
    /// TIMEX3 value.
    pub value: String,
    /// The date in words ("May 1–7, 2017 (week 18)").
    pub display: String,
    /// Whether `display` says more than TimelineJS would from the fields.
    #[serde(skip)]
    pub special: bool,
    /// Placed only by a vague reference.
    pub vague: bool,
    /// Start of the span covered, in minutes since 1970-01-01 00:00
    /// (naive time); `None` when the entry has no date at all.
    pub start: Option<i64>,
    /// End of the span (exclusive; equal to `start` for an instant).
    pub end: Option<i64>,
    /// The time expression as written.
    pub timex: Option<String>,
    /// Its TIMEX3 type.
    pub timex_type: Option<&'static str>,
    /// Whether its value is stated in full in the text.
    pub stated: Option<bool>,
    /// The sentence split around the time expression and the trigger.
    pub parts: Vec<(PartKind, String)>,
    /// Set when the time expression is in another sentence.
    pub elsewhere: bool,
    /// The checker's findings about this entry.
    pub findings: Vec<FindingView>,
    /// Calendar fields for TimelineJS.
    #[serde(skip)]
    pub fields: Option<(TlDate, Option<TlDate>)>,
}

impl DocView {
    /// The view of `doc`; `text` (the input it was extracted from) gives
    /// the title, else the document id does.
    pub fn new(doc: &Document, text: Option<&str>) -> DocView {
        let events: HashMap<&str, &Event> = doc.events.iter().map(|e| (e.id.as_str(), e)).collect();
        let timexes: HashMap<&str, &Timex> =
            doc.timexes.iter().map(|t| (t.id.as_str(), t)).collect();
        let findings: HashMap<&str, &crate::check::Finding> =
            doc.findings.iter().map(|f| (f.id.as_str(), f)).collect();
        let published = doc.document.published;
        let entries = doc
            .entries
            .iter()
            .map(|entry| {
                let event = events.get(entry.event.as_str()).copied();
                let timex = entry.timex.as_deref().and_then(|t| timexes.get(t)).copied();
                let (parts, elsewhere) = match event {
                    Some(e) => sentence_parts(doc, e, timex),
                    None => (Vec::new(), false),
                };
                let when = When::of(&entry.value, entry.first, entry.last, entry.vague);
                let modifier = timex.and_then(|t| t.modifier);
                let (display, special) = when.display(modifier, timex, published);
                EntryView {
                    event: entry.event.to_string(),
                    class: event.map_or("OCCURRENCE", |e| e.class.as_str()),
                    trigger: event.map(|e| e.text.to_string()).unwrap_or_default(),
                    description: event
                        .map(|e| e.description.clone())
                        .filter(|d| !d.trim().is_empty())
                        .or_else(|| event.map(|e| e.text.to_string()))
                        .unwrap_or_else(|| entry.event.to_string()),
                    value: entry.value.to_string(),
                    display,
                    special,
                    vague: entry.vague || matches!(when, When::Vague(..) | When::Undated),
                    start: when.span().map(|s| s.0),
                    end: when.span().map(|s| s.1),
                    timex: timex.map(|t| t.text.clone()),
                    timex_type: timex.map(|t| t.kind.as_str()),
                    stated: timex.map(|t| t.stated),
                    parts,
                    elsewhere,
                    findings: entry
                        .findings
                        .iter()
                        .filter_map(|id| findings.get(id.as_str()))
                        .map(|f| FindingView {
                            id: f.id.clone(),
                            severity: f.severity.as_str(),
                            kind: f.kind.as_str(),
                            message: f.message.clone(),
                        })
                        .collect(),
                    fields: when.fields(),
                }
            })
            .collect();
        DocView {
            id: doc.document.id.clone(),
            title: text
                .and_then(|t| title_of(t, &doc.document.published_source))
                .unwrap_or_else(|| doc.document.id.clone()),
            published,
            published_source: doc.document.published_source.clone(),
            findings: doc.findings.len(),
            entries,
        }
    }

    /// Whether `e` is shown under `vague`.
    pub fn shown(e: &EntryView, vague: Vague) -> bool {
        e.fields.is_some() && !(vague == Vague::Omit && e.vague)
    }

    /// What `format` leaves out of this document (the entries `shown`
    /// rejects), as one note; `None` when nothing is left out.
    pub fn omitted_note(
        &self,
        vague: Vague,
        format: &str,
        shown: fn(&EntryView, Vague) -> bool,
    ) -> Option<String> {
        let left: Vec<String> = self
            .entries
            .iter()
            .filter(|e| !shown(e, vague))
            .map(|e| match &e.timex {
                Some(t) => format!("{} “{}” ({})", e.event, t, e.value),
                None => format!("{} ({})", e.event, e.value),
            })
            .collect();
        if left.is_empty() {
            return None;
        }
        let why = if vague == Vague::Omit {
            "vague or undated, --vague omit"
        } else {
            "no date to place them on"
        };
        let n = left.len();
        let s = if n == 1 { "entry" } else { "entries" };
        Some(format!(
            "{}: {format}: left out {n} timeline {s} ({why}): {}",
            self.id,
            left.join(", ")
        ))
    }
}

/// The first line of `text` that is more than the publication date (the
/// line `published_source` names), whitespace collapsed, at most 120
/// characters (cut at a word, with "…").
pub(crate) fn title_of(text: &str, published_source: &str) -> Option<String> {
    let date_line: Option<usize> = ["header line ", "date in line "]
        .iter()
        .find_map(|p| published_source.strip_prefix(p))
        .and_then(|n| n.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok());
    let line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .filter(|(i, _)| Some(i + 1) != date_line)
        .map(|(_, l)| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|l| !l.is_empty())?;
    Some(shorten(&line, 120))
}

/// `s` cut to at most `max` characters at a word boundary, with "…".
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(p) if p > cut.len() / 2 => &cut[..p],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

/// The event's sentence in pieces: plain text, the time expression and the
/// trigger; and whether the time expression lies outside the sentence.
/// Offsets come from the byte spans the pipeline keeps; anything that does
/// not line up gives the sentence as one plain piece.
fn sentence_parts(
    doc: &Document,
    event: &Event,
    timex: Option<&Timex>,
) -> (Vec<(PartKind, String)>, bool) {
    let sentence: &str = &event.sentence;
    let plain = vec![(PartKind::Text, sentence.to_string())];
    let Some(span) = doc
        .sentences
        .iter()
        .find(|s| s.start <= event.bytes.start && event.bytes.start < s.end.max(s.start + 1))
        .filter(|s| s.end.saturating_sub(s.start) == sentence.len())
    else {
        return (plain, timex.is_some());
    };
    let rel = |a: usize, b: usize| -> Option<(usize, usize)> {
        let (a, b) = (a.checked_sub(span.start)?, b.checked_sub(span.start)?);
        (a < b && sentence.get(a..b).is_some()).then_some((a, b))
    };
    let mut marks: Vec<(usize, usize, PartKind)> = Vec::new();
    let mut elsewhere = false;
    if let Some(t) = timex {
        match rel(t.bytes.start, t.bytes.end) {
            Some((a, b)) => marks.push((a, b, PartKind::Timex)),
            None => elsewhere = true,
        }
    }
    if let Some((a, b)) = rel(event.bytes.start, event.bytes.end) {
        if !marks.iter().any(|&(x, y, _)| a < y && x < b) {
            marks.push((a, b, PartKind::Event));
        }
    }
    marks.sort_by_key(|m| m.0);
    let mut parts = Vec::new();
    let mut at = 0;
    for (a, b, kind) in marks {
        if let Some(s) = sentence.get(at..a).filter(|s| !s.is_empty()) {
            parts.push((PartKind::Text, s.to_string()));
        }
        if let Some(s) = sentence.get(a..b) {
            parts.push((kind, s.to_string()));
        }
        at = b;
    }
    if let Some(s) = sentence.get(at..).filter(|s| !s.is_empty()) {
        parts.push((PartKind::Text, s.to_string()));
    }
    (parts, elsewhere)
}

// ------------------------------------------------------------------- dates

/// What an entry's value says about when it happened.
#[derive(Debug, Clone, Copy)]
enum When {
    /// A calendar value.
    Point(Point),
    /// Only the days it covers are known.
    Days(NaiveDate, NaiveDate),
    /// A vague reference, placed on these days.
    Vague(VagueRef, NaiveDate, NaiveDate),
    /// No date at all.
    Undated,
}

#[derive(Debug, Clone, Copy)]
enum VagueRef {
    Past,
    Present,
    Future,
    Other,
}

impl When {
    fn of(value: &str, first: Option<NaiveDate>, last: Option<NaiveDate>, vague: bool) -> When {
        let placed = first.zip(last.or(first));
        let vague_ref = match value {
            "PAST_REF" => Some(VagueRef::Past),
            "PRESENT_REF" => Some(VagueRef::Present),
            "FUTURE_REF" => Some(VagueRef::Future),
            _ if vague => Some(VagueRef::Other),
            _ => None,
        };
        if let Some(r) = vague_ref {
            return match placed {
                Some((a, b)) => When::Vague(r, a, b),
                None => When::Undated,
            };
        }
        match (
            parse_point(value).filter(|p| p.interval().is_some()),
            placed,
        ) {
            (Some(p), _) => When::Point(p),
            (None, Some((a, b))) => When::Days(a, b),
            (None, None) => When::Undated,
        }
    }

    /// Start and end (exclusive) in minutes since 1970-01-01 00:00.
    fn span(&self) -> Option<(i64, i64)> {
        let days = |a: NaiveDate, b: NaiveDate| Some((minutes(a, 0, 0)?, minutes(b, 24, 0)?));
        match *self {
            When::Point(Point::DayPart(d, p)) => {
                let (h0, h1) = day_part_hours(p);
                Some((minutes(d, h0, 0)?, minutes(d, h1, 0)?))
            }
            When::Point(Point::Clock(d, h, m)) => {
                let t = minutes(d, h, m)?;
                Some((t, t))
            }
            When::Point(p) => {
                let (a, b) = p.interval()?;
                days(a, b)
            }
            When::Days(a, b) | When::Vague(_, a, b) => days(a, b),
            When::Undated => None,
        }
    }

    /// The date in words, and whether that says more than the calendar
    /// fields (TimelineJS's `display_date` is set only then).
    fn display(
        &self,
        modifier: Option<Modifier>,
        timex: Option<&Timex>,
        published: Option<NaiveDate>,
    ) -> (String, bool) {
        let (base, special) = match *self {
            When::Point(p) => point_words(p),
            When::Days(a, b) if a == b => (day_words(a), true),
            When::Days(a, b) => (range_words(a, b), true),
            When::Vague(r, a, _) => {
                let said = timex.map_or("vague", |t| t.text.as_str());
                let pubd = published.map_or_else(|| day_words(a), day_words);
                let when = match r {
                    VagueRef::Past => format!("some time before {pubd}"),
                    VagueRef::Present => format!("around {pubd}"),
                    VagueRef::Future => format!("some time after {pubd}"),
                    VagueRef::Other => format!("placed on {}", day_words(a)),
                };
                return (format!("“{said}”: {when} (not stated)"), true);
            }
            When::Undated => {
                return (
                    timex.map_or("undated", |t| t.text.as_str()).to_string(),
                    true,
                );
            }
        };
        let m = modifier.and_then(modifier_words);
        if let (Some(m), When::Point(Point::DayPart(d, part))) = (m, *self) {
            // "the early morning hours": the modifier goes with the part of the day.
            let sep = if m.ends_with('-') { "" } else { " " };
            return (
                format!("{}, {m}{sep}{}", day_words(d), day_part_words(part)),
                true,
            );
        }
        match m {
            Some(m) if m.ends_with('-') => (format!("{m}{base}"), true),
            Some(m) => (format!("{m} {base}"), true),
            None => (base, special),
        }
    }

    /// TimelineJS start and end dates.
    fn fields(&self) -> Option<(TlDate, Option<TlDate>)> {
        let span = |a: NaiveDate, b: NaiveDate| {
            let end = (a != b).then(|| TlDate::day(b));
            Some((TlDate::day(a), end))
        };
        match *self {
            When::Point(p) => point_fields(p),
            When::Days(a, b) | When::Vague(_, a, b) => span(a, b),
            When::Undated => None,
        }
    }
}

/// Minutes since 1970-01-01 00:00 of `d` at `h:m` (`h` may exceed 23).
fn minutes(d: NaiveDate, h: u32, m: u32) -> Option<i64> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let days = d.signed_duration_since(epoch).num_days();
    days.checked_mul(1440)?
        .checked_add(i64::from(h) * 60 + i64::from(m))
}

/// The hours a part of the day covers (end may pass midnight).
fn day_part_hours(p: DayPart) -> (u32, u32) {
    match p {
        DayPart::Morning => (6, 12),
        DayPart::Midday => (11, 14),
        DayPart::Afternoon => (12, 18),
        DayPart::Evening => (18, 22),
        DayPart::Night => (21, 29),
        DayPart::Daytime => (8, 18),
    }
}

use crate::timex::lexicon::MONTH_NAMES as MONTHS;

fn month_name(m: u32) -> &'static str {
    MONTHS
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// An astronomical year in words: year 0 is 1 BC, -43 is 44 BC (as in
/// TIMEX3 values, `timex::value::WRITABLE_YEARS`, and the HTML page).
fn year_words(y: i32) -> String {
    if y <= 0 {
        format!("{} BC", 1 - i64::from(y))
    } else {
        y.to_string()
    }
}

fn day_words(d: NaiveDate) -> String {
    format!(
        "{} {}, {}",
        month_name(d.month()),
        d.day(),
        year_words(d.year())
    )
}

fn range_words(a: NaiveDate, b: NaiveDate) -> String {
    if a.year() != b.year() {
        format!("{} – {}", day_words(a), day_words(b))
    } else if a.month() != b.month() {
        format!(
            "{} {} – {} {}, {}",
            month_name(a.month()),
            a.day(),
            month_name(b.month()),
            b.day(),
            year_words(b.year())
        )
    } else {
        format!(
            "{} {}–{}, {}",
            month_name(a.month()),
            a.day(),
            b.day(),
            year_words(a.year())
        )
    }
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A point in words, and whether that is more than a plain date.
fn point_words(p: Point) -> (String, bool) {
    match p {
        Point::Century(c) => (format!("the {} century", ordinal(i64::from(c) + 1)), true),
        Point::Decade(d) => (format!("the {}0s", d), true),
        Point::Year(y) => (year_words(y), false),
        Point::Part(y, part) => {
            let words = match part {
                YearPart::Quarter(q) => format!("Q{q} {}", year_words(y)),
                YearPart::Half(1) => format!("first half of {}", year_words(y)),
                YearPart::Half(_) => format!("second half of {}", year_words(y)),
                YearPart::Spring => format!("spring {}", year_words(y)),
                YearPart::Summer => format!("summer {}", year_words(y)),
                YearPart::Fall => format!("autumn {}", year_words(y)),
                YearPart::Winter => format!(
                    "winter {}–{:02}",
                    year_words(y),
                    y.wrapping_add(1).rem_euclid(100)
                ),
            };
            (words, true)
        }
        Point::Month(y, m) => (format!("{} {}", month_name(m), year_words(y)), false),
        Point::Week(y, w) => match p.interval() {
            Some((a, b)) => (format!("{} (week {w})", range_words(a, b)), true),
            None => (format!("week {w} of {}", year_words(y)), true),
        },
        Point::Weekend(y, w) => match p.interval() {
            Some((a, b)) => (format!("weekend of {}", range_words(a, b)), true),
            None => (format!("weekend of week {w}, {}", year_words(y)), true),
        },
        Point::Day(d) => (day_words(d), false),
        Point::DayPart(d, part) => (format!("{}, {}", day_words(d), day_part_words(part)), true),
        Point::Clock(d, 24, 0) => (format!("{}, midnight (24:00)", day_words(d)), true),
        Point::Clock(d, h, m) => (format!("{}, {h:02}:{m:02}", day_words(d)), false),
    }
}

fn day_part_words(part: DayPart) -> &'static str {
    match part {
        DayPart::Morning => "morning",
        DayPart::Midday => "midday",
        DayPart::Afternoon => "afternoon",
        DayPart::Evening => "evening",
        DayPart::Night => "night",
        DayPart::Daytime => "daytime",
    }
}

fn modifier_words(m: Modifier) -> Option<&'static str> {
    Some(match m {
        Modifier::Before => "before",
        Modifier::After => "after",
        Modifier::OnOrBefore => "on or before",
        Modifier::OnOrAfter => "on or after",
        Modifier::Start => "early",
        Modifier::Mid => "mid-",
        Modifier::End => "late",
        Modifier::Approx => "about",
        Modifier::LessThan | Modifier::MoreThan | Modifier::EqualOrLess | Modifier::EqualOrMore => {
            return None
        }
    })
}

/// A TimelineJS date object: only the fields the value has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct TlDate {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<u32>,
}

impl TlDate {
    fn year(year: i32) -> TlDate {
        TlDate {
            year,
            month: None,
            day: None,
            hour: None,
            minute: None,
        }
    }
    fn month(year: i32, month: u32) -> TlDate {
        TlDate {
            month: Some(month),
            ..TlDate::year(year)
        }
    }
    fn day(d: NaiveDate) -> TlDate {
        TlDate {
            day: Some(d.day()),
            ..TlDate::month(d.year(), d.month())
        }
    }
}

fn point_fields(p: Point) -> Option<(TlDate, Option<TlDate>)> {
    let (first, last) = p.interval()?;
    Some(match p {
        Point::Century(_) | Point::Decade(_) => {
            (TlDate::year(first.year()), Some(TlDate::year(last.year())))
        }
        Point::Year(y) => (TlDate::year(y), None),
        Point::Part(..) => (
            TlDate::month(first.year(), first.month()),
            Some(TlDate::month(last.year(), last.month())),
        ),
        Point::Month(y, m) => (TlDate::month(y, m), None),
        Point::Week(..) | Point::Weekend(..) => (TlDate::day(first), Some(TlDate::day(last))),
        Point::Day(d) | Point::DayPart(d, _) => (TlDate::day(d), None),
        Point::Clock(d, h, m) => {
            // TimelineJS hours run 0-23: 24:00 is 00:00 the next day.
            let (d, h) = if h >= 24 {
                (d.checked_add_days(Days::new(1))?, 0)
            } else {
                (d, h)
            };
            let date = TlDate {
                hour: Some(h),
                minute: Some(m.min(59)),
                ..TlDate::day(d)
            };
            (date, None)
        }
    })
}

// ------------------------------------------------------------------ writing

/// Escapes `s` for HTML text and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[derive(Serialize)]
struct Timeline<'a> {
    title: Slide<'a>,
    events: Vec<Slide<'a>>,
}

#[derive(Serialize)]
struct Slide<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<TlDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TlDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<&'a str>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// "1 entry", "3 entries".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The sentence with the time expression in `<mark>` and the trigger in
/// `<strong>`, everything else escaped (shared with the HTML page).
pub(crate) fn sentence_html(e: &EntryView) -> String {
    let mut s = String::new();
    for (kind, text) in &e.parts {
        let text = escape_html(text);
        match kind {
            PartKind::Text => s.push_str(&text),
            PartKind::Timex => s.push_str(&format!("<mark>{text}</mark>")),
            PartKind::Event => s.push_str(&format!("<strong>{text}</strong>")),
        }
    }
    if e.elsewhere {
        if let Some(t) = &e.timex {
            s.push_str(&format!(
                " <em>(dated by <mark>{}</mark> in another sentence)</em>",
                escape_html(t)
            ));
        }
    }
    s
}

/// The sentence (see [`sentence_html`]) and the findings.
fn slide_text(e: &EntryView) -> String {
    let mut s = sentence_html(e);
    let how = match e.stated {
        Some(true) => "stated",
        Some(false) => "inferred",
        None => "no time expression",
    };
    s.push_str(&format!(
        "<br><small>{} · {}</small>",
        escape_html(&e.value),
        how
    ));
    for f in &e.findings {
        s.push_str(&format!(
            "<p><strong>Checker {}:</strong> {}</p>",
            escape_html(f.severity),
            escape_html(&f.message)
        ));
    }
    s
}

fn title_text(d: &DocView) -> String {
    let date = d
        .published
        .map_or_else(|| "no publication date".to_string(), day_words);
    let mut s = format!(
        "Published {} ({}). {}",
        escape_html(&date),
        escape_html(&d.published_source),
        plural(d.entries.len(), "timeline entry", "timeline entries")
    );
    if d.findings > 0 {
        s.push_str(&format!(
            "; the date checker flagged {}",
            plural(d.findings, "date", "dates")
        ));
    }
    s.push('.');
    s
}

/// Writes the documents' views as one TimelineJS3 JSON object.
pub(crate) fn write_views<W: Write>(mut w: W, docs: &[DocView], vague: Vague) -> Result<()> {
    let several = docs.len() > 1;
    let title = match docs {
        [d] => Text {
            headline: escape_html(&d.title),
            text: title_text(d),
        },
        _ => Text {
            headline: format!("{} articles", docs.len()),
            text: docs
                .iter()
                .map(|d| {
                    format!(
                        "<p><strong>{}</strong> ({}): {}</p>",
                        escape_html(&d.title),
                        escape_html(&d.id),
                        title_text(d)
                    )
                })
                .collect(),
        },
    };
    let mut events = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for e in d.entries.iter().filter(|e| DocView::shown(e, vague)) {
            let Some((start, end)) = e.fields else {
                continue;
            };
            events.push(Slide {
                start_date: Some(start),
                end_date: end,
                display_date: e.special.then_some(e.display.as_str()),
                text: Text {
                    headline: escape_html(&e.description),
                    text: slide_text(e),
                },
                group: Some(if several { d.id.as_str() } else { e.class }),
                unique_id: Some(if several {
                    format!("d{}-{}", i + 1, e.event)
                } else {
                    e.event.clone()
                }),
            });
        }
    }
    let timeline = Timeline {
        title: Slide {
            start_date: None,
            end_date: None,
            display_date: None,
            text: title,
            group: None,
            unique_id: None,
        },
        events,
    };
    serde_json::to_writer_pretty(&mut w, &timeline).map_err(out_err)?;
    writeln!(w).map_err(out_err)
}

/// Writes one document as a TimelineJS3 JSON file (schema in the module
/// documentation). `text` is the input `doc` was extracted from: its first
/// line becomes the title (without it, the document id does). Returns a
/// note naming the entries left out, if any.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// use chronicler::write::timelinejs::{timelinejs, Vague};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let text = "Talks\nThe summit was held this week. Relations began in 1960.";
/// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// timelinejs(&mut out, &doc, Some(text), Vague::Place).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v["title"]["text"]["headline"], "Talks");
/// let week = v["events"].as_array().unwrap().iter()
///     .find(|e| e["display_date"] == "May 1–7, 2017 (week 18)").unwrap();
/// assert_eq!(week["start_date"], serde_json::json!({"year": 2017, "month": 5, "day": 1}));
/// assert_eq!(week["end_date"], serde_json::json!({"year": 2017, "month": 5, "day": 7}));
/// ```
pub fn timelinejs<W: Write>(
    w: W,
    doc: &Document,
    text: Option<&str>,
    vague: Vague,
) -> Result<Option<String>> {
    let view = DocView::new(doc, text);
    write_views(w, std::slice::from_ref(&view), vague)?;
    Ok(view.omitted_note(vague, "timelinejs", DocView::shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn fields(v: &str) -> serde_json::Value {
        let w = When::of(v, None, None, false);
        serde_json::to_value(w.fields()).unwrap_or_default()
    }

    #[test]
    fn fields_follow_the_value() {
        assert_eq!(fields("1960").to_string(), r#"[{"year":1960},null]"#);
        assert_eq!(
            fields("2017-05").to_string(),
            r#"[{"month":5,"year":2017},null]"#
        );
        assert_eq!(
            fields("2017-04-03T24:00").to_string(),
            r#"[{"day":4,"hour":0,"minute":0,"month":4,"year":2017},null]"#
        );
        assert_eq!(
            fields("199").to_string(),
            r#"[{"year":1990},{"year":1999}]"#
        );
        assert_eq!(
            fields("2016-WI").to_string(),
            r#"[{"month":12,"year":2016},{"month":2,"year":2017}]"#
        );
        assert_eq!(fields("P3D").to_string(), "null");
    }

    #[test]
    fn words() {
        let w = |v: &str, m| When::of(v, None, None, false).display(m, None, None).0;
        assert_eq!(w("2017-W18", None), "May 1–7, 2017 (week 18)");
        assert_eq!(w("2017-W17", None), "April 24–30, 2017 (week 17)");
        assert_eq!(
            w("2020-W01", None),
            "December 30, 2019 – January 5, 2020 (week 1)"
        );
        assert_eq!(w("2018-07", Some(Modifier::Start)), "early July 2018");
        assert_eq!(w("2016", Some(Modifier::Mid)), "mid-2016");
        assert_eq!(w("19", None), "the 20th century");
        assert_eq!(w("2016-WI", None), "winter 2016–17");
        assert_eq!(w("2017-04-03TMO", None), "April 3, 2017, morning");
        assert_eq!(
            w("2017-04-03TMO", Some(Modifier::Start)),
            "April 3, 2017, early morning"
        );
        let v = When::of(
            "PAST_REF",
            Some(d("2017-05-04")),
            Some(d("2017-05-04")),
            true,
        );
        assert_eq!(
            v.display(None, None, Some(d("2017-05-05"))).0,
            "“vague”: some time before May 5, 2017 (not stated)"
        );
        assert!(When::of("XXXX-04", None, None, true).fields().is_none());
        // BC years: TIMEX3 BC0001 is astronomical year 0, 1 BC
        assert_eq!(w("BC0044-03-15", None), "March 15, 44 BC");
        assert_eq!(w("BC0001", None), "1 BC");
        assert_eq!(w("0001", None), "1");
    }

    #[test]
    fn titles_skip_the_date_line() {
        let text = "Published: Fri Aug 10 2018\n\nShares   fell.\n";
        assert_eq!(
            title_of(text, "header line 1").as_deref(),
            Some("Shares fell.")
        );
        assert_eq!(title_of("A\nB", "given").as_deref(), Some("A"));
        assert_eq!(title_of("  \n", "given"), None);
        let long = "word ".repeat(60);
        let t = title_of(&long, "given").unwrap_or_default();
        assert!(t.chars().count() <= 120 && t.ends_with('…'), "{t}");
    }

    #[test]
    fn odd_documents_do_not_panic() {
        let published = crate::Published::given(d("2017-05-05"));
        let text = "Talks ended on May 3. Relations began in 1960, they said recently.";
        let Ok(mut doc) = crate::extract(text, &crate::Options::with_published(published)) else {
            return;
        };
        let values = [
            "",
            "2017-13",
            "2017-02-30",
            "XXXX-04",
            "PAST_REF",
            "P3D",
            "BC0044",
            "9999-12-31T24:00",
            "19",
            "2017-W53",
            "2017-Q9",
        ];
        for (i, e) in doc.entries.iter_mut().enumerate() {
            e.value = values[i % values.len()].into();
            e.first = None;
            e.event = format!("missing{i}").into();
        }
        for t in &mut doc.timexes {
            t.bytes = crate::text::Span::new(t.bytes.end + 3, t.bytes.start);
        }
        for e in &mut doc.events {
            e.bytes = crate::text::Span::new(1, 200);
            e.sentence = "é".into();
        }
        for vague in [Vague::Place, Vague::Omit] {
            let mut out = Vec::new();
            assert!(timelinejs(&mut out, &doc, Some(text), vague).is_ok());
            assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok());
            let mut out = Vec::new();
            assert!(super::super::html::html(&mut out, &doc, None, vague).is_ok());
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape_html(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
