//! Continuous feeds against a local feed server that keeps `ETag` and `Last-Modified`:
//! `vigil feeds add|list|remove`, `vigil run --once` (conditional requests, 304s, new items
//! stored once, watch rules told of new events only, backoff on errors with `Retry-After`),
//! a running `vigil run` that reports a new item's event within one polling interval, and two
//! PostgreSQL workers sharing a feed that store each item once and deliver each match once.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use vigil_store::pgtest::TestCluster;

mod common;
use common::{run, vigil};

/// What the feed server has to say, and what it was asked.
#[derive(Default)]
struct Feed {
    /// `(title, text)` of each item, newest first as feeds go.
    items: Vec<(String, String)>,
    /// Requests for `/feed`, and how many were answered 304.
    requests: usize,
    not_modified: usize,
    /// Conditional headers seen: (`If-None-Match`, `If-Modified-Since`).
    conditional: Vec<(Option<String>, Option<String>)>,
    /// Answers of `/flaky` still to fail.
    failures_left: usize,
}

impl Feed {
    fn body(&self) -> String {
        let mut b = String::from(
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Test Wire</title>\n",
        );
        for (title, text) in &self.items {
            let slug = title.replace(' ', "-").to_lowercase();
            b.push_str(&format!(
                "<item><title>{title}</title><link>https://wire.test/{slug}</link>\
                 <pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>\
                 <description>{text}</description></item>\n"
            ));
        }
        b.push_str("</channel></rss>\n");
        b
    }

    /// The version of the feed: its item count (items are only ever added).
    fn etag(&self) -> String {
        format!("\"v{}\"", self.items.len())
    }
}

type Shared = Arc<Mutex<Feed>>;

/// A feed server: `/feed` (with validators), `/flaky` (503 with `Retry-After: 30` while
/// `failures_left`, then the feed), `/page` (HTML, no feed).
fn serve(feed: Shared) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let feed = feed.clone();
            std::thread::spawn(move || {
                let mut s = stream;
                let mut reader = BufReader::new(s.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap_or(0);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (mut inm, mut ims) = (None, None);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        let v = Some(v.trim().to_string());
                        match k.to_ascii_lowercase().as_str() {
                            "if-none-match" => inm = v,
                            "if-modified-since" => ims = v,
                            _ => {}
                        }
                    }
                }
                let mut f = feed.lock().unwrap();
                let (status, extra, body) = match path.as_str() {
                    "/flaky" if f.failures_left > 0 => {
                        f.failures_left -= 1;
                        (
                            "503 Service Unavailable",
                            "Retry-After: 30\r\n".to_string(),
                            String::new(),
                        )
                    }
                    "/feed" | "/flaky" => {
                        f.requests += 1;
                        f.conditional.push((inm.clone(), ims.clone()));
                        let modified = format!("Tue, 03 Mar 2026 10:{:02}:00 GMT", f.items.len());
                        let validators =
                            format!("ETag: {}\r\nLast-Modified: {modified}\r\n", f.etag());
                        if inm.as_deref() == Some(f.etag().as_str()) {
                            f.not_modified += 1;
                            ("304 Not Modified", validators, String::new())
                        } else {
                            (
                                "200 OK",
                                format!("{validators}Content-Type: application/rss+xml\r\n"),
                                f.body(),
                            )
                        }
                    }
                    "/page" => (
                        "200 OK",
                        "Content-Type: text/html\r\n".to_string(),
                        "<html><body><p>Not a feed.</p></body></html>".to_string(),
                    ),
                    _ => ("404 Not Found", String::new(), String::new()),
                };
                drop(f);
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}")
}

fn attack(place: &str, killed: u32) -> (String, String) {
    (
        format!("Bomb kills {killed} in {place}"),
        format!(
            "A car bomb exploded at a market in {place} on Monday, killing {killed} people and \
             wounding 20 others, police said."
        ),
    )
}

fn feeds_json(db: &str) -> Vec<serde_json::Value> {
    String::from_utf8(run(&["feeds", "list", "--json", "--db", db]).stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn documents(db: &str) -> u64 {
    let v: serde_json::Value =
        serde_json::from_slice(&run(&["stats", "--json", "--db", db]).stdout).unwrap();
    v["documents"].as_u64().unwrap()
}

/// The event ids in watch lines (`{"rule", "record"}`).
fn matched(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["record"]["event"]["id"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn feeds_are_polled_conditionally_and_new_events_reported_once() {
    let feed: Shared = Arc::default();
    feed.lock().unwrap().items = vec![attack("Kano", 7), attack("Maiduguri", 4)];
    let base = serve(feed.clone());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let db = db.to_str().unwrap();
    let url = format!("{base}/feed");

    // Refusals name the problem and add nothing.
    for (args, says) in [
        (vec!["feeds", "add", "wire.rss"], "http:// or https://"),
        (
            vec!["feeds", "add", url.as_str(), "--every", "0s"],
            "at least one second",
        ),
        (
            vec!["feeds", "add", url.as_str(), "--every", "5 weeks"],
            "s, m, h or d",
        ),
    ] {
        let out = vigil().args(&args).args(["--db", db]).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let out = run(&["feeds", "add", &url, "--every", "1s", "--db", db]);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(&format!("added {url}, polled every 1s"))
    );
    let listed = feeds_json(db);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["every_secs"], 1);
    assert_eq!(listed[0]["polls"], 0);
    run(&["watch", "add", "bombs", "--kind", "attack", "--db", db]);

    // First round: both items stored, their events reported.
    let first = run(&["run", "--once", "--jsonl", "--db", db]);
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(log.contains("2 items: 2 new documents"), "{log}");
    let reported = matched(&first.stdout);
    assert!(
        reported.len() >= 2,
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    assert_eq!(documents(db), 2);
    let f = &feeds_json(db)[0];
    assert_eq!(f["etag"], "\"v2\"");
    assert_eq!(f["last_modified"], "Tue, 03 Mar 2026 10:02:00 GMT");
    assert_eq!(f["documents"], 2);
    assert_eq!(f["failures"], 0);

    // Nothing new: the server is asked with the validators and answers 304.
    std::thread::sleep(Duration::from_millis(1100));
    let second = run(&["run", "--once", "--jsonl", "--db", db]);
    assert!(matched(&second.stdout).is_empty());
    assert!(String::from_utf8_lossy(&second.stderr).contains("304 not modified"));
    {
        let f = feed.lock().unwrap();
        assert_eq!((f.requests, f.not_modified), (2, 1));
        assert_eq!(f.conditional[0], (None, None), "first request is plain");
        assert_eq!(
            f.conditional[1],
            (
                Some("\"v2\"".to_string()),
                Some("Tue, 03 Mar 2026 10:02:00 GMT".to_string())
            )
        );
    }
    assert_eq!(feeds_json(db)[0]["last_outcome"], "304 not modified");

    // A new item: only it is stored, and only its events are reported.
    feed.lock()
        .unwrap()
        .items
        .insert(0, attack("Mogadishu", 12));
    std::thread::sleep(Duration::from_millis(1100));
    let third = run(&["run", "--once", "--jsonl", "--db", db]);
    let log = String::from_utf8_lossy(&third.stderr);
    assert!(log.contains("3 items: 1 new documents"), "{log}");
    let new = matched(&third.stdout);
    assert!(!new.is_empty());
    assert!(
        new.iter().all(|id| !reported.contains(id)),
        "reported twice"
    );
    assert_eq!(documents(db), 3);
    let text = String::from_utf8_lossy(&third.stdout);
    assert!(
        text.contains("Mogadishu") && !text.contains("Kano"),
        "{text}"
    );

    // Errors: a 503 with Retry-After waits as asked; a page that is no feed is a failure.
    feed.lock().unwrap().failures_left = 1;
    let flaky = format!("{base}/flaky");
    let page = format!("{base}/page");
    let missing = format!("{base}/gone");
    run(&[
        "feeds", "add", &flaky, &page, &missing, "--every", "1s", "--db", db,
    ]);
    let out = run(&["run", "--once", "--db", db]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("HTTP 503 Service Unavailable; next try in 30s"),
        "{log}"
    );
    assert!(log.contains("not an RSS or Atom feed"), "{log}");
    assert!(log.contains("HTTP 404 Not Found; next try in 2s"), "{log}");
    let all = feeds_json(db);
    let of = |u: &str| all.iter().find(|f| f["url"] == u).unwrap().clone();
    let f = of(&flaky);
    assert_eq!(f["failures"], 1);
    assert!(f["next_due"].as_i64().unwrap() - f["last_polled"].as_i64().unwrap() >= 30);
    assert_eq!(f["etag"], serde_json::Value::Null);
    // The 404 backs off: 2 s after one failure, 4 s after two.
    std::thread::sleep(Duration::from_millis(2100));
    let out = run(&["run", "--once", "--db", db]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("HTTP 404 Not Found (2 failures in a row); next try in 4s"),
        "{log}"
    );
    // A feed not due is not asked (flaky waits the 30 s it was told to).
    assert!(!log.contains("flaky"), "flaky is not due: {log}");

    // The table, and removal.
    let table = String::from_utf8(run(&["feeds", "list", "--db", db]).stdout).unwrap();
    assert!(table.starts_with("FEED"), "{table}");
    assert!(
        table.contains("304 not modified") || table.contains("new documents"),
        "{table}"
    );
    run(&["feeds", "remove", &page, &missing, "--db", db]);
    assert_eq!(feeds_json(db).len(), 2);
    let out = vigil()
        .args(["feeds", "remove", &page, "--db", db])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no feed"));
}

/// Reads a child's stdout lines into a shared list as they come.
fn collect_lines(child: &mut Child) -> Arc<Mutex<Vec<(Instant, String)>>> {
    let lines: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let out = child.stdout.take().unwrap();
    let sink = lines.clone();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            sink.lock().unwrap().push((Instant::now(), l));
        }
    });
    lines
}

fn wait_for(lines: &Arc<Mutex<Vec<(Instant, String)>>>, what: &str, limit: Duration) -> Instant {
    let t0 = Instant::now();
    loop {
        if let Some((at, _)) = lines.lock().unwrap().iter().find(|(_, l)| l.contains(what)) {
            return *at;
        }
        assert!(
            t0.elapsed() < limit,
            "no line with {what:?} within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_running_monitor_reports_a_new_item_within_one_interval() {
    let feed: Shared = Arc::default();
    feed.lock().unwrap().items = vec![attack("Kano", 7)];
    let base = serve(feed.clone());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let db = db.to_str().unwrap();
    let every = 3;
    run(&[
        "feeds",
        "add",
        &format!("{base}/feed"),
        "--every",
        &format!("{every}s"),
        "--db",
        db,
    ]);
    run(&["watch", "add", "bombs", "--kind", "attack", "--db", db]);
    let mut child = vigil()
        .args(["run", "--db", db])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = collect_lines(&mut child);
    wait_for(&lines, "Kano", Duration::from_secs(60));
    let published = Instant::now();
    feed.lock()
        .unwrap()
        .items
        .insert(0, attack("Mogadishu", 12));
    let seen = wait_for(&lines, "Mogadishu", Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    let latency = seen - published;
    eprintln!("reported {latency:?} after publication (interval {every} s)");
    // One interval, and the time to store the item and run the rules.
    assert!(
        latency <= Duration::from_secs(every + 2),
        "reported {latency:?} after publication, interval {every} s"
    );
    assert_eq!(
        lines
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, l)| l.contains("Kano"))
            .count(),
        1,
        "reported once"
    );
}

#[test]
fn postgres_workers_share_feeds_without_doubling() {
    let Some(url) = TestCluster::database_or_skip() else {
        return;
    };
    let feed: Shared = Arc::default();
    feed.lock().unwrap().items = vec![attack("Kano", 7), attack("Maiduguri", 4)];
    let base = serve(feed.clone());
    run(&[
        "feeds",
        "add",
        &format!("{base}/feed"),
        "--every",
        "1s",
        "--db",
        &url,
    ]);
    run(&["watch", "add", "bombs", "--kind", "attack", "--db", &url]);
    let spawn = |name: &str| {
        vigil()
            .args(["worker", "--db", &url, "--name", name])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut workers = [spawn("w1"), spawn("w2")];
    let lines: Vec<_> = workers.iter_mut().map(collect_lines).collect();
    let all = || -> Vec<String> {
        lines
            .iter()
            .flat_map(|l| {
                l.lock()
                    .unwrap()
                    .iter()
                    .map(|(_, s)| s.clone())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let until = |what: &str| {
        let t0 = Instant::now();
        while !all().iter().any(|l| l.contains(what)) {
            assert!(t0.elapsed() < Duration::from_secs(60), "no {what:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    until("Maiduguri");
    for (i, place) in ["Mogadishu", "Kabul", "Peshawar"].iter().enumerate() {
        feed.lock()
            .unwrap()
            .items
            .insert(0, attack(place, 10 + i as u32));
        until(place);
    }
    // Some more polls with nothing new.
    std::thread::sleep(Duration::from_secs(3));
    for w in &mut workers {
        let _ = w.kill();
        let _ = w.wait();
    }
    let ids: Vec<String> = all()
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["record"]["event"]["id"].as_str().unwrap().to_string()
        })
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "a match delivered twice: {ids:?}");
    assert_eq!(documents(&url), 5, "each item stored once");
    let status: serde_json::Value =
        serde_json::from_slice(&run(&["status", "--json", "--db", &url]).stdout).unwrap();
    assert_eq!(status["feeds"]["feeds"], 1);
    assert_eq!(status["feeds"]["failing"], 0);
    assert_eq!(status["feeds"]["documents"], 5);
    // `vigil watch run` shares the workers' lock and finds nothing left to deliver.
    assert!(run(&["watch", "run", "--db", &url]).stdout.is_empty());
    let f = feed.lock().unwrap();
    assert!(
        f.not_modified > 0,
        "no conditional hit in {} requests",
        f.requests
    );
    // A worker killed between a request and its record may leave one request unrecorded.
    let polls = feeds_json(&url)[0]["polls"].as_u64().unwrap() as usize;
    assert!(
        polls <= f.requests && f.requests <= polls + 2,
        "{polls} polls recorded, {} requests",
        f.requests
    );
}
