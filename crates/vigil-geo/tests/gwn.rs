//! GeoWebNews (`../shared/eval/geo/GWN.xml`): recognition and resolution must not fall below
//! the figures this code reached. Missing data skips the test, except under `CI=true`, where
//! it fails.

use std::path::PathBuf;

#[test]
fn gwn_scores_hold() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/geo/GWN.xml");
    if !path.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "GeoWebNews missing at {} (CI=true: the benchmark must run)",
            path.display()
        );
        eprintln!("skipped: GeoWebNews missing at {}", path.display());
        return;
    }
    let s = vigil_geo::eval::eval_geo(&path).expect("GWN.xml scores");
    eprintln!("{}", serde_json::to_string_pretty(&s).unwrap());
    let r = s.resolution;
    assert_eq!(r.n, 2599, "gold places with coordinates");
    assert_eq!(r.n_with_id, 2399, "gold places with a GeoNames id");
    // Reached: within 161 km 0.903 (0.925 over the places with an id), exact 0.786,
    // recognition P 0.820 R 0.736 F1 0.776. The target is 0.90 within 161 km; margin
    // for the rest: one point.
    assert!(r.within_161km >= 0.90, "within 161 km: {}", r.within_161km);
    assert!(
        r.within_161km_with_id >= 0.915,
        "within 161 km, places with an id: {}",
        r.within_161km_with_id
    );
    assert!(r.exact >= 0.776, "exact: {}", r.exact);
    let p = s.recognition;
    assert!(p.f1 >= 0.766, "recognition F1: {}", p.f1);
    assert!(
        p.precision >= 0.81,
        "recognition precision: {}",
        p.precision
    );
}
