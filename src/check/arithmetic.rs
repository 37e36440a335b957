//! `arithmetic`: stated quantities that do not add up with stated dates.
//!
//! - **Anniversaries**: "the 40th anniversary of the 1971 accord" in 2016.
//!   The anniversary is held in a year the sentence states before it ("In
//!   2009, ... marked the 25th anniversary of"), or else near publication:
//!   the publication year, the year before for a past-tense clause or an
//!   article of January or February, the year after for a future-tense
//!   clause or an article of November or December.
//! - **Gaps**: "In 2005, two years after the 2001 attacks"; "N years since".
//!   The date the count is told of must open the sentence ("In 2005,"),
//!   stand right before the count ("in 2005, two years after") or right
//!   after its reference ("after the 2001 attacks, in 2003"); "since" with
//!   none counts to the publication date in a present or perfect clause.
//! - **Durations of ranges**: "the three-year programme ran from January
//!   2015 to June 2019": an adjectival duration ("three-year") or one after
//!   "for"/"lasting"/"spanning", followed closely by "from X to Y" or
//!   "between X and Y".
//! - **Ages**: "a 45-year-old born in 1960", read on the publication date;
//!   abstains when the sentence has another date (the age may be at that
//!   date), speaks of a death or a birthday, or names a relative between
//!   the age and the birth.
//! - **To the day**: "20 years to the day after Sept. 11, 2001" against the
//!   other day date in the sentence.
//!
//! Every comparison allows the slack its granularity gives: two years
//! written without months are anything from one to three years apart
//! minus a day, and a count is read to half a unit ("two years" is 18 to
//! 30 months), so only differences beyond rounding are reported.

use super::calendar::{self, count};
use super::{fields, Ctx, Evidence, Finding, FindingKind, Severity, Suggestion};
use crate::pattern::Pattern;
use crate::text::{clause_tense_around, Span, Tense};
use crate::timex::expr::{Amount, Expr, Unit};
use crate::timex::lexicon;
use crate::timex::value::{shift_date, Point};
use crate::timex::{Modifier, Timex, TimexType};
use chrono::{Datelike, NaiveDate};
use std::sync::LazyLock;

fn re(p: &str) -> Option<Pattern> {
    Pattern::new(p).ok()
}

static ANNIVERSARY: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    re(r"(?i)\b(?P<ord>\d{1,4}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)\s+anniversary\s+of\b")
});
static CONNECTOR: LazyLock<Option<Pattern>> =
    LazyLock::new(|| re(r"(?i)^\s+(?P<c>after|before|since)\b"));
static RANGE_START: LazyLock<Option<Pattern>> =
    LazyLock::new(|| re(r"(?i)^(?P<pre>[^.;:()]{0,80}?)\b(?P<w>from|between)\s+$"));
static RANGE_MID: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    re(r"(?i)^\s*(?:to|until|till|through|thru|and|-|–|—)\s*(?:the\s+end\s+of\s+)?$")
});
static AGE: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    re(r"(?i)\b(?P<a>\d{1,3})-year-old\b|\baged\s+(?P<b>\d{1,3})\b|\b[A-Z][a-z]+,\s(?P<c>\d{1,3}),")
});
/// "born in 1960", "born on May 3, 1960", "born in Havana, Cuba, in 1984".
static BORN: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    re(
        r"\b(?i:born)\s+(?:(?i:in|at|near)\s+[A-Z][\w.'\-]*(?:,?\s+[A-Z][\w.'\-]*){0,4},?\s+)?(?i:in|on)\s+$",
    )
});
static TO_THE_DAY: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?P<n>{})\s+(?P<unit>years?|months?)\s+to\s+the\s+day\b",
        lexicon::NUMBER
    ))
});

/// Byte offsets where `word` (lowercase ASCII letters) occurs in `text`,
/// ASCII case aside. Each pattern below is run only where a word it must
/// hold occurs: its letters have no case variants beyond ASCII under the
/// patterns' Unicode `(?i)` (no `k` or `s`, which also match `K` and `ſ`;
/// `case_folds_of_gate_words_are_ascii` holds this), so a match without
/// the word is impossible.
///
/// The search runs on the word's rarest letter in English text (the `v`
/// of "anniver", the `y` of "day"), not its first, so that few places are
/// compared; every match holds that letter at the same offset, so the
/// positions are the same, in the same order.
fn find_ci<'t>(text: &'t str, word: &'static str) -> impl Iterator<Item = usize> + 't {
    // letters from the most to the least frequent
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    let w = word.as_bytes();
    let rank = |c: u8| {
        BY_FREQUENCY
            .iter()
            .position(|&x| x == c.to_ascii_lowercase())
            .unwrap_or(BY_FREQUENCY.len())
    };
    let (at, key) = w
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|&(i, c)| (rank(c), std::cmp::Reverse(i)))
        .unwrap_or((0, 0));
    let b = text.as_bytes();
    memchr::memchr2_iter(key.to_ascii_lowercase(), key.to_ascii_uppercase(), b).filter_map(
        move |i| {
            let start = i.checked_sub(at)?;
            b.get(start..start + w.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(w))
                .then_some(start)
        },
    )
}

/// Byte offsets where `word` occurs in the document's text, ASCII case
/// aside, in order: [`find_ci`]'s positions (a test compares them) from one
/// `memmem` search of the lowercased text ([`Ctx::lower`]), which skips
/// most of the text where [`find_ci`] stops at every `y` of it. `word` is
/// lowercase ASCII and no proper beginning of it is also its end, so its
/// matches cannot overlap (the search gives non-overlapping ones).
///
/// The searchers of the words the checks ask about are built once per
/// process (building one costs about as much as searching a short text).
fn find_word<'t>(cx: &'t Ctx, word: &'static str) -> impl Iterator<Item = usize> + 't {
    use memchr::memmem::Finder;
    static FINDERS: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| ["anniver", "born", "day"].map(Finder::new));
    match FINDERS.iter().find(|f| f.needle() == word.as_bytes()) {
        Some(f) => f.find_iter(cx.lower()),
        None => memchr::memmem::find_iter(cx.lower(), word.as_bytes()),
    }
}

/// Whether `text` holds `word`, ASCII case aside (see [`find_ci`]).
fn has_ci(text: &str, word: &'static str) -> bool {
    find_ci(text, word).next().is_some()
}

/// Runs the five arithmetic checks.
pub(super) fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    anniversaries(cx, out);
    gaps(cx, out);
    ranges(cx, out);
    ages(cx, out);
    to_the_day(cx, out);
}

// ------------------------------------------------------------------ helpers

/// The interval of a date whose year is written.
fn stated(t: &Timex) -> Option<(NaiveDate, NaiveDate)> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let f = fields(&t.expr)?;
    f.year?;
    t.first.zip(t.last)
}

/// Days in a unit, for comparing counts with spans.
fn unit_days(u: Unit) -> Option<f64> {
    Some(match u {
        Unit::Day => 1.0,
        Unit::Week => 7.0,
        Unit::Month => 30.436875,
        Unit::Year => 365.2425,
        Unit::Decade => 3652.425,
        _ => return None,
    })
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Decade => "decade",
        _ => "year",
    }
}

/// The count and unit a duration timex states, with its `mod`.
fn duration(t: &Timex) -> Option<(f64, Unit)> {
    match t.expr {
        Expr::Duration {
            amount: Amount::Number(n),
            unit,
        } if unit_days(unit).is_some() && n > 0.0 => Some((n, unit)),
        _ => None,
    }
}

/// Whether `claimed` days fits a span known to lie between `min` and `max`
/// days, read to half a unit (a whole unit for "about").
fn fits(claimed: f64, min: f64, max: f64, unit: f64, m: Option<Modifier>) -> bool {
    let tol = match m {
        Some(Modifier::Approx) => unit,
        _ => unit / 2.0,
    };
    match m {
        Some(Modifier::MoreThan | Modifier::EqualOrMore) => claimed <= max + tol,
        Some(Modifier::LessThan | Modifier::EqualOrLess) => claimed >= min - tol,
        Some(Modifier::Start | Modifier::Mid | Modifier::End) => true,
        _ => claimed >= min - tol && claimed <= max + tol,
    }
}

/// "4 years", "between 4.3 and 4.5 years".
fn span_words(min: f64, max: f64, unit: Unit) -> String {
    let u = unit_days(unit).unwrap_or(1.0);
    let (a, b) = (min / u, max / u);
    let name = unit_name(unit);
    if (b - a).abs() < 0.05 || (a.fract() == 0.0 && b.fract() == 0.0 && a == b) {
        return format!("{} {name}s", fmt(a));
    }
    format!("between {} and {} {name}s", fmt(a.max(0.0)), fmt(b))
}

fn fmt(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn fmt_count(n: f64) -> String {
    fmt(n)
}

/// The timexes of a sentence, in text order.
fn sentence_timexes<'a>(cx: &Ctx<'a>, pos: usize) -> Vec<&'a Timex> {
    cx.timexes_in_sentence(pos).collect()
}

/// Words between two byte offsets.
fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

// ------------------------------------------------------------ anniversaries

/// An ordinal as anniversaries are written: what `lexicon::ordinal` reads
/// ("3rd", "third", "twenty-first"), and the tens up to "ninetieth",
/// "forty-fifth", "hundredth", "centennial", "bicentennial".
fn ordinal(s: &str) -> Option<u32> {
    if let Some(n) = lexicon::ordinal(s) {
        return Some(n);
    }
    let l = s.to_ascii_lowercase();
    const TENS: [(&str, &str, u32); 8] = [
        ("twenty", "twentieth", 20),
        ("thirty", "thirtieth", 30),
        ("forty", "fortieth", 40),
        ("fifty", "fiftieth", 50),
        ("sixty", "sixtieth", 60),
        ("seventy", "seventieth", 70),
        ("eighty", "eightieth", 80),
        ("ninety", "ninetieth", 90),
    ];
    match l.as_str() {
        "hundredth" | "centennial" => return Some(100),
        "bicentennial" => return Some(200),
        _ => {}
    }
    for (tens, tenth, v) in TENS {
        if l == tenth {
            return Some(v);
        }
        if let Some(rest) = l.strip_prefix(tens).and_then(|r| r.strip_prefix('-')) {
            let u = lexicon::ordinal(rest)?;
            return (u < 10).then_some(v + u);
        }
    }
    None
}

fn ordinal_suffix(n: u32) -> String {
    let s = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{s}")
}

fn anniversaries(cx: &Ctx, out: &mut Vec<Finding>) {
    // every match holds "anniversary"
    if find_word(cx, "anniver").next().is_none() {
        return;
    }
    let Some(rx) = ANNIVERSARY.as_ref() else {
        return;
    };
    for c in rx.captures_iter(cx.text) {
        let (Some(m0), Some(o)) = (c.get(0), c.name("ord")) else {
            continue;
        };
        let Some(n) = ordinal(o.as_str()).filter(|n| *n > 0) else {
            continue;
        };
        let sentence = cx.sentence(m0.start());
        let txs = sentence_timexes(cx, m0.start());
        // the anniversary's object: the first timex after "of", close by, with a year
        let Some(obj) = txs.iter().find(|t| t.bytes.start >= m0.end()) else {
            continue;
        };
        let between = cx.text.get(m0.end()..obj.bytes.start).unwrap_or(";");
        if word_count(between) > 12 || between.contains([';', '(', ')', '"', '“']) {
            continue;
        }
        let Some((of, _)) = stated(obj) else { continue };
        let oy = of.year();
        // the year the anniversary is held in
        let before: Option<&&Timex> = txs.iter().rfind(|t| {
            t.bytes.end <= m0.start()
                && match &t.expr {
                    Expr::Shift {
                        unit: Unit::Year, ..
                    } => true,
                    e => {
                        fields(e).is_some_and(|f| f.year.is_some())
                            && t.first.is_some_and(|d| d.year() >= oy)
                    }
                }
        });
        let (years, said_where, severity): (Vec<i32>, String, Severity) = match before
            .and_then(|t| t.first.map(|d| (t, d)))
        {
            Some((t, d)) => (
                vec![d.year()],
                format!("the year \u{201c}{}\u{201d} gives", t.text),
                if matches!(t.expr, Expr::Shift { .. }) {
                    Severity::Warning
                } else {
                    Severity::Error
                },
            ),
            None => {
                let py = cx.pubd.year();
                let tense = clause_tense_around(cx.text, sentence, Span::new(m0.start(), m0.end()));
                let mut v = vec![py];
                if tense == Tense::Past || cx.pubd.month() <= 2 {
                    v.push(py - 1);
                }
                if tense == Tense::Future || cx.pubd.month() >= 11 {
                    v.push(py + 1);
                }
                (v, "the year of publication".to_string(), Severity::Warning)
            }
        };
        if years
            .iter()
            .any(|y| i64::from(*y) - i64::from(oy) == i64::from(n))
        {
            continue;
        }
        let held = years[0];
        let actual = held - oy;
        let span = Span::new(m0.start(), obj.bytes.end);
        let message = format!(
            "the {} anniversary of {oy} falls in {}, but in {held}, {said_where}, it is the {}",
            ordinal_suffix(n),
            i64::from(oy) + i64::from(n),
            if actual > 0 {
                ordinal_suffix(actual as u32)
            } else {
                "anniversary of a later year".to_string()
            }
        );
        let mut facts = vec![
            format!("\u{201c}{}\u{201d} dates the event to {oy}", obj.text),
            format!("{held} is {} after {oy}", count(i64::from(actual), "year")),
        ];
        if years.len() > 1 {
            facts.push(format!(
                "years allowed for the celebration: {}",
                years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut suggestions = Vec::new();
        if actual > 0 {
            suggestions.push(Suggestion {
                value: format!("P{actual}Y"),
                text: format!("{} anniversary", ordinal_suffix(actual as u32)),
                reason: format!("{held} is {} after {oy}", count(i64::from(actual), "year")),
            });
        }
        let fit = i64::from(held) - i64::from(n);
        if let Some(value) = calendar::year_value(fit) {
            suggestions.push(Suggestion {
                value,
                text: fit.to_string(),
                reason: format!(
                    "the year whose {} anniversary falls in {held}",
                    ordinal_suffix(n)
                ),
            });
        }
        out.push(cx.finding(
            FindingKind::Arithmetic,
            severity,
            span,
            message,
            suggestions,
            Evidence {
                timexes: vec![obj.id.clone()],
                events: Vec::new(),
                facts,
            },
        ));
    }
}

// --------------------------------------------------------------------- gaps

fn gaps(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(conn) = CONNECTOR.as_ref() else {
        return;
    };
    for d in &cx.doc.timexes {
        let Some((n, unit)) = duration(d) else {
            continue;
        };
        let rest = cx.text.get(d.bytes.end..).unwrap_or("");
        let Some(c) = conn.captures(rest) else {
            continue;
        };
        let word = c
            .name("c")
            .map(|m| m.as_str().to_ascii_lowercase())
            .unwrap_or_default();
        let conn_end = d.bytes.end + c.get(0).map(|m| m.end()).unwrap_or(0);
        let txs = sentence_timexes(cx, d.bytes.start);
        let Some(pos) = txs.iter().position(|t| t.id == d.id) else {
            continue;
        };
        // the reference date after the connector
        let Some(reference) = txs.get(pos + 1).copied() else {
            continue;
        };
        let between = cx.text.get(conn_end..reference.bytes.start).unwrap_or(";");
        if word_count(between) > 10 || between.contains([';', '(', ')', '"', '“', ',']) {
            continue;
        }
        let Some(r) = stated(reference) else { continue };
        // the date the count is told of
        let sentence = cx.sentence(d.bytes.start);
        let opening = txs
            .first()
            .copied()
            .filter(|t| t.id != d.id && t.id != reference.id && opens_sentence(cx, sentence, t));
        let right_before = pos
            .checked_sub(1)
            .and_then(|p| txs.get(p))
            .copied()
            .filter(|t| {
                let gap = cx.text.get(t.bytes.end..d.bytes.start).unwrap_or("x");
                gap.trim() == "," && preceded_by(cx, t, &["in", "on", "by"])
            });
        let right_after = txs.get(pos + 2).copied().filter(|t| {
            let gap = cx
                .text
                .get(reference.bytes.end..t.bytes.start)
                .unwrap_or("x");
            let g = gap.trim().to_ascii_lowercase();
            g == ", in" || g == ", on" || g == "— in" || g == "(in"
        });
        let told = right_before.or(right_after).or(opening);
        let (x, told_text, told_id, severity) = match told.and_then(|t| stated(t).map(|x| (t, x))) {
            Some((t, x)) => (
                x,
                format!("\u{201c}{}\u{201d}", t.text),
                Some(t.id.clone()),
                Severity::Error,
            ),
            None if word == "since" => {
                let tense = clause_tense_around(cx.text, sentence, d.bytes);
                let lower = cx.slice(sentence).to_ascii_lowercase();
                let present = tense == Tense::Present
                    || lower.contains("has been")
                    || lower.contains("have been")
                    || lower.contains(" marks ")
                    || lower.contains(" now ");
                if !present || tense == Tense::Future {
                    continue;
                }
                ((cx.pubd, cx.pubd), cx.pub_phrase(), None, Severity::Warning)
            }
            None => continue,
        };
        let Some(ud) = unit_days(unit) else { continue };
        let (min, max) = match word.as_str() {
            "before" => (calendar::days(x.1, r.0), calendar::days(x.0, r.1)),
            _ => (calendar::days(r.1, x.0), calendar::days(r.0, x.1)),
        };
        let (min, max) = (min as f64, max as f64);
        let claimed = n * ud;
        if fits(claimed, min, max, ud, d.modifier) {
            continue;
        }
        let ref_text = reference.text.clone();
        let actual = span_words(min.max(0.0), max, unit);
        let dir = if word == "before" { "before" } else { "after" };
        let message = format!(
            "\u{201c}{} {word} {ref_text}\u{201d}: {told_text} is {actual} {dir} {ref_text}, not {} {}",
            d.text,
            fmt_count(n),
            if n == 1.0 { unit_name(unit).to_string() } else { format!("{}s", unit_name(unit)) }
        );
        let facts = vec![
            format!("\u{201c}{}\u{201d} is {}", ref_text, describe(r)),
            format!("{told_text} is {}", describe(x)),
            format!("the span between them is {actual}"),
        ];
        let mut suggestions = Vec::new();
        let mid_units = ((min + max) / 2.0 / ud).round().max(0.0) as i64;
        if mid_units > 0 {
            let code = match unit {
                Unit::Day => format!("P{mid_units}D"),
                Unit::Week => format!("P{mid_units}W"),
                Unit::Month => format!("P{mid_units}M"),
                Unit::Decade => format!("P{}Y", mid_units * 10),
                _ => format!("P{mid_units}Y"),
            };
            suggestions.push(Suggestion {
                value: code,
                text: format!("{} {word}", count(mid_units, unit_name(unit))),
                reason: format!("the span between {ref_text} and {told_text}"),
            });
        }
        let sign: i64 = if word == "before" { -1 } else { 1 };
        let whole = n.round() as i64;
        if (n - n.round()).abs() < f64::EPSILON && told_id.is_some() {
            if let Some(fit) = shift_date(r.0, unit, sign * whole) {
                suggestions.push(Suggestion {
                    value: value_like(fit, x),
                    text: describe_like(fit, x),
                    reason: format!("{} {dir} {ref_text}", d.text),
                });
            }
        }
        let span = Span::new(d.bytes.start, reference.bytes.end);
        let mut timexes = vec![d.id.clone(), reference.id.clone()];
        if let Some(id) = told_id {
            timexes.push(id);
        }
        out.push(cx.finding(
            FindingKind::Arithmetic,
            severity,
            span,
            message,
            suggestions,
            Evidence {
                timexes,
                events: Vec::new(),
                facts,
            },
        ));
    }
}

fn opens_sentence(cx: &Ctx, sentence: Span, t: &Timex) -> bool {
    let before = cx
        .text
        .get(sentence.start..t.bytes.start)
        .unwrap_or("x")
        .trim()
        .to_ascii_lowercase();
    let after = cx.text.get(t.bytes.end..).unwrap_or("");
    matches!(before.as_str(), "in" | "on" | "by") && after.trim_start().starts_with(',')
}

fn preceded_by(cx: &Ctx, t: &Timex, words: &[&str]) -> bool {
    let before = cx.text.get(..t.bytes.start).unwrap_or("");
    let w = before
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_ascii_lowercase();
    words.contains(&w.as_str())
}

/// "2001", "June 2019", "September 11, 2001".
fn describe(i: (NaiveDate, NaiveDate)) -> String {
    let (a, b) = i;
    if a == b {
        calendar::short(a)
    } else if a.year() == b.year() && a.month() == b.month() {
        calendar::month_year(a.year(), a.month())
    } else if a.year() == b.year() {
        a.year().to_string()
    } else {
        format!("{} to {}", calendar::short(a), calendar::short(b))
    }
}

/// `fit` written at the granularity of `like`.
fn value_like(fit: NaiveDate, like: (NaiveDate, NaiveDate)) -> String {
    let (a, b) = like;
    if a == b {
        calendar::value(fit)
    } else if a.year() == b.year() && a.month() == b.month() {
        Point::Month(fit.year(), fit.month()).value()
    } else {
        Point::Year(fit.year()).value()
    }
}

fn describe_like(fit: NaiveDate, like: (NaiveDate, NaiveDate)) -> String {
    let (a, b) = like;
    if a == b {
        calendar::short(fit)
    } else if a.year() == b.year() && a.month() == b.month() {
        calendar::month_year(fit.year(), fit.month())
    } else {
        fit.year().to_string()
    }
}

// ------------------------------------------------------------------- ranges

fn ranges(cx: &Ctx, out: &mut Vec<Finding>) {
    let (Some(start_rx), Some(mid_rx)) = (RANGE_START.as_ref(), RANGE_MID.as_ref()) else {
        return;
    };
    for d in &cx.doc.timexes {
        let Some((n, unit)) = duration(d) else {
            continue;
        };
        let adjectival = d.text.contains('-');
        let before = cx.text.get(..d.bytes.start).unwrap_or("");
        let pw = before
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_ascii_lowercase();
        let governed = matches!(
            pw.as_str(),
            "for" | "lasting" | "lasted" | "spanning" | "spanned" | "over"
        );
        if !adjectival && !governed {
            continue;
        }
        let txs = sentence_timexes(cx, d.bytes.start);
        let Some(pos) = txs.iter().position(|t| t.id == d.id) else {
            continue;
        };
        let (Some(xt), Some(yt)) = (txs.get(pos + 1).copied(), txs.get(pos + 2).copied()) else {
            continue;
        };
        let lead = cx.text.get(d.bytes.end..xt.bytes.start).unwrap_or(";");
        let Some(lc) = start_rx.captures(lead) else {
            continue;
        };
        let pre = lc.name("pre").map(|m| m.as_str()).unwrap_or("");
        if word_count(pre) > 8 || pre.to_ascii_lowercase().contains(" and ") {
            continue;
        }
        // The duration must be the length of the range: said of it by a verb
        // of lasting ("ran from"), or of a noun that names a span ("a
        // five-year term from"); "a 10-year bond sold between 1990 and 1995"
        // gives a maturity, not the span.
        let pre_lower = pre.to_ascii_lowercase();
        let pre_words: Vec<&str> = pre_lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let lasting = pre_words.iter().any(|w| SPAN_VERBS.contains(w));
        let span_noun = pre_words.first().is_some_and(|w| SPAN_NOUNS.contains(w));
        if adjectival && !lasting && !span_noun {
            continue;
        }
        let mid = cx.text.get(xt.bytes.end..yt.bytes.start).unwrap_or(";");
        if !mid_rx.is_match(mid) {
            continue;
        }
        let (Some(fx), Some(fy)) = (fields(&xt.expr), fields(&yt.expr)) else {
            continue;
        };
        let Some(y) = stated(yt) else { continue };
        let x = match stated(xt) {
            Some(x) => x,
            None => {
                // "from January to June 2019": the start takes the end's year
                let (Some(mx), None, Some(yy)) = (fx.month, fx.year, fy.year) else {
                    continue;
                };
                let my = fy.month.unwrap_or(12);
                let year = if mx <= my { yy } else { yy - 1 };
                let Some(first) = calendar::ymd(year, mx, fx.day.unwrap_or(1)) else {
                    continue;
                };
                let last = match fx.day {
                    Some(_) => first,
                    None => {
                        calendar::ymd(year, mx, calendar::days_in_month(year, mx)).unwrap_or(first)
                    }
                };
                (first, last)
            }
        };
        if y.1 < x.0 {
            continue;
        }
        let Some(ud) = unit_days(unit) else { continue };
        let min = calendar::days(x.1, y.0).max(0) as f64;
        let max = (calendar::days(x.0, y.1) + 1) as f64;
        if fits(n * ud, min, max, ud, d.modifier) {
            continue;
        }
        let actual = span_words(min, max, unit);
        let message = format!(
            "a \u{201c}{}\u{201d} span does not fit {} to {}, which is {actual}",
            d.text, xt.text, yt.text
        );
        let facts = vec![
            format!("\u{201c}{}\u{201d} begins {}", xt.text, describe(x)),
            format!("\u{201c}{}\u{201d} ends {}", yt.text, describe(y)),
            format!("from the one to the other is {actual}"),
        ];
        let mut suggestions = Vec::new();
        let fit_units = (max / ud).round() as i64;
        if fit_units > 0 {
            suggestions.push(Suggestion {
                value: match unit {
                    Unit::Day => format!("P{fit_units}D"),
                    Unit::Week => format!("P{fit_units}W"),
                    Unit::Month => format!("P{fit_units}M"),
                    Unit::Decade => format!("P{}Y", fit_units * 10),
                    _ => format!("P{fit_units}Y"),
                },
                text: count(fit_units, unit_name(unit)),
                reason: format!("the length from {} to {}", xt.text, yt.text),
            });
        }
        let whole = n.round() as i64;
        if let Some(end) = shift_date(x.0, unit, whole).and_then(|e| e.pred_opt()) {
            suggestions.push(Suggestion {
                value: value_like(end, y),
                text: describe_like(end, y),
                reason: format!("the end of a {} span from {}", d.text, xt.text),
            });
        }
        if let Some(start) = y.1.succ_opt().and_then(|e| shift_date(e, unit, -whole)) {
            suggestions.push(Suggestion {
                value: value_like(start, x),
                text: describe_like(start, x),
                reason: format!("the start of a {} span ending {}", d.text, yt.text),
            });
        }
        let span = Span::new(d.bytes.start, yt.bytes.end);
        out.push(cx.finding(
            FindingKind::Arithmetic,
            Severity::Error,
            span,
            message,
            suggestions,
            Evidence {
                timexes: vec![d.id.clone(), xt.id.clone(), yt.id.clone()],
                events: Vec::new(),
                facts,
            },
        ));
    }
}

/// Verbs that give a range's length: "ran from", "lasted from".
const SPAN_VERBS: &[&str] = &[
    "ran",
    "runs",
    "run",
    "running",
    "lasted",
    "lasts",
    "lasting",
    "covered",
    "covers",
    "covering",
    "spanned",
    "spans",
    "spanning",
    "stretched",
    "stretches",
    "extended",
    "extends",
    "served",
    "serves",
    "went",
    "lived",
    "held",
    "reigned",
    "ruled",
    "governed",
];

/// Nouns of spans: an adjectival duration before one is the span's length.
const SPAN_NOUNS: &[&str] = &[
    "term",
    "terms",
    "programme",
    "program",
    "plan",
    "project",
    "period",
    "contract",
    "lease",
    "tenure",
    "mandate",
    "presidency",
    "war",
    "campaign",
    "study",
    "moratorium",
    "ban",
    "freeze",
    "deal",
    "reign",
    "stint",
    "tour",
    "mission",
    "investigation",
    "trial",
    "agreement",
    "strike",
    "drought",
    "boom",
    "recession",
    "occupation",
    "rule",
    "career",
    "marriage",
    "absence",
    "hiatus",
    "exile",
    "residency",
    "tenancy",
    "stay",
    "run",
    "journey",
    "voyage",
    "search",
    "effort",
    "process",
    "review",
    "inquiry",
    "siege",
    "blockade",
    "embargo",
    "truce",
    "ceasefire",
    "cease-fire",
    "partnership",
    "relationship",
    "expansion",
    "restructuring",
    "overhaul",
    "construction",
    "renovation",
    "slump",
    "downturn",
    "rally",
    "streak",
];

// --------------------------------------------------------------------- ages

const AGE_BLOCKERS: &[&str] = &[
    "died",
    "dies",
    "dead",
    "death",
    "late",
    "killed",
    "slain",
    "when",
    "would",
    "turn",
    "turns",
    "turned",
    "turning",
    "birthday",
    "then",
    "at the time",
];
const RELATIVES: &[&str] = &[
    "his",
    "her",
    "their",
    "whose",
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "parents",
    "child",
    "children",
    "grandson",
    "granddaughter",
    "widow",
];

fn ages(cx: &Ctx, out: &mut Vec<Finding>) {
    // a birth date follows "born": none in the text, no age to check
    if find_word(cx, "born").next().is_none() {
        return;
    }
    let (Some(age_rx), Some(born_rx)) = (AGE.as_ref(), BORN.as_ref()) else {
        return;
    };
    for t in &cx.doc.timexes {
        let Some(b) = stated(t) else { continue };
        let before = cx.text.get(..t.bytes.start).unwrap_or("");
        let tail_start = before
            .char_indices()
            .rev()
            .nth(80)
            .map(|(i, _)| i)
            .unwrap_or(0);
        let tail = before.get(tail_start..).unwrap_or(before);
        if !has_ci(tail, "born") || !born_rx.is_match(tail) {
            continue;
        }
        let sentence = cx.sentence(t.bytes.start);
        let stext = cx.slice(sentence);
        let lower = stext.to_ascii_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if AGE_BLOCKERS.iter().any(|w| {
            if w.contains(' ') {
                lower.contains(w)
            } else {
                words.contains(w)
            }
        }) {
            continue;
        }
        // no other date in the sentence: the age would be at that date
        if cx
            .timexes_in_sentence(t.bytes.start)
            .any(|o| o.id != t.id && matches!(o.kind, TimexType::Date | TimexType::Time))
        {
            continue;
        }
        // the age nearest the birth date
        let born_at = t.bytes.start;
        let best = age_rx
            .captures_iter(stext)
            .filter_map(|c| {
                let g = c.name("a").or(c.name("b")).or(c.name("c"))?;
                let at = sentence.start + g.start();
                let age: i32 = g.as_str().parse().ok()?;
                Some((at, age))
            })
            .min_by_key(|(at, _)| at.abs_diff(born_at));
        let Some((age_at, age)) = best else { continue };
        if age_at.abs_diff(born_at) > 120 {
            continue;
        }
        let (lo, hi) = (age_at.min(born_at), age_at.max(born_at));
        let between = cx.text.get(lo..hi).unwrap_or("").to_ascii_lowercase();
        if between
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| RELATIVES.contains(&w))
        {
            continue;
        }
        let py = cx.pubd.year();
        let allowed: Vec<i32> = if b.0 == b.1 {
            let mut a = py - b.0.year();
            if (cx.pubd.month(), cx.pubd.day()) < (b.0.month(), b.0.day()) {
                a -= 1;
            }
            vec![a]
        } else {
            vec![py - b.1.year() - 1, py - b.0.year()]
        };
        if allowed.contains(&age) {
            continue;
        }
        let ages = if allowed.len() == 2 && allowed[0] != allowed[1] {
            format!("{} or {}", allowed[0], allowed[1])
        } else {
            allowed[0].to_string()
        };
        let message = format!(
            "someone born {} is {ages} on {}, not {age}",
            if b.0 == b.1 {
                format!("on {}", calendar::short(b.0))
            } else {
                format!("in {}", describe(b))
            },
            cx.pub_phrase()
        );
        let facts = vec![
            format!("\u{201c}{}\u{201d} is the birth date", t.text),
            format!("the age written is {age}"),
            format!(
                "publication date {} ({})",
                cx.pubd, cx.doc.document.published_source
            ),
        ];
        let mut suggestions: Vec<Suggestion> = allowed
            .iter()
            .rev()
            .map(|a| Suggestion {
                value: format!("P{a}Y"),
                text: format!("{a} years old"),
                reason: format!(
                    "the age on the publication date of someone born {}",
                    if b.0 == b.1 {
                        format!("on {}", calendar::short(b.0))
                    } else {
                        format!("in {}", describe(b))
                    }
                ),
            })
            .collect();
        suggestions.dedup();
        let by = py - age;
        for (y, when) in [(by, "before"), (by - 1, "after")] {
            let Some(value) = calendar::year_value(i64::from(y)) else {
                continue;
            };
            suggestions.push(Suggestion {
                value,
                text: format!("born in {y}"),
                reason: format!(
                    "the birth year of someone {age} years old on the publication date, if the birthday falls {when} it in the year"
                ),
            });
        }
        let span = Span::new(lo, hi.max(t.bytes.end));
        out.push(cx.finding(
            FindingKind::Arithmetic,
            Severity::Warning,
            span,
            message,
            suggestions,
            cx.evidence_of(&t.id, facts),
        ));
    }
}

// --------------------------------------------------------------- to the day

fn to_the_day(cx: &Ctx, out: &mut Vec<Finding>) {
    // every match ends in "the", white space, "day"
    if !find_word(cx, "day").any(|at| after_the(cx.text, at)) {
        return;
    }
    let Some(rx) = TO_THE_DAY.as_ref() else {
        return;
    };
    for c in rx.captures_iter(cx.text) {
        let Some(m0) = c.get(0) else { continue };
        let Ok(Some(n)) = lexicon::number(c.name("n").map(|m| m.as_str()).unwrap_or("")) else {
            continue;
        };
        let unit = match c.name("unit").map(|m| m.as_str().to_ascii_lowercase()) {
            Some(u) if u.starts_with("month") => Unit::Month,
            _ => Unit::Year,
        };
        let txs = sentence_timexes(cx, m0.start());
        let day_of = |t: &Timex| -> Option<NaiveDate> {
            let f = fields(&t.expr)?;
            f.month?;
            f.day?;
            t.first.filter(|d| Some(*d) == t.last)
        };
        let Some(reference) = txs
            .iter()
            .copied()
            .find(|t| t.bytes.start >= m0.end() && day_of(t).is_some())
        else {
            continue;
        };
        let between = cx.text.get(m0.end()..reference.bytes.start).unwrap_or(";");
        if word_count(between) > 8 || between.contains([';', '(', '"']) {
            continue;
        }
        let Some(x) = day_of(reference) else { continue };
        let target = txs
            .iter()
            .copied()
            .filter(|t| t.id != reference.id && !t.bytes.overlaps(&Span::new(m0.start(), m0.end())))
            .find_map(|t| day_of(t).map(|d| (t, d)));
        let Some((tt, target)) = target else { continue };
        let n = n.round() as i64;
        let expected = shift_date(x, unit, n);
        let same_day =
            target.day() == x.day() || (x.month() == 2 && x.day() == 29 && target.day() >= 28);
        let same_month = unit == Unit::Month || target.month() == x.month();
        let both_years = fields(&reference.expr).is_some_and(|f| f.year.is_some())
            && fields(&tt.expr).is_some_and(|f| f.year.is_some());
        let count_ok = !both_years
            || expected.is_some_and(|e| {
                e.year() == target.year() && (unit == Unit::Year || e.month() == target.month())
            });
        if same_day && same_month && count_ok {
            continue;
        }
        let Some(expected) = expected else { continue };
        let message = format!(
            "\u{201c}{}\u{201d} after {} is {}, not {}",
            m0.as_str(),
            calendar::short(x),
            calendar::short(expected),
            calendar::short(target)
        );
        let facts = vec![
            format!(
                "\u{201c}{}\u{201d} is {}",
                reference.text,
                calendar::short(x)
            ),
            format!("\u{201c}{}\u{201d} is {}", tt.text, calendar::short(target)),
        ];
        let suggestions = vec![Suggestion {
            value: calendar::value(expected),
            text: calendar::long(expected),
            reason: format!(
                "{} to the day after {}",
                count(n, unit_name(unit)),
                calendar::short(x)
            ),
        }];
        let span = Span::new(m0.start(), reference.bytes.end);
        out.push(cx.finding(
            FindingKind::Arithmetic,
            if both_years {
                Severity::Error
            } else {
                Severity::Warning
            },
            span,
            message,
            suggestions,
            Evidence {
                timexes: vec![reference.id.clone(), tt.id.clone()],
                events: Vec::new(),
                facts,
            },
        ));
    }
}

/// Whether white space (one character or more, Unicode `\s` as the
/// pattern reads it) and then "the" (ASCII case aside) come before byte `at`.
fn after_the(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let trimmed = before.trim_end_matches(char::is_whitespace);
    trimmed.len() < before.len()
        && trimmed
            .get(trimmed.len().saturating_sub(3)..)
            .is_some_and(|w| w.eq_ignore_ascii_case("the"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `find_ci`, which searches on a word's rarest letter, finds what a
    /// comparison at every byte finds, in the same order.
    #[test]
    fn find_ci_is_a_scan_of_every_byte() {
        let texts = [
            "Day by day, the DAY of days; dAy.",
            "Anniversary anniver ANNIVERSARIES, an anniv ver, annniver",
            "born Born BORN unborn reborn bor n",
            "the day, Today's daydream: mayday! d a y",
            "",
            "y",
            "ay",
            "Ünicode dáy and día, “day” — day’s end",
        ];
        for text in texts {
            for word in ["day", "anniver", "born", "the"] {
                let naive: Vec<usize> = (0..text.len())
                    .filter(|&i| {
                        text.as_bytes()
                            .get(i..i + word.len())
                            .is_some_and(|x| x.eq_ignore_ascii_case(word.as_bytes()))
                    })
                    .collect();
                let fast: Vec<usize> = find_ci(text, word).collect();
                assert_eq!(fast, naive, "{word} in {text:?}");
            }
        }
        assert_eq!(find_ci("Today, the day", "day").count(), 2);
        // the whole-text search on the lowercased text finds the same
        let d = NaiveDate::from_ymd_opt(2017, 5, 5).unwrap_or_default();
        let options = crate::Options::with_published(crate::Published::given(d));
        let mut articles = crate::fixture_articles();
        articles.extend(texts.iter().map(|t| t.to_string()));
        for text in &articles {
            let Ok(doc) = crate::extract(text, &options) else {
                panic!("no document");
            };
            let cx = Ctx::new(text, &doc, d);
            for word in ["day", "anniver", "born"] {
                let w = word.as_bytes();
                assert!((1..w.len()).all(|k| w[..k] != w[w.len() - k..]), "{word}");
                let fast: Vec<usize> = find_word(&cx, word).collect();
                assert_eq!(fast, find_ci(text, word).collect::<Vec<_>>(), "{word}");
            }
        }
    }

    /// The words the patterns are gated on ("anniver", "born", "the",
    /// "day") have letters whose only case variants under Unicode `(?i)`
    /// are their ASCII upper and lower case.
    #[test]
    fn case_folds_of_gate_words_are_ascii() {
        for c in "anniverborntheday".chars() {
            let hir = regex_syntax::parse(&format!("(?i){c}")).unwrap_or_else(|e| panic!("{e}"));
            let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(cls)) =
                hir.kind()
            else {
                panic!("{c}: not a class");
            };
            let all: Vec<char> = cls.iter().flat_map(|r| r.start()..=r.end()).collect();
            assert_eq!(all, vec![c.to_ascii_uppercase(), c], "{c}");
        }
        // and the check below them agrees with the patterns on a few texts
        let t = "It was 20 years to  the\u{a0}DAY after. Born in 1960, the 40th Anniversary of";
        assert!(find_ci(t, "day").any(|at| after_the(t, at)));
        assert!(has_ci(t, "born") && has_ci(t, "anniver"));
        let no = "today; to theday, Friday";
        assert!(!find_ci(no, "day").any(|at| after_the(no, at)));
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal("40th"), Some(40));
        assert_eq!(ordinal("fortieth"), Some(40));
        assert_eq!(ordinal("twenty-fifth"), Some(25));
        assert_eq!(ordinal("forty-fifth"), Some(45));
        assert_eq!(ordinal("hundredth"), Some(100));
        assert_eq!(ordinal("first"), Some(1));
        assert_eq!(ordinal("annual"), None);
        assert_eq!(ordinal_suffix(22), "22nd");
        assert_eq!(ordinal_suffix(13), "13th");
    }

    #[test]
    fn tolerance() {
        let y = 365.2425;
        // 2001 -> 2004 (year granularity): 2 to 4 years apart
        assert!(fits(2.0 * y, 2.0 * y, 4.0 * y, y, None));
        assert!(!fits(1.0 * y, 2.0 * y, 4.0 * y, y, None));
        assert!(fits(1.0 * y, 2.0 * y, 4.0 * y, y, Some(Modifier::MoreThan)));
    }
}
