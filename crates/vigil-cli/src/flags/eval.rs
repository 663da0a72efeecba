//! Flags of `eval`: scores on public benchmark data.

use clap::Subcommand;
use std::path::PathBuf;

/// `vigil eval …`.
#[derive(Subcommand)]
pub enum EvalCommand {
    /// Events on annotated real news (WikiEvents, RAMS, M2E2, GENEVA, UDS, ECB+, re3d, UCDP,
    /// MUC-4): detection per kind, arguments per role, modality, duplicates, tolls and places.
    Events {
        /// Sets: wikievents-dev, wikievents-train, rams, m2e2, geneva, uds, ecbplus, re3d,
        /// ucdp, muc4-dev, muc4-train, pages (ordinary web pages: every event is suspect), or
        /// all.
        #[arg(required = true)]
        sets: Vec<String>,
        /// The shared folder holding the corpora.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// One JSON object per set.
        #[arg(long)]
        json: bool,
        /// After the scores, list every missed and spurious event, missed argument and
        /// spurious argument (tab-separated: what, kind or role, document, text; an argument
        /// line gives the values of the other side after it).
        #[arg(long, conflicts_with = "json")]
        misses: bool,
        /// Extraction threads (default: the machine's cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Write the set's documents as JSON lines (id, text, published) to this file instead
        /// of scoring (for another extractor: `vigil extract --format jsonl FILE`).
        #[arg(long, conflicts_with_all = ["outputs", "misses", "json"])]
        texts: Option<PathBuf>,
        /// Score these document outputs (JSON lines, in the order of `--texts`) instead of
        /// extracting.
        #[arg(long)]
        outputs: Option<PathBuf>,
    },
    /// Toponym recognition and resolution on a geoparsing corpus (GeoWebNews, LGL or GeoVirus XML).
    Geo {
        /// The corpus file.
        file: PathBuf,
        /// One JSON object (recognition, resolution).
        #[arg(long)]
        json: bool,
        /// Instead of the scores, list the resolution misses (tab-separated: article, gold
        /// name, gold type, gold id, gold point, ours, our id, our point, how, km).
        #[arg(long, conflicts_with = "json")]
        misses: bool,
        /// Instead of the scores, list the recognition errors (tab-separated: article,
        /// `spurious` or `missed`, text, gold type, context).
        #[arg(long, conflicts_with_all = ["json", "misses"])]
        spans: bool,
    },
    /// MUC-4 role fillers (GRIT layout): per-role and micro precision/recall/F1, CEAF-REE strict.
    Muc4 {
        /// A file in the GRIT layout (`../shared/eval/muc4/dev.json`).
        file: PathBuf,
        /// Also write predictions in GRIT's format to this file.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// One JSON object (`micro` and one object per role).
        #[arg(long)]
        json: bool,
        /// A role model file instead of the committed one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Use the rule-based extractor only, instead of the learned role tagger.
        #[arg(long, conflicts_with = "learned")]
        rules: bool,
        /// Use the learned role tagger only (by default the rule-based extractor adds
        /// perpetrator organisations in documents the tagger finds relevant).
        #[arg(long)]
        learned: bool,
        /// Override the model's thresholds, eleven comma-separated numbers: five per-role
        /// minimum scores, the document minimum, five per-role boosts (role order: PerpInd,
        /// PerpOrg, Target, Victim, Weapon).
        #[arg(long)]
        thresholds: Option<String>,
    },
    /// The entity tagger on a CoNLL file, with conlleval's rules (entity-level exact spans).
    Conll {
        /// A CoNLL-2003 file (token, POS, chunk, NER columns).
        file: PathBuf,
        /// Score a lower-cased copy of the file (made in memory).
        #[arg(long)]
        lowercase: bool,
        /// A model file instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// One JSON object (precision, recall, f1 micro; types).
        #[arg(long)]
        json: bool,
    },
    /// Main-text extraction on a directory with gold.json and pages/ (the trafilatura set).
    Html {
        /// The benchmark directory.
        dir: PathBuf,
        /// One JSON object (precision, recall, f1, date_accuracy).
        #[arg(long)]
        json: bool,
    },
}
