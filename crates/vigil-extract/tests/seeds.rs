//! The seed articles in `../shared/corpus/seeds/`: the 13 events of EXPECTED.md and a snapshot of
//! the full output. Third-party text is read from `../shared`, never copied here; under
//! `CI=true` a missing file fails the test.
//!
//! The articles are read as `vigil extract` reads them (the plain-text reader of
//! `vigil-ingest`) and named by their file stem; the output is printed as `vigil extract
//! --format json` prints it (the CI's seed check runs the binary itself).

use std::path::{Path, PathBuf};
use std::process::Command;
use vigil_extract::{Extractor, Input};

fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing (required under CI=true)",
        p.display()
    );
    eprintln!("skipping: {} is missing", p.display());
    None
}

/// The article in `path` as the extractor's input, as `vigil extract` reads it.
fn read(path: &Path) -> Input {
    let source = path.display().to_string();
    let mut articles = Vec::new();
    vigil_ingest::source::read_inputs(
        std::slice::from_ref(&source),
        &vigil_ingest::source::Options::default(),
        &mut |item| articles.push(item.unwrap()),
    );
    assert_eq!(articles.len(), 1, "{source}");
    let a = articles.remove(0);
    let (text, captions) = a.text_and_captions();
    Input {
        id: path.file_stem().unwrap().to_string_lossy().into_owned(),
        source: a.url.clone().unwrap_or(a.source.clone()),
        title: a.title.clone(),
        published: a.published,
        text,
        captions,
    }
}

fn seeds_json() -> Option<String> {
    let a = shared("corpus/seeds/is-audio-threat-2024.txt")?;
    let b = shared("corpus/seeds/garland-threat-2015.txt")?;
    let x = Extractor::new().unwrap();
    let docs: Vec<_> = [a, b].iter().map(|p| x.extract(&read(p))).collect();
    Some(serde_json::to_string_pretty(&docs).unwrap() + "\n")
}

#[test]
fn seeds_yield_the_thirteen_expected_events() {
    let Some(json) = seeds_json() else { return };
    let Some(check) = shared("tools/check-seeds") else {
        return;
    };
    let scratch = tempfile::Builder::new()
        .prefix("vigil-seeds-")
        .tempdir()
        .unwrap();
    let path = scratch.path().join("seeds.json");
    std::fs::write(&path, &json).unwrap();
    let out = Command::new("python3")
        .arg(&check)
        .arg(&path)
        .output()
        .expect("python3 runs check-seeds");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("seeds 13/13"),
        "{report}"
    );
}

#[test]
fn seeds_boilerplate_yields_nothing() {
    let Some(json) = seeds_json() else { return };
    let docs: serde_json::Value = serde_json::from_str(&json).unwrap();
    for d in docs.as_array().unwrap() {
        for e in d["events"].as_array().unwrap() {
            for ev in e["evidence"].as_array().unwrap() {
                let t = ev["text"].as_str().unwrap();
                assert!(
                    !t.contains("Follow Edwin Mora") && !t.contains("issues with commenting"),
                    "boilerplate as evidence: {t}"
                );
            }
        }
    }
}

#[test]
fn seeds_snapshot() {
    let Some(json) = seeds_json() else { return };
    let mut docs: serde_json::Value = serde_json::from_str(&json).unwrap();
    // The source path depends on the checkout; the article's own words stay in ../shared, so
    // every quoted text is redacted to its length (spans, ids, values and structure remain).
    for d in docs.as_array_mut().unwrap() {
        d["document"]["source"] = serde_json::Value::String("[source]".into());
    }
    redact(&mut docs);
    insta::assert_json_snapshot!("seeds", docs);
}

fn redact(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if matches!(k.as_str(), "text" | "title") {
                    if let Some(s) = x.as_str() {
                        *x = serde_json::Value::String(format!("[{} bytes]", s.len()));
                    }
                } else {
                    redact(x);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(redact),
        _ => {}
    }
}
