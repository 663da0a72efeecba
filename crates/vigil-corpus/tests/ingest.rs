//! The ingest pipeline through the library: several threads store what one thread stores
//! (repeats, near-duplicates and unreadable items among the inputs), and `extract` names an
//! article as `ingest` stores it.

use vigil_corpus::ingest::{ingest, IngestOptions, Sink, Summary};
use vigil_corpus::uploads::text_article;
use vigil_corpus::Pipeline;
use vigil_extract::Extractor;
use vigil_ingest::{Article, Cause, IngestError};
use vigil_store::{MemoryStore, Store};

const PLACES: [&str; 6] = [
    "Kabul",
    "Mogadishu",
    "Baghdad",
    "Maiduguri",
    "Peshawar",
    "Gao",
];

/// Articles written here: distinct reports, exact repeats, near-duplicates (one word changed)
/// and unreadable items, in a fixed order.
fn items() -> Vec<Result<Article, IngestError>> {
    let mut out = Vec::new();
    for i in 0..60 {
        let place = PLACES[i % PLACES.len()];
        let text = format!(
            "Gunmen attacked a checkpoint in {place} on Monday, killing {} soldiers, officials \
             said. Report number {i} of the series; the attackers fled on motorcycles towards \
             the hills, and the army said it had sent reinforcements to the district.",
            i % 9 + 2
        );
        let mut a = text_article(&text, Some(format!("Report {i}")), None);
        a.source = format!("wire/report-{i}.txt");
        out.push(Ok(a.clone()));
        if i % 7 == 0 {
            out.push(Ok(a.clone()));
        }
        if i % 5 == 0 {
            let mut copy = text_article(
                &text.replace("reinforcements", "more troops"),
                Some(format!("Report {i} (syndicated)")),
                None,
            );
            copy.source = format!("mirror/report-{i}.txt");
            out.push(Ok(copy));
        }
        if i % 11 == 0 {
            out.push(Err(IngestError {
                item: format!("wire/broken-{i}.html"),
                cause: Cause::Empty("no bytes".into()),
            }));
        }
    }
    out
}

fn run(threads: usize, extractor: &Extractor) -> (Summary, MemoryStore) {
    let mut store = MemoryStore::new();
    let items = items();
    let summary = ingest(
        &mut store,
        Pipeline::new(extractor),
        IngestOptions {
            batch_size: 8,
            threads,
        },
        &mut |sink: &mut Sink<'_>| {
            for item in &items {
                sink(item.clone());
            }
        },
        &mut |_| {},
    )
    .unwrap();
    (summary, store)
}

/// Every stored document, with its metadata and events.
fn content(store: &MemoryStore) -> Vec<String> {
    store
        .documents(true)
        .unwrap()
        .into_iter()
        .map(|meta| {
            let doc = store.document(&meta.id).unwrap().unwrap();
            let events = store.events(&meta.id).unwrap();
            format!(
                "{}\n{}",
                serde_json::to_string(&doc).unwrap(),
                serde_json::to_string(&events).unwrap()
            )
        })
        .collect()
}

#[test]
fn several_threads_store_what_one_thread_stores() {
    let extractor = Extractor::new().unwrap();
    let (one, one_store) = run(1, &extractor);
    assert!(one.duplicates > 0, "near-duplicates among the inputs");
    assert!(one.unchanged > 0, "repeats among the inputs");
    assert!(one.errors() > 0, "unreadable items among the inputs");
    for threads in [2, 3, 8] {
        let (many, many_store) = run(threads, &extractor);
        assert_eq!(
            (many.read, many.stored, many.duplicates, many.unchanged),
            (one.read, one.stored, one.duplicates, one.unchanged),
            "{threads} threads"
        );
        assert_eq!(many.events, one.events, "{threads} threads");
        assert_eq!(many.rejected, one.rejected, "{threads} threads");
        assert_eq!(many.rejections, one.rejections, "{threads} threads");
        assert_eq!(
            many.documents, one.documents,
            "{threads} threads: in input order"
        );
        assert!(
            content(&many_store) == content(&one_store),
            "{threads} threads: the same documents and events"
        );
    }
}

#[test]
fn extract_names_an_article_as_ingest_stores_it() {
    let extractor = Extractor::new().unwrap();
    let pipeline = Pipeline::new(&extractor);
    let Ok(article) = items().remove(0) else {
        panic!("the first item is an article")
    };
    let extracted = pipeline.extract(&article);
    let mut store = MemoryStore::new();
    let summary = ingest(
        &mut store,
        pipeline,
        IngestOptions::default(),
        &mut |sink: &mut Sink<'_>| sink(Ok(article.clone())),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(summary.documents, vec![extracted.document.id.clone()]);
    assert_eq!(
        store.output(&extracted.document.id).unwrap().unwrap(),
        extracted
    );
}
