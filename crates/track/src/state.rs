//! Gaussian state estimates and the [`Estimate`] view every track state offers.
//!
//! Every state vector used by this crate starts with position (m) and velocity (m/s) in
//! the tracker's East-North-Up frame: `x[0..3] = (e, n, u)`, `x[3..6] = (ve, vn, vu)`.
//! Models with more components put them after these six (acceleration for the
//! constant-acceleration model, turn rate for the coordinated-turn model).

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

/// A Gaussian estimate of an `N`-component state: mean and covariance, in SI units in the
/// tracker's ENU frame (see the module documentation for the layout).
#[derive(Debug, Clone, PartialEq)]
pub struct Gaussian<const N: usize> {
    /// Mean state vector.
    pub mean: SVector<f64, N>,
    /// Covariance, symmetric positive definite.
    pub covariance: SMatrix<f64, N, N>,
}

impl<const N: usize> Gaussian<N> {
    /// All zeros: storage to be overwritten (arrays of estimates built in place).
    pub(crate) const ZERO: Self = Self {
        mean: SVector::from_array_storage(nalgebra::ArrayStorage([[0.0; N]; 1])),
        covariance: SMatrix::from_array_storage(nalgebra::ArrayStorage([[0.0; N]; N])),
    };

    /// A Gaussian from mean and covariance (the covariance is symmetrised).
    pub fn new(mean: SVector<f64, N>, covariance: SMatrix<f64, N, N>) -> Self {
        Self {
            mean,
            covariance: symmetrise(&covariance),
        }
    }

    /// True when every entry is finite and the covariance has a Cholesky factor.
    pub fn is_valid(&self) -> bool {
        self.mean.iter().all(|v| v.is_finite())
            && self.covariance.iter().all(|v| v.is_finite())
            && self.covariance.cholesky().is_some()
    }
}

/// `(A + Aᵀ) / 2`.
pub fn symmetrise<const N: usize>(a: &SMatrix<f64, N, N>) -> SMatrix<f64, N, N> {
    (a + a.transpose()) * 0.5
}

/// What the tracker needs from any track state: kinematics in the tracker's ENU frame.
///
/// Implemented by [`Gaussian`] (for `N ≥ 6`) and by the IMM mixture
/// ([`crate::imm::ImmState`], moment-matched over its modes).
pub trait Estimate: Clone + std::fmt::Debug + Send + Sync {
    /// Position (e, n, u), m.
    fn position(&self) -> Vector3<f64>;
    /// Velocity (ve, vn, vu), m/s.
    fn velocity(&self) -> Vector3<f64>;
    /// Covariance of the position, m².
    fn position_covariance(&self) -> Matrix3<f64>;
    /// Position and velocity as one 6-component Gaussian (moment-matched for mixtures).
    fn kinematics(&self) -> Gaussian<6>;
}

impl<const N: usize> Estimate for Gaussian<N> {
    fn position(&self) -> Vector3<f64> {
        const { assert!(N >= 6, "track states start with position and velocity") };
        self.mean.fixed_rows::<3>(0).into_owned()
    }
    fn velocity(&self) -> Vector3<f64> {
        const { assert!(N >= 6, "track states start with position and velocity") };
        self.mean.fixed_rows::<3>(3).into_owned()
    }
    fn position_covariance(&self) -> Matrix3<f64> {
        const { assert!(N >= 6, "track states start with position and velocity") };
        self.covariance.fixed_view::<3, 3>(0, 0).into_owned()
    }
    fn kinematics(&self) -> Gaussian<6> {
        const { assert!(N >= 6, "track states start with position and velocity") };
        Gaussian {
            mean: self.mean.fixed_rows::<6>(0).into_owned(),
            covariance: self.covariance.fixed_view::<6, 6>(0, 0).into_owned(),
        }
    }
}

/// Moment-matches a weighted mixture of Gaussians (weights summing to 1) into one.
pub fn moment_match<'a, const N: usize>(
    components: impl Iterator<Item = (f64, &'a Gaussian<N>)> + Clone,
) -> Gaussian<N> {
    let mut mean = SVector::<f64, N>::zeros();
    for (w, g) in components.clone() {
        mean += g.mean * w;
    }
    let mut cov = SMatrix::<f64, N, N>::zeros();
    for (w, g) in components {
        let d = g.mean - mean;
        cov += (g.covariance + d * d.transpose()) * w;
    }
    Gaussian {
        mean,
        covariance: symmetrise(&cov),
    }
}
