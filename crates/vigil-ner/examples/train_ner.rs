//! Trains the CoNLL-2003 model and reports development scores (for
//! following a run only: settings are chosen by the `cv_ner` example's
//! cross-validated figure, never by these).
//!
//! `NER_SHARED=../shared NER_GLOVE=.vigil-data/glove-6b-50d` give what
//! `vigil train ner` uses.
//!
//! `cargo run --release -p vigil-ner --example train_ner -- TRAIN VALID OUT [EPOCHS] [BITS] [PRUNE]`

use std::time::Instant;

use vigil_ner::{bench, compute_clusters, conll, evaluate, train_sentences, Model, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err("usage: train_ner TRAIN VALID OUT [EPOCHS] [BITS] [PRUNE]".into());
    }
    let train = conll::read_file(&args[0])?;
    let valid = conll::read_file(&args[1])?;
    let valid_low: Vec<conll::Sentence> = valid.iter().map(conll::Sentence::lowercased).collect();
    let opts = TrainOptions {
        epochs: args.get(3).map_or(Ok(14), |s| s.parse())?,
        hash_bits: args.get(4).map_or(Ok(21), |s| s.parse())?,
        prune: args.get(5).map_or(Ok(0), |s| s.parse())?,
        verbose: true,
        runs: std::env::var("NER_RUNS").map_or(Ok(3), |s| s.parse())?,
        ..Default::default()
    };
    let opts = match std::env::var("NER_SHARED") {
        Ok(dir) => opts.with_shared_text(dir),
        Err(_) => opts,
    };
    let opts = match std::env::var("NER_GLOVE") {
        Ok(dir) => opts.with_glove(dir),
        Err(_) => opts,
    };
    let clusters = compute_clusters(&train, &opts)?;
    let (model, report) = train_sentences(&train, clusters, &opts, |epoch, m| {
        let s = evaluate(m, &valid);
        let l = evaluate(m, &valid_low);
        eprintln!(
            "  epoch {epoch}: valid F1 {:.2}, lower-cased {:.2}",
            s.f1, l.f1
        );
    });
    println!(
        "trained on {} sentences / {} tokens in {:.1}s",
        report.sentences, report.tokens, report.seconds
    );
    model.save(&args[2])?;
    let size = std::fs::metadata(&args[2])?.len();
    let t = Instant::now();
    let model = Model::load(&args[2])?;
    println!(
        "model {}: {} bytes, loads in {:.1} ms",
        args[2],
        size,
        t.elapsed().as_secs_f64() * 1e3
    );
    let s = evaluate(&model, &valid);
    println!("valid:\n{}", s.to_table());
    let l = evaluate(&model, &valid_low);
    println!("valid lower-cased:\n{}", l.to_table());
    let b = bench(&model, &valid, 5);
    println!(
        "tagging speed: median {:.0} tokens/s (max {:.0}) over {} runs of {} tokens",
        b.median_tokens_per_sec, b.max_tokens_per_sec, b.runs, b.tokens
    );
    Ok(())
}
