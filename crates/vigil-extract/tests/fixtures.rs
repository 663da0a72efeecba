//! Every fixture article in `tests/fixtures/articles/` against its expectations (see the README
//! there), plus properties that hold for every event of every fixture.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use vigil_extract::{Extractor, Input};
use vigil_model::{DocumentOutput, Quantity, Role};

#[derive(Deserialize)]
struct Expect {
    published: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
    exact: bool,
    events: Vec<ExpectEvent>,
}

#[derive(Deserialize)]
struct ExpectEvent {
    kind: String,
    modality: Option<String>,
    subtype: Option<String>,
    #[serde(default)]
    contains: Vec<String>,
    killed: Option<u64>,
    injured: Option<u64>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/articles")
}

fn fixtures() -> Vec<(String, String, Expect)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(p).unwrap();
        let exp: Expect =
            serde_json::from_str(&std::fs::read_to_string(p.with_extension("json")).unwrap())
                .unwrap_or_else(|e| panic!("{name}.json: {e}"));
        out.push((name, text, exp));
    }
    out
}

fn run(x: &Extractor, name: &str, text: &str, published: Option<&str>) -> DocumentOutput {
    let mut input = Input::text(name, text);
    input.published = published.map(|d| d.parse().unwrap());
    x.extract(&input)
}

fn modality_ok(want: &str, got: &str) -> bool {
    want == got
        || matches!(
            (want, got),
            ("reported", "alleged")
                | ("alleged", "reported")
                | ("foiled", "attempted")
                | ("attempted", "foiled")
        )
}

fn matches(e: &vigil_model::Event, want: &ExpectEvent) -> bool {
    if e.kind.as_str() != want.kind {
        return false;
    }
    if want
        .modality
        .as_deref()
        .is_some_and(|m| !modality_ok(m, e.modality.as_str()))
    {
        return false;
    }
    if want.subtype.as_deref().is_some_and(|s| s != e.subtype) {
        return false;
    }
    let blob = serde_json::to_string(e).unwrap().to_lowercase();
    if !want.contains.iter().all(|c| blob.contains(c.as_str())) {
        return false;
    }
    let num = |role: Role, n: u64, at_least: bool| {
        e.role(role).iter().any(|v| match v.value {
            Some(Quantity::Number(x)) => x == n || (at_least && x >= n),
            _ => false,
        })
    };
    want.killed.is_none_or(|n| num(Role::Killed, n, true))
        && want.injured.is_none_or(|n| num(Role::Injured, n, false))
}

/// Fixtures that do not pass yet, one name per line with the reason after `#`. The test fails
/// when a fixture outside this list regresses, and when one inside it starts passing (so the
/// list only shrinks).
fn known_gaps() -> Vec<String> {
    let text = std::fs::read_to_string(dir().join("KNOWN_GAPS")).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn fixtures_meet_expectations() {
    let x = Extractor::new().unwrap();
    let all = fixtures();
    assert!(all.len() >= 30, "only {} fixtures", all.len());
    let gaps = known_gaps();
    let mut problems = Vec::new();
    let mut passing = 0;
    for (name, text, exp) in &all {
        let out = run(&x, name, text, exp.published.as_deref());
        let mut failures = Vec::new();
        for (k, want) in exp.events.iter().enumerate() {
            if !out.events.iter().any(|e| matches(e, want)) {
                failures.push(format!(
                    "expected event #{} ({} {:?} {:?}) not found",
                    k + 1,
                    want.kind,
                    want.modality,
                    want.contains
                ));
            }
        }
        if exp.exact && out.events.len() != exp.events.len() {
            let kinds: Vec<String> = out
                .events
                .iter()
                .map(|e| format!("{}/{}", e.kind, e.modality))
                .collect();
            failures.push(format!(
                "expected exactly {} events, got {}: {kinds:?}",
                exp.events.len(),
                out.events.len()
            ));
        }
        let listed = gaps.contains(name);
        match (failures.is_empty(), listed) {
            (true, false) => passing += 1,
            (true, true) => problems.push(format!("{name}: passes now; remove it from KNOWN_GAPS")),
            (false, false) => problems.push(format!("{name}: {}", failures.join("; "))),
            (false, true) => eprintln!("known gap {name}: {}", failures.join("; ")),
        }
    }
    eprintln!(
        "fixtures: {passing}/{} pass, {} known gaps",
        all.len(),
        gaps.len()
    );
    assert!(
        problems.is_empty(),
        "{} fixture problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every role value's span slices to its text, every event has evidence whose span is its
/// sentence text, every place span slices to the place text — across all fixtures and demos.
#[test]
fn spans_keep_their_promise() {
    let x = Extractor::new().unwrap();
    for (name, text, exp) in fixtures() {
        let input = {
            let mut i = Input::text(&name, &text);
            i.published = exp.published.as_deref().map(|d| d.parse().unwrap());
            i
        };
        check_spans(&x, &input);
    }
}

/// Checks the span invariants of one document's output.
pub fn check_spans(x: &Extractor, input: &Input) {
    let a = x.nlp.annotate(&input.text, input.published);
    let out = x.extract(input);
    for e in &out.events {
        assert!(
            !e.evidence.is_empty(),
            "{}: {} has no evidence",
            input.id,
            e.id
        );
        for ev in &e.evidence {
            assert_eq!(
                ev.span.slice(&a.text),
                ev.text,
                "{}: evidence span",
                input.id
            );
        }
        for vals in e.roles.values() {
            for v in vals {
                let quoted = v.span.slice(&a.text);
                assert!(
                    quoted.contains(&v.text) || v.text.contains(quoted),
                    "{}: role text {:?} vs span {:?}",
                    input.id,
                    v.text,
                    quoted
                );
                if let Some(Quantity::Number(n)) = v.value {
                    let _ = n;
                    assert!(!quoted.is_empty());
                }
            }
        }
        for p in &e.places {
            assert_eq!(p.span.slice(&a.text), p.text);
        }
        if let Some(t) = &e.time {
            assert_eq!(t.span.slice(&a.text), t.text);
        }
        assert!((0.0..=1.0).contains(&e.confidence));
    }
}
