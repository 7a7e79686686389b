//! The unscented Kalman filter (Julier & Uhlmann 1997, 2004), with the scaled sigma-point
//! set of Julier (2002) / Wan & van der Merwe (2000): `2N + 1` points
//! `x ± √(N + λ) · columns of chol(P)`, `λ = α²(N + κ) − N`.
//!
//! The predictor propagates the points through the motion model's transition; the updater
//! through the sensor's measurement function. Angles are averaged as residuals about the
//! central point, so azimuths near north (0 / 2π) average correctly.

use std::marker::PhantomData;

use nalgebra::{SMatrix, SVector, Vector3};

use crate::filter::{GaussianPrediction, Predictor, Updater};
use crate::measurement::{MeasurementModel, Sensor, residual};
use crate::motion::MotionModel;
use crate::state::{Gaussian, symmetrise};

/// Scaling parameters of the unscented transform.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnscentedParams {
    /// Spread of the points, `0 < α ≤ 1`.
    pub alpha: f64,
    /// Prior-knowledge weight of the central point in the covariance (2 is optimal for
    /// Gaussians).
    pub beta: f64,
    /// Secondary scaling.
    pub kappa: f64,
}

impl Default for UnscentedParams {
    /// `α = 1, β = 2, κ = 0`: points at `±√N σ`, non-negative mean weights.
    fn default() -> Self {
        Self {
            alpha: 1.0,
            beta: 2.0,
            kappa: 0.0,
        }
    }
}

/// Weights `(wm0, wc0, wi)` and the point scale `√(N + λ)` for dimension `n`.
fn weights(n: usize, p: &UnscentedParams) -> (f64, f64, f64, f64) {
    let nf = n as f64;
    let lambda = p.alpha * p.alpha * (nf + p.kappa) - nf;
    let wm0 = lambda / (nf + lambda);
    let wc0 = wm0 + (1.0 - p.alpha * p.alpha + p.beta);
    let wi = 1.0 / (2.0 * (nf + lambda));
    (wm0, wc0, wi, (nf + lambda).sqrt())
}

/// The sigma points of `g` (central point first), or `None` if the covariance has no
/// Cholesky factor.
pub fn sigma_points<const N: usize>(
    g: &Gaussian<N>,
    params: &UnscentedParams,
) -> Option<Vec<SVector<f64, N>>> {
    let (_, _, _, scale) = weights(N, params);
    let l = symmetrise(&g.covariance).cholesky()?.l() * scale;
    let mut pts = Vec::with_capacity(2 * N + 1);
    pts.push(g.mean);
    for i in 0..N {
        pts.push(g.mean + l.column(i));
    }
    for i in 0..N {
        pts.push(g.mean - l.column(i));
    }
    Some(pts)
}

/// Unscented predictor for motion model `Mo` in state dimension `N`.
#[derive(Debug, Clone)]
pub struct UkfPredictor<const N: usize, Mo> {
    /// The motion model.
    pub model: Mo,
    /// Unscented-transform parameters.
    pub params: UnscentedParams,
}

impl<const N: usize, Mo: MotionModel<N>> UkfPredictor<N, Mo> {
    /// A predictor for `model` with default parameters.
    pub fn new(model: Mo) -> Self {
        Self {
            model,
            params: UnscentedParams::default(),
        }
    }
}

impl<const N: usize, Mo: MotionModel<N>> Predictor for UkfPredictor<N, Mo> {
    type State = Gaussian<N>;
    fn predict(&self, g: &Gaussian<N>, dt: f64) -> Gaussian<N> {
        if dt == 0.0 {
            return g.clone();
        }
        let mut g = g.clone();
        self.model.constrain(&mut g);
        let Some(pts) = sigma_points(&g, &self.params) else {
            // Not positive definite (should not happen): fall back to linearisation.
            return crate::filter::ekf_predict(&self.model, &g, dt);
        };
        let (wm0, wc0, wi, _) = weights(N, &self.params);
        let ys: Vec<SVector<f64, N>> = pts.iter().map(|x| self.model.transition(x, dt)).collect();
        let mut mean = ys[0] * wm0;
        for y in &ys[1..] {
            mean += y * wi;
        }
        let mut cov = self.model.process_noise(&mean, dt);
        for (i, y) in ys.iter().enumerate() {
            let d = y - mean;
            cov += d * d.transpose() * if i == 0 { wc0 } else { wi };
        }
        Gaussian {
            mean,
            covariance: symmetrise(&cov),
        }
    }
    fn initiate(&self, kinematics: &Gaussian<6>) -> Gaussian<N> {
        self.model.embed(kinematics)
    }
}

/// Unscented updater for `N`-states measured through model `Mm`.
#[derive(Debug, Clone)]
pub struct UkfUpdater<const N: usize, Mm> {
    /// Unscented-transform parameters.
    pub params: UnscentedParams,
    _model: PhantomData<fn() -> Mm>,
}

impl<const N: usize, Mm> UkfUpdater<N, Mm> {
    /// An updater with default parameters.
    pub fn new() -> Self {
        Self {
            params: UnscentedParams::default(),
            _model: PhantomData,
        }
    }
}

impl<const N: usize, Mm> Default for UkfUpdater<N, Mm> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const M: usize, Mm: MeasurementModel<M>> Updater<M> for UkfUpdater<N, Mm> {
    type State = Gaussian<N>;
    type Model = Mm;
    type Prediction = GaussianPrediction<N, M>;

    fn predict_measurement(
        &self,
        g: &Gaussian<N>,
        sensor: &Sensor<Mm>,
    ) -> Option<GaussianPrediction<N, M>> {
        const { assert!(N >= 6, "track states start with position and velocity") };
        let pts = sigma_points(g, &self.params)?;
        let (wm0, wc0, wi, _) = weights(N, &self.params);
        let angles = sensor.model.angles();
        let zs: Vec<SVector<f64, M>> = pts
            .iter()
            .map(|x| {
                let p = sensor.to_local(&Vector3::new(x[0], x[1], x[2]));
                let v = sensor.rotation * Vector3::new(x[3], x[4], x[5]);
                sensor.model.measure(&p, &v)
            })
            .collect();
        // mean as residuals about the central point (angle-safe)
        let z0 = zs[0];
        let mut dz = SVector::<f64, M>::zeros();
        for (i, z) in zs.iter().enumerate() {
            dz += residual(z, &z0, &angles) * if i == 0 { wm0 } else { wi };
        }
        let zbar = z0 + dz;
        let r = sensor.model.noise();
        let mut s = r;
        let mut cross = SMatrix::<f64, N, M>::zeros();
        for (i, (z, x)) in zs.iter().zip(&pts).enumerate() {
            let d = residual(z, &zbar, &angles);
            let dx = x - g.mean;
            s += d * d.transpose() * if i == 0 { wc0 } else { wi };
            cross += dx * d.transpose() * if i == 0 { wc0 } else { wi };
        }
        GaussianPrediction::new(zbar, s, cross, None, r, angles)
    }

    fn update(
        &self,
        state: &Gaussian<N>,
        pred: &GaussianPrediction<N, M>,
        z: &SVector<f64, M>,
    ) -> Gaussian<N> {
        pred.update(state, z)
    }

    fn update_pda(
        &self,
        state: &Gaussian<N>,
        pred: &GaussianPrediction<N, M>,
        miss_weight: f64,
        weighted: &[(f64, SVector<f64, M>)],
    ) -> Gaussian<N> {
        pred.update_pda(state, miss_weight, weighted)
    }
}
