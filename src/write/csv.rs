//! CSV: one row per timeline entry, in timeline order, with a header row.
//! Fields are quoted and escaped by the `csv` crate (RFC 4180 quoting,
//! `\n` line ends); a document with an empty timeline writes no rows.
//!
//! # Columns
//!
//! | column | content |
//! |---|---|
//! | `document` | document id (the input path as given, `<stdin>`) |
//! | `published` | publication date used, `YYYY-MM-DD` (empty only for a blank input without one) |
//! | `published_source` | where that date came from: `given`, `header line 1`, `date in line 1`, `dateline in line 1`, `dateline in line 3, year from line 40` |
//! | `order` | 1-based position in the document's timeline |
//! | `value` | TIMEX3 value the event is dated by (`2017-W18`, `1960`, `PAST_REF`) |
//! | `first` | first day the value covers, `YYYY-MM-DD` (for vague values: where it is placed); empty when unknown |
//! | `last` | last day the value covers, `YYYY-MM-DD`; empty when unknown |
//! | `vague` | `true` when the date is only a vague reference placed by the publication date |
//! | `event_id` | `e1`, `e2`, ... (ids of the JSON output) |
//! | `event` | the event trigger as written |
//! | `class` | TimeML event class (`OCCURRENCE`, `REPORTING`, `STATE`, `I_ACTION`, `I_STATE`, `ASPECTUAL`, `PERCEPTION`) |
//! | `description` | a short readable description of what happened |
//! | `timex_id` | id of the anchoring time expression (`t1`, ...); empty when none |
//! | `timex` | the time expression as written |
//! | `timex_type` | `DATE`, `TIME`, `DURATION` or `SET` |
//! | `stated` | `true` when every field of the value was written in the text, `false` when some were inferred |
//! | `event_start`, `event_end` | code point offsets of the trigger in the input text (end exclusive) |
//! | `timex_start`, `timex_end` | code point offsets of the time expression |
//! | `sentence` | the sentence the event is in |

use super::out_err;
use crate::error::Result;
use crate::Document;
use std::collections::HashMap;
use std::io::Write;

/// The CSV header, in column order.
pub const CSV_HEADER: [&str; 21] = [
    "document",
    "published",
    "published_source",
    "order",
    "value",
    "first",
    "last",
    "vague",
    "event_id",
    "event",
    "class",
    "description",
    "timex_id",
    "timex",
    "timex_type",
    "stated",
    "event_start",
    "event_end",
    "timex_start",
    "timex_end",
    "sentence",
];

/// Writes the header row.
pub fn header<W: Write>(w: W) -> Result<()> {
    let mut wr = ::csv::Writer::from_writer(w);
    wr.write_record(CSV_HEADER).map_err(out_err)?;
    wr.flush().map_err(out_err)
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Writes one row per timeline entry of `doc` (no header).
pub fn rows<W: Write>(w: W, doc: &Document) -> Result<()> {
    let mut wr = ::csv::Writer::from_writer(w);
    let published = date(doc.document.published);
    // By id, so that a document with many entries is not quadratic.
    let events: HashMap<&str, &crate::Event> =
        doc.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let timexes: HashMap<&str, &crate::Timex> =
        doc.timexes.iter().map(|t| (t.id.as_str(), t)).collect();
    for (i, e) in doc.entries.iter().enumerate() {
        let Some(ev) = events.get(e.event.as_str()) else {
            continue;
        };
        let tx = e.timex.as_deref().and_then(|t| timexes.get(t).copied());
        let num = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        wr.write_record([
            doc.document.id.as_str(),
            &published,
            &doc.document.published_source,
            &(i + 1).to_string(),
            &e.value,
            &date(e.first),
            &date(e.last),
            if e.vague { "true" } else { "false" },
            &ev.id,
            &ev.text,
            ev.class.as_str(),
            &ev.description,
            tx.map_or("", |t| t.id.as_str()),
            tx.map_or("", |t| t.text.as_str()),
            tx.map_or("", |t| t.kind.as_str()),
            match tx {
                Some(t) if t.stated => "true",
                Some(_) => "false",
                None => "",
            },
            &ev.start.to_string(),
            &ev.end.to_string(),
            &num(tx.map(|t| t.start)),
            &num(tx.map(|t| t.end)),
            &ev.sentence,
        ])
        .map_err(out_err)?;
    }
    wr.flush().map_err(out_err)
}

/// Writes the timeline of `doc` as CSV rows, preceded by the header when
/// `header` is true. See the module documentation for the columns.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("", &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::csv(&mut out, &doc, true).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("document,published,published_source,order,"));
/// ```
pub fn csv<W: Write>(mut w: W, doc: &Document, header: bool) -> Result<()> {
    if header {
        self::header(&mut w)?;
    }
    rows(w, doc)
}
