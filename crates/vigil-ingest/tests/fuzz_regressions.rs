//! Every input the fuzzers found (`tests/fixtures/fuzz/`), read as its fuzz target reads it:
//! no panic, no article without text, and within a time bound that catches a return of a hang
//! or a quadratic blow-up (generous: these inputs are small).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vigil_ingest::source::{read_bytes, Options};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz")
}

/// The name each target gives its bytes.
const TARGETS: &[(&str, &str)] = &[
    ("html", "page.html"),
    ("feed", "wire.rss"),
    ("warc", "archive.warc"),
    ("jsonl", "dump.jsonl"),
];

#[test]
fn fuzz_findings_stay_fixed() {
    let mut n = 0;
    for (target, name) in TARGETS {
        let Ok(entries) = std::fs::read_dir(dir().join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let t0 = Instant::now();
            let mut articles = 0;
            read_bytes(name, None, bytes, &Options::default(), &mut |r| {
                if let Ok(a) = r {
                    assert!(
                        !a.text().trim().is_empty(),
                        "{}: article without text",
                        f.display()
                    );
                    articles += 1;
                }
            });
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "{}: {:?}",
                f.display(),
                t0.elapsed()
            );
            n += 1;
            eprintln!("{}: {articles} articles", f.display());
        }
    }
    assert!(n > 0, "no findings read from {}", dir().display());
}
