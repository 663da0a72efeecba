//! `vigil bench extract`: words per second per core for `extract` over a real corpus; `vigil
//! bench ingest`: pages per second for the whole ingest path on one thread and on several.
//!
//! The whole corpus per run, `runs` timed runs; prints the median and the spread, plus
//! resource load time. Quote medians: these machines are shared.

use anyhow::{Context, Result};
use std::path::Path;
use std::time::Instant;
use vigil_corpus::ingest::{cores, IngestOptions, Sink, Summary};
use vigil_corpus::Pipeline;
use vigil_extract::{Extractor, Input};
use vigil_ingest::IngestError;
use vigil_store::{SqliteStore, Store};

fn load(paths: &[String]) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("{p}: cannot open"))?;
        if meta.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for e in entries {
                if e.extension().is_some_and(|x| x == "txt") {
                    texts.push(
                        std::fs::read_to_string(&e)
                            .with_context(|| format!("{}: not UTF-8 text", e.display()))?,
                    );
                }
            }
        } else if p.ends_with(".json") || p.ends_with(".jsonl") {
            let body =
                std::fs::read_to_string(p).with_context(|| format!("{p}: not UTF-8 text"))?;
            for (i, line) in body
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let v: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("{p}:{}: invalid JSON", i + 1))?;
                let t = v
                    .get("doctext")
                    .or_else(|| v.get("text"))
                    .and_then(|t| t.as_str());
                texts.push(
                    t.with_context(|| format!("{p}:{}: no \"doctext\" or \"text\" field", i + 1))?
                        .to_string(),
                );
            }
        } else {
            texts.push(std::fs::read_to_string(p).with_context(|| format!("{p}: not UTF-8 text"))?);
        }
    }
    Ok(texts)
}

/// `vigil bench extract`: runs the benchmark and prints the figures.
pub fn extract(paths: &[String], runs: usize) -> Result<()> {
    let t0 = Instant::now();
    let x = Extractor::new()?;
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let texts = load(paths)?;
    let inputs: Vec<Input> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Input::text(&format!("b{i}"), t))
        .collect();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut events = 0;
    for i in &inputs {
        events += x.extract(i).events.len();
    }
    // The baseline, measured in the same runs and interleaved with them so that a busy machine
    // slows both: normalising and tokenising alone, the least any extractor must do.
    let baseline = || {
        let mut n = 0;
        for t in &texts {
            let norm = vigil_nlp::normalize(t);
            n += vigil_nlp::tokenize(&norm.text).len();
        }
        std::hint::black_box(n);
    };
    let extract = || {
        let mut n = 0;
        for i in &inputs {
            n += x.extract(i).events.len();
        }
        std::hint::black_box(n);
    };
    // The same without the entity tagger: what tagging unlisted names costs.
    let plain_x = x.clone().with_entity_tagger(false);
    let plain = || {
        let mut n = 0;
        for i in &inputs {
            n += plain_x.extract(i).events.len();
        }
        std::hint::black_box(n);
    };
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };
    let mut secs = Vec::with_capacity(runs);
    let mut base = Vec::with_capacity(runs);
    let mut dict = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        base.push(time(&baseline));
        secs.push(time(&extract));
        dict.push(time(&plain));
    }
    secs.sort_by(f64::total_cmp);
    base.sort_by(f64::total_cmp);
    dict.sort_by(f64::total_cmp);
    let dict_median = dict[dict.len() / 2];
    let median = secs[secs.len() / 2];
    let base_median = base[base.len() / 2];
    outln!(
        "corpus: {} documents, {} words, {:.1} MB, {} events",
        inputs.len(),
        words,
        bytes as f64 / 1e6,
        events
    );
    outln!("resources loaded once in {load_ms:.0} ms");
    outln!(
        "extract, 1 thread: median {:.3} s over {} runs (min {:.3}, max {:.3})",
        median,
        secs.len(),
        secs[0],
        secs[secs.len() - 1]
    );
    outln!(
        "  {:.0} words/s per core (median; best run {:.0})",
        words as f64 / median,
        words as f64 / secs[0]
    );
    outln!("  {:.0} documents/s per core", inputs.len() as f64 / median);
    outln!("  {:.1} MB/s per core", bytes as f64 / 1e6 / median);
    outln!(
        "baseline (normalise + tokenise only, same runs): median {:.3} s, {:.0} words/s; \
         extract costs {:.1}x the baseline",
        base_median,
        words as f64 / base_median,
        median / base_median
    );
    outln!(
        "without the entity tagger (dictionaries only, same runs): median {:.3} s, {:.0} words/s; \
         the tagger adds {:.1}%",
        dict_median,
        words as f64 / dict_median,
        (median / dict_median - 1.0) * 100.0
    );
    Ok(())
}

/// The HTML pages under `dir` (recursively), sorted, loaded (gzip-compressed ones inflated).
fn load_pages(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("{}: cannot open", d.display()))? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.display().to_string().to_ascii_lowercase();
                if [".html", ".htm", ".html.gz", ".htm.gz"]
                    .iter()
                    .any(|e| name.ends_with(e))
                {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    anyhow::ensure!(
        !files.is_empty(),
        "{}: no .html or .html.gz pages",
        dir.display()
    );
    files
        .iter()
        .map(|p| {
            let raw = std::fs::read(p)?;
            let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::MultiGzDecoder::new(&raw[..]),
                    &mut out,
                )
                .with_context(|| format!("{}: bad gzip", p.display()))?;
                out
            } else {
                raw
            };
            Ok((p.display().to_string(), bytes))
        })
        .collect()
}

/// One run of the `vigil ingest` pipeline over the pages into a new store at `db`, on
/// `threads` threads: its time and summary.
fn ingest_run(
    pages: &[(String, Vec<u8>)],
    extractor: &Extractor,
    db: &Path,
    threads: usize,
) -> Result<(f64, Summary)> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut store = SqliteStore::open(db)?;
    let t = Instant::now();
    let summary = vigil_corpus::ingest::ingest(
        &mut store,
        Pipeline::new(extractor),
        IngestOptions {
            batch_size: 256,
            threads,
        },
        &mut |sink: &mut Sink<'_>| {
            for (source, bytes) in pages {
                sink(
                    vigil_ingest::html::read_html(bytes, None)
                        .map(|mut a| {
                            a.source.clone_from(source);
                            a
                        })
                        .map_err(|cause| IngestError {
                            item: source.clone(),
                            cause,
                        }),
                );
            }
        },
        &mut |_| {},
    )?;
    Ok((t.elapsed().as_secs_f64(), summary))
}

/// Everything a store holds of its documents, in order: each document's metadata and
/// fingerprints with its events' JSON. Two stores written alike give the same text.
fn store_content(db: &Path) -> Result<String> {
    let store = SqliteStore::open(db)?;
    let mut out = String::new();
    for meta in store.documents(true)? {
        let doc = store
            .document(&meta.id)?
            .with_context(|| format!("{}: listed but not found", meta.id))?;
        out.push_str(&serde_json::to_string(&doc)?);
        out.push('\n');
        for e in store.events(&meta.id)? {
            out.push_str(&serde_json::to_string(&e)?);
            out.push('\n');
        }
    }
    Ok(out)
}

/// The median of some timings.
fn median(mut secs: Vec<f64>) -> f64 {
    secs.sort_by(f64::total_cmp);
    secs[secs.len() / 2]
}

/// `vigil bench ingest DIR`: pages per second for HTML → main text → extract → SQLite store
/// through the `vigil ingest` pipeline (a fresh database file per run, batches of 256), on one
/// thread and on `threads`, the runs interleaved so that a busy machine slows both; then the
/// two stores are compared. The baseline in the same runs is reading the HTML alone.
pub fn ingest(dir: &Path, runs: usize, threads: Option<usize>) -> Result<()> {
    let pages = load_pages(dir)?;
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let threads = threads.unwrap_or_else(cores).max(1);
    let extractor = Extractor::new()?;
    let tmp = std::env::temp_dir().join(format!("vigil-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let (one_db, many_db) = (tmp.join("one.db"), tmp.join("many.db"));
    let mut base = Vec::new();
    let mut one = Vec::new();
    let mut many = Vec::new();
    let mut summary = Summary::default();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let mut n = 0;
        for (_, b) in &pages {
            n += vigil_ingest::html::read_html(b, None).map_or(0, |a| a.paragraphs.len());
        }
        std::hint::black_box(n);
        base.push(t.elapsed().as_secs_f64());
        let (secs, s) = ingest_run(&pages, &extractor, &one_db, 1)?;
        one.push(secs);
        summary = s;
        many.push(ingest_run(&pages, &extractor, &many_db, threads)?.0);
    }
    let same = store_content(&one_db)? == store_content(&many_db)?;
    let _ = std::fs::remove_dir_all(&tmp);
    outln!(
        "corpus: {} pages, {:.1} MB; {} read, {} rejected, {} stored ({} near-duplicates), {} events",
        pages.len(),
        bytes as f64 / 1e6,
        summary.read,
        summary.errors(),
        summary.stored,
        summary.duplicates,
        summary.events
    );
    let per_sec = |secs: &[f64]| pages.len() as f64 / median(secs.to_vec());
    for (n, secs) in [(1, &one), (threads, &many)] {
        let best = secs.iter().copied().fold(f64::INFINITY, f64::min);
        outln!(
            "ingest (HTML -> extract -> SQLite), {n} thread{}: median {:.3} s over {} runs (min {best:.3}): {:.0} pages/s",
            if n == 1 { "" } else { "s" },
            median(secs.clone()),
            secs.len(),
            per_sec(secs)
        );
    }
    outln!(
        "  {threads} threads / 1 thread: {:.2}x; stores {}",
        per_sec(&many) / per_sec(&one),
        if same {
            "identical (every document and event the same)"
        } else {
            "DIFFER"
        }
    );
    outln!(
        "baseline (HTML main text only, same runs): median {:.3} s, {:.0} pages/s",
        median(base.clone()),
        per_sec(&base)
    );
    anyhow::ensure!(same, "the one-thread and {threads}-thread stores differ");
    Ok(())
}

/// `vigil bench ner FILE`: tokens per second per core of the entity tagger.
pub fn ner(file: &Path, runs: usize) -> Result<()> {
    let t0 = Instant::now();
    let model = vigil_ner::Model::embedded();
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let sentences = vigil_ner::conll::read_file(file)?;
    let r = vigil_ner::bench(model, &sentences, runs);
    outln!("model loaded once in {load_ms:.0} ms");
    outln!(
        "tagging, 1 thread: {} tokens per run, {} runs: median {:.0} tokens/s per core (best {:.0})",
        r.tokens, r.runs, r.median_tokens_per_sec, r.max_tokens_per_sec
    );
    Ok(())
}
