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

#![forbid(unsafe_code)]

mod cli;

/// mimalloc instead of the system allocator: a document makes and frees
/// about a thousand small blocks (records, strings, token tables), and
/// glibc's malloc and free were about a tenth of the run.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::config::{Args, CheckArgs, CheckFormat, Command, Config, EvalArgs};
use cli::extract::extract_command;
use cli::{error, note};

use chronicler::eval;
use chronicler::input::{self, Source};
use chronicler::resolve::Policies;
use chronicler::timex::rules::NumericDates;
use chronicler::{extract, published, Error, ErrorKind, Options, Published};
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

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
