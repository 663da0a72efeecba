//! The `vigil` command.
//!
//! `vigil extract INPUT...` prints the events of articles (text, HTML, feeds, WARC, JSONL,
//! URLs, `-`); `vigil ingest INPUT...` keeps them in a store (SQLite by default) that `query`,
//! `export` and `stats` read; `vigil serve` answers over HTTP; `vigil eval`, `train` and
//! `bench` score, retrain and measure.
//!
//! Laid out like ripgrep's binary: this file dispatches each command to a named function,
//! the flags are in [`flags`] (one module per command group, shared flags once), what each
//! command does is in [`commands`], how results are printed in [`output`]. The work itself is
//! done by the application layer, `vigil-corpus`.

/// mimalloc: the server's answers and extraction allocate many short-lived strings; it cut
/// the time spent in the allocator (16% of a loaded server's samples with glibc's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!` that hands a failed write (a closed pipe: `vigil query | head`) back to the
/// caller with `?` instead of panicking; `main` ends quietly on a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

/// `print!` as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

/// `eprintln!` that never panics: a message standard error cannot take (closed, or a pipe
/// whose reader has gone) is dropped.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!` as [`errln!`].
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod commands;
mod flags;
mod output;

use clap::Parser;
use commands::{
    bench, bench_scale, bench_serve, demo, documents, eval, monitor, queue, serve, train, views,
};
use flags::bench::BenchCommand;
use flags::{Cli, Command};
use std::process::ExitCode;

/// A write past a file size limit (`ulimit -f`) kills the process with SIGXFSZ unless it is
/// ignored; ignored, the write fails with EFBIG and the store reports a clear error, rolling
/// back the batch (a full disk gives ENOSPC without a signal).
fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN at start, before any thread exists,
    // has no other effect on the program.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

fn main() -> ExitCode {
    ignore_file_size_signal();
    match run(Cli::parse().command) {
        Ok(code) => code,
        // The reader of standard output has gone (`vigil query | head -1`): nothing more to
        // say, and nobody to say it to. Unix tools end quietly.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("vigil: {}", message(&e));
            ExitCode::from(2)
        }
    }
}

/// Whether an error is a write to a pipe whose reader has gone.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let kind = c
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| c.downcast_ref::<serde_json::Error>()?.io_error_kind())
            .or_else(|| match c.downcast_ref::<vigil_corpus::Error>()? {
                vigil_corpus::Error::Output(io) => Some(io.kind()),
                _ => None,
            })
            .or_else(|| match c.downcast_ref::<csv::Error>()?.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// An error with its causes, each said once: a cause whose words its parent already ends
/// with ("…: it is a directory" over "it is a directory") is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) || out.contains(&format!("{text}: ")) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Runs one command.
fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Extract(args) => documents::extract(args),
        Command::Ingest(args) => documents::ingest(args),
        Command::Query(args) => documents::query(args),
        Command::Export(args) => documents::export(args),
        Command::Text(args) => documents::text(args),
        Command::Stats(args) => documents::stats(args),
        Command::Demo(args) => demo::run(args),
        Command::Incidents { what } => views::incidents(what),
        Command::Changes(args) => views::changes(args),
        Command::Claims(args) => views::claims(args),
        Command::Picture(args) => views::picture(args),
        Command::Watch { what } => monitor::watch(what),
        Command::Feeds { what } => monitor::feeds(what),
        Command::Run(args) => monitor::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Enqueue(args) => queue::enqueue(args),
        Command::Worker(args) => queue::worker(args),
        Command::Status(args) => queue::status(args),
        Command::Recover(args) => queue::recover(args),
        Command::Eval { what } => eval::run(what),
        Command::Train { what } => train::run(what),
        Command::Bench { what } => bench_command(what),
    }
}

/// Runs one `vigil bench` command.
fn bench_command(what: BenchCommand) -> anyhow::Result<ExitCode> {
    match what {
        BenchCommand::Corpus { out, documents } => bench_serve::write_corpus(&out, documents)?,
        BenchCommand::Extract { paths, runs } => bench::extract(&paths, runs)?,
        BenchCommand::Ner { file, runs } => bench::ner(&file, runs)?,
        BenchCommand::Ingest { dir, runs, threads } => bench::ingest(&dir, runs, threads)?,
        BenchCommand::Serve {
            db,
            events,
            seconds,
            rounds,
            connections,
            threads,
            paths,
        } => bench_serve::run(&db, events, seconds, connections, threads, rounds, &paths)?,
        BenchCommand::Scale {
            db,
            events,
            seconds,
            connections,
            postgres,
            cache_mib,
        } => bench_scale::run(&db, events, seconds, connections, postgres, cache_mib)?,
    }
    Ok(ExitCode::SUCCESS)
}
