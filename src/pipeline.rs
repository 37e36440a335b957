//! The stages of [`crate::extract`], one function each, in the order it runs
//! them: [`segment`], [`recognise`], [`resolve`], [`events`]. `extract` is
//! these calls plus the timeline, the checker and the document around them;
//! the functions are public so that one stage can be timed (`cargo bench`)
//! or used on its own, and they give exactly what `extract` computes at that
//! point. Each stage takes the previous stage's output and never calls back.
//!
//! This module owns only the glue between stages (sentence limits, the tense
//! read around each expression, numbering and offsets of the timexes); the
//! work itself stays in [`crate::text`], [`crate::timex`], [`crate::resolve`]
//! and [`crate::event`].
//!
//! # Example
//! ```
//! use chronicler::pipeline;
//! use chronicler::resolve::Policies;
//! let text = "The summit was held this week. Leaders met on Tuesday.";
//! let published = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
//! let policies = Policies::default();
//! let sentences = pipeline::segment(text);
//! let candidates = pipeline::recognise(text, &policies);
//! let timexes = pipeline::resolve(text, &sentences, candidates, published, &policies);
//! assert_eq!(timexes[0].value, "2017-W18");
//! let (mentions, anchors) = pipeline::events(text, &sentences, &timexes);
//! assert_eq!(mentions.len(), anchors.len());
//! ```

use crate::event::{self, EventAnchor, Mention};
use crate::resolve::{Policies, Reference};
use crate::text::{self, CharMap, Clauses, Sentence, Span};
use crate::timex::rules::{self, Candidate};
use crate::timex::Timex;
use chrono::NaiveDate;

/// The longest sentence, in bytes, the later stages see. Tense, event and
/// consistency checks look at the whole sentence around each expression, so
/// a text without sentence breaks (a crawl's run-on page, a 50 MB line)
/// would take time quadratic in its length; cutting longer "sentences" at
/// white space keeps it linear. Real sentences are far shorter.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Stage 1: the sentences of `text` ([`text::sentences`]), with sentences
/// longer than [`MAX_SENTENCE_BYTES`] cut into pieces at white space (or,
/// where there is none, at a character boundary).
///
/// # Example
/// ```
/// let s = chronicler::pipeline::segment("Talks ended. They met again.");
/// assert_eq!(s.len(), 2);
/// ```
pub fn segment(text: &str) -> Vec<Sentence> {
    split_long_sentences(text, text::sentences(text))
}

/// Stage 2: the candidate time expressions of `text`, before resolution
/// ([`rules::recognise`] with the numeric-date policy of `policies`).
///
/// # Example
/// ```
/// use chronicler::{pipeline, resolve::Policies};
/// let c = pipeline::recognise("They met on Wednesday, April 3rd.", &Policies::default());
/// assert_eq!(c[0].rule, "month_day");
/// ```
pub fn recognise(text: &str, policies: &Policies) -> Vec<Candidate> {
    rules::recognise(text, policies.numeric)
}

/// Stage 3: resolves the `candidates` of `text` (in text order, as
/// [`recognise`] gives them) against the publication date and the date the
/// narrative moves to, reading the tense of the clause around each; gives
/// the numbered timexes `t1`, `t2`, ... with code point offsets, values and
/// the days they cover. `sentences` are those of [`segment`].
///
/// # Example
/// ```
/// use chronicler::{pipeline, resolve::Policies};
/// let text = "The talks began on Monday.";
/// let published = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let p = Policies::default();
/// let c = pipeline::recognise(text, &p);
/// let t = pipeline::resolve(text, &pipeline::segment(text), c, published, &p);
/// assert_eq!((t[0].id.as_str(), t[0].value.as_str()), ("t1", "2017-05-01"));
/// ```
pub fn resolve(
    text: &str,
    sentences: &[Sentence],
    candidates: Vec<Candidate>,
    published: NaiveDate,
    policies: &Policies,
) -> Vec<Timex> {
    resolve_with(
        text,
        &CharMap::new(text),
        &Clauses::new(text),
        sentences,
        candidates,
        published,
        policies,
    )
}

/// [`resolve`] with the text's [`CharMap`] and [`Clauses`] already built.
pub(crate) fn resolve_with(
    text: &str,
    chars: &CharMap,
    clauses: &Clauses,
    sentences: &[Sentence],
    candidates: Vec<Candidate>,
    published: NaiveDate,
    policies: &Policies,
) -> Vec<Timex> {
    let mut reference = Reference::new(published, *policies);
    let mut timexes = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.into_iter().enumerate() {
        let sentence = sentence_of(sentences, c.span.start).unwrap_or(Span::new(0, text.len()));
        let tense = clauses.tense_around(sentence, c.span);
        let r = reference.resolve(&c, tense);
        let (first, last) = match r.point.and_then(|p| p.interval()) {
            Some((a, b)) => (Some(a), Some(b)),
            None => (None, None),
        };
        timexes.push(Timex {
            id: crate::numbered('t', i + 1),
            start: chars.char_offset(c.span.start),
            end: chars.char_offset(c.span.end),
            text: text[c.span.start..c.span.end].to_string(),
            kind: c.kind,
            value: r.value,
            modifier: c.modifier,
            quant: c.quant.map(str::to_string),
            freq: c.freq,
            anchor: r.anchor,
            stated: r.stated,
            rule: rule_name(c.rule, r.step),
            first,
            last,
            bytes: c.span,
            expr: c.expr,
            news_day: crate::resolve::is_news_day(first, last, published),
        });
    }
    timexes
}

/// `rule/step`, the two names of a timex's `rule` (one allocation and
/// three copies; `concat` of three slices cost twice as much).
fn rule_name(rule: &str, step: &str) -> String {
    let mut s = String::with_capacity(rule.len() + 1 + step.len());
    s.push_str(rule);
    s.push('/');
    s.push_str(step);
    s
}

/// Stage 4: the event mentions of `text` ([`event::find_events`]) and the
/// anchor of each ([`event::anchor_events`], one per mention, in the same
/// order). `sentences` are those of [`segment`], `timexes` those of
/// [`resolve`].
///
/// # Example
/// ```
/// use chronicler::{pipeline, resolve::Policies};
/// let text = "Rebels attacked the town on Monday.";
/// let published = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let p = Policies::default();
/// let s = pipeline::segment(text);
/// let t = pipeline::resolve(text, &s, pipeline::recognise(text, &p), published, &p);
/// let (mentions, anchors) = pipeline::events(text, &s, &t);
/// assert_eq!(&text[mentions[0].span.start..mentions[0].span.end], "attacked");
/// assert_eq!(anchors[0].map(|a| a.timex), Some(0));
/// ```
pub fn events(
    text: &str,
    sentences: &[Sentence],
    timexes: &[Timex],
) -> (Vec<Mention>, Vec<Option<EventAnchor>>) {
    events_with(text, &Clauses::new(text), sentences, timexes)
}

/// [`events`] with the text's [`Clauses`] already read.
pub(crate) fn events_with(
    text: &str,
    clauses: &Clauses,
    sentences: &[Sentence],
    timexes: &[Timex],
) -> (Vec<Mention>, Vec<Option<EventAnchor>>) {
    let mentions = event::find_events_in(text, sentences, timexes, clauses);
    let anchors = event::anchor_events_in(text, sentences, &mentions, timexes, clauses);
    (mentions, anchors)
}

/// Cuts sentences longer than [`MAX_SENTENCE_BYTES`] into pieces at white
/// space (or, where there is none, at a character boundary).
fn split_long_sentences(text: &str, sentences: Vec<Sentence>) -> Vec<Sentence> {
    if sentences
        .iter()
        .all(|s| s.end - s.start <= MAX_SENTENCE_BYTES)
    {
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut start = s.start;
        while s.end - start > MAX_SENTENCE_BYTES {
            let mut limit = start + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let window = &text[start..limit];
            // Cut after the last white space in the window, keeping at least half of it.
            let cut = window
                .rfind(char::is_whitespace)
                .filter(|&i| i >= MAX_SENTENCE_BYTES / 2)
                .unwrap_or(window.len());
            let piece = &text[start..start + cut];
            let end = start + piece.trim_end().len();
            if end > start {
                out.push(Sentence { start, end });
            }
            start += cut;
            start += text[start..s.end].len() - text[start..s.end].trim_start().len();
        }
        if s.end > start {
            out.push(Sentence { start, end: s.end });
        }
    }
    out
}

/// The sentence containing byte `pos`.
fn sentence_of(sentences: &[Sentence], pos: usize) -> Option<Span> {
    let i = sentences.partition_point(|s| s.end <= pos);
    sentences
        .get(i)
        .filter(|s| s.start <= pos)
        .map(|s| s.span())
}

#[cfg(test)]
mod tests {
    #[test]
    fn rule_names_as_concat() {
        for (a, b) in [
            ("", ""),
            ("month_day", "year_by_tense"),
            ("é", "ü/x"),
            ("a", ""),
        ] {
            assert_eq!(super::rule_name(a, b), [a, "/", b].concat());
        }
    }
}
