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
        Err(e) => {
            eprintln!("vigil: {e:#}");
            ExitCode::from(2)
        }
    }
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
