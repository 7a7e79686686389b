//! The nearly-constant-velocity Kalman filter on converted measurements that the first
//! tracker model ([`super::nearest`]) and the engagement radar's own tracks
//! ([`super::fire_control`]) run: a polar measurement turned into an ECEF position with its
//! linearised covariance, the prediction with white-noise acceleration, and the update on
//! a position (Joseph form).

use iadsim_core::{Enu, LocalFrame};
use nalgebra::{Matrix3, Matrix6, SMatrix, Vector3, Vector6};

use super::tracker::Track;
use crate::sense::measurement::Measurement;

/// The position rows of the state.
pub(crate) const H_POS: SMatrix<f64, 3, 6> = SMatrix::<f64, 3, 6>::new(
    1.0, 0.0, 0.0, 0.0, 0.0, 0.0, //
    0.0, 1.0, 0.0, 0.0, 0.0, 0.0, //
    0.0, 0.0, 1.0, 0.0, 0.0, 0.0,
);

/// The rotation taking `frame`'s ENU axes to ECEF axes (columns: east, north, up).
pub(crate) fn enu_to_ecef(frame: &LocalFrame) -> Matrix3<f64> {
    let e = frame.vector_to_ecef(&Enu(Vector3::x())).0;
    let n = frame.vector_to_ecef(&Enu(Vector3::y())).0;
    let u = frame.vector_to_ecef(&Enu(Vector3::z())).0;
    Matrix3::from_columns(&[e, n, u])
}

/// The measurement `m` of a radar at `frame` (`rot`: [`enu_to_ecef`] of it) as an ECEF
/// position (m) with its covariance (m², linearised polar errors).
pub(crate) fn converted(
    frame: &LocalFrame,
    rot: &Matrix3<f64>,
    m: &Measurement,
) -> (Vector3<f64>, Matrix3<f64>) {
    let (r, az, el) = (m.polar.range, m.polar.azimuth, m.polar.elevation);
    let (sa, ca) = az.sin_cos();
    let (se, ce) = el.sin_cos();
    // `m.polar.to_enu()`, reusing the sines and cosines.
    let enu = Enu::new(r * ce * sa, r * ce * ca, r * se);
    // Jacobian of (e, n, u) with respect to (r, az, el).
    #[rustfmt::skip]
    let j = Matrix3::new(
        ce * sa, r * ce * ca, -r * se * sa,
        ce * ca, -r * ce * sa, -r * se * ca,
        se,      0.0,          r * ce,
    );
    let s = Matrix3::from_diagonal(&Vector3::new(
        m.sigma[0] * m.sigma[0],
        m.sigma[1] * m.sigma[1],
        m.sigma[2] * m.sigma[2],
    ));
    let r_enu = j * s * j.transpose();
    (
        frame.position_to_ecef(&enu).0,
        rot * r_enu * rot.transpose(),
    )
}

/// `track` predicted to `t` (s) at constant velocity with white-noise acceleration of
/// intensity `qc` (m²/s³) per axis; unchanged for `t` not after its time.
pub(crate) fn predict_cv(qc: f64, track: &Track, t: f64) -> Track {
    let dt = t - track.time;
    if dt <= 0.0 {
        return track.clone();
    }
    let mut f = Matrix6::identity();
    let mut q = Matrix6::zeros();
    for i in 0..3 {
        f[(i, i + 3)] = dt;
        q[(i, i)] = qc * dt.powi(3) / 3.0;
        q[(i, i + 3)] = qc * dt.powi(2) / 2.0;
        q[(i + 3, i)] = qc * dt.powi(2) / 2.0;
        q[(i + 3, i + 3)] = qc * dt;
    }
    let mut p = track.clone();
    p.state = f * track.state;
    p.covariance = f * track.covariance * f.transpose() + q;
    p.time = t;
    p
}

/// The state and covariance of the prediction `pred` updated with the position `z`
/// (ECEF, m) of covariance `r`, given the inverse `inv` of the innovation covariance
/// (H·P·Hᵀ + R). Joseph form keeps the covariance symmetric positive definite.
pub(crate) fn position_update(
    pred: &Track,
    z: &Vector3<f64>,
    r: &Matrix3<f64>,
    inv: &Matrix3<f64>,
) -> (Vector6<f64>, Matrix6<f64>) {
    let k = pred.covariance * H_POS.transpose() * inv;
    let y = z - H_POS * pred.state;
    let ikh = Matrix6::identity() - k * H_POS;
    let p = ikh * pred.covariance * ikh.transpose() + k * r * k.transpose();
    (pred.state + k * y, (p + p.transpose()) * 0.5)
}
