//! JSON and JSON Lines: the serialisation of [`Document`].
//!
//! # Schema
//!
//! ```text
//! {
//!   "document": {"id": "fixtures/seed.txt",        // the input path as given, or "<stdin>"
//!                "published": "2017-05-05",         // publication date used (null only for a blank input without one)
//!                "published_source": "given"},      // or "header line 1", "dateline in line 1", ...
//!   "timexes": [{"id": "t1", "start": 10, "end": 19,  // code point offsets, end exclusive
//!                "text": "this week", "type": "DATE", // DATE | TIME | DURATION | SET
//!                "value": "2017-W18",                 // TIMEX3 value
//!                "mod": "START",                      // TIMEX3 mod, only when present
//!                "quant": "EVERY", "freq": "2X",      // SETs, only when present
//!                "anchor": "publication",             // publication | narrative, only for relative values
//!                "stated": false,                     // every field written in the text?
//!                "rule": "this_week/publication",     // recognition rule / resolution step
//!                "first": "2017-05-01", "last": "2017-05-07"}],  // days covered, or null
//!   "events":  [{"id": "e1", "start": 0, "end": 7, "text": "meeting",
//!                "class": "OCCURRENCE",               // TimeML class
//!                "tense": "PAST",                     // PAST | PRESENT | FUTURE | NONE
//!                "timex": "t1",                       // anchoring timex id, or null
//!                "value": "2017-W18",                 // TIMEX3 value of the event's date, or null
//!                "anchored_by": "same_clause",        // same_clause | same_sentence | via_event | coreference | narrative | tense, or null
//!                "sentence": "...", "description": "...", "rule": "..."}],
//!   "timeline": ["e3", "e1"],                         // event ids in time order
//!   "entries":  [{"event": "e3", "timex": "t2", "value": "1960",
//!                 "first": "1960-01-01", "last": "1960-12-31", "vague": false}]
//! }
//! ```
//!
//! `json` writes one pretty-printed document (the CLI wraps several in an
//! array); `jsonl` writes each document compact on one line.
//!
//! The bytes are those of `serde_json` over the derived `Serialize` of
//! [`Document`] (compact, or its pretty formatter), written by hand: the
//! output is about ten times the input, and serde's generic path (a
//! byte-by-byte escaping loop, a `String` per date) was a tenth of the
//! whole pipeline. `document` writes straight into a byte buffer; tests
//! hold it to `serde_json`'s bytes on the fixtures, so the derive stays the
//! definition of the schema.

use super::out_err;
use crate::check::{Evidence, Finding, Suggestion};
use crate::error::Result;
use crate::event::AnchorKind;
use crate::text::Tense;
use crate::timeline::Entry;
use crate::timex::{Anchor, Timex};
use crate::{Document, DocumentInfo, Event};
use chrono::NaiveDate;
use std::io::Write;

/// Writes `doc` as pretty JSON, without a final newline.
pub(crate) fn pretty<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    document(&mut buf, doc, true);
    w.write_all(&buf).map_err(out_err)
}

/// `key!(o, first, "name")`: writes the key `"name"` of an object.
macro_rules! key {
    ($o:expr, $first:expr, $k:literal) => {
        $o.key($first, concat!(",\"", $k, "\":").as_bytes())
    };
}

/// Appends `doc` to `buf` as JSON: byte for byte what
/// `serde_json::to_writer` (compact) or `serde_json::to_writer_pretty`
/// (`pretty`) writes for it.
pub(crate) fn document(buf: &mut Vec<u8>, doc: &Document, pretty: bool) {
    let mut o = Out::new(buf, pretty);
    o.open(b'{');
    key!(o, true, "document");
    info(&mut o, &doc.document);
    key!(o, false, "timexes");
    o.seq(&doc.timexes, timex);
    key!(o, false, "events");
    o.seq(&doc.events, event);
    key!(o, false, "timeline");
    o.seq(&doc.timeline, |o, s| o.str(s));
    key!(o, false, "entries");
    o.seq(&doc.entries, entry);
    key!(o, false, "findings");
    o.seq(&doc.findings, finding);
    o.close(b'}', true);
}

/// A JSON writer with `serde_json`'s layout: compact, or pretty with two
/// spaces of indent, `"key": value`, and `[]` for an empty array.
struct Out<'a, 'd> {
    buf: &'a mut Vec<u8>,
    pretty: bool,
    depth: usize,
    /// The last string written by [`Out::shared`] (its address and length)
    /// and where its JSON is in `buf`.
    shared: Option<((*const u8, usize), std::ops::Range<usize>)>,
    /// The last string written by [`Out::repeat`] in each of its slots, and
    /// where its JSON is in `buf`.
    last: [Option<(&'d str, std::ops::Range<usize>)>; SLOTS],
    /// The last date written by [`Out::date`] in the years 0-9999, and its JSON.
    last_date: Option<(NaiveDate, [u8; 12])>,
}

/// [`Out::repeat`]'s slots: an event's timex, value, description and
/// rule, an entry's timex and value.
const SLOTS: usize = 6;

impl<'a, 'd> Out<'a, 'd> {
    /// A writer appending to `buf`, with nothing written before.
    fn new(buf: &'a mut Vec<u8>, pretty: bool) -> Self {
        Out {
            buf,
            pretty,
            depth: 0,
            shared: None,
            last: Default::default(),
            last_date: None,
        }
    }

    #[inline]
    fn open(&mut self, c: u8) {
        self.buf.push(c);
        self.depth += 1;
    }

    /// Closes a container; a non-empty one closes on its own line when pretty.
    #[inline]
    fn close(&mut self, c: u8, nonempty: bool) {
        self.depth -= 1;
        if self.pretty && nonempty {
            self.newline();
        }
        self.buf.push(c);
    }

    fn newline(&mut self) {
        self.buf.push(b'\n');
        for _ in 0..self.depth {
            self.buf.extend_from_slice(b"  ");
        }
    }

    /// Before an element of an array or a key of an object.
    #[inline]
    fn sep(&mut self, first: bool) {
        if !first {
            self.buf.push(b',');
        }
        if self.pretty {
            self.newline();
        }
    }

    /// A key with its comma and colon, `,"key":` (from `key!`), the
    /// comma left out for the first key of an object.
    #[inline(always)]
    fn key(&mut self, first: bool, lit: &'static [u8]) {
        let bare = lit.get(1..).unwrap_or_default();
        if self.pretty {
            self.sep(first);
            self.buf.extend_from_slice(bare);
            self.buf.push(b' ');
        } else {
            self.buf.extend_from_slice(if first { bare } else { lit });
        }
    }

    fn seq<T>(&mut self, items: &'d [T], mut f: impl FnMut(&mut Self, &'d T)) {
        self.open(b'[');
        for (i, x) in items.iter().enumerate() {
            self.sep(i == 0);
            f(self, x);
        }
        self.close(b']', !items.is_empty());
    }

    #[inline]
    fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    #[inline]
    fn bool(&mut self, b: bool) {
        self.buf
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    /// A number: offsets below 100,000 (nearly all) as a copy of a
    /// length known at compile time, without the general digit loop.
    #[inline]
    fn uint(&mut self, n: usize) {
        // two digits at a time from a table of "00" to "99"
        let pair = |x: usize| {
            let i = (x % 100) * 2;
            match PAIRS.get(i..i + 2) {
                Some(&[a, b]) => [a, b],
                _ => *b"00",
            }
        };
        let one = |x: usize| b'0' + (x % 10) as u8;
        match n {
            0..=9 => self.buf.push(one(n)),
            10..=99 => self.buf.extend_from_slice(&pair(n)),
            100..=999 => {
                let [a, b] = pair(n);
                self.buf.extend_from_slice(&[one(n / 100), a, b])
            }
            1000..=9999 => {
                let ([a, b], [c, d]) = (pair(n / 100), pair(n));
                self.buf.extend_from_slice(&[a, b, c, d])
            }
            10000..=99999 => {
                let ([a, b], [c, d]) = (pair(n / 100), pair(n));
                self.buf.extend_from_slice(&[one(n / 10000), a, b, c, d])
            }
            _ => {
                let mut digits = [0u8; 20];
                self.buf.extend_from_slice(decimal(n as u64, &mut digits));
            }
        }
    }

    /// A string constant that needs no escapes (enum names).
    #[inline]
    fn name(&mut self, s: &str) {
        self.buf.push(b'"');
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(b'"');
    }

    /// A key and its constant value in compact JSON (a [`field`]): one
    /// 32-byte copy, then the length set back.
    #[inline(always)]
    fn fixed(&mut self, f: &[u8; 32]) {
        let at = self.buf.len();
        self.buf.extend_from_slice(f);
        self.buf.truncate(at + usize::from(f[31]));
    }

    /// A string: one of up to 14 bytes without escapes (ids, words,
    /// values, enum names) as one fixed-size copy of its packed JSON,
    /// anything else through [`escaped`].
    #[inline]
    fn str(&mut self, s: &str) {
        match packed(s.as_bytes()) {
            Some(v) => put_packed(self.buf, v, s.len() + 2),
            None => escaped(self.buf, s),
        }
    }

    /// A string that is often the one this was last called with: the
    /// events of one sentence share its text (an `Arc<str>`), and then its
    /// JSON, already in the buffer, is copied instead of escaped again.
    /// The document is borrowed while it is written, so the same address
    /// and length are the same bytes.
    fn shared(&mut self, s: &str) {
        let id = (s.as_ptr(), s.len());
        if let Some((last, range)) = &self.shared {
            if *last == id && range.end <= self.buf.len() {
                self.buf.extend_from_within(range.clone());
                return;
            }
        }
        let start = self.buf.len();
        escaped(self.buf, s);
        self.shared = Some((id, start..self.buf.len()));
    }

    /// A string that is often the one last written in its `slot` (events
    /// of one sentence or date share their value, rule, description):
    /// then its JSON, already in the buffer, is copied instead of escaped
    /// again.
    fn repeat(&mut self, slot: usize, s: &'d str) {
        if let Some(Some((last, range))) = self.last.get(slot) {
            if *last == s && range.end <= self.buf.len() {
                let range = range.clone();
                self.buf.extend_from_within(range);
                return;
            }
        }
        let start = self.buf.len();
        self.str(s);
        if let Some(x) = self.last.get_mut(slot) {
            *x = Some((s, start..self.buf.len()));
        }
    }

    /// [`Out::repeat`], or null.
    fn opt_repeat(&mut self, slot: usize, s: Option<&'d str>) {
        match s {
            Some(s) => self.repeat(slot, s),
            None => self.null(),
        }
    }

    /// A date as `ser_date` writes it (`2017-05-03`), or null.
    fn date(&mut self, d: Option<NaiveDate>) {
        let Some(d) = d else {
            return self.null();
        };
        use chrono::Datelike;
        // a day and the next often repeat (an entry's first and last, the
        // timexes of one date): the last one written is kept
        if let Some((last, bytes)) = self.last_date {
            if last == d {
                return self.buf.extend_from_slice(&bytes);
            }
        }
        let (y, m, day) = (d.year(), d.month(), d.day());
        if (0..=9999).contains(&y) {
            let y = y as u32;
            let bytes = [
                b'"',
                b'0' + (y / 1000) as u8,
                b'0' + (y / 100 % 10) as u8,
                b'0' + (y / 10 % 10) as u8,
                b'0' + (y % 10) as u8,
                b'-',
                b'0' + (m / 10) as u8,
                b'0' + (m % 10) as u8,
                b'-',
                b'0' + (day / 10) as u8,
                b'0' + (day % 10) as u8,
                b'"',
            ];
            self.buf.extend_from_slice(&bytes);
            self.last_date = Some((d, bytes));
        } else {
            self.str(&d.format("%Y-%m-%d").to_string());
        }
    }
}

/// "00", "01", ... "99", for [`Out::uint`].
const PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// Bytes `serde_json` escapes: control characters, `"` and `\`. The
/// value is the letter after the backslash (`u` for `\u00XX`).
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether any of 8 bytes (little-endian in `w`) is escaped: a byte below
/// 0x20, a `"` or a `\` (the classic exact "has a zero / smaller byte" tests).
fn word_needs_escape(w: u64) -> bool {
    escape_bits(w) != 0
}

/// The high bit of a byte lane is set in some lane when one of the 8 bytes
/// is escaped (exact for "any", not for which).
#[inline(always)]
fn escape_bits(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    let q = w ^ (ONES * u64::from(b'"'));
    let quote = q.wrapping_sub(ONES) & !q;
    let b = w ^ (ONES * u64::from(b'\\'));
    let backslash = b.wrapping_sub(ONES) & !b;
    (control | quote | backslash) & HIGH
}

/// Whether 32 bytes need no escape. Written as a branch-free fold so that
/// the compiler turns it into vector compares (two SSE2 registers on
/// x86-64): about a quarter of the instructions of the 8-byte word test.
#[inline(always)]
fn clean32(c: &[u8; 32]) -> bool {
    // a byte mask, not a `bool`: the compiler then keeps the lanes in
    // vector registers (20 instructions; 37 for a `bool` fold)
    c.iter().fold(0u8, |bad, &x| {
        bad | u8::from(x < 0x20) | u8::from(x == b'"') | u8::from(x == b'\\')
    }) == 0
}

/// The position of the first byte at or after `i` that is escaped, or the
/// length: runs of 32 clean bytes are skipped at a time, then 8, then one.
#[inline]
fn next_escape(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i..i + 32).and_then(|c| <&[u8; 32]>::try_from(c).ok()) {
        if !clean32(c) {
            break;
        }
        i += 32;
    }
    while let Some(c) = b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        if word_needs_escape(u64::from_le_bytes(c)) {
            break;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|&c| ESCAPE[usize::from(c)] == 0) {
        i += 1;
    }
    i
}

/// `b` as a JSON string (its quotes around its bytes) in the first bytes
/// of 16, when it has at most 14 bytes and none is escaped. The bytes are
/// read and stored with overlapping 8-byte (or 4-byte) words, which write
/// the same bytes where they overlap, so every byte of `b` lands in its place.
#[inline(always)]
fn packed(b: &[u8]) -> Option<[u8; 16]> {
    let n = b.len();
    let mut a = [0u8; 16];
    a[0] = b'"';
    let bits = if n >= 8 {
        if n > 14 {
            return None;
        }
        let lo: [u8; 8] = b.get(..8)?.try_into().ok()?;
        let hi: [u8; 8] = b.get(n - 8..)?.try_into().ok()?;
        a.get_mut(1..9)?.copy_from_slice(&lo);
        a.get_mut(n - 7..n + 1)?.copy_from_slice(&hi);
        escape_bits(u64::from_le_bytes(lo)) | escape_bits(u64::from_le_bytes(hi))
    } else if n >= 4 {
        let lo: [u8; 4] = b.get(..4)?.try_into().ok()?;
        let hi: [u8; 4] = b.get(n - 4..)?.try_into().ok()?;
        a.get_mut(1..5)?.copy_from_slice(&lo);
        a.get_mut(n - 3..n + 1)?.copy_from_slice(&hi);
        escape_bits(u64::from(u32::from_le_bytes(lo)) | (u64::from(u32::from_le_bytes(hi)) << 32))
    } else {
        let mut lanes = 0u64;
        for (i, &c) in b.iter().enumerate() {
            lanes |= u64::from(c) << (8 * i);
            a[i + 1] = c;
        }
        match b.last() {
            // every lane holds a byte of `b`
            Some(&z) => escape_bits(lanes | (u64::from(z) * (0x0101_0101_0101_0101 << (8 * n)))),
            None => 0,
        }
    };
    if bits != 0 {
        return None;
    }
    *a.get_mut(n + 1)? = b'"';
    Some(a)
}

/// Appends the first `len` bytes of a [`packed`] string: one 16-byte copy,
/// then the length set back.
#[inline(always)]
fn put_packed(buf: &mut Vec<u8>, v: [u8; 16], len: usize) {
    let at = buf.len();
    buf.extend_from_slice(&v);
    buf.truncate(at + len);
}

/// Whether `b` holds no escaped byte, for a string shorter than 32 bytes:
/// a few 8-byte words, overlapping where the length is not a multiple of 8
/// (every lane holds a byte of `b`, so the test is exact).
#[inline(always)]
fn clean_short(b: &[u8]) -> bool {
    let word = |i: usize| {
        b.get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let n = b.len();
    let bits = if n >= 8 {
        let mut bits = escape_bits(word(n - 8));
        let mut i = 0;
        while i + 8 < n {
            bits |= escape_bits(word(i));
            i += 8;
        }
        bits
    } else if n >= 4 {
        let half = |i: usize| {
            b.get(i..i + 4)
                .and_then(|c| <[u8; 4]>::try_from(c).ok())
                .map_or(0, u32::from_le_bytes)
        };
        escape_bits(u64::from(half(0)) | (u64::from(half(n - 4)) << 32))
    } else if let (Some(&x), Some(&y), Some(&z)) = (b.first(), b.get(n / 2), b.last()) {
        escape_bits(u64::from_le_bytes([x, y, z, z, z, z, z, z]))
    } else {
        0
    };
    bits == 0
}

/// Whether `b` holds no escaped byte: 32 bytes at a time, the last block
/// overlapping the one before.
#[inline]
fn clean(b: &[u8]) -> bool {
    let n = b.len();
    if n < 32 {
        return clean_short(b);
    }
    let block = |i: usize| b.get(i..i + 32).and_then(|c| <&[u8; 32]>::try_from(c).ok());
    let mut i = 0;
    while i + 32 < n {
        match block(i) {
            Some(c) if clean32(c) => i += 32,
            _ => return false,
        }
    }
    block(n - 32).is_some_and(clean32)
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it. Most
/// strings (ids, words, values, most sentences) need no escape: they are
/// tested whole and copied at once. Otherwise the clean runs between
/// escaped bytes are found a word or 32 bytes at a time and copied whole.
fn escaped(buf: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    buf.reserve(b.len() + 2);
    buf.push(b'"');
    if clean(b) {
        buf.extend_from_slice(b);
        buf.push(b'"');
        return;
    }
    escaped_rest(buf, b);
}

/// [`escaped`] after the opening quote, for a string with escapes.
#[inline(never)]
fn escaped_rest(buf: &mut Vec<u8>, b: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    loop {
        let i = next_escape(b, start);
        buf.extend_from_slice(b.get(start..i).unwrap_or_default());
        let Some(&c) = b.get(i) else {
            break;
        };
        let e = ESCAPE[usize::from(c)];
        if e == b'u' {
            buf.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 0xF)],
            ]);
        } else {
            buf.extend_from_slice(&[b'\\', e]);
        }
        start = i + 1;
    }
    buf.push(b'"');
}

fn info<'d>(o: &mut Out<'_, 'd>, d: &'d DocumentInfo) {
    o.open(b'{');
    key!(o, true, "id");
    o.str(&d.id);
    key!(o, false, "published");
    o.date(d.published);
    key!(o, false, "published_source");
    o.str(&d.published_source);
    o.close(b'}', true);
}

fn timex<'d>(o: &mut Out<'_, 'd>, t: &'d Timex) {
    o.open(b'{');
    key!(o, true, "id");
    o.str(&t.id);
    key!(o, false, "start");
    o.uint(t.start);
    key!(o, false, "end");
    o.uint(t.end);
    key!(o, false, "text");
    o.str(&t.text);
    if o.pretty {
        key!(o, false, "type");
        o.name(t.kind.as_str());
    } else {
        o.fixed(type_field(t.kind));
    }
    key!(o, false, "value");
    o.str(&t.value);
    if let Some(m) = t.modifier {
        key!(o, false, "mod");
        o.name(m.as_str());
    }
    if let Some(q) = &t.quant {
        key!(o, false, "quant");
        o.str(q);
    }
    if let Some(f) = &t.freq {
        key!(o, false, "freq");
        o.str(f);
    }
    if let Some(a) = t.anchor {
        key!(o, false, "anchor");
        o.name(anchor_name(a));
    }
    key!(o, false, "stated");
    o.bool(t.stated);
    key!(o, false, "rule");
    o.str(&t.rule);
    key!(o, false, "first");
    o.date(t.first);
    key!(o, false, "last");
    o.date(t.last);
    o.close(b'}', true);
}

fn event<'d>(o: &mut Out<'_, 'd>, e: &'d Event) {
    o.open(b'{');
    key!(o, true, "id");
    o.str(&e.id);
    key!(o, false, "start");
    o.uint(e.start);
    key!(o, false, "end");
    o.uint(e.end);
    key!(o, false, "text");
    o.str(&e.text);
    if o.pretty {
        key!(o, false, "class");
        o.name(e.class.as_str());
        key!(o, false, "tense");
        o.name(tense_name(e.tense));
    } else {
        o.fixed(class_field(e.class));
        o.fixed(tense_field(e.tense));
    }
    key!(o, false, "timex");
    o.opt_repeat(0, e.timex.as_deref());
    key!(o, false, "value");
    o.opt_repeat(1, e.value.as_deref());
    if o.pretty {
        key!(o, false, "anchored_by");
        match e.anchored_by {
            Some(k) => o.name(anchor_kind_name(k)),
            None => o.null(),
        }
    } else {
        o.fixed(anchored_by_field(e.anchored_by));
    }
    key!(o, false, "sentence");
    o.shared(&e.sentence);
    key!(o, false, "description");
    o.repeat(2, &e.description);
    key!(o, false, "rule");
    o.repeat(3, &e.rule);
    o.close(b'}', true);
}

fn entry<'d>(o: &mut Out<'_, 'd>, e: &'d Entry) {
    o.open(b'{');
    key!(o, true, "event");
    o.str(&e.event);
    key!(o, false, "timex");
    o.opt_repeat(4, e.timex.as_deref());
    key!(o, false, "value");
    o.repeat(5, &e.value);
    key!(o, false, "first");
    o.date(e.first);
    key!(o, false, "last");
    o.date(e.last);
    key!(o, false, "vague");
    o.bool(e.vague);
    if !e.findings.is_empty() {
        key!(o, false, "findings");
        o.seq(&e.findings, |o, s| o.str(s));
    }
    o.close(b'}', true);
}

fn finding<'d>(o: &mut Out<'_, 'd>, f: &'d Finding) {
    o.open(b'{');
    key!(o, true, "id");
    o.str(&f.id);
    key!(o, false, "kind");
    o.name(f.kind.as_str());
    key!(o, false, "severity");
    o.name(f.severity.as_str());
    key!(o, false, "start");
    o.uint(f.start);
    key!(o, false, "end");
    o.uint(f.end);
    key!(o, false, "text");
    o.str(&f.text);
    key!(o, false, "message");
    o.str(&f.message);
    key!(o, false, "suggestions");
    o.seq(&f.suggestions, suggestion);
    key!(o, false, "evidence");
    evidence(o, &f.evidence);
    o.close(b'}', true);
}

fn suggestion<'d>(o: &mut Out<'_, 'd>, s: &'d Suggestion) {
    o.open(b'{');
    key!(o, true, "value");
    o.str(&s.value);
    key!(o, false, "text");
    o.str(&s.text);
    key!(o, false, "reason");
    o.str(&s.reason);
    o.close(b'}', true);
}

fn evidence<'d>(o: &mut Out<'_, 'd>, e: &'d Evidence) {
    o.open(b'{');
    key!(o, true, "timexes");
    o.seq(&e.timexes, |o, s| o.str(s));
    key!(o, false, "events");
    o.seq(&e.events, |o, s| o.str(s));
    key!(o, false, "facts");
    o.seq(&e.facts, |o, s| o.str(s));
    o.close(b'}', true);
}

/// `,"key":"value"` (or `,"key":null` for an empty `value`) in compact
/// JSON, in 32 bytes with its length in the last, for [`Out::fixed`]: the
/// fields whose value is an enum name are written with one copy.
const fn field(key: &str, value: &str) -> [u8; 32] {
    let mut t = [0u8; 32];
    let mut n = put(&mut t, b",\"", 0);
    n = put(&mut t, key.as_bytes(), n);
    n = put(&mut t, b"\":", n);
    if value.is_empty() {
        n = put(&mut t, b"null", n);
    } else {
        n = put(&mut t, b"\"", n);
        n = put(&mut t, value.as_bytes(), n);
        n = put(&mut t, b"\"", n);
    }
    assert!(n < 32);
    t[31] = n as u8;
    t
}

/// Copies `s` into `t` at `n` (for [`field`]); gives the end.
const fn put(t: &mut [u8; 32], s: &[u8], mut n: usize) -> usize {
    let mut i = 0;
    while i < s.len() {
        t[n] = s[i];
        n += 1;
        i += 1;
    }
    n
}

fn class_field(c: crate::EventClass) -> &'static [u8; 32] {
    use crate::EventClass as C;
    match c {
        C::Occurrence => const { &field("class", C::Occurrence.as_str()) },
        C::Reporting => const { &field("class", C::Reporting.as_str()) },
        C::State => const { &field("class", C::State.as_str()) },
        C::IAction => const { &field("class", C::IAction.as_str()) },
        C::IState => const { &field("class", C::IState.as_str()) },
        C::Aspectual => const { &field("class", C::Aspectual.as_str()) },
        C::Perception => const { &field("class", C::Perception.as_str()) },
    }
}

fn tense_field(t: Tense) -> &'static [u8; 32] {
    match t {
        Tense::Past => const { &field("tense", tense_name(Tense::Past)) },
        Tense::Present => const { &field("tense", tense_name(Tense::Present)) },
        Tense::Future => const { &field("tense", tense_name(Tense::Future)) },
        Tense::None => const { &field("tense", tense_name(Tense::None)) },
    }
}

fn anchored_by_field(k: Option<AnchorKind>) -> &'static [u8; 32] {
    use AnchorKind as K;
    match k {
        Some(K::SameClause) => const { &field("anchored_by", anchor_kind_name(K::SameClause)) },
        Some(K::SameSentence) => const { &field("anchored_by", anchor_kind_name(K::SameSentence)) },
        Some(K::ViaEvent) => const { &field("anchored_by", anchor_kind_name(K::ViaEvent)) },
        Some(K::Coreference) => const { &field("anchored_by", anchor_kind_name(K::Coreference)) },
        Some(K::Offset) => const { &field("anchored_by", anchor_kind_name(K::Offset)) },
        Some(K::Narrative) => const { &field("anchored_by", anchor_kind_name(K::Narrative)) },
        Some(K::Tense) => const { &field("anchored_by", anchor_kind_name(K::Tense)) },
        None => const { &field("anchored_by", "") },
    }
}

fn type_field(t: crate::TimexType) -> &'static [u8; 32] {
    use crate::TimexType as T;
    match t {
        T::Date => const { &field("type", T::Date.as_str()) },
        T::Time => const { &field("type", T::Time.as_str()) },
        T::Duration => const { &field("type", T::Duration.as_str()) },
        T::Set => const { &field("type", T::Set.as_str()) },
    }
}

/// The serde names of the enums without an `as_str` of their own.
fn anchor_name(a: Anchor) -> &'static str {
    match a {
        Anchor::Publication => "publication",
        Anchor::Narrative => "narrative",
    }
}

const fn tense_name(t: Tense) -> &'static str {
    match t {
        Tense::Past => "PAST",
        Tense::Present => "PRESENT",
        Tense::Future => "FUTURE",
        Tense::None => "NONE",
    }
}

const fn anchor_kind_name(k: AnchorKind) -> &'static str {
    match k {
        AnchorKind::SameClause => "same_clause",
        AnchorKind::SameSentence => "same_sentence",
        AnchorKind::ViaEvent => "via_event",
        AnchorKind::Coreference => "coreference",
        AnchorKind::Offset => "offset",
        AnchorKind::Narrative => "narrative",
        AnchorKind::Tense => "tense",
    }
}

/// Writes `doc` as pretty JSON followed by a newline (schema in the module documentation).
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("It rained yesterday.", &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::json(&mut out, &doc).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v["document"]["published"], "2017-05-05");
/// ```
pub fn json<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    pretty(&mut w, doc)?;
    writeln!(w).map_err(out_err)
}

/// Writes `doc` as one line of compact JSON (same schema), followed by a newline.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("Line one.\nLine two.", &Options::with_published(Published::given(d))).unwrap();
/// let mut out = Vec::new();
/// chronicler::write::jsonl(&mut out, &doc).unwrap();
/// assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
/// ```
pub fn jsonl<W: Write>(mut w: W, doc: &Document) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    document(&mut buf, doc, false);
    buf.push(b'\n');
    w.write_all(&buf).map_err(out_err)
}

/// The decimal digits of `n`, written into the end of `digits`, without the
/// formatting machinery (numbers and ids are written for every timex and
/// event of every document).
pub(crate) fn decimal(mut n: u64, digits: &mut [u8; 20]) -> &[u8] {
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &digits[i..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{extract, Options, Published};

    fn both(doc: &Document) {
        let mut compact = Vec::new();
        document(&mut compact, doc, false);
        assert_eq!(
            String::from_utf8_lossy(&compact),
            serde_json::to_string(doc).unwrap_or_default()
        );
        let mut pretty = Vec::new();
        document(&mut pretty, doc, true);
        assert_eq!(
            String::from_utf8_lossy(&pretty),
            serde_json::to_string_pretty(doc).unwrap_or_default()
        );
    }

    /// The hand-written writer gives serde_json's bytes on every fixture
    /// (findings, suggestions and entry findings included).
    #[test]
    fn same_bytes_as_serde_on_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let d = NaiveDate::from_ymd_opt(2017, 5, 5).unwrap_or_default();
        let mut seen = 0;
        for dir in [root.clone(), root.join("check")] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_none_or(|x| x != "txt") {
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for published in [None, Some(Published::given(d))] {
                    let o = Options {
                        id: p.display().to_string(),
                        published,
                        ..Options::default()
                    };
                    if let Ok(doc) = extract(&text, &o) {
                        both(&doc);
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 10, "fixtures not found");
    }

    #[test]
    fn same_bytes_for_odd_strings_dates_and_blank_documents() {
        let d = NaiveDate::from_ymd_opt(2017, 5, 5).unwrap_or_default();
        let mut doc = extract(
            "Talks \"ended\" \\ yesterday.\u{1}\u{7f}\tThey resume on Friday, “maybe”.",
            &Options::with_published(Published::given(d)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        both(&doc);
        // every byte below 0x80 at every alignment, and non-ASCII around them
        let mut odd = String::new();
        for c in 0u8..0x80 {
            odd.push(char::from(c));
            odd.push('é');
        }
        for shift in 0..9 {
            doc.document.id = format!("{}{odd}", "x".repeat(shift));
            both(&doc);
        }
        doc.document.published = NaiveDate::from_ymd_opt(-44, 3, 15);
        if let Some(t) = doc.timexes.first_mut() {
            t.first = NaiveDate::from_ymd_opt(12345, 1, 2);
            t.last = NaiveDate::from_ymd_opt(7, 8, 9);
        }
        both(&doc);
        let blank = extract("  ", &Options::default()).unwrap_or_else(|e| panic!("{e}"));
        both(&blank);
    }

    /// The whole-string test and the number writer against simple
    /// references: every length up to 100, each escaped byte (and a clean
    /// one, a multi-byte character's) at every position; numbers around
    /// every power of ten.
    #[test]
    fn clean_and_uint_match_references() {
        let reference = |b: &[u8]| b.iter().all(|&c| ESCAPE[usize::from(c)] == 0);
        for n in 0..100usize {
            let base: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(clean(&base), "{n}");
            for at in 0..n {
                for c in [0u8, 0x1f, b'"', b'\\', b' ', 0x7f, 0xc3, 0xff] {
                    let mut b = base.clone();
                    b[at] = c;
                    assert_eq!(clean(&b), reference(&b), "{n} {at} {c}");
                }
            }
        }
        // strings short and long through `Out::str`, against serde_json
        for n in 0..40usize {
            let base: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            let mut cases = vec![base.clone()];
            for at in 0..n {
                for c in ['\0', '\u{1f}', '"', '\\', '\n', ' ', '\u{7f}', 'é'] {
                    let mut s: Vec<char> = base.chars().collect();
                    s[at] = c;
                    cases.push(s.into_iter().collect());
                }
            }
            for s in cases {
                let mut buf = Vec::new();
                let mut o = Out::new(&mut buf, false);
                o.str(&s);
                o.repeat(0, &s);
                o.repeat(0, &s);
                let one = serde_json::to_string(&s).unwrap_or_default();
                assert_eq!(String::from_utf8_lossy(&buf), one.repeat(3), "{s:?}");
            }
        }
        let mut buf = Vec::new();
        let mut o = Out::new(&mut buf, false);
        let mut want = String::new();
        let mut p = 1usize;
        for _ in 0..19 {
            for n in [p - 1, p, p + 1, p * 3 + 7] {
                o.uint(n);
                o.buf.push(b',');
                want.push_str(&format!("{n},"));
            }
            p *= 10;
        }
        o.uint(usize::MAX);
        want.push_str(&usize::MAX.to_string());
        assert_eq!(String::from_utf8_lossy(&buf), want);
    }

    /// The fixed fields are the key and the name as written one by one.
    #[test]
    fn fixed_fields_are_keys_and_names() {
        use crate::event::AnchorKind as K;
        use crate::EventClass as C;
        let out = |f: &[u8; 32]| {
            let mut buf = Vec::new();
            let mut o = Out::new(&mut buf, false);
            o.fixed(f);
            String::from_utf8_lossy(&buf).into_owned()
        };
        let classes = [
            C::Occurrence,
            C::Reporting,
            C::State,
            C::IAction,
            C::IState,
            C::Aspectual,
            C::Perception,
        ];
        for c in classes {
            let want = format!(",\"class\":\"{}\"", c.as_str());
            assert_eq!(out(class_field(c)), want);
        }
        for t in [Tense::Past, Tense::Present, Tense::Future, Tense::None] {
            let want = format!(",\"tense\":\"{}\"", tense_name(t));
            assert_eq!(out(tense_field(t)), want);
        }
        let kinds = [
            K::SameClause,
            K::SameSentence,
            K::ViaEvent,
            K::Coreference,
            K::Offset,
            K::Narrative,
            K::Tense,
        ];
        for k in kinds {
            let want = format!(",\"anchored_by\":\"{}\"", anchor_kind_name(k));
            assert_eq!(out(anchored_by_field(Some(k))), want);
        }
        assert_eq!(out(anchored_by_field(None)), ",\"anchored_by\":null");
        use crate::TimexType as T;
        for t in [T::Date, T::Time, T::Duration, T::Set] {
            let want = format!(",\"type\":\"{}\"", t.as_str());
            assert_eq!(out(type_field(t)), want);
        }
    }

    #[test]
    fn enum_names_are_serde_names() {
        use crate::event::AnchorKind as K;
        let name = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        for a in [Anchor::Publication, Anchor::Narrative] {
            assert_eq!(anchor_name(a), name(serde_json::json!(a)));
        }
        for t in [Tense::Past, Tense::Present, Tense::Future, Tense::None] {
            assert_eq!(tense_name(t), name(serde_json::json!(t)));
        }
        for k in [
            K::SameClause,
            K::SameSentence,
            K::ViaEvent,
            K::Coreference,
            K::Offset,
            K::Narrative,
            K::Tense,
        ] {
            assert_eq!(anchor_kind_name(k), name(serde_json::json!(k)));
        }
        use crate::EventClass as C;
        for c in [
            C::Occurrence,
            C::Reporting,
            C::State,
            C::IAction,
            C::IState,
            C::Aspectual,
            C::Perception,
        ] {
            assert_eq!(c.as_str(), name(serde_json::json!(c)));
        }
        use crate::timex::Modifier as M;
        for m in [
            M::Before,
            M::After,
            M::OnOrBefore,
            M::OnOrAfter,
            M::LessThan,
            M::MoreThan,
            M::EqualOrLess,
            M::EqualOrMore,
            M::Start,
            M::Mid,
            M::End,
            M::Approx,
        ] {
            assert_eq!(m.as_str(), name(serde_json::json!(m)));
        }
        use crate::TimexType as T;
        for t in [T::Date, T::Time, T::Duration, T::Set] {
            assert_eq!(t.as_str(), name(serde_json::json!(t)));
        }
        use crate::check::{FindingKind as F, Severity as S};
        for f in [
            F::WeekdayMismatch,
            F::InvalidDate,
            F::TenseVsDate,
            F::RelativeVsAbsolute,
            F::Arithmetic,
        ] {
            assert_eq!(f.as_str(), name(serde_json::json!(f)));
        }
        for s in [S::Error, S::Warning] {
            assert_eq!(s.as_str(), name(serde_json::json!(s)));
        }
    }
}
