//! Temporal expressions: the TIMEX3 types, recognition of candidate spans
//! (`rules`), their reference-free reading (`expr::Expr`), and TIMEX3 value
//! strings (`value`). Resolution against a reference date lives in
//! `crate::resolve`; nothing in this module sees the publication date.

pub mod expr;
pub mod holiday;
pub mod lexicon;
pub mod rules;
pub mod value;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

pub use expr::Expr;

/// TIMEX3 `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimexType {
    /// A calendar date or period: `2017-05-03`, `2017-W18`, `199`, `PAST_REF`.
    Date,
    /// A time of day: `2017-05-03T10:30`, `2017-05-03TMO`.
    Time,
    /// A length of time: `P3D`, `PT2H`.
    Duration,
    /// A recurrence: `XXXX-WXX-1`, `P1W`.
    Set,
}

impl TimexType {
    /// The TimeML spelling.
    pub const fn as_str(&self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// TIMEX3 `mod`: how the value is qualified ("early April" = START).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Modifier {
    /// "before 1990".
    Before,
    /// "after 1990".
    After,
    /// "1990 or earlier".
    OnOrBefore,
    /// "1990 and beyond".
    OnOrAfter,
    /// "less than a year".
    LessThan,
    /// "more than a decade".
    MoreThan,
    /// "at most a year".
    EqualOrLess,
    /// "at least a year".
    EqualOrMore,
    /// "early April", "earlier this year".
    Start,
    /// "mid-2016".
    Mid,
    /// "late 2018", "later this month".
    End,
    /// "about three years", "around 10 a.m.".
    Approx,
}

impl Modifier {
    /// The TimeML spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modifier::Before => "BEFORE",
            Modifier::After => "AFTER",
            Modifier::OnOrBefore => "ON_OR_BEFORE",
            Modifier::OnOrAfter => "ON_OR_AFTER",
            Modifier::LessThan => "LESS_THAN",
            Modifier::MoreThan => "MORE_THAN",
            Modifier::EqualOrLess => "EQUAL_OR_LESS",
            Modifier::EqualOrMore => "EQUAL_OR_MORE",
            Modifier::Start => "START",
            Modifier::Mid => "MID",
            Modifier::End => "END",
            Modifier::Approx => "APPROX",
        }
    }
}

/// What a relative expression is computed from (TimeML `anchorTimeID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The publication date ("yesterday", "last week").
    Publication,
    /// The date the narrative last moved to ("two days later", "the following day").
    Narrative,
}

/// A temporal expression found in a document, normalised and resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Timex {
    /// `t1`, `t2`, ... in text order.
    pub id: String,
    /// Code point offset of the first character.
    pub start: usize,
    /// Code point offset one past the last character.
    pub end: usize,
    /// The text of the expression.
    pub text: String,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value (`2017-05-03`, `P3D`, `PAST_REF`, ...).
    pub value: String,
    /// TIMEX3 `mod`, when the text qualifies the value.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<Modifier>,
    /// For SETs: TIMEX3 `quant` ("EVERY", "EACH").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quant: Option<String>,
    /// For SETs: TIMEX3 `freq` ("2X").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    /// What the value was computed from, for relative expressions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    /// True when every field of the value was written in the text; false
    /// when some (a year, a direction) were inferred from context.
    pub stated: bool,
    /// The recognition rule that found the expression, and the resolution
    /// step that fixed its value (`rule/resolution`).
    pub rule: String,
    /// First day the value covers, when it denotes a calendar period.
    #[serde(serialize_with = "ser_date")]
    pub first: Option<NaiveDate>,
    /// Last day the value covers.
    #[serde(serialize_with = "ser_date")]
    pub last: Option<NaiveDate>,
    /// Byte range in the input text (for library users; not serialised).
    #[serde(skip)]
    pub bytes: crate::text::Span,
    /// The reference-free reading of the text (known fields), for the checker.
    #[serde(skip)]
    pub expr: Expr,
    /// Whether the value is one day within [`crate::resolve::NEWS_WINDOW_DAYS`]
    /// before publication (or the day itself): the story's news day, which
    /// the event stage may carry to later past-tense events. Set by the
    /// resolver, the only stage that sees the publication date.
    #[serde(skip)]
    pub news_day: bool,
}

pub(crate) fn ser_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => {
            // ISO 8601 by hand: chrono's formatter is slow in bulk output
            use chrono::Datelike;
            let (y, m, day) = (d.year(), d.month(), d.day());
            let text = if (0..=9999).contains(&y) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                d.format("%Y-%m-%d").to_string()
            };
            s.serialize_str(&text)
        }
        None => s.serialize_none(),
    }
}
