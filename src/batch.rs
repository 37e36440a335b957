//! Batches: a JSON Lines corpus in, one JSON Lines record out per input
//! line, in input order, processed in parallel across documents.
//!
//! Owns reading records (one JSON object per line, with an id, a text and a
//! publication date under configurable field names), the size limit, the
//! window of documents held in memory at once, the worker threads (rayon)
//! and the error record written in place of a document that could not be
//! processed. The pipeline itself is [`crate::extract`]'s business; the
//! document records are the JSON Lines serialisation of [`crate::Document`]
//! (see [`mod@crate::write::json`]).
//!
//! # Guarantees
//!
//! - **Every line is accounted for.** Each input line, including blank
//!   ones, yields exactly one output line: the document, or an error
//!   record. A bad record never stops the run; only failing to read the
//!   input or to write the output does.
//! - **Order.** Output records are in input order, whatever the number of
//!   threads; the output is the same with one thread or many.
//! - **Bounded memory.** Lines are read a few at a time and processed in
//!   parallel as they are read; their output lines are written in input
//!   order as they are finished, and at most a window of lines (at most
//!   [`BatchOptions::window_docs`] lines and about
//!   [`BatchOptions::window_bytes`] bytes) is between being read and
//!   being written. A line longer than
//!   [`BatchOptions::max_doc_bytes`] is skipped as it is read, never held
//!   whole, and gets a `too_large` error record.
//!
//! # Error records
//!
//! ```text
//! {"line": 3,                        // 1-based line number in the input
//!  "id": "a17",                      // the record's id when it could be read, else null
//!  "error": {"kind": "invalid_json", // invalid_json | not_an_object | no_text | invalid_utf8 |
//!                                    // publication_date | too_large | empty_line | internal
//!            "message": "line 3 (a17): invalid JSON: EOF while parsing a string at line 1 column 40"}}
//! ```
//!
//! When a folder of files is the batch (the CLI's `extract DIR --format
//! jsonl`), a file that fails gets a [`FileError`] record in its place,
//! `{"file", "id", "error": {"kind", "message"}}`; progress is told to an
//! [`Observer`] in both cases.
//!
//! # Example
//! ```
//! use chronicler::batch::{run, BatchOptions};
//! let input = concat!(
//!     r#"{"id": "a", "text": "It rained yesterday.", "published": "2017-05-05"}"#, "\n",
//!     "not json\n",
//! );
//! let mut out = Vec::new();
//! let summary = run(input.as_bytes(), &mut out, &BatchOptions::default()).unwrap();
//! assert_eq!((summary.documents, summary.failures), (2, 1));
//! let lines: Vec<serde_json::Value> = out
//!     .split(|&b| b == b'\n')
//!     .filter(|l| !l.is_empty())
//!     .map(|l| serde_json::from_slice(l).unwrap())
//!     .collect();
//! assert_eq!(lines[0]["timexes"][0]["value"], "2017-05-04");
//! assert_eq!(lines[1]["error"]["kind"], "invalid_json");
//! assert_eq!(lines[1]["line"], 2);
//! ```

use crate::error::{Error, ErrorKind, Result};
use crate::published::{self, Published};
use crate::resolve::Policies;
use crate::{extract, Document, Options};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The default limit on one record: 10 MiB.
pub const DEFAULT_MAX_DOC_BYTES: usize = 10 * 1024 * 1024;

/// How to read and process a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Field holding the document id (default `id`); a string or a number.
    /// Records without one get the id `line N`.
    pub id_field: String,
    /// Field holding the text (default `text`).
    pub text_field: String,
    /// Field holding the publication date (default `published`), in any
    /// form [`published::parse_date_with`] reads.
    pub date_field: String,
    /// Publication date for records without a date field; when `None`
    /// too, the date is looked for in the text (as `extract` does).
    pub published: Option<Published>,
    /// Ambiguity policies (also how numeric dates in the date field are read).
    pub policies: Policies,
    /// Longest record (input line, in bytes) processed; longer lines get a
    /// `too_large` error record. Default [`DEFAULT_MAX_DOC_BYTES`].
    pub max_doc_bytes: usize,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Most lines held in memory at once.
    pub window_docs: usize,
    /// Roughly the most input bytes held in memory at once (a window ends
    /// after the line that reaches it; one line may be up to `max_doc_bytes`).
    pub window_bytes: usize,
    /// Replace invalid UTF-8 with U+FFFD instead of an `invalid_utf8` error record.
    pub lossy: bool,
}

impl Default for BatchOptions {
    fn default() -> BatchOptions {
        BatchOptions {
            id_field: "id".into(),
            text_field: "text".into(),
            date_field: "published".into(),
            published: None,
            policies: Policies::default(),
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            threads: 0,
            window_docs: 1024,
            window_bytes: 16 * 1024 * 1024,
            lossy: false,
        }
    }
}

/// Why a record yielded no document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordErrorKind {
    /// The line is not JSON.
    InvalidJson,
    /// The line is JSON but not an object.
    NotAnObject,
    /// The object has no text field, or it is not a string.
    NoText,
    /// The line is not UTF-8 (and `lossy` is off).
    InvalidUtf8,
    /// The date field cannot be read, or there is none and none was found in the text.
    PublicationDate,
    /// The line is longer than the limit.
    TooLarge,
    /// The line is blank.
    EmptyLine,
    /// The pipeline failed unexpectedly on this record (a bug: please report it).
    Internal,
    /// An input file could not be read (folders only).
    Io,
    /// An input file is malformed, such as TimeML that is not well-formed (folders only).
    InvalidInput,
}

impl From<ErrorKind> for RecordErrorKind {
    fn from(kind: ErrorKind) -> RecordErrorKind {
        match kind {
            ErrorKind::Io => RecordErrorKind::Io,
            ErrorKind::InvalidUtf8 => RecordErrorKind::InvalidUtf8,
            ErrorKind::PublicationDate => RecordErrorKind::PublicationDate,
            ErrorKind::InvalidInput => RecordErrorKind::InvalidInput,
            ErrorKind::TooLarge => RecordErrorKind::TooLarge,
            _ => RecordErrorKind::Internal,
        }
    }
}

/// An input line that yielded no document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// 1-based line number.
    pub line: usize,
    /// The record's id, when it could be read.
    pub id: Option<String>,
    /// The reason.
    pub error: Reason,
}

/// The reason in an error record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// What kind of failure.
    pub kind: RecordErrorKind,
    /// A message naming the line (and the id when known).
    pub message: String,
}

impl RecordError {
    fn new(line: usize, id: Option<String>, kind: RecordErrorKind, what: &str) -> RecordError {
        let place = match &id {
            Some(id) => format!("line {line} ({id})"),
            None => format!("line {line}"),
        };
        RecordError {
            line,
            id,
            error: Reason {
                kind,
                message: format!("{place}: {what}"),
            },
        }
    }
}

/// An input file that yielded no document. When a folder is processed into
/// JSON Lines, it stands in the file's place, so that every file gives one
/// line:
///
/// ```text
/// {"file": "articles/b.txt", "id": "articles/b.txt",
///  "error": {"kind": "invalid_utf8", "message": "articles/b.txt: not valid UTF-8: ..."}}
/// ```
///
/// `kind` is one of `io`, `invalid_utf8`, `publication_date`,
/// `invalid_input` (a malformed TimeML file), `internal`.
///
/// # Example
/// ```
/// use chronicler::batch::FileError;
/// use chronicler::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::Io, "a.txt: permission denied");
/// let r = serde_json::to_string(&FileError::new("a.txt", &e)).unwrap();
/// assert_eq!(r, r#"{"file":"a.txt","id":"a.txt","error":{"kind":"io","message":"a.txt: permission denied"}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The file, as named in the document ids.
    pub file: String,
    /// The id its document would have had (the same name).
    pub id: String,
    /// The reason.
    pub error: Reason,
}

impl FileError {
    /// The error record of `file`, which failed with `e` (whose message
    /// already names it).
    pub fn new(file: impl std::fmt::Display, e: &Error) -> FileError {
        let file = file.to_string();
        FileError {
            id: file.clone(),
            file,
            error: Reason {
                kind: e.kind().into(),
                message: e.message().to_string(),
            },
        }
    }
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Input lines, each one output record.
    pub documents: usize,
    /// Lines that yielded an error record.
    pub failures: usize,
    /// Events found in all documents.
    pub events: usize,
    /// Time expressions found in all documents.
    pub timexes: usize,
    /// Input bytes read (line ends included).
    pub bytes: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Summary {
    /// Input megabytes (10^6 bytes) per second.
    pub fn mb_per_s(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.bytes as f64 / 1e6 / s
        } else {
            0.0
        }
    }

    /// The one-line summary the CLI prints:
    /// `1000 documents, 2 failed, 5321 events, 3.2 MB in 0.41 s (7.8 MB/s, 2439 docs/s)`.
    pub fn line(&self) -> String {
        let s = self.elapsed.as_secs_f64();
        let docs_s = if s > 0.0 {
            self.documents as f64 / s
        } else {
            0.0
        };
        format!(
            "{} documents, {} failed, {} events, {:.1} MB in {:.2} s ({:.1} MB/s, {:.0} docs/s)",
            self.documents,
            self.failures,
            self.events,
            self.bytes as f64 / 1e6,
            s,
            self.mb_per_s(),
            docs_s
        )
    }
}

/// One line as read: its bytes, or how long it was when over the limit.
#[derive(Debug)]
enum Line {
    Text(Vec<u8>),
    TooLarge(u64),
}

/// Reads one line (without its `\n`) into `buf`, holding at most `limit`
/// bytes: a longer line is consumed and dropped. `None` at the end of input.
fn next_line<R: BufRead>(r: &mut R, limit: usize) -> Result<Option<(Line, u64)>> {
    let mut buf = Vec::new();
    let mut len: u64 = 0;
    let mut over = false;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Error::new(
                    ErrorKind::Io,
                    crate::input::lower_first(&e.to_string()),
                ))
            }
        };
        if avail.is_empty() {
            if !any {
                return Ok(None);
            }
            break;
        }
        any = true;
        let (take, newline) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i, true),
            None => (avail.len(), false),
        };
        len += take as u64;
        if !over {
            if buf.len() + take > limit {
                over = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&avail[..take]);
            }
        }
        r.consume(take + usize::from(newline));
        if newline {
            let read = len + 1;
            return Ok(Some((line_of(buf, over, len), read)));
        }
    }
    Ok(Some((line_of(buf, over, len), len)))
}

fn line_of(mut buf: Vec<u8>, over: bool, len: u64) -> Line {
    if over {
        return Line::TooLarge(len);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Line::Text(buf)
}

/// Told about each document of a batch as it is finished, to show
/// progress. Called from the worker threads, so in no particular order;
/// keep it quick. `()` observes nothing.
pub trait Observer: Sync {
    /// A document of `bytes` input bytes (its line end included) was
    /// processed: into a document when `ok`, else into an error record.
    fn finished(&self, bytes: u64, ok: bool);
}

impl Observer for () {
    fn finished(&self, _bytes: u64, _ok: bool) {}
}

/// Processes a JSON Lines corpus from `input`, writing one JSON Lines
/// record per input line to `output`, in order (see the module
/// documentation for the records). Fails only when the input cannot be
/// read or the output cannot be written; a failed record is an error
/// record in the output and counted in [`Summary::failures`].
pub fn run<R: BufRead, W: Write>(input: R, output: W, options: &BatchOptions) -> Result<Summary> {
    run_observed(input, output, options, &())
}

/// [`run`], telling `observer` about each document as it is finished.
///
/// # Example
/// ```
/// use chronicler::batch::{run_observed, BatchOptions, Observer};
/// use std::sync::atomic::{AtomicU64, Ordering};
/// struct Bytes(AtomicU64);
/// impl Observer for Bytes {
///     fn finished(&self, bytes: u64, _ok: bool) {
///         self.0.fetch_add(bytes, Ordering::Relaxed);
///     }
/// }
/// let input = "{\"text\": \"It rained.\", \"published\": \"2017-05-05\"}\nnot json\n";
/// let seen = Bytes(AtomicU64::new(0));
/// run_observed(input.as_bytes(), std::io::sink(), &BatchOptions::default(), &seen).unwrap();
/// assert_eq!(seen.0.load(Ordering::Relaxed), input.len() as u64);
/// ```
pub fn run_observed<R: BufRead, W: Write, O: Observer + ?Sized>(
    mut input: R,
    mut output: W,
    options: &BatchOptions,
    observer: &O,
) -> Result<Summary> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot start threads: {e}")))?;
    let mut summary = Summary::default();
    let (tx, rx) = mpsc::channel::<(usize, thread::Result<Chunk>)>();
    // Lines are read a chunk at a time and each chunk is handed to the
    // pool as soon as it is read; finished chunks are written in input
    // order as they come back. At most `window_docs` lines (about
    // `window_bytes` bytes) are between being read and being written, so
    // a slow document holds up the output of at most a window, and no
    // thread waits for a whole window to finish before the next is read.
    pool.in_place_scope(|scope| -> Result<()> {
        let max_lines = options.window_docs.max(1);
        let mut line_no = 0usize;
        let mut done = false;
        // Chunks handed out and not yet written: (lines, bytes) in order,
        // the first being chunk number `written`.
        let mut held: VecDeque<(usize, usize)> = VecDeque::new();
        let (mut held_lines, mut held_bytes) = (0usize, 0usize);
        let mut written = 0usize;
        // Finished chunks waiting for an earlier one, by number.
        let mut ready: BTreeMap<usize, Chunk> = BTreeMap::new();
        loop {
            // Read and hand out chunks while the window has room.
            // Room for another line: always when none is held (so that a
            // window of zero bytes still makes progress).
            let room = |lines: usize, bytes: usize| {
                lines == 0 || (lines < max_lines && bytes < options.window_bytes)
            };
            while !done && room(held_lines, held_bytes) {
                let mut lines = Vec::new();
                let mut bytes = 0usize;
                while lines.len() < CHUNK_LINES
                    && bytes < CHUNK_BYTES
                    && room(held_lines + lines.len(), held_bytes + bytes)
                {
                    match next_line(&mut input, options.max_doc_bytes)? {
                        Some((line, read)) => {
                            line_no += 1;
                            summary.bytes += read;
                            if let Line::Text(t) = &line {
                                bytes += t.len();
                            }
                            lines.push((line_no, line, read));
                        }
                        None => {
                            done = true;
                            break;
                        }
                    }
                }
                if lines.is_empty() {
                    break;
                }
                held_lines += lines.len();
                held_bytes += bytes;
                let number = written + held.len();
                held.push_back((lines.len(), bytes));
                let tx = tx.clone();
                scope.spawn(move |_| {
                    let chunk = panic::catch_unwind(AssertUnwindSafe(|| {
                        render_chunk(lines, options, observer)
                    }));
                    // The receiver lives until every chunk is back.
                    let _ = tx.send((number, chunk));
                });
                // Write whatever is already finished, in order.
                while let Ok((number, chunk)) = rx.try_recv() {
                    ready.insert(number, chunk.unwrap_or_else(|p| panic::resume_unwind(p)));
                }
                if ready.contains_key(&written) {
                    break;
                }
            }
            if held.is_empty() {
                return Ok(());
            }
            // Wait until the oldest chunk is back, then write all that follow in order.
            while !ready.contains_key(&written) {
                let Ok((number, chunk)) = rx.recv() else {
                    // Unreachable: `tx` is alive, and every chunk sends.
                    return Err(Error::new(ErrorKind::Io, "a worker thread went away"));
                };
                ready.insert(number, chunk.unwrap_or_else(|p| panic::resume_unwind(p)));
            }
            while let Some(chunk) = ready.remove(&written) {
                let (lines, bytes) = held.pop_front().unwrap_or_default();
                held_lines -= lines;
                held_bytes -= bytes;
                written += 1;
                summary.documents += chunk.documents;
                summary.failures += chunk.failures;
                summary.timexes += chunk.timexes;
                summary.events += chunk.events;
                output
                    .write_all(&chunk.out)
                    .map_err(crate::write::out_err)?;
            }
            output.flush().map_err(crate::write::out_err)?;
        }
    })?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Lines a chunk (one job for the worker threads) holds at most...
const CHUNK_LINES: usize = 64;
/// ... and input bytes after which it ends (it may hold one line that is longer).
const CHUNK_BYTES: usize = 32 * 1024;

/// The output lines of consecutive records, and what they held.
#[derive(Debug, Default)]
struct Chunk {
    out: Vec<u8>,
    documents: usize,
    failures: usize,
    timexes: usize,
    events: usize,
}

/// Processes consecutive lines into one buffer of output lines.
fn render_chunk<O: Observer + ?Sized>(
    lines: Vec<(usize, Line, u64)>,
    options: &BatchOptions,
    observer: &O,
) -> Chunk {
    // A document's JSON is about ten times its text; reserve that up front
    // (a short record, such as an error, gets a small buffer).
    let expected: usize = lines
        .iter()
        .map(|(_, line, _)| match line {
            Line::Text(t) => t.len().saturating_mul(12).clamp(256, 1 << 20),
            Line::TooLarge(_) => 256,
        })
        .fold(0, usize::saturating_add);
    let mut chunk = Chunk {
        out: Vec::with_capacity(expected.min(16 << 20)),
        ..Chunk::default()
    };
    for (n, line, read) in lines {
        let counts = render(n, line, options, &mut chunk.out);
        chunk.documents += 1;
        match counts {
            Some((timexes, events)) => {
                chunk.timexes += timexes;
                chunk.events += events;
            }
            None => chunk.failures += 1,
        }
        observer.finished(read, counts.is_some());
    }
    chunk
}

/// Appends one record's output line to `out`, never failing; gives its
/// (timexes, events) counts when it made a document.
fn render(
    n: usize,
    line: Line,
    options: &BatchOptions,
    out: &mut Vec<u8>,
) -> Option<(usize, usize)> {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| process(n, line, options)))
        .unwrap_or_else(|_| {
            Err(RecordError::new(
                n,
                None,
                RecordErrorKind::Internal,
                "internal error (a bug in chronicler: please report this record)",
            ))
        });
    let at = out.len();
    let (written, counts) = match &outcome {
        Ok(doc) => {
            // Straight into the buffer (the same bytes as serde_json's, faster).
            crate::write::json::document(out, doc, false);
            (Ok(()), Some((doc.timexes.len(), doc.events.len())))
        }
        Err(e) => (serde_json::to_writer(&mut *out, e), None),
    };
    if let Err(e) = written {
        out.truncate(at);
        let e = RecordError::new(
            n,
            None,
            RecordErrorKind::Internal,
            &format!("cannot serialise the result: {e}"),
        );
        // A record of plain strings and numbers always serialises.
        let _ = serde_json::to_writer(&mut *out, &e);
        out.push(b'\n');
        return None;
    }
    out.push(b'\n');
    counts
}

/// Turns one line into a document or an error record.
fn process(
    n: usize,
    line: Line,
    options: &BatchOptions,
) -> std::result::Result<Document, RecordError> {
    process_with(n, line, options, true)
}

/// [`process`], reading the usual lines without a `serde_json::Value` when
/// `fast` (the tests compare with `fast` off).
fn process_with(
    n: usize,
    line: Line,
    options: &BatchOptions,
    fast: bool,
) -> std::result::Result<Document, RecordError> {
    use RecordErrorKind as K;
    let bytes = match line {
        Line::Text(b) => b,
        Line::TooLarge(len) => {
            return Err(RecordError::new(
                n,
                None,
                K::TooLarge,
                &format!(
                    "record of {len} bytes is over the limit of {} bytes (--max-doc-bytes)",
                    options.max_doc_bytes
                ),
            ))
        }
    };
    let (text, bad_utf8) = match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    if text.trim().is_empty() {
        return Err(RecordError::new(n, None, K::EmptyLine, "empty line"));
    }
    let fast = match bad_utf8 {
        None if fast => Record::read(&text, options),
        _ => None,
    };
    let Record { id, text, date } = match fast {
        Some(r) => r,
        None => Record::from_value(n, &text, bad_utf8, options)?,
    };
    let published = match date {
        DateField::Absent => options.published.clone(),
        DateField::Str(s) => match parse_record_date(&s, options.policies) {
            Ok((date, time)) => Some(Published {
                time,
                ..Published::given(date)
            }),
            Err(e) => {
                return Err(RecordError::new(
                    n,
                    id,
                    K::PublicationDate,
                    &format!("field {:?}: {e}", options.date_field),
                ))
            }
        },
        DateField::Other => {
            return Err(RecordError::new(
                n,
                id,
                K::PublicationDate,
                &format!("field {:?} is not a string", options.date_field),
            ))
        }
    };
    let doc_options = Options {
        id: id.clone().unwrap_or_else(|| format!("line {n}")),
        published,
        policies: options.policies,
    };
    extract(&text, &doc_options).map_err(|e| {
        let kind = match e.kind() {
            ErrorKind::PublicationDate => K::PublicationDate,
            _ => K::Internal,
        };
        RecordError::new(n, id, kind, e.message())
    })
}

/// A record's date field as [`published::parse_date_with`] reads it, the
/// usual `2017-05-05` (ten ASCII bytes, a valid day) read directly: the
/// general reader tries chrono's format parser first, about a thousand
/// instructions a record.
fn parse_record_date(
    s: &str,
    policies: Policies,
) -> Result<(chrono::NaiveDate, Option<chrono::NaiveTime>)> {
    if let Some(d) = iso_day(s) {
        return Ok((d, None));
    }
    published::parse_date_with(s, policies.numeric)
}

/// `YYYY-MM-DD` exactly (ten bytes, digits and two hyphens) when it names a day.
fn iso_day(s: &str) -> Option<chrono::NaiveDate> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    let month = digit(5)? * 10 + digit(6)?;
    let day = digit(8)? * 10 + digit(9)?;
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The fields of a record that the batch reads.
#[derive(Debug, PartialEq)]
struct Record {
    /// The id: a string, or a number written as JSON writes it.
    id: Option<String>,
    /// The text.
    text: String,
    /// The date field.
    date: DateField,
}

/// The date field of a record.
#[derive(Debug, PartialEq)]
enum DateField {
    /// Not there, or null.
    Absent,
    /// A string.
    Str(String),
    /// Anything else.
    Other,
}

impl Record {
    /// The fields of a line through a `serde_json::Value`, with the error
    /// records of a line that is not JSON, not an object, not UTF-8 or
    /// without a text.
    fn from_value(
        n: usize,
        text: &str,
        bad_utf8: Option<usize>,
        options: &BatchOptions,
    ) -> std::result::Result<Record, RecordError> {
        use RecordErrorKind as K;
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                if let Some(at) = bad_utf8 {
                    return Err(RecordError::new(
                        n,
                        None,
                        K::InvalidUtf8,
                        &format!("not valid UTF-8 (first invalid byte at byte {at} of the line)"),
                    ));
                }
                return Err(RecordError::new(
                    n,
                    None,
                    K::InvalidJson,
                    &format!("invalid JSON: {e}"),
                ));
            }
        };
        let serde_json::Value::Object(mut map) = value else {
            return Err(RecordError::new(
                n,
                None,
                K::NotAnObject,
                "not a JSON object",
            ));
        };
        let id = match map.get(&options.id_field) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(x)) => Some(x.to_string()),
            _ => None,
        };
        if let (Some(at), false) = (bad_utf8, options.lossy) {
            return Err(RecordError::new(
                n,
                id,
                K::InvalidUtf8,
                &format!("not valid UTF-8 (first invalid byte at byte {at} of the line); pass --lossy to replace invalid bytes with U+FFFD"),
            ));
        }
        let text = match map.remove(&options.text_field) {
            Some(serde_json::Value::String(s)) => s,
            Some(_) => {
                return Err(RecordError::new(
                    n,
                    id,
                    K::NoText,
                    &format!("field {:?} is not a string", options.text_field),
                ))
            }
            None => {
                return Err(RecordError::new(
                    n,
                    id,
                    K::NoText,
                    &format!("no {:?} field", options.text_field),
                ))
            }
        };
        let date = match map.get(&options.date_field) {
            None | Some(serde_json::Value::Null) => DateField::Absent,
            Some(serde_json::Value::String(s)) => DateField::Str(s.clone()),
            Some(_) => DateField::Other,
        };
        Ok(Record { id, text, date })
    }

    /// The fields of a line of the usual shape, read without building a
    /// `serde_json::Value`: an object whose values are all strings, with
    /// a text field and no key twice (in any order, other fields allowed),
    /// and nothing after it but white space. `None` for anything else
    /// (numbers, nested values, a repeated key, a lone surrogate, invalid
    /// JSON...): [`Record::from_value`] then reads the line as before, so
    /// the results and error records are the same either way.
    fn read(line: &str, options: &BatchOptions) -> Option<Record> {
        let b = line.as_bytes();
        // A control character (raw tab or line feed) may stand between
        // tokens but not inside a string; such lines are rare: they go the
        // general way, and the strings here are scanned for quotes and
        // backslashes only.
        if !no_control(b) {
            return None;
        }
        let mut i = skip_json_ws(b, 0);
        if b.get(i) != Some(&b'{') {
            return None;
        }
        let (mut id, mut text, mut date) = (None, None, None);
        i = skip_json_ws(b, i + 1);
        loop {
            let (key, k) = json_string(line, i)?;
            i = skip_json_ws(b, k);
            if b.get(i) != Some(&b':') {
                return None;
            }
            i = skip_json_ws(b, i + 1);
            let (value, k) = json_string(line, i)?;
            let slot = if key == options.id_field {
                Some(&mut id)
            } else if key == options.text_field {
                Some(&mut text)
            } else if key == options.date_field {
                Some(&mut date)
            } else {
                None
            };
            if let Some(slot) = slot {
                if slot.is_some() {
                    return None;
                }
                *slot = Some(value.into_owned());
            }
            i = skip_json_ws(b, k);
            match b.get(i) {
                Some(b',') => i = skip_json_ws(b, i + 1),
                Some(b'}') => break,
                _ => return None,
            }
        }
        if skip_json_ws(b, i + 1) != b.len() {
            return None;
        }
        Some(Record {
            id,
            text: text?,
            date: date.map_or(DateField::Absent, DateField::Str),
        })
    }
}

/// Whether `b` holds no byte below 0x20 (32 bytes at a time, in a fold
/// the compiler turns into vector compares).
fn no_control(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(32);
    let clean = |c: &[u8]| c.iter().fold(0u8, |m, &x| m | u8::from(x < 0x20)) == 0;
    chunks.all(clean) && clean(chunks.remainder())
}

/// The first byte at or after `i` that is not JSON white space.
fn skip_json_ws(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

/// The JSON string starting at byte `i` of `line` (at its opening quote),
/// unescaped, and the byte after its closing quote; `None` when there is
/// no string there, or one `serde_json` might read otherwise (an unknown
/// escape, a surrogate that is not half of a pair). `line` holds no
/// control character ([`no_control`]).
fn json_string(line: &str, i: usize) -> Option<(std::borrow::Cow<'_, str>, usize)> {
    let b = line.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let start = i + 1;
    // The line holds no control character ([`no_control`]): a string
    // ends at a quote, and a backslash starts an escape.
    let next = |from: usize| {
        b.get(from..)
            .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
            .map_or(b.len(), |k| from + k)
    };
    let mut at = next(start);
    if b.get(at) == Some(&b'"') {
        return Some((std::borrow::Cow::Borrowed(line.get(start..at)?), at + 1));
    }
    let mut out = String::with_capacity(line.len().saturating_sub(start).min(1 << 20));
    let mut from = start;
    loop {
        out.push_str(line.get(from..at)?);
        match b.get(at)? {
            b'"' => return Some((std::borrow::Cow::Owned(out), at + 1)),
            b'\\' => {}
            _ => return None,
        }
        let e = *b.get(at + 1)?;
        from = at + 2;
        match e {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let hi = hex4(b, at + 2)?;
                from = at + 6;
                let c = match hi {
                    0xD800..=0xDBFF => {
                        if b.get(at + 6..at + 8) != Some(b"\\u") {
                            return None;
                        }
                        let lo = hex4(b, at + 8)?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return None;
                        }
                        from = at + 12;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                    }
                    _ => char::from_u32(hi)?,
                };
                out.push(c);
            }
            _ => return None,
        }
        at = next(from);
    }
}

/// The four hex digits at byte `i`, as a number.
fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let digits = b.get(i..i + 4)?;
    digits
        .iter()
        .try_fold(0u32, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], o: &BatchOptions) -> (Summary, Vec<serde_json::Value>) {
        let mut out = Vec::new();
        let s = run(input, &mut out, o).unwrap();
        let v = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        (s, v)
    }

    #[test]
    fn line_reader_limits_and_ends() {
        let mut r: &[u8] = b"ab\r\n\nxyzxyz\nlast";
        let mut got = Vec::new();
        while let Some((l, n)) = next_line(&mut r, 4).unwrap() {
            got.push((format!("{l:?}"), n));
        }
        assert_eq!(
            got,
            vec![
                ("Text([97, 98])".to_string(), 4),
                ("Text([])".to_string(), 1),
                ("TooLarge(6)".to_string(), 7),
                ("Text([108, 97, 115, 116])".to_string(), 4),
            ]
        );
    }

    #[test]
    fn every_line_accounted_for() {
        let mut input = Vec::new();
        input.extend_from_slice(
            br#"{"id": "ok", "text": "It rained on Tuesday.", "published": "2017-05-05"}"#,
        );
        input.extend_from_slice(b"\n{\"id\": \"trunc\", \"text\": \"abc\n");
        input.extend_from_slice(b"\n");
        input.extend_from_slice(b"[1, 2]\n");
        input.extend_from_slice(br#"{"id": 7, "body": "no text"}"#);
        input.extend_from_slice(
            b"\n{\"id\": \"bad\", \"text\": \"caf\xE9\", \"published\": \"2017-05-05\"}\n",
        );
        input.extend_from_slice(br#"{"id": "nodate", "text": "It rained on Tuesday."}"#);
        input.extend_from_slice(b"\n");
        input.extend_from_slice(br#"{"id": "baddate", "text": "x", "published": "someday"}"#);
        input.extend_from_slice(b"\n");
        input.extend_from_slice(br#"{"id": "big", "text": "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"}"#);
        input.extend_from_slice(b"\n");
        input.extend_from_slice(
            br#"{"id": "last", "text": "Talks ended yesterday.", "published": "2017-05-05"}"#,
        );
        let o = BatchOptions {
            max_doc_bytes: 100,
            threads: 2,
            window_docs: 3,
            ..BatchOptions::default()
        };
        let (s, v) = lines(&input, &o);
        let kinds: Vec<String> = v
            .iter()
            .map(|r| match r["error"]["kind"].as_str() {
                Some(k) => k.to_string(),
                None => format!("doc {}", r["document"]["id"].as_str().unwrap_or("?")),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "doc ok",
                "invalid_json",
                "empty_line",
                "not_an_object",
                "no_text",
                "invalid_utf8",
                "publication_date",
                "publication_date",
                "too_large",
                "doc last"
            ]
        );
        for (i, r) in v
            .iter()
            .enumerate()
            .filter(|(_, r)| r.get("error").is_some())
        {
            assert_eq!(r["line"], i + 1);
        }
        assert_eq!(v[4]["id"], "7");
        assert_eq!(v[5]["id"], "bad");
        assert!(v[5]["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 6 (bad): not valid UTF-8"));
        assert_eq!((s.documents, s.failures), (10, 8));
        assert_eq!(s.bytes, input.len() as u64);
        // lossy turns the invalid record into a document
        let o = BatchOptions { lossy: true, ..o };
        let (_, v) = lines(&input, &o);
        assert_eq!(v[5]["document"]["id"], "bad");
    }

    #[test]
    fn same_output_with_any_threads_and_window() {
        let mut input = String::new();
        for i in 0..40u32 {
            input.push_str(&format!(
                "{{\"id\": \"d{i}\", \"text\": \"On Monday, {i} people met. The talks resumed the day before yesterday.\", \"published\": \"2017-05-{:02}\"}}\n",
                1 + i % 28
            ));
            if i.is_multiple_of(7) {
                input.push_str("oops\n");
            }
        }
        let run_with = |threads, window_docs, window_bytes| {
            let mut out = Vec::new();
            let o = BatchOptions {
                threads,
                window_docs,
                window_bytes,
                ..BatchOptions::default()
            };
            run(input.as_bytes(), &mut out, &o).unwrap();
            out
        };
        let one = run_with(1, 1000, 1 << 20);
        assert_eq!(one, run_with(2, 3, 1 << 20));
        assert_eq!(one, run_with(3, 1, 1 << 20));
        // a window of 0 bytes or 0 lines still holds one line at a time
        assert_eq!(one, run_with(2, 1000, 0));
        assert_eq!(one, run_with(2, 0, 1 << 20));
        assert_eq!(one, run_with(2, 20, 300));
        assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), 46);
    }

    /// The typed reader of the usual lines gives what the `Value` path
    /// gives, and falls back to it for everything else: escapes, surrogate
    /// pairs and lone surrogates, repeated keys, nested and non-string
    /// values, renamed fields, odd white space, broken lines.
    #[test]
    fn record_dates_as_the_general_reader() {
        let policies = Policies::default();
        let mut dates: Vec<String> = [
            "2017-05-05",
            "0000-01-01",
            "9999-12-31",
            "2017-02-29",
            "2016-02-29",
            "2017-13-01",
            "2017-00-10",
            "2017-04-31",
            "2017-4-05",
            "2017-05-5",
            " 2017-05-05",
            "2017/05/05",
            "2017-05-05T09:30",
            "May 5, 2017",
            "20170-5-05",
            "+201-05-05",
            "2017-05-0٥",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // every day of a few years, and each byte changed in one date
        let mut d = chrono::NaiveDate::from_ymd_opt(1999, 12, 25).unwrap_or_default();
        while d.format("%Y").to_string() != "2001" {
            dates.push(d.format("%Y-%m-%d").to_string());
            d = d.succ_opt().unwrap_or_default();
        }
        for i in 0..10 {
            for c in [b'0', b'9', b'-', b'a', b' ', b'+'] {
                let mut b = b"2017-05-05".to_vec();
                b[i] = c;
                dates.push(String::from_utf8(b).unwrap_or_default());
            }
        }
        for s in &dates {
            let fast = parse_record_date(s, policies).map_err(|e| e.message().to_string());
            let general = published::parse_date_with(s, policies.numeric)
                .map_err(|e| e.message().to_string());
            assert_eq!(fast, general, "{s:?}");
        }
    }

    #[test]
    fn typed_reader_matches_value_path() {
        let lines: Vec<&[u8]> = vec![
            br#"{"id": "a", "text": "It rained yesterday.", "published": "2017-05-05"}"#,
            br#"{"published":"2017-05-05","text":"It rained yesterday.","id":"b"}"#,
            b" \t{ \"id\" : \"c\" ,\r\n\"text\":\"Line\\none \\\"q\\\" \\\\ \\/ \\b\\f\\r\\t \\u00e9\\u20AC \\ud83d\\ude00 end\", \"published\" : \"May 5, 2017\" } \r\n ",
            b"  { \"id\" : \"c2\" , \"text\":\"Line\\none \\\"q\\\" \\\\ \\/ \\b\\f\\r\\t \\u00e9\\u20AC \\ud83d\\ude00 end\", \"published\" : \"May 5, 2017\" }  ",
            br#"{"id": "d", "text": "lone \ud83d here", "published": "2017-05-05"}"#,
            br#"{"id": "e", "text": "lone \ude00 low", "published": "2017-05-05"}"#,
            br#"{"id": "f", "text": "pair broken \ud83d\u0041", "published": "2017-05-05"}"#,
            br#"{"id": "g", "text": "first", "text": "second", "published": "2017-05-05"}"#,
            br#"{"id": "h", "text": "x", "published": "2017-05-05", "published": "2018-01-01"}"#,
            br#"{"id": 12, "text": "It rained yesterday.", "published": "2017-05-05"}"#,
            br#"{"id": 1.5e3, "text": "It rained yesterday.", "published": "2017-05-05"}"#,
            br#"{"id": "i", "text": "It rained yesterday.", "published": null}"#,
            br#"{"id": "j", "text": "It rained yesterday.", "published": 20170505}"#,
            br#"{"id": "k", "text": "It rained yesterday.", "meta": {"a": [1, "x"]}, "published": "2017-05-05"}"#,
            br#"{"id": "l", "text": ["not", "a string"], "published": "2017-05-05"}"#,
            br#"{"id": "m", "published": "2017-05-05"}"#,
            br#"{"id": "n", "text": "x", "published": "someday"}"#,
            br#"{"id": "o", "text": "It rained yesterday."}"#,
            br#"{"id": "p", "text": "bad escape \q", "published": "2017-05-05"}"#,
            br#"{"id": "q", "text": "short \u00e", "published": "2017-05-05"}"#,
            br#"{"id": "r", "text": "trailing", "published": "2017-05-05"} x"#,
            br#"{"id": "s", "text": "trailing comma", "published": "2017-05-05",}"#,
            br#"{"id": "t", "text": "unterminated, "published": "2017-05-05"}"#,
            br#"{"i\u0064": "u", "te\u0078t": "escaped keys", "published": "2017-05-05"}"#,
            br#"{}"#,
            br#"[{"id": "v", "text": "x"}]"#,
            br#""just a string""#,
            b"{\"id\": \"w\", \"text\": \"raw\ttab\", \"published\": \"2017-05-05\"}",
            b"{\"id\":\t\"w2\",\n\"text\": \"tab between tokens\", \"published\": \"2017-05-05\"}",
            b"{\"id\": \"x\", \"text\": \"caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d\", \"published\": \"2017-05-05\"}",
            b"{\"id\": \"y\", \"text\": \"caf\xe9\", \"published\": \"2017-05-05\"}",
            b"\xef\xbb\xbf{\"id\": \"z\", \"text\": \"bom\", \"published\": \"2017-05-05\"}",
            br#"{"id": "", "text": "", "published": ""}"#,
            br#"{"id": "aa", "text": "   ", "published": "2017-05-05"}"#,
            br#"{"key": "k1", "body": "The vote was held yesterday.", "date": "05/04/2017"}"#,
            br#"{"id": "ab", "text": "The vote was held yesterday.", "date": "05/04/2017", "body": "other"}"#,
        ];
        let renamed = BatchOptions {
            id_field: "key".into(),
            text_field: "body".into(),
            date_field: "date".into(),
            ..BatchOptions::default()
        };
        let same_field = BatchOptions {
            id_field: "text".into(),
            ..BatchOptions::default()
        };
        let lossy = BatchOptions {
            lossy: true,
            ..BatchOptions::default()
        };
        let mut fast_reads = 0;
        for o in [&BatchOptions::default(), &renamed, &same_field, &lossy] {
            for (n, line) in lines.iter().enumerate() {
                let mut got = Vec::new();
                let mut want = Vec::new();
                for (fast, out) in [(true, &mut got), (false, &mut want)] {
                    match process_with(n + 1, Line::Text(line.to_vec()), o, fast) {
                        Ok(doc) => crate::write::json::document(out, &doc, false),
                        Err(e) => out.extend_from_slice(
                            serde_json::to_string(&e).unwrap_or_default().as_bytes(),
                        ),
                    }
                }
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want),
                    "{}",
                    String::from_utf8_lossy(line)
                );
                let Ok(text) = std::str::from_utf8(line) else {
                    continue;
                };
                if let Some(r) = Record::read(text, o) {
                    fast_reads += 1;
                    assert_eq!(Some(r), Record::from_value(n + 1, text, None, o).ok());
                }
            }
        }
        assert!(fast_reads >= 20, "{fast_reads}");
        // the escapes, a surrogate pair among them, are read the typed way
        let c2 = std::str::from_utf8(lines[3]).unwrap_or_default();
        let r = Record::read(c2, &BatchOptions::default()).map(|r| r.text);
        assert_eq!(
            r.as_deref(),
            Some("Line\none \"q\" \\ / \u{8}\u{c}\r\t \u{e9}\u{20ac} \u{1f600} end")
        );
    }

    #[test]
    fn renamed_fields_and_default_date() {
        let input = br#"{"key": "k1", "body": "The vote was held yesterday.", "date": "05/04/2017"}
{"key": "k2", "body": "The vote was held yesterday."}
"#;
        let o = BatchOptions {
            id_field: "key".into(),
            text_field: "body".into(),
            date_field: "date".into(),
            published: chrono::NaiveDate::from_ymd_opt(2020, 1, 2).map(Published::given),
            ..BatchOptions::default()
        };
        let (s, v) = lines(input, &o);
        assert_eq!(s.failures, 0);
        assert_eq!(v[0]["document"]["id"], "k1");
        assert_eq!(v[0]["document"]["published"], "2017-05-04");
        assert_eq!(v[1]["document"]["published"], "2020-01-02");
    }
}
