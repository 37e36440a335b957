//! TimeML: the document text with chronicler's annotation as inline tags.
//!
//! # Schema
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! <TimeML ...>
//! <DOCID>fixtures/seed.txt</DOCID>
//! <DCT><TIMEX3 tid="t0" type="DATE" value="2017-05-05" temporalFunction="false"
//!      functionInDocument="CREATION_TIME">2017-05-05</TIMEX3></DCT>
//! <TEXT>... <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <TIMEX3 tid="t1" type="DATE"
//!      value="2017-05-03" temporalFunction="true" functionInDocument="NONE"
//!      anchorTimeID="t0">Wednesday</TIMEX3> ...</TEXT>
//! <MAKEINSTANCE eiid="ei1" eventID="e1" tense="PAST"/>
//! <TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
//! </TimeML>
//! ```
//!
//! * `TIMEX3`: `tid`, `type`, `value`, `mod` (when the text qualifies the
//!   value), `quant`/`freq` (SETs), `temporalFunction` (`true` when the
//!   value was computed from context rather than read off the text),
//!   `functionInDocument="NONE"`, and `anchorTimeID` pointing at the DCT
//!   for values computed from the publication date.
//! * `EVENT`: `eid`, `class`; `MAKEINSTANCE`: `eiid`, `eventID`, `tense`.
//! * `TLINK relType="IS_INCLUDED"` (`DURING` for a duration) from each event to the timex that
//!   anchors it.
//!
//! The text between `<TEXT>` and `</TEXT>`, tags removed and references
//! decoded, is the input text character for character: `&`, `<` and `>` are
//! escaped, and so is `\r` (as `&#13;`, which XML would otherwise read as a
//! line feed). The only exception is what XML 1.0 cannot hold at all (most
//! C0 control characters, U+FFFE, U+FFFF): each becomes U+FFFD, one
//! character for one, so offsets still hold.
//!
//! When the input was TimeML ([`crate::timeml::TimemlDocument`]), its
//! header, `DOCID`, `DCT` and everything else outside `<TEXT>` are kept as
//! they were, except earlier annotation (`MAKEINSTANCE`, `TLINK`, `SLINK`
//! and `ALINK` elements are dropped; `EVENT`, `SIGNAL` and `TIMEX3` tags
//! outside the text other than the DCT are removed, their text kept); the
//! content of `<TEXT>` is replaced. Ids never collide with the ids kept.
//!
//! XML cannot express two crossing spans (a timex `[5,15)` and an event
//! `[10,20)`): the later-starting of the two is left out, with its links.
//! Empty spans are left out too. Such output is the one case where the
//! TimeML answer and the JSON answer of a document score differently.

use super::out_err;
use crate::error::{Error, ErrorKind, Result};
use crate::text::Tense;
use crate::timeml::{escape_attr, escape_text, TimemlDocument};
use crate::timex::Anchor;
use crate::Document;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;

/// Writes `doc` as TimeML into `original` (the TimeML document it was
/// extracted from, or [`TimemlDocument::from_text`] for plain text; see the
/// module documentation). `doc`'s offsets must refer to `original.text`.
///
/// # Example
/// ```
/// use chronicler::{extract, timeml, Options};
/// let src = concat!(
///     "<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-01-08\" ",
///     "functionInDocument=\"CREATION_TIME\">19980108</TIMEX3></DCT>\n<TEXT>\nAT&amp;T said ",
///     "<TIMEX3 tid=\"t9\" type=\"DATE\" value=\"1998-01-07\">yesterday</TIMEX3>.\n</TEXT>\n</TimeML>\n");
/// let original = timeml::parse(src, "x.tml").unwrap();
/// let options = Options { published: original.published(), ..Options::default() };
/// let doc = extract(&original.text, &options).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::timeml::timeml(&mut out, &doc, &original).unwrap();
/// let back = timeml::parse(std::str::from_utf8(&out).unwrap(), "out.tml").unwrap();
/// assert_eq!(back.text, original.text);
/// assert_eq!(back.timexes[0].get("value"), Some("1998-01-07"));
/// ```
pub fn timeml<W: Write>(mut out: W, doc: &Document, original: &TimemlDocument) -> Result<()> {
    let s = to_string(doc, original)?;
    out.write_all(s.as_bytes()).map_err(out_err)
}

/// Writes `doc`, extracted from the plain `text`, as a minimal TimeML
/// document: `DOCID` from the document id, a `DCT` from the publication
/// date used, and `text` as `<TEXT>`.
///
/// # Example
/// ```
/// use chronicler::{extract, timeml, Options, Published};
/// let text = "Fish & chips <3 \"quoted\" café, Tuesday.\r\n";
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::timeml::timeml_text(&mut out, &doc, text).unwrap();
/// let back = timeml::parse(std::str::from_utf8(&out).unwrap(), "out.tml").unwrap();
/// assert_eq!(back.text, text);
/// assert_eq!(back.dct.unwrap().get("value"), Some("2017-05-05"));
/// ```
pub fn timeml_text<W: Write>(out: W, doc: &Document, text: &str) -> Result<()> {
    let dct = doc
        .document
        .published
        .map(|d| d.format("%Y-%m-%d").to_string());
    let original = TimemlDocument::from_text(&doc.document.id, text, dct.as_deref());
    timeml(out, doc, &original)
}

/// One tag to write inside the text.
struct Mark {
    start: usize,
    end: usize,
    /// 0 for a timex, 1 for an event (a timex encloses an event of the same span).
    kind: u8,
    index: usize,
}

/// Fresh ids that avoid the reserved ones.
struct Ids {
    used: BTreeSet<String>,
    /// Per prefix, the number after the last id made up: every smaller one
    /// is taken (the set only grows), so the search starts there rather
    /// than at 1 (which made documents with many ids quadratic).
    next: HashMap<String, usize>,
}

impl Ids {
    fn take(&mut self, wanted: &str, prefix: &str) -> String {
        if !wanted.is_empty() && !self.used.contains(wanted) {
            self.used.insert(wanted.to_string());
            return wanted.to_string();
        }
        let mut n = self.next.get(prefix).copied().unwrap_or(1);
        loop {
            let id = format!("{prefix}{n}");
            if !self.used.contains(&id) {
                self.used.insert(id.clone());
                self.next.insert(prefix.to_string(), n + 1);
                return id;
            }
            n += 1;
        }
    }
}

fn tense_str(t: Tense) -> &'static str {
    match t {
        Tense::Past => "PAST",
        Tense::Present => "PRESENT",
        Tense::Future => "FUTURE",
        Tense::None => "NONE",
    }
}

/// The whole TimeML document as a string.
fn to_string(doc: &Document, original: &TimemlDocument) -> Result<String> {
    let layout = &original.layout;
    let text = &original.text;
    let n = text.chars().count();
    let outside = |what: &str, id: &str, start: usize, end: usize| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{}: {what} {id} [{start},{end}) lies outside the text ({n} characters): the document was not extracted from this text",
                original.name
            ),
        )
    };
    let mut marks = Vec::new();
    for (i, t) in doc.timexes.iter().enumerate() {
        if t.end > n || t.start > t.end {
            return Err(outside("timex", &t.id, t.start, t.end));
        }
        if t.start < t.end {
            marks.push(Mark {
                start: t.start,
                end: t.end,
                kind: 0,
                index: i,
            });
        }
    }
    for (i, e) in doc.events.iter().enumerate() {
        if e.end > n || e.start > e.end {
            return Err(outside("event", &e.id, e.start, e.end));
        }
        if e.start < e.end {
            marks.push(Mark {
                start: e.start,
                end: e.end,
                kind: 1,
                index: i,
            });
        }
    }
    // Outer tags first; drop a mark that would cross an open one.
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.kind, m.index));
    let mut kept: Vec<Mark> = Vec::with_capacity(marks.len());
    let mut open: Vec<usize> = Vec::new(); // ends of the open marks
    for m in marks {
        while open.last().is_some_and(|&end| end <= m.start) {
            open.pop();
        }
        if open.last().is_some_and(|&end| m.end > end) {
            continue;
        }
        open.push(m.end);
        kept.push(m);
    }

    // Ids.
    let mut ids = Ids {
        used: layout.reserved.clone(),
        next: HashMap::new(),
    };
    let dct_tid = original
        .dct
        .as_ref()
        .and_then(|d| d.get("tid"))
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let mut tids: HashMap<usize, String> = HashMap::new();
    let mut eids: HashMap<usize, (String, String)> = HashMap::new();
    let mut timex_by_id: HashMap<&str, usize> = HashMap::new();
    for m in kept.iter().filter(|m| m.kind == 0) {
        let t = &doc.timexes[m.index];
        tids.insert(m.index, ids.take(&t.id, "t"));
        timex_by_id.insert(t.id.as_str(), m.index);
    }
    let mut kept_events: Vec<usize> = kept
        .iter()
        .filter(|m| m.kind == 1)
        .map(|m| m.index)
        .collect();
    kept_events.sort_unstable();
    for &i in &kept_events {
        let e = &doc.events[i];
        let eid = ids.take(&e.id, "e");
        let wanted = eid
            .strip_prefix('e')
            .map(|k| format!("ei{k}"))
            .unwrap_or_default();
        let eiid = ids.take(&wanted, "ei");
        eids.insert(i, (eid, eiid));
    }

    // The text with its tags.
    let open_tag = |m: &Mark| -> String {
        if m.kind == 0 {
            let t = &doc.timexes[m.index];
            let mut s = format!(
                "<TIMEX3 tid=\"{}\" type=\"{}\" value=\"{}\"",
                escape_attr(tids.get(&m.index).map_or("", String::as_str)),
                t.kind.as_str(),
                escape_attr(&t.value)
            );
            if let Some(md) = t.modifier {
                let _ = write!(s, " mod=\"{}\"", md.as_str());
            }
            if let Some(q) = &t.quant {
                let _ = write!(s, " quant=\"{}\"", escape_attr(q));
            }
            if let Some(f) = &t.freq {
                let _ = write!(s, " freq=\"{}\"", escape_attr(f));
            }
            let function = t.anchor.is_some() || !t.stated;
            let _ = write!(
                s,
                " temporalFunction=\"{function}\" functionInDocument=\"NONE\""
            );
            if let (Some(Anchor::Publication), Some(d)) = (t.anchor, &dct_tid) {
                let _ = write!(s, " anchorTimeID=\"{}\"", escape_attr(d));
            }
            s.push('>');
            s
        } else {
            let e = &doc.events[m.index];
            let eid = eids.get(&m.index).map_or("", |(e, _)| e.as_str());
            format!(
                "<EVENT eid=\"{}\" class=\"{}\">",
                escape_attr(eid),
                e.class.as_str()
            )
        }
    };
    let close_tag = |kind: u8| if kind == 0 { "</TIMEX3>" } else { "</EVENT>" };
    let mut content = String::with_capacity(text.len() + kept.len() * 80);
    let mut stack: Vec<(usize, u8)> = Vec::new();
    let mut next = 0; // next mark to open
    let mut pos = 0usize;
    let mut chars = text.chars();
    loop {
        while stack.last().is_some_and(|&(end, _)| end == pos) {
            if let Some((_, kind)) = stack.pop() {
                content.push_str(close_tag(kind));
            }
        }
        while let Some(m) = kept.get(next).filter(|m| m.start == pos) {
            content.push_str(&open_tag(m));
            stack.push((m.end, m.kind));
            next += 1;
        }
        let Some(c) = chars.next() else {
            break;
        };
        let mut buf = [0u8; 4];
        content.push_str(&escape_text(c.encode_utf8(&mut buf)));
        pos += 1;
    }

    // Instances and links.
    let mut links = String::new();
    for &i in &kept_events {
        let e = &doc.events[i];
        let Some((eid, eiid)) = eids.get(&i) else {
            continue;
        };
        let _ = writeln!(
            links,
            "<MAKEINSTANCE eiid=\"{}\" eventID=\"{}\" tense=\"{}\"/>",
            escape_attr(eiid),
            escape_attr(eid),
            tense_str(e.tense)
        );
    }
    for &i in &kept_events {
        let e = &doc.events[i];
        let Some((_, eiid)) = eids.get(&i) else {
            continue;
        };
        let Some(tid) = e
            .timex
            .as_deref()
            .and_then(|id| timex_by_id.get(id))
            .and_then(|ti| tids.get(ti))
        else {
            continue;
        };
        let lid = ids.take("", "l");
        // an event lasting a duration is DURING it; one dated by a date or time IS_INCLUDED in it
        let lasts = e
            .timex
            .as_deref()
            .and_then(|id| timex_by_id.get(id))
            .and_then(|&i| doc.timexes.get(i))
            .is_some_and(|t| t.kind == crate::TimexType::Duration);
        let rel = if lasts { "DURING" } else { "IS_INCLUDED" };
        let _ = writeln!(
            links,
            "<TLINK lid=\"{}\" relType=\"{}\" eventInstanceID=\"{}\" relatedToTime=\"{}\"/>",
            escape_attr(&lid),
            rel,
            escape_attr(eiid),
            escape_attr(tid)
        );
    }

    // The document.
    let src = layout.source.as_str();
    let mut out = String::with_capacity(src.len() + content.len() + links.len());
    copy(&mut out, src, 0..layout.content.start, &layout.removals);
    if layout.empty_text {
        let tag = src.get(layout.content.clone()).unwrap_or("<TEXT/>");
        let opening = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
        out.push_str(opening);
        out.push('>');
        out.push_str(&content);
        out.push_str("</TEXT>");
    } else {
        out.push_str(&content);
        copy(&mut out, src, layout.content.end..layout.after_text, &[]);
    }
    let mut rest = String::new();
    copy(
        &mut rest,
        src,
        layout.after_text..src.len(),
        &layout.removals,
    );
    if links.is_empty() {
        out.push_str(&rest);
    } else {
        // Between elements white space means nothing: one line break each side.
        out.push('\n');
        out.push_str(&links);
        out.push_str(rest.trim_start());
    }
    Ok(out)
}

/// Appends `src[range]` to `out`, leaving out the `removals` (sorted).
fn copy(out: &mut String, src: &str, range: Range<usize>, removals: &[Range<usize>]) {
    let mut at = range.start;
    for r in removals {
        if r.end <= at || r.start >= range.end {
            continue;
        }
        if r.start > at {
            out.push_str(src.get(at..r.start).unwrap_or(""));
        }
        at = at.max(r.end.min(range.end));
    }
    if at < range.end {
        out.push_str(src.get(at..range.end).unwrap_or(""));
    }
}
