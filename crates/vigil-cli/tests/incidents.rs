//! `vigil incidents`, `changes`, `claims` and `picture` over a stored corpus: the incident
//! corpus written for the tests (`tests/fixtures/incidents/`) and the seed articles in
//! `../shared/corpus/seeds/` (third-party text read in place; missing under `CI=true` fails).

use std::path::{Path, PathBuf};

mod common;
use common::ok;

fn vigil(db: &Path, args: &[&str]) -> String {
    let out = ok(
        common::vigil()
            .args(args)
            .arg("--db")
            .arg(db)
            .output()
            .unwrap(),
        &format!("vigil {args:?}"),
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/incidents")
}

/// Ingests the incident corpus (each article with its header's publication date).
fn incident_db(dir: &Path) -> PathBuf {
    let db = dir.join("inc.db");
    for e in std::fs::read_dir(fixtures()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let raw = std::fs::read_to_string(&p).unwrap();
        let (header, text) = raw.split_once('\n').unwrap();
        let date = header
            .rsplit("published:")
            .next()
            .unwrap()
            .trim()
            .to_string();
        let article = dir.join(p.file_name().unwrap());
        std::fs::write(&article, text).unwrap();
        vigil(
            &db,
            &["ingest", "--published", &date, article.to_str().unwrap()],
        );
    }
    db
}

#[test]
fn incidents_list_show_why_split_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = incident_db(dir.path());
    let list = vigil(&db, &["incidents", "list"]);
    let attacks: Vec<&str> = list.lines().filter(|l| l.contains(" attack ")).collect();
    assert_eq!(attacks.len(), 5, "{list}");
    let market = attacks
        .iter()
        .find(|l| l.contains("Maiduguri"))
        .expect("the market bombing");
    let id = market.split_whitespace().next().unwrap();
    let shown = vigil(&db, &["incidents", "show", id, "--why"]);
    assert!(shown.contains("killed: 23"), "{shown}");
    assert!(shown.contains("rule: latest_report"), "{shown}");
    assert!(
        shown.contains("why these reports are one incident"),
        "{shown}"
    );
    assert!(shown.contains("place: same place"), "{shown}");
    // Split a05's reports off; the decision is stored and holds on the next run.
    let json = vigil(&db, &["incidents", "show", id, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let off: Vec<String> = v["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["document"].as_str().unwrap().starts_with("a05"))
        .map(|m| m["event"].as_str().unwrap().to_string())
        .collect();
    assert!(!off.is_empty());
    let mut args = vec!["incidents", "split", id];
    args.extend(off.iter().map(String::as_str));
    vigil(&db, &args);
    let after = vigil(&db, &["incidents", "list"]);
    assert_eq!(
        after.lines().filter(|l| l.contains(" attack ")).count(),
        6,
        "{after}"
    );
    // Splitting off everything is refused with a clear message.
    let out = common::vigil()
        .args(["incidents", "split", "inc-000000000000", "x#e1", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot split"));
    let changes = vigil(&db, &["changes", "--since", "2026-06-01"]);
    assert!(changes.contains("retracted"), "{changes}");
    assert!(
        changes.lines().all(|l| l[..10] >= *"2026-06-01"),
        "{changes}"
    );
    let claims = vigil(&db, &["claims", "--disputed"]);
    assert!(claims.contains("grp:islamic-state"), "{claims}");
    assert!(!claims.contains("grp:jnim"), "{claims}");
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing (required under CI=true)",
        p.display()
    );
    eprintln!("skipping: {} is missing", p.display());
    None
}

#[test]
fn seeds_give_the_french_picture_and_the_disputed_claim() {
    let (Some(a), Some(b)) = (
        shared("corpus/seeds/is-audio-threat-2024.txt"),
        shared("corpus/seeds/garland-threat-2015.txt"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    vigil(&db, &["ingest", a.to_str().unwrap(), b.to_str().unwrap()]);
    let fr = vigil(&db, &["picture", "FR"]);
    assert!(fr.contains("raised to highest"), "{fr}");
    assert!(
        fr.contains("France raised its terror alert to the highest level this week"),
        "{fr}"
    );
    let json = vigil(&db, &["picture", "fr", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["country"], "FR");
    assert!(v["score"].as_f64().unwrap() > 0.0);
    assert!(!v["drivers"].as_array().unwrap().is_empty());
    let claims = vigil(&db, &["claims", "--disputed"]);
    assert!(claims.contains("71 trained soldiers"), "{claims}");
    assert!(claims.contains("Carter"), "{claims}");
    assert!(claims.contains("experts"), "{claims}");
    assert!(claims.contains("not_credible"), "{claims}");
    let none = vigil(&db, &["claims", "--disputed", "--actor", "grp:al-shabaab"]);
    assert!(none.trim().is_empty(), "{none}");
}

/// A local HTTP receiver: answers 500 to the first `fail` requests, then 200; keeps each
/// request's `Idempotency-Key` and body. Serves at most `max` requests, each read within 10 s.
/// `(Idempotency-Key, body)` of each request received.
type Received = std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>;

fn receiver(fail: usize, max: usize) -> (String, Received) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = got.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().take(max).enumerate() {
            let Ok(mut stream) = stream else { continue };
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut len, mut key) = (0usize, String::new());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
                if lower.starts_with("idempotency-key:") {
                    key = line["idempotency-key:".len()..].trim().to_string();
                }
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            seen.lock()
                .unwrap()
                .push((key, String::from_utf8_lossy(&body).into_owned()));
            let status = if n < fail {
                "500 Internal Server Error"
            } else {
                "200 OK"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, got)
}

#[test]
fn watch_rules_report_new_matches_once_with_retries() {
    let dir = tempfile::tempdir().unwrap();
    let db = incident_db(dir.path());
    // A webhook that fails once: the run retries and delivers.
    let (url, got) = receiver(1, 10);
    vigil(
        &db,
        &[
            "watch",
            "add",
            "nigeria",
            "--kind",
            "attack",
            "--country",
            "NG",
            "--webhook",
            &url,
        ],
    );
    let out = vigil(&db, &["watch", "run"]);
    assert!(out.contains("nigeria: "), "{out}");
    {
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 2, "one failure, one retry");
        assert_eq!(got[0].0, got[1].0, "the same idempotency key");
        assert!(!got[0].0.is_empty());
        let v: serde_json::Value = serde_json::from_str(&got[1].1).unwrap();
        assert_eq!(v["rule"], "nigeria");
        let events = v["events"].as_array().unwrap();
        assert!(!events.is_empty());
        assert!(events
            .iter()
            .all(|e| e["document"]["id"].as_str().unwrap().starts_with("a0")));
    }
    // Nothing new: nothing sent.
    vigil(&db, &["watch", "run"]);
    assert_eq!(got.lock().unwrap().len(), 2);
    // A terminal rule with a toll threshold and a target group, as JSON lines.
    vigil(
        &db,
        &[
            "watch",
            "add",
            "big",
            "--kind",
            "attack",
            "--min-killed",
            "20",
        ],
    );
    vigil(&db, &["watch", "add", "hotels", "--target", "hotel"]);
    let lines = vigil(&db, &["watch", "run", "--jsonl"]);
    let records: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(records.iter().any(|r| r["rule"] == "big"));
    assert!(records.iter().any(|r| r["rule"] == "hotels"));
    for r in records.iter().filter(|r| r["rule"] == "big") {
        let killed = r["record"]["event"]["roles"]["killed"].as_array().unwrap();
        assert!(
            killed
                .iter()
                .any(|k| k["value"].as_u64().unwrap_or(0) >= 20),
            "{r}"
        );
    }
    assert!(vigil(&db, &["watch", "run"]).trim().is_empty());
    // A rule from now on reports only what is stored after it.
    let out = vigil(
        &db,
        &["watch", "add", "later", "--kind", "attack", "--from-now"],
    );
    assert!(out.contains("count as reported"), "{out}");
    let extra = dir.path().join("extra.txt");
    std::fs::write(
        &extra,
        "Gunmen killed seven people at a mosque in Kano, Nigeria, on Friday, police said.",
    )
    .unwrap();
    vigil(
        &db,
        &[
            "ingest",
            "--published",
            "2026-07-03",
            extra.to_str().unwrap(),
        ],
    );
    let later = vigil(&db, &["watch", "run", "--rule", "later"]);
    assert_eq!(later.lines().count(), 1, "{later}");
    assert!(later.contains("Kano"), "{later}");
    // The webhook rule gets only the new event.
    vigil(&db, &["watch", "run", "--rule", "nigeria"]);
    let got = got.lock().unwrap();
    assert_eq!(got.len(), 3);
    let v: serde_json::Value = serde_json::from_str(&got[2].1).unwrap();
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    // Removing a rule.
    vigil(&db, &["watch", "remove", "later"]);
    assert!(!vigil(&db, &["watch", "list"]).contains("\"later\""));
}

#[test]
fn a_failing_webhook_is_retried_and_nothing_is_marked_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let db = incident_db(dir.path());
    let (url, got) = receiver(100, 8);
    vigil(
        &db,
        &[
            "watch",
            "add",
            "somalia",
            "--country",
            "SO",
            "--webhook",
            &url,
        ],
    );
    let run = || {
        common::vigil()
            .args(["watch", "run", "--db"])
            .arg(&db)
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("watch somalia") && err.contains(&url), "{err}");
    assert!(err.contains("after 4 tries (HTTP 500)"), "{err}");
    assert_eq!(got.lock().unwrap().len(), 4);
    // Nothing was recorded: the next run tries the same events again.
    let _ = run();
    let got = got.lock().unwrap();
    assert_eq!(got.len(), 8);
    assert_eq!(got[0].1, got[4].1);
}
