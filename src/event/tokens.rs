//! Tokens for event finding and anchoring: words and single punctuation
//! characters with byte spans. Mirrors `tokenize` in
//! `scripts/train_events.py`; the trained model depends on both splitting
//! text the same way, so change them together.

use crate::text::{lowercase, Span};
use smol_str::{SmolStr, StrExt};

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
    /// The token lowercased (short ones stored inline, no allocation).
    pub lower: SmolStr,
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

/// Splits `text[range]` into tokens. Never panics; spans are char boundaries.
///
/// Reads bytes, decoding a char only where one is not ASCII; splits exactly
/// where reading char by char would.
pub(crate) fn tokenize(text: &str, range: Span) -> Vec<Token> {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let bytes = slice.as_bytes();
    // about one token per five bytes of news text, rarely under four: the
    // list is sized for four, so that it is seldom grown (and copied)
    let mut out = Vec::with_capacity(bytes.len() / 4 + 16);
    let mut newline = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let class = CLASS[usize::from(b)];
        // ASCII white space and punctuation, and ASCII words, without decoding
        let (word, n) = if class & WIDE == 0 {
            if class & (SPACE | NEWLINE) != 0 {
                newline |= class == NEWLINE;
                i += 1;
                continue;
            }
            (class & ALNUM != 0, 1)
        } else {
            match slice.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if c.is_whitespace() => {
                    i += c.len_utf8();
                    continue;
                }
                Some(c) => (is_word_char(c), c.len_utf8()),
                None => break,
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
        let Some(s) = slice.get(i..j) else {
            break;
        };
        let upper = seen & UPPER != 0;
        let lower = if ascii && !upper && s.len() <= 23 {
            inline(s)
        } else if ascii && s.len() <= 23 {
            s.to_ascii_lowercase_smolstr()
        } else {
            lowercase(s)
        };
        out.push(Token {
            span: Span::new(start + i, start + j),
            word,
            newline_before: newline,
            lower,
        });
        newline = false;
        i = j;
    }
    out
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

    /// The tokeniser as first written (char by char): the reference.
    fn tokenize_reference(text: &str) -> Vec<Token> {
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
            out.push(Token {
                span: Span::new(i, j),
                word: is_word_char(c),
                newline_before: newline,
                lower: lowercase(&text[i..j]),
            });
            newline = false;
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
            String::new(),
        ];
        texts.extend(crate::fixture_articles());
        for t in &texts {
            assert_eq!(
                tokenize(t, Span::new(0, t.len())),
                tokenize_reference(t),
                "{t:?}"
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
