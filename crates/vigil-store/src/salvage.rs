//! Reading what can still be read from a damaged SQLite store (`vigil recover`).
//!
//! The file is opened read-only, bypassing the checks a normal open makes, and read row by row
//! by key, so a damaged page costs the rows on it and no more: documents (with their text, so
//! their events can be extracted again), watch rules with their deliveries, incident splits
//! and feeds.

use crate::{Feed, StoreError, StoredDoc, WatchRule};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;
use vigil_model::Date;

/// Documents are looked up by `seq` up to the largest one found; when even that cannot be read,
/// up to this many keys past the last readable one.
const PROBE_PAST_LAST: i64 = 10_000;

/// What could be read.
#[derive(Debug, Default)]
pub struct Salvaged {
    /// Watch rules, with the event ids delivered for each.
    pub rules: Vec<(WatchRule, Vec<String>)>,
    /// Incident splits (groups of event ids).
    pub splits: Vec<Vec<Vec<String>>>,
    /// Feeds.
    pub feeds: Vec<Feed>,
    /// Rows or tables that could not be read, with SQLite's words.
    pub lost: Vec<String>,
}

/// The two text columns of each row of `sql`; what cannot be read is told in `lost`.
fn pairs(conn: &Connection, sql: &str, lost: &mut Vec<String>) -> Vec<(String, String)> {
    let mut st = match conn.prepare(sql) {
        Ok(st) => st,
        Err(e) => {
            lost.push(format!("{sql}: {e}"));
            return Vec::new();
        }
    };
    let rows = match st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))) {
        Ok(rows) => rows,
        Err(e) => {
            lost.push(format!("{sql}: {e}"));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for r in rows {
        match r {
            Ok(p) => out.push(p),
            Err(e) => lost.push(format!("{sql}: {e}")),
        }
    }
    out
}

fn date(s: Option<String>) -> Option<Date> {
    s.and_then(|s| s.parse().ok())
}

/// Reads the documents of the damaged store at `path`, in insertion order, handing each to
/// `doc`, then returns the rest of what could be read.
///
/// # Errors
/// [`StoreError::Unreadable`], only when the file cannot be opened at all (its header is gone).
pub fn salvage(path: &Path, doc: &mut dyn FnMut(StoredDoc)) -> crate::Result<Salvaged> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::Unreadable {
        path: path.display().to_string(),
        detail: format!("cannot open: {e}"),
    })?;
    let mut out = Salvaged::default();
    let last: Option<i64> = conn
        .query_row("SELECT max(seq) FROM documents", [], |r| r.get(0))
        .map_err(|e| out.lost.push(format!("the largest document key: {e}")))
        .ok()
        .flatten();
    // Before schema 7 `language` held the declared language and nothing was detected.
    let languages = if conn
        .prepare("SELECT declared_language FROM documents LIMIT 0")
        .is_ok()
    {
        "language, declared_language"
    } else {
        "NULL, language"
    };
    let mut st = conn
        .prepare(&format!(
            "SELECT id, source, url, title, author, published, modified, site_name, {languages},
                    content_hash, simhash, duplicate_of, text, retrieved
             FROM documents WHERE seq = ?1"
        ))
        .map_err(|e| StoreError::Unreadable {
            path: path.display().to_string(),
            detail: format!("the documents table cannot be read: {e}"),
        })?;
    let mut seq = 1;
    let mut last_found = 0;
    loop {
        let past = match last {
            Some(l) => seq > l,
            None => seq > last_found + PROBE_PAST_LAST,
        };
        if past {
            break;
        }
        let row = st
            .query_row([seq], |r| {
                Ok(StoredDoc {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    author: r.get(4)?,
                    published: date(r.get(5)?),
                    modified: date(r.get(6)?),
                    site_name: r.get(7)?,
                    language: r.get(8)?,
                    declared_language: r.get(9)?,
                    content_hash: r.get(10)?,
                    simhash: r.get::<_, i64>(11)?.cast_unsigned(),
                    duplicate_of: r.get(12)?,
                    text: r.get(13)?,
                    retrieved: date(r.get(14)?),
                })
            })
            .optional();
        match row {
            Ok(Some(d)) => {
                last_found = seq;
                doc(d);
            }
            Ok(None) => {}
            Err(e) => out.lost.push(format!("document {seq}: {e}")),
        }
        seq += 1;
    }
    let json_rows = |sql: &str, lost: &mut Vec<String>| pairs(&conn, sql, lost);
    let mut lost = std::mem::take(&mut out.lost);
    let mut delivered: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for (rule, event) in json_rows("SELECT rule, event_id FROM watch_deliveries", &mut lost) {
        delivered.entry(rule).or_default().push(event);
    }
    for (name, rule) in json_rows(
        "SELECT name, rule FROM watch_rules ORDER BY name",
        &mut lost,
    ) {
        let Ok(rule) = serde_json::from_str::<WatchRule>(&rule) else {
            lost.push(format!("watch rule {name}: not valid JSON"));
            continue;
        };
        out.rules
            .push((rule, delivered.remove(&name).unwrap_or_default()));
    }
    for (seq, groups) in json_rows(
        "SELECT CAST(seq AS TEXT), groups FROM incident_splits ORDER BY seq",
        &mut lost,
    ) {
        match serde_json::from_str(&groups) {
            Ok(g) => out.splits.push(g),
            Err(_) => lost.push(format!("incident split {seq}: not valid JSON")),
        }
    }
    let feeds = || -> rusqlite::Result<Vec<Feed>> {
        let mut st = conn.prepare(&format!(
            "SELECT {} FROM feeds ORDER BY url",
            crate::sqlite::FEED_COLUMNS
        ))?;
        let rows = st.query_map([], crate::sqlite::feed_row)?;
        rows.collect()
    };
    match feeds() {
        Ok(f) => out.feeds = f,
        Err(e) => lost.push(format!("feeds: {e}")),
    }
    out.lost = lost;
    Ok(out)
}
