//! ECB+ (Cybulska & Vossen 2014), topics 1–35: news about the same real events from many
//! outlets, with action mentions, their within- and cross-document coreference chains and
//! negated actions. Action mentions are untyped: they measure within-document duplicates and
//! negation, not detection.

use crate::detok::rebuild;
use crate::{read_file, Error};
use quick_xml::escape::unescape;
use quick_xml::events::Event as Xml;
use quick_xml::Reader;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use vigil_model::gold::{Coverage, GoldDoc, GoldEvent};

/// Reads every `*.xml` document under the topics folder, in topic and file order.
///
/// # Errors
/// A missing folder or a file that is not ECB+ XML.
pub fn read(dir: &Path) -> Result<Vec<GoldDoc>, Error> {
    let io = |source| Error::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut topics: Vec<(u32, std::path::PathBuf)> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let n = e.file_name().to_str()?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    topics.sort();
    let mut out = Vec::new();
    for (_, t) in topics {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&t)
            .map_err(|source| Error::Io {
                path: t.display().to_string(),
                source,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        for f in files {
            out.push(document(&f)?);
        }
    }
    Ok(out)
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            unescape(&String::from_utf8_lossy(&a.value))
                .ok()
                .map(|v| v.to_string())
        })
}

fn document(path: &Path) -> Result<GoldDoc, Error> {
    let shown = path.display().to_string();
    let body = read_file(path)?;
    let bad = |m: String| Error::at(&shown, 0, m);
    let mut reader = Reader::from_str(&body);
    // Tokens: (t_id, sentence, text).
    let mut tokens: Vec<(String, usize, String)> = Vec::new();
    // Markables: m_id → (tag, token ids, instance id).
    let mut markables: HashMap<String, (String, Vec<String>, Option<String>)> = HashMap::new();
    // Relations: (target m_id, note, sources).
    let mut relations: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
    let mut in_token: Option<(String, usize)> = None;
    // A token's text: quick-xml reports each `&…;` in it as an event of its own (`AT&amp;T` is
    // text, reference, text), so the pieces are joined until the token ends.
    let mut token_text: Option<String> = None;
    let mut markable: Option<String> = None;
    let mut relation: Option<(Option<String>, Vec<String>, String)> = None;
    let mut in_markables = false;
    loop {
        let ev = reader.read_event().map_err(|e| bad(format!("XML: {e}")))?;
        match ev {
            Xml::Eof => break,
            Xml::Start(e) | Xml::Empty(e) => {
                let name = e.name().as_ref().to_vec();
                match name.as_slice() {
                    b"token" => {
                        let id =
                            attr(&e, b"t_id").ok_or_else(|| bad("token without t_id".into()))?;
                        let s: usize = attr(&e, b"sentence")
                            .and_then(|s| s.parse().ok())
                            .ok_or_else(|| bad("token without sentence".into()))?;
                        in_token = Some((id, s));
                        token_text = None;
                    }
                    b"Markables" => in_markables = true,
                    b"token_anchor" => {
                        if let (Some(m), Some(t)) = (&markable, attr(&e, b"t_id")) {
                            if let Some(x) = markables.get_mut(m) {
                                x.1.push(t);
                            }
                        }
                    }
                    b"source" => {
                        if let (Some(r), Some(m)) = (&mut relation, attr(&e, b"m_id")) {
                            r.1.push(m);
                        }
                    }
                    b"target" => {
                        if let (Some(r), Some(m)) = (&mut relation, attr(&e, b"m_id")) {
                            r.2 = m;
                        }
                    }
                    b"CROSS_DOC_COREF" | b"INTRA_DOC_COREF" => {
                        relation = Some((attr(&e, b"note"), Vec::new(), String::new()));
                    }
                    tag if in_markables => {
                        if let Some(id) = attr(&e, b"m_id") {
                            let tag = String::from_utf8_lossy(tag).to_string();
                            markables
                                .insert(id.clone(), (tag, Vec::new(), attr(&e, b"instance_id")));
                            markable = Some(id);
                        }
                    }
                    _ => {}
                }
            }
            Xml::Text(t) if in_token.is_some() => {
                let text = t.decode().map_err(|e| bad(format!("XML: {e}")))?;
                token_text.get_or_insert_default().push_str(&text);
            }
            Xml::GeneralRef(r) if in_token.is_some() => {
                let name = r.decode().map_err(|e| bad(format!("XML: {e}")))?;
                let raw = format!("&{name};");
                let text = unescape(&raw).map_err(|e| bad(format!("XML: {e}")))?;
                token_text.get_or_insert_default().push_str(&text);
            }
            Xml::End(e) => match e.name().as_ref() {
                b"token" => {
                    if let (Some((id, s)), Some(text)) = (in_token.take(), token_text.take()) {
                        tokens.push((id, s, text));
                    }
                }
                b"Markables" => in_markables = false,
                b"CROSS_DOC_COREF" | b"INTRA_DOC_COREF" => {
                    if let Some((note, sources, target)) = relation.take() {
                        relations.push((target, note, sources));
                    }
                }
                _ => markable = None,
            },
            _ => {}
        }
    }
    // Text: one line per sentence.
    let words: Vec<&str> = tokens.iter().map(|t| t.2.as_str()).collect();
    let breaks: Vec<usize> = (1..tokens.len())
        .filter(|&i| tokens[i].1 != tokens[i - 1].1)
        .collect();
    let r = rebuild(&words, &breaks);
    let position: HashMap<&str, usize> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.0.as_str(), i))
        .collect();
    let mut sentences: BTreeMap<usize, std::ops::Range<usize>> = BTreeMap::new();
    for (i, t) in tokens.iter().enumerate() {
        let range = &r.tokens[i];
        sentences
            .entry(t.1)
            .and_modify(|s| s.end = range.end)
            .or_insert(range.clone());
    }
    // Chains: every mention a relation names gets the relation's instance.
    let mut chain: HashMap<&str, String> = HashMap::new();
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    for (target, note, sources) in &relations {
        let id = note
            .clone()
            .or_else(|| markables.get(target).and_then(|m| m.2.clone()))
            .unwrap_or_else(|| format!("{name}:{target}"));
        for s in sources {
            chain.insert(s.as_str(), id.clone());
        }
    }
    let mut doc = GoldDoc {
        id: name.to_string(),
        text: r.text.clone(),
        sentences: sentences.into_values().collect(),
        coverage: Coverage::None,
        ..GoldDoc::default()
    };
    let mut ids: Vec<&String> = markables.keys().collect();
    ids.sort_by_key(|k| k.parse::<u64>().unwrap_or(u64::MAX));
    for id in ids {
        let (tag, toks, _) = &markables[id];
        let negated = tag.starts_with("NEG_ACTION");
        if !(tag.starts_with("ACTION") || negated) || toks.is_empty() {
            continue;
        }
        let mut at: Vec<usize> = toks
            .iter()
            .filter_map(|t| position.get(t.as_str()).copied())
            .collect();
        at.sort_unstable();
        let (Some(&first), Some(&last)) = (at.first(), at.last()) else {
            continue;
        };
        doc.events.push(GoldEvent {
            source_type: tag.clone(),
            trigger: Some(r.tokens[first].start..r.tokens[last].end),
            factuality: negated.then_some(-3.0),
            chain: Some(
                chain
                    .get(id.as_str())
                    .cloned()
                    .unwrap_or_else(|| format!("{name}:{id}")),
            ),
            ..GoldEvent::default()
        });
    }
    doc.events
        .sort_by_key(|e| e.trigger.as_ref().map_or(0, |t| t.start));
    Ok(doc)
}
