//! Ids of documents read by `vigil extract`.

/// A stable document id: the file stem and a short content hash (FNV-1a).
pub fn doc_id(path: &str, text: &str) -> String {
    let stem = std::path::Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty() && *s != "-")
        .unwrap_or("stdin");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{stem}-{:08x}", h as u32)
}
