//! Regular expressions over news text that stay on the fast path: a
//! Unicode word boundary makes the regex crate leave its lazy DFA for a
//! backtracker or the Pike VM whenever the text has a non-ASCII character,
//! so [`Pattern`] compiles `\b` as an ASCII boundary and checks the Unicode
//! one at the edges of each match. Used by the recognition rules and the
//! checker's text patterns.

use regex::{Captures, Regex};

/// A pattern over news text. Its word boundaries (`\b`) are compiled as ASCII
/// boundaries, which the fast lazy DFA can run on any text; a Unicode `\b`
/// makes the regex engine fall back to a backtracker or the Pike VM on
/// every search of a text with a non-ASCII character (curly quotes, dashes,
/// accented names: most news), about ten times slower. Unicode word
/// boundaries are then restored at the edges of each match: a match that
/// starts or ends inside a word made with a non-ASCII letter ("Marché")
/// is dropped.
pub struct Pattern(Regex);

impl Pattern {
    /// Compiles `pattern` (regex crate syntax), its `\b` as ASCII word
    /// boundaries checked again at the match edges.
    pub fn new(pattern: &str) -> Result<Pattern, regex::Error> {
        Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).map(Pattern)
    }

    /// The matches of `text`, leftmost-first, as `Regex::captures_iter`.
    pub fn captures_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Captures<'t>> + use<'r, 't> {
        self.0.captures_iter(text).filter(move |c| {
            c.get(0)
                .is_some_and(|m| unicode_edges(text, m.start(), m.end()))
        })
    }

    /// The first match of `text`, as `Regex::captures`.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.captures_iter(text).next()
    }

    /// The spans of the matches of `text`, as `Regex::find_iter`.
    pub fn find_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = regex::Match<'t>> + use<'r, 't> {
        self.0
            .find_iter(text)
            .filter(move |m| unicode_edges(text, m.start(), m.end()))
    }

    /// The pattern as compiled (its `\b` made ASCII).
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The first match's span, as `Regex::find`.
    pub fn find<'t>(&self, text: &'t str) -> Option<regex::Match<'t>> {
        self.find_iter(text).next()
    }

    /// Whether `text` has a match, as `Regex::is_match`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// Whether a match at `start..end` of `text` has a word boundary at each
/// edge that is a word character, as Unicode counts words: no letter or
/// digit glued to it.
fn unicode_edges(text: &str, start: usize, end: usize) -> bool {
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
