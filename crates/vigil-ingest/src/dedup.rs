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
/// in 32 bits on average (standard deviation 4), so 7 leaves no room for chance, while a short
/// wire story copied with a byline added and a figure rewritten stays within it (longer
/// stories with the same edits land closer still). The store's banded lookup answers up to 7
/// bits with 17 probes per band.
pub const NEAR_DUPLICATE_BITS: u32 = 7;

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

/// Hash of one word, lower-cased on the fly (no allocation).
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(h)
}

/// SplitMix64's finaliser.
fn mix(mut h: u64) -> u64 {
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
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect();
    if words.is_empty() {
        return 0;
    }
    let mut weights = [0i32; 64];
    let mut add = |h: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            *w += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    };
    if words.len() < 3 {
        words.iter().for_each(|&w| add(w));
    } else {
        for s in words.windows(3) {
            // Order matters within a shingle: rotate before combining.
            add(mix(s[0] ^ s[1].rotate_left(21) ^ s[2].rotate_left(42)));
        }
    }
    weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_model::hamming as distance;

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

    const PINNED_HASH: u64 = 10_739_150_040_641_498_368;

    #[test]
    fn fingerprint_is_stable_across_builds() {
        // Stored fingerprints must not change when the code is rebuilt: pin one value.
        assert_eq!(
            simhash("the quick brown fox"),
            simhash("The quick, brown fox!")
        );
        assert_eq!(simhash("vigil reads the news"), PINNED_HASH);
        assert_eq!(
            content_hash("vigil"),
            "6b27eba5652b46d31ef75f17784c2709ac019809c47ca538e91c0ab54a80892f"
        );
    }
}
