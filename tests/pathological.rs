//! Pathological inputs: huge documents without a newline, masses of empty
//! lines, text of only digits and punctuation, years the calendar cannot
//! hold, long chains of relative dates, publication dates at the edges of
//! what chrono represents. Each must end with a result or a clear error, in
//! time linear in its size, without overflowing the stack (tests run on
//! threads with 2 MiB stacks).
//!
//! The quick versions run in `cargo test`; the full-size ones (a 50 MB
//! document, a million empty lines, the linear-time checks) are `#[ignore]`d
//! and run in release by `scripts/pathological.sh`, which `.ci/run` calls.

use chronicler::batch::{self, BatchOptions};
use chronicler::check::FindingKind;
use chronicler::timeml::TimemlDocument;
use chronicler::timex::value::is_well_formed;
use chronicler::write::{Format, Writer};
use chronicler::{extract, Document, ErrorKind, Options, Published};
use chrono::NaiveDate;
use std::time::{Duration, Instant};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn at(d: NaiveDate) -> Options {
    Options::with_published(Published::given(d))
}

/// Extracts, checks offsets and values, and gives the document.
fn sound(text: &str, options: &Options) -> Document {
    let doc = extract(text, options).unwrap_or_else(|e| panic!("{e}"));
    let n = text.chars().count();
    for t in &doc.timexes {
        assert!(t.start < t.end && t.end <= n, "{t:?}");
        let flagged = doc
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::InvalidDate && f.evidence.timexes.contains(&t.id));
        assert!(
            is_well_formed(&t.value) || flagged,
            "value {:?} of {:?}",
            t.value,
            t.text
        );
    }
    doc
}

/// Words of news text, repeated to `bytes`, with `sep` between sentences.
fn news(bytes: usize, sep: &str) -> String {
    let s = "The minister resigned on Friday, two days after the vote of March 3, 2016, and talks resume next week";
    let mut t = String::with_capacity(bytes + s.len());
    while t.len() < bytes {
        t.push_str(s);
        t.push_str(sep);
    }
    t
}

fn digits_and_punctuation(bytes: usize) -> String {
    let pieces = [
        "12/31/99", "-", "0.5", ",", "3:45", "(", "2017", ")", "10,000", "/", "1-2-3", ".",
        "99999", ":", "0001", ";", "24:61", "!", "31.12.", "?", "+1", "...", "0", "%",
    ];
    let mut t = String::with_capacity(bytes + 16);
    let mut i = 0usize;
    while t.len() < bytes {
        t.push_str(pieces[i % pieces.len()]);
        if i.is_multiple_of(3) {
            t.push(' ');
        }
        i = i.wrapping_mul(7).wrapping_add(3) % 1009;
    }
    t
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let r = f();
    (r, start.elapsed())
}

#[test]
fn long_document_without_newline() {
    let text = news(200_000, ". ");
    let doc = sound(&text, &at(date(2016, 3, 10)));
    assert!(doc.timexes.len() > 1000);
    let text = news(200_000, " ");
    sound(&text, &at(date(2016, 3, 10)));
}

#[test]
fn every_writer_on_a_long_document() {
    // Writers that looked entries up by id, or numbered TimeML ids from 1
    // each time, were quadratic in the number of timexes and events.
    let text = news(100_000, ". ");
    let doc = sound(&text, &at(date(2016, 3, 10)));
    let original = TimemlDocument::from_text("long", &text, Some("2016-03-10"));
    for format in [
        Format::Csv,
        Format::Json,
        Format::Jsonl,
        Format::Timeml,
        Format::Timelinejs,
        Format::Html,
    ] {
        let (out, t) = timed(|| {
            let mut w = Writer::new(Vec::new(), format, false);
            w.write_source(&doc, &original)
                .and_then(|()| w.finish())
                .unwrap_or_else(|e| panic!("{format:?}: {e}"))
        });
        assert!(!out.is_empty());
        // timing is reported, not asserted: speed is measured in benchmarks
        eprintln!("{format:?}: {t:?}");
    }
}

#[test]
fn only_digits_and_punctuation() {
    let text = digits_and_punctuation(100_000);
    sound(&text, &at(date(2017, 5, 5)));
    // and without a publication date: a document or a clear error
    match extract(&text, &Options::default()) {
        Ok(_) => {}
        Err(e) => assert_eq!(e.kind(), ErrorKind::PublicationDate),
    }
}

#[test]
fn many_newlines_in_one_document() {
    let text = "\n".repeat(100_000);
    let doc = sound(&text, &at(date(2017, 5, 5)));
    assert!(doc.timexes.is_empty());
    let text = "Talks ended yesterday.\n\n\n".repeat(5_000);
    sound(&text, &at(date(2017, 5, 5)));
}

#[test]
fn empty_lines_in_a_batch() {
    let input = "\n".repeat(20_000);
    let mut out = Vec::new();
    let s = batch::run(input.as_bytes(), &mut out, &BatchOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.documents, s.failures), (20_000, 20_000));
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 20_000);
}

#[test]
fn impossible_and_extreme_years() {
    for text in [
        "The empire fell in 99999 and rose again in 999999999999999999999999.",
        "The site dates from 10,000 BC, older than the 5000 BC finds.",
        "In year 0 and in the year 0000, nothing happened.",
        "The charter of 0001 was signed on January 1, 0001, and renewed on 0001-01-02.",
        "It was 12/31/9999 at 23:59 on December 31, 9999; by January 1, 10000 it was over.",
        "The 10000s and the 0s, the 1st century BC and the 100th century.",
        "In 2017, 20170, 201 and 20.",
        "Rome was founded 2,770 years ago; the pyramids were built 4,500 years ago, \
         the first towns 12,000 years ago.",
        "The next year, in the following decade, the next century and the next millennium.",
        "It ended the day before January 1, 0001, and a week later, in the spring of 0001.",
    ] {
        for d in [
            date(2017, 5, 5),
            date(1, 1, 1),
            date(9999, 12, 31),
            date(0, 1, 1),
        ] {
            sound(text, &at(d));
        }
    }
}

/// The value and rule of each timex of `text` published on `d`.
fn values(text: &str, d: NaiveDate) -> Vec<(String, String, String)> {
    let doc = sound(text, &at(d));
    doc.timexes
        .iter()
        .map(|t| (t.text.clone(), t.value.clone(), t.rule.clone()))
        .collect()
}

#[test]
fn regression_bc_years_are_one_based_and_years_past_9999_unknown() {
    // Astronomical year 0 (chrono's) is 1 BC: TIMEX3 BC0001. Year -1 was
    // written BC0001 (one year off), year 0 as 0000, and years past 9999 as
    // five digits, which is_well_formed rightly refused.
    let v = values("Yesterday, last year and last week.", date(1, 1, 1));
    let got: Vec<&str> = v.iter().map(|(_, v, _)| v.as_str()).collect();
    assert_eq!(got, ["BC0001-12-31", "BC0001", "BC0001-W52"]);
    let v = values("Yesterday and last year.", date(0, 1, 1));
    let got: Vec<&str> = v.iter().map(|(_, v, _)| v.as_str()).collect();
    assert_eq!(got, ["BC0002-12-31", "BC0002"]);
    let v = values("It happened 5,000 years ago.", date(2017, 5, 5));
    assert_eq!(v[0].1, "BC2984"); // 2017 - 5000 = -2983, 2984 BC
    let v = values(
        "The talks began on January 1, 0001. The day before, they met.",
        date(2017, 5, 5),
    );
    assert_eq!(v[1].1, "BC0001-12-31");
    // Beyond 9999 the year is unknown, with a rule that says why, and no days.
    let doc = sound(
        "Tomorrow, next year, last year and next week. The talks began on \
         December 31, 9999. The following day, they met.",
        &at(date(9999, 12, 31)),
    );
    let got: Vec<(&str, &str)> = doc
        .timexes
        .iter()
        .map(|t| (t.value.as_str(), t.rule.rsplit('/').next().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        [
            ("XXXX-01-01", "year_not_writable"),
            ("XXXX", "year_not_writable"),
            ("9998", "from_publication"),
            ("XXXX-W01", "year_not_writable"),
            ("9999-12-31", "stated"),
            ("XXXX-01-01", "year_not_writable"),
        ]
    );
    for t in doc.timexes.iter().filter(|t| t.value.starts_with("XXXX")) {
        assert_eq!((t.first, t.last), (None, None), "{t:?}");
    }
}

#[test]
fn fuzz_year_then_dash_then_multibyte() {
    // Found by cargo fuzz: a year, a dash and a multi-byte character sliced
    // the text inside the character (timex::rules year, "1998-99" ranges).
    for text in [
        "In 2019-\u{FFFD}07-24 it rained.",
        "Published: 2019-é",
        "2019-日本",
    ] {
        sound(text, &at(date(2019, 7, 24)));
        let _ = extract(text, &Options::default());
    }
}

#[test]
fn a_thousand_days_before() {
    let mut text = String::from("The talks began on March 3, 2016.");
    for _ in 0..1000 {
        text.push_str(" The day before, they met.");
    }
    let doc = sound(&text, &at(date(2016, 3, 10)));
    assert!(doc.timexes.len() > 1000);
    // and forwards past the last year TIMEX3 can write, backwards before the first
    let mut text = String::from("The talks began on December 20, 9999.");
    for _ in 0..100 {
        text.push_str(" The following day, they met.");
    }
    sound(&text, &at(date(9999, 12, 31)));
    let mut text = String::from("The talks began on January 10, 0000.");
    for _ in 0..100 {
        text.push_str(" The day before, they met.");
    }
    sound(&text, &at(date(0, 1, 31)));
}

#[test]
fn publication_dates_at_the_edges() {
    let text =
        "Yesterday, last year, next year, in 3,000 years, 5,000 years ago, the next century, \
                tomorrow, next week, last week, on Monday, in May, the 1990s, every day.";
    for d in [
        date(0, 1, 1),
        date(1, 1, 1),
        date(9999, 12, 31),
        date(9999, 1, 1),
    ] {
        sound(text, &at(d));
    }
    // Beyond four-digit years: a clear error, not a panic.
    for d in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        date(10000, 1, 1),
        date(-1, 12, 31),
    ] {
        let e = extract(text, &at(d)).err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::PublicationDate), "{d}");
    }
    // A detected date beyond them as well.
    for text in [
        "Published: 99999-01-01\nIt rained yesterday.",
        "Date: December 31, 262143\nIt rained yesterday.",
        "Published: -0001-01-01\nIt rained yesterday.",
    ] {
        if let Err(e) = extract(text, &Options::default()) {
            assert_eq!(e.kind(), ErrorKind::PublicationDate, "{text}");
        }
    }
}

// Full size: run in release by scripts/pathological.sh.

/// Time of `f(n)` and `f(4n)`, best of three each; panics unless the larger
/// takes less than 8 times as long (4 when linear; slack for a noisy machine).
fn assert_linear(what: &str, n: usize, f: impl Fn(usize)) {
    let best = |n: usize| (0..3).map(|_| timed(|| f(n)).1).min().unwrap_or_default();
    let (small, large) = (best(n), best(4 * n));
    eprintln!("{what}: n={n}: {small:?}, 4n: {large:?}");
    assert!(
        large.as_secs_f64() < 8.0 * small.as_secs_f64().max(0.01),
        "{what}: not linear: {small:?} for {n}, {large:?} for {}",
        4 * n
    );
}

#[test]
#[ignore = "50 MB: run in release by scripts/pathological.sh"]
fn full_fifty_megabytes_without_newline() {
    let text = news(50_000_000, ". ");
    let (doc, t) = timed(|| sound(&text, &at(date(2016, 3, 10))));
    eprintln!("50 MB, one line: {t:?}, {} timexes", doc.timexes.len());
    let text = digits_and_punctuation(50_000_000);
    let (_, t) = timed(|| sound(&text, &at(date(2016, 3, 10))));
    eprintln!("50 MB of digits and punctuation: {t:?}");
    // The batch limit refuses it without holding it whole.
    let line = format!(r#"{{"id": "big", "text": "{}"}}"#, "x".repeat(50_000_000));
    let mut out = Vec::new();
    let s = batch::run(line.as_bytes(), &mut out, &BatchOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.failures, 1);
    assert!(String::from_utf8_lossy(&out).contains("too_large"));
}

#[test]
#[ignore = "a million lines: run in release by scripts/pathological.sh"]
fn full_a_million_empty_lines() {
    let input = "\n".repeat(1_000_000);
    let mut out = Vec::new();
    let (s, t) = timed(|| {
        batch::run(input.as_bytes(), &mut out, &BatchOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
    });
    eprintln!("a million empty lines in a batch: {t:?}");
    assert_eq!((s.documents, s.failures), (1_000_000, 1_000_000));
    let (doc, t) = timed(|| sound(&input, &at(date(2017, 5, 5))));
    eprintln!("a million newlines in one document: {t:?}");
    assert!(doc.timexes.is_empty());
}

#[test]
#[ignore = "timing: run in release by scripts/pathological.sh"]
fn full_linear_time() {
    assert_linear("news without newline", 2_000_000, |n| {
        sound(&news(n, " "), &at(date(2016, 3, 10)));
    });
    assert_linear("news sentences", 2_000_000, |n| {
        sound(&news(n, ". "), &at(date(2016, 3, 10)));
    });
    assert_linear("digits and punctuation", 2_000_000, |n| {
        sound(&digits_and_punctuation(n), &at(date(2016, 3, 10)));
    });
    assert_linear("newlines", 2_000_000, |n| {
        sound(&"\n".repeat(n), &at(date(2016, 3, 10)));
    });
    assert_linear("the day before", 2_000, |n| {
        let mut text = String::from("The talks began on March 3, 2016.");
        for _ in 0..n {
            text.push_str(" The day before, they met.");
        }
        sound(&text, &at(date(2016, 3, 10)));
    });
    assert_linear("empty lines in a batch", 250_000, |n| {
        let mut out = Vec::new();
        let input = "\n".repeat(n);
        let r = batch::run(input.as_bytes(), &mut out, &BatchOptions::default());
        assert!(r.is_ok());
    });
}
