//! The ingest pipeline through the library: several threads store what one thread stores
//! (repeats, near-duplicates and unreadable items among the inputs), an ingest in steps stores
//! what one run stores (even when another writer stores some of its articles between the
//! steps), and `extract` names an article as `ingest` stores it.

use vigil_corpus::ingest::{ingest, IngestOptions, Sink, Staged, Summary};
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
    let summary = run_into(&mut store, &items(), threads, extractor);
    (summary, store)
}

/// Ingests `items` into `store` in one run.
fn run_into(
    store: &mut MemoryStore,
    items: &[Result<Article, IngestError>],
    threads: usize,
    extractor: &Extractor,
) -> Summary {
    ingest(
        store,
        Pipeline::new(extractor),
        IngestOptions {
            batch_size: 8,
            threads,
        },
        &mut |sink: &mut Sink<'_>| {
            for item in items {
                sink(item.clone());
            }
        },
        &mut |_| {},
    )
    .unwrap()
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

#[test]
fn an_ingest_in_steps_stores_what_one_run_stores() {
    let extractor = Extractor::new().unwrap();
    let (one, one_store) = run(1, &extractor);
    let items = items();
    // `before` of the items are stored before the look-up, `between` more between the look-up
    // (and extraction) and the write, by another writer.
    for (before, between) in [(0, 0), (25, 0), (0, 25), (10, 30)] {
        let mut store = MemoryStore::new();
        let mut stored_by_others = run_into(&mut store, &items[..before], 1, &extractor).stored;
        let mut staged = Staged::read(&mut |sink: &mut Sink<'_>| {
            for item in &items {
                sink(item.clone());
            }
        });
        staged.find_stored(&store).unwrap();
        staged.extract(Pipeline::new(&extractor));
        stored_by_others += run_into(&mut store, &items[..before + between], 1, &extractor).stored;
        let steps = staged
            .store(
                &mut store,
                Pipeline::new(&extractor),
                IngestOptions::batches_of(8),
                &mut |_| {},
            )
            .unwrap();
        let case = format!("{before} stored before the look-up, {between} more before the write");
        assert_eq!(steps.read, one.read, "{case}");
        assert_eq!(steps.stored + stored_by_others, one.stored, "{case}");
        assert_eq!(steps.unchanged, one.unchanged + stored_by_others, "{case}");
        assert_eq!(steps.rejections, one.rejections, "{case}");
        assert_eq!(steps.documents, one.documents, "{case}: in input order");
        assert!(
            content(&store) == content(&one_store),
            "{case}: the same documents and events"
        );
    }
}
