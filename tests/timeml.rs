//! TimeML in and out: reading `.tml` and `.tml.TE3input` files, and the
//! round trip (the text inside the TimeML chronicler writes, tags stripped
//! and references decoded, is the input text character for character; its
//! annotation reads back as the JSON answer's).

use chronicler::eval::Annotated;
use chronicler::timeml::{self, TimemlDocument};
use chronicler::write::timeml::{timeml as write_timeml, timeml_text};
use chronicler::{extract, Document, Options, Published};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

/// Every synthetic TimeML file under tests/data.
fn timeml_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![data("")];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if timeml::looks_like_timeml(Some(&p), "") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 5, "{out:?}");
    out
}

fn published(d: &str) -> Published {
    Published::given(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
}

/// Writes `doc` as TimeML into `original`, parses the output, and checks the
/// round trip: same text, same annotation as the JSON answer.
fn round_trip(doc: &Document, original: &TimemlDocument) -> (String, TimemlDocument) {
    let mut out = Vec::new();
    write_timeml(&mut out, doc, original).unwrap();
    let out = String::from_utf8(out).unwrap();
    let back = timeml::parse(&out, "out.tml").unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(back.text, original.text, "text changed:\n{out}");
    let gold = Annotated {
        name: "d".into(),
        text: original.text.clone(),
        ..Annotated::default()
    };
    let from_json = Annotated::from_document(doc, &gold, &mut Vec::new()).unwrap();
    let from_tml = Annotated::from_timeml(&back, "d");
    assert_eq!(
        from_tml, from_json,
        "TimeML and JSON answers differ:\n{out}"
    );
    (out, back)
}

#[test]
fn te3input_text_and_dct() {
    let d = timeml::read(&data("te3/doc4.tml.TE3input")).unwrap();
    assert_eq!(
        d.text,
        "\nGENEVA — Negotiators from Zürich & Genève met on Tuesday, officials said.\r\n\
         They will meet again next week <in Bern> for \"three days\".\n\n\
         “It’s a deal,” one said at 10:30 a.m. on March 21, 2013 — 5 < 6 > 4.\n"
    );
    let p = d.published().unwrap();
    assert_eq!(p.date.to_string(), "2013-03-22");
    assert_eq!(p.source, chronicler::PublishedSource::TimemlDct);
    assert!(d.timexes.is_empty() && d.events.is_empty());
}

#[test]
fn gold_annotation_is_read() {
    let d = timeml::read(&data("eval/gold/doc1.tml")).unwrap();
    let spans: Vec<&str> = d
        .timexes
        .iter()
        .map(|t| {
            let s: String = d.text.chars().skip(t.start).take(t.end - t.start).collect();
            match s.as_str() {
                "Wednesday" => "Wednesday",
                "the past three years" => "the past three years",
                "last month" => "last month",
                "every week" => "every week",
                _ => "?",
            }
        })
        .collect();
    assert_eq!(
        spans,
        [
            "Wednesday",
            "the past three years",
            "last month",
            "every week"
        ]
    );
    // the TITLE event is outside <TEXT>
    assert_eq!(d.events.len(), 4);
    assert_eq!(d.instances.len(), 4);
    assert_eq!(d.tlinks.len(), 5);
    let a = Annotated::from_timeml(&d, "doc1");
    let anchors: Vec<Vec<usize>> = a.events.iter().map(|e| e.anchors.clone()).collect();
    // e4's links go to the DCT (not inside <TEXT>) or are BEFORE
    assert_eq!(anchors, vec![vec![0], vec![1], vec![2], vec![]]);
}

#[test]
fn timeml_files_round_trip() {
    for path in timeml_files() {
        let original = timeml::read(&path).unwrap();
        // (one system answer has no DCT)
        let options = Options {
            published: original.published().or(Some(published("1998-01-01"))),
            ..Options::default()
        };
        let doc = extract(&original.text, &options).unwrap();
        let (out, back) = round_trip(&doc, &original);
        let name = path.display();
        // header kept, DCT kept
        assert_eq!(back.dct, original.dct, "{name}");
        let src = std::fs::read_to_string(&path).unwrap();
        if let Some(docid) = src.lines().find(|l| l.starts_with("<DOCID>")) {
            assert!(out.contains(docid), "{name}: lost {docid}");
        }
        // earlier annotation gone: only chronicler's links, no gold ids left
        assert_eq!(back.timexes.len(), doc.timexes.len(), "{name}");
        assert_eq!(back.events.len(), doc.events.len(), "{name}");
        assert_eq!(back.instances.len(), doc.events.len(), "{name}");
        assert!(!out.contains("eid=\"e90\""), "{name}: title EVENT kept");
        assert!(
            !out.contains("pos=\"VERB\""),
            "{name}: gold MAKEINSTANCE kept"
        );
        assert!(!out.contains("lid=\"l5\""), "{name}: gold TLINK kept");
        // the DCT anchors relative values
        if original.dct.is_some()
            && doc
                .timexes
                .iter()
                .any(|t| t.anchor == Some(chronicler::timex::Anchor::Publication))
        {
            assert!(out.contains("anchorTimeID=\"t0\""), "{name}");
        }
    }
}

#[test]
fn gold_ids_do_not_collide() {
    // a DCT whose tid is t1 and an event id e1 kept in the header
    let src = "<TimeML><DOCID>x</DOCID><DCT><TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-01-08\" \
               functionInDocument=\"CREATION_TIME\">Jan 8</TIMEX3></DCT>\
               <TEXT>\nHe left on Wednesday and returned on Friday.\n</TEXT></TimeML>";
    let original = timeml::parse(src, "x.tml").unwrap();
    let options = Options {
        published: original.published(),
        ..Options::default()
    };
    let doc = extract(&original.text, &options).unwrap();
    assert!(doc.timexes.len() >= 2);
    let (out, back) = round_trip(&doc, &original);
    let tids: Vec<&str> = back.timexes.iter().filter_map(|t| t.get("tid")).collect();
    assert!(!tids.contains(&"t1"), "{out}");
    assert!(out.contains("anchorTimeID=\"t1\""), "{out}");
}

/// A small deterministic generator of awkward texts.
fn awkward_texts() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "\n",
        "Fish & chips <3 > 2 \"quoted\" 'single' on Monday.",
        "AT&amp;T said &lt;b&gt; yesterday ]]> <!-- not a comment --> <![CDATA[x]]>",
        "Café, naïve, Zürich, 東京, Москва 😀 — “quotes” on March 3, 2017.",
        "Windows\r\nline ends\r\nand a lone\rcarriage return, last week.\r\n",
        "\ttabs\tand  spaces  \u{a0}no-break\u{2028}line separator, in 2016.",
        "<TimeML><TEXT>fake markup</TEXT></TimeML> on Tuesday",
        "&#13; &#x41; &unknown; & ; &&",
        "\u{feff}a BOM in the middle\u{feff} of May 2015",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let palette: Vec<char> = "aZ 09&<>\"'\n\r\t.,;:-—éü東😀\u{a0}".chars().collect();
    let words = [
        "yesterday",
        "on Monday",
        "May 5, 2017",
        "last week",
        "the past three years",
        "said",
        "met",
        "will meet",
        "10:30 a.m.",
        "every week",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..60 {
        let mut s = String::new();
        let n = (next() % 40) as usize;
        for _ in 0..n {
            if next() % 3 == 0 {
                s.push_str(words[(next() % words.len() as u64) as usize]);
            } else {
                s.push(palette[(next() % palette.len() as u64) as usize]);
            }
        }
        v.push(s);
    }
    v
}

#[test]
fn plain_text_round_trips_character_for_character() {
    for text in awkward_texts() {
        let doc = extract(&text, &Options::with_published(published("2017-05-05"))).unwrap();
        let mut out = Vec::new();
        timeml_text(&mut out, &doc, &text).unwrap();
        let out = String::from_utf8(out).unwrap();
        let back = timeml::parse(&out, "out.tml").unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(back.text, text, "{out}");
        assert_eq!(
            back.dct.as_ref().and_then(|d| d.get("value")),
            Some("2017-05-05")
        );
        let original = TimemlDocument::from_text("x", &text, Some("2017-05-05"));
        round_trip(&doc, &original);
    }
}

#[test]
fn what_xml_cannot_hold_becomes_a_replacement_character() {
    let text = "A\u{1}B\u{c}C on Monday\u{ffff}.";
    let doc = extract(text, &Options::with_published(published("2017-05-05"))).unwrap();
    let mut out = Vec::new();
    timeml_text(&mut out, &doc, text).unwrap();
    let back = timeml::parse(std::str::from_utf8(&out).unwrap(), "out.tml").unwrap();
    assert_eq!(back.text, "A\u{fffd}B\u{fffd}C on Monday\u{fffd}.");
    assert_eq!(back.text.chars().count(), text.chars().count());
    assert_eq!(back.timexes.len(), doc.timexes.len());
}

#[test]
fn blank_text_without_date_has_no_dct() {
    let doc = extract("  \n", &Options::default()).unwrap();
    let mut out = Vec::new();
    timeml_text(&mut out, &doc, "  \n").unwrap();
    let back = timeml::parse(std::str::from_utf8(&out).unwrap(), "out.tml").unwrap();
    assert_eq!(back.text, "  \n");
    assert!(back.dct.is_none());
}

#[test]
fn offsets_that_do_not_fit_are_an_error() {
    let doc = extract(
        "It rained on Tuesday, and on Wednesday.",
        &Options::with_published(published("2017-05-05")),
    )
    .unwrap();
    let e = timeml_text(Vec::new(), &doc, "short").unwrap_err();
    assert!(e.to_string().contains("outside the text"), "{e}");
}

#[test]
fn malformed_timeml_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (i, bad) in [
        "<TimeML><TEXT>unclosed</TimeML>",
        "<TimeML><TEXT>a &nbsp; b</TEXT></TimeML>",
        "<TimeML><DOCID>no text</DOCID></TimeML>",
        "not xml at all",
        "<TimeML><TEXT>a</TEXT></TimeML><TimeML/>",
    ]
    .iter()
    .enumerate()
    {
        let p = dir.path().join(format!("bad{i}.tml"));
        std::fs::write(&p, bad).unwrap();
        let e = timeml::read(&p).unwrap_err();
        assert!(
            e.to_string().starts_with(&p.display().to_string()),
            "{bad:?}: {e}"
        );
    }
}

// --- the command line ---

fn chronicler(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chronicler"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_reads_timeml_and_writes_timeml() {
    let input = data("te3/doc4.tml.TE3input");
    let out = chronicler(&["extract", input.to_str().unwrap(), "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document"]["published"], "2013-03-22");
    assert_eq!(v["document"]["published_source"], "timeml creation time");
    let out = chronicler(&["extract", input.to_str().unwrap(), "--format", "timeml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = timeml::parse(std::str::from_utf8(&out.stdout).unwrap(), "out").unwrap();
    assert_eq!(back.text, timeml::read(&input).unwrap().text);
    // --input-format text reads the same file as plain text (the markup is text)
    let out = chronicler(&[
        "extract",
        input.to_str().unwrap(),
        "--input-format",
        "text",
        "--published",
        "2013-03-22",
        "--format",
        "timeml",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = timeml::parse(std::str::from_utf8(&out.stdout).unwrap(), "out").unwrap();
    assert_eq!(back.text, std::fs::read_to_string(&input).unwrap());
}

#[test]
fn cli_detects_timeml_content_on_stdin() {
    use std::io::Write;
    let src = std::fs::read(data("eval/gold/doc3.tml")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chronicler"))
        .args(["extract", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&src).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document"]["published"], "1998-05-05");
    assert_eq!(v["timexes"][0]["value"], "1998-05-04");
    assert_eq!(v["timexes"][0]["start"], 13);
}

#[test]
fn cli_directories_in_directories_out() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let gold = data("eval/gold");
    let out = chronicler(&[
        "extract",
        gold.to_str().unwrap(),
        "--format",
        "timeml",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["doc1.tml", "doc2.tml", "doc3.tml"]);
    for (name, gold_rel) in [("doc1", "doc1.tml"), ("doc2", "sub/doc2.tml")] {
        let written = timeml::read(&out_dir.join(format!("{name}.tml"))).unwrap();
        let original = timeml::read(&gold.join(gold_rel)).unwrap();
        assert_eq!(written.text, original.text);
        assert_eq!(written.dct, original.dct);
    }
    // JSON too, one file each
    let json_dir = dir.path().join("json");
    let out = chronicler(&[
        "extract",
        gold.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        &format!("{}/", json_dir.display()),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(json_dir.join("doc2.json").is_file());
    // TimeML for a folder needs an output folder
    let out = chronicler(&["extract", gold.to_str().unwrap(), "--format", "timeml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o DIR"));
}

#[test]
fn cli_malformed_timeml_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("broken.tml");
    std::fs::write(&p, "<TimeML><TEXT>oops</TimeML>").unwrap();
    let out = chronicler(&["extract", p.to_str().unwrap(), "--published", "2017-05-05"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.tml: not well-formed XML"), "{err}");
}

#[test]
fn never_panics_on_mangled_timeml() {
    let src = std::fs::read_to_string(data("eval/gold/doc1.tml")).unwrap();
    let chars: Vec<char> = src.chars().collect();
    let pieces = [
        "<", ">", "&", "/", "\"", "<TEXT>", "</TEXT>", "&amp;", "<!--", "]]>", "\r", "é",
    ];
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..400 {
        let mut c = chars.clone();
        for _ in 0..1 + next() % 3 {
            let at = next() % (c.len() + 1);
            match next() % 3 {
                0 if at < c.len() => {
                    c.remove(at);
                }
                _ => {
                    for (k, ch) in pieces[next() % pieces.len()].chars().enumerate() {
                        c.insert(at + k, ch);
                    }
                }
            }
        }
        let s: String = c.into_iter().collect();
        if let Ok(d) = timeml::parse(&s, "m.tml") {
            let options = Options::with_published(published("1998-01-08"));
            if let Ok(doc) = extract(&d.text, &options) {
                let mut out = Vec::new();
                write_timeml(&mut out, &doc, &d).unwrap();
                let back = timeml::parse(std::str::from_utf8(&out).unwrap(), "o").unwrap();
                assert_eq!(back.text, d.text);
            }
        }
    }
    // an empty-element <TEXT/> becomes <TEXT></TEXT>
    let d = timeml::parse("<TimeML><TEXT a=\"1\"/><X/></TimeML>", "e.tml").unwrap();
    let doc = extract("", &Options::with_published(published("1998-01-08"))).unwrap();
    let mut out = Vec::new();
    write_timeml(&mut out, &doc, &d).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "<TimeML><TEXT a=\"1\"></TEXT><X/></TimeML>"
    );
}
