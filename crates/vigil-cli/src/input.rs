//! Reading article files: UTF-8 text, `-` for stdin, one clear error per bad file.

use std::io::Read;
use vigil_extract::Input;
use vigil_model::Date;

/// Reads one article.
///
/// # Errors
/// A message naming the file: missing, unreadable, empty, or not UTF-8.
pub fn read(path: &str, published: Option<Date>) -> Result<Input, String> {
    let bytes = if path == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| format!("-: cannot read standard input: {e}"))?;
        b
    } else {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{path}: no such file"),
            std::io::ErrorKind::IsADirectory => format!("{path}: is a directory"),
            _ => format!("{path}: cannot read: {e}"),
        })?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        return Err(format!("{path}: empty file"));
    }
    let id = doc_id(path, &text);
    Ok(Input {
        id,
        source: path.to_string(),
        title: None,
        published,
        text,
    })
}

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
