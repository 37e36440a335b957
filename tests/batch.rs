//! Tests of batch mode as users run it: `chronicler extract --input
//! corpus.jsonl` with deliberately broken lines, every line accounted for in
//! the output, in order; stdin; renamed fields; the size limit; `-o`
//! written atomically; the exit status and the summary on standard error.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_chronicler");

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run chronicler");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin).expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("wait for chronicler")
}

fn records(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// A corpus with one line of every kind of trouble between good ones.
fn broken_corpus() -> Vec<u8> {
    let mut c = Vec::new();
    let good = |id: &str| {
        format!(
            r#"{{"id": "{id}", "text": "Talks ended yesterday. They resume on Monday.", "published": "2017-05-05"}}"#
        )
    };
    for line in [
        good("g1").into_bytes(),
        b"{\"id\": \"cut\", \"text\": \"Talks end".to_vec(),
        b"".to_vec(),
        b"   ".to_vec(),
        b"\"just a string\"".to_vec(),
        br#"{"id": "nt", "body": "wrong field"}"#.to_vec(),
        br#"{"id": "num", "text": 42, "published": "2017-05-05"}"#.to_vec(),
        b"{\"id\": \"utf\", \"text\": \"caf\xE9 on Monday\", \"published\": \"2017-05-05\"}"
            .to_vec(),
        br#"{"id": "bd", "text": "Talks ended yesterday.", "published": "not a date"}"#.to_vec(),
        br#"{"id": "nd", "text": "Talks ended yesterday."}"#.to_vec(),
        format!(r#"{{"id": "huge", "text": "{}"}}"#, "x".repeat(5000)).into_bytes(),
        good("g2").into_bytes(),
        b"{\"id\": \"crlf\", \"text\": \"It rained on Tuesday.\", \"published\": \"2017-05-05\"}\r"
            .to_vec(),
        br#"{"id": "dated-in-text", "text": "Published: 2016-03-01\nIt rained yesterday."}"#
            .to_vec(),
    ] {
        c.extend_from_slice(&line);
        c.push(b'\n');
    }
    c
}

#[test]
fn every_line_of_a_broken_corpus_is_accounted_for() {
    let corpus = broken_corpus();
    let o = run(
        &["extract", "--input", "-", "--max-doc-bytes", "4096"],
        &corpus,
    );
    assert_eq!(o.status.code(), Some(2), "some records failed");
    let recs = records(&o.stdout);
    let input_lines = corpus.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(recs.len(), input_lines);
    let got: Vec<String> = recs
        .iter()
        .map(|r| match r["error"]["kind"].as_str() {
            Some(k) => format!("{k} {}", r["id"].as_str().unwrap_or("-")),
            None => format!("doc {}", r["document"]["id"].as_str().unwrap_or("?")),
        })
        .collect();
    assert_eq!(
        got,
        [
            "doc g1",
            "invalid_json -",
            "empty_line -",
            "empty_line -",
            "not_an_object -",
            "no_text nt",
            "no_text num",
            "invalid_utf8 utf",
            "publication_date bd",
            "publication_date nd",
            "too_large -",
            "doc g2",
            "doc crlf",
            "doc dated-in-text",
        ]
    );
    for (i, r) in recs.iter().enumerate() {
        if r.get("error").is_some() {
            assert_eq!(r["line"], i + 1, "{r}");
            let msg = r["error"]["message"].as_str().unwrap_or_default();
            assert!(msg.starts_with(&format!("line {}", i + 1)), "{msg}");
        }
    }
    assert_eq!(recs[13]["document"]["published"], "2016-03-01");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("14 documents, 10 failed,") && err.contains("MB/s"),
        "{err}"
    );
}

#[test]
fn all_good_exits_zero_and_threads_do_not_change_the_output() {
    let mut corpus = String::new();
    for i in 0..30 {
        corpus.push_str(&format!(
            "{{\"key\": {i}, \"body\": \"The minister resigned on Friday after {i} days. Elections follow next month.\", \"date\": \"2018-0{}-15\"}}\n",
            1 + i % 9
        ));
    }
    let args = |threads: &'static str| {
        vec![
            "extract",
            "--input",
            "-",
            "--id-field",
            "key",
            "--text-field",
            "body",
            "--date-field",
            "date",
            "--threads",
            threads,
        ]
    };
    let one = run(&args("1"), corpus.as_bytes());
    assert_eq!(one.status.code(), Some(0));
    let two = run(&args("2"), corpus.as_bytes());
    assert_eq!(one.stdout, two.stdout);
    let recs = records(&one.stdout);
    assert_eq!(recs.len(), 30);
    assert_eq!(recs[7]["document"]["id"], "7");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let out = dir.path().join("out.jsonl");
    std::fs::write(&input, broken_corpus()).expect("write");
    let o = run(
        &[
            "extract",
            "--input",
            input.to_str().unwrap_or_default(),
            "-o",
            out.to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let recs = records(&std::fs::read(&out).expect("output written"));
    assert_eq!(recs.len(), 14);
    // no temporary file left beside it
    assert_eq!(
        std::fs::read_dir(dir.path()).map(|d| d.count()).ok(),
        Some(2)
    );
    // the input itself is never the output
    let o = run(
        &[
            "extract",
            "--input",
            input.to_str().unwrap_or_default(),
            "-o",
            input.to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing to overwrite"));
}

#[test]
fn batch_refuses_other_formats() {
    let o = run(&["extract", "--input", "-", "--format", "csv"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("JSON Lines only"));
    let o = run(&["extract", "--input", "-", "--format", "jsonl"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
}
