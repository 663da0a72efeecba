//! Features of a candidate trigger word: its form, stem, shape and clusters, its neighbours,
//! the lexicon's and vocabularies' say, syntax-like cues (passive auxiliary, determiner,
//! preposition after), and what the sentence and document hold (groups, numbers, weapons,
//! forces, sport or fiction words). Each feature is a template id and a value hashed into
//! `2^BITS` rows.

use super::clusters::{fnv, Clusters, NONE};
use vigil_model::{MentionKind, SentenceKind, TokenKind};
use vigil_nlp::Annotated;

/// Rows of the hashed weight table.
pub const BITS: u32 = 21;

/// What the document offers the features, computed once per document.
pub(crate) struct DocContext<'a> {
    pub a: &'a Annotated,
    /// Per token: the lexicon match covering it (kind:subtype:strength hash, and whether the
    /// token starts it).
    pub lexicon: Vec<Option<(u64, bool)>>,
    /// Per token: vocabulary classes covering it (bit 0 channel, 1 weapon, 2 speaker, 3 force).
    pub vocab: Vec<u8>,
    /// Per token: inside an actor mention of a group (1), state or agency (2), other (3).
    pub actor: Vec<u8>,
    /// Per token: a person mention starts or continues here.
    pub person: Vec<bool>,
    /// Per token: a number.
    pub number: Vec<bool>,
    /// The document's topic cues: sport words, fiction or games words.
    pub sport: bool,
    pub fiction: bool,
}

/// Per-token forms, computed once per sentence that is looked at.
#[derive(Clone, Copy)]
pub(crate) struct Form {
    pub low: u64,
    pub stem: u64,
    pub suffix: u64,
    pub clusters: [u16; 3],
    pub shape: u8,
}

const SPORT: &[&str] = &[
    "goal",
    "goals",
    "match",
    "scored",
    "striker",
    "midfielder",
    "league",
    "season",
    "coach",
    "tournament",
    "cup",
    "penalty",
    "quarterback",
    "championship",
    "playoff",
    "derby",
    "fans",
    "stadium",
    "referee",
    "innings",
    "wicket",
];
const FICTION: &[&str] = &[
    "film",
    "movie",
    "director",
    "review",
    "novel",
    "thriller",
    "trailer",
    "episode",
    "sequel",
    "cinemas",
    "gameplay",
    "villain",
    "protagonist",
    "anime",
    "manga",
    "game",
    "games",
    "character",
    "characters",
    "season",
    "series",
    "album",
    "song",
    "players",
    "console",
];

/// A crude stem: inflections off ("bombed", "bombing", "bombs" → "bomb").
#[must_use]
pub fn stem(w: &str) -> &str {
    for suf in ["ings", "ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suf) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    w
}

fn shape(t: &str) -> u8 {
    let mut c = t.chars();
    let Some(first) = c.next() else { return 0 };
    if first.is_uppercase() {
        if t.chars().all(|c| !c.is_lowercase()) {
            1 // ALL CAPS
        } else {
            2 // Title
        }
    } else if first.is_ascii_digit() {
        3
    } else if first.is_alphabetic() {
        4
    } else {
        5
    }
}

impl Form {
    pub(crate) fn of(a: &Annotated, i: usize, clusters: &Clusters) -> Form {
        let low = a.low(i);
        let st = stem(low);
        let suffix = if low.len() > 3 {
            let mut k = low.len() - 3;
            while !low.is_char_boundary(k) {
                k -= 1;
            }
            &low[k..]
        } else {
            low
        };
        let mut cl = clusters.get(low);
        if cl[0] == NONE && st != low {
            cl = clusters.get(st);
        }
        Form {
            low: fnv(low.as_bytes()),
            stem: fnv(st.as_bytes()),
            suffix: fnv(suffix.as_bytes()),
            clusters: cl,
            shape: shape(a.tok(i)),
        }
    }
}

impl<'a> DocContext<'a> {
    pub(crate) fn new(
        a: &'a Annotated,
        lexicon: Vec<Option<(u64, bool)>>,
        vocab_hits: &[(usize, usize, u8)],
    ) -> DocContext<'a> {
        let n = a.tokens.len();
        let mut vocab = vec![0u8; n];
        for &(s, e, bit) in vocab_hits {
            for v in &mut vocab[s..e.min(n)] {
                *v |= bit;
            }
        }
        let mut actor = vec![0u8; n];
        for m in &a.actors {
            let c = match m.kind {
                MentionKind::Group => 1,
                MentionKind::State | MentionKind::Agency => 2,
                _ => 3,
            };
            for v in &mut actor[m.start..m.end.min(n)] {
                *v = c;
            }
        }
        let mut person = vec![false; n];
        for p in &a.persons {
            for v in &mut person[p.start..p.end.min(n)] {
                *v = true;
            }
        }
        let mut number = vec![false; n];
        for m in &a.numbers {
            for v in &mut number[m.start..m.end.min(n)] {
                *v = true;
            }
        }
        let count = |words: &[&str]| (0..n).filter(|&i| words.contains(&a.low(i))).count();
        DocContext {
            a,
            lexicon,
            vocab,
            actor,
            person,
            number,
            sport: count(SPORT) >= 2,
            fiction: count(FICTION) >= 2,
        }
    }
}

#[inline]
fn h(template: u8, v: u64) -> u32 {
    let x = (v ^ (u64::from(template) << 56)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> (64 - BITS)) as u32
}

#[inline]
fn h2(template: u8, a: u64, b: u64) -> u32 {
    h(
        template,
        a.wrapping_mul(0x100_0000_01b3) ^ b.rotate_left(17),
    )
}

const AUX: &[&str] = &[
    "was", "were", "been", "being", "is", "are", "be", "got", "get", "gets", "had",
];
const DET: &[&str] = &[
    "a", "an", "the", "this", "that", "another", "its", "their", "his", "her",
];
const PREP_AFTER: &[&str] = &[
    "on",
    "against",
    "in",
    "at",
    "by",
    "near",
    "outside",
    "targeting",
    "of",
    "with",
    "from",
];

/// Sentence-level cues for the features of its tokens.
pub(crate) struct SentCues {
    group: bool,
    state: bool,
    number: bool,
    weapon: bool,
    force: bool,
    kind: u8,
}

impl SentCues {
    pub(crate) fn new(ctx: &DocContext, si: usize, range: std::ops::Range<usize>) -> SentCues {
        let a = ctx.a;
        SentCues {
            group: range.clone().any(|i| ctx.actor[i] == 1),
            state: range.clone().any(|i| ctx.actor[i] == 2),
            number: range.clone().any(|i| ctx.number[i]),
            weapon: range.clone().any(|i| ctx.vocab[i] & 2 != 0),
            force: range.clone().any(|i| ctx.vocab[i] & 8 != 0),
            kind: match a.sentences[si].kind {
                SentenceKind::Headline => 1,
                SentenceKind::Caption => 2,
                _ => 0,
            },
        }
    }
}

/// The features of token `i` of a sentence (`range`), whose forms are `forms` (indexed from
/// `range.start`).
pub(crate) fn token_features(
    ctx: &DocContext,
    cues: &SentCues,
    range: &std::ops::Range<usize>,
    forms: &[Form],
    i: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let a = ctx.a;
    let at = |k: isize| -> Option<&Form> {
        let j = i as isize + k;
        (j >= range.start as isize && (j as usize) < range.end)
            .then(|| &forms[j as usize - range.start])
    };
    let low = |k: isize| -> &str {
        let j = i as isize + k;
        if j >= range.start as isize && (j as usize) < range.end {
            a.low(j as usize)
        } else {
            ""
        }
    };
    const BOS: u64 = 0x5151;
    let f = at(0).expect("token in sentence");
    let fl = |k: isize| at(k).map_or(BOS, |x| x.low);
    let fc = |k: isize, g: usize| at(k).map_or(u64::from(NONE) + 1, |x| u64::from(x.clusters[g]));
    out.push(h(0, 0));
    out.push(h(1, f.low));
    out.push(h(2, f.stem));
    out.push(h(3, f.suffix));
    for g in 0..3 {
        if f.clusters[g] != NONE {
            out.push(h(4 + g as u8, u64::from(f.clusters[g])));
        }
    }
    out.push(h(7, u64::from(f.shape)));
    out.push(h(8, fl(-1)));
    out.push(h(9, fl(1)));
    out.push(h(10, fl(-2)));
    out.push(h(11, fl(2)));
    out.push(h(12, fc(-1, 1)));
    out.push(h(13, fc(1, 1)));
    out.push(h2(14, fl(-1), f.low));
    out.push(h2(15, f.low, fl(1)));
    if let Some((lex, start)) = ctx.lexicon[i] {
        out.push(h(16, lex));
        out.push(h2(17, lex, u64::from(start)));
    }
    // Capitalised inside a run of capitalised words ("Attack on Titan", "Operation Dawn").
    let cap = |k: isize| at(k).is_some_and(|x| x.shape == 2);
    if f.shape == 2 && i > range.start {
        out.push(h2(
            18,
            u64::from(cap(-1)),
            u64::from(cap(1) || low(1) == "on" && cap(2)),
        ));
    }
    if AUX.contains(&low(-1)) || AUX.contains(&low(-2)) && low(-1).ends_with("ly") {
        out.push(h2(19, 1, f.stem));
    }
    if DET.contains(&low(-1)) {
        out.push(h2(20, fnv(low(-1).as_bytes()), f.stem));
    }
    let next = low(1);
    if PREP_AFTER.contains(&next) {
        out.push(h2(21, fnv(next.as_bytes()), f.stem));
    }
    let flags = u64::from(cues.group)
        | u64::from(cues.state) << 1
        | u64::from(cues.number) << 2
        | u64::from(cues.weapon) << 3
        | u64::from(cues.force) << 4;
    out.push(h(22, flags));
    out.push(h2(23, flags, u64::from(f.clusters[1])));
    out.push(h2(24, u64::from(cues.kind), f.stem));
    out.push(h(25, u64::from(ctx.sport) | u64::from(ctx.fiction) << 1));
    out.push(h2(
        26,
        u64::from(ctx.sport) | u64::from(ctx.fiction) << 1,
        f.stem,
    ));
    // Bag of the middle clusters within three words either side.
    for k in -3..=3isize {
        if k != 0 {
            if let Some(x) = at(k) {
                if x.clusters[1] != NONE {
                    out.push(h(27, u64::from(x.clusters[1])));
                }
            }
        }
    }
    // Neighbours that are actors, persons, numbers or weapons.
    for k in [-2isize, -1, 1, 2] {
        let j = i as isize + k;
        if j < range.start as isize || j as usize >= range.end {
            continue;
        }
        let j = j as usize;
        let c = u64::from(ctx.actor[j])
            | u64::from(ctx.person[j]) << 2
            | u64::from(ctx.number[j]) << 3
            | u64::from(ctx.vocab[j]) << 4;
        if c != 0 {
            out.push(h2(28, (k + 4) as u64, c));
        }
    }
    if a.in_quote(a.tokens[i].span.start) {
        out.push(h(29, 1));
    }
    if a.tokens[i].kind == TokenKind::Word && i + 1 < range.end && a.tok(i + 1) == "-" {
        out.push(h(30, fl(2)));
    }
}
