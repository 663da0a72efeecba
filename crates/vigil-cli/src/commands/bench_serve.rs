//! `vigil bench serve`: event queries per second against `vigil serve` on loopback, over a
//! store of generated reports (100,000 events by default), with latency percentiles.
//!
//! The store is built once with the real pipeline (generated wire-style reports → extraction
//! → SQLite; kept at `--db` for later runs). The server runs in this process on its own
//! runtime with `--threads` network threads; the load comes from `--connections` client
//! threads, each one keep-alive connection sending requests back to back (a closed loop), all
//! on the same machine: on a 2-core machine client and server share the two cores. Each round
//! lasts `--seconds`; the report gives each round and the median, first for a baseline in the
//! same run (the OpenAPI description: HTTP and JSON without store work), then for the
//! event-query mix without and with full-text searches. Full-text match sets are cached per
//! store revision, so repeated searches are cheap; the cost of a search asked for the first
//! time is measured apart, one request at a time over expressions never asked before.

use anyhow::{bail, Result};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use vigil_corpus::ingest::{ingest, IngestOptions, Sink};
use vigil_corpus::Pipeline;
use vigil_extract::Extractor;
use vigil_ingest::{Article, Paragraph, ParagraphKind};
use vigil_model::Date;
use vigil_server::client::Conn;
use vigil_server::{AppState, Config};
use vigil_store::{SqliteStore, Store};

const GROUPS: &[&str] = &[
    "al-Shabaab",
    "Boko Haram",
    "ISWAP",
    "JNIM",
    "the Pakistani Taliban",
    "Islamic State Khorasan Province",
    "the Islamic State",
    "al-Qaeda in the Arabian Peninsula",
    "the Allied Democratic Forces",
    "Hayat Tahrir al-Sham",
];

const PLACES: &[&str] = &[
    "Mogadishu, Somalia",
    "Maiduguri, Nigeria",
    "Kano, Nigeria",
    "Bamako, Mali",
    "Gao, Mali",
    "Ouagadougou, Burkina Faso",
    "Niamey, Niger",
    "Peshawar, Pakistan",
    "Quetta, Pakistan",
    "Kabul, Afghanistan",
    "Jalalabad, Afghanistan",
    "Baghdad, Iraq",
    "Mosul, Iraq",
    "Aden, Yemen",
    "Beni, Congo",
    "Idlib, Syria",
    "Cairo, Egypt",
    "Manila, Philippines",
    "Paris, France",
    "Brussels, Belgium",
];

const TARGETS: &[&str] = &[
    "a police station",
    "a crowded market",
    "an army base",
    "a hotel",
    "a checkpoint",
    "a church",
    "a mosque",
    "a bus station",
];

/// Background sentences, so that generated reports are not near-duplicates of each other.
const BACKGROUND: &[&str] = &[
    "Residents described hearing {n} loud explosions before dawn.",
    "The region has seen {n} similar incidents since the start of the year.",
    "Hospitals in the area appealed for blood donations after receiving {n} wounded.",
    "Security forces sealed off the district and set up {n} new roadblocks.",
    "Local traders said {n} shops were damaged and many families fled.",
    "A government statement promised compensation to {n} affected households.",
    "Analysts said the group had expanded its operations across {n} provinces.",
    "The United Nations mission condemned the violence and called for restraint.",
    "Schools in the town were closed for {n} days as a precaution.",
    "Witnesses said the assailants arrived on {n} motorcycles.",
    "Aid agencies estimated that {n} people had been displaced by the fighting.",
    "The authorities imposed a curfew that will last {n} days.",
    "Footage shared online showed smoke rising over the neighbourhood.",
    "The army said it had deployed {n} additional troops to the area.",
    "Mourners gathered on the following day for the funerals of {n} victims.",
    "Telephone networks were cut for {n} hours in several districts.",
    "Diplomats from {n} countries expressed their condolences.",
    "Local officials said that reconstruction would cost {n} million dollars.",
    "Police said that {n} vehicles had been searched at the scene.",
    "Religious leaders urged calm and called for {n} days of prayer.",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[usize::try_from(self.next() % xs.len() as u64).unwrap_or(0)]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The `i`-th generated report: an attack, its claim, an arrest, an official's assessment.
pub(crate) fn report(i: u64) -> Article {
    let mut r = Rng(i.wrapping_mul(7919) + 17);
    let group = r.pick(GROUPS);
    let (city, country) = r
        .pick(PLACES)
        .split_once(", ")
        .unwrap_or(("Kabul", "Afghanistan"));
    let (city2, _) = r.pick(PLACES).split_once(", ").unwrap_or(("Kabul", ""));
    let target = r.pick(TARGETS);
    let day = r.pick(WEEKDAYS);
    let killed = 1 + r.below(40);
    let injured = r.below(90);
    let arrested = 2 + r.below(9);
    let published = Date::from_days(
        Date::new(2024, 1, 1).map_or(0, Date::to_days) + i64::try_from(r.below(730)).unwrap_or(0),
    );
    let mut paragraphs = vec![
        format!("Gunmen from {group} attacked {target} in {city}, {country}, on {day}, killing {killed} people and wounding {injured}, officials said."),
        format!("{group} claimed responsibility for the attack in a statement posted on Telegram."),
        format!("Police arrested {arrested} suspects in {city2} on {day} in connection with the attack, a spokesman said."),
        format!("The interior minister warned that {group} remained a serious threat to {country}."),
    ];
    for _ in 0..4 + r.below(4) {
        let at = usize::try_from(r.below(paragraphs.len() as u64 + 1)).unwrap_or(0);
        let n = (3 + r.below(300)).to_string();
        paragraphs.insert(at.max(1), r.pick(BACKGROUND).replace("{n}", &n));
    }
    Article {
        source: format!("bench:report-{i}"),
        title: Some(format!("Attack on {target} in {city}")),
        published: Some(published),
        paragraphs: paragraphs
            .into_iter()
            .map(|text| Paragraph {
                kind: ParagraphKind::Body,
                text,
            })
            .collect(),
        ..Article::default()
    }
}

/// Writes reports `0..documents` as text files in `dir` (title, blank line, paragraphs).
///
/// # Errors
/// When the directory or a file cannot be written.
pub fn write_corpus(dir: &Path, documents: u64) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for i in 0..documents {
        let a = report(i);
        let mut text = a.title.clone().unwrap_or_default();
        for p in &a.paragraphs {
            text.push_str("\n\n");
            text.push_str(&p.text);
        }
        text.push('\n');
        std::fs::write(dir.join(format!("report-{i:05}.txt")), text)?;
    }
    Ok(())
}

/// Fills the store at `path` with generated reports until it holds `events` events.
fn build(path: &Path, events: u64) -> Result<()> {
    let mut store = SqliteStore::open(path)?;
    let have = store.stats()?.events;
    if have >= events {
        errln!("bench serve: {} holds {have} events", path.display());
        return Ok(());
    }
    let extractor = Extractor::new()?;
    let t0 = Instant::now();
    let mut next = store.stats()?.documents;
    let mut total = have;
    while total < events {
        let from = next;
        ingest(
            &mut store,
            Pipeline::new(&extractor),
            IngestOptions::batches_of(500),
            &mut |sink: &mut Sink<'_>| {
                for i in from..from + 2000 {
                    sink(Ok(report(i)));
                }
            },
            &mut |_| {},
        )?;
        next += 2000;
        // Events of original documents (a near-duplicate's events do not count).
        total = store.stats()?.events;
        err!(
            "\rbench serve: building the store: {total} events ({:.0} s)",
            t0.elapsed().as_secs_f64()
        );
    }
    errln!();
    Ok(())
}

/// The event-query mix: the filters a dashboard and API users send (kind, country, actor,
/// dates, pages); `text` adds full-text searches (a common word, and two words with AND).
pub(crate) fn queries(text: bool) -> Vec<String> {
    let mut q = Vec::new();
    for c in ["SO", "NG", "ML", "PK", "AF", "IQ", "FR"] {
        q.push(format!("/api/v1/events?country={c}&limit=20"));
        q.push(format!(
            "/api/v1/events?country={c}&kind=attack&from=2025-01-01&limit=20"
        ));
    }
    for k in ["attack", "arrest", "claim_of_responsibility", "assessment"] {
        q.push(format!("/api/v1/events?kind={k}&limit=20"));
        q.push(format!("/api/v1/events?kind={k}&limit=20&offset=200"));
    }
    for a in ["grp:al-shabaab", "grp:boko-haram", "grp:jnim"] {
        q.push(format!("/api/v1/events?actor={a}&limit=20"));
    }
    for m in ["2024-03", "2024-09", "2025-02", "2025-11"] {
        q.push(format!("/api/v1/events?from={m}-01&to={m}-07&limit=20"));
    }
    q.push("/api/v1/events?limit=20".into());
    if text {
        q.push("/api/v1/events?text=market&limit=20".into());
        q.push("/api/v1/events?text=hotel+AND+Kabul&limit=20".into());
    }
    q
}

/// One closed-loop round: requests answered, errors, its length, every latency (sorted).
pub(crate) struct Round {
    pub(crate) requests: u64,
    pub(crate) errors: u64,
    pub(crate) seconds: f64,
    pub(crate) latencies: Vec<Duration>,
}

/// Sends `qs` in turn over `connections` keep-alive connections for `seconds`.
pub(crate) fn round(
    addr: &str,
    connections: usize,
    seconds: f64,
    qs: &Arc<Vec<String>>,
) -> Result<Round> {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let t0 = Instant::now();
    for c in 0..connections {
        let (stop, tx, qs, addr) = (
            Arc::clone(&stop),
            tx.clone(),
            Arc::clone(qs),
            addr.to_string(),
        );
        std::thread::spawn(move || {
            let mut lat = Vec::new();
            let mut errors = 0u64;
            let mut conn = Conn::connect(&addr).ok();
            let mut i = c * 7;
            while !stop.load(Ordering::Relaxed) {
                let path = &qs[i % qs.len()];
                i += 1;
                let t = Instant::now();
                let ok = match conn.as_mut().map(|k| k.request("GET", path, &[], b"")) {
                    Some(Ok(r)) => r.status == 200 && !r.body.is_empty(),
                    _ => {
                        conn = Conn::connect(&addr).ok();
                        false
                    }
                };
                lat.push(t.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            let _ = tx.send((lat, errors));
        });
    }
    drop(tx);
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    let mut errors = 0;
    for (l, e) in rx {
        latencies.extend(l);
        errors += e;
    }
    let seconds = t0.elapsed().as_secs_f64();
    latencies.sort_unstable();
    Ok(Round {
        requests: latencies.len() as u64,
        errors,
        seconds,
        latencies,
    })
}

/// The `p` quantile of sorted latencies, in milliseconds.
pub(crate) fn pct(l: &[Duration], p: f64) -> f64 {
    if l.is_empty() {
        return 0.0;
    }
    let i = ((l.len() as f64 - 1.0) * p).round() as usize;
    l[i].as_secs_f64() * 1000.0
}

/// Full-text searches asked for the first time (nothing cached): a city, a weekday, a city
/// and a weekday, one request at a time.
fn cold_searches(conn: &mut Conn) -> Result<()> {
    let cities: Vec<&str> = PLACES
        .iter()
        .filter_map(|p| p.split_once(", ").map(|(c, _)| c))
        .collect();
    let mut exprs: Vec<String> = cities.iter().map(|c| (*c).to_string()).collect();
    exprs.extend(WEEKDAYS.iter().map(|d| (*d).to_string()));
    for c in &cities {
        for d in WEEKDAYS {
            exprs.push(format!("{c}+AND+{d}"));
        }
    }
    let mut latencies = Vec::new();
    for e in &exprs {
        let path = format!("/api/v1/events?text={e}&limit=20");
        let t = Instant::now();
        let r = conn.request("GET", &path, &[], b"")?;
        latencies.push(t.elapsed());
        if r.status != 200 {
            bail!("{path}: {} {}", r.status, r.text());
        }
    }
    latencies.sort();
    outln!(
        "full-text searches asked for the first time: {} expressions (a city, a weekday, both), one at a time: p50 {:.2} ms, p90 {:.2} ms, max {:.1} ms",
        exprs.len(),
        pct(&latencies, 0.5),
        pct(&latencies, 0.9),
        pct(&latencies, 1.0)
    );
    Ok(())
}

/// Runs the benchmark.
///
/// # Errors
/// When the store cannot be built or the server cannot start.
pub fn run(
    db: &Path,
    events: u64,
    seconds: f64,
    connections: usize,
    threads: usize,
    rounds: usize,
    only: &[String],
) -> Result<()> {
    build(db, events)?;
    if rounds == 0 {
        return Ok(());
    }
    let stats = SqliteStore::open(db)?.stats()?;
    // The handles `vigil serve` opens: one cache of full-text match sets for all.
    let state = AppState::new(
        super::serve::pool(db, threads.max(2) * 2)?,
        Config::default(),
    );
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        vigil_server::run("127.0.0.1:0", state, threads, move |a| {
            let _ = tx.send(a);
        })
    });
    let addr = rx.recv_timeout(Duration::from_secs(30))?.to_string();
    let mixes: Vec<(&str, Vec<String>)> = if only.is_empty() {
        vec![
            (
                "baseline: the OpenAPI description (HTTP and JSON, no store work)",
                vec!["/api/openapi.json".to_string()],
            ),
            ("event queries (filters)", queries(false)),
            ("event queries with full-text searches", queries(true)),
        ]
    } else {
        vec![("the given paths", only.to_vec())]
    };
    // Warm up: the first event query waits for the incidents of the whole store (computed
    // once, at start).
    let t = Instant::now();
    let mut conn = Conn::connect(&addr)?;
    for (_, qs) in &mixes {
        for q in qs {
            let r = conn.request("GET", q, &[], b"")?;
            if r.status != 200 {
                bail!("{q}: {} {}", r.status, r.text());
            }
        }
    }
    outln!(
        "store: {} documents, {} events ({}); server: {threads} network threads; warm-up {:.1} s",
        stats.documents,
        stats.events,
        db.display(),
        t.elapsed().as_secs_f64()
    );
    if only.is_empty() {
        cold_searches(&mut conn)?;
    }
    for (name, qs) in mixes {
        let qs = Arc::new(qs);
        outln!(
            "{name}: {} paths in turn, {connections} keep-alive connections, closed loop, {seconds} s per round, client and server on this machine ({} cores)",
            qs.len(),
            std::thread::available_parallelism().map_or(0, std::num::NonZeroUsize::get)
        );
        let mut rows = Vec::new();
        for n in 0..rounds {
            let r = round(&addr, connections, seconds, &qs)?;
            let qps = r.requests as f64 / r.seconds;
            outln!(
                "  round {}: {} requests, {:.0} queries/s, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.1} ms, errors {}",
                n + 1,
                r.requests,
                qps,
                pct(&r.latencies, 0.5),
                pct(&r.latencies, 0.9),
                pct(&r.latencies, 0.99),
                pct(&r.latencies, 1.0),
                r.errors
            );
            rows.push((qps, pct(&r.latencies, 0.99), r.errors));
        }
        let mid = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        outln!(
            "  median of {} rounds: {:.0} queries/s, p99 {:.2} ms, errors {}",
            rows.len(),
            mid(rows.iter().map(|r| r.0).collect()),
            mid(rows.iter().map(|r| r.1).collect()),
            rows.iter().map(|r| r.2).sum::<u64>()
        );
    }
    Ok(())
}
