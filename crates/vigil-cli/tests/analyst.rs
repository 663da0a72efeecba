//! What an analyst meets on day one (issue 21), over a store of the demo articles and the
//! incident corpus: names that find their events, filters checked once, numeric alert levels,
//! and exports that load as they are (CSV, GeoJSON, Parquet read back by pyarrow).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

mod common;
use common::{ok, vigil};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A store of the demo articles and the incident corpus, built once for these tests.
fn db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        ok(
            vigil()
                .args(["ingest", "--published", "2026-03-04", "--db"])
                .arg(&db)
                .arg(root().join("data/demo"))
                .arg(root().join("tests/fixtures/incidents"))
                .output()
                .unwrap(),
            "vigil ingest",
        );
        (dir, db)
    })
    .1
}

fn run(args: &[&str]) -> Output {
    vigil().args(args).arg("--db").arg(db()).output().unwrap()
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(ok(run(args), &args.join(" ")).stdout).unwrap()
}

fn stderr_of_failure(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "vigil {} should fail",
        args.join(" ")
    );
    String::from_utf8(out.stderr).unwrap()
}

fn ids(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["event"]["id"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn actor_names_and_aliases_find_the_ids_events() {
    let by_id = ids(&stdout(&[
        "query",
        "--actor",
        "grp:islamic-state",
        "--format",
        "jsonl",
    ]));
    assert!(!by_id.is_empty());
    for name in ["Islamic State", "ISIS", "isis", "Daesh"] {
        let got = ids(&stdout(&["query", "--actor", name, "--format", "jsonl"]));
        assert_eq!(got, by_id, "--actor {name}");
    }
    // Affiliates on request: a superset.
    let with = ids(&stdout(&[
        "query",
        "--actor",
        "Islamic State",
        "--with-affiliates",
        "--format",
        "jsonl",
    ]));
    assert!(by_id.iter().all(|i| with.contains(i)) && with.len() >= by_id.len());
    // Claims by a name, as by the id.
    let claims_id = stdout(&["claims", "--actor", "grp:jnim", "--json"]);
    assert!(
        !claims_id.trim().is_empty(),
        "JNIM claims or threats are in the demo"
    );
    assert_eq!(stdout(&["claims", "--actor", "JNIM", "--json"]), claims_id);
    // An unknown name is an error that names the closest.
    let e = stderr_of_failure(&["query", "--actor", "Islamic Stat"]);
    assert!(e.contains("unknown actor \"Islamic Stat\""), "{e}");
    assert!(e.contains("Islamic State (grp:islamic-state)"), "{e}");
    let e = stderr_of_failure(&["claims", "--actor", "Boko Harum"]);
    assert!(e.contains("grp:boko-haram"), "{e}");
}

#[test]
fn country_names_are_codes_and_bad_ones_are_errors() {
    let code = stdout(&["query", "--country", "NL", "--format", "jsonl"]);
    assert!(!code.is_empty());
    assert_eq!(
        stdout(&["query", "--country", "Netherlands", "--format", "jsonl"]),
        code
    );
    assert_eq!(
        stdout(&["query", "--country", "nld", "--format", "jsonl"]),
        code
    );
    let e = stderr_of_failure(&["query", "--country", "XX"]);
    assert!(e.contains("unknown country \"XX\""), "{e}");
    let e = stderr_of_failure(&["query", "--country", "Frnace"]);
    assert!(e.contains("France (FR)"), "{e}");
    let e = stderr_of_failure(&["picture", "ZZ"]);
    assert!(e.contains("unknown country \"ZZ\""), "{e}");
    let e = stderr_of_failure(&["query", "--from", "2026-03-05", "--to", "2026-03-01"]);
    assert!(
        e.contains("from (2026-03-05) is after to (2026-03-01)"),
        "{e}"
    );
    // A country without events: an indicator of 0.00, never -0.00.
    let nz = stdout(&["picture", "New Zealand"]);
    assert!(nz.contains("indicator: 0.00"), "{nz}");
}

#[test]
fn numeric_alert_levels_show_in_the_picture() {
    let nl = stdout(&["picture", "NL"]);
    assert!(nl.contains("raised to 4"), "{nl}");
    let v: Value = serde_json::from_str(&stdout(&["picture", "Netherlands", "--json"])).unwrap();
    assert_eq!(v["alerts"][0]["level"], "4", "{v}");
}

#[test]
fn incident_counts_say_report_or_reports() {
    let list = stdout(&["incidents", "list"]);
    assert!(!list.contains(" 1 reports"), "{list}");
    assert!(list.contains(" 1 report "), "{list}");
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

#[test]
fn csv_has_actors_areas_and_honest_dates() {
    let (head, rows) = csv_rows(&stdout(&["export", "--format", "csv"]));
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    assert!(head.contains(&"admin1_code".to_string()) && head.contains(&"language".into()));
    assert!(!rows.is_empty());
    for r in &rows {
        // actor2 is a name or an id'd actor, never a phrase.
        let a2 = &r[col("actor2")];
        if !a2.is_empty() && !a2.contains('[') {
            assert!(a2.chars().next().unwrap().is_uppercase(), "actor2 {a2:?}");
            assert!(
                !a2.starts_with("behalf") && !a2.contains(" soil "),
                "{a2:?}"
            );
        }
        // An undated event has no precision.
        if r[col("event_date")].is_empty() {
            assert_eq!(r[col("time_precision")], "", "{r:?}");
        } else {
            assert!(!r[col("time_precision")].is_empty(), "{r:?}");
        }
        // A first-level area's code is a GeoNames code with its country.
        let code = &r[col("admin1_code")];
        if !code.is_empty() {
            assert!(
                code.starts_with(&format!("{}.", r[col("country")])),
                "{r:?}"
            );
        }
        assert_eq!(r[col("language")], "en");
    }
}

#[test]
fn geojson_has_every_column_points_areas_and_a_summary() {
    let out = ok(run(&["export", "--format", "geojson"]), "export geojson");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (head, rows) = csv_rows(&stdout(&["export", "--format", "csv"]));
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len(), "one feature per event");
    let mut points = 0;
    for f in features {
        let props = f["properties"].as_object().unwrap();
        for h in &head {
            assert!(props.contains_key(h), "feature lacks {h}");
        }
        match (
            f["geometry"]["type"].as_str(),
            props["geo_precision"].as_str(),
        ) {
            (Some("Point"), Some(p)) => {
                points += 1;
                assert!(!["country", "admin1", "region"].contains(&p), "{f}");
            }
            (Some("MultiPolygon"), p) => assert_eq!(p, Some("country")),
            (None, _) => assert!(f["properties"]["geometry_note"].is_string(), "{f}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(v["summary"]["with_coordinates"], points);
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains(&format!("{} events, {points} with coordinates", rows.len())),
        "{said}"
    );
}

/// pyarrow under `python3`: required under `CI=true` (`.ci/run` installs it).
fn pyarrow() -> bool {
    let have = std::process::Command::new("python3")
        .args(["-c", "import pyarrow.parquet"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        have || std::env::var("CI").as_deref() != Ok("true"),
        "python3 with pyarrow is required under CI=true (pip install pyarrow)"
    );
    if !have {
        eprintln!("skipping: python3 with pyarrow is missing");
    }
    have
}

#[test]
fn parquet_reads_back_with_the_csvs_rows_and_types() {
    if !pyarrow() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (pq, csv) = (dir.path().join("e.parquet"), dir.path().join("e.csv"));
    let said = String::from_utf8(
        ok(
            run(&["export", "--format", "parquet", "-o", pq.to_str().unwrap()]),
            "export parquet",
        )
        .stderr,
    )
    .unwrap();
    assert!(said.contains("written to"), "{said}");
    ok(
        run(&["export", "--format", "csv", "-o", csv.to_str().unwrap()]),
        "export csv",
    );
    let script = r#"
import csv, json, sys, datetime
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2], newline='', encoding='utf-8')))
types = {f.name: str(f.type) for f in t.schema}
cols = [c for c in t.column_names if c != 'roles']
assert cols == list(rows[0].keys()), (cols, list(rows[0].keys()))
assert t.num_rows == len(rows), (t.num_rows, len(rows))
data = t.to_pylist()
for got, want in zip(data, rows):
    for c in cols:
        g, w = got[c], want[c]
        if g is None:
            assert w == '', (c, g, w)
        elif isinstance(g, float):
            assert abs(g - float(w)) < (0.006 if c == 'confidence' else 1e-9), (c, g, w)
        elif isinstance(g, datetime.date):
            assert g.isoformat() == w, (c, g, w)
        else:
            assert str(g) == w, (c, g, w)
roles = sum(len(r['roles']) for r in data)
print(json.dumps({"rows": t.num_rows, "types": types, "roles": roles}))
"#;
    let out = ok(
        std::process::Command::new("python3")
            .args(["-c", script])
            .arg(&pq)
            .arg(&csv)
            .output()
            .unwrap(),
        "pyarrow reads the Parquet export back",
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("pyarrow: {v}");
    assert!(v["rows"].as_u64().unwrap() > 10);
    assert!(v["roles"].as_u64().unwrap() > v["rows"].as_u64().unwrap());
    let t = &v["types"];
    assert_eq!(t["event_date"], "date32[day]");
    assert_eq!(t["killed"], "int64");
    assert_eq!(t["latitude"], "double");
    assert_eq!(t["confidence"], "double");
    assert!(t["roles"]
        .as_str()
        .unwrap()
        .starts_with("list<item: struct<role: string"));
}

/// A report in French, written for these tests.
const FRENCH: &str = "Attentat à Lyon\n\nUn homme armé d'un couteau a attaqué des passants lundi \
    matin dans le centre de Lyon, blessant trois personnes, selon la préfecture du Rhône. \
    L'assaillant a été interpellé par la police municipale quelques minutes plus tard et une \
    enquête a été ouverte par le parquet national antiterroriste.\n";

#[test]
fn languages_not_read_are_named_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let fr = dir.path().join("lyon.txt");
    std::fs::write(&fr, FRENCH).unwrap();
    let db = dir.path().join("fr.db");
    for args in [
        vec!["extract"],
        vec!["ingest", "--db", db.to_str().unwrap()],
    ] {
        let out = vigil().args(&args).arg(&fr).output().unwrap();
        // The per-document line goes to standard error, the run's summary with the rest.
        let err = String::from_utf8_lossy(&out.stderr).to_string()
            + &String::from_utf8_lossy(&out.stdout);
        assert!(
            err.contains("lyon.txt: in French (fr), a language Vigil does not read yet"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("1 document in languages not yet read: fr 1"),
            "{args:?}: {err}"
        );
    }
    // The store keeps it, and the document's record says so.
    let docs = vigil()
        .args(["query", "--db", db.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(docs.status.success());
    let stats: Value = serde_json::from_slice(
        &ok(
            vigil()
                .args(["stats", "--json", "--db", db.to_str().unwrap()])
                .output()
                .unwrap(),
            "stats",
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(stats["documents"], 1, "{stats}");
    assert!(stats.to_string().contains("\"fr\""), "{stats}");
}

#[test]
fn closed_pipes_end_quietly() {
    let db = db().to_str().unwrap().to_string();
    for args in [
        vec!["demo"],
        vec!["query", "--db", &db],
        vec!["export", "--format", "jsonl", "--db", &db],
    ] {
        for _ in 0..3 {
            let mut child = vigil()
                .args(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // The reader goes away before the first line: every write meets a closed pipe.
            drop(child.stdout.take());
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
            assert!(
                !err.contains("panicked") && !err.contains("Broken pipe"),
                "{args:?}: {err}"
            );
        }
    }
}

#[test]
fn an_empty_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("nothing-here");
    std::fs::create_dir(&empty).unwrap();
    let out = vigil()
        .args(["ingest", "--db"])
        .arg(dir.path().join("e.db"))
        .arg(&empty)
        .output()
        .unwrap();
    let err =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing-here: an empty directory"), "{err}");
    assert!(err.contains("1 rejected: empty 1"), "{err}");
}

#[test]
fn one_document_id_whatever_the_path_and_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("news");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(
        root().join("data/demo/01-kabul-ministry-bombing.txt"),
        sub.join("kabul.txt"),
    )
    .unwrap();
    let extracted: Value = serde_json::from_slice(
        &ok(
            vigil()
                .args(["extract", "--format", "json"])
                .arg(sub.join("../news/kabul.txt"))
                .output()
                .unwrap(),
            "extract",
        )
        .stdout,
    )
    .unwrap();
    let db = dir.path().join("id.db");
    ok(
        vigil()
            .args(["ingest", "--db"])
            .arg(&db)
            .arg(&sub)
            .output()
            .unwrap(),
        "ingest",
    );
    let stored = String::from_utf8(
        ok(
            vigil()
                .args(["query", "--format", "jsonl", "--db"])
                .arg(&db)
                .output()
                .unwrap(),
            "query",
        )
        .stdout,
    )
    .unwrap();
    let id = extracted[0]["document"]["id"].as_str().unwrap();
    assert!(id.starts_with("kabul-"), "{id}");
    let first: Value = serde_json::from_str(stored.lines().next().unwrap()).unwrap();
    assert_eq!(first["document"]["id"], id);
    // The demo's ids are what the docs say, in `vigil demo` as in `serve --demo`.
    let demo: Value = serde_json::from_slice(
        &ok(
            vigil().args(["demo", "--format", "json"]).output().unwrap(),
            "demo",
        )
        .stdout,
    )
    .unwrap();
    let demo_id = demo[0]["document"]["id"].as_str().unwrap();
    assert!(demo_id.starts_with("demo-01-"), "{demo_id}");
}

#[test]
fn errors_say_each_thing_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = vigil()
        .args(["query", "--db"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("it is a directory").count(), 1, "{err}");
}

#[test]
fn help_lists_every_kind_and_modality() {
    for cmd in [vec!["query"], vec!["export"], vec!["watch", "add"]] {
        let help = String::from_utf8(
            ok(vigil().args(&cmd).arg("--help").output().unwrap(), "--help").stdout,
        )
        .unwrap();
        for k in vigil_model::EventKind::ALL {
            assert!(help.contains(k.as_str()), "{cmd:?} --help lacks kind {k}");
        }
        if cmd != ["watch", "add"] {
            for m in vigil_model::Modality::ALL {
                assert!(
                    help.contains(m.as_str()),
                    "{cmd:?} --help lacks modality {m}"
                );
            }
        }
    }
}
