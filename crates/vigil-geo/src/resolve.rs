//! Toponym recognition and resolution in one document.

use crate::gazetteer::{Gazetteer, NameKind};
use std::collections::BTreeSet;
use vigil_model::{GeoPrecision, MentionKind, PlaceRef, SentenceKind, Span};
use vigil_nlp::Annotated;

/// A place named in the text, resolved or not.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Named through an adjective ("French", "European"): a reference, not a location.
    pub demonym: bool,
    /// The resolved place (precision `unresolved` when no candidate fits).
    pub place: PlaceRef,
}

/// Capitalised words that are also place names but rarely mean the place in news.
const COMMON: &[&str] = &[
    "the",
    "our",
    "we",
    "they",
    "he",
    "she",
    "it",
    "this",
    "that",
    "a",
    "an",
    "in",
    "on",
    "at",
    "and",
    "or",
    "but",
    "for",
    "to",
    "by",
    "with",
    "from",
    "as",
    "all",
    "one",
    "his",
    "her",
    "its",
    "their",
    "there",
    "here",
    "what",
    "when",
    "where",
    "who",
    "new",
    "most",
    "some",
    "of",
    "police",
    "university",
    "sunday",
    "monday",
    "friday",
    "mosque",
    "hospital",
    "church",
    "victoria",
    "charity",
    "justice",
    "progress",
    "opportunity",
    "mission",
    "union",
    "liberty",
    "independence",
    "concord",
    "unity",
    "harmony",
    "faith",
    "hope",
    "eagle",
    "march",
    "may",
    "june",
    "july",
    "august",
    "islam",
    "marina",
    "isis",
    "reading",
    "bath",
    "nice",
    "split",
    "mobile",
    "orange",
    "ocean",
    "ramadan",
    "christian",
    "christians",
    "muslim",
    "muslims",
    "jews",
    "jewish",
    "arab",
    "prime",
    "breitbart",
    "caliphate",
    "lone",
    "pentagon",
    "congress",
    "homeland",
    "media",
    "europe's",
    "crusaders",
    "carter",
    "attal",
    "geller",
    "center",
    "said",
    "defense",
    "president",
    "security",
    "state",
    "islamic",
    "national",
    "news",
];

fn candidate_score(
    g: &Gazetteer,
    idx: u32,
    kind: NameKind,
    doc_countries: &BTreeSet<String>,
    near: &[String],
) -> f64 {
    let e = &g.entries[idx as usize];
    let mut s = (e.population as f64 + 1.0).ln();
    if kind == NameKind::Alternate {
        s -= 3.0;
    }
    if let Some(c) = &e.country {
        if near.iter().any(|n| n == c) {
            s += 12.0;
        }
        if doc_countries.contains(c) {
            s += 6.0;
        }
    }
    if let Some(a) = &e.admin1 {
        if near.iter().any(|n| n == a) {
            s += 15.0;
        }
    }
    match e.level {
        GeoPrecision::Country | GeoPrecision::Region => s += 8.0,
        GeoPrecision::Admin1 => s += 2.0,
        _ => {}
    }
    s
}

pub(crate) fn resolve(g: &Gazetteer, doc: &Annotated) -> Vec<PlaceMention> {
    let text = &doc.text;
    // Tokens inside non-state actor names are not places ("Islamic State", "Boko Haram").
    let mut blocked = vec![false; doc.tokens.len()];
    for a in doc.actors.iter().filter(|a| a.kind != MentionKind::State) {
        blocked[a.start..a.end].iter_mut().for_each(|b| *b = true);
    }
    for p in &doc.persons {
        blocked[p.start..p.end].iter_mut().for_each(|b| *b = true);
    }
    struct Raw<'a> {
        start: usize,
        end: usize,
        sentence: usize,
        cands: &'a [(u32, NameKind)],
    }
    let mut raw: Vec<Raw> = Vec::new();
    for (si, r) in doc.sentence_tokens.iter().enumerate() {
        if doc.sentences[si].kind == SentenceKind::Boilerplate {
            continue;
        }
        let gate = |i: usize| {
            let t = doc.tok(i);
            !blocked[i]
                && (!doc.case.is_mixed() || t.chars().next().is_some_and(char::is_uppercase))
        };
        for m in g.names.find(text, &doc.lower, &doc.tokens, r.clone(), gate) {
            if (m.start..m.end).any(|i| blocked[i]) {
                continue;
            }
            let surface = doc.token_span(m.start, m.end).slice(text);
            let lower = surface.to_ascii_lowercase();
            if COMMON.contains(&lower.as_str())
                || surface.len() < 3 && !surface.chars().all(|c| c.is_uppercase() || c == '.')
            {
                continue;
            }
            raw.push(Raw {
                start: m.start,
                end: m.end,
                sentence: si,
                cands: m.payloads,
            });
        }
    }
    // Filter candidates by case and, in texts without case, by importance.
    let usable = |r: &Raw, c: &(u32, NameKind)| -> bool {
        let surface = doc.token_span(r.start, r.end).slice(text);
        let e = &g.entries[c.0 as usize];
        match c.1 {
            NameKind::ExactCase => {
                doc.case.is_mixed() && {
                    let name_letters = surface.chars().filter(|c| c.is_alphanumeric());
                    // The alias itself is stored in the key only; compare with capitals present.
                    surface.chars().any(char::is_uppercase) && name_letters.count() > 0
                }
            }
            _ if doc.case.is_mixed() => true,
            NameKind::Primary => {
                e.level != GeoPrecision::City || e.population >= 100_000 || surface.contains(' ')
            }
            NameKind::Demonym => true,
            NameKind::Alternate => e.level != GeoPrecision::City,
        }
    };
    // Countries named in the document (explicitly, not through demonyms of cities).
    let mut doc_countries = BTreeSet::new();
    for r in &raw {
        if r.cands
            .iter()
            .filter(|c| usable(r, c))
            .all(|c| g.entries[c.0 as usize].level == GeoPrecision::Country)
        {
            for c in r.cands.iter().filter(|c| usable(r, c)) {
                if let Some(cc) = &g.entries[c.0 as usize].country {
                    doc_countries.insert(cc.clone());
                }
            }
        }
    }
    let mut picks: Vec<(&Raw, u32, NameKind)> = Vec::new();
    for r in &raw {
        // Names right after: "Garland, Texas", "Usulutan department, El Salvador".
        let mut near = Vec::new();
        if doc.low(r.end) == "," {
            for nr in raw.iter().filter(|x| x.start == r.end + 1) {
                for c in nr.cands.iter().filter(|c| usable(nr, c)) {
                    let e = &g.entries[c.0 as usize];
                    if let Some(a) = &e.admin1 {
                        if e.level == GeoPrecision::Admin1 {
                            near.push(a.clone());
                        }
                    }
                    if let Some(cc) = &e.country {
                        if matches!(e.level, GeoPrecision::Country | GeoPrecision::Admin1) {
                            near.push(cc.clone());
                        }
                    }
                }
            }
        }
        let best = r
            .cands
            .iter()
            .filter(|c| usable(r, c))
            .map(|c| (candidate_score(g, c.0, c.1, &doc_countries, &near), c))
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1 .0.cmp(&a.1 .0)));
        if let Some((_, &(idx, kind))) = best {
            picks.push((r, idx, kind));
        }
    }
    // The countries the story is about: those named, those of demonyms and of big cities. A
    // small town elsewhere in the world that shares a name with a word of the story ("Lido
    // beach" in Mogadishu, not the Lido of Venice) is left unresolved.
    let mut focus = doc_countries.clone();
    for (_, idx, kind) in &picks {
        let e = &g.entries[*idx as usize];
        let big = e.level != GeoPrecision::City || e.population >= 1_000_000;
        if let (Some(c), true) = (&e.country, big || *kind == NameKind::Demonym) {
            focus.insert(c.clone());
        }
    }
    let mut out = Vec::new();
    for (r, idx, kind) in picks {
        let e = &g.entries[idx as usize];
        if e.level == GeoPrecision::City
            && e.population < 1_000_000
            && !focus.is_empty()
            && e.country.as_ref().is_some_and(|c| !focus.contains(c))
        {
            continue;
        }
        let span: Span = doc.token_span(r.start, r.end);
        let surface = span.slice(text).to_string();
        out.push(PlaceMention {
            start: r.start,
            end: r.end,
            sentence: r.sentence,
            demonym: kind == NameKind::Demonym,
            place: PlaceRef {
                text: surface,
                name: e.name.clone(),
                geonames_id: e.geonames_id,
                country: e.country.clone(),
                admin1: e.admin1.clone(),
                lat: e.lat,
                lon: e.lon,
                precision: e.level,
                span,
            },
        });
    }
    out
}
