//! Event filters as a user gives them, checked once for every front end: `vigil query`,
//! `export`, `claims`, `watch add` and the API's event, claim and picture routes all call
//! [`resolve`], [`country`] and [`actor`].
//!
//! - A country is an ISO 3166-1 alpha-2 code (`FR`), an alpha-3 code (`FRA`) or an English
//!   name (`France`, any case and accents); anything else is an error that names the closest
//!   countries.
//! - An actor is a dictionary id (`grp:islamic-state`), a name or alias from the actor
//!   dictionary (`Islamic State`, `ISIS`, `JNIM`), resolved to its id — with the actors
//!   affiliated to it (branches, affiliates, media) when asked — or another name that stored
//!   events hold (an organisation no dictionary lists). A name neither knows is an error that
//!   names the closest dictionary names.
//! - `from` may not be after `to`.
//!
//! ```
//! use vigil_corpus::filters;
//! assert_eq!(filters::country("France").unwrap(), "FR");
//! assert_eq!(filters::country("fr").unwrap(), "FR");
//! assert!(filters::country("XX").unwrap_err().to_string().contains("XX"));
//! let is = filters::actor("ISIS", false, &|_| Ok(false)).unwrap();
//! assert!(is.matches("grp:islamic-state") && !is.matches("grp:iswap"));
//! let with = filters::actor("Islamic State", true, &|_| Ok(false)).unwrap();
//! assert!(with.matches("grp:iswap"));
//! let e = filters::actor("Islamc State", false, &|_| Ok(false)).unwrap_err();
//! assert!(e.to_string().contains("Islamic State (grp:islamic-state)"), "{e}");
//! ```

use crate::atlas::{self, fold};
use crate::{Error, Result};
use std::sync::OnceLock;
use vigil_nlp::Actors;
use vigil_store::{Query, Store};

/// The built-in actor dictionary, loaded once.
///
/// # Panics
/// When the built-in data is malformed (a build that cannot happen: the data's own tests fail).
pub fn dictionary() -> &'static Actors {
    static ACTORS: OnceLock<Actors> = OnceLock::new();
    ACTORS.get_or_init(|| Actors::builtin().expect("the built-in actor dictionary loads"))
}

/// The country code a user means: `FR`, `fra`, `France`.
///
/// # Errors
/// [`Error::UnknownCountry`], with the closest names.
pub fn country(given: &str) -> Result<String> {
    let g = given.trim();
    if g.len() == 2 && atlas::is_country(g) {
        return Ok(g.to_ascii_uppercase());
    }
    // "The Netherlands", "the Gambia": the article is no part of the name.
    let bare = |s: &str| {
        let f = fold(s);
        f.strip_prefix("the ").map(str::to_string).unwrap_or(f)
    };
    let folded = bare(g);
    if let Some((code, _, _)) = atlas::countries()
        .iter()
        .find(|(_, iso3, name)| iso3.eq_ignore_ascii_case(g) || bare(name) == folded)
    {
        return Ok((*code).to_string());
    }
    let names = atlas::countries()
        .iter()
        .map(|(code, _, name)| (bare(name), format!("{name} ({code})")));
    Err(Error::UnknownCountry {
        given: g.to_string(),
        closest: closest(&folded, names),
    })
}

/// Which actors a filter matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorFilter {
    /// These actor ids (the first is the one named; the others its affiliates).
    Ids(Vec<String>),
    /// A name no dictionary lists that stored events hold, compared case-insensitively.
    Name(String),
}

impl ActorFilter {
    /// Whether an actor, given as its id or (without one) its name, matches.
    #[must_use]
    pub fn matches(&self, id_or_name: &str) -> bool {
        match self {
            ActorFilter::Ids(ids) => ids.iter().any(|i| i == id_or_name),
            ActorFilter::Name(n) => fold(n) == fold(id_or_name),
        }
    }

    /// Sets the store query's actor condition.
    pub fn apply(&self, q: &mut Query) {
        match self {
            ActorFilter::Ids(ids) => {
                q.actor = None;
                q.actor_ids = ids.clone();
            }
            ActorFilter::Name(n) => {
                q.actor = Some(n.clone());
                q.actor_ids.clear();
            }
        }
    }
}

/// The actor a user means: a dictionary id, name or alias (with its affiliates when
/// `with_affiliates`), an id of another kind (`per:…`), or a name `stored` says events hold.
///
/// # Errors
/// [`Error::UnknownActor`] with the closest dictionary names; `stored`'s error.
pub fn actor(
    given: &str,
    with_affiliates: bool,
    stored: &dyn Fn(&str) -> Result<bool>,
) -> Result<ActorFilter> {
    let g = given.trim();
    let dict = dictionary();
    let folded = fold(g);
    let found = dict.get(g).or_else(|| {
        dict.actors
            .iter()
            .find(|a| fold(&a.name) == folded || a.aliases.iter().any(|al| fold(al) == folded))
    });
    if let Some(a) = found {
        let mut ids = vec![a.id.clone()];
        if with_affiliates {
            for other in &dict.actors {
                if other.id != a.id && dict.parents(&other.id).contains(&a.id.as_str()) {
                    ids.push(other.id.clone());
                }
            }
        }
        return Ok(ActorFilter::Ids(ids));
    }
    if is_id(g) {
        return Ok(ActorFilter::Ids(vec![g.to_string()]));
    }
    if !g.is_empty() && stored(g)? {
        return Ok(ActorFilter::Name(g.to_string()));
    }
    let names = dict.actors.iter().flat_map(|a| {
        std::iter::once(&a.name)
            .chain(a.aliases.iter())
            .map(move |n| (fold(n), format!("{} ({})", a.name, a.id)))
    });
    Err(Error::UnknownActor {
        given: g.to_string(),
        closest: closest(&folded, names),
    })
}

/// `grp:…`, `per:…`, `state:FR`: a prefix of lower-case letters, a colon, no spaces.
fn is_id(s: &str) -> bool {
    s.split_once(':').is_some_and(|(p, rest)| {
        !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()) && !rest.is_empty()
    }) && !s.contains(char::is_whitespace)
}

/// Checks and completes a store query built from a user's filters: the country mapped to its
/// code, the actor resolved (see [`actor`]), the dates in order.
///
/// # Errors
/// [`Error::UnknownCountry`], [`Error::UnknownActor`], [`Error::BadFilter`], a store error.
pub fn resolve(store: &dyn Store, mut q: Query, with_affiliates: bool) -> Result<Query> {
    if let Some(c) = q.country.take() {
        q.country = Some(country(&c)?);
    }
    if let (Some(f), Some(t)) = (q.from, q.to) {
        if f > t {
            return Err(Error::BadFilter(format!("from ({f}) is after to ({t})")));
        }
    }
    if let Some(a) = q.actor.take() {
        let stored = |name: &str| -> Result<bool> {
            let probe = Query {
                actor: Some(name.to_string()),
                include_duplicates: true,
                limit: Some(1),
                ..Query::default()
            };
            Ok(!store.query(&probe)?.is_empty())
        };
        actor(&a, with_affiliates, &stored)?.apply(&mut q);
    }
    Ok(q)
}

/// Up to five labels whose folded names are nearest `given` (a name starting with or holding
/// it first, then by edit distance), for "did you mean".
fn closest(given: &str, names: impl Iterator<Item = (String, String)>) -> Vec<String> {
    let mut scored: Vec<(usize, String)> = names
        .map(|(name, label)| {
            let d = if !given.is_empty() && name.starts_with(given) {
                0
            } else if !given.is_empty() && name.contains(given) {
                1
            } else {
                2 + levenshtein(given, &name)
            };
            (d, label)
        })
        .collect();
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (d, label) in scored {
        if out.len() == 5 || d > 2 + given.chars().count().max(3) / 2 {
            break;
        }
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Dictionary actors whose name or an alias starts with (else holds) `prefix`, folded: the
/// dashboard's suggestions as the analyst types. `(id, name, the alias matched)`.
#[must_use]
pub fn suggest_actors(prefix: &str, limit: usize) -> Vec<(String, String, String)> {
    let p = fold(prefix);
    if p.is_empty() {
        return Vec::new();
    }
    // Ranked: the name starts with it, an alias does, either holds it; then shorter names.
    let mut hits: Vec<(u8, usize, String, String, String)> = Vec::new();
    for a in &dictionary().actors {
        let best = std::iter::once(&a.name)
            .chain(a.aliases.iter())
            .enumerate()
            .filter_map(|(k, n)| {
                let f = fold(n);
                if f.starts_with(&p) {
                    Some((u8::from(k > 0), n))
                } else if f.contains(&p) || a.id.contains(&p) {
                    Some((2, n))
                } else {
                    None
                }
            })
            .min_by_key(|(rank, _)| *rank);
        if let Some((rank, n)) = best {
            hits.push((rank, a.name.len(), a.name.clone(), a.id.clone(), n.clone()));
        }
    }
    hits.sort();
    hits.into_iter()
        .take(limit)
        .map(|(_, _, name, id, alias)| (id, name, alias))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_by_code_name_and_alpha3() {
        assert_eq!(country("ng").unwrap(), "NG");
        assert_eq!(country("NGA").unwrap(), "NG");
        assert_eq!(country(" nigeria ").unwrap(), "NG");
        assert_eq!(country("Netherlands").unwrap(), "NL");
        assert_eq!(country("the netherlands").unwrap(), "NL");
        let e = country("Frnace").unwrap_err().to_string();
        assert!(e.contains("\"Frnace\"") && e.contains("France (FR)"), "{e}");
        assert!(country("ZZ").is_err() && country("").is_err());
    }

    #[test]
    fn actors_by_id_name_alias_and_affiliates() {
        let none = |_: &str| Ok(false);
        let ids = |f: ActorFilter| match f {
            ActorFilter::Ids(i) => i,
            ActorFilter::Name(n) => panic!("a name: {n}"),
        };
        assert_eq!(ids(actor("JNIM", false, &none).unwrap()), ["grp:jnim"]);
        assert_eq!(
            ids(actor("isis", false, &none).unwrap()),
            ["grp:islamic-state"]
        );
        assert_eq!(
            ids(actor("grp:islamic-state", false, &none).unwrap()),
            ["grp:islamic-state"]
        );
        let all = ids(actor("Islamic State", true, &none).unwrap());
        assert_eq!(all[0], "grp:islamic-state");
        assert!(
            all.contains(&"grp:iswap".to_string()) && all.len() > 4,
            "{all:?}"
        );
        // Another kind of id passes; a stored name passes; an unknown name is an error.
        assert_eq!(ids(actor("per:abc", false, &none).unwrap()), ["per:abc"]);
        assert_eq!(
            actor("Ansar Foo", false, &|n| Ok(n == "Ansar Foo")).unwrap(),
            ActorFilter::Name("Ansar Foo".into())
        );
        let e = actor("Boko Harum", false, &none).unwrap_err().to_string();
        assert!(
            e.contains("\"Boko Harum\"") && e.contains("grp:boko-haram"),
            "{e}"
        );
    }

    #[test]
    fn suggestions_as_one_types() {
        let s = suggest_actors("isl", 10);
        assert!(
            s.iter().any(|(id, _, _)| id == "grp:islamic-state"),
            "{s:?}"
        );
        assert!(suggest_actors("", 10).is_empty());
        assert!(suggest_actors("jni", 3)
            .iter()
            .any(|(id, _, _)| id == "grp:jnim"));
    }
}
