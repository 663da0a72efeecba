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
    /// Instead of scoring, write each set's documents as JSON lines (`id`, `text`,
    /// `published`) to this file, for another extractor (an older Vigil) to read.
    pub texts: Option<&'a Path>,
    /// Score these outputs (JSON lines, one document output per set document, in order: what
    /// `vigil extract --format jsonl` writes for the `--texts` file) instead of extracting.
    pub outputs: Option<&'a Path>,
}

/// The ordinary pages of the trafilatura set (`eval/html/trafilatura`: news, blogs, shops,
/// government sites; mostly German): documents that report no event, so every event Vigil
/// finds in them is a false alarm or one of the few real reports among them (`--misses` lists
/// them for reading).
pub const PAGES: &str = "pages";

fn load_pages(shared: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let dir = shared.join("eval/html/trafilatura");
    let pages = vigil_ingest::eval::page_texts(&dir).map_err(anyhow::Error::msg)?;
    Ok(pages
        .into_iter()
        .map(|(name, text, published)| GoldDoc {
            id: name,
            text,
            published,
            coverage: vigil_eval::Coverage::Document,
            ..GoldDoc::default()
        })
        .collect())
}

/// Runs the command on the named sets (`all` for every one).
///
/// # Errors
/// An unknown set name, or a set that cannot be read.
pub fn run(names: &[String], opts: &Options) -> anyhow::Result<()> {
    let mut sets: Vec<Option<Set>> = Vec::new();
    for n in names {
        if n == "all" {
            sets.extend(Set::ALL.map(Some));
            sets.push(None);
        } else if n == PAGES {
            sets.push(None);
        } else {
            let s = Set::parse(n).with_context(|| {
                let known: Vec<&str> = Set::ALL.iter().map(|s| s.name()).collect();
                format!(
                    "unknown set {n:?}; known: all, {}, {PAGES}",
                    known.join(", ")
                )
            })?;
            sets.push(Some(s));
        }
    }
    let x = Extractor::new()?;
    let mut out = std::io::stdout().lock();
    for set in sets {
        let (name, path) = set.map_or((PAGES, "eval/html/trafilatura"), |s| (s.name(), s.path()));
        let docs = match set {
            Some(s) => vigil_eval::load(s, opts.shared)?,
            None => load_pages(opts.shared)?,
        };
        if let Some(path) = opts.texts {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("{}: cannot write", path.display()))?,
            );
            for d in &docs {
                let line = serde_json::json!({
                    "id": d.id,
                    "text": d.text,
                    "published": d.published.map(|p| p.to_string()),
                });
                writeln!(f, "{line}")?;
            }
            continue;
        }
        let t0 = std::time::Instant::now();
        let predicted = match opts.outputs {
            Some(path) => {
                let body = std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read", path.display()))?;
                let outs: Vec<DocumentOutput> = body
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .enumerate()
                    .map(|(i, l)| {
                        serde_json::from_str(l).with_context(|| {
                            format!("{}:{}: not a document output", path.display(), i + 1)
                        })
                    })
                    .collect::<anyhow::Result<_>>()?;
                anyhow::ensure!(
                    outs.len() == docs.len(),
                    "{}: {} outputs for the {} documents of {name}",
                    path.display(),
                    outs.len(),
                    docs.len()
                );
                outs
            }
            None => extract_all(&x, &docs, opts.threads),
        };
        let secs = t0.elapsed().as_secs_f64();
        let report = score::score(&docs, &predicted, opts.misses);
        if opts.json {
            let mut v = serde_json::to_value(&report)?;
            v["set"] = name.into();
            v["seconds"] = secs.into();
            writeln!(out, "{v}")?;
        } else {
            writeln!(out, "== {name} ({path})")?;
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
