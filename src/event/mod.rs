//! Events: finding the words that name happenings (triggers), giving each a
//! TimeML class and tense, and anchoring each to the time expression that
//! dates it. Works on the text, its sentences and the resolved timexes; it
//! never sees the publication date.

use crate::text::{Sentence, Span, Tense};
use crate::timex::Timex;
use serde::Serialize;

/// TimeML event classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventClass {
    /// Something that happens: "met", "launch", "attack".
    Occurrence,
    /// Saying: "said", "announced", "reported".
    Reporting,
    /// A circumstance that holds: "relations", "crisis", "tension".
    State,
    /// An action that introduces another event: "tried", "ordered", "planned".
    IAction,
    /// A state about another event: "believe", "want", "expect".
    IState,
    /// Beginning, ending or continuing: "began", "ended", "continued".
    Aspectual,
    /// Seeing or hearing: "saw", "heard", "watched".
    Perception,
}

impl EventClass {
    /// The TimeML spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventClass::Occurrence => "OCCURRENCE",
            EventClass::Reporting => "REPORTING",
            EventClass::State => "STATE",
            EventClass::IAction => "I_ACTION",
            EventClass::IState => "I_STATE",
            EventClass::Aspectual => "ASPECTUAL",
            EventClass::Perception => "PERCEPTION",
        }
    }
}

/// An event mention found in the text, before it is numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte span of the trigger word(s).
    pub span: Span,
    /// TimeML class.
    pub class: EventClass,
    /// Tense of the clause.
    pub tense: Tense,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// The rule or lexicon entry that found it.
    pub rule: &'static str,
}

/// How an event got its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorKind {
    /// A timex in the same clause governs the trigger.
    SameClause,
    /// Dated through another event ("during the meeting ... he expressed").
    ViaEvent,
    /// No time expression: dated by tense relative to publication.
    Tense,
}

/// An event's anchor: the timex index and how it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventAnchor {
    /// Index into the timex list.
    pub timex: usize,
    /// How it was found.
    pub kind: AnchorKind,
}

/// Finds event mentions in `text`.
pub fn find_events(text: &str, sentences: &[Sentence], timexes: &[Timex]) -> Vec<Mention> {
    let _ = (text, sentences, timexes);
    Vec::new()
}

/// Anchors each mention to a timex (index into `timexes`) or to nothing.
pub fn anchor_events(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    timexes: &[Timex],
) -> Vec<Option<EventAnchor>> {
    let _ = (text, sentences, timexes);
    vec![None; mentions.len()]
}

/// A short readable description of the event at `trigger`: the clause
/// around it, trimmed at clause punctuation and to at most 16 words.
pub fn describe(text: &str, sentence: Span, trigger: Span) -> String {
    let s = &text[sentence.start..sentence.end];
    let rel = trigger.start.saturating_sub(sentence.start);
    let start = s[..rel.min(s.len())]
        .rfind([',', ';', ':', '(', '“', '"'])
        .map(|p| p + 1)
        .unwrap_or(0);
    let end_rel = trigger.end.saturating_sub(sentence.start).min(s.len());
    let end = s[end_rel..]
        .find([',', ';', ':', ')', '”', '"'])
        .map(|p| end_rel + p)
        .unwrap_or(s.len());
    let clause = s.get(start..end).unwrap_or(s).trim();
    let words: Vec<&str> = clause.split_whitespace().collect();
    let mut out = words.iter().take(16).copied().collect::<Vec<_>>().join(" ");
    out = out.trim_end_matches(['.', ',', ';']).to_string();
    out
}
