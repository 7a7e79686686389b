//! Coordinate frames: geodetic (WGS-84), Earth-centred Earth-fixed, local East-North-Up,
//! and radar polar (range, azimuth clockwise from north, elevation).
//!
//! Each frame is its own type so that a vector in one cannot be used as another. [`Ecef`]
//! and [`Enu`] hold either a position (m) or a velocity (m/s) expressed in that frame's
//! axes; the field or function name says which.

use nalgebra::{Matrix3, Vector3};
use serde::{Deserialize, Serialize};

use crate::wgs84;

/// Upper bound on the Bowring iterations in [`Ecef::to_geodetic`].
pub const TO_GEODETIC_MAX_ITERATIONS: usize = 8;

/// A point on or above the WGS-84 ellipsoid.
///
/// `lat` and `lon` in radians (geodetic latitude, longitude east-positive), `height` in m
/// above the ellipsoid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Geodetic {
    /// Geodetic latitude, rad, in [−π/2, π/2].
    pub lat: f64,
    /// Longitude, rad, east positive, in (−π, π].
    pub lon: f64,
    /// Height above the WGS-84 ellipsoid, m.
    pub height: f64,
}

/// A vector in the Earth-centred, Earth-fixed (WGS-84) frame: m for positions, m/s for
/// velocities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ecef(pub Vector3<f64>);

/// A vector in a local East-North-Up frame (see [`LocalFrame`]): m for positions, m/s for
/// velocities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Enu(pub Vector3<f64>);

/// A radar measurement-space point in a local ENU frame.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Polar {
    /// Slant range, m.
    pub range: f64,
    /// Azimuth, rad, clockwise from north, in [0, 2π).
    pub azimuth: f64,
    /// Elevation above the local horizontal plane, rad, in [−π/2, π/2].
    pub elevation: f64,
}

impl Geodetic {
    /// A point from latitude and longitude in degrees and height in m.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64, height_m: f64) -> Self {
        Self {
            lat: lat_deg.to_radians(),
            lon: lon_deg.to_radians(),
            height: height_m,
        }
    }

    /// Latitude in degrees.
    pub fn lat_deg(&self) -> f64 {
        self.lat.to_degrees()
    }

    /// Longitude in degrees.
    pub fn lon_deg(&self) -> f64 {
        self.lon.to_degrees()
    }

    /// The same horizontal position at another height above the ellipsoid, m.
    pub fn with_height(&self, height_m: f64) -> Self {
        Self {
            height: height_m,
            ..*self
        }
    }

    /// Position in ECEF, m (closed form).
    pub fn to_ecef(&self) -> Ecef {
        let (sl, cl) = self.lat.sin_cos();
        let (so, co) = self.lon.sin_cos();
        let n = wgs84::A / (1.0 - wgs84::E2 * sl * sl).sqrt();
        Ecef(Vector3::new(
            (n + self.height) * cl * co,
            (n + self.height) * cl * so,
            (n * (1.0 - wgs84::E2) + self.height) * sl,
        ))
    }
}

impl Ecef {
    /// Euclidean norm, m (or m/s).
    pub fn norm(&self) -> f64 {
        self.0.norm()
    }

    /// Straight-line (chord) distance between two ECEF positions, m.
    pub fn distance(&self, other: &Ecef) -> f64 {
        (self.0 - other.0).norm()
    }

    /// This ECEF position (m) as WGS-84 geodetic latitude, longitude (rad) and height
    /// above the ellipsoid (m).
    ///
    /// Bowring's parametric-latitude formula, iterated to convergence (at most
    /// [`TO_GEODETIC_MAX_ITERATIONS`] rounds; two or three in practice). The round trip
    /// through [`Geodetic::to_ecef`] agrees to well under a millimetre at all latitudes,
    /// poles included, for heights from −10 km to beyond geostationary orbit.
    ///
    /// Never NaN for finite input. On the polar axis the longitude is 0. Points deep
    /// inside the Earth, within the evolute of the ellipse (about 43 km of the centre),
    /// have no unique nearest point on the ellipsoid; there the result is finite and
    /// maps back close to the input but is otherwise arbitrary (the centre itself gives
    /// latitude 0, longitude 0, height −a).
    pub fn to_geodetic(&self) -> Geodetic {
        let (x, y, z) = (self.0.x, self.0.y, self.0.z);
        let p = x.hypot(y);
        let mut lon = if p > 0.0 { y.atan2(x) } else { 0.0 };
        if lon <= -std::f64::consts::PI {
            lon = std::f64::consts::PI;
        }

        // Start from the parametric latitude of the point itself.
        let mut beta = (z * wgs84::A).atan2(p * wgs84::B);
        let mut lat = 0.0;
        for _ in 0..TO_GEODETIC_MAX_ITERATIONS {
            let (sb, cb) = beta.sin_cos();
            // The max keeps the latitude in [−π/2, π/2] for points inside the evolute,
            // where the foot of the normal can fall on the far side of the axis.
            let den = (p - wgs84::E2 * wgs84::A * cb * cb * cb).max(0.0);
            let next = (z + wgs84::EP2 * wgs84::B * sb * sb * sb).atan2(den);
            let done = (next - lat).abs() <= 1e-15;
            lat = next;
            if done {
                break;
            }
            let (sl, cl) = lat.sin_cos();
            beta = ((1.0 - wgs84::F) * sl).atan2(cl);
        }

        // This form of the height is well conditioned at both the equator and the poles.
        let (sl, cl) = lat.sin_cos();
        let height = p * cl + z * sl - wgs84::A * (1.0 - wgs84::E2 * sl * sl).sqrt();
        Geodetic { lat, lon, height }
    }
}

impl Enu {
    /// East, North, Up components.
    pub fn new(east: f64, north: f64, up: f64) -> Self {
        Self(Vector3::new(east, north, up))
    }

    /// Azimuth of this ENU position from the frame origin, rad clockwise from north in
    /// [0, 2π]: exactly the `azimuth` of [`Enu::to_polar`], without its range and
    /// elevation (for callers that need only the bearing).
    #[inline]
    pub fn azimuth(&self) -> f64 {
        let v = self.0;
        let azimuth = v.x.atan2(v.y);
        if azimuth < 0.0 {
            azimuth + std::f64::consts::TAU
        } else {
            azimuth
        }
    }

    /// This ENU position as radar polar coordinates from the frame origin.
    pub fn to_polar(&self) -> Polar {
        let v = self.0;
        let range = v.norm();
        let azimuth = self.azimuth();
        let elevation = if range > 0.0 {
            (v.z / range).clamp(-1.0, 1.0).asin()
        } else {
            0.0
        };
        Polar {
            range,
            azimuth,
            elevation,
        }
    }
}

impl Polar {
    /// This polar point as an ENU position, m.
    pub fn to_enu(&self) -> Enu {
        let (se, ce) = self.elevation.sin_cos();
        let (sa, ca) = self.azimuth.sin_cos();
        Enu::new(self.range * ce * sa, self.range * ce * ca, self.range * se)
    }
}

/// A local East-North-Up frame tangent to the ellipsoid at `origin`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalFrame {
    /// The frame's origin.
    pub origin: Geodetic,
    /// The origin in ECEF, m.
    pub origin_ecef: Ecef,
    /// Rotation taking ECEF axes to ENU axes.
    enu_from_ecef: Matrix3<f64>,
}

impl LocalFrame {
    /// The ENU frame at `origin`.
    pub fn new(origin: Geodetic) -> Self {
        let (sl, cl) = origin.lat.sin_cos();
        let (so, co) = origin.lon.sin_cos();
        #[rustfmt::skip]
        let r = Matrix3::new(
            -so,       co,      0.0,
            -sl * co, -sl * so, cl,
             cl * co,  cl * so, sl,
        );
        Self {
            origin,
            origin_ecef: origin.to_ecef(),
            enu_from_ecef: r,
        }
    }

    /// An ECEF position expressed in this frame, m.
    pub fn position_to_enu(&self, p: &Ecef) -> Enu {
        Enu(self.enu_from_ecef * (p.0 - self.origin_ecef.0))
    }

    /// An ENU position of this frame expressed in ECEF, m.
    pub fn position_to_ecef(&self, p: &Enu) -> Ecef {
        Ecef(self.enu_from_ecef.transpose() * p.0 + self.origin_ecef.0)
    }

    /// An ECEF free vector (velocity, direction) rotated into this frame's axes.
    pub fn vector_to_enu(&self, v: &Ecef) -> Enu {
        Enu(self.enu_from_ecef * v.0)
    }

    /// An ENU free vector (velocity, direction) rotated into ECEF axes.
    pub fn vector_to_ecef(&self, v: &Enu) -> Ecef {
        Ecef(self.enu_from_ecef.transpose() * v.0)
    }

    /// Radar polar coordinates of an ECEF position as seen from this frame's origin.
    pub fn polar_of(&self, p: &Ecef) -> Polar {
        self.position_to_enu(p).to_polar()
    }

    /// Azimuth (rad clockwise from north, [0, 2π]) of an ECEF position (m) as seen from
    /// this frame's origin: exactly `polar_of(p).azimuth`, at a fraction of the cost.
    #[inline]
    pub fn azimuth_of(&self, p: &Ecef) -> f64 {
        self.position_to_enu(p).azimuth()
    }
}
