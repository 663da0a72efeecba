//! The in-memory store: the reference behaviour, for tests.

use crate::simhash::SimIndex;
use crate::textquery::{self, Expr};
use crate::{
    event_date, event_search_text, fold, validate_batch, BatchOutcome, EventRecord, Query, Result,
    Stats, Store, StoreError, StoredDoc, TextScope,
};
use std::collections::{HashMap, HashSet};
use vigil_model::{DocumentMeta, DocumentOutput, Event};

const LOCATION: &str = ":memory:";

#[derive(Debug, Clone)]
struct Entry {
    doc: StoredDoc,
    events: Vec<Event>,
    /// Folded tokens of the title and of the text.
    doc_tokens: Vec<Vec<String>>,
    /// Folded tokens of each event's search text.
    event_tokens: Vec<Vec<String>>,
}

/// A store held in memory, with the same behaviour as [`crate::SqliteStore`].
///
/// Full-text matching follows SQLite's `unicode61` tokenizer closely but not to the letter
/// (letters and digits as Rust's `char::is_alphanumeric` sees them).
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    by_hash: HashMap<String, usize>,
    event_ids: HashSet<String>,
    sim: SimIndex,
    splits: Vec<Vec<Vec<String>>>,
    rules: std::collections::BTreeMap<String, crate::WatchRule>,
    deliveries: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    feeds: std::collections::BTreeMap<String, crate::Feed>,
}

impl MemoryStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn parse_text(text: &str) -> Result<Expr> {
        textquery::parse(text).map_err(|problem| StoreError::InvalidQuery {
            path: LOCATION.into(),
            problem,
        })
    }
}

fn invalid(id: &str, problem: String) -> StoreError {
    StoreError::InvalidDocument {
        path: LOCATION.into(),
        id: id.into(),
        problem,
    }
}

impl Store for MemoryStore {
    fn location(&self) -> &str {
        LOCATION
    }

    fn has_hash(&self, content_hash: &str) -> Result<Option<String>> {
        Ok(self
            .by_hash
            .get(content_hash)
            .map(|&i| self.entries[i].doc.id.clone()))
    }

    fn near_duplicate(&self, simhash: u64, max_distance: u32) -> Result<Option<String>> {
        Ok(self
            .sim
            .nearest(simhash, max_distance)
            .map(|(id, _)| id.to_string()))
    }

    fn put_batch(&mut self, batch: &[(StoredDoc, DocumentOutput)]) -> Result<BatchOutcome> {
        validate_batch(batch, LOCATION)?;
        // Stage everything, check, then apply: all or nothing.
        let mut outcome = BatchOutcome::default();
        let mut staged: Vec<&(StoredDoc, DocumentOutput)> = Vec::new();
        let mut new_hashes: HashSet<&str> = HashSet::new();
        let mut new_ids: HashSet<&str> = HashSet::new();
        let mut new_event_ids: HashSet<&str> = HashSet::new();
        for item in batch {
            let (doc, out) = item;
            if self.by_hash.contains_key(&doc.content_hash)
                || new_hashes.contains(doc.content_hash.as_str())
            {
                outcome.unchanged += 1;
                continue;
            }
            if let Some(&i) = self.by_id.get(&doc.id) {
                return Err(invalid(
                    &doc.id,
                    format!(
                        "the id is stored with other content (hash {})",
                        self.entries[i].doc.content_hash
                    ),
                ));
            }
            if new_ids.contains(doc.id.as_str()) {
                return Err(invalid(
                    &doc.id,
                    "the id appears twice in the batch with different content".into(),
                ));
            }
            for e in &out.events {
                if self.event_ids.contains(&e.id) || new_event_ids.contains(e.id.as_str()) {
                    return Err(invalid(
                        &doc.id,
                        format!("event id {:?} is already stored", e.id),
                    ));
                }
            }
            new_hashes.insert(&doc.content_hash);
            new_ids.insert(&doc.id);
            new_event_ids.extend(out.events.iter().map(|e| e.id.as_str()));
            outcome.inserted += 1;
            outcome.events += out.events.len();
            staged.push(item);
        }
        for (doc, _) in &staged {
            if let Some(orig) = &doc.duplicate_of {
                if !self.by_id.contains_key(orig) && !new_ids.contains(orig.as_str()) {
                    return Err(invalid(
                        &doc.id,
                        format!("duplicate_of names {orig:?}, which is not stored"),
                    ));
                }
            }
        }
        for (doc, out) in staged {
            let n = self.entries.len();
            self.by_id.insert(doc.id.clone(), n);
            self.by_hash.insert(doc.content_hash.clone(), n);
            self.event_ids
                .extend(out.events.iter().map(|e| e.id.clone()));
            if doc.duplicate_of.is_none() {
                self.sim.insert(doc.simhash, doc.id.clone());
            }
            let title = doc.title.as_deref().unwrap_or("");
            self.entries.push(Entry {
                doc: doc.clone(),
                events: out.events.clone(),
                doc_tokens: vec![textquery::tokenize(title), textquery::tokenize(&doc.text)],
                event_tokens: out
                    .events
                    .iter()
                    .map(|e| textquery::tokenize(&event_search_text(e)))
                    .collect(),
            });
        }
        Ok(outcome)
    }

    fn query(&self, q: &Query) -> Result<Vec<EventRecord>> {
        let text = q.text.as_deref().map(Self::parse_text).transpose()?;
        let actor = q.actor.as_deref().map(|a| (a.trim(), fold(a)));
        let country = q.country.as_deref().map(|c| c.trim().to_ascii_uppercase());
        let place = q.place.as_deref().map(fold);
        let mut out = Vec::new();
        for entry in &self.entries {
            let doc = &entry.doc;
            if doc.duplicate_of.is_some() && !q.include_duplicates {
                continue;
            }
            let doc_text_hit = text.as_ref().map(|t| t.matches(&entry.doc_tokens));
            for (idx, e) in entry.events.iter().enumerate() {
                if !q.kinds.is_empty() && !q.kinds.contains(&e.kind) {
                    continue;
                }
                if q.modality.is_some_and(|m| m != e.modality) {
                    continue;
                }
                let date = event_date(e, doc.published);
                if q.from.is_some_and(|f| date.is_none_or(|d| d < f))
                    || q.to.is_some_and(|t| date.is_none_or(|d| d > t))
                {
                    continue;
                }
                if let Some((id, text)) = &actor {
                    let mut values = e
                        .roles
                        .values()
                        .flatten()
                        .map(|v| (v.id.as_deref(), v.text.as_str()))
                        .chain(e.source.iter().map(|s| (s.id.as_deref(), s.text.as_str())));
                    if !values.any(|(vid, vtext)| vid == Some(*id) || fold(vtext) == *text) {
                        continue;
                    }
                }
                if !q.actor_ids.is_empty() {
                    let mut ids = e
                        .roles
                        .values()
                        .flatten()
                        .filter_map(|v| v.id.as_deref())
                        .chain(e.source.iter().filter_map(|s| s.id.as_deref()));
                    if !ids.any(|id| q.actor_ids.iter().any(|a| a.trim() == id)) {
                        continue;
                    }
                }
                if let Some(c) = &country {
                    if !e.places.iter().any(|p| p.country.as_deref() == Some(c)) {
                        continue;
                    }
                }
                if let Some(p) = &place {
                    if !e
                        .places
                        .iter()
                        .any(|pl| fold(&pl.name) == *p || fold(&pl.text) == *p)
                    {
                        continue;
                    }
                }
                if let Some(t) = &text {
                    let event_hit = || t.matches(std::slice::from_ref(&entry.event_tokens[idx]));
                    let hit = match q.text_scope {
                        TextScope::Documents => doc_text_hit == Some(true),
                        TextScope::Events => event_hit(),
                        TextScope::Either => doc_text_hit == Some(true) || event_hit(),
                    };
                    if !hit {
                        continue;
                    }
                }
                out.push((
                    date,
                    idx,
                    EventRecord {
                        event: e.clone(),
                        document: doc.meta(),
                        event_date: date,
                    },
                ));
            }
        }
        out.sort_by(|(da, ia, a), (db, ib, b)| {
            (da.is_none(), da, &a.document.id, ia).cmp(&(db.is_none(), db, &b.document.id, ib))
        });
        let mut records: Vec<EventRecord> = out
            .into_iter()
            .skip(q.offset.unwrap_or(0))
            .map(|(_, _, r)| r)
            .collect();
        if let Some(limit) = q.limit {
            records.truncate(limit);
        }
        Ok(records)
    }

    fn revision(&self) -> Result<u64> {
        Ok(((self.entries.len() as u64) << 20) + self.splits.len() as u64)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDoc>> {
        Ok(self.by_id.get(id).map(|&i| self.entries[i].doc.clone()))
    }

    fn documents(&self, include_duplicates: bool) -> Result<Vec<DocumentMeta>> {
        let mut docs: Vec<DocumentMeta> = self
            .entries
            .iter()
            .filter(|e| include_duplicates || e.doc.duplicate_of.is_none())
            .map(|e| e.doc.meta())
            .collect();
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(docs)
    }

    fn documents_since(&self, revision: u64) -> Result<Vec<DocumentMeta>> {
        let from = usize::try_from(revision >> 20).unwrap_or(usize::MAX);
        let mut docs: Vec<DocumentMeta> = self
            .entries
            .iter()
            .skip(from)
            .filter(|e| e.doc.duplicate_of.is_none())
            .map(|e| e.doc.meta())
            .collect();
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(docs)
    }

    fn events(&self, doc_id: &str) -> Result<Vec<Event>> {
        Ok(self
            .by_id
            .get(doc_id)
            .map(|&i| self.entries[i].events.clone())
            .unwrap_or_default())
    }

    fn search_documents(
        &self,
        text: &str,
        include_duplicates: bool,
        limit: Option<usize>,
    ) -> Result<Vec<DocumentMeta>> {
        let t = Self::parse_text(text)?;
        let mut docs: Vec<DocumentMeta> = self
            .entries
            .iter()
            .filter(|e| include_duplicates || e.doc.duplicate_of.is_none())
            .filter(|e| t.matches(&e.doc_tokens))
            .map(|e| e.doc.meta())
            .collect();
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(limit) = limit {
            docs.truncate(limit);
        }
        Ok(docs)
    }

    fn watch_rules(&self) -> Result<Vec<crate::WatchRule>> {
        Ok(self.rules.values().cloned().collect())
    }

    fn put_watch_rule(&mut self, rule: &crate::WatchRule) -> Result<()> {
        crate::validate_rule(rule, ":memory:")?;
        self.rules.insert(rule.name.clone(), rule.clone());
        Ok(())
    }

    fn remove_watch_rule(&mut self, name: &str) -> Result<bool> {
        self.deliveries.remove(name);
        Ok(self.rules.remove(name).is_some())
    }

    fn delivered(&self, rule: &str) -> Result<std::collections::BTreeSet<String>> {
        Ok(self.deliveries.get(rule).cloned().unwrap_or_default())
    }

    fn mark_delivered(&mut self, rule: &str, events: &[String]) -> Result<()> {
        self.deliveries
            .entry(rule.to_string())
            .or_default()
            .extend(events.iter().cloned());
        Ok(())
    }

    fn undetected_languages(&self, limit: usize) -> Result<Vec<(String, String)>> {
        Ok(self
            .entries
            .iter()
            .filter(|e| e.doc.language.is_none())
            .take(limit)
            .map(|e| (e.doc.id.clone(), e.doc.text.clone()))
            .collect())
    }

    fn set_languages(&mut self, languages: &[(String, String)]) -> Result<()> {
        for (id, language) in languages {
            if let Some(&i) = self.by_id.get(id) {
                self.entries[i].doc.language = Some(language.clone());
            }
        }
        Ok(())
    }

    fn feeds(&self) -> Result<Vec<crate::Feed>> {
        Ok(self.feeds.values().cloned().collect())
    }

    fn put_feed(&mut self, url: &str, every_secs: u64, now: i64) -> Result<bool> {
        crate::validate_feed(url, every_secs, LOCATION)?;
        if let Some(f) = self.feeds.get_mut(url) {
            f.every_secs = every_secs;
            f.next_due = now;
            return Ok(false);
        }
        self.feeds.insert(
            url.to_string(),
            crate::Feed {
                url: url.to_string(),
                every_secs,
                next_due: now,
                added_at: now,
                ..crate::Feed::default()
            },
        );
        Ok(true)
    }

    fn remove_feed(&mut self, url: &str) -> Result<bool> {
        Ok(self.feeds.remove(url).is_some())
    }

    fn claim_due_feeds(
        &mut self,
        now: i64,
        hold_secs: i64,
        limit: usize,
    ) -> Result<Vec<crate::Feed>> {
        let mut due: Vec<&mut crate::Feed> = self
            .feeds
            .values_mut()
            .filter(|f| f.next_due <= now)
            .collect();
        due.sort_by(|a, b| (a.next_due, &a.url).cmp(&(b.next_due, &b.url)));
        Ok(due
            .into_iter()
            .take(limit)
            .map(|f| {
                let claimed = f.clone();
                f.next_due = now + hold_secs;
                claimed
            })
            .collect())
    }

    fn record_feed_poll(&mut self, url: &str, poll: &crate::FeedPoll) -> Result<bool> {
        Ok(self
            .feeds
            .get_mut(url)
            .map(|f| crate::apply_feed_poll(f, poll))
            .is_some())
    }

    fn incident_splits(&self) -> Result<Vec<Vec<Vec<String>>>> {
        Ok(self.splits.clone())
    }

    fn add_incident_split(&mut self, groups: &[Vec<String>]) -> Result<()> {
        crate::validate_split(groups, ":memory:")?;
        self.splits.push(groups.to_vec());
        Ok(())
    }

    fn stats(&self) -> Result<Stats> {
        let mut s = Stats {
            documents: self.entries.len() as u64,
            ..Stats::default()
        };
        for entry in &self.entries {
            let language = entry.doc.language.as_deref().unwrap_or("unknown");
            *s.documents_by_language
                .entry(language.to_string())
                .or_default() += 1;
            if entry.doc.duplicate_of.is_some() {
                s.duplicates += 1;
                s.duplicate_events += entry.events.len() as u64;
                continue;
            }
            for e in &entry.events {
                s.events += 1;
                *s.events_by_kind.entry(e.kind).or_default() += 1;
                *s.events_by_modality.entry(e.modality).or_default() += 1;
                let mut countries: Vec<&str> = e
                    .places
                    .iter()
                    .filter_map(|p| p.country.as_deref())
                    .collect();
                countries.sort_unstable();
                countries.dedup();
                for c in countries {
                    *s.events_by_country.entry(c.to_string()).or_default() += 1;
                }
                match event_date(e, entry.doc.published) {
                    Some(d) => {
                        s.first_event_date = Some(s.first_event_date.map_or(d, |f| f.min(d)));
                        s.last_event_date = Some(s.last_event_date.map_or(d, |l| l.max(d)));
                    }
                    None => s.undated_events += 1,
                }
            }
        }
        Ok(s)
    }
}
