//! The same behaviour suite over both stores, then SQLite-only tests (files, migrations, errors,
//! locks, failure injection).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use vigil_model::{
    Date, DocumentOutput, Event, EventKind, Evidence, GeoPrecision, Links, Modality, PlaceRef,
    Quantity, Role, RoleValue, SourceRef, Span, TimePrecision, TimeRef,
};
use vigil_store::pgtest::TestCluster;
use vigil_store::{
    hamming, BatchOutcome, Durability, MemoryStore, OpenOptions, PgStore, Query, SqliteStore,
    Store, StoreError, StoredDoc, TextScope,
};

// ---------------------------------------------------------------------------------------------
// Fixtures

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// An event built by hand: evidence is the first sentence of the document text that contains
/// `evidence`.
struct Ev(Event);

impl Ev {
    fn new(doc: &str, n: usize, kind: EventKind, modality: Modality, evidence: &str) -> Ev {
        Ev(Event {
            id: format!("{doc}#e{n}"),
            kind,
            subtype: "unknown".into(),
            modality,
            roles: BTreeMap::new(),
            time: None,
            places: Vec::new(),
            source: None,
            evidence: vec![Evidence {
                sentence: n,
                span: Span::new(0, evidence.len()),
                text: evidence.into(),
            }],
            links: Links::default(),
            triggers: Vec::new(),
            confidence: 0.1 + 0.07 * n as f64,
        })
    }

    fn role(mut self, role: Role, text: &str, id: Option<&str>) -> Ev {
        let at = self.0.roles.values().flatten().count() * 10;
        self.0.push_role(
            role,
            RoleValue {
                text: text.into(),
                id: id.map(Into::into),
                value: None,
                qualifier: None,
                span: Span::new(at, at + text.len()),
            },
        );
        self
    }

    fn count(mut self, role: Role, text: &str, n: u64) -> Ev {
        self.0.push_role(
            role,
            RoleValue {
                text: text.into(),
                id: None,
                value: Some(Quantity::Number(n)),
                qualifier: Some(vigil_model::Qualifier::AtLeast),
                span: Span::new(500, 500 + text.len()),
            },
        );
        self
    }

    fn place(mut self, text: &str, name: &str, country: Option<&str>) -> Ev {
        self.0.places.push(PlaceRef {
            text: text.into(),
            name: name.into(),
            geonames_id: Some(1_138_958),
            country: country.map(Into::into),
            admin1: None,
            lat: Some(34.528_13),
            lon: Some(69.172_33),
            precision: GeoPrecision::City,
            span: Span::new(0, text.len()),
        });
        self
    }

    fn time(mut self, start: &str) -> Ev {
        self.0.time = Some(TimeRef {
            text: "on Thursday".into(),
            start: Some(date(start)),
            end: Some(date(start)),
            precision: TimePrecision::Day,
            span: Span::new(0, 11),
        });
        self
    }

    fn unresolved_time(mut self) -> Ev {
        self.0.time = Some(TimeRef {
            text: "last week".into(),
            start: None,
            end: None,
            precision: TimePrecision::Unresolved,
            span: Span::new(0, 9),
        });
        self
    }

    fn source(mut self, text: &str, id: Option<&str>) -> Ev {
        self.0.source = Some(SourceRef {
            text: text.into(),
            id: id.map(Into::into),
            span: Span::new(0, text.len()),
        });
        self
    }

    fn done(self) -> Event {
        self.0
    }
}

fn hex(s: &str) -> String {
    // A stand-in content hash: FNV-1a of the text, in hex.
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn doc(id: &str, text: &str, simhash: u64, published: Option<&str>) -> StoredDoc {
    let mut d = StoredDoc::new(id, &format!("feeds/{id}.txt"), &hex(text), simhash, text);
    d.published = published.map(date);
    d.title = Some(text.split('.').next().unwrap().to_string());
    d.url = Some(format!("https://news.example/{id}"));
    d.site_name = Some("Example News".into());
    d.language = Some("en".into());
    d
}

fn item(d: StoredDoc, events: Vec<Event>) -> (StoredDoc, DocumentOutput) {
    let out = DocumentOutput {
        document: d.model_meta(),
        events,
    };
    (d, out)
}

const KABUL: &str = "Gunmen stormed a hotel in Kabul on Thursday, killing at least 12 people. \
                     The Taliban denied involvement.";
const PARIS: &str = "Islamic State claimed the bombing in Paris through Amaq. \
                     IS fighters had attacked a concert hall.";
const PARIS_COPY: &str = "Islamic State claimed the bombing in Paris through Amaq. \
                          IS fighters had attacked a concert hall. Updated.";
const THREAT: &str = "Al-Qaeda threatened the Société Générale offices.";
const LAGOS: &str = "Police arrested three suspects in Lagos last week.";

/// Five documents, one a near-duplicate of another, with hand-made events covering every filter.
fn corpus() -> Vec<(StoredDoc, DocumentOutput)> {
    let kabul = doc("kabul-1", KABUL, 0x1111_2222_3333_4444, Some("2024-03-01"));
    let paris = doc("paris-1", PARIS, 0xAAAA_BBBB_CCCC_DDDD, Some("2024-03-05"));
    let mut copy = doc(
        "paris-2",
        PARIS_COPY,
        0xAAAA_BBBB_CCCC_DDDC,
        Some("2024-03-06"),
    );
    copy.duplicate_of = Some("paris-1".into());
    let threat = doc("threat-1", THREAT, 0x5555_6666_7777_8888, None);
    let lagos = doc("lagos-1", LAGOS, 0x9999_0000_9999_0000, Some("2024-01-10"));
    vec![
        item(
            kabul,
            vec![
                Ev::new(
                    "kabul-1",
                    0,
                    EventKind::Attack,
                    Modality::Asserted,
                    "Gunmen stormed a hotel in Kabul on Thursday, killing at least 12 people.",
                )
                .role(Role::PerpetratorIndividual, "Gunmen", None)
                .role(Role::Target, "a hotel", None)
                .count(Role::Killed, "at least 12 people", 12)
                .place("KABUL", "Kabul", Some("AF"))
                .time("2024-02-29")
                .done(),
                Ev::new(
                    "kabul-1",
                    1,
                    EventKind::DenialOfResponsibility,
                    Modality::Asserted,
                    "The Taliban denied involvement.",
                )
                .role(Role::Denier, "The Taliban", Some("grp:taliban"))
                .place("Kabul", "Kabul", Some("AF"))
                .done(),
            ],
        ),
        item(
            paris,
            vec![
                Ev::new(
                    "paris-1",
                    0,
                    EventKind::ClaimOfResponsibility,
                    Modality::Claimed,
                    "Islamic State claimed the bombing in Paris through Amaq.",
                )
                .role(
                    Role::ClaimantOrg,
                    "Islamic State",
                    Some("grp:islamic-state"),
                )
                .role(Role::Channel, "Amaq", Some("media:amaq"))
                .place("Paris", "Paris", Some("FR"))
                .source("Amaq", Some("media:amaq"))
                .done(),
                Ev::new(
                    "paris-1",
                    1,
                    EventKind::Attack,
                    Modality::Reported,
                    "IS fighters had attacked a concert hall.",
                )
                .role(Role::PerpetratorOrg, "IS", Some("grp:islamic-state"))
                .role(Role::Target, "a concert hall", None)
                .place("Paris", "Paris", Some("FR"))
                .unresolved_time()
                .done(),
            ],
        ),
        item(
            copy,
            vec![Ev::new(
                "paris-2",
                0,
                EventKind::Attack,
                Modality::Reported,
                "IS fighters had attacked a concert hall.",
            )
            .role(Role::PerpetratorOrg, "IS", Some("grp:islamic-state"))
            .place("Paris", "Paris", Some("FR"))
            .done()],
        ),
        item(
            threat,
            vec![Ev::new(
                "threat-1",
                0,
                EventKind::Threat,
                Modality::Threatened,
                "Al-Qaeda threatened the Société Générale offices.",
            )
            .role(Role::IssuerOrg, "Al-Qaeda", Some("grp:al-qaeda"))
            .role(Role::Target, "the Société Générale offices", None)
            .done()],
        ),
        item(
            lagos,
            vec![Ev::new(
                "lagos-1",
                0,
                EventKind::Arrest,
                Modality::Asserted,
                "Police arrested three suspects in Lagos last week.",
            )
            .role(Role::Agency, "Police", None)
            .role(Role::Suspect, "three suspects", None)
            .place("Lagos", "Lagos", Some("NG"))
            .place("Lagos State", "Lagos", Some("NG"))
            .done()],
        ),
    ]
}

fn ids(records: &[vigil_store::EventRecord]) -> Vec<&str> {
    records.iter().map(|r| r.event.id.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Running the suite over both stores

/// Runs a behaviour test against a fresh MemoryStore and a fresh SqliteStore file.
/// A PostgreSQL store in a new database of the test server; `None` (said on stderr) when no
/// server can be had outside CI. Under `CI=true` that is a failure.
fn pg_store() -> Option<PgStore> {
    TestCluster::database_or_skip().map(|url| PgStore::connect(&url).unwrap())
}

/// Runs a behaviour test on every backend: in memory, SQLite, PostgreSQL.
fn on_both(test: fn(&mut dyn Store)) {
    test(&mut MemoryStore::new());
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = SqliteStore::open(dir.path().join("vigil.db")).unwrap();
    test(&mut sqlite);
    sqlite.integrity_check().unwrap();
    if let Some(mut pg) = pg_store() {
        test(&mut pg);
    }
}

macro_rules! both {
    ($($name:ident),+ $(,)?) => {
        mod on_both_stores {
            $(#[test] fn $name() { super::on_both(super::$name); })+
        }
    };
}

both!(
    put_round_trips,
    reput_changes_nothing,
    same_content_under_other_id_is_unchanged,
    batch_is_all_or_nothing,
    forward_duplicate_reference_in_one_batch,
    query_default_order_and_duplicates,
    query_kinds,
    query_actor,
    query_actor_ids,
    query_country_and_place,
    query_dates,
    query_modality,
    query_text,
    query_limit_and_combined,
    event_ids_follow_the_query,
    near_duplicate_banding,
    near_duplicate_ties_and_originals_only,
    near_duplicate_large_distance_scans,
    stats_count,
    search_documents,
    extracted_outputs_round_trip,
    each_output_is_documents_then_output,
    query_pages_timeline_and_revision,
    feeds_are_scheduled_claimed_and_recorded,
);

fn feeds_are_scheduled_claimed_and_recorded(s: &mut dyn Store) {
    use vigil_store::FeedPoll;
    let (a, b, c) = (
        "https://a.example/rss",
        "https://b.example/atom.xml",
        "https://c.example/feed",
    );
    assert!(s.feeds().unwrap().is_empty());
    assert!(s.put_feed(b, 300, 1_000).unwrap(), "new");
    assert!(s.put_feed(a, 60, 1_010).unwrap());
    assert!(s.put_feed(c, 3_600, 5_000).unwrap());
    let feeds = s.feeds().unwrap();
    assert_eq!(
        feeds.iter().map(|f| f.url.as_str()).collect::<Vec<_>>(),
        [a, b, c],
        "by URL"
    );
    assert_eq!(
        (feeds[1].every_secs, feeds[1].next_due, feeds[1].added_at),
        (300, 1_000, 1_000)
    );
    assert_eq!(feeds[1].polls, 0);
    assert_eq!(feeds[1].last_polled, None);

    // Due at 2,000: b (due 1,000) then a (1,010); c is not due. Claimed feeds are held.
    let claimed = s.claim_due_feeds(2_000, 120, 10).unwrap();
    assert_eq!(
        claimed
            .iter()
            .map(|f| (f.url.as_str(), f.next_due))
            .collect::<Vec<_>>(),
        [(b, 1_000), (a, 1_010)],
        "most overdue first, as they were before the hold"
    );
    assert!(
        s.claim_due_feeds(2_000, 120, 10).unwrap().is_empty(),
        "held"
    );
    assert_eq!(s.feeds().unwrap()[0].next_due, 2_120);
    // A hold that ends (the poller died) makes the feed due again; the limit is kept.
    let again = s.claim_due_feeds(2_120, 120, 1).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].url, a, "both were held to 2,120; a sorts first");

    // A poll with a body sets validators and resets failures.
    let ok = FeedPoll {
        at: 2_130,
        next_due: 2_430,
        ok: true,
        validators: Some((
            Some("\"v1\"".into()),
            Some("Tue, 03 Mar 2026 10:00:00 GMT".into()),
        )),
        outcome: "200: 3 new documents".into(),
        documents: 3,
    };
    assert!(s.record_feed_poll(b, &ok).unwrap());
    // Two failures count up and keep the validators; a 304 keeps them and resets the count.
    let failed = FeedPoll {
        at: 2_500,
        next_due: 2_800,
        ok: false,
        validators: None,
        outcome: "HTTP 503".into(),
        documents: 0,
    };
    assert!(s.record_feed_poll(b, &failed).unwrap());
    assert!(s.record_feed_poll(b, &failed).unwrap());
    let f = s.feeds().unwrap().into_iter().find(|f| f.url == b).unwrap();
    assert_eq!(f.failures, 2);
    assert_eq!(f.etag.as_deref(), Some("\"v1\""));
    assert_eq!(f.polls, 3);
    assert_eq!(f.documents, 3);
    assert_eq!(f.last_outcome.as_deref(), Some("HTTP 503"));
    assert_eq!((f.last_polled, f.next_due), (Some(2_500), 2_800));
    let not_modified = FeedPoll {
        at: 2_900,
        next_due: 3_200,
        ok: true,
        validators: None,
        outcome: "304 not modified".into(),
        documents: 0,
    };
    assert!(s.record_feed_poll(b, &not_modified).unwrap());
    let f = s.feeds().unwrap().into_iter().find(|f| f.url == b).unwrap();
    assert_eq!(f.failures, 0);
    assert_eq!(
        f.last_modified.as_deref(),
        Some("Tue, 03 Mar 2026 10:00:00 GMT")
    );
    // An answer without validators clears them.
    let bare = FeedPoll {
        validators: Some((None, None)),
        ..ok.clone()
    };
    assert!(s.record_feed_poll(b, &bare).unwrap());
    let f = s.feeds().unwrap().into_iter().find(|f| f.url == b).unwrap();
    assert_eq!((f.etag, f.last_modified, f.documents), (None, None, 6));

    // Adding again changes the interval and makes it due now, keeping its record.
    assert!(!s.put_feed(b, 30, 9_000).unwrap());
    let f = s.feeds().unwrap().into_iter().find(|f| f.url == b).unwrap();
    assert_eq!(
        (f.every_secs, f.next_due, f.polls, f.added_at),
        (30, 9_000, 5, 1_000)
    );

    // Bad feeds are refused; removal.
    assert!(matches!(
        s.put_feed(" ", 60, 0),
        Err(StoreError::InvalidDocument { .. })
    ));
    assert!(matches!(
        s.put_feed(a, 0, 0),
        Err(StoreError::InvalidDocument { .. })
    ));
    assert!(s.remove_feed(a).unwrap());
    assert!(!s.remove_feed(a).unwrap());
    assert!(!s.record_feed_poll(a, &ok).unwrap(), "removed meanwhile");
    assert_eq!(s.feeds().unwrap().len(), 2);
}

fn query_pages_timeline_and_revision(s: &mut dyn Store) {
    let r0 = s.revision().unwrap();
    s.put_batch(&corpus()).unwrap();
    let r1 = s.revision().unwrap();
    assert_ne!(r0, r1, "documents change the revision");
    for q in [
        Query::default(),
        Query {
            include_duplicates: true,
            ..Query::default()
        },
        Query {
            kinds: vec![EventKind::Attack],
            ..Query::default()
        },
        Query {
            country: Some("fr".into()),
            from: Some(date("2024-03-01")),
            ..Query::default()
        },
        Query {
            actor: Some("grp:islamic-state".into()),
            include_duplicates: true,
            ..Query::default()
        },
    ] {
        let all = s.query(&q).unwrap();
        for (offset, limit) in [(0, 2), (1, 2), (2, 10), (5, 1), (10, 3)] {
            let page = s
                .query(&Query {
                    offset: Some(offset),
                    limit: Some(limit),
                    ..q.clone()
                })
                .unwrap();
            let want: Vec<_> = all.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(page, want, "offset {offset} limit {limit}");
        }
        let only_offset = s
            .query(&Query {
                offset: Some(1),
                ..q.clone()
            })
            .unwrap();
        assert_eq!(only_offset.len(), all.len().saturating_sub(1));
        // The timeline counts the same events, by day and kind, undated last.
        let t = s.timeline(&q).unwrap();
        assert_eq!(t.iter().map(|c| c.count).sum::<u64>(), all.len() as u64);
        for c in &t {
            let n = all
                .iter()
                .filter(|r| r.event_date == c.date && r.event.kind == c.kind)
                .count();
            assert_eq!(c.count, n as u64, "{c:?}");
        }
        let days: Vec<_> = t.iter().map(|c| (c.date.is_none(), c.date)).collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]));
    }
    s.add_incident_split(&[vec!["paris-1#e0".into()], vec!["paris-1#e1".into()]])
        .unwrap();
    assert_ne!(s.revision().unwrap(), r1, "a split changes the revision");
}

fn put_round_trips(s: &mut dyn Store) {
    let batch = corpus();
    let outcome = s.put_batch(&batch).unwrap();
    assert_eq!(
        outcome,
        BatchOutcome {
            inserted: 5,
            unchanged: 0,
            events: 7
        }
    );
    for (d, out) in &batch {
        assert_eq!(
            s.document(&d.id).unwrap().as_ref(),
            Some(d),
            "{}",
            s.location()
        );
        assert_eq!(&s.events(&d.id).unwrap(), &out.events);
        assert_eq!(s.output(&d.id).unwrap().as_ref(), Some(out));
        assert_eq!(
            s.has_hash(&d.content_hash).unwrap().as_deref(),
            Some(d.id.as_str())
        );
    }
    assert_eq!(s.document("nope").unwrap(), None);
    assert_eq!(s.output("nope").unwrap(), None);
    assert!(s.events("nope").unwrap().is_empty());
    assert_eq!(s.has_hash("00ff").unwrap(), None);
    let listed: Vec<String> = s
        .documents(false)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(listed, ["kabul-1", "lagos-1", "paris-1", "threat-1"]);
    let all = s.documents(true).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[3].id, "paris-2");
    assert_eq!(all[3].duplicate_of.as_deref(), Some("paris-1"));
    assert_eq!(all[3], batch[2].0.meta());
    // An empty batch is fine.
    assert_eq!(s.put_batch(&[]).unwrap(), BatchOutcome::default());
}

fn reput_changes_nothing(s: &mut dyn Store) {
    let batch = corpus();
    s.put_batch(&batch).unwrap();
    let stats = s.stats().unwrap();
    let events = s
        .query(&Query {
            include_duplicates: true,
            ..Query::default()
        })
        .unwrap();
    let again = s.put_batch(&batch).unwrap();
    assert_eq!(
        again,
        BatchOutcome {
            inserted: 0,
            unchanged: 5,
            events: 0
        }
    );
    let mut after = s.stats().unwrap();
    // The file may have grown by a few WAL frames of reads; counts must not change.
    after.db_bytes = stats.db_bytes;
    assert_eq!(after, stats);
    let events_after = s
        .query(&Query {
            include_duplicates: true,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(events_after, events);
    // Within one batch, repeated content is written once.
    let fresh = item(doc("x", "New text.", 7, None), vec![]);
    let twice = s.put_batch(&[fresh.clone(), fresh]).unwrap();
    assert_eq!((twice.inserted, twice.unchanged), (1, 1));
}

fn same_content_under_other_id_is_unchanged(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let (mut d, _) = corpus().remove(0);
    d.id = "kabul-again".into();
    let out = s.put_batch(&[item(d.clone(), vec![])]).unwrap();
    assert_eq!((out.inserted, out.unchanged), (0, 1));
    assert_eq!(s.document("kabul-again").unwrap(), None);
    assert_eq!(
        s.has_hash(&d.content_hash).unwrap().as_deref(),
        Some("kabul-1")
    );
}

fn assert_invalid(e: StoreError, id: &str, words: &str, location: &str) {
    match &e {
        StoreError::InvalidDocument {
            id: got,
            problem,
            path,
        } => {
            assert_eq!(got, id, "{e}");
            assert!(problem.contains(words), "{e}");
            assert_eq!(path, location);
        }
        other => panic!("expected InvalidDocument, got {other:?}"),
    }
    assert!(e.to_string().starts_with(location), "{e}");
}

fn batch_is_all_or_nothing(s: &mut dyn Store) {
    let corpus = corpus();
    s.put_batch(&corpus[..2]).unwrap();
    let before = s.stats().unwrap();
    let loc = s.location().to_string();

    // 1. The third document reuses a stored id with other content: the first two, already
    //    written inside the transaction, are rolled back.
    let a = item(doc("new-a", "Fresh a.", 1, None), vec![]);
    let b = corpus[2].clone(); // paris-2, with an event
    let clash = item(doc("kabul-1", "Other content.", 2, None), vec![]);
    let e = s.put_batch(&[a.clone(), b.clone(), clash]).unwrap_err();
    assert_invalid(e, "kabul-1", "stored with other content", &loc);
    // 2. A duplicate_of that names nothing (found at the end of the batch).
    let mut dangling = doc("new-c", "Fresh c.", 3, None);
    dangling.duplicate_of = Some("ghost".into());
    let e = s
        .put_batch(&[a.clone(), b.clone(), item(dangling, vec![])])
        .unwrap_err();
    assert_invalid(e, "new-c", "ghost", &loc);
    // 3. An event id already stored.
    let taken = item(
        doc("new-d", "Fresh d.", 4, None),
        vec![Ev::new("kabul-1", 0, EventKind::Attack, Modality::Asserted, "x").done()],
    );
    let e = s.put_batch(&[a.clone(), taken]).unwrap_err();
    assert_invalid(e, "new-d", "already stored", &loc);
    // 4. Checks before writing: output of another document, bad hash, NaN confidence, an id
    //    twice with different content, self-duplicate.
    let (d, mut out) = a.clone();
    out.document.id = "other".into();
    assert_invalid(
        s.put_batch(&[b.clone(), (d, out)]).unwrap_err(),
        "new-a",
        "other",
        &loc,
    );
    let mut bad_hash = a.clone();
    bad_hash.0.content_hash = "not hex!".into();
    assert_invalid(
        s.put_batch(&[bad_hash]).unwrap_err(),
        "new-a",
        "hexadecimal",
        &loc,
    );
    let mut nan = item(
        doc("new-e", "Fresh e.", 5, None),
        vec![Ev::new("new-e", 0, EventKind::Attack, Modality::Asserted, "x").done()],
    );
    nan.1.events[0].confidence = f64::NAN;
    assert_invalid(s.put_batch(&[nan]).unwrap_err(), "new-e", "finite", &loc);
    let twice = item(doc("new-a", "Different text.", 6, None), vec![]);
    assert_invalid(
        s.put_batch(&[a.clone(), twice]).unwrap_err(),
        "new-a",
        "twice",
        &loc,
    );
    let mut selfdup = a.clone();
    selfdup.0.duplicate_of = Some("new-a".into());
    assert_invalid(
        s.put_batch(&[selfdup]).unwrap_err(),
        "new-a",
        "itself",
        &loc,
    );

    // Nothing of any failed batch is there.
    let mut after = s.stats().unwrap();
    after.db_bytes = before.db_bytes;
    assert_eq!(after, before);
    for id in ["new-a", "paris-2", "new-c", "new-d", "new-e"] {
        assert_eq!(s.document(id).unwrap(), None, "{id}");
    }
    assert_eq!(s.has_hash(&a.0.content_hash).unwrap(), None);
    // And the same good documents go in afterwards.
    assert_eq!(s.put_batch(&[a, b]).unwrap().inserted, 2);
}

fn forward_duplicate_reference_in_one_batch(s: &mut dyn Store) {
    let corpus = corpus();
    // The duplicate comes before its original in the batch.
    let out = s
        .put_batch(&[corpus[2].clone(), corpus[1].clone()])
        .unwrap();
    assert_eq!(out.inserted, 2);
    assert_eq!(
        s.document("paris-2")
            .unwrap()
            .unwrap()
            .duplicate_of
            .as_deref(),
        Some("paris-1")
    );
}

fn query_default_order_and_duplicates(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let all = s.query(&Query::default()).unwrap();
    // Event date (time start, else published), document id, index; undated last.
    assert_eq!(
        ids(&all),
        [
            "lagos-1#e0",  // 2024-01-10 published
            "kabul-1#e0",  // 2024-02-29 resolved time, not the 2024-03-01 publication
            "kabul-1#e1",  // 2024-03-01 published
            "paris-1#e0",  // 2024-03-05
            "paris-1#e1",  // unresolved time: published 2024-03-05
            "threat-1#e0", // no date at all
        ]
    );
    assert_eq!(all[1].event_date, Some(date("2024-02-29")));
    assert_eq!(all[4].event_date, Some(date("2024-03-05")));
    assert_eq!(all[5].event_date, None);
    assert_eq!(all[3].document.title.as_deref(), Some(&PARIS[..55]));
    assert_eq!(
        all[3].document.url.as_deref(),
        Some("https://news.example/paris-1")
    );
    // Events round-trip exactly, floats included.
    assert_eq!(all[0].event, corpus()[4].1.events[0]);
    let with_dups = s
        .query(&Query {
            include_duplicates: true,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(with_dups.len(), 7);
    assert_eq!(with_dups[5].event.id, "paris-2#e0");
    assert_eq!(
        with_dups[5].document.duplicate_of.as_deref(),
        Some("paris-1")
    );
}

fn query_kinds(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let q = |kinds: Vec<EventKind>, dups: bool| Query {
        kinds,
        include_duplicates: dups,
        ..Query::default()
    };
    let got = s.query(&q(vec![EventKind::Attack], false)).unwrap();
    assert_eq!(ids(&got), ["kabul-1#e0", "paris-1#e1"]);
    let got = s.query(&q(vec![EventKind::Attack], true)).unwrap();
    assert_eq!(ids(&got), ["kabul-1#e0", "paris-1#e1", "paris-2#e0"]);
    let got = s
        .query(&q(vec![EventKind::Threat, EventKind::Arrest], false))
        .unwrap();
    assert_eq!(ids(&got), ["lagos-1#e0", "threat-1#e0"]);
    assert!(s
        .query(&q(vec![EventKind::Warning], true))
        .unwrap()
        .is_empty());
}

fn query_actor(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let q = |a: &str| Query {
        actor: Some(a.into()),
        ..Query::default()
    };
    assert_eq!(
        ids(&s.query(&q("grp:islamic-state")).unwrap()),
        ["paris-1#e0", "paris-1#e1"]
    );
    // Role value text, case-insensitive: only the claim says "Islamic State".
    assert_eq!(ids(&s.query(&q("islamic STATE")).unwrap()), ["paris-1#e0"]);
    assert_eq!(ids(&s.query(&q("  the taliban ")).unwrap()), ["kabul-1#e1"]);
    assert_eq!(ids(&s.query(&q("grp:taliban")).unwrap()), ["kabul-1#e1"]);
    // Non-ASCII case folding.
    assert_eq!(
        ids(&s.query(&q("THE SOCIÉTÉ GÉNÉRALE OFFICES")).unwrap()),
        ["threat-1#e0"]
    );
    // The in-article source counts as an actor.
    assert_eq!(ids(&s.query(&q("media:amaq")).unwrap()), ["paris-1#e0"]);
    // Ids are exact; text is whole-value, not a substring.
    assert!(s.query(&q("GRP:TALIBAN-X")).unwrap().is_empty());
    assert!(s.query(&q("taliban")).unwrap().is_empty());
}

/// Any of several actor ids (an actor with its affiliates), the source's included.
fn query_actor_ids(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let q = |ids: &[&str]| Query {
        actor_ids: ids.iter().map(|i| (*i).to_string()).collect(),
        ..Query::default()
    };
    assert_eq!(
        ids(&s.query(&q(&["grp:islamic-state", "grp:taliban"])).unwrap()),
        ["kabul-1#e1", "paris-1#e0", "paris-1#e1"]
    );
    assert_eq!(ids(&s.query(&q(&["media:amaq"])).unwrap()), ["paris-1#e0"]);
    // Ids only, never text; with other filters.
    assert!(s.query(&q(&["islamic state"])).unwrap().is_empty());
    let with_kind = Query {
        kinds: vec![EventKind::Attack],
        ..q(&["grp:islamic-state", "grp:taliban"])
    };
    assert_eq!(
        s.query(&with_kind).unwrap().len(),
        s.query(&q(&["grp:islamic-state", "grp:taliban"]))
            .unwrap()
            .iter()
            .filter(|r| r.event.kind == EventKind::Attack)
            .count()
    );
}

fn query_country_and_place(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let country = |c: &str| Query {
        country: Some(c.into()),
        ..Query::default()
    };
    assert_eq!(
        ids(&s.query(&country("af")).unwrap()),
        ["kabul-1#e0", "kabul-1#e1"]
    );
    assert_eq!(
        ids(&s.query(&country("FR")).unwrap()),
        ["paris-1#e0", "paris-1#e1"]
    );
    // Two places in one country: the event is listed once.
    assert_eq!(ids(&s.query(&country("NG")).unwrap()), ["lagos-1#e0"]);
    assert!(s.query(&country("US")).unwrap().is_empty());
    let place = |p: &str| Query {
        place: Some(p.into()),
        ..Query::default()
    };
    // By canonical name or by the text as written ("KABUL"), case-insensitive.
    assert_eq!(
        ids(&s.query(&place("kabul")).unwrap()),
        ["kabul-1#e0", "kabul-1#e1"]
    );
    assert_eq!(
        ids(&s.query(&place("lagos state")).unwrap()),
        ["lagos-1#e0"]
    );
    assert!(s.query(&place("Kab")).unwrap().is_empty());
}

fn query_dates(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let range = |from: Option<&str>, to: Option<&str>| Query {
        from: from.map(date),
        to: to.map(date),
        ..Query::default()
    };
    // kabul-1#e0 happened 2024-02-29 though published 2024-03-01.
    assert_eq!(
        ids(&s
            .query(&range(Some("2024-03-01"), Some("2024-03-05")))
            .unwrap()),
        ["kabul-1#e1", "paris-1#e0", "paris-1#e1"]
    );
    assert_eq!(
        ids(&s.query(&range(None, Some("2024-02-29"))).unwrap()),
        ["lagos-1#e0", "kabul-1#e0"]
    );
    // Undated events never match a date bound.
    assert_eq!(
        ids(&s.query(&range(Some("2024-03-05"), None)).unwrap()),
        ["paris-1#e0", "paris-1#e1"]
    );
    assert!(s
        .query(&range(Some("2024-03-06"), Some("2024-03-01")))
        .unwrap()
        .is_empty());
    // Dates before 1970 and far ahead work (days since the epoch may be negative).
    assert_eq!(
        s.query(&range(Some("1900-01-01"), Some("2999-12-31")))
            .unwrap()
            .len(),
        5
    );
}

fn query_modality(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let q = |m: Modality| Query {
        modality: Some(m),
        ..Query::default()
    };
    assert_eq!(
        ids(&s.query(&q(Modality::Claimed)).unwrap()),
        ["paris-1#e0"]
    );
    assert_eq!(
        ids(&s.query(&q(Modality::Asserted)).unwrap()),
        ["lagos-1#e0", "kabul-1#e0", "kabul-1#e1"]
    );
    assert!(s.query(&q(Modality::Foiled)).unwrap().is_empty());
}

fn query_text(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let q = |t: &str, scope: TextScope| Query {
        text: Some(t.into()),
        text_scope: scope,
        ..Query::default()
    };
    let got = |t: &str, scope: TextScope| ids(&s.query(&q(t, scope)).unwrap()).join(" ");
    // "hotel" is in the attack's evidence only; its article holds both events.
    assert_eq!(got("hotel", TextScope::Events), "kabul-1#e0");
    assert_eq!(got("hotel", TextScope::Documents), "kabul-1#e0 kabul-1#e1");
    assert_eq!(got("hotel", TextScope::Either), "kabul-1#e0 kabul-1#e1");
    // Case, diacritics, hyphens, phrases, prefixes, operators.
    assert_eq!(got("SOCIETE generale", TextScope::Events), "threat-1#e0");
    assert_eq!(got("al-qaeda", TextScope::Events), "threat-1#e0");
    assert_eq!(got("\"concert hall\"", TextScope::Events), "paris-1#e1");
    assert_eq!(got("\"hall concert\"", TextScope::Either), "");
    assert_eq!(got("bomb", TextScope::Either), "");
    assert_eq!(got("bomb*", TextScope::Events), "paris-1#e0");
    assert_eq!(
        got("kabul OR lagos", TextScope::Events),
        "lagos-1#e0 kabul-1#e0 kabul-1#e1"
    );
    assert_eq!(got("kabul NOT taliban", TextScope::Events), "kabul-1#e0");
    assert_eq!(
        got("(paris AND amaq) OR arrested", TextScope::Events),
        "lagos-1#e0 paris-1#e0"
    );
    // Role values are event text too ("Gunmen" is also in the evidence; "12 people" spans).
    assert_eq!(got("\"least 12\"", TextScope::Events), "kabul-1#e0");
    // The duplicate is left out unless asked for; "Updated" is only in its text.
    assert_eq!(got("updated", TextScope::Documents), "");
    let dup = s
        .query(&Query {
            include_duplicates: true,
            ..q("updated", TextScope::Either)
        })
        .unwrap();
    assert_eq!(ids(&dup), ["paris-2#e0"]);
    // User text is never FTS5 syntax: these are plain words.
    assert_eq!(got("kabul:", TextScope::Events), "kabul-1#e0 kabul-1#e1");
    assert_eq!(got("NEAR(kabul)", TextScope::Events), "");
    // Malformed queries are errors that name the store.
    for bad in ["(kabul", "OR kabul", "\"kabul", "", "--"] {
        match s.query(&q(bad, TextScope::Either)) {
            Err(StoreError::InvalidQuery { path, .. }) => assert_eq!(path, s.location()),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

fn event_ids_follow_the_query(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    for q in [
        Query::default(),
        Query {
            include_duplicates: true,
            ..Query::default()
        },
        Query {
            text: Some("kabul OR paris".into()),
            limit: Some(2),
            offset: Some(1),
            ..Query::default()
        },
        Query {
            country: Some("AF".into()),
            ..Query::default()
        },
    ] {
        assert_eq!(
            s.event_ids(&q).unwrap(),
            ids(&s.query(&q).unwrap()),
            "{q:?}"
        );
    }
}

fn query_limit_and_combined(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let got = s
        .query(&Query {
            limit: Some(2),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(ids(&got), ["lagos-1#e0", "kabul-1#e0"]);
    assert!(s
        .query(&Query {
            limit: Some(0),
            ..Query::default()
        })
        .unwrap()
        .is_empty());
    let got = s
        .query(&Query {
            kinds: vec![EventKind::Attack, EventKind::ClaimOfResponsibility],
            actor: Some("grp:islamic-state".into()),
            actor_ids: vec!["grp:islamic-state".into(), "grp:taliban".into()],
            country: Some("fr".into()),
            place: Some("paris".into()),
            from: Some(date("2024-03-01")),
            to: Some(date("2024-03-31")),
            modality: Some(Modality::Reported),
            text: Some("concert".into()),
            text_scope: TextScope::Either,
            include_duplicates: true,
            limit: Some(10),
            offset: None,
        })
        .unwrap();
    assert_eq!(ids(&got), ["paris-1#e1", "paris-2#e0"]);
}

fn near_duplicate_banding(s: &mut dyn Store) {
    let a = 0x0123_4567_89AB_CDEF_u64;
    let top = 0xFFFF_FFFF_FFFF_FFFF_u64; // -1 as a signed SQLite integer
    s.put_batch(&[
        item(doc("a", "A.", a, None), vec![]),
        item(doc("top", "Top.", top, None), vec![]),
    ])
    .unwrap();
    let near = |h: u64, d: u32| s.near_duplicate(h, d).unwrap();
    assert_eq!(near(a, 0).as_deref(), Some("a"));
    assert_eq!(near(!a, 0), None);
    // Three bits in one band: found within 3, not within 2.
    assert_eq!(near(a ^ 0b111, 3).as_deref(), Some("a"));
    assert_eq!(near(a ^ 0b111, 2), None);
    // Three bits in three bands: one band still matches exactly.
    let spread3 = a ^ (1 | 1 << 16 | 1 << 32);
    assert_eq!(near(spread3, 3).as_deref(), Some("a"));
    // Four bits, one in every band: no band matches exactly, so distance 4 must probe
    // radius 1 in the bands.
    let spread4 = a ^ (1 | 1 << 17 | 1 << 34 | 1 << 51);
    assert_eq!(hamming(spread4, a), 4);
    assert_eq!(near(spread4, 4).as_deref(), Some("a"));
    assert_eq!(near(spread4, 3), None);
    // Eight bits, two per band, at distance 8 (radius 2); eleven bits at 11.
    let spread8 = a ^ (0b11 | 0b11 << 20 | 0b11 << 40 | 0b11 << 60);
    assert_eq!(near(spread8, 8).as_deref(), Some("a"));
    assert_eq!(near(spread8, 7), None);
    let spread12 = spread8 ^ (1 << 5 | 1 << 25 | 1 << 45 | 1 << 55);
    assert_eq!(hamming(spread12, a), 12);
    assert_eq!(near(spread12, 12).as_deref(), Some("a"));
    assert_eq!(near(spread12, 11), None);
    // The top band and the sign bit.
    assert_eq!(near(top ^ 1 << 63, 1).as_deref(), Some("top"));
    assert_eq!(
        near(top ^ (1 << 63 | 1 << 48 | 1 << 62), 3).as_deref(),
        Some("top")
    );
    assert_eq!(near(0, 0), None);
}

fn near_duplicate_ties_and_originals_only(s: &mut dyn Store) {
    let x = 0xDEAD_BEEF_0000_FFFF_u64;
    let mut copy = doc("copy", "Copy.", x ^ 1 << 40, None);
    copy.duplicate_of = Some("first".into());
    s.put_batch(&[
        item(doc("first", "First.", x, None), vec![]),
        item(doc("second", "Second.", x ^ 0b11, None), vec![]),
        item(copy, vec![]),
    ])
    .unwrap();
    let near = |h: u64, d: u32| s.near_duplicate(h, d).unwrap();
    // Equidistant (1 bit from both): the one stored first.
    assert_eq!(near(x ^ 0b01, 3).as_deref(), Some("first"));
    // Nearer wins over earlier.
    assert_eq!(near(x ^ 0b11 ^ 1 << 8, 3).as_deref(), Some("second"));
    // Duplicates are never returned as originals.
    assert_eq!(near(x ^ 1 << 40, 0), None);
    assert_eq!(near(x ^ 1 << 40, 1).as_deref(), Some("first"));
}

fn near_duplicate_large_distance_scans(s: &mut dyn Store) {
    let docs: Vec<u64> = (0..40_u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(i as u32))
        .collect();
    let batch: Vec<_> = docs
        .iter()
        .enumerate()
        .map(|(i, &h)| {
            item(
                doc(&format!("d{i:02}"), &format!("Doc {i}."), h, None),
                vec![],
            )
        })
        .collect();
    s.put_batch(&batch).unwrap();
    for q in [0_u64, u64::MAX, 0x0F0F_0F0F_F0F0_F0F0, docs[7] ^ 0xFFFF] {
        for d in [15, 16, 24, 32, 64] {
            let expected = docs
                .iter()
                .enumerate()
                .map(|(i, &h)| (hamming(h, q), i))
                .filter(|(dist, _)| *dist <= d)
                .min()
                .map(|(_, i)| format!("d{i:02}"));
            assert_eq!(s.near_duplicate(q, d).unwrap(), expected, "{q:x} {d}");
        }
    }
}

fn stats_count(s: &mut dyn Store) {
    let empty = s.stats().unwrap();
    assert_eq!((empty.documents, empty.events), (0, 0));
    assert_eq!(empty.first_event_date, None);
    s.put_batch(&corpus()).unwrap();
    let st = s.stats().unwrap();
    assert_eq!(st.documents, 5);
    assert_eq!(st.duplicates, 1);
    assert_eq!(st.events, 6);
    assert_eq!(st.duplicate_events, 1);
    assert_eq!(st.undated_events, 1);
    assert_eq!(st.first_event_date, Some(date("2024-01-10")));
    assert_eq!(st.last_event_date, Some(date("2024-03-05")));
    let kinds: Vec<(EventKind, u64)> = st.events_by_kind.clone().into_iter().collect();
    assert_eq!(
        kinds,
        [
            (EventKind::Attack, 2),
            (EventKind::Threat, 1),
            (EventKind::ClaimOfResponsibility, 1),
            (EventKind::DenialOfResponsibility, 1),
            (EventKind::Arrest, 1),
        ]
    );
    assert_eq!(st.events_by_modality[&Modality::Asserted], 3);
    assert_eq!(st.events_by_modality[&Modality::Reported], 1);
    let countries: Vec<(&str, u64)> = st
        .events_by_country
        .iter()
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    assert_eq!(countries, [("AF", 2), ("FR", 2), ("NG", 1)]);
    assert_eq!(st.db_bytes.is_some(), s.location() != ":memory:");
    // Serialises with names, not numbers.
    let json = serde_json::to_string(&st).unwrap();
    assert!(json.contains("\"claim_of_responsibility\":1"), "{json}");
}

fn search_documents(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let ids = |v: Vec<vigil_model::DocumentMeta>| v.into_iter().map(|m| m.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.search_documents("amaq", false, None).unwrap()),
        ["paris-1"]
    );
    assert_eq!(
        ids(s.search_documents("amaq", true, None).unwrap()),
        ["paris-1", "paris-2"]
    );
    assert_eq!(
        ids(s
            .search_documents("kabul OR lagos OR paris", false, Some(2))
            .unwrap()),
        ["kabul-1", "lagos-1"]
    );
    assert!(s
        .search_documents("nothing-here", true, None)
        .unwrap()
        .is_empty());
    assert!(matches!(
        s.search_documents("(", true, None),
        Err(StoreError::InvalidQuery { .. })
    ));
}

/// The corpus read in one pass is the originals' metadata as `documents` lists them, each with
/// its output as `output` gives it, in the same order.
fn each_output_is_documents_then_output(s: &mut dyn Store) {
    s.put_batch(&corpus()).unwrap();
    let mut read = Vec::new();
    s.each_output(&mut |meta, out| read.push((meta, out)))
        .unwrap();
    let expected: Vec<_> = s
        .documents(false)
        .unwrap()
        .into_iter()
        .map(|meta| {
            let out = s.output(&meta.id).unwrap().unwrap();
            (meta, out)
        })
        .collect();
    assert_eq!(read, expected);
    let ids: Vec<&str> = read.iter().map(|(m, _)| m.id.as_str()).collect();
    assert_eq!(ids, ["kabul-1", "lagos-1", "paris-1", "threat-1"]);
    assert!(read.iter().all(|(_, o)| !o.events.is_empty()));
    assert!(read.iter().any(|(m, _)| m.site_name.is_some()));
    // A read handle keeps answering queries after the pass.
    assert!(!s.query(&Query::default()).unwrap().is_empty());
}

fn extracted_outputs_round_trip(s: &mut dyn Store) {
    use vigil_extract::{Extractor, Input};
    let x = Extractor::new().unwrap();
    let texts = [
        (
            "ex-1",
            "Gunmen killed 12 people in Kabul on Monday. The Taliban denied involvement.",
        ),
        (
            "ex-2",
            "The Islamic State group claimed responsibility for the bombing in Paris, \
             its Amaq news agency said.",
        ),
    ];
    let mut batch = Vec::new();
    for (i, (id, text)) in texts.iter().enumerate() {
        let mut input = Input::text(id, text);
        input.published = Some(date("2024-03-28"));
        let out = x.extract(&input);
        let mut d = StoredDoc::new(id, id, &hex(text), i as u64 * 0xFFFF_0000, text);
        d.published = input.published;
        assert!(!out.events.is_empty(), "{id}");
        batch.push((d, out));
    }
    s.put_batch(&batch).unwrap();
    for (d, out) in &batch {
        assert_eq!(s.output(&d.id).unwrap().as_ref(), Some(out));
    }
    let all = s.query(&Query::default()).unwrap();
    let n: usize = batch.iter().map(|(_, o)| o.events.len()).sum();
    assert_eq!(all.len(), n);
    let attacks = s
        .query(&Query {
            kinds: vec![EventKind::Attack],
            place: Some("kabul".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(attacks.len(), 1, "{:#?}", ids(&all));
    // Whatever actor ids the extractor found are queryable.
    for r in &all {
        for v in r.event.roles.values().flatten() {
            if let Some(id) = &v.id {
                let hits = s
                    .query(&Query {
                        actor: Some(id.clone()),
                        ..Query::default()
                    })
                    .unwrap();
                assert!(hits.iter().any(|h| h.event.id == r.event.id), "{id}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// SQLite only

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigil.db");
    (dir, path)
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn sqlite_reput_leaves_every_table_as_it_was() {
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&corpus()).unwrap();
    let counts = s.row_counts().unwrap();
    assert_eq!(counts["documents"], 5);
    assert_eq!(counts["events"], 7);
    assert_eq!(counts["document_fts"], 5);
    assert_eq!(counts["event_fts"], 7);
    assert_eq!(counts["event_places"], 7);
    // 13 role values and 1 in-article source.
    assert_eq!(counts["event_roles"], 14);
    s.put_batch(&corpus()).unwrap();
    assert_eq!(s.row_counts().unwrap(), counts);
    drop(s);
    // …and across processes: a new connection re-putting the same batch.
    let mut s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.put_batch(&corpus()).unwrap().unchanged, 5);
    assert_eq!(s.row_counts().unwrap(), counts);
    s.integrity_check().unwrap();
}

#[test]
fn sqlite_failure_injected_mid_write_rolls_back_everything() {
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&corpus()[..1]).unwrap();
    let before = s.row_counts().unwrap();
    // A trigger fails the insert of one place deep inside the batch: documents, events,
    // roles and FTS rows of earlier documents are already written in the transaction.
    raw(&path)
        .execute_batch(
            "CREATE TRIGGER fail_on_lagos BEFORE INSERT ON event_places
             WHEN new.name = 'Lagos' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let e = s.put_batch(&corpus()[1..]).unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with(&path.display().to_string()), "{msg}");
    assert!(msg.contains("injected failure"), "{msg}");
    assert_eq!(s.row_counts().unwrap(), before);
    assert_eq!(s.document("paris-1").unwrap(), None);
    s.integrity_check().unwrap();
    raw(&path)
        .execute_batch("DROP TRIGGER fail_on_lagos")
        .unwrap();
    assert_eq!(s.put_batch(&corpus()[1..]).unwrap().inserted, 4);
}

#[test]
fn sqlite_creates_migrates_and_reopens() {
    let (_dir, path) = temp_db();
    {
        let mut s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), vigil_store::SCHEMA_VERSION);
        assert_eq!(s.path(), Some(path.as_path()));
        s.put_batch(&corpus()).unwrap();
    }
    let c = raw(&path);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let versions: i64 = c
        .query_row("SELECT count(*) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, i64::from(vigil_store::SCHEMA_VERSION));
    drop(c);
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.stats().unwrap().documents, 5);
    assert_eq!(
        s.row_counts().unwrap()["schema_version"],
        u64::from(vigil_store::SCHEMA_VERSION),
        "not re-applied"
    );
    assert_eq!(s.query(&Query::default()).unwrap().len(), 6);
}

#[test]
fn sqlite_migrates_an_empty_file() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    let mut s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), vigil_store::SCHEMA_VERSION);
    s.put_batch(&corpus()).unwrap();
}

#[test]
fn sqlite_open_existing_requires_the_file() {
    let (_dir, path) = temp_db();
    let opts = OpenOptions {
        create: false,
        ..OpenOptions::default()
    };
    let e = SqliteStore::open_with(&path, &opts).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: no such database", path.display())
    );
    assert!(!path.exists(), "nothing created");
    SqliteStore::open(&path).unwrap();
    SqliteStore::open_with(&path, &opts).unwrap();
}

#[test]
fn sqlite_unopenable_paths_are_clear_errors() {
    let (dir, path) = temp_db();
    let e = SqliteStore::open(dir.path()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: cannot open: it is a directory", dir.path().display())
    );
    let nested = path.join("sub").join("vigil.db");
    let e = SqliteStore::open(&nested).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: cannot open: the directory {} does not exist",
            nested.display(),
            path.join("sub").display()
        )
    );
    // A bare file name opens in the working directory (no parent to check).
    assert!(SqliteStore::open_with(
        "vigil-store-test-never-created.db",
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        }
    )
    .is_err());
}

#[test]
fn sqlite_garbage_file_is_a_clear_error() {
    let (_dir, path) = temp_db();
    for garbage in [
        b"this is not a database\n".repeat(200),
        b"tiny".to_vec(),
        (0..=255u8).cycle().take(8192).collect(),
    ] {
        std::fs::write(&path, &garbage).unwrap();
        let e = SqliteStore::open(&path).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}: file is not a database", path.display()),
            "{garbage:?}"
        );
        assert!(matches!(e, StoreError::NotADatabase { .. }));
        assert_eq!(std::fs::read(&path).unwrap(), garbage, "left untouched");
    }
}

#[test]
fn sqlite_newer_schema_is_refused() {
    let (_dir, path) = temp_db();
    drop(SqliteStore::open(&path).unwrap());
    let future = vigil_store::SCHEMA_VERSION + 1;
    raw(&path)
        .execute(
            "INSERT INTO schema_version (version, name) VALUES (?1, 'future')",
            [future],
        )
        .unwrap();
    let e = SqliteStore::open(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: not a database this build can read (schema version {future} is newer than \
             this build's {}; use a newer vigil)",
            path.display(),
            vigil_store::SCHEMA_VERSION
        )
    );
    assert!(matches!(
        e,
        StoreError::NewerSchema { found, supported, .. }
            if found == future && supported == vigil_store::SCHEMA_VERSION
    ));
}

#[test]
fn sqlite_other_programs_databases_are_refused() {
    let (_dir, path) = temp_db();
    raw(&path)
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        .unwrap();
    let e = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(e, StoreError::NotVigil { .. }), "{e}");
    assert!(e.to_string().contains("not a Vigil database"), "{e}");
    // Not touched: no Vigil table was added.
    let n: i64 = raw(&path)
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);

    let (_dir2, path2) = temp_db();
    raw(&path2)
        .execute_batch("PRAGMA application_id = 1234")
        .unwrap();
    let e = SqliteStore::open(&path2).unwrap_err();
    assert!(e.to_string().contains("another program"), "{e}");
}

#[test]
fn sqlite_corrupt_file_is_a_clear_error() {
    let (_dir, path) = temp_db();
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put_batch(&corpus()).unwrap();
    }
    // Keep the 100-byte header, scramble the rest of page 1 (the schema's root page).
    let mut bytes = std::fs::read(&path).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().take(4096).skip(100) {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let e = SqliteStore::open(&path).unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with(&format!("{}: ", path.display())), "{msg}");
    assert!(
        matches!(
            e,
            StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
        ),
        "{msg}"
    );
}

#[test]
fn sqlite_busy_writer_waits_then_reports_and_readers_go_on() {
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open_with(
        &path,
        &OpenOptions {
            busy_timeout: Duration::from_millis(200),
            ..OpenOptions::default()
        },
    )
    .unwrap();
    s.put_batch(&corpus()[..1]).unwrap();
    // Another process holds the write lock.
    let other = raw(&path);
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Opening and reading go on (WAL; an up-to-date schema takes no write lock).
    let reader = SqliteStore::open(&path).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 1);
    assert_eq!(s.query(&Query::default()).unwrap().len(), 2);
    // A writer waits for the timeout, then says so.
    let started = std::time::Instant::now();
    let e = s.put_batch(&corpus()[1..]).unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert!(e.is_busy(), "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: database is locked by another process (gave up after 200 ms)",
            path.display()
        )
    );
    other.execute_batch("COMMIT").unwrap();
    assert_eq!(s.put_batch(&corpus()[1..]).unwrap().inserted, 4);
}

#[test]
fn sqlite_full_durability_and_in_memory() {
    let (_dir, path) = temp_db();
    let s = SqliteStore::open_with(
        &path,
        &OpenOptions {
            durability: Durability::Full,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    drop(s);
    let mut m = SqliteStore::in_memory().unwrap();
    assert_eq!(m.location(), ":memory:");
    assert_eq!(m.path(), None);
    m.put_batch(&corpus()).unwrap();
    assert_eq!(m.stats().unwrap().db_bytes, None);
    m.integrity_check().unwrap();
}

#[test]
fn stores_are_send_and_object_safe() {
    fn send<T: Send>(_: &T) {}
    let (_dir, path) = temp_db();
    let stores: Vec<Box<dyn Store>> = vec![
        Box::new(MemoryStore::new()),
        Box::new(SqliteStore::open(&path).unwrap()),
    ];
    send(&stores);
    // A store moves to a worker thread.
    let handle = std::thread::spawn(move || {
        let mut stores = stores;
        for s in &mut stores {
            s.put_batch(&corpus()).unwrap();
        }
        stores
            .iter()
            .map(|s| s.stats().unwrap().events)
            .collect::<Vec<_>>()
    });
    assert_eq!(handle.join().unwrap(), [6, 6]);
}

#[test]
fn both_stores_agree_on_a_shuffled_corpus() {
    // Insertion order does not change query order.
    let mut reversed = corpus();
    reversed.reverse();
    // (The duplicate now precedes its original: allowed within one batch.)
    let mut m = MemoryStore::new();
    m.put_batch(&reversed).unwrap();
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&corpus()).unwrap();
    let pg = pg_store().map(|mut pg| {
        pg.put_batch(&corpus()).unwrap();
        pg
    });
    for q in [
        Query::default(),
        Query {
            include_duplicates: true,
            ..Query::default()
        },
        Query {
            text: Some("kabul OR paris".into()),
            ..Query::default()
        },
    ] {
        assert_eq!(m.query(&q).unwrap(), s.query(&q).unwrap());
        if let Some(pg) = &pg {
            assert_eq!(m.query(&q).unwrap(), pg.query(&q).unwrap());
        }
    }
    let mut ms = m.stats().unwrap();
    ms.db_bytes = None;
    let mut ss = s.stats().unwrap();
    ss.db_bytes = None;
    assert_eq!(ms, ss);
}

#[test]
fn sqlite_pages_are_read_in_index_order_never_sorted_whole() {
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&corpus()).unwrap();
    let day = |d: &str| Some(d.parse().unwrap());
    // The API's event-query mix (without full text). A page that sorts every matching event
    // first costs a read of the whole table whatever its size.
    for q in [
        Query::default(),
        Query {
            from: day("2024-03-01"),
            to: day("2024-03-07"),
            ..Query::default()
        },
        Query {
            kinds: vec![EventKind::Attack],
            ..Query::default()
        },
        Query {
            country: Some("SO".into()),
            ..Query::default()
        },
        Query {
            actor: Some("grp:al-shabaab".into()),
            ..Query::default()
        },
        Query {
            actor: Some("Al-Shabaab".into()),
            ..Query::default()
        },
    ] {
        for q in [
            q.clone(),
            Query {
                limit: Some(20),
                offset: Some(200),
                ..q
            },
        ] {
            let plan = s.page_plan(&q).unwrap();
            assert!(
                !plan.iter().any(|l| l.contains("TEMP B-TREE FOR ORDER BY")),
                "{q:?}: {plan:?}"
            );
        }
    }
}

#[test]
fn sqlite_band_lookups_read_the_fingerprints_key_only() {
    let (_dir, path) = temp_db();
    drop(SqliteStore::open(&path).unwrap());
    let c = raw(&path);
    let plan = |sql: &str| -> Vec<String> {
        c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([1], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // A probe and the scan past the banded distances: one range of the narrow table's key,
    // never a document row.
    for sql in [
        "SELECT doc_seq, simhash FROM fingerprints WHERE band_key = ?1",
        "SELECT doc_seq, simhash FROM fingerprints WHERE band_key < ?1",
    ] {
        let p = plan(sql);
        assert!(
            p.iter().any(|l| l.contains("USING PRIMARY KEY (band_key")),
            "{sql}: {p:?}"
        );
        assert!(!p.iter().any(|l| l.contains("documents")), "{sql}: {p:?}");
    }
}

/// The count by language as schema 8 made it, from every document row.
const LANGUAGES_FROM_ROWS: &str = "SELECT coalesce(language, 'unknown'), count(*) FROM documents
     GROUP BY coalesce(language, 'unknown')";

/// The corpus with documents in French, English, of no detected language, and one whose
/// detector said `unknown` (counted with the undetected ones, as the grouping by
/// `coalesce(language, 'unknown')` did).
fn corpus_in_languages() -> Vec<(StoredDoc, DocumentOutput)> {
    let mut batch = corpus();
    for (i, language) in [Some("fr"), None, Some("unknown"), Some("en"), None]
        .into_iter()
        .enumerate()
    {
        batch[i].0.language = language.map(String::from);
        batch[i].1.document.language = language.map(String::from);
    }
    batch
}

#[test]
fn sqlite_stats_read_indexes_never_a_row_with_text() {
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&corpus_in_languages()).unwrap();
    let plans = s.stats_plans().unwrap();
    assert_eq!(plans.len(), 8);
    for (sql, plan) in &plans {
        assert!(!plan.is_empty(), "{sql}");
        for step in plan {
            // A table is read through an index that holds every column the count needs
            // (`event_keys` is its own key: a table without row ids).
            let reads = step.starts_with("SCAN") || step.starts_with("SEARCH");
            assert!(
                !reads
                    || step.contains("COVERING INDEX")
                    || step.starts_with("SEARCH event_keys USING PRIMARY KEY"),
                "{sql}: {plan:?}"
            );
        }
    }
    let (_, by_language) = plans
        .iter()
        .find(|(sql, _)| sql.contains("language"))
        .unwrap();
    assert!(
        by_language
            .iter()
            .any(|l| l.contains("USING COVERING INDEX documents_language")),
        "{by_language:?}"
    );
}

#[test]
fn the_count_by_language_from_its_index_is_the_count_from_the_rows() {
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&corpus_in_languages()).unwrap();
    let from_rows = |c: &rusqlite::Connection| -> BTreeMap<String, u64> {
        c.prepare(LANGUAGES_FROM_ROWS)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.unsigned_abs())))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let expected: BTreeMap<String, u64> = [("en", 1), ("fr", 1), ("unknown", 3)]
        .into_iter()
        .map(|(l, n)| (l.to_string(), n))
        .collect();
    assert_eq!(from_rows(&raw(&path)), expected);
    assert_eq!(s.stats().unwrap().documents_by_language, expected);
    let mut mem = MemoryStore::new();
    mem.put_batch(&corpus_in_languages()).unwrap();
    assert_eq!(mem.stats().unwrap().documents_by_language, expected);
    // Detected later: the index follows the rows.
    s.set_languages(&[("kabul-1".into(), "ps".into())]).unwrap();
    let after = s.stats().unwrap().documents_by_language;
    assert_eq!(after, from_rows(&raw(&path)));
    assert_eq!((after["ps"], after["unknown"]), (1, 3), "{after:?}");
    drop(s);
    // A store of schema 8 gets the index, and the same counts.
    raw(&path)
        .execute_batch(
            "DROP INDEX IF EXISTS documents_language;
             DELETE FROM schema_version WHERE version > 8;",
        )
        .unwrap();
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), vigil_store::SCHEMA_VERSION);
    assert_eq!(s.stats().unwrap().documents_by_language, after);
    assert!(s.stats_plans().unwrap().iter().any(|(_, plan)| plan
        .iter()
        .any(|l| l.contains("COVERING INDEX documents_language"))));
    // On PostgreSQL: the same counts, and the index answers them alone.
    let Some(url) = TestCluster::database_or_skip() else {
        return;
    };
    let mut pg = PgStore::connect(&url).unwrap();
    pg.put_batch(&corpus_in_languages()).unwrap();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let pg_rows = |admin: &mut postgres::Client| -> BTreeMap<String, u64> {
        admin
            .query(LANGUAGES_FROM_ROWS, &[])
            .unwrap()
            .iter()
            .map(|r| (r.get(0), u64::try_from(r.get::<_, i64>(1)).unwrap()))
            .collect()
    };
    assert_eq!(pg_rows(&mut admin), expected);
    assert_eq!(pg.stats().unwrap().documents_by_language, expected);
    admin
        .batch_execute(
            "DROP INDEX IF EXISTS documents_language;
             DELETE FROM vigil_schema_version WHERE version > 5;",
        )
        .unwrap();
    let pg = PgStore::connect(&url).unwrap();
    assert_eq!(pg.schema_version().unwrap(), vigil_store::PG_SCHEMA_VERSION);
    assert_eq!(pg.stats().unwrap().documents_by_language, expected);
    // Once its pages are all visible (autovacuum marks them), the count can be an
    // index-only scan; the planner prefers one over the table wherever the table is larger
    // than these few rows, which is shown here by forbidding the sequential scan.
    admin.batch_execute("VACUUM ANALYZE documents").unwrap();
    let plan: Vec<String> = admin
        .simple_query(
            "SET enable_seqscan = off;
             EXPLAIN SELECT language, count(*) FROM documents GROUP BY language",
        )
        .unwrap()
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).map(String::from),
            _ => None,
        })
        .collect();
    assert!(
        plan.iter()
            .any(|l| l.contains("Index Only Scan using documents_language")),
        "{plan:?}"
    );
}

#[test]
fn sqlite_upgrades_a_version_1_database_and_keeps_its_documents() {
    let (_dir, path) = temp_db();
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put_batch(&corpus()).unwrap();
    }
    // Make it what version 1 wrote: no `retrieved` column, no incident decisions, one migration
    // recorded.
    raw(&path)
        .execute_batch(
            "ALTER TABLE documents DROP COLUMN retrieved;
             DROP TABLE incident_splits;
             DROP TABLE watch_rules;
             DROP TABLE watch_deliveries;
             DROP INDEX events_sort;
             DROP INDEX events_kind_sort;
             DROP INDEX events_counts;
             ALTER TABLE events DROP COLUMN sort_key;
             ALTER TABLE events DROP COLUMN original;
             DROP TABLE event_keys;
             DROP TABLE feeds;
             DROP TABLE fingerprints;
             CREATE INDEX documents_band0 ON documents(band0) WHERE duplicate_of IS NULL;
             CREATE INDEX documents_band1 ON documents(band1) WHERE duplicate_of IS NULL;
             CREATE INDEX documents_band2 ON documents(band2) WHERE duplicate_of IS NULL;
             CREATE INDEX documents_band3 ON documents(band3) WHERE duplicate_of IS NULL;
             DROP INDEX documents_language_undetected;
             DROP INDEX documents_language;
             ALTER TABLE documents DROP COLUMN declared_language;
             DELETE FROM schema_version WHERE version > 1;",
        )
        .unwrap();
    let mut s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), vigil_store::SCHEMA_VERSION);
    assert_eq!(s.stats().unwrap().documents, 5);
    // The originals' fingerprints moved to their own table: found again, the near-duplicate's
    // not (it points at its original), and near the near-duplicate is its original.
    assert_eq!(
        s.near_duplicate(0x1111_2222_3333_4445, 7)
            .unwrap()
            .as_deref(),
        Some("kabul-1")
    );
    assert_eq!(
        s.near_duplicate(0xAAAA_BBBB_CCCC_DDDC, 0)
            .unwrap()
            .as_deref(),
        None
    );
    assert_eq!(
        s.near_duplicate(0xAAAA_BBBB_CCCC_DDDC, 1)
            .unwrap()
            .as_deref(),
        Some("paris-1")
    );
    assert_eq!(
        s.near_duplicate(0x9999_0000_9999_0000 ^ 0xFF, 40)
            .unwrap()
            .as_deref(),
        Some("lagos-1")
    );
    // The sort keys of the events stored before are filled in: same order as a new store.
    let mut fresh = MemoryStore::new();
    fresh.put_batch(&corpus()).unwrap();
    for q in [
        Query::default(),
        Query {
            include_duplicates: true,
            ..Query::default()
        },
        Query {
            country: Some("FR".into()),
            include_duplicates: true,
            ..Query::default()
        },
        Query {
            actor: Some("grp:islamic-state".into()),
            ..Query::default()
        },
    ] {
        assert!(!fresh.query(&q).unwrap().is_empty(), "{q:?}");
        assert_eq!(ids(&s.query(&q).unwrap()), ids(&fresh.query(&q).unwrap()));
    }
    let first = s.documents(true).unwrap()[0].id.clone();
    assert_eq!(s.document(&first).unwrap().unwrap().retrieved, None);
    // New documents keep their capture date.
    let mut batch = corpus();
    batch.truncate(1);
    let (d, o) = &mut batch[0];
    d.id.push_str("-new");
    o.document.id.clone_from(&d.id);
    for e in &mut o.events {
        e.id = e.id.replacen('#', "-new#", 1);
    }
    d.content_hash = format!("{:0>64}", d.content_hash.len() + d.id.len());
    d.retrieved = vigil_model::Date::new(2024, 5, 7);
    let id = d.id.clone();
    s.put_batch(&batch).unwrap();
    assert_eq!(
        s.document(&id).unwrap().unwrap().retrieved,
        vigil_model::Date::new(2024, 5, 7)
    );
}

/// Schema 7 (SQLite) and 4 (PostgreSQL): `language` held what a page declared; it moves to
/// `declared_language`, and `language` waits for the detected one.
fn languages_after_the_upgrade(s: &mut dyn Store) {
    let before: Vec<String> = s
        .documents(true)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    for id in &before {
        let d = s.document(id).unwrap().unwrap();
        assert_eq!(d.declared_language.as_deref(), Some("en-GB"), "{id}");
        assert_eq!(d.language, None, "{id}: not detected yet");
    }
    assert_eq!(s.stats().unwrap().documents_by_language["unknown"], 5);
    let undetected = s.undetected_languages(3).unwrap();
    assert_eq!(undetected.len(), 3, "at most the limit");
    assert!(undetected
        .iter()
        .all(|(id, text)| before.contains(id) && !text.is_empty()));
    let all = s.undetected_languages(100).unwrap();
    let found: Vec<(String, String)> = all
        .iter()
        .map(|(id, _)| (id.clone(), "en".into()))
        .collect();
    s.set_languages(&found).unwrap();
    assert!(s.undetected_languages(100).unwrap().is_empty());
    assert_eq!(
        s.document(&before[0]).unwrap().unwrap().language.as_deref(),
        Some("en")
    );
    let stats = s.stats().unwrap();
    assert_eq!(stats.documents_by_language.get("en"), Some(&5));
    assert_eq!(stats.documents_by_language.get("unknown"), None);
    // Query results carry it.
    let r = s.query(&Query::default()).unwrap();
    assert!(r
        .iter()
        .all(|r| r.document.language.as_deref() == Some("en")));
}

#[test]
fn sqlite_upgrade_to_7_keeps_the_declared_language_apart_from_the_detected_one() {
    let (_dir, path) = temp_db();
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put_batch(&corpus()).unwrap();
    }
    raw(&path)
        .execute_batch(
            "DROP INDEX documents_language_undetected;
             ALTER TABLE documents DROP COLUMN declared_language;
             UPDATE documents SET language = 'en-GB';
             DELETE FROM schema_version WHERE version > 6;",
        )
        .unwrap();
    let mut s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), vigil_store::SCHEMA_VERSION);
    languages_after_the_upgrade(&mut s);
}

#[test]
fn postgres_upgrade_to_4_keeps_the_declared_language_apart_from_the_detected_one() {
    let Some(url) = TestCluster::database_or_skip() else {
        return;
    };
    {
        let mut pg = PgStore::connect(&url).unwrap();
        pg.put_batch(&corpus()).unwrap();
    }
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "DROP INDEX documents_language_undetected;
             ALTER TABLE documents DROP COLUMN declared_language;
             UPDATE documents SET language = 'en-GB';
             DELETE FROM vigil_schema_version WHERE version > 3;",
        )
        .unwrap();
    let mut pg = PgStore::connect(&url).unwrap();
    assert_eq!(pg.schema_version().unwrap(), vigil_store::PG_SCHEMA_VERSION);
    languages_after_the_upgrade(&mut pg);
}

#[test]
fn a_new_document_keeps_its_detected_and_declared_languages() {
    let (_dir, path) = temp_db();
    let mut sqlite = SqliteStore::open(&path).unwrap();
    let mut mem = MemoryStore::new();
    let mut batch = corpus();
    batch[0].0.language = Some("fr".into());
    batch[0].0.declared_language = Some("en".into());
    batch[0].1.document.language = Some("fr".into());
    // A document whose language was never detected (as an older Vigil stored them).
    batch[1].0.language = None;
    batch[1].1.document.language = None;
    let id = batch[0].0.id.clone();
    let undetected_id = batch[1].0.id.clone();
    for s in [&mut sqlite as &mut dyn Store, &mut mem as &mut dyn Store] {
        s.put_batch(&batch).unwrap();
        let d = s.document(&id).unwrap().unwrap();
        assert_eq!(
            (d.language.as_deref(), d.declared_language.as_deref()),
            (Some("fr"), Some("en"))
        );
        assert_eq!(s.output(&id).unwrap().unwrap(), batch[0].1);
        let by = s.stats().unwrap().documents_by_language;
        assert_eq!((by["fr"], by["en"], by["unknown"]), (1, 3, 1), "{by:?}");
        let undetected: Vec<String> = s
            .undetected_languages(10)
            .unwrap()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(undetected, vec![undetected_id.clone()]);
    }
}

#[test]
fn incident_splits_are_kept_in_order_and_checked() {
    let groups = |a: &[&str], b: &[&str]| -> Vec<Vec<String>> {
        vec![
            a.iter().map(|s| s.to_string()).collect(),
            b.iter().map(|s| s.to_string()).collect(),
        ]
    };
    let (_dir, path) = temp_db();
    let mut mem = vigil_store::MemoryStore::new();
    {
        let mut s = SqliteStore::open(&path).unwrap();
        for st in [&mut s as &mut dyn Store, &mut mem as &mut dyn Store] {
            assert!(st.incident_splits().unwrap().is_empty());
            st.add_incident_split(&groups(&["a#e1"], &["b#e1", "c#e2"]))
                .unwrap();
            st.add_incident_split(&groups(&["d#e1"], &["e#e1"]))
                .unwrap();
            let e = st.add_incident_split(&groups(&["x#e1"], &[])).unwrap_err();
            assert!(
                e.to_string().contains("two or more non-empty groups"),
                "{e}"
            );
        }
    }
    // Survives reopening, in the order made.
    let s = SqliteStore::open(&path).unwrap();
    let want = vec![
        groups(&["a#e1"], &["b#e1", "c#e2"]),
        groups(&["d#e1"], &["e#e1"]),
    ];
    assert_eq!(s.incident_splits().unwrap(), want);
    assert_eq!(mem.incident_splits().unwrap(), want);
}

/// `n` generated documents from `from`: every one says "patrol"; one in 25 says "ambush";
/// each has two events, the first naming its city.
fn patrols(from: usize, n: usize) -> Vec<(StoredDoc, DocumentOutput)> {
    (from..from + n)
        .map(|i| {
            let city = ["Kabul", "Gao", "Mosul"][i % 3];
            let word = if i % 25 == 0 { "ambush" } else { "raid" };
            let text = format!("A patrol {word} near {city} number {i}. Officials spoke.");
            let id = format!("gen-{i}");
            let day = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            let d = doc(&id, &text, i as u64 * 0x9e37_79b9, Some(&day));
            let first = Ev::new(&id, 0, EventKind::Attack, Modality::Asserted, &text[..20])
                .place(city, city, Some(["AF", "ML", "IQ"][i % 3]))
                .time(&day)
                .done();
            let second = Ev::new(
                &id,
                1,
                EventKind::Assessment,
                Modality::Asserted,
                "Officials spoke.",
            )
            .done();
            item(d, vec![first, second])
        })
        .collect()
}

#[test]
fn sqlite_large_full_text_matches_agree_with_memory_and_follow_new_documents() {
    // "patrol" matches thousands of events (tested in page order against a set of bits);
    // "ambush" matches fewer than a thousand (a list that drives the query). Two handles
    // share one cache of match sets, as a server's pool does.
    let (_dir, path) = temp_db();
    let opts = OpenOptions {
        match_cache: Some(vigil_store::MatchCache::default()),
        ..OpenOptions::default()
    };
    let mut writer = SqliteStore::open_with(&path, &opts).unwrap();
    let reader = SqliteStore::open_with(&path, &opts).unwrap();
    let mut memory = MemoryStore::new();
    let first = patrols(0, 1_200);
    writer.put_batch(&first).unwrap();
    memory.put_batch(&first).unwrap();
    let queries = |text: &str| {
        let base = Query {
            text: Some(text.into()),
            ..Query::default()
        };
        vec![
            base.clone(),
            Query {
                limit: Some(20),
                offset: Some(40),
                ..base.clone()
            },
            Query {
                country: Some("ML".into()),
                limit: Some(15),
                ..base.clone()
            },
            Query {
                kinds: vec![EventKind::Attack],
                from: Some(date("2024-03-01")),
                to: Some(date("2024-05-31")),
                ..base.clone()
            },
            Query {
                text_scope: TextScope::Events,
                ..base.clone()
            },
            Query {
                text_scope: TextScope::Documents,
                limit: Some(7),
                ..base
            },
        ]
    };
    let check = |memory: &MemoryStore, expect_all: usize| {
        for text in ["patrol", "ambush", "patrol AND kabul", "ambush OR mosul"] {
            for q in queries(text) {
                // Twice: computed, then from the cache.
                for _ in 0..2 {
                    assert_eq!(
                        ids(&reader.query(&q).unwrap()),
                        ids(&memory.query(&q).unwrap()),
                        "{q:?}"
                    );
                }
            }
            assert_eq!(
                reader.timeline(&queries(text)[0]).unwrap(),
                memory.timeline(&queries(text)[0]).unwrap()
            );
        }
        assert_eq!(
            reader.query(&queries("patrol")[0]).unwrap().len(),
            expect_all
        );
    };
    check(&memory, 2_400);
    // New documents through the other handle: the cached sets are of an older revision.
    let more = patrols(1_200, 300);
    writer.put_batch(&more).unwrap();
    memory.put_batch(&more).unwrap();
    check(&memory, 3_000);
}

#[test]
fn sqlite_queries_can_be_interrupted_from_another_thread() {
    let (_dir, path) = temp_db();
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&patrols(0, 3_000)).unwrap();
    let stop = s.interrupter().expect("SQLite queries can be interrupted");
    // Nothing runs: nothing happens.
    stop();
    assert_eq!(s.query(&Query::default()).unwrap().len(), 6_000);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&done);
    let interrupting = std::thread::spawn(move || {
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            stop();
            std::thread::sleep(Duration::from_micros(200));
        }
    });
    let t = std::time::Instant::now();
    let mut seen = None;
    while seen.is_none() && t.elapsed() < Duration::from_secs(60) {
        match s.query(&Query {
            text: Some("officials OR patrol".into()),
            ..Query::default()
        }) {
            Ok(_) => {}
            Err(e) => seen = Some(e),
        }
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    interrupting.join().unwrap();
    match seen {
        Some(StoreError::Interrupted { path: p, .. }) => assert_eq!(p, path.display().to_string()),
        other => panic!("expected an interrupted query, got {other:?}"),
    }
    // The handle works on.
    assert_eq!(s.query(&Query::default()).unwrap().len(), 6_000);
}

#[test]
fn postgres_agrees_with_memory_on_a_generated_corpus() {
    let Some(mut pg) = pg_store() else {
        return;
    };
    let mut memory = MemoryStore::new();
    for from in [0, 400] {
        let batch = patrols(from, 400);
        pg.put_batch(&batch).unwrap();
        memory.put_batch(&batch).unwrap();
    }
    for text in [
        None,
        Some("patrol"),
        Some("ambush OR mosul"),
        Some("\"patrol ambush\""),
    ] {
        for q in [
            Query {
                text: text.map(Into::into),
                ..Query::default()
            },
            Query {
                text: text.map(Into::into),
                country: Some("ML".into()),
                limit: Some(15),
                offset: Some(30),
                ..Query::default()
            },
            Query {
                text: text.map(Into::into),
                kinds: vec![EventKind::Attack],
                from: Some(date("2024-03-01")),
                to: Some(date("2024-05-31")),
                ..Query::default()
            },
        ] {
            assert_eq!(
                ids(&pg.query(&q).unwrap()),
                ids(&memory.query(&q).unwrap()),
                "{q:?}"
            );
            assert_eq!(
                pg.timeline(&q).unwrap(),
                memory.timeline(&q).unwrap(),
                "{q:?}"
            );
        }
    }
    let mut ps = pg.stats().unwrap();
    let mut ms = memory.stats().unwrap();
    (ps.db_bytes, ms.db_bytes) = (None, None);
    assert_eq!(ps, ms);
    assert_eq!(pg.revision().unwrap() >> 20, 800);
}

#[test]
fn postgres_upgrades_a_version_4_database_and_finds_its_near_duplicates() {
    let Some(url) = TestCluster::database_or_skip() else {
        return;
    };
    PgStore::connect(&url)
        .unwrap()
        .put_batch(&corpus())
        .unwrap();
    // Make it what version 4 wrote: fingerprints only in the documents' band columns.
    postgres::Client::connect(&url, postgres::NoTls)
        .unwrap()
        .batch_execute(
            "DROP TABLE fingerprints;
             CREATE INDEX documents_band0 ON documents(band0) WHERE duplicate_of IS NULL;
             CREATE INDEX documents_band1 ON documents(band1) WHERE duplicate_of IS NULL;
             CREATE INDEX documents_band2 ON documents(band2) WHERE duplicate_of IS NULL;
             CREATE INDEX documents_band3 ON documents(band3) WHERE duplicate_of IS NULL;
             DELETE FROM vigil_schema_version WHERE version > 4;",
        )
        .unwrap();
    let pg = PgStore::connect(&url).unwrap();
    assert_eq!(pg.schema_version().unwrap(), vigil_store::PG_SCHEMA_VERSION);
    let near = |h: u64, d: u32| pg.near_duplicate(h, d).unwrap();
    assert_eq!(near(0x1111_2222_3333_4445, 7).as_deref(), Some("kabul-1"));
    assert_eq!(near(0xAAAA_BBBB_CCCC_DDDC, 0), None);
    assert_eq!(near(0xAAAA_BBBB_CCCC_DDDC, 1).as_deref(), Some("paris-1"));
    assert_eq!(
        near(0x9999_0000_9999_0000 ^ 0xFF, 40).as_deref(),
        Some("lagos-1")
    );
}

#[test]
fn postgres_refuses_a_newer_schema_and_names_the_server_without_its_password() {
    let Some(pg) = pg_store() else {
        return;
    };
    assert_eq!(pg.schema_version().unwrap(), vigil_store::PG_SCHEMA_VERSION);
    let e = PgStore::connect("postgres://vigil:s3cret@127.0.0.1:9/none")
        .err()
        .unwrap();
    let msg = e.to_string();
    assert!(
        msg.contains("postgres://vigil:***@127.0.0.1:9/none") && !msg.contains("s3cret"),
        "{msg}"
    );
}

#[test]
fn postgres_store_connects_again_after_its_connection_is_closed() {
    let Some(url) = TestCluster::database_or_skip() else {
        return;
    };
    let mut pg = PgStore::connect(&url).unwrap();
    pg.put_feed("https://a.example/rss", 60, 0).unwrap();
    // Another session ends every other connection to the database, as a restart would.
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap();
    // The statement that meets the closed connection fails; the next ones work.
    let t0 = std::time::Instant::now();
    let feeds = loop {
        match pg.feeds() {
            Ok(f) => break f,
            Err(e) => assert!(t0.elapsed() < Duration::from_secs(10), "{e}"),
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(feeds.len(), 1);
    assert!(pg.put_feed("https://b.example/rss", 60, 0).unwrap());
}
