//! The actor dictionary: militant groups, states, agencies, militant media and other
//! organisations with their aliases, affiliation edges, designations, and official titles.
//!
//! The data lives in `data/actors/*.tsv` (documented there) and is built into the binary;
//! a malformed line is an error that names the file and line.

use crate::phrase::PhraseIndex;
use crate::DataError;
use vigil_model::{CaseProfile, MentionKind, Token, TokenKind};

const ACTORS_TSV: &str = include_str!("../../../data/actors/actors.tsv");
const EDGES_TSV: &str = include_str!("../../../data/actors/edges.tsv");
const TITLES_TSV: &str = include_str!("../../../data/actors/titles.tsv");

/// One actor of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Canonical id (`grp:islamic-state`, `state:FR`, `agency:us-fbi` …).
    pub id: String,
    /// Group, state, agency, media or organisation.
    pub kind: MentionKind,
    /// Canonical name.
    pub name: String,
    /// Aliases as written in the data (without guard marks).
    pub aliases: Vec<String>,
    /// Countries where it is based or operates (ISO alpha-2).
    pub countries: Vec<String>,
    /// Public designations (`US-FTO`, `UN-1267` …).
    pub designations: Vec<String>,
}

/// A directed relation between two actors ("affiliate_of", "media_of" …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// From actor id.
    pub from: String,
    /// Relation name.
    pub relation: String,
    /// To actor id.
    pub to: String,
}

/// How an alias may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AliasRef {
    /// Index into [`Actors::actors`].
    pub actor: u32,
    /// Only with exact case (an alias that is also a common word, such as `IS`).
    pub exact_case: bool,
    /// Also a personal name: rejected right after a capitalised given name.
    pub surname: bool,
    /// The alias begins with a capital letter.
    pub capitalised: bool,
}

/// The loaded dictionary.
#[derive(Debug, Clone)]
pub struct Actors {
    /// Every actor, in file order.
    pub actors: Vec<Actor>,
    /// Every relation.
    pub edges: Vec<Edge>,
    /// Alias index.
    pub index: PhraseIndex<(AliasRef, String)>,
    /// Official and organisational titles → category.
    pub titles: PhraseIndex<String>,
}

fn fields<'a>(
    file: &str,
    line_no: usize,
    line: &'a str,
    n: usize,
) -> Result<Vec<&'a str>, DataError> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != n {
        return Err(DataError::new(
            file,
            line_no,
            format!("expected {n} tab-separated fields, found {}", f.len()),
        ));
    }
    Ok(f)
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn list(field: &str) -> Vec<String> {
    if field == "-" {
        return Vec::new();
    }
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn kind_of(file: &str, line: usize, s: &str) -> Result<MentionKind, DataError> {
    Ok(match s {
        "group" => MentionKind::Group,
        "state" => MentionKind::State,
        "agency" => MentionKind::Agency,
        "media" => MentionKind::Media,
        "org" => MentionKind::Organisation,
        other => {
            return Err(DataError::new(
                file,
                line,
                format!("unknown actor type {other:?}"),
            ))
        }
    })
}

impl Actors {
    /// Loads the built-in dictionary.
    ///
    /// # Errors
    /// A malformed line, an unknown type or relation, a duplicate id or an edge to an unknown
    /// id, naming the file and line.
    pub fn builtin() -> Result<Actors, DataError> {
        Actors::parse(
            ("data/actors/actors.tsv", ACTORS_TSV),
            ("data/actors/edges.tsv", EDGES_TSV),
            ("data/actors/titles.tsv", TITLES_TSV),
        )
    }

    /// Parses dictionary files given as `(name, contents)`.
    ///
    /// # Errors
    /// As [`Actors::builtin`].
    pub fn parse(
        actors_tsv: (&str, &str),
        edges_tsv: (&str, &str),
        titles_tsv: (&str, &str),
    ) -> Result<Actors, DataError> {
        let mut actors: Vec<Actor> = Vec::new();
        let mut index = PhraseIndex::new();
        let mut seen = std::collections::HashMap::new();
        let (file, text) = actors_tsv;
        for (line_no, line) in data_lines(text) {
            let f = fields(file, line_no, line, 7)?;
            let id = f[0].trim().to_string();
            let valid_id = id.split_once(':').is_some_and(|(p, rest)| {
                matches!(p, "grp" | "state" | "agency" | "media" | "org") && !rest.is_empty()
            });
            if !valid_id {
                return Err(DataError::new(
                    file,
                    line_no,
                    format!("invalid actor id {id:?}"),
                ));
            }
            if let Some(prev) = seen.insert(id.clone(), line_no) {
                return Err(DataError::new(
                    file,
                    line_no,
                    format!("duplicate id {id:?} (first on line {prev})"),
                ));
            }
            let kind = kind_of(file, line_no, f[1].trim())?;
            let n = actors.len() as u32;
            let name = f[2].trim().to_string();
            let mut aliases = Vec::new();
            for raw in std::iter::once(name.as_str()).chain(list(f[3]).iter().map(String::as_str)) {
                let exact_case = raw.starts_with('!');
                let surname = raw.starts_with('~');
                let alias = raw.trim_start_matches(['!', '~']);
                let alias = alias.strip_prefix("the ").unwrap_or(alias);
                let capitalised = alias.chars().next().is_some_and(char::is_uppercase);
                let r = AliasRef {
                    actor: n,
                    exact_case,
                    surname,
                    capitalised,
                };
                if !index.insert(alias, (r, alias.to_string())) {
                    return Err(DataError::new(
                        file,
                        line_no,
                        format!("empty alias in {raw:?}"),
                    ));
                }
                aliases.push(alias.to_string());
            }
            actors.push(Actor {
                id,
                kind,
                name,
                aliases,
                countries: list(f[4]),
                designations: list(f[5]),
            });
        }
        let (file, text) = edges_tsv;
        let mut edges = Vec::new();
        for (line_no, line) in data_lines(text) {
            let f = fields(file, line_no, line, 3)?;
            for id in [f[0], f[2]] {
                if !seen.contains_key(id.trim()) {
                    return Err(DataError::new(
                        file,
                        line_no,
                        format!("unknown actor id {id:?}"),
                    ));
                }
            }
            const RELATIONS: &[&str] = &[
                "affiliate_of",
                "splinter_of",
                "branch_of",
                "media_of",
                "part_of",
                "successor_of",
                "agency_of",
            ];
            if !RELATIONS.contains(&f[1].trim()) {
                return Err(DataError::new(
                    file,
                    line_no,
                    format!("unknown relation {:?}", f[1]),
                ));
            }
            edges.push(Edge {
                from: f[0].trim().into(),
                relation: f[1].trim().into(),
                to: f[2].trim().into(),
            });
        }
        let (file, text) = titles_tsv;
        let mut titles = PhraseIndex::new();
        for (line_no, line) in data_lines(text) {
            let f = fields(file, line_no, line, 3)?;
            if !titles.insert(f[0].trim(), f[1].trim().to_string()) {
                return Err(DataError::new(file, line_no, "empty title"));
            }
        }
        Ok(Actors {
            actors,
            edges,
            index,
            titles,
        })
    }

    /// The actor with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    /// Ids this actor is affiliated with (any relation), transitively.
    #[must_use]
    pub fn parents(&self, id: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut frontier = vec![id];
        while let Some(cur) = frontier.pop() {
            for e in self.edges.iter().filter(|e| e.from == cur) {
                if !out.contains(&e.to.as_str()) && e.to != id {
                    out.push(&e.to);
                    frontier.push(&e.to);
                }
            }
        }
        out
    }

    /// Finds actor mentions in `tokens[range]`, applying the case and name guards.
    ///
    /// Returns `(first token, end token, actor index)`.
    #[must_use]
    pub fn find(
        &self,
        text: &str,
        lower: &str,
        tokens: &[Token],
        range: std::ops::Range<usize>,
        case: CaseProfile,
    ) -> Vec<(usize, usize, usize)> {
        let starts = range.start;
        let mut out = Vec::new();
        for m in self.index.find(text, lower, tokens, range, |_| true) {
            let surface = &text[tokens[m.start].span.start..tokens[m.end - 1].span.end];
            let first_upper = surface.chars().next().is_some_and(char::is_uppercase);
            let ok = m.payloads.iter().find(|(r, alias)| {
                if r.exact_case {
                    return case.is_mixed() && same_letters(surface, alias);
                }
                if case.is_mixed() && r.capitalised && !first_upper {
                    return false;
                }
                if r.surname && case.is_mixed() && m.start > starts {
                    let prev = tokens[m.start - 1];
                    let p = prev.span.slice(text);
                    if prev.kind == TokenKind::Word
                        && p.chars().next().is_some_and(char::is_uppercase)
                        && !matches!(p, "The" | "A" | "In" | "Of" | "And" | "By")
                    {
                        return false;
                    }
                }
                true
            });
            if let Some((r, _)) = ok {
                out.push((m.start, m.end, r.actor as usize));
            }
        }
        out
    }
}

/// Exact-case comparison that ignores hyphens and spacing differences.
fn same_letters(surface: &str, alias: &str) -> bool {
    let a = surface.chars().filter(|c| c.is_alphanumeric());
    let b = alias.chars().filter(|c| c.is_alphanumeric());
    a.eq(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{case_profile, tokenize};

    #[test]
    fn builtin_loads_with_enough_groups() {
        let a = Actors::builtin().expect("built-in actor data loads");
        let groups = a
            .actors
            .iter()
            .filter(|x| x.kind == MentionKind::Group)
            .count();
        assert!(groups >= 150, "only {groups} groups");
        assert!(a.parents("grp:iskp").contains(&"grp:islamic-state"));
        assert!(a.titles.len() >= 50);
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = Actors::parse(
            ("a.tsv", "# c\ngrp:x\tgroup\tX\n"),
            ("e.tsv", ""),
            ("t.tsv", ""),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.tsv:2: expected 7 tab-separated fields, found 3"
        );
        let err = Actors::parse(
            ("a.tsv", "grp:x\tgroup\tX\t-\t-\t-\t-\n"),
            ("e.tsv", "grp:x\taffiliate_of\tgrp:y\n"),
            ("t.tsv", ""),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("e.tsv:1: unknown actor id"));
    }

    fn found(text: &str) -> Vec<String> {
        let a = Actors::builtin().unwrap();
        let toks = tokenize(text);
        let lower = text.to_ascii_lowercase();
        a.find(text, &lower, &toks, 0..toks.len(), case_profile(text))
            .into_iter()
            .map(|(_, _, i)| a.actors[i].id.clone())
            .collect()
    }

    #[test]
    fn guards_is_the_verb() {
        assert_eq!(
            found("The Islamic State (IS) said it is strong."),
            ["grp:islamic-state", "grp:islamic-state"]
        );
        assert!(found("It is what it is, this is.").is_empty());
        assert!(found("it is what it is. the army is here.")
            .iter()
            .all(|x| x != "grp:islamic-state"));
        assert_eq!(
            found("Islamic State-Khorasan Province (ISKP) grew."),
            ["grp:iskp", "grp:iskp"]
        );
        assert_eq!(found("guerrillas of the fmln attacked."), ["grp:fmln"]);
    }
}
