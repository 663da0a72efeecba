//! The publication date of a page: the dates its metadata gives and the dates it prints
//! around its headline (bylines, "Stand: …", `<time>`), weighed together; its URL's date
//! when there is nothing else. A printed date labelled as an update ("Aktualisiert am …",
//! "Updated …") or that ends a range ("vom 9. bis 23. Februar") is never taken for the
//! publication date, and no date is made up: a page with none has none.

use vigil_model::Date;

use super::dom::{Attr, Dom, Tag, NONE};
use crate::dates::DateOrder;

/// A date printed in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub date: Date,
    /// Characters of text (white space aside) between the headline and the date.
    pub dist: usize,
    /// Characters of text of the line (block) it is printed in.
    pub line: usize,
}

/// Dates printed around the headline.
#[derive(Debug, Default, Clone)]
pub(crate) struct Printed {
    /// The first date after the start of the headline that is not labelled as an update.
    pub after: Option<Found>,
    /// The nearest date before the headline.
    pub before: Option<Found>,
    /// The first `<time datetime>` after the start of the headline.
    pub time: Option<Found>,
}

/// How far from the headline printed dates are looked for (characters of text).
const AFTER: usize = 1000;
const BEFORE: usize = 400;
/// Blocks longer than this are story text: only their first characters are read for dates.
const SHORT: usize = 200;
const LEAD: usize = 60;

/// How near the headline a printed date must be to overrule the metadata (characters of
/// text after it, before it).
const NEAR_AFTER: usize = 300;
const NEAR_BEFORE: usize = 50;
/// The longest line (characters of text) that counts as a date line.
const DATE_LINE: usize = 100;

/// The publication date: a date printed near the headline (as readers see it: the metadata
/// is often the server's time in UTC, or the last modification) that is not labelled as an
/// update; else the metadata's; else the URL's; else a date printed further from the
/// headline, in the `<title>`, or the first `<time>` of the page. `None` rather than a guess.
pub(crate) fn choose(meta: &super::meta::Meta, p: &Printed) -> Option<Date> {
    // A date line (a byline, "Stand: …"), not a sentence of the story.
    let line = |f: &Found| f.line <= DATE_LINE;
    let near = p
        .after
        .filter(|f| f.dist <= NEAR_AFTER && line(f))
        .or(p.time.filter(|f| f.dist <= NEAR_AFTER))
        .or(p.before.filter(|f| f.dist <= NEAR_BEFORE && line(f)))
        .map(|f| f.date);
    if let Some((m, _)) = meta.published {
        let close = |a: Date, b: Date| (a.to_days() - b.to_days()).abs() <= 1;
        return Some(match near {
            // 11/01/2021 on a page whose metadata says 1 November: read month first.
            Some(d) if swapped(d).is_some_and(|s| s == m) => m,
            // The metadata and the URL agree, the printed date with neither: a slip.
            Some(d) if meta.url_date.is_some_and(|u| close(u, m) && !close(u, d)) => m,
            Some(d) => d,
            None => m,
        });
    }
    let near = p
        .after
        .filter(|f| f.dist <= NEAR_AFTER)
        .or(p.time.filter(|f| f.dist <= NEAR_AFTER))
        .or(p.before.filter(|f| f.dist <= NEAR_BEFORE))
        .map(|f| f.date);
    meta.url_date
        .or(near)
        .or(p.time.filter(|f| f.dist <= 2 * NEAR_AFTER).map(|f| f.date))
        .or(p.after.map(|f| f.date))
        .or(p.before.map(|f| f.date))
        .or(meta.title_date)
        .or(meta.first_time)
}

/// The date with day and month exchanged, when that is a date.
fn swapped(d: Date) -> Option<Date> {
    Date::new(d.year, d.day, d.month)
}

/// Dates printed around the headline `h1`, else around the page's first `h1`, else around
/// the start of the story's container `root`.
pub(crate) fn printed_around(dom: &Dom<'_>, h1: u32, root: u32, order: DateOrder) -> Printed {
    let h1 = if h1 == NONE {
        dom.nodes
            .iter()
            .position(|n| n.tag == Tag::H1)
            .map_or(NONE, |i| i as u32)
    } else {
        h1
    };
    if h1 == NONE {
        printed(dom, root, false, order)
    } else {
        printed(dom, h1, true, order)
    }
}

/// Whether a node's text is never printed (scripts, styles, templates, form options).
fn silent(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Template
            | Tag::Noscript
            | Tag::Head
            | Tag::Title
            | Tag::Svg
            | Tag::Math
            | Tag::Select
            | Tag::Option
            | Tag::Textarea
    )
}

/// Words that label a date as an update rather than the publication.
fn update_label(before: &str) -> bool {
    const LABELS: &[&str] = &[
        "aktualisiert",
        "update",
        "geändert",
        "bearbeitet",
        "modified",
        "edited",
        "mis à jour",
        "mise à jour",
        "modifié",
        "actualizado",
        "actualización",
        "aggiornat",
        "atualizado",
        "zuletzt",
        "zaktualizowano",
        "bijgewerkt",
        "päivitetty",
    ];
    let l = before.to_lowercase();
    LABELS.iter().any(|w| l.contains(w))
}

/// What the words before a printed date make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Published,
    /// "Aktualisiert am …", "Updated …".
    Updated,
    /// The end of a range or list of dates ("vom 9. bis 23. Februar 2017", "21. und 22. Mai"):
    /// an event's, not the page's.
    Range,
}

/// Whether the text before a date ends with a word that joins it to an earlier date;
/// `after_date` says whether that text follows a date directly ("12.03.2019 – 14.03.2019").
fn range_end(before: &str, after_date: bool) -> bool {
    let t = before.trim_end();
    let joint = t.trim_start();
    if after_date
        && !joint.is_empty()
        && joint.chars().count() <= 2
        && joint.chars().all(|c| matches!(c, '-' | '–' | '—' | '/'))
    {
        return true;
    }
    let last = t
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        last.as_str(),
        "bis"
            | "und"
            | "and"
            | "to"
            | "until"
            | "till"
            | "through"
            | "et"
            | "au"
            | "y"
            | "al"
            | "e"
            | "tot"
            | "och"
            | "og"
            | "do"
            | "i"
    )
}

fn nonspace_chars(s: &str) -> usize {
    super::extract::count_chars(s)
}

/// Calls `each(date, characters before it, characters after it, label)` for the dates of one
/// block of text, in order, until it returns `false`.
fn piece_dates(
    piece: &str,
    order: DateOrder,
    mut each: impl FnMut(Date, usize, usize, Label) -> bool,
) {
    let chars = nonspace_chars(piece);
    let text = if chars > SHORT {
        // Story text: a dateline at its start only.
        let mut end = LEAD.min(piece.len());
        while !piece.is_char_boundary(end) {
            end -= 1;
        }
        &piece[..end]
    } else {
        piece
    };
    let mut from = 0;
    while let Some((d, r)) = crate::dates::find_date_loose(&text[from..], order) {
        let (start, end) = (from + r.start, from + r.end);
        let mut label_from = start.saturating_sub(48);
        while !text.is_char_boundary(label_from) {
            label_from -= 1;
        }
        // The label is what comes after the previous date.
        let label = &text[label_from.max(from)..start];
        let chars_before = nonspace_chars(&text[..start]);
        let chars_after = nonspace_chars(&text[end..]);
        let kind = if range_end(label, from > 0) {
            Label::Range
        } else if update_label(label) {
            Label::Updated
        } else {
            Label::Published
        };
        if !each(d, chars_before, chars_after, kind) {
            return;
        }
        from = end;
    }
}

/// Dates printed around `anchor`: a headline (`is_h1`) or the start of the story.
fn printed(dom: &Dom<'_>, anchor: u32, is_h1: bool, order: DateOrder) -> Printed {
    let mut p = Printed::default();
    if anchor == NONE {
        return p;
    }
    // After: from the headline on, block by block.
    let mut piece = String::new();
    let mut piece_dist = 0;
    let mut dist = 0;
    let flush = |piece: &mut String, piece_dist: usize, p: &mut Printed| {
        if piece.trim().is_empty() {
            piece.clear();
            return;
        }
        piece_dates(piece, order, |d, before, _, label| {
            let f = Found {
                date: d,
                dist: piece_dist + before,
                line: nonspace_chars(piece),
            };
            if label == Label::Published {
                p.after = Some(f);
            }
            p.after.is_none()
        });
        piece.clear();
    };
    // The headline's own text is at distance 0.
    let mut inside_end = anchor as usize + 1;
    if is_h1 {
        while inside_end < dom.nodes.len() && is_inside(dom, inside_end as u32, anchor) {
            inside_end += 1;
        }
    }
    for i in anchor as usize..dom.nodes.len() {
        if dist > AFTER || p.after.is_some() {
            break;
        }
        let n = &dom.nodes[i];
        match n.tag {
            Tag::Text => {
                if silent(dom.node(n.parent).tag) {
                    continue;
                }
                let t = dom.text(i as u32);
                if piece.is_empty() {
                    piece_dist = dist;
                }
                piece.push_str(if t.is_empty() { " " } else { t });
                if i >= inside_end {
                    dist += nonspace_chars(t);
                }
            }
            Tag::Time => {
                let d = dom
                    .attr_of(n, Attr::Datetime)
                    .and_then(crate::dates::parse_date);
                if let (None, Some(date)) = (p.time, d) {
                    p.time = Some(Found {
                        date,
                        dist,
                        line: 0,
                    });
                }
            }
            t if t.is_block() || t == Tag::Br => flush(&mut piece, piece_dist, &mut p),
            // Text of two elements is two words: <span>Erstellt am</span><span>9.2.2022</span>.
            _ if !piece.is_empty() && !piece.ends_with(' ') => piece.push(' '),
            _ => {}
        }
    }
    flush(&mut piece, piece_dist, &mut p);
    // Before: back from the headline, block by block; the nearest date.
    let mut pieces: Vec<&str> = Vec::new();
    let mut dist = 0;
    let back = |pieces: &mut Vec<&str>, dist: usize, p: &mut Printed| {
        if pieces.is_empty() {
            return;
        }
        let piece: String = pieces.iter().rev().copied().collect();
        pieces.clear();
        let mut last = None;
        piece_dates(&piece, order, |d, _, after, label| {
            if label == Label::Published {
                last = Some(Found {
                    date: d,
                    dist: dist.saturating_sub(nonspace_chars(&piece)) + after,
                    line: nonspace_chars(&piece),
                });
            }
            true
        });
        if let Some(f) = last {
            p.before.get_or_insert(f);
        }
    };
    for i in (1..anchor as usize).rev() {
        if dist > BEFORE || p.before.is_some() {
            break;
        }
        let n = &dom.nodes[i];
        match n.tag {
            Tag::Text => {
                if silent(dom.node(n.parent).tag) {
                    continue;
                }
                let t = dom.text(i as u32);
                pieces.push(if t.is_empty() { " " } else { t });
                dist += nonspace_chars(t);
            }
            t if t.is_block() || t == Tag::Br => back(&mut pieces, dist, &mut p),
            _ => pieces.push(" "),
        }
    }
    back(&mut pieces, dist, &mut p);
    p
}

/// Whether node `j` is `a` or inside it.
fn is_inside(dom: &Dom<'_>, mut j: u32, a: u32) -> bool {
    while j != NONE {
        if j == a {
            return true;
        }
        j = dom.node(j).parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert!(update_label("Zuletzt aktualisiert am "));
        assert!(update_label("Last updated on "));
        assert!(update_label("Mis à jour le "));
        assert!(!update_label("Veröffentlicht am "));
        assert!(!update_label("Stand: "));
        assert!(range_end("vom 9. bis ", false));
        assert!(range_end("Am 21. und ", false));
        assert!(range_end(" – ", true));
        assert!(!range_end(" – ", false));
        assert!(!range_end("Berlin, ", false));
        assert!(!range_end("Published ", false));
    }

    #[test]
    fn dates_of_a_line() {
        let mut got = Vec::new();
        piece_dates(
            "Erschienen am 12.03.2019, aktualisiert am 14.03.2019",
            DateOrder::DayFirst,
            |d, _, _, l| {
                got.push((d, l));
                true
            },
        );
        assert_eq!(
            got,
            [
                (Date::new(2019, 3, 12).unwrap(), Label::Published),
                (Date::new(2019, 3, 14).unwrap(), Label::Updated)
            ]
        );
        // A long paragraph is story text: only a dateline at its start counts.
        let story = format!(
            "{} am 12.03.2019 entschieden.",
            "Das Gericht hat ".repeat(20)
        );
        let mut n = 0;
        piece_dates(&story, DateOrder::DayFirst, |_, _, _, _| {
            n += 1;
            true
        });
        assert_eq!(n, 0);
    }
}
