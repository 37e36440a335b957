//! Fuzz target: `extract` over arbitrary bytes as text (decoded lossily, as
//! `--lossy` does) and an arbitrary publication date (or none, so that the
//! date is looked for in the text). Checks what the property tests check:
//! offsets inside the text on character boundaries, the reported text at
//! the reported offsets, and output that serialises.
#![no_main]

use chronicler::{extract, Options, Published};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((head, body)) = data.split_first_chunk::<4>() else {
        return;
    };
    let n = i32::from_le_bytes(*head);
    let text = String::from_utf8_lossy(body);
    let published = if n & 1 == 0 {
        // Any day chrono can represent, the edges included.
        chrono::NaiveDate::from_num_days_from_ce_opt(n >> 1).map(Published::given)
    } else {
        None
    };
    let options = Options {
        published,
        ..Options::default()
    };
    let Ok(doc) = extract(&text, &options) else {
        return;
    };
    let chars: Vec<char> = text.chars().collect();
    for t in &doc.timexes {
        assert!(t.start < t.end && t.end <= chars.len());
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
        assert!(text.is_char_boundary(t.bytes.start) && text.is_char_boundary(t.bytes.end));
    }
    for e in &doc.events {
        assert!(e.start < e.end && e.end <= chars.len());
        assert_eq!(chars[e.start..e.end].iter().collect::<String>(), e.text);
    }
    let mut out = Vec::new();
    chronicler::write::jsonl(&mut out, &doc).expect("JSON Lines");
    serde_json::from_slice::<serde_json::Value>(&out).expect("parses back");
    let mut out = Vec::new();
    chronicler::write::csv(&mut out, &doc, true).expect("CSV");
});
