//! `tense_vs_date`: an event told in the past tense dated after the
//! publication date, or one told in the future dated before it.
//!
//! Only day dates whose month and day are written are checked, and only
//! through the verb that governs them: the date follows the verb's object
//! with "on" (or no preposition, "signed Tuesday"), or opens the sentence
//! before its subject ("On March 30, the governor signed"). The verb group
//! is read strictly and the check abstains on modals ("would be held"),
//! infinitives ("planned to launch on"), plans ("was scheduled for",
//! "postponed to"), present forms ("is held on"), hypotheticals ("if"),
//! anything inside quotation marks, and futures in reported speech ("said
//! the vote will be held on March 3", said before March 3). One day of
//! slack either way allows for time zones and copy written the day before
//! publication.

use super::calendar::{self, Change, Reading};
use super::words::{self, is, Tok};
use super::{fields, step, Ctx, Evidence, Finding, FindingKind, Severity};
use crate::text::{Span, Tense};
use crate::timex::TimexType;
use chrono::{Datelike, NaiveDate};

/// What the governing verb says about when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Past,
    Future,
    /// Not a usable reading; the reason is for tests and debugging.
    Abstain(&'static str),
}

/// The verb group that governs a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verb {
    /// Bytes from the first auxiliary to the verb.
    pub span: Span,
    pub verdict: Verdict,
}

/// Reads the verb that governs the date at `date` inside `sentence`, or
/// `None` when the date does not hang off a verb the way this check needs.
#[cfg(test)]
pub(crate) fn governing_verb(text: &str, sentence: Span, date: Span) -> Option<Verb> {
    let mut toks = words::tokens(text, sentence);
    remove_date(&mut toks, date);
    governing_verb_in(&toks, date)
}

/// The verb that governs the date at `date`, read from the sentence's
/// tokens without the date's own (see `remove_date`).
fn governing_verb_in(toks: &[Tok], date: Span) -> Option<Verb> {
    let at = toks.partition_point(|t| t.span.start < date.start);
    // hypotheticals anywhere before the date
    if toks[..at].iter().any(|t| is(&t.word, words::HYPOTHETICAL)) {
        return Some(Verb {
            span: date,
            verdict: Verdict::Abstain("hypothetical"),
        });
    }
    let mut j = at;
    let prep = j
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .map(|t| t.word.as_str());
    let with_on = prep == Some("on");
    match prep {
        Some("on") => j -= 1,
        Some(w) if is(w, PREPOSITIONS) || is(w, words::DETERMINERS) || is(w, ATTRIBUTIVE) => {
            return None
        }
        _ => {}
    }
    // A date opening its clause ("On March 30, the governor signed ..."): read forward.
    let opens = j == 0 || toks.get(j - 1).is_some_and(|t| t.punct && t.word != "\"");
    if opens {
        return forward(toks, at);
    }
    let verb = backward(toks, j)?;
    // Without "on", the date must follow its verb directly ("signed Tuesday").
    if !with_on && toks.get(j - 1).is_some_and(|t| t.span.end != verb.span.end) {
        return None;
    }
    Some(verb)
}

/// Words after which a date qualifies a noun, not a verb ("debentures due
/// March 1", "dividend payable Dec. 15", "the company's Oct. 31 deadline").
const ATTRIBUTIVE: &[&str] = &[
    "due",
    "payable",
    "expiring",
    "maturing",
    "dated",
    "effective",
    "ending",
    "ended",
    "beginning",
    "starting",
    "record",
    "of",
    "s",
    "through",
    "thru",
];

/// Nouns of periods: "the quarter ended Oct. 31" defines a period, it does not tell an event.
const PERIODS: &[&str] = &[
    "quarter", "year", "month", "period", "half", "week", "weeks", "months", "season", "term",
    "session", "fiscal", "semester",
];

/// Prepositions that make a date something other than the time of the verb.
const PREPOSITIONS: &[&str] = &[
    "until",
    "till",
    "by",
    "for",
    "before",
    "after",
    "from",
    "to",
    "through",
    "since",
    "of",
    "in",
    "at",
    "around",
    "during",
    "between",
    "than",
    "like",
    "unlike",
    "as",
    "about",
    "against",
    "with",
    "without",
    "including",
    "thru",
    "into",
    "past",
    "toward",
    "towards",
    "beyond",
    "ahead",
    "except",
    "from",
    "per",
    "via",
    "over",
    "under",
    "within",
];

/// Takes the tokens inside the date out of `toks` (they follow each other)
/// and gives them back.
fn remove_date(toks: &mut Vec<Tok>, date: Span) -> Vec<Tok> {
    let inside = |t: &Tok| t.span.start >= date.start && t.span.end <= date.end;
    let Some(a) = toks.iter().position(inside) else {
        return Vec::new();
    };
    let b = a + toks[a..].iter().take_while(|t| inside(t)).count();
    toks.drain(a..b).collect()
}

/// The verb group ending before token `j`, read backwards over at most six
/// words of object.
fn backward(toks: &[Tok], j: usize) -> Option<Verb> {
    let mut x = j;
    let mut skipped = 0;
    let head = loop {
        if x == 0 || skipped > 6 {
            return None;
        }
        x -= 1;
        let t = &toks[x];
        if t.punct {
            return None;
        }
        let w = t.word.as_str();
        if is(w, words::MODALS) {
            return Some(abstain(t.span, "modal"));
        }
        let next = toks.get(x + 1).map(|n| n.word.as_str()).unwrap_or("");
        let preposition = is(next, words::DETERMINERS) || is(next, &["him", "them", "us", "me"]);
        if w == "to" && !preposition {
            // "is to open", "are going to sign": a future; any other "to" an infinitive
            let w1 = x.checked_sub(1).map(|p| toks[p].word.as_str());
            let w2 = x.checked_sub(2).map(|p| toks[p].word.as_str());
            let future = matches!(w1, Some("is" | "are" | "am"))
                || (w1 == Some("going") && matches!(w2, Some("is" | "are" | "am")));
            let from = if w1 == Some("going") {
                x.saturating_sub(2)
            } else {
                x.saturating_sub(1)
            };
            let span = Span::new(toks[from].span.start, t.span.end);
            return Some(if future {
                Verb {
                    span,
                    verdict: Verdict::Future,
                }
            } else {
                abstain(t.span, "infinitive")
            });
        }
        if is(w, words::CLAUSE_STOPS) {
            return None;
        }
        let prev = x.checked_sub(1).map(|p| toks[p].word.as_str());
        if is(w, words::AUX)
            || (words::is_past_form(w) && !prev.is_some_and(|p| is(p, words::DETERMINERS)))
        {
            break x;
        }
        skipped += 1;
    };
    // the chain of auxiliaries and adverbs before the verb
    let mut c = head;
    while c > 0 {
        let w = toks[c - 1].word.as_str();
        if toks[c - 1].punct
            || !(is(w, words::AUX)
                || is(w, words::ADVERBS)
                || is(w, words::MODALS)
                || w == "to"
                || w == "going")
        {
            break;
        }
        c -= 1;
    }
    let chain: Vec<&str> = toks[c..=head].iter().map(|t| t.word.as_str()).collect();
    // "will take place on": the group runs to the last word before the date
    let end = if is(&toks[head].word, words::AUX) && head + 1 < j {
        toks[j - 1].span.end
    } else {
        toks[head].span.end
    };
    let span = Span::new(toks[c].span.start, end);
    let verb = toks[head].word.as_str();
    let before = c.checked_sub(1).map(|p| toks[p].word.as_str());
    if is(
        verb,
        &[
            "ended",
            "ending",
            "ends",
            "began",
            "begun",
            "beginning",
            "started",
            "starting",
        ],
    ) && before.is_some_and(|w| is(w, PERIODS))
    {
        return Some(abstain(span, "period"));
    }
    // A bare past form with "will", a modal or "to" before it in the same
    // clause is an adjective ("will redeem its preferred shares on").
    if chain.len() == 1 && !is(verb, words::AUX) {
        let mut k = c;
        let mut n = 0;
        while k > 0 && n < 8 {
            k -= 1;
            n += 1;
            let t = &toks[k];
            if t.punct || is(&t.word, words::CLAUSE_STOPS) {
                break;
            }
            if is(&t.word, words::MODALS)
                || is(
                    &t.word,
                    &["will", "shall", "to", "is", "are", "am", "does", "do"],
                )
            {
                return Some(abstain(span, "adjectival"));
            }
        }
    }
    Some(Verb {
        span,
        verdict: judge(&chain),
    })
}

/// The verb group after the subject that follows a clause-opening date.
fn forward(toks: &[Tok], at: usize) -> Option<Verb> {
    let mut x = at;
    // skip the comma after the date
    while toks.get(x).is_some_and(|t| t.punct && t.word == ",") {
        x += 1;
    }
    let mut skipped = 0;
    let head = loop {
        let t = toks.get(x)?;
        if t.punct || skipped > 6 {
            return None;
        }
        let w = t.word.as_str();
        if is(w, words::CLAUSE_STOPS) || w == "to" {
            return None;
        }
        if is(w, words::MODALS) {
            return Some(abstain(t.span, "modal"));
        }
        let prev = x.checked_sub(1).map(|p| toks[p].word.as_str());
        if is(w, words::AUX)
            || (words::is_past_form(w) && !prev.is_some_and(|p| is(p, words::DETERMINERS)))
        {
            break x;
        }
        skipped += 1;
        x += 1;
    };
    // the chain forward: auxiliaries and adverbs, then the verb
    let mut e = head;
    while let Some(t) = toks.get(e + 1) {
        let w = t.word.as_str();
        if t.punct
            || !(is(w, words::AUX)
                || is(w, words::ADVERBS)
                || w == "to"
                || w == "going"
                || words::is_past_form(w))
        {
            break;
        }
        e += 1;
        if words::is_past_form(w) && !is(w, words::AUX) {
            break;
        }
    }
    let chain: Vec<&str> = toks[head..=e].iter().map(|t| t.word.as_str()).collect();
    Some(Verb {
        span: Span::new(toks[head].span.start, toks[e].span.end),
        verdict: judge(&chain),
    })
}

fn abstain(span: Span, why: &'static str) -> Verb {
    Verb {
        span,
        verdict: Verdict::Abstain(why),
    }
}

/// The tense of a verb group, auxiliaries first, the verb last.
fn judge(chain: &[&str]) -> Verdict {
    let has = |list: &[&str]| chain.iter().any(|w| list.contains(w));
    if has(words::MODALS) {
        return Verdict::Abstain("modal");
    }
    if has(words::PLAN_VERBS) {
        return Verdict::Abstain("plan");
    }
    if let Some(p) = chain.iter().position(|w| *w == "to") {
        let before = p.checked_sub(1).map(|i| chain[i]);
        let before2 = p.checked_sub(2).map(|i| chain[i]);
        return match (before2, before) {
            (Some("is" | "are" | "am"), Some("going")) | (_, Some("is" | "are" | "am")) => {
                Verdict::Future
            }
            _ => Verdict::Abstain("infinitive"),
        };
    }
    if has(&["will", "shall"]) {
        return Verdict::Future;
    }
    if has(&["was", "were", "had", "did"]) {
        return Verdict::Past;
    }
    let last = chain.last().copied().unwrap_or("");
    if has(&["has", "have"]) {
        // perfect: a completed event; "has" alone is a present possession
        return if chain.len() > 1 && words::is_past_form(last) {
            Verdict::Past
        } else {
            Verdict::Abstain("present")
        };
    }
    if has(&["is", "are", "am", "does", "do", "be", "being", "been"]) {
        return Verdict::Abstain("present");
    }
    if words::is_past_form(last) {
        Verdict::Past
    } else {
        Verdict::Abstain("no verb")
    }
}

/// Runs the check over every day date of the document.
pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.doc.timexes {
        if !matches!(t.kind, TimexType::Date | TimexType::Time) {
            continue;
        }
        let Some(f) = fields(&t.expr) else { continue };
        if f.month.is_none() || f.day.is_none() || step(t) == "invalid_date" {
            continue;
        }
        let (Some(d), Some(last)) = (t.first, t.last) else {
            continue;
        };
        if d != last {
            continue;
        }
        let gap = calendar::days(cx.pubd, d);
        if gap.abs() < 2 || cx.in_quote(t.bytes.start) {
            continue;
        }
        if cx.date_is_subject(t.bytes) {
            continue;
        }
        let sentence = cx.sentence(t.bytes.start);
        // the sentence's tokens, read once: the date's own apart
        let mut toks = words::tokens(cx.text, sentence);
        let date_toks = remove_date(&mut toks, t.bytes);
        let Some(verb) = governing_verb_in(&toks, t.bytes) else {
            continue;
        };
        if cx.in_quote(verb.span.start) {
            continue;
        }
        if f.year.is_none() && other_year_in_sentence(cx, t, sentence, d) {
            continue;
        }
        // "opened on Tuesday, Jan. 2" in late December: the weekday written
        // fits the other year, which is on the tense's side; no contradiction.
        if let (None, Some(wd)) = (f.year, f.weekday) {
            let fits_written = d.weekday() == wd;
            let other = [d.year() - 1, d.year() + 1]
                .into_iter()
                .filter_map(|y| calendar::ymd(y, d.month(), d.day()))
                .any(|x| x.weekday() == wd);
            if !fits_written && other {
                continue;
            }
        }
        let reported = toks
            .iter()
            .chain(&date_toks)
            .any(|w| is(&w.word, words::REPORTING));
        let (tense, side) = match verb.verdict {
            Verdict::Past if gap >= 2 => (Tense::Past, "after"),
            Verdict::Future if gap <= -2 && !reported => (Tense::Future, "before"),
            _ => continue,
        };
        let verb_text = cx.slice(verb.span);
        let tense_name = if tense == Tense::Past {
            "past"
        } else {
            "future"
        };
        let mut facts = vec![
            format!(
                "\u{201c}{verb_text}\u{201d} is in the {tense_name} tense and governs \u{201c}{}\u{201d}",
                t.text
            ),
            format!(
                "{} is {} {side} {}",
                calendar::long(d),
                calendar::count(gap.abs(), "day"),
                cx.pub_phrase()
            ),
        ];
        let mut message = format!(
            "\u{201c}{verb_text}\u{201d} is in the {tense_name} tense, but {} is {} {side} {}",
            calendar::short(d),
            calendar::count(gap.abs(), "day"),
            cx.pub_phrase()
        );
        let other_year = if f.year.is_none() {
            let oy = if tense == Tense::Past {
                d.year() - 1
            } else {
                d.year() + 1
            };
            let od = calendar::ymd(oy, d.month(), d.day());
            let fact = format!(
                "the year is not written: {} was taken as the nearer reading{}",
                d.year(),
                od.map(|o| format!(
                    " ({} would be {})",
                    calendar::short(o),
                    calendar::relation_to(o, cx.pubd)
                ))
                .unwrap_or_default()
            );
            facts.push(fact);
            message.push_str(&format!(" (the year {} is not written)", d.year()));
            od
        } else {
            None
        };
        facts.push(format!(
            "publication date {} ({})",
            cx.pubd, cx.doc.document.published_source
        ));
        let suggestions = suggest(cx.pubd, d, other_year, tense, verb_text);
        let mut events = cx.events_in(verb.span);
        for e in cx.events_of(&t.id) {
            if !events.contains(&e) {
                events.push(e);
            }
        }
        out.push(cx.finding(
            FindingKind::TenseVsDate,
            Severity::Warning,
            t.bytes,
            message,
            suggestions,
            Evidence {
                timexes: vec![t.id.clone()],
                events,
                facts,
            },
        ));
    }
}

/// Whether the sentence points to another year than the one a year-less
/// date was given ("the year-ago quarter ended Oct. 31", "in 1988 ... on
/// May 9", a dated expression before it): then that year may be the date's.
fn other_year_in_sentence(cx: &Ctx, t: &crate::Timex, sentence: Span, d: NaiveDate) -> bool {
    let lower = cx.slice(sentence).to_ascii_lowercase();
    const CUES: &[&str] = &[
        "year-ago",
        "year ago",
        "last year",
        "previous year",
        "year earlier",
        "prior year",
        "year before",
        "next year",
        "following year",
        "coming year",
        "year later",
    ];
    CUES.iter().any(|c| lower.contains(c))
        || cx.timexes_in_sentence(t.bytes.start).any(|o| {
            o.bytes.end <= t.bytes.start
                && matches!(o.kind, TimexType::Date | TimexType::Time)
                && o.first
                    .zip(o.last)
                    .is_some_and(|(a, b)| a.year() == b.year() && a.year() != d.year())
        })
}

/// Readings on the tense's side of publication: the other year (when the
/// year is implied), one digit of the day changed, the neighbouring month,
/// and the date as written with the verb's tense changed.
fn suggest(
    pubd: NaiveDate,
    d: NaiveDate,
    other_year: Option<NaiveDate>,
    tense: Tense,
    verb: &str,
) -> Vec<super::Suggestion> {
    let fits = |x: NaiveDate| match tense {
        Tense::Past => x <= pubd,
        _ => x >= pubd,
    };
    let mut readings = Vec::new();
    if let Some(o) = other_year.filter(|o| fits(*o)) {
        readings.push(Reading {
            date: o,
            change: Change::Year,
            note: format!(
                "the year {} instead of {} (the text does not write it)",
                o.year(),
                d.year()
            ),
        });
    }
    let day = d.day();
    let mut days: Vec<u32> = Vec::new();
    let (tens, units) = (day / 10, day % 10);
    for t in 0..=3 {
        days.push(t * 10 + units);
    }
    for u in 0..=9 {
        days.push(tens * 10 + u);
    }
    if day >= 10 {
        days.push(tens);
        days.push(units);
    }
    for nd in days {
        if nd == day || nd == 0 {
            continue;
        }
        if let Some(x) = calendar::ymd(d.year(), d.month(), nd).filter(|x| fits(*x)) {
            readings.push(Reading {
                date: x,
                change: Change::Day,
                note: format!("one digit of the day changed: {nd} for {day}"),
            });
        }
    }
    let step: i32 = if tense == Tense::Past { -1 } else { 1 };
    let (mut y, mut m) = (d.year(), d.month() as i32 + step);
    if m == 0 {
        m = 12;
        y -= 1;
    } else if m == 13 {
        m = 1;
        y += 1;
    }
    if let Some(x) = calendar::ymd(y, m as u32, day).filter(|x| fits(*x)) {
        readings.push(Reading {
            date: x,
            change: Change::Month,
            note: format!(
                "the month changed: {} for {}",
                calendar::month_name(m as u32),
                calendar::month_name(d.month())
            ),
        });
    }
    let mut s = calendar::rank(readings, pubd, Some(d), tense, Some(verb), 3);
    s.push(super::Suggestion {
        value: calendar::value(d),
        text: calendar::long(d),
        reason: format!(
            "the date as written: then the event is {} publication and \u{201c}{verb}\u{201d} should be in the {} tense",
            if tense == Tense::Past { "after" } else { "before" },
            if tense == Tense::Past { "future" } else { "past" }
        ),
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str, date: &str) -> Verdict {
        let p = s.find(date).unwrap_or(0);
        match governing_verb(s, Span::new(0, s.len()), Span::new(p, p + date.len())) {
            Some(v) => v.verdict,
            None => Verdict::Abstain("none"),
        }
    }

    #[test]
    fn verb_groups() {
        assert_eq!(
            read("The bill was signed into law on March 30.", "March 30"),
            Verdict::Past
        );
        assert_eq!(
            read("The vote will be held on March 3.", "March 3"),
            Verdict::Future
        );
        assert_eq!(
            read("The vote would be held on March 3.", "March 3"),
            Verdict::Abstain("modal")
        );
        assert_eq!(
            read("It planned to launch on June 3.", "June 3"),
            Verdict::Abstain("infinitive")
        );
        assert_eq!(
            read("The vote was scheduled for June 3.", "June 3"),
            Verdict::Abstain("none")
        );
        assert_eq!(
            read("The vote was postponed on June 3.", "June 3"),
            Verdict::Abstain("plan")
        );
        assert_eq!(
            read("On March 30, the governor signed it.", "March 30"),
            Verdict::Past
        );
        assert_eq!(
            read("On March 30, the governor will sign it.", "March 30"),
            Verdict::Future
        );
        assert_eq!(
            read("If the bill was signed on March 30, it holds.", "March 30"),
            Verdict::Abstain("hypothetical")
        );
        assert_eq!(
            read("The summit is to open on June 3.", "June 3"),
            Verdict::Future
        );
        assert_eq!(
            read("The firm has held talks on June 3.", "June 3"),
            Verdict::Past
        );
        assert_eq!(
            read("The talks are held on June 3.", "June 3"),
            Verdict::Abstain("present")
        );
        assert_eq!(
            read("The planned vote on June 3 failed.", "June 3"),
            Verdict::Abstain("none")
        );
    }
}
