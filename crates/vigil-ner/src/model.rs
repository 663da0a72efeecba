//! The averaged perceptron: training, tagging, the binary format, evaluation
//! and a throughput benchmark.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use crate::clusters::{read_unlabeled, Clusters};
use crate::conll::{self, Scores, Sentence};
use crate::features::{bucket, SentInfo, FEATURE_VERSION, N_DYNAMIC, N_STATIC};
use crate::{Error, Result, Tag, N_CLASSES};

const MAGIC: &[u8; 8] = b"VIGILNER";
const FORMAT_VERSION: u32 = 3;
const SALT_CASED: u64 = 0x00c4_5ed0;
const SALT_UNCASED: u64 = 0x0007_7ca5_ed00_0000;

/// Which feature space a sentence is tagged with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseMode {
    /// Chosen per sentence: [`CaseMode::Cased`] if it has an upper-case
    /// letter, else [`CaseMode::Uncased`].
    Auto,
    /// Features learnt from the original (cased) training text.
    Cased,
    /// Features learnt from a lower-cased copy of the training text.
    Uncased,
}

impl CaseMode {
    fn resolve<S: AsRef<str>>(self, tokens: &[S]) -> CaseMode {
        match self {
            CaseMode::Auto => {
                if tokens
                    .iter()
                    .any(|t| t.as_ref().chars().any(char::is_uppercase))
                {
                    CaseMode::Cased
                } else {
                    CaseMode::Uncased
                }
            }
            m => m,
        }
    }

    fn salt(self) -> u64 {
        match self {
            CaseMode::Uncased => SALT_UNCASED,
            _ => SALT_CASED,
        }
    }
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// log2 of the number of rows of the hashed weight table.
    pub hash_bits: u32,
    /// Also train the uncased feature space on a lower-cased copy.
    pub uncased: bool,
    /// Seed of the shuffling of sentences between epochs.
    pub seed: u64,
    /// Quantised weights with an absolute value below this are dropped
    /// (makes the file smaller); 0 keeps everything.
    pub prune: i16,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Compute word clusters from the training tokens plus these unlabeled
    /// texts (see [`read_unlabeled`] for the formats); `None` trains
    /// without clusters.
    pub cluster_text: Option<Vec<PathBuf>>,
    /// Independent training runs (different sentence orders) whose
    /// averaged weights are averaged again: steadier, same model size.
    pub runs: usize,
    /// GloVe folder (`words.txt`, `vectors.npy`, as written by
    /// `scripts/fetch-data --training`) whose nested k-means clusters of the
    /// [`TrainOptions::glove_words`] most frequent words are stored in the
    /// model; `None` trains without them.
    pub glove: Option<PathBuf>,
    /// Words of GloVe clustered (most frequent first).
    pub glove_words: usize,
    /// Static features (hashed rows) seen in fewer training tokens than
    /// this are never updated, so the model cannot memorise forms seen once
    /// (their rows stay zero and are not stored); 0 or 1 keeps all.
    pub min_count: u32,
}

impl TrainOptions {
    /// Clusters from the unlabeled texts of `../shared/eval` that exist
    /// under `shared` (the MUC-4 train/dev texts and WikiEvents dev).
    pub fn with_shared_text(mut self, shared: impl AsRef<Path>) -> Self {
        let base = shared.as_ref().join("eval");
        let files = ["muc4/train.json", "muc4/dev.json", "wikievents/dev.jsonl"]
            .iter()
            .map(|f| base.join(f))
            .filter(|p| p.exists())
            .collect();
        self.cluster_text = Some(files);
        self
    }

    /// GloVe clusters from the folder `scripts/fetch-data --training`
    /// writes (`.vigil-data/glove-6b-50d`); training fails, naming that
    /// command, when it is missing.
    pub fn with_glove(mut self, dir: impl Into<PathBuf>) -> Self {
        self.glove = Some(dir.into());
        self
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 14,
            hash_bits: 21,
            uncased: true,
            seed: 0x5eed,
            prune: 0,
            verbose: false,
            cluster_text: None,
            runs: 3,
            glove: None,
            glove_words: 200_000,
            min_count: 1,
        }
    }
}

/// Figures about a training run.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Training sentences (both copies when uncased training is on).
    pub sentences: usize,
    /// Training tokens (both copies).
    pub tokens: usize,
    /// Seconds spent, feature extraction included.
    pub seconds: f64,
    /// Share of tokens tagged right during each epoch (before the update).
    pub epoch_accuracy: Vec<f64>,
}

/// A trained tagger: a hashed table of quantised weights.
#[derive(Clone)]
pub struct Model {
    bits: u32,
    /// `(1 << bits) * N_CLASSES` weights, row-major by feature bucket.
    weights: Vec<i16>,
    /// Quantisation scale (weight = q / scale); informational.
    scale: f32,
    pub(crate) clusters: Clusters,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("bits", &self.bits)
            .field("nonzero_rows", &self.nonzero_rows())
            .finish()
    }
}

#[inline]
fn allowed(prev: usize, cls: usize) -> bool {
    // I-X (even, > 0) only after B-X (cls - 1) or I-X.
    cls == 0 || cls % 2 == 1 || prev == cls - 1 || prev == cls
}

/// Trains a model from a CoNLL file.
pub fn train(train_path: impl AsRef<Path>, opts: &TrainOptions) -> Result<Model> {
    let sents = conll::read_file(train_path)?;
    let clusters = compute_clusters(&sents, opts)?;
    Ok(train_sentences(&sents, clusters, opts, |_, _| {}).0)
}

/// Word clusters for training: corpus clusters from the training tokens
/// plus `opts.cluster_text` (none when that is `None`), and GloVe clusters
/// from `opts.glove` (none when that is `None`).
pub fn compute_clusters(sents: &[Sentence], opts: &TrainOptions) -> Result<Clusters> {
    let g = glove_clusters(opts)?;
    Ok(Clusters {
        glove: g.glove,
        ..corpus_clusters(sents, opts)?
    })
}

/// The GloVe clusters of `opts.glove` alone (empty when that is `None`).
pub fn glove_clusters(opts: &TrainOptions) -> Result<Clusters> {
    let Some(dir) = &opts.glove else {
        return Ok(Clusters::default());
    };
    let start = Instant::now();
    let g = crate::glove::read(dir, opts.glove_words).map_err(Error::Glove)?;
    let ids = crate::glove::nested_clusters(
        &g,
        crate::clusters::KS[0],
        crate::clusters::KS[1],
        crate::clusters::KS[2],
    );
    let c = Clusters::default().with_glove(&g, &ids);
    if opts.verbose {
        eprintln!(
            "GloVe clusters: {} words ({} keys) in {:.1}s",
            g.words.len(),
            c.glove.len(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(c)
}

fn corpus_clusters(sents: &[Sentence], opts: &TrainOptions) -> Result<Clusters> {
    let Some(files) = &opts.cluster_text else {
        return Ok(Clusters::default());
    };
    let start = Instant::now();
    let mut text: Vec<Vec<String>> = sents.iter().map(|s| s.tokens.clone()).collect();
    for f in files {
        text.extend(read_unlabeled(f)?);
    }
    let c = Clusters::compute(&text, opts.seed);
    if opts.verbose {
        eprintln!(
            "clusters: {} words from {} tokens in {:.1}s",
            c.map.len(),
            text.iter().map(Vec::len).sum::<usize>(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(c)
}

/// Trains a model from parsed sentences. `on_epoch(epoch, &model)` is
/// called after each epoch with the averaged model so far (e.g. to follow
/// a development score); it costs a copy of the weights per call.
pub fn train_sentences(
    sents: &[Sentence],
    clusters: Clusters,
    opts: &TrainOptions,
    mut on_epoch: impl FnMut(usize, &Model),
) -> (Model, TrainReport) {
    let start = Instant::now();
    let bits = opts.hash_bits;
    assert!((10..=26).contains(&bits), "hash_bits out of range");
    // Expand into (tokens, gold classes, mode) examples.
    let mut examples: Vec<(Vec<String>, Vec<u8>, CaseMode)> = Vec::new();
    for s in sents {
        let gold: Vec<u8> = s
            .tags
            .iter()
            .map(|t| Tag::parse(t).map_or(0, Tag::index) as u8)
            .collect();
        examples.push((s.tokens.clone(), gold.clone(), CaseMode::Cased));
        if opts.uncased {
            let low = s.lowercased();
            examples.push((low.tokens, gold, CaseMode::Uncased));
        }
    }
    // Static feature buckets, precomputed once.
    let mut offsets = Vec::with_capacity(examples.len() + 1);
    let mut feats: Vec<u32> = Vec::new();
    let mut si = SentInfo::new();
    let mut buf = [0u64; N_STATIC];
    for (toks, _, mode) in &examples {
        offsets.push(feats.len());
        si.fill(toks, &clusters);
        let salt = mode.salt();
        for i in 0..si.len() {
            si.static_features(i, &mut buf);
            feats.extend(buf.iter().map(|&h| bucket(h, salt, bits)));
        }
    }
    offsets.push(feats.len());
    let n_tokens: usize = examples.iter().map(|e| e.0.len()).sum();
    // Rows of static features seen too rarely to be learnt from.
    let frozen: Vec<bool> = if opts.min_count > 1 {
        let mut n = vec![0u32; 1usize << bits];
        for &b in &feats {
            n[b as usize] = n[b as usize].saturating_add(1);
        }
        n.iter().map(|&c| c < opts.min_count).collect()
    } else {
        Vec::new()
    };

    let size = (1usize << bits) * N_CLASSES;
    let runs = opts.runs.max(1);
    let mut sum: Vec<f64> = Vec::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = opts.seed | 1;
    let mut report = TrainReport {
        sentences: examples.len(),
        tokens: n_tokens,
        ..Default::default()
    };
    let mut dbuf = [0u64; N_DYNAMIC];
    let mut dyn_b = [0u32; N_DYNAMIC];
    for run in 0..runs {
        let mut w = vec![0f32; size];
        let mut u = vec![0f64; size];
        let mut c: f64 = 1.0;
        for epoch in 0..opts.epochs {
            // Fisher–Yates with xorshift.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let mut right = 0usize;
            for &e in &order {
                let (toks, gold, mode) = &examples[e];
                si.fill(toks, &clusters);
                let salt = mode.salt();
                let sf = &feats[offsets[e]..offsets[e + 1]];
                let (mut p1, mut p2) = (N_CLASSES, N_CLASSES);
                for i in 0..toks.len() {
                    si.dynamic_features(i, p1, p2, &mut dbuf);
                    for (b, &h) in dyn_b.iter_mut().zip(&dbuf) {
                        *b = bucket(h, salt, bits);
                    }
                    let st = &sf[i * N_STATIC..(i + 1) * N_STATIC];
                    let mut scores = [0f32; N_CLASSES];
                    for &b in st.iter().chain(&dyn_b) {
                        let row = &w[b as usize * N_CLASSES..][..N_CLASSES];
                        for (s, x) in scores.iter_mut().zip(row) {
                            *s += x;
                        }
                    }
                    let mut pred = 0;
                    for k in 1..N_CLASSES {
                        if scores[k] > scores[pred] {
                            pred = k;
                        }
                    }
                    let g = gold[i] as usize;
                    if pred == g {
                        right += 1;
                    } else {
                        let learnt = st
                            .iter()
                            .filter(|&&b| frozen.is_empty() || !frozen[b as usize]);
                        for &b in learnt.chain(&dyn_b) {
                            let r = b as usize * N_CLASSES;
                            w[r + g] += 1.0;
                            u[r + g] += c;
                            w[r + pred] -= 1.0;
                            u[r + pred] -= c;
                        }
                    }
                    c += 1.0;
                    p2 = p1;
                    p1 = pred;
                }
            }
            let acc = right as f64 / n_tokens.max(1) as f64;
            report.epoch_accuracy.push(acc);
            if opts.verbose {
                eprintln!(
                    "epoch {}: train accuracy {:.4} ({:.1}s)",
                    epoch + 1,
                    acc,
                    start.elapsed().as_secs_f64()
                );
            }
            if epoch + 1 < opts.epochs || run + 1 < runs {
                let avg = averaged(&w, &u, c, &sum, run);
                let m = quantize(&avg, bits, opts.prune, &clusters);
                on_epoch(run * opts.epochs + epoch + 1, &m);
            }
        }
        let avg = averaged(&w, &u, c, &sum, 0);
        if sum.is_empty() {
            sum = avg;
        } else {
            sum.iter_mut().zip(avg).for_each(|(s, a)| *s += a);
        }
    }
    let avg: Vec<f64> = sum.iter().map(|&x| x / runs as f64).collect();
    let m = quantize(&avg, bits, opts.prune, &clusters);
    on_epoch(runs * opts.epochs, &m);
    report.seconds = start.elapsed().as_secs_f64();
    (m, report)
}

/// Averaged perceptron weights of the current run; with `done` earlier
/// runs summed in `sum`, the mean over all `done + 1` runs.
fn averaged(w: &[f32], u: &[f64], c: f64, sum: &[f64], done: usize) -> Vec<f64> {
    let mut avg: Vec<f64> = w.iter().zip(u).map(|(&w, &u)| w as f64 - u / c).collect();
    if done > 0 {
        avg.iter_mut()
            .zip(sum)
            .for_each(|(a, s)| *a = (*a + s) / (done + 1) as f64);
    }
    avg
}

fn quantize(avg: &[f64], bits: u32, prune: i16, clusters: &Clusters) -> Model {
    let max = avg.iter().fold(0f64, |m, &x| m.max(x.abs())).max(1e-9);
    let scale = 32767.0 / max;
    let weights = avg
        .iter()
        .map(|&x| {
            let q = (x * scale).round() as i16;
            if q.abs() < prune {
                0
            } else {
                q
            }
        })
        .collect();
    Model {
        bits,
        weights,
        scale: scale as f32,
        clusters: clusters.clone(),
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<SentInfo> = std::cell::RefCell::new(SentInfo::new());
}

static EMBEDDED: OnceLock<Model> = OnceLock::new();

impl Model {
    /// The committed CoNLL-2003 English model (`data/ner/conll-en.model`),
    /// compiled into the binary with `include_bytes!` and decoded on first
    /// use (once per process).
    pub fn embedded() -> &'static Model {
        EMBEDDED.get_or_init(|| {
            Model::from_bytes(include_bytes!("../../../data/ner/conll-en.model"))
                .expect("the embedded model is valid")
        })
    }

    /// Tags one tokenised sentence; the feature space (cased/uncased) is
    /// chosen by whether the sentence has an upper-case letter.
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Tag> {
        self.tag_with(tokens, CaseMode::Auto)
    }

    /// Tags one sentence with a given feature space.
    pub fn tag_with<S: AsRef<str>>(&self, tokens: &[S], mode: CaseMode) -> Vec<Tag> {
        let mut out = Vec::with_capacity(tokens.len());
        self.tag_into(tokens, mode, &mut out);
        out
    }

    /// Like [`Model::tag_with`], appending to `out` (no allocation once
    /// warm).
    pub fn tag_into<S: AsRef<str>>(&self, tokens: &[S], mode: CaseMode, out: &mut Vec<Tag>) {
        let salt = mode.resolve(tokens).salt();
        let bits = self.bits;
        SCRATCH.with(|si| {
            let mut si = si.borrow_mut();
            si.fill(tokens, &self.clusters);
            let mut sbuf = [0u64; N_STATIC];
            let mut dbuf = [0u64; N_DYNAMIC];
            let (mut p1, mut p2) = (N_CLASSES, N_CLASSES);
            for i in 0..tokens.len() {
                si.static_features(i, &mut sbuf);
                si.dynamic_features(i, p1, p2, &mut dbuf);
                let mut scores = [0i32; N_CLASSES];
                for &h in sbuf.iter().chain(&dbuf) {
                    let b = bucket(h, salt, bits) as usize;
                    let row = &self.weights[b * N_CLASSES..][..N_CLASSES];
                    for (s, &x) in scores.iter_mut().zip(row) {
                        *s += x as i32;
                    }
                }
                let mut pred = 0;
                for k in 1..N_CLASSES {
                    if allowed(p1, k) && scores[k] > scores[pred] {
                        pred = k;
                    }
                }
                out.push(Tag::from_index(pred));
                p2 = p1;
                p1 = pred;
            }
        });
    }

    /// The word clusters stored in the model.
    pub fn clusters(&self) -> &Clusters {
        &self.clusters
    }

    fn nonzero_rows(&self) -> usize {
        self.weights
            .chunks_exact(N_CLASSES)
            .filter(|r| r.iter().any(|&x| x != 0))
            .count()
    }

    /// Serialises the model: header, a bitmap of non-zero rows, then those
    /// rows as little-endian `i16`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        let table = write_sparse(&self.weights, N_CLASSES);
        let mut out = Vec::with_capacity(32 + table.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(N_CLASSES as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        self.clusters.write(&mut out);
        out.extend_from_slice(&table);
        out
    }

    /// Decodes a model written by [`Model::to_bytes`] / [`Model::save`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let bad = |m: &str| Error::BadModel(m.to_string());
        if bytes.len() < 28 || &bytes[..8] != MAGIC {
            return Err(bad("not a vigil-ner model"));
        }
        let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap());
        if u32_at(8) != FORMAT_VERSION {
            return Err(bad("unsupported format version"));
        }
        if u32_at(12) != FEATURE_VERSION {
            return Err(bad("model was trained with other features"));
        }
        let bits = u32_at(16);
        if !(10..=26).contains(&bits) || u32_at(20) as usize != N_CLASSES {
            return Err(bad("bad header"));
        }
        let scale = f32::from_le_bytes(bytes[24..28].try_into().unwrap());
        let (clusters, rest) = Clusters::read(&bytes[28..])?;
        let weights = read_sparse(rest, 1usize << bits, N_CLASSES)?;
        Ok(Model {
            bits,
            weights,
            scale,
            clusters,
        })
    }

    /// Writes the model to a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Reads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Model::from_bytes(&bytes)
    }
}

/// Tags every sentence and scores against the gold tags (conlleval rules).
pub fn evaluate(model: &Model, sents: &[Sentence]) -> Scores {
    let gold: Vec<&Vec<String>> = sents.iter().map(|s| &s.tags).collect();
    let gold: Vec<Vec<&str>> = gold
        .iter()
        .map(|g| g.iter().map(String::as_str).collect())
        .collect();
    let pred: Vec<Vec<String>> = sents
        .iter()
        .map(|s| model.tag(&s.tokens).iter().map(Tag::to_string).collect())
        .collect();
    conll::score(&gold, &pred)
}

/// Reads a CoNLL file and scores the model on it; with `lowercase`, every
/// token is lower-cased in memory first.
pub fn evaluate_file(model: &Model, path: impl AsRef<Path>, lowercase: bool) -> Result<Scores> {
    let mut sents = conll::read_file(path)?;
    if lowercase {
        sents = sents.iter().map(Sentence::lowercased).collect();
    }
    Ok(evaluate(model, &sents))
}

/// Cross-validated figures on the training data ([`cross_validate`]).
#[derive(Debug, Clone)]
pub struct CvReport {
    /// Number of folds.
    pub folds: usize,
    /// Every training sentence tagged by the model trained without its
    /// fold, scored together (conlleval rules).
    pub cased: Scores,
    /// The same on a lower-cased copy of the sentences.
    pub lower: Scores,
}

/// The fold (`0..k`) of each sentence: `k` runs of consecutive whole
/// documents (by [`Sentence::doc`], i.e. by `-DOCSTART-`), so that no
/// document is split between training and held-out parts.
pub fn doc_folds(sents: &[Sentence], k: usize) -> Vec<usize> {
    let n_docs = sents.iter().map(|s| s.doc + 1).max().unwrap_or(0).max(1);
    let k = k.max(1);
    sents.iter().map(|s| s.doc * k / n_docs).collect()
}

/// `k`-fold cross-validation by document ([`doc_folds`]): for each fold, a
/// model is trained with `opts` on the other folds (corpus clusters from
/// those folds plus `opts.cluster_text`; GloVe clusters, which owe nothing
/// to the training data, computed once) and tags the fold, cased and
/// lower-cased. Folds run on up to `threads` threads; the result does not
/// depend on their number.
pub fn cross_validate(
    sents: &[Sentence],
    opts: &TrainOptions,
    k: usize,
    threads: usize,
) -> Result<CvReport> {
    let fold = doc_folds(sents, k);
    let glove = glove_clusters(opts)?.glove;
    let quiet = TrainOptions {
        verbose: false,
        ..opts.clone()
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    type FoldOut = Result<Vec<(usize, Vec<String>, Vec<String>)>>;
    let results: std::sync::Mutex<Vec<FoldOut>> = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, k.max(1)) {
            scope.spawn(|| loop {
                let f = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if f >= k {
                    break;
                }
                let start = Instant::now();
                let run = || -> FoldOut {
                    let part: Vec<Sentence> = sents
                        .iter()
                        .zip(&fold)
                        .filter(|(_, &x)| x != f)
                        .map(|(s, _)| s.clone())
                        .collect();
                    let clusters = Clusters {
                        glove: glove.clone(),
                        ..corpus_clusters(&part, &quiet)?
                    };
                    let (m, _) = train_sentences(&part, clusters, &quiet, |_, _| {});
                    Ok(sents
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| fold[i] == f)
                        .map(|(i, s)| {
                            let c = m.tag(&s.tokens).iter().map(Tag::to_string).collect();
                            let l = m
                                .tag(&s.lowercased().tokens)
                                .iter()
                                .map(Tag::to_string)
                                .collect();
                            (i, c, l)
                        })
                        .collect())
                };
                let r = run();
                if opts.verbose {
                    eprintln!(
                        "fold {}/{k} done in {:.1}s",
                        f + 1,
                        start.elapsed().as_secs_f64()
                    );
                }
                results.lock().unwrap().push(r);
            });
        }
    });
    let mut pred = vec![(Vec::new(), Vec::new()); sents.len()];
    for r in results.into_inner().unwrap() {
        for (i, c, l) in r? {
            pred[i] = (c, l);
        }
    }
    let gold: Vec<&[String]> = sents.iter().map(|s| s.tags.as_slice()).collect();
    let gold: Vec<Vec<&str>> = gold
        .iter()
        .map(|g| g.iter().map(String::as_str).collect())
        .collect();
    let cased: Vec<&Vec<String>> = pred.iter().map(|p| &p.0).collect();
    let lower: Vec<&Vec<String>> = pred.iter().map(|p| &p.1).collect();
    Ok(CvReport {
        folds: k,
        cased: conll::score(&gold, &cased.into_iter().cloned().collect::<Vec<_>>()),
        lower: conll::score(&gold, &lower.into_iter().cloned().collect::<Vec<_>>()),
    })
}

/// Result of [`bench()`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchReport {
    /// Tokens tagged per run.
    pub tokens: usize,
    /// Number of timed runs.
    pub runs: usize,
    /// Median tokens per second over the runs (one thread).
    pub median_tokens_per_sec: f64,
    /// Best run.
    pub max_tokens_per_sec: f64,
}

/// Tags `sents` `runs` times on the calling thread (after one warm-up run)
/// and reports the median throughput.
pub fn bench(model: &Model, sents: &[Sentence], runs: usize) -> BenchReport {
    let tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
    let refs: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let mut out = Vec::new();
    let run = |out: &mut Vec<Tag>| {
        let t = Instant::now();
        for s in &refs {
            out.clear();
            model.tag_into(s, CaseMode::Auto, out);
            std::hint::black_box(&out);
        }
        t.elapsed().as_secs_f64()
    };
    run(&mut out);
    let mut rates: Vec<f64> = (0..runs.max(1))
        .map(|_| tokens as f64 / run(&mut out).max(1e-9))
        .collect();
    rates.sort_by(f64::total_cmp);
    BenchReport {
        tokens,
        runs: rates.len(),
        median_tokens_per_sec: rates[rates.len() / 2],
        max_tokens_per_sec: *rates.last().unwrap(),
    }
}

/// A weight table (`width` weights a row) as a bitmap of its non-zero rows, then those rows
/// as little-endian `i16`s: the layout of both model files.
pub(crate) fn write_sparse(weights: &[i16], width: usize) -> Vec<u8> {
    let rows = weights.len() / width;
    let mut bitmap = vec![0u8; rows.div_ceil(8)];
    let mut body = Vec::new();
    for (r, row) in weights.chunks_exact(width).enumerate() {
        if row.iter().any(|&x| x != 0) {
            bitmap[r / 8] |= 1 << (r % 8);
            for &x in row {
                body.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
    bitmap.extend_from_slice(&body);
    bitmap
}

/// Reads what [`write_sparse`] wrote for a table of `rows` rows of `width` weights; the bytes
/// must end with it.
pub(crate) fn read_sparse(bytes: &[u8], rows: usize, width: usize) -> Result<Vec<i16>> {
    let bad = |m: &str| Error::BadModel(m.to_string());
    let bm_len = rows.div_ceil(8);
    let bitmap = bytes.get(..bm_len).ok_or_else(|| bad("truncated"))?;
    let body = &bytes[bm_len..];
    let nonzero: usize = bitmap.iter().map(|b| b.count_ones() as usize).sum();
    if body.len() != nonzero * width * 2 {
        return Err(bad("body size does not match the bitmap"));
    }
    let mut weights = vec![0i16; rows * width];
    let mut vals = body
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]));
    for r in 0..rows {
        if bitmap[r / 8] & (1 << (r % 8)) != 0 {
            for x in &mut weights[r * width..(r + 1) * width] {
                *x = vals.next().unwrap_or(0);
            }
        }
    }
    Ok(weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<Sentence> {
        let mk = |t: &str, g: &str| Sentence {
            tokens: t.split(' ').map(String::from).collect(),
            tags: g.split(' ').map(String::from).collect(),
            doc: 0,
        };
        vec![
            mk("John Smith lives in Paris .", "B-PER I-PER O O B-LOC O"),
            mk("Mary works for Acme Corp .", "B-PER O O B-ORG I-ORG O"),
            mk("He visited Berlin .", "O O B-LOC O"),
        ]
    }

    #[test]
    fn learns_toy_data_and_roundtrips() {
        let opts = TrainOptions {
            epochs: 5,
            hash_bits: 14,
            ..Default::default()
        };
        let opts = TrainOptions {
            cluster_text: Some(vec![]),
            ..opts
        };
        let clusters = compute_clusters(&toy(), &opts).unwrap();
        assert!(!clusters.map.is_empty());
        let (m, rep) = train_sentences(&toy(), clusters, &opts, |_, _| {});
        assert_eq!(rep.sentences, 6);
        let s = evaluate(&m, &toy());
        assert!(s.f1 > 99.0, "{}", s.to_table());
        let low: Vec<Sentence> = toy().iter().map(Sentence::lowercased).collect();
        assert!(evaluate(&m, &low).f1 > 99.0);
        let bytes = m.to_bytes();
        let m2 = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m.weights, m2.weights);
        assert_eq!(m2.tag(&["Mary", "works"]), m.tag(&["Mary", "works"]));
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn cv_folds_keep_documents_whole() {
        let mut sents = Vec::new();
        for doc in 0..23 {
            for k in 0..(1 + doc % 4) {
                sents.push(Sentence {
                    tokens: vec![format!("w{k}")],
                    tags: vec!["O".into()],
                    doc,
                });
            }
        }
        let f = doc_folds(&sents, 5);
        assert_eq!(f.len(), sents.len());
        // Every document lies in one fold; folds are runs of documents, all used.
        let mut fold_of = std::collections::HashMap::new();
        for (s, &k) in sents.iter().zip(&f) {
            assert_eq!(*fold_of.entry(s.doc).or_insert(k), k, "doc {} split", s.doc);
        }
        for w in f.windows(2) {
            assert!(w[0] <= w[1]);
        }
        for k in 0..5 {
            let docs: std::collections::BTreeSet<usize> = sents
                .iter()
                .zip(&f)
                .filter(|(_, &x)| x == k)
                .map(|(s, _)| s.doc)
                .collect();
            assert!((4..=5).contains(&docs.len()), "fold {k}: {docs:?}");
        }
    }

    #[test]
    fn cross_validation_tags_every_sentence_once() {
        let mut sents = Vec::new();
        for doc in 0..5 {
            for mut s in toy() {
                s.doc = doc;
                sents.push(s);
            }
        }
        let opts = TrainOptions {
            epochs: 3,
            hash_bits: 14,
            runs: 1,
            ..Default::default()
        };
        let r = cross_validate(&sents, &opts, 5, 2).unwrap();
        assert_eq!(r.folds, 5);
        assert_eq!(r.cased.gold, 5 * 5);
        assert!(r.cased.f1 > 90.0, "{}", r.cased.to_table());
    }

    #[test]
    fn never_emits_invalid_i_tags() {
        for p in 0..=N_CLASSES {
            for c in 0..N_CLASSES {
                let ok = allowed(p, c);
                match Tag::from_index(c) {
                    Tag::I(t) => assert_eq!(
                        ok,
                        p < N_CLASSES && Tag::from_index(p).entity_type() == Some(t)
                    ),
                    _ => assert!(ok),
                }
            }
        }
    }
}
