//! Recognition: the rules that find time expressions in English text and
//! read each into an [`Expr`] (what the text says, no reference date).
//!
//! Each rule is a named function over the whole text: a regex built from
//! the word tables in `lexicon.rs`, plus the context checks that keep it
//! from firing on names, verbs and numbers ("Brian May", "may decide",
//! "2000 people"). The passes run in this order, written once here:
//!
//! 1. every rule adds its candidates (overlaps allowed);
//! 2. `extend_modifiers` widens candidates over modifiers written before
//!    them ("early", "mid-", "the end of", "about", "more than", "the past");
//! 3. `select` keeps the longest candidates that do not overlap (ties go to
//!    the rule listed first);
//! 4. `merge_time_and_day` joins a clock time to the day written right
//!    next to it ("10:30 a.m. Wednesday", "midnight Friday").

use super::expr::{Amount, Clock, DayPart, Expr, Unit, Vague, YearPart};
use super::lexicon::{self, MONTH, NUMBER, ORDINAL, UNIT, WEEKDAY};
use super::{Anchor, Modifier, TimexType};
#[cfg(test)]
use crate::pattern::unicode_edges;
use crate::pattern::{Captures, Gate, Pattern, Scan, Shape, Triggers};
use crate::text::Span;
use chrono::Weekday;
use std::borrow::Cow;
use std::sync::LazyLock;

/// How to read all-numeric dates such as `04/03/2017`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericDates {
    /// `04/03/2017` is April 3 (US news). The default.
    #[default]
    MonthFirst,
    /// `04/03/2017` is 4 March.
    DayFirst,
}

/// A recognised time expression, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Byte span in the text.
    pub span: Span,
    /// TIMEX3 type.
    pub kind: TimexType,
    /// What the text says.
    pub expr: Expr,
    /// TIMEX3 `mod`.
    pub modifier: Option<Modifier>,
    /// SET `quant`.
    pub quant: Option<&'static str>,
    /// SET `freq`.
    pub freq: Option<String>,
    /// The rule that made it.
    pub rule: &'static str,
    /// The preposition written right before it ("on", "until", "by"), lowercased.
    pub preposition: Option<&'static str>,
    /// Whether a possessive `'s` follows it ("Wednesday's ruling").
    pub possessive: bool,
}

impl Candidate {
    fn new(start: usize, end: usize, kind: TimexType, expr: Expr, rule: &'static str) -> Candidate {
        Candidate {
            span: Span::new(start, end),
            kind,
            expr,
            modifier: None,
            quant: None,
            freq: None,
            rule,
            preposition: None,
            possessive: false,
        }
    }
}

type RuleFn = fn(&Scan, NumericDates, &mut Vec<Candidate>);

/// The rules, in priority order for equal-length ties.
const RULES: &[(&str, RuleFn)] = &[
    ("iso_date", iso_date),
    ("numeric_date", numeric_date),
    ("month_day", month_day),
    ("week_of", week_of),
    ("day_month", day_month),
    ("month_year", month_year),
    ("year_part", year_part),
    ("season", season),
    ("decade", decade),
    ("century", century),
    ("clock", clock),
    ("day_part", day_part),
    ("deictic_day", deictic_day),
    ("relative_unit", relative_unit),
    ("around_event", around_event),
    ("ago_later", ago_later),
    ("directed_name", directed_name),
    ("holiday", holiday),
    ("weekday", weekday),
    ("month", month),
    ("year", year),
    ("spoken_year", spoken_year),
    ("business_year", business_year),
    ("set_every", set_every),
    ("set_adverb", set_adverb),
    ("set_frequency", set_frequency),
    ("duration", duration),
    ("vague", vague),
];

/// The names of the recognition rules, in priority order.
pub fn rule_names() -> Vec<&'static str> {
    RULES.iter().map(|(n, _)| *n).collect()
}

/// Finds the time expressions in `text`.
///
/// # Example
/// ```
/// use chronicler::timex::rules::{recognise, NumericDates};
/// let c = recognise("They met on Wednesday, April 3rd.", NumericDates::MonthFirst);
/// assert_eq!(c.len(), 1);
/// assert_eq!(c[0].rule, "month_day");
/// ```
pub fn recognise(text: &str, numeric: NumericDates) -> Vec<Candidate> {
    let mut all = Vec::new();
    let scan = Scan::new(text, &TRIGGERS);
    for (_, rule) in RULES {
        rule(&scan, numeric, &mut all);
    }
    extend_modifiers(text, &mut all);
    let kept = select(all);
    let kept = kept.into_iter().filter(|c| !is_title(text, c)).collect();
    let mut merged = merge_time_and_day(text, kept);
    for c in &mut merged {
        let pw = prev_word(text, c.span.start);
        c.preposition = PREPOSITIONS.iter().copied().find(|p| *p == pw);
        let after = &text[c.span.end..];
        c.possessive = after.starts_with("'s") || after.starts_with("’s");
    }
    merged
}

/// Whether a candidate is part of a title or name ("60 Minutes", ABC's
/// "This Week", "High Noon", "21st Century Fox"): a capitalised common word
/// inside the expression, mid-sentence, in a line that is not all title case.
fn is_title(text: &str, c: &Candidate) -> bool {
    if matches!(c.rule, "holiday") {
        return false;
    }
    let span = &text[c.span.start..c.span.end];
    // A title-case word starts with an uppercase letter: none in most
    // expressions ("last week", "1998").
    if span
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return false;
    }
    let mut words = span
        .split(|ch: char| !(ch.is_alphanumeric() || ch == '\'' || ch == '’'))
        .filter(|w| !w.is_empty());
    let first_at_start = at_sentence_start(text, c.span.start);
    let mut first = true;
    let mut titled = false;
    for w in words.by_ref() {
        let is_first = first;
        first = false;
        let mut chars = w.chars();
        let Some(c0) = chars.next() else { continue };
        let title_case = c0.is_uppercase()
            && chars.clone().any(|ch| ch.is_lowercase())
            && chars.all(|ch| !ch.is_uppercase());
        if !title_case {
            continue;
        }
        if is_calendar_name(w)
            || matches!(
                w,
                "Century"
                    | "Spring"
                    | "Summer"
                    | "Fall"
                    | "Autumn"
                    | "Winter"
                    | "Quarter"
                    | "Day"
                    | "Eve"
            )
        {
            continue;
        }
        if is_first && first_at_start {
            continue;
        }
        if matches!(w, "GMT" | "UTC" | "EST" | "EDT" | "Jr") {
            continue;
        }
        titled = true;
    }
    if !titled {
        return false;
    }
    // Headlines in title case ("Talks Resume Next Week") are not names.
    let line_start = text[..c.span.start].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let line_end = text[c.span.end..]
        .find('\n')
        .map(|p| c.span.end + p)
        .unwrap_or(text.len());
    let line = &text[line_start..line_end];
    line.split_whitespace()
        .any(|w| w.chars().next().is_some_and(|ch| ch.is_lowercase()) && w.len() > 3)
}

/// Whether `w` is a month or weekday name or abbreviation ("Nov", "Thursday").
fn is_calendar_name(w: &str) -> bool {
    const NAMES: [&str; 19] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    // The names are ASCII, and so is the lowercase of every word that could
    // be one of them: compared ignoring ASCII case, without a lowercase copy.
    if !w.is_ascii() {
        return false;
    }
    let prefix = (3..=5).contains(&w.len());
    NAMES.iter().any(|n| {
        n.get(..w.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(w) && (prefix || h.len() == n.len()))
    })
}

/// Prepositions recorded on candidates; the resolver reads deadlines
/// ("until", "by") as pointing to the closest date, not by tense.
const PREPOSITIONS: &[&str] = &[
    "on", "in", "at", "since", "until", "till", "by", "before", "after", "from", "to", "during",
    "for", "through", "of", "around", "ended", "ending",
];

// ---------------------------------------------------------------- helpers

fn re(pattern: &str) -> Pattern {
    // Patterns are constants of this file; a test compiles every one of them.
    Pattern::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

/// Calendar units as whole words, for the gates of patterns built on `UNIT`.
const UNIT_WORDS: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "night",
    "nights",
    "week",
    "weeks",
    "weekend",
    "weekends",
    "fortnight",
    "fortnights",
    "month",
    "months",
    "quarter",
    "quarters",
    "year",
    "years",
    "decade",
    "decades",
    "centuries",
    "century",
    "millennium",
    "millennia",
];

/// Month names and abbreviations (`MONTH`) as lowercase whole words.
const MONTH_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Weekday names and abbreviations (`WEEKDAY`, whose `Thur?s?\.` also
/// spells "Thus.") and full month names, for `DIRECTED_NAME`.
const NAME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "thus",
    "fri",
    "sat",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

// The gates of the recognition patterns (see `pattern::Gate`): each pattern
// runs only around the words listed for it, of which every match holds one
// (a test checks this over the phrase corpus, the fixtures and random word
// sequences).

/// Words beginning like a month or a weekday name, for patterns where the
/// name may run into the next word ("3 Jan" in "3 Janet", "Fridaynight").
const MONTH_STARTS: &[Shape] = &[Shape::StartsWith(&[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
])];
const WEEKDAY_STARTS: &[Shape] = &[Shape::StartsWith(&[
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
])];

// Second gates (see `Gate::and`): every match of the patterns whose gate
// names one also holds one of its words, so windows without one are not
// searched. Their bits follow those of the gates.

/// A year of four digits, of an ISO or dotted date.
const A_FOUR_DIGITS: Gate = Gate::shapes(41, &[Shape::FourDigits]);
/// The day of a date written with a month name: a number or an ordinal
/// (`ORDINAL`, whose "twenty-first" holds "first").
const A_DAY: Gate = Gate {
    words: &[
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "thirtieth",
    ],
    ..Gate::shapes(42, &[Shape::DigitFirst])
};
/// "a.m." or "pm" after a clock time, written apart or joined ("10am").
const A_AMPM: Gate = Gate {
    words: &["a", "p", "am", "pm"],
    ..Gate::shapes(43, &[Shape::DigitsThen(&["a", "p", "am", "pm"])])
};
/// Time zones and hours after a military time ("1400 GMT", "0900hrs").
const MIL_ZONES: &[&str] = &[
    "gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "hour", "hours", "hrs",
];
const A_MIL: Gate = Gate {
    words: MIL_ZONES,
    ..Gate::shapes(44, &[Shape::DigitsThen(MIL_ZONES)])
};
/// The direction word of `AGO`.
const A_AGO: Gate = Gate::words(
    45,
    &[
        "ago",
        "earlier",
        "later",
        "before",
        "after",
        "previously",
        "afterward",
        "afterwards",
        "now",
        "hence",
        "back",
    ],
);
/// The relative word of `DIRECTED_NAME`.
const A_DIRECTED: Gate = Gate::words(
    46,
    &[
        "last",
        "next",
        "this",
        "coming",
        "past",
        "previous",
        "following",
        "preceding",
    ],
);
/// The last word of a holiday's name.
const A_HOLIDAY: Gate = Gate::words(
    47,
    &[
        "day",
        "eve",
        "easter",
        "friday",
        "july",
        "halloween",
        "thanksgiving",
        "christmas",
    ],
);
/// The kind of year of `BUSINESS_YEAR` ("fiscal", "year-end").
const A_BUSINESS: Gate = Gate::words(48, &["full", "fiscal", "current", "financial", "end"]);
/// The direction of `AROUND_EVENT`.
const A_AROUND: Gate = Gate::words(
    49,
    &["before", "after", "following", "preceding", "leading"],
);
/// "year" of `PERIOD_YEAR_AGO`.
const A_YEAR: Gate = Gate::words(50, &["year"]);
/// A quarter, a period or "year-ago" of `THE_QUARTER`.
const A_THE_QUARTER: Gate = Gate::words(51, &["quarter", "period", "year"]);
/// The year of `MONTH_YEAR`: a number ("1998", "'98") or "this year".
const A_MONTH_YEAR: Gate = Gate {
    words: &["year"],
    ..Gate::shapes(53, &[Shape::Digits])
};
/// The count of `SET_FREQ` ("twice", "3 times") or its "a" or "per" after
/// an amount of money.
const A_SET_FREQ: Gate = Gate::words(54, &["once", "twice", "thrice", "times", "a", "per"]);

const G_ISO: Gate = Gate::shapes(0, &[Shape::Digits]).and(&A_FOUR_DIGITS);
const G_NUMERIC: Gate = Gate::shapes(1, &[Shape::Digits]);
const G_NUMERIC_DOT: Gate = Gate::shapes(52, &[Shape::Digits]).and(&A_FOUR_DIGITS);
const G_MONTH_DAY: Gate = Gate::words(2, MONTH_WORDS).and(&A_DAY);
const G_MONTH_YEAR: Gate = Gate::words(3, MONTH_WORDS).and(&A_MONTH_YEAR);
const G_QUARTER: Gate = Gate::words(4, &["quarter", "half", "q1", "q2", "q3", "q4"]);
const G_THE_QUARTER: Gate =
    Gate::words(5, &["quarter", "period", "ago", "earlier"]).and(&A_THE_QUARTER);
const G_PERIOD_YEAR_AGO: Gate = Gate::words(6, &["quarter", "period"]).and(&A_YEAR);
const G_YEAR_PERIOD: Gate = Gate::words(7, &["quarter", "period"]);
const G_SEASON: Gate = Gate::words(8, &["spring", "summer", "fall", "autumn", "winter"]);
const G_DECADE: Gate = Gate::shapes(9, &[Shape::Decade]);
const G_DECADE_WORD: Gate = Gate::words(
    10,
    &[
        "twenties",
        "thirties",
        "forties",
        "fifties",
        "sixties",
        "seventies",
        "eighties",
        "nineties",
    ],
);
const G_CENTURY: Gate = Gate::words(11, &["century"]);
const G_CLOCK_AMPM: Gate = Gate::shapes(12, &[Shape::DigitFirst]).and(&A_AMPM);
const G_CLOCK_WORD: Gate = Gate::words(13, &["noon", "midday", "midnight", "clock"]);
const G_CLOCK_IN_THE: Gate = Gate::words(14, &["morning", "afternoon", "evening"]);
const G_DAY_PART: Gate = Gate::words(
    15,
    &[
        "morning",
        "afternoon",
        "evening",
        "night",
        "tonight",
        "overnight",
    ],
);
const G_DEICTIC: Gate = Gate::words(16, &["today", "yesterday", "tomorrow"]);
const G_RELATIVE_UNIT: Gate = Gate::words(
    17,
    &[
        "week",
        "weekend",
        "month",
        "year",
        "decade",
        "century",
        "fortnight",
        "day",
    ],
);
const G_AROUND_EVENT: Gate = Gate::words(18, &["days", "weeks", "months", "day"]).and(&A_AROUND);
const G_AGO: Gate = Gate::words(19, UNIT_WORDS).and(&A_AGO);
const G_VAGUE_AGO: Gate = Gate::words(20, &["ago"]);
const G_DIRECTED_NAME: Gate = Gate::words(21, NAME_WORDS).and(&A_DIRECTED);
const G_HOLIDAY: Gate = Gate::words(
    22,
    &[
        "year",
        "years",
        "king",
        "valentine",
        "valentines",
        "presidents",
        "easter",
        "friday",
        "may",
        "mother",
        "mothers",
        "memorial",
        "father",
        "fathers",
        "independence",
        "july",
        "bastille",
        "labor",
        "labour",
        "halloween",
        "election",
        "veterans",
        "armistice",
        "thanksgiving",
        "christmas",
        "boxing",
    ],
)
.and(&A_HOLIDAY);
const G_WEEK_OF: Gate = Gate::words(23, &["week", "weekend", "month"]);
// the year is a whole word of four digits, `[0-9]` not `\d`
const G_YEAR: Gate = Gate::shapes(24, &[Shape::FourDigits]);
const G_SPOKEN_YEAR: Gate = Gate::words(25, &["nineteen", "eighteen", "thousand"]);
const G_BUSINESS_YEAR: Gate = Gate::words(26, &["year"]).and(&A_BUSINESS);
const G_YEAR_ENDED: Gate = Gate::words(27, &["ended", "ending"]);
const G_SET_FREQ: Gate = Gate::words(
    28,
    &[
        "once", "twice", "thrice", "times", "year", "month", "week", "day", "hour",
    ],
)
.and(&A_SET_FREQ);
const G_DURATION: Gate = Gate::words(29, UNIT_WORDS);
const G_HALF_UNIT: Gate = Gate::words(30, &["half"]);
const G_BARE_UNITS: Gate = Gate::words(
    31,
    &[
        "years",
        "months",
        "weeks",
        "days",
        "decades",
        "hours",
        "minutes",
        "centuries",
        "quarters",
        "long",
    ],
);
const G_VAGUE: Gate = Gate::words(
    32,
    &[
        "now",
        "currently",
        "nowadays",
        "days",
        "present",
        "moment",
        "presently",
        "recently",
        "lately",
        "past",
        "time",
        "earlier",
        "times",
        "soon",
        "future",
        "term",
        "run",
        "shortly",
        "years",
        "eventually",
        "day",
        "date",
    ],
);
const G_DAY_MONTH: Gate = Gate::shapes(33, MONTH_STARTS).and(&A_DAY);
const G_WEEKDAY_PART: Gate = Gate::shapes(34, WEEKDAY_STARTS);
const G_CLOCK_HM: Gate = Gate::shapes(35, &[Shape::Digits]);
const G_CLOCK_MIL: Gate = Gate::shapes(36, &[Shape::DigitFirst]).and(&A_MIL);
const G_WEEKDAY_RE: Gate = Gate::shapes(37, WEEKDAY_STARTS);
const G_MONTH_ALONE: Gate = Gate::shapes(38, MONTH_STARTS);
const G_SET_EVERY: Gate = Gate::words(39, &["every", "each"]);
const G_SET_ADVERB: Gate = Gate::words(
    40,
    &[
        "daily",
        "weekly",
        "monthly",
        "yearly",
        "annually",
        "hourly",
        "nightly",
        "biweekly",
        "bimonthly",
        "biannually",
        "semiannually",
        "round",
        "every",
    ],
);

/// Every gate, for the trigger table.
const GATES: &[Gate] = &[
    G_ISO,
    G_NUMERIC,
    G_NUMERIC_DOT,
    G_MONTH_DAY,
    G_MONTH_YEAR,
    G_QUARTER,
    G_THE_QUARTER,
    G_PERIOD_YEAR_AGO,
    G_YEAR_PERIOD,
    G_SEASON,
    G_DECADE,
    G_DECADE_WORD,
    G_CENTURY,
    G_CLOCK_AMPM,
    G_CLOCK_WORD,
    G_CLOCK_IN_THE,
    G_DAY_PART,
    G_DEICTIC,
    G_RELATIVE_UNIT,
    G_AROUND_EVENT,
    G_AGO,
    G_VAGUE_AGO,
    G_DIRECTED_NAME,
    G_HOLIDAY,
    G_WEEK_OF,
    G_YEAR,
    G_SPOKEN_YEAR,
    G_BUSINESS_YEAR,
    G_YEAR_ENDED,
    G_SET_FREQ,
    G_DURATION,
    G_HALF_UNIT,
    G_BARE_UNITS,
    G_VAGUE,
    G_DAY_MONTH,
    G_WEEKDAY_PART,
    G_CLOCK_HM,
    G_CLOCK_MIL,
    G_WEEKDAY_RE,
    G_MONTH_ALONE,
    G_SET_EVERY,
    G_SET_ADVERB,
];

static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| Triggers::new(GATES));

macro_rules! pattern {
    ($name:ident, gate $gate:ident, $($arg:tt)*) => {
        static $name: LazyLock<Pattern> = LazyLock::new(|| gated(&format!($($arg)*), &$gate));
    };
    ($name:ident, $($arg:tt)*) => {
        static $name: LazyLock<Pattern> = LazyLock::new(|| re(&format!($($arg)*)));
    };
}

fn gated(pattern: &str, gate: &Gate) -> Pattern {
    // Patterns are constants of this file, compiled on first use; a test
    // compiles every one of them.
    Pattern::gated(pattern, gate)
}

fn group<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

/// The first `n` characters of `s` (all of it when shorter).
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The word right before byte `pos` (letters, digits, apostrophes, hyphens), lowercased.
fn prev_word(text: &str, pos: usize) -> Cow<'_, str> {
    word_before(&text[..pos]).map_or(Cow::Borrowed(""), |(w, _)| lowercase(w))
}

/// Up to `n` words before `pos`, nearest last, lowercased. Stops at punctuation
/// other than hyphens and apostrophes.
fn prev_words(text: &str, pos: usize, n: usize) -> Vec<Cow<'_, str>> {
    let mut words = Vec::new();
    let mut rest = &text[..pos];
    for _ in 0..n {
        let Some((w, before)) = word_before(rest) else {
            break;
        };
        words.push(lowercase(w));
        rest = before;
        if !rest.ends_with([' ', '\t']) {
            break;
        }
    }
    words.reverse();
    words
}

/// The word ending `s` (after blanks are trimmed; letters, digits,
/// apostrophes, hyphens and dots, its trailing dots left out) and the text
/// before it; `None` when there is no such word.
fn word_before(s: &str) -> Option<(&str, &str)> {
    let trimmed = s.trim_end_matches([' ', '\t']);
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’' || c == '.'))
        .map(|p| p + trimmed[p..].chars().next().map(char::len_utf8).unwrap_or(1))
        .unwrap_or(0);
    let w = &trimmed[start..];
    (!w.is_empty()).then(|| (w.trim_end_matches('.'), &trimmed[..start]))
}

/// `s` with ASCII letters lowercased, borrowed when it has no uppercase
/// ASCII letter (the common case: no copy). As `to_ascii_lowercase`.
fn ascii_lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` lowercased (ASCII) with its words joined by single spaces, borrowed
/// when it already is. As `to_ascii_lowercase`, `split_whitespace` and
/// `join(" ")`.
fn ascii_lower_words(s: &str) -> Cow<'_, str> {
    let single_spaced = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.chars().any(|c| c.is_whitespace() && c != ' ');
    if single_spaced {
        ascii_lower(s)
    } else {
        Cow::Owned(
            s.to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    }
}

/// `w` lowercased, borrowed when it already is (the common case: no copy).
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// The word right after byte `pos`, as written.
fn next_word(text: &str, pos: usize) -> &str {
    let after = text[pos..].trim_start_matches([' ', '\t']);
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .unwrap_or(after.len());
    &after[..end]
}

/// Whether `pos` starts a sentence or line (only quotes/brackets/white space before it).
fn at_sentence_start(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches([' ', '\t', '"', '“', '\'', '‘', '(', '[', '`']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', '\r', ':', ';', '—', '-'])
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Prepositions and determiners that introduce a date: "in May", "since 1960".
const DATE_CUES: &[&str] = &[
    "in",
    "on",
    "of",
    "since",
    "until",
    "till",
    "by",
    "from",
    "through",
    "throughout",
    "to",
    "during",
    "before",
    "after",
    "between",
    "and",
    "or",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
    "mid-",
    "around",
    "about",
    "circa",
    "as",
    "at",
    "into",
    "for",
    "that",
    "every",
    "each",
    "following",
    "previous",
    "past",
    "beginning",
    "end",
    "middle",
    "start",
    "than",
    "until",
    "fiscal",
    "year",
    "early-",
    "late-",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "not",
    "but",
    "then",
    "except",
    "including",
    "within",
    "beyond",
    "toward",
    "towards",
    "against",
    "over",
    "the",
    "calendar",
    "same",
    "mid-to-late",
    "its",
    "their",
];

fn month_number_ok(m: u32) -> bool {
    (1..=12).contains(&m)
}

fn two_digit_year(s: &str) -> Option<i32> {
    let s = s.trim_start_matches(['\'', '’']);
    let y: i32 = s.parse().ok()?;
    Some(match s.len() {
        2 => {
            if y < 50 {
                2000 + y
            } else {
                1900 + y
            }
        }
        _ => y,
    })
}

fn date(year: Option<i32>, month: Option<u32>, day: Option<u32>, weekday: Option<Weekday>) -> Expr {
    Expr::Date {
        year,
        month,
        day,
        weekday,
    }
}

// ------------------------------------------------------------ date rules

pattern!(
    ISO,
    gate G_ISO,
    r"\b(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ](?P<h>\d{{2}}):(?P<mi>\d{{2}})(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?\b"
);

fn iso_date(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in ISO.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let (Some(y), Some(m), Some(d)) = (
            group(&c, "y").and_then(|s| s.parse().ok()),
            group(&c, "m").and_then(|s| s.parse().ok()),
            group(&c, "d").and_then(|s| s.parse().ok()),
        ) else {
            continue;
        };
        if !month_number_ok(m) || d == 0 || d > 31 {
            continue;
        }
        let day = date(Some(y), Some(m), Some(d), None);
        let (expr, kind) = match (group(&c, "h"), group(&c, "mi")) {
            (Some(h), Some(mi)) => (
                Expr::WithTime {
                    date: Some(Box::new(day)),
                    clock: Clock::At {
                        hour: h.parse().unwrap_or(0),
                        minute: mi.parse().unwrap_or(0),
                        minutes_written: true,
                    },
                },
                TimexType::Time,
            ),
            _ => (day, TimexType::Date),
        };
        out.push(Candidate::new(m0.start(), m0.end(), kind, expr, "iso_date"));
    }
}

static NUMERIC_SLASH: LazyLock<Pattern> = LazyLock::new(|| {
    gated(
        r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b",
        &G_NUMERIC,
    )
});
static NUMERIC_DOT: LazyLock<Pattern> = LazyLock::new(|| {
    gated(
        r"\b(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>\d{4})\b",
        &G_NUMERIC_DOT,
    )
});

fn numeric_date(scan: &Scan, policy: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for (re, day_first_always) in [(&*NUMERIC_SLASH, false), (&*NUMERIC_DOT, true)] {
        for c in re.captures_in(scan) {
            let m0 = c.get(0).expect("match");
            // "1/2/3" fractions and scores: require no digit or slash right around it.
            let after = &text[m0.end()..];
            if after.starts_with(['/', '-']) || after.starts_with(|ch: char| ch.is_ascii_digit()) {
                continue;
            }
            let a: u32 = group(&c, "a").and_then(|s| s.parse().ok()).unwrap_or(0);
            let b: u32 = group(&c, "b").and_then(|s| s.parse().ok()).unwrap_or(0);
            let Some(y) = group(&c, "y").and_then(two_digit_year) else {
                continue;
            };
            let day_first = day_first_always || policy == NumericDates::DayFirst || a > 12;
            let (m, d) = if day_first { (b, a) } else { (a, b) };
            if !month_number_ok(m) || d == 0 || d > 31 {
                continue;
            }
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Date,
                date(Some(y), Some(m), Some(d), None),
                "numeric_date",
            ));
        }
    }
}

pattern!(
    MONTH_DAY,
    gate G_MONTH_DAY,
    r"(?:\b(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?)?\b(?P<mon>{MONTH})\s+(?:the\s+)?(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL})\b(?:,?\s+(?P<y>\d{{4}}|['’]\d{{2}})\b)?"
);

fn month_day(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in MONTH_DAY.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some(month) = group(&c, "mon").and_then(lexicon::month) else {
            continue;
        };
        let Some(day) = group(&c, "day").and_then(day_number) else {
            continue;
        };
        // "May 5" could be "may 5 people"? Month names are capitalised, so only at
        // sentence start is "May" ambiguous; a following plural noun rules it out.
        let after = next_word(text, m0.end());
        let mon_word = group(&c, "mon").unwrap_or("");
        let mon_start = c.name("mon").map(|m| m.start()).unwrap_or(m0.start());
        let ambiguous_word = matches!(mon_word, "May" | "March" | "MAY" | "MARCH")
            && at_sentence_start(text, mon_start);
        if ambiguous_word
            && group(&c, "y").is_none()
            && after.ends_with('s')
            && after.len() > 3
            && !starts_upper(after)
            && after.chars().all(|ch| ch.is_ascii_lowercase())
            && !matches!(
                after,
                "was" | "is" | "has" | "as" | "its" | "this" | "across" | "towards"
            )
        {
            continue;
        }
        let year = group(&c, "y").and_then(two_digit_year);
        let wd = group(&c, "wd").and_then(lexicon::weekday);
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            date(year, Some(month), Some(day), wd),
            "month_day",
        ));
        if year.is_none() {
            if let Some((start, end, second)) = second_day(text, m0.end(), day) {
                out.push(Candidate::new(
                    start,
                    end,
                    TimexType::Date,
                    date(None, Some(month), Some(second), None),
                    "month_day",
                ));
            }
        }
    }
}

/// A second day of the same month after a month and day: "the summit on
/// April 24 and 25", "on May 3 or 4." The day must come later in the month
/// and be followed by punctuation or a function word, not by a noun it
/// counts ("on May 5 and 10 people ...", "March 3 and 4 million") or by a
/// year of its own.
fn second_day(text: &str, from: usize, first: u32) -> Option<(usize, usize, u32)> {
    let rest = &text[from..];
    let joined = ["and ", "or "]
        .iter()
        .find_map(|j| rest.strip_prefix(' ')?.strip_prefix(j))?;
    let start = text.len() - joined.len();
    let digits = joined.len()
        - joined
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 || digits > 2 {
        return None;
    }
    let second: u32 = joined[..digits].parse().ok()?;
    if second <= first || second > 31 {
        return None;
    }
    let end = start + digits;
    let after = &text[end..];
    let follows = next_word(text, end);
    let ends_phrase = after.is_empty()
        || after.starts_with(['.', ',', ';', ':', ')', '!', '?', '\n'])
            && !after[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
        || after.starts_with(' ')
            && matches!(
                follows,
                "in" | "at"
                    | "on"
                    | "and"
                    | "to"
                    | "when"
                    | "with"
                    | "for"
                    | "as"
                    | "but"
                    | "respectively"
            );
    ends_phrase.then_some((start, end, second))
}

pattern!(
    WEEK_OF,
    gate G_WEEK_OF, r"(?i)\bthe\s+(?P<what>week|weekend|month)\s+of\s+");

/// "the week of March 6": the week containing a day written right after.
fn week_of(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in WEEK_OF.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some((day, len)) = leading_day(&text[m0.end()..]) else {
            continue;
        };
        if !matches!(day, Expr::Date { day: Some(_), .. }) {
            continue;
        }
        let unit = match group(&c, "what")
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "weekend" => Unit::Weekend,
            "month" => Unit::Month,
            _ => Unit::Week,
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end() + len,
            TimexType::Date,
            Expr::PeriodOf {
                unit,
                day: Box::new(day),
            },
            "week_of",
        ));
    }
}

fn day_number(s: &str) -> Option<u32> {
    let d = if s.chars().next()?.is_ascii_digit() {
        s.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()?
    } else {
        lexicon::ordinal(s)?
    };
    (1..=31).contains(&d).then_some(d)
}

pattern!(
    DAY_MONTH,
    gate G_DAY_MONTH,
    r"(?:\b(?P<wd>{WEEKDAY}),?\s+)?(?:\bthe\s+)?\b(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL})\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?"
);

fn day_month(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in DAY_MONTH.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some(month) = group(&c, "mon").and_then(lexicon::month) else {
            continue;
        };
        let Some(day) = group(&c, "day").and_then(day_number) else {
            continue;
        };
        // Abbreviations need their dot or a year: "10 Mar" alone is rare; "5 May" fine.
        let mon_text = group(&c, "mon").unwrap_or("");
        if mon_text.len() <= 4
            && !mon_text.ends_with('.')
            && group(&c, "y").is_none()
            && mon_text != "May"
            && mon_text != "June"
            && mon_text != "July"
        {
            continue;
        }
        let year = group(&c, "y").and_then(two_digit_year);
        let wd = group(&c, "wd").and_then(lexicon::weekday);
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            date(year, Some(month), Some(day), wd),
            "day_month",
        ));
    }
}

pattern!(
    MONTH_YEAR,
    gate G_MONTH_YEAR,
    r"\b(?P<mon>{MONTH}),?\s+(?:of\s+)?(?:(?P<y>\d{{4}}|['’]\d{{2}})\b|(?P<rel>(?i:this|last|next))\s+(?i:year)\b)"
);

fn month_year(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in MONTH_YEAR.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some(month) = group(&c, "mon").and_then(lexicon::month) else {
            continue;
        };
        let expr = if let Some(rel) = group(&c, "rel") {
            let by = match rel.to_ascii_lowercase().as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            Expr::InYear {
                base: Box::new(date(None, Some(month), None, None)),
                by,
            }
        } else {
            let Some(y) = group(&c, "y").and_then(two_digit_year) else {
                continue;
            };
            date(Some(y), Some(month), None, None)
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            expr,
            "month_year",
        ));
    }
}

pattern!(
    QUARTER,
    gate G_QUARTER,
    r"(?i)\b(?:(?P<det>the|this|last|next|its|a|that|their|the\s+same|the\s+latest|the\s+current|the\s+previous|the\s+coming|(?P<yrel>this|last|next)\s+year['’]s|(?P<ago>the\s+year-ago|the\s+year-earlier|a\s+year-ago|a\s+year-earlier|year-ago|year-earlier))\s+)?(?:(?P<fiscal>fiscal)[- ]?)?(?:(?P<y1>\d{{4}})\s+)?(?:(?P<fiscal2>fiscal)[- ]?)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ](?P<what>quarter|half)(?:\s+of\s+(?:(?:fiscal|the\s+fiscal\s+year|the\s+calendar\s+year)\s+)?(?P<y2>\d{{4}}|(?:this|last|next|the)\s+year))?\b|\b(?P<q>Q[1-4])(?:\s+(?P<y3>\d{{4}}))?\b"
);
pattern!(
    THE_QUARTER,
    gate G_THE_QUARTER,
    r"(?i)\b(?P<det>the|this|last|next|that|the\s+latest|the\s+current|the\s+previous|the\s+past|the\s+most\s+recent|the\s+recent|the\s+just-ended|the\s+same|the\s+coming|the\s+following|(?:the\s+)?(?:comparable\s+|same\s+)?year-(?:ago|earlier))\s+(?:(?:fiscal|financial|calendar)\s+)?(?P<what>quarter|period)\b|\b(?P<adj>year-(?:ago|earlier))\b"
);

pattern!(
    PERIOD_YEAR_AGO,
    gate G_PERIOD_YEAR_AGO,
    r"(?i)\b(?:(?:the\s+)?(?:corresponding|comparable|same|year-ago|year-earlier)\s+(?:quarter|period)(?:\s+of)?\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|the\s+previous\s+year)|last\s+year['’]s\s+(?:quarter|period)|the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier))\b"
);

pattern!(
    YEAR_PERIOD,
    gate G_YEAR_PERIOD,
    r"(?i)\bthe\s+(?P<y>(?:1[89]|20)\d{{2}})\s+(?:(?:fiscal|financial)\s+)?(?:quarter|period)\b"
);

fn year_part(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    // "the 1988 quarter", "the 1989 period": in a quarterly report, the
    // reported quarter of that year
    for c in YEAR_PERIOD.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some(year) = group(&c, "y").and_then(|y| y.parse().ok()) else {
            continue;
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            Expr::ReportedQuarterIn { year },
            "year_part",
        ));
    }
    // "the corresponding period last year", "the quarter a year ago": the
    // reported quarter, a year back
    for m in PERIOD_YEAR_AGO.captures_in(scan).filter_map(|c| c.get(0)) {
        out.push(Candidate::new(
            m.start(),
            m.end(),
            TimexType::Date,
            Expr::ReportedQuarter { years: -1 },
            "year_part",
        ));
    }
    for c in QUARTER.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        if let Some(q) = group(&c, "q") {
            // "Q3" must be upper case to avoid other codes; plain letters only
            if !q.starts_with('Q') {
                continue;
            }
            let n = q.as_bytes()[1] - b'0';
            let year = group(&c, "y3").and_then(|s| s.parse().ok());
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Date,
                Expr::YearPart {
                    year,
                    part: YearPart::Quarter(n),
                    implicit: false,
                },
                "year_part",
            ));
            continue;
        }
        let what = ascii_lower(group(&c, "what").unwrap_or(""));
        let ord = ascii_lower(group(&c, "ord").unwrap_or(""));
        let n = match &*ord {
            "first" | "1st" => 1,
            "second" | "2nd" => 2,
            "third" | "3rd" => 3,
            "fourth" | "4th" => 4,
            _ => {
                if what == "half" {
                    2
                } else {
                    4
                }
            }
        };
        if what == "half" && n > 2 {
            continue;
        }
        // "the second half" of a match, of a game: need a year or the word year nearby
        let det = group(&c, "det").map(|d| d.to_ascii_lowercase());
        let y2 = group(&c, "y2");
        let mut year: Option<i32> = group(&c, "y1").or(y2).and_then(|s| s.parse().ok());
        let ago = group(&c, "ago").is_some();
        let mut expr_by: Option<i32> = None;
        if let Some(y2) = y2 {
            let l = y2.to_ascii_lowercase();
            if l.starts_with("this") || l.starts_with("the") {
                expr_by = Some(0);
            } else if l.starts_with("last") {
                expr_by = Some(-1);
            } else if l.starts_with("next") {
                expr_by = Some(1);
            }
        }
        if what == "half" && year.is_none() && expr_by.is_none() {
            let following = text[m0.end()..].trim_start();
            let fiscalish = group(&c, "fiscal").is_some();
            if !fiscalish && !following.starts_with("of the year") {
                continue;
            }
        }
        let part = if what == "half" {
            YearPart::Half(n)
        } else {
            YearPart::Quarter(n)
        };
        let base = Expr::YearPart {
            year: year.take(),
            part,
            implicit: false,
        };
        if let Some(r) = group(&c, "yrel") {
            expr_by = Some(match r.to_ascii_lowercase().as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            });
        }
        let expr = match (expr_by, det.as_deref()) {
            _ if ago && matches!(base, Expr::YearPart { year: None, .. }) => Expr::InYear {
                base: Box::new(base),
                by: -1,
            },
            (Some(by), _) => Expr::InYear {
                base: Box::new(base),
                by,
            },
            (None, Some("last")) if matches!(base, Expr::YearPart { year: None, .. }) => {
                Expr::Directed {
                    base: Box::new(base),
                    by: -1,
                }
            }
            (None, Some("next")) if matches!(base, Expr::YearPart { year: None, .. }) => {
                Expr::Directed {
                    base: Box::new(base),
                    by: 1,
                }
            }
            _ => base,
        };
        // extent: drop a leading possessive "its"/"their"/"a", and any determiner
        // of an adjectival "third-quarter" ("the third-quarter loss")
        let mut start = m0.start();
        let adjectival = text[m0.start()..m0.end()].contains("-quarter")
            || text[m0.start()..m0.end()].contains("-half");
        if let Some(d) = c.name("det") {
            let dl = d.as_str().to_ascii_lowercase();
            if matches!(dl.as_str(), "its" | "their" | "a")
                || (adjectival && matches!(dl.as_str(), "the" | "that" | "this"))
            {
                start = skip_spaces(text, d.end());
            }
        }
        out.push(Candidate::new(
            start,
            m0.end(),
            TimexType::Date,
            expr,
            "year_part",
        ));
    }
    for c in THE_QUARTER.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        if group(&c, "adj").is_some() {
            // "a year-earlier loss": the reported period a year before
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Date,
                Expr::ReportedQuarter { years: -1 },
                "year_part",
            ));
            continue;
        }
        let det = group(&c, "det").unwrap_or("").to_ascii_lowercase();
        let det = det.split_whitespace().collect::<Vec<_>>().join(" ");
        let what = group(&c, "what").unwrap_or("").to_ascii_lowercase();
        if det.contains("year-") {
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Date,
                Expr::ReportedQuarter { years: -1 },
                "year_part",
            ));
            continue;
        }
        if what == "period"
            && !matches!(
                det.as_str(),
                "the latest" | "the most recent" | "the just-ended"
            )
        {
            continue;
        }
        let expr = match det.as_str() {
            "last" | "the previous" | "the past" => Expr::Shift {
                unit: Unit::Quarter,
                by: Some(-1),
                anchor: Anchor::Publication,
            },
            "next" | "the coming" => Expr::Shift {
                unit: Unit::Quarter,
                by: Some(1),
                anchor: Anchor::Publication,
            },
            "the following" => Expr::Shift {
                unit: Unit::Quarter,
                by: Some(1),
                anchor: Anchor::Narrative,
            },
            "this" | "the current" => Expr::Shift {
                unit: Unit::Quarter,
                by: Some(0),
                anchor: Anchor::Publication,
            },
            "that" | "the same" => Expr::Shift {
                unit: Unit::Quarter,
                by: Some(0),
                anchor: Anchor::Narrative,
            },
            _ => match (what == "quarter")
                .then(|| quarter_ended(text, m0.end()))
                .flatten()
            {
                // "the quarter ended July 31": the calendar quarter holding most
                // of the three months that end on that day (May-July: Q2)
                Some((q, year)) => Expr::YearPart {
                    year,
                    part: YearPart::Quarter(q),
                    implicit: false,
                },
                // "the quarter", "the latest quarter": the fiscal quarter being reported
                None => Expr::YearPart {
                    year: None,
                    part: YearPart::Quarter(0),
                    implicit: true,
                },
            },
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            expr,
            "year_part",
        ));
    }
}

/// After "the quarter" at `pos`: "ended/ending MONTH DAY[, YEAR]" gives
/// the calendar quarter holding most of the three months ending that day
/// (the one holding the day 45 days before it: "ended Sept. 30" Q3, "ended
/// July 31" Q2, "ended Oct. 1" Q3), with its year when the date has one.
fn quarter_ended(text: &str, pos: usize) -> Option<(u8, Option<i32>)> {
    let verb = next_word(text, pos);
    if !(verb.eq_ignore_ascii_case("ended") || verb.eq_ignore_ascii_case("ending")) {
        return None;
    }
    let at = text[pos..].find(verb)? + pos + verb.len();
    let mon = next_word(text, at);
    let m = lexicon::month(mon)?;
    let full = lexicon::MONTH_NAMES[usize::try_from(m).ok()?.checked_sub(1)?];
    let lower = mon.to_ascii_lowercase();
    if mon.len() < 3 || !full.to_ascii_lowercase().starts_with(&lower) {
        return None;
    }
    let at = text[at..].find(mon)? + at + mon.len();
    let rest = text[at..].strip_prefix('.').unwrap_or(&text[at..]);
    let day_word = next_word(rest, 0);
    if day_word.is_empty() || day_word.len() > 2 || !day_word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day: u32 = day_word.parse().ok()?;
    let after_day = &rest[rest.find(day_word)? + day_word.len()..];
    let year: Option<i32> = after_day
        .strip_prefix(", ")
        .map(|r| next_word(r, 0))
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse().ok());
    // a non-leap year stands in when none is written; only the month matters
    let end = chrono::NaiveDate::from_ymd_opt(year.unwrap_or(2001), m, day)?;
    let mid = end.checked_sub_days(chrono::Days::new(45))?;
    let q = u8::try_from((chrono::Datelike::month(&mid) - 1) / 3 + 1).ok()?;
    let year = year.map(|y| chrono::Datelike::year(&mid).min(y));
    Some((q, year))
}

fn skip_spaces(text: &str, mut i: usize) -> usize {
    while text[i..].starts_with([' ', '\t']) {
        i += 1;
    }
    i
}

pattern!(
    SEASON,
    gate G_SEASON,
    r"(?i)\b(?:(?P<det>this|last|next|the|this\s+coming|this\s+past|the\s+coming|the\s+past|early|late|mid|mid-|the\s+early|the\s+late)[ -]+)?(?P<s>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<y>\d{{4}})\b)?"
);

fn season(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in SEASON.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let s = group(&c, "s").unwrap_or("").to_ascii_lowercase();
        let part = match s.as_str() {
            "spring" => YearPart::Spring,
            "summer" => YearPart::Summer,
            "fall" | "autumn" => YearPart::Fall,
            _ => YearPart::Winter,
        };
        let det = group(&c, "det").map(|d| {
            d.to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let year: Option<i32> = group(&c, "y").and_then(|y| y.parse().ok());
        let word_start = c.name("s").map(|m| m.start()).unwrap_or(m0.start());
        // bare season words need a cue: "in spring", "this summer", "spring 2017"
        if det.is_none() && year.is_none() {
            let p = prev_word(text, word_start);
            if !matches!(
                &*p,
                "in" | "during"
                    | "by"
                    | "until"
                    | "since"
                    | "through"
                    | "before"
                    | "after"
                    | "every"
                    | "each"
            ) {
                continue;
            }
        }
        // "the fall of the Berlin Wall", "the spring of hope": 'the' + season + 'of' + non-year
        if det.as_deref() == Some("the") && year.is_none() {
            let nw = next_word(text, m0.end()).to_ascii_lowercase();
            // "the fall", "the spring" need a preposition of time before them
            // ("in the spring"); "the fall of the regime" has "of" after.
            let pw = prev_word(text, m0.start());
            let placed = matches!(
                &*pw,
                "in" | "during"
                    | "by"
                    | "until"
                    | "since"
                    | "through"
                    | "over"
                    | "throughout"
                    | "before"
                    | "after"
            );
            if nw == "of" || ((part == YearPart::Fall || part == YearPart::Spring) && !placed) {
                continue;
            }
        }
        // "prices fall", "to fall": verb uses
        if part == YearPart::Fall && det.is_none() && year.is_none() {
            continue;
        }
        let mut modifier = None;
        let mut start = m0.start();
        let season = Expr::YearPart {
            year,
            part,
            implicit: false,
        };
        let directed = |by: i32| Expr::Directed {
            base: Box::new(season.clone()),
            by,
        };
        let expr = match det.as_deref() {
            Some("this") | Some("this coming") => directed(0),
            Some("last") | Some("this past") | Some("the past") => directed(-1),
            Some("next") | Some("the coming") => directed(1),
            Some(d) => {
                modifier = mod_word(d.trim_start_matches("the ").split(['-', ' ']).next());
                season
            }
            None => {
                start = word_start;
                season
            }
        };
        let mut cand = Candidate::new(start, m0.end(), TimexType::Date, expr, "season");
        cand.modifier = modifier;
        out.push(cand);
    }
}

pattern!(
    DECADE,
    gate G_DECADE,
    r"(?i)(?:\b(?P<the>the)\s+)?(?:\b(?P<mod>early|mid|late)[- ]?)?(?:\b(?P<d4>1[0-9]{{2}}0|20[0-9]0)|['’](?P<d2>[0-9]0)|\b(?P<d2b>[2-9]0))['’]?s\b"
);
pattern!(
    DECADE_WORD,
    gate G_DECADE_WORD,
    r"(?i)\b(?P<the>the)\s+(?:(?P<mod>early|mid|late)[- ]?)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
);

fn decade(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in DECADE.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let dec: i32 = if let Some(d4) = group(&c, "d4") {
            d4.parse::<i32>().unwrap_or(0) / 10
        } else if let Some(d2) = group(&c, "d2") {
            (1900 + d2.parse::<i32>().unwrap_or(0)) / 10
        } else if let Some(d2) = group(&c, "d2b") {
            // bare "80s" needs "the": "the 80s"; "in his 60s" is an age
            if group(&c, "the").is_none() {
                continue;
            }
            (1900 + d2.parse::<i32>().unwrap_or(0)) / 10
        } else {
            continue;
        };
        let pw = prev_word(text, m0.start());
        if matches!(
            &*pw,
            "his" | "her" | "their" | "my" | "your" | "our" | "its"
        ) {
            continue;
        }
        // temperatures, speeds: "in the 90s" followed by "degrees"
        let nw = next_word(text, m0.end()).to_ascii_lowercase();
        if matches!(nw.as_str(), "degrees" | "percent" | "mph" | "km") {
            continue;
        }
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            Expr::Decade(dec),
            "decade",
        );
        cand.modifier = mod_word(group(&c, "mod"));
        out.push(cand);
    }
    for c in DECADE_WORD.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let w = group(&c, "w").unwrap_or("").to_ascii_lowercase();
        let d = match &w[..3] {
            "twe" => 192,
            "thi" => 193,
            "for" => 194,
            "fif" => 195,
            "six" => 196,
            "sev" => 197,
            "eig" => 198,
            _ => 199,
        };
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            Expr::Decade(d),
            "decade",
        );
        cand.modifier = mod_word(group(&c, "mod"));
        out.push(cand);
    }
}

fn mod_word(w: Option<&str>) -> Option<Modifier> {
    match w.map(|w| w.to_ascii_lowercase()).as_deref() {
        Some("early") => Some(Modifier::Start),
        Some("mid") => Some(Modifier::Mid),
        Some("late") => Some(Modifier::End),
        _ => None,
    }
}

pattern!(
    CENTURY,
    gate G_CENTURY,
    r"(?i)(?:\bthe\s+)?(?:\b(?P<mod>early|mid|late)[- ])?\b(?P<ord>{ORDINAL})[- ]century\b"
);

fn century(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in CENTURY.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some(n) = group(&c, "ord").and_then(lexicon::ordinal) else {
            continue;
        };
        // "21st Century Fox": a capitalised name
        let word = &text[m0.start()..m0.end()];
        if word.contains("Century") && starts_upper(next_word(text, m0.end())) {
            continue;
        }
        if n == 0 {
            continue;
        }
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            Expr::Century(n as i32 - 1),
            "century",
        );
        cand.modifier = mod_word(group(&c, "mod"));
        out.push(cand);
    }
}

// ------------------------------------------------------------ time rules

pattern!(
    CLOCK_AMPM,
    gate G_CLOCK_AMPM,
    r"(?i)\b(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am\b|pm\b)(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC)\b)?"
);
pattern!(
    CLOCK_HM,
    gate G_CLOCK_HM,
    r"\b(?P<h>\d{{1,2}}):(?P<m>\d{{2}})\b(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC)\b)?"
);
pattern!(
    CLOCK_MIL,
    gate G_CLOCK_MIL,
    r"\b(?P<h>[0-2]\d)(?P<m>[0-5]\d)\s*(?:(?P<tz>GMT|UTC|[ECMP][SD]T)|hours?|hrs)\b"
);
pattern!(
    CLOCK_WORD,
    gate G_CLOCK_WORD,
    r"(?i)\b(?:(?P<noon>noon|midday|midnight)|(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{{1,2}})\s+o['’]clock)\b"
);

pattern!(
    CLOCK_IN_THE,
    gate G_CLOCK_IN_THE,
    r"(?i)\b(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?(?:\s+o['’]clock)?\s+in\s+the\s+(?P<part>morning|afternoon|evening)\b"
);

fn clock(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in CLOCK_IN_THE.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Ok(Some(h)) = lexicon::number(group(&c, "n").unwrap_or("")) else {
            continue;
        };
        let h = h as u32;
        if !(1..=12).contains(&h) {
            continue;
        }
        let pm = !group(&c, "part")
            .unwrap_or("")
            .eq_ignore_ascii_case("morning");
        let hour = if pm && h < 12 {
            h + 12
        } else if !pm && h == 12 {
            0
        } else {
            h
        };
        let minute = group(&c, "m").and_then(|m| m.parse().ok()).unwrap_or(0);
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Time,
            Expr::WithTime {
                date: None,
                clock: Clock::At {
                    hour,
                    minute,
                    minutes_written: group(&c, "m").is_some(),
                },
            },
            "clock",
        ));
    }
    let time = |hour: u32, minute: u32, written: bool| Expr::WithTime {
        date: None,
        clock: Clock::At {
            hour,
            minute,
            minutes_written: written,
        },
    };
    for c in CLOCK_AMPM.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let h: u32 = group(&c, "h").and_then(|s| s.parse().ok()).unwrap_or(99);
        let m: u32 = group(&c, "m").and_then(|s| s.parse().ok()).unwrap_or(0);
        let pm = group(&c, "ampm").is_some_and(|s| s.to_ascii_lowercase().starts_with('p'));
        if h == 0 || h > 12 {
            continue;
        }
        let hour = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Time,
            time(hour, m, group(&c, "m").is_some()),
            "clock",
        ));
    }
    for c in CLOCK_HM.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        // scores and ratios ("won 3:1") have one digit after the colon; ours have two.
        let h: u32 = group(&c, "h").and_then(|s| s.parse().ok()).unwrap_or(99);
        let m: u32 = group(&c, "m").and_then(|s| s.parse().ok()).unwrap_or(99);
        let after = &text[m0.end()..];
        if after.starts_with([':', '.']) && after[1..].starts_with(|ch: char| ch.is_ascii_digit()) {
            continue; // 1:23:45 race times, 3:16.5
        }
        // Bible verses, ratios and race times: need a cue before or a zone after
        let pw = prev_word(text, m0.start());
        let cue = group(&c, "tz").is_some()
            || text[m0.end()..].trim_start().starts_with("local time")
            || matches!(
                &*pw,
                "at" | "by"
                    | "until"
                    | "till"
                    | "from"
                    | "before"
                    | "after"
                    | "around"
                    | "about"
                    | "since"
                    | "to"
                    | "and"
                    | "for"
            );
        if !cue || h > 29 || m > 59 {
            continue;
        }
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Time,
            time(h, m, true),
            "clock",
        ));
    }
    for c in CLOCK_MIL.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let h: u32 = group(&c, "h").and_then(|s| s.parse().ok()).unwrap_or(99);
        let m: u32 = group(&c, "m").and_then(|s| s.parse().ok()).unwrap_or(99);
        if h > 24 || group(&c, "tz").is_none() && !text[m0.start()..m0.end()].contains("hour") {
            continue;
        }
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Time,
            time(h, m, true),
            "clock",
        ));
    }
    for c in CLOCK_WORD.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let (h, written) = if let Some(w) = group(&c, "noon") {
            match w.to_ascii_lowercase().as_str() {
                "midnight" => (24, true),
                _ => (12, true),
            }
        } else {
            let n = group(&c, "n").unwrap_or("");
            match lexicon::number(n) {
                Ok(Some(v)) if (1.0..=12.0).contains(&v) => (v as u32, false),
                _ => continue,
            }
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Time,
            time(h, 0, written),
            "clock",
        ));
    }
}

pattern!(
    DAY_PART,
    gate G_DAY_PART,
    r"(?i)\b(?:(?P<rel>this|tomorrow|yesterday|last|early|late|the\s+early|the\s+late|that|the\s+next|the\s+following|the\s+previous|in\s+the|mid)[\s-]+)?(?P<part>morning|afternoon|evening|night)(?P<hours>\s+hours)?\b|\b(?P<tonight>tonight|overnight)\b"
);
pattern!(
    WEEKDAY_PART,
    gate G_WEEKDAY_PART,
    r"\b(?P<early>(?i:early|late)\s+)?(?P<wd>{WEEKDAY})\s*(?P<part>(?i:morning|afternoon|evening|night))(?P<plural>s)?\b"
);

fn day_part(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in DAY_PART.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        if group(&c, "tonight").is_some() {
            let w = group(&c, "tonight").unwrap_or("").to_ascii_lowercase();
            // "tonight" is the night of the publication day; "overnight"
            // ("depressed by overnight losses in New York") is the night
            // that ended on the day being told, the one before it.
            let date = Some(Box::new(if w == "tonight" {
                Expr::Shift {
                    unit: Unit::Day,
                    by: Some(0),
                    anchor: Anchor::Publication,
                }
            } else {
                Expr::Shift {
                    unit: Unit::Day,
                    by: Some(-1),
                    anchor: Anchor::Narrative,
                }
            }));
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Time,
                Expr::WithTime {
                    date,
                    clock: Clock::Part(DayPart::Night),
                },
                "day_part",
            ));
            continue;
        }
        let Some(part) = group(&c, "part").and_then(lexicon::day_part) else {
            continue;
        };
        let rel = group(&c, "rel").map(|r| {
            r.to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let mut start = m0.start();
        let mut modifier = None;
        let date = match rel.as_deref() {
            Some("this") => Some(Expr::Shift {
                unit: Unit::Day,
                by: Some(0),
                anchor: Anchor::Publication,
            }),
            Some("tomorrow") => Some(Expr::Shift {
                unit: Unit::Day,
                by: Some(1),
                anchor: Anchor::Publication,
            }),
            Some("yesterday") => Some(Expr::Shift {
                unit: Unit::Day,
                by: Some(-1),
                anchor: Anchor::Publication,
            }),
            Some("last") if part == DayPart::Night => Some(Expr::Shift {
                unit: Unit::Day,
                by: Some(-1),
                anchor: Anchor::Publication,
            }),
            Some("that") => Some(Expr::Shift {
                unit: Unit::Day,
                by: Some(0),
                anchor: Anchor::Narrative,
            }),
            Some("the next") | Some("the following") => Some(Expr::Shift {
                unit: Unit::Day,
                by: Some(1),
                anchor: Anchor::Narrative,
            }),
            Some("the previous") => Some(Expr::Shift {
                unit: Unit::Day,
                by: Some(-1),
                anchor: Anchor::Narrative,
            }),
            Some(r) if r.contains("early") || r.contains("late") => {
                // "the early morning hours", "late night": need "hours" or "the" to be a time of that day
                modifier = Some(if r.contains("early") {
                    Modifier::Start
                } else {
                    Modifier::End
                });
                if !r.starts_with("the") && group(&c, "hours").is_none() {
                    // "early morning" alone, e.g. "in the early morning": fine as a time
                }
                None
            }
            Some("mid") => {
                modifier = Some(Modifier::Mid);
                None
            }
            Some("in the") => {
                // "in the morning": keep "the morning"; only after a clock time or a day
                start = c.name("rel").map(|m| m.start() + 3).unwrap_or(start);
                let before = text[..m0.start()].trim_end();
                let after_time = before.ends_with(['m', '.'])
                    || before.to_ascii_lowercase().ends_with("o'clock");
                if !after_time {
                    continue;
                }
                None
            }
            _ => {
                // bare "morning", "night": too vague unless a cue precedes ("that night" above)
                let pw = prev_word(text, m0.start());
                let nw = next_word(text, m0.end()).to_ascii_lowercase();
                if !(matches!(&*pw, "overnight") || nw == "of") {
                    continue;
                }
                None
            }
        };
        // "the early morning hours of Wednesday" etc: the day follows; extend over it
        let mut end = m0.end();
        let mut date = date.map(Box::new);
        if date.is_none() {
            let after = &text[end..];
            if let Some(rest) = after.strip_prefix(" of ") {
                if let Some(day_len) = leading_day(rest) {
                    let (expr, len) = day_len;
                    date = Some(Box::new(expr));
                    end = end + 4 + len;
                }
            }
        }
        let mut cand = Candidate::new(
            start,
            end,
            TimexType::Time,
            Expr::WithTime {
                date,
                clock: Clock::Part(part),
            },
            "day_part",
        );
        cand.modifier = modifier;
        out.push(cand);
    }
    for c in WEEKDAY_PART.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let (Some(wd), Some(part)) = (
            group(&c, "wd").and_then(lexicon::weekday),
            group(&c, "part").and_then(lexicon::day_part),
        ) else {
            continue;
        };
        if group(&c, "plural").is_some() {
            // "Tuesday nights": every Tuesday night
            let value = format!("XXXX-WXX-{}T{}", wd.number_from_monday(), part.code());
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Set,
                Expr::Set(value),
                "day_part",
            ));
            continue;
        }
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Time,
            Expr::WithTime {
                date: Some(Box::new(date(None, None, None, Some(wd)))),
                clock: Clock::Part(part),
            },
            "day_part",
        );
        cand.modifier = group(&c, "early").map(|e| {
            if e.to_ascii_lowercase().starts_with('e') {
                Modifier::Start
            } else {
                Modifier::End
            }
        });
        out.push(cand);
    }
}

/// Reads a day written at the start of `s` ("Wednesday, April 3rd", "May 3",
/// "Wednesday"), returning its expression and byte length.
fn leading_day(s: &str) -> Option<(Expr, usize)> {
    if let Some(c) = MONTH_DAY.captures(s) {
        let m0 = c.get(0)?;
        if m0.start() == 0 {
            let month = group(&c, "mon").and_then(lexicon::month)?;
            let day = group(&c, "day").and_then(day_number)?;
            let year = group(&c, "y").and_then(two_digit_year);
            let wd = group(&c, "wd").and_then(lexicon::weekday);
            return Some((date(year, Some(month), Some(day), wd), m0.end()));
        }
    }
    static LEAD_WD: LazyLock<Pattern> = LazyLock::new(|| re(&format!(r"^(?P<wd>{WEEKDAY})\b")));
    let c = LEAD_WD.captures(s)?;
    let wd = group(&c, "wd").and_then(lexicon::weekday)?;
    Some((date(None, None, None, Some(wd)), c.get(0)?.end()))
}

// -------------------------------------------------------- relative rules

pattern!(
    DEICTIC,
    gate G_DEICTIC,
    r"(?i)\b(?:(?P<dby>the\s+day\s+before\s+yesterday)|(?P<dat>the\s+day\s+after\s+tomorrow)|(?P<w>today|yesterday|tomorrow))\b"
);

fn deictic_day(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in DEICTIC.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let by = if group(&c, "dby").is_some() {
            -2
        } else if group(&c, "dat").is_some() {
            2
        } else {
            match &*ascii_lower(group(&c, "w").unwrap_or("")) {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            }
        };
        if matches!(by, 0 | 1) && of_an_era(scan.text, m0.start(), m0.end()) {
            continue;
        }
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            Expr::Shift {
                unit: Unit::Day,
                by: Some(by),
                anchor: Anchor::Publication,
            },
            "deictic_day",
        ));
    }
}

/// Nouns of people and ways of life that "today's" or "of today/tomorrow"
/// describe as an era, not a day: "today's youth", "in today's world", "the
/// leaders of tomorrow".
const ERA_NOUNS: &[&str] = &[
    "world",
    "youth",
    "society",
    "generation",
    "generations",
    "young",
    "children",
    "kids",
    "teenagers",
    "people",
    "leaders",
    "workers",
    "consumers",
    "families",
    "culture",
    "standards",
];

/// Whether "today"/"tomorrow" at `start..end` names an era ("today's youth",
/// "the people of tomorrow"), not a day ("today's vote", "as of today").
fn of_an_era(text: &str, start: usize, end: usize) -> bool {
    let rest = &text[end..];
    if let Some(after) = rest
        .strip_prefix("'s ")
        .or_else(|| rest.strip_prefix("’s "))
    {
        let noun = next_word(after, 0).to_ascii_lowercase();
        return ERA_NOUNS.contains(&noun.as_str());
    }
    let before = prev_words(text, start, 3);
    matches!(before.as_slice(), [the, noun, of]
        if of == "of" && the == "the" && ERA_NOUNS.contains(&noun.as_ref()))
}

pattern!(
    RELATIVE_UNIT,
    gate G_RELATIVE_UNIT,
    r"(?i)\b(?:(?P<edge>earlier|later)\s+(?:(?P<in>in)\s+)?)?(?P<rel>this|last|next|past|coming|previous|following|current|the\s+coming|the\s+current|the\s+previous|the\s+following|the\s+next|the\s+past|the\s+last|that|the\s+same|the\s+preceding|the|a)\s+(?P<unit>week|weekend|month|year|decade|century|fortnight|day)\b"
);

pattern!(
    AROUND_EVENT,
    gate G_AROUND_EVENT,
    r"(?i)\bthe\s+(?P<unit>days|weeks|months|day)\s+(?P<dir>before|after|following|preceding|leading\s+up\s+to)\s+(?:(?:the|his|her|their|its|a|an|this|that)\b|(?-i:[A-Z][a-z]))"
);

/// "in the weeks before the shooting", "the day after his death": a stretch
/// named by its distance from an event of the story. The extent is the unit
/// word (as TimeBank and AQUAINT annotate it; the event is not a time). The
/// value comes from the narrative reference, the date the story last moved
/// to (policy `AROUND_EVENT`, docs/normalisation.md): the day after or before
/// it for "the day", its month for "the days" and "the weeks", its year for
/// "the months".
fn around_event(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in AROUND_EVENT.captures_in(scan) {
        let (Some(unit), Some(dir)) = (c.name("unit"), group(&c, "dir")) else {
            continue;
        };
        let dir = dir.to_ascii_lowercase();
        let before = matches!(dir.as_str(), "before" | "preceding") || dir.starts_with("leading");
        let expr = match unit.as_str().to_ascii_lowercase().as_str() {
            "day" => shift(Unit::Day, if before { -1 } else { 1 }, Anchor::Narrative),
            "months" => shift(Unit::Year, 0, Anchor::Narrative),
            _ => shift(Unit::Month, 0, Anchor::Narrative),
        };
        out.push(Candidate::new(
            unit.start(),
            unit.end(),
            TimexType::Date,
            expr,
            "around_event",
        ));
    }
}

fn relative_unit(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in RELATIVE_UNIT.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let rel = ascii_lower_words(group(&c, "rel").unwrap_or(""));
        let Some(unit) = group(&c, "unit").and_then(lexicon::unit) else {
            continue;
        };
        let edge = group(&c, "edge").map(ascii_lower);
        let after = ascii_lower(next_word(text, m0.end()));
        // "the day before/after" at the end of a clause; "the week before" etc.
        let (expr, kind) = match &*rel {
            "this" | "current" | "the current" => {
                (shift(unit, 0, Anchor::Publication), TimexType::Date)
            }
            "last" => (shift(unit, -1, Anchor::Publication), TimexType::Date),
            "next" | "coming" | "the coming" => {
                (shift(unit, 1, Anchor::Publication), TimexType::Date)
            }
            "past" => (shift(unit, -1, Anchor::Publication), TimexType::Date),
            "previous" | "the previous" | "the preceding" => {
                (shift(unit, -1, Anchor::Narrative), TimexType::Date)
            }
            "following" | "the following" => (shift(unit, 1, Anchor::Narrative), TimexType::Date),
            "the next" => {
                if unit == Unit::Day || edge.is_some() {
                    (shift(unit, 1, Anchor::Narrative), TimexType::Date)
                } else {
                    // "the next year" as a stretch of time ahead: a duration
                    (duration_of(1.0, unit), TimexType::Duration)
                }
            }
            "that" | "the same" => (shift(unit, 0, Anchor::Narrative), TimexType::Date),
            // "in the past year", "over the last year": the year before this
            // one, as "last year" (not "the last year of his term", and not
            // the stretch "for the past year")
            "the past" | "the last"
                if unit == Unit::Year
                    && after != "of"
                    && !matches!(&*prev_word(text, m0.start()), "for" | "since") =>
            {
                (shift(unit, -1, Anchor::Publication), TimexType::Date)
            }
            "the past" | "the last" => (duration_of(1.0, unit), TimexType::Duration),
            "the" if edge.is_some() => (shift(unit, 0, Anchor::Narrative), TimexType::Date),
            "the" | "a" => {
                if unit == Unit::Day && matches!(&*after, "before" | "after" | "earlier" | "later")
                {
                    let nn = text[m0.end()..].trim_start();
                    let rest = nn[after.len()..].trim_start();
                    let clause_end = rest.is_empty()
                        || rest.starts_with([',', '.', ';', ':', ')', '"', '”'])
                        || !(rest.starts_with(|ch: char| ch.is_alphanumeric()));
                    let by = if after == "before" || after == "earlier" {
                        -1
                    } else {
                        1
                    };
                    if clause_end || after == "earlier" || after == "later" {
                        let end = m0.end() + (text[m0.end()..].len() - nn.len()) + after.len();
                        out.push(Candidate::new(
                            m0.start(),
                            end,
                            TimexType::Date,
                            shift(Unit::Day, by, Anchor::Narrative),
                            "relative_unit",
                        ));
                    }
                }
                // "the end of the year", "the beginning of the month": the current one
                let pws = prev_words(text, m0.start(), 2);
                if rel == "the"
                    && pws.len() == 2
                    && pws[1] == "of"
                    && matches!(
                        &*pws[0],
                        "end" | "beginning" | "start" | "middle" | "close" | "turn"
                    )
                    && matches!(
                        unit,
                        Unit::Year | Unit::Month | Unit::Week | Unit::Decade | Unit::Century
                    )
                {
                    out.push(Candidate::new(
                        m0.start(),
                        m0.end(),
                        TimexType::Date,
                        shift(unit, 0, Anchor::Publication),
                        "relative_unit",
                    ));
                }
                // The period a report is about, written as "the year/month/week":
                // "For the year, volume was flat", "a high for the year of
                // $42.875", "the first nine months of the year", "the week's
                // most active session". The period the narrative is in.
                if rel == "the"
                    && edge.is_none()
                    && matches!(unit, Unit::Year | Unit::Month | Unit::Week)
                    && !text[m0.end()..].starts_with('-')
                {
                    let rest = &text[m0.end()..];
                    let possessive = rest.starts_with("'s") || rest.starts_with("’s");
                    let closes = rest.starts_with([',', '.', ';', ':'])
                        || (after == "of"
                            && rest
                                .trim_start()
                                .get(2..)
                                .is_some_and(|r| r.trim_start().starts_with('$')));
                    let pws = prev_words(text, m0.start(), 2);
                    let pw = pws.last().map_or("", |w| &**w);
                    let part_of = pw == "of"
                        && pws.len() == 2
                        && matches!(
                            &*pws[0],
                            "months" | "weeks" | "days" | "half" | "quarter" | "quarters"
                        );
                    if possessive || part_of || (pw == "for" && closes) {
                        out.push(Candidate::new(
                            m0.start(),
                            m0.end(),
                            TimexType::Date,
                            shift(unit, 0, Anchor::Narrative),
                            "relative_unit",
                        ));
                    }
                }
                if rel == "the" && unit == Unit::Weekend {
                    out.push(Candidate::new(
                        m0.start(),
                        m0.end(),
                        TimexType::Date,
                        Expr::Directed {
                            base: Box::new(Expr::Shift {
                                unit: Unit::Weekend,
                                by: None,
                                anchor: Anchor::Publication,
                            }),
                            by: 0,
                        },
                        "relative_unit",
                    ));
                }
                continue;
            }
            _ => continue,
        };
        if unit == Unit::Day
            && matches!(
                &*rel,
                "this"
                    | "last"
                    | "next"
                    | "past"
                    | "coming"
                    | "current"
                    | "the current"
                    | "the coming"
            )
        {
            continue;
        }
        let mut start = m0.start();
        let mut modifier = None;
        if let Some(e) = &edge {
            modifier = Some(if e == "earlier" {
                Modifier::Start
            } else {
                Modifier::End
            });
            if kind != TimexType::Date {
                start = c.name("rel").map(|m| m.start()).unwrap_or(start);
                modifier = None;
            }
        }
        let mut cand = Candidate::new(start, m0.end(), kind, expr, "relative_unit");
        cand.modifier = modifier;
        out.push(cand);
    }
}

fn shift(unit: Unit, by: i32, anchor: Anchor) -> Expr {
    Expr::Shift {
        unit,
        by: Some(by),
        anchor,
    }
}

fn duration_of(n: f64, unit: Unit) -> Expr {
    Expr::Duration {
        amount: Amount::Number(n),
        unit,
    }
}

pattern!(
    AGO,
    gate G_AGO,
    r"(?i)\b(?P<num>{NUMBER})[- ](?P<unit>{UNIT})(?:\s+(?P<half>and\s+a\s+half))?(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|previously|afterwards?|from\s+now|hence|back)\b"
);
pattern!(
    VAGUE_AGO,
    gate G_VAGUE_AGO,
    r"(?i)\b(?:(?P<a>a|one)\s+)?(?P<w>generation|lifetime|long\s+time|while|(?:years|decades|centuries|months|weeks|days|ages|moments))\s+ago\b|\blong\s+ago\b"
);

fn ago_later(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in AGO.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some(unit) = group(&c, "unit").and_then(lexicon::unit) else {
            continue;
        };
        let Ok(n) = lexicon::number(group(&c, "num").unwrap_or("")) else {
            continue;
        };
        let dir = group(&c, "dir").unwrap_or("").to_ascii_lowercase();
        let (sign, anchor) = match dir.as_str() {
            "ago" | "back" => (-1, Anchor::Publication),
            "from now" | "hence" => (1, Anchor::Publication),
            d if d.starts_with("from") => (1, Anchor::Publication),
            "earlier" | "before" | "previously" => (-1, Anchor::Narrative),
            _ => (1, Anchor::Narrative),
        };
        // "two days before the vote": a preposition; the timex is the duration only
        if matches!(dir.as_str(), "before" | "after") {
            let rest = text[m0.end()..].trim_start();
            let clause_end =
                rest.is_empty() || rest.starts_with([',', '.', ';', ':', ')', '"', '”']);
            if !clause_end {
                continue;
            }
        }
        if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
            // "two hours later": a time we cannot place on the clock; keep as duration
            continue;
        }
        let by = n.map(|v| (v.round() as i32) * sign);
        let mut start = m0.start();
        // "a decade ago" -> unit Decade; amounts like "one" kept in extent
        if group(&c, "num").is_some_and(|s| s.eq_ignore_ascii_case("some")) {
            start = c.name("num").map(|m| m.start()).unwrap_or(start);
        }
        let mut cand = Candidate::new(
            start,
            m0.end(),
            TimexType::Date,
            Expr::Shift { unit, by, anchor },
            "ago_later",
        );
        if group(&c, "orso").is_some() {
            cand.modifier = Some(Modifier::Approx);
        }
        out.push(cand);
    }
    for c in VAGUE_AGO.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            Expr::Vague(Vague::Past),
            "ago_later",
        ));
    }
}

pattern!(
    DIRECTED_NAME,
    gate G_DIRECTED_NAME,
    r"\b(?P<rel>(?i:last|next|this|this\s+coming|this\s+past|coming|past|the\s+previous|the\s+following|the\s+next|the\s+preceding))\s+(?:(?P<wd>{WEEKDAY})|(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December))\b"
);

fn directed_name(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in DIRECTED_NAME.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let rel = group(&c, "rel").unwrap_or("").to_ascii_lowercase();
        let rel = rel.split_whitespace().collect::<Vec<_>>().join(" ");
        if rel.starts_with("the ") {
            let Some(wd) = group(&c, "wd").and_then(lexicon::weekday) else {
                continue;
            };
            let by = if rel == "the previous" || rel == "the preceding" {
                -1
            } else {
                1
            };
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Date,
                Expr::NarrativeWeekday { weekday: wd, by },
                "directed_name",
            ));
            continue;
        }
        let by = if rel.starts_with("last") || rel.contains("past") {
            -1
        } else if rel.starts_with("next") || rel.contains("coming") {
            1
        } else {
            0
        };
        let base = if let Some(wd) = group(&c, "wd").and_then(lexicon::weekday) {
            date(None, None, None, Some(wd))
        } else if let Some(m) = group(&c, "mon").and_then(lexicon::month) {
            date(None, Some(m), None, None)
        } else {
            continue;
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            Expr::Directed {
                base: Box::new(base),
                by,
            },
            "directed_name",
        ));
    }
}

pattern!(
    HOLIDAY,
    gate G_HOLIDAY,
    r"\b(?:(?P<rel>(?i:last|next|this|this\s+coming|this\s+past|the\s+day\s+after|the\s+day\s+before))\s+)?(?P<name>New\s+Year['’]?s(?:\s+Day|\s+Eve)|Martin\s+Luther\s+King(?:,?\s+Jr\.?)?\s+Day|(?:St\.\s+)?Valentine['’]?s\s+Day|Presidents['’]?\s+Day|Easter(?:\s+Sunday)?|Good\s+Friday|May\s+Day|Mother['’]?s\s+Day|Memorial\s+Day|Father['’]?s\s+Day|Independence\s+Day|(?:the\s+)?Fourth\s+of\s+July|Bastille\s+Day|Labou?r\s+Day|Halloween|Election\s+Day|Veterans['’]?\s+Day|Armistice\s+Day|Thanksgiving(?:\s+Day)?|Christmas(?:\s+Eve|\s+Day)?|Boxing\s+Day)\b(?:,?\s+(?P<y>\d{{4}})\b)?"
);

fn holiday(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in HOLIDAY.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let name = group(&c, "name").unwrap_or("");
        let norm: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let norm = norm.trim_start_matches("the ").trim_start_matches("The ");
        let norm = norm
            .strip_suffix(" Sunday")
            .filter(|_| norm.starts_with("Easter"))
            .unwrap_or(norm);
        let Some(day) = super::holiday::holiday(norm) else {
            continue;
        };
        // "Christmas tree", "Easter egg": the name used as an adjective
        let nw = next_word(text, m0.end()).to_ascii_lowercase();
        if matches!(
            nw.as_str(),
            "tree"
                | "trees"
                | "egg"
                | "eggs"
                | "card"
                | "cards"
                | "gift"
                | "gifts"
                | "shopping"
                | "party"
                | "parties"
                | "island"
                | "carol"
                | "carols"
                | "bonus"
                | "lights"
                | "dinner"
                | "season"
                | "holidays"
                | "holiday"
                | "weekend"
                | "week"
                | "rising"
                | "offensive"
        ) {
            continue;
        }
        let year = group(&c, "y").and_then(|y| y.parse().ok());
        let base = Expr::Holiday { day, year };
        let rel = group(&c, "rel").map(|r| {
            r.to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let expr = match rel.as_deref() {
            Some("last") | Some("this past") => Expr::Directed {
                base: Box::new(base),
                by: -1,
            },
            Some("next") | Some("this coming") => Expr::Directed {
                base: Box::new(base),
                by: 1,
            },
            _ => base,
        };
        let start = if rel.as_deref().is_some_and(|r| r.starts_with("the day")) {
            c.name("name").map(|m| m.start()).unwrap_or(m0.start())
        } else {
            m0.start()
        };
        out.push(Candidate::new(
            start,
            m0.end(),
            TimexType::Date,
            expr,
            "holiday",
        ));
    }
}

pattern!(
    WEEKDAY_RE,
    gate G_WEEKDAY_RE, r"\b(?P<wd>{WEEKDAY})(?P<plural>s)?\b");

fn weekday(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in WEEKDAY_RE.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let Some(wd) = group(&c, "wd").and_then(lexicon::weekday) else {
            continue;
        };
        let word = group(&c, "wd").unwrap_or("");
        let nw = next_word(text, m0.end());
        let pw = prev_word(text, m0.start());
        // Names: "Wednesday Addams", "Sunday Times", "Good Friday" (a holiday, handled elsewhere)
        let cue = matches!(
            &*pw,
            "on" | "by"
                | "until"
                | "till"
                | "since"
                | "before"
                | "after"
                | "from"
                | "through"
                | "last"
                | "next"
                | "this"
                | "every"
                | "each"
                | "late"
                | "early"
                | "and"
                | "or"
                | "said"
                | "to"
        );
        if starts_upper(nw) && !cue && lexicon::month(nw).is_none() && word.len() > 4 {
            let nwl = nw.to_ascii_lowercase();
            if !matches!(nwl.as_str(), "morning" | "afternoon" | "evening" | "night") {
                continue;
            }
        }
        if matches!(
            &*pw,
            "man"
                | "girl"
                | "good"
                | "black"
                | "cyber"
                | "super"
                | "ash"
                | "palm"
                | "easter"
                | "bloody"
        ) {
            continue;
        }
        if word.ends_with('.') && !cue {
            continue;
        }
        if group(&c, "plural").is_some() {
            // "on Mondays": every Monday
            let mut cand = Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Set,
                Expr::Set(format!("XXXX-WXX-{}", wd.number_from_monday())),
                "weekday",
            );
            cand.quant = None;
            out.push(cand);
            continue;
        }
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            date(None, None, None, Some(wd)),
            "weekday",
        ));
    }
}

pattern!(
    MONTH_ALONE,
    gate G_MONTH_ALONE,
    r"\b(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Sept|Oct|Nov|Dec|Jan|Feb|Aug)\.)"
);

fn month(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in MONTH_ALONE.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let word = group(&c, "mon").unwrap_or("");
        let Some(m) = lexicon::month(word) else {
            continue;
        };
        let pw = prev_word(text, m0.start());
        let nw = next_word(text, m0.end());
        // A month alone after a colon, ending its sentence, is the value of a
        // label: "Deadline for bids: June."
        let after = text[m0.end()..].trim_start_matches([' ', '\t']);
        let label_value = text[..m0.start()].trim_end().ends_with(':')
            && (after.is_empty() || after.starts_with(['.', ';', '\n']));
        let cue = DATE_CUES.contains(&&*pw) || label_value;
        // Names: "Theresa May", "April Ryan", "June Carter"
        let prev_cap = !at_sentence_start(text, m0.start()) && {
            let before = text[..m0.start()].trim_end();
            let last = before
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("");
            starts_upper(last) && !DATE_CUES.contains(&last.to_lowercase().as_str())
        };
        if prev_cap {
            continue;
        }
        let strong_cue = matches!(
            &*pw,
            "in" | "since"
                | "until"
                | "till"
                | "by"
                | "last"
                | "next"
                | "this"
                | "early"
                | "late"
                | "mid"
                | "mid-"
                | "during"
                | "before"
                | "after"
                | "through"
                | "from"
                | "between"
                | "of"
        );
        if starts_upper(nw) && !strong_cue && lexicon::month(nw).is_none() {
            continue;
        }
        // "May" and "March" are also a verb and a name: require a cue
        if (word == "May" || word == "March" || word == "August") && !cue {
            continue;
        }
        if !cue
            && at_sentence_start(text, m0.start())
            && !matches!(nw, "was" | "is" | "has" | "will" | "saw")
        {
            // "April showers", "June said": a month at sentence start without cue is unreliable
            continue;
        }
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            date(None, Some(m), None, None),
            "month",
        ));
    }
}

pattern!(
    YEAR,
    gate G_YEAR,
    r"\b(?P<fiscal>(?i:fiscal\s+year|fiscal|the\s+year|calendar\s+year|calendar|model\s+year)\s+)?(?P<y>1[0-9]{{3}}|20[0-9]{{2}})\b"
);

/// Words that, right after a number, show it counts things rather than naming a year.
const COUNT_NOUNS: &[&str] = &[
    "people",
    "persons",
    "men",
    "women",
    "children",
    "troops",
    "soldiers",
    "workers",
    "jobs",
    "employees",
    "students",
    "votes",
    "dollars",
    "euros",
    "pounds",
    "yen",
    "shares",
    "barrels",
    "tons",
    "tonnes",
    "miles",
    "kilometers",
    "kilometres",
    "km",
    "feet",
    "meters",
    "metres",
    "acres",
    "hectares",
    "homes",
    "houses",
    "cars",
    "vehicles",
    "units",
    "points",
    "percent",
    "cases",
    "deaths",
    "refugees",
    "civilians",
    "residents",
    "members",
    "delegates",
    "police",
    "officers",
    "rounds",
    "rockets",
    "missiles",
    "planes",
    "aircraft",
    "ships",
    "flights",
    "passengers",
    "calories",
    "words",
    "pages",
    "hours",
    "minutes",
    "seconds",
    "days",
    "weeks",
    "months",
    "years",
    "times",
    "more",
    "others",
    "of",
    "to",
    "million",
    "billion",
    "new",
    "other",
    "additional",
    "yards",
    "metric",
    "sq",
    "square",
    "rpm",
    "mph",
    "kg",
    "lb",
    "lbs",
    "households",
    "families",
    "patients",
    "beds",
    "schools",
    "copies",
    "items",
    "products",
    "companies",
    "firms",
    "stores",
    "branches",
    "seats",
    "tickets",
    "fans",
    "spectators",
];

fn year(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in YEAR.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let ym = c.name("y").expect("year group");
        let Ok(y) = ym.as_str().parse::<i32>() else {
            continue;
        };
        let before = &text[..ym.start()];
        let after = &text[ym.end()..];
        // money, numbers with separators, ranges of scores, model numbers
        let mid = before.len() >= 4
            && before.is_char_boundary(before.len() - 4)
            && before[before.len() - 4..].eq_ignore_ascii_case("mid-");
        if (!mid && before.ends_with(['$', '€', '£', '#', '-', '/', '.', ',', ':']))
            || before.ends_with("No. ")
            || after.starts_with(['%', '-', '/', ':'])
            || (after.starts_with(',') && after[1..].starts_with(|ch: char| ch.is_ascii_digit()))
            || (after.starts_with('.') && after[1..].starts_with(|ch: char| ch.is_ascii_digit()))
        {
            // "1998-99" season ranges still name a year; accept "-" followed by 2 digits
            if !(after.starts_with('-')
                && after[1..].len() >= 2
                && after.as_bytes()[1..3].iter().all(u8::is_ascii_digit)
                && !after[1..].starts_with('0')
                && (after.len() == 3 || !after[3..].starts_with(|ch: char| ch.is_ascii_digit())))
            {
                continue;
            }
        }
        let nw = ascii_lower(next_word(text, ym.end()));
        // "from 2015 to 2020" is a range of years; "from 1500 to 2000 people" a range of counts
        let year_range = (nw == "to" || nw == "and" || nw == "through") && {
            let rest = text[ym.end()..].trim_start()[nw.len()..].trim_start();
            let digits: String = rest.chars().take_while(|ch| ch.is_ascii_digit()).collect();
            let counted =
                COUNT_NOUNS.contains(&next_word(rest, digits.len()).to_ascii_lowercase().as_str());
            digits.len() == 4 && !counted
        };
        let pw = prev_word(text, ym.start());
        // "jumped from 100,000 in 1980 to 300,000": after "in", "since" or
        // "during", a year followed by "to" is a date, unless a count follows
        // ("in 1500 to 2000 cases")
        let dated_to = nw == "to" && matches!(&*pw, "in" | "since" | "during") && {
            let rest = text[ym.end()..].trim_start()[2..].trim_start();
            let digits = rest
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b',')
                .count();
            digits == 0
                || !COUNT_NOUNS.contains(&next_word(rest, digits).to_ascii_lowercase().as_str())
        };
        if COUNT_NOUNS.contains(&&*nw) && !year_range && !dated_to {
            continue;
        }
        let fiscal = group(&c, "fiscal").is_some();
        let possessive = matches!(
            &*pw,
            "his" | "her" | "its" | "their" | "our" | "both" | "due"
        ) || pw.ends_with("'s")
            || pw.ends_with("’s");
        // a year listed after another: "in 1994, 1995 and 1997"
        let listed = before
            .trim_end()
            .strip_suffix(',')
            .and_then(word_before)
            .is_some_and(|(w, _)| {
                w.len() == 4 && w.parse::<i32>().is_ok_and(|p| (1000..2100).contains(&p))
            });
        // "his unsuccessful 1996 campaign", "the company's disappointing 1989
        // results": a possessive, one adjective, the year, a noun
        let adjective_after_possessive = (1900..2100).contains(&y)
            && next_word(text, ym.end())
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_lowercase())
            && match prev_words(text, ym.start(), 2).as_slice() {
                [owner, adj] => {
                    (matches!(&**owner, "his" | "her" | "its" | "their" | "our")
                        || owner.ends_with("'s")
                        || owner.ends_with("’s"))
                        && adj.len() > 2
                        && adj.chars().all(|ch| ch.is_ascii_lowercase())
                        // an adjective by its ending, not a noun ("Orwell's novel 1984")
                        && [
                            "ful", "ing", "ed", "al", "ic", "ive", "ous", "less", "able", "ible",
                            "ant", "ent", "ary",
                        ]
                        .iter()
                        .any(|suffix| adj.ends_with(suffix))
                        // counts: "its estimated 2000 workers"
                        && !matches!(
                            &**adj,
                            "estimated"
                                | "remaining"
                                | "additional"
                                | "extra"
                                | "total"
                                | "other"
                                | "first"
                                | "last"
                                | "next"
                                | "nearly"
                                | "almost"
                                | "about"
                                | "some"
                                | "own"
                        )
                }
                _ => false,
            };
        let cue = fiscal
            || possessive
            || listed
            || adjective_after_possessive
            || DATE_CUES.contains(&&*pw)
            || matches!(&*pw, "in" | "since")
            || after.starts_with("'s")
            || after.starts_with("’s");
        let name_before = {
            let last = before
                .trim_end()
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("");
            starts_upper(last)
                && !DATE_CUES.contains(&last.to_lowercase().as_str())
                && !at_sentence_start(text, ym.start())
                && lexicon::month(last).is_none()
        };
        let determiner = matches!(&*pw, "a" | "an");
        if name_before && !cue && !determiner {
            // "Airbus A380", "Windows 2000", "Interstate 1995"
            continue;
        }
        if matches!(
            &*pw,
            "route"
                | "interstate"
                | "highway"
                | "flight"
                | "room"
                | "suite"
                | "no"
                | "number"
                | "resolution"
                | "section"
                | "article"
                | "chapter"
                | "page"
                | "model"
                | "version"
                | "windows"
                | "boeing"
                | "airbus"
                | "about"
                | "some"
                | "nearly"
                | "almost"
                | "over"
                | "than"
                | "only"
                | "just"
                | "exactly"
                | "approximately"
                | "roughly"
                | "least"
                | "most"
                | "all"
                | "those"
                | "these"
                | "another"
                | "additional"
                | "extra"
        ) && !fiscal
        {
            continue;
        }
        // A year needs a cue: a preposition or determiner before it ("in 1960",
        // "the 1996 bombing"), "'s" after it, or the start of a sentence.
        // "novel 1984", "flight 2012" have none.
        if !cue && !determiner && !at_sentence_start(text, m0.start()) {
            continue;
        }
        let start = if fiscal { m0.start() } else { ym.start() };
        let fiscal_text = group(&c, "fiscal")
            .map(|f| f.to_ascii_lowercase())
            .unwrap_or_default();
        // "the year 2000": keep the words; "fiscal 1990": keep "fiscal"
        let start = if fiscal_text.starts_with("calendar") {
            ym.start()
        } else {
            start
        };
        out.push(Candidate::new(
            start,
            ym.end(),
            TimexType::Date,
            date(Some(y), None, None, None),
            "year",
        ));
    }
}

pattern!(
    SPOKEN_YEAR,
    gate G_SPOKEN_YEAR,
    r"(?i)\b(?:(?P<theyear>the\s+year)\s+|(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:of\s+)?|(?P<season>(?:the\s+)?(?:spring|summer|fall|autumn|winter)\s+of)\s+)?(?:(?P<c>nineteen|eighteen)[- ](?P<y>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|oh[- ](?:one|two|three|four|five|six|seven|eight|nine))|two\s+thousand(?:\s+(?:and\s+)?(?P<u>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?)\b"
);

/// Years said in words, as broadcast transcripts write them: "nineteen
/// ninety-six", "the year two thousand", "January nineteen ninety-seven".
fn spoken_year(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in SPOKEN_YEAR.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let year = if let Some(cent) = group(&c, "c") {
            let base = if cent.eq_ignore_ascii_case("nineteen") {
                1900
            } else {
                1800
            };
            let y = group(&c, "y").unwrap_or("").to_ascii_lowercase();
            let rest = if let Some(u) = y.strip_prefix("oh") {
                lexicon::number(u.trim_start_matches(['-', ' ']))
                    .ok()
                    .flatten()
            } else {
                lexicon::number(&y).ok().flatten()
            };
            match rest {
                Some(r) => base + r as i32,
                None => continue,
            }
        } else {
            // "two thousand" is also a count: needs "the year", a month, or a preposition
            let pw = prev_word(text, m0.start());
            let cue = group(&c, "theyear").is_some()
                || group(&c, "mon").is_some()
                || group(&c, "season").is_some()
                || matches!(
                    &*pw,
                    "in" | "since" | "by" | "until" | "before" | "after" | "of"
                );
            let nw = next_word(text, m0.end()).to_ascii_lowercase();
            let counted = group(&c, "theyear").is_none()
                && (COUNT_NOUNS.contains(&nw.as_str())
                    || (nw.len() > 3
                        && nw.ends_with('s')
                        && !matches!(nw.as_str(), "was" | "has" | "is")));
            if !cue || counted {
                continue;
            }
            2000 + group(&c, "u")
                .and_then(|u| lexicon::number(u).ok().flatten())
                .unwrap_or(0.0) as i32
        };
        let expr = if let Some(m) = group(&c, "mon").and_then(lexicon::month) {
            if !starts_upper(group(&c, "mon").unwrap_or("")) {
                continue;
            }
            date(Some(year), Some(m), None, None)
        } else if let Some(season) = group(&c, "season") {
            let l = season.to_ascii_lowercase();
            let part = if l.contains("spring") {
                YearPart::Spring
            } else if l.contains("summer") {
                YearPart::Summer
            } else if l.contains("winter") {
                YearPart::Winter
            } else {
                YearPart::Fall
            };
            Expr::YearPart {
                year: Some(year),
                part,
                implicit: false,
            }
        } else {
            date(Some(year), None, None, None)
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            expr,
            "spoken_year",
        ));
    }
}

pattern!(
    BUSINESS_YEAR,
    gate G_BUSINESS_YEAR,
    r"(?i)\b(?:(?P<det>the|this|its)\s+(?P<kind>full|fiscal|current|current\s+fiscal|latest\s+fiscal|financial)\s+year|(?P<end>year-end|year['’]s\s+end|year\s+end))\b"
);
pattern!(
    YEAR_ENDED,
    gate G_YEAR_ENDED,
    r"(?i)\b(?P<p>the\s+(?:(?:fiscal|financial|full)\s+)?year)\s+(?:ended|ending)\b"
);

/// Business-news years: "the fiscal year", "the full year", "year-end".
/// A year named by its last day ("net income for the year ended Sept. 30",
/// "the fiscal year ending June 30") is a twelve-month period: a DURATION,
/// as TimeML annotates it (with the end date as its end point).
fn business_year(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in BUSINESS_YEAR.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let ended = matches!(
            next_word(text, m0.end()).to_ascii_lowercase().as_str(),
            "ended" | "ending"
        );
        if ended && !m0.as_str().to_ascii_lowercase().contains("current") {
            continue; // YEAR_ENDED below
        }
        let kind = group(&c, "kind").unwrap_or("").to_ascii_lowercase();
        // "the change since year-end": a year-end in the past, the last one
        let since_end =
            group(&c, "end").is_some() && prev_word(text, m0.start()).eq_ignore_ascii_case("since");
        let by = if kind.starts_with("latest") || since_end {
            -1
        } else {
            0
        };
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Date,
            shift(Unit::Year, by, Anchor::Publication),
            "business_year",
        );
        if group(&c, "end").is_some() {
            cand.modifier = Some(Modifier::End);
        }
        out.push(cand);
    }
    for c in YEAR_ENDED.captures_in(scan) {
        let m = c.name("p").expect("group");
        out.push(Candidate::new(
            m.start(),
            m.end(),
            TimexType::Duration,
            duration_of(1.0, Unit::Year),
            "business_year",
        ));
    }
}

// -------------------------------------------------------------- sets

pattern!(
    SET_EVERY,
    gate G_SET_EVERY,
    r"(?i)\b(?P<q>every|each)\s+(?:(?P<other>other)\s+|(?P<num>{NUMBER})\s+)?(?:(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december)|(?P<part>morning|afternoon|evening|night)|(?P<season>spring|summer|fall|autumn|winter)|(?P<unit>{UNIT}))\b"
);

fn set_every(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in SET_EVERY.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let q = group(&c, "q").unwrap_or("every").to_ascii_uppercase();
        let quant: &'static str = if q == "EACH" { "EACH" } else { "EVERY" };
        let mut n: u32 = if group(&c, "other").is_some() { 2 } else { 1 };
        if let Some(num) = group(&c, "num") {
            match lexicon::number(num) {
                Ok(Some(v)) if v >= 1.0 => n = v as u32,
                _ => continue,
            }
        }
        let value = if let Some(wd) = group(&c, "wd").and_then(lexicon::weekday) {
            format!("XXXX-WXX-{}", wd.number_from_monday())
        } else if let Some(m) = group(&c, "mon").and_then(lexicon::month) {
            format!("XXXX-{m:02}")
        } else if let Some(season) = group(&c, "season") {
            let code = match season.to_ascii_lowercase().as_str() {
                "spring" => "SP",
                "summer" => "SU",
                "winter" => "WI",
                _ => "FA",
            };
            format!("XXXX-{code}")
        } else if let Some(p) = group(&c, "part").and_then(lexicon::day_part) {
            format!("XXXX-XX-XXT{}", p.code())
        } else if let Some(u) = group(&c, "unit").and_then(lexicon::unit) {
            if u == Unit::Weekend && n == 1 {
                "XXXX-WXX-WE".to_string()
            } else if group(&c, "unit").is_some_and(|s| {
                s.eq_ignore_ascii_case("night") || s.eq_ignore_ascii_case("nights")
            }) {
                "XXXX-XX-XXTNI".to_string()
            } else {
                duration_value(n as f64, u)
            }
        } else {
            continue;
        };
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Set,
            Expr::Set(value),
            "set_every",
        );
        cand.quant = Some(quant);
        out.push(cand);
    }
}

pattern!(
    SET_ADVERB,
    gate G_SET_ADVERB,
    r"\b(?P<w>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|bimonthly|biannually|semiannually|twice-yearly|twice-weekly|twice-monthly|year-round|every\s+day)\b"
);

fn set_adverb(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in SET_ADVERB.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let w = group(&c, "w").unwrap_or("");
        let (value, freq) = match w {
            "daily" => ("P1D", None),
            "weekly" => ("P1W", None),
            "monthly" => ("P1M", None),
            "yearly" | "annually" => ("P1Y", None),
            "hourly" => ("PT1H", None),
            "nightly" => ("XXXX-XX-XXTNI", None),
            "biweekly" => ("P2W", None),
            "bimonthly" => ("P2M", None),
            "biannually" | "semiannually" | "twice-yearly" => ("P1Y", Some("2X")),
            "twice-weekly" => ("P1W", Some("2X")),
            "twice-monthly" => ("P1M", Some("2X")),
            _ => continue,
        };
        let nw = next_word(text, m0.end());
        // newspaper names: "the Daily Telegraph"
        if starts_upper(nw) && w == "daily" && !at_sentence_start(text, m0.start()) {
            continue;
        }
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Set,
            Expr::Set(value.to_string()),
            "set_adverb",
        );
        cand.freq = freq.map(str::to_string);
        out.push(cand);
    }
}

pattern!(
    SET_FREQ,
    gate G_SET_FREQ,
    r"(?i)\b(?P<f>once|twice|thrice|(?P<n>{NUMBER})\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{UNIT})\b|(?:\$|€|£)\s?\d[\d,.]*\s*(?:million|billion|thousand)?\s+(?P<per>a|per)\s+(?P<unit2>year|month|week|day|hour)\b"
);

fn set_frequency(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    for c in SET_FREQ.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        if let Some(u) = group(&c, "unit2").and_then(lexicon::unit) {
            let per = c.name("per").expect("per group");
            let cand = Candidate::new(
                per.start(),
                m0.end(),
                TimexType::Set,
                Expr::Set(duration_value(1.0, u)),
                "set_frequency",
            );
            out.push(cand);
            continue;
        }
        let Some(u) = group(&c, "unit").and_then(lexicon::unit) else {
            continue;
        };
        let f = group(&c, "f").unwrap_or("").to_ascii_lowercase();
        let times = match f.as_str() {
            "once" => 1,
            "twice" => 2,
            "thrice" => 3,
            _ => match lexicon::number(group(&c, "n").unwrap_or("")) {
                Ok(Some(v)) if v >= 1.0 => v as u32,
                _ => continue,
            },
        };
        let mut cand = Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Set,
            Expr::Set(duration_value(1.0, u)),
            "set_frequency",
        );
        cand.freq = Some(format!("{times}X"));
        out.push(cand);
    }
}

// ---------------------------------------------------------- durations

pattern!(
    DURATION,
    gate G_DURATION,
    r"(?i)\b(?P<num>{NUMBER})(?:[- ](?P<more>more|additional|straight|consecutive|full|long|trading|business|working))?[- ](?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?P<old>[- ]old)?\b"
);
pattern!(
    HALF_UNIT,
    gate G_HALF_UNIT,
    r"(?i)\b(?P<n>an?|one)\s+(?P<unit>hour|day|year|week|month|minute)\s+and\s+a\s+half\b|\bhalf\s+an?\s+(?P<unit2>hour|day|year|minute)\b"
);
pattern!(
    BARE_UNITS,
    gate G_BARE_UNITS,
    r"(?i)\b(?:(?P<recent>recent|coming|the\s+coming|the\s+past\s+few|the\s+last\s+few|the\s+next\s+few|the\s+past\s+several|the\s+last\s+several|the\s+next\s+several)\s+)?(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries|quarters)\b|\b(?P<lunit>year|month|week|day|hour|minute|decade|century)-long\b"
);

fn duration(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in DURATION.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        if group(&c, "old").is_some() {
            continue; // "a 60-year-old man": an age
        }
        let Some(unit_word) = group(&c, "unit") else {
            continue;
        };
        let Some(unit) = lexicon::unit(unit_word) else {
            continue;
        };
        let num_text = group(&c, "num").unwrap_or("");
        let Ok(n) = lexicon::number(num_text) else {
            continue;
        };
        let after = text[m0.end()..].trim_start();
        // Only the next few characters: lowercasing the whole rest of the text
        // for every match made long texts quadratic.
        let after_l = ascii_lower(head(after, 8));
        if after_l.starts_with("old") || after_l.starts_with("of age") {
            continue; // "60 years old"
        }
        let lower_num = ascii_lower(num_text);
        let pw = prev_word(text, m0.start());
        // "a day" after a frequency or money is a SET (handled elsewhere); "one day" = some day
        if (lower_num == "a" || lower_num == "an")
            && (pw == "once" || pw == "twice" || pw.ends_with("times") || pw == "per")
        {
            continue;
        }
        // "Islam will one day be...", "she may one day lead": some day to come
        if lower_num == "one"
            && unit_word.eq_ignore_ascii_case("day")
            && matches!(
                &*pw,
                "will" | "would" | "could" | "can" | "may" | "might" | "shall" | "should"
            )
        {
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Date,
                Expr::Vague(Vague::Future),
                "duration",
            ));
            continue;
        }
        if lower_num == "one"
            && unit == Unit::Day
            && !text[..m0.start()]
                .trim_end()
                .ends_with(|ch: char| ch.is_alphanumeric())
        {
            // "One day, he..." is vague
            let nw = next_word(text, m0.end()).to_ascii_lowercase();
            if nw != "later" && nw != "earlier" && nw != "before" && nw != "after" {
                continue;
            }
        }
        if lower_num == "some" || lower_num == "many" {
            // "some days" / "many years" are vague durations only with a plural unit
            if !unit_word.ends_with('s') {
                continue;
            }
        }
        // "the 1988 quarter", "a 2016 season": a year before a singular unit
        if num_text.len() == 4
            && num_text.bytes().all(|b| b.is_ascii_digit())
            && !unit_word.ends_with('s')
            && !text[m0.start()..m0.end()].contains('-')
        {
            continue;
        }
        // "four flights a week", "358,000 a month", "24 hours a day": a rate per
        // unit, not a stretch of time (money rates are SETs, in set_frequency)
        if matches!(&*lower_num, "a" | "an") && !unit_word.ends_with('s') {
            let before = prev_words(text, m0.start(), 2);
            let is_count = |w: &Cow<str>| {
                w.chars().any(|ch| ch.is_ascii_digit()) || matches!(lexicon::number(w), Ok(Some(_)))
            };
            let rate = match before.as_slice() {
                [.., last] if is_count(last) => true,
                [n, noun] => is_count(n) && noun.ends_with('s') && noun.len() > 3,
                _ => false,
            };
            if rate {
                continue;
            }
        }
        if lower_num == "a" && unit == Unit::Second {
            continue; // "a second" = another one
        }
        let fraction_form =
            text[m0.start()..m0.end()].contains('-') || matches!(&*lower_num, "a" | "an" | "one");
        if unit == Unit::Quarter
            && fraction_form
            && text[m0.end()..].trim_start().starts_with("of ")
        {
            continue; // "three-quarters of its food", "a quarter of voters": fractions
        }
        if (lower_num == "a" || lower_num == "one")
            && unit == Unit::Quarter
            && !unit_word.ends_with('s')
        {
            continue; // "a quarter of voters": a fraction
        }
        // "a minute amount", "a second opinion": the unit word used as an adjective
        if matches!(&*lower_num, "a" | "an")
            && !unit_word.ends_with('s')
            && !unit_word.contains('-')
        {
            let nw = next_word(text, m0.end());
            let function_word = nw.is_empty()
                || starts_upper(nw)
                || !nw.chars().all(|ch| ch.is_ascii_lowercase())
                || FOLLOWERS.contains(&nw);
            if !function_word {
                continue;
            }
        }
        // "the first day", "a second day": ordinal uses are not durations
        if (pw == "the" || pw == "a")
            && lower_num.parse::<f64>().is_err()
            && lexicon::ordinal(&lower_num).is_some()
        {
            continue;
        }
        // "a day-long meeting" is "day-long" (the bare-unit rule); "a
        // two-year-long war" keeps its number
        let long = text[m0.end()..].starts_with("-long");
        if long && matches!(&*lower_num, "a" | "an") {
            continue;
        }
        // "1-2 days": a range; keep the last number (approximate)
        let half = group(&c, "half").is_some();
        let amount = match n {
            Some(v) => Amount::Number(if half { v + 0.5 } else { v }),
            None => Amount::Vague,
        };
        let end = if long {
            m0.end() + "-long".len()
        } else {
            m0.end()
        };
        out.push(Candidate::new(
            m0.start(),
            end,
            TimexType::Duration,
            Expr::Duration { amount, unit },
            "duration",
        ));
    }
    for c in HALF_UNIT.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let (unit, amount) = if let Some(u) = group(&c, "unit").and_then(lexicon::unit) {
            (u, 1.5)
        } else if let Some(u) = group(&c, "unit2").and_then(lexicon::unit) {
            (u, 0.5)
        } else {
            continue;
        };
        out.push(Candidate::new(
            m0.start(),
            m0.end(),
            TimexType::Duration,
            Expr::Duration {
                amount: Amount::Number(amount),
                unit,
            },
            "duration",
        ));
    }
    for c in BARE_UNITS.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        // "a day-long meeting", "a decades-long feud": an adjective of duration
        if let Some(u) = group(&c, "lunit").and_then(lexicon::unit) {
            out.push(Candidate::new(
                m0.start(),
                m0.end(),
                TimexType::Duration,
                duration_of(1.0, u),
                "duration",
            ));
            continue;
        }
        let Some(unit) = group(&c, "unit").and_then(lexicon::unit) else {
            continue;
        };

        let rel = group(&c, "recent").map(|r| r.to_ascii_lowercase());
        let pw = prev_word(text, m0.start());
        let (kind, expr) = match rel.as_deref() {
            Some("recent") => (TimexType::Date, Expr::Vague(Vague::Past)),
            Some("coming") | Some("the coming") => (TimexType::Date, Expr::Vague(Vague::Future)),
            Some(_) => (
                TimexType::Duration,
                Expr::Duration {
                    amount: Amount::Vague,
                    unit,
                },
            ),
            // "quarters" alone is too often not a time ("cut in quarters")
            None if unit == Unit::Quarter => continue,
            None => {
                // "the weeks ahead": the next few weeks
                let after = &text[m0.end()..];
                let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
                if pw == "the" && next_word(text, m0.end()).eq_ignore_ascii_case("ahead") {
                    if let Some((_, rest)) = word_before(&text[..m0.start()]) {
                        out.push(Candidate::new(
                            rest.len(),
                            m0.end() + gap + "ahead".len(),
                            TimexType::Duration,
                            Expr::Duration {
                                amount: Amount::Vague,
                                unit,
                            },
                            "duration",
                        ));
                    }
                    continue;
                }
                // bare plural units: "for years", "in weeks", "over months"
                if !matches!(
                    &*pw,
                    "for"
                        | "in"
                        | "within"
                        | "over"
                        | "took"
                        | "take"
                        | "takes"
                        | "taking"
                        | "lasted"
                        | "last"
                        | "spent"
                        | "spend"
                ) {
                    continue;
                }
                let nw = next_word(text, m0.end()).to_ascii_lowercase();
                if matches!(nw.as_str(), "of" | "old" | "ago") {
                    continue;
                }
                (
                    TimexType::Duration,
                    Expr::Duration {
                        amount: Amount::Vague,
                        unit,
                    },
                )
            }
        };
        out.push(Candidate::new(m0.start(), m0.end(), kind, expr, "duration"));
    }
}

/// Words that may follow a duration such as "a week" (a preposition, a
/// conjunction, a verb of the clause); any other lowercase word right after
/// "a minute" makes the unit an adjective ("a minute amount").
const FOLLOWERS: &[&str] = &[
    "ago",
    "later",
    "earlier",
    "before",
    "after",
    "or",
    "and",
    "of",
    "in",
    "to",
    "for",
    "from",
    "when",
    "while",
    "as",
    "at",
    "on",
    "by",
    "with",
    "without",
    "since",
    "until",
    "till",
    "than",
    "that",
    "the",
    "this",
    "his",
    "her",
    "their",
    "its",
    "a",
    "an",
    "is",
    "was",
    "were",
    "are",
    "will",
    "would",
    "has",
    "had",
    "have",
    "long",
    "old",
    "earlier",
    "into",
    "so",
    "but",
    "then",
    "more",
    "less",
    "away",
    "off",
    "out",
    "ahead",
    "behind",
    "back",
    "apart",
    "per",
    "each",
    "every",
    "straight",
    "now",
    "instead",
    "too",
    "also",
    "just",
    "only",
    "under",
    "over",
    "beyond",
    "past",
    "through",
    "during",
    "within",
    "because",
    "if",
    "though",
    "although",
    "where",
    "which",
    "who",
    "he",
    "she",
    "they",
    "we",
    "it",
    "i",
    "you",
    "there",
    "here",
    "not",
    "afterward",
    "afterwards",
    "hence",
    "since",
    "left",
    "remaining",
    "elapsed",
    "passed",
];

/// The TIMEX3 duration value for `n` units ("P3Y", "PT90M", "PXW").
pub fn duration_value(n: f64, unit: Unit) -> String {
    let (code, time, mult) = unit.duration_code();
    let t = if time { "T" } else { "" };
    if unit == Unit::Weekend {
        return if n == 1.0 {
            "P1WE".into()
        } else {
            format!("P{}WE", fmt_num(n))
        };
    }
    // Fractions split into the whole unit and the rest in the next unit down,
    // as TimeML writes them: 1.5 years = P1Y6M, 0.5 hours = PT30M, 1.5 days = P1DT12H.
    if n.fract() != 0.0 && mult == 1 {
        let smaller = match unit {
            Unit::Year => Some(("M", false, 12.0)),
            Unit::Month => Some(("D", false, 30.0)),
            Unit::Week => Some(("D", false, 7.0)),
            Unit::Day => Some(("H", true, 24.0)),
            Unit::Hour => Some(("M", true, 60.0)),
            Unit::Minute => Some(("S", true, 60.0)),
            _ => None,
        };
        if let Some((c2, time2, f)) = smaller {
            let rest = n.fract() * f;
            if rest.fract() == 0.0 {
                let whole = n.trunc() as u64;
                let head = if whole > 0 {
                    format!("{whole}{code}")
                } else {
                    String::new()
                };
                let sep = if time2 && !time { "T" } else { "" };
                return format!("P{t}{head}{sep}{}{c2}", rest as u64);
            }
        }
    }
    format!("P{t}{}{code}", fmt_num(n * mult as f64))
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

// -------------------------------------------------------------- vague

pattern!(
    VAGUE,
    gate G_VAGUE,
    r"(?i)\b(?P<present>now|currently|nowadays|these\s+days|at\s+present|(?:to|until|till)\s+the\s+present\b|at\s+the\s+moment|presently|right\s+now)\b|\b(?P<past>(?:more\s+)?recently|lately|in\s+the\s+past|(?:in\s+)?the\s+(?:distant|recent|not-too-distant|not\s+too\s+distant|immediate)\s+past|once\s+upon\s+a\s+time|earlier\s+on|in\s+recent\s+times|the\s+old\s+days|in\s+former\s+times)\b|\b(?P<future>as\s+soon\s+as\s+possible|soon|(?:in\s+)?the\s+future|in\s+the\s+near\s+future|(?:in\s+|for\s+)?the\s+(?:foreseeable|distant|immediate|not-too-distant|not\s+too\s+distant)\s+future|(?:in\s+|over\s+|for\s+)?the\s+(?:near|short|medium|long)(?:er)?[-\s]term|in\s+the\s+long\s+run|shortly|in\s+the\s+coming\s+years|in\s+future|eventually|one\s+day|an?\s+(?:later|future)\s+date)\b"
);

fn vague(scan: &Scan, _: NumericDates, out: &mut Vec<Candidate>) {
    let text = scan.text;
    for c in VAGUE.captures_in(scan) {
        let m0 = c.get(0).expect("match");
        let w = ascii_lower(m0.as_str());
        let (v, mut start) = if c.name("present").is_some() {
            (Vague::Present, m0.start())
        } else if c.name("past").is_some() {
            (Vague::Past, m0.start())
        } else {
            (Vague::Future, m0.start())
        };
        let after = ascii_lower(head(text[m0.end()..].trim_start(), 12));
        // "now" as a discourse marker ("Now, ...") still counts in TimeML; but "now-defunct" no
        if w == "now" && text[m0.end()..].starts_with('-') {
            continue;
        }
        // "as soon as he arrives": a conjunction
        if w == "soon" && prev_word(text, m0.start()) == "as" {
            continue;
        }
        // "the future of the company" is still a future reference; "future" alone is an adjective
        // "shortly after midnight": a modifier, not a time of its own
        if (w == "shortly" || w == "soon")
            && (after.starts_with("after")
                || after.starts_with("before")
                || after.starts_with("thereafter"))
        {
            continue;
        }
        if w == "one day" || w == "eventually" || w == "in the long run" {
            continue;
        }
        // "the long-term savings", "the short-term outlook": a hyphenated
        // "-term" before a noun is an adjective, not a time of its own
        if w.ends_with("-term") {
            let next: String = after.chars().take_while(|ch| ch.is_alphabetic()).collect();
            const LINKS: &[&str] = &[
                "and", "or", "but", "as", "the", "a", "an", "is", "are", "was", "were", "will",
                "would", "to", "than", "if", "when", "because", "in", "for", "of", "at",
            ];
            if !next.is_empty() && !LINKS.contains(&next.as_str()) {
                continue;
            }
        }
        if w == "at present" || w == "at the moment" {
            continue;
        }
        // extents drop the leading preposition: "in the past" -> "the past"
        for prep in ["in ", "to ", "until ", "till ", "for ", "over "] {
            if w.starts_with(prep) {
                start += prep.len();
                break;
            }
        }
        let end = m0.end();
        out.push(Candidate::new(
            start,
            end,
            TimexType::Date,
            Expr::Vague(v),
            "vague",
        ));
    }
    // "the past", "the future" without "in": "the future of", skip; with "in" handled above
}

// ------------------------------------------------------------- passes

/// Prefixes that qualify a following expression, with the modifier they give.
/// A prefix is listed before any shorter prefix it ends with ("no more than"
/// before "more than"): the first that fits is taken.
const PREFIXES: &[(&str, Option<Modifier>, Kinds)] = &[
    ("no more than", Some(Modifier::EqualOrLess), Kinds::Amount),
    ("well over", Some(Modifier::MoreThan), Kinds::Amount),
    ("just over", Some(Modifier::MoreThan), Kinds::Amount),
    ("just under", Some(Modifier::LessThan), Kinds::Amount),
    ("more than", Some(Modifier::MoreThan), Kinds::Amount),
    ("over", Some(Modifier::MoreThan), Kinds::AgoOnly),
    // "for over two years", "to last over a week": see `over_is_more_than`
    ("over", Some(Modifier::MoreThan), Kinds::Amount),
    ("less than", Some(Modifier::LessThan), Kinds::Amount),
    ("fewer than", Some(Modifier::LessThan), Kinds::Amount),
    ("under", Some(Modifier::LessThan), Kinds::AgoOnly),
    ("at least", Some(Modifier::EqualOrMore), Kinds::Amount),
    ("at most", Some(Modifier::EqualOrLess), Kinds::Amount),
    ("up to", Some(Modifier::EqualOrLess), Kinds::Amount),
    ("nearly", Some(Modifier::LessThan), Kinds::Amount),
    ("almost", Some(Modifier::LessThan), Kinds::Amount),
    ("about", Some(Modifier::Approx), Kinds::AmountOrTime),
    ("around", Some(Modifier::Approx), Kinds::AmountOrTime),
    // "to be completed around Nov. 1" (not "get around Wednesday's ruling")
    ("around", Some(Modifier::Approx), Kinds::CalendarDay),
    ("approximately", Some(Modifier::Approx), Kinds::AmountOrTime),
    ("roughly", Some(Modifier::Approx), Kinds::Amount),
    ("some", Some(Modifier::Approx), Kinds::Amount),
    ("the past", None, Kinds::Duration),
    ("the last", None, Kinds::Duration),
    ("the next", None, Kinds::Duration),
    ("the first", None, Kinds::Duration),
    ("the final", None, Kinds::Duration),
    ("the coming", None, Kinds::Duration),
    ("the previous", None, Kinds::Duration),
    // the stretch a report compares: "in the latest nine months", "net for
    // the year-earlier nine months"
    ("the latest", None, Kinds::Duration),
    ("the year-earlier", None, Kinds::Duration),
    ("the year-ago", None, Kinds::Duration),
    ("the", None, Kinds::Duration),
    ("past", None, Kinds::Duration),
    ("early", Some(Modifier::Start), Kinds::Period),
    // "this coming Sunday, March 8": the date is written out, the words before
    // it belong to it
    ("this coming", None, Kinds::NamedDate),
    ("this past", None, Kinds::NamedDate),
    ("earlier", Some(Modifier::Start), Kinds::Day),
    ("later", Some(Modifier::End), Kinds::Day),
    ("late", Some(Modifier::End), Kinds::Day),
    ("early", Some(Modifier::Start), Kinds::Day),
    ("earlier", Some(Modifier::Start), Kinds::PartOfDay),
    ("later", Some(Modifier::End), Kinds::PartOfDay),
    ("mid", Some(Modifier::Mid), Kinds::PartOfDay),
    ("late", Some(Modifier::End), Kinds::PartOfDay),
    ("early", Some(Modifier::Start), Kinds::PartOfDay),
    ("late", Some(Modifier::End), Kinds::Period),
    ("mid", Some(Modifier::Mid), Kinds::Period),
    ("the end of", Some(Modifier::End), Kinds::Period),
    ("the beginning of", Some(Modifier::Start), Kinds::Period),
    ("the start of", Some(Modifier::Start), Kinds::Period),
    ("the middle of", Some(Modifier::Mid), Kinds::Period),
    ("the turn of", Some(Modifier::Start), Kinds::Period),
    ("the close of", Some(Modifier::End), Kinds::Period),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kinds {
    /// Durations and "N units ago".
    Amount,
    /// Only "N units ago" (where "over" is not a preposition).
    AgoOnly,
    /// Amounts and clock times.
    AmountOrTime,
    /// Durations only (extent words, no modifier).
    Duration,
    /// Parts of days ("last night").
    PartOfDay,
    /// Single days: "yesterday", "Sunday" ("later yesterday", "early Sunday").
    Day,
    /// A weekday with its date: "Sunday, March 8".
    NamedDate,
    /// A day of a month, not in the possessive: "Nov. 1", "May 9, 2017".
    CalendarDay,
    /// Months, years, seasons, decades, weeks: things with a start and end.
    Period,
}

impl Kinds {
    /// Every kind, in declaration order (`kind as usize` is its index).
    const ALL: [Kinds; 9] = [
        Kinds::Amount,
        Kinds::AgoOnly,
        Kinds::AmountOrTime,
        Kinds::Duration,
        Kinds::PartOfDay,
        Kinds::Day,
        Kinds::NamedDate,
        Kinds::CalendarDay,
        Kinds::Period,
    ];

    /// A bit for each kind `c` fits, by index: [`fits`] for all of them at
    /// once, so that the prefixes of a candidate ask about its kinds nine
    /// times, not once per prefix.
    fn of(c: &Candidate) -> u16 {
        Kinds::ALL
            .iter()
            .enumerate()
            .fold(0, |m, (i, k)| m | u16::from(fits(*k, c)) << i)
    }
}

fn fits(kind: Kinds, c: &Candidate) -> bool {
    let is_ago =
        matches!(c.expr, Expr::Shift { by: Some(b), .. } if b != 0 && c.rule == "ago_later");
    match kind {
        Kinds::Amount => c.kind == TimexType::Duration || is_ago,
        Kinds::AgoOnly => is_ago,
        Kinds::AmountOrTime => c.kind == TimexType::Duration || is_ago || c.kind == TimexType::Time,
        Kinds::Duration => {
            c.kind == TimexType::Duration
                && c.rule == "duration"
                && matches!(c.expr, Expr::Duration { .. })
        }
        Kinds::Day => {
            c.modifier.is_none()
                && c.kind == TimexType::Date
                && is_day_expr(&c.expr)
                && !matches!(c.expr, Expr::Date { day: Some(_), .. })
        }
        Kinds::CalendarDay => {
            c.modifier.is_none()
                && !c.possessive
                && c.kind == TimexType::Date
                && matches!(
                    c.expr,
                    Expr::Date {
                        month: Some(_),
                        day: Some(_),
                        ..
                    }
                )
        }
        Kinds::NamedDate => {
            c.modifier.is_none()
                && c.kind == TimexType::Date
                && matches!(
                    c.expr,
                    Expr::Date {
                        weekday: Some(_),
                        day: Some(_),
                        ..
                    }
                )
        }
        Kinds::PartOfDay => {
            matches!(
                c.expr,
                Expr::WithTime {
                    clock: Clock::Part(_),
                    ..
                }
            ) && c.modifier.is_none()
        }
        Kinds::Period => match &c.expr {
            Expr::Date { day: None, .. } => c.kind == TimexType::Date,
            Expr::YearPart { .. } | Expr::Decade(_) | Expr::Century(_) => true,
            Expr::Shift {
                unit,
                by: Some(0) | Some(-1) | Some(1),
                anchor: Anchor::Publication,
            } => c.rule == "relative_unit" && *unit <= Unit::Week,
            Expr::Directed { .. } => true,
            _ => false,
        },
    }
}

/// Suffixes that qualify a preceding expression: "a week or so ago" is
/// handled by its rule; these follow a finished expression.
const SUFFIXES: &[(&str, Modifier)] = &[
    (" or later", Modifier::OnOrAfter),
    (" or after", Modifier::OnOrAfter),
    (" and beyond", Modifier::OnOrAfter),
    (" and later", Modifier::OnOrAfter),
    (" onward", Modifier::OnOrAfter),
    (" onwards", Modifier::OnOrAfter),
    (" or earlier", Modifier::OnOrBefore),
    (" or before", Modifier::OnOrBefore),
    (" or so", Modifier::Approx),
];

/// Whether "and later" is followed by a lowercase word: the verb it qualifies
/// ("joined in October 1984 and later served as") or the noun it describes
/// ("in 1990 and later years"), not the end of a phrase ("models from 1990
/// and later", "1990 and later, ...").
fn later_is_adverb(rest: &str) -> bool {
    rest.trim_start_matches(' ')
        .starts_with(|ch: char| ch.is_ascii_lowercase())
}

/// Whether "over" at `at`, before a duration, means "more than": after "for"
/// or a verb of lasting ("for over two years", "to last over a week"), not
/// as a preposition itself ("spread over three years", "over the weekend").
fn over_is_more_than(text: &str, at: usize) -> bool {
    matches!(
        &*prev_word(text, at),
        "for" | "last" | "lasts" | "lasted" | "lasting" | "take" | "takes" | "took" | "taking"
    )
}

/// For each ASCII byte, bit `i` set when `PREFIXES[i]` ends with it
/// (prefixes are lowercase ASCII; a test checks).
static PREFIXES_BY_LAST: LazyLock<[u64; 128]> = LazyLock::new(|| {
    let mut t = [0u64; 128];
    for (i, (prefix, _, _)) in PREFIXES.iter().enumerate() {
        if let Some(slot) = prefix
            .bytes()
            .last()
            .and_then(|b| t.get_mut(usize::from(b)))
        {
            *slot |= 1 << i;
        }
    }
    t
});

fn extend_modifiers(text: &str, cands: &mut [Candidate]) {
    for c in cands.iter_mut() {
        let after = &text[c.span.end..];
        // every suffix starts with a space
        if !after.starts_with(' ') {
            continue;
        }
        for (suffix, modifier) in SUFFIXES {
            let fits_kind = if *suffix == " or so" {
                c.kind == TimexType::Duration
            } else {
                matches!(
                    c.expr,
                    Expr::Date { day: None, .. } | Expr::Date { year: Some(_), .. }
                )
            };
            if fits_kind
                && after.len() >= suffix.len()
                && after.is_char_boundary(suffix.len())
                && after[..suffix.len()].eq_ignore_ascii_case(suffix)
                && !after[suffix.len()..].starts_with(|ch: char| ch.is_alphanumeric())
                && !(*suffix == " and later" && later_is_adverb(&after[suffix.len()..]))
            {
                c.span.end += suffix.len();
                c.modifier = Some(*modifier);
                break;
            }
        }
    }
    for c in cands.iter_mut() {
        let mut changed = true;
        let mut rounds = 0;
        while changed && rounds < 3 {
            changed = false;
            rounds += 1;
            let before = &text[..c.span.start];
            // Only a prefix ending with the byte before the space or hyphen
            // ending `before` can match (the test below compares its last
            // byte too): most candidates try none or a few.
            let mut ending = match before.as_bytes() {
                [.., b, b' ' | b'-'] => PREFIXES_BY_LAST
                    .get(usize::from(b.to_ascii_lowercase()))
                    .copied()
                    .unwrap_or(0),
                _ => 0,
            };
            if ending == 0 {
                break;
            }
            let fitting = Kinds::of(c);
            while ending != 0 {
                let index = ending.trailing_zeros() as usize;
                ending &= ending - 1;
                let Some((prefix, modifier, kinds)) = PREFIXES.get(index) else {
                    break;
                };
                if fitting & 1 << (*kinds as usize) == 0 {
                    continue;
                }
                // the text before must end with the prefix plus a space or hyphen
                // (mid-2016, late-November)
                let trimmed = before.strip_suffix(' ').or_else(|| {
                    if *prefix == "mid"
                        || (*kinds == Kinds::Period && matches!(*prefix, "early" | "late"))
                    {
                        before.strip_suffix('-')
                    } else {
                        None
                    }
                });
                let Some(trimmed) = trimmed else { continue };
                if trimmed.len() < prefix.len() {
                    continue;
                }
                let cut = trimmed.len() - prefix.len();
                if !trimmed.is_char_boundary(cut) || !trimmed[cut..].eq_ignore_ascii_case(prefix) {
                    continue;
                }
                // word boundary before the prefix
                if cut > 0 && trimmed[..cut].ends_with(|ch: char| ch.is_alphanumeric()) {
                    continue;
                }
                if *prefix == "over" && *kinds == Kinds::Amount && !over_is_more_than(text, cut) {
                    continue;
                }
                // "the" before an amount: only "the" + number ("the two years"), not "the first"
                let adjectival = text[c.span.start..c.span.end].contains('-');
                if adjectival && prefix.starts_with("the") {
                    continue;
                }
                if *prefix == "the" || *prefix == "past" {
                    let first = text[c.span.start..]
                        .split([' ', '-'])
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if matches!(first.as_str(), "a" | "an" | "one") {
                        continue;
                    }
                }
                if *kinds == Kinds::Period
                    && (prefix.starts_with("early")
                        || prefix.starts_with("late")
                        || prefix.starts_with("mid"))
                    && c.modifier.is_some()
                {
                    continue;
                }
                c.span.start = cut;
                if modifier.is_some() {
                    c.modifier = *modifier;
                }
                changed = true;
                break;
            }
        }
    }
}

/// Keeps the longest non-overlapping candidates; ties go to the earlier rule.
fn select(cands: Vec<Candidate>) -> Vec<Candidate> {
    let rank = |r: &str| {
        RULES
            .iter()
            .position(|(n, _)| *n == r)
            .unwrap_or(usize::MAX)
    };
    // Longest first, then by rule priority, then by position, then in the
    // order found (as a stable sort would): each rank looked up once per
    // candidate, and the keys sorted with the candidates' indices, so that
    // the candidates themselves (large) are not moved until the kept ones
    // are taken out.
    let mut order: Vec<(std::cmp::Reverse<usize>, usize, usize, usize)> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                std::cmp::Reverse(c.span.len()),
                rank(c.rule),
                c.span.start,
                i,
            )
        })
        .collect();
    order.sort_unstable();
    // Kept spans never overlap, so, keyed by start, only the nearest kept span
    // starting before `c` and the first one starting inside it can collide:
    // O(n log n) over the candidates.
    let mut kept: std::collections::BTreeMap<usize, (Span, usize)> =
        std::collections::BTreeMap::new();
    for &(.., i) in &order {
        let Some(span) = cands.get(i).map(|c| c.span) else {
            continue;
        };
        if span.is_empty() {
            continue;
        }
        let before = kept.range(..=span.start).next_back().map(|(_, k)| k.0);
        let inside = kept.range(span.start..span.end).next().map(|(_, k)| k.0);
        let clash = before.is_some_and(|k| k.overlaps(&span)) || inside.is_some();
        if !clash {
            kept.insert(span.start, (span, i));
        }
    }
    let mut slots: Vec<Option<Candidate>> = cands.into_iter().map(Some).collect();
    kept.into_values()
        .filter_map(|(_, i)| slots.get_mut(i).and_then(Option::take))
        .collect()
}

fn is_day_expr(e: &Expr) -> bool {
    match e {
        Expr::Date { day: Some(_), .. } => true,
        Expr::Date {
            weekday: Some(_),
            month: None,
            ..
        } => true,
        Expr::Shift {
            unit: Unit::Day, ..
        } => true,
        Expr::Directed { base, .. } => matches!(
            **base,
            Expr::Date {
                weekday: Some(_),
                ..
            }
        ),
        _ => false,
    }
}

fn merge_time_and_day(text: &str, cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(prev) = out.last_mut() {
            let gap = &text[prev.span.end..c.span.start];
            let joinable = gap.chars().all(|ch| ch == ' ' || ch == ',') && gap.len() <= 2;
            // "noon on Friday": two expressions, but the time is on that day.
            // Only days that do not count from the narrative, which the time
            // itself moves.
            let on_gap = matches!(gap.trim(), "on" | "on the" | "," | "of");
            let self_anchored = !matches!(
                c.expr,
                Expr::Shift {
                    anchor: Anchor::Narrative,
                    ..
                }
            );
            if on_gap && !joinable && self_anchored && is_day_expr(&c.expr) {
                if let Expr::WithTime {
                    date: None,
                    clock: clock @ Clock::At { .. },
                } = &prev.expr
                {
                    prev.expr = Expr::WithTime {
                        date: Some(Box::new(c.expr.clone())),
                        clock: *clock,
                    };
                }
            }
            // "4:30 a.m. the next morning": a clock time on the day of a part of a day
            if joinable {
                if let (
                    Expr::WithTime {
                        date: None,
                        clock: clock @ Clock::At { .. },
                    },
                    Expr::WithTime {
                        date: Some(d),
                        clock: Clock::Part(_),
                    },
                ) = (&prev.expr, &c.expr)
                {
                    prev.expr = Expr::WithTime {
                        date: Some(d.clone()),
                        clock: *clock,
                    };
                    prev.span.end = c.span.end;
                    prev.rule = "time_day";
                    continue;
                }
            }
            if joinable {
                // time then day: "10:30 a.m. Wednesday", "midnight Friday", "mid-afternoon yesterday"
                if let (Expr::WithTime { date: None, .. }, true) =
                    (&prev.expr, is_day_expr(&c.expr))
                {
                    if let Expr::WithTime { clock, .. } = prev.expr.clone() {
                        prev.expr = Expr::WithTime {
                            date: Some(Box::new(c.expr.clone())),
                            clock,
                        };
                        prev.span.end = c.span.end;
                        prev.rule = "time_day";
                        continue;
                    }
                }
                // day then time: "Wednesday 10:30 a.m." (no comma: "Friday, 6 p.m." too)
                if let (
                    true,
                    Expr::WithTime {
                        date: None,
                        clock: clock @ Clock::At { .. },
                    },
                ) = (is_day_expr(&prev.expr), &c.expr)
                {
                    let clock = *clock;
                    prev.expr = Expr::WithTime {
                        date: Some(Box::new(prev.expr.clone())),
                        clock,
                    };
                    prev.kind = TimexType::Time;
                    prev.span.end = c.span.end;
                    prev.rule = "day_time";
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_ended_on_a_day_is_the_calendar_quarter_holding_most_of_it() {
        let q = |t: &str| quarter_ended(t, 0);
        assert_eq!(q(" ended Sept. 30, net rose"), Some((3, None)));
        assert_eq!(q(" ended July 31, 1989"), Some((2, Some(1989))));
        assert_eq!(q(" ending Jan. 2, 2021"), Some((4, Some(2020))));
        assert_eq!(q(" ended December 31"), Some((4, None)));
        // not a month, not a day, an impossible day, a lone verb
        assert_eq!(q(" ended marked 3"), None);
        assert_eq!(q(" ended Sept. 300"), None);
        assert_eq!(q(" ended Feb. 30"), None);
        assert_eq!(q(" ended"), None);
        assert_eq!(q(" ended Mayday"), None);
    }

    #[test]
    fn kinds_are_listed_in_order() {
        for (i, k) in Kinds::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i, "{k:?}");
        }
        // `Kinds::of` answers as `fits` for every kind, on the candidates
        // of a text with amounts, days, times and periods
        let text = "the past three years, early Sunday, late last night, about 3 p.m., \
                    over two weeks ago, mid-2016, Sunday, March 8, the first quarter, \
                    Nov. 1's, no more than five days, later yesterday, the 1990s";
        let mut cands = Vec::new();
        let scan = Scan::new(text, &TRIGGERS);
        for (_, rule) in RULES {
            rule(&scan, NumericDates::MonthFirst, &mut cands);
        }
        assert!(cands.len() > 10);
        for c in &cands {
            let bits = Kinds::of(c);
            for k in Kinds::ALL {
                assert_eq!(bits & 1 << (k as usize) != 0, fits(k, c), "{k:?} {c:?}");
            }
        }
    }

    #[test]
    fn borrowing_lowercase_helpers_match_the_copying_ones() {
        for s in [
            "",
            "the",
            "The",
            "the  next",
            " the next",
            "the next ",
            "the\tnext",
            "THE\u{a0}Next",
            "Ünter",
            "über",
            "mid-",
            "O'Neil's",
            "Ⅳ",
            "ǅ",
            "a.",
        ] {
            assert_eq!(ascii_lower(s), s.to_ascii_lowercase(), "{s:?}");
            let words = s
                .to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(ascii_lower_words(s), words, "{s:?}");
            assert_eq!(lowercase(s), s.to_lowercase(), "{s:?}");
        }
        let t = "Since  Early\tMay. in the";
        for pos in 0..=t.len() {
            assert_eq!(prev_word(t, pos).into_owned(), {
                let w = prev_words(t, pos, 1);
                w.last().map(|w| w.to_string()).unwrap_or_default()
            });
        }
        assert_eq!(prev_words(t, t.len(), 2), ["in", "the"]);
        for (w, yes) in [
            ("Nov", true),
            ("Novem", true),
            ("Novemb", false),
            ("November", true),
            ("NOVEMBER", true),
            ("Novembers", false),
            ("No", false),
            ("", false),
            ("Thurs", true),
            ("Maybe", false),
            ("Mär", false),
        ] {
            assert_eq!(is_calendar_name(w), yes, "{w:?}");
        }
        assert_eq!(prev_words(t, 16, 3), ["since", "early", "may"]);
    }

    fn texts(t: &str) -> Vec<(String, TimexType)> {
        recognise(t, NumericDates::MonthFirst)
            .into_iter()
            .map(|c| (t[c.span.start..c.span.end].to_string(), c.kind))
            .collect()
    }

    /// Every recognition pattern.
    fn all_patterns() -> Vec<&'static Pattern> {
        vec![
            &ISO,
            &NUMERIC_SLASH,
            &NUMERIC_DOT,
            &MONTH_DAY,
            &DAY_MONTH,
            &MONTH_YEAR,
            &QUARTER,
            &THE_QUARTER,
            &PERIOD_YEAR_AGO,
            &SEASON,
            &DECADE,
            &DECADE_WORD,
            &CENTURY,
            &CLOCK_AMPM,
            &CLOCK_IN_THE,
            &CLOCK_HM,
            &CLOCK_MIL,
            &CLOCK_WORD,
            &DAY_PART,
            &WEEKDAY_PART,
            &DEICTIC,
            &RELATIVE_UNIT,
            &AGO,
            &VAGUE_AGO,
            &DIRECTED_NAME,
            &HOLIDAY,
            &WEEK_OF,
            &WEEKDAY_RE,
            &MONTH_ALONE,
            &YEAR,
            &SPOKEN_YEAR,
            &BUSINESS_YEAR,
            &YEAR_ENDED,
            &YEAR_PERIOD,
            &SET_EVERY,
            &SET_ADVERB,
            &SET_FREQ,
            &DURATION,
            &HALF_UNIT,
            &BARE_UNITS,
            &VAGUE,
            &AROUND_EVENT,
        ]
    }

    /// Texts to compare pattern searches on: the phrase corpus and the
    /// fixture articles (lines and whole files), and the TBAQ texts when
    /// `../shared` is there.
    fn sample_texts() -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut texts: Vec<String> = Vec::new();
        for dir in ["tests/corpus/en", "fixtures", "fixtures/check"] {
            let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.extend(t.lines().map(str::to_string));
                    texts.push(t);
                }
            }
        }
        let shared = format!("{root}/../shared/corpora/tbaq-cleaned");
        for part in ["TimeBank", "AQUAINT"] {
            let Ok(entries) = std::fs::read_dir(format!("{shared}/{part}")) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        texts
    }

    /// Every match of `p` in `text`, with the spans of all its groups.
    fn spans<'t>(it: impl Iterator<Item = Captures<'t>>) -> Vec<Vec<Option<(usize, usize)>>> {
        it.map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    /// Gated patterns search only around their trigger words; they must find
    /// exactly what a search of the whole text finds, groups included.
    fn assert_gates_hold(text: &str) {
        let scan = Scan::new(text, &TRIGGERS);
        for p in all_patterns() {
            assert_eq!(
                spans(p.captures_in(&scan)),
                spans(p.captures_iter(text)),
                "{} on {text:?}",
                p.as_str()
            );
        }
    }

    /// `extend_modifiers` as first written: every prefix tried.
    fn extend_modifiers_reference(text: &str, cands: &mut [Candidate]) {
        for c in cands.iter_mut() {
            let after = &text[c.span.end..];
            for (suffix, modifier) in SUFFIXES {
                let fits_kind = if *suffix == " or so" {
                    c.kind == TimexType::Duration
                } else {
                    matches!(
                        c.expr,
                        Expr::Date { day: None, .. } | Expr::Date { year: Some(_), .. }
                    )
                };
                if fits_kind
                    && after.len() >= suffix.len()
                    && after.is_char_boundary(suffix.len())
                    && after[..suffix.len()].eq_ignore_ascii_case(suffix)
                    && !after[suffix.len()..].starts_with(|ch: char| ch.is_alphanumeric())
                    && !(*suffix == " and later" && later_is_adverb(&after[suffix.len()..]))
                {
                    c.span.end += suffix.len();
                    c.modifier = Some(*modifier);
                    break;
                }
            }
        }
        for c in cands.iter_mut() {
            let mut changed = true;
            let mut rounds = 0;
            while changed && rounds < 3 {
                changed = false;
                rounds += 1;
                let before = &text[..c.span.start];
                let fitting = Kinds::of(c);
                for (prefix, modifier, kinds) in PREFIXES {
                    if fitting & 1 << (*kinds as usize) == 0 {
                        continue;
                    }
                    // the text before must end with the prefix plus a space or hyphen
                    // (mid-2016, late-November)
                    let trimmed = before.strip_suffix(' ').or_else(|| {
                        if *prefix == "mid"
                            || (*kinds == Kinds::Period && matches!(*prefix, "early" | "late"))
                        {
                            before.strip_suffix('-')
                        } else {
                            None
                        }
                    });
                    let Some(trimmed) = trimmed else { continue };
                    if trimmed.len() < prefix.len() {
                        continue;
                    }
                    let cut = trimmed.len() - prefix.len();
                    if !trimmed.is_char_boundary(cut)
                        || !trimmed[cut..].eq_ignore_ascii_case(prefix)
                    {
                        continue;
                    }
                    // word boundary before the prefix
                    if cut > 0 && trimmed[..cut].ends_with(|ch: char| ch.is_alphanumeric()) {
                        continue;
                    }
                    if *prefix == "over" && *kinds == Kinds::Amount && !over_is_more_than(text, cut)
                    {
                        continue;
                    }
                    // "the" before an amount: only "the" + number ("the two years"), not "the first"
                    let adjectival = text[c.span.start..c.span.end].contains('-');
                    if adjectival && prefix.starts_with("the") {
                        continue;
                    }
                    if *prefix == "the" || *prefix == "past" {
                        let first = text[c.span.start..]
                            .split([' ', '-'])
                            .next()
                            .unwrap_or("")
                            .to_ascii_lowercase();
                        if matches!(first.as_str(), "a" | "an" | "one") {
                            continue;
                        }
                    }
                    if *kinds == Kinds::Period
                        && (prefix.starts_with("early")
                            || prefix.starts_with("late")
                            || prefix.starts_with("mid"))
                        && c.modifier.is_some()
                    {
                        continue;
                    }
                    c.span.start = cut;
                    if modifier.is_some() {
                        c.modifier = *modifier;
                    }
                    changed = true;
                    break;
                }
            }
        }
    }

    /// Modifiers are read as the first version read them (every prefix
    /// tried) on the candidates of the sample texts; prefixes are lowercase
    /// ASCII, as the table by last byte needs.
    #[test]
    fn modifiers_are_the_first_versions() {
        assert!(PREFIXES.len() <= 64);
        assert!(SUFFIXES.iter().all(|(s, _)| s.starts_with(' ')));
        for (p, _, _) in PREFIXES {
            assert!(
                !p.is_empty() && p.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()),
                "{p}"
            );
        }
        let mut texts = sample_texts();
        texts.push(
            "for over two years, mid-2016, late-November, the past three years, \
            Early  last week, the end of this month, MORE THAN a decade, just over 10 days"
                .to_string(),
        );
        let mut extended = 0;
        for t in &texts {
            let scan = Scan::new(t, &TRIGGERS);
            let mut all = Vec::new();
            for (_, rule) in RULES {
                rule(&scan, NumericDates::MonthFirst, &mut all);
            }
            let found = all.clone();
            let mut want = all.clone();
            extend_modifiers(t, &mut all);
            extend_modifiers_reference(t, &mut want);
            extended += all
                .iter()
                .zip(&found)
                .filter(|(a, b)| a.span != b.span)
                .count();
            assert_eq!(all, want, "{t:?}");
        }
        assert!(extended > 100, "{extended} candidates extended");
    }

    /// `select` as first written: the candidates themselves sorted (stably)
    /// and kept in the map.
    fn select_reference(mut cands: Vec<Candidate>) -> Vec<Candidate> {
        let rank = |r: &str| {
            RULES
                .iter()
                .position(|(n, _)| *n == r)
                .unwrap_or(usize::MAX)
        };
        cands.sort_by_cached_key(|c| (std::cmp::Reverse(c.span.len()), rank(c.rule), c.span.start));
        let mut kept: std::collections::BTreeMap<usize, Candidate> =
            std::collections::BTreeMap::new();
        for c in cands {
            if c.span.is_empty() {
                continue;
            }
            let before = kept.range(..=c.span.start).next_back().map(|(_, k)| k.span);
            let inside = kept
                .range(c.span.start..c.span.end)
                .next()
                .map(|(_, k)| k.span);
            if !(before.is_some_and(|k| k.overlaps(&c.span)) || inside.is_some()) {
                kept.insert(c.span.start, c);
            }
        }
        kept.into_values().collect()
    }

    /// `select` keeps what the first version kept, in the same order, on the
    /// candidates of the sample texts (many overlapping, from all rules).
    #[test]
    fn selection_is_the_first_versions() {
        let texts = sample_texts();
        let mut overlapping = 0;
        for t in &texts {
            let scan = Scan::new(t, &TRIGGERS);
            let mut all = Vec::new();
            for (_, rule) in RULES {
                rule(&scan, NumericDates::MonthFirst, &mut all);
            }
            extend_modifiers(t, &mut all);
            let kept = select(all.clone());
            overlapping += all.len() - kept.len();
            assert_eq!(kept, select_reference(all), "{t:?}");
        }
        assert!(overlapping > 1000, "{overlapping} candidates dropped");
    }

    #[test]
    fn every_pattern_is_gated() {
        for p in all_patterns() {
            assert!(p.is_gated(), "{}", p.as_str());
        }
        let mut bits: Vec<u8> = GATES.iter().map(|g| g.bit).collect();
        bits.sort_unstable();
        bits.dedup();
        assert_eq!(bits.len(), GATES.len(), "two gates share a bit");
        assert!(bits.iter().all(|b| *b < 64));
        // second gates have bits of their own (one gate may be the second
        // of several)
        let mut second: Vec<(u8, &[&str])> = GATES
            .iter()
            .filter_map(|g| g.also)
            .map(|a| (a.bit, a.words))
            .collect();
        second.sort_unstable();
        second.dedup();
        for (bit, _) in &second {
            assert!(*bit < 64 && !bits.contains(bit), "second gate bit {bit}");
        }
        let mut once: Vec<u8> = second.iter().map(|s| s.0).collect();
        once.dedup();
        assert_eq!(once.len(), second.len(), "two second gates share a bit");
    }

    #[test]
    fn gated_search_finds_what_a_whole_text_search_finds() {
        let texts = sample_texts();
        assert!(texts.len() > 500, "{} texts", texts.len());
        for t in &texts {
            assert_gates_hold(t);
        }
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Word salads of trigger words, numbers, names, separators and
        /// look-alikes (the Kelvin sign and long s that case-insensitive
        /// patterns read as k and s, accented letters, dashes).
        #[test]
        fn gates_hold_on_word_salad(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(GATES.iter().flat_map(|g| g.words.iter().chain(g.also.map_or(&[][..], |a| a.words)).copied()).collect::<Vec<_>>()).prop_map(String::from),
                    proptest::sample::select(vec![
                        "the", "a", "an", "last", "next", "this", "of", "in", "on", "and", "or",
                        "so", "ago", "later", "early", "mid", "late", "fiscal", "one", "two",
                        "twenty", "five", "few", "several", "half", "a.m.", "p.m.", "o'clock",
                        "Jan.", "Sept.", "Mon.", "Thurs.", "Marché", "wee\u{212A}s", "ye\u{17F}",
                        "Day", "New", "Year's", "Good", "St.", "Jr.", "$", "1/2", "3", "10", "30",
                        "1990", "1990s", "'90s", "2017", "12:30", "1430", "4th", "Q3", "10am", "3p", "1400GMT",
                        "0900hrs", "1.2.1999", "2001-02-03", "a.mx", "1a.m", "10.30",
                        "twenty-first", "year-earlier", "—", "-", ",", ".", "“", "”",
                    ]).prop_map(String::from),
                    "[0-9]{1,5}",
                ],
                0..40,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", " ", " ", "  ", "\n", "-", " - ", "\u{a0}", "", ", "]),
                40,
            ),
            upper in proptest::collection::vec(proptest::bool::ANY, 40),
        ) {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                text.push_str(seps[i]);
                if upper[i] {
                    let mut cs = w.chars();
                    if let Some(c) = cs.next() {
                        text.extend(c.to_uppercase());
                        text.push_str(cs.as_str());
                    }
                } else {
                    text.push_str(w);
                }
            }
            assert_gates_hold(&text);
        }
    }

    /// `Pattern` runs the regex crate's engine with its own settings (no
    /// literal prefilter for gated patterns, built from one parse): the
    /// matches and groups must be those of `regex::Regex`. Checked for every
    /// pattern over the ASCII sample texts (where the Unicode edge check
    /// never drops a match), whole-text searches and windowed ones.
    #[test]
    fn captures_are_the_regex_crates() {
        let texts: Vec<String> = sample_texts()
            .into_iter()
            .filter(|t| t.is_ascii())
            .collect();
        assert!(texts.len() > 500, "{} texts", texts.len());
        assert_as_regex_crate(&texts, false);
    }

    /// A text with decimal digits beyond ASCII ("٣") runs the patterns as
    /// written (Unicode `\d`), not their `[0-9]` form: the matches and
    /// groups are still those of `regex::Regex`.
    #[test]
    fn wide_digits_match_as_the_regex_crates() {
        let texts: Vec<String> = sample_texts()
            .into_iter()
            .filter(|t| t.is_ascii() && t.bytes().any(|b| b.is_ascii_digit()))
            .flat_map(|t| {
                let wide: String = t
                    .chars()
                    .map(|c| match c.to_digit(10) {
                        Some(d) => char::from_u32(0x660 + d).unwrap_or(c),
                        None => c,
                    })
                    .collect();
                // only the first digit wide: ASCII and wide digits mixed
                let mixed = match t.find(|c: char| c.is_ascii_digit()) {
                    Some(i) => format!("{}\u{966}{}", &t[..i], &t[i + 1..]),
                    None => t.clone(),
                };
                [wide, mixed]
            })
            .collect();
        assert!(texts.len() > 100, "{} texts", texts.len());
        assert_as_regex_crate(&texts, true);
    }

    /// Every pattern's matches and groups on `texts`, whole-text and
    /// windowed, are those of `regex::Regex` (`edges`: the regex crate's
    /// matches kept only where the pattern's Unicode edge check holds).
    fn assert_as_regex_crate(texts: &[String], edges: bool) {
        for p in all_patterns() {
            let re = regex::Regex::new(p.as_str()).expect("compiles");
            for t in texts {
                let want: Vec<Vec<Option<(usize, usize)>>> = re
                    .captures_iter(t)
                    .filter(|c| {
                        !edges
                            || c.get(0)
                                .is_some_and(|m| unicode_edges(t, m.start(), m.end()))
                    })
                    .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
                    .collect();
                assert_eq!(spans(p.captures_iter(t)), want, "{} on {t:?}", p.as_str());
                let scan = Scan::new(t, &TRIGGERS);
                assert_eq!(spans(p.captures_in(&scan)), want, "{} on {t:?}", p.as_str());
            }
        }
    }

    #[test]
    fn all_patterns_compile() {
        for r in all_patterns() {
            assert!(r.compiles(), "{}", r.as_str());
        }
    }

    /// `Pattern` compiles `\b` as an ASCII boundary for speed; on ASCII
    /// text that must find exactly what the Unicode pattern finds. Checked
    /// for every pattern over the phrase corpus and the fixture articles.
    #[test]
    fn ascii_boundaries_match_unicode_ones_on_ascii_text() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut texts: Vec<String> = Vec::new();
        for dir in ["tests/corpus/en", "fixtures"] {
            let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.extend(t.lines().filter(|l| l.is_ascii()).map(str::to_string));
                }
            }
        }
        assert!(texts.len() > 500, "{} texts", texts.len());
        for p in all_patterns() {
            let unicode = regex::Regex::new(&p.as_str().replace(r"(?-u:\b)", r"\b"))
                .expect("the Unicode form compiles");
            for t in &texts {
                let a: Vec<_> = p.find_iter(t).map(|m| m.range()).collect();
                let b: Vec<_> = unicode.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(a, b, "{} on {t:?}", p.as_str());
            }
        }
    }

    #[test]
    fn seed_sentence() {
        let t = "the United States Air Force carried out further tests during the early morning hours of Wednesday, April 3rd, with a second missile";
        let got = texts(t);
        assert_eq!(
            got,
            vec![(
                "the early morning hours of Wednesday, April 3rd".to_string(),
                TimexType::Time
            )]
        );
    }

    #[test]
    fn extents_exclude_prepositions() {
        assert_eq!(
            texts("relations since 1960 when"),
            vec![("1960".into(), TimexType::Date)]
        );
        assert_eq!(
            texts("held this week in Havana"),
            vec![("this week".into(), TimexType::Date)]
        );
        assert_eq!(
            texts("over the past three years"),
            vec![("the past three years".into(), TimexType::Duration)]
        );
        assert_eq!(
            texts("in mid-2016 and late 2018"),
            vec![
                ("mid-2016".into(), TimexType::Date),
                ("late 2018".into(), TimexType::Date)
            ]
        );
    }

    #[test]
    fn names_and_verbs_are_not_months() {
        assert!(texts("Theresa May said protesters may march.").is_empty());
        assert!(texts("Brian May played.").is_empty());
    }
}
