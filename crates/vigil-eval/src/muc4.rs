//! MUC-4 in GRIT's layout: lower-cased Latin American newswire with, per document, the
//! entities of five roles (perpetrator individuals and organisations, targets, victims,
//! weapons). A document with any entity reports an attack; one without reports none.

use crate::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use vigil_model::gold::{Coverage, GoldArg, GoldDoc, GoldEvent};
use vigil_model::{EventKind, Role};

#[derive(Deserialize)]
struct Line {
    docid: String,
    doctext: String,
    extracts: BTreeMap<String, Vec<Vec<(String, usize)>>>,
}

fn role(name: &str) -> Option<Role> {
    Some(match name {
        "PerpInd" => Role::PerpetratorIndividual,
        "PerpOrg" => Role::PerpetratorOrg,
        "Target" => Role::Target,
        "Victim" => Role::Victim,
        "Weapon" => Role::Weapon,
        _ => return None,
    })
}

/// Reads a GRIT-layout file.
///
/// # Errors
/// A line that is not a GRIT document (names file and line).
pub fn read(path: &str, body: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(line).map_err(|e| Error::at(path, n + 1, e))?;
        let byte = crate::wikievents::char_to_byte(&l.doctext);
        let mut args = Vec::new();
        for (name, entities) in &l.extracts {
            let Some(r) = role(name) else { continue };
            for mentions in entities {
                let Some((first, at)) = mentions.first() else {
                    continue;
                };
                let start = byte.get(*at).copied();
                args.push(GoldArg {
                    role: r,
                    source_role: name.clone(),
                    text: first.clone(),
                    span: start
                        .filter(|&s| l.doctext.get(s..s + first.len()) == Some(first.as_str()))
                        .map(|s| s..s + first.len()),
                    also: mentions.iter().skip(1).map(|m| m.0.clone()).collect(),
                });
            }
        }
        let events = if args.is_empty() {
            Vec::new()
        } else {
            vec![GoldEvent {
                kind: Some(EventKind::Attack),
                source_type: "template".into(),
                args,
                ..GoldEvent::default()
            }]
        };
        out.push(GoldDoc {
            id: l.docid,
            text: l.doctext,
            events,
            coverage: Coverage::Document,
            ..GoldDoc::default()
        });
    }
    Ok(out)
}
