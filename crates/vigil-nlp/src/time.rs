//! Time expressions, resolved against the publication date when there is one.
//!
//! Absolute dates ("January 26, 2015", "in 2019") resolve on their own; relative ones ("on
//! Thursday", "this week", "a November report", "ten years ago") need the publication date and
//! otherwise stay unresolved with their original text — never guessed.

use vigil_model::{Date, Span, TimePrecision, Token, TokenKind};

/// A time expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Bytes of the expression.
    pub span: Span,
    /// First day, when resolved.
    pub from: Option<Date>,
    /// Last day, when resolved.
    pub to: Option<Date>,
    /// Precision; `Unresolved` without anchor.
    pub precision: TimePrecision,
    /// The expression points to the past beyond the news cycle ("ten years ago", "in 2019" in a
    /// 2024 article): a cue for historical modality.
    pub historical: bool,
}

const MONTHS: &[&str] = &[
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
const MONTH_ABBR: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a lower-cased word names a month or a day of the week ("march", "sept", "monday").
#[must_use]
pub fn calendar_word(w: &str) -> bool {
    MONTHS.contains(&w) || MONTH_ABBR.contains(&w) || WEEKDAYS.contains(&w)
}

fn month_of(w: &str) -> Option<u8> {
    MONTHS
        .iter()
        .position(|m| *m == w)
        .map(|i| i as u8 + 1)
        .or_else(|| {
            if w == "sep" {
                return Some(9);
            }
            MONTH_ABBR.iter().position(|m| *m == w).map(|i| i as u8 + 1)
        })
}

fn day_of(w: &str) -> Option<u8> {
    let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[d.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || d.is_empty() || d.len() > 2 {
        return None;
    }
    d.parse().ok().filter(|v| (1..=31).contains(v))
}

fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

fn small_number(w: &str) -> Option<i32> {
    let words = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
    ];
    let vals = [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 30, 40, 50,
    ];
    words
        .iter()
        .position(|x| *x == w)
        .map(|i| vals[i])
        .or_else(|| w.parse().ok().filter(|v| *v < 200))
}

/// The most recent date in `year`-less `month`/`day` not after `anchor` (news reports the past),
/// allowing a few days ahead for announced dates.
fn infer_year(anchor: Date, month: u8, day: u8) -> Option<Date> {
    let same = Date::new(anchor.year, month, day)?;
    if same.to_days() - anchor.to_days() > 31 {
        Date::new(anchor.year - 1, month, day)
    } else {
        Some(same)
    }
}

struct Found {
    start: usize,
    end: usize,
    from: Option<Date>,
    to: Option<Date>,
    precision: TimePrecision,
    historical: bool,
}

/// Finds and resolves time expressions in `tokens[range]`.
#[must_use]
pub fn find_times(
    lower: &str,
    tokens: &[Token],
    range: std::ops::Range<usize>,
    published: Option<Date>,
) -> Vec<TimeMention> {
    let w = |i: usize| -> &str {
        if i >= range.start && i < range.end {
            tokens[i].span.slice(lower)
        } else {
            ""
        }
    };
    let mut out: Vec<TimeMention> = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let found = match_at(&w, tokens, i, published);
        match found {
            Some(mut f) => {
                // Leading preposition belongs to the expression ("on Thursday", "in 2019").
                if f.start > range.start
                    && matches!(
                        w(f.start - 1),
                        "on" | "in" | "since" | "during" | "by" | "until"
                    )
                {
                    f.start -= 1;
                }
                let span = Span::new(tokens[f.start].span.start, tokens[f.end - 1].span.end);
                out.push(TimeMention {
                    start: f.start,
                    end: f.end,
                    span,
                    from: f.from,
                    to: f.to,
                    precision: if f.from.is_some() {
                        f.precision
                    } else {
                        TimePrecision::Unresolved
                    },
                    historical: f.historical,
                });
                i = f.end;
            }
            None => i += 1,
        }
    }
    out
}

fn match_at<'a>(
    w: &impl Fn(usize) -> &'a str,
    tokens: &[Token],
    i: usize,
    anchor: Option<Date>,
) -> Option<Found> {
    let t = w(i);
    let unresolved = |start, end, precision| Found {
        start,
        end,
        from: None,
        to: None,
        precision,
        historical: false,
    };
    // "during (the month of) Ramadan (which ends April 10th)"
    if t == "ramadan" {
        let mut end = i + 1;
        let mut to = None;
        if w(end) == "(" && w(end + 1) == "which" && matches!(w(end + 2), "ends" | "end" | "ended")
        {
            if let (Some(m), Some(d)) = (month_of(w(end + 3)), day_of(w(end + 4))) {
                to = anchor.and_then(|a| infer_year(a, m, d));
                end += 5;
                if w(end) == ")" {
                    end += 1;
                }
            }
        }
        let mut start = i;
        if w(i.wrapping_sub(1)) == "of"
            && w(i.wrapping_sub(2)) == "month"
            && w(i.wrapping_sub(3)) == "the"
        {
            start = i - 3;
        }
        let from = to.map(|d| d.add_days(-29));
        return Some(Found {
            start,
            end,
            from,
            to,
            precision: TimePrecision::Interval,
            historical: false,
        });
    }
    if let Some(wd) = WEEKDAYS.iter().position(|d| *d == t) {
        let mut start = i;
        let mut end = i + 1;
        if w(end) == "'s" {
            end += 1;
        }
        if matches!(w(end), "night" | "morning" | "evening" | "afternoon") {
            end += 1;
        }
        let mut forward = false;
        if matches!(w(i.wrapping_sub(1)), "last" | "this" | "next") {
            forward = w(i - 1) == "next";
            start = i - 1;
        }
        let Some(a) = anchor else {
            return Some(unresolved(start, end, TimePrecision::Day));
        };
        let delta = (i64::from(a.weekday()) - wd as i64).rem_euclid(7);
        let day = if forward {
            a.add_days((7 - delta) % 7 + if delta == 0 { 7 } else { 0 })
        } else {
            a.add_days(-delta)
        };
        return Some(Found {
            start,
            end,
            from: Some(day),
            to: Some(day),
            precision: TimePrecision::Day,
            historical: false,
        });
    }
    match t {
        "today" | "yesterday" | "tonight" => {
            let Some(a) = anchor else {
                return Some(unresolved(i, i + 1, TimePrecision::Day));
            };
            let d = if t == "yesterday" { a.add_days(-1) } else { a };
            return Some(Found {
                start: i,
                end: i + 1,
                from: Some(d),
                to: Some(d),
                precision: TimePrecision::Day,
                historical: false,
            });
        }
        "this" | "last" | "past" | "next"
            if matches!(w(i + 1), "week" | "month" | "year" | "weekend") =>
        {
            let unit = w(i + 1);
            // "Last year, a student was arrested …": before the story, whenever it is.
            let last_year = t == "last" && unit == "year";
            let Some(a) = anchor else {
                let mut f = unresolved(i, i + 2, TimePrecision::Week);
                f.historical = last_year;
                return Some(f);
            };
            let shift: i64 = match t {
                "last" | "past" => -1,
                "next" => 1,
                _ => 0,
            };
            let (from, to, precision) = match unit {
                "week" | "weekend" => {
                    let monday = a.add_days(-i64::from(a.weekday()) + 7 * shift);
                    if unit == "weekend" {
                        (
                            monday.add_days(5),
                            monday.add_days(6),
                            TimePrecision::Interval,
                        )
                    } else {
                        (monday, monday.add_days(6), TimePrecision::Week)
                    }
                }
                "month" => {
                    let (mut y, mut m) = (a.year, i32::from(a.month) + shift as i32);
                    if m < 1 {
                        m += 12;
                        y -= 1
                    }
                    if m > 12 {
                        m -= 12;
                        y += 1
                    }
                    let first = Date::new(y, m as u8, 1)?;
                    (first, first.month_end(), TimePrecision::Month)
                }
                _ => {
                    let y = a.year + shift as i32;
                    (
                        Date::new(y, 1, 1)?,
                        Date::new(y, 12, 31)?,
                        TimePrecision::Year,
                    )
                }
            };
            return Some(Found {
                start: i,
                end: i + 2,
                from: Some(from),
                to: Some(to),
                precision,
                historical: last_year,
            });
        }
        _ => {}
    }
    // "ten years ago", "two weeks ago"
    if let Some(n) = small_number(t) {
        if matches!(w(i + 1), "years" | "year" | "months" | "weeks" | "days") && w(i + 2) == "ago" {
            let Some(a) = anchor else {
                let mut f = unresolved(i, i + 3, TimePrecision::Year);
                f.historical = w(i + 1).starts_with("year");
                return Some(f);
            };
            let (from, to, precision, historical) = match w(i + 1) {
                "years" | "year" => {
                    let y = a.year - n;
                    (
                        Date::new(y, 1, 1)?,
                        Date::new(y, 12, 31)?,
                        TimePrecision::Year,
                        true,
                    )
                }
                "months" => {
                    let d = a.add_days(-30 * i64::from(n));
                    (
                        Date::new(d.year, d.month, 1)?,
                        d.month_end(),
                        TimePrecision::Month,
                        n >= 6,
                    )
                }
                "weeks" => {
                    let d = a.add_days(-7 * i64::from(n));
                    (
                        d.add_days(-i64::from(d.weekday())),
                        d.add_days(6 - i64::from(d.weekday())),
                        TimePrecision::Week,
                        false,
                    )
                }
                _ => {
                    let d = a.add_days(-i64::from(n));
                    (d, d, TimePrecision::Day, false)
                }
            };
            return Some(Found {
                start: i,
                end: i + 3,
                from: Some(from),
                to: Some(to),
                precision,
                historical,
            });
        }
    }
    // "26 January 2015", "2 february"
    if let (Some(d), Some(m)) = (day_of(t), month_of(w(i + 1))) {
        if tokens[i].kind == TokenKind::Number {
            let (end, year) = match year_of(w(i + 2)) {
                Some(y) => (i + 3, Some(y)),
                None => (i + 2, None),
            };
            return Some(resolve_day(i, end, year, m, d, anchor));
        }
    }
    if let Some(m) = month_of(t) {
        if t.len() <= 4
            && t != "may"
            && w(i + 1) != "."
            && !tokens
                .get(i + 1)
                .is_some_and(|x| x.kind == TokenKind::Number)
        {
            return None; // "mar", "jan" etc. only as abbreviations before a day
        }
        // "May" is also a verb and a name: only with a day or year after it.
        if let Some(d) = day_of(w(i + 1)).filter(|_| {
            tokens
                .get(i + 1)
                .is_some_and(|x| x.kind == TokenKind::Number)
        }) {
            let mut end = i + 2;
            let mut year = None;
            if w(end) == "," && year_of(w(end + 1)).is_some() {
                year = year_of(w(end + 1));
                end += 2;
            } else if let Some(y) = year_of(w(end)) {
                year = Some(y);
                end += 1;
            }
            return Some(resolve_day(i, end, year, m, d, anchor));
        }
        if let Some(y) = year_of(w(i + 1)) {
            let from = Date::new(y, m, 1)?;
            let hist = anchor.is_some_and(|a| a.year - y >= 2);
            return Some(Found {
                start: i,
                end: i + 2,
                from: Some(from),
                to: Some(from.month_end()),
                precision: TimePrecision::Month,
                historical: hist,
            });
        }
        if t == "may" {
            return None;
        }
        // "in January", "a November report": the latest such month not after the anchor.
        let Some(a) = anchor else {
            return Some(unresolved(i, i + 1, TimePrecision::Month));
        };
        let y = if m > a.month { a.year - 1 } else { a.year };
        let from = Date::new(y, m, 1)?;
        return Some(Found {
            start: i,
            end: i + 1,
            from: Some(from),
            to: Some(from.month_end()),
            precision: TimePrecision::Month,
            historical: false,
        });
    }
    if let Some(y) = year_of(t) {
        // A year, not a quantity: not followed by a unit-like noun in plural.
        let next = w(i + 1);
        if matches!(
            next,
            "people" | "men" | "soldiers" | "dead" | "killed" | "gallons" | "hours" | "troops"
        ) {
            return None;
        }
        let hist = anchor.is_some_and(|a| a.year - y >= 2);
        return Some(Found {
            start: i,
            end: i + 1,
            from: Date::new(y, 1, 1),
            to: Date::new(y, 12, 31),
            precision: TimePrecision::Year,
            historical: hist,
        });
    }
    None
}

fn resolve_day(
    start: usize,
    end: usize,
    year: Option<i32>,
    m: u8,
    d: u8,
    anchor: Option<Date>,
) -> Found {
    let date = match year {
        Some(y) => Date::new(y, m, d),
        None => anchor.and_then(|a| infer_year(a, m, d)),
    };
    let historical = match (date, anchor) {
        (Some(x), Some(a)) => a.to_days() - x.to_days() > 365,
        _ => false,
    };
    Found {
        start,
        end,
        from: date,
        to: date,
        precision: TimePrecision::Day,
        historical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn times(
        s: &str,
        published: Option<&str>,
    ) -> Vec<(String, Option<String>, Option<String>, TimePrecision)> {
        let lower = s.to_ascii_lowercase();
        let toks = tokenize(&lower);
        let p = published.map(|d| d.parse().unwrap());
        find_times(&lower, &toks, 0..toks.len(), p)
            .into_iter()
            .map(|t| {
                (
                    t.span.slice(s).to_string(),
                    t.from.map(|d| d.to_string()),
                    t.to.map(|d| d.to_string()),
                    t.precision,
                )
            })
            .collect()
    }

    #[test]
    fn relative_with_anchor() {
        use TimePrecision::*;
        let p = Some("2024-03-28"); // a Thursday
        assert_eq!(
            times("published on Thursday", p),
            [(
                "on Thursday".into(),
                Some("2024-03-28".into()),
                Some("2024-03-28".into()),
                Day
            )]
        );
        assert_eq!(
            times("Sunday's attack", Some("2015-05-05")),
            [(
                "Sunday's".into(),
                Some("2015-05-03".into()),
                Some("2015-05-03".into()),
                Day
            )]
        );
        assert_eq!(
            times("this week", p),
            [(
                "this week".into(),
                Some("2024-03-25".into()),
                Some("2024-03-31".into()),
                Week
            )]
        );
        assert_eq!(
            times("a November report", p),
            [(
                "November".into(),
                Some("2023-11-01".into()),
                Some("2023-11-30".into()),
                Month
            )]
        );
        assert_eq!(
            times("during the month of Ramadan (which ends April 10th)", p),
            [(
                "during the month of Ramadan (which ends April 10th)".into(),
                Some("2024-03-12".into()),
                Some("2024-04-10".into()),
                Interval
            )]
        );
        assert_eq!(
            times("ten years ago", p),
            [(
                "ten years ago".into(),
                Some("2014-01-01".into()),
                Some("2014-12-31".into()),
                Year
            )]
        );
    }

    #[test]
    fn last_year_is_before_the_story_whether_or_not_it_is_dated() {
        for published in [None, Some("2022-02-12")] {
            let s = "last year, a student was arrested; this year and last week too";
            let toks = tokenize(s);
            let p = published.map(|d| d.parse().unwrap());
            let found: Vec<(String, bool)> = find_times(s, &toks, 0..toks.len(), p)
                .into_iter()
                .map(|t| (t.span.slice(s).to_string(), t.historical))
                .collect();
            assert_eq!(
                found,
                [
                    ("last year".to_string(), true),
                    ("this year".to_string(), false),
                    ("last week".to_string(), false)
                ],
                "{published:?}"
            );
        }
    }

    #[test]
    fn absolute_and_unanchored() {
        use TimePrecision::*;
        assert_eq!(
            times("on January 26, 2015 near", None),
            [(
                "on January 26, 2015".into(),
                Some("2015-01-26".into()),
                Some("2015-01-26".into()),
                Day
            )]
        );
        assert_eq!(
            times("in 2019", None),
            [(
                "in 2019".into(),
                Some("2019-01-01".into()),
                Some("2019-12-31".into()),
                Year
            )]
        );
        assert_eq!(
            times("on Thursday", None),
            [("on Thursday".into(), None, None, Unresolved)]
        );
        assert_eq!(
            times("since 2 february.", Some("1989-02-05")),
            [(
                "since 2 february".into(),
                Some("1989-02-02".into()),
                Some("1989-02-02".into()),
                Day
            )]
        );
        assert!(times("the may be", None).is_empty());
    }
}
