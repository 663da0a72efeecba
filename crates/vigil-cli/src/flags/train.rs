//! Flags of `train`: the learned models.

use clap::Subcommand;
use std::path::PathBuf;

/// `vigil train …`.
#[derive(Subcommand)]
pub enum TrainCommand {
    /// The learned event detector (data/events/detector.model), from WikiEvents train, M2E2,
    /// GENEVA and RAMS, with word clusters from GloVe (`scripts/fetch-data --training`);
    /// deterministic.
    Events {
        /// The shared folder holding the corpora.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// The GloVe folder written by `scripts/fetch-data --training`.
        #[arg(long, default_value = ".vigil-data/glove-6b-50d")]
        glove: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "data/events/detector.model")]
        out: PathBuf,
        /// Cross-validation folds by document (the threshold is chosen on their predictions);
        /// 0 or 1 trains once with the default threshold.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// The detection threshold to ship, instead of the cross-validated choice (whose
        /// report is printed all the same): for a flat curve, where the choice is noise.
        #[arg(long)]
        threshold: Option<f32>,
        /// Passes over the training words.
        #[arg(long, default_value_t = vigil_extract::detect::train::TrainOptions::default().epochs)]
        epochs: usize,
        /// AdaGrad learning rate.
        #[arg(long, default_value_t = vigil_extract::detect::train::TrainOptions::default().rate)]
        rate: f32,
        /// L2 penalty on the weights of each example's features.
        #[arg(long, default_value_t = vigil_extract::detect::train::TrainOptions::default().l2)]
        l2: f32,
    },
    /// The entity tagger (data/ner/conll-en.model), from CoNLL-2003 training data, with word
    /// clusters from GloVe (`scripts/fetch-data --training`) and from the texts under the
    /// shared folder; deterministic.
    Ner {
        /// CoNLL training file.
        #[arg(long, default_value = "../shared/eval/conll2003/train.txt")]
        train: PathBuf,
        /// The shared folder whose texts give corpus word clusters (CoNLL, MUC-4, WikiEvents).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// The GloVe folder written by `scripts/fetch-data --training`.
        #[arg(long, default_value = ".vigil-data/glove-6b-50d")]
        glove: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = vigil_ner::DEFAULT_MODEL_PATH)]
        out: PathBuf,
        /// Also report a cross-validated figure on the training data: five more taggers, each
        /// trained without a fifth of the documents, tag that fifth (cased and lower-cased).
        #[arg(long)]
        cv: bool,
    },
    /// The MUC-4 role-filler tagger, from a file in the GRIT layout (deterministic).
    Muc4 {
        /// Training documents in the GRIT layout.
        #[arg(long, default_value = "../shared/eval/muc4/train.json")]
        train: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = vigil_ner::roles::DEFAULT_ROLE_MODEL_PATH)]
        out: PathBuf,
        /// Passes over the training documents.
        #[arg(long, default_value_t = vigil_ner::roles::RoleTrainOptions::default().epochs)]
        epochs: usize,
        /// Also score the training documents cross-validated (five more taggers, each trained
        /// without a fifth of them, tag that fifth; scored as `vigil eval muc4` scores, the
        /// rules' organisations included): a steadier yardstick than the 200 dev documents.
        #[arg(long)]
        cv: bool,
    },
}
