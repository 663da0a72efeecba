//! Evaluation on public geoparsing corpora.
//!
//! Reads the two common XML layouts:
//! - GeoWebNews (Gritta et al. 2019): `<article><text>…</text><toponyms><toponym>` with
//!   `<extractedName>`, `<start>`, `<end>`, `<type>`, `<geonamesID>`, `<latitude>`,
//!   `<longitude>`;
//! - LGL (Lieberman et al. 2010) and its kin (TR-News): `<toponym>` with `<phrase>`, `<start>`,
//!   `<end>` and `<gaztag geonameid="…">` holding `<name>`, `<lat>`, `<lon>`;
//! - GeoVirus (Gritta et al. 2018) and the files converted in the same way:
//!   `<article><source><text><locations><location>` with `<name>`, `<start>`, `<end>`, `<lat>`,
//!   `<lon>` and `<page>` (the place's Wikipedia page).
//!
//! Offsets are character (Unicode scalar) offsets into the article's `<text>`, end exclusive.
//! Some conversions count from one instead of zero (GeoVirus does): [`read_corpus`] compares
//! each toponym's name with the text under its span both ways and, when the names agree more
//! often one character earlier, reads every offset of the file as one-based.
//!
//! **Gold places.** A gold toponym counts as a place when it carries coordinates or a GeoNames
//! id. GeoWebNews also marks things that are not places (types `Non_Toponym`, `Homonym`,
//! `Language`, `Demonym`, `Literal_Expression`, `Non_Lit_Expression`): they carry neither and
//! are left out of both scores.
//!
//! **Recognition.** Our mentions are what [`Gazetteer::places`] returns for the article text
//! (demonyms included, resolved or not). A mention is correct when its character span equals a
//! gold place's span exactly (start and end); each gold span is matched at most once.
//! Precision = correct / our mentions, recall = correct / gold places.
//!
//! **Resolution, given the gold spans.** Each gold place span is resolved in its document with
//! [`Gazetteer::resolve_spans`]. `exact`: the share of gold places that have a GeoNames id for
//! which we return the same id. `within_161km`: the share of gold places with coordinates for
//! which our place lies within 161 km (100 miles, great-circle) of the gold point, or has the
//! gold's GeoNames id. Our point for a country or state is the spherical mean of its places over
//! 500 people, for a region a hand-set point (`data/geo/region_points.tsv`); a name we resolve
//! only through the story's setting (a street, a building) scores with the setting's point. A
//! span we cannot resolve counts as a miss in both. `n` counts the gold places with coordinates;
//! `n_with_id` those with an id; `within_161km_with_id` is the 161 km share over the places with
//! an id (the subset that published GeoNames-based systems report on).

use crate::Gazetteer;
use quick_xml::escape::unescape;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;
use vigil_model::Span;
use vigil_nlp::{Annotated, Nlp};

/// One gold toponym.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldToponym {
    /// The name as written (`extractedName`, `phrase`, or a `<location>`'s `<name>`).
    pub name: String,
    /// First character (Unicode scalar offset into the article text).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// GeoWebNews `type` (`Literal`, `Metonymic`, `Non_Toponym` …), when given.
    pub kind: Option<String>,
    /// GeoNames id, when given.
    pub geonames_id: Option<u64>,
    /// Latitude, when given.
    pub lat: Option<f64>,
    /// Longitude, when given.
    pub lon: Option<f64>,
    /// The place's Wikipedia page (GeoVirus `<page>`), when given.
    pub page: Option<String>,
}

impl GoldToponym {
    /// A place: has coordinates or a GeoNames id.
    #[must_use]
    pub fn is_place(&self) -> bool {
        self.geonames_id.is_some() || self.coords().is_some()
    }

    /// The gold point.
    #[must_use]
    pub fn coords(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// One article with its gold toponyms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldArticle {
    /// The article's id (`file` or `docid` attribute), or its position.
    pub id: String,
    /// The text the offsets refer to.
    pub text: String,
    /// Gold toponyms in file order.
    pub toponyms: Vec<GoldToponym>,
    /// Toponyms left out because their offsets lie outside the text (GeoWebNews has five with
    /// negative offsets, marked in the title).
    pub skipped: usize,
}

/// Reads a corpus in any of the three layouts, with offsets counted from zero or from one (see
/// the module's notes).
///
/// # Errors
/// Malformed XML, or a toponym offset that is not a number. A toponym with a missing or
/// negative offset, or one past the text, is left out and counted in [`GoldArticle::skipped`].
pub fn read_corpus(xml: &str) -> Result<Vec<GoldArticle>, String> {
    let mut articles = read_layout(xml)?;
    if offsets_count_from_one(&articles) {
        for a in &mut articles {
            for t in &mut a.toponyms {
                t.start = t.start.saturating_sub(1);
                t.end = t.end.saturating_sub(1);
            }
        }
    }
    for a in &mut articles {
        check(a);
    }
    Ok(articles)
}

/// Whether the toponyms' names match the text one character before their offsets more often
/// than at them: the file counts characters from one.
fn offsets_count_from_one(articles: &[GoldArticle]) -> bool {
    let (mut at, mut before) = (0usize, 0usize);
    for a in articles {
        let chars: Vec<char> = a.text.chars().collect();
        let under = |s: usize, e: usize| -> Option<String> {
            (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect())
        };
        for t in a.toponyms.iter().filter(|t| !t.name.is_empty()) {
            at += usize::from(under(t.start, t.end).as_deref() == Some(t.name.as_str()));
            if t.start > 0 {
                let shifted = under(t.start - 1, t.end - 1);
                before += usize::from(shifted.as_deref() == Some(t.name.as_str()));
            }
        }
    }
    before > at
}

/// Reads the XML; offsets as written, unchecked.
fn read_layout(xml: &str) -> Result<Vec<GoldArticle>, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut articles = Vec::new();
    let mut article: Option<GoldArticle> = None;
    let mut toponym: Option<GoldToponym> = None;
    let mut path: Vec<String> = Vec::new();
    let mut buf = String::new();
    let (mut starts, mut ends) = (-1i64, -1i64);
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match name.as_str() {
                    "article" => {
                        let mut a = GoldArticle {
                            id: articles.len().to_string(),
                            ..GoldArticle::default()
                        };
                        for at in e.attributes().flatten() {
                            if matches!(at.key.local_name().as_ref(), b"file" | b"docid" | b"id") {
                                a.id = attr_value(&at)?;
                            }
                        }
                        article = Some(a);
                    }
                    "toponym" | "location" => {
                        toponym = Some(GoldToponym::default());
                        (starts, ends) = (-1, -1);
                    }
                    "gaztag" => {
                        if let Some(t) = toponym.as_mut() {
                            t.geonames_id = gaztag_id(&e)?;
                        }
                    }
                    _ => {}
                }
                path.push(name);
                buf.clear();
            }
            // `<gaztag geonameid="…"/>` without children still carries the id.
            Event::Empty(e) if e.local_name().as_ref() == b"gaztag" => {
                if let Some(t) = toponym.as_mut() {
                    t.geonames_id = gaztag_id(&e)?;
                }
            }
            Event::Text(t) => buf.push_str(&t.decode().map_err(|e| e.to_string())?),
            // Each `&…;` in text is an event of its own: the five XML entities and numeric
            // references; anything else is an error, as before quick-xml 0.38.
            Event::GeneralRef(r) => {
                let raw = format!("&{};", r.decode().map_err(|e| e.to_string())?);
                buf.push_str(&unescape(&raw).map_err(|e| e.to_string())?);
            }
            Event::CData(t) => buf.push_str(&String::from_utf8_lossy(&t.into_inner())),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map_or("", String::as_str);
                let value = std::mem::take(&mut buf);
                // GeoVirus has one `<location>` opened twice, so that a later toponym's fields
                // sit directly in the outer one after the inner ones closed: they start a
                // toponym of their own.
                let field = matches!(name.as_str(), "name" | "start" | "end" | "lat" | "lon");
                if toponym.is_none() && parent == "location" && field {
                    toponym = Some(GoldToponym::default());
                    (starts, ends) = (-1, -1);
                }
                if let Some(t) = toponym.as_mut() {
                    let v = value.trim();
                    let in_gaztag = parent == "gaztag";
                    match name.as_str() {
                        "extractedName" | "phrase" => t.name = v.to_string(),
                        "name" if parent == "location" => t.name = v.to_string(),
                        "page" => t.page = (!v.is_empty()).then(|| v.to_string()),
                        "start" => starts = offset(v, "start")?,
                        "end" => ends = offset(v, "end")?,
                        "type" if !in_gaztag => {
                            t.kind = (!v.is_empty()).then(|| v.to_string());
                        }
                        "geonamesID" => t.geonames_id = v.parse().ok(),
                        "latitude" | "lat" => t.lat = v.parse().ok(),
                        "longitude" | "lon" => t.lon = v.parse().ok(),
                        "toponym" | "location" => {
                            let mut t = toponym.take().unwrap_or_default();
                            if let Some(a) = article.as_mut() {
                                match (usize::try_from(starts), usize::try_from(ends)) {
                                    (Ok(s), Ok(e)) if s <= e => {
                                        t.start = s;
                                        t.end = e;
                                        a.toponyms.push(t);
                                    }
                                    _ => a.skipped += 1,
                                }
                            }
                        }
                        _ => {}
                    }
                } else if let Some(a) = article.as_mut() {
                    match name.as_str() {
                        "text" if parent == "article" => a.text = value,
                        "article" => articles.push(article.take().unwrap_or_default()),
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(articles)
}

fn gaztag_id(e: &quick_xml::events::BytesStart) -> Result<Option<u64>, String> {
    for at in e.attributes().flatten() {
        if at.key.local_name().as_ref() == b"geonameid" {
            let v = attr_value(&at)?;
            return Ok(v.trim().parse().ok());
        }
    }
    Ok(None)
}

/// An attribute's value with its references resolved (the five XML entities, numeric ones).
fn attr_value(at: &quick_xml::events::attributes::Attribute) -> Result<String, String> {
    let raw = String::from_utf8_lossy(&at.value);
    Ok(unescape(&raw).map_err(|e| e.to_string())?.into_owned())
}

fn offset(v: &str, what: &str) -> Result<i64, String> {
    v.parse()
        .map_err(|_| format!("toponym {what} offset {v:?} is not a number"))
}

/// Drops toponyms that end past the text.
fn check(a: &mut GoldArticle) {
    let chars = a.text.chars().count();
    let before = a.toponyms.len();
    a.toponyms.retain(|t| t.end <= chars);
    a.skipped += before - a.toponyms.len();
}

/// A resolved place as the scorer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Resolved {
    /// GeoNames id, when known.
    pub geonames_id: Option<u64>,
    /// Point, when known.
    pub coords: Option<(f64, f64)>,
}

/// A system's output for one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticlePrediction {
    /// Recognised toponyms: character spans `[start, end)` of the article text.
    pub mentions: Vec<(usize, usize)>,
    /// For each gold place of the article (in file order, places only), what it resolved to.
    pub resolved: Vec<Option<Resolved>>,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Prf {
    /// Correct / predicted.
    pub precision: f64,
    /// Correct / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Correct mentions.
    pub tp: usize,
    /// Predicted mentions.
    pub predicted: usize,
    /// Gold places.
    pub gold: usize,
}

/// Resolution accuracy given the gold spans.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Resolution {
    /// Share of gold places with an id resolved to that id.
    pub exact: f64,
    /// Share of gold places with coordinates resolved within 161 km (or to the gold id).
    pub within_161km: f64,
    /// Gold places with coordinates.
    pub n: usize,
    /// Gold places with a GeoNames id.
    pub n_with_id: usize,
    /// Share within 161 km over the gold places that have an id.
    pub within_161km_with_id: f64,
    /// Gold places we could not resolve at all.
    pub unresolved: usize,
}

/// Both scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct GeoScores {
    /// Toponym recognition (exact character spans).
    pub recognition: Prf,
    /// Toponym resolution given the gold spans.
    pub resolution: Resolution,
    /// Articles read.
    pub articles: usize,
    /// Gold toponyms left out for offsets outside their text.
    pub skipped_toponyms: usize,
}

/// Great-circle distance in km (haversine, mean Earth radius 6,371 km).
#[must_use]
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores a system given by `predict` on `articles`.
pub fn score(
    articles: &[GoldArticle],
    mut predict: impl FnMut(&GoldArticle) -> ArticlePrediction,
) -> GeoScores {
    let (mut tp, mut predicted, mut gold) = (0, 0, 0);
    let (mut n, mut n_id, mut exact, mut within, mut within_id, mut unresolved) =
        (0, 0, 0, 0, 0, 0);
    for a in articles {
        let p = predict(a);
        let places: Vec<&GoldToponym> = a.toponyms.iter().filter(|t| t.is_place()).collect();
        let mut spans: Vec<(usize, usize)> = places.iter().map(|t| (t.start, t.end)).collect();
        spans.sort_unstable();
        spans.dedup();
        gold += places.len();
        predicted += p.mentions.len();
        let mut used = vec![false; spans.len()];
        for m in &p.mentions {
            if let Ok(i) = spans.binary_search(m) {
                if !used[i] {
                    used[i] = true;
                    // Each gold span counts as many times as it is annotated (duplicates are
                    // rare); one mention matches one.
                    tp += 1;
                }
            }
        }
        for (i, t) in places.iter().enumerate() {
            let r = p.resolved.get(i).copied().flatten();
            if r.is_none() {
                unresolved += 1;
            }
            let same_id = t.geonames_id.is_some() && r.and_then(|r| r.geonames_id) == t.geonames_id;
            let near = same_id
                || matches!(
                    (r.and_then(|r| r.coords), t.coords()),
                    (Some(x), Some(y)) if haversine_km(x, y) <= 161.0
                );
            if t.coords().is_some() {
                n += 1;
                within += usize::from(near);
            }
            if t.geonames_id.is_some() {
                n_id += 1;
                exact += usize::from(same_id);
                within_id += usize::from(near);
            }
        }
    }
    let precision = ratio(tp, predicted);
    let recall = ratio(tp, gold);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    GeoScores {
        recognition: Prf {
            precision,
            recall,
            f1,
            tp,
            predicted,
            gold,
        },
        resolution: Resolution {
            exact: ratio(exact, n_id),
            within_161km: ratio(within, n),
            n,
            n_with_id: n_id,
            within_161km_with_id: ratio(within_id, n_id),
            unresolved,
        },
        articles: articles.len(),
        skipped_toponyms: articles.iter().map(|a| a.skipped).sum(),
    }
}

/// Byte offset of each character of `s`, plus `s.len()` at the end.
fn char_bytes(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

/// Our prediction for one article: recognition with [`Gazetteer::places`], resolution of the
/// gold places with [`Gazetteer::resolve_spans`].
#[must_use]
pub fn predict(nlp: &Nlp, gaz: &Gazetteer, a: &GoldArticle) -> ArticlePrediction {
    let doc: Annotated = nlp.annotate(&a.text, None);
    let bytes = char_bytes(&a.text);
    // Normalised byte span → raw character span.
    let raw_of = |i: usize| doc.origin.get(i).map_or(a.text.len(), |&o| o as usize);
    let to_char = |raw: usize| bytes.partition_point(|&b| b < raw);
    let mentions = gaz
        .places(&doc)
        .iter()
        .map(|m| {
            let s = raw_of(m.place.span.start);
            // The end: one past the raw character holding the span's last byte.
            let last = raw_of(m.place.span.end.saturating_sub(1).max(m.place.span.start));
            let e = a.text[last..]
                .chars()
                .next()
                .map_or(a.text.len(), |c| last + c.len_utf8());
            (to_char(s), to_char(e))
        })
        .collect();
    let spans = gold_spans(&doc, a);
    let resolved = gaz
        .resolve_spans(&doc, &spans)
        .into_iter()
        .map(|p| {
            p.map(|p| Resolved {
                geonames_id: p.place.geonames_id,
                coords: p.point,
            })
        })
        .collect();
    ArticlePrediction { mentions, resolved }
}

/// The gold places' spans as byte spans of the annotated text.
fn gold_spans(doc: &Annotated, a: &GoldArticle) -> Vec<Span> {
    let bytes = char_bytes(&a.text);
    let to_norm = |raw: usize| doc.origin.partition_point(|&o| (o as usize) < raw);
    a.toponyms
        .iter()
        .filter(|t| t.is_place())
        .map(|t| {
            let s = to_norm(bytes[t.start]);
            let e = to_norm(bytes[t.end]).max(s);
            Span::new(s, e)
        })
        .collect()
}

/// A gold place with coordinates that we resolved more than 161 km away, or not at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// The article's id.
    pub article: String,
    /// The gold name.
    pub name: String,
    /// The gold type, when given.
    pub kind: Option<String>,
    /// The gold GeoNames id, when given.
    pub gold_id: Option<u64>,
    /// The gold point.
    pub gold: (f64, f64),
    /// What we resolved it to (the gazetteer's name), if anything.
    pub ours: Option<String>,
    /// Our GeoNames id.
    pub our_id: Option<u64>,
    /// Our point.
    pub our_point: Option<(f64, f64)>,
    /// Resolved through the story's setting (see [`crate::ResolvedSpan::inferred`]).
    pub inferred: bool,
    /// Distance between the two points, when both exist.
    pub km: Option<f64>,
}

/// The resolution misses of the built-in gazetteer on the corpus at `path`, for error analysis.
///
/// # Errors
/// As [`eval_geo`].
pub fn resolution_misses(path: impl AsRef<std::path::Path>) -> Result<Vec<Miss>, String> {
    let (articles, nlp, gaz) = load(path.as_ref())?;
    let mut out = Vec::new();
    for a in &articles {
        let doc = nlp.annotate(&a.text, None);
        let resolved = gaz.resolve_spans(&doc, &gold_spans(&doc, a));
        for (t, r) in a.toponyms.iter().filter(|t| t.is_place()).zip(resolved) {
            let Some(gold) = t.coords() else {
                continue;
            };
            let our_id = r.as_ref().and_then(|r| r.place.geonames_id);
            let our_point = r.as_ref().and_then(|r| r.point);
            let km = our_point.map(|p| haversine_km(p, gold));
            let same_id = t.geonames_id.is_some() && our_id == t.geonames_id;
            if same_id || km.is_some_and(|k| k <= 161.0) {
                continue;
            }
            out.push(Miss {
                article: a.id.clone(),
                name: t.name.clone(),
                kind: t.kind.clone(),
                gold_id: t.geonames_id,
                gold,
                ours: r.as_ref().map(|r| r.place.name.clone()),
                our_id,
                our_point,
                inferred: r.as_ref().is_some_and(|r| r.inferred),
                km,
            });
        }
    }
    Ok(out)
}

/// A recognition error: a mention of ours that is no gold place's span, or a gold place's span
/// we did not find.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanError {
    /// The article's id.
    pub article: String,
    /// `true`: our mention matches no gold place; `false`: a gold place we missed.
    pub spurious: bool,
    /// The text under the span.
    pub text: String,
    /// For a spurious mention, the type of a gold non-place toponym on the same span
    /// (`Demonym`, `Homonym` …), or "overlap" when it only overlaps a gold place; for a missed
    /// place, the gold type.
    pub gold: Option<String>,
    /// A few words around the span.
    pub context: String,
}

/// The recognition errors of the built-in gazetteer on the corpus at `path`, for error
/// analysis.
///
/// # Errors
/// As [`eval_geo`].
pub fn recognition_errors(path: impl AsRef<std::path::Path>) -> Result<Vec<SpanError>, String> {
    let (articles, nlp, gaz) = load(path.as_ref())?;
    let mut out = Vec::new();
    for a in &articles {
        let chars: Vec<char> = a.text.chars().collect();
        let cut = |s: usize, e: usize| -> String { chars[s.min(e)..e].iter().collect() };
        let context = |s: usize, e: usize| {
            let from = s.saturating_sub(40);
            let to = (e + 40).min(chars.len());
            cut(from, to).replace(['\n', '\t'], " ")
        };
        let ours = predict(&nlp, &gaz, a).mentions;
        let places: Vec<&GoldToponym> = a.toponyms.iter().filter(|t| t.is_place()).collect();
        for &(s, e) in &ours {
            if places.iter().any(|t| (t.start, t.end) == (s, e)) {
                continue;
            }
            let same = a.toponyms.iter().find(|t| (t.start, t.end) == (s, e));
            let gold = same
                .map(|t| t.kind.clone().unwrap_or_default())
                .or_else(|| {
                    places
                        .iter()
                        .any(|t| t.start < e && s < t.end)
                        .then(|| "overlap".to_string())
                });
            out.push(SpanError {
                article: a.id.clone(),
                spurious: true,
                text: cut(s, e),
                gold,
                context: context(s, e),
            });
        }
        for t in places {
            if !ours.contains(&(t.start, t.end)) {
                out.push(SpanError {
                    article: a.id.clone(),
                    spurious: false,
                    text: cut(t.start, t.end),
                    gold: t.kind.clone(),
                    context: context(t.start, t.end),
                });
            }
        }
    }
    Ok(out)
}

/// The corpus at `path`, the annotator and the built-in gazetteer.
fn load(path: &std::path::Path) -> Result<(Vec<GoldArticle>, Nlp, Gazetteer), String> {
    let xml = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let articles = read_corpus(&xml).map_err(|e| format!("{}: {e}", path.display()))?;
    let nlp = Nlp::new().map_err(|e| e.to_string())?;
    let gaz = Gazetteer::builtin(&nlp.actors).map_err(|e| e.to_string())?;
    Ok((articles, nlp, gaz))
}

/// Reads the corpus at `path` and scores the built-in gazetteer on it.
///
/// # Errors
/// An unreadable or malformed file, or built-in data that does not load.
pub fn eval_geo(path: impl AsRef<std::path::Path>) -> Result<GeoScores, String> {
    let (articles, nlp, gaz) = load(path.as_ref())?;
    Ok(score(&articles, |a| predict(&nlp, &gaz, a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GeoWebNews layout: a place with id and point, one with a point only, a non-toponym
    /// (neither), and one marked in the title (negative offsets).
    const GWN: &str = r#"<?xml version="1.0" ?>
<articles>
	<!--a comment-->
	<article file="7">
		<title>Attack</title>
		<link>http://example.org/a</link>
		<text>Café bombing in Paris &amp; Lyon, France. Springfield mourns.</text>
		<toponyms>
			<toponym>
				<extractedName>Paris</extractedName>
				<normalisedName/>
				<type>Literal</type>
				<modifierType/>
				<nonLocational>No</nonLocational>
				<start>16</start>
				<end>21</end>
				<geonamesID>2988507</geonamesID>
				<latitude>48.85341</latitude>
				<longitude>2.3488</longitude>
			</toponym>
			<toponym>
				<extractedName>Lyon</extractedName>
				<normalisedName/>
				<type>Literal</type>
				<modifierType/>
				<nonLocational>No</nonLocational>
				<start>24</start>
				<end>28</end>
				<geonamesID/>
				<latitude>45.74846</latitude>
				<longitude>4.84671</longitude>
			</toponym>
			<toponym>
				<extractedName>bombing</extractedName>
				<normalisedName/>
				<type>Non_Lit_Expression</type>
				<modifierType/>
				<nonLocational>No</nonLocational>
				<start>5</start>
				<end>12</end>
			</toponym>
			<toponym>
				<extractedName>TITLE</extractedName>
				<normalisedName/>
				<type>Literal</type>
				<modifierType/>
				<nonLocational>No</nonLocational>
				<start>-9</start>
				<end>-4</end>
				<geonamesID>1</geonamesID>
				<latitude>1.0</latitude>
				<longitude>1.0</longitude>
			</toponym>
		</toponyms>
	</article>
</articles>
"#;

    /// LGL layout: ids on `<gaztag>`, points inside it, the name in `<phrase>`; a toponym with
    /// no gaztag is not a place.
    const LGL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="38543">
    <feedid>1</feedid>
    <title>Floods</title>
    <domain>example.org</domain>
    <url>http://example.org/b</url>
    <dltime>2009-01-01</dltime>
    <text>Floods hit Lagos on Monday; the Niger Delta was spared.</text>
    <toponyms>
      <toponym>
        <start>11</start>
        <end>16</end>
        <gaztag geonameid="2332459">
          <name>Lagos</name>
          <fclass>P</fclass>
          <fcode>PPL</fcode>
          <lat>6.45407</lat>
          <lon>3.39467</lon>
          <country>Nigeria</country>
          <admin1>Lagos</admin1>
        </gaztag>
        <phrase>Lagos</phrase>
      </toponym>
      <toponym>
        <start>32</start>
        <end>43</end>
        <phrase>Niger Delta</phrase>
      </toponym>
    </toponyms>
  </article>
</articles>
"#;

    /// GeoVirus layout: `<location>` with `<name>`, `<page>`; offsets counted from one.
    const GEOVIRUS: &str = r#"<articles>
    <article>
        <source>https://example.org/outbreak</source>
        <text>Hogs culled in Pandi, Bulacan after cases in Manila.</text>
        <locations>
            <location>
                <name>Pandi</name>
                <start>16</start>
                <end>21</end>
                <lat>14.87</lat>
                <lon>120.95</lon>
                <page>https://en.wikipedia.org/wiki/Pandi,_Bulacan</page>
            </location>
            <location>
                <name>Manila</name>
                <start>46</start>
                <end>52</end>
                <lat>14.6</lat>
                <lon>120.98</lon>
                <page>https://en.wikipedia.org/wiki/Manila</page>
            </location>
        </locations>
    </article>
</articles>
"#;

    #[test]
    fn reads_geovirus_counting_from_one() {
        let arts = read_corpus(GEOVIRUS).unwrap();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.id, "0");
        assert_eq!(
            a.skipped, 0,
            "Manila ends at the text's end once read from one"
        );
        assert_eq!(a.toponyms.len(), 2);
        for t in &a.toponyms {
            let under: String = a.text.chars().skip(t.start).take(t.end - t.start).collect();
            assert_eq!(under, t.name);
            assert!(t.is_place());
            assert_eq!(t.geonames_id, None);
        }
        let pandi = &a.toponyms[0];
        assert_eq!((pandi.start, pandi.end), (15, 20));
        assert_eq!(pandi.coords(), Some((14.87, 120.95)));
        assert_eq!(
            pandi.page.as_deref(),
            Some("https://en.wikipedia.org/wiki/Pandi,_Bulacan")
        );
    }

    #[test]
    fn the_same_layout_counting_from_zero_is_read_as_written() {
        let zero = GEOVIRUS
            .replace("<start>16</start>", "<start>15</start>")
            .replace("<end>21</end>", "<end>20</end>")
            .replace("<start>46</start>", "<start>45</start>")
            .replace("<end>52</end>", "<end>51</end>");
        let arts = read_corpus(&zero).unwrap();
        assert_eq!(arts, read_corpus(GEOVIRUS).unwrap());
        // A `<location>` opened twice keeps both toponyms (as GeoVirus's article 45 needs).
        let nested = GEOVIRUS
            .replacen("<location>", "<location>\n<location>", 1)
            .replacen("</location>\n            <location>", "</location>", 1);
        assert_eq!(
            read_corpus(&nested).unwrap(),
            read_corpus(GEOVIRUS).unwrap()
        );
        // GeoWebNews, whose names agree at their offsets, is not shifted.
        assert_eq!(read_corpus(GWN).unwrap()[0].toponyms[0].start, 16);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn reads_geowebnews() {
        let arts = read_corpus(GWN).unwrap();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.id, "7");
        assert_eq!(
            a.text,
            "Café bombing in Paris & Lyon, France. Springfield mourns."
        );
        assert_eq!(a.skipped, 1, "the title toponym has negative offsets");
        assert_eq!(a.toponyms.len(), 3);
        let paris = &a.toponyms[0];
        assert_eq!(
            (paris.name.as_str(), paris.start, paris.end),
            ("Paris", 16, 21)
        );
        assert_eq!(paris.geonames_id, Some(2_988_507));
        assert_eq!(paris.coords(), Some((48.85341, 2.3488)));
        assert_eq!(paris.kind.as_deref(), Some("Literal"));
        let lyon = &a.toponyms[1];
        assert_eq!(lyon.geonames_id, None);
        assert!(lyon.is_place());
        assert!(!a.toponyms[2].is_place(), "an expression is not a place");
        // Offsets are characters: "é" is two bytes but one offset.
        let chars: String = a.text.chars().skip(16).take(5).collect();
        assert_eq!(chars, "Paris");
    }

    #[test]
    fn reads_lgl() {
        let arts = read_corpus(LGL).unwrap();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.id, "38543");
        assert_eq!(a.toponyms.len(), 2);
        let lagos = &a.toponyms[0];
        assert_eq!(lagos.name, "Lagos");
        assert_eq!((lagos.start, lagos.end), (11, 16));
        assert_eq!(lagos.geonames_id, Some(2_332_459));
        assert_eq!(lagos.coords(), Some((6.45407, 3.39467)));
        assert!(lagos.is_place());
        assert_eq!(a.toponyms[1].name, "Niger Delta");
        assert!(!a.toponyms[1].is_place(), "no gaztag: not scored");
    }

    #[test]
    fn rejects_bad_xml_and_offsets() {
        assert!(read_corpus("<articles><article><text>x</article>").is_err());
        let bad = GWN.replace("<start>16</start>", "<start>sixteen</start>");
        assert!(read_corpus(&bad).unwrap_err().contains("not a number"));
        // Past the end of the text: left out, counted.
        let past = GWN.replace("<end>28</end>", "<end>280</end>");
        assert_eq!(read_corpus(&past).unwrap()[0].skipped, 2);
    }

    #[test]
    fn perfect_system_scores_one() {
        let arts = read_corpus(GWN).unwrap();
        let s = score(&arts, |a| ArticlePrediction {
            mentions: vec![(16, 21), (24, 28)],
            resolved: a
                .toponyms
                .iter()
                .filter(|t| t.is_place())
                .map(|t| {
                    Some(Resolved {
                        geonames_id: t.geonames_id,
                        coords: t.coords(),
                    })
                })
                .collect(),
        });
        let r = s.recognition;
        assert!(close(r.precision, 1.0) && close(r.recall, 1.0) && close(r.f1, 1.0));
        assert_eq!((r.tp, r.predicted, r.gold), (2, 2, 2));
        let z = s.resolution;
        assert!(close(z.exact, 1.0) && close(z.within_161km, 1.0));
        assert_eq!((z.n, z.n_with_id, z.unresolved), (2, 1, 0));
        assert_eq!(s.skipped_toponyms, 1);
        let json = serde_json::to_value(s).unwrap();
        for key in ["precision", "recall", "f1"] {
            assert!(json["recognition"][key].is_f64(), "{key}");
        }
        for key in ["exact", "within_161km"] {
            assert!(json["resolution"][key].is_f64(), "{key}");
        }
        assert_eq!(json["resolution"]["n"], 2);
    }

    #[test]
    fn partial_system_scores_what_the_rules_say() {
        let arts = read_corpus(GWN).unwrap();
        // Mentions: Paris exactly; "Lyon," one character too long (no credit); "France" not
        // gold; Paris again (a gold span is matched once).
        // Resolution: Paris to another id 100 km away (within, not exact); Lyon unresolved.
        let s = score(&arts, |_| ArticlePrediction {
            mentions: vec![(16, 21), (24, 29), (30, 36), (16, 21)],
            resolved: vec![
                Some(Resolved {
                    geonames_id: Some(1),
                    coords: Some((48.85341 + 100.0 / 111.195, 2.3488)),
                }),
                None,
            ],
        });
        let r = s.recognition;
        assert_eq!((r.tp, r.predicted, r.gold), (1, 4, 2));
        assert!(close(r.precision, 0.25) && close(r.recall, 0.5));
        assert!(close(r.f1, 2.0 * 0.25 * 0.5 / 0.75));
        let z = s.resolution;
        assert!(close(z.exact, 0.0), "wrong id");
        assert!(close(z.within_161km, 0.5), "Paris within, Lyon missed");
        assert!(close(z.within_161km_with_id, 1.0));
        assert_eq!(z.unresolved, 1);
        // 200 km off is a miss; the gold id with no point of ours is a hit.
        let far = score(&arts, |_| ArticlePrediction {
            mentions: vec![],
            resolved: vec![
                Some(Resolved {
                    geonames_id: Some(2_988_507),
                    coords: None,
                }),
                Some(Resolved {
                    geonames_id: None,
                    coords: Some((45.74846 + 200.0 / 111.195, 4.84671)),
                }),
            ],
        });
        assert!(close(far.resolution.exact, 1.0));
        assert!(close(far.resolution.within_161km, 0.5));
        assert!(close(far.recognition.f1, 0.0));
        assert!(
            close(far.recognition.precision, 0.0),
            "no mentions: 0, not NaN"
        );
    }

    #[test]
    fn haversine_is_great_circle() {
        let d = haversine_km((48.8566, 2.3522), (51.5074, -0.1278));
        assert!((d - 343.5).abs() < 1.0, "Paris–London {d}");
        assert!(haversine_km((10.0, 20.0), (10.0, 20.0)).abs() < 1e-9);
        // One degree of latitude is ~111.2 km on the mean sphere.
        assert!((haversine_km((0.0, 0.0), (1.0, 0.0)) - 111.195).abs() < 0.01);
    }

    #[test]
    fn our_system_on_a_snippet() {
        let nlp = Nlp::new().unwrap();
        let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
        let arts = read_corpus(GWN).unwrap();
        let p = predict(&nlp, &gaz, &arts[0]);
        // Character spans, though "é" before them takes two bytes.
        assert!(p.mentions.contains(&(16, 21)), "{:?}", p.mentions);
        assert!(p.mentions.contains(&(30, 36)), "{:?}", p.mentions);
        let paris = p.resolved[0].expect("Paris resolves");
        assert_eq!(paris.geonames_id, Some(2_988_507));
        let lyon = p.resolved[1].expect("Lyon resolves");
        assert!(haversine_km(lyon.coords.unwrap(), (45.74846, 4.84671)) < 20.0);
        let s = score(&arts, |a| predict(&nlp, &gaz, a));
        assert!(close(s.resolution.within_161km, 1.0));
    }
}
