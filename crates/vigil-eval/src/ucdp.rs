//! UCDP GED events (Sundberg & Melander 2013) with the headline of each source report: every
//! coded event becomes one document (its headlines, one per line, published on the first
//! source date) reporting one violent event with the coded toll, place and country.

use crate::Error;
use vigil_model::gold::{Coverage, GoldDoc, GoldEvent};
use vigil_model::{Date, EventKind};

/// Reads the GED TSV (written by Python's csv module, quoted fields).
///
/// # Errors
/// A missing column or a malformed row (names file and line).
pub fn read(path: &str, body: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_reader(body.as_bytes());
    let headers = rd.headers().map_err(|e| Error::at(path, 1, e))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::at(path, 1, format!("no column {name}")))
    };
    let (id, headline, date, best, lat, lon, country) = (
        col("id")?,
        col("source_headline")?,
        col("source_date")?,
        col("best")?,
        col("latitude")?,
        col("longitude")?,
        col("country")?,
    );
    let mut out = Vec::new();
    for (n, row) in rd.records().enumerate() {
        let row = row.map_err(|e| Error::at(path, n + 2, e))?;
        let get = |i: usize| row.get(i).unwrap_or("");
        let text = get(headline)
            .split(';')
            .map(str::trim)
            .filter(|h| !h.is_empty() && !h.starts_with("http"))
            .collect::<Vec<_>>()
            .join("\n");
        let published: Option<Date> = get(date).split(';').next().and_then(|d| d.parse().ok());
        let num = |i: usize| get(i).parse::<f64>().ok();
        let mut sentences = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            sentences.push(at..at + line.len());
            at += line.len() + 1;
        }
        out.push(GoldDoc {
            id: format!("ucdp-{}", get(id)),
            published,
            sentences,
            events: vec![GoldEvent {
                kind: Some(EventKind::Attack),
                source_type: "ucdp".into(),
                killed: get(best).parse().ok(),
                point: num(lat).zip(num(lon)),
                country: (get(country) == "Syria").then(|| "SY".to_string()),
                ..GoldEvent::default()
            }],
            text,
            coverage: Coverage::Document,
            ..GoldDoc::default()
        });
    }
    Ok(out)
}
