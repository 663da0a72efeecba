//! `--db postgres://…`: the same commands on a PostgreSQL server give the same answers as on a
//! SQLite file (the fixture articles ingested into both; events, stats, incidents, claims and a
//! full-text query compared), and ingesting again stores nothing.

use std::path::Path;
use vigil_store::pgtest::TestCluster;

mod common;
use common::run;

#[test]
fn postgres_answers_as_sqlite_does() {
    let Some(url) = TestCluster::database_or_skip() else {
        return;
    };
    let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/articles");
    let articles = articles.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("v.db");
    let sqlite = sqlite.to_str().unwrap();
    for db in [sqlite, url.as_str()] {
        run(&["ingest", articles, "--db", db]);
    }
    let again = run(&["ingest", articles, "--db", &url]);
    let said = String::from_utf8_lossy(&again.stdout).to_string()
        + &String::from_utf8_lossy(&again.stderr);
    assert!(said.contains(": 0 stored"), "{said}");
    for cmd in [
        vec!["query", "--format", "jsonl"],
        vec![
            "query",
            "--format",
            "jsonl",
            "--text",
            "bomb* OR arrested",
            "--kind",
            "attack",
        ],
        vec!["stats", "--json"],
        vec!["incidents", "list", "--json"],
        vec!["claims"],
    ] {
        let on = |db: &str| {
            let mut args = cmd.clone();
            args.extend(["--db", db]);
            let out = run(&args);
            String::from_utf8(out.stdout).unwrap()
        };
        let (a, mut b) = (on(sqlite), on(&url));
        if cmd[0] == "stats" {
            // The size of the database is the backend's own.
            let strip = |s: &str| {
                let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
                v.as_object_mut().unwrap().remove("db_bytes");
                v
            };
            assert_eq!(strip(&a), strip(&b));
            b = a.clone();
        }
        assert!(!a.trim().is_empty(), "{cmd:?}: nothing to compare");
        assert_eq!(a, b, "{cmd:?}");
    }
}
