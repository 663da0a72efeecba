//! Merging candidates that report the same event, linking events, and building the output.

use crate::candidate::Cand;
use vigil_model::{
    Document, Event, EventKind, Evidence, GeoPrecision, Links, Modality, PlaceRef, Quantity, Role,
    RoleValue, Span,
};
use vigil_nlp::{Actors, Annotated};

/// Roles whose ids must agree for two candidates to be one event.
const KEY_ROLES: &[Role] = &[
    Role::PerpetratorOrg,
    Role::ClaimantOrg,
    Role::IssuerOrg,
    Role::IssuerIndividual,
    Role::Denier,
    Role::Operator,
];

fn ids(c: &Cand, role: Role) -> Vec<&str> {
    c.roles
        .get(&role)
        .map(|v| v.iter().filter_map(|x| x.id.as_deref()).collect())
        .unwrap_or_default()
}

fn related(actors: &Actors, a: &str, b: &str) -> bool {
    a == b || actors.parents(a).contains(&b) || actors.parents(b).contains(&a)
}

/// Great-circle distance in kilometres, when both places have coordinates.
fn km(x: &PlaceRef, y: &PlaceRef) -> Option<f64> {
    let (la1, lo1, la2, lo2) = (x.lat?, x.lon?, y.lat?, y.lon?);
    let (p1, p2) = (la1.to_radians(), la2.to_radians());
    let dp = p2 - p1;
    let dl = (lo2 - lo1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    Some(2.0 * 6371.0 * h.sqrt().asin())
}

/// Two towns are one scene when they are the same place or neighbours (a district of a capital,
/// a village on a city's outskirts).
const SAME_SCENE_KM: f64 = 40.0;

fn places_agree(a: &[PlaceRef], b: &[PlaceRef]) -> bool {
    let cities = |v: &'_ [PlaceRef]| -> Vec<PlaceRef> {
        v.iter()
            .filter(|p| p.precision == GeoPrecision::City)
            .cloned()
            .collect()
    };
    let (ca, cb) = (cities(a), cities(b));
    if !ca.is_empty()
        && !cb.is_empty()
        && !ca.iter().any(|x| {
            cb.iter().any(|y| {
                x.geonames_id == y.geonames_id || km(x, y).is_some_and(|d| d <= SAME_SCENE_KM)
            })
        })
    {
        return false;
    }
    let country_clash = |cs: &[PlaceRef], other: &[PlaceRef]| {
        cs.iter().any(|x| {
            other
                .iter()
                .filter(|p| p.precision == GeoPrecision::Country)
                .any(|y| x.country != y.country)
        })
    };
    !(country_clash(&ca, b) || country_clash(&cb, a) || countries_apart(a, b))
}

/// Whether both name places inside countries (a state, a province, a city: a bare country is
/// too often where a speaker sits or reports come from) and share no country: "clashes in
/// Sinai" and "found dead in Culiacan" are two events.
fn countries_apart(a: &[PlaceRef], b: &[PlaceRef]) -> bool {
    // Compared for every candidate against every event of a document: no allocation.
    fn inside(v: &[PlaceRef]) -> impl Iterator<Item = &str> {
        v.iter()
            .filter(|p| p.precision < GeoPrecision::Country)
            .filter_map(|p| p.country.as_deref())
    }
    inside(a).next().is_some()
        && inside(b).next().is_some()
        && !inside(a).any(|c| inside(b).any(|d| d == c))
}

fn speaker_key(c: &Cand) -> Option<(Option<String>, String, bool)> {
    c.roles
        .get(&Role::Speaker)
        .and_then(|v| v.first())
        .map(|s| {
            let t = s.text.to_lowercase();
            let t = t
                .trim_start_matches("the ")
                .trim_start_matches("some ")
                .trim_start_matches("several ")
                .to_string();
            (s.id.clone(), t, c.speaker_person)
        })
}

fn compatible(actors: &Actors, e: &Cand, c: &Cand) -> bool {
    if e.kind != c.kind || e.caption != c.caption {
        return false;
    }
    for role in KEY_ROLES {
        let (x, y) = (ids(e, *role), ids(c, *role));
        if !x.is_empty()
            && !y.is_empty()
            && !x.iter().any(|a| y.iter().any(|b| related(actors, a, b)))
        {
            return false;
        }
    }
    // "The attack" refers back to the attack told before, even where its sentence names a
    // place nearby; not to one in another country ("the attack on the checkpoint near Kirkuk"
    // after killings in Khartoum).
    if !(places_agree(&e.places, &c.places)
        || c.definite && e.kind == EventKind::Attack && !countries_apart(&e.places, &c.places))
    {
        return false;
    }
    if let (Some(x), Some(y)) = (&e.time, &c.time) {
        if let (Some(xs), Some(xe), Some(ys), Some(ye)) = (x.start, x.end, y.start, y.end) {
            if xe.add_days(1) < ys || ye.add_days(1) < xs {
                return false;
            }
        }
    }
    if e.kind == EventKind::Assessment {
        match (speaker_key(e), speaker_key(c)) {
            (Some((Some(a), _, _)), Some((Some(b), _, _))) if a != b => return false,
            (Some((None, a, ap)), Some((None, b, bp))) if a != b && !(ap && bp) => return false,
            (Some((Some(_), _, true)), Some((None, _, false)))
            | (Some((None, _, false)), Some((Some(_), _, true))) => return false,
            _ => {}
        }
    }
    // What a denial denies may be told again as a rumour or claim: "police denied reports of
    // an attack" ... "messages had claimed that gunmen stormed the mall".
    let denied_rumour = e.modality == Modality::Negated
        && matches!(
            c.modality,
            Modality::Claimed | Modality::Reported | Modality::Alleged
        );
    // What an attempt could not do is part of it: "shot dead a would-be bomber" ... "before he
    // could detonate his vest".
    let unrealised_part = matches!(e.modality, Modality::Foiled | Modality::Attempted)
        && c.modality == Modality::Hypothetical;
    if e.modality != c.modality
        && !unrealised_part
        && (matches!(
            e.modality,
            Modality::Historical | Modality::Negated | Modality::Hypothetical
        ) || matches!(
            c.modality,
            Modality::Historical | Modality::Negated | Modality::Hypothetical
        ))
        && !denied_rumour
    {
        return false;
    }
    true
}

/// Whether a mention of violence may report the same event as an earlier compatible one: not
/// when it opens its sentence as a new scene ("Clashes erupted in Marawi …", "Shelling hit …")
/// after another sentence; such a report is a separate event with its own toll.
fn corefers(e: &Cand, c: &Cand) -> bool {
    let same_sentence = e.evidence.contains(&c.sentence);
    // Background attacks are told one by one ("the 1974 bombings … in 2010, a bomb …").
    let apart = c.modality == Modality::Historical && !c.definite;
    c.definite || same_sentence || !c.fresh && !apart
}

fn absorb(e: &mut Cand, c: Cand) {
    for (role, vals) in c.roles {
        for v in vals {
            e.push(role, v);
        }
    }
    for p in c.places {
        // One entry per place; the first mention is its evidence.
        if !e
            .places
            .iter()
            .any(|x| x.span == p.span || x.name == p.name && x.country == p.country)
        {
            e.places.push(p);
        }
    }
    if e.time.is_none() {
        e.time = c.time;
    }
    if e.source.is_none() {
        e.source = c.source;
        e.speaker_person = c.speaker_person;
    }
    if subtype_rank(&c.subtype) > subtype_rank(&e.subtype) {
        e.subtype = c.subtype;
    }
    e.strong |= c.strong;
    e.refers |= c.refers;
    for s in c.evidence {
        if !e.evidence.contains(&s) {
            e.evidence.push(s);
        }
    }
    for m in c.mentions {
        if !e.mentions.contains(&m) {
            e.mentions.push(m);
        }
    }
    if e.reference_only && !c.reference_only {
        e.reference_only = false;
        e.sentence = c.sentence;
        e.trigger = c.trigger;
    }
}

pub(crate) fn finish(
    doc: &Document,
    a: &Annotated,
    cands: Vec<Cand>,
    actors: &Actors,
) -> Vec<Event> {
    // Body candidates first so headline references can join them, then in text order.
    let mut order: Vec<Cand> = cands;
    // A text that is all headline (a wire summary, a list of headlines) reports in its headlines.
    if !a
        .sentences
        .iter()
        .any(|s| s.kind == vigil_model::SentenceKind::Body)
    {
        for c in &mut order {
            if a.sentences[c.sentence].kind == vigil_model::SentenceKind::Headline {
                c.reference_only = false;
            }
        }
    }
    order.sort_by_key(|c| (c.reference_only, c.sentence, c.trigger.0));
    let mut events: Vec<Cand> = Vec::new();
    let mut unjoined: Vec<Cand> = Vec::new();
    for c in order {
        // "… near Ataq when it was hit": a passive blow with no one named as its author, just
        // after an air strike or raid, is that operation's.
        let blow = c.kind == EventKind::Attack
            && !c.reference_only
            && c.trigger.1 == c.trigger.0 + 1
            && c.trigger.0 > 0
            && matches!(a.low(c.trigger.0), "hit" | "struck" | "targeted" | "bombed")
            && matches!(a.low(c.trigger.0 - 1), "was" | "were" | "been")
            && !c.roles.contains_key(&Role::PerpetratorOrg)
            && !c.roles.contains_key(&Role::PerpetratorIndividual);
        if blow {
            if let Some(i) = events.iter().rposition(|e| {
                e.kind == EventKind::CounterOperation
                    && e.caption == c.caption
                    && e.sentence <= c.sentence
                    && c.sentence - e.sentence <= 2
                    && !countries_apart(&e.places, &c.places)
            }) {
                absorb(&mut events[i], c);
                continue;
            }
        }
        let target = if c.indefinite && !c.reference_only {
            // "a siege" opens a new event, unless the same sentence already reports one it
            // fits: "stormed a hotel and held guests hostage in a siege".
            events
                .iter()
                .rposition(|e| e.sentence == c.sentence && compatible(actors, e, &c))
        } else {
            events.iter().rposition(|e| {
                compatible(actors, e, &c)
                    && (e.sentence <= c.sentence || c.reference_only)
                    && corefers(e, &c)
            })
        };
        match target {
            Some(i) => {
                let mut c = c;
                if c.definite && !places_agree(&events[i].places, &c.places) {
                    c.places.clear();
                }
                absorb(&mut events[i], c);
            }
            None if c.reference_only => {
                if a.sentences[c.sentence].kind == vigil_model::SentenceKind::Headline {
                    unjoined.push(c);
                }
            }
            None => events.push(c),
        }
    }
    // A headline whose story the body does not report (a wire digest whose first line is
    // one report and the rest others): when the body yields no event at all, the headline's
    // own events stand, merged among themselves.
    if events.is_empty() {
        for mut c in unjoined {
            c.reference_only = false;
            match events
                .iter()
                .rposition(|e| compatible(actors, e, &c) && corefers(e, &c))
            {
                Some(i) => absorb(&mut events[i], c),
                None => events.push(c),
            }
        }
    }
    events.sort_by_key(|e| (e.sentence, e.trigger.0));
    for e in events
        .iter_mut()
        .filter(|e| e.kind == EventKind::Attack && e.subtype == "unknown")
    {
        e.subtype = infer_subtype(e).to_string();
    }
    // Assessments without a stance are not assessments.
    events.retain(|e| {
        e.kind != EventKind::Assessment
            || e.roles.contains_key(&Role::Stance)
            || e.roles.contains_key(&Role::Attribution)
    });
    let id_of = |i: usize| format!("{}#e{}", doc.id, i + 1);
    let mut links: Vec<Links> = vec![Links::default(); events.len()];
    // The claimant of an attack is its (claimed) perpetrator: (attack index, claimant value).
    let mut extra: Vec<(usize, RoleValue)> = Vec::new();
    for i in 0..events.len() {
        let e = &events[i];
        match e.kind {
            EventKind::ClaimOfResponsibility | EventKind::DenialOfResponsibility => {
                let attack = events
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| {
                        x.kind == EventKind::Attack
                            && x.caption == e.caption
                            && x.evidence.contains(&e.sentence)
                    })
                    .map(|(j, _)| j)
                    .next()
                    .or_else(|| {
                        events[..i]
                            .iter()
                            .rposition(|x| x.kind == EventKind::Attack && x.caption == e.caption)
                    })
                    .or_else(|| {
                        events
                            .iter()
                            .position(|x| x.kind == EventKind::Attack && x.caption == e.caption)
                    });
                if let Some(j) = attack {
                    links[i].attack = Some(id_of(j));
                    if e.kind == EventKind::ClaimOfResponsibility {
                        links[j].claimed_by.push(id_of(i));
                        for v in e.roles.get(&Role::ClaimantOrg).into_iter().flatten() {
                            extra.push((j, v.clone()));
                        }
                    }
                }
            }
            EventKind::Assessment => {
                let about = events
                    .iter()
                    .enumerate()
                    .filter(|(j, x)| {
                        *j != i
                            && matches!(
                                x.kind,
                                EventKind::Threat | EventKind::ClaimOfResponsibility
                            )
                            && x.evidence.iter().any(|s| e.evidence.contains(s))
                    })
                    .map(|(j, _)| j)
                    .next()
                    .or_else(|| {
                        e.refers
                            .then(|| {
                                events[..i].iter().rposition(|x| {
                                    matches!(
                                        x.kind,
                                        EventKind::Threat | EventKind::ClaimOfResponsibility
                                    )
                                })
                            })
                            .flatten()
                    });
                if let Some(j) = about {
                    links[i].about.push(id_of(j));
                    links[j].assessed_by.push(id_of(i));
                }
            }
            EventKind::AlertLevelChange => {
                for (j, x) in events.iter().enumerate() {
                    if x.kind == EventKind::Attack && x.evidence.contains(&e.sentence) && j != i {
                        links[i].reason.push(id_of(j));
                    }
                }
            }
            _ => {}
        }
    }
    for (j, v) in extra {
        if !events[j].has(Role::PerpetratorOrg)
            || !events[j].roles[&Role::PerpetratorOrg]
                .iter()
                .any(|x| x.id == v.id)
        {
            events[j].push(Role::PerpetratorOrg, v);
        }
    }
    let mut out = Vec::with_capacity(events.len());
    for (i, (mut e, l)) in events.into_iter().zip(links).enumerate() {
        e.evidence.sort_unstable();
        // The sentence that tells the blow itself comes first ("a roadside IED detonated
        // under a convoy"), before one that tells only its dead ("IED kills general").
        if matches!(e.kind, EventKind::Attack | EventKind::CounterOperation) {
            let blow = e
                .mentions
                .iter()
                .filter(|&&(s, t)| !crate::candidate::casualty_words(a, s, t))
                .map(|&(s, _)| a.sentence_of(s))
                .min();
            if let Some(k) = blow.and_then(|b| e.evidence.iter().position(|&x| x == b)) {
                let first = e.evidence.remove(k);
                e.evidence.insert(0, first);
            }
        }
        for vals in e.roles.values_mut() {
            vals.sort_by_key(|v| v.span);
        }
        e.places.sort_by_key(|p| p.span);
        let evidence: Vec<Evidence> = e
            .evidence
            .iter()
            .map(|&s| {
                let span = a.sentences[s].span;
                Evidence {
                    sentence: s,
                    span,
                    text: span.slice(&a.text).to_string(),
                }
            })
            .collect();
        let confidence = confidence(&e, &l);
        let mut roles = e.roles;
        // Only the roles ONTOLOGY.md gives the kind ("wounded two aides" in a raid fills no
        // role of a counter-operation).
        roles.retain(|r, v| !v.is_empty() && e.kind.roles().contains(r));
        // A rescue's targets are the captors, never the freed ("rescued 27 students").
        if e.kind == EventKind::CounterOperation && e.subtype == "rescue" {
            if let Some(t) = roles.get_mut(&Role::TargetIndividual) {
                t.retain(|v| {
                    v.text.rsplit(' ').next().is_some_and(|h| {
                        let h = h.to_lowercase();
                        h == "captors" || crate::candidate::PERP_NOUNS.contains(&h.as_str())
                    })
                });
            }
            roles.retain(|_, v| !v.is_empty());
        }
        out.push(Event {
            id: id_of(i),
            kind: e.kind,
            subtype: e.subtype,
            modality: e.modality,
            roles,
            time: e.time,
            places: e.places,
            source: e.source,
            evidence,
            triggers: {
                let mut t: Vec<Span> = e
                    .mentions
                    .iter()
                    .map(|&(s, t)| a.token_span(s, t))
                    .collect();
                t.sort_unstable();
                t.dedup();
                t
            },
            links: l,
            confidence,
        });
    }
    attack_roles(&mut out, a);
    out
}

/// Gives claims and denials an `attack` role naming the attack they are about.
fn attack_roles(events: &mut [Event], a: &Annotated) {
    let snapshot: Vec<(String, Option<RoleValue>)> = events
        .iter()
        .map(|e| {
            let v = e.evidence.first().map(|ev| {
                let text = ev.span.slice(&a.text);
                RoleValue {
                    text: text.to_string(),
                    id: Some(e.id.clone()),
                    value: None,
                    qualifier: None,
                    span: ev.span,
                }
            });
            (e.id.clone(), v)
        })
        .collect();
    for e in events.iter_mut() {
        if let Some(att) = e.links.attack.clone() {
            if let Some((_, Some(v))) = snapshot.iter().find(|(id, _)| *id == att) {
                // Use the attack's place or trigger sentence as the text it rests on.
                let mut v = v.clone();
                v.value = Some(Quantity::Symbol("linked".into()));
                e.push_role(Role::Attack, v);
            }
        }
    }
}

fn confidence(e: &Cand, l: &Links) -> f64 {
    let core = e.roles.values().filter(|v| !v.is_empty()).count().min(5) as f64;
    let mut c = if e.strong { 0.55 } else { 0.4 };
    c += 0.06 * core;
    c += 0.05 * (e.evidence.len().saturating_sub(1)).min(3) as f64;
    if !e.places.is_empty() {
        c += 0.04;
    }
    if e.time.is_some() {
        c += 0.03;
    }
    if l.attack.is_some() || !l.about.is_empty() || !l.claimed_by.is_empty() {
        c += 0.04;
    }
    if matches!(
        e.modality,
        Modality::Reported | Modality::Alleged | Modality::Hypothetical
    ) {
        c -= 0.08;
    }
    if e.caption {
        c -= 0.05;
    }
    (c.clamp(0.05, 0.99) * 100.0).round() / 100.0
}

/// More specific subtypes win when reports of one event use several trigger words.
fn subtype_rank(s: &str) -> u8 {
    match s {
        "suicide_bombing" | "hostage_taking" | "kidnapping" | "vehicle_ramming"
        | "assassination" => 5,
        "stabbing" | "arson" | "plot_disrupted" | "air_strike" | "targeted_killing" => 4,
        "bombing" | "raid" => 3,
        "armed_assault" | "offensive" => 2,
        "unknown" => 0,
        _ => 1,
    }
}

/// An attack named only as "attack" takes its subtype from its first weapon.
fn infer_subtype(e: &Cand) -> &'static str {
    let first = e
        .roles
        .get(&Role::Weapon)
        .and_then(|w| w.iter().min_by_key(|v| v.span))
        .map(|v| v.text.to_lowercase());
    match first.as_deref() {
        Some(w)
            if ["rifle", "gun", "pistol", "firearm", "machine", "ak-47"]
                .iter()
                .any(|x| w.contains(x)) =>
        {
            "armed_assault"
        }
        Some(w)
            if [
                "bomb",
                "explosive",
                "dynamite",
                "grenade",
                "ied",
                "rocket",
                "mortar",
                "mine",
            ]
            .iter()
            .any(|x| w.contains(x)) =>
        {
            "bombing"
        }
        Some(w) if ["knife", "knives", "machete"].iter().any(|x| w.contains(x)) => "stabbing",
        _ => "unknown",
    }
}
