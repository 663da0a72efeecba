//! Toponym recognition and resolution in one document.

use crate::gazetteer::{
    bare, bare_skeleton, close_spelling, edit_distance, folded, skeleton, skeleton_population,
    Entry, Gazetteer, NameKind, SmallTown, ARABIC_NAMES, ARAB_LEAGUE, ARTICLES,
    SKELETON_POPULATION,
};
use std::collections::{BTreeSet, HashMap};
use vigil_model::{GeoPrecision, MentionKind, PlaceRef, SentenceKind, Span, TokenKind};
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
    /// Its coordinates, or for an area without coordinates (a country, a continent) its
    /// representative point where known: for scoring against gold points.
    pub point: Option<(f64, f64)>,
    /// The name is not in the gazetteer, nor any place inside it: `place` is the story's setting
    /// that most likely contains it (a street, a building, a business).
    pub inferred: bool,
}

/// Words after a town's name that make it a facility's name ("Gamboru market").
/// Words that end the name of a part of a city ("the Colonia Centro neighborhood").
const DISTRICT_WORDS: &[&str] = &[
    "neighborhood",
    "neighbourhood",
    "district",
    "barrio",
    "sector",
    "quarter",
];

const FACILITY_WORDS: &[&str] = &[
    "market",
    "mosque",
    "church",
    "hospital",
    "school",
    "camp",
    "bridge",
    "checkpoint",
    "station",
    "hotel",
    "prison",
    "stadium",
    "street",
    "road",
    "junction",
    "roundabout",
];

/// Last words of names of streets, buildings and institutions that stand somewhere ("Royal
/// Street", "Cavan General Hospital"), as written in lower case without a final period.
const FACILITY_HEADS: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "drive",
    "boulevard",
    "blvd",
    "lane",
    "place",
    "parade",
    "square",
    "plaza",
    "center",
    "centre",
    "hospital",
    "clinic",
    "school",
    "high",
    "middle",
    "elementary",
    "academy",
    "college",
    "university",
    "church",
    "chapel",
    "cathedral",
    "mosque",
    "synagogue",
    "temple",
    "castle",
    "palace",
    "theatre",
    "theater",
    "hotel",
    "inn",
    "mall",
    "airport",
    "courthouse",
    "club",
    "farm",
    "farms",
    "tower",
    "stadium",
    "arena",
    "embassy",
    "consulate",
    "library",
    "museum",
    "restaurant",
    "cafe",
    "prison",
    "jail",
    "station",
    "market",
    "complex",
    "campus",
    "building",
    "estate",
    "hall",
    "cargo",
    "office",
    "headquarters",
    "base",
    "camp",
];

/// Words that are names of some small place but inside a longer name are only words ("Bains
/// and Grants Town", "Seoul Central District Court", "Summit of the Americas").
const GENERIC: &[&str] = &[
    "town",
    "city",
    "central",
    "summit",
    "pioneer",
    "august",
    "plantation",
    "republic",
    "valley",
    "delta",
    "north",
    "south",
    "east",
    "west",
    "district",
    "county",
    "court",
    "general",
    "royal",
    "grand",
    "new",
    "old",
    "upper",
    "lower",
    "middle",
    "park",
    "lake",
    "river",
    "beach",
    "bay",
    "harbor",
    "harbour",
    "island",
    "islands",
    "mount",
    "port",
    "federal",
    "national",
    "state",
    "international",
    "metro",
    "capital",
    "union",
    "victoria",
];

/// Words of [`COMMON`] that name towns often struck or reported from: taken as the town after
/// "in", "near" or "outside" where the story names the town's country.
const TOWN_WORDS: &[&str] = &[
    "nice", "reading", "bath", "split", "mobile", "orange", "victoria", "concord", "marina",
];

/// Capitalised words that are also place names but rarely mean the place in news.
pub(crate) const COMMON: &[&str] = &[
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
    // Words of institutions' names: "the European Central Bank", "South Central Ambulance
    // Service", "the Tamil National Alliance", "22nd St. North".
    "central",
    "north",
    "alliance",
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

/// Words for a kind of place that follow its name ("Idlib countryside", "Hama province").
const KIND_AFTER: &[&str] = &[
    "city",
    "town",
    "village",
    "villages",
    "countryside",
    "province",
    "governorate",
    "area",
    "district",
    "neighborhood",
    "neighbourhood",
    "camp",
    "airport",
    "dam",
    "region",
    "suburbs",
    "outskirts",
    "desert",
    "plain",
    "municipality",
    "department",
    "county",
    "corregimiento",
];

/// Whether a locative preposition comes right before tokens `[start, end)` ("in", "near") or a
/// word for a kind of place right after ("city", "countryside").
fn place_cue(doc: &Annotated, start: usize, end: usize, sentence: std::ops::Range<usize>) -> bool {
    const BEFORE: &[&str] = &[
        "in",
        "at",
        "on",
        "of",
        "near",
        "from",
        "to",
        "around",
        "towards",
        "toward",
        "outside",
        "into",
        "across",
        "target",
        "targets",
        "targeting",
        "targeted",
        "bomb",
        "bombs",
        "bombed",
        "shell",
        "shells",
        "shelled",
        "hit",
        "hits",
        "struck",
        "besieged",
    ];
    start > sentence.start && BEFORE.contains(&doc.low(start - 1))
        || end < sentence.end && KIND_AFTER.contains(&doc.low(end))
}

/// Words after a demonym that make it name an actor, not a setting: "Russian airstrikes",
/// "Turkish-backed factions", "U.S. officials".
const ACTOR_NOUNS: &[&str] = &[
    "-",
    "air",
    "aircraft",
    "airstrike",
    "airstrikes",
    "allied",
    "army",
    "artillery",
    "authorities",
    "backed",
    "base",
    "bases",
    "bombardment",
    "bombing",
    "coalition",
    "convoy",
    "defence",
    "defense",
    "drone",
    "drones",
    "embassy",
    "fighters",
    "forces",
    "government",
    "helicopters",
    "jets",
    "led",
    "mercenaries",
    "military",
    "militia",
    "militias",
    "ministry",
    "missile",
    "missiles",
    "navy",
    "occupation",
    "official",
    "officials",
    "patrol",
    "patrols",
    "planes",
    "police",
    "president",
    "raid",
    "raids",
    "shelling",
    "soldiers",
    "special",
    "strike",
    "strikes",
    "troops",
    "warplanes",
    // People abroad told by their nationality: "an Iranian commander in Tadmur", "British
    // tourists in Sousse".
    "commander",
    "commanders",
    "general",
    "officer",
    "officers",
    "soldier",
    "fighter",
    "adviser",
    "advisers",
    "advisors",
    "nationals",
    "citizens",
    "tourists",
    "pilot",
    "volunteers",
    "diplomat",
    "diplomats",
];

/// The longest name of up to four tokens from token `i` (words, hyphens, the article) whose
/// consonant skeleton names a town of the skeleton table, ending on a capitalised word; tokens
/// marked in `blocked` (when it is that long) end the name.
pub(crate) fn spelled_variant<'g>(
    g: &'g Gazetteer,
    doc: &Annotated,
    i: usize,
    limit: usize,
    blocked: &[bool],
) -> Option<(usize, &'g [(u32, NameKind)])> {
    let mut best = None;
    for e in i + 1..=(i + 4).min(limit) {
        let last = doc.tok(e - 1);
        if blocked.get(e - 1).copied().unwrap_or(false)
            || doc.tokens[e - 1].kind != TokenKind::Word && last != "-"
            || e > i + 1
                && doc.tokens[e - 2].span.end < doc.tokens[e - 1].span.start
                && doc.tokens[e - 1].kind != TokenKind::Word
        {
            break;
        }
        // Capitalised, not shouted ("By NAIROBI" is a byline).
        if !last.starts_with(char::is_uppercase)
            || last.len() > 1 && !last.chars().any(char::is_lowercase)
        {
            continue;
        }
        let text = doc.token_span(i, e).slice(&doc.text);
        if COMMON.contains(&text.to_ascii_lowercase().as_str()) {
            continue;
        }
        let Some(spelled) = skeleton(text).and_then(|k| g.skeletons.get(&k)) else {
            continue;
        };
        // The letters must be close too: "Sustainable" shares a skeleton with Istanbul.
        let f = folded(text);
        if spelled.names.iter().any(|n| close_spelling(n, &f)) {
            best = Some((e, spelled.places.as_slice()));
        }
    }
    best
}

/// A name written as the Arabic article, a hyphen and a capitalised word from token `i`
/// ("al-Bab", "Al-Tabaqa") whose letters without the article name a town of the table of
/// Arabic names in another spelling; its end and the towns. A word that adds an "i" to the
/// town ("al-Baghdadi", "al-Halabi") is a family name, not the town.
fn articled_variant<'g>(
    g: &'g Gazetteer,
    doc: &Annotated,
    i: usize,
    limit: usize,
    blocked: &[bool],
) -> Option<(usize, &'g [(u32, NameKind)])> {
    let e = i + 3;
    if e > limit.min(doc.tokens.len())
        || !ARTICLES.contains(&doc.low(i))
        || doc.tok(i + 1) != "-"
        || doc.tokens[i].span.end != doc.tokens[i + 1].span.start
        || doc.tokens[i + 1].span.end != doc.tokens[i + 2].span.start
        || doc.tokens[i + 2].kind != TokenKind::Word
        || blocked[i..e].iter().any(|&b| b)
    {
        return None;
    }
    let word = doc.tok(i + 2);
    // Capitalised, not shouted.
    if !word.starts_with(char::is_uppercase) || !word.chars().any(char::is_lowercase) {
        return None;
    }
    let text = doc.token_span(i, e).slice(&doc.text);
    let groups = bare_skeleton(text).and_then(|k| g.articled.get(&k))?;
    let f = bare(text);
    // The closest spelling among those close enough: exact for short names.
    groups
        .iter()
        .filter(|s| {
            let n = &s.names[0];
            if *n == f {
                true
            } else if f.len() <= 4
                || n.len() <= 4
                || !s.places.iter().any(|&(i, _)| {
                    let e = &g.entries[i as usize];
                    e.population
                        >= e.country
                            .as_deref()
                            .map_or(SKELETON_POPULATION, skeleton_population)
                })
            {
                // Another spelling reaches only big towns: "al-Hader" is not Hadera.
                false
            } else {
                close_spelling(n, &f) && (!f.ends_with('i') || n.ends_with(['i', 'y', 'e']))
            }
        })
        .min_by_key(|s| edit_distance(&s.names[0], &f))
        .map(|s| (e, s.places.as_slice()))
}

/// Whether the Arabic article and a hyphen follow token `end - 1` ("Khan al-Shekh", "Tal
/// al-Toqan"): the name goes on in Arabic.
fn arabic_article(doc: &Annotated, end: usize, limit: usize) -> bool {
    end + 2 < limit.min(doc.tokens.len())
        && ARTICLES.contains(&doc.low(end))
        && doc.low(end + 1) == "-"
        && doc.touches(end + 2)
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
pub(crate) fn usable(
    g: &Gazetteer,
    doc: &Annotated,
    start: usize,
    end: usize,
    c: &(u32, NameKind),
) -> bool {
    let surface = doc.token_span(start, end).slice(&doc.text);
    let e = &g.entries[c.0 as usize];
    match c.1 {
        // A US state's postal code is one only after its town: "Tulsa, OK", not "was OK".
        NameKind::ExactCase
            if e.level == GeoPrecision::Admin1
                && e.country.as_deref() == Some("US")
                && surface.len() == 2 =>
        {
            doc.case.is_mixed()
                && start >= 2
                && doc.tok(start - 1) == ","
                && doc.tok(start - 2).starts_with(char::is_uppercase)
        }
        // An acronym is one only in capitals: "CAR", not a title-case "Car Bomb" (an
        // abbreviation with its stop, "Md.", as written).
        NameKind::ExactCase if surface.chars().count() <= 3 && !surface.contains('.') => {
            doc.case.is_mixed() && surface.chars().all(char::is_uppercase)
        }
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
    // "Tamil Nadu said …" reads like a person's name and a verb of saying, and "Nadu" then
    // like the person's surname: a state's or a country's name of two words or more, and the
    // words in it, stay a place.
    let mut in_area = vec![false; doc.tokens.len()];
    for r in doc
        .sentence_tokens
        .iter()
        .filter(|r| doc.persons.iter().any(|p| r.contains(&p.start)))
    {
        for m in g
            .names
            .find(&doc.text, &doc.lower, &doc.tokens, r.clone(), |i| {
                doc.tok(i).starts_with(char::is_uppercase)
            })
        {
            let area = m.payloads.iter().any(|&(i, _)| {
                matches!(
                    g.entries[i as usize].level,
                    GeoPrecision::Admin1 | GeoPrecision::Country
                )
            });
            if area && m.end >= m.start + 2 {
                in_area[m.start..m.end].iter_mut().for_each(|b| *b = true);
            }
        }
    }
    for p in &doc.persons {
        if !in_area[p.start..p.end].iter().all(|&b| b) {
            blocked[p.start..p.end].iter_mut().for_each(|b| *b = true);
        }
    }
    let mut raw: Vec<Raw> = Vec::new();
    let mut held: Vec<Raw> = Vec::new();
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
            if COMMON.contains(&lower.as_str()) {
                // A town's name that is also a word, capitalised mid-sentence after a word of
                // place: kept until the story's countries are known ("the attack in Nice").
                if doc.case.is_mixed()
                    && TOWN_WORDS.contains(&lower.as_str())
                    && m.start > r.start + 1
                    && m.end == m.start + 1
                    && matches!(doc.low(m.start - 1), "in" | "near" | "outside")
                    && doc.tok(m.start).starts_with(char::is_uppercase)
                {
                    held.push(Raw {
                        start: m.start,
                        end: m.end,
                        sentence: si,
                        cands: m.payloads,
                    });
                }
                continue;
            }
            if surface.len() < 3 && !surface.chars().all(|c| c.is_uppercase() || c == '.') {
                continue;
            }
            // A name before or after the Arabic article ("Khan al-Shekh", "al-Arima") is an
            // Arabic name: not a town of Germany or Trinidad. ("Daraa al-Balad" keeps Daraa.)
            let after_article = m.start >= 2
                && doc.low(m.start - 1) == "-"
                && ARTICLES.contains(&doc.low(m.start - 2));
            // The end of a longer name ("Maarat al-Numan", "Khan al-Shekh") is no town of its
            // own; a name written after the article alone ("al-Bab") is a town of the Arab
            // League, whose towns are written so (not Numan of Nigeria).
            if after_article
                && m.start >= 3
                && doc.tokens[m.start - 3].kind == TokenKind::Word
                && doc.tok(m.start - 3).starts_with(char::is_uppercase)
                && !ARTICLES.contains(&doc.low(m.start - 3))
            {
                continue;
            }
            let arabic = after_article || arabic_article(doc, m.end, r.end);
            let home = if after_article {
                ARAB_LEAGUE
            } else {
                ARABIC_NAMES
            };
            if arabic
                && !m.payloads.iter().any(|c| {
                    let e = &g.entries[c.0 as usize];
                    e.country.as_deref().is_none_or(|cc| home.contains(&cc))
                })
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
    // Towns written in a variant spelling ("Deir Ezzor", "Menbej"): in a story that names a
    // country, a province or a city of 100,000 people with Arabic place names, or with a cue of
    // place around the name ("in Menbej", "Qamishli city").
    if !g.skeletons.is_empty() && doc.case.is_mixed() {
        let arabic_story = raw.iter().any(|x| {
            x.cands.iter().any(|c| {
                let e = &g.entries[c.0 as usize];
                (e.level != GeoPrecision::City || e.population >= 100_000)
                    && e.country
                        .as_deref()
                        .is_some_and(|cc| ARABIC_NAMES.contains(&cc))
            })
        });
        // Each token's match as written: its first token and its end.
        let mut known: Vec<Option<(usize, usize)>> = vec![None; doc.tokens.len()];
        for x in &raw {
            known[x.start..x.end]
                .iter_mut()
                .for_each(|k| *k = Some((x.start, x.end)));
        }
        let mut found: Vec<Raw<'a>> = Vec::new();
        for (si, r) in doc.sentence_tokens.iter().enumerate() {
            if doc.sentences[si].kind == SentenceKind::Boilerplate {
                continue;
            }
            let mut i = r.start;
            while i < r.end {
                // A name matched as it is written stands, unless a longer variant spelling
                // starts with it ("Deir" of "Deir Ezzor").
                let known_end = known[i].map(|(_, e)| e);
                let next = known_end.unwrap_or(i + 1).max(i + 1);
                if blocked[i]
                    || doc.tokens[i].kind != TokenKind::Word
                    || !doc.tok(i).starts_with(char::is_uppercase)
                    || known[i].is_some_and(|(s, _)| s != i)
                {
                    i = next;
                    continue;
                }
                // Cheap first: the cue may follow any of the next words.
                let cue_near = arabic_story
                    || (i..(i + 5).min(r.end)).any(|e| place_cue(doc, i, e, r.clone()));
                let hit = cue_near
                    .then(|| spelled_variant(g, doc, i, r.end, &blocked))
                    .flatten()
                    .filter(|&(e, _)| known_end.is_none_or(|k| e > k))
                    .filter(|&(e, _)| arabic_story || place_cue(doc, i, e, r.clone()));
                // A single word opening the sentence is as likely an English word.
                match hit {
                    Some((e, cands)) if !(i == r.start && e == i + 1) => {
                        found.push(Raw {
                            start: i,
                            end: e,
                            sentence: si,
                            cands,
                        });
                        i = e;
                    }
                    _ => i = next,
                }
            }
        }
        // The article and a hyphen before a name: "in al-Bab", "al-Tabaqa city".
        for (si, r) in doc.sentence_tokens.iter().enumerate() {
            if doc.sentences[si].kind == SentenceKind::Boilerplate {
                continue;
            }
            for i in r.clone() {
                // Cheap first: only an article opens such a name.
                if i + 3 > r.end
                    || !ARTICLES.contains(&doc.low(i))
                    || known[i].is_some()
                    || known[i + 2].is_some()
                    || found.iter().any(|f| f.start < i + 3 && i < f.end)
                {
                    continue;
                }
                let Some((e, cands)) = articled_variant(g, doc, i, r.end, &blocked) else {
                    continue;
                };
                if arabic_story || place_cue(doc, i, e, r.clone()) {
                    found.push(Raw {
                        start: i,
                        end: e,
                        sentence: si,
                        cands,
                    });
                }
            }
        }
        if !found.is_empty() {
            found.sort_by_key(|x| x.start);
            raw.retain(|x| !found.iter().any(|f| x.start < f.end && f.start < x.end));
            raw.extend(found);
            raw.sort_by_key(|x| x.start);
        }
    }
    if doc.case.is_mixed() {
        drop_person_names(g, doc, &mut raw);
    }
    // Countries named in the document (explicitly, not through demonyms of cities).
    let mut doc_countries = BTreeSet::new();
    // Of those, the ones named by name, not by a demonym.
    let mut named_countries = BTreeSet::new();
    for r in &raw {
        let usable_cands = r.cands.iter().filter(|c| usable(g, doc, r.start, r.end, c));
        if usable_cands
            .clone()
            .all(|c| g.entries[c.0 as usize].level == GeoPrecision::Country)
        {
            let demonym = usable_cands.clone().any(|c| c.1 == NameKind::Demonym);
            for c in usable_cands {
                if let Some(cc) = &g.entries[c.0 as usize].country {
                    doc_countries.insert(cc.clone());
                    if !demonym {
                        named_countries.insert(cc.clone());
                    }
                }
            }
        }
    }
    // The held town words stand where the story names the town's country by name, or its
    // state or country right after it ("in Nice" of a story that names France, "in Reading,
    // England", "in Mobile, Alabama").
    if !held.is_empty() {
        for h in held {
            let near = near_after(g, doc, &raw, h.end);
            let placed = h.cands.iter().any(|c| {
                let e = &g.entries[c.0 as usize];
                e.level == GeoPrecision::City
                    && e.country.as_ref().is_some_and(|cc| {
                        named_countries.contains(cc)
                            || near.contains(cc)
                            || e.admin1.as_ref().is_some_and(|a| near.contains(a))
                    })
            });
            if placed && !raw.iter().any(|x| x.start < h.end && h.start < x.end) {
                raw.push(h);
            }
        }
        raw.sort_by_key(|x| x.start);
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
        // A city's other-language name that opens a district's name is that word, not the
        // city: "the Colonia Centro neighborhood of Tegucigalpa" is not Cologne.
        let district = |kind: NameKind, idx: u32| {
            kind == NameKind::Alternate
                && g.entries[idx as usize].level == GeoPrecision::City
                && r.end < doc.tokens.len()
                && doc.tok(r.end).starts_with(char::is_uppercase)
                && (r.end + 1..r.end + 3).any(|i| DISTRICT_WORDS.contains(&doc.low(i)))
        };
        if let Some((_, &(idx, kind))) = best.filter(|(_, c)| !district(c.1, c.0)) {
            picks.push((ri, idx, kind));
        }
    }
    // The countries the story is about: those named, those of big places, and those of
    // demonyms that do not name an actor ("Russian airstrikes", "Turkish troops" say who acted,
    // not where: a story of Syria that names Hama is not about Russia).
    let mut focus = named_countries;
    for &(ri, idx, kind) in &picks {
        let e = &g.entries[idx as usize];
        let counts = if kind == NameKind::Demonym {
            let end = raw[ri].end;
            end >= doc.tokens.len() || !ACTOR_NOUNS.contains(&doc.low(end))
        } else {
            e.level != GeoPrecision::City || e.population >= 1_000_000
        };
        if let (Some(c), true) = (&e.country, counts) {
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

/// Drops the name matches that the learned entity tagger reads as the end of a longer person's
/// name ("Kobe Bryant", "Ashley Sutton", "Andrew Jordan"), and for towns the story's other bare
/// mentions of that name ("Bryant tweeted", "Sutton would storm to the title").
/// Only windows around matches whose candidates are all [`PERSON_PRONE`] levels (cities under
/// a million people) and that follow a capitalised word or open their sentence are tagged. A match the tagger reads as a one-word person is kept: on its own the tagger
/// says "person" of too many unfamiliar places ("Hawaii", "Darfur").
fn drop_person_names(g: &Gazetteer, doc: &Annotated, raw: &mut Vec<Raw<'_>>) {
    use vigil_ner::{EntityType, Tag};
    let prone = |r: &Raw<'_>| {
        r.cands.iter().all(|c| {
            let e = &g.entries[c.0 as usize];
            PERSON_PRONE.contains(&e.level)
                && (e.level != GeoPrecision::City || e.population < 1_000_000)
        })
    };
    // Only a match right after a capitalised word can end a longer name, and only a town's
    // name opening its sentence is looked at alone: other sentences need no tagging.
    let town = |r: &Raw<'_>| {
        r.cands.iter().all(|c| {
            let e = &g.entries[c.0 as usize];
            matches!(e.level, GeoPrecision::City | GeoPrecision::Admin2) && e.population < 1_000_000
        })
    };
    // A match before a capitalised word may open a person's name ("Elizabeth Myles", "Taylor
    // Swift").
    let before_capital = |r: &Raw<'_>| {
        r.end < doc.sentence_tokens[r.sentence].end
            && doc.tokens[r.end].kind == TokenKind::Word
            && doc.tok(r.end).starts_with(char::is_uppercase)
    };
    let worth = |r: &Raw<'_>| {
        let opening = doc.sentence_tokens[r.sentence].start;
        prone(r)
            && (before_capital(r)
                || if r.start == opening {
                    r.end == r.start + 1 && town(r)
                } else {
                    doc.tok(r.start - 1).starts_with(char::is_uppercase)
                })
    };
    // Windows of the tagger: the match with four words before and three after, in its
    // sentence, neighbouring windows merged.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for r in raw.iter().filter(|r| worth(r)) {
        let range = &doc.sentence_tokens[r.sentence];
        let (s, e) = (
            r.start.saturating_sub(4).max(range.start),
            (r.end + 3).min(range.end),
        );
        // Windows of one sentence overlap; those of two sentences at most touch.
        match windows.last_mut() {
            Some(w) if s < w.1 => w.1 = w.1.max(e),
            _ => windows.push((s, e)),
        }
    }
    if windows.is_empty() {
        return;
    }
    let model = vigil_ner::Model::embedded();
    // The person's name each token is in, as a token range, when the tagger finds two words
    // or more; and the first words of sentences the tagger reads as no name at all.
    let mut in_person: Vec<Option<(usize, usize)>> = vec![None; doc.tokens.len()];
    let mut plain_opening: BTreeSet<usize> = BTreeSet::new();
    let mut words: Vec<&str> = Vec::new();
    let mut tags = Vec::new();
    for (ws, we) in windows {
        let range = ws..we;
        words.clear();
        words.extend(range.clone().map(|i| doc.tok(i)));
        tags.clear();
        model.tag_into(&words, vigil_ner::CaseMode::Cased, &mut tags);
        if tags.first() == Some(&Tag::O) {
            plain_opening.insert(range.start);
        }
        // A name cut by the window's edge is not whole: leave it.
        let cut = |i: usize, j: usize| i == 0 && ws > 0 || j == tags.len() && we < doc.tokens.len();
        let mut i = 0;
        while i < tags.len() {
            if tags[i] != Tag::B(EntityType::Per) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < tags.len() && tags[j] == Tag::I(EntityType::Per) {
                j += 1;
            }
            if j - i >= 2 && !cut(i, j) {
                let at = range.start;
                let name = Some((at + i, at + j));
                in_person[at + i..at + j].iter_mut().for_each(|t| *t = name);
            }
            i = j;
        }
    }
    // A match that ends a longer name, where a surname stands ("Andrew Jordan"); a place
    // before a name is often the person's state or city ("Hawaii Gov. David Ige").
    let inside = |r: &Raw<'_>| {
        in_person[r.start]
            .is_some_and(|(s, e)| s < r.start && r.end == e || s == r.start && r.end < e)
    };
    // Only towns and counties lend their name to the story's other mentions: a country or a
    // state that is also a surname is more often named as itself elsewhere.
    let names: BTreeSet<&str> = raw
        .iter()
        .filter(|r| town(r) && inside(r))
        .map(|r| doc.token_span(r.start, r.end).slice(&doc.text))
        .collect();
    // "More casualties …", "Human losses …": a word opening a headline or a sentence that the
    // tagger reads as no name is not a town abroad.
    let opening = |r: &Raw<'_>| r.end == r.start + 1 && plain_opening.contains(&r.start);
    raw.retain(|r| {
        !(prone(r) && inside(r)
            || town(r)
                && (opening(r) || names.contains(doc.token_span(r.start, r.end).slice(&doc.text))))
    });
}

/// Levels of places whose names are also people's names often enough to ask the tagger.
const PERSON_PRONE: &[GeoPrecision] = &[
    GeoPrecision::City,
    GeoPrecision::Admin2,
    GeoPrecision::Admin1,
    GeoPrecision::Country,
];

pub(crate) fn place_ref(e: &Entry, doc: &Annotated, span: Span) -> PlaceRef {
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

/// Whether the name at `[start, end)` reads as a whole place name of its own, in mixed-case
/// text: after "in", "at", "near" or "outside", not followed by a capitalised word (the start
/// of a longer name), a word for a kind of place ("Santa Rita corregimiento") or, after a
/// comma, a place in `home` (`home_at` gives the countries of the places found, by first
/// token: "Algeciras, Huila department" is a Colombian town the gazetteer lacks, not the
/// Spanish one). A narrower cue than [`place_cue`], for towns abroad.
fn located_at(
    doc: &Annotated,
    start: usize,
    end: usize,
    home_at: &HashMap<usize, &str>,
    home: &BTreeSet<String>,
) -> bool {
    if !doc.case.is_mixed()
        || start == 0
        || !matches!(doc.low(start - 1), "in" | "at" | "near" | "outside")
    {
        return false;
    }
    if end >= doc.tokens.len() {
        return true;
    }
    let next = doc.tok(end);
    // "in Kandahar city" names the city itself; "in Bokkos district" an area of its name.
    if matches!(doc.low(end), "city" | "town") {
        return true;
    }
    if next.chars().next().is_some_and(char::is_uppercase) || KIND_AFTER.contains(&doc.low(end)) {
        return false;
    }
    !(next == "," && home_at.get(&(end + 1)).is_some_and(|c| home.contains(*c)))
}

pub(crate) fn resolve(g: &Gazetteer, doc: &Annotated) -> Vec<PlaceMention> {
    let a = analyse(g, doc);
    // A small town elsewhere in the world that shares a name with a word of the story ("Lido
    // beach" in Mogadishu, not the Lido of Venice) is left unresolved.
    // A town's name before a facility word ("the Gamboru market" in a story set in Maiduguri)
    // names the facility, not the town, unless the town is near the story's other cities.
    let cities: Vec<(usize, (f64, f64))> = a
        .picks
        .iter()
        .filter_map(|&(ri, idx, kind)| {
            let e = &g.entries[idx as usize];
            (e.level == GeoPrecision::City && kind != NameKind::Demonym)
                .then_some((ri, (e.lat?, e.lon?)))
        })
        .collect();
    // The country of each place found, by its first token.
    let home_at: HashMap<usize, &str> = a
        .picks
        .iter()
        .filter_map(|&(ri, idx, _)| {
            Some((a.raw[ri].start, g.entries[idx as usize].country.as_deref()?))
        })
        .collect();
    let mut out = Vec::new();
    for &(ri, idx, kind) in &a.picks {
        let r = &a.raw[ri];
        let e = &g.entries[idx as usize];
        // A town abroad (in no country the story is about) is left out unless it is a city of
        // a million, or a city of 100,000 named as a place of its own ([`located_at`]:
        // "arrested in Marseille" in a story about Dhaka; not "Mary Magdalene", "the Food and
        // Drug Administration", "in Metz Fresh", "in Algeciras, Huila department").
        if e.level == GeoPrecision::City
            && e.population < 1_000_000
            && !a.focus.is_empty()
            && e.country.as_ref().is_some_and(|c| !a.focus.contains(c))
            && (e.population < STRAY_POPULATION
                || !located_at(doc, r.start, r.end, &home_at, &a.focus))
        {
            continue;
        }
        if e.level == GeoPrecision::City
            && e.population < 1_000_000
            && FACILITY_WORDS.contains(&doc.low(r.end))
        {
            let here = e.lat.zip(e.lon);
            let others: Vec<(f64, f64)> = cities
                .iter()
                .filter(|(o, p)| a.raw[*o].start != r.start && Some(*p) != here)
                .map(|x| x.1)
                .collect();
            let near = here.is_some_and(|h| others.iter().any(|&p| km(h, p) <= 40.0));
            if !others.is_empty() && !near {
                continue;
            }
        }
        // A people's plural ("Mexicans", "Saudis") names people, not a place: it sets the
        // story's countries above but is no toponym. ("Swiss" is an adjective too.)
        let surface = doc.token_span(r.start, r.end).slice(&doc.text);
        if kind == NameKind::Demonym && surface.ends_with('s') && !surface.ends_with("ss") {
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
    let small = small_towns(g, doc, &a, &out);
    if !small.is_empty() {
        out.extend(small);
        out.sort_by_key(|p| p.start);
    }
    // A chain of names each inside the next places its names better than each alone.
    let chains = crate::chain::admin_chains(g, doc, &a.focus);
    // A name inside a chain that no table places is no place abroad ("Colonia Centro,
    // Tegucigalpa, Honduras").
    out.retain(|p| {
        !chains.unplaced.iter().any(|(s, e, cc)| {
            p.start < *e && *s < p.end && p.place.country.as_deref() != Some(cc.as_str())
        })
    });
    let mut chained = chains.places;
    // A place found already stays as found where the chain reads the same place ("Aleppo
    // province", the main table's, at the same level and near), a town for the district named
    // after it ("Karak district": the town's point is the closer), and a country or state
    // for a smaller namesake inside another ("Florida, New York": not a village of New York).
    let same = |p: &PlaceMention, c: &PlaceMention| {
        let apart = p
            .place
            .lat
            .zip(p.place.lon)
            .zip(c.place.lat.zip(c.place.lon))
            .map(|(a, b)| km(a, b));
        let seat = p.place.precision == GeoPrecision::City
            && c.place.precision == GeoPrecision::Admin2
            && apart.is_some_and(|d| d <= 60.0);
        let alike = p.place.precision == c.place.precision && apart.is_none_or(|d| d <= 50.0);
        let coarse = matches!(
            p.place.precision,
            GeoPrecision::Country | GeoPrecision::Admin1
        ) && matches!(c.place.precision, GeoPrecision::City | GeoPrecision::Admin2);
        p.start < c.end
            && c.start < p.end
            && (p.place.country == c.place.country && (alike || seat) || coarse)
    };
    chained.retain(|c| !out.iter().any(|p| same(p, c)));
    if !chained.is_empty() {
        out.retain(|p| !chained.iter().any(|c| p.start < c.end && c.start < p.end));
        out.extend(chained);
        out.sort_by_key(|p| p.start);
    }
    out
}

/// Towns of 1,000 to 15,000 people (the minor table's, through the compact name index
/// [`Gazetteer::small_towns`] built on first use) that the text names
/// the way incident reports do, followed by the place they lie in: "in Karak district, Khyber
/// Pakhtunkhwa province, Pakistan", "Kirikiri village, Gwoza district". The town must lie in
/// the area or country named after the comma, or within 50 km of the town named there; a name
/// already placed keeps its place.
fn small_towns(
    g: &Gazetteer,
    doc: &Annotated,
    a: &Analysis,
    found: &[PlaceMention],
) -> Vec<PlaceMention> {
    let mut out = Vec::new();
    if !doc.case.is_mixed() {
        return out;
    }
    // Names already placed stay so; a namesake abroad the story left out does not count.
    let covered = |i: usize| found.iter().any(|p| p.start <= i && i < p.end);
    let blocked = |i: usize| {
        doc.persons.iter().any(|p| p.start <= i && i < p.end)
            || doc
                .actors
                .iter()
                .any(|m| m.kind != MentionKind::State && m.start <= i && i < m.end)
    };
    let capital = |i: usize| {
        doc.tokens[i].kind == TokenKind::Word && doc.tok(i).starts_with(char::is_uppercase)
    };
    for (ri, r) in a.raw.iter().enumerate() {
        if r.start < 2 || doc.tok(r.start - 1) != "," {
            continue;
        }
        let comma = r.start - 1;
        let sentence = &doc.sentence_tokens[r.sentence];
        // The place after the comma: an area or a country holds the town, a town lies near it.
        let after = a
            .picks
            .iter()
            .find(|p| p.0 == ri && p.2 != NameKind::Demonym)
            .map(|p| &g.entries[p.1 as usize]);
        let Some(after) = after else { continue };

        let mut e = comma;
        if e > sentence.start && KIND_AFTER.contains(&doc.low(e - 1)) {
            e -= 1;
        }
        let mut s0 = e;
        while s0 > sentence.start
            && e - s0 < 3
            && capital(s0 - 1)
            && !covered(s0 - 1)
            && !blocked(s0 - 1)
        {
            s0 -= 1;
        }
        // A name opening the sentence may be any word ("Assailants, ...").
        if s0 == e || s0 == sentence.start {
            continue;
        }
        let small = g.small_towns();
        // The area's code, as the minor table's towns give theirs ("03"; the main table names
        // the area instead).
        let code = (after.level == GeoPrecision::Admin1)
            .then(|| small.area_code(after.country.as_deref()?, &after.name))
            .flatten();
        let fits = |x: &SmallTown| {
            after.country.as_deref() == Some(x.country)
                && match after.level {
                    GeoPrecision::Country => true,
                    GeoPrecision::Admin1 => code == Some(x.admin1),
                    GeoPrecision::City => {
                        point(after).is_some_and(|q| km((x.lat, x.lon), q) <= 50.0)
                    }
                    _ => false,
                }
        };
        for start in s0..e {
            let surface = doc.token_span(start, e).slice(&doc.text);
            if COMMON.contains(&surface.to_ascii_lowercase().as_str()) {
                continue;
            }
            let best = small
                .named(surface)
                .into_iter()
                .filter(|x| fits(x))
                .max_by_key(|x| x.population);
            if let Some(x) = best {
                out.push(PlaceMention {
                    start,
                    end: e,
                    sentence: r.sentence,
                    demonym: false,
                    place: place_ref(&x.entry(), doc, doc.token_span(start, e)),
                });
                break;
            }
        }
    }
    out
}

/// Tokens `[start, end)` that a byte span covers, or `None` when it covers none.
fn token_range(doc: &Annotated, span: Span) -> Option<(usize, usize)> {
    let start = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let end = doc.tokens.partition_point(|t| t.span.start < span.end);
    (start < end).then_some((start, end))
}

/// A place the story is set in: a city (or a first-level area with a point) that the running text
/// names and resolves, or a given span resolved by its whole name.
struct Ambient<'g> {
    entry: &'g Entry,
    /// Token range of the mention.
    start: usize,
    end: usize,
    sentence: usize,
}

/// Document context for resolving given spans.
struct SpanContext<'g> {
    ambient: Vec<Ambient<'g>>,
    /// `(country, admin1)` of the first-level areas the document names.
    admin1: BTreeSet<(String, String)>,
    /// The countries the document names by name (not by adjective).
    named: BTreeSet<String>,
}

/// Distance (km) within which two places count as neighbours.
const NEIGHBOURS_KM: f64 = 150.0;

/// Cities from this size are never strays of the story (see `stray`).
const STRAY_POPULATION: u64 = 100_000;

pub(crate) fn point(e: &Entry) -> Option<(f64, f64)> {
    e.lat.zip(e.lon).or(e.point)
}

pub(crate) fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    crate::eval::haversine_km(a, b)
}

fn sentence_of(doc: &Annotated, token: usize) -> usize {
    doc.sentence_tokens
        .partition_point(|r| r.end <= token)
        .min(doc.sentence_tokens.len().saturating_sub(1))
}

impl<'g> SpanContext<'g> {
    fn new(g: &'g Gazetteer, a: &Analysis) -> SpanContext<'g> {
        let mut ambient = Vec::new();
        let mut admin1 = BTreeSet::new();
        let mut named = BTreeSet::new();
        for &(ri, idx, kind) in &a.picks {
            let r = &a.raw[ri];
            let e = &g.entries[idx as usize];
            if kind == NameKind::Demonym {
                continue;
            }
            if let (GeoPrecision::Country, Some(c)) = (e.level, &e.country) {
                named.insert(c.clone());
            }
            if e.level == GeoPrecision::Admin1 {
                if let (Some(c), Some(a1)) = (&e.country, &e.admin1) {
                    admin1.insert((c.clone(), a1.clone()));
                }
            }
            // The small namesake elsewhere that `resolve` leaves out is no setting.
            let stray = e.level == GeoPrecision::City
                && e.population < 1_000_000
                && !a.focus.is_empty()
                && e.country.as_ref().is_some_and(|c| !a.focus.contains(c));
            // A city named by an alternate name ("White House" is a name of Casablanca) is too
            // often a word to set a story.
            let alternate = kind == NameKind::Alternate && e.level == GeoPrecision::City;
            if e.lat.is_some() && !stray && !alternate {
                ambient.push(Ambient {
                    entry: e,
                    start: r.start,
                    end: r.end,
                    sentence: r.sentence,
                });
            }
        }
        SpanContext {
            ambient,
            admin1,
            named,
        }
    }

    /// A town far from every setting of the story, in a country it is not about: more likely a
    /// word of another name ("Paddock Hill Bend", "White House") than the place.
    fn stray(&self, e: &Entry, focus: &BTreeSet<String>, start: usize, end: usize) -> bool {
        e.level == GeoPrecision::City
            && e.population < STRAY_POPULATION
            && !e.capital
            && !focus.is_empty()
            && !self.ambient.is_empty()
            && !self.near_setting(e, start, end)
            && !e.country.as_ref().is_some_and(|c| focus.contains(c))
    }

    /// Whether a place lies near a setting of the story other than the mention at `[start, end)`.
    fn near_setting(&self, e: &Entry, start: usize, end: usize) -> bool {
        let Some(p) = point(e) else {
            return false;
        };
        self.ambient.iter().any(|m| {
            (m.end <= start || m.start >= end)
                && m.entry.geonames_id != e.geonames_id
                && point(m.entry).is_some_and(|q| km(p, q) <= NEIGHBOURS_KM)
        })
    }

    /// The setting most likely to contain something named in `sentence` that the gazetteer lacks
    /// ("Royal Street", "Sloss Furnaces"): the place the story names most, mentions in and just
    /// before the sentence counting more, cities before areas, in a country the story names, big,
    /// and amid the story's other places.
    fn setting(&self, sentence: usize) -> Option<&'g Entry> {
        let mut best: Option<(f64, &'g Entry)> = None;
        for m in &self.ambient {
            let mut sc = 0.0;
            for o in self.ambient.iter().filter(|o| {
                o.entry.geonames_id == m.entry.geonames_id && o.entry.name == m.entry.name
            }) {
                sc += 1.0;
                if o.sentence == sentence {
                    sc += 3.0;
                } else if o.sentence < sentence && sentence - o.sentence <= 3 {
                    sc += 1.5;
                }
            }
            if m.entry.level == GeoPrecision::City {
                sc += 0.5;
            }
            // In a country the story names; big; amid the story's other places.
            if m.entry
                .country
                .as_ref()
                .is_some_and(|c| self.named.contains(c))
            {
                sc += 2.0;
            }
            sc += 0.5 * (m.entry.population as f64 + 1.0).ln();
            let p = point(m.entry);
            sc += self
                .ambient
                .iter()
                .filter(|o| {
                    o.entry.name != m.entry.name
                        && point(o.entry)
                            .zip(p)
                            .is_some_and(|(a, b)| km(a, b) <= NEIGHBOURS_KM)
                })
                .count() as f64;
            if best.is_none_or(|(b, _)| sc > b) {
                best = Some((sc, m.entry));
            }
        }
        best.map(|b| b.1)
    }
}

/// How a given span was resolved.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Via {
    /// By its whole name.
    Name,
    /// By a place named inside it ("Cavan General Hospital").
    Inner,
    /// Not in the gazetteer: the story's setting that most likely contains it.
    Setting,
}

/// Resolves given spans (byte offsets of `doc.text`) in the context of the whole document.
pub(crate) fn resolve_spans(
    g: &Gazetteer,
    doc: &Annotated,
    spans: &[Span],
) -> Vec<Option<ResolvedSpan>> {
    let a = analyse(g, doc);
    let mut ctx = SpanContext::new(g, &a);
    let ranges: Vec<Option<(usize, usize)>> = spans.iter().map(|&s| token_range(doc, s)).collect();
    // First the whole names; those that name a city are settings too (a town of 2,000 the
    // running text does not look for).
    let mut found: Vec<Option<(&Entry, Via)>> = ranges
        .iter()
        .map(|r| {
            let (start, end) = (*r)?;
            by_name(g, doc, &a, &ctx, start, end)
                .filter(|e| !ctx.stray(e, &a.focus, start, end))
                .map(|e| (e, Via::Name))
        })
        .collect();
    for (r, f) in ranges.iter().zip(&found) {
        if let (Some((start, end)), Some((e, _))) = (r, f) {
            if e.level <= GeoPrecision::City && !ctx.ambient.iter().any(|m| m.start == *start) {
                ctx.ambient.push(Ambient {
                    entry: e,
                    start: *start,
                    end: *end,
                    sentence: sentence_of(doc, *start),
                });
            }
        }
    }
    // Again with those settings: of two namesakes, the one near the story's other places.
    for (r, f) in ranges.iter().zip(found.iter_mut()) {
        if let (Some((start, end)), Some(_)) = (r, &f) {
            *f = by_name(g, doc, &a, &ctx, *start, *end)
                .filter(|e| !ctx.stray(e, &a.focus, *start, *end))
                .map(|e| (e, Via::Name));
        }
    }
    for (r, f) in ranges.iter().zip(found.iter_mut()) {
        if let (Some((start, end)), None) = (r, &f) {
            *f = by_inner_name(g, doc, &a, &ctx, *start, *end);
        }
    }
    spans
        .iter()
        .zip(found)
        .map(|(&span, f)| {
            let (e, via) = f?;
            Some(ResolvedSpan {
                place: place_ref(e, doc, span),
                point: point(e),
                inferred: via == Via::Setting,
            })
        })
        .collect()
}

/// Scores a candidate for a given span: [`candidate_score`] plus the story's focus, the
/// first-level areas it names and the places it is set in.
fn span_score(
    e: &Entry,
    kind: NameKind,
    a: &Analysis,
    ctx: &SpanContext,
    near: &[String],
    (start, end): (usize, usize),
) -> f64 {
    let mut sc = candidate_score(e, kind, &a.doc_countries, near);
    if let Some(cc) = &e.country {
        if a.focus.contains(cc) {
            sc += 3.0;
        } else if !a.focus.is_empty()
            && e.level <= GeoPrecision::Admin1
            && e.population < 1_000_000
            && !e.capital
        {
            // The small town or area elsewhere that `places` would leave out.
            sc -= 5.0;
        }
        if e.level < GeoPrecision::Admin1 {
            if let Some(a1) = &e.admin1 {
                if ctx.admin1.contains(&(cc.clone(), a1.clone())) {
                    sc += 2.5;
                }
            }
        }
    }
    if e.level <= GeoPrecision::Admin2 && ctx.near_setting(e, start, end) {
        sc += 2.5;
    }
    sc
}

/// The best candidate among the main entries `cands` and the minor table's `minor_cands`.
fn best_of<'g>(
    g: &'g Gazetteer,
    doc: &Annotated,
    cands: &[(u32, NameKind)],
    minor_cands: &[(u32, NameKind)],
    (s, e): (usize, usize),
    score: impl Fn(&Entry, NameKind) -> f64,
) -> Option<(&'g Entry, NameKind)> {
    let minor = g.minor();
    let surface = doc.token_span(s, e).slice(&doc.text);
    let capitalised = surface.chars().any(char::is_uppercase);
    cands
        .iter()
        .filter(|c| c.1 != NameKind::ExactCase || capitalised)
        .map(|&(i, k)| (&g.entries[i as usize], k))
        .chain(
            minor_cands
                .iter()
                .map(|&(i, k)| (&minor.entries[i as usize], k)),
        )
        .map(|(e, k)| (score(e, k), e, k))
        .max_by(|x, y| {
            x.0.total_cmp(&y.0)
                .then_with(|| y.1.geonames_id.cmp(&x.1.geonames_id))
        })
        .map(|x| (x.1, x.2))
}

/// The kind of place the words around a name say it is: "Washington state", "the state of
/// Washington", "Suffolk county", "Kansas City" written as "the city of Kansas".
fn level_cue(doc: &Annotated, start: usize, end: usize) -> Option<GeoPrecision> {
    let level = |w: &str| match w {
        "state" | "province" => Some(GeoPrecision::Admin1),
        "county" | "district" => Some(GeoPrecision::Admin2),
        "city" | "town" | "village" => Some(GeoPrecision::City),
        _ => None,
    };
    let after = level(doc.low(end)).filter(|_| {
        // "Washington state", not "Washington State University".
        !doc.tokens
            .get(end + 1)
            .is_some_and(|t| t.span.slice(&doc.text).starts_with(char::is_uppercase))
    });
    let before = (start >= 2 && doc.low(start - 1) == "of")
        .then(|| level(doc.low(start - 2)))
        .flatten();
    after.or(before)
}

/// Resolves a span by its whole name: as written, without a possessive or a leading article, or
/// with the article before it ("the Gulf").
fn by_name<'g>(
    g: &'g Gazetteer,
    doc: &Annotated,
    a: &Analysis,
    ctx: &SpanContext,
    start: usize,
    end: usize,
) -> Option<&'g Entry> {
    let near = near_after(g, doc, &a.raw, end);
    let minor = g.minor();
    let mut e = end;
    let mut s = start;
    if e - s >= 2 && matches!(doc.low(e - 1), "s") && matches!(doc.low(e - 2), "'" | "\u{2019}") {
        e -= 2;
    }
    if e - s >= 2 && doc.low(s) == "the" {
        s += 1;
    }
    let with_article = if start > 0 && doc.low(start - 1) == "the" {
        (start - 1, end)
    } else {
        (end, end)
    };
    // The name with its article first: "the Gulf" is the region, not a province called Gulf.
    for (s, e) in [with_article, (start, end), (s, e)] {
        if s >= e {
            continue;
        }
        let surface = doc.token_span(s, e).slice(&doc.text);
        let cue = level_cue(doc, start, end);
        let score = |x: &Entry, k| {
            span_score(x, k, a, ctx, &near, (start, end))
                + if Some(x.level) == cue { 10.0 } else { 0.0 }
        };
        if let Some(found) = best_of(
            g,
            doc,
            g.names.get(surface),
            minor.names.get(surface),
            (s, e),
            score,
        ) {
            return Some(found.0);
        }
    }
    None
}

/// Resolves a span the gazetteer lacks through a place named inside it ("Cavan General
/// Hospital", "British Embassy Tokyo") or, failing that, the story's setting most likely to
/// contain it ("Royal Street" in a story set in New Orleans). A place inside the span gives way
/// to a setting when it is a town far from every setting of the story (a "Hall" or a "Delta"
/// that is a street's word, not the town).
fn by_inner_name<'g>(
    g: &'g Gazetteer,
    doc: &Annotated,
    a: &Analysis,
    ctx: &SpanContext<'g>,
    start: usize,
    end: usize,
) -> Option<(&'g Entry, Via)> {
    let minor = g.minor();
    let sentence = sentence_of(doc, start);
    let proper = |m: &vigil_nlp::PhraseMatch<'_, _>| {
        let surface = doc.token_span(m.start, m.end).slice(&doc.text);
        let lower = surface.to_ascii_lowercase();
        surface.starts_with(char::is_uppercase)
            && !COMMON.contains(&lower.as_str())
            && !FACILITY_HEADS.contains(&lower.as_str())
            && !GENERIC.contains(&lower.as_str())
    };
    // "Hampton Avenue", "Liverpool Academy", "Windsor Castle": a facility named after a place
    // stands in that place only when the place is near the story's settings.
    let head = doc.low(end - 1).trim_end_matches('.');
    let facility = end - start >= 2
        && (FACILITY_HEADS.contains(&head)
            || (start..end).any(|i| matches!(doc.low(i), "university" | "college" | "airport")));
    let main: Vec<_> = g
        .names
        .find(&doc.text, &doc.lower, &doc.tokens, start..end, |_| true)
        .into_iter()
        .filter(|m| proper(m))
        .collect();
    let towns: Vec<_> = minor
        .names
        .find(&doc.text, &doc.lower, &doc.tokens, start..end, |_| true)
        .into_iter()
        .filter(|m| proper(m) && m.end - m.start < end - start)
        .collect();
    // The longest name of the main table, the later one on a tie ("British Embassy Tokyo"); else
    // the longest town or area of the minor table. A town's alternate name inside a longer name
    // is more often a word of it ("City Hall", "Garden City") than the town.
    let pick = |matches: &[vigil_nlp::PhraseMatch<'_, (u32, NameKind)>], is_minor: bool| {
        matches
            .iter()
            .filter_map(|m| {
                let keep: Vec<(u32, NameKind)> = m
                    .payloads
                    .iter()
                    .copied()
                    .filter(|&(i, k)| {
                        let e = if is_minor {
                            &minor.entries[i as usize]
                        } else {
                            &g.entries[i as usize]
                        };
                        !(k == NameKind::Alternate && e.level == GeoPrecision::City)
                    })
                    .collect();
                let (main_c, minor_c) = if is_minor {
                    (&[][..], &keep[..])
                } else {
                    (&keep[..], &[][..])
                };
                let near = near_after(g, doc, &a.raw, m.end);
                let score = |x: &Entry, k| span_score(x, k, a, ctx, &near, (start, end));
                best_of(g, doc, main_c, minor_c, (m.start, m.end), score)
                    .map(|x| (m.start, m.end, x))
            })
            // The longest, then the finest ("Florida Atlantic University": the state, not the
            // ocean), then the last.
            .max_by_key(|&(s, e, (x, _))| (e - s, std::cmp::Reverse(x.level), s))
            .map(|(_, _, (x, k))| (x, k, is_minor))
    };
    if let Some((inner, kind, is_minor)) = pick(&main, false).or_else(|| pick(&towns, true)) {
        // A town far from every setting of the story, in a country it is not about, is a word
        // of the name ("Paddock Hill Bend"), not the place.
        // A country or region named by an adjective inside the name ("Frenchmen Street",
        // "French Quarter") is whose the place is, not where, unless the story is about it
        // ("the British Embassy" of a story about Britain).
        let foreign = kind == NameKind::Demonym
            && !(inner.country.iter().chain(&inner.members)).any(|c| ctx.named.contains(c));
        // A minor town or area inside a name ("City Hall", "Hall County") must lie near a
        // setting of the story.
        let far_facility = facility
            && !ctx.ambient.is_empty()
            && match inner.level {
                GeoPrecision::City | GeoPrecision::Admin2 => !ctx.near_setting(inner, start, end),
                GeoPrecision::Region => true,
                _ => false,
            };
        let stray = ctx.stray(inner, &a.focus, start, end)
            || far_facility
            || foreign
            || is_minor && !ctx.ambient.is_empty() && !ctx.near_setting(inner, start, end);
        if !stray {
            return Some((inner, Via::Inner));
        }
    }
    ctx.setting(sentence).map(|e| (e, Via::Setting))
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
        // An unknown name: the story's setting, marked as inferred.
        let unknown = r[4].as_ref().expect("a setting");
        assert!(unknown.inferred);
        assert!(!nenagh.inferred && !gulf.inferred);
        // Running text looks for minor towns only where the area or country they lie in
        // follows them ("Nenagh, Ireland"; see `small_towns`), not alone.
        assert!(gaz.places(&doc).iter().any(|m| m.place.name == "Nenagh"));
        let alone = nlp.annotate("He grew up in Nenagh and moved away.", None);
        assert!(gaz.places(&alone).iter().all(|m| m.place.name != "Nenagh"));
    }

    #[test]
    fn a_city_abroad_named_as_a_place_of_its_own_is_kept() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let found = |text: &str| -> Vec<(String, Option<String>)> {
            let doc = nlp.annotate(text, None);
            gaz.places(&doc)
                .iter()
                .map(|m| (m.place.text.clone(), m.place.country.clone()))
                .collect()
        };
        let fr = |t: &str| (t.to_string(), Some("FR".to_string()));
        // A story set in Bangladesh: a French city of 870,000 after "in" is a place.
        let dhaka = "Police arrested three men in Dhaka on Sunday. A man was arrested in April \
                     in Marseille.";
        assert!(
            found(dhaka).contains(&fr("Marseille")),
            "{:?}",
            found(dhaka)
        );
        // Or with the word "city" after it: a digest of two countries' news.
        let digest = "Gunmen shot dead a councillor in Kandahar city. Security forces fired at \
                      protesters in Baghdad.";
        assert!(
            found(digest).contains(&("Kandahar".to_string(), Some("AF".to_string()))),
            "{:?}",
            found(digest)
        );
        // Not the start of a longer name, nor without a cue.
        let name = "Police arrested three men in Dhaka on Sunday. The raid was ordered by \
                    Marseille Olympique's owner.";
        assert!(!found(name).contains(&fr("Marseille")), "{:?}", found(name));
        let label = "Police arrested three men in Dhaka on Sunday. They worked in Marseille \
                     Fresh, a grocery.";
        assert!(
            !found(label).contains(&fr("Marseille")),
            "{:?}",
            found(label)
        );
        // A town the gazetteer lacks, placed by the area that follows: not the namesake abroad.
        let colombia = "Guerrillas attacked the army in Colombia. Three soldiers died in \
                        Algeciras, Huila department.";
        assert!(
            found(colombia)
                .iter()
                .all(|(_, c)| c.as_deref() != Some("ES")),
            "{:?}",
            found(colombia)
        );
    }

    #[test]
    fn surnames_are_not_towns() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let doc = nlp.annotate(
            "Reigning champion Ashley Sutton will defend his title at Brands Hatch. Few \
             predicted Sutton would win. Troops were sent to Jordan and to Sutton, a town in \
             London, last year.",
            None,
        );
        let found: Vec<(String, usize)> = gaz
            .places(&doc)
            .iter()
            .map(|m| (m.place.text.clone(), m.sentence))
            .collect();
        // The champion and his bare surname are the person; the country stays a place.
        assert!(
            !found.iter().any(|(t, s)| t == "Sutton" && *s < 2),
            "{found:?}"
        );
        assert!(found.iter().any(|(t, _)| t == "Jordan"), "{found:?}");
        assert!(found.iter().any(|(t, _)| t == "London"), "{found:?}");
    }

    /// The places of a text as (name, country), demonyms left out or not.
    /// A place's name and country, as [`place_names`] lists them.
    fn pair(name: &str, country: &str) -> (String, String) {
        (name.to_string(), country.to_string())
    }

    fn place_names(
        nlp: &Nlp,
        gaz: &Gazetteer,
        text: &str,
        demonyms: bool,
    ) -> Vec<(String, String)> {
        let doc = nlp.annotate(text, None);
        gaz.places(&doc)
            .iter()
            .filter(|m| demonyms || !m.demonym)
            .map(|m| {
                let cc = m.place.country.clone().unwrap_or_default();
                (m.place.name.clone(), cc)
            })
            .collect()
    }

    #[test]
    fn small_towns_told_with_the_area_they_lie_in() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let names = |text: &str| place_names(&nlp, &gaz, text, false);
        // A town of 13,679 people (the minor table) before its province and country.
        let text = "Assailants set fire to a temple in Karak district, Khyber Pakhtunkhwa \
                    province, Pakistan.";
        assert_eq!(
            names(text),
            [
                pair("Karak", "PK"),
                pair("Khyber Pakhtunkhwa", "PK"),
                pair("Pakistan", "PK")
            ]
        );
        // Not in the area named after it: left out (Karak of Malaysia is no town of Punjab).
        let text = "Assailants set fire to a temple in Karak district, Punjab province, Pakistan.";
        assert!(!names(text).iter().any(|(n, _)| n == "Karak"), "{text}");
        // With no place after a comma, the small table is not read.
        let text = "Assailants set fire to a temple in Karak district on Friday.";
        assert!(!names(text).iter().any(|(n, _)| n == "Karak"), "{text}");
    }

    #[test]
    fn a_name_after_the_arabic_article_is_of_the_arab_league() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let names = |text: &str| place_names(&nlp, &gaz, text, false);
        // The end of a longer name is no town (not Numan of Nigeria, not Balad of Iraq).
        assert_eq!(
            names("Warplanes struck a market in Maarat al-Numan, killing 15 people."),
            []
        );
        assert_eq!(
            names("Clashes in Daraa al-Balad"),
            [pair("Dar\u{2018}\u{101}", "SY")]
        );
        // A name written after the article alone is a town of the Arab League.
        assert_eq!(names("Raids on al-Bab"), [pair("Al B\u{101}b", "SY")]);
    }

    #[test]
    fn people_told_by_nationality_do_not_set_the_story_abroad() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let names = |text: &str| place_names(&nlp, &gaz, text, false);
        assert_eq!(
            names("IS kills an Iranian commander in Tadmur"),
            [pair("Tadmur", "SY")]
        );
        assert_eq!(
            names("British tourists were shot dead on a beach in Sousse."),
            [pair("Sousse", "TN")]
        );
    }

    #[test]
    fn an_acronym_is_one_only_in_capitals() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let names = |text: &str| place_names(&nlp, &gaz, text, false);
        assert_eq!(
            names("Rebels attacked a town in the CAR on Monday."),
            [pair("Central African Republic", "CF")]
        );
        // A title-case word is no acronym: "Car Bomb" is no Central African Republic.
        assert_eq!(names("Car Bomb Explodes Outside Parliament, Killing 8"), []);
        // An abbreviation with its stop stays as written: "Severn, Md." is in Maryland.
        assert!(
            names("A man from Severn, Md. was arrested on Monday.")
                .iter()
                .any(|(_, c)| c == "US"),
            "Md."
        );
    }

    #[test]
    fn a_town_that_is_also_a_word_needs_its_country() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let names = |text: &str| place_names(&nlp, &gaz, text, false);
        assert_eq!(
            names("France raised its terror alert after the attack in Nice."),
            [pair("France", "FR"), pair("Nice", "FR")]
        );
        assert!(names("A man was stabbed in Reading, England, on Saturday.")
            .contains(&pair("Reading", "GB")));
        // Without its country, or as a word, it stays a word.
        assert_eq!(names("The attack in Nice shocked everyone."), []);
        assert_eq!(
            names("He was praised for his nice work in France."),
            [pair("France", "FR")]
        );
    }

    #[test]
    fn a_towns_own_name_without_diacritics_beats_a_namesakes_alternate() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        // Ţafas (Syria) is written "Tafas"; Talas (Turkey), a bigger town, lists "Tafas" among
        // its alternate names.
        let tafas = place_names(&nlp, &gaz, "Regime forces shelled Tafas on Monday.", true);
        assert_eq!(tafas, vec![("Ţafas".to_string(), "SY".to_string())]);
        // The plain form of a short name elsewhere is not added: "Bank" stays a word.
        let bank = place_names(&nlp, &gaz, "The Central Bank raised its rates.", true);
        assert!(bank.is_empty(), "{bank:?}");
        // A place named so as written keeps its name: Santa Barbara, California.
        let sb = place_names(
            &nlp,
            &gaz,
            "A fire burned near Santa Barbara on Monday.",
            true,
        );
        assert_eq!(sb.first().map(|(_, c)| c.as_str()), Some("US"), "{sb:?}");
    }

    #[test]
    fn a_citys_foreign_name_opening_a_districts_name_is_no_city() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        // "Colonia" is an alternate name of Cologne.
        let text =
            "A grenade exploded in the Colonia Centro neighborhood of Tegucigalpa, Honduras.";
        let names = place_names(&nlp, &gaz, text, true);
        assert!(names.iter().all(|(_, c)| c == "HN"), "{names:?}");
        assert!(!names.is_empty(), "{names:?}");
    }

    #[test]
    fn variant_spellings_and_arabic_names() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let names = |text: &str| place_names(&nlp, &gaz, text, true);
        // A common transliteration of a major Syrian city, and two others.
        let deir = names("Violent clashes in Deir Ezzor city and shelling on its countryside");
        assert_eq!(deir, vec![("Deir ez-Zor".to_string(), "SY".to_string())]);
        let manbij = names("Warplanes bomb Menbej and villages near Qamishli");
        assert!(
            manbij.iter().all(|(_, c)| c == "SY") && manbij.len() == 2,
            "{manbij:?}"
        );
        // A town of 26,000 people in a spelling GeoNames lacks (Shaykh Miskīn).
        for text in [
            "More Russian airstrikes target Shekh Meskin in Syria",
            "25 raids target Shekh Meskin and cover the advancement of the regime forces",
        ] {
            let got = names(text);
            assert!(
                got.iter().any(|(n, _)| n == "Shaykh Miskīn"),
                "{text}: {got:?}"
            );
        }
        // An English word sharing a consonant skeleton with a town is no town.
        let english = names("The Minister spoke of the Troubles.");
        assert!(english.is_empty(), "{english:?}");
        // A word opening a headline is not a town abroad; a name before or after the Arabic
        // article is not a town of Germany or Trinidad.
        let more = names("More casualties in clashes around Khan al-Shekh and al-Arima");
        assert!(more.iter().all(|(_, c)| c == "SY"), "{more:?}");
        // The article and a hyphen before a town's name, in other spellings than GeoNames'.
        for (text, town) in [
            ("Aerial bombardment kills 17 in al-Bab city", "Al Bāb"),
            ("Warplanes bomb villages around al-Tabaqa", "Al-Tabqa"),
            ("Shells fall on al-Bokamal", "Ālbū Kamāl"),
            ("Clashes near Al-Suwaidaa", "As-Suwayda"),
        ] {
            let got = names(text);
            assert_eq!(got, vec![(town.to_string(), "SY".to_string())], "{text}");
        }
        // Another spelling reaches only big towns; a family name is not a town; without a cue
        // of place, a story that names no Arab place takes no town from the article alone.
        for text in [
            "Shelling on al-Hader and its surroundings",
            "A speech by Abu Bakr al-Baghdadi was broadcast on Monday",
            "The book al-Bab was published in 1990",
        ] {
            let got = names(text);
            assert!(got.is_empty(), "{text}: {got:?}");
        }
    }

    #[test]
    fn a_town_that_opens_a_persons_name_is_the_person() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let texts = |text: &str| -> Vec<String> {
            let doc = nlp.annotate(text, None);
            gaz.places(&doc)
                .iter()
                .map(|m| m.place.text.clone())
                .collect()
        };
        let found = texts(
            "\"The waiting list grows every year,\" said Elizabeth Myles, the charity's \
             director, at a meeting in Denver. Pop star Taylor Swift sent a message.",
        );
        assert!(
            !found.iter().any(|t| t == "Elizabeth" || t == "Taylor"),
            "{found:?}"
        );
        assert!(found.iter().any(|t| t == "Denver"), "{found:?}");
        // A people's plural is no toponym; its adjective and "Swiss" are.
        let found =
            texts("Mexicans voted on Sunday. The Mexican Senate and Swiss bankers disagreed.");
        assert_eq!(found, ["Mexican", "Swiss"]);
    }

    #[test]
    fn a_state_that_speaks_stays_a_place() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let doc = nlp.annotate(
            "Tamil Nadu on Saturday moved the Supreme Court. Tamil Nadu said it had written to \
             the Centre. The dispute between Tamil Nadu and Karnataka goes on.",
            None,
        );
        let n = gaz
            .places(&doc)
            .iter()
            .filter(|m| m.place.text == "Tamil Nadu")
            .count();
        assert_eq!(n, 3);
    }

    #[test]
    fn a_demonym_naming_an_actor_is_not_the_setting() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let names = |text: &str| place_names(&nlp, &gaz, text, false);
        for text in [
            "Russian airstrikes target Hama countryside",
            "Turkish troops shell villages around Hama",
        ] {
            assert_eq!(
                names(text),
                vec![("Ḩamāh".to_string(), "SY".to_string())],
                "{text}"
            );
        }
    }

    #[test]
    fn streets_and_buildings_take_the_story_setting() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let doc = nlp.annotate(
            "Crowds filled the French Quarter of New Orleans on Tuesday. Police closed \
             Frenchmen Street after a shooting near City Hall. Earlier in Chicago, a man was \
             arrested on North State Street.",
            None,
        );
        let words = ["Frenchmen Street", "City Hall", "North State Street"];
        let spans: Vec<Span> = words.iter().map(|w| span_of(&doc.text, w)).collect();
        let r = gaz.resolve_spans(&doc, &spans);
        let names: Vec<(&str, bool)> = r
            .iter()
            .map(|x| {
                let x = x.as_ref().expect("resolved");
                (x.place.name.as_str(), x.inferred)
            })
            .collect();
        // Not France (an adjective inside the name), not Schwäbisch Hall (a word of it): the city
        // of the sentence, or the one named nearest.
        assert_eq!(
            names,
            [
                ("New Orleans", true),
                ("New Orleans", true),
                ("Chicago", true)
            ]
        );
        // No setting at all: unresolved.
        let bare = nlp.annotate("They met on Frenchmen Street.", None);
        let r = gaz.resolve_spans(&bare, &[span_of(&bare.text, "Frenchmen Street")]);
        assert!(r[0].is_none());
    }

    #[test]
    fn counties_states_landmarks_and_country_points() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let doc = nlp.annotate(
            "Flooding closed roads in Morris County, New Jersey, on Monday. Officials in \
             Washington state said the storm would reach Seattle. At the White House, aides \
             said France had offered help.",
            None,
        );
        let words = ["Morris County", "Washington", "White House", "France"];
        let spans: Vec<Span> = words.iter().map(|w| span_of(&doc.text, w)).collect();
        let r = gaz.resolve_spans(&doc, &spans);
        let county = r[0].as_ref().expect("county");
        assert_eq!(county.place.precision, GeoPrecision::Admin2);
        assert_eq!(county.place.admin1.as_deref(), Some("NJ"));
        let (lat, lon) = county.point.expect("a county has its places' mean point");
        assert!(
            (40.5..41.2).contains(&lat) && (-75.0..-74.2).contains(&lon),
            "{lat} {lon}"
        );
        // "Washington state": the state, not the capital.
        let state = r[1].as_ref().expect("state");
        assert_eq!(state.place.precision, GeoPrecision::Admin1);
        assert_eq!(state.place.admin1.as_deref(), Some("WA"));
        // A landmark from data/geo/landmarks.tsv, by name and not inferred.
        let house = r[2].as_ref().expect("landmark");
        assert_eq!(house.place.name, "White House");
        assert!(!house.inferred);
        let d = crate::eval::haversine_km(house.point.unwrap(), (38.8977, -77.0365));
        assert!(d < 2.0, "{d} km");
        // A country: no coordinates on the place, a point for scoring.
        let france = r[3].as_ref().expect("country");
        assert_eq!(france.place.lat, None);
        let (lat, lon) = france.point.expect("scoring point");
        assert!(
            (42.0..51.0).contains(&lat) && (-2.0..7.0).contains(&lon),
            "{lat} {lon}"
        );
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
        // A postal code is a state only after its town.
        let doc = nlp.annotate("The bomber grew up in Tulsa, OK and moved away.", None);
        let names: Vec<String> = gaz.places(&doc).into_iter().map(|m| m.place.name).collect();
        assert!(names.iter().any(|n| n == "Oklahoma"), "{names:?}");
        let doc = nlp.annotate(
            "He told a friend that being a bomber was OK. Police said so.",
            None,
        );
        assert!(gaz.places(&doc).is_empty());
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
                .any(|&(i, _)| minor.entries[i as usize].geonames_id == e.geonames_id)));
    }
}
