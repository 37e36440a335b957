//! Folders of articles: which files in a folder are articles, and the
//! publication dates a `dates.tsv` or `dates.csv` sidecar gives them.
//!
//! Owns walking a folder ([`Folder::open`]: recursive, hidden files left
//! out, sorted paths) and reading its sidecar ([`Folder::dates`]). Reading
//! each article is `crate::input`'s business; which date wins when several
//! are at hand is the caller's (the CLI: `--published`, then the sidecar,
//! then a TimeML creation time, then the date found in the text).
//!
//! # The sidecar
//!
//! A file named `dates.tsv` (tab-separated) or `dates.csv` (comma-separated,
//! fields quoted as RFC 4180 says) directly in the folder, one article per
//! line:
//!
//! ```text
//! file⇥published
//! a.txt⇥2017-05-05
//! sub/b.txt⇥May 4, 2017
//! c⇥Fri, 05 May 2017 09:30:00 +0000
//! ```
//!
//! (`⇥` is a tab; in `dates.csv`, a comma, with `"May 4, 2017"` quoted.)
//!
//! - The first column names the article: its path relative to the folder
//!   (`sub/b.txt`), its file name (`b.txt`) or either without the extension
//!   (`sub/b`, `b`). A name that fits several articles must be given as the
//!   relative path.
//! - The second column is the date, in any form
//!   [`crate::published::parse_date_with`] reads. An empty date means "none
//!   given": the article's date is then looked for in its text. Further
//!   columns are ignored.
//! - The first line is a header when its date is not a date and its name
//!   fits no article. Blank lines are skipped; a byte order mark is fine.
//!
//! Nothing in it is dropped quietly. A line whose date cannot be read, and a
//! second line for an article already dated, make that article fail with an
//! error naming the sidecar and the line ([`Dates::get`]). A line naming no
//! article, or several, is a problem of the sidecar itself
//! ([`Dates::problems`]). The sidecar is never read as an article (it is not
//! a `.txt`, `.tml` or `.TE3input` file); only the one directly in the folder
//! given is read, and others found in subfolders are listed in
//! [`Folder::ignored_sidecars`].

use crate::error::{Error, ErrorKind, Result};
use crate::input::{io_error, lower_first, Source};
use crate::published::{self, Published, PublishedSource};
use crate::timex::rules::NumericDates;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The names a sidecar of publication dates may have: tab- or comma-separated.
pub const SIDECAR_NAMES: [&str; 2] = ["dates.tsv", "dates.csv"];

/// File name endings of articles, longest first.
const ENDINGS: [&str; 4] = [".tml.TE3input", ".TE3input", ".tml", ".txt"];

/// A file name without the ending that makes it an article (`.txt`,
/// `.tml`, `.TE3input`, `.tml.TE3input`); `None` when it has none.
///
/// # Example
/// ```
/// use chronicler::folder::article_stem;
/// assert_eq!(article_stem("doc1.tml.TE3input"), Some("doc1"));
/// assert_eq!(article_stem("notes.md"), None);
/// ```
pub fn article_stem(name: &str) -> Option<&str> {
    ENDINGS
        .iter()
        .find_map(|x| name.strip_suffix(x))
        .filter(|s| !s.is_empty() && !s.ends_with('/'))
}

/// A folder of articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder as given.
    pub path: PathBuf,
    /// The articles, recursively, sorted: its `.tml` and `.tml.TE3input`
    /// files, or when it has none, its `.txt` files (so that a corpus's
    /// README.txt is not taken for an article). Hidden files and folders are
    /// left out.
    pub files: Vec<PathBuf>,
    /// The folder's `dates.tsv` or `dates.csv`, when it has one.
    pub sidecar: Option<PathBuf>,
    /// Sidecars in subfolders, which are not read.
    pub ignored_sidecars: Vec<PathBuf>,
}

impl Folder {
    /// Finds the articles in `dir` and its sidecar, if any. Fails when the
    /// folder cannot be read, or holds both a `dates.tsv` and a `dates.csv`.
    ///
    /// # Example
    /// ```
    /// use chronicler::folder::Folder;
    /// let f = Folder::open("fixtures".as_ref()).unwrap();
    /// assert!(f.files.iter().any(|p| p.ends_with("seed.txt")));
    /// assert!(f.files.windows(2).all(|w| w[0] < w[1]));
    /// ```
    pub fn open(dir: &Path) -> Result<Folder> {
        let mut files = Vec::new();
        let mut sidecars = Vec::new();
        let mut ignored_sidecars = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            let entries =
                std::fs::read_dir(&d).map_err(|e| io_error(&Source::File(d.clone()), &e))?;
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                if path.is_dir() {
                    todo.push(path);
                } else if SIDECAR_NAMES.contains(&name.as_str()) {
                    if d == dir {
                        sidecars.push(path);
                    } else {
                        ignored_sidecars.push(path);
                    }
                } else if article_stem(&name).is_some() {
                    files.push(path);
                }
            }
        }
        let is_timeml = |p: &PathBuf| !p.to_string_lossy().ends_with(".txt");
        if files.iter().any(is_timeml) {
            files.retain(is_timeml);
        }
        files.sort();
        sidecars.sort();
        ignored_sidecars.sort();
        if sidecars.len() > 1 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{}: has both dates.tsv and dates.csv; keep one",
                    dir.display()
                ),
            ));
        }
        Ok(Folder {
            path: dir.to_path_buf(),
            files,
            sidecar: sidecars.pop(),
            ignored_sidecars,
        })
    }

    /// Reads the sidecar (no dates when there is none), numeric dates
    /// such as `05/04/2017` read as `numeric` says. Fails only when the
    /// sidecar cannot be read at all; trouble in its lines is in the
    /// [`Dates`].
    ///
    /// # Example
    /// ```
    /// use chronicler::folder::Folder;
    /// use chronicler::timex::rules::NumericDates;
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("a.txt"), "It rained yesterday.").unwrap();
    /// std::fs::write(dir.path().join("b.txt"), "It rained yesterday.").unwrap();
    /// std::fs::write(dir.path().join("dates.tsv"), "a\t2017-05-05\nb\tsoon\nc.txt\t2017-05-05\n").unwrap();
    /// let folder = Folder::open(dir.path()).unwrap();
    /// let dates = folder.dates(NumericDates::MonthFirst).unwrap();
    /// let a = dates.get(&dir.path().join("a.txt")).unwrap().as_ref().unwrap();
    /// assert_eq!(a.date.to_string(), "2017-05-05");
    /// assert_eq!(a.source.describe(), "dates.tsv line 1");
    /// let b = dates.get(&dir.path().join("b.txt")).unwrap().as_ref().unwrap_err();
    /// assert!(b.to_string().contains("dates.tsv line 2: cannot read \"soon\""), "{b}");
    /// assert!(dates.problems[0].to_string().contains("dates.tsv line 3: no file \"c.txt\""));
    /// ```
    pub fn dates(&self, numeric: NumericDates) -> Result<Dates> {
        let mut dates = Dates::default();
        let Some(sidecar) = &self.sidecar else {
            return Ok(dates);
        };
        let bytes =
            std::fs::read(sidecar).map_err(|e| io_error(&Source::File(sidecar.clone()), &e))?;
        let tab = sidecar.extension().is_some_and(|x| x == "tsv");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(if tab { b'\t' } else { b',' })
            .quoting(!tab)
            .from_reader(bytes.as_slice());
        let index = self.index();
        let place = |line: u64| format!("{} line {line}", sidecar.display());
        let short = sidecar
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        // Which line dated each article first.
        let mut first_line: HashMap<usize, u64> = HashMap::new();
        let mut first_record = true;
        let mut record = csv::ByteRecord::new();
        let (mut line, mut counted) = (1u64, 0usize);
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // Reading bytes from memory with `flexible`, this is not
                    // expected; say where it happened rather than stop quietly.
                    let line = e.position().map_or(line, |p| p.line());
                    dates.problems.push(Error::new(
                        ErrorKind::InvalidInput,
                        format!("{}: {}", place(line), lower_first(&e.to_string())),
                    ));
                    break;
                }
            }
            // The line, from the byte offset of the record's first byte: the
            // reader's own count misses the ends of CRLF lines, and its
            // offset is that of the line ends (and blank lines) before it.
            let mut at = record.position().map_or(0, |p| p.byte()) as usize;
            while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
                at += 1;
            }
            line += bytes
                .get(counted..at)
                .map_or(0, |b| memchr::memchr_iter(b'\n', b).count() as u64);
            counted = counted.max(at);
            let is_first = std::mem::take(&mut first_record);
            let field = |i: usize| std::str::from_utf8(record.get(i).unwrap_or_default());
            let (Ok(name), Ok(date)) = (field(0), field(1)) else {
                dates.problems.push(Error::new(
                    ErrorKind::InvalidInput,
                    format!("{}: not valid UTF-8", place(line)),
                ));
                continue;
            };
            let (name, date) = (name.trim(), date.trim());
            if name.is_empty() && date.is_empty() {
                continue;
            }
            let parsed = published::parse_date_with(date, numeric);
            let found = index.get(normalise(name).as_str());
            if is_first && parsed.is_err() && found.is_none() {
                continue; // a header line
            }
            let file = match found.map(Vec::as_slice) {
                Some([one]) => *one,
                Some(several) => {
                    let list: Vec<String> =
                        several.iter().filter_map(|&i| self.relative(i)).collect();
                    dates.problems.push(Error::new(
                        ErrorKind::InvalidInput,
                        format!(
                            "{}: {name:?} fits {} articles ({}); give the path relative to {}",
                            place(line),
                            several.len(),
                            list.join(", "),
                            self.path.display()
                        ),
                    ));
                    continue;
                }
                None => {
                    let exists = !name.is_empty() && self.path.join(name).is_file();
                    let what = if exists {
                        format!(
                            "{name:?} is not one of the articles read from {} (its .txt files, or its .tml and .TE3input files when it has any)",
                            self.path.display()
                        )
                    } else {
                        format!("no file {name:?} in {}", self.path.display())
                    };
                    dates.problems.push(Error::new(
                        ErrorKind::InvalidInput,
                        format!("{}: {what}", place(line)),
                    ));
                    continue;
                }
            };
            let Some(path) = self.files.get(file) else {
                continue;
            };
            if let Some(&first) = first_line.get(&file) {
                dates.by_file.insert(
                    path.clone(),
                    Err(Error::new(
                        ErrorKind::PublicationDate,
                        format!(
                            "{}: a second date for {} (line {first} gave one); keep one line per article",
                            place(line),
                            self.relative(file).unwrap_or_default()
                        ),
                    )),
                );
                continue;
            }
            first_line.insert(file, line);
            if date.is_empty() {
                continue; // no date given: looked for in the text
            }
            let entry = parsed
                .map(|(date, time)| Published {
                    date,
                    time,
                    source: PublishedSource::Sidecar {
                        file: short.clone(),
                        line: line as usize,
                    },
                })
                .map_err(|e| Error::new(e.kind(), format!("{}: {e}", place(line))));
            dates.by_file.insert(path.clone(), entry);
        }
        Ok(dates)
    }

    /// The names each article may be called by in a sidecar: relative path
    /// and file name, each with and without its extension.
    fn index(&self) -> HashMap<String, Vec<usize>> {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for i in 0..self.files.len() {
            let Some(rel) = self.relative(i) else {
                continue;
            };
            let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
            let mut keys = vec![
                article_stem(&rel).unwrap_or(&rel).to_string(),
                article_stem(&name).unwrap_or(&name).to_string(),
                rel.clone(),
                name,
            ];
            keys.sort();
            keys.dedup();
            for k in keys {
                index.entry(k).or_default().push(i);
            }
        }
        index
    }

    /// The path of article `i` relative to the folder, with `/` between parts.
    fn relative(&self, i: usize) -> Option<String> {
        let rel = self.files.get(i)?.strip_prefix(&self.path).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }
}

/// A name as written in a sidecar, in the form of [`Folder::index`]'s keys.
fn normalise(name: &str) -> String {
    let name = name.replace('\\', "/");
    let mut s = name.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// The publication dates a sidecar gives, and what was wrong in it.
#[derive(Debug, Clone, Default)]
pub struct Dates {
    by_file: HashMap<PathBuf, Result<Published>>,
    /// Lines that date no article: a name that fits none or several, a line
    /// that is not UTF-8 or cannot be read. Each names the sidecar and the line.
    pub problems: Vec<Error>,
}

impl Dates {
    /// The date the sidecar gives the article at `path` (as listed in
    /// [`Folder::files`]): `None` when it gives none, an error naming the
    /// sidecar and the line when its date cannot be read or it is dated twice.
    pub fn get(&self, path: &Path) -> Option<&Result<Published>> {
        self.by_file.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Folder) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, bytes) in files {
            let p = dir.path().join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(p, bytes).unwrap_or_else(|e| panic!("{e}"));
        }
        let f = Folder::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        (dir, f)
    }

    fn date_of(d: &Dates, f: &Folder, rel: &str) -> String {
        match d.get(&f.path.join(rel)) {
            None => "none".into(),
            Some(Ok(p)) => format!("{} ({})", p.date, p.source.describe()),
            Some(Err(e)) => format!("error: {e}"),
        }
    }

    #[test]
    fn walk_sorts_and_skips_hidden_and_sidecars() {
        let (_d, f) = folder(&[
            ("b.txt", b"x"),
            ("a.txt", b"x"),
            ("sub/c.txt", b"x"),
            (".hidden.txt", b"x"),
            ("notes.md", b"x"),
            ("dates.tsv", b""),
            ("sub/dates.csv", b""),
        ]);
        let rel: Vec<String> = (0..f.files.len()).filter_map(|i| f.relative(i)).collect();
        assert_eq!(rel, ["a.txt", "b.txt", "sub/c.txt"]);
        assert_eq!(f.sidecar, Some(f.path.join("dates.tsv")));
        assert_eq!(f.ignored_sidecars, vec![f.path.join("sub/dates.csv")]);
    }

    #[test]
    fn both_sidecars_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for n in SIDECAR_NAMES {
            std::fs::write(dir.path().join(n), "").unwrap_or_else(|e| panic!("{e}"));
        }
        let e = Folder::open(dir.path()).unwrap_err();
        assert!(e
            .to_string()
            .ends_with("has both dates.tsv and dates.csv; keep one"));
    }

    #[test]
    fn names_header_and_trouble() {
        let tsv = "File\tPublished\n\
                   a.txt\t2017-05-05\n\
                   sub/b\tMay 4, 2017\textra column\n\
                   \n\
                   ./c\t\n\
                   x/same.txt\t04/05/2017\n\
                   same\t2017-01-01\n\
                   d.txt\tnever\n\
                   e\t2017-05-05\n\
                   e.txt\t2017-05-05\n\
                   e\t2017-05-06\n\
                   notes.md\t2017-05-05\n\
                   gone.txt\t2017-05-05\n";
        let (_d, f) = folder(&[
            ("a.txt", b"x"),
            ("sub/b.txt", b"x"),
            ("c.txt", b"x"),
            ("d.txt", b"x"),
            ("e.txt", b"x"),
            ("x/same.txt", b"x"),
            ("y/same.txt", b"x"),
            ("notes.md", b"x"),
            ("dates.tsv", tsv.as_bytes()),
        ]);
        let d = f
            .dates(NumericDates::DayFirst)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(date_of(&d, &f, "a.txt"), "2017-05-05 (dates.tsv line 2)");
        assert_eq!(
            date_of(&d, &f, "sub/b.txt"),
            "2017-05-04 (dates.tsv line 3)"
        );
        assert_eq!(date_of(&d, &f, "c.txt"), "none");
        assert_eq!(
            date_of(&d, &f, "x/same.txt"),
            "2017-05-04 (dates.tsv line 6)"
        );
        assert_eq!(date_of(&d, &f, "y/same.txt"), "none");
        let dd = date_of(&d, &f, "d.txt");
        assert!(
            dd.contains("dates.tsv line 8: cannot read \"never\""),
            "{dd}"
        );
        let e = date_of(&d, &f, "e.txt");
        assert!(
            e.contains("dates.tsv line 11: a second date for e.txt (line 9 gave one)"),
            "{e}"
        );
        let problems: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].contains("dates.tsv line 7: \"same\" fits 2 articles (x/same.txt, y/same.txt); give the path relative to"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("line 12: \"notes.md\" is not one of the articles"),
            "{problems:?}"
        );
        assert!(
            problems[2].contains("line 13: no file \"gone.txt\" in"),
            "{problems:?}"
        );
    }

    #[test]
    fn csv_quoting_bom_and_crlf() {
        let csv = "\u{feff}\"a, the first.txt\",\"May 5, 2017\"\r\nb.txt,2017-05-04\r\n";
        let (_d, f) = folder(&[
            ("a, the first.txt", b"x"),
            ("b.txt", b"x"),
            ("dates.csv", csv.as_bytes()),
        ]);
        let d = f
            .dates(NumericDates::MonthFirst)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(
            date_of(&d, &f, "a, the first.txt"),
            "2017-05-05 (dates.csv line 1)"
        );
        assert_eq!(date_of(&d, &f, "b.txt"), "2017-05-04 (dates.csv line 2)");
    }

    #[test]
    fn a_first_line_naming_an_article_is_not_a_header() {
        let (_d, f) = folder(&[("a.txt", b"x"), ("dates.tsv", b"a.txt\tlater\n")]);
        let d = f
            .dates(NumericDates::MonthFirst)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(date_of(&d, &f, "a.txt").starts_with("error: "));
    }

    #[test]
    fn invalid_utf8_line_is_named() {
        let (_d, f) = folder(&[
            ("a.txt", b"x"),
            ("dates.tsv", b"a.txt\t2017-05-05\nb\xFF\t2017-05-05\n"),
        ]);
        let d = f
            .dates(NumericDates::MonthFirst)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(date_of(&d, &f, "a.txt"), "2017-05-05 (dates.tsv line 1)");
        assert_eq!(d.problems.len(), 1);
        assert!(d.problems[0]
            .to_string()
            .ends_with("dates.tsv line 2: not valid UTF-8"));
    }
}
