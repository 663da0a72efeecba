//! How results are printed: extracted documents ([`documents`]), stored event records and
//! store counts ([`records`]).

pub mod documents;
pub mod records;
