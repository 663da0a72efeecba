//! The event ontology: kinds, roles, modalities and the closed value sets of ONTOLOGY.md.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name used in JSON and on the command line.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }

            /// Parses the JSON / command-line name.
            #[must_use]
            pub fn parse(s: &str) -> Option<$ty> {
                match s { $($name => Some($ty::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// What happened (or was said) — the nine kinds of ONTOLOGY.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Violence carried out (bombing, shooting, stabbing, kidnapping …).
    Attack,
    /// A party announces future violence.
    Threat,
    /// A party says it carried out an attack.
    ClaimOfResponsibility,
    /// A party says it did not carry out an attack.
    DenialOfResponsibility,
    /// A government or agency warns of a risk.
    Warning,
    /// An official terror alert level is raised or lowered.
    AlertLevelChange,
    /// Suspects are arrested or a plot disrupted.
    Arrest,
    /// A raid, air strike or killing of a militant leader by a state.
    CounterOperation,
    /// Someone judges a threat, claim or attack (credible, propaganda, inspired …).
    Assessment,
}

names!(EventKind {
    Attack => "attack",
    Threat => "threat",
    ClaimOfResponsibility => "claim_of_responsibility",
    DenialOfResponsibility => "denial_of_responsibility",
    Warning => "warning",
    AlertLevelChange => "alert_level_change",
    Arrest => "arrest",
    CounterOperation => "counter_operation",
    Assessment => "assessment",
});

impl EventKind {
    /// CAMEO root or event code for this kind (ONTOLOGY.md); attacks refine by subtype.
    #[must_use]
    pub fn cameo(self) -> &'static str {
        match self {
            EventKind::Attack => "18",
            EventKind::Threat => "138",
            EventKind::ClaimOfResponsibility => "015",
            EventKind::DenialOfResponsibility => "016",
            EventKind::Warning | EventKind::Assessment => "01",
            EventKind::AlertLevelChange => "151",
            EventKind::Arrest => "173",
            EventKind::CounterOperation => "19",
        }
    }

    /// PLOVER event type, where one exists.
    #[must_use]
    pub fn plover(self) -> Option<&'static str> {
        match self {
            EventKind::Attack | EventKind::CounterOperation => Some("ASSAULT"),
            EventKind::Threat => Some("THREATEN"),
            EventKind::AlertLevelChange => Some("MOBILIZE"),
            EventKind::Arrest => Some("COERCE"),
            _ => None,
        }
    }

    /// The roles this kind may carry.
    #[must_use]
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            EventKind::Attack => &[
                PerpetratorOrg,
                PerpetratorIndividual,
                Target,
                Victim,
                Weapon,
                Killed,
                Injured,
                PerpetratorsKilled,
                PerpetratorsArrested,
                Place,
            ],
            EventKind::Threat => &[
                IssuerOrg,
                IssuerIndividual,
                Target,
                Scope,
                Window,
                Channel,
                ClaimedCapability,
            ],
            EventKind::ClaimOfResponsibility => &[ClaimantOrg, ClaimantIndividual, Attack, Channel],
            EventKind::DenialOfResponsibility => &[Denier, Attack, Channel],
            EventKind::Warning => &[Issuer, AboutActor, Region, Window],
            EventKind::AlertLevelChange => &[Authority, Country, Level, Direction, Reason],
            EventKind::Arrest => &[Agency, Suspect, SuspectedOrg, Place, Charges],
            EventKind::CounterOperation => &[
                Operator,
                TargetOrg,
                TargetIndividual,
                Killed,
                Injured,
                Place,
            ],
            EventKind::Assessment => &[Speaker, About, Stance, Attribution, Quote],
        }
    }
}

/// A role an event gives to a piece of text. Serialised in snake case, ordered as declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Role {
    PerpetratorOrg,
    PerpetratorIndividual,
    Target,
    Victim,
    Weapon,
    Killed,
    Injured,
    PerpetratorsKilled,
    PerpetratorsArrested,
    IssuerOrg,
    IssuerIndividual,
    Scope,
    Window,
    Channel,
    ClaimedCapability,
    ClaimantOrg,
    ClaimantIndividual,
    Attack,
    Denier,
    Issuer,
    AboutActor,
    Region,
    Authority,
    Country,
    Level,
    Direction,
    Reason,
    Agency,
    Suspect,
    SuspectedOrg,
    Place,
    Charges,
    Operator,
    TargetOrg,
    TargetIndividual,
    Speaker,
    About,
    Stance,
    Attribution,
    Quote,
}

names!(Role {
    PerpetratorOrg => "perpetrator_org",
    PerpetratorIndividual => "perpetrator_individual",
    Target => "target",
    Victim => "victim",
    Weapon => "weapon",
    Killed => "killed",
    Injured => "injured",
    PerpetratorsKilled => "perpetrators_killed",
    PerpetratorsArrested => "perpetrators_arrested",
    IssuerOrg => "issuer_org",
    IssuerIndividual => "issuer_individual",
    Scope => "scope",
    Window => "window",
    Channel => "channel",
    ClaimedCapability => "claimed_capability",
    ClaimantOrg => "claimant_org",
    ClaimantIndividual => "claimant_individual",
    Attack => "attack",
    Denier => "denier",
    Issuer => "issuer",
    AboutActor => "about_actor",
    Region => "region",
    Authority => "authority",
    Country => "country",
    Level => "level",
    Direction => "direction",
    Reason => "reason",
    Agency => "agency",
    Suspect => "suspect",
    SuspectedOrg => "suspected_org",
    Place => "place",
    Charges => "charges",
    Operator => "operator",
    TargetOrg => "target_org",
    TargetIndividual => "target_individual",
    Speaker => "speaker",
    About => "about",
    Stance => "stance",
    Attribution => "attribution",
    Quote => "quote",
});

/// How the article presents an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Reported as fact.
    Asserted,
    /// A party claims it.
    Claimed,
    /// Said to have happened, with an explicit hedge ("allegedly").
    Alleged,
    /// Said to have happened on others' word ("reportedly").
    Reported,
    /// Announced for the future.
    Threatened,
    /// Tried and failed.
    Attempted,
    /// Disrupted before it happened.
    Foiled,
    /// Background, long before the news ("ten years ago").
    Historical,
    /// Conditional or speculative ("could", "if").
    Hypothetical,
    /// Said not to have happened.
    Negated,
}

names!(Modality {
    Asserted => "asserted",
    Claimed => "claimed",
    Alleged => "alleged",
    Reported => "reported",
    Threatened => "threatened",
    Attempted => "attempted",
    Foiled => "foiled",
    Historical => "historical",
    Hypothetical => "hypothetical",
    Negated => "negated",
});

/// How a number is bounded by the text ("more than 140", "about 30", "up to 12").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// The figure as given.
    Exact,
    /// A lower bound: "at least", "more than", "over".
    AtLeast,
    /// An approximation: "about", "some", "nearly", "a dozen".
    About,
    /// An upper bound: "up to", "as many as".
    UpTo,
}

names!(Qualifier {
    Exact => "exact",
    AtLeast => "at_least",
    About => "about",
    UpTo => "up_to",
});

/// What an assessment says of the thing it judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Stance {
    Credible,
    Serious,
    NotCredible,
    Propaganda,
    Uncertain,
}

names!(Stance {
    Credible => "credible",
    Serious => "serious",
    NotCredible => "not_credible",
    Propaganda => "propaganda",
    Uncertain => "uncertain",
});

/// How an assessment ties an act to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Attribution {
    Directed,
    Enabled,
    Inspired,
    Unaffiliated,
    Copycat,
    FalseFlag,
}

names!(Attribution {
    Directed => "directed",
    Enabled => "enabled",
    Inspired => "inspired",
    Unaffiliated => "unaffiliated",
    Copycat => "copycat",
    FalseFlag => "false_flag",
});

/// How precisely a place is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum GeoPrecision {
    Point,
    City,
    /// A second-level area: a county, a district.
    Admin2,
    Admin1,
    Country,
    Region,
    Unresolved,
}

names!(GeoPrecision {
    Point => "point",
    City => "city",
    Admin2 => "admin2",
    Admin1 => "admin1",
    Country => "country",
    Region => "region",
    Unresolved => "unresolved",
});

/// How precisely a time is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum TimePrecision {
    Day,
    Week,
    Month,
    Year,
    Interval,
    Unresolved,
}

names!(TimePrecision {
    Day => "day",
    Week => "week",
    Month => "month",
    Year => "year",
    Interval => "interval",
    Unresolved => "unresolved",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde() {
        for k in EventKind::ALL {
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(EventKind::parse(k.as_str()), Some(*k));
        }
        for r in Role::ALL {
            assert_eq!(
                serde_json::to_string(r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        for m in Modality::ALL {
            assert_eq!(
                serde_json::to_string(m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
    }

    #[test]
    fn every_kind_has_roles() {
        for k in EventKind::ALL {
            assert!(!k.roles().is_empty(), "{k}");
        }
    }
}
