//! Running `chronicler extract`: documents made from the inputs (in
//! parallel windows for folders and many files, in input order), written
//! to one output or one file each, failures reported or written as error
//! records; the JSON Lines batch mode; the exit code.

use crate::cli::config::{Article, Config};
use crate::cli::progress::Progress;
use crate::cli::{count, error, note};
use chronicler::batch::{self, BatchOptions, FileError, Summary};
use chronicler::folder::{self};
use chronicler::input::{self, Source};
use chronicler::timeml::{self, TimemlDocument};
use chronicler::write::{self, Format, Output, Writer};
use chronicler::{extract, Document, Error, ErrorKind, Options};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The output file for `source` in `dir`: `<stem>.<format extension>`.
pub(crate) fn output_path(dir: &Path, source: &Source, format: Format) -> PathBuf {
    let name = match source {
        Source::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
        Source::Stdin => None,
    }
    .unwrap_or_else(|| "stdin".into());
    let stem = folder::article_stem(&name)
        .or_else(|| {
            name.rsplit_once('.')
                .map(|(s, _)| s)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or(&name);
    let ext = match format {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Timeml => "tml",
        Format::Timelinejs => "timeline.json",
        Format::Html => "html",
    };
    dir.join(format!("{stem}.{ext}"))
}

pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Reads and extracts one input, reporting warnings, `--verbose` and
/// `--explain` on stderr (out of the progress bar's way); gives the
/// document and the input as TimeML (for the TimeML writer).
///
/// The publication date: `--published`, else the input's line in its
/// folder's sidecar, else a TimeML creation time, else the date found in
/// the text.
pub(crate) fn document(
    article: &Article,
    cfg: &Config,
    progress: &Progress,
) -> Result<(Document, TimemlDocument), Error> {
    let source = &article.source;
    let sidecar = match &article.sidecar {
        Some(Ok(p)) => Some(p.clone()),
        Some(Err(e)) => return Err(e.clone().context(source)),
        None => None,
    };
    let input = input::read(source, cfg.lossy)?;
    for w in input.warnings() {
        progress.suspend(|| note(&format!("warning: {w}")));
    }
    let path = match source {
        Source::File(p) => Some(p.as_path()),
        Source::Stdin => None,
    };
    let tml = if cfg.input_format.is_timeml(path, &input.text) {
        Some(timeml::parse(&input.text, &source.name())?)
    } else {
        None
    };
    let options = Options {
        id: source.name(),
        published: cfg
            .published
            .clone()
            .or(sidecar)
            .or_else(|| tml.as_ref().and_then(TimemlDocument::published)),
        policies: cfg.policies,
    };
    let text = tml
        .as_ref()
        .map_or(input.text.as_str(), |t| t.text.as_str());
    let doc = extract(text, &options).map_err(|e| {
        let e = e.context(source);
        if article.in_folder && e.kind() == ErrorKind::PublicationDate {
            Error::new(
                e.kind(),
                format!("{e}, or give its date in a dates.tsv or dates.csv in its folder"),
            )
        } else {
            e
        }
    })?;
    let original = match tml {
        Some(t) => t,
        None => {
            let dct = doc
                .document
                .published
                .map(|d| d.format("%Y-%m-%d").to_string());
            TimemlDocument::from_text(&doc.document.id, &input.text, dct.as_deref())
        }
    };
    if cfg.verbose {
        let d = &doc.document;
        let date = d.published.map_or_else(|| "none".into(), |p| p.to_string());
        let bom = if input.bom {
            "; skipped a byte order mark"
        } else {
            ""
        };
        progress.suspend(|| {
            note(&format!(
                "{}: published {date} ({}){bom}; {}, {}, {}",
                d.id,
                d.published_source,
                count(doc.timexes.len(), "time expression"),
                count(doc.events.len(), "event"),
                count(doc.entries.len(), "timeline entry")
            ))
        });
    }
    if cfg.explain {
        progress.suspend(|| write::explain(std::io::stderr().lock(), &doc).ok());
    }
    Ok((doc, original))
}

/// What became of one input.
pub(crate) enum Outcome {
    /// Its document was written; the counts are for the summary.
    Written { timexes: usize, events: usize },
    /// It failed, and that was reported.
    Failed,
}

impl Outcome {
    pub(crate) fn of(doc: &Document) -> Outcome {
        Outcome::Written {
            timexes: doc.timexes.len(),
            events: doc.events.len(),
        }
    }
}

/// An input's document (with the TimeML it came from or was made into), or
/// why there is none.
pub(crate) type Made = Result<(Document, TimemlDocument), Error>;

/// Makes every input's document and calls `each` on them in input order;
/// counts what became of them.
/// For a folder run, shows progress (`each` writes to standard error
/// through [`Progress::suspend`]). Stops only when `each` fails: the
/// output could not be written.
pub(crate) fn each_input(
    cfg: &Config,
    mut each: impl FnMut(&Article, Made, &Progress) -> Result<Outcome, Error>,
) -> Result<Summary, Error> {
    let start = std::time::Instant::now();
    let folder_run = !cfg.folders.is_empty();
    let sizes: Vec<u64> = cfg
        .inputs
        .iter()
        .map(|a| match &a.source {
            Source::File(p) if folder_run => std::fs::metadata(p).map_or(0, |m| m.len()),
            _ => 0,
        })
        .collect();
    let progress = Progress::new(
        cfg.progress && folder_run,
        Some(sizes.iter().sum()),
        Some(cfg.inputs.len() as u64),
    );
    let mut summary = Summary::default();
    // Documents are made in parallel a window at a time and handed to
    // `each` in input order. With --verbose or --explain, which write per
    // document to standard error as it is made, one at a time.
    let parallel = !cfg.verbose && !cfg.explain && cfg.inputs.len() > 1;
    let pool = if parallel {
        rayon::ThreadPoolBuilder::new()
            .num_threads(cfg.threads)
            .build()
            .ok()
    } else {
        None
    };
    const WINDOW: usize = 64;
    let articles: Vec<(&Article, u64)> = cfg.inputs.iter().zip(sizes).collect();
    for window in articles.chunks(WINDOW) {
        let made: Vec<Made> = match &pool {
            Some(pool) => pool.install(|| {
                window
                    .par_iter()
                    .map(|(a, _)| document(a, cfg, &progress))
                    .collect()
            }),
            None => window
                .iter()
                .map(|(a, _)| document(a, cfg, &progress))
                .collect(),
        };
        for ((article, size), made) in window.iter().zip(made) {
            match each(article, made, &progress)? {
                Outcome::Written { timexes, events } => {
                    summary.timexes += timexes;
                    summary.events += events;
                }
                Outcome::Failed => summary.failures += 1,
            }
            summary.documents += 1;
            summary.bytes += size;
            progress.done(*size);
        }
    }
    progress.finish();
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Whether failed inputs get an error record in the output: a folder run
/// written as JSON Lines, so that every file gives one line. Otherwise
/// failures are reported on standard error.
pub(crate) fn error_records(cfg: &Config) -> bool {
    !cfg.folders.is_empty() && cfg.format == Format::Jsonl
}

/// Writes every input's document; gives what became of them.
pub(crate) fn write_all(cfg: &Config, out: &mut Output) -> Result<Summary, Error> {
    let records = error_records(cfg);
    let mut writer = Writer::new(out, cfg.format, cfg.inputs.len() > 1).vague(cfg.vague);
    let summary = each_input(cfg, |article, made, progress| match made {
        Ok((doc, original)) => {
            writer.write_source(&doc, &original)?;
            let notes = writer.take_notes();
            progress.suspend(|| notes.iter().for_each(|n| note(n)));
            Ok(Outcome::of(&doc))
        }
        Err(e) if records => {
            writer.write_record(&FileError::new(&article.source, &e))?;
            Ok(Outcome::Failed)
        }
        Err(e) => {
            progress.suspend(|| error(&e));
            Ok(Outcome::Failed)
        }
    })?;
    // When no input made it, write nothing (not even a CSV header), unless
    // each input has its error record.
    if summary.failures < cfg.inputs.len() || records {
        writer.finish()?;
    }
    Ok(summary)
}

/// One output file per input in `dir` (directories in, directories out).
pub(crate) fn write_each(cfg: &Config, dir: &Path) -> Result<Summary, Error> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", dir.display())))?;
    let mut written: HashSet<PathBuf> = HashSet::new();
    let summary = each_input(cfg, |article, made, progress| {
        let source = &article.source;
        let target = output_path(dir, source, cfg.format);
        let result = if written.contains(&target) {
            Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{source}: {} was already written for another input with the same name",
                    target.display()
                ),
            ))
        } else if matches!(source, Source::File(p) if same_file(p, &target)) {
            Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{}: is also an input; refusing to overwrite it",
                    target.display()
                ),
            ))
        } else {
            made.and_then(|(doc, original)| {
                let out = Output::to(Some(&target))?;
                let mut w = Writer::new(out, cfg.format, false).vague(cfg.vague);
                w.write_source(&doc, &original)?;
                let notes = w.take_notes();
                progress.suspend(|| notes.iter().for_each(|n| note(n)));
                w.finish()?.commit()?;
                Ok(Outcome::of(&doc))
            })
        };
        Ok(match result {
            Ok(outcome) => {
                written.insert(target);
                outcome
            }
            Err(e) => {
                progress.suspend(|| error(&e));
                Outcome::Failed
            }
        })
    })?;
    if cfg.verbose {
        note(&format!(
            "wrote {} files to {}",
            written.len(),
            dir.display()
        ));
    }
    Ok(summary)
}

/// `extract --input`: a JSON Lines corpus in, one record per line out.
pub(crate) fn batch_command(cfg: &Config, source: &Source, options: &BatchOptions) -> ExitCode {
    let mut out = match Output::to(cfg.output.as_deref()) {
        Ok(o) => o,
        Err(e) => {
            error(&e);
            return ExitCode::from(2);
        }
    };
    // The bar is removed when `progress` is dropped, before the summary.
    let result = match source {
        Source::Stdin => batch::run_observed(
            std::io::BufReader::with_capacity(1 << 20, std::io::stdin().lock()),
            &mut out,
            options,
            &Progress::new(cfg.progress, None, None),
        ),
        Source::File(path) => match std::fs::File::open(path) {
            Ok(f) => {
                // The size is known for a plain file (not a pipe).
                let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                batch::run_observed(
                    std::io::BufReader::with_capacity(1 << 20, f),
                    &mut out,
                    options,
                    &Progress::new(cfg.progress, size, None),
                )
            }
            Err(e) => Err(Error::new(ErrorKind::Io, format!("{source}: {e}"))),
        },
    };
    let summary = match result {
        Ok(s) => s,
        Err(_) if out.broken_pipe() => return ExitCode::SUCCESS,
        Err(e) => {
            error(&e.context(source));
            return ExitCode::from(2);
        }
    };
    if let Some(code) = finish_output(out) {
        return code;
    }
    note(&format!("{source}: {}", summary.line()));
    if summary.failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// Flushes and commits (renames into place) a finished output; gives the
/// exit code to stop with when that is all there is to do: success when the
/// reader went away (a broken pipe), 2 when the file could not be written.
pub(crate) fn finish_output(mut out: Output) -> Option<ExitCode> {
    let _ = out.flush();
    if out.broken_pipe() {
        return Some(ExitCode::SUCCESS);
    }
    if let Err(e) = out.commit() {
        error(&e);
        return Some(ExitCode::from(2));
    }
    None
}

pub(crate) fn extract_command(cfg: &Config) -> ExitCode {
    if let Some((source, options)) = &cfg.batch {
        return batch_command(cfg, source, options);
    }
    cfg.notes.iter().for_each(|n| note(n));
    cfg.sidecar_problems.iter().for_each(error);
    let mut out = None;
    let result = match &cfg.out_dir {
        Some(dir) => write_each(cfg, dir),
        None => match Output::to(cfg.output.as_deref()) {
            Ok(o) => write_all(cfg, out.insert(o)),
            Err(e) => Err(e),
        },
    };
    let summary = match result {
        Ok(s) => s,
        Err(_) if out.as_ref().is_some_and(Output::broken_pipe) => return ExitCode::SUCCESS,
        Err(e) => {
            let e = match &out {
                Some(o) => e.context(o.name()),
                None => e,
            };
            error(&e);
            return ExitCode::from(2);
        }
    };
    let failed = summary.failures;
    if let Some(out) = out {
        // Replace the output file only when at least one input made it (or
        // each failed one has its error record).
        if failed < cfg.inputs.len() || error_records(cfg) {
            if let Some(code) = finish_output(out) {
                return code;
            }
        } else if cfg.output.as_deref().is_some_and(|o| o.as_os_str() != "-") {
            note("no input could be processed; output not written");
        }
    }
    if !cfg.folders.is_empty() {
        let names: Vec<String> = cfg
            .folders
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        note(&format!("{}: {}", names.join(", "), summary.line()));
    } else if failed > 0 && cfg.verbose {
        note(&format!("{failed} of {} inputs failed", cfg.inputs.len()));
    }
    if failed == 0 && cfg.sidecar_problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
