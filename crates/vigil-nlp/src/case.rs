//! How a text is cased.

use vigil_model::CaseProfile;

/// Classifies a text as mixed, lower or upper case from its letters.
///
/// A text is `Lower` when fewer than 1% of its letters are capitals (in a text under 2,000
/// letters, fewer than one in 300: a headline's one name, "… raids targeting the outskirts of
/// the capital and the city of Douma", is a capital that tells), `Upper` when more than 80%
/// are; everything else is `Mixed`.
#[must_use]
pub fn case_profile(text: &str) -> CaseProfile {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    let letters = upper + lower;
    let few = if letters < 2_000 { 300 } else { 100 };
    if letters == 0 || upper * few < letters {
        CaseProfile::Lower
    } else if upper * 100 > letters * 80 {
        CaseProfile::Upper
    } else {
        CaseProfile::Mixed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles() {
        assert_eq!(case_profile("the army denied it."), CaseProfile::Lower);
        assert_eq!(
            case_profile("GUERRILLAS ATTACKED A POST IN LIMA."),
            CaseProfile::Upper
        );
        assert_eq!(
            case_profile("The Army denied it in Lima."),
            CaseProfile::Mixed
        );
        // One name in a long headline.
        let headline = "10 martyrs, more than half of them children and citizens, in intensive \
                        raids targeting the outskirts of the capital and the city of Douma";
        assert_eq!(case_profile(headline), CaseProfile::Mixed);
        assert_eq!(case_profile(&headline.to_lowercase()), CaseProfile::Lower);
    }
}
