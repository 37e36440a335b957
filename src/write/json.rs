//! JSON and JSON Lines: the serialisation of [`Document`].
//!
//! # Schema
//!
//! ```text
//! {
//!   "document": {"id": "fixtures/seed.txt",        // the input path as given, or "<stdin>"
//!                "published": "2017-05-05",         // publication date used (null only for a blank input without one)
//!                "published_source": "given"},      // or "header line 1", "dateline in line 1", ...
//!   "timexes": [{"id": "t1", "start": 10, "end": 19,  // code point offsets, end exclusive
//!                "text": "this week", "type": "DATE", // DATE | TIME | DURATION | SET
//!                "value": "2017-W18",                 // TIMEX3 value
//!                "mod": "START",                      // TIMEX3 mod, only when present
//!                "quant": "EVERY", "freq": "2X",      // SETs, only when present
//!                "anchor": "publication",             // publication | narrative, only for relative values
//!                "stated": false,                     // every field written in the text?
//!                "rule": "this_week/publication",     // recognition rule / resolution step
//!                "first": "2017-05-01", "last": "2017-05-07"}],  // days covered, or null
//!   "events":  [{"id": "e1", "start": 0, "end": 7, "text": "meeting",
//!                "class": "OCCURRENCE",               // TimeML class
//!                "tense": "PAST",                     // PAST | PRESENT | FUTURE | NONE
//!                "timex": "t1",                       // anchoring timex id, or null
//!                "value": "2017-W18",                 // TIMEX3 value of the event's date, or null
//!                "anchored_by": "same_clause",        // same_clause | same_sentence | via_event | coreference | narrative | tense, or null
//!                "sentence": "...", "description": "...", "rule": "..."}],
//!   "timeline": ["e3", "e1"],                         // event ids in time order
//!   "entries":  [{"event": "e3", "timex": "t2", "value": "1960",
//!                 "first": "1960-01-01", "last": "1960-12-31", "vague": false}]
//! }
//! ```
//!
//! `json` writes one pretty-printed document (the CLI wraps several in an
//! array); `jsonl` writes each document compact on one line.

use super::out_err;
use crate::error::Result;
use crate::Document;
use std::io::Write;

/// Writes `doc` as pretty JSON, without a final newline.
pub(crate) fn pretty<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    serde_json::to_writer_pretty(&mut w, doc).map_err(out_err)
}

/// Writes `doc` as pretty JSON followed by a newline (schema in the module documentation).
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("It rained yesterday.", &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::json(&mut out, &doc).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v["document"]["published"], "2017-05-05");
/// ```
pub fn json<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    pretty(&mut w, doc)?;
    writeln!(w).map_err(out_err)
}

/// Writes `doc` as one line of compact JSON (same schema), followed by a newline.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("Line one.\nLine two.", &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::jsonl(&mut out, &doc).unwrap();
/// assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
/// ```
pub fn jsonl<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    serde_json::to_writer(&mut w, doc).map_err(out_err)?;
    writeln!(w).map_err(out_err)
}
