//! Text plumbing: byte spans, byte <-> code point offsets, sentence
//! segmentation and a light clause-tense reader.
//!
//! Everything downstream works on byte offsets into the original text; only
//! the public results (see `lib.rs`) are converted to Unicode code points,
//! which is what users and the TempEval scorer count in.

use crate::event::tokens::{tokenize, Token};
use serde::Serialize;

/// A half-open byte range `[start, end)` into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A new span; `start <= end` is the caller's duty.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// Whether two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// Converts byte offsets into code point offsets for one text.
///
/// # Example
/// ```
/// use chronicler::text::CharMap;
/// let m = CharMap::new("é a");
/// assert_eq!(m.char_offset(3), 2);
/// ```
#[derive(Debug, Clone)]
pub struct CharMap {
    /// For every byte offset that starts a char (and the end), its char index;
    /// stored sparsely as (byte, char) pairs at each multi-byte char.
    checkpoints: Vec<(usize, usize)>,
    len: usize,
}

impl CharMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> CharMap {
        let mut checkpoints = Vec::new();
        let mut extra = 0usize; // bytes beyond one per char so far
        let bytes = text.as_bytes();
        let mut b = 0;
        while let Some(&lead) = bytes.get(b) {
            // ASCII runs 32 bytes at a time, then eight
            if let Some(block) = bytes.get(b..b + 32) {
                let high = block
                    .chunks_exact(8)
                    .filter_map(|c| <[u8; 8]>::try_from(c).ok())
                    .fold(0, |acc, c| acc | u64::from_le_bytes(c));
                if high & 0x8080_8080_8080_8080 == 0 {
                    b += 32;
                    continue;
                }
            }
            if let Some(chunk) = bytes
                .get(b..b + 8)
                .and_then(|c| <[u8; 8]>::try_from(c).ok())
            {
                if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 == 0 {
                    b += 8;
                    continue;
                }
            }
            // `b` starts a character: its length is read from its first byte
            let l = match lead {
                0..=0x7F => 1,
                0x80..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if l > 1 {
                extra += l - 1;
                checkpoints.push((b + l, b + l - extra));
            }
            b += l;
        }
        CharMap {
            checkpoints,
            len: text.len(),
        }
    }

    /// The code point offset of byte offset `byte` (which must be a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        // last checkpoint at or before `byte`
        let i = self.checkpoints.partition_point(|&(b, _)| b <= byte);
        if i == 0 {
            byte
        } else {
            let (b, c) = self.checkpoints[i - 1];
            c + (byte - b)
        }
    }
}

/// A sentence: its byte span in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// First byte.
    pub start: usize,
    /// One past the last byte (trailing white space excluded).
    pub end: usize,
}

impl Sentence {
    /// The span of the sentence.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "rev", "st", "jr", "sr", "co", "corp", "inc", "ltd", "no", "vs", "etc", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.n", "u.k", "a.m", "p.m",
    "e.g", "i.e", "ft", "mt", "ave", "blvd", "dept", "est", "approx", "fig", "vol", "pp", "ga",
    "fla", "calif", "ariz", "mass", "conn", "wash", "ore", "tex", "pa", "va", "md", "mich", "ill",
    "minn", "sec", "gov't", "messrs", "pres", "supt", "msgr",
];

/// The length in bytes of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// Splits `text` into sentences: at `.`, `!`, `?` (plus closing quotes and
/// brackets) followed by white space and an upper-case letter, digit or
/// quote, and at blank lines or line breaks that end a line with no final
/// punctuation followed by a capital (headlines, list items). Known
/// abbreviations ("Gen.", "Jan.", "U.S.") and single initials do not end a
/// sentence.
///
/// # Example
/// ```
/// use chronicler::text::sentences;
/// let s = sentences("Gen. Smith came on Jan. 5. He left.");
/// assert_eq!(s.len(), 2);
/// ```
pub fn sentences(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = skip_ws(text, 0);
    let mut i = start;
    let mut stops = Stops::default();
    let mut lines = LineStarts::default();
    while i < bytes.len() {
        let b = bytes[i];
        let mut cut: Option<usize> = None; // end of sentence (exclusive)
        if b == b'\n' {
            // line break: a blank line always ends; a single break ends when the line
            // so far is a headline-like line or the next line starts a new item.
            let next = skip_ws(text, i);
            let blank = bytes.get(i + 1..next).is_some_and(|w| w.contains(&b'\n'));
            let line_start = lines.of(bytes, i);
            let line = text[line_start..i].trim_end();
            let ends_clause = line.ends_with(['.', '!', '?', ':', '"', '”', ')']);
            let next_upper = match bytes.get(next) {
                Some(&c) if c.is_ascii() => {
                    c.is_ascii_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, b'-' | b'*' | b'"' | b'(')
                }
                _ => text
                    .get(next..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| c.is_uppercase() || matches!(c, '•' | '“')),
            };
            if blank || next_upper || ends_clause {
                cut = Some(i);
            }
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
                j += 1;
            }
            // closing curly quotes
            while matches!(bytes.get(j..j + 3), Some(q) if q == "”".as_bytes() || q == "’".as_bytes())
            {
                j += '”'.len_utf8();
            }
            if j >= bytes.len() {
                cut = Some(j);
            } else if bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r' {
                let next = skip_ws(text, j);
                let opens = match bytes.get(next) {
                    Some(&c) if c.is_ascii() => {
                        c.is_ascii_uppercase()
                            || c.is_ascii_digit()
                            || matches!(c, b'"' | b'\'' | b'(')
                    }
                    _ => text
                        .get(next..)
                        .and_then(|r| r.chars().next())
                        .is_none_or(|c| c.is_uppercase() || matches!(c, '“' | '‘')),
                };
                if opens && (b != b'.' || !is_abbreviation(text, i)) {
                    cut = Some(j);
                }
            }
        }
        if let Some(end) = cut {
            let e = trim_end(text, start, end);
            if e > start {
                out.push(Sentence { start, end: e });
            }
            start = skip_ws(text, end);
            i = start;
            continue;
        }
        // on to the next byte that can end a sentence (all ASCII, so at a
        // character boundary)
        i = stops.next(bytes, i + 1);
    }
    let e = trim_end(text, start, text.len());
    if e > start {
        out.push(Sentence { start, end: e });
    }
    out
}

/// The next bytes [`sentences`] looks at, a line break and the sentence
/// punctuation, each remembered until passed.
#[derive(Default)]
struct Stops {
    /// The first line break at or after where it was last looked for.
    line: Option<usize>,
    /// The first `.`, `!` or `?` likewise.
    punct: Option<usize>,
}

impl Stops {
    /// The first of those bytes at or after `from` (the text's length when
    /// none).
    fn next(&mut self, bytes: &[u8], from: usize) -> usize {
        let rest = bytes.get(from..).unwrap_or_default();
        let line = match self.line {
            Some(p) if p >= from => p,
            _ => memchr::memchr(b'\n', rest).map_or(bytes.len(), |p| from + p),
        };
        let punct = match self.punct {
            Some(p) if p >= from => p,
            _ => memchr::memchr3(b'.', b'!', b'?', rest).map_or(bytes.len(), |p| from + p),
        };
        self.line = Some(line);
        self.punct = Some(punct);
        line.min(punct)
    }
}

/// Where the line holding a byte starts, for [`sentences`], which asks
/// about bytes further and further on: the text is searched backwards only
/// as far as where the last question left off.
#[derive(Default)]
struct LineStarts {
    /// How far the text has been searched.
    upto: usize,
    /// The last line break before `upto`.
    last: Option<usize>,
}

impl LineStarts {
    /// The start of the line holding byte `i`: the byte after the last line
    /// break before it, or 0.
    fn of(&mut self, bytes: &[u8], i: usize) -> usize {
        match bytes.get(self.upto..i) {
            Some(fresh) => {
                if let Some(p) = memchr::memrchr(b'\n', fresh) {
                    self.last = Some(self.upto + p);
                }
                self.upto = i;
            }
            // asked about an earlier byte: search all of the text before it
            None => {
                return bytes
                    .get(..i)
                    .and_then(|b| memchr::memrchr(b'\n', b))
                    .map_or(0, |p| p + 1)
            }
        }
        self.last.map_or(0, |p| p + 1)
    }
}

/// The first byte at or after `i` that does not start a white-space char.
fn skip_ws(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    // ASCII white space (as `char::is_whitespace` tells it) without decoding
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t'..=b'\r' => i += 1,
            0x80.. => break,
            _ => return i,
        }
    }
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// [`ABBREVIATIONS`] packed little-endian into a `u64` each ([`pack_word`]),
/// sorted: an ASCII word is looked up with one binary search instead of
/// being compared with each.
static PACKED_ABBREVIATIONS: [u64; ABBREVIATIONS.len()] = {
    let mut t = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < t.len() {
        t[i] = pack_word(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    // insertion sort (at compile time)
    let mut i = 1;
    while i < t.len() {
        let mut j = i;
        while j > 0 && t[j - 1] > t[j] {
            let x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
            j -= 1;
        }
        i += 1;
    }
    t
};

// every abbreviation packs into a `u64`
const _: () = assert!(LONGEST_ABBREVIATION <= 7);

/// The ASCII bytes of `w` (at most seven) lowercased and packed
/// little-endian into a `u64`, with the length in the top byte (so that a
/// NUL byte at the end still tells words apart); only the first seven
/// bytes are read. (The verb-group reader's word keys too.)
pub(crate) const fn pack_word(w: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < w.len() && i < 7 {
        v |= (w[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    v | ((w.len() as u64 & 0xff) << 56)
}

/// Whether the word before the full stop at `dot` is an abbreviation
/// ([`ABBREVIATIONS`]), a single initial or a dotted acronym. An ASCII
/// word is read back byte by byte and looked up packed; a word with a
/// non-ASCII char goes the general way ([`is_abbreviation_by_chars`]),
/// which gives the same answer for any word.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(before) = bytes.get(..dot) else {
        return is_abbreviation_by_chars(text, dot);
    };
    let mut start = dot;
    let mut letters = 0;
    let mut dotted = false;
    let mut letters_and_dots = true;
    while let Some(&b) = start.checked_sub(1).and_then(|p| before.get(p)) {
        match b {
            0x80.. => return is_abbreviation_by_chars(text, dot),
            // white space (as `char::is_whitespace` tells it for ASCII), '(', '"'
            b' ' | b'\t'..=b'\r' | b'(' | b'"' => break,
            b'.' => dotted = true,
            _ if b.is_ascii_alphabetic() => letters += 1,
            _ => letters_and_dots = false,
        }
        start -= 1;
    }
    let word = before.get(start..).unwrap_or_default();
    let Some(&first) = word.first() else {
        return false;
    };
    // single initial ("J.") or dotted acronym ("U.S")
    if letters == 1 && first.is_ascii_uppercase() {
        return true;
    }
    if dotted && letters_and_dots && letters <= 4 {
        return true;
    }
    // most words before a full stop are longer than any abbreviation
    word.len() <= LONGEST_ABBREVIATION
        && PACKED_ABBREVIATIONS.binary_search(&pack_word(word)).is_ok()
}

/// [`is_abbreviation`] reading chars: the way for words that are not ASCII.
fn is_abbreviation_by_chars(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map(|p| {
            p + before[p..]
                .chars()
                .next()
                .map(|c| c.len_utf8())
                .unwrap_or(1)
        })
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // single initial ("J.") or dotted acronym ("U.S")
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1
        && word
            .chars()
            .next()
            .map(|c| c.is_uppercase())
            .unwrap_or(false)
    {
        return true;
    }
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') && letters <= 4 {
        // "U.S" before the final dot: an acronym; it ends a sentence only before
        // a clearly new sentence, which we cannot tell: keep it together.
        return true;
    }
    // The abbreviations are lowercase ASCII: an ASCII word is compared
    // ignoring ASCII case, without a lowercase copy.
    if word.is_ascii() {
        // most words before a full stop are longer than any abbreviation
        return word.len() <= LONGEST_ABBREVIATION
            && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// The grammatical tense of a clause, as far as a light reading can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Tense {
    /// "launched", "was held", "had met".
    Past,
    /// "is", "meets", "has said".
    Present,
    /// "will meet", "is to meet", "is expected to", "plans to".
    Future,
    /// Nothing to go by.
    #[default]
    None,
}

/// Reads the tense of the clause around byte `pos` within `sentence`: the
/// verb group nearest to `pos` (ties go to the one before it), read by its
/// finite auxiliary. "will/shall/'ll", "would", "is/are to", "is/are going
/// to" and "expected/scheduled/due/set/plans to" read as future; "was/were/
/// had/did", "has/have" + participle (a completed event) and past forms
/// (`-ed`, irregular) as past; "is/are/does/can/may/must" as present.
///
/// # Example
/// ```
/// use chronicler::text::{clause_tense, Span, Tense};
/// let t = "The meeting will be held on Wednesday.";
/// let s = Span::new(0, t.len());
/// assert_eq!(clause_tense(t, s, t.find("Wednesday").unwrap()), Tense::Future);
/// ```
pub fn clause_tense(text: &str, sentence: Span, pos: usize) -> Tense {
    clause_tense_around(text, sentence, Span::new(pos, pos))
}

/// Like [`clause_tense`], measured from the expression at `span`, whose own
/// words are not read as verbs ("May 9" is not the modal "may").
pub fn clause_tense_around(text: &str, sentence: Span, span: Span) -> Tense {
    // Read only the window that matters, so a one-off call stays cheap.
    let start = sentence.start.min(text.len());
    let end = sentence.end.clamp(start, text.len());
    let pos = span.start.clamp(start, end);
    let from = floor_boundary(text, pos.saturating_sub(WINDOW).max(start));
    let to = ceil_boundary(text, span.end.saturating_add(WINDOW).min(end)).max(from);
    Clauses::over(text, Span::new(from, to)).tense_around(sentence, span)
}

/// The words and clause breaks of a text, read once so that many tense
/// questions about the same document ([`Clauses::tense_around`]) cost a
/// binary search and a few dozen word comparisons each, not a re-reading.
///
/// # Example
/// ```
/// use chronicler::text::{Clauses, Span, Tense};
/// let t = "The talks ended on Monday. A vote will follow next week.";
/// let c = Clauses::new(t);
/// let second = Span::new(27, t.len());
/// assert_eq!(c.tense_at(Span::new(0, 26), t.find("Monday").unwrap()), Tense::Past);
/// assert_eq!(c.tense_at(second, t.find("next").unwrap()), Tense::Future);
/// ```
#[derive(Debug, Clone)]
pub struct Clauses<'a> {
    /// The words, read from their lowercase forms: contractions split
    /// ("didn't" -> "did"; "he'll" -> "he", "will"); a capitalised `-ed`
    /// word longer than four letters is a name ("United") and reads as "".
    words: Words<'a>,
    /// Byte offsets of clause punctuation.
    breaks: Vec<usize>,
    /// The event tokens of the whole text the words were read from (none
    /// when only a window was read), for event finding to reuse.
    tokens: Option<Vec<Token>>,
}

/// A word of [`Clauses`]: where it starts and what the tense reader needs
/// to know of it, worked out once from its lowercase form (which is not
/// kept: the reader compares words by [`Key`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Word<'a> {
    at: usize,
    /// Its [`word_byte`]: which of the words [`word_tense`] asks about it
    /// is, if any ([`Key`]), whether it is a past form ([`is_past_form`]),
    /// one of the [`INTENTION`] verbs, one of the [`AUX_CHAIN`] words, and
    /// whether [`word_tense`] can give it a tense at all (it has a [`Key`],
    /// is an [`INTENTION`] verb or a past form).
    b: u8,
    /// The text the word was read from.
    _text: std::marker::PhantomData<&'a str>,
}

/// The words of [`Clauses`] as two lists: where each starts, and its
/// [`word_byte`] in a list of bytes of its own, so that
/// [`Clauses::tense_around`] finds the words that can give a tense
/// ([`WORD_ACTIVE`], the high bit) eight at a time.
#[derive(Debug, Clone, Default, PartialEq)]
struct Words<'a> {
    at: Vec<usize>,
    bytes: Vec<u8>,
    /// The text the words were read from.
    _text: std::marker::PhantomData<&'a str>,
}

impl<'a> Words<'a> {
    fn with_capacity(n: usize) -> Words<'a> {
        Words {
            at: Vec::with_capacity(n),
            bytes: Vec::with_capacity(n),
            _text: std::marker::PhantomData,
        }
    }

    #[inline]
    fn push(&mut self, w: Word<'a>) {
        self.at.push(w.at);
        self.bytes.push(w.b);
    }

    fn reserve(&mut self, n: usize) {
        self.at.reserve(n);
        self.bytes.reserve(n);
    }
}

/// Which of the words [`word_tense`] asks about the word of [`word_byte`]
/// `b` is.
#[inline]
fn key_of(b: u8) -> Key {
    KEY_OF[usize::from(b & 15)]
}

/// The words the tense reader tells apart (by their lowercase form);
/// every other word is [`Key::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Key {
    Other,
    /// "will", "shall", "would".
    Will,
    /// "is", "are", "am".
    Be,
    To,
    Going,
    Had,
    /// "scheduled", "rescheduled", "slated", "payable".
    Scheduled,
    /// "ends", "begins", "starts", "opens", "closes", "expires",
    /// "resumes", "reopens", "matures", "convenes", "meets", "kicks".
    Timetable,
    /// "was", "were", "did", "ago".
    Past,
    /// "has", "have".
    Perfect,
    /// "does", "do", "can", "may", "must".
    Present,
    /// "the", "a", "an", "its", "their", "his", "her", "this", "that".
    Determiner,
}

/// Each [`Key`] at the index of its discriminant (see [`word_byte`]).
const KEY_OF: [Key; 16] = {
    let mut t = [Key::Other; 16];
    let all = [
        Key::Other,
        Key::Will,
        Key::Be,
        Key::To,
        Key::Going,
        Key::Had,
        Key::Scheduled,
        Key::Timetable,
        Key::Past,
        Key::Perfect,
        Key::Present,
        Key::Determiner,
    ];
    let mut i = 0;
    while i < all.len() {
        t[all[i] as usize] = all[i];
        i += 1;
    }
    t
};

/// [`word_byte`]: the word is a past form (the low four bits are its
/// [`Key`]).
const WORD_PAST: u8 = 16;
/// [`word_byte`]: one of the [`INTENTION`] verbs.
const WORD_INTENTION: u8 = 32;
/// [`word_byte`]: one of the [`AUX_CHAIN`] words.
const WORD_AUX: u8 = 64;
/// [`word_byte`]: [`word_tense`] can give the word a tense (it has a
/// [`Key`] other than "to", "going" and the determiners, is an
/// [`INTENTION`] verb or a past form).
const WORD_ACTIVE: u8 = 128;

/// The words with a [`Key`] other than [`Key::Other`].
const KEYS: &[(Key, &[&str])] = &[
    (Key::Will, &["will", "shall", "would"]),
    (Key::Be, &["is", "are", "am"]),
    (Key::To, &["to"]),
    (Key::Going, &["going"]),
    (Key::Had, &["had"]),
    (
        Key::Scheduled,
        &["scheduled", "rescheduled", "slated", "payable"],
    ),
    (
        Key::Timetable,
        &[
            "ends", "begins", "starts", "opens", "closes", "expires", "resumes", "reopens",
            "matures", "convenes", "meets", "kicks",
        ],
    ),
    (Key::Past, &["was", "were", "did", "ago"]),
    (Key::Perfect, &["has", "have"]),
    (Key::Present, &["does", "do", "can", "may", "must"]),
    (
        Key::Determiner,
        &[
            "the", "a", "an", "its", "their", "his", "her", "this", "that",
        ],
    ),
];

const IS_INTENTION: u8 = 1;
const IS_AUX: u8 = 2;
const IS_IRREGULAR_PAST: u8 = 4;
const IS_NOT_PAST_ED: u8 = 8;

/// Longest word of the tables in [`WORD_KINDS`] or [`Key`]: a longer word
/// is in none of them.
const LONGEST_LISTED: usize = 16;

/// The word tables the tense reader consults, as one lookup per word: the
/// table bits and the word's [`Key`].
static WORD_KINDS: std::sync::LazyLock<KindTable> = std::sync::LazyLock::new(KindTable::new);

impl<'a> Word<'a> {
    /// The word at `at` whose lowercase form is `f`.
    fn new(at: usize, f: &str) -> Word<'a> {
        Word::of_bytes(at, f.as_bytes())
    }

    /// [`Word::new`] with the lowercase form as bytes.
    fn of_bytes(at: usize, f: &[u8]) -> Word<'a> {
        match pack(f) {
            Some(packed) if f.len() <= LONGEST_LISTED => Word::packed(at, packed, f.len()),
            // empty, or longer than any listed word
            _ => Word::with(at, 0, Key::Other, is_ed_word(f)),
        }
    }

    /// [`Word::new`] with the lowercase form (of `len` bytes, at most
    /// [`LONGEST_LISTED`]) packed little-endian into a `u128`.
    #[inline]
    fn packed(at: usize, packed: u128, len: usize) -> Word<'a> {
        Word::packed_in(&WORD_KINDS, at, packed, len)
    }

    /// [`Word::packed`] with [`WORD_KINDS`] already at hand (a loop over
    /// many words then checks its lazy initialisation once).
    #[inline]
    fn packed_in(table: &KindTable, at: usize, packed: u128, len: usize) -> Word<'a> {
        let (kinds, key) = table.get(packed, len);
        Word::with(at, kinds, key, ends_in_ed(packed, len))
    }

    /// The word from its table bits, key and whether it ends in "ed" after
    /// more than two letters.
    #[inline]
    fn with(at: usize, kinds: u8, key: Key, ed: bool) -> Word<'a> {
        Word::from_byte(at, byte_of(kinds, key, ed))
    }

    /// The word at `at` of which [`word_byte`] is `b`.
    #[inline]
    fn from_byte(at: usize, b: u8) -> Word<'a> {
        Word {
            at,
            b,
            _text: std::marker::PhantomData,
        }
    }

    /// Which of the words [`word_tense`] asks about this is.
    #[inline]
    fn key(&self) -> Key {
        KEY_OF[usize::from(self.b & 15)]
    }

    /// [`is_past_form`].
    #[inline]
    fn past(&self) -> bool {
        self.b & WORD_PAST != 0
    }

    /// One of the [`INTENTION`] verbs.
    #[inline]
    fn intention(&self) -> bool {
        self.b & WORD_INTENTION != 0
    }

    /// One of the [`AUX_CHAIN`] words.
    #[inline]
    fn aux(&self) -> bool {
        self.b & WORD_AUX != 0
    }
}

/// [`word_byte`] from the table bits, key and whether the word ends in
/// "ed" after more than two letters.
#[inline]
fn byte_of(kinds: u8, key: Key, ed: bool) -> u8 {
    // as `is_past_form`, from the flags
    let past = kinds & IS_IRREGULAR_PAST != 0 || (ed && kinds & IS_NOT_PAST_ED == 0);
    let intention = kinds & IS_INTENTION != 0;
    let mut b = key as u8;
    if past {
        b |= WORD_PAST;
    }
    if intention {
        b |= WORD_INTENTION;
    }
    if kinds & IS_AUX != 0 {
        b |= WORD_AUX;
    }
    // "to", "going" and the determiners get a tense from `word_tense` only
    // as intention verbs or past forms
    let keyed = !matches!(key, Key::Other | Key::To | Key::Going | Key::Determiner);
    if keyed || intention || past {
        b |= WORD_ACTIVE;
    }
    b
}

/// What the tense reader knows of a word, as one byte, from its lowercase
/// form packed little-endian into `packed` ([`pack`], `len` bytes): as
/// [`Clauses`] reads a word standing alone, not capitalised. The event
/// tokens carry it ([`Token::tense`]) so that the reader looks no word up
/// a second time.
#[inline]
pub(crate) fn word_byte(packed: u128, len: usize) -> u8 {
    if len > LONGEST_LISTED {
        return 0;
    }
    let (kinds, key) = WORD_KINDS.get(packed, len);
    byte_of(kinds, key, ends_in_ed(packed, len))
}

/// [`word_byte`] for a lowercase form of any length (as [`Word::of_bytes`]
/// reads it).
pub(crate) fn word_byte_of(f: &[u8]) -> u8 {
    match pack(f) {
        Some(packed) if f.len() <= LONGEST_LISTED => word_byte(packed, f.len()),
        _ => byte_of(0, Key::Other, is_ed_word(f)),
    }
}

/// [`word_byte`] of a capitalised `-ed` word longer than four letters: a
/// name ("United"), no word the reader knows.
pub(crate) const NAME_BYTE: u8 = 0;

/// Every word of the tense reader's tables (some more than once).
pub(crate) fn listed_words() -> impl Iterator<Item = &'static str> {
    KEYS.iter()
        .flat_map(|(_, words)| words.iter())
        .chain(INTENTION)
        .chain(AUX_CHAIN)
        .chain(IRREGULAR_PAST)
        .chain(NOT_PAST_ED)
        .copied()
}

/// The tables of [`WORD_KINDS`] as one open-addressing table keyed by the
/// word's bytes packed little-endian into a `u128` and its length (every
/// listed word has at most [`LONGEST_LISTED`] bytes). A slot of length 0
/// is empty.
struct KindTable {
    slots: Vec<Slot>,
}

/// A [`KindTable`] slot: packed word, length, table bits, key.
type Slot = (u128, usize, u8, Key);

impl KindTable {
    /// log2 of the number of slots: 1024 for about 330 words.
    const BITS: u32 = 10;
    const MASK: usize = (1 << Self::BITS) - 1;

    fn new() -> KindTable {
        let mut slots: Vec<Slot> = vec![(0, 0, 0, Key::Other); 1 << Self::BITS];
        let mut add = |w: &str, bit: u8, key: Option<Key>| {
            let w = w.as_bytes();
            // (a test checks that every listed word packs)
            let Some(packed) = pack(w).filter(|_| w.len() <= LONGEST_LISTED) else {
                return;
            };
            let mut i = Self::slot(packed);
            while slots[i].1 != 0 && (slots[i].0, slots[i].1) != (packed, w.len()) {
                i = (i + 1) & Self::MASK;
            }
            let e = &mut slots[i];
            (e.0, e.1) = (packed, w.len());
            e.2 |= bit;
            if let Some(k) = key {
                e.3 = k;
            }
        };
        for (key, words) in KEYS {
            for w in *words {
                add(w, 0, Some(*key));
            }
        }
        for (table, bit) in [
            (INTENTION, IS_INTENTION),
            (AUX_CHAIN, IS_AUX),
            (IRREGULAR_PAST, IS_IRREGULAR_PAST),
            (NOT_PAST_ED, IS_NOT_PAST_ED),
        ] {
            for w in table {
                add(w, bit, None);
            }
        }
        KindTable { slots }
    }

    #[inline]
    fn slot(packed: u128) -> usize {
        let (lo, hi) = (packed as u64, (packed >> 64) as u64);
        let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - Self::BITS)) as usize
    }

    /// The table bits and [`Key`] of the lowercase word of `len` bytes
    /// packed into `packed`.
    #[inline]
    fn get(&self, packed: u128, len: usize) -> (u8, Key) {
        if len == 0 {
            return (0, Key::Other);
        }
        let mut i = Self::slot(packed);
        loop {
            let Some(&(k, n, bits, key)) = self.slots.get(i) else {
                return (0, Key::Other);
            };
            if k == packed && n == len {
                return (bits, key);
            }
            if n == 0 {
                return (0, Key::Other);
            }
            i = (i + 1) & Self::MASK;
        }
    }
}

/// The most bytes [`pack`] packs.
pub(crate) const PACKED: usize = 16;

/// `f` packed little-endian into a `u128`, zero-padded, if it is 1 to
/// [`PACKED`] bytes long. Reads overlapping words instead of copying byte
/// by byte.
#[inline]
pub(crate) fn pack(f: &[u8]) -> Option<u128> {
    let n = f.len();
    let word = |at: usize, len: usize| -> u64 {
        let mut v = 0u64;
        if let Some(b) = f.get(at..at + len) {
            match len {
                8 => {
                    if let Ok(a) = <[u8; 8]>::try_from(b) {
                        v = u64::from_le_bytes(a);
                    }
                }
                4 => {
                    if let Ok(a) = <[u8; 4]>::try_from(b) {
                        v = u64::from(u32::from_le_bytes(a));
                    }
                }
                _ => {
                    for (i, &c) in b.iter().enumerate() {
                        v |= u64::from(c) << (8 * i);
                    }
                }
            }
        }
        v
    };
    Some(match n {
        0 => return None,
        1..=3 => u128::from(word(0, n)),
        // two overlapping reads; the overlapping bytes agree
        4..=8 => u128::from(word(0, 4) | (word(n - 4, 4) << (8 * (n - 4)))),
        9..=PACKED => {
            let lo = word(0, 8);
            let hi = word(n - 8, 8) >> (8 * (16 - n));
            u128::from(lo) | (u128::from(hi) << 64)
        }
        _ => return None,
    })
}

/// Whether the word of `len` bytes packed into `packed` has more than four
/// and ends in "ed" ([`is_ed_word`] of the packed form): a past form to
/// the reader unless listed otherwise, a name when capitalised
/// ([`NAME_BYTE`]).
#[inline]
pub(crate) fn ends_in_ed(packed: u128, len: usize) -> bool {
    len > 4 && (packed >> (8 * (len - 2))) as u16 == u16::from_le_bytes(*b"ed")
}

/// Whether the lowercase word `f` has more than four bytes and ends in
/// "ed" ([`ends_in_ed`] of a form of any length).
#[inline]
pub(crate) fn is_ed_word(f: &[u8]) -> bool {
    f.len() > 4 && f.ends_with(b"ed")
}

/// Each ASCII letter of the eight bytes of `x` (all below 0x80)
/// lowercased, at once.
#[inline]
fn ascii_lower_8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // a byte's high bit set: at least 'A', then above 'Z'
    let from_a = x + ONES * (0x80 - u64::from(b'A'));
    let past_z = x + ONES * (0x80 - u64::from(b'Z') - 1);
    x | ((from_a & !past_z & (ONES * 0x80)) >> 2)
}

/// Whether a byte of `x` is `c`.
#[inline]
fn has_byte(x: u64, c: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let v = x ^ (ONES * u64::from(c));
    v.wrapping_sub(ONES) & !v & (ONES * 0x80) != 0
}

/// `s` lowercased; ASCII words up to the inline size without allocating.
pub(crate) fn lowercase(s: &str) -> smol_str::SmolStr {
    let mut buf = [0u8; 23];
    if s.len() <= buf.len() && s.is_ascii() {
        for (b, c) in buf.iter_mut().zip(s.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        if let Ok(l) = std::str::from_utf8(&buf[..s.len()]) {
            return smol_str::SmolStr::new(l);
        }
    }
    smol_str::SmolStr::new(s.to_lowercase())
}

fn is_clause_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// [`ASCII_CLASS`]: a byte of a word (letter, digit, apostrophe).
const WORD_BYTE: u8 = 1;
/// [`ASCII_CLASS`]: clause punctuation.
const BREAK_BYTE: u8 = 2;

/// What each ASCII byte is to the clause reader: [`WORD_BYTE`],
/// [`BREAK_BYTE`] or 0 (as [`is_clause_word_char`] and the break marks of
/// [`Clauses`] tell for the char).
static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() || c == b'\'' {
            WORD_BYTE
        } else if matches!(c, b',' | b';' | b':' | b'(' | b')' | b'"') {
            BREAK_BYTE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The words and clause breaks of a text, as [`Clauses::over`] reads them,
/// from the text's event tokens. A word of the tense reader is a run of
/// letters, digits and apostrophes: a word token of the tokeniser, or
/// several joined by apostrophe tokens ("didn't": "didn", "'", "t"), or
/// a piece of a hyphenated word token ("cease-fire": "cease", "fire").
/// Every token is a word or one char, so clause punctuation is a token.
fn words_of_tokens<'a>(text: &str, tokens: &[Token]) -> (Words<'a>, Vec<usize>) {
    use crate::event::tokens::{APOSTROPHE, BREAK, HYPHEN};
    let mut words = Words::with_capacity(tokens.len());
    let mut breaks = Vec::new();
    let mut buf = String::new();
    let bytes = text.as_bytes();
    // (each token's flags say what a one-char token is)
    let joins = |u: &Token| u.word || u.flags & APOSTROPHE != 0;
    let mut k = 0;
    while let Some(t) = tokens.get(k) {
        if !t.word && t.flags & APOSTROPHE == 0 {
            if t.flags & BREAK != 0 {
                breaks.push(t.span.start);
            }
            k += 1;
            continue;
        }
        // the tokens that touch, words and apostrophes
        let mut end = t.span.end;
        let mut m = k + 1;
        while let Some(u) = tokens.get(m) {
            if u.span.start != end || !joins(u) {
                break;
            }
            end = u.span.end;
            m += 1;
        }
        if m == k + 1 && t.word && t.flags & HYPHEN == 0 {
            // one word token: the tokeniser read it as the reader does
            words.push(Word::from_byte(t.span.start, t.tense));
        } else {
            let Some(run) = bytes.get(t.span.start..end) else {
                break;
            };
            // hyphens split it into words, each read as the scan reads it
            let mut from = t.span.start;
            for piece in run.split(|&b| b == b'-') {
                if let Some(w) = text.get(from..from + piece.len()).filter(|w| !w.is_empty()) {
                    push_word(&mut words, &mut buf, w, from);
                }
                from += piece.len() + 1;
            }
        }
        k = m;
    }
    (words, breaks)
}

/// Whether a byte is an ASCII [`WORD_BYTE`].
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = ASCII_CLASS[b] == WORD_BYTE;
        b += 1;
    }
    t
};

/// Appends the word `w` (starting at byte `off`) to `words`: lowercased
/// (into `buf` when it is not already), contractions split ("didn't" ->
/// "did"; "he'll" -> "he", "will"), a capitalised `-ed` word longer than
/// four letters read as a name ("United").
fn push_word<'a>(words: &mut Words<'a>, buf: &mut String, w: &str, off: usize) {
    if w.len() <= LONGEST_LISTED && w.is_ascii() {
        push_short_ascii(words, w.as_bytes(), Span::new(0, w.len()), off);
        return;
    }
    let plain = w
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let lower: &str = if plain {
        w
    } else {
        buf.clear();
        if w.is_ascii() {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else if w.contains('’') {
            buf.push_str(&w.replace('’', "'").to_lowercase());
        } else {
            buf.push_str(&w.to_lowercase());
        }
        buf
    };
    if !plain && lower.contains('\'') {
        if let Some(stem) = lower.strip_suffix("'ll") {
            words.push(Word::new(off, stem));
            words.push(Word::new(off + stem.len(), "will"));
            return;
        }
        if let Some(stem) = lower.strip_suffix("n't") {
            let stem = match stem {
                "wo" => "will",
                "ca" => "can",
                other => other,
            };
            words.push(Word::new(off, stem));
            return;
        }
    }
    let cap = !plain && w.chars().next().is_some_and(char::is_uppercase);
    if cap && is_ed_word(lower.as_bytes()) {
        words.push(Word::new(off, ""));
    } else {
        words.push(Word::new(off, lower));
    }
}

/// [`push_word`] for the ASCII word `bytes[at]` of at most
/// [`LONGEST_LISTED`] bytes (its offset in the text is `base + at.start`),
/// lowercased eight bytes at a time.
fn push_short_ascii<'a>(words: &mut Words<'a>, bytes: &[u8], at: Span, base: usize) {
    let len = at.len();
    let off = base + at.start;
    if len == 0 || len > LONGEST_LISTED {
        // not called so
        return;
    }
    let raw = match bytes
        .get(at.start..at.start + LONGEST_LISTED)
        .and_then(|c| <[u8; LONGEST_LISTED]>::try_from(c).ok())
    {
        // sixteen bytes read at once, those after the word masked off
        Some(chunk) if len < LONGEST_LISTED => {
            u128::from_le_bytes(chunk) & ((1u128 << (8 * len)) - 1)
        }
        Some(chunk) => u128::from_le_bytes(chunk),
        None => {
            let mut buf = [0u8; LONGEST_LISTED];
            let (Some(dst), Some(src)) = (buf.get_mut(..len), bytes.get(at.start..at.end)) else {
                return;
            };
            dst.copy_from_slice(src);
            u128::from_le_bytes(buf)
        }
    };
    let w = raw.to_le_bytes();
    let (lo, hi) = (ascii_lower_8(raw as u64), ascii_lower_8((raw >> 64) as u64));
    let packed = u128::from(lo) | (u128::from(hi) << 64);
    if has_byte(lo, b'\'') || has_byte(hi, b'\'') {
        let lower_bytes = packed.to_le_bytes();
        let lower = lower_bytes.get(..len).unwrap_or_default();
        if let Some(stem) = lower.strip_suffix(b"'ll") {
            words.push(Word::of_bytes(off, stem));
            words.push(Word::of_bytes(off + stem.len(), b"will"));
            return;
        }
        if let Some(stem) = lower.strip_suffix(b"n't") {
            let stem: &[u8] = match stem {
                b"wo" => b"will",
                b"ca" => b"can",
                other => other,
            };
            words.push(Word::of_bytes(off, stem));
            return;
        }
    }
    // a capitalised "-ed" word longer than four letters is a name: ""
    if w[0].is_ascii_uppercase() && ends_in_ed(packed, len) {
        words.push(Word::with(off, 0, Key::Other, false));
    } else {
        words.push(Word::packed(off, packed, len));
    }
}

impl<'a> Clauses<'a> {
    /// Reads the whole text: splits it into the event tokens (see
    /// `event::tokens`) and reads the words off them, so that the text is
    /// split once for tenses and events.
    pub fn new(text: &'a str) -> Clauses<'a> {
        let tokens = tokenize(text, Span::new(0, text.len()));
        let (words, breaks) = words_of_tokens(text, &tokens);
        Clauses {
            words,
            breaks,
            tokens: Some(tokens),
        }
    }

    /// The event tokens of the whole text, when [`Clauses::new`] read it.
    pub(crate) fn tokens(&self) -> Option<&[Token]> {
        self.tokens.as_deref()
    }

    /// Reads `text[range]` (a range on character boundaries).
    ///
    /// Reads bytes, decoding a char only where one is not ASCII, and
    /// lowercases into one reused buffer; words and breaks come out as
    /// reading char by char would give them.
    fn over(text: &'a str, range: Span) -> Clauses<'a> {
        let mut words = Words::default();
        let mut breaks = Vec::new();
        let Some(s) = text.get(range.start..range.end) else {
            return Clauses {
                words,
                breaks,
                tokens: None,
            };
        };
        // about one word per six bytes of news text
        words.reserve(s.len() / 6 + 1);
        let base = range.start;
        let bytes = s.as_bytes();
        let mut buf = String::new();
        let mut word_start: Option<usize> = None;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let (word, brk, n) = if b.is_ascii() {
                let class = ASCII_CLASS[usize::from(b)];
                if class == WORD_BYTE && word_start.is_none() {
                    // a run of ASCII word bytes, read without the general case
                    let ws = i;
                    i += 1;
                    while bytes.get(i).is_some_and(|&c| ASCII_WORD[usize::from(c)]) {
                        i += 1;
                    }
                    if i - ws <= LONGEST_LISTED && bytes.get(i).is_none_or(u8::is_ascii) {
                        // the whole word is this run
                        push_short_ascii(&mut words, bytes, Span::new(ws, i), base);
                    } else {
                        word_start = Some(ws);
                    }
                    continue;
                }
                (class == WORD_BYTE, class == BREAK_BYTE, 1)
            } else {
                let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                (
                    is_clause_word_char(c),
                    matches!(c, '—' | '–' | '“' | '”'),
                    c.len_utf8(),
                )
            };
            if word {
                if word_start.is_none() {
                    word_start = Some(i);
                }
            } else {
                if let Some(ws) = word_start.take() {
                    push_word(&mut words, &mut buf, &s[ws..i], base + ws);
                }
                if brk {
                    breaks.push(base + i);
                }
            }
            i += n;
        }
        if let Some(ws) = word_start {
            push_word(&mut words, &mut buf, &s[ws..], base + ws);
        }
        Clauses {
            words,
            breaks,
            tokens: None,
        }
    }

    /// The words at `from..to` that [`Clauses::tense_around`] reads, and the
    /// index among them of the first word at or after `pos`: one binary
    /// search for `pos` over the whole text, then the window's edges among
    /// the [`BEFORE`] words before it and the [`AFTER`] words from it on (the
    /// reader looks no farther from `pos`, so the words it reads and the
    /// window edges it sees are those of the whole window).
    fn window(&self, from: usize, pos: usize, to: usize) -> (&[usize], &[u8], usize) {
        let all = &self.words.at[..];
        let (lo, hi, t) = if !(from <= pos && pos <= to) {
            // not asked so by `tense_around`; read as the whole window
            let lo = all.partition_point(|&w| w < from);
            let hi = all.partition_point(|&w| w < to).max(lo);
            let t = lo
                + all
                    .get(lo..hi)
                    .unwrap_or_default()
                    .partition_point(|&w| w < pos);
            (lo, hi, t)
        } else {
            let t = all.partition_point(|&w| w < pos);
            // (a window of 320 bytes each way mostly holds more words than
            // that: one comparison, else a search among those few words)
            let near = t.saturating_sub(BEFORE);
            let lo = match all.get(near..t) {
                Some([first, ..]) if *first >= from => near,
                Some(before) => near + before.partition_point(|&w| w < from),
                None => t,
            };
            let far = t.saturating_add(AFTER).min(all.len());
            let hi = match all.get(t..far) {
                Some([.., last]) if *last < to => far,
                Some(after) => t + after.partition_point(|&w| w < to),
                None => t,
            };
            (lo, hi, t)
        };
        match (all.get(lo..hi), self.words.bytes.get(lo..hi)) {
            (Some(at), Some(bytes)) => (at, bytes, t - lo),
            _ => (&[], &[], 0),
        }
    }

    /// Like [`clause_tense`], on this text.
    pub fn tense_at(&self, sentence: Span, pos: usize) -> Tense {
        self.tense_around(sentence, Span::new(pos, pos))
    }

    /// Like [`clause_tense_around`], on this text: the verb group nearest
    /// the expression at `span` within `sentence`, reading only words
    /// within a few hundred bytes of it.
    pub fn tense_around(&self, sentence: Span, span: Span) -> Tense {
        let start = sentence.start;
        let end = sentence.end.max(start);
        let pos = span.start.clamp(start, end);
        let from = pos.saturating_sub(WINDOW).max(start);
        let to = span.end.saturating_add(WINDOW).min(end).max(from);
        let (at, words, target) = self.window(from, pos, to);
        // A word is in another clause than `pos` when a break lies between
        // them: at or after the word and before `pos`, or at or after `pos`
        // and before the word. Only the breaks nearest `pos` can tell.
        let own = self.breaks.partition_point(|b| *b < pos);
        let break_before = own.checked_sub(1).and_then(|i| self.breaks.get(i)).copied();
        let break_after = self.breaks.get(own).copied();
        let other_clause = |o: usize| {
            if o < pos {
                break_before.is_some_and(|b| b >= o)
            } else {
                break_after.is_some_and(|b| b < o)
            }
        };
        // Only verbs within 14 words count (see below).
        let first = target.saturating_sub(14);
        let last = (target + 14).min(words.len());
        let mut best: Option<(usize, bool, Tense)> = None; // (distance, after, tense)

        // Most words are no verb at all: the words that can give a tense
        // (the high bit of their byte) are found eight at a time.
        let mut base = first;
        while base < last {
            let mut active = active_bits(words, base, last);
            while active != 0 {
                let k = base + (active.trailing_zeros() / 8) as usize;
                active &= active - 1;
                let Some(&o) = at.get(k) else {
                    continue;
                };
                if o >= span.start && o < span.end {
                    continue;
                }
                let Some(t) = word_tense(words, k, target) else {
                    continue;
                };
                let (mut dist, after) = if k < target {
                    (target - k, false)
                } else {
                    (k - target + 1, true)
                };
                if dist > 14 {
                    continue;
                }
                if other_clause(o) {
                    dist += 20;
                }
                let better = match best {
                    None => true,
                    Some((d, a, _)) => dist < d || (dist == d && a && !after),
                };
                if better {
                    best = Some((dist, after, t));
                }
            }
            base += 8;
        }
        best.map(|(_, _, t)| t).unwrap_or(Tense::None)
    }
}

/// Verbs of intention, planning and scheduling that point ahead when
/// followed by "to".
const INTENTION: &[&str] = &[
    "expect",
    "expects",
    "expected",
    "plan",
    "plans",
    "planned",
    "intend",
    "intends",
    "intended",
    "aim",
    "aims",
    "aimed",
    "hope",
    "hopes",
    "hoped",
    "want",
    "wants",
    "wanted",
    "agree",
    "agrees",
    "agreed",
    "promise",
    "promises",
    "promised",
    "vow",
    "vows",
    "vowed",
    "decide",
    "decides",
    "decided",
    "schedule",
    "scheduled",
    "set",
    "due",
    "prepare",
    "prepares",
    "prepared",
    "seek",
    "seeks",
    "sought",
    "threaten",
    "threatens",
    "threatened",
    "pledge",
    "pledges",
    "pledged",
    "propose",
    "proposes",
    "proposed",
    "likely",
    "poised",
    "slated",
    "going",
    // progressive forms: "were planning to march on Monday"
    "expecting",
    "planning",
    "intending",
    "aiming",
    "hoping",
    "preparing",
    "seeking",
    "threatening",
    "proposing",
    "scheduling",
];

/// Whether `w` (lowercase) is a past form or past participle: an irregular
/// form from the table, or a regular `-ed` form that is not a known adjective.
pub fn is_past_form(w: &str) -> bool {
    IRREGULAR_PAST.binary_search(&w).is_ok()
        || (is_ed_word(w.as_bytes()) && !NOT_PAST_ED.contains(&w))
}

/// Bytes read on each side of an expression when looking for its verb.
const WINDOW: usize = 320;

/// Words before the target that [`Clauses::tense_around`] may read: a verb
/// 14 words back and the two words before it ([`after_had`]).
const BEFORE: usize = 16;
/// Words from the target on that [`Clauses::tense_around`] may read: a
/// verb 13 words on and the four after it ([`word_tense`]'s "to" after an
/// intention verb), with one to spare.
const AFTER: usize = 19;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

const AUX_CHAIN: &[&str] = &[
    "be",
    "been",
    "being",
    "is",
    "are",
    "am",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "shall",
    "to",
    "not",
    "also",
    "already",
    "still",
    "just",
    "never",
    "reportedly",
    "now",
    "then",
    "finally",
    "only",
    "officially",
    "formally",
    "expected",
    "scheduled",
    "due",
    "set",
    "going",
];

/// The high bits ([`WORD_ACTIVE`]) of the bytes `words[base..last]` (at
/// most eight of them), each in its byte of a little-endian `u64`.
#[inline]
fn active_bits(words: &[u8], base: usize, last: usize) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let n = last.saturating_sub(base).min(8);
    let x = match words.get(base..base + 8) {
        Some(b) => <[u8; 8]>::try_from(b).map_or(0, u64::from_le_bytes),
        None => {
            let mut buf = [0u8; 8];
            let rest = words.get(base..).unwrap_or_default();
            let m = rest.len().min(8);
            if let (Some(d), Some(s)) = (buf.get_mut(..m), rest.get(..m)) {
                d.copy_from_slice(s);
            }
            u64::from_le_bytes(buf)
        }
    };
    let keep = if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    };
    x & HIGH & keep
}

/// The tense a verb group gives when read at word `k` (of the words'
/// [`word_byte`]s), or `None` when the word is not the head of a verb
/// group.
fn word_tense(words: &[u8], k: usize, target: usize) -> Option<Tense> {
    let word = Word::from_byte(0, *words.get(k)?);
    let next = words.get(k + 1).map(|&x| key_of(x));
    let prev = k
        .checked_sub(1)
        .and_then(|p| words.get(p))
        .map(|&b| Word::from_byte(0, b));
    match word.key() {
        Key::Will => return Some(Tense::Future),
        Key::Be if matches!(next, Some(Key::To | Key::Going)) => return Some(Tense::Future),
        // intention + "to": the intended event lies ahead, whatever the tense of
        // the intention ("agreed to meet on Friday", "plans to vote in May")
        // ...but only for an expression after the "to": in "agreed in April to
        // hand them over", April dates the agreeing.
        _ if word.intention()
            && !after_had(words, k)
            && words
                .get(k + 1..)
                .unwrap_or_default()
                .iter()
                .take(4)
                .position(|&x| key_of(x) == Key::To)
                .is_some_and(|j| target > k + 1 + j) =>
        {
            return Some(Tense::Future)
        }
        // a schedule or a payment date points ahead of the clause's own tense
        // ("has scheduled a news conference Thursday", "the vote, slated for
        // Monday", "a dividend payable Dec. 15")
        // ...but a past perfect ("had been due to expire Friday", "had been
        // scheduled for Monday") tells of a plan overtaken: read by its "had"
        Key::Scheduled if target > k && !after_had(words, k) => return Some(Tense::Future),
        // a schedule in the simple present points ahead too ("the fiscal year
        // ends Sept. 30", "the offer expires Friday", "the panel meets Tuesday"),
        // for what follows it closely; not "begins to increase"
        Key::Timetable if target > k && target <= k + 5 && next != Some(Key::To) => {
            return Some(Tense::Future)
        }
        Key::Past | Key::Had => return Some(Tense::Past),
        Key::Perfect => {
            // perfect: a completed event; "has to" is an obligation (present)
            return Some(if next == Some(Key::To) {
                Tense::Present
            } else {
                Tense::Past
            });
        }
        Key::Be | Key::Present => return Some(Tense::Present),
        _ => {}
    }
    if !word.past() {
        return None;
    }
    // an adjective after a determiner: "the planned meeting"
    if prev.is_some_and(|p| p.key() == Key::Determiner) {
        return None;
    }
    // an auxiliary chain before it ("was", "has been", "will be"): its
    // farthest word is the finite one, scored on its own; skip the participle
    if prev.is_some_and(|p| p.aux()) {
        return None;
    }
    Some(Tense::Past)
}

/// Whether word `k` (of the words' [`word_byte`]s) follows "had", directly
/// or after one auxiliary ("had planned to", "had been due to", "had
/// already scheduled").
fn after_had(words: &[u8], k: usize) -> bool {
    let word = |i: usize| words.get(i).map(|&b| Word::from_byte(0, b));
    let had = |w: Option<Word>| w.is_some_and(|w| w.key() == Key::Had);
    match k {
        0 => false,
        _ => {
            had(word(k - 1)) || (k >= 2 && word(k - 1).is_some_and(|w| w.aux()) && had(word(k - 2)))
        }
    }
}

const NOT_PAST_ED: &[&str] = &[
    "advanced",
    "aged",
    "ahead",
    "alleged",
    "armed",
    "based",
    "bed",
    "belated",
    "beloved",
    "bled",
    "bleed",
    "bred",
    "breed",
    "concerned",
    "creed",
    "deed",
    "detailed",
    "embed",
    "exceed",
    "fed",
    "feed",
    "fled",
    "fred",
    "greed",
    "hatred",
    "heed",
    "hundred",
    "indeed",
    "instead",
    "interested",
    "kindred",
    "learned",
    "led",
    "limited",
    "married",
    "naked",
    "ned",
    "need",
    "proceed",
    "red",
    "reed",
    "related",
    "reported",
    "retired",
    "sacred",
    "schedule",
    "seed",
    "shed",
    "shred",
    "skilled",
    "sled",
    "speed",
    "steed",
    "succeed",
    "supposed",
    "talented",
    "ted",
    "tweed",
    "united",
    "unprecedented",
    "wanted",
    "wed",
    "weed",
    "wicked",
];

/// Common irregular past forms (sorted for binary search).
const IRREGULAR_PAST: &[&str] = &[
    "arisen",
    "arose",
    "ate",
    "awoke",
    "awoken",
    "became",
    "began",
    "begun",
    "bent",
    "bit",
    "bled",
    "blew",
    "bore",
    "borne",
    "bought",
    "bred",
    "broke",
    "broken",
    "brought",
    "built",
    "burnt",
    "came",
    "caught",
    "chose",
    "chosen",
    "clung",
    "crept",
    "dealt",
    "did",
    "done",
    "drank",
    "drawn",
    "drew",
    "driven",
    "drove",
    "drunk",
    "dug",
    "eaten",
    "fallen",
    "fed",
    "fell",
    "felt",
    "fled",
    "flew",
    "flown",
    "flung",
    "forbade",
    "forgave",
    "forgot",
    "fought",
    "found",
    "froze",
    "frozen",
    "gave",
    "given",
    "gone",
    "got",
    "gotten",
    "grew",
    "grown",
    "had",
    "heard",
    "held",
    "hid",
    "hung",
    "kept",
    "knelt",
    "knew",
    "laid",
    "led",
    "left",
    "lent",
    "lost",
    "made",
    "meant",
    "met",
    "overcame",
    "overtook",
    "paid",
    "ran",
    "rang",
    "ridden",
    "risen",
    "rode",
    "rose",
    "rung",
    "said",
    "sang",
    "sank",
    "sat",
    "saw",
    "seen",
    "sent",
    "shaken",
    "shook",
    "shot",
    "shown",
    "shrank",
    "slept",
    "slid",
    "sold",
    "sought",
    "sped",
    "spent",
    "spoke",
    "spoken",
    "sprang",
    "sprung",
    "spun",
    "stole",
    "stolen",
    "stood",
    "struck",
    "strung",
    "stuck",
    "stung",
    "sung",
    "sunk",
    "swam",
    "swept",
    "swore",
    "sworn",
    "swum",
    "swung",
    "taken",
    "taught",
    "thought",
    "threw",
    "thrown",
    "told",
    "took",
    "tore",
    "torn",
    "understood",
    "undertook",
    "went",
    "wept",
    "withdrawn",
    "withdrew",
    "withstood",
    "woke",
    "woken",
    "won",
    "wore",
    "worn",
    "written",
    "wrote",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Line starts found by searching back only from where the last
    /// question left off are those of a search of all the text before.
    #[test]
    fn line_starts_are_found_as_by_a_whole_search() {
        let text = "ab\ncd\n\nef\u{2028}g\nh";
        let bytes = text.as_bytes();
        let whole = |i: usize| {
            bytes[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
        };
        for step in 1..4 {
            let mut lines = LineStarts::default();
            for i in (0..=bytes.len()).step_by(step) {
                assert_eq!(lines.of(bytes, i), whole(i), "{i}");
            }
            // and back again
            for i in (0..=bytes.len()).rev() {
                assert_eq!(lines.of(bytes, i), whole(i), "{i}");
            }
        }
    }

    /// The sentence splitter as it was before it read ASCII bytes without
    /// decoding (white space, quotes, abbreviations): the reference.
    fn sentences_reference(text: &str) -> Vec<Sentence> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut start = skip_ws_by_chars(text, 0);
        let mut i = start;
        let mut stops = Stops::default();
        let mut lines = LineStarts::default();
        while i < bytes.len() {
            let b = bytes[i];
            let mut cut: Option<usize> = None; // end of sentence (exclusive)
            if b == b'\n' {
                // line break: a blank line always ends; a single break ends when the line
                // so far is a headline-like line or the next line starts a new item.
                let next = skip_ws_by_chars(text, i);
                let blank = text[i + 1..next].contains('\n');
                let line_start = lines.of(bytes, i);
                let line = text[line_start..i].trim_end();
                let ends_clause = line.ends_with(['.', '!', '?', ':', '"', '”', ')']);
                let next_upper = text[next..]
                    .chars()
                    .next()
                    .map(|c| c.is_uppercase() || c.is_ascii_digit() || "-*•\"“(".contains(c))
                    .unwrap_or(false);
                if blank || next_upper || ends_clause {
                    cut = Some(i);
                }
            } else if matches!(b, b'.' | b'!' | b'?') {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
                    j += 1;
                }
                // closing curly quotes
                while text[j..].starts_with('”') || text[j..].starts_with('’') {
                    j += '”'.len_utf8();
                }
                if j >= bytes.len() {
                    cut = Some(j);
                } else if bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r' {
                    let next = skip_ws_by_chars(text, j);
                    let nc = text[next..].chars().next();
                    let opens = nc
                        .map(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“'‘(".contains(c))
                        .unwrap_or(true);
                    if opens && (b != b'.' || !is_abbreviation_by_chars(text, i)) {
                        cut = Some(j);
                    }
                }
            }
            if let Some(end) = cut {
                let e = trim_end(text, start, end);
                if e > start {
                    out.push(Sentence { start, end: e });
                }
                start = skip_ws_by_chars(text, end);
                i = start;
                continue;
            }
            // on to the next byte that can end a sentence (all ASCII, so at a
            // character boundary)
            i = stops.next(bytes, i + 1);
        }
        let e = trim_end(text, start, text.len());
        if e > start {
            out.push(Sentence { start, end: e });
        }
        out
    }

    fn skip_ws_by_chars(text: &str, mut i: usize) -> usize {
        while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
            if !c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
        i
    }

    fn check_sentences(t: &str) {
        assert_eq!(sentences(t), sentences_reference(t), "{t:?}");
        for (dot, _) in t.match_indices('.') {
            assert_eq!(
                is_abbreviation(t, dot),
                is_abbreviation_by_chars(t, dot),
                "{t:?} {dot}"
            );
        }
    }

    #[test]
    fn sentences_as_the_reference() {
        let mut texts: Vec<String> = crate::fixture_articles();
        texts.extend(
            [
                "Gen. Smith came on Jan. 5. He left.\n\nNext\nline\n- item\n* x\n• y\n“Quote.” ‘A’",
                "U.S. officials said. (He left.) \"Yes.\" 'No.' [x.] e.g. i.e. a.m. Gov't. MR. mr\0. x\u{b}. A.\u{c}B",
                "Dr.\u{a0}Who. \u{212A}m. Ça va. É. Über.  \u{2028}Next\u{85}one. end.”’ Then”",
                "a.\tB a.\rB a.\nB 3.14 .5 ... ?! !? .\u{3000}X",
            ]
            .map(String::from),
        );
        for t in &texts {
            check_sentences(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn sentences_as_the_reference_anywhere(
            t in "([a-cA-CéÉ.!?'\"()\\[\\]” ’‘“•*\\-\n\t\r\u{b}\u{a0}\u{2028}0-9]|mr|Gen|U\\.S|gov't){0,40}"
        ) {
            check_sentences(&t);
        }
    }

    /// Abbreviations are found alike with and without a lowercase copy.
    #[test]
    fn abbreviations_ignore_case_as_a_lowercase_copy_does() {
        for word in [
            "Gen",
            "GEN",
            "gen",
            "U.S",
            "Sept",
            "sepT",
            "\u{212A}m",
            "Dr",
            "Dre",
            "mR",
            "Messrs",
            "APPROX",
            "approxi",
            "Washington",
            "Gov't",
        ] {
            let text = format!("{word}.");
            let copied = ABBREVIATIONS.contains(&word.to_lowercase().as_str());
            let got = is_abbreviation(&text, word.len());
            assert_eq!(got, is_abbreviation_by_chars(&text, word.len()), "{word}");
            // initials and dotted acronyms are abbreviations before the list
            if !word.contains('.') {
                assert_eq!(got, copied, "{word}");
            } else {
                assert!(got, "{word}");
            }
        }
    }

    #[test]
    fn irregular_sorted() {
        let mut v = IRREGULAR_PAST.to_vec();
        v.sort_unstable();
        assert_eq!(v, IRREGULAR_PAST);
    }

    #[test]
    fn char_map_counts_code_points() {
        let t = "a’b é";
        let m = CharMap::new(t);
        for (ci, (b, _)) in t.char_indices().enumerate() {
            assert_eq!(m.char_offset(b), ci);
        }
        assert_eq!(m.char_offset(t.len()), t.chars().count());
    }

    proptest::proptest! {
        /// The map skips ASCII 32 and eight bytes at a time: every offset
        /// must still be its number of code points, wherever the
        /// multi-byte characters fall (among runs of ASCII of any length).
        #[test]
        fn char_map_counts_code_points_anywhere(
            t in "([a-c é’😀\n]{0,40}|([a-c \n]{0,40}[é’😀]){0,4}[a-c ]{0,40})"
        ) {
            let m = CharMap::new(&t);
            for (ci, (b, _)) in t.char_indices().enumerate() {
                proptest::prop_assert_eq!(m.char_offset(b), ci);
            }
            proptest::prop_assert_eq!(m.char_offset(t.len()), t.chars().count());
        }
    }

    #[test]
    fn sentences_respect_abbreviations() {
        let t = "The U.S. Air Force fired on Jan. 3. It was Gen. Smith's call! \"Yes,\" he said.\n\nNext para";
        let s = sentences(t);
        let texts: Vec<&str> = s.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(
            texts,
            vec![
                "The U.S. Air Force fired on Jan. 3.",
                "It was Gen. Smith's call!",
                "\"Yes,\" he said.",
                "Next para"
            ]
        );
    }

    #[test]
    fn tense_reads_nearest_verb() {
        let t = "The meeting will be held on Wednesday.";
        let s = Span::new(0, t.len());
        assert_eq!(
            clause_tense(t, s, t.find("Wednesday").unwrap()),
            Tense::Future
        );
        let t = "The talks were held on Wednesday.";
        let s = Span::new(0, t.len());
        assert_eq!(
            clause_tense(t, s, t.find("Wednesday").unwrap()),
            Tense::Past
        );
        let t = "On Friday, the company announced a recall.";
        let s = Span::new(0, t.len());
        assert_eq!(clause_tense(t, s, 3), Tense::Past);
    }
}

/// The clause reader as first written (lowercase forms kept as strings and
/// compared as such), kept to check the keyed reader against.
#[cfg(test)]
mod reference {
    use super::*;

    fn words(s: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut word_start: Option<usize> = None;
        let push = |from: usize, to: usize, out: &mut Vec<(usize, String)>| {
            let w = &s[from..to];
            let plain = w
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            let lower: String = if plain {
                w.to_string()
            } else if w.contains('’') {
                w.replace('’', "'").to_lowercase()
            } else {
                lowercase(w).to_string()
            };
            if !plain && lower.contains('\'') {
                if let Some(stem) = lower.strip_suffix("'ll") {
                    out.push((from, stem.to_string()));
                    out.push((from + stem.len(), "will".to_string()));
                    return;
                }
                if let Some(stem) = lower.strip_suffix("n't") {
                    let stem = match stem {
                        "wo" => "will",
                        "ca" => "can",
                        other => other,
                    };
                    out.push((from, stem.to_string()));
                    return;
                }
            }
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            if cap && lower.len() > 4 && lower.ends_with("ed") {
                out.push((from, String::new()));
            } else {
                out.push((from, lower));
            }
        };
        for (i, c) in s.char_indices() {
            if is_clause_word_char(c) {
                if word_start.is_none() {
                    word_start = Some(i);
                }
                continue;
            }
            if let Some(ws) = word_start.take() {
                push(ws, i, &mut out);
            }
        }
        if let Some(ws) = word_start {
            push(ws, s.len(), &mut out);
        }
        out
    }

    fn breaks(s: &str) -> Vec<usize> {
        s.char_indices()
            .filter(|&(_, c)| {
                matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '"' | '“' | '”')
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn after_had(words: &[(usize, String)], k: usize) -> bool {
        let at = |i: usize| words[i].1.as_str();
        (k >= 1 && at(k - 1) == "had")
            || (k >= 2 && AUX_CHAIN.contains(&at(k - 1)) && at(k - 2) == "had")
    }

    fn word_tense(words: &[(usize, String)], k: usize, target: usize) -> Option<Tense> {
        let w = words[k].1.as_str();
        let next = words.get(k + 1).map(|x| x.1.as_str());
        let prev = k
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .map(|x| x.1.as_str());
        match w {
            "will" | "shall" | "would" => return Some(Tense::Future),
            "is" | "are" | "am" if matches!(next, Some("to" | "going")) => {
                return Some(Tense::Future)
            }
            _ if INTENTION.contains(&w)
                && !after_had(words, k)
                && words[k + 1..]
                    .iter()
                    .take(4)
                    .position(|x| x.1 == "to")
                    .is_some_and(|j| target > k + 1 + j) =>
            {
                return Some(Tense::Future)
            }
            "scheduled" | "rescheduled" | "slated" | "payable"
                if target > k && !after_had(words, k) =>
            {
                return Some(Tense::Future)
            }
            "ends" | "begins" | "starts" | "opens" | "closes" | "expires" | "resumes"
            | "reopens" | "matures" | "convenes" | "meets" | "kicks"
                if target > k && target <= k + 5 && next != Some("to") =>
            {
                return Some(Tense::Future)
            }
            "was" | "were" | "had" | "did" | "ago" => return Some(Tense::Past),
            "has" | "have" => {
                return Some(if next == Some("to") {
                    Tense::Present
                } else {
                    Tense::Past
                });
            }
            "is" | "are" | "am" | "does" | "do" | "can" | "may" | "must" => {
                return Some(Tense::Present)
            }
            _ => {}
        }
        if !is_past_form(w) {
            return None;
        }
        if matches!(
            prev,
            Some("the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "that")
        ) {
            return None;
        }
        let mut head: Option<&str> = None;
        let mut j = k;
        while j > 0 && k - j < 4 {
            let p = words[j - 1].1.as_str();
            if !AUX_CHAIN.contains(&p) {
                break;
            }
            head = Some(p);
            j -= 1;
        }
        match head {
            None => Some(Tense::Past),
            Some(_) => None,
        }
    }

    /// The words and breaks of `text[range]`, as first read.
    pub(super) type Read = (Vec<(usize, String)>, Vec<usize>);

    pub(super) fn read(text: &str, range: Span) -> Read {
        let s = &text[range.start..range.end];
        let shift = |v: Vec<usize>| v.into_iter().map(|o| o + range.start).collect();
        let w = words(s)
            .into_iter()
            .map(|(o, f)| (o + range.start, f))
            .collect();
        (w, shift(breaks(s)))
    }

    /// [`Clauses::tense_around`], as first written.
    pub(super) fn tense_around((all, brk): &Read, sentence: Span, span: Span) -> Tense {
        let start = sentence.start;
        let end = sentence.end.max(start);
        let pos = span.start.clamp(start, end);
        let from = pos.saturating_sub(WINDOW).max(start);
        let to = span.end.saturating_add(WINDOW).min(end).max(from);
        let lo = all.partition_point(|w| w.0 < from);
        let hi = all.partition_point(|w| w.0 < to).max(lo);
        let words = &all[lo..hi];
        let target = words.partition_point(|w| w.0 < pos);
        let clause_of = |o: usize| brk.partition_point(|b| *b < o);
        let own = clause_of(pos);
        let first = target.saturating_sub(14);
        let last = (target + 14).min(words.len());
        let mut best: Option<(usize, bool, Tense)> = None;
        for k in first..last {
            let o = words[k].0;
            if o >= span.start && o < span.end {
                continue;
            }
            let Some(t) = word_tense(words, k, target) else {
                continue;
            };
            let (mut dist, after) = if k < target {
                (target - k, false)
            } else {
                (k - target + 1, true)
            };
            if dist > 14 {
                continue;
            }
            if clause_of(o) != own {
                dist += 20;
            }
            let better = match best {
                None => true,
                Some((d, a, _)) => dist < d || (dist == d && a && !after),
            };
            if better {
                best = Some((dist, after, t));
            }
        }
        best.map(|(_, _, t)| t).unwrap_or(Tense::None)
    }
}

#[cfg(test)]
mod keyed_reader {
    use super::*;

    /// Texts with contractions, curly apostrophes, capitals, non-ASCII
    /// letters and long words, plus the shipped fixtures.
    fn texts() -> Vec<String> {
        let mut v: Vec<String> = [
            "He’ll meet them; they WON'T go. She didn’t. The United Nations said it wasn't planned.",
            "The talks were scheduled for Monday — but the vote, slated (for) Tuesday, is going to wait.",
            "ÉTÉ a été Expected to END; ΣΊΣΥΦΟΣ’ll arrive. ca n't, wo n't, Ca’n’t shan't I’LL",
            "The fiscal year ends Sept. 30 and the offer EXPIRES Friday; the panel meets to discuss.",
            "AVERYLONGUPPERCASEWORDOFMORETHAN23BYTESED had agreed in April to hand them over on May 9.",
            "“Quote,” he had planned to say: the planned meeting has to happen; it has happened.",
            "They'll vote; it'll END. Couldn't WOULDN'T Rescheduled RESCHEDULED to-day Abcdefghijklmned abcdefghijklmned ABCDEFGHIJKLMNOED 'll n't ' x'",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(crate::fixture_articles());
        // long sentences of short words, verbs and clause marks mixed, so
        // that windows hold more words than the reader looks at
        let pool = [
            "had",
            "been",
            "to",
            "the",
            "planned",
            "will",
            "is",
            "going",
            "expected",
            "x",
            "yy",
            "ended",
            "agreed",
            "on",
            ",",
            "was",
            "has",
            "a",
            "ends",
            "Scheduled",
            "due",
            "it'll",
            "didn't",
            "—",
            "(",
            "set",
            "ago",
            "do",
        ];
        let mut seed = 0x2545_f491_u32;
        for n in [60, 400] {
            let mut t = String::new();
            for _ in 0..n {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                t.push_str(pool[(seed >> 16) as usize % pool.len()]);
                t.push(' ');
            }
            v.push(t);
        }
        v
    }

    #[test]
    fn tokens_give_the_words_of_the_scan() {
        let mut all = texts();
        all.push("a-b's x--y 'ok' -ed- cease-fire’s U.S.-led 30-year-old Don’t-stop ÉTÉ-ed".into());
        all.extend(
            [
                "''",
                "’",
                "x'",
                "'",
                "-",
                "a-",
                "-a",
                "\u{a0}Ça-été—x",
                "Ab’-’cd",
                "A'-b",
                "x\u{2019}ll",
                "IT'LL-Go",
                "Wasn’t",
                "1-2-3",
                "a-’b",
                "«ÉTÉ»’s",
                "x\u{301}-ed",
                "Zoned-in",
            ]
            .map(String::from),
        );
        // every pair of a few odd chars
        let odd = [
            "a", "A", "é", "É", "'", "’", "-", " ", ",", "—", "–", "“", "”", "‘", "1", "ed",
        ];
        for x in odd {
            for y in odd {
                for z in odd {
                    all.push(format!("{x}{y}{z}Ed{x}{z}{y}"));
                }
            }
        }
        for t in all {
            let c = Clauses::new(&t);
            let scan = Clauses::over(&t, Span::new(0, t.len()));
            assert_eq!(c.words, scan.words, "{t:?}");
            assert_eq!(c.breaks, scan.breaks, "{t:?}");
            assert!(c.tokens().is_some() && scan.tokens().is_none());
        }
    }

    #[test]
    fn word_table_lookups() {
        let mut listed = 0;
        for (key, words) in KEYS {
            for w in *words {
                assert!(!w.is_empty() && w.len() <= LONGEST_LISTED, "{w}");
                assert_eq!(Word::new(0, w).key(), *key, "{w}");
                listed += 1;
            }
        }
        for (table, check) in [
            (INTENTION, (|w: &Word| w.intention()) as fn(&Word) -> bool),
            (AUX_CHAIN, |w: &Word| w.aux()),
        ] {
            for w in table {
                assert!(w.len() <= LONGEST_LISTED, "{w}");
                assert!(check(&Word::new(0, w)), "{w}");
                listed += 1;
            }
        }
        for w in IRREGULAR_PAST.iter().chain(NOT_PAST_ED) {
            assert!(w.len() <= LONGEST_LISTED, "{w}");
            assert_eq!(Word::new(0, w).past(), is_past_form(w), "{w}");
        }
        assert!(listed > 100);
        // words near the listed ones, and of every length
        for w in [
            "",
            "e",
            "ed",
            "eed",
            "need",
            "needed",
            "wills",
            "wil",
            "tos",
            "t",
            "hads",
            "unprecedented",
            "unprecedentedly",
            "abcdefghijklmnoed",
            "abcdefghijklmned",
        ] {
            let word = Word::new(0, w);
            assert_eq!(word.past(), is_past_form(w), "{w}");
            assert_eq!(word.key(), Key::Other, "{w}");
            assert!(!word.intention() && !word.aux(), "{w}");
        }
        // the active bit says what its name says, for every listed word
        for w in listed_words().chain(["", "needed", "United", "talks"]) {
            let word = Word::new(0, w);
            let keyed = !matches!(
                word.key(),
                Key::Other | Key::To | Key::Going | Key::Determiner
            );
            let active = keyed || word.intention() || word.past();
            assert_eq!((word.b & WORD_ACTIVE != 0), active, "{w}");
        }
    }

    #[test]
    fn eight_bytes_lowercased_at_once() {
        for c in 0u8..128 {
            for at in 0..8 {
                let x = u64::from(c) << (8 * at) | 0x2020_2020_2020_2020 & !(0xff << (8 * at));
                let want = u64::from_le_bytes(x.to_le_bytes().map(|b| b.to_ascii_lowercase()));
                assert_eq!(ascii_lower_8(x), want, "{c} at {at}");
                assert_eq!(has_byte(x, b'\''), x.to_le_bytes().contains(&b'\''));
                assert!(has_byte(x, c));
            }
        }
        assert!(!has_byte(0, b'\''));
    }

    proptest::proptest! {
        /// Word salads of the words the reader tells apart, long enough
        /// that the words it scans span several groups of eight.
        #[test]
        fn same_tenses_as_the_reference_anywhere(
            words in proptest::collection::vec(
                "(will|is|to|going|had|has|was|did|does|the|planned|expected|ends|\
                 scheduled|been|not|May|United|x|y|said|wasn't|he'll|cease-fire|, |; |\\. )",
                0..60,
            )
        ) {
            let t = words.join(" ");
            let c = Clauses::new(&t);
            let whole = reference::read(&t, Span::new(0, t.len()));
            let sentence = Span::new(0, t.len());
            for &p in &c.words.at {
                for len in [0, 4] {
                    let e = ceil_boundary(&t, p + len);
                    let span = Span::new(p, e);
                    proptest::prop_assert_eq!(
                        c.tense_around(sentence, span),
                        reference::tense_around(&whole, sentence, span)
                    );
                }
            }
        }
    }

    #[test]
    fn same_tenses_as_the_reference() {
        for t in texts() {
            let c = Clauses::new(&t);
            let whole = reference::read(&t, Span::new(0, t.len()));
            for s in sentences(&t) {
                let sentence = s.span();
                let mut starts: Vec<usize> = (s.start..=s.end)
                    .filter(|&i| t.is_char_boundary(i))
                    .collect();
                starts.dedup();
                for &p in &starts {
                    for len in [0, 3, 7] {
                        let e = ceil_boundary(&t, p + len).min(s.end).max(p);
                        let span = Span::new(p, e);
                        assert_eq!(
                            c.tense_around(sentence, span),
                            reference::tense_around(&whole, sentence, span),
                            "{t:?} at {span:?}"
                        );
                        // the one-off reader reads a window around the span
                        let from = floor_boundary(&t, p.saturating_sub(WINDOW).max(s.start));
                        let to = ceil_boundary(&t, (e + WINDOW).min(s.end)).max(from);
                        assert_eq!(
                            clause_tense_around(&t, sentence, span),
                            reference::tense_around(
                                &reference::read(&t, Span::new(from, to)),
                                sentence,
                                span
                            ),
                            "{t:?} at {span:?} (window)"
                        );
                    }
                }
            }
        }
    }
}
