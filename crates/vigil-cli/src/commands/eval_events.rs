//! `vigil eval events SET…`: Vigil's events on annotated public news, scored per kind and role.

use anyhow::Context;
use std::io::Write;
use std::path::Path;
use vigil_eval::{score, GoldDoc, Set};
use vigil_extract::{Extractor, Input};
use vigil_model::DocumentOutput;

/// Extracts every gold document's events, on `threads` threads, in order.
pub fn extract_all(x: &Extractor, docs: &[GoldDoc], threads: usize) -> Vec<DocumentOutput> {
    let run = |d: &GoldDoc| {
        let mut input = Input::text(&d.id, &d.text);
        input.published = d.published;
        x.extract(&input)
    };
    let threads = threads.max(1).min(docs.len().max(1));
    if threads == 1 {
        return docs.iter().map(run).collect();
    }
    let chunk = docs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(run).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("extraction thread panicked"))
            .collect()
    })
}

/// Options of the command.
pub struct Options<'a> {
    /// The shared folder.
    pub shared: &'a Path,
    /// One JSON object per set.
    pub json: bool,
    /// List misses after the scores.
    pub misses: bool,
    /// Threads.
    pub threads: usize,
}

/// Runs the command on the named sets (`all` for every one).
///
/// # Errors
/// An unknown set name, or a set that cannot be read.
pub fn run(names: &[String], opts: &Options) -> anyhow::Result<()> {
    let mut sets = Vec::new();
    for n in names {
        if n == "all" {
            sets.extend(Set::ALL);
        } else {
            let s = Set::parse(n).with_context(|| {
                let known: Vec<&str> = Set::ALL.iter().map(|s| s.name()).collect();
                format!("unknown set {n:?}; known: all, {}", known.join(", "))
            })?;
            sets.push(s);
        }
    }
    let x = Extractor::new()?;
    let mut out = std::io::stdout().lock();
    for set in sets {
        let docs = vigil_eval::load(set, opts.shared)?;
        let t0 = std::time::Instant::now();
        let predicted = extract_all(&x, &docs, opts.threads);
        let secs = t0.elapsed().as_secs_f64();
        let report = score::score(&docs, &predicted, opts.misses);
        if opts.json {
            let mut v = serde_json::to_value(&report)?;
            v["set"] = set.name().into();
            v["seconds"] = secs.into();
            writeln!(out, "{v}")?;
        } else {
            writeln!(out, "== {} ({})", set.name(), set.path())?;
            write!(out, "{report}")?;
            if opts.misses {
                for m in &report.misses {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}",
                        m.what,
                        m.kind,
                        m.doc,
                        m.text.replace('\n', " ")
                    )?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
