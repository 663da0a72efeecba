//! Bytes to text: BOM, `<meta charset>` / `http-equiv`, else detection.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// Whether the bytes look like a binary file rather than text: NUL bytes (outside UTF-16),
/// or many control characters, in the first 8 KiB.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    // Branch-free so that it vectorizes.
    let ctrl: usize = head
        .iter()
        .map(|&b| {
            let allowed = (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == 0x0c) | (b == 0x1b);
            usize::from((b < 0x20) & !allowed)
        })
        .sum();
    ctrl * 20 > head.len().max(1)
}

/// The charset a page declares in its first 4 KiB (`<meta charset=…>`, `<meta http-equiv=
/// "Content-Type" content="…; charset=…">`, `<?xml encoding=…?>`).
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(off) = find(&lower[from..], b"charset") {
        let mut i = from + off + 7;
        from = i;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len()
            && (lower[i].is_ascii_alphanumeric() || matches!(lower[i], b'-' | b'_' | b'.' | b':'))
        {
            i += 1;
        }
        if let Some(enc) = Encoding::for_label(&lower[start..i]) {
            return Some(enc);
        }
    }
    if let Some(off) = find(&lower, b"<?xml") {
        let tail = &lower[off..lower.len().min(off + 200)];
        if let Some(e) = find(tail, b"encoding=") {
            let v = &tail[e + 9..];
            let v = v
                .strip_prefix(b"\"")
                .or_else(|| v.strip_prefix(b"'"))
                .unwrap_or(v);
            let end = v
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')))
                .unwrap_or(v.len());
            return Encoding::for_label(&v[..end]);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Decodes a page to text. Returns the text and the encoding used.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static Encoding) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text, enc);
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    let valid_utf8 = utf8.is_some();
    let enc = match declared(bytes) {
        // A page that says UTF-16 but has no BOM was transcoded; pages that declare UTF-8 but
        // are not valid UTF-8 are very often windows-1252: let detection decide.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) if e == encoding_rs::UTF_8 && !valid_utf8 => {
            if mostly_utf8(bytes) {
                encoding_rs::UTF_8
            } else {
                detect(bytes)
            }
        }
        // A page that declares a legacy charset but is valid UTF-8 with non-ASCII bytes was
        // re-saved as UTF-8.
        Some(e) if e != encoding_rs::UTF_8 && valid_utf8 && !bytes.is_ascii() => encoding_rs::UTF_8,
        Some(e) => e,
        None if valid_utf8 => encoding_rs::UTF_8,
        None if mostly_utf8(bytes) => encoding_rs::UTF_8,
        None => detect(bytes),
    };
    if enc == encoding_rs::UTF_8 {
        if let Some(s) = utf8 {
            return (Cow::Borrowed(s), enc);
        }
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text, enc)
}

/// UTF-8 with a few stray bytes: many well-formed multi-byte characters, few bad sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    good >= 10 && bad * 20 <= good
}

/// Guesses the encoding from up to 16 KiB from the first non-ASCII byte on (detection costs
/// hundreds of instructions a byte).
fn detect(bytes: &[u8]) -> &'static Encoding {
    let start = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let start = start.saturating_sub(1024);
    let end = bytes.len().min(start + 16 * 1024);
    let mut d = chardetng::EncodingDetector::new();
    d.feed(&bytes[start..end], end == bytes.len());
    d.guess(None, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_and_detected() {
        let page = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        let (t, e) = decode(page);
        assert_eq!(e, encoding_rs::WINDOWS_1252);
        assert!(t.contains("café"));
        let page = b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>";
        assert_eq!(decode(page).1, encoding_rs::SHIFT_JIS);
        let (t, _) = decode("\u{feff}<p>é</p>".as_bytes());
        assert_eq!(t, "<p>é</p>");
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary(b"<p>hello</p>"));
    }
}
