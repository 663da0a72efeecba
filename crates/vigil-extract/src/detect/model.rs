//! The trained detector: word clusters, the gate's vocabulary, and a multinomial logistic
//! regression over hashed features, stored compactly (weights quantised to 16 bits, only the
//! rows training touched).

use super::clusters::{fnv, Clusters};
use super::features::BITS;
use super::linear::Linear;
use std::collections::HashSet;

/// What a trigger word reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Nothing.
    None = 0,
    /// An attack (any violence against people or property, by anyone).
    Attack = 1,
    /// An arrest or detention.
    Arrest = 2,
    /// A threat of violence.
    Threat = 3,
    /// Deaths or injuries by violence ("killed", "shot dead", "wounded").
    Casualty = 4,
    /// Deaths or injuries not known to be violent ("died", "dead").
    Death = 5,
}

/// Number of classes.
pub const CLASSES: usize = 6;

impl Class {
    /// Every class, by index.
    pub const ALL: [Class; CLASSES] = [
        Class::None,
        Class::Attack,
        Class::Arrest,
        Class::Threat,
        Class::Casualty,
        Class::Death,
    ];

    /// Its name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Class::None => "none",
            Class::Attack => "attack",
            Class::Arrest => "arrest",
            Class::Threat => "threat",
            Class::Casualty => "casualty",
            Class::Death => "death",
        }
    }
}

const MAGIC: &[u8; 8] = b"VGLDET03";

/// The event detector.
#[derive(Clone, PartialEq)]
pub struct Detector {
    /// Word clusters.
    pub clusters: Clusters,
    /// Hashes of the word stems that may report an event (the gate).
    pub(crate) gate_stems: HashSet<u64>,
    /// Fine clusters that may report an event (the gate, for words never seen in training).
    pub(crate) gate_clusters: HashSet<u16>,
    /// The word classifier.
    pub(crate) linear: Linear<CLASSES>,
    /// Minimum probability of a class to report it.
    pub threshold: f32,
    /// The argument model.
    pub args: super::args::ArgModel,
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector")
            .field("clusters", &self.clusters.len())
            .field("gate_stems", &self.gate_stems.len())
            .field("gate_clusters", &self.gate_clusters.len())
            .field("rows", &self.linear.len())
            .field("threshold", &self.threshold)
            .finish()
    }
}

impl Detector {
    /// Number of weight rows.
    #[must_use]
    pub fn rows_len(&self) -> usize {
        self.linear.len()
    }

    /// Whether training saw this word (its stem) report an event: the model's judgement of it
    /// rests on examples, not on its cluster alone.
    #[must_use]
    pub fn knows(&self, lower: &str) -> bool {
        let st = super::features::stem(lower);
        self.gate_stems.contains(&fnv(st.as_bytes()))
            || self.gate_stems.contains(&fnv(lower.as_bytes()))
    }

    /// Whether a word may report an event (the cheap gate in front of the model).
    #[must_use]
    pub fn may_trigger(&self, lower: &str) -> bool {
        let st = super::features::stem(lower);
        if self.gate_stems.contains(&fnv(st.as_bytes()))
            || self.gate_stems.contains(&fnv(lower.as_bytes()))
        {
            return true;
        }
        let c = self.clusters.get(lower)[2];
        c != super::clusters::NONE && self.gate_clusters.contains(&c)
    }

    /// Class probabilities of a feature vector.
    #[must_use]
    pub fn probabilities(&self, features: &[u32]) -> [f32; CLASSES] {
        self.linear.probabilities(features)
    }

    /// The compact file format.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend_from_slice(&self.threshold.to_le_bytes());
        self.clusters.write(&mut out);
        let mut stems: Vec<u64> = self.gate_stems.iter().copied().collect();
        stems.sort_unstable();
        out.extend_from_slice(&(stems.len() as u32).to_le_bytes());
        for s in stems {
            out.extend_from_slice(&s.to_le_bytes());
        }
        let mut cl: Vec<u16> = self.gate_clusters.iter().copied().collect();
        cl.sort_unstable();
        out.extend_from_slice(&(cl.len() as u32).to_le_bytes());
        for c in cl {
            out.extend_from_slice(&c.to_le_bytes());
        }
        self.linear.write(&mut out);
        out.extend_from_slice(&self.args.threshold.to_le_bytes());
        self.args.linear.write(&mut out);
        out
    }

    /// Reads what [`Detector::to_bytes`] wrote.
    ///
    /// # Errors
    /// A file of another format or version, or a truncated one.
    pub fn from_bytes(bytes: &[u8]) -> Result<Detector, String> {
        let short = || "truncated detector model".to_string();
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err("not a Vigil detector model (or another version)".into());
        }
        let u32at = |b: &[u8], i: usize| -> Result<u32, String> {
            Ok(u32::from_le_bytes(
                b.get(i..i + 4).ok_or_else(short)?.try_into().unwrap(),
            ))
        };
        if u32at(bytes, 8)? != BITS {
            return Err("detector model of another feature width".into());
        }
        let threshold =
            f32::from_le_bytes(bytes.get(12..16).ok_or_else(short)?.try_into().unwrap());
        let (clusters, rest) = Clusters::read(&bytes[16..])?;
        let n = u32at(rest, 0)? as usize;
        let body = rest.get(4..4 + n * 8).ok_or_else(short)?;
        let gate_stems = body
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let rest = &rest[4 + n * 8..];
        let n = u32at(rest, 0)? as usize;
        let body = rest.get(4..4 + n * 2).ok_or_else(short)?;
        let gate_clusters = body
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let rest = &rest[4 + n * 2..];
        let (linear, rest) = Linear::read(rest)?;
        let arg_threshold =
            f32::from_le_bytes(rest.get(..4).ok_or_else(short)?.try_into().unwrap());
        let (arg_linear, rest) = Linear::read(&rest[4..])?;
        if !rest.is_empty() {
            return Err("trailing bytes after the detector model".into());
        }
        Ok(Detector {
            clusters,
            gate_stems,
            gate_clusters,
            linear,
            threshold,
            args: super::args::ArgModel {
                linear: arg_linear,
                threshold: arg_threshold,
            },
        })
    }
}

pub use super::linear::softmax;
