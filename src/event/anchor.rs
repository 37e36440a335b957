//! Anchoring: linking each event to the DATE or TIME expression that dates
//! it (a TimeML event->timex TLINK such as IS_INCLUDED or DURING), or to
//! nothing. Works sentence by sentence on the mentions and the resolved
//! timexes; the publication date is used only to tell the story's news day
//! (rule 8).
//!
//! For every event the *link* to each timex of its sentence is measured: the
//! events written between them, whether a clause break lies between them
//! (`,` `;` `:` quotes, brackets, dashes, or a clause word such as "that",
//! "which", "because", "but"), and the tokens between them. A timex inside a
//! comma-delimited relative clause (", which reports results next
//! Thursday,") links only to events of that clause. The best link is the
//! one with no break, then the fewest events between, then not across an
//! "and" ("arrested on 3 December and released the following day"), then
//! the fewest tokens; at most eight timexes on each side are weighed. The
//! rules run in this order (rule 2 twice: before rule 3, which needs it, and
//! again after rule 4; rule 5 before rule 4, so that a period opening the
//! sentence beats a comparison at its end), and an event keeps the first
//! anchor it gets:
//!
//! 1. **same clause** ([`AnchorKind::SameClause`]): the best link has no
//!    event and no break between: "exploded ... Friday", "since 1960 when
//!    they began", "recently conducted".
//! 2. **through the event between** ([`AnchorKind::ViaEvent`]): the next
//!    event towards the best timex, with no break between the two, is
//!    anchored to it: "the meeting ... held this week", "carried out further
//!    tests during the early morning hours of Wednesday", "raise prices ...
//!    starting Sept. 1". Also relative clauses: "the 1996 bombing that
//!    killed one person", and back: "a trial that began in early March".
//!    Repeated so a chain carries the date along. Not across a new finite
//!    clause (a subject pronoun, or a modal after a subject: "said Friday
//!    it will cut jobs") nor across "before", "since", "until", "ago".
//!    Reporting and belief events ("said", "expects") take the date of the
//!    event after them only when that event is their object or sits in a
//!    prepositional phrase ("told a briefing on Thursday", "told analysts on
//!    a conference call on Thursday"), never from the clause they report.
//! 3. **through a prepositional event** ([`AnchorKind::ViaEvent`]): the
//!    sentence has "during / at / amid / in (the) EVENT" and that event is
//!    dated: "during the meeting ... held this week, Castro expressed his
//!    support" dates "expressed" and "support" by the meeting.
//! 4. **same sentence** ([`AnchorKind::SameSentence`]): the best link has no
//!    event between but a punctuation break: "On Friday, the company
//!    announced", "..., officials said Friday". Not across a clause word:
//!    "told ... on Thursday that prices had risen" leaves "risen" alone.
//! 5. **fronted date** ([`AnchorKind::SameSentence`]): a date opening the
//!    sentence and followed by a comma dates the events of the main clause:
//!    "On April 8, investigators searched the site ... and unearthed a
//!    rifle"; so does a period after "for", "in", "over" ... : "For the nine
//!    months, losses totaled $212 million, compared with net income of $48.7
//!    million a year earlier". The opening date also replaces a date an
//!    event of the main clause got through a chain of later events (rule
//!    2): "On Friday, the company agreed to buy a plant built in 1990"
//!    dates "agreed" and "buy" Friday, not 1990.
//! 6. **earlier mention** ([`AnchorKind::Coreference`]): a definite noun
//!    ("the ceremony") with no time in its own sentence takes the date of an
//!    earlier dated mention of the same word in the same paragraph.
//!
//! 7. **length before a noun** ([`AnchorKind::SameClause`]): an event
//!    right after a duration used as a modifier ("a two-day visit", "a
//!    four-day state visit") is linked to it (DURING), also when rules 1-5
//!    gave it a date: in "ended a two-day visit on Tuesday" the date is the
//!    ending's and the visit lasted two days (TBAQ-cleaned's annotators
//!    link all 6 such nouns to the length).
//! 8. **narrative** ([`AnchorKind::Narrative`], after all sentences): a
//!    past-tense event outside quotation marks, in a sentence with no DATE
//!    or TIME, takes the last date written before its sentence when that
//!    date is the story's news day (a single day within a week before
//!    publication, as the resolver marks it: this stage never sees the
//!    publication date): "Rebels attacked the town on Friday. They burned the
//!    market." Any other date in between (a year, an older day) means the
//!    story has moved on, and the event is left to its tense; except for a
//!    reporting verb ("said", "told"), which takes the last news day before
//!    it across older dates: "Rebels attacked the town on Friday. The town
//!    was founded in 1820. The mayor said the market burned." A past-tense
//!    event (not a reporting verb, nor negated or under a modal) in a
//!    sentence with no time expression at all also takes a date of the
//!    sentence right before it that is a period ("The law was passed in
//!    1994. It made blocking a clinic a crime."), unless that date is a
//!    comparison ("a year earlier") or to come ("next year").
//!
//! Before all of these, **offset** ([`AnchorKind::Offset`]): a DURATION
//! followed by "after" or "before" is linked to the event right after it
//! ("a month after the airline suspended flights"). After rules 1-7,
//! **period end** (rule 9): a date that only closes the period before it
//! ("for the year ended June 30, the chain earned ...") passes the events
//! anchored to it on to the period; "ended" itself keeps the date.
//!
//! Only DATE and TIME expressions place an event on the calendar. A
//! DURATION or SET gives its length or its recurrence: when one links
//! better than every date and the date is not in the event's own clause
//! ("spend only five hours on the ground ..., her first stop Tuesday
//! morning"; "rally outside the embassy every day"), the event is linked to
//! it (a TimeML DURING link) and stays off the timeline. A duration before
//! a noun ("a three-hour meeting") or an offset ("41 seconds before
//! liftoff") does not count as the event's own time for rules 1-5. Events
//! with nothing to go by stay unanchored; the pipeline dates them by tense.
//!
//! The measures come from TBAQ-cleaned's event-timex TLINKs (IS_INCLUDED,
//! DURING, SIMULTANEOUS, IDENTITY, BEGINS, ENDS): 87% of the anchored events
//! whose anchor is in their sentence have no other event between them and
//! it; with two or more events between, annotators link under 10% of pairs.
//! Of the events anchored only to another sentence, the narrative rule
//! links those annotators judged with about three in four right; linking
//! to the last date of any kind is right under half the time, but a
//! period in the sentence right before is right about five times in six
//! (21 of 25 judged on TBAQ-cleaned). Annotators
//! left most events undated (about eight in nine of those the narrative
//! rule links), so narrative anchors are kept off the timeline: they give
//! the event a TimeML anchor and a value, marked as such, not a place in
//! the chronology.

use super::tokens::{tokenize, Token};
use super::verb::PRONOUNS;
use super::{model::stem, model::MODEL, AnchorKind, EventAnchor, EventClass, Mention};
use crate::text::{Sentence, Span, Tense};
use crate::timex::{Timex, TimexType};
use smol_str::{SmolStr, StrExt};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// Words that open a subordinate or coordinate clause ([`class`] holds
/// them as a `match`; a test checks the two agree).
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "because", "but", "while", "although", "though",
    "whereas", "unless",
];

/// Punctuation that breaks a clause (in [`class`] too).
const CLAUSE_MARKS: &[&str] = &[
    ",", ";", ":", "(", ")", "[", "]", "\"", "\u{201c}", "\u{201d}", "`", "\u{2014}", "\u{2013}",
    "_",
];

/// Words that open a relative clause after a comma.
const RELATIVE: &[&str] = &["which", "who", "whom", "whose", "where"];

/// Prepositions that put an event inside another: "during the talks".
const WITHIN: &[&str] = &["during", "at", "amid", "amidst", "throughout", "in"];

/// Prepositions that attach a noun to a verb: "told analysts on a call".
const ATTACHING: &[&str] = &[
    "on", "in", "at", "during", "after", "before", "with", "for", "about", "over", "to",
];

/// Words allowed between such a preposition and its event noun.
const NOUN_PHRASE_LEAD: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "its",
    "his",
    "her",
    "their",
    "our",
    "last",
    "recent",
    "latest",
    "first",
    "second",
    "annual",
    "weekly",
    "conference",
    "news",
    "press",
];

/// Determiners that make a noun refer back to something already mentioned.
const DEFINITE: &[&str] = &["the", "this", "that", "these", "those"];

/// Auxiliaries between a relative pronoun and its verb.
const AUXILIARIES: &[&str] = &[
    "was", "were", "is", "are", "had", "has", "have", "been", "be", "will", "would", "did",
];

/// Words that may come before a date opening a sentence.
const OPENING: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "by",
    "since",
    "until",
    "through",
    "throughout",
    "over",
    "for",
    "earlier",
    "later",
    "early",
    "late",
    "and",
    "but",
    "so",
    "then",
    "also",
    "as",
    "of",
];

/// Words that open a subordinate clause, which a fronted date does not reach.
const SUBORDINATE: &[&str] = &[
    "that", "which", "who", "whom", "whose", "because", "although", "though", "while", "if",
    "when", "unless", "whether",
];

/// Modals, which open a finite clause of their own.
const MODALS: &[&str] = &[
    "will", "would", "could", "should", "may", "might", "must", "can", "shall", "ll",
];

/// Temporal signals that order two events rather than put them together
/// (rule 2 does not carry a date across them).
const SIGNALS: &[&str] = &[
    "before", "since", "until", "till", "prior", "ago", "earlier",
];

/// Words after a duration that make it the time between two events ("a
/// month after the vote").
const OFFSET_SIGNALS: &[&str] = &["after", "before"];

/// Words that make a date the end of the period before it ("the year
/// ended Sept. 30").
const PERIOD_END: &[&str] = &["ended", "ending", "ends"];

/// Quote tokens.
const QUOTES: &[&str] = &["\"", "\u{201c}", "\u{201d}", "`"];

/// Words after a duration that show it is the time of the event itself
/// ("spent five hours on the ground", "rallies almost daily.", "gather
/// daily outside the house", "spent six days aboard the station"), not a
/// modifier of a noun ("a three-hour meeting"). An offset ("must wait 30
/// days before closing", "an interview several months before he took
/// office") is the time of the event before it too; the event after it
/// gets the duration by the offset rule.
const AFTER_ADVERBIAL: &[&str] = &[
    "of", "on", "in", "at", "for", "to", "with", "by", "and", "or", "since", "until", "when", "as",
    "than", "the", "a", "an", "that", "this", "into", "over", "during", "while", "behind", "ahead",
    "away", "long", "after", "before", "outside", "inside", "aboard", "across", "around", "near",
    "under", "against", "because", "from", "without", "within", "among", "along", "toward",
    "towards", "despite", "if", "unless", "so", "but", "now", "then", "again", "here", "there",
];

/// Words that open a recurrence that is always adverbial: "every day",
/// "each month" (a SET such as "daily" may modify a noun: "daily volume").
const RECURRENCE: &[&str] = &["every", "each"];

/// Prepositions before a period opening a sentence (rule 5).
const PERIOD_LEAD: &[&str] = &["for", "in", "over", "during", "throughout"];

/// Prepositions that make the duration after them an event's own time.
const EXTENT: &[&str] = &["over", "for", "during", "throughout"];

/// How an event relates to one timex of its sentence.
#[derive(Debug, Clone, Copy)]
struct Link {
    /// Index of the timex.
    timex: usize,
    /// Where the timex starts (bytes).
    timex_start: usize,
    /// Events written between them.
    events_between: usize,
    /// Tokens between them.
    distance: usize,
    /// Whether a clause break (punctuation or clause word) lies between.
    broken: bool,
    /// Whether a clause word lies between.
    subordinate: bool,
    /// Whether "and"/"or" lies between ("arrested on 3 December and
    /// suspended the following day").
    coordinated: bool,
}

impl Link {
    /// The order of preference: unbroken, fewer events between, not
    /// across a coordination, closer.
    fn rank(&self) -> (bool, usize, bool, usize) {
        (
            self.broken,
            self.events_between,
            self.coordinated,
            self.distance,
        )
    }
}

/// One sentence being anchored.
struct Context<'a> {
    /// The sentence's tokens: borrowed from the document's when they split
    /// it as tokenising the sentence alone would, else its own.
    tokens: Cow<'a, [Token]>,
    /// The sentence's measures ([`Scratch`]).
    s: &'a Scratch,
    mentions: &'a [Mention],
    /// Mentions of this sentence, in text order.
    members: &'a [usize],
}

/// Running counts over a sentence's tokens (entry k counts tokens before
/// k) of clause breaks, clause words and coordinations, so any gap is
/// measured in constant time.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    breaks: u32,
    clause_words: u32,
    coordinations: u32,
}

/// Where a mention or a timex of the sentence lies among the sentence's
/// tokens and mentions: the binary searches that measuring a link between
/// the two needs, made once per mention and per timex instead of once per
/// pair.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    /// Tokens starting before its start (the token at it: `token_at`).
    first: usize,
    /// Tokens starting before its end.
    inner_end: usize,
    /// Tokens ending by its start.
    before: usize,
    /// Mentions starting before its start.
    ev_start: usize,
    /// Mentions starting before its end.
    ev_end: usize,
    /// The relative clause its first token is in.
    relative: Option<usize>,
}

/// The measures of one sentence, in buffers kept from one sentence (and
/// one call) to the next.
#[derive(Debug, Default)]
struct Scratch {
    /// For each token, what anchoring asks of its form ([`word_bits`]).
    bits: Vec<u32>,
    /// For each token, the relative clause (segment number) it is in.
    relative: Vec<Option<usize>>,
    /// [`Counts`] before each token (and at the end).
    counts: Vec<Counts>,
    /// The members' start offsets, for counting the events in a gap.
    starts: Vec<usize>,
    /// The members' places, in the members' order.
    at: Vec<Place>,
    /// The places of the sentence's timexes, in their order.
    tx: Vec<Place>,
}

/// At most this many timexes on each side of an event are weighed (a
/// sentence that is a long list of dates stays linear).
const MAX_CANDIDATES: usize = 8;

/// `doc_tokens`: the tokens of the whole text, when already split (the
/// sentences' tokens are then read off them instead of tokenising again).
pub(crate) fn anchor(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    timexes: &[Timex],
    doc_tokens: Option<&[Token]>,
) -> Vec<Option<EventAnchor>> {
    let mut out: Vec<Option<EventAnchor>> = vec![None; mentions.len()];
    // whether the mention's sentence has any timex
    let mut timed = vec![false; mentions.len()];
    let mut best: Vec<Option<Link>> = vec![None; mentions.len()];
    // The mentions of each sentence, by start: one list sorted by sentence
    // and start (a stable sort, so mentions starting together keep their
    // order), already so when they come in text order as `find_events`
    // gives them.
    let key = |i: &usize| (mentions[*i].sentence, mentions[*i].span.start);
    let mut by_sentence: Vec<usize> = (0..mentions.len())
        .filter(|&i| mentions[i].sentence < sentences.len())
        .collect();
    if !by_sentence.is_sorted_by_key(key) {
        by_sentence.sort_by_key(key);
    }
    // timexes by start, to find each sentence's by binary search
    let mut order: Vec<usize> = (0..timexes.len()).collect();
    order.sort_by_key(|&t| timexes[t].bytes.start);
    let mut in_sentence: Vec<usize> = Vec::new();
    let mut scratch = Scratch::default();
    // rule 2 through a relative pronoun: for each member, the member before
    // it that it is tied to ([`Context::relative_partners`]); rule 2 to the
    // next event: whether the neighbour may pass its date on ([`PASSES`])
    let mut partner: Vec<Option<usize>> = Vec::new();
    let mut passes: Vec<u8> = Vec::new();
    let mut own: Vec<bool> = Vec::new();
    for members in by_sentence.chunk_by(|&a, &b| mentions[a].sentence == mentions[b].sentence) {
        let Some(&si) = members.first().map(|&i| &mentions[i].sentence) else {
            continue;
        };
        let span = sentences[si].span();
        let first = order.partition_point(|&t| timexes[t].bytes.start < span.start);
        let last = order.partition_point(|&t| timexes[t].bytes.start < span.end);
        in_sentence.clear();
        in_sentence.extend(
            order[first..last]
                .iter()
                .copied()
                .filter(|&t| span.contains(&timexes[t].bytes)),
        );
        let in_sentence = &in_sentence[..];
        if in_sentence.is_empty() {
            continue;
        }
        let tokens = match doc_tokens.and_then(|d| sentence_tokens(text, d, span)) {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(tokenize(text, span)),
        };
        scratch.measure(&tokens, mentions, members, in_sentence, timexes);
        let cx = Context {
            tokens,
            s: &scratch,
            mentions,
            members,
        };
        cx.own_times(in_sentence, timexes, &mut own);
        for (pos, &i) in members.iter().enumerate() {
            timed[i] = true;
            best[i] = cx.best_link(pos, in_sentence, timexes, &own);
        }
        cx.relative_partners(&mut partner);
        passes.clear();
        passes.resize(members.len(), UNKNOWN);
        cx.offset(in_sentence, timexes, &mut out);
        cx.same_clause(&best, &mut out);
        cx.chains(&best, &partner, &mut passes, &mut out);
        cx.via_within(&best, &mut out);
        cx.fronted(in_sentence, timexes, &mut out);
        cx.same_sentence(&best, &mut out);
        cx.chains(&best, &partner, &mut passes, &mut out);
        cx.length_modifier(in_sentence, timexes, &mut out);
        cx.period_end(in_sentence, timexes, &mut out);
    }
    coreference(text, sentences, mentions, &timed, &mut out);
    narrative(text, sentences, mentions, timexes, &timed, &mut out);
    out
}

fn is_date(t: &Timex) -> bool {
    matches!(t.kind, TimexType::Date | TimexType::Time)
}

/// The tokens of `text[span]` read off the whole text's tokens `doc`, when
/// no token crosses either end of the span: then tokenising the span alone
/// gives the same tokens (the tokeniser reads each token from its start,
/// and a token ending inside the span ends there either way), but for
/// `newline_before` on the first, which anchoring does not read. `None`
/// when a token crosses an end or the span is not a char range of `text`.
fn sentence_tokens<'d>(text: &str, doc: &'d [Token], span: Span) -> Option<&'d [Token]> {
    text.get(span.start..span.end)?;
    let from = doc.partition_point(|t| t.span.start < span.start);
    let to = doc.partition_point(|t| t.span.start < span.end);
    let crosses_start = from
        .checked_sub(1)
        .and_then(|k| doc.get(k))
        .is_some_and(|t| t.span.end > span.start);
    let crosses_end = doc
        .get(from..to)?
        .last()
        .is_some_and(|t| t.span.end > span.end);
    if crosses_start || crosses_end {
        return None;
    }
    doc.get(from..to)
}

/// Marks the tokens of comma-delimited relative clauses (", which ...,").
/// `classes`: each token's [`class`]; `out` is cleared and gets one entry
/// per token. ([`Scratch::measure`] marks them in its pass over the
/// tokens; this is the reference.)
#[cfg(test)]
fn relative_clauses(tokens: &[Token], classes: &[u32], out: &mut Vec<Option<usize>>) {
    out.clear();
    out.resize(tokens.len(), None);
    let mut current = None;
    for (k, (t, &c)) in tokens.iter().zip(classes).enumerate() {
        if c == MARK {
            current = None;
            let next = tokens.get(k + 1).map(|n| n.lower.as_str());
            if t.lower == "," && next.is_some_and(|n| RELATIVE.contains(&n)) {
                current = Some(k);
            }
            continue;
        }
        out[k] = current;
    }
}

impl Scratch {
    /// Measures the sentence of `tokens`, its mentions `members` (indices
    /// into `mentions`, by start) and its timexes `in_sentence` (indices
    /// into `timexes`, by start).
    fn measure(
        &mut self,
        tokens: &[Token],
        mentions: &[Mention],
        members: &[usize],
        in_sentence: &[usize],
        timexes: &[Timex],
    ) {
        // each token's class, its relative clause and the running counts,
        // in one pass (as `relative_clauses` marks the clauses)
        let table = &*WORDS;
        self.bits.clear();
        self.bits.extend(tokens.iter().map(|t| table.bits(t)));
        self.relative.clear();
        self.relative.reserve(tokens.len());
        self.counts.clear();
        self.counts.reserve(tokens.len() + 1);
        let mut n = Counts::default();
        self.counts.push(n);
        let mut current = None;
        let mut x = self.bits.first().copied().unwrap_or(0);
        for k in 0..self.bits.len() {
            let after = self.bits.get(k + 1).copied().unwrap_or(0);
            if x & CLASS == MARK {
                current = None;
                if x & COMMA != 0 && after & RELATIVE_WORD != 0 {
                    current = Some(k);
                }
                self.relative.push(None);
            } else {
                self.relative.push(current);
            }
            n.breaks += u32::from(
                x & (MARK | CLAUSE_WORD) != 0 || (x & APOSTROPHE != 0 && after & APOSTROPHE != 0),
            );
            n.clause_words += u32::from(x & CLAUSE_WORD != 0);
            n.coordinations += u32::from(x & COORDINATION != 0);
            self.counts.push(n);
            x = after;
        }
        self.starts.clear();
        self.starts
            .extend(members.iter().map(|&i| mentions[i].span.start));
        let place = |span: Span, starts: &[usize], relative: &[Option<usize>]| {
            let first = tokens.partition_point(|k| k.span.start < span.start);
            Place {
                first,
                inner_end: tokens.partition_point(|k| k.span.start < span.end),
                before: tokens.partition_point(|k| k.span.end <= span.start),
                ev_start: starts.partition_point(|&s| s < span.start),
                ev_end: starts.partition_point(|&s| s < span.end),
                relative: relative.get(first).copied().flatten(),
            }
        };
        self.at.clear();
        self.at.extend(
            members
                .iter()
                .map(|&i| place(mentions[i].span, &self.starts, &self.relative)),
        );
        self.tx.clear();
        self.tx.extend(
            in_sentence
                .iter()
                .map(|&t| place(timexes[t].bytes, &self.starts, &self.relative)),
        );
    }
}

/// Rule 2 to the next event, per member: not yet known whether its
/// neighbour may pass its date on ([`Context::passes`]).
const UNKNOWN: u8 = 0;
/// ... it may.
const PASSES: u8 = 1;
/// ... it may not.
const BLOCKED: u8 = 2;

impl<'a> Context<'a> {
    /// The token range inside `gap` (from, to).
    fn range(&self, gap: Span) -> (usize, usize) {
        let from = self.tokens.partition_point(|k| k.span.start < gap.start);
        let to = self.tokens.partition_point(|k| k.span.end <= gap.end);
        (from, to.max(from))
    }

    /// The indices of the tokens inside `gap`.
    fn inside(&self, gap: Span) -> Range<usize> {
        let (from, to) = self.range(gap);
        from..to
    }

    /// The [`word_bits`] of the tokens inside `gap`.
    fn bits_inside(&self, gap: Span) -> &[u32] {
        self.s.bits.get(self.inside(gap)).unwrap_or(&[])
    }

    /// The [`word_bits`] of token `j` (none past the end).
    #[inline]
    fn bits(&self, j: usize) -> u32 {
        self.s.bits.get(j).copied().unwrap_or(0)
    }

    /// [`Context::token_at`] the start of the member at `pos`, read off
    /// its [`Place`].
    #[inline]
    fn first_token(&self, pos: usize) -> usize {
        match self.s.at.get(pos) {
            Some(a) => a.first,
            None => self.members.get(pos).map_or(self.tokens.len(), |&i| {
                self.token_at(self.mentions[i].span.start)
            }),
        }
    }

    /// Index of the token starting at byte `pos` (or the next one).
    fn token_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|k| k.span.start < pos)
    }

    #[cfg(test)]
    fn relative_of(&self, pos: usize) -> Option<usize> {
        self.s.relative.get(self.token_at(pos)).copied().flatten()
    }

    /// The link from mention `i` to timex `t`, or `None` when a relative
    /// clause seals one of them off from the other: measured from scratch
    /// (the reference for [`Context::link`]).
    #[cfg(test)]
    fn link_reference(&self, i: usize, t: usize, timex: &Timex) -> Option<Link> {
        let m = self.mentions[i].span;
        if self.relative_of(m.start) != self.relative_of(timex.bytes.start) {
            return None;
        }
        let gap = if m.end <= timex.bytes.start {
            Span::new(m.end, timex.bytes.start)
        } else if timex.bytes.end <= m.start {
            Span::new(timex.bytes.end, m.start)
        } else {
            Span::new(m.start, m.start)
        };
        let events_between = self.s.starts.partition_point(|&s| s < gap.end)
            - self.s.starts.partition_point(|&s| s < gap.start);
        let (from, to) = self.range(gap);
        let count = |f: fn(&Counts) -> u32| f(&self.s.counts[to]) - f(&self.s.counts[from]);
        Some(Link {
            timex: t,
            timex_start: timex.bytes.start,
            events_between,
            distance: to - from,
            broken: count(|c| c.breaks) > 0,
            subordinate: count(|c| c.clause_words) > 0,
            coordinated: count(|c| c.coordinations) > 0,
        })
    }

    /// The link from the member at `pos` (mention `i`) to timex `t`, the
    /// `q`th of the sentence, or `None` when a relative clause seals one
    /// of them off from the other; read off their [`Place`]s.
    fn link(&self, pos: usize, i: usize, q: usize, t: usize, timex: &Timex) -> Option<Link> {
        let (Some(a), Some(x)) = (self.s.at.get(pos), self.s.tx.get(q)) else {
            return None;
        };
        if a.relative != x.relative {
            return None;
        }
        let m = self.mentions[i].span;
        // the gap between them: its first token, the end of its tokens, and
        // the events starting in it
        let (from, to, events_between) = if m.end <= timex.bytes.start {
            (a.inner_end, x.before, x.ev_start - a.ev_end)
        } else if timex.bytes.end <= m.start {
            (x.inner_end, a.before, a.ev_start - x.ev_end)
        } else {
            (a.first, a.before, 0)
        };
        let to = to.max(from);
        let (c0, c1) = (self.s.counts.get(from)?, self.s.counts.get(to)?);
        Some(Link {
            timex: t,
            timex_start: timex.bytes.start,
            events_between,
            distance: to - from,
            broken: c1.breaks > c0.breaks,
            subordinate: c1.clause_words > c0.clause_words,
            coordinated: c1.coordinations > c0.coordinations,
        })
    }

    /// The best DATE/TIME link of the member at `pos`, unless a duration
    /// or set links better and the date is outside the event's clause.
    /// `own`: whether each timex of the sentence is an event's own time
    /// ([`Context::own_times`]).
    fn best_link(
        &self,
        pos: usize,
        in_sentence: &[usize],
        timexes: &[Timex],
        own: &[bool],
    ) -> Option<Link> {
        let i = self.members[pos];
        let at = self.mentions[i].span.start;
        let k = in_sentence.partition_point(|&t| timexes[t].bytes.start < at);
        let lo = k.saturating_sub(MAX_CANDIDATES);
        let near = &in_sentence[lo..(k + MAX_CANDIDATES).min(in_sentence.len())];
        // the first of the best-ranked links of each kind, in one pass
        let mut date: Option<Link> = None;
        let mut length: Option<Link> = None;
        let keep = |slot: &mut Option<Link>, l: Link| {
            if slot.is_none_or(|b| l.rank() < b.rank()) {
                *slot = Some(l);
            }
        };
        for (q, &t) in (lo..).zip(near) {
            let tx = &timexes[t];
            let Some(l) = self.link(pos, i, q, t, tx) else {
                continue;
            };
            if is_date(tx) {
                keep(&mut date, l);
            // A duration that gives the event's own time ("fought for three
            // years") is a TimeML anchor too (DURING), though it does not
            // place the event on the calendar: the timeline leaves such
            // events out.
            } else if matches!(tx.kind, TimexType::Duration | TimexType::Set)
                && own.get(q).copied().unwrap_or(false)
            {
                keep(&mut length, l);
            }
        }
        match (date, length) {
            (Some(d), _) if d.events_between == 0 && !d.broken => Some(d),
            (Some(d), Some(u)) if u.rank() < d.rank() => Some(u),
            (Some(d), _) => Some(d),
            (None, u) => u,
        }
    }

    /// For each timex of the sentence, whether it is a duration or set
    /// that gives an event's own time ([`Context::own_time`]), into `own`.
    fn own_times(&self, in_sentence: &[usize], timexes: &[Timex], own: &mut Vec<bool>) {
        own.clear();
        own.extend(in_sentence.iter().map(|&t| {
            let tx = &timexes[t];
            matches!(tx.kind, TimexType::Duration | TimexType::Set) && self.own_time(tx.bytes)
        }));
    }

    /// Whether the duration or set at `span` gives an event's own time: it
    /// follows a preposition of extent, opens with "every"/"each", or is not
    /// followed by a word outside [`AFTER_ADVERBIAL`].
    fn own_time(&self, span: Span) -> bool {
        let next = self.token_at(span.end);
        self.after_preposition(span)
            || self
                .bits_inside(span)
                .first()
                .is_some_and(|b| b & RECURRENCE_WORD != 0)
            || self
                .tokens
                .get(next)
                .is_none_or(|t| !t.word || self.bits(next) & ADVERBIAL_NEXT != 0)
    }

    /// Whether the duration at `span` is the object of a preposition of
    /// extent ("over the past two years", "for six days"), which makes it
    /// adverbial whatever follows it: "the jobs he has held over the past
    /// two years have been ...".
    fn after_preposition(&self, span: Span) -> bool {
        let k = self.token_at(span.start);
        let mut j = k;
        while j > 0 && k - j < 2 {
            j -= 1;
            let w = self.bits(j);
            if w & EXTENT_WORD != 0 {
                return true;
            }
            if w & THE == 0 {
                return false;
            }
        }
        false
    }

    /// Rule 1.
    fn same_clause(&self, best: &[Option<Link>], out: &mut [Option<EventAnchor>]) {
        for &i in self.members {
            if let Some(l) = best[i] {
                if out[i].is_none() && l.events_between == 0 && !l.broken {
                    out[i] = Some(EventAnchor {
                        timex: l.timex,
                        kind: AnchorKind::SameClause,
                    });
                }
            }
        }
    }

    /// Rule 4.
    fn same_sentence(&self, best: &[Option<Link>], out: &mut [Option<EventAnchor>]) {
        for &i in self.members {
            if let Some(l) = best[i] {
                if out[i].is_none() && l.events_between == 0 && !l.subordinate {
                    out[i] = Some(EventAnchor {
                        timex: l.timex,
                        kind: AnchorKind::SameSentence,
                    });
                }
            }
        }
    }

    /// Rule 2, repeated so chains of events carry the date along.
    /// `partner`: [`Context::relative_partners`]; `passes`: what rule 2 to
    /// the next event found out so far, per member.
    fn chains(
        &self,
        best: &[Option<Link>],
        partner: &[Option<usize>],
        passes: &mut [u8],
        out: &mut [Option<EventAnchor>],
    ) {
        for _ in 0..4 {
            // (both rules only anchor events that have no anchor yet)
            let neighbour = self.via_neighbour(best, passes, out);
            let relative = self.via_relative(partner, out);
            if !(neighbour || relative) {
                break;
            }
        }
    }

    /// Rule 2: the next event towards the best timex, in the same clause,
    /// is anchored to it. Whether the words between let it (which does not
    /// change from one round to the next) is worked out once per member,
    /// when first asked, in `passes`. Gives whether it anchored any.
    fn via_neighbour(
        &self,
        best: &[Option<Link>],
        passes: &mut [u8],
        out: &mut [Option<EventAnchor>],
    ) -> bool {
        let mut anchored = false;
        for (pos, &i) in self.members.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            let Some(l) = best[i] else { continue };
            if l.events_between == 0 {
                continue;
            }
            let m = &self.mentions[i];
            let rightwards = l.timex_start > m.span.start;
            let n = if rightwards {
                self.members.get(pos + 1)
            } else {
                pos.checked_sub(1).and_then(|p| self.members.get(p))
            };
            let Some(&n) = n else { continue };
            let npos = if rightwards { pos + 1 } else { pos - 1 };
            let Some(a) = out[n] else { continue };
            if a.timex != l.timex {
                continue;
            }
            let Some(state) = passes.get_mut(pos) else {
                continue;
            };
            if *state == UNKNOWN {
                *state = if self.passes(i, n, self.first_token(npos), rightwards) {
                    PASSES
                } else {
                    BLOCKED
                };
            }
            if *state == BLOCKED {
                continue;
            }
            out[i] = Some(EventAnchor {
                timex: a.timex,
                kind: AnchorKind::ViaEvent,
            });
            anchored = true;
        }
        anchored
    }

    /// Rule 2's test of the words between mention `i` and its neighbour
    /// `n` (to its right when `rightwards`): whether `n` may pass its date
    /// on to `i`.
    /// `nk`: the first token of `n` ([`Context::first_token`]).
    fn passes(&self, i: usize, n: usize, nk: usize, rightwards: bool) -> bool {
        let m = &self.mentions[i];
        let ns = self.mentions[n].span;
        if rightwards
            && matches!(m.class, EventClass::Reporting | EventClass::IState)
            && !self.in_prepositional_phrase(nk)
            && !self.is_object_of(ns, m.span)
        {
            return false;
        }
        let gap = if rightwards {
            Span::new(m.span.end, ns.start)
        } else {
            Span::new(ns.end, m.span.start)
        };
        let inside = self.bits_inside(gap);
        // a subject pronoun, or a modal after some subject, opens a new
        // finite clause: "said Friday it will cut jobs", "said the
        // company would ..."; "the hearing will be held" is one clause
        // "shares rose before the deal was signed on Friday": a signal
        // such as "before" or "since" between the two events orders them
        // rather than puts them together ("after" does not: annotators
        // date "resigned on Friday after a scandal" events together more
        // often than not)
        let ordered = inside.iter().any(|b| b & SIGNAL != 0);
        let new_clause = inside
            .iter()
            .enumerate()
            .any(|(n, b)| b & PRONOUN != 0 || (n > 0 && b & MODAL != 0));
        !(breaks(inside) || new_clause || ordered)
    }

    /// Whether the trigger whose first token is `k` is the noun of a
    /// prepositional phrase ("on a conference call").
    fn in_prepositional_phrase(&self, k: usize) -> bool {
        if self.preceded_by(k, ATTACHING_WORD) {
            return true;
        }
        // "in a telephone interview": a determiner, then one modifier
        k >= 3
            && self.bits(k - 3) & ATTACHING_WORD != 0
            && self.bits(k - 2) & LEAD != 0
            && self.tokens[k - 1].word
            && self.tokens[k - 1].lower.chars().all(char::is_alphabetic)
    }

    /// Whether the trigger at `noun` is the object of the trigger at `verb`:
    /// only determiners and adjectives of [`NOUN_PHRASE_LEAD`] between them
    /// ("told a briefing").
    fn is_object_of(&self, noun: Span, verb: Span) -> bool {
        let inside = self.bits_inside(Span::new(verb.end, noun.start));
        !inside.is_empty() && inside.len() <= 3 && inside.iter().all(|b| b & LEAD != 0)
    }

    /// Whether the trigger whose first token is `k` heads "PREP
    /// (det/adj...) TRIGGER" for a preposition of the list whose bit is
    /// `preps` ([`word_bits`]).
    fn preceded_by(&self, k: usize, preps: u32) -> bool {
        let mut j = k;
        for _ in 0..3 {
            if j == 0 {
                return false;
            }
            j -= 1;
            let w = self.bits(j);
            if w & preps != 0 {
                return true;
            }
            if w & LEAD == 0 {
                return false;
            }
        }
        false
    }

    /// Rule 2, relative clauses: the event right after "that"/"which" (and
    /// auxiliaries) takes the anchor of an event noun at most six tokens
    /// before, with no break between. `partner`: which member each member
    /// is tied to that way ([`Context::relative_partners`]). Gives whether
    /// it anchored any.
    fn via_relative(&self, partner: &[Option<usize>], out: &mut [Option<EventAnchor>]) -> bool {
        let mut anchored = false;
        for (&i, &n) in self.members.iter().zip(partner) {
            let Some(n) = n else { continue };
            // either way: "the 1996 bombing that killed one person", "a
            // trial that began in early March"
            match (out[n], out[i]) {
                (Some(a), None) => {
                    out[i] = Some(EventAnchor {
                        timex: a.timex,
                        kind: AnchorKind::ViaEvent,
                    });
                    anchored = true;
                }
                (None, Some(a)) => {
                    out[n] = Some(EventAnchor {
                        timex: a.timex,
                        kind: AnchorKind::ViaEvent,
                    });
                    anchored = true;
                }
                _ => {}
            }
        }
        anchored
    }

    /// For each member, the mention before it that rule 2 ties it to
    /// through "that"/"which" (see [`Context::via_relative`]), into
    /// `partner`: the words do not change from one round of the rule to
    /// the next, so they are read once.
    fn relative_partners(&self, partner: &mut Vec<Option<usize>>) {
        partner.clear();
        partner.extend(
            self.members
                .iter()
                .enumerate()
                .map(|(pos, _)| self.relative_partner(pos)),
        );
    }

    /// [`Context::relative_partners`] for the member at `pos`.
    fn relative_partner(&self, pos: usize) -> Option<usize> {
        if pos == 0 {
            return None;
        }
        let k = self.first_token(pos);
        let mut j = k;
        let mut found = None;
        while j > 0 && k - j < 4 {
            j -= 1;
            let w = self.bits(j);
            if w & THAT_WHICH != 0 {
                found = Some(j);
                break;
            }
            if w & AUXILIARY == 0 {
                break;
            }
        }
        let rel = found?;
        let n = self.members[pos - 1];
        let ns = self.mentions[n].span;
        let nk = self.first_token(pos - 1);
        if nk >= rel || rel - nk > 6 {
            return None;
        }
        if breaks(self.bits_inside(Span::new(ns.end, self.tokens[rel].span.start))) {
            return None;
        }
        Some(n)
    }

    /// Rule 3: events in a sentence with a dated "during (the) EVENT"
    /// phrase take that event's anchor.
    fn via_within(&self, best: &[Option<Link>], out: &mut [Option<EventAnchor>]) {
        // (the first dated member so preceded)
        let host = self
            .members
            .iter()
            .enumerate()
            .filter(|&(_, &i)| out[i].is_some())
            .find(|&(pos, _)| self.preceded_by(self.first_token(pos), WITHIN_WORD))
            .and_then(|(_, &i)| out[i].map(|a| (i, a)));
        let Some((h, a)) = host else {
            return;
        };
        for &i in self.members {
            if i == h || out[i].is_some() {
                continue;
            }
            // an event with its own date in its clause keeps it for later rules
            if best[i]
                .is_some_and(|l| l.events_between == 0 && !l.subordinate && l.timex != a.timex)
            {
                continue;
            }
            out[i] = Some(EventAnchor {
                timex: a.timex,
                kind: AnchorKind::ViaEvent,
            });
        }
    }

    /// Rule 0 (offset): a DURATION followed by "after" or "before" is the
    /// time between the event right after it and another time: "a month
    /// after the airline suspended flights", "one year after he was
    /// killed". The event takes the duration (a TimeML link), before any
    /// other rule; the timeline does not list it, since a length does not
    /// place it on the calendar.
    fn offset(&self, in_sentence: &[usize], timexes: &[Timex], out: &mut [Option<EventAnchor>]) {
        for &t in in_sentence {
            let tx = &timexes[t];
            if tx.kind != TimexType::Duration {
                continue;
            }
            let k = self.token_at(tx.bytes.end);
            let Some(w) = self.tokens.get(k) else {
                continue;
            };
            if self.bits(k) & OFFSET_SIGNAL == 0 {
                continue;
            }
            let from = w.span.end;
            let pos = self.s.starts.partition_point(|&s| s < from);
            let Some(&i) = self.members.get(pos) else {
                continue;
            };
            let m = self.mentions[i].span;
            if out[i].is_some() || breaks(self.bits_inside(Span::new(from, m.start))) {
                continue;
            }
            out[i] = Some(EventAnchor {
                timex: t,
                kind: AnchorKind::Offset,
            });
        }
    }

    /// Rule 7 (length before a noun): an event with no anchor or a date,
    /// right after a duration used as a modifier ("a two-day visit", "a four-day
    /// state visit", "a six year process"), lasts that long: a TimeML
    /// DURING link, in its own clause. A plural duration before a verb
    /// ("four days seemed too long") is the subject, not a modifier.
    fn length_modifier(
        &self,
        in_sentence: &[usize],
        timexes: &[Timex],
        out: &mut [Option<EventAnchor>],
    ) {
        for &t in in_sentence {
            let tx = &timexes[t];
            if tx.kind != TimexType::Duration {
                continue;
            }
            let last = tx.text.rsplit(' ').next().unwrap_or("");
            if !last.contains('-') && last.ends_with('s') {
                continue;
            }
            let k = self.token_at(tx.bytes.end);
            let pos = self.s.starts.partition_point(|&s| s < tx.bytes.end);
            let Some(&i) = self.members.get(pos) else {
                continue;
            };
            let between = self.token_at(self.mentions[i].span.start).saturating_sub(k);
            let words = self
                .tokens
                .get(k..k + between)
                .unwrap_or(&[])
                .iter()
                .all(|w| w.word && w.lower.chars().all(char::is_alphabetic));
            // the length is the noun's own: it wins over a date the noun
            // reached through the sentence ("wrapped up a three-hour
            // meeting with the president today": the meeting lasted three
            // hours; "today" dates the wrapping up)
            let free = out[i].is_none_or(|a| timexes.get(a.timex).is_some_and(is_date));
            if free && between <= 1 && words {
                out[i] = Some(EventAnchor {
                    timex: t,
                    kind: AnchorKind::SameClause,
                });
            }
        }
    }

    /// Rule 9 (period end): in "the year ended Sept. 30", "the six months
    /// ending tomorrow", "the second quarter, which ended Oct. 31" the date
    /// only closes the period written before it; the figures reported are
    /// the period's. An event anchored to such a date by rules 1-7 takes
    /// the period instead (keeping the kind of the rule that linked it),
    /// except the verb "ended" itself, which happened on the date.
    fn period_end(
        &self,
        in_sentence: &[usize],
        timexes: &[Timex],
        out: &mut [Option<EventAnchor>],
    ) {
        for pair in in_sentence.windows(2) {
            let (p, d) = (pair[0], pair[1]);
            let (period, date) = (&timexes[p], &timexes[d]);
            if !matches!(period.kind, TimexType::Date | TimexType::Duration)
                || !is_date(date)
                || period.bytes.end > date.bytes.start
            {
                continue;
            }
            let gap = Span::new(period.bytes.end, date.bytes.start);
            let mut words = self
                .bits_inside(gap)
                .iter()
                .filter(|&&b| b & (COMMA | THAT_WHICH) == 0);
            if !(words.next().is_some_and(|b| b & PERIOD_END_WORD != 0) && words.next().is_none()) {
                continue;
            }
            for &i in self.members {
                let m = self.mentions[i].span;
                if m.start >= gap.start && m.end <= gap.end {
                    continue;
                }
                if let Some(a) = out[i].as_mut().filter(|a| a.timex == d) {
                    a.timex = p;
                }
            }
        }
    }

    /// Rule 5: a DATE/TIME (or a DURATION after one of [`PERIOD_LEAD`])
    /// opening the sentence, followed by a comma, dates the events of the
    /// main clause that have no anchor yet or one through a later event
    /// (up to a subordinate clause or a quote).
    fn fronted(&self, in_sentence: &[usize], timexes: &[Timex], out: &mut [Option<EventAnchor>]) {
        let Some(&t) = in_sentence.first() else {
            return;
        };
        let tx = &timexes[t];
        let lead = self.token_at(tx.bytes.start);
        // a period the sentence is about: "For the nine months, losses
        // totaled ...", "In the past three months, stocks have plunged"
        let period = tx.kind == TimexType::Duration
            && lead >= 1
            && self.bits(lead - 1) & PERIOD_LEAD_WORD != 0;
        if !is_date(tx) && !period {
            return;
        }
        if lead > 3
            || !self.s.bits[..lead.min(self.s.bits.len())]
                .iter()
                .all(|b| b & OPENING_WORD != 0)
        {
            return;
        }
        let after = self.token_at(tx.bytes.end);
        if after >= self.tokens.len() || self.bits(after) & COMMA == 0 {
            return;
        }
        let stop = (after..self.tokens.len())
            .find(|&j| self.bits(j) & (SUBORDINATE_WORD | QUOTE) != 0)
            .and_then(|j| self.tokens.get(j))
            .map(|k| k.span.start)
            .unwrap_or(usize::MAX);
        for &i in self.members {
            let m = self.mentions[i].span;
            // the opening date outranks a date reached through a chain of
            // later events ("On Tuesday, the league plans to hold a news
            // conference to screen an advertisement ... wounded earlier
            // this year")
            let free = out[i].is_none_or(|a| a.kind == AnchorKind::ViaEvent && a.timex != t);
            if free && m.start > tx.bytes.end && m.end <= stop {
                out[i] = Some(EventAnchor {
                    timex: t,
                    kind: AnchorKind::SameSentence,
                });
            }
        }
    }
}

/// [`class`]: one of [`CLAUSE_MARKS`].
const MARK: u32 = 1;
/// [`class`]: one of [`CLAUSE_WORDS`].
const CLAUSE_WORD: u32 = 2;
/// [`class`]: "and" or "or".
const COORDINATION: u32 = 4;
/// [`class`]: "'".
const APOSTROPHE: u32 = 8;
/// The bits of [`word_bits`] that are [`class`]'s (at most one is set).
const CLASS: u32 = 15;
/// [`word_bits`]: one of [`RELATIVE`].
const RELATIVE_WORD: u32 = 1 << 4;
/// [`word_bits`]: one of [`WITHIN`].
const WITHIN_WORD: u32 = 1 << 5;
/// [`word_bits`]: one of [`ATTACHING`].
const ATTACHING_WORD: u32 = 1 << 6;
/// [`word_bits`]: one of [`NOUN_PHRASE_LEAD`].
const LEAD: u32 = 1 << 7;
/// [`word_bits`]: one of [`AUXILIARIES`].
const AUXILIARY: u32 = 1 << 8;
/// [`word_bits`]: "that" or "which" (a relative pronoun rule 2 follows).
const THAT_WHICH: u32 = 1 << 9;
/// [`word_bits`]: one of [`OPENING`].
const OPENING_WORD: u32 = 1 << 10;
/// [`word_bits`]: one of [`SUBORDINATE`].
const SUBORDINATE_WORD: u32 = 1 << 11;
/// [`word_bits`]: one of [`QUOTES`].
const QUOTE: u32 = 1 << 12;
/// [`word_bits`]: one of [`MODALS`].
const MODAL: u32 = 1 << 13;
/// [`word_bits`]: one of [`SIGNALS`].
const SIGNAL: u32 = 1 << 14;
/// [`word_bits`]: one of [`PRONOUNS`].
const PRONOUN: u32 = 1 << 15;
/// [`word_bits`]: one of [`OFFSET_SIGNALS`].
const OFFSET_SIGNAL: u32 = 1 << 16;
/// [`word_bits`]: one of [`PERIOD_END`].
const PERIOD_END_WORD: u32 = 1 << 17;
/// [`word_bits`]: one of [`AFTER_ADVERBIAL`].
const ADVERBIAL_NEXT: u32 = 1 << 18;
/// [`word_bits`]: one of [`RECURRENCE`].
const RECURRENCE_WORD: u32 = 1 << 19;
/// [`word_bits`]: one of [`PERIOD_LEAD`].
const PERIOD_LEAD_WORD: u32 = 1 << 20;
/// [`word_bits`]: one of [`EXTENT`].
const EXTENT_WORD: u32 = 1 << 21;
/// [`word_bits`]: "the".
const THE: u32 = 1 << 22;
/// [`word_bits`]: ",".
const COMMA: u32 = 1 << 23;

/// Every word list [`word_bits`] reads, with its bit.
const LISTS: &[(&[&str], u32)] = &[
    (RELATIVE, RELATIVE_WORD),
    (WITHIN, WITHIN_WORD),
    (ATTACHING, ATTACHING_WORD),
    (NOUN_PHRASE_LEAD, LEAD),
    (AUXILIARIES, AUXILIARY),
    (&["that", "which"], THAT_WHICH),
    (OPENING, OPENING_WORD),
    (SUBORDINATE, SUBORDINATE_WORD),
    (QUOTES, QUOTE),
    (MODALS, MODAL),
    (SIGNALS, SIGNAL),
    (PRONOUNS, PRONOUN),
    (OFFSET_SIGNALS, OFFSET_SIGNAL),
    (PERIOD_END, PERIOD_END_WORD),
    (AFTER_ADVERBIAL, ADVERBIAL_NEXT),
    (RECURRENCE, RECURRENCE_WORD),
    (PERIOD_LEAD, PERIOD_LEAD_WORD),
    (EXTENT, EXTENT_WORD),
    (&["the"], THE),
    (&[","], COMMA),
    (CLAUSE_MARKS, MARK),
    (CLAUSE_WORDS, CLAUSE_WORD),
    (&["and", "or"], COORDINATION),
    (&["'"], APOSTROPHE),
];

/// What anchoring asks of a token's lowercase form `lower`: its
/// [`class`] and the word lists of the rules that hold it, as bits. The
/// rules read them per token from [`Scratch::bits`], made with
/// [`WordTable::bits`] (one array read for a form the model knows).
fn word_bits(lower: &str) -> u32 {
    LISTS
        .iter()
        .filter(|(list, _)| list.contains(&lower))
        .fold(class(lower), |b, &(_, bit)| b | bit)
}

/// [`word_bits`] of every form of the event model, by the form's index
/// (a token's [`Token::form`]).
struct WordTable {
    by_form: Vec<u32>,
    /// Whether every listed word is a form of the model: then a token
    /// whose form the model lacks has no bits.
    all_known: bool,
}

static WORDS: LazyLock<WordTable> = LazyLock::new(|| {
    // a form's bits are those of the lists that hold it (`class` agrees
    // with its lists), so only the listed words are looked up
    let model = &*MODEL;
    let mut by_form = vec![0; model.form_count()];
    let mut all_known = true;
    for &(list, bit) in LISTS {
        for w in list {
            match model.form_id(w).and_then(|id| by_form.get_mut(id as usize)) {
                Some(b) => *b |= bit,
                None => all_known = false,
            }
        }
    }
    WordTable { by_form, all_known }
});

impl WordTable {
    /// [`word_bits`] of `t`'s lowercase form, read by its form index.
    #[inline]
    fn bits(&self, t: &Token) -> u32 {
        match self.by_form.get(t.form as usize) {
            Some(&b) => b,
            None if self.all_known => 0,
            None => word_bits(&t.lower),
        }
    }
}

/// What a token (lowercase) is to the clause measures, as bits; one
/// `match` instead of a search of each word list.
fn class(lower: &str) -> u32 {
    // most tokens are words that start with none of these bytes, or are
    // longer than every listed one
    if lower.len() > 8
        || !lower
            .as_bytes()
            .first()
            .is_some_and(|&c| CLASS_FIRST[usize::from(c)])
    {
        return 0;
    }
    match lower {
        "," | ";" | ":" | "(" | ")" | "[" | "]" | "\"" | "\u{201c}" | "\u{201d}" | "`"
        | "\u{2014}" | "\u{2013}" | "_" => MARK,
        "that" | "which" | "who" | "whom" | "whose" | "because" | "but" | "while" | "although"
        | "though" | "whereas" | "unless" => CLAUSE_WORD,
        "and" | "or" => COORDINATION,
        "'" => APOSTROPHE,
        _ => 0,
    }
}

/// The first bytes of the tokens [`class`] names.
static CLASS_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    let firsts = b",;:()[]\"`_'tawbuo\xe2";
    let mut i = 0;
    while i < firsts.len() {
        t[firsts[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether the tokens of `bits` (their [`word_bits`]) hold a clause
/// break: a clause mark or word, or '' as a closing quote.
fn breaks(bits: &[u32]) -> bool {
    bits.iter().enumerate().any(|(k, &b)| {
        b & (MARK | CLAUSE_WORD) != 0
            || (b & APOSTROPHE != 0 && bits.get(k + 1).is_some_and(|n| n & APOSTROPHE != 0))
    })
}

/// How many earlier mentions rule 6 looks through.
const COREFERENCE_LOOKBACK: usize = 200;

/// Rule 6: a definite noun with no time in its own sentence takes the
/// anchor of an earlier dated mention of the same stem in its paragraph.
fn coreference(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    timed: &[bool],
    out: &mut [Option<EventAnchor>],
) {
    // Paragraph breaks ("\n\n", "\r\n\r\n") by where they start, found
    // once: whether the gap between two mentions holds one is a binary
    // search, not a scan of the gap. Stems are worked out once per mention.
    let mut paragraphs: Option<(Vec<usize>, Vec<usize>)> = None;
    let mut stems: Vec<Option<SmolStr>> = vec![None; mentions.len()];
    let stem_of = |j: usize, stems: &mut Vec<Option<SmolStr>>| -> SmolStr {
        stems[j]
            .get_or_insert_with(|| {
                let n = &mentions[j];
                lowercase_stem(text.get(n.span.start..n.span.end).unwrap_or(""))
            })
            .clone()
    };
    for i in 0..mentions.len() {
        if out[i].is_some() || timed[i] {
            continue;
        }
        let m = &mentions[i];
        let Some(sentence) = sentences.get(m.sentence) else {
            continue;
        };
        let before = text.get(sentence.start..m.span.start).unwrap_or("");
        if !last_word(before).is_some_and(is_definite) {
            continue;
        }
        let (lf, crlf) = paragraphs.get_or_insert_with(|| paragraph_breaks(text));
        let word = stem_of(i, &mut stems);
        // where the last paragraph break before the mention starts: an
        // earlier mention ending by then is in another paragraph
        let (lf_last, crlf_last) = (
            last_break(lf, 2, m.span.start),
            last_break(crlf, 4, m.span.start),
        );
        for j in (i.saturating_sub(COREFERENCE_LOOKBACK)..i).rev() {
            let n = &mentions[j];
            // stay within the paragraph
            if text.get(n.span.end..m.span.start).is_some()
                && (lf_last.is_some_and(|p| n.span.end <= p)
                    || crlf_last.is_some_and(|p| n.span.end <= p))
            {
                break;
            }
            if n.sentence == m.sentence {
                continue;
            }
            if stem_of(j, &mut stems) == word {
                if let Some(a) = out[j] {
                    out[i] = Some(EventAnchor {
                        timex: a.timex,
                        kind: AnchorKind::Coreference,
                    });
                }
                break;
            }
        }
    }
}

/// `stem(&word.to_lowercase())`, lowercasing a short ASCII word on the
/// stack instead of in a new string.
fn lowercase_stem(word: &str) -> SmolStr {
    if word.is_ascii() && word.len() <= 23 {
        // (inline, no allocation)
        return stem(&word.to_ascii_lowercase_smolstr());
    }
    stem(&word.to_lowercase())
}

/// The last run of alphanumeric chars of `before` (the word before an
/// event), reading ASCII bytes backwards; the general reading of chars
/// when a non-ASCII char is next to it.
fn last_word(before: &str) -> Option<&str> {
    let b = before.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1].is_ascii() && !b[end - 1].is_ascii_alphanumeric() {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && b[start - 1].is_ascii_alphanumeric() {
        start -= 1;
    }
    let ascii = |k: usize| {
        k.checked_sub(1)
            .and_then(|k| b.get(k))
            .is_none_or(u8::is_ascii)
    };
    if end > 0 && ascii(start) && ascii(end) {
        return before.get(start..end);
    }
    if end == 0 {
        return None;
    }
    before
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
}

/// The start of the last of the paragraph breaks `starts` (sorted, each
/// `len` bytes long) that ends by `to`: a break lies between `from` and
/// `to` exactly when it starts at or after `from`.
fn last_break(starts: &[usize], len: usize, to: usize) -> Option<usize> {
    let k = starts.partition_point(|&p| p.saturating_add(len) <= to);
    k.checked_sub(1).and_then(|k| starts.get(k)).copied()
}

/// Whether `w` lowercased is one of [`DEFINITE`].
fn is_definite(w: &str) -> bool {
    if w.is_ascii() {
        DEFINITE.iter().any(|d| d.eq_ignore_ascii_case(w))
    } else {
        DEFINITE.contains(&w.to_lowercase().as_str())
    }
}

/// Where each "\n\n" and each "\r\n\r\n" of `text` starts (overlapping
/// ones included).
fn paragraph_breaks(text: &str) -> (Vec<usize>, Vec<usize>) {
    let b = text.as_bytes();
    let mut lf = Vec::new();
    let mut crlf = Vec::new();
    for p in line_feeds(b) {
        if b.get(p + 1) == Some(&b'\n') {
            lf.push(p);
        }
        if p >= 1 && b[p - 1] == b'\r' && b.get(p + 1..p + 3) == Some(b"\r\n") {
            crlf.push(p - 1);
        }
    }
    (lf, crlf)
}

/// The positions of the line feeds of `b`.
fn line_feeds(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', b)
}

/// Rule 8 (narrative): an event in the past tense, in a sentence with no
/// DATE or TIME of its own and outside quotation marks, happened on the
/// story's news day when the last date written before its sentence is a
/// news day (a single day within `resolve::NEWS_WINDOW_DAYS` before
/// publication, as the resolver marks it in [`Timex::news_day`]): "Rebels
/// attacked the town on Friday. They burned the market." dates "burned"
/// Friday. A date elsewhere in between (a year, a month, an older day)
/// means the story has moved, and the event is left to its tense; a
/// reporting verb still takes the last news day before it ("The town was
/// founded in 1820. The mayor said ..."). The date of the sentence right
/// before is carried on when it is a period the story stays in (see
/// [`carries_period`]): "The law was passed in 1994. It made blocking a
/// clinic a crime." Such events carry the date as
/// their TimeML anchor and value, marked [`AnchorKind::Narrative`]; the
/// timeline does not list them, since no time expression in their
/// sentence places them.
fn narrative(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    timexes: &[Timex],
    timed: &[bool],
    out: &mut [Option<EventAnchor>],
) {
    let mut dates: Vec<usize> = (0..timexes.len())
        .filter(|&t| is_date(&timexes[t]))
        .collect();
    dates.sort_by_key(|&t| timexes[t].bytes.start);
    let mut quotes = Quotes::default();
    for (i, m) in mentions.iter().enumerate() {
        if out[i].is_some() || m.tense != Tense::Past {
            continue;
        }
        let Some(sentence) = sentences.get(m.sentence) else {
            continue;
        };
        let span = sentence.span();
        let k = dates.partition_point(|&t| timexes[t].bytes.start < span.start);
        // a date of its own sentence: the sentence rules had their say
        if dates
            .get(k)
            .is_some_and(|&t| timexes[t].bytes.start < span.end)
        {
            continue;
        }
        let Some(&t) = k.checked_sub(1).and_then(|k| dates.get(k)) else {
            continue;
        };
        let before = text.get(span.start..m.span.start).unwrap_or("");
        // the story still in the period of the sentence before: "The law
        // was passed in 1994. It made it a crime to block a clinic."
        // (the tests that read no words first)
        let carried = m.class != EventClass::Reporting
            && !timed[i]
            && m.sentence
                .checked_sub(1)
                .and_then(|p| sentences.get(p))
                .is_some_and(|p| p.span().contains(&timexes[t].bytes))
            && carries_period(&timexes[t])
            && !hedged(before);
        // a reporting verb ("said", "told") reports on the news day even
        // when the story has gone back to older dates: the background does
        // not move the day its sources speak
        let t = if !carried && !timexes[t].news_day && m.class == EventClass::Reporting {
            match dates[..k].iter().rev().find(|&&d| timexes[d].news_day) {
                Some(&d) => d,
                None => continue,
            }
        } else {
            t
        };
        if !(timexes[t].news_day || carried)
            || quotes.inside(text, span.start, span.start + before.len())
        {
            continue;
        }
        out[i] = Some(EventAnchor {
            timex: t,
            kind: AnchorKind::Narrative,
        });
    }
}

/// Whether the date `tx`, in the sentence before an event's, is a period
/// the story stays in (rule 8): a calendar period longer than a day
/// ("1994", "last month", "the third quarter"; an older single day is
/// left alone: right in 3 of 4 judged cases, too few to go by), not a
/// comparison ("a year earlier", "the year-ago period": the figures
/// after it are the current period's) and not a time to come ("next year":
/// past events do not happen in it).
fn carries_period(tx: &Timex) -> bool {
    let (Some(first), Some(last)) = (tx.first, tx.last) else {
        return false;
    };
    if tx.news_day || first == last {
        return false;
    }
    !tx.text
        .split([' ', '-'])
        .any(|w| NOT_CARRIED.iter().any(|n| n.eq_ignore_ascii_case(w)))
}

/// Words of a date that name a comparison or a time to come, which later
/// past-tense sentences are not about.
const NOT_CARRIED: &[&str] = &[
    "ago", "earlier", "prior", "previous", "next", "coming", "upcoming",
];

/// Whether the last words of `before` (a sentence up to an event) negate or
/// hedge it: "couldn't be reached", "did not say", "might be scaled back".
/// Reads the last three words from the end as ASCII bytes; the general
/// reading of chars when a non-ASCII char comes first.
fn hedged(before: &str) -> bool {
    let b = before.as_bytes();
    let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'\'';
    let mut end = b.len();
    for _ in 0..3 {
        while end > 0 && b[end - 1].is_ascii() && !word_byte(b[end - 1]) {
            end -= 1;
        }
        if end == 0 {
            return false;
        }
        let mut start = end;
        while start > 0 && word_byte(b[start - 1]) {
            start -= 1;
        }
        if start == end || start > 0 && !b[start - 1].is_ascii() {
            // a non-ASCII char ends the text read so far or starts the word
            return hedged_chars(before);
        }
        if before.get(start..end).is_some_and(hedge_word) {
            return true;
        }
        end = start;
    }
    false
}

/// [`hedged`], reading chars.
fn hedged_chars(before: &str) -> bool {
    before
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .any(hedge_word)
}

/// Whether `w` (a word of [`hedged`]) negates or hedges.
fn hedge_word(w: &str) -> bool {
    if w.is_ascii() {
        // as below, without lowercasing into a new string
        let tail = w.as_bytes().get(w.len().saturating_sub(3)..);
        w.eq_ignore_ascii_case("not")
            || w.eq_ignore_ascii_case("never")
            || tail.is_some_and(|t| t.eq_ignore_ascii_case(b"n't"))
            || MODALS.iter().any(|m| m.eq_ignore_ascii_case(w))
    } else {
        let w = w.to_lowercase();
        w == "not" || w == "never" || w.ends_with("n't") || MODALS.contains(&w.as_str())
    }
}

/// [`in_quotation`] of one sentence's text up to each of a run of events,
/// counted on from where the last event's count stopped when it is in the
/// same sentence and not before it: the quotes of a sentence are read
/// once, not once per event.
#[derive(Debug, Default)]
struct Quotes {
    /// Where the counted text starts (a sentence start).
    from: usize,
    /// The next byte to read: everything before it is counted.
    at: usize,
    opening: usize,
    closing: usize,
    straight: usize,
}

impl Quotes {
    /// `in_quotation(&text[from..to])`.
    fn inside(&mut self, text: &str, from: usize, to: usize) -> bool {
        let Some(before) = text.get(from..to) else {
            return in_quotation("");
        };
        if self.from != from || self.at < from || self.at > to {
            *self = Quotes {
                from,
                at: from,
                ..Quotes::default()
            };
        }
        let b = before.as_bytes();
        let mut i = self.at - from;
        while let Some(&c) = b.get(i) {
            match c {
                // a pair's first byte at the end of the text: left for a
                // longer text to pair, and counted as nothing here
                b'`' | b'\'' if i + 1 == b.len() => break,
                b'`' if b.get(i + 1) == Some(&b'`') => {
                    self.opening += 1;
                    i += 1;
                }
                b'\'' if b.get(i + 1) == Some(&b'\'') => {
                    self.closing += 1;
                    i += 1;
                }
                b'"' => self.straight += 1,
                0xe2 => match b.get(i + 1..i + 3) {
                    Some([0x80, 0x9c]) => self.opening += 1,
                    Some([0x80, 0x9d]) => self.closing += 1,
                    Some(_) => {}
                    // a char cut by the end (`to` is a char boundary, so
                    // not here): read again with a longer text
                    None => break,
                },
                _ => {}
            }
            i += 1;
        }
        self.at = from + i;
        self.opening > self.closing || self.straight % 2 == 1
    }
}

/// Whether the end of `before` (a sentence up to an event) is inside a
/// quotation: more opening than closing quotes (``, \u{201c} against '',
/// \u{201d}), or an odd number of straight double quotes.
///
/// Counts in one pass over the bytes, as `matches` would (pairs of `` and
/// '' without overlap; \u{201c} and \u{201d} are E2 80 9C and E2 80 9D).
fn in_quotation(before: &str) -> bool {
    let b = before.as_bytes();
    let (mut opening, mut closing, mut straight) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'`' if b.get(i + 1) == Some(&b'`') => {
                opening += 1;
                i += 1;
            }
            b'\'' if b.get(i + 1) == Some(&b'\'') => {
                closing += 1;
                i += 1;
            }
            b'"' => straight += 1,
            0xe2 => match b.get(i + 1..i + 3) {
                Some([0x80, 0x9c]) => opening += 1,
                Some([0x80, 0x9d]) => closing += 1,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    opening > closing || straight % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<Token> {
        tokenize(t, Span::new(0, t.len()))
    }

    #[test]
    fn relative_clauses_are_marked_to_the_next_comma() {
        let t = "The stock, which hit a record, has slid.";
        let k = toks(t);
        let classes: Vec<u32> = k.iter().map(|t| class(&t.lower)).collect();
        let mut r = Vec::new();
        relative_clauses(&k, &classes, &mut r);
        let marked: Vec<&str> = k
            .iter()
            .zip(&r)
            .filter(|(_, r)| r.is_some())
            .map(|(k, _)| &t[k.span.start..k.span.end])
            .collect();
        assert_eq!(marked, ["which", "hit", "a", "record"]);
    }

    /// The measures of one pass over a sentence's tokens are those of the
    /// passes they replaced: classes, then relative clauses, then counts.
    #[test]
    fn one_pass_measures_as_the_passes() {
        let mut texts = crate::fixture_articles();
        texts.push("A, which b, c; who, ', ' '' and or: whose (where) but, which".to_string());
        for t in &texts {
            for s in crate::pipeline::segment(t) {
                let k = tokenize(t, s.span());
                let classes: Vec<u32> = k.iter().map(|t| class(&t.lower)).collect();
                let mut relative = Vec::new();
                relative_clauses(&k, &classes, &mut relative);
                let mut counts = vec![(0, 0, 0)];
                let (mut b, mut w, mut c) = (0u32, 0u32, 0u32);
                for (i, &x) in classes.iter().enumerate() {
                    b += u32::from(
                        x & (MARK | CLAUSE_WORD) != 0
                            || (x & APOSTROPHE != 0
                                && classes.get(i + 1).is_some_and(|n| n & APOSTROPHE != 0)),
                    );
                    w += u32::from(x & CLAUSE_WORD != 0);
                    c += u32::from(x & COORDINATION != 0);
                    counts.push((b, w, c));
                }
                let mut scratch = Scratch::default();
                scratch.measure(&k, &[], &[], &[], &[]);
                assert_eq!(scratch.relative, relative, "{s:?}");
                let got: Vec<(u32, u32, u32)> = scratch
                    .counts
                    .iter()
                    .map(|n| (n.breaks, n.clause_words, n.coordinations))
                    .collect();
                assert_eq!(got, counts, "{s:?}");
            }
        }
    }

    /// The links read off the places of mentions and timexes are those
    /// measured from scratch, for every mention and timex of each sentence
    /// of the fixtures and of odd texts (mentions at every word, so
    /// relative clauses, marks and overlaps all come up).
    #[test]
    fn links_as_measured_from_scratch() {
        let mut texts = crate::fixture_articles();
        texts.push(
            "The stock, which hit a record on Monday, has slid since 2019; on Friday (or \
             Thursday) and today, talks that began last week \u{201c}ended\u{201d} \
             today, but 'today' '' was Monday."
                .to_string(),
        );
        let p = crate::Published::given(chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap());
        let mut pairs = 0;
        for t in &texts {
            let doc = crate::extract(t, &crate::Options::with_published(p.clone())).unwrap();
            let all = toks(t);
            // a mention at every word token, and the events found
            let mut mentions: Vec<Mention> =
                crate::event::find_events(t, &doc.sentences, &doc.timexes);
            for k in all.iter().filter(|k| k.word) {
                let sentence = doc.sentences.partition_point(|s| s.end <= k.span.start);
                mentions.push(Mention {
                    span: k.span,
                    sentence,
                    ..mentions[0].clone()
                });
            }
            for (si, sentence) in doc.sentences.iter().enumerate() {
                let span = sentence.span();
                let mut members: Vec<usize> = (0..mentions.len())
                    .filter(|&i| mentions[i].sentence == si)
                    .collect();
                members.sort_by_key(|&i| mentions[i].span.start);
                let in_sentence: Vec<usize> = (0..doc.timexes.len())
                    .filter(|&x| span.contains(&doc.timexes[x].bytes))
                    .collect();
                let tokens = tokenize(t, span);
                let mut scratch = Scratch::default();
                scratch.measure(&tokens, &mentions, &members, &in_sentence, &doc.timexes);
                let cx = Context {
                    tokens: Cow::Borrowed(&tokens),
                    s: &scratch,
                    mentions: &mentions,
                    members: &members,
                };
                for (pos, &i) in members.iter().enumerate() {
                    assert_eq!(cx.first_token(pos), cx.token_at(mentions[i].span.start));
                    for (q, &x) in in_sentence.iter().enumerate() {
                        let tx = &doc.timexes[x];
                        let got = cx.link(pos, i, q, x, tx).map(|l| format!("{l:?}"));
                        let want = cx.link_reference(i, x, tx).map(|l| format!("{l:?}"));
                        assert_eq!(got, want, "{:?} {:?}", mentions[i].span, tx.bytes);
                        pairs += 1;
                    }
                }
            }
        }
        assert!(pairs > 5_000, "{pairs}");
    }

    #[test]
    fn lowercase_stem_as_lowercasing_first() {
        let mut words: Vec<String> = crate::fixture_articles()
            .iter()
            .flat_map(|t| {
                toks(t)
                    .into_iter()
                    .map(|k| t[k.span.start..k.span.end].to_string())
            })
            .collect();
        words.extend(
            [
                "",
                "Talks",
                "STOPPED",
                "Über",
                "CAFÉS",
                "x".repeat(31).as_str(),
                "Y".repeat(32).as_str(),
                "Zies".repeat(9).as_str(),
            ]
            .map(str::to_string),
        );
        for w in &words {
            assert_eq!(lowercase_stem(w), stem(&w.to_lowercase()), "{w}");
        }
        assert!(words.len() > 3_000, "{}", words.len());
    }

    #[test]
    fn last_word_as_splitting_the_chars() {
        let reference = |s: &str| {
            s.rsplit(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .map(str::to_string)
        };
        let mut texts = crate::fixture_articles();
        texts.push("the café, été the\u{a0}x 東京 the… é- a1 \u{2019}the ".to_string());
        let mut words = 0;
        for t in &texts {
            for e in (0..=t.len()).filter(|&p| t.is_char_boundary(p)) {
                for a in [0, e.saturating_sub(7)] {
                    let Some(before) = t.get(a..e) else { continue };
                    let got = last_word(before).map(str::to_string);
                    assert_eq!(got, reference(before), "{before:?}");
                    words += usize::from(got.is_some());
                }
            }
        }
        assert!(words > 1000, "{words}");
    }

    #[test]
    fn class_agrees_with_the_word_lists() {
        for w in CLAUSE_MARKS {
            assert_eq!(class(w), MARK, "{w}");
        }
        for w in CLAUSE_WORDS {
            assert_eq!(class(w), CLAUSE_WORD, "{w}");
        }
        assert_eq!(class("and") | class("or"), COORDINATION);
        assert_eq!(class("'"), APOSTROPHE);
        for w in ["the", "'s", "an", "o", "", "thats"] {
            assert_eq!(class(w), 0, "{w}");
        }
        // the first-byte filter drops no listed token: every token of the
        // fixtures gets the class of the lists
        let listed = |w: &str| {
            if CLAUSE_MARKS.contains(&w) {
                MARK
            } else if CLAUSE_WORDS.contains(&w) {
                CLAUSE_WORD
            } else if w == "and" || w == "or" {
                COORDINATION
            } else if w == "'" {
                APOSTROPHE
            } else {
                0
            }
        };
        for t in crate::fixture_articles() {
            for k in toks(&t) {
                assert_eq!(class(&k.lower), listed(&k.lower), "{:?}", k.lower);
            }
        }
    }

    /// The bits read by form index are those of the word lists, for every
    /// token of the fixtures and of odd text, and every listed word.
    #[test]
    fn word_bits_by_form_as_the_lists() {
        let mut texts = crate::fixture_articles();
        texts.push(
            "During the talks, which began in May, the THE ‘the’ “that” — which, and \
             Or '' `` was WILL'LL café Über 1990s, prior ago; ended ending.ends"
                .to_string(),
        );
        let mut tokens = 0;
        for t in &texts {
            for k in toks(t) {
                assert_eq!(WORDS.bits(&k), word_bits(&k.lower), "{:?}", k.lower);
                tokens += 1;
            }
        }
        for (list, bit) in LISTS {
            for w in *list {
                let k = toks(w);
                if let [k] = &k[..] {
                    assert_ne!(WORDS.bits(k) & bit, 0, "{w}");
                }
                assert_ne!(word_bits(w) & bit, 0, "{w}");
            }
        }
        assert!(tokens > 3_000, "{tokens}");
        // and every form of the model
        for (f, id) in MODEL.form_ids() {
            assert_eq!(WORDS.by_form.get(id as usize), Some(&word_bits(f)), "{f}");
        }
    }

    #[test]
    fn clause_breaks() {
        let breaks = |t: &str| breaks(&toks(t).iter().map(|k| WORDS.bits(k)).collect::<Vec<_>>());
        assert!(breaks(", officials"));
        assert!(breaks("that prices"));
        assert!(breaks("it '' he"));
        assert!(!breaks("the company's plan on"));
    }

    /// A sentence's tokens read off the document's are those of the
    /// sentence tokenised alone (but for `newline_before`), on the fixture
    /// articles' sentences and on spans that cut tokens; a span that cuts
    /// a token gives `None`.
    #[test]
    fn sentence_tokens_as_tokenising_the_sentence() {
        let strip = |v: &[Token]| -> Vec<(Span, bool, String)> {
            v.iter()
                .map(|t| (t.span, t.word, t.lower.to_string()))
                .collect()
        };
        let mut texts = crate::fixture_articles();
        texts.push("A cease-fire, U.S.-led;\n東京-駅 ÉTÉ-x don't".to_string());
        let mut read_off = 0;
        for t in &texts {
            let doc = toks(t);
            let mut spans: Vec<Span> = crate::pipeline::segment(t)
                .iter()
                .map(|s| s.span())
                .collect();
            // every span of up to 12 bytes from the first 200 bytes
            for a in 0..t.len().min(200) {
                for b in a..=(a + 12).min(t.len()) {
                    spans.push(Span::new(a, b));
                }
            }
            for span in spans {
                match sentence_tokens(t, &doc, span) {
                    Some(got) => {
                        assert_eq!(strip(got), strip(&tokenize(t, span)), "{span:?}");
                        read_off += 1;
                    }
                    None => {
                        let cut = t.get(span.start..span.end).is_none()
                            || doc.iter().any(|k| {
                                (k.span.start < span.start && span.start < k.span.end)
                                    || (k.span.start < span.end && span.end < k.span.end)
                            });
                        assert!(cut, "{span:?}");
                    }
                }
            }
        }
        assert!(read_off > 1000, "{read_off}");
        let t = "the cease-fire held";
        assert!(sentence_tokens(t, &toks(t), Span::new(0, 9)).is_none());
        assert_eq!(
            sentence_tokens(t, &toks(t), Span::new(0, 3)).map(<[_]>::len),
            Some(1)
        );
    }

    /// `hedged` and `in_quotation` as first written: the references.
    fn hedged_reference(before: &str) -> bool {
        before
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .rev()
            .take(3)
            .any(|w| {
                let w = w.to_lowercase();
                w == "not" || w == "never" || w.ends_with("n't") || MODALS.contains(&w.as_str())
            })
    }

    fn in_quotation_reference(before: &str) -> bool {
        let opening = before.matches("``").count() + before.matches('\u{201c}').count();
        let closing = before.matches("''").count() + before.matches('\u{201d}').count();
        opening > closing || before.matches('"').count() % 2 == 1
    }

    #[test]
    fn hedges_and_quotations_as_the_references() {
        let mut texts = vec![
            "He could NOT be reached, he DIDN'T say, ``we might'' ```x'''' \u{201c}a\u{201d} \u{201c}b \"c"
                .to_string(),
            "It Won't; É NOT x, Never, MUST, LL it'll a-not ''' `` \u{201d}\u{201c}".to_string(),
        ];
        texts.extend(crate::fixture_articles());
        let (mut hedges, mut quotes) = (0, 0);
        for t in &texts {
            let ends: Vec<usize> = (0..=t.len()).filter(|&p| t.is_char_boundary(p)).collect();
            for &e in &ends {
                let from = ends
                    .iter()
                    .rev()
                    .find(|&&s| s + 120 <= e)
                    .copied()
                    .unwrap_or(0);
                for b in [0, from] {
                    let before = &t[b..e];
                    assert_eq!(hedged(before), hedged_reference(before), "{before:?}");
                    assert_eq!(
                        in_quotation(before),
                        in_quotation_reference(before),
                        "{before:?}"
                    );
                    hedges += usize::from(hedged(before));
                    quotes += usize::from(in_quotation(before));
                }
            }
        }
        assert!(hedges > 100 && quotes > 100, "{hedges} {quotes}");
    }

    /// [`Quotes`] counted on from event to event gives [`in_quotation`] of
    /// each sentence up to each event, for every char boundary of the
    /// fixtures' sentences in order, and after jumps back and across.
    #[test]
    fn quotes_counted_on_as_in_quotation() {
        let mut texts = crate::fixture_articles();
        texts.push("He said ``no'' and `` then '' '`x`' \u{201c}a\u{201d} \"b\" ``".to_string());
        let mut checked = 0;
        for t in &texts {
            let mut q = Quotes::default();
            let sentences = crate::pipeline::segment(t);
            for s in &sentences {
                for e in (s.start..=s.end).filter(|&p| t.is_char_boundary(p)) {
                    assert_eq!(
                        q.inside(t, s.start, e),
                        in_quotation(&t[s.start..e]),
                        "{s:?} {e}"
                    );
                    checked += 1;
                }
            }
            // backwards, and in odd order
            for s in sentences.iter().rev() {
                for e in [s.end, s.start, (s.start + s.end) / 2, s.end + 1] {
                    let want = t.get(s.start..e).map_or(in_quotation(""), in_quotation);
                    assert_eq!(q.inside(t, s.start, e), want, "{s:?} {e}");
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// [`last_break`] tells what the search from each earlier mention's
    /// end told: whether a break starts at or after it and ends by `to`.
    #[test]
    fn last_break_as_searching_from_each_end() {
        let mut texts = crate::fixture_articles();
        texts.push("a\n\nb\r\n\r\nc\n\n\nd\r\n\r\n\r\ne\n".to_string());
        let mut breaks = 0;
        for t in &texts {
            let (lf, crlf) = paragraph_breaks(t);
            let ends: Vec<usize> = (0..=t.len() + 2).step_by(7).chain(0..40).collect();
            for &to in &ends {
                for &from in ends.iter().filter(|&&f| f <= to) {
                    for (starts, len) in [(&lf, 2), (&crlf, 4)] {
                        let k = starts.partition_point(|&p| p < from);
                        let reference = starts.get(k).is_some_and(|&p| p + len <= to);
                        let got = last_break(starts, len, to).is_some_and(|p| from <= p);
                        assert_eq!(got, reference, "{from} {to}");
                        breaks += usize::from(got);
                    }
                }
            }
        }
        assert!(breaks > 1000, "{breaks}");
    }

    #[test]
    fn line_feeds_are_every_newline_byte() {
        let mut texts = crate::fixture_articles();
        texts.extend(["".into(), "\n".into(), "a\r\n\r\nb\n\n\nc é\n".into()]);
        for t in &texts {
            let b = t.as_bytes();
            let want: Vec<usize> = (0..b.len()).filter(|&p| b[p] == b'\n').collect();
            assert_eq!(line_feeds(b).collect::<Vec<_>>(), want);
        }
        assert_eq!(paragraph_breaks("a\r\n\r\nb\n\n\nc"), (vec![6, 7], vec![1]));
    }

    #[test]
    fn durations_before_a_noun_are_not_own_time() {
        let t = "a three-hour meeting lasted five hours, 41 seconds before liftoff, in a daily \
                 briefing, to gather daily outside, rallies each week";
        let mentions: Vec<Mention> = Vec::new();
        let tokens = toks(t);
        let mut scratch = Scratch::default();
        scratch.measure(&tokens, &mentions, &[], &[], &[]);
        let cx = Context {
            tokens: Cow::Borrowed(&tokens),
            s: &scratch,
            mentions: &mentions,
            members: &[],
        };
        let at = |w: &str| {
            let s = t.find(w).unwrap();
            Span::new(s, s + w.len())
        };
        assert!(!cx.own_time(at("three-hour")));
        assert!(cx.own_time(at("five hours")));
        // an offset is the time of the event before it ("waited 41 seconds
        // before liftoff")
        assert!(cx.own_time(at("41 seconds")));
        // "daily" where it is followed by a noun, and where by a preposition
        let daily = |then: &str| {
            let s = t.find(&format!("daily {then}")).unwrap();
            Span::new(s, s + "daily".len())
        };
        assert!(!cx.own_time(daily("briefing")));
        assert!(cx.own_time(daily("outside")));
        assert!(cx.own_time(at("each week")));
    }
}
