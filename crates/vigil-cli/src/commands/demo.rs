//! The built-in demo: articles written for Vigil (`data/demo/`), each with a headline on its
//! first line and `Published: YYYY-MM-DD` on its second.

use crate::flags::documents::DemoArgs;
use std::process::ExitCode;
use vigil_corpus::ingest::{ingest, IngestOptions, Sink, Summary};
use vigil_corpus::uploads::text_article;
use vigil_corpus::Pipeline;
use vigil_extract::Extractor;
use vigil_ingest::Article;
use vigil_store::Store;

const DEMO: &[(&str, &str)] = &[
    (
        "demo-01",
        include_str!("../../../../data/demo/01-kabul-ministry-bombing.txt"),
    ),
    (
        "demo-02",
        include_str!("../../../../data/demo/02-jnim-bamako-audio-threat.txt"),
    ),
    (
        "demo-03",
        include_str!("../../../../data/demo/03-netherlands-threat-level-warning.txt"),
    ),
    (
        "demo-04",
        include_str!("../../../../data/demo/04-peshawar-plot-arrests-waziristan-strike.txt"),
    ),
];

/// The demo articles, as `vigil serve --demo` stores them (source `demo:demo-01` …, so their
/// document ids are `demo-01-…`, the same in `vigil demo`, the store, the API and the
/// dashboard).
pub fn articles() -> Vec<Article> {
    DEMO.iter()
        .map(|(id, raw)| {
            let mut lines = raw.lines();
            let title = lines.next().map(str::trim).map(String::from);
            let mut published = None;
            let mut body: Vec<&str> = Vec::new();
            for l in lines {
                if let Some(d) = l.trim().strip_prefix("Published:") {
                    published = d.trim().parse().ok();
                } else {
                    body.push(l);
                }
            }
            let mut a = text_article(&body.join("\n"), title, None);
            a.source = format!("demo:{id}");
            a.published = published;
            a
        })
        .collect()
}

/// Stores the demo articles (idempotent: a second call stores nothing).
///
/// # Errors
/// A store error.
pub fn store(store: &mut dyn Store, extractor: &Extractor) -> vigil_corpus::Result<Summary> {
    let articles = articles();
    ingest(
        store,
        Pipeline::new(extractor),
        IngestOptions::batches_of(64),
        &mut |sink: &mut Sink<'_>| {
            for a in &articles {
                sink(Ok(a.clone()));
            }
        },
        &mut |_| {},
    )
}

/// `vigil demo`: the demo articles' events.
pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let extractor = Extractor::new()?;
    let pipeline = Pipeline::new(&extractor);
    let docs: Vec<_> = articles().iter().map(|a| pipeline.extract(a)).collect();
    super::documents::emit(&mut std::io::stdout().lock(), &docs, args.format)?;
    Ok(ExitCode::SUCCESS)
}
