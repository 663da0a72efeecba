//! Many workers, one PostgreSQL corpus: 5,000 generated reports queued and processed by four
//! `vigil worker` processes while workers are killed with SIGKILL (at least 20 times, each
//! replaced) and the PostgreSQL server is restarted once; the run completes with every item
//! done and the stored corpus equal to a single-process `vigil ingest` into SQLite of the same
//! files: the same documents, and the same events, near-duplicates' included (compared after
//! sorting).

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use vigil_store::pgtest::TestCluster;

mod common;
use common::{run, vigil};

fn worker(url: &str, n: usize, log: &Path) -> Child {
    let log = std::fs::File::create(log).unwrap();
    vigil()
        .args([
            "worker",
            "--db",
            url,
            "--until-empty",
            "--lease",
            "3",
            "--batch",
            "4",
            "--name",
            &format!("w{n}"),
        ])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

/// Every stored event (near-duplicates' too) as sorted JSON lines, each event with its
/// document's id; which of two near-duplicate documents counts as the original is left out
/// (it depends on which was stored first).
fn events(db: &str) -> Vec<String> {
    let out = run(&[
        "query",
        "--db",
        db,
        "--format",
        "jsonl",
        "--include-duplicates",
    ]);
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["document"]
                .as_object_mut()
                .unwrap()
                .remove("duplicate_of");
            v.to_string()
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn four_workers_killed_and_a_database_restart_lose_and_double_nothing() {
    let Some(cluster) = TestCluster::shared_or_skip() else {
        return;
    };
    let url = cluster.database().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let corpus_s = corpus.to_str().unwrap();
    run(&["bench", "corpus", "--out", corpus_s, "--documents", "5000"]);

    // The reference: one process, SQLite.
    let sqlite = dir.path().join("one.db");
    let sqlite = sqlite.to_str().unwrap();
    run(&["ingest", corpus_s, "--db", sqlite]);

    // The queue: every file once, however often it is queued.
    let out = run(&["enqueue", corpus_s, "--db", &url]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("5000 items queued"));
    let out = run(&["enqueue", corpus_s, "--db", &url]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0 items queued (5000 already"));

    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let mut spawned = 0;
    let mut workers: Vec<Child> = (0..4)
        .map(|_| {
            spawned += 1;
            worker(&url, spawned, &logs.join(format!("w{spawned}.log")))
        })
        .collect();
    // Kill a worker every 150 ms (a different one each time) and start another in its place;
    // restart the server after the tenth kill.
    let t0 = Instant::now();
    let mut kills = 0;
    let mut restarted = false;
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    while kills < 24 && t0.elapsed() < Duration::from_secs(240) {
        std::thread::sleep(Duration::from_millis(150));
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let i = (rng % workers.len() as u64) as usize;
        if workers[i].try_wait().unwrap().is_some() {
            break; // the queue is empty: workers are exiting
        }
        workers[i].kill().unwrap(); // SIGKILL
        workers[i].wait().unwrap();
        kills += 1;
        spawned += 1;
        workers[i] = worker(&url, spawned, &logs.join(format!("w{spawned}.log")));
        if kills == 10 {
            cluster.restart().unwrap();
            restarted = true;
        }
    }
    assert!(kills >= 20, "only {kills} kills before the queue emptied");
    assert!(restarted);
    for mut w in workers {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            if let Some(status) = w.try_wait().unwrap() {
                assert!(status.success(), "a worker failed: {status}");
                break;
            }
            assert!(Instant::now() < deadline, "a worker never finished");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    // Every item done, none failed, nothing held.
    let out = run(&["status", "--db", &url, "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            &status["done"],
            &status["failed"],
            &status["queued"],
            &status["leased"],
            &status["stuck"]
        ),
        (&5000.into(), &0.into(), &0.into(), &0.into(), &0.into()),
        "{status}"
    );
    // The same corpus: documents, near-duplicate count, every event.
    let stats = |db: &str| -> serde_json::Value {
        let mut v: serde_json::Value =
            serde_json::from_slice(&run(&["stats", "--json", "--db", db]).stdout).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("db_bytes");
        v
    };
    let (one, many) = (stats(sqlite), stats(&url));
    assert_eq!(one["documents"], 5000);
    assert_eq!(one["documents"], many["documents"]);
    // (Near-duplicates: the same, unless two of them were stored at the same moment by two
    // workers, when both stay originals; see the README.)
    eprintln!(
        "near-duplicate documents: {} in one process, {} with workers",
        one["duplicates"], many["duplicates"]
    );
    let (a, b) = (events(sqlite), events(&url));
    assert_eq!(a.len(), b.len());
    assert!(a == b, "the events differ");
}
