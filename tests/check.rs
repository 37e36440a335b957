//! Tests of `chronicler::check` (issue 4): every inconsistency planted in
//! the test articles of `fixtures/check/` is caught with its kind, every
//! consistent look-alike next to them is left alone, and nothing else is
//! reported. Each article `NAME.txt` has `NAME.expect.tsv`:
//!
//! ```text
//! # published<TAB>2017-03-12
//! KIND<TAB>SNIPPET<TAB>NOTE      one row per planted inconsistency (KIND: weekday_mismatch, ...)
//! ok<TAB>SNIPPET<TAB>NOTE        one row per consistent look-alike
//! ```
//!
//! A snippet occurs exactly once in its article. A planted row is caught
//! when a finding of its kind overlaps the snippet; a look-alike is left
//! alone when no finding overlaps it.

use chronicler::check::{check, Finding, FindingKind, Severity};
use chronicler::{extract, Document, Options, Published};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Row {
    kind: Option<FindingKind>,
    snippet: String,
    note: String,
    start: usize,
    end: usize,
}

struct Article {
    name: String,
    text: String,
    published: NaiveDate,
    rows: Vec<Row>,
}

fn kind(s: &str) -> Option<FindingKind> {
    Some(match s {
        "weekday_mismatch" => FindingKind::WeekdayMismatch,
        "invalid_date" => FindingKind::InvalidDate,
        "tense_vs_date" => FindingKind::TenseVsDate,
        "relative_vs_absolute" => FindingKind::RelativeVsAbsolute,
        "arithmetic" => FindingKind::Arithmetic,
        _ => return None,
    })
}

fn articles() -> Vec<Article> {
    let dir = Path::new(ROOT).join("fixtures/check");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/check")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expect.tsv"))
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no expectation files in {}",
        dir.display()
    );
    paths
        .into_iter()
        .map(|p| {
            let file = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let name = file.trim_end_matches(".expect.tsv").to_string();
            let text = std::fs::read_to_string(dir.join(format!("{name}.txt")))
                .unwrap_or_else(|e| panic!("{name}.txt: {e}"));
            let spec = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{file}: {e}"));
            let mut published = None;
            let mut rows = Vec::new();
            for (n, line) in spec.lines().enumerate() {
                let cols: Vec<&str> = line.split('\t').collect();
                if let Some(rest) = line.strip_prefix("# published\t") {
                    published = Some(rest.trim().parse::<NaiveDate>().expect("published date"));
                    continue;
                }
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                assert!(
                    cols.len() >= 2,
                    "{file}:{}: expected KIND<TAB>SNIPPET<TAB>NOTE",
                    n + 1
                );
                let k = kind(cols[0]);
                assert!(
                    k.is_some() || cols[0] == "ok",
                    "{file}:{}: unknown kind {:?}",
                    n + 1,
                    cols[0]
                );
                let snippet = cols[1].to_string();
                let hits: Vec<usize> = text.match_indices(&snippet).map(|(i, _)| i).collect();
                assert_eq!(
                    hits.len(),
                    1,
                    "{file}:{}: snippet {snippet:?} occurs {} times in {name}.txt",
                    n + 1,
                    hits.len()
                );
                rows.push(Row {
                    kind: k,
                    start: hits[0],
                    end: hits[0] + snippet.len(),
                    snippet,
                    note: cols.get(2).unwrap_or(&"").to_string(),
                });
            }
            Article {
                name,
                text,
                published: published.unwrap_or_else(|| panic!("{file}: no `# published` line")),
                rows,
            }
        })
        .collect()
}

fn run(a: &Article) -> Document {
    extract(
        &a.text,
        &Options::with_published(Published::given(a.published)),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", a.name))
}

fn overlaps(f: &Finding, r: &Row) -> bool {
    f.bytes.start < r.end && r.start < f.bytes.end
}

fn describe(f: &Finding) -> String {
    format!("{} {:?}: {}", f.kind.as_str(), f.text, f.message)
}

#[test]
fn planted_inconsistencies_are_caught() {
    let mut caught = 0;
    let mut missed = Vec::new();
    let mut per_kind = std::collections::BTreeMap::new();
    for a in articles() {
        let doc = run(&a);
        for r in a.rows.iter().filter(|r| r.kind.is_some()) {
            let k = r.kind.unwrap_or(FindingKind::Arithmetic);
            *per_kind.entry(k.as_str()).or_insert(0) += 1;
            if doc.findings.iter().any(|f| f.kind == k && overlaps(f, r)) {
                caught += 1;
            } else {
                missed.push(format!(
                    "{}: {} {:?} ({})",
                    a.name,
                    k.as_str(),
                    r.snippet,
                    r.note
                ));
            }
        }
    }
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
    assert!(caught >= 40, "only {caught} planted inconsistencies");
    for k in [
        "weekday_mismatch",
        "invalid_date",
        "tense_vs_date",
        "relative_vs_absolute",
        "arithmetic",
    ] {
        assert!(
            per_kind.get(k).copied().unwrap_or(0) >= 5,
            "too few planted {k}: {per_kind:?}"
        );
    }
}

#[test]
fn look_alikes_are_left_alone() {
    let mut left = 0;
    let mut flagged = Vec::new();
    for a in articles() {
        let doc = run(&a);
        for r in a.rows.iter().filter(|r| r.kind.is_none()) {
            let hits: Vec<String> = doc
                .findings
                .iter()
                .filter(|f| overlaps(f, r))
                .map(describe)
                .collect();
            if hits.is_empty() {
                left += 1;
            } else {
                flagged.push(format!(
                    "{}: {:?} ({}): {}",
                    a.name,
                    r.snippet,
                    r.note,
                    hits.join("; ")
                ));
            }
        }
    }
    assert!(
        flagged.is_empty(),
        "look-alikes flagged:\n{}",
        flagged.join("\n")
    );
    assert!(left >= 40, "only {left} look-alikes");
}

#[test]
fn nothing_else_is_reported() {
    for a in articles() {
        let doc = run(&a);
        for f in &doc.findings {
            let planted = a
                .rows
                .iter()
                .any(|r| r.kind == Some(f.kind) && overlaps(f, r));
            assert!(planted, "{}: unexpected finding {}", a.name, describe(f));
        }
    }
}

#[test]
fn articles_state_their_publication_date() {
    // the CLI can check them without --published
    for a in articles() {
        let doc =
            extract(&a.text, &Options::default()).unwrap_or_else(|e| panic!("{}: {e}", a.name));
        assert_eq!(doc.document.published, Some(a.published), "{}", a.name);
    }
}

fn seed() -> (String, Document) {
    let text = std::fs::read_to_string(Path::new(ROOT).join("fixtures/seed.txt")).expect("seed");
    let d = NaiveDate::from_ymd_opt(2017, 5, 5).expect("date");
    let doc = extract(&text, &Options::with_published(Published::given(d))).expect("extract");
    (text, doc)
}

#[test]
fn seed_has_exactly_the_weekday_mismatch() {
    let (text, doc) = seed();
    assert_eq!(doc.findings.len(), 1, "{:?}", doc.findings);
    let f = &doc.findings[0];
    assert_eq!(f.kind, FindingKind::WeekdayMismatch);
    assert_eq!(f.text, "Wednesday, April 3rd");
    assert_eq!(
        f.message,
        "Wednesday, April 3rd: April 3, 2017 was a Monday, not a Wednesday"
    );
    let values: Vec<&str> = f.suggestions.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(values, vec!["2017-05-03", "2017-04-03", "2017-04-05"]);
    assert_eq!(f.suggestions[0].text, "Wednesday, May 3, 2017");
    // offsets are code points ("Ecuador’s" has a curly apostrophe before it)
    let chars: Vec<char> = text.chars().collect();
    let span: String = chars[f.start..f.end].iter().collect();
    assert_eq!(span, f.text);
    assert_ne!(f.start, f.bytes.start);
}

#[test]
fn findings_travel_with_the_timeline() {
    let (_, doc) = seed();
    let v = serde_json::to_value(&doc).expect("json");
    let f = &v["findings"][0];
    assert_eq!(f["id"], "f1");
    assert_eq!(f["kind"], "weekday_mismatch");
    assert_eq!(f["severity"], "warning");
    assert!(f["start"].is_u64() && f["end"].is_u64());
    assert_eq!(f["suggestions"][0]["value"], "2017-05-03");
    assert!(f["suggestions"][0]["reason"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    assert!(f["evidence"]["facts"][0].as_str().is_some());
    // the entries dated by the wrong date are marked, the others are not
    let entries = v["entries"].as_array().cloned().unwrap_or_default();
    let marked: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| e.get("findings").is_some())
        .collect();
    assert!(!marked.is_empty());
    for e in &marked {
        assert_eq!(e["findings"][0], "f1");
        assert!(e["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("2017-04-03")));
    }
    assert!(entries.iter().any(|e| e.get("findings").is_none()));
}

#[test]
fn check_is_callable_on_its_own_and_agrees_with_extract() {
    for a in articles() {
        let doc = run(&a);
        assert_eq!(check(&a.text, &doc), doc.findings, "{}", a.name);
    }
}

#[test]
fn severities_follow_what_is_stated() {
    let text = "It opened on Friday, Nov. 18, 2015. It closed on April 31.";
    let d = NaiveDate::from_ymd_opt(2017, 3, 12).expect("date");
    let doc = extract(text, &Options::with_published(Published::given(d))).expect("extract");
    assert_eq!(doc.findings.len(), 2);
    assert!(doc.findings.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(doc.findings[0].id, "f1");
    assert_eq!(doc.findings[1].id, "f2");
}

#[test]
fn never_panics_on_odd_input() {
    let d = NaiveDate::from_ymd_opt(2017, 3, 12).expect("date");
    let odd = [
        "",
        "Feb. 29",
        "on Wednesday, Feb. 31, 9999 and 25:99",
        "The 0th anniversary of the 0001 founding. A 999-year-old born in 9999.",
        "Last year, in 0001. Ten thousand days later, on June 30. 2,147,483,647 years after 2001, in 2005.",
        "“On March 30,” – “was signed” — ``on Monday, April 3'' “",
        "Ünïcödé 🎉 on Sunday, March 5 🎉 yesterday, March 1 🎉",
        "5,000,000 years to the day after Jan. 1, 2000, on Jan. 2, 2000.",
        "from January to June 2019 a 3-month span; a 100000-year plan from 2015 to 2019.",
    ];
    for t in odd {
        if let Ok(doc) = extract(t, &Options::with_published(Published::given(d))) {
            let _ = check(t, &doc);
        }
    }
    // every fixture cut at many places (the curly quotes of the seed too)
    let (seed_text, _) = seed();
    let d = NaiveDate::from_ymd_opt(2017, 5, 5).expect("date");
    for (c, _) in seed_text.char_indices().step_by(13) {
        let t = &seed_text[..c];
        if let Ok(doc) = extract(t, &Options::with_published(Published::given(d))) {
            let _ = check(t, &doc);
        }
    }
    for a in articles() {
        let cuts: Vec<usize> = a.text.char_indices().map(|(i, _)| i).step_by(97).collect();
        for c in cuts {
            let t = &a.text[..c];
            if let Ok(doc) = extract(t, &Options::with_published(Published::given(a.published))) {
                let _ = check(t, &doc);
            }
        }
    }
}

// ------------------------------------------------------------------ the CLI

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chronicler"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("run chronicler");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_check_seed_reports_the_weekday_mismatch() {
    let (code, out, err) = cli(&["check", "fixtures/seed.txt", "--published", "2017-05-05"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with(
        "warning[weekday_mismatch]: Wednesday, April 3rd: April 3, 2017 was a Monday, not a Wednesday\n"
    ), "{out}");
    assert!(out.contains("--> fixtures/seed.txt:8:149"), "{out}");
    assert!(
        out.contains("^^^^^^^^^^^^^^^^^^^^ April 3, 2017 was a Monday"),
        "{out}"
    );
    let first = out.find("1. Wednesday, May 3, 2017 (2017-05-03)");
    let second = out.find("2. Monday, April 3, 2017 (2017-04-03)");
    let third = out.find("3. Wednesday, April 5, 2017 (2017-04-05)");
    assert!(first < second && second < third && first.is_some(), "{out}");
    assert!(
        out.ends_with("1 finding (0 errors, 1 warning) in 1 file\n"),
        "{out}"
    );
    // not a terminal: no colour
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn cli_check_exit_status_and_quiet() {
    let (code, out, _) = cli(&[
        "check",
        "fixtures/seed.txt",
        "--published",
        "2017-05-05",
        "--quiet",
    ]);
    assert_eq!((code, out.as_str()), (1, "1\n"));
    let (code, out, _) = cli(&["check", "fixtures/court.txt", "--quiet"]);
    assert_eq!((code, out.as_str()), (0, "0\n"));
    let (code, out, _) = cli(&[
        "check",
        "fixtures/check/parliament.txt",
        "fixtures/check/memorial.txt",
        "-q",
    ]);
    assert_eq!(code, 1);
    assert_eq!(out, "21\n");
    let (code, _, err) = cli(&["check", "fixtures/no-such-file.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-file.txt"), "{err}");
    let (code, _, err) = cli(&["check", "fixtures/seed.txt", "--published", "someday"]);
    assert_eq!(code, 2);
    assert!(err.contains("--published"), "{err}");
    // an error wins over findings
    let (code, _, _) = cli(&[
        "check",
        "fixtures/seed.txt",
        "fixtures/no-such-file.txt",
        "--published",
        "2017-05-05",
    ]);
    assert_eq!(code, 2);
}

#[test]
fn cli_check_json() {
    let (code, out, _) = cli(&[
        "check",
        "fixtures/seed.txt",
        "--published",
        "2017-05-05",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["document"]["published"], "2017-05-05");
    let f = &v["findings"][0];
    for key in [
        "kind",
        "start",
        "end",
        "text",
        "message",
        "suggestions",
        "severity",
    ] {
        assert!(f.get(key).is_some(), "no {key} in {f}");
    }
    assert_eq!(f["kind"], "weekday_mismatch");
    assert_eq!(f["suggestions"][0]["value"], "2017-05-03");
    let (_, out, _) = cli(&[
        "check",
        "fixtures/launch.txt",
        "fixtures/court.txt",
        "-f",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    assert_eq!(v[0]["findings"][0]["text"], "Monday, June 12");
    assert_eq!(v[1]["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn cli_extract_json_carries_the_findings() {
    let (code, out, err) = cli(&[
        "extract",
        "fixtures/seed.txt",
        "--published",
        "2017-05-05",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"][0]["kind"], "weekday_mismatch");
    let entries = v["entries"].as_array().cloned().unwrap_or_default();
    assert!(entries.iter().any(|e| e["findings"][0] == "f1"));
}

// ------------------------------------------------------------ TBAQ-cleaned

/// The checker over the 256 newswire documents of TBAQ-cleaned, each with
/// its creation date: real newswire has few real inconsistencies, so this
/// is a precision floor. `scripts/check_tbaq.sh` lists the findings and
/// BENCHMARKS.md judges each. Skipped when `../shared` is not there.
#[test]
fn tbaq_findings_stay_few() {
    let root = Path::new(ROOT).join("../shared/corpora/tbaq-cleaned");
    if !root.is_dir() {
        eprintln!("skipped: no corpus at {}", root.display());
        return;
    }
    let mut files = Vec::new();
    for part in ["TimeBank", "AQUAINT"] {
        if let Ok(rd) = std::fs::read_dir(root.join(part)) {
            files.extend(
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "tml")),
            );
        }
    }
    files.sort();
    assert_eq!(files.len(), 256);
    let run = |chunk: &[PathBuf]| -> Vec<String> {
        let mut found = Vec::new();
        for p in chunk {
            let src = std::fs::read_to_string(p).unwrap_or_default();
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let Ok(tml) = chronicler::timeml::parse(&src, &name) else {
                continue;
            };
            let options = Options {
                published: tml.published(),
                ..Options::default()
            };
            if let Ok(doc) = extract(&tml.text, &options) {
                found.extend(
                    doc.findings
                        .iter()
                        .map(|f| format!("{name}: {}", describe(f))),
                );
            }
        }
        found
    };
    let half = files.len() / 2;
    let (a, b) = files.split_at(half);
    let found: Vec<String> = std::thread::scope(|s| {
        let h = s.spawn(|| run(a));
        let mut v = run(b);
        v.extend(h.join().unwrap_or_default());
        v
    });
    // one real inconsistency (BENCHMARKS.md): "Diana de Cardenas, 33, was
    // born in Cuba in 1984" in an article of March 30, 2000
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("NYT20000330.0406: arithmetic")),
        "{found:#?}"
    );
    assert!(
        found.len() <= 2,
        "more findings on TBAQ than judged:\n{}",
        found.join("\n")
    );
}
