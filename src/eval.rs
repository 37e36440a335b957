//! Scoring against a TimeML gold corpus, exactly as the shared TempEval-3
//! scorer `timeml_score.py` does: TIMEX3 strict and relaxed P/R/F1 with
//! type and value attribute F1 (TempEval-3 Task A), event span P/R/F1, and
//! event-timex anchoring P/R/F1, all micro-averaged over documents.
//!
//! Owns the definitions (the alignment of gold and system timexes, the
//! event token rule, the anchoring judgement), the reading of system answers
//! (`<stem>.tml` TimeML, `<stem>.json` standoff JSON, or chronicler run in
//! process), the per-document breakdown and the list of timex errors
//! (missed, spurious, wrong span, wrong value, wrong type) with their
//! context. Reading TimeML is `crate::timeml`'s business; printing and
//! exit codes are the CLI's.
//!
//! # Definitions (as in `timeml_score.py`)
//!
//! * **Timexes.** The DCT is excluded. Gold and system timexes are aligned
//!   one to one in text order: visiting timexes by start offset (gold before
//!   system on ties), a timex pairs with the not yet paired timex of the
//!   other side that covers its first character (the latest-starting one if
//!   several do). *Relaxed* = aligned pair, *strict* = aligned pair with the
//!   same span. P = matches / system, R = matches / gold, F1 = 2PR/(P+R),
//!   and all three are 1 when both sides are empty. Attribute accuracy =
//!   pairs with an equal attribute / relaxed pairs; attribute F1 = accuracy
//!   x relaxed F1. System timexes whose span holds only white space are
//!   ignored.
//! * **Events.** A gold and a system event pair when they start in the same
//!   token, tokens being approximated by the Python regex `\w+|[^\w\s]`
//!   (with Python's Unicode classes; white space belongs to the next token);
//!   each gold event pairs once, system events are visited in answer order.
//!   *Strict* = same span.
//! * **Anchoring.** A gold anchored event is a gold EVENT with a TLINK to a
//!   TIMEX3 inside `<TEXT>` whose relation, read event->timex, is
//!   IS_INCLUDED, DURING, SIMULTANEOUS, IDENTITY, BEGINS or ENDS. Recall =
//!   gold anchored events for which some system (event, timex) pair
//!   overlaps the event and one of its anchors / gold anchored events.
//!   Precision = correct / judged system pairs, a pair being judged when its
//!   event overlaps a gold anchored event. P = R = 1 when nothing is judged
//!   and gold has no anchored event.
//!
//! The warnings (`Report::warning_messages`) are the scorer's too, so their
//! number matches its `"warnings"`.

use crate::error::{Error, ErrorKind, Result};
use crate::timeml::{self, TimemlDocument};
use crate::{extract, Options};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// TLINK relations, read from event to timex, that anchor the event.
const ANCHOR_RELATIONS: [&str; 6] = [
    "IS_INCLUDED",
    "DURING",
    "SIMULTANEOUS",
    "IDENTITY",
    "BEGINS",
    "ENDS",
];

/// The TIMEX3 types TempEval knows.
const TIMEX_TYPES: [&str; 4] = ["DATE", "TIME", "DURATION", "SET"];

/// The relation read from the other end of a link.
fn inverse_relation(rel: &str) -> &str {
    match rel {
        "BEFORE" => "AFTER",
        "AFTER" => "BEFORE",
        "IBEFORE" => "IAFTER",
        "IAFTER" => "IBEFORE",
        "INCLUDES" => "IS_INCLUDED",
        "IS_INCLUDED" => "INCLUDES",
        "BEGINS" => "BEGUN_BY",
        "BEGUN_BY" => "BEGINS",
        "ENDS" => "ENDED_BY",
        "ENDED_BY" => "ENDS",
        "DURING" => "DURING_INV",
        "DURING_INV" => "DURING",
        other => other,
    }
}

/// A timex as scored: span (code points) and the two attributes compared.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ScoredTimex {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// TIMEX3 type as written (`DATE`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// TIMEX3 value as written.
    pub value: String,
}

/// An event as scored: span and the timexes (indexes into
/// [`Annotated::timexes`]) that anchor it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoredEvent {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Anchoring timexes, without repeats.
    pub anchors: Vec<usize>,
}

/// One side (gold or system) of one document, as the scorer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Annotated {
    /// Document name (relative path without `.tml`).
    pub name: String,
    /// The plain text all offsets refer to.
    pub text: String,
    /// Timexes in document (or answer) order, the DCT excluded.
    pub timexes: Vec<ScoredTimex>,
    /// Events in document (or answer) order.
    pub events: Vec<ScoredEvent>,
}

impl Annotated {
    /// The annotation of a TimeML document: TIMEX3 and EVENT inside `<TEXT>`
    /// and the event->timex anchors its TLINKs give (see the module docs).
    ///
    /// # Example
    /// ```
    /// use chronicler::{eval::Annotated, timeml};
    /// let d = timeml::parse(concat!(
    ///     "<TimeML><TEXT>He <EVENT eid=\"e1\">left</EVENT> <TIMEX3 tid=\"t1\" type=\"DATE\" ",
    ///     "value=\"1998-01-07\">Wednesday</TIMEX3>.</TEXT>",
    ///     "<MAKEINSTANCE eiid=\"ei1\" eventID=\"e1\"/>",
    ///     "<TLINK lid=\"l1\" relType=\"INCLUDES\" timeID=\"t1\" relatedToEventInstance=\"ei1\"/></TimeML>",
    /// ), "x.tml").unwrap();
    /// let a = Annotated::from_timeml(&d, "x");
    /// assert_eq!(a.timexes[0].value, "1998-01-07");
    /// assert_eq!(a.events[0].anchors, vec![0]);
    /// ```
    pub fn from_timeml(doc: &TimemlDocument, name: &str) -> Annotated {
        let mut tid_index: HashMap<&str, usize> = HashMap::new();
        let mut eid_index: HashMap<&str, usize> = HashMap::new();
        let mut out = Annotated {
            name: name.to_string(),
            text: doc.text.clone(),
            ..Annotated::default()
        };
        for (i, t) in doc.timexes.iter().enumerate() {
            tid_index.insert(t.get("tid").unwrap_or(""), i);
            out.timexes.push(ScoredTimex {
                start: t.start,
                end: t.end,
                kind: t.get("type").unwrap_or("").to_string(),
                value: t.get("value").unwrap_or("").to_string(),
            });
        }
        for (i, e) in doc.events.iter().enumerate() {
            eid_index.insert(e.get("eid").unwrap_or(""), i);
            out.events.push(ScoredEvent {
                start: e.start,
                end: e.end,
                anchors: Vec::new(),
            });
        }
        let mut instance_event: HashMap<Option<&str>, Option<&str>> = HashMap::new();
        for mk in &doc.instances {
            instance_event.insert(mk.get("eiid"), mk.get("eventID"));
        }
        for link in &doc.tlinks {
            let mut rel = link.get("relType").unwrap_or("");
            let (eiid, tid) = if let (Some(e), Some(t)) = (
                truthy(link.get("eventInstanceID")),
                truthy(link.get("relatedToTime")),
            ) {
                (e, t)
            } else if let (Some(t), Some(e)) = (
                truthy(link.get("timeID")),
                truthy(link.get("relatedToEventInstance")),
            ) {
                rel = inverse_relation(rel);
                (e, t)
            } else {
                continue;
            };
            if !ANCHOR_RELATIONS.contains(&rel) {
                continue;
            }
            let eid = instance_event.get(&Some(eiid)).copied().unwrap_or(Some(""));
            let event_i = eid.and_then(|e| eid_index.get(e).copied());
            let timex_i = tid_index.get(tid).copied();
            if let (Some(ei), Some(ti)) = (event_i, timex_i) {
                if let Some(ev) = out.events.get_mut(ei) {
                    if !ev.anchors.contains(&ti) {
                        ev.anchors.push(ti);
                    }
                }
            }
        }
        out
    }

    /// A standoff JSON answer (the scorer's format, or chronicler's own JSON
    /// output) whose offsets refer to `gold.text`. Spans that are not valid
    /// are left out with a warning, as the scorer does.
    ///
    /// # Example
    /// ```
    /// use chronicler::eval::Annotated;
    /// let gold = Annotated { name: "d".into(), text: "\nOn Tuesday.".into(), ..Default::default() };
    /// let v = serde_json::json!({"timexes": [{"start": 4, "end": 11, "type": "DATE", "value": "X"},
    ///                                        {"start": 40, "end": 41}],
    ///                            "events": []});
    /// let mut warnings = Vec::new();
    /// let a = Annotated::from_json(&v, &gold, "d.json", &mut warnings).unwrap();
    /// assert_eq!(a.timexes.len(), 1);
    /// assert_eq!(warnings.len(), 1);
    /// ```
    pub fn from_json(
        data: &Value,
        gold: &Annotated,
        path: &str,
        warnings: &mut Vec<String>,
    ) -> Result<Annotated> {
        let Value::Object(data) = data else {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{path}: must hold a JSON object with 'timexes' and 'events'"),
            ));
        };
        let chars: Vec<char> = gold.text.chars().collect();
        let n = chars.len() as i128;
        let mut out = Annotated {
            name: gold.name.clone(),
            text: gold.text.clone(),
            ..Annotated::default()
        };
        let mut mismatches = 0usize;
        let mut span = |item: &Value, kind: &str, i: usize, warnings: &mut Vec<String>| {
            let (Some(start), Some(end)) = (
                item.get("start").and_then(py_int),
                item.get("end").and_then(py_int),
            ) else {
                warnings.push(format!(
                    "{}: {kind} #{i} has no valid start/end; ignored",
                    gold.name
                ));
                return None;
            };
            if !(0 <= start && start < end && end <= n) {
                warnings.push(format!(
                    "{}: {kind} #{i} span [{start},{end}) outside text of length {n}; ignored",
                    gold.name
                ));
                return None;
            }
            let (s, e) = (start as usize, end as usize);
            if let Some(t) = item.get("text").filter(|t| !t.is_null()) {
                let slice: String = chars
                    .get(s..e)
                    .map(|c| c.iter().collect())
                    .unwrap_or_default();
                if t.as_str() != Some(slice.as_str()) {
                    mismatches += 1;
                    if mismatches <= 3 {
                        warnings.push(format!(
                            "{}: {kind} #{i} text {} != gold text {} at [{start},{end})",
                            gold.name,
                            py_repr(t),
                            py_repr_str(&slice)
                        ));
                    }
                }
            }
            Some((s, e))
        };
        let timex_items = py_items(data.get("timexes"), path, "timexes")?;
        let events_items = py_items(data.get("events"), path, "events")?;
        let mut timex_ids: HashMap<String, usize> = HashMap::new();
        for (i, item) in timex_items.iter().enumerate() {
            if let Some(id) = item.as_object().and_then(|o| o.get("id")) {
                timex_ids.insert(py_str(id), i);
            }
        }
        let mut json_to_timex: HashMap<usize, usize> = HashMap::new();
        for (i, item) in timex_items.iter().enumerate() {
            let Some((s, e)) = span(item, "timex", i, warnings) else {
                continue;
            };
            json_to_timex.insert(i, out.timexes.len());
            let attr = |k: &str| {
                item.get(k)
                    .filter(|v| py_truthy(v))
                    .map(py_str)
                    .unwrap_or_default()
            };
            out.timexes.push(ScoredTimex {
                start: s,
                end: e,
                kind: attr("type"),
                value: attr("value"),
            });
        }
        let mut odd: Vec<&str> = out
            .timexes
            .iter()
            .map(|t| t.kind.as_str())
            .filter(|k| !TIMEX_TYPES.contains(k))
            .collect();
        odd.sort_unstable();
        odd.dedup();
        if !odd.is_empty() {
            let list: Vec<String> = odd.iter().map(|s| py_repr_str(s)).collect();
            warnings.push(format!(
                "{}: timex types outside {}: [{}]",
                gold.name,
                TIMEX_TYPES.join("/"),
                list.join(", ")
            ));
        }
        for (i, item) in events_items.iter().enumerate() {
            let Some((s, e)) = span(item, "event", i, warnings) else {
                continue;
            };
            let mut event = ScoredEvent {
                start: s,
                end: e,
                anchors: Vec::new(),
            };
            let mut anchor = item.get("anchor_timex").filter(|v| !v.is_null()).cloned();
            if anchor.is_none() {
                if let Some(Value::String(id)) = item.get("timex") {
                    anchor = timex_ids.get(id).map(|&i| Value::from(i));
                }
            }
            if let Some(a) = anchor {
                let index = match &a {
                    Value::Number(num) => num.as_u64().and_then(|u| usize::try_from(u).ok()),
                    _ => None,
                };
                match index.and_then(|k| json_to_timex.get(&k)) {
                    Some(&t) => event.anchors.push(t),
                    None => warnings.push(format!(
                        "{}: event #{i} anchor_timex {} is not a valid timex index; ignored",
                        gold.name,
                        py_repr(&a)
                    )),
                }
            }
            out.events.push(event);
        }
        if mismatches > 3 {
            warnings.push(format!(
                "{}: {mismatches} spans in total whose 'text' differs from the gold text",
                gold.name
            ));
        }
        Ok(out)
    }

    /// chronicler's own result for a gold document, read as its JSON answer
    /// would be (so scoring in process and scoring the written JSON agree).
    ///
    /// # Example
    /// ```
    /// use chronicler::{eval::Annotated, extract, Options, Published};
    /// let text = "\nIt rained on Tuesday.\n";
    /// let d = chrono::NaiveDate::from_ymd_opt(1998, 1, 8).unwrap();
    /// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
    /// let gold = Annotated { name: "d".into(), text: text.into(), ..Default::default() };
    /// let a = Annotated::from_document(&doc, &gold, &mut Vec::new()).unwrap();
    /// assert_eq!(a.timexes[0].value, "1998-01-06");
    /// ```
    pub fn from_document(
        doc: &crate::Document,
        gold: &Annotated,
        warnings: &mut Vec<String>,
    ) -> Result<Annotated> {
        let v = serde_json::to_value(doc)
            .map_err(|e| Error::new(ErrorKind::Output, format!("{}: {e}", gold.name)))?;
        Annotated::from_json(&v, gold, &gold.name, warnings)
    }
}

/// The items of `data.get(key) or []`, as Python iterates them: a list's
/// items, a string's characters, an object's keys; other truthy values are
/// an error.
fn py_items(v: Option<&Value>, path: &str, key: &str) -> Result<Vec<Value>> {
    match v {
        None => Ok(Vec::new()),
        Some(v) if !py_truthy(v) => Ok(Vec::new()),
        Some(Value::Array(a)) => Ok(a.clone()),
        Some(Value::String(s)) => Ok(s.chars().map(|c| Value::String(c.to_string())).collect()),
        Some(Value::Object(o)) => Ok(o.keys().map(|k| Value::String(k.clone())).collect()),
        Some(_) => Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{path}: '{key}' must be a list"),
        )),
    }
}

/// An attribute value that Python finds true (present and not empty).
fn truthy(v: Option<&str>) -> Option<&str> {
    v.filter(|s| !s.is_empty())
}

/// Python's truth value of a JSON value.
fn py_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Python's `int(v)`, or `None` where Python raises (a missing key, a value
/// that is not a number or a numeric string).
fn py_int(v: &Value) -> Option<i128> {
    match v {
        Value::Bool(b) => Some(i128::from(*b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i128::from(i))
            } else if let Some(u) = n.as_u64() {
                Some(i128::from(u))
            } else {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.trunc() as i128)
            }
        }
        Value::String(s) => {
            let t = s.trim_matches(py_space);
            let (neg, digits) = match t.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, t.strip_prefix('+').unwrap_or(t)),
            };
            if digits.is_empty()
                || digits.starts_with('_')
                || digits.ends_with('_')
                || digits.contains("__")
                || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
            {
                return None;
            }
            let n: i128 = digits.replace('_', "").parse().ok()?;
            Some(if neg { -n } else { n })
        }
        _ => None,
    }
}

/// Python's `str(v)` for a JSON value.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// Python's `repr(v)` for a JSON value as `json.load` gives it.
fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => {
            if n.is_f64() {
                n.as_f64().map_or_else(|| n.to_string(), py_float_repr)
            } else {
                n.to_string()
            }
        }
        Value::String(s) => py_repr_str(s),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(py_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(o) => {
            let items: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr_str(k), py_repr(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// Python's `repr(f)` for a float: the shortest round-trip digits, in fixed
/// notation for exponents -4..16, else scientific with a 2-digit exponent.
fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{f:e}"); // shortest digits: "1.5e-7", "-2e16"
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let s = if point <= 0 {
            format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{s}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let e = if exp < 0 {
            format!("-{:02}", -exp)
        } else {
            format!("+{exp:02}")
        };
        format!("{sign}{m}e{e}")
    }
}

/// Python's `repr(s)` for a string.
fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isspace` (and the regex `\s`) for one character.
pub(crate) fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's regex `\w` for one character: letters, numbers and `_`.
fn py_word(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

/// For each code point offset (and the end), the index of the token that
/// contains it (white space maps to the next token; after the last token,
/// past every token), tokens being `\w+|[^\w\s]`.
fn token_index(chars: &[char]) -> Vec<usize> {
    let n = chars.len();
    let mut index = vec![0usize; n + 1];
    let mut pos = 0;
    let mut k = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let end = if py_word(c) {
            let mut j = i + 1;
            while j < n && py_word(chars[j]) {
                j += 1;
            }
            j
        } else if !py_space(c) {
            i + 1
        } else {
            i += 1;
            continue;
        };
        for slot in &mut index[pos..end] {
            *slot = k;
        }
        pos = end;
        k += 1;
        i = end;
    }
    for slot in &mut index[pos..] {
        *slot = n + 1;
    }
    index
}

/// The one-to-one alignment of gold and system timexes (see the module
/// docs), as (gold index, system index) pairs sorted by gold index.
///
/// # Example
/// ```
/// use chronicler::eval::{align_timexes, ScoredTimex};
/// let t = |start, end| ScoredTimex { start, end, ..Default::default() };
/// // "next week Monday": gold one timex, system two; the first system one pairs.
/// assert_eq!(align_timexes(&[t(0, 16)], &[t(0, 9), t(10, 16)]), vec![(0, 0)]);
/// ```
pub fn align_timexes(gold: &[ScoredTimex], system: &[ScoredTimex]) -> Vec<(usize, usize)> {
    let sides = [gold, system];
    let mut order: Vec<(usize, usize, usize)> = gold
        .iter()
        .enumerate()
        .map(|(i, t)| (t.start, 0, i))
        .chain(system.iter().enumerate().map(|(i, t)| (t.start, 1, i)))
        .collect();
    order.sort_unstable();
    let mut partner: [HashMap<usize, usize>; 2] = [HashMap::new(), HashMap::new()];
    let mut seen: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (start, side, i) in order {
        let other = 1 - side;
        let mut best: Option<usize> = None;
        for &j in &seen[other] {
            let t = &sides[other][j];
            if !partner[other].contains_key(&j)
                && t.start <= start
                && start < t.end
                && best.is_none_or(|b| t.start > sides[other][b].start)
            {
                best = Some(j);
            }
        }
        if let Some(b) = best {
            partner[side].insert(i, b);
            partner[other].insert(b, i);
        }
        seen[side].push(i);
    }
    let mut pairs: Vec<(usize, usize)> = partner[0].iter().map(|(&g, &s)| (g, s)).collect();
    pairs.sort_unstable();
    pairs
}

/// Gold and system events paired when they start in the same token.
fn align_events(
    gold: &[ScoredEvent],
    system: &[ScoredEvent],
    tokens: &[usize],
) -> Vec<(usize, usize)> {
    let tok = |p: usize| tokens.get(p).copied().unwrap_or(usize::MAX);
    let mut by_token: HashMap<usize, usize> = HashMap::new();
    for (i, e) in gold.iter().enumerate() {
        by_token.entry(tok(e.start)).or_insert(i);
    }
    let mut used = HashSet::new();
    let mut pairs = Vec::new();
    for (j, e) in system.iter().enumerate() {
        if let Some(&i) = by_token.get(&tok(e.start)) {
            if used.insert(i) {
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The counts of one document or of a corpus (summed), with the scorer's
/// names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Gold timexes.
    pub timex_gold: usize,
    /// System timexes (white-space-only spans left out).
    pub timex_system: usize,
    /// Aligned pairs.
    pub timex_relaxed: usize,
    /// Aligned pairs with the same span.
    pub timex_strict: usize,
    /// Aligned pairs with the same type.
    pub timex_type: usize,
    /// Aligned pairs with the same value.
    pub timex_value: usize,
    /// Gold events.
    pub event_gold: usize,
    /// System events.
    pub event_system: usize,
    /// Event pairs (same start token).
    pub event_relaxed: usize,
    /// Event pairs with the same span.
    pub event_strict: usize,
    /// Gold anchored events.
    pub anchor_gold_events: usize,
    /// Gold anchored events found.
    pub anchor_gold_recalled: usize,
    /// System (event, timex) pairs.
    pub anchor_system_pairs: usize,
    /// System pairs whose event overlaps a gold anchored event.
    pub anchor_system_judged: usize,
    /// Judged pairs whose timex overlaps a gold anchor of such an event.
    pub anchor_system_correct: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.timex_gold += o.timex_gold;
        self.timex_system += o.timex_system;
        self.timex_relaxed += o.timex_relaxed;
        self.timex_strict += o.timex_strict;
        self.timex_type += o.timex_type;
        self.timex_value += o.timex_value;
        self.event_gold += o.event_gold;
        self.event_system += o.event_system;
        self.event_relaxed += o.event_relaxed;
        self.event_strict += o.event_strict;
        self.anchor_gold_events += o.anchor_gold_events;
        self.anchor_gold_recalled += o.anchor_gold_recalled;
        self.anchor_system_pairs += o.anchor_system_pairs;
        self.anchor_system_judged += o.anchor_system_judged;
        self.anchor_system_correct += o.anchor_system_correct;
    }
}

/// What is wrong with a timex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCategory {
    /// A gold timex no system timex aligns with.
    Missed,
    /// A system timex no gold timex aligns with.
    Spurious,
    /// Aligned, but the spans differ (relaxed but not strict).
    Span,
    /// Aligned, but the values differ.
    Value,
    /// Aligned, but the types differ.
    Type,
}

impl ErrorCategory {
    /// The name used in reports.
    ///
    /// # Example
    /// ```
    /// assert_eq!(chronicler::eval::ErrorCategory::Missed.as_str(), "missed");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCategory::Missed => "missed",
            ErrorCategory::Spurious => "spurious",
            ErrorCategory::Span => "span",
            ErrorCategory::Value => "value",
            ErrorCategory::Type => "type",
        }
    }
}

/// A timex as shown in an error: span, text, type, value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownTimex {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text of the span.
    pub text: String,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: String,
    /// TIMEX3 value.
    pub value: String,
}

/// One timex error, with the text around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimexError {
    /// Document name.
    pub doc: String,
    /// What is wrong.
    pub category: ErrorCategory,
    /// The gold timex (none when spurious).
    pub gold: Option<ShownTimex>,
    /// The system timex (none when missed).
    pub system: Option<ShownTimex>,
    /// About 40 characters either side, the timex in `[...]`, on one line.
    pub context: String,
}

/// Counts one document; pushes the scorer's warnings and the timex errors.
///
/// # Example
/// ```
/// use chronicler::eval::{count, Annotated, ScoredTimex};
/// let t = |start, end, value: &str| ScoredTimex { start, end, kind: "DATE".into(), value: value.into() };
/// let text = "On Monday and Tuesday.".to_string();
/// let gold = Annotated { name: "d".into(), text: text.clone(), timexes: vec![t(3, 9, "A"), t(14, 21, "B")], ..Default::default() };
/// let system = Annotated { name: "d".into(), text, timexes: vec![t(0, 9, "A"), t(14, 21, "C")], ..Default::default() };
/// let (c, errors) = count(&gold, &system, &mut Vec::new());
/// assert_eq!((c.timex_relaxed, c.timex_strict, c.timex_value), (2, 1, 1));
/// assert_eq!(errors.len(), 2); // a wrong span, a wrong value
/// ```
pub fn count(
    gold: &Annotated,
    system: &Annotated,
    warnings: &mut Vec<String>,
) -> (Counts, Vec<TimexError>) {
    let mut c = Counts::default();
    let chars: Vec<char> = system.text.chars().collect();
    let slice = |s: usize, e: usize| -> String {
        let e = e.min(chars.len());
        chars
            .get(s.min(e)..e)
            .map(|x| x.iter().collect())
            .unwrap_or_default()
    };
    let sys_timexes: Vec<ScoredTimex> = system
        .timexes
        .iter()
        .filter(|t| !slice(t.start, t.end).trim_matches(py_space).is_empty())
        .cloned()
        .collect();
    if sys_timexes.len() != system.timexes.len() {
        warnings.push(format!(
            "{}: {} system timex(es) cover only whitespace; ignored",
            gold.name,
            system.timexes.len() - sys_timexes.len()
        ));
    }
    let pairs = align_timexes(&gold.timexes, &sys_timexes);
    c.timex_gold = gold.timexes.len();
    c.timex_system = sys_timexes.len();
    c.timex_relaxed = pairs.len();
    let gold_chars: Vec<char> = gold.text.chars().collect();
    let shown = |t: &ScoredTimex| {
        let e = t.end.min(gold_chars.len());
        ShownTimex {
            start: t.start,
            end: t.end,
            text: gold_chars
                .get(t.start.min(e)..e)
                .map(|x| x.iter().collect())
                .unwrap_or_default(),
            kind: t.kind.clone(),
            value: t.value.clone(),
        }
    };
    let mut errors = Vec::new();
    let mut error = |category, g: Option<&ScoredTimex>, s: Option<&ScoredTimex>| {
        let (start, end) = match (g, s) {
            (Some(g), Some(s)) => (g.start.min(s.start), g.end.max(s.end)),
            (Some(t), None) | (None, Some(t)) => (t.start, t.end),
            (None, None) => (0, 0),
        };
        errors.push(TimexError {
            doc: gold.name.clone(),
            category,
            gold: g.map(shown),
            system: s.map(shown),
            context: context(&gold_chars, start, end),
        });
    };
    let mut paired_gold = vec![false; gold.timexes.len()];
    let mut paired_system = vec![false; sys_timexes.len()];
    for &(gi, si) in &pairs {
        let (g, s) = (&gold.timexes[gi], &sys_timexes[si]);
        paired_gold[gi] = true;
        paired_system[si] = true;
        let same_span = (g.start, g.end) == (s.start, s.end);
        c.timex_strict += usize::from(same_span);
        c.timex_type += usize::from(g.kind == s.kind);
        c.timex_value += usize::from(g.value == s.value);
        if !same_span {
            error(ErrorCategory::Span, Some(g), Some(s));
        }
        if g.value != s.value {
            error(ErrorCategory::Value, Some(g), Some(s));
        }
        if g.kind != s.kind {
            error(ErrorCategory::Type, Some(g), Some(s));
        }
    }
    for (g, _) in gold.timexes.iter().zip(&paired_gold).filter(|(_, p)| !**p) {
        error(ErrorCategory::Missed, Some(g), None);
    }
    for (s, _) in sys_timexes.iter().zip(&paired_system).filter(|(_, p)| !**p) {
        error(ErrorCategory::Spurious, None, Some(s));
    }
    errors.sort_by_key(|e| {
        let t = e.gold.as_ref().or(e.system.as_ref());
        (t.map_or(0, |t| t.start), e.category)
    });

    // Events (span only)
    let tokens = token_index(&gold_chars);
    let event_pairs = align_events(&gold.events, &system.events, &tokens);
    c.event_gold = gold.events.len();
    c.event_system = system.events.len();
    c.event_relaxed = event_pairs.len();
    c.event_strict = event_pairs
        .iter()
        .filter(|&&(i, j)| {
            (gold.events[i].start, gold.events[i].end)
                == (system.events[j].start, system.events[j].end)
        })
        .count();

    // Anchoring
    let anchored: Vec<&ScoredEvent> = gold
        .events
        .iter()
        .filter(|e| !e.anchors.is_empty())
        .collect();
    c.anchor_gold_events = anchored.len();
    let mut recalled = HashSet::new();
    for se in &system.events {
        for &st_i in &se.anchors {
            let Some(st) = system.timexes.get(st_i) else {
                continue;
            };
            c.anchor_system_pairs += 1;
            let (mut judged, mut correct) = (false, false);
            for (k, ge) in anchored.iter().enumerate() {
                if overlaps((se.start, se.end), (ge.start, ge.end)) {
                    judged = true;
                    if ge.anchors.iter().any(|&gt| {
                        gold.timexes
                            .get(gt)
                            .is_some_and(|g| overlaps((st.start, st.end), (g.start, g.end)))
                    }) {
                        correct = true;
                        recalled.insert(k);
                    }
                }
            }
            c.anchor_system_judged += usize::from(judged);
            c.anchor_system_correct += usize::from(correct);
        }
    }
    c.anchor_gold_recalled = recalled.len();
    (c, errors)
}

/// About 40 characters either side of `[start, end)`, the span in brackets,
/// line ends shown as spaces.
fn context(chars: &[char], start: usize, end: usize) -> String {
    let end = end.min(chars.len());
    let start = start.min(end);
    let from = start.saturating_sub(40);
    let to = (end + 40).min(chars.len());
    let flat = |s: &[char]| -> String {
        s.iter()
            .map(|&c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    format!(
        "{}{}[{}]{}{}",
        if from > 0 { "..." } else { "" },
        flat(&chars[from..start]),
        flat(&chars[start..end]),
        flat(&chars[end..to]),
        if to < chars.len() { "..." } else { "" }
    )
}

/// Precision, recall, F1 and the number of matches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
    /// Matching pairs.
    pub matches: usize,
}

/// An attribute's accuracy over relaxed pairs and its F1 (accuracy x relaxed F1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AttributeScore {
    /// Pairs with an equal attribute / relaxed pairs.
    pub accuracy: f64,
    /// accuracy x relaxed F1.
    pub f1: f64,
    /// Pairs with an equal attribute.
    pub matches: usize,
}

/// TIMEX3 scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimexScores {
    /// Gold timexes.
    pub gold: usize,
    /// System timexes.
    pub system: usize,
    /// Same span.
    pub strict: Prf,
    /// Aligned.
    pub relaxed: Prf,
    /// Type.
    #[serde(rename = "type")]
    pub kind: AttributeScore,
    /// Value.
    pub value: AttributeScore,
}

/// Event span scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EventScores {
    /// Gold events.
    pub gold: usize,
    /// System events.
    pub system: usize,
    /// Same span.
    pub strict: Prf,
    /// Same start token.
    pub relaxed: Prf,
}

/// Event anchoring scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AnchorScores {
    /// Precision over judged system pairs.
    pub p: f64,
    /// Recall over gold anchored events.
    pub r: f64,
    /// F1.
    pub f1: f64,
    /// Gold anchored events.
    pub gold_anchored_events: usize,
    /// Of those, found.
    pub gold_recalled: usize,
    /// System (event, timex) pairs.
    pub system_pairs: usize,
    /// Of those, judged.
    pub system_judged: usize,
    /// Of those, correct.
    pub system_correct: usize,
}

/// All scores, from [`Counts`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// TIMEX3 (TempEval-3 Task A).
    pub timex: TimexScores,
    /// Event spans.
    pub events: EventScores,
    /// Event anchoring.
    pub anchoring: AnchorScores,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn prf(matches: usize, system: usize, gold: usize) -> Prf {
    if system == 0 && gold == 0 {
        return Prf {
            p: 1.0,
            r: 1.0,
            f1: 1.0,
            matches,
        };
    }
    let (p, r) = (ratio(matches, system), ratio(matches, gold));
    Prf {
        p,
        r,
        f1: f1(p, r),
        matches,
    }
}

impl Metrics {
    /// The scores of some counts, computed as the scorer does (the same
    /// floating-point operations, so the numbers are identical).
    ///
    /// # Example
    /// ```
    /// use chronicler::eval::{Counts, Metrics};
    /// let c = Counts { timex_gold: 4, timex_system: 2, timex_relaxed: 2, timex_strict: 1, timex_value: 1, ..Default::default() };
    /// let m = Metrics::from_counts(&c);
    /// assert_eq!(m.timex.relaxed.f1, 2.0 * 1.0 * 0.5 / 1.5);
    /// assert_eq!(m.timex.value.f1, 0.5 * m.timex.relaxed.f1);
    /// ```
    pub fn from_counts(c: &Counts) -> Metrics {
        let relaxed = prf(c.timex_relaxed, c.timex_system, c.timex_gold);
        let strict = prf(c.timex_strict, c.timex_system, c.timex_gold);
        let both_empty = c.timex_system == 0 && c.timex_gold == 0;
        let attribute = |matches: usize| {
            let accuracy = if both_empty {
                1.0
            } else {
                ratio(matches, c.timex_relaxed)
            };
            AttributeScore {
                accuracy,
                f1: accuracy * relaxed.f1,
                matches,
            }
        };
        let (ap, ar) = if c.anchor_system_judged == 0 && c.anchor_gold_events == 0 {
            (1.0, 1.0)
        } else {
            (
                ratio(c.anchor_system_correct, c.anchor_system_judged),
                ratio(c.anchor_gold_recalled, c.anchor_gold_events),
            )
        };
        Metrics {
            timex: TimexScores {
                gold: c.timex_gold,
                system: c.timex_system,
                strict,
                relaxed,
                kind: attribute(c.timex_type),
                value: attribute(c.timex_value),
            },
            events: EventScores {
                gold: c.event_gold,
                system: c.event_system,
                strict: prf(c.event_strict, c.event_system, c.event_gold),
                relaxed: prf(c.event_relaxed, c.event_system, c.event_gold),
            },
            anchoring: AnchorScores {
                p: ap,
                r: ar,
                f1: f1(ap, ar),
                gold_anchored_events: c.anchor_gold_events,
                gold_recalled: c.anchor_gold_recalled,
                system_pairs: c.anchor_system_pairs,
                system_judged: c.anchor_system_judged,
                system_correct: c.anchor_system_correct,
            },
        }
    }
}

/// The scores of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocReport {
    /// Document name (relative path without `.tml`).
    pub doc: String,
    /// Its counts.
    pub counts: Counts,
    /// Its scores.
    #[serde(flatten)]
    pub metrics: Metrics,
}

/// The result of scoring a corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Number of gold documents.
    pub docs: usize,
    /// The gold folder.
    pub gold_dir: String,
    /// The system folder, or `chronicler` when chronicler ran in process.
    pub system_dir: String,
    /// Corpus scores (micro averages).
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Corpus counts.
    pub counts: Counts,
    /// Per-document scores, in gold file order.
    #[serde(skip)]
    pub per_doc: Vec<DocReport>,
    /// Every timex error, by document and position.
    #[serde(skip)]
    pub errors: Vec<TimexError>,
    /// The scorer's warnings (no system file, spans outside the text, ...).
    #[serde(skip)]
    pub warning_messages: Vec<String>,
}

/// The JSON shape of `timeml_score.py --json`, plus `errors` when asked.
#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a Report,
    warnings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    per_doc: Option<&'a [DocReport]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [TimexError]>,
}

impl Report {
    /// The report as JSON, in the shape `timeml_score.py --json` prints
    /// (`per_doc` when asked), plus the error list when asked.
    ///
    /// # Example
    /// ```
    /// use chronicler::eval::{Counts, Metrics, Report};
    /// let c = Counts::default();
    /// let r = Report { docs: 0, gold_dir: "g".into(), system_dir: "s".into(),
    ///     metrics: Metrics::from_counts(&c), counts: c, per_doc: vec![], errors: vec![],
    ///     warning_messages: vec![] };
    /// let v: serde_json::Value = serde_json::from_str(&r.to_json(false, false)).unwrap();
    /// assert_eq!(v["timex"]["strict"]["f1"], 1.0);
    /// assert_eq!(v["warnings"], 0);
    /// ```
    pub fn to_json(&self, per_doc: bool, errors: bool) -> String {
        let view = JsonReport {
            report: self,
            warnings: self.warning_messages.len(),
            per_doc: per_doc.then_some(self.per_doc.as_slice()),
            errors: errors.then_some(self.errors.as_slice()),
        };
        serde_json::to_string_pretty(&view).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report as the scorer's table (with the per-document table when
    /// asked), followed by the error list when asked.
    ///
    /// # Example
    /// ```
    /// use chronicler::eval::{Counts, Metrics, Report};
    /// let c = Counts { timex_gold: 2, timex_system: 2, timex_relaxed: 2, timex_strict: 2, ..Default::default() };
    /// let r = Report { docs: 1, gold_dir: "g".into(), system_dir: "s".into(),
    ///     metrics: Metrics::from_counts(&c), counts: c, per_doc: vec![], errors: vec![],
    ///     warning_messages: vec![] };
    /// assert!(r.to_table(false, false).contains("  strict match      1.0000  1.0000  1.0000  2"));
    /// ```
    pub fn to_table(&self, per_doc: bool, errors: bool) -> String {
        let t = &self.metrics.timex;
        let e = &self.metrics.events;
        let a = &self.metrics.anchoring;
        let row = |label: &str, p: &Prf| {
            format!(
                "  {label:16}{:8.4}{:8.4}{:8.4}  {}",
                p.p, p.r, p.f1, p.matches
            )
        };
        let attr = |label: &str, s: &AttributeScore| {
            format!(
                "  {label:16}{:8.4}{:8}{:8.4}  {}",
                s.accuracy, "", s.f1, s.matches
            )
        };
        let mut lines = vec![
            format!(
                "TIMEX3 (TempEval-3 Task A), {} docs: gold {}, system {}",
                self.docs, t.gold, t.system
            ),
            format!("  {:16}{:>8}{:>8}{:>8}  matches", "", "P", "R", "F1"),
            row("strict match", &t.strict),
            row("relaxed match", &t.relaxed),
            format!("  {:16}{:>8}{:>8}{:>8}", "", "acc", "", "F1"),
            attr("value", &t.value),
            attr("type", &t.kind),
            format!("EVENT spans: gold {}, system {}", e.gold, e.system),
            row("strict match", &e.strict),
            row("relaxed match", &e.relaxed),
            format!(
                "ANCHORING: gold anchored events {}, system pairs {} (judged {}, correct {})",
                a.gold_anchored_events, a.system_pairs, a.system_judged, a.system_correct
            ),
            format!(
                "  {:16}{:8.4}{:8.4}{:8.4}  {} recalled",
                "anchoring", a.p, a.r, a.f1, a.gold_recalled
            ),
        ];
        if per_doc && !self.per_doc.is_empty() {
            lines.push(String::new());
            lines.push(format!(
                "{:40}{:>5}{:>5}{:>7}{:>7}{:>7}{:>7}{:>7}",
                "document", "gold", "sys", "strF1", "relF1", "valF1", "typF1", "anchF1"
            ));
            for d in &self.per_doc {
                let (t, a) = (&d.metrics.timex, &d.metrics.anchoring);
                let name: String = d.doc.chars().take(40).collect();
                lines.push(format!(
                    "{name:40}{:5}{:5}{:7.3}{:7.3}{:7.3}{:7.3}{:7.3}",
                    t.gold, t.system, t.strict.f1, t.relaxed.f1, t.value.f1, t.kind.f1, a.f1
                ));
            }
        }
        let mut out = lines.join("\n");
        if errors {
            out.push_str("\n\n");
            out.push_str(&self.errors_table());
        }
        out
    }

    /// The error list, one error per line (category, document, gold and
    /// system timex, context), then the number of errors per category.
    ///
    /// # Example
    /// ```
    /// use chronicler::eval::{score, System};
    /// let r = score("tests/data/eval/gold".as_ref(), &System::Dir("tests/data/eval/system".into())).unwrap();
    /// let t = r.errors_table();
    /// assert!(t.starts_with("TIMEX3 errors: 7\n"));
    /// assert!(t.ends_with("by category: missed 2, spurious 1, span 2, value 1, type 1"));
    /// ```
    pub fn errors_table(&self) -> String {
        let mut out = String::new();
        let show = |t: &Option<ShownTimex>| match t {
            Some(t) => format!("{:?} {} {}", t.text, t.kind, t.value),
            None => "-".to_string(),
        };
        let _ = writeln!(out, "TIMEX3 errors: {}", self.errors.len());
        for e in &self.errors {
            let _ = writeln!(
                out,
                "{:9}{}  gold {}  system {}\n         {}",
                e.category.as_str(),
                e.doc,
                show(&e.gold),
                show(&e.system),
                e.context
            );
        }
        let mut by: Vec<(ErrorCategory, usize)> = Vec::new();
        for e in &self.errors {
            match by.iter_mut().find(|(c, _)| *c == e.category) {
                Some((_, n)) => *n += 1,
                None => by.push((e.category, 1)),
            }
        }
        by.sort();
        let summary: Vec<String> = by
            .iter()
            .map(|(c, n)| format!("{} {n}", c.as_str()))
            .collect();
        let _ = write!(out, "by category: {}", summary.join(", "));
        out
    }
}

/// Where the system answers come from.
#[derive(Debug, Clone)]
pub enum System {
    /// A folder of `<stem>.tml` or `<stem>.json` answers (looked up at the
    /// gold file's relative path, then directly under the folder).
    Dir(PathBuf),
    /// chronicler itself, run in process on each gold text with the gold
    /// DCT as the publication date and these options otherwise.
    Chronicler(Options),
}

/// The `.tml` files under `dir`, recursively (symbolic links to folders are
/// not followed), as relative paths sorted as strings.
///
/// # Example
/// ```
/// let e = chronicler::eval::gold_files(std::path::Path::new("no/such/dir")).unwrap_err();
/// assert!(e.to_string().starts_with("no/such/dir: "));
/// ```
pub fn gold_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("{}: {}", dir.display(), e.to_string().to_lowercase()),
            )
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(ft) = entry.file_type() else {
                continue;
            };
            if ft.is_dir() {
                walk(root, &path, out)?;
                continue;
            }
            if ft.is_symlink() && path.is_dir() {
                continue;
            }
            if entry.file_name().to_string_lossy().ends_with(".tml") {
                if let Ok(rel) = path.strip_prefix(root) {
                    out.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        Ok(())
    }
    if !dir.is_dir() {
        return Err(Error::new(
            ErrorKind::Io,
            format!("{}: is not a directory", dir.display()),
        ));
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Python's `os.path.splitext(p)[0]`.
fn strip_ext(p: &str) -> &str {
    let base_at = p.rfind('/').map_or(0, |i| i + 1);
    if let Some(dot) = p.rfind('.').filter(|&d| d > base_at) {
        if p[base_at..dot].chars().any(|c| c != '.') {
            return &p[..dot];
        }
    }
    p
}

/// Reads the system answer for one gold document from `dir`.
fn load_system(
    gold: &Annotated,
    rel: &str,
    dir: &Path,
    warnings: &mut Vec<String>,
) -> Result<Annotated> {
    let rel_stem = strip_ext(rel);
    let stem = rel_stem.rsplit('/').next().unwrap_or(rel_stem);
    for base in [dir.join(rel_stem), dir.join(stem)] {
        let tml = PathBuf::from(format!("{}.tml", base.display()));
        if tml.is_file() {
            let doc = timeml::read(&tml)?;
            if doc.text != gold.text {
                let g: Vec<char> = gold.text.chars().collect();
                let s: Vec<char> = doc.text.chars().collect();
                let i = g.iter().zip(&s).take_while(|(a, b)| a == b).count();
                let around = |c: &[char]| -> String {
                    let from = i.saturating_sub(30).min(c.len());
                    let to = (i + 30).min(c.len());
                    c[from..to].iter().collect()
                };
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{}: text differs from the gold text at offset {i}:\n  gold:   {}\n  system: {}\na system .tml may only add tags to the gold <TEXT>",
                        tml.display(),
                        py_repr_str(&around(&g)),
                        py_repr_str(&around(&s))
                    ),
                ));
            }
            return Ok(Annotated::from_timeml(&doc, &gold.name));
        }
        let json = PathBuf::from(format!("{}.json", base.display()));
        if json.is_file() {
            let name = json.display().to_string();
            let bytes = std::fs::read(&json)
                .map_err(|e| Error::new(ErrorKind::Io, format!("{name}: {e}")))?;
            let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("{name}: not valid JSON: {e}"),
                )
            })?;
            return Annotated::from_json(&value, gold, &name, warnings);
        }
    }
    warnings.push(format!(
        "{}: no system file ({stem}.tml or {stem}.json); scored as empty",
        gold.name
    ));
    Ok(Annotated {
        name: gold.name.clone(),
        text: gold.text.clone(),
        ..Annotated::default()
    })
}

/// chronicler's answer for one gold document.
fn run_chronicler(
    gold: &Annotated,
    doc: &TimemlDocument,
    options: &Options,
    warnings: &mut Vec<String>,
) -> Result<Annotated> {
    let mut opts = options.clone();
    opts.id = gold.name.clone();
    if opts.published.is_none() {
        opts.published = doc.published();
    }
    match extract(&gold.text, &opts) {
        Ok(result) => Annotated::from_document(&result, gold, warnings),
        Err(e) => {
            warnings.push(format!(
                "{}: chronicler failed: {e}; scored as empty",
                gold.name
            ));
            Ok(Annotated {
                name: gold.name.clone(),
                text: gold.text.clone(),
                ..Annotated::default()
            })
        }
    }
}

/// Scores a system against every `.tml` file under `gold_dir` (see the
/// module docs). An error stops the scoring, as in the scorer: a gold file
/// that is not well-formed, a system `.tml` whose text differs from the
/// gold text, a system `.json` that is not JSON.
///
/// # Example
/// ```
/// use chronicler::eval::{score, System};
/// use std::path::Path;
/// let gold = Path::new("tests/data/eval/gold");
/// let r = score(gold, &System::Dir("tests/data/eval/system".into())).unwrap();
/// assert_eq!((r.counts.timex_gold, r.counts.timex_strict), (7, 3));
/// println!("{}", r.to_table(false, false));
/// // chronicler itself, with each gold DCT as the publication date
/// let own = score(gold, &System::Chronicler(Default::default())).unwrap();
/// assert_eq!(own.docs, 3);
/// ```
pub fn score(gold_dir: &Path, system: &System) -> Result<Report> {
    let rels = gold_files(gold_dir)?;
    if rels.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{}: no .tml files", gold_dir.display()),
        ));
    }
    if let System::Dir(d) = system {
        if !d.is_dir() {
            return Err(Error::new(
                ErrorKind::Io,
                format!("{}: is not a directory", d.display()),
            ));
        }
    }
    let mut warnings = Vec::new();
    let mut total = Counts::default();
    let mut per_doc = Vec::with_capacity(rels.len());
    let mut errors = Vec::new();
    for rel in &rels {
        let name = strip_ext(rel).to_string();
        let doc = timeml::read(&gold_dir.join(rel))?;
        let gold = Annotated::from_timeml(&doc, &name);
        let answer = match system {
            System::Dir(d) => load_system(&gold, rel, d, &mut warnings)?,
            System::Chronicler(options) => run_chronicler(&gold, &doc, options, &mut warnings)?,
        };
        let (counts, errs) = count(&gold, &answer, &mut warnings);
        total += counts;
        errors.extend(errs);
        per_doc.push(DocReport {
            doc: name,
            counts,
            metrics: Metrics::from_counts(&counts),
        });
    }
    Ok(Report {
        docs: rels.len(),
        gold_dir: gold_dir.display().to_string(),
        system_dir: match system {
            System::Dir(d) => d.display().to_string(),
            System::Chronicler(_) => "chronicler".to_string(),
        },
        metrics: Metrics::from_counts(&total),
        counts: total,
        per_doc,
        errors,
        warning_messages: warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_reprs() {
        assert_eq!(py_float_repr(1.0), "1.0");
        assert_eq!(py_float_repr(0.1), "0.1");
        assert_eq!(py_float_repr(1e16), "1e+16");
        assert_eq!(py_float_repr(1.5e-5), "1.5e-05");
        assert_eq!(py_float_repr(0.0001), "0.0001");
        assert_eq!(py_float_repr(123456.5), "123456.5");
        assert_eq!(py_float_repr(-2.0), "-2.0");
        assert_eq!(py_repr_str("it's"), "\"it's\"");
        assert_eq!(py_repr_str("a\nb"), "'a\\nb'");
        assert_eq!(py_str(&serde_json::json!(3)), "3");
        assert_eq!(py_str(&serde_json::json!(true)), "True");
        assert_eq!(py_int(&serde_json::json!(" 1_0 ")), Some(10));
        assert_eq!(py_int(&serde_json::json!(3.9)), Some(3));
        assert_eq!(py_int(&serde_json::json!("3.9")), None);
        assert_eq!(py_int(&serde_json::json!(null)), None);
    }

    #[test]
    fn tokens_as_python_regex() {
        let chars: Vec<char> = " it's U.S.-made".chars().collect();
        // tokens: it ' s U . S . - made (as timeml_score.token_index gives)
        assert_eq!(
            token_index(&chars),
            [0, 0, 0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 8, 8, 8, 16]
        );
    }

    #[test]
    fn splitext() {
        assert_eq!(strip_ext("A/B.1.tml"), "A/B.1");
        assert_eq!(strip_ext(".tml"), ".tml");
        assert_eq!(strip_ext("a/..tml"), "a/..tml");
        assert_eq!(strip_ext("x.tml"), "x");
    }
}
