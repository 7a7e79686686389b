//! What a coverage map is asked for: the grid, the target, the detection statistics and
//! the terrain ([`CoverageRequest`]).

use std::f64::consts::{FRAC_PI_2, PI, TAU};
use std::sync::Arc;

use iadsim_core::horizon::FOUR_THIRDS;
use iadsim_core::wgs84;
use serde::{Deserialize, Serialize};

use crate::sense::radar::detection::Swerling;
use crate::sense::radar::equation::defaults;
use crate::sense::radar::error::RadarError;
use crate::sense::radar::terrain::Dem;
use iadsim_setup::{Radar, Setup};

/// A latitude/longitude grid (WGS-84), angles in radians.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GridSpec {
    /// Southern edge latitude, rad.
    pub south: f64,
    /// Northern edge latitude, rad.
    pub north: f64,
    /// Western edge longitude, rad.
    pub west: f64,
    /// Eastern edge longitude, rad (> west, at most one turn east of it; longitudes run on
    /// continuously across the antimeridian, so a grid straddling it has east > π).
    pub east: f64,
    /// Columns (longitudes), ≥ 2.
    pub nx: usize,
    /// Rows (latitudes), ≥ 2.
    pub ny: usize,
}

impl GridSpec {
    /// A grid from its bounds in degrees.
    pub fn from_degrees(
        south: f64,
        north: f64,
        west: f64,
        east: f64,
        nx: usize,
        ny: usize,
    ) -> Self {
        Self {
            south: south.to_radians(),
            north: north.to_radians(),
            west: west.to_radians(),
            east: east.to_radians(),
            nx,
            ny,
        }
    }

    /// A grid covering every radar of `setup` out to the largest instrumented range
    /// (plus 5 %), `nx` × `ny` nodes.
    ///
    /// Longitudes run on continuously from the first radar's (a regiment straddling the
    /// antimeridian gives one grid across it, east > π). Where a radar's reach takes in a
    /// pole, the grid runs up to that pole (±90°) and round every longitude, from −180° to
    /// 180° (the pole is then the grid's top or bottom row, every node of it the same
    /// point).
    pub fn covering(setup: &Setup, nx: usize, ny: usize) -> Self {
        let radars: Vec<&Radar> = radars_of(setup).into_iter().map(|r| r.1).collect();
        let reach = 1.05
            * radars
                .iter()
                .map(|r| r.instrumented_range)
                .fold(0.0, f64::max)
                .max(10_000.0);
        let dlat = reach / wgs84::MEAN_RADIUS;
        let (mut s, mut n, mut w, mut e) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        let mut pole = false;
        let first = radars.first().map_or(0.0, |r| r.position.lon);
        for r in &radars {
            let p = r.position;
            s = s.min(p.lat - dlat);
            n = n.max(p.lat + dlat);
            if p.lat.abs() + dlat >= FRAC_PI_2 {
                pole = true;
                continue;
            }
            // Bounds the longitude half-width of the cap (generously near a pole).
            let far = (p.lat.abs() + dlat).min(89f64.to_radians());
            let dlon = (dlat / far.cos()).min(PI);
            // Continuous from the first radar's longitude (within half a turn of it).
            let lon = if (p.lon - first).abs() > PI {
                p.lon - TAU * ((p.lon - first) / TAU).round()
            } else {
                p.lon
            };
            w = w.min(lon - dlon);
            e = e.max(lon + dlon);
        }
        let (w, e) = if pole {
            (-PI, PI)
        } else if e - w > TAU {
            // At most one turn, centred on the radars' span.
            let mid = 0.5 * (w + e);
            (mid - PI, mid + PI)
        } else {
            (w, e)
        };
        Self {
            south: s.max(-FRAC_PI_2),
            north: n.min(FRAC_PI_2),
            west: w,
            east: e,
            nx,
            ny,
        }
    }

    /// Latitude of row `j`, rad.
    pub fn lat(&self, j: usize) -> f64 {
        // Clamped: rounding must not carry the pole row past ±90°.
        (self.south + (self.north - self.south) * j as f64 / (self.ny - 1) as f64)
            .clamp(-FRAC_PI_2, FRAC_PI_2)
    }

    /// Longitude of column `i`, rad.
    pub fn lon(&self, i: usize) -> f64 {
        self.west + (self.east - self.west) * i as f64 / (self.nx - 1) as f64
    }

    /// Grid coordinates (x = column, y = row) → [longitude°, latitude°].
    pub fn to_lon_lat_deg(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (self.west + (self.east - self.west) * p[0] / (self.nx - 1) as f64).to_degrees(),
            (self.south + (self.north - self.south) * p[1] / (self.ny - 1) as f64)
                .to_degrees()
                .clamp(-90.0, 90.0),
        ]
    }

    pub(super) fn check(&self) -> Result<(), CoverageError> {
        let ok = self.nx >= 2
            && self.ny >= 2
            && self.nx.saturating_mul(self.ny) <= 50_000_000
            && self.south < self.north
            && self.west < self.east
            && self.south >= -FRAC_PI_2
            && self.north <= FRAC_PI_2
            && self.west >= -TAU
            && self.east <= TAU
            && self.east - self.west <= TAU + 1e-9;
        if ok {
            Ok(())
        } else {
            Err(CoverageError::Invalid(format!(
                "grid: need south < north within ±90°, west < east within ±360° and at most \
                 one turn apart (longitudes run on across ±180°), 2 ≤ nx, ny with \
                 nx·ny ≤ 5e7; got {self:?}"
            )))
        }
    }
}

/// What the target height is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeightReference {
    /// Height above the WGS-84 ellipsoid.
    AboveEllipsoid,
    /// Height above the ground: the DEM height at the point with terrain; without
    /// terrain, the scenario's smooth surface (each radar's `surface_height`).
    AboveGround,
}

/// The vertical coverage diagram's extent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VerticalSpec {
    /// Largest ground range, m (`None`: the radar's instrumented range).
    pub max_range: Option<f64>,
    /// Largest height, m.
    pub max_height: f64,
    /// Ground-range samples (≥ 2).
    pub n_range: usize,
    /// Height samples (≥ 2).
    pub n_height: usize,
}

/// What to compute. [`CoverageRequest::new`] gives the defaults, all overridable.
#[derive(Debug, Clone)]
pub struct CoverageRequest {
    /// The horizontal grid.
    pub grid: GridSpec,
    /// Target height, m (see `height_reference`). Default 1,000 m.
    pub target_height: f64,
    /// What the height is measured from. Default above ground.
    pub height_reference: HeightReference,
    /// Target mean RCS, m². Default 1 m².
    pub rcs: f64,
    /// Scans in the dwell of the cumulative Pd. Default 3.
    pub dwell_scans: u32,
    /// Target fluctuation model. Default Swerling 1 \[P\].
    pub swerling: Swerling,
    /// False-alarm probability per cell. Default 1e-6 \[P\].
    pub pfa: f64,
    /// Pulses integrated per look (`None`: the role default, 10 \[P\]).
    pub pulses: Option<u32>,
    /// Effective-Earth-radius factor. Default 4/3.
    pub k_factor: f64,
    /// Terrain model (`None`: smooth Earth).
    pub terrain: Option<Arc<Dem>>,
    /// Rays of each radar's terrain viewshed. Default 2,048.
    pub terrain_azimuths: usize,
    /// Ground-range step of the viewshed, m. Default 250 m.
    pub terrain_step: f64,
    /// Whether engagement radars search only their default sector. Default true.
    pub engagement_sectors: bool,
    /// Engagement radar single-scan Pd that bounds the engagement zones. Default 0.5.
    pub zone_pd: f64,
    /// Pd contour levels. Default [0.5, 0.9].
    pub contour_levels: Vec<f64>,
    /// Vertical diagram extent. Default instrumented range × 30 km, 300 × 100 samples.
    pub vertical: VerticalSpec,
}

impl CoverageRequest {
    /// The defaults for `setup` on a 500 × 500 grid covering all radars.
    pub fn new(setup: &Setup) -> Self {
        Self {
            grid: GridSpec::covering(setup, 500, 500),
            target_height: 1_000.0,
            height_reference: HeightReference::AboveGround,
            rcs: 1.0,
            dwell_scans: 3,
            swerling: defaults::SWERLING,
            pfa: defaults::PFA,
            pulses: None,
            k_factor: FOUR_THIRDS,
            terrain: None,
            terrain_azimuths: 2_048,
            terrain_step: 250.0,
            engagement_sectors: true,
            zone_pd: 0.5,
            contour_levels: vec![0.5, 0.9],
            vertical: VerticalSpec {
                max_range: None,
                max_height: 30_000.0,
                n_range: 300,
                n_height: 100,
            },
        }
    }

    pub(super) fn check(&self) -> Result<(), CoverageError> {
        self.grid.check()?;
        let bad = |what: &str| Err(CoverageError::Invalid(what.to_string()));
        if !(self.rcs > 0.0 && self.rcs.is_finite()) {
            return bad("rcs must be a positive number of m²");
        }
        if !self.target_height.is_finite() {
            return bad("target height must be finite");
        }
        if self.dwell_scans == 0 {
            return bad("dwell_scans must be at least 1");
        }
        if !(self.k_factor > 0.0 && self.k_factor.is_finite()) {
            return bad("k_factor must be positive");
        }
        if !(self.zone_pd > 0.0 && self.zone_pd < 1.0) {
            return bad("zone_pd must lie in (0, 1)");
        }
        if self.contour_levels.iter().any(|l| !(*l > 0.0 && *l < 1.0)) {
            return bad("contour levels must lie in (0, 1)");
        }
        let v = &self.vertical;
        if v.n_range < 2 || v.n_height < 2 || v.max_height.is_nan() || v.max_height <= 0.0 {
            return bad("vertical diagram needs ≥ 2 × 2 samples and a positive height");
        }
        if self.terrain.is_some() && !(self.terrain_step > 0.0 && self.terrain_azimuths >= 8) {
            return bad("terrain viewshed needs a positive step and ≥ 8 azimuths");
        }
        Ok(())
    }
}

/// Coverage could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoverageError {
    /// A request field is out of its domain.
    #[error("invalid coverage request: {0}")]
    Invalid(String),
    /// A radar model could not be built.
    #[error(transparent)]
    Radar(#[from] RadarError),
}

/// Every radar of the setup with its battalion index, in battalion order (acquisition,
/// engagement).
pub(super) fn radars_of(setup: &Setup) -> Vec<(usize, &Radar)> {
    setup
        .regiment
        .battalions
        .iter()
        .enumerate()
        .flat_map(|(b, bn)| [(b, &bn.acquisition_radar), (b, &bn.engagement_radar)])
        .collect()
}
