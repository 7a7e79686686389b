//! Where the flyout tables and reference flyouts are laid out: the reference launcher
//! site, the reference targets' figures, points at a ground range and height, and ground
//! ranges back from points (ellipsoidal; the tests check them against the geodesic).

use iadsim_core::{Geodetic, geodesic, wgs84};
use nalgebra::Vector3;

/// Speed of the reference aircraft (inbound, level, non-manoeuvring), m/s \[P\].
pub const REFERENCE_AIRCRAFT_SPEED: f64 = 250.0;

/// Speed of the reference ballistic target at re-entry, m/s (the minimum-energy worked example of docs/sources.md: 1,000 km
/// minimum-energy burnout/impact speed 3.016 km/s).
pub const REFERENCE_BALLISTIC_SPEED: f64 = 3_016.0;

/// Flight-path angle of the reference ballistic target, rad (the same worked example: 42.8°,
/// descending).
pub const REFERENCE_BALLISTIC_GAMMA: f64 = -42.8 * std::f64::consts::PI / 180.0;

/// The reference launcher site for tables and reach figures: 50° N, 30° E, on the
/// ellipsoid.
pub fn reference_site() -> Geodetic {
    Geodetic::from_degrees(50.0, 30.0, 0.0)
}

/// The point at ground range `range` (m) and height `height` (m) from `site` along
/// `azimuth` (rad, clockwise from north), ECEF, m.
pub fn point_at(site: &Geodetic, azimuth: f64, range: f64, height: f64) -> Vector3<f64> {
    let (g, _) = geodesic::direct(site, azimuth, range);
    g.with_height(height).to_ecef().0
}

/// Ground range (m) from `site` to the point below `p` (ECEF, m): the geocentric angle
/// times the ellipsoid's normal-section radius in that direction (within 1e-4 of the
/// geodesic distance to 500 km).
pub fn ground_range(site: &Geodetic, site_ecef: &Vector3<f64>, p: &Vector3<f64>) -> f64 {
    let cosang = (site_ecef.dot(p) / (site_ecef.norm() * p.norm())).clamp(-1.0, 1.0);
    let angle = cosang.acos();
    let east = Vector3::new(-site.lon.sin(), site.lon.cos(), 0.0);
    let (sl, cl) = site.lat.sin_cos();
    let north = Vector3::new(-sl * site.lon.cos(), -sl * site.lon.sin(), cl);
    let d = p - site_ecef;
    let az = d.dot(&east).atan2(d.dot(&north));
    angle * wgs84::radius_in_azimuth(site.lat, az)
}

/// Ground range from one site, with the site's frame and radii computed once (the same
/// value as [`ground_range`]).
pub(super) struct GroundRange {
    site: Vector3<f64>,
    site_norm: f64,
    east: Vector3<f64>,
    north: Vector3<f64>,
    m: f64,
    n: f64,
}

impl GroundRange {
    pub(super) fn new(site: &Geodetic, site_ecef: &Vector3<f64>) -> Self {
        let east = Vector3::new(-site.lon.sin(), site.lon.cos(), 0.0);
        let (sl, cl) = site.lat.sin_cos();
        let north = Vector3::new(-sl * site.lon.cos(), -sl * site.lon.sin(), cl);
        Self {
            site: *site_ecef,
            site_norm: site_ecef.norm(),
            east,
            north,
            m: wgs84::meridian_radius(site.lat),
            n: wgs84::prime_vertical_radius(site.lat),
        }
    }

    #[inline]
    pub(super) fn ground_range(&self, p: &Vector3<f64>) -> f64 {
        let cosang = (self.site.dot(p) / (self.site_norm * p.norm())).clamp(-1.0, 1.0);
        let d = p - self.site;
        let (e, n) = (d.dot(&self.east), d.dot(&self.north));
        let h2 = e * e + n * n;
        // radius_in_azimuth with cos²az = n²/h2, sin²az = e²/h2.
        let radius = if h2 > 0.0 {
            self.m * self.n * h2 / (self.n * n * n + self.m * e * e)
        } else {
            self.m
        };
        cosang.acos() * radius
    }
}
