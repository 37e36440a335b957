//! The `extract` command's arguments (clap) and the checked configuration
//! they become: inputs (files, folders and their dated articles, a JSON
//! Lines corpus), the publication date, policies, format and output.

use crate::cli::extract::same_file;
use chronicler::batch::BatchOptions;
use chronicler::folder::{Dates, Folder};
use chronicler::input::Source;
use chronicler::resolve::{Direction, Policies};
use chronicler::timeml::InputFormat;
use chronicler::timex::rules::NumericDates;
use chronicler::write::{timelinejs::Vague, Format};
use chronicler::{published, Error, ErrorKind, Published};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Turns news articles into a timeline of dated events.
#[derive(Parser, Debug)]
#[command(name = "chronicler", version, about, long_about = None)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
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

pub(crate) const CHECK_AFTER_HELP: &str = "\
Examples:
  chronicler check fixtures/seed.txt --published 2017-05-05
  chronicler check fixtures/check/*.txt --format json
  chronicler check article.txt --quiet

Kinds of finding: weekday_mismatch, invalid_date, tense_vs_date,
relative_vs_absolute, arithmetic. Colour is used when standard output is a
terminal. Exit status: 0 no findings, 1 findings, 2 an error (bad
arguments, an input that could not be read or dated).";

#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    /// Input files (UTF-8; a leading byte order mark is skipped); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) inputs: Vec<PathBuf>,

    /// Publication date of the inputs; without it, each input's date is
    /// looked for in its text (as for `extract`).
    #[arg(long, value_name = "DATE")]
    pub(crate) published: Option<String>,

    /// Output format: diagnostics for people, or JSON for tools (one
    /// object per input, an array for several).
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,

    /// Print only the number of findings.
    #[arg(short, long)]
    pub(crate) quiet: bool,

    /// Read all-numeric dates such as 04/03/2017 day first (4 March).
    #[arg(long)]
    pub(crate) day_first: bool,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Compiler-style diagnostics.
    Text,
    /// JSON: `{"document": ..., "findings": [...]}` per input.
    Json,
}

pub(crate) const EVAL_AFTER_HELP: &str = "\
Examples:
  chronicler eval --gold corpora/tbaq-cleaned
  chronicler eval --gold corpora/tbaq-cleaned --errors | grep '^missed'
  chronicler extract corpus/ --format timeml -o answers/ && chronicler eval --gold corpus/ --system answers/ --json

Measures (as timeml_score.py): TIMEX3 strict and relaxed P/R/F1, type and
value F1 (TempEval-3 Task A), event span P/R/F1, event-timex anchoring
P/R/F1, micro-averaged. Exit status: 0 when scored, 2 on an error (a gold
file that is not TimeML, a system .tml whose text differs from the gold).";

#[derive(clap::Args, Debug)]
pub(crate) struct EvalArgs {
    /// Folder of gold TimeML `.tml` files (searched recursively).
    #[arg(long, value_name = "DIR")]
    pub(crate) gold: PathBuf,

    /// Folder of system answers, `<stem>.tml` or `<stem>.json` (at the gold
    /// file's relative path, or directly in DIR). Without it, chronicler is
    /// run on each gold text with the gold DCT as the publication date.
    #[arg(long, value_name = "DIR")]
    pub(crate) system: Option<PathBuf>,

    /// Print the scorer's JSON summary instead of the table.
    #[arg(long)]
    pub(crate) json: bool,

    /// Add a per-document breakdown.
    #[arg(long)]
    pub(crate) per_doc: bool,

    /// List every missed, spurious, wrongly spanned, valued or typed timex
    /// with its context.
    #[arg(long)]
    pub(crate) errors: bool,
}

pub(crate) const EXTRACT_AFTER_HELP: &str = "\
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
pub(crate) struct ExtractArgs {
    /// Input files (UTF-8; a leading byte order mark is skipped) or folders
    /// (their articles, dated by a dates.tsv or dates.csv in them; see
    /// below); `-` reads standard input.
    #[arg(required_unless_present = "input", value_name = "FILE")]
    pub(crate) inputs: Vec<PathBuf>,

    /// Batch mode: read a JSON Lines corpus (`-`: standard input), one JSON
    /// object per line with the document's id, text and publication date
    /// (see --id-field, --text-field, --date-field), and write JSON Lines,
    /// one record per input line in input order: the document, or an error
    /// record {"line", "id", "error": {"kind", "message"}}. Documents are
    /// processed in parallel (--threads), a window at a time, so memory does
    /// not grow with the corpus. A one-line summary goes to standard error.
    #[arg(long, value_name = "JSONL", conflicts_with_all = ["inputs", "explain", "input_format"])]
    pub(crate) input: Option<PathBuf>,

    /// With --input: the field holding the document id (a string or a
    /// number; records without one are called `line N`) [default: id]
    #[arg(long, value_name = "NAME")]
    pub(crate) id_field: Option<String>,

    /// With --input: the field holding the text [default: text]
    #[arg(long, value_name = "NAME")]
    pub(crate) text_field: Option<String>,

    /// With --input: the field holding the publication date (any form
    /// --published takes). Records without it use --published, or the date
    /// found in their text [default: published]
    #[arg(long, value_name = "NAME")]
    pub(crate) date_field: Option<String>,

    /// With --input: the longest record (input line) processed, in bytes;
    /// longer ones get a `too_large` error record without being read into
    /// memory [default: 10485760, 10 MiB]
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_doc_bytes: Option<usize>,

    /// Worker threads for --input and for several inputs or folders
    /// [default: 0, one per core]
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<usize>,

    /// Publication date of the inputs, the reference for "yesterday", "last
    /// week", "on Wednesday" (it wins over a folder's dates.tsv). Without it,
    /// each input's date is looked for in its text.
    #[arg(long, value_name = "DATE", long_help = published_help())]
    pub(crate) published: Option<String>,

    /// Output format [default: csv; with --input: jsonl, the only one it writes].
    #[arg(short, long, value_enum)]
    pub(crate) format: Option<Format>,

    /// For `--format timelinejs` and `html`: what to do with vague entries
    /// ("recently", "now": PAST_REF, PRESENT_REF, FUTURE_REF). `place`
    /// shows them near the publication date, marked as not stated; `omit`
    /// leaves them out. What is left out is noted on standard error.
    #[arg(long, value_enum, default_value_t = Vague::Place)]
    pub(crate) vague: Vague,

    /// How to read the inputs: TimeML gives the text of <TEXT> and its DCT
    /// as the publication date (unless --published is given); `auto` reads
    /// `.tml` and `.TE3input` files, and inputs starting with `<?xml` or
    /// `<TimeML`, as TimeML.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub(crate) input_format: InputFormat,

    /// Write to FILE instead of standard output (`-`: standard output). The
    /// file is replaced only once everything has been written. When an input
    /// is a folder (its `.tml`/`.TE3input` files, or if none its `.txt`
    /// files, are read), or FILE is a folder or ends with `/`, each input
    /// gets its own file FILE/<stem>.<format> (`.tml` for TimeML).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Read all-numeric dates such as 04/03/2017 day first (4 March), here
    /// and in --published; the default is month first (April 3). A first
    /// number over 12 is always a day.
    #[arg(long)]
    pub(crate) day_first: bool,

    /// Which way dates without a year or direction point ("on Wednesday",
    /// "in April", "on May 9").
    #[arg(long, value_enum, default_value_t = DirectionArg::ByTense)]
    pub(crate) direction: DirectionArg,

    /// Explain on standard error, for each time expression, the rule that
    /// made it and whether its value is stated in the text or inferred, and
    /// for each event how it was dated.
    #[arg(long)]
    pub(crate) explain: bool,

    /// Replace bytes that are not UTF-8 with U+FFFD (and warn) instead of
    /// failing on that input.
    #[arg(long)]
    pub(crate) lossy: bool,

    /// Say on standard error, for each input, which publication date was
    /// used and where it came from, and what was found.
    #[arg(short, long)]
    pub(crate) verbose: bool,

    /// Draw no progress bar. With --input or a folder, one is drawn on
    /// standard error (documents done, MB/s, time left) only when standard
    /// error is a terminal; the summary line is printed either way.
    #[arg(long)]
    pub(crate) no_progress: bool,
}

pub(crate) fn published_help() -> String {
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
pub(crate) enum DirectionArg {
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
pub(crate) struct Article {
    pub(crate) source: Source,
    pub(crate) sidecar: Option<Result<Published, Error>>,
    /// Whether it was found in a folder given on the command line.
    pub(crate) in_folder: bool,
}

impl Article {
    pub(crate) fn file(source: Source) -> Article {
        Article {
            source,
            sidecar: None,
            in_folder: false,
        }
    }
}

/// The checked configuration of `extract`.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) inputs: Vec<Article>,
    /// The folders among the inputs (a folder run: progress and summary,
    /// error records in JSON Lines).
    pub(crate) folders: Vec<PathBuf>,
    /// Sidecar lines that date no input, each naming the sidecar and line.
    pub(crate) sidecar_problems: Vec<Error>,
    /// Said on standard error before the run (sidecars not read).
    pub(crate) notes: Vec<String>,
    pub(crate) input_format: InputFormat,
    /// One output file per input, in this folder.
    pub(crate) out_dir: Option<PathBuf>,
    pub(crate) published: Option<Published>,
    pub(crate) policies: Policies,
    pub(crate) format: Format,
    pub(crate) vague: Vague,
    pub(crate) output: Option<PathBuf>,
    pub(crate) explain: bool,
    pub(crate) lossy: bool,
    pub(crate) verbose: bool,
    /// Draw a progress bar for batch and folder runs (when standard error is a terminal).
    pub(crate) progress: bool,
    /// Worker threads for several inputs (0: one per core).
    pub(crate) threads: usize,
    /// Batch mode (`--input`): the JSON Lines corpus and how to read it.
    pub(crate) batch: Option<(Source, BatchOptions)>,
}

impl Config {
    pub(crate) fn new(a: ExtractArgs) -> Result<Config, Error> {
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
