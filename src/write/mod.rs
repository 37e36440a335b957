//! Writers: one per output format, each writing a [`Document`] to any
//! `io::Write`. Schemas are documented on each function.

use crate::error::{Error, ErrorKind, Result};
use crate::Document;
use std::io::Write;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One row per timeline entry (the default).
    #[default]
    Csv,
    /// One JSON document (several inputs: an array).
    Json,
    /// One JSON document per line.
    Jsonl,
}

fn out_err(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Output, e.to_string())
}

/// Writes `doc` as pretty JSON: `{"document", "timexes", "events", "timeline", "entries"}`.
pub fn json<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    serde_json::to_writer_pretty(&mut w, doc).map_err(out_err)?;
    writeln!(w).map_err(out_err)
}

/// Writes `doc` as one line of JSON.
pub fn jsonl<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    serde_json::to_writer(&mut w, doc).map_err(out_err)?;
    writeln!(w).map_err(out_err)
}

/// The CSV header.
pub const CSV_HEADER: [&str; 15] = [
    "document",
    "published",
    "order",
    "event_id",
    "event",
    "class",
    "value",
    "first",
    "last",
    "vague",
    "timex_id",
    "timex",
    "event_start",
    "event_end",
    "sentence",
];

/// Writes the timeline of `doc` as CSV rows (without header when `header` is false).
pub fn csv<W: Write>(w: W, doc: &Document, header: bool) -> Result<()> {
    let mut wr = ::csv::Writer::from_writer(w);
    if header {
        wr.write_record(CSV_HEADER).map_err(out_err)?;
    }
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    for (i, e) in doc.entries.iter().enumerate() {
        let Some(ev) = doc.events.iter().find(|x| x.id == e.event) else {
            continue;
        };
        let tx = e
            .timex
            .as_ref()
            .and_then(|t| doc.timexes.iter().find(|x| &x.id == t));
        wr.write_record([
            doc.document.id.as_str(),
            &doc.document.published.format("%Y-%m-%d").to_string(),
            &(i + 1).to_string(),
            &ev.id,
            &ev.text,
            ev.class.as_str(),
            &e.value,
            &date(e.first),
            &date(e.last),
            if e.vague { "true" } else { "false" },
            e.timex.as_deref().unwrap_or(""),
            tx.map(|t| t.text.as_str()).unwrap_or(""),
            &ev.start.to_string(),
            &ev.end.to_string(),
            &ev.sentence,
        ])
        .map_err(out_err)?;
    }
    wr.flush().map_err(out_err)
}
