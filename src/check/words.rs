//! Words for the checker: a tokenizer over one sentence that keeps
//! punctuation that breaks clauses, and the word lists the checks read
//! (auxiliaries, modals, irregular past forms, reporting and planning
//! verbs). The general clause-tense reader is `crate::text::clause_tense`;
//! the checker needs a stricter reading that can say "not sure".

use crate::text::Span;

/// A word (lowercased, curly apostrophes made straight) or a clause-breaking
/// punctuation mark, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    pub span: Span,
    pub word: String,
    pub punct: bool,
}

/// The tokens of `text[span]`: words of letters, digits, apostrophes and
/// inner hyphens; punctuation that breaks a clause (`, ; : ( ) [ ]`,
/// dashes, quotation marks) as tokens of their own. Contractions are split
/// ("won't" -> "will" "not", "he'll" -> "he" "will", "he'd" -> "he" "would").
pub(crate) fn tokens(text: &str, span: Span) -> Vec<Tok> {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let Some(s) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut word_start: Option<usize> = None;
    let apostrophe = |c: char| c == '\'' || c == '’';
    let mut chars = s.char_indices().peekable();
    loop {
        let Some((i, c)) = chars.next() else {
            if let Some(ws) = word_start.take() {
                push_word(&mut out, start + ws, &s[ws..]);
            }
            break;
        };
        let next = chars.peek().map(|x| x.1);
        let inner = word_start.is_some() && next.is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || ((c == '-' || apostrophe(c)) && inner) {
            if word_start.is_none() {
                word_start = Some(i);
            }
            continue;
        }
        if let Some(ws) = word_start.take() {
            push_word(&mut out, start + ws, &s[ws..i]);
        }
        let double = (c == '-' || c == '`' || apostrophe(c)) && next == Some(c);
        let quote = matches!(c, '"' | '“' | '”' | '`') || (apostrophe(c) && double);
        if quote || double || matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–') {
            let len = if double {
                2 * c.len_utf8()
            } else {
                c.len_utf8()
            };
            out.push(Tok {
                span: Span::new(start + i, start + i + len),
                word: if quote {
                    "\"".to_string()
                } else {
                    c.to_string()
                },
                punct: true,
            });
            if double {
                chars.next();
            }
        }
    }
    out
}

fn push_word(out: &mut Vec<Tok>, at: usize, w: &str) {
    // ASCII (nearly every word): lowercase once and keep that string
    let lower = if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        w.replace('’', "'").to_lowercase()
    };
    let span = Span::new(at, at + w.len());
    let mut push = |word: &str| {
        out.push(Tok {
            span,
            word: word.to_string(),
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
            .map(|t| t.word)
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
