//! Every annotated set reads from `../shared` (third-party data read in place; missing under
//! `CI=true` fails) with the documents and events each release holds, and with offsets that
//! slice to what the corpus says is there.

use std::path::{Path, PathBuf};
use vigil_eval::{load, Coverage, Set};
use vigil_model::EventKind;

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("eval").is_dir() && p.join("train").is_dir() {
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
fn every_set_reads_with_its_size() {
    let Some(shared) = shared() else { return };
    let expected = [
        (Set::WikiEventsDev, 20),
        (Set::WikiEventsTrain, 206),
        (Set::Rams, 924),
        (Set::M2e2, 224),
        (Set::Geneva, 783),
        (Set::Ucdp, 11_757),
        (Set::Muc4Dev, 200),
        (Set::Muc4Train, 1300),
    ];
    for (set, n) in expected {
        let docs = load(set, &shared).unwrap_or_else(|e| panic!("{}: {e}", set.name()));
        assert_eq!(docs.len(), n, "{}", set.name());
        let attacks = docs
            .iter()
            .flat_map(|d| &d.events)
            .filter(|e| e.kind == Some(EventKind::Attack))
            .count();
        assert!(attacks > 0, "{} maps no attack", set.name());
    }
    let re3d = load(Set::Re3d, &shared).unwrap();
    assert_eq!(re3d.len(), 88);
    assert!(re3d.iter().map(|d| d.entities.len()).sum::<usize>() > 3000);
    let uds = load(Set::Uds, &shared).unwrap();
    assert!(uds.len() > 1000 && uds.iter().all(|d| d.coverage == Coverage::None));
    let ecb = load(Set::EcbPlus, &shared).unwrap();
    assert!(ecb.len() > 700);
    assert!(ecb
        .iter()
        .flat_map(|d| &d.events)
        .any(|e| e.factuality == Some(-3.0)));
}

#[test]
fn offsets_slice_to_the_annotated_words() {
    let Some(shared) = shared() else { return };
    // WikiEvents dev gives trigger texts: the rebuilt byte ranges must slice to them.
    for set in [Set::WikiEventsDev, Set::M2e2, Set::Geneva] {
        let docs = load(set, &shared).unwrap();
        let mut checked = 0;
        for d in &docs {
            for e in &d.events {
                let t = e.trigger.clone().expect("trigger");
                let text = &d.text[t];
                assert!(
                    !text.trim().is_empty(),
                    "{}: empty trigger in {}",
                    set.name(),
                    d.id
                );
                for a in e.args.iter().filter(|a| a.span.is_some()) {
                    let got = &d.text[a.span.clone().unwrap()];
                    assert!(
                        !got.trim().is_empty(),
                        "{}: {}: argument {:?} slices to {got:?}",
                        set.name(),
                        d.id,
                        a.text
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 0, "{} has no argument with offsets", set.name());
    }
    // Gold sentences hold their events' triggers.
    for d in load(Set::WikiEventsDev, &shared).unwrap() {
        for e in &d.events {
            let t = e.trigger.as_ref().unwrap();
            assert!(d
                .sentences
                .iter()
                .any(|s| s.start <= t.start && t.end <= s.end));
        }
    }
}
