//! `vigil eval muc4` on a slice of `../shared/eval/muc4/dev.json` (third-party text read in
//! place; missing under `CI=true` fails): the scorer's arithmetic end to end.

use std::collections::BTreeMap;
use std::path::PathBuf;
mod common;
use common::{ok, vigil};
use vigil_extract::muc4;

#[test]
fn muc4_slice_scores_add_up() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/muc4/dev.json");
    if !path.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing (required under CI=true)",
            path.display()
        );
        eprintln!("skipping: {} is missing", path.display());
        return;
    }
    let all = std::fs::read_to_string(&path).unwrap();
    let slice: String = all.lines().take(25).map(|l| format!("{l}\n")).collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slice.json");
    std::fs::write(&file, &slice).unwrap();
    let preds = dir.path().join("pred.json");
    let out = ok(
        vigil()
            .args(["eval", "muc4", "--json", "--predictions"])
            .arg(&preds)
            .arg(&file)
            .output()
            .unwrap(),
        "vigil eval muc4",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 25);
    // Micro counts are the sums of the roles'; each ratio is its counts' ratio.
    let count = |k: &str| -> u64 { muc4::ROLES.iter().map(|r| v[*r][k].as_u64().unwrap()).sum() };
    for k in ["matched", "predicted", "gold"] {
        assert_eq!(v["micro"][k].as_u64().unwrap(), count(k), "{k}");
    }
    for r in muc4::ROLES.iter().map(|r| &v[*r]).chain([&v["micro"]]) {
        let (m, p, g) = (
            r["matched"].as_f64().unwrap(),
            r["predicted"].as_f64().unwrap(),
            r["gold"].as_f64().unwrap(),
        );
        let prec = if p > 0.0 { m / p } else { 0.0 };
        let rec = if g > 0.0 { m / g } else { 0.0 };
        assert!((r["precision"].as_f64().unwrap() - prec).abs() < 1e-9);
        assert!((r["recall"].as_f64().unwrap() - rec).abs() < 1e-9);
    }
    // The predictions file is GRIT's: numeric ids, five roles each; re-scored, it gives the
    // same figures; the gold scored as a prediction gives 100.
    let docs = muc4::read(&slice).unwrap();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&preds).unwrap()).unwrap();
    let mut back: BTreeMap<String, BTreeMap<String, muc4::Entities>> = BTreeMap::new();
    for d in &docs {
        let p = &written[muc4::numeric_id(&d.docid)]["pred_extracts"];
        let roles = muc4::ROLES
            .iter()
            .map(|r| {
                let e: muc4::Entities = serde_json::from_value(p[*r].clone()).unwrap();
                (r.to_string(), e)
            })
            .collect();
        back.insert(d.docid.clone(), roles);
    }
    let again = muc4::score(&docs, &back);
    assert_eq!(again.micro.matched as u64, count("matched"));
    let gold: BTreeMap<String, BTreeMap<String, muc4::Entities>> = docs
        .iter()
        .map(|d| (d.docid.clone(), d.roles.clone()))
        .collect();
    let perfect = muc4::score(&docs, &gold);
    assert_eq!(perfect.micro.f1, 1.0);
    assert_eq!(perfect.micro.matched, perfect.micro.gold);
}
