//! Measurement models and sensors.
//!
//! A radar measures in its own local East-North-Up frame: slant range (m), azimuth (rad,
//! **clockwise from north**, in `[0, 2π)`, the iadsim convention), elevation (rad, above
//! the local horizontal) and optionally radial velocity (m/s, positive receding).
//! A [`Sensor`] places a measurement model in the tracker's ENU frame: its position and
//! the rotation from tracker axes to its own ENU axes, so radars hundreds of kilometres
//! apart (whose local verticals differ) feed one picture.

use iadsim_core::frames::{Geodetic, LocalFrame};
use nalgebra::{Matrix3, SMatrix, SVector, Vector3};
use std::f64::consts::{PI, TAU};

/// Wraps an angle to `[−π, π)`.
pub fn wrap_pi(a: f64) -> f64 {
    let w = (a + PI).rem_euclid(TAU) - PI;
    if w >= PI { w - TAU } else { w }
}

/// Wraps an angle to `[0, 2π)`.
pub fn wrap_two_pi(a: f64) -> f64 {
    let w = a.rem_euclid(TAU);
    if w >= TAU { 0.0 } else { w }
}

/// `a − b`, with the components flagged in `angles` wrapped to `[−π, π)`.
pub fn residual<const M: usize>(
    a: &SVector<f64, M>,
    b: &SVector<f64, M>,
    angles: &[bool; M],
) -> SVector<f64, M> {
    let mut d = a - b;
    for (i, is_angle) in angles.iter().enumerate() {
        if *is_angle {
            d[i] = wrap_pi(d[i]);
        }
    }
    d
}

/// A sensor measurement model `z = h(p, v) + w`, `w ~ N(0, R)`, with `p`, `v` the target's
/// position (m) and velocity (m/s) relative to the sensor, in the sensor's ENU axes.
pub trait MeasurementModel<const M: usize>: Clone + std::fmt::Debug + Send + Sync {
    /// Short name for logs.
    fn name(&self) -> &'static str;
    /// The noiseless measurement `h(p, v)`.
    fn measure(&self, p: &Vector3<f64>, v: &Vector3<f64>) -> SVector<f64, M>;
    /// `∂h/∂(p, v)` (`M × 6`), or `None` where `h` is not differentiable (target at the
    /// sensor, or straight above it for the angles).
    fn jacobian(&self, p: &Vector3<f64>, v: &Vector3<f64>) -> Option<SMatrix<f64, M, 6>>;
    /// The noise covariance `R`.
    fn noise(&self) -> SMatrix<f64, M, M>;
    /// Which components are angles (their residuals are wrapped to `[−π, π)`).
    fn angles(&self) -> [bool; M];
    /// The position (m, sensor ENU axes) a measurement points at.
    fn position(&self, z: &SVector<f64, M>) -> Vector3<f64>;
    /// The covariance (m², sensor ENU axes) of [`Self::position`], linearised at `z`.
    fn position_covariance(&self, z: &SVector<f64, M>) -> Matrix3<f64>;
    /// [`Self::position`] and [`Self::position_covariance`] together (the same values;
    /// models override it to share the work).
    fn position_and_covariance(&self, z: &SVector<f64, M>) -> (Vector3<f64>, Matrix3<f64>) {
        (self.position(z), self.position_covariance(z))
    }
    /// Whether `z` is a usable measurement (finite, range positive).
    fn is_valid(&self, z: &SVector<f64, M>) -> bool {
        z.iter().all(|v| v.is_finite())
    }
}

/// Linear measurement of Cartesian position (sensor ENU axes, m) with independent noise;
/// useful for tests and for plots already converted to Cartesian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CartesianPosition {
    /// Noise standard deviation per axis (e, n, u), m.
    pub sigma: Vector3<f64>,
}

impl MeasurementModel<3> for CartesianPosition {
    fn name(&self) -> &'static str {
        "xyz"
    }
    fn measure(&self, p: &Vector3<f64>, _v: &Vector3<f64>) -> SVector<f64, 3> {
        *p
    }
    fn jacobian(&self, _p: &Vector3<f64>, _v: &Vector3<f64>) -> Option<SMatrix<f64, 3, 6>> {
        let mut h = SMatrix::<f64, 3, 6>::zeros();
        h.fixed_view_mut::<3, 3>(0, 0).fill_with_identity();
        Some(h)
    }
    fn noise(&self) -> SMatrix<f64, 3, 3> {
        Matrix3::from_diagonal(&self.sigma.component_mul(&self.sigma))
    }
    fn angles(&self) -> [bool; 3] {
        [false; 3]
    }
    fn position(&self, z: &SVector<f64, 3>) -> Vector3<f64> {
        *z
    }
    fn position_covariance(&self, _z: &SVector<f64, 3>) -> Matrix3<f64> {
        self.noise()
    }
}

/// 2-D radar: ground range `√(e² + n²)` (m) and azimuth (rad, clockwise from north). For
/// planar tracking (height held near zero); `height_sigma` (m) is the height uncertainty
/// assumed when a track starts from such a measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeAzimuth {
    /// Range noise standard deviation, m.
    pub sigma_range: f64,
    /// Azimuth noise standard deviation, rad.
    pub sigma_azimuth: f64,
    /// Height uncertainty given to positions converted from a measurement, m.
    pub height_sigma: f64,
}

impl MeasurementModel<2> for RangeAzimuth {
    fn name(&self) -> &'static str {
        "range-azimuth"
    }
    fn measure(&self, p: &Vector3<f64>, _v: &Vector3<f64>) -> SVector<f64, 2> {
        SVector::<f64, 2>::new(p.x.hypot(p.y), wrap_two_pi(p.x.atan2(p.y)))
    }
    fn jacobian(&self, p: &Vector3<f64>, _v: &Vector3<f64>) -> Option<SMatrix<f64, 2, 6>> {
        let rho2 = p.x * p.x + p.y * p.y;
        if rho2 <= 1e-12 {
            return None;
        }
        let rho = rho2.sqrt();
        let mut h = SMatrix::<f64, 2, 6>::zeros();
        h[(0, 0)] = p.x / rho;
        h[(0, 1)] = p.y / rho;
        h[(1, 0)] = p.y / rho2;
        h[(1, 1)] = -p.x / rho2;
        Some(h)
    }
    fn noise(&self) -> SMatrix<f64, 2, 2> {
        SMatrix::<f64, 2, 2>::new(
            self.sigma_range * self.sigma_range,
            0.0,
            0.0,
            self.sigma_azimuth * self.sigma_azimuth,
        )
    }
    fn angles(&self) -> [bool; 2] {
        [false, true]
    }
    fn position(&self, z: &SVector<f64, 2>) -> Vector3<f64> {
        let (sa, ca) = z[1].sin_cos();
        Vector3::new(z[0] * sa, z[0] * ca, 0.0)
    }
    fn position_covariance(&self, z: &SVector<f64, 2>) -> Matrix3<f64> {
        let (sa, ca) = z[1].sin_cos();
        let r = z[0];
        let dr = Vector3::new(sa, ca, 0.0);
        let da = Vector3::new(r * ca, -r * sa, 0.0);
        let mut c = dr * dr.transpose() * self.sigma_range.powi(2)
            + da * da.transpose() * self.sigma_azimuth.powi(2);
        c[(2, 2)] = self.height_sigma.powi(2);
        c
    }
    fn is_valid(&self, z: &SVector<f64, 2>) -> bool {
        z.iter().all(|v| v.is_finite()) && z[0] > 0.0
    }
}

/// 3-D radar: slant range (m), azimuth (rad, clockwise from north), elevation (rad).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeAzEl {
    /// Range noise standard deviation, m.
    pub sigma_range: f64,
    /// Azimuth noise standard deviation, rad.
    pub sigma_azimuth: f64,
    /// Elevation noise standard deviation, rad.
    pub sigma_elevation: f64,
}

/// `(r, az, el)` of a relative position.
fn polar3(p: &Vector3<f64>) -> (f64, f64, f64) {
    let rho = p.x.hypot(p.y);
    (p.norm(), wrap_two_pi(p.x.atan2(p.y)), p.z.atan2(rho))
}

/// `∂(r, az, el)/∂p`, rows range, azimuth, elevation; `None` at the sensor or at zenith.
fn polar3_jacobian(p: &Vector3<f64>) -> Option<Matrix3<f64>> {
    let rho2 = p.x * p.x + p.y * p.y;
    let r2 = rho2 + p.z * p.z;
    if rho2 <= 1e-12 || r2 <= 1e-12 {
        return None;
    }
    let rho = rho2.sqrt();
    let r = r2.sqrt();
    Some(Matrix3::new(
        p.x / r,
        p.y / r,
        p.z / r,
        p.y / rho2,
        -p.x / rho2,
        0.0,
        -p.x * p.z / (r2 * rho),
        -p.y * p.z / (r2 * rho),
        rho / r2,
    ))
}

/// Position and its linearised covariance from `(r, az, el)` and their variances.
fn polar3_to_cartesian(
    r: f64,
    az: f64,
    el: f64,
    var: &Vector3<f64>,
) -> (Vector3<f64>, Matrix3<f64>) {
    let (sa, ca) = az.sin_cos();
    let (se, ce) = el.sin_cos();
    let p = Vector3::new(r * ce * sa, r * ce * ca, r * se);
    let j = Matrix3::new(
        ce * sa,
        r * ce * ca,
        -r * se * sa,
        ce * ca,
        -r * ce * sa,
        -r * se * ca,
        se,
        0.0,
        r * ce,
    );
    (p, j * Matrix3::from_diagonal(var) * j.transpose())
}

impl RangeAzEl {
    fn variances(&self) -> Vector3<f64> {
        Vector3::new(
            self.sigma_range.powi(2),
            self.sigma_azimuth.powi(2),
            self.sigma_elevation.powi(2),
        )
    }
}

impl MeasurementModel<3> for RangeAzEl {
    fn name(&self) -> &'static str {
        "range-azimuth-elevation"
    }
    fn measure(&self, p: &Vector3<f64>, _v: &Vector3<f64>) -> SVector<f64, 3> {
        let (r, a, e) = polar3(p);
        SVector::<f64, 3>::new(r, a, e)
    }
    fn jacobian(&self, p: &Vector3<f64>, _v: &Vector3<f64>) -> Option<SMatrix<f64, 3, 6>> {
        let j = polar3_jacobian(p)?;
        let mut h = SMatrix::<f64, 3, 6>::zeros();
        h.fixed_view_mut::<3, 3>(0, 0).copy_from(&j);
        Some(h)
    }
    fn noise(&self) -> SMatrix<f64, 3, 3> {
        Matrix3::from_diagonal(&self.variances())
    }
    fn angles(&self) -> [bool; 3] {
        [false, true, true]
    }
    fn position(&self, z: &SVector<f64, 3>) -> Vector3<f64> {
        polar3_to_cartesian(z[0], z[1], z[2], &self.variances()).0
    }
    fn position_covariance(&self, z: &SVector<f64, 3>) -> Matrix3<f64> {
        polar3_to_cartesian(z[0], z[1], z[2], &self.variances()).1
    }
    fn position_and_covariance(&self, z: &SVector<f64, 3>) -> (Vector3<f64>, Matrix3<f64>) {
        polar3_to_cartesian(z[0], z[1], z[2], &self.variances())
    }
    fn is_valid(&self, z: &SVector<f64, 3>) -> bool {
        z.iter().all(|v| v.is_finite()) && z[0] > 0.0
    }
}

/// 3-D radar with radial velocity: slant range (m), azimuth (rad, clockwise from north),
/// elevation (rad), range rate (m/s, positive receding).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeAzElRate {
    /// Range noise standard deviation, m.
    pub sigma_range: f64,
    /// Azimuth noise standard deviation, rad.
    pub sigma_azimuth: f64,
    /// Elevation noise standard deviation, rad.
    pub sigma_elevation: f64,
    /// Range-rate noise standard deviation, m/s.
    pub sigma_range_rate: f64,
}

impl MeasurementModel<4> for RangeAzElRate {
    fn name(&self) -> &'static str {
        "range-azimuth-elevation-rate"
    }
    fn measure(&self, p: &Vector3<f64>, v: &Vector3<f64>) -> SVector<f64, 4> {
        let (r, a, e) = polar3(p);
        let rr = if r > 0.0 { p.dot(v) / r } else { 0.0 };
        SVector::<f64, 4>::new(r, a, e, rr)
    }
    fn jacobian(&self, p: &Vector3<f64>, v: &Vector3<f64>) -> Option<SMatrix<f64, 4, 6>> {
        let j = polar3_jacobian(p)?;
        let r = p.norm();
        let u = p / r;
        let rr = u.dot(v);
        let mut h = SMatrix::<f64, 4, 6>::zeros();
        h.fixed_view_mut::<3, 3>(0, 0).copy_from(&j);
        let d_p = (v - u * rr) / r;
        for i in 0..3 {
            h[(3, i)] = d_p[i];
            h[(3, 3 + i)] = u[i];
        }
        Some(h)
    }
    fn noise(&self) -> SMatrix<f64, 4, 4> {
        SMatrix::<f64, 4, 4>::from_diagonal(&nalgebra::Vector4::new(
            self.sigma_range.powi(2),
            self.sigma_azimuth.powi(2),
            self.sigma_elevation.powi(2),
            self.sigma_range_rate.powi(2),
        ))
    }
    fn angles(&self) -> [bool; 4] {
        [false, true, true, false]
    }
    fn position(&self, z: &SVector<f64, 4>) -> Vector3<f64> {
        let var = Vector3::new(
            self.sigma_range.powi(2),
            self.sigma_azimuth.powi(2),
            self.sigma_elevation.powi(2),
        );
        polar3_to_cartesian(z[0], z[1], z[2], &var).0
    }
    fn position_covariance(&self, z: &SVector<f64, 4>) -> Matrix3<f64> {
        let var = Vector3::new(
            self.sigma_range.powi(2),
            self.sigma_azimuth.powi(2),
            self.sigma_elevation.powi(2),
        );
        polar3_to_cartesian(z[0], z[1], z[2], &var).1
    }
    fn is_valid(&self, z: &SVector<f64, 4>) -> bool {
        z.iter().all(|v| v.is_finite()) && z[0] > 0.0
    }
}

/// A sensor's index in the tracker's sensor list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SensorId(pub u32);

/// A sensor placed in the tracker's ENU frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensor<Mm> {
    /// Sensor position in the tracker's ENU frame, m.
    pub position: Vector3<f64>,
    /// Rotation taking tracker-ENU axes to the sensor's own ENU axes.
    pub rotation: Matrix3<f64>,
    /// Measurement model (noise) of this sensor.
    pub model: Mm,
    /// Probability that a target is detected in one look, in (0, 1).
    pub detection_probability: f64,
    /// Spatial density of false alarms in measurement space (per unit of the product of
    /// the measurement units, e.g. per m·rad² for [`RangeAzEl`]); used by the association
    /// costs and the JPDA weights.
    pub clutter_density: f64,
    /// Whether its free detections may start tracks (default true; false for a radar
    /// that only updates tracks started by others, like a fire-control radar cued by a
    /// surveillance radar).
    pub initiates: bool,
    /// Longest wait of one of its free detections for a partner in a two-point initiator,
    /// s (default ∞: the initiator's own [`crate::TwoPointInitiator::max_seed_age`]
    /// alone). A sensor that revisits a target much faster than the others (a track
    /// radar at 2 Hz beside a 10 s rotating radar) keeps its seeds for about its own
    /// revisit: its false alarms then pair only with what it sees soon after.
    pub max_seed_age: f64,
    /// A tentative track whose latest update came from this sensor is dropped when not
    /// updated for this long, s (default ∞: the tracker's own
    /// [`crate::Tracker::tentative_timeout`] alone). For a sensor that charges no misses
    /// (its looks are [`crate::Look::GateOnly`]) this is what keeps a tentative track
    /// made of its false alarms from collecting a third one over many revisits.
    pub tentative_timeout: f64,
}

impl<Mm> Sensor<Mm> {
    /// A sensor at the tracker frame's origin, axes aligned with it.
    pub fn at_origin(model: Mm, detection_probability: f64, clutter_density: f64) -> Self {
        Self {
            position: Vector3::zeros(),
            rotation: Matrix3::identity(),
            model,
            detection_probability,
            clutter_density,
            initiates: true,
            max_seed_age: f64::INFINITY,
            tentative_timeout: f64::INFINITY,
        }
    }

    /// A sensor at `position` (tracker ENU, m) with axes parallel to the tracker's (a flat
    /// Earth; use [`Sensor::at_site`] for radars far apart).
    pub fn at_position(mut self, position: Vector3<f64>) -> Self {
        self.position = position;
        self
    }

    /// Moves the sensor to the geodetic `site` and aligns its axes with the local ENU frame
    /// there, for a tracker working in `frame`.
    pub fn at_site(mut self, frame: &LocalFrame, site: &Geodetic) -> Self {
        let site_frame = LocalFrame::new(*site);
        self.position = frame.position_to_enu(&site.to_ecef()).0;
        let mut r = Matrix3::zeros();
        for i in 0..3 {
            let mut e = Vector3::zeros();
            e[i] = 1.0;
            let ecef = frame.vector_to_ecef(&iadsim_core::frames::Enu(e));
            let col = site_frame.vector_to_enu(&ecef).0;
            r.set_column(i, &col);
        }
        self.rotation = r;
        self
    }

    /// A tracker-frame position expressed relative to the sensor, in its axes, m.
    pub fn to_local(&self, p: &Vector3<f64>) -> Vector3<f64> {
        self.rotation * (p - self.position)
    }

    /// A sensor-relative position (sensor axes) in the tracker frame, m.
    pub fn to_tracker(&self, local: &Vector3<f64>) -> Vector3<f64> {
        self.position + self.rotation.transpose() * local
    }

    /// A covariance in sensor axes rotated to tracker axes.
    pub fn covariance_to_tracker(&self, c: &Matrix3<f64>) -> Matrix3<f64> {
        self.rotation.transpose() * c * self.rotation
    }
}
