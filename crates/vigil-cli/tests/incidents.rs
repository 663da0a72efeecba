//! `vigil incidents`, `changes`, `claims` and `picture` over a stored corpus: the incident
//! corpus written for the tests (`tests/fixtures/incidents/`) and the seed articles in
//! `../shared/corpus/seeds/` (third-party text read in place; missing under `CI=true` fails).

use std::path::{Path, PathBuf};
use std::process::Command;

fn vigil(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "vigil {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
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
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
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
