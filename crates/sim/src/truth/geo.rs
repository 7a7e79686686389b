//! Small private geodesy and atmosphere helpers for the truth models.
//!
//! `ecef_to_geodetic` and `air_density` stand in until `iadsim_core` provides
//! `Ecef::to_geodetic` and `atmosphere::us1976`; switching over changes no interface.

use iadsim_core::{Geodetic, wgs84};
use nalgebra::Vector3;

/// Geodetic coordinates of an ECEF position (m), by Bowring's method iterated three times.
///
/// Three iterations converge to well below a micrometre in height and 1e-15 rad in
/// latitude for any point from the Earth's surface out to lunar distance; the height is
/// taken with the form h = p·cos φ + z·sin φ − a²/N, which stays exact at the poles.
pub(super) fn ecef_to_geodetic(r: &Vector3<f64>) -> Geodetic {
    let (x, y, z) = (r.x, r.y, r.z);
    let a = wgs84::A;
    let b = wgs84::B;
    let e2 = wgs84::E2;
    // Second eccentricity squared e′² = (a² − b²)/b².
    let ep2 = (a * a - b * b) / (b * b);
    let p = x.hypot(y);
    let lon = y.atan2(x);
    // Start from the reduced (parametric) latitude of the point as if on the ellipsoid.
    let mut beta = (a * z).atan2(b * p);
    let mut lat = 0.0;
    for _ in 0..3 {
        let (sb, cb) = beta.sin_cos();
        lat = (z + ep2 * b * sb * sb * sb).atan2(p - e2 * a * cb * cb * cb);
        let (sl, cl) = lat.sin_cos();
        beta = ((1.0 - wgs84::F) * sl).atan2(cl);
    }
    let (sl, cl) = lat.sin_cos();
    let n = a / (1.0 - e2 * sl * sl).sqrt();
    let height = p * cl + z * sl - a * a / n;
    Geodetic { lat, lon, height }
}

/// Air density, kg/m³, at geometric height `h` m above the ellipsoid.
///
/// TEMPORARY stand-in for `iadsim_core::atmosphere::us1976(h).density`: an isothermal
/// exponential atmosphere ρ = 1.225·exp(−h/7,200 m). It is within ~±30 % of US 1976 below
/// 80 km (a drag-only use tolerates this: the burnout speed is re-solved to keep the aim).
pub(super) fn air_density(h: f64) -> f64 {
    const RHO0: f64 = 1.225;
    const SCALE_HEIGHT: f64 = 7_200.0;
    // Clamp far below the ellipsoid so that a bad input cannot overflow.
    RHO0 * (-h.max(-5_000.0) / SCALE_HEIGHT).exp()
}

/// Unit normal to the ellipsoid (local "up") at a geodetic latitude and longitude, rad.
pub(super) fn up_vector(lat: f64, lon: f64) -> Vector3<f64> {
    let (sl, cl) = lat.sin_cos();
    let (so, co) = lon.sin_cos();
    Vector3::new(cl * co, cl * so, sl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_matches_reference_and_round_trips() {
        // REFERENCE.md §3: inverse of (4510731, 4510731, 0) → h = 999.9564 m, lat 0, lon 45°.
        let g = ecef_to_geodetic(&Vector3::new(4_510_731.0, 4_510_731.0, 0.0));
        assert!((g.height - 999.9564).abs() < 1e-4, "{}", g.height);
        assert!(g.lat.abs() < 1e-15);
        assert!((g.lon.to_degrees() - 45.0).abs() < 1e-12);
        for &(lat, lon, h) in &[
            (48.8562, 2.3508, 67.4),
            (-89.9, 120.0, 1_000_000.0),
            (89.999_999, -10.0, -500.0),
            (33.0, -170.0, 250_000.0),
            (0.0, 0.0, 0.0),
            (-45.0, 179.9, 30_000.0),
        ] {
            let g0 = Geodetic::from_degrees(lat, lon, h);
            let g1 = ecef_to_geodetic(&g0.to_ecef().0);
            assert!((g1.lat - g0.lat).abs() < 1e-13, "{lat} {lon} {h}");
            assert!((g1.lon - g0.lon).abs() < 1e-13, "{lat} {lon} {h}");
            assert!((g1.height - g0.height).abs() < 1e-6, "{lat} {lon} {h}: {}", g1.height);
        }
    }
}
