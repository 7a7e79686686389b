//! Coverage: detection and engagement maps of the regiment, computed with the physics
//! radar model (the same signal model, detector, envelope and horizon as
//! [`crate::radar::PhysicsRadar`]).
//!
//! For a target of one RCS at one height, [`compute`] gives, on a latitude/longitude
//! grid:
//!
//! - for each radar and for all radars combined, the **single-scan Pd** (combined:
//!   1 − Π_r(1 − Pd_r), looks taken as independent) and the **cumulative Pd** over a
//!   dwell of n scans, 1 − Π_i(1 − Pd_i) = 1 − (1 − Pd)ⁿ for a stationary point (scan-to-
//!   scan independence, exact for Swerling 1/3 targets and the noise);
//! - their **contours** (default Pd 0.5 and 0.9) as polygons (marching squares);
//! - the **missile engagement zone** of each missile type of each battalion: the annulus
//!   between the missile's minimum and maximum range around the battalion's launchers
//!   (ground range), if the target height is inside the missile's altitude band, clipped
//!   to where the battalion's engagement radar detects the target with single-scan
//!   Pd ≥ `zone_pd`;
//! - for each radar a **vertical coverage diagram** (range–height, Blake chart) of
//!   single-scan Pd along one azimuth, and a summary of detection ranges.
//!
//! Horizon and terrain: the smooth 4/3 Earth (over each radar's ground height when there
//! is no terrain, as the engine does), plus a terrain viewshed per radar when a DEM is
//! given (see [`super::radar::terrain::Dem::viewshed`]). The engagement radars search
//! their default sectors (see [`super::physics::default_sector_centre`]) unless
//! [`CoverageRequest::engagement_sectors`] is off.
//!
//! Deterministic: every grid value is a pure function of its inputs; the work is split
//! over rows with rayon, so the result is bit-identical for any thread count.
//!
//! Grids are row-major, row 0 at the south edge, column 0 at the west edge; node (i, j)
//! is at longitude west + (east − west)·i/(nx − 1), latitude south + (north −
//! south)·j/(ny − 1). Polygon coordinates are [longitude°, latitude°] (GeoJSON order).

use std::sync::Arc;

use std::f64::consts::FRAC_PI_2;

use iadsim_core::horizon::{FOUR_THIRDS, horizon_range};
use iadsim_core::{Enu, Geodetic, Vector3, wgs84};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::physics::{Envelope, PhysicsConfig, antenna_over_terrain};
use super::radar::contour::{Polygon, contour_polygons};
use super::radar::detection::{PdTable, Swerling};
use super::radar::equation::{RadarModel, defaults};
use super::radar::error::RadarError;
use super::radar::scan::ScanPattern;
use super::radar::sight::{Site, ellipsoid_normal};
use super::radar::terrain::{Dem, Viewshed};
use iadsim_setup::{Radar, RadarRole, Setup};

pub use super::radar::contour;

/// A latitude/longitude grid (WGS-84), angles in radians.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GridSpec {
    /// Southern edge latitude, rad.
    pub south: f64,
    /// Northern edge latitude, rad.
    pub north: f64,
    /// Western edge longitude, rad.
    pub west: f64,
    /// Eastern edge longitude, rad (> west; no antimeridian wrap).
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
        for r in &radars {
            let p = r.position;
            let far = (p.lat.abs() + dlat).min(89f64.to_radians());
            let dlon = (dlat / far.cos()).min(std::f64::consts::PI);
            s = s.min(p.lat - dlat);
            n = n.max(p.lat + dlat);
            w = w.min(p.lon - dlon);
            e = e.max(p.lon + dlon);
        }
        let lim = 89f64.to_radians();
        Self {
            south: s.max(-lim),
            north: n.min(lim),
            west: w.max(-std::f64::consts::PI),
            east: e.min(std::f64::consts::PI),
            nx,
            ny,
        }
    }

    /// Latitude of row `j`, rad.
    pub fn lat(&self, j: usize) -> f64 {
        self.south + (self.north - self.south) * j as f64 / (self.ny - 1) as f64
    }

    /// Longitude of column `i`, rad.
    pub fn lon(&self, i: usize) -> f64 {
        self.west + (self.east - self.west) * i as f64 / (self.nx - 1) as f64
    }

    /// Grid coordinates (x = column, y = row) → [longitude°, latitude°].
    pub fn to_lon_lat_deg(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (self.west + (self.east - self.west) * p[0] / (self.nx - 1) as f64).to_degrees(),
            (self.south + (self.north - self.south) * p[1] / (self.ny - 1) as f64).to_degrees(),
        ]
    }

    fn check(&self) -> Result<(), CoverageError> {
        let ok = self.nx >= 2
            && self.ny >= 2
            && self.nx.saturating_mul(self.ny) <= 50_000_000
            && self.south < self.north
            && self.west < self.east
            && self.south >= -std::f64::consts::FRAC_PI_2
            && self.north <= std::f64::consts::FRAC_PI_2
            && self.west >= -std::f64::consts::PI
            && self.east <= std::f64::consts::PI;
        if ok {
            Ok(())
        } else {
            Err(CoverageError::Invalid(format!(
                "grid: need south < north, west < east within ±90°/±180° and 2 ≤ nx, ny with \
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
    /// terrain, each radar's smooth surface (its site's ground height).
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

    fn check(&self) -> Result<(), CoverageError> {
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

/// The settings a result was computed with (the request without its grids and terrain).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Target height, m.
    pub target_height: f64,
    /// What it is measured from.
    pub height_reference: HeightReference,
    /// Target mean RCS, m².
    pub rcs: f64,
    /// Dwell of the cumulative Pd, scans.
    pub dwell_scans: u32,
    /// Swerling case.
    pub swerling: Swerling,
    /// Pfa per cell.
    pub pfa: f64,
    /// Refraction factor k.
    pub k_factor: f64,
    /// Whether terrain was used.
    pub terrain: bool,
    /// Pd bounding the engagement zones.
    pub zone_pd: f64,
    /// Contour levels.
    pub contour_levels: Vec<f64>,
}

/// The contour polygons of one Pd layer at one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contour {
    /// Pd level.
    pub level: f64,
    /// Whether of the cumulative (dwell) Pd rather than the single-scan Pd.
    pub cumulative: bool,
    /// Region Pd ≥ level, [lon°, lat°] polygons.
    pub polygons: Vec<Polygon>,
}

/// A Pd map and its contours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    /// Single-scan Pd at the grid nodes (row-major, row 0 south).
    pub single: Vec<f64>,
    /// Cumulative Pd over the dwell.
    pub cumulative: Vec<f64>,
    /// Contours of both.
    pub contours: Vec<Contour>,
}

/// A range–height (Blake) diagram of single-scan Pd along one azimuth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerticalDiagram {
    /// Azimuth of the cut, rad clockwise from north.
    pub azimuth: f64,
    /// Ground ranges of the columns, m.
    pub ranges: Vec<f64>,
    /// Heights of the rows (see the height reference), m.
    pub heights: Vec<f64>,
    /// Pd, row-major (`heights.len()` rows of `ranges.len()`).
    pub pd: Vec<f64>,
}

/// Detection ranges of the requested target for one radar, m.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DetectionRanges {
    /// Free-space slant range at which single-scan Pd = 0.5 (not capped).
    pub free_space_50: f64,
    /// Free-space slant range at which single-scan Pd = 0.9 (not capped).
    pub free_space_90: f64,
    /// Textbook 4/3-Earth horizon range to the target height (local radius).
    pub horizon: f64,
    /// Instrumented range.
    pub instrumented: f64,
    /// Largest ground range along the diagram azimuth at the target height with
    /// single-scan Pd ≥ 0.5 (0 if none).
    pub along_50: f64,
    /// The same for Pd ≥ 0.9.
    pub along_90: f64,
}

/// One radar's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RadarCoverage {
    /// Radar name.
    pub name: String,
    /// Catalogue type.
    pub type_name: String,
    /// Battalion name.
    pub battalion: String,
    /// Role.
    pub role: RadarRole,
    /// Antenna position as used (with terrain: mast height above the DEM ground).
    pub position: Geodetic,
    /// Height above the ellipsoid of the smooth surface its horizon is computed over, m:
    /// the site's ground height without terrain, 0 (the ellipsoid) with terrain.
    pub surface_height: f64,
    /// Pulses integrated per look.
    pub pulses: u32,
    /// Search sector (centre, width; rad) for a sector-scanning radar.
    pub sector: Option<(f64, f64)>,
    /// The Pd maps.
    pub layer: Layer,
    /// Vertical diagram.
    pub vertical: VerticalDiagram,
    /// Detection ranges.
    pub ranges: DetectionRanges,
}

/// A missile engagement zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngagementZone {
    /// Battalion name.
    pub battalion: String,
    /// Missile type.
    pub missile: String,
    /// Centre (launcher centroid).
    pub centre: Geodetic,
    /// Maximum ground range, m.
    pub max_range: f64,
    /// Minimum ground range, m.
    pub min_range: f64,
    /// Altitude band, m.
    pub altitude_band: (f64, f64),
    /// Whether the target height is inside the band (otherwise the zone is empty).
    pub in_altitude_band: bool,
    /// The zone, [lon°, lat°] polygons.
    pub polygons: Vec<Polygon>,
}

/// A site to mark on maps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteMark {
    /// Name.
    pub name: String,
    /// `acquisition_radar`, `engagement_radar`, `command_post` or `launcher`.
    pub kind: String,
    /// Battalion (empty for the regiment command post).
    pub battalion: String,
    /// Position.
    pub position: Geodetic,
}

/// A defended asset to mark on maps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetMark {
    /// Name.
    pub name: String,
    /// Position.
    pub position: Geodetic,
    /// Radius, m.
    pub radius: f64,
}

/// Everything [`compute`] produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageResult {
    /// Scenario name.
    pub scenario: String,
    /// Settings used.
    pub settings: Settings,
    /// The grid.
    pub grid: GridSpec,
    /// Each radar, battalion by battalion (acquisition then engagement).
    pub radars: Vec<RadarCoverage>,
    /// All radars combined.
    pub combined: Layer,
    /// Engagement zones, battalion by battalion, missile types in loadout order.
    pub zones: Vec<EngagementZone>,
    /// Radars, command posts and launchers.
    pub sites: Vec<SiteMark>,
    /// Defended assets.
    pub assets: Vec<AssetMark>,
}

/// Every radar of the setup with its battalion index, in battalion order (acquisition,
/// engagement).
fn radars_of(setup: &Setup) -> Vec<(usize, &Radar)> {
    setup
        .regiment
        .battalions
        .iter()
        .enumerate()
        .flat_map(|(b, bn)| [(b, &bn.acquisition_radar), (b, &bn.engagement_radar)])
        .collect()
}

/// Largest ground distance (m, with 2 % margin) from `from` to the grid's boundary,
/// sampled at 64 points per side.
fn grid_reach(grid: &GridSpec, from: &Geodetic) -> f64 {
    let n = ellipsoid_normal(from.lat, from.lon);
    let radius = wgs84::gaussian_mean_radius(from.lat);
    let mut far: f64 = 0.0;
    for k in 0..=64 {
        let f = f64::from(k) / 64.0;
        let lat = grid.south + (grid.north - grid.south) * f;
        let lon = grid.west + (grid.east - grid.west) * f;
        for (la, lo) in [
            (lat, grid.west),
            (lat, grid.east),
            (grid.south, lon),
            (grid.north, lon),
        ] {
            let m = ellipsoid_normal(la, lo);
            far = far.max(radius * n.cross(&m).norm().atan2(n.dot(&m)));
        }
    }
    1.02 * far + 1_000.0
}

/// One radar ready for fast evaluation.
struct Evaluator {
    site: Site,
    envelope: Envelope,
    model: RadarModel,
    table: Arc<PdTable>,
    viewshed: Option<Viewshed>,
    /// Height added to the target height for "above ground" without terrain.
    ground: f64,
    ecef: Vector3<f64>,
    rcs: f64,
}

impl Evaluator {
    /// Single-scan Pd at a point given by ECEF, normal, latitude and ellipsoid height.
    #[inline]
    fn pd(&self, ecef: &Vector3<f64>, normal: &Vector3<f64>, lat: f64, height: f64) -> f64 {
        let d = ecef - self.ecef;
        let r2 = d.norm_squared();
        if r2 > self.envelope.max_range * self.envelope.max_range
            || r2 < self.envelope.min_range * self.envelope.min_range
        {
            return 0.0;
        }
        let sight = self.site.sight_parts(ecef, normal, lat, height);
        if !self.envelope.admits(&sight) {
            return 0.0;
        }
        if let Some(vs) = &self.viewshed
            && !vs.visible(
                sight.polar.azimuth,
                sight.ground_range,
                sight.apparent_elevation,
            )
        {
            return 0.0;
        }
        self.table.pd(self.model.snr(sight.polar.range, self.rcs))
    }
}

/// Computes the coverage of `setup`'s radars and missiles for `request`.
pub fn compute(setup: &Setup, request: &CoverageRequest) -> Result<CoverageResult, CoverageError> {
    request.check()?;
    let grid = request.grid;
    let (nx, ny) = (grid.nx, grid.ny);
    let terrain = request.terrain.as_deref();
    let above_ground = request.height_reference == HeightReference::AboveGround;

    // Radars, configured as the physics radar would be.
    let mut tables: Vec<Arc<PdTable>> = Vec::new();
    let mut evaluators = Vec::new();
    let mut meta = Vec::new();
    for (b, spec) in radars_of(setup) {
        let mut config = PhysicsConfig::for_battalion(&setup.regiment, &setup.assets, b, spec.role);
        config.swerling = request.swerling;
        config.pfa = request.pfa;
        if let Some(p) = request.pulses {
            config.pulses = p;
        }
        config.k_factor = request.k_factor;
        if !request.engagement_sectors {
            config.scan = ScanPattern::Rotating {
                period: config.scan.sweep_time(),
                phase: 0.0,
            };
        }
        let model = RadarModel::from_setup(spec, config.swerling, config.pfa, config.pulses)?;
        let table = match tables.iter().find(|t| t.detector() == model.detector()) {
            Some(t) => t.clone(),
            None => {
                let t = Arc::new(PdTable::new(*model.detector()));
                tables.push(t.clone());
                t
            }
        };
        // With terrain the antenna stands at its mast height above the DEM ground and the
        // smooth surface is the ellipsoid; without, the surface is the site's ground.
        let site = match terrain {
            Some(dem) => Site::new(antenna_over_terrain(spec, dem), config.k_factor),
            None => Site::new(spec.position, config.k_factor).with_surface(spec.ground_height),
        };
        let viewshed = terrain.map(|dem| {
            // Out to the instrumented range or the farthest point of the grid.
            let reach = grid_reach(&grid, &spec.position).min(spec.instrumented_range);
            dem.viewshed(&site, request.terrain_azimuths, request.terrain_step, reach)
        });
        let sector = match config.scan {
            ScanPattern::Sector { centre, width, .. } => Some((centre, width)),
            ScanPattern::Rotating { .. } => None,
        };
        meta.push((b, spec, config, sector));
        evaluators.push(Evaluator {
            site,
            envelope: Envelope::new(spec, &config),
            model,
            table,
            viewshed,
            ground: if above_ground && terrain.is_none() {
                spec.ground_height
            } else {
                0.0
            },
            ecef: site.position.to_ecef().0,
            rcs: request.rcs,
        });
    }

    // Grid rows and columns.
    let rows: Vec<(f64, f64, f64, f64)> = (0..ny)
        .map(|j| {
            let lat = grid.lat(j);
            let (sl, cl) = lat.sin_cos();
            let n = wgs84::A / (1.0 - wgs84::E2 * sl * sl).sqrt();
            (lat, sl, cl, n)
        })
        .collect();
    let cols: Vec<(f64, f64)> = (0..nx).map(|i| grid.lon(i).sin_cos()).collect();
    let ground: Option<Vec<f64>> = match (terrain, above_ground) {
        (Some(dem), true) => {
            let mut g = vec![0.0; nx * ny];
            g.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
                for (i, v) in row.iter_mut().enumerate() {
                    *v = dem.height(grid.lat(j), grid.lon(i));
                }
            });
            Some(g)
        }
        _ => None,
    };
    let n_scans = request.dwell_scans as i32;
    let cumulative = |pd: f64| 1.0 - (1.0 - pd).powi(n_scans);

    let mut radars = Vec::with_capacity(evaluators.len());
    let mut miss_all = vec![1.0f64; nx * ny];
    for (ev, (b, spec, config, sector)) in evaluators.iter().zip(&meta) {
        let mut single = vec![0.0; nx * ny];
        single.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
            let (lat, sl, cl, n) = rows[j];
            for (i, v) in row.iter_mut().enumerate() {
                let (so, co) = cols[i];
                let h = request.target_height
                    + ev.ground
                    + ground.as_ref().map_or(0.0, |g| g[j * nx + i]);
                let normal = Vector3::new(cl * co, cl * so, sl);
                let ecef = Vector3::new(
                    (n + h) * cl * co,
                    (n + h) * cl * so,
                    (n * (1.0 - wgs84::E2) + h) * sl,
                );
                *v = ev.pd(&ecef, &normal, lat, h);
            }
        });
        miss_all
            .par_iter_mut()
            .zip(&single)
            .for_each(|(m, p)| *m *= 1.0 - p);
        let cum: Vec<f64> = single.par_iter().map(|&p| cumulative(p)).collect();
        let vertical_azimuth = sector.map_or(0.0, |(c, _)| c);
        let vertical = vertical_diagram(ev, spec, request, terrain, vertical_azimuth);
        let ranges = detection_ranges(ev, spec, request, terrain, vertical_azimuth)?;
        radars.push(RadarCoverage {
            name: spec.name.clone(),
            type_name: spec.type_name.clone(),
            battalion: setup.regiment.battalions[*b].name.clone(),
            role: spec.role,
            position: ev.site.position,
            surface_height: ev.site.surface,
            pulses: config.pulses,
            sector: *sector,
            layer: Layer {
                single,
                cumulative: cum,
                contours: Vec::new(),
            },
            vertical,
            ranges,
        });
    }
    let combined_single: Vec<f64> = miss_all.par_iter().map(|m| 1.0 - m).collect();
    let combined_cum: Vec<f64> = miss_all.par_iter().map(|m| 1.0 - m.powi(n_scans)).collect();
    let mut combined = Layer {
        contours: Vec::new(),
        single: combined_single,
        cumulative: combined_cum,
    };

    // Contours of every layer, level by level, as independent parallel tasks.
    {
        let layers: Vec<&Layer> = radars
            .iter()
            .map(|r| &r.layer)
            .chain(std::iter::once(&combined))
            .collect();
        let tasks: Vec<(usize, bool, f64)> = (0..layers.len())
            .flat_map(|k| {
                [false, true]
                    .into_iter()
                    .flat_map(move |cum| request.contour_levels.iter().map(move |&l| (k, cum, l)))
            })
            .collect();
        let done: Vec<(usize, Contour)> = tasks
            .par_iter()
            .map(|&(k, cumulative, level)| {
                let values = if cumulative {
                    &layers[k].cumulative
                } else {
                    &layers[k].single
                };
                let polygons = contour_polygons(values, nx, ny, level, |p| grid.to_lon_lat_deg(p));
                (
                    k,
                    Contour {
                        level,
                        cumulative,
                        polygons,
                    },
                )
            })
            .collect();
        for (k, c) in done {
            if k < radars.len() {
                radars[k].layer.contours.push(c);
            } else {
                combined.contours.push(c);
            }
        }
    }

    let zones = engagement_zones(setup, request, &grid, &rows, &cols, &radars);
    let (sites, assets) = marks(setup);
    Ok(CoverageResult {
        scenario: setup.name.clone(),
        settings: Settings {
            target_height: request.target_height,
            height_reference: request.height_reference,
            rcs: request.rcs,
            dwell_scans: request.dwell_scans,
            swerling: request.swerling,
            pfa: request.pfa,
            k_factor: request.k_factor,
            terrain: terrain.is_some(),
            zone_pd: request.zone_pd,
            contour_levels: request.contour_levels.clone(),
        },
        grid,
        radars,
        combined,
        zones,
        sites,
        assets,
    })
}

/// A vertical cut from a radar site along one azimuth: points at ground range s lie on
/// the great circle of the ellipsoid normals, with the radius of curvature in that
/// azimuth at the site.
struct Cut {
    normal: Vector3<f64>,
    u: Vector3<f64>,
    radius: f64,
}

impl Cut {
    fn new(site: &Site, azimuth: f64) -> Self {
        let east = site.frame.vector_to_ecef(&Enu::new(1.0, 0.0, 0.0)).0;
        let north = site.frame.vector_to_ecef(&Enu::new(0.0, 1.0, 0.0)).0;
        let (sa, ca) = azimuth.sin_cos();
        let lat1 = site.position.lat;
        Self {
            normal: *site.normal(),
            u: east * sa + north * ca,
            radius: 1.0
                / (ca * ca / wgs84::meridian_radius(lat1)
                    + sa * sa / wgs84::prime_vertical_radius(lat1)),
        }
    }

    /// Unit ellipsoid normal at ground range `s` (m).
    fn normal_at(&self, s: f64) -> Vector3<f64> {
        let theta = s / self.radius;
        self.normal * theta.cos() + self.u * theta.sin()
    }
}

/// Pd at ground range `s` along `cut`, height `h` above the request's reference.
fn pd_along(
    ev: &Evaluator,
    request: &CoverageRequest,
    terrain: Option<&Dem>,
    cut: &Cut,
    s: f64,
    h: f64,
) -> f64 {
    let n = cut.normal_at(s.max(1.0));
    let lat = n.z.atan2(n.x.hypot(n.y));
    let ground = match (terrain, request.height_reference) {
        (Some(dem), HeightReference::AboveGround) => dem.height(lat, n.y.atan2(n.x)),
        _ => ev.ground,
    };
    let height = h + ground;
    // ECEF straight from the normal: ((N + h)·n_x, (N + h)·n_y, (N(1 − e²) + h)·n_z).
    let big_n = wgs84::A / (1.0 - wgs84::E2 * n.z * n.z).sqrt();
    let ecef = Vector3::new(
        (big_n + height) * n.x,
        (big_n + height) * n.y,
        (big_n * (1.0 - wgs84::E2) + height) * n.z,
    );
    ev.pd(&ecef, &n, lat, height)
}

fn vertical_diagram(
    ev: &Evaluator,
    spec: &Radar,
    request: &CoverageRequest,
    terrain: Option<&Dem>,
    azimuth: f64,
) -> VerticalDiagram {
    let v = &request.vertical;
    let max_range = v.max_range.unwrap_or(spec.instrumented_range);
    let ranges: Vec<f64> = (0..v.n_range)
        .map(|i| max_range * i as f64 / (v.n_range - 1) as f64)
        .collect();
    let heights: Vec<f64> = (0..v.n_height)
        .map(|j| v.max_height * j as f64 / (v.n_height - 1) as f64)
        .collect();
    let cut = Cut::new(&ev.site, azimuth);
    let mut pd = vec![0.0; ranges.len() * heights.len()];
    pd.par_chunks_mut(ranges.len())
        .enumerate()
        .for_each(|(j, row)| {
            for (i, p) in row.iter_mut().enumerate() {
                *p = pd_along(ev, request, terrain, &cut, ranges[i], heights[j]);
            }
        });
    VerticalDiagram {
        azimuth,
        ranges,
        heights,
        pd,
    }
}

fn detection_ranges(
    ev: &Evaluator,
    spec: &Radar,
    request: &CoverageRequest,
    terrain: Option<&Dem>,
    azimuth: f64,
) -> Result<DetectionRanges, CoverageError> {
    let free_space_50 = ev.model.detection_range(request.rcs, 0.5)?;
    let free_space_90 = ev.model.detection_range(request.rcs, 0.9)?;
    let target = match request.height_reference {
        HeightReference::AboveEllipsoid => request.target_height - spec.ground_height,
        HeightReference::AboveGround => request.target_height,
    };
    let horizon = horizon_range(
        spec.position.height - spec.ground_height,
        target,
        request.k_factor,
        wgs84::gaussian_mean_radius(spec.position.lat),
    );
    let step = 250.0;
    let n = (spec.instrumented_range / step).ceil() as usize;
    let cut = Cut::new(&ev.site, azimuth);
    let pds: Vec<f64> = (1..=n)
        .into_par_iter()
        .map(|k| {
            pd_along(
                ev,
                request,
                terrain,
                &cut,
                step * k as f64,
                request.target_height,
            )
        })
        .collect();
    let last = |level: f64| {
        pds.iter()
            .rposition(|&p| p >= level)
            .map_or(0.0, |k| step * (k + 1) as f64)
    };
    Ok(DetectionRanges {
        free_space_50,
        free_space_90,
        horizon,
        instrumented: spec.instrumented_range,
        along_50: last(0.5),
        along_90: last(0.9),
    })
}

fn engagement_zones(
    setup: &Setup,
    request: &CoverageRequest,
    grid: &GridSpec,
    rows: &[(f64, f64, f64, f64)],
    cols: &[(f64, f64)],
    radars: &[RadarCoverage],
) -> Vec<EngagementZone> {
    let (nx, ny) = (grid.nx, grid.ny);
    // (battalion index, centre, missile) for every missile type of every battalion.
    let mut tasks = Vec::new();
    for (b, bn) in setup.regiment.battalions.iter().enumerate() {
        // Launcher centroid (command post when there are none).
        let centre = if bn.launchers.is_empty() {
            bn.command_post.position
        } else {
            let sum = bn
                .launchers
                .iter()
                .fold(Vector3::zeros(), |s, l| s + l.position.to_ecef().0);
            let mut g = iadsim_core::Ecef(sum / bn.launchers.len() as f64).to_geodetic();
            g.height = bn.launchers[0].position.height;
            g
        };
        let mut seen: Vec<&str> = Vec::new();
        for l in &bn.launchers {
            for load in &l.loadout {
                let m = &load.missile;
                if !seen.contains(&m.type_name.as_str()) {
                    seen.push(&m.type_name);
                    tasks.push((b, centre, m));
                }
            }
        }
    }
    tasks
        .par_iter()
        .map(|&(b, centre, m)| {
            let bn = &setup.regiment.battalions[b];
            let in_band =
                request.target_height >= m.min_altitude && request.target_height <= m.max_altitude;
            let polygons = if in_band && m.max_range > m.min_range {
                // Ground distance d ↔ chord between unit normals 2·sin(d/2R): the field is
                // the signed margin in chord length (monotone in d, so the 0-contour sits
                // on the range circles), min'd with the detection margin.
                let c_normal = ellipsoid_normal(centre.lat, centre.lon);
                let radius = wgs84::gaussian_mean_radius(centre.lat);
                let chord = |d: f64| 2.0 * (0.5 * d / radius).min(FRAC_PI_2).sin();
                let (c_max, c_min) = (chord(m.max_range), chord(m.min_range));
                let eng = &radars[2 * b + 1].layer.single;
                let mut field = vec![0.0; nx * ny];
                field.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
                    let (_, sl, cl, _) = rows[j];
                    for (i, f) in row.iter_mut().enumerate() {
                        let (so, co) = cols[i];
                        let c = (Vector3::new(cl * co, cl * so, sl) - c_normal).norm();
                        let outer = (c_max - c) / c_max;
                        let inner = (c - c_min) / c_max;
                        let detect = eng[j * nx + i] - request.zone_pd;
                        *f = outer.min(inner).min(detect);
                    }
                });
                contour_polygons(&field, nx, ny, 0.0, |p| grid.to_lon_lat_deg(p))
            } else {
                Vec::new()
            };
            EngagementZone {
                battalion: bn.name.clone(),
                missile: m.type_name.clone(),
                centre,
                max_range: m.max_range,
                min_range: m.min_range,
                altitude_band: (m.min_altitude, m.max_altitude),
                in_altitude_band: in_band,
                polygons,
            }
        })
        .collect()
}

fn marks(setup: &Setup) -> (Vec<SiteMark>, Vec<AssetMark>) {
    let mut sites = vec![SiteMark {
        name: setup.regiment.command_post.name.clone(),
        kind: "command_post".into(),
        battalion: String::new(),
        position: setup.regiment.command_post.position,
    }];
    for bn in &setup.regiment.battalions {
        let mark = |name: &str, kind: &str, position: Geodetic| SiteMark {
            name: name.to_string(),
            kind: kind.to_string(),
            battalion: bn.name.clone(),
            position,
        };
        sites.push(mark(
            &bn.command_post.name,
            "command_post",
            bn.command_post.position,
        ));
        sites.push(mark(
            &bn.acquisition_radar.name,
            "acquisition_radar",
            bn.acquisition_radar.position,
        ));
        sites.push(mark(
            &bn.engagement_radar.name,
            "engagement_radar",
            bn.engagement_radar.position,
        ));
        for l in &bn.launchers {
            sites.push(mark(&l.name, "launcher", l.position));
        }
    }
    let assets = setup
        .assets
        .iter()
        .map(|a| AssetMark {
            name: a.name.clone(),
            position: a.position,
            radius: a.radius,
        })
        .collect();
    (sites, assets)
}
