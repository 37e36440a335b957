//! Publication dates: parsing the forms people write (`--published`, a
//! JSON field) and finding the date in an article that does not come with
//! one (a `Published:`/`Date:` line, a full date in the first lines, a
//! dateline). Never falls back to the clock.

use crate::error::{Error, ErrorKind, Result};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

/// Where the publication date came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// Given by the caller (`--published`, a JSON field, a sidecar file).
    Given,
    /// A `Published:`/`Date:`-style header line in the text (line number, 1-based).
    HeaderLine(usize),
    /// A full date in the first lines of the text (line number, 1-based).
    FirstLines(usize),
    /// A dateline such as `GENEVA, March 14 (Reuters) -` with the year from elsewhere.
    Dateline(usize),
    /// The `CREATION_TIME` TIMEX3 of a TimeML document.
    TimemlDct,
}

impl PublishedSource {
    /// A short human description ("given", "header line 1", ...).
    pub fn describe(&self) -> String {
        match self {
            PublishedSource::Given => "given".into(),
            PublishedSource::HeaderLine(n) => format!("header line {n}"),
            PublishedSource::FirstLines(n) => format!("date in line {n}"),
            PublishedSource::Dateline(n) => format!("dateline in line {n}"),
            PublishedSource::TimemlDct => "timeml creation time".into(),
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
    pub fn given(date: NaiveDate) -> Published {
        Published {
            date,
            time: None,
            source: PublishedSource::Given,
        }
    }
}

/// Parses a publication date in the forms people write: `2017-05-05`,
/// `May 5, 2017`, `5 May 2017`, `2017-05-05T09:30:00Z`, RFC 2822
/// (`Fri, 05 May 2017 09:30:00 +0000`), `05/05/2017` and more (the `dateparser`
/// crate's forms). The text must contain a four-digit year: forms without one
/// would make the result depend on today's date, which we never read.
///
/// # Example
/// ```
/// use chronicler::published::parse_date;
/// let (d, _) = parse_date("Fri, 05 May 2017 09:30:00 +0000").unwrap();
/// assert_eq!(d.to_string(), "2017-05-05");
/// ```
pub fn parse_date(s: &str) -> Result<(NaiveDate, Option<NaiveTime>)> {
    let t = s.trim();
    let bad = || {
        Error::new(
            ErrorKind::PublicationDate,
            format!("cannot read {t:?} as a date; use a form such as 2017-05-05, \"May 5, 2017\", \"5 May 2017\", 2017-05-05T09:30:00Z or \"Fri, 05 May 2017 09:30:00 +0000\""),
        )
    };
    let has_year = t
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    if !has_year {
        return Err(bad());
    }
    // Plain ISO dates first: exact, no time zone games.
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok((d, None));
    }
    // "5 May 2017", "May 5, 2017": chrono formats (dateparser does not read day-first words)
    for f in [
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%b. %d, %Y",
        "%B %d %Y",
        "%A, %B %d, %Y",
        "%A, %d %B %Y",
        "%a %b %d %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return Ok((d, None));
        }
    }
    // Keep the date as written in its own zone: read the local part when a zone is given.
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok((dt.date_naive(), Some(dt.time())));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(t) {
        return Ok((dt.date_naive(), Some(dt.time())));
    }
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S") {
        return Ok((dt.date(), Some(dt.time())));
    }
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M") {
        return Ok((dt.date(), Some(dt.time())));
    }
    let midnight = NaiveTime::from_hms_opt(0, 0, 0).ok_or_else(bad)?;
    match dateparser::parse_with(t, &chrono::Utc, midnight) {
        Ok(dt) => {
            let time = dt.time();
            Ok((dt.date_naive(), (time != midnight).then_some(time)))
        }
        Err(_) => Err(bad()),
    }
}

/// Looks for the publication date in the first lines of an article.
pub fn detect(text: &str) -> Option<Published> {
    let lines: Vec<&str> = text.lines().take(12).collect();
    // 1. header lines: "Published: ...", "Date: ..."
    for (i, line) in lines.iter().enumerate() {
        let l = line.trim();
        if let Some((key, rest)) = l.split_once(':') {
            let k = key.trim().to_ascii_lowercase();
            if matches!(
                k.as_str(),
                "published"
                    | "date"
                    | "posted"
                    | "updated"
                    | "publication date"
                    | "dateline"
                    | "dct"
                    | "pubdate"
                    | "published on"
            ) {
                if let Ok((date, time)) = parse_date(rest.trim()) {
                    return Some(Published {
                        date,
                        time,
                        source: PublishedSource::HeaderLine(i + 1),
                    });
                }
                if let Some(d) = first_full_date(rest) {
                    return Some(Published {
                        date: d,
                        time: None,
                        source: PublishedSource::HeaderLine(i + 1),
                    });
                }
            }
        }
    }
    // 2. a full date (with year) in the first lines
    for (i, line) in lines.iter().take(5).enumerate() {
        if let Some(d) = first_full_date(line) {
            return Some(Published {
                date: d,
                time: None,
                source: PublishedSource::FirstLines(i + 1),
            });
        }
    }
    None
}

/// The first full date (day, month and year) written in `s`.
fn first_full_date(s: &str) -> Option<NaiveDate> {
    let cands = crate::timex::rules::recognise(s, crate::timex::rules::NumericDates::MonthFirst);
    cands.iter().find_map(|c| match &c.expr {
        crate::timex::Expr::Date {
            year: Some(y),
            month: Some(m),
            day: Some(d),
            ..
        } => NaiveDate::from_ymd_opt(*y, *m, *d),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_people_write() {
        for s in [
            "2017-05-05",
            "May 5, 2017",
            "5 May 2017",
            "2017-05-05T09:30:00Z",
            "Fri, 05 May 2017 09:30:00 +0000",
        ] {
            let (d, _) = parse_date(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(d.to_string(), "2017-05-05", "{s}");
        }
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("10:30").is_err());
    }

    #[test]
    fn header_lines() {
        let p = detect("Published: March 14, 2018\n\nText.").unwrap();
        assert_eq!(p.date.to_string(), "2018-03-14");
        assert_eq!(p.source, PublishedSource::HeaderLine(1));
        assert!(detect("No date here.\nNone at all.").is_none());
    }
}
