//! The fuzz targets' properties (`fuzz/`), given a short run in the ordinary test suite: every
//! reader, fed arbitrary bytes or a fixture cut, spliced and corrupted at random, returns
//! articles with text or named errors — no panic — and in bounded time.

use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};
use vigil_ingest::source::{read_bytes, Options};

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(rel),
    )
    .unwrap()
}

/// What each reader is fed: its name and a fixture of its format (WARC is written here).
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let page = fixture("html/opengraph.html");
    let http = [
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            page.len()
        )
        .into_bytes(),
        page.clone(),
    ]
    .concat();
    let warc = vigil_ingest::warc::write_warc(
        &[("https://example.org/a", "2024-08-09T12:00:00Z", &http)],
        false,
    );
    vec![
        ("page.html", page),
        ("wire.rss", fixture("ingest/wire.rss")),
        ("alerts.atom", fixture("ingest/alerts.atom")),
        ("archive.warc", warc.clone()),
        ("archive.warc.gz", {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut e, &warc).unwrap();
            e.finish().unwrap()
        }),
        ("dump.jsonl", fixture("ingest/dump.jsonl")),
    ]
}

fn check(name: &str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let t0 = Instant::now();
    let mut bad = None;
    read_bytes(name, None, bytes, &Options::default(), &mut |r| match r {
        Ok(a) if a.text().trim().is_empty() => bad = Some(format!("{}: no text", a.source)),
        Ok(_) => {}
        Err(e) if e.item.is_empty() || e.to_string().is_empty() => {
            bad = Some(format!("an error that names nothing: {e:?}"));
        }
        Err(_) => {}
    });
    prop_assert!(bad.is_none(), "{name}: {}", bad.unwrap_or_default());
    prop_assert!(
        t0.elapsed() < Duration::from_secs(5),
        "{name}: {:?}",
        t0.elapsed()
    );
    Ok(())
}

/// An edit of a seed: cut, overwrite, duplicate or drop a stretch.
#[derive(Debug, Clone)]
enum Edit {
    Truncate(usize),
    Overwrite(usize, Vec<u8>),
    Duplicate(usize, usize),
    Delete(usize, usize),
}

fn apply(mut b: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        if b.is_empty() {
            break;
        }
        let at = |i: usize| i % b.len();
        match e {
            Edit::Truncate(i) => b.truncate(at(*i)),
            Edit::Overwrite(i, bytes) => {
                let start = at(*i);
                for (k, x) in bytes.iter().enumerate() {
                    if let Some(y) = b.get_mut(start + k) {
                        *y = *x;
                    }
                }
            }
            Edit::Duplicate(i, n) => {
                let start = at(*i);
                let end = (start + n).min(b.len());
                let copy = b[start..end].to_vec();
                b.splice(end..end, copy);
            }
            Edit::Delete(i, n) => {
                let start = at(*i);
                let end = (start + n).min(b.len());
                b.drain(start..end);
            }
        }
    }
    b
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Edit::Overwrite(i, b)),
        (any::<usize>(), 1..400_usize).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        (any::<usize>(), 1..400_usize).prop_map(|(i, n)| Edit::Delete(i, n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_under_every_name(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        which in 0..6_usize,
    ) {
        let names = ["page.html", "wire.rss", "alerts.atom", "archive.warc", "archive.warc.gz", "dump.jsonl"];
        check(names[which], bytes)?;
    }

    #[test]
    fn corrupted_fixtures(which in 0..6_usize, edits in prop::collection::vec(edit(), 1..6)) {
        let (name, seed) = seeds().swap_remove(which);
        check(name, apply(seed, &edits))?;
    }
}
