//! Events: finding the words that name happenings (triggers), giving each a
//! TimeML class, tense, aspect and polarity, and anchoring each to the time
//! expression that dates it. Works on the text, its sentences and the
//! resolved timexes; the publication date only tells anchoring which days
//! are the story's news days.
//!
//! * `tokens`: the tokeniser shared with `scripts/train_events.py` (and
//!   with the tense reader, [`crate::text::Clauses`], which reads its words
//!   off the tokens and keeps them for event finding);
//! * `model`: the trained trigger model and lexicon (data files written by
//!   that script, compiled in);
//! * `verb`: tense, aspect and polarity from the verb group;
//! * `anchor`: the anchoring rules.

mod anchor;
mod model;
pub(crate) mod tokens;
mod verb;

pub use verb::{Aspect, Polarity};

use crate::text::{Clauses, Sentence, Span, Tense};
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
    pub const fn as_str(&self) -> &'static str {
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
    /// TimeML aspect, from the auxiliaries before the trigger.
    pub aspect: Aspect,
    /// TimeML polarity: negated by "not", "never", "no".
    pub polarity: Polarity,
}

/// How an event got its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorKind {
    /// A timex in the same clause governs the trigger, with no other event
    /// or clause break between them ("exploded ... Friday").
    SameClause,
    /// A timex in the same sentence across a clause break, with no other
    /// event between ("On Friday, the company announced").
    SameSentence,
    /// Dated through another event ("during the meeting ... he expressed";
    /// "the meeting ... held this week").
    ViaEvent,
    /// A later mention of an event dated earlier in the paragraph ("the
    /// ceremony").
    Coreference,
    /// Placed by the length that separates it from another time ("a month
    /// after the airline suspended flights"): a TimeML link to a DURATION,
    /// so not on the timeline.
    Offset,
    /// No time in its sentence: a past event of a story whose narrative is
    /// on a recent day ("Rebels attacked the town on Friday. They burned
    /// the market."). Kept off the timeline.
    Narrative,
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

/// Rule name of a trigger whose form was annotated as an event in training.
pub const RULE_LEXICON: &str = "event-model/known-form";
/// Rule name of a trigger the model found from suffix and context alone.
pub const RULE_UNSEEN: &str = "event-model/unseen-form";

/// Finds event mentions in `text`: every word the trained model scores as a
/// trigger (see `scripts/train_events.py`), except words inside a time
/// expression. Each gets the majority class of its form (or stem) in the
/// training corpus, and the tense, aspect and polarity of its verb group.
/// `sentences` are those of [`crate::text::sentences`], in text order (each
/// mention's `sentence` is found by walking them along with the words).
///
/// # Example
/// ```
/// use chronicler::event::{find_events, EventClass};
/// use chronicler::text::sentences;
/// let t = "Rebels attacked the town, officials said.";
/// let found = find_events(t, &sentences(t), &[]);
/// let words: Vec<&str> = found.iter().map(|m| &t[m.span.start..m.span.end]).collect();
/// assert_eq!(words, ["attacked", "said"]);
/// assert_eq!(found[1].class, EventClass::Reporting);
/// ```
pub fn find_events(text: &str, sentences: &[Sentence], timexes: &[Timex]) -> Vec<Mention> {
    find_events_in(text, sentences, timexes, &Clauses::new(text))
}

/// [`find_events`] with the text's clauses already read (by `extract`).
pub(crate) fn find_events_in(
    text: &str,
    sentences: &[Sentence],
    timexes: &[Timex],
    clauses: &Clauses,
) -> Vec<Mention> {
    let model = &*model::MODEL;
    let lexicon = &*model::LEXICON;
    // the tokens the tense reader was read from, when it read this text
    let own;
    let toks = match clauses.tokens() {
        Some(t) => t,
        None => {
            own = tokens::tokenize(text, Span::new(0, text.len()));
            &own[..]
        }
    };
    // whether each token overlaps a timex
    let in_timex = overlapping(toks, timexes);
    let mut out = Vec::with_capacity(toks.len() / 8);
    // the sentences ending by the token's start (`partition_point`, walked
    // along with the tokens)
    let mut ended = 0;
    for (k, tok) in toks.iter().enumerate() {
        // (most words are ruled out by their form alone)
        if !tok.word || tok.flags & tokens::RULED_OUT != 0 || in_timex[k] {
            continue;
        }
        if !model.is_trigger(text, toks, k, &in_timex) {
            continue;
        }
        while sentences
            .get(ended)
            .is_some_and(|s| s.end <= tok.span.start)
        {
            ended += 1;
        }
        let sentence = ended.min(sentences.len().saturating_sub(1));
        let span = sentences
            .get(sentence)
            .map(|s| s.span())
            .unwrap_or(Span::new(0, text.len()));
        let group = verb::read(text, clauses, span, toks, k);
        // the lexicon row, if any, gives the class; else the stem's class
        let (class, listed) = lexicon.class_of(tok);
        out.push(Mention {
            span: tok.span,
            class,
            tense: group.tense,
            sentence,
            rule: if listed { RULE_LEXICON } else { RULE_UNSEEN },
            aspect: group.aspect,
            polarity: group.polarity,
        });
    }
    out
}

/// For each of `tokens` (in text order, as the tokeniser gives them),
/// whether it overlaps one of `timexes`: the tokens a timex overlaps are
/// a run, found by two binary searches, so the cost is in the timexes, not
/// in the tokens. (Taken by start, each run is marked from where the
/// runs before it end, so overlapping timexes mark no token twice.)
#[inline(never)]
fn overlapping(tokens: &[tokens::Token], timexes: &[Timex]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut marked = 0;
    let mut mark = |x: Span| {
        let from = tokens.partition_point(|k| k.span.end <= x.start);
        let to = tokens.partition_point(|k| k.span.start < x.end);
        if let Some(run) = out.get_mut(from.max(marked)..to) {
            run.fill(true);
        }
        marked = marked.max(to);
    };
    // (as `extract` gives them, the timexes come by start already)
    if timexes.is_sorted_by_key(|t| t.bytes.start) {
        timexes.iter().for_each(|t| mark(t.bytes));
    } else {
        let mut spans: Vec<Span> = timexes.iter().map(|t| t.bytes).collect();
        spans.sort_unstable();
        spans.into_iter().for_each(mark);
    }
    out
}

/// Anchors each mention to a timex (index into `timexes`) or to nothing.
/// DATE and TIME expressions date an event; a DURATION or SET may give its
/// length or recurrence. The rules, in the order they are tried, are
/// described in the `anchor` module: a duration before "after"/"before",
/// same clause, through the event between, through a "during the EVENT"
/// phrase, same sentence across a comma, a date opening the sentence, a
/// duration modifying the event noun, an earlier mention of the same event,
/// and, given the publication date, the story's news day for past events
/// in sentences without a date.
///
/// # Example
/// ```
/// use chronicler::event::{anchor_events, find_events, AnchorKind};
/// use chronicler::{extract, Options, Published};
/// let t = "During the talks held last week, the ministers signed a pact.";
/// let p = Published::given(chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap());
/// let doc = extract(t, &Options::with_published(p)).unwrap();
/// let found = find_events(t, &doc.sentences, &doc.timexes);
/// let anchors = anchor_events(t, &doc.sentences, &found, &doc.timexes);
/// let signed = found.iter().position(|m| &t[m.span.start..m.span.end] == "signed").unwrap();
/// let a = anchors[signed].unwrap();
/// assert_eq!(doc.timexes[a.timex].text, "last week");
/// assert_eq!(a.kind, AnchorKind::ViaEvent);
/// ```
pub fn anchor_events(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    timexes: &[Timex],
) -> Vec<Option<EventAnchor>> {
    anchor::anchor(text, sentences, mentions, timexes, None)
}

/// [`anchor_events`] with the text's clauses already read (by `extract`):
/// the sentences' tokens are read off the whole text's.
pub(crate) fn anchor_events_in(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    timexes: &[Timex],
    clauses: &Clauses,
) -> Vec<Option<EventAnchor>> {
    anchor::anchor(text, sentences, mentions, timexes, clauses.tokens())
}

/// A short readable description of the event at `trigger`: the clause
/// around it, trimmed at clause punctuation and to at most 16 words, always
/// keeping the trigger (when the trigger lies beyond the 16th word, the
/// description starts 11 words before it).
///
/// # Example
/// ```
/// use chronicler::event::describe;
/// use chronicler::text::Span;
/// let t = "After the vote, the council approved the plan, officials said.";
/// let at = t.find("approved").unwrap();
/// let d = describe(t, Span::new(0, t.len()), Span::new(at, at + 8));
/// assert_eq!(d, "the council approved the plan");
/// ```
pub fn describe(text: &str, sentence: Span, trigger: Span) -> String {
    describe_with(text, sentence, trigger).0
}

/// Where a description may be reused: for a later trigger of the same
/// sentence that starts after white space at or after `from` and ends by
/// `until` (byte offsets in the text). The description was read from the
/// clause mark (or sentence start) before its trigger, which began a word,
/// and holds the clause's first 16 words (or all of them, up to the mark
/// or sentence end after it); a trigger among those words gets the same
/// words, split at white space alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reuse {
    sentence: Span,
    from: usize,
    until: usize,
}

/// Whether the trigger at `trigger` in `sentence` gets the description
/// that `last` was noted for ([`describe_noting`]): then the caller copies
/// that description instead of making it again.
pub(crate) fn reusable(text: &str, sentence: Span, trigger: Span, last: Option<Reuse>) -> bool {
    let Some(r) = last else {
        return false;
    };
    r.sentence == sentence
        && trigger.start >= r.from
        && trigger.end <= r.until
        && trigger.start <= trigger.end
        && trigger
            .start
            .checked_sub(1)
            .and_then(|i| text.as_bytes().get(i))
            .is_some_and(|&c| matches!(c, b' ' | 0x09..=0x0d))
}

/// [`describe`], noting in `last` where its description may be reused
/// (or `None`). For triggers in text order: a trigger [`reusable`] after
/// it gets the same description, so it need not read the clause again.
pub(crate) fn describe_noting(
    text: &str,
    sentence: Span,
    trigger: Span,
    last: &mut Option<Reuse>,
) -> String {
    let (d, reuse) = describe_with(text, sentence, trigger);
    *last = reuse;
    d
}

/// [`describe`], with where its result may be reused.
fn describe_with(text: &str, sentence: Span, trigger: Span) -> (String, Option<Reuse>) {
    const WORDS: usize = 16;
    // at most BEFORE words before the trigger when the clause is long
    const BEFORE: usize = 11;
    let Some(s) = text.get(sentence.start..sentence.end) else {
        return (String::new(), None);
    };
    let clamp = |p: usize| {
        let mut p = p.min(s.len());
        while !s.is_char_boundary(p) {
            p -= 1;
        }
        p
    };
    let rel = clamp(trigger.start.saturating_sub(sentence.start));
    let end_rel = clamp(trigger.end.saturating_sub(sentence.start)).max(rel);
    let b = s.as_bytes();
    // whether the trigger starts inside a word (then that word is split)
    let touching = rel > 0 && (is_plain(b[rel - 1]) || char_before(s, rel).1 == Kind::Other);
    // The words between the clause mark before the trigger and the
    // trigger, read backwards: WORDS of them are enough to know the clause
    // is long, and then only the BEFORE nearest are kept.
    let mut back = [(0usize, 0usize); WORDS];
    let mut n_back = 0;
    let mut p = rel;
    let mut word_end = None;
    while p > 0 {
        if is_plain(b[p - 1]) {
            // a run of ASCII word bytes, read without the general case
            word_end.get_or_insert(p);
            p -= 1;
            while p > 0 && is_plain(b[p - 1]) {
                p -= 1;
            }
            continue;
        }
        let (from, kind) = char_before(s, p);
        match kind {
            Kind::Mark => break,
            Kind::Space => {
                if let Some(e) = word_end.take() {
                    back[n_back] = (p, e);
                    n_back += 1;
                    if n_back == WORDS {
                        break;
                    }
                }
            }
            Kind::Other => {
                word_end.get_or_insert(p);
            }
        }
        p = from;
    }
    if let Some(e) = word_end {
        if n_back < WORDS {
            back[n_back] = (p, e);
            n_back += 1;
        }
    }
    let keep = if n_back < WORDS { n_back } else { BEFORE };
    // the kept words in text order: those before the trigger, then those
    // from the trigger to the clause mark after it
    let mut words = [(0usize, 0usize); WORDS];
    let mut n = 0;
    for &w in back[..keep].iter().rev() {
        words[n] = w;
        n += 1;
    }
    let mut q = rel;
    let mut word_start = None;
    // where the reading stopped at a clause mark or the sentence's end
    let mut stop = None;
    // the first `(` or `“` read after the trigger (a mark only backwards)
    let mut opening = s.len();
    // whether a mark inside the trigger was read as a word char
    let mut covered = false;
    while n < WORDS {
        if q < b.len() && is_plain(b[q]) {
            word_start.get_or_insert(q);
            q += 1;
            while q < b.len() && is_plain(b[q]) {
                q += 1;
            }
            continue;
        }
        let Some((len, kind)) = char_after(s, q) else {
            stop = Some(q);
            break;
        };
        let kind = match kind {
            Kind::Mark if q < end_rel => {
                covered = true;
                Kind::Other
            }
            k => k,
        };
        match kind {
            Kind::Mark => {
                stop = Some(q);
                break;
            }
            Kind::Space => {
                if let Some(a) = word_start.take() {
                    words[n] = (a, q);
                    n += 1;
                }
            }
            Kind::Other => {
                if b.get(q) == Some(&b'(') || s.get(q..).is_some_and(|r| r.starts_with('\u{201c}'))
                {
                    opening = opening.min(q);
                }
                word_start.get_or_insert(q);
            }
        }
        q += len;
    }
    if let (Some(a), true) = (word_start, n < WORDS) {
        words[n] = (a, q);
        n += 1;
    }
    // (without a stop, the reading ended at the space after the 16th word)
    let reuse = (!touching && !covered && n_back < WORDS).then(|| Reuse {
        sentence,
        from: sentence.start + end_rel,
        until: sentence.start + stop.unwrap_or(q).min(opening),
    });
    (joined(s, &words[..n]), reuse)
}

/// The words `words` (byte ranges of `s`, in text order) one space apart,
/// with trailing `.`, `,` and `;` trimmed: the end of [`describe`].
fn joined(s: &str, words: &[(usize, usize)]) -> String {
    let b = s.as_bytes();
    let trim = |d: &str| d.trim_end_matches(['.', ',', ';']).to_string();
    // Words one ASCII space apart (most of them) are copied as one slice.
    if words
        .windows(2)
        .all(|w| w[1].0 == w[0].1 + 1 && b.get(w[0].1) == Some(&b' '))
    {
        return match (words.first(), words.last()) {
            (Some(&(a, _)), Some(&(_, e))) => trim(s.get(a..e).unwrap_or("")),
            _ => String::new(),
        };
    }
    let mut out = String::with_capacity(160);
    for &(a, e) in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s.get(a..e).unwrap_or(""));
    }
    let keep = out.trim_end_matches(['.', ',', ';']).len();
    out.truncate(keep);
    out
}

/// Whether byte `c` is an ASCII char that is a word char to [`describe`]
/// on both sides of the trigger (not white space, not a clause mark).
fn is_plain(c: u8) -> bool {
    PLAIN[usize::from(c)]
}

/// [`is_plain`] for each byte.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = !matches!(
            c,
            b',' | b';' | b':' | b'(' | b')' | b'"' | b' ' | 0x09..=0x0d
        );
        i += 1;
    }
    t
};

/// What a char is to [`describe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A clause mark on the side being read: `, ; : ( “ "` before the
    /// trigger, `, ; : ) ” "` after it.
    Mark,
    /// White space (as [`char::is_whitespace`]).
    Space,
    /// Anything else: part of a word.
    Other,
}

/// The start and kind of the char that ends at byte `p` of `s` (`p > 0`,
/// a char boundary), reading ASCII without decoding.
#[inline(always)]
fn char_before(s: &str, p: usize) -> (usize, Kind) {
    let b = s.as_bytes();
    match b.get(p - 1) {
        Some(b',' | b';' | b':' | b'(' | b'"') => (p - 1, Kind::Mark),
        Some(b' ' | 0x09..=0x0d) => (p - 1, Kind::Space),
        Some(c) if c.is_ascii() => (p - 1, Kind::Other),
        _ => match s.get(..p).and_then(|h| h.char_indices().next_back()) {
            Some((from, '\u{201c}')) => (from, Kind::Mark),
            Some((from, c)) if c.is_whitespace() => (from, Kind::Space),
            Some((from, _)) => (from, Kind::Other),
            None => (0, Kind::Mark),
        },
    }
}

/// The length and kind of the char that starts at byte `q` of `s` (a
/// char boundary), reading ASCII without decoding.
#[inline(always)]
fn char_after(s: &str, q: usize) -> Option<(usize, Kind)> {
    match s.as_bytes().get(q)? {
        b',' | b';' | b':' | b')' | b'"' => Some((1, Kind::Mark)),
        b' ' | 0x09..=0x0d => Some((1, Kind::Space)),
        c if c.is_ascii() => Some((1, Kind::Other)),
        _ => match s.get(q..).and_then(|t| t.chars().next())? {
            '\u{201d}' => Some((3, Kind::Mark)),
            c if c.is_whitespace() => Some((c.len_utf8(), Kind::Space)),
            c => Some((c.len_utf8(), Kind::Other)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;

    #[test]
    fn describe_keeps_the_trigger_and_never_panics() {
        let t = "“On March 30,” – “was signed” — and then, after a very long and winding clause of many words that goes on and on, the treaty was finally ratified.";
        let at = t.find("ratified").unwrap();
        let d = describe(t, Span::new(0, t.len()), Span::new(at, at + 8));
        assert!(d.ends_with("ratified"), "{d}");
        for a in 0..=t.len() + 2 {
            for b in [a, a + 1, a + 3, t.len(), t.len() + 5] {
                let _ = describe(t, Span::new(0, t.len()), Span::new(a, b));
                let _ = describe(t, Span::new(a, b), Span::new(0, a));
            }
        }
    }

    /// `describe` as first written (chars and `split_whitespace`): the
    /// reference.
    fn describe_reference(text: &str, sentence: Span, trigger: Span) -> String {
        const WORDS: usize = 16;
        let Some(s) = text.get(sentence.start..sentence.end) else {
            return String::new();
        };
        let clamp = |p: usize| {
            let mut p = p.min(s.len());
            while !s.is_char_boundary(p) {
                p -= 1;
            }
            p
        };
        let rel = clamp(trigger.start.saturating_sub(sentence.start));
        let end_rel = clamp(trigger.end.saturating_sub(sentence.start)).max(rel);
        let start = s[..rel]
            .char_indices()
            .rev()
            .find(|(_, c)| [',', ';', ':', '(', '\u{201c}', '"'].contains(c))
            .map(|(p, c)| p + c.len_utf8())
            .unwrap_or(0);
        let end = s[end_rel..]
            .find([',', ';', ':', ')', '\u{201d}', '"'])
            .map(|p| end_rel + p)
            .unwrap_or(s.len());
        const BEFORE: usize = 11;
        let n_before = s[start..rel].split_whitespace().count();
        let skip = if n_before < WORDS {
            0
        } else {
            n_before - BEFORE
        };
        let words: Vec<&str> = s[start..rel]
            .split_whitespace()
            .skip(skip)
            .chain(s[rel..end].split_whitespace())
            .take(WORDS)
            .collect();
        let out = words.join(" ");
        out.trim_end_matches(['.', ',', ';']).to_string()
    }

    #[test]
    fn describe_matches_the_reference() {
        let mut texts = vec![
            "“On March 30,” – “was signed” — and then (after) a very long and winding clause of many words that goes on and on and on and on, the treaty was finally ratified: yes.".to_string(),
            "a\u{a0}b\u{2003}c\u{85}d\u{3000}e\u{1680}f\u{b}g\u{1c}h  «ÉTÉ»\t x;y:z”w\"v".to_string(),
        ];
        texts.extend(crate::fixture_articles());
        for t in &texts {
            for s in sentences(t)
                .iter()
                .map(|s| s.span())
                .chain([Span::new(0, t.len())])
            {
                for a in (s.start..=s.end + 1).step_by(3) {
                    for b in [a, a + 1, a + 5, a + 8] {
                        let (x, y) = (Span::new(a, b), Span::new(a.min(s.end), b));
                        assert_eq!(
                            describe(t, s, x),
                            describe_reference(t, s, x),
                            "{s:?} {x:?}"
                        );
                        assert_eq!(
                            describe(t, y, s),
                            describe_reference(t, y, s),
                            "{y:?} {s:?}"
                        );
                    }
                }
            }
        }
    }

    /// `describe_noting` and `reusable` over every word token in text order, with the
    /// sentences `extract` uses, gives what `describe` gives.
    #[test]
    fn shared_descriptions_match_describe() {
        let mut texts = vec![
            "He said (quietly) they left and “then” they met and talked, and he “agreed to it” today.".to_string(),
            "U.S.-led talks ended and re-opened; the talks (in Paris)resumed as they met at noon.".to_string(),
            "a b c d e f g h i j k l m n o p met, a b c d e f g h i j k l m n o met q, met a\u{a0}met b\tmet.".to_string(),
            "They met\u{2003}and talked ” and left ) and sat ( and ran “ and hid \" and won.".to_string(),
        ];
        texts.extend(crate::fixture_articles());
        let (mut reused, mut tested) = (0, 0);
        for t in &texts {
            let toks = tokens::tokenize(t, Span::new(0, t.len()));
            let sentences = crate::pipeline::segment(t);
            let mut last = None;
            let mut previous = String::new();
            for k in toks.iter().filter(|k| k.word) {
                let Some(s) = sentences
                    .iter()
                    .find(|s| s.start <= k.span.start && k.span.end <= s.end)
                else {
                    continue;
                };
                let d = if reusable(t, s.span(), k.span, last) {
                    reused += 1;
                    previous.clone()
                } else {
                    describe_noting(t, s.span(), k.span, &mut last)
                };
                assert_eq!(d, describe(t, s.span(), k.span), "{:?} in {s:?}", k.span);
                previous = d;
                tested += 1;
            }
        }
        assert!(tested > 1000 && reused > 100, "{tested} {reused}");
    }

    /// [`overlapping`] as the walk along the timexes sorted by start that
    /// it replaced, on the fixtures' tokens with their timexes and with
    /// spans of every start and length, empty and overlapping ones too.
    #[test]
    fn overlapping_as_walking_the_timexes() {
        fn walk(toks: &[tokens::Token], spans: &[Span]) -> Vec<bool> {
            let mut inside = spans.to_vec();
            inside.sort();
            let (mut next, mut reach) = (0, 0);
            toks.iter()
                .map(|tok| {
                    while next < inside.len() && inside[next].start < tok.span.end {
                        reach = reach.max(inside[next].end);
                        next += 1;
                    }
                    reach > tok.span.start
                })
                .collect()
        }
        let p = crate::Published::given(chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap());
        let mut compared = 0;
        for t in crate::fixture_articles() {
            let toks = tokens::tokenize(&t, Span::new(0, t.len()));
            let doc = crate::extract(&t, &crate::Options::with_published(p.clone())).unwrap();
            let spans: Vec<Span> = doc.timexes.iter().map(|x| x.bytes).collect();
            assert_eq!(overlapping(&toks, &doc.timexes), walk(&toks, &spans));
            for len in [0, 1, 2, 7, 30] {
                for start in (0..t.len().min(600)).step_by(3) {
                    let mut timexes = doc.timexes.clone();
                    let Some(first) = timexes.first_mut() else {
                        continue;
                    };
                    first.bytes = Span::new(start, start + len);
                    let spans: Vec<Span> = timexes.iter().map(|x| x.bytes).collect();
                    assert_eq!(
                        overlapping(&toks, &timexes),
                        walk(&toks, &spans),
                        "{start} {len}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 1_000, "{compared}");
    }

    #[test]
    fn finds_classes_tense_and_rule() {
        let t = "Officials said the bridge will reopen. Witnesses saw cracks.";
        let found = find_events(t, &sentences(t), &[]);
        let get = |w: &str| {
            found
                .iter()
                .find(|m| &t[m.span.start..m.span.end] == w)
                .unwrap_or_else(|| panic!("{w}"))
        };
        assert_eq!(get("said").class, EventClass::Reporting);
        assert_eq!(get("said").tense, Tense::Past);
        assert_eq!(get("said").rule, RULE_LEXICON);
        assert_eq!(get("reopen").tense, Tense::Future);
        assert_eq!(get("saw").class, EventClass::Perception);
        assert_eq!(get("saw").sentence, 1);
        assert!(found
            .iter()
            .all(|m| &t[m.span.start..m.span.end] != "bridge"));
    }

    #[test]
    fn words_inside_timexes_are_not_events() {
        let t = "The meeting ended on Monday.";
        let s = sentences(t);
        let all = find_events(t, &s, &[]);
        assert!(all
            .iter()
            .any(|m| &t[m.span.start..m.span.end] == "meeting"));
        let p = crate::Published::given(chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
        let doc = crate::extract(t, &crate::Options::with_published(p)).unwrap();
        let found = find_events(t, &s, &doc.timexes);
        for m in &found {
            assert!(doc.timexes.iter().all(|x| !x.bytes.overlaps(&m.span)));
        }
    }
}
