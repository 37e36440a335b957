//! Where output goes: standard output, or a file that is only replaced once
//! everything has been written. Owns the temporary file beside the target
//! (`.NAME.PID.N.tmp`, created fresh, renamed over the target by
//! [`Output::commit`], removed if the output is dropped uncommitted) and
//! noticing a closed pipe, so that `chronicler ... | head -1` can stop
//! quietly. A device, pipe or socket (`-o /dev/null`, a FIFO) is written in
//! place: renaming a file over it would replace the device itself. A
//! symbolic link is followed, so the file it names is replaced and the link
//! stays. What is written is the writers' business.

use crate::error::{Error, ErrorKind, Result};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A destination for output; implements `io::Write`.
///
/// # Example
/// ```
/// use std::io::Write;
/// use chronicler::write::Output;
/// let dir = std::env::temp_dir().join(format!("chronicler-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("out.csv");
/// let mut out = Output::to(Some(&path)).unwrap();
/// out.write_all(b"a,b\n").unwrap();
/// assert!(!path.exists()); // nothing replaced yet
/// out.commit().unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub struct Output {
    target: Target,
    broken_pipe: bool,
}

enum Target {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File(AtomicFile),
    /// Not a regular file (a device, pipe or socket): written in place.
    InPlace(BufWriter<File>, PathBuf),
}

struct AtomicFile {
    file: Option<BufWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(f) = self.file.take() {
            drop(f);
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn out_error(path: &Path, what: &str, e: &io::Error) -> Error {
    let msg = crate::input::lower_first(&e.to_string());
    Error::new(
        ErrorKind::Output,
        format!("{}: {what}: {msg}", path.display()),
    )
}

impl Output {
    /// Standard output.
    pub fn stdout() -> Output {
        Output {
            target: Target::Stdout(BufWriter::new(io::stdout().lock())),
            broken_pipe: false,
        }
    }

    /// Standard output for `None` or `-`, else a file written atomically:
    /// the data goes to a new temporary file in the same directory, which
    /// [`Output::commit`] renames over `path` (over the file a symbolic
    /// link names, when `path` is one). An existing device, pipe or socket
    /// is written in place instead. Fails (naming `path`) when `path` is a
    /// directory or its directory cannot be written.
    pub fn to(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output::stdout());
        };
        if path.is_dir() {
            return Err(Error::new(
                ErrorKind::Output,
                format!("{}: is a directory", path.display()),
            ));
        }
        if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            let f = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| out_error(path, "cannot open", &e))?;
            return Ok(Output {
                target: Target::InPlace(BufWriter::new(f), path.to_path_buf()),
                broken_pipe: false,
            });
        }
        let linked;
        let path = if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            linked = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            linked.as_path()
        } else {
            path
        };
        let name = path.file_name().ok_or_else(|| {
            Error::new(
                ErrorKind::Output,
                format!("{}: not a file name", path.display()),
            )
        })?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut last = None;
        for n in 0..100 {
            let tmp = dir.join(format!(
                ".{}.{}.{n}.tmp",
                name.to_string_lossy(),
                std::process::id()
            ));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => {
                    // Keep the permissions of the file being replaced.
                    if let Ok(m) = fs::metadata(path) {
                        let _ = fs::set_permissions(&tmp, m.permissions());
                    }
                    return Ok(Output {
                        target: Target::File(AtomicFile {
                            file: Some(BufWriter::new(f)),
                            tmp,
                            path: path.to_path_buf(),
                        }),
                        broken_pipe: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => {
                    return Err(out_error(
                        path,
                        "cannot create a temporary file beside it",
                        &e,
                    ))
                }
            }
        }
        let e = last.unwrap_or_else(|| io::Error::other("too many temporary files"));
        Err(out_error(
            path,
            "cannot create a temporary file beside it",
            &e,
        ))
    }

    /// The name of the destination for messages: the path, or `<stdout>`.
    pub fn name(&self) -> String {
        match &self.target {
            Target::Stdout(_) => "<stdout>".into(),
            Target::File(a) => a.path.display().to_string(),
            Target::InPlace(_, p) => p.display().to_string(),
        }
    }

    /// True once a write failed because the reader went away (a closed pipe):
    /// the caller should stop and exit quietly.
    pub fn broken_pipe(&self) -> bool {
        self.broken_pipe
    }

    /// Flushes everything; for a file, syncs the temporary file and renames
    /// it over the target. Until then the target is untouched; an output
    /// dropped without `commit` leaves it untouched and removes the
    /// temporary file.
    pub fn commit(mut self) -> Result<()> {
        let name = self.name();
        match &mut self.target {
            Target::Stdout(w) => match w.flush() {
                Ok(()) => Ok(()),
                Err(e) => {
                    if e.kind() == io::ErrorKind::BrokenPipe {
                        self.broken_pipe = true;
                    }
                    Err(Error::new(
                        ErrorKind::Output,
                        format!("{name}: {}", crate::input::lower_first(&e.to_string())),
                    ))
                }
            },
            Target::File(a) => {
                let Some(w) = a.file.take() else {
                    return Ok(());
                };
                let file = w
                    .into_inner()
                    .map_err(|e| out_error(&a.path, "cannot write", e.error()))?;
                let done = file.sync_all().and_then(|()| fs::rename(&a.tmp, &a.path));
                if let Err(e) = done {
                    let _ = fs::remove_file(&a.tmp);
                    return Err(out_error(&a.path, "cannot write", &e));
                }
                Ok(())
            }
            Target::InPlace(w, p) => w.flush().map_err(|e| out_error(p, "cannot write", &e)),
        }
    }

    fn note<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            if e.kind() == io::ErrorKind::BrokenPipe {
                self.broken_pipe = true;
            }
        }
        r
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = match &mut self.target {
            Target::Stdout(w) => w.write(buf),
            Target::File(a) => match &mut a.file {
                Some(f) => f.write(buf),
                None => Err(io::Error::other("output already committed")),
            },
            Target::InPlace(w, _) => w.write(buf),
        };
        self.note(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = match &mut self.target {
            Target::Stdout(w) => w.flush(),
            Target::File(a) => match &mut a.file {
                Some(f) => f.flush(),
                None => Ok(()),
            },
            Target::InPlace(w, _) => w.flush(),
        };
        self.note(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("chronicler-out-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
        d
    }

    fn entries(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(d)
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn dropped_output_leaves_target_alone() {
        let d = scratch("drop");
        let p = d.join("out.json");
        fs::write(&p, "old").unwrap_or_else(|e| panic!("{e}"));
        {
            let mut o = Output::to(Some(&p)).unwrap_or_else(|e| panic!("{e}"));
            o.write_all(b"new").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(entries(&d).len(), 2);
        }
        assert_eq!(fs::read_to_string(&p).unwrap_or_default(), "old");
        assert_eq!(entries(&d), vec!["out.json"]);
        let mut o = Output::to(Some(&p)).unwrap_or_else(|e| panic!("{e}"));
        o.write_all(b"new").unwrap_or_else(|e| panic!("{e}"));
        o.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read_to_string(&p).unwrap_or_default(), "new");
        assert_eq!(entries(&d), vec!["out.json"]);
        let _ = fs::remove_dir_all(&d);
    }

    /// `-o /dev/null` once replaced the device with a regular file (the
    /// temporary file was renamed over it).
    #[cfg(unix)]
    #[test]
    fn devices_are_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        let is_device = |p: &Path| fs::metadata(p).is_ok_and(|m| m.file_type().is_char_device());
        if !is_device(null) {
            return; // nothing to protect on this system
        }
        let mut o = Output::to(Some(null)).unwrap_or_else(|e| panic!("{e}"));
        o.write_all(b"gone").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.name(), "/dev/null");
        o.commit().unwrap_or_else(|e| panic!("{e}"));
        assert!(is_device(null), "/dev/null is no longer a device");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_and_its_file_is_replaced() {
        let d = scratch("link");
        let real = d.join("real.json");
        let link = d.join("link.json");
        fs::write(&real, "old").unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(&real, &link).unwrap_or_else(|e| panic!("{e}"));
        let mut o = Output::to(Some(&link)).unwrap_or_else(|e| panic!("{e}"));
        o.write_all(b"new").unwrap_or_else(|e| panic!("{e}"));
        o.commit().unwrap_or_else(|e| panic!("{e}"));
        assert!(fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
        assert_eq!(fs::read_to_string(&real).unwrap_or_default(), "new");
        assert_eq!(entries(&d), vec!["link.json", "real.json"]);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn bad_targets_are_named() {
        let d = scratch("bad");
        let e = Output::to(Some(&d))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.ends_with(": is a directory"), "{e}");
        let missing = d.join("no/such/dir/out.csv");
        let e = Output::to(Some(&missing))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.starts_with(&format!("{}: cannot create", missing.display())),
            "{e}"
        );
        assert!(Output::to(Some(Path::new("-"))).is_ok_and(|o| o.name() == "<stdout>"));
        let _ = fs::remove_dir_all(&d);
    }
}
