//! The language of a document's text, detected from the text itself (never taken from what the
//! page declares, which is often a template's default), and whether Vigil reads it.
//!
//! Vigil extracts events from English only, for now: a report in another language yields no
//! events, and that must never pass silently. Every document gets its language recorded (the
//! store, the API, the exports), and the front ends say which documents were in a language
//! Vigil does not read yet ([`is_read`], [`notice`]).
//!
//! Detection is `whatlang`'s trigram model over the first [`SAMPLE_BYTES`] of title and text.
//! A text too short or too mixed to tell is `und` (ISO 639-2 "undetermined") and is read as
//! English is — unless it is reliably another language, extraction is tried. A short English
//! text whose best guess is English counts as English even when the model is unsure.
//!
//! ```
//! use vigil_corpus::language;
//! let fr = "Un kamikaze s'est fait exploser lundi devant un ministère à Kaboul, tuant au moins \
//!     six personnes, selon les autorités afghanes qui ont ouvert une enquête sur l'attentat.";
//! assert_eq!(language::detect(fr), "fr");
//! assert_eq!(language::detect("Gunmen attacked a police station in Kano on Monday."), "en");
//! assert_eq!(language::detect("12345"), language::UNDETERMINED);
//! assert!(language::is_read("en") && language::is_read("und") && !language::is_read("fr"));
//! assert_eq!(language::name("fr"), "French");
//! ```

use vigil_store::Store;

/// The code of a text whose language cannot be told (ISO 639-2).
pub const UNDETERMINED: &str = "und";

/// The languages Vigil extracts events from.
pub const READ: &[&str] = &["en"];

/// How much of a text detection looks at: enough for a reliable answer, bounded in time.
pub const SAMPLE_BYTES: usize = 8_000;

/// `whatlang`'s languages: ISO 639-3 code, ISO 639-1 code, English name.
const LANGUAGES: &[(&str, &str, &str)] = &[
    ("afr", "af", "Afrikaans"),
    ("aka", "ak", "Akan"),
    ("amh", "am", "Amharic"),
    ("ara", "ar", "Arabic"),
    ("aze", "az", "Azerbaijani"),
    ("bel", "be", "Belarusian"),
    ("ben", "bn", "Bengali"),
    ("bul", "bg", "Bulgarian"),
    ("cat", "ca", "Catalan"),
    ("ces", "cs", "Czech"),
    ("cmn", "zh", "Chinese"),
    ("cym", "cy", "Welsh"),
    ("dan", "da", "Danish"),
    ("deu", "de", "German"),
    ("ell", "el", "Greek"),
    ("eng", "en", "English"),
    ("epo", "eo", "Esperanto"),
    ("est", "et", "Estonian"),
    ("fin", "fi", "Finnish"),
    ("fra", "fr", "French"),
    ("guj", "gu", "Gujarati"),
    ("heb", "he", "Hebrew"),
    ("hin", "hi", "Hindi"),
    ("hrv", "hr", "Croatian"),
    ("hun", "hu", "Hungarian"),
    ("hye", "hy", "Armenian"),
    ("ind", "id", "Indonesian"),
    ("ita", "it", "Italian"),
    ("jav", "jv", "Javanese"),
    ("jpn", "ja", "Japanese"),
    ("kan", "kn", "Kannada"),
    ("kat", "ka", "Georgian"),
    ("khm", "km", "Khmer"),
    ("kor", "ko", "Korean"),
    ("lat", "la", "Latin"),
    ("lav", "lv", "Latvian"),
    ("lit", "lt", "Lithuanian"),
    ("mal", "ml", "Malayalam"),
    ("mar", "mr", "Marathi"),
    ("mkd", "mk", "Macedonian"),
    ("mya", "my", "Burmese"),
    ("nep", "ne", "Nepali"),
    ("nld", "nl", "Dutch"),
    ("nob", "nb", "Norwegian Bokmål"),
    ("ori", "or", "Oriya"),
    ("pan", "pa", "Punjabi"),
    ("pes", "fa", "Persian"),
    ("pol", "pl", "Polish"),
    ("por", "pt", "Portuguese"),
    ("ron", "ro", "Romanian"),
    ("rus", "ru", "Russian"),
    ("sin", "si", "Sinhala"),
    ("slk", "sk", "Slovak"),
    ("slv", "sl", "Slovenian"),
    ("sna", "sn", "Shona"),
    ("spa", "es", "Spanish"),
    ("srp", "sr", "Serbian"),
    ("swe", "sv", "Swedish"),
    ("tam", "ta", "Tamil"),
    ("tel", "te", "Telugu"),
    ("tgl", "tl", "Tagalog"),
    ("tha", "th", "Thai"),
    ("tuk", "tk", "Turkmen"),
    ("tur", "tr", "Turkish"),
    ("ukr", "uk", "Ukrainian"),
    ("urd", "ur", "Urdu"),
    ("uzb", "uz", "Uzbek"),
    ("vie", "vi", "Vietnamese"),
    ("yid", "yi", "Yiddish"),
    ("zul", "zu", "Zulu"),
];

/// The language of `text`: an ISO 639-1 code (`en`, `fr`, `ar`), or [`UNDETERMINED`].
#[must_use]
pub fn detect(text: &str) -> &'static str {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let Some(info) = whatlang::detect(&text[..end]) else {
        return UNDETERMINED;
    };
    let code = info.lang().code();
    if !info.is_reliable() && code != "eng" {
        return UNDETERMINED;
    }
    // Names are of no language, and a short English report full of them ("Fulani militia
    // attacked farmers in Bokkos (Bokkos, Plateau)") can read as another: another language
    // stands only where the text's other words say it too.
    // (Where a few words are left, as of a German headline's capitalised nouns, the text's
    // own guess stands.)
    if code != "eng" && end < SHORT_BYTES && info.script() == whatlang::Script::Latin {
        let plain = without_names(&text[..end]);
        if plain.split(' ').count() >= 5
            && (whatlang::detect(&plain).is_none_or(|i| i.lang().code() != code)
                || english_words(&plain))
        {
            return UNDETERMINED;
        }
    }
    LANGUAGES
        .iter()
        .find(|(three, _, _)| *three == code)
        .map_or(UNDETERMINED, |(_, two, _)| two)
}

/// Below this many bytes, a text's names can outweigh its words in detection.
const SHORT_BYTES: usize = 600;

/// Whether a third of the words of `plain` (at least three) have English's look: its
/// commonest short words, or its endings "-ed" and "-ing" on longer ones ("unidentified armed
/// men attacked village and killed civilians" reads as Swedish to the trigram model).
fn english_words(plain: &str) -> bool {
    let words: Vec<&str> = plain
        .split(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let english = words
        .iter()
        .filter(|w| {
            matches!(
                **w,
                "the"
                    | "and"
                    | "of"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "with"
                    | "was"
                    | "were"
                    | "from"
                    | "into"
                    | "after"
                    | "near"
                    | "who"
                    | "which"
            ) || w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
        })
        .count();
    // One at least of the words no neighbour shares ("in", "on", "was" are Dutch or German
    // too, "-ing" a Dutch ending).
    let plainly = words.iter().any(|w| {
        matches!(
            *w,
            "the" | "and" | "of" | "with" | "were" | "which" | "who" | "after"
        )
    });
    plainly && english >= 3 && english * 3 >= words.len()
}

/// `text` without its capitalised words and numbers.
fn without_names(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_lowercase)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether Vigil extracts events from text in this language (undetermined text is tried).
#[must_use]
pub fn is_read(code: &str) -> bool {
    code == UNDETERMINED || READ.contains(&code)
}

/// The English name of a language code (the code itself when unknown).
#[must_use]
pub fn name(code: &str) -> &str {
    if code == UNDETERMINED {
        return "undetermined";
    }
    LANGUAGES
        .iter()
        .find(|(_, two, _)| *two == code)
        .map_or(code, |(_, _, name)| name)
}

/// The line that says a document is in a language Vigil does not read yet, naming it by
/// `item` (its path, URL or id); `events`: how many were found all the same.
#[must_use]
pub fn notice(item: &str, code: &str, events: usize) -> String {
    let found = match events {
        0 => "no events extracted".to_string(),
        1 => "1 event found, others may be missed".to_string(),
        n => format!("{n} events found, others may be missed"),
    };
    format!(
        "{item}: in {} ({code}), a language Vigil does not read yet: {found}",
        name(code)
    )
}

/// The closing count of documents in languages not read: "3 documents in languages not yet
/// read: fr 2, ar 1" (most first); `None` when there were none.
#[must_use]
pub fn summary(unread: &std::collections::BTreeMap<String, usize>) -> Option<String> {
    let total: usize = unread.values().sum();
    if total == 0 {
        return None;
    }
    let mut by: Vec<(&String, &usize)> = unread.iter().collect();
    by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = by.iter().map(|(c, n)| format!("{c} {n}")).collect();
    Some(format!(
        "{total} {} in languages not yet read: {}",
        if total == 1 { "document" } else { "documents" },
        parts.join(", ")
    ))
}

/// Detects the language of documents stored before Vigil detected languages, a batch at a
/// time; returns how many were detected.
///
/// # Errors
/// A store error.
pub fn detect_stored(store: &mut dyn Store) -> vigil_store::Result<usize> {
    let mut done = 0;
    loop {
        let batch = store.undetected_languages(500)?;
        if batch.is_empty() {
            return Ok(done);
        }
        let found: Vec<(String, String)> = batch
            .iter()
            .map(|(id, text)| (id.clone(), detect(text).to_string()))
            .collect();
        store.set_languages(&found)?;
        done += found.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_in_other_languages_are_told_apart() {
        for (text, code) in [
            ("Un terrorista suicida se hizo estallar el lunes frente a un ministerio en Kabul y mató a nueve personas.", "es"),
            ("فجر انتحاري نفسه يوم الاثنين أمام وزارة في كابول مما أسفر عن مقتل تسعة أشخاص", "ar"),
            ("Ein Selbstmordattentäter hat sich am Montag vor einem Ministerium in Kabul in die Luft gesprengt.", "de"),
            ("ISIS claimed the attack. Police said three people were killed in the blast.", "en"),
            ("Kano attack", UNDETERMINED),
            // Short English full of names read as Uzbek: undetermined, so read.
            ("On 4 March 2020, Fulani militia attacked farmers in Bokkos (Bokkos, Plateau), killing 3.", UNDETERMINED),
            // And as Swedish.
            ("On 19 January 2020, unidentified armed men attacked Nagraogo village (Barsalogho, Sanmatenga) and killed 36 civilians.", UNDETERMINED),
            ("Die Polizei hat am Montag in Berlin drei Männer festgenommen, die einen Anschlag geplant haben sollen.", "de"),
            ("La police a arrêté lundi à Marseille trois hommes soupçonnés de préparer un attentat.", "fr"),
            ("", UNDETERMINED),
        ] {
            assert_eq!(detect(text), code, "{text}");
        }
    }

    #[test]
    fn every_code_has_a_name_and_the_summary_counts_most_first() {
        for (_, two, name_) in LANGUAGES {
            assert_eq!(name(two), *name_);
        }
        assert_eq!(name("xx"), "xx");
        let mut n = std::collections::BTreeMap::new();
        assert_eq!(summary(&n), None);
        n.insert("ar".to_string(), 1);
        assert_eq!(
            summary(&n).as_deref(),
            Some("1 document in languages not yet read: ar 1")
        );
        n.insert("fr".to_string(), 2);
        assert_eq!(
            summary(&n).as_deref(),
            Some("3 documents in languages not yet read: fr 2, ar 1")
        );
        assert_eq!(
            notice("a.html", "fr", 0),
            "a.html: in French (fr), a language Vigil does not read yet: no events extracted"
        );
    }

    #[test]
    fn a_long_text_is_cut_on_a_character_boundary() {
        let text = "é".repeat(SAMPLE_BYTES);
        let _ = detect(&text);
    }
}
