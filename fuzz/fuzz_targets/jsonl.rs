//! Fuzzes reading an input named `dump.jsonl`, as `vigil ingest` and uploads do (gzip-compressed
//! bytes are inflated first): no panic, hang or unbounded allocation, whatever the bytes, and
//! every article read has text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_ingest::source::{read_bytes, Options};

fuzz_target!(|data: &[u8]| {
    read_bytes("dump.jsonl", None, data.to_vec(), &Options::default(), &mut |r| {
        if let Ok(a) = r {
            assert!(!a.text().trim().is_empty(), "an article without text");
        }
    });
});
