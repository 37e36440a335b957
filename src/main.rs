//! The `chronicler` command: arguments in (clap), a checked [`Config`],
//! library calls, an exit code out. Everything reusable lives in the
//! library: reading inputs in `chronicler::input`, the pipeline in
//! `chronicler::extract`, formats and the atomic output file in
//! `chronicler::write`.
//!
//! Exit codes: 0 when every input was processed (also when the reader of
//! standard output went away early, as with `| head -1`); 2 when the
//! arguments are wrong, any input failed (the others are still written),
//! or the output could not be written. Data goes to standard output (or
//! `-o FILE`), messages to standard error.

mod cli;

use chronicler::batch::{self, BatchOptions, FileError, Summary};
use chronicler::folder::{self, Dates, Folder};
use chronicler::input::{self, Source};
use chronicler::resolve::{Direction, Policies};
use chronicler::timex::rules::NumericDates;
use chronicler::write::{self, timelinejs::Vague, Format, Output, Writer};
use chronicler::{
    eval,
    timeml::{self, InputFormat, TimemlDocument},
};
use chronicler::{extract, published, Document, Error, ErrorKind, Options, Published};
use clap::{Parser, Subcommand, ValueEnum};
use cli::progress::Progress;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Turns news articles into a timeline of dated events.
#[derive(Parser, Debug)]
#[command(name = "chronicler", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract the dated events of articles as a timeline (CSV, JSON, JSON Lines or TimeML).
    #[command(after_help = EXTRACT_AFTER_HELP)]
    Extract(ExtractArgs),
    /// Score chronicler, or another system's answers, against a TimeML gold
    /// corpus with the TempEval-3 measures of `timeml_score.py`.
    #[command(after_help = EVAL_AFTER_HELP)]
    Eval(EvalArgs),
    /// Check articles for stated dates that cannot all be true (wrong
    /// weekdays, impossible dates, tense against date, relative against
    /// absolute dates, arithmetic), with the readings that would fit.
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
}

const CHECK_AFTER_HELP: &str = "\
Examples:
  chronicler check fixtures/seed.txt --published 2017-05-05
  chronicler check fixtures/check/*.txt --format json
  chronicler check article.txt --quiet

Kinds of finding: weekday_mismatch, invalid_date, tense_vs_date,
relative_vs_absolute, arithmetic. Colour is used when standard output is a
terminal. Exit status: 0 no findings, 1 findings, 2 an error (bad
arguments, an input that could not be read or dated).";

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Input files (UTF-8; a leading byte order mark is skipped); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,

    /// Publication date of the inputs; without it, each input's date is
    /// looked for in its text (as for `extract`).
    #[arg(long, value_name = "DATE")]
    published: Option<String>,

    /// Output format: diagnostics for people, or JSON for tools (one
    /// object per input, an array for several).
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,

    /// Print only the number of findings.
    #[arg(short, long)]
    quiet: bool,

    /// Read all-numeric dates such as 04/03/2017 day first (4 March).
    #[arg(long)]
    day_first: bool,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Compiler-style diagnostics.
    Text,
    /// JSON: `{"document": ..., "findings": [...]}` per input.
    Json,
}

const EVAL_AFTER_HELP: &str = "\
Examples:
  chronicler eval --gold corpora/tbaq-cleaned
  chronicler eval --gold corpora/tbaq-cleaned --errors | grep '^missed'
  chronicler extract corpus/ --format timeml -o answers/ && chronicler eval --gold corpus/ --system answers/ --json

Measures (as timeml_score.py): TIMEX3 strict and relaxed P/R/F1, type and
value F1 (TempEval-3 Task A), event span P/R/F1, event-timex anchoring
P/R/F1, micro-averaged. Exit status: 0 when scored, 2 on an error (a gold
file that is not TimeML, a system .tml whose text differs from the gold).";

#[derive(clap::Args, Debug)]
struct EvalArgs {
    /// Folder of gold TimeML `.tml` files (searched recursively).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,

    /// Folder of system answers, `<stem>.tml` or `<stem>.json` (at the gold
    /// file's relative path, or directly in DIR). Without it, chronicler is
    /// run on each gold text with the gold DCT as the publication date.
    #[arg(long, value_name = "DIR")]
    system: Option<PathBuf>,

    /// Print the scorer's JSON summary instead of the table.
    #[arg(long)]
    json: bool,

    /// Add a per-document breakdown.
    #[arg(long)]
    per_doc: bool,

    /// List every missed, spurious, wrongly spanned, valued or typed timex
    /// with its context.
    #[arg(long)]
    errors: bool,
}

const EXTRACT_AFTER_HELP: &str = "\
Examples:
  chronicler extract fixtures/seed.txt --published 2017-05-05
  chronicler extract fixtures/*.txt --format jsonl -o timelines.jsonl
  curl -s URL | chronicler extract - --published \"May 5, 2017\" --explain
  chronicler extract corpus/ --format timeml -o out/     (out/<stem>.tml for each document)
  chronicler extract articles/ --format jsonl > timelines.jsonl

Folders: their .txt files (or their .tml/.TE3input files when they have
any) are read recursively, in sorted order. A dates.tsv (tab-separated) or
dates.csv (comma-separated, quoted as in RFC 4180) directly in the folder
gives publication dates, one line per article: its path relative to the
folder, file name or either without the extension, then the date in any
form --published takes (an optional header line; an empty date: found in
the text). An article's date is --published if given, else its sidecar
line, else a TimeML creation time, else the date found in its text. A
sidecar line with a date that cannot be read makes its article fail; one
that names no article is reported with the sidecar's name and line. With
--format jsonl, an article that fails gets an error record in its place,
{\"file\", \"id\", \"error\": {\"kind\", \"message\"}}, so that every file gives
one line; otherwise it is reported on standard error. A summary line ends
the run, after a progress bar when standard error is a terminal.

Offsets are Unicode code points into the text as read (after a leading byte
order mark, which is skipped). Exit status: 0 when every input was processed,
2 when any input, a sidecar line or the output failed (the other inputs are
still written).";

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Input files (UTF-8; a leading byte order mark is skipped) or folders
    /// (their articles, dated by a dates.tsv or dates.csv in them; see
    /// below); `-` reads standard input.
    #[arg(required_unless_present = "input", value_name = "FILE")]
    inputs: Vec<PathBuf>,

    /// Batch mode: read a JSON Lines corpus (`-`: standard input), one JSON
    /// object per line with the document's id, text and publication date
    /// (see --id-field, --text-field, --date-field), and write JSON Lines,
    /// one record per input line in input order: the document, or an error
    /// record {"line", "id", "error": {"kind", "message"}}. Documents are
    /// processed in parallel (--threads), a window at a time, so memory does
    /// not grow with the corpus. A one-line summary goes to standard error.
    #[arg(long, value_name = "JSONL", conflicts_with_all = ["inputs", "explain", "input_format"])]
    input: Option<PathBuf>,

    /// With --input: the field holding the document id (a string or a
    /// number; records without one are called `line N`) [default: id]
    #[arg(long, value_name = "NAME")]
    id_field: Option<String>,

    /// With --input: the field holding the text [default: text]
    #[arg(long, value_name = "NAME")]
    text_field: Option<String>,

    /// With --input: the field holding the publication date (any form
    /// --published takes). Records without it use --published, or the date
    /// found in their text [default: published]
    #[arg(long, value_name = "NAME")]
    date_field: Option<String>,

    /// With --input: the longest record (input line) processed, in bytes;
    /// longer ones get a `too_large` error record without being read into
    /// memory [default: 10485760, 10 MiB]
    #[arg(long, value_name = "BYTES")]
    max_doc_bytes: Option<usize>,

    /// Worker threads for --input and for several inputs or folders
    /// [default: 0, one per core]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// Publication date of the inputs, the reference for "yesterday", "last
    /// week", "on Wednesday" (it wins over a folder's dates.tsv). Without it,
    /// each input's date is looked for in its text.
    #[arg(long, value_name = "DATE", long_help = published_help())]
    published: Option<String>,

    /// Output format [default: csv; with --input: jsonl, the only one it writes].
    #[arg(short, long, value_enum)]
    format: Option<Format>,

    /// For `--format timelinejs` and `html`: what to do with vague entries
    /// ("recently", "now": PAST_REF, PRESENT_REF, FUTURE_REF). `place`
    /// shows them near the publication date, marked as not stated; `omit`
    /// leaves them out. What is left out is noted on standard error.
    #[arg(long, value_enum, default_value_t = Vague::Place)]
    vague: Vague,

    /// How to read the inputs: TimeML gives the text of <TEXT> and its DCT
    /// as the publication date (unless --published is given); `auto` reads
    /// `.tml` and `.TE3input` files, and inputs starting with `<?xml` or
    /// `<TimeML`, as TimeML.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,

    /// Write to FILE instead of standard output (`-`: standard output). The
    /// file is replaced only once everything has been written. When an input
    /// is a folder (its `.tml`/`.TE3input` files, or if none its `.txt`
    /// files, are read), or FILE is a folder or ends with `/`, each input
    /// gets its own file FILE/<stem>.<format> (`.tml` for TimeML).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Read all-numeric dates such as 04/03/2017 day first (4 March), here
    /// and in --published; the default is month first (April 3). A first
    /// number over 12 is always a day.
    #[arg(long)]
    day_first: bool,

    /// Which way dates without a year or direction point ("on Wednesday",
    /// "in April", "on May 9").
    #[arg(long, value_enum, default_value_t = DirectionArg::ByTense)]
    direction: DirectionArg,

    /// Explain on standard error, for each time expression, the rule that
    /// made it and whether its value is stated in the text or inferred, and
    /// for each event how it was dated.
    #[arg(long)]
    explain: bool,

    /// Replace bytes that are not UTF-8 with U+FFFD (and warn) instead of
    /// failing on that input.
    #[arg(long)]
    lossy: bool,

    /// Say on standard error, for each input, which publication date was
    /// used and where it came from, and what was found.
    #[arg(short, long)]
    verbose: bool,

    /// Draw no progress bar. With --input or a folder, one is drawn on
    /// standard error (documents done, MB/s, time left) only when standard
    /// error is a terminal; the summary line is printed either way.
    #[arg(long)]
    no_progress: bool,
}

fn published_help() -> String {
    format!(
        "Publication date of the inputs, the reference for \"yesterday\", \"last week\", \"on Wednesday\". \
         It is used for every input, also those a folder's dates.tsv or dates.csv dates, and the one \
         a TimeML file gives.\n\n\
         Forms: {}\n\n\
         Without --published, each input's date is looked for in its text: a Published:/Date:/Posted: \
         header line, a dateline with a year (\"LUCERNE, Nov. 17, 2016 (Meridian Wire) -\"), a line that is \
         only a date, a full date in the first lines, or a dateline without a year (\"GENEVA, March 14 \
         (Reuters) -\") with the year on a line nearby or in a copyright line. An input where none is found \
         is an error; today's date is never used.",
        published::FORMS
    )
}

/// `resolve::Direction`, spelled for the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DirectionArg {
    /// By the tense of the governing verb: past, the most recent one; future, the next one; else the closest.
    ByTense,
    /// Always the most recent one, on or before the publication date.
    Past,
    /// Always the next one, on or after the publication date.
    Future,
    /// Always the closest one.
    Closest,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Direction {
        match d {
            DirectionArg::ByTense => Direction::ByTense,
            DirectionArg::Past => Direction::Past,
            DirectionArg::Future => Direction::Future,
            DirectionArg::Closest => Direction::Closest,
        }
    }
}

/// One input to `extract`, and the publication date the sidecar of its
/// folder gives it (an error when that line cannot be read).
#[derive(Debug, Clone, PartialEq)]
struct Article {
    source: Source,
    sidecar: Option<Result<Published, Error>>,
    /// Whether it was found in a folder given on the command line.
    in_folder: bool,
}

impl Article {
    fn file(source: Source) -> Article {
        Article {
            source,
            sidecar: None,
            in_folder: false,
        }
    }
}

/// The checked configuration of `extract`.
#[derive(Debug)]
struct Config {
    inputs: Vec<Article>,
    /// The folders among the inputs (a folder run: progress and summary,
    /// error records in JSON Lines).
    folders: Vec<PathBuf>,
    /// Sidecar lines that date no input, each naming the sidecar and line.
    sidecar_problems: Vec<Error>,
    /// Said on standard error before the run (sidecars not read).
    notes: Vec<String>,
    input_format: InputFormat,
    /// One output file per input, in this folder.
    out_dir: Option<PathBuf>,
    published: Option<Published>,
    policies: Policies,
    format: Format,
    vague: Vague,
    output: Option<PathBuf>,
    explain: bool,
    lossy: bool,
    verbose: bool,
    /// Draw a progress bar for batch and folder runs (when standard error is a terminal).
    progress: bool,
    /// Worker threads for several inputs (0: one per core).
    threads: usize,
    /// Batch mode (`--input`): the JSON Lines corpus and how to read it.
    batch: Option<(Source, BatchOptions)>,
}

impl Config {
    fn new(a: ExtractArgs) -> Result<Config, Error> {
        let format = match (&a.input, a.format) {
            (Some(_), Some(f)) if f != Format::Jsonl => {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    "--input writes JSON Lines only: leave out --format or give --format jsonl",
                ))
            }
            (Some(_), _) => Format::Jsonl,
            (None, f) => f.unwrap_or(Format::Csv),
        };
        let numeric = if a.day_first {
            NumericDates::DayFirst
        } else {
            NumericDates::MonthFirst
        };
        let published = match &a.published {
            Some(p) => {
                let (date, time) =
                    published::parse_date_with(p, numeric).map_err(|e| e.context("--published"))?;
                Some(Published {
                    time,
                    ..Published::given(date)
                })
            }
            None => None,
        };
        let policies = Policies {
            direction: a.direction.into(),
            numeric,
        };
        if a.input.is_none() {
            let batch_only = [
                (a.id_field.is_some(), "--id-field"),
                (a.text_field.is_some(), "--text-field"),
                (a.date_field.is_some(), "--date-field"),
                (a.max_doc_bytes.is_some(), "--max-doc-bytes"),
            ];
            if let Some((_, flag)) = batch_only.iter().find(|(given, _)| *given) {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("{flag} is for batch mode: give --input JSONL"),
                ));
            }
        }
        let batch = a.input.as_deref().map(|input| {
            let d = BatchOptions::default();
            (
                Source::from_arg(input),
                BatchOptions {
                    id_field: a.id_field.clone().unwrap_or(d.id_field.clone()),
                    text_field: a.text_field.clone().unwrap_or(d.text_field.clone()),
                    date_field: a.date_field.clone().unwrap_or(d.date_field.clone()),
                    published: published.clone(),
                    policies,
                    max_doc_bytes: a.max_doc_bytes.unwrap_or(d.max_doc_bytes),
                    threads: a.threads.unwrap_or(d.threads),
                    lossy: a.lossy,
                    ..d
                },
            )
        });
        if let (Some((Source::File(i), _)), Some(o)) = (&batch, a.output.as_deref()) {
            if o.as_os_str() != "-" && same_file(i, o) {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{}: is also the input; refusing to overwrite it",
                        o.display()
                    ),
                ));
            }
        }
        let dir_input = a.inputs.iter().any(|p| p.is_dir());
        let mut inputs: Vec<Article> = Vec::new();
        let mut folders = Vec::new();
        let mut sidecar_problems = Vec::new();
        let mut notes = Vec::new();
        for p in &a.inputs {
            if !p.is_dir() {
                inputs.push(Article::file(Source::from_arg(p)));
                continue;
            }
            let folder = Folder::open(p)?;
            for s in &folder.ignored_sidecars {
                notes.push(format!(
                    "warning: {}: not read (only the dates.tsv or dates.csv directly in {} is)",
                    s.display(),
                    p.display()
                ));
            }
            if folder.files.is_empty() {
                notes.push(format!(
                    "warning: {}: no .txt, .tml or .TE3input files",
                    p.display()
                ));
            }
            // --published gives every input's date: the sidecar is not read.
            let dates = match (&folder.sidecar, &published) {
                (Some(s), Some(_)) => {
                    notes.push(format!(
                        "{}: not used, as --published gives the date of every input",
                        s.display()
                    ));
                    Dates::default()
                }
                _ => folder.dates(numeric)?,
            };
            sidecar_problems.extend(dates.problems.iter().cloned());
            inputs.extend(folder.files.iter().map(|f| Article {
                source: Source::File(f.clone()),
                sidecar: dates.get(f).cloned(),
                in_folder: true,
            }));
            folders.push(p.clone());
        }
        let out_dir = a
            .output
            .as_deref()
            .filter(|o| o.as_os_str() != "-")
            .filter(|o| dir_input || o.is_dir() || o.as_os_str().to_string_lossy().ends_with('/'))
            .map(Path::to_path_buf);
        if dir_input && out_dir.is_none() && format == Format::Timeml {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "--format timeml writes one document per file: give -o DIR",
            ));
        }
        if out_dir.is_none() && format == Format::Timeml && inputs.len() > 1 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "--format timeml writes one document per file: give -o DIR for several inputs",
            ));
        }
        if inputs.iter().filter(|i| i.source == Source::Stdin).count() > 1 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "`-` (standard input) can be read only once",
            ));
        }
        if let Some(out) = a.output.as_deref().filter(|o| o.as_os_str() != "-") {
            if inputs
                .iter()
                .any(|i| matches!(&i.source, Source::File(p) if same_file(p, out)))
            {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{}: is also an input; refusing to overwrite it",
                        out.display()
                    ),
                ));
            }
        }
        Ok(Config {
            inputs,
            folders,
            sidecar_problems,
            notes,
            input_format: a.input_format,
            out_dir: out_dir.filter(|_| batch.is_none()),
            published,
            policies,
            format,
            vague: a.vague,
            output: a.output,
            explain: a.explain,
            lossy: a.lossy,
            verbose: a.verbose,
            progress: !a.no_progress,
            threads: a.threads.unwrap_or(0),
            batch,
        })
    }
}

/// The output file for `source` in `dir`: `<stem>.<format extension>`.
fn output_path(dir: &Path, source: &Source, format: Format) -> PathBuf {
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

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// `1 event`, `2 events`, `3 timeline entries`.
fn count(n: usize, what: &str) -> String {
    match (n, what.strip_suffix('y')) {
        (1, _) => format!("1 {what}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {what}s"),
    }
}

fn error(e: &Error) {
    let _ = writeln!(std::io::stderr(), "chronicler: {e}");
}

fn note(msg: &str) {
    let _ = writeln!(std::io::stderr(), "chronicler: {msg}");
}

fn main() -> ExitCode {
    let args = match Args::parse().command {
        Command::Extract(args) => args,
        Command::Eval(args) => return eval_command(&args),
        Command::Check(args) => return check_command(&args),
    };
    match Config::new(args) {
        Ok(cfg) => extract_command(&cfg),
        Err(e) => {
            error(&e);
            ExitCode::from(2)
        }
    }
}

/// Reads and extracts one input, reporting warnings, `--verbose` and
/// `--explain` on stderr (out of the progress bar's way); gives the
/// document and the input as TimeML (for the TimeML writer).
///
/// The publication date: `--published`, else the input's line in its
/// folder's sidecar, else a TimeML creation time, else the date found in
/// the text.
fn document(
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
enum Outcome {
    /// Its document was written; the counts are for the summary.
    Written { timexes: usize, events: usize },
    /// It failed, and that was reported.
    Failed,
}

impl Outcome {
    fn of(doc: &Document) -> Outcome {
        Outcome::Written {
            timexes: doc.timexes.len(),
            events: doc.events.len(),
        }
    }
}

/// An input's document (with the TimeML it came from or was made into), or
/// why there is none.
type Made = Result<(Document, TimemlDocument), Error>;

/// Makes every input's document and calls `each` on them in input order;
/// counts what became of them.
/// For a folder run, shows progress (`each` writes to standard error
/// through [`Progress::suspend`]). Stops only when `each` fails: the
/// output could not be written.
fn each_input(
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
fn error_records(cfg: &Config) -> bool {
    !cfg.folders.is_empty() && cfg.format == Format::Jsonl
}

/// Writes every input's document; gives what became of them.
fn write_all(cfg: &Config, out: &mut Output) -> Result<Summary, Error> {
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
fn write_each(cfg: &Config, dir: &Path) -> Result<Summary, Error> {
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

/// `chronicler eval`: scores and prints.
fn eval_command(a: &EvalArgs) -> ExitCode {
    let system = match &a.system {
        Some(d) => eval::System::Dir(d.clone()),
        None => eval::System::Chronicler(Options::default()),
    };
    let report = match eval::score(&a.gold, &system) {
        Ok(r) => r,
        Err(e) => {
            error(&e);
            return ExitCode::from(2);
        }
    };
    for w in &report.warning_messages {
        note(&format!("warning: {w}"));
    }
    let text = if a.json {
        report.to_json(a.per_doc, a.errors)
    } else {
        report.to_table(a.per_doc, a.errors)
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{text}").is_err() {
        // A reader that went away early (`| head`) is not an error.
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}

/// `chronicler check`: findings per input, as diagnostics or JSON; exit
/// 0 without findings, 1 with, 2 when an input failed.
fn check_command(a: &CheckArgs) -> ExitCode {
    use chronicler::check::{self, render::Report, Severity};
    let numeric = if a.day_first {
        NumericDates::DayFirst
    } else {
        NumericDates::MonthFirst
    };
    let published = match a
        .published
        .as_deref()
        .map(|p| published::parse_date_with(p, numeric))
    {
        None => None,
        Some(Ok((date, time))) => Some(Published {
            time,
            ..Published::given(date)
        }),
        Some(Err(e)) => {
            error(&e.context("--published"));
            return ExitCode::from(2);
        }
    };
    let color = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let (mut failed, mut errors, mut warnings) = (0, 0, 0);
    let mut docs = Vec::new();
    let mut text_out = String::new();
    for source in a.inputs.iter().map(Source::from_arg) {
        let options = Options {
            id: source.name(),
            published: published.clone(),
            policies: Policies {
                numeric,
                ..Policies::default()
            },
        };
        let result = input::read(&source, false).and_then(|i| {
            extract(&i.text, &options)
                .map(|d| (i.text, d))
                .map_err(|e| e.context(&source))
        });
        match result {
            Ok((text, doc)) => {
                for f in &doc.findings {
                    match f.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                    }
                }
                if a.format == CheckFormat::Text && !a.quiet {
                    text_out.push_str(&check::render(&doc.findings, &text, &source.name(), color));
                }
                docs.push(doc);
            }
            Err(e) => {
                error(&e);
                failed += 1;
            }
        }
    }
    let total = errors + warnings;
    let out = if a.quiet {
        format!("{total}\n")
    } else if a.format == CheckFormat::Json {
        let reports: Vec<Report> = docs.iter().map(Report::of).collect();
        let v = if a.inputs.len() == 1 {
            reports.first().map(serde_json::to_string_pretty)
        } else {
            Some(serde_json::to_string_pretty(&reports))
        };
        match v {
            Some(Ok(s)) => s + "\n",
            Some(Err(e)) => {
                error(&Error::new(ErrorKind::Output, e.to_string()));
                return ExitCode::from(2);
            }
            None => String::new(),
        }
    } else {
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("1 {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        format!(
            "{text_out}{} ({}, {}) in {}\n",
            plural(total, "finding"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(docs.len(), "file")
        )
    };
    // a reader that went away early (`| head`) is not an error
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if failed > 0 {
        ExitCode::from(2)
    } else if total > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `extract --input`: a JSON Lines corpus in, one record per line out.
fn batch_command(cfg: &Config, source: &Source, options: &BatchOptions) -> ExitCode {
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
fn finish_output(mut out: Output) -> Option<ExitCode> {
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

fn extract_command(cfg: &Config) -> ExitCode {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition() {
        Args::command().debug_assert();
    }

    fn config(args: &[&str]) -> Result<Config, String> {
        let a = Args::try_parse_from(args).map_err(|e| e.to_string())?;
        let Command::Extract(x) = a.command else {
            return Err("not extract".into());
        };
        Config::new(x).map_err(|e| e.to_string())
    }

    #[test]
    fn checked_config() {
        let c = config(&[
            "chronicler",
            "extract",
            "a.txt",
            "--published",
            "15/09/2024",
            "--day-first",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.published.map(|p| p.date.to_string()),
            Some("2024-09-15".into())
        );
        assert_eq!(c.policies.numeric, NumericDates::DayFirst);
        let c = config(&[
            "chronicler",
            "extract",
            "-",
            "--direction",
            "past",
            "-f",
            "jsonl",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.inputs, vec![Article::file(Source::Stdin)]);
        assert_eq!(c.policies.direction, Direction::Past);
        assert_eq!(c.format, Format::Jsonl);
        let e = config(&["chronicler", "extract", "a.txt", "--published", "someday"])
            .err()
            .unwrap_or_default();
        assert!(e.starts_with("--published: cannot read \"someday\""), "{e}");
        let e = config(&["chronicler", "extract", "-", "-"])
            .err()
            .unwrap_or_default();
        assert!(e.contains("only once"), "{e}");
        let e = config(&["chronicler", "extract", "a.txt", "-o", "a.txt"])
            .err()
            .unwrap_or_default();
        assert!(e.contains("is also an input"), "{e}");
        assert!(config(&["chronicler", "extract"]).is_err());
    }

    #[test]
    fn batch_config() {
        let e = config(&["chronicler", "extract", "a.txt", "--max-doc-bytes", "2"])
            .err()
            .unwrap_or_default();
        assert!(e.contains("--max-doc-bytes is for batch mode"), "{e}");
        let c = config(&[
            "chronicler",
            "extract",
            "--input",
            "c.jsonl",
            "--text-field",
            "body",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.format, Format::Jsonl);
        let (source, o) = c.batch.unwrap_or_else(|| panic!("batch mode"));
        assert_eq!(source, Source::from_arg("c.jsonl"));
        assert_eq!((o.id_field.as_str(), o.text_field.as_str()), ("id", "body"));
        assert_eq!(o.max_doc_bytes, chronicler::batch::DEFAULT_MAX_DOC_BYTES);
        let e = config(&["chronicler", "extract", "--input", "-", "-f", "csv"])
            .err()
            .unwrap_or_default();
        assert!(e.contains("JSON Lines only"), "{e}");
    }
}
