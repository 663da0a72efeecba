//! `vigil bench extract`: words per second per core for `extract` over a real corpus; `vigil
//! bench ingest`: pages per second per core for the whole ingest path.
//!
//! One thread, the whole corpus per run, `runs` timed runs after one warm-up; prints the median
//! and the spread, plus resource load time. Quote medians: these machines are shared.

use anyhow::{Context, Result};
use std::time::Instant;
use vigil_extract::{Extractor, Input};

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

/// Runs the benchmark and prints the figures.
pub fn run(paths: &[String], runs: usize) -> Result<()> {
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
    println!(
        "corpus: {} documents, {} words, {:.1} MB, {} events",
        inputs.len(),
        words,
        bytes as f64 / 1e6,
        events
    );
    println!("resources loaded once in {load_ms:.0} ms");
    println!(
        "extract, 1 thread: median {:.3} s over {} runs (min {:.3}, max {:.3})",
        median,
        secs.len(),
        secs[0],
        secs[secs.len() - 1]
    );
    println!(
        "  {:.0} words/s per core (median; best run {:.0})",
        words as f64 / median,
        words as f64 / secs[0]
    );
    println!("  {:.0} documents/s per core", inputs.len() as f64 / median);
    println!("  {:.1} MB/s per core", bytes as f64 / 1e6 / median);
    println!(
        "baseline (normalise + tokenise only, same runs): median {:.3} s, {:.0} words/s; \
         extract costs {:.1}x the baseline",
        base_median,
        words as f64 / base_median,
        median / base_median
    );
    println!(
        "without the entity tagger (dictionaries only, same runs): median {:.3} s, {:.0} words/s; \
         the tagger adds {:.1}%",
        dict_median,
        words as f64 / dict_median,
        (median / dict_median - 1.0) * 100.0
    );
    Ok(())
}

/// `vigil bench ingest DIR`: pages per second per core for HTML → main text → extract →
/// SQLite store (a fresh database file per run, batches of 256 as `vigil ingest` writes them).
/// The baseline in the same runs is reading the HTML alone.
pub fn ingest(dir: &std::path::Path, runs: usize) -> Result<()> {
    use crate::ingest::Pipeline;
    use vigil_store::{SqliteStore, Store};
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
    // Pages are loaded (and gzip-compressed ones inflated) before timing: the figure is for
    // reading HTML, extracting and storing.
    let pages: Vec<(String, Vec<u8>)> = files
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
        .collect::<Result<_>>()?;
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let x = Extractor::new()?;
    let pipeline = Pipeline {
        x: &x,
        published: None,
    };
    let tmp = std::env::temp_dir().join(format!("vigil-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let read_only = || {
        let mut n = 0;
        for (_, b) in &pages {
            n += vigil_ingest::html::read_html(b, None).map_or(0, |a| a.paragraphs.len());
        }
        std::hint::black_box(n);
    };
    let mut stats = (0usize, 0usize, 0usize);
    // Seconds in each stage of the last run: read HTML, extract, store.
    let mut stages = [0f64; 3];
    let mut full = |run: usize| -> Result<()> {
        let db = tmp.join(format!("run{run}.db"));
        let mut store = SqliteStore::open(&db)?;
        let mut batch = Vec::new();
        let (mut ok, mut events, mut rejected) = (0, 0, 0);
        stages = [0.0; 3];
        for (source, b) in &pages {
            let t = Instant::now();
            let read = vigil_ingest::html::read_html(b, None);
            stages[0] += t.elapsed().as_secs_f64();
            match read {
                Ok(mut a) => {
                    a.source.clone_from(source);
                    let t = Instant::now();
                    let (doc, out) = pipeline.prepare(&a);
                    stages[1] += t.elapsed().as_secs_f64();
                    events += out.events.len();
                    batch.push((doc, out));
                    ok += 1;
                    if batch.len() == 256 {
                        let t = Instant::now();
                        store.put_batch(&batch)?;
                        stages[2] += t.elapsed().as_secs_f64();
                        batch.clear();
                    }
                }
                Err(_) => rejected += 1,
            }
        }
        let t = Instant::now();
        store.put_batch(&batch)?;
        stages[2] += t.elapsed().as_secs_f64();
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        stats = (ok, events, rejected);
        Ok(())
    };
    let mut secs = Vec::new();
    let mut base = Vec::new();
    for run in 0..runs.max(1) {
        let t = Instant::now();
        read_only();
        base.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        full(run)?;
        secs.push(t.elapsed().as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&tmp);
    secs.sort_by(f64::total_cmp);
    base.sort_by(f64::total_cmp);
    let median = secs[secs.len() / 2];
    let base_median = base[base.len() / 2];
    println!(
        "corpus: {} pages, {:.1} MB; {} read, {} rejected, {} events",
        pages.len(),
        bytes as f64 / 1e6,
        stats.0,
        stats.2,
        stats.1
    );
    println!(
        "ingest (HTML -> extract -> SQLite), 1 thread: median {median:.3} s over {} runs (min {:.3}, max {:.3})",
        secs.len(),
        secs[0],
        secs[secs.len() - 1]
    );
    println!(
        "  {:.0} pages/s per core (median; best run {:.0})",
        pages.len() as f64 / median,
        pages.len() as f64 / secs[0]
    );
    println!(
        "  last run by stage: read HTML {:.3} s, extract {:.3} s, store {:.3} s",
        stages[0], stages[1], stages[2]
    );
    println!(
        "baseline (HTML main text only, same runs): median {base_median:.3} s, {:.0} pages/s",
        pages.len() as f64 / base_median
    );
    Ok(())
}
