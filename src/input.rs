//! Reading documents: files and standard input (`-`), decoded as UTF-8.
//!
//! Owns turning bytes into the text the pipeline sees: a leading byte order
//! mark is skipped, invalid UTF-8 is an error naming the input, the number of
//! bad bytes and where they are (or, when asked, is replaced with U+FFFD and
//! reported back as a warning), and nothing else is changed: CRLF line ends
//! stay as they are. What happens to the text next is `crate::extract`'s
//! business; printing warnings is the caller's.
//!
//! **Offsets.** Every offset in chronicler's output counts code points in
//! the decoded text, so after a byte order mark they start at the character
//! that follows it (the BOM is not counted), and with `lossy` each
//! replacement character counts as one. The byte offsets in messages about
//! invalid UTF-8 are offsets in the file as it is on disk (BOM included), the
//! numbers a hex editor shows.

use crate::error::{Error, ErrorKind, Result};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many bad places an error message lists before "and N more".
const SHOWN: usize = 3;

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// `-` is standard input, anything else a file path.
    ///
    /// # Example
    /// ```
    /// use chronicler::input::Source;
    /// assert_eq!(Source::from_arg("-"), Source::Stdin);
    /// assert_eq!(Source::from_arg("a.txt").to_string(), "a.txt");
    /// ```
    pub fn from_arg(arg: impl AsRef<Path>) -> Source {
        let p = arg.as_ref();
        if p.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(p.to_path_buf())
        }
    }

    /// The name used in messages and as the document id: the path as given,
    /// or `<stdin>`.
    pub fn name(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => f.write_str("<stdin>"),
            Source::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A place in the raw bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the input (BOM included), 0-based.
    pub byte: usize,
    /// Line number, 1-based.
    pub line: usize,
}

/// Invalid UTF-8 found in an input: how many bytes, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Number of bytes that are not part of any valid UTF-8 character.
    pub bytes: usize,
    /// Number of separate bad sequences (each becomes one U+FFFD with `lossy`).
    pub sequences: usize,
    /// Where the first few bad sequences start.
    pub positions: Vec<Position>,
}

impl fmt::Display for InvalidUtf8 {
    /// `2 invalid bytes, at byte 17 (line 2) and byte 40 (line 3)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.bytes == 1 { "" } else { "s" };
        write!(f, "{} invalid byte{s}, at ", self.bytes)?;
        for (i, p) in self.positions.iter().enumerate() {
            if i > 0 {
                let last = i + 1 == self.positions.len() && self.sequences <= self.positions.len();
                f.write_str(if last { " and " } else { ", " })?;
            }
            write!(f, "byte {} (line {})", p.byte, p.line)?;
        }
        let more = self.sequences.saturating_sub(self.positions.len());
        if more > 0 {
            write!(
                f,
                " and {more} more place{}",
                if more == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

/// A document read and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where it came from.
    pub source: Source,
    /// The text, without the byte order mark.
    pub text: String,
    /// Whether a leading byte order mark was skipped.
    pub bom: bool,
    /// With `lossy`: the invalid bytes that were replaced with U+FFFD.
    pub replaced: Option<InvalidUtf8>,
}

impl Input {
    /// The warnings a caller should show (a non-empty list only with `lossy`).
    pub fn warnings(&self) -> Vec<String> {
        match &self.replaced {
            Some(bad) => vec![format!(
                "{}: not valid UTF-8: replaced {bad} with U+FFFD",
                self.source
            )],
            None => Vec::new(),
        }
    }
}

/// Reads a file or standard input and decodes it (see [`decode`]).
///
/// Errors name the input: `notes.txt: no such file`, `<stdin>: ...`.
///
/// # Example
/// ```
/// use chronicler::input::{read, Source};
/// let e = read(&Source::from_arg("no/such/file.txt"), false).unwrap_err();
/// assert_eq!(e.to_string(), "no/such/file.txt: no such file");
/// ```
pub fn read(source: &Source, lossy: bool) -> Result<Input> {
    let bytes = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| io_error(source, &e))?;
            buf
        }
        Source::File(path) => {
            if path.is_dir() {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("{source}: is a directory"),
                ));
            }
            std::fs::read(path).map_err(|e| io_error(source, &e))?
        }
    };
    decode(source.clone(), &bytes, lossy)
}

/// A lowercase message naming the input for an I/O error.
pub(crate) fn io_error(source: &Source, e: &std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "no such file".to_string(),
        K::PermissionDenied => "permission denied".to_string(),
        _ => lower_first(&e.to_string()),
    };
    Error::new(ErrorKind::Io, format!("{source}: {what}"))
}

/// An OS message (`No such file or directory (os error 2)`) in the
/// lowercase style of the library's messages.
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Decodes the bytes of a document: skips a leading byte order mark and
/// checks that the rest is UTF-8. Invalid bytes are an error of kind
/// [`ErrorKind::InvalidUtf8`] that names the input and says how many bytes
/// were bad and where; with `lossy`, each bad sequence is replaced with
/// U+FFFD instead and reported in [`Input::replaced`]. UTF-16 text (a
/// UTF-16 byte order mark) is an error even with `lossy`.
///
/// # Example
/// ```
/// use chronicler::input::{decode, Source};
/// let src = Source::from_arg("a.txt");
/// let ok = decode(src.clone(), b"\xEF\xBB\xBFMay 5, 2017\r\n", false).unwrap();
/// assert_eq!(ok.text, "May 5, 2017\r\n");
/// assert!(ok.bom);
///
/// let e = decode(src.clone(), b"caf\xE9\nna\xEFve", false).unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "a.txt: not valid UTF-8: 2 invalid bytes, at byte 3 (line 1) and byte 7 (line 2); pass --lossy to replace them with U+FFFD"
/// );
/// let lossy = decode(src, b"caf\xE9", true).unwrap();
/// assert_eq!(lossy.text, "caf\u{FFFD}");
/// ```
pub fn decode(source: Source, bytes: &[u8], lossy: bool) -> Result<Input> {
    // UTF-16 would decode (lossily) to noise: say what it is, even with `lossy`.
    if let Some(order) = [(b"\xFF\xFE", "FF FE"), (b"\xFE\xFF", "FE FF")]
        .iter()
        .find_map(|(bom, name)| bytes.starts_with(*bom).then_some(*name))
    {
        return Err(Error::new(
            ErrorKind::InvalidUtf8,
            format!("{source}: not UTF-8 but UTF-16 (byte order mark {order}); convert it first, e.g. with `iconv -f UTF-16 -t UTF-8`"),
        ));
    }
    let (body, bom, skip) = match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, true, BOM.len()),
        None => (bytes, false, 0),
    };
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(Input {
            source,
            text: text.to_string(),
            bom,
            replaced: None,
        });
    }
    let bad = invalid_utf8(body, skip, bytes);
    if !lossy {
        return Err(Error::new(
            ErrorKind::InvalidUtf8,
            format!("{source}: not valid UTF-8: {bad}; pass --lossy to replace them with U+FFFD"),
        ));
    }
    Ok(Input {
        source,
        text: String::from_utf8_lossy(body).into_owned(),
        bom,
        replaced: Some(bad),
    })
}

/// Counts the invalid bytes of `body` (which starts at `skip` in `whole`).
fn invalid_utf8(body: &[u8], skip: usize, whole: &[u8]) -> InvalidUtf8 {
    let mut bytes = 0;
    let mut sequences = 0;
    let mut offsets = Vec::new();
    let mut at = skip;
    for chunk in body.utf8_chunks() {
        at += chunk.valid().len();
        let n = chunk.invalid().len();
        if n > 0 {
            bytes += n;
            sequences += 1;
            if offsets.len() < SHOWN {
                offsets.push(at);
            }
        }
        at += n;
    }
    let positions = offsets
        .into_iter()
        .map(|byte| Position {
            byte,
            line: 1 + whole
                .get(..byte)
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()),
        })
        .collect();
    InvalidUtf8 {
        bytes,
        sequences,
        positions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source::from_arg("x.txt")
    }

    #[test]
    fn plain_bom_crlf() {
        let i = decode(src(), b"a\r\nb", false).unwrap();
        assert_eq!((i.text.as_str(), i.bom), ("a\r\nb", false));
        let i = decode(src(), b"\xEF\xBB\xBF", false).unwrap();
        assert_eq!((i.text.as_str(), i.bom), ("", true));
        // only one BOM is skipped
        let i = decode(src(), b"\xEF\xBB\xBF\xEF\xBB\xBFa", false).unwrap();
        assert_eq!(i.text, "\u{feff}a");
        assert!(i.warnings().is_empty());
    }

    #[test]
    fn invalid_counts_and_places() {
        let e = decode(src(), b"\xEF\xBB\xBFok\n\xFF\xFE\nx\xC3", false).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
        assert_eq!(
            e.to_string(),
            "x.txt: not valid UTF-8: 3 invalid bytes, at byte 6 (line 2), byte 7 (line 2) and byte 10 (line 3); pass --lossy to replace them with U+FFFD"
        );
        let many: Vec<u8> = std::iter::repeat_n(*b"a\xFF", 5).flatten().collect();
        let e = decode(src(), &many, false).unwrap_err();
        assert!(
            e.to_string().contains("5 invalid bytes, at byte 1 (line 1), byte 3 (line 1), byte 5 (line 1) and 2 more places"),
            "{e}"
        );
        let one = decode(src(), b"\x80", false).unwrap_err();
        assert!(
            one.to_string()
                .contains("1 invalid byte, at byte 0 (line 1);"),
            "{one}"
        );
    }

    #[test]
    fn utf16_is_named() {
        let e = decode(src(), b"\xFF\xFEM\x00a\x00", true).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
        assert!(
            e.to_string()
                .starts_with("x.txt: not UTF-8 but UTF-16 (byte order mark FF FE)"),
            "{e}"
        );
    }

    #[test]
    fn lossy_replaces_and_warns() {
        let i = decode(src(), b"a\xFF\xFEb", true).unwrap();
        assert_eq!(i.text, "a\u{FFFD}\u{FFFD}b");
        let w = i.warnings();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("x.txt: not valid UTF-8: replaced 2 invalid bytes"),
            "{w:?}"
        );
    }

    #[test]
    fn missing_and_directory() {
        let e = read(&Source::from_arg("/no/such/file"), false).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(e.to_string(), "/no/such/file: no such file");
        let e = read(&Source::from_arg("src"), false).unwrap_err();
        assert_eq!(e.to_string(), "src: is a directory");
    }
}
