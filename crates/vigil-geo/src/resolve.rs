//! Toponym recognition and resolution in one document.

use crate::gazetteer::{Entry, Gazetteer, NameKind};
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

/// A given span resolved by [`Gazetteer::resolve_spans`](crate::Gazetteer::resolve_spans).
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedSpan {
    /// The place, as [`Gazetteer::places`](crate::Gazetteer::places) would give it.
    pub place: PlaceRef,
    /// Its coordinates, or for an area without coordinates (a continent, a region) its
    /// representative point where known: for scoring against gold points.
    pub point: Option<(f64, f64)>,
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
    e: &Entry,
    kind: NameKind,
    doc_countries: &BTreeSet<String>,
    near: &[String],
) -> f64 {
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
    if e.capital {
        s += 4.0;
    }
    match e.level {
        GeoPrecision::Country | GeoPrecision::Region => s += 8.0,
        GeoPrecision::Admin1 => s += 2.0,
        _ => {}
    }
    s
}

struct Raw<'a> {
    start: usize,
    end: usize,
    sentence: usize,
    cands: &'a [(u32, NameKind)],
}

/// What a document says about its places: the raw name matches, the countries it names, the
/// pick for each match and the countries the story is about.
struct Analysis<'a> {
    raw: Vec<Raw<'a>>,
    doc_countries: BTreeSet<String>,
    picks: Vec<(usize, u32, NameKind)>,
    focus: BTreeSet<String>,
}

/// Whether candidate `c` fits the surface of a match: by case and, in texts without case, by
/// importance.
fn usable(g: &Gazetteer, doc: &Annotated, start: usize, end: usize, c: &(u32, NameKind)) -> bool {
    let surface = doc.token_span(start, end).slice(&doc.text);
    let e = &g.entries[c.0 as usize];
    match c.1 {
        NameKind::ExactCase => doc.case.is_mixed() && surface.chars().any(char::is_uppercase),
        _ if doc.case.is_mixed() => true,
        NameKind::Primary => {
            e.level != GeoPrecision::City || e.population >= 100_000 || surface.contains(' ')
        }
        NameKind::Demonym => true,
        NameKind::Alternate => e.level != GeoPrecision::City,
    }
}

/// Names right after a match: "Garland, Texas", "Usulutan department, El Salvador".
fn near_after(g: &Gazetteer, doc: &Annotated, raw: &[Raw], end: usize) -> Vec<String> {
    let mut near = Vec::new();
    if doc.low(end) == "," {
        for nr in raw.iter().filter(|x| x.start == end + 1) {
            for c in nr
                .cands
                .iter()
                .filter(|c| usable(g, doc, nr.start, nr.end, c))
            {
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
    near
}

fn analyse<'a>(g: &'a Gazetteer, doc: &Annotated) -> Analysis<'a> {
    let text = &doc.text;
    // Tokens inside non-state actor names are not places ("Islamic State", "Boko Haram").
    let mut blocked = vec![false; doc.tokens.len()];
    for a in doc.actors.iter().filter(|a| a.kind != MentionKind::State) {
        blocked[a.start..a.end].iter_mut().for_each(|b| *b = true);
    }
    for p in &doc.persons {
        blocked[p.start..p.end].iter_mut().for_each(|b| *b = true);
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
    // Countries named in the document (explicitly, not through demonyms of cities).
    let mut doc_countries = BTreeSet::new();
    for r in &raw {
        let mut usable_cands = r.cands.iter().filter(|c| usable(g, doc, r.start, r.end, c));
        if usable_cands
            .clone()
            .all(|c| g.entries[c.0 as usize].level == GeoPrecision::Country)
        {
            for c in usable_cands.by_ref() {
                if let Some(cc) = &g.entries[c.0 as usize].country {
                    doc_countries.insert(cc.clone());
                }
            }
        }
    }
    let mut picks: Vec<(usize, u32, NameKind)> = Vec::new();
    for (ri, r) in raw.iter().enumerate() {
        let near = near_after(g, doc, &raw, r.end);
        let best = r
            .cands
            .iter()
            .filter(|c| usable(g, doc, r.start, r.end, c))
            .map(|c| {
                let e = &g.entries[c.0 as usize];
                (candidate_score(e, c.1, &doc_countries, &near), c)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1 .0.cmp(&a.1 .0)));
        if let Some((_, &(idx, kind))) = best {
            picks.push((ri, idx, kind));
        }
    }
    // The countries the story is about: those named, those of demonyms and of big cities.
    let mut focus = doc_countries.clone();
    for (_, idx, kind) in &picks {
        let e = &g.entries[*idx as usize];
        let big = e.level != GeoPrecision::City || e.population >= 1_000_000;
        if let (Some(c), true) = (&e.country, big || *kind == NameKind::Demonym) {
            focus.insert(c.clone());
        }
    }
    Analysis {
        raw,
        doc_countries,
        picks,
        focus,
    }
}

fn place_ref(e: &Entry, doc: &Annotated, span: Span) -> PlaceRef {
    PlaceRef {
        text: span.slice(&doc.text).to_string(),
        name: e.name.clone(),
        geonames_id: e.geonames_id,
        country: e.country.clone(),
        admin1: e.admin1.clone(),
        lat: e.lat,
        lon: e.lon,
        precision: e.level,
        span,
    }
}

pub(crate) fn resolve(g: &Gazetteer, doc: &Annotated) -> Vec<PlaceMention> {
    let a = analyse(g, doc);
    // A small town elsewhere in the world that shares a name with a word of the story ("Lido
    // beach" in Mogadishu, not the Lido of Venice) is left unresolved.
    let mut out = Vec::new();
    for &(ri, idx, kind) in &a.picks {
        let r = &a.raw[ri];
        let e = &g.entries[idx as usize];
        if e.level == GeoPrecision::City
            && e.population < 1_000_000
            && !a.focus.is_empty()
            && e.country.as_ref().is_some_and(|c| !a.focus.contains(c))
        {
            continue;
        }
        out.push(PlaceMention {
            start: r.start,
            end: r.end,
            sentence: r.sentence,
            demonym: kind == NameKind::Demonym,
            place: place_ref(e, doc, doc.token_span(r.start, r.end)),
        });
    }
    out
}

/// Tokens `[start, end)` that a byte span covers, or `None` when it covers none.
fn token_range(doc: &Annotated, span: Span) -> Option<(usize, usize)> {
    let start = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let end = doc.tokens.partition_point(|t| t.span.start < span.end);
    (start < end).then_some((start, end))
}

/// Resolves given spans (byte offsets of `doc.text`) in the context of the whole document.
pub(crate) fn resolve_spans(
    g: &Gazetteer,
    doc: &Annotated,
    spans: &[Span],
) -> Vec<Option<ResolvedSpan>> {
    let a = analyse(g, doc);
    spans
        .iter()
        .map(|&span| {
            let (start, end) = token_range(doc, span)?;
            let e = resolve_one(g, doc, &a, start, end)?;
            Some(ResolvedSpan {
                place: place_ref(e, doc, span),
                point: e.lat.zip(e.lon).or(e.point),
            })
        })
        .collect()
}

fn resolve_one<'g>(
    g: &'g Gazetteer,
    doc: &Annotated,
    a: &Analysis,
    start: usize,
    end: usize,
) -> Option<&'g Entry> {
    let near = near_after(g, doc, &a.raw, end);
    let minor = g.minor();
    let score = |e: &Entry, kind: NameKind| -> f64 {
        let mut sc = candidate_score(e, kind, &a.doc_countries, &near);
        if let Some(cc) = &e.country {
            if a.focus.contains(cc) {
                sc += 3.0;
            } else if !a.focus.is_empty()
                && e.level == GeoPrecision::City
                && e.population < 1_000_000
                && !e.capital
            {
                // The small town elsewhere that `places` would leave out.
                sc -= 5.0;
            }
        }
        sc
    };
    // The best candidate among the main entries `cands` and, for a whole name, the minor towns.
    let best = |cands: &[(u32, NameKind)], s: usize, e: usize, towns: &[u32]| {
        let surface = doc.token_span(s, e).slice(&doc.text);
        let capitalised = surface.chars().any(char::is_uppercase);
        cands
            .iter()
            .filter(|c| c.1 != NameKind::ExactCase || capitalised)
            .map(|&(i, k)| (&g.entries[i as usize], k))
            .chain(
                towns
                    .iter()
                    .map(|&i| (&minor.entries[i as usize], NameKind::Primary)),
            )
            .map(|(e, k)| (score(e, k), e))
            .max_by(|x, y| {
                x.0.total_cmp(&y.0)
                    .then_with(|| y.1.geonames_id.cmp(&x.1.geonames_id))
            })
            .map(|x| x.1)
    };
    // The whole span, then without a possessive or a leading article.
    let mut e = end;
    let mut s = start;
    if e - s >= 2 && matches!(doc.low(e - 1), "s") && matches!(doc.low(e - 2), "'" | "\u{2019}") {
        e -= 2;
    }
    if e - s >= 2 && doc.low(s) == "the" {
        s += 1;
    }
    // "the Gulf": a name that is a place only with its article.
    let with_article = if start > 0 && doc.low(start - 1) == "the" {
        (start - 1, end)
    } else {
        (start, end)
    };
    for (s, e) in [(start, end), (s, e), with_article] {
        if s >= e {
            continue;
        }
        let surface = doc.token_span(s, e).slice(&doc.text);
        if let Some(found) = best(g.names.get(surface), s, e, minor.names.get(surface)) {
            return Some(found);
        }
    }
    // A place named inside the span ("Russian Higher School of Economics"): the longest match.
    let inner = g
        .names
        .find(&doc.text, &doc.lower, &doc.tokens, start..end, |_| true)
        .into_iter()
        .filter(|m| {
            let surface = doc.token_span(m.start, m.end).slice(&doc.text);
            surface.starts_with(char::is_uppercase)
                && !COMMON.contains(&surface.to_ascii_lowercase().as_str())
        })
        .max_by_key(|m| (m.end - m.start, std::cmp::Reverse(m.start)))?;
    best(inner.payloads, inner.start, inner.end, &[])
}

#[cfg(test)]
mod tests {
    use crate::Gazetteer;
    use vigil_model::{GeoPrecision, Span};
    use vigil_nlp::Nlp;

    fn span_of(text: &str, word: &str) -> Span {
        let s = text.find(word).unwrap();
        Span::new(s, s + word.len())
    }

    #[test]
    fn resolves_given_spans_in_context() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let doc = nlp.annotate(
            "He grew up in Nenagh, Ireland. Officials in Washington said tankers in the \
             Gulf and ships off Europe were safe. Nobody has heard of Qwxzv.",
            None,
        );
        let words = ["Nenagh", "Washington", "Gulf", "Europe", "Qwxzv"];
        let spans: Vec<Span> = words.iter().map(|w| span_of(&doc.text, w)).collect();
        let r = gaz.resolve_spans(&doc, &spans);
        // A town of 10,000 (the minor table), next to its country.
        let nenagh = r[0].as_ref().expect("Nenagh");
        assert_eq!(nenagh.place.geonames_id, Some(2_962_304));
        assert_eq!(nenagh.place.country.as_deref(), Some("IE"));
        assert_eq!(nenagh.place.text, "Nenagh");
        // The capital, not the state.
        let washington = r[1].as_ref().expect("Washington");
        assert_eq!(washington.place.precision, GeoPrecision::City);
        assert_eq!(washington.place.country.as_deref(), Some("US"));
        assert!(washington.point.is_some());
        // "the Gulf" with its article; a region has an id and a point for scoring only.
        let gulf = r[2].as_ref().expect("Gulf");
        assert_eq!(gulf.place.geonames_id, Some(235_616));
        let europe = r[3].as_ref().expect("Europe");
        assert_eq!(europe.place.geonames_id, Some(6_255_148));
        assert_eq!(europe.place.lat, None, "no false point on the place");
        assert!(europe.point.is_some());
        assert!(r[4].is_none(), "unknown name");
        // Running text does not look for minor towns.
        assert!(gaz.places(&doc).iter().all(|m| m.place.name != "Nenagh"));
    }

    #[test]
    fn ap_state_abbreviations() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let doc = nlp.annotate("A man was arrested in Fresno, Calif., on Monday.", None);
        let places = gaz.places(&doc);
        let calif = places
            .iter()
            .find(|m| m.place.text == "Calif.")
            .expect("Calif. found in running text");
        assert_eq!(calif.place.name, "California");
        let fresno = places.iter().find(|m| m.place.text == "Fresno").unwrap();
        assert_eq!(fresno.place.admin1.as_deref(), Some("CA"));
    }

    #[test]
    fn minor_table_loads_every_town() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let minor = gaz.minor();
        assert_eq!(minor.entries.len(), crate::gazetteer::minor_lines());
        assert!(minor.entries.len() > 100_000, "{}", minor.entries.len());
        assert!(minor
            .entries
            .iter()
            .all(|e| e.population < 15_000 || e.lat.is_some()));
        assert!(gaz
            .entries
            .iter()
            .filter(|e| e.level == GeoPrecision::City)
            .all(|e| !minor
                .names
                .get(&e.name)
                .iter()
                .any(|&i| minor.entries[i as usize].geonames_id == e.geonames_id)));
    }
}
