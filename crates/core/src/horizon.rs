//! Radar horizon and line of sight over a smooth Earth with standard refraction.
//!
//! Refraction is modelled the classical way: rays are drawn straight over a sphere whose
//! radius is the true radius times k (k = 4/3 for the standard atmosphere, a refractivity
//! gradient of about −39 N-units/km). Heights are above that sphere's surface, which
//! stands in for the WGS-84 ellipsoid (height 0) in [`line_of_sight`] and friends.
//!
//! Terrain masking is not modelled here: the Earth is smooth. A terrain profile check
//! (issue 3) belongs on top of [`line_of_sight_geometry`], which already gives the ground
//! range and the effective radius along the path.

use crate::frames::Geodetic;
use crate::geodesic;
use crate::wgs84;

/// The standard-atmosphere effective-Earth-radius factor k = 4/3.
pub const FOUR_THIRDS: f64 = 4.0 / 3.0;

/// Effective Earth radius k·R, m, for a factor `k` (dimensionless) and a true radius
/// `earth_radius` (m).
pub fn effective_radius(k: f64, earth_radius: f64) -> f64 {
    k * earth_radius
}

/// Radar horizon range, m: the textbook sum of the two tangent distances
/// d = √(2kR·h₁) + √(2kR·h₂), for a radar at `h_radar` and a target at `h_target`
/// (m above the surface), refraction factor `k` and Earth radius `earth_radius` (m).
///
/// This is the small-height approximation (it drops h² against 2kRh); it is within
/// 0.1 % of the exact tangent geometry below 10 km. Negative heights count as 0.
pub fn horizon_range(h_radar: f64, h_target: f64, k: f64, earth_radius: f64) -> f64 {
    let two_kr = 2.0 * k * earth_radius;
    (two_kr * h_radar.max(0.0)).sqrt() + (two_kr * h_target.max(0.0)).sqrt()
}

/// Slant range, m, at which a straight ray leaving an antenna at `antenna_height` (m) with
/// elevation `elevation` (rad above the local horizontal) first reaches `target_height`
/// (m), over a sphere of radius `effective_radius` (m, k·R). Heights are above the
/// sphere's surface.
///
/// This is the law-of-cosines geometry of MathWorks' `height2range` (curved-Earth model):
/// with r₁ = Rₑ + hₐ and r₂ = Rₑ + hₜ, r₂² = r₁² + ρ² + 2·r₁·ρ·sin θ, solved for the
/// smallest non-negative ρ. `height2range(1000, 10, 2°)` with Rₑ = 8.4774e6 m gives
/// 27,125 m.
///
/// `None` when the ray never reaches that height (a target below the antenna with the ray
/// pointing level or up, or below the lowest point of a downward ray).
pub fn slant_range_to_height(
    target_height: f64,
    antenna_height: f64,
    elevation: f64,
    effective_radius: f64,
) -> Option<f64> {
    let r1 = effective_radius + antenna_height;
    // r₂² − r₁², factored to avoid cancelling two ~10¹³ numbers.
    let c = (target_height - antenna_height)
        * (2.0 * effective_radius + antenna_height + target_height);
    let b = r1 * elevation.sin();
    let disc = b * b + c;
    if disc < 0.0 {
        return None;
    }
    let sq = disc.sqrt();
    if c > 0.0 {
        // One positive root, written without cancellation for either sign of b.
        Some(if b >= 0.0 { c / (b + sq) } else { sq - b })
    } else if b < 0.0 {
        // Downward ray: the nearer of the two crossings, via the product of the roots.
        let far = sq - b;
        let near = -c / far;
        Some(if near > 0.0 { near } else { far })
    } else if c == 0.0 {
        Some(0.0)
    } else {
        None
    }
}

/// Height above the surface, m, of a point at slant range `slant_range` (m) along a
/// straight ray leaving an antenna at `antenna_height` (m) with elevation `elevation`
/// (rad), over a sphere of radius `effective_radius` (m): MathWorks' `range2height`
/// geometry, the inverse of [`slant_range_to_height`].
pub fn height_at_slant_range(
    slant_range: f64,
    antenna_height: f64,
    elevation: f64,
    effective_radius: f64,
) -> f64 {
    let r1 = effective_radius + antenna_height;
    // r₂ − r₁ = (r₂² − r₁²)/(r₂ + r₁), keeping the metres out of the 10⁷ m radii.
    let d = slant_range * (slant_range + 2.0 * r1 * elevation.sin());
    let r2 = (r1 * r1 + d).max(0.0).sqrt();
    antenna_height + d / (r2 + r1)
}

/// The geometry of a radar-to-target ray over the smooth effective Earth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineOfSight {
    /// Geodesic distance between the two ground points on the ellipsoid, m.
    pub ground_range: f64,
    /// Radius of the effective sphere used for the path: k times the ellipsoid's radius
    /// of curvature at the path midpoint in the path direction, m.
    pub effective_radius: f64,
    /// Lowest height of the straight ray above the effective surface anywhere between
    /// radar and target, endpoints included, m. Negative: the ray passes that far below
    /// the surface (or an endpoint is below it) and the target is hidden.
    pub clearance: f64,
    /// Elevation at which the radar sees the target, rad above the radar's local
    /// horizontal, refraction included (the ray's angle on the effective sphere).
    pub apparent_elevation: f64,
}

impl LineOfSight {
    /// Whether the target is visible: the ray nowhere dips below the surface (grazing
    /// counts as visible).
    pub fn visible(&self) -> bool {
        self.clearance >= 0.0
    }
}

/// The ray from `radar` to `target` (WGS-84 geodetic) with refraction factor `k` (> 0,
/// e.g. [`FOUR_THIRDS`]) over a smooth Earth whose surface is at ellipsoid height
/// `surface_height` (m; 0 for the ellipsoid itself, or a local datum such as the geoid
/// height where ellipsoid heights go negative).
///
/// Model: the ground range is the WGS-84 geodesic; the effective sphere has radius k·R,
/// with R the ellipsoid's radius of curvature in the path direction at the geodesic
/// midpoint (so the result is the same from either end); the two points sit at their
/// heights above the surface, `ground_range / (kR)` apart in central angle.
pub fn line_of_sight_geometry(
    radar: &Geodetic,
    target: &Geodetic,
    k: f64,
    surface_height: f64,
) -> LineOfSight {
    debug_assert!(
        k > 0.0 && k.is_finite(),
        "refraction factor k must be positive"
    );
    let inv = geodesic::inverse(radar, target);
    let s = inv.distance;
    let (mid, mid_azimuth) = geodesic::direct(radar, inv.azimuth_start, 0.5 * s);
    let re = k * wgs84::radius_in_azimuth(mid.lat, mid_azimuth);
    let h1 = radar.height - surface_height;
    let h2 = target.height - surface_height;
    let (clearance, apparent_elevation) = sphere_ray(h1, h2, s / re, re);
    LineOfSight {
        ground_range: s,
        effective_radius: re,
        clearance,
        apparent_elevation,
    }
}

/// A question answered by [`visible_within_by_bounds`]: the exact answer, and how far
/// the target may move without changing it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundsDecision {
    /// What the exact test answers.
    pub visible: bool,
    /// A distance, m (≥ 0): the exact test gives the same answer for every target
    /// position within it of this one (the radar fixed).
    pub slack: f64,
}

/// What [`line_of_sight_geometry`]`(radar, target, k, surface_height)` would answer to
/// "visible, with the apparent elevation inside [`min_elevation`, `max_elevation`] (rad)?",
/// decided without the geodesic where bounds suffice: `Some(decision)` carries that exact
/// answer and a distance the target may move keeping it; `None` means the bounds cannot
/// tell (call the exact test). A cheap first test for targets clearly above or clearly
/// below the radar's horizontal; the boundary band left undecided is a few metres wide.
///
/// The proof brackets the two unknowns of the exact model: the effective radius
/// rₑ = k·R(midpoint, azimuth) lies in [k·b²/a, k·a²/b] (the extreme radii of curvature of
/// the ellipsoid), and the geodesic length s between the two feet lies between their
/// chord c and 2ρ·asin(c/2ρ), ρ = b²/a: the geodesic is at least its chord, and a
/// space curve whose curvature is at most 1/ρ (a geodesic's curvature is the normal
/// curvature of the surface) has a chord no shorter than a circle's arc of the same
/// length (Schur's comparison theorem). In the exact model the target stands
/// `up = (h₂ − h₁) − (rₑ + h₂)(1 − cos φ)` above the radar's horizontal (φ = s/rₑ), which
/// falls as s grows and rises with rₑ (since tan(φ/2) ≤ φ), and lies `along = (rₑ + h₂)
/// sin φ` ahead, between rₑ·sin(s/rₑ) at the least rₑ and s and (rₑ + h₂)·s/rₑ at the
/// extremes. So:
///
/// - an end below the surface is hidden (the clearance is at most its height);
/// - the elevation atan2(up, along) is below `min_elevation` when even the greatest `up`
///   is below `along·tan(min_elevation)` for every `along` of the bracket;
/// - with `min_elevation` ≤ 0, when even the least `up` is positive the elevation is
///   positive and the ray climbs from the radar, so its lowest point is an end and it
///   clears the surface (both ends above it); it is inside the limits when also the
///   greatest `up` over the least `along` stays below tan(`max_elevation`).
///
/// The slack: the target's height and its foot (the nearest point of the convex
/// ellipsoid, a non-expansive projection) move no more than the target does, and the
/// chord bound's slope is at most 1/cos 30° inside the bracket, so each bound above
/// moves at most 4 m per metre the target moves (h₂ and the path kept under rₑ and a
/// right angle, which the slack is capped for); the margin by which the deciding
/// inequality holds, over twice that rate, is the slack.
///
/// Margins of 1e-9 relative and a millimetre cover rounding.
pub fn visible_within_by_bounds(
    radar: &Geodetic,
    target: &Geodetic,
    k: f64,
    surface_height: f64,
    min_elevation: f64,
    max_elevation: f64,
) -> Option<BoundsDecision> {
    // The same expressions as the exact test, so the same signs.
    let h1 = radar.height - surface_height;
    let h2 = target.height - surface_height;
    if h1 < 0.0 {
        return Some(BoundsDecision {
            visible: false,
            slack: f64::INFINITY,
        });
    }
    if h2 < 0.0 {
        // Height is 1-Lipschitz (a signed distance to a convex surface).
        return Some(BoundsDecision {
            visible: false,
            slack: -h2 * 0.5,
        });
    }
    let usable = |x: f64| x.is_finite() && x.abs() < std::f64::consts::FRAC_PI_2;
    if !(h1.is_finite() && h2.is_finite() && k > 0.0 && k.is_finite() && usable(min_elevation)) {
        return None;
    }
    let foot = |g: &Geodetic| {
        Geodetic {
            lat: g.lat,
            lon: g.lon,
            height: 0.0,
        }
        .to_ecef()
        .0
    };
    let chord = (foot(radar) - foot(target)).norm();
    let rho = wgs84::B * wgs84::B / wgs84::A;
    let half = chord / (2.0 * rho);
    // Schur's bound needs the arc within half a circle; far shorter paths only matter.
    if half.is_nan() || half >= 0.5 {
        return None;
    }
    let s_lo = chord * (1.0 - 1e-9);
    let s_hi = 2.0 * rho * half.asin() * (1.0 + 1e-9) + 1e-3;
    let re_lo = k * rho * (1.0 - 1e-9);
    let re_hi = k * wgs84::A * wgs84::A / wgs84::B * (1.0 + 1e-9);
    let phi_hi = s_hi / re_lo;
    // The monotonicity arguments hold for central angles up to a right angle.
    if phi_hi.is_nan() || phi_hi > 1.0 || h2 > 0.5 * re_lo {
        return None;
    }
    // How far the target may move with the bracket's assumptions intact: half < 1/2,
    // φ ≤ π/2 (φ grows by at most 1.2/rₑ per metre), h₂ ≤ rₑ.
    let cap = ((0.5 - half) * 2.0 * rho).min(0.4 * re_lo);
    let tol = |x: f64| 1e-3 + 1e-9 * x.abs();
    let rise = h2 - h1;
    let up_min = rise - (re_lo + h2) * (1.0 - phi_hi.cos());
    let up_max = rise - (re_hi + h2) * (1.0 - (s_lo / re_hi).cos());
    let along_lo = re_lo * (s_lo / re_lo).sin();
    let along_hi = (re_hi + h2) * phi_hi;
    let slope_min = min_elevation.tan();
    // The least `along·tan(min)` over the bracket: the longest `along` when tan < 0.
    let floor = if slope_min < 0.0 {
        along_hi * slope_min
    } else {
        along_lo * slope_min
    };
    let below = floor - (up_max + tol(up_max) + tol(floor));
    if below > 0.0 {
        return Some(BoundsDecision {
            visible: false,
            slack: (below / (2.0 * (4.0 + 4.0 * slope_min.abs()))).min(cap),
        });
    }
    let above = up_min - tol(re_lo + h2);
    if min_elevation > 0.0 || above.is_nan() || above <= 0.0 {
        return None;
    }
    let mut slack = (above / 8.0).min(cap);
    if max_elevation < std::f64::consts::FRAC_PI_2 {
        let slope_max = max_elevation.tan();
        let room = along_lo * slope_max * (1.0 - 1e-9) - (rise * (1.0 + 1e-9) + 1e-3);
        if room.is_nan() || room < 0.0 {
            return None;
        }
        slack = slack.min(room / (2.0 * (1.0 + slope_max)));
    }
    Some(BoundsDecision {
        visible: true,
        slack,
    })
}

/// Clearance (m) and elevation at the first point (rad) of the straight segment between
/// points at heights `h1`, `h2` (m) above a sphere of radius `re` (m), `phi` rad apart.
fn sphere_ray(h1: f64, h2: f64, phi: f64, re: f64) -> (f64, f64) {
    let r1 = re + h1;
    let r2 = re + h2;
    let sp = phi.sin();
    let half = (0.5 * phi).sin();
    let one_minus_cos = 2.0 * half * half;
    // Radial and along-track offsets of the target seen from the radar, in the plane of
    // the path; r₂cos φ − r₁ is rewritten so the metres are not lost against the radii.
    let up = (h2 - h1) - r2 * one_minus_cos;
    let along = r2 * sp;
    let apparent_elevation = up.atan2(along);

    let mut clearance = h1.min(h2);
    // The closest approach to the centre lies strictly between the endpoints when the
    // segment descends from both ends, i.e. both end angles exceed 90° to the radius.
    let radar_side = (h1 - h2) + r2 * one_minus_cos;
    let target_side = (h2 - h1) + r1 * one_minus_cos;
    if radar_side > 0.0 && target_side > 0.0 {
        let chord2 = (r1 - r2).powi(2) + 4.0 * r1 * r2 * half * half;
        let closest = r1 * r2 * sp / chord2.sqrt();
        clearance = clearance.min(closest - re);
    }
    (clearance, apparent_elevation)
}

/// Whether `target` is above the radar horizon of `radar` (both WGS-84 geodetic) with
/// refraction factor `k`, over the smooth ellipsoid (surface at height 0). See
/// [`line_of_sight_geometry`] for the model; terrain is not considered.
pub fn line_of_sight(radar: &Geodetic, target: &Geodetic, k: f64) -> bool {
    line_of_sight_geometry(radar, target, k, 0.0).visible()
}

/// Lowest height (m) of the refracted ray from `radar` to `target` above the smooth
/// ellipsoid; negative when the target is hidden. See [`LineOfSight::clearance`].
pub fn los_clearance(radar: &Geodetic, target: &Geodetic, k: f64) -> f64 {
    line_of_sight_geometry(radar, target, k, 0.0).clearance
}

/// Elevation (rad above the radar's local horizontal) at which `radar` sees `target`
/// with refraction factor `k`. See [`LineOfSight::apparent_elevation`].
pub fn apparent_elevation(radar: &Geodetic, target: &Geodetic, k: f64) -> f64 {
    line_of_sight_geometry(radar, target, k, 0.0).apparent_elevation
}

/// The lowest target height (m above the surface) visible at ground range `ground_range`
/// (m) from a radar at `radar_height` (m; negative counts as 0), over a sphere of radius
/// `effective_radius` (m): 0 inside the radar's own horizon, rising beyond it, and
/// infinite once the ground point is a quarter of a great circle past the radar's
/// tangent point. Useful for coverage maps; consistent with [`LineOfSight::clearance`]
/// = 0.
pub fn min_visible_height(radar_height: f64, ground_range: f64, effective_radius: f64) -> f64 {
    let re = effective_radius;
    let h1 = radar_height.max(0.0);
    // Central angle from the radar to its tangent point.
    let tangent = (re / (re + h1)).clamp(-1.0, 1.0).acos();
    let beyond = ground_range / re - tangent;
    if beyond <= 0.0 {
        return 0.0;
    }
    if beyond >= std::f64::consts::FRAC_PI_2 {
        return f64::INFINITY;
    }
    // re/cos β − re, written as re·(1 − cos β)/cos β.
    let half = (0.5 * beyond).sin();
    re * 2.0 * half * half / beyond.cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sphere_ray_short_range_matches_flat_geometry() {
        let (c, el) = sphere_ray(10.0, 110.0, 1000.0 / 8.5e6, 8.5e6);
        assert!((c - 10.0).abs() < 1e-9);
        assert!((el - (100.0f64).atan2(1000.0)).abs() < 1e-4);
    }
}
