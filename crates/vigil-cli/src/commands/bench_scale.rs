//! `vigil bench scale`: how a store holds up as it grows, from empty to `--events` events.
//!
//! The store is built from nothing with the real pipeline (the generated reports of `vigil
//! bench serve` → extraction → near-duplicate lookup → SQLite), and the ingest rate is printed
//! for every tenth of the growth, so the last tenth's rate can be set against the first's.
//! Events are counted from what each ingest run wrote, not by asking the store (a count over
//! the whole store would itself grow with it). Then, over the full store:
//! - the views (incidents, ledger, counts) computed from nothing, as `vigil incidents list`
//!   and a server's first answer need them, with the time and the process's peak memory;
//! - one new document stored, and the time until the views include it;
//! - a server started on the store: the time to its first event query's answer, then rounds
//!   of the API's event-query mix (filters; filters and full text) with latency percentiles,
//!   and a round of the filter mix while another handle keeps storing new reports, as a feed
//!   monitor does;
//! - the peak resident memory of the whole run, and the store's size on disk.
//!
//! With `--postgres` the store is a database of a private PostgreSQL server made for the run
//! (`initdb` in a temporary directory, as the tests do; `fsync` off), grown by two workers at
//! once, each with its own connection; the event-query mix is then asked of the store directly
//! (the HTTP server serves SQLite files only).

use super::bench_serve::{pct, queries, report, round};
use anyhow::{bail, Result};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

use std::time::{Duration, Instant};
use vigil_corpus::ingest::{ingest, IngestOptions, Sink};
use vigil_corpus::{Pipeline, Views};
use vigil_extract::Extractor;
use vigil_server::client::Conn;
use vigil_server::{AppState, Config};
use vigil_store::pgtest::TestCluster;
use vigil_store::{OpenOptions, PgStore, Query, SqliteStore, Store};

/// Reports per ingest run while building (in batches of 500, as `vigil bench serve`): 2,000,
/// fewer for small stores (a report holds about four events), so each tenth takes several.
fn run_size(events: u64) -> u64 {
    (events / 40).clamp(10, 2000)
}

/// The store's file and its write-ahead log, in bytes.
fn size_on_disk(db: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    size(db) + size(Path::new(&wal))
}

/// The process's peak resident memory so far (`VmHWM`), in MiB; 0 where unknown.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kib| kib / 1024)
}

/// The CPU time this process has used (user and system, all threads), in seconds; 0 where
/// unknown. On a shared machine the rate per CPU second is the figure that other processes
/// do not move.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces) end at its ')'.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

/// Stores reports `from..to`; the events written.
fn store_reports(store: &mut dyn Store, extractor: &Extractor, from: u64, to: u64) -> Result<u64> {
    let summary = ingest(
        store,
        Pipeline::new(extractor),
        IngestOptions::batches_of(500),
        &mut |sink: &mut Sink<'_>| {
            for i in from..to {
                sink(Ok(report(i)));
            }
        },
        &mut |_| {},
    )?;
    Ok(summary.events as u64)
}

/// Builds the store from empty to `events` events, printing the rate of every tenth; the
/// number of reports stored.
fn build(db: &Path, events: u64, cache_mib: u32, extractor: &Extractor) -> Result<u64> {
    let mut store = SqliteStore::open_with(
        db,
        &OpenOptions {
            cache_mib,
            ..OpenOptions::default()
        },
    )?;
    let step = (events / 10).max(1);
    let (mut total, mut next, mut tenth) = (0u64, 0u64, 1u64);
    let (mut t, mut cpu, mut at) = (Instant::now(), cpu_seconds(), 0u64);
    let started = Instant::now();
    let mut first_rate = None;
    println!("ingest: generated reports, batches of 500, one extraction thread; rate per tenth of the growth, per second of wall time and per second of CPU time");
    let run = run_size(events);
    while total < events {
        total += store_reports(&mut store, extractor, next, next + run)?;
        next += run;
        if total >= tenth * step || total >= events {
            let rate = (total - at) as f64 / t.elapsed().as_secs_f64();
            let cpu_rate = (total - at) as f64 / (cpu_seconds() - cpu).max(0.01);
            let first = *first_rate.get_or_insert(cpu_rate);
            println!(
                "  {:>3}%: {total:>9} events, {next:>8} reports, {:>7.0} s: {rate:>6.0} events/s, {cpu_rate:>6.0} events per CPU s ({:.0}% of the first tenth's), store {:.0} MiB",
                (total * 100 / events).min(100),
                started.elapsed().as_secs_f64(),
                cpu_rate * 100.0 / first,
                size_on_disk(db) as f64 / 1_048_576.0
            );
            while tenth * step <= total {
                tenth += 1;
            }
            (t, cpu, at) = (Instant::now(), cpu_seconds(), total);
        }
    }
    println!(
        "built: {total} events from {next} reports in {:.0} s; store {:.0} MiB; peak RSS so far {} MiB",
        started.elapsed().as_secs_f64(),
        size_on_disk(db) as f64 / 1_048_576.0,
        peak_rss_mib()
    );
    Ok(next)
}

/// The views from nothing, then after one more report.
fn views(db: &Path, next: u64, extractor: &Extractor) -> Result<()> {
    let mut store = SqliteStore::open(db)?;
    let t = Instant::now();
    let mut views = Views::compute(&store)?;
    let computed = t.elapsed();
    let t = Instant::now();
    let claims = views.ledger().len();
    println!(
        "views from nothing (as `vigil incidents list` and a server's first answer): incidents {:.2} s ({} incidents), then the ledger {:.2} s ({claims} entries); peak RSS so far {} MiB",
        computed.as_secs_f64(),
        views.incidents.len(),
        t.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
    let t = Instant::now();
    store_reports(&mut store, extractor, next, next + 1)?;
    let stored = t.elapsed();
    let t = Instant::now();
    views = views.update(&store)?;
    let updated = t.elapsed();
    let t = Instant::now();
    let claims = views.ledger().len();
    println!(
        "one new report: stored in {:.3} s; incidents up to date {:.3} s later ({} incidents), the ledger {:.3} s after that ({claims} entries); a picture {:.3} s",
        stored.as_secs_f64(),
        updated.as_secs_f64(),
        views.incidents.len(),
        t.elapsed().as_secs_f64(),
        {
            let t = Instant::now();
            views.picture("SO", None, None)?;
            t.elapsed().as_secs_f64()
        }
    );
    Ok(())
}

/// Prints one round's figures.
fn print_round(
    name: &str,
    addr: &str,
    connections: usize,
    seconds: f64,
    qs: Vec<String>,
) -> Result<()> {
    let r = round(addr, connections, seconds, &Arc::new(qs))?;
    println!(
        "  {name}: {} requests, {:.0} queries/s, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.1} ms, errors {}",
        r.requests,
        r.requests as f64 / r.seconds,
        pct(&r.latencies, 0.5),
        pct(&r.latencies, 0.9),
        pct(&r.latencies, 0.99),
        pct(&r.latencies, 1.0),
        r.errors
    );
    Ok(())
}

/// A server on the store: first answer, the query mixes, the filter mix under writes.
fn serve(
    db: &Path,
    next: u64,
    seconds: f64,
    connections: usize,
    extractor: &Extractor,
) -> Result<()> {
    let threads = 2;
    let t = Instant::now();
    let state = AppState::new(super::serve::pool(db, threads * 2)?, Config::default());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        vigil_server::run("127.0.0.1:0", state, threads, move |a| {
            let _ = tx.send(a);
        })
    });
    let addr = rx.recv_timeout(Duration::from_secs(30))?.to_string();
    let first = "/api/v1/events?country=SO&limit=20";
    let mut conn = Conn::connect(&addr)?;
    let r = conn.request("GET", first, &[], b"")?;
    println!(
        "server: first answer ({first}) {:.2} s after start: {}",
        t.elapsed().as_secs_f64(),
        r.status
    );
    // A server still computing its views answers 503 past its time limit: ask until it
    // answers.
    let mut status = r.status;
    while status == 503 && t.elapsed() < Duration::from_secs(1200) {
        status = conn.request("GET", first, &[], b"")?.status;
    }
    if status != 200 {
        bail!("{first}: {status}");
    }
    if r.status != 200 {
        println!(
            "server: first 200 answer {:.2} s after start",
            t.elapsed().as_secs_f64()
        );
    }
    println!("API event queries: {connections} keep-alive connections, closed loop, {seconds} s per round, client and server on this machine");
    print_round("filters", &addr, connections, seconds, queries(false))?;
    print_round(
        "filters and full text",
        &addr,
        connections,
        seconds,
        queries(true),
    )?;
    // A writer as a feed monitor: new reports in small batches, from another handle.
    let stop = AtomicBool::new(false);
    let written = std::thread::scope(|scope| -> Result<u64> {
        let writer = scope.spawn(|| -> Result<u64> {
            let mut store = SqliteStore::open(db)?;
            let mut i = next;
            while !stop.load(Ordering::Relaxed) {
                store_reports(&mut store, extractor, i, i + 20)?;
                i += 20;
            }
            Ok(i - next)
        });
        let measured = print_round(
            "filters while a writer stores reports",
            &addr,
            connections,
            seconds,
            queries(false),
        );
        stop.store(true, Ordering::Relaxed);
        let written = writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer panicked"))??;
        measured?;
        Ok(written)
    })?;
    println!("  (the writer stored {written} reports meanwhile)");
    Ok(())
}

/// Grows a PostgreSQL store to `events` events with two workers, printing the rate of every
/// tenth, then asks it the event-query mix directly.
fn postgres(events: u64, extractor: &Extractor) -> Result<()> {
    const WORKERS: u64 = 2;
    let cluster = TestCluster::start().map_err(|e| anyhow::anyhow!("{e}"))?;
    let url = cluster.database().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut stores: Vec<PgStore> = (0..WORKERS)
        .map(|_| PgStore::connect(&url))
        .collect::<std::result::Result<_, _>>()?;
    let step = (events / 10).max(1);
    let (mut total, mut next, mut tenth) = (0u64, 0u64, 1u64);
    let (mut t, mut at) = (Instant::now(), 0u64);
    let started = Instant::now();
    let mut first_rate = None;
    println!("ingest into PostgreSQL: {WORKERS} workers, each its own connection and reports, batches of 500; rate per tenth of the growth (wall time: the server's CPU is not this process's)");
    let run = (run_size(events) / WORKERS).max(1);
    while total < events {
        total += std::thread::scope(|scope| -> Result<u64> {
            let runs: Vec<_> = stores
                .iter_mut()
                .enumerate()
                .map(|(w, store)| {
                    let from = next + w as u64 * run;
                    scope.spawn(move || store_reports(store, extractor, from, from + run))
                })
                .collect();
            let mut sum = 0;
            for r in runs {
                sum += r
                    .join()
                    .map_err(|_| anyhow::anyhow!("a worker panicked"))??;
            }
            Ok(sum)
        })?;
        next += WORKERS * run;
        if total >= tenth * step || total >= events {
            let rate = (total - at) as f64 / t.elapsed().as_secs_f64();
            let first = *first_rate.get_or_insert(rate);
            println!(
                "  {:>3}%: {total:>9} events, {next:>8} reports, {:>7.0} s: {rate:>6.0} events/s ({:.0}% of the first tenth's)",
                (total * 100 / events).min(100),
                started.elapsed().as_secs_f64(),
                rate * 100.0 / first,
            );
            while tenth * step <= total {
                tenth += 1;
            }
            (t, at) = (Instant::now(), total);
        }
    }
    let store = &stores[0];
    let date = |s: &str| s.parse().ok();
    let mut mix: Vec<Query> = Vec::new();
    for c in ["SO", "NG", "ML", "PK", "AF", "IQ", "FR"] {
        mix.push(Query {
            country: Some(c.into()),
            limit: Some(20),
            ..Query::default()
        });
    }
    for k in ["attack", "arrest", "claim_of_responsibility", "assessment"] {
        mix.push(Query {
            kinds: vigil_model::EventKind::parse(k).into_iter().collect(),
            limit: Some(20),
            offset: Some(200),
            ..Query::default()
        });
    }
    for a in ["grp:al-shabaab", "grp:boko-haram", "grp:jnim"] {
        mix.push(Query {
            actor: Some(a.into()),
            limit: Some(20),
            ..Query::default()
        });
    }
    for m in ["2024-03", "2025-02"] {
        mix.push(Query {
            from: date(&format!("{m}-01")),
            to: date(&format!("{m}-07")),
            limit: Some(20),
            ..Query::default()
        });
    }
    let filters = mix.len();
    for text in ["market", "hotel AND Kabul"] {
        mix.push(Query {
            text: Some(text.into()),
            limit: Some(20),
            ..Query::default()
        });
    }
    for (name, qs) in [("filters", &mix[..filters]), ("full text", &mix[filters..])] {
        let mut latencies = Vec::new();
        for _ in 0..20 {
            for q in qs {
                let t = Instant::now();
                store.query(q)?;
                latencies.push(t.elapsed());
            }
        }
        latencies.sort();
        println!(
            "  store queries, {name}: {} one at a time: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.1} ms",
            latencies.len(),
            pct(&latencies, 0.5),
            pct(&latencies, 0.9),
            pct(&latencies, 0.99),
            pct(&latencies, 1.0)
        );
    }
    println!(
        "peak RSS of the whole run {} MiB (this process; the server's apart)",
        peak_rss_mib()
    );
    Ok(())
}

/// Runs the benchmark on a store grown from empty at `db` (one that exists is measured as it
/// is, without the growth curve), or on PostgreSQL.
///
/// # Errors
/// When the store cannot be built or served.
pub fn run(
    db: &Path,
    events: u64,
    seconds: f64,
    connections: usize,
    pg: bool,
    cache_mib: u32,
) -> Result<()> {
    if pg {
        return postgres(events, &Extractor::new()?);
    }
    let extractor = Extractor::new()?;
    // A store grown before (by this benchmark or `bench serve`): no growth curve, the rest.
    let next = if db.exists() {
        let documents = SqliteStore::open(db)?.stats()?.documents;
        println!(
            "{}: the store exists ({documents} reports): no ingest curve, which starts from empty",
            db.display()
        );
        documents
    } else {
        build(db, events, cache_mib, &extractor)?
    };
    views(db, next, &extractor)?;
    serve(db, next + 1, seconds, connections, &extractor)?;
    println!(
        "peak RSS of the whole run {} MiB; store {:.0} MiB ({})",
        peak_rss_mib(),
        size_on_disk(db) as f64 / 1_048_576.0,
        db.display()
    );
    Ok(())
}
