//! The `--explain` report: for each time expression, the rule that made it
//! and whether its value was stated in the text or inferred; for each event,
//! how it got its date. Plain text for people (the same facts are in the
//! JSON output as `rule`, `stated`, `anchor` and `anchored_by`); its layout
//! is not a stable interface.
//!
//! ```text
//! fixtures/seed.txt: published 2017-05-05 (given)
//!   t1   DATE      2017-W18         inferred  "this week"  rule this_week/publication, from publication
//!   e1   OCCURRENCE  "meeting"  -> t1 2017-W18 (same_clause), rule lexicon
//! ```

use super::out_err;
use crate::error::Result;
use crate::Document;
use serde::Serialize;
use std::io::Write;

/// The serde name of an enum value (`same_clause`, `publication`).
fn name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Writes the explanation of `doc`.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("The summit was held this week.", &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::explain(&mut out, &doc).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("2017-W18"));
/// assert!(text.contains("inferred"));
/// ```
pub fn explain<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    let d = &doc.document;
    let published = d
        .published
        .map_or_else(|| "none".to_string(), |p| p.format("%Y-%m-%d").to_string());
    writeln!(
        w,
        "{}: published {published} ({})",
        d.id, d.published_source
    )
    .map_err(out_err)?;
    if doc.timexes.is_empty() && doc.events.is_empty() {
        writeln!(w, "  no time expressions, no events").map_err(out_err)?;
    }
    for t in &doc.timexes {
        let mut how = format!("rule {}", t.rule);
        if let Some(a) = &t.anchor {
            how.push_str(&format!(", from {}", name(a)));
        }
        if let Some(m) = &t.modifier {
            how.push_str(&format!(", mod {}", m.as_str()));
        }
        writeln!(
            w,
            "  {:<4} {:<9} {:<16} {:<8}  {:?}  {how}",
            t.id,
            t.kind.as_str(),
            t.value,
            if t.stated { "stated" } else { "inferred" },
            t.text,
        )
        .map_err(out_err)?;
    }
    for e in &doc.events {
        let date = match (&e.timex, &e.value) {
            (Some(t), Some(v)) => format!("-> {t} {v}"),
            (None, Some(v)) => format!("-> {v}"),
            _ => "undated".to_string(),
        };
        let by = e
            .anchored_by
            .as_ref()
            .map(|a| format!(" ({})", name(a)))
            .unwrap_or_default();
        writeln!(
            w,
            "  {:<4} {:<10} {:?}  {date}{by}, rule {}",
            e.id,
            e.class.as_str(),
            e.text,
            e.rule
        )
        .map_err(out_err)?;
    }
    Ok(())
}
