//! Reading TimeML: `.tml` files (TimeBank, AQUAINT, TempEval-3 gold) and
//! TempEval-3 `.tml.TE3input` files.
//!
//! Owns turning a TimeML document into what the rest of chronicler needs:
//!
//! * the plain text of `<TEXT>` ([`TimemlDocument::text`]), computed exactly
//!   as the TempEval-3 scorer (`timeml_score.py`, with Python's expat) does:
//!   everything between `<TEXT>` and `</TEXT>` with the tags removed,
//!   character and entity references decoded (`&amp;` is one character),
//!   CDATA kept, comments and processing instructions dropped, line ends
//!   normalised to `\n` as XML requires; it starts with the newline that
//!   follows `<TEXT>`, and every offset chronicler reports for the document
//!   counts Unicode code points in it;
//! * the document creation time: the `TIMEX3` inside `<DCT>`, else any
//!   `TIMEX3` with `functionInDocument="CREATION_TIME"`, which becomes the
//!   publication date ([`TimemlDocument::published`], source
//!   [`PublishedSource::TimemlDct`]);
//! * the annotation already there (gold `TIMEX3`, `EVENT` with their code
//!   point spans in the text; `MAKEINSTANCE`, `TLINK`), which `crate::eval`
//!   scores against;
//! * the layout of the source, so that `crate::write::timeml` can write the
//!   document back with chronicler's annotation in place of the old one.
//!
//! Malformed XML is an [`Error`] of kind [`ErrorKind::InvalidInput`] that
//! names the document and the line. Element and attribute names are matched
//! as Python's ElementTree sees them: a name in a namespace (`<x:TEXT>`, or
//! any name under a default `xmlns="..."`) is not `TEXT`.

use crate::error::{Error, ErrorKind, Result};
use crate::published::{Published, PublishedSource};
use chrono::{NaiveDate, NaiveTime};
use quick_xml::events::Event as XmlEvent;
use quick_xml::reader::Reader;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// An element outside the text (a `MAKEINSTANCE`, a `TLINK`, the DCT): its
/// name and attributes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tag {
    /// Element name (`TIMEX3`, `TLINK`, ...).
    pub name: String,
    /// Attributes in document order, values decoded and normalised as XML
    /// requires (white space characters become spaces).
    pub attributes: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `key`, if present.
    ///
    /// # Example
    /// ```
    /// use chronicler::timeml::Tag;
    /// let t = Tag { name: "TLINK".into(), attributes: vec![("relType".into(), "BEFORE".into())] };
    /// assert_eq!(t.get("relType"), Some("BEFORE"));
    /// assert_eq!(t.get("lid"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// An element inside `<TEXT>` (a `TIMEX3`, an `EVENT`) with its span in
/// [`TimemlDocument::text`], in Unicode code points, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextTag {
    /// Name and attributes.
    pub tag: Tag,
    /// Code point offset of the first character.
    pub start: usize,
    /// Code point offset one past the last character.
    pub end: usize,
}

impl TextTag {
    /// The value of attribute `key`, if present (see [`Tag::get`]).
    ///
    /// # Example
    /// ```
    /// let d = chronicler::timeml::parse(
    ///     r#"<TimeML><TEXT>On <TIMEX3 tid="t1" type="DATE" value="1998-01-08">Thursday</TIMEX3></TEXT></TimeML>"#,
    ///     "x.tml",
    /// ).unwrap();
    /// assert_eq!(d.timexes[0].get("value"), Some("1998-01-08"));
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.tag.get(key)
    }
}

/// Where the parts of the source are, for writing the document back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Layout {
    /// The source, without a byte order mark.
    pub source: String,
    /// Byte range of the content of `<TEXT>` in `source`; for an empty
    /// `<TEXT/>`, the range of the tag itself.
    pub content: Range<usize>,
    /// Whether `<TEXT/>` was an empty-element tag.
    pub empty_text: bool,
    /// Byte offset just after `</TEXT>` (where links are written).
    pub after_text: usize,
    /// Byte ranges outside the text to leave out when writing: earlier
    /// annotation (`MAKEINSTANCE`, `TLINK`, `SLINK`, `ALINK` elements, and
    /// the tags of `EVENT`, `SIGNAL` and non-DCT `TIMEX3` elements), sorted,
    /// not overlapping.
    pub removals: Vec<Range<usize>>,
    /// Ids (`tid`, `eid`, `eiid`, `lid`, `sid`) used by what is kept.
    pub reserved: BTreeSet<String>,
}

/// A TimeML document read by [`parse`] or [`read`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimemlDocument {
    /// The name used in messages (usually the path).
    pub name: String,
    /// The plain text of `<TEXT>` (see the module documentation).
    pub text: String,
    /// The document creation time `TIMEX3`, if there is one.
    pub dct: Option<Tag>,
    /// `TIMEX3` elements inside `<TEXT>` in document order, the DCT excepted.
    pub timexes: Vec<TextTag>,
    /// `EVENT` elements inside `<TEXT>` in document order.
    pub events: Vec<TextTag>,
    /// Every `MAKEINSTANCE` element of the document, in document order.
    pub instances: Vec<Tag>,
    /// Every `TLINK` element of the document, in document order.
    pub tlinks: Vec<Tag>,
    pub(crate) layout: Layout,
}

impl TimemlDocument {
    /// The publication date given by the DCT value (`1998-01-08`,
    /// `1998-01-08T18:30`, `19980108`), with source
    /// [`PublishedSource::TimemlDct`]; `None` when there is no DCT or its
    /// value is not a full date.
    ///
    /// # Example
    /// ```
    /// let d = chronicler::timeml::parse(concat!(
    ///     r#"<TimeML><DCT><TIMEX3 tid="t0" type="TIME" value="1998-01-08T18:30" "#,
    ///     r#"functionInDocument="CREATION_TIME">01/08/1998</TIMEX3></DCT><TEXT>Hi.</TEXT></TimeML>"#,
    /// ), "x.tml").unwrap();
    /// let p = d.published().unwrap();
    /// assert_eq!(p.date.to_string(), "1998-01-08");
    /// assert_eq!(p.time.unwrap().to_string(), "18:30:00");
    /// assert_eq!(p.source, chronicler::PublishedSource::TimemlDct);
    /// ```
    pub fn published(&self) -> Option<Published> {
        let value = self.dct.as_ref()?.get("value")?.trim();
        let (date, time) = match value.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (value, None),
        };
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(date, "%Y%m%d"))
            .ok()?;
        let time = time.and_then(|t| {
            let t = t.get(..8.min(t.len())).unwrap_or(t);
            NaiveTime::parse_from_str(t, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(t.get(..5).unwrap_or(t), "%H:%M"))
                .ok()
        });
        Some(Published {
            date,
            time,
            source: PublishedSource::TimemlDct,
        })
    }

    /// A skeleton TimeML document around a plain text: what
    /// `crate::write::timeml` fills when the input was not TimeML. `dct` is
    /// the DCT value (`2017-05-05`), if known.
    ///
    /// # Example
    /// ```
    /// use chronicler::timeml::TimemlDocument;
    /// let d = TimemlDocument::from_text("a.txt", "Fish & chips <3", Some("2017-05-05"));
    /// assert_eq!(d.text, "Fish & chips <3");
    /// assert_eq!(d.dct.unwrap().get("value"), Some("2017-05-05"));
    /// ```
    pub fn from_text(name: &str, text: &str, dct: Option<&str>) -> TimemlDocument {
        let mut source = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <TimeML xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:noNamespaceSchemaLocation=\"http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd\">\n",
        );
        source.push_str(&format!("<DOCID>{}</DOCID>\n", escape_text(name)));
        let dct_tag = dct.map(|v| {
            source.push_str(&format!(
                "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{v}\" temporalFunction=\"false\" \
                 functionInDocument=\"CREATION_TIME\">{v}</TIMEX3></DCT>\n",
                v = escape_attr(v)
            ));
            Tag {
                name: "TIMEX3".into(),
                attributes: vec![
                    ("tid".into(), "t0".into()),
                    ("type".into(), "DATE".into()),
                    ("value".into(), v.to_string()),
                    ("temporalFunction".into(), "false".into()),
                    ("functionInDocument".into(), "CREATION_TIME".into()),
                ],
            }
        });
        source.push_str("<TEXT>");
        let content = source.len()..source.len();
        source.push_str("</TEXT>");
        let after_text = source.len();
        source.push_str("\n</TimeML>\n");
        let mut reserved = BTreeSet::new();
        if dct.is_some() {
            reserved.insert("t0".to_string());
        }
        TimemlDocument {
            name: name.to_string(),
            text: text.to_string(),
            dct: dct_tag,
            timexes: Vec::new(),
            events: Vec::new(),
            instances: Vec::new(),
            tlinks: Vec::new(),
            layout: Layout {
                source,
                content,
                empty_text: false,
                after_text,
                removals: Vec::new(),
                reserved,
            },
        }
    }
}

/// How to read an input: as plain text, as TimeML, or by looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputFormat {
    /// TimeML for `.tml` and `.TE3input` files and for content starting
    /// with `<?xml` or `<TimeML`; plain text otherwise.
    #[default]
    Auto,
    /// Plain text, whatever it looks like.
    Text,
    /// TimeML: the text of `<TEXT>`, the DCT as the publication date.
    Timeml,
}

impl InputFormat {
    /// Whether an input read with this setting is TimeML (see
    /// [`looks_like_timeml`] for `Auto`).
    ///
    /// # Example
    /// ```
    /// use chronicler::timeml::InputFormat;
    /// assert!(InputFormat::Auto.is_timeml(None, "<TimeML><TEXT/></TimeML>"));
    /// assert!(!InputFormat::Text.is_timeml(None, "<TimeML><TEXT/></TimeML>"));
    /// assert!(InputFormat::Timeml.is_timeml(None, "anything"));
    /// ```
    pub fn is_timeml(self, path: Option<&Path>, content: &str) -> bool {
        match self {
            InputFormat::Auto => looks_like_timeml(path, content),
            InputFormat::Text => false,
            InputFormat::Timeml => true,
        }
    }
}

/// Whether an input is TimeML: a `.tml` or `.TE3input` file name, or
/// content that starts (after a byte order mark and white space) with
/// `<?xml` or `<TimeML`.
///
/// # Example
/// ```
/// use chronicler::timeml::looks_like_timeml;
/// use std::path::Path;
/// assert!(looks_like_timeml(Some(Path::new("a/ABC.tml")), ""));
/// assert!(looks_like_timeml(Some(Path::new("ABC.tml.TE3input")), ""));
/// assert!(looks_like_timeml(None, "\u{feff}<?xml version=\"1.0\"?><TimeML>"));
/// assert!(!looks_like_timeml(Some(Path::new("a.txt")), "Plain <b>text</b>."));
/// ```
pub fn looks_like_timeml(path: Option<&Path>, content: &str) -> bool {
    if let Some(ext) = path.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        if ext.eq_ignore_ascii_case("tml") || ext.eq_ignore_ascii_case("te3input") {
            return true;
        }
    }
    let c = content.trim_start_matches('\u{feff}').trim_start();
    c.starts_with("<?xml") || c.starts_with("<TimeML")
}

/// Reads a TimeML file (see [`decode`] and [`parse`]); errors name the path.
///
/// # Example
/// ```
/// let e = chronicler::timeml::read(std::path::Path::new("no/such.tml")).unwrap_err();
/// assert_eq!(e.to_string(), "no/such.tml: no such file");
/// ```
pub fn read(path: &Path) -> Result<TimemlDocument> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string().to_lowercase(),
        };
        Error::new(ErrorKind::Io, format!("{name}: {what}"))
    })?;
    let text = decode(&bytes, &name)?;
    parse(&text, &name)
}

/// Decodes the bytes of an XML document as its declaration says: UTF-8 (the
/// default; a byte order mark is skipped), US-ASCII or ISO-8859-1/Latin-1.
///
/// # Example
/// ```
/// use chronicler::timeml::decode;
/// assert_eq!(decode(b"\xEF\xBB\xBF<a/>", "x").unwrap(), "<a/>");
/// assert_eq!(decode(b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE9</a>", "x").unwrap(),
///            "<?xml version='1.0' encoding='ISO-8859-1'?><a>\u{e9}</a>");
/// assert!(decode(b"<a>\xE9</a>", "x").is_err());
/// ```
pub fn decode(bytes: &[u8], name: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    let encoding = declared_encoding(&head).map(|e| e.to_ascii_lowercase());
    match encoding.as_deref() {
        None | Some("utf-8") | Some("utf8") | Some("us-ascii") | Some("ascii") => {
            String::from_utf8(bytes.to_vec()).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidUtf8,
                    format!(
                        "{name}: not valid UTF-8 (first bad byte at {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
            })
        }
        Some("iso-8859-1") | Some("latin-1") | Some("latin1") | Some("iso8859-1") => {
            Ok(bytes.iter().map(|&b| char::from(b)).collect())
        }
        Some(other) => Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{name}: unsupported XML encoding {other:?} (use UTF-8)"),
        )),
    }
}

/// The `encoding` of an XML declaration at the start of `head`.
fn declared_encoding(head: &str) -> Option<&str> {
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

/// One element seen while parsing.
struct Element {
    tag: Tag,
    parent: Option<usize>,
    /// Byte range of the start tag (of the whole tag for an empty element).
    start_tag: Range<usize>,
    /// Byte range of the end tag (empty at the end of the start tag for an empty element).
    end_tag: Range<usize>,
    /// Code point span in the text, for elements inside `<TEXT>`.
    span: Option<(usize, usize)>,
}

/// Parses a TimeML document held in a string. `name` is used in messages.
///
/// # Example
/// ```
/// let d = chronicler::timeml::parse(concat!(
///     "<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-01-08\" ",
///     "functionInDocument=\"CREATION_TIME\">19980108</TIMEX3></DCT>\n<TEXT>\nAT&amp;T <EVENT eid=\"e1\" ",
///     "class=\"OCCURRENCE\">said</EVENT> <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-01-07\">",
///     "Wednesday</TIMEX3>.\n</TEXT>\n</TimeML>\n",
/// ), "x.tml").unwrap();
/// assert_eq!(d.text, "\nAT&T said Wednesday.\n");
/// assert_eq!((d.events[0].start, d.events[0].end), (6, 10));
/// assert_eq!(&d.text[11..20], "Wednesday");
/// assert_eq!(d.published().unwrap().date.to_string(), "1998-01-08");
/// assert!(chronicler::timeml::parse("<TimeML><TEXT>a</TimeML>", "bad.tml")
///     .unwrap_err().to_string().starts_with("bad.tml: "));
/// ```
pub fn parse(source: &str, name: &str) -> Result<TimemlDocument> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let err = |at: usize, msg: String| {
        let (line, col) = line_col(source, at);
        Error::new(
            ErrorKind::InvalidInput,
            format!("{name}: not well-formed XML: {msg} (line {line}, column {col})"),
        )
    };
    if let Some((at, c)) = source.char_indices().find(|&(_, c)| !xml_char(c)) {
        return Err(err(
            at,
            format!("character U+{:04X} is not allowed", c as u32),
        ));
    }
    let mut reader = Reader::from_str(source);
    let mut elements: Vec<Element> = Vec::new();
    // Open elements: index into `elements`, and whether a default namespace is in scope.
    let mut stack: Vec<(usize, bool)> = Vec::new();
    let mut root_done = false;
    let mut text_el: Option<usize> = None;
    let mut capturing = false;
    let mut text = String::new();
    let mut chars = 0usize;
    let mut content = 0..0;
    let mut empty_text = false;
    let mut after_text = 0;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| err(reader.error_position() as usize, e.to_string()))?;
        let after = reader.buffer_position() as usize;
        match event {
            XmlEvent::Start(ref e) | XmlEvent::Empty(ref e) => {
                let is_empty = matches!(event, XmlEvent::Empty(_));
                if root_done {
                    return Err(err(before, "junk after document element".into()));
                }
                let in_ns = stack.last().is_some_and(|&(_, ns)| ns);
                let raw_name = e.name().as_ref().to_string();
                let mut attributes = Vec::new();
                let mut ns = in_ns;
                for a in e.attributes() {
                    let a = a.map_err(|x| err(before, x.to_string()))?;
                    let key: &str = a.key.as_ref();
                    let raw: &str = &a.value;
                    let value = attribute_value(raw).map_err(|m| err(before, m))?;
                    if key == "xmlns" {
                        ns = !value.is_empty();
                    } else if key.starts_with("xmlns:") {
                        // a prefix declaration: not an attribute for ElementTree
                    } else if key.contains(':') {
                        attributes.push((format!("{{{key}}}"), value));
                    } else {
                        attributes.push((key.to_string(), value));
                    }
                }
                let name = if raw_name.contains(':') || ns {
                    format!("{{}}{raw_name}")
                } else {
                    raw_name
                };
                let parent = stack.last().map(|&(i, _)| i);
                let idx = elements.len();
                let span = capturing.then_some((chars, chars));
                let is_text = text_el.is_none() && parent.is_some() && name == "TEXT";
                elements.push(Element {
                    tag: Tag { name, attributes },
                    parent,
                    start_tag: before..after,
                    end_tag: after..after,
                    span,
                });
                if is_text {
                    text_el = Some(idx);
                    if is_empty {
                        content = before..after;
                        empty_text = true;
                        after_text = after;
                    } else {
                        content = after..after;
                        capturing = true;
                    }
                }
                if is_empty {
                    if parent.is_none() {
                        root_done = true;
                    }
                } else {
                    stack.push((idx, ns));
                }
            }
            XmlEvent::End(_) => {
                let Some((idx, _)) = stack.pop() else {
                    return Err(err(before, "unexpected end tag".into()));
                };
                if let Some(el) = elements.get_mut(idx) {
                    el.end_tag = before..after;
                    if let Some((s, _)) = el.span {
                        el.span = Some((s, chars));
                    }
                }
                if Some(idx) == text_el && capturing {
                    capturing = false;
                    content.end = before;
                    after_text = after;
                }
                if stack.is_empty() {
                    root_done = true;
                }
            }
            XmlEvent::Text(ref t) => {
                let s = t.xml10_content();
                if stack.is_empty() {
                    if !s.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
                        let msg = if root_done {
                            "junk after document element"
                        } else {
                            "text before the document element"
                        };
                        return Err(err(before, msg.into()));
                    }
                } else if capturing {
                    chars += s.chars().count();
                    text.push_str(&s);
                }
            }
            XmlEvent::CData(ref t) => {
                if stack.is_empty() {
                    return Err(err(before, "CDATA outside the document element".into()));
                }
                if capturing {
                    let s = t.xml10_content();
                    chars += s.chars().count();
                    text.push_str(&s);
                }
            }
            XmlEvent::GeneralRef(ref r) => {
                if stack.is_empty() {
                    return Err(err(before, "reference outside the document element".into()));
                }
                let s = reference(r.as_ref()).map_err(|m| err(before, m))?;
                if capturing {
                    chars += s.chars().count();
                    text.push_str(&s);
                }
            }
            XmlEvent::Decl(_) => {
                if before != 0 {
                    return Err(err(before, "XML declaration not at the start".into()));
                }
            }
            XmlEvent::Comment(_) | XmlEvent::PI(_) | XmlEvent::DocType(_) => {}
            XmlEvent::Eof => break,
        }
    }
    if let Some(&(idx, _)) = stack.last() {
        let n = elements.get(idx).map_or("", |e| e.tag.name.as_str());
        return Err(err(source.len(), format!("<{n}> is not closed")));
    }
    if elements.is_empty() {
        return Err(err(source.len(), "no element found".into()));
    }
    let Some(text_idx) = text_el else {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{name}: no <TEXT> element"),
        ));
    };
    let dct_idx = find_dct(&elements);
    let inside = |i: usize| is_descendant(&elements, i, text_idx);
    let mut timexes = Vec::new();
    let mut events = Vec::new();
    for (i, el) in elements.iter().enumerate() {
        if !inside(i) || Some(i) == dct_idx {
            continue;
        }
        let Some((start, end)) = el.span else {
            continue;
        };
        let t = TextTag {
            tag: el.tag.clone(),
            start,
            end,
        };
        match el.tag.name.as_str() {
            "TIMEX3" => timexes.push(t),
            "EVENT" => events.push(t),
            _ => {}
        }
    }
    let by_name = |n: &str| -> Vec<Tag> {
        elements
            .iter()
            .filter(|e| e.tag.name == n)
            .map(|e| e.tag.clone())
            .collect()
    };
    let layout = layout(
        source, &elements, text_idx, dct_idx, content, empty_text, after_text,
    );
    Ok(TimemlDocument {
        name: name.to_string(),
        text,
        dct: dct_idx.and_then(|i| elements.get(i)).map(|e| e.tag.clone()),
        timexes,
        events,
        instances: by_name("MAKEINSTANCE"),
        tlinks: by_name("TLINK"),
        layout,
    })
}

/// The DCT as `timeml_score.py` finds it: `.//DCT/TIMEX3` (the first DCT,
/// in document order, that has a TIMEX3 child; its first such child), else
/// the first TIMEX3 with `functionInDocument="CREATION_TIME"`.
fn find_dct(elements: &[Element]) -> Option<usize> {
    for (d, el) in elements.iter().enumerate() {
        if el.tag.name != "DCT" || el.parent.is_none() {
            continue;
        }
        if let Some(i) = elements
            .iter()
            .enumerate()
            .skip(d + 1)
            .find(|(_, c)| c.parent == Some(d) && c.tag.name == "TIMEX3")
            .map(|(i, _)| i)
        {
            return Some(i);
        }
    }
    elements.iter().position(|e| {
        e.tag.name == "TIMEX3" && e.tag.get("functionInDocument") == Some("CREATION_TIME")
    })
}

/// Whether element `i` lies strictly inside element `ancestor`.
fn is_descendant(elements: &[Element], i: usize, ancestor: usize) -> bool {
    let mut at = elements.get(i).and_then(|e| e.parent);
    // Bounded by the depth of the tree; parents always have smaller indexes.
    while let Some(p) = at {
        if p == ancestor {
            return true;
        }
        at = elements.get(p).and_then(|e| e.parent);
    }
    false
}

/// What to leave out of the source, and which ids stay, when writing back.
fn layout(
    source: &str,
    elements: &[Element],
    text_idx: usize,
    dct_idx: Option<usize>,
    content: Range<usize>,
    empty_text: bool,
    after_text: usize,
) -> Layout {
    let mut removals: Vec<Range<usize>> = Vec::new();
    let mut removed_whole: Vec<usize> = Vec::new();
    let mut reserved = BTreeSet::new();
    for (i, el) in elements.iter().enumerate() {
        if i == text_idx || is_descendant(elements, i, text_idx) {
            continue;
        }
        // Elements come in document order, so the descendants of a removed
        // element follow it directly: only the last one removed can hold `i`.
        if removed_whole
            .last()
            .is_some_and(|&r| is_descendant(elements, i, r))
        {
            continue;
        }
        match el.tag.name.as_str() {
            "MAKEINSTANCE" | "TLINK" | "SLINK" | "ALINK" => {
                removed_whole.push(i);
                removals.push(whole_lines(source, el.start_tag.start..el.end_tag.end));
            }
            "EVENT" | "SIGNAL" | "TIMEX3" if Some(i) != dct_idx => {
                removals.push(el.start_tag.clone());
                removals.push(el.end_tag.clone());
            }
            _ => {
                for key in ["tid", "eid", "eiid", "lid", "sid"] {
                    if let Some(v) = el.tag.get(key) {
                        reserved.insert(v.to_string());
                    }
                }
            }
        }
    }
    removals.retain(|r| !r.is_empty());
    removals.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in removals {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    Layout {
        source: source.to_string(),
        content,
        empty_text,
        after_text,
        removals: merged,
        reserved,
    }
}

/// Widens `r` to its whole line(s) when nothing but spaces share them.
fn whole_lines(source: &str, r: Range<usize>) -> Range<usize> {
    let before = source.get(..r.start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].chars().all(|c| c == ' ' || c == '\t') {
        return r;
    }
    let after = source.get(r.end..).unwrap_or("");
    let trimmed = after.trim_start_matches([' ', '\t', '\r']);
    if let Some(rest) = trimmed.strip_prefix('\n') {
        let end = source.len() - rest.len();
        return line_start..end;
    }
    r
}

/// The decoded value of an attribute: white space characters become spaces
/// (XML attribute-value normalisation, after line-end normalisation), then
/// references are resolved.
fn attribute_value(raw: &str) -> std::result::Result<String, String> {
    if raw.contains('<') {
        return Err("'<' in an attribute value".into());
    }
    let normalised = raw.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ");
    let mut out = String::with_capacity(normalised.len());
    let mut rest = normalised.as_str();
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(';') else {
            return Err("unterminated reference in an attribute value".into());
        };
        out.push_str(&reference(&after[..end])?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The text of a reference `&name;` (`name` without `&` and `;`).
fn reference(name: &str) -> std::result::Result<String, String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix('x') {
            Some(hex) if !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()
            }
            None if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) => num.parse().ok(),
            _ => None,
        };
        return match code.and_then(char::from_u32).filter(|&c| xml_char(c)) {
            Some(c) => Ok(c.to_string()),
            None => Err(format!("reference to invalid character number &{name};")),
        };
    }
    match name {
        "lt" => Ok("<".into()),
        "gt" => Ok(">".into()),
        "amp" => Ok("&".into()),
        "apos" => Ok("'".into()),
        "quot" => Ok("\"".into()),
        _ => Err(format!("undefined entity &{name};")),
    }
}

/// Whether XML 1.0 allows character `c` in a document.
pub(crate) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// 1-based line and column (in characters) of byte `at`.
fn line_col(source: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before, |i| &before[i + 1..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Escapes text content: `&`, `<`, `>`, and `\r` (which XML would
/// otherwise turn into `\n`). Characters XML 1.0 cannot hold at all (most
/// C0 controls, U+FFFE, U+FFFF) become U+FFFD, one for one, so offsets stay.
///
/// # Example
/// ```
/// use chronicler::timeml::escape_text;
/// assert_eq!(escape_text("AT&T <b>\r\n\u{1}"), "AT&amp;T &lt;b&gt;&#13;\n\u{FFFD}");
/// ```
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value: `&`, `<`, `>`, `"`, `'`, and tabs and line
/// ends as character references (XML would turn them into spaces).
///
/// # Example
/// ```
/// use chronicler::timeml::escape_attr;
/// assert_eq!(escape_attr("a\"b'<&>\n"), "a&quot;b&apos;&lt;&amp;&gt;&#10;");
/// ```
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_as_the_scorer_sees_it() {
        let d = parse(
            "<TimeML><TEXT>\r\na<!-- c --><?pi x?><![CDATA[<b>\r]]>&#xE9;&#233;\rz</TEXT></TimeML>",
            "x",
        )
        .unwrap();
        assert_eq!(d.text, "\na<b>\n\u{e9}\u{e9}\nz");
    }

    #[test]
    fn malformed_is_an_error_naming_the_file() {
        for bad in [
            "",
            "<TimeML>",
            "<TimeML><TEXT>a</TimeML>",
            "<TimeML><TEXT>a &nbsp;</TEXT></TimeML>",
            "<TimeML><TEXT>a & b</TEXT></TimeML>",
            "<TimeML><TEXT>a</TEXT></TimeML><x/>",
            "<TimeML><TEXT>a</TEXT></TimeML>junk",
            "<TimeML><TEXT a=\"<\">a</TEXT></TimeML>",
            "<TimeML><TEXT>&#1;</TEXT></TimeML>",
            "<TimeML><TEXT>\u{1}</TEXT></TimeML>",
            "<TimeML><TEXT x=1>a</TEXT></TimeML>",
            "<TimeML><TEXT x='1' x='2'>a</TEXT></TimeML>",
            "<TimeML><DOC>a</DOC></TimeML>",
            "<TEXT>a</TEXT>",
            "text",
        ] {
            let e = parse(bad, "bad.tml").unwrap_err();
            assert!(e.to_string().starts_with("bad.tml: "), "{bad:?}: {e}");
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn dct_inside_text_is_not_a_timex() {
        let d = parse(
            "<TimeML><TEXT><TIMEX3 tid=\"t0\" functionInDocument=\"CREATION_TIME\" value=\"1998-02-03\">Feb 3</TIMEX3> <TIMEX3 tid=\"t1\">today</TIMEX3></TEXT></TimeML>",
            "x",
        )
        .unwrap();
        assert_eq!(d.timexes.len(), 1);
        assert_eq!(d.timexes[0].get("tid"), Some("t1"));
        assert_eq!(d.published().unwrap().date.to_string(), "1998-02-03");
    }

    #[test]
    fn namespaced_names_are_not_timeml_names() {
        assert!(parse("<TimeML xmlns=\"urn:x\"><TEXT>a</TEXT></TimeML>", "x").is_err());
        let d = parse(
            "<TimeML xmlns:x=\"urn:x\"><TEXT x:a=\"1\">a<x:EVENT>b</x:EVENT></TEXT></TimeML>",
            "x",
        )
        .unwrap();
        assert!(d.events.is_empty());
    }

    #[test]
    fn layout_drops_old_annotation_outside_the_text() {
        let src = "<TimeML>\n<TITLE><EVENT eid=\"e9\">Hi</EVENT></TITLE>\n<DCT><TIMEX3 tid=\"t0\" functionInDocument=\"CREATION_TIME\" value=\"1998-01-01\">x</TIMEX3></DCT>\n<TEXT>a</TEXT>\n<MAKEINSTANCE eiid=\"ei1\" eventID=\"e1\"/>\n  <TLINK lid=\"l1\"></TLINK>\n</TimeML>\n";
        let d = parse(src, "x").unwrap();
        let mut kept = String::new();
        let mut at = 0;
        for r in &d.layout.removals {
            kept.push_str(&src[at..r.start]);
            at = r.end;
        }
        kept.push_str(&src[at..]);
        assert_eq!(kept, "<TimeML>\n<TITLE>Hi</TITLE>\n<DCT><TIMEX3 tid=\"t0\" functionInDocument=\"CREATION_TIME\" value=\"1998-01-01\">x</TIMEX3></DCT>\n<TEXT>a</TEXT>\n</TimeML>\n");
        assert!(d.layout.reserved.contains("t0"));
        assert_eq!(d.instances.len(), 1);
        assert_eq!(d.tlinks.len(), 1);
        assert_eq!(&src[d.layout.content.clone()], "a");
    }
}
