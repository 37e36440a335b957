//! `chronicler eval`: scoring as `timeml_score.py` does.
//!
//! The synthetic corpus in tests/data/eval has counts worked out by hand
//! (see the comments); the last test compares with the shared scorer itself
//! on TBAQ-cleaned and runs only when `../shared` is there.

use chronicler::eval::{self, Annotated, Counts, ErrorCategory, Metrics, ScoredTimex, System};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

/// The hand-computed counts of tests/data/eval (gold against system).
///
/// doc1 (system doc1.json): 4 gold timexes; the system has "Wednesday"
/// (exact), "past three years" (inside "the past three years": relaxed
/// only), "last month" (exact, wrong value), "every week" (exact, wrong
/// type), "profits" (spurious), a white-space timex (ignored, warning) and
/// one outside the text (ignored, warning). Events: said, rose, meet match;
/// "owners" and "will" do not (and "will"'s anchor index 99 is invalid,
/// warning; "owners" has a wrong `text`, warning). Anchoring: said->Wednesday
/// and rose->past three years are judged and correct; owners->last month
/// and meet->every week are not judged (no gold anchored event there); e3
/// (met) is not found.
///
/// sub/doc2 (system doc2.tml, found by stem): "April" inside gold "early
/// April" (relaxed, same type and value); "April 10" missed; both events
/// match; resumed->April is judged and correct (gold: INCLUDES from the
/// timex, inverted); the BEFORE link is not an anchor.
///
/// doc3: no system file (warning): 1 timex, 1 anchored event missed.
fn expected() -> Counts {
    Counts {
        timex_gold: 4 + 2 + 1,
        timex_system: 5 + 1,
        timex_relaxed: 4 + 1,
        timex_strict: 3,
        timex_type: 3 + 1,
        timex_value: 3 + 1,
        event_gold: 4 + 2 + 1,
        event_system: 5 + 2,
        event_relaxed: 3 + 2,
        event_strict: 3 + 2,
        anchor_gold_events: 3 + 2 + 1,
        anchor_gold_recalled: 2 + 1,
        anchor_system_pairs: 4 + 1,
        anchor_system_judged: 2 + 1,
        anchor_system_correct: 2 + 1,
    }
}

#[test]
fn synthetic_corpus_counts_by_hand() {
    let r = eval::score(&data("eval/gold"), &System::Dir(data("eval/system"))).unwrap();
    assert_eq!(r.docs, 3);
    assert_eq!(r.counts, expected());
    assert_eq!(r.warning_messages.len(), 5, "{:#?}", r.warning_messages);
    let m = &r.metrics;
    // strict P = 3/6, R = 3/7
    let (p, rr) = (3.0 / 6.0, 3.0 / 7.0);
    assert_eq!(m.timex.strict.p, p);
    assert_eq!(m.timex.strict.r, rr);
    assert_eq!(m.timex.strict.f1, 2.0 * p * rr / (p + rr));
    let (p, rr) = (5.0 / 6.0, 5.0 / 7.0);
    let relaxed = 2.0 * p * rr / (p + rr);
    assert_eq!(m.timex.relaxed.f1, relaxed);
    assert_eq!(m.timex.value.accuracy, 0.8);
    assert_eq!(m.timex.value.f1, 0.8 * relaxed);
    assert_eq!(m.timex.kind.f1, 0.8 * relaxed);
    assert_eq!(m.events.relaxed.f1, 5.0 / 7.0);
    assert_eq!((m.anchoring.p, m.anchoring.r), (1.0, 0.5));
    assert_eq!(m.anchoring.f1, 2.0 * 0.5 / 1.5);
    let docs: Vec<&str> = r.per_doc.iter().map(|d| d.doc.as_str()).collect();
    assert_eq!(docs, ["doc1", "doc3", "sub/doc2"]);
    assert_eq!(r.per_doc[1].metrics.timex.relaxed.f1, 0.0);
    // the error list: doc1 spurious, span, value, type; doc3 missed; doc2 span, missed
    let cats: Vec<(&str, ErrorCategory)> = r
        .errors
        .iter()
        .map(|e| (e.doc.as_str(), e.category))
        .collect();
    use ErrorCategory::*;
    assert_eq!(
        cats,
        [
            ("doc1", Spurious),
            ("doc1", Span),
            ("doc1", Value),
            ("doc1", Type),
            ("doc3", Missed),
            ("sub/doc2", Span),
            ("sub/doc2", Missed),
        ]
    );
    let value = &r.errors[2];
    assert_eq!(value.gold.as_ref().unwrap().value, "1997-12");
    assert_eq!(value.system.as_ref().unwrap().value, "1998-01");
    assert!(
        value.context.contains("owners met [last month] and will"),
        "{}",
        value.context
    );
}

#[test]
fn gold_against_itself_is_perfect() {
    let r = eval::score(&data("eval/gold"), &System::Dir(data("eval/gold"))).unwrap();
    for f in [
        r.metrics.timex.strict.f1,
        r.metrics.timex.relaxed.f1,
        r.metrics.timex.value.f1,
        r.metrics.timex.kind.f1,
        r.metrics.events.strict.f1,
        r.metrics.anchoring.f1,
    ] {
        assert_eq!(f, 1.0);
    }
    assert!(r.errors.is_empty());
    assert!(r.warning_messages.is_empty());
}

#[test]
fn alignment_follows_the_normalizer() {
    let t = |start, end| ScoredTimex {
        start,
        end,
        ..Default::default()
    };
    // a gold timex split in two by the system: only the first half pairs
    assert_eq!(
        eval::align_timexes(&[t(0, 10)], &[t(0, 4), t(5, 10)]),
        [(0, 0)]
    );
    // two gold merged by the system: the system timex pairs with the first
    assert_eq!(
        eval::align_timexes(&[t(0, 4), t(5, 10)], &[t(0, 10)]),
        [(0, 0)]
    );
    // a system timex starting inside the gold one, and a gold one inside a system one
    assert_eq!(
        eval::align_timexes(&[t(0, 10), t(22, 25)], &[t(3, 8), t(20, 30)]),
        [(0, 0), (1, 1)]
    );
    // no overlap, no pair; touching is not overlapping
    assert!(eval::align_timexes(&[t(0, 5)], &[t(5, 9)]).is_empty());
}

#[test]
fn both_empty_is_perfect_and_nothing_found_is_zero() {
    let m = Metrics::from_counts(&Counts::default());
    assert_eq!(m.timex.strict.f1, 1.0);
    assert_eq!(m.timex.value.accuracy, 1.0);
    assert_eq!(m.anchoring.f1, 1.0);
    let m = Metrics::from_counts(&Counts {
        timex_gold: 3,
        anchor_gold_events: 2,
        ..Counts::default()
    });
    assert_eq!(m.timex.relaxed.f1, 0.0);
    assert_eq!(m.timex.value.f1, 0.0);
    assert_eq!(m.anchoring.f1, 0.0);
}

#[test]
fn events_pair_by_start_token() {
    let text = "\nHe re-elected them, U.S.-style.".to_string();
    let ev = |start, end| eval::ScoredEvent {
        start,
        end,
        anchors: vec![],
    };
    let gold = Annotated {
        name: "d".into(),
        text: text.clone(),
        events: vec![ev(4, 14)], // "re-elected"
        ..Default::default()
    };
    // "re" starts the same token; "elected" is a token of its own; the
    // space before "re" belongs to the token "re".
    for (system, relaxed, strict) in [
        (vec![ev(4, 6)], 1, 0),
        (vec![ev(7, 14)], 0, 0),
        (vec![ev(3, 14)], 1, 0),
        (vec![ev(4, 14), ev(4, 6)], 1, 1),
    ] {
        let sys = Annotated {
            events: system,
            ..gold.clone()
        };
        let (c, _) = eval::count(&gold, &sys, &mut Vec::new());
        assert_eq!((c.event_relaxed, c.event_strict), (relaxed, strict));
    }
}

#[test]
fn a_system_tml_with_other_text_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("doc3.tml"),
        "<TimeML><TEXT>\nPrices fell yesterday!\n</TEXT></TimeML>",
    )
    .unwrap();
    let gold = tempfile::tempdir().unwrap();
    std::fs::copy(data("eval/gold/doc3.tml"), gold.path().join("doc3.tml")).unwrap();
    let e = eval::score(gold.path(), &System::Dir(dir.path().into())).unwrap_err();
    assert!(
        e.to_string()
            .contains("differs from the gold text at offset 22"),
        "{e}"
    );
}

#[test]
fn json_has_the_scorer_shape() {
    let r = eval::score(&data("eval/gold"), &System::Dir(data("eval/system"))).unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.to_json(true, true)).unwrap();
    for key in [
        "docs",
        "gold_dir",
        "system_dir",
        "timex",
        "events",
        "anchoring",
        "counts",
        "warnings",
        "per_doc",
        "errors",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["warnings"], 5);
    assert_eq!(v["timex"]["strict"]["matches"], 3);
    assert_eq!(v["timex"]["type"]["matches"], 4);
    assert_eq!(v["per_doc"][2]["doc"], "sub/doc2");
    assert_eq!(v["per_doc"][2]["counts"]["timex_relaxed"], 1);
    assert_eq!(v["errors"][0]["category"], "spurious");
    let plain: serde_json::Value = serde_json::from_str(&r.to_json(false, false)).unwrap();
    assert!(plain.get("per_doc").is_none() && plain.get("errors").is_none());
}

fn chronicler(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chronicler"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_eval_table_json_errors() {
    let gold = data("eval/gold");
    let system = data("eval/system");
    let (g, s) = (gold.to_str().unwrap(), system.to_str().unwrap());
    let out = chronicler(&["eval", "--gold", g, "--system", s]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.starts_with("TIMEX3 (TempEval-3 Task A), 3 docs: gold 7, system 6\n"),
        "{table}"
    );
    assert!(
        table.contains("  strict match      0.5000  0.4286  0.4615  3\n"),
        "{table}"
    );
    assert!(
        table.contains("  anchoring         1.0000  0.5000  0.6667  3 recalled"),
        "{table}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("warning: ").count(), 5, "{stderr}");

    let out = chronicler(&["eval", "--gold", g, "--system", s, "--json", "--per-doc"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = serde_json::to_value(expected()).unwrap();
    assert_eq!(v["counts"], want);
    assert_eq!(v["counts"]["anchor_system_pairs"], 5);
    assert_eq!(v["per_doc"].as_array().unwrap().len(), 3);

    let out = chronicler(&["eval", "--gold", g, "--system", s, "--errors"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("TIMEX3 errors: 7"), "{text}");
    assert!(
        text.contains("missed   sub/doc2  gold \"April 10\" DATE 1998-04-10  system -"),
        "{text}"
    );
    assert!(
        text.contains("by category: missed 2, spurious 1, span 2, value 1, type 1"),
        "{text}"
    );

    // without --system chronicler itself is scored
    let out = chronicler(&["eval", "--gold", g, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["docs"], 3);
    assert_eq!(v["system_dir"], "chronicler");

    // errors: not a folder
    let out = chronicler(&["eval", "--gold", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

#[test]
fn chronicler_tml_and_json_answers_score_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let gold = data("eval/gold");
    for (format, sub) in [("json", "json/"), ("timeml", "tml/")] {
        let out = chronicler(&[
            "extract",
            gold.to_str().unwrap(),
            "--format",
            format,
            "-o",
            dir.path().join(sub).to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let json = eval::score(&gold, &System::Dir(dir.path().join("json"))).unwrap();
    let tml = eval::score(&gold, &System::Dir(dir.path().join("tml"))).unwrap();
    let own = eval::score(&gold, &System::Chronicler(Default::default())).unwrap();
    assert_eq!(json.counts, tml.counts);
    assert_eq!(json.counts, own.counts);
    assert_eq!(json.per_doc, tml.per_doc);
}

/// `chronicler eval` equals `timeml_score.py --json` on TBAQ-cleaned for
/// chronicler's own answers, as JSON and as TimeML (needs ../shared and
/// python3; skipped otherwise).
#[test]
fn equals_the_shared_scorer_on_tbaq() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scorer = root.join("../shared/eval/timeml_score.py");
    let gold = root.join("../shared/corpora/tbaq-cleaned");
    if !scorer.is_file() || !gold.is_dir() {
        eprintln!("skipped: ../shared (scorer and TBAQ-cleaned) is not there");
        return;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: no python3");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let g = gold.to_str().unwrap();
    for (format, sub) in [("json", "json/"), ("timeml", "tml/")] {
        let target = dir.path().join(sub);
        let out = chronicler(&[
            "extract",
            g,
            "--format",
            format,
            "-o",
            target.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let python = |sys: &Path| -> serde_json::Value {
        let out = Command::new("python3")
            .arg(&scorer)
            .args([g, sys.to_str().unwrap(), "--json", "--per-doc", "--quiet"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["system_dir"] = serde_json::Value::Null;
        v
    };
    let ours = |sys: Option<&Path>| -> serde_json::Value {
        let mut args = vec!["eval", "--gold", g, "--json", "--per-doc"];
        if let Some(s) = sys {
            args.extend(["--system", s.to_str().unwrap()]);
        }
        let out = chronicler(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["system_dir"] = serde_json::Value::Null;
        v
    };
    let (json_dir, tml_dir) = (dir.path().join("json"), dir.path().join("tml"));
    let py_json = python(&json_dir);
    let py_tml = python(&tml_dir);
    assert_eq!(py_json["docs"], 256);
    assert_eq!(ours(Some(&json_dir)), py_json, "eval on JSON answers");
    assert_eq!(ours(Some(&tml_dir)), py_tml, "eval on TimeML answers");
    assert_eq!(py_tml, py_json, "TimeML answers score as the JSON answers");
    assert_eq!(ours(None), py_json, "eval in process");
}

#[test]
fn odd_json_answers_warn_as_the_scorer_does() {
    let gold = Annotated {
        name: "d".into(),
        text: "\nOn Monday, 5 May.".into(),
        ..Default::default()
    };
    let v = serde_json::json!({
        "timexes": [
            {"start": "4", "end": 10.0, "type": "DATE", "value": 1998, "id": 7},
            {"start": null, "end": 3},
            "not an object",
            {"start": 12, "end": 17, "type": "date", "value": "X", "text": "5 May"},
            {"start": 3, "end": 2}
        ],
        "events": [
            {"start": 4, "end": 10, "timex": "7"},
            {"start": 4, "end": 10, "anchor_timex": true},
            {"start": 4, "end": 10, "anchor_timex": 1.0},
            {"start": 1, "end": 3, "anchor_timex": 3}
        ]
    });
    let mut w = Vec::new();
    let a = Annotated::from_json(&v, &gold, "d.json", &mut w).unwrap();
    assert_eq!(a.timexes.len(), 2);
    assert_eq!(a.timexes[0].value, "1998");
    assert_eq!((a.timexes[0].start, a.timexes[0].end), (4, 10));
    assert_eq!(a.events.len(), 4);
    assert_eq!(a.events[0].anchors, [0]); // "timex": "7" names the id 7
    assert_eq!(a.events[3].anchors, [1]); // JSON index 3 is the second timex kept
                                          // 3 bad spans, 1 odd type, 2 bad anchors
    assert_eq!(w.len(), 6, "{w:#?}");
    assert!(w
        .iter()
        .any(|m| m.contains("timex types outside DATE/TIME/DURATION/SET: ['date']")));
    assert!(w
        .iter()
        .any(|m| m.contains("anchor_timex True is not a valid timex index")));
    assert!(w
        .iter()
        .any(|m| m.contains("anchor_timex 1.0 is not a valid timex index")));
    // not an object at all
    let e = Annotated::from_json(&serde_json::json!([1]), &gold, "d.json", &mut w).unwrap_err();
    assert!(e.to_string().starts_with("d.json: "));
}
