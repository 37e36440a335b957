//! Text plumbing: byte spans, byte <-> code point offsets, sentence
//! segmentation and a light clause-tense reader.
//!
//! Everything downstream works on byte offsets into the original text; only
//! the public results (see `lib.rs`) are converted to Unicode code points,
//! which is what users and the TempEval scorer count in.

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
        for (b, c) in text.char_indices() {
            let l = c.len_utf8();
            if l > 1 {
                extra += l - 1;
                checkpoints.push((b + l, b + l - extra));
            }
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
    while i < bytes.len() {
        let b = bytes[i];
        let mut cut: Option<usize> = None; // end of sentence (exclusive)
        if b == b'\n' {
            // line break: a blank line always ends; a single break ends when the line
            // so far is a headline-like line or the next line starts a new item.
            let next = skip_ws(text, i);
            let blank = text[i + 1..next].contains('\n');
            let line_start = text[..i].rfind('\n').map(|p| p + 1).unwrap_or(0);
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
                let next = skip_ws(text, j);
                let nc = text[next..].chars().next();
                let opens = nc
                    .map(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“'‘(".contains(c))
                    .unwrap_or(true);
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
        i += 1;
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    let e = trim_end(text, start, text.len());
    if e > start {
        out.push(Sentence { start, end: e });
    }
    out
}

fn skip_ws(text: &str, mut i: usize) -> usize {
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

fn is_abbreviation(text: &str, dot: usize) -> bool {
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
/// nearest finite verb form, searched first backwards up to a clause break,
/// then forwards. Modal "will/shall/'ll", "is/are going to", "is/are to",
/// "plans/expects to" read as future; "would" and "could" as past (reported
/// or conditional); `-ed` forms and a table of irregular past forms as past.
pub fn clause_tense(text: &str, sentence: Span, pos: usize) -> Tense {
    let pos = pos.clamp(sentence.start, sentence.end);
    let before = &text[sentence.start..pos];
    let after = &text[pos..sentence.end];
    // Words before, nearest first, stopping at a clause boundary.
    let mut back: Vec<&str> = Vec::new();
    for w in before.rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        if w.is_empty() {
            continue;
        }
        back.push(w);
        if back.len() > 12 {
            break;
        }
    }
    let fwd: Vec<&str> = after
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .take(12)
        .collect();
    // Look at the words on both sides interleaved by distance, the nearest wins.
    let n = back.len().max(fwd.len());
    for i in 0..n {
        if let Some(w) = back.get(i) {
            // For the backwards word, context is the word before it (further back).
            let prev = back.get(i + 1).copied();
            if let Some(t) = word_tense(w, prev, back.get(i.wrapping_sub(1)).copied()) {
                return t;
            }
        }
        if let Some(w) = fwd.get(i) {
            let prev = if i == 0 {
                back.first().copied()
            } else {
                fwd.get(i - 1).copied()
            };
            if let Some(t) = word_tense(w, prev, fwd.get(i + 1).copied()) {
                return t;
            }
        }
    }
    Tense::None
}

fn word_tense(word: &str, prev: Option<&str>, next: Option<&str>) -> Option<Tense> {
    let w = word.to_ascii_lowercase();
    let next = next.map(|s| s.to_ascii_lowercase());
    let prev = prev.map(|s| s.to_ascii_lowercase());
    match w.as_str() {
        "will" | "shall" | "won't" | "wo" => return Some(Tense::Future),
        "going"
            if next.as_deref() == Some("to")
                && !matches!(prev.as_deref(), Some("was" | "were")) =>
        {
            return Some(Tense::Future)
        }
        "plans" | "plan" | "expects" | "intends" | "scheduled" | "expected" | "due"
            if next.as_deref() == Some("to")
                && !matches!(prev.as_deref(), Some("was" | "were" | "had")) =>
        {
            return Some(Tense::Future)
        }
        "is" | "are" | "am" if next.as_deref() == Some("to") => return Some(Tense::Future),
        "was" | "were" | "had" | "did" | "would" | "could" | "ago" => return Some(Tense::Past),
        "is" | "are" | "am" | "has" | "have" | "does" | "do" | "can" | "may" | "must" => {
            return Some(Tense::Present)
        }
        _ => {}
    }
    if w.ends_with("'ll") || w.ends_with("’ll") {
        return Some(Tense::Future);
    }
    if IRREGULAR_PAST.binary_search(&w.as_str()).is_ok() {
        return Some(Tense::Past);
    }
    if w.len() > 4 && w.ends_with("ed") && !NOT_PAST_ED.contains(&w.as_str()) {
        // adjectives like "United", "armed" slip through; a capitalised -ed
        // word is usually a name ("United States").
        if word
            .chars()
            .next()
            .map(|c| c.is_uppercase())
            .unwrap_or(false)
        {
            return None;
        }
        // "the planned meeting", "a scheduled vote": participle used as adjective
        if matches!(
            prev.as_deref(),
            Some("the" | "a" | "an" | "its" | "their" | "his" | "her")
        ) {
            return None;
        }
        return Some(Tense::Past);
    }
    None
}

const NOT_PAST_ED: &[&str] = &[
    "united",
    "need",
    "speed",
    "indeed",
    "hundred",
    "bed",
    "seed",
    "feed",
    "breed",
    "weed",
    "shed",
    "naked",
    "sacred",
    "wicked",
    "kindred",
    "hatred",
    "red",
    "embed",
    "proceed",
    "succeed",
    "exceed",
    "schedule",
    "armed",
    "alleged",
    "based",
    "related",
    "limited",
    "advanced",
    "detailed",
    "concerned",
    "interested",
    "supposed",
    "skilled",
    "talented",
    "belated",
    "beloved",
    "learned",
    "aged",
    "married",
    "retired",
    "wanted",
    "reported",
];

/// Common irregular past forms (sorted for binary search).
const IRREGULAR_PAST: &[&str] = &[
    "ate",
    "awoke",
    "became",
    "began",
    "bent",
    "bit",
    "blew",
    "bore",
    "bought",
    "bound",
    "broke",
    "brought",
    "built",
    "burnt",
    "caught",
    "chose",
    "came",
    "clung",
    "crept",
    "dealt",
    "drew",
    "drank",
    "drove",
    "dug",
    "fed",
    "fell",
    "felt",
    "fled",
    "flew",
    "forbade",
    "forgot",
    "fought",
    "found",
    "froze",
    "gave",
    "got",
    "grew",
    "held",
    "hid",
    "hung",
    "kept",
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
    "rode",
    "rose",
    "sang",
    "sank",
    "sat",
    "saw",
    "sent",
    "shook",
    "shot",
    "slept",
    "slid",
    "sold",
    "sought",
    "spent",
    "spoke",
    "spun",
    "stole",
    "stood",
    "struck",
    "stuck",
    "swore",
    "swept",
    "swam",
    "taught",
    "thought",
    "threw",
    "told",
    "took",
    "tore",
    "understood",
    "undertook",
    "went",
    "withdrew",
    "woke",
    "won",
    "wore",
    "wrote",
];

#[cfg(test)]
mod tests {
    use super::*;

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
