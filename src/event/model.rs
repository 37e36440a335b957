//! The trained trigger model: a per-form lexicon (event and untagged counts,
//! majority class) and logistic-regression weights, both written by
//! `scripts/train_events.py` from TBAQ-cleaned and compiled in with
//! `include_str!`. This module turns a token in context into the model's
//! features and score, and gives a trigger its class. It mirrors
//! `features`, `stem` and `timex_near` in the script; change them together
//! and retrain. The time-expression feature is the one that reads more than
//! the tokens: the caller marks which tokens lie inside a timex.

use super::tokens::{Token, END, RULED_OUT};
use super::EventClass;
use rustc_hash::FxHashMap as HashMap;
use smol_str::SmolStr;
use std::sync::LazyLock;

const LEXICON_TSV: &str = include_str!("lexicon.tsv");
const MODEL_TSV: &str = include_str!("model.tsv");

/// How many tokens away a time expression still counts ([`Model::near`]).
const NEAR: usize = 3;

/// One lexicon row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Times annotated as an EVENT in the training corpus.
    pub events: u32,
    /// Times seen untagged.
    pub untagged: u32,
    /// Majority class.
    pub class: EventClass,
}

/// The weights. The three features read off a token's own lowercased form
/// in a neighbour's score (word, previous word, next word) and the two
/// that follow from the form alone (stem, suffixes) are worked out once per
/// form at load time, so a known form costs one hash lookup; the stem and
/// suffix tables remain for forms the model has never seen.
#[derive(Debug, Default)]
pub(crate) struct Model {
    bias: f32,
    threshold_logit: f32,
    /// Every form that has a word, previous-word or next-word weight, by
    /// its index in `all` (a token's [`Token::form`]).
    forms: HashMap<&'static str, u32>,
    /// What the model knows of each form of `forms`.
    all: Vec<Form>,
    stem: HashMap<&'static str, f32>,
    suffix3: HashMap<&'static str, f32>,
    suffix4: HashMap<&'static str, f32>,
    /// The previous-word weight of a sentence start (`<s>`).
    prev_start: f32,
    /// The next-word weight of a sentence end (`</s>`).
    next_end: f32,
    cap: f32,
    init: f32,
    all_caps: f32,
    digit: f32,
    hyphen: f32,
    next_cap: f32,
    /// The weights of a time expression 1, 2 or 3 tokens away in the
    /// sentence (`tx1` to `tx3`; see [`Model::near_at`]).
    near: [f32; NEAR],
    /// The largest value (at least 0) each shape term can add, in the order
    /// [`Model::scores_over`] adds them: initial or other capital, all capitals,
    /// digit, hyphen, capital next word (infinite for a weight that is not
    /// a number, so that nothing is ruled out).
    shape_max: [f32; 5],
    /// The largest value (at least 0) the time-expression term can add.
    near_max: f32,
}

/// What the model knows of one lowercased form, summed in the order
/// [`Model::scores_over`] adds the terms so the score is the same to the bit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Form {
    /// Bias + word weight + stem weight.
    base: f32,
    /// Suffix-3 + suffix-4 weight, for forms of four or more characters.
    suffixes: Option<f32>,
    /// `base`, plus `suffixes` when there are some: the form's own terms,
    /// added as [`Model::context_score`] adds them.
    own: f32,
    /// The weight of this form as the previous word.
    prev: f32,
    /// The weight of this form as the next word.
    next: f32,
    /// Whether a token of this form can score over the threshold at all:
    /// false when its own terms plus the largest previous-word, next-word
    /// and shape terms any token can have stay below it (rounding is
    /// monotone, so this sum bounds every score of the form).
    can_trigger: bool,
}

/// The lexicon and the stem-level class backoff.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    forms: HashMap<&'static str, Entry>,
    stems: HashMap<String, EventClass>,
    /// For each form of the event model (by [`Token::form`]), the place in
    /// [`CLASS_ORDER`] of its lexicon row's class, or [`NOT_LISTED`].
    by_form: Vec<u8>,
}

/// [`Lexicon`]'s `by_form`: the lexicon has no row for the form.
const NOT_LISTED: u8 = u8::MAX;

pub(crate) static MODEL: LazyLock<Model> = LazyLock::new(|| parse_model(MODEL_TSV));
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| parse_lexicon(LEXICON_TSV));

fn class_from(s: &str) -> Option<EventClass> {
    Some(match s {
        "OCCURRENCE" => EventClass::Occurrence,
        "REPORTING" => EventClass::Reporting,
        "STATE" => EventClass::State,
        "I_ACTION" => EventClass::IAction,
        "I_STATE" => EventClass::IState,
        "ASPECTUAL" => EventClass::Aspectual,
        "PERCEPTION" => EventClass::Perception,
        _ => return None,
    })
}

/// The order the script breaks class ties in.
const CLASS_ORDER: [EventClass; 7] = [
    EventClass::Occurrence,
    EventClass::Reporting,
    EventClass::State,
    EventClass::IAction,
    EventClass::IState,
    EventClass::Aspectual,
    EventClass::Perception,
];

fn parse_lexicon(data: &'static str) -> Lexicon {
    let mut forms = HashMap::default();
    let mut by_stem: HashMap<String, [u32; 7]> = HashMap::default();
    for line in data.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(form), Some(ev), Some(un), Some(class)) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let (Ok(events), Ok(untagged), Some(class)) = (ev.parse(), un.parse(), class_from(class))
        else {
            continue;
        };
        forms.insert(
            form,
            Entry {
                events,
                untagged,
                class,
            },
        );
        let slot = CLASS_ORDER.iter().position(|c| *c == class).unwrap_or(0);
        by_stem.entry(stem(form).to_string()).or_default()[slot] += events;
    }
    let stems = by_stem
        .into_iter()
        .map(|(s, counts)| {
            // majority, ties to the earlier class
            let mut best = 0;
            for i in 1..7 {
                if counts[i] > counts[best] {
                    best = i;
                }
            }
            (s, CLASS_ORDER[best])
        })
        .collect();
    // the rows of the forms the model knows, by the form's index
    let model = &*MODEL;
    let mut by_form = vec![NOT_LISTED; model.form_count()];
    for (form, e) in &forms {
        let slot = CLASS_ORDER.iter().position(|c| *c == e.class);
        if let (Some(b), Some(slot)) = (
            model
                .form_id(form)
                .and_then(|id| by_form.get_mut(id as usize)),
            slot.and_then(|p| u8::try_from(p).ok()),
        ) {
            *b = slot;
        }
    }
    Lexicon {
        forms,
        stems,
        by_form,
    }
}

fn parse_model(data: &'static str) -> Model {
    let mut m = Model::default();
    let mut threshold = 0.5f32;
    // one line per weight: room for all of them in each table, so none
    // grows while the table is read
    let lines = data.bytes().filter(|&b| b == b'\n').count() + 1;
    let table = || HashMap::with_capacity_and_hasher(lines, Default::default());
    let mut word: HashMap<&'static str, f32> = table();
    let mut prev: HashMap<&'static str, f32> = table();
    let mut next: HashMap<&'static str, f32> = table();
    m.stem = table();
    m.suffix3 = table();
    m.suffix4 = table();
    for line in data.lines() {
        let Some((name, w)) = split_once_byte(line, b'\t') else {
            continue;
        };
        let Ok(w) = w.trim().parse::<f32>() else {
            continue;
        };
        if name == "#threshold" {
            threshold = w;
            continue;
        }
        if name.starts_with('#') {
            continue;
        }
        match split_once_byte(name, b'=') {
            Some(("w", v)) => {
                word.insert(v, w);
            }
            Some(("st", v)) => {
                m.stem.insert(v, w);
            }
            Some(("s3", v)) => {
                m.suffix3.insert(v, w);
            }
            Some(("s4", v)) => {
                m.suffix4.insert(v, w);
            }
            Some(("p", v)) => {
                prev.insert(v, w);
            }
            Some(("n", v)) => {
                next.insert(v, w);
            }
            Some(_) => {}
            None => match name {
                "b" => m.bias = w,
                "cap" => m.cap = w,
                "init" => m.init = w,
                "acap" => m.all_caps = w,
                "dig" => m.digit = w,
                "hyph" => m.hyphen = w,
                "ncap" => m.next_cap = w,
                "tx1" => m.near[0] = w,
                "tx2" => m.near[1] = w,
                "tx3" => m.near[2] = w,
                _ => {}
            },
        }
    }
    let t = threshold.clamp(1e-4, 1.0 - 1e-4);
    m.threshold_logit = (t / (1.0 - t)).ln();
    let most = |ws: &[f32]| {
        ws.iter().fold(0.0f32, |a, &w| {
            if w.is_nan() || a.is_infinite() {
                f32::INFINITY
            } else {
                a.max(w)
            }
        })
    };
    m.shape_max = [
        most(&[m.init, m.cap]),
        most(&[m.all_caps]),
        most(&[m.digit]),
        most(&[m.hyphen]),
        most(&[m.next_cap]),
    ];
    m.near_max = most(&m.near);
    let g = |table: &HashMap<&'static str, f32>, key: &str| table.get(key).copied().unwrap_or(0.0);
    m.prev_start = g(&prev, "<s>");
    m.next_end = g(&next, "</s>");
    let mut forms =
        HashMap::with_capacity_and_hasher(word.len() + prev.len() + next.len(), Default::default());
    for &f in word.keys().chain(prev.keys()).chain(next.keys()) {
        if forms.contains_key(f) {
            continue;
        }
        let base = m.bias + g(&word, f);
        let base = Stem::of(f).with(|s| base + g(&m.stem, s));
        let suffixes = m.suffixes(f);
        let form = Form {
            base,
            suffixes,
            own: match suffixes {
                Some(s) => base + s,
                None => base,
            },
            prev: g(&prev, f),
            next: g(&next, f),
            can_trigger: true,
        };
        forms.insert(f, form);
    }
    // the largest previous-word and next-word terms: of a known form, of an
    // unknown one (0) or at a sentence edge
    let prev_max = most(
        &forms
            .values()
            .map(|f| f.prev)
            .chain([m.prev_start])
            .collect::<Vec<_>>(),
    );
    let next_max = most(
        &forms
            .values()
            .map(|f| f.next)
            .chain([m.next_end])
            .collect::<Vec<_>>(),
    );
    for f in forms.values_mut() {
        // the terms in the order `Model::context_score` and
        // `Model::add_shape` add them
        let mut bound = f.base;
        if let Some(s) = f.suffixes {
            bound += s;
        }
        bound += prev_max;
        bound += next_max;
        let bound = m.shape_max.iter().fold(bound, |b, &w| b + w) + m.near_max;
        // (a weight that is not a number rules nothing out)
        f.can_trigger = bound.partial_cmp(&m.threshold_logit) != Some(std::cmp::Ordering::Less);
    }
    let mut ids = HashMap::with_capacity_and_hasher(forms.len(), Default::default());
    m.all = Vec::with_capacity(forms.len());
    for (f, form) in forms {
        if let Ok(id) = u32::try_from(m.all.len()) {
            ids.insert(f, id);
            m.all.push(form);
        }
    }
    m.forms = ids;
    m
}

/// `s.split_once(c)` for an ASCII `c`, by a plain loop over the bytes (the
/// model's lines are too short for a `memchr` search to pay).
fn split_once_byte(s: &str, c: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == c)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// A crude stem: drop -s, -ed, -ing, then a final -e and a doubled final
/// consonant ("stopped" -> "stop", "issues" -> "issu"). As `stem` in the script.
pub(crate) fn stem(w: &str) -> SmolStr {
    Stem::of(w).with(|s| SmolStr::new(s))
}

/// The stem of a word without building it: a slice of the word, or for
/// "-ies" words a slice followed by "y".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stem<'a> {
    /// The stem is this slice.
    Slice(&'a str),
    /// The stem is this slice followed by "y".
    PlusY(&'a str),
}

impl<'a> Stem<'a> {
    /// The stem of `w` (see [`stem`]). The suffixes removed are ASCII, so
    /// each byte removed is one character fewer.
    fn of(w: &'a str) -> Stem<'a> {
        let n = char_count(w);
        if n > 4 && w.ends_with("ies") {
            // "y" takes the place of "ies": n - 2 chars ending in "y"; the
            // final -e rule cannot apply, the doubled-consonant one drops
            // the "y" again after a "y"
            let head = &w[..w.len() - 3];
            return if n - 2 > 3 && head.ends_with('y') {
                Stem::Slice(head)
            } else {
                Stem::PlusY(head)
            };
        }
        let cut = if n > 5 && w.ends_with("ing") {
            3
        } else if n > 4 && w.ends_with("ed") {
            2
        } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") {
            1
        } else {
            0
        };
        Stem::Slice(stem_end(&w[..w.len() - cut], n - cut))
    }

    /// Calls `f` with the stem as one string (on the stack when short).
    fn with<R>(self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            Stem::Slice(s) => f(s),
            Stem::PlusY(head) => {
                let mut buf = [0u8; 48];
                if let Some(dst) = buf.get_mut(..head.len() + 1) {
                    let (body, y) = dst.split_at_mut(head.len());
                    body.copy_from_slice(head.as_bytes());
                    y[0] = b'y';
                    if let Ok(s) = std::str::from_utf8(dst) {
                        return f(s);
                    }
                }
                f(&format!("{head}y"))
            }
        }
    }
}

/// The number of chars in `s`.
fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The second half of [`stem`]: a final -e and a doubled final consonant.
/// `n` is the number of chars in `s`.
fn stem_end(s: &str, n: usize) -> &str {
    let mut s = s;
    let mut n = n;
    if n > 3 && s.ends_with('e') {
        s = &s[..s.len() - 1];
        n -= 1;
    }
    let mut rev = s.chars().rev();
    if let (Some(a), Some(b)) = (rev.next(), rev.next()) {
        if n > 3 && a == b && !"aeiouls".contains(a) {
            s = &s[..s.len() - a.len_utf8()];
        }
    }
    s
}

/// The last `n` chars of `w`.
fn suffix(w: &str, n: usize) -> &str {
    if w.is_ascii() {
        return &w[w.len().saturating_sub(n)..];
    }
    match w.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &w[i..],
        None => w,
    }
}

/// The first char of `s`, read without decoding when it is ASCII.
fn first_char(s: &str) -> Option<char> {
    match s.as_bytes().first() {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => s.chars().next(),
    }
}

/// The case, digit and hyphen features of a token's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Shape {
    /// Its first char is uppercase.
    first_upper: bool,
    /// It has at least two chars.
    two_chars: bool,
    /// Some char is uppercase.
    any_upper: bool,
    /// Some char is lowercase.
    any_lower: bool,
    /// Some char is numeric.
    any_digit: bool,
    /// It contains a hyphen.
    hyphen: bool,
}

impl Shape {
    /// Reads `raw` once; for ASCII (where the Unicode classes and the
    /// ASCII ones agree) byte by byte.
    fn of(raw: &str) -> Shape {
        let b = raw.as_bytes();
        let mut seen = 0u8;
        for &c in b {
            seen |= BYTE_CLASS[usize::from(c)];
        }
        if seen & NOT_ASCII == 0 {
            return Shape {
                first_upper: b.first().is_some_and(u8::is_ascii_uppercase),
                two_chars: b.len() >= 2,
                any_upper: seen & UPPER != 0,
                any_lower: seen & LOWER != 0,
                any_digit: seen & DIGIT != 0,
                hyphen: seen & HYPHEN != 0,
            };
        }
        let mut shape = Shape {
            first_upper: raw.chars().next().is_some_and(char::is_uppercase),
            two_chars: raw.chars().nth(1).is_some(),
            ..Shape::default()
        };
        for c in raw.chars() {
            shape.any_upper |= c.is_uppercase();
            shape.any_lower |= c.is_lowercase();
            shape.any_digit |= c.is_numeric();
            shape.hyphen |= c == '-';
        }
        shape
    }
}

const UPPER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 4;
const HYPHEN: u8 = 8;
const NOT_ASCII: u8 = 16;

/// What each byte tells [`Shape`]: for ASCII the Unicode classes and the
/// ASCII ones agree; any other byte sends the token to the char path.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            NOT_ASCII
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'-' {
            HYPHEN
        } else {
            0
        };
        i += 1;
    }
    t
};

const SENTENCE_END: [&str; 3] = [".", "!", "?"];
const OPENERS: [&str; 7] = ["\"", "'", "`", "\u{201c}", "\u{2018}", "(", "["];

/// Whether token `k` opens a sentence, as `sentence_initial` in the script.
fn sentence_initial(tokens: &[Token], k: usize) -> bool {
    let mut j = k;
    loop {
        if j == 0 || tokens[j].newline_before {
            return true;
        }
        let prev = &tokens[j - 1];
        if SENTENCE_END.contains(&prev.lower.as_str()) {
            return true;
        }
        if !prev.word && OPENERS.contains(&prev.lower.as_str()) {
            j -= 1;
            continue;
        }
        return false;
    }
}

impl Model {
    /// What the model knows of the lowercased form `f` (`None` for a form
    /// with no word, previous-word or next-word weight).
    #[cfg(test)]
    pub(crate) fn form(&self, f: &str) -> Option<&Form> {
        self.form_id(f).and_then(|id| self.form_of(id))
    }

    /// The index of the lowercased form `f` among the model's forms (a
    /// token's [`Token::form`]), if it has one.
    pub(crate) fn form_id(&self, f: &str) -> Option<u32> {
        self.forms.get(f).copied()
    }

    /// The form of index `id` ([`Model::form_id`]); `None` for
    /// [`NO_FORM`](super::tokens::NO_FORM) or any other index the model does not have.
    #[inline]
    fn form_of(&self, id: u32) -> Option<&Form> {
        self.all.get(id as usize)
    }

    /// Whether the model rules form `id` ([`Model::form_id`]) out as a
    /// trigger whatever its context ([`Form`]'s `can_trigger`).
    pub(crate) fn rules_out(&self, id: u32) -> bool {
        self.form_of(id).is_some_and(|f| !f.can_trigger)
    }

    /// How many forms the model has (their indices are `0..form_count()`).
    pub(crate) fn form_count(&self) -> usize {
        self.all.len()
    }

    /// Every form of the model with its index ([`Model::form_id`]).
    pub(crate) fn form_ids(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        self.forms.iter().map(|(f, id)| (*f, *id))
    }

    /// The suffix-3 plus suffix-4 weight of a form of four or more chars.
    fn suffixes(&self, w: &str) -> Option<f32> {
        let g = |m: &HashMap<&'static str, f32>, key: &str| m.get(key).copied().unwrap_or(0.0);
        (char_count(w) >= 4)
            .then(|| g(&self.suffix3, suffix(w, 3)) + g(&self.suffix4, suffix(w, 4)))
    }

    /// The model's score (log-odds) that word token `k` of `tokens` (made
    /// from `text`) is an event trigger.
    /// (Event finding asks [`Model::is_trigger`]; the tests compare both
    /// with the reference scorer.)
    /// `near`: the token's distance to a time expression ([`Model::near`]).
    #[cfg(test)]
    pub(crate) fn score(&self, text: &str, tokens: &[Token], k: usize, near: u8) -> f32 {
        match self.context_score(tokens, k) {
            Some(z) => self.add_shape(z, text, tokens, k) + self.near_weight(near),
            None => f32::NEG_INFINITY,
        }
    }

    /// The weight of a time expression `near` tokens away (0: none).
    fn near_weight(&self, near: u8) -> f32 {
        match near {
            1..=3 => self.near[usize::from(near) - 1],
            _ => 0.0,
        }
    }

    /// [`Model::near`] of token `k` alone: the nearest inside token on
    /// each side is found by walking at most [`NEAR`] tokens out, stopping
    /// where the count stops. Event finding asks it only of the tokens
    /// whose score can reach the threshold with a time expression near.
    pub(crate) fn near_at(tokens: &[Token], inside: &[bool], k: usize) -> u8 {
        let at = |j: usize| inside.get(j).copied().unwrap_or(false);
        if at(k) {
            return 0;
        }
        let newline = |j: usize| tokens.get(j).is_some_and(|t| t.newline_before);
        let ends = |j: usize| tokens.get(j).is_some_and(|t| t.flags & END != 0);
        let mut left = 0;
        for d in 1..=NEAR {
            let Some(p) = k.checked_sub(d) else {
                break;
            };
            // a line break before the token after `p` (up to `k` itself)
            if newline(p + 1) {
                break;
            }
            if at(p) {
                left = d;
                break;
            }
            if ends(p) {
                break;
            }
        }
        let mut right = 0;
        for d in 1..=NEAR {
            let q = k + d;
            if q >= tokens.len() || newline(q) {
                break;
            }
            if at(q) {
                right = d;
                break;
            }
            if ends(q) {
                break;
            }
        }
        let d = match (left, right) {
            (0, r) => r,
            (l, 0) => l,
            (l, r) => l.min(r),
        };
        d as u8
    }

    /// For each of `tokens`, the distance (1 to 3 tokens) to the nearest
    /// token inside a time expression (`inside`: whether each token
    /// overlaps one) in the same sentence, or 0: none that near, or the
    /// token is inside one itself. The count stops at a ".", "!" or "?"
    /// token strictly between the two and at a line break, as
    /// `timex_near` in `scripts/train_events.py`. Events are written near
    /// their dates ("arrested Friday", "third-quarter earnings").
    #[cfg(test)]
    pub(crate) fn near(tokens: &[Token], inside: &[bool]) -> Vec<u8> {
        // Only the nearest inside token on each side can count: a break
        // between it and the token lies between any farther one too. So
        // one pass each way keeps the nearest one not cut off yet.
        let n = tokens.len();
        let at = |k: usize| inside.get(k).copied().unwrap_or(false);
        // (one byte long before reading the string)
        let ends = |t: &Token| t.flags & END != 0;
        // the distance to the nearest inside token on the left, 0 for none
        // within NEAR
        let mut out = vec![0u8; n];
        let mut last: Option<usize> = None;
        for (k, t) in tokens.iter().enumerate() {
            if let Some(p) = k.checked_sub(1) {
                if at(p) {
                    last = Some(p);
                } else if ends(&tokens[p]) {
                    last = None;
                }
            }
            if t.newline_before {
                last = None;
            }
            if let Some(j) = last.filter(|&j| k - j <= NEAR) {
                out[k] = (k - j) as u8;
            }
        }
        let mut next: Option<usize> = None;
        for k in (0..n).rev() {
            if let Some(t) = tokens.get(k + 1) {
                if t.newline_before {
                    next = None;
                } else if at(k + 1) {
                    next = Some(k + 1);
                } else if ends(t) {
                    next = None;
                }
            }
            if at(k) {
                out[k] = 0;
                continue;
            }
            if let Some(d) = next.map(|j| j - k).filter(|&d| d <= NEAR) {
                if out[k] == 0 || d < usize::from(out[k]) {
                    out[k] = d as u8;
                }
            }
        }
        out
    }

    /// Whether word token `k` is an event trigger: `is_event(score(..))`
    /// with the distance to a time expression of [`Model::near`]
    /// (`inside`: whether each token lies in one), reading that distance
    /// and the token's shape only when the terms they can add might lift
    /// the score over the threshold. Rounding never makes a sum smaller
    /// when a term grows, so adding each shape term's largest value in the
    /// scorer's order bounds the score from above.
    ///
    /// A token whose form is ruled out ([`RULED_OUT`], read when it was
    /// made) is answered without a call.
    ///
    /// The score from the forms (most tokens not ruled out stop there, their
    /// bound under the threshold) is worked out inline; the rest in
    /// [`Model::scores_over`].
    #[inline]
    pub(crate) fn is_trigger(
        &self,
        text: &str,
        tokens: &[Token],
        k: usize,
        inside: &[bool],
    ) -> bool {
        match tokens.get(k) {
            Some(t) if t.flags & RULED_OUT == 0 => {
                let Some(z) = self.context_score(tokens, k) else {
                    return false;
                };
                let shapes = self.shape_max.iter().fold(z, |b, &m| b + m);
                if shapes + self.near_max < self.threshold_logit {
                    return false;
                }
                self.scores_over(text, tokens, k, inside, z, shapes)
            }
            _ => false,
        }
    }

    /// [`Model::is_trigger`] for a token whose form is not ruled out and
    /// whose score from the forms is `z` (`shapes`: `z` plus the largest
    /// shape terms), when a time expression near could lift it over.
    #[inline(never)]
    fn scores_over(
        &self,
        text: &str,
        tokens: &[Token],
        k: usize,
        inside: &[bool],
        z: f32,
        shapes: f32,
    ) -> bool {
        let tx = self.near_weight(Self::near_at(tokens, inside, k));
        if shapes + tx < self.threshold_logit {
            return false;
        }
        self.is_event(self.add_shape(z, text, tokens, k) + tx)
    }

    /// The score from the token's form and its neighbours' forms, before
    /// the shape terms; `None` for a token out of range.
    #[inline]
    fn context_score(&self, tokens: &[Token], k: usize) -> Option<f32> {
        let tok = tokens.get(k)?;
        let form = |t: &Token| self.form_of(t.form);
        // the terms are added in the order of the script's sum (and of the
        // sums in `Form`), so the score is the same to the bit
        let mut z = match form(tok) {
            Some(f) => f.own,
            None => self.unknown_own(tok.lower.as_str()),
        };
        z += if k == 0 || tok.newline_before {
            self.prev_start
        } else {
            tokens.get(k - 1).and_then(form).map_or(0.0, |f| f.prev)
        };
        z += match tokens.get(k + 1) {
            Some(t) if !t.newline_before => form(t).map_or(0.0, |f| f.next),
            _ => self.next_end,
        };
        Some(z)
    }

    /// [`Form`]'s `own` for a form the model does not know.
    #[inline(never)]
    fn unknown_own(&self, w: &str) -> f32 {
        let base = self.bias + 0.0;
        let mut z = Stem::of(w).with(|s| base + self.stem.get(s).copied().unwrap_or(0.0));
        if let Some(s) = self.suffixes(w) {
            z += s;
        }
        z
    }

    /// `z` plus the case, digit and hyphen terms of token `k`.
    fn add_shape(&self, z: f32, text: &str, tokens: &[Token], k: usize) -> f32 {
        let mut z = z;
        let Some(tok) = tokens.get(k) else {
            return z;
        };
        let raw = text.get(tok.span.start..tok.span.end).unwrap_or("");
        let shape = Shape::of(raw);
        if shape.first_upper {
            z += if sentence_initial(tokens, k) {
                self.init
            } else {
                self.cap
            };
        }
        if shape.two_chars && shape.any_upper && !shape.any_lower {
            z += self.all_caps;
        }
        if shape.any_digit {
            z += self.digit;
        }
        if shape.hyphen {
            z += self.hyphen;
        }
        if tokens.get(k + 1).is_some_and(|t| {
            t.word
                && text
                    .get(t.span.start..t.span.end)
                    .and_then(first_char)
                    .is_some_and(char::is_uppercase)
        }) {
            z += self.next_cap;
        }
        z
    }

    /// Whether a score passes the decision threshold.
    pub(crate) fn is_event(&self, score: f32) -> bool {
        score >= self.threshold_logit
    }
}

impl Lexicon {
    /// The class of a trigger token and whether the lexicon has a row for
    /// its form: the row's class, else [`Lexicon::stem_class`]. A form the
    /// model knows is read by its index ([`Token::form`]).
    #[inline]
    pub(crate) fn class_of(&self, t: &Token) -> (EventClass, bool) {
        match self.by_form.get(t.form as usize) {
            Some(&slot) => match CLASS_ORDER.get(usize::from(slot)) {
                Some(&class) => (class, true),
                None => (self.stem_class(&t.lower), false),
            },
            None => match self.get(&t.lower) {
                Some(e) => (e.class, true),
                None => (self.stem_class(&t.lower), false),
            },
        }
    }

    /// The lexicon row of a lowercased form.
    pub(crate) fn get(&self, form: &str) -> Option<Entry> {
        self.forms.get(form).copied()
    }

    /// The class of a lowercased form the lexicon does not hold: its
    /// stem's, else OCCURRENCE.
    pub(crate) fn stem_class(&self, form: &str) -> EventClass {
        Stem::of(form)
            .with(|s| self.stems.get(s).copied())
            .unwrap_or(EventClass::Occurrence)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;
    use crate::text::Span;
    use crate::text::PACKED;

    /// `stem` as first written (char counts, `format!`): the reference the
    /// fast one must equal.
    fn stem_reference(w: &str) -> String {
        fn end(s: &str) -> &str {
            let mut s = s;
            if s.chars().count() > 3 && s.ends_with('e') {
                s = &s[..s.len() - 1];
            }
            let mut rev = s.chars().rev();
            if let (Some(a), Some(b)) = (rev.next(), rev.next()) {
                if s.chars().count() > 3 && a == b && !"aeiouls".contains(a) {
                    s = &s[..s.len() - a.len_utf8()];
                }
            }
            s
        }
        let n = w.chars().count();
        let base = if n > 4 && w.ends_with("ies") {
            return end(&format!("{}y", &w[..w.len() - 3])).to_string();
        } else if n > 5 && w.ends_with("ing") {
            &w[..w.len() - 3]
        } else if n > 4 && w.ends_with("ed") {
            &w[..w.len() - 2]
        } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") {
            &w[..w.len() - 1]
        } else {
            w
        };
        end(base).to_string()
    }

    /// The score as first written: six string-keyed tables looked up per
    /// word, in the script's order.
    struct Reference {
        tables: HashMap<&'static str, HashMap<&'static str, f32>>,
        scalar: HashMap<&'static str, f32>,
    }

    fn reference() -> Reference {
        let mut tables: HashMap<&str, HashMap<&str, f32>> = HashMap::default();
        let mut scalar: HashMap<&str, f32> = HashMap::default();
        for line in MODEL_TSV.lines() {
            let Some((name, w)) = line.split_once('\t') else {
                continue;
            };
            let Ok(w) = w.trim().parse::<f32>() else {
                continue;
            };
            match name.split_once('=') {
                Some((kind, v)) => {
                    tables.entry(kind).or_default().insert(v, w);
                }
                None => {
                    scalar.insert(name, w);
                }
            }
        }
        Reference { tables, scalar }
    }

    fn score_reference(r: &Reference, text: &str, tokens: &[Token], k: usize, near: u8) -> f32 {
        let (tables, scalar) = (&r.tables, &r.scalar);
        let g = |kind: &str, key: &str| {
            tables
                .get(kind)
                .and_then(|t| t.get(key))
                .copied()
                .unwrap_or(0.0)
        };
        let s = |name: &str| scalar.get(name).copied().unwrap_or(0.0);
        let tok = &tokens[k];
        let raw = &text[tok.span.start..tok.span.end];
        let w = tok.lower.as_str();
        let mut z = s("b") + g("w", w) + g("st", &stem_reference(w));
        if w.chars().count() >= 4 {
            z += g("s3", suffix(w, 3)) + g("s4", suffix(w, 4));
        }
        let prev = if k == 0 || tok.newline_before {
            "<s>"
        } else {
            tokens[k - 1].lower.as_str()
        };
        z += g("p", prev);
        let next = match tokens.get(k + 1) {
            Some(t) if !t.newline_before => t.lower.as_str(),
            _ => "</s>",
        };
        z += g("n", next);
        if raw.chars().next().is_some_and(char::is_uppercase) {
            z += if sentence_initial(tokens, k) {
                s("init")
            } else {
                s("cap")
            };
        }
        if raw.chars().nth(1).is_some()
            && raw.chars().any(char::is_uppercase)
            && !raw.chars().any(char::is_lowercase)
        {
            z += s("acap");
        }
        if raw.chars().any(char::is_numeric) {
            z += s("dig");
        }
        if raw.contains('-') {
            z += s("hyph");
        }
        if tokens.get(k + 1).is_some_and(|t| {
            t.word
                && text[t.span.start..t.span.end]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        }) {
            z += s("ncap");
        }
        if near > 0 {
            z += s(&format!("tx{near}"));
        }
        z
    }

    /// `Model::near` as the script's `timex_near` is written.
    fn near_reference(tokens: &[Token], inside: &[bool]) -> Vec<u8> {
        let n = tokens.len();
        let mut out = vec![0u8; n];
        for k in 0..n {
            if inside[k] {
                continue;
            }
            for d in 1..=NEAR {
                let mut hit = false;
                for j in [k as i64 - d as i64, (k + d) as i64] {
                    if j < 0 || j as usize >= n || !inside[j as usize] {
                        continue;
                    }
                    let (lo, hi) = (k.min(j as usize), k.max(j as usize));
                    if (lo + 1..hi).any(|m| [".", "!", "?"].contains(&tokens[m].lower.as_str())) {
                        continue;
                    }
                    if (lo + 1..=hi).any(|m| tokens[m].newline_before) {
                        continue;
                    }
                    hit = true;
                }
                if hit {
                    out[k] = d as u8;
                    break;
                }
            }
        }
        out
    }

    const ODD_WORDS: &[&str] = &[
        "",
        "s",
        "ss",
        "ies",
        "yies",
        "flies",
        "babies",
        "toyyies",
        "ïes",
        "ÿÿies",
        "stopped",
        "issues",
        "fizzing",
        "passed",
        "ßing",
        "ΣΊΣΥΦΟΣ",
        "οδός",
        "naïve",
        "café",
        "cafés",
        "東京-駅",
        "e",
        "ee",
        "eeee",
        "llll",
        "buzzes",
        "a-b",
        "x2",
        "İstanbul",
        "ﬁnes",
    ];

    /// A trigger's class and row read by its form's index are those of
    /// the lexicon's string lookup and the stem backoff, for every token of
    /// the fixtures and of odd text, and every lexicon and model form.
    #[test]
    fn class_by_form_as_by_string() {
        let lexicon = &*LEXICON;
        let by_string = |w: &str| match lexicon.get(w) {
            Some(e) => (e.class, true),
            None => (lexicon.stem_class(w), false),
        };
        let mut texts = crate::fixture_articles();
        texts.push("Talks TALKS talks’ Über-talks café 1990s re-opened e-mail".to_string());
        texts.push(lexicon.forms.keys().copied().collect::<Vec<_>>().join(" "));
        texts.push(
            MODEL
                .form_ids()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
                .join(" "),
        );
        let (mut tested, mut listed) = (0, 0);
        for t in &texts {
            for k in tokenize(t, Span::new(0, t.len())) {
                let got = lexicon.class_of(&k);
                assert_eq!(got, by_string(&k.lower), "{:?}", k.lower);
                tested += 1;
                listed += usize::from(got.1);
            }
        }
        assert!(tested > 15_000 && listed > 2_000, "{tested} {listed}");
    }

    #[test]
    fn packs_one_to_sixteen_bytes() {
        for n in 0..=20 {
            let w: Vec<u8> = (1..=n as u8).collect();
            let mut want = [0u8; 16];
            if n <= PACKED {
                want[..n].copy_from_slice(&w);
            }
            let want = (1..=PACKED).contains(&n).then(|| u128::from_le_bytes(want));
            assert_eq!(crate::text::pack(&w), want, "{n}");
        }
    }

    #[test]
    fn form_ids_give_the_forms() {
        let model = &*MODEL;
        let mut seen = vec![false; model.all.len()];
        for (f, id) in model.form_ids() {
            assert_eq!(model.form_id(f), Some(id));
            assert!(!std::mem::replace(&mut seen[id as usize], true), "{f:?}");
            assert_eq!(model.form(f), model.all.get(id as usize));
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(model.form_of(super::super::tokens::NO_FORM), None);
        for w in ODD_WORDS {
            assert_eq!(
                model.form(w),
                model.form_id(w).and_then(|i| model.form_of(i))
            );
        }
    }

    #[test]
    fn frequent_function_words_are_ruled_out_by_their_form() {
        let model = &*MODEL;
        let ruled_out = model.all.iter().filter(|f| !f.can_trigger).count();
        assert!(ruled_out > 0 && ruled_out < model.all.len(), "{ruled_out}");
        for w in ["the", "of", "and"] {
            assert!(model.form(w).is_some_and(|f| !f.can_trigger), "{w}");
        }
    }

    #[test]
    fn stem_matches_the_reference() {
        let model_keys = MODEL_TSV
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(name, _)| name.split_once('=').map(|(_, v)| v));
        let lexicon_forms = LEXICON_TSV.lines().filter_map(|l| l.split('\t').next());
        for w in model_keys
            .chain(lexicon_forms)
            .chain(ODD_WORDS.iter().copied())
        {
            for w in [
                w.to_string(),
                w.to_lowercase(),
                format!("{w}ies"),
                format!("{w}ing"),
            ] {
                assert_eq!(stem(&w).as_str(), stem_reference(&w), "{w:?}");
            }
        }
    }

    #[test]
    fn scores_match_the_reference_to_the_bit() {
        let mut texts: Vec<String> = ODD_WORDS.iter().map(|w| w.to_string()).collect();
        texts.push(ODD_WORDS.join(" "));
        texts.push("\"The RAF-led talks,\" he said.\nTalks ended. (Prices rose 5%.)".into());
        texts.extend(crate::fixture_articles());
        let model = &*MODEL;
        let r = reference();
        let mut scored = 0;
        let mut near_seen = [0usize; NEAR + 1];
        for t in &texts {
            let toks = tokenize(t, Span::new(0, t.len()));
            // some tokens marked as inside a time expression: numbers, and
            // every seventh token, so that every distance occurs
            let inside: Vec<bool> = toks
                .iter()
                .enumerate()
                .map(|(k, x)| k % 7 == 3 || x.lower.chars().all(|c| c.is_ascii_digit()))
                .collect();
            let near = Model::near(&toks, &inside);
            assert_eq!(near, near_reference(&toks, &inside), "{t:?}");
            let one_by_one: Vec<u8> = (0..toks.len())
                .map(|k| Model::near_at(&toks, &inside, k))
                .collect();
            assert_eq!(one_by_one, near, "{t:?}");
            for k in 0..toks.len() {
                near_seen[usize::from(near[k])] += 1;
                let fast = model.score(t, &toks, k, near[k]);
                let slow = score_reference(&r, t, &toks, k, near[k]);
                assert_eq!(fast.to_bits(), slow.to_bits(), "{t:?} token {k}");
                assert_eq!(
                    model.is_trigger(t, &toks, k, &inside),
                    model.is_event(slow),
                    "{t:?} token {k}"
                );
                scored += 1;
            }
        }
        assert!(scored > 2000, "{scored}");
        assert!(near_seen.iter().all(|&n| n > 50), "{near_seen:?}");
    }
}
