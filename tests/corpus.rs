//! Corpus tests (Duckling style): phrases in `tests/corpus/en/*.tsv`, each
//! with its reference date and the expected extent, type and value, plus a
//! negative corpus of things that must not be tagged. See
//! `tests/corpus/README.md` for the formats.

use chronicler::{extract, Options, Published};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

struct Case {
    file: String,
    line: usize,
    reference: String,
    input: String,
    timex: String,
    kind: String,
    value: String,
}

fn read_cases(name: &str) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/en")
        .join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        out.push(Case {
            file: name.to_string(),
            line: i + 1,
            reference: f.first().copied().unwrap_or("").to_string(),
            input: f.get(1).copied().unwrap_or("").to_string(),
            timex: f.get(2).copied().unwrap_or("").to_string(),
            kind: f.get(3).copied().unwrap_or("").to_string(),
            value: f.get(4).copied().unwrap_or("").to_string(),
        });
    }
    out
}

fn run(reference: &str, input: &str) -> chronicler::Document {
    let date = reference
        .parse()
        .unwrap_or_else(|e| panic!("bad reference {reference}: {e}"));
    extract(input, &Options::with_published(Published::given(date))).expect("extract")
}

const POSITIVE: &[&str] = &[
    "date.tsv",
    "time.tsv",
    "relative.tsv",
    "duration.tsv",
    "set.tsv",
    "vague.tsv",
];

/// Positive cases known to fail, by input sentence: every other case must
/// pass. Each is a reading the rules do not make yet:
/// - "a year earlier" right after a year-ago quarter gives the year, not
///   the quarter: the year-ago quarter is a comparison and does not move the
///   narrative to a quarter (`YEAR_BACK_COMPARISON`); the TBAQ gold itself
///   gives the year in some reports and the quarter in others.
const KNOWN_FAILURES: &[&str] =
    &["Net rose from the year-ago quarter; revenue was up 9% from a year earlier."];

#[test]
fn positive_corpus() {
    let mut total = 0;
    let mut known = 0;
    let mut failures = Vec::new();
    let mut rules_fired = BTreeSet::new();
    for file in POSITIVE {
        for c in read_cases(file) {
            total += 1;
            assert!(
                c.input.contains(&c.timex),
                "{}:{}: timex {:?} not in input",
                c.file,
                c.line,
                c.timex
            );
            assert!(
                matches!(c.kind.as_str(), "DATE" | "TIME" | "DURATION" | "SET"),
                "{}:{}: bad type {:?}",
                c.file,
                c.line,
                c.kind
            );
            let doc = run(&c.reference, &c.input);
            for t in &doc.timexes {
                rules_fired.insert(t.rule.split('/').next().unwrap_or("").to_string());
            }
            let hit = doc.timexes.iter().find(|t| t.text == c.timex);
            match hit {
                Some(t) if t.kind.as_str() == c.kind && t.value == c.value => {
                    if KNOWN_FAILURES.contains(&c.input.as_str()) {
                        eprintln!(
                            "{}:{}: passes now; take it out of KNOWN_FAILURES",
                            c.file, c.line
                        );
                    }
                }
                _ if KNOWN_FAILURES.contains(&c.input.as_str()) => {
                    known += 1;
                }
                _ => {
                    let got: Vec<String> = doc
                        .timexes
                        .iter()
                        .map(|t| format!("{:?} {} {}", t.text, t.kind.as_str(), t.value))
                        .collect();
                    failures.push(format!(
                        "{}:{}: [{}] {:?}: want {:?} {} {}; got [{}]",
                        c.file,
                        c.line,
                        c.reference,
                        c.input,
                        c.timex,
                        c.kind,
                        c.value,
                        got.join(", ")
                    ));
                }
            }
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    let passed = total - failures.len() - known;
    eprintln!(
        "positive corpus: {passed}/{total} passed ({:.1}%), {known} known failures",
        100.0 * passed as f64 / total as f64
    );
    assert!(
        total >= 400,
        "the corpus should hold at least 400 cases, has {total}"
    );
    assert!(
        failures.is_empty(),
        "{} cases failed (listed above)",
        failures.len()
    );
    // Every recognition rule must fire somewhere in the corpus (DESIGN habit 1).
    for rule in chronicler::timex::rules::rule_names() {
        assert!(
            rules_fired.contains(rule),
            "rule {rule} never fires on the corpus"
        );
    }
}

#[test]
fn negative_corpus() {
    let mut failures = Vec::new();
    let cases = read_cases("negative.tsv");
    assert!(
        cases.len() >= 60,
        "the negative corpus should hold at least 60 cases"
    );
    for c in &cases {
        let forbidden = &c.timex;
        let Some(at) = c.input.find(forbidden.as_str()) else {
            panic!(
                "{}:{}: forbidden text {:?} not in input",
                c.file, c.line, forbidden
            );
        };
        let start = c.input[..at].chars().count();
        let end = start + forbidden.chars().count();
        let doc = run(&c.reference, &c.input);
        for t in &doc.timexes {
            if t.start < end && start < t.end {
                failures.push(format!(
                    "{}:{}: {:?} tagged {:?} as {} {}",
                    c.file,
                    c.line,
                    c.input,
                    t.text,
                    t.kind.as_str(),
                    t.value
                ));
            }
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} negative cases were tagged",
        failures.len()
    );
}
