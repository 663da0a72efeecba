//! The incident corpus written for these tests (`tests/fixtures/incidents/`: 23 fictional
//! articles about 5 incidents, from different outlets and days, with rising and conflicting
//! tolls, a disputed claim, a retraction, and two unrelated attacks in one city): pairwise
//! precision and recall of the clustering, and independence from the order of arrival.

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use vigil_extract::{Extractor, Input};
use vigil_incident::{pairwise, Incidents};
use vigil_model::{Date, DocumentOutput, EventKind, Role};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/incidents")
}

/// `(outlet, document output, gold label)` per article, in file order (extracted once).
fn corpus() -> Vec<(String, DocumentOutput, String)> {
    static CORPUS: std::sync::OnceLock<Vec<(String, DocumentOutput, String)>> =
        std::sync::OnceLock::new();
    CORPUS.get_or_init(extract_corpus).clone()
}

fn extract_corpus() -> Vec<(String, DocumentOutput, String)> {
    let gold: BTreeMap<String, String> = std::fs::read_to_string(dir().join("gold.tsv"))
        .expect("gold.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string())
        })
        .collect();
    let x = Extractor::new().unwrap();
    let mut out = Vec::new();
    for (file, label) in &gold {
        let raw = std::fs::read_to_string(dir().join(file)).expect("article");
        let (header, text) = raw.split_once('\n').expect("a header line");
        let (outlet, published) = header
            .trim_start_matches('#')
            .split_once('|')
            .expect("outlet | published");
        let outlet = outlet
            .trim()
            .trim_start_matches("outlet:")
            .trim()
            .to_string();
        let published: Date = published
            .trim()
            .trim_start_matches("published:")
            .trim()
            .parse()
            .expect("a date");
        let input = Input {
            id: file.trim_end_matches(".txt").to_string(),
            source: outlet.clone(),
            title: None,
            published: Some(published),
            text: text.to_string(),
            captions: Vec::new(),
        };
        out.push((outlet, x.extract(&input), label.clone()));
    }
    out
}

fn cluster(docs: &[&(String, DocumentOutput, String)]) -> Incidents {
    let mut inc = Incidents::new();
    for (outlet, d, _) in docs {
        inc.add(outlet, d);
    }
    inc
}

/// The partition as sets of event ids.
fn partition(inc: &Incidents) -> BTreeSet<BTreeSet<String>> {
    inc.incidents()
        .iter()
        .map(|i| i.members.iter().map(|m| m.event.clone()).collect())
        .collect()
}

#[test]
fn pairwise_precision_and_recall() {
    let docs = corpus();
    assert!(docs.len() >= 20, "{} articles", docs.len());
    let inc = cluster(&docs.iter().collect::<Vec<_>>());
    let label: BTreeMap<&str, &str> = docs
        .iter()
        .map(|(_, d, l)| (d.document.id.as_str(), l.as_str()))
        .collect();
    let (mut predicted, mut gold) = (Vec::new(), Vec::new());
    // The attacks: each article's belongs to its incident (an arrest after an attack is an
    // incident of its own).
    for i in inc.incidents() {
        for m in i
            .members
            .iter()
            .filter(|m| m.data().kind == EventKind::Attack)
        {
            predicted.push(i.id.clone());
            gold.push(label[m.document.as_str()]);
        }
    }
    // Every article's attack is found.
    let covered: BTreeSet<&str> = inc
        .incidents()
        .iter()
        .flat_map(|i| i.members.iter().map(|m| label[m.document.as_str()]))
        .collect();
    assert_eq!(covered.len(), 5, "{covered:?}");
    let s = pairwise(&predicted, &gold);
    eprintln!(
        "{} events in {} incidents: pairwise precision {:.3}, recall {:.3}",
        predicted.len(),
        inc.incidents().len(),
        s.precision,
        s.recall
    );
    for i in inc.incidents() {
        let killed = i.attributes.get(&Role::Killed).map(|a| a.best.text.clone());
        let docs: BTreeSet<&str> = i.members.iter().map(|m| m.document.as_str()).collect();
        eprintln!(
            "{} {:?} {:?} killed {:?} {:?}",
            i.id,
            i.date,
            i.place.as_ref().map(|p| &p.name),
            killed,
            docs
        );
    }
    assert!(s.precision >= 0.95, "precision {}", s.precision);
    assert!(s.recall >= 0.95, "recall {}", s.recall);
}

#[test]
fn rising_tolls_keep_every_figure_and_follow_the_latest() {
    let docs = corpus();
    let inc = cluster(&docs.iter().collect::<Vec<_>>());
    let maiduguri = inc
        .incidents()
        .into_iter()
        .find(|i| i.members.iter().any(|m| m.document == "a01"))
        .expect("the market bombing");
    let killed = &maiduguri.attributes[&Role::Killed];
    let figures: BTreeSet<String> = killed.values.iter().map(|v| v.text.clone()).collect();
    assert!(figures.len() >= 3, "{figures:?}");
    assert_eq!(killed.rule, "latest_report");
    let latest = killed.values.iter().filter_map(|v| v.published).max();
    assert_eq!(killed.best.published, latest);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn order_of_arrival_does_not_matter(seed in any::<u64>()) {
        let docs = corpus();
        let reference = partition(&cluster(&docs.iter().collect::<Vec<_>>()));
        // A permutation from the seed.
        let (order, _) = shuffled(&docs, seed);
        let shuffled = cluster(&order);
        prop_assert_eq!(partition(&shuffled), reference);
        let bests = |inc: &Incidents| -> Vec<(String, Vec<String>)> {
            inc.incidents()
                .iter()
                .map(|i| (i.id.clone(), i.attributes.values().map(|a| a.best.text.clone()).collect()))
                .collect()
        };
        prop_assert_eq!(bests(&shuffled), bests(&cluster(&docs.iter().collect::<Vec<_>>())));
    }
}

fn incident_of<'a>(all: &'a [vigil_incident::Incident], doc: &str) -> &'a vigil_incident::Incident {
    all.iter()
        .find(|i| i.kind == EventKind::Attack && i.members.iter().any(|m| m.document == doc))
        .expect("an attack incident")
}

#[test]
fn a_split_is_kept_whatever_arrives_later() {
    let docs = corpus();
    let all = cluster(&docs.iter().collect::<Vec<_>>());
    let market = incident_of(&all.incidents(), "a01").clone();
    let off: Vec<String> = market
        .members
        .iter()
        .filter(|m| m.document == "a05")
        .map(|m| m.event.clone())
        .collect();
    let decision = all.split_decision(&market.id, &off).expect("a valid split");
    assert!(all.split_decision("inc-000000000000", &off).is_none());
    assert!(all
        .split_decision(
            &market.id,
            &market
                .members
                .iter()
                .map(|m| m.event.clone())
                .collect::<Vec<_>>()
        )
        .is_none());
    // Decided first, documents in reverse: a05's reports stay apart from the rest.
    let mut inc = Incidents::new();
    inc.keep_apart(decision);
    for (s, d, _) in docs.iter().rev() {
        inc.add(s, d);
    }
    let after = inc.incidents();
    let holding = |doc: &str| -> BTreeSet<String> {
        after
            .iter()
            .filter(|i| i.members.iter().any(|m| m.document == doc))
            .map(|i| i.id.clone())
            .collect()
    };
    assert!(holding("a05").is_disjoint(&holding("a01")));
    assert_eq!(after.len(), all.incidents().len() + 1);
}

#[test]
fn changes_follow_publication() {
    let docs = corpus();
    let pairs: Vec<(String, DocumentOutput)> = docs
        .iter()
        .map(|(s, d, _)| (s.clone(), d.clone()))
        .collect();
    let log = vigil_incident::changes(&pairs, &[]);
    let market: Vec<(String, Option<String>, String)> = log
        .iter()
        .filter(|c| c.attribute == "killed" && c.document.starts_with("a0"))
        .map(|c| {
            (
                c.document[..3].to_string(),
                c.before.clone(),
                c.after.clone(),
            )
        })
        .collect();
    // The market bombing's toll rose report by report.
    assert!(
        market.contains(&("a02".into(), Some("at least 12".into()), "19".into())),
        "{market:?}"
    );
    assert!(
        market.iter().any(|c| c.0 == "a05" && c.2 == "23"),
        "{market:?}"
    );
    // The retracted claim and the corrected toll in Ouagadougou.
    assert!(log
        .iter()
        .any(|c| c.kind == vigil_incident::ChangeKind::Retracted && c.document.starts_with("a22")));
    assert!(log
        .iter()
        .any(|c| c.attribute == "killed" && c.after == "six"));
    // Dates never go back.
    assert!(log.windows(2).all(|w| w[0].published <= w[1].published));
    // And the log does not depend on the order of the input.
    let mut reversed = pairs.clone();
    reversed.reverse();
    assert_eq!(vigil_incident::changes(&reversed, &[]), log);
}

#[test]
fn the_ledger_keeps_claims_apart_from_their_assessments() {
    let docs = corpus();
    let pairs: Vec<(String, DocumentOutput)> = docs
        .iter()
        .map(|(s, d, _)| (s.clone(), d.clone()))
        .collect();
    let inc = cluster(&docs.iter().collect::<Vec<_>>());
    let ledger = vigil_incident::ledger(&pairs, &inc);
    let is = ledger
        .iter()
        .find(|e| e.actor == "grp:islamic-state" && e.kind == "claim")
        .expect("the Peshawar claim");
    assert!(is.disputed);
    let assessors: BTreeSet<&str> = is
        .assessments
        .iter()
        .filter(|a| a.stances.iter().any(|s| s == "not_credible"))
        .map(|a| a.document.as_str())
        .collect();
    assert_eq!(assessors.len(), 2, "two outlets dispute it: {assessors:?}");
    let jnim = ledger
        .iter()
        .find(|e| e.actor == "grp:jnim")
        .expect("the JNIM claim");
    assert!(!jnim.retractions.is_empty());
    assert!(!jnim.disputed);
    // Claims of responsibility name their incident.
    assert!(ledger
        .iter()
        .filter(|e| e.kind == "claim")
        .all(|e| e.incident.is_some()));
}

#[test]
fn the_picture_counts_an_incident_once_and_follows_its_window() {
    let docs = corpus();
    let pairs: Vec<(String, DocumentOutput)> = docs
        .iter()
        .map(|(s, d, _)| (s.clone(), d.clone()))
        .collect();
    let at = Some(Date::new(2026, 3, 10).unwrap());
    let ng = vigil_incident::picture(&pairs, "ng", at, None);
    assert_eq!(ng.country, "NG");
    let attacks: Vec<_> = ng
        .drivers
        .iter()
        .filter(|d| d.kind == EventKind::Attack)
        .collect();
    assert_eq!(
        attacks.len(),
        1,
        "five reports, one bombing: {:?}",
        ng.drivers
    );
    assert!(
        attacks[0].rule.contains("counted once"),
        "{}",
        attacks[0].rule
    );
    assert!(ng.score > 0.0);
    // Thirty days on, the bombing has left the window; before it, it had not happened.
    assert!(
        vigil_incident::picture(&pairs, "NG", Date::new(2026, 4, 10), None)
            .drivers
            .is_empty()
    );
    assert!(
        vigil_incident::picture(&pairs, "NG", Date::new(2026, 3, 1), None)
            .drivers
            .is_empty()
    );
    // A targeted group: the hotel bombing in Mogadishu, not the checkpoint shooting.
    let hotels = vigil_incident::picture(&pairs, "SO", None, Some("hotel"));
    assert_eq!(hotels.drivers.len(), 1, "{:?}", hotels.drivers);
    let all = vigil_incident::picture(&pairs, "SO", None, None);
    assert_eq!(
        all.drivers
            .iter()
            .filter(|d| d.kind == EventKind::Attack)
            .count(),
        2
    );
}

#[test]
fn daily_reports_do_not_chain_into_one_incident() {
    // Arrests in one city on four consecutive days (written here): each report overlaps its
    // neighbours (a day's tolerance either side), but the first and the last share no day.
    let x = Extractor::new().unwrap();
    let docs: Vec<(String, DocumentOutput)> = (3..=6)
        .map(|day| {
            let input = Input {
                id: format!("kano-{day}"),
                source: "Kano Daily".into(),
                title: None,
                published: Date::new(2026, 3, 10),
                text: format!(
                    "Police arrested two suspects in Kano, Nigeria, on March {day}, a police spokesman said."
                ),
                captions: Vec::new(),
            };
            ("Kano Daily".to_string(), x.extract(&input))
        })
        .collect();
    let mut inc = Incidents::new();
    for (s, d) in &docs {
        inc.add(s, d);
    }
    let all = inc.incidents();
    let arrests: Vec<_> = all.iter().filter(|i| i.kind == EventKind::Arrest).collect();
    let members: usize = arrests.iter().map(|i| i.members.len()).sum();
    assert_eq!(members, 4, "{arrests:#?}");
    assert!(
        arrests.len() >= 2,
        "the four days chained into one incident"
    );
    for i in &arrests {
        let days: BTreeSet<Date> = i
            .members
            .iter()
            .filter_map(|m| all_days(&docs, &m.event))
            .collect();
        let (first, last) = (days.first().unwrap(), days.last().unwrap());
        assert!(last.to_days() - first.to_days() <= 2, "{days:?}");
    }
    // Two adjacent days still make one incident.
    let mut two = Incidents::new();
    for (s, d) in &docs[..2] {
        two.add(s, d);
    }
    assert_eq!(
        two.incidents()
            .iter()
            .filter(|i| i.kind == EventKind::Arrest)
            .count(),
        1
    );
}

fn all_days(docs: &[(String, DocumentOutput)], event: &str) -> Option<Date> {
    docs.iter()
        .flat_map(|(_, d)| &d.events)
        .find(|e| e.id == event)
        .and_then(|e| e.time.as_ref())
        .and_then(|t| t.start)
}

/// The corpus in the order a seed gives (Fisher–Yates with a xorshift stream) and the stream.
fn shuffled(
    docs: &[(String, DocumentOutput, String)],
    seed: u64,
) -> (Vec<&(String, DocumentOutput, String)>, u64) {
    let mut order: Vec<&(String, DocumentOutput, String)> = docs.iter().collect();
    let mut s = seed | 1;
    for i in (1..order.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        order.swap(i, (s % (i as u64 + 1)) as usize);
    }
    (order, s)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Incidents kept up to date as documents arrive (an incident list patched with
    /// `rebuilt_since` after every arrival of one to four documents) are at every step the
    /// incidents computed from nothing, and the ledger kept up to date with them
    /// (`KeptLedger`) the ledger drawn from nothing: whatever the order of arrival, however the
    /// arrivals are grouped, with or without a split decision taken first.
    #[test]
    fn incidents_kept_up_to_date_are_those_computed_from_nothing(seed in any::<u64>(), split in any::<bool>()) {
        let docs = corpus();
        let mut inc = Incidents::new();
        if split {
            let all = cluster(&docs.iter().collect::<Vec<_>>());
            let market = incident_of(&all.incidents(), "a01").clone();
            let off: Vec<String> = market
                .members
                .iter()
                .filter(|m| m.document == "a05")
                .map(|m| m.event.clone())
                .collect();
            inc.keep_apart(all.split_decision(&market.id, &off).expect("a valid split"));
        }
        let (order, mut s) = shuffled(&docs, seed);
        let mut kept: Vec<vigil_incident::Incident> = Vec::new();
        let mut stored: Vec<(String, DocumentOutput)> = Vec::new();
        let mut ledger = vigil_incident::KeptLedger::draw(&stored, &BTreeMap::new());
        let mut at = 0;
        while at < order.len() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let to = (at + 1 + (s % 4) as usize).min(order.len());
            let mark = inc.mark();
            let added: Vec<(String, DocumentOutput)> =
                order[at..to].iter().map(|(o, d, _)| (o.clone(), d.clone())).collect();
            for (outlet, d) in &added {
                inc.add(outlet, d);
            }
            stored.extend(added.iter().cloned());
            at = to;
            // Whether some events are exactly the reports of an incident kept so far.
            let unchanged = |events: &[&str]| {
                kept.iter().any(|i| {
                    i.members.len() == events.len()
                        && events.iter().all(|e| i.members.iter().any(|m| m.event == *e))
                })
            };
            let (rebuilt, events) = inc.rebuilt_since(mark, unchanged);
            let gone: BTreeSet<String> = kept
                .iter()
                .filter(|i| i.members.iter().any(|m| events.contains(&m.event)))
                .map(|i| i.id.clone())
                .collect();
            kept.retain(|i| !gone.contains(&i.id));
            kept.extend(rebuilt.iter().cloned());
            kept.sort_by(|a, b| vigil_incident::first_report(a).cmp(&vigil_incident::first_report(b)));
            prop_assert_eq!(&kept, &inc.incidents(), "after {} documents", at);
            let incident_of = vigil_incident::incident_of(&kept);
            ledger.note(&added, &gone, &rebuilt, &incident_of);
            ledger.refresh(
                |id| stored.iter().find(|(_, d)| d.document.id == id).map(|(o, d)| (o, d)),
                |id| kept.iter().find(|i| i.id == id),
                &incident_of,
            );
            prop_assert_eq!(
                ledger.entries(),
                &vigil_incident::ledger(&stored, &inc)[..],
                "the ledger after {} documents",
                at
            );
        }
        prop_assert!(!kept.is_empty());
        prop_assert!(ledger.entries().iter().any(|e| e.disputed && e.incident.is_some()));
    }
}
