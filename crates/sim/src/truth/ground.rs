//! [`TerrainHeight`]: the ground under the threats, as the truth needs it (terrain
//! following, where debris lands). The digital elevation model that implements it lives
//! with the radars' terrain masking (`sense::radar::terrain::Dem`); the truth sees only
//! this trait, so it does not depend on the sensors.

/// A terrain model: the ground's height under a point.
pub trait TerrainHeight: std::fmt::Debug + Send + Sync {
    /// Ground height above the WGS-84 ellipsoid, m, at geodetic latitude `lat` and
    /// longitude `lon` (rad).
    fn ground_height(&self, lat: f64, lon: f64) -> f64;

    /// Spacing of the model's samples along a meridian, m: the finest detail it holds (a
    /// terrain-following route is sampled at half of it).
    fn sample_spacing(&self) -> f64;
}

/// A route that follows the ground: its height is `ground`'s plus `clearance` (m).
#[derive(Debug, Clone, Copy)]
pub struct Follow<'a> {
    /// The terrain.
    pub ground: &'a dyn TerrainHeight,
    /// Height above the ground, m.
    pub clearance: f64,
}

impl Follow<'_> {
    /// Flight height above the ellipsoid over `lat`, `lon` (rad), m.
    pub fn height(&self, lat: f64, lon: f64) -> f64 {
        self.ground.ground_height(lat, lon) + self.clearance
    }
}
