//! Tokens for event finding and anchoring: words and single punctuation
//! characters with byte spans. Mirrors `tokenize` in
//! `scripts/train_events.py`; the trained model depends on both splitting
//! text the same way, so change them together.
//!
//! Each token also carries what the event model and the tense reader
//! ([`crate::text::Clauses`]) look up by its lowercase form (its form in
//! the model, what the reader knows of it as a word, whether the verb group
//! reader counts it an irregular past form) and what the reader asks of its
//! punctuation, read in the same pass with one table lookup ([`Vocab`]), so
//! that none of them looks a form up again.

use super::model::MODEL;
use super::verb::PAST;
use crate::text::{
    ends_in_ed, is_ed_word, listed_words, lowercase, pack, word_byte, word_byte_of, Span, NAME_BYTE,
};
use smol_str::{SmolStr, StrExt};
use std::sync::LazyLock;

/// A token: a word (alphanumeric run, hyphens inside joined: `cease-fire`)
/// or one character of punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte span in the text.
    pub span: Span,
    /// Whether it is a word (else punctuation).
    pub word: bool,
    /// Whether a line break comes between it and the previous token (or it
    /// is the first token).
    pub newline_before: bool,
    /// [`HYPHEN`], [`APOSTROPHE`], [`BREAK`], [`END`], [`RULED_OUT`].
    pub flags: u8,
    /// What the tense reader knows of `lower` as a word standing alone
    /// (`crate::text::word_byte`; [`NAME_BYTE`] for a capitalised `-ed`
    /// word of more than four letters).
    pub tense: u8,
    /// The index of `lower` among the event model's forms
    /// (`Model::form_id`), or [`NO_FORM`].
    pub form: u32,
    /// The token lowercased (short ones stored inline, no allocation).
    pub lower: SmolStr,
}

/// [`Token::form`] of a form the model has no weight for.
pub(crate) const NO_FORM: u32 = u32::MAX;

/// [`Token::flags`]: the lowercase form holds a hyphen.
pub(crate) const HYPHEN: u8 = 1;
/// [`Token::flags`]: the token is an apostrophe (`'` or `’`).
pub(crate) const APOSTROPHE: u8 = 2;
/// [`Token::flags`]: the token is clause punctuation (`, ; : ( ) "` or
/// `– — “ ”`).
pub(crate) const BREAK: u8 = 4;
/// [`Token::flags`]: the token is `.`, `!` or `?`.
pub(crate) const END: u8 = 8;
/// [`Token::flags`]: the event model knows the form and rules it out as
/// a trigger whatever its context (`Model::rules_out`).
pub(crate) const RULED_OUT: u8 = 16;
/// [`Token::flags`]: the lowercase form is one of the verb group reader's
/// irregular past forms (`verb::PAST`).
pub(crate) const PAST_FORM: u8 = 32;

/// [`PAST_FORM`] if `f` is one of `verb::PAST`.
fn past_form(f: &str) -> u8 {
    if PAST.binary_search(&f).is_ok() {
        PAST_FORM
    } else {
        0
    }
}

/// [`RULED_OUT`] if the model rules form `id` out.
fn ruled_out(id: u32) -> u8 {
    if MODEL.rules_out(id) {
        RULED_OUT
    } else {
        0
    }
}

/// [`Token::flags`] of a one-char punctuation token `c`.
fn punct_flags(c: char) -> u8 {
    match c {
        '\'' | '’' => APOSTROPHE,
        ',' | ';' | ':' | '(' | ')' | '"' | '–' | '—' | '“' | '”' => BREAK,
        '.' | '!' | '?' => END,
        _ => 0,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The char starting at byte `i` of `s` (a char boundary), if any.
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// What an ASCII byte is to the tokeniser (see [`CLASS`]).
const SPACE: u8 = 1;
const NEWLINE: u8 = 2;
const ALNUM: u8 = 4;
const UPPER: u8 = 8;
/// A byte of a non-ASCII char.
const WIDE: u8 = 16;

/// [`SPACE`], [`NEWLINE`], [`ALNUM`] (with [`UPPER`] for capitals) or
/// [`WIDE`] for each byte; 0 for ASCII punctuation (and the hyphen).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            WIDE
        } else if c == b'\n' {
            NEWLINE
        } else if c == b' ' || (c >= 0x09 && c <= 0x0d) {
            SPACE
        } else if c.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            0
        };
        i += 1;
    }
    t
};

/// The event model's forms and the tense reader's words in one
/// open-addressing table keyed by the lowercase form's bytes packed
/// little-endian into a `u128` ([`pack`]) and its length: a token's form
/// is looked up once for both.
struct Vocab {
    slots: Vec<VocabSlot>,
    /// `slots.len() - 1` (a power of two less one).
    mask: usize,
    /// log2 of `slots.len()`.
    bits: u32,
    /// [`Token::form`] and [`Token::flags`] of each one-char ASCII token.
    ascii: [(u32, u8); 128],
}

/// A [`Vocab`] slot: the packed form as low and high halves, its length
/// (0: an empty slot), its [`Token::tense`] and [`Token::form`], and the
/// form itself as a `'static` string (the model's or the tense reader's),
/// which a token's `lower` then points to instead of holding a copy.
#[derive(Debug, Clone, Copy, Default)]
struct VocabSlot {
    lo: u64,
    hi: u64,
    len: u8,
    tense: u8,
    /// [`RULED_OUT`], [`PAST_FORM`] or 0.
    flags: u8,
    form: u32,
    text: &'static str,
}

/// Every ASCII char, so that a one-char token has a `'static` string.
const ASCII: &str = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\
    \x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \
    !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f";

static VOCAB: LazyLock<Vocab> = LazyLock::new(Vocab::new);

impl Vocab {
    fn new() -> Vocab {
        let model = &*MODEL;
        // (form, its model id, flags it adds)
        let mut entries: Vec<(&'static str, u32, u8)> =
            model.form_ids().map(|(f, id)| (f, id, 0)).collect();
        entries.extend(listed_words().map(|w| (w, NO_FORM, 0)));
        entries.extend(PAST.iter().map(|&w| (w, NO_FORM, PAST_FORM)));
        let bits = (entries.len().max(8) * 3 / 2)
            .next_power_of_two()
            .trailing_zeros();
        let mut v = Vocab {
            slots: vec![VocabSlot::default(); 1 << bits],
            mask: (1 << bits) - 1,
            bits,
            ascii: [(NO_FORM, 0); 128],
        };
        for (text, form, extra) in entries {
            let len = text.len();
            let (Some(packed), Ok(n)) = (pack(text.as_bytes()), u8::try_from(len)) else {
                continue;
            };
            let (lo, hi) = (packed as u64, (packed >> 64) as u64);
            let mut i = v.slot(lo, hi);
            loop {
                let s = &mut v.slots[i];
                if s.len == 0 {
                    *s = VocabSlot {
                        lo,
                        hi,
                        len: n,
                        tense: word_byte(packed, len),
                        flags: ruled_out(form) | extra,
                        form,
                        text,
                    };
                    break;
                }
                if (s.lo, s.hi, s.len) == (lo, hi, n) {
                    // a listed word the model knows too: keep its form
                    s.flags |= extra;
                    break;
                }
                i = (i + 1) & v.mask;
            }
        }
        for (b, slot) in v.ascii.iter_mut().enumerate() {
            let c = char::from_u32(b as u32).unwrap_or('\0');
            let id = model.form_id(c.encode_utf8(&mut [0; 4])).unwrap_or(NO_FORM);
            *slot = (id, punct_flags(c) | ruled_out(id));
        }
        v
    }

    #[inline]
    fn slot(&self, lo: u64, hi: u64) -> usize {
        let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - self.bits)) as usize
    }

    /// The slot of the lowercase form of `len` (1 to 16) bytes packed into
    /// `packed`, if the table holds it.
    #[inline(always)]
    fn find(&self, packed: u128, len: usize) -> Option<&VocabSlot> {
        let (lo, hi) = (packed as u64, (packed >> 64) as u64);
        let mut i = self.slot(lo, hi);
        while let Some(s) = self.slots.get(i) {
            if s.lo == lo && s.hi == hi && usize::from(s.len) == len {
                return Some(s);
            }
            if s.len == 0 {
                break;
            }
            i = (i + 1) & self.mask;
        }
        None
    }

    /// [`Token::form`] and [`Token::tense`] of the lowercase form of `len`
    /// (1 to 16) bytes packed into `packed`.
    #[inline]
    fn get(&self, packed: u128, len: usize) -> (u32, u8) {
        match self.find(packed, len) {
            Some(s) => (s.form, s.tense),
            None => Self::unknown(packed, len),
        }
    }

    /// [`Vocab::get`] of a form it does not hold: no model form, and what
    /// the tense reader reads of an unlisted word.
    #[cold]
    #[inline(never)]
    fn unknown(packed: u128, len: usize) -> (u32, u8) {
        (NO_FORM, word_byte(packed, len))
    }

    /// [`Token::form`] and [`Token::tense`] of the lowercase form `f`, not
    /// capitalised.
    fn of(&self, f: &str) -> (u32, u8) {
        match pack(f.as_bytes()) {
            Some(p) => self.get(p, f.len()),
            None => (
                MODEL.form_id(f).unwrap_or(NO_FORM),
                word_byte_of(f.as_bytes()),
            ),
        }
    }
}

/// `SmolStr::new_inline(s)` (`s` at most 23 bytes), with the copy made for
/// a length known at compile time when `s` is short: the general copy is
/// a call to `memcpy` for a few bytes, costlier than the copy.
#[inline]
fn inline(s: &str) -> SmolStr {
    macro_rules! by_length {
        ($($n:literal)*) => {
            match s.len() {
                $($n => SmolStr::new_inline(s.get(..$n).unwrap_or(s)),)*
                n if n <= 23 => SmolStr::new_inline(s),
                _ => SmolStr::new(s),
            }
        };
    }
    by_length!(1 2 3 4 5 6 7 8 9 10 11 12)
}

/// The lowercase ASCII form of `len` (1 to 16) bytes packed into `packed`
/// as a string.
#[cold]
fn unpacked(packed: u128, len: usize) -> SmolStr {
    let bytes = packed.to_le_bytes();
    let f = bytes.get(..len).unwrap_or_default();
    std::str::from_utf8(f).map_or_else(|_| SmolStr::default(), inline)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// The eight bytes of `bytes` from `at`, little-endian, zeros past the end.
#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => <[u8; 8]>::try_from(b).map_or(0, u64::from_le_bytes),
        None => {
            let mut buf = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            let n = rest.len().min(8);
            if let (Some(d), Some(s)) = (buf.get_mut(..n), rest.get(..n)) {
                d.copy_from_slice(s);
            }
            u64::from_le_bytes(buf)
        }
    }
}

/// For each byte of `x` below 0x80 (`y`: `x` with each high bit cleared),
/// 0x80 where it lies in `lo..=hi`, else 0 (no carry crosses bytes).
#[inline]
fn in_range(y: u64, lo: u8, hi: u8) -> u64 {
    (y + ONES * u64::from(0x80 - lo)) & !(y + ONES * u64::from(0x7f - hi)) & HIGH
}

/// For the eight bytes of `x`: 0x80 in each that is an ASCII letter, and
/// 0x80 in each that is an ASCII letter or digit.
#[inline]
fn letters_and_alnum(x: u64) -> (u64, u64) {
    let y = x & !HIGH;
    let letters = in_range(y | (ONES * 0x20), b'a', b'z') & !x;
    (letters, letters | (in_range(y, b'0', b'9') & !x))
}

/// The low `n` bytes of `x` (`n` at most 8).
#[inline]
fn low_bytes(x: u64, n: usize) -> u64 {
    if n >= 8 {
        x
    } else {
        x & ((1u64 << (8 * n)) - 1)
    }
}

/// The ASCII word of 1 to 16 letters and digits at `i` of `bytes` (whose
/// first byte is one), when the byte after it joins nothing to it (not a
/// hyphen, not a byte of a wider char): its length and its lowercase form
/// packed ([`pack`]).
#[inline]
fn short_ascii_word(bytes: &[u8], i: usize) -> Option<(usize, u128)> {
    // setting the 0x20 bit of a letter lowercases it
    let x0 = load8(bytes, i);
    let (letters0, alnum0) = letters_and_alnum(x0);
    // (the caller saw a letter or digit at `i`; the first byte's bit is
    // left out all the same, so that the word is never empty)
    let stop0 = !alnum0 & (HIGH & !0x80);
    let (len, lo, hi) = if stop0 != 0 {
        let n = (stop0.trailing_zeros() / 8) as usize;
        (n, low_bytes(x0 | (letters0 >> 2), n), 0)
    } else {
        let x1 = load8(bytes, i + 8);
        let (letters1, alnum1) = letters_and_alnum(x1);
        let stop1 = !alnum1 & HIGH;
        if stop1 == 0 {
            return None;
        }
        let n = (stop1.trailing_zeros() / 8) as usize;
        (
            8 + n,
            x0 | (letters0 >> 2),
            low_bytes(x1 | (letters1 >> 2), n),
        )
    };
    match bytes.get(i + len) {
        Some(&d) if d == b'-' || d >= 0x80 => return None,
        _ => {}
    }
    Some((len, u128::from(lo) | (u128::from(hi) << 64)))
}

/// Splits `text[range]` into tokens. Never panics; spans are char boundaries.
///
/// Reads bytes, decoding a char only where one is not ASCII; splits exactly
/// where reading char by char would. An ASCII word of up to sixteen bytes
/// is read eight bytes at a time, and its packed lowercase form, read in
/// the same loads, is looked up in [`Vocab`].
pub(crate) fn tokenize(text: &str, range: Span) -> Vec<Token> {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let vocab = &*VOCAB;
    let bytes = slice.as_bytes();
    // about one token per five bytes of news text, rarely under four: the
    // list is sized for four, so that it is seldom grown (and copied)
    let mut out = Vec::with_capacity(bytes.len() / 4 + 16);
    let mut newline = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let class = CLASS[usize::from(b)];
        // ASCII white space and punctuation, and ASCII words, without decoding
        if class & WIDE == 0 {
            if class & (SPACE | NEWLINE) != 0 {
                newline |= class == NEWLINE;
                i += 1;
                continue;
            }
            if class & ALNUM == 0 {
                // one byte of ASCII punctuation
                let (Some(s), Some(&(form, flags))) = (
                    ASCII.get(usize::from(b)..usize::from(b) + 1),
                    vocab.ascii.get(usize::from(b)),
                ) else {
                    break;
                };
                out.push(Token {
                    span: Span::new(start + i, start + i + 1),
                    word: false,
                    newline_before: newline,
                    flags,
                    tense: 0,
                    form,
                    lower: SmolStr::new_static(s),
                });
                newline = false;
                i += 1;
                continue;
            }
            if let Some((len, packed)) = short_ascii_word(bytes, i) {
                let j = i + len;
                let span = Span::new(start + i, start + j);
                let name = class & UPPER != 0 && ends_in_ed(packed, len);
                // a form the table holds points to the table's string
                // (each case pushes its own token, built in place)
                match vocab.find(packed, len) {
                    Some(v) => out.push(Token {
                        span,
                        word: true,
                        newline_before: newline,
                        flags: v.flags,
                        tense: if name { NAME_BYTE } else { v.tense },
                        form: v.form,
                        lower: SmolStr::new_static(v.text),
                    }),
                    None => out.push(unknown_word(span, newline, packed, len, name)),
                }
                newline = false;
                // most words are followed by one space: skipped here
                i = if bytes.get(j) == Some(&b' ') {
                    j + 1
                } else {
                    j
                };
                continue;
            }
        }
        // anything else: read apart, so that the loop above stays small
        match general_token(slice, start, i, class, newline, &mut out) {
            Some((next, pushed)) => {
                newline &= !pushed;
                i = next;
            }
            None => break,
        }
    }
    out
}

/// The token of an ASCII word at `span` that [`Vocab`] does not hold (of
/// `len` bytes, its lowercase form packed into `packed`; `name`: a
/// capitalised `-ed` word).
#[cold]
#[inline(never)]
fn unknown_word(span: Span, newline: bool, packed: u128, len: usize, name: bool) -> Token {
    let (form, tense) = Vocab::unknown(packed, len);
    Token {
        span,
        word: true,
        newline_before: newline,
        flags: 0,
        tense: if name { NAME_BYTE } else { tense },
        form,
        lower: unpacked(packed, len),
    }
}

/// [`tokenize`] at byte `i` of `slice` (at `start` in the text; `class`
/// its first byte's [`CLASS`]) where the fast paths do not apply: a
/// non-ASCII char, or an ASCII word that is long, hyphenated or followed
/// by a non-ASCII char. Pushes the token, if any, and gives the byte after
/// what it read and whether it pushed one; `None` where the text cannot be
/// read on (never, on a char boundary).
#[inline(never)]
fn general_token(
    slice: &str,
    start: usize,
    i: usize,
    class: u8,
    newline: bool,
    out: &mut Vec<Token>,
) -> Option<(usize, bool)> {
    let vocab = &*VOCAB;
    let bytes = slice.as_bytes();
    let (word, n) = if class & WIDE == 0 {
        // an ASCII word the fast path left
        (true, 1)
    } else {
        match slice.get(i..).and_then(|r| r.chars().next()) {
            Some(c) if c.is_whitespace() => return Some((i + c.len_utf8(), false)),
            Some(c) => (is_word_char(c), c.len_utf8()),
            None => return None,
        }
    };
    let mut j = i + n;
    // whether the token is ASCII and whether it has an uppercase letter
    let mut ascii = n == 1;
    let mut seen = class;
    if word {
        loop {
            // the ASCII letters and digits that follow
            while let Some(&d) = bytes.get(j) {
                let c = CLASS[usize::from(d)];
                if c & ALNUM == 0 {
                    break;
                }
                seen |= c;
                j += 1;
            }
            match bytes.get(j) {
                Some(b'-') => match char_at(slice, j + 1) {
                    Some(d) if is_word_char(d) => {
                        ascii &= d.is_ascii();
                        seen |= if d.is_ascii_uppercase() { UPPER } else { 0 };
                        j += 1 + d.len_utf8();
                    }
                    _ => break,
                },
                Some(d) if !d.is_ascii() => match char_at(slice, j) {
                    Some(d) if is_word_char(d) => {
                        ascii = false;
                        j += d.len_utf8();
                    }
                    _ => break,
                },
                _ => break,
            }
        }
    }
    let s = slice.get(i..j)?;
    let upper = seen & UPPER != 0;
    let lower = if ascii && !upper && s.len() <= 23 {
        inline(s)
    } else if ascii && s.len() <= 23 {
        s.to_ascii_lowercase_smolstr()
    } else {
        lowercase(s)
    };
    let (form, mut tense) = vocab.of(&lower);
    let flags = if word {
        let cap = match s.as_bytes().first() {
            Some(&b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => s.chars().next().is_some_and(char::is_uppercase),
        };
        if cap && is_ed_word(lower.as_bytes()) {
            tense = NAME_BYTE;
        }
        if lower.as_bytes().contains(&b'-') {
            HYPHEN
        } else {
            past_form(&lower)
        }
    } else {
        tense = 0;
        s.chars().next().map_or(0, punct_flags)
    } | ruled_out(form);
    out.push(Token {
        span: Span::new(start + i, start + j),
        word,
        newline_before: newline,
        flags,
        tense,
        form,
        lower,
    });
    Some((j, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<String> {
        tokenize(t, Span::new(0, t.len()))
            .into_iter()
            .map(|k| t[k.span.start..k.span.end].to_string())
            .collect()
    }

    #[test]
    fn splits_words_and_punctuation() {
        assert_eq!(
            words("A cease-fire, U.S.-led; don't -x"),
            vec![
                "A",
                "cease-fire",
                ",",
                "U",
                ".",
                "S",
                ".",
                "-",
                "led",
                ";",
                "don",
                "'",
                "t",
                "-",
                "x"
            ]
        );
    }

    /// What a token is without the fields looked up for the model and the
    /// tense reader: span, word, line break before, lowercase form.
    type Plain = (Span, bool, bool, SmolStr);

    fn plain(toks: &[Token]) -> Vec<Plain> {
        toks.iter()
            .map(|t| (t.span, t.word, t.newline_before, t.lower.clone()))
            .collect()
    }

    /// The tokeniser as first written (char by char): the reference.
    fn tokenize_reference(text: &str) -> Vec<Plain> {
        let mut out = Vec::new();
        let mut newline = true;
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_whitespace() {
                if c == '\n' {
                    newline = true;
                }
                continue;
            }
            let mut j = i + c.len_utf8();
            if is_word_char(c) {
                loop {
                    match it.peek().copied() {
                        Some((k, d)) if is_word_char(d) => {
                            it.next();
                            j = k + d.len_utf8();
                        }
                        Some((_, '-')) => {
                            let mut ahead = it.clone();
                            ahead.next();
                            match ahead.peek().copied() {
                                Some((k, d)) if is_word_char(d) => {
                                    it.next();
                                    it.next();
                                    j = k + d.len_utf8();
                                }
                                _ => break,
                            }
                        }
                        _ => break,
                    }
                }
            }
            out.push((
                Span::new(i, j),
                is_word_char(c),
                newline,
                lowercase(&text[i..j]),
            ));
            newline = false;
        }
        out
    }

    /// The looked-up fields of `t` as they were worked out before the
    /// tokeniser carried them: the model's form by string, the tense
    /// reader's word from the lowercase form and the first char's case,
    /// the punctuation by its bytes.
    fn fields_reference(text: &str, t: &Token) -> (u8, u8, u32) {
        let lower = t.lower.as_str();
        let form = MODEL.form_id(lower).unwrap_or(NO_FORM);
        if !t.word {
            let flags = match &text.as_bytes()[t.span.start..t.span.end] {
                [b'\''] | [0xe2, 0x80, 0x99] => APOSTROPHE,
                [b',' | b';' | b':' | b'(' | b')' | b'"']
                | [0xe2, 0x80, 0x93 | 0x94 | 0x9c | 0x9d] => BREAK,
                b"." | b"!" | b"?" => END,
                _ => 0,
            };
            return (flags | ruled_out_reference(form), 0, form);
        }
        let cap = text[t.span.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let tense = if cap && lower.len() > 4 && lower.ends_with("ed") {
            NAME_BYTE
        } else {
            word_byte_of(lower.as_bytes())
        };
        let flags = if lower.contains('-') { HYPHEN } else { 0 };
        let past = if crate::event::verb::PAST.contains(&lower) {
            PAST_FORM
        } else {
            0
        };
        (flags | past | ruled_out_reference(form), tense, form)
    }

    /// The ruled-out flag as the model tells it for the form.
    fn ruled_out_reference(form: u32) -> u8 {
        if MODEL.rules_out(form) {
            RULED_OUT
        } else {
            0
        }
    }

    fn check(t: &str) {
        let toks = tokenize(t, Span::new(0, t.len()));
        assert_eq!(plain(&toks), tokenize_reference(t), "{t:?}");
        for k in &toks {
            assert_eq!(
                (k.flags, k.tense, k.form),
                fields_reference(t, k),
                "{t:?} {k:?}"
            );
        }
    }

    /// Words of every length up to 20 bytes, of letters of both cases and
    /// digits, followed by each kind of byte the fast path stops at, at the
    /// end of the text and not.
    fn word_shapes() -> Vec<String> {
        let mut out = Vec::new();
        let pool = "aZ9mQ0xEdeDkK7";
        for n in 1..=20 {
            let w: String = pool.chars().cycle().skip(n % 5).take(n).collect();
            let upper_ed = format!("{}ED", &w);
            let lower_ed = format!("{}ed", w.to_lowercase());
            for w in [
                w.clone(),
                w.to_lowercase(),
                w.to_uppercase(),
                upper_ed,
                lower_ed,
            ] {
                for after in [
                    "", " ", "-", "-x", "-É", "é", "É", "'", "’", ".", "\n", "\u{a0}", "@", "[",
                    "`", "{", "/", ":",
                ] {
                    out.push(format!("{w}{after}"));
                    out.push(format!("x {w}{after} y"));
                }
            }
        }
        out
    }

    #[test]
    fn same_tokens_as_the_reference() {
        let mut texts = vec![
            "A cease-fire, U.S.-led; don't -x".to_string(),
            "Ça a\n«ÉTÉ» 東京-駅 ΣΊΣΥΦΟΣ\u{b}x\u{85}y\u{a0}z\u{2028}w\u{1c}v".to_string(),
            "a--b -a- a-\n-b 1-2-3 x-é-ü AVERYLONGUPPERCASEWORDOFMORETHAN23BYTES".to_string(),
            "\r\n\t end-".to_string(),
            "X-Ray Anti-Ébola ABC-Def ÉTÉ-x a-É-b THEVERYLONGESTUPPERCASEWORD x-THEVERYLONGESTUPPERCASE".to_string(),
            "United Talked talked TALKED Ünited Éssayed ‘quoted’ – — “a” (b) [c] \"d\" e! f? g.".to_string(),
            String::new(),
        ];
        texts.extend(word_shapes());
        // every byte value that is ASCII, around a word
        texts.extend((0u8..128).map(|b| format!("ab{}Cd{}", char::from(b), char::from(b))));
        texts.extend(crate::fixture_articles());
        for t in &texts {
            check(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn same_tokens_as_the_reference_anywhere(t in "[a-fA-FzZ09 é’'\\-.,\n\u{a0}]{0,40}") {
            check(&t);
        }
    }

    /// The table gives every form of the model its index and every word
    /// what the tense reader's own table gives it.
    #[test]
    fn vocab_as_the_tables() {
        let vocab = &*VOCAB;
        let mut words: Vec<String> = MODEL.form_ids().map(|(f, _)| f.to_string()).collect();
        words.extend(listed_words().map(String::from));
        for w in words.clone() {
            words.push(format!("{w}x"));
            words.push(format!("{w}ed"));
            words.push(format!("x{w}"));
            words.push(format!("{w}\0"));
        }
        words.extend(
            [
                "\0",
                "\0\0",
                "abcdefghijklmnop",
                "abcdefghijklmnopq",
                "東京-駅",
            ]
            .map(String::from),
        );
        for w in &words {
            let want = (
                MODEL.form_id(w).unwrap_or(NO_FORM),
                word_byte_of(w.as_bytes()),
            );
            assert_eq!(vocab.of(w), want, "{w:?}");
        }
        assert_eq!(ASCII.len(), 128);
        for b in 0u8..128 {
            assert_eq!(ASCII.as_bytes()[usize::from(b)], b);
            let c = char::from(b).to_string();
            assert_eq!(
                vocab.ascii[usize::from(b)].0,
                MODEL.form_id(&c).unwrap_or(NO_FORM)
            );
        }
    }

    #[test]
    fn unicode_and_newlines() {
        let t = "Ça a\n«ÉTÉ» 東京-駅";
        let toks = tokenize(t, Span::new(0, t.len()));
        assert_eq!(toks[0].lower, "ça");
        assert!(toks[0].newline_before);
        assert!(!toks[1].newline_before);
        assert!(toks[2].newline_before);
        assert_eq!(toks.last().map(|k| k.lower.as_str()), Some("東京-駅"));
    }
}
