//! Tests of folders as users run them: `chronicler extract DIR` over
//! `tests/data/folder` (a `dates.tsv` sidecar with a bad date and a line
//! naming no file; articles dated by the sidecar, by their text, by
//! neither; one that is not UTF-8) and `tests/data/folder-csv` (a quoted
//! `dates.csv`). Every file is accounted for, in sorted order; the
//! precedence of dates is `--published`, then the sidecar, then the text;
//! a piped run writes no progress bar.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_chronicler");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const FOLDER: &str = "tests/data/folder";

/// Runs `chronicler` from the package root, standard error piped (not a terminal).
fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run chronicler")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn records(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `doc NAME DATE (SOURCE)` or `error NAME KIND` for each record.
fn outline(recs: &[Value]) -> Vec<String> {
    let short = |p: &str| {
        ["tests/data/folder/", "tests/data/folder-csv/"]
            .iter()
            .find_map(|d| p.strip_prefix(d))
            .unwrap_or(p)
            .to_string()
    };
    recs.iter()
        .map(|r| match r["error"]["kind"].as_str() {
            Some(kind) => format!("error {} {kind}", short(r["file"].as_str().unwrap_or("?"))),
            None => format!(
                "doc {} {} ({})",
                short(r["document"]["id"].as_str().unwrap_or("?")),
                r["document"]["published"].as_str().unwrap_or("-"),
                r["document"]["published_source"].as_str().unwrap_or("-")
            ),
        })
        .collect()
}

/// The articles of a folder, as the tests expect them to be read: its
/// `.txt` files, recursively, sorted.
fn articles(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d)
            .expect("read fixture folder")
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                found.push(p);
            }
        }
    }
    found.sort();
    found
        .iter()
        .map(|p| {
            p.strip_prefix(ROOT)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn every_file_of_a_folder_is_accounted_for_in_order() {
    let o = run(&["extract", FOLDER, "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(
        outline(&recs),
        [
            "doc a-council.txt 2019-06-14 (dates.tsv line 2)",
            "doc b-festival.txt 2020-03-03 (header line 1)",
            "error c-bridge.txt publication_date",
            "error d-cafe.txt invalid_utf8",
            "error e-harbour.txt publication_date",
            "doc g-market.txt 2017-05-05 (dates.tsv line 6)",
            "doc sub/f-rain.txt 2019-06-12 (dates.tsv line 3)",
        ]
    );
    // one record per article, named by its path, in sorted order; the
    // sidecar is not one of them
    let names: Vec<String> = recs
        .iter()
        .map(|r| {
            r["document"]["id"]
                .as_str()
                .or(r["file"].as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(names, articles(&Path::new(ROOT).join(FOLDER)));
    // each error names its file, and a bad sidecar date the sidecar and line
    for r in recs.iter().filter(|r| r.get("error").is_some()) {
        let file = r["file"].as_str().unwrap_or_default();
        let msg = r["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.starts_with(&format!("{file}: ")), "{msg}");
        assert_eq!(r["id"], r["file"]);
    }
    let bad_date = recs[4]["error"]["message"].as_str().unwrap_or_default();
    assert!(
        bad_date.contains("tests/data/folder/dates.tsv line 5: cannot read \"next Tuesday\""),
        "{bad_date}"
    );
    let no_date = recs[2]["error"]["message"].as_str().unwrap_or_default();
    assert!(no_date.contains("dates.tsv or dates.csv"), "{no_date}");
    // standard error: the sidecar line naming no file, then the summary;
    // nothing else (no progress bar when it is not a terminal)
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(
        lines[0],
        "chronicler: tests/data/folder/dates.tsv line 7: no file \"ghost.txt\" in tests/data/folder"
    );
    assert!(
        lines[1].starts_with("chronicler: tests/data/folder: 7 documents, 3 failed,")
            && lines[1].contains("MB/s"),
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn a_clean_folder_exits_zero_with_only_the_summary() {
    let o = run(&["extract", "tests/data/folder-csv", "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("chronicler: tests/data/folder-csv: 3 documents, 0 failed,"),
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    // --no-progress changes nothing when piped
    let quiet = run(&[
        "extract",
        "tests/data/folder-csv",
        "--format",
        "jsonl",
        "--no-progress",
    ]);
    assert_eq!(quiet.stdout, o.stdout);
    assert_eq!(stderr(&quiet).lines().count(), 1);
}

#[test]
fn csv_sidecar_with_quotes_and_day_first() {
    let o = run(&["extract", "tests/data/folder-csv", "--format", "jsonl"]);
    let recs = records(&o);
    assert_eq!(
        outline(&recs),
        [
            "doc mayor, interview.txt 2017-05-04 (dates.csv line 2)",
            // an empty date in the sidecar: the date is found in the text
            "doc plain.txt 2018-11-20 (header line 1)",
            "doc storm.txt 2018-03-11 (dates.csv line 3)",
        ]
    );
    // --day-first reads the sidecar's numeric dates too
    let o = run(&[
        "extract",
        "tests/data/folder-csv",
        "--format",
        "jsonl",
        "--day-first",
    ]);
    assert_eq!(
        outline(&records(&o))[2],
        "doc storm.txt 2018-11-03 (dates.csv line 3)"
    );
}

#[test]
fn published_beats_the_sidecar_which_beats_the_text() {
    // g-market.txt says "Date: 12 January 2015"; the sidecar says 5 May 2017
    let o = run(&["extract", FOLDER, "--format", "jsonl"]);
    let recs = records(&o);
    let market = &recs[5];
    assert_eq!(market["document"]["published"], "2017-05-05");
    assert_eq!(market["document"]["published_source"], "dates.tsv line 6");
    // --published gives every input its date: the sidecar is not read
    // (so its bad lines do not matter), and says so
    let o = run(&[
        "extract",
        FOLDER,
        "--format",
        "jsonl",
        "--published",
        "2021-02-03",
    ]);
    assert_eq!(o.status.code(), Some(2), "d-cafe.txt is still not UTF-8");
    assert_eq!(
        outline(&records(&o)),
        [
            "doc a-council.txt 2021-02-03 (given)",
            "doc b-festival.txt 2021-02-03 (given)",
            "doc c-bridge.txt 2021-02-03 (given)",
            "error d-cafe.txt invalid_utf8",
            "doc e-harbour.txt 2021-02-03 (given)",
            "doc g-market.txt 2021-02-03 (given)",
            "doc sub/f-rain.txt 2021-02-03 (given)",
        ]
    );
    let err = stderr(&o);
    assert!(
        err.contains(
            "tests/data/folder/dates.tsv: not used, as --published gives the date of every input"
        ),
        "{err}"
    );
    assert!(!err.contains("ghost.txt"), "{err}");
}

#[test]
fn the_sidecar_beats_a_timeml_creation_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = Path::new(ROOT).join("tests/data/eval/gold/doc1.tml");
    std::fs::copy(&gold, dir.path().join("doc1.tml")).expect("copy");
    std::fs::copy(&gold, dir.path().join("doc2.tml")).expect("copy");
    std::fs::write(dir.path().join("dates.csv"), "doc1,2001-02-03\n").expect("write");
    let o = run(&[
        "extract",
        dir.path().to_str().unwrap_or_default(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs[0]["document"]["published"], "2001-02-03");
    assert_eq!(recs[0]["document"]["published_source"], "dates.csv line 1");
    assert_eq!(
        recs[1]["document"]["published_source"],
        "timeml creation time"
    );
}

#[test]
fn other_formats_report_failures_on_standard_error() {
    let o = run(&["extract", FOLDER]);
    assert_eq!(o.status.code(), Some(2));
    let csv = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(csv.starts_with("document,"), "{csv}");
    let err = stderr(&o);
    for failed in ["c-bridge.txt", "d-cafe.txt", "e-harbour.txt"] {
        assert_eq!(
            err.lines()
                .filter(|l| l.starts_with(&format!("chronicler: tests/data/folder/{failed}: ")))
                .count(),
            1,
            "{failed}: {err}"
        );
    }
    assert!(err.contains("7 documents, 3 failed"), "{err}");
}

#[test]
fn folder_out_uses_the_sidecar_and_names_each_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let o = run(&[
        "extract",
        FOLDER,
        "--format",
        "json",
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .expect("output folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "a-council.json",
            "b-festival.json",
            "f-rain.json",
            "g-market.json"
        ]
    );
    let a: Value =
        serde_json::from_slice(&std::fs::read(out.join("a-council.json")).expect("read"))
            .expect("JSON");
    assert_eq!(a["document"]["published_source"], "dates.tsv line 2");
    let err = stderr(&o);
    for failed in ["c-bridge.txt", "d-cafe.txt", "e-harbour.txt"] {
        assert!(
            err.contains(&format!("chronicler: tests/data/folder/{failed}: ")),
            "{failed}: {err}"
        );
    }
    assert!(err.contains("ghost.txt"), "{err}");
    assert!(err.contains("7 documents, 3 failed"), "{err}");
}

#[test]
fn a_folder_with_both_sidecars_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), "It rained.").expect("write");
    std::fs::write(dir.path().join("dates.tsv"), "a\t2017-05-05\n").expect("write");
    std::fs::write(dir.path().join("dates.csv"), "a,2017-05-05\n").expect("write");
    let o = run(&["extract", dir.path().to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("has both dates.tsv and dates.csv; keep one"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn jsonl_batch_piped_writes_only_the_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("c.jsonl");
    std::fs::write(
        &corpus,
        "{\"id\": \"a\", \"text\": \"It rained yesterday.\", \"published\": \"2017-05-05\"}\nnot json\n",
    )
    .expect("write");
    let o = run(&["extract", "--input", corpus.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(": 2 documents, 1 failed,"), "{err}");
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}

/// Folder runs make documents in parallel but write them in input order:
/// the output is the same with one thread and with several, in every format
/// that writes all documents to one stream.
#[test]
fn parallel_runs_keep_input_order() {
    for format in ["jsonl", "csv", "json"] {
        let one = run(&["extract", FOLDER, "--format", format, "--threads", "1"]);
        let four = run(&["extract", FOLDER, "--format", format, "--threads", "4"]);
        assert!(!one.stdout.is_empty(), "{format}: {}", stderr(&one));
        assert_eq!(one.stdout, four.stdout, "{format}");
        assert_eq!(one.status.code(), four.status.code(), "{format}");
    }
}
