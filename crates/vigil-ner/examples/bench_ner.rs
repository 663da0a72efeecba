//! Tagging throughput of the embedded model on one thread.
//!
//! `cargo run --release -p vigil-ner --example bench_ner -- FILE.conll [RUNS]`

use std::time::Instant;

use vigil_ner::{bench, conll, Model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: bench_ner FILE.conll [RUNS]")?;
    let runs = args.get(1).map_or(Ok(9), |s| s.parse())?;
    let t = Instant::now();
    let model = Model::embedded();
    println!(
        "embedded model decoded in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let sents = conll::read_file(path)?;
    let low: Vec<conll::Sentence> = sents.iter().map(conll::Sentence::lowercased).collect();
    for (name, s) in [("cased", &sents), ("lower-cased", &low)] {
        let b = bench(model, s, runs);
        println!(
            "{name}: median {:.0} tokens/s (max {:.0}) over {} runs of {} tokens",
            b.median_tokens_per_sec, b.max_tokens_per_sec, b.runs, b.tokens
        );
    }
    Ok(())
}
