//! Incidents across reports.
//!
//! In: the events of many documents, in any order. Out: [`Incident`]s — each the one real-world
//! event that several reports describe, with every reported value of each attribute kept beside
//! its source, a best current value and the rule that chose it.
//!
//! **Which events.** Attacks, arrests and counter-terrorism operations that a report presents as
//! having happened (asserted, claimed, alleged, reported, attempted or foiled; not threatened,
//! hypothetical, historical or negated).
//!
//! **When two reports tell of the same incident** ([`compare`]): same kind; their times agree
//! (each side's interval widened by a tolerance that follows its precision — a day either side
//! of a resolved day, a report without a resolved time standing for the three days before its
//! publication); their places agree through the geographic hierarchy (two cities within 40 km,
//! or a city inside the area the other names); their perpetrators do not differ (both named and
//! none shared is a conflict); their subtypes do not differ (a bombing is no shooting). Places at
//! city level must agree; a report that names only the country or state joins when the
//! perpetrators agree too. Two events of one document are never joined directly: the extractor
//! already merged what its sentences say twice.
//!
//! **Incidents are the connected components** of that relation, kept with a union–find as
//! documents arrive ([`Incidents::add`]): the final incidents do not depend on the order in which
//! documents arrive. Every join is remembered with its reasons ([`Incident::joins`]).
//!
//! **Ids.** `inc-` and 12 hex digits of the SHA-256 of the id of the incident's earliest report
//! (by publication date, then event id): stable as reports arrive, unless an older report of the
//! same incident arrives later.
//!
//! **Best values** ([`Attribute::rule`]): casualty figures follow the most recent report (a
//! figure the report itself says was replaced — "its earlier figure of nine" — only when nothing
//! else stands; an exact figure before a bound; the larger on a tie: tolls rise); names
//! (perpetrator, target, weapon) follow the most reports, the most recent on a tie.

#![deny(missing_docs)]

pub mod changes;
pub mod ledger;
pub mod picture;

pub use changes::{changes, Change, ChangeKind};
pub use ledger::{ledger, ledger_of, KeptLedger, LedgerEntry};
pub use picture::{picture, Picture};

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use vigil_model::{
    Date, DocumentOutput, Event, EventKind, GeoPrecision, Modality, PlaceRef, Qualifier, Quantity,
    Role, TimePrecision,
};

/// Distance (km) within which two city-level places are one place.
pub const SAME_PLACE_KM: f64 = 40.0;

/// Days before its publication that a report without a resolved time is taken to cover.
pub const UNDATED_DAYS: i64 = 3;

/// One report of an incident: an event of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Event id (`<document id>#e<n>`).
    pub event: String,
    /// Document id.
    pub document: String,
    /// The document's source (outlet, file or URL).
    pub source: String,
    /// The document's publication date.
    pub published: Option<Date>,
    /// The document holding the event as extracted (shared by the incidents built from it and,
    /// through [`Incidents::add_shared`], with whoever keeps the corpus: a member is cloned
    /// into every rebuild of its incident, its document never).
    #[serde(skip)]
    doc: Arc<DocumentOutput>,
    /// The event's position among `doc`'s events.
    #[serde(skip)]
    at: usize,
    /// The resolved places it is compared by: its own, or, when it names none, those of the
    /// other reports of its document ("The shooting took place on April 14" in an article
    /// about Mogadishu; shared by those reports).
    #[serde(skip)]
    pub places: Arc<[PlaceRef]>,
    /// The days it may have happened on ([`interval`]), computed once.
    #[serde(skip)]
    span: Option<(Date, Date)>,
    /// Its perpetrators' ids or names, computed once.
    #[serde(skip)]
    perps: BTreeSet<String>,
}

impl Member {
    /// The event as extracted.
    #[must_use]
    pub fn data(&self) -> &Event {
        &self.doc.events[self.at]
    }
}

impl PartialEq for Member {
    fn eq(&self, other: &Member) -> bool {
        self.event == other.event
            && self.document == other.document
            && self.source == other.source
            && self.published == other.published
            && self.data() == other.data()
            && self.places == other.places
            && self.span == other.span
            && self.perps == other.perps
    }
}

/// How two reports compare on one aspect.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "aspect", rename_all = "snake_case")]
pub enum Reason {
    /// Their time intervals (tolerances included) overlap, or one has none.
    Time {
        /// The two intervals as `YYYY-MM-DD..YYYY-MM-DD`, or `none`.
        a: String,
        /// See `a`.
        b: String,
    },
    /// Their places agree.
    Place {
        /// `same place`, `N km apart`, `inside`, or `unknown` when one names none.
        how: String,
    },
    /// Their perpetrators share a name, or one or both name none.
    Perpetrator {
        /// The shared ids, or `unknown`.
        how: String,
    },
}

/// Why two reports are one incident: the reasons of the join.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Join {
    /// One event id.
    pub a: String,
    /// The other.
    pub b: String,
    /// Time, place and perpetrator agreement.
    pub reasons: Vec<Reason>,
}

/// One reported value of an attribute, with its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reported {
    /// The text as written.
    pub text: String,
    /// Canonical id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Normalised value, when the role has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Quantity>,
    /// How a figure is bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// The event that reports it.
    pub event: String,
    /// Its document.
    pub document: String,
    /// The document's source.
    pub source: String,
    /// The document's publication date.
    pub published: Option<Date>,
    /// The report gives it as a figure since replaced ("retracted its earlier figure of nine",
    /// "up from 12"): never the best while another stands.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub superseded: bool,
}

/// Whether the words just before a value say it was replaced.
fn superseded(e: &Event, span: vigil_model::Span) -> bool {
    e.evidence.iter().any(|x| {
        if span.start < x.span.start || span.end > x.span.end {
            return false;
        }
        let at = span.start - x.span.start;
        let Some(before) = x.text.get(..at) else {
            return false;
        };
        let from = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
        let window = before[from..].to_lowercase();
        [
            "earlier",
            "initial",
            "previous",
            "first reported",
            "up from",
            "down from",
            "revised",
        ]
        .iter()
        .any(|w| window.contains(w))
    })
}

/// Every reported value of one attribute and the best current one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    /// In order of publication (undated first), then event id.
    pub values: Vec<Reported>,
    /// The best current value.
    pub best: Reported,
    /// The rule that chose it: `latest_report` or `most_reports`.
    pub rule: &'static str,
}

/// One incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    /// Stable id (see the crate docs).
    pub id: String,
    /// Kind of its reports.
    pub kind: EventKind,
    /// Its reports, in order of publication then event id.
    pub members: Vec<Member>,
    /// The day most reports give (resolved times only).
    pub date: Option<Date>,
    /// The most specific place most reports give.
    pub place: Option<PlaceRef>,
    /// Role → every reported value and the best.
    pub attributes: BTreeMap<Role, Attribute>,
    /// The joins that made it one incident.
    pub joins: Vec<Join>,
}

/// Incidents kept as documents arrive.
#[derive(Debug, Clone, Default)]
pub struct Incidents {
    members: Vec<Member>,
    /// The pairs of members that agree ([`compare`]), each as `(a, b)` with `a`'s event id
    /// before `b`'s. Their reasons are drawn again when an incident is built (`compare` is a
    /// function of the two reports): kept for every join, they held most of the memory.
    joins: Vec<(usize, usize)>,
    seen: BTreeSet<String>,
    /// User decisions: groups of event ids that must stay in different incidents.
    apart: Vec<Vec<BTreeSet<String>>>,
    /// Members whose interval spans at most [`SHORT_DAYS`], by the places they could agree on
    /// ([`PlaceKey`]) and its first day.
    by_start: BTreeMap<(EventKind, PlaceKey, i64), Vec<usize>>,
    /// Members without an interval or with a longer one, by place key: compared with every
    /// new report that could agree on place.
    wide: BTreeMap<(EventKind, PlaceKey), Vec<usize>>,
    /// Components as joins arrive (ignoring split decisions), for replays.
    growing: Growing,
    /// The joins of each member (indexes into `joins`).
    joins_of: Vec<Vec<usize>>,
    /// Member by event id.
    by_event: HashMap<String, usize>,
    /// What each member is first compared by ([`Quick`]), beside it.
    quick: Vec<Quick>,
}

/// What a report is first compared by, kept beside it so that most candidates are turned down
/// without reading their events: [`Quick::may_agree`] turns down only pairs that [`agreement`]
/// turns down (the other way round, `agreement` decides).
#[derive(Debug, Clone, Copy)]
struct Quick {
    kind: EventKind,
    /// The days it may have happened on ([`days`]).
    days: Option<(i64, i64)>,
    /// A bit per perpetrator (from a hash of its id or name); 0 when it names none.
    perps: u64,
    /// A hash of its subtype's [`family`]; `None` for an unknown subtype.
    family: Option<u64>,
}

impl Quick {
    fn of(m: &Member) -> Quick {
        use std::hash::{Hash, Hasher};
        let hash = |s: &str| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s.hash(&mut h);
            h.finish()
        };
        let e = m.data();
        Quick {
            kind: e.kind,
            days: days(m),
            perps: m.perps.iter().fold(0, |bits, p| bits | 1 << (hash(p) % 64)),
            family: (e.subtype != "unknown").then(|| hash(family(&e.subtype))),
        }
    }

    /// False when the two reports cannot agree: other kinds, other families of subtype (both
    /// known), days that do not meet, or perpetrators named on both sides and none shared
    /// (sets of bits that do not meet hold no name in common).
    fn may_agree(&self, o: &Quick) -> bool {
        if self.kind != o.kind {
            return false;
        }
        if let (Some(a), Some(b)) = (self.family, o.family) {
            if a != b {
                return false;
            }
        }
        if let (Some((s1, e1)), Some((s2, e2))) = (self.days, o.days) {
            if s1 > e2 || s2 > e1 {
                return false;
            }
        }
        self.perps == 0 || o.perps == 0 || self.perps & o.perps != 0
    }
}

/// The days a member may have happened on, as day numbers.
fn days(m: &Member) -> Option<(i64, i64)> {
    m.span.map(|(s, e)| (s.to_days(), e.to_days()))
}

/// The days two components share: `None` when none; `Some(None)` when neither is dated.
#[allow(clippy::option_option)]
fn meet(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> Option<Option<(i64, i64)>> {
    match (a, b) {
        (Some((s1, e1)), Some((s2, e2))) => {
            let (s, e) = (s1.max(s2), e1.min(e2));
            (s <= e).then_some(Some((s, e)))
        }
        (x, None) | (None, x) => Some(x),
    }
}

/// Connected components of the members kept as joins arrive.
#[derive(Debug, Clone, Default)]
struct Growing {
    parent: Vec<usize>,
    /// Members of each root.
    members: std::collections::HashMap<usize, Vec<usize>>,
    /// Joins inside each root's component.
    joins: std::collections::HashMap<usize, Vec<usize>>,
    /// `(kept root, merged root)` since last taken.
    merged: Vec<(usize, usize)>,
    /// The days each root's members share (see [`meet`]).
    window: std::collections::HashMap<usize, Option<(i64, i64)>>,
}

impl Growing {
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn add_member(&mut self, i: usize, days: Option<(i64, i64)>) {
        self.parent.push(i);
        self.members.insert(i, vec![i]);
        self.window.insert(i, days);
    }

    fn add_join(&mut self, k: usize, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (wa, wb) = (self.window[&ra], self.window[&rb]);
            let Some(common) = meet(wa, wb) else {
                return;
            };
            self.window.insert(ra, common);
            self.window.insert(rb, common);
            let size = |r: usize| self.members.get(&r).map_or(0, Vec::len);
            let (keep, gone) = if size(ra) >= size(rb) {
                (ra, rb)
            } else {
                (rb, ra)
            };
            self.parent[gone] = keep;
            let moved = self.members.remove(&gone).unwrap_or_default();
            self.members.entry(keep).or_default().extend(moved);
            let moved = self.joins.remove(&gone).unwrap_or_default();
            self.joins.entry(keep).or_default().extend(moved);
            self.merged.push((keep, gone));
        }
        let r = self.find(a);
        self.joins.entry(r).or_default().push(k);
    }
}

/// Intervals up to this many days are indexed by their first day.
const SHORT_DAYS: i64 = 10;

/// Where two reports' places can agree ([`places_agree`]), as index keys: two points within
/// [`SAME_PLACE_KM`] lie in the same or neighbouring bands of latitude, whatever their
/// countries; anything else agrees only inside one country, with a coarse place (a country,
/// state or region) on one side at least. A report is compared only with the reports sharing
/// a key with it, which are all those it can join: reports of other regions never meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PlaceKey {
    /// A point (city or finer) in this band of latitude.
    Band(i32),
    /// A point in this country.
    PointIn(CountryKey),
    /// A coarser place (or one without coordinates) in this country.
    AreaIn(CountryKey),
}

/// A country code as a key that costs no allocation to build or compare (ISO 3166-1 alpha-2;
/// a longer code keeps its first two bytes, which can only add candidates, never lose one).
type CountryKey = [u8; 2];

fn country_key(c: &str) -> CountryKey {
    let b = c.as_bytes();
    [
        b.first().copied().unwrap_or(0),
        b.get(1).copied().unwrap_or(0),
    ]
}

/// Degrees of latitude per band: more than [`SAME_PLACE_KM`] spans anywhere on the sphere
/// (a degree of latitude is about 111.2 km on the sphere [`km`] measures on).
const BAND_DEGREES: f64 = SAME_PLACE_KM / 110.0;

/// A place precise enough to be compared by distance.
fn is_point(p: &PlaceRef) -> bool {
    p.precision <= GeoPrecision::City && p.lat.is_some() && p.lon.is_some()
}

fn band(lat: f64) -> i32 {
    (lat / BAND_DEGREES).floor() as i32
}

/// The keys a report is filed under.
fn filed_under(places: &[PlaceRef]) -> BTreeSet<PlaceKey> {
    let mut keys = BTreeSet::new();
    for p in places {
        if let (true, Some(lat)) = (is_point(p), p.lat) {
            keys.insert(PlaceKey::Band(band(lat)));
            if let Some(c) = &p.country {
                keys.insert(PlaceKey::PointIn(country_key(c)));
            }
        } else if let Some(c) = &p.country {
            keys.insert(PlaceKey::AreaIn(country_key(c)));
        }
    }
    keys
}

/// The keys under which the reports a report's places can agree with are filed: for a point,
/// the neighbouring bands and the areas of its country; for an area, everything in its
/// country.
fn looked_up_under(places: &[PlaceRef]) -> BTreeSet<PlaceKey> {
    let mut keys = BTreeSet::new();
    for p in places {
        if let (true, Some(lat)) = (is_point(p), p.lat) {
            let b = band(lat);
            keys.extend((b - 1..=b + 1).map(PlaceKey::Band));
            if let Some(c) = &p.country {
                keys.insert(PlaceKey::AreaIn(country_key(c)));
            }
        } else if let Some(c) = &p.country {
            keys.insert(PlaceKey::AreaIn(country_key(c)));
            keys.insert(PlaceKey::PointIn(country_key(c)));
        }
    }
    keys
}

/// Whether an event can be part of an incident.
#[must_use]
pub fn eligible(e: &Event) -> bool {
    matches!(
        e.kind,
        EventKind::Attack | EventKind::Arrest | EventKind::CounterOperation
    ) && !matches!(
        e.modality,
        Modality::Threatened | Modality::Hypothetical | Modality::Historical | Modality::Negated
    )
}

impl Incidents {
    /// No incidents yet.
    #[must_use]
    pub fn new() -> Incidents {
        Incidents::default()
    }

    /// Adds the eligible events of one document (a document already added is ignored) and joins
    /// them to the incidents they agree with. Returns how many events it added.
    pub fn add(&mut self, source: &str, doc: &DocumentOutput) -> usize {
        if self.seen.contains(&doc.document.id) {
            return 0;
        }
        // Only the events that can be reports are kept (a copy: see `add_shared`).
        let kept = DocumentOutput {
            document: doc.document.clone(),
            events: doc.events.iter().filter(|e| eligible(e)).cloned().collect(),
        };
        self.add_shared(source, &Arc::new(kept))
    }

    /// [`Incidents::add`] for a document kept elsewhere too (a corpus held in memory): the
    /// reports point into it rather than hold copies of its events.
    pub fn add_shared(&mut self, source: &str, doc: &Arc<DocumentOutput>) -> usize {
        if !self.seen.insert(doc.document.id.clone()) {
            return 0;
        }
        let mut added = 0;
        let resolved = |e: &Event| -> Vec<PlaceRef> {
            e.places
                .iter()
                .filter(|p| p.precision != GeoPrecision::Unresolved)
                .cloned()
                .collect()
        };
        let doc_places: Arc<[PlaceRef]> = doc
            .events
            .iter()
            .filter(|e| eligible(e))
            .flat_map(resolved)
            .collect();
        // This document's reports are the members from here on.
        let first_of_doc = self.members.len();
        for (at, e) in doc.events.iter().enumerate().filter(|(_, e)| eligible(e)) {
            let own = resolved(e);
            let mut m = Member {
                event: e.id.clone(),
                document: doc.document.id.clone(),
                source: source.to_string(),
                published: doc.document.published,
                doc: Arc::clone(doc),
                at,
                places: if own.is_empty() {
                    Arc::clone(&doc_places)
                } else {
                    own.into()
                },
                span: None,
                perps: perpetrators(e),
            };
            m.span = interval(&m);
            let i = self.members.len();
            // Only reports whose places may agree ([`PlaceKey`]) and whose times may overlap:
            // those starting near this one's interval, and those with no or a long interval.
            let span = m.span;
            let e_kind = e.kind;
            let short = span.filter(|(s, e)| e.to_days() - s.to_days() <= SHORT_DAYS);
            let (first, last) = span.map_or((i64::MIN, i64::MAX), |(s, e)| {
                (s.to_days() - SHORT_DAYS, e.to_days())
            });
            let mut candidates: Vec<usize> = Vec::new();
            for key in looked_up_under(&m.places) {
                candidates.extend(
                    self.by_start
                        .range((e_kind, key, first)..=(e_kind, key, last))
                        .flat_map(|(_, v)| v.iter().copied()),
                );
                candidates.extend(self.wide.get(&(e_kind, key)).into_iter().flatten());
            }
            // A report filed under several keys is compared once, in the order of arrival.
            candidates.sort_unstable();
            candidates.dedup();
            let first_join = self.joins.len();
            let quick = Quick::of(&m);
            for j in candidates {
                if j >= first_of_doc || !quick.may_agree(&self.quick[j]) {
                    continue;
                }
                let other = &self.members[j];
                // Whether two reports agree does not depend on which comes first; a join is
                // kept in the order of their event ids, not of arrival.
                if agree(other, &m) {
                    self.joins_of[j].push(self.joins.len());
                    self.joins.push(if other.event <= m.event {
                        (j, i)
                    } else {
                        (i, j)
                    });
                }
            }
            for key in filed_under(&m.places) {
                match short {
                    Some((s, _)) => self
                        .by_start
                        .entry((e_kind, key, s.to_days()))
                        .or_default()
                        .push(i),
                    None => self.wide.entry((e_kind, key)).or_default().push(i),
                }
            }
            let d = days(&m);
            self.joins_of.push((first_join..self.joins.len()).collect());
            self.by_event.insert(m.event.clone(), i);
            self.members.push(m);
            self.quick.push(quick);
            self.growing.add_member(i, d);
            for k in first_join..self.joins.len() {
                let (a, b) = self.joins[k];
                self.growing.add_join(k, a, b);
            }
            added += 1;
        }
        added
    }

    /// For replaying a story (no split decisions): the incidents now holding the events of
    /// `doc` with their component roots, and the roots merged into each since the last call
    /// (its incidents before this document).
    pub(crate) fn touched(&mut self, doc: &DocumentOutput) -> Vec<(usize, Vec<usize>, Incident)> {
        let merged = std::mem::take(&mut self.growing.merged);
        let mut roots: BTreeSet<usize> = BTreeSet::new();
        for (i, m) in self.members.iter().enumerate().rev() {
            if m.document != doc.document.id {
                break;
            }
            roots.insert(self.growing.find(i));
        }
        let mut out = Vec::new();
        for r in roots {
            // Every root merged into this one during the document, transitively.
            let mut absorbed: Vec<usize> = vec![r];
            let mut k = 0;
            while k < absorbed.len() {
                let w = absorbed[k];
                absorbed.extend(merged.iter().filter(|(x, _)| *x == w).map(|(_, l)| *l));
                k += 1;
            }
            let mut idx = self.growing.members[&r].clone();
            idx.sort_unstable();
            let mut joins = self.growing.joins.get(&r).cloned().unwrap_or_default();
            joins.sort_unstable();
            out.push((r, absorbed, self.build(&idx, &joins)));
        }
        out
    }

    /// Remembers a user's decision that these groups of events belong to different incidents
    /// (a split): no join puts events of two groups together again, and each group stays one
    /// incident.
    pub fn keep_apart(&mut self, groups: Vec<BTreeSet<String>>) {
        if groups.len() >= 2 {
            self.apart.push(groups);
        }
    }

    /// The decision that splits `events` off the incident `id`: the events named, and the rest
    /// of its events. `None` when no incident has that id or the events are not all in it (or
    /// are all of it).
    #[must_use]
    pub fn split_decision(&self, id: &str, events: &[String]) -> Option<Vec<BTreeSet<String>>> {
        let inc = self.incidents().into_iter().find(|i| i.id == id)?;
        let all: BTreeSet<String> = inc.members.iter().map(|m| m.event.clone()).collect();
        let off: BTreeSet<String> = events.iter().cloned().collect();
        if off.is_empty() || !off.is_subset(&all) || off.len() == all.len() {
            return None;
        }
        let rest: BTreeSet<String> = all.difference(&off).cloned().collect();
        Some(vec![off, rest])
    }

    /// Connected components of the joins, taken in the order of their event ids (not of
    /// arrival), skipping any join that would undo a user's split.
    fn components(&self) -> Vec<Vec<usize>> {
        let all: Vec<usize> = (0..self.members.len()).collect();
        self.components_among(&all, (0..self.joins.len()).collect())
    }

    /// [`Incidents::components`] among the members `idx` (ascending) and their joins `joins`:
    /// `idx` holds whole clusters (see [`Incidents::cluster_of`]), so the result is the part
    /// of the whole computation about them.
    fn components_among(&self, idx: &[usize], mut joins: Vec<usize>) -> Vec<Vec<usize>> {
        let n = idx.len();
        // Local positions, in the order of the members' indexes (`usize::MAX`: not among them).
        let mut local = vec![usize::MAX; self.members.len()];
        for (l, &i) in idx.iter().enumerate() {
            local[i] = l;
        }
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        // Per root: for each decision, the groups its members fall in.
        let group_of = |i: usize| -> Vec<Option<usize>> {
            self.apart
                .iter()
                .map(|groups| {
                    groups
                        .iter()
                        .position(|g| g.contains(&self.members[i].event))
                })
                .collect()
        };
        let mut tags: Vec<Vec<BTreeSet<usize>>> = idx
            .iter()
            .map(|&i| {
                group_of(i)
                    .into_iter()
                    .map(|g| g.into_iter().collect())
                    .collect()
            })
            .collect();
        // The days every member of a component may have happened on (the intersection of their
        // intervals; `None`: no dated member): a join that leaves no common day is refused, so
        // reports a day apart cannot chain into one incident spanning months.
        let mut window: Vec<Option<(i64, i64)>> =
            idx.iter().map(|&i| days(&self.members[i])).collect();
        // A group the user split off stays one incident (its events need not join directly).
        for groups in &self.apart {
            for g in groups {
                let mut at: Vec<usize> = g
                    .iter()
                    .filter_map(|e| self.by_event.get(e.as_str()))
                    .map(|&i| local[i])
                    .filter(|&l| l != usize::MAX)
                    .collect();
                at.sort_unstable_by_key(|&l| &self.members[idx[l]].event);
                for w in at.windows(2) {
                    let (ra, rb) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
                    if ra != rb {
                        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                        parent[hi] = lo;
                        // The user's decision stands even without a common day.
                        window[lo] = meet(window[lo], window[hi]).unwrap_or(None);
                        let moved = std::mem::take(&mut tags[hi]);
                        for (t, m) in tags[lo].iter_mut().zip(moved) {
                            t.extend(m);
                        }
                    }
                }
            }
        }
        // A join is kept as (the earlier event id, the later): its key borrows the two ids.
        let key = |k: usize| {
            let (a, b) = self.joins[k];
            (
                self.members[a].event.as_str(),
                self.members[b].event.as_str(),
            )
        };
        joins.sort_by_cached_key(|&k| key(k));
        for k in joins {
            let (a, b) = self.joins[k];
            let (ra, rb) = (find(&mut parent, local[a]), find(&mut parent, local[b]));
            if ra == rb {
                continue;
            }
            let clash = tags[ra]
                .iter()
                .zip(&tags[rb])
                .any(|(x, y)| x.iter().any(|g| y.iter().any(|h| g != h)));
            if clash {
                continue;
            }
            let Some(common) = meet(window[ra], window[rb]) else {
                continue;
            };
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi] = lo;
            window[lo] = common;
            let moved = std::mem::take(&mut tags[hi]);
            for (t, m) in tags[lo].iter_mut().zip(moved) {
                t.extend(m);
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (l, &i) in idx.iter().enumerate() {
            let r = find(&mut parent, l);
            groups.entry(r).or_default().push(i);
        }
        groups.into_values().collect()
    }

    /// The cluster of the given members: everything a join or a split decision ties them to,
    /// directly or not, ascending. The incidents of a cluster depend on nothing outside it.
    fn cluster_of(&self, seeds: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        let mut todo: Vec<usize> = seeds.into_iter().collect();
        while let Some(i) = todo.pop() {
            if !seen.insert(i) {
                continue;
            }
            for &k in &self.joins_of[i] {
                let (a, b) = self.joins[k];
                todo.push(if a == i { b } else { a });
            }
            let event = &self.members[i].event;
            for g in self.apart.iter().flatten().filter(|g| g.contains(event)) {
                todo.extend(g.iter().filter_map(|e| self.by_event.get(e.as_str())));
            }
        }
        seen.into_iter().collect()
    }

    /// How many reports (eligible events) were added so far: a mark for
    /// [`Incidents::rebuilt_since`].
    #[must_use]
    pub fn mark(&self) -> usize {
        self.members.len()
    }

    /// The incidents that changed since [`Incidents::mark`] returned `mark`, and the event ids
    /// of their reports. The reports added since then may regroup the clusters they join
    /// (reports tied by joins or split decisions, in any order); of those clusters' incidents,
    /// the ones whose reports are exactly an incident's of the time of `mark` (`unchanged`
    /// says so of a group of event ids) are the same and are not built again. An incident
    /// list of the time of `mark` becomes the present one by dropping the incidents holding
    /// any of the events returned and adding the incidents returned: the same list as
    /// [`Incidents::incidents`], at the cost of the clusters touched. Split decisions taken
    /// since `mark` are not covered (compute the incidents again after one).
    #[must_use]
    pub fn rebuilt_since(
        &self,
        mark: usize,
        unchanged: impl Fn(&[&str]) -> bool,
    ) -> (Vec<Incident>, BTreeSet<String>) {
        let idx = self.cluster_of(mark..self.members.len());
        let mut joins: Vec<usize> = idx
            .iter()
            .flat_map(|&i| self.joins_of[i].iter().copied())
            .collect();
        joins.sort_unstable();
        joins.dedup();
        // An incident is a function of its reports (with the joins among them): a group that
        // holds no new report and is an incident of before is that incident.
        let groups: Vec<Vec<usize>> = self
            .components_among(&idx, joins.clone())
            .into_iter()
            .filter(|g| {
                let events: Vec<&str> = g.iter().map(|&i| self.members[i].event.as_str()).collect();
                g.iter().any(|&i| i >= mark) || !unchanged(&events)
            })
            .collect();
        let mut group_of: HashMap<usize, usize> = HashMap::new();
        for (g, members) in groups.iter().enumerate() {
            for &i in members {
                group_of.insert(i, g);
            }
        }
        let mut inner: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        for k in joins {
            let (a, b) = self.joins[k];
            if let (Some(ga), Some(gb)) = (group_of.get(&a), group_of.get(&b)) {
                if ga == gb {
                    inner[*ga].push(k);
                }
            }
        }
        let mut out: Vec<Incident> = groups
            .iter()
            .zip(&inner)
            .map(|(members, joins)| self.build(members, joins))
            .collect();
        out.sort_by(|a, b| order_key(&a.members[0]).cmp(&order_key(&b.members[0])));
        let events = groups
            .iter()
            .flatten()
            .map(|&i| self.members[i].event.clone())
            .collect();
        (out, events)
    }

    /// The incidents, ordered by their earliest report.
    #[must_use]
    pub fn incidents(&self) -> Vec<Incident> {
        let mut out = Vec::new();
        self.each_incident(|i| out.push(i));
        out
    }

    /// [`Incidents::incidents`] handed to `each` one at a time, in their order, each as soon
    /// as it is built: a list written out as it goes never holds them all.
    pub fn each_incident(&self, mut each: impl FnMut(Incident)) {
        let groups = self.components();
        // The joins inside each group (a join across groups was undone by a split).
        let mut group_of = vec![usize::MAX; self.members.len()];
        for (g, idx) in groups.iter().enumerate() {
            for &i in idx {
                group_of[i] = g;
            }
        }
        let mut joins: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        for (k, (a, b)) in self.joins.iter().enumerate() {
            if group_of[*a] == group_of[*b] {
                joins[group_of[*a]].push(k);
            }
        }
        // An incident's first report is its members' least by `order_key` (they are built in
        // that order), so the groups can be ordered before they are built.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by_cached_key(|&g| groups[g].iter().map(|&i| order_key(&self.members[i])).min());
        for g in order {
            each(self.build(&groups[g], &joins[g]));
        }
    }

    fn build(&self, idx: &[usize], joins: &[usize]) -> Incident {
        let mut members: Vec<Member> = idx.iter().map(|&i| self.members[i].clone()).collect();
        members.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        let id = incident_id(&members[0].event);
        let mut joins: Vec<Join> = joins
            .iter()
            .map(|&k| self.joins[k])
            .map(|(a, b)| {
                let (a, b) = (&self.members[a], &self.members[b]);
                Join {
                    a: a.event.clone(),
                    b: b.event.clone(),
                    reasons: compare(a, b).expect("a kept join agrees"),
                }
            })
            .collect();
        // In the order of their event ids, whatever the order of arrival.
        joins.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        let mut values: BTreeMap<Role, Vec<Reported>> = BTreeMap::new();
        for m in &members {
            for (role, vs) in &m.data().roles {
                for v in vs {
                    values.entry(*role).or_default().push(Reported {
                        text: v.text.clone(),
                        id: v.id.clone(),
                        value: v.value.clone(),
                        qualifier: v.qualifier,
                        event: m.event.clone(),
                        document: m.document.clone(),
                        source: m.source.clone(),
                        published: m.published,
                        superseded: superseded(m.data(), v.span),
                    });
                }
            }
        }
        let attributes = values
            .into_iter()
            .map(|(role, values)| {
                let (best, rule) = best_value(role, &values);
                (role, Attribute { values, best, rule })
            })
            .collect();
        Incident {
            id,
            kind: members[0].data().kind,
            date: most_reported_day(&members),
            place: most_reported_place(&members),
            attributes,
            joins,
            members,
        }
    }
}

pub(crate) fn order_key(m: &Member) -> (Option<Date>, &str) {
    (m.published, m.event.as_str())
}

/// What incidents are ordered by ([`Incidents::incidents`]): their earliest report's
/// publication date (undated first), then its event id.
#[must_use]
pub fn first_report(incident: &Incident) -> (Option<Date>, &str) {
    order_key(&incident.members[0])
}

impl Incidents {
    /// Event id → the id of the incident holding it.
    #[must_use]
    pub fn incident_of(&self) -> BTreeMap<String, String> {
        incident_of(&self.incidents())
    }
}

/// Event id → the id of the incident holding it, for incidents already built.
#[must_use]
pub fn incident_of(incidents: &[Incident]) -> BTreeMap<String, String> {
    incidents
        .iter()
        .flat_map(|i| {
            i.members
                .iter()
                .map(move |m| (m.event.clone(), i.id.clone()))
        })
        .collect()
}

/// The documents in order of publication (undated first), then id, each with its source.
pub(crate) fn by_publication<D: std::borrow::Borrow<DocumentOutput>>(
    docs: &[(String, D)],
) -> Vec<(&String, &DocumentOutput)> {
    let mut order: Vec<(&String, &DocumentOutput)> =
        docs.iter().map(|(s, d)| (s, d.borrow())).collect();
    order.sort_by(|a, b| {
        (a.1.document.published, &a.1.document.id).cmp(&(b.1.document.published, &b.1.document.id))
    });
    order
}

/// The incident an event of `d` is about: its linked attack's, else the one incident the
/// document's reports belong to (if there is exactly one).
pub(crate) fn incident_about(
    e: &Event,
    d: &DocumentOutput,
    incident_of: &BTreeMap<String, String>,
) -> Option<String> {
    if let Some(i) = e.links.attack.as_ref().and_then(|a| incident_of.get(a)) {
        return Some(i.clone());
    }
    let found: BTreeSet<&String> = d
        .events
        .iter()
        .filter_map(|x| incident_of.get(&x.id))
        .collect();
    (found.len() == 1).then(|| (*found.iter().next().expect("one")).clone())
}

/// The largest number of killed an event reports.
#[must_use]
pub fn max_killed(e: &Event) -> Option<u64> {
    e.roles
        .get(&Role::Killed)
        .into_iter()
        .flatten()
        .filter_map(|v| match v.value {
            Some(Quantity::Number(n)) => Some(n),
            _ => None,
        })
        .max()
}

/// `inc-` and 12 hex digits of the SHA-256 of an event id.
#[must_use]
pub fn incident_id(event: &str) -> String {
    let digest = Sha256::digest(event.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("inc-{hex}")
}

/// Whether a role holds figures (follows the latest report) or names (follows most reports).
fn is_count(role: Role) -> bool {
    matches!(
        role,
        Role::Killed | Role::Injured | Role::PerpetratorsKilled
    )
}

fn qualifier_rank(q: Option<Qualifier>) -> u8 {
    match q {
        None | Some(Qualifier::Exact) => 3,
        Some(Qualifier::AtLeast) => 2,
        Some(Qualifier::About) => 1,
        Some(Qualifier::UpTo) => 0,
    }
}

fn number(v: &Reported) -> u64 {
    match v.value {
        Some(Quantity::Number(n)) => n,
        _ => 0,
    }
}

fn best_value(role: Role, values: &[Reported]) -> (Reported, &'static str) {
    if is_count(role) {
        let best = values
            .iter()
            .max_by(|a, b| {
                b.superseded
                    .cmp(&a.superseded)
                    .then(a.published.cmp(&b.published))
                    .then(qualifier_rank(a.qualifier).cmp(&qualifier_rank(b.qualifier)))
                    .then(number(a).cmp(&number(b)))
                    .then(b.event.cmp(&a.event))
            })
            .expect("an attribute has a value");
        (best.clone(), "latest_report")
    } else {
        let key = |v: &Reported| v.id.clone().unwrap_or_else(|| v.text.to_lowercase());
        let mut docs: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for v in values {
            docs.entry(key(v)).or_default().insert(v.document.as_str());
        }
        let winner = values
            .iter()
            .max_by(|a, b| {
                docs[&key(a)]
                    .len()
                    .cmp(&docs[&key(b)].len())
                    .then(a.published.cmp(&b.published))
                    .then(b.event.cmp(&a.event))
            })
            .expect("an attribute has a value");
        // Shown as its fullest wording ("Islamic State", not "the group").
        let best = values
            .iter()
            .filter(|v| key(v) == key(winner))
            .max_by(|a, b| {
                a.text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                    .cmp(&b.text.chars().next().is_some_and(char::is_uppercase))
                    .then(a.text.len().cmp(&b.text.len()))
                    .then(b.event.cmp(&a.event))
            })
            .expect("the winner is among them");
        (best.clone(), "most_reports")
    }
}

fn most_reported_day(members: &[Member]) -> Option<Date> {
    let mut days: BTreeMap<Date, usize> = BTreeMap::new();
    for m in members {
        if let Some(t) = &m.data().time {
            if let (Some(s), TimePrecision::Day) = (t.start, t.precision) {
                *days.entry(s).or_default() += 1;
            }
        }
    }
    days.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|d| d.0)
}

fn most_reported_place(members: &[Member]) -> Option<PlaceRef> {
    let mut counts: BTreeMap<(GeoPrecision, String), (usize, PlaceRef)> = BTreeMap::new();
    for m in members {
        if let Some(p) = main_place(m.data()) {
            let key = (p.precision, place_key(p));
            counts.entry(key).or_insert((0, p.clone())).0 += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| {
            // The finest precision first (Point < City < …), then the most reports.
            b.0 .0.cmp(&a.0 .0).then(a.1 .0.cmp(&b.1 .0))
        })
        .map(|(_, (_, p))| p)
}

fn place_key(p: &PlaceRef) -> String {
    p.geonames_id
        .map_or_else(|| p.name.to_lowercase(), |id| id.to_string())
}

/// The most specific resolved place of an event.
fn main_place(e: &Event) -> Option<&PlaceRef> {
    e.places
        .iter()
        .filter(|p| p.precision != GeoPrecision::Unresolved)
        .min_by_key(|p| p.precision)
}

/// The days an event may have happened on, tolerance included; `None` when nothing dates it.
fn interval(m: &Member) -> Option<(Date, Date)> {
    let resolved = m.data().time.as_ref().and_then(|t| {
        let s = t.start?;
        let e = t.end.unwrap_or(match t.precision {
            TimePrecision::Month => s.month_end(),
            TimePrecision::Year => Date::new(s.year, 12, 31).unwrap_or(s),
            TimePrecision::Week => s.add_days(6),
            _ => s,
        });
        let tol = match t.precision {
            TimePrecision::Day | TimePrecision::Week | TimePrecision::Interval => 1,
            _ => 0,
        };
        Some((s.add_days(-tol), e.add_days(tol)))
    });
    resolved.or_else(|| m.published.map(|p| (p.add_days(-UNDATED_DAYS), p)))
}

fn show(i: Option<(Date, Date)>) -> String {
    i.map_or_else(|| "none".to_string(), |(a, b)| format!("{a}..{b}"))
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// How two places agree (written out only for a join kept: see [`PlaceHow::text`]).
#[derive(Debug, Clone, Copy)]
enum PlaceHow {
    /// The same place (one geonames id).
    Same,
    /// Two points this many km apart, within [`SAME_PLACE_KM`].
    Km(f64),
    /// One inside the other's area.
    Inside,
}

impl PlaceHow {
    /// One place (rather than one inside the other's area).
    fn one_place(self) -> bool {
        !matches!(self, PlaceHow::Inside)
    }

    /// As a join's reason shows it.
    fn text(self) -> String {
        match self {
            PlaceHow::Same => "same place".into(),
            PlaceHow::Km(d) => format!("{d:.0} km apart"),
            PlaceHow::Inside => "inside".into(),
        }
    }
}

/// How two places relate: one place, one inside the other's area, or `None`: a conflict.
fn places_agree(a: &PlaceRef, b: &PlaceRef) -> Option<PlaceHow> {
    if is_point(a) && is_point(b) {
        let d = km((a.lat?, a.lon?), (b.lat?, b.lon?));
        if a.geonames_id.is_some() && a.geonames_id == b.geonames_id {
            return Some(PlaceHow::Same);
        }
        return (d <= SAME_PLACE_KM).then_some(PlaceHow::Km(d));
    }
    if a.country.is_none() || a.country != b.country {
        return None;
    }
    // A city inside the state or country the other names.
    let (coarse, finer) = if a.precision >= b.precision {
        (a, b)
    } else {
        (b, a)
    };
    if coarse.precision <= GeoPrecision::Admin1
        && coarse.admin1.is_some()
        && finer.admin1.is_some()
        && coarse.admin1 != finer.admin1
    {
        return None;
    }
    Some(PlaceHow::Inside)
}

/// The best agreement between any place of one report and any of the other: one place before
/// one inside the other's area; `None` when no pair agrees.
fn best_agreement(a: &[PlaceRef], b: &[PlaceRef]) -> Option<PlaceHow> {
    let mut best: Option<PlaceHow> = None;
    for p in a {
        for q in b {
            if let Some(r) = places_agree(p, q) {
                if r.one_place() {
                    return Some(r);
                }
                best.get_or_insert(r);
            }
        }
    }
    best
}

fn perpetrators(e: &Event) -> BTreeSet<String> {
    [Role::PerpetratorOrg, Role::SuspectedOrg]
        .iter()
        .filter_map(|r| e.roles.get(r))
        .flatten()
        .map(|v| v.id.clone().unwrap_or_else(|| v.text.to_lowercase()))
        .collect()
}

/// Subtypes that reports of one attack use for each other: a suicide bombing is a bombing, an
/// assassination an armed assault, a kidnapping a hostage-taking.
fn family(subtype: &str) -> &str {
    match subtype {
        "suicide_bombing" => "bombing",
        "assassination" | "targeted_killing" => "armed_assault",
        "hostage_taking" => "kidnapping",
        other => other,
    }
}

/// Whether two reports tell of the same incident: how their places agree when they do.
fn agreement(a: &Member, b: &Member) -> Option<PlaceHow> {
    let (x, y) = (a.data(), b.data());
    if x.kind != y.kind {
        return None;
    }
    if family(&x.subtype) != family(&y.subtype) && x.subtype != "unknown" && y.subtype != "unknown"
    {
        return None;
    }
    if let (Some((s1, e1)), Some((s2, e2))) = (a.span, b.span) {
        if s1 > e2 || s2 > e1 {
            return None;
        }
    }
    let (pa, pb) = (&a.perps, &b.perps);
    let shared = !pa.is_disjoint(pb);
    if !pa.is_empty() && !pb.is_empty() && !shared {
        return None;
    }
    if a.places.is_empty() || b.places.is_empty() {
        return None;
    }
    let place = best_agreement(&a.places, &b.places)?;
    // City-level agreement, or an area plus the same perpetrator.
    (place.one_place() || shared).then_some(place)
}

/// Whether two reports tell of the same incident ([`compare`] without writing out why). The
/// answer does not depend on their order: each test is symmetric, and a pair of places at one
/// place is found whichever side is read first.
#[must_use]
pub fn agree(a: &Member, b: &Member) -> bool {
    agreement(a, b).is_some()
}

/// Whether two reports tell of the same incident, and why (`None`: they do not).
#[must_use]
pub fn compare(a: &Member, b: &Member) -> Option<Vec<Reason>> {
    let place = agreement(a, b)?;
    let shared: Vec<&str> = a.perps.intersection(&b.perps).map(String::as_str).collect();
    Some(vec![
        Reason::Time {
            a: show(a.span),
            b: show(b.span),
        },
        Reason::Place { how: place.text() },
        Reason::Perpetrator {
            how: if shared.is_empty() {
                "unknown".into()
            } else {
                shared.join(", ")
            },
        },
    ])
}

/// Pairwise clustering scores of predicted incidents against gold labels: over all pairs of
/// items, precision = pairs together in both / pairs together in ours, recall = pairs together
/// in both / pairs together in gold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairScores {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// Pairs together in ours.
    pub predicted_pairs: usize,
    /// Pairs together in gold.
    pub gold_pairs: usize,
    /// Pairs together in both.
    pub both: usize,
}

/// Scores `predicted` (a cluster per item) against `gold` (a label per item), item by item.
/// An empty denominator scores 1.
#[must_use]
pub fn pairwise<P: PartialEq, G: PartialEq>(predicted: &[P], gold: &[G]) -> PairScores {
    assert_eq!(predicted.len(), gold.len(), "one gold label per item");
    let (mut pp, mut gp, mut both) = (0, 0, 0);
    for i in 0..predicted.len() {
        for j in i + 1..predicted.len() {
            let p = predicted[i] == predicted[j];
            let g = gold[i] == gold[j];
            pp += usize::from(p);
            gp += usize::from(g);
            both += usize::from(p && g);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    PairScores {
        precision: ratio(both, pp),
        recall: ratio(both, gp),
        predicted_pairs: pp,
        gold_pairs: gp,
        both,
    }
}

#[cfg(test)]
mod tests {
    use super::{compare, pairwise, Incidents, Join, Reason};
    use proptest::prelude::*;
    use std::collections::BTreeSet;
    use vigil_model::{
        Date, DocumentMeta, DocumentOutput, Event, EventKind, GeoPrecision, Links, Modality,
        PlaceRef, Role, RoleValue, Span,
    };

    /// A place: kind 0–2 a point (a band of latitude holds about 0.36°, so these straddle
    /// bands and lie within and beyond 40 km of each other), 3 a country, 4 a state, 5 a
    /// point without a country, 6 a country-less area.
    fn place(kind: u8, country: bool, lat: f64, lon: f64) -> PlaceRef {
        let c = if country { "AA" } else { "BB" };
        let (precision, country, coords) = match kind {
            0..=2 => (GeoPrecision::City, Some(c), true),
            3 => (GeoPrecision::Country, Some(c), true),
            4 => (GeoPrecision::Admin1, Some(c), false),
            5 => (GeoPrecision::City, None, true),
            _ => (GeoPrecision::Region, None, false),
        };
        PlaceRef {
            text: "x".into(),
            name: format!("{kind}{c}{lat:.2}{lon:.2}"),
            geonames_id: None,
            country: country.map(str::to_string),
            admin1: (kind == 4).then(|| format!("{c}-{}", lat > 10.0)),
            lat: coords.then_some(lat),
            lon: coords.then_some(lon),
            precision,
            span: Span::new(0, 1),
        }
    }

    type Report = (Vec<(u8, bool, f64, f64)>, u8, u8, u8);

    /// Subtypes of one family, of another, and unknown.
    const SUBTYPES: [&str; 4] = ["bombing", "suicide_bombing", "armed_assault", "unknown"];

    fn report(n: usize, (places, day, perp, subtype): &Report) -> DocumentOutput {
        let mut roles = std::collections::BTreeMap::new();
        if *perp > 0 {
            roles.insert(
                Role::PerpetratorOrg,
                vec![RoleValue {
                    text: format!("group {perp}"),
                    id: None,
                    value: None,
                    qualifier: None,
                    span: Span::new(0, 1),
                }],
            );
        }
        let id = format!("d{n:03}");
        DocumentOutput {
            document: DocumentMeta {
                id: id.clone(),
                source: "s".into(),
                url: None,
                title: None,
                published: Date::new(2025, 1, 1).map(|d| d.add_days(i64::from(*day))),
                site_name: None,
                duplicate_of: None,
                language: None,
            },
            events: vec![Event {
                id: format!("{id}#e1"),
                kind: EventKind::Attack,
                subtype: SUBTYPES[usize::from(*subtype) % SUBTYPES.len()].into(),
                modality: Modality::Asserted,
                roles,
                time: None,
                places: places
                    .iter()
                    .map(|&(k, c, lat, lon)| place(k, c, lat, lon))
                    .collect(),
                source: None,
                evidence: Vec::new(),
                triggers: Vec::new(),
                links: Links::default(),
                confidence: 1.0,
            }],
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The candidate index (by place key and day) loses no join: the joins kept are exactly
        /// the pairs that agree when every report is compared with every other.
        #[test]
        fn the_candidate_index_finds_every_pair_that_agrees(
            reports in prop::collection::vec(
                (
                    prop::collection::vec(
                        (0u8..7, any::<bool>(), 9.0f64..11.0, 20.0f64..20.8),
                        0..3,
                    ),
                    0u8..30,
                    0u8..3,
                    0u8..4,
                ),
                2..40,
            )
        ) {
            let docs: Vec<DocumentOutput> =
                reports.iter().enumerate().map(|(n, r)| report(n, r)).collect();
            let mut inc = Incidents::new();
            for d in &docs {
                inc.add("s", d);
            }
            let kept: BTreeSet<(usize, usize)> = inc
                .joins
                .iter()
                .map(|&(a, b)| (a.min(b), a.max(b)))
                .collect();
            let mut all = BTreeSet::new();
            for i in 0..inc.members.len() {
                for j in i + 1..inc.members.len() {
                    let (a, b) = (&inc.members[i], &inc.members[j]);
                    if compare(a, b).is_some() {
                        all.insert((i, j));
                    }
                    // The index is read in the order of arrival, the join kept in the order of
                    // event ids: agreement must not depend on the order.
                    prop_assert_eq!(compare(a, b).is_some(), compare(b, a).is_some());
                }
            }
            prop_assert!(!docs.is_empty());
            prop_assert_eq!(kept, all);
        }
    }

    /// A join's reasons, drawn again when its incident is built, are those of the two reports
    /// in the order of their event ids, whichever arrived first.
    #[test]
    fn a_joins_reasons_are_drawn_from_its_two_reports() {
        let first = report(0, &(vec![(0, true, 10.0, 20.0)], 0, 1, 0));
        let second = report(1, &(vec![(1, true, 10.1, 20.1)], 1, 1, 1));
        for order in [[&first, &second], [&second, &first]] {
            let mut inc = Incidents::new();
            for d in order {
                inc.add("s", d);
            }
            let all = inc.incidents();
            assert_eq!(all.len(), 1);
            assert_eq!(
                all[0].joins,
                vec![Join {
                    a: "d000#e1".into(),
                    b: "d001#e1".into(),
                    reasons: vec![
                        Reason::Time {
                            a: "2024-12-29..2025-01-01".into(),
                            b: "2024-12-30..2025-01-02".into(),
                        },
                        Reason::Place {
                            how: "16 km apart".into(),
                        },
                        Reason::Perpetrator {
                            how: "group 1".into(),
                        },
                    ],
                }]
            );
        }
    }

    #[test]
    fn pairwise_scores_hand_made_cases() {
        let perfect = pairwise(&[1, 1, 2, 3], &["a", "a", "b", "c"]);
        assert_eq!((perfect.precision, perfect.recall), (1.0, 1.0));
        // Everything in one cluster: 1 of 3 pairs right, every gold pair found.
        let lumped = pairwise(&[1, 1, 1], &["a", "a", "b"]);
        assert_eq!(
            (lumped.both, lumped.predicted_pairs, lumped.gold_pairs),
            (1, 3, 1)
        );
        assert!((lumped.precision - 1.0 / 3.0).abs() < 1e-12 && lumped.recall == 1.0);
        // Everything apart: no pair claimed (precision 1 by convention), none found.
        let apart = pairwise(&[1, 2, 3], &["a", "a", "a"]);
        assert_eq!((apart.precision, apart.recall), (1.0, 0.0));
    }
}
