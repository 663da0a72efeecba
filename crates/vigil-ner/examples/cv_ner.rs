//! Cross-validated (5 folds by document) and valid figures of one training
//! set-up, for choosing settings without selecting on `valid.txt`.
//!
//! `cargo run --release -p vigil-ner --example cv_ner -- TRAIN VALID`
//!
//! Settings from the environment: `NER_GLOVE` (GloVe folder), `NER_SHARED`
//! (shared folder: corpus clusters from its MUC-4/WikiEvents text),
//! `NER_GLOVE_WORDS`, `NER_EPOCHS`, `NER_RUNS`, `NER_BITS`, `NER_MIN_COUNT`, `NER_FOLDS`,
//! `NER_THREADS`; unset ones take `TrainOptions::default()`.

use std::time::Instant;

use vigil_ner::{compute_clusters, conll, cross_validate, evaluate, train_sentences, TrainOptions};

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err("usage: cv_ner TRAIN VALID".into());
    }
    let t0 = Instant::now();
    let train = conll::read_file(&args[0])?;
    let valid = conll::read_file(&args[1])?;
    let valid_low: Vec<conll::Sentence> = valid.iter().map(conll::Sentence::lowercased).collect();
    let d = TrainOptions::default();
    let mut opts = TrainOptions {
        epochs: env("NER_EPOCHS", d.epochs),
        runs: env("NER_RUNS", d.runs),
        hash_bits: env("NER_BITS", d.hash_bits),
        min_count: env("NER_MIN_COUNT", d.min_count),
        glove_words: env("NER_GLOVE_WORDS", d.glove_words),
        glove: std::env::var("NER_GLOVE").ok().map(Into::into),
        verbose: true,
        ..d
    };
    if let Ok(dir) = std::env::var("NER_SHARED") {
        opts = opts.with_shared_text(dir);
    }
    let folds = env("NER_FOLDS", 5);
    let threads = env("NER_THREADS", 2);
    let cv = if folds > 1 {
        Some(cross_validate(&train, &opts, folds, threads)?)
    } else {
        None
    };
    let clusters = compute_clusters(&train, &opts)?;
    let (model, _) = train_sentences(&train, clusters, &opts, |_, _| {});
    let s = evaluate(&model, &valid);
    let l = evaluate(&model, &valid_low);
    let size = model.to_bytes().len();
    let mut line = format!(
        "epochs={} runs={} bits={} min_count={} glove={} corpus={}",
        opts.epochs,
        opts.runs,
        opts.hash_bits,
        opts.min_count,
        opts.glove.as_ref().map_or(0, |_| opts.glove_words),
        opts.cluster_text.is_some()
    );
    if let Some(cv) = cv {
        line += &format!(
            " | cv{} F1 {:.2} lower {:.2}",
            cv.folds, cv.cased.f1, cv.lower.f1
        );
    }
    line += &format!(
        " | valid F1 {:.2} lower {:.2} | {} bytes | {:.0}s",
        s.f1,
        l.f1,
        size,
        t0.elapsed().as_secs_f64()
    );
    println!("{line}");
    Ok(())
}
