//! `vigil train events`: the learned event detector, from WikiEvents train, M2E2, GENEVA and
//! RAMS, with word clusters from GloVe; cross-validated by document, the threshold chosen on
//! the cross-validated predictions, never on a split it reports.

use super::eval_events::extract_all;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use vigil_eval::{score, GoldDoc, Set};
use vigil_extract::detect::train::{prepare, train, Prepared, TrainOptions};
use vigil_extract::detect::{Clusters, Detector};
use vigil_extract::Extractor;

/// The sets the detector learns from. UDS train is English web text (reviews, e-mails, blogs)
/// with no event annotation: ordinary text, whose every word is a negative example and whose
/// every detected event counts against precision in the cross-validation.
pub const TRAINING_SETS: [Set; 5] = [
    Set::WikiEventsTrain,
    Set::M2e2,
    Set::Geneva,
    Set::Rams,
    Set::UdsTrain,
];

/// Options of the command.
pub struct Options {
    /// The shared folder.
    pub shared: PathBuf,
    /// The GloVe folder (`scripts/fetch-data --training`).
    pub glove: PathBuf,
    /// Where to write the model.
    pub out: PathBuf,
    /// Cross-validation folds (0: none; the threshold is then the default).
    pub folds: usize,
    /// The detection threshold to ship instead of the cross-validated choice.
    pub threshold: Option<f32>,
    /// Training options.
    pub train: TrainOptions,
}

struct Corpus {
    docs: Vec<GoldDoc>,
    /// (set, first document, one past the last).
    sets: Vec<(Set, usize, usize)>,
}

fn load(shared: &Path) -> anyhow::Result<Corpus> {
    let mut docs = Vec::new();
    let mut sets = Vec::new();
    for s in TRAINING_SETS {
        let mut d = vigil_eval::load(s, shared)?;
        if s == Set::UdsTrain {
            for doc in &mut d {
                doc.events.clear();
                doc.coverage = vigil_eval::Coverage::Complete;
            }
        }
        let start = docs.len();
        docs.extend(d);
        sets.push((s, start, docs.len()));
    }
    Ok(Corpus { docs, sets })
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Reports per training set.
type SetReports = Vec<(Set, score::Report)>;

/// Cross-validated (sentence, kind) scores of each threshold, per training set.
fn cross_validate(
    corpus: &Corpus,
    prepared: &Prepared,
    clusters: &Clusters,
    opts: &Options,
    thresholds: &[(f32, f32)],
) -> anyhow::Result<Vec<((f32, f32), SetReports)>> {
    let folds = opts.folds;
    let fold_of = |d: usize| d % folds;
    let mut models = Vec::new();
    for f in 0..folds {
        let t0 = Instant::now();
        let det = train(
            prepared,
            &|d| fold_of(d) != f,
            clusters.clone(),
            &opts.train,
        );
        errln!(
            "fold {}/{folds}: {} weight rows, {:.0} s",
            f + 1,
            det.rows_len(),
            t0.elapsed().as_secs_f64()
        );
        models.push(det);
    }
    // Word-level scores of the fold models on their held-out documents, at each threshold.
    for &(th, _) in thresholds.iter().filter(|t| t.1 == thresholds[0].1) {
        let mut per = [(0usize, 0usize, 0usize); vigil_extract::detect::CLASSES];
        let mut gate = (0, 0);
        for (f, m) in models.iter().enumerate() {
            let mut m = m.clone();
            m.threshold = th;
            let (p, g) =
                vigil_extract::detect::train::word_scores(&m, prepared, &|d| fold_of(d) == f);
            for (a, b) in per.iter_mut().zip(p) {
                a.0 += b.0;
                a.1 += b.1;
                a.2 += b.2;
            }
            gate.0 += g.0;
            gate.1 += g.1;
        }
        let mut line = format!(
            "  words, threshold {th:.1}: gate passes {}/{} event words;",
            gate.0, gate.1
        );
        for (k, (g, p, c)) in per.iter().enumerate().skip(1) {
            let pr = *c as f64 / (*p).max(1) as f64;
            let re = *c as f64 / (*g).max(1) as f64;
            let f1 = if pr + re > 0.0 {
                2.0 * pr * re / (pr + re)
            } else {
                0.0
            };
            line.push_str(&format!(
                " {} P {pr:.3} R {re:.3} F1 {f1:.3};",
                vigil_extract::detect::Class::ALL[k].as_str()
            ));
        }
        errln!("{line}");
    }
    let base = Extractor::lexicon_only()?;
    let mut out = Vec::new();
    for &(th, arg_th) in thresholds {
        let mut predicted = vec![None; corpus.docs.len()];
        for (f, m) in models.iter().enumerate() {
            let mut m = m.clone();
            m.threshold = th;
            m.args.threshold = arg_th;
            let x = base.clone().with_detector(Some(Arc::new(m)));
            let idx: Vec<usize> = (0..corpus.docs.len())
                .filter(|&d| fold_of(d) == f)
                .collect();
            let docs: Vec<GoldDoc> = idx.iter().map(|&d| corpus.docs[d].clone()).collect();
            for (d, o) in idx.into_iter().zip(extract_all(&x, &docs, threads())) {
                predicted[d] = Some(o);
            }
        }
        let predicted: Vec<_> = predicted
            .into_iter()
            .map(|o| o.expect("every fold"))
            .collect();
        let reports = corpus
            .sets
            .iter()
            .map(|&(s, a, b)| (s, score::score(&corpus.docs[a..b], &predicted[a..b], false)))
            .collect();
        out.push(((th, arg_th), reports));
    }
    Ok(out)
}

/// Runs the command.
///
/// # Errors
/// Missing data, or a model that cannot be written.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let clusters = Clusters::from_glove(&opts.glove).map_err(anyhow::Error::msg)?;
    errln!(
        "{} word clusters from GloVe in {:.0} s",
        clusters.len(),
        t0.elapsed().as_secs_f64()
    );
    let corpus = load(&opts.shared)?;
    let x = Extractor::lexicon_only()?;
    let t1 = Instant::now();
    let prepared = prepare(&x, &clusters, &corpus.docs);
    errln!(
        "{} documents, {} training words annotated in {:.0} s",
        corpus.docs.len(),
        prepared.examples.len(),
        t1.elapsed().as_secs_f64()
    );
    let mut train_opts = opts.train;
    if let Some(t) = opts.threshold {
        train_opts.threshold = t;
    }
    if opts.folds > 1 {
        // Detection threshold first (arguments at the default), then the argument threshold.
        let det_grid: Vec<(f32, f32)> = [0.3, 0.4, 0.5, 0.6, 0.7]
            .iter()
            .map(|&t| (t, train_opts.arg_threshold))
            .collect();
        let results = cross_validate(&corpus, &prepared, &clusters, opts, &det_grid)?;
        outln!(
            "cross-validated ({} folds by document), detection by (sentence, kind):",
            opts.folds
        );
        let pooled = |reports: &SetReports, args: bool| {
            let mut p = score::Prf::default();
            for (s, r) in reports {
                if *s == Set::Rams && !args {
                    continue;
                }
                let t = if args {
                    r.arguments_total()
                } else {
                    r.detection_total()
                };
                p.tp += t.tp;
                p.predicted += t.predicted;
                p.gold += t.gold;
                p.found += t.found;
            }
            p
        };
        let mut best = (f64::MIN, train_opts.threshold);
        for ((th, _), reports) in &results {
            let mut line = format!("  threshold {th:.1}:");
            for (s, r) in reports {
                let t = r.detection_total();
                line.push_str(&format!(
                    "  {} F1 {:.3} (P {:.3} R {:.3})",
                    s.name(),
                    t.f1(),
                    t.p(),
                    t.r()
                ));
            }
            let f1 = pooled(reports, false).f1();
            outln!("{line}  pooled F1 {f1:.3}");
            if f1 > best.0 {
                best = (f1, *th);
            }
        }
        outln!(
            "threshold {:.1} (best pooled cross-validated F1 {:.3})",
            best.1,
            best.0
        );
        match opts.threshold {
            Some(t) => outln!("threshold {t:.1} as given (--threshold)"),
            None => train_opts.threshold = best.1,
        }
        let arg_grid: Vec<(f32, f32)> = [0.3, 0.4, 0.5, 0.6]
            .iter()
            .map(|&a| (train_opts.threshold, a))
            .collect();
        let results = cross_validate(&corpus, &prepared, &clusters, opts, &arg_grid)?;
        let mut best_args = (f64::MIN, train_opts.arg_threshold);
        for ((_, a), reports) in &results {
            let p = pooled(reports, true);
            outln!(
                "  argument threshold {a:.1}: pooled arguments F1 {:.3} (P {:.3} R {:.3})",
                p.f1(),
                p.p(),
                p.r()
            );
            if p.f1() > best_args.0 {
                best_args = (p.f1(), *a);
            }
        }
        train_opts.arg_threshold = best_args.1;
        outln!(
            "argument threshold {:.1} (best pooled cross-validated arguments F1 {:.3})",
            best_args.1,
            best_args.0
        );
        if let Some((_, reports)) = results.iter().find(|(t, _)| t.1 == best_args.1) {
            for (s, r) in reports {
                outln!("== {} cross-validated\n{r}", s.name());
            }
        }
    }
    let t2 = Instant::now();
    let det: Detector = train(&prepared, &|_| true, clusters, &train_opts);
    let bytes = det.to_bytes();
    std::fs::write(&opts.out, &bytes)
        .with_context(|| format!("{}: cannot write", opts.out.display()))?;
    outln!(
        "wrote {} ({} bytes, {} weight rows, threshold {:.1}, argument threshold {:.1}) in {:.0} s; {:.0} s in all",
        opts.out.display(),
        bytes.len(),
        det.rows_len(),
        det.threshold,
        det.args.threshold,
        t2.elapsed().as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
