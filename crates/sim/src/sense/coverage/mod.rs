//! Coverage: detection and engagement maps of the regiment, computed with the physics
//! radar model (the same signal model, detector, envelope and horizon as
//! [`crate::sense::PhysicsRadar`]).
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
//! Horizon and terrain: the smooth 4/3 Earth over the scenario's surface height (each
//! radar's `surface_height`: the lowest ground in play by default; each antenna at its
//! site's height plus its mast, as the engine does), plus a terrain viewshed per
//! radar when a DEM is given (see [`super::radar::terrain::Dem::viewshed`]). The engagement radars search
//! their default sectors (see [`super::physics::default_sector_centre`]) unless
//! [`CoverageRequest::engagement_sectors`] is off.
//!
//! Deterministic: every grid value is a pure function of its inputs; the work is split
//! over rows with rayon, so the result is bit-identical for any thread count.
//!
//! Grids are row-major, row 0 at the south edge, column 0 at the west edge; node (i, j)
//! is at longitude west + (east − west)·i/(nx − 1), latitude south + (north −
//! south)·j/(ny − 1). Polygon coordinates are [longitude°, latitude°] (GeoJSON order).
//!
//! - [`request`]: what is asked for ([`CoverageRequest`]);
//! - [`result`]: what comes back ([`CoverageResult`]);
//! - [`compute()`]: the computation.
//!
//! Checked by `tests/radar_coverage.rs` (detection ranges against the radar equation, the
//! combined layer against the per-radar ones, thread-count independence) and
//! `tests/radar_horizon_bound.rs`.

pub mod compute;
pub mod request;
pub mod result;

pub use super::radar::contour;
pub use compute::compute;
pub use request::*;
pub use result::*;
