//! Flags of `train`: the learned models.

use clap::Subcommand;
use std::path::PathBuf;

/// `vigil train …`.
#[derive(Subcommand)]
pub enum TrainCommand {
    /// The entity tagger, from CoNLL-2003 training data, with word clusters from the texts
    /// under the shared folder.
    Ner {
        /// CoNLL training file.
        #[arg(long, default_value = "../shared/eval/conll2003/train.txt")]
        train: PathBuf,
        /// The shared folder whose texts give word clusters (CoNLL, MUC-4, WikiEvents).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = vigil_ner::DEFAULT_MODEL_PATH)]
        out: PathBuf,
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
