//! Regular expressions over news text that stay on the fast path.
//!
//! Two things make them slow, and this module owns the cure for both:
//! - a Unicode word boundary makes the regex crate leave its lazy DFA for a
//!   backtracker or the Pike VM whenever the text has a non-ASCII character,
//!   so [`Pattern`] compiles `\b` as an ASCII boundary and checks the
//!   Unicode one at the edges of each match;
//! - forty patterns each scanning the whole text, although most match
//!   nowhere in a given article. A pattern with a [`Gate`] names whole words
//!   at least one of which is in every match ("year", "month"... for a
//!   duration); [`Scan`] finds all such trigger words of a text in one pass,
//!   and the gated pattern then runs only in the windows around its
//!   triggers. The windows are wide enough that the matches are exactly
//!   those of a scan of the whole text (see [`Pattern::captures_in`]). A
//!   gate may name a second set of words ([`Gate::and`]) every match also
//!   holds ("ago", "later"... for a count of units): a window without one
//!   of them is not searched.
//!
//! Used by the recognition rules and the checker's text patterns.

use regex_automata::meta;
use regex_automata::util::captures::Captures as Slots;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Input, PatternID};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// Why a pattern did not compile.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// A pattern over news text. Its word boundaries (`\b`) are compiled as ASCII
/// boundaries, which the fast lazy DFA can run on any text; a Unicode `\b`
/// makes the regex engine fall back to a backtracker or the Pike VM on
/// every search of a text with a non-ASCII character (curly quotes, dashes,
/// accented names: most news), about ten times slower. Unicode word
/// boundaries are then restored at the edges of each match: a match that
/// starts or ends inside a word made with a non-ASCII letter ("Marché")
/// is dropped.
///
/// The engine is the regex crate's own (`regex_automata::meta`, with the
/// regex crate's settings), so the matches and groups are those of
/// `regex::Regex`; a test compares the two.
pub struct Pattern {
    /// The pattern as compiled (its `\b` made ASCII).
    src: String,
    /// The trigger bit of a gated pattern.
    gate: Option<u64>,
    /// The bit of its second gate ([`Gate::also`]), or 0.
    also: u64,
    /// The trigger words of a gate opened by words only (empty otherwise).
    words: &'static [&'static str],
    /// Built on first use for a gated pattern (`None`: it does not compile).
    compiled: OnceLock<Option<Compiled>>,
}

struct Compiled {
    /// The engine for texts without a decimal digit beyond ASCII: the
    /// pattern with `\d` written `[0-9]` (see [`ascii_digits`]), a much
    /// smaller automaton than that of Unicode's digits.
    re: meta::Regex,
    /// The pattern as written and its engine, built on first use, for
    /// texts with a numeric character beyond ASCII (`None`: `re` is the
    /// pattern as written).
    wide: Option<(String, OnceLock<Option<meta::Regex>>)>,
    /// Whether the engines look for literal prefixes first.
    literals: bool,
    /// How many separator runs a match can hold (`None`: not gateable).
    reach: Option<usize>,
    /// How many separator runs a match can hold before and after its
    /// trigger word (each at most `reach`; see [`sides_of`]).
    sides: (usize, usize),
    /// Punctuation bytes every match holds (`:` of a clock time): a
    /// window without one of them holds no match and is not searched.
    required: Vec<u8>,
    /// The key of this pattern's engines in the thread's memo of groups
    /// ([`GroupMemo`]), `None` when the pattern looks around otherwise
    /// than with ASCII word boundaries (and its groups may depend on more
    /// than the match and the word-ness of the bytes beside it). The engine
    /// for wide numerals is `id + 1`.
    memo: Option<u32>,
    /// For a pattern anchored at the start of the text whose matches are at
    /// most so many bytes long (as written, `\d` included): how many bytes
    /// of a text the engines can read, an assertion after the match
    /// included. Only those need looking at for wide numerals, so that an
    /// anchored pattern tried on the rest of a long text stays cheap.
    scope: Option<usize>,
}

/// `src` parsed, with the regex crate's settings.
fn parse(src: &str) -> Result<Hir, Error> {
    Ok(regex_syntax::ParserBuilder::new().build().parse(src)?)
}

/// The regex crate's engine for `hir`, with the regex crate's settings.
fn engine(hir: &Hir, literals: bool) -> Result<meta::Regex, Error> {
    let config = meta::Config::new()
        // the regex crate's settings
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .auto_prefilter(literals);
    Ok(meta::Builder::new().configure(config).build_from_hir(hir)?)
}

impl Compiled {
    /// Parses `src` once, for the engine and for the gate's reach.
    /// `literals`: whether the engine looks for literal prefixes first (a
    /// prefilter, which pays on whole texts; for the short windows of a
    /// gated pattern the lazy DFA alone is as fast and the literal analysis
    /// costs more to build than it saves).
    fn new(src: &str, literals: bool, words: &[&str]) -> Result<Compiled, Error> {
        // `[0-9]` for `\d` leaves the reach alone: neither holds a
        // separator, and both match one byte at least.
        let reach_of = |hir: &Hir| reach(hir);
        let mut memo = true;
        let (hir, wide, scope, required, sides) = match ascii_digits(src) {
            Some(narrow) => {
                let (hir, written) = (parse(&narrow)?, parse(src)?);
                memo = memoizable(&written);
                // what both engines' matches hold
                let mut required = required_bytes(&hir);
                let also = required_bytes(&written);
                required.retain(|b| also.contains(b));
                let (a, b) = (
                    sides_of(&hir, reach_of(&hir), words),
                    sides_of(&written, reach_of(&written), words),
                );
                (
                    hir,
                    Some((src.to_owned(), OnceLock::new())),
                    scope(&written),
                    required,
                    (a.0.max(b.0), a.1.max(b.1)),
                )
            }
            None => {
                let hir = parse(src)?;
                let required = required_bytes(&hir);
                let sides = sides_of(&hir, reach_of(&hir), words);
                (hir, None, None, required, sides)
            }
        };
        memo = memo && memoizable(&hir);
        Ok(Compiled {
            re: engine(&hir, literals)?,
            wide,
            literals,
            memo: memo.then(|| MEMO_IDS.fetch_add(2, Ordering::Relaxed)),
            reach: reach(&hir),
            sides,
            scope,
            required: required
                .into_iter()
                .filter(u8::is_ascii_punctuation)
                .collect(),
        })
    }

    /// Whether the part of `text` the engines can read has a numeric
    /// character beyond ASCII.
    fn wide_in(&self, text: &str) -> bool {
        match self.scope {
            Some(n) if n < text.len() => {
                let mut end = n;
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                has_wide_numerals(text.get(..end).unwrap_or(text))
            }
            _ => has_wide_numerals(text),
        }
    }

    /// The engine for a text; `wide_numerals`: whether it has a numeric
    /// character beyond ASCII (asked only when that matters). `None`: the
    /// pattern as written does not compile.
    fn regex(&self, wide_numerals: impl FnOnce() -> bool) -> Option<&meta::Regex> {
        match &self.wide {
            Some((src, exact)) if wide_numerals() => exact
                .get_or_init(|| engine(&parse(src).ok()?, self.literals).ok())
                .as_ref(),
            _ => Some(&self.re),
        }
    }
}

/// See [`Compiled::scope`]: the longest match plus one character (for a
/// `\b` or `$` after it), for a pattern anchored at the text's start.
fn scope(hir: &Hir) -> Option<usize> {
    let props = hir.properties();
    if !props
        .look_set_prefix()
        .contains(regex_syntax::hir::Look::Start)
    {
        return None;
    }
    props.maximum_len().map(|m| m.saturating_add(4))
}

/// Whether the groups of a match of `hir` depend only on the matched bytes
/// and on whether the bytes just before and after it are ASCII word bytes:
/// its only look-around is the ASCII word boundary, which reads the byte
/// before a position and the byte at it, and nothing else reaches outside
/// the match.
fn memoizable(hir: &Hir) -> bool {
    hir.properties()
        .look_set()
        .iter()
        .all(|l| matches!(l, Look::WordAscii | Look::WordAsciiNegate))
}

/// Ids for [`Compiled::memo`], two per pattern.
static MEMO_IDS: AtomicU32 = AtomicU32::new(0);

/// The longest match whose groups are remembered.
const MEMO_LEN: usize = 30;

/// The most groups a thread remembers: the memo is emptied when full.
const MEMO_ENTRIES: usize = 4096;

/// A match as the memo of groups knows it: the engine, the matched bytes
/// and the word-ness of the bytes beside them.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct MemoKey {
    engine: u32,
    /// Bit 0: an ASCII word byte before the match; bit 1: one after it.
    edges: u8,
    len: u8,
    bytes: [u8; MEMO_LEN],
}

/// The groups of matches met before, relative to the match's start
/// (`u32::MAX`: a group that took no part), for matches of at most
/// [`MEMO_LEN`] bytes. Reading groups with the regex engine's bounded
/// backtracker costs thousands of instructions a match, and news repeats
/// its matches ("last week", "1998", "the third quarter").
///
/// Why a remembered result is the engine's: the groups of a match are
/// those of a search confined to the match (the leftmost-first match
/// starting there, the one found; the engine itself reads groups so once
/// it knows the match: see `regex_automata::meta`), a function of the
/// pattern, the bytes searched and whatever its look-around reads beyond
/// them; for a [`memoizable`] pattern that is the word-ness of the byte
/// before the match and of the byte after it (none at the edge of the
/// haystack reads as not a word byte).
type GroupMemo = FxHashMap<MemoKey, Box<[u32]>>;

thread_local! {
    static MEMO: RefCell<GroupMemo> = RefCell::new(GroupMemo::default());
}

/// Fills `slots` with the groups of the match `start..end` of `re` in
/// `hay` (found by a search of it), from the memo when it has them.
fn read_groups(
    re: &meta::Regex,
    engine: Option<u32>,
    hay: &str,
    start: usize,
    end: usize,
    slots: &mut Slots,
) {
    let bytes = hay.as_bytes();
    let key = match (engine, bytes.get(start..end)) {
        (Some(engine), Some(matched)) if matched.len() <= MEMO_LEN => {
            let word = |i: Option<usize>| {
                i.and_then(|i| bytes.get(i))
                    .is_some_and(|&b| WORD_BYTE[usize::from(b)])
            };
            let mut key = MemoKey {
                engine,
                edges: u8::from(word(start.checked_sub(1))) | u8::from(word(Some(end))) << 1,
                len: matched.len() as u8,
                bytes: [0; MEMO_LEN],
            };
            if let Some(k) = key.bytes.get_mut(..matched.len()) {
                k.copy_from_slice(matched);
            }
            Some(key)
        }
        _ => None,
    };
    if let Some(key) = &key {
        let hit = MEMO.with(|memo| {
            let memo = memo.borrow();
            let Some(rel) = memo.get(key) else {
                return false;
            };
            slots.set_pattern(Some(PatternID::ZERO));
            for (slot, &r) in slots.slots_mut().iter_mut().zip(rel.iter()) {
                *slot = if r == u32::MAX {
                    None
                } else {
                    NonMaxUsize::new(start + r as usize)
                };
            }
            true
        });
        if hit {
            return;
        }
    }
    // The match is the leftmost-first one of a search confined to it
    // (seeing the bytes around it, as the search that found it did). Not
    // anchored: the unanchored search's lazy-DFA states are those of the
    // window searches, already built.
    re.search_captures(&Input::new(hay).span(start..end), slots);
    if let (Some(key), true) = (key, slots.is_match()) {
        let rel: Box<[u32]> = slots
            .slots()
            .iter()
            .map(|s| s.map_or(u32::MAX, |s| (s.get() - start) as u32))
            .collect();
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.len() >= MEMO_ENTRIES {
                memo.clear();
            }
            memo.insert(key, rel);
        });
    }
}

/// Bytes that every match of `h` holds, as far as its syntax shows
/// (sorted, each once): those of the literals it cannot match without.
fn required_bytes(h: &Hir) -> Vec<u8> {
    let mut out = match h.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) => Vec::new(),
        HirKind::Literal(lit) => lit.0.to_vec(),
        HirKind::Repetition(rep) if rep.min >= 1 => required_bytes(&rep.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(cap) => required_bytes(&cap.sub),
        HirKind::Concat(hs) => hs.iter().flat_map(required_bytes).collect(),
        HirKind::Alternation(hs) => {
            let mut each = hs.iter().map(required_bytes);
            let first = each.next().unwrap_or_default();
            each.fold(first, |mut all, one| {
                all.retain(|b| one.contains(b));
                all
            })
        }
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// `src` with its `\d` (and `\D`) written `[0-9]` (`[^0-9]`); `None` when
/// it has none. On a text without a decimal digit beyond ASCII, the two
/// patterns match alike.
fn ascii_digits(src: &str) -> Option<String> {
    if !src.contains(r"\d") && !src.contains(r"\D") {
        return None;
    }
    let mut out = String::with_capacity(src.len() + 16);
    let mut chars = src.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some(e) => {
                out.push(c);
                out.push(e);
            }
            None => out.push(c),
        }
    }
    (out != src).then_some(out)
}

/// Whether `text` has a numeric character beyond ASCII (a superset of the
/// decimal digits `\d` holds beyond ASCII).
fn has_wide_numerals(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        // ASCII eight bytes at a time
        while let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        let Some(p) = bytes
            .get(i..)
            .and_then(|b| b.iter().position(|&b| b >= 0x80))
        else {
            return false;
        };
        i += p;
        match text.get(i..).and_then(|s| s.chars().next()) {
            Some(c) if c.is_numeric() => return true,
            Some(c) => i += c.len_utf8(),
            None => i += 1,
        }
    }
}

impl Pattern {
    /// Compiles `pattern` (regex crate syntax), its `\b` as ASCII word
    /// boundaries checked again at the match edges.
    pub fn new(pattern: &str) -> Result<Pattern, Error> {
        let src = pattern.replace(r"\b", r"(?-u:\b)");
        let compiled = Compiled::new(&src, true, &[])?;
        Ok(Pattern {
            src,
            gate: None,
            also: 0,
            words: &[],
            compiled: OnceLock::from(Some(compiled)),
        })
    }

    /// `pattern` as [`Pattern::new`] compiles it, gated by `gate`: every
    /// match of `pattern` must hold one of the gate's words (or a word of
    /// one of its shapes) as a whole word. The pattern stays ungated (and
    /// scans whole texts) when its matches can be empty, can hold any
    /// number of words (a repeated class with both spaces and letters), or
    /// look at the start or end of the text.
    ///
    /// It is compiled on first use, and [`Pattern::captures_in`] compiles
    /// it only for a text that holds one of its trigger words. A pattern
    /// that does not compile matches nothing (see [`Pattern::compiles`]).
    pub fn gated(pattern: &str, gate: &Gate) -> Pattern {
        Pattern {
            src: pattern.replace(r"\b", r"(?-u:\b)"),
            gate: Some(1u64 << gate.bit),
            also: gate.also.map_or(0, |g| 1u64 << g.bit),
            words: if gate.shapes.is_empty() {
                gate.words
            } else {
                &[]
            },
            compiled: OnceLock::new(),
        }
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| Compiled::new(&self.src, self.gate.is_none(), self.words).ok())
            .as_ref()
    }

    /// Whether the pattern compiles (compiling it now if it was not yet).
    pub fn compiles(&self) -> bool {
        self.compiled().is_some_and(|c| c.regex(|| true).is_some())
    }

    /// Whether the pattern runs only around its trigger words.
    pub fn is_gated(&self) -> bool {
        self.gate.is_some() && self.compiled().is_some_and(|c| c.reach.is_some())
    }

    /// The matches of the scanned text, as [`Pattern::captures_iter`] finds
    /// them, but searched only in the windows around this pattern's trigger
    /// words when it is gated.
    ///
    /// Why the matches are the same: every match holds a trigger word and at
    /// most `reach` runs of separators (white space and hyphens), so it lies
    /// inside the window reaching `reach` runs to each side of one of its
    /// trigger words. Overlapping windows are merged, so a match lies inside
    /// the one merged window that holds its start, and a search confined to
    /// that window (seeing the text before it, and ending before a
    /// separator, where a word boundary reads the same as at the end of a
    /// text) finds the same leftmost-first matches as a search of the
    /// whole text. A match also holds a word of the gate's second gate, if
    /// it has one ([`Gate::and`]), inside that window: a window without
    /// one holds no match. (In a text with numeric characters beyond ASCII
    /// every window is searched, since a number of a second gate's shape
    /// may be written with them.)
    pub fn captures_in<'s, 't>(
        &'s self,
        scan: &'s Scan<'t>,
    ) -> impl Iterator<Item = Captures<'t>> + use<'s, 't> {
        let text = scan.text;
        let wide = scan.wide_numerals;
        let Some(bit) = self.gate else {
            return OneOf::Whole(self.captures_with(text, Some(wide)));
        };
        if !scan.opens(bit) || (self.also != 0 && !wide && !scan.opens(self.also)) {
            // no trigger word: no match, and nothing to compile
            return OneOf::Neither;
        }
        let (re, c) = match self.compiled() {
            Some(c @ Compiled { reach: Some(_), .. }) => match c.regex(|| wide) {
                Some(re) => (re, c),
                None => return OneOf::Neither,
            },
            _ => return OneOf::Whole(self.captures_with(text, Some(wide))),
        };
        // the engine for wide numerals has the second id
        let memo = c.memo.map(|id| id + u32::from(c.wide.is_some() && wide));
        let mut windows = scan.windows_with_last(bit, c.sides.0, c.sides.1);
        if self.also != 0 && !wide {
            // (a numeric character beyond ASCII may stand for a digit of a
            // second gate's number shape: then every window is searched)
            scan.keep_windows_with(self.also, &mut windows);
        }
        let required = c.required.as_slice();
        let mut matches = WindowMatches {
            re,
            memo,
            text,
            at: 0,
            windows,
            next: 0,
            slots: None,
            required,
        };
        matches.enter(0);
        OneOf::Windows(matches)
    }

    /// The matches of `text`, leftmost-first, as `Regex::captures_iter`.
    pub fn captures_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Captures<'t>> + use<'r, 't> {
        self.captures_with(text, None)
    }

    /// [`Pattern::captures_iter`], told whether `text` has a numeric
    /// character beyond ASCII (`None`: look, when that matters).
    fn captures_with<'r, 't>(
        &'r self,
        text: &'t str,
        wide: Option<bool>,
    ) -> impl Iterator<Item = Captures<'t>> + use<'r, 't> {
        self.compiled()
            .and_then(|c| c.regex(|| wide.unwrap_or_else(|| c.wide_in(text))))
            .into_iter()
            .flat_map(move |re| re.captures_iter(text))
            .filter(move |c| {
                c.get_match()
                    .is_some_and(|m| unicode_edges(text, m.start(), m.end()))
            })
            .map(move |slots| Captures { text, slots })
    }

    /// The first match of `text`, as `Regex::captures`.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.captures_iter(text).next()
    }

    /// The spans of the matches of `text`, as `Regex::find_iter`.
    pub fn find_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Match<'t>> + use<'r, 't> {
        self.compiled()
            .and_then(|c| c.regex(|| c.wide_in(text)))
            .into_iter()
            .flat_map(move |re| re.find_iter(text))
            .filter(move |m| unicode_edges(text, m.start(), m.end()))
            .map(move |m| Match {
                text,
                start: m.start(),
                end: m.end(),
            })
    }

    /// The pattern as compiled (its `\b` made ASCII).
    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// The first match's span, as `Regex::find`.
    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.find_iter(text).next()
    }

    /// Whether `text` has a match, as `Regex::is_match`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// A match of a [`Pattern`] with its groups, as `regex::Captures`.
#[derive(Debug, Clone)]
pub struct Captures<'t> {
    text: &'t str,
    slots: Slots,
}

impl<'t> Captures<'t> {
    /// Group `i` (0: the whole match), when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'t>> {
        let s = self.slots.get_group(i)?;
        Some(Match {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }

    /// The group named `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'t>> {
        // The few names of a pattern compared in turn: cheaper than the
        // hash map of `get_group_by_name`, which hashes the name first.
        let pattern = self.slots.pattern()?;
        let index = self
            .slots
            .group_info()
            .pattern_names(pattern)
            .position(|n| n == Some(name))?;
        let s = self.slots.get_group(index)?;
        Some(Match {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }

    /// Every group, in order (0: the whole match).
    pub fn iter(&self) -> impl Iterator<Item = Option<Match<'t>>> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }

    /// The number of groups, the whole match included.
    pub fn len(&self) -> usize {
        self.slots.group_len()
    }

    /// Whether there is no group at all (never: group 0 is the match).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A span of a text matched by a [`Pattern`] or one of its groups, as
/// `regex::Match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Match<'t> {
    /// The byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The byte offset where the match ends.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The byte range of the match.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The length of the match in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the match is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// The matches of a gated pattern in the windows of a text.
struct WindowMatches<'s, 't> {
    re: &'s meta::Regex,
    /// Its key in the memo of groups ([`Compiled::memo`]).
    memo: Option<u32>,
    text: &'t str,
    /// Merged windows, in order, each with the end of its last trigger word.
    windows: Vec<(usize, usize, usize)>,
    /// The window searched.
    next: usize,
    /// Where the next search starts in it.
    at: usize,
    /// Groups of the last search (one allocation per match, not per
    /// search), made at the first search.
    slots: Option<Slots>,
    /// Bytes every match holds ([`Compiled::required`]).
    required: &'s [u8],
}

impl WindowMatches<'_, '_> {
    /// Moves to window `i`, or past it and the windows after it that lack
    /// one of the bytes every match holds (such a window has no match).
    fn enter(&mut self, mut i: usize) {
        while let Some(&(start, end, _)) = self.windows.get(i) {
            let bytes = self.text.as_bytes().get(start..end).unwrap_or_default();
            if self
                .required
                .iter()
                .all(|&b| memchr::memchr(b, bytes).is_some())
            {
                break;
            }
            i += 1;
        }
        self.next = i;
        if let Some(&(start, _, _)) = self.windows.get(i) {
            self.at = start;
        }
    }
}

impl<'t> Iterator for WindowMatches<'_, 't> {
    type Item = Captures<'t>;
    fn next(&mut self) -> Option<Captures<'t>> {
        while let Some(&(_, end, last)) = self.windows.get(self.next) {
            // A match holds a trigger word of the window (see
            // `captures_in`), so one starting at `at` or after ends after
            // `at` a trigger word that does: none when the window's last
            // one ends by `at` (after a match, the rest of the window
            // often holds no trigger word).
            if self.at <= end && self.at < last {
                let hay = &self.text[..end];
                let re = self.re;
                // The match first; its groups only when it is kept.
                if let Some(m) = re.search(&Input::new(hay).span(self.at..end)) {
                    // Gated patterns never match the empty string (see `reach`).
                    self.at = m.end().max(m.start() + 1);
                    if unicode_edges(self.text, m.start(), m.end()) {
                        let slots = self.slots.get_or_insert_with(|| re.create_captures());
                        read_groups(re, self.memo, hay, m.start(), m.end(), slots);
                        // (always: the search confined to a match finds it)
                        if slots.is_match() {
                            return Some(Captures {
                                text: self.text,
                                slots: slots.clone(),
                            });
                        }
                    }
                    continue;
                }
            }
            self.enter(self.next + 1);
        }
        None
    }
}

/// The matches of [`Pattern::captures_in`]: of the whole text, or of the
/// windows of a gated pattern, or none (one type, without boxing either).
enum OneOf<W, G> {
    Whole(W),
    Windows(G),
    Neither,
}

impl<T, W: Iterator<Item = T>, G: Iterator<Item = T>> Iterator for OneOf<W, G> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        match self {
            OneOf::Whole(w) => w.next(),
            OneOf::Windows(g) => g.next(),
            OneOf::Neither => None,
        }
    }
}

/// The trigger words of a gated pattern: every match of the pattern holds
/// one of them as a whole word (a run of ASCII letters, digits and `_`,
/// compared lowercased).
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    /// The pattern's bit in a [`Triggers`] table (0 to 63, one per pattern).
    pub bit: u8,
    /// The trigger words, lowercase.
    pub words: &'static [&'static str],
    /// Word shapes that trigger too.
    pub shapes: &'static [Shape],
    /// A second gate (with a bit of its own): every match also holds one
    /// of its words (or a word of one of its shapes) as a whole word, so a
    /// window around the trigger words without one holds no match and is
    /// not searched.
    pub also: Option<&'static Gate>,
}

impl Gate {
    /// A gate opened by whole words.
    pub const fn words(bit: u8, words: &'static [&'static str]) -> Gate {
        Gate {
            bit,
            words,
            shapes: &[],
            also: None,
        }
    }

    /// A gate opened by words of some shapes.
    pub const fn shapes(bit: u8, shapes: &'static [Shape]) -> Gate {
        Gate {
            bit,
            words: &[],
            shapes,
            also: None,
        }
    }

    /// This gate with a second one ([`Gate::also`]): every match of the
    /// pattern holds a word of each.
    pub const fn and(self, also: &'static Gate) -> Gate {
        Gate {
            also: Some(also),
            ..self
        }
    }
}

/// A kind of word that triggers a gate, for numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A word of ASCII digits only ("1998", "3").
    Digits,
    /// A word of four ASCII digits ("1998").
    FourDigits,
    /// A word starting with an ASCII digit ("10am", "3rd").
    DigitFirst,
    /// A decade: digits ending in 0, with or without an `s` ("1990", "90s").
    Decade,
    /// ASCII digits followed by one of these (lowercase) endings ("10am",
    /// "1400gmt").
    DigitsThen(&'static [&'static str]),
    /// A word starting with one of these (lowercase) beginnings, for
    /// patterns whose names may run into the next word ("3 Jan" in
    /// "3 Janet" matches a pattern with no boundary after the month).
    StartsWith(&'static [&'static str]),
}

impl Shape {
    fn fits(self, word: &[u8]) -> bool {
        let digits = |w: &[u8]| !w.is_empty() && w.iter().all(u8::is_ascii_digit);
        match self {
            Shape::Digits => digits(word),
            Shape::FourDigits => word.len() == 4 && digits(word),
            Shape::DigitFirst => word.first().is_some_and(u8::is_ascii_digit),
            Shape::Decade => {
                let w = word.strip_suffix(b"s").unwrap_or(word);
                digits(w) && w.ends_with(b"0")
            }
            Shape::StartsWith(starts) => starts.iter().any(|s| word.starts_with(s.as_bytes())),
            Shape::DigitsThen(ends) => {
                let n = word.iter().take_while(|b| b.is_ascii_digit()).count();
                n > 0
                    && n < word.len()
                    && word.get(n..).is_some_and(|rest| {
                        ends.iter().any(|e| rest.eq_ignore_ascii_case(e.as_bytes()))
                    })
            }
        }
    }
}

/// The trigger words of a set of gates, for [`Scan::new`].
pub struct Triggers {
    /// Trigger words, lowercase, packed into a number ([`pack`]).
    words: FxHashMap<u128, u64>,
    /// For each pair of first and second bytes of a word (see
    /// [`PAIR_INDEX`]; second 0 for a word of one byte), bit `n` set when a
    /// trigger word of `n` bytes starts with them, and bit `32 + n` when a
    /// beginning of `n` bytes does: most words of a text are looked up no
    /// further.
    pairs: Vec<u64>,
    /// Word beginnings ([`Shape::StartsWith`]), packed, with their length.
    starts: Vec<(usize, FxHashMap<u128, u64>)>,
    /// A bit for each first three bytes (see [`triple_slot`]) that a
    /// trigger word of three bytes or more, or a beginning, can start
    /// with: most words of three bytes or more whose first two bytes pass
    /// [`Triggers::pairs`] are stopped here, before a hash lookup.
    triples: Vec<u64>,
    /// The number shapes, looked at only for words starting with a digit.
    numbers: Vec<(Shape, u64)>,
}

/// The index of an ASCII word byte in [`Triggers::pairs`]: 1 to 10 for the
/// digits, 11 to 36 for the letters (either case), 37 for `_`; 0 for any
/// other byte.
static PAIR_INDEX: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0u8;
    while b < 128 {
        t[b as usize] = match b {
            b'0'..=b'9' => b - b'0' + 1,
            b'a'..=b'z' => b - b'a' + 11,
            b'A'..=b'Z' => b - b'A' + 11,
            b'_' => 37,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The number of values of [`PAIR_INDEX`].
const PAIR_SIDE: usize = 38;

/// The slot of [`Triggers::pairs`] for a word's first two bytes.
fn pair_slot(first: u8, second: Option<u8>) -> usize {
    usize::from(PAIR_INDEX[usize::from(first)]) * PAIR_SIDE
        + second.map_or(0, |b| usize::from(PAIR_INDEX[usize::from(b)]))
}

/// The bit of [`Triggers::triples`] for a word's first three bytes.
fn triple_slot(first: u8, second: u8, third: u8) -> usize {
    pair_slot(first, Some(second)) * PAIR_SIDE + usize::from(PAIR_INDEX[usize::from(third)])
}

/// The slots of [`Triggers::triples`] of the words of three bytes or more
/// that start with `prefix` (at least one byte).
fn triple_slots(prefix: &[u8]) -> Vec<usize> {
    let index = |b: &u8| usize::from(PAIR_INDEX[usize::from(*b)]);
    match prefix {
        [] => Vec::new(),
        [a] => (0..PAIR_SIDE * PAIR_SIDE)
            .map(|i| index(a) * PAIR_SIDE * PAIR_SIDE + i)
            .collect(),
        [a, b] => (0..PAIR_SIDE)
            .map(|i| (index(a) * PAIR_SIDE + index(b)) * PAIR_SIDE + i)
            .collect(),
        [a, b, c, ..] => vec![triple_slot(*a, *b, *c)],
    }
}

/// The slots of [`Triggers::pairs`] of the words that start with `prefix`
/// (at least one byte).
fn pair_slots(prefix: &[u8]) -> Vec<usize> {
    match prefix {
        [] => Vec::new(),
        [a] => (0..PAIR_SIDE)
            .map(|i| usize::from(PAIR_INDEX[usize::from(*a)]) * PAIR_SIDE + i)
            .collect(),
        [a, b, ..] => vec![pair_slot(*a, Some(*b))],
    }
}

/// The longest trigger word or beginning, in bytes.
const KEY_LEN: usize = 16;

/// `word` (its first [`KEY_LEN`] bytes, ASCII) as one number, letters
/// lowercased.
fn pack(word: &[u8]) -> u128 {
    let w = word.get(..KEY_LEN).unwrap_or(word);
    let n = w.len();
    // Two loads that overlap when the word is shorter than both (the
    // bytes they share are the same): no call to copy a few bytes.
    let x = if n >= 8 {
        let lo = w
            .get(..8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes);
        let hi = w
            .get(n - 8..)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes);
        u128::from(lo) | u128::from(hi) << (8 * (n - 8))
    } else if n >= 4 {
        let lo = w
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes);
        let hi = w
            .get(n - 4..)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes);
        u128::from(lo) | u128::from(hi) << (8 * (n - 4))
    } else {
        w.iter().rev().fold(0u128, |x, &b| (x << 8) | u128::from(b))
    };
    lowercase_ascii(x)
}

/// The bytes of `x`, all ASCII, with their capital letters lowercased (all
/// sixteen at once: no byte carries into the next).
fn lowercase_ascii(x: u128) -> u128 {
    const ONES: u128 = u128::MAX / 0xFF;
    let at_least_a = x + ONES * (0x80 - u128::from(b'A'));
    let beyond_z = x + ONES * (0x80 - u128::from(b'Z') - 1);
    let upper = at_least_a & !beyond_z & (ONES * 0x80);
    x | (upper >> 2)
}

impl Triggers {
    /// The table for `gates` (their bits must differ; their words and
    /// beginnings lowercase, at most `KEY_LEN` bytes).
    pub fn new(gates: &[Gate]) -> Triggers {
        let mut words: FxHashMap<u128, u64> = FxHashMap::default();
        let mut pairs = vec![0u64; PAIR_SIDE * PAIR_SIDE];
        let mut triples = vec![0u64; (PAIR_SIDE * PAIR_SIDE * PAIR_SIDE).div_ceil(64)];
        let mut mark = |slots: Vec<usize>| {
            for slot in slots {
                if let Some(t) = triples.get_mut(slot / 64) {
                    *t |= 1 << (slot % 64);
                }
            }
        };
        let mut starts: Vec<(usize, FxHashMap<u128, u64>)> = Vec::new();
        let mut numbers: Vec<(Shape, u64)> = Vec::new();
        for g in gates.iter().flat_map(|g| std::iter::once(g).chain(g.also)) {
            let bit = 1u64 << g.bit;
            for w in g.words {
                let w = w.as_bytes();
                debug_assert!(
                    !w.is_empty()
                        && w.len() <= KEY_LEN
                        && w.iter()
                            .all(|&b| WORD_BYTE[usize::from(b)] && !b.is_ascii_uppercase())
                );
                *words.entry(pack(w)).or_default() |= bit;
                if w.len() >= 3 {
                    mark(triple_slots(w));
                }
                for slot in pair_slots(w) {
                    pairs[slot] |= 1 << w.len().min(KEY_LEN);
                }
            }
            for s in g.shapes {
                match s {
                    Shape::StartsWith(beginnings) => {
                        for b in *beginnings {
                            let b = b.as_bytes();
                            debug_assert!(!b.is_empty() && b.len() <= KEY_LEN);
                            let i = match starts.iter().position(|(n, _)| *n == b.len()) {
                                Some(i) => i,
                                None => {
                                    starts.push((b.len(), FxHashMap::default()));
                                    starts.len() - 1
                                }
                            };
                            *starts[i].1.entry(pack(b)).or_default() |= bit;
                            mark(triple_slots(b));
                            for slot in pair_slots(b) {
                                pairs[slot] |= 1 << (32 + b.len().min(KEY_LEN));
                            }
                        }
                    }
                    _ => match numbers.iter_mut().find(|(t, _)| t == s) {
                        Some((_, m)) => *m |= bit,
                        None => numbers.push((*s, bit)),
                    },
                }
            }
        }
        Triggers {
            words,
            pairs,
            starts,
            triples,
            numbers,
        }
    }

    /// The gates a word of ASCII word bytes opens.
    fn mask(&self, word: &[u8]) -> u64 {
        let Some(&first) = word.first() else {
            return 0;
        };
        let mut mask = 0;
        if first.is_ascii_digit() {
            for (shape, bit) in &self.numbers {
                if shape.fits(word) {
                    mask |= bit;
                }
            }
        }
        let pair = self
            .pairs
            .get(pair_slot(first, word.get(1).copied()))
            .copied()
            .unwrap_or(0);
        if pair == 0 {
            return mask;
        }
        if let [a, b, c, ..] = *word {
            let slot = triple_slot(a, b, c);
            let bits = self.triples.get(slot / 64).copied().unwrap_or(0);
            if bits & (1 << (slot % 64)) == 0 {
                return mask;
            }
        }
        if word.len() <= KEY_LEN && pair & (1 << word.len()) != 0 {
            mask |= self.words.get(&pack(word)).copied().unwrap_or(0);
        }
        if pair >> 32 != 0 {
            for (n, beginnings) in &self.starts {
                if pair & (1 << (32 + (*n).min(KEY_LEN))) != 0 {
                    if let Some(b) = word.get(..*n) {
                        mask |= beginnings.get(&pack(b)).copied().unwrap_or(0);
                    }
                }
            }
        }
        mask
    }
}

/// ASCII word bytes: letters, digits and `_`.
static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// [`BYTE_CLASS`] of an ASCII byte that is none of the others.
const OTHER: u8 = 0;
/// [`BYTE_CLASS`] of an ASCII word byte (letter, digit, `_`).
const WORD: u8 = 1;
/// [`BYTE_CLASS`] of an ASCII separator (white space as `\s`, hyphen).
const SEPARATOR: u8 = 2;
/// [`BYTE_CLASS`] of a byte of a character beyond ASCII.
const BEYOND_ASCII: u8 = 3;

/// What each byte is to [`Scan::new`].
static BYTE_CLASS: [u8; 256] = {
    let mut t = [BEYOND_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if WORD_BYTE[b] {
            WORD
        } else if matches!(b as u8, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'-') {
            SEPARATOR
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// A text with the trigger words of every gate found in one pass.
pub struct Scan<'t> {
    /// The text.
    pub text: &'t str,
    /// Trigger words: byte span, the bits of the gates they open, and the
    /// number of separator runs before them.
    hits: Vec<(usize, usize, u64, usize)>,
    /// The runs of separators of the text (see [`is_separator`]), in order.
    runs: Vec<(usize, usize)>,
    /// The gates opened anywhere in the text.
    opened: u64,
    /// Whether the text has a numeric character beyond ASCII.
    wide_numerals: bool,
}

impl<'t> Scan<'t> {
    /// Finds the words of `text` that open a gate of `triggers`, and its
    /// runs of separators.
    pub fn new(text: &'t str, triggers: &Triggers) -> Scan<'t> {
        let bytes = text.as_bytes();
        // Sized once for most texts instead of grown and copied: news text
        // has a separator run every five or six bytes, and a trigger word
        // every fifty or so.
        let mut hits = Vec::with_capacity(bytes.len() / 32 + 1);
        let mut runs: Vec<(usize, usize)> = Vec::with_capacity(bytes.len() / 4 + 1);
        let mut wide_numerals = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let start = i;
            match BYTE_CLASS[usize::from(b)] {
                WORD => {
                    i += 1;
                    while bytes
                        .get(i)
                        .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == WORD)
                    {
                        i += 1;
                    }
                    let mask = if bytes.get(i).is_some_and(|&b| b >= 0x80)
                        && word_byte(bytes, i).is_some()
                    {
                        // the word goes on with a Kelvin sign or a long s
                        i = word_end(bytes, i);
                        u64::MAX
                    } else {
                        triggers.mask(&bytes[start..i])
                    };
                    if mask != 0 {
                        hits.push((start, i, mask, runs.len()));
                    }
                }
                SEPARATOR => {
                    i += 1;
                    while bytes
                        .get(i)
                        .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == SEPARATOR)
                    {
                        i += 1;
                    }
                    add_run(&mut runs, start, i);
                }
                OTHER => i += 1,
                _ => {
                    if word_byte(bytes, i).is_some() {
                        // A Kelvin sign or long s is a letter to a
                        // case-insensitive pattern but not to its ASCII word
                        // boundaries, so the word may hold a trigger word
                        // ending or starting there: open every gate.
                        i = word_end(bytes, i);
                        hits.push((start, i, u64::MAX, runs.len()));
                        continue;
                    }
                    let (sep, len) = separator_at(text, i);
                    if sep {
                        add_run(&mut runs, i, i + len);
                    } else if !wide_numerals {
                        wide_numerals = text
                            .get(i..)
                            .and_then(|s| s.chars().next())
                            .is_some_and(char::is_numeric);
                    }
                    i += len;
                }
            }
        }
        let opened = hits.iter().fold(0, |m, h| m | h.2);
        Scan {
            text,
            hits,
            runs,
            opened,
            wide_numerals,
        }
    }

    /// Whether a word of the text opens the gate of `bit`.
    fn opens(&self, bit: u64) -> bool {
        self.opened & bit != 0
    }

    /// The merged windows around the trigger words of `bit`, each reaching
    /// `reach` separator runs to either side: from the end of the
    /// `reach + 1`th run before the word (or the start of the text) to the
    /// start of the `reach + 1`th run after it (or the end of the text).
    #[cfg(test)]
    fn windows(&self, bit: u64, reach: usize) -> Vec<(usize, usize)> {
        self.windows_sided(bit, reach, reach)
    }

    /// [`Scan::windows`] reaching `left` runs before each trigger word and
    /// `right` runs after it.
    #[cfg(test)]
    fn windows_sided(&self, bit: u64, left: usize, right: usize) -> Vec<(usize, usize)> {
        self.windows_with_last(bit, left, right)
            .into_iter()
            .map(|(lo, hi, _)| (lo, hi))
            .collect()
    }

    /// The merged windows reaching `left` separator runs before each trigger
    /// word of `bit` and `right` runs after it, each with the end of the last
    /// trigger word of `bit` in it (trigger words come in text order, so it is the
    /// largest end).
    fn windows_with_last(&self, bit: u64, left: usize, right: usize) -> Vec<(usize, usize, usize)> {
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        for &(start, end, mask, before) in &self.hits {
            if mask & bit == 0 {
                continue;
            }
            let hi = before
                .checked_add(right)
                .and_then(|k| self.runs.get(k))
                .map_or(self.text.len(), |r| r.0);
            match out.last_mut() {
                // A word inside the last window: its window starts inside it too.
                Some(w) if start <= w.1 => {
                    w.1 = w.1.max(hi);
                    w.2 = w.2.max(end);
                }
                _ => {
                    let lo = before
                        .checked_sub(left.saturating_add(1))
                        .and_then(|k| self.runs.get(k))
                        .map_or(0, |r| r.1);
                    match out.last_mut() {
                        Some(w) if lo <= w.1 => {
                            w.1 = w.1.max(hi);
                            w.2 = w.2.max(end);
                        }
                        _ => out.push((lo, hi, end)),
                    }
                }
            }
        }
        out
    }

    /// Keeps the `windows` (merged, in order) that hold a word opening the
    /// gate of `bit` (see [`Gate::also`]).
    fn keep_windows_with(&self, bit: u64, windows: &mut Vec<(usize, usize, usize)>) {
        // A window holds few trigger words: find its first by a binary
        // search instead of walking every trigger word of the text.
        let hits = self.hits.as_slice();
        windows.retain(|&(lo, hi, _)| {
            let from = hits.partition_point(|h| h.0 < lo);
            hits.get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|h| h.0 < hi)
                .any(|h| h.2 & bit != 0)
        });
    }
}

/// Adds the separator at `start..end` to `runs`, extending the last run
/// when it ends there.
fn add_run(runs: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    match runs.last_mut() {
        Some(r) if r.1 == start => r.1 = end,
        _ => runs.push((start, end)),
    }
}

/// The end of the word whose bytes (see [`word_byte`]) go on from `i`.
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some((_, len)) = word_byte(bytes, i) {
        i += len;
    }
    i
}

/// The word byte at `i` (ASCII letter, digit or `_`) and its length in the
/// text. The Kelvin sign and the long s read as `k` and `s`: a
/// case-insensitive pattern matches them as those letters.
fn word_byte(bytes: &[u8], i: usize) -> Option<(u8, usize)> {
    let b = *bytes.get(i)?;
    if b.is_ascii_alphanumeric() || b == b'_' {
        return Some((b, 1));
    }
    if let Some([0xE2, 0x84, 0xAA]) = bytes.get(i..i + 3) {
        return Some((b'k', 3));
    }
    match bytes.get(i..i + 2) {
        Some([0xC5, 0xBF]) => Some((b's', 2)),
        _ => None,
    }
}

/// Separators between the words of a match: white space (as `\s`) and
/// hyphens.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

/// Whether the character starting at byte `i` of `text` is a separator, and
/// its length. ASCII bytes are read directly; `\s` holds no ASCII byte
/// beyond these.
fn separator_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (
            matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'-'),
            1,
        );
    }
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => (is_separator(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// How many separator runs a match of `hir` can hold at most, or
/// `None` when it cannot be gated: it can match the empty string, hold any
/// number of runs, or look at the start or end of a text or line.
fn reach(hir: &Hir) -> Option<usize> {
    if hir.properties().minimum_len().unwrap_or(0) == 0 {
        return None;
    }
    runs(hir)
}

/// How many separator runs a match of `hir` can hold before its trigger
/// word and after it, for a pattern of `reach` runs gated by `words`: when
/// the pattern is a sequence one of whose parts matches only trigger words,
/// each standing as a whole word (an ASCII word boundary or a character
/// that is not an ASCII word character on each side, as [`Scan`] reads
/// words), every match has a trigger word there, with the runs of the parts
/// before it on one side and those after it on the other. Otherwise `reach`
/// on both sides.
fn sides_of(hir: &Hir, reach: Option<usize>, words: &[&str]) -> (usize, usize) {
    let reach = reach.unwrap_or(0);
    let mut best = (reach, reach);
    let mut h = hir;
    while let HirKind::Capture(cap) = h.kind() {
        h = &cap.sub;
    }
    let HirKind::Concat(items) = h.kind() else {
        return best;
    };
    for (k, item) in items.iter().enumerate() {
        let Some(language) = words_of(item) else {
            continue;
        };
        if language.is_empty()
            || !language
                .iter()
                .all(|w| words.iter().any(|t| t.as_bytes() == w.as_slice()))
        {
            continue;
        }
        let guarded = |side: &mut dyn Iterator<Item = &Hir>, last: bool| {
            for h in side {
                match edge(h, last) {
                    Edge::Guard => return true,
                    Edge::MaybeEmpty => continue,
                    Edge::Fail => return false,
                }
            }
            false
        };
        if !guarded(&mut items[..k].iter().rev(), true)
            || !guarded(&mut items[k + 1..].iter(), false)
        {
            continue;
        }
        let count = |hs: &[Hir]| {
            hs.iter()
                .try_fold(0usize, |n, h| n.checked_add(runs(h)?))
                .unwrap_or(reach)
        };
        let sides = (
            count(&items[..k]).min(reach),
            count(&items[k + 1..]).min(reach),
        );
        if sides.0 + sides.1 < best.0 + best.1 {
            best = sides;
        }
    }
    best
}

/// What the edge of a part of a pattern says about the character next to
/// the part beside it: see [`sides_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// It is not an ASCII word character (or there is an ASCII word
    /// boundary), whatever the part matches.
    Guard,
    /// Likewise when the part matches something; it can match nothing, and
    /// then the part beyond decides.
    MaybeEmpty,
    /// Nothing known.
    Fail,
}

/// [`Edge`] of `h` at its end (`last`) or start.
fn edge(h: &Hir, last: bool) -> Edge {
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    match h.kind() {
        HirKind::Empty => Edge::MaybeEmpty,
        HirKind::Look(
            Look::WordAscii
            | Look::WordUnicode
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartUnicode
            | Look::WordEndUnicode,
        ) => Edge::Guard,
        HirKind::Look(_) => Edge::Fail,
        HirKind::Literal(lit) => {
            let b = if last { lit.0.last() } else { lit.0.first() };
            match b {
                Some(&b) if !word_byte(b) => Edge::Guard,
                _ => Edge::Fail,
            }
        }
        HirKind::Class(Class::Unicode(c)) => {
            if c.ranges()
                .iter()
                .any(|r| (r.start()..=r.end().min('\u{7F}')).any(|ch| word_byte(ch as u8)))
            {
                Edge::Fail
            } else {
                Edge::Guard
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            if c.ranges()
                .iter()
                .any(|r| (r.start()..=r.end()).any(word_byte))
            {
                Edge::Fail
            } else {
                Edge::Guard
            }
        }
        HirKind::Capture(cap) => edge(&cap.sub, last),
        HirKind::Repetition(rep) => match (edge(&rep.sub, last), rep.min) {
            (Edge::Fail, _) => Edge::Fail,
            (e, 1..) => e,
            (_, 0) => Edge::MaybeEmpty,
        },
        HirKind::Concat(hs) => {
            let mut side: Box<dyn Iterator<Item = &Hir>> = if last {
                Box::new(hs.iter().rev())
            } else {
                Box::new(hs.iter())
            };
            for h in &mut side {
                match edge(h, last) {
                    Edge::MaybeEmpty => continue,
                    e => return e,
                }
            }
            Edge::MaybeEmpty
        }
        HirKind::Alternation(hs) => {
            hs.iter()
                .map(|h| edge(h, last))
                .fold(Edge::Guard, |a, e| match (a, e) {
                    (Edge::Fail, _) | (_, Edge::Fail) => Edge::Fail,
                    (Edge::MaybeEmpty, _) | (_, Edge::MaybeEmpty) => Edge::MaybeEmpty,
                    _ => Edge::Guard,
                })
        }
    }
}

/// Every text `h` matches, lowercased, when they are few and made of ASCII
/// letters, digits and `_` (the Kelvin sign and the long s read as `k` and
/// `s`, as [`Scan`] reads them); `None` otherwise.
fn words_of(h: &Hir) -> Option<Vec<Vec<u8>>> {
    const MOST: usize = 512;
    let letter = |c: char| -> Option<u8> {
        match c {
            '\u{212A}' => Some(b'k'),
            '\u{17F}' => Some(b's'),
            c if c.is_ascii_alphanumeric() || c == '_' => Some(c.to_ascii_lowercase() as u8),
            _ => None,
        }
    };
    let one_of = |chars: Vec<u8>| -> Vec<Vec<u8>> {
        let mut chars = chars;
        chars.sort_unstable();
        chars.dedup();
        chars.into_iter().map(|b| vec![b]).collect()
    };
    let out = match h.kind() {
        HirKind::Empty => vec![Vec::new()],
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            vec![text.chars().map(letter).collect::<Option<Vec<u8>>>()?]
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut chars = Vec::new();
            for r in c.ranges() {
                if u32::from(r.end()) - u32::from(r.start()) > 64 {
                    return None;
                }
                for ch in r.start()..=r.end() {
                    chars.push(letter(ch)?);
                }
            }
            one_of(chars)
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut chars = Vec::new();
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    chars.push(letter(char::from(b)).filter(|_| b.is_ascii())?);
                }
            }
            one_of(chars)
        }
        HirKind::Look(_) => return None,
        HirKind::Capture(cap) => words_of(&cap.sub)?,
        HirKind::Repetition(rep) => {
            let max = rep.max?;
            if max > 4 {
                return None;
            }
            let sub = words_of(&rep.sub)?;
            let mut all = Vec::new();
            let mut these = vec![Vec::new()];
            for n in 0..=max {
                if n >= rep.min {
                    all.extend(these.iter().cloned());
                }
                these = cross(&these, &sub)?;
            }
            all
        }
        HirKind::Concat(hs) => {
            let mut all = vec![Vec::new()];
            for h in hs {
                all = cross(&all, &words_of(h)?)?;
            }
            all
        }
        HirKind::Alternation(hs) => {
            let mut all = Vec::new();
            for h in hs {
                all.extend(words_of(h)?);
                if all.len() > MOST {
                    return None;
                }
            }
            all
        }
    };
    (out.len() <= MOST).then_some(out)
}

/// Every text of `a` followed by one of `b` (`None`: too many).
fn cross(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len().saturating_mul(b.len()) > 512 {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
            .collect(),
    )
}

/// The most separator runs a match of `h` can hold (an upper bound).
fn runs(h: &Hir) -> Option<usize> {
    match h.kind() {
        HirKind::Empty => Some(0),
        HirKind::Look(look) => match look {
            Look::WordAscii
            | Look::WordAsciiNegate
            | Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode => Some(0),
            _ => None,
        },
        HirKind::Literal(lit) => Some(
            String::from_utf8_lossy(&lit.0)
                .chars()
                .filter(|c| is_separator(*c))
                .count(),
        ),
        HirKind::Class(class) => Some(usize::from(class_has(class, is_separator))),
        HirKind::Repetition(rep) => {
            let inner = runs(&rep.sub)?;
            if inner == 0 {
                Some(0)
            } else if only_separators(&rep.sub) {
                Some(1) // one stretch of separators is one run
            } else {
                inner.checked_mul(usize::try_from(rep.max?).ok()?)
            }
        }
        HirKind::Capture(cap) => runs(&cap.sub),
        HirKind::Concat(hs) => hs.iter().try_fold(0usize, |n, h| n.checked_add(runs(h)?)),
        HirKind::Alternation(hs) => hs.iter().try_fold(0usize, |n, h| Some(n.max(runs(h)?))),
    }
}

/// Whether some character of `class` satisfies `f` (every byte at or above
/// 0x80 of a byte class counts as satisfying it).
fn class_has(class: &Class, f: impl Fn(char) -> bool) -> bool {
    match class {
        Class::Unicode(c) => c.ranges().iter().any(|r| {
            // Separators are all below U+3001; look no further.
            let end = r.end().min('\u{3001}');
            (r.start()..=end).any(&f)
        }),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .any(|r| r.end() >= 0x80 || (r.start()..=r.end()).any(|b| f(char::from(b)))),
    }
}

/// Whether `h` is a class of separators only (`\s`, `[\s-]`, `[- ]`).
fn only_separators(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().all(|r| {
            u32::from(r.end()) - u32::from(r.start()) < 0x4000
                && (r.start()..=r.end()).all(is_separator)
        }),
        _ => false,
    }
}

/// Whether a match at `start..end` of `text` has a word boundary at each
/// edge that is a word character, as Unicode counts words: no letter or
/// digit glued to it.
pub(crate) fn unicode_edges(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let inner_first = text.get(start..).and_then(|s| s.chars().next());
    let inner_last = text.get(..end).and_then(|s| s.chars().next_back());
    let outer_before = text.get(..start).and_then(|s| s.chars().next_back());
    let outer_after = text.get(end..).and_then(|s| s.chars().next());
    let glued = |inner: Option<char>, outer: Option<char>| {
        inner.is_some_and(word) && outer.is_some_and(|o| !o.is_ascii() && word(o))
    };
    !(start < end && (glued(inner_first, outer_before) || glued(inner_last, outer_after)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach_of(pattern: &str) -> Option<usize> {
        reach(&regex_syntax::parse(pattern).expect("parses"))
    }

    #[test]
    fn required_bytes_are_those_no_match_lacks() {
        let req = |p: &str| required_bytes(&regex_syntax::parse(p).expect("parses"));
        assert_eq!(req(r"\d{1,2}:\d{2}(?:\s+GMT)?"), b":");
        assert_eq!(req(r"(?i)a/b|c/d\.?"), b"/");
        assert_eq!(req(r"(?:x:)?y|z"), b"");
        assert_eq!(req(r"(?:-x)+y-"), b"-xy");
        assert_eq!(req(r"(?i)ab"), b"", "letters are classes");
        let c = Compiled::new(r"\b(\d{1,2}):(\d{2})\b", false, &[]).expect("compiles");
        assert_eq!(c.required, b":");
    }

    #[test]
    fn sides_count_the_runs_around_a_part_made_of_trigger_words() {
        let sides = |p: &str, words: &[&str]| {
            let hir = regex_syntax::parse(p).expect("parses");
            sides_of(&hir, reach(&hir), words)
        };
        let units = ["year", "years", "day", "days"];
        assert_eq!(
            sides(r"(?i)\b\d+\s+(?P<u>years?|days?)\s+ago\b", &units),
            (1, 1)
        );
        assert_eq!(
            sides(r"(?i)\b(?:a|one)\s+\w\s+(?:years?|days?)\b", &units),
            (2, 0)
        );
        assert_eq!(
            sides(
                r"(?i)\b(?:a|one)\s+\w\s+(?:years?|days?)(?:\s+x)?[,.]",
                &units
            ),
            (2, 1)
        );
        // glued to a word character on the right: no telling where the word ends
        assert_eq!(sides(r"(?i)\b\d+\s+(?:years?)(?:ly)?\s+x", &units), (2, 2));
        // "month" is no trigger word here
        assert_eq!(
            sides(r"(?i)\b\d+\s+(?:years?|months?)\s+ago\b", &units),
            (2, 2)
        );
        // no word boundary on the left
        assert_eq!(sides(r"(?i)\d+\s+x(?:years?)\s+ago\b", &units), (2, 2));
        // the Kelvin sign and the long s read as k and s, as the scan reads them
        assert_eq!(sides(r"(?i)\ba\s+(?P<u>day\u{17F})\b", &units), (1, 0));
        // a part must be one group: the letters of a word alone are parts each
        assert_eq!(sides(r"(?i)\ba\s+days\b", &units), (1, 1));
        assert_eq!(
            words_of(&regex_syntax::parse("(?i)ks").expect("parses")).map(|w| w.len()),
            Some(1)
        );
    }

    #[test]
    fn reach_counts_separator_runs() {
        assert_eq!(reach_of(r"(?i)\bnext\s+week\b"), Some(1));
        assert_eq!(reach_of(r"a[\s-]+b\s+c"), Some(2));
        assert_eq!(reach_of(r"a(?:\s+b){0,3}"), Some(3));
        assert_eq!(reach_of(r"\d+(?:,\d{3})*\s*pm"), Some(1));
        assert_eq!(reach_of(r"a-b c"), Some(2));
        assert_eq!(reach_of(r"a.*b"), None, "any number of words");
        assert_eq!(reach_of(r"(?:a\s+)+b"), None, "any number of words");
        assert_eq!(reach_of(r"^a\s+b"), None, "looks at the start");
        assert_eq!(reach_of(r"a?"), None, "matches the empty string");
    }

    /// The word scanner reads the Kelvin sign and the long s as k and s
    /// because a case-insensitive pattern matches them so; no other
    /// non-ASCII character matches an ASCII letter.
    #[test]
    fn case_insensitive_letters_are_ascii_but_two() {
        for letter in 'a'..='z' {
            let hir = regex_syntax::parse(&format!("(?i){letter}")).expect("parses");
            let HirKind::Class(Class::Unicode(c)) = hir.kind() else {
                panic!("{letter}: not a class");
            };
            let others: Vec<char> = c
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .filter(|ch| !ch.is_ascii())
                .collect();
            let expected: &[char] = match letter {
                'k' => &['\u{212A}'],
                's' => &['\u{17F}'],
                _ => &[],
            };
            assert_eq!(others, expected, "{letter}");
        }
        let scan = Scan::new(
            "wee\u{212A}s ye\u{17F}",
            &Triggers::new(&[Gate {
                bit: 0,
                words: &["weeks", "yes"],
                shapes: &[],
                also: None,
            }]),
        );
        assert_eq!(scan.hits.len(), 2);
    }

    /// The reference for [`Scan::windows`]: the start of the window reaching `runs` separator runs left of `pos`.
    fn reach_left(text: &str, pos: usize, runs: usize) -> usize {
        let bytes = text.as_bytes();
        let mut seen = 0;
        let mut in_run = false;
        let mut i = pos;
        while i > 0 {
            // step back to the start of the previous character
            let mut j = i - 1;
            while j > 0 && (bytes[j] & 0xC0) == 0x80 {
                j -= 1;
            }
            let (sep, len) = separator_at(text, j);
            if sep {
                if !in_run {
                    seen += 1;
                    in_run = true;
                    if seen > runs {
                        return j + len;
                    }
                }
            } else {
                in_run = false;
            }
            i = j;
        }
        0
    }

    /// The reference for [`Scan::windows`]: the end of the window reaching `runs` separator runs right of `pos`.
    fn reach_right(text: &str, pos: usize, runs: usize) -> usize {
        let mut seen = 0;
        let mut in_run = false;
        let mut i = pos;
        while i < text.len() {
            let (sep, len) = separator_at(text, i);
            if sep {
                if !in_run {
                    seen += 1;
                    in_run = true;
                    if seen > runs {
                        return i;
                    }
                }
            } else {
                in_run = false;
            }
            i += len;
        }
        text.len()
    }

    /// The windows as the earlier scanner made them, walking the text from
    /// each trigger word.
    fn reference_windows(scan: &Scan, bit: u64, reach: usize) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for &(start, end, mask, _) in &scan.hits {
            if mask & bit == 0 {
                continue;
            }
            let (lo, hi) = (
                reach_left(scan.text, start, reach),
                reach_right(scan.text, end, reach),
            );
            match out.last_mut() {
                Some(w) if lo <= w.1 => w.1 = w.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Windows read from the separator runs found once per text are
        /// those of a walk from each trigger word.
        #[test]
        fn windows_from_runs_are_walked_windows(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "week", "Week", "1990s", "may", "the", "x", "a.m.", "wee\u{212A}", "\u{17F}ee",
                    "Marché", " ", "  ", "-", " - ", "\n", "\u{a0}", "\u{2003}", "\u{3000}", "—",
                    ",", ".", "“", "é", "_", "",
                ]),
                0..30,
            ),
            reach in 0usize..5,
        ) {
            let text: String = parts.concat();
            let t = Triggers::new(&[
                Gate::words(1, &["week", "may"]),
                Gate::shapes(2, &[Shape::Decade, Shape::StartsWith(&["mar"])]),
            ]);
            let scan = Scan::new(&text, &t);
            for bit in [2u64, 4] {
                proptest::prop_assert_eq!(
                    scan.windows(bit, reach),
                    reference_windows(&scan, bit, reach),
                    "{:?}", text
                );
            }
        }

        /// A second gate keeps the windows that hold one of its words, as
        /// a walk over all trigger words finds them.
        #[test]
        fn second_gates_keep_the_windows_holding_their_words(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "week", "ago", "1990s", "may", "the", "x", "wee\u{212A}", "ag\u{17F}",
                    " ", "  ", "-", "\n", "\u{a0}", "—", ",", ".", "é", "",
                ]),
                0..30,
            ),
            left in 0usize..4,
            right in 0usize..4,
        ) {
            let text: String = parts.concat();
            // ("may" opens both gates)
            const AGO: Gate = Gate::words(3, &["ago", "x", "may"]);
            let t = Triggers::new(&[Gate::words(1, &["week", "may"]).and(&AGO)]);
            let scan = Scan::new(&text, &t);
            let all = scan.windows_with_last(2, left, right);
            let mut kept = all.clone();
            scan.keep_windows_with(8, &mut kept);
            let want: Vec<_> = all
                .into_iter()
                .filter(|&(lo, hi, _)| {
                    scan.hits.iter().any(|h| h.2 & 8 != 0 && lo <= h.0 && h.0 < hi)
                })
                .collect();
            proptest::prop_assert_eq!(kept, want, "{:?}", text);
        }
    }

    /// The gates a word opens, as [`Gate`] defines them.
    fn mask_by_definition(gates: &[Gate], word: &[u8]) -> u64 {
        let lower = word.to_ascii_lowercase();
        gates
            .iter()
            .filter(|g| {
                g.words.iter().any(|w| w.as_bytes() == lower.as_slice())
                    || g.shapes.iter().any(|s| match s {
                        Shape::StartsWith(_) => s.fits(&lower),
                        _ => s.fits(word),
                    })
            })
            .fold(0, |m, g| m | 1 << g.bit)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The pair table and the packed lookups give each word the gates
        /// that hold it.
        #[test]
        fn words_open_the_gates_that_hold_them(word in "[a-dA-D0-2_]{1,17}") {
            let gates = [
                Gate::words(0, &["a", "ab", "abc", "dab", "abcdabcdabcdabcd", "b0"]),
                Gate::words(5, &["abc", "cc", "d_d"]),
                Gate::shapes(7, &[Shape::StartsWith(&["b", "cab", "dd"]), Shape::Digits]),
                Gate::shapes(9, &[Shape::StartsWith(&["abcdabcdabcdabcd", "ca"])]),
                Gate::shapes(11, &[Shape::Decade, Shape::DigitFirst]),
                Gate::shapes(12, &[Shape::FourDigits]),
                Gate::shapes(13, &[Shape::DigitsThen(&["a", "ab", "_d"])]),
            ];
            let t = Triggers::new(&gates);
            let w = word.as_bytes();
            proptest::prop_assert_eq!(t.mask(w), mask_by_definition(&gates, w), "{}", word);
        }
    }

    /// The first version of [`pack`], which copied the word into a key.
    fn pack_by_copy(word: &[u8]) -> u128 {
        let mut key = [0u8; KEY_LEN];
        let n = word.len().min(KEY_LEN);
        key[..n].copy_from_slice(&word[..n]);
        lowercase_ascii(u128::from_le_bytes(key))
    }

    #[test]
    fn packing_loads_the_bytes_a_copy_would() {
        let text = b"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let w = &text[start..end];
                assert_eq!(pack(w), pack_by_copy(w), "{:?}", std::str::from_utf8(w));
            }
        }
    }

    #[test]
    fn packed_words_are_lowercase() {
        for b in 0u8..0x80 {
            let word = [b'x', b, b'Q', b];
            let want: Vec<u8> = word.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(pack(&word).to_le_bytes()[..4], want[..], "{b}");
            assert_eq!(pack(&word).to_le_bytes()[4..], [0; 12]);
        }
        assert_eq!(pack(b"SEMIANNUALLY"), pack(b"semiannually"));
        assert_ne!(pack(b"week"), pack(b"weeks"));
    }

    #[test]
    fn windows_reach_whole_words_and_merge() {
        let t = Triggers::new(&[Gate {
            bit: 3,
            words: &["week"],
            shapes: &[Shape::Decade],
            also: None,
        }]);
        let text = "a b c d next week e f g h i j k l m 1990s n o";
        let scan = Scan::new(text, &t);
        let w = scan.windows(1 << 3, 1);
        assert_eq!(
            w.iter().map(|(a, b)| &text[*a..*b]).collect::<Vec<_>>(),
            ["next week e", "m 1990s n"]
        );
        let w = scan.windows(1 << 3, 6);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(scan.windows(1 << 2, 1).is_empty());
    }

    #[test]
    fn gated_patterns_compile_when_their_gate_opens() {
        let gate = Gate::words(5, &["week"]);
        let t = Triggers::new(&[gate]);
        let p = Pattern::gated(r"(?i)\bnext\s+(?P<u>week)\b", &gate);
        let scan = Scan::new("next month, next year", &t);
        assert_eq!(p.captures_in(&scan).count(), 0);
        assert!(
            p.compiled.get().is_none(),
            "compiled without a trigger word"
        );
        let text = "not next Week, next week";
        let scan = Scan::new(text, &t);
        let found: Vec<_> = p
            .captures_in(&scan)
            .map(|c| (c.get(0).map(|m| m.range()), c.name("u").map(|m| m.as_str())))
            .collect();
        assert_eq!(
            found,
            [(Some(4..13), Some("Week")), (Some(15..24), Some("week"))]
        );
        assert!(p.is_gated());
        let bad = Pattern::gated(r"(?i)\bweek(", &gate);
        assert!(!bad.compiles());
        assert_eq!(bad.captures_in(&scan).count(), 0);
        assert!(Pattern::new(r"week(").is_err());
    }

    #[test]
    fn ascii_digits_rewrites_digit_classes_only() {
        assert_eq!(ascii_digits(r"a\s+b"), None);
        assert_eq!(
            ascii_digits(r"(\d{1,2})[\d,]\D\\d").as_deref(),
            Some(r"([0-9]{1,2})[[0-9],][^0-9]\\d")
        );
    }

    /// The spans of the groups of each match.
    type Groups = Vec<Vec<Option<(usize, usize)>>>;

    /// Every match of `p` in `text` with the spans of its groups, windowed
    /// (through the memo of groups) and from `regex::Regex`.
    fn windowed_and_regex(p: &Pattern, t: &Triggers, text: &str) -> (Groups, Groups) {
        let scan = Scan::new(text, t);
        let windowed = p
            .captures_in(&scan)
            .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
            .collect();
        let re = regex::Regex::new(p.as_str()).expect("compiles");
        let want = re
            .captures_iter(text)
            .filter(|c| {
                c.get(0)
                    .is_some_and(|m| unicode_edges(text, m.start(), m.end()))
            })
            .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
            .collect();
        (windowed, want)
    }

    /// Patterns whose groups hang on the bytes beside the match: the same
    /// matched bytes take other groups after or before a word byte, so
    /// the memo of groups must tell them apart (and a long match, past
    /// what it remembers, is read as before).
    fn edge_patterns() -> Vec<(Gate, Pattern)> {
        let after = Gate::shapes(6, &[Shape::StartsWith(&["ab"])]);
        let before = Gate::words(7, &["go"]);
        let long = Gate::words(8, &["x"]);
        vec![
            (
                after,
                Pattern::gated(r"(?i)\b(?:(?P<a>ab)\b|(?P<b>ab)c?)", &after),
            ),
            (
                before,
                Pattern::gated(r"(?:\b(?P<a>1)|(?P<b>1))2\s+go\b", &before),
            ),
            (
                long,
                Pattern::gated(r"\bx(?:\s+(?P<y>y+)|(?P<z>\s+z+))\b", &long),
            ),
        ]
    }

    #[test]
    fn remembered_groups_are_the_engines() {
        let texts = [
            "ab abc abx ab_ ab, AB abX",
            "abx ab abc ab",
            "12 go 012 go 12a go 112 go x12 go _12 go 12 go",
            "012 go 12 go 012 go",
            "x yyy x zzz x yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy x zzz",
            "x yyy x yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy x yyy",
        ];
        for (gate, p) in edge_patterns() {
            let t = Triggers::new(&[gate]);
            // twice: the second time from the memo
            for _ in 0..2 {
                for text in texts {
                    let (windowed, want) = windowed_and_regex(&p, &t, text);
                    assert_eq!(windowed, want, "{} on {text:?}", p.as_str());
                }
            }
        }
        // what the memo is told apart by shows in the groups
        let (_, p) = &edge_patterns()[1];
        let t = Triggers::new(&[edge_patterns()[1].0]);
        let (windowed, _) = windowed_and_regex(p, &t, "12 go 012 go 12 go");
        let named: Vec<Vec<bool>> = windowed
            .iter()
            .map(|g| g.iter().map(Option::is_some).collect())
            .collect();
        assert_eq!(
            named,
            [
                [true, true, false],
                [true, false, true],
                [true, true, false]
            ]
        );
    }

    /// `words`, each after the separator of its index in `seps`.
    fn salad(words: &[&str], seps: &[&str]) -> String {
        let mut text = String::new();
        for (w, sep) in words.iter().zip(seps) {
            text.push_str(sep);
            text.push_str(w);
        }
        text
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// The memo of groups against the regex crate on word salads of
        /// the edge patterns' words.
        #[test]
        fn remembered_groups_hold_on_word_salad(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ab", "abc", "abx", "AB", "aB_", "1", "12", "012", "112", "x", "y",
                    "yy", "z", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "2", "go", "é", "\u{212A}",
                ]),
                0..24,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", "", "-", ", ", "\n"]),
                24,
            ),
        ) {
            let text = salad(&words, &seps);
            for (gate, p) in edge_patterns() {
                let t = Triggers::new(&[gate]);
                for _ in 0..2 {
                    let (windowed, want) = windowed_and_regex(&p, &t, &text);
                    proptest::prop_assert_eq!(windowed, want, "{} on {:?}", p.as_str(), text);
                }
            }
        }
    }

    /// A pattern with several matches to a merged window, reaching words
    /// past its trigger word on either side: after a match, the rest of a
    /// window is searched only when a trigger word ends after the match.
    fn after_match_pattern() -> (Gate, Pattern) {
        let gate = Gate::words(9, &["at"]);
        let p = Pattern::gated(r"(?i)\bat(?:\s+[a-z]+){0,2}\b|\b[a-z]+\s+at\b", &gate);
        (gate, p)
    }

    #[test]
    fn matches_after_a_match_in_one_window() {
        let (gate, p) = after_match_pattern();
        assert!(p.is_gated());
        let t = Triggers::new(&[gate]);
        let texts = [
            "at a b at c d e at f",
            "x at y at z",
            "at",
            "a at at b c",
            "at b c d e f g at",
            "q r s at \u{212A}at b c d",
            "at, b c at",
        ];
        let mut found = 0;
        for text in texts {
            let (windowed, want) = windowed_and_regex(&p, &t, text);
            assert_eq!(windowed, want, "{text:?}");
            found += want.len();
        }
        assert!(found >= 12, "{found}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Matches after a match in a window against the regex crate, on
        /// word salads.
        #[test]
        fn matches_after_a_match_hold_on_word_salad(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["at", "AT", "a", "bc", "at_", "1", "\u{212A}", "é"]),
                0..24,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", "", "-", ", ", "\n"]),
                24,
            ),
        ) {
            let text = salad(&words, &seps);
            let (gate, p) = after_match_pattern();
            let t = Triggers::new(&[gate]);
            let (windowed, want) = windowed_and_regex(&p, &t, &text);
            proptest::prop_assert_eq!(windowed, want, "{:?}", text);
        }
    }

    #[test]
    fn wide_digits_run_the_pattern_as_written() {
        let gate = Gate::words(3, &["days"]);
        let t = Triggers::new(&[gate]);
        let p = Pattern::gated(r"(?i)(\d+)\s+days\b", &gate);
        for text in ["3 days, ٣ days", "3 days", "٣ days", "٣3 days"] {
            let re = regex::Regex::new(p.as_str()).expect("compiles");
            let want: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
            let whole: Vec<_> = p.find_iter(text).map(|m| m.range()).collect();
            let scan = Scan::new(text, &t);
            let windowed: Vec<_> = p
                .captures_in(&scan)
                .filter_map(|c| c.get(0).map(|m| m.range()))
                .collect();
            assert_eq!(whole, want, "{text}");
            assert_eq!(windowed, whole, "{text}");
            assert_eq!(whole.len(), text.matches("days").count(), "{text}");
        }
        assert!(has_wide_numerals("a ٣ b") && !has_wide_numerals("a “3” b"));
        assert!(has_wide_numerals("twelve bytes then ٣") && !has_wide_numerals("twelve bytes, 3"));
    }

    #[test]
    fn anchored_patterns_look_for_wide_digits_only_where_they_can_match() {
        let p = Pattern::new(r"^(?P<n>\d{1,2})(?: |$)").unwrap();
        let r = regex::Regex::new(r"^(?P<n>\d{1,2})(?: |$)").unwrap();
        let far = format!("12 {} \u{0663}", "x".repeat(100));
        for t in [
            "\u{0663}\u{0664} x",
            "1\u{0663} x",
            "12\u{0663}",
            far.as_str(),
            "x 12",
        ] {
            let got = p.captures(t).and_then(|c| c.name("n")).map(|m| m.range());
            let want = r.captures(t).and_then(|c| c.name("n")).map(|m| m.range());
            assert_eq!(got, want, "{t:?}");
        }
        assert!(Compiled::new(r"^\d{1,2}", false, &[]).is_ok_and(|c| c.scope == Some(12)));
        assert!(Compiled::new(r"^\d+", false, &[]).is_ok_and(|c| c.scope.is_none()));
        assert!(Compiled::new(r"\d{1,2}", false, &[]).is_ok_and(|c| c.scope.is_none()));
    }

    #[test]
    fn word_boundaries_count_non_ascii_letters() {
        let p = Pattern::new(r"(?i)\bmarch\b").unwrap();
        assert!(p.is_match("on “March” 3"));
        assert!(p.is_match("in March—then"));
        assert!(!p.is_match("the Marché stall"));
        assert!(!p.is_match("éMarch"));
        assert_eq!(p.find_iter("March, Marché, march").count(), 2);
        let c: Vec<_> = p.captures_iter("Marché and March").collect();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].get(0).map(|m| m.start()), Some(12));
    }
}
