//! Lists the dashboard's files for the binary. The world map beside them, the Natural Earth
//! outlines tagged with ISO codes, is vigil-corpus's (`vigil_corpus::atlas::TOPOJSON`).

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
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
    // The world map: vigil-corpus's outlines tagged with ISO codes.
    code.push_str("    (\"countries.json\", vigil_corpus::atlas::TOPOJSON),\n];\n");
    std::fs::write(out_dir.join("assets.rs"), code).unwrap();
}
