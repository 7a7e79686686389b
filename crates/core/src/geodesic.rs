//! Geodesics on the WGS-84 ellipsoid: distance and bearings between two points, the point
//! a given distance along a bearing, and points part-way along a geodesic.
//!
//! Backed by Karney's algorithms (`geographiclib-rs`), accurate to nanometres for any
//! pair of points, antipodes included. Distances are measured on the ellipsoid surface
//! (height 0); the heights of the inputs are carried along but do not lengthen the path.
//! Azimuths are in radians clockwise from north, in [0, 2π), like [`Polar::azimuth`].
//!
//! [`Polar::azimuth`]: crate::frames::Polar::azimuth

use std::f64::consts::{PI, TAU};
use std::sync::LazyLock;

use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};

use crate::frames::Geodetic;

/// The WGS-84 ellipsoid's geodesic engine; its series coefficients are computed once.
static WGS84: LazyLock<Geodesic> = LazyLock::new(Geodesic::wgs84);

/// The solution of the inverse geodesic problem between two points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inverse {
    /// Length of the geodesic on the ellipsoid surface, m.
    pub distance: f64,
    /// Azimuth of the geodesic at the start point, rad clockwise from north, [0, 2π).
    pub azimuth_start: f64,
    /// Forward azimuth of the geodesic at the end point (the direction of travel on
    /// arrival), rad clockwise from north, [0, 2π).
    pub azimuth_end: f64,
}

/// An azimuth in degrees from geographiclib, (−180°, 180°], as rad in [0, 2π).
fn azimuth_from_deg(deg: f64) -> f64 {
    let r = deg.to_radians().rem_euclid(TAU);
    // rem_euclid can round up to exactly 2π for tiny negative inputs.
    if r >= TAU { 0.0 } else { r }
}

/// A longitude in rad brought into (−π, π].
fn wrap_lon(lon: f64) -> f64 {
    let l = (lon + PI).rem_euclid(TAU) - PI;
    if l <= -PI { l + TAU } else { l }
}

/// Shortest geodesic from `a` to `b` on the WGS-84 ellipsoid (heights ignored).
///
/// For coincident points the distance is 0 and the azimuths are those geographiclib
/// picks (north, in practice); for points on the polar axis the azimuths refer to the
/// longitude carried by the [`Geodetic`].
pub fn inverse(a: &Geodetic, b: &Geodetic) -> Inverse {
    let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(
        a.lat.to_degrees(),
        a.lon.to_degrees(),
        b.lat.to_degrees(),
        b.lon.to_degrees(),
    );
    Inverse {
        distance: s12,
        azimuth_start: azimuth_from_deg(azi1),
        azimuth_end: azimuth_from_deg(azi2),
    }
}

/// The point reached by following the geodesic that leaves `a` at `azimuth` (rad
/// clockwise from north) for `distance` m along the ellipsoid surface.
///
/// Returns the end point (height copied from `a`, longitude in (−π, π]) and the forward
/// azimuth there (rad clockwise from north, [0, 2π)). A negative distance goes backwards.
pub fn direct(a: &Geodetic, azimuth: f64, distance: f64) -> (Geodetic, f64) {
    let (lat2, lon2, azi2): (f64, f64, f64) = WGS84.direct(
        a.lat.to_degrees(),
        a.lon.to_degrees(),
        azimuth.to_degrees(),
        distance,
    );
    (
        Geodetic {
            lat: lat2.to_radians(),
            lon: wrap_lon(lon2.to_radians()),
            height: a.height,
        },
        azimuth_from_deg(azi2),
    )
}

/// [`direct`] in degrees, for callers that hold positions as file formats write them:
/// from (`lat_deg`, `lon_deg`) along `azimuth_deg` (clockwise from north) for
/// `distance` m, the end point's latitude and longitude in degrees (longitude in
/// (−180°, 180°]).
pub fn direct_deg(lat_deg: f64, lon_deg: f64, azimuth_deg: f64, distance: f64) -> (f64, f64) {
    WGS84.direct(lat_deg, lon_deg, azimuth_deg, distance)
}

/// [`inverse`] in degrees: the geodesic distance (m) from (`lat1_deg`, `lon1_deg`) to
/// (`lat2_deg`, `lon2_deg`), the azimuth at the start and the forward azimuth at the end
/// (degrees clockwise from north, in (−180°, 180°]).
pub fn inverse_deg(lat1_deg: f64, lon1_deg: f64, lat2_deg: f64, lon2_deg: f64) -> (f64, f64, f64) {
    let (s12, azi1, azi2, _a12): (f64, f64, f64, f64) =
        WGS84.inverse(lat1_deg, lon1_deg, lat2_deg, lon2_deg);
    (s12, azi1, azi2)
}

/// The point a `fraction` of the way along the geodesic from `a` to `b`, with the height
/// interpolated linearly between theirs (m).
///
/// `fraction` 0 gives `a` and 1 gives `b` exactly; values outside [0, 1] extrapolate
/// along the same geodesic. For many points on one leg, build a [`Leg`] once instead.
pub fn interpolate(a: &Geodetic, b: &Geodetic, fraction: f64) -> Geodetic {
    Leg::new(*a, *b).at_fraction(fraction)
}

/// A geodesic leg between two waypoints, solved once so that points along it cost one
/// direct solution each (threat routes are made of these).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    /// Start waypoint.
    pub start: Geodetic,
    /// End waypoint.
    pub end: Geodetic,
    /// Length on the ellipsoid surface, m, and the azimuths at both ends.
    pub inverse: Inverse,
}

impl Leg {
    /// The geodesic leg from `start` to `end`.
    pub fn new(start: Geodetic, end: Geodetic) -> Self {
        Self {
            start,
            end,
            inverse: inverse(&start, &end),
        }
    }

    /// Length of the leg along the ellipsoid surface, m.
    pub fn length(&self) -> f64 {
        self.inverse.distance
    }

    /// The point `distance` m along the leg from its start (height interpolated linearly
    /// with distance) and the forward azimuth there (rad clockwise from north).
    ///
    /// Distances outside [0, length] extrapolate along the same geodesic; the endpoints
    /// are returned exactly.
    pub fn at_distance(&self, distance: f64) -> (Geodetic, f64) {
        let len = self.inverse.distance;
        if distance == 0.0 {
            return (self.start, self.inverse.azimuth_start);
        }
        if distance == len {
            return (self.end, self.inverse.azimuth_end);
        }
        let fraction = if len > 0.0 { distance / len } else { 0.0 };
        let (mut p, azimuth) = direct(&self.start, self.inverse.azimuth_start, distance);
        p.height = self.start.height + fraction * (self.end.height - self.start.height);
        (p, azimuth)
    }

    /// The point a `fraction` of the way along the leg (0 = start, 1 = end, exactly),
    /// height interpolated linearly (m).
    pub fn at_fraction(&self, fraction: f64) -> Geodetic {
        if fraction == 0.0 {
            return self.start;
        }
        if fraction == 1.0 {
            return self.end;
        }
        let (mut p, _) = direct(
            &self.start,
            self.inverse.azimuth_start,
            fraction * self.inverse.distance,
        );
        p.height = self.start.height + fraction * (self.end.height - self.start.height);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_and_azimuth_helpers() {
        assert_eq!(azimuth_from_deg(-90.0), 1.5 * PI);
        assert_eq!(azimuth_from_deg(180.0), PI);
        assert_eq!(azimuth_from_deg(-1e-300), 0.0);
        assert!((wrap_lon(3.0 * PI / 2.0) + PI / 2.0).abs() < 1e-15);
        assert_eq!(wrap_lon(-PI), PI);
    }
}
