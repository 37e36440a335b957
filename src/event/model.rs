//! The trained trigger model: a per-form lexicon (event and untagged counts,
//! majority class) and logistic-regression weights, both written by
//! `scripts/train_events.py` from TBAQ-cleaned and compiled in with
//! `include_str!`. This module turns a token in context into the model's
//! features and score, and gives a trigger its class. It mirrors
//! `features` and `stem` in the script; change them together and retrain.

use super::tokens::Token;
use super::EventClass;
use rustc_hash::FxHashMap as HashMap;
use smol_str::SmolStr;
use std::sync::LazyLock;

const LEXICON_TSV: &str = include_str!("lexicon.tsv");
const MODEL_TSV: &str = include_str!("model.tsv");

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

/// The weights, one table per feature kind so lookups need no allocation.
#[derive(Debug, Default)]
pub(crate) struct Model {
    bias: f32,
    threshold_logit: f32,
    word: HashMap<&'static str, f32>,
    stem: HashMap<&'static str, f32>,
    suffix3: HashMap<&'static str, f32>,
    suffix4: HashMap<&'static str, f32>,
    prev: HashMap<&'static str, f32>,
    next: HashMap<&'static str, f32>,
    cap: f32,
    init: f32,
    all_caps: f32,
    digit: f32,
    hyphen: f32,
    next_cap: f32,
}

/// The lexicon and the stem-level class backoff.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    forms: HashMap<&'static str, Entry>,
    stems: HashMap<String, EventClass>,
}

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
    Lexicon { forms, stems }
}

fn parse_model(data: &'static str) -> Model {
    let mut m = Model::default();
    let mut threshold = 0.5f32;
    for line in data.lines() {
        let Some((name, w)) = line.split_once('\t') else {
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
        match name.split_once('=') {
            Some(("w", v)) => {
                m.word.insert(v, w);
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
                m.prev.insert(v, w);
            }
            Some(("n", v)) => {
                m.next.insert(v, w);
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
                _ => {}
            },
        }
    }
    let t = threshold.clamp(1e-4, 1.0 - 1e-4);
    m.threshold_logit = (t / (1.0 - t)).ln();
    m
}

/// A crude stem: drop -s, -ed, -ing, then a final -e and a doubled final
/// consonant ("stopped" -> "stop", "issues" -> "issu"). As `stem` in the script.
pub(crate) fn stem(w: &str) -> SmolStr {
    let n = w.chars().count();
    let base = if n > 4 && w.ends_with("ies") {
        return SmolStr::new(stem_end(&format!("{}y", &w[..w.len() - 3])));
    } else if n > 5 && w.ends_with("ing") {
        &w[..w.len() - 3]
    } else if n > 4 && w.ends_with("ed") {
        &w[..w.len() - 2]
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") {
        &w[..w.len() - 1]
    } else {
        w
    };
    SmolStr::new(stem_end(base))
}

/// The second half of [`stem`]: a final -e and a doubled final consonant.
fn stem_end(s: &str) -> &str {
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

/// The last `n` chars of `w`.
fn suffix(w: &str, n: usize) -> &str {
    match w.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &w[i..],
        None => w,
    }
}

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
    /// The model's score (log-odds) that word token `k` of `tokens` (made
    /// from `text`) is an event trigger.
    pub(crate) fn score(&self, text: &str, tokens: &[Token], k: usize) -> f32 {
        let Some(tok) = tokens.get(k) else {
            return f32::NEG_INFINITY;
        };
        let raw = text.get(tok.span.start..tok.span.end).unwrap_or("");
        let w = tok.lower.as_str();
        let g = |m: &HashMap<&'static str, f32>, key: &str| m.get(key).copied().unwrap_or(0.0);
        let mut z = self.bias + g(&self.word, w) + g(&self.stem, &stem(w));
        if w.chars().count() >= 4 {
            z += g(&self.suffix3, suffix(w, 3)) + g(&self.suffix4, suffix(w, 4));
        }
        let prev = if k == 0 || tok.newline_before {
            "<s>"
        } else {
            tokens[k - 1].lower.as_str()
        };
        z += g(&self.prev, prev);
        let next = match tokens.get(k + 1) {
            Some(t) if !t.newline_before => t.lower.as_str(),
            _ => "</s>",
        };
        z += g(&self.next, next);
        if raw.chars().next().is_some_and(char::is_uppercase) {
            z += if sentence_initial(tokens, k) {
                self.init
            } else {
                self.cap
            };
        }
        if raw.chars().nth(1).is_some()
            && raw.chars().any(char::is_uppercase)
            && !raw.chars().any(char::is_lowercase)
        {
            z += self.all_caps;
        }
        if raw.chars().any(char::is_numeric) {
            z += self.digit;
        }
        if raw.contains('-') {
            z += self.hyphen;
        }
        if tokens.get(k + 1).is_some_and(|t| {
            t.word
                && text
                    .get(t.span.start..t.span.end)
                    .and_then(|s| s.chars().next())
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
    /// The lexicon row of a lowercased form.
    pub(crate) fn get(&self, form: &str) -> Option<Entry> {
        self.forms.get(form).copied()
    }

    /// The class of a lowercased form: its own majority class, else its
    /// stem's, else OCCURRENCE.
    pub(crate) fn class(&self, form: &str) -> EventClass {
        if let Some(e) = self.forms.get(form) {
            return e.class;
        }
        self.stems
            .get(stem(form).as_str())
            .copied()
            .unwrap_or(EventClass::Occurrence)
    }
}
