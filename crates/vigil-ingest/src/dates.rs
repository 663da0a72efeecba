//! Dates as pages, feeds and archives write them: ISO 8601 / RFC 3339 (`2024-03-28`,
//! `2024-03-28T10:15:00+01:00`, `2024/03/28`), RFC 2822 (`Thu, 28 Mar 2024 10:15:00 GMT`),
//! WARC (`2024-03-28T10:15:00Z`), compact (`20240328`) and the forms news pages print, with
//! month names in English, German, French, Spanish, Italian, Portuguese, Dutch, the
//! Scandinavian languages, Polish and Finnish (`March 28, 2024`, `28. März 2024`,
//! `28 mars 2024`, `28 de marzo de 2024`, `28.03.2024`).
//!
//! Numeric dates with slashes or dashes (`03/04/2024`) are ambiguous: [`parse_date`] refuses
//! them, and [`parse_date_with`] and [`find_date`] read them in the order a page's language
//! uses ([`DateOrder::for_language`]), or only when the numbers allow one reading. Dotted
//! numeric dates (`28.03.2024`) are day first wherever they are written.
//!
//! Only the calendar day is kept; a time with an offset is taken on its own local day, as the
//! publisher wrote it.

use std::ops::Range;

use vigil_model::Date;

/// How numeric dates with slashes or dashes (`03/04/2024`) are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Never: they are refused.
    Strict,
    /// Only when the numbers allow one reading (`28/03/2024`, `03/28/2024`).
    Unambiguous,
    /// Day first (`03/04/2024` is 3 April): most of the world.
    DayFirst,
    /// Month first (`03/04/2024` is 4 March): the United States and a few others.
    MonthFirst,
}

impl DateOrder {
    /// The order of a language tag (`en-US`, `de`, `fr_CA`); [`DateOrder::Unambiguous`] for
    /// English without a region, which is written both ways.
    #[must_use]
    pub fn for_language(lang: &str) -> DateOrder {
        let l = lang.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = l.split('-');
        let primary = parts.next().unwrap_or("");
        let region = parts.next().unwrap_or("");
        match primary {
            "" => DateOrder::Unambiguous,
            "en" | "english" => match region {
                "us" | "ph" | "fm" | "pr" | "um" | "as" | "gu" | "mp" | "vi" => {
                    DateOrder::MonthFirst
                }
                "" | "ca" | "001" => DateOrder::Unambiguous,
                _ => DateOrder::DayFirst,
            },
            // Written year first with slashes, and rarely otherwise: read only when clear.
            "ja" | "zh" | "ko" | "hu" | "lt" | "fa" => DateOrder::Unambiguous,
            _ => DateOrder::DayFirst,
        }
    }
}

/// Months by name and abbreviation, lower case, in the languages above.
const MONTH_NAMES: [&[&str]; 12] = [
    &[
        "january",
        "jan",
        "januar",
        "jänner",
        "jän",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
        "januari",
        "stycznia",
        "styczeń",
        "tammikuuta",
        "tammikuu",
    ],
    &[
        "february",
        "feb",
        "febr",
        "februar",
        "février",
        "févr",
        "fevrier",
        "fevr",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
        "lutego",
        "luty",
        "helmikuuta",
        "helmikuu",
    ],
    &[
        "march",
        "mar",
        "märz",
        "mär",
        "maerz",
        "mars",
        "marzo",
        "março",
        "marco",
        "maart",
        "marca",
        "marzec",
        "maaliskuuta",
        "maaliskuu",
    ],
    &[
        "april",
        "apr",
        "avril",
        "avr",
        "abril",
        "abr",
        "aprile",
        "kwietnia",
        "kwiecień",
        "huhtikuuta",
        "huhtikuu",
    ],
    &[
        "may",
        "mai",
        "mayo",
        "may",
        "maggio",
        "mag",
        "maio",
        "mei",
        "maj",
        "maja",
        "toukokuuta",
        "toukokuu",
    ],
    &[
        "june",
        "jun",
        "juni",
        "juin",
        "junio",
        "giugno",
        "giu",
        "junho",
        "czerwca",
        "czerwiec",
        "kesäkuuta",
        "kesäkuu",
    ],
    &[
        "july",
        "jul",
        "juli",
        "juillet",
        "juil",
        "julio",
        "luglio",
        "lug",
        "julho",
        "lipca",
        "lipiec",
        "heinäkuuta",
        "heinäkuu",
    ],
    &[
        "august",
        "aug",
        "août",
        "aout",
        "agosto",
        "ago",
        "augustus",
        "augusti",
        "sierpnia",
        "sierpień",
        "elokuuta",
        "elokuu",
    ],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
        "settembre",
        "set",
        "setembro",
        "września",
        "wrzesień",
        "syyskuuta",
        "syyskuu",
    ],
    &[
        "october",
        "oct",
        "oktober",
        "okt",
        "octobre",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
        "października",
        "październik",
        "lokakuuta",
        "lokakuu",
    ],
    &[
        "november",
        "nov",
        "novembre",
        "noviembre",
        "novembro",
        "listopada",
        "listopad",
        "marraskuuta",
        "marraskuu",
    ],
    &[
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "déc",
        "decembre",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
        "grudnia",
        "grudzień",
        "joulukuuta",
        "joulukuu",
    ],
];

/// True when `word` (any case, trailing '.' or ',' allowed) is a prefix of three letters or more
/// of an English month name ("Sept", "Febr").
pub(crate) fn is_english_month_prefix(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']);
    if w.len() < 3 || w.len() > 9 {
        return false;
    }
    let l = w.to_ascii_lowercase();
    MONTH_NAMES
        .iter()
        .any(|names| names[0].starts_with(l.as_str()))
}

/// The month a word names (any case, a trailing '.' allowed), in any of the languages above.
#[must_use]
pub fn month_number(word: &str) -> Option<u8> {
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u8>> =
        std::sync::OnceLock::new();
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.len() < 3 || w.len() > 24 {
        return None;
    }
    let map = MAP.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        for (i, names) in MONTH_NAMES.iter().enumerate() {
            for n in *names {
                m.insert(*n, i as u8 + 1);
            }
        }
        m
    });
    if !w.chars().any(char::is_uppercase) {
        return map.get(w).copied();
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    for c in w.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        if len + n > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[len..]);
        len += n;
    }
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|l| map.get(l).copied())
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

/// Parses a date in any of the forms above; `None` when it is none of them, no such day, or
/// numeric with slashes or dashes (ambiguous: see [`parse_date_with`]).
#[must_use]
pub fn parse_date(s: &str) -> Option<Date> {
    parse_date_with(s, DateOrder::Strict)
}

/// [`parse_date`], reading numeric dates with slashes or dashes in the given order.
#[must_use]
pub fn parse_date_with(s: &str, order: DateOrder) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // ISO 8601 and RFC 3339: YYYY-MM-DD, then anything (time, offset).
    let b = s.as_bytes();
    // (Slices by `get`: bytes 8 and 10 need not be character boundaries.)
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        return ymd(num(s.get(0..4)?)?, num(s.get(5..7)?)?, num(s.get(8..10)?)?);
    }
    if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) && b.get(8).is_none_or(|c| *c == b'T')
    {
        return ymd(num(&s[0..4])?, num(&s[4..6])?, num(&s[6..8])?);
    }
    if let Some((d, _)) = scan(s, order, 1000, false) {
        return Some(d);
    }
    // Words: drop the weekday and punctuation, then find day, month name and year.
    let mut day = None;
    let mut mon = None;
    let mut year = None;
    for w in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
    {
        let w = w.trim_end_matches(['.', ',']);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if let Some(m) = month_number(w) {
            if mon.is_none() {
                mon = Some(u32::from(m));
            }
        } else if let Some(n) = num(digits) {
            if digits.len() == 4 && year.is_none() {
                year = Some(n);
            } else if digits.len() <= 2 && day.is_none() && (1..=31).contains(&n) {
                day = Some(n);
            }
        }
    }
    ymd(year?, mon?, day?)
}

/// The first date written in running text (`Published on 12. März 2019 by …`), and where it
/// is; years before 1990 are not taken (history, not publication).
#[must_use]
pub fn find_date(text: &str, order: DateOrder) -> Option<(Date, Range<usize>)> {
    scan(text, order, 1990, false)
}

/// [`find_date`] that also reads dotted dates with two-digit years (`23.09.22`), unless the
/// page's order is month first: for short lines near a headline (bylines).
pub(crate) fn find_date_loose(text: &str, order: DateOrder) -> Option<(Date, Range<usize>)> {
    scan(text, order, 1990, order != DateOrder::MonthFirst)
}

/// One piece of text: a run of ASCII digits, a run of letters, or one other character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Digits,
    Letters,
    Other(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind,
    s: &'a str,
    start: usize,
}

/// A cursor over the pieces of a text from some byte offset.
#[derive(Clone, Copy)]
struct Cur<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<Tok<'a>> {
        let rest = &self.text[self.pos..];
        let c = rest.chars().next()?;
        let (kind, len) = if c.is_ascii_digit() {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            (Kind::Digits, n)
        } else if c.is_alphabetic() {
            let n: usize = rest
                .chars()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            (Kind::Letters, n)
        } else {
            (Kind::Other(c), c.len_utf8())
        };
        Some(Tok {
            kind,
            s: &rest[..len],
            start: self.pos,
        })
    }

    fn next(&mut self) -> Option<Tok<'a>> {
        let t = self.peek()?;
        self.pos = t.start + t.s.len();
        Some(t)
    }

    /// Skips spaces (any white space, no-break spaces included).
    fn spaces(&mut self) -> usize {
        let mut n = 0;
        while let Some(t) = self.peek() {
            match t.kind {
                Kind::Other(c) if c.is_whitespace() => {
                    self.pos += c.len_utf8();
                    n += 1;
                }
                _ => break,
            }
        }
        n
    }

    /// Takes `c` when it comes next.
    fn eat(&mut self, c: char) -> bool {
        if self.text[self.pos..].starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// Takes a number of `min..=max` digits.
    fn number(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let t = self.peek()?;
        if t.kind != Kind::Digits || t.s.len() < min || t.s.len() > max {
            return None;
        }
        self.pos += t.s.len();
        Some((t.s.parse().ok()?, t.s.len()))
    }

    /// Takes a year (four digits not followed by another digit).
    fn year(&mut self, min_year: u32) -> Option<u32> {
        let (y, _) = self.number(4, 4)?;
        (min_year..=2099).contains(&y).then_some(y)
    }

    /// Takes a month word, with its abbreviation dot.
    fn month(&mut self) -> Option<u32> {
        let t = self.peek()?;
        if t.kind != Kind::Letters {
            return None;
        }
        let m = month_number(t.s)?;
        self.pos += t.s.len();
        self.eat('.');
        Some(u32::from(m))
    }

    /// Takes a word that may come between parts of a date ("de", "del", "of").
    fn filler(&mut self) {
        let save = *self;
        if let Some(t) = self.next() {
            if t.kind == Kind::Letters
                && matches!(t.s, "de" | "del" | "of" | "di" | "do" | "da" | "den")
                && self.spaces() > 0
            {
                return;
            }
        }
        *self = save;
    }

    /// Takes an ordinal suffix after a day ("st", "nd", "rd", "th", "er", "e", "º", ".").
    fn ordinal(&mut self) {
        if self.eat('.') || self.eat('º') || self.eat('°') {
            return;
        }
        let save = *self;
        if let Some(t) = self.next() {
            if t.kind == Kind::Letters
                && matches!(
                    t.s.to_ascii_lowercase().as_str(),
                    "st" | "nd" | "rd" | "th" | "er" | "e" | "eme" | "ème"
                )
            {
                return;
            }
        }
        *self = save;
    }
}

/// Day, month and year from two numbers of a slashed or dashed date, in `order`.
fn day_month(a: u32, b: u32, order: DateOrder) -> Option<(u32, u32)> {
    match order {
        DateOrder::Strict => None,
        DateOrder::DayFirst => Some((a, b)),
        DateOrder::MonthFirst => Some((b, a)),
        DateOrder::Unambiguous => match (a > 12, b > 12) {
            _ if a == b => Some((a, b)),
            (true, false) => Some((a, b)),
            (false, true) => Some((b, a)),
            _ => None,
        },
    }
}

/// Whether a word starting at byte `i` is glued to a word or number before it.
fn glued_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The first date in `text` and its byte range.
fn scan(
    text: &str,
    order: DateOrder,
    min_year: u32,
    short_years: bool,
) -> Option<(Date, Range<usize>)> {
    let bytes = text.as_bytes();
    // Every date has digits: most text has none.
    let first_digit = bytes.iter().position(u8::is_ascii_digit)?;
    // A date starts at most a month name before its first digit.
    let mut i = first_digit.saturating_sub(40);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_digit() {
            let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let prev = text[..i].chars().next_back();
            let standalone = !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | '/'));
            if standalone {
                if let Some(found) = at_number(text, i, order, min_year, short_years) {
                    return Some(found);
                }
            }
            i += run;
        } else if c.is_ascii_alphabetic() || c >= 0x80 {
            // A word: a month name may start a date ("March 12, 2019").
            let cur = Cur { text, pos: i };
            let Some(t) = cur.peek() else { break };
            if t.kind == Kind::Letters {
                // A month name is followed by its day within a few bytes ("Mar. 12").
                let next = i + t.s.len();
                let digit_soon = bytes[next..].iter().take(8).any(u8::is_ascii_digit);
                if digit_soon && !glued_before(text, i) {
                    if let Some(found) = at_month(text, i, min_year) {
                        return Some(found);
                    }
                }
                i += t.s.len();
            } else {
                i += t.s.len().max(1);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// A date that starts with a number at byte `i`.
fn at_number(
    text: &str,
    i: usize,
    order: DateOrder,
    min_year: u32,
    short_years: bool,
) -> Option<(Date, Range<usize>)> {
    let mut cur = Cur { text, pos: i };
    let (a, alen) = cur.number(1, 4)?;
    let after_a = cur;
    let end_ok = |c: &Cur<'_>| {
        let rest = &c.text[c.pos..];
        // A time may follow an ISO date directly: 2022-5-3T23:57.
        (alen == 4
            && rest.starts_with('T')
            && rest[1..].starts_with(|ch: char| ch.is_ascii_digit()))
            || !rest
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_digit() || ch.is_alphabetic())
    };
    let done = |y: u32, m: u32, d: u32, c: &Cur<'_>| {
        if !end_ok(c) {
            return None;
        }
        let date = ymd(y, m, d)?;
        Some((date, i..c.pos))
    };
    if alen == 4 {
        // Year first: 2019-03-12, 2019/03/12, 2019.03.12, 2019年3月12日.
        if !(min_year..=2099).contains(&a) {
            return None;
        }
        if cur.eat('年') {
            let (m, _) = cur.number(1, 2)?;
            if !cur.eat('月') {
                return None;
            }
            let (d, _) = cur.number(1, 2)?;
            if !cur.eat('日') {
                return None;
            }
            return ymd(a, m, d).map(|date| (date, i..cur.pos));
        }
        let sep = cur.next()?;
        if let Kind::Other(s @ ('-' | '/' | '.')) = sep.kind {
            let (m, _) = cur.number(1, 2)?;
            if !cur.eat(s) {
                return None;
            }
            let (d, _) = cur.number(1, 2)?;
            if s == '.' {
                cur.eat('.');
            }
            return done(a, m, d, &cur);
        }
        return None;
    }
    if alen > 2 {
        return None;
    }
    // Numeric: 12.03.2019, 12/03/2019, 12-03-2019 (and 12. 03. 2019).
    if let Some(Tok {
        kind: Kind::Other(s @ ('.' | '/' | '-')),
        ..
    }) = cur.peek()
    {
        let mut c = cur;
        c.next();
        if s == '.' {
            c.spaces();
        }
        if let Some((b, _)) = c.number(1, 2) {
            if c.eat(s) {
                if s == '.' {
                    c.spaces();
                }
                if let Some(y) = c.year(min_year) {
                    let dm = if s == '.' {
                        Some((a, b))
                    } else {
                        day_month(a, b, order)
                    };
                    if let Some((d, m)) = dm {
                        if let Some(found) = done(y, m, d, &c) {
                            return Some(found);
                        }
                    }
                    return None;
                }
                if s == '.' && short_years {
                    if let Some((y, _)) = c.number(2, 2) {
                        let y = if y < 70 { 2000 + y } else { 1900 + y };
                        if y >= min_year {
                            if let Some(found) = done(y, b, a, &c) {
                                return Some(found);
                            }
                        }
                        return None;
                    }
                }
            }
        }
    }
    // Day, month name, year: 12. März 2019, 12 mars 2019, 12th March, 2019, 12 de marzo de
    // 2019, 12-Mar-2019.
    let mut c = after_a;
    c.ordinal();
    let dashed = c.eat('-');
    c.spaces();
    c.filler();
    let m = c.month()?;
    if dashed {
        c.eat('-');
    } else {
        c.eat(',');
    }
    c.spaces();
    c.filler();
    let y = c.year(min_year)?;
    done(y, m, a, &c)
}

/// A date that starts with a month name at byte `i`: March 12, 2019; Mar. 12th 2019.
fn at_month(text: &str, i: usize, min_year: u32) -> Option<(Date, Range<usize>)> {
    let mut c = Cur { text, pos: i };
    let m = c.month()?;
    if c.spaces() == 0 && !text[i..c.pos].ends_with('.') {
        return None;
    }
    let (d, _) = c.number(1, 2)?;
    c.ordinal();
    c.eat(',');
    if c.spaces() == 0 && !text[..c.pos].ends_with(',') {
        return None;
    }
    let y = c.year(min_year)?;
    if text[c.pos..]
        .chars()
        .next()
        .is_some_and(|ch| ch.is_ascii_digit() || ch.is_alphabetic())
    {
        return None;
    }
    let date = ymd(y, m, d)?;
    Some((date, i..c.pos))
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
            "2024/03/28",
            "2024.03.28",
            "Thu, 28 Mar 2024 10:15:00 GMT",
            "Thu, 28 Mar 2024 10:15:00 +0000",
            "March 28, 2024",
            "Mar. 28, 2024",
            "28 March 2024",
            "Thursday 28th March 2024 10.15 GMT",
            "Updated: March 28, 2024 at 10:15 a.m.",
            "28.03.2024",
            "28.3.2024",
            "28. 03. 2024",
            "Do, 28.03.2024 - 10:15",
            "28. März 2024",
            "28. Maerz 2024",
            "Donnerstag, 28. März 2024, 10:15 Uhr",
            "28 mars 2024",
            "jeudi 28 mars 2024",
            "le 28 mars 2024 à 10h15",
            "28 de marzo de 2024",
            "28 de março de 2024",
            "28 marzo 2024",
            "28 maart 2024",
            "28 marca 2024",
            "28. maaliskuuta 2024",
            "28-Mar-2024",
            "MARCH 28, 2024",
            "28 MÄRZ 2024",
            "2024年3月28日",
            "2024-3-28T10:15:00",
            "By Jo Smith/March 28, 2024",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in [
            "",
            "yesterday",
            "28/03/2024",
            "03/28/2024",
            "28-03-2024",
            "2024-02-30",
            "March 2024",
            "13:45",
            "10.15",
            "31.02.2024",
            "2024-03-2é",
            "é024-03-28",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(parse_date("Sept 3, 2023"), Date::new(2023, 9, 3));
        assert_eq!(parse_date("3 sept. 2023"), Date::new(2023, 9, 3));
        assert_eq!(parse_date("3 déc. 2023"), Date::new(2023, 12, 3));
        assert_eq!(parse_date("3. Dez. 2023"), Date::new(2023, 12, 3));
        assert_eq!(parse_date("3 May, 2022, 11:37 pm"), Date::new(2022, 5, 3));
        assert_eq!(parse_date("1st January 2020"), Date::new(2020, 1, 1));
        assert_eq!(parse_date("1er janvier 2020"), Date::new(2020, 1, 1));
        assert_eq!(parse_date("15 août 2021"), Date::new(2021, 8, 15));
        assert_eq!(parse_date("4 juillet 2021"), Date::new(2021, 7, 4));
        assert_eq!(parse_date("7. Jänner 2021"), Date::new(2021, 1, 7));
        assert_eq!(parse_date("12 ottobre 2021"), Date::new(2021, 10, 12));
        assert_eq!(parse_date("12 dicembre 2021"), Date::new(2021, 12, 12));
        assert_eq!(parse_date("12 września 2021"), Date::new(2021, 9, 12));
    }

    #[test]
    fn slashes_follow_the_language() {
        let march_4 = Date::new(2019, 3, 4);
        let april_3 = Date::new(2019, 4, 3);
        assert_eq!(parse_date_with("04/03/2019", DateOrder::DayFirst), march_4);
        assert_eq!(
            parse_date_with("04/03/2019", DateOrder::MonthFirst),
            april_3
        );
        assert_eq!(parse_date_with("04/03/2019", DateOrder::Unambiguous), None);
        assert_eq!(parse_date_with("04/03/2019", DateOrder::Strict), None);
        assert_eq!(parse_date_with("04-03-2019", DateOrder::DayFirst), march_4);
        assert_eq!(
            parse_date_with("28/03/2019", DateOrder::Unambiguous),
            Date::new(2019, 3, 28)
        );
        assert_eq!(
            parse_date_with("03/28/2019", DateOrder::Unambiguous),
            Date::new(2019, 3, 28)
        );
        assert_eq!(parse_date_with("03/28/2019", DateOrder::DayFirst), None);
        assert_eq!(
            parse_date_with("Published 12/03/2019", DateOrder::MonthFirst),
            Date::new(2019, 12, 3)
        );
        assert_eq!(
            parse_date_with("Published 12/03/2019", DateOrder::DayFirst),
            Date::new(2019, 3, 12)
        );
        // Dots are day first whatever the language.
        assert_eq!(
            parse_date_with("04.03.2019", DateOrder::MonthFirst),
            march_4
        );
        assert_eq!(DateOrder::for_language("en-US"), DateOrder::MonthFirst);
        assert_eq!(DateOrder::for_language("en_us"), DateOrder::MonthFirst);
        assert_eq!(DateOrder::for_language("en-GB"), DateOrder::DayFirst);
        assert_eq!(DateOrder::for_language("EN"), DateOrder::Unambiguous);
        assert_eq!(DateOrder::for_language("de-DE"), DateOrder::DayFirst);
        assert_eq!(DateOrder::for_language("fr"), DateOrder::DayFirst);
        assert_eq!(DateOrder::for_language(""), DateOrder::Unambiguous);
    }

    #[test]
    fn dates_in_running_text() {
        fn f(t: &str) -> Option<(Date, &str)> {
            find_date(t, DateOrder::DayFirst).map(|(d, r)| (d, &t[r]))
        }
        assert_eq!(
            f("Von Anna Muster | 12. März 2019, 10:15 Uhr"),
            Some((Date::new(2019, 3, 12).unwrap(), "12. März 2019"))
        );
        assert_eq!(
            f("Stand: 28.04.2020 18:00 Uhr"),
            Some((Date::new(2020, 4, 28).unwrap(), "28.04.2020"))
        );
        assert_eq!(
            f("Posted on March 12th, 2019 by admin"),
            Some((Date::new(2019, 3, 12).unwrap(), "March 12th, 2019"))
        );
        assert_eq!(
            f("Publié le 12 mars 2019 à 10h"),
            Some((Date::new(2019, 3, 12).unwrap(), "12 mars 2019"))
        );
        assert_eq!(
            f("Veröffentlicht am 01.02.2022"),
            Some((Date::new(2022, 2, 1).unwrap(), "01.02.2022"))
        );
        // Not dates: versions, times, prices, numbers glued to words, history.
        for t in [
            "Version 1.2.3 beta",
            "um 10.15 Uhr",
            "Artikel 12.03.20199",
            "ISBN 978-3-16-148410-0",
            "Am 9. November 1989 fiel die Mauer",
            "March 2019",
            "12 Mai",
            "A12.03.2019",
            "12.03.2019x",
        ] {
            assert_eq!(f(t), None, "{t}");
        }
        assert_eq!(
            find_date_loose("23.09.22 | Wohnen", DateOrder::DayFirst).map(|x| x.0),
            Date::new(2022, 9, 23)
        );
        assert_eq!(find_date("23.09.22", DateOrder::DayFirst), None);
        assert_eq!(find_date_loose("23.09.22", DateOrder::MonthFirst), None);
        assert_eq!(
            find_date_loose("23.09.22", DateOrder::Unambiguous).map(|x| x.0),
            Date::new(2022, 9, 23)
        );
        assert_eq!(
            find_date_loose("um 10.15.22 Uhr", DateOrder::DayFirst),
            None
        );
        assert_eq!(
            find_date("03/28/2019", DateOrder::Unambiguous).map(|x| x.0),
            Date::new(2019, 3, 28)
        );
        assert_eq!(find_date("04/03/2019", DateOrder::Unambiguous), None);
        assert_eq!(month_number("März"), Some(3));
        assert_eq!(month_number("DEC."), Some(12));
        assert_eq!(month_number("Mo"), None);
    }
}
