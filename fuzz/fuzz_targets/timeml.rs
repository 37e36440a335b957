//! Fuzz target: TimeML in and out. Arbitrary text is read as a TimeML
//! document; when it parses, chronicler runs on its text (with its DCT, or
//! a fixed date when it has none), writes TimeML, and the text read back
//! from that output must equal the text that went in, character for
//! character, whatever escaping it needed.
#![no_main]

use chronicler::{extract, timeml, Options, Published};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let Ok(doc) = timeml::parse(&source, "fuzz.tml") else {
        return;
    };
    let published = doc.published().or_else(|| {
        chrono::NaiveDate::from_ymd_opt(2017, 5, 5).map(Published::given)
    });
    let options = Options {
        published,
        ..Options::default()
    };
    let Ok(result) = extract(&doc.text, &options) else {
        return;
    };
    let mut out = Vec::new();
    chronicler::write::timeml::timeml_text(&mut out, &result, &doc.text)
        .expect("TimeML output is written to memory");
    let written = std::str::from_utf8(&out).expect("TimeML output is UTF-8");
    let back = timeml::parse(written, "out.tml").expect("chronicler's TimeML parses");
    assert_eq!(back.text, doc.text);
});
