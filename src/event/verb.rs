//! The verb group around a trigger: tense, aspect and polarity read from the
//! auxiliaries before it ("will be held", "has been arrested", "did not
//! attend") and from its own form ("said", "launched"). Falls back to
//! [`crate::text::clause_tense`] for nouns and bare forms. Owns no tables
//! beyond the small closed word classes it needs.

use super::tokens::Token;
use crate::text::{Clauses, Span, Tense};
use serde::Serialize;

/// TimeML aspect of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Aspect {
    /// No marked aspect.
    #[default]
    None,
    /// "has met", "had left".
    Perfective,
    /// "is meeting", "were fighting".
    Progressive,
    /// "has been meeting".
    PerfectiveProgressive,
}

/// TimeML polarity of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Polarity {
    /// It happened (or is said to).
    #[default]
    Pos,
    /// Negated: "did not attend", "never met", "no agreement".
    Neg,
}

/// Tense, aspect and polarity of one trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct VerbGroup {
    pub tense: Tense,
    pub aspect: Aspect,
    pub polarity: Polarity,
}

/// Words that introduce a noun phrase: a trigger right after one is a noun.
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my",
    "your", "no", "any", "some", "each", "every", "another", "such",
];

/// Irregular past tense forms that are not also participles in common use,
/// plus the most frequent reporting verbs. Sorted (binary search).
const PAST: &[&str] = &[
    "ate",
    "awoke",
    "became",
    "began",
    "bit",
    "blew",
    "bought",
    "brought",
    "built",
    "came",
    "caught",
    "chose",
    "dealt",
    "drew",
    "drove",
    "fed",
    "fell",
    "felt",
    "fled",
    "flew",
    "forgot",
    "fought",
    "found",
    "froze",
    "gave",
    "got",
    "grew",
    "had",
    "held",
    "hid",
    "kept",
    "knew",
    "laid",
    "led",
    "left",
    "lost",
    "made",
    "meant",
    "met",
    "paid",
    "ran",
    "rang",
    "rose",
    "said",
    "sank",
    "sat",
    "saw",
    "sent",
    "shook",
    "shot",
    "sold",
    "sought",
    "spent",
    "spoke",
    "stole",
    "stood",
    "struck",
    "swore",
    "taught",
    "thought",
    "threw",
    "told",
    "took",
    "tore",
    "understood",
    "went",
    "withdrew",
    "won",
    "wore",
    "wrote",
];

/// Subject pronouns: a bare verb right after one is finite ("they want");
/// each opens a finite clause of its own (used by anchoring too).
pub(crate) const PRONOUNS: &[&str] = &["i", "you", "we", "they", "he", "she", "it"];

fn is_past_form(w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ed")) || PAST.binary_search(&w).is_ok()
}

/// Reads the verb group of the trigger at token `k`.
pub(crate) fn read(
    text: &str,
    clauses: &Clauses,
    sentence: Span,
    tokens: &[Token],
    k: usize,
) -> VerbGroup {
    let mut g = VerbGroup::default();
    let Some(tok) = tokens.get(k) else {
        return g;
    };
    let w = tok.lower.as_str();
    // Walk back over at most five words of auxiliaries and adverbs.
    let mut tense: Option<Tense> = None;
    let mut saw_be = false;
    let mut saw_have = false;
    let mut to_before = false;
    let mut noun = false;
    let mut subject = false;
    let mut j = k;
    let mut steps = 0;
    while j > 0 && steps < 5 {
        j -= 1;
        steps += 1;
        let t = &tokens[j];
        if t.span.end <= sentence.start {
            break;
        }
        let p = t.lower.as_str();
        if !t.word {
            // "n't": the "t" after an apostrophe, handled at the word; other
            // punctuation ends the group
            if p == "'" || p == "’" {
                continue;
            }
            break;
        }
        // a capitalised word inside the sentence is a name ("Brian May")
        let capitalised = text
            .get(t.span.start..t.span.end)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase);
        if capitalised && t.span.start > sentence.start && p != "i" {
            break;
        }
        subject = j + 1 == k && PRONOUNS.contains(&p);
        match p {
            "will" | "shall" | "ll" | "wo" => {
                tense.get_or_insert(Tense::Future);
                break;
            }
            "would" | "could" | "might" | "should" | "may" | "must" | "can" | "ca" => {
                tense.get_or_insert(clause_or(clauses, sentence, t.span.start, Tense::None));
                break;
            }
            "have" | "has" | "haven" | "hasn" => {
                saw_have = true;
                tense.get_or_insert(Tense::Present);
                break;
            }
            "had" | "hadn" => {
                saw_have = true;
                tense.get_or_insert(Tense::Past);
                break;
            }
            "is" | "are" | "am" | "isn" | "aren" => {
                saw_be = true;
                tense.get_or_insert(Tense::Present);
                break;
            }
            "was" | "were" | "wasn" | "weren" => {
                saw_be = true;
                tense.get_or_insert(Tense::Past);
                break;
            }
            "do" | "does" | "don" | "doesn" => {
                tense.get_or_insert(Tense::Present);
                break;
            }
            "did" | "didn" => {
                tense.get_or_insert(Tense::Past);
                break;
            }
            // "been" is always perfect: "has been held", "had been fighting"
            "been" => {
                saw_be = true;
                saw_have = true;
            }
            "be" | "being" => saw_be = true,
            "not" | "never" | "t" => g.polarity = Polarity::Neg,
            "to" if j + 1 == k || saw_be => {
                to_before = true;
                break;
            }
            _ if j + 1 == k && DETERMINERS.contains(&p) => {
                noun = true;
                if p == "no" {
                    g.polarity = Polarity::Neg;
                }
                break;
            }
            _ if p.ends_with("ly") => {}
            _ => break,
        }
    }
    let ing = w.len() > 4 && w.ends_with("ing");
    g.aspect = match (saw_have, saw_be && ing) {
        (true, true) => Aspect::PerfectiveProgressive,
        (true, false) => Aspect::Perfective,
        (false, true) => Aspect::Progressive,
        _ => Aspect::None,
    };
    g.tense = if let Some(t) = tense {
        t
    } else if to_before {
        // an infinitive takes the future only when its clause looks ahead
        match clauses.tense_at(sentence, tok.span.start) {
            Tense::Future => Tense::Future,
            _ => Tense::None,
        }
    } else if !noun && is_past_form(w) {
        Tense::Past
    } else if !noun && (matches!(w, "says" | "is" | "are") || subject) {
        // "says", "they want": a present form
        Tense::Present
    } else {
        clauses.tense_at(sentence, tok.span.start)
    };
    g
}

fn clause_or(clauses: &Clauses, sentence: Span, pos: usize, default: Tense) -> Tense {
    match clauses.tense_at(sentence, pos) {
        Tense::None => default,
        t => t,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn group(t: &str, word: &str) -> VerbGroup {
        let toks = tokenize(t, Span::new(0, t.len()));
        let k = toks.iter().position(|x| x.lower == word).unwrap();
        read(t, &Clauses::new(t), Span::new(0, t.len()), &toks, k)
    }

    #[test]
    fn past_forms_sorted() {
        assert!(PAST.windows(2).all(|w| w[0] < w[1]));
        for w in PAST {
            assert!(is_past_form(w));
        }
        assert!(is_past_form("attacked") && !is_past_form("bed") && !is_past_form("attack"));
    }

    #[test]
    fn tense_aspect_polarity() {
        let g = group("The talks will be held in Geneva.", "held");
        assert_eq!(g.tense, Tense::Future);
        let g = group("Police have arrested two men.", "arrested");
        assert_eq!((g.tense, g.aspect), (Tense::Present, Aspect::Perfective));
        let g = group("Rebels were fighting near the border.", "fighting");
        assert_eq!((g.tense, g.aspect), (Tense::Past, Aspect::Progressive));
        let g = group("He didn't attend the summit.", "attend");
        assert_eq!((g.tense, g.polarity), (Tense::Past, Polarity::Neg));
        let g = group("The minister said on Monday.", "said");
        assert_eq!(g.tense, Tense::Past);
        let g = group("They have never met.", "met");
        assert_eq!((g.aspect, g.polarity), (Aspect::Perfective, Polarity::Neg));
        let g = group("He has been negotiating for weeks.", "negotiating");
        assert_eq!(g.aspect, Aspect::PerfectiveProgressive);
    }
}
