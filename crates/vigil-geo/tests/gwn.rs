//! GeoWebNews and GeoVirus (`../shared/eval/geo/`): recognition and resolution must not fall
//! below the figures this code reached. Missing data skips the test, except under `CI=true`,
//! where it fails.

use std::path::PathBuf;

/// The corpus file, or `None` (skip) when it is missing outside CI.
fn corpus(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/eval/geo")
        .join(name);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{name} missing at {} (CI=true: the benchmark must run)",
        path.display()
    );
    eprintln!("skipped: {name} missing at {}", path.display());
    None
}

#[test]
fn geovirus_is_read_by_the_same_reader() {
    let Some(path) = corpus("GeoVirus.xml") else {
        return;
    };
    let xml = std::fs::read_to_string(&path).unwrap();
    let arts = vigil_geo::eval::read_corpus(&xml).expect("GeoVirus.xml reads");
    assert_eq!(arts.len(), 229);
    let places: usize = arts.iter().map(|a| a.toponyms.len()).sum();
    // 2,170 `<location>` elements; one of them wraps two others by mistake (article 45) and
    // still holds the fields of a toponym of its own.
    assert_eq!(places, 2170);
    assert_eq!(arts.iter().map(|a| a.skipped).sum::<usize>(), 0);
    // Every toponym's name is the text under its span once offsets are read from one.
    for a in &arts {
        let chars: Vec<char> = a.text.chars().collect();
        for t in &a.toponyms {
            assert!(t.is_place() && t.page.is_some());
            let under: String = chars[t.start..t.end].iter().collect();
            assert_eq!(under, t.name, "article {}", a.id);
        }
    }
}

#[test]
fn gwn_scores_hold() {
    let Some(path) = corpus("GWN.xml") else {
        return;
    };
    let s = vigil_geo::eval::eval_geo(&path).expect("GWN.xml scores");
    eprintln!("{}", serde_json::to_string_pretty(&s).unwrap());
    let r = s.resolution;
    assert_eq!(r.n, 2599, "gold places with coordinates");
    assert_eq!(r.n_with_id, 2399, "gold places with a GeoNames id");
    // Reached: within 161 km 0.902 (0.925 over the places with an id), exact 0.786,
    // recognition P 0.871 R 0.743 F1 0.802 (P 0.820, F1 0.776 before surnames were told from
    // towns; P 0.836, F1 0.785 before a town opening a person's name, a people's plural and
    // "Tamil Nadu said" were told apart). A US state scores at its centre (GeoNames' point for
    // it too): "New York" read as the state where the gold is the city is the miss it is.
    // Margin: one point.
    assert!(r.within_161km >= 0.892, "within 161 km: {}", r.within_161km);
    assert!(
        r.within_161km_with_id >= 0.915,
        "within 161 km, places with an id: {}",
        r.within_161km_with_id
    );
    assert!(r.exact >= 0.776, "exact: {}", r.exact);
    let p = s.recognition;
    assert!(p.f1 >= 0.792, "recognition F1: {}", p.f1);
    assert!(
        p.precision >= 0.861,
        "recognition precision: {}",
        p.precision
    );
}

#[test]
fn geovirus_scores_hold() {
    let Some(path) = corpus("GeoVirus.xml") else {
        return;
    };
    let s = vigil_geo::eval::eval_geo(&path).expect("GeoVirus.xml scores");
    eprintln!("{}", serde_json::to_string_pretty(&s).unwrap());
    let r = s.resolution;
    assert_eq!(r.n, 2170, "gold places with coordinates");
    assert_eq!(
        r.n_with_id, 0,
        "GeoVirus gives Wikipedia pages, not GeoNames ids"
    );
    // Reached: within 161 km 0.804 (0.607 with countries at the mean of their towns, 0.794
    // with US states there), recognition P 0.785 R 0.846 F1 0.814. Margin: one point.
    assert!(r.within_161km >= 0.794, "within 161 km: {}", r.within_161km);
    let p = s.recognition;
    assert!(p.f1 >= 0.804, "recognition F1: {}", p.f1);
}
