//! Candidate events: one per trigger, with roles filled from its sentence.

use crate::context::{sentence_speaker, vocab_hits, Hit, Speaker};
use crate::{Extractor, Trigger};
use std::collections::{BTreeMap, BTreeSet};
use vigil_geo::PlaceMention;
use vigil_model::{
    EventKind, GeoPrecision, MentionKind, Modality, PlaceRef, Quantity, Role, RoleValue,
    SentenceKind, SourceRef, Span, TimePrecision, TimeRef, TokenKind,
};
use vigil_nlp::{ActorMention, Annotated};

/// A candidate event before merging.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub kind: EventKind,
    pub subtype: String,
    pub modality: Modality,
    pub sentence: usize,
    pub trigger: (usize, usize),
    /// Trigger tokens of every mention merged into this candidate.
    pub mentions: Vec<(usize, usize)>,
    pub strong: bool,
    pub caption: bool,
    /// Only adds to an event already found (headlines, "citing the attack").
    pub reference_only: bool,
    /// "a threat", "another attack": a new event, never merged into an earlier one.
    pub indefinite: bool,
    /// The trigger opens its sentence with no determiner: a new scene ("Clashes erupted in
    /// Marawi", "Heavy shelling hit the town"), not a continuation of the last event.
    pub fresh: bool,
    /// "the attack", "Friday's bombing": an event already told of, merged into the last one of
    /// its kind even where the sentence's places differ (they are the speaker's, the victim's
    /// home town …).
    pub definite: bool,
    /// The sentence refers to a threat or claim it judges ("the threat", "the claim").
    pub refers: bool,
    pub roles: BTreeMap<Role, Vec<RoleValue>>,
    pub time: Option<TimeRef>,
    pub places: Vec<PlaceRef>,
    pub source: Option<SourceRef>,
    pub speaker_person: bool,
    pub evidence: Vec<usize>,
    /// Tokens after "citing …": reasons of an alert change.
    pub citing_from: Option<usize>,
}

impl Cand {
    pub fn push(&mut self, role: Role, v: RoleValue) {
        let vals = self.roles.entry(role).or_default();
        // Kinds of things (weapons, channels) are listed once, at their first mention, and by
        // their longest name ("Amaq news agency", not also "news agency").
        let kind_of_thing = matches!(role, Role::Weapon | Role::Channel);
        if kind_of_thing {
            vals.retain(|x| !(v.span.contains(x.span) && v.span != x.span));
        }
        if !vals.iter().any(|x| {
            x.span == v.span && x.value == v.value
                || kind_of_thing
                    && (x.text.eq_ignore_ascii_case(&v.text) || x.span.contains(v.span))
        }) {
            vals.push(v);
        }
    }
}

const VIOLENCE: &[&str] = &[
    "terror",
    "terrorist",
    "terrorists",
    "terrorism",
    "militant",
    "militants",
    "insurgent",
    "insurgents",
    "jihadist",
    "jihadists",
    "extremist",
    "extremists",
    "guerrilla",
    "guerrillas",
    "rebels",
    "rebel",
    "gunmen",
    "gunman",
    "bomb",
    "bombs",
    "explosive",
    "explosives",
    "killed",
    "killing",
    "dead",
    "wounded",
    "injured",
    "casualties",
    "hostages",
    "kidnapped",
    "fighters",
    "attacker",
    "attackers",
    "massacre",
    "dynamite",
    "jihad",
    "caliphate",
    "suicide",
    "shot",
    "weapons",
    "armed",
    "assailants",
    "bombing",
    "plot",
    "suspect",
    "suspects",
    "murder",
    "police",
    "soldiers",
    "army",
    "troops",
    "commander",
    "islamist",
    "separatist",
    "paramilitary",
    "forces",
    "militia",
    "militiamen",
    "militias",
    "artillery",
    "warplanes",
    "shelled",
    "shelling",
    "airstrike",
    "airstrikes",
    "clashes",
    "gunfire",
    "wounds",
    "injuries",
    "firearm",
    "bullet",
    "bullets",
    "grenade",
    "kill",
    "kills",
    "killings",
    "martyrs",
    "bodies",
    "mines",
    "shells",
    "bombardment",
    "raids",
    "blast",
    "explosion",
];

const SPORT: &[&str] = &[
    "goal",
    "goals",
    "match",
    "scored",
    "striker",
    "midfield",
    "midfielder",
    "league",
    "season",
    "coach",
    "team",
    "game",
    "tournament",
    "cup",
    "fixture",
    "defence",
    "penalty",
    "quarterback",
];

fn tok_range_of(a: &Annotated, si: usize) -> std::ops::Range<usize> {
    a.sentence_tokens[si].clone()
}

fn value(a: &Annotated, start: usize, end: usize, id: Option<String>) -> RoleValue {
    let span = a.token_span(start, end);
    RoleValue {
        text: span.slice(&a.text).to_string(),
        id,
        value: None,
        qualifier: None,
        span,
    }
}

fn actor_value(a: &Annotated, m: &ActorMention) -> RoleValue {
    value(a, m.start, m.end, Some(m.id.clone()))
}

/// Groups named in a range, plus "the (terrorist) group" standing for the document's main group.
fn groups_in(
    a: &Annotated,
    r: &std::ops::Range<usize>,
    salient: Option<&str>,
) -> Vec<ActorMention> {
    let mut out: Vec<ActorMention> = a
        .actors
        .iter()
        .filter(|m| r.contains(&m.start) && matches!(m.kind, MentionKind::Group))
        .cloned()
        .collect();
    if let Some(id) = salient {
        for i in r.clone() {
            if a.low(i) == "group" && i > r.start && !out.iter().any(|m| m.start <= i && i < m.end)
            {
                let mut s = i;
                while s > r.start
                    && matches!(
                        a.low(s - 1),
                        "terrorist" | "jihadist" | "militant" | "extremist" | "islamist" | "the"
                    )
                {
                    s -= 1;
                }
                if a.low(s) == "the" && s < i && !a.actors.iter().any(|m| m.end == i) {
                    out.push(ActorMention {
                        start: s,
                        end: i + 1,
                        span: a.token_span(s, i + 1),
                        id: id.to_string(),
                        kind: MentionKind::Group,
                    });
                }
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// A noun phrase after token `i` up to a stop word, at most `max` tokens.
fn np_after(a: &Annotated, i: usize, end: usize, max: usize) -> Option<(usize, usize)> {
    const STOPS: &[&str] = &[
        "all",
        "everywhere",
        "in",
        "while",
        "during",
        "particularly",
        "across",
        "around",
        "over",
        "who",
        "which",
        "that",
        "when",
        "if",
        "after",
        "before",
        "by",
        "for",
        "to",
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "have",
        "on",
        "at",
        "killing",
        "wounding",
        "injuring",
        "leaving",
        "with",
        "said",
        "near",
        "from",
        "since",
        "because",
        "where",
        "as",
        "but",
        // A verb after its subject: "an attack on Khan Shaykhun killed dozens", "a mine
        // exploded under a vehicle".
        "killed",
        "injured",
        "wounded",
        "exploded",
        "detonated",
        "struck",
        // A headline's present: "Shelling on Douma kills 5 civilians and wounds 20 others".
        "kills",
        "wounds",
        "injures",
        "leaves",
        "causes",
        "caused",
        // Times the date tagger leaves to the sentence: "a rocket attack on Kharkiv overnight".
        "overnight",
        "yesterday",
        "today",
        "tonight",
    ];
    // "exploded under a military vehicle": the vehicle; "shot dead a civilian", "gunned down
    // two men": whom, not the verb's particle.
    let i = if matches!(a.low(i), "under" | "beneath")
        || i > 0
            && matches!(a.low(i), "dead" | "down")
            && matches!(a.low(i - 1), "shot" | "gunned" | "cut" | "mowed")
    {
        i + 1
    } else {
        i
    };
    let mut j = i;
    while j < end && j - i < max {
        let w = a.low(j);
        let t = a.tok(j);
        if STOPS.contains(&w) || matches!(t, "," | "." | ";" | ":" | "!" | "?" | "\"") {
            break;
        }
        // A time is no part of the thing struck: "a rocket attack on Kharkiv overnight".
        if j > i && a.times.iter().any(|m| m.start == j) {
            break;
        }
        // A second clause: "charged with X and will appear in court", "strikes target Kafr
        // Hamra town and cause casualties".
        if w == "and"
            && matches!(
                a.low(j + 1),
                "will"
                    | "would"
                    | "was"
                    | "is"
                    | "has"
                    | "had"
                    | "could"
                    | "may"
                    | "then"
                    | "cause"
                    | "causes"
                    | "caused"
                    | "kill"
                    | "kills"
                    | "leave"
                    | "leaves"
                    | "wound"
                    | "wounds"
                    | "injure"
                    | "injures"
            )
        {
            break;
        }
        // A word right before an article ends the phrase: it is a verb ("a highly secured base
        // underlined the heavy pressure", "Fort Hood so he would not").
        if j > i
            && matches!(a.low(j + 1), "a" | "an" | "the")
            && !matches!(w, "a" | "an" | "the" | "of" | "and" | "or" | "-")
            && a.tokens[j].kind == vigil_model::TokenKind::Word
        {
            break;
        }
        if matches!(
            w,
            "into" | "onto" | "so" | "he" | "she" | "they" | "we" | "would" | "could" | "should"
        ) {
            break;
        }
        j += 1;
    }
    // Drop a trailing "and"/"(" fragment, and what opened a time cut off after it ("the night
    // of April 18", "the palace last December", "Nearly 80 years ago").
    while j > i
        && matches!(
            a.low(j - 1),
            "and" | "or" | "(" | "the" | "a" | "-" | "of" | "last" | "early" | "late" | "nearly"
        )
    {
        j -= 1;
    }
    (j > i).then_some((i, j))
}

fn has_violence(a: &Annotated, r: &std::ops::Range<usize>, groups: usize) -> bool {
    groups > 0 || r.clone().any(|i| VIOLENCE.contains(&a.low(i)))
}

fn is_sport(a: &Annotated, r: &std::ops::Range<usize>) -> bool {
    // A word of a name is no word of sport: "supporters of the Awami League clashed".
    r.clone()
        .any(|i| SPORT.contains(&a.low(i)) && !a.actors.iter().any(|m| m.start <= i && i < m.end))
}

/// "The Islamic State claimed on Thursday that one of its soldiers had set fire to …": the
/// claiming verb (followed by "that" within a few words) before token `ts`.
fn claim_verb(a: &Annotated, from: usize, ts: usize) -> Option<usize> {
    (from..ts).find(|&i| {
        matches!(a.low(i), "claimed" | "claiming" | "claims")
            && (i + 1..(i + 5).min(ts)).any(|k| a.low(k) == "that")
    })
}

/// A sentence telling of the dead found ("found", "discovered", "recovered", "dumped") with
/// the marks of a killing: wounds of guns or blades, torture, a mass grave.
fn murdered_found(a: &Annotated, range: &std::ops::Range<usize>) -> bool {
    let found = range.clone().any(|i| {
        matches!(
            a.low(i),
            "found" | "discovered" | "recovered" | "dumped" | "exhumed" | "unearthed"
        )
    });
    found
        && range.clone().any(|i| {
            matches!(
                a.low(i),
                "gunshot"
                    | "bullet"
                    | "bullets"
                    | "riddled"
                    | "stab"
                    | "beheaded"
                    | "decapitated"
                    | "tortured"
                    | "torture"
                    | "mutilated"
                    | "blindfolded"
                    | "executed"
            ) || matches!(a.low(i), "grave" | "graves") && i > range.start && a.low(i - 1) == "mass"
        })
}

/// A weapon hit that is the blow's weapon: a vehicle is one when driven, not where a bomb went
/// off ("a bomb exploded near a police van", "planted under a car").
fn wielded(a: &Annotated, h: &crate::context::Hit) -> bool {
    h.class == "weapon"
        && !(h.end == h.start + 1
            && matches!(a.low(h.start), "van" | "truck" | "car" | "bus" | "vehicle")
            && (h.start.saturating_sub(3)..h.start).any(|i| {
                matches!(
                    a.low(i),
                    "near" | "at" | "under" | "beside" | "outside" | "targeting" | "targeted"
                )
            }))
}

/// Whether token `i` names armed men by a noun of the many that do (`PERP_NOUNS`, `KILLERS`,
/// "armed men"); `start`, where its sentence begins.
fn armed_noun(a: &Annotated, i: usize, start: usize) -> bool {
    let w = a.low(i);
    PERP_NOUNS.contains(&w)
        || KILLERS.contains(&w)
        || w == "men" && i > start && PERP_MODIFIERS.contains(&a.low(i - 1))
}

/// Who sets fire as an attack, just before the verb: armed men, militants, soldiers, named
/// groups ("Masked men torched a mosque", "Anglophone separatists burned a school"); not
/// rioters nor protesters, whose fires are riots.
fn arsonist_before(a: &Annotated, start: usize, ts: usize) -> bool {
    let from = ts.saturating_sub(4).max(start);
    // The verb's own subject: not "protesters clashed with police and burned vehicles".
    let subject = |i: usize| {
        !(i + 1..ts).any(|k| matches!(a.low(k), "with" | "and" | "against" | "at" | "by"))
            && !(start..i).any(|k| {
                matches!(
                    a.low(k),
                    "rioters" | "protesters" | "demonstrators" | "mob" | "crowd"
                )
            })
    };
    a.actors
        .iter()
        .any(|g| g.kind == MentionKind::Group && g.end <= ts && g.end >= from && subject(g.end - 1))
        || (from..ts).any(|i| armed_noun(a, i, start) && a.low(i) != "mob" && subject(i))
}

/// What arsonists burn, just after the verb: "burned a school", "burnt down 30 houses".
fn burned_property(a: &Annotated, te: usize, end: usize) -> bool {
    (te..(te + 4).min(end)).any(|i| {
        let w = a.low(i);
        PHYSICAL.contains(&w)
            || matches!(
                w,
                "schools"
                    | "mosques"
                    | "churches"
                    | "shrine"
                    | "huts"
                    | "shops"
                    | "villages"
                    | "village"
                    | "clinic"
                    | "granary"
                    | "crops"
                    | "tents"
                    | "property"
            )
    })
}

/// An attack on ordinary people by partisans, a mob or armed men is one of bodies: "BJP
/// supporters attacked TMC workers", "a mob assaulted two traders" (not "attacked the plan",
/// "attacked the minister", "Trump attacked migrants in a speech").
fn bodily_attack(a: &Annotated, start: usize, ts: usize, te: usize, end: usize) -> bool {
    let attackers = (ts.saturating_sub(3).max(start)..ts).any(|i| {
        matches!(
            a.low(i),
            "supporters" | "workers" | "activists" | "cadres" | "members" | "youths" | "thugs"
        ) || armed_noun(a, i, start)
    });
    attackers
        && te == ts + 1
        && matches!(
            a.low(ts),
            "attacked" | "attacking" | "assaulted" | "assaulting"
        )
        && (te..(te + 4).min(end))
            .take_while(|&i| !matches!(a.low(i), "," | "for" | "over" | "as" | "of" | "'s"))
            .any(|i| {
                // The people end the object: "… workers in Bhatpara", "… traders with
                // machetes" (not "the workers' union", "students for their silence").
                let whole = i + 1 >= end
                    || matches!(
                        a.low(i + 1),
                        "in" | "at"
                            | "near"
                            | "on"
                            | "with"
                            | "and"
                            | "who"
                            | "during"
                            | "while"
                            | "outside"
                            | ","
                            | "."
                    );
                let w = a.low(i);
                whole
                    && (PEOPLE.contains(&w) || w == "villager" || w == "worker")
                    && !REPORTERS.contains(&w)
                    && !matches!(
                        w,
                        "official"
                            | "officials"
                            | "leader"
                            | "minister"
                            | "governor"
                            | "mayor"
                            | "judge"
                            | "lawmaker"
                            | "lawmakers"
                            | "politician"
                            | "politicians"
                    )
            })
}

/// "the company's first model bombed in 2022": "bombed" with no object and no passive is a
/// flop, not a bombing.
fn flop(a: &Annotated, ts: usize, te: usize) -> bool {
    te == ts + 1
        && a.low(ts) == "bombed"
        && !matches!(
            a.low(ts.wrapping_sub(1)),
            "was" | "were" | "been" | "being" | "is" | "are" | "be"
        )
        && matches!(
            a.low(te),
            "in" | "at"
                | "on"
                | "."
                | ","
                | "and"
                | "but"
                | "badly"
                | "completely"
                | "spectacularly"
                | "commercially"
                | "miserably"
        )
}

/// "Somali soldiers shot dead a would-be bomber": the state's forces are the subject of the
/// trigger, so this is an operation, not an attack.
fn state_subject(a: &Annotated, s: &Sent, ts: usize) -> bool {
    // Forces of an armed group are no state's: "Houthi forces shelled Taiz".
    let of_group = |start: usize, end: usize| {
        a.actors
            .iter()
            .any(|m| m.kind == MentionKind::Group && (m.end == start || m.end == end))
    };
    let force_ends_at = |end: usize| {
        s.hits
            .iter()
            .any(|h| h.class == "force" && h.end == end && !of_group(h.start, h.end))
    };
    // "Security forces in Nigeria killed …": where they are stands between.
    let placed = s.places.iter().any(|p| {
        p.end == ts
            && p.start >= 2
            && matches!(a.low(p.start - 1), "in" | "across")
            && force_ends_at(p.start - 1)
    });
    // A state's guns told by its adjective: "Israeli artillery shelled Khan Younis".
    let guns = ts >= 2
        && s.places.iter().any(|p| {
            p.demonym
                && p.end + 1 == ts
                && p.place.precision == vigil_model::GeoPrecision::Country
                && state_arms(a.low(p.end))
        });
    // "Two more Turkish troops killed in Syria": a headline's dead, not forces that killed.
    let their_death = matches!(
        a.low(ts),
        "killed" | "wounded" | "injured" | "dead" | "slain"
    ) && (ts + 1 >= s.range.end
        || matches!(
            a.low(ts + 1),
            "in" | "at"
                | "near"
                | "during"
                | "by"
                | "as"
                | "when"
                | "while"
                | "after"
                | "on"
                | ","
                | ":"
                | "."
                | "-"
        ));
    // "Police used live ammunition to disperse protesters, killing four": the toll told after
    // a comma is of the clause's subject.
    let toll_of = ts > s.range.start
        && a.low(ts - 1) == ","
        && matches!(a.low(ts), "killing" | "wounding" | "injuring")
        && s.hits
            .iter()
            .find(|h| h.class == "force" && h.end < ts)
            .is_some_and(|h| {
                let mut b = h.start;
                while b > s.range.start && matches!(a.low(b - 1), "the" | "a") {
                    b -= 1;
                }
                let next = a.tok(h.end);
                (b == s.range.start || a.low(b - 1) == ",")
                    && next.starts_with(char::is_lowercase)
                    && (next.ends_with("ed") || matches!(next, "shot" | "fought" | "hit"))
                    && !matches!(
                        next,
                        "reported" | "confirmed" | "claimed" | "announced" | "stated" | "added"
                    )
                    && !of_group(h.start, h.end)
            });
    (force_ends_at(ts) || placed || guns || toll_of)
        && !their_death
        && !matches!(a.low(ts), "attack" | "attacks" | "bombing" | "bombings")
}

/// Arms only states field, named after a country's adjective: "Israeli artillery", "Turkish
/// tanks".
fn state_arms(w: &str) -> bool {
    matches!(
        w,
        "artillery" | "tanks" | "tank" | "gunboats" | "warships" | "navy" | "howitzers"
    )
}

/// "was behind several attacks on checkpoints": a tally of past attacks, not an event.
fn aggregate(a: &Annotated, ts: usize, sentence_start: usize) -> bool {
    let plural = a.low(ts).ends_with('s');
    let from = ts.saturating_sub(3).max(sentence_start);
    plural
        && (from..ts).any(|i| {
            matches!(
                a.low(i),
                "several"
                    | "numerous"
                    | "many"
                    | "previous"
                    | "past"
                    | "earlier"
                    | "dozens"
                    | "scores"
                    | "hundreds"
                    | "spate"
                    | "string"
                    | "wave"
                    | "similar"
            )
        })
}

/// Militants firing back at the forces that raid them: part of the operation.
fn resistance(a: &Annotated, ts: usize, te: usize) -> bool {
    let words: Vec<&str> = (ts..te).map(|i| a.low(i)).collect();
    matches!(
        words.as_slice(),
        ["opened", "fire"]
            | ["returned", "fire"]
            | ["exchanged", "fire"]
            | ["fired"]
            | ["fired", ..]
    )
}

/// True when the sentence denies a part in something: "The Taliban denied involvement".
fn denies(a: &Annotated, range: &std::ops::Range<usize>) -> bool {
    window(
        a,
        range.start,
        range.end,
        &["denied", "denies", "deny", "rejected"],
    )
}

/// Modal words that make what follows possible rather than real.
const MODALS: &[&str] = &["could", "might", "may", "would", "possible", "potential"];

/// Words that may stand between a negation and what it negates: auxiliaries, determiners,
/// adverbs and the adjectives and nouns of "no (immediate) claim", "no group has claimed", "no
/// specific, credible threat".
const NEGATION_SPAN: &[&str] = &[
    "a",
    "an",
    "the",
    "any",
    "such",
    "be",
    "been",
    "being",
    "was",
    "were",
    "is",
    "are",
    "has",
    "have",
    "had",
    "did",
    "do",
    "does",
    "yet",
    "immediate",
    "immediately",
    "further",
    "other",
    "new",
    "major",
    "specific",
    "credible",
    "direct",
    "known",
    "real",
    "serious",
    "actual",
    "reported",
    "terrorist",
    "terror",
    "group",
    "one",
    "organisation",
    "organization",
    "party",
    "faction",
    "individual",
    "ever",
    "actually",
    "directly",
    "really",
    "formally",
    "publicly",
    ",",
    "so",
    "far",
    // "no specific and credible threat", "is not going to be intimidated".
    "and",
    "going",
    "to",
];

/// Whether a negation governs the word at `ts`: "no", "not", "never", "nobody", "none" or
/// "without" before it with only [`NEGATION_SPAN`] words between ("no group claimed", "did not
/// attack"), and not "there were no reported casualties in the attack" (a preposition and a noun
/// stand between).
fn negation_governs(a: &Annotated, from: usize, ts: usize) -> bool {
    let mut i = ts;
    while i > from && ts - i < 7 {
        i -= 1;
        let w = a.low(i);
        if matches!(
            w,
            "no" | "not" | "never" | "nobody" | "none" | "without" | "n't" | "neither" | "nor"
        ) || w.ends_with("n't")
        {
            return true;
        }
        if !NEGATION_SPAN.contains(&w) {
            return false;
        }
    }
    false
}

/// An arrest word that tells of no arrest made: one demanded or sought ("demanding the arrest
/// of those behind the attacks", "seeks the arrest of a former CIA lawyer"), none held ("we
/// have no suspect in custody"), arrests in general ("Raids, arrests and interrogations can
/// produce intelligence"), people "caught up in" a blast, and towns or ground captured
/// ("militias captured IS' last remaining territory").
fn arrest_not_made(a: &Annotated, ts: usize, te: usize, range: &std::ops::Range<usize>) -> bool {
    let w = a.low(ts);
    let noun = matches!(
        w,
        "arrest" | "arrests" | "detention" | "custody" | "capture"
    );
    let before = |n: usize| ts.saturating_sub(n).max(range.start)..ts;
    let sought = noun
        && before(8).any(|i| {
            matches!(
                a.low(i),
                "demand"
                    | "demanded"
                    | "demanding"
                    | "demands"
                    | "seek"
                    | "seeks"
                    | "seeking"
                    | "sought"
                    | "urge"
                    | "urged"
                    | "urging"
                    | "urges"
                    | "want"
                    | "wants"
                    | "wanted"
                    | "push"
                    | "pushed"
                    | "pushing"
                    | "press"
                    | "pressed"
                    | "pressing"
            ) || matches!(a.low(i), "call" | "calls" | "called" | "calling")
                && a.low(i + 1) == "for"
        });
    let none_held = noun
        && before(5).any(|i| matches!(a.low(i), "no" | "nobody" | "none"))
        && !before(5).any(|i| a.low(i) == "but");
    let general = w == "arrests"
        && !(ts > range.start
            && (a.tokens[ts - 1].kind == vigil_model::TokenKind::Number
                || matches!(
                    a.low(ts - 1),
                    "the" | "their" | "his" | "her" | "its" | "several" | "more" | "two" | "three"
                )))
        && (te..(te + 8).min(range.end))
            .any(|i| matches!(a.low(i), "can" | "could" | "may" | "might" | "would"));
    let caught_up = w == "caught" && a.low(te) == "up";
    let ground = matches!(w, "captured" | "capture" | "captures" | "capturing")
        && (te..(te + 5).min(range.end)).any(|i| {
            matches!(
                a.low(i),
                "territory"
                    | "territories"
                    | "town"
                    | "towns"
                    | "city"
                    | "village"
                    | "villages"
                    | "area"
                    | "areas"
                    | "hill"
                    | "hills"
                    | "positions"
                    | "position"
                    | "base"
                    | "airport"
                    | "neighborhood"
                    | "district"
                    | "stronghold"
                    | "strongholds"
                    | "ground"
                    | "control"
                    | "checkpoint"
                    | "checkpoints"
                    | "region"
            )
        })
        && !(te..(te + 5).min(range.end)).any(|i| PEOPLE.contains(&a.low(i)));
    // A death in custody tells of an arrest made before, not one made now: "after a man
    // died in custody".
    let died_in = w == "custody"
        && ts >= range.start + 2
        && a.low(ts - 1) == "in"
        && matches!(a.low(ts - 2), "died" | "death" | "dies" | "killed");
    // The dead are kept, not arrested: "the bodies of 10 assailants being held by police".
    let dead_kept = w == "held"
        && before(6).any(|i| matches!(a.low(i), "body" | "bodies" | "remains" | "corpses"));
    sought || none_held || general || caught_up || ground || dead_kept || died_in
}

/// Whether an offensive word at `ts` tells of one made: ground retaken ("retook the town of
/// Palma") or an offensive launched ("launched an offensive on Marib"), not the noun of a
/// campaign told about ("the largest military operation in Iraq", "its spring offensive").
fn offensive_made(a: &Annotated, ts: usize, start: usize) -> bool {
    match a.low(ts) {
        "retook" | "recaptured" => true,
        "offensive" => (ts.saturating_sub(4).max(start)..ts).any(|i| {
            matches!(
                a.low(i),
                "launched" | "launches" | "began" | "begins" | "mounted" | "started" | "starts"
            )
        }),
        _ => false,
    }
}

/// A threat word that tells of a danger, no threat anyone made: a danger faced, posed, sized,
/// assessed or fought ("in the face of threats from terrorists", "did not pose a threat",
/// "counter the threat of terrorism"), one named by its kind or source ([`danger_noun`]), a
/// wound's severity ("life-threatening injuries"), and a harm that is no violence ("scores are
/// threatened with blindness"; not "threatened with death" or "with a knife").
fn danger(a: &Annotated, ts: usize, te: usize, range: &std::ops::Range<usize>) -> bool {
    let noun = matches!(a.low(ts), "threat" | "threats");
    let before = |n: usize| ts.saturating_sub(n).max(range.start)..ts;
    noun && before(4).any(|i| DANGER_WORDS.contains(&a.low(i)))
        || a.low(ts) == "threatening" && before(2).any(|i| a.low(i) == "life")
        || noun && danger_noun(a, ts, te, range)
        || a.low(ts) == "threatened"
            && a.low(te) == "with"
            && !(te + 1..(te + 4).min(range.end)).any(|i| VIOLENT_HARMS.contains(&a.low(i)))
}

/// What one is threatened with that is violence: "threatened with death", "with a knife".
const VIOLENT_HARMS: &[&str] = &[
    "death",
    "violence",
    "execution",
    "beheading",
    "knife",
    "gun",
    "guns",
    "pistol",
    "rifle",
    "weapon",
    "weapons",
    "bomb",
    "bombs",
    "rape",
    "kidnapping",
    "harm",
];

/// Words before a threat noun that make it a danger faced, posed, sized, assessed or fought,
/// no threat made: "did not pose a threat", "a lesser military threat", "our mission to
/// counter the threat of terrorism", "downgraded the terror threat", "it signals a dangerous
/// new terror threat".
const DANGER_WORDS: &[&str] = &[
    "face",
    "faces",
    "faced",
    "facing",
    "pose",
    "poses",
    "posed",
    "posing",
    "lesser",
    "greater",
    "bigger",
    "biggest",
    "counter",
    "countering",
    "combat",
    "combated",
    "combating",
    "combatted",
    "combatting",
    "countered",
    "fight",
    "fighting",
    "tackle",
    "tackling",
    "confront",
    "confronting",
    "address",
    "addressing",
    "downgrade",
    "downgraded",
    "downgrading",
    "diminish",
    "reduce",
    "reducing",
    "signal",
    "signals",
    "assess",
    "assessed",
    "assessing",
    "eliminate",
    "neutralize",
    "neutralise",
    "dangerous",
    "growing",
    "rising",
    "emerging",
    "existential",
];

/// A threat noun that names a danger, not a threat someone made: one told by its kind ("the
/// terror threat in Britain", "a lesser military threat"), of terrorism in general ("the
/// threat of terrorism that plagues the region") or coming from something ("the threat from
/// Iraq's weapons programmes"); never one received or aimed ("received threats from the
/// group", "a terrorist threat targeting Bali").
fn danger_noun(a: &Annotated, ts: usize, te: usize, range: &std::ops::Range<usize>) -> bool {
    let kind = ts > range.start
        && matches!(
            a.low(ts - 1),
            "terror" | "terrorist" | "terrorism" | "military" | "security" | "nuclear"
        );
    let of_terror = a.low(te) == "of"
        && matches!(
            a.low(te + 1),
            "terrorism" | "terror" | "terrorist" | "extremism" | "violence" | "repression" | "war"
        );
    // What something is, no threat made: "until the Islamic State ceases to be a threat".
    let predicate = ts >= range.start + 2
        && matches!(a.low(ts - 1), "a" | "an")
        && matches!(
            a.low(ts - 2),
            "be" | "is" | "was" | "are" | "were" | "remains" | "remain" | "become" | "becomes"
        )
        && a.low(ts - 3) != "there";
    let received = (ts.saturating_sub(4).max(range.start)..ts).any(|i| {
        matches!(
            a.low(i),
            "received" | "receiving" | "receive" | "receives" | "got" | "get" | "getting"
        )
    });
    // A threat aimed somewhere was made: "Police Receive Terrorist Threat Targeting Bali".
    let aimed = matches!(a.low(te), "targeting" | "against" | "aimed");
    te < range.end && (kind || of_terror || predicate || a.low(te) == "from") && !received && !aimed
}

/// What a call or a vow ending at `te` asks for is violence: revenge, or an act of violence
/// after "to" ("to attack", "to carry out attacks", "to wage jihad").
fn violence_called(a: &Annotated, te: usize, end: usize) -> bool {
    matches!(a.low(te), "revenge" | "retaliation" | "vengeance")
        || (te..(te + 8).min(end)).any(|i| {
            a.low(i) == "to"
                && (i + 1..(i + 5).min(end)).any(|k| {
                    VIOLENT_VERBS.contains(&a.low(k))
                        || matches!(
                            a.low(k),
                            "slaughter"
                                | "massacre"
                                | "wage"
                                | "attacks"
                                | "jihad"
                                | "violence"
                                | "bombings"
                                | "arms"
                                | "avenge"
                                | "retaliate"
                                | "crush"
                                | "annihilate"
                                | "eliminate"
                        )
                })
        })
}

/// A device found and made safe a few words after its mention, with nothing in the sentence
/// going off: "An explosive device was discovered and defused near a school" (not "A bomb
/// exploded before police could defuse a second one").
fn found_and_defused(a: &Annotated, te: usize, r: &std::ops::Range<usize>) -> bool {
    window(
        a,
        te,
        (te + 7).min(r.end),
        &[
            "defused",
            "disarmed",
            "defuse",
            "neutralized",
            "neutralised",
            "dismantled",
        ],
    ) && !window(
        a,
        r.start,
        r.end,
        &[
            "exploded",
            "detonated",
            "blew",
            "went",
            "explosion",
            "blast",
            "killed",
            "killing",
            "wounded",
            "injured",
        ],
    )
}

/// "threatened to kill the mayor": a threat whose content is violence.
fn violent_content(a: &Annotated, te: usize, end: usize) -> bool {
    // Violence named as the object: "a video threatening attacks on Christmas markets",
    // "threatened new bloodshed".
    let object = (te..(te + 2).min(end))
        .take_while(|&i| i == te || matches!(a.low(i - 1), "new" | "more" | "further"))
        .any(|i| matches!(a.low(i), "attacks" | "violence" | "bloodshed" | "bombings"));
    object
        || (te..(te + 3).min(end)).any(|i| a.low(i) == "to")
            && (te..(te + 5).min(end)).any(|i| {
                let w = a.low(i);
                VIOLENT_VERBS.contains(&w) || matches!(w, "slaughter" | "massacre")
            })
}

/// Base forms of verbs of violence: the content of a threat ("threatened to kill"), and where
/// an argument's phrase stops looking back ("threatened to kill him": him).
const VIOLENT_VERBS: &[&str] = &[
    "kill",
    "attack",
    "bomb",
    "blow",
    "behead",
    "shoot",
    "murder",
    "harm",
    "hurt",
    "stab",
    "burn",
    "destroy",
    "execute",
    "kidnap",
    "assassinate",
    "abduct",
];

fn window(a: &Annotated, from: usize, to: usize, words: &[&str]) -> bool {
    (from..to).any(|i| words.contains(&a.low(i)))
}

/// [`window`] for words of modality, where the month of a date is no "may": "On 5 May, police
/// arrested three men" happened.
fn modal_window(a: &Annotated, from: usize, to: usize, words: &[&str]) -> bool {
    (from..to).any(|i| {
        words.contains(&a.low(i))
            && !(a.low(i) == "may" && a.times.iter().any(|t| t.start <= i && i < t.end))
    })
}

struct Sent<'p> {
    range: std::ops::Range<usize>,
    /// Indices of the document's numbers, times and persons that start in the sentence, in
    /// document order ([`PerSentence`]).
    numbers: &'p [usize],
    times: &'p [usize],
    persons: &'p [usize],
    groups: Vec<ActorMention>,
    others: Vec<ActorMention>,
    places: Vec<&'p PlaceMention>,
    hits: Vec<Hit>,
    speaker: Option<Speaker>,
}

/// Which of the document's numbers, times and persons start in each sentence (indices, in
/// document order), computed once: per-sentence work reads its own instead of filtering the
/// whole document's, which made extraction quadratic in the length of a document.
struct PerSentence {
    numbers: Vec<Vec<usize>>,
    times: Vec<Vec<usize>>,
    persons: Vec<Vec<usize>>,
}

impl PerSentence {
    fn new(a: &Annotated) -> PerSentence {
        let bucket = |starts: &mut dyn Iterator<Item = usize>| {
            let mut out = vec![Vec::new(); a.sentence_tokens.len()];
            for (i, start) in starts.enumerate() {
                let si = a.sentence_of(start);
                if a.sentence_tokens
                    .get(si)
                    .is_some_and(|r| r.contains(&start))
                {
                    out[si].push(i);
                }
            }
            out
        };
        PerSentence {
            numbers: bucket(&mut a.numbers.iter().map(|n| n.start)),
            times: bucket(&mut a.times.iter().map(|t| t.start)),
            persons: bucket(&mut a.persons.iter().map(|p| p.start)),
        }
    }
}

/// A trigger proposed for a sentence: by the lexicon, or by the learned detector.
struct Proposal {
    start: usize,
    end: usize,
    trigger: Trigger,
    /// Proposed by the detector, whose decision replaces the lexicon's context checks.
    learned: bool,
    /// For a lexicon phrase of a kind the detector knows: the detector's probability that its
    /// words report that kind (`None` without a detector, or for words the gate stops).
    support: Option<f32>,
    /// A detection of deaths or injuries (an attack only when the sentence names a cause).
    casualty: bool,
}

impl Proposal {
    /// A proposal of the lexicon's rules, before any detector has weighed it.
    fn lexical(start: usize, end: usize, trigger: Trigger) -> Proposal {
        Proposal {
            start,
            end,
            trigger,
            learned: false,
            support: None,
            casualty: false,
        }
    }
}

/// Above this probability, the detector's attack needs no violence context in its sentence.
const SURE: f32 = 0.8;

/// A violent cause in a sentence: a weapon, a group, a perpetrator noun, or a word of
/// deliberate violence ("a car ploughed into a terrace, injuring five" has none).
fn violent_cause(a: &Annotated, s: &Sent) -> bool {
    !s.groups.is_empty()
        || s.hits.iter().any(|h| h.class == "weapon")
        || s.range.clone().any(|i| {
            let w = a.low(i);
            // "The military burned houses, killing 23", "killed in military operations" (not
            // "a military coup", nor "accuses the army of staging a coup").
            let military_acts = matches!(w, "military" | "army")
                && i + 1 < s.range.end
                && (i > s.range.start
                    && a.low(i - 1) == "the"
                    && matches!(
                        a.low(i + 1),
                        "burned"
                            | "burnt"
                            | "torched"
                            | "shot"
                            | "shelled"
                            | "stormed"
                            | "raided"
                            | "bombed"
                            | "attacked"
                            | "opened"
                            | "fired"
                            | "massacred"
                    )
                    // "killed in 7 days of military operations".
                    || matches!(
                        a.low(i + 1),
                        "operation" | "operations" | "offensive" | "campaign" | "assault"
                    ));
            military_acts
                || PERP_NOUNS.contains(&w)
                || matches!(
                    w,
                    "shot"
                        | "shooting"
                        | "stabbed"
                        | "stabbing"
                        | "bombing"
                        | "bomb"
                        | "bombs"
                        | "explosion"
                        | "explosions"
                        | "blast"
                        | "blasts"
                        | "bombings"
                        | "shootings"
                        | "gunfire"
                        | "gunshot"
                        | "gunshots"
                        | "attack"
                        | "attacked"
                        | "attacks"
                        | "airstrike"
                        | "airstrikes"
                        | "shelling"
                        | "shelled"
                        | "clashes"
                        | "clashed"
                        | "fighting"
                        | "ambush"
                        | "ambushed"
                        | "murdered"
                        | "massacre"
                        | "executed"
                        | "beheaded"
                        | "assassinated"
                        | "militants"
                        | "insurgents"
                        | "troops"
                        | "soldiers"
                        | "forces"
                        | "raid"
                        | "raids"
                        | "bombardment"
                        | "bombed"
                        | "bombarded"
                        | "shells"
                        | "warplane"
                        | "helicopter"
                        | "helicopters"
                        | "strike"
                        | "strikes"
                        | "missile"
                        | "missiles"
                        | "rocket"
                        | "rockets"
                        | "mortar"
                        | "artillery"
                        | "warplanes"
                        | "drone"
                        | "slain"
                        | "wounds"
                        | "sniper"
                        | "snipers"
                        | "militiaman"
                        | "militiamen"
                        | "militia"
                        | "militias"
                        | "fighters"
                        | "tortured"
                        | "torture"
                        | "booby"
                        | "booby-trapped"
                        | "landmine"
                        | "landmines"
                        | "massacres"
                        | "targeting"
                )
        })
}

/// Projectiles: what is fired, launched or dropped.
const PROJECTILES: &[&str] = &[
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "mortar",
    "mortars",
    "shell",
    "shells",
    "grenade",
    "grenades",
    // "explosive barrels"
    "barrel",
    "barrels",
    "bomb",
    "bombs",
    "munitions",
    "projectiles",
    // Gunfire: "fired live rounds at protesters", "fired shots at the car".
    "rounds",
    "bullets",
    "shots",
    // Guns that fire shells: "Turkish howitzers hit Kurdish militia targets".
    "artillery",
    "howitzer",
    "howitzers",
];

/// Aircraft of war: their blows are air strikes.
const WARPLANES: &[&str] = &["warplanes", "warplane", "jets", "gunships"];

/// Aircraft of any use: their blows are air strikes in a sentence of war, or when a state or
/// an army flies them ("Turkish drones hit PKK hideouts", not "a helicopter hit power lines").
const AIRCRAFT: &[&str] = &[
    "planes",
    "aircraft",
    "drones",
    "drone",
    "helicopters",
    "helicopter",
    "uav",
    "uavs",
];

/// Whether a word names an aircraft, of war or of any use.
fn aircraft(w: &str) -> bool {
    WARPLANES.contains(&w) || AIRCRAFT.contains(&w)
}

/// Verbs of a blow whose subject is a weapon, an aircraft or an armed force: "Coalition
/// warplanes target al-Raqqa countryside", "Rockets landed near Sderot", "Regime forces
/// target the countryside of Daraa".
const BLOWS: &[&str] = &[
    "target",
    "targets",
    "targeted",
    "targeting",
    "hit",
    "hits",
    "struck",
    "strike",
    "pound",
    "pounds",
    "pounded",
    "bomb",
    "bombs",
    "bombed",
    "shell",
    "shells",
    "shelled",
    "raid",
    "raided",
    "landed",
    "slammed",
    "rained",
    "bombard",
    "bombarded",
];

/// Violence the lexicon's phrases cannot hold because its words come apart: "hacked 14
/// civilians to death" (the verb, then "to death" within five words) and a grenade thrown ("a
/// grenade was thrown at the house", "threw a grenade into the crowd").
/// Ground taken by arms, an event of war the lexicon has no word for: "Advances for SDF in
/// Aleppo countryside", "the regime forces regain control of 4 oil fields", "the regime
/// forces control a village in Hama", "Al Shabaab took control of Bulo Burte town". Only with
/// an armed side named in the sentence (a group, a force, or "rebels", "troops" ...) and ground
/// (a place or a word for one): not "advances in medicine" nor "took control of the company".
fn ground_taken(
    x: &Extractor,
    a: &Annotated,
    range: std::ops::Range<usize>,
) -> Vec<(usize, usize, Trigger)> {
    let armed_word = |k: usize| {
        matches!(
            a.low(k),
            "forces"
                | "troops"
                | "army"
                | "soldiers"
                | "rebels"
                | "militants"
                | "fighters"
                | "factions"
                | "insurgents"
                | "militia"
                | "militias"
                | "militiamen"
                | "jihadists"
                | "regime"
        )
    };
    let side = |k: usize| {
        armed_word(k)
            || a.actors.iter().any(|m| {
                m.start <= k
                    && k < m.end
                    && matches!(m.kind, MentionKind::Group | MentionKind::State)
            })
    };
    let gain = |i: usize| {
        let w = a.low(i);
        let before = |n: usize| {
            if i >= range.start + n {
                a.low(i - n)
            } else {
                ""
            }
        };
        match w {
            // A side's advance: its subject ("the regime forces advance"), whose it is
            // ("Advances for SDF", "advancement by the factions"), or one achieved.
            "advance" | "advances" | "advanced" | "advancing" | "advancement" => {
                i > range.start && side(i - 1)
                    || matches!(a.low(i + 1), "for" | "by" | "of")
                        && (i + 2..(i + 5).min(range.end)).any(side)
                    || matches!(before(1), "achieve" | "achieves" | "achieved" | "new")
            }
            "regain" | "regained" | "regains" | "regaining" | "recapture" | "recaptured"
            | "recaptures" | "retake" | "retook" | "retaken" | "retakes" => true,
            "control" | "controls" => {
                matches!(
                    before(1),
                    "take"
                        | "took"
                        | "taken"
                        | "taking"
                        | "takes"
                        | "seize"
                        | "seized"
                        | "seizes"
                        | "seizing"
                        | "wrest"
                        | "wrested"
                        | "wresting"
                        | "impose"
                        | "imposed"
                        | "imposes"
                        | "imposing"
                        | "regain"
                        | "regained"
                        | "regains"
                        | "re"
                ) || matches!(before(1), "-") && before(2) == "re"
                    // A side that controls ground, told in the present: "the regime forces
                    // control a village", "the SDF controls more than 65% of Raqqa".
                    || matches!(before(1), "forces" | "troops" | "army" | "rebels" | "factions")
                        && (matches!(a.low(i + 1), "a" | "the" | "more" | "most" | "all")
                            || a.tokens.get(i + 1).is_some_and(|t| {
                                t.kind == vigil_model::TokenKind::Number
                            }))
            }
            _ => false,
        }
    };
    // Ground to be taken is not taken yet: "prepare for a final assault to retake the city",
    // "forces trying to take control of the waters".
    // Nor ground that a recapture would bring: "Once complete, the recapture of eastern Aleppo
    // would end four years of fighting".
    let to_be = |i: usize| {
        (i.saturating_sub(2).max(range.start)..i).any(|k| a.low(k) == "to")
            || (range.start..(i + 8).min(range.end)).any(|k| {
                matches!(a.low(k), "would" | "could" | "might")
                    // "Once complete", not "advance once again".
                    || a.low(k) == "once" && !matches!(a.low(k + 1), "again" | "more")
            })
    };
    let Some(i) = range.clone().find(|&i| gain(i) && !to_be(i)) else {
        return Vec::new();
    };
    // Ground handed over is no blow: "took control of the village without resistance",
    // "entered the town unopposed".
    let unopposed = range.clone().any(|k| {
        matches!(a.low(k), "unopposed" | "peacefully")
            || a.low(k) == "without"
                && (k + 1..(k + 4).min(range.end)).any(|j| {
                    matches!(
                        a.low(j),
                        "resistance" | "fight" | "fighting" | "clashes" | "bloodshed" | "shot"
                    )
                })
    });
    if unopposed {
        return Vec::new();
    }

    let armed = range.clone().any(side)
        || crate::context::vocab_hits(&x.vocab, a, range.clone())
            .iter()
            .any(|h| h.class == "force");
    let ground = range.clone().any(|k| {
        matches!(
            a.low(k),
            "town"
                | "towns"
                | "village"
                | "villages"
                | "city"
                | "area"
                | "areas"
                | "hill"
                | "hills"
                | "neighborhood"
                | "neighbourhood"
                | "district"
                | "countryside"
                | "territory"
                | "base"
                | "airport"
                | "airbase"
                | "field"
                | "fields"
                | "oilfield"
                | "positions"
                | "outskirts"
                | "km"
                | "kilometers"
                | "kilometres"
                | "meters"
                | "banks"
                | "border"
                | "province"
                | "region"
        )
    }) || (range.start + 1..range.end).any(|k| {
        // A name after a preposition of place: "in Menbej", "over IS in al-Raii".
        let preposition = |j: usize| {
            matches!(
                a.low(j),
                "in" | "near" | "towards" | "toward" | "into" | "of"
            )
        };
        // A direction may come between: "in northern Aleppo".
        let direction = matches!(
            a.low(k - 1),
            "northern" | "southern" | "eastern" | "western" | "central" | "rural"
        );
        (a.tok(k).starts_with(char::is_uppercase)
            || matches!(a.low(k), "al" | "el") && a.tok(k + 1) == "-")
            && (preposition(k - 1) || direction && k >= range.start + 2 && preposition(k - 2))
    });
    if !(armed && ground) {
        return Vec::new();
    }
    vec![(
        i,
        i + 1,
        Trigger {
            kind: EventKind::Attack,
            subtype: "armed_assault".to_string(),
            strong: true,
        },
    )]
}

fn split_blows(a: &Annotated, range: std::ops::Range<usize>) -> Vec<(usize, usize, Trigger)> {
    let trigger = |subtype: &str, strong: bool| Trigger {
        kind: EventKind::Attack,
        subtype: subtype.to_string(),
        strong,
    };
    let mut out = Vec::new();
    for i in range.clone() {
        let w = a.low(i);
        // Cheap first: the verb, then "to death" after it.
        if matches!(
            w,
            "hacked"
                | "beaten"
                | "beat"
                | "stoned"
                | "clubbed"
                | "burned"
                | "burnt"
                | "tortured"
                | "stabbed"
                | "shot"
                | "bludgeoned"
                | "battered"
        ) && (i + 2..(i + 7).min(range.end)).any(|k| a.low(k - 1) == "to" && a.low(k) == "death")
        {
            let subtype = if w == "stabbed" {
                "stabbing"
            } else {
                "armed_assault"
            };
            out.push((i, i + 1, trigger(subtype, true)));
            continue;
        }
        // Bodies found with the marks of a killing: "Police found the bodies of six men with
        // gunshot wounds", "The bodies of 15 men were discovered in a mass grave" (not
        // "the bodies of migrants were found in a truck").
        if matches!(w, "bodies" | "body")
            && a.low(i + 1) == "of"
            && (i + 2..(i + 5).min(range.end)).any(|k| {
                PEOPLE.contains(&a.low(k)) || a.tokens[k].kind == vigil_model::TokenKind::Number
            })
            && murdered_found(a, &range)
        {
            out.push((i, i + 1, trigger("unknown", false)));
            continue;
        }
        // Property burned by armed men: "Anglophone separatists burned a school" (not "the
        // fire burned 20 homes", nor rioters' fires).
        if matches!(w, "burned" | "burnt")
            && arsonist_before(a, range.start, i)
            && burned_property(a, i + 1, range.end)
        {
            out.push((i, i + 1, trigger("arson", true)));
            continue;
        }
        if !matches!(
            w,
            "thrown" | "threw" | "throw" | "throws" | "hurled" | "lobbed" | "tossed"
        ) {
            continue;
        }
        let thrown = |k: usize| {
            matches!(
                a.low(k),
                "grenade" | "grenades" | "molotov" | "firebomb" | "firebombs" | "petrol"
            )
        };
        // "a grenade was thrown at", "threw a hand grenade into".
        let before = (i.saturating_sub(4).max(range.start)..i).any(thrown);
        let after = (i + 1..(i + 4).min(range.end)).any(thrown);
        if before || after {
            // Of no subtype of its own: a grenade thrown in an assault told by other words is
            // that assault's; alone, its weapon makes it a bombing.
            out.push((i, i + 1, trigger("unknown", false)));
        }
    }
    out
}

/// Verbs that send a projectile: "fired surface-to-surface missiles at the town".
const LAUNCHES: &[&str] = &[
    "fired",
    "fires",
    "firing",
    "launched",
    "launch",
    "launches",
    "launching",
    "lobbed",
    "dropped",
    "drop",
    "drops",
    "dropping",
    "hurled",
];

/// Whether token `i` reads as a country's adjective: "Turkish", "Russian", "Israeli", "US".
fn demonym(a: &Annotated, i: usize) -> bool {
    let text = &a.text[a.tokens[i].span.start..a.tokens[i].span.end];
    let low = a.low(i);
    matches!(low, "us" | "u.s." | "u.s" | "uk") && text.starts_with('U')
        || text.starts_with(|c: char| c.is_uppercase())
            && low.len() >= 4
            && ["ish", "ian", "ese", "an", "i", "ch"]
                .iter()
                .any(|end| low.ends_with(end))
}

/// Whether a word may report a blow struck by a weapon, an aircraft or a force (a verb of
/// [`armed_blows`]), so a page holding one is read for events.
pub(crate) fn may_be_blow(w: &str) -> bool {
    BLOWS.contains(&w) || LAUNCHES.contains(&w) || GAINS.contains(&w) || SORTIES.contains(&w)
}

/// Blows an aircraft carries out, named as a noun: "Russian warplanes carried out raids on
/// Idlib province", "coalition jets conducted strikes near Raqqa".
const SORTIES: &[&str] = &["raids", "strikes", "airstrikes", "sorties"];

/// Words of ground taken that [`ground_taken`] reads.
const GAINS: &[&str] = &[
    "advance",
    "advances",
    "advanced",
    "advancing",
    "advancement",
    "regain",
    "regained",
    "regains",
    "regaining",
    "recapture",
    "recaptured",
    "recaptures",
    "retake",
    "retook",
    "retaken",
    "retakes",
    "control",
    "controls",
];

/// Whether a text may report a blow of [`armed_blows`]: one of their verbs and a weapon, an
/// aircraft or an armed subject somewhere in it (most pages that say "hit" or "target" have
/// none, and are not read for events on that account).
pub(crate) fn blow_page(a: &Annotated, group_acronyms: &std::collections::HashSet<String>) -> bool {
    let (mut verb, mut armed) = (false, false);
    for i in 0..a.tokens.len() {
        let w = a.low(i);
        verb = verb || may_be_blow(w);
        armed = armed
            || PROJECTILES.contains(&w)
            || acronym(a.tok(i)) && group_acronyms.contains(a.tok(i))
            || aircraft(w)
            || PERP_NOUNS.contains(&w)
            || matches!(
                w,
                "forces"
                    | "troops"
                    | "army"
                    | "regime"
                    | "military"
                    | "coalition"
                    | "factions"
                    | "militiamen"
                    | "militias"
                    | "soldiers"
            );
        if verb && armed {
            return true;
        }
    }
    false
}

/// Whether a token is written as an acronym: two to six capitals ("IS", "SDF", "ISIL").
fn acronym(t: &str) -> bool {
    (2..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase())
}

/// The armed groups' aliases of the actor dictionary written as acronyms ("SDF", "YPG",
/// "ISIS"), for [`blow_page`].
pub(crate) fn group_acronyms(actors: &vigil_nlp::Actors) -> std::collections::HashSet<String> {
    actors
        .actors
        .iter()
        .filter(|x| x.kind == MentionKind::Group)
        .flat_map(|x| x.aliases.iter().chain(std::iter::once(&x.name)))
        .filter(|n| acronym(n))
        .cloned()
        .collect()
}

/// Blows struck by weapons, aircraft and armed forces in a sentence: (first token, one past
/// the last, trigger, the token of its subject or projectile). An aircraft's blow is an air strike; a projectile's a bombing; a
/// force's an attack (an operation when the force is a state's, as for every attack).
fn armed_blows(
    x: &Extractor,
    a: &Annotated,
    range: std::ops::Range<usize>,
) -> Vec<(usize, usize, Trigger, usize)> {
    // Cheap first: most sentences have no such verb.
    if !range.clone().any(|i| may_be_blow(a.low(i))) {
        return Vec::new();
    }
    let hits = vocab_hits(&x.vocab, a, range.clone());
    let force_ends: Vec<usize> = hits
        .iter()
        .filter(|h| h.class == "force")
        .map(|h| h.end)
        .collect();
    let trigger = |kind, subtype: &str| Trigger {
        kind,
        subtype: subtype.to_string(),
        strong: true,
    };
    let groups = a
        .actors
        .iter()
        .filter(|m| m.kind == MentionKind::Group && range.contains(&m.start))
        .count();
    let war = has_violence(a, &range, groups) || !force_ends.is_empty();
    // A state or an army flies it: "Turkish drones", "regime helicopters".
    let flown_by_state = |k: usize| {
        k > range.start
            && (force_ends.contains(&k)
                || demonym(a, k - 1)
                || matches!(
                    a.low(k - 1),
                    "military" | "regime" | "coalition" | "army" | "fighter" | "enemy" | "unmanned"
                ))
    };
    // An aircraft at war at token `k`: one of war, or any flown in war or by a state.
    let striking_aircraft = |k: usize| {
        WARPLANES.contains(&a.low(k)) || AIRCRAFT.contains(&a.low(k)) && (war || flown_by_state(k))
    };
    // "fired warning shots", "rubber bullets", "tear gas rounds": not to kill.
    let not_to_kill = |p: usize| {
        matches!(
            a.low(p.saturating_sub(1)),
            "warning" | "rubber" | "blank" | "gas" | "plastic" | "celebratory"
        )
    };
    // What a fired projectile makes: gunfire an armed assault, the rest a bombing.
    let fired = |p: usize| {
        if matches!(a.low(p), "rounds" | "shots" | "bullets") {
            trigger(EventKind::Attack, "armed_assault")
        } else {
            trigger(EventKind::Attack, "bombing")
        }
    };
    // Tests and launches to space are no blows: "test-fired a ballistic missile into the sea",
    // "launched a rocket carrying two satellites", "The rocket launched from Cape Canaveral
    // landed safely on a barge".
    let peaceful = range.clone().any(|j| {
        matches!(
            a.low(j),
            "test"
                | "tests"
                | "tested"
                | "testing"
                | "sea"
                | "orbit"
                | "satellite"
                | "satellites"
                | "space"
                | "spacecraft"
                | "astronauts"
                | "fireworks"
                | "safely"
                | "cape"
                | "launchpad"
        )
    });
    let mut out = Vec::new();
    for i in range.clone() {
        let w = a.low(i);
        if BLOWS.contains(&w) && i > range.start {
            // The subject just before the verb ("continue to target", an adverb between).
            let mut k = i;
            while k > range.start
                && matches!(
                    a.low(k - 1),
                    "again" | "also" | "continue" | "continued" | "to" | "reportedly" | "then"
                )
            {
                k -= 1;
            }
            if k == range.start {
                continue;
            }
            // "Rockets fired from Gaza landed near Sderot": the projectile before its
            // launch's phrase.
            if matches!(w, "landed" | "slammed" | "hit" | "struck" | "rained") {
                let from = k.saturating_sub(6).max(range.start);
                if let Some(p) = (from..k).rev().find(|&j| PROJECTILES.contains(&a.low(j))) {
                    if p + 1 < k
                        && matches!(a.low(p + 1), "fired" | "launched" | "lobbed")
                        && !(p + 2..k).any(|j| matches!(a.low(j), "," | "and" | "which" | "that"))
                    {
                        k = p + 1;
                    }
                }
            }
            let subject = a.low(k - 1);
            let lowercase =
                a.text[a.tokens[k - 1].span.start..].starts_with(|c: char| c.is_lowercase());
            // "a military target", "39 Islamic State targets, …": a noun, not a verb. A verb
            // has an object after it; a noun is often led by an article.
            let nounable = matches!(
                w,
                "target"
                    | "targets"
                    | "strike"
                    | "raid"
                    | "bomb"
                    | "bombs"
                    | "shell"
                    | "shells"
                    | "hit"
                    | "hits"
            );
            let object = i + 1 < range.end
                && a.tokens[i + 1].kind != vigil_model::TokenKind::Punct
                && !matches!(
                    a.low(i + 1),
                    "of" | "and"
                        | "or"
                        | "in"
                        | "for"
                        | "to"
                        | "at"
                        | "by"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "list"
                        | "lists"
                );
            let led = |first: usize| {
                first > range.start
                    && matches!(
                        a.low(first - 1),
                        "a" | "an"
                            | "priority"
                            | "legitimate"
                            | "potential"
                            | "main"
                            | "primary"
                            | "its"
                            | "their"
                            | "his"
                            | "her"
                            | "\""
                    )
            };
            let noun = |first: usize| nounable && (!object || led(first));
            let force_start = hits
                .iter()
                .find(|h| h.class == "force" && h.end == k)
                .map(|h| h.start);
            let group_before = a
                .actors
                .iter()
                .find(|m| m.kind == MentionKind::Group && m.end == k);
            if striking_aircraft(k - 1) {
                // Aircraft land and crash without striking.
                if matches!(w, "landed" | "slammed" | "rained") || nounable && !object {
                    continue;
                }
                out.push((
                    i,
                    i + 1,
                    trigger(EventKind::CounterOperation, "air_strike"),
                    k - 1,
                ));
            } else if matches!(
                w,
                "target" | "targets" | "targeted" | "targeting" | "hit" | "hits" | "struck"
            ) && (matches!(subject, "airstrikes" | "shelling" | "bombardment")
                || matches!(subject, "strikes" | "raids")
                    && (war
                        || k >= range.start + 2 && {
                            let before = a.low(k - 2);
                            matches!(
                                before,
                                "missile" | "air" | "drone" | "rocket" | "artillery" | "aerial"
                            ) || aircraft(before)
                        }))
            {
                // "Intense missile strikes target neighborhoods of Aleppo city".
                out.push((i, i + 1, trigger(EventKind::Attack, "unknown"), k - 1));
            } else if PROJECTILES.contains(&subject)
                && !peaceful
                && !matches!(w, "bomb" | "shell" | "bombs" | "shells")
                // "Shell hits record profits": a company, not a shell.
                && (lowercase || k - 1 == range.start && !subject.starts_with("shell"))
                && (!subject.starts_with("barrel") || k - 1 > range.start && a.low(k - 2) == "explosive")
            {
                out.push((i, i + 1, trigger(EventKind::Attack, "bombing"), k - 1));
            } else if force_start.is_some_and(|f| !noun(f))
                && !matches!(subject, "police" | "personnel")
                && !matches!(w, "landed" | "rained" | "hit" | "hits" | "strike")
            {
                out.push((i, i + 1, trigger(EventKind::Attack, "unknown"), k - 1));
            } else if matches!(w, "target" | "targets" | "targeted" | "shelled" | "bombarded")
                && (object || !nounable)
                && (PERP_NOUNS.contains(&subject)
                    || matches!(subject, "factions" | "militiamen" | "jihadists" | "militias")
                    || group_before.is_some())
                // The subject opens its clause: not "hit 39 Islamic State targets".
                && {
                    let first = group_before.map_or(k - 1, |m| m.start);
                    let first = if first > range.start && a.low(first - 1) == "the" {
                        first - 1
                    } else {
                        first
                    };
                    first == range.start
                        || matches!(
                            a.low(first - 1),
                            "and" | "," | ";" | ":" | "while" | "as" | "when" | "after" | "-"
                        )
                }
            {
                // "Rebels target Hama countryside", "IS targets Soqour al-Sahraa".
                out.push((i, i + 1, trigger(EventKind::Attack, "unknown"), k - 1));
            }
        } else if SORTIES.contains(&w) && i >= range.start + 3 {
            // "warplanes carried out raids", "jets conducted strikes", "aircraft launched
            // airstrikes": the verb's subject is an aircraft.
            // Done, not done as a rule: "U.S. warplanes carry out strikes to help Afghan
            // units" tells of a campaign.
            let verb = if a.low(i - 1) == "out" && a.low(i - 2) == "carried" {
                i - 2
            } else if matches!(a.low(i - 1), "conducted" | "launched" | "staged" | "flew") {
                i - 1
            } else {
                continue;
            };
            let subject = verb - 1;
            if subject >= range.start && striking_aircraft(subject) {
                out.push((
                    verb,
                    i + 1,
                    trigger(EventKind::CounterOperation, "air_strike"),
                    subject,
                ));
            }
        } else if LAUNCHES.contains(&w)
            // What may or should be done is no blow: "a cargo aircraft may drop bombs".
            && !(i > range.start
                && matches!(
                    a.low(i - 1),
                    "to" | "may" | "might" | "could" | "would" | "will" | "can" | "should" | "must"
                ))
        {
            // The projectile within a few words after: "fired two Grad rockets".
            let end = (i + 8).min(range.end);
            let Some(p) = (i + 1..end).find(|&j| PROJECTILES.contains(&a.low(j))) else {
                // Or its subject, when fired at something: "Rockets were fired at the Green
                // Zone", "Two mortar shells were launched toward the base".
                let aux = i > range.start && matches!(a.low(i - 1), "were" | "was");
                let aimed = matches!(
                    a.low(i + 1),
                    "at" | "on" | "toward" | "towards" | "into" | "against"
                );
                let subject = (i.saturating_sub(4).max(range.start)..i)
                    .rev()
                    .find(|&j| PROJECTILES.contains(&a.low(j)));
                // Or the projectile just before, its fate told after: "Missiles launched from
                // Yemen were intercepted over Riyadh", "Rockets fired from Gaza fell short".
                let fate = (i + 1..range.end).any(|j| {
                    matches!(
                        a.low(j),
                        "intercepted" | "landed" | "fell" | "exploded" | "downed" | "struck"
                    )
                });
                let reduced = subject.filter(|&p| p + 1 == i && !aux && fate && !peaceful);
                if let Some(p) = subject.filter(|_| aux && aimed).or(reduced) {
                    if !not_to_kill(p) {
                        out.push((p, i + 1, fired(p), p));
                    }
                }
                continue;
            };
            if not_to_kill(p)
                || matches!(a.low(p), "rounds" | "shots" | "bullets")
                    && !(war || a.low(p - 1) == "live")
                    && !(p + 1..(p + 3).min(range.end))
                        .any(|j| matches!(a.low(j), "at" | "on" | "into"))
            {
                continue;
            }
            // A launch's objects may be several: "fired tear gas and live rounds at
            // protesters", "fired rockets and mortars".
            let cut = (i + 1..p).any(|j| {
                matches!(a.low(j), "." | ";" | "," | "at" | "on" | "from" | "into")
                    || a.low(j) == "and" && j + 2 < p
            });
            // "Helicopters drop 12 barrels": aircraft that drop them are at war.
            let flown = i > range.start && aircraft(a.low(i - 1));
            let aimed = flown
                || (p + 1..(p + 7).min(range.end)).any(|j| {
                    matches!(
                        a.low(j),
                        "at" | "on" | "toward" | "towards" | "against" | "into"
                    )
                });
            if !cut && !peaceful && (war || aimed) {
                let t = if flown {
                    trigger(EventKind::CounterOperation, "air_strike")
                } else {
                    fired(p)
                };
                out.push((i, p + 1, t, p));
            }
        }
    }
    out
}

/// A chemical weapon named in an attack's sentence ("accused government forces of using
/// toxic gas in an attack on Douma", "a suspected chlorine attack"): the attack is an
/// unconventional one and the agent its weapon.
fn chemical(a: &Annotated, s: &Sent, c: &mut Cand) {
    if c.kind != EventKind::Attack || c.subtype != "unknown" {
        return;
    }
    // Near its trigger: "fired cruise missiles in retaliation for the chemical weapons attack"
    // is no chemical attack.
    let (ts, te) = c.trigger;
    let near = ts.saturating_sub(8).max(s.range.start)..(te + 8).min(s.range.end);
    let agent = near.clone().find_map(|i| {
        let w = a.low(i);
        let next = if i + 1 < s.range.end {
            a.low(i + 1)
        } else {
            ""
        };
        match w {
            "chlorine" | "sarin" | "vx" | "phosgene" => Some((i, i + 1)),
            "toxic" | "poison" | "poisonous" | "nerve" | "mustard"
                if matches!(next, "gas" | "gases" | "agent" | "agents") =>
            {
                Some((i, i + 2))
            }
            "chemical"
                if matches!(
                    next,
                    "weapon" | "weapons" | "agent" | "agents" | "munitions"
                ) =>
            {
                Some((i, i + 2))
            }
            _ => None,
        }
    });
    if let Some((start, end)) = agent {
        c.subtype = "unconventional".to_string();
        if !c
            .roles
            .get(&Role::Weapon)
            .is_some_and(|v| v.iter().any(|x| x.span.overlaps(a.token_span(start, end))))
        {
            c.push(Role::Weapon, value(a, start, end, None));
        }
    }
}

/// Deaths or injuries at token `ts` caused by violence: a violent cause in the sentence, or
/// people counted as killed with no other cause in sight ("8 killed in Hama", "7 persons were
/// killed in Khan Shaykhun today"; not "killed in a car crash", "killed by the storm").
fn killing(a: &Annotated, s: &Sent, ts: usize) -> bool {
    // The dead counted by a noun: "5 martyrs in the raids on Deir Ezzor", "24 casualties and
    // injuries at least in Aleppo city", "Casualties in the countryside of Daraa". A noun of
    // the dead is an event only when counted or told where, whatever caused them ("capable
    // of inflicting a large number of casualties", "explosives that caused no fatalities").
    let noun = matches!(a.low(ts), "dead" | "casualties" | "martyrs" | "fatalities");
    let cause = violent_cause(a, s);
    if cause && !noun {
        return true;
    }
    // "if used effectively, capable of inflicting casualties": what could happen.
    let hypothetical = (s.range.start..ts)
        .any(|i| matches!(a.low(i), "if" | "would" | "could" | "might" | "unless"));
    let killed = matches!(a.low(ts), "killed" | "slain");
    // The counted dead are the subject: "8 killed", "seven people were killed", "Seven
    // Iranian fighters killed in Syria" (not "how many people were killed", "lasted 10 years
    // and killed").
    let mut k = ts;
    while killed
        && k > s.range.start
        && matches!(a.low(k - 1), "were" | "was" | "reportedly" | "also" | "all")
    {
        k -= 1;
    }
    let bare = k == ts;
    let person = |w: &str| {
        PEOPLE.contains(&w)
            || matches!(
                w,
                "fighter"
                    | "citizen"
                    | "citizens"
                    | "member"
                    | "elements"
                    | "persons"
                    | "commander"
                    | "commanders"
                    | "leader"
                    | "engineer"
                    | "militiaman"
                    | "militiamen"
                    | "journalist"
                    | "activist"
            )
    };
    let head = k > s.range.start && (killed || a.low(ts) == "dead") && person(a.low(k - 1));
    if head {
        k -= 1;
    }
    // What stands between a count and its noun: "Seven Iranian fighters", "Iran Army
    // personnel", "123 civilian casualties".
    let modifier = |i: usize| {
        let t = a.tok(i);
        t.chars().next().is_some_and(char::is_uppercase) && t.chars().all(char::is_alphabetic)
            || matches!(
                a.low(i),
                "civilian" | "young" | "other" | "more" | "regime" | "government" | "army"
            )
            || a.low(i).ends_with("-old")
    };
    let mut m = k;
    while m > s.range.start && k - m < 2 && modifier(m - 1) {
        m -= 1;
    }
    let counted = s
        .numbers
        .iter()
        .any(|&n| a.numbers[n].end == k || a.numbers[n].end == m);
    // The dead a violent cause left: "Targeting a bus causes 7 casualties at least", "raids
    // cause casualties".
    let left = (m.saturating_sub(3).max(s.range.start)..m).any(|i| {
        matches!(
            a.low(i),
            "cause" | "causes" | "caused" | "causing" | "leave" | "leaves" | "left" | "leaving"
        )
    });
    let caused = cause && (counted || left);
    // A headline's dead, told with no count: "Iranian fighter killed in Syria", "Casualties in
    // Aleppo city", "More casualties in al-Houla", "Abu Omar killed in Idlib"; never "no
    // casualties".
    let named = a
        .persons
        .iter()
        .find(|p| killed && bare && p.end == ts && p.start >= s.range.start)
        .map(|p| p.start);
    let leading = |from: usize| {
        let mut b = from;
        while b > s.range.start && matches!(a.low(b - 1), "a" | "an" | "more" | "new" | "further") {
            b -= 1;
        }
        b == s.range.start || matches!(a.low(b - 1), "says" | "said" | ":" | "and")
    };
    // Where the dead fell, read over what is told beside them: "Casualties and injuries at
    // least in …", "5 casualties at least and 30 injuries at …", "More casualties raise the
    // toll in …".
    let told_where = {
        let mut j = ts + 1;
        while j < s.range.end
            && j < ts + 8
            && (matches!(
                a.low(j),
                "and" | "injuries" | "wounded" | "injured" | "at" | "least" | "," | "several"
            ) || a.tokens[j].kind == vigil_model::TokenKind::Number)
            && !(a.low(j) == "at" && a.low(j + 1) != "least")
        {
            j += 1;
        }
        j >= s.range.end
            || matches!(
                a.low(j),
                "in" | "near"
                    | "at"
                    | "during"
                    | "outside"
                    | "among"
                    | "by"
                    | "."
                    | "raise"
                    | "raises"
                    | "raising"
            )
    };
    let headline =
        ((head && bare || noun) && leading(m) || named.is_some_and(leading)) && told_where;
    // A counted noun of the dead needs somewhere it happened: "5 casualties at least in the
    // raids" (not "over 100 casualties this year").
    let counted = counted && (!noun || told_where);
    let negated = ts > s.range.start && matches!(a.low(ts - 1), "no" | "without" | "zero" | "any")
        || m > s.range.start && matches!(a.low(m - 1), "no" | "without" | "any");
    // Forces or fighters who kill someone: "Turkish border guards kill a person from Hama",
    // "Soldiers killed a protester" (not "Soldiers killed in an ambush").
    let active = ts > s.range.start
        && matches!(a.low(ts), "killed" | "kill" | "kills")
        // "Armed men killed five villagers", "Unidentified men killed a trader".
        && (armed_noun(a, ts - 1, s.range.start)
            // "Gang members killed a bus driver".
            || a.low(ts - 1) == "members"
                && ts >= s.range.start + 2
                && matches!(a.low(ts - 2), "gang" | "cult" | "cartel" | "militia"))
        && (ts + 1..(ts + 5).min(s.range.end)).any(|i| {
            let w = a.low(i);
            // "Police killed two suspected robbers", "a suspected drug trafficker".
            person(w) || PERP_NOUNS.contains(&w) || OUTLAWS.contains(&w)
        })
        && !matches!(
            a.low(ts + 1),
            "in" | "by" | "at" | "on" | "during" | "while" | "when"
        );
    // One person killed somewhere, told in full: "A policeman was killed in Kabul", "A young
    // man was killed at Al-Masharqa neighborhood", "Ali Khallouf is killed in the battles of
    // Hama" (not "he was killed", nor "a man was killed" with nowhere told).
    let capital = |i: usize| {
        a.tok(i).chars().next().is_some_and(char::is_uppercase)
            && !s
                .times
                .iter()
                .any(|&t| (a.times[t].start..a.times[t].end).contains(&i))
    };
    let somewhere = ts + 2 < s.range.end
        && matches!(a.low(ts + 1), "in" | "at" | "near" | "outside")
        && (capital(ts + 2)
            || a.low(ts + 2) == "the" && (ts + 3..(ts + 6).min(s.range.end)).any(capital));
    let one = killed
        && !bare
        && somewhere
        && (head
            && (m.saturating_sub(1).max(s.range.start)..k)
                .any(|i| matches!(a.low(i), "a" | "an" | "another" | "one"))
            || s.persons.iter().any(|&p| a.persons[p].end == k));
    let killed = (killed || noun || active) && !negated;
    let counted = counted || headline || caused || active || one;
    let other_cause = s.range.clone().any(|i| {
        matches!(
            a.low(i),
            "crash"
                | "crashes"
                | "crashed"
                | "collision"
                | "collided"
                | "accident"
                | "accidents"
                | "accidental"
                | "accidentally"
                | "derailed"
                | "derailment"
                | "fires"
                | "blaze"
                | "flood"
                | "floods"
                | "flooding"
                | "landslide"
                | "landslides"
                | "mudslide"
                | "earthquake"
                | "quake"
                | "storm"
                | "storms"
                | "tornado"
                | "hurricane"
                | "cyclone"
                | "typhoon"
                | "lightning"
                | "avalanche"
                | "stampede"
                | "collapse"
                | "collapsed"
                | "drowned"
                | "heatwave"
                | "heat"
                | "disease"
                | "outbreak"
                | "virus"
                | "overdose"
                | "traffic"
                | "road"
                | "bus"
                | "train"
                | "plane"
                | "car"
                | "truck"
                | "boat"
                | "ferry"
                | "capsized"
                | "sank"
                | "miners"
                | "bear"
                | "shark"
                | "elephant"
                | "animal"
                | "wildfire"
                | "wildfires"
                | "volcano"
                | "eruption"
                | "tsunami"
        )
    });
    // "killed in a house fire", but not "opened fire, killing three".
    let fire = s.range.clone().any(|i| {
        a.low(i) == "fire"
            // "killed by the border guards' fire"
            && !(i.saturating_sub(3).max(s.range.start)..i).any(|k| {
                matches!(
                    a.low(k),
                    "guards" | "forces" | "troops" | "police" | "army" | "soldiers" | "army's"
                )
            })
            && !(i > s.range.start
                && matches!(
                    a.low(i - 1),
                    "opened"
                        | "open"
                        | "opening"
                        | "returned"
                        | "exchanged"
                        | "heavy"
                        | "sniper"
                        | "gun"
                        | "machine-gun"
                        | "artillery"
                        | "rocket"
                        | "mortar"
                        | "tank"
                ))
    });
    // A tally over a period is no one event: "135 were killed in 7 days of military
    // operations", "killed since the start of the year", "killed in 2016".
    let tally = s.range.clone().any(|i| {
        matches!(a.low(i), "days" | "weeks" | "months" | "years")
            || i > ts && i < ts + 6 && matches!(a.low(i), "since" | "year" | "month" | "week")
    }) || s.times.iter().any(|&t| {
        let t = &a.times[t];
        t.start > ts
            && t.start < ts + 4
            && a.low(t.start).len() == 4
            && a.low(t.start).starts_with(['1', '2'])
    });
    // So are deaths told in the perfect ("24 have been killed in Iraq or Syria", "496 had
    // been killed"), as a habit ("getting killed") or in vague multitudes ("thousands").
    let before = |k: usize| (ts >= s.range.start + k).then(|| a.low(ts - k));
    let perfect = before(1) == Some("been")
        && matches!(before(2), Some("have" | "has" | "had" | "having"))
        || matches!(before(1), Some("getting" | "get" | "gets" | "got"));
    let multitude = s.range.clone().any(|i| {
        matches!(
            a.low(i),
            "thousands" | "hundreds" | "dozens" | "scores" | "total" | "toll" | "overall"
        )
    });
    // What is killed is no one: "1992 killed socialism", "the senate killed the bill".
    let thing = {
        let mut o = ts + 1;
        while o < s.range.end && matches!(a.low(o), "the" | "off" | "any" | "all" | "our" | "their")
        {
            o += 1;
        }
        let w = a.low(o);
        // Not the first word of someone: "killed the tourism minister".
        matches!(a.low(ts), "killed" | "kills" | "kill")
            && o < s.range.end
            && !person(a.low(o + 1))
            && (w.len() > 5 && w.ends_with("ism")
                || matches!(
                    w,
                    "deal"
                        | "bill"
                        | "idea"
                        | "plan"
                        | "plans"
                        | "hopes"
                        | "chances"
                        | "mood"
                        | "momentum"
                        | "proposal"
                        | "talks"
                        | "legislation"
                        | "career"
                        | "buzz"
                        | "economy"
                        | "reform"
                        | "dream"
                        | "dreams"
                ))
    };
    killed
        && !thing
        && counted
        && (cause || !other_cause && !fire)
        && !tally
        && !perfect
        && !multitude
        && !hypothetical
}

/// Those whose killing of someone is violence by itself, named as the subject of "kill".
const KILLERS: &[&str] = &[
    "guards",
    "forces",
    "troops",
    "soldiers",
    "police",
    "policemen",
    "army",
    "militia",
    "militias",
    "militiamen",
    "fighters",
    "snipers",
    "sniper",
    "jihadists",
    "mob",
    // Who kill in feuds, raids and lynchings: "Armed herders killed seven farmers",
    // "Herdsmen killed seven farmers in Benue", "vigilantes killed two suspected thieves".
    "herders",
    "herdsmen",
    "vigilantes",
    "gangs",
    "gangsters",
    // Armed movements named by their cause: "Maoists killed a suspected police informer".
    "maoists",
    "separatists",
    "secessionists",
    "islamists",
    "cultists",
    // "The military killed 23 civilians".
    "military",
];

/// Who police and soldiers kill as suspects: "Police killed two suspected robbers".
const OUTLAWS: &[&str] = &[
    "robber",
    "robbers",
    "thief",
    "thieves",
    "suspect",
    "suspects",
    "trafficker",
    "traffickers",
    "smuggler",
    "smugglers",
    "criminal",
    "criminals",
    "poacher",
    "poachers",
    "gangster",
    "gangsters",
    "fugitive",
    "fugitives",
    "kidnapper",
];

/// Below this probability, the detector vetoes a weak lexicon trigger ("attack patterns",
/// "the reality that had ambushed her").
const VETO: f32 = 0.15;

/// The triggers of a sentence, in text order: the lexicon's phrases (with the detector's
/// support for those of the kinds it knows) and the detector's attacks, arrests, threats and
/// casualties that no phrase of the lexicon covers.
fn proposals(
    x: &Extractor,
    a: &Annotated,
    ctx: Option<&crate::detect::features::DocContext>,
    si: usize,
    range: std::ops::Range<usize>,
) -> Vec<Proposal> {
    use crate::detect::Class;
    let lexicon = x
        .triggers
        .find(&a.text, &a.lower, &a.tokens, range.clone(), |_| true);
    let detector = x.detector.as_deref().zip(ctx);
    let probabilities = detector.map_or_else(Vec::new, |(d, ctx)| {
        crate::detect::sentence_probabilities(d, ctx, si)
    });
    let support_of = |kind: EventKind, start: usize, end: usize| -> Option<f32> {
        let p = |c: &[f32; crate::detect::CLASSES]| match kind {
            EventKind::Attack => Some(c[Class::Attack as usize] + c[Class::Casualty as usize]),
            EventKind::Arrest => Some(c[Class::Arrest as usize]),
            EventKind::Threat => Some(c[Class::Threat as usize]),
            _ => None,
        };
        probabilities
            .iter()
            .filter(|(i, _)| (start..end).contains(i))
            .filter_map(|(_, c)| p(c))
            .reduce(f32::max)
    };
    let mut out: Vec<Proposal> = lexicon
        .iter()
        .map(|m| Proposal {
            start: m.start,
            end: m.end,
            trigger: m.payloads[0].clone(),
            learned: false,
            // The detector's veto stands only for single words it learned from examples.
            support: support_of(m.payloads[0].kind, m.start, m.end).filter(|_| {
                m.end - m.start > 1 || detector.is_some_and(|(d, _)| d.knows(a.low(m.start)))
            }),
            // Deaths and injuries ("killed", "wounded"): an attack only with a violent cause
            // in sight.
            casualty: m.payloads[0].kind == EventKind::Attack && casualty_words(a, m.start, m.end),
        })
        .collect();
    // Raids flown are air strikes: "warplanes raids on Deir Ezzor", "raids by warplanes".
    for m in out
        .iter_mut()
        .filter(|m| m.trigger.kind == EventKind::CounterOperation && m.trigger.subtype == "raid")
    {
        let flown = |i: usize| range.contains(&i) && aircraft(a.low(i));
        // "raids carried out by several warplanes believed to be Russian".
        let by = (m.end..(m.end + 4).min(range.end)).find(|&i| a.low(i) == "by");
        if m.start > range.start && flown(m.start - 1)
            || by.is_some_and(|b| (b + 1..b + 4).any(flown))
        {
            m.trigger.subtype = "air_strike".to_string();
            m.trigger.strong = true;
        }
    }
    // Blows struck by weapons, aircraft and armed forces the lexicon cannot list, for their
    // verbs ("target", "hit", "fired") name violence only with such a subject or object.
    for (start, end, trigger, subject) in armed_blows(x, a, range.clone()) {
        // The blow of an event the lexicon names is that event's ("Airstrikes target Idlib",
        // "Intense missile strikes target Aleppo"): its verb confirms it.
        if let Some(m) = out
            .iter_mut()
            .find(|m| !m.casualty && (m.start..m.end).contains(&subject))
        {
            m.trigger.strong = true;
            // Bombs that aircraft drop are an air strike: "Government helicopters dropped
            // barrel bombs on Daraya".
            if trigger.kind == EventKind::CounterOperation && trigger.subtype == "air_strike" {
                m.trigger = trigger;
                continue;
            }
            // Raids that strike by themselves, no force or police named, come from the air:
            // "More raids target the northern countryside of Homs".
            if m.trigger.kind == EventKind::CounterOperation
                && m.trigger.subtype == "raid"
                && !(range.start..m.start).any(|i| {
                    matches!(
                        a.low(i),
                        "police"
                            | "forces"
                            | "troops"
                            | "army"
                            | "soldiers"
                            | "security"
                            | "officers"
                            | "agents"
                            | "commandos"
                    )
                })
            {
                m.trigger.subtype = "air_strike".to_string();
            }
            continue;
        }
        // A weak word of the lexicon ("hit", "fired at") is the blow its subject makes it:
        // "Turkish drones hit PKK hideouts" is an air strike, "Rockets were fired at the Green
        // Zone" a bombing.
        if let Some(m) = out.iter_mut().find(|m| {
            m.start < end
                && start < m.end
                && !m.trigger.strong
                && (m.trigger.kind == EventKind::Attack
                    && (m.trigger.subtype == "unknown" || m.start != start || m.end != end)
                    // What aircraft do is an air strike: "Coalition jets bombed an Islamic
                    // State hideout", "warplanes carried out raids".
                    || trigger.subtype == "air_strike"
                        && (m.trigger.kind == EventKind::Attack || m.trigger.subtype == "raid"))
        }) {
            m.trigger = trigger;
            continue;
        }
        if out.iter().any(|m| m.start < end && start < m.end) {
            continue;
        }
        out.push(Proposal::lexical(start, end, trigger));
    }
    for (start, end, trigger) in ground_taken(x, a, range.clone()) {
        if !out.iter().any(|m| m.start < end && start < m.end) {
            out.push(Proposal::lexical(start, end, trigger));
        }
    }
    for (start, end, trigger) in split_blows(a, range.clone()) {
        if !out.iter().any(|m| m.start < end && start < m.end) {
            out.push(Proposal::lexical(start, end, trigger));
        }
    }
    if let Some((d, ctx)) = detector {
        for det in crate::detect::decide(d, &probabilities) {
            let kind = match det.class {
                Class::Attack | Class::Casualty => EventKind::Attack,
                Class::Arrest => EventKind::Arrest,
                Class::Threat => EventKind::Threat,
                Class::None | Class::Death => continue,
            };
            let _ = ctx;
            if lexicon
                .iter()
                .any(|m| m.start < det.end && det.start < m.end)
            {
                continue;
            }
            out.push(Proposal {
                start: det.start,
                end: det.end,
                trigger: Trigger {
                    kind,
                    subtype: "unknown".to_string(),
                    strong: true,
                },
                learned: true,
                support: Some(det.p),
                casualty: det.class == Class::Casualty
                    || (det.start..det.end).all(|i| {
                        DEATH.contains(&a.low(i)) && a.low(i) != "murdered"
                            || HURT.contains(&a.low(i))
                    }),
            });
        }
    }
    // An air strike and the blow its verb tells are one event: "Airstrikes bombed the town"
    // is the strike; "aircraft dropped bombs containing sarin" the chemical attack, which says
    // more.
    let strikes: Vec<(usize, usize)> = out
        .iter()
        .filter(|p| {
            p.trigger.kind == EventKind::CounterOperation && p.trigger.subtype == "air_strike"
        })
        .map(|p| (p.start, p.end))
        .collect();
    if !strikes.is_empty() {
        // The blow is the strike's verb, right after it or after a word that joins no other
        // ("Airstrikes again bombed"; not "air strikes and shells targeting").
        let blow_of = |p: &Proposal, gap: usize| {
            p.trigger.kind == EventKind::Attack
                && !p.casualty
                && strikes.iter().any(|&(_, e)| {
                    e <= p.start
                        && p.start <= e + gap
                        && !(e..p.start)
                            .any(|i| matches!(a.low(i), "and" | "or" | "," | ";" | "&" | "while"))
                })
        };
        let chemical: Vec<(usize, usize)> = out
            .iter()
            .filter(|p| blow_of(p, 6) && p.trigger.subtype == "unconventional")
            .map(|p| (p.start, p.end))
            .collect();
        out.retain(|p| {
            let strike_of_chemical = p.trigger.subtype == "air_strike"
                && chemical.iter().any(|&(s, _)| p.end <= s && s <= p.end + 6);
            !(strike_of_chemical || blow_of(p, 1) && p.trigger.subtype != "unconventional")
        });
    }
    // Casualties last: "Two people were killed when a bomb exploded" is the bombing's toll.
    out.sort_by_key(|p| (p.casualty, p.start, p.learned));
    out
}

pub(crate) fn propose(x: &Extractor, a: &Annotated, places: &[PlaceMention]) -> Vec<Cand> {
    // A text in another language ("Turpitude et architecture", a German game guide): English
    // words in it are quotes, names and loans, no reports; the caller says it was not read.
    // Short texts (headlines full of names: "Clashes in Deir el-Zour") are too few words to
    // judge, and stay read.
    let words = a
        .tokens
        .iter()
        .filter(|t| t.kind == vigil_model::TokenKind::Word)
        .take(40)
        .count();
    if words >= 40 && !crate::detect::reads_english(a) {
        return Vec::new();
    }
    let per_sentence = PerSentence::new(a);
    let detector_ctx = x
        .detector
        .as_ref()
        .map(|_| crate::detect::doc_context(x, a));
    let mut place_tokens = vec![false; a.tokens.len()];
    for p in places {
        for v in &mut place_tokens[p.start..p.end.min(a.tokens.len())] {
            *v = true;
        }
    }
    // The document's main group: the most named one.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for m in a.actors.iter().filter(|m| m.kind == MentionKind::Group) {
        *counts.entry(m.id.as_str()).or_default() += 1;
    }
    let salient = counts
        .iter()
        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
        .map(|(id, _)| id.to_string());
    let mut out: Vec<Cand> = Vec::new();
    let mut last_person: Option<Speaker> = None;
    let mut para_speaker: Option<(usize, Speaker)> = None;
    // Paragraph that holds the words of a threat introduced by "saying:".
    let mut threat_content: Option<(usize, usize)> = None; // (paragraph, cand index)
    let datelines = dateline_tokens(a);
    // Reviews of films, games and novels talk of terrorists and explosions that never happened;
    // so do pages about software ("restart shells", "dependency clashes", "avoid attack by
    // keeping devices up to date"). Two words of stories or games, or four of software, counted
    // in one pass over the document.
    let (mut story_words, mut software_words, mut game_words) = (0, 0, 0);
    for i in 0..a.tokens.len() {
        match a.low(i) {
            "film" | "movie" | "director" | "review" | "novel" | "thriller" | "trailer"
            | "episode" | "sequel" | "box" | "cinemas" | "villain" | "protagonist" => {
                story_words += 1;
            }
            // Games and fantasy: "the spell shot a powerful stream".
            "gameplay" | "spell" | "spells" | "wizard" | "mage" | "quest" | "npc" | "dungeon"
            | "playthrough" | "multiplayer" | "gamer" | "gamers" => {
                story_words += 1;
                game_words += 1;
            }
            "config" | "directory" | "directories" | "terminal" | "bash" | "zsh" | "emacs"
            | "vim" | "linux" | "python" | "javascript" | "github" | "repository"
            | "dependency" | "dependencies" | "virtualenv" | "compiler" | "ransomware"
            | "malware" | "phishing" | "android" | "ios" | "firmware" | "plugin" | "api" => {
                software_words += 1;
            }
            _ => {}
        }
    }
    let fiction = story_words >= 2 || software_words >= 4;
    // A game's world, told at length: even its strong words of violence are play.
    let game = game_words >= 3;
    for (si, sent) in a.sentences.iter().enumerate() {
        if sent.kind == SentenceKind::Boilerplate {
            continue;
        }
        let range = tok_range_of(a, si);
        if range.is_empty() {
            continue;
        }
        let groups = groups_in(a, &range, salient.as_deref());
        let others: Vec<ActorMention> = a
            .actors
            .iter()
            .filter(|m| range.contains(&m.start) && m.kind != MentionKind::Group)
            .cloned()
            .collect();
        let hits = vocab_hits(&x.vocab, a, range.clone());
        let sent_places: Vec<&PlaceMention> = places
            .iter()
            .filter(|p| p.sentence == si && !datelines.contains(&p.start))
            .collect();
        let mut speaker = sentence_speaker(a, range.clone(), &hits, last_person.as_ref());
        if speaker.is_none() && a.in_quote(sent.span.start + 1) {
            speaker = para_speaker
                .as_ref()
                .filter(|(p, _)| *p == sent.paragraph)
                .map(|(_, s)| s.clone());
        }
        if let Some(s) = &speaker {
            if s.person && s.id.is_some() {
                last_person = Some(s.clone());
            }
            para_speaker = Some((sent.paragraph, s.clone()));
        }
        let s = Sent {
            range: range.clone(),
            numbers: &per_sentence.numbers[si],
            times: &per_sentence.times[si],
            persons: &per_sentence.persons[si],
            groups,
            others,
            places: sent_places,
            hits,
            speaker,
        };
        // Words of a threat quoted after "saying:": capability and scope, no new events.
        if let Some((para, ci)) = threat_content {
            if para == sent.paragraph {
                add_capabilities(a, &s, &mut out[ci], si);
                continue;
            }
            threat_content = None;
        }
        let matches = proposals(x, a, detector_ctx.as_ref(), si, range.clone());
        let mut prev_kind: Option<EventKind> = None;
        let first_in_sentence = out.len();
        let citing = range
            .clone()
            .find(|&i| matches!(a.low(i), "citing" | "cited"));
        for m in &matches {
            // A word the detector reports inside a trigger already taken adds nothing, nor do
            // casualties in a sentence that already reports their attack or operation.
            if out[first_in_sentence..].iter().any(|c| {
                m.learned && c.trigger.0 < m.end && m.start < c.trigger.1
                    || m.casualty && violent(c.kind)
            }) {
                continue;
            }
            // Deaths told just after an attack or operation are its toll ("Two other militants
            // in the vehicle were also killed"): the sentence continues it, unless it is set in
            // another town ("… in Kandahar city." then "… protesters in Baghdad, killing 2").
            if m.casualty
                && out.iter().any(|c| {
                    violent(c.kind)
                        && !c.reference_only
                        && si.saturating_sub(c.evidence.iter().copied().max().unwrap_or(c.sentence))
                            <= 2
                        && !other_country(&s, c, places)
                })
            {
                continue;
            }
            let t: &Trigger = &m.trigger;
            let mut kind = t.kind;
            let mut offensive_of_group = false;
            // The detector's word for it: its decision stands in for the lexicon's checks.
            let learned = m.learned
                || m.support
                    .is_some_and(|p| x.detector.as_ref().is_some_and(|d| p >= d.threshold));
            let trig = (m.start, m.end);
            // A blast is violence around other words, never its own proof ("the launch party
            // was a blast"); nor is an explosion of something that is no thing ("this explosion
            // of freedom", not "the explosion of a car bomb").
            let own = |i: usize| {
                (m.start..m.end).contains(&i)
                    && (a.low(i) == "blast"
                        || a.low(i) == "explosion"
                            && a.low(i + 1) == "of"
                            && !matches!(a.low(i + 2), "a" | "an" | "the" | "two" | "several")
                            && !s
                                .hits
                                .iter()
                                .any(|h| h.class == "weapon" && h.start > i && h.start <= i + 4))
            };
            // A person put to death is violence by itself: "Executing a man in Deir Ezzor",
            // "Jaysh Khalid ibn al-Walid executes a young man" (not "executed the plan").
            let execution = m.end == m.start + 1
                && matches!(
                    a.low(m.start),
                    "execute" | "executes" | "executed" | "executing"
                )
                && (m.end..(m.end + 4).min(range.end)).any(|i| PEOPLE.contains(&a.low(i)));
            // Fire set by armed men: "Masked men torched a mosque", "separatists burned a
            // school" (a plain "burned" is arson only so: not "the fire burned 20 homes").
            let arsonist = t.subtype == "arson" && arsonist_before(a, range.start, m.start);
            let violence = !s.groups.is_empty()
                || execution
                || arsonist
                || bodily_attack(a, range.start, m.start, m.end, range.end)
                || range
                    .clone()
                    .any(|i| VIOLENCE.contains(&a.low(i)) && !own(i));
            let ok = match kind {
                EventKind::Attack => {
                    let content = matches!(
                        prev_kind,
                        Some(EventKind::Threat | EventKind::Warning | EventKind::AlertLevelChange)
                    ) && citing.is_none_or(|c| c > m.start);
                    let content =
                        content && !matches!(prev_kind, Some(EventKind::AlertLevelChange));
                    // What a warning says could happen is an event of its own, hypothetical:
                    // "warned that supporters could attempt attacks on Christmas markets".
                    let content = content
                        && !(prev_kind == Some(EventKind::Warning)
                            && modal_window(
                                a,
                                m.start.saturating_sub(4).max(range.start),
                                m.start,
                                MODALS,
                            ));
                    let ramming_ok = t.strong
                        || t.subtype != "vehicle_ramming"
                        || !s.groups.is_empty()
                        || window(
                            a,
                            range.start,
                            range.end,
                            &[
                                "terror",
                                "terrorist",
                                "terrorism",
                                "deliberately",
                                "deliberate",
                                "attacker",
                                "militant",
                                "extremist",
                                "jihadist",
                            ],
                        );
                    // "Regime forces shelled the town": the state's violence, an operation.
                    let by_state = state_subject(a, &s, m.start);
                    // "Soldiers shot dead two gunmen": the gunmen after the state's verb are
                    // its object, not another attack.
                    let object_noun =
                        |o: &Proposal| o.end == o.start + 1 && PERP_NOUNS.contains(&a.low(o.start));
                    // Two blows of states are two operations: "Turkish forces shell Afrin
                    // and regime forces target the factions".
                    let other_attack = matches.iter().any(|o| {
                        o.start != m.start
                            && o.trigger.kind == EventKind::Attack
                            && !o.casualty
                            && !(by_state && o.start >= m.end && object_noun(o))
                            && !(by_state && state_subject(a, &s, o.start))
                    });
                    let object_of_state = object_noun(m)
                        && matches.iter().any(|o| {
                            o.end <= m.start
                                && o.trigger.kind == EventKind::Attack
                                && state_subject(a, &s, o.start)
                        });
                    let foiled_word = matches!(a.low(m.start), "defused" | "disarmed" | "foiled");
                    if by_state && !content && !other_attack && !foiled_word {
                        kind = EventKind::CounterOperation;
                    }
                    // "When they attack police officers, they reject the state": what people do
                    // whenever they do it, not an attack that happened.
                    let habitual = m.end == m.start + 1
                        && m.start >= range.start + 2
                        && matches!(
                            a.low(m.start),
                            "attack" | "kill" | "shoot" | "bomb" | "stab"
                        )
                        && matches!(a.low(m.start - 1), "they" | "we" | "you" | "people")
                        && matches!(a.low(m.start - 2), "when" | "whenever" | "if");
                    // "This explosion of freedom": no thing exploded, whatever the detector says.
                    // "Two men killed time at the station": time, not people.
                    let figurative =
                        m.end == m.start + 1 && a.low(m.start) == "explosion" && own(m.start)
                            || feeling_subject(a, m.start, range.start)
                            || matches!(a.low(m.start), "killed" | "kill" | "killing" | "kills")
                                && a.low(m.end) == "time";
                    let not_an_attack = content
                        || habitual
                        || figurative
                        || object_of_state
                        || flop(a, m.start, m.end)
                        || by_state && other_attack && !foiled_word
                        || aggregate(a, m.start, range.start)
                        || resistance(a, m.start, m.end)
                            && s.hits
                                .iter()
                                .any(|h| h.class == "force" && h.end <= m.start)
                            && out.iter().any(|c| c.kind == EventKind::CounterOperation);
                    // Only for the subtypes the detector was trained on: kidnappings, sieges and
                    // arson are not events of its corpora.
                    let vetoed = !t.strong
                        && !m.casualty
                        && m.end == m.start + 1
                        && !PERP_NOUNS.contains(&a.low(m.start))
                        && !violent_cause(a, &s)
                        && matches!(
                            t.subtype.as_str(),
                            "unknown" | "bombing" | "armed_assault" | "stabbing"
                        )
                        && m.support.is_some_and(|p| p < VETO);
                    // The detector's attacks keep the priors the corpora cannot teach it:
                    // reviews and match reports, and casualties without a violent cause.
                    let learned_ok = learned
                        && !fiction
                        && !is_sport(a, &range)
                        && ramming_ok
                        && if m.casualty {
                            killing(a, &s, m.start)
                        } else if m.learned {
                            m.support.is_some_and(|p| p >= SURE) || violent_cause(a, &s)
                        } else {
                            m.support.is_some_and(|p| p >= SURE) || violence
                        };
                    !not_an_attack
                        && if m.learned {
                            learned_ok
                        } else {
                            learned_ok
                                // In a game, even a strong word needs a group or a place
                                // of the world ("The bandit keeps stabbing him", in a Skyrim
                                // diary).
                                || (t.strong
                                    && (!game || !s.groups.is_empty() || !s.places.is_empty())
                                    || violence && !fiction)
                                    && (!m.casualty || killing(a, &s, m.start))
                                    && (t.strong || !is_sport(a, &range))
                                    && ramming_ok
                                    && !vetoed
                        }
                }
                EventKind::Threat => {
                    // "We take every threat seriously": threats in general, not one.
                    let generic = m.start > range.start
                        && matches!(a.low(m.start - 1), "every" | "any" | "each" | "all");
                    // A call or a vow is a threat only as one of violence: "called on followers
                    // to attack", "calling on those beyond its base to carry out attacks",
                    // "vowed revenge", not "called on the suspect to turn himself in" nor
                    // "vowed that the U.S. would support Iraq".
                    let call = matches!(a.low(m.start), "called" | "calling" | "vowed" | "vows")
                        && !violence_called(a, m.end, range.end);
                    // A danger, not a threat made ([`danger`]).
                    let generic = generic || danger(a, m.start, m.end, &range) || call;
                    let negated = negation_governs(a, range.start, m.start);
                    // A threat of violence: its content, the sentence or a group says so
                    // ("threatened to strike if salaries are not paid" is none).
                    let violent =
                        violent_content(a, m.end, range.end) || violence || !s.groups.is_empty();
                    if learned && violent || violent_content(a, m.end, range.end) {
                        !generic && !negated
                    } else {
                        // Threatened with a weapon ("He threatened the mayor with a knife");
                        // a noun of threats may say to whom ("sent death threats to the
                        // judge"), a verb's "to" what ("threatened to strike").
                        let armed = s.hits.iter().any(|h| {
                            h.class == "weapon"
                                && h.start > m.end
                                && h.start <= m.end + 5
                                && (m.end..h.start).any(|i| a.low(i) == "with")
                        });
                        let noun = matches!(a.low(m.end - 1), "threats" | "threat")
                            && (m.start..m.end).any(|i| a.low(i) == "death");
                        !generic
                            && ((t.strong || violence || armed)
                                && !is_sport(a, &range)
                                && !negated
                                && (noun || !window(a, m.end, (m.end + 3).min(range.end), &["to"]))
                                || s.groups.iter().any(|g| g.end <= m.start))
                    }
                }
                EventKind::Warning => {
                    let group_issuer = s
                        .groups
                        .iter()
                        .any(|g| g.end <= m.start && m.start - g.end <= 4)
                        && !s
                            .others
                            .iter()
                            .any(|o| o.end <= m.start && o.start > s.groups[0].start);
                    if group_issuer {
                        kind = EventKind::Threat;
                        true
                    } else {
                        // What is warned of may be the violence itself: "warned citizens of
                        // possible attacks on hotels".
                        let of_attacks = (m.end..(m.end + 4).min(range.end))
                            .find(|&i| matches!(a.low(i), "of" | "about" | "against"))
                            .is_some_and(|i| {
                                (i + 1..(i + 4).min(range.end)).any(|k| {
                                    matches!(
                                        a.low(k),
                                        "attack"
                                            | "attacks"
                                            | "bombing"
                                            | "bombings"
                                            | "kidnappings"
                                            | "kidnapping"
                                            | "shootings"
                                    )
                                })
                            });
                        t.strong
                            || issuer_before(a, &s, m.start).is_some() && (violence || of_attacks)
                    }
                }
                EventKind::AlertLevelChange => direction(a, &range).is_some(),
                EventKind::Arrest if arrest_not_made(a, m.start, m.end, &range) => false,
                EventKind::Arrest => {
                    // Armed men taken: "Troops captured two militants in Kafr Nabl" (not
                    // "Militants captured the town").
                    let armed_taken = (m.end..(m.end + 4).min(range.end)).any(|i| {
                        PERP_NOUNS.contains(&a.low(i))
                            || matches!(a.low(i), "jihadists" | "fighters")
                    });
                    learned
                        || armed_taken
                        || violence
                            && (t.strong
                                || window(
                                    a,
                                    range.start,
                                    range.end,
                                    &[
                                        "plot",
                                        "suspect",
                                        "suspects",
                                        "suspected",
                                        "terrorism",
                                        "terror",
                                        "charged",
                                        "charges",
                                    ],
                                )
                                || !s.groups.is_empty())
                        // Political arrests need no violence named: "Authorities rounded up
                        // dozens of opposition supporters".
                        || t.strong
                            && window(
                                a,
                                range.start,
                                range.end,
                                &[
                                    "opposition",
                                    "activists",
                                    "activist",
                                    "protesters",
                                    "protester",
                                    "demonstrators",
                                    "dissidents",
                                    "dissident",
                                    "separatists",
                                    "separatist",
                                    "rebels",
                                    "militants",
                                    "insurgents",
                                    "jihadists",
                                    "extremists",
                                ],
                            )
                }
                // An air strike is one whoever flew it ("Airstrikes target eastern Aleppo").
                EventKind::CounterOperation if t.strong && t.subtype == "air_strike" => true,
                // An offensive of armed men no state sends is their attack: "The Houthis
                // launched an offensive on Marib", "the Taliban retook the district".
                EventKind::CounterOperation
                    if offensive_made(a, m.start, range.start)
                        && operator(a, &s).is_none()
                        && {
                            // The subject, just before the verb: not "anti-IS fighters", nor a
                            // town retaken "from IS".
                            let from = m.start.saturating_sub(5).max(range.start);
                            s.groups.iter().any(|g| g.end <= m.start && g.end >= from)
                                || (from..m.start).any(|i| {
                                    PERP_NOUNS.contains(&a.low(i))
                                        || matches!(
                                            a.low(i),
                                            "fighters" | "militiamen" | "militias"
                                        )
                                })
                        }
                        && !(range.start..m.start).any(|i| matches!(a.low(i), "anti" | "from")) =>
                {
                    kind = EventKind::Attack;
                    offensive_of_group = true;
                    true
                }
                // Hostages freed by force: "Troops rescued 27 students who were kidnapped"
                // (not "rescued from the flood", nor captives the kidnappers freed).
                EventKind::CounterOperation if t.subtype == "rescue" => {
                    operator(a, &s).is_some()
                        && window(
                            a,
                            range.start,
                            range.end,
                            &[
                                "kidnapped",
                                "abducted",
                                "kidnappers",
                                "abductors",
                                "hostages",
                                "hostage",
                                "captives",
                                "captors",
                                "kidnap",
                                "kidnapping",
                                "abduction",
                            ],
                        )
                }
                EventKind::CounterOperation => {
                    operator(a, &s).is_some()
                        && (t.strong
                            || !s.groups.is_empty()
                            || a.persons.iter().any(|p| range.contains(&p.start))
                            || window(
                                a,
                                range.start,
                                range.end,
                                &[
                                    "militants",
                                    "insurgents",
                                    "jihadists",
                                    "rebels",
                                    "guerrillas",
                                    "fighters",
                                    "commander",
                                    "leader",
                                ],
                            )
                            // A state's forces taking a place by arms: "Government forces
                            // retook the town of Palma", "The army launched an offensive on
                            // Marib".
                            || offensive_made(a, m.start, range.start)
                                && s.places.iter().any(|p| p.start >= m.end && !p.demonym))
                }
                EventKind::Assessment => {
                    // "seriously wounded", "a serious threat to the economy" are no judgements.
                    let not_judgement = matches!(a.low(m.start), "seriously" | "serious")
                        && (HURT.contains(&a.low(m.end))
                            || matches!(a.low(m.end), "ill" | "damaged" | "injuring" | "wounding")
                            || !window(a, range.start, range.end, &["threat", "threats", "it"])
                            // "Climate change poses a serious threat to farmers": no threat of
                            // violence in sight.
                            || (m.start..=m.end).any(|i| matches!(a.low(i), "threat" | "threats"))
                                && !window(
                                    a,
                                    range.start,
                                    range.end,
                                    &[
                                        "terror",
                                        "terrorism",
                                        "terrorist",
                                        "terrorists",
                                        "attack",
                                        "attacks",
                                        "militant",
                                        "militants",
                                        "jihadist",
                                        "jihadists",
                                        "extremist",
                                        "extremists",
                                        "extremism",
                                        "plot",
                                        "bomb",
                                        "bombing",
                                        "security",
                                        "insurgents",
                                        "armed",
                                        "violence",
                                        "violent",
                                    ],
                                ));
                    // "there was no specific, credible threat": no judgement of any threat.
                    let no_such =
                        a.low(m.start) != "not" && negation_governs(a, range.start, m.start);
                    // "exaggerated", "baseless": of a claim, a toll or a group's figures, not of
                    // any allegation ("said the allegations were baseless").
                    let of_claim = !matches!(
                        a.low(m.start),
                        "exaggerated" | "inflated" | "inflates" | "baseless" | "unfounded"
                    ) || !s.groups.is_empty()
                        || window(
                            a,
                            range.start,
                            range.end,
                            &[
                                "claim",
                                "claims",
                                "claimed",
                                "figures",
                                "toll",
                                "responsibility",
                            ],
                        );
                    !not_judgement
                        && of_claim
                        && !no_such
                        && (s.speaker.is_some() || s.hits.iter().any(|h| h.class == "speaker"))
                        && !(a.low(m.start) == "propaganda"
                            && s.hits.iter().any(|h| {
                                h.class == "channel" && h.start > m.start && h.start <= m.end + 1
                            }))
                }
                EventKind::ClaimOfResponsibility
                    if !t.strong && !negation_governs(a, range.start, m.start) =>
                {
                    let speech = (range.start..m.start).find(|&i| {
                        matches!(
                            a.low(i),
                            "said" | "says" | "claimed" | "announced" | "stated" | "statement"
                        )
                    });
                    speech.is_some_and(|sv| {
                        s.groups.iter().any(|g| g.end <= sv)
                            || s.others
                                .iter()
                                .any(|o| o.kind == MentionKind::Media && o.end <= sv)
                    })
                }
                // "No group claimed responsibility", "there was no claim of responsibility".
                EventKind::ClaimOfResponsibility => !negation_governs(a, range.start, m.start),
                EventKind::DenialOfResponsibility => true,
            };
            if !ok {
                continue;
            }
            prev_kind = Some(kind);
            // One assessment, alert change or warning per sentence.
            if matches!(
                kind,
                EventKind::Assessment
                    | EventKind::AlertLevelChange
                    | EventKind::Warning
                    | EventKind::Threat
                    | EventKind::ClaimOfResponsibility
                    | EventKind::DenialOfResponsibility
                    | EventKind::Arrest
                    | EventKind::CounterOperation
            ) && out[first_in_sentence..].iter().any(|c| c.kind == kind)
            {
                continue;
            }
            let det = if m.start > range.start {
                a.low(m.start - 1)
            } else {
                ""
            };
            let det2 = if m.start > range.start + 1 {
                a.low(m.start - 2)
            } else {
                ""
            };
            let article_at = if matches!(det, "a" | "an" | "another" | "new") {
                Some(m.start - 1)
            } else if matches!(det2, "a" | "an" | "another") {
                Some(m.start - 2)
            } else {
                None
            };
            // An instrument is not a new event: "the convoy was hit by a roadside bomb".
            let indefinite = article_at
                .is_some_and(|k| !(k > range.start && matches!(a.low(k - 1), "by" | "with")));
            let definite = m.end == m.start + 1
                && matches!(det, "the" | "this" | "that" | "'s")
                && matches!(
                    a.low(m.start),
                    "attack"
                        | "bombing"
                        | "blast"
                        | "explosion"
                        | "assault"
                        | "shooting"
                        | "massacre"
                        | "ambush"
                        | "raid"
                        | "stabbing"
                        | "siege"
                        | "killing"
                        | "killings"
                );
            // An event named only as what people mourn or protest, and no more ("a vigil for
            // the victims of the bombing.", "to protest the arrest."), is one the story tells
            // elsewhere, or not at all; not "to protest the assassination of judge Mariela
            // Espinosa Arango the evening of 1 November in Medellin".
            let bare = m.end >= range.end || matches!(a.low(m.end), "." | "," | ";" | "and");
            let mourned = bare
                && m.start >= range.start + 3
                && a.low(m.start - 1) == "the"
                && (a.low(m.start - 2) == "of"
                    && matches!(
                        a.low(m.start - 3),
                        "victims" | "anniversary" | "memory" | "survivors" | "families"
                    )
                    || matches!(
                        a.low(m.start - 2),
                        "protest"
                            | "protested"
                            | "protesting"
                            | "mourn"
                            | "mourned"
                            | "commemorate"
                    ));
            let reference_only = sent.kind == SentenceKind::Headline
                || mourned
                || citing.is_some_and(|c| c < m.start) && kind != EventKind::AlertLevelChange;
            let mut c = Cand {
                kind,
                subtype: if offensive_of_group {
                    "armed_assault".to_string()
                } else {
                    t.subtype.clone()
                },
                modality: default_modality(kind),
                sentence: si,
                trigger: trig,
                mentions: vec![trig],
                strong: t.strong,
                caption: sent.kind == SentenceKind::Caption,
                reference_only,
                indefinite,
                definite,
                fresh: (range.start..m.start).all(|i| {
                    matches!(
                        a.low(i),
                        "heavy"
                            | "fierce"
                            | "renewed"
                            | "fresh"
                            | "violent"
                            | "deadly"
                            | "new"
                            | "intense"
                            | "sporadic"
                            | "mutual"
                            | "continued"
                            | "more"
                            | "\""
                    )
                }) && !matches!(a.tokens[m.start].kind, vigil_model::TokenKind::Punct)
                    && (m.end..(m.end + 3).min(range.end)).any(|i| {
                        matches!(
                            a.low(i),
                            "erupted"
                                | "broke"
                                | "resumed"
                                | "continued"
                                | "continue"
                                | "hit"
                                | "struck"
                                | "rocked"
                                | "targeted"
                                | "target"
                                | "targets"
                                | "killed"
                                | "kill"
                                | "left"
                                | "leave"
                                | "raged"
                        )
                    })
                    // "In a separate incident, …", "In another attack, …": a new event said so.
                    || (range.start..m.start.min(range.start + 4)).any(|i| {
                        matches!(a.low(i), "separate" | "another" | "elsewhere")
                            && (i + 1..m.start.min(range.start + 5)).any(|j| {
                                matches!(
                                    a.low(j),
                                    "incident" | "attack" | "incidents" | "attacks" | ","
                                )
                            })
                    }),
                refers: window(
                    a,
                    range.start,
                    range.end,
                    &[
                        "threat",
                        "threats",
                        "claim",
                        "claims",
                        "message",
                        "statement",
                    ],
                ),
                roles: BTreeMap::new(),
                time: None,
                places: Vec::new(),
                source: None,
                speaker_person: false,
                evidence: vec![si],
                citing_from: citing,
            };
            fill(a, &s, &mut c);
            chemical(a, &s, &mut c);
            // "Both attackers were killed": the perpetrator noun names the perpetrators.
            if kind == EventKind::Attack
                && trig.1 == trig.0 + 1
                && PERP_NOUNS.contains(&a.low(trig.0))
                && !c.roles.contains_key(&Role::PerpetratorIndividual)
            {
                c.push(Role::PerpetratorIndividual, value(a, trig.0, trig.1, None));
            }
            if let (Some(d), Some(ctx)) = (x.detector.as_deref(), detector_ctx.as_ref()) {
                learned_args(d, ctx, a, &s, si, &place_tokens, m.casualty, &mut c);
            }
            resolve_pronouns(a, &mut c);
            // A second trigger of the same report shares its modality: "messages claimed that
            // gunmen had stormed the mall and taken shoppers hostage".
            if c.modality == Modality::Asserted {
                if let Some(p) = out[first_in_sentence..].iter().rev().find(|p| {
                    p.kind == c.kind
                        && matches!(
                            p.modality,
                            Modality::Claimed
                                | Modality::Reported
                                | Modality::Alleged
                                | Modality::Negated
                                | Modality::Hypothetical
                        )
                }) {
                    c.modality = p.modality;
                }
            }
            // "IS claimed that its soldiers set fire to …": the claim is an event too.
            if kind == EventKind::Attack
                && c.modality == Modality::Claimed
                && !out[first_in_sentence..]
                    .iter()
                    .any(|x| x.kind == EventKind::ClaimOfResponsibility)
            {
                if let Some(v) = claim_verb(a, range.start, m.start)
                    .filter(|&v| s.groups.iter().any(|g| g.end <= v))
                {
                    let mut claim = c.clone();
                    claim.kind = EventKind::ClaimOfResponsibility;
                    claim.subtype = "unknown".into();
                    claim.modality = Modality::Asserted;
                    claim.trigger = (v, v + 1);
                    claim.mentions = vec![(v, v + 1)];
                    claim.roles.clear();
                    claim.places.clear();
                    claim.time = None;
                    claim.source = None;
                    fill(a, &s, &mut claim);
                    out.push(claim);
                }
            }
            // Background told beside the news ("… killing 17, a day after a similar attack"):
            // the sentence's toll is the news event's.
            // But an earlier event told in its own clause after the news ("The attack came a
            // day after a car bomb killed 17 people in Baghdad") keeps what its clause says, and
            // the news event loses it.
            if c.modality == Modality::Historical {
                let news = out[first_in_sentence..]
                    .iter_mut()
                    .rfind(|o| o.kind == c.kind && o.modality != Modality::Historical);
                if let Some(news) = news {
                    let clause = (news.trigger.1..c.trigger.0)
                        .rev()
                        .find(|&i| matches!(a.low(i), "after" | "since" | "following"))
                        .map(|i| a.tokens[i].span.start);
                    match clause {
                        Some(from) => {
                            for v in news.roles.values_mut() {
                                v.retain(|x| x.span.start < from);
                            }
                            news.roles.retain(|_, v| !v.is_empty());
                            for v in c.roles.values_mut() {
                                v.retain(|x| x.span.start >= from);
                            }
                            c.roles.retain(|_, v| !v.is_empty());
                        }
                        None => {
                            c.roles.remove(&Role::Killed);
                            c.roles.remove(&Role::Injured);
                        }
                    }
                }
            }
            // A clock time or a number is no target ("at 10:30").
            if let Some(v) = c.roles.get_mut(&Role::Target) {
                v.retain(|x| !x.text.starts_with(|ch: char| ch.is_ascii_digit()));
                if v.is_empty() {
                    c.roles.remove(&Role::Target);
                }
            }
            if kind == EventKind::Threat && a.tok(range.end - 1) == ":" {
                threat_content = Some((sent.paragraph + 1, out.len()));
            }
            // "Residents said the fighting lasted two hours", after a raid: a bare definite
            // mention tells of the operation already reported, not of a new attack.
            if kind == EventKind::Attack
                && matches!(det, "the" | "this" | "that")
                && c.roles.is_empty()
                && c.places.is_empty()
                && out
                    .iter()
                    .any(|o| o.kind == EventKind::CounterOperation && o.modality == c.modality)
            {
                continue;
            }
            out.push(c);
        }
        // Threat continuation: "In the message, Al Ameriki identified …" adds scope and channel.
        if out.len() == first_in_sentence {
            continue_threat(a, &s, &mut out, si);
            continue_attack(
                a,
                &s,
                &mut out,
                si,
                sent.kind == SentenceKind::Caption,
                places,
            );
            continue_arrest(a, &s, &mut out, si);
            continue_blame(a, &s, &mut out, si);
        }
    }
    // A denier is never the perpetrator of the attack it denies ("The Taliban said they were
    // not responsible for the attack").
    let deniers: Vec<(usize, Vec<RoleValue>)> = out
        .iter()
        .filter(|c| c.kind == EventKind::DenialOfResponsibility)
        .map(|c| {
            (
                c.sentence,
                c.roles.get(&Role::Denier).cloned().unwrap_or_default(),
            )
        })
        .collect();
    for (si, who) in &deniers {
        for c in out
            .iter_mut()
            .filter(|c| c.kind == EventKind::Attack && c.sentence == *si)
        {
            for role in [Role::PerpetratorOrg, Role::PerpetratorIndividual] {
                if let Some(v) = c.roles.get_mut(&role) {
                    v.retain(|x| {
                        !who.iter().any(|d| {
                            d.span.contains(x.span)
                                || x.span.contains(d.span)
                                || d.id.is_some() && d.id == x.id
                        })
                    });
                }
            }
        }
    }
    // Places: each place of a sentence goes to the nearest candidate of that sentence.
    assign_places(a, places, &datelines, &mut out);
    out
}

fn dateline_tokens(a: &Annotated) -> Vec<usize> {
    let mut out = Vec::new();
    if !a.case.is_mixed() {
        return out;
    }
    for r in &a.sentence_tokens {
        let mut i = r.start;
        while i < r.end && a.tok(i).chars().all(|c| !c.is_lowercase()) && a.tok(i) != "-" {
            i += 1;
        }
        if i > r.start && i < r.end && a.tok(i) == "-" {
            out.extend(r.start..i);
        }
    }
    out
}

fn default_modality(kind: EventKind) -> Modality {
    match kind {
        EventKind::Threat => Modality::Threatened,
        _ => Modality::Asserted,
    }
}

fn direction(a: &Annotated, r: &std::ops::Range<usize>) -> Option<(usize, &'static str)> {
    r.clone().find_map(|i| match a.low(i) {
        "raised" | "raises" | "raising" | "increased" | "elevated" | "heightened" | "upgraded"
        | "lifted" => Some((i, "raised")),
        "lowered" | "lowers" | "lowering" | "reduced" | "downgraded" | "decreased" | "cut" => {
            Some((i, "lowered"))
        }
        _ => None,
    })
}

/// The issuer of a warning: a state, agency or organisation, an official, or "European nations".
fn issuer_before(a: &Annotated, s: &Sent, trig: usize) -> Option<RoleValue> {
    if let Some(o) = s.others.iter().rev().find(|o| o.end <= trig) {
        return Some(actor_value(a, o));
    }
    for i in s.range.start..trig {
        if matches!(
            a.low(i),
            "nations"
                | "countries"
                | "governments"
                | "officials"
                | "authorities"
                | "government"
                | "ministry"
                | "embassy"
        ) {
            let mut st = i;
            while st > s.range.start
                && (s.places.iter().any(|p| p.start == st - 1)
                    || matches!(
                        a.low(st - 1),
                        "several"
                            | "many"
                            | "some"
                            | "western"
                            | "other"
                            | "the"
                            | "security"
                            | "us"
                            | "u.s."
                    ))
            {
                st -= 1;
            }
            return Some(value(a, st, i + 1, None));
        }
    }
    if let Some(sp) = &s.speaker {
        return Some(RoleValue {
            text: sp.span.slice(&a.text).to_string(),
            id: sp.id.clone(),
            value: None,
            qualifier: None,
            span: sp.span,
        });
    }
    None
}

/// The state force of a counter-operation: an agency or state, or "Iraqi government forces".
fn operator(a: &Annotated, s: &Sent) -> Option<RoleValue> {
    for h in s.hits.iter().filter(|h| h.class == "force") {
        let mut st = h.start;
        let mut id = None;
        if let Some(m) = a
            .actors
            .iter()
            .find(|m| m.end == st && s.range.contains(&m.start))
        {
            return Some(value(a, m.start, h.end, Some(m.id.clone())));
        }
        while st > s.range.start {
            if let Some(p) = s.places.iter().find(|p| p.end == st) {
                id = p.place.country.as_ref().map(|c| format!("state:{c}"));
                st = p.start;
            } else if matches!(a.low(st - 1), "government" | "security" | "special" | "the") {
                st -= 1;
            } else {
                break;
            }
        }
        if id.is_some()
            || a.tok(st).chars().next().is_some_and(char::is_uppercase)
            || a.low(st) == "the" && h.start > st
        {
            if a.low(st) == "the" && id.is_none() {
                return Some(value(a, st, h.end, None));
            }
            return Some(value(a, st, h.end, id));
        }
    }
    // A country's aircraft: "Turkish drones hit PKK hideouts".
    let flown = s.places.iter().find(|p| {
        p.demonym
            && p.end < s.range.end
            && (aircraft(a.low(p.end))
                || state_arms(a.low(p.end))
                    && p.place.precision == vigil_model::GeoPrecision::Country)
    });
    if let Some(p) = flown {
        let id = p.place.country.as_ref().map(|c| format!("state:{c}"));
        return Some(value(a, p.start, p.end + 1, id));
    }
    s.others
        .iter()
        .find(|o| matches!(o.kind, MentionKind::State | MentionKind::Agency))
        .map(|o| actor_value(a, o))
}

fn fill(a: &Annotated, s: &Sent, c: &mut Cand) {
    let (ts, te) = c.trigger;
    let r = s.range.clone();
    // Modality cues before the trigger.
    let before = ts.saturating_sub(6).max(r.start);
    // "There were no reported casualties in the attack": "reported" tells of the casualties.
    // A perpetrator noun as the trigger ("Gunmen reportedly attacked …"): its verb's cues.
    let after = if te == ts + 1 && PERP_NOUNS.contains(&a.low(ts)) {
        (te + 2).min(r.end)
    } else {
        ts
    };
    let reported = (before..after).any(|i| {
        matches!(a.low(i), "reportedly" | "purportedly")
            || a.low(i) == "reported"
                && !matches!(
                    a.low(i + 1),
                    "casualties" | "injuries" | "deaths" | "damage" | "losses" | "fatalities"
                )
    });
    if reported {
        c.modality = Modality::Reported;
    } else if window(a, before, ts, &["allegedly", "alleged"]) {
        c.modality = Modality::Alleged;
    } else if c.kind == EventKind::Attack && claim_verb(a, r.start, ts).is_some() {
        // "Messages had claimed that gunmen had stormed the mall".
        c.modality = Modality::Claimed;
    }
    if c.kind == EventKind::Attack {
        let near_after = (te + 3).min(r.end);
        if window(
            a,
            before,
            near_after,
            &[
                "foiled",
                "thwarted",
                "prevented",
                "averted",
                "disrupted",
                "intercepted",
                "defused",
                "disarmed",
                "defuse",
                "plot",
                "plotting",
                "planned",
                "planning",
            ],
        ) || found_and_defused(a, te, &r)
            || fate_stopped(a, r.start, te, r.end)
        {
            c.modality = Modality::Foiled;
        } else if (before..ts).any(|i| a.low(i) == "would" && a.low(i + 2) == "be") {
            // "a would-be suicide bomber": stopped when the sentence says who stopped him.
            c.modality = if window(
                a,
                r.start,
                r.end,
                &[
                    "shot",
                    "killed",
                    "stopped",
                    "neutralised",
                    "neutralized",
                    "arrested",
                    "detained",
                    "caught",
                    "intercepted",
                    "overpowered",
                ],
            ) {
                Modality::Foiled
            } else {
                Modality::Attempted
            };
        } else if window(a, before, ts, &["attempted", "tried", "failed", "attempt"])
            && !modal_window(a, before, ts, MODALS)
        {
            c.modality = Modality::Attempted;
        } else if (negation_governs(a, r.start, ts)
            || window(
                a,
                ts.saturating_sub(5).max(r.start),
                ts,
                &["denied", "deny", "denies", "false", "rumours", "rumors"],
            ))
            && !window(
                a,
                ts.saturating_sub(4).max(r.start),
                ts,
                &[
                    "responsibility",
                    "involvement",
                    "role",
                    "links",
                    "link",
                    "part",
                ],
            )
        {
            c.modality = Modality::Negated;
        } else if modal_window(
            a,
            ts.saturating_sub(4).max(r.start),
            ts,
            &[
                "could",
                "might",
                "may",
                "would",
                "if",
                "possible",
                "potential",
                "feared",
                "fear",
            ],
        ) {
            c.modality = Modality::Hypothetical;
        }
    }
    // Arrests and operations: what did not happen, or only might.
    if matches!(c.kind, EventKind::Arrest | EventKind::CounterOperation) {
        let near = ts.saturating_sub(4).max(r.start);
        if negation_governs(a, r.start, ts)
            || window(
                a,
                near,
                ts,
                &[
                    "avoided", "avoid", "avoiding", "evaded", "evade", "evading", "escaped",
                    "escape", "dodged", "dodge", "dodging", "resisted", "fled",
                ],
            )
        {
            c.modality = Modality::Negated;
        } else if modal_window(
            a,
            near,
            ts,
            &[
                "could",
                "might",
                "may",
                "would",
                "if",
                "will",
                "possible",
                "potential",
            ],
        ) || window(a, te, (te + 3).min(r.end), &["if", "unless"])
        {
            c.modality = Modality::Hypothetical;
        }
    }
    if c.kind == EventKind::Arrest
        && window(
            a,
            r.start,
            r.end,
            &["foiled", "thwarted", "plot", "disrupted", "averted"],
        )
    {
        c.subtype = "plot_disrupted".into();
    }
    // Time: the nearest expression in the sentence; for violence, not the day someone spoke of
    // it ("authorities said on Friday … after the attack in which four officers were killed").
    let speech_time = |t: &&vigil_nlp::TimeMention| {
        let mut i = t.start;
        if i > r.start && a.low(i - 1) == "on" {
            i -= 1;
        }
        i > r.start
            && matches!(
                a.low(i - 1),
                "said" | "says" | "announced" | "told" | "stated" | "added" | "confirmed"
            )
    };
    let violence = matches!(
        c.kind,
        EventKind::Attack | EventKind::Arrest | EventKind::CounterOperation
    );
    let times: Vec<_> = s
        .times
        .iter()
        .map(|&i| &a.times[i])
        .filter(|t| !(violence && speech_time(t)))
        .collect();
    let nearest = times.iter().min_by_key(|t| {
        if t.start >= te {
            t.start - te
        } else {
            ts - t.end.min(ts)
        }
    });
    if let Some(t) = nearest {
        // An old event alleged or reported is history too when years lie between it and the
        // story ("his alleged kidnapping and murder of Michaela Garecht in 1988", in a letter
        // of 2023); one alleged a year or two back is the story a trial tells.
        let long_ago = t.historical
            && t.to
                .zip(a.published)
                .is_some_and(|(to, p)| p.to_days() - to.to_days() > 5 * 365);
        if t.historical
            && !matches!(c.kind, EventKind::Assessment)
            && (c.modality == Modality::Asserted
                || long_ago && matches!(c.modality, Modality::Alleged | Modality::Reported))
        {
            c.modality = Modality::Historical;
        }
        let tr = TimeRef {
            text: t.span.slice(&a.text).to_string(),
            start: t.from,
            end: t.to,
            precision: t.precision,
            span: t.span,
        };
        let is_window =
            c.kind == EventKind::Threat && (t.start > te || t.precision == TimePrecision::Interval);
        if is_window || (c.kind == EventKind::Warning && t.start > te) {
            let role = RoleValue {
                text: tr.text.clone(),
                id: None,
                value: None,
                qualifier: None,
                span: tr.span,
            };
            c.push(Role::Window, role);
        }
        if !(is_window && times.len() > 1) {
            c.time = Some(tr);
        }
    }
    if violence && c.modality == Modality::Asserted && background(a, s, c) {
        c.modality = Modality::Historical;
    }
    if c.kind == EventKind::Threat {
        for t in times.iter().filter(|t| {
            t.precision == TimePrecision::Interval
                || t.start > te && t.span.slice(&a.lower).contains("ramadan")
        }) {
            c.push(Role::Window, value(a, t.start, t.end, None));
        }
    }
    // Source: who says so.
    if let Some(sp) = &s.speaker {
        c.source = Some(SourceRef {
            text: sp.span.slice(&a.text).to_string(),
            id: sp.id.clone(),
            span: sp.span,
        });
        c.speaker_person = sp.person;
    }
    let group_before = s
        .groups
        .iter()
        .rev()
        .find(|g| g.end <= ts)
        .or_else(|| s.groups.first());
    let persons: Vec<_> = s.persons.iter().map(|&i| &a.persons[i]).collect();
    match c.kind {
        EventKind::Attack => {
            let denied = denies(a, &r);
            for g in s
                .groups
                .iter()
                .filter(|g| !denied && !victims_group(a, &r, (ts, te), g.start))
            {
                // "attacks on X" / "from the Islamic State": groups as targets are rare; take all
                // but the victims' own ("the murder of its spokesman").
                c.push(Role::PerpetratorOrg, actor_value(a, g));
            }
            if let Some((ns, ne)) = target_after(a, te, r.end, 3) {
                c.push(Role::Target, value(a, ns, ne, None));
            } else if let Some((ns, ne)) = physical_object(a, te, r.end) {
                c.push(Role::Target, value(a, ns, ne, None));
            } else if let Some((ns, ne)) = people_attacked(a, ts, te, r.end) {
                c.push(Role::Victim, value(a, ns, ne, None));
            }
            for h in s.hits.iter().filter(|h| wielded(a, h)) {
                c.push(Role::Weapon, value(a, h.start, h.end, None));
            }
            casualties(a, s, c);
            if !denied {
                for (ps, pe) in generic_perpetrators(a, &r, ts, te) {
                    c.push(Role::PerpetratorIndividual, value(a, ps, pe, None));
                }
                // A person right before the trigger, not one joined to another clause ("shell
                // Jobar and Ein Tarma and the clashes decreased"), nor one who speaks of it
                // ("Army spokesman Mohammed Yerima said the attack had been repelled").
                for p in persons.iter().filter(|p| {
                    p.end <= ts
                        && ts - p.end <= 2
                        && !(p.end..ts).any(|i| {
                            matches!(
                                a.low(i),
                                "and" | "or" | "but" | "said" | "says" | "told" | "added"
                            )
                        })
                }) {
                    c.push(
                        Role::PerpetratorIndividual,
                        value(a, p.start, p.end, Some(p.id.clone())),
                    );
                }
                // A person named right after a killing word ("murdered archbishop romero",
                // "the assassination of carlos galan") is its victim.
                let mut after = te;
                if after < r.end && a.low(after) == "of" {
                    after += 1;
                }
                let named = persons
                    .iter()
                    .filter(|p| p.start >= after && p.start <= after + 3)
                    .find(|_| {
                        matches!(
                            a.low(te.saturating_sub(1)),
                            "killed"
                                | "murdered"
                                | "assassinated"
                                | "kidnapped"
                                | "shot"
                                | "abducted"
                                | "executed"
                                | "murder"
                                | "assassination"
                                | "killing"
                                | "kidnapping"
                                | "abduction"
                        )
                    });
                if let Some(p) = named {
                    c.push(Role::Victim, value(a, p.start, p.end, Some(p.id.clone())));
                } else if let Some((vs, ve)) = victim_after(a, te, r.end).or_else(|| {
                    // "Gunmen killed and wounded a policeman": after the verb of the
                    // perpetrators named as the trigger.
                    (te > ts && PERP_NOUNS.contains(&a.low(te - 1)))
                        .then(|| victim_after(a, te + 1, r.end))
                        .flatten()
                }) {
                    c.push(Role::Victim, value(a, vs, ve, None));
                }
            }
            // "Protesters were killed by security forces", "he was shot dead": the passive
            // subject of a killing word is its victim.
            let found_dead = a.low(ts) == "found" && a.low(ts + 1) == "dead";
            if !c.has(Role::Victim) && (HARMED.contains(&a.low(ts)) || found_dead) {
                if let Some((vs, ve, id)) = passive_subject(a, ts, te, r.start) {
                    passive_victim(a, c, vs, ve, id);
                }
            }
            // "Five soldiers were killed in an ambush": the passive subject of a killing word
            // that the trigger's phrase follows ("in", "during") is the trigger's victim.
            if !c.has(Role::Victim) && !denied {
                let harmed = (r.start.max(ts.saturating_sub(7))..ts).rev().find(|&k| {
                    HARMED.contains(&a.low(k))
                        && matches!(a.low(k + 1), "in" | "during")
                        && k + 2 <= ts
                        && ts - (k + 2) <= 3
                        && (k + 2..ts).all(|j| a.tokens[j].kind == vigil_model::TokenKind::Word)
                });
                if let Some((vs, ve, id)) =
                    harmed.and_then(|k| passive_subject(a, k, k + 1, r.start))
                {
                    // A count opens the phrase ("radio reports 12 soldiers were killed").
                    let vs = (vs..ve)
                        .find(|&j| a.tokens[j].kind == vigil_model::TokenKind::Number)
                        .unwrap_or(vs);
                    passive_victim(a, c, vs, ve, id);
                }
            }
            // "attacked a military base, killing at least 10 soldiers": the people the
            // participle after the attack names are its victims.
            if !c.has(Role::Victim) && !denied {
                if let Some((vs, ve)) = participle_victims(a, te, r.end) {
                    c.push(Role::Victim, value(a, vs, ve, None));
                }
            }
        }
        EventKind::Threat => {
            if let Some(g) = group_before {
                c.push(Role::IssuerOrg, actor_value(a, g));
            }
            for g in s.groups.iter().filter(|g| {
                g.start > te && window(a, g.start.saturating_sub(3), g.start, &["behalf", "by"])
            }) {
                c.push(Role::IssuerOrg, actor_value(a, g));
            }
            // "The mayor, John Smith, said that a man threatened him": the speaker of a report
            // whose clause has its own subject is no issuer.
            // Before the threat word, or its agent after "by"; never whom it threatens.
            let by = (te..r.end).find(|&i| a.low(i) == "by");
            for p in persons.iter().filter(|p| {
                (p.end <= ts || by.is_some_and(|b| p.start > b && p.start <= b + 2))
                    && !reported_other(a, p.end, ts)
            }) {
                c.push(
                    Role::IssuerIndividual,
                    value(a, p.start, p.end, Some(p.id.clone())),
                );
            }
            if let Some((ns, ne)) =
                threatened_object(a, te, r.end).or_else(|| target_after(a, te, r.end, 12))
            {
                c.push(Role::Target, value(a, ns, ne, None));
            }
            add_channels(a, s, c);
            add_capabilities_into(a, s, c);
        }
        EventKind::ClaimOfResponsibility => {
            if let Some(g) = group_before {
                c.push(Role::ClaimantOrg, actor_value(a, g));
            }
            for p in persons.iter().filter(|p| p.end <= ts) {
                c.push(
                    Role::ClaimantIndividual,
                    value(a, p.start, p.end, Some(p.id.clone())),
                );
            }
            add_channels(a, s, c);
        }
        EventKind::DenialOfResponsibility => {
            if let Some(g) = group_before {
                c.push(Role::Denier, actor_value(a, g));
            } else if let Some(o) = s.others.iter().rev().find(|o| o.end <= ts) {
                c.push(Role::Denier, actor_value(a, o));
            }
            add_channels(a, s, c);
        }
        EventKind::Warning => {
            if let Some(v) = issuer_before(a, s, ts) {
                c.push(Role::Issuer, v);
            }
            for g in &s.groups {
                c.push(Role::AboutActor, actor_value(a, g));
            }
        }
        EventKind::AlertLevelChange => {
            if let Some(o) = s.others.iter().find(|o| {
                o.start < ts && matches!(o.kind, MentionKind::State | MentionKind::Agency)
            }) {
                c.push(Role::Authority, actor_value(a, o));
            } else if let Some(p) = s
                .places
                .iter()
                .find(|p| p.start < ts && p.place.precision == GeoPrecision::Country)
            {
                let id = p.place.country.as_ref().map(|cc| format!("state:{cc}"));
                c.push(Role::Authority, value(a, p.start, p.end, id));
            }
            for p in &persons {
                c.push(
                    Role::Authority,
                    value(a, p.start, p.end, Some(p.id.clone())),
                );
            }
            if let Some(p) = s
                .places
                .iter()
                .find(|p| p.place.precision == GeoPrecision::Country)
            {
                let mut v = value(
                    a,
                    p.start,
                    p.end,
                    p.place.country.as_ref().map(|cc| format!("state:{cc}")),
                );
                v.value = p.place.country.clone().map(Quantity::Symbol);
                c.push(Role::Country, v);
            }
            if let Some((di, d)) = direction(a, &r) {
                let mut v = value(a, di, di + 1, None);
                v.value = Some(Quantity::Symbol(d.into()));
                c.push(Role::Direction, v);
            }
            level(a, &r, c);
            if let Some(ci) = c.citing_from {
                let mut e = r.end;
                while e > ci + 1 && matches!(a.tok(e - 1), "." | "\"") {
                    e -= 1;
                }
                if e > ci + 1 {
                    c.push(Role::Reason, value(a, ci + 1, e, None));
                }
            }
        }
        EventKind::Arrest => {
            // A state named as where ("police in Bangladesh arrested …") is the place, not
            // the agency.
            for o in s.others.iter().filter(|o| {
                matches!(o.kind, MentionKind::Agency | MentionKind::State)
                    && !(o.kind == MentionKind::State
                        && o.start > 0
                        && (matches!(a.low(o.start - 1), "in" | "across" | "throughout")
                            || came_from(a, o.start)))
            }) {
                c.push(Role::Agency, actor_value(a, o));
            }
            if !c.has(Role::Agency) {
                if let Some(h) = s
                    .hits
                    .iter()
                    .find(|h| h.class == "force" || a.low(h.start) == "police")
                {
                    c.push(Role::Agency, value(a, h.start, h.end, None));
                }
            }
            // Who speaks of the arrest or makes it is no suspect: "Police spokesman David
            // Jones said a suspect was arrested", "By John Smith".
            let official = |p: &&vigil_nlp::PersonMention| {
                s.speaker
                    .as_ref()
                    .is_some_and(|sp| sp.span.start == a.tokens[p.start].span.start)
                    || matches!(
                        a.low(p.end),
                        "said" | "says" | "told" | "added" | "stated" | "confirmed"
                    )
                    || (p.start.saturating_sub(3).max(r.start)..p.start).any(|i| {
                        matches!(
                            a.low(i),
                            "spokesman"
                                | "spokeswoman"
                                | "spokesperson"
                                | "by"
                                | "inspector"
                                | "superintendent"
                                | "commissioner"
                                | "prosecutor"
                                | "reporter"
                                | "correspondent"
                        ) || a.low(i) == "chief"
                            && i > 0
                            && matches!(
                                a.low(i - 1),
                                "police" | "army" | "security" | "intelligence" | "district"
                            )
                    })
            };
            for p in persons.iter().filter(|p| !official(p)) {
                c.push(Role::Suspect, value(a, p.start, p.end, Some(p.id.clone())));
            }
            // "He was arrested in April": the pronoun stands for whom it names (resolved below).
            if let Some(i) = passive_pronoun(a, ts, r.start).filter(|_| !c.has(Role::Suspect)) {
                c.push(Role::Suspect, value(a, i, i + 1, None));
            }
            // "The journalist was arrested at his home", "Dozens of protesters were rounded up":
            // the passive subject.
            if !c.has(Role::Suspect) {
                if let Some((ps, pe, id)) = passive_subject(a, ts, te, r.start) {
                    c.push(Role::Suspect, value(a, ps, pe, id));
                }
            }
            // "Police arrested 14 opposition activists in Dhaka": the object of the active verb.
            if !c.has(Role::Suspect) {
                if let Some((os, oe)) = arrest_object(a, ts, te, r.end) {
                    c.push(Role::Suspect, value(a, os, oe, None));
                }
            }
            if !c.has(Role::Suspect) {
                if let Some(i) = (r.start..r.end).find(|&i| {
                    matches!(
                        a.low(i),
                        "suspect"
                            | "suspects"
                            | "man"
                            | "woman"
                            | "men"
                            | "teenager"
                            | "people"
                            | "members"
                    )
                }) {
                    let mut st = i;
                    while st > r.start
                        && (a.tokens[st - 1].kind == vigil_model::TokenKind::Number
                            || matches!(
                                a.low(st - 1),
                                "a" | "two"
                                    | "three"
                                    | "four"
                                    | "five"
                                    | "-"
                                    | "year"
                                    | "old"
                                    | "suspected"
                                    | "alleged"
                                    | "terror"
                            ))
                    {
                        st -= 1;
                    }
                    c.push(Role::Suspect, value(a, st, i + 1, None));
                }
            }
            for g in &s.groups {
                c.push(Role::SuspectedOrg, actor_value(a, g));
            }
            charges(a, r.clone(), c);
        }
        EventKind::CounterOperation => {
            let op = operator(a, s);
            for g in s
                .groups
                .iter()
                .filter(|g| op.as_ref().is_none_or(|v| !v.span.overlaps(g.span)))
            {
                c.push(Role::TargetOrg, actor_value(a, g));
            }
            if let Some(v) = op {
                c.push(Role::Operator, v);
            }
            for p in &persons {
                c.push(
                    Role::TargetIndividual,
                    value(a, p.start, p.end, Some(p.id.clone())),
                );
            }
            casualties(a, s, c);
        }
        EventKind::Assessment => {
            if let Some(sp) = &s.speaker {
                c.push(
                    Role::Speaker,
                    RoleValue {
                        text: sp.span.slice(&a.text).to_string(),
                        id: sp.id.clone(),
                        value: None,
                        qualifier: None,
                        span: sp.span,
                    },
                );
            } else if let Some(h) = s.hits.iter().find(|h| h.class == "speaker") {
                c.push(Role::Speaker, value(a, h.start, h.end, None));
                c.source = Some(SourceRef {
                    text: a.token_span(h.start, h.end).slice(&a.text).to_string(),
                    id: None,
                    span: a.token_span(h.start, h.end),
                });
            }
            for g in &s.groups {
                c.push(Role::About, actor_value(a, g));
            }
            stances(a, &r, c);
            if !c.has(Role::Stance) && !c.has(Role::Attribution) {
                // An assessment says something: without a stance it is not one.
                c.kind = EventKind::Assessment;
                c.reference_only = true;
            }
            let q = a.quotes.iter().find(|q| {
                q.start >= a.tokens[r.start].span.start && q.end <= a.tokens[r.end - 1].span.end
            });
            if let Some(q) = q {
                let span = Span::new(q.start, q.end);
                c.push(
                    Role::Quote,
                    RoleValue {
                        text: span.slice(&a.text).to_string(),
                        id: None,
                        value: None,
                        qualifier: None,
                        span,
                    },
                );
            }
        }
    }
}

impl Cand {
    pub fn has(&self, role: Role) -> bool {
        self.roles.get(&role).is_some_and(|v| !v.is_empty())
    }
}

fn target_after(a: &Annotated, te: usize, end: usize, reach: usize) -> Option<(usize, usize)> {
    let limit = (te + reach).min(end);
    let mut i = te;
    while i < limit {
        let w = a.low(i);
        if matches!(
            w,
            "on" | "against" | "outside" | "targeting" | "target" | "at"
        ) {
            // Not a time ("on Sunday") and not a place-only phrase.
            if a.times
                .iter()
                .any(|t| t.start <= i + 1 && i + 1 < t.end || t.start == i)
            {
                i += 1;
                continue;
            }
            // Perpetrators' means, not targets: "gunmen on motorcycles".
            if w == "on" && i > 0 && PERPS.contains(&a.low(i - 1)) {
                i += 1;
                continue;
            }
            // Idioms, not targets: "remained at large", "at least", "at risk".
            if w == "at" && matches!(a.low(i + 1), "large" | "least" | "risk" | "once" | "times") {
                i += 1;
                continue;
            }
            let from = i + 1;
            if let Some((s, e)) = np_after(a, from, end, 8) {
                return Some((s, e));
            }
        }
        if matches!(a.tok(i), "." | ";") {
            break;
        }
        i += 1;
    }
    None
}

/// Whether tokens `[s, t)` tell only deaths or wounds ("killed", "were injured").
pub(crate) fn casualty_words(a: &Annotated, s: usize, t: usize) -> bool {
    (s..t).all(|i| {
        DEATH.contains(&a.low(i))
            || HURT.contains(&a.low(i))
            || matches!(
                a.low(i),
                "kill" | "kills" | "martyred" | "casualties" | "martyrs" | "fatalities"
            )
    })
}

const DEATH: &[&str] = &[
    "killed", "dead", "died", "deaths", "lives", "killing", "slain", "murdered", "death",
];
const HURT: &[&str] = &[
    "wounded", "injured", "hurt", "injuring", "wounding", "injuries",
];
const PERPS: &[&str] = &[
    "attackers",
    "attacker",
    "gunmen",
    "assailants",
    "bombers",
    "jihadists",
    "perpetrators",
    "suspects",
    "militants",
];

/// Words that make a noun phrase a physical target ("the electric power substation").
const PHYSICAL: &[&str] = &[
    "building",
    "buildings",
    "house",
    "houses",
    "home",
    "homes",
    "residence",
    "mansion",
    "headquarters",
    "office",
    "offices",
    "embassy",
    "consulate",
    "plant",
    "station",
    "substation",
    "tower",
    "towers",
    "pylon",
    "pylons",
    "bridge",
    "farm",
    "vehicle",
    "vehicles",
    "car",
    "cars",
    "truck",
    "trucks",
    "bus",
    "buses",
    "plane",
    "aircraft",
    "helicopter",
    "school",
    "church",
    "hotel",
    "bank",
    "store",
    "shop",
    "restaurant",
    "facilities",
    "installations",
    "pipeline",
    "barracks",
    "base",
    "camp",
    "port",
    "airport",
    "market",
    "factory",
    "warehouse",
    "dam",
    "checkpoint",
    "post",
    "outpost",
    "garrison",
    "hall",
    "mayor's",
    "courthouse",
    "prison",
    "jail",
    "hospital",
    "mosque",
    "temple",
    "railway",
    "train",
    "ship",
    "boat",
    "supermarket",
    "club",
    "bar",
    "stadium",
    "ministry",
];

/// What moves or stands guarded, a target only as the head of the object ("ambushed an army
/// patrol", not "a university patrol officer").
const PHYSICAL_HEADS: &[&str] = &[
    "patrol",
    "patrols",
    "convoy",
    "convoys",
    "motorcade",
    "compound",
    "checkpoints",
    "minibus",
];

/// The object of an attack verb when it names a building, vehicle or installation
/// ("guerrillas dynamited two electric towers", "set fire to the mayor's office").
fn physical_object(a: &Annotated, te: usize, end: usize) -> Option<(usize, usize)> {
    let mut from = te;
    // "set fire to", "opened fire on" are handled by the preposition rule; skip "to".
    if from < end && a.low(from) == "to" {
        from += 1;
    }
    let (s, e) = np_after(a, from, end, 6)?;
    // "Gunmen attacked a checkpoint", "A gunman drives a truck into …": the object starts
    // after the verb, not with it.
    let counted = |i: usize| a.numbers.iter().any(|n| n.qualifier_start == i);
    // What is used is no target: "The attackers used two car bombs".
    if matches!(
        a.low(e - 1),
        "bomb" | "bombs" | "explosives" | "grenade" | "grenades" | "rocket" | "rockets"
    ) {
        return None;
    }
    let s = if s + 1 < e && (matches!(a.low(s + 1), "a" | "an" | "the") || counted(s + 1)) {
        s + 1
    } else {
        s
    };
    ((s..e).any(|i| PHYSICAL.contains(&a.low(i))) || PHYSICAL_HEADS.contains(&a.low(e - 1)))
        .then_some((s, e))
}

/// The people an attack verb strikes, as its object: "Settlers attacked Palestinian farmers",
/// "gunmen ambushed a group of villagers" (not "attacked the plan", nor a count alone).
fn people_attacked(a: &Annotated, ts: usize, te: usize, end: usize) -> Option<(usize, usize)> {
    if te != ts + 1
        || !matches!(
            a.low(ts),
            "attacked" | "ambushed" | "assaulted" | "raped" | "beat" | "lynched" | "stoned"
        )
        || ts > 0
            && matches!(
                a.low(ts - 1),
                "was" | "were" | "been" | "being" | "is" | "are"
            )
    {
        return None;
    }
    let (s, e) = np_after(a, te, end, 6)?;
    (PEOPLE.contains(&a.low(e - 1)) && !matches!(a.low(e - 1), "police" | "troops" | "soldiers"))
        .then_some((s, e))
}

/// Nouns for those who carry out attacks, named without a name ("guerrillas", "gunmen").
pub(crate) const PERP_NOUNS: &[&str] = &[
    "guerrillas",
    "guerrilla",
    "terrorists",
    "terrorist",
    "gunmen",
    "gunman",
    "assailants",
    "assailant",
    "attackers",
    "attacker",
    "hitmen",
    "hitman",
    "assassins",
    "assassin",
    "subversives",
    "insurgents",
    "rebels",
    "bombers",
    "bomber",
    "kidnappers",
    "militants",
    "commandos",
    "extremists",
    "bandits",
    "bandit",
    "raiders",
    "abductors",
];

/// Words that may stand before such a noun as part of its name ("urban guerrillas").
const PERP_MODIFIERS: &[&str] = &[
    "urban",
    "armed",
    "heavily",
    "unidentified",
    "masked",
    "suspected",
    "alleged",
    "presumed",
    "rebel",
    "leftist",
    "rightist",
    "unknown",
    "hooded",
];

/// Attackers named by a noun: before the trigger (the subject) or after "by" just after it;
/// "armed men" and "unidentified individuals" too.
fn generic_perpetrators(
    a: &Annotated,
    r: &std::ops::Range<usize>,
    ts: usize,
    te: usize,
) -> Vec<(usize, usize)> {
    let by_after = (te..(te + 3).min(r.end)).find(|&i| a.low(i) == "by");
    let mut out = Vec::new();
    for i in r.clone() {
        let w = a.low(i);
        let noun = PERP_NOUNS.contains(&w)
            || matches!(w, "men" | "individuals" | "persons")
                && i > r.start
                && PERP_MODIFIERS.contains(&a.low(i - 1))
            // "An armed group ambushed an army patrol", "armed gangs attacked the village".
            || matches!(w, "group" | "groups" | "gang" | "gangs")
                && i > r.start
                && matches!(a.low(i - 1), "armed" | "unidentified" | "unknown");
        if !noun {
            continue;
        }
        let before = i < ts;
        let agent = by_after.is_some_and(|b| i > b && i <= b + 4);
        // "against the guerrillas", "killed three terrorists": the other side.
        let object = i > r.start
            && matches!(
                a.low(i - 1),
                "against" | "killed" | "captured" | "arrested" | "of"
            );
        if !(before || agent) || object {
            continue;
        }
        // The noun modifies another ("the guerrilla army", "a terrorist attack"): leave it.
        let singular =
            !w.ends_with('s') && !matches!(w, "men" | "gunmen" | "hitmen" | "group" | "gang");
        if i + 1 < r.end
            && (singular && i + 1 == ts
                || matches!(
                    a.low(i + 1),
                    "army"
                        | "front"
                        | "movement"
                        | "group"
                        | "groups"
                        | "attack"
                        | "attacks"
                        | "organization"
                        | "organisation"
                        | "threat"
                        | "threats"
                        | "cell"
                        | "network"
                        | "violence"
                        | "activity"
                        | "actions"
                        | "offensive"
                        | "bombing"
                        | "bombings"
                        | "leader"
                        | "leaders"
                        | "column"
                ))
        {
            continue;
        }
        let mut s = i;
        while s > r.start && PERP_MODIFIERS.contains(&a.low(s - 1)) {
            s -= 1;
        }
        out.push((s, i + 1));
    }
    out
}

/// Who was killed, shot or kidnapped: the noun phrase right after the verb, when it is not a
/// count ("killed a peasant", "murdered jesuit priest ignacio ellacuria").
fn victim_after(a: &Annotated, te: usize, end: usize) -> Option<(usize, usize)> {
    let verb = a.low(te.saturating_sub(1));
    // "shot dead a smuggler", "gunned down a policeman".
    let verb = if matches!(verb, "dead" | "down") && te >= 2 {
        a.low(te - 2)
    } else {
        verb
    };
    if !matches!(
        verb,
        "killed"
            | "kill"
            | "kills"
            | "murdered"
            | "assassinated"
            | "kidnapped"
            | "shot"
            | "gunned"
            | "abducted"
            | "executed"
    ) {
        return None;
    }
    // "killed and injured X": the victims follow both verbs.
    let te = if matches!(a.low(te), "and" | "or")
        && (HURT.contains(&a.low(te + 1)) || matches!(a.low(te + 1), "kidnapped" | "abducted"))
    {
        te + 2
    } else {
        te
    };
    if te >= end || matches!(a.low(te), "by" | "in" | "at" | "near" | "during" | "on") {
        return None;
    }
    let (s, e) = np_after(a, te, end, 6)?;
    // "shot dead today": a time is no victim.
    if a.times.iter().any(|t| t.start == s)
        || matches!(
            a.low(s),
            "today" | "yesterday" | "tonight" | "themselves" | "himself"
        )
    {
        return None;
    }
    let numeric = (s..e).any(|i| {
        a.tokens[i].kind == vigil_model::TokenKind::Number
            || matches!(
                a.low(i),
                "one"
                    | "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "dozens"
                    | "several"
                    | "many"
                    | "people"
                    | "persons"
            )
    });
    // A count of the killed is their toll; of the kidnapped ("abducted two aid workers"), who
    // they are.
    let taken = matches!(verb, "kidnapped" | "abducted");
    // Counted people are who was killed as well as the toll: "Gunmen killed seven farmers".
    let people = PEOPLE.contains(&a.low(e - 1));
    ((taken || people || !numeric) && e > s).then_some((s, e))
}

/// Whether a number is no count of people: an age ("a 25-year-old", "aged 30"), a clock time
/// ("at 10:30"), part of a date ("May 10, 2010", "3 June"), a year, a measure ("50 km",
/// "two hours") or a rank; or "no one", which counts nobody.
fn not_a_count(a: &Annotated, s: &Sent, n: &vigil_nlp::NumberMention) -> bool {
    let before = |k: usize| {
        if n.qualifier_start >= s.range.start + k {
            a.low(n.qualifier_start - k)
        } else {
            ""
        }
    };
    let after = |k: usize| a.low(n.end + k - 1);
    let next = if n.end < s.range.end { after(1) } else { "" };
    let tok = a.tok(n.start);
    let year = n.value >= 1900 && n.value <= 2100 && tok.len() == 4;
    let month = |w: &str| {
        matches!(
            w,
            "january"
                | "february"
                | "march"
                | "april"
                | "may"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
                | "jan"
                | "feb"
                | "mar"
                | "apr"
                | "jun"
                | "jul"
                | "aug"
                | "sep"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
        )
    };
    year || matches!(a.low(n.qualifier_start), "no" | "nobody" | "none")
        || a.low(n.start) == "no"
        || matches!(
            before(1),
            "no" | "aged" | "age" | "ages" | "at" | "number" | "no." | "route"
        )
        // "aged 19 and 21": the second age too.
        || matches!(before(1), "and" | "or" | "to" | "-")
            && matches!(before(3), "aged" | "ages" | "age" | "between")
        || month(before(1))
        || month(next)
        || next == "-" && matches!(after(2), "year" | "years" | "month" | "day" | "km" | "mile")
        || matches!(
            next,
            ":" | "." | "%" | "percent" | "per" | "pm" | "am" | "p.m." | "a.m."
        ) && n.end + 1 < s.range.end
            && a.tokens[n.end + 1].kind == vigil_model::TokenKind::Number
        || matches!(
            next,
            "year"
                | "years"
                | "-year-old"
                | "year-old"
                | "years-old"
                | "hours"
                | "hour"
                | "minutes"
                | "minute"
                | "days"
                | "weeks"
                | "months"
                | "km"
                | "kilometres"
                | "kilometers"
                | "miles"
                | "metres"
                | "meters"
                | "percent"
                | "%"
                | "times"
                | "pm"
                | "am"
                | "o'clock"
                | "dollars"
                | "kg"
                | "tons"
                | "tonnes"
                | "th"
                | "st"
                | "nd"
                | "rd"
                | "floor"
                | "storey"
                | "degrees"
        )
        || tok.contains(':')
        || tok.ends_with("pm")
        || tok.ends_with("am") && tok.len() > 2
}

/// People, as the heads of victims ("two police officers", "civilians").
const PEOPLE: &[&str] = &[
    "people",
    "persons",
    "person",
    "civilians",
    "civilian",
    "man",
    "men",
    "woman",
    "women",
    "child",
    "children",
    "boy",
    "boys",
    "girl",
    "girls",
    "soldiers",
    "soldier",
    "officers",
    "officer",
    "policemen",
    "policeman",
    "police",
    "troops",
    "guards",
    "guard",
    "students",
    "student",
    "workers",
    "worker",
    "villagers",
    "residents",
    "protesters",
    "demonstrators",
    "worshippers",
    "pilgrims",
    "tourists",
    "members",
    "fighters",
    "militants",
    "passengers",
    "farmers",
    "farmer",
    "journalist",
    "journalists",
    "teacher",
    "teachers",
    "family",
    "families",
    "relatives",
    "staff",
    "personnel",
    "commander",
    "leader",
    "official",
    "officials",
    "priest",
    "imam",
    "judge",
    "mayor",
    "governor",
    "minister",
    "lawmaker",
    "shoppers",
    "diners",
    "victims",
    "victim",
    "hostages",
    "herders",
    "traders",
    "wife",
    "husband",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "inmates",
    "prisoners",
    "refugees",
    "migrants",
    "activists",
    "activist",
    "supporters",
    "peacekeepers",
    "volunteers",
    "conscripts",
    "recruits",
    "dissident",
    "dissidents",
    "blogger",
    "bloggers",
    "lawyer",
    "lawyers",
    "lawmakers",
    "politician",
    "politicians",
    "cleric",
    "clerics",
    "teenager",
    "teenagers",
    "youths",
    "citizens",
    // One of the people such notes name: "killed a village chief", "a bus driver".
    "villager",
    "driver",
    "drivers",
    "trader",
    "informer",
    "informers",
    "chief",
    "chiefs",
    "shopkeeper",
    "shopkeepers",
    "doctor",
    "doctors",
    "nurse",
    "nurses",
    "herder",
    "fisherman",
    "fishermen",
    "miner",
    "miners",
    "pastor",
    "pastors",
    "businessman",
    "businessmen",
    "gendarme",
    "gendarmes",
];

/// Who may never be a suspect or a perpetrator: those who report.
const REPORTERS: &[&str] = &[
    "reporter",
    "reporters",
    "correspondent",
    "correspondents",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "journalist",
    "journalists",
    "editor",
    "witness",
    "witnesses",
    "analyst",
];

/// The phrase an argument head stands for: the actor or person mention holding it, else the
/// noun phrase around it (determiners, numbers, capitalised words and plain modifiers before
/// it, capitalised words after it).
fn phrase_of(a: &Annotated, s: &Sent, head: usize) -> (usize, usize, Option<String>) {
    if let Some(m) = a.actors.iter().find(|m| m.start <= head && head < m.end) {
        return (m.start, m.end, Some(m.id.clone()));
    }
    if let Some(p) = a.persons.iter().find(|p| p.start <= head && head < p.end) {
        return (p.start, p.end, Some(p.id.clone()));
    }
    let cap = |i: usize| a.tok(i).starts_with(|c: char| c.is_uppercase());
    let mut start = head;
    while start > s.range.start && head - start < 4 {
        let i = start - 1;
        let w = a.low(i);
        let word = a.tokens[i].kind == vigil_model::TokenKind::Word;
        // The sentence's first word is capitalised whatever it is: "Regime forces used sarin"
        // reads as "regime forces" would (not "Though a young engineer", "No one").
        let opening = i == s.range.start
            && word
            && cap(i)
            && !cap(head)
            && !matches!(
                w,
                "no" | "not" | "though" | "although" | "while" | "if" | "so" | "yet" | "even"
            )
            && !a.times.iter().any(|t| t.start <= i && i < t.end)
            && !a.persons.iter().any(|p| p.start <= i && i < p.end);
        let ok = a.tokens[i].kind == vigil_model::TokenKind::Number
            || matches!(w, "a" | "an" | "the" | "-")
            || word && cap(i) && cap(head)
            || word
                && (!cap(i) || opening)
                && !w.ends_with("ed")
                && !w.ends_with("ing")
                && !VIOLENT_VERBS.contains(&w)
                && !matches!(
                    w,
                    "arrest"
                        | "detain"
                        | "threaten"
                        | "target"
                        | "hit"
                        | "strike"
                        | "kills"
                        | "attacks"
                        | "shell"
                        | "storm"
                        // "shot dead two gunmen", "gunned down", "burned alive".
                        | "shot"
                        | "dead"
                        | "down"
                        | "alive"
                )
                && !matches!(
                    w,
                    "of" | "in"
                        | "on"
                        | "at"
                        | "by"
                        | "and"
                        | "or"
                        | "to"
                        | "for"
                        | "with"
                        | "from"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "said"
                        | "that"
                        | "who"
                        | "which"
                        | "when"
                        | "as"
                        | "after"
                        | "before"
                        | "near"
                        | "into"
                        | "its"
                        | "their"
                        // "Clashes erupted between protesters and police".
                        | "between"
                        | "among"
                        | "against"
                        | "amid"
                        | "during"
                        | "over"
                        | "across"
                        | "toward"
                        | "towards"
                        | "through"
                        | "inside"
                        | "outside"
                        | "behind"
                        | "via"
                        | "under"
                        | "beneath"
                        | "above"
                        | "onto"
                        | "upon"
                        | "around"
                        // "drones struck a car": a verb before its object.
                        | "struck"
                        | "hits"
                        | "targets"
                );
        // A phrase opens at its article, and a count with its qualifier stands after its
        // article or first: "The blasts left three people" is "three people", "has left
        // more than 100 people" "more than 100 people".
        let counted = start < head
            && a.numbers
                .iter()
                .any(|n| n.start == start || n.qualifier_start == start);
        if !ok || counted && !matches!(w, "a" | "an" | "the") {
            break;
        }
        start = match a.numbers.iter().find(|n| n.start <= i && i < n.end) {
            Some(n) if n.qualifier_start < i && n.qualifier_start >= s.range.start => {
                n.qualifier_start
            }
            _ => i,
        };
        // A possessive opens the phrase as an article does: "… claims his son" is "his son".
        if matches!(
            w,
            "a" | "an" | "the" | "his" | "her" | "our" | "my" | "your"
        ) {
            break;
        }
    }
    // "at least 80 people", never "least 80 people".
    if start > s.range.start && a.low(start - 1) == "at" && matches!(a.low(start), "least" | "most")
    {
        start -= 1;
    }
    // A compound is whole: "a 17-year-old boy", never "-year-old boy".
    while start > s.range.start
        && a.tok(start) == "-"
        && matches!(
            a.tokens[start - 1].kind,
            vigil_model::TokenKind::Number | vigil_model::TokenKind::Word
        )
    {
        start -= 1;
        if start > s.range.start && matches!(a.low(start - 1), "a" | "an" | "the") {
            start -= 1;
        }
    }
    let mut end = head + 1;
    while end < s.range.end && cap(head) && cap(end) && end - head < 3 {
        end += 1;
    }
    (start, end, None)
}

/// The pronoun subject of a passive trigger: "he" in "he was later arrested", "they" in "they
/// had been detained".
fn passive_pronoun(a: &Annotated, ts: usize, start: usize) -> Option<usize> {
    let mut i = ts;
    while i > start
        && matches!(
            a.low(i - 1),
            "reportedly"
                | "later"
                | "also"
                | "subsequently"
                | "allegedly"
                | "been"
                | "being"
                | "then"
                | "eventually"
                | "finally"
        )
    {
        i -= 1;
    }
    if i < start + 2 || !matches!(a.low(i - 1), "was" | "were" | "had" | "has" | "have") {
        return None;
    }
    matches!(a.low(i - 2), "he" | "she" | "they").then_some(i - 2)
}

/// Participles whose passive subject is harmed.
const HARMED: &[&str] = &[
    "killed",
    "wounded",
    "injured",
    "shot",
    "murdered",
    "kidnapped",
    "abducted",
    "executed",
    "beheaded",
    "stabbed",
    "slain",
    "massacred",
    "hurt",
    "assassinated",
    "lynched",
    "tortured",
];

/// The passive subject before a participle at `ts`: a named person, a pronoun, or a phrase
/// ending in a noun for people ("two police officers", "Protesters"). Headlines leave out the
/// auxiliary when an agent follows: "A child shot dead by border guards" (`te` ends the
/// participle).
fn passive_subject(
    a: &Annotated,
    ts: usize,
    te: usize,
    start: usize,
) -> Option<(usize, usize, Option<String>)> {
    let mut i = ts;
    while i > start
        && matches!(
            a.low(i - 1),
            "reportedly" | "later" | "also" | "allegedly" | "been" | "being" | "all" | "both"
        )
    {
        i -= 1;
    }
    let auxiliary = i >= start + 2 && matches!(a.low(i - 1), "was" | "were");
    let reduced = !auxiliary && i == ts && ts > start && a.low(te) == "by";
    if !(auxiliary || reduced) {
        return None;
    }
    let mut last = if auxiliary { i - 2 } else { ts - 1 };
    // "Two students, aged 19 and 21, were shot dead": over an apposition to its head.
    if a.tok(last) == "," {
        if let Some(open) = (last.saturating_sub(7).max(start)..last)
            .rev()
            .find(|&k| a.tok(k) == ",")
        {
            if open > start {
                last = open - 1;
            }
        }
    }
    if let Some(p) = a.persons.iter().find(|p| p.end == last + 1) {
        return Some((p.start, p.end, Some(p.id.clone())));
    }
    if matches!(a.low(last), "he" | "she" | "they") {
        return Some((last, last + 1, None));
    }
    // People, or forces ("Five members of the security forces were killed").
    if !PEOPLE.contains(&a.low(last)) && a.low(last) != "forces" {
        return None;
    }
    let mut st = last;
    while st > start && last - st < 6 {
        let w = a.low(st - 1);
        // "A 24-year-old man": over the hyphens inside a word (not a dash between words).
        let joined = st >= 2 && a.touches(st - 1) && a.touches(st);
        let ok = a.tokens[st - 1].kind == vigil_model::TokenKind::Number
            || w == "-" && joined
            || matches!(
                w,
                "a" | "an" | "the" | "two" | "three" | "four" | "five" | "six"
            )
            || a.tokens[st - 1].kind == vigil_model::TokenKind::Word
                && !STOPWORDS_BEFORE.contains(&w)
                && !w.ends_with("ed")
                && !w.ends_with("ing");
        if !ok {
            break;
        }
        st -= 1;
    }
    // "At least five civilians were killed": the phrase opens at its "at".
    if st > start && matches!(a.low(st), "least" | "most") && a.low(st - 1) == "at" {
        st -= 1;
    }
    Some((st, last + 1, None))
}

/// Words that end a noun phrase looking back from its head.
const STOPWORDS_BEFORE: &[&str] = &[
    "of", "in", "on", "at", "by", "and", "or", "to", "for", "with", "from", "was", "were", "is",
    "are", "that", "which", "who", "when", "after", "before", "as", "but", "said", "says",
];

/// Whether a reporting verb ("said", "told") lies between `from` and the trigger at `ts` with a
/// clause of its own subject after it: "Smith said that a man threatened", not "Smith said he
/// would attack".
fn reported_other(a: &Annotated, from: usize, ts: usize) -> bool {
    let Some(v) = (from..ts).find(|&i| {
        matches!(
            a.low(i),
            "said" | "says" | "told" | "stated" | "added" | "reported" | "announced"
        )
    }) else {
        return false;
    };
    (v + 1..ts).any(|i| {
        !matches!(
            a.low(i),
            "he" | "she"
                | "that"
                | "would"
                | "will"
                | "was"
                | "had"
                | "has"
                | "is"
                | "going"
                | "to"
                | "be"
                | "on"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | ","
                | "it"
                | "later"
        )
    })
}

/// The object of the act a threat names: "the mayor" in "threatened to kill the mayor", "him"
/// in "threatened to behead him".
fn threatened_object(a: &Annotated, te: usize, end: usize) -> Option<(usize, usize)> {
    if te + 2 >= end || a.low(te) != "to" {
        return None;
    }
    // "threatened to carry out more attacks": what is done is the attack, no target.
    if matches!(
        a.low(te + 1),
        "carry" | "launch" | "stage" | "conduct" | "commit" | "mount" | "perpetrate" | "continue"
    ) {
        return None;
    }
    let mut o = te + 2;
    // "threatened to blow up the mosque": over the verb's particle.
    if matches!(a.low(o), "up" | "out" | "down" | "off") && o + 1 < end {
        o += 1;
    }
    if matches!(a.low(o), "him" | "her" | "them") {
        return Some((o, o + 1));
    }
    np_after(a, o, end, 6).filter(|&(s, _)| {
        a.tokens[s].kind == vigil_model::TokenKind::Word
            && !matches!(a.low(s), "up" | "out" | "down" | "off" | "back" | "it")
    })
}

/// A pronoun argument ("threatened to kill him", "he was arrested") stands for the person named
/// last before it: a named person, else a title ("the mayor"), within three sentences; plural
/// pronouns for the last group or plural people noun.
fn resolve_pronouns(a: &Annotated, c: &mut Cand) {
    let singular = |w: &str| matches!(w, "he" | "him" | "she" | "her");
    let plural = |w: &str| matches!(w, "they" | "them");
    for role in [
        Role::Victim,
        Role::Target,
        Role::Suspect,
        Role::PerpetratorIndividual,
        Role::IssuerIndividual,
        Role::TargetIndividual,
    ] {
        let others: Vec<vigil_model::Span> = c
            .roles
            .iter()
            .filter(|(r, _)| **r != role)
            .flat_map(|(_, v)| v.iter().map(|v| v.span))
            .collect();
        let Some(vals) = c.roles.get_mut(&role) else {
            continue;
        };
        for v in vals.iter_mut() {
            let w = v.text.to_ascii_lowercase();
            if !(singular(&w) || plural(&w)) {
                continue;
            }
            let Some(at) = a.tokens.iter().position(|t| t.span == v.span) else {
                continue;
            };
            let si = a.sentence_of(at);
            let from = a.sentence_tokens[si.saturating_sub(3)].start;
            // "A man threatened to kill him": never the event's own other participants.
            let other = |s: usize, e: usize| {
                others
                    .iter()
                    .any(|o| o.start < a.tokens[e - 1].span.end && a.tokens[s].span.start < o.end)
            };
            let found: Option<(usize, usize, Option<String>)> = if singular(&w) {
                let person = a
                    .persons
                    .iter()
                    .filter(|p| p.end <= at && p.start >= from && !other(p.start, p.end))
                    .map(|p| (p.start, p.end, Some(p.id.clone())))
                    .next_back();
                let title = a
                    .titles
                    .iter()
                    .filter(|t| t.end <= at && t.start >= from && !other(t.start, t.end))
                    .map(|t| (t.start, t.end, None))
                    .next_back();
                [person, title]
                    .into_iter()
                    .flatten()
                    .max_by_key(|&(_, e, _)| e)
            } else {
                (from..at)
                    .rev()
                    .find(|&i| {
                        a.actors.iter().any(|m| {
                            m.start <= i && i < m.end && m.kind == vigil_model::MentionKind::Group
                        }) || PEOPLE.contains(&a.low(i)) && a.low(i).ends_with('s')
                    })
                    .map(|i| {
                        a.actors
                            .iter()
                            .find(|m| m.start <= i && i < m.end)
                            .map_or((i, i + 1, None), |m| (m.start, m.end, Some(m.id.clone())))
                    })
            };
            if let Some((s, e, id)) = found {
                *v = value(a, s, e, id);
            }
        }
    }
}

/// The argument model's roles for a candidate event: its agent, patients and weapon where the
/// rules found none there, never a victim as its perpetrator, never a reporter as a suspect or
/// perpetrator, and only the sentence's places the model ties to the event.
#[allow(clippy::too_many_arguments)]
fn learned_args(
    d: &crate::detect::Detector,
    ctx: &crate::detect::features::DocContext,
    a: &Annotated,
    s: &Sent,
    si: usize,
    place_tokens: &[bool],
    casualty: bool,
    c: &mut Cand,
) {
    use crate::detect::args::{arg_features, candidate, kind_tag, ArgRole};
    if !matches!(
        c.kind,
        EventKind::Attack | EventKind::Arrest | EventKind::Threat | EventKind::CounterOperation
    ) || c.sentence != si
        // "Both attackers were killed by police": a perpetrator noun is no predicate.
        || PERP_NOUNS.contains(&a.low(c.trigger.0))
    {
        return;
    }
    let range = s.range.clone();
    let forms: Vec<crate::detect::features::Form> = range
        .clone()
        .map(|i| crate::detect::features::Form::of(a, i, &d.clusters))
        .collect();
    let tag = kind_tag(Some(c.kind), casualty);
    let trig = c.trigger;
    let mut feats = Vec::new();
    let scored: Vec<(usize, [f32; crate::detect::args::ARG_CLASSES])> = range
        .clone()
        .filter(|&i| !(trig.0..trig.1).contains(&i) && candidate(ctx, i))
        .map(|i| {
            arg_features(ctx, &range, &forms, place_tokens, trig, tag, i, &mut feats);
            (i, d.args.linear.probabilities(&feats))
        })
        .collect();
    let p_of = |i: usize, r: ArgRole| {
        scored
            .iter()
            .find(|(k, _)| *k == i)
            .map_or(0.0, |(_, p)| p[r as usize])
    };
    let head_of = |v: &RoleValue| -> Option<usize> {
        (0..a.tokens.len()).rev().find(|&i| {
            v.span.contains(a.tokens[i].span) && a.tokens[i].kind == vigil_model::TokenKind::Word
        })
    };
    let th = d.args.threshold;
    // "U.S.-made": a maker, not an actor of the event.
    let is_reporter = |i: usize| {
        REPORTERS.contains(&a.low(i))
            || a.low(i + 1) == "-"
                && matches!(
                    a.low(i + 2),
                    "made" | "built" | "supplied" | "based" | "born"
                )
    };
    // The victims' own group ("the murder of its spokesman"; see `victims_group`).
    let own_group = |h: usize| {
        a.actors
            .iter()
            .find(|m| m.start <= h && h < m.end)
            .is_some_and(|m| victims_group(a, &range, c.trigger, m.start))
    };
    // Perpetrators the model reads as victims or targets, and reporters, are not perpetrators.
    for role in [
        Role::PerpetratorIndividual,
        Role::PerpetratorOrg,
        Role::Suspect,
    ] {
        let kind = c.kind;
        // "The journalist was arrested": the subject of the passive arrest is its suspect,
        // whatever their trade, and the one it happens to.
        let ts = c.trigger.0;
        // So is the object of the active one: "Authorities arrested a journalist in Istanbul".
        let te = c.trigger.1;
        let arrested = |h: usize| {
            role == Role::Suspect
                && (ts >= range.start + 2 && h + 2 == ts && matches!(a.low(ts - 1), "was" | "were")
                    || kind == EventKind::Arrest
                        && h >= te
                        && h <= te + 2
                        && (te..h).all(|j| {
                            matches!(a.low(j), "a" | "an" | "the" | "two" | "three" | "several")
                                || a.tokens[j].kind == vigil_model::TokenKind::Number
                        }))
        };
        if let Some(vals) = c.roles.get_mut(&role) {
            vals.retain(|v| {
                head_of(v).is_none_or(|h| {
                    let victim = p_of(h, ArgRole::Patient) >= 0.6 && p_of(h, ArgRole::Agent) < 0.05;
                    arrested(h)
                        || !(is_reporter(h) || victim || kind == EventKind::Attack && own_group(h))
                })
            });
        }
    }
    c.roles.retain(|_, v| !v.is_empty());
    let taken = |c: &Cand, i: usize| {
        c.roles
            .values()
            .flatten()
            .any(|v| v.span.contains(a.tokens[i].span))
    };
    let best = |r: ArgRole| {
        scored
            .iter()
            .filter(|(_, p)| p[r as usize] >= th)
            .max_by(|x, y| x.1[r as usize].total_cmp(&y.1[r as usize]))
            .map(|(i, _)| *i)
    };
    let agent_role = match c.kind {
        EventKind::Attack => Role::PerpetratorIndividual,
        EventKind::Arrest => Role::Agency,
        EventKind::Threat => Role::IssuerIndividual,
        _ => Role::Operator,
    };
    // "Security forces defused a bomb planted by militants", "Troops rescue 27 abducted
    // students": who stops an attack or frees its victims, the subject of the stopping verb,
    // is not its agent.
    let rescue = |k: usize| matches!(a.low(k), "rescued" | "rescue" | "rescues" | "freed");
    let stop_verb = range.clone().find(|&i| {
        rescue(i)
            || matches!(
                a.low(i),
                "defused" | "disarmed" | "foiled" | "thwarted" | "intercepted" | "dismantled"
            )
    });

    // A rescue's verb stops the agent only with forces for its subject ("Troops rescue …";
    // not "Gunmen stormed the prison and freed 200 inmates").
    let stop_verb = stop_verb.filter(|&k| {
        !rescue(k)
            || s.hits
                .iter()
                .any(|h| h.class == "force" && h.end <= k && k - h.end <= 2)
    });
    if let Some(k) = stop_verb.filter(|_| c.kind == EventKind::Attack) {
        let at = a.tokens[k].span.start;
        if let Some(perps) = c.roles.get_mut(&Role::PerpetratorIndividual) {
            perps.retain(|p| p.span.end > at);
        }
        c.roles.retain(|_, v| !v.is_empty());
    }
    // "A child shot dead by Turkish border guards": the phrase after a "by" right after the
    // trigger is its agent, never whom it happens to.
    let by_phrase = (trig.1..(trig.1 + 2).min(range.end))
        .find(|&k| a.low(k) == "by")
        .and_then(|k| np_after(a, k + 1, range.end, 6));
    let in_by = |h: usize| by_phrase.is_some_and(|(s, e)| s <= h && h < e);
    // "Turkish border guards kill a person": with an object right after the verb, the phrase
    // right before it is its subject, the agent, never whom it happens to.
    let object_after = trig.1 < range.end
        && (matches!(
            a.low(trig.1),
            "a" | "an" | "the" | "two" | "three" | "four" | "five" | "his" | "her" | "their"
        ) || a.tokens[trig.1].kind == vigil_model::TokenKind::Number);
    let violent_kind = violent(c.kind);
    // The word before the trigger names people or forces ("border guards", "gunmen").
    let subject_word = trig.0 > range.start && {
        let w = a.low(trig.0 - 1);
        KILLERS.contains(&w) || PERP_NOUNS.contains(&w) || PEOPLE.contains(&w)
    };
    let subject_noun = subject_word
        || trig.0 > range.start
            && (a.actors.iter().any(|m| m.end == trig.0)
                || a.persons.iter().any(|p| p.end == trig.0));
    let subject_before = |h: usize| {
        violent_kind
            && subject_noun
            && object_after
            && h < trig.0
            && trig.0 - h <= 3
            && (h..trig.0).all(|i| a.tokens[i].kind == vigil_model::TokenKind::Word)
    };
    // Its first conjunct: "by border guards and airstrike target …" ends at the "and".
    let by_first = by_phrase.and_then(|(bs, be)| {
        let be = (bs..be)
            .find(|&i| matches!(a.low(i), "and" | "or" | ","))
            .unwrap_or(be);
        (be > bs).then_some((bs, be))
    });
    let stopper = stop_verb.is_some_and(|k| k == trig.0) && c.kind == EventKind::Attack;
    let has_agent =
        stopper || c.roles.contains_key(&Role::PerpetratorOrg) || c.roles.contains_key(&agent_role);
    let stopped_by = |h: usize| c.kind == EventKind::Attack && stop_verb.is_some_and(|k| h < k);
    // A noun trigger with its own article opens a clause of its own: what comes before "and
    // the clashes" is no agent of the clashes ("shell Jobar and Ein Tarma and the clashes
    // decreased").
    let other_clause = |h: usize| {
        h + 2 < trig.0
            && trig.0 > range.start + 2
            && matches!(a.low(trig.0 - 1), "the" | "a" | "an")
            && matches!(a.low(trig.0 - 2), "and" | "or" | "but")
    };
    // The dead and the hurt act on no one: "8 martyrs in air strikes" has no operator.
    let dead_noun = |h: usize| {
        matches!(
            a.low(h),
            "martyrs"
                | "martyr"
                | "casualties"
                | "victims"
                | "victim"
                | "dead"
                | "fatalities"
                | "bodies"
                | "corpses"
                | "injuries"
                | "wounded"
                | "injured"
        )
    };
    if let Some(h) = best(ArgRole::Agent).filter(|&h| {
        !(has_agent
            || taken(c, h)
            || dead_noun(h)
            || is_reporter(h)
            || stopped_by(h)
            || other_clause(h)
            || c.kind == EventKind::Attack && own_group(h))
    }) {
        let (mut ps, mut pe, id) = phrase_of(a, s, h);
        if let Some((bs, be)) = by_phrase.filter(|_| in_by(h)) {
            // The whole phrase, not its adjective alone ("Turkish" of "Turkish border guards").
            (ps, pe) = (ps.min(bs), pe.max(be));
        }
        let group = a
            .actors
            .iter()
            .any(|m| m.start <= h && h < m.end && m.kind == vigil_model::MentionKind::Group);
        let role = match c.kind {
            EventKind::Attack if group => Role::PerpetratorOrg,
            EventKind::Threat if group => Role::IssuerOrg,
            _ => agent_role,
        };
        c.push(role, value(a, ps, pe, id));
    } else if let Some((bs, be)) = by_first.filter(|&(_, be)| {
        // The model names no agent: people or forces after the "by" are it.
        let last = a.low(be - 1);
        c.kind == EventKind::Attack
            && !has_agent
            && !taken(c, be - 1)
            && !is_reporter(be - 1)
            && (PEOPLE.contains(&last)
                || matches!(
                    last,
                    "forces" | "militia" | "militiamen" | "sniper" | "snipers"
                ))
    }) {
        c.push(agent_role, value(a, bs, be, None));
    } else if subject_word
        && subject_before(trig.0 - 1)
        && !has_agent
        && c.kind == EventKind::Attack
        && !taken(c, trig.0 - 1)
        && !is_reporter(trig.0 - 1)
    {
        let (ps, pe, id) = phrase_of(a, s, trig.0 - 1);
        c.push(agent_role, value(a, ps, pe, id));
    }
    let patient_roles = [
        Role::Victim,
        Role::Target,
        Role::Suspect,
        Role::TargetIndividual,
        Role::TargetOrg,
    ];
    if !patient_roles.iter().any(|r| c.roles.contains_key(r)) {
        if let Some(h) =
            best(ArgRole::Patient).filter(|&h| !taken(c, h) && !in_by(h) && !subject_before(h))
        {
            let (ps, pe, id) = phrase_of(a, s, h);
            let person =
                a.persons.iter().any(|p| p.start <= h && h < p.end) || PEOPLE.contains(&a.low(h));
            let role = match c.kind {
                EventKind::Attack if person => Role::Victim,
                EventKind::Attack => Role::Target,
                EventKind::Arrest if is_reporter(h) => return,
                EventKind::Arrest => Role::Suspect,
                EventKind::Threat => Role::Target,
                _ if person => Role::TargetIndividual,
                // A town struck is the operation's place, not an organisation: "fired
                // missiles at the outskirts of Kafr Nabl".
                _ if place_tokens.get(h).copied().unwrap_or(false) => return,
                _ => Role::TargetOrg,
            };
            c.push(role, value(a, ps, pe, id));
        }
    }
    if c.kind == EventKind::Attack && !c.roles.contains_key(&Role::Weapon) {
        if let Some(h) = best(ArgRole::Instrument).filter(|&h| !taken(c, h)) {
            let (ps, pe, _) = phrase_of(a, s, h);
            c.push(Role::Weapon, value(a, ps, pe, None));
        }
    }
}

/// "Now" for the article: its publication date, else the latest day it names.
fn reference_day(a: &Annotated) -> Option<vigil_model::Date> {
    a.published
        .or_else(|| a.times.iter().filter_map(|t| t.to).max())
}

/// Whether violence is told as background, long before or apart from the news: its time ends
/// more than a month before the article's "now" ("in June 2010"); a past year stands with the
/// word ("the 1974 bombings", "the 2015 attacks"); it is compared with ("a similar attack",
/// "previous attacks", "the anniversary of the bombing"); or it is the event something else
/// followed ("the blast came a day after a suicide attack").
fn background(a: &Annotated, s: &Sent, c: &Cand) -> bool {
    let (ts, te) = c.trigger;
    let r = s.range.clone();
    let now = reference_day(a);
    if let (Some(end), Some(now)) = (c.time.as_ref().and_then(|t| t.end), now) {
        if end.add_days(30) < now {
            return true;
        }
    }
    let this_year = now.map(|d| d.year);
    let past_year = (ts.saturating_sub(3).max(r.start)..(te + 3).min(r.end)).any(|i| {
        a.tokens[i].kind == vigil_model::TokenKind::Number
            && a.tok(i).len() == 4
            && a.tok(i)
                .parse::<i32>()
                .is_ok_and(|y| (1900..2100).contains(&y) && this_year.is_some_and(|n| y < n))
    });
    if past_year {
        return true;
    }
    let before = ts.saturating_sub(3).max(r.start);
    if window(
        a,
        before,
        ts,
        &[
            "similar",
            "previous",
            "earlier",
            "past",
            "former",
            "anniversary",
        ],
    ) {
        return true;
    }
    // "… a day after a suicide attack": the event followed is another, earlier one.
    (before..ts).any(|i| {
        matches!(a.low(i), "after" | "since")
            && i > r.start
            && matches!(
                a.low(i - 1),
                "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years" | "hours"
            )
    })
}

/// "A police officer was shot dead", "gunmen killed a village chief": one person killed, told
/// without a number.
fn single_death(a: &Annotated, s: &Sent, c: &mut Cand) {
    if c.roles.contains_key(&Role::Killed) {
        return;
    }
    let r = s.range.clone();
    let deadly = |i: usize| {
        matches!(
            a.low(i),
            "killed"
                | "killing"
                | "kills"
                | "kill"
                | "murdered"
                | "assassinated"
                | "assassinate"
                | "assassinates"
                | "beheaded"
                | "executed"
                | "executes"
                | "slain"
                | "lynched"
                | "died"
                | "dies"
        ) || matches!(
            (a.low(i), a.low(i + 1)),
            (
                "shot" | "gunned" | "stabbed" | "hacked" | "beaten",
                "dead" | "down" | "to"
            )
        )
    };
    // One person of the many kinds `PEOPLE` names ("a shopkeeper"), not a body of them ("a
    // family"), of the few it has only in the plural, or a suspect ("a suspected thief").
    let person = |i: usize| {
        let w = a.low(i);
        PEOPLE.contains(&w)
            && !w.ends_with('s')
            && !matches!(w, "family" | "staff" | "personnel" | "police")
            || matches!(
                w,
                "member"
                    | "resident"
                    | "shepherd"
                    | "policewoman"
                    | "councillor"
                    | "vendor"
                    | "elder"
                    | "motorist"
                    | "passenger"
                    | "engineer"
                    | "contractor"
                    | "youth"
            )
            || OUTLAWS.contains(&w)
    };
    for i in r.clone() {
        if !deadly(i) {
            continue;
        }
        // A reduced relative, or one who dies: "the body of a man killed by unknown gunmen
        // was found", "A child dies of wounds sustained in regime shelling".
        if i >= r.start + 2
            && person(i - 1)
            && matches!(a.low(i - 2), "a" | "an")
            && (a.low(i + 1) == "by" || matches!(a.low(i), "dies" | "died"))
        {
            let mut v = value(a, i - 2, i, None);
            v.value = Some(Quantity::Number(1));
            v.qualifier = Some(vigil_model::Qualifier::Exact);
            c.push(Role::Killed, v);
            return;
        }
        // Passive: "a 25-year-old man was shot dead".
        if i > r.start + 1 && matches!(a.low(i - 1), "was" | "is" | "been") {
            let from = i.saturating_sub(9).max(r.start);
            if let Some(k) = (from..i - 1)
                .rev()
                .find(|&k| matches!(a.low(k), "a" | "an"))
            {
                if (k + 1..i - 1).any(person)
                    && !(k + 1..i - 1).any(|j| {
                        a.tokens[j].kind == vigil_model::TokenKind::Number && a.low(j + 1) != "-"
                    })
                {
                    let mut v = value(a, k, i - 1, None);
                    v.value = Some(Quantity::Number(1));
                    v.qualifier = Some(vigil_model::Qualifier::Exact);
                    c.push(Role::Killed, v);
                    return;
                }
            }
        }
        // A person named alone: "assailants shot and killed Ahmed Ali", "Ahmed Ali was shot
        // dead" (not "killed Ali and his son", "Ali and Omar were killed").
        let k = i + if a.low(i + 1) == "dead" || a.low(i + 1) == "down" {
            2
        } else {
            1
        };
        let alone = |p: &vigil_nlp::PersonMention| {
            !(matches!(a.low(p.end), "and" | "," | "'s" | "’s")
                || p.start > r.start && matches!(a.low(p.start - 1), "and" | ","))
        };
        let named = a.persons.iter().find(|p| {
            r.contains(&p.start)
                && alone(p)
                && (p.start == k
                    || i > r.start + 1
                        && matches!(a.low(i - 1), "was" | "is" | "been")
                        && p.end == i - 1)
        });
        if let Some(p) = named {
            let victim = value(a, p.start, p.end, Some(p.id.clone()));
            let mut v = victim.clone();
            v.value = Some(Quantity::Number(1));
            v.qualifier = Some(vigil_model::Qualifier::Exact);
            c.push(Role::Killed, v);
            if c.kind == EventKind::Attack && !c.has(Role::Victim) {
                c.push(Role::Victim, victim);
            }
            return;
        }
        // Active: "gunmen killed a village chief".
        if k < r.end && matches!(a.low(k), "a" | "an") && (k + 1..(k + 5).min(r.end)).any(person) {
            let end = (k + 1..(k + 5).min(r.end))
                .find(|&j| person(j))
                .map_or(k + 1, |j| j + 1);
            // "killed a local official and his driver": two.
            let (more, conj_end, _) = also_counted(a, s, end);
            let mut v = value(a, k, conj_end.max(end), None);
            v.value = Some(Quantity::Number(1 + more));
            v.qualifier = Some(vigil_model::Qualifier::Exact);
            c.push(Role::Killed, v);
            return;
        }
    }
}

fn casualties(a: &Annotated, s: &Sent, c: &mut Cand) {
    casualties_counted(a, s, c);
    single_death(a, s, c);
}

fn casualties_counted(a: &Annotated, s: &Sent, c: &mut Cand) {
    // Numbers already summed into a count told before them ("5 citizens and 2 children").
    let mut summed: Vec<usize> = Vec::new();
    for n in s.numbers.iter().map(|&i| &a.numbers[i]) {
        if summed.contains(&n.start) {
            continue;
        }
        // Time expressions never cross a sentence end: the sentence's own are enough.
        if s.times
            .iter()
            .map(|&i| &a.times[i])
            .any(|t| t.start <= n.start && n.start < t.end)
            || matches!(a.low(n.start), "both") && !PERPS.contains(&a.low(n.end))
            || not_a_count(a, s, n)
            // A number of a name: "the 19 April Movement", "the 23rd Brigade".
            || a.actors.iter().any(|m| m.start <= n.start && n.start < m.end)
        {
            continue;
        }
        let prev = if n.qualifier_start > s.range.start {
            a.low(n.qualifier_start - 1)
        } else {
            ""
        };
        let prev2 = if n.qualifier_start > s.range.start + 1 {
            a.low(n.qualifier_start - 2)
        } else {
            ""
        };
        // A part of a count told just before is no count of its own: "Five people, including
        // two children, were killed".
        if prev == "including"
            && (c.roles
                .get(&Role::Killed)
                .is_some_and(|v| v.iter().any(|x| x.span.end <= n.span.start))
                // "4 people, including 2 children, were killed": the whole told first.
                || s.numbers.iter().map(|&i| &a.numbers[i]).any(|m| {
                    m.end < n.qualifier_start
                        && n.qualifier_start - m.end <= 4
                        && PEOPLE.contains(&a.low(m.end))
                }))
        {
            continue;
        }
        let mut role = None;
        let leaving_dead = prev != "leaving"
            || (n.end..(n.end + 4).min(s.range.end)).any(|j| DEATH.contains(&a.low(j)));
        // "shot dead three militants", "gunned down 5 people", "executed 12 prisoners".
        let prev3 = if n.qualifier_start > s.range.start + 2 {
            a.low(n.qualifier_start - 3)
        } else {
            ""
        };
        // "claim the lives of 11 persons", "killed a family of seven people", "found the
        // bodies of six men".
        let lives_of = prev == "of"
            && (prev2 == "bodies"
                || prev2 == "lives"
                    && matches!(prev3, "the" | "claim" | "claimed" | "claims" | "claiming")
                || prev2 == "family"
                    && n.qualifier_start > s.range.start + 3
                    && matches!(
                        a.low(n.qualifier_start - 4),
                        "kill" | "kills" | "killed" | "killing" | "massacred" | "executed"
                    )
                    && prev3 == "a");
        let killed_by = matches!(
            prev,
            "executed"
                | "executing"
                | "executes"
                | "execute"
                | "murdered"
                | "massacred"
                | "slaughtered"
        ) || lives_of
            || prev == "dead" && matches!(prev2, "shot" | "shoot" | "shoots" | "shooting")
            || prev == "down" && matches!(prev2, "gunned" | "gunning" | "guns" | "gun");
        if matches!(prev, "killing" | "killed" | "kills" | "kill" | "leaving") && leaving_dead
            || killed_by
            || (prev == "to"
                && matches!(
                    prev2,
                    "rose"
                        | "risen"
                        | "rises"
                        | "rising"
                        | "climbed"
                        | "climbs"
                        | "stands"
                        | "reached"
                        | "reaches"
                ))
            || prev2 == "toll"
        {
            role = Some(Role::Killed);
        } else if matches!(
            prev,
            "injuring" | "wounding" | "wounded" | "injured" | "injures" | "wounds"
        ) {
            role = Some(Role::Injured);
        } else {
            let perp = PERPS.contains(&a.low(n.end)) || PERPS.contains(&a.low(n.end + 1));
            for j in n.end..(n.end + 8).min(s.range.end) {
                let w = a.low(j);
                // A count after "and" is summed with this one (see `also_counted`); one after
                // "including" is a part of it ("4 people, including 2 children, were killed").
                if a.tokens[j].kind == vigil_model::TokenKind::Number
                    && !(j > n.end
                        && a.low(j - 1) == "and"
                        && (n.end..j - 1).any(|k| PEOPLE.contains(&a.low(k))))
                    && !(j > n.end && a.low(j - 1) == "including")
                    || matches!(w, ";" | "." | "while")
                {
                    break;
                }
                // "41 cases from Death Row", "faces the death penalty": no one died.
                if w == "death"
                    && matches!(
                        a.low(j + 1),
                        "row" | "penalty" | "sentence" | "sentences" | "warrant" | "certificate"
                    )
                {
                    break;
                }
                // "24 casualties and injuries": casualties told beside the injured are the dead.
                let dead_casualties = w == "casualties"
                    && (j + 1..(j + 6).min(s.range.end))
                        .any(|i| HURT.contains(&a.low(i)) || a.low(i) == "injury");
                if DEATH.contains(&w)
                    || matches!(w, "martyred" | "martyrs" | "fatalities")
                    || dead_casualties
                {
                    role = Some(if perp {
                        Role::PerpetratorsKilled
                    } else {
                        Role::Killed
                    });
                    break;
                }
                if HURT.contains(&w) {
                    role = Some(Role::Injured);
                    break;
                }
                if matches!(w, "arrested" | "detained" | "captured") && perp {
                    role = Some(Role::PerpetratorsArrested);
                    break;
                }
            }
            // A counted subject told at length before its verb: "12 members from the regime
            // forces and militiamen loyal to them were killed in attack by …".
            if role.is_none() && long_passive_death(a, s, n.end) {
                role = Some(if perp {
                    Role::PerpetratorsKilled
                } else {
                    Role::Killed
                });
            }
        }
        if let Some(role) = role {
            // Those killed beside them: "Three soldiers and a civilian were killed", "5
            // citizens and 2 children killed".
            let (more, end, numbers) = if matches!(role, Role::Killed | Role::Injured) {
                also_counted(a, s, n.end)
            } else {
                (0, n.end, Vec::new())
            };
            summed.extend(numbers);
            let mut v = value(a, n.qualifier_start, end, None);
            if more == 0 {
                v.span = n.span;
                v.text = n.span.slice(&a.text).to_string();
            }
            v.value = Some(Quantity::Number(n.value + more));
            v.qualifier = Some(n.qualifier);
            c.push(role, v);
        }
    }
}

/// Whether the people counted just before `from` ("12 members", "About 16 fighters") are the
/// subject of a passive death nine to eighteen words on ("… were killed"), with no other
/// number, clause end or other verb of harm between.
fn long_passive_death(a: &Annotated, s: &Sent, from: usize) -> bool {
    let noun = a.low(from);
    if !(PEOPLE.contains(&noun) || matches!(noun, "elements" | "militiamen" | "rebels")) {
        return false;
    }
    let end = (from + 18).min(s.range.end);
    for j in from + 1..end {
        let w = a.low(j);
        if a.tokens[j].kind == vigil_model::TokenKind::Number
            || matches!(
                w,
                ";" | "." | "while" | ":" | "said" | "says" | "who" | "which" | "that" | "whose"
            )
            || HURT.contains(&w)
        {
            return false;
        }
        if DEATH.contains(&w) {
            return j >= from + 8 && matches!(a.low(j - 1), "were" | "was" | "been");
        }
    }
    false
}

/// Words for one person, in the singular, that a conjunction adds to a count: "and a civilian",
/// "and his driver".
fn one_person(w: &str) -> bool {
    PEOPLE.contains(&w)
        && !w.ends_with('s')
        && !matches!(w, "people" | "police" | "staff" | "family" | "personnel")
        || matches!(
            w,
            "fighter"
                | "citizen"
                | "member"
                | "driver"
                | "bodyguard"
                | "resident"
                | "villager"
                | "shepherd"
                | "worker"
                | "nephew"
                | "cousin"
                | "companion"
                | "friend"
                | "colleague"
                | "baby"
                | "infant"
                | "toddler"
                | "teenager"
        )
}

/// People a count's noun phrase adds after "and", up to the verb: "[Three soldiers] and a
/// civilian", "[a local official] and his driver", "[5 citizens] and 2 children". Returns the
/// number added, the token where the phrase ends and the numbers it summed.
fn also_counted(a: &Annotated, s: &Sent, from: usize) -> (u64, usize, Vec<usize>) {
    let mut more = 0;
    let mut end = from;
    let mut numbers = Vec::new();
    // The count's own noun and its modifiers: "soldiers", "citizen women", "local official".
    let mut j = from;
    while j < s.range.end && j < from + 3 && a.tokens[j].kind == vigil_model::TokenKind::Word {
        let w = a.low(j);
        if w == "and"
            || DEATH.contains(&w)
            || HURT.contains(&w)
            || matches!(
                w,
                "was"
                    | "were"
                    | "are"
                    | "is"
                    | "have"
                    | "has"
                    | "had"
                    | "been"
                    | "wound"
                    | "injure"
                    | "kill"
                    | "killing"
            )
        {
            break;
        }
        j += 1;
    }
    while j + 2 < s.range.end && a.low(j) == "and" {
        let k = j + 1;
        let w = a.low(k);
        let counted = s
            .numbers
            .iter()
            .map(|&n| &a.numbers[n])
            .find(|m| m.start == k);
        let head = |from: usize, one: bool| {
            (from..(from + 3).min(s.range.end)).find(|&h| {
                let w = a.low(h);
                if one {
                    one_person(w)
                } else {
                    PEOPLE.contains(&w) || w == "others"
                }
            })
        };
        let found = if let Some(m) = counted {
            head(m.end, false).map(|h| {
                numbers.push(m.start);
                (m.value, h)
            })
        } else if matches!(w, "a" | "an" | "another" | "one" | "his" | "her" | "their") {
            head(k + 1, true).map(|h| (1, h))
        } else {
            None
        };
        let Some((n, h)) = found else { break };
        more += n;
        end = h + 1;
        j = h + 1;
    }
    (more, end, numbers)
}

fn level(a: &Annotated, r: &std::ops::Range<usize>, c: &mut Cand) {
    const LEVELS: &[&str] = &[
        "highest",
        "maximum",
        "critical",
        "severe",
        "substantial",
        "moderate",
        "low",
        "elevated",
        "high",
        "emergency",
        "lowest",
    ];
    // "to the highest level", "to 4", "from severe to substantial": the level after "to".
    for i in r.clone() {
        if a.low(i) != "to" {
            continue;
        }
        let mut j = i + 1;
        while j < r.end && matches!(a.low(j), "the" | "its" | "level" | "a") {
            j += 1;
        }
        if j >= r.end {
            break;
        }
        let w = a.low(j);
        if LEVELS.contains(&w) || a.tokens[j].kind == vigil_model::TokenKind::Number {
            let mut e = j + 1;
            if a.low(e) == "level" {
                e += 1;
            }
            let mut v = value(a, j, e, None);
            v.value = Some(match w.parse::<u64>() {
                Ok(n) => Quantity::Number(n),
                Err(_) => Quantity::Symbol(w.to_string()),
            });
            c.push(Role::Level, v);
            return;
        }
    }
    if let Some(i) = r.clone().find(|&i| LEVELS.contains(&a.low(i))) {
        let mut v = value(a, i, i + 1, None);
        v.value = Some(Quantity::Symbol(a.low(i).to_string()));
        c.push(Role::Level, v);
    }
}

fn stances(a: &Annotated, r: &std::ops::Range<usize>, c: &mut Cand) {
    let push = |c: &mut Cand, role: Role, i: usize, e: usize, v: &str| {
        let mut rv = value(a, i, e, None);
        rv.value = Some(Quantity::Symbol(v.into()));
        c.push(role, rv);
    };
    for i in r.clone() {
        let w = a.low(i);
        let neg = i > r.start && matches!(a.low(i - 1), "not" | "no" | "never")
            // "I do not consider this claim credible": a negation a few words back, in the
            // same clause.
            || w == "credible"
                && (i.saturating_sub(5).max(r.start)..i)
                    .rev()
                    .take_while(|&k| !matches!(a.low(k), "," | ";" | "but" | "." | "\""))
                    .any(|k| matches!(a.low(k), "not" | "no" | "never" | "n't" | "nothing"));
        match w {
            "seriously" | "serious" if !neg => push(c, Role::Stance, i, i + 1, "serious"),
            "credible" if neg => push(c, Role::Stance, i - 1, i + 1, "not_credible"),
            "credible" => push(c, Role::Stance, i, i + 1, "credible"),
            "propaganda" => push(c, Role::Stance, i, i + 1, "propaganda"),
            "dismissed" => push(c, Role::Stance, i, i + 1, "not_credible"),
            // "said the group's claim was exaggerated", "ISWAP routinely inflates its figures",
            // "The army denied the claim".
            "exaggerated" | "inflated" | "inflates" | "baseless" | "unfounded" if !neg => {
                push(c, Role::Stance, i, i + 1, "not_credible")
            }
            "denied" | "rejected" | "refuted"
                if a.low(i + 1) == "the" && matches!(a.low(i + 2), "claim" | "claims") =>
            {
                push(c, Role::Stance, i, i + 3, "not_credible")
            }
            "opportunistic" => push(c, Role::Stance, i, i + 1, "opportunistic"),
            "dangerous" | "concerning" if i > r.start && a.low(i - 1) == "most" => {
                push(c, Role::Stance, i - 1, i + 1, "serious")
            }
            "uncertain" | "unclear" | "unverified" => push(c, Role::Stance, i, i + 1, "uncertain"),
            "inspired" if !neg && a.low(i + 1) == "by" => {
                push(c, Role::Attribution, i, i + 2, "inspired")
            }
            "directed" if !neg && a.low(i + 1) == "by" => {
                push(c, Role::Attribution, i, i + 2, "directed")
            }
            "enabled" if !neg && a.low(i + 1) == "by" => {
                push(c, Role::Attribution, i, i + 2, "enabled")
            }
            "copycat" => push(c, Role::Attribution, i, i + 1, "copycat"),
            "unaffiliated" | "lone" if w == "unaffiliated" || a.low(i + 1) == "actor" => {
                push(c, Role::Attribution, i, i + 1, "unaffiliated")
            }
            _ => {}
        }
    }
}

fn add_channels(a: &Annotated, s: &Sent, c: &mut Cand) {
    for h in s.hits.iter().filter(|h| h.class == "channel") {
        let mut st = h.start;
        while st > s.range.start
            && (a.tokens[st - 1].kind == vigil_model::TokenKind::Number
                || matches!(
                    a.low(st - 1),
                    "-" | "minute" | "second" | "hour" | "online" | "new"
                ))
        {
            st -= 1;
        }
        c.push(Role::Channel, value(a, st, h.end, None));
    }
    for m in s.others.iter().filter(|m| m.kind == MentionKind::Media) {
        c.push(Role::Channel, actor_value(a, m));
    }
}

const FIGHTERS: &[&str] = &[
    "soldiers",
    "fighters",
    "operatives",
    "members",
    "militants",
    "mujahideen",
    "brothers",
    "cells",
    "followers",
    "recruits",
    "men",
    "suicide",
];

fn add_capabilities_into(a: &Annotated, s: &Sent, c: &mut Cand) {
    for n in s.numbers.iter().map(|&i| &a.numbers[i]) {
        if s.times
            .iter()
            .map(|&i| &a.times[i])
            .any(|t| t.start <= n.start && n.start < t.end)
        {
            continue;
        }
        let fighters = (n.end..(n.end + 3).min(s.range.end)).any(|j| FIGHTERS.contains(&a.low(j)));
        let has = matches!(a.low(n.end), "have" | "are" | "has");
        if !(fighters || has) {
            continue;
        }
        // "71 trained soldiers in 15 different states"
        let mut e = n.end;
        while e < s.range.end
            && e - n.end < 8
            && !matches!(a.tok(e), "," | "." | ";" | ":" | "\"")
            && !matches!(a.low(e), "ready" | "who" | "that" | "like" | "to")
        {
            e += 1;
        }
        let mut v = value(a, n.qualifier_start, e, None);
        v.value = Some(Quantity::Number(n.value));
        v.qualifier = Some(n.qualifier);
        c.push(Role::ClaimedCapability, v);
    }
}

fn add_capabilities(a: &Annotated, s: &Sent, c: &mut Cand, si: usize) {
    let before = c.roles.values().map(Vec::len).sum::<usize>();
    add_capabilities_into(a, s, c);
    for p in &s.places {
        let pr = p.place.clone();
        c.push(
            Role::Scope,
            RoleValue {
                text: pr.text.clone(),
                id: pr.geonames_id.map(|g| format!("geonames:{g}")),
                value: None,
                qualifier: None,
                span: pr.span,
            },
        );
    }
    if c.roles.values().map(Vec::len).sum::<usize>() > before || !c.evidence.contains(&si) {
        c.evidence.push(si);
    }
}

fn continue_threat(a: &Annotated, s: &Sent, out: &mut [Cand], si: usize) {
    let persons: Vec<&str> = a
        .persons
        .iter()
        .filter(|p| s.range.contains(&p.start))
        .map(|p| p.id.as_str())
        .collect();
    let in_message = window(
        a,
        s.range.start,
        (s.range.start + 4).min(s.range.end),
        &["message"],
    ) || a.low(s.range.start + 1) == "message";
    let Some(c) = out.iter_mut().rev().find(|c| {
        c.kind == EventKind::Threat
            && c.roles.get(&Role::IssuerIndividual).is_some_and(|v| {
                v.iter()
                    .any(|x| x.id.as_deref().is_some_and(|id| persons.contains(&id)))
            })
    }) else {
        return;
    };
    if persons.is_empty() && !in_message {
        return;
    }
    let media: Vec<&ActorMention> = s
        .others
        .iter()
        .filter(|m| m.kind == MentionKind::Media)
        .collect();
    if s.places.is_empty() && media.is_empty() && !s.hits.iter().any(|h| h.class == "channel") {
        return;
    }
    add_channels(a, s, c);
    add_capabilities(a, s, c, si);
}

/// Whether a place mention names where something happened, or only qualifies something else:
/// a maker or base ("U.S.-made Humvee", "a London-based group"), someone's home ("a Texas
/// woman", "a Kabul resident"), the reference point of a direction ("Mahmudiya, south of
/// Baghdad": the town is the place, Baghdad its landmark) or where a speaker sits ("a researcher
/// at the institute in London said", "told reporters in Paris").
fn event_place(a: &Annotated, p: &PlaceMention, places: &[PlaceMention]) -> bool {
    let next = a.low(p.end);
    // "U.S.-made", "Syria-based": a hyphen after the name (not a dash set apart from the name
    // and written against the next word, opening a source: "north of Aleppo -military
    // sources"; one spaced on both sides stays a hyphen, as tokenised corpora write it).
    let dash = !a.touches(p.end) && a.touches(p.end + 1);
    if next == "-" && !matches!(a.low(p.end + 1), "" | "-") && !dash {
        return false;
    }
    // A country named for its institutions acts, it is not where: "the US embassy warned",
    // "US forces struck" (a city's "Kabul police" stays a place).
    if p.place.precision == GeoPrecision::Country
        && matches!(
            next,
            "embassy"
                | "embassies"
                | "consulate"
                | "ambassador"
                | "government"
                | "officials"
                | "authorities"
                | "military"
                | "forces"
                | "troops"
                | "army"
                | "president"
                | "ministry"
                | "navy"
                // Its arms and men: "a US drone targeted a vehicle near Jilib".
                | "drone"
                | "drones"
                | "warplanes"
                | "warplane"
                | "jets"
                | "aircraft"
                | "planes"
                | "helicopters"
                | "helicopter"
                | "soldiers"
                | "marines"
                | "warships"
                | "commandos"
        )
    {
        return false;
    }
    if PEOPLE.contains(&next)
        || matches!(
            next,
            "native"
                | "resident"
                | "residents"
                | "national"
                | "nationals"
                | "citizen"
                | "citizens"
                | "couple"
                | "teen"
                | "teenager"
                | "man's"
                | "woman's"
        )
    {
        return false;
    }
    let before = |k: usize| if p.start >= k { a.low(p.start - k) } else { "" };
    let direction = |w: &str| {
        matches!(
            w,
            "south"
                | "north"
                | "east"
                | "west"
                | "southeast"
                | "southwest"
                | "northeast"
                | "northwest"
                | "outskirts"
        )
    };
    let landmark = before(1) == "of" && direction(before(2))
        || before(1) == "from" && matches!(before(2), "km" | "kilometres" | "kilometers" | "miles");
    // The place it is the landmark of: named before it, and itself where ("a U.S.-made Humvee
    // … south of Baghdad" names no such place).
    if landmark
        && places.iter().any(|q| {
            q.sentence == p.sentence && q.end <= p.start && !q.demonym && a.low(q.end) != "-"
        })
    {
        return false;
    }
    if came_from(a, p.start) {
        return false;
    }
    let r = p.start.saturating_sub(6)..p.start;
    let speaker_seat = r.clone().any(|i| {
        matches!(
            a.low(i),
            "researcher"
                | "professor"
                | "analyst"
                | "expert"
                | "fellow"
                | "director"
                | "correspondent"
                | "spokesman"
                | "spokeswoman"
                | "based"
                | "headquartered"
                | "institute"
                | "university"
                | "think"
                | "embassy"
        )
    }) || matches!(before(1), "in")
        && matches!(before(2), "reporters" | "journalists")
        || matches!(before(1), "from") && matches!(before(2), "speaking" | "spoke");
    !speaker_seat
}

/// The people named after ", killing" or ", wounding" that follows a trigger ending at `te`:
/// "killing at least 10 soldiers", "wounding four policemen". Only a phrase whose last word
/// names people.
fn participle_victims(a: &Annotated, te: usize, end: usize) -> Option<(usize, usize)> {
    let k = (te..end).find(|&i| {
        matches!(a.low(i), "killing" | "wounding" | "injuring") && i > te && a.low(i - 1) == ","
    })?;
    let mut from = k + 1;
    // "at least", which the phrase reader stops at.
    let at_least = a.low(from) == "at" && matches!(a.low(from + 1), "least" | "most");
    if at_least {
        from += 2;
    }
    let (s, e) = np_after(a, from, end, 6)?;
    let head = a.low(e - 1);
    let people = PEOPLE.contains(&head) || PERP_NOUNS.contains(&head) || head == "peacekeepers";
    people.then_some((if at_least { s - 2 } else { s }, e))
}

/// Whether the name at `start` is where someone came from: "arrested after he returned from
/// Syria", "deported from Germany", "fled from Mosul". The journey's start is neither where the
/// event happened nor, for an arrest, who made it.
fn came_from(a: &Annotated, start: usize) -> bool {
    start >= 2
        && a.low(start - 1) == "from"
        && (start.saturating_sub(4)..start - 1).any(|i| {
            matches!(
                a.low(i),
                "returned"
                    | "returning"
                    | "returns"
                    | "return"
                    | "travelled"
                    | "traveled"
                    | "travelling"
                    | "traveling"
                    | "fled"
                    | "fleeing"
                    | "came"
                    | "coming"
                    | "arrived"
                    | "arriving"
                    | "deported"
                    | "extradited"
                    | "repatriated"
                    | "flew"
                    | "flown"
                    | "back"
                    | "withdraw"
                    | "withdraws"
                    | "withdrew"
                    | "withdrawn"
                    | "withdrawing"
                    | "withdrawal"
            )
        })
}

/// The candidate of sentence `si` that a place phrase at tokens `start..end` belongs to.
fn closest_cand(a: &Annotated, out: &[Cand], si: usize, start: usize, end: usize) -> Option<usize> {
    out.iter()
        .enumerate()
        .filter(|(_, c)| c.sentence == si)
        .min_by_key(|(_, c)| {
            // A place right before a trigger modifies it ("the Manchester bombing"); otherwise
            // it belongs to the closest trigger it follows ("arrested a man in Manchester …
            // plotting an attack"), or else to the closest one after it.
            if end <= c.trigger.0
                && (end == c.trigger.0
                    || c.trigger.0 - end == 1
                        && a.tokens[end].kind == TokenKind::Word
                        && !matches!(a.low(end), "and" | "or" | "but" | "as" | "while"))
            {
                0
            } else if start >= c.trigger.1 {
                1 + start - c.trigger.1
            } else {
                1000 + c.trigger.0 - end.min(c.trigger.0)
            }
        })
        .map(|(i, _)| i)
}

fn assign_places(a: &Annotated, places: &[PlaceMention], datelines: &[usize], out: &mut [Cand]) {
    for p in places
        .iter()
        .filter(|p| !datelines.contains(&p.start) && event_place(a, p, places))
    {
        let Some(b) = closest_cand(a, out, p.sentence, p.start, p.end) else {
            continue;
        };
        give_place(p, &mut out[b]);
        // The place of what a warning fears is the warning's region too: "warnings of
        // potential attacks in Europe".
        if out[b].kind == EventKind::Attack && out[b].modality == Modality::Hypothetical {
            let (sentence, trigger) = (out[b].sentence, out[b].trigger.0);
            if let Some(w) = out.iter_mut().find(|c| {
                c.sentence == sentence
                    && c.trigger.1 <= trigger
                    && matches!(c.kind, EventKind::Warning | EventKind::Threat)
            }) {
                give_place(p, w);
            }
        }
    }
    share_coordinated_places(a, out);
    assign_sites(a, places, out);
}

/// Takes the passive subject at tokens `[vs, ve)` as the attack's victim, and never also as
/// its perpetrator ("Two men were found dead").
fn passive_victim(a: &Annotated, c: &mut Cand, vs: usize, ve: usize, id: Option<String>) {
    let victim = a.tokens[vs].span.start..a.tokens[ve - 1].span.end;
    if let Some(perps) = c.roles.get_mut(&Role::PerpetratorIndividual) {
        perps.retain(|p| !victim.contains(&p.span.start));
    }
    c.roles.retain(|_, v| !v.is_empty());
    c.push(Role::Victim, value(a, vs, ve, id));
}

/// Whether the projectile the trigger ending at `te` launched (named in the sentence before the
/// trigger, from `start`) was stopped in flight, told passively a few words on: "Missiles
/// launched from Yemen were intercepted over Riyadh", "two rockets fired at the city were shot
/// down" (not "a helicopter attacked by insurgents was shot down").
fn fate_stopped(a: &Annotated, start: usize, te: usize, end: usize) -> bool {
    (start..te).any(|i| PROJECTILES.contains(&a.low(i)) || a.low(i) == "drone")
        && (te..(te + 6).min(end)).any(|i| {
            i > 0
                && matches!(a.low(i - 1), "was" | "were" | "been")
                && (matches!(a.low(i), "intercepted" | "downed")
                    || a.low(i) == "shot" && a.low(i + 1) == "down")
        })
}

/// Sites where violence happens or arrests are made, named by a common noun ("at a crowded
/// restaurant", "outside the police station") or by a name the gazetteer does not hold ending
/// in one ("on Oxford Street", "at the El Tobogan restaurant").
const SITES: &[&str] = &[
    "academy",
    "airbase",
    "airfield",
    "airport",
    "apartment",
    "apartments",
    "arena",
    "bakery",
    "bar",
    "barracks",
    "base",
    "bases",
    "bazaar",
    "beach",
    "bridge",
    "building",
    "buildings",
    "cafe",
    "café",
    "campus",
    "camp",
    "camps",
    "cathedral",
    "checkpoint",
    "checkpoints",
    "church",
    "churches",
    "cinema",
    "clinic",
    "club",
    "college",
    "compound",
    "consulate",
    "court",
    "courthouse",
    "embassy",
    "facility",
    "factory",
    "garage",
    "headquarters",
    "highway",
    "home",
    "hospital",
    "hotel",
    "house",
    "houses",
    "jail",
    "mall",
    "market",
    "marketplace",
    "metro",
    "mosque",
    "mosques",
    "museum",
    "nightclub",
    "office",
    "offices",
    "outpost",
    "palace",
    "park",
    "parliament",
    "platform",
    "premises",
    "prison",
    "pub",
    "refinery",
    "residence",
    "restaurant",
    "road",
    "school",
    "schools",
    "shop",
    "shrine",
    "square",
    "stadium",
    "station",
    "stations",
    "store",
    "street",
    "subway",
    "supermarket",
    "synagogue",
    "temple",
    "terminal",
    "theater",
    "theatre",
    "university",
    "venue",
    "yard",
];

/// Settlements and areas named by a common noun ("in the capital", "in a nearby village"): a
/// site only when no name follows ("the capital Kabul", "the village of Kafr Nabl" name theirs).
const AREAS: &[&str] = &[
    "area",
    "capital",
    "city",
    "district",
    "neighborhood",
    "neighbourhood",
    "region",
    "town",
    "village",
];

/// Words that end a site phrase: prepositions, conjunctions, relative words and the commonest
/// verbs ("a car left outside the building" is no site of its own).
const SITE_BREAKS: &[&str] = &[
    "about", "across", "after", "against", "along", "amid", "and", "are", "as", "at", "because",
    "before", "behind", "beside", "beyond", "but", "by", "during", "for", "from", "had", "has",
    "have", "if", "in", "inside", "into", "is", "left", "near", "of", "on", "onto", "or",
    "outside", "over", "said", "says", "since", "than", "that", "then", "through", "to", "toward",
    "towards", "under", "until", "was", "were", "when", "where", "which", "while", "who", "will",
    "with", "would",
];

/// Words of a prison sentence before "in prison" or "in jail".
const PENAL: &[&str] = &[
    "years",
    "year",
    "months",
    "life",
    "sentence",
    "sentenced",
    "faces",
    "face",
    "facing",
    "served",
    "serving",
    "spent",
    "time",
];

/// Words of care after violence: "died in hospital" is no place of the attack.
const CARE: &[&str] = &[
    "died",
    "dies",
    "treated",
    "admitted",
    "recovering",
    "remain",
    "remains",
    "remained",
    "hospitalised",
    "hospitalized",
    "taken",
    "rushed",
    "flown",
    "airlifted",
    "transferred",
    "succumbed",
    "discharged",
    "appeared",
    "appear",
    "appears",
    "appearing",
];

/// Gives each violent event or arrest the sites named after a preposition of place in its
/// sentence (`Role::Place`, as the text says it): where it happened below the town the
/// gazetteer resolves, or where the gazetteer knows no name.
fn assign_sites(a: &Annotated, places: &[PlaceMention], out: &mut [Cand]) {
    // Only the sentences that report an event, each once.
    let sentences: BTreeSet<usize> = out.iter().map(|c| c.sentence).collect();
    for si in sentences {
        let r = tok_range_of(a, si);
        for i in r.clone() {
            if !matches!(
                a.low(i),
                "at" | "in" | "near" | "outside" | "inside" | "on" | "into" | "behind"
            ) {
                continue;
            }
            let Some((start, head)) = site_after(a, i, r.end, places) else {
                continue;
            };
            let Some(b) = closest_cand(a, out, si, start, head + 1) else {
                continue;
            };
            let c = &mut out[b];
            let span = a.token_span(start, head + 1);
            // What is struck "at" or "outside" a site is struck there too: the site is the
            // target and the place ("a bomb exploded at a restaurant"); "an attack on the
            // embassy" names only the target, "fire on Cavehill Road" a place.
            let locative = !matches!(a.low(i), "on" | "into")
                || matches!(
                    a.low(head),
                    "street" | "road" | "highway" | "bridge" | "square" | "beach" | "platform"
                );
            let taken = c.roles.iter().any(|(role, vals)| {
                !(locative && matches!(role, Role::Target | Role::TargetOrg))
                    && vals
                        .iter()
                        .any(|v| v.span.start < span.end && span.start < v.span.end)
            });
            if matches!(
                c.kind,
                EventKind::Attack | EventKind::CounterOperation | EventKind::Arrest
            ) && !taken
            {
                c.push(Role::Place, value(a, start, head + 1, None));
            }
        }
    }
}

/// The site phrase after the preposition at token `i`: its first token after the determiner
/// and its head, the site noun that ends it.
fn site_after(
    a: &Annotated,
    i: usize,
    end: usize,
    places: &[PlaceMention],
) -> Option<(usize, usize)> {
    if (i.saturating_sub(3)..i).any(|k| CARE.contains(&a.low(k))) {
        return None;
    }
    let mut j = i + 1;
    if matches!(
        a.low(j),
        "the" | "a" | "an" | "his" | "her" | "their" | "its" | "this" | "that" | "one"
    ) {
        j += 1;
    }
    // The phrase: words, and the hyphens and possessives joining them, up to five.
    let mut k = j;
    while k < end && k - j < 5 {
        let t = a.tok(k);
        let joins = matches!(t, "-" | "'s" | "’s" | "'" | "’") && k > j;
        if !(a.tokens[k].kind == TokenKind::Word || joins) || SITE_BREAKS.contains(&a.low(k)) {
            break;
        }
        k += 1;
    }
    if k == j {
        return None;
    }
    let head = k - 1;
    let w = a.low(head);
    let area = AREAS.contains(&w);
    if !(SITES.contains(&w) || area) {
        return None;
    }
    // A sentence or a hearing is no scene: "faces up to 20 years in prison", "life in jail",
    // "appeared in court".
    let penal = (i.saturating_sub(5)..i).any(|x| PENAL.contains(&a.low(x)));
    if matches!(w, "prison" | "jail") && penal || w == "court" && a.low(i) == "in" {
        return None;
    }
    // A name cut at its "of" is no site: "the Palace of Princes restaurant".
    if !area && a.low(k) == "of" && a.tok(head).starts_with(char::is_uppercase) {
        return None;
    }
    // "years in office" is a term, and a word in capitals a heading ("HOUSE").
    let shouted = a.tok(head).len() > 1 && !a.tok(head).chars().any(char::is_lowercase);
    if w == "office" && j == head && a.low(i) == "in" || shouted {
        return None;
    }
    // A place the gazetteer resolves holds it ("Times Square", "Ghazni province").
    if places.iter().any(|p| p.start <= head && head < p.end) {
        return None;
    }
    if area {
        // No name after it ("the capital Kabul", "the town of Kafr Nabl", "the area, Aleppo")
        // and no place the gazetteer knows before it ("Aleppo city"): those name the place.
        // A name it does not know is the site ("the Karrada district").
        let cap = |x: usize| x < end && a.tok(x).starts_with(char::is_uppercase);
        let named_before = (j..head).any(cap);
        let named_after =
            cap(k) || a.low(k) == "of" && !named_before || a.low(k) == "," && cap(k + 1);
        let placed = places.iter().any(|p| p.start < head && j < p.end);
        if named_after || placed {
            return None;
        }
    }
    Some((j, head))
}

/// Whether the subject of the verb at `ts` is a feeling, a thought or a state of affairs,
/// which strikes no one: "the reality that had ambushed her", "grief struck the family", "doubts
/// attacked him".
fn feeling_subject(a: &Annotated, ts: usize, start: usize) -> bool {
    const FELT: &[&str] = &[
        "reality",
        "realities",
        "truth",
        "grief",
        "sadness",
        "sorrow",
        "fear",
        "fears",
        "doubt",
        "doubts",
        "anxiety",
        "panic",
        "nostalgia",
        "loneliness",
        "memories",
        "memory",
        "thought",
        "thoughts",
        "idea",
        "feeling",
        "feelings",
        "emotion",
        "emotions",
        "guilt",
        "shame",
        "depression",
        "boredom",
        "hunger",
        "fatigue",
        "exhaustion",
        "inspiration",
        "realization",
        "realisation",
        "nausea",
        "jealousy",
        "regret",
    ];
    let verb = a.low(ts);
    if !(verb.ends_with("ed") || matches!(verb, "struck" | "hit" | "hits" | "strikes" | "attacks"))
    {
        return false;
    }
    let mut i = ts;
    while i > start
        && matches!(
            a.low(i - 1),
            "had" | "has" | "have" | "that" | "which" | "suddenly" | "then" | "just" | "again"
        )
    {
        i -= 1;
    }
    i > start && FELT.contains(&a.low(i - 1))
}

/// Violence named twice in one phrase ("air strikes and shells targeting Deir Ezzor", "raids
/// and shelling on Douma"): two triggers joined by "and", "or" or a comma alone. What one of
/// them holds of place, the other holds too, when it has none of its own.
fn share_coordinated_places(a: &Annotated, out: &mut [Cand]) {
    // The candidates by (sentence, first trigger token): the one after a joining word is found
    // at once, not by a scan of the document's candidates for each.
    let mut starting: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (j, c) in out.iter().enumerate() {
        starting
            .entry((c.sentence, c.trigger.0))
            .or_default()
            .push(j);
    }
    for i in 0..out.len() {
        let key = (out[i].sentence, out[i].trigger.1 + 1);
        let Some(next) = starting.get(&key) else {
            continue;
        };
        for &j in next {
            let (x, y) = (&out[i], &out[j]);
            let joined = i != j
                && matches!(a.low(x.trigger.1), "and" | "or" | ",")
                && violent(x.kind)
                && violent(y.kind)
                && x.modality == y.modality;
            if !joined {
                continue;
            }
            let (from, to) = match (x.places.is_empty(), y.places.is_empty()) {
                (true, false) => (j, i),
                (false, true) => (i, j),
                _ => continue,
            };
            let places = out[from].places.clone();
            out[to].places = places;
        }
    }
}

/// An attack or an operation: violence done.
fn violent(k: EventKind) -> bool {
    matches!(k, EventKind::Attack | EventKind::CounterOperation)
}

fn give_place(p: &PlaceMention, c: &mut Cand) {
    if p.demonym {
        if c.kind == EventKind::Warning && p.place.precision == GeoPrecision::Region {
            c.push(
                Role::Region,
                RoleValue {
                    text: p.place.text.clone(),
                    id: None,
                    value: Some(Quantity::Symbol(p.place.name.clone())),
                    qualifier: None,
                    span: p.place.span,
                },
            );
        }
        return;
    }
    match c.kind {
        EventKind::Threat => c.push(Role::Scope, place_value(&p.place)),
        EventKind::Warning => c.push(Role::Region, place_value(&p.place)),
        EventKind::Arrest => c.push(Role::Place, place_value(&p.place)),
        _ => {}
    }
    if !c
        .places
        .iter()
        .any(|x| x.span == p.place.span || x.name == p.place.name && x.country == p.place.country)
    {
        c.places.push(p.place.clone());
    }
}

fn place_value(p: &PlaceRef) -> RoleValue {
    RoleValue {
        text: p.text.clone(),
        id: p.geonames_id.map(|g| format!("geonames:{g}")),
        value: p.country.clone().map(Quantity::Symbol),
        qualifier: None,
        span: p.span,
    }
}

/// Charges named in a sentence: "on suspicion of plotting …", "charged with preparation of
/// terrorist acts".
fn charges(a: &Annotated, r: std::ops::Range<usize>, c: &mut Cand) -> bool {
    let mut found = false;
    for i in r.clone() {
        if matches!(a.low(i), "charges" | "charged" | "suspicion") {
            let from = if matches!(a.low(i + 1), "of" | "with") {
                i + 2
            } else {
                i + 1
            };
            if let Some((ns, ne)) = np_after(a, from, r.end, 8) {
                c.push(Role::Charges, value(a, ns, ne, None));
                found = true;
            }
        }
    }
    found
}

/// The object of an active arrest verb at `ts..te`: "arrested 14 opposition activists in
/// Dhaka" → "14 opposition activists". Lower-case words and numbers up to a preposition or a
/// punctuation mark, ending on a plural or a person's noun; none after a passive ("were
/// arrested in five districts") or before a time or place ("arrested on Friday").
fn arrest_object(a: &Annotated, ts: usize, te: usize, end: usize) -> Option<(usize, usize)> {
    const VERBS: &[&str] = &[
        "arrested",
        "arrest",
        "arrests",
        "detained",
        "detain",
        "detains",
        "rounded",
        "jailed",
        "apprehended",
        "nabbed",
        "captured",
        // "took into custody a suspected militant"
        "custody",
    ];
    const PERSON: &[&str] = &[
        "man",
        "woman",
        "boy",
        "girl",
        "teenager",
        "youth",
        "student",
        "journalist",
        "activist",
        "cleric",
        "imam",
        "soldier",
        "officer",
        "person",
        "individual",
        "worker",
        "farmer",
        "driver",
        "trader",
        "leader",
        "member",
        "suspect",
        "protester",
        "militant",
        "aide",
        "adviser",
        "advisor",
        "deputy",
        "bodyguard",
        "editor",
        "director",
        "official",
    ];
    let rounded_up = a.low(ts) == "rounded" && a.low(ts + 1) == "up";
    if !(te == ts + 1 || rounded_up && te == ts + 2) || !VERBS.contains(&a.low(ts)) {
        return None;
    }
    if ts > 0
        && matches!(
            a.low(ts - 1),
            "was" | "were" | "been" | "be" | "being" | "is" | "are" | "get" | "got"
        )
    {
        return None;
    }
    let start = if rounded_up && te == ts + 1 {
        te + 1
    } else {
        te
    };
    let mut k = start;
    while k < end.min(start + 6) {
        let t = &a.tokens[k];
        let w = a.low(k);
        // A name may qualify the head past the first word: "two Boko Haram commanders".
        let name_inside = k > start && a.tok(k).chars().next().is_some_and(char::is_uppercase);
        // "three Al-Shabaab fighters": a hyphen inside a name.
        let hyphen = k > start && a.tok(k) == "-" && a.tok(k - 1).starts_with(char::is_uppercase);
        // "the opposition leader's aide": a possessive inside the phrase.
        let possessive = k > start && matches!(w, "'s" | "’s") && k + 1 < end;
        let word = (t.kind == vigil_model::TokenKind::Word
            && (a.tok(k).chars().all(|ch| ch.is_lowercase() || ch == '-') || name_inside)
            || hyphen
            || possessive)
            && !matches!(
                w,
                "in" | "on"
                    | "ahead"
                    | "before"
                    | "amid"
                    | "under"
                    | "without"
                    | "outside"
                    | "inside"
                    | "across"
                    | "around"
                    | "throughout"
                    | "into"
                    | "to"
                    | "while"
                    | "when"
                    | "because"
                    | "despite"
                    | "at"
                    | "for"
                    | "after"
                    | "during"
                    | "over"
                    | "near"
                    | "and"
                    | "who"
                    | "from"
                    | "with"
                    | "by"
                    | "as"
                    | "since"
                    | "following"
                    | "last"
                    | "this"
                    | "yesterday"
                    | "overnight"
                    | "earlier"
                    | "again"
                    | "early"
                    | "late"
                    | "today"
                    | "him"
                    | "her"
                    | "them"
                    | "it"
            );
        if !(word || t.kind == vigil_model::TokenKind::Number) {
            break;
        }
        k += 1;
    }
    if k == start {
        return None;
    }
    let head = a.low(k - 1);
    let plural = head.len() > 3 && head.ends_with('s') && !head.ends_with("ss");
    // What is captured may be a place or a thing ("captured two villages"): only people.
    let people = PEOPLE.contains(&head)
        || PERP_NOUNS.contains(&head)
        || ["ers", "ists", "ants", "ees"]
            .iter()
            .any(|x| head.ends_with(x));
    let plural = plural && (a.low(ts) != "captured" || people);
    (plural || PERSON.contains(&head)).then_some((start, k))
}

/// Whether the group at token `gs` is the victims' own, not the attackers' of the trigger at
/// `ts..te`: "Pizarro, former leader of the M-19, was killed" (the group of a passive victim's
/// apposition), "the murder of Jecar Neghme, spokesman of the MIR" (the group in the trigger's
/// object, after a member's noun and "of"), or "the peace process with M-19 … the murder of
/// two members of that organisation" (the object names members of a group told before).
fn victims_group(
    a: &Annotated,
    r: &std::ops::Range<usize>,
    (ts, te): (usize, usize),
    gs: usize,
) -> bool {
    const MEMBER: &[&str] = &[
        "member",
        "members",
        "spokesman",
        "spokeswoman",
        "leader",
        "leaders",
        "commander",
        "commanders",
        "head",
        "founder",
        "chief",
        "official",
        "officials",
        "militant",
        "militants",
        "fighter",
        "fighters",
        "activist",
        "activists",
        "supporter",
        "supporters",
        "representative",
        "negotiator",
        "cadre",
        "cadres",
        "militiamen",
    ];
    let member_of = |i: usize| MEMBER.contains(&a.low(i)) && a.low(i + 1) == "of";
    // An alias in brackets: "the 19 April Movement (M-19)".
    if gs > r.start + 1 && a.low(gs - 1) == "(" {
        if let Some(m) = a.actors.iter().find(|m| m.end == gs - 1) {
            if victims_group(a, r, (ts, te), m.start) {
                return true;
            }
        }
    }
    let passive = (gs..(ts + 1).min(r.end)).find(|&k| {
        matches!(a.low(k), "was" | "were")
            && matches!(
                a.low(k + 1),
                "killed"
                    | "murdered"
                    | "assassinated"
                    | "shot"
                    | "wounded"
                    | "injured"
                    | "kidnapped"
                    | "abducted"
                    | "executed"
            )
    });
    // "Pizarro, former leader of the M-19, was killed": the group of the passive victim's
    // apposition, with no "by" on the way to the trigger.
    if gs < ts
        && passive.is_some_and(|k| (gs..k).all(|j| a.low(j) != "by"))
        && (gs.saturating_sub(3).max(r.start)..gs).any(member_of)
    {
        return true;
    }
    // The trigger's object is the group's holdings or fighters: "Turkish jets bombed PKK
    // targets", "air strikes on al-Shabaab positions", "shelled IS hideouts".
    const HELD: &[&str] = &[
        "targets",
        "positions",
        "position",
        "bases",
        "base",
        "hideouts",
        "hideout",
        "camps",
        "camp",
        "strongholds",
        "stronghold",
        "fighters",
        "militants",
        "members",
        "vehicles",
        "convoy",
        "headquarters",
        "outposts",
        "checkpoints",
        "sites",
        "depots",
        "tunnels",
    ];
    if gs >= te
        && gs <= te + 2
        && (te..gs).all(|k| matches!(a.low(k), "on" | "against" | "at" | "the"))
        && a.actors
            .iter()
            .find(|m| m.start == gs)
            .is_some_and(|m| HELD.contains(&a.low(m.end)))
    {
        return true;
    }
    // The trigger's object: "murder of", "killing of", "assassination of".
    if a.low(te) != "of" {
        return false;
    }
    let end = (te + 12).min(r.end);
    // "of X, spokesman of the MIR": a member's noun, "of", at most two words, the group.
    // An alias in brackets after it ("the MIR (Movement of the Revolutionary Left)") too.
    if gs > te
        && gs < end
        && (te + 1..gs).all(|k| a.low(k) != "by")
        && (te + 1..gs)
            .any(|i| member_of(i) && (gs <= i + 4 || gs <= i + 8 && a.low(gs - 1) == "("))
    {
        return true;
    }
    // "members of that subversive organization": the object's group is the one told before
    // the trigger, wherever the sentence names it again ("… to the M-19 camp").
    let anaphoric = (te + 1..end).any(|i| {
        member_of(i)
            && matches!(a.low(i + 2), "that" | "this" | "the" | "its")
            && (i + 2..(i + 6).min(end)).any(|k| {
                matches!(
                    a.low(k),
                    "organization" | "organisation" | "group" | "movement"
                )
            })
    });
    if !anaphoric {
        return false;
    }
    let id_at = |k: usize| {
        a.actors
            .iter()
            .find(|m| m.start == k)
            .map(|m| m.id.as_str())
    };
    gs < te
        || id_at(gs).is_some_and(|id| {
            a.actors
                .iter()
                .any(|m| r.contains(&m.start) && m.end <= te && m.id == id)
        })
}

/// A later sentence naming who is blamed: "police suspected militants of the Kurdistan Workers
/// Party (PKK)" gives the last attack its suspected perpetrator.
fn continue_blame(a: &Annotated, s: &Sent, out: &mut [Cand], si: usize) {
    let r = s.range.clone();
    let Some(verb) = r.clone().find(|&i| {
        matches!(
            a.low(i),
            "suspected" | "suspect" | "suspects" | "blamed" | "blames" | "blame" | "accused"
        )
    }) else {
        return;
    };
    if s.groups.iter().all(|g| g.start < verb) || denies(a, &r) {
        return;
    }
    let Some(c) = out
        .iter_mut()
        .rev()
        .find(|c| c.kind == EventKind::Attack && !c.caption && !c.reference_only)
    else {
        return;
    };
    for g in s.groups.iter().filter(|g| g.start > verb) {
        c.push(Role::PerpetratorOrg, actor_value(a, g));
    }
    if !c.evidence.contains(&si) {
        c.evidence.push(si);
    }
}

/// A later sentence about the person arrested: "The man has been charged with …".
fn continue_arrest(a: &Annotated, s: &Sent, out: &mut [Cand], si: usize) {
    let r = s.range.clone();
    let refers = (r.start..(r.start + 3).min(r.end)).any(|i| {
        matches!(
            a.low(i),
            "man" | "woman" | "suspect" | "suspects" | "teenager" | "he" | "she" | "they" | "men"
        )
    });
    if !refers {
        return;
    }
    let Some(c) = out
        .iter_mut()
        .rev()
        .find(|c| c.kind == EventKind::Arrest && !c.caption && !c.reference_only)
    else {
        return;
    };
    if charges(a, r, c) && !c.evidence.contains(&si) {
        c.evidence.push(si);
    }
}

/// Whether a sentence tells of another scene than event `c`: another city, another day, or
/// "another", "a separate", "an earlier" … event ("Another bomb killed 110 people in Mosul").
/// Whether sentence `s` names a town or area in a country none of the places of `c`'s
/// sentences is in: a digest's next item, not the toll of the attack before it.
/// The places (not demonyms) that the sentences of candidate `c` name: its scene while its
/// own places are given out only once every sentence is read.
fn told_places<'p>(c: &'p Cand, places: &'p [PlaceMention]) -> impl Iterator<Item = &'p PlaceRef> {
    places
        .iter()
        .filter(move |q| c.evidence.contains(&q.sentence) && !q.demonym)
        .map(|q| &q.place)
}

fn other_country(s: &Sent, c: &Cand, places: &[PlaceMention]) -> bool {
    let countries = || told_places(c, places).filter_map(|q| q.country.as_deref());
    countries().next().is_some()
        && s.places.iter().any(|p| {
            !p.demonym
                && p.place.precision < GeoPrecision::Country
                && p.place
                    .country
                    .as_deref()
                    .is_some_and(|x| countries().all(|y| y != x))
        })
}

fn other_scene(a: &Annotated, s: &Sent, c: &Cand, places: &[PlaceMention]) -> bool {
    // The event's towns: its own, and those its sentences name (its places are given out only
    // once every sentence is read).
    let towns = || {
        c.places
            .iter()
            .chain(told_places(c, places))
            .filter(|q| q.precision == GeoPrecision::City)
    };
    let elsewhere = s.places.iter().any(|p| {
        p.place.precision == GeoPrecision::City
            && !p.demonym
            && towns().next().is_some()
            && towns().all(|q| q.geonames_id != p.place.geonames_id)
    });
    let another_time = s.times.iter().map(|&i| &a.times[i]).any(|t| {
        t.to.is_some()
            && c.time
                .as_ref()
                .is_none_or(|ct| ct.end != t.to || ct.start != t.from)
    });
    elsewhere
        || another_time
        || s.range.clone().any(|i| {
            matches!(
                a.low(i),
                "another" | "separate" | "similar" | "earlier" | "previous" | "second" | "ago"
            )
        })
}

/// A sentence with casualty figures but no trigger ("At least 10 people were killed") reports
/// on the last attack of the same part of the article.
fn continue_attack(
    a: &Annotated,
    s: &Sent,
    out: &mut [Cand],
    si: usize,
    caption: bool,
    places: &[PlaceMention],
) {
    let Some(c) = out
        .iter_mut()
        .rev()
        .find(|c| violent(c.kind) && c.caption == caption && !c.reference_only)
    else {
        return;
    };
    if other_scene(a, s, c, places) {
        return;
    }
    let before = c.roles.values().map(Vec::len).sum::<usize>();
    casualties(a, s, c);
    if !c.roles.is_empty() && c.roles.values().map(Vec::len).sum::<usize>() > before
        || c.evidence.last() == Some(&(si - 1))
    {
        for h in s.hits.iter().filter(|h| wielded(a, h)) {
            c.push(Role::Weapon, value(a, h.start, h.end, None));
        }
    }
    if c.roles.values().map(Vec::len).sum::<usize>() > before && !c.evidence.contains(&si) {
        c.evidence.push(si);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Extractor, Input};
    use vigil_model::{EventKind, Role, RoleValue};

    /// The kinds of a text's events, in order.
    fn kinds(x: &Extractor, text: &str) -> Vec<EventKind> {
        let out = x.extract(&Input::text("t", text));
        out.events.iter().map(|e| e.kind).collect()
    }

    /// The values of a role over a text's events of one kind (of every kind with `None`).
    fn role_values(
        x: &Extractor,
        text: &str,
        kind: Option<EventKind>,
        role: Role,
    ) -> Vec<RoleValue> {
        let out = x.extract(&Input::text("t", text));
        out.events
            .iter()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .flat_map(|e| e.role(role).iter().cloned())
            .collect()
    }

    /// The texts of [`role_values`].
    fn role_texts(x: &Extractor, text: &str, kind: Option<EventKind>, role: Role) -> Vec<String> {
        role_values(x, text, kind, role)
            .into_iter()
            .map(|v| v.text)
            .collect()
    }

    /// The places of every event of `text`, as written.
    fn place_texts(x: &Extractor, text: &str) -> Vec<String> {
        x.extract(&Input::text("t", text))
            .events
            .into_iter()
            .flat_map(|e| e.places.into_iter().map(|p| p.text))
            .collect()
    }

    fn agencies(x: &Extractor, text: &str) -> Vec<String> {
        role_texts(x, text, Some(EventKind::Arrest), Role::Agency)
    }

    #[test]
    fn the_killed_told_before_the_attack_are_its_victims() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        for (text, victim) in [
            (
                "Five soldiers were killed in an ambush by militants in Diffa on Monday.",
                "Five soldiers",
            ),
            (
                "Radio reports 12 soldiers were killed in an ambush on a military bus.",
                "12 soldiers",
            ),
            (
                "Gunmen attacked the village. At least five civilians were killed in the attack.",
                "At least five civilians",
            ),
            // Forces killed are victims, not the attack's perpetrators.
            (
                "Five members of the security forces were killed in an ambush in Diffa.",
                "the security forces",
            ),
        ] {
            assert_eq!(
                role_texts(&x, text, attack, Role::Victim),
                [victim],
                "{text}"
            );
        }
        let text = "Five members of the security forces were killed in an ambush in Diffa.";
        assert!(role_texts(&x, text, attack, Role::PerpetratorIndividual).is_empty());
        // Killed in something that is no attack: no victim of the ambush before it.
        let text = "Militants ambushed a convoy on Monday; two drivers were killed in a crash.";
        assert!(!role_texts(&x, text, attack, Role::Victim).contains(&"two drivers".to_string()));
    }

    #[test]
    fn a_dash_opening_a_source_leaves_the_place_before_it() {
        let x = Extractor::new().unwrap();
        assert_eq!(
            place_texts(
                &x,
                "Turkish military kills 55 Islamic State fighters north of Aleppo -military \
                 sources"
            ),
            ["Aleppo"]
        );
        // A hyphen joining the name to a word makes it a modifier.
        assert!(place_texts(&x, "A U.S.-made Humvee was hit by a bomb on Monday.").is_empty());
    }

    #[test]
    fn forces_placed_before_their_verb_still_make_an_operation() {
        let x = Extractor::new().unwrap();
        for text in [
            "Security forces killed 10 militants in Borno on Friday.",
            "Security forces in Nigeria killed 10 militants in Borno on Friday.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::CounterOperation], "{text}");
        }
        // An armed group's forces are no state's: their blow is an attack.
        let text = "Houthi forces shelled residential areas in Taiz city, killing a child.";
        assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
    }

    fn perpetrator_orgs(x: &Extractor, text: &str) -> Vec<String> {
        role_texts(x, text, Some(EventKind::Attack), Role::PerpetratorOrg)
            .into_iter()
            .map(|t| t.to_lowercase())
            .collect()
    }

    #[test]
    fn the_victims_own_group_is_not_the_perpetrator() {
        let x = Extractor::new().unwrap();
        for text in [
            "The court ordered an inquiry into the murder of Jecar Neghme, spokesman of the \
             Movement of the Revolutionary Left (MIR), on a street in Santiago.",
            "Carlos Pizarro, former leader of the 19 April Movement (M-19), was killed by \
             three bullets fired at him aboard a plane.",
            "Talks with the 19 April Movement (M-19) stalled after the murder of two members \
             of that guerrilla organization near Cali.",
        ] {
            assert_eq!(perpetrator_orgs(&x, text), Vec::<String>::new(), "{text}");
        }
        // Named as the one who kills, the group stays the perpetrator.
        assert_eq!(
            perpetrator_orgs(
                &x,
                "A member of Boko Haram killed two villagers in an attack on Monday."
            ),
            ["boko haram"]
        );
        // The number of a name is no toll.
        let killed = role_texts(
            &x,
            "Fighters of the 19 April Movement killed a guard in an attack on Monday.",
            None,
            Role::Killed,
        );
        assert!(!killed.contains(&"19".to_string()), "{killed:?}");
    }

    #[test]
    fn a_person_named_alone_as_killed_is_a_toll_of_one() {
        let x = Extractor::new().unwrap();
        let killed = |text: &str| -> Vec<Option<vigil_model::Quantity>> {
            role_values(&x, text, None, Role::Killed)
                .into_iter()
                .map(|v| v.value)
                .collect()
        };
        let one = vec![Some(vigil_model::Quantity::Number(1))];
        assert_eq!(
            killed("Assailants shot and killed Ahmed Ali in Kismayo."),
            one
        );
        assert_eq!(killed("Ahmed Ali was shot dead in Kismayo on Monday."), one);
        // Two people named: not one.
        assert!(killed("Gunmen killed Ahmed Ali and his son in Kismayo.").is_empty());
        // Death row and the death penalty are no deaths.
        assert!(!killed(
            "After the bombing in Kano, 41 inmates on death row were moved to another prison."
        )
        .contains(&Some(vigil_model::Quantity::Number(41))));
    }

    #[test]
    fn weapons_aircraft_and_forces_strike_with_plain_verbs() {
        let x = Extractor::new().unwrap();
        let op = EventKind::CounterOperation;
        for (text, want) in [
            ("Coalition warplanes target villages near Raqqa.", vec![op]),
            (
                "Turkish drones hit militant hideouts in northern Iraq.",
                vec![op],
            ),
            (
                "Regime forces fired surface-to-surface missiles at the town of Kafranbel.",
                vec![op],
            ),
            (
                "Rockets fired from Gaza landed in open fields near Sderot.",
                vec![EventKind::Attack],
            ),
            (
                "Houthi rebels launched a ballistic missile toward Riyadh.",
                vec![EventKind::Attack],
            ),
            // The verb of an event the lexicon names is that event's, not a second one.
            (
                "Intense missile strikes target neighbourhoods of Aleppo city.",
                vec![EventKind::Attack],
            ),
            (
                "Airstrikes target villages in the countryside of Idlib.",
                vec![op],
            ),
            (
                "Rebels target villages in the Hama countryside.",
                vec![EventKind::Attack],
            ),
            (
                "Gunmen fired several shots at the car of a judge in Lahore.",
                vec![EventKind::Attack],
            ),
            (
                "Helicopters drop 12 barrels in the Western Ghouta.",
                vec![op],
            ),
            (
                "Casualties in raids by warplanes on the countryside of Aleppo.",
                vec![op],
            ),
            // "targets" after a group named as the object is a noun.
            (
                "Turkish jets hit 39 Islamic State targets, the army said.",
                vec![op],
            ),
            // One state's blow does not cancel another's (a sentence gives one operation).
            (
                "Turkish forces shell Afrin and regime forces target the outskirts of Aleppo.",
                vec![op],
            ),
            // A launch of several things; a projectile fired at something; bombs aircraft
            // drop; fighting named as such.
            (
                "Police fired tear gas and live rounds at students in Dhaka, killing one.",
                vec![op],
            ),
            (
                "Two rockets were fired at the airport in Erbil on Tuesday.",
                vec![EventKind::Attack],
            ),
            (
                "Regime helicopters dropped barrel bombs on Darayya.",
                vec![op],
            ),
            (
                "Fighting broke out between the army and separatists near Bamenda.",
                vec![EventKind::Attack],
            ),
        ] {
            assert_eq!(kinds(&x, text), want, "{text}");
        }
        assert_eq!(
            role_texts(
                &x,
                "Turkish drones hit militant hideouts in northern Iraq.",
                None,
                Role::Operator
            ),
            ["Turkish drones"]
        );
        // A state's guns told by its adjective are the state's operation; a group's stay an
        // attack.
        let text = "Israeli artillery shelled the outskirts of Khan Younis on Tuesday.";
        assert_eq!(kinds(&x, text), [op], "{text}");
        assert_eq!(
            role_texts(&x, text, None, Role::Operator),
            ["Israeli artillery"]
        );
        let text = "Houthi artillery shelled Taiz.";
        assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        // A verb's particle is no part of whom it struck.
        assert_eq!(
            role_texts(
                &x,
                "On 1 January 2020, unidentified gunmen shot dead a civilian in Khost city.",
                None,
                Role::Victim
            ),
            ["a civilian"]
        );
        // Role values stop at the verb and the preposition before them.
        assert_eq!(
            role_texts(
                &x,
                "A roadside bomb exploded under a police truck in Kandahar.",
                None,
                Role::Target
            ),
            ["a police truck"]
        );
        assert_eq!(
            role_texts(
                &x,
                "A suspected chemical attack on Saraqib killed eleven civilians.",
                None,
                Role::Target
            ),
            ["Saraqib"]
        );
        assert_eq!(
            role_texts(
                &x,
                "Israeli drones struck a motorcycle in southern Lebanon.",
                None,
                Role::TargetOrg
            ),
            ["a motorcycle"]
        );
        // Warning shots fired at a crowd harm no one.
        assert_eq!(kinds(&x, "Warning shots were fired at the crowd."), []);
    }

    #[test]
    fn launches_landings_and_targets_that_are_no_blows() {
        let x = Extractor::new().unwrap();
        for text in [
            "SpaceX launched a rocket carrying two satellites into orbit.",
            "The helicopter landed at the hospital in Kabul.",
            "Shell hits record profits as oil prices climb.",
            "A cargo aircraft may drop bombs, a truck may carry artillery.",
            "The company plans to target younger buyers with the new phone.",
            "The embassy was declared a military target.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
    }

    #[test]
    fn the_counted_dead_with_no_other_cause_were_killed() {
        let x = Extractor::new().unwrap();
        for text in [
            "8 killed in Hama on Tuesday",
            "Seven people were killed in the town of Khan Shaykhun today.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        }
        assert_eq!(
            role_texts(&x, "8 killed in Hama on Tuesday", None, Role::Killed),
            ["8"]
        );
        for text in [
            "Eight people were killed in a bus crash near Quetta.",
            "Three were killed when the storm reached the coast.",
            "More than 300 people were killed in five years.",
            "It would be worse if one were killed.",
            "How many people were killed is not known.",
            "24 have been killed in Iraq or Syria.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
    }

    #[test]
    fn the_dead_told_as_nouns_and_in_headlines_were_killed() {
        let x = Extractor::new().unwrap();
        let op = EventKind::CounterOperation;
        for (text, want) in [
            (
                "Five martyrs in the raids on the town of Kafr Nabl",
                vec![EventKind::Attack],
            ),
            (
                "Casualties and injuries in the eastern countryside of Homs",
                vec![EventKind::Attack],
            ),
            (
                "More casualties in the northern countryside of Idlib",
                vec![EventKind::Attack],
            ),
            (
                "Two Iranian fighters killed near Aleppo",
                vec![EventKind::Attack],
            ),
            (
                "Afghan army personnel killed in Helmand",
                vec![EventKind::Attack],
            ),
            (
                "Targeting of a car causes 6 casualties near Jisr al-Shughur",
                vec![EventKind::Attack],
            ),
            (
                "The Islamic State execute a shepherd in the countryside of Raqqa",
                vec![EventKind::Attack],
            ),
            (
                "Raids carried out by Russian warplanes on the town of Saraqib",
                vec![op],
            ),
            (
                "4 casualties at least and 12 injuries at the eastern neighbourhoods of Aleppo",
                vec![EventKind::Attack],
            ),
            (
                "Four migrants were killed by the border guards' fire near Kilis",
                vec![EventKind::Attack],
            ),
            (
                "Abu Omar al-Shami killed in the countryside of Idlib",
                vec![EventKind::Attack],
            ),
        ] {
            assert_eq!(kinds(&x, text), want, "{text}");
        }
        // Raids that strike with no force named come from the air; a force's raids are its.
        let subtype = |text: &str| -> Vec<String> {
            x.extract(&Input::text("t", text))
                .events
                .iter()
                .map(|e| e.subtype.clone())
                .collect()
        };
        assert_eq!(
            subtype("More raids target the southern countryside of Idlib"),
            ["air_strike"]
        );
        assert_eq!(
            subtype("Police raids target drug dealers across the capital."),
            ["raid"]
        );
        assert_eq!(
            role_texts(
                &x,
                "12 casualties and several injuries at least in the city of Douma",
                None,
                Role::Killed
            ),
            ["12"]
        );
        for text in [
            "Officials in the district reported no fatalities.",
            "If used well, such weapons could inflict a large number of casualties.",
            "The army says it inflicted over 100 casualties on the rebels this year.",
            "There were no casualties in the region.",
            "The dead were buried on Friday.",
            "Casualties of the long war are still being counted.",
            "Nurses treated the dead and the injured for hours.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
    }

    #[test]
    fn an_earlier_event_told_in_its_own_clause_keeps_its_toll() {
        let x = Extractor::new().unwrap();
        let text = "Gunmen killed five people at a market in Kano on Monday, a day after a \
                    similar attack killed 17 in Maiduguri.";
        let out = x.extract(&Input::text("t", text));
        use vigil_model::Modality;
        let killed = |m: Modality| -> Vec<String> {
            out.events
                .iter()
                .filter(|e| e.modality == m)
                .flat_map(|e| e.role(Role::Killed).iter().map(|v| v.text.clone()))
                .collect()
        };
        assert_eq!(killed(Modality::Asserted), ["five"]);
        assert_eq!(killed(Modality::Historical), ["17"]);
        let perpetrators: Vec<&str> = out
            .events
            .iter()
            .filter(|e| e.modality == Modality::Historical)
            .flat_map(|e| {
                e.role(Role::PerpetratorIndividual)
                    .iter()
                    .map(|v| v.text.as_str())
            })
            .collect();
        assert!(perpetrators.is_empty(), "{perpetrators:?}");
    }

    /// The modality of every event of `text`.
    fn modalities(x: &Extractor, text: &str) -> Vec<vigil_model::Modality> {
        x.extract(&Input::text("t", text))
            .events
            .iter()
            .map(|e| e.modality)
            .collect()
    }

    #[test]
    fn the_month_of_may_is_no_modal() {
        use vigil_model::Modality;
        let x = Extractor::new().unwrap();
        let modality = |text: &str| modalities(&x, text);
        assert_eq!(
            modality("On 5 May, police arrested 3 JMB members in Dhaka."),
            [Modality::Asserted]
        );
        assert_eq!(
            modality("Police may arrest the suspects in Dhaka."),
            [Modality::Hypothetical]
        );
    }

    #[test]
    fn reported_casualties_do_not_make_the_attack_reported() {
        use vigil_model::Modality;
        let x = Extractor::new().unwrap();
        let modality = |text: &str| modalities(&x, text);
        assert_eq!(
            modality(
                "There were no reported casualties in the attack on the police post in Peshawar."
            ),
            [Modality::Asserted]
        );
        assert_eq!(
            modality("A bomb reportedly exploded near the police post in Peshawar."),
            [Modality::Reported]
        );
        assert_eq!(
            modality("Gunmen reportedly attacked the police post in Peshawar."),
            [Modality::Reported]
        );
    }

    #[test]
    fn a_preposition_does_not_open_a_role_value() {
        let x = Extractor::new().unwrap();
        let text =
            "Clashes erupted between protesters and police in Lagos, and more than 20 were killed.";
        let out = x.extract(&Input::text("t", text));
        let values: Vec<&str> = out
            .events
            .iter()
            .flat_map(|e| e.roles.values().flatten().map(|v| v.text.as_str()))
            .collect();
        assert!(values.contains(&"protesters"), "{values:?}");
        assert!(
            !values.iter().any(|v| v.starts_with("between")),
            "{values:?}"
        );
    }

    #[test]
    fn a_chemical_agent_makes_an_unconventional_attack() {
        let x = Extractor::new().unwrap();
        for (text, agent) in [
            ("Activists accused government forces of using toxic gas in an attack on Douma.", "toxic gas"),
            ("Dozens suffered breathing difficulties after a suspected chlorine attack in Saraqib.", "chlorine"),
        ] {
            let out = x.extract(&Input::text("t", text));
            let e = out.events.iter().find(|e| e.kind == EventKind::Attack).expect(text);
            assert_eq!(e.subtype, "unconventional", "{text}");
            assert!(e.role(Role::Weapon).iter().any(|v| v.text == agent), "{text}");
        }
    }

    #[test]
    fn who_speaks_of_an_arrest_is_no_suspect_and_an_age_stays_whole() {
        let x = Extractor::new().unwrap();
        assert_eq!(
            role_texts(
                &x,
                "Police spokesman Mark Evans said a 19-year-old suspect was arrested at 10:30.",
                Some(EventKind::Arrest),
                Role::Suspect
            ),
            ["a 19-year-old suspect"]
        );
        // A militant chief is no police chief.
        assert_eq!(
            role_texts(
                &x,
                "Police arrested Taliban chief Mullah Abdul Rahman in Quetta.",
                Some(EventKind::Arrest),
                Role::Suspect
            ),
            ["Abdul Rahman"]
        );
        assert_eq!(
            role_texts(
                &x,
                "A 24-year-old man was stabbed to death in Bradford on Saturday.",
                None,
                Role::Victim
            ),
            ["A 24-year-old man"]
        );
        // A maker named before a landmark is no place of its own: the landmark stays.
        let out = x.extract(&Input::text(
            "t",
            "Two people were killed when a U.S.-made Humvee packed with explosives blew up at \
             a checkpoint south of Baghdad.",
        ));
        let places: Vec<&str> = out
            .events
            .iter()
            .flat_map(|e| e.places.iter().map(|p| p.text.as_str()))
            .collect();
        assert_eq!(places, ["Baghdad"]);
    }

    #[test]
    fn an_explosion_proves_itself_only_as_a_thing_that_explodes() {
        let x = Extractor::new().unwrap();
        assert_eq!(
            kinds(
                &x,
                "This explosion of freedom came with the return of democracy."
            ),
            []
        );
        assert_eq!(
            kinds(
                &x,
                "The explosion of more landmines left casualties near the town."
            ),
            [EventKind::Attack]
        );
    }

    #[test]
    fn the_kidnapped_counted_are_the_victims() {
        let x = Extractor::new().unwrap();
        // The victim after the verb of perpetrators named as the trigger.
        assert_eq!(
            role_texts(
                &x,
                "Gunmen killed and wounded a policeman in Zamfara.",
                None,
                Role::Victim
            ),
            ["a policeman"]
        );
        assert_eq!(
            role_texts(
                &x,
                "Gunmen abducted three engineers near Port Harcourt on Sunday.",
                None,
                Role::Victim
            ),
            ["three engineers"]
        );
    }

    #[test]
    fn dangers_faced_or_posed_and_denied_threats_are_no_threats() {
        let x = Extractor::new().unwrap();
        for text in [
            "There is no specific and credible threat against the city at this time.",
            "The officer sustained non-life threatening injuries in the crash.",
            "None of the wounds are considered life-threatening.",
            "The leak was small and did not pose a threat to residents.",
            "The country must keep its values in the face of threats from extremists.",
            "We have faced a serious terrorist threat in this country for many years.",
            "The city is not going to be intimidated by this, the mayor said.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
        assert_eq!(
            kinds(
                &x,
                "The Islamic State issued a new threat against Belgium on Monday."
            ),
            [EventKind::Threat]
        );
    }

    #[test]
    fn passive_arrests_and_threats_over_a_particle_name_whom() {
        let x = Extractor::new().unwrap();
        for (text, suspect) in [
            (
                "The journalist was arrested at his home in Istanbul on Friday.",
                "The journalist",
            ),
            (
                "Dozens of protesters were rounded up by police in Harare.",
                "protesters",
            ),
        ] {
            assert_eq!(
                role_texts(&x, text, Some(EventKind::Arrest), Role::Suspect),
                [suspect],
                "{text}"
            );
        }
        assert_eq!(
            role_texts(
                &x,
                "A man threatened to blow up the mosque, police said.",
                Some(EventKind::Threat),
                Role::Target
            ),
            ["the mosque"]
        );
    }

    #[test]
    fn raids_and_executions_are_violence() {
        let x = Extractor::new().unwrap();
        for text in [
            "Six people were wounded in the raids that targeted Idlib city on Monday.",
            "Executing two men in Idlib city on charges of spying for the regime forces.",
        ] {
            assert!(kinds(&x, text).contains(&EventKind::Attack), "{text}");
        }
    }

    #[test]
    fn what_people_do_whenever_they_do_it_is_no_attack() {
        let x = Extractor::new().unwrap();
        assert!(kinds(
            &x,
            "When they attack police officers, rioters symbolically reject the state's forces."
        )
        .is_empty());
        // A past attack told with "when" is one.
        assert_eq!(
            kinds(
                &x,
                "When they attacked the police station in Kano, militants killed two officers."
            ),
            [EventKind::Attack]
        );
    }

    #[test]
    fn soldiers_who_shoot_gunmen_run_an_operation() {
        let x = Extractor::new().unwrap();
        let text = "Soldiers in Mali shot dead two gunmen near Gao on Sunday.";
        assert_eq!(kinds(&x, text), [EventKind::CounterOperation]);
        assert_eq!(
            role_texts(&x, text, Some(EventKind::CounterOperation), Role::TargetOrg),
            ["two gunmen"]
        );
        // The other way round, an attack by the gunmen.
        assert_eq!(
            kinds(&x, "Gunmen shot dead two soldiers near Gao on Sunday."),
            [EventKind::Attack]
        );
    }

    #[test]
    fn the_object_of_an_active_arrest_is_the_suspect() {
        let x = Extractor::new().unwrap();
        let suspects = |text: &str| role_texts(&x, text, Some(EventKind::Arrest), Role::Suspect);
        assert_eq!(
            suspects("Police arrested 14 opposition activists in Dhaka on Friday."),
            ["14 opposition activists"]
        );
        assert_eq!(
            suspects("Authorities rounded up dozens of suspected militants overnight."),
            ["dozens of suspected militants"]
        );
        // A time after the verb is no suspect.
        assert!(suspects("Police arrested on Friday in Dhaka.").is_empty());
        assert_eq!(
            suspects("Soldiers captured three Al-Shabaab fighters near Kismayo."),
            ["three Al-Shabaab fighters"]
        );
        assert_eq!(
            suspects("Authorities took into custody a suspected militant in Tijuana."),
            ["a suspected militant"]
        );
        assert_eq!(
            suspects("Four men were held for questioning after the blast in Quetta."),
            ["Four men"]
        );
        // A journalist arrested is the suspect, not someone reporting it; nor does an activist
        // held need a trade the list of people knows.
        assert_eq!(
            suspects("Authorities arrested a journalist in Istanbul over his reporting."),
            ["a journalist"]
        );
        assert_eq!(
            suspects("The activist was taken into custody by police in Hong Kong."),
            ["The activist"]
        );
        // What is captured may be no one.
        let kinds = |text: &str| -> Vec<EventKind> {
            x.extract(&Input::text("t", text))
                .events
                .iter()
                .map(|e| e.kind)
                .collect()
        };
        assert!(
            !kinds("Rebels captured two villages near the Syrian border.")
                .contains(&EventKind::Arrest)
        );
    }

    #[test]
    fn a_state_named_as_where_is_not_the_arresting_agency() {
        let x = Extractor::new().unwrap();
        assert_eq!(
            agencies(
                &x,
                "Police in Bangladesh arrested 14 men in Dhaka on Friday."
            ),
            ["Police"]
        );
        // Named as the one who arrests, it is.
        assert_eq!(
            agencies(&x, "Bangladesh arrested 14 men in Dhaka on Friday."),
            ["Bangladesh"]
        );
    }

    #[test]
    fn places_of_clauses_and_of_violence_named_twice() {
        let x = Extractor::new().unwrap();
        // The place ends the first clause; the next clause's trigger after "and" or a comma
        // does not take it as a modifier ("the Manchester bombing" does).
        for (text, first, second) in [
            (
                "Raids target the countryside of Aleppo and shelling on the southern countryside of Idlib",
                "Aleppo",
                "Idlib",
            ),
            (
                "Russian airstrikes target Aleppo, Clashes continue in Hama countryside",
                "Aleppo",
                "Hama",
            ),
        ] {
            let out = x.extract(&Input::text("t", text));
            let places: Vec<Vec<&str>> = out
                .events
                .iter()
                .map(|e| e.places.iter().map(|p| p.text.as_str()).collect())
                .collect();
            assert_eq!(places, [vec![first], vec![second]], "{text}");
        }
        assert_eq!(
            place_texts(
                &x,
                "Police are searching for the Manchester bombing suspects."
            ),
            ["Manchester"]
        );
        // Violence named twice in one phrase shares the phrase's place.
        let text = "8 martyrs in air strikes and shells targeting the city of Deir Ezzor";
        let out = x.extract(&Input::text("t", text));
        assert!(out.events.len() >= 2, "{:?}", out.events);
        for e in &out.events {
            let places: Vec<&str> = e.places.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(places, ["Deir Ezzor"], "{:?} {}", e.kind, e.subtype);
            // The dead act on no one.
            assert!(e.role(Role::Operator).is_empty(), "{:?}", e.roles);
        }
    }

    #[test]
    fn a_groups_holdings_and_a_journeys_start_are_no_actor_and_no_place() {
        let x = Extractor::new().unwrap();
        // The group whose targets are bombed is no perpetrator of the bombing.
        for text in [
            "Turkish jets bombed PKK targets in northern Iraq on Sunday.",
            "Jets carried out strikes on al-Shabaab positions near Jilib.",
        ] {
            let groups = role_texts(&x, text, Some(EventKind::Attack), Role::PerpetratorOrg);
            assert!(groups.is_empty(), "{text}: {groups:?}");
        }
        // A name joined to the next clause is no perpetrator of that clause's trigger.
        let text = "Regime forces shell Jobar and Ein Tarma and the clashes decreased in the area";
        let perps = role_texts(
            &x,
            text,
            Some(EventKind::Attack),
            Role::PerpetratorIndividual,
        );
        assert!(!perps.iter().any(|p| p == "Ein Tarma"), "{perps:?}");
        // Where a suspect came from is neither the arrest's agency nor its place.
        let text = "He was arrested in April after returning from Syria.";
        assert!(agencies(&x, text).is_empty(), "{text}");
        let arrest = Some(EventKind::Arrest);
        assert!(
            role_texts(&x, text, arrest, Role::Place).is_empty(),
            "{text}"
        );
        let text = "Police arrested him after he returned from Syria.";
        assert_eq!(agencies(&x, text), ["Police"]);
        // Unless the state makes the arrest from where it is named.
        assert_eq!(agencies(&x, "Syria arrested two journalists."), ["Syria"]);
        // A governorate written as Syrian reports write it, beside a city.
        assert_eq!(
            place_texts(&x, "Bombardment targets Reef Dimashq and Homs"),
            ["Reef Dimashq", "Homs"]
        );
        // A headline's dead named by their trade.
        assert_eq!(
            kinds(&x, "Iranian engineer killed in Syria"),
            [EventKind::Attack]
        );
    }

    #[test]
    fn a_target_ends_before_a_time_and_a_second_verb() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        for (text, target) in [
            (
                "Russian forces launched a rocket attack on Kharkiv overnight.",
                "Kharkiv",
            ),
            (
                "Gunmen opened fire on a protest Tuesday in the city of Barquisimeto.",
                "a protest",
            ),
            (
                "Intensive air and missile strikes target Kafr Hamra town and cause casualties",
                "Kafr Hamra town",
            ),
        ] {
            assert_eq!(
                role_texts(&x, text, attack, Role::Target),
                [target],
                "{text}"
            );
        }
        // A town an operation strikes is its place, never an organisation it targets.
        let text = "Regime forces fired several missiles at the outskirts of Kafr Nabl.";
        let op = Some(EventKind::CounterOperation);
        assert!(
            role_texts(&x, text, op, Role::TargetOrg).is_empty(),
            "{text}"
        );
        assert_eq!(place_texts(&x, text), ["Kafr Nabl"]);
    }

    #[test]
    fn the_dead_shot_or_gunned_down_are_counted() {
        let x = Extractor::new().unwrap();
        for (text, kind, killed) in [
            (
                "Security forces shot dead three suspected militants during a raid in Srinagar.",
                EventKind::CounterOperation,
                3,
            ),
            (
                "Gunmen gunned down 5 people at a market in Maiduguri.",
                EventKind::Attack,
                5,
            ),
        ] {
            let counts: Vec<Option<vigil_model::Quantity>> =
                role_values(&x, text, Some(kind), Role::Killed)
                    .into_iter()
                    .map(|v| v.value)
                    .collect();
            assert_eq!(
                counts,
                [Some(vigil_model::Quantity::Number(killed))],
                "{text}"
            );
        }
        // "At least" is part of the count, and a sentence's capitalised first word part of
        // the phrase it opens.
        let attack = Some(EventKind::Attack);
        let text = "A chemical weapons attack killed at least 80 people in Idlib province.";
        assert_eq!(
            role_texts(&x, text, attack, Role::Victim),
            ["at least 80 people"]
        );
        let text = "Regime forces used sarin gas in an attack on Ghouta.";
        assert_eq!(
            role_texts(&x, text, attack, Role::PerpetratorIndividual),
            ["Regime forces"]
        );
        // The people a participle after the attack names are its victims, beside its target.
        let text = "Al-Shabaab fighters attacked a military base in Lower Shabelle, killing at least 10 soldiers.";
        let attack = Some(EventKind::Attack);
        assert_eq!(
            role_texts(&x, text, attack, Role::Victim),
            ["at least 10 soldiers"]
        );
        let text = "A bomb exploded in the market, killing 207 and injuring 450 people.";
        assert!(
            role_texts(&x, text, attack, Role::Victim).is_empty(),
            "{text}"
        );
        // Violence whose words come apart.
        for text in [
            "Suspected ADF rebels hacked 14 civilians to death in Beni territory.",
            "A grenade was thrown at the house of a local politician in Manipur; no one was hurt.",
            "Unknown men threw a hand grenade into a bar in Bujumbura.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        }
        assert_eq!(kinds(&x, "He threw the ball to his brother."), []);
        // An age is part of the person it describes.
        let text = "Police arrested a 17-year-old boy in Manchester.";
        assert_eq!(
            role_texts(&x, text, Some(EventKind::Arrest), Role::Suspect),
            ["a 17-year-old boy"]
        );
    }

    #[test]
    fn a_warning_of_attacks_and_a_country_that_acts() {
        let x = Extractor::new().unwrap();
        let text = "The US embassy warned citizens of possible attacks on hotels in Nairobi over the holidays.";
        assert_eq!(kinds(&x, text), [EventKind::Warning], "{text}");
        // The embassy's country is who warns, not where: the region is Nairobi.
        assert_eq!(
            role_texts(&x, text, Some(EventKind::Warning), Role::Region),
            ["Nairobi"]
        );
        assert_eq!(
            kinds(&x, "Doctors warned of attacks of asthma in the winter."),
            []
        );
        // A threat to carry out attacks names no target; the land troops would leave is not
        // its scope.
        let text = "Al-Shabaab has threatened to carry out more attacks in Kenya unless its troops withdraw from Somalia.";
        let threat = Some(EventKind::Threat);
        assert!(
            role_texts(&x, text, threat, Role::Target).is_empty(),
            "{text}"
        );
        assert_eq!(role_texts(&x, text, threat, Role::Scope), ["Kenya"]);
        let text = "US forces killed 20 militants in an airstrike.";
        assert!(place_texts(&x, text).is_empty(), "{text}");
    }

    #[test]
    fn the_agent_after_by_is_never_the_victim() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        for (text, victim, perpetrator) in [
            // A headline leaves out the auxiliary.
            (
                "A child shot dead by border guards and airstrike target the countryside of Raqqa",
                "A child",
                "border guards",
            ),
            // The whole phrase after "by", not its adjective alone.
            (
                "A child was shot dead by Turkish border guards near the border.",
                "A child",
                "Turkish border guards",
            ),
        ] {
            assert_eq!(
                role_texts(&x, text, attack, Role::Victim),
                [victim],
                "{text}"
            );
            assert_eq!(
                role_texts(&x, text, attack, Role::PerpetratorIndividual),
                [perpetrator],
                "{text}"
            );
        }
        // A weapon after "by" is no perpetrator.
        let bomb = "A man was killed by a bomb in Kabul";
        assert!(role_texts(&x, bomb, attack, Role::PerpetratorIndividual).is_empty());
    }

    #[test]
    fn a_feeling_strikes_no_one() {
        let x = Extractor::new().unwrap();
        for text in [
            "She faced the reality that had ambushed her.",
            "Grief struck the family after the funeral.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
        // Nor is a doctrine or a bill that is killed.
        for text in [
            "As Major himself noted, 1992 killed socialism in Britain.",
            "The senate killed the bill on Tuesday.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
        let minister = "Soldiers killed the tourism minister in Mogadishu on Friday.";
        assert_eq!(kinds(&x, minister).len(), 1, "{minister}");
        // People who strike are still attackers.
        let real = "Gunmen that had ambushed the convoy killed two soldiers near Kandahar.";
        assert_eq!(kinds(&x, real), [EventKind::Attack]);
    }

    #[test]
    fn forces_that_kill_someone_are_its_agents() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        for (text, perpetrator, victim) in [
            (
                "Turkish border guards kill a person from Hama",
                "Turkish border guards",
                "a person",
            ),
            (
                "Border guards shot dead a smuggler near the border.",
                "Border guards",
                "a smuggler",
            ),
        ] {
            assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
            assert_eq!(
                role_texts(&x, text, attack, Role::PerpetratorIndividual),
                [perpetrator],
                "{text}"
            );
            assert_eq!(
                role_texts(&x, text, attack, Role::Victim),
                [victim],
                "{text}"
            );
        }
        // A headline's verb in the present ends the target before it.
        let douma = "Shelling on Douma kills 5 civilians and wounds 20 others";
        assert_eq!(role_texts(&x, douma, attack, Role::Target), ["Douma"]);
        // Soldiers killed in an ambush are its victims; a time after the verb is no victim.
        let ambush = "Four soldiers killed in an ambush near Kandahar";
        assert!(role_texts(&x, ambush, attack, Role::PerpetratorIndividual).is_empty());
        let today = "Gunmen shot dead today a judge in Medellin.";
        assert!(!role_texts(&x, today, attack, Role::Victim).contains(&"today".to_string()));
    }

    #[test]
    fn political_arrests_need_no_violence_named() {
        let x = Extractor::new().unwrap();
        let text = "Authorities rounded up dozens of opposition supporters in Harare.";
        assert_eq!(kinds(&x, text), [EventKind::Arrest]);
        assert_eq!(
            role_texts(&x, text, Some(EventKind::Arrest), Role::Suspect),
            ["dozens of opposition supporters"]
        );
        // A round-up of no one political stays out of scope.
        let cattle = "Farmers rounded up the cattle before the storm.";
        assert_eq!(kinds(&x, cattle), []);
    }

    /// Asserts that `text`'s events of `kind` (any violent kind for `None`) count `n` killed.
    fn assert_killed(x: &Extractor, text: &str, kind: Option<EventKind>, n: u64) {
        let killed: Vec<Option<vigil_model::Quantity>> = role_values(x, text, kind, Role::Killed)
            .into_iter()
            .map(|v| v.value)
            .collect();
        assert_eq!(killed, [Some(vigil_model::Quantity::Number(n))], "{text}");
    }

    /// Asserts that each text has (or has not) an event of `kind`.
    fn assert_kind(x: &Extractor, kind: EventKind, has: bool, texts: &[&str]) {
        for text in texts {
            assert_eq!(kinds(x, text).contains(&kind), has, "{text}");
        }
    }

    #[test]
    fn arrest_words_that_tell_of_no_arrest_made_are_none() {
        let x = Extractor::new().unwrap();
        let none = [
            "Dozens of angry youths rallied in Quetta, demanding more security from the \
             authorities and the arrest of those behind the attacks.",
            "A legal action launched this month seeks the arrest of a former CIA lawyer.",
            "At a police briefing, Davis said \"we have no suspect in custody.\"",
            "Raids, arrests, and interrogations can produce vital intelligence.",
            "Her mother and father had been caught up in the bomb.",
            "Kurdish-led militias captured the last remaining territory of the group in March.",
        ];
        assert_kind(&x, EventKind::Arrest, false, &none);
        // Arrests made stay: counted, or in custody with nothing denying it.
        let made = [
            "Police made two arrests after the bombing in Quetta.",
            "Troops captured two militants in Kafr Nabl.",
            "Three suspects are in custody after the attack, police said.",
        ];
        assert_kind(&x, EventKind::Arrest, true, &made);
    }

    #[test]
    fn dangers_and_calls_are_no_threats_made() {
        let x = Extractor::new().unwrap();
        let none = [
            "We will not relent in our mission to counter the threat of terrorism that plagues \
             the region.",
            "It was a blunder to have downgraded the terror threat in Britain so quickly after \
             the Manchester bombing.",
            "If the report is accurate, it signals a dangerous new terror threat.",
            "Tsarni again called on the hunted suspect to turn himself in.",
            "Indonesia successfully combated the JI related terrorist threat through police \
             action.",
            "These operations will continue until the Islamic State ceases to be a threat.",
            "Bulla said the threat of terrorist attacks does not rank as high as cyber attacks.",
            "Scores of protesters are threatened with blindness by pellets lodged in their eyes.",
            "Mattis vowed that the U.S. would support Iraq in its fight against IS jihadists.",
        ];
        assert_kind(&x, EventKind::Threat, false, &none);
        // Threats received, aimed or called for stay.
        let made = [
            "Indonesian Police Receive Terrorist Threat Targeting Bali",
            "The group called on its followers to attack Christmas markets in Germany.",
            "IS is calling on those beyond its base to carry out attacks on Christians.",
            "The Taliban vowed revenge for the killing of their commander.",
            "A gunman threatened the cashier with a knife in Dallas.",
        ];
        assert_kind(&x, EventKind::Threat, true, &made);
    }

    #[test]
    fn counts_add_the_people_a_conjunction_names() {
        use vigil_model::Quantity;
        let x = Extractor::new().unwrap();
        let count = |text: &str, role: Role| -> Vec<u64> {
            role_values(&x, text, None, role)
                .iter()
                .filter_map(|v| match v.value {
                    Some(Quantity::Number(n)) => Some(n),
                    _ => None,
                })
                .collect()
        };
        for (text, want) in [
            (
                "Three soldiers and a civilian were killed in the explosion in Kabul.",
                4,
            ),
            (
                "Gunmen killed a local official and his driver in Kandahar.",
                2,
            ),
            (
                "A landmine exploded, killing a farmer in Saravan district.",
                1,
            ),
            // A family is no one person.
            (
                "Airstrikes bombed the town of Atareb, killing a man and his family.",
                1,
            ),
            (
                "The attack killed a policeman and two civilians in Quetta.",
                3,
            ),
            ("5 citizens and 2 children killed in raids on Idlib", 7),
            // A part of the count is no count of its own.
            (
                "Five people, including two children, were killed in the shelling of Donetsk.",
                5,
            ),
            // The injured told after the dead are not the dead.
            (
                "Two soldiers were killed and three others wounded when militants attacked.",
                2,
            ),
            // Shells are no people: "140 shells target Aleppo and 11 killed".
            (
                "140 shells target eastern Aleppo and 11 killed in western Aleppo",
                11,
            ),
        ] {
            assert_eq!(count(text, Role::Killed), [want], "{text}");
        }
        // A counter-terrorism operation counts its injured as an attack does.
        let text = "Airstrikes killed 12 people and wounded 20 others in Idlib.";
        assert_eq!(count(text, Role::Killed), [12], "{text}");
        assert_eq!(count(text, Role::Injured), [20], "{text}");
    }

    #[test]
    fn a_games_strong_words_of_violence_are_play() {
        let x = Extractor::new().unwrap();
        let diary = "In Skyrim, a mage is an unstoppable storm of destruction. My quest starts \
                     at a dungeon, where I learn two spells. The bandit keeps stabbing him, and \
                     I'm suddenly worried he might actually die.";
        assert_eq!(kinds(&x, diary), []);
        // A place of the world keeps a strong word in such a page an event.
        let real = "In Skyrim, a mage is an unstoppable storm of destruction. My quest starts \
                    at a dungeon, where I learn two spells. A man was stabbing passers-by in \
                    Manchester yesterday, police said.";
        assert_eq!(kinds(&x, real), [EventKind::Attack]);
    }

    #[test]
    fn an_old_event_alleged_years_back_is_history() {
        use vigil_model::Modality;
        let x = Extractor::new().unwrap();
        let modality = |text: &str| {
            let mut input = Input::text("t", text);
            input.published = vigil_model::Date::new(2023, 1, 17);
            let out = x.extract(&input);
            out.events.iter().map(|e| e.modality).collect::<Vec<_>>()
        };
        let old = "Prosecutors dropped special circumstances against David Misch, one involving \
                   his alleged kidnapping and murder of Michaela Garecht in 1988.";
        assert_eq!(modality(old), [Modality::Historical]);
        // Alleged a year or two back, it is the story a trial tells.
        let recent = "Prosecutors say the alleged kidnapping of Michaela Garecht in 2021 was \
                      planned for weeks.";
        assert_eq!(modality(recent), [Modality::Alleged]);
    }

    #[test]
    fn an_air_strike_and_the_blow_its_verb_tells_are_one_event() {
        let x = Extractor::new().unwrap();
        let op = EventKind::CounterOperation;
        let text = "Airstrikes bombed the town of Atareb, killing a man and his family.";
        assert_eq!(kinds(&x, text), [op], "{text}");
        // Chemical arms dropped from the air: the chemical attack, which says more.
        let text = "Syrian government aircraft dropped bombs containing sarin on Khan Sheikhoun.";
        assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        // Another clause's attack stays its own.
        let text = "Airstrikes hit Idlib and militants attacked a checkpoint in Hama.";
        assert_eq!(kinds(&x, text), [op, EventKind::Attack], "{text}");
    }

    #[test]
    fn ground_taken_by_arms_is_an_event_of_war() {
        let x = Extractor::new().unwrap();
        let op = EventKind::CounterOperation;
        for (text, want) in [
            (
                "Advances for regime forces in Hama countryside",
                vec![EventKind::Attack],
            ),
            (
                "The regime forces regain control of 4 oil fields near Palmyra",
                vec![op],
            ),
            ("Regime forces control a village in Hama", vec![op]),
            (
                "On 6 January 2020, Al Shabaab took control of Bulo Burte town after government \
                 forces withdrew.",
                vec![EventKind::Attack],
            ),
        ] {
            assert_eq!(kinds(&x, text), want, "{text}");
        }
        // No armed side, no ground, or ground still to be taken: none.
        for text in [
            "Advances in medicine have helped soldiers in the field.",
            "Republicans took control of the House in Washington.",
            "Iraqi forces prepare for a final assault to retake the city of Mosul.",
            "Serbia has the full control of its territory and facilities.",
            // Ground handed over.
            "On 8 March 2020, Al Shabaab militants took control of the village of Bariire \
             (Afgooye, Lower Shabelle) without resistance after government forces withdrew.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
    }

    #[test]
    fn a_device_found_and_defused_was_foiled() {
        use vigil_model::Modality;
        let x = Extractor::new().unwrap();
        let modality = |text: &str| {
            let out = x.extract(&Input::text("t", text));
            out.events.iter().map(|e| e.modality).collect::<Vec<_>>()
        };
        let text = "An explosive device was discovered and defused near a school in Maiduguri, \
                    Borno state, Nigeria.";
        assert_eq!(modality(text), [Modality::Foiled]);
        let text = "A bomb exploded near a school in Maiduguri before police could defuse it.";
        assert_eq!(modality(text), [Modality::Asserted]);
    }

    #[test]
    fn one_person_killed_somewhere_is_an_attack() {
        let x = Extractor::new().unwrap();
        for text in [
            "A policeman was killed in Kabul.",
            "A young man was killed at Al-Masharqa neighborhood, calm continues in Aleppo city",
            "Ali Khallouf was killed in Hama.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        }
        // Nowhere told, a pronoun, another cause or a month: no attack.
        for text in [
            "A man was killed.",
            "He was killed in Kabul.",
            "A man was killed in a car crash in Kabul.",
            "A man was killed in April.",
        ] {
            assert_eq!(kinds(&x, text), [], "{text}");
        }
    }

    #[test]
    fn sites_below_the_gazetteer_are_the_event_place() {
        let x = Extractor::new().unwrap();
        let sites = |text: &str| role_texts(&x, text, None, Role::Place);
        // A common noun after a preposition of place, with its modifiers.
        let text = "A bomb exploded at a crowded restaurant in Madrid, killing two people.";
        assert_eq!(sites(text), ["crowded restaurant"], "{text}");
        // A street the gazetteer does not hold.
        let text = "Gunmen opened fire on Cavehill Road, wounding a policeman.";
        assert_eq!(sites(text), ["Cavehill Road"], "{text}");
        // An arrest's site beside its town.
        let text = "Police arrested a man at his home in Quincy on Friday.";
        assert_eq!(sites(text), ["home", "Quincy"], "{text}");
        // A settlement noun with a name of its own is the name's: the gazetteer places it.
        let text = "Militants attacked a checkpoint in the town of Kafr Nabl, killing 3 soldiers.";
        assert!(sites(text).iter().all(|s| s != "town"), "{text}");
        // A district the gazetteer does not know is the site, beside its city.
        let text = "A car bomb exploded in the Karrada district of Baghdad, killing 12 people.";
        assert_eq!(sites(text), ["Karrada district"], "{text}");
        // A name cut at its "of" is none.
        let text = "A suicide bomber blew himself up inside the Palace of Princes restaurant.";
        assert!(sites(text).iter().all(|s| s != "Palace"), "{text}");
        // A sentence, a hearing and the care of the wounded are no scene of the attack.
        for text in [
            "The bomber who killed 22 people faces life in prison.",
            "A man charged over the stabbing appeared in court on Monday.",
            "One of the victims of the shooting died in hospital.",
            "Drone strikes killed few civilians during his years in office.",
        ] {
            assert_eq!(sites(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_phrase_stops_at_the_verb_before_an_article_or_a_count() {
        let x = Extractor::new().unwrap();
        let victims = role_texts(
            &x,
            "The blasts left three people dead in the market.",
            None,
            Role::Victim,
        );
        assert_eq!(victims, ["three people"]);
        let text = "Maduro has denied links to violent paramilitaries, blaming the opposition \
                    for unrelenting violence that has left more than 100 people dead.";
        let victims = role_texts(&x, text, None, Role::Victim);
        assert_eq!(victims, ["more than 100 people"], "{text}");
        let text = "Taliban fighters launched an attack on a guarded base housing the commandos.";
        let targets = role_texts(&x, text, None, Role::Target);
        assert_eq!(targets, ["a guarded base"], "{text}");
        let text = "Gunmen opened fire outside the embassy so they could flee at once.";
        let targets = role_texts(&x, text, None, Role::Target);
        assert_eq!(targets, ["the embassy"], "{text}");
        // The verb after a noun trigger is no part of its object.
        let text = "A gunman drives a heavy truck into a crowd, killing 86 people.";
        let targets = role_texts(&x, text, None, Role::Target);
        assert!(targets.iter().all(|t| !t.contains("drives")), "{targets:?}");
        // What is used is no target, and a possessive opens a phrase as an article does.
        let text = "The attackers used two car bombs which killed two civilians.";
        assert_eq!(
            role_texts(&x, text, None, Role::Target),
            Vec::<String>::new()
        );
        let text = "The father of a Chechen immigrant shot dead in Florida while being \
                    questioned by the FBI in connection with the Boston Marathon bombings \
                    claims his son was killed execution style.";
        let victims = role_texts(&x, text, None, Role::Victim);
        assert_eq!(victims, ["his son"], "{text}");
    }

    #[test]
    fn a_digest_item_in_another_country_is_no_toll_of_the_attack_before_it() {
        let x = Extractor::new().unwrap();
        let text = "Unidentified gunmen shot dead a local councillor in Kandahar city.\n\n\
                    Security forces fired tear gas and live ammunition at protesters in \
                    Baghdad, killing 2 protesters. 15 others were injured.";
        let out = x.extract(&Input::text("t", text));
        let countries: Vec<Vec<String>> = out
            .events
            .iter()
            .map(|e| e.places.iter().filter_map(|p| p.country.clone()).collect())
            .collect();
        assert_eq!(countries, [vec!["AF".to_string()], vec!["IQ".to_string()]]);
        let injured: Vec<String> = out.events[1]
            .role(Role::Injured)
            .iter()
            .map(|v| v.text.clone())
            .collect();
        assert_eq!(injured, ["15"]);
        assert!(out.events[0].role(Role::Injured).is_empty());
    }

    /// Each text's events as (kind, subtype).
    fn kinds_and_subtypes(x: &Extractor, text: &str) -> Vec<(EventKind, String)> {
        let out = x.extract(&Input::text("t", text));
        out.events
            .iter()
            .map(|e| (e.kind, e.subtype.clone()))
            .collect()
    }

    #[test]
    fn sexual_violence_and_poison_gas_in_armed_violence_are_attacks() {
        let x = Extractor::new().unwrap();
        let attacks = [
            "Militiamen sexually assaulted two girls near the camp.",
            "Gunmen raped three women in the village.",
        ];
        assert_kind(&x, EventKind::Attack, true, &attacks);
        // With nothing armed in the sentence, a crime report or a charge is no attack here.
        let none = ["The film tells of a woman who was sexually assaulted at a party."];
        assert_kind(&x, EventKind::Attack, false, &none);
        let gas = "Government forces used poison gas in Khan Sheikhoun, killing 80 people.";
        let out = x.extract(&Input::text("t", gas));
        assert_eq!(out.events.len(), 1, "{:?}", out.events);
        assert_eq!(out.events[0].subtype, "unconventional");
        // The gas is the weapon, as chlorine is.
        let weapons: Vec<&str> = out.events[0]
            .role(Role::Weapon)
            .iter()
            .map(|v| v.text.as_str())
            .collect();
        assert_eq!(weapons, ["poison gas"]);
    }

    #[test]
    fn what_aircraft_and_guns_do_is_a_strike() {
        let x = Extractor::new().unwrap();
        let air = (EventKind::CounterOperation, "air_strike".to_string());
        // Raids carried out by warplanes, and a weak word of the lexicon an aircraft does.
        for text in [
            "Russian warplanes carried out raids on Idlib province.",
            "Coalition jets bombed an Islamic State hideout in Mosul.",
        ] {
            assert_eq!(
                kinds_and_subtypes(&x, text),
                std::slice::from_ref(&air),
                "{text}"
            );
        }
        // Strikes carried out as a rule are a campaign, not one event.
        let campaign = "U.S. warplanes carry out strikes to help Afghan units fighting on the \
                        ground.";
        assert_eq!(kinds(&x, campaign), []);
        // A howitzer's blow is shelling.
        let guns = "Turkish howitzers hit Kurdish militia targets near Afrin overnight.";
        assert_eq!(kinds(&x, guns).len(), 1, "{guns}");
        // A country named for its aircraft is not where it struck.
        let drone = "A US drone targeted a vehicle carrying al-Shabaab fighters near Jilib.";
        let out = x.extract(&Input::text("t", drone));
        assert_eq!(out.events.len(), 1, "{:?}", out.events);
        assert!(
            out.events[0].places.is_empty(),
            "{:?}",
            out.events[0].places
        );
    }

    #[test]
    fn held_by_police_is_an_arrest_of_the_living() {
        let x = Extractor::new().unwrap();
        let held = ["Several journalists were held by police in Addis Ababa."];
        assert_kind(&x, EventKind::Arrest, true, &held);
        let dead = [
            "They helped their hosts retrieve the bodies of 10 assailants being held \
                     by police.",
        ];
        assert_kind(&x, EventKind::Arrest, false, &dead);
    }

    #[test]
    fn bandits_herders_and_armed_men_who_kill_are_attackers() {
        let x = Extractor::new().unwrap();
        let attacks = [
            "Bandits killed 12 villagers in Zamfara.",
            "Herdsmen killed seven farmers in Benue.",
            "Armed herders killed seven farmers.",
            "Armed men killed five villagers in Zamfara.",
            // Movements named by their cause, and one person of the many kinds notes name.
            "Maoists killed a suspected police informer in Bijapur.",
            "Jihadists killed a villager in Mopti.",
            "Gang members killed two drivers in San Pedro Sula.",
        ];
        assert_kind(&x, EventKind::Attack, true, &attacks);
        // Counted people killed are the victims as well as the toll.
        let attack = Some(EventKind::Attack);
        let text = "Gunmen killed seven farmers.";
        assert_eq!(
            role_texts(&x, text, attack, Role::Victim),
            ["seven farmers"]
        );
        assert_eq!(role_texts(&x, text, attack, Role::Killed), ["seven"]);
        // Men with no word of arms killing no one are no attackers.
        assert_kind(
            &x,
            EventKind::Attack,
            false,
            &["Two men killed time at the station."],
        );
    }

    #[test]
    fn the_sentence_of_the_blow_is_the_first_evidence() {
        let x = Extractor::new().unwrap();
        let text = "Five killed in Kabul\n\nGunmen opened fire on a wedding party in Kabul on \
                    Monday, killing five guests.\n";
        let out = x.extract(&Input::text("blow", text));
        assert_eq!(out.events.len(), 1, "{:?}", out.events);
        let sentences: Vec<usize> = out.events[0].evidence.iter().map(|e| e.sentence).collect();
        assert_eq!(sentences, [1, 0]);
    }

    #[test]
    fn the_state_killing_suspects_or_civilians_is_an_operation() {
        let x = Extractor::new().unwrap();
        for text in [
            "The military killed 23 civilians in Ngarbuh.",
            "The army burned houses in Ngarbuh, killing 23 civilians.",
            "Police killed two suspected robbers in Lagos.",
            "Military police killed a suspected drug trafficker in Rio de Janeiro.",
            // The toll after a comma is the clause subject's.
            "Police used live ammunition to disperse protesters, killing four.",
            "Turkish UAVs struck PKK positions in Sinjar.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::CounterOperation], "{text}");
        }
        // Deaths beside a coup or a drill the army made are not its killing.
        assert_kind(
            &x,
            EventKind::Attack,
            false,
            &[
                "The Brotherhood accuses the army of staging a coup that killed democracy.",
                "A police officer killed during a failed military coup was buried on Sunday.",
            ],
        );
    }

    #[test]
    fn a_claim_called_exaggerated_or_denied_is_judged_not_credible() {
        let x = Extractor::new().unwrap();
        let text = "ISWAP claimed on Tuesday that its fighters killed 30 soldiers in an attack \
                    on a military base in Marte. The Nigerian army denied the claim. Army \
                    spokesman Mohammed Yerima said the attack had been repelled. Security \
                    analysts said the group's claim was exaggerated.";
        let out = x.extract(&Input::text("c", text));
        let stances: Vec<String> = out
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Assessment)
            .flat_map(|e| e.role(Role::Stance).iter())
            .filter_map(|v| match &v.value {
                Some(vigil_model::Quantity::Symbol(s)) => Some(s.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            stances,
            ["not_credible", "not_credible"],
            "{:?}",
            out.events
        );
        // Who speaks of the attack is not its perpetrator.
        let attack = out
            .events
            .iter()
            .find(|e| e.kind == EventKind::Attack)
            .expect("the attack");
        assert!(
            !attack
                .role(Role::PerpetratorIndividual)
                .iter()
                .any(|v| v.text.contains("Yerima")),
            "{attack:?}"
        );
    }

    #[test]
    fn hostages_freed_by_force_are_a_rescue_not_a_kidnapping_by_the_rescuers() {
        let x = Extractor::new().unwrap();
        let text = "Nigerian troops rescue 27 abducted students in Kaduna";
        let out = x.extract(&Input::text("r", text));
        let rescue = out
            .events
            .iter()
            .find(|e| e.kind == EventKind::CounterOperation)
            .expect("a rescue");
        assert_eq!(rescue.subtype, "rescue");
        assert!(
            !rescue.roles.contains_key(&Role::TargetIndividual),
            "{rescue:?}"
        );
        let kidnapping = out
            .events
            .iter()
            .find(|e| e.kind == EventKind::Attack)
            .expect("the kidnapping");
        assert!(
            !kidnapping.roles.contains_key(&Role::PerpetratorIndividual),
            "{kidnapping:?}"
        );
        // Freed from a flood, or by the kidnappers themselves: no operation.
        assert_kind(
            &x,
            EventKind::CounterOperation,
            false,
            &[
                "Firefighters rescued 27 students from the flooded school.",
                "The kidnappers freed the students after a ransom was paid.",
            ],
        );
    }

    #[test]
    fn an_event_only_mourned_is_told_elsewhere_or_not_at_all() {
        let x = Extractor::new().unwrap();
        let text = "Activists held a candlelight vigil for the victims of the bombing.";
        assert!(kinds(&x, text).is_empty(), "{:?}", kinds(&x, text));
        // Told before, the vigil's bombing is that one.
        let text = "A bomb exploded at a market in Kabul, killing 12. On Friday, activists held \
                    a vigil for the victims of the bombing.";
        assert_eq!(kinds(&x, text), [EventKind::Attack]);
        // Protested with its details, it is reported.
        let text = "Judges began stoppages to protest the assassination of judge Mariela \
                    Espinosa the evening of 1 November in Medellin.";
        assert_eq!(kinds(&x, text), [EventKind::Attack]);
    }

    #[test]
    fn threats_of_death_with_a_weapon_or_of_attacks_named_are_threats() {
        let x = Extractor::new().unwrap();
        for text in [
            "A man sent death threats to the judge hearing the case.",
            "The group posted a video threatening attacks on Christmas markets.",
            "He threatened the mayor with a knife.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::Threat], "{text}");
        }
        assert_kind(
            &x,
            EventKind::Threat,
            false,
            &[
                "The union threatened to strike if salaries are not paid.",
                "The threat to the economy is growing.",
                "Iran is using this threat of ISIS to promote instability.",
            ],
        );
    }

    #[test]
    fn a_count_including_a_part_of_it_is_the_whole() {
        let x = Extractor::new().unwrap();
        for (text, n) in [
            (
                "4 people, including 2 children, were killed when a mortar shell hit a house.",
                4,
            ),
            (
                "Five people, including two children, were killed in the blast.",
                5,
            ),
        ] {
            assert_killed(&x, text, Some(EventKind::Attack), n);
        }
    }

    #[test]
    fn one_person_of_many_callings_killed_is_a_toll_of_one() {
        let x = Extractor::new().unwrap();
        for text in [
            "Assailants shot and killed a shopkeeper.",
            "Gunmen killed a tribal elder in Khost.",
            "A mob lynched a suspected thief in Kano.",
            "The body of a man killed by unknown gunmen was found in Culiacan.",
            "A child dies of wounds sustained in regime shelling on Khan Shaykhun",
            "HTS executes a man accused of collaborating with regime forces",
        ] {
            assert_killed(&x, text, None, 1);
        }
    }

    #[test]
    fn a_vehicle_is_a_weapon_when_driven_not_where_a_bomb_went_off() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        let text = "A bomb exploded near a police van in Quetta, killing two policemen.";
        assert_eq!(role_texts(&x, text, attack, Role::Weapon), ["bomb"]);
        let text = "A van plowed into pedestrians in Barcelona, killing 13.";
        assert_eq!(role_texts(&x, text, attack, Role::Weapon), ["van"]);
    }

    #[test]
    fn bodies_found_with_the_marks_of_a_killing_are_an_attack() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        for (text, n) in [
            ("Police found the bodies of six men with gunshot wounds.", 6),
            (
                "The bodies of 15 men were discovered in a mass grave near the town.",
                15,
            ),
        ] {
            assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
            assert_killed(&x, text, attack, n);
        }
        let text = "The bodies of 20 migrants were found in a truck.";
        assert!(kinds(&x, text).is_empty(), "{text}");
    }

    #[test]
    fn fires_set_by_armed_men_are_arson_and_fights_of_party_supporters_attacks() {
        let x = Extractor::new().unwrap();
        let arson = (EventKind::Attack, "arson".to_string());
        for text in [
            "Anglophone separatists burned a school in Kumba.",
            "Masked men torched a mosque in the city overnight.",
            "Boko Haram burnt down 30 houses in Gwoza.",
        ] {
            assert_eq!(
                kinds_and_subtypes(&x, text),
                std::slice::from_ref(&arson),
                "{text}"
            );
        }
        // Fires of no arsonist, and rioters' fires (riots, not attacks), are none; a man
        // burned to death is killed, not his house.
        for text in [
            "The fire burned 20 homes and killed 3 people in Paradise.",
            "Rioters burned a police station in Dhaka.",
            "He burned the documents.",
        ] {
            assert!(kinds(&x, text).is_empty(), "{text}: {:?}", kinds(&x, text));
        }
        assert_eq!(
            kinds_and_subtypes(&x, "Militants burned him to death."),
            [(EventKind::Attack, "armed_assault".to_string())]
        );
        // Supporters of parties who fight, and the name of a party that holds a word of sport.
        for text in [
            "BJP supporters attacked TMC workers in Bhatpara.",
            "A mob assaulted two traders with machetes in Jos.",
            "Supporters of Awami League and BNP clashed in Feni, injuring 20 people.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        }
        // Words against people are no blows.
        for text in [
            "The senator attacked the workers' union over pay.",
            "Critics attacked students for their silence.",
        ] {
            assert!(kinds(&x, text).is_empty(), "{text}: {:?}", kinds(&x, text));
        }
    }

    #[test]
    fn offensives_launched_and_ground_retaken_are_events() {
        let x = Extractor::new().unwrap();
        // An armed group's offensive is its attack; a state's, an operation.
        let attack = (EventKind::Attack, "armed_assault".to_string());
        for text in [
            "The Houthis launched an offensive on Marib.",
            "The Taliban retook the district of Kunduz.",
            "The Taliban overran a district centre in Badakhshan province.",
        ] {
            assert_eq!(
                kinds_and_subtypes(&x, text),
                std::slice::from_ref(&attack),
                "{text}"
            );
        }
        for text in [
            "The army launched an offensive on Marib.",
            "Government forces retook the town of Palma.",
        ] {
            assert_eq!(kinds(&x, text), [EventKind::CounterOperation], "{text}");
        }
        // A campaign told about, or no arms at all, is none.
        for text in [
            "The president launched a charm offensive in Paris.",
            "This is the largest military operation in Iraq since U.S. combat forces left.",
            "The assault was a prelude to its coming spring offensive in Afghanistan.",
        ] {
            assert!(
                !kinds(&x, text).contains(&EventKind::CounterOperation),
                "{text}"
            );
        }
        // A death in custody tells of no arrest made now.
        let custody = ["Angry residents set fire to a police station after a man died in custody."];
        assert_kind(&x, EventKind::Arrest, false, &custody);
    }

    #[test]
    fn armed_groups_and_the_patrols_they_ambush() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        let text = "An armed group ambushed an army patrol near Djibo.";
        assert_eq!(
            role_texts(&x, text, attack, Role::PerpetratorIndividual),
            ["armed group"]
        );
        assert_eq!(
            role_texts(&x, text, attack, Role::Target),
            ["an army patrol"]
        );
        let text = "Armed groups attacked a UN peacekeeping convoy in northern Mali.";
        assert_eq!(
            role_texts(&x, text, attack, Role::PerpetratorIndividual),
            ["Armed groups"]
        );
        // A patrol word that is no head names a person: "a university patrol officer".
        let text = "The brothers shot and killed a university patrol officer.";
        assert!(role_texts(&x, text, attack, Role::Target).is_empty());
    }

    #[test]
    fn the_arrested_run_to_the_end_of_their_phrase() {
        let x = Extractor::new().unwrap();
        let arrest = Some(EventKind::Arrest);
        for (text, suspect) in [
            (
                "Authorities detained dozens of opposition supporters ahead of the vote.",
                "dozens of opposition supporters",
            ),
            (
                "Police detained the opposition leader's aide in a dawn raid.",
                "the opposition leader's aide",
            ),
        ] {
            assert_eq!(
                role_texts(&x, text, arrest, Role::Suspect),
                [suspect],
                "{text}"
            );
        }
    }

    #[test]
    fn projectiles_launched_and_their_fate() {
        let x = Extractor::new().unwrap();
        let text = "Missiles launched from Yemen were intercepted over Riyadh.";
        assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        // Stopped in flight: foiled, not done.
        let modalities: Vec<vigil_model::Modality> = x
            .extract(&Input::text("t", text))
            .events
            .iter()
            .map(|e| e.modality)
            .collect();
        assert_eq!(modalities, [vigil_model::Modality::Foiled], "{text}");
        // A launch to space lands without striking.
        let text = "The rocket launched from Cape Canaveral landed safely on a barge.";
        assert_eq!(kinds(&x, text), [], "{text}");
    }

    #[test]
    fn people_an_attack_verb_strikes_are_its_victims() {
        let x = Extractor::new().unwrap();
        let attack = Some(EventKind::Attack);
        let text = "Gunmen attacked a group of villagers in Benue.";
        assert_eq!(
            role_texts(&x, text, attack, Role::Victim),
            ["a group of villagers"]
        );
        assert_eq!(kinds(&x, "Critics attacked the plan."), []);
    }

    #[test]
    fn tolls_told_at_length_or_as_lives_claimed() {
        let x = Extractor::new().unwrap();
        for (text, killed) in [
            (
                "12 members from the regime forces and militiamen loyal to them were killed in \
                 an attack on the T4 airbase",
                "12",
            ),
            (
                "A massacre carried out by warplanes claimed the lives of 11 persons in a \
                 village near Aleppo",
                "11",
            ),
            (
                "Warplanes kill a family of seven people in a village in the countryside of \
                 Aleppo",
                "seven",
            ),
            (
                "The Islamic State execute four people in a town near Raqqa",
                "four",
            ),
        ] {
            assert_eq!(role_texts(&x, text, None, Role::Killed), [killed], "{text}");
        }
        // A count whose death is another's, or no death at all, stays out.
        let text = "12 members of the council and their aides met the families of those who \
                    were killed";
        assert!(
            role_texts(&x, text, None, Role::Killed).is_empty(),
            "{text}"
        );
    }

    #[test]
    fn advances_of_groups_named_by_acronym_and_executions() {
        let x = Extractor::new().unwrap();
        let attacks = [
            "Advances for SDF in Aleppo countryside",
            "IS advances over rebels in northern Aleppo",
            "Advances for rebels over IS in al-Raii northern Aleppo",
            "Executing a man in Deir Ezzor for entering fuel to areas held by the regime",
        ];
        assert_kind(&x, EventKind::Attack, true, &attacks);
        // "Once again" is no ground still to be taken.
        let again = "The regime forces advance once again in Jabal al-Turkman near Latakia";
        assert_eq!(kinds(&x, again), [EventKind::CounterOperation], "{again}");
        let none = [
            "NASA advances its Mars plans in northern Florida.",
            "The company executed the plan in Chicago.",
            "Once complete, the recapture of eastern Aleppo would end four years of fighting \
             between rebel factions and the Syrian army.",
        ];
        assert_kind(&x, EventKind::Attack, false, &none);
        // Volunteers are people: counted and killed, their toll.
        let text = "6 Basij volunteers killed in Syria";
        assert_eq!(role_texts(&x, text, None, Role::Killed), ["6"]);
    }

    #[test]
    fn forces_a_headline_counts_dead_are_victims_not_operators() {
        let x = Extractor::new().unwrap();
        let text = "Two more Turkish troops killed in Syria: report";
        assert_eq!(kinds(&x, text), [EventKind::Attack], "{text}");
        assert_eq!(
            role_texts(&x, text, Some(EventKind::Attack), Role::Victim),
            ["Turkish troops"]
        );
        // Forces that kill someone are still the operation's.
        let text = "Turkish troops killed 20 PKK militants in northern Iraq";
        assert_eq!(kinds(&x, text), [EventKind::CounterOperation], "{text}");
    }
}
