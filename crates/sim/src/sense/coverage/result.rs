//! What a coverage computation gives: per-radar and combined Pd layers with their
//! contours, vertical diagrams, detection ranges, engagement zones and the sites
//! ([`CoverageResult`]).

use iadsim_core::Geodetic;
use serde::Serialize;

use super::request::{GridSpec, HeightReference};
use crate::sense::radar::contour::Polygon;
use crate::sense::radar::detection::Swerling;
use iadsim_setup::RadarRole;

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
    /// the scenario's surface without terrain; 0, the ellipsoid, with a DEM (which masks
    /// on top of it).
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
