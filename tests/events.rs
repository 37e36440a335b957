//! Tests of event recognition and anchoring through the public pipeline:
//! the sentence cases in `tests/data/events.tsv` (trigger, class, tense,
//! anchoring timex and rule), the seed article's dated events, the embedded
//! model files, and robustness on arbitrary input.

use chronicler::event::{anchor_events, find_events, AnchorKind, EventClass};
use chronicler::text::sentences;
use chronicler::{extract, Document, Event, Options, Published};
use chrono::NaiveDate;

const CASES: &str = include_str!("data/events.tsv");
const SEED: &str = include_str!("../fixtures/seed.txt");

fn run(text: &str, published: NaiveDate) -> Document {
    extract(text, &Options::with_published(Published::given(published))).expect("extract")
}

/// The event whose text is `word` (`word#2` for the second).
fn event<'a>(doc: &'a Document, word: &str) -> Option<&'a Event> {
    let (word, nth) = match word.split_once('#') {
        Some((w, n)) => (w, n.parse::<usize>().expect("occurrence number")),
        None => (word, 1),
    };
    doc.events.iter().filter(|e| e.text == word).nth(nth - 1)
}

fn name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn anchor_text<'a>(doc: &'a Document, e: &Event) -> &'a str {
    match &e.timex {
        Some(id) => doc
            .timexes
            .iter()
            .find(|t| &t.id == id)
            .map(|t| t.text.as_str())
            .unwrap_or("?"),
        None => "-",
    }
}

#[test]
fn sentence_cases() {
    let mut failures = Vec::new();
    let mut n = 0;
    for (line_no, line) in CASES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 7, "line {}: 7 columns", line_no + 1);
        let (published, text, trigger, class, tense, anchor, kind) =
            (f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        n += 1;
        let date = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("date");
        let doc = run(text, date);
        let found = event(&doc, trigger);
        let mut fail = |what: String| {
            failures.push(format!("line {}: {text:?} {trigger}: {what}", line_no + 1))
        };
        if class == "NONE" {
            if let Some(e) = found {
                fail(format!(
                    "should not be an event, found {}",
                    e.class.as_str()
                ));
            }
            continue;
        }
        let Some(e) = found else {
            fail("no such event".to_string());
            continue;
        };
        if class != "*" && e.class.as_str() != class {
            fail(format!("class {} != {class}", e.class.as_str()));
        }
        if tense != "*" && name(&e.tense) != tense {
            fail(format!("tense {} != {tense}", name(&e.tense)));
        }
        let got = anchor_text(&doc, e);
        if anchor != "*" && got != anchor {
            fail(format!("anchor {got:?} != {anchor:?}"));
        }
        if kind != "*" {
            let k = e.anchored_by.map(|k| name(&k)).unwrap_or_default();
            if k != kind {
                fail(format!("anchored by {k:?} != {kind:?}"));
            }
        }
    }
    assert!(n >= 40, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The seed article (published 2017-05-05): the four dated events of its
/// story and what dates them.
#[test]
fn seed_article_events() {
    let doc = run(SEED, NaiveDate::from_ymd_opt(2017, 5, 5).unwrap());
    let dated = |word: &str| -> (String, String) {
        let e = event(&doc, word).unwrap_or_else(|| panic!("no event {word:?}"));
        let t = doc
            .timexes
            .iter()
            .find(|t| Some(t.id.as_str()) == e.timex.as_deref());
        (
            t.map(|t| t.text.clone()).unwrap_or_default(),
            e.anchored_by.map(|k| name(&k)).unwrap_or_default(),
        )
    };
    // the WFTU meeting held this week; Castro's support expressed during it
    assert_eq!(dated("held"), ("this week".into(), "same_clause".into()));
    assert_eq!(dated("meeting"), ("this week".into(), "via_event".into()));
    assert_eq!(dated("expressed"), ("this week".into(), "via_event".into()));
    // relations since 1960, when they began
    assert_eq!(dated("began").0, "1960");
    // the US missile test, recently
    assert_eq!(
        dated("conducted"),
        ("recently".into(), "same_clause".into())
    );
    // the Vandenberg launch
    assert!(dated("carried").0.contains("Wednesday"));
    assert!(dated("launched").0.contains("Wednesday"));
    // reporting with no date of its own stays undated
    let said = event(&doc, "said").expect("said");
    assert!(said.timex.is_none());
    assert_eq!(said.class, EventClass::Reporting);
    // every event dated by a timex is on the timeline, and only those
    for e in &doc.events {
        let dated =
            e.timex.is_some() && e.anchored_by != Some(chronicler::event::AnchorKind::Tense);
        assert_eq!(dated, doc.timeline.contains(&e.id), "{}", e.text);
    }
}

/// A duration the event lasts is its TimeML anchor (DURING), but only DATE
/// and TIME expressions date it: such events take their value from tense
/// and stay off the timeline. Sets anchor nothing.
#[test]
fn durations_anchor_but_do_not_date() {
    let doc = run(
        "Crews worked for six hours. The council meets every Monday. Talks lasted three days.",
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
    );
    for e in &doc.events {
        assert!(!doc.timeline.contains(&e.id), "{} on the timeline", e.text);
        if let Some(id) = &e.timex {
            let t = doc.timexes.iter().find(|t| &t.id == id).expect("timex");
            assert_eq!(
                t.kind,
                chronicler::TimexType::Duration,
                "{} anchored to {}",
                e.text,
                t.text
            );
            assert_eq!(e.value.as_deref(), Some("PAST_REF"), "{}", e.text);
        }
    }
    let worked = event(&doc, "worked").expect("worked");
    assert!(
        worked.timex.is_some(),
        "worked should be anchored to six hours"
    );
    let meets = event(&doc, "meets");
    assert!(meets.is_none_or(|e| e.timex.is_none()));
}

/// The data files compiled in parse completely and agree with each other.
#[test]
fn model_files_parse() {
    let lexicon = include_str!("../src/event/lexicon.tsv");
    let model = include_str!("../src/event/model.tsv");
    let classes = [
        "OCCURRENCE",
        "REPORTING",
        "STATE",
        "I_ACTION",
        "I_STATE",
        "ASPECTUAL",
        "PERCEPTION",
    ];
    let mut forms = 0;
    for line in lexicon.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "{line:?}");
        assert_eq!(f[0], f[0].to_lowercase(), "{line:?}");
        assert!(f[1].parse::<u32>().unwrap() > 0, "{line:?}");
        f[2].parse::<u32>().unwrap();
        assert!(classes.contains(&f[3]), "{line:?}");
        forms += 1;
    }
    assert!(forms > 2000);
    let mut weights = 0;
    for line in model.lines().filter(|l| !l.starts_with("# ")) {
        let (name, w) = line.split_once('\t').expect("feature<TAB>weight");
        let w: f32 = w.parse().unwrap_or_else(|_| panic!("{line:?}"));
        assert!(w.is_finite());
        let kind = name.split_once('=').map(|(k, _)| k).unwrap_or(name);
        assert!(
            [
                "#threshold",
                "b",
                "w",
                "st",
                "s3",
                "s4",
                "p",
                "n",
                "cap",
                "init",
                "acap",
                "dig",
                "hyph",
                "ncap",
                "tx1",
                "tx2",
                "tx3"
            ]
            .contains(&kind),
            "unknown feature {name:?}"
        );
        weights += 1;
    }
    assert!(weights > 5000);
}

/// Every reporting verb of a small list is found and classed REPORTING.
#[test]
fn reporting_verbs() {
    let t = "He said. She told them. They announced it. Officials reported it. She added.";
    let found = find_events(t, &sentences(t), &[]);
    for w in ["said", "told", "announced", "reported", "added"] {
        let m = found
            .iter()
            .find(|m| &t[m.span.start..m.span.end] == w)
            .unwrap_or_else(|| panic!("{w} not found"));
        assert_eq!(m.class, EventClass::Reporting, "{w}");
    }
}

/// Arbitrary text, including odd Unicode, never panics, and every span is
/// a valid slice of the input inside its sentence.
#[test]
fn arbitrary_input_never_panics() {
    let samples = [
        "",
        " ",
        "\n\n\n",
        "—",
        "ü",
        "'''''\"\"\"",
        "a-",
        "-a",
        "a--b",
        "Ça s’est passé le 3 mars 2019 à Genève, a-t-il déclaré.",
        "東京で会議が開かれた。 The meeting was held in Tokyo on Monday.",
        "🚀 launched 🚀 on Friday 🚀",
        "He said\u{0}it\u{200b}was held\u{feff} on Monday.",
        "ΑΒΓ said on 2019-01-01 that Σ resigned.",
        "On Monday, , , , that which who said on Tuesday",
        "\u{201c}On March 30,\u{201d} \u{2013} \u{201c}was signed\u{201d} \u{2014} ``on Monday, April 3'' \u{201c}",
    ];
    let mut texts: Vec<String> = samples.iter().map(|s| s.to_string()).collect();
    // pseudo-random mixes of words, punctuation and multi-byte characters
    let pieces = [
        "said",
        " ",
        "on",
        "Monday",
        ",",
        "the",
        "meeting",
        "held",
        "é",
        "—",
        "\n",
        "during",
        "that",
        "which",
        "2019",
        "and",
        "’",
        "“",
        "”",
        "-",
        ".",
        "five hours",
        "every day",
        "🚀",
        "was",
        "arrested",
        "(",
        ")",
        "''",
        "``",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut s = String::new();
        let len = (state % 60) as usize;
        for _ in 0..len {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            s.push_str(pieces[(state >> 33) as usize % pieces.len()]);
        }
        texts.push(s);
    }
    for t in &texts {
        let doc = run(t, NaiveDate::from_ymd_opt(2020, 2, 29).unwrap());
        for e in &doc.events {
            assert!(t.get(e.bytes.start..e.bytes.end).is_some(), "{t:?}");
            assert!(!e.text.is_empty());
        }
        // the library entry points also accept inconsistent input
        let s = sentences(t);
        let m = find_events(t, &s, &doc.timexes);
        let a = anchor_events(t, &[], &m, &doc.timexes);
        assert_eq!(a.len(), m.len());
        let a = anchor_events("", &s, &m, &doc.timexes);
        assert!(a
            .iter()
            .all(|x| x.is_none_or(|x| x.kind != AnchorKind::Tense)));
    }
}

/// Issue 3: an event dated only by the story's news day keeps its TimeML
/// anchor and value but stays off the timeline; an event placed by a
/// duration ("a month after") is anchored by the offset rule.
#[test]
fn narrative_and_offset_anchors() {
    let t = "Rebels attacked the town on Friday. They burned the market. \
             The army returned a month after the rebels left.";
    let date = NaiveDate::from_ymd_opt(2019, 7, 27).unwrap();
    let doc = run(t, date);
    let burned = event(&doc, "burned").expect("burned");
    assert_eq!(burned.value.as_deref(), Some("2019-07-26"));
    assert_eq!(burned.anchored_by, Some(AnchorKind::Narrative));
    assert!(!doc.timeline.contains(&burned.id), "{:?}", doc.timeline);
    let attacked = event(&doc, "attacked").expect("attacked");
    assert!(doc.timeline.contains(&attacked.id));
    let m = find_events(t, &doc.sentences, &doc.timexes);
    let a = anchor_events(t, &doc.sentences, &m, &doc.timexes);
    let left = m
        .iter()
        .position(|m| &t[m.span.start..m.span.end] == "left")
        .expect("left");
    let got = a[left].expect("left is anchored");
    assert_eq!(doc.timexes[got.timex].text, "a month");
    assert_eq!(got.kind, AnchorKind::Offset);
    // the news day is the resolver's mark: a date a month before
    // publication is not one, and the next sentence is left to its tense
    let t = "Rebels attacked the town on July 26. They burned the market.";
    let late = run(t, NaiveDate::from_ymd_opt(2019, 8, 24).unwrap());
    assert_eq!(late.timexes[0].value, "2019-07-26");
    assert!(!late.timexes[0].news_day);
    let m = find_events(t, &late.sentences, &late.timexes);
    let a = anchor_events(t, &late.sentences, &m, &late.timexes);
    let burned = m
        .iter()
        .position(|m| &t[m.span.start..m.span.end] == "burned")
        .expect("burned");
    assert!(a[burned].is_none());
}
