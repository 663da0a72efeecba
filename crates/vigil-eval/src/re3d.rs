//! re3d (Dstl): conflict-domain documents (Syria, Iraq) with typed entities, in five folders
//! of open licence. One JSON object per line in `documents.json` and `entities.json`.

use crate::wikievents::char_to_byte;
use crate::{read_file, Error};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use vigil_model::gold::{Coverage, GoldDoc, GoldEntity};

#[derive(Deserialize)]
struct Doc {
    #[serde(rename = "_id")]
    id: String,
    text: String,
}

#[derive(Deserialize)]
struct Entity {
    begin: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "documentId")]
    document: String,
}

/// Reads every folder of re3d (documents with their entities), in folder order.
///
/// # Errors
/// A missing folder or a line that is not a re3d object.
pub fn read(dir: &Path) -> Result<Vec<GoldDoc>, Error> {
    let mut folders: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            path: dir.display().to_string(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("documents.json").is_file())
        .collect();
    folders.sort();
    let mut out = Vec::new();
    for f in folders {
        let docs_path = f.join("documents.json");
        let shown = docs_path.display().to_string();
        let mut docs: BTreeMap<String, GoldDoc> = BTreeMap::new();
        for (n, line) in read_file(&docs_path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let d: Doc = serde_json::from_str(line).map_err(|e| Error::at(&shown, n + 1, e))?;
            docs.insert(
                d.id.clone(),
                GoldDoc {
                    id: d.id,
                    sentences: Vec::new(),
                    text: d.text,
                    coverage: Coverage::None,
                    ..GoldDoc::default()
                },
            );
        }
        let ents_path = f.join("entities.json");
        let shown = ents_path.display().to_string();
        for (n, line) in read_file(&ents_path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let e: Entity = serde_json::from_str(line).map_err(|e| Error::at(&shown, n + 1, e))?;
            let Some(d) = docs.get_mut(&e.document) else {
                return Err(Error::at(
                    &shown,
                    n + 1,
                    format!("no document {}", e.document),
                ));
            };
            let bytes = char_to_byte(&d.text);
            let (Some(&s), Some(&t)) = (bytes.get(e.begin), bytes.get(e.end)) else {
                return Err(Error::at(&shown, n + 1, "entity outside its document"));
            };
            d.entities.push(GoldEntity {
                kind: e.kind,
                span: s..t,
            });
        }
        out.extend(docs.into_values());
    }
    Ok(out)
}
