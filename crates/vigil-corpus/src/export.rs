//! Stored events in the layouts analysts load elsewhere, the same from `vigil query`/`export`
//! and from the API's `/api/v1/export`:
//!
//! - CSV: one row per event, ACLED-like ([`COLUMNS`]; `docs/OUTPUT.md` says what each holds).
//! - GeoJSON: one feature per event with every CSV column as a property; a point for a place
//!   known to a city or better, the country's outline for a country, and no geometry (marked
//!   `geometry_note`) for a first-level area, a region or an event without a place.
//! - Parquet: the CSV's columns typed (dates as dates, counts as integers, coordinates and
//!   confidence as doubles) plus `roles`, a list of `{role, text, id, value}`.
//! - JSONL: the event records whole.
//!
//! ```
//! use vigil_corpus::export::{write, Format, COLUMNS};
//! let mut out = Vec::new();
//! let summary = write(Format::Csv, &mut out, &[]).unwrap();
//! assert_eq!(summary.events, 0);
//! assert_eq!(String::from_utf8(out).unwrap().trim(), COLUMNS.join(","));
//! ```

use crate::atlas;
use crate::{Error, Result};
use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder, StructBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema};
use serde_json::{json, Value};
use std::io::Write;
use std::sync::Arc;
use vigil_model::{Date, Event, GeoPrecision, PlaceRef, Quantity, Role, RoleValue};
use vigil_store::EventRecord;

/// An export layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header.
    Csv,
    /// A GeoJSON FeatureCollection.
    Geojson,
    /// One JSON event record per line.
    Jsonl,
    /// An Apache Parquet file.
    Parquet,
}

impl Format {
    /// Every layout, by name.
    pub const ALL: &'static [(&'static str, Format)] = &[
        ("csv", Format::Csv),
        ("geojson", Format::Geojson),
        ("jsonl", Format::Jsonl),
        ("parquet", Format::Parquet),
    ];

    /// The layout of this name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
    }

    /// The MIME type.
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Geojson => "application/geo+json",
            Format::Jsonl => "application/x-ndjson",
            Format::Parquet => "application/vnd.apache.parquet",
        }
    }

    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Geojson => "geojson",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }
}

/// What an export held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Events written.
    pub events: usize,
    /// Of those, events with coordinates (a point).
    pub with_coordinates: usize,
    /// Of those, events drawn as an area (a country's outline).
    pub as_areas: usize,
}

impl std::fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let events = if self.events == 1 { "event" } else { "events" };
        write!(
            f,
            "{} {events}, {} with coordinates, {} as an area, {} without a geometry",
            self.events,
            self.with_coordinates,
            self.as_areas,
            self.events - self.with_coordinates - self.as_areas
        )
    }
}

/// The CSV header, and the Parquet columns before `roles`.
pub const COLUMNS: &[&str] = &[
    "event_id",
    "event_date",
    "time_precision",
    "kind",
    "subtype",
    "modality",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin1_code",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "killed",
    "injured",
    "confidence",
    "document_id",
    "language",
    "source_url",
    "source_sentence",
    "notes",
];

/// Roles whose first value is the event's first actor (who acted or spoke), in order of
/// preference.
const ACTOR1: &[Role] = &[
    Role::PerpetratorOrg,
    Role::PerpetratorIndividual,
    Role::IssuerOrg,
    Role::IssuerIndividual,
    Role::ClaimantOrg,
    Role::ClaimantIndividual,
    Role::Denier,
    Role::Issuer,
    Role::Authority,
    Role::Operator,
    Role::Agency,
    Role::Speaker,
];

/// Roles whose first actor is the second actor (who was targeted, suspected or judged).
const ACTOR2: &[Role] = &[
    Role::TargetOrg,
    Role::TargetIndividual,
    Role::Target,
    Role::Victim,
    Role::Suspect,
    Role::SuspectedOrg,
    Role::AboutActor,
    Role::About,
];

/// Prefixes of actor ids (a role value's id may also be a linked event's).
const ACTOR_IDS: &[&str] = &["grp:", "per:", "state:", "agency:", "media:", "org:"];

/// Whether a role value names an actor: it carries an actor id, or reads as a name (every word
/// capitalised but for joining words: "Christians", "Boko Haram", "the Islamic State"), not a
/// phrase ("U.S. soil issued", "behalf of ISIS", "a police station").
fn is_actor(v: &RoleValue) -> bool {
    if v.id
        .as_deref()
        .is_some_and(|id| ACTOR_IDS.iter().any(|p| id.starts_with(p)))
    {
        return true;
    }
    const JOINING: &[&str] = &[
        "of", "the", "al", "al-", "and", "for", "de", "du", "el", "in",
    ];
    let words: Vec<&str> = v.text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 8
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words.iter().all(|w| {
            let lower = w.to_lowercase();
            JOINING.contains(&lower.as_str())
                || ["al-", "el-", "ad-", "an-", "ash-", "as-"]
                    .iter()
                    .any(|p| lower.starts_with(p) && w.len() > p.len())
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        })
}

fn first_actor<'e>(e: &'e Event, roles: &[Role], only_actors: bool) -> Option<&'e RoleValue> {
    roles
        .iter()
        .flat_map(|r| e.role(*r).iter())
        .find(|v| !only_actors || is_actor(v))
}

fn actor_label(v: Option<&RoleValue>) -> Option<String> {
    v.map(|v| match &v.id {
        Some(id) => format!("{} [{id}]", v.text),
        None => v.text.clone(),
    })
}

/// The first figure of a casualty role, and every figure's text.
fn count(e: &Event, role: Role) -> (Option<u64>, Vec<String>) {
    let vals = e.role(role);
    let first = vals.iter().find_map(|v| match v.value {
        Some(Quantity::Number(n)) => Some(n),
        _ => None,
    });
    (first, vals.iter().map(|v| v.text.clone()).collect())
}

/// The first-level area of a place: (name, GeoNames code), each when known.
fn admin1_of(p: &PlaceRef) -> (Option<String>, Option<String>) {
    let cc = p.country.as_deref().unwrap_or("");
    let given = p
        .admin1
        .clone()
        .or_else(|| (p.precision == GeoPrecision::Admin1).then(|| p.name.clone()));
    let Some(given) = given else {
        return (None, None);
    };
    match atlas::admin1(cc, &given) {
        Some(a) => (Some(a.name.to_string()), Some(a.code)),
        None if given.chars().any(char::is_alphabetic) && given.len() > 3 => (Some(given), None),
        None => (None, Some(format!("{cc}.{given}"))),
    }
}

/// One event as the flat layouts hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `<document id>#e<n>`.
    pub event_id: String,
    /// The event's date (its resolved time, else its document's publication); none when
    /// undated.
    pub event_date: Option<Date>,
    /// How precise that date is: the time's precision, `publication`, or none when undated.
    pub time_precision: Option<String>,
    /// The event kind.
    pub kind: String,
    /// Its subtype.
    pub subtype: String,
    /// Its modality.
    pub modality: String,
    /// Who acted or spoke, `Name [id]`.
    pub actor1: Option<String>,
    /// Who was targeted, suspected or judged: an actor only.
    pub actor2: Option<String>,
    /// ISO 3166-1 alpha-2 country of the place.
    pub country: Option<String>,
    /// The first-level area's name.
    pub admin1: Option<String>,
    /// The first-level area's GeoNames code (`IQ.10`).
    pub admin1_code: Option<String>,
    /// The place's name.
    pub location: Option<String>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// How precisely the place is known.
    pub geo_precision: Option<String>,
    /// The first killed figure.
    pub killed: Option<u64>,
    /// The first injured figure.
    pub injured: Option<u64>,
    /// Extraction confidence.
    pub confidence: f64,
    /// The document.
    pub document_id: String,
    /// The document's detected language.
    pub language: Option<String>,
    /// Its URL, else its path.
    pub source_url: Option<String>,
    /// The first evidence sentence.
    pub source_sentence: Option<String>,
    /// Other figures, the time expression, who says so, near-duplicate links.
    pub notes: String,
    /// The place the row describes (first with coordinates, else first).
    place: Option<PlaceRef>,
}

impl Row {
    /// The flat row of an event record.
    #[must_use]
    pub fn of(r: &EventRecord) -> Row {
        let e = &r.event;
        let place = e
            .places
            .iter()
            .find(|p| p.lat.is_some() && p.lon.is_some())
            .or(e.places.first())
            .cloned();
        let (killed, killed_all) = count(e, Role::Killed);
        let (injured, injured_all) = count(e, Role::Injured);
        let mut notes = Vec::new();
        if killed_all.len() > 1 {
            notes.push(format!("killed figures: {}", killed_all.join(" / ")));
        }
        if injured_all.len() > 1 {
            notes.push(format!("injured figures: {}", injured_all.join(" / ")));
        }
        if let Some(t) = &e.time {
            notes.push(format!("time: {}", t.text));
        }
        if let Some(s) = &e.source {
            notes.push(format!("according to: {}", s.text));
        }
        if let Some(d) = &r.document.duplicate_of {
            notes.push(format!("near-duplicate of {d}"));
        }
        let time_precision = r.event_date.map(|_| match &e.time {
            Some(t) if t.start.is_some() => t.precision.to_string(),
            _ => "publication".to_string(),
        });
        let (admin1, admin1_code) = place.as_ref().map(admin1_of).unwrap_or_default();
        Row {
            event_id: e.id.clone(),
            event_date: r.event_date,
            time_precision,
            kind: e.kind.to_string(),
            subtype: e.subtype.clone(),
            modality: e.modality.to_string(),
            actor1: actor_label(first_actor(e, ACTOR1, false)),
            actor2: actor_label(first_actor(e, ACTOR2, true)),
            country: place.as_ref().and_then(|p| p.country.clone()),
            admin1,
            admin1_code,
            location: place.as_ref().map(|p| p.name.clone()),
            latitude: place.as_ref().and_then(|p| p.lat),
            longitude: place.as_ref().and_then(|p| p.lon),
            geo_precision: place.as_ref().map(|p| p.precision.to_string()),
            killed,
            injured,
            confidence: e.confidence,
            document_id: r.document.id.clone(),
            language: r.document.language.clone(),
            source_url: r.document.url.clone().or(Some(r.document.source.clone())),
            source_sentence: e.evidence.first().map(|ev| ev.text.clone()),
            notes: notes.join("; "),
            place,
        }
    }

    /// The row as text cells, in [`COLUMNS`] order (empty where unknown).
    #[must_use]
    pub fn cells(&self) -> Vec<String> {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let n = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
        let f = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
        vec![
            self.event_id.clone(),
            self.event_date.map(|d| d.to_string()).unwrap_or_default(),
            s(&self.time_precision),
            self.kind.clone(),
            self.subtype.clone(),
            self.modality.clone(),
            s(&self.actor1),
            s(&self.actor2),
            s(&self.country),
            s(&self.admin1),
            s(&self.admin1_code),
            s(&self.location),
            f(self.latitude),
            f(self.longitude),
            s(&self.geo_precision),
            n(self.killed),
            n(self.injured),
            format!("{:.2}", self.confidence),
            self.document_id.clone(),
            s(&self.language),
            s(&self.source_url),
            s(&self.source_sentence),
            self.notes.clone(),
        ]
    }

    /// The row as JSON properties: every column, typed, `null` where unknown.
    #[must_use]
    pub fn properties(&self) -> Value {
        json!({
            "event_id": self.event_id,
            "event_date": self.event_date,
            "time_precision": self.time_precision,
            "kind": self.kind,
            "subtype": self.subtype,
            "modality": self.modality,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "country": self.country,
            "admin1": self.admin1,
            "admin1_code": self.admin1_code,
            "location": self.location,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_precision": self.geo_precision,
            "killed": self.killed,
            "injured": self.injured,
            "confidence": self.confidence,
            "document_id": self.document_id,
            "language": self.language,
            "source_url": self.source_url,
            "source_sentence": self.source_sentence,
            "notes": self.notes,
        })
    }

    /// The GeoJSON geometry: a point when the place has coordinates, a country's outline for
    /// a country; else none, with why.
    fn geometry(&self) -> (Value, Option<&'static str>) {
        let Some(p) = &self.place else {
            return (Value::Null, Some("no place"));
        };
        if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
            if !matches!(
                p.precision,
                GeoPrecision::Country | GeoPrecision::Region | GeoPrecision::Admin1
            ) {
                return (json!({"type": "Point", "coordinates": [lon, lat]}), None);
            }
        }
        match p.precision {
            GeoPrecision::Country => match p.country.as_deref().and_then(atlas::outline) {
                Some(outline) => (outline.clone(), None),
                None => (Value::Null, Some("a country without an outline")),
            },
            GeoPrecision::Admin1 | GeoPrecision::Admin2 => {
                (Value::Null, Some("an area without an outline"))
            }
            GeoPrecision::Region => (Value::Null, Some("a region without an outline")),
            _ => (Value::Null, Some("a place without coordinates")),
        }
    }
}

/// Writes `records` in `format`.
///
/// # Errors
/// Writing failed ([`Error::Output`]), or Parquet encoding did ([`Error::Export`]).
pub fn write(
    format: Format,
    out: &mut dyn Write,
    records: &[EventRecord],
) -> Result<ExportSummary> {
    let rows: Vec<Row> = records.iter().map(Row::of).collect();
    let mut summary = ExportSummary {
        events: rows.len(),
        ..ExportSummary::default()
    };
    for r in &rows {
        match r.geometry().0.get("type").and_then(Value::as_str) {
            Some("Point") => summary.with_coordinates += 1,
            Some(_) => summary.as_areas += 1,
            None => {}
        }
    }
    match format {
        Format::Csv => write_csv(out, &rows)?,
        Format::Geojson => write_geojson(out, &rows, summary)?,
        Format::Jsonl => {
            for r in records {
                serde_json::to_writer(&mut *out, r).map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        Format::Parquet => write_parquet(out, records, &rows)?,
    }
    out.flush()?;
    Ok(summary)
}

fn write_csv(out: &mut dyn Write, rows: &[Row]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    // A write that failed (a closed pipe, a full disk) stays the I/O error it is.
    let csv_err = |e: csv::Error| {
        Error::Output(match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("{other:?}")),
        })
    };
    w.write_record(COLUMNS).map_err(csv_err)?;
    for r in rows {
        w.write_record(r.cells()).map_err(csv_err)?;
    }
    w.flush()?;
    Ok(())
}

fn write_geojson(out: &mut dyn Write, rows: &[Row], summary: ExportSummary) -> Result<()> {
    let features: Vec<Value> = rows
        .iter()
        .map(|r| {
            let (geometry, note) = r.geometry();
            let mut props = r.properties();
            props["geometry_note"] = json!(note);
            json!({"type": "Feature", "id": r.event_id, "geometry": geometry, "properties": props})
        })
        .collect();
    let collection = json!({
        "type": "FeatureCollection",
        "summary": {
            "events": summary.events,
            "with_coordinates": summary.with_coordinates,
            "as_areas": summary.as_areas,
        },
        "features": features,
    });
    serde_json::to_writer(&mut *out, &collection).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Text of a role value's normalised value.
fn value_text(v: &RoleValue) -> Option<String> {
    match &v.value {
        Some(Quantity::Number(n)) => Some(n.to_string()),
        Some(Quantity::Symbol(s)) => Some(s.clone()),
        None => None,
    }
}

fn role_fields() -> Fields {
    Fields::from(vec![
        Field::new("role", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("id", DataType::Utf8, true),
        Field::new("value", DataType::Utf8, true),
    ])
}

/// The Parquet schema: [`COLUMNS`] typed, then `roles`.
#[must_use]
pub fn parquet_schema() -> Schema {
    let mut fields: Vec<Field> = COLUMNS
        .iter()
        .map(|&c| {
            let (ty, nullable) = match c {
                "event_id" | "kind" | "subtype" | "modality" | "document_id" | "notes" => {
                    (DataType::Utf8, false)
                }
                "event_date" => (DataType::Date32, true),
                "latitude" | "longitude" => (DataType::Float64, true),
                "confidence" => (DataType::Float64, false),
                "killed" | "injured" => (DataType::Int64, true),
                _ => (DataType::Utf8, true),
            };
            Field::new(c, ty, nullable)
        })
        .collect();
    fields.push(Field::new(
        "roles",
        DataType::List(Arc::new(Field::new(
            "item",
            DataType::Struct(role_fields()),
            true,
        ))),
        false,
    ));
    Schema::new(fields)
}

fn write_parquet(out: &mut dyn Write, records: &[EventRecord], rows: &[Row]) -> Result<()> {
    let export = |e: &dyn std::fmt::Display| Error::Export(e.to_string());
    let schema = Arc::new(parquet_schema());
    let text = |get: &dyn Fn(&Row) -> Option<String>| -> ArrayRef {
        let mut b = StringBuilder::new();
        for r in rows {
            b.append_option(get(r));
        }
        Arc::new(b.finish())
    };
    let float = |get: &dyn Fn(&Row) -> Option<f64>| -> ArrayRef {
        let mut b = Float64Builder::new();
        for r in rows {
            b.append_option(get(r));
        }
        Arc::new(b.finish())
    };
    let int = |get: &dyn Fn(&Row) -> Option<u64>| -> ArrayRef {
        let mut b = Int64Builder::new();
        for r in rows {
            b.append_option(get(r).and_then(|n| i64::try_from(n).ok()));
        }
        Arc::new(b.finish())
    };
    let mut dates = Date32Builder::new();
    for r in rows {
        dates.append_option(r.event_date.and_then(|d| i32::try_from(d.to_days()).ok()));
    }
    let mut roles = ListBuilder::new(StructBuilder::from_fields(role_fields(), 0));
    for rec in records {
        for (role, values) in &rec.event.roles {
            for v in values {
                let s = roles.values();
                s.field_builder::<StringBuilder>(0)
                    .expect("role")
                    .append_value(role.as_str());
                s.field_builder::<StringBuilder>(1)
                    .expect("text")
                    .append_value(&v.text);
                s.field_builder::<StringBuilder>(2)
                    .expect("id")
                    .append_option(v.id.as_deref());
                s.field_builder::<StringBuilder>(3)
                    .expect("value")
                    .append_option(value_text(v));
                s.append(true);
            }
        }
        roles.append(true);
    }
    let columns: Vec<ArrayRef> = vec![
        text(&|r| Some(r.event_id.clone())),
        Arc::new(dates.finish()),
        text(&|r| r.time_precision.clone()),
        text(&|r| Some(r.kind.clone())),
        text(&|r| Some(r.subtype.clone())),
        text(&|r| Some(r.modality.clone())),
        text(&|r| r.actor1.clone()),
        text(&|r| r.actor2.clone()),
        text(&|r| r.country.clone()),
        text(&|r| r.admin1.clone()),
        text(&|r| r.admin1_code.clone()),
        text(&|r| r.location.clone()),
        float(&|r| r.latitude),
        float(&|r| r.longitude),
        text(&|r| r.geo_precision.clone()),
        int(&|r| r.killed),
        int(&|r| r.injured),
        float(&|r| Some(r.confidence)),
        text(&|r| Some(r.document_id.clone())),
        text(&|r| r.language.clone()),
        text(&|r| r.source_url.clone()),
        text(&|r| r.source_sentence.clone()),
        text(&|r| Some(r.notes.clone())),
        Arc::new(roles.finish()),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| export(&e))?;
    let mut buf = Vec::new();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(&mut buf, schema, None).map_err(|e| export(&e))?;
    w.write(&batch).map_err(|e| export(&e))?;
    w.close().map_err(|e| export(&e))?;
    out.write_all(&buf)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_model::Span;

    fn value(text: &str, id: Option<&str>) -> RoleValue {
        RoleValue {
            text: text.into(),
            id: id.map(String::from),
            value: None,
            qualifier: None,
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn actors_are_names_or_ids_never_fragments() {
        for fragment in ["U.S. soil issued", "behalf of ISIS", "a police station", ""] {
            assert!(!is_actor(&value(fragment, None)), "{fragment}");
        }
        for name in [
            "Christians",
            "Boko Haram",
            "the Islamic State",
            "Jama'at Nusrat al-Islam",
        ] {
            assert!(
                is_actor(&value(name.trim_start_matches("the ").trim(), None)),
                "{name}"
            );
        }
        assert!(is_actor(&value("the group", Some("grp:jnim"))));
        assert!(!is_actor(&value("the attack", Some("doc#e1"))));
    }

    /// An event record at one place (`precision`, `admin1`, coordinates), dated or not.
    fn record(place: Value, dated: bool) -> EventRecord {
        serde_json::from_value(json!({
            "event": {
                "id": "d#e0", "kind": "attack", "subtype": "bombing", "modality": "asserted",
                "roles": {"perpetrator_org": [{"text": "ISIS", "id": "grp:islamic-state", "span": [0, 4]}],
                          "target": [{"text": "behalf of ISIS", "span": [0, 4]}],
                          "killed": [{"text": "five", "value": 5, "span": [0, 4]}]},
                "time": null, "places": [place],
                "source": null, "evidence": [{"sentence": 0, "span": [0, 4], "text": "A bomb."}],
                "triggers": [], "links": {}, "confidence": 0.8
            },
            "document": {"id": "d", "source": "d.txt", "url": null, "title": null,
                         "published": null, "language": "en"},
            "event_date": if dated { json!("2024-03-01") } else { Value::Null }
        }))
        .unwrap()
    }

    fn place(name: &str, precision: &str, admin1: Option<&str>, ll: Option<(f64, f64)>) -> Value {
        json!({"text": name, "name": name, "country": if precision == "region" { Value::Null } else { json!("IQ") },
               "admin1": admin1, "lat": ll.map(|l| l.0), "lon": ll.map(|l| l.1),
               "precision": precision, "span": [0, 4]})
    }

    fn geojson(records: &[EventRecord]) -> (Value, ExportSummary) {
        let mut out = Vec::new();
        let summary = write(Format::Geojson, &mut out, records).unwrap();
        (serde_json::from_slice(&out).unwrap(), summary)
    }

    #[test]
    fn a_province_is_an_area_a_country_its_outline_a_city_a_point() {
        let diyala = record(
            place("Diyala", "admin1", Some("10"), Some((33.75, 45.0))),
            true,
        );
        let iraq = record(place("Iraq", "country", None, Some((33.0, 44.0))), true);
        let baqubah = record(
            place("Baqubah", "city", Some("10"), Some((33.75, 44.64))),
            true,
        );
        let (v, summary) = geojson(&[diyala, iraq, baqubah]);
        let f = v["features"].as_array().unwrap();
        assert_eq!(f[0]["geometry"], Value::Null, "Diyala province is no point");
        assert_eq!(
            f[0]["properties"]["geometry_note"],
            "an area without an outline"
        );
        assert_eq!(f[0]["properties"]["admin1"], "Diyālá", "GeoNames' name");
        assert_eq!(f[0]["properties"]["admin1_code"], "IQ.10");
        assert_eq!(f[1]["geometry"]["type"], "MultiPolygon");
        assert_eq!(f[2]["geometry"]["type"], "Point");
        assert_eq!(f[2]["geometry"]["coordinates"], json!([44.64, 33.75]));
        assert_eq!(f[2]["properties"]["admin1"], "Diyālá");
        for feature in f {
            let props = feature["properties"].as_object().unwrap();
            for c in COLUMNS {
                assert!(props.contains_key(*c), "{c}");
            }
        }
        assert_eq!(
            summary,
            ExportSummary {
                events: 3,
                with_coordinates: 1,
                as_areas: 1
            }
        );
        assert_eq!(
            summary.to_string(),
            "3 events, 1 with coordinates, 1 as an area, 1 without a geometry"
        );
    }

    #[test]
    fn csv_rows_say_undated_and_keep_phrases_out_of_actor2() {
        let undated = record(
            place("Baqubah", "city", Some("10"), Some((33.75, 44.64))),
            false,
        );
        let row = Row::of(&undated);
        assert_eq!(row.event_date, None);
        assert_eq!(
            row.time_precision, None,
            "never 'publication' without a date"
        );
        assert_eq!(row.actor2, None, "'behalf of ISIS' is no actor");
        assert_eq!(row.actor1.as_deref(), Some("ISIS [grp:islamic-state]"));
        assert_eq!(row.killed, Some(5));
        let dated = Row::of(&record(place("Baqubah", "city", None, None), true));
        assert_eq!(dated.time_precision.as_deref(), Some("publication"));
        let mut out = Vec::new();
        write(Format::Csv, &mut out, &[undated]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert!(
            line.starts_with(
                "d#e0,,,attack,bombing,asserted,ISIS [grp:islamic-state],,IQ,Diyālá,IQ.10,Baqubah,"
            ),
            "{line}"
        );
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(Format::parse("Parquet"), Some(Format::Parquet));
        assert_eq!(Format::parse("xlsx"), None);
        assert_eq!(parquet_schema().fields().len(), COLUMNS.len() + 1);
    }
}
