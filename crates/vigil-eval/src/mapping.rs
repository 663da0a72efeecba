//! How each corpus' event types and argument roles map onto ONTOLOGY.md.
//!
//! | corpus type | Vigil kind (subtype) |
//! |---|---|
//! | KAIROS `Conflict.Attack.*` (WikiEvents), ACE `Conflict:Attack` (M2E2), AIDA `conflict.attack.*` (RAMS), FrameNet `Attack`, `Terrorism`, `Bombarding`, `Hostile_encounter`, `Shoot_projectiles` (GENEVA) | `attack` (`DetonateExplode`, `bombing` → bombing; `firearmattack` → armed_assault; `stabbing` → stabbing; `setfire` → arson; `biologicalchemicalpoisonattack` → unconventional; `airstrikemissilestrike` → air strike, see below) |
//! | KAIROS `Justice.ArrestJailDetain.*`, ACE `Justice:Arrest-Jail`, AIDA `justice.arrestjaildetain.*`, FrameNet `Arrest`, `Detaining` | `arrest` |
//! | KAIROS `Contact.ThreatenCoerce.*`, AIDA `contact.threatencoerce.*` | `threat` |
//! | KAIROS `Life.Die.*`, `Life.Injure.*`, ACE `Life:Die`, `Life:Injure`, AIDA `life.die.*`, `life.injure.*`, FrameNet `Killing` | no kind of their own: their victims, killers, instruments and places are arguments of the attack reported in the same sentence (Vigil's `victim`, `killed`, `perpetrator_*`, `weapon`); with no attack in the sentence they stay casualty mentions (`kind: None`, type kept) |
//! | everything else (demonstrations, transport, meetings, trials …) | none: negative examples |
//!
//! Air and missile strikes are attacks in these corpora whoever carries them out; Vigil calls a
//! state's strike a `counter_operation` (subtype `air_strike`), so the scorer accepts either kind
//! for a gold attack whose subtype is `air_strike` (see [`crate::score`]).
//!
//! | corpus role | Vigil role |
//! |---|---|
//! | Attacker, Assailant, Killer, Agent (of Die/Attack), Injurer, Terrorist, Side_1 | `perpetrator_individual` (scored with `perpetrator_org` as one *perpetrator* group) |
//! | Target (attack), Victim, Injured, BodyPart's owner | `target` / `victim` (scored as one *victim or target* group) |
//! | Instrument, ExplosiveDevice, Weapon | `weapon` |
//! | Place | `place` |
//! | Detainee, Person (Arrest-Jail), Suspect | `suspect` |
//! | Jailer, Agent (Arrest-Jail), Authorities | `agency` |
//! | Communicator (ThreatenCoerce) | `issuer_individual` |
//! | Recipient (ThreatenCoerce) | `target` |

use vigil_model::{EventKind, Role};

/// What a corpus type means for Vigil.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// An event of this kind and subtype.
    Event(EventKind, Option<&'static str>),
    /// A death or injury: arguments join the attack of its sentence.
    Casualty,
    /// Outside the ontology.
    Other,
}

/// Maps a corpus event type (any of the layouts above, case-insensitive).
#[must_use]
pub fn event_type(t: &str) -> Mapped {
    let l = t.to_ascii_lowercase().replace([':', '|'], ".");
    let sub = |s: &str| -> Option<&'static str> {
        if s.contains("detonate") || s.contains("bombing") || s.contains("explo") {
            Some("bombing")
        } else if s.contains("firearm") || s.contains("shoot") {
            Some("armed_assault")
        } else if s.contains("stab") {
            Some("stabbing")
        } else if s.contains("setfire") || s.contains("arson") {
            Some("arson")
        } else if s.contains("biologicalchemical") {
            Some("unconventional")
        } else if s.contains("airstrike") || s.contains("bombard") {
            Some("air_strike")
        } else if s.contains("hanging") || s.contains("strangl") {
            Some("armed_assault")
        } else {
            None
        }
    };
    if l.starts_with("conflict.attack") {
        return Mapped::Event(EventKind::Attack, sub(&l));
    }
    if l.starts_with("justice.arrest") {
        return Mapped::Event(EventKind::Arrest, None);
    }
    if l.starts_with("contact.threatencoerce") {
        return Mapped::Event(EventKind::Threat, None);
    }
    if l.starts_with("life.die") || l.starts_with("life.injure") {
        return Mapped::Casualty;
    }
    // FrameNet frames (GENEVA).
    match t {
        "Attack" | "Terrorism" | "Hostile_encounter" => Mapped::Event(EventKind::Attack, None),
        "Bombarding" => Mapped::Event(EventKind::Attack, Some("air_strike")),
        "Shoot_projectiles" => Mapped::Event(EventKind::Attack, Some("armed_assault")),
        "Arrest" | "Detaining" => Mapped::Event(EventKind::Arrest, None),
        "Killing" => Mapped::Casualty,
        _ => Mapped::Other,
    }
}

/// Maps a corpus argument role of an event of mapped kind `kind` (or of a casualty mention,
/// `None`) onto a Vigil role; `None` leaves it out.
#[must_use]
pub fn role(kind: Option<EventKind>, source: &str) -> Option<Role> {
    let r = source.to_ascii_lowercase();
    // RAMS roles look like `evt089arg01victim`.
    let r = r
        .find("arg")
        .filter(|_| r.starts_with("evt"))
        .map_or(r.as_str(), |i| {
            r[i + 5..].trim_start_matches(char::is_numeric)
        });
    match kind {
        Some(EventKind::Arrest) => match r {
            "detainee" | "person" | "suspect" | "suspects" => Some(Role::Suspect),
            "jailer" | "agent" | "authorities" | "authority" => Some(Role::Agency),
            "place" => Some(Role::Place),
            _ => None,
        },
        Some(EventKind::Threat) => match r {
            "communicator" | "agent" => Some(Role::IssuerIndividual),
            "recipient" | "victim" | "target" => Some(Role::Target),
            "place" => Some(Role::Place),
            _ => None,
        },
        _ => match r {
            "attacker" | "assailant" | "killer" | "agent" | "injurer" | "terrorist"
            | "perpetrator" | "damagerdestroyer" => Some(Role::PerpetratorIndividual),
            "target" => Some(Role::Target),
            "victim" | "injured" => Some(Role::Victim),
            "instrument" | "explosivedevice" | "weapon" => Some(Role::Weapon),
            "place" => Some(Role::Place),
            _ => None,
        },
    }
}

/// The group a role is scored in: roles of one group are interchangeable for the scorer.
#[must_use]
pub fn role_group(role: Role) -> Option<&'static str> {
    Some(match role {
        Role::PerpetratorOrg | Role::PerpetratorIndividual | Role::Operator => "perpetrator",
        Role::Target | Role::Victim | Role::TargetOrg | Role::TargetIndividual => {
            "victim_or_target"
        }
        Role::Weapon => "weapon",
        Role::Place => "place",
        Role::Suspect | Role::SuspectedOrg => "suspect",
        Role::Agency => "agency",
        Role::IssuerOrg | Role::IssuerIndividual | Role::Issuer => "issuer",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_types_of_every_layout() {
        assert_eq!(
            event_type("Conflict.Attack.DetonateExplode"),
            Mapped::Event(EventKind::Attack, Some("bombing"))
        );
        assert_eq!(
            event_type("conflict.attack.airstrikemissilestrike"),
            Mapped::Event(EventKind::Attack, Some("air_strike"))
        );
        assert_eq!(
            event_type("Justice:Arrest-Jail"),
            Mapped::Event(EventKind::Arrest, None)
        );
        assert_eq!(event_type("Life.Die.Unspecified"), Mapped::Casualty);
        assert_eq!(event_type("Conflict:Demonstrate"), Mapped::Other);
        assert_eq!(
            event_type("Hostile_encounter"),
            Mapped::Event(EventKind::Attack, None)
        );
    }

    #[test]
    fn maps_roles() {
        assert_eq!(
            role(Some(EventKind::Attack), "Attacker"),
            Some(Role::PerpetratorIndividual)
        );
        assert_eq!(role(None, "evt089arg01victim"), Some(Role::Victim));
        assert_eq!(
            role(Some(EventKind::Arrest), "Detainee"),
            Some(Role::Suspect)
        );
        assert_eq!(role(Some(EventKind::Arrest), "Place"), Some(Role::Place));
        assert_eq!(role(Some(EventKind::Attack), "Topic"), None);
    }
}
