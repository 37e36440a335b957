//! A self-contained HTML timeline: one file, no network, CSS and script
//! inline (hand-written, in `src/write/html/`, embedded with
//! `include_str!`). The timeline's data (the [`super::timelinejs`] view of
//! each document) travels as JSON in a `<script type="application/json">`
//! block; the script draws the chart from it. Every entry is also listed
//! as plain HTML under the chart, so the page prints, and reads without
//! script.
//!
//! # What the page shows
//!
//! - A time axis with calendar ticks from centuries to hours. Each stretch
//!   between two dated points is linear; long empty stretches are
//!   shortened (logarithmically) and marked with a break, so that a 1960
//!   background date and three days of news both stay readable.
//! - One lane per document; inside it, one marker per timeline entry
//!   (a focusable button, in timeline order) at the start of its value,
//!   with a bar over the span the value covers (a week, a month, "this
//!   year"). Vague entries (`PAST_REF`, ...) sit in their own lane of the
//!   document, entries without a date at the right end.
//! - Entries the checker doubts (`crate::check`) in another colour, the
//!   message on hover.
//! - Hovering or focusing a marker shows its details; clicking it (or
//!   Enter/Space) pins them: the sentence with the time expression
//!   highlighted, the value, and whether it was stated or inferred.
//!   Left/Right move between markers, Escape closes the details.
//!
//! # Escaping
//!
//! Text written into HTML is escaped (`&`, `<`, `>`, `"`, `'`); the JSON
//! block has every `<`, `>` and `&` written as a `\u` escape, so no
//! `</script>` or `<!--` can end it early. The script builds its DOM with
//! `textContent`, never with markup from the data.

use super::out_err;
use super::timelinejs::{escape_html, plural, sentence_html, DocView, EntryView, Vague};
use crate::error::Result;
use crate::Document;
use serde::Serialize;
use std::io::Write;

const CSS: &str = include_str!("html/page.css");
const JS: &str = include_str!("html/page.js");

#[derive(Serialize)]
struct Data<'a> {
    generator: &'static str,
    docs: &'a [DocView],
}

/// JSON for a `<script>` block: `<`, `>` and `&` as `\u` escapes.
fn script_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// The documents' views with the entries `vague` hides removed.
fn visible(docs: &[DocView], vague: Vague) -> Vec<DocView> {
    docs.iter()
        .map(|d| DocView {
            entries: d
                .entries
                .iter()
                .filter(|e| shown(e, vague))
                .cloned()
                .collect(),
            ..d.clone()
        })
        .collect()
}

/// Whether the page shows `e`: all entries, but vague ones only with
/// [`Vague::Place`] (entries without a date go at the right end).
pub(crate) fn shown(e: &EntryView, vague: Vague) -> bool {
    !(vague == Vague::Omit && e.vague)
}

/// The plain list of every entry, under the chart.
fn list_html(docs: &[DocView]) -> String {
    let mut s = String::new();
    for d in docs {
        s.push_str(&format!(
            "<section class=\"doc-list\"><h3>{}</h3><p class=\"meta\">{}</p>",
            escape_html(&d.title),
            escape_html(&doc_meta(d))
        ));
        if d.entries.is_empty() {
            s.push_str("<p>No dated events.</p></section>");
            continue;
        }
        s.push_str("<ol>");
        for e in &d.entries {
            let how = match e.stated {
                Some(true) => "stated",
                Some(false) => "inferred",
                None => "no time expression",
            };
            let class = if !e.findings.is_empty() {
                " class=\"flagged\""
            } else if e.vague {
                " class=\"vague\""
            } else {
                ""
            };
            s.push_str(&format!(
                "<li{class}><span class=\"when\">{}</span> <span class=\"what\">{}</span>\
                 <div class=\"sentence\">{}</div>\
                 <div class=\"facts\"><code>{}</code> · {} · {} · {}</div>",
                escape_html(&e.display),
                escape_html(&e.description),
                sentence_html(e),
                escape_html(&e.value),
                how,
                escape_html(e.class),
                escape_html(&e.event),
            ));
            for f in &e.findings {
                s.push_str(&format!(
                    "<div class=\"finding\">Checker {}: {}</div>",
                    escape_html(f.severity),
                    escape_html(&f.message)
                ));
            }
            s.push_str("</li>");
        }
        s.push_str("</ol></section>");
    }
    s
}

fn doc_meta(d: &DocView) -> String {
    let published = d.published.map_or_else(
        || "no publication date".to_string(),
        |p| format!("published {}", p.format("%Y-%m-%d")),
    );
    let vague = d.entries.iter().filter(|e| e.vague).count();
    let flagged = d.entries.iter().filter(|e| !e.findings.is_empty()).count();
    let mut s = format!(
        "{} · {published} ({}) · {}",
        d.id,
        d.published_source,
        plural(d.entries.len(), "entry", "entries")
    );
    if vague > 0 {
        s.push_str(&format!(", {vague} vague"));
    }
    if flagged > 0 {
        s.push_str(&format!(", {flagged} flagged by the checker"));
    }
    s
}

/// Writes the documents' views as one HTML page.
pub(crate) fn write_views<W: Write>(mut w: W, docs: &[DocView], vague: Vague) -> Result<()> {
    let docs = visible(docs, vague);
    let title = match docs.as_slice() {
        [d] => d.title.clone(),
        _ => format!("{} articles", docs.len()),
    };
    let meta = match docs.as_slice() {
        [d] => doc_meta(d),
        _ => {
            let n: usize = docs.iter().map(|d| d.entries.len()).sum();
            format!(
                "{} in {} documents",
                plural(n, "entry", "entries"),
                docs.len()
            )
        }
    };
    let data = Data {
        generator: concat!("chronicler ", env!("CARGO_PKG_VERSION")),
        docs: &docs,
    };
    let json = serde_json::to_string(&data).map_err(out_err)?;
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{generator}\">\n\
         <title>{title_e} – timeline</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title_e}</h1>\n<p class=\"meta\">{meta_e}</p>\n\
         <ul class=\"legend\" aria-label=\"Legend\">\
         <li><span class=\"key k-stated\"></span>date stated</li>\
         <li><span class=\"key k-inferred\"></span>date inferred</li>\
         <li><span class=\"key k-bar\"></span>span the date covers</li>\
         <li><span class=\"key k-vague\"></span>vague (placed near publication)</li>\
         <li><span class=\"key k-flagged\"></span>doubted by the checker</li>\
         <li><span class=\"key k-gap\"></span>shortened stretch</li></ul>\n\
         <p class=\"hint\">Hover or focus a marker for its sentence; click, Enter or Space keeps it open; \
         ←/→ move between markers, Esc closes.</p>\n</header>\n\
         <main>\n<div id=\"chart\" class=\"chart\" role=\"group\" aria-label=\"Timeline chart\"></div>\n\
         <noscript><p>The chart needs JavaScript; every entry is listed below.</p></noscript>\n\
         <details class=\"list\" open><summary>All entries, in timeline order</summary>\n{list}\n</details>\n\
         </main>\n\
         <aside id=\"details\" class=\"details\" hidden aria-live=\"polite\"></aside>\n\
         <script type=\"application/json\" id=\"chronicler-data\">{json}</script>\n\
         <script>\n{JS}</script>\n</body>\n</html>\n",
        generator = data.generator,
        title_e = escape_html(&title),
        meta_e = escape_html(&meta),
        list = list_html(&docs),
        json = script_json(&json),
    );
    w.write_all(page.as_bytes()).map_err(out_err)
}

/// Writes one document as a self-contained HTML page (see the module
/// documentation). `text` is the input `doc` was extracted from: its
/// first line becomes the title. Returns a note naming the entries left
/// out, if any.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// use chronicler::write::{html::html, timelinejs::Vague};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let text = "The summit </script> was held this week.";
/// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// html(&mut out, &doc, Some(text), Vague::Place).unwrap();
/// let page = String::from_utf8(out).unwrap();
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert_eq!(page.matches("</script>").count(), 2); // the data cannot close its block
/// assert!(!page.contains("http://") && !page.contains("https://"));
/// ```
pub fn html<W: Write>(
    w: W,
    doc: &Document,
    text: Option<&str>,
    vague: Vague,
) -> Result<Option<String>> {
    let view = DocView::new(doc, text);
    write_views(w, std::slice::from_ref(&view), vague)?;
    Ok(view.omitted_note(vague, "html", shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_block() {
        let s = script_json(r#"{"a":"</script><!-- & -->"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap_or_default();
        assert_eq!(back["a"], "</script><!-- & -->");
    }
}
