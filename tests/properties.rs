//! Property tests (proptest) of the whole pipeline on generated text:
//! arbitrary Unicode, and news-like text made of temporal phrases mixed
//! with arbitrary characters. For every input: no panic; every offset lies
//! inside the text, on a character boundary, and `text[start..end]` (in
//! code points) is the reported text; every value is a well-formed TIMEX3
//! value (and so is the value of any calendar point, whatever its year);
//! JSON, JSON Lines and CSV output parse back; the same input gives the
//! same output. The case count is modest so that `cargo test` stays quick;
//! raise it with `PROPTEST_CASES=10000 cargo test --release --test properties`.

use chronicler::check::FindingKind;
use chronicler::timex::expr::{DayPart, Unit};
use chronicler::timex::value::{is_well_formed, parse_point, Point, WRITABLE_YEARS};
use chronicler::write::{self, Format, Writer};
use chronicler::{extract, Document, Options, Published};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

/// Phrases that make the rules fire, and pieces that stress them.
const WORDS: &[&str] = &[
    "yesterday",
    "today",
    "tomorrow",
    "the day before",
    "the following day",
    "last week",
    "next month",
    "this year",
    "on Monday",
    "Tuesday",
    "in April",
    "May 5",
    "May 5, 2017",
    "5 May 2017",
    "2017-05-03",
    "03/04/2017",
    "1999",
    "the 1990s",
    "two weeks ago",
    "three years",
    "every Monday",
    "twice a week",
    "at 14:30",
    "9 a.m.",
    "noon",
    "Q1",
    "the first quarter",
    "summer",
    "Christmas",
    "since 2001",
    "until June",
    "in 10,000 BC",
    "year 0",
    "99999",
    "0001",
    "said",
    "met",
    "will meet",
    "resigned",
    "announced",
    "The",
    "talks",
    "ended",
    "began",
    ".",
    ",",
    "\n",
    "\n\n",
    "\r\n",
    "(",
    ")",
    "\"",
    "'",
    "-",
    "--",
    "—",
    "é",
    "ß",
    "İ",
    "日本",
    "🙂",
    "\u{0301}",
    "\u{FEFF}",
    "\u{200B}",
    "\t",
    "Published: 2017-05-05",
    "LONDON, May 4 (Reuters) -",
    "Mr.",
    "U.S.",
    "a.m.",
    "12",
    "31",
    "2017",
    "-5",
    "+3",
    "0",
    "10,000",
    "1,000,000",
    "BC",
    "AD",
];

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(WORDS).prop_map(str::to_string),
            1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.join(" "))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![news_text(), any::<String>()]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    // Around 1900-2100 mostly; near the ends of the four-digit years (year 0
    // is 1 BC, written BC0001) and beyond them sometimes.
    prop_oneof![
        8 => (1900i32..2100, 1u32..=366).prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d)
            .unwrap_or(NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default())),
        1 => prop::sample::select(vec![
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
            NaiveDate::from_ymd_opt(10000, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(-1, 6, 15).unwrap_or_default(),
        ]),
        1 => (prop::sample::select(vec![-2i32, -1, 0, 1, 2, 9998, 9999]), 1u32..=366)
            .prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d)
                .unwrap_or(NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default())),
    ]
}

/// Any day chrono can hold.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    prop_oneof![
        (min..=max).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default()),
        // the years around 1 BC, 1 AD and 9999 AD, where the spelling changes
        (-3i32..3, 1u32..=366).prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).unwrap_or_default()),
        (9997i32..10002, 1u32..=366)
            .prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).unwrap_or_default()),
    ]
}

const UNITS: &[Unit] = &[
    Unit::Millennium,
    Unit::Century,
    Unit::Decade,
    Unit::Year,
    Unit::Half,
    Unit::Quarter,
    Unit::Season,
    Unit::Month,
    Unit::Fortnight,
    Unit::Week,
    Unit::Weekend,
    Unit::Day,
];

/// `text[start..end]` in code points.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

fn check_offsets(text: &str, doc: &Document) -> Result<(), TestCaseError> {
    let n = text.chars().count();
    for t in &doc.timexes {
        prop_assert!(t.start < t.end && t.end <= n, "{t:?}");
        prop_assert_eq!(slice(text, t.start, t.end), t.text.clone());
        prop_assert!(text.is_char_boundary(t.bytes.start) && text.is_char_boundary(t.bytes.end));
        // A stated impossible date ("April 31") keeps its value and is flagged by the checker.
        let flagged = doc
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::InvalidDate && f.evidence.timexes.contains(&t.id));
        prop_assert!(
            is_well_formed(&t.value) || flagged,
            "timex value {:?} of {:?}",
            t.value,
            t.text
        );
    }
    for e in &doc.events {
        prop_assert!(e.start < e.end && e.end <= n, "{e:?}");
        prop_assert_eq!(slice(text, e.start, e.end), e.text.clone());
        prop_assert!(text.is_char_boundary(e.bytes.start) && text.is_char_boundary(e.bytes.end));
        if let Some(v) = &e.value {
            let of_timex = doc
                .timexes
                .iter()
                .any(|t| Some(t.id.as_str()) == e.timex.as_deref() && t.value == *v);
            prop_assert!(
                is_well_formed(v) || of_timex,
                "event value {v:?} of {:?}",
                e.text
            );
        }
    }
    for x in &doc.entries {
        let timex_ok = |id: &smol_str::SmolStr| {
            doc.timexes
                .iter()
                .any(|t| t.id == *id && x.value == t.value)
        };
        prop_assert!(
            is_well_formed(&x.value) || x.timex.as_ref().is_some_and(timex_ok),
            "entry value {:?}",
            x.value
        );
    }
    Ok(())
}

fn output(doc: &Document, format: Format) -> Vec<u8> {
    let mut w = Writer::new(Vec::new(), format, false);
    let r = w.write(doc);
    assert!(r.is_ok(), "{r:?}");
    w.finish().unwrap_or_default()
}

fn check_outputs(doc: &Document) -> Result<(), TestCaseError> {
    let json = output(doc, Format::Json);
    let v: Result<serde_json::Value, _> = serde_json::from_slice(&json);
    prop_assert!(v.is_ok(), "JSON does not parse back: {v:?}");
    let mut line = Vec::new();
    prop_assert!(write::jsonl(&mut line, doc).is_ok());
    prop_assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
    let v: Result<serde_json::Value, _> = serde_json::from_slice(&line);
    prop_assert!(v.is_ok(), "JSON Lines does not parse back: {v:?}");
    let csv = output(doc, Format::Csv);
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_slice());
    let mut rows = 0;
    for rec in r.records() {
        prop_assert!(rec.is_ok(), "CSV does not parse back: {rec:?}");
        prop_assert_eq!(rec.map(|r| r.len()).unwrap_or(0), write::CSV_HEADER.len());
        rows += 1;
    }
    prop_assert_eq!(rows, doc.entries.len());
    Ok(())
}

/// 96 cases per property, or `PROPTEST_CASES`.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn extract_is_total_and_consistent(text in any_text(), d in date()) {
        let options = Options::with_published(Published::given(d));
        let doc = extract(&text, &options);
        // Publication dates outside 0000-9999 are refused with a clear error.
        prop_assert!(doc.is_ok() || !(0..=9999).contains(&d.year()), "{doc:?}");
        if let Ok(doc) = doc {
            check_offsets(&text, &doc)?;
            check_outputs(&doc)?;
            // The same input gives the same output.
            let again = extract(&text, &options).map(|d| output(&d, Format::Jsonl));
            prop_assert_eq!(Some(output(&doc, Format::Jsonl)), again.ok());
        }
    }

    #[test]
    fn every_point_value_is_well_formed(
        day in any_day(),
        unit in prop::sample::select(UNITS),
        (h, m) in (0u32..=24, 0u32..60),
    ) {
        // Whatever point the resolver can make: its value is well-formed; a
        // point whose year TIMEX3 can write reads back as itself, and one
        // beyond (after 9999, before 9999 BC) is written with an unknown year.
        for p in [
            Point::containing(day, unit),
            Point::DayPart(day, DayPart::Night),
            Point::Clock(day, h, m),
        ] {
            let v = p.value();
            prop_assert!(is_well_formed(&v), "{p:?} -> {v:?}");
            if p.is_writable() {
                prop_assert_eq!(parse_point(&v), Some(p), "{}", v);
            } else {
                prop_assert!(v.starts_with("XX"), "{p:?} -> {v:?}");
            }
        }
        prop_assert_eq!(
            Point::Day(day).is_writable(),
            WRITABLE_YEARS.contains(&day.year())
        );
    }

    #[test]
    fn detecting_the_date_never_panics(text in news_text()) {
        // Either a document or a clear error: no date found.
        if let Ok(doc) = extract(&text, &Options::default()) {
            check_offsets(&text, &doc)?;
            check_outputs(&doc)?;
        }
    }
}
