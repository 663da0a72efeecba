//! The trigger lexicon (`data/lexicon/triggers.tsv`).

use vigil_model::EventKind;
use vigil_nlp::{DataError, PhraseIndex};

const TRIGGERS_TSV: &str = include_str!("../../../data/lexicon/triggers.tsv");

/// One trigger entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// Kind it signals.
    pub kind: EventKind,
    /// Subtype, or `unknown`.
    pub subtype: String,
    /// Fires without violence context.
    pub strong: bool,
}

/// Loads the trigger index from a named TSV text.
///
/// # Errors
/// A malformed line, naming file and line.
pub fn parse_triggers(file: &str, text: &str) -> Result<PhraseIndex<Trigger>, DataError> {
    let mut idx = PhraseIndex::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 4 {
            return Err(DataError::new(
                file,
                line_no,
                format!("expected 4 tab-separated fields, found {}", f.len()),
            ));
        }
        let kind = EventKind::parse(f[1].trim()).ok_or_else(|| {
            DataError::new(file, line_no, format!("unknown event kind {:?}", f[1]))
        })?;
        let strong = match f[3].trim() {
            "strong" => true,
            "weak" => false,
            other => {
                return Err(DataError::new(
                    file,
                    line_no,
                    format!("strength must be strong or weak, not {other:?}"),
                ))
            }
        };
        let subtype = if f[2].trim() == "-" {
            "unknown".to_string()
        } else {
            f[2].trim().to_string()
        };
        idx.insert(
            f[0].trim(),
            Trigger {
                kind,
                subtype,
                strong,
            },
        );
    }
    Ok(idx)
}

/// The built-in trigger index.
///
/// # Errors
/// When the built-in file is malformed.
pub fn builtin_triggers() -> Result<PhraseIndex<Trigger>, DataError> {
    parse_triggers("data/lexicon/triggers.tsv", TRIGGERS_TSV)
}

/// The lower-cased words of the lexicon's phrases (the detector's gate always lets them by).
#[must_use]
pub fn trigger_words() -> Vec<String> {
    let mut out: Vec<String> = TRIGGERS_TSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .flat_map(|p| {
            p.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() >= 4)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_errors_name_line() {
        assert!(builtin_triggers().unwrap().len() > 100);
        let e = parse_triggers("t.tsv", "# x\nbomb\tattack\t-\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:2: expected 4 tab-separated fields, found 3"
        );
        let e = parse_triggers("t.tsv", "bomb\tboom\t-\tstrong\n").unwrap_err();
        assert!(e.to_string().contains("unknown event kind"));
    }
}
