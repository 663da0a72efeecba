//! The spherical mean of points: the mean of their unit vectors, so that an area across the
//! antimeridian (Fiji, Chukotka) gets a point inside it. Shared by `build.rs` (points of areas
//! from their places) and the gazetteer (points of regions from their countries).

/// A running spherical mean.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SphericalMean {
    x: f64,
    y: f64,
    z: f64,
    n: u32,
}

impl SphericalMean {
    /// Adds a point (degrees).
    pub(crate) fn add(&mut self, lat: f64, lon: f64) {
        self.add_weighted(lat, lon, 1.0);
    }

    /// Adds a point (degrees) that counts `weight` times.
    pub(crate) fn add_weighted(&mut self, lat: f64, lon: f64, weight: f64) {
        let (la, lo) = (lat.to_radians(), lon.to_radians());
        self.x += weight * la.cos() * lo.cos();
        self.y += weight * la.cos() * lo.sin();
        self.z += weight * la.sin();
        self.n += 1;
    }

    /// The mean (degrees); `None` for no points or points that cancel out.
    pub(crate) fn point(&self) -> Option<(f64, f64)> {
        let h = self.x.hypot(self.y);
        (self.n > 0 && (h > 1e-9 || self.z.abs() > 1e-9)).then(|| {
            (
                self.z.atan2(h).to_degrees(),
                self.y.atan2(self.x).to_degrees(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SphericalMean;

    #[test]
    fn across_the_antimeridian_and_empty() {
        let mut m = SphericalMean::default();
        m.add(-17.0, 179.0);
        m.add(-17.0, -179.0);
        let (lat, lon) = m.point().unwrap();
        assert!((lat + 17.0).abs() < 0.1 && lon.abs() > 179.9, "{lat} {lon}");
        assert_eq!(SphericalMean::default().point(), None);
        let mut opposite = SphericalMean::default();
        opposite.add(0.0, 0.0);
        opposite.add(0.0, 180.0);
        assert_eq!(opposite.point(), None);
    }
}
