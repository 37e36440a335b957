//! Tokens for event finding and anchoring: words and single punctuation
//! characters with byte spans. Mirrors `tokenize` in
//! `scripts/train_events.py`; the trained model depends on both splitting
//! text the same way, so change them together.

use crate::text::{lowercase, Span};
use smol_str::SmolStr;

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

/// Splits `text[range]` into tokens. Never panics; spans are char boundaries.
pub(crate) fn tokenize(text: &str, range: Span) -> Vec<Token> {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut newline = true;
    let mut it = slice.char_indices().peekable();
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
        let s = &slice[i..j];
        out.push(Token {
            span: Span::new(start + i, start + j),
            word: is_word_char(c),
            newline_before: newline,
            lower: lowercase(s),
        });
        newline = false;
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
