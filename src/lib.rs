//! chronicler turns news text into a timeline.
//!
//! Data flows one way through the stages, each a module:
//!
//! ```text
//! text ─► segment ─► recognise ─► resolve ─► events ─► timeline ─► write
//!         text.rs    timex/       resolve.rs event/    timeline.rs write/
//! ```
//!
//! [`extract`] runs them all; [`pipeline`] has the first four as separate
//! functions, to time or use one stage alone.
//!
//! Only [`resolve`] sees the publication date. Every timex and event carries
//! the rule that made it.
//!
//! # Example
//! ```
//! use chronicler::{extract, Options, published::Published};
//! let published = Published::given(chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap());
//! let doc = extract("The summit was held this week.", &Options::with_published(published)).unwrap();
//! assert_eq!(doc.timexes[0].value, "2017-W18");
//! ```

#![forbid(unsafe_code)]

pub mod batch;
pub mod check;
pub mod error;
pub mod eval;
pub mod event;
pub mod folder;
pub mod input;
pub mod pattern;
pub mod pipeline;
pub mod published;
pub mod resolve;
pub mod text;
pub mod timeline;
pub mod timeml;
pub mod timex;
pub mod write;

pub use error::{Error, ErrorKind, Result};
pub use event::EventClass;
pub use published::{Published, PublishedSource};
pub use timex::{Timex, TimexType};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use smol_str::SmolStr;
use std::borrow::Cow;
use std::sync::Arc;
use text::{CharMap, Sentence, Span, Tense};

/// What to do with a document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document's id in the output (a file name, a record id).
    pub id: String,
    /// The publication date; when `None`, it is looked for in the text.
    pub published: Option<Published>,
    /// The ambiguity policies.
    pub policies: resolve::Policies,
}

impl Options {
    /// Options with a publication date and default policies.
    pub fn with_published(published: Published) -> Options {
        Options {
            published: Some(published),
            ..Options::default()
        }
    }
}

/// The document part of the output: id and the publication date used.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    /// The id given in [`Options::id`].
    pub id: String,
    /// The publication date used; `None` only for a blank text given
    /// without one (there is nothing to date, so none is needed).
    #[serde(serialize_with = "ser_naive")]
    pub published: Option<NaiveDate>,
    /// Where that date came from.
    pub published_source: String,
}

fn ser_naive<S: Serializer>(d: &Option<NaiveDate>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

fn ser_shared<S: Serializer>(s: &Arc<str>, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

/// An event mention, anchored (or not) to its time.
///
/// Its short strings (id, trigger, timex id, value) are [`SmolStr`]s, which
/// dereference to `str`: held inline or pointing to a `'static` id table,
/// they cost no allocation, and the copies of them in the timeline entries
/// none either.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// `e1`, `e2`, ... in text order.
    pub id: SmolStr,
    /// Code point offset of the trigger.
    pub start: usize,
    /// Code point offset one past the trigger.
    pub end: usize,
    /// The trigger text.
    pub text: SmolStr,
    /// TimeML class.
    pub class: EventClass,
    /// Tense of its clause.
    pub tense: Tense,
    /// Id of the anchoring timex, if any: the DATE or TIME that dates the
    /// event, or the DURATION it lasts ("fought for three years"; then
    /// `value` comes from tense and the event is not on the timeline).
    pub timex: Option<SmolStr>,
    /// The TIMEX3 value of the event's date (from its timex, or by tense).
    pub value: Option<SmolStr>,
    /// How the date was found.
    pub anchored_by: Option<event::AnchorKind>,
    /// The sentence the event is in (shared by the events of one sentence).
    #[serde(serialize_with = "ser_shared")]
    pub sentence: Arc<str>,
    /// A short readable description: the clause around the trigger.
    pub description: String,
    /// The rule that found the trigger (a name of the event rules, not
    /// copied per event).
    pub rule: Cow<'static, str>,
    /// Byte range in the input (not serialised).
    #[serde(skip)]
    pub bytes: Span,
}

/// The result for one document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Id and publication date.
    pub document: DocumentInfo,
    /// Time expressions, in text order.
    pub timexes: Vec<Timex>,
    /// Events, in text order.
    pub events: Vec<Event>,
    /// Event ids in time order.
    pub timeline: Vec<SmolStr>,
    /// The timeline entries in time order, with their values and intervals.
    pub entries: Vec<timeline::Entry>,
    /// Consistency findings: stated dates that cannot all be true ([`check`]).
    pub findings: Vec<check::Finding>,
    /// Sentences (byte spans; not serialised).
    #[serde(skip)]
    pub sentences: Vec<Sentence>,
}

/// `e12`: an id made of a letter and a number, without the formatting
/// machinery (one per timex and event of every document).
pub(crate) fn numbered(prefix: char, n: usize) -> String {
    let mut digits = [0u8; 20];
    let digits = write::json::decimal(n as u64, &mut digits);
    let mut id = String::with_capacity(1 + digits.len());
    id.push(prefix);
    id.extend(digits.iter().map(|&d| char::from(d)));
    id
}

/// [`numbered`] as a [`SmolStr`], without an allocation or a copy of
/// bytes: ids up to [`STATIC_IDS`] are slices of a table made at compile
/// time (a `SmolStr` of a `'static` string is a pointer and a length),
/// longer ones are held inline (an id has at most 21 bytes).
pub(crate) fn numbered_static(prefix: u8, n: usize) -> SmolStr {
    let table = match prefix {
        b'e' => Some(E_IDS),
        b't' => Some(T_IDS),
        _ => None,
    };
    if let Some(id) = table.zip(id_range(n)).and_then(|(t, r)| t.get(r)) {
        return SmolStr::new_static(id);
    }
    let mut digits = [0u8; 20];
    let digits = write::json::decimal(n as u64, &mut digits);
    let mut id = [0u8; 21];
    id[0] = prefix;
    let len = 1 + digits.len();
    if let Some(rest) = id.get_mut(1..len) {
        rest.copy_from_slice(digits);
    }
    SmolStr::new(std::str::from_utf8(id.get(..len).unwrap_or_default()).unwrap_or_default())
}

/// `s` as a [`SmolStr`]: one of up to 23 bytes (a trigger word, an id, a
/// value) copied inline without the general constructor's call.
#[inline]
pub(crate) fn small_str(s: &str) -> SmolStr {
    if s.len() <= 23 {
        SmolStr::new_inline(s)
    } else {
        SmolStr::new(s)
    }
}

/// Ids `e1`/`t1` to `e999`/`t999` come from [`E_IDS`] and [`T_IDS`].
const STATIC_IDS: usize = 999;

/// Bytes of the table of ids `p1p2...p999`: 9 of 2 bytes, 90 of 3, 900 of 4.
const ID_TABLE_LEN: usize = 9 * 2 + 90 * 3 + 900 * 4;

/// The byte range of id `n` in an id table, if it is there.
fn id_range(n: usize) -> Option<std::ops::Range<usize>> {
    match n {
        1..=9 => Some(2 * (n - 1)..2 * n),
        10..=99 => Some(18 + 3 * (n - 10)..18 + 3 * (n - 9)),
        100..=STATIC_IDS => Some(288 + 4 * (n - 100)..288 + 4 * (n - 99)),
        _ => None,
    }
}

/// `p1p2...p999` for prefix `p`, made at compile time.
const fn id_table(prefix: u8) -> [u8; ID_TABLE_LEN] {
    let mut t = [0u8; ID_TABLE_LEN];
    let mut at = 0;
    let mut n = 1;
    while n <= STATIC_IDS {
        t[at] = prefix;
        at += 1;
        if n >= 100 {
            t[at] = b'0' + (n / 100) as u8;
            at += 1;
        }
        if n >= 10 {
            t[at] = b'0' + (n / 10 % 10) as u8;
            at += 1;
        }
        t[at] = b'0' + (n % 10) as u8;
        at += 1;
        n += 1;
    }
    assert!(at == ID_TABLE_LEN);
    t
}

/// The bytes of an id table as a `'static` string (checked at compile time).
const fn id_str(t: &'static [u8]) -> &'static str {
    match std::str::from_utf8(t) {
        Ok(s) => s,
        Err(_) => panic!("an id table is ASCII"),
    }
}

const E_ID_BYTES: [u8; ID_TABLE_LEN] = id_table(b'e');
const T_ID_BYTES: [u8; ID_TABLE_LEN] = id_table(b't');
/// `e1e2...e999`: the event ids of [`numbered_static`].
const E_IDS: &str = id_str(&E_ID_BYTES);
/// `t1t2...t999`: the timex ids of [`numbered_static`].
const T_IDS: &str = id_str(&T_ID_BYTES);

/// Runs the whole pipeline on one document.
///
/// Fails only when no publication date is given and none is found in the
/// text, or when the publication date is outside the years 0000-9999.
pub fn extract(text: &str, options: &Options) -> Result<Document> {
    if options.published.is_none() && text.trim().is_empty() {
        // A blank text has nothing to date: an empty timeline, no date needed.
        return Ok(Document {
            document: DocumentInfo {
                id: options.id.clone(),
                published: None,
                published_source: "none (empty text)".into(),
            },
            timexes: Vec::new(),
            events: Vec::new(),
            timeline: Vec::new(),
            entries: Vec::new(),
            findings: Vec::new(),
            sentences: Vec::new(),
        });
    }
    let published = match &options.published {
        Some(p) => p.clone(),
        None => published::detect_with(text, options.policies.numeric).ok_or_else(|| {
            Error::new(
                ErrorKind::PublicationDate,
                "no publication date found in the text (no Published:/Date: line, no full date in the first lines, no dateline with a year); pass --published DATE",
            )
        })?,
    };
    if !(0..=9999).contains(&chrono::Datelike::year(&published.date)) {
        // TIMEX3 values write years with four digits.
        return Err(Error::new(
            ErrorKind::PublicationDate,
            format!(
                "publication date {} is outside the years 0000-9999 that TIMEX3 values can write",
                published.date
            ),
        ));
    }
    let chars = CharMap::new(text);
    let sentences = pipeline::segment(text);
    let candidates = pipeline::recognise(text, &options.policies);
    let clauses = text::Clauses::new(text);
    let timexes = pipeline::resolve_with(
        text,
        &chars,
        &clauses,
        &sentences,
        candidates,
        published.date,
        &options.policies,
    );
    let (mentions, anchors) = pipeline::events_with(text, &clauses, &sentences, &timexes);
    let (events, mut entries) = build_events(
        text,
        &chars,
        &sentences,
        &mentions,
        &anchors,
        &timexes,
        published.date,
    );
    timeline::order(&mut entries);
    let timeline = entries.iter().map(|e| e.event.clone()).collect();
    let mut doc = Document {
        document: DocumentInfo {
            id: options.id.clone(),
            published: Some(published.date),
            published_source: published.source.describe(),
        },
        timexes,
        events,
        timeline,
        entries,
        findings: Vec::new(),
        sentences,
    };
    doc.findings = check::check(text, &doc);
    check::mark_entries(&mut doc.entries, &doc.findings);
    Ok(doc)
}

/// The events of `extract` and their timeline entries (not yet ordered),
/// from the mentions and their anchors.
fn build_events(
    text: &str,
    chars: &CharMap,
    sentences: &[Sentence],
    mentions: &[event::Mention],
    anchors: &[Option<event::EventAnchor>],
    timexes: &[Timex],
    published: chrono::NaiveDate,
) -> (Vec<Event>, Vec<timeline::Entry>) {
    let mut events: Vec<Event> = Vec::with_capacity(mentions.len());
    // At most the events placed by a time expression are on the timeline.
    let placed_by_timex =
        |a: &Option<event::EventAnchor>| a.is_some_and(|a| a.kind != event::AnchorKind::Narrative);
    let mut entries = Vec::with_capacity(anchors.iter().filter(|a| placed_by_timex(a)).count());
    // Mentions come in text order, so the events of one sentence follow each
    // other: they share one copy of it.
    let mut shared: Option<(Span, Arc<str>)> = None;
    // and the events of one clause often one description
    let mut reuse = None;
    // The id and value of each anchoring timex as `SmolStr`s, made once
    // per timex (events anchored to one timex then share copies of them).
    let mut shared_timex: Vec<Option<(SmolStr, SmolStr)>> = vec![None; timexes.len()];
    for (i, (m, a)) in mentions.iter().zip(anchors.iter()).enumerate() {
        let id = numbered_static(b'e', i + 1);
        let sentence = sentences
            .get(m.sentence)
            .map(|s| s.span())
            .unwrap_or(Span::new(0, text.len()));
        let sentence_text = match &shared {
            Some((span, s)) if *span == sentence => Arc::clone(s),
            _ => {
                let s: Arc<str> = Arc::from(&text[sentence.start..sentence.end]);
                shared = Some((sentence, Arc::clone(&s)));
                s
            }
        };
        let start = chars.char_offset(m.span.start);
        // The anchor (a TimeML TLINK) may be a DURATION ("fought for three
        // years"); only a DATE or TIME dates the event on the calendar.
        let anchor_tx = a.and_then(|a| timexes.get(a.timex));
        let tx = anchor_tx.filter(|t| matches!(t.kind, TimexType::Date | TimexType::Time));
        let anchor_strings = a.and_then(|a| {
            let t = timexes.get(a.timex)?;
            let slot = shared_timex.get_mut(a.timex)?;
            Some(
                slot.get_or_insert_with(|| (small_str(&t.id), small_str(&t.value)))
                    .clone(),
            )
        });
        // the anchoring timex's id, shared by the event and its entry
        let (timex_id, timex_value) = match anchor_strings {
            Some((id, value)) => (Some(id), Some(value)),
            None => (None, None),
        };
        let value = match tx {
            Some(_) => timex_value,
            None => match m.tense {
                Tense::Past => Some(SmolStr::new_static("PAST_REF")),
                Tense::Future => Some(SmolStr::new_static("FUTURE_REF")),
                _ => None,
            },
        };
        let anchored_by = match (a, &value) {
            (Some(a), _) if tx.is_some() => Some(a.kind),
            (_, Some(_)) => Some(event::AnchorKind::Tense),
            _ => None,
        };
        // Events dated only by tense, or only by the story's narrative day
        // (no time expression in their sentence), are kept out of the
        // timeline: a chronology lists events that a time expression places.
        let placed = placed_by_timex(a);
        if let (Some(v), Some(t), true) = (&value, tx, placed) {
            let (first, last, vague) = match t.first.zip(t.last) {
                Some((a, b)) => (Some(a), Some(b), false),
                None => match timeline::place_vague(v, published) {
                    Some((a, b)) => (Some(a), Some(b), true),
                    None => (None, None, true),
                },
            };
            entries.push(timeline::Entry {
                event: id.clone(),
                timex: timex_id.clone(),
                value: v.clone(),
                first,
                last,
                vague,
                offset: start,
                findings: Vec::new(),
            });
        }
        let description = match events.last() {
            Some(e) if event::reusable(text, sentence, m.span, reuse) => {
                String::clone(&e.description)
            }
            _ => event::describe_noting(text, sentence, m.span, &mut reuse),
        };
        events.push(Event {
            id,
            start,
            end: chars.char_offset(m.span.end),
            text: small_str(&text[m.span.start..m.span.end]),
            class: m.class,
            tense: m.tense,
            timex: timex_id,
            value,
            anchored_by,
            sentence: sentence_text,
            description,
            rule: Cow::Borrowed(m.rule),
            bytes: m.span,
        });
    }
    (events, entries)
}

/// The example articles in `fixtures/`, for the tests that hold a fast
/// implementation to its reference on real text.
#[cfg(test)]
pub(crate) fn fixture_articles() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/ is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a fixture article reads"))
        .collect();
    assert!(texts.len() >= 8, "{} fixture articles", texts.len());
    texts
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_ids() {
        for n in [0, 1, 9, 10, 12, 99, 100, 998, 999, 1000, 12345, usize::MAX] {
            assert_eq!(super::numbered('e', n), format!("e{n}"));
            assert_eq!(super::numbered('t', n), format!("t{n}"));
            assert_eq!(super::numbered_static(b'e', n), format!("e{n}"));
            assert_eq!(super::numbered_static(b't', n), format!("t{n}"));
            assert!(!super::numbered_static(b'e', n).is_heap_allocated());
        }
    }

    #[test]
    fn static_ids_are_the_numbered_ones() {
        for n in 0..2500 {
            for p in [b'e', b't'] {
                let id = super::numbered_static(p, n);
                assert_eq!(id, super::numbered(char::from(p), n), "{n}");
            }
        }
        assert_eq!(super::numbered_static(b'f', 3), "f3");
    }
}
