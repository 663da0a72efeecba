//! Names nobody listed: the learned entity tagger ([`vigil_ner`]) on the sentences that hold a
//! trigger word, for organisations and people the dictionaries do not know ("a group calling
//! itself the Brigades of Zarqa Martyrs", "spokesman Khalid Barakeh").
//!
//! Only sentences with a trigger are tagged, and in them only windows around capitalised words
//! that no dictionary mention covers (with three words of context before, three after): most
//! sentences name only listed actors, known titles and places. Text without case (ALL-CAPS
//! wires) is left to the dictionaries.

use vigil_geo::Gazetteer;
use vigil_model::MentionKind;
use vigil_ner::{EntityType, Model, Tag};
use vigil_nlp::{persons::slug, ActorMention, Annotated, PersonMention};

/// Words that make an unlisted organisation an armed group.
const GROUP_WORDS: &[&str] = &[
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "front",
    "army",
    "movement",
    "martyrs",
    "jihad",
    "ansar",
    "mujahideen",
    "mujahedeen",
    "liberation",
    "resistance",
    "militia",
    "guards",
    "legion",
    "faction",
    "cell",
    "commandos",
    "salafist",
    "jamaat",
    "jama'at",
    "lashkar",
    "jaish",
    "harakat",
    "katibat",
    "revolutionary",
    "insurgents",
    "saraya",
    "kataib",
    "liwa",
    "tehrik",
    "hizb",
];

/// Words of armed groups' names (Arabic and Urdu: "brigades", "battalions", "banner", "army",
/// "movement", "party") that no person's name holds, unlike "Ansar"; of [`GROUP_WORDS`].
const ARMED_NAME_WORDS: &[&str] = &[
    "saraya",
    "kataib",
    "katibat",
    "liwa",
    "jaish",
    "lashkar",
    "harakat",
    "tehrik",
    "jamaat",
    "jama'at",
    "hizb",
    "mujahideen",
];

/// Last words of names of streets and buildings.
const PLACE_HEADS: &[&str] = &[
    "street",
    "road",
    "avenue",
    "square",
    "lane",
    "drive",
    "boulevard",
    "bridge",
    "station",
    "airport",
    "stadium",
    "hospital",
    "park",
];

/// Adds the unlisted organisations (as actors) and people (as persons) of the sentences
/// `sentences` (indexes) to `a`. Words of the gazetteer's place names count as known.
pub(crate) fn tag(a: &mut Annotated, sentences: &[usize], gazetteer: &Gazetteer) {
    if !a.case.is_mixed() {
        return;
    }
    let model = Model::embedded();
    let mut covered = vec![false; a.tokens.len()];
    for (s, e) in a
        .actors
        .iter()
        .map(|m| (m.start, m.end))
        .chain(a.persons.iter().map(|p| (p.start, p.end)))
        .chain(a.titles.iter().map(|t| (t.start, t.end)))
        .chain(a.times.iter().map(|t| (t.start, t.end)))
    {
        covered[s..e].iter_mut().for_each(|c| *c = true);
    }
    // Place names are only a reason not to tag: an unlisted name may hold one ("Brigades of
    // Zarqa Martyrs"), so they do not block what the tagger finds.
    let mut place_word = vec![false; a.tokens.len()];
    for &si in sentences {
        let r = a.sentence_tokens[si].clone();
        for m in gazetteer
            .names
            .find(&a.text, &a.lower, &a.tokens, r.clone(), |_| true)
        {
            place_word[m.start..m.end]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        for i in r
            .clone()
            .filter(|&i| a.tok(i).starts_with(char::is_uppercase))
        {
            if let Some(e) = gazetteer.variant_spelling(a, i, r.end) {
                place_word[i..e].iter_mut().for_each(|c| *c = true);
            }
        }
    }
    let mut tags = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut actors = Vec::new();
    let mut persons = Vec::new();
    let cap = |i: usize| {
        let t = a.tok(i);
        t.len() > 1 && t.starts_with(char::is_uppercase)
    };
    for &si in sentences {
        let r = a.sentence_tokens[si].clone();
        // Windows around the capitalised words that nothing covers (the sentence's first word
        // only when a capitalised word follows it), with the tagger's context either side.
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for i in r.clone() {
            let open = !covered[i]
                && !place_word[i]
                && cap(i)
                && (i > r.start || i + 1 < r.end && cap(i + 1));
            if !open {
                continue;
            }
            let (s, e) = (i.saturating_sub(3).max(r.start), (i + 4).min(r.end));
            match windows.last_mut() {
                Some(w) if s <= w.1 => w.1 = e,
                _ => windows.push((s, e)),
            }
        }
        for (ws, we) in windows {
            words.clear();
            words.extend((ws..we).map(|i| a.tok(i)));
            tags.clear();
            model.tag_into(&words, vigil_ner::CaseMode::Auto, &mut tags);
            let mut i = 0;
            while i < tags.len() {
                let Tag::B(t) = tags[i] else {
                    i += 1;
                    continue;
                };
                let mut j = i + 1;
                while j < tags.len() && tags[j] == Tag::I(t) {
                    j += 1;
                }
                let (s, e) = (ws + i, ws + j);
                i = j;
                // An entity cut by the window's edge is not whole.
                if (s..e).any(|k| covered[k]) || s == ws && ws > r.start || e == we && we < r.end {
                    continue;
                }
                let span = a.token_span(s, e);
                let name = span.slice(&a.text);
                match t {
                    // "Oxford Street" tagged as an organisation is a place; "GNB Brigade General
                    // Hector …" names an officer's unit, not an actor of the sentence.
                    EntityType::Org
                        if PLACE_HEADS.contains(&a.low(e - 1))
                            || a.titles.iter().any(|t| t.start == e) => {}
                    EntityType::Org => {
                        let group = (s..e).any(|k| GROUP_WORDS.contains(&a.low(k)));
                        let (prefix, kind) = if group {
                            ("grp", MentionKind::Group)
                        } else {
                            ("org", MentionKind::Organisation)
                        };
                        actors.push(ActorMention {
                            start: s,
                            end: e,
                            span,
                            id: format!("{prefix}:unlisted-{}", slug(name)),
                            kind,
                        });
                    }
                    // A name with an armed group's word is the group's, whatever the tagger
                    // took it for ("Saraya Awliya al-Dam": the Brigades of …).
                    EntityType::Per
                        if e - s >= 2 && (s..e).any(|k| ARMED_NAME_WORDS.contains(&a.low(k))) =>
                    {
                        actors.push(ActorMention {
                            start: s,
                            end: e,
                            span,
                            id: format!("grp:unlisted-{}", slug(name)),
                            kind: MentionKind::Group,
                        });
                    }
                    // One word is too often a place or a word of the headline style.
                    EntityType::Per if e - s >= 2 => {
                        let title = a.titles.iter().find(|t| t.end == s).map(|t| t.span);
                        persons.push(PersonMention {
                            start: s,
                            end: e,
                            span,
                            id: format!("per:{}", slug(name)),
                            title,
                        });
                    }
                    _ => continue,
                }
                covered[s..e].iter_mut().for_each(|c| *c = true);
            }
        }
    }
    if !actors.is_empty() {
        a.actors.extend(actors);
        a.actors.sort_by_key(|m| (m.start, m.end));
    }
    if !persons.is_empty() {
        a.persons.extend(persons);
        a.persons.sort_by_key(|p| p.start);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Extractor, Input};
    use vigil_model::EventKind;

    const TEXT: &str = "A previously unknown group calling itself the Brigades of Zarqa Martyrs \
        claimed responsibility for the bombing of a police station in Mafraq on Tuesday that \
        killed four officers.";

    fn claimant(x: &Extractor) -> Option<(String, Option<String>)> {
        let out = x.extract(&Input::text("u", TEXT));
        let claim = out
            .events
            .iter()
            .find(|e| e.kind == EventKind::ClaimOfResponsibility)?;
        let v = claim.roles.get(&vigil_model::Role::ClaimantOrg)?.first()?;
        Some((v.text.clone(), v.id.clone()))
    }

    #[test]
    fn an_unlisted_group_claims() {
        let x = Extractor::new().unwrap();
        let (text, id) = claimant(&x).expect("a claimant");
        assert_eq!(text, "Brigades of Zarqa Martyrs");
        assert_eq!(
            id.as_deref(),
            Some("grp:unlisted-brigades-of-zarqa-martyrs")
        );
        // The dictionaries alone do not know it.
        assert_eq!(claimant(&x.with_entity_tagger(false)), None);
    }

    #[test]
    fn a_name_with_an_armed_groups_word_is_a_group() {
        let x = Extractor::new().unwrap();
        let text = "Assailants fired rockets at Erbil International Airport. One contractor \
                    was killed. Saraya Awliya al-Dam claimed responsibility for the incident.";
        let out = x.extract(&Input::text("u", text));
        let claim = out
            .events
            .iter()
            .find(|e| e.kind == EventKind::ClaimOfResponsibility)
            .expect("a claim");
        let v = &claim.roles[&vigil_model::Role::ClaimantOrg][0];
        assert!(v.text.starts_with("Saraya Awliya"), "{v:?}");
        assert!(!claim
            .roles
            .contains_key(&vigil_model::Role::ClaimantIndividual));
    }

    #[test]
    fn all_caps_text_is_left_to_the_dictionaries() {
        let x = Extractor::new().unwrap();
        let out = x.extract(&Input::text("u", &TEXT.to_uppercase()));
        assert!(out
            .events
            .iter()
            .flat_map(|e| e.roles.values().flatten())
            .all(|v| !v.id.as_deref().unwrap_or("").contains("unlisted")));
    }
}
