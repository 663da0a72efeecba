//! The built-in demo: articles written for Vigil (`data/demo/`), each with a headline on its
//! first line and `Published: YYYY-MM-DD` on its second.

use crate::flags::documents::DemoArgs;
use std::process::ExitCode;
use vigil_corpus::ingest::{ingest, IngestOptions, Sink, Summary};
use vigil_corpus::uploads::text_article;
use vigil_corpus::Pipeline;
use vigil_extract::{Extractor, Input};
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

/// The demo articles as inputs.
pub fn inputs() -> Vec<Input> {
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
            Input {
                id: (*id).to_string(),
                source: format!("demo:{id}"),
                title,
                published,
                text: body.join("\n"),
                captions: Vec::new(),
            }
        })
        .collect()
}

/// Stores the demo articles (idempotent: a second call stores nothing).
///
/// # Errors
/// A store error.
pub fn store(store: &mut dyn Store, extractor: &Extractor) -> vigil_corpus::Result<Summary> {
    let articles: Vec<Article> = inputs()
        .into_iter()
        .map(|i| {
            let mut a = text_article(&i.text, i.title.clone(), None);
            a.source = i.source;
            a.published = i.published;
            a
        })
        .collect();
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
    let docs: Vec<_> = inputs().iter().map(|i| extractor.extract(i)).collect();
    super::documents::emit(&mut std::io::stdout().lock(), &docs, args.format)?;
    Ok(ExitCode::SUCCESS)
}
