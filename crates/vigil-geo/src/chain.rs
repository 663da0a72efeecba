//! Places told as an administrative chain, each inside the next: "Bokkos, Plateau, Nigeria",
//! "Kirikiri village, Gwoza district, Borno state", and the incident-note form "Kpandai
//! (Kpandai, Northern)": a town, then in brackets its district and its first-level area.
//!
//! Such a chain says more than each of its names: a word that is a place in many countries
//! ("Northern", "Plateau") is the one that holds the chain's next name, and a small town or a
//! district the main table lacks is found inside the area named after it. A chain is read from
//! its widest name inward; each name must lie in the one after it, and only names so confirmed
//! are placed (the widest alone only where the bracketed form leaves one reading).

use crate::gazetteer::{folded, Entry, Gazetteer, NameKind, SmallTown, SmallTowns};
use crate::resolve::{km, place_ref, point, usable, PlaceMention, COMMON};
use std::collections::{BTreeSet, HashMap};
use vigil_model::{GeoPrecision, MentionKind, SentenceKind, TokenKind};
use vigil_nlp::Annotated;

/// What the word after a name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// "village", "town", "city".
    Town,
    /// "district", "county", "municipality".
    District,
    /// "province", "state", "region".
    Area,
}

fn hint_of(word: &str) -> Option<Hint> {
    match word {
        "village" | "town" | "city" | "locality" | "hamlet" | "settlement" => Some(Hint::Town),
        "district" | "county" | "municipality" | "lga" | "subdistrict" | "commune" | "tehsil" => {
            Some(Hint::District)
        }
        "province" | "state" | "region" | "governorate" | "department" | "prefecture"
        | "division" | "oblast" => Some(Hint::Area),
        _ => None,
    }
}

/// Lower-case words inside a place's name: "Dar es Salaam", "Rio de Janeiro", "Jisr
/// al-Shughur".
const CONNECTORS: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "an", "ez", "es", "de", "del", "la", "las", "los",
    "do", "da", "dos", "das", "des", "du",
];

/// Readings of one name tried below each place of the chain.
const MAX_FITS: usize = 8;

/// One name of a chain: tokens `[start, end)`; `bare`, the end without a last word of kind
/// written as part of the name ("Borno State"); `next`, the first token after the name and any
/// word of kind after it.
#[derive(Debug, Clone, Copy)]
struct Link {
    start: usize,
    end: usize,
    bare: usize,
    hint: Option<Hint>,
    next: usize,
}

/// The name starting at token `i` (a capitalised word), if any.
fn link(doc: &Annotated, i: usize, limit: usize, blocked: &dyn Fn(usize) -> bool) -> Option<Link> {
    let capital = |j: usize| {
        doc.tokens[j].kind == TokenKind::Word && doc.tok(j).starts_with(char::is_uppercase)
    };
    if i >= limit || !capital(i) || blocked(i) {
        return None;
    }
    let mut j = i + 1;
    while j < limit && j - i < 7 && !blocked(j) {
        let joins = j + 1 < limit && (capital(j + 1) || doc.tok(j + 1) == "-");
        let hyphen = doc.tok(j) == "-"
            && j + 1 < limit
            // Written together ("Nord-Kivu", not "Nigeria - Gunmen").
            && doc.touches(j)
            && doc.touches(j + 1)
            && (capital(j + 1) || CONNECTORS.contains(&doc.tok(j + 1)));
        if capital(j) || hyphen || (CONNECTORS.contains(&doc.tok(j)) && joins) {
            j += 1;
        } else {
            break;
        }
    }
    // Never ending on a joining word ("Borno as" of "Borno as Boko Haram").
    while j > i + 1 && (doc.tok(j - 1) == "-" || CONNECTORS.contains(&doc.tok(j - 1))) {
        j -= 1;
    }
    let end = j;
    // A word that is rarely a place, alone ("Police"), a date's ("March 5"), or an initial
    // ("N . J ." as a tokenised text writes it).
    if end == i + 1
        && (COMMON.contains(&doc.low(i))
            || vigil_nlp::calendar_word(doc.low(i))
            || doc.tok(i).chars().count() == 1)
    {
        return None;
    }
    let mut bare = end;
    let mut hint = None;
    if end - i > 1 {
        if let Some(h) = hint_of(doc.low(end - 1)) {
            bare = end - 1;
            hint = Some(h);
        }
    }
    let mut next = end;
    if hint.is_none() && end < limit {
        if let Some(h) = hint_of(doc.low(end)) {
            hint = Some(h);
            next = end + 1;
        }
    }
    Some(Link {
        start: i,
        end,
        bare,
        hint,
        next,
    })
}

/// A reading of one name: the place, and its first-level area's code where known.
#[derive(Debug, Clone)]
struct Reading {
    entry: Entry,
    code: Option<String>,
    /// The tokens read (the name with or without its word of kind).
    end: usize,
}

/// The places a name may be: the main table's countries, areas and cities, and the minor
/// table's towns and areas. The name as written first; without its word of kind when that
/// finds nothing.
fn readings(g: &Gazetteer, small: Option<&SmallTowns>, doc: &Annotated, l: &Link) -> Vec<Reading> {
    let mut ends = vec![l.end];
    if l.bare != l.end {
        ends.push(l.bare);
    }
    for end in ends {
        let surface = doc.token_span(l.start, end).slice(&doc.text);
        // A state's abbreviation read with its stop ("Slidell, La."; not a sentence's stop
        // after a name, "in Ikeja, Ondo.").
        let abbreviation = end == l.start + 1
            && end < doc.tokens.len()
            && doc.tok(end) == "."
            && surface.chars().count() <= 3;
        let read = end;
        let end = if abbreviation { end + 1 } else { end };
        let mut out: Vec<Reading> = Vec::new();
        for &(idx, kind) in g.names.get(surface) {
            let e = &g.entries[idx as usize];
            if kind == NameKind::Demonym
                || !usable(g, doc, l.start, read, &(idx, kind))
                || !matches!(
                    e.level,
                    GeoPrecision::Country | GeoPrecision::Admin1 | GeoPrecision::City
                )
            {
                continue;
            }
            let code = match e.level {
                GeoPrecision::City => e.admin1.clone(),
                // A US state bears its code; another area, its minor table's by name.
                GeoPrecision::Admin1 => {
                    e.admin1.clone().filter(|code| *code != e.name).or_else(|| {
                        let s = small?;
                        let cc = e.country.as_deref()?;
                        s.area_code(cc, &e.name)
                            .or_else(|| s.area_code(cc, surface))
                            .map(str::to_string)
                    })
                }
                _ => None,
            };
            out.push(Reading {
                entry: e.clone(),
                code,
                end,
            });
        }
        if let Some(s) = small {
            for x in s.folded_named(surface) {
                let code = (!x.admin1.is_empty()).then(|| x.admin1.to_string());
                // The main table's own reading of an area stands for the minor table's.
                if x.depth == 1
                    && out.iter().any(|r| {
                        r.entry.level == GeoPrecision::Admin1
                            && r.entry.country.as_deref() == Some(x.country)
                            && r.code == code
                    })
                {
                    continue;
                }
                out.push(Reading {
                    entry: SmallTown::entry(&x),
                    code,
                    end,
                });
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

/// What a name's readings depend on: its words (with and without a word of kind written in
/// it), the tables read, and what [`usable`] and the abbreviation's stop look at around it.
type ReadingKey = (String, usize, usize, bool, bool, bool);

/// The readings of the document's names, each read once (a story names "Borno state,
/// Nigeria" many times), with their ends counted from the name's first token.
#[derive(Default)]
struct Readings(std::cell::RefCell<HashMap<ReadingKey, Vec<Reading>>>);

impl Readings {
    fn of(
        &self,
        g: &Gazetteer,
        small: Option<&SmallTowns>,
        doc: &Annotated,
        l: &Link,
    ) -> Vec<Reading> {
        let after_comma = l.start >= 2
            && doc.tok(l.start - 1) == ","
            && doc.tok(l.start - 2).starts_with(char::is_uppercase);
        let stop = |e: usize| e < doc.tokens.len() && doc.tok(e) == ".";
        let key = (
            doc.token_span(l.start, l.end).slice(&doc.text).to_string(),
            l.end - l.start,
            l.bare - l.start,
            small.is_some(),
            after_comma,
            stop(l.end) || stop(l.bare),
        );
        let shift = |rs: &[Reading], from: usize, to: usize| -> Vec<Reading> {
            rs.iter()
                .map(|r| Reading {
                    end: r.end - from + to,
                    ..r.clone()
                })
                .collect()
        };
        if let Some(rs) = self.0.borrow().get(&key) {
            return shift(rs, 0, l.start);
        }
        let rs = readings(g, small, doc, l);
        self.0.borrow_mut().insert(key, shift(&rs, l.start, 0));
        rs
    }
}

/// How well a reading's level fits the word of kind after its name (higher is better).
fn fit(level: GeoPrecision, hint: Option<Hint>) -> u8 {
    match (hint, level) {
        (Some(Hint::Town) | None, GeoPrecision::City) => 3,
        (Some(Hint::District), GeoPrecision::Admin2) => 3,
        (Some(Hint::District), GeoPrecision::City) => 2,
        (Some(Hint::Area), GeoPrecision::Admin1) => 3,
        (Some(Hint::Area), GeoPrecision::Admin2) => 2,
        (None, GeoPrecision::Admin2) => 2,
        (None, GeoPrecision::Admin1) => 1,
        _ => 0,
    }
}

/// Whether `child` lies in `parent`.
fn inside(child: &Reading, parent: &Reading) -> bool {
    let (c, p) = (&child.entry, &parent.entry);
    if c.country.is_none() || c.country != p.country {
        return false;
    }
    let near = |limit: f64| {
        point(c)
            .zip(point(p))
            .is_some_and(|(a, b)| km(a, b) <= limit)
    };
    match p.level {
        GeoPrecision::Country => c.level != GeoPrecision::Country,
        // An area known by its code holds what bears it; one known only by its point (an
        // authored area the minor table does not name alike), what lies near it.
        GeoPrecision::Admin1 => {
            matches!(c.level, GeoPrecision::Admin2 | GeoPrecision::City)
                && match &parent.code {
                    Some(code) => child.code.as_ref() == Some(code),
                    None => near(100.0),
                }
        }
        GeoPrecision::Admin2 => {
            c.level == GeoPrecision::City && child.code == parent.code && near(60.0)
        }
        GeoPrecision::City => c.level == GeoPrecision::City && near(50.0),
        _ => false,
    }
}

/// The chain read inward from link `k` below `parent`: the deepest run of readings, each in
/// the one after it (one unknown name may be passed over: "Bamenda (Mezam, North-West)"); of
/// runs as deep, the one whose readings fit best. `readings` holds each link's readings.
fn descend(
    doc: &Annotated,
    links: &[Link],
    readings: &[Vec<Reading>],
    k: usize,
    parent: &Reading,
    passed: bool,
) -> Vec<(usize, Reading)> {
    let l = &links[k];
    let mut fits: Vec<Reading> = readings[k]
        .iter()
        .filter(|r| inside(r, parent))
        .cloned()
        .collect();
    // A district named after its seat stands for the town the tables lack ("Kpandai
    // (Kpandai, Northern)").
    if fits.is_empty()
        && parent.entry.level == GeoPrecision::Admin2
        && folded(doc.token_span(l.start, l.bare).slice(&doc.text)) == folded(&parent.entry.name)
    {
        fits.push(Reading {
            end: l.bare,
            ..parent.clone()
        });
    }
    // A name the tables do not hold may be passed over; one that lies elsewhere breaks the
    // chain ("Boston, Massachusetts, March 5").
    if fits.is_empty() {
        return if k > 0 && !passed && readings[k].is_empty() {
            descend(doc, links, readings, k - 1, parent, true)
        } else {
            Vec::new()
        };
    }
    let here = point(&parent.entry);
    let closeness = |r: &Reading| here.zip(point(&r.entry)).map_or(0.0, |(h, q)| -km(h, q));
    fits.sort_by(|a, b| {
        fit(b.entry.level, l.hint)
            .cmp(&fit(a.entry.level, l.hint))
            .then(closeness(b).total_cmp(&closeness(a)))
            .then(b.entry.population.cmp(&a.entry.population))
    });
    // Of many namesakes in one country (a country's hundred villages of one saint's name), the
    // best few.
    fits.truncate(MAX_FITS);
    let mut best: Vec<(usize, Reading)> = Vec::new();
    for r in fits {
        let below = if k > 0 {
            descend(doc, links, readings, k - 1, &r, passed)
        } else {
            Vec::new()
        };
        if best.is_empty() || below.len() + 1 > best.len() {
            best = std::iter::once((k, r)).chain(below).collect();
        }
    }
    best
}

/// What the administrative chains of a document say.
#[derive(Debug, Default)]
pub(crate) struct Chains {
    /// The places of the chains' names.
    pub places: Vec<PlaceMention>,
    /// Names inside a chain that no table places (`[start, end)` tokens), with the chain's
    /// country: no place abroad ("Colonia Centro, Tegucigalpa, Honduras" is no part of
    /// Cologne).
    pub unplaced: Vec<(usize, usize, String)>,
}

/// The places of the administrative chains in `doc`'s mixed-case text; `focus`, the
/// countries the story is about, settles a chain read alike in several.
pub(crate) fn admin_chains(g: &Gazetteer, doc: &Annotated, focus: &BTreeSet<String>) -> Chains {
    let mut out = Chains::default();
    if !doc.case.is_mixed() {
        return out;
    }
    // The names of armed groups are no places ("Al Shabaab"); what the entity tagger reads
    // as an organisation may be ("Ad Durayhimi"), and the chain tells.
    let mut group = vec![false; doc.tokens.len()];
    for m in doc.actors.iter().filter(|m| m.kind == MentionKind::Group) {
        group[m.start..m.end.min(doc.tokens.len())]
            .iter_mut()
            .for_each(|b| *b = true);
    }
    let blocked = |i: usize| group[i];
    let cache = Readings::default();
    for (si, r) in doc.sentence_tokens.iter().enumerate() {
        // A chain needs a comma or a bracket.
        if doc.sentences[si].kind == SentenceKind::Boilerplate
            || !r.clone().any(|k| matches!(doc.tok(k), "," | "("))
        {
            continue;
        }
        let mut i = r.start;
        while i < r.end {
            let Some(first) = link(doc, i, r.end, &blocked) else {
                i += 1;
                continue;
            };
            let mut links = vec![first];
            let mut j = first.next;
            let mut bracket = false;
            if j < r.end && doc.tok(j) == "(" {
                let mut k = j + 1;
                let mut inner = Vec::new();
                while let Some(l) = link(doc, k, r.end, &blocked) {
                    inner.push(l);
                    k = l.next;
                    if k < r.end && doc.tok(k) == "," {
                        k += 1;
                    } else {
                        break;
                    }
                }
                // An acronym in brackets spells out the name before it ("the Commonwealth
                // of Independent States (CIS)").
                let acronym = |l: &Link| {
                    let t = doc.tok(l.start);
                    l.end == l.start + 1
                        && t.chars().count() <= 6
                        && !t.chars().any(char::is_lowercase)
                };
                if (1..=3).contains(&inner.len())
                    && !inner.iter().any(acronym)
                    && k < r.end
                    && doc.tok(k) == ")"
                {
                    links.extend(inner);
                    bracket = true;
                    j = k + 1;
                }
            } else {
                while links.len() < 5 && j + 1 < r.end && doc.tok(j) == "," {
                    match link(doc, j + 1, r.end, &blocked) {
                        Some(l) => {
                            j = l.next;
                            links.push(l);
                        }
                        None => break,
                    }
                }
            }
            if links.len() >= 2 {
                let chain = Chain {
                    sentence: si,
                    links: &links,
                    bracket,
                };
                read_chain(g, doc, chain, focus, &cache, &mut out);
            }
            i = j.max(i + 1);
        }
    }
    out
}

/// One chain as written: its sentence, its names, and whether its inner names are bracketed
/// (the incident-note form).
#[derive(Clone, Copy)]
struct Chain<'l> {
    sentence: usize,
    links: &'l [Link],
    bracket: bool,
}

/// The places of one chain.
fn read_chain(
    g: &Gazetteer,
    doc: &Annotated,
    chain: Chain,
    focus: &BTreeSet<String>,
    cache: &Readings,
    out: &mut Chains,
) {
    let Chain {
        sentence,
        links,
        bracket,
    } = chain;
    let n = links.len();
    let Some(last) = links.last().filter(|_| n >= 2) else {
        return;
    };
    let main = |l: &Link| g.names.get(doc.token_span(l.start, l.end).slice(&doc.text));
    // Cheap first: a widest name the main table does not know, in a chain whose form does not
    // vouch for it, reads nothing ("John Smith, Reuters").
    if !bracket
        && last.hint.is_none()
        && main(last).is_empty()
        && g.names
            .get(doc.token_span(last.start, last.bare).slice(&doc.text))
            .is_empty()
    {
        return;
    }
    // A country before the last name makes a list, not a chain ("Gambia, Ghana, Guinea-Bissau,
    // Niger, Nigeria and Togo"); not a state of a country's name ("Mokwa, Niger state,
    // Nigeria"; "Savannah, Georgia, United States").
    let country = |l: &Link| {
        let names = main(l);
        l.hint.is_none()
            && !names.is_empty()
            && names
                .iter()
                .all(|&(i, _)| g.entries[i as usize].level == GeoPrecision::Country)
    };
    if links[..n - 1].iter().any(country) {
        return;
    }
    let read = |small: Option<&SmallTowns>| -> Vec<Vec<(usize, Reading)>> {
        let roots: Vec<Reading> = cache
            .of(g, small, doc, last)
            .into_iter()
            .filter(|r| fit(r.entry.level, last.hint) > 0 || r.entry.level == GeoPrecision::Country)
            .collect();
        if roots.is_empty() {
            return Vec::new();
        }
        let all: Vec<Vec<Reading>> = links[..n - 1]
            .iter()
            .map(|l| cache.of(g, small, doc, l))
            .collect();
        roots
            .into_iter()
            .map(|root| {
                std::iter::once((n - 1, root.clone()))
                    .chain(descend(doc, links, &all, n - 2, &root, false))
                    .collect()
            })
            .collect()
    };
    // The main table first; the minor table (built on first use, 12 MB to read) only for a
    // chain the main table leaves unread, and that the main table or its form vouches for.
    let mut chains = read(None);
    if !chains.iter().any(|c| c.len() == n)
        && (!chains.is_empty() || bracket || last.hint.is_some())
    {
        chains = read(Some(g.small_towns()));
    }
    let depth = chains.iter().map(Vec::len).max().unwrap_or(0);
    let mut best: Vec<&Vec<(usize, Reading)>> =
        chains.iter().filter(|c| c.len() == depth).collect();
    // Readings in several countries: the story's own, if it is about one of them.
    let country_of = |c: &Vec<(usize, Reading)>| c[0].1.entry.country.clone().unwrap_or_default();
    if best.len() > 1 {
        let mut countries: Vec<String> = best.iter().map(|c| country_of(c)).collect();
        countries.sort();
        countries.dedup();
        if countries.len() > 1 {
            best.retain(|c| focus.contains(&country_of(c)));
        }
    }
    // Readings alike but for the level of the widest name ("Kunduz" the province and the
    // district, one place): the first of the best fit. Two places of one name: none.
    let alike = |x: &Vec<(usize, Reading)>, y: &Vec<(usize, Reading)>| {
        country_of(x) == country_of(y)
            && point(&x[0].1.entry)
                .zip(point(&y[0].1.entry))
                .is_some_and(|(p, q)| km(p, q) <= 100.0)
    };
    let chosen = match best.as_slice() {
        [one] => *one,
        [one, ..] if best.iter().all(|c| alike(c, one)) => best
            .iter()
            .rev()
            .max_by_key(|c| fit(c[0].1.entry.level, last.hint))
            .copied()
            .unwrap_or(one),
        _ => return,
    };
    // The widest name alone only in the bracketed form of an incident note (a district and
    // an area), read one way, below a country.
    if chosen.len() < 2
        && !(bracket
            && links.len() >= 3
            && chains.len() == 1
            && chosen[0].1.entry.level != GeoPrecision::Country)
    {
        return;
    }
    out.places.extend(chosen.iter().map(|(k, r)| {
        let span = doc.token_span(links[*k].start, r.end);
        PlaceMention {
            start: links[*k].start,
            end: r.end,
            sentence,
            demonym: false,
            place: place_ref(&r.entry, doc, span),
        }
    }));
    // The names inside the chain's places that the main table does not hold either (a
    // name it holds elsewhere is one of a list: "Nairobi, Kampala, Arusha, Tanzania"); a name
    // passed over between two of them, or any name of an incident note's form (the town
    // before the brackets and those inside), is the chain's whatever the main table holds
    // ("Taizz city (Al Qahirah, Taizz)" is not Cairo, "Boni (Douentza, Mopti)" not Bonn).
    let innermost = chosen.iter().map(|(k, _)| *k).min().unwrap_or(0);
    if chosen.len() >= 2 || bracket {
        if let Some(cc) = chosen[0].1.entry.country.clone() {
            out.unplaced.extend(
                links
                    .iter()
                    .enumerate()
                    .filter(|(k, l)| {
                        !chosen.iter().any(|(c, _)| c == k)
                            && (bracket || *k > innermost || main(l).is_empty())
                    })
                    .map(|(_, l)| (l.start, l.end, cc.clone())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Gazetteer;
    use vigil_nlp::Nlp;

    /// The places of a text as (name, country, precision).
    fn places(nlp: &Nlp, gaz: &Gazetteer, text: &str) -> Vec<(String, String, String)> {
        let doc = nlp.annotate(text, None);
        gaz.places(&doc)
            .iter()
            .filter(|m| !m.demonym)
            .map(|m| {
                (
                    m.place.name.clone(),
                    m.place.country.clone().unwrap_or_default(),
                    format!("{:?}", m.place.precision),
                )
            })
            .collect()
    }

    fn has(found: &[(String, String, String)], name: &str, cc: &str, level: &str) -> bool {
        found
            .iter()
            .any(|(n, c, l)| n == name && c == cc && l == level)
    }

    #[test]
    fn incident_notes_name_town_district_and_area_in_brackets() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        // "Northern" is an area of six countries; the district it holds tells which. The
        // tables know no town Kpandai: the district named after it stands for it.
        let p = places(
            &nlp,
            &gaz,
            "On 5 March 2020, unidentified gunmen shot and killed a man in Kpandai (Kpandai, \
             Northern).",
        );
        assert!(has(&p, "Kpandai", "GH", "Admin2"), "{p:?}");
        assert!(has(&p, "Northern", "GH", "Admin1"), "{p:?}");
        // A town of 12,538 people in the state of the same name as a common word.
        let p = places(
            &nlp,
            &gaz,
            "On 4 March 2020, militia attacked farmers in Bokkos (Bokkos, Plateau), killing 3.",
        );
        assert!(has(&p, "Bokkos", "NG", "City"), "{p:?}");
        assert!(has(&p, "Plateau", "NG", "Admin1"), "{p:?}");
        // A district the tables lack is passed over.
        let p = places(
            &nlp,
            &gaz,
            "On 2 March 2020, gunmen abducted a chief in Bamenda (Mezam, North-West).",
        );
        assert!(has(&p, "North-West", "CM", "Admin1"), "{p:?}");
        // A name passed over inside the brackets is the chain's, not a namesake abroad: a
        // district of Taizz is not Cairo, a village of Mopti not Bonn.
        for (text, cc) in [
            (
                "On 10 January 2020, Houthi forces shelled Taizz city (Al Qahirah, Taizz).",
                "YE",
            ),
            (
                "On 18 January 2020, militants ambushed a convoy near Boni (Douentza, Mopti).",
                "ML",
            ),
        ] {
            let p = places(&nlp, &gaz, text);
            assert!(!p.is_empty(), "{text}");
            assert!(p.iter().all(|(_, c, _)| c == cc), "{text}: {p:?}");
        }
        // Brackets that spell out a name, or give a person's name, hold no place.
        for text in [
            "Trade in the Commonwealth of Independent States (CIS) has fallen.",
            "They said they gave that kid at Arizona (Ayton) $100,000.",
        ] {
            let p = places(&nlp, &gaz, text);
            assert!(
                !p.iter().any(|(n, _, _)| n == "CIS" || n == "Ayton"),
                "{text}: {p:?}"
            );
        }
    }

    #[test]
    fn comma_chains_read_from_the_widest_name_inward() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let p = places(
            &nlp,
            &gaz,
            "Assailants opened fire on civilians in Bokkos, Plateau, Nigeria.",
        );
        assert!(has(&p, "Bokkos", "NG", "City"), "{p:?}");
        assert!(has(&p, "Plateau", "NG", "Admin1"), "{p:?}");
        // Kaduna the state holds Kagarko, 100 km from Kaduna the city.
        let p = places(
            &nlp,
            &gaz,
            "Assailants abducted civilians in Kagarko, Kaduna, Nigeria.",
        );
        assert!(
            p.iter().any(|(n, c, _)| n == "Kagarko" && c == "NG"),
            "{p:?}"
        );
        assert!(has(&p, "Kaduna", "NG", "Admin1"), "{p:?}");
        // A town in a first-level area the dateline names, with its region's word of kind.
        let p = places(
            &nlp,
            &gaz,
            "Assailants attacked soldiers near Tessit, Gao region, Mali.",
        );
        assert!(has(&p, "Tessit", "ML", "City"), "{p:?}");
        // A name inside the chain that no table places is no town abroad (Colonia of
        // Cologne).
        let p = places(
            &nlp,
            &gaz,
            "Assailants attacked a bus in Colonia Centro, Tegucigalpa, Honduras.",
        );
        assert!(p.iter().all(|(_, c, _)| c == "HN"), "{p:?}");
        // Countries listed are no chain: Niger stays the country, not a state of Nigeria.
        let p = places(
            &nlp,
            &gaz,
            "Cases were reported in Gambia, Ghana, Guinea-Bissau, Niger, Nigeria and Togo.",
        );
        assert!(has(&p, "Guinea-Bissau", "GW", "Country"), "{p:?}");
        assert!(
            !p.iter().any(|(_, c, l)| c == "NG" && l != "Country"),
            "{p:?}"
        );
        // A name that lies elsewhere breaks the chain: no town "March" near Boston.
        let p = places(
            &nlp,
            &gaz,
            "A courthouse in Boston, Massachusetts, March 5, 2015.",
        );
        assert!(!p.iter().any(|(n, _, _)| n == "March"), "{p:?}");
        // An abbreviation keeps its stop.
        let doc = nlp.annotate("He drowned at his home in Slidell, La., on March 5.", None);
        let found = gaz.places(&doc);
        assert!(
            found
                .iter()
                .any(|m| m.place.text == "La." && m.place.country.as_deref() == Some("US")),
            "{found:?}"
        );
    }
}
