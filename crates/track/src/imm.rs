//! The interacting multiple model (IMM) estimator (Blom & Bar-Shalom 1988; Bar-Shalom, Li &
//! Kirubarajan 2001, §11.6): `R` extended Kalman mode filters over one `N`-component state
//! space, mixed before every prediction according to a Markov chain of mode switches.
//!
//! Mode switching: the probability of staying in mode `i` for `dt` seconds is
//! `exp(−dt/τᵢ)` (mean sojourn time `τᵢ`), the rest being shared equally among the other
//! modes, so the chain stays consistent whatever the revisit interval.
//!
//! For gating and association the IMM offers the moment-matched predicted measurement
//! (mean and covariance over modes) and the mixture likelihood `Σⱼ μⱼ N(z; ẑⱼ, Sⱼ)`.

use std::marker::PhantomData;

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

use crate::filter::{
    GaussianPrediction, Innovation, Predictor, Updater, ekf_predict_in_place,
    ekf_predict_measurement,
};
use crate::measurement::{MeasurementModel, Sensor, residual};
use crate::motion::MotionModel;
use crate::state::{Estimate, Gaussian, moment_match};

/// The IMM's state: one Gaussian per mode and the mode probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct ImmState<const N: usize, const R: usize> {
    /// Mode-conditioned estimates.
    pub modes: [Gaussian<N>; R],
    /// Mode probabilities (sum to 1).
    pub probabilities: SVector<f64, R>,
}

impl<const N: usize, const R: usize> ImmState<N, R> {
    /// The moment-matched combination of the modes.
    pub fn combined(&self) -> Gaussian<N> {
        moment_match(
            self.modes
                .iter()
                .enumerate()
                .map(|(j, g)| (self.probabilities[j], g)),
        )
    }
}

impl<const N: usize, const R: usize> Estimate for ImmState<N, R> {
    fn position(&self) -> Vector3<f64> {
        let mut p = Vector3::zeros();
        for (j, g) in self.modes.iter().enumerate() {
            p += g.position() * self.probabilities[j];
        }
        p
    }
    fn velocity(&self) -> Vector3<f64> {
        let mut v = Vector3::zeros();
        for (j, g) in self.modes.iter().enumerate() {
            v += g.velocity() * self.probabilities[j];
        }
        v
    }
    fn position_covariance(&self) -> Matrix3<f64> {
        let p = self.position();
        let mut c = Matrix3::zeros();
        for (j, g) in self.modes.iter().enumerate() {
            let d = g.position() - p;
            c += (g.position_covariance() + d * d.transpose()) * self.probabilities[j];
        }
        c
    }
    fn kinematics(&self) -> Gaussian<6> {
        self.combined().kinematics()
    }
}

/// IMM predictor: mixing, then an EKF prediction per mode.
pub struct ImmPredictor<const N: usize, const R: usize> {
    /// The mode motion models.
    pub models: [Box<dyn MotionModel<N>>; R],
    /// Mean sojourn time in each mode, s.
    pub mean_sojourn: [f64; R],
    /// Mode probabilities given to a new track.
    pub initial_probabilities: SVector<f64, R>,
}

impl<const N: usize, const R: usize> std::fmt::Debug for ImmPredictor<N, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImmPredictor")
            .field(
                "models",
                &self.models.iter().map(|m| m.name()).collect::<Vec<_>>(),
            )
            .field("mean_sojourn", &self.mean_sojourn)
            .field("initial_probabilities", &self.initial_probabilities)
            .finish()
    }
}

impl<const N: usize, const R: usize> ImmPredictor<N, R> {
    /// An IMM over `models` with mean sojourn times `mean_sojourn` (s); new tracks start
    /// with equal mode probabilities.
    pub fn new(models: [Box<dyn MotionModel<N>>; R], mean_sojourn: [f64; R]) -> Self {
        const { assert!(R >= 1, "an IMM needs at least one mode") };
        Self {
            models,
            mean_sojourn,
            initial_probabilities: SVector::<f64, R>::repeat(1.0 / R as f64),
        }
    }

    /// The mode transition matrix for an interval of `dt` s: `Π[i][j] = P(j at t+dt | i at t)`.
    pub fn transition_matrix(&self, dt: f64) -> SMatrix<f64, R, R> {
        let mut pi = SMatrix::<f64, R, R>::zeros();
        for i in 0..R {
            if R == 1 {
                pi[(i, i)] = 1.0;
                continue;
            }
            let stay = (-dt / self.mean_sojourn[i].max(1e-9)).exp();
            for j in 0..R {
                pi[(i, j)] = if i == j {
                    stay
                } else {
                    (1.0 - stay) / (R - 1) as f64
                };
            }
        }
        pi
    }
}

// Box<dyn MotionModel<N>> is Send + Sync because the trait requires both.
impl<const N: usize, const R: usize> Predictor for ImmPredictor<N, R> {
    type State = ImmState<N, R>;

    fn predict(&self, s: &ImmState<N, R>, dt: f64) -> ImmState<N, R> {
        if dt == 0.0 {
            return s.clone();
        }
        let pi = self.transition_matrix(dt);
        let c: SVector<f64, R> = pi.transpose() * s.probabilities;
        let total = c.sum();
        // Each mode written in place (an array built by `from_fn` is moved around whole).
        let mut out = ImmState {
            modes: [const { Gaussian::ZERO }; R],
            probabilities: c / total,
        };
        for (j, mode) in out.modes.iter_mut().enumerate() {
            let cj = c[j].max(1e-300);
            *mode = moment_match(
                s.modes
                    .iter()
                    .enumerate()
                    .map(|(i, g)| (pi[(i, j)] * s.probabilities[i] / cj, g)),
            );
            ekf_predict_in_place(self.models[j].as_ref(), mode, dt);
        }
        out
    }

    fn initiate(&self, kinematics: &Gaussian<6>) -> ImmState<N, R> {
        ImmState {
            modes: std::array::from_fn(|j| self.models[j].embed(kinematics)),
            probabilities: self.initial_probabilities,
        }
    }
}

/// An IMM measurement prediction: one per mode, plus their moment-matched combination.
#[derive(Debug, Clone)]
pub struct ImmPrediction<const N: usize, const R: usize, const M: usize> {
    /// Per-mode predictions (`None` where degenerate).
    pub modes: [Option<GaussianPrediction<N, M>>; R],
    /// Moment-matched combination (its `cross` field is unused and zero).
    pub combined: GaussianPrediction<N, M>,
    /// Predicted mode probabilities.
    pub probabilities: SVector<f64, R>,
}

impl<const N: usize, const R: usize, const M: usize> ImmPrediction<N, R, M> {
    /// Per-mode log-likelihoods of `z` (−∞ for degenerate modes).
    fn mode_log_likelihoods(&self, z: &SVector<f64, M>) -> [f64; R] {
        std::array::from_fn(|j| match &self.modes[j] {
            Some(p) => p.log_likelihood(z),
            None => f64::NEG_INFINITY,
        })
    }

    /// Posterior mode probabilities given that `z` is the target's (normalised), and the
    /// mixture log-likelihood.
    fn posterior(&self, z: &SVector<f64, M>) -> (SVector<f64, R>, f64) {
        let ll = self.mode_log_likelihoods(z);
        let mut w = [f64::NEG_INFINITY; R];
        for j in 0..R {
            if self.probabilities[j] > 0.0 {
                w[j] = self.probabilities[j].ln() + ll[j];
            }
        }
        let m = w.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        if !m.is_finite() {
            return (self.probabilities, self.combined.log_likelihood(z));
        }
        let sum: f64 = w.iter().map(|x| (x - m).exp()).sum();
        let post = SVector::<f64, R>::from_fn(|j, _| (w[j] - m).exp() / sum);
        (post, m + sum.ln())
    }
}

impl<const N: usize, const R: usize, const M: usize> Innovation<M> for ImmPrediction<N, R, M> {
    fn predicted(&self) -> &SVector<f64, M> {
        &self.combined.z
    }
    fn covariance(&self) -> &SMatrix<f64, M, M> {
        &self.combined.s
    }
    fn mahalanobis2(&self, z: &SVector<f64, M>) -> f64 {
        self.combined.mahalanobis2(z)
    }
    fn log_likelihood(&self, z: &SVector<f64, M>) -> f64 {
        self.posterior(z).1
    }
}

/// IMM updater: an EKF update per mode and the Bayes update of the mode probabilities.
#[derive(Debug, Clone)]
pub struct ImmUpdater<const N: usize, const R: usize, Mm> {
    _model: PhantomData<fn() -> Mm>,
}

impl<const N: usize, const R: usize, Mm> ImmUpdater<N, R, Mm> {
    /// An IMM updater.
    pub fn new() -> Self {
        Self {
            _model: PhantomData,
        }
    }
}

impl<const N: usize, const R: usize, Mm> Default for ImmUpdater<N, R, Mm> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const R: usize, const M: usize, Mm: MeasurementModel<M>> Updater<M>
    for ImmUpdater<N, R, Mm>
{
    type State = ImmState<N, R>;
    type Model = Mm;
    type Prediction = ImmPrediction<N, R, M>;

    fn predict_measurement(
        &self,
        s: &ImmState<N, R>,
        sensor: &Sensor<Mm>,
    ) -> Option<ImmPrediction<N, R, M>> {
        let mut modes: [Option<GaussianPrediction<N, M>>; R] = [const { None }; R];
        for (mode, g) in modes.iter_mut().zip(&s.modes) {
            *mode = ekf_predict_measurement(g, sensor);
        }
        let angles = sensor.model.angles();
        let (reference, _) = modes
            .iter()
            .enumerate()
            .find_map(|(j, m)| m.as_ref().map(|m| (m.z, j)))?;
        let mut wsum = 0.0;
        let mut dz = SVector::<f64, M>::zeros();
        for (j, m) in modes.iter().enumerate() {
            if let Some(m) = m {
                dz += residual(&m.z, &reference, &angles) * s.probabilities[j];
                wsum += s.probabilities[j];
            }
        }
        if wsum <= 0.0 {
            return None;
        }
        let zbar = reference + dz / wsum;
        let mut cov = SMatrix::<f64, M, M>::zeros();
        let mut r = SMatrix::<f64, M, M>::zeros();
        for (j, m) in modes.iter().enumerate() {
            if let Some(m) = m {
                let d = residual(&m.z, &zbar, &angles);
                cov += (m.s + d * d.transpose()) * (s.probabilities[j] / wsum);
                r = m.r;
            }
        }
        let combined =
            GaussianPrediction::new(zbar, cov, SMatrix::<f64, N, M>::zeros(), None, r, angles)?;
        Some(ImmPrediction {
            modes,
            combined,
            probabilities: s.probabilities,
        })
    }

    fn update(
        &self,
        s: &ImmState<N, R>,
        pred: &ImmPrediction<N, R, M>,
        z: &SVector<f64, M>,
    ) -> ImmState<N, R> {
        let (post, _) = pred.posterior(z);
        let mut out = ImmState {
            modes: [const { Gaussian::ZERO }; R],
            probabilities: post,
        };
        for ((mode, p), g) in out.modes.iter_mut().zip(&pred.modes).zip(&s.modes) {
            match p {
                Some(p) => *mode = p.update(g, z),
                None => mode.clone_from(g),
            }
        }
        out
    }

    fn update_pda(
        &self,
        s: &ImmState<N, R>,
        pred: &ImmPrediction<N, R, M>,
        miss_weight: f64,
        weighted: &[(f64, SVector<f64, M>)],
    ) -> ImmState<N, R> {
        // Mode probabilities: Σ over association hypotheses of P(hypothesis)·P(mode | it).
        let mut probs = s.probabilities * miss_weight;
        for (b, z) in weighted {
            probs += pred.posterior(z).0 * *b;
        }
        let total = probs.sum();
        ImmState {
            modes: std::array::from_fn(|j| match &pred.modes[j] {
                Some(p) => p.update_pda(&s.modes[j], miss_weight, weighted),
                None => s.modes[j].clone(),
            }),
            probabilities: if total > 0.0 {
                probs / total
            } else {
                s.probabilities
            },
        }
    }
}
