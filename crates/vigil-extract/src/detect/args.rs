//! Arguments: which words of an event's sentence are its agent (the perpetrator, the arresting
//! force, who threatens), its patient (the victim or target, the suspect, who is threatened),
//! its instrument (the weapon) and its place.
//!
//! Every content word of the sentence is a candidate head; a logistic regression over features
//! of the pair (trigger, candidate) — the candidate's form and clusters, the trigger's stem and
//! kind, direction and distance, the prepositions and commas between, a passive trigger with
//! "by", what the candidate is (an actor, a person, a place, a number, a weapon) — gives each
//! role's probability. Trained with the detector by `vigil train events` on the arguments of
//! WikiEvents, M2E2, GENEVA and RAMS.

use super::clusters::{fnv, NONE};
use super::features::{DocContext, Form};
use super::linear::Linear;
use vigil_model::{EventKind, Role, TokenKind};

/// Argument roles, across event kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ArgRole {
    /// Not an argument.
    None = 0,
    /// Who does it: perpetrator, arresting agency, issuer of a threat, operator.
    Agent = 1,
    /// To whom or what: victim, target, suspect arrested, who is threatened.
    Patient = 2,
    /// With what: the weapon.
    Instrument = 3,
    /// Where.
    Place = 4,
}

/// Number of argument roles.
pub const ARG_CLASSES: usize = 5;

impl ArgRole {
    /// The role group of a Vigil role, for training.
    #[must_use]
    pub fn of(role: Role) -> ArgRole {
        match role {
            Role::PerpetratorOrg
            | Role::PerpetratorIndividual
            | Role::Agency
            | Role::Operator
            | Role::IssuerOrg
            | Role::IssuerIndividual
            | Role::Issuer => ArgRole::Agent,
            Role::Victim
            | Role::Target
            | Role::Suspect
            | Role::SuspectedOrg
            | Role::TargetOrg
            | Role::TargetIndividual => ArgRole::Patient,
            Role::Weapon => ArgRole::Instrument,
            Role::Place => ArgRole::Place,
            _ => ArgRole::None,
        }
    }
}

/// What kind of event the trigger reports, as the argument model sees it.
#[must_use]
pub fn kind_tag(kind: Option<EventKind>, casualty: bool) -> u8 {
    match kind {
        _ if casualty => 4,
        Some(EventKind::Attack) => 1,
        Some(EventKind::Arrest) => 2,
        Some(EventKind::Threat) => 3,
        Some(EventKind::CounterOperation) => 5,
        _ => 0,
    }
}

const STOP: &[&str] = &[
    "the", "a", "an", "of", "in", "on", "at", "by", "to", "and", "or", "for", "with", "from",
    "was", "were", "is", "are", "be", "been", "has", "have", "had", "that", "which", "who", "it",
    "its", "this", "these", "those", "as", "but", "also", "not", "after", "before", "during",
    "into", "than", "then", "there", "their", "they", "he", "she", "his", "her", "said", "says",
    "would", "could", "will", "did", "do", "does", "about", "over", "under",
];

const PREPS: &[&str] = &[
    "by",
    "on",
    "in",
    "at",
    "against",
    "of",
    "with",
    "near",
    "outside",
    "inside",
    "from",
    "to",
    "targeting",
    "into",
    "for",
    "after",
    "when",
    "while",
    "said",
    "told",
    "including",
    "among",
];

/// Whether a token may head an argument.
#[must_use]
pub(crate) fn candidate(ctx: &DocContext, i: usize) -> bool {
    let a = ctx.a;
    matches!(a.tokens[i].kind, TokenKind::Word | TokenKind::Number)
        && !STOP.contains(&a.low(i))
        && !(a.low(i).len() == 1 && a.tokens[i].kind == TokenKind::Word && a.low(i) != "i")
}

#[inline]
fn h(template: u8, v: u64) -> u32 {
    let x = (v ^ (u64::from(template) << 56)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> (64 - super::features::BITS)) as u32
}

#[inline]
fn h2(template: u8, a: u64, b: u64) -> u32 {
    h(
        template,
        a.wrapping_mul(0x100_0000_01b3) ^ b.rotate_left(17),
    )
}

/// The features of candidate `c` as an argument of the trigger `trig` (token range) of an event
/// of kind `tag`, in the sentence `range` whose forms are `forms`; `places` marks the tokens of
/// place mentions.
#[allow(clippy::too_many_arguments)]
pub(crate) fn arg_features(
    ctx: &DocContext,
    range: &std::ops::Range<usize>,
    forms: &[Form],
    places: &[bool],
    trig: (usize, usize),
    tag: u8,
    c: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let a = ctx.a;
    let f = &forms[c - range.start];
    let t = &forms[trig.0 - range.start];
    let dir: u64 = if c < trig.0 { 0 } else { 1 };
    let dist = if c < trig.0 {
        trig.0 - c
    } else {
        c + 1 - trig.1
    };
    let bucket: u64 = match dist {
        0..=1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        6..=8 => 5,
        9..=14 => 6,
        _ => 7,
    };
    let tag = u64::from(tag);
    out.push(h(0, 0));
    out.push(h(1, f.low));
    out.push(h(2, f.stem));
    for g in 0..3 {
        if f.clusters[g] != NONE {
            out.push(h2(3 + g as u8, u64::from(f.clusters[g]), dir));
        }
    }
    out.push(h2(6, tag, dir * 8 + bucket));
    out.push(h2(7, t.stem, dir));
    out.push(h2(8, t.stem, f.stem));
    out.push(h2(9, tag, u64::from(f.clusters[1])));
    out.push(h2(10, dir, u64::from(f.shape)));
    let low = |i: usize| if range.contains(&i) { a.low(i) } else { "" };
    let prev = if c > range.start { low(c - 1) } else { "" };
    let next = low(c + 1);
    out.push(h2(11, fnv(prev.as_bytes()), dir));
    out.push(h2(12, fnv(next.as_bytes()), dir));
    // Between trigger and candidate.
    let (from, to) = if c < trig.0 {
        (c + 1, trig.0)
    } else {
        (trig.1, c)
    };
    let mut commas = 0u64;
    for i in from..to {
        let w = a.low(i);
        if w == "," {
            commas += 1;
        }
        if PREPS.contains(&w) {
            out.push(h2(13, fnv(w.as_bytes()), dir));
        }
        if ctx.lexicon[i].is_some() {
            out.push(h(14, dir));
        }
    }
    out.push(h2(15, commas.min(2), dir));
    let passive = trig.0 > range.start
        && matches!(
            low(trig.0 - 1),
            "was" | "were" | "been" | "being" | "is" | "are"
        )
        || trig.0 > range.start + 1
            && matches!(low(trig.0 - 2), "was" | "were" | "been")
            && low(trig.0 - 1).ends_with("ly");
    out.push(h2(16, u64::from(passive), dir * 8 + bucket.min(3)));
    if passive && c > trig.0 && (from..to).any(|i| a.low(i) == "by") {
        out.push(h(17, tag));
    }
    // What the candidate is.
    let what = u64::from(ctx.actor[c])
        | u64::from(ctx.person[c]) << 2
        | u64::from(ctx.number[c]) << 3
        | u64::from(ctx.vocab[c]) << 4
        | u64::from(places[c]) << 8;
    out.push(h2(18, what, dir));
    out.push(h2(19, what, tag));
    if c + 1 < range.end && places.get(c + 1).copied().unwrap_or(false) {
        out.push(h(20, dir));
    }
    // Right after the trigger, or right before it.
    if dist == 1 {
        out.push(h2(21, dir, tag));
    }
    out.push(h2(22, fnv(prev.as_bytes()), u64::from(f.clusters[1])));
    // The head of a noun phrase: no noun-like word follows it directly.
    let next_content =
        c + 1 < range.end && candidate(ctx, c + 1) && ctx.a.tokens[c + 1].kind == TokenKind::Word;
    out.push(h2(23, u64::from(next_content), dir));
}

/// The argument model and its decision threshold.
#[derive(Clone, PartialEq, Default)]
pub struct ArgModel {
    pub(crate) linear: Linear<ARG_CLASSES>,
    /// Minimum probability of a role to fill it.
    pub threshold: f32,
}

impl std::fmt::Debug for ArgModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArgModel")
            .field("rows", &self.linear.len())
            .field("threshold", &self.threshold)
            .finish()
    }
}
