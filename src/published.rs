//! Publication dates: parsing the forms people write (`--published`, a
//! header line) and finding the date in an article that does not come with
//! one. Owns [`Published`] (a date and where it came from), [`parse_date`]
//! and [`detect`]; what the date is then used for is `crate::resolve`'s
//! business.
//!
//! Never falls back to the clock: a form without a year is refused, and the
//! one fallback parser that could read the clock (`dateparser`, for times
//! without a date) is only called on inputs that carry their own year.
//!
//! Detection ([`detect`]) looks at the first [`HEAD_LINES`] lines, in this
//! order (the first that gives a date wins):
//!
//! 1. a header line: `Published: ...`, `Date: ...`, `Posted: ...`,
//!    `Published on ...` (an `Updated:`/`Modified:` line only when there is
//!    no other header);
//! 2. a dateline that carries its own year: `LUCERNE, Nov. 17, 2016 (Meridian Wire) -`;
//! 3. a line that is nothing but a date: `Saturday, March 26, 2022`;
//! 4. a full date (day, month and year) in one of the first
//!    [`FIRST_LINES`] lines;
//! 5. a dateline without a year (`GENEVA, March 14 (Reuters) -`) when a year
//!    is written nearby: a short line next to the dateline holding a year,
//!    or a copyright line (`© 2017 Reuters`) anywhere in the text.

use crate::error::{Error, ErrorKind, Result};
use crate::timex::rules::NumericDates;
use chrono::{Datelike, NaiveDate, NaiveTime};
use regex::{Captures, Regex};
use serde::Serialize;
use std::sync::LazyLock;

/// How many lines from the top [`detect`] looks at for header lines, datelines and date lines.
pub const HEAD_LINES: usize = 15;

/// How many lines from the top may hold a full date inside other text (step 4 of [`detect`]).
pub const FIRST_LINES: usize = 5;

/// The forms [`parse_date`] reads, for help texts (`chronicler extract --help`).
pub const FORMS: &str = "\
ISO 8601: 2017-05-05, 2017-05-05T09:30:00Z, 2017-05-05T09:30:00+02:00, 2017-05-05 09:30; \
RFC 2822: \"Fri, 05 May 2017 09:30:00 +0000\"; \
month first: \"May 5, 2017\", \"May 5 2017\", \"Friday, May 5, 2017\", \"Fri May 5 2017\", \"Nov. 17, 2016\"; \
day first: \"5 May 2017\", \"Friday, 5 May 2017\", \"5th of May, 2017\"; \
numbers: 2017/05/05, 20170505, 05/05/2017 (month first unless --day-first or the first number is over 12), \
17.11.2016 (dots: day first); a time after the date is allowed (\"May 5, 2017 at 9:30 a.m.\"). \
The year must be written: the date is never completed from today's date.";

/// Where the publication date came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// Given by the caller (`--published`, a JSON field).
    Given,
    /// A `Published:`/`Date:`-style header line in the text (line number, 1-based).
    HeaderLine(usize),
    /// A full date in the first lines of the text (line number, 1-based).
    FirstLines(usize),
    /// A dateline with its own year, such as `LUCERNE, Nov. 17, 2016 (Meridian Wire) -` (line number).
    Dateline(usize),
    /// A dateline without a year, such as `GENEVA, March 14 (Reuters) -`,
    /// with the year taken from another line (a line nearby, a copyright line).
    DatelineYear {
        /// The dateline's line number (1-based).
        line: usize,
        /// The line the year came from (1-based).
        year_line: usize,
    },
    /// The `CREATION_TIME` TIMEX3 of a TimeML document.
    TimemlDct,
    /// A line of a folder's `dates.tsv` or `dates.csv` (see `crate::folder`).
    Sidecar {
        /// The sidecar's file name (`dates.tsv`).
        file: String,
        /// The line (1-based).
        line: usize,
    },
}

impl PublishedSource {
    /// A short human description ("given", "header line 1", ...), used in
    /// every output (`published_source`).
    ///
    /// # Example
    /// ```
    /// use chronicler::PublishedSource;
    /// assert_eq!(PublishedSource::HeaderLine(1).describe(), "header line 1");
    /// ```
    pub fn describe(&self) -> String {
        match self {
            PublishedSource::Given => "given".into(),
            PublishedSource::HeaderLine(n) => format!("header line {n}"),
            PublishedSource::FirstLines(n) => format!("date in line {n}"),
            PublishedSource::Dateline(n) => format!("dateline in line {n}"),
            PublishedSource::DatelineYear { line, year_line } => {
                format!("dateline in line {line}, year from line {year_line}")
            }
            PublishedSource::TimemlDct => "timeml creation time".into(),
            PublishedSource::Sidecar { file, line } => format!("{file} line {line}"),
        }
    }
}

/// A document's publication date, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The date.
    pub date: NaiveDate,
    /// The time of day, when given.
    pub time: Option<NaiveTime>,
    /// Where it came from.
    pub source: PublishedSource,
}

impl Published {
    /// A date given by the caller.
    ///
    /// # Example
    /// ```
    /// use chronicler::Published;
    /// let p = Published::given(chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap());
    /// assert_eq!(p.source.describe(), "given");
    /// ```
    pub fn given(date: NaiveDate) -> Published {
        Published {
            date,
            time: None,
            source: PublishedSource::Given,
        }
    }
}

// ---------------------------------------------------------------------------
// Word tables and patterns (case-insensitive: header lines are often in caps).

/// Month names and abbreviations, with an optional dot.
const MONTH_RE: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// Weekday names and abbreviations, with an optional dot and comma.
const WEEKDAY_RE: &str = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?";

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

/// A whole date with an optional trailing time, month name first or day first.
static WORD_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(&format!(
        r"(?ix)^(?:{WEEKDAY_RE}\s+)?(?:the\s+)?
        (?:
            (?P<m1>{MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})
          | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m2>{MONTH_RE}),?\s+(?P<y2>\d{{4}})
        )(?P<rest>.*)$"
    ))
});

/// An all-numeric date with an optional trailing time.
static NUMERIC_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?x)^(?:
            (?P<a>\d{1,2})(?P<s1>[/.\-])(?P<b>\d{1,2})(?P<s2>[/.\-])(?P<y>\d{4})
          | (?P<yy>\d{4})(?P<s3>[/.])(?P<mm>\d{1,2})[/.](?P<dd>\d{1,2})
          | (?P<y8>\d{4})(?P<m8>\d{2})(?P<d8>\d{2})
        )(?P<rest>.*)$",
    )
});

/// What may follow a date: nothing, or a time of day with an optional zone.
static TRAILING_TIME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)^(?:\s*(?:,|\s|\bat\b|-|T)\s*
            (?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?(?::(?P<s>\d{2}))?\s*
            (?P<ap>[ap]\.?\s?m\b\.?)?
            (?:\s*(?:[A-Z]{1,5}|[+\-](?:[01]\d|2[0-3]):?[0-5]\d|Z))?
        )?\s*$",
    )
});

/// A full date anywhere in a line (month name first, day first, ISO, numeric).
static FULL_DATE_IN_LINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(&format!(
        r"(?ix)\b(?:
            (?P<m1>{MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})
          | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m2>{MONTH_RE}),?\s+(?P<y2>\d{{4}})
          | (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})
          | (?P<a>\d{{1,2}})(?P<s1>[/.])(?P<b>\d{{1,2}})[/.](?P<y>\d{{4}})
        )\b"
    ))
});

/// A header line: a key, a colon (or a bar), the value.
static HEADER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"^\s*[*_#>]*\s*(?P<key>[A-Za-z][A-Za-z ]{0,30}?)\s*[*_]*\s*[:|]\s*(?P<rest>.+)$")
});

/// A header without a colon: `Published on March 3, 2019`, `Posted 15/09/2024`.
static HEADER_NO_COLON: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?P<key>published|posted|updated|dated|first published|last updated)(?:\s+on)?\s+(?P<rest>.*\d{4}.*)$",
    )
});

/// A dateline: a place in capitals, a date (year optional), an optional
/// agency in brackets, and a dash or colon.
static DATELINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(&format!(
        r"(?x)^\s*
        (?P<place>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]*)*(?:,\s+[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*)*)?)
        ,\s+
        (?i:(?:{WEEKDAY_RE}\s+)?
            (?:
                (?P<m1>{MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?
              | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_RE})(?:,?\s+(?P<y2>\d{{4}}))?
            )
        )
        \s*(?:\([^)]{{1,60}}\)\s*)?(?:[-–—]+|:)(?:\s|$)"
    ))
});

/// A copyright notice with a year (the last year of a range).
static COPYRIGHT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)(?:©|\(c\)|copyright)\s*(?:©\s*|\(c\)\s*)?(?:(?:19|20)\d{2}\s*[-–]\s*)?(?P<y>(?:19|20)\d{2})\b",
    )
});

/// A year standing on its own.
static YEAR: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?:^|[^\d\-+:/.])(?P<y>(?:19|20)\d{2})(?:$|[^\d\-:/])"));

/// Inputs `dateparser` must not see: clock-only forms it would complete
/// with today's date, Unix timestamps, and a trailing UTC offset of 24 hours
/// or more, on which dateparser 0.3 panics (`FixedOffset::east out of bounds`).
static NOT_FOR_DATEPARSER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"^(?:\d{1,2}:\d{2}|[A-Za-z]{3}\s+\d{1,2}\s*(?:at)?\s+\d{1,2}:\d{2}|\d{10,19}$)|[+\-](?:2[4-9]|[3-9]\d)[: ]?\d*\s*$",
    )
});

fn month_of(s: &str) -> Option<u32> {
    crate::timex::lexicon::month(s)
}

fn num(c: &Captures, name: &str) -> Option<u32> {
    c.name(name)?.as_str().parse().ok()
}

fn year_of(c: &Captures, name: &str) -> Option<i32> {
    c.name(name)?.as_str().parse().ok()
}

/// Reads `(day, month)` from two numbers by the numeric policy: a first
/// number over 12 can only be a day, a second over 12 only a day too.
fn day_month(a: u32, b: u32, numeric: NumericDates, dots: bool) -> Option<(u32, u32)> {
    match (a > 12, b > 12) {
        (true, true) => None,
        (true, false) => Some((a, b)),
        (false, true) => Some((b, a)),
        (false, false) if dots || numeric == NumericDates::DayFirst => Some((a, b)),
        (false, false) => Some((b, a)),
    }
}

/// Reads the time in what follows a date; `None` when something else follows.
fn trailing_time(rest: &str) -> Option<Option<NaiveTime>> {
    let re = TRAILING_TIME.as_ref()?;
    let c = re.captures(rest)?;
    let Some(h) = num(&c, "h") else {
        return Some(None);
    };
    let mi = num(&c, "mi").unwrap_or(0);
    let s = num(&c, "s").unwrap_or(0);
    // A bare number after the date ("2017 5") is not a time.
    if c.name("mi").is_none() && c.name("ap").is_none() {
        return None;
    }
    let h = match c.name("ap").map(|m| m.as_str().to_ascii_lowercase()) {
        Some(ap) if ap.starts_with('p') && h < 12 => h + 12,
        Some(ap) if ap.starts_with('a') && h == 12 => 0,
        Some(_) if h > 12 => return None,
        _ => h,
    };
    Some(NaiveTime::from_hms_opt(h, mi, s))
}

/// Dates written with a month name, whole string (plus an optional time).
fn parse_words(t: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let c = WORD_DATE.as_ref()?.captures(t)?;
    let (m, d, y) = if c.name("m1").is_some() {
        (
            month_of(c.name("m1")?.as_str())?,
            num(&c, "d1")?,
            year_of(&c, "y1")?,
        )
    } else {
        (
            month_of(c.name("m2")?.as_str())?,
            num(&c, "d2")?,
            year_of(&c, "y2")?,
        )
    };
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let time = trailing_time(c.name("rest").map_or("", |r| r.as_str()))?;
    Some((date, time))
}

/// All-numeric dates, whole string (plus an optional time).
fn parse_numeric(t: &str, numeric: NumericDates) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let c = NUMERIC_DATE.as_ref()?.captures(t)?;
    let date = if let (Some(a), Some(b), Some(y)) = (num(&c, "a"), num(&c, "b"), year_of(&c, "y")) {
        let (s1, s2) = (c.name("s1")?.as_str(), c.name("s2")?.as_str());
        if s1 != s2 {
            return None;
        }
        let (d, m) = day_month(a, b, numeric, s1 == ".")?;
        NaiveDate::from_ymd_opt(y, m, d)?
    } else if let (Some(y), Some(m), Some(d)) = (year_of(&c, "yy"), num(&c, "mm"), num(&c, "dd")) {
        NaiveDate::from_ymd_opt(y, m, d)?
    } else {
        NaiveDate::from_ymd_opt(year_of(&c, "y8")?, num(&c, "m8")?, num(&c, "d8")?)?
    };
    let time = trailing_time(c.name("rest").map_or("", |r| r.as_str()))?;
    Some((date, time))
}

/// Parses a publication date in the forms people write (listed in [`FORMS`]),
/// reading all-numeric dates such as `05/04/2017` month first (see
/// [`parse_date_with`] for the day-first policy).
///
/// The text must contain its year: forms without one would make the result
/// depend on today's date, which we never read. A date and time with a UTC
/// offset keeps the date as written in its own zone
/// (`2017-05-05T23:30:00-05:00` is 5 May).
///
/// # Example
/// ```
/// use chronicler::published::parse_date;
/// let (d, t) = parse_date("Fri, 05 May 2017 09:30:00 +0000").unwrap();
/// assert_eq!(d.to_string(), "2017-05-05");
/// assert_eq!(t.unwrap().to_string(), "09:30:00");
/// assert_eq!(parse_date("5 May 2017").unwrap().0.to_string(), "2017-05-05");
/// assert!(parse_date("May 5").is_err()); // no year: never completed from the clock
/// ```
pub fn parse_date(s: &str) -> Result<(NaiveDate, Option<NaiveTime>)> {
    parse_date_with(s, NumericDates::MonthFirst)
}

/// [`parse_date`] with a policy for all-numeric dates whose numbers could
/// both be months (`05/04/2017`). A first number over 12 always makes the
/// date day-first (`15/09/2024`), a second over 12 month-first; dot-separated
/// dates (`17.11.2016`) are day-first.
///
/// # Example
/// ```
/// use chronicler::published::parse_date_with;
/// use chronicler::timex::rules::NumericDates;
/// let (d, _) = parse_date_with("05/04/2017", NumericDates::DayFirst).unwrap();
/// assert_eq!(d.to_string(), "2017-04-05");
/// let (d, _) = parse_date_with("15/09/2024", NumericDates::MonthFirst).unwrap();
/// assert_eq!(d.to_string(), "2024-09-15");
/// ```
pub fn parse_date_with(s: &str, numeric: NumericDates) -> Result<(NaiveDate, Option<NaiveTime>)> {
    let t = s.trim();
    let bad = || {
        Error::new(
            ErrorKind::PublicationDate,
            format!(
                "cannot read {t:?} as a date; use a form such as 2017-05-05, \"May 5, 2017\", \"5 May 2017\", 2017-05-05T09:30:00Z or \"Fri, 05 May 2017 09:30:00 +0000\" (see --help)"
            ),
        )
    };
    let has_year = t
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    if !has_year {
        return Err(bad());
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok((d, None));
    }
    // Keep the date as written in its own zone: read the local part when a zone is given.
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok((dt.date_naive(), Some(dt.time())));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(t) {
        return Ok((dt.date_naive(), Some(dt.time())));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, f) {
            return Ok((dt.date(), Some(dt.time())));
        }
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f %#z"] {
        if let Ok(dt) = chrono::DateTime::parse_from_str(t, f) {
            return Ok((dt.date_naive(), Some(dt.time())));
        }
    }
    if let Some(r) = parse_numeric(t, numeric) {
        return Ok(r);
    }
    if let Some(r) = parse_words(t) {
        return Ok(r);
    }
    // Last, the dateparser crate's forms, except those it completes from the clock.
    if NOT_FOR_DATEPARSER.as_ref().is_none_or(|re| re.is_match(t)) {
        return Err(bad());
    }
    let midnight = NaiveTime::from_hms_opt(0, 0, 0).ok_or_else(bad)?;
    match dateparser::parse_with(t, &chrono::Utc, midnight) {
        // The year must be one written in the input, never one taken from the clock.
        Ok(dt) if written_years(t).contains(&dt.year()) => {
            let time = dt.time();
            Ok((dt.date_naive(), (time != midnight).then_some(time)))
        }
        _ => Err(bad()),
    }
}

/// The four-digit numbers written in `s` that could be years.
fn written_years(s: &str) -> Vec<i32> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let j = b[i..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .map_or(b.len(), |n| i + n);
            if j - i == 4 {
                if let Ok(y) = s[i..j].parse() {
                    out.push(y);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Looks for the publication date in the first lines of an article, reading
/// all-numeric dates month first unless the first number is over 12 (see
/// [`detect_with`]). The steps are listed in the module documentation.
///
/// # Example
/// ```
/// use chronicler::published::{detect, PublishedSource};
/// let p = detect("GENEVA, March 14 (Reuters) - Talks resumed.\n\n© 2018 Reuters").unwrap();
/// assert_eq!(p.date.to_string(), "2018-03-14");
/// assert_eq!(p.source, PublishedSource::DatelineYear { line: 1, year_line: 3 });
/// assert!(detect("No date here.").is_none());
/// ```
pub fn detect(text: &str) -> Option<Published> {
    detect_with(text, NumericDates::MonthFirst)
}

/// [`detect`] with a policy for all-numeric dates (`Posted: 05/04/2017`).
///
/// # Example
/// ```
/// use chronicler::published::detect_with;
/// use chronicler::timex::rules::NumericDates;
/// let p = detect_with("Posted: 05/04/2017\n\nText.", NumericDates::DayFirst).unwrap();
/// assert_eq!(p.date.to_string(), "2017-04-05");
/// ```
pub fn detect_with(text: &str, numeric: NumericDates) -> Option<Published> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().take(HEAD_LINES).collect();
    let found = |date: NaiveDate, time: Option<NaiveTime>, source: PublishedSource| {
        Some(Published { date, time, source })
    };
    // 1. header lines; an Updated/Modified line only when nothing better.
    let mut fallback = None;
    for (i, line) in lines.iter().enumerate() {
        let Some((rank, rest)) = header_value(line) else {
            continue;
        };
        let parsed = parse_date_with(rest, numeric)
            .ok()
            .or_else(|| full_date_in(rest, numeric).map(|d| (d, None)));
        if let Some((date, time)) = parsed {
            if rank == 0 {
                return found(date, time, PublishedSource::HeaderLine(i + 1));
            }
            fallback = fallback.or(Some((date, time, i + 1)));
        }
    }
    if let Some((date, time, n)) = fallback {
        return found(date, time, PublishedSource::HeaderLine(n));
    }
    // 2. a dateline with its own year.
    let datelines: Vec<(usize, Dateline)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| dateline(l).map(|d| (i, d)))
        .collect();
    for (i, d) in &datelines {
        if let Some(date) = d
            .year
            .and_then(|y| NaiveDate::from_ymd_opt(y, d.month, d.day))
        {
            return found(date, None, PublishedSource::Dateline(i + 1));
        }
    }
    // 3. a line that is only a date.
    for (i, line) in lines.iter().enumerate() {
        let l = line.trim().trim_matches(['*', '_', '#']).trim();
        if let Ok((date, time)) = parse_date_with(l, numeric) {
            return found(date, time, PublishedSource::FirstLines(i + 1));
        }
    }
    // 4. a full date in the first lines.
    for (i, line) in lines.iter().take(FIRST_LINES).enumerate() {
        if let Some(date) = full_date_in(line, numeric) {
            return found(date, None, PublishedSource::FirstLines(i + 1));
        }
    }
    // 5. a dateline without a year, the year from a line nearby or a copyright line.
    for (i, d) in &datelines {
        if let Some((year, year_line)) = year_near(&lines, *i).or_else(|| copyright_year(text)) {
            if let Some(date) = NaiveDate::from_ymd_opt(year, d.month, d.day) {
                return found(
                    date,
                    None,
                    PublishedSource::DatelineYear {
                        line: i + 1,
                        year_line: year_line + 1,
                    },
                );
            }
        }
    }
    None
}

/// The value of a header line and its rank (0: a publication date, 1: an update).
fn header_value(line: &str) -> Option<(u8, &str)> {
    let (key, rest) = if let Some(c) = HEADER.as_ref().and_then(|re| re.captures(line)) {
        (c.name("key")?, c.name("rest")?)
    } else {
        let c = HEADER_NO_COLON.as_ref()?.captures(line)?;
        (c.name("key")?, c.name("rest")?)
    };
    let k = key.as_str().trim().to_ascii_lowercase();
    let k = k.strip_suffix(" on").unwrap_or(&k);
    let rank = match k {
        "published" | "date" | "posted" | "publication date" | "date published" | "dateline"
        | "dct" | "pubdate" | "pub date" | "dated" | "first published" | "released"
        | "creation date" | "created" => 0,
        "updated" | "last updated" | "modified" | "last modified" | "date modified" => 1,
        _ => return None,
    };
    Some((rank, rest.as_str().trim()))
}

/// The first full date (day, month and year) written in `s`.
fn full_date_in(s: &str, numeric: NumericDates) -> Option<NaiveDate> {
    let re = FULL_DATE_IN_LINE.as_ref()?;
    re.captures_iter(s).find_map(|c| {
        if let Some(m) = c.name("m1") {
            NaiveDate::from_ymd_opt(year_of(&c, "y1")?, month_of(m.as_str())?, num(&c, "d1")?)
        } else if let Some(m) = c.name("m2") {
            NaiveDate::from_ymd_opt(year_of(&c, "y2")?, month_of(m.as_str())?, num(&c, "d2")?)
        } else if c.name("iy").is_some() {
            NaiveDate::from_ymd_opt(year_of(&c, "iy")?, num(&c, "im")?, num(&c, "id")?)
        } else {
            let dots = c.name("s1").is_some_and(|s| s.as_str() == ".");
            let (d, m) = day_month(num(&c, "a")?, num(&c, "b")?, numeric, dots)?;
            NaiveDate::from_ymd_opt(year_of(&c, "y")?, m, d)
        }
    })
}

/// The date of a dateline, year optional.
struct Dateline {
    month: u32,
    day: u32,
    year: Option<i32>,
}

fn dateline(line: &str) -> Option<Dateline> {
    let c = DATELINE.as_ref()?.captures(line)?;
    // The place must be in capitals ("GENEVA", "NEW YORK"), not a sentence start.
    let place = c.name("place")?.as_str();
    let first = place.split(',').next().unwrap_or(place);
    if first.chars().filter(char::is_ascii_uppercase).count() < 2
        || first.chars().any(|ch| ch.is_ascii_lowercase())
    {
        return None;
    }
    let (m, d, y) = if let Some(m) = c.name("m1") {
        (m, num(&c, "d1")?, year_of(&c, "y1"))
    } else {
        (c.name("m2")?, num(&c, "d2")?, year_of(&c, "y2"))
    };
    Some(Dateline {
        month: month_of(m.as_str())?,
        day: d,
        year: y,
    })
}

/// A year written on a short line within three lines of the dateline.
fn year_near(lines: &[&str], at: usize) -> Option<(i32, usize)> {
    let re = YEAR.as_ref()?;
    let lo = at.saturating_sub(3);
    let hi = (at + 3).min(lines.len().saturating_sub(1));
    (lo..=hi)
        .filter(|&i| i != at)
        .filter_map(|i| {
            let l = lines.get(i)?.trim();
            if l.is_empty() || l.chars().count() > 80 {
                return None;
            }
            let y = re.captures(l)?.name("y")?.as_str().parse().ok()?;
            Some((y, i))
        })
        .min_by_key(|&(_, i)| i.abs_diff(at))
}

/// The year of a copyright line anywhere in the text, with its line index.
fn copyright_year(text: &str) -> Option<(i32, usize)> {
    let re = COPYRIGHT.as_ref()?;
    text.lines().enumerate().find_map(|(i, l)| {
        let y = re.captures(l)?.name("y")?.as_str().parse().ok()?;
        Some((y, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> String {
        match parse_date(s) {
            Ok((d, _)) => d.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn forms_people_write() {
        for s in [
            "2017-05-05",
            "May 5, 2017",
            "5 May 2017",
            "2017-05-05T09:30:00Z",
            "Fri, 05 May 2017 09:30:00 +0000",
            "Friday, May 5, 2017",
            "Friday, 5 May 2017",
            "Fri May 5 2017",
            "May 5 2017",
            "5th of May, 2017",
            "May 5th, 2017",
            "MAY 5, 2017",
            "2017/05/05",
            "20170505",
            "05/05/2017",
            "05.05.2017",
            "2017-05-05 09:30",
            "2017-05-05T23:30:00-05:00",
            "May 5, 2017 at 9:30 a.m. EDT",
            "May 5, 2017 11:30 PM",
            "5 May 2017 14:05",
        ] {
            assert_eq!(date(s), "2017-05-05", "{s}");
        }
        assert_eq!(date("Nov. 17, 2016"), "2016-11-17");
        assert_eq!(date("Sept. 3, 2016"), "2016-09-03");
        assert_eq!(date("15/09/2024"), "2024-09-15");
        assert_eq!(date("09/15/2024"), "2024-09-15");
        assert_eq!(date("05/04/2017"), "2017-05-04");
        let (d, _) = parse_date_with("05/04/2017", NumericDates::DayFirst).unwrap();
        assert_eq!(d.to_string(), "2017-04-05");
        let (_, t) = parse_date("May 5, 2017 at 9:30 p.m.").unwrap();
        assert_eq!(t, NaiveTime::from_hms_opt(21, 30, 0));
    }

    #[test]
    fn refuses_what_needs_the_clock() {
        for s in [
            "yesterday",
            "10:30",
            "May 5",
            "10:30 +0530",
            "May 6 at 9:24 PM",
            "1494000000",
            "",
            "2017-13-45",
            "31/31/2017",
            "February 30, 2017",
            "garbage 2017",
            "May 5, 2017 and more",
            "2021-02-21 +9900",
            "2021-02-21 10:00:00 -25:00",
            "May 5, 2017 10:00 +9900",
        ] {
            assert!(parse_date(s).is_err(), "{s:?} -> {}", date(s));
        }
        let e = parse_date("soon").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::PublicationDate);
        assert!(e.to_string().contains("\"soon\""));
    }

    #[test]
    fn header_lines() {
        let p = detect("Published: March 14, 2018\n\nText.").unwrap();
        assert_eq!(p.date.to_string(), "2018-03-14");
        assert_eq!(p.source, PublishedSource::HeaderLine(1));
        assert!(detect("No date here.\nNone at all.").is_none());
        let p =
            detect("Updated: March 15, 2018\nPublished: March 14, 2018 10:02 a.m. EDT\n").unwrap();
        assert_eq!(p.date.to_string(), "2018-03-14");
        assert_eq!(p.source, PublishedSource::HeaderLine(2));
        let p = detect("Title\nPosted on 3 March 2019 by J. Doe\n\nText.").unwrap();
        assert_eq!(p.date.to_string(), "2019-03-03");
        let p = detect("\u{feff}Date: 2019-07-24\r\n\r\nText.").unwrap();
        assert_eq!(p.date.to_string(), "2019-07-24");
    }

    #[test]
    fn fixture_forms() {
        for (text, want, source) in [
            (
                "Published: Tuesday, 8 June 2021\n\nA.",
                "2021-06-08",
                PublishedSource::HeaderLine(1),
            ),
            (
                "Date: October 12, 2015\n\nA.",
                "2015-10-12",
                PublishedSource::HeaderLine(1),
            ),
            (
                "Posted: 15/09/2024\n\nA.",
                "2024-09-15",
                PublishedSource::HeaderLine(1),
            ),
            (
                "Published: Fri Aug 10 2018\n\nA.",
                "2018-08-10",
                PublishedSource::HeaderLine(1),
            ),
            (
                "Published: 2019-07-24\n\nA.",
                "2019-07-24",
                PublishedSource::HeaderLine(1),
            ),
            (
                "Saturday, March 26, 2022\n\nA.",
                "2022-03-26",
                PublishedSource::FirstLines(1),
            ),
            (
                "LUCERNE, Nov. 17, 2016 (Meridian Wire) - Negotiators agreed on Thursday.",
                "2016-11-17",
                PublishedSource::Dateline(1),
            ),
        ] {
            let p = detect(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(p.date.to_string(), want, "{text:?}");
            assert_eq!(p.source, source, "{text:?}");
        }
    }

    #[test]
    fn datelines() {
        let p = detect("Talks resume\nMarch 2018\nGENEVA, March 14 (Reuters) - Talks resumed.")
            .unwrap();
        assert_eq!(p.date.to_string(), "2018-03-14");
        assert_eq!(
            p.source,
            PublishedSource::DatelineYear {
                line: 3,
                year_line: 2
            }
        );
        let p =
            detect("WASHINGTON, D.C., 14 March (AP) — Talks.\n\nCopyright 2016-2018 AP").unwrap();
        assert_eq!(p.date.to_string(), "2018-03-14");
        // no year anywhere: no date
        assert!(detect("GENEVA, March 14 (Reuters) - Talks resumed in 1990 style.").is_none());
        // a sentence is not a dateline
        assert!(detect("Geneva, March 14 - talks.\n© 2018").is_none());
    }

    #[test]
    fn full_date_in_first_lines() {
        let p = detect("By Jane Doe, March 14, 2018\n\nText.").unwrap();
        assert_eq!(p.date.to_string(), "2018-03-14");
        assert_eq!(p.source, PublishedSource::FirstLines(1));
        let far = format!(
            "{}On March 3, 2012, something.",
            "Line.\n".repeat(FIRST_LINES)
        );
        assert!(detect(&far).is_none());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "",
            "\u{feff}",
            ":",
            "Date:",
            "Date: ",
            "Published:\n",
            "A, B - ",
            "GENEVA, March 99 (X) - ",
            "Posted: 99/99/9999",
            "© 9999",
            "ÉÉÉ, Mär 3 -",
            "Date: 31/02/2017",
        ] {
            let _ = detect(s);
            let _ = parse_date(s);
        }
    }
}
