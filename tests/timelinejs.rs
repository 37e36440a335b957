//! Tests of the timeline writers through the `chronicler` binary:
//! `--format timelinejs` against the rules of the TimelineJS3 JSON format
//! (<https://timeline.knightlab.com/docs/json-format.html>: `events`
//! required, `start_date` required on every event slide, date fields are
//! numbers, `year` required, months 1-12, days that exist, hours 0-23,
//! minutes 0-59) on every fixture and on all of them at once; and
//! `--format html` without a browser (one file, nothing fetched, the data
//! block intact and escaped). The page in a real browser is
//! `scripts/browser_test.py`, run by `.ci/run`.

use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_chronicler");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("run chronicler")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

/// The fixtures: the seed (which has no date in it) and the others.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("fixtures"))
        .expect("fixtures/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .map(|n| format!("fixtures/{n}"))
        .collect();
    names.sort();
    names
}

const SEED: &str = "fixtures/seed.txt";

/// Runs `extract` on `inputs` (adding the seed's date when it is one of them).
fn extract(inputs: &[String], format: &str, extra: &[&str]) -> (String, String) {
    let mut a: Vec<&str> = vec!["extract"];
    a.extend(inputs.iter().map(String::as_str));
    if inputs.iter().any(|i| i == SEED) {
        a.extend(["--published", "2017-05-05"]);
    }
    a.extend(["--format", format]);
    a.extend(extra);
    let o = run(&a);
    let out = ok(&o);
    (out, String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Every fixture in `format`, one file each (two runs: the seed, the
/// others), with the standard error of the runs.
fn per_fixture(format: &str, extra: &[&str]) -> (Vec<(String, String)>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = format!("{}/", dir.path().display());
    let names = fixture_names();
    let (seed, others): (Vec<String>, Vec<String>) = names.iter().cloned().partition(|n| n == SEED);
    let mut err = String::new();
    for group in [seed, others] {
        let mut args = extra.to_vec();
        args.extend(["-o", out.as_str()]);
        err.push_str(&extract(&group, format, &args).1);
    }
    let ext = if format == "timelinejs" {
        "timeline.json"
    } else {
        format
    };
    let files = names
        .iter()
        .map(|n| {
            let stem = n.trim_start_matches("fixtures/").trim_end_matches(".txt");
            let body = std::fs::read_to_string(dir.path().join(format!("{stem}.{ext}")))
                .unwrap_or_else(|e| panic!("{n}: {e}"));
            (n.clone(), body)
        })
        .collect();
    (files, err)
}

/// The timeline entries `--format json` gives, per fixture.
fn fixture_entries() -> Vec<(String, Vec<Value>)> {
    per_fixture("json", &[])
        .0
        .into_iter()
        .map(|(n, body)| {
            let v: Value = serde_json::from_str(&body).expect("json");
            (n, v["entries"].as_array().cloned().unwrap_or_default())
        })
        .collect()
}

fn int(o: &Map<String, Value>, key: &str, what: &str) -> Option<i64> {
    let v = o.get(key)?;
    assert!(
        v.is_i64() || v.is_u64(),
        "{what}: {key} must be a whole number, is {v}"
    );
    v.as_i64()
}

/// Checks one TimelineJS date object; returns its fields for ordering.
fn check_date(v: &Value, what: &str) -> (i64, i64, i64, i64, i64) {
    let o = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not an object: {v}"));
    for k in o.keys() {
        assert!(
            [
                "year",
                "month",
                "day",
                "hour",
                "minute",
                "second",
                "millisecond",
                "display_date"
            ]
            .contains(&k.as_str()),
            "{what}: unknown date field {k}"
        );
    }
    let year = int(o, "year", what).unwrap_or_else(|| panic!("{what}: year is required: {v}"));
    let month = int(o, "month", what);
    let day = int(o, "day", what);
    let hour = int(o, "hour", what);
    let minute = int(o, "minute", what);
    if let Some(m) = month {
        assert!((1..=12).contains(&m), "{what}: month {m} not in 1-12");
    }
    if let Some(d) = day {
        let m = month.unwrap_or_else(|| panic!("{what}: a day without a month"));
        assert!(
            chrono::NaiveDate::from_ymd_opt(year as i32, m as u32, d as u32).is_some(),
            "{what}: {year}-{m}-{d} is not a day"
        );
    }
    if let Some(h) = hour {
        assert!(day.is_some(), "{what}: an hour without a day");
        assert!((0..=23).contains(&h), "{what}: hour {h} not in 0-23");
    }
    if let Some(m) = minute {
        assert!(hour.is_some(), "{what}: a minute without an hour");
        assert!((0..=59).contains(&m), "{what}: minute {m} not in 0-59");
    }
    (
        year,
        month.unwrap_or(1),
        day.unwrap_or(1),
        hour.unwrap_or(0),
        minute.unwrap_or(0),
    )
}

/// Markup allowed in text fields: what the writer puts there; every other
/// `<` must have been escaped.
fn check_markup(s: &str, what: &str) {
    let mut rest = s;
    while let Some(p) = rest.find('<') {
        let after = &rest[p + 1..];
        let tag: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ["mark", "strong", "em", "br", "small", "p"].contains(&tag.as_str()),
            "{what}: unexpected markup <{tag} in {s}"
        );
        rest = after;
    }
}

/// Checks a TimelineJS file against the format's rules; returns its events.
fn check_timeline(out: &str, what: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{what}: {e}"));
    let title = &v["title"];
    assert!(
        title["text"]["headline"]
            .as_str()
            .is_some_and(|h| !h.is_empty()),
        "{what}: title headline"
    );
    assert!(title.get("start_date").is_none() || title["start_date"].is_object());
    let events = v["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: events is required"))
        .clone();
    let mut ids = HashSet::new();
    for (i, e) in events.iter().enumerate() {
        let what = format!("{what}: events[{i}]");
        let o = e
            .as_object()
            .unwrap_or_else(|| panic!("{what}: not an object"));
        for k in o.keys() {
            assert!(
                [
                    "start_date",
                    "end_date",
                    "text",
                    "media",
                    "group",
                    "display_date",
                    "background",
                    "autolink",
                    "unique_id"
                ]
                .contains(&k.as_str()),
                "{what}: unknown slide field {k}"
            );
        }
        let start = check_date(
            o.get("start_date")
                .unwrap_or_else(|| panic!("{what}: start_date is required")),
            &format!("{what}.start_date"),
        );
        if let Some(end) = o.get("end_date") {
            let end = check_date(end, &format!("{what}.end_date"));
            assert!(end >= start, "{what}: ends before it starts");
        }
        for k in ["display_date", "group", "unique_id"] {
            if let Some(x) = o.get(k) {
                assert!(
                    x.as_str().is_some_and(|s| !s.is_empty()),
                    "{what}: {k} must be a string"
                );
            }
        }
        let text = &o["text"];
        for k in ["headline", "text"] {
            let s = text[k]
                .as_str()
                .unwrap_or_else(|| panic!("{what}: text.{k} must be a string"));
            check_markup(s, &format!("{what}.text.{k}"));
        }
        assert!(
            text["text"].as_str().is_some_and(|s| s.contains("<mark>")),
            "{what}: the time expression is not marked"
        );
        let id = o["unique_id"].as_str().unwrap_or_default().to_string();
        assert!(ids.insert(id.clone()), "{what}: unique_id {id} repeated");
    }
    events
}

#[test]
fn every_fixture_is_a_valid_timelinejs_file() {
    let entries = fixture_entries();
    let (files, err) = per_fixture("timelinejs", &[]);
    let (omitted, omit_err) = per_fixture("timelinejs", &["--vague", "omit"]);
    for (((what, out), (_, entries)), (_, omit_out)) in files.iter().zip(&entries).zip(&omitted) {
        let events = check_timeline(out, what);
        let dated = entries.iter().filter(|e| !e["first"].is_null()).count();
        assert_eq!(events.len(), dated, "{what}: one slide per placed entry");
        assert_eq!(
            dated < entries.len(),
            err.contains(what.as_str()),
            "{what}: {err}"
        );
        // Slides follow the timeline, ids are event ids, groups event classes.
        let ids: Vec<&str> = events
            .iter()
            .filter_map(|e| e["unique_id"].as_str())
            .collect();
        let want: Vec<&str> = entries
            .iter()
            .filter(|e| !e["first"].is_null())
            .filter_map(|e| e["event"].as_str())
            .collect();
        assert_eq!(ids, want, "{what}");
        for e in &events {
            let g = e["group"].as_str().unwrap_or_default();
            assert!(
                g.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{what}: group {g}"
            );
        }
        // Vague entries left out on request, and said so.
        let kept = check_timeline(omit_out, what).len();
        let vague = entries.iter().filter(|e| e["vague"] == true).count();
        assert_eq!(kept, entries.len() - vague, "{what}: --vague omit");
        let note = format!("{what}: timelinejs: left out {vague} timeline");
        assert_eq!(vague > 0, omit_err.contains(&note), "{what}: {omit_err}");
    }
}

#[test]
fn several_documents_share_one_timeline() {
    let args: Vec<String> = fixture_names().into_iter().filter(|n| n != SEED).collect();
    let docs = args.len();
    let (out, _) = extract(&args, "timelinejs", &[]);
    let events = check_timeline(&out, "all fixtures");
    let (json, _) = extract(&args, "json", &[]);
    let json: Value = serde_json::from_str(&json).expect("json");
    let total: usize = json
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["entries"].as_array().map_or(0, Vec::len))
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(events.len(), total);
    let groups: HashSet<&str> = events.iter().filter_map(|e| e["group"].as_str()).collect();
    assert_eq!(groups.len(), docs, "one group per document: {groups:?}");
    assert!(groups.iter().all(|g| g.starts_with("fixtures/")));
    assert!(events.iter().all(|e| e["unique_id"]
        .as_str()
        .is_some_and(|id| id.starts_with('d'))));
    let v: Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(v["title"]["text"]["headline"], format!("{docs} articles"));
}

#[test]
fn seed_dates_carry_exactly_their_fields() {
    let (out, _) = extract(&[SEED.to_string()], "timelinejs", &[]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v["title"]["text"]["headline"],
        "Raul Castro is ready to help his North Korean counterpart Kim Jong-un as he faces a crisis with the Trump…"
    );
    assert!(v["title"]["text"]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("Published May 5, 2017 (given)")));
    let by_id = |id: &str| -> Value {
        v["events"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["unique_id"] == id).cloned())
            .unwrap_or_else(|| panic!("no slide {id}"))
    };
    // "since 1960": the year only.
    let e = by_id("e17");
    assert_eq!(e["start_date"], serde_json::json!({"year": 1960}));
    assert!(e.get("end_date").is_none() && e.get("display_date").is_none());
    assert_eq!(e["group"], "OCCURRENCE");
    // "this week": a span with its words.
    let e = by_id("e6");
    assert_eq!(
        e["start_date"],
        serde_json::json!({"year": 2017, "month": 5, "day": 1})
    );
    assert_eq!(
        e["end_date"],
        serde_json::json!({"year": 2017, "month": 5, "day": 7})
    );
    assert_eq!(e["display_date"], "May 1–7, 2017 (week 18)");
    assert!(e["text"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("held <mark>this week</mark> in Havana")));
    // "shortly after midnight, ... launched": told in the past, the midnight
    // that began the early hours of April 3 (`MIDNIGHT_PAST`; `T24:00` is
    // written as 00:00 the next day, which the writer's unit tests cover).
    let e = by_id("e25");
    assert_eq!(
        e["start_date"],
        serde_json::json!({"year": 2017, "month": 4, "day": 3, "hour": 0, "minute": 0})
    );
    // The checker's doubt travels with the slide.
    let e = by_id("e22");
    assert!(e["text"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("Checker warning")));
    // "recently": placed the day before publication, and said to be vague.
    let e = by_id("e14");
    assert_eq!(
        e["start_date"],
        serde_json::json!({"year": 2017, "month": 5, "day": 4})
    );
    assert_eq!(
        e["display_date"],
        "“recently”: some time before May 5, 2017 (not stated)"
    );
}

#[test]
fn text_is_escaped_in_timelinejs() {
    let text = "Published: 2017-05-05\n\n<b>Hello</b> & co\nThe <script>alert(1)</script> summit was held on May 3.\n";
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.txt");
    std::fs::write(&path, text).expect("write");
    let p = path.to_string_lossy().into_owned();
    let (out, _) = extract(std::slice::from_ref(&p), "timelinejs", &[]);
    let events = check_timeline(&out, "escaping");
    assert!(!events.is_empty());
    assert!(
        out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{out}"
    );
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v["title"]["text"]["headline"],
        "&lt;b&gt;Hello&lt;/b&gt; &amp; co"
    );

    let (page, _) = extract(&[p], "html", &[]);
    assert_eq!(
        page.matches("</script>").count(),
        2,
        "only the two script blocks end"
    );
    assert!(!page.contains("<script>alert"), "raw text in the page");
    assert!(page.contains("&lt;b&gt;Hello&lt;/b&gt; &amp; co"));
}

/// The JSON data block of a page.
fn page_data(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"chronicler-data\">";
    let start = page.find(open).expect("data block") + open.len();
    let end = start
        + page[start..]
            .find("</script>")
            .expect("end of the data block");
    serde_json::from_str(&page[start..end]).expect("data block is JSON")
}

#[test]
fn html_pages_are_self_contained() {
    let entries = fixture_entries();
    let (pages, _) = per_fixture("html", &[]);
    for ((what, page), (_, want)) in pages.iter().zip(&entries) {
        assert!(page.starts_with("<!DOCTYPE html>"), "{what}");
        for outside in ["http://", "https://", " src=", "<link", "@import", "url("] {
            assert!(!page.contains(outside), "{what}: {outside} in the page");
        }
        let data = page_data(page);
        let got = data["docs"][0]["entries"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            got.len(),
            want.len(),
            "{what}: one entry per timeline entry"
        );
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g["event"], w["event"], "{what}: timeline order");
            assert_eq!(g["vague"], w["vague"], "{what}");
        }
        // The list under the chart has them all too (after the legend's six items).
        assert_eq!(
            page.matches("<li").count() - 6,
            want.len(),
            "{what}: listed entries"
        );
    }
    let all: Vec<String> = fixture_names().into_iter().filter(|n| n != SEED).collect();
    let (page, _) = extract(&all, "html", &[]);
    let data = page_data(&page);
    assert_eq!(data["docs"].as_array().map(Vec::len), Some(all.len()));
}

#[test]
fn html_to_a_file_and_vague_omitted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("timeline.html");
    let p = path.to_string_lossy().into_owned();
    let o = run(&[
        "extract",
        "fixtures/seed.txt",
        "--published",
        "2017-05-05",
        "-f",
        "html",
        "--vague",
        "omit",
        "-o",
        &p,
    ]);
    assert_eq!(ok(&o), "");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("fixtures/seed.txt: html: left out 5 timeline entries"),
        "{err}"
    );
    let page = std::fs::read_to_string(&path).expect("page written");
    let data = page_data(&page);
    let got = data["docs"][0]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(got.iter().all(|e| e["vague"] == false));
    assert_eq!(got.len(), 8);
}
