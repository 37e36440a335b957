//! Words for the checker: a tokenizer over one sentence that keeps
//! punctuation that breaks clauses, and the word lists the checks read
//! (auxiliaries, modals, irregular past forms, reporting and planning
//! verbs). The general clause-tense reader is `crate::text::clause_tense`;
//! the checker needs a stricter reading that can say "not sure".

use crate::text::Span;
use smol_str::{SmolStr, StrExt};

/// A word (lowercased, curly apostrophes made straight) or a clause-breaking
/// punctuation mark, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    pub span: Span,
    /// (short words are stored inline, without an allocation)
    pub word: SmolStr,
    pub punct: bool,
}

/// The char starting at byte `i` of `s` (a char boundary), reading ASCII
/// without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// The tokens of `text[span]`: words of letters, digits, apostrophes and
/// inner hyphens; punctuation that breaks a clause (`, ; : ( ) [ ]`,
/// dashes, quotation marks) as tokens of their own. Contractions are split
/// ("won't" -> "will" "not", "he'll" -> "he" "will", "he'd" -> "he" "would").
///
/// Reads bytes, decoding a char only where one is not ASCII; splits as
/// reading char by char does (a property test holds it to the first
/// version).
pub(crate) fn tokens(text: &str, span: Span) -> Vec<Tok> {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let Some(s) = text.get(start..end) else {
        return Vec::new();
    };
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut word_start: Option<usize> = None;
    let apostrophe = |c: char| c == '\'' || c == '’';
    let mut i = 0;
    while i < b.len() {
        // a run of ASCII letters and digits
        if b[i].is_ascii_alphanumeric() {
            word_start.get_or_insert(i);
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            continue;
        }
        // a space ends a word and is no token (what the general step
        // below does with it, without decoding it and the char after it)
        if b[i] == b' ' {
            if let Some(ws) = word_start.take() {
                push_word(&mut out, start + ws, &s[ws..i]);
            }
            i += 1;
            continue;
        }
        let Some(c) = char_at(s, i) else {
            break;
        };
        let len = c.len_utf8();
        let next = char_at(s, i + len);
        let inner = word_start.is_some() && next.is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || ((c == '-' || apostrophe(c)) && inner) {
            word_start.get_or_insert(i);
            i += len;
            continue;
        }
        if let Some(ws) = word_start.take() {
            push_word(&mut out, start + ws, &s[ws..i]);
        }
        let double = (c == '-' || c == '`' || apostrophe(c)) && next == Some(c);
        let quote = matches!(c, '"' | '“' | '”' | '`') || (apostrophe(c) && double);
        let n = if double { 2 * len } else { len };
        if quote || double || matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–') {
            out.push(Tok {
                span: Span::new(start + i, start + i + n),
                word: if quote {
                    SmolStr::new_static("\"")
                } else {
                    let mut buf = [0u8; 4];
                    SmolStr::new(c.encode_utf8(&mut buf))
                },
                punct: true,
            });
        }
        i += n;
    }
    if let Some(ws) = word_start {
        push_word(&mut out, start + ws, &s[ws..]);
    }
    out
}

fn push_word(out: &mut Vec<Tok>, at: usize, w: &str) {
    // ASCII (nearly every word): lowercase once, inline when short
    let lower = if w.is_ascii() {
        w.to_ascii_lowercase_smolstr()
    } else {
        SmolStr::new(w.replace('’', "'").to_lowercase())
    };
    let span = Span::new(at, at + w.len());
    let mut push = |word: &str| {
        out.push(Tok {
            span,
            word: SmolStr::new(word),
            punct: false,
        })
    };
    if let Some(stem) = lower.strip_suffix("n't") {
        let stem = match stem {
            "wo" => "will",
            "ca" => "can",
            "sha" => "shall",
            s => s,
        };
        push(stem);
        push("not");
    } else if let Some(stem) = lower.strip_suffix("'ll") {
        push(stem);
        push("will");
    } else if let Some(stem) = lower.strip_suffix("'d") {
        push(stem);
        push("would");
    } else if let Some(stem) = lower.strip_suffix("'s") {
        push(stem);
    } else {
        out.push(Tok {
            span,
            word: lower,
            punct: false,
        });
    }
}

/// Whether `w` is one of the words in `list`.
pub(crate) fn is(w: &str, list: &[&str]) -> bool {
    list.contains(&w)
}

/// Modal auxiliaries: a clause with one is hypothetical or uncertain.
pub(crate) const MODALS: &[&str] = &[
    "would", "could", "might", "should", "may", "must", "can", "ought",
];

/// Auxiliaries that carry tense.
pub(crate) const AUX: &[&str] = &[
    "will", "shall", "was", "were", "is", "are", "am", "has", "have", "had", "did", "does", "do",
    "be", "been", "being",
];

/// Adverbs that may stand inside a verb group.
pub(crate) const ADVERBS: &[&str] = &[
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
    "initially",
    "originally",
    "first",
    "eventually",
    "later",
    "quietly",
    "actually",
    "allegedly",
    "apparently",
    "previously",
    "recently",
    "jointly",
    "unanimously",
    "successfully",
    "narrowly",
];

/// Words that open another clause: the verb of the date's clause is not
/// beyond them.
pub(crate) const CLAUSE_STOPS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "because", "if", "unless",
    "until", "before", "after", "since", "and", "or", "but", "as", "than", "whether", "though",
    "although", "so", "once", "nor",
];

/// Verbs that tell of a plan or a change of plan: a past form of them
/// dates the plan's target, not a past event ("was scheduled for",
/// "was postponed to", "planned on").
pub(crate) const PLAN_VERBS: &[&str] = &[
    "scheduled",
    "rescheduled",
    "planned",
    "expected",
    "set",
    "slated",
    "due",
    "postponed",
    "delayed",
    "moved",
    "pushed",
    "deferred",
    "proposed",
    "called",
    "timed",
    "targeted",
    "fixed",
    "booked",
    "adjourned",
    "suspended",
    "extended",
    "tabled",
    "pencilled",
    "penciled",
    "earmarked",
    "intended",
    "tentatively",
    "aimed",
    "put",
    "brought",
    "advanced",
    "invited",
    "summoned",
    "promised",
    "vowed",
    "pledged",
    "hoped",
    "wanted",
    "sought",
    "threatened",
    "offered",
    "reserved",
    "awaited",
    "anticipated",
    "predicted",
    "forecast",
];

/// Verbs that report speech or thought.
pub(crate) const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "announced",
    "announces",
    "reported",
    "reports",
    "stated",
    "states",
    "added",
    "adds",
    "noted",
    "notes",
    "claimed",
    "claims",
    "predicted",
    "predicts",
    "promised",
    "promises",
    "warned",
    "warns",
    "insisted",
    "insists",
    "explained",
    "wrote",
    "writes",
    "indicated",
    "indicates",
    "suggested",
    "suggests",
    "argued",
    "argues",
    "according",
    "expects",
    "expected",
    "hopes",
    "hoped",
    "believes",
    "believed",
    "thinks",
    "thought",
    "planned",
    "plans",
    "confirmed",
    "confirms",
    "disclosed",
    "revealed",
    "declared",
    "estimated",
    "forecast",
    "projected",
    "speculated",
    "predicted",
    "assured",
    "pledged",
    "vowed",
    "agreed",
    "decided",
    "ruled",
    "announcement",
    "statement",
];

/// Words that make a sentence hypothetical.
pub(crate) const HYPOTHETICAL: &[&str] = &[
    "if",
    "unless",
    "whether",
    "suppose",
    "supposing",
    "hypothetically",
    "imagine",
    "assuming",
];

/// Determiners: an -ed word after one is an adjective ("the planned vote").
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our",
    "your", "my", "every", "each", "some", "any", "no",
];

/// Whether `w` is a past form or past participle (regular `-ed` or irregular).
pub(crate) fn is_past_form(w: &str) -> bool {
    crate::text::is_past_form(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_splits_contractions_and_quotes() {
        let t = "He won't go, ``said'' she’ll — it's three-year -- states' \"x\".";
        let w: Vec<String> = tokens(t, Span::new(0, t.len()))
            .into_iter()
            .map(|t| t.word.to_string())
            .collect();
        assert_eq!(
            w,
            vec![
                "he",
                "will",
                "not",
                "go",
                ",",
                "\"",
                "said",
                "\"",
                "she",
                "will",
                "—",
                "it",
                "three-year",
                "-",
                "states",
                "\"",
                "x",
                "\""
            ]
        );
    }
}
