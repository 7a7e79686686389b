//! Predictors and updaters (Stone Soup's vocabulary) and the extended Kalman filter.
//!
//! A [`Predictor`] moves a track state forward in time; an [`Updater`] predicts the
//! measurement a sensor would make of a state and corrects the state with a measurement.
//! Both name their state type, and the tracker requires them to agree
//! (`U: Updater<M, State = P::State>`), so a 9-state constant-acceleration predictor cannot
//! be combined with a 6-state updater: the program does not compile. The measurement
//! dimension `M` is a const parameter shared by the updater, the sensors and the detection
//! batches, so a range-azimuth (M = 2) batch cannot be fed to a range-azimuth-elevation
//! updater either.
//!
//! The extended Kalman filter ([`EkfPredictor`], [`EkfUpdater`]) keeps the covariance
//! symmetric positive definite with the Joseph-form update
//! `P⁺ = (I − KH) P (I − KH)ᵀ + K R Kᵀ` followed by symmetrisation
//! (Bar-Shalom, Li & Kirubarajan 2001, §5.2.3).

use std::marker::PhantomData;

use nalgebra::{SMatrix, SVector};

use crate::measurement::{MeasurementModel, Sensor, residual};
use crate::motion::MotionModel;
use crate::state::{Estimate, Gaussian, symmetrise};

/// Moves a track state forward in time.
pub trait Predictor: Send + Sync {
    /// The track state this predictor works on.
    type State: Estimate;
    /// The state predicted `dt` s ahead (`dt ≥ 0`).
    fn predict(&self, state: &Self::State, dt: f64) -> Self::State;
    /// A new state from a position-velocity Gaussian (a new track), with the motion
    /// model's priors for any further components.
    fn initiate(&self, kinematics: &Gaussian<6>) -> Self::State;
}

/// A predicted measurement: what the gate and the association costs need.
pub trait Innovation<const M: usize> {
    /// The predicted measurement `ẑ`.
    fn predicted(&self) -> &SVector<f64, M>;
    /// The innovation covariance `S`.
    fn covariance(&self) -> &SMatrix<f64, M, M>;
    /// Squared Mahalanobis distance `νᵀ S⁻¹ ν` of `z` (angles wrapped).
    fn mahalanobis2(&self, z: &SVector<f64, M>) -> f64;
    /// `ln p(z)` under the predicted measurement density.
    fn log_likelihood(&self, z: &SVector<f64, M>) -> f64;
}

/// Predicts measurements of a state and updates the state with measurements.
pub trait Updater<const M: usize>: Send + Sync {
    /// The track state this updater works on.
    type State: Estimate;
    /// The sensors' measurement model.
    type Model: MeasurementModel<M>;
    /// The predicted measurement, kept between gating and update.
    type Prediction: Innovation<M> + Send + Sync;
    /// The measurement `sensor` is expected to make of `state`; `None` when undefined
    /// (target at the sensor) or numerically degenerate.
    fn predict_measurement(
        &self,
        state: &Self::State,
        sensor: &Sensor<Self::Model>,
    ) -> Option<Self::Prediction>;
    /// The state corrected with measurement `z`.
    fn update(
        &self,
        state: &Self::State,
        pred: &Self::Prediction,
        z: &SVector<f64, M>,
    ) -> Self::State;
    /// Probabilistic-data-association update: `miss_weight` is the probability that none of
    /// the measurements is the target's, `weighted` holds `(probability, z)` for the others
    /// (Bar-Shalom & Tse 1975).
    fn update_pda(
        &self,
        state: &Self::State,
        pred: &Self::Prediction,
        miss_weight: f64,
        weighted: &[(f64, SVector<f64, M>)],
    ) -> Self::State;
}

/// A Gaussian measurement prediction of an `N`-state by an `M`-measurement sensor.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianPrediction<const N: usize, const M: usize> {
    /// Predicted measurement `ẑ`.
    pub z: SVector<f64, M>,
    /// Innovation covariance `S`.
    pub s: SMatrix<f64, M, M>,
    /// `S⁻¹`.
    pub s_inv: SMatrix<f64, M, M>,
    /// `−½ ln det(2πS)`.
    pub log_norm: f64,
    /// State–measurement cross covariance `P Hᵀ` (EKF) or `Pxz` (UKF).
    pub cross: SMatrix<f64, N, M>,
    /// Measurement Jacobian (EKF only; enables the Joseph-form update).
    pub h: Option<SMatrix<f64, M, N>>,
    /// Measurement noise covariance `R`.
    pub r: SMatrix<f64, M, M>,
    /// Angle components of the measurement.
    pub angles: [bool; M],
}

impl<const N: usize, const M: usize> GaussianPrediction<N, M> {
    /// Builds a prediction, inverting `s` by Cholesky; `None` if `s` is not positive
    /// definite or not finite.
    pub fn new(
        z: SVector<f64, M>,
        s: SMatrix<f64, M, M>,
        cross: SMatrix<f64, N, M>,
        h: Option<SMatrix<f64, M, N>>,
        r: SMatrix<f64, M, M>,
        angles: [bool; M],
    ) -> Option<Self> {
        let s = symmetrise(&s);
        let chol = s.cholesky()?;
        let log_det: f64 = chol
            .l_dirty()
            .diagonal()
            .iter()
            .map(|d| d.ln())
            .sum::<f64>()
            * 2.0;
        let s_inv = chol.inverse();
        let log_norm = -0.5 * (M as f64 * (2.0 * std::f64::consts::PI).ln() + log_det);
        if !log_norm.is_finite() || !z.iter().all(|v| v.is_finite()) {
            return None;
        }
        Some(Self {
            z,
            s,
            s_inv,
            log_norm,
            cross,
            h,
            r,
            angles,
        })
    }

    /// The innovation `z − ẑ` (angles wrapped).
    pub fn innovation(&self, z: &SVector<f64, M>) -> SVector<f64, M> {
        residual(z, &self.z, &self.angles)
    }

    /// The Kalman gain `K = Pxz S⁻¹`.
    pub fn gain(&self) -> SMatrix<f64, N, M> {
        self.cross * self.s_inv
    }

    /// The updated covariance without the data-association spread: Joseph form when the
    /// Jacobian is known, `P − K S Kᵀ` otherwise.
    fn updated_covariance(
        &self,
        p: &SMatrix<f64, N, N>,
        k: &SMatrix<f64, N, M>,
    ) -> SMatrix<f64, N, N> {
        match &self.h {
            Some(h) => {
                let a = SMatrix::<f64, N, N>::identity() - k * h;
                symmetrise(&(a * p * a.transpose() + k * self.r * k.transpose()))
            }
            None => symmetrise(&(p - k * self.s * k.transpose())),
        }
    }

    /// Kalman update of `g` with `z`.
    pub fn update(&self, g: &Gaussian<N>, z: &SVector<f64, M>) -> Gaussian<N> {
        let k = self.gain();
        let nu = self.innovation(z);
        Gaussian {
            mean: g.mean + k * nu,
            covariance: self.updated_covariance(&g.covariance, &k),
        }
    }

    /// PDA update of `g` (see [`Updater::update_pda`]).
    pub fn update_pda(
        &self,
        g: &Gaussian<N>,
        miss_weight: f64,
        weighted: &[(f64, SVector<f64, M>)],
    ) -> Gaussian<N> {
        if weighted.is_empty() || miss_weight >= 1.0 {
            return g.clone();
        }
        let k = self.gain();
        let mut nu = SVector::<f64, M>::zeros();
        let mut spread = SMatrix::<f64, M, M>::zeros();
        for (b, z) in weighted {
            let v = self.innovation(z);
            nu += v * *b;
            spread += v * v.transpose() * *b;
        }
        spread -= nu * nu.transpose();
        let pc = self.updated_covariance(&g.covariance, &k);
        let cov =
            g.covariance * miss_weight + pc * (1.0 - miss_weight) + k * spread * k.transpose();
        Gaussian {
            mean: g.mean + k * nu,
            covariance: symmetrise(&cov),
        }
    }
}

impl<const N: usize, const M: usize> Innovation<M> for GaussianPrediction<N, M> {
    fn predicted(&self) -> &SVector<f64, M> {
        &self.z
    }
    fn covariance(&self) -> &SMatrix<f64, M, M> {
        &self.s
    }
    fn mahalanobis2(&self, z: &SVector<f64, M>) -> f64 {
        let nu = self.innovation(z);
        (nu.transpose() * self.s_inv * nu)[0]
    }
    fn log_likelihood(&self, z: &SVector<f64, M>) -> f64 {
        self.log_norm - 0.5 * self.mahalanobis2(z)
    }
}

/// Extended Kalman predictor for motion model `Mo` in state dimension `N`:
/// `x⁻ = f(x)`, `P⁻ = F P Fᵀ + Q` with `F = ∂f/∂x`.
#[derive(Debug, Clone)]
pub struct EkfPredictor<const N: usize, Mo> {
    /// The motion model.
    pub model: Mo,
}

impl<const N: usize, Mo: MotionModel<N>> EkfPredictor<N, Mo> {
    /// A predictor for `model`.
    pub fn new(model: Mo) -> Self {
        Self { model }
    }
}

/// One EKF prediction of a Gaussian through `model` (used by the IMM's mode filters too),
/// after projecting it onto the model's admissible states ([`MotionModel::constrain`]).
pub fn ekf_predict<const N: usize, Mo: MotionModel<N> + ?Sized>(
    model: &Mo,
    g: &Gaussian<N>,
    dt: f64,
) -> Gaussian<N> {
    if dt == 0.0 {
        return g.clone();
    }
    let mut g = g.clone();
    ekf_predict_in_place(model, &mut g, dt);
    g
}

/// [`ekf_predict`] in place (constrained and predicted where it is, no copy).
pub(crate) fn ekf_predict_in_place<const N: usize, Mo: MotionModel<N> + ?Sized>(
    model: &Mo,
    g: &mut Gaussian<N>,
    dt: f64,
) {
    if dt == 0.0 {
        return;
    }
    model.constrain(g);
    let f = model.jacobian(&g.mean, dt);
    let q = model.process_noise(&g.mean, dt);
    let mean = model.transition(&g.mean, dt);
    g.covariance = symmetrise(&(f * g.covariance * f.transpose() + q));
    g.mean = mean;
}

impl<const N: usize, Mo: MotionModel<N>> Predictor for EkfPredictor<N, Mo> {
    type State = Gaussian<N>;
    fn predict(&self, state: &Gaussian<N>, dt: f64) -> Gaussian<N> {
        ekf_predict(&self.model, state, dt)
    }
    fn initiate(&self, kinematics: &Gaussian<6>) -> Gaussian<N> {
        self.model.embed(kinematics)
    }
}

/// EKF measurement prediction of `g` by `sensor`: linearises the measurement model at the
/// predicted position and velocity.
pub fn ekf_predict_measurement<const N: usize, const M: usize, Mm: MeasurementModel<M>>(
    g: &Gaussian<N>,
    sensor: &Sensor<Mm>,
) -> Option<GaussianPrediction<N, M>> {
    let p = sensor.to_local(&g.position());
    let v = sensor.rotation * g.velocity();
    let z = sensor.model.measure(&p, &v);
    let j = sensor.model.jacobian(&p, &v)?;
    let mut h = SMatrix::<f64, M, N>::zeros();
    let jp = j.fixed_view::<M, 3>(0, 0) * sensor.rotation;
    let jv = j.fixed_view::<M, 3>(0, 3) * sensor.rotation;
    h.fixed_view_mut::<M, 3>(0, 0).copy_from(&jp);
    h.fixed_view_mut::<M, 3>(0, 3).copy_from(&jv);
    let r = sensor.model.noise();
    let cross = g.covariance * h.transpose();
    let s = h * cross + r;
    GaussianPrediction::new(z, s, cross, Some(h), r, sensor.model.angles())
}

/// Extended Kalman updater for `N`-states measured through model `Mm` (`M` components).
#[derive(Debug, Clone)]
pub struct EkfUpdater<const N: usize, Mm> {
    _model: PhantomData<fn() -> Mm>,
}

impl<const N: usize, Mm> EkfUpdater<N, Mm> {
    /// An EKF updater.
    pub fn new() -> Self {
        Self {
            _model: PhantomData,
        }
    }
}

impl<const N: usize, Mm> Default for EkfUpdater<N, Mm> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const M: usize, Mm: MeasurementModel<M>> Updater<M> for EkfUpdater<N, Mm> {
    type State = Gaussian<N>;
    type Model = Mm;
    type Prediction = GaussianPrediction<N, M>;
    fn predict_measurement(
        &self,
        state: &Gaussian<N>,
        sensor: &Sensor<Mm>,
    ) -> Option<GaussianPrediction<N, M>> {
        ekf_predict_measurement(state, sensor)
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
