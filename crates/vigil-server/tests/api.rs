//! The API against a store built from the fictional incident corpus
//! (`tests/fixtures/incidents/`, written for Vigil) and the demo articles.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, OnceLock};
use std::time::Duration;
use vigil_corpus::Uploads;
use vigil_extract::{Extractor, Input};
use vigil_ingest::dedup::{content_hash, simhash};
use vigil_model::Date;
use vigil_server::client::{request, Reply};
use vigil_server::{AppState, Config, Pool, ROUTES};
use vigil_store::{Query, SqliteStore, Store, StoredDoc};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::new().unwrap())
}

fn store_doc(
    id: &str,
    source: &str,
    title: Option<&str>,
    published: Option<Date>,
    text: &str,
) -> (StoredDoc, vigil_model::DocumentOutput) {
    let input = Input {
        id: id.into(),
        source: source.into(),
        title: title.map(String::from),
        published,
        text: text.into(),
        captions: Vec::new(),
    };
    let (doc, out) = extractor().extract_document(&input);
    let mut stored = StoredDoc::new(
        id,
        source,
        &content_hash(&format!("{id}\n{text}")),
        simhash(text),
        &doc.text,
    );
    stored.title = title.map(String::from);
    stored.published = published;
    stored.site_name = Some(source.into());
    stored.url = Some(format!("https://news.example/{id}"));
    (stored, out)
}

/// The incident corpus: `# outlet: X | published: D`, a headline, the text.
fn fixtures(store: &mut dyn Store) {
    let dir = root().join("tests/fixtures/incidents");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut batch = Vec::new();
    for n in &names {
        let raw = std::fs::read_to_string(dir.join(n)).unwrap();
        let (header, text) = raw.split_once('\n').unwrap();
        let (outlet, published) = header.trim_start_matches('#').split_once('|').unwrap();
        let outlet = outlet.trim().trim_start_matches("outlet:").trim();
        let published: Date = published
            .trim()
            .trim_start_matches("published:")
            .trim()
            .parse()
            .unwrap();
        let title = text.trim_start().lines().next().map(str::trim);
        batch.push(store_doc(
            n.trim_end_matches(".txt"),
            outlet,
            title,
            Some(published),
            text,
        ));
    }
    store.put_batch(&batch).unwrap();
}

/// The ingest pipeline of `vigil serve`.
fn uploads() -> Option<Arc<Uploads>> {
    Some(Arc::new(Uploads::new(
        extractor().clone(),
        vigil_ingest::source::Options::default(),
    )))
}

/// A page server that takes `delay` to answer: an upload of its URL is a slow ingest.
fn slow_page(delay: Duration) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                std::thread::sleep(delay);
                let body = "<html><body><p>Slow.</p></body></html>";
                let _ = write!(
                    conn,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}/slow.html")
}

fn start(path: &Path, config: Config) -> String {
    let stores: Vec<Box<dyn Store>> = (0..3)
        .map(|_| Box::new(SqliteStore::open(path).unwrap()) as Box<dyn Store>)
        .collect();
    let state = AppState::new(Pool::new(stores), config);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        vigil_server::run("127.0.0.1:0", state, 2, move |a| tx.send(a).unwrap()).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(30))
        .unwrap()
        .to_string()
}

/// `addr` once its views are computed: event records carry the incident links of the views as
/// last computed (none while the first computation runs), an incident route waits for them.
fn with_views(addr: String) -> String {
    let r = request(&addr, "GET", "/api/v1/incidents?limit=1", &[], b"").unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    addr
}

/// One read-only server over the fixture store, shared by the tests.
fn server() -> &'static (String, PathBuf) {
    static S: OnceLock<(String, PathBuf)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("api.db");
        let mut store = SqliteStore::open(&path).unwrap();
        fixtures(&mut store);
        drop(store);
        (with_views(start(&path, Config::default())), path)
    })
}

fn get(path: &str) -> Reply {
    request(&server().0, "GET", path, &[], b"").unwrap()
}

fn get_json(path: &str) -> Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json().unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["event"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn openapi_describes_exactly_the_routes_served() {
    let doc = get_json("/api/openapi.json");
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_ascii_uppercase(), path.clone()));
        }
    }
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, served);
    // Every documented route answers (with real ids in its path), none falls through to the
    // router's "no such route".
    let inc = get_json("/api/v1/incidents?limit=1")["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for r in ROUTES {
        let path = r
            .path
            .replace(
                "{id}",
                if r.path.contains("incidents") {
                    &inc
                } else {
                    "a01"
                },
            )
            .replace("{country}", "NG")
            .replace("{name}", "none");
        let reply = request(&server().0, r.method, &path, &[], b"").unwrap();
        if reply.status >= 400 {
            let e = reply.json().unwrap();
            assert_ne!(e["code"], "no_route", "{} {path}", r.method);
            assert_ne!(e["code"], "method_not_allowed", "{} {path}", r.method);
        }
        // Each documented query parameter is accepted by name.
        for p in r.params {
            let reply = request(&server().0, r.method, &format!("{path}?{p}="), &[], b"").unwrap();
            if reply.status == 400 {
                let msg = reply.json().unwrap()["message"].to_string();
                assert!(
                    !msg.contains("unknown parameter"),
                    "{} {path} {p}: {msg}",
                    r.method
                );
            }
        }
    }
    assert_eq!(get("/api/v1/nothing").json().unwrap()["code"], "no_route");
    let r = request(&server().0, "DELETE", "/api/v1/events", &[], b"").unwrap();
    assert_eq!(r.status, 405);
    assert_eq!(r.json().unwrap()["code"], "method_not_allowed");
}

#[test]
fn event_filters_match_the_store_query_and_pages_are_stable() {
    let store = SqliteStore::open(&server().1).unwrap();
    let cases: &[(&str, Query)] = &[
        ("", Query::default()),
        (
            "kind=attack",
            Query {
                kinds: vec![vigil_model::EventKind::Attack],
                ..Query::default()
            },
        ),
        (
            "country=SO",
            Query {
                country: Some("SO".into()),
                ..Query::default()
            },
        ),
        (
            "from=2026-03-04&to=2026-03-10",
            Query {
                from: "2026-03-04".parse().ok(),
                to: "2026-03-10".parse().ok(),
                ..Query::default()
            },
        ),
        (
            "text=market",
            Query {
                text: Some("market".into()),
                ..Query::default()
            },
        ),
        (
            "kind=claim_of_responsibility,denial_of_responsibility&modality=asserted",
            Query {
                kinds: vec![
                    vigil_model::EventKind::ClaimOfResponsibility,
                    vigil_model::EventKind::DenialOfResponsibility,
                ],
                modality: Some(vigil_model::Modality::Asserted),
                ..Query::default()
            },
        ),
    ];
    for (params, q) in cases {
        let want: Vec<String> = store
            .query(q)
            .unwrap()
            .into_iter()
            .map(|r| r.event.id)
            .collect();
        // Pages of 7 put together give the whole list, in order, once.
        let mut got = Vec::new();
        let mut offset = Some(0);
        while let Some(o) = offset {
            let v = get_json(&format!("/api/v1/events?{params}&limit=7&offset={o}"));
            got.extend(ids(&v));
            offset = v["next_offset"].as_u64();
        }
        assert_eq!(got, want, "{params}");
        // The timeline counts the same events.
        let t = get_json(&format!("/api/v1/timeline?{params}"));
        let total: u64 = t["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["counts"].as_object().unwrap().values())
            .map(|n| n.as_u64().unwrap())
            .sum::<u64>()
            + t["undated"].as_u64().unwrap();
        assert_eq!(total as usize, want.len(), "timeline {params}");
    }
    assert!(!ids(&get_json("/api/v1/events?kind=attack")).is_empty());
    // One event by id, with its incident.
    let attacks = get_json("/api/v1/events?kind=attack&limit=500");
    let first = attacks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["incident"].is_string())
        .unwrap();
    let id = first["event"]["id"].as_str().unwrap();
    let one = get_json(&format!("/api/v1/events/{}", id.replace('#', "%23")));
    assert_eq!(one["event"]["id"], id);
    assert!(one["incident"].as_str().unwrap().starts_with("inc-"));
}

#[test]
fn bad_parameters_get_json_errors() {
    for (path, status, code, says) in [
        (
            "/api/v1/events?from=2026-13-01",
            400,
            "bad_parameter",
            "from",
        ),
        ("/api/v1/events?kinds=attack", 400, "bad_parameter", "kinds"),
        ("/api/v1/events?kind=bombing", 400, "bad_parameter", "kind"),
        ("/api/v1/events?limit=501", 400, "bad_parameter", "limit"),
        ("/api/v1/events?limit=x", 400, "bad_parameter", "limit"),
        (
            "/api/v1/events?country=Somalai",
            400,
            "bad_parameter",
            "country",
        ),
        (
            "/api/v1/events?text=%22unclosed",
            400,
            "bad_parameter",
            "text",
        ),
        (
            "/api/v1/events?from=2026-03-05&to=2026-03-01",
            400,
            "bad_parameter",
            "after",
        ),
        ("/api/v1/search", 400, "bad_parameter", "q"),
        (
            "/api/v1/picture/Frnace",
            400,
            "bad_parameter",
            "France (FR)",
        ),
        (
            "/api/v1/events?actor=Islamc+State",
            400,
            "bad_parameter",
            "grp:islamic-state",
        ),
        (
            "/api/v1/claims?actor=Boko+Harum",
            400,
            "bad_parameter",
            "grp:boko-haram",
        ),
        (
            "/api/v1/export?format=xlsx",
            400,
            "bad_parameter",
            "parquet",
        ),
        ("/api/v1/nowhere", 404, "no_route", "/api/v1/nowhere"),
        (
            "/api/v1/incidents/inc-000000000000",
            404,
            "not_found",
            "inc-000000000000",
        ),
        ("/api/v1/documents/nope", 404, "not_found", "nope"),
        ("/api/v1/events/nope%23e1", 404, "not_found", "nope#e1"),
        ("/api/v1/watch/nope/matches", 404, "not_found", "nope"),
    ] {
        let r = get(path);
        assert_eq!(r.status, status, "{path}: {}", r.text());
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        let e = r.json().unwrap();
        assert_eq!(e["status"], status, "{path}");
        assert_eq!(e["code"], code, "{path}");
        assert!(e["message"].as_str().unwrap().contains(says), "{path}: {e}");
    }
}

#[test]
fn etags_answer_not_modified() {
    let r = get("/api/v1/events?kind=attack");
    let tag = r.header("etag").unwrap().to_string();
    let again = request(
        &server().0,
        "GET",
        "/api/v1/events?kind=attack",
        &[("If-None-Match", &tag)],
        b"",
    )
    .unwrap();
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(tag.as_str()));
    let other = get("/api/v1/events?kind=arrest");
    assert_ne!(other.header("etag").unwrap(), tag);
    let stale = request(
        &server().0,
        "GET",
        "/api/v1/events?kind=arrest",
        &[("If-None-Match", &tag)],
        b"",
    )
    .unwrap();
    assert_eq!(stale.status, 200);
}

#[test]
fn every_answer_carries_the_security_headers() {
    for path in [
        "/",
        "/api/v1/stats",
        "/api/v1/nothing",
        "/assets/countries.json",
    ] {
        let r = get(path);
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
            "{path}"
        );
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    let page = get("/");
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    assert!(
        !html.contains("<script>") && html.contains("/assets/"),
        "no inline script"
    );
    // The map: world-atlas countries with ISO codes.
    let atlas = get_json("/assets/countries.json");
    let geoms = atlas["objects"]["countries"]["geometries"]
        .as_array()
        .unwrap();
    assert!(geoms.iter().any(|g| g["properties"]["iso"] == "NG"));
    assert!(geoms.len() > 150);
}

#[test]
fn documents_mark_evidence_in_their_text() {
    let all = get_json("/api/v1/documents?limit=500");
    assert_eq!(all["items"].as_array().unwrap().len(), 23);
    let d = get_json("/api/v1/documents/a01");
    let text = d["text"].as_str().unwrap();
    let segs = d["segments"].as_array().unwrap();
    let joined: String = segs.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(joined, text);
    for e in d["events"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        let marked: String = segs
            .iter()
            .filter(|s| s["events"].as_array().unwrap().iter().any(|x| x == id))
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        for ev in e["evidence"].as_array().unwrap() {
            assert!(marked.contains(ev["text"].as_str().unwrap()), "{id}");
        }
    }
    assert!(d["incidents"]
        .as_object()
        .unwrap()
        .values()
        .all(|v| v.as_str().unwrap().starts_with("inc-")));
    let s = get_json("/api/v1/search?q=Maiduguri");
    assert!(s["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["document"]["id"] == "a01"));
}

#[test]
fn incidents_keep_every_reported_value_with_its_source() {
    let list = get_json("/api/v1/incidents?kind=attack&limit=500");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 5, "{list}");
    // The Maiduguri market bombing: reported by several outlets with rising tolls.
    let maid = items
        .iter()
        .find(|i| i["place"]["name"] == "Maiduguri")
        .unwrap_or_else(|| panic!("{list}"));
    assert!(maid["reports"].as_u64().unwrap() >= 3);
    let id = maid["id"].as_str().unwrap();
    let i = get_json(&format!("/api/v1/incidents/{id}"));
    let killed = &i["attributes"]["killed"];
    let values = killed["values"].as_array().unwrap();
    let sources: BTreeSet<&str> = values
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert!(sources.len() >= 2, "{killed}");
    assert!(killed["best"]["value"].as_u64().is_some() && killed["rule"].is_string());
    assert!(!i["joins"].as_array().unwrap().is_empty());
    let reports = i["reports"].as_array().unwrap();
    assert_eq!(reports.len() as u64, maid["reports"].as_u64().unwrap());
    assert!(reports.iter().all(|r| r["document"]["url"]
        .as_str()
        .unwrap()
        .starts_with("https://")));
    // Filters.
    let so = get_json("/api/v1/incidents?country=SO&kind=attack");
    assert_eq!(
        so["items"].as_array().unwrap().len(),
        2,
        "two attacks in Mogadishu, days apart"
    );
    // Event filters keep the incidents one of whose events passes them: the same as asking
    // for the events, then for their incidents.
    for filter in [
        "actor=grp:al-shabaab",
        "text=market",
        "text=Maiduguri+AND+bomber&scope=events",
        "modality=asserted&kind=attack",
        "place=Mogadishu&kind=attack",
    ] {
        let got: BTreeSet<String> = get_json(&format!("/api/v1/incidents?{filter}&limit=500"))
            ["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        let events = get_json(&format!("/api/v1/events?{filter}&limit=500"));
        let mut want = BTreeSet::new();
        for e in events["items"].as_array().unwrap() {
            // (Events of kinds that make no incident, such as assessments, have none.)
            if let Some(inc) = e["incident"].as_str() {
                want.insert(inc.to_string());
            }
        }
        assert!(!want.is_empty(), "{filter}: no incidents to test with");
        assert_eq!(got, want, "{filter}");
    }
}

#[test]
fn claims_pictures_changes_and_countries() {
    let disputed = get_json("/api/v1/claims?disputed=true");
    let items = disputed["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["disputed"] == true));
    assert!(items
        .iter()
        .any(|e| e["assessments"].as_array().unwrap().len() >= 2));
    let all = get_json("/api/v1/claims?limit=500");
    assert!(all["items"].as_array().unwrap().len() >= items.len());
    let a = get_json("/api/v1/assessments?limit=500");
    assert!(a["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["disputed"] == true));
    let changes = get_json("/api/v1/changes?limit=500");
    let kinds: BTreeSet<&str> = changes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains("new") && kinds.contains("changed"),
        "{kinds:?}"
    );
    let later = get_json("/api/v1/changes?since=2026-03-05&limit=500");
    assert!(later["items"].as_array().unwrap().len() < changes["items"].as_array().unwrap().len());
    let p = get_json("/api/v1/picture/NG");
    assert_eq!(p["country"], "NG");
    assert!(p["score"].as_f64().unwrap() > 0.0);
    assert!(!p["drivers"].as_array().unwrap().is_empty());
    let countries = get_json("/api/v1/countries");
    let ng = countries
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "NG")
        .unwrap();
    assert_eq!(ng["name"], "Nigeria");
    assert!(ng["events"].as_u64().unwrap() > 0);
    let stats = get_json("/api/v1/stats");
    assert_eq!(stats["documents"], 23);
}

#[test]
fn writes_need_the_token_and_respect_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    SqliteStore::open(&path).unwrap();
    read_only_without_a_token(&path);
    let rw = start(
        &path,
        Config {
            token: Some("s3cret".into()),
            max_body: 4096,
            timeout: Duration::from_secs(2),
            uploads: uploads(),
            log: None,
        },
    );
    uploads_need_the_token_and_fit_the_limits(&rw);
    watch_rules_are_written_with_the_token(&rw);
    a_request_past_the_time_limit_is_answered(&path);
}

#[test]
fn event_records_take_their_incident_from_the_views_as_last_computed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.db");
    SqliteStore::open(&path).unwrap();
    let rw = with_views(start(
        &path,
        Config {
            token: Some("s3cret".into()),
            uploads: uploads(),
            ..Config::default()
        },
    ));
    let body = br#"{"text": "Gunmen attacked a police station in Kano on Monday, killing four officers, police said.", "title": "Kano attack", "published": "2026-05-05"}"#;
    let auth = [
        ("Authorization", "Bearer s3cret"),
        ("Content-Type", "application/json"),
    ];
    let r = request(&rw, "POST", "/api/v1/documents", &auth, body).unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    // The new event is listed at once; its incident link follows once the views are brought
    // up to date behind the event requests (no incident route is asked here).
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let r = request(&rw, "GET", "/api/v1/events?kind=attack", &[], b"").unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json().unwrap();
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{v}");
        if let Some(inc) = items[0]["incident"].as_str() {
            assert!(inc.starts_with("inc-"), "{inc}");
            let id = items[0]["event"]["id"].as_str().unwrap();
            let one = request(
                &rw,
                "GET",
                &format!("/api/v1/events/{}", id.replace('#', "%23")),
                &[],
                b"",
            )
            .unwrap()
            .json()
            .unwrap();
            assert_eq!(one["incident"], inc);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the event never got its incident link"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A server without a token refuses every write.
fn read_only_without_a_token(path: &Path) {
    // Read-only without a token.
    let ro = start(
        path,
        Config {
            uploads: uploads(),
            ..Config::default()
        },
    );
    let r = request(
        &ro,
        "POST",
        "/api/v1/documents",
        &[("Content-Type", "application/json")],
        br#"{"text":"x"}"#,
    )
    .unwrap();
    assert_eq!(
        (r.status, r.json().unwrap()["code"].as_str().unwrap()),
        (403, "read_only")
    );
    let r = request(&ro, "DELETE", "/api/v1/watch/x", &[], b"").unwrap();
    assert_eq!(r.status, 403);
}

/// `POST /api/v1/documents`: the token, JSON and raw bodies, bad bodies, the size limit.
fn uploads_need_the_token_and_fit_the_limits(rw: &str) {
    let auth = [
        ("Authorization", "Bearer s3cret"),
        ("Content-Type", "application/json"),
    ];
    let body = br#"{"text": "Gunmen attacked a police station in Kano on Monday, killing four officers, police said.", "title": "Kano attack", "published": "2026-05-05"}"#;
    let r = request(
        rw,
        "POST",
        "/api/v1/documents",
        &[("Content-Type", "application/json")],
        body,
    )
    .unwrap();
    assert_eq!(r.status, 401);
    let r = request(
        rw,
        "POST",
        "/api/v1/documents",
        &[
            ("Authorization", "Bearer wrong"),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .unwrap();
    assert_eq!(r.status, 401);
    let r = request(rw, "POST", "/api/v1/documents", &auth, body).unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    let report = r.json().unwrap();
    assert_eq!(report["inserted"], 1);
    assert!(report["events"].as_u64().unwrap() >= 1);
    // The new document is served at once (views follow the store's revision).
    let id = report["documents"][0].as_str().unwrap();
    let d = request(rw, "GET", &format!("/api/v1/documents/{id}"), &[], b"").unwrap();
    assert_eq!(d.status, 200);
    let inc = request(rw, "GET", "/api/v1/incidents", &[], b"")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(inc["items"].as_array().unwrap().len(), 1);
    // A file as the raw body.
    let r = request(
        rw,
        "POST",
        "/api/v1/documents?name=note.txt",
        &[
            ("Authorization", "Bearer s3cret"),
            ("Content-Type", "text/plain"),
        ],
        b"Police arrested two suspects in Kano on Tuesday.",
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    // Bad bodies.
    for (ct, b, code) in [
        ("application/json", &b"{"[..], "bad_body"),
        ("application/json", &br#"{"txt": "x"}"#[..], "bad_body"),
        (
            "application/json",
            &br#"{"url": "javascript:alert(1)"}"#[..],
            "bad_body",
        ),
        (
            "application/json",
            &br#"{"text": "x", "published": "May 5"}"#[..],
            "bad_body",
        ),
    ] {
        let r = request(
            rw,
            "POST",
            "/api/v1/documents",
            &[("Authorization", "Bearer s3cret"), ("Content-Type", ct)],
            b,
        )
        .unwrap();
        assert_eq!(
            (
                r.status,
                r.json().unwrap()["code"].as_str().unwrap().to_string()
            ),
            (400, code.to_string()),
            "{}",
            String::from_utf8_lossy(b)
        );
    }
    let big = vec![b'a'; 5000];
    let r = request(
        rw,
        "POST",
        "/api/v1/documents?name=big.txt",
        &[
            ("Authorization", "Bearer s3cret"),
            ("Content-Type", "text/plain"),
        ],
        &big,
    )
    .unwrap();
    assert_eq!(
        (r.status, r.json().unwrap()["code"].as_str().unwrap()),
        (413, "payload_too_large")
    );
}

/// Watch rules: create, list with counts, matches, delete.
fn watch_rules_are_written_with_the_token(rw: &str) {
    let auth = [
        ("Authorization", "Bearer s3cret"),
        ("Content-Type", "application/json"),
    ];
    let rule = br#"{"name": "kano", "kinds": ["attack"], "country": "NG"}"#;
    let r = request(rw, "POST", "/api/v1/watch", &auth, rule).unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    let rules = request(rw, "GET", "/api/v1/watch", &[], b"")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(rules["items"][0]["name"], "kano");
    assert_eq!(rules["items"][0]["matches"], 1);
    assert_eq!(rules["items"][0]["new"], 1);
    let m = request(rw, "GET", "/api/v1/watch/kano/matches", &[], b"")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(m["items"][0]["delivered"], false);
    let r = request(
        rw,
        "POST",
        "/api/v1/watch",
        &auth,
        br#"{"name": "x", "webhook": "file:///etc/passwd"}"#,
    )
    .unwrap();
    assert_eq!(r.status, 400);
    let r = request(
        rw,
        "POST",
        "/api/v1/watch",
        &auth,
        br#"{"name": "x", "text": "\"open"}"#,
    )
    .unwrap();
    assert_eq!(r.status, 400, "{}", r.text());
    let r = request(
        rw,
        "DELETE",
        "/api/v1/watch/kano",
        &[("Authorization", "Bearer s3cret")],
        b"",
    )
    .unwrap();
    assert_eq!(r.status, 204);
    let r = request(
        rw,
        "DELETE",
        "/api/v1/watch/kano",
        &[("Authorization", "Bearer s3cret")],
        b"",
    )
    .unwrap();
    assert_eq!(r.status, 404);
}

/// A request past the time limit.
fn a_request_past_the_time_limit_is_answered(path: &Path) {
    let slow = start(
        path,
        Config {
            token: Some("t".into()),
            timeout: Duration::from_millis(300),
            uploads: uploads(),
            ..Config::default()
        },
    );
    // A page that takes 2 s to fetch.
    let body = format!(r#"{{"url": "{}"}}"#, slow_page(Duration::from_secs(2)));
    let r = request(
        &slow,
        "POST",
        "/api/v1/documents",
        &[
            ("Authorization", "Bearer t"),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    )
    .unwrap();
    assert_eq!(
        (r.status, r.json().unwrap()["code"].as_str().unwrap()),
        (503, "timeout")
    );
}

/// A server over the demo articles (with their publication dates) and the incident corpus.
fn demo_server() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("demo.db");
        let mut store = SqliteStore::open(&path).unwrap();
        fixtures(&mut store);
        let demo = root().join("data/demo");
        let mut names: Vec<_> = std::fs::read_dir(&demo)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        names.sort();
        let batch: Vec<_> = names
            .iter()
            .map(|n| {
                let raw = std::fs::read_to_string(demo.join(n)).unwrap();
                let published = raw
                    .lines()
                    .find_map(|l| l.strip_prefix("Published:"))
                    .and_then(|d| d.trim().parse().ok());
                let title = raw.lines().next().map(str::trim);
                store_doc(n.trim_end_matches(".txt"), "demo", title, published, &raw)
            })
            .collect();
        store.put_batch(&batch).unwrap();
        drop(store);
        with_views(start(&path, Config::default()))
    })
}

fn demo_get(path: &str) -> Reply {
    request(demo_server(), "GET", path, &[], b"").unwrap()
}

fn demo_json(path: &str) -> Value {
    let r = demo_get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json().unwrap()
}

#[test]
fn actor_names_resolve_as_in_the_cli() {
    let by_id = ids(&demo_json(
        "/api/v1/events?actor=grp:islamic-state&limit=500",
    ));
    assert!(!by_id.is_empty());
    for name in ["Islamic+State", "ISIS", "daesh"] {
        let got = ids(&demo_json(&format!(
            "/api/v1/events?actor={name}&limit=500"
        )));
        assert_eq!(got, by_id, "{name}");
    }
    let with = ids(&demo_json(
        "/api/v1/events?actor=Islamic+State&with_affiliates=true&limit=500",
    ));
    assert!(by_id.iter().all(|i| with.contains(i)));
    let claims = |q: &str| demo_json(&format!("/api/v1/claims?actor={q}"))["items"].clone();
    assert!(!claims("grp:jnim").as_array().unwrap().is_empty());
    assert_eq!(claims("JNIM"), claims("grp:jnim"));
    let s = demo_json("/api/v1/actors?q=isl");
    assert!(s["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == "grp:islamic-state"));
}

#[test]
fn countries_by_name_and_numeric_alert_levels() {
    let by_code = ids(&demo_json("/api/v1/events?country=NL&limit=500"));
    assert!(!by_code.is_empty());
    assert_eq!(
        ids(&demo_json("/api/v1/events?country=Netherlands&limit=500")),
        by_code
    );
    let p = demo_json("/api/v1/picture/Netherlands");
    assert_eq!(p["country"], "NL");
    assert_eq!(p["alerts"][0]["level"], "4", "{p}");
    let r = demo_get("/api/v1/picture/ZZ");
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("unknown country"), "{}", r.text());
}

#[test]
fn exports_of_the_selection_in_every_format() {
    let csv = demo_get("/api/v1/export?format=csv&country=AF");
    assert_eq!(csv.status, 200, "{}", csv.text());
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv
        .header("content-disposition")
        .unwrap()
        .contains("vigil-events.csv"));
    let text = csv.text();
    let rows = text.lines().count() - 1;
    let events = ids(&demo_json("/api/v1/events?country=AF&limit=500"));
    assert_eq!(rows, events.len(), "{text}");
    assert!(text.starts_with("event_id,event_date,time_precision"));
    let geo: Value = demo_get("/api/v1/export?format=geojson&country=AF")
        .json()
        .unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), rows);
    let jsonl = demo_get("/api/v1/export?format=jsonl&country=AF").text();
    assert_eq!(jsonl.lines().count(), rows);
    let pq = demo_get("/api/v1/export?format=parquet&country=AF");
    assert_eq!(pq.status, 200);
    assert!(pq.body.starts_with(b"PAR1") && pq.body.ends_with(b"PAR1"));
}

#[test]
fn newest_first_the_ranking_and_an_incidents_claims() {
    // Newest first: the same events as the default order, dated ones reversed, undated last.
    let oldest = demo_json("/api/v1/events?limit=500");
    let newest = demo_json("/api/v1/events?order=newest&limit=500");
    let dates = |v: &Value| -> Vec<Option<String>> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["event_date"].as_str().map(String::from))
            .collect()
    };
    let (o, n) = (dates(&oldest), dates(&newest));
    assert_eq!(o.len(), n.len());
    let dated: Vec<&String> = n.iter().flatten().collect();
    assert!(
        dated.len() > 5 && dated.windows(2).all(|w| w[0] >= w[1]),
        "{n:?}"
    );
    let first_undated = n.iter().position(Option::is_none).unwrap_or(n.len());
    assert!(
        n[first_undated..].iter().all(Option::is_none),
        "undated last: {n:?}"
    );
    let mut a = ids(&oldest);
    let mut b = ids(&newest);
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // Pages of the newest order join up.
    let p1 = ids(&demo_json("/api/v1/events?order=newest&limit=3"));
    let p2 = ids(&demo_json("/api/v1/events?order=newest&limit=3&offset=3"));
    assert_eq!([p1, p2].concat(), ids(&newest)[..6].to_vec());
    assert_eq!(demo_get("/api/v1/events?order=random").status, 400);

    // Countries ranked by indicator, highest first, with the latest alert level.
    let ranking = demo_json("/api/v1/ranking");
    let rows = ranking.as_array().unwrap();
    assert!(rows.len() > 3);
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let nl = rows.iter().find(|r| r["code"] == "NL").unwrap();
    assert_eq!(nl["level"], "4");
    assert_eq!(nl["name"], "The Netherlands");

    // An incident carries the claims made for it, with their assessments.
    let claims = demo_json("/api/v1/claims?limit=500");
    let claimed = claims["items"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| c["incident"].as_str())
        .expect("a claim for an incident")
        .to_string();
    let inc = demo_json(&format!("/api/v1/incidents/{claimed}"));
    let its = inc["claims"].as_array().unwrap();
    assert!(!its.is_empty());
    assert!(its.iter().all(|c| c["incident"] == claimed.as_str()));
    assert!(its[0]["assessments"].is_array());
}

/// Where a piece of slow work waits until the test lets it go on: a views computation
/// (reading every document's output to compute the views, or the documents new since their
/// revision to bring them up to date), as long as one takes on a large store; or the page an
/// upload fetches, as long as a slow site takes to answer.
#[derive(Default)]
struct Gate {
    /// Whether computations go on; and how many have come to the gate.
    state: std::sync::Mutex<(bool, usize)>,
    changed: std::sync::Condvar,
}

impl Gate {
    fn pass(&self) {
        let mut s = self.state.lock().unwrap();
        s.1 += 1;
        self.changed.notify_all();
        while !s.0 {
            s = self.changed.wait(s).unwrap();
        }
    }

    fn set_open(&self, open: bool) {
        self.state.lock().unwrap().0 = open;
        self.changed.notify_all();
    }

    /// How many pieces of work have come to the gate so far.
    fn passed(&self) -> usize {
        self.state.lock().unwrap().1
    }

    /// Waits until `n` pieces of work in all have come to the gate.
    fn wait_for(&self, n: usize) {
        let mut s = self.state.lock().unwrap();
        while s.1 < n {
            let (next, timeout) = self
                .changed
                .wait_timeout(s, Duration::from_secs(120))
                .unwrap();
            assert!(!timeout.timed_out(), "nothing came to the gate");
            s = next;
        }
    }
}

/// A SQLite handle whose views computations wait at a [`Gate`].
struct Gated {
    inner: SqliteStore,
    gate: Arc<Gate>,
}

impl Store for Gated {
    fn location(&self) -> &str {
        self.inner.location()
    }
    fn has_hash(&self, h: &str) -> vigil_store::Result<Option<String>> {
        self.inner.has_hash(h)
    }
    fn near_duplicate(&self, s: u64, d: u32) -> vigil_store::Result<Option<String>> {
        self.inner.near_duplicate(s, d)
    }
    fn put_batch(
        &mut self,
        b: &[(StoredDoc, vigil_model::DocumentOutput)],
    ) -> vigil_store::Result<vigil_store::BatchOutcome> {
        self.inner.put_batch(b)
    }
    fn query(&self, q: &Query) -> vigil_store::Result<Vec<vigil_store::EventRecord>> {
        self.inner.query(q)
    }
    fn document(&self, id: &str) -> vigil_store::Result<Option<StoredDoc>> {
        self.inner.document(id)
    }
    fn documents(&self, dups: bool) -> vigil_store::Result<Vec<vigil_model::DocumentMeta>> {
        self.inner.documents(dups)
    }
    fn events(&self, id: &str) -> vigil_store::Result<Vec<vigil_model::Event>> {
        self.inner.events(id)
    }
    fn search_documents(
        &self,
        text: &str,
        dups: bool,
        limit: Option<usize>,
    ) -> vigil_store::Result<Vec<vigil_model::DocumentMeta>> {
        self.inner.search_documents(text, dups, limit)
    }
    fn stats(&self) -> vigil_store::Result<vigil_store::Stats> {
        self.inner.stats()
    }
    fn incident_splits(&self) -> vigil_store::Result<Vec<Vec<Vec<String>>>> {
        self.inner.incident_splits()
    }
    fn add_incident_split(&mut self, g: &[Vec<String>]) -> vigil_store::Result<()> {
        self.inner.add_incident_split(g)
    }
    fn watch_rules(&self) -> vigil_store::Result<Vec<vigil_store::WatchRule>> {
        self.inner.watch_rules()
    }
    fn put_watch_rule(&mut self, r: &vigil_store::WatchRule) -> vigil_store::Result<()> {
        self.inner.put_watch_rule(r)
    }
    fn remove_watch_rule(&mut self, n: &str) -> vigil_store::Result<bool> {
        self.inner.remove_watch_rule(n)
    }
    fn delivered(&self, r: &str) -> vigil_store::Result<BTreeSet<String>> {
        self.inner.delivered(r)
    }
    fn mark_delivered(&mut self, r: &str, e: &[String]) -> vigil_store::Result<()> {
        self.inner.mark_delivered(r, e)
    }
    fn feeds(&self) -> vigil_store::Result<Vec<vigil_store::Feed>> {
        self.inner.feeds()
    }
    fn put_feed(&mut self, url: &str, every: u64, now: i64) -> vigil_store::Result<bool> {
        self.inner.put_feed(url, every, now)
    }
    fn remove_feed(&mut self, url: &str) -> vigil_store::Result<bool> {
        self.inner.remove_feed(url)
    }
    fn claim_due_feeds(
        &mut self,
        now: i64,
        hold: i64,
        limit: usize,
    ) -> vigil_store::Result<Vec<vigil_store::Feed>> {
        self.inner.claim_due_feeds(now, hold, limit)
    }
    fn record_feed_poll(
        &mut self,
        url: &str,
        p: &vigil_store::FeedPoll,
    ) -> vigil_store::Result<bool> {
        self.inner.record_feed_poll(url, p)
    }
    fn undetected_languages(&self, limit: usize) -> vigil_store::Result<Vec<(String, String)>> {
        self.inner.undetected_languages(limit)
    }
    fn set_languages(&mut self, l: &[(String, String)]) -> vigil_store::Result<()> {
        self.inner.set_languages(l)
    }
    fn query_json(&self, q: &Query) -> vigil_store::Result<Vec<vigil_store::JsonRecord>> {
        self.inner.query_json(q)
    }
    fn event_ids(&self, q: &Query) -> vigil_store::Result<Vec<String>> {
        self.inner.event_ids(q)
    }
    fn interrupter(&self) -> Option<vigil_store::Interrupter> {
        self.inner.interrupter()
    }
    fn revision(&self) -> vigil_store::Result<u64> {
        self.inner.revision()
    }
    fn documents_since(&self, r: u64) -> vigil_store::Result<Vec<vigil_model::DocumentMeta>> {
        self.gate.pass();
        self.inner.documents_since(r)
    }
    fn each_output(
        &self,
        each: &mut dyn FnMut(vigil_model::DocumentMeta, vigil_model::DocumentOutput),
    ) -> vigil_store::Result<()> {
        self.gate.pass();
        self.inner.each_output(each)
    }
    fn timeline(&self, q: &Query) -> vigil_store::Result<Vec<vigil_store::DayCount>> {
        self.inner.timeline(q)
    }
    fn output(&self, id: &str) -> vigil_store::Result<Option<vigil_model::DocumentOutput>> {
        self.inner.output(id)
    }
}

/// The routes asked by [`ask_views_routes`] have not answered while the views wait at the
/// gate; once it opens, every one answers `200`.
fn open_and_expect_answers(gate: &Gate, waiting: &mpsc::Receiver<(String, u16)>) {
    assert!(
        waiting.try_recv().is_err(),
        "a route answered without the views"
    );
    gate.set_open(true);
    for _ in 0..6 {
        let (path, status) = waiting.recv_timeout(Duration::from_secs(120)).unwrap();
        assert_eq!(status, 200, "{path}");
    }
}

/// Asks the routes that wait for the views of the store's revision, each on a thread of its
/// own; their answers come on the channel.
fn ask_views_routes(addr: &str) -> mpsc::Receiver<(String, u16)> {
    let (tx, rx) = mpsc::channel();
    for path in [
        "/api/v1/incidents?limit=5",
        "/api/v1/claims?limit=5",
        "/api/v1/ranking",
        "/api/v1/changes",
        "/api/v1/assessments?limit=5",
        "/api/v1/picture/NG",
    ] {
        let (tx, addr) = (tx.clone(), addr.to_string());
        std::thread::spawn(move || {
            let r = request(&addr, "GET", path, &[], b"").unwrap();
            tx.send((path.to_string(), r.status)).unwrap();
        });
    }
    rx
}

/// The API's event queries (filters, one event, a document's events), from a few clients at
/// once: every one answered `200`; the incident links they carried.
fn event_queries_answer(addr: &str) -> Vec<Value> {
    let paths = [
        "/api/v1/events?country=SO&limit=20",
        "/api/v1/events?kind=attack&limit=20",
        "/api/v1/events?limit=20",
        "/api/v1/events?from=2024-01-01&limit=5",
        "/api/v1/documents?limit=5",
        "/api/v1/stats",
    ];
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let mut links = Vec::new();
                for i in 0..12 {
                    let path = paths[(c + i) % paths.len()];
                    let r = request(&addr, "GET", path, &[], b"").unwrap();
                    assert_eq!(r.status, 200, "{path}: {}", r.text());
                    let v = r.json().unwrap();
                    if path.starts_with("/api/v1/events") {
                        for item in v["items"].as_array().unwrap() {
                            links.push(item["incident"].clone());
                        }
                    }
                }
                links
            })
        })
        .collect();
    clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect()
}

#[test]
fn requests_answer_while_the_views_are_computed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gated.db");
    let mut writer = SqliteStore::open(&path).unwrap();
    fixtures(&mut writer);
    let gate = Arc::new(Gate::default());
    let stores: Vec<Box<dyn Store>> = (0..3)
        .map(|_| {
            Box::new(Gated {
                inner: SqliteStore::open(&path).unwrap(),
                gate: Arc::clone(&gate),
            }) as Box<dyn Store>
        })
        .collect();
    let state = AppState::new(
        Pool::new(stores),
        Config {
            timeout: Duration::from_secs(20),
            ..Config::default()
        },
    );
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        vigil_server::run("127.0.0.1:0", state, 2, move |a| tx.send(a).unwrap()).unwrap();
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .unwrap()
        .to_string();

    // The views computed at start wait at the gate, and so do the routes that need them,
    // more of them than the pool has handles. Event queries are answered meanwhile, with no
    // incident links (none computed yet).
    gate.wait_for(1);
    let waiting = ask_views_routes(&addr);
    std::thread::sleep(Duration::from_millis(200));
    let links = event_queries_answer(&addr);
    assert!(!links.is_empty());
    assert!(links.iter().all(Value::is_null), "{links:?}");
    open_and_expect_answers(&gate, &waiting);
    let links = event_queries_answer(&addr);
    assert!(links.iter().any(Value::is_string), "{links:?}");

    // A new document: an event query starts bringing the views up to date in the
    // background, which waits at the gate; event queries are answered meanwhile with the
    // links as last computed, and the routes of the views wait for the update.
    gate.set_open(false);
    let passed = gate.passed();
    let (doc, out) = store_doc(
        "gated-new",
        "Wire",
        Some("Kano attack"),
        Some("2026-05-05".parse().unwrap()),
        "Gunmen attacked a police station in Kano on Monday, killing four officers, police said.",
    );
    writer.put_batch(&[(doc, out)]).unwrap();
    let r = request(&addr, "GET", "/api/v1/events?limit=1", &[], b"").unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    gate.wait_for(passed + 1);
    let waiting = ask_views_routes(&addr);
    std::thread::sleep(Duration::from_millis(200));
    let links = event_queries_answer(&addr);
    assert!(links.iter().any(Value::is_string), "{links:?}");
    open_and_expect_answers(&gate, &waiting);
}

/// Articles that differ in every sentence (no two are near-duplicates).
const GATED_ARTICLES: [(&str, &str); 2] = [
    (
        "Checkpoint attack in Kano",
        "Gunmen attacked a police checkpoint in Kano on Monday, killing four officers, police \
         said. The attackers arrived on motorcycles before dawn and fled towards the north.",
    ),
    (
        "Market bombing in Mogadishu",
        "A car bomb exploded near the Bakara market in Mogadishu on Tuesday, wounding twelve \
         traders, officials said. Ambulances took the wounded to the Medina hospital.",
    ),
];

/// A site whose pages (`/page-N.html`, one per article of [`GATED_ARTICLES`]) are served only
/// once `gate` opens: each request comes to the gate, then waits there. Its address.
fn gated_site(gate: Arc<Gate>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || {
                use std::io::{BufRead, Write};
                let mut line = String::new();
                let mut reader = std::io::BufReader::new(conn.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                // Read the headers to the blank line.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let page = line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|p| p.strip_prefix("/page-"))
                    .and_then(|p| p.strip_suffix(".html"))
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| GATED_ARTICLES.get(n));
                gate.pass();
                let (status, body) = match page {
                    Some((title, text)) => (
                        "200 OK",
                        format!(
                            "<!doctype html><html><head><title>{title}</title></head><body>\
                             <article><h1>{title}</h1><p>{text}</p></article></body></html>"
                        ),
                    ),
                    None => ("404 Not Found", String::new()),
                };
                let _ = write!(
                    conn,
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn requests_answer_while_uploads_are_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("uploads.db");
    fixtures(&mut SqliteStore::open(&path).unwrap());
    // `start` gives the server three handles: one for the views, two for the requests.
    let request_handles = 2;
    assert_eq!(GATED_ARTICLES.len(), request_handles);
    // The pages are held for as long as the test takes to ask its other requests: within
    // the time limits of the fetch and of the request.
    let mut read = vigil_ingest::source::Options::default();
    read.fetch.timeout = Duration::from_secs(300);
    let addr = start(
        &path,
        Config {
            token: Some("s3cret".into()),
            timeout: Duration::from_secs(45),
            uploads: Some(Arc::new(Uploads::new(extractor().clone(), read))),
            ..Config::default()
        },
    );
    let before = get_stats_documents(&addr);
    let gate = Arc::new(Gate::default());
    let site = gated_site(Arc::clone(&gate));

    // As many uploads as the pool has request handles, each held in its fetch at the gate.
    let (tx, uploaded) = mpsc::channel();
    for n in 0..request_handles {
        let (tx, addr) = (tx.clone(), addr.clone());
        let url = format!("{site}/page-{n}.html");
        std::thread::spawn(move || {
            let body = format!(r#"{{"url": "{url}"}}"#);
            let r = request(
                &addr,
                "POST",
                "/api/v1/documents",
                &[
                    ("Authorization", "Bearer s3cret"),
                    ("Content-Type", "application/json"),
                ],
                body.as_bytes(),
            )
            .unwrap();
            tx.send((url, r)).unwrap();
        });
    }
    gate.wait_for(request_handles);

    // Event, document and stats requests are answered meanwhile: the uploads being fetched
    // hold no store handle.
    let links = event_queries_answer(&addr);
    assert!(!links.is_empty());
    assert_eq!(get_stats_documents(&addr), before);
    assert!(
        uploaded.try_recv().is_err(),
        "an upload was answered before its page"
    );

    // Once the pages are served, every upload is stored, once.
    gate.set_open(true);
    let mut ids = BTreeSet::new();
    for _ in 0..request_handles {
        let (url, r) = uploaded.recv_timeout(Duration::from_secs(120)).unwrap();
        assert_eq!(r.status, 201, "{url}: {}", r.text());
        let report = r.json().unwrap();
        assert_eq!(report["inserted"], 1, "{url}: {report}");
        assert_eq!(report["unchanged"], 0, "{url}: {report}");
        assert_eq!(report["rejected"], serde_json::json!([]), "{url}: {report}");
        let documents = report["documents"].as_array().unwrap();
        assert_eq!(documents.len(), 1, "{url}: {report}");
        let id = documents[0].as_str().unwrap().to_string();
        let doc = request(&addr, "GET", &format!("/api/v1/documents/{id}"), &[], b"").unwrap();
        assert_eq!(doc.status, 200, "{id}: {}", doc.text());
        assert_eq!(doc.json().unwrap()["document"]["url"], url.as_str());
        assert!(ids.insert(id), "{url}: stored as another upload's document");
    }
    assert_eq!(get_stats_documents(&addr), before + request_handles as u64);
    let listed = request(
        &addr,
        "GET",
        "/api/v1/documents?duplicates=true&limit=500",
        &[],
        b"",
    )
    .unwrap()
    .json()
    .unwrap();
    for id in &ids {
        let times = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["id"] == id.as_str())
            .count();
        assert_eq!(times, 1, "{id} listed {times} times");
    }
}

/// The number of documents `GET /api/v1/stats` counts.
fn get_stats_documents(addr: &str) -> u64 {
    let r = request(addr, "GET", "/api/v1/stats", &[], b"").unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    r.json().unwrap()["documents"].as_u64().unwrap()
}
