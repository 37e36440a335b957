//! The `chronicler` command: arguments in, library call, exit code out.

use anyhow::Context;
use chronicler::{extract, published, write, Options};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "chronicler",
    version,
    about = "Turns news text into a timeline"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract the dated events of articles as a timeline.
    Extract {
        /// Input files; `-` reads standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Publication date: 2017-05-05, "May 5, 2017", "5 May 2017",
        /// 2017-05-05T09:30:00Z or "Fri, 05 May 2017 09:30:00 +0000".
        #[arg(long)]
        published: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = write::Format::Csv)]
        format: write::Format,
    },
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    match args.command {
        Command::Extract {
            inputs,
            published,
            format,
        } => {
            let published = match published {
                Some(p) => Some(chronicler::Published::given(published::parse_date(&p)?.0)),
                None => None,
            };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for (i, input) in inputs.iter().enumerate() {
                let text = std::fs::read_to_string(input)
                    .with_context(|| format!("{}", input.display()))?;
                let opts = Options {
                    id: input.display().to_string(),
                    published: published.clone(),
                    ..Options::default()
                };
                let doc = extract(&text, &opts).with_context(|| format!("{}", input.display()))?;
                match format {
                    write::Format::Csv => write::csv(&mut out, &doc, i == 0)?,
                    write::Format::Json => write::json(&mut out, &doc)?,
                    write::Format::Jsonl => write::jsonl(&mut out, &doc)?,
                }
            }
            out.flush()?;
        }
    }
    Ok(())
}
