//! Views kept up to date document by document are the views computed from nothing: the
//! incident corpus of `tests/fixtures/incidents/` stored in chunks, in several orders, with a
//! split decision on the way, into the memory store and SQLite.

use std::path::PathBuf;
use vigil_corpus::ingest::{ingest, IngestOptions, Sink};
use vigil_corpus::uploads::text_article;
use vigil_corpus::{Pipeline, Views};
use vigil_extract::Extractor;
use vigil_ingest::Article;
use vigil_store::{MemoryStore, SqliteStore, Store};

/// The fixture articles, with their outlet and publication date, in file order.
fn articles() -> Vec<Article> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/incidents");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| {
            let raw = std::fs::read_to_string(path).unwrap();
            let (header, text) = raw.split_once('\n').unwrap();
            let (outlet, published) = header.trim_start_matches('#').split_once('|').unwrap();
            let (title, body) = text.split_once('\n').unwrap();
            let mut a = text_article(body, Some(title.trim().to_string()), None);
            a.source = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
            a.site_name = Some(
                outlet
                    .trim()
                    .trim_start_matches("outlet:")
                    .trim()
                    .to_string(),
            );
            a.published = published
                .trim()
                .trim_start_matches("published:")
                .trim()
                .parse()
                .ok();
            a
        })
        .collect()
}

/// What the views say, field by field (the ledger and incidents as JSON).
fn seen(v: &Views) -> Vec<String> {
    vec![
        serde_json::to_string(&v.incidents).unwrap(),
        serde_json::to_string(v.ledger()).unwrap(),
        format!("{:?}", v.incident_of),
        format!("{:?}", {
            let mut ids: Vec<(&String, &usize)> = v.by_id.iter().collect();
            ids.sort();
            ids
        }),
        format!(
            "{:?}",
            v.docs.iter().map(|(s, d)| (s, d)).collect::<Vec<_>>()
        ),
        format!(
            "{:?}",
            v.docs
                .iter()
                .map(|(_, d)| v.document(&d.document.id))
                .collect::<Vec<_>>()
        ),
        format!("{:?}", v.splits),
        v.revision.to_string(),
    ]
}

/// Stores the articles in chunks of one to four in the order a seed gives, bringing views up
/// to date after each chunk and comparing them with views computed from nothing; a split
/// decision half-way.
fn check(store: &mut dyn Store, extractor: &Extractor, seed: u64) {
    let mut order = articles();
    let mut s = seed | 1;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    for i in (1..order.len()).rev() {
        order.swap(i, (next() % (i as u64 + 1)) as usize);
    }
    let mut views = Views::compute(store).unwrap();
    let mut at = 0;
    let mut split = false;
    while at < order.len() {
        let to = (at + 1 + (next() % 4) as usize).min(order.len());
        let chunk = order[at..to].to_vec();
        at = to;
        ingest(
            store,
            Pipeline::new(extractor),
            IngestOptions::default(),
            &mut |sink: &mut Sink<'_>| chunk.iter().cloned().for_each(|a| sink(Ok(a))),
            &mut |_| {},
        )
        .unwrap();
        views = views.update(store).unwrap();
        assert_eq!(
            seen(&views),
            seen(&Views::compute(store).unwrap()),
            "seed {seed}, after {at} articles"
        );
        if !split && at * 2 >= order.len() {
            if let Some(i) = views.incidents.iter().find(|i| i.members.len() >= 2) {
                let first = vec![i.members[0].event.clone()];
                let rest = i.members[1..].iter().map(|m| m.event.clone()).collect();
                store.add_incident_split(&[first, rest]).unwrap();
                split = true;
                views = views.update(store).unwrap();
                assert_eq!(
                    seen(&views),
                    seen(&Views::compute(store).unwrap()),
                    "seed {seed}, split"
                );
            }
        }
    }
    assert!(split, "a split decision was taken");
    assert!(views.incidents.len() >= 5 && !views.ledger().is_empty());
    // Every document is found by its id (the corpus stays ordered by id), and no other.
    assert_eq!(views.docs.len(), order.len());
    for (_, d) in &views.docs {
        assert_eq!(views.document(&d.document.id), Some(&d.document));
    }
    assert_eq!(views.document("no-such-document"), None);
}

#[test]
fn views_kept_up_to_date_are_the_views_computed_from_nothing() {
    let extractor = Extractor::new().unwrap();
    for seed in [1, 7, 42, 1234, 99_999] {
        check(&mut MemoryStore::new(), &extractor, seed);
        let dir = tempfile::tempdir().unwrap();
        let mut sqlite = SqliteStore::open(dir.path().join("vigil.db")).unwrap();
        check(&mut sqlite, &extractor, seed);
    }
}
