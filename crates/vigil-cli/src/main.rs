//! The `vigil` command.
//!
//! `vigil extract FILE... [--published DATE] [--format json|jsonl|table]` prints the events of
//! each article; `vigil demo` runs on the built-in demo articles; `vigil bench extract` measures
//! throughput over a real corpus.

mod bench;
mod demo;
mod input;
mod table;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::process::ExitCode;
use vigil_extract::Extractor;
use vigil_model::Date;

#[derive(Parser)]
#[command(
    name = "vigil",
    version,
    about = "Sourced, deduplicated events of terrorism and political violence from news text"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Json,
    Jsonl,
    Table,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from article files (`-` reads standard input).
    Extract {
        /// Plain-text articles; `-` for stdin.
        #[arg(required = true)]
        files: Vec<String>,
        /// Publication date (YYYY-MM-DD) that relative times resolve against.
        #[arg(long, value_parser = parse_date)]
        published: Option<Date>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// Run on the built-in demo articles and print readable events.
    Demo {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Measure throughput (words/s per core) of `extract` over a real corpus.
    Bench {
        /// Files to read: MUC-4 GRIT JSON lines (`doctext`), plain text, or directories.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vigil: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract {
            files,
            published,
            format,
        } => {
            let x = Extractor::new()?;
            let mut failed = false;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let mut docs = Vec::new();
            for f in &files {
                match input::read(f, published) {
                    Ok(inp) => docs.push(x.extract(&inp)),
                    Err(e) => {
                        eprintln!("vigil: {e}");
                        failed = true;
                    }
                }
            }
            emit(&mut out, &docs, format)?;
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Demo { format } => {
            let x = Extractor::new()?;
            let docs: Vec<_> = demo::inputs().iter().map(|i| x.extract(i)).collect();
            let stdout = std::io::stdout();
            emit(&mut stdout.lock(), &docs, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { paths, runs } => {
            bench::run(&paths, runs)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn emit(out: &mut impl Write, docs: &[vigil_model::DocumentOutput], format: Format) -> Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, docs)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for d in docs {
                serde_json::to_writer(&mut *out, d)?;
                writeln!(out)?;
            }
        }
        Format::Table => table::write(out, docs)?,
    }
    Ok(())
}
