//! `vigil train events|ner|muc4`: the learned models, trained deterministically from shared
//! data (`events` in its own module, [`train_events`]).

use super::train_events;
use crate::flags::train::TrainCommand;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use vigil_extract::{muc4, Extractor};
use vigil_ner::roles::{self, RoleModel, RoleTrainOptions};

/// `vigil train …`.
pub fn run(what: TrainCommand) -> Result<ExitCode> {
    match what {
        TrainCommand::Events {
            shared,
            glove,
            out,
            folds,
            threshold,
            epochs,
            rate,
            l2,
        } => {
            train_events::run(&train_events::Options {
                shared,
                glove,
                out,
                folds,
                threshold,
                train: vigil_extract::detect::train::TrainOptions {
                    epochs,
                    rate,
                    l2,
                    ..Default::default()
                },
            })?;
        }
        TrainCommand::Ner {
            train,
            shared,
            glove,
            out,
            cv,
        } => ner(&train, &shared, &glove, &out, cv)?,
        TrainCommand::Muc4 {
            train,
            out,
            epochs,
            cv,
        } => {
            let opts = RoleTrainOptions {
                epochs,
                ..Default::default()
            };
            muc4_roles(&train, &out, &opts, cv)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil train ner [--cv]`.
fn ner(train: &Path, shared: &Path, glove: &Path, out: &Path, cv: bool) -> Result<()> {
    let t0 = std::time::Instant::now();
    let opts = vigil_ner::TrainOptions::default()
        .with_shared_text(shared)
        .with_glove(glove);
    let sents = vigil_ner::conll::read_file(train)?;
    let clusters = vigil_ner::compute_clusters(&sents, &opts)?;
    let (model, _) = vigil_ner::train_sentences(&sents, clusters, &opts, |_, _| {});
    model.save(out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    outln!(
        "trained in {:.1} s; model written to {} ({:.1} MB)",
        t0.elapsed().as_secs_f64(),
        out.display(),
        size as f64 / 1e6
    );
    if cv {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let r = vigil_ner::cross_validate(&sents, &opts, 5, threads)?;
        outln!(
            "cross-validated on {} ({} folds by document): F1 {:.2} (P {:.2}, R {:.2}); lower-cased F1 {:.2}",
            train.display(),
            r.folds,
            r.cased.f1,
            r.cased.precision,
            r.cased.recall,
            r.lower.f1
        );
    }
    Ok(())
}

/// `vigil train muc4 [--cv]`.
fn muc4_roles(train: &Path, out: &Path, opts: &RoleTrainOptions, cv: bool) -> Result<()> {
    let t0 = std::time::Instant::now();
    let text = std::fs::read_to_string(train)
        .with_context(|| format!("{}: cannot read", train.display()))?;
    let docs = roles::read_docs(&text)?;
    let (mut model, report) = roles::train_roles(&docs, opts);
    model.thresholds = roles::Thresholds::tuned();
    model.save(out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    outln!(
        "trained on {} documents ({} tokens, {} epochs, last epoch accuracy {:.4}) in {:.1} s ({:.1} s in all); model written to {} ({:.2} MB)",
        report.documents,
        report.tokens,
        opts.epochs,
        report.epoch_accuracy.last().copied().unwrap_or(0.0),
        report.seconds,
        t0.elapsed().as_secs_f64(),
        out.display(),
        size as f64 / 1e6
    );
    if cv {
        cross_validate(train, &text, &docs, &model, opts)?;
    }
    Ok(())
}

/// The training documents scored cross-validated, as `vigil eval muc4` scores.
fn cross_validate(
    train: &Path,
    text: &str,
    docs: &[roles::RoleDoc],
    model: &RoleModel,
    opts: &RoleTrainOptions,
) -> Result<()> {
    let data = roles::analyse_docs(docs, opts);
    let folds = roles::jackknife_taggers(&data, opts);
    let learned = roles::jackknife_predictions(docs, &data, &folds, &model.thresholds);
    let gold = muc4::read(text).map_err(|e| anyhow::anyhow!("{}: {e}", train.display()))?;
    let extractor = Extractor::new()?;
    let predicted: BTreeMap<_, _> = gold
        .iter()
        .zip(learned)
        .map(|(d, p)| {
            (
                d.docid.clone(),
                muc4::combine(p, &muc4::predict(&extractor, d)),
            )
        })
        .collect();
    let s = muc4::score(&gold, &predicted);
    for (role, p) in s
        .roles
        .iter()
        .map(|(r, p)| (r.as_str(), p))
        .chain([("micro", &s.micro)])
    {
        outln!("cross-validated {}", p.line(role));
    }
    Ok(())
}
