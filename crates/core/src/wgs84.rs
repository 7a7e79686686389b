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
/// Standard gravity g₀, m/s².
pub const G0: f64 = 9.806_65;
/// Second eccentricity squared e′² = e² / (1 − e²).
pub const EP2: f64 = E2 / (1.0 - E2);

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
