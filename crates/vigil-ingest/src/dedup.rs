//! Content hashes (exact duplicates) and SimHash fingerprints (near duplicates).
//!
//! The content hash is SHA-256 over the article's text with whitespace collapsed, so the same
//! story read twice — or served twice with different markup — hashes the same. The fingerprint
//! is a 64-bit SimHash over word 3-shingles of the lower-cased text: a wire story syndicated
//! with another headline, a byline or a trimmed last paragraph lands within a few bits of the
//! original ([`NEAR_DUPLICATE_BITS`]), while two different stories on the same attack differ in
//! about half of the 64 bits. Both are stable across builds and platforms (no randomised
//! hashers), because they are stored.

use sha2::{Digest, Sha256};

/// Two fingerprints at most this many bits apart are near duplicates. Unrelated texts differ
/// in 32 bits on average (standard deviation 4), so 6 leaves no room for chance, while a copy
/// with a byline added and a figure rewritten stays within it.
pub const NEAR_DUPLICATE_BITS: u32 = 6;

/// Hex SHA-256 of `text` with every run of whitespace collapsed to one space and the ends
/// trimmed.
#[must_use]
pub fn content_hash(text: &str) -> String {
    let mut h = Sha256::new();
    let mut first = true;
    for w in text.split_whitespace() {
        if !first {
            h.update(b" ");
        }
        h.update(w.as_bytes());
        first = false;
    }
    let d = h.finalize();
    let mut s = String::with_capacity(64);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// FNV-1a, then a SplitMix64 finaliser so every output bit depends on every input bit.
fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The 64-bit SimHash of `text` over lower-cased word 3-shingles (words are runs of letters and
/// digits). Texts of fewer than three words hash their words alone; an empty text gives 0.
#[must_use]
pub fn simhash(text: &str) -> u64 {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return 0;
    }
    let mut weights = [0i32; 64];
    let mut add = |h: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *w += 1;
            } else {
                *w -= 1;
            }
        }
    };
    if words.len() < 3 {
        for w in &words {
            add(hash64(w.as_bytes()));
        }
    } else {
        let mut buf = String::new();
        for s in words.windows(3) {
            buf.clear();
            buf.push_str(&s[0]);
            buf.push(' ');
            buf.push_str(&s[1]);
            buf.push(' ');
            buf.push_str(&s[2]);
            add(hash64(buf.as_bytes()));
        }
    }
    weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc },
    )
}

/// Bits in which two fingerprints differ.
#[must_use]
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str =
        "Gunmen stormed a hotel in the Somali capital Mogadishu late on Friday and \
        held dozens of guests hostage in a siege that lasted more than ten hours, officials said. \
        Security forces regained control of the building on Saturday morning after killing all \
        four attackers, according to a police spokesman. At least ten people, including a \
        soldier, were killed and twenty-five wounded. The militant group said in a statement on \
        its affiliated websites that its fighters had carried out the attack, the latest in a \
        series of assaults on hotels popular with officials and foreign visitors in the city.";

    #[test]
    fn hash_ignores_whitespace_only() {
        assert_eq!(content_hash("a  b\n\nc "), content_hash("a b c"));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
        assert_eq!(content_hash("").len(), 64);
    }

    #[test]
    fn syndicated_copy_is_near_and_other_story_is_far() {
        let copy = format!(
            "By a staff reporter. {}",
            STORY.replace("ten hours", "10 hours")
        );
        let other = "Police in Nairobi denied reports of a gun attack at a shopping centre on \
            Saturday, saying a loud bang that caused panic among shoppers came from a burst \
            transformer. Messages circulating on social media had claimed that gunmen had \
            stormed the mall and taken shoppers hostage. Several people were treated for minor \
            injuries sustained in the rush to leave the building, the Red Cross said.";
        let (a, b, c) = (simhash(STORY), simhash(&copy), simhash(other));
        assert!(
            distance(a, b) <= NEAR_DUPLICATE_BITS,
            "copy: {}",
            distance(a, b)
        );
        assert!(distance(a, c) > 12, "other: {}", distance(a, c));
        assert_eq!(simhash(""), 0);
        assert_eq!(simhash(STORY), a, "stable");
    }

    const PINNED_HASH: u64 = 9_487_879_335_212_892_357;

    #[test]
    fn fingerprint_is_stable_across_builds() {
        // Stored fingerprints must not change when the code is rebuilt: pin one value.
        assert_eq!(
            simhash("the quick brown fox"),
            simhash("The quick, brown fox!")
        );
        assert_eq!(hash64(b"vigil"), PINNED_HASH);
        assert_eq!(
            content_hash("vigil"),
            "6b27eba5652b46d31ef75f17784c2709ac019809c47ca538e91c0ab54a80892f"
        );
    }
}
