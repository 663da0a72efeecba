//! Byte spans into a document's normalised text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A half-open byte range `[start, end)` into a document's normalised text.
///
/// Spans never change once made: no later stage rewrites offsets, so `&text[span]` is the
/// quote that a value, a sentence or a piece of evidence rests on. Serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte (inclusive).
    pub start: usize,
    /// Last byte (exclusive).
    pub end: usize,
}

impl Span {
    /// Makes a span.
    ///
    /// # Panics
    /// Panics when `start > end`.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} is after its end {end}");
        Span { start, end }
    }

    /// The quoted text of this span.
    ///
    /// # Panics
    /// Panics when the span is out of bounds or does not fall on character boundaries of `text`,
    /// which means the span was not made for this text.
    #[must_use]
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies inside this span.
    #[must_use]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[must_use]
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        if start > end {
            return Err(serde::de::Error::custom(format!(
                "span start {start} is after its end {end}"
            )));
        }
        Ok(Span { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_and_serialises_as_pair() {
        let s = Span::new(3, 7);
        assert_eq!(s.slice("the IS group"), " IS ");
        assert_eq!(serde_json_to_string(&s), "[3,7]");
    }

    #[test]
    #[should_panic(expected = "after its end")]
    fn rejects_reversed() {
        let _ = Span::new(5, 2);
    }

    #[test]
    fn cover_and_overlap() {
        let a = Span::new(0, 4);
        let b = Span::new(3, 9);
        assert!(a.overlaps(b));
        assert_eq!(a.cover(b), Span::new(0, 9));
        assert!(!a.overlaps(Span::new(4, 5)));
    }

    fn serde_json_to_string(s: &Span) -> String {
        serde_json::to_string(s).unwrap()
    }
}
