//! The verb group around a trigger: tense, aspect and polarity read from the
//! auxiliaries before it ("will be held", "has been arrested", "did not
//! attend") and from its own form ("said", "launched"). Falls back to
//! [`crate::text::clause_tense`] for nouns and bare forms. Owns no tables
//! beyond the small closed word classes it needs.

use super::tokens::{Token, APOSTROPHE, PAST_FORM};
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

/// Words that introduce a noun phrase: a trigger right after one is a noun
/// (read as [`is_determiner`]; the tests compare the two).
#[cfg(test)]
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my",
    "your", "no", "any", "some", "each", "every", "another", "such",
];

/// Irregular past tense forms that are not also participles in common use,
/// plus the most frequent reporting verbs. Sorted (binary search). The
/// tokeniser marks a token whose lowercase form is one
/// ([`super::tokens::PAST_FORM`]).
pub(crate) const PAST: &[&str] = &[
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

#[cfg(test)]
fn is_past_form(w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ed")) || PAST.binary_search(&w).is_ok()
}

/// Whether a token is a past form: a lowercase form of more than three
/// bytes ending in "ed", or one of [`PAST`], which is read
/// from the token's [`PAST_FORM`] flag.
fn is_past_token(t: &Token) -> bool {
    let w = t.lower.as_str();
    (w.len() > 3 && w.ends_with("ed")) || t.flags & PAST_FORM != 0
}

/// What the walk back over a verb group makes of a word, by its lowercase
/// form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aux {
    Other,
    /// "will", "shall", "ll", "wo".
    Will,
    /// "would", "could", "might", "should", "may", "must", "can", "ca".
    Modal,
    /// "have", "has", "haven", "hasn".
    Have,
    /// "had", "hadn".
    Had,
    /// "is", "are", "am", "isn", "aren".
    Is,
    /// "was", "were", "wasn", "weren".
    Was,
    /// "do", "does", "don", "doesn".
    Do,
    /// "did", "didn".
    Did,
    Been,
    /// "be", "being".
    Be,
    /// "not", "never", "t".
    Not,
    To,
    /// One of [`PRONOUNS`].
    Pronoun,
    /// A word that introduces a noun phrase ("the", "a", "no", "their"; the
    /// tests compare with the list `DETERMINERS`): a trigger right after
    /// one is a noun.
    Determiner,
}

/// The words the walk tells apart, each as its [`key`]: one `match` on a
/// number instead of comparing the word with each string.
mod keys {
    // each listed word's `key`, made at compile time by `pack_word` (the
    // same packing for these words: lowercase, one to seven bytes)
    use crate::text::pack_word;

    macro_rules! keys {
        ($($name:ident = $w:literal),* $(,)?) => { $(pub(super) const $name: u64 = pack_word($w);)* };
    }

    keys! {
        WILL = b"will", SHALL = b"shall", LL = b"ll", WO = b"wo",
        WOULD = b"would", COULD = b"could", MIGHT = b"might", SHOULD = b"should",
        MAY = b"may", MUST = b"must", CAN = b"can", CA = b"ca",
        HAVE = b"have", HAS = b"has", HAVEN = b"haven", HASN = b"hasn",
        HAD = b"had", HADN = b"hadn",
        IS = b"is", ARE = b"are", AM = b"am", ISN = b"isn", AREN = b"aren",
        WAS = b"was", WERE = b"were", WASN = b"wasn", WEREN = b"weren",
        DO = b"do", DOES = b"does", DON = b"don", DOESN = b"doesn",
        DID = b"did", DIDN = b"didn",
        BEEN = b"been", BE = b"be", BEING = b"being",
        NOT = b"not", NEVER = b"never", T = b"t", TO = b"to",
        // PRONOUNS
        I = b"i", YOU = b"you", WE = b"we", THEY = b"they", HE = b"he", SHE = b"she",
        IT = b"it",
        // DETERMINERS
        THE = b"the", A = b"a", AN = b"an", THIS = b"this", THAT = b"that",
        THESE = b"these", THOSE = b"those", ITS = b"its", HIS = b"his", HER = b"her",
        THEIR = b"their", OUR = b"our", MY = b"my", YOUR = b"your", NO = b"no",
        ANY = b"any", SOME = b"some", EACH = b"each", EVERY = b"every",
        ANOTHER = b"another", SUCH = b"such",
    }
}

/// A word of 1 to 7 bytes packed little-endian into a `u64` with its
/// length in the top byte; 0 for any other word (no listed word is).
#[inline]
fn key(w: &str) -> u64 {
    let b = w.as_bytes();
    match crate::text::pack(b) {
        Some(p) if b.len() <= 7 => p as u64 | ((b.len() as u64) << 56),
        _ => 0,
    }
}

/// [`Aux`] of the word whose [`key`] is `k`.
#[inline]
fn aux(k: u64) -> Aux {
    use keys::*;
    match k {
        WILL | SHALL | LL | WO => Aux::Will,
        WOULD | COULD | MIGHT | SHOULD | MAY | MUST | CAN | CA => Aux::Modal,
        HAVE | HAS | HAVEN | HASN => Aux::Have,
        HAD | HADN => Aux::Had,
        IS | ARE | AM | ISN | AREN => Aux::Is,
        WAS | WERE | WASN | WEREN => Aux::Was,
        DO | DOES | DON | DOESN => Aux::Do,
        DID | DIDN => Aux::Did,
        BEEN => Aux::Been,
        BE | BEING => Aux::Be,
        NOT | NEVER | T => Aux::Not,
        TO => Aux::To,
        I | YOU | WE | THEY | HE | SHE | IT => Aux::Pronoun,
        THE | A | AN | THIS | THAT | THESE | THOSE | ITS | HIS | HER | THEIR | OUR | MY | YOUR
        | NO | ANY | SOME | EACH | EVERY | ANOTHER | SUCH => Aux::Determiner,
        _ => Aux::Other,
    }
}

#[cfg(test)]
fn is_pronoun(k: u64) -> bool {
    aux(k) == Aux::Pronoun
}

#[cfg(test)]
fn is_determiner(k: u64) -> bool {
    aux(k) == Aux::Determiner
}

/// Reads the verb group of the trigger at token `k`.
///
/// The words walked back over are told apart by their [`key`] (one match
/// on a number); the tests compare with the reader as first written, which
/// compared strings.
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
        let Some(t) = tokens.get(j) else {
            break;
        };
        if t.span.end <= sentence.start {
            break;
        }
        if !t.word {
            // "n't": the "t" after an apostrophe, handled at the word; other
            // punctuation ends the group
            if t.flags & APOSTROPHE != 0 {
                continue;
            }
            break;
        }
        let p = t.lower.as_str();
        // a capitalised word inside the sentence is a name ("Brian May")
        let capitalised = match text.as_bytes().get(t.span.start) {
            Some(&b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => text
                .get(t.span.start..t.span.end)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase),
        };
        if capitalised && t.span.start > sentence.start && p != "i" {
            break;
        }
        let key = key(p);
        let class = aux(key);
        subject = j + 1 == k && class == Aux::Pronoun;
        match class {
            Aux::Will => {
                tense.get_or_insert(Tense::Future);
                break;
            }
            Aux::Modal => {
                tense.get_or_insert(clause_or(clauses, sentence, t.span.start, Tense::None));
                break;
            }
            Aux::Have => {
                saw_have = true;
                tense.get_or_insert(Tense::Present);
                break;
            }
            Aux::Had => {
                saw_have = true;
                tense.get_or_insert(Tense::Past);
                break;
            }
            Aux::Is => {
                saw_be = true;
                tense.get_or_insert(Tense::Present);
                break;
            }
            Aux::Was => {
                saw_be = true;
                tense.get_or_insert(Tense::Past);
                break;
            }
            Aux::Do => {
                tense.get_or_insert(Tense::Present);
                break;
            }
            Aux::Did => {
                tense.get_or_insert(Tense::Past);
                break;
            }
            // "been" is always perfect: "has been held", "had been fighting"
            Aux::Been => {
                saw_be = true;
                saw_have = true;
            }
            Aux::Be => saw_be = true,
            Aux::Not => g.polarity = Polarity::Neg,
            Aux::To if j + 1 == k || saw_be => {
                to_before = true;
                break;
            }
            Aux::Determiner if j + 1 == k => {
                noun = true;
                if key == keys::NO {
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
    } else if !noun && is_past_token(tok) {
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

    /// The reader as first written (words compared as strings): the
    /// reference.
    fn read_reference(
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

    /// The walk's keyed word classes are those of the string lists.
    #[test]
    fn keys_as_the_lists() {
        for w in PRONOUNS {
            assert!(is_pronoun(key(w)), "{w}");
        }
        for w in DETERMINERS {
            assert!(is_determiner(key(w)), "{w}");
        }
        for w in [
            "", "x", "thes", "the\0", "thee", "another1", "anothers", "willl", "i'", "é",
        ] {
            assert!(!is_pronoun(key(w)) && !is_determiner(key(w)), "{w}");
            assert_eq!(aux(key(w)), Aux::Other, "{w}");
        }
    }

    /// The same verb group as the reference for every word token of the
    /// fixtures and of odd text, read in sentences and in the whole text.
    #[test]
    fn same_groups_as_the_reference() {
        let mut texts = crate::fixture_articles();
        texts.push(
            "He didn\u{2019}t go. They'll have been going. I never did. It wo n't; \
             THE Will may be held. Brian May said. We, the people, haven't the \
             plan to be soon really quickly attending. No talks. Being held, being \
             \u{c9}t\u{e9} shall. Ca n't is are am isn aren was were wasn weren \
             do does don doesn did didn been be not t to said held."
                .to_string(),
        );
        for t in &texts {
            let toks = tokenize(t, Span::new(0, t.len()));
            let clauses = Clauses::new(t);
            let sentences = crate::text::sentences(t);
            for (k, tok) in toks.iter().enumerate() {
                if !tok.word {
                    continue;
                }
                let whole = Span::new(0, t.len());
                assert_eq!(
                    read(t, &clauses, whole, &toks, k),
                    read_reference(t, &clauses, whole, &toks, k),
                    "{t:?} {k}"
                );
                if let Some(s) = sentences.iter().find(|s| s.span().contains(&tok.span)) {
                    assert_eq!(
                        read(t, &clauses, s.span(), &toks, k),
                        read_reference(t, &clauses, s.span(), &toks, k),
                        "{t:?} {k}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn same_groups_as_the_reference_anywhere(
            words in proptest::collection::vec(
                "(the|a|no|he|I|will|would|has|had|is|was|were|do|did|been|be|not|t|to|\
                 n't|'ll|never|soon|quickly|said|held|going|attack|Brian|May|, |\\. |' |’)",
                0..14,
            )
        ) {
            let t = words.join(" ");
            let toks = tokenize(&t, Span::new(0, t.len()));
            let clauses = Clauses::new(&t);
            for k in 0..toks.len() {
                for s in [Span::new(0, t.len()), Span::new(t.len() / 3, t.len())] {
                    proptest::prop_assert_eq!(
                        read(&t, &clauses, s, &toks, k),
                        read_reference(&t, &clauses, s, &toks, k)
                    );
                }
            }
        }
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
