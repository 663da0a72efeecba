//! Fuzzes extraction on arbitrary text: no panic or hang, and every evidence span and role
//! value lies inside the text, on character boundaries, quoting what it says it quotes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vigil_extract::{Extractor, Input};

fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::new().expect("built-in data loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (doc, out) = extractor().extract_document(&Input::text("fuzz", text));
    for e in &out.events {
        for ev in &e.evidence {
            let span = ev.span.start..ev.span.end;
            let quoted = doc.text.get(span.clone());
            assert_eq!(quoted, Some(ev.text.as_str()), "evidence {span:?}");
        }
    }
});
