//! The timeline: every dated event becomes an [`Entry`] with its value and
//! the interval of days it covers, ordered by time, then by position in the
//! text. Vague entries (PAST_REF, PRESENT_REF, FUTURE_REF) are placed around
//! the publication date and marked `vague`.

use crate::timex::ser_date;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use smol_str::SmolStr;

/// One entry of the timeline (its ids and value are copies of its event's
/// [`SmolStr`]s: no allocation).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The event's id.
    pub event: SmolStr,
    /// The anchoring timex's id, when the event has one.
    pub timex: Option<SmolStr>,
    /// The TIMEX3 value the event is dated by.
    pub value: SmolStr,
    /// First day the value covers (for vague values: where it is placed).
    #[serde(serialize_with = "ser_date")]
    pub first: Option<NaiveDate>,
    /// Last day the value covers.
    #[serde(serialize_with = "ser_date")]
    pub last: Option<NaiveDate>,
    /// True when the date is only a vague reference placed by the publication date.
    pub vague: bool,
    /// Ids of the findings that concern this entry (`crate::check`); omitted when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
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
/// in it), then by time of day (a whole day before its hours; morning before
/// 10:30 before night), then by position in the text. Entries without a date go last.
///
/// Each entry's key (its time of day read from the value) is worked out once,
/// not at every comparison (a stable sort, as before).
pub fn order(entries: &mut [Entry]) {
    entries.sort_by_cached_key(|e| {
        (
            e.first.is_none(),
            e.first,
            std::cmp::Reverse(e.last),
            minute_of_day(&e.value),
            e.offset,
        )
    });
}

/// Where in its day a TIMEX3 value lies, in minutes (parts of the day at
/// their usual hours); `None` (sorting first) for values without a time.
fn minute_of_day(value: &str) -> Option<u32> {
    let (_, t) = value.split_once('T')?;
    let part = match t {
        "MO" => Some(6 * 60),
        "MI" => Some(12 * 60),
        "AF" => Some(14 * 60),
        "EV" => Some(18 * 60),
        "NI" => Some(21 * 60),
        "DT" => Some(9 * 60),
        _ => None,
    };
    if part.is_some() {
        return part;
    }
    let mut hm = t.trim_end_matches('Z').split(':');
    let h: u32 = hm.next()?.parse().ok()?;
    let m: u32 = hm.next().unwrap_or("0").parse().ok()?;
    // wrapping, as release builds always did (no panic in debug builds on
    // a value no resolver writes)
    Some(h.wrapping_mul(60).wrapping_add(m))
}

#[cfg(test)]
mod order_tests {
    use super::*;

    /// [`order`] as first written: the key read at every comparison.
    fn order_reference(entries: &mut [Entry]) {
        entries.sort_by(|a, b| {
            let key = |e: &Entry| {
                (
                    e.first.is_none(),
                    e.first,
                    std::cmp::Reverse(e.last),
                    minute_of_day(&e.value),
                    e.offset,
                )
            };
            key(a).cmp(&key(b))
        });
    }

    #[test]
    fn cached_keys_order_as_the_reference() {
        let day = |d| NaiveDate::from_ymd_opt(2017, 4, d);
        let values = [
            "2017-04-03",
            "2017-04-03TMO",
            "2017-04-03T10:30",
            "2017-04-03T24:00",
            "2017-04",
            "PAST_REF",
            "2017-04-03TNI",
            "2017-04-03T9",
            "2017-04-03Tx",
        ];
        // a small deterministic generator: days, spans, values and offsets
        // with many ties (equal offsets keep their input order)
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..300 {
            let len = next(24) as usize;
            let entries: Vec<Entry> = (0..len)
                .map(|i| {
                    let a = next(4) as u32;
                    let first = (a > 0).then(|| day(a)).flatten();
                    let last = first.and_then(|_| day(a + next(3) as u32));
                    Entry {
                        event: format!("e{i}").into(),
                        timex: None,
                        value: values[next(values.len() as u64) as usize].into(),
                        first,
                        last,
                        vague: false,
                        findings: Vec::new(),
                        offset: next(6) as usize,
                    }
                })
                .collect();
            let (mut a, mut b) = (entries.clone(), entries);
            order(&mut a);
            order_reference(&mut b);
            let ids = |v: &[Entry]| v.iter().map(|e| e.event.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&a), ids(&b));
        }
    }

    #[test]
    fn same_day_orders_by_time_of_day() {
        let d = NaiveDate::from_ymd_opt(2017, 4, 3);
        let e = |v: &str, offset| Entry {
            event: v.into(),
            timex: None,
            value: v.into(),
            first: d,
            last: d,
            vague: false,
            findings: Vec::new(),
            offset,
        };
        let mut v = vec![
            e("2017-04-03T24:00", 0),
            e("2017-04-03TMO", 1),
            e("2017-04-03", 2),
            e("2017-04-03T10:30", 3),
        ];
        order(&mut v);
        let got: Vec<&str> = v.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(
            got,
            [
                "2017-04-03",
                "2017-04-03TMO",
                "2017-04-03T10:30",
                "2017-04-03T24:00"
            ]
        );
    }
}
