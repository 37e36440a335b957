//! Tests of the `chronicler` binary as users run it: inputs (files, stdin,
//! BOM, CRLF, invalid UTF-8, empty), publication dates (given, detected in
//! every fixture, missing), formats (each parses back), `-o` (atomic),
//! broken pipes, and the golden output for the seed article.
//!
//! Golden files live in `tests/golden/`. When the pipeline changes the
//! output on purpose, refresh them with
//! `UPDATE_GOLDEN=1 cargo test --test cli golden` and review the diff.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_chronicler");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `chronicler` from the package root with `args`, feeding `stdin`.
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run chronicler");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("wait for chronicler")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts success and returns stdout.
fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status.code(),
        stderr(o)
    );
    stdout(o)
}

/// Asserts the error exit status (2) and returns stderr.
fn fails(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(2),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
    stderr(o)
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&ok(o)).expect("valid JSON")
}

fn seed() -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join("fixtures/seed.txt")).expect("seed fixture")
}

/// `extract fixtures/seed.txt --published 2017-05-05 -f json`, parsed.
fn seed_json() -> Value {
    json(&run(
        &[
            "extract",
            "fixtures/seed.txt",
            "--published",
            "2017-05-05",
            "-f",
            "json",
        ],
        None,
    ))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test input");
    p.to_string_lossy().into_owned()
}

/// What should not change with the way the text is stored: timexes, events, timeline.
fn content(doc: &Value) -> Value {
    let pick = |key: &str, fields: &[&str]| -> Value {
        doc[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        fields
                            .iter()
                            .map(|f| x[*f].clone())
                            .collect::<Vec<_>>()
                            .into()
                    })
                    .collect::<Vec<Value>>()
                    .into()
            })
            .unwrap_or(Value::Null)
    };
    serde_json::json!({
        "timexes": pick("timexes", &["text", "type", "value"]),
        "events": pick("events", &["text", "class", "value"]),
        "timeline": doc["timeline"],
    })
}

/// Checks that every timex's and event's offsets are code points into `text`.
fn offsets_match(doc: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for key in ["timexes", "events"] {
        for x in doc[key].as_array().expect("array") {
            let (s, e) = (
                x["start"].as_u64().unwrap_or(0) as usize,
                x["end"].as_u64().unwrap_or(0) as usize,
            );
            let got: String = chars
                .get(s..e)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            assert_eq!(got, x["text"].as_str().unwrap_or(""), "{key} {x}");
        }
    }
}

// ---------------------------------------------------------------------------
// Errors

#[test]
fn missing_file_is_named() {
    let o = run(
        &[
            "extract",
            "no/such/article.txt",
            "--published",
            "2017-05-05",
        ],
        None,
    );
    let err = fails(&o);
    assert!(err.contains("no/such/article.txt: no such file"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn bad_published_is_refused_before_reading() {
    for bad in ["someday", "May 5", "2017-13-45", "10:30"] {
        let o = run(&["extract", "fixtures/seed.txt", "--published", bad], None);
        let err = fails(&o);
        assert!(
            err.contains(&format!("--published: cannot read {bad:?} as a date")),
            "{err}"
        );
        assert!(
            err.contains("2017-05-05"),
            "the message shows a form that works: {err}"
        );
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn invalid_utf8_says_how_many_bytes_and_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(
        dir.path(),
        "latin1.txt",
        b"Date: May 5, 2017\n\nThe caf\xE9 opened\non Monday and the na\xEFve plan \xFF failed.\n",
    );
    let o = run(&["extract", &f], None);
    let err = fails(&o);
    assert!(
        err.contains(&format!("{f}: not valid UTF-8: 3 invalid bytes")),
        "{err}"
    );
    assert!(
        err.contains("at byte 26 (line 3), byte 55 (line 4) and byte 64 (line 4)"),
        "{err}"
    );
    assert!(err.contains("--lossy"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn no_publication_date_asks_for_published() {
    let o = run(&["extract", "fixtures/seed.txt"], None);
    let err = fails(&o);
    assert!(
        err.contains("fixtures/seed.txt: no publication date found"),
        "{err}"
    );
    assert!(err.contains("--published"), "{err}");
    assert!(
        o.stdout.is_empty(),
        "nothing is written when no input made it"
    );
}

#[test]
fn a_bad_input_does_not_stop_the_others() {
    let o = run(
        &[
            "extract",
            "fixtures/launch.txt",
            "missing.txt",
            "fixtures/court.txt",
            "--format",
            "json",
        ],
        None,
    );
    let err = fails(&o);
    assert!(err.contains("missing.txt: no such file"), "{err}");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON array");
    let ids: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["document"]["id"].as_str())
        .collect();
    assert_eq!(ids, ["fixtures/launch.txt", "fixtures/court.txt"]);
}

#[test]
fn usage_errors() {
    let o = run(&["extract"], None);
    fails(&o);
    let o = run(
        &["extract", "-", "-", "--published", "2017-05-05"],
        Some(b""),
    );
    assert!(fails(&o).contains("only once"));
    let o = run(&["extract", "fixtures/seed.txt", "--format", "xml"], None);
    fails(&o);
}

// ---------------------------------------------------------------------------
// Inputs

#[test]
fn empty_input_gives_an_empty_timeline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(dir.path(), "empty.txt", b"");
    let v = json(&run(
        &[
            "extract",
            &f,
            "--published",
            "2017-05-05",
            "--format",
            "json",
        ],
        None,
    ));
    assert_eq!(v["document"]["published"], "2017-05-05");
    assert_eq!(v["timeline"], serde_json::json!([]));
    assert_eq!(v["timexes"], serde_json::json!([]));
    // no date is needed when there is nothing to date
    let v = json(&run(&["extract", &f, "--format", "json"], None));
    assert_eq!(v["document"]["published"], Value::Null);
    assert_eq!(v["timeline"], serde_json::json!([]));
    let csv = ok(&run(&["extract", &f], None));
    assert_eq!(csv.lines().count(), 1, "header only: {csv}");
    let blank = write(dir.path(), "blank.txt", b"\xEF\xBB\xBF \r\n\r\n");
    assert_eq!(ok(&run(&["extract", &blank], None)).lines().count(), 1);
}

#[test]
fn stdin_input() {
    let from_file = seed_json();
    let v = json(&run(
        &["extract", "-", "--published", "2017-05-05", "-f", "json"],
        Some(&seed()),
    ));
    assert_eq!(v["document"]["id"], "<stdin>");
    assert_eq!(v["timexes"], from_file["timexes"]);
    assert_eq!(v["timeline"], from_file["timeline"]);
}

#[test]
fn bom_is_skipped_and_offsets_count_from_after_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(seed());
    let f = write(dir.path(), "bom.txt", &bytes);
    let plain = seed_json();
    let v = json(&run(
        &["extract", &f, "--published", "2017-05-05", "-f", "json"],
        None,
    ));
    assert_eq!(
        v["timexes"], plain["timexes"],
        "same offsets as without the BOM"
    );
    assert_eq!(v["events"], plain["events"]);
    // detection sees through the BOM too
    let g = write(
        dir.path(),
        "bomdate.txt",
        b"\xEF\xBB\xBFPublished: 2019-07-24\n\nIt launched yesterday.",
    );
    assert_eq!(
        json(&run(&["extract", &g, "-f", "json"], None))["document"]["published"],
        "2019-07-24"
    );
}

#[test]
fn crlf_line_ends() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["launch.txt", "diplomacy.txt", "sports.txt"] {
        let lf = String::from_utf8(
            std::fs::read(Path::new(ROOT).join("fixtures").join(name)).expect("fixture"),
        )
        .expect("UTF-8");
        let crlf = lf.replace('\n', "\r\n");
        let f = write(dir.path(), name, crlf.as_bytes());
        let a = json(&run(
            &[
                "extract",
                &format!("fixtures/{name}"),
                "--published",
                "2017-05-05",
                "-f",
                "json",
            ],
            None,
        ));
        let b = json(&run(
            &["extract", &f, "--published", "2017-05-05", "-f", "json"],
            None,
        ));
        assert_eq!(content(&a), content(&b), "{name}");
        offsets_match(&b, &crlf);
        // detected dates too
        let a = json(&run(
            &["extract", &format!("fixtures/{name}"), "-f", "json"],
            None,
        ));
        let b = json(&run(&["extract", &f, "-f", "json"], None));
        assert_eq!(
            a["document"]["published"], b["document"]["published"],
            "{name}"
        );
    }
}

#[test]
fn lossy_replaces_and_warns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(
        dir.path(),
        "bad.txt",
        b"Date: May 5, 2017\n\nThe caf\xE9 opened yesterday.\n",
    );
    let o = run(&["extract", &f, "--lossy", "-f", "json"], None);
    let v = json(&o);
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "warning: {f}: not valid UTF-8: replaced 1 invalid byte, at byte 26 (line 3)"
        )),
        "{err}"
    );
    let text = "Date: May 5, 2017\n\nThe caf\u{FFFD} opened yesterday.\n";
    offsets_match(&v, text);
    assert!(
        v["timexes"].as_array().is_some_and(|t| t
            .iter()
            .any(|x| x["text"] == "yesterday" && x["value"] == "2017-05-04")),
        "{v}"
    );
}

// ---------------------------------------------------------------------------
// Publication dates

/// `fixtures/README.md`'s table: file name and publication date.
fn fixture_dates() -> Vec<(String, String, bool)> {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("fixtures/README.md"))
        .expect("fixtures/README.md");
    readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let name = cells.get(1)?.trim_matches('`').to_string();
            let date = cells.get(2)?.split_whitespace().next()?.to_string();
            let stated = !cells.get(3)?.starts_with("not in the file");
            Some((name, date, stated))
        })
        .collect()
}

#[test]
fn every_fixture_date_is_detected() {
    let rows = fixture_dates();
    assert!(rows.len() >= 7, "fixtures/README.md table: {rows:?}");
    for (name, date, stated) in rows {
        let path = format!("fixtures/{name}");
        let o = run(&["extract", &path, "-f", "json"], None);
        if stated {
            let v = json(&o);
            assert_eq!(
                v["document"]["published"],
                date.as_str(),
                "{name}: {}",
                v["document"]
            );
            let source = v["document"]["published_source"].as_str().unwrap_or("");
            assert!(
                source.ends_with("line 1"),
                "{name}: the date is on line 1, got {source:?}"
            );
        } else {
            assert!(fails(&o).contains("--published"), "{name}");
        }
    }
    let v = json(&run(
        &["extract", "fixtures/diplomacy.txt", "-f", "json"],
        None,
    ));
    assert_eq!(v["document"]["published_source"], "dateline in line 1");
}

#[test]
fn given_date_wins_and_is_reported() {
    let v = json(&run(
        &[
            "extract",
            "fixtures/launch.txt",
            "--published",
            "Fri, 05 May 2017 09:30:00 +0000",
            "-f",
            "json",
        ],
        None,
    ));
    assert_eq!(v["document"]["published"], "2017-05-05");
    assert_eq!(v["document"]["published_source"], "given");
    for form in [
        "May 5, 2017",
        "5 May 2017",
        "2017-05-05T09:30:00Z",
        "05/05/2017",
    ] {
        let v = json(&run(
            &[
                "extract",
                "fixtures/seed.txt",
                "--published",
                form,
                "-f",
                "json",
            ],
            None,
        ));
        assert_eq!(v["document"]["published"], "2017-05-05", "{form}");
    }
}

#[test]
fn day_first_reads_numeric_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(
        dir.path(),
        "a.txt",
        b"Posted: 05/04/2017\n\nThe vote was held on 03/04/2017.\n",
    );
    let us = json(&run(&["extract", &f, "-f", "json"], None));
    assert_eq!(us["document"]["published"], "2017-05-04");
    let uk = json(&run(&["extract", &f, "--day-first", "-f", "json"], None));
    assert_eq!(uk["document"]["published"], "2017-04-05");
    let v = json(&run(
        &[
            "extract",
            &f,
            "--published",
            "05/04/2017",
            "--day-first",
            "-f",
            "json",
        ],
        None,
    ));
    assert_eq!(v["document"]["published"], "2017-04-05");
}

#[test]
fn verbose_says_which_date_and_where() {
    let o = run(&["extract", "fixtures/court.txt", "--verbose"], None);
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("fixtures/court.txt: published 2021-06-08 (header line 1)"),
        "{err}"
    );
}

#[test]
fn explain_shows_rule_and_stated() {
    let o = run(
        &[
            "extract",
            "fixtures/seed.txt",
            "--published",
            "2017-05-05",
            "--explain",
        ],
        None,
    );
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("fixtures/seed.txt: published 2017-05-05 (given)"),
        "{err}"
    );
    assert!(err.contains("\"1960\"") && err.contains("stated"), "{err}");
    assert!(
        err.contains("\"this week\"") && err.contains("inferred"),
        "{err}"
    );
    assert!(err.contains("rule "), "{err}");
    // the data on stdout is unchanged by --explain
    let plain = run(
        &["extract", "fixtures/seed.txt", "--published", "2017-05-05"],
        None,
    );
    assert_eq!(o.stdout, plain.stdout);
}

#[test]
fn direction_policy_is_passed_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(dir.path(), "a.txt", b"The ministers meet on Wednesday.\n");
    let value = |dir: &str| {
        let v = json(&run(
            &[
                "extract",
                &f,
                "--published",
                "2017-05-05",
                "--direction",
                dir,
                "-f",
                "json",
            ],
            None,
        ));
        v["timexes"][0]["value"].as_str().unwrap_or("").to_string()
    };
    assert_eq!(value("past"), "2017-05-03");
    assert_eq!(value("future"), "2017-05-10");
    assert_eq!(value("closest"), "2017-05-03");
}

// ---------------------------------------------------------------------------
// Formats and output

#[test]
fn every_format_parses_back() {
    let args = [
        "extract",
        "fixtures/seed.txt",
        "fixtures/launch.txt",
        "fixtures/court.txt",
    ];
    let with = |f: &str| {
        let mut a = args.to_vec();
        a.extend(["--published", "2019-07-24", "--format", f]);
        run(&a, None)
    };
    let docs = json(&with("json"));
    let docs = docs.as_array().expect("several inputs: an array");
    assert_eq!(docs.len(), 3);
    for d in docs {
        for key in ["document", "timexes", "events", "timeline", "entries"] {
            assert!(!d[key].is_null(), "{key}");
        }
    }
    let jsonl = ok(&with("jsonl"));
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON document per line"))
        .collect();
    assert_eq!(&lines, docs);
    let csv = ok(&with("csv"));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, chronicler::write::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("valid CSV");
    let entries: usize = docs
        .iter()
        .map(|d| d["entries"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(rows.len(), entries);
    for (row, (doc, entry)) in rows.iter().zip(docs.iter().flat_map(|d| {
        d["entries"]
            .as_array()
            .into_iter()
            .flatten()
            .map(move |e| (d, e))
    })) {
        assert_eq!(&row[0], doc["document"]["id"].as_str().unwrap_or(""));
        assert_eq!(&row[1], "2019-07-24");
        assert_eq!(&row[2], "given");
        assert_eq!(&row[4], entry["value"].as_str().unwrap_or(""));
        assert_eq!(&row[8], entry["event"].as_str().unwrap_or(""));
    }
    // one input: a single JSON object
    let one = seed_json();
    assert!(one.is_object());
}

#[test]
fn csv_escapes_what_it_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(
        dir.path(),
        "q.txt",
        b"Date: May 5, 2017\n\nThe \"board\", it said, met yesterday;\nthen it voted, on Monday.\n",
    );
    let out = ok(&run(&["extract", &f], None));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    for rec in r.records() {
        let rec = rec.expect("valid CSV");
        assert_eq!(rec.len(), chronicler::write::CSV_HEADER.len());
    }
}

#[test]
fn output_file_is_replaced_atomically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("timeline.json");
    std::fs::write(&out, "old").expect("write");
    let out_s = out.to_string_lossy().into_owned();
    let o = run(
        &[
            "extract",
            "fixtures/seed.txt",
            "--published",
            "2017-05-05",
            "-f",
            "json",
            "-o",
            &out_s,
        ],
        None,
    );
    assert!(ok(&o).is_empty(), "nothing on stdout with -o");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("JSON");
    assert_eq!(v["document"]["id"], "fixtures/seed.txt");
    let names = |d: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names(dir.path()),
        vec![out.clone()],
        "no temporary file left behind"
    );
    // every input failed: the old file stays
    std::fs::write(&out, "old").expect("write");
    let o = run(
        &[
            "extract",
            "missing.txt",
            "--published",
            "2017-05-05",
            "-o",
            &out_s,
        ],
        None,
    );
    fails(&o);
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "old");
    assert_eq!(names(dir.path()), vec![out.clone()]);
    // a directory that does not exist is named
    let bad = dir
        .path()
        .join("no/such/dir/t.csv")
        .to_string_lossy()
        .into_owned();
    let o = run(
        &[
            "extract",
            "fixtures/seed.txt",
            "--published",
            "2017-05-05",
            "-o",
            &bad,
        ],
        None,
    );
    assert!(fails(&o).contains(&bad));
    // an input is never overwritten
    let o = run(
        &[
            "extract",
            "fixtures/seed.txt",
            "--published",
            "2017-05-05",
            "-o",
            "fixtures/seed.txt",
        ],
        None,
    );
    assert!(fails(&o).contains("is also an input"));
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut args: Vec<&str> = vec!["extract", "--published", "2017-05-05", "--format", "jsonl"];
    args.extend(std::iter::repeat_n("fixtures/seed.txt", 150));
    let mut child = Command::new(BIN)
        .args(&args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run chronicler");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read one line");
    // the reader is dropped here, closing the pipe, like `| head -1`
    assert!(first.starts_with('{'));
    let o = child.wait_with_output().expect("wait");
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        stderr(&o)
    );
    assert_eq!(stderr(&o), "", "no message for a closed pipe");
}

// ---------------------------------------------------------------------------
// Golden files

/// Compares `actual` with `tests/golden/<name>`, or rewrites it when
/// `UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(ROOT).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir tests/golden");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        panic!("tests/golden/{name} is missing; create it with `UPDATE_GOLDEN=1 cargo test --test cli golden`");
    };
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "tests/golden/{name} differs from the output, first at line {}:\n  expected: {}\n  actual:   {}\n\
             If the change is intended, refresh with `UPDATE_GOLDEN=1 cargo test --test cli golden` and review `git diff tests/golden`.",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end of file>"),
            actual.lines().nth(line).unwrap_or("<end of output>"),
        );
    }
}

#[test]
fn golden_seed_json() {
    let out = ok(&run(
        &[
            "extract",
            "fixtures/seed.txt",
            "--published",
            "2017-05-05",
            "--format",
            "json",
        ],
        None,
    ));
    golden("seed.json", &out);
}

#[test]
fn golden_seed_csv() {
    let out = ok(&run(
        &["extract", "fixtures/seed.txt", "--published", "2017-05-05"],
        None,
    ));
    golden("seed.csv", &out);
}
