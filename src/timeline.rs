//! The timeline: every dated event becomes an [`Entry`] with its value and
//! the interval of days it covers, ordered by time, then by position in the
//! text. Vague entries (PAST_REF, PRESENT_REF, FUTURE_REF) are placed around
//! the publication date and marked `vague`.

use crate::timex::ser_date;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// One entry of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The event's id.
    pub event: String,
    /// The anchoring timex's id, when the event has one.
    pub timex: Option<String>,
    /// The TIMEX3 value the event is dated by.
    pub value: String,
    /// First day the value covers (for vague values: where it is placed).
    #[serde(serialize_with = "ser_date")]
    pub first: Option<NaiveDate>,
    /// Last day the value covers.
    #[serde(serialize_with = "ser_date")]
    pub last: Option<NaiveDate>,
    /// True when the date is only a vague reference placed by the publication date.
    pub vague: bool,
    /// Code point offset of the event (tie-breaker in ordering).
    #[serde(skip)]
    pub offset: usize,
}

/// Where a vague value is placed: just before publication (past), at it, or just after.
pub fn place_vague(value: &str, published: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    match value {
        "PAST_REF" => published.checked_sub_days(Days::new(1)).map(|d| (d, d)),
        "PRESENT_REF" => Some((published, published)),
        "FUTURE_REF" => published.checked_add_days(Days::new(1)).map(|d| (d, d)),
        _ => None,
    }
}

/// Orders entries: by first day, then longer spans first (a year before a day
/// in it), then by position in the text. Entries without a date go last.
pub fn order(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        let key = |e: &Entry| {
            (
                e.first.is_none(),
                e.first,
                std::cmp::Reverse(e.last),
                e.offset,
            )
        };
        key(a).cmp(&key(b))
    });
}
