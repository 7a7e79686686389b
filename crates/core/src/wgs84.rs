//! WGS-84 defining constants (NIMA TR8350.2) and derived quantities.

/// Semi-major axis a, m.
pub const A: f64 = 6_378_137.0;
/// Inverse flattening 1/f.
pub const INV_F: f64 = 298.257_223_563;
/// Flattening f.
pub const F: f64 = 1.0 / INV_F;
/// Semi-minor axis b = a(1 − f), m.
pub const B: f64 = A * (1.0 - F);
/// First eccentricity squared e² = f(2 − f).
pub const E2: f64 = F * (2.0 - F);
/// Earth's gravitational parameter GM, m³/s².
pub const GM: f64 = 3.986_004_418e14;
/// Earth's rotation rate ω, rad/s.
pub const OMEGA: f64 = 7.292_115e-5;
/// Mean Earth radius used by spherical-Earth formulas (radar horizon, minimum-energy
/// ballistic tables), m.
pub const MEAN_RADIUS: f64 = 6_371_000.0;
/// The IUGG mean Earth radius R₁ = (2a + b)/3 (6,371,008.8 m), m: the central-gravity
/// model of the trackers' ballistic mode (`iadsim-track`).
pub const MEAN_RADIUS_R1: f64 = 6_371_008.8;
/// Standard gravity g₀, m/s².
pub const G0: f64 = 9.806_65;
/// Second eccentricity squared e′² = e² / (1 − e²).
pub const EP2: f64 = E2 / (1.0 - E2);

/// An upper bound on the ellipsoid height (m) of the ECEF point `p` (m), at least 0: the
/// distance from `p` to where its geocentric radius meets the WGS-84 ellipsoid (the
/// geodetic height is the distance to the *nearest* surface point, so no larger). One
/// square root instead of [`crate::Ecef::to_geodetic`]'s iteration; it exceeds the geodetic
/// height by a relative ~1e-5 at most (the radial and the normal directions differ by
/// < 0.2°).
#[inline]
pub fn height_upper_bound(p: &nalgebra::Vector3<f64>) -> f64 {
    let q = (p.x * p.x + p.y * p.y) / (A * A) + p.z * p.z / (B * B);
    // The surface point along the radius is p / √q; inside the ellipsoid (q ≤ 1) the
    // height is ≤ 0.
    if q > 1.0 {
        p.norm() * (1.0 - 1.0 / q.sqrt())
    } else {
        0.0
    }
}

/// Meridian radius of curvature M at geodetic latitude `lat` (rad), m.
pub fn meridian_radius(lat: f64) -> f64 {
    let s = lat.sin();
    let w2 = 1.0 - E2 * s * s;
    A * (1.0 - E2) / (w2 * w2.sqrt())
}

/// Prime-vertical (east-west) radius of curvature N at geodetic latitude `lat` (rad), m.
pub fn prime_vertical_radius(lat: f64) -> f64 {
    let s = lat.sin();
    A / (1.0 - E2 * s * s).sqrt()
}

/// Radius of curvature of the normal section at geodetic latitude `lat` (rad) in the
/// direction `azimuth` (rad, clockwise from north), m (Euler's theorem:
/// 1/R = cos²α/M + sin²α/N).
pub fn radius_in_azimuth(lat: f64, azimuth: f64) -> f64 {
    let (sa, ca) = azimuth.sin_cos();
    let m = meridian_radius(lat);
    let n = prime_vertical_radius(lat);
    m * n / (n * ca * ca + m * sa * sa)
}

/// Gaussian mean radius of curvature √(M·N) at geodetic latitude `lat` (rad), m.
pub fn gaussian_mean_radius(lat: f64) -> f64 {
    (meridian_radius(lat) * prime_vertical_radius(lat)).sqrt()
}
