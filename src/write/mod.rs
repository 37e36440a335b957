//! Writers: one file per output format, each writing [`Document`]s to any
//! `io::Write`, plus the [`Writer`] that puts several documents into one
//! stream and the [`Output`] that stream goes to (standard output, or a file
//! replaced atomically when everything has been written).
//!
//! The schemas are documented with each format: [`mod@csv`] (one row per
//! timeline entry), [`mod@json`] (the [`Document`] serialisation; an array
//! for several documents) and JSON Lines (one document per line); [`mod@timeml`] writes the text
//! with inline TIMEX3/EVENT tags and TLINKs.
//! [`mod@timelinejs`] (TimelineJS3 JSON) and [`mod@html`] (a self-contained
//! page) draw all documents into one timeline, written by [`Writer::finish`].
//! [`mod@explain`] is the human-readable provenance report behind
//! `--explain`. Reading documents is `crate::input`'s business; building them
//! is `crate::extract`'s.

pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod output;
pub mod timelinejs;
pub mod timeml;

pub use self::csv::{csv, CSV_HEADER};
pub use self::explain::explain;
pub use self::json::{json, jsonl};
pub use self::output::Output;

use crate::error::{Error, ErrorKind, Result};
use crate::Document;
use std::io::Write;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One row per timeline entry, with a header (the default).
    #[default]
    Csv,
    /// Pretty JSON: one document, or an array when several inputs are given.
    Json,
    /// JSON Lines: one compact JSON document per line.
    Jsonl,
    /// TimeML: the text with inline TIMEX3/EVENT tags and TLINKs (see
    /// [`mod@timeml`]); needs the input, so documents go through
    /// [`Writer::write_source`].
    Timeml,
    /// TimelineJS3 JSON: one timeline for all documents, a slide per entry.
    Timelinejs,
    /// A self-contained HTML page: the timeline on a time axis, a lane per document.
    Html,
}

pub(crate) fn out_err(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Output, crate::input::lower_first(&e.to_string()))
}

/// Writes a sequence of documents in one format to one stream: the CSV
/// header once, JSON documents inside an array when `array` is set (the
/// shape then depends only on how many inputs were asked for, not on how
/// many succeeded), JSON Lines one per line.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// use chronicler::write::{Format, Writer};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("The summit was held this week.", &Options::with_published(Published::given(d))).unwrap();
/// let mut w = Writer::new(Vec::new(), Format::Json, true);
/// w.write(&doc).unwrap();
/// w.write(&doc).unwrap();
/// let out = w.finish().unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v.as_array().unwrap().len(), 2);
/// ```
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    array: bool,
    started: bool,
    count: usize,
    /// Documents kept for the formats written whole at the end (TimelineJS, HTML).
    views: Vec<timelinejs::DocView>,
    vague: timelinejs::Vague,
    notes: Vec<String>,
}

impl<W: Write> Writer<W> {
    /// A writer of `format` to `out`; `array` puts JSON documents in an array.
    pub fn new(out: W, format: Format, array: bool) -> Writer<W> {
        Writer {
            out,
            format,
            array,
            started: false,
            count: 0,
            views: Vec::new(),
            vague: timelinejs::Vague::default(),
            notes: Vec::new(),
        }
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            self.started = true;
            match self.format {
                Format::Csv => csv::header(&mut self.out)?,
                Format::Json if self.array => self.out.write_all(b"[\n").map_err(out_err)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Writes one document.
    pub fn write(&mut self, doc: &Document) -> Result<()> {
        self.start()?;
        match self.format {
            Format::Csv => csv::rows(&mut self.out, doc)?,
            Format::Json => {
                if self.array && self.count > 0 {
                    self.out.write_all(b",\n").map_err(out_err)?;
                }
                json::pretty(&mut self.out, doc)?;
                if !self.array {
                    self.out.write_all(b"\n").map_err(out_err)?;
                }
            }
            Format::Jsonl => jsonl(&mut self.out, doc)?,
            Format::Timelinejs | Format::Html => return self.keep(doc, None),
            Format::Timeml => {
                return Err(Error::new(
                    ErrorKind::Output,
                    format!(
                        "{}: TimeML output needs the input text (Writer::write_source)",
                        doc.document.id
                    ),
                ))
            }
        }
        self.count += 1;
        // Flush per document so a reader downstream sees whole documents early.
        self.out.flush().map_err(out_err)
    }

    /// Writes one document together with the input it was extracted from
    /// (a TimeML document, or [`crate::timeml::TimemlDocument::from_text`]
    /// for plain text): TimeML writes the text itself; the other formats
    /// ignore `original` and do what [`Writer::write`] does. Several TimeML
    /// documents in one stream follow each other, one per XML document.
    ///
    /// # Example
    /// ```
    /// use chronicler::{extract, timeml::TimemlDocument, Options, Published};
    /// use chronicler::write::{Format, Writer};
    /// let text = "It rained on Tuesday.";
    /// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
    /// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
    /// let original = TimemlDocument::from_text("a.txt", text, Some("2017-05-05"));
    /// let mut w = Writer::new(Vec::new(), Format::Timeml, false);
    /// w.write_source(&doc, &original).unwrap();
    /// let out = String::from_utf8(w.finish().unwrap()).unwrap();
    /// assert!(out.contains(r#"value="2017-05-02""#));
    /// ```
    pub fn write_source(
        &mut self,
        doc: &Document,
        original: &crate::timeml::TimemlDocument,
    ) -> Result<()> {
        if matches!(self.format, Format::Timelinejs | Format::Html) {
            return self.keep(doc, Some(&original.text));
        }
        if self.format != Format::Timeml {
            return self.write(doc);
        }
        self.start()?;
        timeml::timeml(&mut self.out, doc, original)?;
        self.count += 1;
        self.out.flush().map_err(out_err)
    }

    /// Writes a record that stands in for a document, such as the
    /// [`crate::batch::FileError`] of an input that failed: one line, in
    /// JSON Lines only (the other formats have no place for it, and refuse).
    ///
    /// # Example
    /// ```
    /// use chronicler::write::{Format, Writer};
    /// let mut w = Writer::new(Vec::new(), Format::Jsonl, false);
    /// w.write_record(&serde_json::json!({"file": "a.txt", "error": {"kind": "io"}})).unwrap();
    /// assert_eq!(w.finish().unwrap(), b"{\"error\":{\"kind\":\"io\"},\"file\":\"a.txt\"}\n");
    /// assert!(Writer::new(Vec::new(), Format::Csv, false).write_record(&1).is_err());
    /// ```
    pub fn write_record<T: serde::Serialize>(&mut self, record: &T) -> Result<()> {
        if self.format != Format::Jsonl {
            return Err(Error::new(
                ErrorKind::Output,
                "only JSON Lines output holds records other than documents",
            ));
        }
        self.start()?;
        serde_json::to_writer(&mut self.out, record).map_err(out_err)?;
        self.out.write_all(b"\n").map_err(out_err)?;
        self.out.flush().map_err(out_err)
    }

    /// What TimelineJS and HTML do with vague entries (default
    /// [`timelinejs::Vague::Place`]).
    pub fn vague(mut self, vague: timelinejs::Vague) -> Writer<W> {
        self.vague = vague;
        self
    }

    /// Notes for the user gathered since the last call, such as the
    /// entries a TimelineJS file leaves out; the CLI prints them on
    /// standard error.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    /// Keeps a document for the formats written whole by [`Writer::finish`].
    fn keep(&mut self, doc: &Document, text: Option<&str>) -> Result<()> {
        let view = timelinejs::DocView::new(doc, text);
        let note = match self.format {
            Format::Html => view.omitted_note(self.vague, "html", html::shown),
            _ => view.omitted_note(self.vague, "timelinejs", timelinejs::DocView::shown),
        };
        self.notes.extend(note);
        self.views.push(view);
        self.count += 1;
        Ok(())
    }

    /// How many documents have been written.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Ends the stream (the CSV header when no document came, the closing
    /// bracket of a JSON array), flushes it, and gives the stream back.
    pub fn finish(mut self) -> Result<W> {
        self.start()?;
        if self.format == Format::Json && self.array {
            let end: &[u8] = if self.count > 0 { b"\n]\n" } else { b"]\n" };
            self.out.write_all(end).map_err(out_err)?;
        }
        match self.format {
            Format::Timelinejs => timelinejs::write_views(&mut self.out, &self.views, self.vague)?,
            Format::Html => html::write_views(&mut self.out, &self.views, self.vague)?,
            _ => {}
        }
        self.out.flush().map_err(out_err)?;
        Ok(self.out)
    }
}
