//! Query-string parameters: percent-decoded, checked against the route's documented names
//! (an unknown or repeated name is an error, not silently ignored), parsed with messages that
//! name the parameter.

use crate::error::ApiError;
use std::collections::BTreeMap;
use vigil_model::{Date, EventKind, Modality};
use vigil_store::{Query, Store, TextScope};

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size.
pub const MAX_LIMIT: usize = 500;

/// The parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    values: BTreeMap<String, String>,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space).
pub fn decode(s: &str) -> Result<String, ApiError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let byte = b
                    .get(i + 1)
                    .and_then(|&h| hex(h))
                    .zip(b.get(i + 2).and_then(|&l| hex(l)))
                    .map(|(h, l)| h * 16 + l)
                    .ok_or_else(|| {
                        ApiError::bad_parameter(format!("bad percent-encoding in {s:?}"))
                    })?;
                out.push(byte);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| ApiError::bad_parameter(format!("{s:?} does not decode to UTF-8 text")))
}

impl Params {
    /// Parses a raw query string, allowing only `allowed` names.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut values = BTreeMap::new();
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k)?, decode(v)?);
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad_parameter(if allowed.is_empty() {
                    format!("unknown parameter {k:?}: this route takes none")
                } else {
                    format!(
                        "unknown parameter {k:?} (this route takes: {})",
                        allowed.join(", ")
                    )
                }));
            }
            if values.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_parameter(format!(
                    "parameter {k:?} given twice"
                )));
            }
        }
        Ok(Params { values })
    }

    /// A text value; empty counts as absent.
    pub fn text(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// A date `YYYY-MM-DD`.
    pub fn date(&self, name: &str) -> Result<Option<Date>, ApiError> {
        self.text(name)
            .map(|v| {
                v.parse::<Date>().map_err(|_| {
                    ApiError::bad_parameter(format!("{name}: not a date (YYYY-MM-DD): {v:?}"))
                })
            })
            .transpose()
    }

    /// A whole number.
    pub fn number(&self, name: &str) -> Result<Option<u64>, ApiError> {
        self.text(name)
            .map(|v| {
                v.parse::<u64>().map_err(|_| {
                    ApiError::bad_parameter(format!("{name}: not a whole number: {v:?}"))
                })
            })
            .transpose()
    }

    /// `true` or `false` (also `1`/`0`); absent is false.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.text(name).as_deref() {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(v) => Err(ApiError::bad_parameter(format!(
                "{name}: give true or false, not {v:?}"
            ))),
        }
    }

    /// `(limit, offset)` of a page.
    pub fn page(&self) -> Result<(usize, usize), ApiError> {
        let limit = match self.number("limit")? {
            None => DEFAULT_LIMIT,
            Some(0) => return Err(ApiError::bad_parameter("limit: at least 1")),
            Some(n) if n > MAX_LIMIT as u64 => {
                return Err(ApiError::bad_parameter(format!(
                    "limit: at most {MAX_LIMIT}, not {n}"
                )))
            }
            Some(n) => usize::try_from(n).unwrap_or(MAX_LIMIT),
        };
        let offset = usize::try_from(self.number("offset")?.unwrap_or(0))
            .map_err(|_| ApiError::bad_parameter("offset: too large"))?;
        Ok((limit, offset))
    }

    /// Event kinds, comma-separated.
    pub fn kinds(&self) -> Result<Vec<EventKind>, ApiError> {
        let Some(v) = self.text("kind") else {
            return Ok(Vec::new());
        };
        v.split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| {
                EventKind::parse(k).ok_or_else(|| {
                    ApiError::bad_parameter(format!(
                        "kind: unknown event kind {k:?} (one of: {})",
                        EventKind::ALL
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
            })
            .collect()
    }

    /// A country: its ISO code or English name, as its code (checked as the CLI checks it).
    pub fn country(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.text(name)
            .map(|c| {
                vigil_corpus::filters::country(&c)
                    .map_err(|e| ApiError::bad_parameter(format!("{name}: {e}")))
            })
            .transpose()
    }

    /// The event filters shared by the event routes, as a store query (no page), checked
    /// and resolved as the CLI's are ([`vigil_corpus::filters::resolve`]).
    pub fn event_query(&self, store: &dyn Store) -> Result<Query, ApiError> {
        let q = self.raw_event_query()?;
        Ok(vigil_corpus::filters::resolve(
            store,
            q,
            self.flag("with_affiliates")?,
        )?)
    }

    /// The event filters as given.
    fn raw_event_query(&self) -> Result<Query, ApiError> {
        let modality = self
            .text("modality")
            .map(|m| {
                Modality::parse(&m).ok_or_else(|| {
                    ApiError::bad_parameter(format!("modality: unknown modality {m:?}"))
                })
            })
            .transpose()?;
        let text_scope = match self.text("scope").as_deref() {
            None | Some("either") => TextScope::Either,
            Some("events") => TextScope::Events,
            Some("documents") => TextScope::Documents,
            Some(s) => {
                return Err(ApiError::bad_parameter(format!(
                    "scope: either, events or documents, not {s:?}"
                )))
            }
        };
        let q = Query {
            kinds: self.kinds()?,
            actor: self.text("actor"),
            country: self.text("country"),
            place: self.text("place"),
            from: self.date("from")?,
            to: self.date("to")?,
            modality,
            text: self.text("text"),
            text_scope,
            include_duplicates: self.flag("duplicates")?,
            ..Query::default()
        };
        Ok(q)
    }
}

/// The filter parameters of the event routes.
pub const EVENT_FILTERS: &[&str] = &[
    "kind",
    "actor",
    "with_affiliates",
    "country",
    "place",
    "from",
    "to",
    "modality",
    "text",
    "scope",
    "duplicates",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_checks_names() {
        let p = Params::parse(
            Some("text=car+bomb%20%22x%22&kind=attack,threat"),
            EVENT_FILTERS,
        )
        .unwrap();
        assert_eq!(p.text("text").as_deref(), Some("car bomb \"x\""));
        assert_eq!(
            p.kinds().unwrap(),
            vec![EventKind::Attack, EventKind::Threat]
        );
        let e = Params::parse(Some("kinds=attack"), EVENT_FILTERS).unwrap_err();
        assert_eq!(e.code, "bad_parameter");
        assert!(e.message.contains("\"kinds\""), "{}", e.message);
        assert!(Params::parse(Some("kind=a&kind=b"), EVENT_FILTERS).is_err());
        assert!(Params::parse(Some("text=%ZZ"), EVENT_FILTERS).is_err());
        assert!(Params::parse(Some("text=%FF"), EVENT_FILTERS).is_err());
    }

    #[test]
    fn parses_values_with_named_errors() {
        let p = Params::parse(
            Some("from=2024-03-01&to=2024-02-01&limit=900&country=Frnace&modality=x"),
            &["from", "to", "limit", "offset", "country", "modality"],
        )
        .unwrap();
        assert!(p.event_query(&vigil_store::MemoryStore::new()).is_err());
        assert!(p.page().unwrap_err().message.contains("limit"));
        assert!(p
            .country("country")
            .unwrap_err()
            .message
            .contains("country"));
        let p = Params::parse(Some("from=2024-13-01"), &["from"]).unwrap();
        assert!(p.date("from").unwrap_err().message.contains("from"));
        let p = Params::parse(None, &["limit", "offset"]).unwrap();
        assert_eq!(p.page().unwrap(), (DEFAULT_LIMIT, 0));
    }
}
