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

use chronicler::input::{self, Source};
use chronicler::resolve::{Direction, Policies};
use chronicler::timex::rules::NumericDates;
use chronicler::write::{self, Format, Output, Writer};
use chronicler::{extract, published, Document, Error, ErrorKind, Options, Published};
use clap::{Parser, Subcommand, ValueEnum};
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
    /// Extract the dated events of articles as a timeline (CSV, JSON or JSON Lines).
    #[command(after_help = EXTRACT_AFTER_HELP)]
    Extract(ExtractArgs),
}

const EXTRACT_AFTER_HELP: &str = "\
Examples:
  chronicler extract fixtures/seed.txt --published 2017-05-05
  chronicler extract fixtures/*.txt --format jsonl -o timelines.jsonl
  curl -s URL | chronicler extract - --published \"May 5, 2017\" --explain

Offsets are Unicode code points into the text as read (after a leading byte
order mark, which is skipped). Exit status: 0 when every input was processed,
2 when any input or the output failed (the other inputs are still written).";

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Input files (UTF-8; a leading byte order mark is skipped); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,

    /// Publication date of the inputs, the reference for "yesterday", "last
    /// week", "on Wednesday". Without it, each input's date is looked for in
    /// its text.
    #[arg(long, value_name = "DATE", long_help = published_help())]
    published: Option<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Csv)]
    format: Format,

    /// Write to FILE instead of standard output (`-`: standard output). The
    /// file is replaced only once everything has been written.
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
}

fn published_help() -> String {
    format!(
        "Publication date of the inputs, the reference for \"yesterday\", \"last week\", \"on Wednesday\".\n\n\
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

/// The checked configuration of `extract`.
#[derive(Debug)]
struct Config {
    inputs: Vec<Source>,
    published: Option<Published>,
    policies: Policies,
    format: Format,
    output: Option<PathBuf>,
    explain: bool,
    lossy: bool,
    verbose: bool,
}

impl Config {
    fn new(a: ExtractArgs) -> Result<Config, Error> {
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
        let inputs: Vec<Source> = a.inputs.iter().map(Source::from_arg).collect();
        if inputs.iter().filter(|s| **s == Source::Stdin).count() > 1 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "`-` (standard input) can be read only once",
            ));
        }
        if let Some(out) = a.output.as_deref().filter(|o| o.as_os_str() != "-") {
            if inputs
                .iter()
                .any(|s| matches!(s, Source::File(p) if same_file(p, out)))
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
            published,
            policies: Policies {
                direction: a.direction.into(),
                numeric,
            },
            format: a.format,
            output: a.output,
            explain: a.explain,
            lossy: a.lossy,
            verbose: a.verbose,
        })
    }
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
    let Command::Extract(args) = Args::parse().command;
    match Config::new(args) {
        Ok(cfg) => extract_command(&cfg),
        Err(e) => {
            error(&e);
            ExitCode::from(2)
        }
    }
}

/// Reads and extracts one input, reporting warnings, `--verbose` and `--explain` on stderr.
fn document(source: &Source, cfg: &Config) -> Result<Document, Error> {
    let input = input::read(source, cfg.lossy)?;
    for w in input.warnings() {
        note(&format!("warning: {w}"));
    }
    let options = Options {
        id: source.name(),
        published: cfg.published.clone(),
        policies: cfg.policies,
    };
    let doc = extract(&input.text, &options).map_err(|e| e.context(source))?;
    if cfg.verbose {
        let d = &doc.document;
        let date = d.published.map_or_else(|| "none".into(), |p| p.to_string());
        let bom = if input.bom {
            "; skipped a byte order mark"
        } else {
            ""
        };
        note(&format!(
            "{}: published {date} ({}){bom}; {}, {}, {}",
            d.id,
            d.published_source,
            count(doc.timexes.len(), "time expression"),
            count(doc.events.len(), "event"),
            count(doc.entries.len(), "timeline entry")
        ));
    }
    if cfg.explain {
        let _ = write::explain(std::io::stderr().lock(), &doc);
    }
    Ok(doc)
}

/// Writes every input's document; returns how many inputs failed.
fn write_all(cfg: &Config, out: &mut Output) -> Result<usize, Error> {
    let mut writer = Writer::new(out, cfg.format, cfg.inputs.len() > 1);
    let mut failed = 0;
    for source in &cfg.inputs {
        match document(source, cfg) {
            Ok(doc) => writer.write(&doc)?,
            Err(e) => {
                error(&e);
                failed += 1;
            }
        }
    }
    // When no input made it, write nothing (not even a CSV header).
    if failed < cfg.inputs.len() {
        writer.finish()?;
    }
    Ok(failed)
}

fn extract_command(cfg: &Config) -> ExitCode {
    let mut out = match Output::to(cfg.output.as_deref()) {
        Ok(o) => o,
        Err(e) => {
            error(&e);
            return ExitCode::from(2);
        }
    };
    let failed = match write_all(cfg, &mut out) {
        Ok(n) => n,
        Err(_) if out.broken_pipe() => return ExitCode::SUCCESS,
        Err(e) => {
            error(&e.context(out.name()));
            return ExitCode::from(2);
        }
    };
    if failed > 0 && cfg.verbose {
        note(&format!("{failed} of {} inputs failed", cfg.inputs.len()));
    }
    // Replace the output file only when at least one input made it.
    if failed < cfg.inputs.len() {
        let _ = out.flush();
        if out.broken_pipe() {
            return ExitCode::SUCCESS;
        }
        if let Err(e) = out.commit() {
            error(&e);
            return ExitCode::from(2);
        }
    } else if cfg.output.as_deref().is_some_and(|o| o.as_os_str() != "-") {
        note("no input could be processed; output not written");
    }
    if failed == 0 {
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
        let Command::Extract(x) = a.command;
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
        assert_eq!(c.inputs, vec![Source::Stdin]);
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
}
