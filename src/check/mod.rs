//! Consistency checks: the dates an article states that cannot all be
//! true, reported as [`Finding`]s. Findings are data, not errors: a
//! document with findings has still been extracted.
//!
//! This module owns the five kinds of finding ([`FindingKind`]), the
//! evidence each one rests on, the readings it suggests instead, and the
//! compiler-style rendering of findings ([`render()`]). It reads what the
//! earlier stages made (the timexes with their known fields in
//! [`Timex::expr`](crate::Timex) and the resolution step in their `rule`,
//! the events with their tense, the sentences) and never changes them;
//! recognition and resolution stay in `crate::timex` and `crate::resolve`.
//!
//! **Precision over recall.** An editor stops reading a checker that cries
//! wolf, so every check states its evidence and abstains when the reading
//! is uncertain: a weekday that may belong to another date, a year-less
//! date whose year is ambiguous, hypotheticals ("would be held"), reported
//! futures ("said the vote will be held on March 3"), anything inside
//! quotation marks when it depends on the publication date, and plans told
//! with past-tense verbs ("was scheduled for", "planned to launch on").
//!
//! The checks run in this order, written once here: invalid dates and
//! times first (a date that does not exist has no weekday, so the weekday
//! check skips it), then weekday mismatches, tense against date, relative
//! against absolute expressions, and arithmetic. Findings are then sorted by
//! position and numbered `f1`, `f2`, ...
//!
//! **Severity.** [`Severity::Error`] when the contradiction lies in what the
//! text states alone (a weekday with a written year, "April 31", two stated
//! years that do not differ by the stated amount); [`Severity::Warning`]
//! when it rests on something inferred: the publication date, a year the
//! text leaves out, the tense of a verb.

mod arithmetic;
mod calendar;
mod invalid;
mod relative;
pub mod render;
mod tense;
mod weekday;
mod words;

pub use render::render;

use crate::text::{CharMap, Span};
use crate::timex::expr::Expr;
use crate::timex::Timex;
use crate::Document;
use chrono::{NaiveDate, Weekday};
use serde::Serialize;
use std::cell::OnceCell;

/// What kind of inconsistency a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A weekday written with a date that falls on another weekday.
    WeekdayMismatch,
    /// A date or time that does not exist ("Feb. 29, 2021", "April 31", "25:10").
    InvalidDate,
    /// A past-tense event dated after publication, or a future one before it.
    TenseVsDate,
    /// A relative expression that contradicts the absolute date beside it
    /// ("last month, on August 4" in an article of October 20).
    RelativeVsAbsolute,
    /// Stated quantities that do not add up with stated dates: durations,
    /// "N years after", anniversaries, ages, "to the day".
    Arithmetic,
}

impl FindingKind {
    /// The snake_case name used in the JSON output and the diagnostics.
    ///
    /// # Example
    /// ```
    /// use chronicler::check::FindingKind;
    /// assert_eq!(FindingKind::WeekdayMismatch.as_str(), "weekday_mismatch");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            FindingKind::WeekdayMismatch => "weekday_mismatch",
            FindingKind::InvalidDate => "invalid_date",
            FindingKind::TenseVsDate => "tense_vs_date",
            FindingKind::RelativeVsAbsolute => "relative_vs_absolute",
            FindingKind::Arithmetic => "arithmetic",
        }
    }
}

/// How sure the checker is that the text is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The text contradicts itself with what it states.
    Error,
    /// The contradiction rests on something inferred (the publication date,
    /// a year left out, the tense of a verb).
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    ///
    /// # Example
    /// ```
    /// use chronicler::check::Severity;
    /// assert_eq!(Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A reading that would make the text consistent, ranked by plausibility.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The TIMEX3 value of the reading (`2017-05-03`, `1976`, `P45Y`).
    pub value: String,
    /// The reading in words ("Wednesday, May 3, 2017").
    pub text: String,
    /// Why it is proposed and what it changes.
    pub reason: String,
}

/// What a finding rests on.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Evidence {
    /// Ids of the time expressions involved.
    pub timexes: Vec<String>,
    /// Ids of the events involved (the verb whose tense was read, the
    /// events dated by a wrong date).
    pub events: Vec<String>,
    /// The facts read or computed, one sentence each.
    pub facts: Vec<String>,
}

/// One inconsistency found in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// `f1`, `f2`, ... in text order.
    pub id: String,
    /// What kind of inconsistency.
    pub kind: FindingKind,
    /// How sure the checker is.
    pub severity: Severity,
    /// Code point offset of the first character of the span at fault.
    pub start: usize,
    /// Code point offset one past its last character.
    pub end: usize,
    /// The text of that span.
    pub text: String,
    /// A plain-English explanation with the computed facts.
    pub message: String,
    /// Readings that would be consistent, most plausible first.
    pub suggestions: Vec<Suggestion>,
    /// What the finding rests on.
    pub evidence: Evidence,
    /// Byte range in the input (for library users; not serialised).
    #[serde(skip)]
    pub bytes: Span,
}

/// Checks the dates of one extracted document against each other and
/// against its publication date. `text` must be the text `doc` was
/// extracted from. Never panics; returns no findings for a document
/// without a publication date.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// use chronicler::check::{check, FindingKind};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let text = "The Air Force fired a missile on Wednesday, April 3rd.";
/// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
/// let findings = check(text, &doc);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].kind, FindingKind::WeekdayMismatch);
/// assert_eq!(findings[0].message, "Wednesday, April 3rd: April 3, 2017 was a Monday, not a Wednesday");
/// assert_eq!(findings[0].suggestions[0].value, "2017-05-03");
/// ```
pub fn check(text: &str, doc: &Document) -> Vec<Finding> {
    let Some(pubd) = doc.document.published else {
        return Vec::new();
    };
    // Every check reads a time expression of the document: none, nothing to find.
    if doc.timexes.is_empty() {
        return Vec::new();
    }
    let cx = Ctx::new(text, doc, pubd);
    let mut out = Vec::new();
    invalid::check(&cx, &mut out);
    weekday::check(&cx, &mut out);
    tense::check(&cx, &mut out);
    relative::check(&cx, &mut out);
    arithmetic::check(&cx, &mut out);
    out.sort_by_key(|f| (f.bytes.start, f.bytes.end, f.kind));
    out.dedup_by(|a, b| a.kind == b.kind && a.bytes == b.bytes);
    for (i, f) in out.iter_mut().enumerate() {
        f.id = format!("f{}", i + 1);
    }
    out
}

/// Marks the timeline entries a finding concerns: each entry whose event
/// or timex is in a finding's evidence gets that finding's id.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let text = "The Air Force fired a missile on Wednesday, April 3rd.";
/// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
/// assert!(doc.entries.iter().any(|e| e.findings == vec!["f1".to_string()]));
/// ```
pub fn mark_entries(entries: &mut [crate::timeline::Entry], findings: &[Finding]) {
    for e in entries.iter_mut() {
        e.findings = findings
            .iter()
            .filter(|f| {
                f.evidence.events.iter().any(|x| *x == e.event)
                    || e.timex
                        .as_ref()
                        .is_some_and(|t| f.evidence.timexes.iter().any(|x| x == t))
            })
            .map(|f| f.id.clone())
            .collect();
    }
}

// ------------------------------------------------------------ shared context

/// What every check reads: the text, the document, and helpers over them.
/// The code point map and the quotations are built on first use: most
/// documents give no finding and ask about no quotation.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub doc: &'a Document,
    pub pubd: NaiveDate,
    chars: OnceCell<CharMap>,
    quotes: OnceCell<Vec<Span>>,
    lower: OnceCell<Vec<u8>>,
    sentences: Vec<Span>,
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str, doc: &'a Document, pubd: NaiveDate) -> Ctx<'a> {
        Ctx {
            text,
            doc,
            pubd,
            chars: OnceCell::new(),
            quotes: OnceCell::new(),
            lower: OnceCell::new(),
            sentences: split_at_quotes(text, &doc.sentences),
        }
    }

    /// The text's bytes with ASCII letters lowercased (so byte offsets
    /// are the text's), made on first use: words are searched for in it
    /// ASCII case aside, each with one `memmem` search.
    pub fn lower(&self) -> &[u8] {
        // one pass that the compiler vectorises (`to_ascii_lowercase`
        // copies, then lowercases byte by byte)
        self.lower
            .get_or_init(|| self.text.bytes().map(|b| b.to_ascii_lowercase()).collect())
    }

    /// The text of a byte span, or "" when it is not one.
    pub fn slice(&self, s: Span) -> &'a str {
        self.text.get(s.start..s.end).unwrap_or("")
    }

    /// The sentence containing byte `pos` (the whole text when none does).
    pub fn sentence(&self, pos: usize) -> Span {
        let s = &self.sentences;
        let i = s.partition_point(|x| x.end <= pos);
        s.get(i)
            .filter(|x| x.start <= pos)
            .copied()
            .unwrap_or(Span::new(0, self.text.len()))
    }

    /// Index of the sentence containing `pos`.
    pub fn sentence_index(&self, pos: usize) -> Option<usize> {
        let s = &self.sentences;
        let i = s.partition_point(|x| x.end <= pos);
        s.get(i).filter(|x| x.start <= pos).map(|_| i)
    }

    /// Whether byte `pos` lies inside quotation marks.
    pub fn in_quote(&self, pos: usize) -> bool {
        self.quotes
            .get_or_init(|| quoted_spans(self.text))
            .iter()
            .any(|q| q.start <= pos && pos < q.end)
    }

    /// Whether the date at `date` is the subject of the verb after it
    /// ("said Tuesday, March 5 would be the deadline"): then it is not the
    /// time of the verb before it, and a weekday written with it may be the
    /// time of another event.
    pub fn date_is_subject(&self, date: Span) -> bool {
        let rest = self.text.get(date.end..).unwrap_or("");
        let next = rest
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let starts_word =
            rest.starts_with(' ') && next.chars().next().is_some_and(char::is_alphabetic);
        starts_word
            && (words::is(&next, words::AUX)
                || words::is(&next, words::MODALS)
                || words::is(
                    &next,
                    &[
                        "marks", "marked", "remains", "remained", "became", "becomes", "saw",
                        "sees", "brought", "brings",
                    ],
                ))
    }

    /// Ids of the events dated by timex `id`.
    pub fn events_of(&self, id: &str) -> Vec<String> {
        self.doc
            .events
            .iter()
            .filter(|e| e.timex.as_deref() == Some(id))
            .map(|e| e.id.to_string())
            .collect()
    }

    /// The evidence of a finding about one time expression: its id, the
    /// events it dates, and `facts`.
    pub fn evidence_of(&self, timex: &str, facts: Vec<String>) -> Evidence {
        Evidence {
            timexes: vec![timex.to_string()],
            events: self.events_of(timex),
            facts,
        }
    }

    /// Ids of the events whose trigger overlaps `span`.
    pub fn events_in(&self, span: Span) -> Vec<String> {
        self.doc
            .events
            .iter()
            .filter(|e| e.bytes.overlaps(&span))
            .map(|e| e.id.to_string())
            .collect()
    }

    /// The timexes whose span lies in the sentence around `pos`.
    pub fn timexes_in_sentence(&self, pos: usize) -> impl Iterator<Item = &'a Timex> {
        let s = self.sentence(pos);
        // Timexes are in text order: start at the sentence (a scan of all of
        // them per call made a long document quadratic).
        let first = self
            .doc
            .timexes
            .partition_point(|t| t.bytes.start < s.start);
        self.doc.timexes[first..]
            .iter()
            .take_while(move |t| t.bytes.start < s.end)
            .filter(move |t| s.contains(&t.bytes))
    }

    /// Builds a finding (its id is set by [`check`]).
    pub fn finding(
        &self,
        kind: FindingKind,
        severity: Severity,
        span: Span,
        message: String,
        suggestions: Vec<Suggestion>,
        evidence: Evidence,
    ) -> Finding {
        let chars = self.chars.get_or_init(|| CharMap::new(self.text));
        Finding {
            id: String::new(),
            kind,
            severity,
            start: chars.char_offset(span.start),
            end: chars.char_offset(span.end),
            text: self.slice(span).to_string(),
            message,
            suggestions,
            evidence,
            bytes: span,
        }
    }

    /// "the publication date, May 5, 2017".
    pub fn pub_phrase(&self) -> String {
        format!("the publication date, {}", calendar::short(self.pubd))
    }
}

/// The spans inside quotation marks, paragraph by paragraph: `"`, `“ ”`
/// and the TimeBank style ``` `` ''```. A quote left open runs to the end
/// of its paragraph (the newswire convention for quotes that go on).
fn quoted_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let b = text.as_bytes();
    let mut i = 0;
    let mut next_e2: Option<usize> = None;
    while i < b.len() {
        // Outside a quote only an opening mark (`"`, ``` `` ```, `“`) does
        // anything: go to the next byte that may start one. (The bytes
        // skipped are stepped over one by one below, or two for `''`, so
        // the walk lands on that byte too.)
        if open.is_none() {
            match memchr::memchr3(b'"', b'`', 0xE2, &b[i..]) {
                Some(k) => i += k,
                None => break,
            }
        } else {
            // Inside a quote only a closing mark (`''`, `"`, `”`) or a
            // blank line does anything (an opening mark, `` ` `` among
            // them, changes nothing): go to the next `'`, `"`, line feed
            // or 0xE2 (the first byte of `”`; where the next one is is
            // kept until passed). Only these bytes start a mark or a blank
            // line; the others, and the rest of any character, are
            // stepped over as the character walk below would.
            let rest = b.get(i..).unwrap_or_default();
            let quote = memchr::memchr3(b'\'', b'"', b'\n', rest).map_or(b.len(), |k| i + k);
            if next_e2.is_none_or(|e| e < i) {
                next_e2 = Some(memchr::memchr(0xE2, rest).map_or(b.len(), |k| i + k));
            }
            i = quote.min(next_e2.unwrap_or(b.len()));
            if i >= b.len() {
                break;
            }
        }
        if !is_mark(b[i]) {
            i += 1;
            continue;
        }
        let rest = text.get(i..).unwrap_or("");
        let (kind, len) = if rest.starts_with("``") {
            (1, 2)
        } else if rest.starts_with("''") {
            (2, 2)
        } else if rest.starts_with('“') {
            (1, '“'.len_utf8())
        } else if rest.starts_with('”') {
            (2, '”'.len_utf8())
        } else if b[i] == b'"' {
            (3, 1)
        } else if b[i] == b'\n'
            && open.is_some()
            && text[i + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
        {
            // a blank line ends the paragraph and any open quote
            if let Some(s) = open.take() {
                out.push(Span::new(s, i));
            }
            (0, 1)
        } else {
            (0, rest.chars().next().map(char::len_utf8).unwrap_or(1))
        };
        match (kind, open) {
            (1, None) => open = Some(i),
            (2, Some(s)) => {
                out.push(Span::new(s, i + len));
                open = None;
            }
            (3, None) => open = Some(i),
            (3, Some(s)) => {
                out.push(Span::new(s, i + len));
                open = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = open {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// Whether a byte may start a quotation mark or a blank line.
#[inline(always)]
fn is_mark(c: u8) -> bool {
    matches!(c, b'`' | b'\'' | b'"' | b'\n' | 0xE2)
}

/// The document's sentences, each split again where a sentence ends and a
/// quotation opens ("in 1984. ``I think"): `crate::text` does not take
/// the TimeBank opening quote for the start of a sentence.
///
/// Quotation marks are rarer than full stops: one search through the
/// text finds the bytes that may open one (`"`, `` ` ``, and 0xE2, the
/// first byte of `“`), and a sentence is split where such a mark follows
/// white space after a `.`, `?` or `!` inside it, the places the search
/// from each full stop ([`split_at_quotes_each`]) finds. Sentences out of
/// order or overlapping (not those of `crate::pipeline`) go that way.
fn split_at_quotes(text: &str, sentences: &[crate::text::Sentence]) -> Vec<Span> {
    if !sentences
        .windows(2)
        .all(|w| w[0].start <= w[0].end && w[0].end <= w[1].start)
    {
        return split_at_quotes_each(text, sentences);
    }
    let mut out = Vec::with_capacity(sentences.len());
    let mut marks = memchr::memchr3_iter(b'"', b'`', 0xE2, text.as_bytes()).peekable();
    for s in sentences {
        let mut start = s.start;
        let body = text.get(s.start..s.end).unwrap_or("");
        while let Some(&q) = marks.peek() {
            if q >= s.end {
                break;
            }
            marks.next();
            let Some(at) = q.checked_sub(s.start) else {
                continue;
            };
            let (Some(before), Some(rest)) = (body.get(..at), body.get(at..)) else {
                continue;
            };
            if !(rest.starts_with("``") || rest.starts_with('“') || rest.starts_with('"')) {
                continue;
            }
            // white space before the mark, and a full stop before that
            let trimmed = before.trim_end();
            if trimmed.len() == before.len() || !trimmed.ends_with(['.', '?', '!']) {
                continue;
            }
            let end = s.start + trimmed.len();
            if end > start {
                out.push(Span::new(start, end));
            }
            start = q;
        }
        if s.end > start {
            out.push(Span::new(start, s.end));
        }
    }
    out
}

/// [`split_at_quotes`] sentence by sentence, from each full stop.
fn split_at_quotes_each(text: &str, sentences: &[crate::text::Sentence]) -> Vec<Span> {
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut start = s.start;
        let body = text.get(s.start..s.end).unwrap_or("");
        // '.', '?' and '!' are ASCII: their bytes are their characters
        for i in memchr::memchr3_iter(b'.', b'?', b'!', body.as_bytes()) {
            let rest = &body[i + 1..];
            let trimmed = rest.trim_start();
            if trimmed.len() < rest.len()
                && (trimmed.starts_with("``")
                    || trimmed.starts_with('“')
                    || trimmed.starts_with('"'))
            {
                let end = s.start + i + 1;
                if end > start {
                    out.push(Span::new(start, end));
                }
                start = s.start + i + 1 + (rest.len() - trimmed.len());
            }
        }
        if s.end > start {
            out.push(Span::new(start, s.end));
        }
    }
    out
}

/// The calendar fields an expression states (through a time of day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fields {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub weekday: Option<Weekday>,
}

/// The stated fields of a date expression ("Wednesday, April 3rd",
/// "the morning of May 3, 2017"), or `None` for other expressions.
pub(crate) fn fields(e: &Expr) -> Option<Fields> {
    match e {
        Expr::Date {
            year,
            month,
            day,
            weekday,
        } => Some(Fields {
            year: *year,
            month: *month,
            day: *day,
            weekday: *weekday,
        }),
        Expr::WithTime { date: Some(d), .. } => fields(d),
        _ => None,
    }
}

/// The resolution step of a timex (`year_by_tense`, `invalid_date`, ...).
pub(crate) fn step(t: &Timex) -> &str {
    t.rule.rsplit('/').next().unwrap_or("")
}

/// The recognition rule of a timex (`month_day`, `ago_later`, ...).
pub(crate) fn rule(t: &Timex) -> &str {
    t.rule.split('/').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_by_paragraph() {
        let t = "He said \"on Monday\" and ``then'' left.\n\n\"Open quote runs on.\n\nNot quoted.";
        let q = quoted_spans(t);
        let inside = |w: &str| {
            let p = t.find(w).unwrap_or(0);
            q.iter().any(|s| s.start <= p && p < s.end)
        };
        assert!(inside("Monday"));
        assert!(inside("then"));
        assert!(!inside("left"));
        assert!(inside("runs"));
        assert!(!inside("Not quoted"));
    }
}

/// The rewritten scanners against their first, plain versions, on texts
/// made of the characters they look at.
#[cfg(test)]
mod same_as_before {
    use super::*;
    use proptest::prelude::*;

    fn quoted_spans_ref(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut open: Option<usize> = None;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let rest = &text[i..];
            let (kind, len) = if rest.starts_with("``") {
                (1, 2)
            } else if rest.starts_with("''") {
                (2, 2)
            } else if rest.starts_with('“') {
                (1, '“'.len_utf8())
            } else if rest.starts_with('”') {
                (2, '”'.len_utf8())
            } else if b[i] == b'"' {
                (3, 1)
            } else if b[i] == b'\n'
                && text[i + 1..]
                    .trim_start_matches([' ', '\t', '\r'])
                    .starts_with('\n')
            {
                if let Some(s) = open.take() {
                    out.push(Span::new(s, i));
                }
                (0, 1)
            } else {
                (0, rest.chars().next().map(char::len_utf8).unwrap_or(1))
            };
            match (kind, open) {
                (1, None) | (3, None) => open = Some(i),
                (2, Some(s)) | (3, Some(s)) => {
                    out.push(Span::new(s, i + len));
                    open = None;
                }
                _ => {}
            }
            i += len;
        }
        if let Some(s) = open {
            out.push(Span::new(s, text.len()));
        }
        out
    }

    fn split_at_quotes_ref(text: &str, sentences: &[crate::text::Sentence]) -> Vec<Span> {
        let mut out = Vec::new();
        for s in sentences {
            let mut start = s.start;
            let body = text.get(s.start..s.end).unwrap_or("");
            for (i, c) in body.char_indices() {
                if !matches!(c, '.' | '?' | '!') {
                    continue;
                }
                let rest = &body[i + 1..];
                let trimmed = rest.trim_start();
                if trimmed.len() < rest.len()
                    && (trimmed.starts_with("``")
                        || trimmed.starts_with('“')
                        || trimmed.starts_with('"'))
                {
                    let end = s.start + i + 1;
                    if end > start {
                        out.push(Span::new(start, end));
                    }
                    start = s.start + i + 1 + (rest.len() - trimmed.len());
                }
            }
            if s.end > start {
                out.push(Span::new(start, s.end));
            }
        }
        out
    }

    fn tokens_ref(text: &str, span: Span) -> Vec<(Span, String, bool)> {
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        let Some(s) = text.get(start..end) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut word_start: Option<usize> = None;
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let apostrophe = |c: char| c == '\'' || c == '’';
        let mut k = 0;
        let push_word = |out: &mut Vec<(Span, String, bool)>, at: usize, w: &str| {
            let lower = w.replace('’', "'").to_lowercase();
            let span = Span::new(at, at + w.len());
            let mut push = |word: &str| out.push((span, word.to_string(), false));
            if let Some(stem) = lower.strip_suffix("n't") {
                let stem = match stem {
                    "wo" => "will",
                    "ca" => "can",
                    "sha" => "shall",
                    s => s,
                };
                push(stem);
                push("not");
            } else if let Some(stem) = lower.strip_suffix("'ll") {
                push(stem);
                push("will");
            } else if let Some(stem) = lower.strip_suffix("'d") {
                push(stem);
                push("would");
            } else if let Some(stem) = lower.strip_suffix("'s") {
                push(stem);
            } else {
                push(&lower);
            }
        };
        while k <= chars.len() {
            let (i, c) = chars.get(k).copied().unwrap_or((s.len(), ' '));
            let next = chars.get(k + 1).map(|x| x.1);
            let inner = word_start.is_some() && next.is_some_and(char::is_alphanumeric);
            if k < chars.len() && (c.is_alphanumeric() || ((c == '-' || apostrophe(c)) && inner)) {
                if word_start.is_none() {
                    word_start = Some(i);
                }
                k += 1;
                continue;
            }
            if let Some(ws) = word_start.take() {
                push_word(&mut out, start + ws, &s[ws..i]);
            }
            if k < chars.len() {
                let double = (c == '-' || c == '`' || apostrophe(c)) && next == Some(c);
                let quote = matches!(c, '"' | '“' | '”' | '`') || (apostrophe(c) && double);
                if quote
                    || double
                    || matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–')
                {
                    let len = if double {
                        2 * c.len_utf8()
                    } else {
                        c.len_utf8()
                    };
                    let word = if quote {
                        "\"".to_string()
                    } else {
                        c.to_string()
                    };
                    out.push((Span::new(start + i, start + i + len), word, true));
                    if double {
                        k += 1;
                    }
                }
            }
            k += 1;
        }
        out
    }

    fn texts() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "a", "B", "won't", "he’ll", "it's", "'d", "n't", "É", "ſ", "K", "1", " ", "  ",
                "\n", "\n\n", "\n \r\n", "\t", ".", "?", "!", ",", ";", "(", "-", "--", "—", "–",
                "`", "``", "'", "''", "’", "’’", "\"", "“", "”", "\u{a0}", "x-y", "é’s",
            ]),
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn scanners_agree(t in texts(), a in 0usize..80, b in 0usize..80) {
            prop_assert_eq!(quoted_spans(&t), quoted_spans_ref(&t));
            let sentences = crate::text::sentences(&t);
            prop_assert_eq!(split_at_quotes(&t, &sentences), split_at_quotes_ref(&t, &sentences));
            // any sentences: cut at other places, out of order, overlapping
            let mut cuts: Vec<usize> = [a, b, a / 2, b / 3, t.len()]
                .into_iter()
                .map(|x| x.min(t.len()))
                .filter(|&x| t.is_char_boundary(x))
                .collect();
            cuts.sort_unstable();
            let pieces: Vec<crate::text::Sentence> = cuts
                .windows(2)
                .map(|w| crate::text::Sentence { start: w[0], end: w[1] })
                .collect();
            prop_assert_eq!(split_at_quotes(&t, &pieces), split_at_quotes_ref(&t, &pieces));
            let odd: Vec<crate::text::Sentence> =
                pieces.iter().rev().chain(&sentences).copied().collect();
            prop_assert_eq!(split_at_quotes(&t, &odd), split_at_quotes_ref(&t, &odd));
            let (a, b) = (a.min(b), a.max(b));
            if t.is_char_boundary(a.min(t.len())) && t.is_char_boundary(b.min(t.len())) {
                let span = Span::new(a, b);
                let new: Vec<(Span, String, bool)> = words::tokens(&t, span)
                    .into_iter()
                    .map(|x| (x.span, x.word.to_string(), x.punct))
                    .collect();
                prop_assert_eq!(new, tokens_ref(&t, span));
            }
        }
    }
}
