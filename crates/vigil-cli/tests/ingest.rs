//! `vigil ingest` and the commands that read its store, end to end through the binary: every
//! kind of input, bad inputs named and counted while the rest is stored, ingesting twice changes
//! nothing, a `kill -9` mid-run resumed by the same command loses and duplicates nothing, and
//! URLs fetched from a local server (404, a server that never answers).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::vigil;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ingest")
}

/// A scratch directory removed when the test ends (its stores are tens of megabytes each).
struct Tmp(tempfile::TempDir);

impl std::ops::Deref for Tmp {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

fn tmp(name: &str) -> Tmp {
    Tmp(tempfile::Builder::new()
        .prefix(&format!("vigil-ingest-{name}-"))
        .tempdir()
        .unwrap())
}

fn run(args: &[&str]) -> Output {
    vigil().args(args).output().unwrap()
}

fn stats(db: &Path) -> serde_json::Value {
    let out = run(&["stats", "--json", "--db", db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn event_ids(db: &Path) -> Vec<String> {
    let out = run(&[
        "query",
        "--format",
        "jsonl",
        "--include-duplicates",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["event"]["id"].as_str().unwrap().to_string()
        })
        .collect()
}

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><title>Gunmen attack checkpoint | Example News</title>\
<meta property=\"og:site_name\" content=\"Example News\">\
<meta property=\"article:published_time\" content=\"2024-05-06T08:00:00Z\"></head><body>\
<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>Gunmen attack checkpoint near Kabul</h1>\
<p>Gunmen attacked a police checkpoint on the outskirts of Kabul on Sunday night, killing four officers, the interior ministry said.</p>\
<p>No group immediately claimed responsibility for the attack, which came days after a bombing in the same district.</p>\
</article><footer>Copyright Example News</footer></body></html>";

const THIRD: &str = "<html><head><title>Claim</title></head><body><main><h1>Group claims market bombing</h1>\
<p>The Islamic State claimed responsibility on Wednesday for a bombing at a market in Baghdad that killed nine people, in a statement on its Amaq news agency.</p>\
<p>Iraqi officials said the claim was being examined.</p></main></body></html>";

/// A directory holding one of every input kind, written for this test.
fn corpus(dir: &Path) {
    for f in ["wire.rss", "alerts.atom"] {
        std::fs::copy(fixtures().join(f), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("page.html"), PAGE).unwrap();
    std::fs::write(
        dir.join("note.txt"),
        "Police in Lyon arrested two men on Tuesday on suspicion of planning an attack on a synagogue.",
    )
    .unwrap();
    let other = PAGE
        .replace("Kabul", "Jalalabad")
        .replace("four officers", "two soldiers")
        .replace(
            "a bombing in the same district",
            "a rocket strike on the city's airport",
        );
    let warc = vigil_ingest::warc::write_warc(
        &[
            (
                "https://news.example.org/a/1",
                "2024-05-07T10:00:00Z",
                other.as_bytes(),
            ),
            (
                "https://news.example.org/a/2",
                "2024-05-07T10:05:00Z",
                THIRD.as_bytes(),
            ),
        ],
        true,
    );
    std::fs::write(dir.join("crawl.warc.gz"), warc).unwrap();
}

#[test]
fn every_input_kind_is_stored_and_twice_changes_nothing() {
    let dir = tmp("kinds");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    corpus(&inputs);
    let db = dir.join("v.db");
    let jsonl = fixtures().join("dump.jsonl");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = vec!["ingest".into(), "--db".into(), db.display().to_string()];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let a = args(&[
        inputs.to_str().unwrap(),
        jsonl.to_str().unwrap(),
        "--text-field",
        "body",
        "--title-field",
        "headline",
        "--url-field",
        "link",
        "--published-field",
        "date",
    ]);
    let out = vigil().args(&a).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The JSONL dump has a bad line and a line without text: named, counted, the rest stored.
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("dump.jsonl:3: not JSON") || stderr.contains("dump.jsonl:3: malformed"),
        "{stderr}"
    );
    assert!(stderr.contains("dump.jsonl:4:"), "{stderr}");
    assert!(stdout.contains("2 rejected"), "{stdout}");
    let s1 = stats(&db);
    // rss 2 + atom 1 + page 1 + note 1 + warc 2 + jsonl 2
    assert_eq!(s1["documents"], 9, "{s1}");
    let kinds = &s1["events_by_kind"];
    for k in ["attack", "warning", "arrest", "alert_level_change"] {
        assert!(kinds[k].as_u64().unwrap_or(0) >= 1, "no {k}: {s1}");
    }
    let ids1 = event_ids(&db);
    // Again: nothing new, nothing duplicated.
    let out = vigil().args(&a).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 stored") && stdout.contains("9 already stored"),
        "{stdout}"
    );
    assert_eq!(stats(&db), s1);
    assert_eq!(event_ids(&db), ids1);

    // Query, export, text read the store and the pages.
    let out = run(&[
        "query",
        "--db",
        db.to_str().unwrap(),
        "--kind",
        "attack",
        "--country",
        "TR",
    ]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("Istanbul") || table.contains("Kadikoy"),
        "{table}"
    );
    let out = run(&["export", "--db", db.to_str().unwrap(), "--format", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.starts_with("event_id,event_date,time_precision,kind,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count() - 1, ids1.len());
    let out = run(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "geojson",
        "--kind",
        "attack",
    ]);
    let g: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    assert!(!g["features"].as_array().unwrap().is_empty());
    let out = run(&["text", inputs.join("page.html").to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Gunmen attack checkpoint near Kabul\n\nGunmen attacked"),
        "{text}"
    );
    assert!(
        !text.contains("Home") && !text.contains("Copyright"),
        "{text}"
    );
}

#[test]
fn bad_inputs_are_named_counted_and_lose_nothing() {
    let dir = tmp("bad");
    let db = dir.join("v.db");
    let good = dir.join("good.html");
    std::fs::write(&good, PAGE).unwrap();
    let first = run(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = stats(&db);

    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let mut warc = vigil_ingest::warc::write_warc(
        &[("https://e/1", "2024-01-01T00:00:00Z", PAGE.as_bytes())],
        true,
    );
    warc.truncate(warc.len() - 40);
    std::fs::write(bad.join("cut.warc.gz"), warc).unwrap();
    std::fs::write(
        bad.join("image.html"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0],
    )
    .unwrap();
    std::fs::write(bad.join("broken.rss"), "<rss><channel><item><title>cut").unwrap();
    let big = std::fs::File::create(bad.join("huge.html")).unwrap();
    big.set_len(100 << 20).unwrap();
    drop(big);
    let out = run(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    for (name, why) in [
        ("cut.warc.gz", "truncated"),
        ("image.html", "binary"),
        ("broken.rss", "feed"),
        ("huge.html", "byte cap"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.to_lowercase().contains(why)),
            "{name} ({why}) not reported:\n{stderr}"
        );
    }
    assert!(stdout.contains("4 rejected"), "{stdout}");
    assert_eq!(stats(&db), before, "nothing stored was lost");
}

/// A local server: `/page` an article, `/feed` a feed, `/missing` 404, `/silent` never answers.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut s = stream;
                let mut reader = BufReader::new(s.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap_or(0);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let (status, ct, body): (&str, &str, String) = match path.as_str() {
                    "/page" => ("200 OK", "text/html; charset=utf-8", PAGE.to_string()),
                    "/feed" => (
                        "200 OK",
                        "application/rss+xml",
                        std::fs::read_to_string(fixtures().join("wire.rss")).unwrap(),
                    ),
                    "/silent" => {
                        std::thread::sleep(Duration::from_secs(30));
                        return;
                    }
                    _ => ("404 Not Found", "text/plain", "not here".to_string()),
                };
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn urls_are_fetched_and_failures_named() {
    let base = serve();
    let dir = tmp("urls");
    let db = dir.join("v.db");
    let urls = [
        format!("{base}/page"),
        format!("{base}/feed"),
        format!("{base}/missing"),
        format!("{base}/silent"),
    ];
    let t0 = Instant::now();
    let mut args = vec![
        "ingest".to_string(),
        "--timeout".into(),
        "2".into(),
        "--db".into(),
        db.display().to_string(),
    ];
    args.extend(urls.iter().cloned());
    let out = vigil().args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        t0.elapsed() < Duration::from_secs(20),
        "the silent server was not timed out"
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{base}/missing: fetch failed: HTTP 404")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("/silent") && l.contains("timed out")),
        "{stderr}"
    );
    let s = stats(&db);
    assert_eq!(s["documents"], 3, "page + 2 feed items: {s}");
    let out = run(&["query", "--format", "jsonl", "--db", db.to_str().unwrap()]);
    let body = String::from_utf8_lossy(&out.stdout);
    assert!(
        body.contains(&format!("\"url\":\"{base}/page\"")),
        "the page keeps its URL: {body}"
    );
}

/// Many small articles, written here, each unique.
fn many(dir: &Path, n: usize) {
    let places = [
        "Kabul",
        "Mogadishu",
        "Baghdad",
        "Maiduguri",
        "Peshawar",
        "Gao",
        "Mosul",
        "Aden",
    ];
    for i in 0..n {
        let p = places[i % places.len()];
        std::fs::write(
            dir.join(format!("a{i:05}.txt")),
            format!(
                "Gunmen attacked a checkpoint in {p} on Monday, killing {} soldiers, officials said. \
                 Report number {i} of the series; the attackers fled on motorcycles.",
                i % 9 + 2
            ),
        )
        .unwrap();
    }
}

#[test]
fn kill_9_mid_run_then_the_same_command_loses_and_duplicates_nothing() {
    kill_9_mid_run_and_resume("1");
}

/// Extraction on several threads, the batches still stored in input order: a run killed
/// mid-way is finished by the same command as before.
#[test]
fn kill_9_mid_run_with_four_threads_then_the_same_command_loses_and_duplicates_nothing() {
    kill_9_mid_run_and_resume("4");
}

fn kill_9_mid_run_and_resume(threads: &str) {
    let dir = tmp(&format!("kill-{threads}"));
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let n = 3000;
    many(&inputs, n);
    // The reference: one uninterrupted run.
    let clean = dir.join("clean.db");
    let out = run(&[
        "ingest",
        "--batch",
        "16",
        "--threads",
        threads,
        "--db",
        clean.to_str().unwrap(),
        inputs.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = stats(&clean);
    assert_eq!(want["documents"], n as u64);

    let db = dir.join("killed.db");
    let args = [
        "ingest",
        "--batch",
        "16",
        "--threads",
        threads,
        "--db",
        db.to_str().unwrap(),
        inputs.to_str().unwrap(),
    ];
    let mut child = vigil()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed (the store answers with documents), then kill -9
    // mid-run.
    let t0 = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let out = run(&["stats", "--json", "--db", db.to_str().unwrap()]);
        let committed = out.status.success()
            && serde_json::from_slice::<serde_json::Value>(&out.stdout)
                .is_ok_and(|v| v["documents"].as_u64().unwrap_or(0) > 0);
        if committed || t0.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    let killed = std::process::Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run was killed, not finished");
    let partial = stats(&db);
    let got = partial["documents"].as_u64().unwrap();
    assert!(
        got > 0 && got < n as u64,
        "killed mid-run: {got} of {n} stored"
    );

    // The same command again finishes the job.
    let out = vigil().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("{got} already stored")),
        "{stdout}"
    );
    let mut done = stats(&db);
    let mut want = want;
    for s in [&mut done, &mut want] {
        s.as_object_mut().unwrap().remove("db_bytes");
    }
    assert_eq!(done, want, "resumed store equals an uninterrupted run");
    let ids = event_ids(&db);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "no event stored twice");
    assert_eq!(ids.len(), event_ids(&clean).len());
}

/// A photo caption marked by the page (`<figcaption>`) is a caption to the extractor too: its
/// event stays apart from the body's, and the page's headline is the document's title.
#[test]
fn html_captions_stay_captions() {
    let dir = tmp("captions");
    let page = "<html><head><title>x</title></head><body><article><h1>Car bomb kills six in Mogadishu</h1>\
        <figure><img src=\"a.jpg\"><figcaption>A car bomb exploded near the Mogadishu port in 2019, killing 20 people.</figcaption></figure>\
        <p>A car bomb exploded outside a restaurant in Mogadishu on Sunday, killing six people, police said.</p>\
        <p>No group immediately claimed the attack, but al-Shabaab has carried out similar bombings in the city.</p>\
        </article></body></html>";
    let p = dir.join("page.html");
    std::fs::write(&p, page).unwrap();
    let out = run(&["extract", "--format", "jsonl", p.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document"]["title"], "Car bomb kills six in Mogadishu");
    let attacks: Vec<&serde_json::Value> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "attack")
        .collect();
    assert_eq!(attacks.len(), 2, "caption and body attacks apart: {v}");
    let caption = attacks
        .iter()
        .find(|e| e["evidence"][0]["text"].as_str().unwrap().contains("port"))
        .expect("an event from the caption");
    assert_eq!(
        caption["evidence"].as_array().unwrap().len(),
        1,
        "{caption}"
    );
}

/// One document id for every command: `vigil extract FILE` names a file as `vigil ingest FILE`
/// stores it (and so as `vigil query` answers it).
#[test]
fn extract_and_ingest_give_a_file_the_same_document_id() {
    let dir = tmp("same-id");
    std::fs::write(
        dir.join("note.txt"),
        "Police in Lyon arrested two men on Tuesday on suspicion of planning an attack on a synagogue.",
    )
    .unwrap();
    std::fs::write(dir.join("page.html"), PAGE).unwrap();
    let db = dir.join("v.db");
    for name in ["note.txt", "page.html"] {
        let file = dir.join(name);
        let file = file.to_str().unwrap();
        let out = run(&["extract", file, "--format", "json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let extracted: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let extracted = extracted[0]["document"]["id"].as_str().unwrap().to_string();
        let out = run(&["ingest", file, "--db", db.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = run(&["query", "--format", "json", "--db", db.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let records: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let stored: Vec<&str> = records
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["document"]["id"].as_str().unwrap())
            .collect();
        assert!(!stored.is_empty(), "{name}: events stored");
        assert!(
            stored.contains(&extracted.as_str()),
            "{name}: extract says {extracted}, the store {stored:?}"
        );
        for r in records.as_array().unwrap() {
            let event = r["event"]["id"].as_str().unwrap();
            if r["document"]["id"] == extracted.as_str() {
                assert!(event.starts_with(&format!("{extracted}#")), "{event}");
            }
        }
    }
}

/// `--threads`: the store is the same, record for record, whatever the number of extraction
/// threads (near-duplicates included: the same originals are chosen).
#[test]
fn ingest_on_several_threads_stores_what_one_thread_stores() {
    let dir = tmp("threads");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    many(&inputs, 600);
    corpus(&inputs);
    let mut dumps = Vec::new();
    for threads in ["1", "2", "4"] {
        let db = dir.join(format!("t{threads}.db"));
        let out = run(&[
            "ingest",
            "--batch",
            "32",
            "--threads",
            threads,
            "--db",
            db.to_str().unwrap(),
            inputs.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // "N articles read in T s (R/s): what was stored, into DB": the counts.
        let said = String::from_utf8_lossy(&out.stdout);
        let summary = said
            .split_once("): ")
            .and_then(|(_, rest)| rest.split_once(", into "))
            .map(|(counts, _)| counts.to_string())
            .unwrap_or_else(|| panic!("{said}"));
        let query = run(&[
            "query",
            "--format",
            "jsonl",
            "--include-duplicates",
            "--db",
            db.to_str().unwrap(),
        ]);
        let mut s = stats(&db);
        s.as_object_mut().unwrap().remove("db_bytes");
        dumps.push((threads, summary, query.stdout, s));
    }
    let (_, summary, records, counts) = &dumps[0];
    assert!(
        counts["duplicates"].as_u64().unwrap() > 0,
        "near-duplicates among the inputs: {summary}"
    );
    for (threads, s, r, c) in &dumps[1..] {
        assert_eq!(s, summary, "{threads} threads: the same summary");
        assert!(
            r == records,
            "{threads} threads: the same records, byte for byte"
        );
        assert_eq!(c, counts, "{threads} threads: the same counts");
    }
}
