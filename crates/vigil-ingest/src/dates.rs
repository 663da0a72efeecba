//! Dates as pages, feeds and archives write them: ISO 8601 / RFC 3339 (`2024-03-28`,
//! `2024-03-28T10:15:00+01:00`), RFC 2822 (`Thu, 28 Mar 2024 10:15:00 GMT`), WARC
//! (`2024-03-28T10:15:00Z`), compact (`20240328`) and the forms news pages print
//! (`March 28, 2024`, `28 March 2024`, `Mar. 28, 2024`, `28/03/2024` is ambiguous and refused).
//!
//! Only the calendar day is kept; a time with an offset is taken on its own local day, as the
//! publisher wrote it.

use vigil_model::Date;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .zip(full)
        .position(|(short, long)| {
            long.starts_with(w.as_str()) && w.starts_with(short) || w == "sept" && *short == "sep"
        })
        .map(|i| i as u8 + 1)
}

fn num(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Date::new(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// Parses a date in any of the forms above; `None` when it is none of them or no such day.
#[must_use]
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // ISO 8601 and RFC 3339: YYYY-MM-DD, then anything (time, offset).
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        return ymd(num(&s[0..4])?, num(&s[5..7])?, num(&s[8..10])?);
    }
    if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) && b.get(8).is_none_or(|c| *c == b'T')
    {
        return ymd(num(&s[0..4])?, num(&s[4..6])?, num(&s[6..8])?);
    }
    // Words: drop the weekday and punctuation, then find day, month name and year.
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut day = None;
    let mut mon = None;
    let mut year = None;
    for w in &words {
        let w = w.trim_end_matches(['.', ',']);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if let Some(m) = month(w) {
            if mon.is_none() {
                mon = Some(u32::from(m));
            }
        } else if let Some(n) = num(digits) {
            if digits.len() == 4 && year.is_none() {
                year = Some(n);
            } else if digits.len() <= 2 && day.is_none() && (1..=31).contains(&n) {
                day = Some(n);
            }
        } else if w.contains(':') {
            // A time of day: ignored.
        }
    }
    ymd(year?, mon?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let d = Date::new(2024, 3, 28);
        for s in [
            "2024-03-28",
            "2024-03-28T10:15:00+01:00",
            "2024-03-28T23:59:59.123Z",
            "20240328",
            "20240328T101500Z",
            "Thu, 28 Mar 2024 10:15:00 GMT",
            "Thu, 28 Mar 2024 10:15:00 +0000",
            "March 28, 2024",
            "Mar. 28, 2024",
            "28 March 2024",
            "Thursday 28th March 2024 10.15 GMT",
            "Updated: March 28, 2024 at 10:15 a.m.",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in [
            "",
            "yesterday",
            "28/03/2024",
            "2024-02-30",
            "March 2024",
            "13:45",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(parse_date("Sept 3, 2023"), Date::new(2023, 9, 3));
    }
}
